/* fuzz.h — what the fuzz targets of tests/fuzz/ share.
 *
 * Each target defines LLVMFuzzerTestOneInput. Built with clang
 * -fsanitize=fuzzer it is a libFuzzer binary (`make fuzz`); linked with
 * replay.c instead it replays files with any compiler (`make test` replays
 * tests/fuzz/regress/ and the seed corpus). A target checks what a user of
 * the session would notice (reply framing, no mail lost, locks released)
 * and abort()s on a violation, whatever NDEBUG says. */
#ifndef MP_FUZZ_H
#define MP_FUZZ_H

#include <stddef.h>
#include <stdint.h>

#include "core/transport.h"
#include "core/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A violated property: print it and abort (a crash libFuzzer keeps). */
#define FUZZ_CHECK(cond, ...) \
	((cond) ? (void)0 : fuzz_fail(__FILE__, __LINE__, #cond, __VA_ARGS__))
void fuzz_fail(const char *file, int line, const char *cond, const char *fmt, ...)
	__attribute__((format(printf, 4, 5), noreturn));

/* The other end of a session: what the session sent, and whether it closed. */
typedef struct fuzz_wire {
	strbuf_t out;
	int closes;
	int sent_after_close;
} fuzz_wire_t;

transport_t fuzz_transport(fuzz_wire_t *w);
void fuzz_wire_free(fuzz_wire_t *w);

/* An optional first byte 0x01..0x1F (never in a text session) selects how
 * the rest is fed: bits 0-3 + 1 = chunk size in octets (16: all at once),
 * bit 4 = a flag for the target. Without it: all at once, flag 0. */
typedef struct fuzz_feed {
	size_t chunk;        /* 0: all at once */
	int flag;
} fuzz_feed_t;

fuzz_feed_t fuzz_feed_opts(const uint8_t **data, size_t *size);

/* Every octet of out is in CRLF-terminated lines of at most max_line
 * octets (CRLF included), with no other CR or LF. */
void fuzz_check_crlf_lines(const char *what, const char *p, size_t n, size_t max_line);

/* Every reply is a CRLF line of at most 512 octets (RFC 5321 4.5.3.1.5)
 * starting with a reply code 2xx-5xx and SP or "-" (4.2). */
void fuzz_check_smtp_replies(const char *p, size_t n);

/* A parser's errors: lines "FILE:LINE:COL: message", LINE and COL >= 1
 * (scenarios/README.md). */
void fuzz_check_scenario_errors(const char *file, const strbuf_t *errors);

/* The first occurrence of needle in p[0..n), or NULL (NUL bytes allowed in p). */
const char *fuzz_find(const char *p, size_t n, const char *needle);

#endif
