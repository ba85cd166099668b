/* pop3_service.h — a POP3 server host: sessions of sim/pop3_server on a
 * transport (a simulated connection or a real socket), traced line by line.
 * Hop 5a covers login and retrieval; from the first DELE, RSET or QUIT in
 * TRANSACTION on, the session is hop 5b (removing what was downloaded). */
#ifndef MP_POP3_SERVICE_H
#define MP_POP3_SERVICE_H

#include <stddef.h>
#include <stdint.h>

#include "pop3/mailbox.h"
#include "core/transport.h"
#include "world/world.h"

typedef struct pop3_service pop3_service_t;
typedef struct pop3_session pop3_session_t;

pop3_service_t *pop3_service_new(world_t *w, node_t *node, const char *hostname, mailstore_t *store);
void pop3_service_free(pop3_service_t *svc);
void pop3_service_listen(pop3_service_t *svc, int port);
/* The state the last finished session ended in: "UPDATE", "TRANSACTION",
 * "AUTHORIZATION", or "" when no session has ended. */
const char *pop3_service_last_end(const pop3_service_t *svc);
/* The name in its (simulated) certificate; NULL: its host name. */
void pop3_service_set_cert_name(pop3_service_t *svc, const char *name);

pop3_session_t *pop3_session_new(pop3_service_t *svc, const transport_t *tr, const char *peer_name,
				 hop_t hop, uint32_t session);
/* The same, on a connection that began inside TLS (RFC 8314: port 995). */
pop3_session_t *pop3_session_new_tls(pop3_service_t *svc, const transport_t *tr, const char *peer_name,
				     hop_t hop, uint32_t session);
void pop3_session_start(pop3_session_t *s);   /* the +OK greeting */
void pop3_session_input(pop3_session_t *s, const char *p, size_t n);
void pop3_session_lost(pop3_session_t *s);   /* connection lost or autologout */
int pop3_session_done(const pop3_session_t *s);
void pop3_session_free(pop3_session_t *s);

#endif
