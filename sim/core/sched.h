/* sched.h — the discrete-event scheduler and virtual clock.
 *
 * Time is integer microseconds of simulated time. Events are ordered by
 * (time, sequence number): ties run in the order they were scheduled (FIFO).
 * An event scheduled while another is being dispatched is queued, never run
 * recursively. Cancelling is lazy: the entry stays in the heap, marked dead. */
#ifndef MP_SCHED_H
#define MP_SCHED_H

#include <stddef.h>
#include <stdint.h>

#define SCHED_FOREVER INT64_MAX
#define SCHED_US(s) ((int64_t)(s) * 1000000)
#define SCHED_MS(ms) ((int64_t)(ms) * 1000)

typedef struct sched sched_t;
typedef void (*sched_fn)(void *arg);
typedef uint64_t sched_handle_t;    /* 0 is never a valid handle */

sched_t *sched_new(void);
void sched_free(sched_t *s);

int64_t sched_now(const sched_t *s);
/* Schedule fn(arg) at absolute time at_us (a time in the past means now). */
sched_handle_t sched_at(sched_t *s, int64_t at_us, sched_fn fn, void *arg);
sched_handle_t sched_after(sched_t *s, int64_t delay_us, sched_fn fn, void *arg);
/* Returns 1 when the event was still pending, 0 otherwise (ran, cancelled, unknown). */
int sched_cancel(sched_t *s, sched_handle_t h);

/* Run events whose time is <= until_us, at most max_events of them (0 = no
 * limit). Returns how many ran. When it stops because no event is due by
 * until_us and until_us != SCHED_FOREVER, the clock advances to until_us. */
size_t sched_run(sched_t *s, int64_t until_us, size_t max_events);
#define sched_run_idle(s) sched_run((s), SCHED_FOREVER, 0)
#define sched_run_n(s, n) sched_run((s), SCHED_FOREVER, (n))

size_t sched_pending(const sched_t *s);          /* live (not cancelled) events */
int64_t sched_next_time(const sched_t *s);       /* -1 when nothing is pending */

#endif
