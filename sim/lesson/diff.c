/* diff.c — two runs aligned, and what differs in their outcome.
 *
 * The alignment is Myers' "An O(ND) Difference Algorithm" (1986), the
 * linear-space variant: strip the common prefix and suffix, find the middle
 * snake of the rest by searching forward and backward at once, recurse on
 * both halves. Time O((N+M)D), memory O(N+M): a run of 100000 events that
 * differs in a few places is aligned in milliseconds.
 *
 * Events are compared through a hash of (hop, kind, from, to, text) first,
 * then field by field; times are not compared (that is the shift). */
#include "lesson/diff.h"

#include <stdlib.h>
#include <string.h>

#include "core/util.h"

#define OUTCOME_MAX 64

typedef struct side {
	const trace_t *t;
	size_t n;
	const trace_event_t **ev;
	uint64_t *hash;
} side_t;

struct diff {
	side_t a, b;
	diff_edit_t *edits;
	size_t nedits, capedits;
	diff_line_t *lines;
	size_t nlines, caplines;
	diff_outcome_t outcome[OUTCOME_MAX];
	size_t noutcome;
	int alike;
};

/* ---- events as diff sees them ------------------------------------------ */

static uint64_t fnv(uint64_t h, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		h = (h ^ *p) * 1099511628211ULL;
	return (h ^ 0xFF) * 1099511628211ULL;   /* a separator between fields */
}

static uint64_t event_hash(const trace_event_t *ev)
{
	uint64_t h = 14695981039346656037ULL;
	h = (h ^ (unsigned)ev->hop) * 1099511628211ULL;
	h = (h ^ (unsigned)ev->kind) * 1099511628211ULL;
	return fnv(fnv(fnv(h, ev->from), ev->to), ev->text);
}

static void side_init(side_t *s, const trace_t *t)
{
	s->t = t;
	s->n = trace_count(t);
	s->ev = xcalloc(s->n ? s->n : 1, sizeof *s->ev);
	s->hash = xcalloc(s->n ? s->n : 1, sizeof *s->hash);
	for (size_t i = 0; i < s->n; i++) {
		s->ev[i] = trace_get(t, i);
		s->hash[i] = event_hash(s->ev[i]);
	}
}

static int same(const diff_t *d, size_t i, size_t j)
{
	const trace_event_t *x = d->a.ev[i], *y = d->b.ev[j];
	return d->a.hash[i] == d->b.hash[j] && x->hop == y->hop && x->kind == y->kind &&
	       strcmp(x->from, y->from) == 0 && strcmp(x->to, y->to) == 0 && strcmp(x->text, y->text) == 0;
}

static void add_edit(diff_t *d, diff_op_t op, size_t i, size_t j)
{
	if (d->nedits == d->capedits) {
		d->capedits = d->capedits ? d->capedits * 2 : 256;
		d->edits = xrealloc(d->edits, d->capedits * sizeof *d->edits);
	}
	d->edits[d->nedits++] = (diff_edit_t){ .op = op, .i = i, .j = j };
}

/* ---- Myers, linear space ------------------------------------------------ */

/* The middle snake of a[a0, a0+n) and b[b0, b0+m) (both non-empty): a point
 * (x, y) on an optimal path. 0 when there is none (nothing in common). */
static int bisect(const diff_t *d, size_t a0, size_t n, size_t b0, size_t m, size_t *sx, size_t *sy)
{
	ptrdiff_t N = (ptrdiff_t)n, M = (ptrdiff_t)m;
	ptrdiff_t maxd = (N + M + 1) / 2, off = maxd, len = 2 * maxd + 2;
	ptrdiff_t *v1 = xmalloc((size_t)len * sizeof *v1), *v2 = xmalloc((size_t)len * sizeof *v2);
	for (ptrdiff_t i = 0; i < len; i++)
		v1[i] = v2[i] = -1;
	v1[off + 1] = v2[off + 1] = 0;
	ptrdiff_t delta = N - M, k1s = 0, k1e = 0, k2s = 0, k2e = 0;
	int front = (delta % 2) != 0, found = 0;
	for (ptrdiff_t dd = 0; dd < maxd && !found; dd++) {
		/* forward: the furthest x on each diagonal k = x - y */
		for (ptrdiff_t k = -dd + k1s; k <= dd - k1e && !found; k += 2) {
			ptrdiff_t ko = off + k, x;
			x = (k == -dd || (k != dd && v1[ko - 1] < v1[ko + 1])) ? v1[ko + 1] : v1[ko - 1] + 1;
			ptrdiff_t y = x - k;
			while (x < N && y < M && same(d, a0 + (size_t)x, b0 + (size_t)y))
				x++, y++;
			v1[ko] = x;
			if (x > N) {
				k1e += 2;
			} else if (y > M) {
				k1s += 2;
			} else if (front) {
				ptrdiff_t k2o = off + delta - k;
				if (k2o >= 0 && k2o < len && v2[k2o] != -1 && x >= N - v2[k2o]) {
					*sx = (size_t)x, *sy = (size_t)y;
					found = 1;
				}
			}
		}
		/* backward: the same from the ends */
		for (ptrdiff_t k = -dd + k2s; k <= dd - k2e && !found; k += 2) {
			ptrdiff_t ko = off + k, x;
			x = (k == -dd || (k != dd && v2[ko - 1] < v2[ko + 1])) ? v2[ko + 1] : v2[ko - 1] + 1;
			ptrdiff_t y = x - k;
			while (x < N && y < M && same(d, a0 + (size_t)(N - x - 1), b0 + (size_t)(M - y - 1)))
				x++, y++;
			v2[ko] = x;
			if (x > N) {
				k2e += 2;
			} else if (y > M) {
				k2s += 2;
			} else if (!front) {
				ptrdiff_t k1o = off + delta - k;
				if (k1o >= 0 && k1o < len && v1[k1o] != -1) {
					ptrdiff_t x1 = v1[k1o], y1 = off + x1 - k1o;
					if (x1 >= N - x) {
						*sx = (size_t)x1, *sy = (size_t)y1;
						found = 1;
					}
				}
			}
		}
	}
	free(v1);
	free(v2);
	return found;
}

static void align(diff_t *d, size_t a0, size_t a1, size_t b0, size_t b1)
{
	while (a0 < a1 && b0 < b1 && same(d, a0, b0)) {
		add_edit(d, DIFF_SAME, a0, b0);
		a0++, b0++;
	}
	size_t suffix = 0;
	while (a1 - suffix > a0 && b1 - suffix > b0 && same(d, a1 - suffix - 1, b1 - suffix - 1))
		suffix++;
	a1 -= suffix, b1 -= suffix;
	size_t x = 0, y = 0;
	if (a0 == a1 || b0 == b1 || !bisect(d, a0, a1 - a0, b0, b1 - b0, &x, &y)) {
		/* diff(1) order: what went, then what came */
		for (size_t i = a0; i < a1; i++)
			add_edit(d, DIFF_LEFT, i, b0);
		for (size_t j = b0; j < b1; j++)
			add_edit(d, DIFF_RIGHT, a1, j);
	} else {
		align(d, a0, a0 + x, b0, b0 + y);
		align(d, a0 + x, a1, b0 + y, b1);
	}
	for (size_t k = 0; k < suffix; k++)
		add_edit(d, DIFF_SAME, a1 + k, b1 + k);
}

/* diff(1) order within each block of changes: what went, then what came. */
static void changes_in_order(diff_t *d)
{
	diff_edit_t *tmp = xmalloc((d->nedits ? d->nedits : 1) * sizeof *tmp);
	size_t k = 0;
	while (k < d->nedits) {
		if (d->edits[k].op == DIFF_SAME) {
			k++;
			continue;
		}
		size_t end = k, n = 0;
		while (end < d->nedits && d->edits[end].op != DIFF_SAME)
			end++;
		for (int pass = 0; pass < 2; pass++)
			for (size_t q = k; q < end; q++)
				if (d->edits[q].op == (pass ? DIFF_RIGHT : DIFF_LEFT))
					tmp[n++] = d->edits[q];
		memcpy(&d->edits[k], tmp, n * sizeof *tmp);
		k = end;
	}
	free(tmp);
}

/* ---- lines for the reader ------------------------------------------------ */

static void add_line(diff_t *d, diff_op_t op, size_t count, const diff_edit_t *e)
{
	if (d->nlines == d->caplines) {
		d->caplines = d->caplines ? d->caplines * 2 : 64;
		d->lines = xrealloc(d->lines, d->caplines * sizeof *d->lines);
	}
	d->lines[d->nlines++] = (diff_line_t){
		.op = op, .count = count,
		.left = op == DIFF_RIGHT ? NULL : d->a.ev[e->i],
		.right = op == DIFF_LEFT ? NULL : d->b.ev[e->j],
	};
}

/* A run of `n` SAME edits from edits[k]: folded whole at the start, else
 * DIFF_CONTEXT lines kept on each side that has a change beyond it. */
static void same_run(diff_t *d, size_t k, size_t n)
{
	int first = k == 0, last = k + n == d->nedits;
	size_t head = first ? 0 : DIFF_CONTEXT, tail = last ? 0 : DIFF_CONTEXT;
	if (first) {
		add_line(d, DIFF_FOLD, n, &d->edits[k + n - 1]);
		return;
	}
	if (n <= head + tail + 1) {
		for (size_t q = 0; q < n; q++)
			add_line(d, DIFF_SAME, 0, &d->edits[k + q]);
		return;
	}
	for (size_t q = 0; q < head; q++)
		add_line(d, DIFF_SAME, 0, &d->edits[k + q]);
	add_line(d, DIFF_FOLD, n - head - tail, &d->edits[k + n - tail - 1]);
	for (size_t q = n - tail; q < n; q++)
		add_line(d, DIFF_SAME, 0, &d->edits[k + q]);
}

static int fault_only(const diff_t *d, const diff_edit_t *e)
{
	const trace_event_t *ev = e->op == DIFF_LEFT ? d->a.ev[e->i] : e->op == DIFF_RIGHT ? d->b.ev[e->j] : NULL;
	return ev && ev->kind == EV_FAULT;
}

static void make_lines(diff_t *d)
{
	/* The common prefix is one line; a fault that one side injected there
	 * is the cause of what follows, so it is shown after the fold. */
	size_t k = 0, nsame = 0, last = 0;
	while (k < d->nedits && (d->edits[k].op == DIFF_SAME || fault_only(d, &d->edits[k]))) {
		if (d->edits[k].op == DIFF_SAME)
			nsame++, last = k;
		k++;
	}
	if (nsame)
		add_line(d, DIFF_FOLD, nsame, &d->edits[last]);
	for (size_t q = 0; q < k; q++)
		if (d->edits[q].op != DIFF_SAME)
			add_line(d, d->edits[q].op, 0, &d->edits[q]);
	while (k < d->nedits) {
		if (d->edits[k].op != DIFF_SAME) {
			add_line(d, d->edits[k].op, 0, &d->edits[k]);
			k++;
			continue;
		}
		size_t n = 0;
		while (k + n < d->nedits && d->edits[k + n].op == DIFF_SAME)
			n++;
		same_run(d, k, n);
		k += n;
	}
}

/* ---- the outcome --------------------------------------------------------- */

typedef struct tally {
	char key[48];           /* "451 at hop 3", "delivered to boss@corp.example" */
	long a, b;              /* counts, or first times (-1: never) */
	int is_time;
} tally_t;

typedef struct tallies {
	tally_t *v;
	size_t n, cap;
} tallies_t;

static tally_t *tally(tallies_t *ts, const char *key, int is_time)
{
	for (size_t i = 0; i < ts->n; i++)
		if (strcmp(ts->v[i].key, key) == 0)
			return &ts->v[i];
	if (ts->n == ts->cap) {
		ts->cap = ts->cap ? ts->cap * 2 : 16;
		ts->v = xrealloc(ts->v, ts->cap * sizeof *ts->v);
	}
	tally_t *t = &ts->v[ts->n++];
	memset(t, 0, sizeof *t);
	snprintf(t->key, sizeof t->key, "%s", key);
	t->is_time = is_time;
	t->a = t->b = is_time ? -1 : 0;
	return t;
}

/* "mail.corp.example stores the message in boss@corp.example's mailbox ..." */
static void delivered_to(const char *text, char *addr, size_t size)
{
	const char *p = strstr(text, " in "), *q = p ? strstr(p, "'s mailbox") : NULL;
	if (!p || !q)
		snprintf(addr, size, "?");
	else
		snprintf(addr, size, "%.*s", (int)(q - p - 4), p + 4);
}

static void count_side(tallies_t *ts, const side_t *s, int right)
{
	char key[160], addr[96];
	for (size_t i = 0; i < s->n; i++) {
		const trace_event_t *ev = s->ev[i];
		tally_t *t = NULL;
		if (ev->kind == EV_REPLY && strcmp(ev->proto, "SMTP") == 0 && strlen(ev->text) >= 3 &&
		    (ev->text[3] == ' ' || ev->text[3] == '\0')) {
			snprintf(key, sizeof key, "%.3s at hop %s", ev->text, hop_label(ev->hop));
			t = tally(ts, key, 0);
		} else if (ev->kind == EV_REPLY && strncmp(ev->text, "-ERR", 4) == 0) {
			snprintf(key, sizeof key, "-ERR at hop %s", hop_label(ev->hop));
			t = tally(ts, key, 0);
		} else if (ev->kind == EV_BOUNCE) {
			t = tally(ts, "bounces", 0);
		} else if (ev->kind == EV_DELIVER) {
			delivered_to(ev->text, addr, sizeof addr);
			snprintf(key, sizeof key, "first delivery to %s", addr);
			tally_t *when = tally(ts, key, 1);
			long *slot = right ? &when->b : &when->a;
			if (*slot < 0)
				*slot = (long)(ev->t_us / 1000);
			snprintf(key, sizeof key, "deliveries to %s", addr);
			t = tally(ts, key, 0);
		}
		if (t && right)
			t->b++;
		else if (t)
			t->a++;
	}
}

static void outcome_add(diff_t *d, const char *what, const char *l, const char *r)
{
	if (d->noutcome >= OUTCOME_MAX || strcmp(l, r) == 0)
		return;
	diff_outcome_t *o = &d->outcome[d->noutcome++];
	snprintf(o->what, sizeof o->what, "%s", what);
	snprintf(o->left, sizeof o->left, "%s", l);
	snprintf(o->right, sizeof o->right, "%s", r);
}

static void fmt_tally(const tally_t *t, long v, char *buf, size_t size)
{
	if (!t->is_time)
		snprintf(buf, size, "%ld", v);
	else if (v < 0)
		snprintf(buf, size, "never");
	else
		fmt_sim_time((int64_t)v * 1000, buf, size);
}

static const world_view_t *last_view(const side_t *s)
{
	return s->n ? trace_view(s->t, s->ev[s->n - 1]->view) : trace_view(s->t, 0);
}

static const char *last_pop3_state(const side_t *s)
{
	for (size_t i = s->n; i-- > 0;)
		if (s->ev[i]->kind == EV_STATE && strcmp(s->ev[i]->proto, "POP3") == 0)
			return s->ev[i]->text;
	return "none";
}

static void mailbox_counts(diff_t *d, const world_view_t *va, const world_view_t *vb)
{
	char what[128], l[32], r[32];
	for (int pass = 0; pass < 2; pass++) {
		const world_view_t *v = pass ? vb : va, *o = pass ? va : vb;
		for (int i = 0; i < v->nbox; i++) {
			int other = -1;
			for (int k = 0; k < o->nbox; k++)
				if (strcmp(o->box[k].addr, v->box[i].addr) == 0)
					other = o->box[k].count;
			if (pass && other >= 0)
				continue;       /* compared in the first pass */
			snprintf(what, sizeof what, "messages in %s at the end", v->box[i].addr);
			snprintf(l, sizeof l, "%d", pass ? other : v->box[i].count);
			snprintf(r, sizeof r, "%d", pass ? v->box[i].count : other);
			if (other < 0)
				snprintf(pass ? l : r, sizeof l, "no mailbox");
			outcome_add(d, what, l, r);
		}
	}
}

static void make_outcome(diff_t *d)
{
	tallies_t ts = { 0 };
	count_side(&ts, &d->a, 0);
	count_side(&ts, &d->b, 1);
	char l[32], r[32];
	for (size_t i = 0; i < ts.n; i++) {
		fmt_tally(&ts.v[i], ts.v[i].a, l, sizeof l);
		fmt_tally(&ts.v[i], ts.v[i].b, r, sizeof r);
		outcome_add(d, ts.v[i].key, l, r);
	}
	free(ts.v);
	const world_view_t *va = last_view(&d->a), *vb = last_view(&d->b);
	mailbox_counts(d, va, vb);
	snprintf(l, sizeof l, "%d", va->nqueue);
	snprintf(r, sizeof r, "%d", vb->nqueue);
	outcome_add(d, "messages in the ISP queue at the end", l, r);
	outcome_add(d, "last POP3 state", last_pop3_state(&d->a), last_pop3_state(&d->b));
}

/* ---- the diff ------------------------------------------------------------ */

diff_t *diff_new(const trace_t *left, const trace_t *right)
{
	diff_t *d = xcalloc(1, sizeof *d);
	side_init(&d->a, left);
	side_init(&d->b, right);
	align(d, 0, d->a.n, 0, d->b.n);
	changes_in_order(d);
	make_lines(d);
	make_outcome(d);
	d->alike = d->noutcome == 0;
	for (size_t k = 0; k < d->nedits && d->alike; k++) {
		const diff_edit_t *e = &d->edits[k];
		d->alike = e->op == DIFF_SAME && d->a.ev[e->i]->t_us == d->b.ev[e->j]->t_us;
	}
	return d;
}

void diff_free(diff_t *d)
{
	if (!d)
		return;
	free(d->a.ev);
	free(d->a.hash);
	free(d->b.ev);
	free(d->b.hash);
	free(d->edits);
	free(d->lines);
	free(d);
}

const trace_t *diff_trace(const diff_t *d, int side) { return side ? d->b.t : d->a.t; }
size_t diff_edit_count(const diff_t *d) { return d->nedits; }
const diff_edit_t *diff_edit(const diff_t *d, size_t k) { return k < d->nedits ? &d->edits[k] : NULL; }
size_t diff_line_count(const diff_t *d) { return d->nlines; }
const diff_line_t *diff_line(const diff_t *d, size_t k) { return k < d->nlines ? &d->lines[k] : NULL; }
size_t diff_outcome_count(const diff_t *d) { return d->noutcome; }
const diff_outcome_t *diff_outcome(const diff_t *d, size_t k) { return k < d->noutcome ? &d->outcome[k] : NULL; }
int diff_alike(const diff_t *d) { return d->alike; }

size_t diff_divergence(const diff_t *d)
{
	size_t k = 0;
	while (k < d->nedits && d->edits[k].op == DIFF_SAME)
		k++;
	return k;
}
