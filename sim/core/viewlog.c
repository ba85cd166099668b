/* viewlog.c — checkpoints and deltas of the world views (see viewlog.h).
 *
 * A delta is a list of runs: u16 offset, u16 length, the new bytes; it ends
 * with the offset 0xFFFF. Runs are found a machine word at a time, and two
 * runs closer than a word are merged. */
#include "core/viewlog.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"

#define VIEW_SIZE sizeof(world_view_t)
#define END_MARK 0xFFFFu

typedef struct vblock {
	size_t first;                   /* index of its checkpoint */
	uint32_t n;
	uint32_t off[VIEWLOG_BLOCK];    /* where each view starts in buf */
	uint8_t *buf;
	size_t len, cap;
} vblock_t;

typedef struct vcache {
	struct {
		size_t idx;             /* SIZE_MAX: empty */
		unsigned used;
		world_view_t v;
	} slot[VIEWLOG_CACHE];
	unsigned clock;
} vcache_t;

struct viewlog {
	vblock_t **blocks;
	size_t nblocks, capblocks;
	size_t base;                    /* block number of blocks[0] */
	size_t count;
	world_view_t last;              /* the newest view, whole */
	vcache_t *cache;                /* mutable behind a const log */
	size_t bytes;
};

_Static_assert(sizeof(world_view_t) < END_MARK, "a view's offsets fit in 16 bits");

viewlog_t *viewlog_new(void)
{
	viewlog_t *l = xcalloc(1, sizeof *l);
	l->cache = xcalloc(1, sizeof *l->cache);
	for (int i = 0; i < VIEWLOG_CACHE; i++)
		l->cache->slot[i].idx = SIZE_MAX;
	return l;
}

static void block_free(vblock_t *b)
{
	if (b) {
		free(b->buf);
		free(b);
	}
}

void viewlog_free(viewlog_t *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->nblocks; i++)
		block_free(l->blocks[i]);
	free(l->blocks);
	free(l->cache);
	free(l);
}

static void put(vblock_t *b, const void *p, size_t n)
{
	if (b->len + n > b->cap) {
		b->cap = b->cap ? b->cap * 2 : 512;
		while (b->len + n > b->cap)
			b->cap *= 2;
		b->buf = xrealloc(b->buf, b->cap);
	}
	memcpy(b->buf + b->len, p, n);
	b->len += n;
}

static void put16(vblock_t *b, unsigned v)
{
	uint16_t x = (uint16_t)v;
	put(b, &x, sizeof x);
}

/* The runs of bytes where `to` differs from `from`. */
static void encode_delta(vblock_t *b, const uint8_t *from, const uint8_t *to)
{
	const size_t W = sizeof(uint64_t);
	size_t i = 0;
	while (i < VIEW_SIZE) {
		if (i + W <= VIEW_SIZE && memcmp(from + i, to + i, W) == 0) {
			i += W;
			continue;
		}
		if (i + W > VIEW_SIZE && from[i] == to[i]) {
			i++;
			continue;
		}
		size_t start = i;
		while (i < VIEW_SIZE) {
			size_t w = i + W <= VIEW_SIZE ? W : 1;
			if (memcmp(from + i, to + i, w) == 0 &&
			    (i + w + W > VIEW_SIZE || memcmp(from + i + w, to + i + w, W) == 0))
				break;
			i += w;
		}
		put16(b, (unsigned)start);
		put16(b, (unsigned)(i - start));
		put(b, to + start, i - start);
	}
	put16(b, END_MARK);
}

static void apply_delta(uint8_t *v, const uint8_t *p)
{
	for (;;) {
		uint16_t off, len;
		memcpy(&off, p, sizeof off);
		if (off == END_MARK)
			return;
		memcpy(&len, p + 2, sizeof len);
		memcpy(v + off, p + 4, len);
		p += 4 + len;
	}
}

size_t viewlog_append(viewlog_t *l, const world_view_t *v)
{
	if (l->count > 0 && memcmp(v, &l->last, VIEW_SIZE) == 0)
		return l->count - 1;
	size_t i = l->count;
	vblock_t *b = l->nblocks ? l->blocks[l->nblocks - 1] : NULL;
	if (!b || b->n == VIEWLOG_BLOCK) {
		if (l->nblocks == l->capblocks) {
			l->capblocks = l->capblocks ? l->capblocks * 2 : 16;
			l->blocks = xrealloc(l->blocks, l->capblocks * sizeof *l->blocks);
		}
		b = xcalloc(1, sizeof *b);
		b->first = i;
		if (l->nblocks == 0)
			l->base = i / VIEWLOG_BLOCK;
		l->blocks[l->nblocks++] = b;
	}
	size_t before = b->cap;
	b->off[b->n] = (uint32_t)b->len;
	if (b->n == 0)
		put(b, v, VIEW_SIZE);
	else
		encode_delta(b, (const uint8_t *)&l->last, (const uint8_t *)v);
	b->n++;
	l->bytes += b->cap - before;
	l->last = *v;
	l->count++;
	return i;
}

size_t viewlog_count(const viewlog_t *l)
{
	return l->count;
}

size_t viewlog_bytes(const viewlog_t *l)
{
	return l->bytes + l->capblocks * sizeof *l->blocks;
}

const world_view_t *viewlog_get(const viewlog_t *l, size_t i)
{
	if (i >= l->count)
		return NULL;
	if (i == l->count - 1)
		return &l->last;
	size_t bn = i / VIEWLOG_BLOCK;
	if (bn < l->base)
		return NULL;
	const vblock_t *b = l->blocks[bn - l->base];
	vcache_t *c = l->cache;
	int from = -1, victim = 0;
	for (int k = 0; k < VIEWLOG_CACHE; k++) {
		size_t ci = c->slot[k].idx;
		if (ci == i) {
			c->slot[k].used = ++c->clock;
			return &c->slot[k].v;
		}
		if (ci != SIZE_MAX && ci >= b->first && ci < i && (from < 0 || ci > c->slot[from].idx))
			from = k;
		if (c->slot[k].used < c->slot[victim].used)
			victim = k;
	}
	world_view_t *v = &c->slot[victim].v;
	size_t at;
	if (from >= 0) {
		if (from != victim)
			*v = c->slot[from].v;
		at = c->slot[from].idx;
	} else {
		memcpy(v, b->buf, VIEW_SIZE);
		at = b->first;
	}
	for (size_t k = at + 1; k <= i; k++)
		apply_delta((uint8_t *)v, b->buf + b->off[k - b->first]);
	c->slot[victim].idx = i;
	c->slot[victim].used = ++c->clock;
	return v;
}

void viewlog_drop_before(viewlog_t *l, size_t i)
{
	size_t drop = 0;
	while (drop + 1 < l->nblocks && l->blocks[drop + 1]->first <= i)
		drop++;
	if (drop == 0)
		return;
	for (size_t k = 0; k < drop; k++) {
		l->bytes -= l->blocks[k]->cap;
		block_free(l->blocks[k]);
	}
	memmove(l->blocks, l->blocks + drop, (l->nblocks - drop) * sizeof *l->blocks);
	l->nblocks -= drop;
	l->base += drop;
	for (int k = 0; k < VIEWLOG_CACHE; k++)
		if (l->cache->slot[k].idx != SIZE_MAX && l->cache->slot[k].idx < l->blocks[0]->first)
			l->cache->slot[k].idx = SIZE_MAX;
}
