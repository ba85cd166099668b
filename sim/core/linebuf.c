/* linebuf.c — framing: a byte stream in, whole lines out.
 *
 * Two stages keep memory bounded and the mode lazy:
 *
 *   feed():  raw bytes are appended to `raw`. The bytes after the last LF
 *            belong to a line that is unfinished in either mode; once they
 *            exceed max_line + 1 the rest up to the next LF is dropped (the
 *            line is overlong in either mode, so nothing is lost but junk).
 *   next():  raw bytes are moved into `cur` (at most max_line - 2 content
 *            octets; beyond that the line is marked overlong) until a line
 *            end in the mode of this call. A CR is held back in `cr` until
 *            the next byte shows whether it starts a CR LF.
 *
 * So after next() returns 0, `raw` is empty and `cur` holds at most one
 * line's worth: 16 MB without a line end cost one line buffer, even in one
 * feed. Bare LFs in LB_CRLF_ONLY mode are not cut by feed() (the mode may
 * still change before the line is split): they cost at most the one feed
 * until the next call of next(), never more. */
#include "core/linebuf.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"

struct linebuf {
	size_t max_line;        /* octets of a line including its CRLF */
	linebuf_mode_t mode;
	char *raw;              /* fed, not yet examined: raw[rpos..rlen) */
	size_t rlen, rpos, rcap;
	size_t tail;            /* raw octets at the end with no LF */
	int dropping;           /* feed() discards up to the next LF */
	int drop_cr;            /* the last discarded octet was a CR */
	char *cur;              /* the line being assembled */
	size_t clen, ccap;
	int cr;                 /* a CR was seen and not yet placed */
	int overlong;           /* cur was cut */
	int returned;           /* cur was handed out: reset on the next call */
};

static size_t content_max(const linebuf_t *lb)
{
	return lb->max_line - 2;
}

linebuf_t *linebuf_new(size_t max_line, linebuf_mode_t mode)
{
	linebuf_t *lb = xcalloc(1, sizeof *lb);
	lb->mode = mode;
	linebuf_set_max(lb, max_line);
	return lb;
}

void linebuf_free(linebuf_t *lb)
{
	if (!lb)
		return;
	free(lb->raw);
	free(lb->cur);
	free(lb);
}

void linebuf_set_max(linebuf_t *lb, size_t max_line)
{
	assert(max_line >= 3);
	lb->max_line = max_line;   /* cur grows on demand (cur_put), up to max_line */
}

void linebuf_set_mode(linebuf_t *lb, linebuf_mode_t mode)
{
	assert(mode == LB_LF_OK || mode == LB_CRLF_ONLY);
	lb->mode = mode;
}

static void raw_append(linebuf_t *lb, const char *p, size_t n)
{
	if (lb->rpos > 0) {     /* compact: what was examined is gone */
		memmove(lb->raw, lb->raw + lb->rpos, lb->rlen - lb->rpos);
		lb->rlen -= lb->rpos;
		lb->rpos = 0;
	}
	if (lb->rlen + n > lb->rcap) {
		size_t cap = lb->rcap ? lb->rcap : 256;
		while (cap < lb->rlen + n)
			cap *= 2;
		lb->raw = xrealloc(lb->raw, cap);
		lb->rcap = cap;
	}
	memcpy(lb->raw + lb->rlen, p, n);
	lb->rlen += n;
}

/* Discard up to the next LF; returns how many input octets were used. */
static size_t drop_until_lf(linebuf_t *lb, const char *p, size_t n)
{
	const char *lf = memchr(p, '\n', n);
	if (!lf) {
		if (n > 0)
			lb->drop_cr = p[n - 1] == '\r';
		return n;
	}
	size_t used = (size_t)(lf - p);
	if (used > 0)
		lb->drop_cr = p[used - 1] == '\r';
	if (lb->drop_cr)        /* keep the CR of a CR LF: it may end the line */
		raw_append(lb, "\r", 1);
	lb->dropping = 0;
	lb->drop_cr = 0;
	lb->tail = 0;
	return used;            /* the LF itself is appended by the caller */
}

void linebuf_feed(linebuf_t *lb, const char *p, size_t n)
{
	size_t keep = lb->max_line + 1;
	while (n > 0) {
		if (lb->dropping) {
			size_t used = drop_until_lf(lb, p, n);
			p += used;
			n -= used;
			continue;
		}
		const char *lf = memchr(p, '\n', n);
		size_t seg = lf ? (size_t)(lf - p) + 1 : n;
		size_t room = keep > lb->tail ? keep - lb->tail : 0;
		size_t body = lf ? seg - 1 : seg;   /* octets before the LF */
		if (body > room) {
			raw_append(lb, p, room);
			lb->tail += room;
			lb->dropping = 1;
			lb->drop_cr = 0;
			p += room;
			n -= room;
			continue;
		}
		raw_append(lb, p, seg);
		lb->tail = lf ? 0 : lb->tail + seg;
		p += seg;
		n -= seg;
	}
}

static void cur_put(linebuf_t *lb, char c)
{
	if (lb->clen < content_max(lb)) {
		if (lb->clen == lb->ccap) {
			size_t cap = lb->ccap ? lb->ccap * 2 : 128;
			lb->cur = xrealloc(lb->cur, cap < lb->max_line ? cap : lb->max_line);
			lb->ccap = cap < lb->max_line ? cap : lb->max_line;
		}
		lb->cur[lb->clen++] = c;
	} else
		lb->overlong = 1;
}

/* A run of n plain octets (no CR, no LF) of the line, cut at its limit. */
static void cur_put_n(linebuf_t *lb, const char *p, size_t n)
{
	size_t room = content_max(lb) - lb->clen;
	if (n > room) {
		lb->overlong = 1;
		n = room;
	}
	if (lb->clen + n > lb->ccap) {
		size_t cap = lb->ccap ? lb->ccap : 128;
		while (cap < lb->clen + n)
			cap *= 2;
		if (cap > lb->max_line)
			cap = lb->max_line;
		lb->cur = xrealloc(lb->cur, cap);
		lb->ccap = cap;
	}
	memcpy(lb->cur + lb->clen, p, n);
	lb->clen += n;
}

int linebuf_next(linebuf_t *lb, const char **line, size_t *len, int *overlong)
{
	if (lb->returned) {
		lb->clen = 0;
		lb->overlong = 0;
		lb->returned = 0;
	}
	while (lb->rpos < lb->rlen) {
		if (!lb->cr) {   /* the common case: a run of plain octets at once */
			const char *p = lb->raw + lb->rpos;
			size_t n = lb->rlen - lb->rpos;
			const char *lf = memchr(p, '\n', n);
			size_t run = lf ? (size_t)(lf - p) : n;
			const char *cr = memchr(p, '\r', run);
			if (cr)
				run = (size_t)(cr - p);
			if (run > 0) {
				cur_put_n(lb, p, run);
				lb->rpos += run;
				continue;
			}
		}
		char c = lb->raw[lb->rpos++];
		if (lb->cr) {
			lb->cr = 0;
			if (c == '\n')
				goto line_end;      /* CR LF ends a line in both modes */
			cur_put(lb, '\r');          /* a lone CR is content */
		}
		if (c == '\r')
			lb->cr = 1;
		else if (c == '\n' && lb->mode == LB_LF_OK)
			goto line_end;
		else
			cur_put(lb, c);             /* LB_CRLF_ONLY: a bare LF is content */
	}
	lb->rlen = lb->rpos = 0;
	if (lb->tail > lb->rlen)
		lb->tail = lb->rlen;
	return 0;

line_end:
	if (lb->tail > lb->rlen - lb->rpos)
		lb->tail = lb->rlen - lb->rpos;
	lb->returned = 1;
	*line = lb->cur ? lb->cur : "";
	*len = lb->clen;
	*overlong = lb->overlong;
	return 1;
}

size_t linebuf_pending(const linebuf_t *lb)
{
	size_t n = lb->rlen - lb->rpos + (size_t)lb->cr;
	if (!lb->returned)
		n += lb->clen;
	return n;
}

void linebuf_discard(linebuf_t *lb)
{
	lb->rlen = lb->rpos = lb->tail = 0;
	lb->dropping = lb->drop_cr = 0;
	lb->clen = 0;
	lb->cr = lb->overlong = 0;
	lb->returned = 0;
}
