/* util.h — small helpers shared by every module: growable strings, base64,
 * case-insensitive comparisons, RFC 5322 dates. No global state. */
#ifndef MP_UTIL_H
#define MP_UTIL_H

#include <stddef.h>
#include <stdint.h>

typedef struct strbuf {
	char *buf;   /* always NUL-terminated once anything was appended */
	size_t len;
	size_t cap;
} strbuf_t;

#define STRBUF_INIT { NULL, 0, 0 }

void sb_init(strbuf_t *sb);
void sb_free(strbuf_t *sb);
void sb_clear(strbuf_t *sb);                 /* len = 0, keeps memory */
void sb_append(strbuf_t *sb, const char *p, size_t n);
void sb_puts(strbuf_t *sb, const char *s);
void sb_putc(strbuf_t *sb, char c);
void sb_printf(strbuf_t *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
const char *sb_str(const strbuf_t *sb);      /* "" when empty */
char *sb_steal(strbuf_t *sb);                /* caller frees; sb is reset */
void sb_consume(strbuf_t *sb, size_t n);     /* drop the first n bytes */

void *xmalloc(size_t n);                     /* abort()s on OOM */
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
/* Room for one more element in an array of n elements of size bytes that
 * grows only through xgrow: its capacity doubles (0, 1, 2, 4, 8...), so
 * appending N elements copies O(N) bytes, not O(N^2). */
void *xgrow(void *p, size_t n, size_t size);
char *xstrdup(const char *s);                /* NULL -> NULL */
char *xstrndup(const char *s, size_t n);
/* Copy src into dst[size] (size > 0), cut to fit, NUL-terminated; returns
 * the length copied. snprintf(dst, size, "%s", src) without the formatting. */
size_t str_copy(char *dst, size_t size, const char *src);

int str_ieq(const char *a, const char *b);           /* ASCII case-insensitive == */
int str_iprefix(const char *s, const char *prefix);  /* s starts with prefix, any case */
void str_lower(char *s);
const char *str_domain(const char *addr);            /* part after the last '@', or "" */

/* RFC 4648 base64. decode returns 0, or -1 on any invalid input. */
void base64_encode(const unsigned char *in, size_t n, strbuf_t *out);
int base64_decode(const char *in, size_t n, strbuf_t *out);

/* RFC 5322 3.3 date-time for a Unix time, e.g. "Mon, 02 Mar 2026 09:00:00 +0000". */
void fmt_rfc5322_date(int64_t unix_seconds, char *buf, size_t size);

/* Human time for simulated microseconds: "+0.412s", "+5m00.620s", "+2h03m05s". */
void fmt_sim_time(int64_t t_us, char *buf, size_t size);

/* Make control characters visible (\r -> "\\r", ESC -> "^[", bytes >= 0x80 kept
 * when they form valid UTF-8, else "\\xNN"). Used by every renderer. */
void str_visible(const char *p, size_t n, strbuf_t *out);

#endif
