/* common.c — the fuzz targets' shared helpers (see fuzz.h). */
#include "fuzz.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/proto_limits.h"

void fuzz_fail(const char *file, int line, const char *cond, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "%s:%d: property violated: %s: ", file, line, cond);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

static void wire_send(void *tctx, const char *p, size_t n)
{
	fuzz_wire_t *w = tctx;
	if (w->closes)
		w->sent_after_close = 1;
	sb_append(&w->out, p, n);
}

static void wire_close(void *tctx)
{
	fuzz_wire_t *w = tctx;
	w->closes++;
}

transport_t fuzz_transport(fuzz_wire_t *w)
{
	*w = (fuzz_wire_t){ .out = STRBUF_INIT };
	return (transport_t){ .send = wire_send, .close = wire_close, .tctx = w };
}

void fuzz_wire_free(fuzz_wire_t *w)
{
	sb_free(&w->out);
}

fuzz_feed_t fuzz_feed_opts(const uint8_t **data, size_t *size)
{
	fuzz_feed_t f = { .chunk = 0, .flag = 0 };
	if (*size > 0 && (*data)[0] >= 0x01 && (*data)[0] <= 0x1F && (*data)[0] != '\t' &&
	    (*data)[0] != '\n' && (*data)[0] != '\r') {
		unsigned sel = (*data)[0];
		f.chunk = (sel & 0x0F) + 1;
		if (f.chunk == 16)
			f.chunk = 0;
		f.flag = (sel & 0x10) != 0;
		(*data)++;
		(*size)--;
	}
	return f;
}

void fuzz_check_crlf_lines(const char *what, const char *p, size_t n, size_t max_line)
{
	size_t start = 0;
	for (size_t i = 0; i < n; i++) {
		if (p[i] == '\r') {
			FUZZ_CHECK(i + 1 < n && p[i + 1] == '\n', "%s: a CR without LF at octet %zu", what, i);
			size_t len = i + 2 - start;
			FUZZ_CHECK(len <= max_line, "%s: a line of %zu octets (limit %zu) at octet %zu",
				   what, len, max_line, start);
			i++;
			start = i + 1;
		} else {
			FUZZ_CHECK(p[i] != '\n', "%s: a bare LF at octet %zu", what, i);
		}
	}
	FUZZ_CHECK(start == n, "%s: %zu octets after the last CRLF", what, n - start);
}

const char *fuzz_find(const char *p, size_t n, const char *needle)
{
	size_t k = strlen(needle);
	for (size_t i = 0; p && k <= n && i <= n - k; i++)
		if (p[i] == needle[0] && !memcmp(p + i, needle, k))
			return p + i;
	return NULL;
}

void fuzz_check_smtp_replies(const char *p, size_t n)
{
	p = p ? p : "";
	fuzz_check_crlf_lines("SMTP replies", p, n, SMTP_REPLY_LINE_MAX);
	for (size_t off = 0; off < n;) {
		const char *eol = memchr(p + off, '\r', n - off);
		size_t len = (size_t)(eol - (p + off));
		const char *l = p + off;
		FUZZ_CHECK(len >= 3 && l[0] >= '2' && l[0] <= '5' && l[1] >= '0' && l[1] <= '9' &&
				   l[2] >= '0' && l[2] <= '9' && (len == 3 || l[3] == ' ' || l[3] == '-'),
			   "a reply line without a reply code at octet %zu: %.*s", off, (int)len, l);
		off += len + 2;
	}
}

void fuzz_check_scenario_errors(const char *file, const strbuf_t *errors)
{
	size_t plen = strlen(file);
	const char *p = errors->buf ? errors->buf : "";
	const char *end = p + errors->len;
	FUZZ_CHECK(errors->len == 0 || end[-1] == '\n', "the errors do not end with a newline");
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		FUZZ_CHECK(nl != NULL, "an unterminated error line");
		FUZZ_CHECK(!strncmp(p, file, plen) && p[plen] == ':', "an error without the file name: %.80s", p);
		char *q;
		long line = strtol(p + plen + 1, &q, 10);
		FUZZ_CHECK(line >= 1 && *q == ':', "an error without a line number: %.80s", p);
		long col = strtol(q + 1, &q, 10);
		FUZZ_CHECK(col >= 1 && q[0] == ':' && q[1] == ' ', "an error without a column: %.80s", p);
		p = nl + 1;
	}
}
