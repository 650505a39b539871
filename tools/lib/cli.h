/* cli.h: what every tool's main() shares: exit codes, date arguments,
 * usage printing.  Exit codes: 0 ok, 1 findings, 2 usage or I/O error. */
#ifndef PK_CLI_H
#define PK_CLI_H

#include <stdio.h>
#include "date.h"

enum { PK_EXIT_OK = 0, PK_EXIT_FINDINGS = 1, PK_EXIT_USAGE = 2 };

/* Parses a YYYY-MM-DD option value; on error prints
 * "prog: --opt: ..." to stderr and returns -1. */
int pk_arg_date(const char *prog, const char *opt, const char *val, pk_date *out);
/* Parses a non-negative whole number option value, likewise. */
int pk_arg_uint(const char *prog, const char *opt, const char *val, long *out);
/* --help prints usage to stdout and exits 0; a usage error prints it to
 * stderr and returns PK_EXIT_USAGE. */
int pk_usage_error(const char *prog, const char *usage, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* "today" as a pk_date (PANEL_TODAY or the clock). */
pk_date pk_today_date(void);

#endif
