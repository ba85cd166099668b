/* linebuf.h — framing: turns a byte stream into whole lines.
 *
 * Memory stays bounded whatever arrives: a line longer than the limit is cut
 * at the limit, the rest is discarded up to its end, and the line is reported
 * as overlong once it ends. In LB_CRLF_ONLY mode only CR LF ends a line (SMTP
 * DATA: a bare LF never ends a line, so "\n.\r\n" cannot end a message — no
 * SMTP smuggling); in LB_LF_OK mode a bare LF ends a line too (commands typed
 * with `nc` without -C). The mode may change between two calls of
 * linebuf_next(): lines are split lazily. */
#ifndef MP_LINEBUF_H
#define MP_LINEBUF_H

#include <stddef.h>

typedef enum linebuf_mode {
	LB_LF_OK,
	LB_CRLF_ONLY,
} linebuf_mode_t;

typedef struct linebuf linebuf_t;

/* max_line counts the octets of the line including its CRLF (RFC style). */
linebuf_t *linebuf_new(size_t max_line, linebuf_mode_t mode);
void linebuf_free(linebuf_t *lb);
void linebuf_set_max(linebuf_t *lb, size_t max_line);
void linebuf_set_mode(linebuf_t *lb, linebuf_mode_t mode);
void linebuf_feed(linebuf_t *lb, const char *p, size_t n);
/* 1 and a line (without its line end, valid until the next call) when one is
 * complete; 0 when more bytes are needed. *overlong is 1 when it was cut. */
int linebuf_next(linebuf_t *lb, const char **line, size_t *len, int *overlong);
size_t linebuf_pending(const linebuf_t *lb);
/* Forget every buffered octet (RFC 3207 4.2: what was pipelined after
 * STARTTLS is never executed after the switch). */
void linebuf_discard(linebuf_t *lb);   /* buffered octets not yet returned */

#endif
