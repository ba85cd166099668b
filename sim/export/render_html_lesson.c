/* render_html_lesson.c — what sim/lesson derives from a run, for the web
 * page's data block (render_html_data.c writes the rest): the quiz and the
 * eavesdropper's captures. The page derives none of it again: it only asks,
 * grades what the student typed against the expected answer, and shows the
 * observer's segments up to the current event.
 *
 *   "quiz":{"mode":"key",                       quiz_mode_name of the default mode
 *           "q":[[id,kind,ask,event,form,prompt,[choices],expected,why],...]}
 *        kind as `mailpath quiz --format json` ("scenario": the lesson's own
 *        graded question); ask: asked before event ask is shown (0-based; the
 *        event count: at the end); event: the answer's event, -1 none; form:
 *        code, state, host, choice, number, "" (a state or reply question's
 *        choices come with it); why: the first sentence of the explanation.
 *   "obs":{"2-3":{"s":[[event,ltr,flags,text],...],"x":[[event,text],...]},...}
 *        per link, the segments in the order they crossed (event: the first
 *        event of the segment; ltr: 1 when it goes from the link's left end,
 *        2 3 4 of the path, to its right; flags: 1 readable, 2 a secret in
 *        clear, 4 the link's conversation is inside TLS once it crossed, as
 *        the terminal draws its lock) and the
 *        secrets read in clear, each with the event it crossed at. */
#include "export/render.h"

#include <stdlib.h>
#include <string.h>

#include "core/trace_json.h"
#include "lesson/eavesdrop.h"
#include "lesson/quiz.h"

/* A capture's line is one line of the pane: a long message is cut (the page
 * shows its start; a 2 MB attachment must not be copied three times). */
#define SEG_TEXT_MAX 600

static void str(const char *s, FILE *out)
{
	trace_json_string_html(s ? s : "", out);
}

static const char *answer_form(sc_answer_kind_t k)
{
	static const char *const forms[] = {
		[SC_ANSWER_NONE] = "", [SC_ANSWER_HOST] = "host", [SC_ANSWER_CODE] = "code",
		[SC_ANSWER_STATE] = "state", [SC_ANSWER_CHOICE] = "choice", [SC_ANSWER_NUMBER] = "number",
	};
	return (size_t)k < sizeof forms / sizeof forms[0] ? forms[k] : "";
}

static void quiz_data(const trace_t *t, const scenario_t *sc, FILE *out)
{
	quiz_t *z = quiz_build(t, sc, QUIZ_MODE_DEFAULT);
	fputs(",\n\"quiz\":{\"mode\":", out);
	str(quiz_mode_name(quiz_mode(z)), out);
	fputs(",\"q\":[", out);
	for (size_t i = 0; i < quiz_count(z); i++) {
		const quiz_question_t *q = quiz_at(z, i);
		char why[512];
		quiz_why(q, why, sizeof why);
		fputs(i ? ",\n[" : "\n[", out);
		str(q->id, out);
		fputc(',', out);
		str(quiz_kind_name(q->kind), out);
		fprintf(out, ",%zu,%ld,", q->ask, q->event);
		str(answer_form(q->akind), out);
		fputc(',', out);
		str(q->prompt, out);
		fputs(",[", out);
		for (size_t c = 0; c < q->nchoices; c++) {
			if (c)
				fputc(',', out);
			str(q->choices[c], out);
		}
		fputs("],", out);
		str(q->expected, out);
		fputc(',', out);
		str(why, out);
		fputc(']', out);
	}
	fputs("]}", out);
	quiz_free(z);
}

/* The left end of each link as the picture draws it (the terminal's pane
 * uses the same names). */
static const char *left_end(observe_link_t l)
{
	const char *name = observe_link_name(l);
	return !strcmp(name, "2-3") ? "smith-pc.isp.example" : !strcmp(name, "4-5") ? "mail.corp.example"
										  : "smtp.isp.example";
}

/* s cut to at most max bytes, not inside a UTF-8 sequence. */
static void put_cut(const char *s, FILE *out)
{
	size_t n = strlen(s);
	if (n <= SEG_TEXT_MAX) {
		str(s, out);
		return;
	}
	n = SEG_TEXT_MAX;
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	char *cut = xstrndup(s, n);
	strbuf_t sb = STRBUF_INIT;
	sb_printf(&sb, "%s \u2026 (%zu more characters)", cut, strlen(s) - n);
	str(sb_str(&sb), out);
	sb_free(&sb);
	free(cut);
}

/* Is the link's conversation inside TLS once the segment starting at ev has
 * crossed? As the terminal's lock (ui_model_link_tls): from the handshake's
 * Finished on, while the lines go inside TLS, until the connection ends or a
 * new one starts; anything else (DNS) leaves it as it was. */
static int locked_after(const trace_event_t *ev, int was)
{
	switch (ev->kind) {
	case EV_CLOSE: case EV_ABORT: case EV_CONNECT:
		return 0;
	case EV_TLS:
		return ev->explain && !strcmp(ev->explain, "tls:Finished");
	case EV_CMD: case EV_REPLY: case EV_DATA:
		return ev->tls != 0;
	default:
		return was;
	}
}

static void link_data(const trace_t *t, observe_link_t l, FILE *out)
{
	eaves_t *e = eaves_new(NULL, t, l);
	const char *left = left_end(l);
	int locked = 0;
	fputs("{\"s\":[", out);
	for (size_t i = 0; i < eaves_count(e); i++) {
		const eaves_seg_t *g = eaves_seg(e, i);
		const trace_event_t *ev = trace_get(t, g->event);
		locked = ev ? locked_after(ev, locked) : locked;
		int flags = (g->readable ? 1 : 0) | (g->secret ? 2 : 0) | (locked ? 4 : 0);
		fprintf(out, "%s[%zu,%d,%d,", i ? ",\n" : "\n", g->event, strcmp(g->from, left) == 0, flags);
		put_cut(g->text, out);
		fputc(']', out);
	}
	fputs("],\"x\":[", out);
	size_t n = trace_count(t);
	size_t ns = n ? eaves_secrets(e, n - 1, NULL, 0) : 0;
	observe_secret_t *sec = ns ? xcalloc(ns, sizeof *sec) : NULL;
	if (ns)
		eaves_secrets(e, n - 1, sec, ns);
	for (size_t i = 0; i < ns; i++) {
		fprintf(out, "%s[%zu,", i ? ",\n" : "\n", sec[i].event);
		str(sec[i].text, out);
		fputc(']', out);
	}
	fputs("]}", out);
	free(sec);
	eaves_free(e);
}

static void observer_data(const trace_t *t, FILE *out)
{
	static const char *const links[] = { "2-3", "3-4", "4-5", "3-dns" };
	fputs(",\n\"obs\":{", out);
	for (size_t i = 0; i < sizeof links / sizeof links[0]; i++) {
		observe_link_t l;
		if (observe_link_parse(links[i], &l) != 0)
			continue;
		fprintf(out, "%s\"%s\":", i ? ",\n" : "\n", links[i]);
		link_data(t, l, out);
	}
	fputc('}', out);
}

void render_html_lesson_data(const trace_t *t, const scenario_t *sc, FILE *out)
{
	quiz_data(t, sc, out);
	observer_data(t, out);
}
