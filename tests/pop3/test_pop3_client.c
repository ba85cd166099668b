/* test_pop3_client.c — the supervisor's POP3 client, driven against the real
 * pop3_server (each side's output fed to the other), and against scripted
 * and hostile servers. The command sequence is the observable behaviour. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "pop3/mailbox.h"
#include "pop3/pop3_client.h"
#include "pop3/pop3_server.h"
#include "suites.h"

static const char MSG1[] =
	"From: smith@isp.example\r\n"
	"To: boss@corp.example\r\n"
	"Subject: Progress report\r\n"
	"\r\n"
	"The parser is done.\r\n"
	".signature follows\r\n"
	".\r\n"
	"Smith\r\n";
static const char MSG2[] =
	"From: smith@isp.example\r\n"
	"Subject: Lunch\r\n"
	"\r\n"
	"Noon?\r\n";

typedef struct fx {
	mailstore_t *ms;
	mailbox_t *boss;
	pop3_client_t *c;
	char cmds[512];         /* the commands sent, joined by '|' */
	strbuf_t got[4];        /* on_message data */
	char uids[4][72];
	size_t nmsg;
	int vanished;
	size_t data_in;
} fx_t;

static void on_line_out(void *ctx, const char *line, size_t len)
{
	fx_t *f = ctx;
	size_t n = strlen(f->cmds);
	snprintf(f->cmds + n, sizeof f->cmds - n, "%s%.*s", n ? "|" : "", (int)len, line);
}

static void on_line_in(void *ctx, const char *line, size_t len, int is_data)
{
	(void)line;
	(void)len;
	((fx_t *)ctx)->data_in += is_data != 0;
}

static void on_message(void *ctx, const char *uid, const char *data, size_t len)
{
	fx_t *f = ctx;
	CU_ASSERT_FATAL(f->nmsg < 4);
	sb_append(&f->got[f->nmsg], data, len);
	snprintf(f->uids[f->nmsg], sizeof f->uids[0], "%s", uid);
	f->nmsg++;
}

static void on_vanish(void *ctx)
{
	((fx_t *)ctx)->vanished++;
}

static const pop3_client_hooks_t hooks = {
	.on_line_out = on_line_out, .on_line_in = on_line_in,
	.on_message = on_message, .on_vanish = on_vanish,
};

static void fx_init(fx_t *f)
{
	memset(f, 0, sizeof *f);
	f->ms = mailstore_new();
	f->boss = mailstore_add(f->ms, "boss@corp.example", "boss", "s3cret", -1);
	mailbox_deliver(f->boss, MSG1, strlen(MSG1));
	mailbox_deliver(f->boss, MSG2, strlen(MSG2));
}

static void fx_free(fx_t *f)
{
	pop3_client_free(f->c);
	for (int i = 0; i < 4; i++)
		sb_free(&f->got[i]);
	mailstore_free(f->ms);
}

/* Run the job against a real server session until both fall silent; a
 * vanishing client is a lost connection for the server. chunk > 0 feeds the
 * client that many octets at a time. */
static void converse_chunked(fx_t *f, const pop3_client_job_t *job, size_t chunk)
{
	static const pop3_server_config_t cfg = { .hostname = "mail.corp.example" };
	pop3_server_t *s = pop3_server_new(&cfg, f->ms, NULL, NULL);
	f->c = pop3_client_new(job, &hooks, f);
	strbuf_t to_client = STRBUF_INIT, to_server = STRBUF_INIT;
	pop3_server_greet(s, &to_client);
	for (int round = 0; round < 100; round++) {
		size_t n = to_client.len;
		for (size_t off = 0; off < n; off += chunk ? chunk : n) {
			size_t k = chunk && n - off > chunk ? chunk : n - off;
			pop3_client_feed(f->c, to_client.buf + off, k, &to_server);
		}
		sb_clear(&to_client);
		if (f->vanished) {
			pop3_server_lost(s);
			break;
		}
		if (to_server.len == 0)
			break;
		pop3_server_feed(s, to_server.buf, to_server.len, &to_client);
		sb_clear(&to_server);
		if (pop3_server_done(s) && to_client.len == 0)
			break;
	}
	pop3_server_free(s);
	sb_free(&to_client);
	sb_free(&to_server);
}

static void converse(fx_t *f, const pop3_client_job_t *job)
{
	converse_chunked(f, job, 0);
}

static void check_messages(fx_t *f)
{
	CU_ASSERT_EQUAL_FATAL(f->nmsg, 2);
	CU_ASSERT_STRING_EQUAL(sb_str(&f->got[0]), MSG1);     /* un-stuffed */
	CU_ASSERT_STRING_EQUAL(sb_str(&f->got[1]), MSG2);
}

static void test_default(void)
{
	fx_t f;
	fx_init(&f);
	pop3_client_job_t job = { .user = "boss", .pass = "s3cret", .top_lines = -1 };
	converse(&f, &job);
	CU_ASSERT_STRING_EQUAL(f.cmds, "USER boss|PASS s3cret|STAT|LIST|RETR 1|DELE 1|RETR 2|DELE 2|QUIT");
	check_messages(&f);
	CU_ASSERT_STRING_EQUAL(f.uids[0], "");
	CU_ASSERT_TRUE(pop3_client_done(f.c));
	CU_ASSERT_EQUAL(pop3_client_state(f.c), POP3_C_DONE);
	CU_ASSERT_TRUE(pop3_client_login_ok(f.c));
	CU_ASSERT_STRING_EQUAL(pop3_client_error(f.c), "");
	CU_ASSERT_EQUAL(pop3_client_retrieved(f.c), 2);
	CU_ASSERT_EQUAL(pop3_client_deleted(f.c), 2);
	CU_ASSERT_EQUAL(mailbox_count(f.boss), 0);          /* QUIT -> UPDATE */
	CU_ASSERT_FALSE(mailbox_locked(f.boss));
	fx_free(&f);
}

static void test_byte_by_byte(void)
{
	fx_t f;
	fx_init(&f);
	pop3_client_job_t job = { .user = "boss", .pass = "s3cret", .top_lines = -1 };
	converse_chunked(&f, &job, 1);
	CU_ASSERT_STRING_EQUAL(f.cmds, "USER boss|PASS s3cret|STAT|LIST|RETR 1|DELE 1|RETR 2|DELE 2|QUIT");
	check_messages(&f);
	CU_ASSERT_EQUAL(mailbox_count(f.boss), 0);
	fx_free(&f);
}

static void test_keep(void)
{
	fx_t f;
	fx_init(&f);
	pop3_client_job_t job = { .user = "boss", .pass = "s3cret", .keep = 1, .top_lines = -1 };
	converse(&f, &job);
	CU_ASSERT_STRING_EQUAL(f.cmds, "USER boss|PASS s3cret|STAT|LIST|RETR 1|RETR 2|QUIT");
	check_messages(&f);
	CU_ASSERT_EQUAL(pop3_client_deleted(f.c), 0);
	CU_ASSERT_EQUAL(mailbox_count(f.boss), 2);
	fx_free(&f);
}

static void test_uidl_seen(void)
{
	fx_t f;
	fx_init(&f);
	char uid1[24], uid2[24];
	memcpy(uid1, mailbox_msg(f.boss, 0)->uid, sizeof uid1);
	memcpy(uid2, mailbox_msg(f.boss, 1)->uid, sizeof uid2);
	const char *seen[] = { "not-here", uid1 };
	pop3_client_job_t job = { .user = "boss", .pass = "s3cret", .use_uidl = 1,
				  .seen = seen, .nseen = 2, .keep = 1, .top_lines = -1 };
	converse(&f, &job);
	CU_ASSERT_STRING_EQUAL(f.cmds, "USER boss|PASS s3cret|STAT|UIDL|LIST|RETR 2|QUIT");
	CU_ASSERT_EQUAL_FATAL(f.nmsg, 1);
	CU_ASSERT_STRING_EQUAL(sb_str(&f.got[0]), MSG2);
	CU_ASSERT_STRING_EQUAL(f.uids[0], uid2);
	CU_ASSERT_EQUAL(mailbox_count(f.boss), 2);
	fx_free(&f);

	/* nothing seen yet: both, each with its uid, and deleted */
	fx_init(&f);
	memcpy(uid1, mailbox_msg(f.boss, 0)->uid, sizeof uid1);
	pop3_client_job_t all = { .user = "boss", .pass = "s3cret", .use_uidl = 1, .top_lines = -1 };
	converse(&f, &all);
	CU_ASSERT_STRING_EQUAL(f.cmds, "USER boss|PASS s3cret|STAT|UIDL|LIST|RETR 1|DELE 1|RETR 2|DELE 2|QUIT");
	CU_ASSERT_STRING_EQUAL(f.uids[0], uid1);
	CU_ASSERT_EQUAL(mailbox_count(f.boss), 0);
	fx_free(&f);
}

static void test_top(void)
{
	fx_t f;
	fx_init(&f);
	pop3_client_job_t job = { .user = "boss", .pass = "s3cret", .top_lines = 1 };
	converse(&f, &job);
	CU_ASSERT_STRING_EQUAL(f.cmds, "USER boss|PASS s3cret|STAT|LIST|TOP 1 1|RETR 1|DELE 1|"
			       "TOP 2 1|RETR 2|DELE 2|QUIT");
	check_messages(&f);
	fx_free(&f);
}

static void test_rset(void)
{
	fx_t f;
	fx_init(&f);
	pop3_client_job_t job = { .user = "boss", .pass = "s3cret", .top_lines = -1, .rset = 1 };
	converse(&f, &job);
	CU_ASSERT_STRING_EQUAL(f.cmds, "USER boss|PASS s3cret|STAT|LIST|RETR 1|DELE 1|RETR 2|DELE 2|RSET|QUIT");
	CU_ASSERT_EQUAL(pop3_client_deleted(f.c), 2);
	CU_ASSERT_EQUAL(mailbox_count(f.boss), 2);          /* RSET undid the DELEs */
	fx_free(&f);
}

static void test_wrong_password(void)
{
	fx_t f;
	fx_init(&f);
	pop3_client_job_t job = { .user = "boss", .pass = "guess", .top_lines = -1 };
	converse(&f, &job);
	CU_ASSERT_STRING_EQUAL(f.cmds, "USER boss|PASS guess|QUIT");
	CU_ASSERT_FALSE(pop3_client_login_ok(f.c));
	CU_ASSERT_STRING_EQUAL(pop3_client_error(f.c), "-ERR [AUTH] Invalid login or password");
	CU_ASSERT_TRUE(pop3_client_done(f.c));
	CU_ASSERT_EQUAL(pop3_client_retrieved(f.c), 0);
	CU_ASSERT_EQUAL(mailbox_count(f.boss), 2);
	fx_free(&f);
}

static void test_maildrop_locked(void)
{
	fx_t f;
	fx_init(&f);
	mailbox_lock(f.boss);                   /* another session holds it */
	pop3_client_job_t job = { .user = "boss", .pass = "s3cret", .top_lines = -1 };
	converse(&f, &job);
	CU_ASSERT_STRING_EQUAL(f.cmds, "USER boss|PASS s3cret|QUIT");
	CU_ASSERT_FALSE(pop3_client_login_ok(f.c));
	CU_ASSERT_STRING_EQUAL(pop3_client_error(f.c), "-ERR [IN-USE] Maildrop already locked");
	CU_ASSERT_EQUAL(mailbox_count(f.boss), 2);
	fx_free(&f);
}

static void test_drop_before_quit(void)
{
	fx_t f;
	fx_init(&f);
	pop3_client_job_t job = { .user = "boss", .pass = "s3cret", .top_lines = -1,
				  .drop_before_quit = 1 };
	converse(&f, &job);
	CU_ASSERT_STRING_EQUAL(f.cmds, "USER boss|PASS s3cret|STAT|LIST|RETR 1|DELE 1|RETR 2|DELE 2");
	CU_ASSERT_EQUAL(f.vanished, 1);
	CU_ASSERT_TRUE(pop3_client_done(f.c));
	check_messages(&f);
	CU_ASSERT_EQUAL(pop3_client_deleted(f.c), 2);
	CU_ASSERT_EQUAL(mailbox_count(f.boss), 2);          /* no QUIT, no UPDATE */
	CU_ASSERT_FALSE(mailbox_locked(f.boss));
	fx_free(&f);
}

static void test_empty_maildrop(void)
{
	fx_t f;
	fx_init(&f);
	const char *uids[] = { mailbox_msg(f.boss, 0)->uid, mailbox_msg(f.boss, 1)->uid };
	mailbox_remove_uids(f.boss, uids, 2);
	pop3_client_job_t job = { .user = "boss", .pass = "s3cret", .top_lines = -1 };
	converse(&f, &job);
	CU_ASSERT_STRING_EQUAL(f.cmds, "USER boss|PASS s3cret|STAT|LIST|QUIT");
	CU_ASSERT_EQUAL(f.nmsg, 0);
	CU_ASSERT_TRUE(pop3_client_done(f.c));
	fx_free(&f);
}

/* ---- scripted servers -------------------------------------------------- */

typedef struct exchange {
	const char *server;     /* what the server sends */
	const char *client;     /* the command the client sends next ("" none) */
} exchange_t;

static void run_script(const exchange_t *x, size_t n, const pop3_client_job_t *job,
		       fx_t *f, unsigned line)
{
	f->c = pop3_client_new(job, &hooks, f);
	strbuf_t out = STRBUF_INIT;
	for (size_t i = 0; i < n; i++) {
		sb_clear(&out);
		pop3_client_feed(f->c, x[i].server, strlen(x[i].server), &out);
		char want[128];
		snprintf(want, sizeof want, "%s%s", x[i].client, *x[i].client ? "\r\n" : "");
		char msg[300];
		snprintf(msg, sizeof msg, "step %zu: want \"%s\", got \"%.100s\"", i, x[i].client, sb_str(&out));
		CU_assertImplementation(strcmp(sb_str(&out), want) == 0 ? CU_TRUE : CU_FALSE,
					line, msg, __FILE__, "", CU_FALSE);
	}
	sb_free(&out);
}

#define SCRIPT(x, job, f) run_script((x), sizeof (x) / sizeof (x)[0], (job), (f), __LINE__)

static const exchange_t err_script[] = {
	{ "+OK ready\r\n", "USER boss" },
	{ "+OK\r\n", "PASS s3cret" },
	{ "+OK logged in\r\n", "STAT" },
	{ "+OK 3 30\r\n", "LIST" },
	{ "+OK\r\n1 10\r\n2 10\r\n3 10\r\n.\r\n", "TOP 1 0" },
	{ "-ERR TOP not supported\r\n", "RETR 1" },         /* TOP is optional */
	{ "-ERR message vanished\r\n", "TOP 2 0" },         /* skip it: no DELE */
	{ "+OK\r\nSubject: x\r\n\r\n.\r\n", "RETR 2" },
	{ "+OK 10 octets\r\nSubject: x\r\n\r\n..dot\r\n.\r\n", "DELE 2" },
	{ "-ERR cannot\r\n", "TOP 3 0" },
	{ "+OK\r\n.\r\n", "RETR 3" },
	{ "+OK\r\n.\r\n", "DELE 3" },
	{ "+OK\r\n", "QUIT" },
	{ "+OK bye\r\n", "" },
	{ "+OK more junk after the end\r\n", "" },
};

static void test_server_errors(void)
{
	fx_t f;
	memset(&f, 0, sizeof f);
	pop3_client_job_t job = { .user = "boss", .pass = "s3cret", .top_lines = 0 };
	SCRIPT(err_script, &job, &f);
	CU_ASSERT_TRUE(pop3_client_done(f.c));
	CU_ASSERT_EQUAL(pop3_client_retrieved(f.c), 2);     /* 2 and 3 */
	CU_ASSERT_EQUAL(pop3_client_deleted(f.c), 1);       /* only 3 */
	CU_ASSERT_STRING_EQUAL(pop3_client_error(f.c), "-ERR cannot");
	CU_ASSERT_EQUAL_FATAL(f.nmsg, 2);
	CU_ASSERT_STRING_EQUAL(sb_str(&f.got[0]), "Subject: x\r\n\r\n.dot\r\n");
	CU_ASSERT_STRING_EQUAL(sb_str(&f.got[1]), "");
	pop3_client_free(f.c);
	for (int i = 0; i < 4; i++)
		sb_free(&f.got[i]);
}

static const exchange_t junk_script[] = {
	{ "HTTP/1.1 400 Bad Request\r\n", "QUIT" },         /* not a POP3 server */
	{ "\x16\x03\x01\xff\xfe\r\n", "" },
};

static const exchange_t uidl_err_script[] = {
	{ "+OK\n", "USER boss" },                           /* bare LF status lines */
	{ "+OK\n", "PASS s3cret" },
	{ "+OK\n", "STAT" },
	{ "+OK 1 5\n", "UIDL" },
	{ "-ERR no UIDL here\r\n", "LIST" },                /* go on without uids */
	{ "+OK\r\n1 5\r\n.\r\n", "RETR 1" },
	{ "+OK\r\na\nb\r\n.\r\n", "DELE 1" },
	{ "+OK\r\n", "QUIT" },
	{ "-ERR some deleted messages not removed\r\n", "" },
};

static void test_junk_and_errors(void)
{
	fx_t f;
	memset(&f, 0, sizeof f);
	pop3_client_job_t job = { .user = "boss", .pass = "s3cret", .top_lines = -1 };
	SCRIPT(junk_script, &job, &f);
	CU_ASSERT_TRUE(pop3_client_done(f.c));
	CU_ASSERT_FALSE(pop3_client_login_ok(f.c));
	CU_ASSERT_STRING_EQUAL(pop3_client_error(f.c), "HTTP/1.1 400 Bad Request");
	pop3_client_free(f.c);

	memset(&f, 0, sizeof f);
	const char *seen[] = { "x" };
	pop3_client_job_t uidl = { .user = "boss", .pass = "s3cret", .top_lines = -1,
				   .use_uidl = 1, .seen = seen, .nseen = 1 };
	SCRIPT(uidl_err_script, &uidl, &f);
	CU_ASSERT_EQUAL_FATAL(f.nmsg, 1);
	CU_ASSERT_STRING_EQUAL(f.uids[0], "");
	/* in a body only CRLF ends a line: the bare LF is content */
	CU_ASSERT_STRING_EQUAL(sb_str(&f.got[0]), "a\nb\r\n");
	CU_ASSERT_STRING_EQUAL(pop3_client_error(f.c), "-ERR some deleted messages not removed");
	CU_ASSERT_TRUE(pop3_client_done(f.c));
	pop3_client_free(f.c);
	sb_free(&f.got[0]);
}

/* Any bytes at all: the client never crashes and ends up done or waiting. */
static void test_random_bytes(void)
{
	static const char alphabet[] = "+OK-ERR .\r\n0123 \0\xff";
	uint64_t seed = 12345;
	for (int run = 0; run < 200; run++) {
		fx_t f;
		memset(&f, 0, sizeof f);
		pop3_client_job_t job = { .user = "boss", .pass = "s3cret", .top_lines = run % 3 - 1,
					  .use_uidl = run % 2, .keep = run % 5 == 0 };
		f.c = pop3_client_new(&job, &hooks, &f);
		strbuf_t out = STRBUF_INIT;
		char buf[64];
		for (int i = 0; i < 40 && !pop3_client_done(f.c); i++) {
			for (size_t k = 0; k < sizeof buf; k++) {
				seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
				buf[k] = alphabet[(seed >> 33) % (sizeof alphabet - 1)];
			}
			/* mostly well-formed answers, with junk in between */
			if (i % 2)
				pop3_client_feed(f.c, "+OK\r\n1 5\r\n2 7\r\n.\r\n", 19, &out);
			pop3_client_feed(f.c, buf, sizeof buf, &out);
		}
		if (run % 7 == 0)
			pop3_client_lost(f.c);
		CU_ASSERT(pop3_client_state(f.c) < POP3_C__COUNT);
		sb_free(&out);
		for (int i = 0; i < 4; i++)
			sb_free(&f.got[i]);
		pop3_client_free(f.c);
	}
}

/* A user name from a scenario cannot smuggle a second command. */
static void test_no_injection(void)
{
	fx_t f;
	fx_init(&f);
	pop3_client_job_t job = { .user = "boss\r\nDELE 1", .pass = "x\nQUIT", .top_lines = -1 };
	converse(&f, &job);
	CU_ASSERT_STRING_EQUAL(f.cmds, "USER boss|PASS x|QUIT");
	CU_ASSERT_EQUAL(mailbox_count(f.boss), 2);
	fx_free(&f);
}

static void test_lost(void)
{
	fx_t f;
	memset(&f, 0, sizeof f);
	pop3_client_job_t job = { .user = "boss", .pass = "s3cret", .top_lines = -1 };
	f.c = pop3_client_new(&job, &hooks, &f);
	strbuf_t out = STRBUF_INIT;
	pop3_client_feed(f.c, "+OK hi\r\n", 8, &out);
	CU_ASSERT_EQUAL(pop3_client_state(f.c), POP3_C_USER);
	pop3_client_lost(f.c);
	CU_ASSERT_TRUE(pop3_client_done(f.c));
	sb_clear(&out);
	pop3_client_feed(f.c, "+OK\r\n", 5, &out);
	CU_ASSERT_EQUAL(out.len, 0);
	pop3_client_lost(f.c);
	CU_ASSERT_STRING_EQUAL(pop3_client_state_name(POP3_C_RETR), "RETR");
	sb_free(&out);
	pop3_client_free(f.c);
}

CU_TestInfo pop3_client_tests[] = {
	{ "default: RETR and DELE each, QUIT", test_default },
	{ "server bytes one at a time", test_byte_by_byte },
	{ "keep mail on the server", test_keep },
	{ "UIDL skips seen messages", test_uidl_seen },
	{ "TOP before RETR", test_top },
	{ "RSET undoes the DELEs", test_rset },
	{ "wrong password", test_wrong_password },
	{ "maildrop locked", test_maildrop_locked },
	{ "drop before QUIT", test_drop_before_quit },
	{ "empty maildrop", test_empty_maildrop },
	{ "-ERR from the server", test_server_errors },
	{ "junk and missing UIDL", test_junk_and_errors },
	{ "random bytes", test_random_bytes },
	{ "no command injection", test_no_injection },
	{ "connection lost", test_lost },
	CU_TEST_INFO_NULL,
};
