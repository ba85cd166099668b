/* bench.c — `make bench`: the speed and memory targets, measured (never in
 * timed unit tests). Each bundled scenario is run headless REPEAT times;
 * targets: a run takes well under a second (here: < 200 ms each, median of
 * the repeats), and the process stays under 128 MB of resident memory. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "run/run.h"
#include "run/scenario.h"

#define REPEAT 5
#define TARGET_MS 200.0
#define TARGET_RSS_MB 128.0

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

int main(void)
{
	int bad = 0;
	double total = 0;
	printf("%-20s %8s %10s %12s\n", "scenario", "events", "median ms", "events/s");
	for (size_t k = 0; k < scenario_bundled_count(); k++) {
		strbuf_t err = STRBUF_INIT;
		scenario_t *sc = scenario_load(scenario_bundled_name(k), &err);
		sb_free(&err);
		if (!sc) {
			printf("%s: does not load\n", scenario_bundled_name(k));
			bad = 1;
			continue;
		}
		double ms[REPEAT];
		size_t events = 0;
		for (int i = 0; i < REPEAT; i++) {
			double t0 = now_ms();
			run_t *r = run_new(sc, NULL);
			run_to_end(r);
			ms[i] = now_ms() - t0;
			events = trace_count(run_trace(r));
			run_free(r);
		}
		qsort(ms, REPEAT, sizeof ms[0], cmp);
		double med = ms[REPEAT / 2];
		total += med;
		printf("%-20s %8zu %10.2f %12.0f%s\n", sc->name, events, med, events / (med / 1000.0),
		       med > TARGET_MS ? "  OVER TARGET" : "");
		bad |= med > TARGET_MS;
		scenario_free(sc);
	}
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	double rss = ru.ru_maxrss / 1024.0;
	printf("all scenarios: %.1f ms (medians); peak RSS %.1f MB (target < %.0f MB)%s\n", total, rss,
	       TARGET_RSS_MB, rss > TARGET_RSS_MB ? "  OVER TARGET" : "");
	bad |= rss > TARGET_RSS_MB;
	printf("bench: %s\n", bad ? "a target was missed" : "every target met");
	return bad;
}
