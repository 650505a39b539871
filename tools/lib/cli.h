/* cli.h: what every tool's main() shares: exit codes, date arguments,
 * usage printing.  Exit codes: 0 ok, 1 findings, 2 usage or I/O error. */
#ifndef PK_CLI_H
#define PK_CLI_H

#include <stddef.h>
#include <stdio.h>
#include "date.h"

enum { PK_EXIT_OK = 0, PK_EXIT_FINDINGS = 1, PK_EXIT_USAGE = 2 };

/* Parses a YYYY-MM-DD option value; on error prints
 * "prog: --opt: ..." to stderr and returns -1. */
int pk_arg_date(const char *prog, const char *opt, const char *val, pk_date *out);
/* Parses a non-negative whole number option value, likewise. */
int pk_arg_uint(const char *prog, const char *opt, const char *val, long *out);
/* --help prints usage to stdout and exits 0.  A usage error is one style
 * in every tool: "prog: what is wrong", the synopsis (the usage text up to
 * its first blank line) and "See 'prog --help'.", on stderr; returns
 * PK_EXIT_USAGE.  Never the whole help, never the binary's path. */
int pk_usage_error(const char *prog, const char *usage, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* The usage error of a getopt_long loop run with opterr = 0 and an
 * optstring starting with ':' (c is ':' for a missing value, else '?'). */
int pk_usage_badopt(const char *prog, const char *usage, char **argv, int c);

#define PK_VERSION "0.1"
/* Every tool calls this first: the stdout check below, and the options
 * every tool has.  --version (before any "--") prints "prog (panelkit)
 * VERSION" and exits 0.  flags:
 *  PK_CLI_QUIET  -q and --quiet are taken out of argv and set pk_cli_quiet,
 *                for tools that do not parse -q themselves (they leave out
 *                their summary line);
 *  PK_CLI_REPO   the tool works on a records repository: without -C, run
 *                from a subdirectory of one, the repository is found
 *                upwards as git finds .git (the nearest directory holding
 *                cases/, panels/ or people/) and "-C ../.." is put into
 *                argv, so messages name files relative to where you are. */
enum { PK_CLI_QUIET = 1, PK_CLI_REPO = 2 };
void pk_cli_start(const char *prog, int *argc, char ***argv, int flags);
extern int pk_cli_quiet;
/* "today" as a pk_date (PANEL_TODAY or the clock). */
pk_date pk_today_date(void);
/* Every tool calls this first: at exit, standard output is flushed and a
 * failed write (a full disk) is reported as "prog: cannot write the
 * output: ..." with exit code 2, so it never passes for success. */
void pk_check_stdout_at_exit(const char *prog);
/* A tool that found the failure itself reports it here (once). */
void pk_stdout_error(const char *prog);
/* fflush(stdout) before a summary on stderr; a failure is reported. */
int pk_flush_stdout(const char *prog);
/* A tool's output: written to the file output (atomically), or with
 * output NULL to standard output and flushed.  0, or -1 with the failure
 * reported on stderr ("prog: FILE: reason", or as pk_stdout_error). */
int pk_write_output(const char *prog, const char *output, const char *buf, size_t len);

#endif
