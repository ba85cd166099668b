/* pop3_server_int.h — private to the two halves of the POP3 server session:
 * pop3_server.c (the session, its states, AUTHORIZATION, QUIT and the command
 * table) and pop3_server_txn.c (the snapshot and the TRANSACTION commands).
 * No other module includes this file. */
#ifndef MP_POP3_SERVER_INT_H
#define MP_POP3_SERVER_INT_H

#include <stddef.h>

#include "core/changes.h"
#include "core/linebuf.h"
#include "pop3/pop3_server.h"
#include "core/proto_limits.h"

typedef struct pop3_server_snap {
	size_t index;           /* in the mailbox; stable while we hold the lock */
	size_t len;             /* stored octets */
	size_t octets;          /* as sent: CRLF line ends, before byte-stuffing */
	char uid[sizeof ((mail_msg_t *)0)->uid];
	int deleted;            /* marked by DELE, unmarked by RSET */
} pop3_server_snap_t;

struct pop3_server {
	changes_t changes;      /* core/changes.h: for the world view */
	char *hostname;
	mailstore_t *store;
	pop3_server_hooks_t hooks;
	void *ctx;
	linebuf_t *lb;
	strbuf_t *out;          /* where replies go during greet/feed */
	pop3_server_state_t state;
	int opened;             /* greeted */
	int offer_stls;         /* RFC 2595 */
	int auth_needs_tls;     /* USER/PASS only inside TLS */
	int tls;                /* inside TLS */
	int starttls_now;       /* the +OK to STLS was just given */
	char *user;             /* the USER argument, in AUTHORIZATION */
	mailbox_t *mb;          /* locked, in TRANSACTION and UPDATE */
	pop3_server_snap_t *snap;
	size_t nsnap;
	size_t ndele;           /* in TRANSACTION: how many are marked now */
	/* what the server knows, for pop3_server_belief() */
	size_t marked;          /* at UPDATE: how many DELE marked */
	size_t removed;         /* at UPDATE: how many went */
	int lost;               /* the connection was lost without QUIT */
	int was_txn;            /* ... while in TRANSACTION */
};

#define POP3_SERVER_ARGS_MAX 3          /* more than any command takes */

typedef struct pop3_server_cmd pop3_server_cmd_t;
typedef struct pop3_server_verb {
	const char *verb;
	int (*check)(pop3_server_t *s, pop3_server_cmd_t *c);
	void (*proceed)(pop3_server_t *s, pop3_server_cmd_t *c);
	size_t min_args, max_args;
	const char *usage;
} pop3_server_verb_t;

struct pop3_server_cmd {
	const pop3_server_verb_t *def;
	const char *rest;       /* everything after "VERB " (PASS may hold spaces) */
	size_t argc;            /* all the arguments, even past ARGS_MAX */
	const char *argv[POP3_SERVER_ARGS_MAX];
	unsigned long msg;      /* the message number, once checked */
	unsigned long lines;    /* TOP's line count, once checked */
	char words[POP3_COMMAND_LINE_MAX + 1];
	char raw[POP3_COMMAND_LINE_MAX + 1];
};

/* pop3_server_txn.c: a message's octets with every line ended by CR LF
 * (RFC 1939 11), the size STAT, LIST and RETR report. */
size_t pop3_server_wire_octets(const char *p, size_t n);

/* pop3_server.c: output. is_data marks the lines of a multi-line body. */
void pop3_server_send_line(pop3_server_t *s, const char *p, size_t n, int is_data);
void pop3_server_say(pop3_server_t *s, int is_data, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
#define reply(s, ...) pop3_server_say((s), 0, __VA_ARGS__)
#define data_line(s, ...) pop3_server_say((s), 1, __VA_ARGS__)
int pop3_server_check_transaction(pop3_server_t *s, pop3_server_cmd_t *c);

/* pop3_server_txn.c: the snapshot (RFC 1939 4) and TRANSACTION (RFC 1939 5) */
void pop3_server_take_snapshot(pop3_server_t *s);
size_t pop3_server_live(const pop3_server_t *s, size_t *octets);
size_t pop3_server_remove_marked(pop3_server_t *s, size_t *marked);
int pop3_server_check_msg(pop3_server_t *s, pop3_server_cmd_t *c);
int pop3_server_check_opt_msg(pop3_server_t *s, pop3_server_cmd_t *c);
int pop3_server_check_top(pop3_server_t *s, pop3_server_cmd_t *c);
void pop3_server_proceed_stat(pop3_server_t *s, pop3_server_cmd_t *c);
void pop3_server_proceed_list(pop3_server_t *s, pop3_server_cmd_t *c);
void pop3_server_proceed_uidl(pop3_server_t *s, pop3_server_cmd_t *c);
void pop3_server_proceed_retr(pop3_server_t *s, pop3_server_cmd_t *c);
void pop3_server_proceed_top(pop3_server_t *s, pop3_server_cmd_t *c);
void pop3_server_proceed_dele(pop3_server_t *s, pop3_server_cmd_t *c);
void pop3_server_proceed_rset(pop3_server_t *s, pop3_server_cmd_t *c);
void pop3_server_proceed_noop(pop3_server_t *s, pop3_server_cmd_t *c);

#endif
