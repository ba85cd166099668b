/* diff_print.c — a diff for the reader: as diff(1) prints it, or as JSON
 * Lines whose events are those of `run --format json`. */
#include <string.h>

#include "core/trace_json.h"
#include "core/util.h"
#include "lesson/diff.h"

/* The boxes of the path (DESIGN.md): who an event is between, in short. */
static const char *box_of(const char *host)
{
	static const struct {
		const char *host, *box;
	} boxes[] = {
		{ "smith-pc.isp.example", "2" }, { "smtp.isp.example", "3" }, { "ns.isp.example", "ns" },
		{ "mail.corp.example", "4" },   { "boss-pc.corp.example", "5" },
	};
	for (size_t i = 0; i < sizeof boxes / sizeof boxes[0]; i++)
		if (strcmp(boxes[i].host, host) == 0)
			return boxes[i].box;
	return host;
}

void diff_who(const trace_event_t *ev, char *buf, size_t size)
{
	if (ev->from[0] && ev->to[0] && strcmp(ev->from, ev->to) != 0)
		snprintf(buf, size, "%s\u2192%s", box_of(ev->from), box_of(ev->to));
	else if (ev->from[0] || ev->to[0])
		snprintf(buf, size, "%s", box_of(ev->from[0] ? ev->from : ev->to));
	else
		snprintf(buf, size, "%s", hop_label(ev->hop));
}

#define FOLD_TEXT_MAX 60      /* a fold names its last event in short */

/* "3→4 C: RCPT TO:<boss@corp.example>"; max > 0 cuts a long text. */
static void event_words(const trace_event_t *ev, size_t max, FILE *out)
{
	char who[160];
	strbuf_t text = STRBUF_INIT;
	diff_who(ev, who, sizeof who);
	str_visible(ev->text, strlen(ev->text), &text);
	const char *ellipsis = "";
	if (max && text.len > max) {
		size_t cut = max;
		while (cut > 0 && (text.buf[cut] & 0xC0) == 0x80)
			cut--;          /* not inside a UTF-8 sequence */
		text.buf[cut] = '\0';
		ellipsis = "...";
	}
	fprintf(out, "%s%s%s%s%s", who, who[0] ? " " : "", trace_prefix(ev), sb_str(&text), ellipsis);
	sb_free(&text);
}

/* " (right +5m00.744s)" when the right run has it at another time. */
static void shift(const trace_event_t *l, const trace_event_t *r, FILE *out)
{
	if (!l || !r || l->t_us == r->t_us)
		return;
	char t[32];
	fmt_sim_time(r->t_us, t, sizeof t);
	fprintf(out, "  (right %s)", t);
}

static void text_line(const diff_line_t *ln, int first, FILE *out)
{
	char t[32];
	const trace_event_t *ev = ln->left ? ln->left : ln->right;
	fmt_sim_time(ev->t_us, t, sizeof t);
	if (ln->op == DIFF_FOLD) {
		fprintf(out, "= %zu event%s alike%s, up to %s ", ln->count, ln->count == 1 ? "" : "s",
			first ? "" : " more", t);
		event_words(ev, FOLD_TEXT_MAX, out);
	} else {
		fprintf(out, "%c %10s  ", ln->op == DIFF_SAME ? '=' : ln->op == DIFF_LEFT ? '-' : '+', t);
		event_words(ev, 0, out);
	}
	shift(ln->left, ln->right, out);
	fputc('\n', out);
}

void diff_print_text(const diff_t *d, const char *left_label, const char *right_label, FILE *out)
{
	size_t nl = 0, nr = 0;
	for (size_t k = 0; k < diff_edit_count(d); k++) {
		nl += diff_edit(d, k)->op != DIFF_RIGHT;
		nr += diff_edit(d, k)->op != DIFF_LEFT;
	}
	fprintf(out, "--- %s (%zu events)\n+++ %s (%zu events)\n", left_label, nl, right_label, nr);
	for (size_t k = 0; k < diff_line_count(d); k++)
		text_line(diff_line(d, k), k == 0, out);
	if (diff_outcome_count(d) == 0) {
		fputs("\noutcome: alike\n", out);
	} else {
		fputs("\noutcome (left vs right):\n", out);
		for (size_t k = 0; k < diff_outcome_count(d); k++) {
			const diff_outcome_t *o = diff_outcome(d, k);
			fprintf(out, "  %s: %s vs %s\n", o->what, o->left, o->right);
		}
	}
	fprintf(out, "\nthe runs are %s\n", diff_alike(d) ? "alike" : "different");
}

static void json_event_or_null(const trace_t *t, const trace_event_t *ev, FILE *out)
{
	if (ev)
		trace_json_event(t, ev, out);
	else
		fputs("null", out);
}

void diff_print_json(const diff_t *d, const char *left_label, const char *right_label, FILE *out)
{
	static const char *const ops[] = { [DIFF_SAME] = "=", [DIFF_LEFT] = "-", [DIFF_RIGHT] = "+",
					   [DIFF_FOLD] = "fold" };
	for (size_t k = 0; k < diff_line_count(d); k++) {
		const diff_line_t *ln = diff_line(d, k);
		fputs("{\"op\":", out);
		trace_json_string(ops[ln->op], out);
		if (ln->op == DIFF_FOLD)
			fprintf(out, ",\"count\":%zu", ln->count);
		fputs(",\"left\":", out);
		json_event_or_null(diff_trace(d, 0), ln->left, out);
		fputs(",\"right\":", out);
		json_event_or_null(diff_trace(d, 1), ln->right, out);
		fputs("}\n", out);
	}
	size_t nl = 0, nr = 0;
	for (size_t k = 0; k < diff_edit_count(d); k++) {
		nl += diff_edit(d, k)->op != DIFF_RIGHT;
		nr += diff_edit(d, k)->op != DIFF_LEFT;
	}
	fputs("{\"outcome\":{\"alike\":", out);
	fputs(diff_alike(d) ? "true" : "false", out);
	fputs(",\"left\":", out);
	trace_json_string(left_label, out);
	fputs(",\"right\":", out);
	trace_json_string(right_label, out);
	fprintf(out, ",\"events\":[%zu,%zu],\"differences\":[", nl, nr);
	for (size_t k = 0; k < diff_outcome_count(d); k++) {
		const diff_outcome_t *o = diff_outcome(d, k);
		fputs(k ? ",{\"what\":" : "{\"what\":", out);
		trace_json_string(o->what, out);
		fputs(",\"left\":", out);
		trace_json_string(o->left, out);
		fputs(",\"right\":", out);
		trace_json_string(o->right, out);
		fputc('}', out);
	}
	fputs("]}}\n", out);
}
