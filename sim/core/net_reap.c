/* net_reap.c — what is in flight on a connection, and freeing connections
 * that are finished: every event scheduled for a pair is counted until it
 * runs; a pair whose two ends are closed or aborted, with nothing in flight,
 * is queued, and net_reap() frees it after its owners' on_release (so a long
 * run or a long-lived serve keeps only the connections still in use). Also
 * the accessors of conn_t. */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "core/net_conn_int.h"
#include "core/sched.h"
#include "core/util.h"

/* Every event scheduled for a pair is counted until it runs (net_reap). */
void net_pair_at(pair_t *p, int64_t at, void (*fn)(void *), void *arg)
{
	if (p->queued) {   /* rare (an abort after a close): not finished after all */
		net_t *n = p->net;
		for (size_t i = 0; i < n->nreap; i++)
			if (n->reap[i] == p)
				n->reap[i] = n->reap[--n->nreap];
		p->queued = 0;
	}
	p->pending++;
	sched_at(p->net->sched, at, fn, arg);
}

static int end_finished(const conn_t *c)
{
	int accepted = c->h.on_open || c->h.on_data || c->h.on_close || c->h.on_abort;
	return !accepted || ((c->dead || c->closed) && c->h.on_release);
}

void net_pair_maybe_reap(pair_t *p)
{
	net_t *n = p->net;
	if (p->queued || p->pending || !end_finished(&p->end[0]) || !end_finished(&p->end[1]))
		return;
	if (n->nreap == n->capreap) {
		n->capreap = n->capreap ? n->capreap * 2 : 64;
		n->reap = xrealloc(n->reap, n->capreap * sizeof *n->reap);
	}
	n->reap[n->nreap++] = p;
	p->queued = 1;
}

pair_t *net_pair_ran(void *arg, int is_pair)
{
	pair_t *p = is_pair ? arg : ((conn_t *)arg)->pair;
	p->pending--;
	return p;
}

void net_conn_free_all(net_t *n)
{
	for (size_t i = 0; i < n->npairs; i++) {
		pair_t *p = n->pairs[i];
		if (!p)
			continue;
		for (int side = 0; side < 2; side++) {
			seg_t *s = p->end[side].head;
			while (s) {
				seg_t *next = s->next;
				free(s->info);
				free(s);
				s = next;
			}
		}
		free(p->to_name);
		free(p);
	}
	free(n->pairs);
	free(n->reap);
}

/* Drop released slots, keeping the order (faults walk pairs in order). */
static void compact(net_t *n)
{
	size_t k = 0;
	for (size_t i = 0; i < n->npairs; i++) {
		if (n->pairs[i]) {
			n->pairs[i]->slot = k;
			n->pairs[k++] = n->pairs[i];
		}
	}
	n->npairs = k;
}

void net_reap(net_t *n)
{
	if (n->nreap == 0)
		return;
	for (size_t i = 0; i < n->nreap; i++) {
		pair_t *p = n->reap[i];
		for (int side = 0; side < 2; side++) {
			conn_t *c = &p->end[side];
			assert(!c->head);   /* nothing in flight: pending was 0 */
			if (c->h.on_release)
				c->h.on_release(c->hctx, c);
		}
		n->pairs[p->slot] = NULL;
		n->nlive--;
		free(p->to_name);
		free(p);
	}
	n->nreap = 0;
	if (n->nlive < n->npairs / 2)
		compact(n);
}

/* ---- accessors ---- */

uint32_t conn_id(const conn_t *c)
{
	return c->pair->id;
}

hop_t conn_hop(const conn_t *c)
{
	return c->pair->hop;
}

void conn_set_hop(conn_t *c, hop_t hop)
{
	c->pair->hop = hop;
}

node_t *conn_local(const conn_t *c)
{
	return c->local;
}

node_t *conn_peer(const conn_t *c)
{
	return c->pair->end[1 - c->side].local;
}

int conn_port(const conn_t *c)
{
	return c->pair->port;
}

int conn_is_open(const conn_t *c)
{
	return c->open && !c->closed && !c->got_fin && !c->doomed && !c->dead;
}
