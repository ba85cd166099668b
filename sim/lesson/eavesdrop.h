/* eavesdrop.h — the eavesdropper: what a passive observer on one link of the
 * picture (2-3, 3-4, 4-5, 3-dns) captured of a run, as segments in the order
 * they crossed, each with its direction and what the observer can read of
 * it: the lines in clear (credentials marked, base64 decoded beside them),
 * or only "[TLS record, N bytes]". Derived from the trace alone, so the
 * capture up to event i is what had been seen by then. Curses-free: used by
 * `mailpath run --eavesdrop LINK` and the UI's observer pane. */
#ifndef MP_EAVESDROP_H
#define MP_EAVESDROP_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "run/observe.h"

typedef struct eaves_seg {
	size_t event;           /* the trace index of its first event */
	size_t last;            /* ... and of its last */
	int64_t t_us;
	const char *from, *to;  /* host names (the trace's strings) */
	int readable;           /* 0: the observer sees only TLS records */
	size_t bytes;           /* octets on the wire (payload) */
	char *text;             /* what the observer reads, one line */
	int secret;             /* it carries a credential or a message in clear */
} eaves_seg_t;

typedef struct eaves eaves_t;

/* The observer's whole capture of the trace's events on link l. */
eaves_t *eaves_new(world_t *w, const trace_t *t, observe_link_t l);
void eaves_free(eaves_t *e);
observe_link_t eaves_link(const eaves_t *e);
size_t eaves_count(const eaves_t *e);
const eaves_seg_t *eaves_seg(const eaves_t *e, size_t i);
/* How many segments had crossed once event `event` had happened. */
size_t eaves_upto(const eaves_t *e, size_t event);
/* The secrets seen up to event `event` (inclusive), as observe_secrets. */
size_t eaves_secrets(const eaves_t *e, size_t event, observe_secret_t *out, size_t max);

/* The headless report: a header, one line per segment, then one
 * "secret: ..." line per secret or "secrets: none". */
void eaves_print(const eaves_t *e, FILE *out);

#endif
