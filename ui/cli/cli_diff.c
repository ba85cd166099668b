/* cli_diff.c — `mailpath diff LEFT RIGHT`: two runs side by side ("what
 * if?"). LEFT and RIGHT are SCENARIO[+FAULT[@TIME]]...: a bundled name or a
 * file, with faults appended. Exit as diff(1): 0 alike, 1 different,
 * 2 usage or scenario error. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "lesson/diff.h"
#include "run/fault.h"
#include "run/run.h"
#include "run/scenario.h"
#include "core/util.h"

#define DIFF_FAULTS_MAX 32

typedef struct side {
	scenario_t *sc;
	fault_t faults[DIFF_FAULTS_MAX];
	run_t *run;
} side_t;

static int diff_usage(void)
{
	puts("Usage: mailpath diff LEFT RIGHT [--seed N] [--format text|json]\n\n"
	     "Run two variants of a story and show what changes, as diff(1) does: the\n"
	     "events alike in both are folded, '-' lines happen only on the left, '+'\n"
	     "lines only on the right, '=' lines in both (with the right's time when it\n"
	     "differs); then what differs in the outcome: deliveries and when, bounces,\n"
	     "mailbox counts, the queue at the end, the replies seen, the last POP3 state.\n\n"
	     "LEFT and RIGHT are SCENARIO[+FAULT[@TIME]]...: a bundled scenario or a file,\n"
	     "with faults appended, e.g. default, default+greylist,\n"
	     "default+corp-down@2s+dns-servfail.\n\n"
	     "  --seed N            the seed of both runs (default: each scenario's, or 1)\n"
	     "  --format FORMAT     text (default), or json: JSON Lines, one object per\n"
	     "                      line shown (op =, -, + or fold with count; left and\n"
	     "                      right as in 'run --format json', or null), then one\n"
	     "                      object with the outcome\n\n"
	     "Exit status: 0 the runs are alike, 1 they differ, 2 usage or scenario error.\n");
	cli_print_faults();
	return 0;
}

static int seed_of(const char *v, uint64_t *out)
{
	char *end;
	if (!v[0] || v[0] == '-')
		return -1;
	*out = strtoull(v, &end, 10);
	return *end ? -1 : 0;
}

/* SCENARIO[+FAULT[@TIME]]...; a file whose name holds '+' is taken whole. */
static int side_load(side_t *s, const char *spec, const run_opts_t *base)
{
	run_opts_t opts = *base;
	opts.faults = s->faults;
	char *copy = xstrdup(spec);
	char *plus = access(spec, R_OK) == 0 ? NULL : strchr(copy, '+');
	if (plus)
		*plus = '\0';
	if (!copy[0]) {
		free(copy);
		return cli_usage_error("diff", "'%s': which scenario?", spec);
	}
	for (char *f = plus ? plus + 1 : NULL; f;) {
		char *next = strchr(f, '+'), err[200];
		if (next)
			*next = '\0';
		if (opts.nfaults >= DIFF_FAULTS_MAX) {
			free(copy);
			return cli_usage_error("diff", "'%s': too many faults", spec);
		}
		if (fault_parse(f, &s->faults[opts.nfaults], err, sizeof err) != 0) {
			free(copy);
			return cli_usage_error("diff", "'%s': %s", spec, err);
		}
		opts.nfaults++;
		f = next ? next + 1 : NULL;
	}
	s->sc = cli_load_scenario(copy);
	free(copy);
	if (!s->sc)
		return 2;
	s->run = run_new(s->sc, &opts);
	run_to_end(s->run);
	return 0;
}

static void side_free(side_t *s)
{
	run_free(s->run);
	scenario_free(s->sc);
}

int cli_diff(int argc, char **argv)
{
	const char *spec[2] = { NULL, NULL };
	int json = 0;
	run_opts_t opts = { 0 };
	for (int i = 0; i < argc; i++) {
		int m;
		const char *v;
		if (cli_is_help(argv[i]))
			return diff_usage();
		if (cli_is_version(argv[i]))
			return cli_version();
		if ((v = cli_opt_value("diff", "--format", argc, argv, &i, &m)) || m) {
			if (!v)
				return 2;
			if (strcmp(v, "text") != 0 && strcmp(v, "json") != 0)
				return cli_usage_error("diff", "unknown format '%s' (text or json)", v);
			json = strcmp(v, "json") == 0;
		} else if ((v = cli_opt_value("diff", "--seed", argc, argv, &i, &m)) || m) {
			if (!v)
				return 2;
			if (seed_of(v, &opts.seed) != 0)
				return cli_usage_error("diff", "--seed wants a non-negative number, not '%s'", v);
			opts.has_seed = 1;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			return cli_usage_error("diff", "unknown option '%s'", argv[i]);
		} else if (spec[1]) {
			return cli_usage_error("diff", "two runs to compare, not more ('%s' is extra)", argv[i]);
		} else {
			spec[spec[0] ? 1 : 0] = argv[i];
		}
	}
	if (!spec[1])
		return cli_usage_error("diff", "%s", "diff wants two runs: LEFT RIGHT (e.g. default default+greylist)");
	side_t s[2];
	memset(s, 0, sizeof s);
	int rc = side_load(&s[0], spec[0], &opts);
	if (rc == 0)
		rc = side_load(&s[1], spec[1], &opts);
	if (rc != 0) {
		side_free(&s[0]);
		side_free(&s[1]);
		return rc;
	}
	diff_t *d = diff_new(run_trace(s[0].run), run_trace(s[1].run));
	if (json)
		diff_print_json(d, spec[0], spec[1], stdout);
	else
		diff_print_text(d, spec[0], spec[1], stdout);
	rc = diff_alike(d) ? 0 : 1;
	fflush(stdout);
	diff_free(d);
	side_free(&s[0]);
	side_free(&s[1]);
	return rc;
}
