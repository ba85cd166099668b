/* serve.h — `mailpath serve`: real TCP listeners in front of the simulated
 * world (the contract is in DESIGN.md, section serve). */
#ifndef MP_SERVE_H
#define MP_SERVE_H

#include <stddef.h>
#include <stdint.h>

#include "run/fault.h"
#include "run/scenario.h"

typedef enum serve_listener {
	SERVE_L_SMTP,        /* the ISP SMTP host, hop 3 (clients at hop 2) */
	SERVE_L_MX,          /* the corporate SMTP host, hop 4 */
	SERVE_L_POP3,        /* the corporate POP3 server */
	SERVE_L_ISP_POP3,    /* the ISP's POP3 server: Smith's mailbox, bounces */
	SERVE_L_SMTPS,       /* the ISP SMTP host with implicit TLS (RFC 8314: port 465) */
	SERVE_L_POP3S,       /* the corporate POP3 server with implicit TLS (port 995) */
	SERVE_L__COUNT
} serve_listener_t;

typedef struct serve_opts {
	const char *listen[SERVE_L__COUNT];   /* "127.0.0.1:2525" */
	int headless;
	double speed;                         /* simulated seconds per real second */
	int idle_timeout_s;                   /* 0: SMTP 300 s, POP3 600 s */
	const fault_t *faults;
	size_t nfaults;
	uint64_t seed;
	int has_seed;
	const char *pcap;                     /* capture the simulated network here, or NULL */
	const char *tls_cert, *tls_key;       /* PEM files, or NULL: a fresh self-signed one */
	int tls_auth_only;                    /* refuse AUTH, USER, PASS before TLS */
	size_t trace_window;                  /* events kept in memory; 0: the default */
	const char *trace_file;               /* every event as JSON Lines, or NULL */
} serve_opts_t;

#define SERVE_TRACE_WINDOW_DEFAULT 100000 /* events: about 20 MB */

#define SERVE_SPEED_DEFAULT 30.0          /* a 5-minute retry in 10 s */

/* Runs until SIGINT/SIGTERM; returns the exit status. */
int serve_main(const scenario_t *sc, const serve_opts_t *o);

#endif
