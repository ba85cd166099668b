/* run_world.c — the world as a scenario describes it: users, DNS records,
 * hosts (and backup MX hosts), link latencies and generated domains, applied
 * to the default world before the script starts. */
#include "run/run_int.h"

#include <stdio.h>
#include <string.h>

#include "core/proto_limits.h"
#include "core/util.h"
#include "world/mta.h"

node_t *run_node_of_hop(world_t *w, hop_t h)
{
	switch (h) {
	case HOP_1:
	case HOP_2: return w->smith_pc;
	case HOP_3: return w->isp;
	case HOP_4: return w->corp;
	case HOP_5A:
	case HOP_5B: return w->boss_pc;
	case SC_HOP_DNS: return w->ns;   /* "3-dns": the ISP host to its resolver */
	default: return NULL;
	}
}

/* ---- the world as the scenario describes it --------------------------- */

static void apply_user(world_t *w, const sc_user_t *u)
{
	mailstore_t *ms = world_store_for(w, u->addr);
	if (!ms) {
		trace_meta_t m = { .kind = EV_NOTE, .explain = "note:scenario" };
		trace_emit(w->trace, &m, "no mail host of this world serves %s: user ignored", u->addr);
		return;
	}
	if (u->remove) {
		mailstore_remove(ms, u->addr);
		return;
	}
	char login[128];
	snprintf(login, sizeof login, "%.*s", (int)strcspn(u->addr, "@"), u->addr);
	mailbox_t *mb = mailstore_by_addr(ms, u->addr);
	if (!mb)
		mb = mailstore_add(ms, u->addr, u->login ? u->login : login, u->password ? u->password : "s3cret",
				   u->quota >= 0 ? u->quota : MAILBOX_QUOTA_DEFAULT);
	if (u->password)
		mailbox_set_password(mb, u->password);
	if (u->quota >= 0)
		mailbox_set_quota(mb, u->quota);
}

static void apply_dns(world_t *w, const sc_dns_t *d)
{
	switch (d->op) {
	case SC_DNS_MX: dns_add_mx(w->dns, d->name, d->pref, d->value); break;
	case SC_DNS_A: dns_add_a(w->dns, d->name, d->value); break;
	case SC_DNS_NO_MX: dns_remove_mx(w->dns, d->name); break;
	case SC_DNS_NXDOMAIN: dns_set_nxdomain(w->dns, d->name); break;
	}
}

static void apply_host(world_t *w, const sc_host_t *h)
{
	node_t *n = net_find(w->net, h->name);
	if (!n)
		n = net_add_node(w->net, h->name, h->addr);
	net_set_latency(w->net, w->isp, n, SCHED_MS(40));
	net_set_latency(w->net, w->corp, n, SCHED_MS(5));
	dns_add_a(w->dns, h->name, h->addr);
	if (h->role != SC_HOST_BACKUP_MX || w->nextra_mta >= WORLD_MTA_MAX)
		return;
	mta_config_t cfg = { .hostname = h->name, .node = n, .relay_domain = h->domain,
			     .store = w->corp_store, .in_hop = HOP_3, .out_hop = HOP_3, .deliver_hop = HOP_4,
			     .is_relay_target = 1 };
	mta_t *m = mta_new(w, &cfg);
	mta_listen(m, 25);
	w->extra_mta[w->nextra_mta++] = m;
}

/* domains N: each generated domain gets an MX, its host and an MTA that
 * accepts every recipient (a sink: it counts, it stores nothing). */
static void apply_domains(world_t *w, const scenario_t *sc)
{
	if (sc->ndomains <= 0)
		return;
	w->gen_mta = xcalloc((size_t)sc->ndomains, sizeof *w->gen_mta);
	for (long d = 1; d <= sc->ndomains; d++) {
		strbuf_t dom = STRBUF_INIT, host = STRBUF_INIT;
		char addr[16];
		scenario_domain_host(sc, d, &dom, &host, addr);
		node_t *n = net_add_node(w->net, sb_str(&host), addr);
		net_set_latency(w->net, w->isp, n, SCHED_MS(40));
		dns_add_mx(w->dns, sb_str(&dom), 10, sb_str(&host));
		dns_add_a(w->dns, sb_str(&host), addr);
		mta_config_t cfg = { .hostname = sb_str(&host), .node = n, .local_domain = sb_str(&dom),
				     .in_hop = HOP_3, .out_hop = HOP_3, .deliver_hop = HOP_4, .sink = 1 };
		mta_t *m = mta_new(w, &cfg);
		mta_listen(m, 25);
		w->gen_mta[w->ngen_mta++] = m;
		sb_free(&dom);
		sb_free(&host);
	}
}

static void apply_link(world_t *w, const sc_link_t *l)
{
	node_t *a = run_node_of_hop(w, l->a_hop), *b = run_node_of_hop(w, l->b_hop);
	if (a && b && l->latency_us >= 0)
		net_set_latency(w->net, a, b, l->latency_us);
}

void run_shape_world(world_t *w, const scenario_t *sc)
{
	for (size_t i = 0; i < sc->nusers; i++)
		apply_user(w, &sc->users[i]);
	for (size_t i = 0; i < sc->ndns; i++)
		apply_dns(w, &sc->dns[i]);
	for (size_t i = 0; i < sc->nhosts; i++)
		apply_host(w, &sc->hosts[i]);
	for (size_t i = 0; i < sc->nlinks; i++)
		apply_link(w, &sc->links[i]);
	apply_domains(w, sc);
}
