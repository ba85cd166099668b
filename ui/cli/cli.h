/* cli.h — the subcommands of the command line (the contract in DESIGN.md).
 * Each takes the arguments after its name and returns the exit status. */
#ifndef MP_CLI_H
#define MP_CLI_H

#define MAILPATH_VERSION "0.2.0"

int cli_play(int argc, char **argv);
int cli_run(int argc, char **argv);
int cli_list(int argc, char **argv);
int cli_check(int argc, char **argv);
int cli_explain(int argc, char **argv);
int cli_serve(int argc, char **argv);
int cli_quiz(int argc, char **argv);
int cli_diff(int argc, char **argv);

/* Shared by the subcommands: --help / --version handling and errors. */
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int cli_is_help(const char *arg);
int cli_is_version(const char *arg);
int cli_version(void);
/* The value of an option given as "--opt VALUE" or "--opt=VALUE"; advances *i.
 * NULL when it matches but has no value (an error was printed), or when arg is
 * not this option (then *matched is 0). */
const char *cli_opt_value(const char *cmd, const char *name, int argc, char **argv, int *i, int *matched);
void cli_print_faults(void);
/* Load a scenario (a path or a bundled name); NULL after printing the errors. */
struct scenario *cli_load_scenario(const char *path_or_name);

#endif
