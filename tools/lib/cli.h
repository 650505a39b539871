/* cli.h: what every tool's main() shares: exit codes, date arguments,
 * usage printing.  Exit codes: 0 ok, 1 findings, 2 usage or I/O error. */
#ifndef PK_CLI_H
#define PK_CLI_H

#include <getopt.h>
#include <stddef.h>
#include <stdio.h>
#include "date.h"
#include "mem.h"

enum { PK_EXIT_OK = 0, PK_EXIT_FINDINGS = 1, PK_EXIT_USAGE = 2 };

/* Parses a YYYY-MM-DD option value; on error prints
 * "prog: --opt: ..." to stderr and returns -1. */
int pk_arg_date(const char *prog, const char *opt, const char *val, pk_date *out);
/* Parses a non-negative whole number option value, likewise. */
int pk_arg_uint(const char *prog, const char *opt, const char *val, long *out);
/* A tool's options, declared once: the getopt_long tables, the loop's
 * error handling, --help and the synopsis of a usage error all come from
 * the declaration (and the man page from --help, tools/mkman.sh).
 *
 * One row per option: name is the long name (or NULL); key what
 * pk_cli_getopt returns for it, a letter below PK_OPT_CODE being the
 * short option too, a code from PK_OPT_CODE on long-only; arg the
 * value's metavariable, NULL for none; help its text in --help, lines
 * split by \n (no trailing \n), printed aligned after the label.  A row
 * with neither name nor key (arg "ID") documents an operand.  -h and
 * --help are every tool's and not declared. */
struct pk_opt {
	const char *name;
	int key;
	const char *arg;
	const char *help;
	unsigned flags;
};
enum { PK_OPT_CODE = 256 };
enum {
	PK_OPT_HIDDEN = 1,   /* no line in --help: the synopsis or another line says it,
			      * or it is kept for scripts */
	PK_OPT_OPTIONAL = 2, /* the value is optional: --name[=ARG] */
	PK_OPT_ALSO = 4,     /* on the previous row's line: "--csv, --excel", the
			      * values left out of the label (the help names them) */
	PK_OPT_SHARED = 8,   /* the row of key in the tool's shared table, placed
			      * here; help, if not NULL, is this tool's wording */
};
#define PK_OPT_END {NULL, 0, NULL, NULL, 0}
#define PK_OPT_USE(key, help) {NULL, (key), NULL, (help), PK_OPT_SHARED}

/* A tool: --help is "usage: PROG FORM" per synopsis form (a form's
 * further lines indented under its first), then, each after a blank
 * line, the description, the option lines and the epilogue (notes and
 * the exit status), whichever are given; texts end in \n.  width is the
 * label column: the help starts 2 + width in, or 2 spaces after a longer
 * label (0: 2 spaces after the longest).  shared is a table several tools take rows from (PK_OPT_SHARED);
 * its hidden rows every one of them accepts. */
struct pk_cli {
	const char *prog;
	const char *const *synopsis; /* NULL-terminated; forms without PROG */
	const char *description;
	const struct pk_opt *opts;   /* ends with PK_OPT_END */
	int width;
	const char *epilogue;
	const struct pk_opt *shared;
	unsigned flags;
};
enum { PK_CLI_IN_ORDER = 1 }; /* options stop at the first operand (getopt's '+') */

/* The --help text, appended to out. */
void pk_cli_help_text(const struct pk_cli *cli, struct sbuf *out);
/* The same, made once per process (freed at exit). */
const char *pk_cli_help(const struct pk_cli *cli);
/* getopt_long's short-option string (":" first: a missing value is ':')
 * and long-option array, both malloc'd. */
char *pk_cli_shortopts(const struct pk_cli *cli);
struct option *pk_cli_longopts(const struct pk_cli *cli);
/* getopt_long over the declaration (opterr 0): the key of the next
 * option, with optarg set; 'h' for -h/--help, ':' for a missing value,
 * '?' for an unknown option; -1 after the last option. */
int pk_cli_getopt(const struct pk_cli *cli, int argc, char **argv);
/* What every tool's switch does with a key it does not handle: 'h'
 * prints --help to stdout and returns PK_EXIT_OK; PK_OPT_FAILED (a value
 * a shared parser refused and reported) returns PK_EXIT_USAGE; anything
 * else is pk_usage_badopt's usage error. */
enum { PK_OPT_FAILED = -2 };
int pk_cli_other(const struct pk_cli *cli, char **argv, int c);
/* pk_usage_error with the declaration's synopsis. */
int pk_cli_error(const struct pk_cli *cli, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

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
