/* run.h — one run of a scenario: builds the world the scenario describes,
 * schedules its sends, mail checks, faults and notes, runs the simulator and
 * checks the expectations. A run is a pure function of (scenario, seed,
 * faults with their times): the same inputs give a byte-identical trace. */
#ifndef MP_RUN_H
#define MP_RUN_H

#include <stddef.h>
#include <stdint.h>

#include "run/fault.h"
#include "run/scenario.h"
#include "core/trace.h"
#include "core/util.h"

typedef struct run_opts {
	uint64_t seed;              /* used when has_seed; else the scenario's, else 1 */
	int has_seed;
	const fault_t *faults;      /* extra faults (command line, UI fault menu) */
	size_t nfaults;
	int world_only;             /* serve: the scenario only shapes the world; its
	                               sends, mail checks and notes do not run */
} run_opts_t;

typedef struct run run_t;

/* The scenario must outlive the run. */
run_t *run_new(const scenario_t *sc, const run_opts_t *opts);
void run_free(run_t *r);
/* Run until nothing is left to happen (bounded in simulated time), then check
 * the expectations (traced as EV_EXPECT events). Returns how many failed. */
int run_to_end(run_t *r);
const trace_t *run_trace(const run_t *r);
const scenario_t *run_scenario(const run_t *r);
struct world *run_world(run_t *r);
/* One line per expectation, "held: ..." or "FAILED: ... (why)". */
const char *run_report(const run_t *r);

#endif
