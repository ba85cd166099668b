/* scenario_parse.h — internal to the scenario module, shared by its files:
 *   scenario_lex.c     lines, tokens, error messages, values (addresses, times...)
 *   scenario_parse.c   scenario_parse(), the directive table, options, the world
 *   scenario_events.c  send, body, check, fault, note, question, expect
 *   scenario_quiz.c    a question's answer, quiz on TOPIC
 *   scenario.c         loading files and bundled scenarios, freeing
 * Other modules include scenario.h only. */
#ifndef MP_SCENARIO_PARSE_H
#define MP_SCENARIO_PARSE_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "run/scenario.h"

#define SCN_LINE_MAX 4096        /* bytes in one line, without its newline */
#define SCN_TOKENS_MAX 128       /* words and strings in one line */
#define SCN_ERRORS_MAX 100       /* then the parser stops, saying so */
#define SCN_SHOW_MAX 40          /* characters of a token quoted in a message */
#define SCN_ITEMS_MAX 1000       /* sends, checks, faults, rules, notes, expects... each */
#define SCN_BODY_MAX (1L << 20)  /* octets of one send's body */
#define SCN_TIME_MAX (30LL * 24 * 3600 * 1000000)   /* 30d: a lesson's horizon */
#define SCN_ATTACH_MAX (100L << 20)
#define SCN_QUOTA_MAX (1L << 30)

typedef struct scn_tok {
	const char *s;     /* the word, or the string without quotes and escapes */
	size_t off, end;   /* bytes of the line it was read from */
	int col;           /* 1-based column (characters) */
	int quoted;        /* 1: written as "..." (never a keyword) */
} scn_tok_t;

typedef struct scn_parser {
	const char *path;
	strbuf_t *errors;
	int nerrors, stopped;
	int line;                        /* 1-based */
	const char *text;                /* the current line, without its newline */
	size_t len;
	scn_tok_t tok[SCN_TOKENS_MAX];
	size_t ntok, pos;                /* tokens of the line; the next one to read */
	char *store;                     /* the tokens' texts */
	size_t store_cap;
	scenario_t *sc;
	int title_line, seed_line;       /* 0 until seen */
	int title_tried;                 /* a title line was there, right or wrong */
	strbuf_t desc;
	int at_col;                      /* the line began with "at TIME": its column, else 0 */
	int ctl_col;                     /* the column of the line's first \n or \r escape, else 0 */
	int64_t at_us;
	int patterns;                    /* addresses may hold {n} and {d} (a send) */
} scn_parser_t;

/* A message shown in an error: at most SCN_SHOW_MAX characters, then "…". */
typedef struct scn_shown {
	char s[SCN_SHOW_MAX * 4 + 8];
} scn_shown_t;

/* scenario_lex.c */
int scenario_error(scn_parser_t *p, int col, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));      /* always returns -1 */
scn_shown_t scenario_show(const char *s);
int scenario_lex_line(scn_parser_t *p);          /* checks and splits p->text; -1 reported */
int scenario_end_col(const scn_parser_t *p);     /* the column just past the last token */
const scn_tok_t *scenario_peek(const scn_parser_t *p);
const scn_tok_t *scenario_next(scn_parser_t *p);
int scenario_is_word(const scn_tok_t *t, const char *word);   /* unquoted, any case */

int scenario_val_time(scn_parser_t *p, const scn_tok_t *t, int64_t *us);
int scenario_val_int(scn_parser_t *p, const scn_tok_t *t, long min, long max, long *out);
int scenario_val_u64(scn_parser_t *p, const scn_tok_t *t, uint64_t *out);
int scenario_val_size(scn_parser_t *p, const scn_tok_t *t, long max, long *out);
int scenario_val_addr(scn_parser_t *p, const char *s, int col);
int scenario_val_domain(scn_parser_t *p, const scn_tok_t *t);
int scenario_val_ipv4(scn_parser_t *p, const scn_tok_t *t);
int scenario_val_login(scn_parser_t *p, const scn_tok_t *t);
int scenario_val_hop(scn_parser_t *p, const scn_tok_t *t, hop_t *out);
int scenario_val_link(scn_parser_t *p, const scn_tok_t *t, hop_t *a, hop_t *b);
int scenario_val_code(scn_parser_t *p, const scn_tok_t *t, int *code);

/* scenario_parse.c: the options of a directive, in any order after it. */
typedef enum scn_arg {
	SCN_ARG_FLAG,      /* no argument */
	SCN_ARG_TIME,      /* 2s, 150ms, 10m */
	SCN_ARG_TEXT,      /* a word or a "string" */
	SCN_ARG_ADDR,      /* one address */
	SCN_ARG_ADDRS,     /* addresses, separated by spaces or commas */
	SCN_ARG_SIZE,      /* 12MB, 500KB, 1000 (max in .max) */
	SCN_ARG_INT,       /* .min to .max */
	SCN_ARG_HOP,       /* 1 2 3 4 5a 5b */
	SCN_ARG_DOMAIN,
	SCN_ARG_LOGIN,
} scn_arg_t;

typedef struct scn_opt {
	const char *name;
	scn_arg_t arg;
	long min, max;
} scn_opt_t;

typedef struct scn_val {
	int col;           /* the option's column; 0 when absent */
	int vcol;          /* its argument's column */
	int64_t num;       /* TIME, SIZE, INT */
	const char *str;   /* TEXT, ADDR, DOMAIN, LOGIN (points into the line's tokens) */
	hop_t hop;         /* HOP */
	char **list;       /* ADDRS (owned; steal it or scenario_vals_free) */
	size_t nlist;
} scn_val_t;

#define SCN_POS_MAX 4
/* Read the rest of the line: options of opts[], and up to maxpos other tokens
 * (positional arguments) into pos[]. -1 when something was reported. */
int scenario_options(scn_parser_t *p, const char *what, const scn_opt_t *opts, size_t nopts,
		     scn_val_t *vals, const scn_tok_t **pos, size_t maxpos, size_t *npos);
void scenario_vals_free(scn_val_t *vals, size_t n);
/* The time of a timed directive: the line's "at" prefix or its "at" option. */
int scenario_when(scn_parser_t *p, const scn_val_t *at_opt, int64_t dflt, int64_t *out);
int scenario_room(scn_parser_t *p, size_t n, const char *what, int col);   /* SCN_ITEMS_MAX */
/* How far a misspelling may be from the word it meant (0 for one letter). */
size_t scenario_near(const char *word);
/* "missing NOUN (usage: ...)" at the end of the line; returns -1. */
int scenario_missing(scn_parser_t *p, const char *noun, const char *what);
/* The one argument of a line like title "x" or body "x"; NULL when reported. */
const scn_tok_t *scenario_only_arg(scn_parser_t *p, const char *what, const char *noun);

/* Append one zeroed element to a growable array (arr, n). */
#define SCN_PUSH(arr, n) \
	((arr) = xgrow((arr), n, sizeof *(arr)), \
	 memset(&(arr)[(n)], 0, sizeof *(arr)), &(arr)[(n)++])

/* scenario_events.c: one function per directive; kw is the directive's word. */
int scenario_dir_send(scn_parser_t *p, const scn_tok_t *kw);
int scenario_dir_body(scn_parser_t *p, const scn_tok_t *kw);
int scenario_dir_check(scn_parser_t *p, const scn_tok_t *kw);
int scenario_dir_fault(scn_parser_t *p, const scn_tok_t *kw);
int scenario_dir_note(scn_parser_t *p, const scn_tok_t *kw);
int scenario_dir_expect(scn_parser_t *p, const scn_tok_t *kw);
int scenario_dir_relay_tls(scn_parser_t *p, const scn_tok_t *kw);
/* A topic is anything `mailpath explain` knows; -1 (reported) otherwise. */
int scenario_topic_check(scn_parser_t *p, const scn_val_t *v);

/* scenario_quiz.c: graded answers and key moments.
 * scenario_quiz_split: a question line's "answer ..." tail is cut off the
 * line's tokens (so the question's options end there); returns how many
 * tokens it holds (0: none). scenario_quiz_answer then reads that tail
 * into the question just parsed. */
size_t scenario_quiz_split(scn_parser_t *p);
int scenario_quiz_answer(scn_parser_t *p, size_t ntok, sc_note_t *o);
int scenario_dir_quiz(scn_parser_t *p, const scn_tok_t *kw);
void scenario_quiz_free(scenario_t *sc);

/* scenario_volume.c: generated volume */
int scenario_dir_domains(scn_parser_t *p, const scn_tok_t *kw);
int scenario_dir_watch(scn_parser_t *p, const scn_tok_t *kw);
int scenario_val_pattern(scn_parser_t *p, const char *s, int col, int *has_d);
int scenario_send_volume(scn_parser_t *p, sc_send_t *s, const scn_val_t *repeat,
			 const scn_val_t *every, int col);

#endif
