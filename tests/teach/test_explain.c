/* test_explain.c — the teaching texts. The key list below is the
 * specification: every key a trace event may carry has an entry with a title,
 * a text and an RFC section. */
#include <stdio.h>
#include <string.h>

#include "teach/explain.h"
#include "run/fault.h"
#include "suites.h"
#include "core/util.h"

static const char *const spec_keys[] = {
	"tcp:connect", "tcp:accept", "tcp:refused", "tcp:timeout", "tcp:close", "tcp:abort",
	"dns:query", "dns:MX", "dns:A", "dns:implicit-mx", "dns:NXDOMAIN", "dns:NODATA",
	"dns:SERVFAIL", "dns:timeout",
	"net:host-down", "net:host-up", "net:link-down", "net:link-up", "net:link-slow",
	"net:link-drop",
	"smtp:HELO", "smtp:EHLO", "smtp:MAIL", "smtp:RCPT", "smtp:DATA", "smtp:RSET", "smtp:NOOP",
	"smtp:VRFY", "smtp:EXPN", "smtp:HELP", "smtp:QUIT", "smtp:AUTH", "smtp:STARTTLS",
	"smtp:unknown", "smtp:auth-response",
	"smtp:214", "smtp:220", "smtp:221", "smtp:235", "smtp:250", "smtp:252", "smtp:334",
	"smtp:354", "smtp:421", "smtp:450", "smtp:451", "smtp:452", "smtp:500", "smtp:501",
	"smtp:502", "smtp:503", "smtp:504", "smtp:530", "smtp:535", "smtp:550", "smtp:551",
	"smtp:552", "smtp:553", "smtp:554", "smtp:555",
	"smtp:data", "smtp:dot-stuffed", "smtp:dot",
	"smtp:state:INIT", "smtp:state:READY", "smtp:state:AUTH", "smtp:state:MAIL",
	"smtp:state:RCPT", "smtp:state:DATA", "smtp:state:QUIT",
	"pop3:USER", "pop3:PASS", "pop3:APOP", "pop3:STAT", "pop3:LIST", "pop3:RETR", "pop3:DELE",
	"pop3:NOOP", "pop3:RSET", "pop3:TOP", "pop3:UIDL", "pop3:QUIT", "pop3:CAPA", "pop3:unknown",
	"pop3:+OK", "pop3:-ERR", "pop3:[AUTH]", "pop3:[IN-USE]", "pop3:data", "pop3:dot-stuffed",
	"pop3:dot",
	"pop3:state:AUTHORIZATION", "pop3:state:TRANSACTION", "pop3:state:UPDATE",
	"pop3:state:CLOSED",
	"queue:queued", "queue:lookup", "queue:deferred", "queue:retry", "queue:sent",
	"queue:bounced", "queue:expired",
	"mail:write", "mail:send", "mail:submitted", "mail:rejected", "mail:deliver", "mail:bounce",
	"mail:check", "mail:retrieved",
	"note:scenario", "note:teach", "note:question", "note:expect-held", "note:expect-failed",
};

static size_t sentences(const char *text)
{
	size_t n = 0;
	for (const char *p = text; *p; p++)
		if ((*p == '.' || *p == '?' || *p == '!') && (p[1] == ' ' || p[1] == '\0'))
			n++;
	return n;
}

static void check_entry(const char *key)
{
	const explain_t *e = explain_find(key);
	CU_ASSERT_PTR_NOT_NULL(e);
	if (!e) {
		fprintf(stderr, "\n  no explanation for %s\n", key);
		return;
	}
	CU_ASSERT_STRING_EQUAL(e->key, key);
	CU_ASSERT(e->title && strlen(e->title) > 3);
	CU_ASSERT(e->text && strlen(e->text) > 40);
	CU_ASSERT(e->rfc && strncmp(e->rfc, "RFC ", 4) == 0 && e->rfc[4] >= '1' && e->rfc[4] <= '9');
}

static void test_every_key_has_an_entry(void)
{
	for (size_t i = 0; i < sizeof spec_keys / sizeof spec_keys[0]; i++)
		check_entry(spec_keys[i]);
	for (int k = 0; k < FAULT__COUNT; k++) {
		char key[64];
		snprintf(key, sizeof key, "fault:%s", fault_name((fault_kind_t)k));
		check_entry(key);
	}
}

static void test_entries_are_well_formed(void)
{
	size_t n = explain_count();
	CU_ASSERT(n >= sizeof spec_keys / sizeof spec_keys[0] + FAULT__COUNT);
	for (size_t i = 0; i < n; i++) {
		const explain_t *e = explain_at(i);
		CU_ASSERT_PTR_NOT_NULL_FATAL(e);
		CU_ASSERT_PTR_NULL(strchr(e->text, '\n'));
		size_t s = sentences(e->text);
		CU_ASSERT(s >= 1 && s <= 5);   /* short enough for the explain pane */
		CU_ASSERT_PTR_EQUAL(explain_find(e->key), e);   /* keys are unique */
	}
	CU_ASSERT_PTR_NULL(explain_at(n));
}

static void test_find_is_exact(void)
{
	CU_ASSERT_PTR_NOT_NULL(explain_find("smtp:RCPT"));
	CU_ASSERT_PTR_NULL(explain_find("RCPT"));
	CU_ASSERT_PTR_NULL(explain_find("smtp:nonsense"));
	CU_ASSERT_PTR_NULL(explain_find(NULL));
}

static void test_search(void)
{
	const explain_t *found[8];
	CU_ASSERT_EQUAL(explain_search("QUIT", found, 8), 3);   /* smtp, smtp:state, pop3 */
	CU_ASSERT_STRING_EQUAL(found[0]->key, "smtp:QUIT");
	CU_ASSERT_STRING_EQUAL(found[1]->key, "smtp:state:QUIT");
	CU_ASSERT_STRING_EQUAL(found[2]->key, "pop3:QUIT");
	CU_ASSERT_EQUAL(explain_search("quit", found, 8), 3);
	CU_ASSERT_EQUAL(explain_search("RETR", found, 8), 1);
	CU_ASSERT_STRING_EQUAL(found[0]->key, "pop3:RETR");
	CU_ASSERT_EQUAL(explain_search("354", found, 8), 1);
	CU_ASSERT_STRING_EQUAL(found[0]->key, "smtp:354");
	CU_ASSERT_EQUAL(explain_search("update", found, 8), 1);
	CU_ASSERT_STRING_EQUAL(found[0]->key, "pop3:state:UPDATE");
	CU_ASSERT_EQUAL(explain_search("SMTP:rcpt", found, 8), 1);
	CU_ASSERT_STRING_EQUAL(found[0]->key, "smtp:RCPT");
	CU_ASSERT_EQUAL(explain_search("greylist", found, 8), 1);
	CU_ASSERT_STRING_EQUAL(found[0]->key, "fault:greylist");
	CU_ASSERT_EQUAL(explain_search("Received", found, 8), 1);
	CU_ASSERT_EQUAL(explain_search("frobnicate", found, 8), 0);
	CU_ASSERT_EQUAL(explain_search("", found, 8), 0);
	CU_ASSERT_EQUAL(explain_search(NULL, found, 8), 0);
}

static void test_search_counts_beyond_max(void)
{
	const explain_t *found[1] = { NULL };
	CU_ASSERT_EQUAL(explain_search("QUIT", found, 1), 3);
	CU_ASSERT_STRING_EQUAL(found[0]->key, "smtp:QUIT");
	CU_ASSERT_EQUAL(explain_search("QUIT", NULL, 0), 3);
}

/* The texts tell this story, in its words: spot-check the ones the issue names. */
static void test_texts_tell_the_story(void)
{
	static const struct { const char *key, *words; } cases[] = {
		{ "smtp:RCPT", "envelope" },        { "smtp:RCPT", "250" },
		{ "smtp:354", "dot" },              { "smtp:451", "reylist" },
		{ "smtp:550", "5.1.1" },            { "smtp:550", "5.7.1" },
		{ "pop3:state:UPDATE", "DELE" },    { "smtp:dot-stuffed", "dot" },
		{ "dns:implicit-mx", "A record" },  { "dns:NXDOMAIN", "permanent" },
		{ "dns:timeout", "retr" },          { "queue:deferred", "Postfix" },
		{ "imf:Received", "Received:" },    { "smtp:552", "5.3.4" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const explain_t *e = explain_find(cases[i].key);
		CU_ASSERT(e && strstr(e->text, cases[i].words));
	}
}

CU_TestInfo explain_tests[] = {
	{ "every key has an entry", test_every_key_has_an_entry },
	{ "entries are well formed", test_entries_are_well_formed },
	{ "find is exact", test_find_is_exact },
	{ "search by topic", test_search },
	{ "search counts beyond max", test_search_counts_beyond_max },
	{ "texts tell the story", test_texts_tell_the_story },
	CU_TEST_INFO_NULL,
};
