#include "cli.h"
#include "util.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <limits.h>
#include <sys/stat.h>

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

static int is_repo(const char *dir)
{
	static const char *const kinds[] = {"cases", "panels", "people"};
	for (size_t i = 0; i < PK_ARRAY_LEN(kinds); i++) {
		struct stat st;
		struct sbuf p = SBUF_INIT;
		sbuf_addf(&p, "%s/%s", dir, kinds[i]);
		int ok = stat(p.s, &st) == 0 && S_ISDIR(st.st_mode);
		sbuf_free(&p);
		if (ok)
			return 1;
	}
	return 0;
}

/* "../.." when the nearest records repository upwards is two levels up;
 * NULL when here is one, or none is found (the tool then says so). */
static char *find_repo_up(void)
{
	struct sbuf up = SBUF_INIT;
	if (is_repo("."))
		return NULL;
	for (int level = 1; level < 64; level++) {
		sbuf_adds(&up, level == 1 ? ".." : "/..");
		char real[PATH_MAX];
		if (!realpath(up.s, real))
			break;
		if (is_repo(up.s))
			return sbuf_detach(&up);
		if (!strcmp(real, "/"))
			break;
	}
	sbuf_free(&up);
	return NULL;
}

/* The argv pk_cli_start made, and its "-C" value: freed at exit. */
static char **cli_argv;
static char *cli_up;

static void free_cli_argv(void)
{
	free(cli_up);
	free(cli_argv);
}

void pk_cli_start(const char *prog, int *argc, char ***argvp, int flags)
{
	char **argv = *argvp;
	int out = 1, has_c = 0;
	pk_check_stdout_at_exit(prog);
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
		if (!strncmp(argv[i], "-C", 2))
			has_c = 1;
		if ((flags & PK_CLI_QUIET) && (!strcmp(argv[i], "-q") || !strcmp(argv[i], "--quiet"))) {
			pk_cli_quiet = 1;
			continue;
		}
		argv[out++] = argv[i];
	}
	*argc = out;
	argv[out] = NULL;
	char *up = (flags & PK_CLI_REPO) && !has_c ? find_repo_up() : NULL;
	if (up) {
		/* argv[0] -C up argv[1..]: lives until exit */
		char **nv = xmalloc(((size_t)*argc + 3) * sizeof *nv);
		nv[0] = argv[0];
		nv[1] = "-C";
		nv[2] = up;
		memcpy(nv + 3, argv + 1, (size_t)*argc * sizeof *nv); /* with the NULL */
		*argc += 2;
		*argvp = cli_argv = nv;
		cli_up = up;
		atexit(free_cli_argv);
	}
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

int pk_write_output(const char *prog, const char *output, const char *buf, size_t len)
{
	if (!buf)
		buf = "";
	if (output) {
		if (pk_write_atomic(output, buf, len, 0) < 0) {
			fprintf(stderr, "%s: %s: %s\n", prog, output, strerror(errno));
			return -1;
		}
	} else if (fwrite(buf, 1, len, stdout) != len || fflush(stdout)) {
		pk_stdout_error(prog);
		return -1;
	}
	return 0;
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
