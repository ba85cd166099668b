/* test_pop3_server.c — the POP3 server session (RFC 1939, RFC 2449 CAPA,
 * RFC 3206 codes), driven line by line against a fixture store where
 * boss/s3cret holds two messages, the first with body lines that start with
 * a dot. Tables of { line in, response expected (prefix), state expected }. */
#include <stdio.h>
#include <string.h>

#include "pop3/mailbox.h"
#include "pop3/pop3_server.h"
#include "suites.h"

#define HOST "mail.corp.example"

static const char MSG1[] =
	"From: smith@isp.example\r\n"
	"To: boss@corp.example\r\n"
	"Subject: Progress report\r\n"
	"\r\n"
	"The parser is done.\r\n"
	".signature follows\r\n"
	".\r\n"
	"..\r\n"
	"Smith\r\n";
/* what RETR 1 sends after its +OK line (RFC 1939 3, byte-stuffing) */
static const char MSG1_STUFFED[] =
	"From: smith@isp.example\r\n"
	"To: boss@corp.example\r\n"
	"Subject: Progress report\r\n"
	"\r\n"
	"The parser is done.\r\n"
	"..signature follows\r\n"
	"..\r\n"
	"...\r\n"
	"Smith\r\n"
	".\r\n";
static const char MSG2[] =
	"From: smith@isp.example\r\n"
	"Subject: Lunch\r\n"
	"\r\n"
	"Noon?\r\n";

typedef struct fx {
	mailstore_t *ms;
	mailbox_t *boss;
	pop3_server_t *s;
	strbuf_t out;
	char states[256];       /* "CLOSED>AUTHORIZATION " ... */
	int updates;
	size_t removed;
	size_t lines_in;
	size_t data_out, status_out;
} fx_t;

static void on_state(void *ctx, pop3_server_state_t from, pop3_server_state_t to)
{
	fx_t *f = ctx;
	size_t n = strlen(f->states);
	snprintf(f->states + n, sizeof f->states - n, "%s>%s ",
		 pop3_server_state_name(from), pop3_server_state_name(to));
}

static void on_line_in(void *ctx, const char *line, size_t len)
{
	(void)line;
	(void)len;
	((fx_t *)ctx)->lines_in++;
}

static void on_line_out(void *ctx, const char *line, size_t len, int is_data)
{
	fx_t *f = ctx;
	(void)line;
	(void)len;
	if (is_data)
		f->data_out++;
	else
		f->status_out++;
}

static void on_update(void *ctx, const char *user, size_t removed)
{
	fx_t *f = ctx;
	CU_ASSERT_STRING_EQUAL(user, "boss");
	f->updates++;
	f->removed = removed;
}

static const pop3_server_hooks_t hooks = {
	.on_state = on_state, .on_line_in = on_line_in,
	.on_line_out = on_line_out, .on_update = on_update,
};
static const pop3_server_config_t cfg = { .hostname = HOST };

static void fx_store(fx_t *f)
{
	memset(f, 0, sizeof *f);
	f->ms = mailstore_new();
	f->boss = mailstore_add(f->ms, "boss@corp.example", "boss", "s3cret", 1000000);
	mailstore_add(f->ms, "smith@isp.example", "smith", "pw", 1000000);
	CU_ASSERT_EQUAL(mailbox_deliver(f->boss, MSG1, strlen(MSG1)), 0);
	CU_ASSERT_EQUAL(mailbox_deliver(f->boss, MSG2, strlen(MSG2)), 0);
	sb_init(&f->out);
}

static pop3_server_t *fx_session(fx_t *f)
{
	pop3_server_t *s = pop3_server_new(&cfg, f->ms, &hooks, f);
	sb_clear(&f->out);
	pop3_server_greet(s, &f->out);
	return s;
}

static void fx_open(fx_t *f)
{
	fx_store(f);
	f->s = fx_session(f);
}

static void fx_close(fx_t *f)
{
	pop3_server_free(f->s);
	mailstore_free(f->ms);
	sb_free(&f->out);
}

/* Feed one command line (CRLF added) and return everything the server sent. */
static const char *send_to(fx_t *f, pop3_server_t *s, const char *line)
{
	sb_clear(&f->out);
	pop3_server_feed(s, line, strlen(line), &f->out);
	pop3_server_feed(s, "\r\n", 2, &f->out);
	return sb_str(&f->out);
}

static const char *say(fx_t *f, const char *line)
{
	return send_to(f, f->s, line);
}

static void check_prefix(const char *got, const char *want, const char *in, unsigned line)
{
	int ok = strncmp(got, want, strlen(want)) == 0;
	strbuf_t v = STRBUF_INIT;
	str_visible(got, strlen(got) > 200 ? 200 : strlen(got), &v);
	char msg[512];
	snprintf(msg, sizeof msg, "after \"%.60s\": want \"%.80s...\", got \"%s\"", in, want, sb_str(&v));
	sb_free(&v);
	CU_assertImplementation(ok ? CU_TRUE : CU_FALSE, line, msg, __FILE__, "", CU_FALSE);
}

typedef struct step {
	const char *in;
	const char *want;       /* prefix of the whole response */
	pop3_server_state_t state;
} step_t;

static void run_steps(fx_t *f, const step_t *steps, size_t n, unsigned line)
{
	for (size_t i = 0; i < n; i++) {
		const char *got = say(f, steps[i].in);
		check_prefix(got, steps[i].want, steps[i].in, line);
		CU_ASSERT_EQUAL(pop3_server_state(f->s), steps[i].state);
	}
}

#define RUN(f, steps) run_steps((f), (steps), sizeof (steps) / sizeof (steps)[0], __LINE__)
#define A POP3_S_AUTHORIZATION
#define T POP3_S_TRANSACTION
#define C POP3_S_CLOSED

static void login(fx_t *f)
{
	static const step_t steps[] = {
		{ "USER boss", "+OK\r\n", A },
		{ "PASS s3cret", "+OK boss's maildrop has 2 messages (", T },
	};
	RUN(f, steps);
}

/* ---- AUTHORIZATION ----------------------------------------------------- */

static void test_greeting(void)
{
	fx_t f;
	fx_store(&f);
	f.s = pop3_server_new(&cfg, f.ms, &hooks, &f);
	CU_ASSERT_FALSE(pop3_server_done(f.s));
	pop3_server_greet(f.s, &f.out);
	CU_ASSERT_STRING_EQUAL(sb_str(&f.out), "+OK " HOST " POP3 server ready\r\n");
	CU_ASSERT_EQUAL(pop3_server_state(f.s), A);
	CU_ASSERT_STRING_EQUAL(f.states, "CLOSED>AUTHORIZATION ");
	CU_ASSERT_FALSE(pop3_server_done(f.s));
	/* no APOP timestamp <...> in the greeting */
	CU_ASSERT_PTR_NULL(strchr(sb_str(&f.out), '<'));
	fx_close(&f);
}

static const step_t auth_steps[] = {
	/* every TRANSACTION command is refused before login */
	{ "STAT", "-ERR ", A }, { "LIST", "-ERR ", A }, { "LIST 1", "-ERR ", A },
	{ "RETR 1", "-ERR ", A }, { "DELE 1", "-ERR ", A }, { "NOOP", "-ERR ", A },
	{ "RSET", "-ERR ", A }, { "TOP 1 1", "-ERR ", A }, { "UIDL", "-ERR ", A },
	{ "UIDL 1", "-ERR ", A },
	{ "PASS s3cret", "-ERR USER first\r\n", A },
	{ "APOP boss c4c9334bac560ecc979e58001b3e22fb", "-ERR APOP not supported\r\n", A },
	{ "STLS", "-ERR unknown command\r\n", A },
	{ "AUTH PLAIN", "-ERR unknown command\r\n", A },
	{ "HELO", "-ERR unknown command\r\n", A },
	{ "", "-ERR ", A },
	{ "USER", "-ERR ", A },
	{ "USER a b", "-ERR ", A },
	{ "PASS", "-ERR ", A },
	/* a wrong password, then the right one: USER is needed again */
	{ "USER boss", "+OK\r\n", A },
	{ "PASS wrong", "-ERR [AUTH] Invalid login or password\r\n", A },
	{ "PASS s3cret", "-ERR USER first\r\n", A },
	/* an unknown user looks like a known one until PASS */
	{ "USER nobody", "+OK\r\n", A },
	{ "PASS s3cret", "-ERR [AUTH] Invalid login or password\r\n", A },
	/* another user's password does not open boss's maildrop */
	{ "USER boss", "+OK\r\n", A },
	{ "PASS pw", "-ERR [AUTH] Invalid login or password\r\n", A },
	{ "USER boss", "+OK\r\n", A },
	{ "PASS s3cret", "+OK boss's maildrop has 2 messages (", T },
	/* AUTHORIZATION commands are refused in TRANSACTION */
	{ "USER boss", "-ERR ", T },
	{ "PASS s3cret", "-ERR ", T },
	{ "APOP boss c4c9334bac560ecc979e58001b3e22fb", "-ERR ", T },
	{ "QUIT", "+OK " HOST " POP3 server signing off (2 messages left)\r\n", C },
};

static void test_authorization(void)
{
	fx_t f;
	fx_open(&f);
	RUN(&f, auth_steps);
	CU_ASSERT_TRUE(pop3_server_done(f.s));
	CU_ASSERT_FALSE(mailbox_locked(f.boss));
	fx_close(&f);
}

static void test_login_octets(void)
{
	fx_t f;
	fx_open(&f);
	say(&f, "USER boss");
	char want[128];
	snprintf(want, sizeof want, "+OK boss's maildrop has 2 messages (%zu octets)\r\n",
		 strlen(MSG1) + strlen(MSG2));
	CU_ASSERT_STRING_EQUAL(say(&f, "PASS s3cret"), want);
	CU_ASSERT_TRUE(mailbox_locked(f.boss));
	fx_close(&f);
}

static void test_login_by_address(void)
{
	fx_t f;
	fx_open(&f);
	static const step_t steps[] = {
		{ "USER BOSS@corp.example", "+OK\r\n", A },
		{ "PASS s3cret", "+OK boss's maildrop has 2 messages", T },
	};
	RUN(&f, steps);
	fx_close(&f);
}

static void test_quit_in_authorization(void)
{
	fx_t f;
	fx_open(&f);
	say(&f, "USER boss");
	CU_ASSERT_STRING_EQUAL(say(&f, "QUIT"), "+OK " HOST " POP3 server signing off\r\n");
	CU_ASSERT_EQUAL(pop3_server_state(f.s), C);
	CU_ASSERT_TRUE(pop3_server_done(f.s));
	CU_ASSERT_STRING_EQUAL(f.states, "CLOSED>AUTHORIZATION AUTHORIZATION>CLOSED ");
	CU_ASSERT_EQUAL(f.updates, 0);
	/* nothing is read after QUIT */
	CU_ASSERT_STRING_EQUAL(say(&f, "USER boss"), "");
	fx_close(&f);
}

/* ---- TRANSACTION --------------------------------------------------------- */

static const step_t txn_steps[] = {
	{ "STAT", "+OK 2 ", T },
	{ "NOOP", "+OK\r\n", T },
	{ "LIST 3", "-ERR no such message\r\n", T },
	{ "LIST 0", "-ERR no such message\r\n", T },
	{ "LIST -1", "-ERR no such message\r\n", T },
	{ "LIST +1", "-ERR no such message\r\n", T },
	{ "LIST x", "-ERR no such message\r\n", T },
	{ "LIST 99999999999999999999", "-ERR no such message\r\n", T },
	{ "LIST 1 2", "-ERR ", T },
	{ "RETR", "-ERR ", T },
	{ "RETR 1 2", "-ERR ", T },
	{ "RETR 3", "-ERR no such message\r\n", T },
	{ "TOP 1", "-ERR ", T },
	{ "TOP 1 x", "-ERR ", T },
	{ "TOP 3 0", "-ERR no such message\r\n", T },
	{ "STAT 1", "-ERR ", T },
	{ "NOOP x", "-ERR ", T },
	{ "DELE", "-ERR ", T },
	{ "DELE 1", "+OK message 1 deleted\r\n", T },
	{ "DELE 1", "-ERR message 1 already deleted\r\n", T },
	{ "RETR 1", "-ERR message 1 already deleted\r\n", T },
	{ "LIST 1", "-ERR message 1 already deleted\r\n", T },
	{ "TOP 1 0", "-ERR message 1 already deleted\r\n", T },
	{ "UIDL 1", "-ERR message 1 already deleted\r\n", T },
	{ "STAT", "+OK 1 ", T },
	{ "LIST", "+OK 1 message (", T },
	{ "LIST 2", "+OK 2 ", T },               /* the others keep their numbers */
	{ "RETR 2", "+OK ", T },
	{ "RSET", "+OK maildrop has 2 messages (", T },
	{ "STAT", "+OK 2 ", T },
	{ "RETR 1", "+OK ", T },
	{ "CAPA", "+OK Capability list follows\r\n", T },
	{ "XTND XMIT", "-ERR unknown command\r\n", T },
	{ "QUIT now", "-ERR ", T },
	{ "QUIT", "+OK " HOST " POP3 server signing off (2 messages left)\r\n", C },
};

static void test_transaction(void)
{
	fx_t f;
	fx_open(&f);
	login(&f);
	RUN(&f, txn_steps);
	CU_ASSERT_EQUAL(mailbox_count(f.boss), 2);      /* RSET undid the DELE */
	CU_ASSERT_EQUAL(f.updates, 1);
	CU_ASSERT_EQUAL(f.removed, 0);
	fx_close(&f);
}

static const step_t case_steps[] = {
	{ "uSeR boss", "+OK\r\n", A },
	{ "pAsS s3cret", "+OK boss's maildrop has 2 messages", T },
	{ "stat", "+OK 2 ", T },
	{ "Retr 2", "+OK ", T },
	{ "list 2", "+OK 2 ", T },
	{ "uidl 2", "+OK 2 ", T },
	{ "top 2 0", "+OK\r\n", T },
	{ "dele 2", "+OK message 2 deleted\r\n", T },
	{ "rset", "+OK maildrop has 2", T },
	{ "noop", "+OK\r\n", T },
	{ "capa", "+OK Capability", T },
	{ "quit", "+OK " HOST " POP3 server signing off", C },
};

static void test_case_insensitive(void)
{
	fx_t f;
	fx_open(&f);
	RUN(&f, case_steps);
	fx_close(&f);
}

/* STAT and LIST count exactly the octets RETR sends before stuffing. */
static void test_sizes(void)
{
	fx_t f;
	fx_open(&f);
	login(&f);
	char want[256];
	snprintf(want, sizeof want, "+OK 2 %zu\r\n", strlen(MSG1) + strlen(MSG2));
	CU_ASSERT_STRING_EQUAL(say(&f, "STAT"), want);
	snprintf(want, sizeof want, "+OK 2 messages (%zu octets)\r\n1 %zu\r\n2 %zu\r\n.\r\n",
		 strlen(MSG1) + strlen(MSG2), strlen(MSG1), strlen(MSG2));
	CU_ASSERT_STRING_EQUAL(say(&f, "LIST"), want);
	snprintf(want, sizeof want, "+OK 1 %zu\r\n", strlen(MSG1));
	CU_ASSERT_STRING_EQUAL(say(&f, "LIST 1"), want);

	/* un-stuff what RETR sent: its size is what LIST announced */
	const char *got = say(&f, "RETR 1");
	const char *body = strstr(got, "\r\n");
	CU_ASSERT_PTR_NOT_NULL_FATAL(body);
	body += 2;
	size_t unstuffed = 0;
	for (const char *p = body; *p && strcmp(p, ".\r\n") != 0;) {
		const char *eol = strstr(p, "\r\n");
		CU_ASSERT_PTR_NOT_NULL_FATAL(eol);
		size_t n = (size_t)(eol - p) + 2;
		unstuffed += n - (p[0] == '.');
		p += n;
	}
	CU_ASSERT_EQUAL(unstuffed, strlen(MSG1));
	fx_close(&f);
}

static void test_retr_exact(void)
{
	fx_t f;
	fx_open(&f);
	login(&f);
	char want[512];
	snprintf(want, sizeof want, "+OK %zu octets\r\n%s", strlen(MSG1), MSG1_STUFFED);
	f.data_out = f.status_out = 0;
	CU_ASSERT_STRING_EQUAL(say(&f, "RETR 1"), want);
	CU_ASSERT_EQUAL(f.status_out, 1);      /* the +OK line */
	CU_ASSERT_EQUAL(f.data_out, 10);       /* nine lines and the "." */
	snprintf(want, sizeof want, "+OK %zu octets\r\n%s.\r\n", strlen(MSG2), MSG2);
	CU_ASSERT_STRING_EQUAL(say(&f, "RETR 2"), want);
	fx_close(&f);
}

static void test_top(void)
{
	fx_t f;
	fx_open(&f);
	login(&f);
	static const char head[] =
		"+OK\r\n"
		"From: smith@isp.example\r\n"
		"To: boss@corp.example\r\n"
		"Subject: Progress report\r\n"
		"\r\n";
	char want[512];
	snprintf(want, sizeof want, "%s.\r\n", head);
	CU_ASSERT_STRING_EQUAL(say(&f, "TOP 1 0"), want);
	snprintf(want, sizeof want, "%sThe parser is done.\r\n..signature follows\r\n.\r\n", head);
	CU_ASSERT_STRING_EQUAL(say(&f, "TOP 1 2"), want);
	snprintf(want, sizeof want, "+OK\r\n%s", MSG1_STUFFED);
	CU_ASSERT_STRING_EQUAL(say(&f, "TOP 1 100"), want);
	/* TOP marks nothing and changes nothing */
	snprintf(want, sizeof want, "+OK 2 %zu\r\n", strlen(MSG1) + strlen(MSG2));
	CU_ASSERT_STRING_EQUAL(say(&f, "STAT"), want);
	fx_close(&f);
}

/* A client that splits at LF alone (Python's poplib, fetchmail) or at CR alone
 * must see the same lines: only CR LF line ends go out, and the only line
 * that is "." alone is the last. 1 when out (after its status line) is so. */
static int only_crlf_and_one_end(const char *out, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (out[i] == '\n' && (i == 0 || out[i - 1] != '\r'))
			return 0;
		if (out[i] == '\r' && (i + 1 == len || out[i + 1] != '\n'))
			return 0;
	}
	const char *body = strstr(out, "\r\n");
	if (!body)
		return 0;
	body += 2;
	const char *dot = strstr(body, ".\r\n");
	while (dot && dot != body && dot[-1] != '\n')
		dot = strstr(dot + 1, ".\r\n");
	return dot && dot + 3 == out + len;
}

/* RFC 1939 3 and 11: whatever the maildrop holds (bare LF, bare CR, a dot
 * behind one), RETR and TOP send CRLF lines, byte-stuffed; the octet count is
 * that of the message with CRLF line ends, before byte-stuffing. */
static void test_stored_bare_line_ends(void)
{
	static const struct {
		const char *stored;
		size_t octets;          /* STAT, LIST, RETR's +OK */
		const char *retr;       /* after the +OK line */
		const char *top0;       /* TOP 1 0 after the +OK line */
		const char *top1;       /* TOP 1 1 */
	} cases[] = {
		{ "Subject: x\r\n\r\nTesting\n.\r\nMAIL FROM:<ceo@corp.example>\r\n", 56,
		  "Subject: x\r\n\r\nTesting\r\n..\r\nMAIL FROM:<ceo@corp.example>\r\n.\r\n",
		  "Subject: x\r\n\r\n.\r\n", "Subject: x\r\n\r\nTesting\r\n.\r\n" },
		{ "Subject: x\r\n\r\nTesting\r.\r\nQUIT\r\n", 32,
		  "Subject: x\r\n\r\nTesting\r\n..\r\nQUIT\r\n.\r\n",
		  "Subject: x\r\n\r\n.\r\n", "Subject: x\r\n\r\nTesting\r\n.\r\n" },
		{ "Subject: x\n\n.\n..\nend\r\n", 26,
		  "Subject: x\r\n\r\n..\r\n...\r\nend\r\n.\r\n",
		  "Subject: x\r\n\r\n.\r\n", "Subject: x\r\n\r\n..\r\n.\r\n" },
		{ "Subject: x\r\r.\rend\r", 22,
		  "Subject: x\r\n\r\n..\r\nend\r\n.\r\n",
		  "Subject: x\r\n\r\n.\r\n", "Subject: x\r\n\r\n..\r\n.\r\n" },
		{ "Subject: a\n.\r\n\r\nbody\r\n", 23,
		  "Subject: a\r\n..\r\n\r\nbody\r\n.\r\n",
		  "Subject: a\r\n..\r\n\r\n.\r\n", "Subject: a\r\n..\r\n\r\nbody\r\n.\r\n" },
		{ "a\r\r\nb\r\n", 8, "a\r\n\r\nb\r\n.\r\n", "a\r\n\r\n.\r\n", "a\r\n\r\nb\r\n.\r\n" },
		{ "Subject: x\r\n\r\nlast", 20, "Subject: x\r\n\r\nlast\r\n.\r\n",
		  "Subject: x\r\n\r\n.\r\n", "Subject: x\r\n\r\nlast\r\n.\r\n" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		fx_t f;
		memset(&f, 0, sizeof f);
		f.ms = mailstore_new();
		f.boss = mailstore_add(f.ms, "boss@corp.example", "boss", "s3cret", 1000000);
		CU_ASSERT_EQUAL(mailbox_deliver(f.boss, cases[i].stored, strlen(cases[i].stored)), 0);
		f.s = fx_session(&f);
		say(&f, "USER boss");
		CU_ASSERT_NSTRING_EQUAL(say(&f, "PASS s3cret"), "+OK boss's maildrop has 1 message", 33);
		char want[512];
		snprintf(want, sizeof want, "+OK 1 %zu\r\n", cases[i].octets);
		CU_ASSERT_STRING_EQUAL(say(&f, "STAT"), want);
		snprintf(want, sizeof want, "+OK 1 message (%zu octets)\r\n1 %zu\r\n.\r\n", cases[i].octets,
			 cases[i].octets);
		CU_ASSERT_STRING_EQUAL(say(&f, "LIST"), want);
		static const char *const cmds[] = { "RETR 1", "TOP 1 0", "TOP 1 1" };
		for (size_t k = 0; k < 3; k++) {
			const char *tail = k == 0 ? cases[i].retr : k == 1 ? cases[i].top0 : cases[i].top1;
			if (k == 0)
				snprintf(want, sizeof want, "+OK %zu octets\r\n%s", cases[i].octets, tail);
			else
				snprintf(want, sizeof want, "+OK\r\n%s", tail);
			const char *got = say(&f, cmds[k]);
			if (strcmp(got, want) != 0)
				fprintf(stderr, "\ncase %zu %s: got \"%s\"\n", i, cmds[k], got);
			CU_ASSERT_STRING_EQUAL(got, want);
			CU_ASSERT_TRUE(only_crlf_and_one_end(f.out.buf, f.out.len));
		}
		fx_close(&f);
	}
}

static void test_capa(void)
{
	static const char want[] =
		"+OK Capability list follows\r\n"
		"USER\r\nTOP\r\nUIDL\r\nRESP-CODES\r\nAUTH-RESP-CODE\r\n"
		"PIPELINING\r\nIMPLEMENTATION mailpath\r\n.\r\n";
	fx_t f;
	fx_open(&f);
	CU_ASSERT_STRING_EQUAL(say(&f, "CAPA"), want);
	CU_ASSERT_EQUAL(pop3_server_state(f.s), A);
	login(&f);
	CU_ASSERT_STRING_EQUAL(say(&f, "CAPA"), want);
	CU_ASSERT_PTR_NULL(strstr(want, "STLS"));
	CU_ASSERT_PTR_NULL(strstr(want, "SASL"));
	fx_close(&f);
}

/* ---- UPDATE, the lock, lost connections -------------------------------- */

static void test_quit_removes(void)
{
	fx_t f;
	fx_open(&f);
	char uid2[24];
	memcpy(uid2, mailbox_msg(f.boss, 1)->uid, sizeof uid2);
	login(&f);
	say(&f, "DELE 1");
	CU_ASSERT_EQUAL(mailbox_count(f.boss), 2);      /* only marked so far */
	CU_ASSERT_STRING_EQUAL(say(&f, "QUIT"),
			       "+OK " HOST " POP3 server signing off (1 message left)\r\n");
	CU_ASSERT_EQUAL(mailbox_count(f.boss), 1);
	CU_ASSERT_STRING_EQUAL(mailbox_msg(f.boss, 0)->uid, uid2);
	CU_ASSERT_EQUAL(mailbox_octets(f.boss), (long)strlen(MSG2));
	CU_ASSERT_FALSE(mailbox_locked(f.boss));
	CU_ASSERT_EQUAL(f.updates, 1);
	CU_ASSERT_EQUAL(f.removed, 1);
	CU_ASSERT_STRING_EQUAL(f.states, "CLOSED>AUTHORIZATION AUTHORIZATION>TRANSACTION "
			       "TRANSACTION>UPDATE UPDATE>CLOSED ");
	CU_ASSERT_TRUE(pop3_server_done(f.s));
	fx_close(&f);
}

static void test_lost_removes_nothing(void)
{
	fx_t f;
	fx_open(&f);
	login(&f);
	say(&f, "DELE 1");
	say(&f, "DELE 2");
	pop3_server_lost(f.s);
	CU_ASSERT_EQUAL(pop3_server_state(f.s), C);
	CU_ASSERT_TRUE(pop3_server_done(f.s));
	CU_ASSERT_EQUAL(mailbox_count(f.boss), 2);
	CU_ASSERT_FALSE(mailbox_locked(f.boss));
	CU_ASSERT_EQUAL(f.updates, 0);
	CU_ASSERT_PTR_NULL(strstr(f.states, "UPDATE"));
	CU_ASSERT_STRING_EQUAL(say(&f, "STAT"), "");
	pop3_server_lost(f.s);                          /* twice is harmless */
	fx_close(&f);
}

static void test_free_releases_lock(void)
{
	fx_t f;
	fx_open(&f);
	login(&f);
	say(&f, "DELE 1");
	pop3_server_free(f.s);
	f.s = NULL;
	CU_ASSERT_FALSE(mailbox_locked(f.boss));
	CU_ASSERT_EQUAL(mailbox_count(f.boss), 2);
	fx_close(&f);
}

static void test_in_use(void)
{
	fx_t f;
	fx_open(&f);
	login(&f);
	pop3_server_t *second = fx_session(&f);
	send_to(&f, second, "USER boss");
	CU_ASSERT_STRING_EQUAL(send_to(&f, second, "PASS s3cret"),
			       "-ERR [IN-USE] Maildrop already locked\r\n");
	CU_ASSERT_EQUAL(pop3_server_state(second), A);
	/* a wrong password is still just a wrong password */
	send_to(&f, second, "USER boss");
	CU_ASSERT_STRING_EQUAL(send_to(&f, second, "PASS nope"),
			       "-ERR [AUTH] Invalid login or password\r\n");
	/* once the first session quits, the second one gets in */
	say(&f, "QUIT");
	send_to(&f, second, "USER boss");
	check_prefix(send_to(&f, second, "PASS s3cret"), "+OK boss's maildrop", "PASS", __LINE__);
	CU_ASSERT_EQUAL(pop3_server_state(second), T);
	pop3_server_free(second);
	CU_ASSERT_FALSE(mailbox_locked(f.boss));
	fx_close(&f);
}

static void test_snapshot(void)
{
	static const char MSG3[] = "Subject: later\r\n\r\nlate news\r\n";
	fx_t f;
	fx_open(&f);
	login(&f);
	CU_ASSERT_EQUAL(mailbox_deliver(f.boss, MSG3, strlen(MSG3)), 0);
	char want[128];
	snprintf(want, sizeof want, "+OK 2 %zu\r\n", strlen(MSG1) + strlen(MSG2));
	CU_ASSERT_STRING_EQUAL(say(&f, "STAT"), want);
	CU_ASSERT_STRING_EQUAL(say(&f, "LIST 3"), "-ERR no such message\r\n");
	CU_ASSERT_STRING_EQUAL(say(&f, "RETR 3"), "-ERR no such message\r\n");
	say(&f, "DELE 1");
	CU_ASSERT_STRING_EQUAL(say(&f, "QUIT"),
			       "+OK " HOST " POP3 server signing off (2 messages left)\r\n");
	pop3_server_free(f.s);
	f.s = fx_session(&f);
	say(&f, "USER boss");
	snprintf(want, sizeof want, "+OK boss's maildrop has 2 messages (%zu octets)\r\n",
		 strlen(MSG2) + strlen(MSG3));
	CU_ASSERT_STRING_EQUAL(say(&f, "PASS s3cret"), want);
	snprintf(want, sizeof want, "+OK %zu octets\r\n%s.\r\n", strlen(MSG3), MSG3);
	CU_ASSERT_STRING_EQUAL(say(&f, "RETR 2"), want);
	fx_close(&f);
}

/* The "n uid" lines of a UIDL listing, as uids[n - 1]. */
static size_t parse_uidl(const char *resp, char uids[][71], size_t max)
{
	size_t n = 0;
	const char *p = strstr(resp, "\r\n");
	while (p && (p += 2, *p && strcmp(p, ".\r\n") != 0) && n < max) {
		unsigned num;
		char uid[71];
		if (sscanf(p, "%u %70s", &num, uid) == 2 && num == n + 1)
			memcpy(uids[n++], uid, sizeof uid);
		p = strstr(p, "\r\n");
	}
	return n;
}

static int printable(const char *uid)
{
	for (; *uid; uid++)
		if ((unsigned char)*uid < 0x21 || (unsigned char)*uid > 0x7E)
			return 0;
	return 1;
}

static void test_uidl(void)
{
	fx_t f;
	fx_open(&f);
	login(&f);
	char first[3][71], again[3][71];
	const char *got = say(&f, "UIDL");
	check_prefix(got, "+OK\r\n1 ", "UIDL", __LINE__);
	CU_ASSERT_EQUAL_FATAL(parse_uidl(got, first, 3), 2);
	CU_ASSERT_STRING_NOT_EQUAL(first[0], first[1]);
	CU_ASSERT_TRUE(printable(first[0]) && printable(first[1]));
	char want[128];
	snprintf(want, sizeof want, "+OK 2 %s\r\n", first[1]);
	CU_ASSERT_STRING_EQUAL(say(&f, "UIDL 2"), want);
	/* a deleted message is not listed */
	say(&f, "DELE 1");
	snprintf(want, sizeof want, "+OK\r\n2 %s\r\n.\r\n", first[1]);
	CU_ASSERT_STRING_EQUAL(say(&f, "UIDL"), want);
	say(&f, "QUIT");
	pop3_server_free(f.s);

	/* next session: the survivor keeps its uid, the new mail gets a new one */
	CU_ASSERT_EQUAL(mailbox_deliver(f.boss, MSG1, strlen(MSG1)), 0);
	f.s = fx_session(&f);
	login(&f);
	CU_ASSERT_EQUAL_FATAL(parse_uidl(say(&f, "UIDL"), again, 3), 2);
	CU_ASSERT_STRING_EQUAL(again[0], first[1]);
	CU_ASSERT_STRING_NOT_EQUAL(again[1], first[0]);   /* never reused */
	CU_ASSERT_STRING_NOT_EQUAL(again[1], first[1]);
	fx_close(&f);
}

/* ---- framing and junk ------------------------------------------------- */

static void test_long_line(void)
{
	fx_t f;
	fx_open(&f);
	char line[301];
	memset(line, 'A', 300);
	memcpy(line, "USER ", 5);
	line[300] = '\0';
	size_t in_before = f.lines_in;
	CU_ASSERT_STRING_EQUAL(say(&f, line), "-ERR line too long\r\n");
	CU_ASSERT_EQUAL(f.lines_in, in_before + 1);
	CU_ASSERT_EQUAL(pop3_server_state(f.s), A);
	/* the same, arriving in pieces, then the session goes on */
	sb_clear(&f.out);
	for (int i = 0; i < 300; i += 7)
		pop3_server_feed(f.s, line + i, i + 7 > 300 ? 300 - (size_t)i : 7, &f.out);
	CU_ASSERT_STRING_EQUAL(sb_str(&f.out), "");
	pop3_server_feed(f.s, "\r\nUSER boss\r\n", 13, &f.out);
	CU_ASSERT_STRING_EQUAL(sb_str(&f.out), "-ERR line too long\r\n+OK\r\n");
	/* 253 octets and CRLF: at the limit, accepted */
	memset(line, 'x', 253);
	memcpy(line, "USER ", 5);
	line[253] = '\0';
	CU_ASSERT_STRING_EQUAL(say(&f, line), "+OK\r\n");
	fx_close(&f);
}

static void test_junk(void)
{
	static const struct { const char *in; size_t len; } junk[] = {
		{ "US\0ER boss\r\n", 12 },
		{ "USER bo\0ss\r\n", 12 },
		{ "\x80\xff\xfe\r\n", 5 },
		{ "USER\tboss\r\n", 11 },
		{ "\x1b[2J\r\n", 6 },
		{ "\r\n", 2 },
		{ "\0\0\0\0\r\n", 6 },
	};
	fx_t f;
	fx_open(&f);
	for (size_t i = 0; i < sizeof junk / sizeof junk[0]; i++) {
		sb_clear(&f.out);
		pop3_server_feed(f.s, junk[i].in, junk[i].len, &f.out);
		check_prefix(sb_str(&f.out), "-ERR ", "junk", __LINE__);
		CU_ASSERT_EQUAL(pop3_server_state(f.s), A);
	}
	/* a bare LF ends a command line too (nc without -C) */
	sb_clear(&f.out);
	pop3_server_feed(f.s, "USER boss\nPASS s3cret\n", 22, &f.out);
	check_prefix(sb_str(&f.out), "+OK\r\n+OK boss's maildrop", "bare LF", __LINE__);
	CU_ASSERT_EQUAL(pop3_server_state(f.s), T);
	fx_close(&f);
}

/* RFC 2449 6.6 PIPELINING: several commands in one write, answered in order;
 * nothing after QUIT is read. */
static void test_pipelining(void)
{
	static const char in[] = "USER boss\r\nPASS s3cret\r\nDELE 2\r\nSTAT\r\nQUIT\r\nNOOP\r\n";
	fx_t f;
	fx_open(&f);
	sb_clear(&f.out);
	pop3_server_feed(f.s, in, strlen(in), &f.out);
	char want[256];
	snprintf(want, sizeof want,
		 "+OK\r\n+OK boss's maildrop has 2 messages (%zu octets)\r\n"
		 "+OK message 2 deleted\r\n+OK 1 %zu\r\n"
		 "+OK " HOST " POP3 server signing off (1 message left)\r\n",
		 strlen(MSG1) + strlen(MSG2), strlen(MSG1));
	CU_ASSERT_STRING_EQUAL(sb_str(&f.out), want);
	CU_ASSERT_EQUAL(f.lines_in, 5);
	CU_ASSERT_EQUAL(mailbox_count(f.boss), 1);
	fx_close(&f);
}

CU_TestInfo pop3_server_tests[] = {
	{ "greeting", test_greeting },
	{ "AUTHORIZATION: every command", test_authorization },
	{ "login reports the maildrop", test_login_octets },
	{ "login by address", test_login_by_address },
	{ "QUIT in AUTHORIZATION", test_quit_in_authorization },
	{ "TRANSACTION: every command", test_transaction },
	{ "keywords ignore case", test_case_insensitive },
	{ "STAT and LIST sizes equal RETR's octets", test_sizes },
	{ "RETR byte-exact with stuffing", test_retr_exact },
	{ "TOP", test_top },
	{ "CAPA", test_capa },
	{ "QUIT after DELE removes", test_quit_removes },
	{ "a lost connection removes nothing", test_lost_removes_nothing },
	{ "free releases the lock", test_free_releases_lock },
	{ "maildrop in use", test_in_use },
	{ "later mail waits for the next session", test_snapshot },
	{ "UIDL stable, never reused", test_uidl },
	{ "a 300-octet line", test_long_line },
	{ "NUL bytes and binary junk", test_junk },
	{ "pipelining", test_pipelining },
	{ "stored bare LF/CR: CRLF lines, stuffed, octets with CRLF", test_stored_bare_line_ends },
	CU_TEST_INFO_NULL,
};
