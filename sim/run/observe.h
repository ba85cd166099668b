/* observe.h — what a passive observer on one link of the picture can see
 * of a run: which events crossed that link, and which secrets crossed it in
 * clear. Links are named as in scenarios (2-3, 3-4, 4-5, 3-dns) and held as
 * the pair of hops of sc_link_t (3-dns: HOP_3 and SC_HOP_DNS). The run uses
 * it for `expect secret-seen LINK`; sim/lesson/eavesdrop.c builds the
 * observer's whole capture on it. */
#ifndef MP_OBSERVE_H
#define MP_OBSERVE_H

#include <stddef.h>

#include "core/trace.h"
#include "world/world.h"

typedef struct observe_link {
	hop_t a, b;
} observe_link_t;

/* "2-3", "3-4", "4-5", "3-dns" (either order): 0, or -1. */
int observe_link_parse(const char *s, observe_link_t *out);
const char *observe_link_name(observe_link_t l);      /* "2-3" */

/* Did ev travel over the link? Only events between two hosts (protocol
 * lines, TCP, DNS, TLS) travel; notes, states and deliveries do not. w may
 * be NULL: the default world's host names. */
int observe_crosses(world_t *w, const trace_event_t *ev, observe_link_t l);

typedef struct observe_secret {
	size_t event;           /* the trace index where it crossed */
	char text[320];         /* "PASS s3cret (POP3, boss)", "AUTH PLAIN smith / s3cret" */
} observe_secret_t;

/* The secrets that crossed l in clear among events [0, upto): a password
 * after USER, an AUTH PLAIN / AUTH LOGIN exchange, decoded, and each message
 * read in clear (in DATA or RETR, named by its Subject:). Writes at
 * most max of them; returns how many there are. */
size_t observe_secrets(world_t *w, const trace_t *t, size_t upto, observe_link_t l,
		       observe_secret_t *out, size_t max);

#endif
