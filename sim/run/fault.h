/* fault.h — the fault catalogue: what a self-learner can break, by name, on
 * the command line (--fault NAME[@TIME]), in a scenario and live from the UI.
 * Each named fault is shaped into the world by the run (sim/run/run.c) and by
 * serve; this module only knows names, summaries and parsing. */
#ifndef MP_FAULT_H
#define MP_FAULT_H

#include <stddef.h>
#include <stdint.h>

typedef enum fault_kind {
	FAULT_BAD_PASSWORD,       /* the supervisor's client sends a wrong password */
	FAULT_UNKNOWN_RECIPIENT,  /* the corporate host does not know the recipient: 550 5.1.1, bounce */
	FAULT_RELAY_DENIED,       /* the ISP does not see Smith as a customer: 550 5.7.1 */
	FAULT_MAILBOX_FULL,       /* boss's mailbox is over quota: 452 4.2.2 at RCPT */
	FAULT_GREYLIST,           /* the corporate host answers 451 4.7.1 to the first attempt (a hop 3 reply) */
	FAULT_DNS_NXDOMAIN,       /* the recipient's domain does not resolve: bounce */
	FAULT_NO_MX,              /* no MX record: the A record stands in (RFC 5321 5.1) */
	FAULT_CORP_DOWN,          /* the corporate host is unreachable: queue and retry */
	FAULT_LINK_DROP,          /* link 3-4 drops mid-DATA on the first attempt */
	FAULT_DROP_BEFORE_QUIT,   /* the POP3 client vanishes before QUIT: nothing deleted */
	FAULT_MAILDROP_LOCKED,    /* another session holds the maildrop: -ERR [IN-USE] */
	FAULT_SIZE_EXCEEDED,      /* the message is larger than the ISP's SIZE: 552 5.3.4 */
	FAULT_SLOW_LINK,          /* link 3-4 is 50 times slower */
	FAULT_DNS_SERVFAIL,       /* the resolver fails: temporary, queue and retry */
	FAULT_NO_STARTTLS,        /* the corporate host does not offer STARTTLS */
	FAULT_STRIP_STARTTLS,     /* a man-in-the-middle on 3-4 deletes STARTTLS from the EHLO reply */
	FAULT_BAD_CERTIFICATE,    /* the corporate host's certificate names another host */
	FAULT_DROP_AFTER_DOT,     /* link 3-4 breaks after hop 4 stored the message and sent 250 */
	FAULT__COUNT
} fault_kind_t;

typedef struct fault {
	fault_kind_t kind;
	int64_t at_us;            /* when it takes effect (0 = from the start) */
} fault_t;

const char *fault_name(fault_kind_t k);        /* "bad-password" */
const char *fault_summary(fault_kind_t k);     /* one line for --help and the fault menu */
int fault_lookup(const char *name);            /* kind, or -1 */
/* The closest known name (edit distance <= 3), or NULL: for "did you mean". */
const char *fault_suggest(const char *name);
/* The name among names[0..n) closest to word if within maxdist edits, or
 * NULL (case-insensitive; swapping two neighbouring letters counts half an
 * edit, so "sned" means "send" rather than "seed"; ties go to the earlier
 * name). The "did you mean" behind fault_suggest, shared with the scenario
 * parser. */
const char *fault_closest(const char *word, const char *const *names, size_t n, size_t maxdist);
/* Parse "NAME" or "NAME@TIME" (TIME as in scenarios: 2s, 150ms, 10m, 1h).
 * 0 on success; -1 with a message in err. */
int fault_parse(const char *spec, fault_t *out, char *err, size_t errsz);
/* Parse a duration "2s", "150ms", "10m", "10min", "1h", "0" into microseconds.
 * Returns the number of characters used, 0 when s does not start with one. */
size_t duration_parse(const char *s, int64_t *us);

#endif
