/* test_scenario.c — the scenario language: every kind of mistake reported as
 * PATH:LINE:COL: message, a complete scenario read into the right fields,
 * the defaults, the bundled lessons, and hostile input. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "run/scenario.h"
#include "suites.h"

#define T(lit) lit, sizeof lit - 1

/* Parse text as "t.scn"; returns the errors (caller frees) and the scenario in *out. */
static char *parse(const char *text, size_t len, scenario_t **out)
{
	strbuf_t e = STRBUF_INIT;
	scenario_t *sc = scenario_parse("t.scn", text, len, &e);
	char *errors = xstrdup(sb_str(&e));
	sb_free(&e);
	CU_ASSERT((sc == NULL) == (errors[0] != '\0'));   /* NULL exactly when something is wrong */
	if (out)
		*out = sc;
	else
		scenario_free(sc);
	return errors;
}

static size_t count_lines(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += *s == '\n';
	return n;
}

/* { text, the exact report } — one mistake each, each at its own column. */
static const struct mistake {
	const char *text;
	size_t len;
	const char *errors;
} mistakes[] = {
	{ T("title \"t\"\nsned to boss@corp.example\n"),
	  "t.scn:2:1: unknown directive 'sned' — did you mean 'send'?\n" },
	{ T("title \"t\"\nfrobnicate now\n"),
	  "t.scn:2:1: unknown directive 'frobnicate' (the directives are listed in scenarios/README.md)\n" },
	{ T("title \"t\"\nfault greylst\n"),
	  "t.scn:2:7: unknown fault 'greylst' — did you mean 'greylist'?\n" },
	{ T("title \"t\"\nnote \"hello\n"),
	  "t.scn:2:6: unterminated string: a closing \" is missing\n" },
	{ T("title \"t\"\nsend to boss@corp.example at 10x\n"),
	  "t.scn:2:30: '10x': expected a duration like 2s, 150ms, 10m\n" },
	{ T("title \"t\"\nsend to boss@ subject x\n"),
	  "t.scn:2:9: 'boss@': expected an address like boss@corp.example\n" },
	{ T("title \"t\"\nsend to boss subject x\n"),
	  "t.scn:2:9: 'boss': expected an address like boss@corp.example\n" },
	{ T("title \"t\"\nnote on RCPT hop 6 \"x\"\n"),
	  "t.scn:2:18: '6': expected a hop: 1, 2, 3, 4, 5a or 5b\n" },
	{ T("title \"t\"\nfault reply hop 4 RCPT 451\n"),
	  "t.scn:2:17: no SMTP server answers at hop 4: replies come at hop 2 (the ISP host answering "
	  "Smith's client) or hop 3 (the corporate host answering the ISP)\n" },
	{ T("title \"t\"\nbody \"x\"\n"),
	  "t.scn:2:1: body before any send: a body line belongs to the send above it\n" },
	{ T("title \"t\"\n\ntitle \"u\"\n"),
	  "t.scn:3:1: a second title (the first is at line 1)\n" },
	{ T("send to boss@corp.example\n"),
	  "t.scn:1:1: missing title (every scenario has a line: title \"...\")\n" },
	{ T("title \"t\"\nexpect delivred boss@corp.example\n"),
	  "t.scn:2:8: unknown expectation 'delivred' — did you mean 'delivered'?\n" },
	{ T("title \"t\"\nmx corp.example 70000 mail.corp.example\n"),
	  "t.scn:2:17: '70000' is out of range (0 to 65535)\n" },
	{ T("title \"t\"\nseed 42 x\n"),
	  "t.scn:2:9: unexpected 'x' (usage: seed NUMBER)\n" },
	{ T("title \"t\"\nsend\0x\n"),
	  "t.scn:2:5: NUL byte: a scenario is a text file\n" },
	{ T("title \"t\"\nnote \"caf\xC3\x28\"\n"),
	  "t.scn:2:10: invalid UTF-8 (byte 0xC3): save the file as UTF-8\n" },
	{ T("title \"t\"\nsend to boss@corp.example\x01\n"),
	  "t.scn:2:26: control character 0x01: a scenario is plain text\n" },
	{ T("title \"t\"\nsend to boss@corp.example subjet \"x\"\n"),
	  "t.scn:2:27: unknown option 'subjet' — did you mean 'subject'?\n" },
	{ T("title \"a\\nb\"\n"),
	  "t.scn:1:9: \\n and \\r (a bare line end) are allowed only in a body string\n" },
	{ T("title \"t\"\nnote \"a\\rb\"\n"),
	  "t.scn:2:8: \\n and \\r (a bare line end) are allowed only in a body string\n" },
	{ T("title \"t\"\nsend to boss@corp.example subject \"x\\n\"\n"),
	  "t.scn:2:37: \\n and \\r (a bare line end) are allowed only in a body string\n" },
	{ T("title \"a\\tb\"\n"),
	  "t.scn:1:9: unknown escape in a string: only \\\", \\\\, \\n and \\r are allowed\n" },
	{ T("title \"Café\" junk\n"),   /* columns count characters, not bytes */
	  "t.scn:1:14: unexpected 'junk' (usage: title \"TEXT\")\n" },
	{ T("title \"t\"\nlink 2-4 latency 1s\n"),
	  "t.scn:2:6: '2-4': expected a link: 2-3, 3-4, 4-5 or 3-dns\n" },
	{ T("title \"t\"\nat 1s user carol@corp.example\n"),
	  "t.scn:2:1: 'at' does not apply to 'user' (only to send, check, fault, note and question)\n" },
	{ T("title \"t\"\ncheck boss keep keep\n"),
	  "t.scn:2:17: 'keep' is given twice (first at column 12)\n" },
	{ T("title \"t\"\nmx corp.example\n"),
	  "t.scn:2:16: missing a preference (usage: mx DOMAIN PREFERENCE HOST)\n" },
	{ T("title \"t\"\nnote at 1s on RCPT \"x\"\n"),
	  "t.scn:2:12: a note comes 'at' a time or 'on' a topic, not both\n" },
	{ T("title \"t\"\nnote on RCTP \"x\"\n"),
	  "t.scn:2:9: unknown topic 'RCTP' — did you mean 'RCPT'?\n" },
	{ T("title \"t\"\nexpect queue 0 subject \"x\"\n"),
	  "t.scn:2:16: 'subject' goes only with 'expect delivered'\n" },
	{ T("title \"t\"\nsend to\"x\"\n"),
	  "t.scn:2:8: a quote inside a word: put a space before the string\n" },
	{ T("title \"t\"\nuser carol@corp.example quota 5TB\n"),
	  "t.scn:2:31: '5TB': expected a size like 12MB, 500KB or 2048\n" },
	{ T("title \"t\"\nsend to boss@corp.example port 26\n"),
	  "t.scn:2:32: port must be 587 (submission) or 25 (SMTP)\n" },
	{ T("title \"t\"\nexpect reply 651\n"),
	  "t.scn:2:14: '651': expected a reply code like 451 (2yz to 5yz)\n" },
	{ T("title \"t\"\nfault link 3-4 down from 10m to 2s\n"),
	  "t.scn:2:33: 'to 2s' must be later than 'from'\n" },
	{ T("title \"t\"\nfault reply hop 3 RCTP 451\n"),
	  "t.scn:2:19: unknown SMTP command 'RCTP' — did you mean 'RCPT'?\n" },
	{ T("title \"t\"\nsend cc boss@corp.example attach 200MB\n"),
	  "t.scn:2:34: '200MB' is too large (at most 100MB)\n" },
	{ T("title \"t\"\nat 40d send to boss@corp.example\n"),
	  "t.scn:2:4: '40d' is out of range: times go up to 30d\n" },
	{ T("title \"t\"\nexpect pop3 UPDAT\n"),
	  "t.scn:2:13: 'UPDAT': expected a POP3 state: AUTHORIZATION, TRANSACTION or UPDATE\n" },
	{ T("title \"t\"\nat 1s\n"),
	  "t.scn:2:6: missing a directive after 'at 1s' (send, check, fault, note or question)\n" },
	{ T("title \"t\"\nseed -1\n"),
	  "t.scn:2:6: '-1': expected a whole number from 0 to 18446744073709551615\n" },
	{ T("title \"t\"\na host.example 192.0.2\n"),
	  "t.scn:2:16: '192.0.2': expected an IPv4 address like 192.0.2.26\n" },
	{ T("title \"t\"\n\"hello\"\n"),
	  "t.scn:2:1: a line begins with a directive (send, note, expect...), not a string\n" },
	{ T("title \"t\"\nnote hop 2 \"x\"\n"),
	  "t.scn:2:6: 'hop' goes with 'on TOPIC'\n" },
	{ T("title \"t\"\nat 2s send to boss@corp.example at 3s\n"),
	  "t.scn:2:33: a second 'at': the line already begins with 'at'\n" },
	{ T("title \"t\"\nsend subject \"no one\"\n"),
	  "t.scn:2:1: a send needs a recipient: add 'to ADDRESS'\n" },
	{ T("title \"t\"\nexpect maildrop boss@corp.example\n"),
	  "t.scn:2:34: missing a count (usage: expect maildrop ADDRESS COUNT)\n" },
	{ T("title \"t\"\nfault link 3-4 up\n"),
	  "t.scn:2:16: 'up': expected 'down' (usage: fault link down [from TIME] [to TIME])\n" },
};

static void test_mistakes(void)
{
	for (size_t i = 0; i < sizeof mistakes / sizeof mistakes[0]; i++) {
		char *got = parse(mistakes[i].text, mistakes[i].len, NULL);
		CU_ASSERT_STRING_EQUAL(got, mistakes[i].errors);
		if (strcmp(got, mistakes[i].errors) != 0)
			fprintf(stderr, "\n  case %zu: got      %s  expected %s", i, got, mistakes[i].errors);
		free(got);
	}
}

static void test_long_token_is_truncated(void)
{
	char text[200];
	snprintf(text, sizeof text, "title \"t\"\nfrob%s\n",
		 "0123456789012345678901234567890123456789012345678901234567890123456789");
	char *got = parse(text, strlen(text), NULL);
	CU_ASSERT_STRING_EQUAL(got, "t.scn:2:1: unknown directive "
			       "'frob012345678901234567890123456789012345…' (the directives are listed "
			       "in scenarios/README.md)\n");
	free(got);
}

static void test_long_line(void)
{
	size_t n = 5000;
	char *text = xmalloc(n + 32);
	int k = snprintf(text, 32, "title \"t\"\nnote \"");
	memset(text + k, 'a', n - 7);
	memcpy(text + k + n - 7, "\"\n", 3);
	char *got = parse(text, strlen(text), NULL);
	CU_ASSERT_STRING_EQUAL(got, "t.scn:2:1: line too long (5000 bytes; a line holds at most 4096)\n");
	free(got);
	free(text);
}

/* Every mistake of a file is reported, in order, and good lines around them count. */
static void test_all_errors_reported(void)
{
	static const char text[] =
		"title \"t\"\n"
		"sned to boss@corp.example\n"
		"send to boss@corp.example\n"
		"fault greylst\n"
		"body \"fine\"\n"
		"expect queue x\n"
		"title \"again\"\n";
	char *got = parse(text, sizeof text - 1, NULL);
	CU_ASSERT_STRING_EQUAL(got,
		"t.scn:2:1: unknown directive 'sned' — did you mean 'send'?\n"
		"t.scn:4:7: unknown fault 'greylst' — did you mean 'greylist'?\n"
		"t.scn:6:14: 'x': expected a whole number\n"
		"t.scn:7:1: a second title (the first is at line 1)\n");
	free(got);
}

static const char complete[] =
	"# a comment line\n"
	"title \"Complete\"          # a comment after a directive\n"
	"description \"First line.\"\n"
	"description \"Second line.\"\n"
	"description \"\"\n"
	"description \"New paragraph.\"\n"
	"seed 18446744073709551615\n"
	"\n"
	"user carol@corp.example password \"p w\" quota 2MB login carol2\n"
	"user boss@corp.example password hunter2\n"
	"remove-user postmaster@corp.example\n"
	"mx corp.example 20 backup.corp.example\n"
	"a backup.corp.example 192.0.2.26\n"
	"no-mx isp.example\n"
	"nxdomain nowhere.example\n"
	"host backup.corp.example 192.0.2.26 backup-mx corp.example\n"
	"host plain.example 192.0.2.99\n"
	"link 4-3 latency 40ms\n"
	"link dns-3 latency 1.5s\n"
	"\tat 1m send from carol@corp.example to boss@corp.example, x@isp.example cc a@b.example "
	"bcc z@w.example subject \"Say \\\"hi\\\" \\\\ bye\" attach 1.5MB port 25 auth\n"
	"body \"Hi boss,\"\n"
	"body \"\"\n"
	"body \".hidden line\\n.\\r\"\n"
	"send to boss@corp.example raw\n"
	"at 2m check boss password \"wrong\" keep uidl top 5 rset drop-before-quit\n"
	"check\n"
	"fault greylist at 1s\n"
	"at 3s fault corp-down\n"
	"fault reply hop 3 RCPT attempt 1 451 \"4.7.1 Greylisted, try again later\"\n"
	"fault reply hop 2 . 554\n"
	"fault link 3-4 down from 2s to 10m\n"
	"fault host mail.corp.example down\n"
	"note at 1s \"Timed.\"\n"
	"note on RCPT hop 2 \"On RCPT.\"\n"
	"note \"Start.\"\n"
	"question \"End?\"\n"
	"question on smtp:354 \"Now?\"\n"
	"expect delivered boss@corp.example subject \"Progress report\"\n"
	"expect not-delivered nobody@corp.example\n"
	"expect bounce smith@isp.example\n"
	"expect no-bounce smith@isp.example\n"
	"expect maildrop boss@corp.example 0\n"
	"expect pop3 update\n"
	"expect queue 3\n"
	"expect reply 451 hop 3   # greylisted once\n"
	"expect no-reply 550\n";

static void test_complete_world(const scenario_t *sc)
{
	CU_ASSERT_STRING_EQUAL(sc->name, "t");
	CU_ASSERT_STRING_EQUAL(sc->path, "t.scn");
	CU_ASSERT_STRING_EQUAL(sc->title, "Complete");
	CU_ASSERT_STRING_EQUAL(sc->description, "First line. Second line.\nNew paragraph.");
	CU_ASSERT(sc->has_seed && sc->seed == UINT64_MAX);
	CU_ASSERT_EQUAL_FATAL(sc->nusers, 3);
	CU_ASSERT_STRING_EQUAL(sc->users[0].addr, "carol@corp.example");
	CU_ASSERT_STRING_EQUAL(sc->users[0].login, "carol2");
	CU_ASSERT_STRING_EQUAL(sc->users[0].password, "p w");
	CU_ASSERT_EQUAL(sc->users[0].quota, 2L * 1024 * 1024);
	CU_ASSERT_PTR_NULL(sc->users[1].login);
	CU_ASSERT_STRING_EQUAL(sc->users[1].password, "hunter2");
	CU_ASSERT_EQUAL(sc->users[1].quota, -1);
	CU_ASSERT(sc->users[2].remove && !sc->users[0].remove);
	CU_ASSERT_EQUAL(sc->users[2].line, 11);
	CU_ASSERT_EQUAL_FATAL(sc->ndns, 4);
	CU_ASSERT(sc->dns[0].op == SC_DNS_MX && sc->dns[0].pref == 20);
	CU_ASSERT_STRING_EQUAL(sc->dns[0].value, "backup.corp.example");
	CU_ASSERT(sc->dns[1].op == SC_DNS_A && !strcmp(sc->dns[1].value, "192.0.2.26"));
	CU_ASSERT(sc->dns[2].op == SC_DNS_NO_MX && !strcmp(sc->dns[2].name, "isp.example"));
	CU_ASSERT(sc->dns[3].op == SC_DNS_NXDOMAIN && sc->dns[3].value == NULL);
	CU_ASSERT_EQUAL_FATAL(sc->nhosts, 2);
	CU_ASSERT(sc->hosts[0].role == SC_HOST_BACKUP_MX && !strcmp(sc->hosts[0].domain, "corp.example"));
	CU_ASSERT(sc->hosts[1].role == SC_HOST_PLAIN && sc->hosts[1].domain == NULL);
	CU_ASSERT_EQUAL_FATAL(sc->nlinks, 2);
	CU_ASSERT(sc->links[0].a_hop == HOP_3 && sc->links[0].b_hop == HOP_4);
	CU_ASSERT_EQUAL(sc->links[0].latency_us, 40000);
	CU_ASSERT(sc->links[1].a_hop == HOP_3 && sc->links[1].b_hop == SC_HOP_DNS);
	CU_ASSERT_EQUAL(sc->links[1].latency_us, 1500000);
}

static void test_complete_events(const scenario_t *sc)
{
	CU_ASSERT_EQUAL_FATAL(sc->nsends, 2);
	const sc_send_t *s = &sc->sends[0];
	CU_ASSERT_EQUAL(s->at_us, 60000000LL);
	CU_ASSERT_STRING_EQUAL(s->from, "carol@corp.example");
	CU_ASSERT_EQUAL_FATAL(s->nto, 2);
	CU_ASSERT_STRING_EQUAL(s->to[0], "boss@corp.example");
	CU_ASSERT_STRING_EQUAL(s->to[1], "x@isp.example");
	CU_ASSERT(s->ncc == 1 && !strcmp(s->cc[0], "a@b.example"));
	CU_ASSERT(s->nbcc == 1 && !strcmp(s->bcc[0], "z@w.example"));
	CU_ASSERT_STRING_EQUAL(s->subject, "Say \"hi\" \\ bye");
	CU_ASSERT_STRING_EQUAL(s->body, "Hi boss,\r\n\r\n.hidden line\n.\r");   /* bare LF, CR */
	CU_ASSERT(s->raw == 0 && sc->sends[1].raw == 1);
	CU_ASSERT_EQUAL(s->attach_octets, 1572864);
	CU_ASSERT(s->port == 25 && s->auth == 1 && s->line == 20);
	CU_ASSERT_EQUAL_FATAL(sc->nchecks, 2);
	const sc_check_t *c = &sc->checks[0];
	CU_ASSERT(c->at_us == 120000000LL && !strcmp(c->login, "boss") && !strcmp(c->password, "wrong"));
	CU_ASSERT(c->keep && c->uidl && c->rset && c->drop_before_quit && c->top_lines == 5);
	CU_ASSERT_EQUAL_FATAL(sc->nfaults, 2);
	CU_ASSERT(sc->faults[0].kind == FAULT_GREYLIST && sc->faults[0].at_us == 1000000);
	CU_ASSERT(sc->faults[1].kind == FAULT_CORP_DOWN && sc->faults[1].at_us == 3000000);
	CU_ASSERT_EQUAL_FATAL(sc->nrules, 4);
	const sc_rule_t *r = sc->rules;
	CU_ASSERT(r[0].kind == SC_RULE_REPLY && r[0].hop == HOP_3 && r[0].attempt == 1 && r[0].code == 451);
	CU_ASSERT(!strcmp(r[0].verb, "RCPT") && !strcmp(r[0].text, "4.7.1 Greylisted, try again later"));
	CU_ASSERT(r[1].hop == HOP_2 && !strcmp(r[1].verb, ".") && r[1].attempt == 0 && r[1].code == 554);
	CU_ASSERT_STRING_EQUAL(r[1].text, "5.0.0 Refused");
	CU_ASSERT(r[2].kind == SC_RULE_LINK_DOWN && r[2].a_hop == HOP_3 && r[2].b_hop == HOP_4);
	CU_ASSERT(r[2].from_us == 2000000 && r[2].to_us == 600000000LL);
	CU_ASSERT(r[3].kind == SC_RULE_HOST_DOWN && !strcmp(r[3].host, "mail.corp.example"));
	CU_ASSERT(r[3].from_us == 0 && r[3].to_us == -1);
}

static void test_complete_teaching(const scenario_t *sc)
{
	CU_ASSERT_EQUAL_FATAL(sc->nnotes, 5);
	const sc_note_t *n = sc->notes;
	CU_ASSERT(n[0].at_us == 1000000 && !n[0].on && !n[0].question && !strcmp(n[0].text, "Timed."));
	CU_ASSERT(n[1].at_us == -1 && !strcmp(n[1].on, "RCPT") && n[1].hop == HOP_2);
	CU_ASSERT(n[2].at_us == 0 && !n[2].on && n[2].hop == HOP_NONE);   /* a note: at the start */
	CU_ASSERT(n[3].at_us == -1 && !n[3].on && n[3].question);         /* a question: at the end */
	CU_ASSERT(n[4].question && !strcmp(n[4].on, "smtp:354"));
	CU_ASSERT_EQUAL_FATAL(sc->nexpects, 9);
	const sc_expect_t *e = sc->expects;
	CU_ASSERT(e[0].kind == SC_EXPECT_DELIVERED && !strcmp(e[0].subject, "Progress report"));
	CU_ASSERT_STRING_EQUAL(e[0].source, "expect delivered boss@corp.example subject \"Progress report\"");
	CU_ASSERT(e[0].line == 38 && e[0].col == 1);
	CU_ASSERT(e[1].kind == SC_EXPECT_NOT_DELIVERED && !strcmp(e[1].addr, "nobody@corp.example"));
	CU_ASSERT(e[2].kind == SC_EXPECT_BOUNCE && e[3].kind == SC_EXPECT_NO_BOUNCE);
	CU_ASSERT(e[4].kind == SC_EXPECT_MAILDROP && e[4].n == 0);
	CU_ASSERT(e[5].kind == SC_EXPECT_POP3_ENDED && !strcmp(e[5].state, "UPDATE"));
	CU_ASSERT(e[6].kind == SC_EXPECT_QUEUE && e[6].n == 3);
	CU_ASSERT(e[7].kind == SC_EXPECT_REPLY && e[7].n == 451 && e[7].hop == HOP_3);
	CU_ASSERT_STRING_EQUAL(e[7].source, "expect reply 451 hop 3");
	CU_ASSERT(e[8].kind == SC_EXPECT_NO_REPLY && e[8].n == 550 && e[8].hop == HOP_NONE);
}

static void test_complete(void)
{
	scenario_t *sc = NULL;
	char *got = parse(complete, sizeof complete - 1, &sc);
	CU_ASSERT_STRING_EQUAL(got, "");
	free(got);
	CU_ASSERT_PTR_NOT_NULL_FATAL(sc);
	test_complete_world(sc);
	test_complete_events(sc);
	test_complete_teaching(sc);
	scenario_free(sc);
}

static void test_defaults(void)
{
	static const char text[] = "\xEF\xBB\xBFtitle \"t\"\r\nsend to boss@corp.example\r\n"
				   "check\r\nat 2m check carol\r\n";
	scenario_t *sc = NULL;
	char *got = parse(text, sizeof text - 1, &sc);
	CU_ASSERT_STRING_EQUAL(got, "");   /* a byte order mark and CRLF are fine */
	free(got);
	CU_ASSERT_PTR_NOT_NULL_FATAL(sc);
	CU_ASSERT(!sc->has_seed && sc->description == NULL);
	const sc_send_t *s = &sc->sends[0];
	CU_ASSERT(s->at_us == 0 && !strcmp(s->from, "smith@isp.example") && s->port == 25);
	CU_ASSERT(!s->subject && !s->body && !s->auth && s->attach_octets == 0 && s->ncc == 0);
	const sc_check_t *c = &sc->checks[0];
	CU_ASSERT(c->at_us == 600000000LL && !strcmp(c->login, "boss") && !c->password);
	CU_ASSERT(c->top_lines == -1 && !c->keep && !c->uidl && !c->rset && !c->drop_before_quit);
	CU_ASSERT(sc->checks[1].at_us == 120000000LL && !strcmp(sc->checks[1].login, "carol"));
	scenario_free(sc);
}

/* The lessons named in the issue, all bundled, "default" first. */
static const char *const lessons[] = {
	"default", "bad-password", "unknown-recipient", "relay-denied", "mailbox-full",
	"greylisting", "corp-down", "dns-nxdomain", "no-mx", "backup-mx", "link-drop",
	"drop-before-quit", "maildrop-locked", "rset-undoes-dele", "keep-mail-uidl",
	"size-exceeded", "dot-stuffing", "bcc", "two-domains",
};

static int has_lesson(const char *name)
{
	for (size_t i = 0; i < scenario_bundled_count(); i++)
		if (!strcmp(scenario_bundled_name(i), name))
			return 1;
	return 0;
}

static void check_lesson(size_t i)
{
	const char *text = scenario_bundled_text(i);
	strbuf_t e = STRBUF_INIT;
	scenario_t *sc = scenario_parse(scenario_bundled_name(i), text, strlen(text), &e);
	CU_ASSERT_STRING_EQUAL(sb_str(&e), "");
	if (e.len)
		fprintf(stderr, "\n%s", sb_str(&e));
	sb_free(&e);
	CU_ASSERT_PTR_NOT_NULL_FATAL(sc);
	CU_ASSERT_STRING_EQUAL(sc->title, scenario_bundled_title(i));
	CU_ASSERT(sc->description && strlen(sc->description) > 40);
	size_t questions = 0, on_topic = 0;
	for (size_t k = 0; k < sc->nnotes; k++) {
		questions += sc->notes[k].question;
		on_topic += sc->notes[k].on != NULL && !sc->notes[k].question;
	}
	CU_ASSERT(questions >= 1 && on_topic >= 1 && sc->nexpects >= 1);
	scenario_free(sc);
}

static void test_bundled(void)
{
	CU_ASSERT_FATAL(scenario_bundled_count() >= sizeof lessons / sizeof lessons[0]);
	CU_ASSERT_STRING_EQUAL(scenario_bundled_name(0), "default");
	for (size_t i = 0; i < sizeof lessons / sizeof lessons[0]; i++)
		CU_ASSERT(has_lesson(lessons[i]));
	for (size_t i = 0; i < scenario_bundled_count(); i++)
		check_lesson(i);
	CU_ASSERT_PTR_NULL(scenario_bundled_name(scenario_bundled_count()));
	CU_ASSERT_PTR_NULL(scenario_bundled_title(scenario_bundled_count()));
}

static void test_load(void)
{
	strbuf_t e = STRBUF_INIT;
	scenario_t *sc = scenario_load("bad-password", &e);
	CU_ASSERT_PTR_NOT_NULL_FATAL(sc);
	CU_ASSERT_STRING_EQUAL(sc->name, "bad-password");
	CU_ASSERT_STRING_EQUAL(sc->path, "scenarios/bad-password.scn");
	scenario_free(sc);
	CU_ASSERT_PTR_NULL(scenario_load("no-such-lesson", &e));
	CU_ASSERT_STRING_EQUAL(sb_str(&e), "unknown scenario 'no-such-lesson' (see `mailpath list`)\n");
	sb_clear(&e);
	CU_ASSERT_PTR_NULL(scenario_load("/nonexistent/dir/lesson.scn", &e));
	CU_ASSERT_STRING_EQUAL(sb_str(&e), "/nonexistent/dir/lesson.scn: cannot read: No such file or directory\n");
	sb_free(&e);
}

/* ---- hostile input: errors, never a crash, bounded output ------------------ */

static void test_many_junk_lines(void)
{
	strbuf_t text = STRBUF_INIT;
	for (int i = 0; i < 10000; i++)
		sb_puts(&text, "xyzzy plugh\n");
	char *got = parse(text.buf, text.len, NULL);
	CU_ASSERT_EQUAL(count_lines(got), 101);   /* 100 errors, then the parser stops */
	CU_ASSERT_PTR_NOT_NULL(strstr(got, "t.scn:100:1: too many errors (100); stopping here\n"));
	free(got);
	sb_free(&text);
}

static void test_too_many_items(void)
{
	strbuf_t text = STRBUF_INIT;
	sb_puts(&text, "title \"t\"\n");
	for (int i = 0; i < 10000; i++)
		sb_puts(&text, "note at 1s \"again\"\n");
	char *got = parse(text.buf, text.len, NULL);
	static const char first[] = "t.scn:1002:1: too many notes and questions (at most 1000)\n";
	CU_ASSERT(strncmp(got, first, sizeof first - 1) == 0);
	CU_ASSERT_EQUAL(count_lines(got), 101);
	free(got);
	sb_free(&text);
}

static void test_binary_junk(void)
{
	size_t n = 1 << 16;
	char *junk = xmalloc(n);
	uint32_t x = 12345;
	for (size_t i = 0; i < n; i++) {
		x = x * 1103515245u + 12345u;   /* a fixed sequence: the same junk every run */
		junk[i] = (char)(x >> 16);
	}
	char *got = parse(junk, n, NULL);
	CU_ASSERT(got[0] != '\0' && count_lines(got) <= 101);
	free(got);
	free(junk);
}

static void test_unterminated_quotes(void)
{
	strbuf_t text = STRBUF_INIT;
	sb_puts(&text, "title \"never closed\n");
	for (int i = 0; i < 50; i++)
		sb_puts(&text, "note \"\\\"\\\n");
	sb_puts(&text, "\"");
	char *got = parse(text.buf, text.len, NULL);
	static const char start[] = "t.scn:1:7: unterminated string: a closing \" is missing\n"
				    "t.scn:2:6: unterminated string: a closing \" is missing\n";
	CU_ASSERT(strncmp(got, start, sizeof start - 1) == 0);
	CU_ASSERT_EQUAL(count_lines(got), 52);
	free(got);
	sb_free(&text);
}

static void test_edge_inputs(void)
{
	char *got = parse("", 0, NULL);
	CU_ASSERT_STRING_EQUAL(got, "t.scn:1:1: missing title (every scenario has a line: title \"...\")\n");
	free(got);
	got = parse(T("# only a comment\n\n   \t\n"), NULL);
	CU_ASSERT_STRING_EQUAL(got, "t.scn:1:1: missing title (every scenario has a line: title \"...\")\n");
	free(got);
	char *huge = xmalloc(1 << 20);
	memset(huge, 'a', 1 << 20);
	got = parse(huge, 1 << 20, NULL);
	static const char first[] = "t.scn:1:1: line too long (1048576 bytes; a line holds at most 4096)\n"
				    "t.scn:1:1: missing title";
	CU_ASSERT(strncmp(got, first, sizeof first - 1) == 0);
	free(got);
	free(huge);
}

CU_TestInfo scenario_tests[] = {
	{ "mistakes, each at its line and column", test_mistakes },
	{ "a long token is shown truncated", test_long_token_is_truncated },
	{ "a long line", test_long_line },
	{ "all errors of a file", test_all_errors_reported },
	{ "a complete scenario", test_complete },
	{ "defaults, BOM and CRLF", test_defaults },
	{ "every bundled lesson parses", test_bundled },
	{ "load by name or path", test_load },
	{ "10 000 junk lines", test_many_junk_lines },
	{ "too many items", test_too_many_items },
	{ "binary junk", test_binary_junk },
	{ "unterminated quotes", test_unterminated_quotes },
	{ "empty, comments only, one huge line", test_edge_inputs },
	CU_TEST_INFO_NULL,
};
