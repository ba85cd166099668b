/* smtp_server_auth.c — SMTP AUTH (RFC 4954) with the PLAIN (RFC 4616) and
 * LOGIN mechanisms, for the SMTP server.
 *
 *   READY -> READY  [smtp_server_proceed_auth: PLAIN with an initial response]
 *   READY -> AUTH   [smtp_server_proceed_auth: 334 prompt]
 *   AUTH  -> AUTH   [smtp_server_auth_line: LOGIN user name, 334 password prompt]
 *   AUTH  -> READY  [auth_finish: 235, 535, 501 cancelled or bad base64]
 *
 * The checks that come first (EHLO given, no transaction, not yet
 * authenticated) are check_auth in smtp_server_cmd.c. */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "smtp/smtp_server_int.h"

void smtp_server_auth_clear(smtp_server_t *s)
{
	free(s->auth_login_user);
	s->auth_login_user = NULL;
}

/* The exchange is over, whatever its outcome. */
static void auth_finish(smtp_server_t *s, strbuf_t *out, const char *reply)
{
	smtp_server_auth_clear(s);
	smtp_server_reply(s, out, "%s", reply);
	smtp_server_enter_state(s, SMTP_S_READY);
}

/* RFC 4954 4: "=" is an empty response; anything else is base64. */
static int decode(const char *p, size_t n, strbuf_t *dec)
{
	if (n == 1 && p[0] == '=') {
		sb_append(dec, "", 0);
		return 0;
	}
	return base64_decode(p, n, dec);
}

static void check_credentials(smtp_server_t *s, const char *user, size_t ulen,
			      const char *pass, size_t plen, strbuf_t *out)
{
	/* the hook takes C strings: a NUL inside either one cannot match */
	int ok = ulen > 0 && !memchr(user, '\0', ulen) && !memchr(pass, '\0', plen) &&
		 s->hooks.auth(s->ctx, user, pass);
	if (ok) {
		s->auth_user = xstrndup(user, ulen);
		auth_finish(s, out, "235 2.7.0 Authentication successful");
	} else {
		auth_finish(s, out, "535 5.7.8 Error: authentication failed");
	}
}

/* RFC 4616 2: message = [authzid] NUL authcid NUL passwd */
static void plain_response(smtp_server_t *s, const char *msg, size_t len, strbuf_t *out)
{
	const char *nul1 = memchr(msg, '\0', len);
	const char *nul2 = nul1 ? memchr(nul1 + 1, '\0', len - (size_t)(nul1 + 1 - msg)) : NULL;
	if (!nul2) {
		auth_finish(s, out, "535 5.7.8 Error: authentication failed");
		return;
	}
	const char *user = nul1 + 1, *pass = nul2 + 1;
	size_t zlen = (size_t)(nul1 - msg), ulen = (size_t)(nul2 - user);
	/* acting for someone else (authzid != authcid) is not offered */
	if (zlen > 0 && (zlen != ulen || memcmp(msg, user, ulen) != 0)) {
		auth_finish(s, out, "535 5.7.8 Error: authentication failed");
		return;
	}
	char *u = xstrndup(user, ulen);
	check_credentials(s, u, ulen, pass, len - (size_t)(pass - msg), out);
	free(u);
}

/* One base64 response: what it means depends on the step. */
static void response(smtp_server_t *s, const char *p, size_t n, strbuf_t *out)
{
	strbuf_t dec = STRBUF_INIT;
	if (decode(p, n, &dec) != 0) {
		auth_finish(s, out, "501 5.5.2 Error: invalid base64");
	} else if (s->auth_step == SMTP_AUTH_PLAIN) {
		plain_response(s, dec.buf, dec.len, out);
	} else if (s->auth_step == SMTP_AUTH_LOGIN_USER) {
		free(s->auth_login_user);
		s->auth_login_user = xmalloc(dec.len + 1);
		memcpy(s->auth_login_user, dec.buf, dec.len + 1);
		s->auth_login_len = dec.len;
		s->auth_step = SMTP_AUTH_LOGIN_PASS;
		smtp_server_reply(s, out, "334 UGFzc3dvcmQ6");  /* "Password:" */
		smtp_server_enter_state(s, SMTP_S_AUTH);
	} else {
		assert(s->auth_login_user);
		check_credentials(s, s->auth_login_user, s->auth_login_len, dec.buf, dec.len, out);
	}
	sb_free(&dec);
}

void smtp_server_proceed_auth(smtp_server_t *s, const char *arg, strbuf_t *out)
{
	size_t mlen = strcspn(arg, " ");
	const char *initial = arg + mlen;
	initial += strspn(initial, " ");
	if (mlen == 5 && str_iprefix(arg, "PLAIN")) {
		s->auth_step = SMTP_AUTH_PLAIN;
	} else if (mlen == 5 && str_iprefix(arg, "LOGIN")) {
		s->auth_step = SMTP_AUTH_LOGIN_USER;
	} else {
		smtp_server_reply(s, out, "504 5.5.4 Unrecognized authentication type");
		return;
	}
	if (*initial) {         /* RFC 4954 4: an initial response saves a round trip */
		response(s, initial, strlen(initial), out);
	} else if (s->auth_step == SMTP_AUTH_PLAIN) {
		smtp_server_reply(s, out, "334 ");              /* RFC 4954 4: empty challenge */
		smtp_server_enter_state(s, SMTP_S_AUTH);
	} else {
		smtp_server_reply(s, out, "334 VXNlcm5hbWU6");  /* "Username:" */
		smtp_server_enter_state(s, SMTP_S_AUTH);
	}
}

void smtp_server_auth_line(smtp_server_t *s, const char *line, size_t len, int overlong, strbuf_t *out)
{
	assert(s->state == SMTP_S_AUTH);
	if (s->hooks.on_line_in)
		s->hooks.on_line_in(s->ctx, line, len, 0);
	if (overlong)           /* RFC 4954 4: 12288 octets */
		auth_finish(s, out, "500 5.5.2 Error: line too long");
	else if (len == 1 && line[0] == '*')    /* RFC 4954 4: the client cancels */
		auth_finish(s, out, "501 5.7.0 Authentication cancelled");
	else
		response(s, line, len, out);
}
