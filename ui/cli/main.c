/* main.c — parses the command line and dispatches to a subcommand. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
} commands[] = {
	{ "play", cli_play },
	{ "run", cli_run },
	{ "list", cli_list },
	{ "check", cli_check },
	{ "explain", cli_explain },
	{ "serve", cli_serve },
	{ "quiz", cli_quiz },
	{ "diff", cli_diff },
};

static void usage(FILE *out)
{
	fputs("mailpath " MAILPATH_VERSION " — a teaching simulator of the full e-mail path\n"
	      "(Smith's client -> ISP SMTP host -> DNS MX -> corporate SMTP host -> POP3).\n\n"
	      "Usage:\n"
	      "  mailpath [play [SCENARIO]]     the animated path (default: the seed's story)\n"
	      "  mailpath run SCENARIO [--format text|json] [--seed N] [--fault SPEC]...\n"
	      "                                 a headless run: the narrated transcript\n"
	      "  mailpath list                  the bundled scenarios\n"
	      "  mailpath check FILE...         validate scenario files\n"
	      "  mailpath explain [TOPIC]       what a command, reply code or state means\n"
	      "  mailpath serve [SCENARIO] ...  real SMTP/POP3 listeners on loopback\n"
	      "  mailpath quiz SCENARIO [--answers FILE] ...\n"
	      "                                 predict, then see: the questions of a run, graded\n"
	      "  mailpath diff LEFT RIGHT       what if? two runs side by side (default default+greylist)\n"
	      "  mailpath COMMAND --help        the options of a command\n"
	      "  mailpath --version\n", out);
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return cli_play(0, argv + 1);
	const char *cmd = argv[1];
	if (cli_is_help(cmd)) {
		usage(stdout);
		return 0;
	}
	if (cli_is_version(cmd))
		return cli_version();
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (!strcmp(cmd, commands[i].name))
			return commands[i].fn(argc - 2, argv + 2);
	fprintf(stderr, "mailpath: unknown command '%s'\n\n", cmd);
	usage(stderr);
	return 2;
}
