/* tls_sim.h — the simulated TLS handshake (no cryptography), one step per
 * function, each traced where it is received as an EV_TLS event:
 *
 *   client                          server
 *   tls_sim_client_hello  ------->  tls_sim_server_hello   ("ClientHello")
 *   tls_sim_client_flight <-------  (ServerHello, certificate, Finished)
 *        checks the certificate's name (or not: opportunistic TLS)
 *        Finished          ------->  tls_sim_server_finished ("Finished")
 *
 * From tls_sim_server_hello on, what the server sends crosses the wire as
 * TLS records; from tls_sim_client_flight on, what the client sends. The
 * sessions above go on as before and mark their lines `tls`. */
#ifndef MP_TLS_SIM_H
#define MP_TLS_SIM_H

#include "core/net.h"
#include "world/world.h"

/* The client starts: sni is the name it wants (the host it connected to). */
void tls_sim_client_hello(world_t *w, conn_t *c, const char *sni);
/* The server answers a ClientHello with its certificate (cert_name). */
void tls_sim_server_hello(world_t *w, conn_t *c, const char *sni, const char *cert_name);
/* The client got the server's flight. verify: a name that is not `expected`
 * makes it refuse (an alert; returns -1, the caller gives up and closes);
 * without verify it carries on, and the trace says that it did not check.
 * Returns 0 when the client sent its Finished. */
int tls_sim_client_flight(world_t *w, conn_t *c, const char *cert_name, const char *expected, int verify);
/* The server got the client's Finished: the handshake is complete. */
void tls_sim_server_finished(world_t *w, conn_t *c);

#endif
