/* sched.c — the discrete-event scheduler and virtual clock.
 *
 * A binary min-heap of entries ordered by (time, sequence number), so events
 * due at the same time run in the order they were scheduled (FIFO). A handle
 * is the entry's sequence number (1, 2, 3, ...). A small open-addressing hash
 * maps the handle of every live entry to its slot in the heap, so cancel is
 * O(1) to find and the heap keeps its O(log n) push and pop.
 *
 * Cancel is lazy: the entry stays in the heap with fn == NULL (dead) and is
 * skipped when it reaches the top. Two invariants keep that cheap:
 *   - the top of the heap is never dead (cancel pops dead tops at once), so
 *     sched_next_time() is the top's time;
 *   - dead entries never outnumber live ones by much: when they do, the heap
 *     is compacted (serve mode restarts idle timers on every byte).
 *
 * Clock: sched_now() is the time of the event being (or last) dispatched. It
 * never goes backwards: an event scheduled in the past runs "now". When
 * sched_run() stops because nothing more is due by until_us (and until_us is
 * not SCHED_FOREVER), the clock moves on to until_us.
 *
 * No recursive dispatch: an event scheduled while another runs waits in the
 * heap; a sched_run() called from inside an event returns 0 at once. */
#include "core/sched.h"

#include <assert.h>
#include <stdlib.h>

#include "core/util.h"

typedef struct entry {
	int64_t t_us;
	uint64_t seq;
	sched_fn fn;        /* NULL: cancelled (dead) */
	void *arg;
} entry_t;

typedef struct slot {
	uint64_t key;       /* handle; 0 = empty */
	size_t pos;         /* index in the heap */
} slot_t;

struct sched {
	int64_t now;
	uint64_t next_seq;
	entry_t *heap;
	size_t len, cap;
	size_t live;        /* entries with fn != NULL */
	slot_t *hash;       /* capacity hcap, a power of two, at most half full */
	size_t hcap;
	int running;
};

/* ---- handle -> heap slot ---- */

static size_t hash_home(const sched_t *s, uint64_t key)
{
	return (size_t)((key * 0x9E3779B97F4A7C15ULL) >> 32) & (s->hcap - 1);
}

static slot_t *hash_find(const sched_t *s, uint64_t key)
{
	for (size_t i = hash_home(s, key);; i = (i + 1) & (s->hcap - 1)) {
		if (s->hash[i].key == key)
			return &s->hash[i];
		if (s->hash[i].key == 0)
			return NULL;
	}
}

static void hash_put_raw(sched_t *s, uint64_t key, size_t pos)
{
	size_t i = hash_home(s, key);
	while (s->hash[i].key != 0 && s->hash[i].key != key)
		i = (i + 1) & (s->hcap - 1);
	s->hash[i] = (slot_t){ .key = key, .pos = pos };
}

static void hash_rebuild(sched_t *s, size_t hcap)
{
	free(s->hash);
	s->hcap = hcap;
	s->hash = xcalloc(hcap, sizeof *s->hash);
	for (size_t i = 0; i < s->len; i++)
		if (s->heap[i].fn)
			hash_put_raw(s, s->heap[i].seq, i);
}

static void hash_put(sched_t *s, uint64_t key, size_t pos)
{
	if ((s->live + 1) * 2 > s->hcap)
		hash_rebuild(s, s->hcap * 2);
	hash_put_raw(s, key, pos);
}

/* Remove a key; backward-shift deletion keeps probe chains unbroken. */
static void hash_del(sched_t *s, slot_t *sl)
{
	size_t mask = s->hcap - 1;
	size_t i = (size_t)(sl - s->hash);
	for (size_t j = (i + 1) & mask; s->hash[j].key != 0; j = (j + 1) & mask) {
		size_t home = hash_home(s, s->hash[j].key);
		/* move j into the hole at i unless its home lies in (i, j] */
		if (((j - home) & mask) >= ((j - i) & mask)) {
			s->hash[i] = s->hash[j];
			i = j;
		}
	}
	s->hash[i].key = 0;
}

/* ---- the heap ---- */

static int before(const entry_t *a, const entry_t *b)
{
	return a->t_us < b->t_us || (a->t_us == b->t_us && a->seq < b->seq);
}

static void place(sched_t *s, size_t i, entry_t e)
{
	s->heap[i] = e;
	if (e.fn) {
		slot_t *sl = hash_find(s, e.seq);
		assert(sl);
		sl->pos = i;
	}
}

static void sift_up(sched_t *s, size_t i)
{
	entry_t e = s->heap[i];
	while (i > 0) {
		size_t parent = (i - 1) / 2;
		if (!before(&e, &s->heap[parent]))
			break;
		place(s, i, s->heap[parent]);
		i = parent;
	}
	place(s, i, e);
}

static void sift_down(sched_t *s, size_t i)
{
	entry_t e = s->heap[i];
	for (;;) {
		size_t c = 2 * i + 1;
		if (c >= s->len)
			break;
		if (c + 1 < s->len && before(&s->heap[c + 1], &s->heap[c]))
			c++;
		if (!before(&s->heap[c], &e))
			break;
		place(s, i, s->heap[c]);
		i = c;
	}
	place(s, i, e);
}

/* Remove the top entry (live or dead) and return it. */
static entry_t pop_top(sched_t *s)
{
	assert(s->len > 0);
	entry_t top = s->heap[0];
	if (top.fn) {
		hash_del(s, hash_find(s, top.seq));
		s->live--;
	}
	s->len--;
	if (s->len > 0) {
		s->heap[0] = s->heap[s->len];
		sift_down(s, 0);
	}
	return top;
}

static void drop_dead_tops(sched_t *s)
{
	while (s->len > 0 && !s->heap[0].fn)
		pop_top(s);
}

/* Throw the dead entries away and rebuild the heap (Floyd) and the hash. */
static void compact(sched_t *s)
{
	size_t n = 0;
	for (size_t i = 0; i < s->len; i++)
		if (s->heap[i].fn)
			s->heap[n++] = s->heap[i];
	s->len = n;
	hash_rebuild(s, s->hcap);
	for (size_t i = n / 2; i-- > 0;)
		sift_down(s, i);
}

sched_t *sched_new(void)
{
	sched_t *s = xcalloc(1, sizeof *s);
	s->next_seq = 1;
	s->cap = 64;
	s->heap = xmalloc(s->cap * sizeof *s->heap);
	s->hcap = 128;
	s->hash = xcalloc(s->hcap, sizeof *s->hash);
	return s;
}

void sched_free(sched_t *s)
{
	if (!s)
		return;
	free(s->heap);
	free(s->hash);
	free(s);
}

int64_t sched_now(const sched_t *s)
{
	return s->now;
}

sched_handle_t sched_at(sched_t *s, int64_t at_us, sched_fn fn, void *arg)
{
	assert(fn);
	if (s->len == s->cap) {
		s->cap *= 2;
		s->heap = xrealloc(s->heap, s->cap * sizeof *s->heap);
	}
	entry_t e = { .t_us = at_us < s->now ? s->now : at_us, .seq = s->next_seq++,
		      .fn = fn, .arg = arg };
	hash_put(s, e.seq, s->len);
	s->live++;
	s->heap[s->len++] = e;
	sift_up(s, s->len - 1);
	return e.seq;
}

sched_handle_t sched_after(sched_t *s, int64_t delay_us, sched_fn fn, void *arg)
{
	int64_t at = delay_us > SCHED_FOREVER - s->now ? SCHED_FOREVER : s->now + delay_us;
	return sched_at(s, at, fn, arg);
}

int sched_cancel(sched_t *s, sched_handle_t h)
{
	slot_t *sl = h ? hash_find(s, h) : NULL;
	if (!sl)
		return 0;
	s->heap[sl->pos].fn = NULL;
	hash_del(s, sl);
	s->live--;
	drop_dead_tops(s);
	if (s->len > 64 && s->len - s->live > s->live)
		compact(s);
	return 1;
}

size_t sched_run(sched_t *s, int64_t until_us, size_t max_events)
{
	if (s->running)
		return 0;
	s->running = 1;
	size_t ran = 0;
	while (max_events == 0 || ran < max_events) {
		drop_dead_tops(s);
		if (s->len == 0 || s->heap[0].t_us > until_us) {
			if (until_us != SCHED_FOREVER && until_us > s->now)
				s->now = until_us;
			break;
		}
		entry_t e = pop_top(s);
		drop_dead_tops(s);   /* keep the invariant: the top is live */
		s->now = e.t_us;
		e.fn(e.arg);
		ran++;
	}
	s->running = 0;
	return ran;
}

size_t sched_pending(const sched_t *s)
{
	return s->live;
}

int64_t sched_next_time(const sched_t *s)
{
	return s->live ? s->heap[0].t_us : -1;
}
