/* scenario_lex.c — the scenario language below the directives: error
 * messages, the checks every line passes (text, UTF-8, length), words and
 * "strings", and the values directives take (times, sizes, addresses, hops).
 * Every function here reports its own mistake with scenario_error(). */
#include "run/scenario_parse.h"

#include <stdarg.h>
#include <stdio.h>

#include "core/util.h"

int scenario_error(scn_parser_t *p, int col, const char *fmt, ...)
{
	va_list ap;
	char msg[512];
	if (p->stopped)
		return -1;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	sb_printf(p->errors, "%s:%d:%d: %s\n", p->path, p->line, col > 0 ? col : 1, msg);
	if (++p->nerrors >= SCN_ERRORS_MAX) {
		sb_printf(p->errors, "%s:%d:1: too many errors (%d); stopping here\n", p->path,
			  p->line, SCN_ERRORS_MAX);
		p->stopped = 1;
	}
	return -1;
}

scn_shown_t scenario_show(const char *s)
{
	scn_shown_t out;
	size_t o = 0, chars = 0;
	for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
		if ((*c & 0xC0) != 0x80 && chars++ == SCN_SHOW_MAX) {
			memcpy(out.s + o, "…", sizeof "…");
			return out;
		}
		if (o + 1 < sizeof out.s - sizeof "…")
			out.s[o++] = (char)*c;
	}
	out.s[o] = '\0';
	return out;
}

/* Length of the valid UTF-8 sequence at s (RFC 3629 4: no overlong forms,
 * no surrogates, nothing above U+10FFFF), or 0. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
	unsigned char lo = 0x80, hi = 0xBF;
	size_t len;
	if (s[0] >= 0xC2 && s[0] <= 0xDF)
		len = 2;
	else if (s[0] >= 0xE0 && s[0] <= 0xEF)
		len = 3;
	else if (s[0] >= 0xF0 && s[0] <= 0xF4)
		len = 4;
	else
		return 0;
	if (s[0] == 0xE0)
		lo = 0xA0;
	else if (s[0] == 0xED)
		hi = 0x9F;
	else if (s[0] == 0xF0)
		lo = 0x90;
	else if (s[0] == 0xF4)
		hi = 0x8F;
	if (len > n || s[1] < lo || s[1] > hi)
		return 0;
	for (size_t i = 2; i < len; i++)
		if ((s[i] & 0xC0) != 0x80)
			return 0;
	return len;
}

/* The column (characters, from 1) of byte off of the current line. */
static int col_at(const scn_parser_t *p, size_t off)
{
	int col = 1;
	for (size_t i = 0; i < off && i < p->len; i++)
		if (((unsigned char)p->text[i] & 0xC0) != 0x80)
			col++;
	return col;
}

static int check_bytes(scn_parser_t *p)
{
	const unsigned char *s = (const unsigned char *)p->text;
	if (p->len > SCN_LINE_MAX)
		return scenario_error(p, 1, "line too long (%zu bytes; a line holds at most %d)",
				      p->len, SCN_LINE_MAX);
	for (size_t i = 0; i < p->len;) {
		if (s[i] == 0)
			return scenario_error(p, col_at(p, i), "NUL byte: a scenario is a text file");
		if ((s[i] < 0x20 && s[i] != '\t') || s[i] == 0x7F)
			return scenario_error(p, col_at(p, i),
					      "control character 0x%02X: a scenario is plain text", s[i]);
		size_t n = s[i] < 0x80 ? 1 : utf8_seq(s + i, p->len - i);
		if (n == 0)
			return scenario_error(p, col_at(p, i),
					      "invalid UTF-8 (byte 0x%02X): save the file as UTF-8", s[i]);
		i += n;
	}
	return 0;
}

/* A "string": escapes \" and \\, and \n (LF) and \r (CR) for a body line
 * with a bare line end (the line's directive decides whether they may be
 * there: see p->ctl_col). *i is on the opening quote. */
static int lex_string(scn_parser_t *p, size_t *i, char **w)
{
	size_t open = (*i)++;
	for (;;) {
		if (*i >= p->len)
			return scenario_error(p, col_at(p, open),
					      "unterminated string: a closing \" is missing");
		char c = p->text[*i];
		if (c == '"') {
			(*i)++;
			break;
		}
		if (c == '\\') {
			if (*i + 1 >= p->len) {
				(*i)++;     /* a backslash at the end: the string is unterminated */
				continue;
			}
			char e = p->text[*i + 1];
			if (e != '"' && e != '\\' && e != 'n' && e != 'r')
				return scenario_error(p, col_at(p, *i), "unknown escape in a string: only "
						      "\\\", \\\\, \\n and \\r are allowed");
			if ((e == 'n' || e == 'r') && !p->ctl_col)
				p->ctl_col = col_at(p, *i);
			c = e == 'n' ? '\n' : e == 'r' ? '\r' : e;
			(*i)++;
		}
		*(*w)++ = c;
		(*i)++;
	}
	if (*i < p->len && p->text[*i] != ' ' && p->text[*i] != '\t' && p->text[*i] != '#')
		return scenario_error(p, col_at(p, *i), "a space is missing after the string");
	return 0;
}

static int lex_word(scn_parser_t *p, size_t *i, char **w)
{
	for (; *i < p->len; (*i)++) {
		char c = p->text[*i];
		if (c == ' ' || c == '\t' || c == '#')
			break;
		if (c == '"')
			return scenario_error(p, col_at(p, *i),
					      "a quote inside a word: put a space before the string");
		*(*w)++ = c;
	}
	return 0;
}

int scenario_lex_line(scn_parser_t *p)
{
	p->ntok = p->pos = 0;
	p->ctl_col = 0;
	if (check_bytes(p) < 0)
		return -1;
	if (p->store_cap < 2 * p->len + 2) {
		p->store_cap = 2 * p->len + 2;
		p->store = xrealloc(p->store, p->store_cap);
	}
	char *w = p->store;
	for (size_t i = 0;;) {
		while (i < p->len && (p->text[i] == ' ' || p->text[i] == '\t'))
			i++;
		if (i >= p->len || p->text[i] == '#')   /* a comment runs to the end of the line */
			return 0;
		if (p->ntok == SCN_TOKENS_MAX)
			return scenario_error(p, col_at(p, i), "too many words on one line (at most %d)",
					      SCN_TOKENS_MAX);
		scn_tok_t *t = &p->tok[p->ntok++];
		t->s = w;
		t->off = i;
		t->col = col_at(p, i);
		t->quoted = p->text[i] == '"';
		if ((t->quoted ? lex_string(p, &i, &w) : lex_word(p, &i, &w)) < 0)
			return -1;
		t->end = i;
		*w++ = '\0';
	}
}

int scenario_end_col(const scn_parser_t *p)
{
	return p->ntok ? col_at(p, p->tok[p->ntok - 1].end) : 1;
}

const scn_tok_t *scenario_peek(const scn_parser_t *p)
{
	return p->pos < p->ntok ? &p->tok[p->pos] : NULL;
}

const scn_tok_t *scenario_next(scn_parser_t *p)
{
	return p->pos < p->ntok ? &p->tok[p->pos++] : NULL;
}

int scenario_is_word(const scn_tok_t *t, const char *word)
{
	return t && !t->quoted && str_ieq(t->s, word);
}

/* ---- values ---------------------------------------------------------- */

int scenario_val_time(scn_parser_t *p, const scn_tok_t *t, int64_t *us)
{
	size_t used = duration_parse(t->s, us);
	if (used == 0 || t->s[used] != '\0')
		return scenario_error(p, t->col, "'%s': expected a duration like 2s, 150ms, 10m",
				      scenario_show(t->s).s);
	if (*us > SCN_TIME_MAX)
		return scenario_error(p, t->col, "'%s' is out of range: times go up to 30d",
				      scenario_show(t->s).s);
	return 0;
}

static int digits_only(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

int scenario_val_u64(scn_parser_t *p, const scn_tok_t *t, uint64_t *out)
{
	uint64_t v = 0;
	int ok = digits_only(t->s);
	for (const char *s = t->s; ok && *s; s++) {
		unsigned d = (unsigned)(*s - '0');
		if (v > (UINT64_MAX - d) / 10)
			ok = 0;
		else
			v = v * 10 + d;
	}
	if (!ok)
		return scenario_error(p, t->col, "'%s': expected a whole number from 0 to %llu",
				      scenario_show(t->s).s, (unsigned long long)UINT64_MAX);
	*out = v;
	return 0;
}

int scenario_val_int(scn_parser_t *p, const scn_tok_t *t, long min, long max, long *out)
{
	long v = 0;
	if (!digits_only(t->s))
		return scenario_error(p, t->col, "'%s': expected a whole number",
				      scenario_show(t->s).s);
	for (const char *s = t->s; *s; s++) {
		v = v * 10 + (*s - '0');
		if (v > max)
			break;
	}
	if (v < min || v > max)
		return scenario_error(p, t->col, "'%s' is out of range (%ld to %ld)",
				      scenario_show(t->s).s, min, max);
	*out = v;
	return 0;
}

static const struct {
	const char *unit;
	long octets;
} size_units[] = {
	{ .unit = "", .octets = 1 },      { .unit = "b", .octets = 1 },
	{ .unit = "k", .octets = 1L << 10 }, { .unit = "kb", .octets = 1L << 10 },
	{ .unit = "kib", .octets = 1L << 10 }, { .unit = "m", .octets = 1L << 20 },
	{ .unit = "mb", .octets = 1L << 20 }, { .unit = "mib", .octets = 1L << 20 },
	{ .unit = "g", .octets = 1L << 30 }, { .unit = "gb", .octets = 1L << 30 },
	{ .unit = "gib", .octets = 1L << 30 },
};

int scenario_val_size(scn_parser_t *p, const scn_tok_t *t, long max, long *out)
{
	const char *s = t->s;
	double whole = 0, frac = 0, scale = 1;
	size_t i = 0;
	for (; s[i] >= '0' && s[i] <= '9' && i < 12; i++)
		whole = whole * 10 + (s[i] - '0');
	if (i > 0 && s[i] == '.' && s[i + 1] >= '0' && s[i + 1] <= '9')
		for (i++; s[i] >= '0' && s[i] <= '9'; i++)
			if (scale < 1e6) {
				frac = frac * 10 + (s[i] - '0');
				scale *= 10;
			}
	for (size_t u = 0; i > 0 && u < sizeof size_units / sizeof size_units[0]; u++) {
		if (!str_ieq(s + i, size_units[u].unit))
			continue;
		double v = (whole + frac / scale) * (double)size_units[u].octets;
		if (v > (double)max)
			return scenario_error(p, t->col, "'%s' is too large (at most %ldMB)",
					      scenario_show(t->s).s, max >> 20);
		*out = (long)v;
		return 0;
	}
	return scenario_error(p, t->col, "'%s': expected a size like 12MB, 500KB or 2048",
			      scenario_show(t->s).s);
}

/* RFC 1035 2.3.1, RFC 1123 2.1: labels of letters, digits and hyphens, at most
 * 63 characters, not starting or ending with a hyphen; at most 253 in all. */
static int domain_ok(const char *s, size_t n)
{
	size_t label = 0;
	if (n == 0 || n > 253)
		return 0;
	for (size_t i = 0; i <= n; i++) {
		char c = i < n ? s[i] : '.';
		if (c == '.') {
			if (label == 0 || label > 63 || s[i - 1] == '-')
				return 0;
			label = 0;
		} else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			   (c >= '0' && c <= '9') || (c == '-' && label > 0)) {
			label++;
		} else {
			return 0;
		}
	}
	return 1;
}

/* RFC 5322 3.2.3: atext, the characters of a dot-atom local part. */
static int atext(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (c && strchr("!#$%&'*+/=?^_`{|}~-", c));
}

/* RFC 5321 4.1.2 Mailbox = Local-part "@" Domain, with a dot-atom local part
 * of at most 64 octets (4.5.3.1.1); quoted local parts are not supported. */
static int addr_ok(const char *s)
{
	const char *at = strrchr(s, '@');
	if (!at || at == s || (size_t)(at - s) > 64 || strlen(s) > 254)
		return 0;
	for (const char *c = s; c < at; c++) {
		if (*c == '.') {
			if (c == s || c + 1 == at || c[1] == '.')
				return 0;
		} else if (!atext(*c)) {
			return 0;
		}
	}
	return domain_ok(at + 1, strlen(at + 1));
}

int scenario_val_addr(scn_parser_t *p, const char *s, int col)
{
	if (p->patterns && strchr(s, '{')) {
		/* a send's pattern: checked as its first message's address */
		strbuf_t x = STRBUF_INIT;
		scenario_expand(s, 1, 1, &x);
		int ok = addr_ok(sb_str(&x));
		sb_free(&x);
		if (ok)
			return 0;
	}
	if (!addr_ok(s))
		return scenario_error(p, col, "'%s': expected an address like boss@corp.example",
				      scenario_show(s).s);
	return 0;
}

int scenario_val_domain(scn_parser_t *p, const scn_tok_t *t)
{
	if (!domain_ok(t->s, strlen(t->s)))
		return scenario_error(p, t->col, "'%s': expected a domain name like corp.example",
				      scenario_show(t->s).s);
	return 0;
}

int scenario_val_ipv4(scn_parser_t *p, const scn_tok_t *t)
{
	const char *s = t->s;
	int parts = 0;
	for (;;) {
		int v = 0, digits = 0;
		for (; *s >= '0' && *s <= '9' && digits < 4; s++, digits++)
			v = v * 10 + (*s - '0');
		if (digits == 0 || digits > 3 || v > 255)
			break;
		parts++;
		if (*s == '\0' && parts == 4)
			return 0;
		if (*s != '.' || parts == 4)
			break;
		s++;
	}
	return scenario_error(p, t->col, "'%s': expected an IPv4 address like 192.0.2.26",
			      scenario_show(t->s).s);
}

int scenario_val_login(scn_parser_t *p, const scn_tok_t *t)
{
	size_t n = strlen(t->s);
	int ok = n > 0 && n <= 64;
	for (const char *c = t->s; ok && *c; c++)
		ok = (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
		     *c == '.' || *c == '_' || *c == '-' || *c == '+';
	if (!ok)
		return scenario_error(p, t->col, "'%s': expected a login name like boss",
				      scenario_show(t->s).s);
	return 0;
}

static const struct {
	const char *name;
	hop_t hop;
} hops[] = {
	{ .name = "1", .hop = HOP_1 },   { .name = "2", .hop = HOP_2 },
	{ .name = "3", .hop = HOP_3 },   { .name = "4", .hop = HOP_4 },
	{ .name = "5a", .hop = HOP_5A }, { .name = "5b", .hop = HOP_5B },
};

int scenario_val_hop(scn_parser_t *p, const scn_tok_t *t, hop_t *out)
{
	for (size_t i = 0; i < sizeof hops / sizeof hops[0]; i++) {
		if (str_ieq(t->s, hops[i].name)) {
			*out = hops[i].hop;
			return 0;
		}
	}
	return scenario_error(p, t->col, "'%s': expected a hop: 1, 2, 3, 4, 5a or 5b",
			      scenario_show(t->s).s);
}

/* The links of the picture, named by the boxes they join (see the README). */
static const struct {
	const char *a, *b;
	hop_t ha, hb;
} links[] = {
	{ .a = "2", .b = "3", .ha = HOP_2, .hb = HOP_3 },
	{ .a = "3", .b = "4", .ha = HOP_3, .hb = HOP_4 },
	{ .a = "4", .b = "5", .ha = HOP_4, .hb = HOP_5A },
	{ .a = "3", .b = "dns", .ha = HOP_3, .hb = SC_HOP_DNS },
};

int scenario_val_link(scn_parser_t *p, const scn_tok_t *t, hop_t *a, hop_t *b)
{
	const char *dash = strchr(t->s, '-');
	char left[8] = "";
	if (dash && (size_t)(dash - t->s) < sizeof left) {
		memcpy(left, t->s, (size_t)(dash - t->s));
		left[dash - t->s] = '\0';
		for (size_t i = 0; i < sizeof links / sizeof links[0]; i++) {
			if ((str_ieq(left, links[i].a) && str_ieq(dash + 1, links[i].b)) ||
			    (str_ieq(left, links[i].b) && str_ieq(dash + 1, links[i].a))) {
				*a = links[i].ha;
				*b = links[i].hb;
				return 0;
			}
		}
	}
	return scenario_error(p, t->col, "'%s': expected a link: 2-3, 3-4, 4-5 or 3-dns",
			      scenario_show(t->s).s);
}

/* RFC 5321 4.2: a reply code is three digits, 2yz to 5yz, y from 0 to 5. */
int scenario_val_code(scn_parser_t *p, const scn_tok_t *t, int *code)
{
	const char *s = t->s;
	if (strlen(s) != 3 || s[0] < '2' || s[0] > '5' || s[1] < '0' || s[1] > '5' ||
	    s[2] < '0' || s[2] > '9')
		return scenario_error(p, t->col, "'%s': expected a reply code like 451 (2yz to 5yz)",
				      scenario_show(s).s);
	*code = (s[0] - '0') * 100 + (s[1] - '0') * 10 + (s[2] - '0');
	return 0;
}
