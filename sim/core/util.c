/* util.c — growable strings, allocation, ASCII helpers, base64, dates. */
#include "core/util.h"

#include <assert.h>
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		abort();
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		abort();
	return p;
}

void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		abort();
	return q;
}

void *xgrow(void *p, size_t n, size_t size)
{
	if (n != 0 && (n & (n - 1)) != 0)
		return p;               /* n is not a power of two: the array has room */
	size_t cap = n ? 2 * n : 1;
	assert(size && cap <= SIZE_MAX / size);
	return xrealloc(p, cap * size);
}

char *xstrdup(const char *s)
{
	return s ? xstrndup(s, strlen(s)) : NULL;
}

char *xstrndup(const char *s, size_t n)
{
	if (!s)
		return NULL;
	size_t len = strnlen(s, n);
	char *d = xmalloc(len + 1);
	memcpy(d, s, len);
	d[len] = '\0';
	return d;
}

void sb_init(strbuf_t *sb)
{
	sb->buf = NULL;
	sb->len = 0;
	sb->cap = 0;
}

void sb_free(strbuf_t *sb)
{
	free(sb->buf);
	sb_init(sb);
}

void sb_clear(strbuf_t *sb)
{
	sb->len = 0;
	if (sb->buf)
		sb->buf[0] = '\0';
}

static void sb_grow(strbuf_t *sb, size_t extra)
{
	size_t need = sb->len + extra + 1;
	if (need <= sb->cap)
		return;
	size_t cap = sb->cap ? sb->cap : 64;
	while (cap < need)
		cap *= 2;
	sb->buf = xrealloc(sb->buf, cap);
	sb->cap = cap;
}

void sb_append(strbuf_t *sb, const char *p, size_t n)
{
	sb_grow(sb, n);
	if (n)
		memcpy(sb->buf + sb->len, p, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
}

void sb_puts(strbuf_t *sb, const char *s)
{
	sb_append(sb, s, strlen(s));
}

void sb_putc(strbuf_t *sb, char c)
{
	sb_append(sb, &c, 1);
}

void sb_printf(strbuf_t *sb, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n > 0) {
		sb_grow(sb, (size_t)n);
		vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap2);
		sb->len += (size_t)n;
	}
	va_end(ap2);
}

const char *sb_str(const strbuf_t *sb)
{
	return sb->buf ? sb->buf : "";
}

char *sb_steal(strbuf_t *sb)
{
	char *p = sb->buf ? sb->buf : xstrdup("");
	sb_init(sb);
	return p;
}

void sb_consume(strbuf_t *sb, size_t n)
{
	if (n >= sb->len) {
		sb_clear(sb);
		return;
	}
	memmove(sb->buf, sb->buf + n, sb->len - n);
	sb->len -= n;
	sb->buf[sb->len] = '\0';
}

int str_ieq(const char *a, const char *b)
{
	for (; *a && *b; a++, b++)
		if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
			return 0;
	return *a == *b;
}

int str_iprefix(const char *s, const char *prefix)
{
	for (; *prefix; s++, prefix++)
		if (!*s || tolower((unsigned char)*s) != tolower((unsigned char)*prefix))
			return 0;
	return 1;
}

void str_lower(char *s)
{
	for (; *s; s++)
		*s = (char)tolower((unsigned char)*s);
}

const char *str_domain(const char *addr)
{
	const char *at = strrchr(addr, '@');
	return at ? at + 1 : "";
}

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

void base64_encode(const unsigned char *in, size_t n, strbuf_t *out)
{
	size_t i = 0;
	for (; i + 2 < n; i += 3) {
		unsigned v = (unsigned)in[i] << 16 | (unsigned)in[i + 1] << 8 | in[i + 2];
		char q[4] = { b64[v >> 18], b64[(v >> 12) & 63], b64[(v >> 6) & 63], b64[v & 63] };
		sb_append(out, q, 4);
	}
	if (i < n) {
		unsigned v = (unsigned)in[i] << 16 | (i + 1 < n ? (unsigned)in[i + 1] << 8 : 0);
		char q[4] = { b64[v >> 18], b64[(v >> 12) & 63],
			      i + 1 < n ? b64[(v >> 6) & 63] : '=', '=' };
		sb_append(out, q, 4);
	}
	if (!out->buf)
		sb_append(out, "", 0);
}

static int b64_value(char c)
{
	const char *p = c ? strchr(b64, c) : NULL;
	return p ? (int)(p - b64) : -1;
}

int base64_decode(const char *in, size_t n, strbuf_t *out)
{
	/* RFC 4648 4: groups of four characters, '=' padding only at the end. */
	if (n % 4 != 0)
		return -1;
	for (size_t i = 0; i < n; i += 4) {
		int v[4], pad = 0;
		for (int k = 0; k < 4; k++) {
			char c = in[i + k];
			if (c == '=' && i + 4 == n && k >= 2) {
				v[k] = 0;
				pad++;
			} else if (pad || (v[k] = b64_value(c)) < 0) {
				return -1;
			}
		}
		unsigned w = (unsigned)v[0] << 18 | (unsigned)v[1] << 12 | (unsigned)v[2] << 6 | (unsigned)v[3];
		char bytes[3] = { (char)(w >> 16), (char)(w >> 8), (char)w };
		sb_append(out, bytes, (size_t)(3 - pad));
	}
	if (!out->buf)
		sb_append(out, "", 0);
	return 0;
}

void fmt_rfc5322_date(int64_t unix_seconds, char *buf, size_t size)
{
	static const char *const wday[] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
	static const char *const mon[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
					   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	time_t t = (time_t)unix_seconds;
	struct tm tm;
	gmtime_r(&t, &tm);
	snprintf(buf, size, "%s, %02d %s %04d %02d:%02d:%02d +0000", wday[tm.tm_wday], tm.tm_mday,
		 mon[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* Digits of v, at least `width` of them, at p; returns the end. */
static char *put_digits(char *p, long long v, int width)
{
	char d[24];
	int n = 0;
	do {
		d[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v > 0 || n < width);
	while (n)
		*p++ = d[--n];
	return p;
}

/* "+1.234s", "+2m03.456s", "+1h02m03s" (by hand: it runs for every line of a transcript). */
void fmt_sim_time(int64_t t_us, char *buf, size_t size)
{
	long long ms = t_us / 1000;
	char tmp[64], *p = tmp;
	if (t_us < 0) {   /* never in a run; kept as the printf forms would print it */
		snprintf(buf, size, "+%lld.%03llds", ms / 1000, ms % 1000);
		return;
	}
	*p++ = '+';
	if (t_us < 60LL * 1000000) {
		p = put_digits(p, ms / 1000, 1);
		*p++ = '.';
		p = put_digits(p, ms % 1000, 3);
		*p++ = 's';
	} else if (t_us < 3600LL * 1000000) {
		p = put_digits(p, ms / 60000, 1);
		*p++ = 'm';
		p = put_digits(p, ms / 1000 % 60, 2);
		*p++ = '.';
		p = put_digits(p, ms % 1000, 3);
		*p++ = 's';
	} else {
		p = put_digits(p, ms / 3600000, 1);
		*p++ = 'h';
		p = put_digits(p, ms / 60000 % 60, 2);
		*p++ = 'm';
		p = put_digits(p, ms / 1000 % 60, 2);
		*p++ = 's';
	}
	*p = '\0';
	str_copy(buf, size, tmp);
}

/* Length of a valid UTF-8 sequence at p (at most n bytes), or 0. RFC 3629 4:
 * no overlong forms, no surrogates, nothing above U+10FFFF. The C1 controls
 * (U+0080..U+009F, e.g. U+009B CSI) count as invalid so they are shown. */
static size_t utf8_len(const unsigned char *p, size_t n)
{
	size_t len;
	unsigned char lo = 0x80, hi = 0xBF;   /* allowed range of the second byte */
	if (p[0] == 0xC2) {
		len = 2;
		lo = 0xA0;
	} else if (p[0] >= 0xC3 && p[0] <= 0xDF) {
		len = 2;
	} else if (p[0] >= 0xE0 && p[0] <= 0xEF) {
		len = 3;
		lo = p[0] == 0xE0 ? 0xA0 : 0x80;
		hi = p[0] == 0xED ? 0x9F : 0xBF;
	} else if (p[0] >= 0xF0 && p[0] <= 0xF4) {
		len = 4;
		lo = p[0] == 0xF0 ? 0x90 : 0x80;
		hi = p[0] == 0xF4 ? 0x8F : 0xBF;
	} else {
		return 0;
	}
	if (len > n || p[1] < lo || p[1] > hi)
		return 0;
	for (size_t i = 2; i < len; i++)
		if ((p[i] & 0xC0) != 0x80)
			return 0;
	return len;
}

void str_visible(const char *s, size_t n, strbuf_t *out)
{
	const unsigned char *p = (const unsigned char *)s;
	for (size_t i = 0; i < n;) {
		size_t run = i;
		while (run < n && p[run] >= 0x20 && p[run] < 0x7F)
			run++;
		if (run > i) {          /* printable ASCII, the common case, in one go */
			sb_append(out, s + i, run - i);
			i = run;
			continue;
		}
		unsigned char c = p[i];
		if (c == '\r') {
			sb_puts(out, "\\r");
		} else if (c == '\n') {
			sb_puts(out, "\\n");
		} else if (c == '\t') {
			sb_puts(out, "\\t");
		} else if (c < 0x20 || c == 0x7F) {
			sb_printf(out, "^%c", c == 0x7F ? '?' : c + '@');
		} else if (c >= 0x80) {
			size_t len = utf8_len(p + i, n - i);
			if (len) {
				sb_append(out, s + i, len);
				i += len;
				continue;
			}
			sb_printf(out, "\\x%02X", c);
		} else {
			sb_putc(out, (char)c);
		}
		i++;
	}
	if (!out->buf)
		sb_append(out, "", 0);
}

size_t str_copy(char *dst, size_t size, const char *src)
{
	size_t n = strlen(src);
	if (n >= size)
		n = size - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
	return n;
}
