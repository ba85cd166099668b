/* fault.c — the fault catalogue: names, one-line summaries, "did you mean",
 * and the parsing of "NAME[@TIME]" and of durations ("2s", "150ms", "10m").
 * What a fault does to the world is the run's business (sim/run/run.c). */
#include "run/fault.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "core/util.h"

typedef struct fault_info {
	const char *name;
	const char *summary;
} fault_info_t;

static const fault_info_t catalogue[FAULT__COUNT] = {
	[FAULT_BAD_PASSWORD] = { "bad-password",
		"the supervisor's POP3 client sends a wrong password: -ERR, no mail read" },
	[FAULT_UNKNOWN_RECIPIENT] = { "unknown-recipient",
		"the corporate host does not know the recipient: 550 5.1.1, a bounce to Smith" },
	[FAULT_RELAY_DENIED] = { "relay-denied",
		"the ISP does not see Smith as a customer: 550 5.7.1 relay denied at RCPT" },
	[FAULT_MAILBOX_FULL] = { "mailbox-full",
		"boss's mailbox is over quota: 452 4.2.2 at RCPT, the ISP queues and retries" },
	[FAULT_GREYLIST] = { "greylist",
		"the corporate host answers 451 4.7.1 to the first attempt; the retry is accepted" },
	[FAULT_DNS_NXDOMAIN] = { "dns-nxdomain",
		"the recipient's domain does not exist in DNS: a permanent failure, a bounce" },
	[FAULT_NO_MX] = { "no-mx",
		"the recipient's domain has no MX record: its A record stands in (RFC 5321 5.1)" },
	[FAULT_CORP_DOWN] = { "corp-down",
		"the corporate host is unreachable: the ISP keeps the message queued and retries" },
	[FAULT_LINK_DROP] = { "link-drop",
		"link 3-4 drops mid-DATA on the first attempt: no 250, so the ISP retries" },
	[FAULT_DROP_BEFORE_QUIT] = { "drop-before-quit",
		"the POP3 client vanishes before QUIT: no UPDATE state, nothing is deleted" },
	[FAULT_MAILDROP_LOCKED] = { "maildrop-locked",
		"another session holds boss's maildrop: -ERR [IN-USE] after PASS" },
	[FAULT_SIZE_EXCEEDED] = { "size-exceeded",
		"the message is larger than the ISP's SIZE limit: 552 5.3.4 at MAIL FROM" },
	[FAULT_SLOW_LINK] = { "slow-link",
		"link 3-4 is 50 times slower: the same conversation, stretched in time" },
	[FAULT_DNS_SERVFAIL] = { "dns-servfail",
		"the ISP's resolver fails (SERVFAIL): temporary, the message is queued and retried" },
	[FAULT_NO_STARTTLS] = { "no-starttls",
		"the corporate host does not offer STARTTLS: the relay goes in clear, or not at all" },
	[FAULT_STRIP_STARTTLS] = { "strip-starttls",
		"a man-in-the-middle on link 3-4 deletes STARTTLS from the EHLO reply (downgrade)" },
	[FAULT_BAD_CERTIFICATE] = { "bad-certificate",
		"the corporate host's certificate names another host: a client that checks refuses" },
	[FAULT_DROP_AFTER_DOT] = { "drop-after-dot",
		"link 3-4 breaks after hop 4 stored the message and sent 250: the ISP retries, a duplicate" },
};

const char *fault_name(fault_kind_t k)
{
	assert(k >= 0 && k < FAULT__COUNT);
	return catalogue[k].name;
}

const char *fault_summary(fault_kind_t k)
{
	assert(k >= 0 && k < FAULT__COUNT);
	return catalogue[k].summary;
}

int fault_lookup(const char *name)
{
	if (!name)
		return -1;
	for (int k = 0; k < FAULT__COUNT; k++)
		if (str_ieq(name, catalogue[k].name))
			return k;
	return -1;
}

/* Optimal string alignment distance, ASCII case-insensitive, in half edits:
 * an insertion, deletion or substitution costs 2, swapping two neighbours 1,
 * because a swap is the commonest slip ("sned" is nearer "send" than "seed").
 * Words longer than EDIT_MAX are far from everything. */
#define EDIT_MAX 48

static char lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

static size_t min2(size_t a, size_t b)
{
	return a < b ? a : b;
}

static size_t edit_distance(const char *a, const char *b)
{
	size_t n = strlen(a), m = strlen(b);
	if (n > EDIT_MAX || m > EDIT_MAX)
		return (size_t)-1;
	size_t d[EDIT_MAX + 1][EDIT_MAX + 1];
	for (size_t i = 0; i <= n; i++)
		d[i][0] = 2 * i;
	for (size_t j = 0; j <= m; j++)
		d[0][j] = 2 * j;
	for (size_t i = 1; i <= n; i++) {
		for (size_t j = 1; j <= m; j++) {
			size_t best = d[i - 1][j - 1] + 2 * (lower(a[i - 1]) != lower(b[j - 1]));
			best = min2(best, min2(d[i - 1][j], d[i][j - 1]) + 2);
			if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) &&
			    lower(a[i - 2]) == lower(b[j - 1]))
				best = min2(best, d[i - 2][j - 2] + 1);
			d[i][j] = best;
		}
	}
	return d[n][m];
}

const char *fault_closest(const char *word, const char *const *names, size_t n, size_t maxdist)
{
	const char *best = NULL;
	size_t best_d = 2 * maxdist + 1;
	if (!word || !*word)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		size_t d = edit_distance(word, names[i]);
		if (d < best_d) {
			best_d = d;
			best = names[i];
		}
	}
	return best;
}

const char *fault_suggest(const char *name)
{
	const char *names[FAULT__COUNT];
	for (int k = 0; k < FAULT__COUNT; k++)
		names[k] = catalogue[k].name;
	return fault_closest(name, names, FAULT__COUNT, 3);
}

/* The units of a duration, longest spelling first so "min" wins over "m". */
static const struct {
	const char *unit;
	int64_t us;
} units[] = {
	{ .unit = "ms", .us = 1000 },
	{ .unit = "min", .us = 60 * 1000000LL },
	{ .unit = "m", .us = 60 * 1000000LL },
	{ .unit = "s", .us = 1000000LL },
	{ .unit = "h", .us = 3600 * 1000000LL },
	{ .unit = "d", .us = 24 * 3600 * 1000000LL },
};

#define DURATION_INT_DIGITS_MAX 12   /* more is a typo; overflow is checked below */

size_t duration_parse(const char *s, int64_t *us)
{
	size_t i = 0;
	int64_t whole = 0, frac = 0, scale = 1;
	if (!s)
		return 0;
	while (s[i] >= '0' && s[i] <= '9') {
		if (i >= DURATION_INT_DIGITS_MAX)
			return 0;
		whole = whole * 10 + (s[i++] - '0');
	}
	if (i == 0)
		return 0;
	if (s[i] == '.' && s[i + 1] >= '0' && s[i + 1] <= '9') {
		size_t j = i + 1;
		for (; s[j] >= '0' && s[j] <= '9'; j++) {
			if (scale < 1000000000LL) {   /* nine digits are more than a microsecond */
				frac = frac * 10 + (s[j] - '0');
				scale *= 10;
			}
		}
		i = j;
	}
	for (size_t u = 0; u < sizeof units / sizeof units[0]; u++) {
		size_t len = strlen(units[u].unit);
		if (strncmp(s + i, units[u].unit, len) != 0)
			continue;
		if (whole > INT64_MAX / units[u].us - 1)
			return 0;
		/* the fraction in double: exact enough to the microsecond */
		*us = whole * units[u].us + (int64_t)((double)frac / (double)scale * (double)units[u].us + 0.5);
		return i + len;
	}
	/* RFC-free convenience: a bare zero needs no unit. */
	if (whole == 0 && frac == 0) {
		*us = 0;
		return i;
	}
	return 0;
}

int fault_parse(const char *spec, fault_t *out, char *err, size_t errsz)
{
	char name[64];
	const char *at = spec ? strchr(spec, '@') : NULL;
	size_t n = spec ? (at ? (size_t)(at - spec) : strlen(spec)) : 0;
	if (n == 0) {
		snprintf(err, errsz, "empty fault name (known faults: see `mailpath run --help`)");
		return -1;
	}
	if (n >= sizeof name)
		n = sizeof name - 1;
	memcpy(name, spec, n);
	name[n] = '\0';
	int k = fault_lookup(name);
	if (k < 0) {
		const char *hint = fault_suggest(name);
		if (hint)
			snprintf(err, errsz, "unknown fault '%s' — did you mean '%s'?", name, hint);
		else
			snprintf(err, errsz, "unknown fault '%s' (see `mailpath run --help`)", name);
		return -1;
	}
	int64_t t = 0;
	if (at) {
		size_t used = duration_parse(at + 1, &t);
		if (used == 0 || at[1 + used] != '\0') {
			snprintf(err, errsz, "'%.40s': expected a duration like 2s, 150ms, 10m", at + 1);
			return -1;
		}
	}
	out->kind = (fault_kind_t)k;
	out->at_us = t;
	return 0;
}
