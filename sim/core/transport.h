/* transport.h — how a protocol session sends bytes, whatever carries them: a
 * connection of the simulated network, or a real TCP socket in `serve`. */
#ifndef MP_TRANSPORT_H
#define MP_TRANSPORT_H

#include <stddef.h>

typedef struct transport {
	void (*send)(void *tctx, const char *p, size_t n);
	void (*close)(void *tctx);     /* orderly close after what was sent */
	/* Switch to TLS now: everything sent so far went in clear (the 220 to
	 * STARTTLS, the +OK to STLS); the next bytes either way are TLS. The
	 * session says so after its reply was sent; the transport does the
	 * handshake (simulated in the world, OpenSSL in serve). NULL: no TLS. */
	void (*starttls)(void *tctx);
	void *tctx;
	/* The connection breaks now: what was not yet delivered is lost (the
	 * drop-after-dot fault). NULL where a transport cannot (a real socket). */
	void (*abort)(void *tctx, const char *why);
} transport_t;

#endif
