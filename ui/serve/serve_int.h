/* serve_int.h — internal to ui/serve: the server and its clients, shared by
 * serve.c (listeners, the loop, start and stop) and serve_client.c (one
 * client's socket, in clear or TLS, and its protocol session). */
#ifndef MP_SERVE_INT_H
#define MP_SERVE_INT_H

#include <stdint.h>
#include <sys/socket.h>

#include "core/util.h"
#include "export/pcap.h"
#include "run/run.h"
#include "serve/serve.h"
#include "serve/serve_tls.h"
#include "tui/ui.h"
#include "world/mta.h"
#include "world/pop3_service.h"
#include "world/world.h"

#define SERVE_CLIENTS_MAX 1000
#define SERVE_READ_CHUNK 65536
/* A client that never reads its replies is cut off past this much output. */
#define SERVE_OUT_MAX (64L * 1024 * 1024)

/* Where a client's connection stands with TLS. */
typedef enum client_tls {
	CT_PLAIN,       /* in clear (so far) */
	CT_WANTED,      /* the session said "switch": once its reply is out in clear */
	CT_HANDSHAKE,   /* SSL_accept under way; nothing else is read or written */
	CT_ON,          /* every octet either way is TLS */
} client_tls_t;

typedef struct client {
	struct serve *sv;
	int fd;
	serve_listener_t kind;
	mta_session_t *smtp;
	pop3_session_t *pop3;
	strbuf_t out;
	int closing;        /* the session asked to close: close once out is sent */
	int dead;           /* remove at the end of this loop turn */
	int64_t last_ms;
	char peer[80];
	char addr[64];      /* the peer's address alone */
	uint32_t session;   /* its number in the trace */
	client_tls_t tls_state;
	tls_conn_t *tls;
} client_t;

typedef struct serve {
	const serve_opts_t *o;
	run_t *run;
	world_t *w;
	int lfd[SERVE_L__COUNT];
	client_t **clients;
	size_t nclients;
	int64_t start_ms;
	ui_live_t *ui;          /* the live UI, or NULL (headless) */
	pcap_writer_t *pcap;    /* --pcap: the simulated network's packets, or NULL */
	serve_tls_t *tls;       /* the certificate and OpenSSL's context */
	FILE *trace_out;        /* --trace: every event as JSON Lines, or NULL */
	strbuf_t line;          /* the narrated line being printed (headless) */
	char bound[SERVE_L__COUNT][96];   /* the addresses actually bound */
} serve_t;

int64_t serve_now_ms(void);
void serve_advance(serve_t *sv);          /* the simulated clock catches up with real time */

/* serve_client.c */
void serve_accept(serve_t *sv, serve_listener_t kind);
void serve_client_flush(client_t *c);
void serve_client_read(client_t *c);      /* readable, or decrypted octets pending */
void serve_client_handshake(client_t *c); /* the TLS handshake's next step */
short serve_client_events(const client_t *c);
void serve_check_idle(serve_t *sv);
void serve_reap(serve_t *sv);             /* free the dead clients */
void serve_peer_string(const struct sockaddr_storage *ss, socklen_t len, char *buf, size_t size);

#endif
