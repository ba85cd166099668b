/* test_mailbox.c — the mail store: lookups, delivery with its CRLF rule and
 * quota, UIDs (unique, stable, never reused), the POP3 lock, removal. */
#include <string.h>

#include "pop3/mailbox.h"
#include "suites.h"

static void test_lookup(void)
{
	mailstore_t *ms = mailstore_new();
	mailbox_t *boss = mailstore_add(ms, "boss@corp.example", "boss", "s3cret", 1000);
	mailbox_t *pm = mailstore_add(ms, "postmaster@corp.example", "postmaster", "pm", 1000);
	CU_ASSERT_PTR_NOT_NULL_FATAL(boss);
	CU_ASSERT_PTR_NOT_EQUAL(boss, pm);
	CU_ASSERT_EQUAL(mailstore_count(ms), 2);
	CU_ASSERT_PTR_EQUAL(mailstore_at(ms, 0), boss);
	CU_ASSERT_PTR_EQUAL(mailstore_at(ms, 1), pm);
	CU_ASSERT_PTR_NULL(mailstore_at(ms, 2));

	/* addresses ignore case; adding a known address returns the mailbox */
	CU_ASSERT_PTR_EQUAL(mailstore_by_addr(ms, "BOSS@Corp.Example"), boss);
	CU_ASSERT_PTR_EQUAL(mailstore_add(ms, "Boss@corp.example", "x", "y", 1), boss);
	CU_ASSERT_EQUAL(mailstore_count(ms), 2);
	CU_ASSERT_TRUE(mailbox_password_ok(boss, "s3cret"));   /* unchanged by the re-add */
	CU_ASSERT_PTR_EQUAL(mailstore_by_login(ms, "boss"), boss);
	CU_ASSERT_PTR_NULL(mailstore_by_login(ms, "nobody"));
	CU_ASSERT_PTR_NULL(mailstore_by_addr(ms, "nobody@corp.example"));
	CU_ASSERT_STRING_EQUAL(mailbox_addr(boss), "boss@corp.example");
	CU_ASSERT_STRING_EQUAL(mailbox_login(boss), "boss");

	mailstore_remove(ms, "POSTMASTER@corp.example");
	CU_ASSERT_EQUAL(mailstore_count(ms), 1);
	CU_ASSERT_PTR_NULL(mailstore_by_login(ms, "postmaster"));
	mailstore_free(ms);
}

static void test_password(void)
{
	mailstore_t *ms = mailstore_new();
	mailbox_t *mb = mailstore_add(ms, "boss@corp.example", "boss", "s3cret", -1);
	CU_ASSERT_TRUE(mailbox_password_ok(mb, "s3cret"));
	CU_ASSERT_FALSE(mailbox_password_ok(mb, "S3CRET"));
	CU_ASSERT_FALSE(mailbox_password_ok(mb, ""));
	CU_ASSERT_FALSE(mailbox_password_ok(mb, NULL));
	mailbox_set_password(mb, "n3w");
	CU_ASSERT_FALSE(mailbox_password_ok(mb, "s3cret"));
	CU_ASSERT_TRUE(mailbox_password_ok(mb, "n3w"));
	CU_ASSERT_STRING_EQUAL(mailbox_password(mb), "n3w");
	mailbox_t *nologin = mailstore_add(ms, "list@corp.example", NULL, NULL, -1);
	CU_ASSERT_FALSE(mailbox_password_ok(nologin, ""));
	CU_ASSERT_STRING_EQUAL(mailbox_login(nologin), "");
	CU_ASSERT_STRING_EQUAL(mailbox_password(nologin), "");
	mailstore_free(ms);
}

/* mailbox_deliver stores a copy that always ends with CRLF. */
static const struct {
	const char *in;
	const char *stored;
} crlf_cases[] = {
	{ "Subject: a\r\n\r\nbody\r\n", "Subject: a\r\n\r\nbody\r\n" },
	{ "Subject: a\r\n\r\nbody", "Subject: a\r\n\r\nbody\r\n" },
	{ "Subject: a\r\n\r\nbody\r", "Subject: a\r\n\r\nbody\r\n" },
	{ "Subject: a\r\n\r\nbody\n", "Subject: a\r\n\r\nbody\n\r\n" },
	{ "", "\r\n" },
};

static void test_deliver_crlf(void)
{
	mailstore_t *ms = mailstore_new();
	mailbox_t *mb = mailstore_add(ms, "boss@corp.example", "boss", "s3cret", -1);
	long octets = 0;
	for (size_t i = 0; i < sizeof crlf_cases / sizeof crlf_cases[0]; i++) {
		const char *in = crlf_cases[i].in, *want = crlf_cases[i].stored;
		CU_ASSERT_EQUAL_FATAL(mailbox_deliver(mb, in, strlen(in)), 0);
		const mail_msg_t *m = mailbox_msg(mb, i);
		CU_ASSERT_PTR_NOT_NULL_FATAL(m);
		CU_ASSERT_EQUAL(m->len, strlen(want));
		CU_ASSERT_TRUE(m->len == strlen(want) && memcmp(m->data, want, m->len) == 0);
		octets += (long)strlen(want);
		CU_ASSERT_EQUAL(mailbox_octets(mb), octets);
	}
	CU_ASSERT_EQUAL(mailbox_count(mb), sizeof crlf_cases / sizeof crlf_cases[0]);
	CU_ASSERT_PTR_NULL(mailbox_msg(mb, mailbox_count(mb)));
	mailstore_free(ms);
}

static void test_deliver_is_a_copy(void)
{
	mailstore_t *ms = mailstore_new();
	mailbox_t *mb = mailstore_add(ms, "boss@corp.example", "boss", "s3cret", -1);
	char buf[] = "Subject: x\r\n\r\nhello\r\n";
	CU_ASSERT_EQUAL(mailbox_deliver(mb, buf, strlen(buf)), 0);
	buf[0] = 'X';
	CU_ASSERT_EQUAL(mailbox_msg(mb, 0)->data[0], 'S');
	/* a NUL byte in the content is kept */
	CU_ASSERT_EQUAL(mailbox_deliver(mb, "a\0b\r\n", 5), 0);
	CU_ASSERT_EQUAL(mailbox_msg(mb, 1)->len, 5);
	CU_ASSERT_EQUAL(memcmp(mailbox_msg(mb, 1)->data, "a\0b\r\n", 5), 0);
	mailstore_free(ms);
}

static void test_quota(void)
{
	mailstore_t *ms = mailstore_new();
	mailbox_t *mb = mailstore_add(ms, "boss@corp.example", "boss", "s3cret", 20);
	CU_ASSERT_EQUAL(mailbox_quota(mb), 20);
	CU_ASSERT_EQUAL(mailbox_deliver(mb, "12345678\r\n", 10), 0);
	CU_ASSERT_FALSE(mailbox_is_full(mb));
	/* 10 + 11 > 20: refused and nothing changes */
	CU_ASSERT_EQUAL(mailbox_deliver(mb, "123456789\r\n", 11), -1);
	CU_ASSERT_EQUAL(mailbox_count(mb), 1);
	CU_ASSERT_EQUAL(mailbox_octets(mb), 10);
	/* the CRLF added counts: 8 octets become 10, 20 in all: exactly fits */
	CU_ASSERT_EQUAL(mailbox_deliver(mb, "12345678", 8), 0);
	CU_ASSERT_EQUAL(mailbox_octets(mb), 20);
	CU_ASSERT_TRUE(mailbox_is_full(mb));
	CU_ASSERT_EQUAL(mailbox_deliver(mb, "", 0), -1);

	mailbox_set_quota(mb, 0);              /* the mailbox-full fault */
	CU_ASSERT_EQUAL(mailbox_deliver(mb, "x\r\n", 3), -1);
	mailbox_set_quota(mb, -1);             /* no limit */
	CU_ASSERT_FALSE(mailbox_is_full(mb));
	CU_ASSERT_EQUAL(mailbox_deliver(mb, "x\r\n", 3), 0);
	mailstore_free(ms);
}

static int uid_printable(const char *uid)
{
	size_t n = strlen(uid);
	if (n == 0 || n > 70)
		return 0;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)uid[i] < 0x21 || (unsigned char)uid[i] > 0x7E)
			return 0;
	return 1;
}

static void test_uids(void)
{
	mailstore_t *ms = mailstore_new();
	mailbox_t *a = mailstore_add(ms, "boss@corp.example", "boss", "s3cret", -1);
	mailbox_t *b = mailstore_add(ms, "smith@corp.example", "smith", "s3cret", -1);
	enum { N = 6 };
	char uids[N][24];
	for (int i = 0; i < N; i++) {
		mailbox_t *mb = i % 2 ? b : a;
		CU_ASSERT_EQUAL_FATAL(mailbox_deliver(mb, "same\r\n", 6), 0);
		memcpy(uids[i], mailbox_msg(mb, mailbox_count(mb) - 1)->uid, 24);
		CU_ASSERT_TRUE(uid_printable(uids[i]));
		for (int j = 0; j < i; j++)      /* unique in the store */
			CU_ASSERT_STRING_NOT_EQUAL(uids[i], uids[j]);
	}
	/* remove the last message of a; the next delivery gets a new uid */
	const char *gone = uids[4];
	mailbox_remove_uids(a, &gone, 1);
	CU_ASSERT_EQUAL(mailbox_count(a), 2);
	CU_ASSERT_EQUAL(mailbox_deliver(a, "same\r\n", 6), 0);
	const char *fresh = mailbox_msg(a, 2)->uid;
	for (int j = 0; j < N; j++)
		CU_ASSERT_STRING_NOT_EQUAL(fresh, uids[j]);
	/* the survivors keep theirs */
	CU_ASSERT_STRING_EQUAL(mailbox_msg(a, 0)->uid, uids[0]);
	CU_ASSERT_STRING_EQUAL(mailbox_msg(a, 1)->uid, uids[2]);
	/* a mailbox removed and created again does not restart the counter */
	mailstore_remove(ms, "smith@corp.example");
	b = mailstore_add(ms, "smith@corp.example", "smith", "s3cret", -1);
	CU_ASSERT_EQUAL(mailbox_deliver(b, "same\r\n", 6), 0);
	for (int j = 0; j < N; j++)
		CU_ASSERT_STRING_NOT_EQUAL(mailbox_msg(b, 0)->uid, uids[j]);
	CU_ASSERT_STRING_NOT_EQUAL(mailbox_msg(b, 0)->uid, fresh);
	mailstore_free(ms);
}

static void test_remove_uids(void)
{
	mailstore_t *ms = mailstore_new();
	mailbox_t *mb = mailstore_add(ms, "boss@corp.example", "boss", "s3cret", -1);
	const char *bodies[] = { "one\r\n", "two two\r\n", "three three three\r\n", "four\r\n" };
	char uids[4][24];
	for (int i = 0; i < 4; i++) {
		mailbox_deliver(mb, bodies[i], strlen(bodies[i]));
		memcpy(uids[i], mailbox_msg(mb, (size_t)i)->uid, 24);
	}
	const char *del[] = { uids[1], "no-such-uid", uids[3] };
	mailbox_remove_uids(mb, del, 3);
	CU_ASSERT_EQUAL(mailbox_count(mb), 2);
	CU_ASSERT_EQUAL(mailbox_octets(mb), (long)(strlen(bodies[0]) + strlen(bodies[2])));
	CU_ASSERT_STRING_EQUAL(mailbox_msg(mb, 0)->uid, uids[0]);
	CU_ASSERT_STRING_EQUAL(mailbox_msg(mb, 1)->uid, uids[2]);
	CU_ASSERT_EQUAL(memcmp(mailbox_msg(mb, 1)->data, bodies[2], strlen(bodies[2])), 0);
	mailbox_remove_uids(mb, NULL, 0);
	CU_ASSERT_EQUAL(mailbox_count(mb), 2);
	mailstore_free(ms);
}

static void test_lock(void)
{
	mailstore_t *ms = mailstore_new();
	mailbox_t *a = mailstore_add(ms, "boss@corp.example", "boss", "s3cret", -1);
	mailbox_t *b = mailstore_add(ms, "smith@corp.example", "smith", "s3cret", -1);
	CU_ASSERT_FALSE(mailbox_locked(a));
	CU_ASSERT_EQUAL(mailbox_lock(a), 0);
	CU_ASSERT_TRUE(mailbox_locked(a));
	CU_ASSERT_EQUAL(mailbox_lock(a), -1);          /* exclusive */
	CU_ASSERT_EQUAL(mailbox_lock(b), 0);           /* per mailbox */
	/* delivery goes on while a POP3 session holds the lock */
	CU_ASSERT_EQUAL(mailbox_deliver(a, "x\r\n", 3), 0);
	mailbox_unlock(a);
	CU_ASSERT_FALSE(mailbox_locked(a));
	CU_ASSERT_EQUAL(mailbox_lock(a), 0);
	mailstore_free(ms);
}

/* The user is deleted while a POP3 session holds the maildrop: the session's
 * pointer stays valid until it unlocks (valgrind checks the rest). */
static void test_remove_locked(void)
{
	mailstore_t *ms = mailstore_new();
	mailbox_t *mb = mailstore_add(ms, "boss@corp.example", "boss", "s3cret", -1);
	mailbox_deliver(mb, "x\r\n", 3);
	CU_ASSERT_EQUAL(mailbox_lock(mb), 0);
	mailstore_remove(ms, "boss@corp.example");
	CU_ASSERT_EQUAL(mailstore_count(ms), 0);
	CU_ASSERT_PTR_NULL(mailstore_by_login(ms, "boss"));
	CU_ASSERT_EQUAL(mailbox_count(mb), 1);
	const char *uid = mailbox_msg(mb, 0)->uid;
	mailbox_remove_uids(mb, &uid, 1);
	CU_ASSERT_EQUAL(mailbox_count(mb), 0);
	mailbox_unlock(mb);                             /* frees it */
	/* a locked, removed mailbox left at the end is freed with the store */
	mailbox_t *other = mailstore_add(ms, "boss@corp.example", "boss", "s3cret", -1);
	mailbox_lock(other);
	mailstore_remove(ms, "boss@corp.example");
	mailstore_free(ms);
}

CU_TestInfo mailbox_tests[] = {
	{ "lookup by address and login", test_lookup },
	{ "passwords", test_password },
	{ "deliver ends every message with CRLF", test_deliver_crlf },
	{ "deliver stores a copy", test_deliver_is_a_copy },
	{ "quota", test_quota },
	{ "uids unique, stable, never reused", test_uids },
	{ "remove by uid", test_remove_uids },
	{ "the POP3 lock", test_lock },
	{ "a removed mailbox lives until unlocked", test_remove_locked },
	CU_TEST_INFO_NULL,
};
