/* cli_run.c — `mailpath run`: a headless run, the narrated transcript (or
 * JSON Lines, a sequence chart, a Mermaid diagram, a Markdown handout, a
 * web page) on
 * stdout, and with --pcap a capture of the simulated network; exit 0 when
 * the expectations hold, 1 when one fails, 2 on usage or scenario errors. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "run/fault.h"
#include "export/pcap.h"
#include "export/render.h"
#include "lesson/eavesdrop.h"
#include "run/run.h"
#include "run/scenario.h"
#include "core/util.h"
#include "world/world.h"

#define CLI_FAULTS_MAX 32

typedef struct format {
	const char *name;
	void (*render)(const trace_t *t, const scenario_t *sc, FILE *out);   /* NULL: text or json */
} format_t;

static const format_t formats[] = {
	{ .name = "text" },
	{ .name = "json" },
	{ .name = "msc", .render = render_msc },
	{ .name = "mermaid", .render = render_mermaid },
	{ .name = "markdown", .render = render_markdown },
	{ .name = "html", .render = render_html },
};

static const format_t *find_format(const char *name)
{
	for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++)
		if (strcmp(formats[i].name, name) == 0)
			return &formats[i];
	return NULL;
}

static int run_usage(void)
{
	puts("Usage: mailpath run SCENARIO [--format FORMAT] [--seed N] [--fault SPEC]... [--pcap FILE]\n"
	     "                    [--eavesdrop LINK]\n\n"
	     "Run a scenario headless and print what happened: every SMTP and POP3 line,\n"
	     "every state change, DNS lookup, queue decision and delivery, with the\n"
	     "teaching notes. SCENARIO is a bundled name (see 'mailpath list') or a file.\n\n"
	     "  --format FORMAT     text: the narrated transcript (default)\n"
	     "                      json: JSON Lines with t, hop, kind, from, to, text\n"
	     "                            (and proto, session, explain)\n"
	     "                      msc: an ASCII sequence chart, one lifeline per host\n"
	     "                      mermaid: the same as a Mermaid sequenceDiagram\n"
	     "                      markdown: the annotated transcript as a handout\n"
	     "                      html: one self-contained web page that steps through\n"
	     "                            the run like the terminal UI (#event=N opens event N)\n"
	     "  --seed N            the seed of the run's PRNG (default: the scenario's, or 1)\n"
	     "  --fault SPEC        inject a fault: NAME, or NAME@TIME (e.g. greylist,\n"
	     "                      corp-down@2s); may be repeated\n"
	     "  --pcap FILE         also write every simulated packet to FILE (libpcap,\n"
	     "                      IPv4): SMTP on port 25, POP3 on 110, DNS on 53, for\n"
	     "                      Wireshark or tshark -r FILE (TLS as TLS records)\n"
	     "  --eavesdrop LINK    instead of the transcript, what a passive observer on\n"
	     "                      LINK (2-3, 3-4, 4-5 or 3-dns) captured, one line per\n"
	     "                      segment, then the secrets it read in clear (TLS in the\n"
	     "                      world is simulated)\n\n"
	     "Exit status: 0 the expectations hold, 1 one failed, 2 usage or scenario error.\n");
	cli_print_faults();
	return 0;
}

static int parse_seed(const char *v, uint64_t *out)
{
	char *end;
	if (!v[0] || v[0] == '-')
		return -1;
	unsigned long long n = strtoull(v, &end, 10);
	if (*end)
		return -1;
	*out = n;
	return 0;
}

int cli_run(int argc, char **argv)
{
	const char *scenario = NULL, *pcap_path = NULL;
	observe_link_t link;
	int eavesdrop = 0;
	const format_t *format = &formats[0];
	fault_t faults[CLI_FAULTS_MAX];
	run_opts_t opts = { .faults = faults };
	for (int i = 0; i < argc; i++) {
		int m;
		const char *v;
		if (cli_is_help(argv[i]))
			return run_usage();
		if (cli_is_version(argv[i]))
			return cli_version();
		if ((v = cli_opt_value("run", "--format", argc, argv, &i, &m)) || m) {
			if (!v)
				return 2;
			if (!(format = find_format(v)))
				return cli_usage_error("run", "unknown format '%s' (text, json, msc, mermaid, markdown or html)",
						       v);
		} else if ((v = cli_opt_value("run", "--seed", argc, argv, &i, &m)) || m) {
			if (!v)
				return 2;
			if (parse_seed(v, &opts.seed) != 0)
				return cli_usage_error("run", "--seed wants a non-negative number, not '%s'", v);
			opts.has_seed = 1;
		} else if ((v = cli_opt_value("run", "--fault", argc, argv, &i, &m)) || m) {
			char err[200];
			if (!v)
				return 2;
			if (opts.nfaults >= CLI_FAULTS_MAX)
				return cli_usage_error("run", "%s", "too many --fault options");
			if (fault_parse(v, &faults[opts.nfaults], err, sizeof err) != 0)
				return cli_usage_error("run", "%s", err);
			opts.nfaults++;
		} else if ((v = cli_opt_value("run", "--pcap", argc, argv, &i, &m)) || m) {
			if (!v)
				return 2;
			pcap_path = v;
		} else if ((v = cli_opt_value("run", "--eavesdrop", argc, argv, &i, &m)) || m) {
			if (!v)
				return 2;
			if (observe_link_parse(v, &link) != 0)
				return cli_usage_error("run", "--eavesdrop wants a link: 2-3, 3-4, 4-5 or 3-dns, not '%s'", v);
			eavesdrop = 1;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			return cli_usage_error("run", "unknown option '%s'", argv[i]);
		} else if (scenario) {
			return cli_usage_error("run", "one scenario at a time ('%s' is extra)", argv[i]);
		} else {
			scenario = argv[i];
		}
	}
	if (!scenario)
		return cli_usage_error("run", "%s", "which scenario? (see 'mailpath list')");
	scenario_t *sc = cli_load_scenario(scenario);
	if (!sc)
		return 2;
	run_t *r = run_new(sc, &opts);
	pcap_writer_t *pw = NULL;
	if (pcap_path) {
		char err[600];
		world_t *w = run_world(r);
		if (!(pw = pcap_open(pcap_path, w->epoch, err, sizeof err))) {
			fprintf(stderr, "mailpath run: %s\n", err);
			run_free(r);
			scenario_free(sc);
			return 2;
		}
		pcap_attach(pw, w->net, w->dns);
	}
	int failed = run_to_end(r);
	if (getenv("MP_DEBUG_MEM")) fprintf(stderr, "trace bytes %zu events %zu views %zu\n", trace_bytes(run_trace(r)), trace_count(run_trace(r)), trace_view_count(run_trace(r)));
	int capture_failed = pw && pcap_close(pw) != 0;
	if (capture_failed)
		fprintf(stderr, "mailpath run: %s: could not write the capture\n", pcap_path);
	if (eavesdrop) {
		eaves_t *e = eaves_new(run_world(r), run_trace(r), link);
		eaves_print(e, stdout);
		eaves_free(e);
	} else if (format->render) {
		format->render(run_trace(r), sc, stdout);
	} else if (!strcmp(format->name, "json")) {
		render_json(run_trace(r), stdout);
	} else {
		render_text(run_trace(r), sc, stdout);
		printf("\n%zu expectation%s, %d failed\n", sc->nexpects, sc->nexpects == 1 ? "" : "s", failed);
	}
	/* Which expectations failed, and why, on stderr as FILE:LINE: lines. */
	for (const char *p = run_report(r); failed && *p;) {
		size_t n = strcspn(p, "\n");
		if (strncmp(p, "held: ", 6) != 0)
			fprintf(stderr, "%.*s\n", (int)n, p);
		p += n + (p[n] == '\n');
	}
	fflush(stdout);
	run_free(r);
	scenario_free(sc);
	return capture_failed ? 2 : failed ? 1 : 0;
}
