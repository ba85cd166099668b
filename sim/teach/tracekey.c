/* tracekey.c — map protocol words to the explain table's static keys. */
#include "teach/tracekey.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "teach/explain.h"

const char *tracekey(const char *proto, const char *word, size_t wordlen, const char *fallback)
{
	char key[48];
	if (wordlen > 32)
		return fallback;
	size_t pl = strlen(proto);
	if (pl + 1 + wordlen >= sizeof key)
		return fallback;
	memcpy(key, proto, pl);
	key[pl] = ':';
	memcpy(key + pl + 1, word, wordlen);
	key[pl + 1 + wordlen] = '\0';
	const explain_t *e = explain_find(key);
	return e ? e->key : fallback;
}

const char *tracekey_cached(tracekey_cache_t *c, const char *proto, const char *word, size_t wordlen,
			    const char *fallback)
{
	if (wordlen > 32)
		return fallback;
	unsigned h = (unsigned)(size_t)proto;   /* proto is a static string: its address will do */
	for (size_t i = 0; i < wordlen; i++)
		h = h * 31 + (unsigned char)word[i];
	h ^= h >> 7;
	unsigned k = h % TRACEKEY_CACHE;
	if (c->slot[k].proto == proto && c->slot[k].fallback == fallback &&
	    strncmp(c->slot[k].word, word, wordlen) == 0 && c->slot[k].word[wordlen] == '\0')
		return c->slot[k].key;
	const char *key = tracekey(proto, word, wordlen, fallback);
	c->slot[k].proto = proto;
	c->slot[k].fallback = fallback;
	memcpy(c->slot[k].word, word, wordlen);
	c->slot[k].word[wordlen] = '\0';
	c->slot[k].key = key;
	return key;
}

void tracekey_verb(const char *line, size_t len, char *buf, size_t size)
{
	size_t i = 0;
	while (i < len && i + 1 < size && line[i] != ' ' && line[i] != ':' && line[i] != '\0') {
		buf[i] = (char)toupper((unsigned char)line[i]);
		i++;
	}
	buf[i] = '\0';
}
