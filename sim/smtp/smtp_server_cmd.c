/* smtp_server_cmd.c — the SMTP server's commands (RFC 5321 4.1.1), dispatched
 * through one table of { verb, check, proceed }: check_* answers 503/501 and
 * refuses, proceed_* does the work. The state machine, its diagram and its
 * invariants are in smtp_server.c; paths are parsed in smtp_server_path.c,
 * the AUTH exchange is in smtp_server_auth.c. */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "smtp/smtp_server_int.h"

typedef struct command command_t;
struct command {
	const char *verb;
	int (*check)(smtp_server_t *s, const command_t *cmd, const char *arg, strbuf_t *out);
	void (*proceed)(smtp_server_t *s, const char *arg, strbuf_t *out);
	/* the reply to a control octet inside the <path> (MAIL, RCPT) */
	const char *bad_path;
};

/* ---- checks: 1 to proceed, 0 after a refusal was answered ---- */

/* RFC 5321 4.1.4: a transaction needs EHLO/HELO first. */
static int greeted(smtp_server_t *s, strbuf_t *out)
{
	if (s->state != SMTP_S_INIT)
		return 1;
	smtp_server_reply(s, out, "503 5.5.1 Error: send HELO/EHLO first");
	return 0;
}

static int check_hello(smtp_server_t *s, const command_t *cmd, const char *arg, strbuf_t *out)
{
	if (*arg)
		return 1;
	smtp_server_reply(s, out, "501 5.5.4 Syntax: %s hostname", cmd->verb);
	return 0;
}

static int check_no_arg(smtp_server_t *s, const command_t *cmd, const char *arg, strbuf_t *out)
{
	if (!*arg)
		return 1;
	smtp_server_reply(s, out, "501 5.5.4 Syntax: %s", cmd->verb);
	return 0;
}

static int check_vrfy(smtp_server_t *s, const command_t *cmd, const char *arg, strbuf_t *out)
{
	if (*arg)
		return 1;
	smtp_server_reply(s, out, "501 5.5.4 Syntax: %s address", cmd->verb);
	return 0;
}

static int check_mail(smtp_server_t *s, const command_t *cmd, const char *arg, strbuf_t *out)
{
	(void)cmd, (void)arg;
	if (!greeted(s, out))
		return 0;
	if (s->state == SMTP_S_READY)
		return 1;
	smtp_server_reply(s, out, "503 5.5.1 Error: nested MAIL command");
	return 0;
}

static int check_rcpt(smtp_server_t *s, const command_t *cmd, const char *arg, strbuf_t *out)
{
	(void)cmd, (void)arg;
	if (!greeted(s, out))
		return 0;
	if (s->state == SMTP_S_MAIL || s->state == SMTP_S_RCPT)
		return 1;
	smtp_server_reply(s, out, "503 5.5.1 Error: need MAIL command");
	return 0;
}

static int check_data(smtp_server_t *s, const command_t *cmd, const char *arg, strbuf_t *out)
{
	if (!greeted(s, out))
		return 0;
	if (s->state == SMTP_S_READY) {
		smtp_server_reply(s, out, "503 5.5.1 Error: need MAIL command");
		return 0;
	}
	if (s->state == SMTP_S_MAIL) {  /* also when every RCPT was refused */
		smtp_server_reply(s, out, "503 5.5.1 Error: need RCPT command");
		return 0;
	}
	return check_no_arg(s, cmd, arg, out);
}

static int check_auth(smtp_server_t *s, const command_t *cmd, const char *arg, strbuf_t *out)
{
	(void)cmd;
	const char *err = NULL;
	if (!s->hooks.auth)
		err = "503 5.5.1 Error: authentication not enabled";
	else if (!s->esmtp)     /* RFC 4954 4: AUTH is an extension, offered by EHLO */
		err = "503 5.5.1 Error: send EHLO first";
	else if (s->auth_needs_tls && !s->tls)  /* RFC 3207 4: no password in clear */
		err = "530 5.7.0 Must issue a STARTTLS command first";
	else if (s->state != SMTP_S_READY)      /* RFC 4954 4: not during a transaction */
		err = "503 5.5.1 Error: MAIL transaction in progress";
	else if (s->auth_user)  /* RFC 4954 4: only one successful AUTH per session */
		err = "503 5.5.1 Error: already authenticated";
	else if (!*arg)
		err = "501 5.5.4 Syntax: AUTH mechanism";
	if (!err)
		return 1;
	smtp_server_reply(s, out, "%s", err);
	return 0;
}

/* RFC 3207 4: STARTTLS is an extension offered by EHLO, once, outside a
 * transaction, without an argument. */
static int check_starttls(smtp_server_t *s, const command_t *cmd, const char *arg, strbuf_t *out)
{
	const char *err = NULL;
	if (!s->offer_starttls && !s->tls)
		err = "502 5.5.1 Error: command not implemented";
	else if (s->tls)        /* RFC 3207 4.2: not a second time */
		err = "503 5.5.1 Error: TLS already active";
	else if (!s->esmtp)
		err = "503 5.5.1 Error: send EHLO first";
	else if (s->state != SMTP_S_READY)
		err = "503 5.5.1 Error: MAIL transaction in progress";
	if (err) {
		smtp_server_reply(s, out, "%s", err);
		return 0;
	}
	return check_no_arg(s, cmd, arg, out);
}

/* ---- proceed: the work ---- */

static void hello(smtp_server_t *s, const char *arg, int esmtp, strbuf_t *out)
{
	/* RFC 5321 4.1.4: a later EHLO/HELO resets the transaction, as RSET */
	smtp_server_tx_clear(s);
	free(s->helo);
	s->helo = xstrdup(arg);
	s->esmtp = esmtp;
	if (!esmtp) {
		smtp_server_reply(s, out, "250 %s", s->hostname);
	} else {
		/* RFC 5321 4.2.1: every line but the last is "250-" */
		smtp_server_reply(s, out, "250-%s Hello %s [%s]", s->hostname, arg, s->peer_addr);
		smtp_server_reply(s, out, "250-SIZE %ld", s->max_size);  /* RFC 1870 */
		smtp_server_reply(s, out, "250-8BITMIME");                /* RFC 6152 */
		smtp_server_reply(s, out, "250-PIPELINING");              /* RFC 2920 */
		smtp_server_reply(s, out, "250-ENHANCEDSTATUSCODES");     /* RFC 2034 */
		if (s->offer_starttls && !s->tls)
			smtp_server_reply(s, out, "250-STARTTLS");          /* RFC 3207 */
		if (s->hooks.auth && (s->tls || !s->auth_needs_tls))
			smtp_server_reply(s, out, "250-AUTH PLAIN LOGIN");  /* RFC 4954 */
		smtp_server_reply(s, out, "250 HELP");
	}
	smtp_server_enter_state(s, SMTP_S_READY);
}

static void proceed_helo(smtp_server_t *s, const char *arg, strbuf_t *out)
{
	hello(s, arg, 0, out);
}

static void proceed_ehlo(smtp_server_t *s, const char *arg, strbuf_t *out)
{
	hello(s, arg, 1, out);
}

/* RFC 1870, RFC 6152, RFC 4954 5: the MAIL parameters we know. 1 when all
 * are acceptable; else the refusal was answered. */
static int mail_params(smtp_server_t *s, const char *p, long *size, strbuf_t *out)
{
	char *dup = xstrdup(p), *save = NULL;
	const char *err = NULL;
	for (char *tok = strtok_r(dup, " ", &save); tok && !err; tok = strtok_r(NULL, " ", &save)) {
		char *val = strchr(tok, '=');
		if (val)
			*val++ = '\0';
		if (str_ieq(tok, "SIZE") && val) {
			int r = smtp_server_parse_size(val, s->max_size, size);
			if (r < 0)
				err = "501 5.5.4 Bad message size syntax";
			else if (r > 0)
				err = "552 5.3.4 Message size exceeds fixed limit";
		} else if (str_ieq(tok, "BODY") && val) {
			if (!str_ieq(val, "7BIT") && !str_ieq(val, "8BITMIME"))
				err = "501 5.5.4 Bad BODY keyword syntax";
		} else if (!(str_ieq(tok, "AUTH") && val)) {
			smtp_server_reply(s, out, "555 5.5.4 Unsupported option: %s", tok);
			free(dup);
			return 0;
		}
	}
	free(dup);
	if (err)
		smtp_server_reply(s, out, "%s", err);
	return err == NULL;
}

/* "FROM:" / "TO:", then optional spaces; NULL when the keyword is missing. */
static const char *after_keyword(const char *arg, const char *kw)
{
	if (!str_iprefix(arg, kw))
		return NULL;
	arg += strlen(kw);
	while (*arg == ' ')     /* "MAIL FROM: <x>": tolerated, as Postfix does */
		arg++;
	return arg;
}

static void proceed_mail(smtp_server_t *s, const char *arg, strbuf_t *out)
{
	const char *p = after_keyword(arg, "FROM:"), *rest = NULL;
	char *addr = NULL;
	smtp_path_t r = p ? smtp_server_parse_path(p, &addr, &rest) : SMTP_PATH_SYNTAX;
	if (r == SMTP_PATH_SYNTAX) {
		smtp_server_reply(s, out, "501 5.5.2 Syntax: MAIL FROM:<address>");
		return;
	}
	if (r == SMTP_PATH_BAD || (addr[0] && !smtp_server_mailbox_ok(addr))) {
		smtp_server_reply(s, out, "501 5.1.7 Bad sender address syntax");
		free(addr);
		return;
	}
	long size = 0;
	if (!mail_params(s, rest, &size, out)) {
		free(addr);
		return;
	}
	s->mail_from = addr;    /* "" for the null reverse-path (RFC 5321 4.5.5) */
	s->declared_size = size;
	s->hooks.make_id(s->ctx, s->id, sizeof s->id);
	assert(s->id[0]);
	smtp_server_reply(s, out, "250 2.1.0 Ok");
	smtp_server_enter_state(s, SMTP_S_MAIL);
}

static void proceed_rcpt(smtp_server_t *s, const char *arg, strbuf_t *out)
{
	const char *p = after_keyword(arg, "TO:"), *rest = NULL;
	char *addr = NULL;
	smtp_path_t r = p ? smtp_server_parse_path(p, &addr, &rest) : SMTP_PATH_SYNTAX;
	if (r == SMTP_PATH_SYNTAX) {
		smtp_server_reply(s, out, "501 5.5.2 Syntax: RCPT TO:<address>");
		return;
	}
	if (r == SMTP_PATH_OK && str_ieq(addr, "postmaster")) {
		strcpy(addr, "postmaster");     /* RFC 5321 4.5.1: any case, no domain */
	} else if (r == SMTP_PATH_BAD || !smtp_server_mailbox_ok(addr)) {
		smtp_server_reply(s, out, "501 5.1.3 Bad recipient address syntax");
		free(addr);
		return;
	}
	const char *bad = rest + strspn(rest, " ");
	if (*bad) {
		smtp_server_reply(s, out, "555 5.5.4 Unsupported option: %.*s",
				  (int)strcspn(bad, " ="), bad);
	} else if (s->nrcpt == SMTP_RECIPIENTS_MAX) {   /* RFC 5321 4.5.3.1.8 */
		smtp_server_reply(s, out, "452 4.5.3 Error: too many recipients");
	} else {
		strbuf_t reply = STRBUF_INIT;
		int code = s->hooks.rcpt(s->ctx, smtp_server_tx(s), addr, &reply);
		assert(code >= 200 && code <= 599 && reply.len >= 3);
		smtp_server_reply_line(s, out, reply.buf, reply.len);
		sb_free(&reply);
		if (code / 100 == 2) {
			s->rcpt[s->nrcpt++] = addr;
			smtp_server_enter_state(s, SMTP_S_RCPT);
			return;
		}
	}
	free(addr);
}

static void proceed_data(smtp_server_t *s, const char *arg, strbuf_t *out)
{
	(void)arg;
	smtp_server_reply(s, out, "354 End data with <CR><LF>.<CR><LF>");
	smtp_server_enter_state(s, SMTP_S_DATA);
}

static void proceed_rset(smtp_server_t *s, const char *arg, strbuf_t *out)
{
	(void)arg;
	smtp_server_tx_clear(s);        /* RFC 5321 4.1.1.5 */
	smtp_server_reply(s, out, "250 2.0.0 Ok");
	if (s->state != SMTP_S_INIT)
		smtp_server_enter_state(s, SMTP_S_READY);
}

static void proceed_noop(smtp_server_t *s, const char *arg, strbuf_t *out)
{
	(void)arg;      /* RFC 5321 4.1.1.9: the argument is ignored */
	smtp_server_reply(s, out, "250 2.0.0 Ok");
}

static void proceed_vrfy(smtp_server_t *s, const char *arg, strbuf_t *out)
{
	(void)arg;      /* RFC 5321 3.5.3: 252, and no address harvesting */
	smtp_server_reply(s, out, "252 2.0.0 Cannot VRFY user, but will accept message and attempt delivery");
}

static void proceed_not_implemented(smtp_server_t *s, const char *arg, strbuf_t *out)
{
	(void)arg;
	smtp_server_reply(s, out, "502 5.5.1 Error: command not implemented");
}

static void proceed_help(smtp_server_t *s, const char *arg, strbuf_t *out)
{
	(void)arg;
	smtp_server_reply(s, out, "214 2.0.0 Commands: HELO EHLO MAIL RCPT DATA RSET NOOP VRFY HELP QUIT%s",
			  s->hooks.auth ? " AUTH" : "");
}

/* RFC 3207 4.2: after the 220 the client and server forget what they knew
 * (EHLO, AUTH), and nothing sent before the handshake may be acted on. */
static void proceed_starttls(smtp_server_t *s, const char *arg, strbuf_t *out)
{
	(void)arg;
	smtp_server_reply(s, out, "220 2.0.0 Ready to start TLS");
	smtp_server_tx_clear(s);
	free(s->helo);
	s->helo = NULL;
	s->esmtp = 0;
	free(s->auth_user);
	s->auth_user = NULL;
	linebuf_discard(s->lb);     /* commands pipelined after STARTTLS */
	s->tls = 1;
	s->starttls_now = 1;
	smtp_server_enter_state(s, SMTP_S_INIT);
}

static void proceed_quit(smtp_server_t *s, const char *arg, strbuf_t *out)
{
	(void)arg;
	smtp_server_tx_clear(s);
	smtp_server_reply(s, out, "221 2.0.0 %s Service closing transmission channel", s->hostname);
	smtp_server_enter_state(s, SMTP_S_QUIT);
}

static const command_t commands[] = {
	{ .verb = "HELO", .check = check_hello, .proceed = proceed_helo },
	{ .verb = "EHLO", .check = check_hello, .proceed = proceed_ehlo },
	{ .verb = "MAIL", .check = check_mail, .proceed = proceed_mail,
	  .bad_path = "501 5.1.7 Bad sender address syntax" },
	{ .verb = "RCPT", .check = check_rcpt, .proceed = proceed_rcpt,
	  .bad_path = "501 5.1.3 Bad recipient address syntax" },
	{ .verb = "DATA", .check = check_data, .proceed = proceed_data },
	{ .verb = "RSET", .check = check_no_arg, .proceed = proceed_rset },
	{ .verb = "NOOP", .check = NULL, .proceed = proceed_noop },
	{ .verb = "VRFY", .check = check_vrfy, .proceed = proceed_vrfy },
	{ .verb = "EXPN", .check = NULL, .proceed = proceed_not_implemented },
	{ .verb = "HELP", .check = NULL, .proceed = proceed_help },
	{ .verb = "QUIT", .check = NULL, .proceed = proceed_quit },
	{ .verb = "AUTH", .check = check_auth, .proceed = smtp_server_proceed_auth },
	{ .verb = "STARTTLS", .check = check_starttls, .proceed = proceed_starttls },
};

static const command_t *lookup(const char *line, size_t vlen)
{
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (strlen(commands[i].verb) == vlen && str_iprefix(line, commands[i].verb))
			return &commands[i];
	return NULL;
}

/* The first control octet of p[0..n) (NUL, any octet below 32 but TAB, and
 * DEL), or NULL: none has a place in a command line (RFC 5321 4.1.2 paths
 * are printable US-ASCII; 8-bit octets only with SMTPUTF8, not offered). */
static const char *control_octet(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];
		if ((c < 0x20 && c != '\t') || c == 0x7F)
			return p + i;
	}
	return NULL;
}

/* A known verb with a control octet in its argument: a bad parameter (501),
 * not an unknown command. In MAIL and RCPT, inside the <path> it is a bad
 * address (RFC 3463 3.2: 5.1.7 sender, 5.1.3 recipient); elsewhere a bad
 * argument (5.5.4). The reply never echoes the octets. */
static void bad_argument(smtp_server_t *s, const command_t *cmd, const char *arg, size_t n,
			 const char *bad, strbuf_t *out)
{
	const char *gt = memchr(arg, '>', n);
	if (cmd->bad_path && (!gt || bad < gt))
		smtp_server_reply(s, out, "%s", cmd->bad_path);
	else
		smtp_server_reply(s, out, "501 5.5.4 Error: control character in parameters");
}

void smtp_server_command(smtp_server_t *s, const char *line, size_t len, int overlong, strbuf_t *out)
{
	if (s->hooks.on_line_in)
		s->hooks.on_line_in(s->ctx, line, len, 0);
	sb_clear(&s->line);
	sb_append(&s->line, line, len);
	char *p = s->line.buf;
	/* RFC 5321 4.5.3.1.4: 512 octets with CRLF; RFC 4954 4: AUTH up to 12288 */
	if (overlong || (len + 2 > SMTP_COMMAND_LINE_MAX && !str_iprefix(p, "AUTH "))) {
		smtp_server_reply(s, out, "500 5.5.2 Error: line too long");
		return;
	}
	const char *sp = memchr(p, ' ', len);
	size_t vlen = sp ? (size_t)(sp - p) : len;
	const command_t *cmd = control_octet(p, vlen) ? NULL : lookup(p, vlen);
	if (!cmd) {
		smtp_server_reply(s, out, "500 5.5.2 Error: command not recognized");
		return;
	}
	char *arg = p + vlen;
	arg += strspn(arg, " ");
	size_t alen = len - (size_t)(arg - p);
	const char *bad = control_octet(arg, alen);
	for (size_t n = strlen(arg); n > 0 && (arg[n - 1] == ' ' || arg[n - 1] == '\t'); n--)
		arg[n - 1] = '\0';
	if (cmd->check && !cmd->check(s, cmd, arg, out))
		return;         /* 503 before 501: out of sequence is told first */
	if (bad)
		bad_argument(s, cmd, arg, alen, bad, out);
	else
		cmd->proceed(s, arg, out);
}
