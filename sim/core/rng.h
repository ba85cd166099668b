/* rng.h — the one PRNG of a run (splitmix64), seeded by the scenario / --seed.
 * Nothing in sim/ reads the wall clock or another source of randomness. */
#ifndef MP_RNG_H
#define MP_RNG_H

#include <stdint.h>

typedef struct rng {
	uint64_t state;
} rng_t;

void rng_seed(rng_t *r, uint64_t seed);
uint64_t rng_next(rng_t *r);
uint32_t rng_below(rng_t *r, uint32_t n);   /* uniform in [0, n); n > 0 */

#endif
