/* cli_quiz.c — `mailpath quiz`: the questions of a run for autograders.
 * Without --answers it lists them (text: "ID  PROMPT", JSON Lines: one object
 * per question); with --answers FILE it grades the file and exits 0 when the
 * score reaches --pass, 1 when it does not, 2 for a usage error or a broken
 * answers file (FILE:LINE: message on stderr). The questions and the grading
 * are the lesson layer's (lesson/quiz.h); this file only reads and prints. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "export/render.h"
#include "lesson/quiz.h"
#include "run/run.h"
#include "run/scenario.h"
#include "core/util.h"

#define QUIZ_FAULTS_MAX 32
#define ANSWERS_MAX (1L << 20)

typedef struct quiz_opts {
	const char *scenario, *answers;
	quiz_mode_t mode;
	int json, pass;
	fault_t faults[QUIZ_FAULTS_MAX];
	run_opts_t run;
} quiz_opts_t;

static int quiz_usage(void)
{
	puts("Usage: mailpath quiz SCENARIO [--mode all|replies|states|key] [--format text|json]\n"
	     "                     [--seed N] [--fault SPEC]...\n"
	     "       mailpath quiz SCENARIO --answers FILE [--pass PERCENT] [same options]\n\n"
	     "Predict, then see: the questions of a run, in the order it asks them, without\n"
	     "their answers. Each answer is an event of 'mailpath run SCENARIO --format json'\n"
	     "with the same seed and faults (JSON: \"event\" is its line number).\n\n"
	     "  --mode MODE         all: every question; replies: what servers answer and what\n"
	     "                      the ISP decides (reply, dns, queue); states: the session\n"
	     "                      states; key: only the moments the scenario marks (quiz on\n"
	     "                      TOPIC). Default: key where the scenario marks some, else\n"
	     "                      replies. The lesson's own graded questions are in every mode.\n"
	     "  --format FORMAT     text: one question a line, ID  PROMPT (default)\n"
	     "                      json: JSON Lines: id, event, hop, kind, form (code, state,\n"
	     "                      host, choice, number), prompt, choices\n"
	     "  --answers FILE      grade FILE: one 'ID ANSWER' a line (# comments, blank lines;\n"
	     "                      any order; a missing ID counts as wrong; - reads stdin).\n"
	     "                      ANSWER: a reply code (250), +OK or -ERR, a state, a host\n"
	     "                      name, a number, or one of the choices (or its number)\n"
	     "  --pass PERCENT      the pass mark, 0 to 100 (default 100)\n"
	     "  --seed N, --fault SPEC   as for 'mailpath run'\n\n"
	     "Exit status: 0 listed, or the score reaches the pass mark; 1 it does not;\n"
	     "2 usage error or a broken answers file (FILE:LINE: message).");
	return 0;
}

static int number(const char *v, unsigned long long max, unsigned long long *out)
{
	char *end;
	if (!v[0] || v[0] == '-')
		return -1;
	errno = 0;
	unsigned long long n = strtoull(v, &end, 10);
	if (*end || errno || n > max)
		return -1;
	*out = n;
	return 0;
}

static int parse_value(quiz_opts_t *o, const char *name, const char *v)
{
	unsigned long long n;
	char err[200];
	if (!strcmp(name, "--mode")) {
		if (quiz_mode_parse(v, &o->mode) != 0)
			return cli_usage_error("quiz", "unknown mode '%s' (all, replies, states or key)", v);
	} else if (!strcmp(name, "--format")) {
		if (strcmp(v, "text") && strcmp(v, "json"))
			return cli_usage_error("quiz", "unknown format '%s' (text or json)", v);
		o->json = !strcmp(v, "json");
	} else if (!strcmp(name, "--answers")) {
		o->answers = v;
	} else if (!strcmp(name, "--pass")) {
		if (number(v, 100, &n) != 0)
			return cli_usage_error("quiz", "--pass wants a percentage from 0 to 100, not '%s'", v);
		o->pass = (int)n;
	} else if (!strcmp(name, "--seed")) {
		if (number(v, ~0ULL, &n) != 0)
			return cli_usage_error("quiz", "--seed wants a non-negative number, not '%s'", v);
		o->run.seed = n;
		o->run.has_seed = 1;
	} else {
		if (o->run.nfaults >= QUIZ_FAULTS_MAX)
			return cli_usage_error("quiz", "%s", "too many --fault options");
		if (fault_parse(v, &o->faults[o->run.nfaults], err, sizeof err) != 0)
			return cli_usage_error("quiz", "%s", err);
		o->run.nfaults++;
	}
	return 0;
}

/* 0 ok, 1 help or version printed, 2 usage error (printed). */
static int parse_args(int argc, char **argv, quiz_opts_t *o, int *pass_given)
{
	static const char *const valued[] = { "--mode", "--format", "--answers", "--pass", "--seed", "--fault" };
	for (int i = 0; i < argc; i++) {
		if (cli_is_help(argv[i]))
			return quiz_usage() + 1;
		if (cli_is_version(argv[i]))
			return cli_version() + 1;
		int m = 0;
		size_t k;
		const char *v = NULL;
		for (k = 0; k < sizeof valued / sizeof valued[0]; k++)
			if ((v = cli_opt_value("quiz", valued[k], argc, argv, &i, &m)) || m)
				break;
		if (m) {
			if (!v || parse_value(o, valued[k], v) != 0)
				return 2;
			*pass_given |= !strcmp(valued[k], "--pass");
		} else if (argv[i][0] == '-' && argv[i][1]) {
			return cli_usage_error("quiz", "unknown option '%s'", argv[i]);
		} else if (o->scenario) {
			return cli_usage_error("quiz", "one scenario at a time ('%s' is extra)", argv[i]);
		} else {
			o->scenario = argv[i];
		}
	}
	if (!o->scenario)
		return cli_usage_error("quiz", "%s", "which scenario? (see 'mailpath list')");
	if (*pass_given && !o->answers)
		return cli_usage_error("quiz", "%s", "--pass goes with --answers FILE");
	return 0;
}

/* ---- output ------------------------------------------------------------------------ */

static const char *answer_form(sc_answer_kind_t k)
{
	static const char *const forms[] = {
		[SC_ANSWER_NONE] = "", [SC_ANSWER_HOST] = "host", [SC_ANSWER_CODE] = "code",
		[SC_ANSWER_STATE] = "state", [SC_ANSWER_CHOICE] = "choice", [SC_ANSWER_NUMBER] = "number",
	};
	return (size_t)k < sizeof forms / sizeof forms[0] ? forms[k] : "";
}

static void json_question(const quiz_question_t *q, FILE *out)
{
	fputs("{\"id\":", out);
	render_json_string(q->id, out);
	if (q->event >= 0)
		fprintf(out, ",\"event\":%ld", q->event + 1);
	else
		fputs(",\"event\":null", out);
	fputs(",\"hop\":", out);
	render_json_string(hop_label(q->hop), out);
	fputs(",\"kind\":", out);
	render_json_string(quiz_kind_name(q->kind), out);
	fputs(",\"form\":", out);
	render_json_string(answer_form(q->akind), out);
	fputs(",\"prompt\":", out);
	render_json_string(q->prompt, out);
	fputs(",\"choices\":[", out);
	for (size_t i = 0; i < q->nchoices; i++) {
		if (i)
			fputc(',', out);
		render_json_string(q->choices[i], out);
	}
	fputs("]}\n", out);
}

static void list(const quiz_t *z, int json)
{
	for (size_t i = 0; i < quiz_count(z); i++) {
		const quiz_question_t *q = quiz_at(z, i);
		if (json) {
			json_question(q, stdout);
			continue;
		}
		printf("%s  %s", q->id, q->prompt);
		for (size_t k = 0; k < q->nchoices; k++)
			printf("%s%s", k ? " | " : "  [", q->choices[k]);
		puts(q->nchoices ? "]" : "");
	}
}

static void graded_text(const quiz_grades_t *g)
{
	size_t right[QUIZ__KINDS] = { 0 }, asked[QUIZ__KINDS] = { 0 };
	for (size_t i = 0; i < g->total; i++) {
		const quiz_result_t *r = &g->results[i];
		char why[400];
		quiz_why(r->q, why, sizeof why);
		printf("%s  %s  expected %s", r->q->id, r->correct ? "right" : "wrong", r->q->expected);
		if (!r->correct)
			printf(", %s%s", r->given ? "answered " : "no answer", r->given ? r->given : "");
		printf("%s%s\n", why[0] ? " — " : "", why);
		asked[r->q->kind]++;
		right[r->q->kind] += (size_t)r->correct;
	}
	const char *sep = "revisit: ";
	for (int k = 0; k < QUIZ__KINDS; k++)
		if (right[k] < asked[k]) {
			printf("%s%s (%zu/%zu)", sep, quiz_kind_topic((quiz_kind_t)k), right[k], asked[k]);
			sep = ", ";
		}
	if (sep[0] == ',')
		putchar('\n');
	printf("score: %zu/%zu (%d%%)\n", g->score, g->total, g->percent);
}

static void graded_json(const quiz_t *z, const quiz_grades_t *g, int pass)
{
	printf("{\"score\":%zu,\"total\":%zu,\"percent\":%d,\"pass\":%d,\"passed\":%s,\"mode\":\"%s\",\"results\":[",
	       g->score, g->total, g->percent, pass, g->percent >= pass ? "true" : "false",
	       quiz_mode_name(quiz_mode(z)));
	for (size_t i = 0; i < g->total; i++) {
		const quiz_result_t *r = &g->results[i];
		printf("%s{\"id\":", i ? "," : "");
		render_json_string(r->q->id, stdout);
		fputs(",\"kind\":", stdout);
		render_json_string(quiz_kind_name(r->q->kind), stdout);
		fputs(",\"given\":", stdout);
		if (r->given)
			render_json_string(r->given, stdout);
		else
			fputs("null", stdout);
		fputs(",\"expected\":", stdout);
		render_json_string(r->q->expected, stdout);
		printf(",\"correct\":%s}", r->correct ? "true" : "false");
	}
	puts("]}");
}

/* ---- grading ------------------------------------------------------------------------- */

static char *slurp(const char *path, size_t *len)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	if (!f)
		return NULL;
	strbuf_t sb = STRBUF_INIT;
	char buf[8192];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0 && sb.len <= ANSWERS_MAX)
		sb_append(&sb, buf, n);
	int failed = ferror(f) || sb.len > ANSWERS_MAX;
	if (f != stdin)
		fclose(f);
	if (failed) {
		sb_free(&sb);
		errno = errno ? errno : EFBIG;
		return NULL;
	}
	*len = sb.len;
	return sb.len ? sb_steal(&sb) : xstrdup("");
}

static int grade(const quiz_t *z, const quiz_opts_t *o)
{
	size_t len = 0;
	errno = 0;
	char *text = slurp(o->answers, &len);
	if (!text) {
		fprintf(stderr, "%s:0: cannot read the answers file: %s\n", o->answers,
			errno == EFBIG ? "larger than 1 MB" : strerror(errno));
		return 2;
	}
	quiz_grades_t g;
	strbuf_t errors = STRBUF_INIT;
	int rc = quiz_grade_text(z, strcmp(o->answers, "-") ? o->answers : "<stdin>", text, len, &g, &errors);
	free(text);
	if (rc != 0) {
		fputs(sb_str(&errors), stderr);
		sb_free(&errors);
		return 2;
	}
	sb_free(&errors);
	if (o->json)
		graded_json(z, &g, o->pass);
	else
		graded_text(&g);
	rc = g.percent >= o->pass ? 0 : 1;
	quiz_grades_free(&g);
	return rc;
}

int cli_quiz(int argc, char **argv)
{
	quiz_opts_t o = { .mode = QUIZ_MODE_DEFAULT, .pass = 100 };
	o.run.faults = o.faults;
	int pass_given = 0;
	int rc = parse_args(argc, argv, &o, &pass_given);
	if (rc)
		return rc == 1 ? 0 : rc;
	scenario_t *sc = cli_load_scenario(o.scenario);
	if (!sc)
		return 2;
	run_t *r = run_new(sc, &o.run);
	run_to_end(r);
	quiz_t *z = quiz_build(run_trace(r), sc, o.mode);
	if (o.answers)
		rc = grade(z, &o);
	else
		list(z, o.json);
	fflush(stdout);
	quiz_free(z);
	run_free(r);
	scenario_free(sc);
	return rc;
}
