/* cli.c — shared option handling and the small subcommands: play, list,
 * check, explain. */
#include "cli/cli.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "teach/explain.h"
#include "lesson/quiz.h"
#include "run/fault.h"
#include "run/run.h"
#include "run/scenario.h"
#include "serve/serve.h"
#include "tui/ui.h"
#include "core/util.h"

int cli_is_help(const char *arg)
{
	return !strcmp(arg, "--help") || !strcmp(arg, "-h");
}

int cli_is_version(const char *arg)
{
	return !strcmp(arg, "--version") || !strcmp(arg, "-V");
}

int cli_version(void)
{
	puts("mailpath " MAILPATH_VERSION);
	return 0;
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "mailpath %s: ", cmd);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'mailpath %s --help'.\n", cmd);
	return 2;
}

const char *cli_opt_value(const char *cmd, const char *name, int argc, char **argv, int *i, int *matched)
{
	const char *a = argv[*i];
	size_t n = strlen(name);
	*matched = 0;
	if (strncmp(a, name, n) != 0 || (a[n] != '\0' && a[n] != '='))
		return NULL;
	*matched = 1;
	if (a[n] == '=')
		return a + n + 1;
	if (*i + 1 >= argc) {
		cli_usage_error(cmd, "option '%s' needs a value", name);
		return NULL;
	}
	return argv[++*i];
}

void cli_print_faults(void)
{
	puts("Faults (--fault NAME or NAME@TIME, e.g. greylist, corp-down@2s):");
	for (int k = 0; k < FAULT__COUNT; k++)
		printf("  %-18s %s\n", fault_name((fault_kind_t)k), fault_summary((fault_kind_t)k));
}

scenario_t *cli_load_scenario(const char *path_or_name)
{
	strbuf_t errors = STRBUF_INIT;
	scenario_t *sc = scenario_load(path_or_name, &errors);
	if (!sc)
		fputs(sb_str(&errors), stderr);
	sb_free(&errors);
	return sc;
}

/* ---- play ------------------------------------------------------------ */

int cli_play(int argc, char **argv)
{
	const char *scenario = "default";
	int nargs = 0, quiz = -1;
	for (int i = 0; i < argc; i++) {
		if (cli_is_help(argv[i])) {
			puts("Usage: mailpath play [--quiz [all|replies|states|key]] [SCENARIO]\n\n"
			     "The animated path in the terminal: step through every SMTP command and\n"
			     "POP3 state, forward and back, and inject faults. SCENARIO is a bundled\n"
			     "name (see 'mailpath list') or a .scn file; default: the seed's story.\n"
			     "Keys: Space play/pause, n/Right/PgDn step, p/Left/PgUp back, ? help, q quit.\n\n"
			     "  --quiz [MODE]   predict, then see: the story stops before each answer and\n"
			     "                  asks it (a toggles the quiz). MODE as for 'mailpath quiz':\n"
			     "                  default key where the scenario marks moments, else replies.");
			return 0;
		}
		if (cli_is_version(argv[i]))
			return cli_version();
		if (!strcmp(argv[i], "--quiz") || !strncmp(argv[i], "--quiz=", 7)) {
			quiz_mode_t mode = QUIZ_MODE_DEFAULT;
			const char *v = argv[i][6] == '=' ? argv[i] + 7 : i + 1 < argc ? argv[i + 1] : NULL;
			if (v && quiz_mode_parse(v, &mode) == 0)
				i += argv[i][6] != '=';
			else if (argv[i][6] == '=')
				return cli_usage_error("play", "unknown quiz mode '%s' (all, replies, states or key)", v);
			quiz = (int)mode;
			continue;
		}
		if (argv[i][0] == '-' && argv[i][1])
			return cli_usage_error("play", "unknown option '%s'", argv[i]);
		if (nargs++)
			return cli_usage_error("play", "one scenario at a time ('%s' is extra)", argv[i]);
		scenario = argv[i];
	}
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "mailpath play: the animated UI needs a terminal; "
			"for a transcript try 'mailpath run %s'\n", scenario);
		return 2;
	}
	run_opts_t opts = { 0 };
	return ui_play_quiz(scenario, &opts, quiz);
}

/* ---- list ------------------------------------------------------------ */

int cli_list(int argc, char **argv)
{
	for (int i = 0; i < argc; i++) {
		if (cli_is_help(argv[i])) {
			puts("Usage: mailpath list\n\nThe bundled scenarios, one per line: NAME  TITLE.");
			return 0;
		}
		if (cli_is_version(argv[i]))
			return cli_version();
		if (argv[i][0] == '-' && argv[i][1])
			return cli_usage_error("list", "unknown option '%s'", argv[i]);
		return cli_usage_error("list", "unexpected argument '%s'", argv[i]);
	}
	size_t width = 0;
	for (size_t i = 0; i < scenario_bundled_count(); i++)
		if (strlen(scenario_bundled_name(i)) > width)
			width = strlen(scenario_bundled_name(i));
	for (size_t i = 0; i < scenario_bundled_count(); i++)
		printf("%-*s  %s\n", (int)width, scenario_bundled_name(i), scenario_bundled_title(i));
	return 0;
}

/* ---- check ----------------------------------------------------------- */

/* A graded question's answer and a key mark must agree with the run itself
 * (lesson/quiz.h): only scenarios that have them are run. */
static int check_answers(const scenario_t *sc, strbuf_t *errors)
{
	int graded = sc->nmarks > 0;
	for (size_t i = 0; i < sc->nnotes; i++)
		graded |= sc->notes[i].answer != SC_ANSWER_NONE;
	if (!graded)
		return 0;
	run_t *r = run_new(sc, NULL);
	run_to_end(r);
	int bad = quiz_validate(run_trace(r), sc, errors);
	run_free(r);
	return bad;
}

int cli_check(int argc, char **argv)
{
	int nfiles = 0, bad = 0;
	for (int i = 0; i < argc; i++) {
		if (cli_is_help(argv[i])) {
			puts("Usage: mailpath check FILE...\n\n"
			     "Validate scenario files. Prints nothing for a valid file and one line\n"
			     "FILE:LINE:COL: message per mistake. A lesson with graded questions or\n"
			     "key moments (quiz on) is also run, and an answer the run contradicts is a\n"
			     "mistake at its line. Exit 0 when all are valid, 2 otherwise.");
			return 0;
		}
		if (cli_is_version(argv[i]))
			return cli_version();
		if (argv[i][0] == '-' && argv[i][1])
			return cli_usage_error("check", "unknown option '%s'", argv[i]);
	}
	for (int i = 0; i < argc; i++) {
		nfiles++;
		/* The scenario module's own loader: the same reading and limits as `run`. */
		strbuf_t errors = STRBUF_INIT;
		scenario_t *sc = scenario_load(argv[i], &errors);
		if (!sc) {
			fputs(sb_str(&errors), stdout);
			bad = 1;
		} else if (check_answers(sc, &errors) > 0) {
			fputs(sb_str(&errors), stdout);
			bad = 1;
		}
		scenario_free(sc);
		sb_free(&errors);
	}
	if (!nfiles)
		return cli_usage_error("check", "%s", "no file given");
	return bad ? 2 : 0;
}

/* ---- explain --------------------------------------------------------- */

static void print_wrapped(const char *text, int indent)
{
	int col = 0;
	for (const char *p = text; *p;) {
		size_t n = strcspn(p, " ");
		if (col && col + (int)n > 76) {
			putchar('\n');
			col = 0;
		}
		if (!col)
			col = printf("%*s", indent, "");
		col += printf("%.*s", (int)n, p);
		p += n;
		while (*p == ' ') {
			p++;
			if (col)
				col += printf(" ");
		}
	}
	putchar('\n');
}

int cli_explain(int argc, char **argv)
{
	const char *topic = NULL;
	for (int i = 0; i < argc; i++) {
		if (cli_is_help(argv[i])) {
			puts("Usage: mailpath explain [TOPIC]\n\n"
			     "What a command, reply code, state or event means, with its RFC section:\n"
			     "  mailpath explain 354      mailpath explain RCPT     mailpath explain UPDATE\n"
			     "Without TOPIC, the list of topics. Exit 2 for an unknown topic.");
			return 0;
		}
		if (cli_is_version(argv[i]))
			return cli_version();
		if (argv[i][0] == '-' && argv[i][1])
			return cli_usage_error("explain", "unknown option '%s'", argv[i]);
		if (topic)
			return cli_usage_error("explain", "one topic at a time ('%s' is extra)", argv[i]);
		topic = argv[i];
	}
	if (!topic) {
		for (size_t i = 0; i < explain_count(); i++)
			printf("%-28s %s\n", explain_at(i)->key, explain_at(i)->title);
		return 0;
	}
	const explain_t *found[8];
	size_t n = explain_search(topic, found, 8);
	if (!n) {
		fprintf(stderr, "mailpath explain: unknown topic '%s' (see 'mailpath explain' for the list)\n", topic);
		return 2;
	}
	for (size_t i = 0; i < n && i < 8; i++) {
		printf("%s%s — %s\n\n", i ? "\n" : "", found[i]->key, found[i]->title);
		print_wrapped(found[i]->text, 2);
		printf("\n  %s\n", found[i]->rfc);
	}
	return 0;
}

/* ---- serve ---------------------------------------------------------- */

static int serve_usage(void)
{
	puts("Usage: mailpath serve [SCENARIO] [--smtp A:P] [--mx A:P] [--pop3 A:P] [--isp-pop3 A:P]\n"
	     "                      [--smtps A:P] [--pop3s A:P] [--tls-cert FILE --tls-key FILE]\n"
	     "                      [--tls-auth-only] [--headless] [--speed X] [--idle-timeout S]\n"
	     "                      [--fault SPEC]... [--pcap FILE] [--trace FILE] [--trace-window N]\n\n"
	     "Real SMTP and POP3 listeners in front of the simulated world: mail submitted\n"
	     "on --smtp travels the simulated path (MX lookup, relay 3->4, delivery) and\n"
	     "reaches the POP3 maildrop within seconds.\n\n"
	     "  --smtp A:P          the ISP SMTP host (default 127.0.0.1:2525); relays for\n"
	     "                      loopback clients and AUTH PLAIN/LOGIN users\n"
	     "  --mx A:P            the corporate SMTP host (default 127.0.0.1:2526)\n"
	     "  --pop3 A:P          the corporate POP3 server (default 127.0.0.1:1110)\n"
	     "  --isp-pop3 A:P      the ISP's POP3 server, Smith's mailbox (default 127.0.0.1:1111)\n"
	     "  --smtps A:P         the ISP SMTP host with implicit TLS (default 127.0.0.1:4465)\n"
	     "  --pop3s A:P         the corporate POP3 server with implicit TLS (default\n"
	     "                      127.0.0.1:1995)   (port 0 picks a free port)\n"
	     "  --tls-cert FILE     the certificate (PEM, with its chain) for TLS; default: a\n"
	     "  --tls-key FILE      fresh self-signed one, its SHA-256 printed at start-up\n"
	     "  --tls-auth-only     refuse AUTH, USER and PASS before TLS (530 5.7.0, -ERR)\n"
	     "  --headless          no UI: print the narrated trace; never reads the keyboard\n"
	     "  --speed X           simulated seconds per real second (default 30: a\n"
	     "                      5-minute queue retry happens 10 s later)\n"
	     "  --idle-timeout S    close idle sessions after S seconds (default: SMTP 300 s\n"
	     "                      with 421, POP3 600 s)\n"
	     "  --seed N            the seed of the world's PRNG\n"
	     "  --fault SPEC        a fault that holds for the whole run (may be repeated)\n"
	     "  --pcap FILE         capture the simulated network (relay 3->4, DNS) to FILE;\n"
	     "                      your own client's connection is real: tshark -i lo sees it\n"
	     "  --trace FILE        write every event to FILE as JSON Lines\n"
	     "  --trace-window N    keep the newest N events in memory (default 100000);\n"
	     "                      the UI cannot step back past them\n\n"
	     "Accounts: smith / s3cret (smith@isp.example), boss / s3cret (boss@corp.example).\n"
	     "SIGINT or SIGTERM: open SMTP sessions get 421, exit 0.\n");
	cli_print_faults();
	return 0;
}

int cli_serve(int argc, char **argv)
{
	static const char *const names[SERVE_L__COUNT] = { "--smtp", "--mx", "--pop3", "--isp-pop3", "--smtps",
							   "--pop3s" };
	fault_t faults[32];
	serve_opts_t o = { .listen = { "127.0.0.1:2525", "127.0.0.1:2526", "127.0.0.1:1110", "127.0.0.1:1111",
				       "127.0.0.1:4465", "127.0.0.1:1995" },
			   .speed = SERVE_SPEED_DEFAULT, .faults = faults };
	const char *scenario = "default";
	int nargs = 0;
	for (int i = 0; i < argc; i++) {
		int m = 0, k;
		const char *v = NULL;
		if (cli_is_help(argv[i]))
			return serve_usage();
		if (cli_is_version(argv[i]))
			return cli_version();
		for (k = 0; k < SERVE_L__COUNT; k++)
			if ((v = cli_opt_value("serve", names[k], argc, argv, &i, &m)) || m)
				break;
		if (m) {
			if (!v)
				return 2;
			if (k < SERVE_L__COUNT)
				o.listen[k] = v;
			continue;
		}
		if (!strcmp(argv[i], "--headless")) {
			o.headless = 1;
		} else if (!strcmp(argv[i], "--tls-auth-only")) {
			o.tls_auth_only = 1;
		} else if ((v = cli_opt_value("serve", "--tls-cert", argc, argv, &i, &m)) || m) {
			if (!v)
				return 2;
			o.tls_cert = v;
		} else if ((v = cli_opt_value("serve", "--tls-key", argc, argv, &i, &m)) || m) {
			if (!v)
				return 2;
			o.tls_key = v;
		} else if ((v = cli_opt_value("serve", "--speed", argc, argv, &i, &m)) || m) {
			char *end;
			if (!v)
				return 2;
			o.speed = strtod(v, &end);
			if (*end || !(o.speed > 0) || o.speed > 1e6)
				return cli_usage_error("serve", "--speed wants a positive number, not '%s'", v);
		} else if ((v = cli_opt_value("serve", "--idle-timeout", argc, argv, &i, &m)) || m) {
			char *end;
			if (!v)
				return 2;
			long s = strtol(v, &end, 10);
			if (*end || s <= 0 || s > 86400)
				return cli_usage_error("serve", "--idle-timeout wants seconds (1 to 86400), not '%s'", v);
			o.idle_timeout_s = (int)s;
		} else if ((v = cli_opt_value("serve", "--seed", argc, argv, &i, &m)) || m) {
			char *end;
			if (!v)
				return 2;
			o.seed = strtoull(v, &end, 10);
			if (*end || v[0] == '-' || !v[0])
				return cli_usage_error("serve", "--seed wants a non-negative number, not '%s'", v);
			o.has_seed = 1;
		} else if ((v = cli_opt_value("serve", "--pcap", argc, argv, &i, &m)) || m) {
			if (!v)
				return 2;
			o.pcap = v;
		} else if ((v = cli_opt_value("serve", "--trace", argc, argv, &i, &m)) || m) {
			if (!v)
				return 2;
			o.trace_file = v;
		} else if ((v = cli_opt_value("serve", "--trace-window", argc, argv, &i, &m)) || m) {
			char *end;
			if (!v)
				return 2;
			long long n = strtoll(v, &end, 10);
			if (*end || !v[0] || n < 1024 || n > 100000000)
				return cli_usage_error("serve", "--trace-window wants a number of events "
						       "(1024 to 100000000), not '%s'", v);
			o.trace_window = (size_t)n;
		} else if ((v = cli_opt_value("serve", "--fault", argc, argv, &i, &m)) || m) {
			char err[200];
			if (!v)
				return 2;
			if (o.nfaults >= 32)
				return cli_usage_error("serve", "%s", "too many --fault options");
			if (fault_parse(v, &faults[o.nfaults], err, sizeof err) != 0)
				return cli_usage_error("serve", "%s", err);
			faults[o.nfaults++].at_us = 0;   /* faults in serve hold from start-up */
		} else if (argv[i][0] == '-' && argv[i][1]) {
			return cli_usage_error("serve", "unknown option '%s'", argv[i]);
		} else if (nargs++) {
			return cli_usage_error("serve", "one scenario at a time ('%s' is extra)", argv[i]);
		} else {
			scenario = argv[i];
		}
	}
	if (!o.tls_cert != !o.tls_key)
		return cli_usage_error("serve", "%s", "--tls-cert and --tls-key go together");
	scenario_t *sc = cli_load_scenario(scenario);
	if (!sc)
		return 2;
	/* The live UI needs a terminal on both ends; otherwise serve is headless. */
	if (!o.headless && (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)))
		o.headless = 1;
	int rc = serve_main(sc, &o);
	scenario_free(sc);
	return rc;
}
