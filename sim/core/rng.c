/* rng.c — splitmix64 (Steele, Lea, Flood 2014): small, fast, and the same
 * sequence on every machine for a given seed. */
#include "core/rng.h"

void rng_seed(rng_t *r, uint64_t seed)
{
	r->state = seed;
}

uint64_t rng_next(rng_t *r)
{
	uint64_t z = (r->state += 0x9E3779B97F4A7C15ULL);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

uint32_t rng_below(rng_t *r, uint32_t n)
{
	/* Lemire's multiply-shift; the tiny bias is irrelevant here. */
	return (uint32_t)(((rng_next(r) >> 32) * (uint64_t)n) >> 32);
}
