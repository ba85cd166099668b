/* fuzz_scenario.c — the scenario parser fed arbitrary text, nothing else: no
 * run, so each input costs only the parsing (>= 10,000 executions per second
 * under ASan; README.md). A scenario that parses is run and rendered by
 * scenario_world (slower), which checks that two runs are identical.
 *
 * Properties: the parser returns a scenario exactly when it reports no
 * error; every error is one "fuzz.scn:LINE:COL: message" line with LINE and
 * COL >= 1 (scenarios/README.md) and LINE within the file. */
#include "fuzz.h"

#include <stdlib.h>
#include <string.h>

#include "run/scenario.h"

/* Every error's LINE is at most the number of lines of the text. */
static void check_lines(const strbuf_t *errors, const uint8_t *data, size_t size)
{
	long lines = 1;
	for (size_t i = 0; i < size; i++)
		lines += data[i] == '\n';
	const char *p = errors->buf ? errors->buf : "";
	const char *end = p + errors->len;
	while (p < end) {
		long line = strtol(p + strlen("fuzz.scn:"), NULL, 10);
		FUZZ_CHECK(line <= lines, "an error at line %ld of a text of %ld lines", line, lines);
		p = (const char *)memchr(p, '\n', (size_t)(end - p)) + 1;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	strbuf_t errors = STRBUF_INIT;
	scenario_t *sc = scenario_parse("fuzz.scn", (const char *)data, size, &errors);
	FUZZ_CHECK((sc == NULL) == (errors.len > 0), "parsed: %s, %zu octets of errors", sc ? "yes" : "no",
		   errors.len);
	fuzz_check_scenario_errors("fuzz.scn", &errors);
	check_lines(&errors, data, size);
	scenario_free(sc);
	sb_free(&errors);
	return 0;
}
