/* tracekey.c — map protocol words to the explain table's static keys. */
#include "teach/tracekey.h"

#include <ctype.h>
#include <stdio.h>

#include "teach/explain.h"

const char *tracekey(const char *proto, const char *word, size_t wordlen, const char *fallback)
{
	char key[48];
	if (wordlen > 32)
		return fallback;
	snprintf(key, sizeof key, "%s:%.*s", proto, (int)wordlen, word);
	const explain_t *e = explain_find(key);
	return e ? e->key : fallback;
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
