/* scenario.h — the scenario language (documented in scenarios/README.md):
 * a title and description, changes to the default world, what happens when,
 * faults, teaching notes, questions and expectations. Parsing never crashes;
 * every mistake is one "FILE:LINE:COL: message" line. */
#ifndef MP_SCENARIO_H
#define MP_SCENARIO_H

#include <stddef.h>
#include <stdint.h>

#include "run/fault.h"
#include "core/trace.h"
#include "core/util.h"

typedef struct sc_user {
	char *addr;          /* "carol@corp.example" */
	char *login;         /* NULL: the local part */
	char *password;      /* NULL: keep / "s3cret" for new users */
	long quota;          /* -1: keep / default */
	int remove;          /* 1: the user no longer exists */
	int line;
} sc_user_t;

typedef enum sc_dns_op {
	SC_DNS_MX,           /* name MX pref value */
	SC_DNS_A,            /* name A value */
	SC_DNS_NO_MX,        /* remove every MX of name */
	SC_DNS_NXDOMAIN,     /* name does not exist */
} sc_dns_op_t;

typedef struct sc_dns {
	sc_dns_op_t op;
	char *name;
	int pref;
	char *value;
	int line;
} sc_dns_t;

typedef enum sc_host_role {
	SC_HOST_PLAIN,       /* a host that only exists on the network */
	SC_HOST_BACKUP_MX,   /* an SMTP host that accepts mail for `domain` and relays it on */
} sc_host_role_t;

typedef struct sc_host {
	char *name;
	char *addr;
	sc_host_role_t role;
	char *domain;        /* for SC_HOST_BACKUP_MX */
	int line;
} sc_host_t;

/* Links are named by the boxes of the picture they join: 2-3, 3-4, 4-5 (b_hop
 * HOP_5A) and 3-dns, the ISP host to its resolver (b_hop SC_HOP_DNS). */
#define SC_HOP_DNS HOP_NONE

typedef struct sc_link {
	hop_t a_hop, b_hop;  /* links are named by hop numbers: "link 3-4" (the smaller first) */
	int64_t latency_us;  /* -1: keep */
	int line;
} sc_link_t;

typedef struct sc_send {
	int64_t at_us;
	char *from;                      /* default smith@isp.example */
	char **to; size_t nto;
	char **cc; size_t ncc;
	char **bcc; size_t nbcc;
	char *subject;
	char *body;                      /* lines joined with "\r\n"; a line may hold a bare
					  * LF or CR, written \n and \r */
	long attach_octets;              /* > 0: an attachment of this size */
	int port;                        /* 25 or 587 (default 587, submission) */
	int auth;                        /* 1: AUTH PLAIN as the sender's login */
	int raw;                         /* 1: the client sends bare LF and CR as they are */
	int tls;                         /* 1: TLS required (STARTTLS; port 587 unless given) */
	int pipelining;                  /* 1: MAIL, RCPT..., DATA in one write (RFC 2920) */
	long repeat;                     /* 1, or N separate messages (repeat N) */
	int64_t every_us;                /* the spacing of repetitions (every TIME) */
	int pattern;                     /* 1: an address or the subject holds {n} or {d} */
	int line;
} sc_send_t;

typedef struct sc_check {
	int64_t at_us;
	char *login;                     /* default "boss" */
	char *password;                  /* NULL: the right one */
	int keep, uidl, rset, drop_before_quit;
	int top_lines;                   /* -1: no TOP */
	int tls;                         /* 1: TLS required (STLS on 110, implicit on 995) */
	int port;                        /* 0: 110 */
	int line;
} sc_check_t;

/* A generic fault rule, beyond the named catalogue. */
typedef enum sc_rule_kind {
	SC_RULE_REPLY,       /* hop H answers CODE TEXT to the Nth VERB */
	SC_RULE_LINK_DOWN,   /* link A-B down from T1 to T2 */
	SC_RULE_HOST_DOWN,   /* host NAME down from T1 to T2 */
} sc_rule_kind_t;

typedef struct sc_rule {
	sc_rule_kind_t kind;
	hop_t hop;           /* REPLY: the trace's hop of the conversation: HOP_2 the ISP host
	                        answering Smith's client, HOP_3 the corporate host answering
	                        the ISP's relay (scenarios/README.md) */
	char *verb;          /* REPLY: "RCPT", "MAIL", "DATA", "EHLO", "." (end of data), "PASS", ... */
	int attempt;         /* REPLY: 1 = first attempt only; 0 = every attempt */
	int code;            /* REPLY: 451 */
	char *text;          /* REPLY: "4.7.1 Greylisted, try again later" */
	hop_t a_hop, b_hop;  /* LINK_DOWN */
	char *host;          /* HOST_DOWN */
	int64_t from_us, to_us;  /* to_us = -1: for the rest of the run */
	int line;
} sc_rule_t;

/* How a graded question's answer is written (scenario_quiz.c). */
typedef enum sc_answer_kind {
	SC_ANSWER_NONE = 0,  /* a discussion question: no answer to grade */
	SC_ANSWER_HOST,      /* answer host mail.corp.example */
	SC_ANSWER_CODE,      /* answer code 550 (or +OK, -ERR) */
	SC_ANSWER_STATE,     /* answer state UPDATE */
	SC_ANSWER_CHOICE,    /* answer choice "x" among "x" "y" "z" */
	SC_ANSWER_NUMBER,    /* answer number 2 */
} sc_answer_kind_t;

typedef struct sc_note {
	int64_t at_us;       /* -1 unless triggered by time */
	char *on;            /* explain topic that triggers it ("RCPT", "smtp:354", "UPDATE"), or NULL */
	hop_t hop;           /* HOP_NONE = any hop; else the trace event's hop */
	char *text;
	int question;        /* 1: a question for students */
	int line;
	/* A graded question (answer != SC_ANSWER_NONE) is asked by `mailpath quiz`
	 * and `play --quiz`, not narrated by the run: the transcript would give
	 * its answer away. */
	sc_answer_kind_t answer;
	char *answer_text;   /* "mail.corp.example", "550", "+OK", "UPDATE", "it retries", "2" */
	char **choices;      /* CHOICE: the choices, in order (answer_text is one of them) */
	size_t nchoices;
	int answer_col;      /* the column of the answer's value, for check */
} sc_note_t;

/* quiz on TOPIC [hop H]: a key moment, where `quiz --mode key` asks. */
typedef struct sc_quiz_mark {
	char *topic;         /* anything `mailpath explain` knows, as for notes */
	hop_t hop;           /* HOP_NONE = any hop */
	int line, col;       /* col: the topic's column */
} sc_quiz_mark_t;

typedef enum sc_expect_kind {
	SC_EXPECT_DELIVERED,      /* a message reached ADDR's mailbox (subject optional) */
	SC_EXPECT_NOT_DELIVERED,  /* nothing reached ADDR's mailbox */
	SC_EXPECT_BOUNCE,         /* a bounce (DSN) reached ADDR's mailbox */
	SC_EXPECT_NO_BOUNCE,
	SC_EXPECT_MAILDROP,       /* ADDR's maildrop holds N messages at the end */
	SC_EXPECT_POP3_ENDED,     /* the last POP3 session ended in STATE */
	SC_EXPECT_QUEUE,          /* the ISP queue holds N messages at the end */
	SC_EXPECT_REPLY,          /* some server sent reply CODE (at hop H, if given) */
	SC_EXPECT_NO_REPLY,
	SC_EXPECT_SECRET_SEEN,    /* an observer on link a-b read a password in clear */
	SC_EXPECT_NO_SECRET_SEEN,
} sc_expect_kind_t;

typedef struct sc_expect {
	sc_expect_kind_t kind;
	char *addr;
	char *state;         /* POP3_ENDED: "UPDATE", "TRANSACTION", "AUTHORIZATION" */
	char *subject;       /* DELIVERED: optional */
	int n;               /* MAILDROP, QUEUE; REPLY: the code */
	hop_t hop;           /* REPLY: HOP_NONE = any; else HOP_2 or HOP_3, as in sc_rule_t */
	hop_t a_hop, b_hop;  /* SECRET_SEEN: the link, as in sc_link_t */
	int line, col;
	char *source;        /* the directive as written, for reports */
} sc_expect_t;

typedef struct scenario {
	char *name;          /* bundled name or file stem: "default", "bad-password" */
	char *path;          /* as given, for messages */
	char *title;
	char *description;
	uint64_t seed;
	int has_seed;
	sc_user_t *users;     size_t nusers;
	sc_dns_t *dns;        size_t ndns;
	sc_host_t *hosts;     size_t nhosts;
	sc_link_t *links;     size_t nlinks;
	sc_send_t *sends;     size_t nsends;
	sc_check_t *checks;   size_t nchecks;
	fault_t *faults;      size_t nfaults;
	sc_rule_t *rules;     size_t nrules;
	sc_note_t *notes;     size_t nnotes;
	sc_expect_t *expects; size_t nexpects;
	int relay_tls;       /* relay-tls: 0 none (default), 1 may, 2 encrypt (smtp_client.h) */
	sc_quiz_mark_t *marks; size_t nmarks;
	long ndomains;        /* generated domains (domains N), 0 when none */
	char *domain_pattern; /* "site{d}.example" */
	long generated;       /* messages all repeats will send */
	int64_t watch_every_us;  /* watch queue every TIME; 0 when none */
} scenario_t;

/* Parse scenario text. On any error returns NULL and appends one
 * "PATH:LINE:COL: message\n" per error to errors (all errors, not just the first). */
scenario_t *scenario_parse(const char *path, const char *text, size_t len, strbuf_t *errors);
/* Load a file path, or the name of a bundled scenario ("bad-password"). */
scenario_t *scenario_load(const char *path_or_name, strbuf_t *errors);
void scenario_free(scenario_t *sc);

/* Generated volume (scenarios/README.md, "Volume"): a pattern's {n} is the
 * repetition (1-based), {d} the generated domain it falls on, ((n-1) mod D)+1. */
#define SCN_GENERATED_MAX 1000000L   /* messages all repeats of a file may send */
#define SCN_DOMAINS_MAX 10000L       /* generated domains */
void scenario_expand(const char *pattern, long n, long ndomains, strbuf_t *out);
/* The host of generated domain d (1-based): "mx.site7.example", 198.18.x.y. */
void scenario_domain_host(const scenario_t *sc, long d, strbuf_t *domain, strbuf_t *host,
			  char addr[16]);

/* The bundled scenarios, compiled into the binary (build/bundled.c). */
size_t scenario_bundled_count(void);
const char *scenario_bundled_name(size_t i);   /* "default" first */
const char *scenario_bundled_text(size_t i);
const char *scenario_bundled_title(size_t i);  /* parsed from its title line */

#endif
