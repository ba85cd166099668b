/* explain.h — the teaching texts: one per command, reply code, state and
 * event the simulator can emit, each with its RFC section. The trace's
 * `explain` keys are topics here; `mailpath explain TOPIC` and the UI's
 * explain pane print the same text. */
#ifndef MP_EXPLAIN_H
#define MP_EXPLAIN_H

#include <stddef.h>

typedef struct explain {
	const char *key;      /* "smtp:RCPT", "smtp:354", "pop3:state:UPDATE", "dns:MX" */
	const char *title;    /* "RCPT TO — name one recipient" */
	const char *text;     /* plain words, a few sentences, no line breaks */
	const char *rfc;      /* "RFC 5321 4.1.1.3" */
} explain_t;

const explain_t *explain_find(const char *key);   /* exact key, or NULL */
/* Every entry whose key, or whose key's last ':' part, equals topic
 * (case-insensitive): "QUIT" finds smtp:QUIT and pop3:QUIT. Returns the count
 * and fills up to max pointers. */
size_t explain_search(const char *topic, const explain_t **found, size_t max);
size_t explain_count(void);
const explain_t *explain_at(size_t i);

#endif
