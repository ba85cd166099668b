/* changes.h — a change counter for an object whose state only changes inside
 * its own public calls (a protocol state machine).
 *
 * Each mutating entry point runs between changes_enter() and changes_leave().
 * changes_stamp() is 0 while a call is under way (the state may be changing
 * line by line) and otherwise a number that differs whenever the state may
 * have changed since it was last read: a reader (the world view) may reuse
 * what it derived from the object while the stamp stays the same. */
#ifndef MP_CHANGES_H
#define MP_CHANGES_H

#include <stdint.h>

typedef struct changes {
	uint64_t n;             /* calls finished */
	unsigned busy;          /* calls under way (hooks may re-enter) */
} changes_t;

static inline void changes_enter(changes_t *c)
{
	c->busy++;
}

static inline void changes_leave(changes_t *c)
{
	c->busy--;
	c->n++;
}

/* 0: changing now; otherwise the same number means the same state. */
static inline uint64_t changes_stamp(const changes_t *c)
{
	return c->busy ? 0 : c->n + 1;
}

#endif
