/* fuzz_scenario_world.c — the scenario parser fed arbitrary text; a scenario that
 * parses is run to its end (twice, when small) and rendered as text and as
 * JSON Lines.
 *
 * Properties: the parser returns a scenario exactly when it reports no
 * error; every error is one "fuzz.scn:LINE:COL: message" line with LINE and
 * COL >= 1 (scenarios/README.md); a run never fails more expectations than
 * the scenario has; the same scenario gives a byte-identical trace
 * (DESIGN.md: a run is a pure function of its inputs). */
#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export/render.h"
#include "run/run.h"
#include "run/scenario.h"

/* Run the scenario; the trace rendered as text and JSON Lines. */
static char *run_render(const scenario_t *sc, size_t *len)
{
	run_opts_t opts = { .seed = 7, .has_seed = 1 };
	run_t *r = run_new(sc, &opts);
	int failed = run_to_end(r);
	FUZZ_CHECK(failed >= 0 && (size_t)failed <= sc->nexpects, "%d of %zu expectations failed", failed,
		   sc->nexpects);
	char *buf = NULL;
	FILE *out = open_memstream(&buf, len);
	FUZZ_CHECK(out != NULL, "open_memstream");
	render_text(run_trace(r), sc, out);
	render_json(run_trace(r), out);
	fclose(out);
	run_free(r);
	return buf;
}

/* Runs that are slow by design (a 12 MB attachment) are not worth fuzzing. */
static int cheap(const scenario_t *sc)
{
	long octets = 0;
	for (size_t i = 0; i < sc->nsends; i++)
		octets += sc->sends[i].attach_octets;
	for (size_t i = 0; i < sc->nfaults; i++)
		if (sc->faults[i].kind == FAULT_SIZE_EXCEEDED)
			return 0;
	return octets <= 256 * 1024 && sc->nsends + sc->nchecks <= 16;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	strbuf_t errors = STRBUF_INIT;
	scenario_t *sc = scenario_parse("fuzz.scn", (const char *)data, size, &errors);
	FUZZ_CHECK((sc == NULL) == (errors.len > 0), "parsed: %s, %zu octets of errors", sc ? "yes" : "no",
		   errors.len);
	fuzz_check_scenario_errors("fuzz.scn", &errors);
	if (sc && cheap(sc)) {
		size_t len1, len2;
		char *one = run_render(sc, &len1);
		if (size <= 1024) {
			char *two = run_render(sc, &len2);
			FUZZ_CHECK(len1 == len2 && !memcmp(one, two, len1), "two runs of the same scenario differ");
			free(two);
		}
		free(one);
	}
	scenario_free(sc);
	sb_free(&errors);
	return 0;
}
