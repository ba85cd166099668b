/* quiz_grade.c — grading: one answer against its question, and an answers
 * file ("ID ANSWER" a line) against a whole quiz. An answer of the wrong
 * kind (a state where a reply code is asked, a choice that is not offered)
 * is a mistake of the file, not a wrong answer: the grader says so, with the
 * line, so that a typo never silently costs a point. */
#include "lesson/quiz.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "teach/explain.h"

#define NELEM(a) (sizeof (a) / sizeof (a)[0])

/* ---- names -------------------------------------------------------------------- */

static const char *const mode_names[] = {
	[QUIZ_MODE_DEFAULT] = "default", [QUIZ_MODE_ALL] = "all", [QUIZ_MODE_REPLIES] = "replies",
	[QUIZ_MODE_STATES] = "states", [QUIZ_MODE_KEY] = "key",
};

int quiz_mode_parse(const char *s, quiz_mode_t *out)
{
	for (size_t i = 1; i < NELEM(mode_names); i++)
		if (str_ieq(s, mode_names[i])) {
			*out = (quiz_mode_t)i;
			return 0;
		}
	return -1;
}

const char *quiz_mode_name(quiz_mode_t m)
{
	return (size_t)m < NELEM(mode_names) ? mode_names[m] : "";
}

const char *quiz_kind_name(quiz_kind_t k)
{
	static const char *const names[QUIZ__KINDS] = { "reply", "state", "dns", "queue", "scenario" };
	return k < QUIZ__KINDS ? names[k] : "";
}

const char *quiz_kind_topic(quiz_kind_t k)
{
	static const char *const topics[QUIZ__KINDS] = {
		"reply codes", "session states", "DNS and MX", "queueing", "the lesson's questions",
	};
	return k < QUIZ__KINDS ? topics[k] : "";
}

/* ---- one answer ----------------------------------------------------------------- */

/* s without leading and trailing blanks, inner blanks squeezed, in buf. */
static void tidy(const char *s, char *buf, size_t size)
{
	size_t n = 0;
	int space = 0;
	for (; *s && n + 1 < size; s++) {
		if (*s == ' ' || *s == '\t') {
			space = n > 0;
			continue;
		}
		if (space && n + 2 < size)
			buf[n++] = ' ';
		space = 0;
		buf[n++] = *s;
	}
	buf[n] = '\0';
}

/* The choice given as its text or its number (1..n); -1 when neither. */
static int choice_index(const quiz_question_t *q, const char *given)
{
	char *end;
	long k = strtol(given, &end, 10);
	if (end != given && *end == '\0' && k >= 1 && (size_t)k <= q->nchoices)
		return (int)k - 1;
	for (size_t i = 0; i < q->nchoices; i++) {
		char c[256];
		tidy(q->choices[i], c, sizeof c);
		if (str_ieq(c, given))
			return (int)i;
	}
	return -1;
}

static int host_like(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '.' && *s != '-')
			return 0;
	return 1;
}

static int same_host(const char *a, const char *b)
{
	size_t na = strlen(a), nb = strlen(b);
	na -= na && a[na - 1] == '.';
	nb -= nb && b[nb - 1] == '.';
	return na == nb && strncasecmp(a, b, na) == 0;
}

static quiz_verdict_t grade_code(const quiz_question_t *q, const char *g, char *msg, size_t size)
{
	if (q->expected[0] == '+' || q->expected[0] == '-') {
		if (!str_ieq(g, "+OK") && !str_ieq(g, "-ERR")) {
			snprintf(msg, size, "'%s' is not +OK or -ERR", g);
			return QUIZ_BAD_KIND;
		}
		return str_ieq(g, q->expected) ? QUIZ_RIGHT : QUIZ_WRONG;
	}
	if (strlen(g) < 3 || !isdigit((unsigned char)g[0]) || !isdigit((unsigned char)g[1]) ||
	    !isdigit((unsigned char)g[2]) || (g[3] && g[3] != ' ') || g[0] < '2' || g[0] > '5') {
		snprintf(msg, size, "'%s' is not a reply code like 250", g);
		return QUIZ_BAD_KIND;
	}
	return strncmp(g, q->expected, 3) == 0 ? QUIZ_RIGHT : QUIZ_WRONG;
}

quiz_verdict_t quiz_grade(const quiz_question_t *q, const char *given, char *msg, size_t size)
{
	char g[512];
	tidy(given ? given : "", g, sizeof g);
	if (size)
		msg[0] = '\0';
	if (!g[0]) {
		snprintf(msg, size, "no answer");
		return QUIZ_BAD_KIND;
	}
	if (q->akind == SC_ANSWER_CODE)
		return grade_code(q, g, msg, size);
	if (q->nchoices) {
		int k = choice_index(q, g);
		if (k < 0) {
			size_t n = (size_t)snprintf(msg, size, "'%s' is not one of the choices (", g);
			for (size_t i = 0; i < q->nchoices && n < size; i++)
				n += (size_t)snprintf(msg + n, size - n, "%s%s", i ? ", " : "", q->choices[i]);
			if (n < size)
				snprintf(msg + n, size - n, ")");
			return QUIZ_BAD_KIND;
		}
		return str_ieq(q->choices[k], q->expected) ? QUIZ_RIGHT : QUIZ_WRONG;
	}
	if (q->akind == SC_ANSWER_HOST) {
		if (!host_like(g)) {
			snprintf(msg, size, "'%s' is not a host name like mail.corp.example", g);
			return QUIZ_BAD_KIND;
		}
		return same_host(g, q->expected) ? QUIZ_RIGHT : QUIZ_WRONG;
	}
	if (q->akind == SC_ANSWER_NUMBER) {
		char *end;
		long v = strtol(g, &end, 10);
		if (*end || end == g) {
			snprintf(msg, size, "'%s' is not a number", g);
			return QUIZ_BAD_KIND;
		}
		return v == strtol(q->expected, NULL, 10) ? QUIZ_RIGHT : QUIZ_WRONG;
	}
	return str_ieq(g, q->expected) ? QUIZ_RIGHT : QUIZ_WRONG;
}

void quiz_why(const quiz_question_t *q, char *buf, size_t size)
{
	const explain_t *e = q->explain ? explain_find(q->explain) : NULL;
	const char *text = e ? e->text : "";
	size_t n = 0;
	/* The first sentence (up to a full stop and a space), or two when the
	 * first is only a word or two ("'OK'."). */
	do {
		while (text[n] && !((text[n] == '.' || text[n] == '!' || text[n] == '?') &&
				    (text[n + 1] == ' ' || !text[n + 1])))
			n++;
		if (text[n])
			n++;
	} while (n < 24 && text[n]);
	snprintf(buf, size, "%.*s", (int)n, text);
}

/* ---- an answers file ---------------------------------------------------------------- */

static int file_error(strbuf_t *errors, const char *path, int line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int file_error(strbuf_t *errors, const char *path, int line, const char *fmt, ...)
{
	char msg[600];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	sb_printf(errors, "%s:%d: %s\n", path, line, msg);
	return 1;
}

/* One line: "ID ANSWER", a " #" comment after it is dropped. */
static int grade_line(const quiz_t *z, const char *path, int line, char *s, quiz_grades_t *g, int *seen,
		      strbuf_t *errors)
{
	char *hash = strstr(s, " #");
	if (hash)
		*hash = '\0';
	while (*s == ' ' || *s == '\t')
		s++;
	if (!*s || *s == '#')
		return 0;
	size_t idn = strcspn(s, " \t");
	char id[64];
	snprintf(id, sizeof id, "%.*s", (int)(idn < 63 ? idn : 63), s);
	const char *answer = s + idn;
	const quiz_question_t *q = quiz_find(z, id);
	if (!q)
		return file_error(errors, path, line, "unknown question id '%s' (this run asks q1 to q%zu)", id,
				  quiz_count(z));
	size_t k = 0;
	while (quiz_at(z, k) != q)
		k++;
	if (seen[k])
		return file_error(errors, path, line, "%s is answered twice (first at line %d)", q->id, seen[k]);
	seen[k] = line;
	char tidied[512], msg[400];
	tidy(answer, tidied, sizeof tidied);
	if (!tidied[0])
		return file_error(errors, path, line, "%s has no answer (write: %s ANSWER)", q->id, q->id);
	quiz_verdict_t v = quiz_grade(q, tidied, msg, sizeof msg);
	if (v == QUIZ_BAD_KIND)
		return file_error(errors, path, line, "%s: %s", q->id, msg);
	g->results[k].given = xstrdup(tidied);
	g->results[k].correct = v == QUIZ_RIGHT;
	return 0;
}

int quiz_grade_text(const quiz_t *z, const char *path, const char *text, size_t len, quiz_grades_t *out,
		    strbuf_t *errors)
{
	quiz_grades_t g = { .total = quiz_count(z) };
	g.results = xcalloc(g.total + 1, sizeof *g.results);
	int *seen = xcalloc(g.total + 1, sizeof *seen);
	for (size_t i = 0; i < g.total; i++)
		g.results[i].q = quiz_at(z, i);
	int bad = 0, line = 0;
	for (size_t i = 0; i < len;) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - text) : len;
		size_t n = end - i;
		line++;
		if (n && text[i + n - 1] == '\r')
			n--;
		if (memchr(text + i, '\0', n)) {
			bad += file_error(errors, path, line, "a NUL byte: an answers file is text");
		} else {
			char *s = xstrndup(text + i, n);
			bad += grade_line(z, path, line, s, &g, seen, errors);
			free(s);
		}
		i = end + 1;
	}
	free(seen);
	for (size_t i = 0; i < g.total; i++)
		g.score += (size_t)g.results[i].correct;
	g.percent = g.total ? (int)(g.score * 100 / g.total) : 100;
	if (bad) {
		quiz_grades_free(&g);
		return -1;
	}
	*out = g;
	return 0;
}

void quiz_grades_free(quiz_grades_t *g)
{
	for (size_t i = 0; g->results && i < g->total; i++)
		free(g->results[i].given);
	free(g->results);
	g->results = NULL;
}
