/* bench.c — `make bench`: the speed and memory targets, measured (never in
 * timed unit tests).
 *
 *   bench            each bundled scenario is run headless REPEAT times;
 *                    targets: a run takes well under a second (here: < 200 ms
 *                    each, median of the repeats), and the process stays
 *                    under 128 MB of resident memory.
 *   bench scale N    one headless run of N messages to boss and one POP3
 *                    check (scale_scenario below); prints one line
 *                    "scale N EVENTS DELIVERED WALL_S CPU_S RSS_MB" (CPU:
 *                    user + system of the run, steadier on a busy machine), or
 *                    "scale N error MESSAGE" when the scenario cannot be
 *                    written. tests/bench/headless.sh runs it under a time
 *                    bound and makes the table's rows.
 *   bench scn N      prints that scenario (for the UI figures). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "run/run.h"
#include "run/scenario.h"
#include "core/trace.h"
#include "core/util.h"

#define REPEAT 5
#define TARGET_MS 200.0
#define TARGET_RSS_MB 128.0
#define VOLUME_MIN 1000L      /* more generated messages: a volume lesson */

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static double cpu_s(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + (double)ru.ru_stime.tv_sec +
	       ru.ru_stime.tv_usec / 1e6;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* Hand-written lines up to this many sends (the language's cap on items). */
#define HAND_MAX 1000

/* The scenario of the headless figures, the one place that writes it: n
 * messages to boss, all submitted at 0s, and one POP3 check once they are
 * delivered. Beyond HAND_MAX sends it uses the volume syntax
 * (scenarios/README.md, "Volume": send ... repeat N). */
static void scale_scenario(long n, strbuf_t *out)
{
	sb_printf(out, "title \"bench: %ld messages\"\n", n);
	if (n <= HAND_MAX) {
		for (long i = 1; i <= n; i++)
			sb_printf(out, "send to boss@corp.example subject \"m%ld\"\n", i);
	} else {
		sb_printf(out, "send to boss@corp.example subject \"m\" repeat %ld\n", n);
	}
	sb_puts(out, "at 1d check boss\n");
}

static int scale(long n)
{
	strbuf_t text = STRBUF_INIT, err = STRBUF_INIT;
	scale_scenario(n, &text);
	scenario_t *sc = scenario_parse("bench.scn", text.buf, text.len, &err);
	if (!sc) {
		const char *e = sb_str(&err);
		printf("scale %ld error %.*s\n", n, (int)strcspn(e, "\n"), e);
		sb_free(&text);
		sb_free(&err);
		return 1;
	}
	double t0 = now_ms(), c0 = cpu_s();
	run_t *r = run_new(sc, NULL);
	run_to_end(r);
	double ms = now_ms() - t0, cpu = cpu_s() - c0;
	const trace_t *t = run_trace(r);
	size_t events = trace_count(t), delivered = 0;
	for (size_t i = 0; i < events; i++)
		delivered += trace_get(t, i)->kind == EV_DELIVER;
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	printf("scale %ld %zu %zu %.3f %.3f %.1f\n", n, events, delivered, ms / 1000.0, cpu,
	       ru.ru_maxrss / 1024.0);
	run_free(r);
	scenario_free(sc);
	sb_free(&text);
	sb_free(&err);
	return 0;
}

static int bundled(void)
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
		if (sc->generated > VOLUME_MIN) {   /* measured apart, below */
			scenario_free(sc);
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
	/* A volume lesson (outage-backlog: 20,000 messages) once, after the
	 * others, so that its memory does not count in theirs. */
	for (size_t k = 0; k < scenario_bundled_count(); k++) {
		strbuf_t err = STRBUF_INIT;
		scenario_t *sc = scenario_load(scenario_bundled_name(k), &err);
		sb_free(&err);
		if (sc && sc->generated > VOLUME_MIN) {
			double t0 = now_ms(), c0 = cpu_s();
			run_t *r = run_new(sc, NULL);
			int rc = run_to_end(r);
			double ms = now_ms() - t0, cpu = cpu_s() - c0;
			size_t events = trace_count(run_trace(r));
			run_free(r);
			printf("volume lesson %s: %ld messages, %zu events, %.0f ms wall, %.2f s CPU, %.0f events/s%s\n",
			       sc->name, sc->generated, events, ms, cpu, events / (cpu > 0 ? cpu : 1e-9),
			       rc ? ", an expectation failed" : "");
			bad |= rc != 0;
		}
		scenario_free(sc);
	}
	printf("bench: %s\n", bad ? "a target was missed" : "every target met");
	return bad;
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "scale"))
		return scale(atol(argv[2]));
	if (argc == 3 && !strcmp(argv[1], "scn")) {
		strbuf_t text = STRBUF_INIT;
		scale_scenario(atol(argv[2]), &text);
		fwrite(text.buf, 1, text.len, stdout);
		sb_free(&text);
		return 0;
	}
	if (argc != 1) {
		fprintf(stderr, "usage: bench [scale N | scn N]\n");
		return 2;
	}
	return bundled();
}
