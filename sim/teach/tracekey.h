/* tracekey.h — the static explanation key for a protocol word: "smtp" + "RCPT"
 * -> "smtp:RCPT" (the explain table's own string), or the fallback when the
 * table has no such key. Trace events keep only static keys. */
#ifndef MP_TRACEKEY_H
#define MP_TRACEKEY_H

#include <stddef.h>

const char *tracekey(const char *proto, const char *word, size_t wordlen, const char *fallback);
/* The same, remembered: a small table the caller owns (one per MTA or POP3
 * service), so that a busy session does not search the explain table for
 * every line. Zero-initialise it. */
#define TRACEKEY_CACHE 64
typedef struct tracekey_cache {
	struct {
		const char *proto;      /* NULL: empty slot */
		const char *fallback;
		char word[33];
		const char *key;
	} slot[TRACEKEY_CACHE];
} tracekey_cache_t;
const char *tracekey_cached(tracekey_cache_t *c, const char *proto, const char *word, size_t wordlen,
			    const char *fallback);
/* The verb of a command line ("rcpt to:<x>" -> "RCPT"), upper-cased, in buf. */
void tracekey_verb(const char *line, size_t len, char *buf, size_t size);

#endif
