/* explain.c — looking up the teaching texts. The texts themselves are in
 * explain_smtp.c, explain_pop3.c and explain_path.c; the order of the tables
 * (SMTP, POP3, the rest) is the order of explain_at() and of search results,
 * so "QUIT" finds smtp:QUIT before pop3:QUIT. */
#include "teach/explain.h"

#include <string.h>

#include "teach/explain_tables.h"
#include "core/util.h"

typedef struct table {
	const explain_t *entries;
	const size_t *count;
} table_t;

static const table_t tables[] = {
	{ .entries = explain_smtp_table, .count = &explain_smtp_count },
	{ .entries = explain_pop3_table, .count = &explain_pop3_count },
	{ .entries = explain_path_table, .count = &explain_path_count },
	{ .entries = explain_tls_table, .count = &explain_tls_count },
	{ .entries = explain_serve_table, .count = &explain_serve_count },
};

#define NTABLES (sizeof tables / sizeof tables[0])

size_t explain_count(void)
{
	size_t n = 0;
	for (size_t t = 0; t < NTABLES; t++)
		n += *tables[t].count;
	return n;
}

const explain_t *explain_at(size_t i)
{
	for (size_t t = 0; t < NTABLES; t++) {
		if (i < *tables[t].count)
			return &tables[t].entries[i];
		i -= *tables[t].count;
	}
	return NULL;
}

const explain_t *explain_find(const char *key)
{
	if (!key)
		return NULL;
	for (size_t i = 0, n = explain_count(); i < n; i++) {
		const explain_t *e = explain_at(i);
		if (strcmp(e->key, key) == 0)
			return e;
	}
	return NULL;
}

/* The key, or its last ':' part, equals the topic, in any case: "UPDATE"
 * matches "pop3:state:UPDATE". sim/run/run.c matches a note's topic the same way. */
static int matches(const char *key, const char *topic)
{
	const char *last = strrchr(key, ':');
	return str_ieq(key, topic) || (last && str_ieq(last + 1, topic));
}

size_t explain_search(const char *topic, const explain_t **found, size_t max)
{
	size_t hits = 0;
	if (!topic || !*topic)
		return 0;
	for (size_t i = 0, n = explain_count(); i < n; i++) {
		const explain_t *e = explain_at(i);
		if (!matches(e->key, topic))
			continue;
		if (found && hits < max)
			found[hits] = e;
		hits++;
	}
	return hits;
}
