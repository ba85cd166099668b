/* world.h — the world of a run: the scheduler, the PRNG, the trace, the
 * network with its hosts, DNS, the mail stores, the two MTAs and the POP3
 * services. world_new_default() builds the default world of DESIGN.md:
 *
 *   hop  party                              host                 address
 *   1    Smith                              -                    -
 *   2    Smith's e-mail client              smith-pc.isp.example 198.51.100.23
 *   3    ISP SMTP host (+ resolver, POP3)   smtp.isp.example     203.0.113.25
 *                                           ns.isp.example       203.0.113.53
 *   4    corporate SMTP host + mailboxes    mail.corp.example    192.0.2.25
 *   5a/b the supervisor's POP3 client       boss-pc.corp.example 192.0.2.77
 */
#ifndef MP_WORLD_H
#define MP_WORLD_H

#include <stddef.h>
#include <stdint.h>

#include "core/dns.h"
#include "pop3/mailbox.h"
#include "core/net.h"
#include "core/rng.h"
#include "core/sched.h"
#include "core/trace.h"

struct mta;
struct pop3_service;

/* What one end of a session believes, asked at every event (the view). */
typedef void (*world_belief_fn)(const void *obj, char *buf, size_t size);
/* A number that changes whenever obj's belief may have; 0: ask every time
 * (the objects' *_changes(), core/changes.h). */
typedef uint64_t (*world_belief_gen_fn)(const void *obj);
typedef struct world_belief_src {
	world_belief_fn fn;             /* NULL once the session has gone */
	world_belief_gen_fn gen;        /* NULL: fn is asked at every event */
	const void *obj;
	uint64_t seen;                  /* gen(obj) at the last stamp (0: none) */
	uint64_t shown;                 /* gen(obj) when `now` was written (0: none) */
	char now[VIEW_BELIEF_MAX];      /* fn's last answer */
	char last[VIEW_BELIEF_MAX];     /* shown after it has gone */
} world_belief_src_t;

#define WORLD_MTA_MAX 4

typedef struct world {
	sched_t *sched;
	rng_t rng;
	trace_t *trace;
	net_t *net;
	dns_t *dns;
	int64_t epoch;                  /* Unix time at simulated t = 0 */
	node_t *smith_pc, *isp, *ns, *corp, *boss_pc;
	mailstore_t *isp_store;         /* smith@isp.example, postmaster@isp.example */
	mailstore_t *corp_store;        /* boss@corp.example, postmaster@corp.example */
	struct mta *isp_mta;
	struct mta *corp_mta;
	struct mta *extra_mta[WORLD_MTA_MAX];  /* backup MX hosts from scenarios */
	int nextra_mta;
	struct mta **gen_mta;           /* the hosts of generated domains (domains N) */
	size_t ngen_mta;
	struct pop3_service *corp_pop3;
	struct pop3_service *isp_pop3;
	uint32_t next_session;          /* for sessions that are not net connections */
	/* Simulated TLS (world/tls_sim.h): the servers offer STARTTLS and STLS
	 * only when a scenario uses TLS, so the plaintext lessons stay as the
	 * poster draws them; 465 and 995 (implicit TLS) always listen. */
	int tls_offer;
	int tls_auth_only;              /* serve --tls-auth-only: AUTH, USER, PASS only inside TLS */
	/* What the view shows: the latest session states. */
	char smtp_submit_state[16];
	char smtp_relay_state[16];
	char pop3_state[16];
	/* What each end of the latest session of each kind believes. */
	world_belief_src_t belief[VIEW__SESSIONS][2];   /* [session][0 client, 1 server] */
	uint64_t view_gen;              /* bumped when one of the states above changes */
	mailbox_t *view_boss, *view_smith;   /* the view's first two boxes, found again */
	uint64_t view_boxes_gen;             /* ... when a mailbox is added or removed */
	/* The queue and mailbox parts of the last view, kept while the counters
	 * they come from stay the same (sums of counters that only grow). */
	world_view_t view_cache;
	uint64_t view_queue_key, view_box_key;   /* 0: none kept */
} world_t;

#define WORLD_EPOCH_DEFAULT 1795856400LL   /* Mon, 28 Nov 2026... see world.c */

world_t *world_new_default(uint64_t seed);
void world_free(world_t *w);
/* Which mail store holds addr's domain (isp.example or corp.example), or NULL. */
mailstore_t *world_store_for(world_t *w, const char *addr);
mailbox_t *world_mailbox(world_t *w, const char *addr);
/* The newest session of kind vs: obj's beliefs (fn(obj, ...)) are shown for
 * its client (server = 0) or server (server = 1) end from now on. When the
 * other end belongs to a session that has gone, it is cleared. While gen(obj)
 * stays the same (and not 0) the belief is taken as unchanged. */
void world_believe(world_t *w, view_session_t vs, int server, world_belief_fn fn,
		   world_belief_gen_fn gen, const void *obj);
/* obj goes away (call before freeing it): its last belief stays shown. */
void world_believe_end(world_t *w, const void *obj);
/* Name for a trace event: the node's name, or the address if unknown. */
const char *world_name_of(world_t *w, const char *addr);

#endif
