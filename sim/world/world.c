/* world.c — the default world of DESIGN.md, built by one function, and the
 * world view the trace stores after every event. */
#include "world/world.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "world/mta.h"
#include "world/pop3_service.h"
#include "core/proto_limits.h"
#include "core/util.h"

static void add_box(world_view_t *v, const mailbox_t *mb)
{
	if (v->nbox >= VIEW_BOX_MAX)
		return;
	str_copy(v->box[v->nbox].addr, sizeof v->box[v->nbox].addr, mailbox_addr(mb));
	v->box[v->nbox].count = (int)mailbox_count(mb);
	v->box[v->nbox].octets = mailbox_octets(mb);
	v->nbox++;
}

/* A live session's belief, asked again only when its counter has moved. */
static const char *belief_now(world_belief_src_t *b)
{
	uint64_t g = b->gen ? b->gen(b->obj) : 0;
	if (g == 0 || g != b->shown) {
		b->fn(b->obj, b->now, sizeof b->now);
		b->shown = g;
	}
	return b->now;
}

/* The ISP's queue (and the extra MTAs'), or its copy while none changed. */
static void view_queue(world_t *w, world_view_t *v)
{
	uint64_t key = 1 + (uint64_t)w->nextra_mta * ((uint64_t)1 << 56);
	if (w->isp_mta)
		key += 1 + mta_queue_generation(w->isp_mta);
	for (int i = 0; i < w->nextra_mta; i++)
		key += mta_queue_generation(w->extra_mta[i]);
	world_view_t *c = &w->view_cache;
	if (key != w->view_queue_key) {
		c->nqueue = 0;
		memset(c->queue, 0, sizeof c->queue);
		if (w->isp_mta)
			mta_queue_view(w->isp_mta, c);
		for (int i = 0; i < w->nextra_mta; i++)
			mta_queue_view(w->extra_mta[i], c);
		w->view_queue_key = key;
	}
	v->nqueue = c->nqueue;
	memcpy(v->queue, c->queue, sizeof v->queue);
}

static void view_boxes_fill(world_t *w, world_view_t *v)
{
	/* The people of the story first: the recipient, then the sender. */
	uint64_t g = 1 + mailstore_list_generation(w->corp_store) + mailstore_list_generation(w->isp_store);
	if (g != w->view_boxes_gen) {
		w->view_boxes_gen = g;
		w->view_boss = mailstore_by_addr(w->corp_store, "boss@corp.example");
		w->view_smith = mailstore_by_addr(w->isp_store, "smith@isp.example");
	}
	mailbox_t *boss = w->view_boss, *smith = w->view_smith;
	if (boss)
		add_box(v, boss);
	if (smith)
		add_box(v, smith);
	mailstore_t *stores[2] = { w->corp_store, w->isp_store };
	for (int s = 0; s < 2; s++) {
		for (size_t i = 0; i < mailstore_count(stores[s]); i++) {
			mailbox_t *mb = mailstore_at(stores[s], i);
			if (mb != boss && mb != smith)
				add_box(v, mb);
		}
	}
}

/* The mailboxes, or their copy while neither store changed. */
static void view_boxes(world_t *w, world_view_t *v)
{
	uint64_t key = 1 + mailstore_generation(w->corp_store) + mailstore_generation(w->isp_store);
	world_view_t *c = &w->view_cache;
	if (key != w->view_box_key) {
		c->nbox = 0;
		memset(c->box, 0, sizeof c->box);
		view_boxes_fill(w, c);
		w->view_box_key = key;
	}
	v->nbox = c->nbox;
	memcpy(v->box, c->box, sizeof v->box);
}

static void fill_view(void *ctx, world_view_t *v)
{
	world_t *w = ctx;
	memset(v, 0, sizeof *v);
	str_copy(v->smtp_submit, sizeof v->smtp_submit, w->smtp_submit_state);
	str_copy(v->smtp_relay, sizeof v->smtp_relay, w->smtp_relay_state);
	str_copy(v->pop3, sizeof v->pop3, w->pop3_state);
	for (int k = 0; k < VIEW__SESSIONS; k++) {
		for (int side = 0; side < 2; side++) {
			world_belief_src_t *b = &w->belief[k][side];
			char *dst = side ? v->belief[k].server : v->belief[k].client;
			str_copy(dst, VIEW_BELIEF_MAX, b->fn ? belief_now(b) : b->last);
		}
	}
	view_queue(w, v);
	view_boxes(w, v);
}

/* Everything the view shows changes one of these counters (trace.h). A live
 * session's belief may change with any line of that session: its own counter
 * (gen) says when; without one, or while it is in a call (0), the stamp
 * changes at every event. */
static uint64_t view_stamp(void *ctx)
{
	world_t *w = ctx;
	for (int k = 0; k < VIEW__SESSIONS; k++) {
		for (int side = 0; side < 2; side++) {
			world_belief_src_t *b = &w->belief[k][side];
			if (!b->fn)
				continue;
			uint64_t g = b->gen ? b->gen(b->obj) : 0;
			if (g == 0 || g != b->seen)
				w->view_gen++;
			b->seen = g;
		}
	}
	uint64_t s = w->view_gen + mailstore_generation(w->corp_store) + mailstore_generation(w->isp_store);
	if (w->isp_mta)
		s += mta_queue_generation(w->isp_mta);
	for (int i = 0; i < w->nextra_mta; i++)
		s += mta_queue_generation(w->extra_mta[i]);
	return s;
}

world_t *world_new_default(uint64_t seed)
{
	world_t *w = xcalloc(1, sizeof *w);
	w->sched = sched_new();
	rng_seed(&w->rng, seed);
	w->trace = trace_new(w->sched);
	w->net = net_new(w->sched, w->trace, &w->rng);
	w->epoch = WORLD_EPOCH_DEFAULT;
	w->next_session = 1000000;

	w->smith_pc = net_add_node(w->net, "smith-pc.isp.example", "198.51.100.23");
	w->isp = net_add_node(w->net, "smtp.isp.example", "203.0.113.25");
	w->ns = net_add_node(w->net, "ns.isp.example", "203.0.113.53");
	w->corp = net_add_node(w->net, "mail.corp.example", "192.0.2.25");
	w->boss_pc = net_add_node(w->net, "boss-pc.corp.example", "192.0.2.77");
	net_set_latency(w->net, w->smith_pc, w->isp, SCHED_MS(20));  /* a home line */
	net_set_latency(w->net, w->isp, w->ns, SCHED_MS(1));         /* the ISP's own network */
	net_set_latency(w->net, w->isp, w->corp, SCHED_MS(40));      /* across the Internet */
	net_set_latency(w->net, w->boss_pc, w->corp, SCHED_MS(1));   /* the office LAN */

	w->dns = dns_new(w->net, w->ns);
	dns_add_mx(w->dns, "corp.example", 10, "mail.corp.example");
	dns_add_mx(w->dns, "isp.example", 10, "smtp.isp.example");
	dns_add_a(w->dns, "corp.example", "192.0.2.25");
	dns_add_a(w->dns, "isp.example", "203.0.113.25");
	dns_add_a(w->dns, "mail.corp.example", "192.0.2.25");
	dns_add_a(w->dns, "boss-pc.corp.example", "192.0.2.77");
	dns_add_a(w->dns, "smtp.isp.example", "203.0.113.25");
	dns_add_a(w->dns, "ns.isp.example", "203.0.113.53");
	dns_add_a(w->dns, "smith-pc.isp.example", "198.51.100.23");

	w->isp_store = mailstore_new();
	mailstore_add(w->isp_store, "smith@isp.example", "smith", "s3cret", MAILBOX_QUOTA_DEFAULT);
	mailstore_add(w->isp_store, "postmaster@isp.example", "postmaster", "s3cret", MAILBOX_QUOTA_DEFAULT);
	w->corp_store = mailstore_new();
	mailstore_add(w->corp_store, "boss@corp.example", "boss", "s3cret", MAILBOX_QUOTA_DEFAULT);
	mailstore_add(w->corp_store, "postmaster@corp.example", "postmaster", "s3cret", MAILBOX_QUOTA_DEFAULT);

	mta_config_t isp = {
		.hostname = "smtp.isp.example", .node = w->isp, .local_domain = "isp.example",
		.store = w->isp_store, .customer_prefix = "198.51.100.", .relay_customers = 1,
		.offer_auth = 1, .in_hop = HOP_2, .out_hop = HOP_3, .deliver_hop = HOP_3,
	};
	w->isp_mta = mta_new(w, &isp);
	mta_listen(w->isp_mta, 25);
	mta_listen(w->isp_mta, 587);
	mta_listen(w->isp_mta, 465);    /* RFC 8314: submission over implicit TLS */
	mta_config_t corp = {
		.hostname = "mail.corp.example", .node = w->corp, .local_domain = "corp.example",
		.store = w->corp_store, .in_hop = HOP_3, .out_hop = HOP_3, .deliver_hop = HOP_4,
		.is_relay_target = 1,
	};
	w->corp_mta = mta_new(w, &corp);
	mta_listen(w->corp_mta, 25);

	w->corp_pop3 = pop3_service_new(w, w->corp, "mail.corp.example", w->corp_store);
	pop3_service_listen(w->corp_pop3, 110);
	pop3_service_listen(w->corp_pop3, 995);   /* RFC 8314: POP3 over implicit TLS */
	w->isp_pop3 = pop3_service_new(w, w->isp, "smtp.isp.example", w->isp_store);
	pop3_service_listen(w->isp_pop3, 110);
	pop3_service_listen(w->isp_pop3, 995);

	trace_set_viewer(w->trace, fill_view, w);
	trace_set_view_stamp(w->trace, view_stamp, w);
	return w;
}

void world_free(world_t *w)
{
	if (!w)
		return;
	mta_free(w->isp_mta);
	mta_free(w->corp_mta);
	for (int i = 0; i < w->nextra_mta; i++)
		mta_free(w->extra_mta[i]);
	for (size_t i = 0; i < w->ngen_mta; i++)
		mta_free(w->gen_mta[i]);
	free(w->gen_mta);
	pop3_service_free(w->corp_pop3);
	pop3_service_free(w->isp_pop3);
	mailstore_free(w->isp_store);
	mailstore_free(w->corp_store);
	dns_free(w->dns);
	net_free(w->net);
	trace_free(w->trace);
	sched_free(w->sched);
	free(w);
}

mailstore_t *world_store_for(world_t *w, const char *addr)
{
	const char *d = str_domain(addr);
	if (str_ieq(d, "corp.example"))
		return w->corp_store;
	if (str_ieq(d, "isp.example"))
		return w->isp_store;
	return NULL;
}

mailbox_t *world_mailbox(world_t *w, const char *addr)
{
	mailstore_t *ms = world_store_for(w, addr);
	return ms ? mailstore_by_addr(ms, addr) : NULL;
}

const char *world_name_of(world_t *w, const char *addr)
{
	node_t *n = net_find(w->net, addr);
	return n ? node_name(n) : addr;
}

void world_believe(world_t *w, view_session_t vs, int server, world_belief_fn fn,
		   world_belief_gen_fn gen, const void *obj)
{
	world_belief_src_t *me = &w->belief[vs][server != 0], *other = &w->belief[vs][server == 0];
	me->fn = fn;
	me->gen = gen;
	me->obj = obj;
	me->seen = me->shown = 0;
	w->view_gen++;
	me->last[0] = '\0';
	if (!other->fn)
		other->last[0] = '\0';     /* an old session's end: not this one's */
}

void world_believe_end(world_t *w, const void *obj)
{
	for (int k = 0; k < VIEW__SESSIONS; k++) {
		for (int side = 0; side < 2; side++) {
			world_belief_src_t *b = &w->belief[k][side];
			if (b->fn && b->obj == obj) {
				b->fn(b->obj, b->last, sizeof b->last);
				b->fn = NULL;
				b->obj = NULL;
				w->view_gen++;
			}
		}
	}
}
