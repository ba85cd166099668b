/* serve.c — `mailpath serve`: real TCP listeners in front of the simulated
 * world, so that telnet, curl, Python or Thunderbird speak to the same SMTP
 * and POP3 state machines the lessons use (no second implementation).
 *
 * One poll() loop serves the listening sockets, the client sockets and the
 * simulator's timers, which run in real time scaled by --speed: the relay
 * 3 -> 4, DNS, queue retries and greylisting all happen inside the simulated
 * world, a few seconds of real time later. */
#include "serve/serve_int.h"

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

static const char *const listener_names[SERVE_L__COUNT] = {
	[SERVE_L_SMTP] = "smtp", [SERVE_L_MX] = "mx", [SERVE_L_POP3] = "pop3", [SERVE_L_ISP_POP3] = "isp-pop3",
	[SERVE_L_SMTPS] = "smtps", [SERVE_L_POP3S] = "pop3s",
};

static volatile sig_atomic_t stop_signal;

static void on_signal(int sig)
{
	stop_signal = sig;
}

int64_t serve_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Real time since start, scaled by --speed, is the simulated clock. */
static int64_t sim_target(const serve_t *sv)
{
	return (int64_t)((double)(serve_now_ms() - sv->start_ms) * 1000.0 * sv->o->speed);
}

void serve_advance(serve_t *sv)
{
	sched_run(sv->w->sched, sim_target(sv), 0);
	net_reap(sv->w->net);   /* finished simulated connections and their sessions */
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
	serve_peer_string(&ss, len, sv->bound[kind], sizeof sv->bound[kind]);
	printf("listening %s %s\n", listener_names[kind], sv->bound[kind]);
}

/* Written as they happen, flushed once per round of the loop. */
static void print_event(void *ctx, const trace_event_t *ev)
{
	strbuf_t *line = ctx;
	sb_clear(line);
	render_text_event_buf(ev, line);
	fwrite(line->buf, 1, line->len, stdout);
}

static void write_event(void *ctx, const trace_event_t *ev)
{
	render_json_event(ev, ctx);
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

static void loop(serve_t *sv)
{
	struct pollfd *pfd = xcalloc(SERVE_L__COUNT + SERVE_CLIENTS_MAX + 1, sizeof *pfd);
	int64_t last_idle = serve_now_ms();
	while (!stop_signal) {
		size_t n = 0;
		for (int k = 0; k < SERVE_L__COUNT; k++)
			pfd[n++] = (struct pollfd){ .fd = sv->lfd[k], .events = POLLIN };
		for (size_t i = 0; i < sv->nclients; i++)
			pfd[n++] = (struct pollfd){ .fd = sv->clients[i]->fd, .events = serve_client_events(sv->clients[i]) };
		if (sv->ui)   /* the keyboard, last, so client indices stay as they are */
			pfd[n++] = (struct pollfd){ .fd = ui_live_fd(sv->ui), .events = POLLIN };
		int rc = poll(pfd, n, poll_timeout(sv));
		serve_advance(sv);
		if (rc < 0 && errno != EINTR)
			break;
		size_t nclients = sv->nclients;   /* accepting appends: poll only the old ones */
		for (size_t i = 0; rc > 0 && i < nclients; i++) {
			client_t *c = sv->clients[i];
			short re = pfd[SERVE_L__COUNT + i].revents;
			if ((re & POLLOUT) && c->tls_state == CT_HANDSHAKE)
				serve_client_handshake(c);
			else if (re & POLLOUT)
				serve_client_flush(c);
			if ((re & (POLLIN | POLLHUP | POLLERR)) && !c->dead)
				serve_client_read(c);
		}
		for (size_t i = 0; i < nclients; i++) {
			client_t *c = sv->clients[i];
			if (!c->dead && c->tls_state == CT_ON && tls_conn_pending(c->tls))
				serve_client_read(c);
		}
		for (int k = 0; rc > 0 && k < SERVE_L__COUNT; k++)
			if (pfd[k].revents & POLLIN)
				serve_accept(sv, (serve_listener_t)k);
		if (serve_now_ms() - last_idle >= 1000) {
			serve_check_idle(sv);
			last_idle = serve_now_ms();
		}
		for (size_t i = 0; i < sv->nclients; i++)
			serve_client_flush(sv->clients[i]);
		serve_reap(sv);
		if (!sv->ui)
			fflush(stdout);
		if (sv->trace_out)
			fflush(sv->trace_out);
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
		serve_client_flush(c);
		c->dead = 1;
	}
	serve_reap(sv);
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
	/* Memory stays bounded: the trace keeps a window of the newest events. */
	trace_set_window(sv->w->trace, sv->o->trace_window ? sv->o->trace_window : SERVE_TRACE_WINDOW_DEFAULT);
	if (sv->o->trace_file) {
		if (!(sv->trace_out = fopen(sv->o->trace_file, "w"))) {
			fprintf(stderr, "mailpath serve: --trace %s: %s\n", sv->o->trace_file, strerror(errno));
			return -1;
		}
		trace_subscribe(sv->w->trace, write_event, sv->trace_out);
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
	/* DESIGN.md: in serve the ISP relays without pacing and in parallel. */
	mta_set_dest_concurrency(sv.w->isp_mta, 0);
	sv.w->epoch = (int64_t)time(NULL);
	sv.w->tls_offer = 1;                    /* STARTTLS and STLS: real here */
	sv.w->tls_auth_only = o->tls_auth_only;
	if (open_all(&sv) != 0) {
		shutdown_all(&sv);
		if (sv.pcap)
			pcap_close(sv.pcap);
		serve_tls_free(sv.tls);
		if (sv.trace_out)
			fclose(sv.trace_out);
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
		trace_subscribe(sv.w->trace, print_event, &sv.line);
	sv.start_ms = serve_now_ms();
	loop(&sv);
	ui_live_close(sv.ui);
	shutdown_all(&sv);
	int rc = 0;
	if (sv.pcap && pcap_close(sv.pcap) != 0) {
		fprintf(stderr, "mailpath serve: --pcap %s: write failed\n", o->pcap);
		rc = 1;
	}
	serve_tls_free(sv.tls);
	if (sv.trace_out && fclose(sv.trace_out) != 0) {
		fprintf(stderr, "mailpath serve: --trace %s: write failed\n", o->trace_file);
		rc = 1;
	}
	run_free(sv.run);
	sb_free(&sv.line);
	return rc;
}
