/* test_fault.c — the fault catalogue: its names (the contract of --fault and
 * of scenarios), "did you mean", NAME[@TIME] and durations. */
#include <stdint.h>
#include <string.h>

#include "run/fault.h"
#include "suites.h"

/* The specification: these names, exactly, in the order of fault.h. */
static const char *const spec_names[FAULT__COUNT] = {
	"bad-password", "unknown-recipient", "relay-denied", "mailbox-full", "greylist",
	"dns-nxdomain", "no-mx", "corp-down", "link-drop", "drop-before-quit", "maildrop-locked",
	"size-exceeded", "slow-link", "dns-servfail", "no-starttls", "strip-starttls",
	"bad-certificate", "drop-after-dot",
};

static void test_names_and_summaries(void)
{
	for (int k = 0; k < FAULT__COUNT; k++) {
		CU_ASSERT_STRING_EQUAL(fault_name((fault_kind_t)k), spec_names[k]);
		CU_ASSERT_EQUAL(fault_lookup(spec_names[k]), k);
		const char *s = fault_summary((fault_kind_t)k);
		CU_ASSERT_PTR_NOT_NULL_FATAL(s);
		CU_ASSERT(strlen(s) > 20 && strlen(s) < 100);   /* one line of --help */
		CU_ASSERT_PTR_NULL(strchr(s, '\n'));
	}
}

static void test_lookup(void)
{
	CU_ASSERT_EQUAL(fault_lookup("GREYLIST"), FAULT_GREYLIST);
	CU_ASSERT_EQUAL(fault_lookup("Corp-Down"), FAULT_CORP_DOWN);
	CU_ASSERT_EQUAL(fault_lookup("greylisting"), -1);
	CU_ASSERT_EQUAL(fault_lookup(""), -1);
	CU_ASSERT_EQUAL(fault_lookup(NULL), -1);
}

static void test_suggest(void)
{
	static const struct { const char *in, *out; } cases[] = {
		{ "greylst", "greylist" },        { "grey-list", "greylist" },
		{ "nomx", "no-mx" },              { "corpdown", "corp-down" },
		{ "bad-pasword", "bad-password" }, { "mailbox_full", "mailbox-full" },
		{ "dns-servfial", "dns-servfail" }, { "DNS-NXDOMIAN", "dns-nxdomain" },
		{ "xyzzy", NULL },                { "", NULL },
		{ "completely-unrelated-words", NULL },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *got = fault_suggest(cases[i].in);
		if (cases[i].out) {
			CU_ASSERT(got && strcmp(got, cases[i].out) == 0);
		} else {
			CU_ASSERT_PTR_NULL(got);
		}
	}
}

static void test_closest_prefers_swaps(void)
{
	static const char *const names[] = { "seed", "send" };
	CU_ASSERT_STRING_EQUAL(fault_closest("sned", names, 2, 1), "send");
	CU_ASSERT_STRING_EQUAL(fault_closest("sead", names, 2, 1), "seed");
	CU_ASSERT_PTR_NULL(fault_closest("xxxx", names, 2, 3));
	CU_ASSERT_PTR_NULL(fault_closest("snde", names, 2, 0));
}

static void test_duration(void)
{
	static const struct { const char *in; int64_t us; size_t used; } cases[] = {
		{ "0", 0, 1 },                  { "0s", 0, 2 },
		{ "150ms", 150000, 5 },         { "2s", 2000000, 2 },
		{ "1.5s", 1500000, 4 },         { "0.25s", 250000, 5 },
		{ "1.5ms", 1500, 5 },           { "10m", 600000000LL, 3 },
		{ "10min", 600000000LL, 5 },    { "1h", 3600000000LL, 2 },
		{ "2d", 172800000000LL, 2 },    { "2sx", 2000000, 2 },
		{ "10x", 0, 0 },                { "5", 0, 0 },
		{ "", 0, 0 },                   { "s", 0, 0 },
		{ "-1s", 0, 0 },                { ".5s", 0, 0 },
		{ "9999999999999d", 0, 0 },     { "106751991d", 0, 0 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int64_t us = -7;
		size_t used = duration_parse(cases[i].in, &us);
		CU_ASSERT_EQUAL(used, cases[i].used);
		if (cases[i].used) {
			CU_ASSERT_EQUAL(us, cases[i].us);
		}
	}
}

static void test_parse(void)
{
	fault_t f = { .kind = FAULT_SLOW_LINK, .at_us = -1 };
	char err[200] = "";
	CU_ASSERT_EQUAL(fault_parse("greylist", &f, err, sizeof err), 0);
	CU_ASSERT_EQUAL(f.kind, FAULT_GREYLIST);
	CU_ASSERT_EQUAL(f.at_us, 0);
	CU_ASSERT_EQUAL(fault_parse("corp-down@2m", &f, err, sizeof err), 0);
	CU_ASSERT_EQUAL(f.kind, FAULT_CORP_DOWN);
	CU_ASSERT_EQUAL(f.at_us, 120000000LL);

	static const struct { const char *spec, *err; } bad[] = {
		{ "greylst", "unknown fault 'greylst' — did you mean 'greylist'?" },
		{ "greylist@10x", "'10x': expected a duration like 2s, 150ms, 10m" },
		{ "greylist@", "'': expected a duration like 2s, 150ms, 10m" },
		{ "greylist@2s@3s", "'2s@3s': expected a duration like 2s, 150ms, 10m" },
		{ "frobnicate", "unknown fault 'frobnicate' (see `mailpath run --help`)" },
		{ "", "empty fault name (known faults: see `mailpath run --help`)" },
		{ "@2s", "empty fault name (known faults: see `mailpath run --help`)" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		f.kind = FAULT_SLOW_LINK;
		CU_ASSERT_EQUAL(fault_parse(bad[i].spec, &f, err, sizeof err), -1);
		CU_ASSERT_STRING_EQUAL(err, bad[i].err);
		CU_ASSERT_EQUAL(f.kind, FAULT_SLOW_LINK);   /* untouched on error */
	}
}

static void test_parse_small_buffer(void)
{
	fault_t f;
	char err[8];
	CU_ASSERT_EQUAL(fault_parse("greylst", &f, err, sizeof err), -1);
	CU_ASSERT_EQUAL(strlen(err), sizeof err - 1);
}

CU_TestInfo fault_tests[] = {
	{ "names and summaries", test_names_and_summaries },
	{ "lookup", test_lookup },
	{ "suggest", test_suggest },
	{ "closest prefers swaps", test_closest_prefers_swaps },
	{ "duration", test_duration },
	{ "parse NAME[@TIME]", test_parse },
	{ "parse into a small buffer", test_parse_small_buffer },
	CU_TEST_INFO_NULL,
};
