#include "cli.h"
#include "util.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int pk_arg_date(const char *prog, const char *opt, const char *val, pk_date *out)
{
	const char *why;
	if (pk_date_parse(val, out, &why) < 0) {
		char *p = pk_printable(val, strlen(val), 40);
		fprintf(stderr, "%s: %s: \"%s\" is not a date: %s\n", prog, opt, p, why);
		free(p);
		return -1;
	}
	return 0;
}

int pk_arg_uint(const char *prog, const char *opt, const char *val, long *out)
{
	char *end;
	long v = strtol(val, &end, 10);
	if (!*val || *end || v < 0 || v > 1000000) {
		char *p = pk_printable(val, strlen(val), 40);
		fprintf(stderr, "%s: %s: \"%s\" is not a whole number from 0 to 1000000\n", prog, opt, p);
		free(p);
		return -1;
	}
	*out = v;
	return 0;
}

int pk_usage_error(const char *prog, const char *usage, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "%s: ", prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	const char *end = strstr(usage, "\n\n");
	fprintf(stderr, "\n%.*s\nSee '%s --help'.\n", (int)(end ? (size_t)(end - usage) : strlen(usage)),
		usage, prog);
	return PK_EXIT_USAGE;
}

int pk_usage_badopt(const char *prog, const char *usage, char **argv, int c)
{
	const char *arg = argv[optind - 1];
	char *p = pk_printable(arg, strlen(arg), 60);
	int r = c == ':' ? pk_usage_error(prog, usage, "%s needs a value", p)
			 : pk_usage_error(prog, usage, "unknown option %s", p);
	free(p);
	return r;
}

int pk_cli_quiet;

void pk_cli_start(const char *prog, int *argc, char **argv, int strip_quiet)
{
	pk_check_stdout_at_exit(prog);
	int out = 1;
	for (int i = 1; i < *argc; i++) {
		if (!strcmp(argv[i], "--")) {
			while (i < *argc)
				argv[out++] = argv[i++];
			break;
		}
		if (!strcmp(argv[i], "--version")) {
			printf("%s (panelkit) %s\n", prog, PK_VERSION);
			exit(PK_EXIT_OK);
		}
		if (strip_quiet && (!strcmp(argv[i], "-q") || !strcmp(argv[i], "--quiet"))) {
			pk_cli_quiet = 1;
			continue;
		}
		argv[out++] = argv[i];
	}
	*argc = out;
	argv[out] = NULL;
}

pk_date pk_today_date(void)
{
	pk_date d;
	if (pk_date_parse(pk_today(), &d, NULL) < 0) {
		fprintf(stderr, "panel: PANEL_TODAY=\"%s\" is not a YYYY-MM-DD date\n", pk_today());
		exit(PK_EXIT_USAGE);
	}
	return d;
}

static const char *out_prog = "panel";
static int out_reported;

void pk_stdout_error(const char *prog)
{
	if (!out_reported)
		fprintf(stderr, "%s: cannot write the output: %s\n", prog, strerror(errno));
	out_reported = 1;
}

/* A write that failed while stdout was being filled leaves ferror() set
 * and errno (nothing in between sets it on success) saying why. */
static int flush_failed(void)
{
	int err = errno, bad = ferror(stdout);
	if (fflush(stdout) != 0)
		return 1;
	if (bad)
		errno = err ? err : EIO;
	return bad;
}

int pk_flush_stdout(const char *prog)
{
	if (!flush_failed())
		return 0;
	pk_stdout_error(prog);
	return -1;
}

static void check_stdout(void)
{
	if (!flush_failed())
		return;
	pk_stdout_error(out_prog);
	_exit(PK_EXIT_USAGE);
}

void pk_check_stdout_at_exit(const char *prog)
{
	out_prog = prog;
	atexit(check_stdout);
}
