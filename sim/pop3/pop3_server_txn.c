/* pop3_server_txn.c — the TRANSACTION half of a POP3 server session
 * (RFC 1939 5 and 7): the snapshot of the maildrop taken at login, message
 * numbers, the byte-stuffed multi-line responses, and the removal of the
 * marked messages in UPDATE. The states and the command table are in
 * pop3_server.c.
 *
 * Invariants: the snapshot is the messages present at login; message numbers
 * are positions in it and never change during the session; a marked message
 * cannot be referenced; sizes (STAT, LIST, RETR's +OK) are the octets of the
 * message as sent — every line ended by CR LF — before byte-stuffing (RFC 1939
 * 11). For a message stored with CRLF line ends only, which is all that
 * mailpath's SMTP accepts, that is exactly its stored size.
 *
 * Whatever a maildrop holds, a multi-line response is CRLF lines: a bare LF
 * or a bare CR in the stored message ends a line and is sent as CR LF, and
 * then every line that starts with "." is byte-stuffed. So no stored content
 * can end RETR or TOP early, whether the client splits lines at CR LF, at LF
 * or at CR (SMTP/POP3 response smuggling). */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "pop3/pop3_server_int.h"

#define NUMBER_MAX 999999999UL

/* ---- the snapshot ------------------------------------------------------ */

void pop3_server_take_snapshot(pop3_server_t *s)
{
	assert(s->mb && !s->snap);
	size_t n = mailbox_count(s->mb);
	s->snap = n ? xcalloc(n, sizeof *s->snap) : NULL;
	s->nsnap = n;
	s->ndele = 0;
	for (size_t i = 0; i < n; i++) {
		const mail_msg_t *m = mailbox_msg(s->mb, i);
		s->snap[i].index = i;
		s->snap[i].len = m->len;
		s->snap[i].octets = pop3_server_wire_octets(m->data, m->len);
		memcpy(s->snap[i].uid, m->uid, sizeof s->snap[i].uid);
	}
}

/* The messages not marked as deleted, and their octets. */
size_t pop3_server_live(const pop3_server_t *s, size_t *octets)
{
	size_t n = 0, o = 0;
	for (size_t i = 0; i < s->nsnap; i++) {
		if (!s->snap[i].deleted) {
			n++;
			o += s->snap[i].octets;
		}
	}
	*octets = o;
	return n;
}

static const mail_msg_t *snap_message(const pop3_server_t *s, unsigned long num)
{
	const pop3_server_snap_t *e = &s->snap[num - 1];
	const mail_msg_t *m = mailbox_msg(s->mb, e->index);
	assert(m && strcmp(m->uid, e->uid) == 0 && m->len == e->len);
	return m;
}

/* RFC 1939 6: UPDATE removes the marked messages. Returns how many went. */
size_t pop3_server_remove_marked(pop3_server_t *s, size_t *marked)
{
	const char **uids = xcalloc(s->nsnap ? s->nsnap : 1, sizeof *uids);
	size_t n = 0;
	for (size_t i = 0; i < s->nsnap; i++)
		if (s->snap[i].deleted)
			uids[n++] = s->snap[i].uid;
	size_t before = mailbox_count(s->mb);
	mailbox_remove_uids(s->mb, uids, n);
	free(uids);
	*marked = n;
	return before - mailbox_count(s->mb);
}

/* ---- multi-line responses (RFC 1939 3) ------------------------------- */

/* A line that starts with the termination octet gets one more. */
static void send_stuffed(pop3_server_t *s, const char *p, size_t n)
{
	if (n > 0 && p[0] == '.') {
		size_t start = s->out->len;
		sb_putc(s->out, '.');
		sb_append(s->out, p, n);
		if (s->hooks.on_line_out)
			s->hooks.on_line_out(s->ctx, s->out->buf + start, n + 1, 1);
		sb_append(s->out, "\r\n", 2);
	} else {
		pop3_server_send_line(s, p, n, 1);
	}
}

static void end_multiline(pop3_server_t *s)
{
	pop3_server_send_line(s, ".", 1, 1);
}

/* The length of the line at p, without its line end; *next past it. RFC 5322
 * 2.3 and RFC 1939 3: CR and LF only together. A line ends at CR LF, and
 * also at a bare LF or a bare CR, each sent as CR LF. */
static size_t stored_line(const char *p, size_t n, size_t *next)
{
	for (size_t i = 0; i < n; i++) {
		if (p[i] == '\n' || p[i] == '\r') {
			*next = i + 1 + (p[i] == '\r' && i + 1 < n && p[i + 1] == '\n');
			return i;
		}
	}
	*next = n;      /* a last line without a line end: sent with CR LF */
	return n;
}

size_t pop3_server_wire_octets(const char *p, size_t n)
{
	size_t octets = 0, next;
	for (size_t pos = 0; pos < n; pos += next)
		octets += stored_line(p + pos, n - pos, &next) + 2;
	return octets;
}

/* The message's lines, byte-stuffed; with body_max >= 0 only the header, the
 * blank line and body_max lines of the body (RFC 1939 7, TOP). */
static void send_message(pop3_server_t *s, const mail_msg_t *m, long body_max)
{
	size_t pos = 0, next;
	int in_body = 0;
	long body = 0;
	while (pos < m->len) {
		if (in_body && body_max >= 0 && body >= body_max)
			break;
		size_t n = stored_line(m->data + pos, m->len - pos, &next);
		send_stuffed(s, m->data + pos, n);
		if (in_body)
			body++;
		else if (n == 0)
			in_body = 1;
		pos += next;
	}
	end_multiline(s);
}

/* ---- checks: message numbers (RFC 1939 5) ------------------------------- */

/* A decimal number, saturated at NUMBER_MAX; -1 when not all digits. */
static int parse_number(const char *a, unsigned long *v)
{
	unsigned long x = 0;
	if (!*a)
		return -1;
	for (; *a; a++) {
		if (*a < '0' || *a > '9')
			return -1;
		x = x * 10 + (unsigned long)(*a - '0');
		if (x > NUMBER_MAX)
			x = NUMBER_MAX;
	}
	*v = x;
	return 0;
}

/* A message number must be in the snapshot and not marked as deleted. */
static int msg_ok(pop3_server_t *s, pop3_server_cmd_t *c, const char *arg)
{
	if (parse_number(arg, &c->msg) < 0 || c->msg == 0 || c->msg > s->nsnap) {
		reply(s, "-ERR no such message");
		return 0;
	}
	if (s->snap[c->msg - 1].deleted) {
		reply(s, "-ERR message %lu already deleted", c->msg);
		return 0;
	}
	return 1;
}

int pop3_server_check_msg(pop3_server_t *s, pop3_server_cmd_t *c)
{
	return pop3_server_check_transaction(s, c) && msg_ok(s, c, c->argv[0]);
}

int pop3_server_check_opt_msg(pop3_server_t *s, pop3_server_cmd_t *c)
{
	return pop3_server_check_transaction(s, c) &&
	       (c->argc == 0 || msg_ok(s, c, c->argv[0]));
}

int pop3_server_check_top(pop3_server_t *s, pop3_server_cmd_t *c)
{
	if (!pop3_server_check_msg(s, c))
		return 0;
	if (parse_number(c->argv[1], &c->lines) < 0) {
		reply(s, "-ERR invalid line count");
		return 0;
	}
	return 1;
}

/* ---- the TRANSACTION commands ------------------------------------------ */

void pop3_server_proceed_stat(pop3_server_t *s, pop3_server_cmd_t *c)
{
	size_t octets;
	size_t n = pop3_server_live(s, &octets);
	(void)c;
	reply(s, "+OK %zu %zu", n, octets);
}

void pop3_server_proceed_list(pop3_server_t *s, pop3_server_cmd_t *c)
{
	if (c->argc == 1) {
		reply(s, "+OK %lu %zu", c->msg, s->snap[c->msg - 1].octets);
		return;
	}
	size_t octets;
	size_t n = pop3_server_live(s, &octets);
	reply(s, "+OK %zu message%s (%zu octets)", n, n == 1 ? "" : "s", octets);
	for (size_t i = 0; i < s->nsnap; i++)
		if (!s->snap[i].deleted)
			data_line(s, "%zu %zu", i + 1, s->snap[i].octets);
	end_multiline(s);
}

void pop3_server_proceed_uidl(pop3_server_t *s, pop3_server_cmd_t *c)
{
	if (c->argc == 1) {
		reply(s, "+OK %lu %s", c->msg, s->snap[c->msg - 1].uid);
		return;
	}
	reply(s, "+OK");
	for (size_t i = 0; i < s->nsnap; i++)
		if (!s->snap[i].deleted)
			data_line(s, "%zu %s", i + 1, s->snap[i].uid);
	end_multiline(s);
}

void pop3_server_proceed_retr(pop3_server_t *s, pop3_server_cmd_t *c)
{
	const mail_msg_t *m = snap_message(s, c->msg);
	reply(s, "+OK %zu octets", s->snap[c->msg - 1].octets);
	send_message(s, m, -1);
}

void pop3_server_proceed_top(pop3_server_t *s, pop3_server_cmd_t *c)
{
	const mail_msg_t *m = snap_message(s, c->msg);
	reply(s, "+OK");
	send_message(s, m, (long)c->lines);
}

void pop3_server_proceed_dele(pop3_server_t *s, pop3_server_cmd_t *c)
{
	/* RFC 1939 5: only marked here; removed in UPDATE */
	s->snap[c->msg - 1].deleted = 1;
	s->ndele++;
	reply(s, "+OK message %lu deleted", c->msg);
}

void pop3_server_proceed_rset(pop3_server_t *s, pop3_server_cmd_t *c)
{
	(void)c;
	for (size_t i = 0; i < s->nsnap; i++)
		s->snap[i].deleted = 0;
	s->ndele = 0;
	size_t octets;
	size_t n = pop3_server_live(s, &octets);
	reply(s, "+OK maildrop has %zu message%s (%zu octets)", n, n == 1 ? "" : "s", octets);
}

void pop3_server_proceed_noop(pop3_server_t *s, pop3_server_cmd_t *c)
{
	(void)c;
	reply(s, "+OK");
}
