/* render_html.c — the run as one self-contained web page: what the terminal
 * UI shows (the numbered path with its token, the transcript with the
 * current line, the world as it was at that event, the explanation, the
 * message inspector), stepped with the same keys, in any browser, offline.
 *
 * The page is static HTML for what does not move (the title, the path, the
 * controls, the questions and expectations at the end), the run as one JSON
 * block (render_html_data.c) and the page's script and style sheet, which
 * live as plain files in sim/export/html/ and are compiled in by
 * .ci/bundle-html (build/html_assets.c). Nothing is fetched: a Content
 * Security Policy of default-src 'none' lets in only the page's own style
 * and its own script (by hash), so the page cannot reach the network even
 * by mistake. Sections are added in one place (sections[] below) and the
 * script finds them by id. */
#include "export/render.h"

#include <string.h>

#include "core/util.h"
#include "lesson/quiz.h"

/* build/html_assets.c, made by .ci/bundle-html from sim/export/html/ */
extern const char *const mp_html_css[];
extern const char *const mp_html_js[];
extern const char mp_html_js_sha256[];

/* ---- escaping ---- */

/* Text for HTML (element content or a quoted attribute): markup characters
 * become references, control characters are made visible, and bytes that
 * are not UTF-8 become U+FFFD (str_visible shows them as \xNN). */
static void put_html(FILE *out, const char *s)
{
	strbuf_t v = STRBUF_INIT;
	str_visible(s ? s : "", s ? strlen(s) : 0, &v);
	for (const char *p = sb_str(&v); *p; p++) {
		switch (*p) {
		case '&': fputs("&amp;", out); break;
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '"': fputs("&quot;", out); break;
		default: fputc(*p, out);
		}
	}
	sb_free(&v);
}

static void put_lines(FILE *out, const char *const *lines)
{
	for (; *lines; lines++)
		fputs(*lines, out);
}

/* ---- the parts of the page ---- */

static void head(FILE *out, const scenario_t *sc)
{
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
	      "style-src 'unsafe-inline'; script-src ", out);
	fprintf(out, "'sha256-%s'; img-src data:; base-uri 'none'; form-action 'none'\">\n", mp_html_js_sha256);
	fputs("<title>mailpath · ", out);
	put_html(out, sc->title ? sc->title : sc->name);
	fputs("</title>\n<style>\n", out);
	put_lines(out, mp_html_css);
	fputs("</style>\n</head>\n", out);
}

static void header(FILE *out, const scenario_t *sc)
{
	fputs("<body>\n<a class=\"skip\" href=\"#controls\">Skip to the controls</a>\n<header>\n<h1>", out);
	put_html(out, sc->title ? sc->title : sc->name);
	fputs("</h1>\n", out);
	if (sc->description) {
		fputs("<p class=\"desc\">", out);
		put_html(out, sc->description);
		fputs("</p>\n", out);
	}
	fputs("<p class=\"runcmd\">The run of <code>mailpath run ", out);
	put_html(out, sc->name);
	fputs("</code>: step through it with the buttons or the keys (<kbd>?</kbd> lists them).</p>\n"
	      "<noscript><p>This page needs JavaScript to step through the run; "
	      "<code>mailpath run --format markdown</code> gives the transcript as text.</p></noscript>\n"
	      "</header>\n<main id=\"app\">\n", out);
}

/* The numbered path of the seed's picture, as in the terminal UI. */
static void path(FILE *out)
{
	static const struct { const char *id, *num, *role, *host, *link; } node[] = {
		{ "1", "1", "Smith", "at home", "Send" },
		{ "2", "2", "her e-mail client", "smith-pc.isp.example", "SMTP" },
		{ "3", "3", "ISP SMTP host", "smtp.isp.example", "SMTP" },
		{ "4", "4", "corporate SMTP host", "mail.corp.example", "POP3" },
		{ "5", "5a/5b", "boss's POP3 client", "boss-pc.corp.example", NULL },
	};
	fputs("<section id=\"path\" aria-labelledby=\"h-path\">\n<h2 id=\"h-path\" class=\"vh\">The mail path</h2>\n"
	      "<ol class=\"path\">\n", out);
	for (size_t i = 0; i < sizeof node / sizeof node[0]; i++) {
		fprintf(out, "<li class=\"node\" id=\"node-%s\"><span class=\"num\">%s</span> "
			"<span class=\"role\">%s</span> <span class=\"host\">%s</span>"
			"<span class=\"badge\" id=\"badge-%s\"></span></li>\n",
			node[i].id, node[i].num, node[i].role, node[i].host, node[i].id);
		if (node[i].link)
			fprintf(out, "<li class=\"link\" id=\"link-%zu\" aria-hidden=\"true\"><span>%s</span></li>\n",
				i + 1, node[i].link);
	}
	fputs("<li class=\"node dns\" id=\"node-ns\"><span class=\"num\">ns</span> <span class=\"role\">DNS "
	      "resolver</span> <span class=\"host\">ns.isp.example</span></li>\n"
	      "<li class=\"link dnslink\" id=\"link-dns\" aria-hidden=\"true\"><span>DNS</span></li>\n"
	      "</ol>\n<div id=\"token\" aria-hidden=\"true\"><span id=\"token-glyph\">\u2709</span></div>\n"
	      "<p id=\"token-label\"></p>\n</section>\n", out);
}

static void controls(FILE *out)
{
	static const struct { const char *id, *keys, *label, *glyph; } b[] = {
		{ "home", "Home", "First event (Home)", "\u21e4" },
		{ "prevhop", "[", "Previous session or hop ([)", "\u00ab" },
		{ "prev", "p ArrowLeft PageUp", "One event back (p, \u2190, PgUp)", "\u2039 back" },
		{ "play", "Space", "Play or pause (Space)", "\u25b6" },
		{ "next", "n ArrowRight PageDown", "One event forward (n, \u2192, PgDn)", "next \u203a" },
		{ "nexthop", "]", "Next session or hop (])", "\u00bb" },
		{ "end", "End", "Last event (End)", "\u21e5" },
		{ "slower", "-", "Slower (-)", "\u2212" },
		{ "faster", "+", "Faster (+)", "+" },
	};
	fputs("<nav id=\"controls\" aria-label=\"Step through the run\" tabindex=\"-1\">\n<div class=\"buttons\">\n",
	      out);
	for (size_t i = 0; i < sizeof b / sizeof b[0]; i++) {
		if (!strcmp(b[i].id, "slower"))
			fputs("<span class=\"speed\">", out);
		fprintf(out, "<button type=\"button\" id=\"b-%s\" aria-keyshortcuts=\"%s\" title=\"%s\">"
			"<span aria-hidden=\"true\">%s</span><span class=\"vh\">%s</span></button>\n",
			b[i].id, b[i].keys, b[i].label, b[i].glyph, b[i].label);
		if (!strcmp(b[i].id, "slower"))
			fputs("<output id=\"speed\" aria-label=\"speed\">1x</output>\n", out);
		if (!strcmp(b[i].id, "faster"))
			fputs("</span>", out);
	}
	fputs("</div>\n<label class=\"slider\"><span class=\"vh\">Event</span>"
	      "<input type=\"range\" id=\"slider\" min=\"1\" max=\"1\" value=\"1\"></label>\n"
	      "<output id=\"counter\" aria-label=\"event\">1 / 1</output>\n"
	      "<button type=\"button\" id=\"b-msg\" aria-keyshortcuts=\"m\" title=\"Message inspector (m)\">"
	      "\u2709 message</button>\n"
	      "<label class=\"observer\" title=\"A passive observer on a link (e)\">\u25c9 observer "
	      "<select id=\"observer\" aria-keyshortcuts=\"e\"><option value=\"\">off</option>"
	      "<option>2-3</option><option>3-4</option><option>4-5</option><option>3-dns</option></select></label>\n"
	      "<button type=\"button\" id=\"b-predict\" aria-pressed=\"false\" aria-keyshortcuts=\"a\" "
	      "title=\"Predict: the quiz asks before it shows (a)\">? predict</button>\n"
	      "<button type=\"button\" id=\"b-handout\" title=\"The whole annotated transcript\">transcript</button>\n"
	      "<button type=\"button\" id=\"b-help\" aria-keyshortcuts=\"?\" title=\"Keys (?)\">? keys</button>\n"
	      "</nav>\n<p id=\"narration\" aria-live=\"polite\" aria-atomic=\"true\"></p>\n"
	      "<section id=\"predict\" hidden aria-labelledby=\"h-predict\">\n<h2 id=\"h-predict\">Predict "
	      "<span class=\"sub\" id=\"predict-score\"></span></h2>\n<div id=\"predict-body\"></div>\n</section>\n", out);
}

static void panes(FILE *out)
{
	fputs("<div id=\"panes\">\n"
	      "<section id=\"transcript\" aria-labelledby=\"h-transcript\">\n"
	      "<h2 id=\"h-transcript\">Transcript</h2>\n<ol id=\"lines\"></ol>\n</section>\n"
	      "<section id=\"world\" aria-labelledby=\"h-world\">\n"
	      "<h2 id=\"h-world\">World <span class=\"sub\">as it was at this event</span></h2>\n"
	      "<table id=\"world-rows\"><tbody></tbody></table>\n</section>\n"
	      "<section id=\"observer-pane\" hidden aria-labelledby=\"h-observer\">\n"
	      "<h2 id=\"h-observer\">Observer on link <span id=\"obs-link\"></span> "
	      "<span class=\"sub\">what a passive eavesdropper captured up to this event</span></h2>\n"
	      "<p id=\"obs-ends\" class=\"sub\"></p>\n<ol id=\"obs-segs\"></ol>\n"
	      "<h3>Secrets seen so far</h3>\n<ul id=\"obs-secrets\"></ul>\n"
	      "<p class=\"sub\">TLS in this world is simulated: records of the right sizes, no real "
	      "cryptography.</p>\n</section>\n</div>\n"
	      "<section id=\"explain\" aria-labelledby=\"ex-title\">\n"
	      "<h2 id=\"ex-title\"></h2>\n<p id=\"ex-text\"></p>\n<p id=\"ex-rfc\"></p>\n</section>\n"
	      "<details id=\"message\" open>\n<summary><h2>Message inspector</h2> "
	      "<span class=\"sub\">envelope versus headers, each Received: line with its hop</span></summary>\n"
	      "<p id=\"msg-title\"></p>\n<div id=\"msg-lines\"></div>\n</details>\n", out);
}

/* The closing lists: the scenario's questions, then its expectations. */
static void closing(FILE *out, const trace_t *t, ev_kind_t kind, const char *id, const char *title)
{
	int n = 0;
	for (size_t i = 0; i < trace_count(t); i++) {
		const trace_event_t *ev = trace_get(t, i);
		if (ev->kind != kind)
			continue;
		if (n++ == 0)
			fprintf(out, "<section id=\"%s\" class=\"closing\">\n<h2>%s</h2>\n<%s>\n", id, title,
				kind == EV_QUESTION ? "ol" : "ul");
		fprintf(out, "<li data-event=\"%zu\">", i + 1);
		if (kind == EV_EXPECT) {
			int failed = strstr(ev->text, "FAIL") != NULL;
			fprintf(out, "<span class=\"cls %s\">%s</span> ", failed ? "fail" : "ok",
				failed ? "\u2717" : "\u2713");
		}
		put_html(out, ev->text);
		fputs("</li>\n", out);
	}
	if (n)
		fprintf(out, "</%s>\n</section>\n", kind == EV_QUESTION ? "ol" : "ul");
}

/* The lesson's graded questions (question ... answer ...), as `mailpath
 * quiz` asks them: the prompts here; the answers only in the page's data,
 * shown when the student checks an answer or asks for it (page_lesson.js). */
static void graded(FILE *out, const trace_t *t, const scenario_t *sc)
{
	quiz_t *z = quiz_build(t, sc, QUIZ_MODE_DEFAULT);
	int n = 0;
	for (size_t i = 0; i < quiz_count(z); i++) {
		const quiz_question_t *q = quiz_at(z, i);
		if (q->kind != QUIZ_SCENARIO)
			continue;
		if (n++ == 0)
			fputs("<section id=\"quiz\" class=\"closing\" aria-labelledby=\"h-quiz\">\n"
			      "<h2 id=\"h-quiz\">Graded questions <span class=\"sub\" id=\"quiz-score\" "
			      "aria-live=\"polite\"></span></h2>\n"
			      "<p class=\"sub\">Answer, then check: the answer and why appear when you check "
			      "or ask for it (<code>mailpath quiz</code> asks the same, by id).</p>\n<ol>\n", out);
		fprintf(out, "<li class=\"gq\" id=\"gq-%s\" data-q=\"%s\"><p class=\"prompt\" id=\"gq-%s-p\">"
			"<span class=\"qid\">%s</span> ", q->id, q->id, q->id, q->id);
		put_html(out, q->prompt);
		fputs("</p></li>\n", out);
	}
	if (n)
		fputs("</ol>\n</section>\n", out);
	quiz_free(z);
}

static void help(FILE *out)
{
	static const char *const keys[][2] = {
		{ "Space", "play / pause" },
		{ "n, \u2192, PgDn", "one event forward" },
		{ "p, \u2190, PgUp", "one event back: the world as it was then" },
		{ "] and [", "next / previous session or hop" },
		{ "Home, End", "first / last event" },
		{ "+ and -", "faster / slower" },
		{ "m", "message inspector: envelope versus headers" },
		{ "e", "observer: what a passive eavesdropper on link 2-3, 3-4, 4-5, 3-dns captured; off" },
		{ "a", "predict: the quiz asks before it shows the answer (on / off)" },
		{ "t", "the whole annotated transcript (also what printing gives)" },
		{ "?", "this help; Esc closes it" },
	};
	fputs("<dialog id=\"help\" aria-labelledby=\"h-help\">\n<h2 id=\"h-help\">Keys</h2>\n<table>\n", out);
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
		fprintf(out, "<tr><th scope=\"row\"><kbd>%s</kbd></th><td>%s</td></tr>\n", keys[i][0], keys[i][1]);
	fputs("</table>\n<p>The address <code>#event=N</code> opens event N (the N-th line of "
	      "<code>mailpath run --format json</code>); <code>&amp;observer=2-3</code> puts the observer "
	      "on a link, <code>&amp;predict=on</code> turns the quiz on, <code>#answers</code> shows every "
	      "graded question's answer (the teacher's key). Reply classes: \u2713 2xx, \u2026 3xx, "
	      "\u26a0 4xx (try later), \u2717 5xx (refused).</p>\n"
	      "<p><button type=\"button\" id=\"help-close\">Close</button></p>\n</dialog>\n", out);
}

void render_html(const trace_t *t, const scenario_t *sc, FILE *out)
{
	head(out, sc);
	header(out, sc);
	path(out);
	controls(out);
	panes(out);
	closing(out, t, EV_QUESTION, "questions", "Questions for students");
	graded(out, t, sc);
	closing(out, t, EV_EXPECT, "expectations", "What the scenario expects");
	fputs("<section id=\"handout\" hidden aria-labelledby=\"h-handout\">\n"
	      "<h2 id=\"h-handout\">Annotated transcript</h2>\n<div id=\"handout-body\"></div>\n</section>\n"
	      "</main>\n", out);
	help(out);
	fputs("<script type=\"application/json\" id=\"mp-data\">", out);
	render_html_data(t, sc, out);
	fputs("</script>\n<script>", out);
	put_lines(out, mp_html_js);
	fputs("</script>\n</body>\n</html>\n", out);
}
