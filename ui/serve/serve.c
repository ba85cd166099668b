/* serve.c — `mailpath serve`: real TCP listeners in front of the simulated
 * world, so that telnet, curl, Python or Thunderbird speak to the same SMTP
 * and POP3 state machines the lessons use (no second implementation).
 *
 * One poll() loop serves the listening sockets, the client sockets and the
 * simulator's timers, which run in real time scaled by --speed: the relay
 * 3 -> 4, DNS, queue retries and greylisting all happen inside the simulated
 * world, a few seconds of real time later. */
#include "serve/serve.h"
#include "serve/serve_tls.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "world/mta.h"
#include "export/pcap.h"
#include "world/pop3_service.h"
#include "core/proto_limits.h"
#include "export/render.h"
#include "run/run.h"
#include "tui/ui.h"
#include "world/world.h"

#define SERVE_CLIENTS_MAX 1000
#define SERVE_READ_CHUNK 65536
/* A client that never reads its replies is cut off past this much output. */
#define SERVE_OUT_MAX (64L * 1024 * 1024)

static const char *const listener_names[SERVE_L__COUNT] = {
	[SERVE_L_SMTP] = "smtp", [SERVE_L_MX] = "mx", [SERVE_L_POP3] = "pop3", [SERVE_L_ISP_POP3] = "isp-pop3",
	[SERVE_L_SMTPS] = "smtps", [SERVE_L_POP3S] = "pop3s",
};

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
	char bound[SERVE_L__COUNT][96];   /* the addresses actually bound */
} serve_t;

static volatile sig_atomic_t stop_signal;

static void on_signal(int sig)
{
	stop_signal = sig;
}

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Real time since start, scaled by --speed, is the simulated clock. */
static int64_t sim_target(const serve_t *sv)
{
	return (int64_t)((double)(now_ms() - sv->start_ms) * 1000.0 * sv->o->speed);
}

static void advance(serve_t *sv)
{
	sched_run(sv->w->sched, sim_target(sv), 0);
}

/* ---- client sockets -------------------------------------------------- */

static void client_handshake(client_t *c);

/* Write what is pending, in clear or inside TLS; once a STARTTLS/STLS reply
 * has gone out in clear, begin the handshake. */
static void client_flush(client_t *c)
{
	while (c->out.len && !c->dead && c->tls_state != CT_HANDSHAKE) {
		ssize_t n;
		if (c->tls_state == CT_ON) {
			n = tls_conn_write(c->tls, c->out.buf, c->out.len);
			if (n == TLS_IO_AGAIN)
				break;
		} else {
			n = send(c->fd, c->out.buf, c->out.len, MSG_NOSIGNAL);
			if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
				break;
		}
		if (n > 0)
			sb_consume(&c->out, (size_t)n);
		else
			c->dead = 1;
	}
	if (c->out.len > (size_t)SERVE_OUT_MAX)
		c->dead = 1;
	if (c->closing && !c->out.len)
		c->dead = 1;
	if (c->tls_state == CT_WANTED && !c->out.len && !c->dead)
		client_handshake(c);
}

static void tr_send(void *tctx, const char *p, size_t n)
{
	client_t *c = tctx;
	sb_append(&c->out, p, n);
	client_flush(c);
}

static void tr_close(void *tctx)
{
	client_t *c = tctx;
	c->closing = 1;
	client_flush(c);
}

/* The session gave its 220 to STARTTLS (+OK to STLS) and discarded what was
 * pipelined after it: once that reply is out in clear, the handshake. */
static void tr_starttls(void *tctx)
{
	client_t *c = tctx;
	c->tls_state = CT_WANTED;
	client_flush(c);
}

static void client_lost(client_t *c)
{
	if (c->smtp)
		mta_session_lost(c->smtp);
	if (c->pop3)
		pop3_session_lost(c->pop3);
}

static void client_free(client_t *c)
{
	tls_conn_free(c->tls);
	close(c->fd);
	mta_session_free(c->smtp);
	pop3_session_free(c->pop3);
	sb_free(&c->out);
	free(c);
}

static void peer_string(const struct sockaddr_storage *ss, socklen_t len, char *buf, size_t size)
{
	char host[64], port[16];
	if (getnameinfo((const struct sockaddr *)ss, len, host, sizeof host, port, sizeof port,
			NI_NUMERICHOST | NI_NUMERICSERV) != 0)
		snprintf(buf, size, "unknown");
	else if (ss->ss_family == AF_INET6)
		snprintf(buf, size, "[%s]:%s", host, port);
	else
		snprintf(buf, size, "%s:%s", host, port);
}

/* The protocol session behind a listener: at accept, or for implicit TLS
 * once the handshake is done (the greeting travels inside TLS). */
static void client_start_session(client_t *c)
{
	serve_t *sv = c->sv;
	world_t *w = sv->w;
	transport_t tr = { .send = tr_send, .close = tr_close, .starttls = tr_starttls, .tctx = c };
	/* What a reverse lookup of a loopback address gives. */
	const char *rdns = !strncmp(c->addr, "127.", 4) || !strcmp(c->addr, "::1") ? "localhost" : "";
	advance(sv);
	switch (c->kind) {
	case SERVE_L_SMTP:
		c->smtp = mta_session_new(w->isp_mta, &tr, c->peer, rdns, c->addr, HOP_2, c->session);
		mta_session_start(c->smtp);
		break;
	case SERVE_L_SMTPS:
		c->smtp = mta_session_new_tls(w->isp_mta, &tr, c->peer, rdns, c->addr, HOP_2, c->session);
		mta_session_start(c->smtp);
		break;
	case SERVE_L_MX:
		c->smtp = mta_session_new(w->corp_mta, &tr, c->peer, rdns, c->addr, HOP_3, c->session);
		mta_session_start(c->smtp);
		break;
	case SERVE_L_POP3:
		c->pop3 = pop3_session_new(w->corp_pop3, &tr, c->peer, HOP_5A, c->session);
		pop3_session_start(c->pop3);
		break;
	case SERVE_L_POP3S:
		c->pop3 = pop3_session_new_tls(w->corp_pop3, &tr, c->peer, HOP_5A, c->session);
		pop3_session_start(c->pop3);
		break;
	case SERVE_L_ISP_POP3:
		c->pop3 = pop3_session_new(w->isp_pop3, &tr, c->peer, HOP_5A, c->session);
		pop3_session_start(c->pop3);
		break;
	case SERVE_L__COUNT:
		break;
	}
}

static int implicit_tls(serve_listener_t kind)
{
	return kind == SERVE_L_SMTPS || kind == SERVE_L_POP3S;
}

static void accept_clients(serve_t *sv, serve_listener_t kind)
{
	for (;;) {
		struct sockaddr_storage ss;
		socklen_t len = sizeof ss;
		int fd = accept(sv->lfd[kind], (struct sockaddr *)&ss, &len);
		if (fd < 0)
			return;
		if (sv->nclients >= SERVE_CLIENTS_MAX) {
			static const char busy[] = "421 4.3.2 Too many connections, try again later\r\n";
			if (kind == SERVE_L_SMTP || kind == SERVE_L_MX)
				(void)!send(fd, busy, sizeof busy - 1, MSG_NOSIGNAL);
			close(fd);
			continue;
		}
		fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
		/* TLS writes its handshake, tickets and the greeting as separate
		 * small segments: without this, Nagle waits for a delayed ACK */
		int one = 1;
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
		client_t *c = xcalloc(1, sizeof *c);
		c->sv = sv;
		c->fd = fd;
		c->kind = kind;
		c->last_ms = now_ms();
		peer_string(&ss, len, c->peer, sizeof c->peer);
		const char *p = c->peer[0] == '[' ? c->peer + 1 : c->peer;
		snprintf(c->addr, sizeof c->addr, "%.*s", (int)strcspn(p, c->peer[0] == '[' ? "]" : ":"), p);
		sv->clients = xrealloc(sv->clients, (sv->nclients + 1) * sizeof *sv->clients);
		sv->clients[sv->nclients++] = c;
		c->session = sv->w->next_session++;
		if (implicit_tls(kind)) {
			c->tls_state = CT_WANTED;   /* RFC 8314 3: TLS from the first octet */
			client_handshake(c);
		} else {
			client_start_session(c);
		}
	}
}

/* ---- TLS on a client ------------------------------------------------- */

static const char *server_host(const client_t *c)
{
	const world_t *w = c->sv->w;
	return node_name(c->kind == SERVE_L_SMTP || c->kind == SERVE_L_SMTPS ? w->isp : w->corp);
}

static hop_t client_hop(const client_t *c)
{
	return c->kind == SERVE_L_MX ? HOP_3 : c->smtp || c->kind == SERVE_L_SMTPS ? HOP_2 : HOP_5A;
}

/* The real handshake, in the trace like every other step. */
static void trace_tls(client_t *c, ev_kind_t kind, const char *explain, const char *text)
{
	advance(c->sv);
	trace_meta_t m = { .hop = client_hop(c), .kind = kind, .proto = "TLS", .from = c->peer,
			   .to = server_host(c), .explain = explain, .session = c->session };
	trace_emit(c->sv->w->trace, &m, "%s", text);
}

static void client_handshake(client_t *c)
{
	if (c->tls_state == CT_WANTED) {
		if (!(c->tls = tls_conn_new(c->sv->tls, c->fd))) {
			client_lost(c);
			c->dead = 1;
			return;
		}
		c->tls_state = CT_HANDSHAKE;
	}
	int rc = tls_conn_handshake(c->tls);
	if (rc == TLS_IO_AGAIN)
		return;
	char text[300];
	if (rc != TLS_IO_DONE) {
		/* garbage instead of a ClientHello, or a peer that vanished: this
		 * connection only, nothing else */
		snprintf(text, sizeof text, "handshake failed (%s): connection closed", tls_conn_error(c->tls));
		trace_tls(c, EV_TLS, "tls:handshake-failed", text);
		client_lost(c);
		c->dead = 1;
		return;
	}
	c->tls_state = CT_ON;
	const char *sni = tls_conn_sni(c->tls);
	snprintf(text, sizeof text, "handshake done: %s, %s%s%.*s%s", tls_conn_version(c->tls),
		 tls_conn_cipher(c->tls), sni[0] ? " (server name " : "", 100, sni, sni[0] ? ")" : "");
	trace_tls(c, EV_TLS, "tls:real-handshake", text);
	if (!c->smtp && !c->pop3)
		client_start_session(c);
	client_flush(c);
}

static void client_input(client_t *c, const char *buf, size_t n)
{
	c->last_ms = now_ms();
	advance(c->sv);
	if (c->closing)
		return;   /* after QUIT/421 the rest is ignored */
	if (c->smtp)
		mta_session_input(c->smtp, buf, n);
	else if (c->pop3)
		pop3_session_input(c->pop3, buf, n);
}

static void client_read(client_t *c)
{
	char buf[SERVE_READ_CHUNK];
	if (c->tls_state == CT_HANDSHAKE) {
		/* a handshake's bytes do not restart the idle timer: a handshake
		 * that never finishes is cut at the idle timeout */
		client_handshake(c);
		return;
	}
	if (c->tls_state == CT_ON) {
		ssize_t n = tls_conn_read(c->tls, buf, sizeof buf);
		if (n == TLS_IO_AGAIN)
			return;
		if (n <= 0) {
			client_lost(c);
			c->dead = 1;
			return;
		}
		client_input(c, buf, (size_t)n);
		return;
	}
	ssize_t n = recv(c->fd, buf, sizeof buf, 0);
	if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
		return;
	if (n <= 0) {
		client_lost(c);
		c->dead = 1;
		return;
	}
	/* A STARTTLS/STLS in these bytes switches the session; it discards what
	 * followed it here (RFC 3207 4.2), and the next recv is OpenSSL's. */
	client_input(c, buf, (size_t)n);
}

static void check_idle(serve_t *sv)
{
	int64_t now = now_ms();
	for (size_t i = 0; i < sv->nclients; i++) {
		client_t *c = sv->clients[i];
		if (c->dead || c->closing)
			continue;
		int smtp = c->smtp || c->kind == SERVE_L_SMTPS;
		int limit = sv->o->idle_timeout_s > 0 ? sv->o->idle_timeout_s
			    : smtp ? SMTP_IDLE_TIMEOUT_S : POP3_IDLE_TIMEOUT_S;
		if (now - c->last_ms < (int64_t)limit * 1000)
			continue;
		if (c->tls_state == CT_HANDSHAKE || c->tls_state == CT_WANTED) {
			/* a handshake that never finishes: no reply is possible */
			trace_tls(c, EV_TLS, "tls:handshake-failed", "handshake timed out: connection closed");
			client_lost(c);
			c->dead = 1;
		} else if (c->smtp) {
			mta_session_idle(c->smtp);      /* 421 4.4.2, then close */
		} else {
			pop3_session_lost(c->pop3);     /* RFC 1939 3: autologout, no UPDATE */
			c->closing = 1;
			client_flush(c);
		}
	}
}

static void reap(serve_t *sv)
{
	size_t k = 0;
	for (size_t i = 0; i < sv->nclients; i++) {
		client_t *c = sv->clients[i];
		if (c->dead) {
			if (!c->closing)
				client_lost(c);
			client_free(c);
		} else {
			sv->clients[k++] = c;
		}
	}
	sv->nclients = k;
}

/* ---- listeners ------------------------------------------------------- */

static int open_listener(serve_t *sv, serve_listener_t kind)
{
	const char *spec = sv->o->listen[kind];
	char host[256];
	const char *colon = strrchr(spec, ':');
	if (!colon) {
		fprintf(stderr, "mailpath serve: --%s wants ADDR:PORT, not '%s'\n", listener_names[kind], spec);
		return -1;
	}
	const char *h = spec;
	size_t hl = (size_t)(colon - spec);
	if (hl >= 2 && h[0] == '[' && h[hl - 1] == ']') {
		h++;
		hl -= 2;
	}
	snprintf(host, sizeof host, "%.*s", (int)hl, h);
	struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM, .ai_flags = AI_PASSIVE };
	struct addrinfo *ai = NULL;
	int rc = getaddrinfo(host[0] ? host : "127.0.0.1", colon + 1, &hints, &ai);
	if (rc != 0) {
		fprintf(stderr, "mailpath serve: --%s %s: %s\n", listener_names[kind], spec, gai_strerror(rc));
		return -1;
	}
	int fd = socket(ai->ai_family, SOCK_STREAM, 0);
	int one = 1;
	if (fd >= 0)
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (fd < 0 || bind(fd, ai->ai_addr, ai->ai_addrlen) != 0 || listen(fd, 128) != 0) {
		fprintf(stderr, "mailpath serve: --%s %s: %s\n", listener_names[kind], spec, strerror(errno));
		if (fd >= 0)
			close(fd);
		freeaddrinfo(ai);
		return -1;
	}
	freeaddrinfo(ai);
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
	sv->lfd[kind] = fd;
	return 0;
}

static void print_listening(serve_t *sv, serve_listener_t kind)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof ss;
	getsockname(sv->lfd[kind], (struct sockaddr *)&ss, &len);
	peer_string(&ss, len, sv->bound[kind], sizeof sv->bound[kind]);
	printf("listening %s %s\n", listener_names[kind], sv->bound[kind]);
}

static void print_event(void *ctx, const trace_event_t *ev)
{
	(void)ctx;
	render_text_event(ev, stdout);
	fflush(stdout);
}

/* ---- the loop -------------------------------------------------------- */

static int poll_timeout(serve_t *sv)
{
	int64_t next = sched_next_time(sv->w->sched);
	int timeout = 1000;   /* idle checks once a second */
	for (size_t i = 0; i < sv->nclients; i++)
		if (sv->clients[i]->tls_state == CT_ON && tls_conn_pending(sv->clients[i]->tls))
			return 0;   /* decrypted octets wait inside OpenSSL, not in the socket */
	int frame = sv->ui ? ui_live_wait_ms(sv->ui) : -1;
	if (frame >= 0 && frame < timeout)
		timeout = frame;
	if (next >= 0) {
		double ms = (double)(next - sim_target(sv)) / 1000.0 / sv->o->speed;
		if (ms < timeout)
			timeout = ms < 0 ? 0 : (int)ms + 1;
	}
	return timeout;
}

/* What a client waits for: OpenSSL may need to write while reading
 * (a handshake) and read while writing. */
static short client_events(const client_t *c)
{
	short ev = POLLIN;
	if (c->out.len && c->tls_state != CT_HANDSHAKE)
		ev |= POLLOUT;
	if (c->tls && tls_conn_wants_write(c->tls))
		ev |= POLLOUT;
	return ev;
}

static void loop(serve_t *sv)
{
	struct pollfd *pfd = xcalloc(SERVE_L__COUNT + SERVE_CLIENTS_MAX + 1, sizeof *pfd);
	int64_t last_idle = now_ms();
	while (!stop_signal) {
		size_t n = 0;
		for (int k = 0; k < SERVE_L__COUNT; k++)
			pfd[n++] = (struct pollfd){ .fd = sv->lfd[k], .events = POLLIN };
		for (size_t i = 0; i < sv->nclients; i++)
			pfd[n++] = (struct pollfd){ .fd = sv->clients[i]->fd, .events = client_events(sv->clients[i]) };
		if (sv->ui)   /* the keyboard, last, so client indices stay as they are */
			pfd[n++] = (struct pollfd){ .fd = ui_live_fd(sv->ui), .events = POLLIN };
		int rc = poll(pfd, n, poll_timeout(sv));
		advance(sv);
		if (rc < 0 && errno != EINTR)
			break;
		size_t nclients = sv->nclients;   /* accepting appends: poll only the old ones */
		for (size_t i = 0; rc > 0 && i < nclients; i++) {
			client_t *c = sv->clients[i];
			short re = pfd[SERVE_L__COUNT + i].revents;
			if ((re & POLLOUT) && c->tls_state == CT_HANDSHAKE)
				client_handshake(c);
			else if (re & POLLOUT)
				client_flush(c);
			if ((re & (POLLIN | POLLHUP | POLLERR)) && !c->dead)
				client_read(c);
		}
		for (size_t i = 0; i < nclients; i++) {
			client_t *c = sv->clients[i];
			if (!c->dead && c->tls_state == CT_ON && tls_conn_pending(c->tls))
				client_read(c);
		}
		for (int k = 0; rc > 0 && k < SERVE_L__COUNT; k++)
			if (pfd[k].revents & POLLIN)
				accept_clients(sv, (serve_listener_t)k);
		if (now_ms() - last_idle >= 1000) {
			check_idle(sv);
			last_idle = now_ms();
		}
		for (size_t i = 0; i < sv->nclients; i++)
			client_flush(sv->clients[i]);
		reap(sv);
		if (sv->ui && ui_live_pump(sv->ui))
			break;   /* q: the same as SIGTERM */
		if (sv->pcap)   /* a DNS answer is stamped when sent: keep a second's margin */
			pcap_flush(sv->pcap, sim_target(sv) - SCHED_US(1));
	}
	free(pfd);
}

static void shutdown_all(serve_t *sv)
{
	/* SIGTERM: open SMTP sessions get 421 4.3.2; everything is closed. */
	for (size_t i = 0; i < sv->nclients; i++) {
		client_t *c = sv->clients[i];
		if (c->tls_state == CT_HANDSHAKE || c->tls_state == CT_WANTED) {
			c->dead = 1;   /* no reply is possible mid-handshake */
			continue;
		}
		if (c->smtp && !c->closing)
			mta_session_shutdown(c->smtp);
		else if (c->pop3 && !c->closing)
			pop3_session_lost(c->pop3);
		c->closing = 1;
		int fl = fcntl(c->fd, F_GETFL);
		fcntl(c->fd, F_SETFL, fl & ~O_NONBLOCK);
		client_flush(c);
		c->dead = 1;
	}
	reap(sv);
	free(sv->clients);
	for (int k = 0; k < SERVE_L__COUNT; k++)
		if (sv->lfd[k] >= 0)
			close(sv->lfd[k]);
}

/* The certificate: the user's, or a fresh self-signed one for the world's
 * hosts. */
static int open_tls(serve_t *sv)
{
	const char *names[] = { node_name(sv->w->isp), node_name(sv->w->corp) };
	char err[400];
	sv->tls = serve_tls_new(sv->o->tls_cert, sv->o->tls_key, names, sizeof names / sizeof *names, err, sizeof err);
	if (!sv->tls) {
		fprintf(stderr, "mailpath serve: TLS: %s\n", err);
		return -1;
	}
	return 0;
}

static int open_all(serve_t *sv)
{
	if (sv->o->pcap) {
		char err[300];
		if (!(sv->pcap = pcap_open(sv->o->pcap, sv->w->epoch, err, sizeof err))) {
			fprintf(stderr, "mailpath serve: --pcap %s\n", err);
			return -1;
		}
		pcap_attach(sv->pcap, sv->w->net, sv->w->dns);
	}
	if (open_tls(sv) != 0)
		return -1;
	for (int k = 0; k < SERVE_L__COUNT; k++)
		if (open_listener(sv, (serve_listener_t)k) != 0)
			return -1;
	return 0;
}

int serve_main(const scenario_t *sc, const serve_opts_t *o)
{
	serve_t sv = { .o = o };
	for (int k = 0; k < SERVE_L__COUNT; k++)
		sv.lfd[k] = -1;
	run_opts_t ro = { .faults = o->faults, .nfaults = o->nfaults, .world_only = 1,
			  .seed = o->seed, .has_seed = o->has_seed };
	sv.run = run_new(sc, &ro);
	sv.w = run_world(sv.run);
	/* Real clients on loopback are the ISP's customers (DESIGN.md, serve). */
	mta_set_customer_prefix(sv.w->isp_mta, "127.");
	sv.w->epoch = (int64_t)time(NULL);
	sv.w->tls_offer = 1;                    /* STARTTLS and STLS: real here */
	sv.w->tls_auth_only = o->tls_auth_only;
	if (open_all(&sv) != 0) {
		shutdown_all(&sv);
		if (sv.pcap)
			pcap_close(sv.pcap);
		serve_tls_free(sv.tls);
		run_free(sv.run);
		return 2;
	}
	struct sigaction sa = { .sa_handler = on_signal };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	for (int k = 0; k < SERVE_L__COUNT; k++)
		print_listening(&sv, (serve_listener_t)k);
	printf("tls certificate sha256 %s\n", serve_tls_fingerprint(sv.tls));
	fflush(stdout);
	if (!o->headless) {
		char flash[SERVE_L__COUNT * 96 + 96];
		snprintf(flash, sizeof flash, "Live: smtp %s  pop3 %s  smtps %s  pop3s %s  mx %s  isp-pop3 %s   q quits",
			 sv.bound[SERVE_L_SMTP], sv.bound[SERVE_L_POP3], sv.bound[SERVE_L_SMTPS],
			 sv.bound[SERVE_L_POP3S], sv.bound[SERVE_L_MX], sv.bound[SERVE_L_ISP_POP3]);
		sv.ui = ui_live_open(sv.w->trace, "mailpath serve: real clients drive the path", flash);
		if (!sv.ui)
			fputs("mailpath serve: no usable terminal: running headless\n", stderr);
	}
	if (!sv.ui)
		trace_subscribe(sv.w->trace, print_event, NULL);
	sv.start_ms = now_ms();
	loop(&sv);
	ui_live_close(sv.ui);
	shutdown_all(&sv);
	int rc = 0;
	if (sv.pcap && pcap_close(sv.pcap) != 0) {
		fprintf(stderr, "mailpath serve: --pcap %s: write failed\n", o->pcap);
		rc = 1;
	}
	serve_tls_free(sv.tls);
	run_free(sv.run);
	return rc;
}
