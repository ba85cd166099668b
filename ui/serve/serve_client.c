/* serve_client.c — one real client of `mailpath serve`: its socket, in
 * clear or inside TLS (implicit on --smtps/--pop3s, or after STARTTLS/STLS),
 * and the protocol session behind it. Everything is non-blocking: the one
 * poll() loop of serve.c calls in when the socket is ready. */
#include "serve/serve_int.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/proto_limits.h"

/* ---- client sockets -------------------------------------------------- */

void serve_client_handshake(client_t *c);

/* Write what is pending, in clear or inside TLS; once a STARTTLS/STLS reply
 * has gone out in clear, begin the handshake. */
void serve_client_flush(client_t *c)
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
		serve_client_handshake(c);
}

static void tr_send(void *tctx, const char *p, size_t n)
{
	client_t *c = tctx;
	sb_append(&c->out, p, n);
	serve_client_flush(c);
}

static void tr_close(void *tctx)
{
	client_t *c = tctx;
	c->closing = 1;
	serve_client_flush(c);
}

/* The session gave its 220 to STARTTLS (+OK to STLS) and discarded what was
 * pipelined after it: once that reply is out in clear, the handshake. */
static void tr_starttls(void *tctx)
{
	client_t *c = tctx;
	c->tls_state = CT_WANTED;
	serve_client_flush(c);
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

void serve_peer_string(const struct sockaddr_storage *ss, socklen_t len, char *buf, size_t size)
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
	serve_advance(sv);
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

void serve_accept(serve_t *sv, serve_listener_t kind)
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
		c->last_ms = serve_now_ms();
		serve_peer_string(&ss, len, c->peer, sizeof c->peer);
		const char *p = c->peer[0] == '[' ? c->peer + 1 : c->peer;
		snprintf(c->addr, sizeof c->addr, "%.*s", (int)strcspn(p, c->peer[0] == '[' ? "]" : ":"), p);
		sv->clients = xgrow(sv->clients, sv->nclients, sizeof *sv->clients);
		sv->clients[sv->nclients++] = c;
		c->session = sv->w->next_session++;
		if (implicit_tls(kind)) {
			c->tls_state = CT_WANTED;   /* RFC 8314 3: TLS from the first octet */
			serve_client_handshake(c);
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
	serve_advance(c->sv);
	trace_meta_t m = { .hop = client_hop(c), .kind = kind, .proto = "TLS", .from = c->peer,
			   .to = server_host(c), .explain = explain, .session = c->session };
	trace_emit(c->sv->w->trace, &m, "%s", text);
}

void serve_client_handshake(client_t *c)
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
	serve_client_flush(c);
}

static void client_input(client_t *c, const char *buf, size_t n)
{
	c->last_ms = serve_now_ms();
	serve_advance(c->sv);
	if (c->closing)
		return;   /* after QUIT/421 the rest is ignored */
	if (c->smtp)
		mta_session_input(c->smtp, buf, n);
	else if (c->pop3)
		pop3_session_input(c->pop3, buf, n);
}

void serve_client_read(client_t *c)
{
	char buf[SERVE_READ_CHUNK];
	if (c->tls_state == CT_HANDSHAKE) {
		/* a handshake's bytes do not restart the idle timer: a handshake
		 * that never finishes is cut at the idle timeout */
		serve_client_handshake(c);
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

void serve_check_idle(serve_t *sv)
{
	int64_t now = serve_now_ms();
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
			serve_client_flush(c);
		}
	}
}

void serve_reap(serve_t *sv)
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

/* What a client waits for: OpenSSL may need to write while reading
 * (a handshake) and read while writing. */
short serve_client_events(const client_t *c)
{
	short ev = POLLIN;
	if (c->out.len && c->tls_state != CT_HANDSHAKE)
		ev |= POLLOUT;
	if (c->tls && tls_conn_wants_write(c->tls))
		ev |= POLLOUT;
	return ev;
}
