/* agent.h — the people's programs: Smith's e-mail client (hops 1 and 2:
 * she writes, presses Send, her client speaks SMTP to the ISP host) and the
 * supervisor's POP3 client (hops 5a and 5b). Each is a protocol client state
 * machine on a simulated connection. */
#ifndef MP_AGENT_H
#define MP_AGENT_H

#include <stddef.h>

#include "core/util.h"
#include "world/world.h"

typedef struct agent_send {
	const char *from;
	const char *const *to;  size_t nto;
	const char *const *cc;  size_t ncc;
	const char *const *bcc; size_t nbcc;
	const char *subject;
	const char *body;           /* lines joined with "\r\n" (or "\n" unless raw); a raw
				     * send's line may hold a bare LF or CR */
	long attach_octets;         /* > 0: an attachment of this size */
	int port;                   /* 25 or 587 */
	int auth;                   /* AUTH PLAIN with the sender's login */
	int raw;                    /* the client sends bare LF and CR as they are */
	int tls;                    /* TLS required: STARTTLS (587, 25) or implicit (465) */
	int pipelining;             /* RFC 2920: MAIL, RCPT..., DATA in one write */
} agent_send_t;

typedef struct agent_check {
	const char *login;
	const char *password;       /* NULL: the right one */
	int keep, uidl, rset, drop_before_quit;
	int top_lines;              /* -1: none */
	int tls;                    /* TLS required: STLS on 110, implicit on 995 */
	int port;                   /* 0: 110, or 995 with tls */
} agent_check_t;

typedef struct agents agents_t;

agents_t *agents_new(world_t *w);
void agents_free(agents_t *a);
/* Start now (the caller schedules). The specs are copied. */
void agents_send(agents_t *a, const agent_send_t *spec);
void agents_check(agents_t *a, const agent_check_t *spec);
/* Compose the RFC 5322 message a send would submit (for tests and the inspector). */
void agents_compose(world_t *w, const agent_send_t *spec, uint32_t serial, strbuf_t *out);

#endif
