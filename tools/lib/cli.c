#include "cli.h"
#include "mem.h"
#include "files.h"
#include "runenv.h"
#include "text.h"

#include <ctype.h>
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

static int usage_verror(const char *prog, const char *usage, const char *fmt, va_list ap)
{
	fprintf(stderr, "%s: ", prog);
	vfprintf(stderr, fmt, ap);
	const char *end = strstr(usage, "\n\n");
	fprintf(stderr, "\n%.*s\nSee '%s --help'.\n", (int)(end ? (size_t)(end - usage) : strlen(usage)),
		usage, prog);
	return PK_EXIT_USAGE;
}

int pk_usage_error(const char *prog, const char *usage, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	usage_verror(prog, usage, fmt, ap);
	va_end(ap);
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

/* The row a tool's row stands for: its own, or the shared one it places
 * (NULL when the shared table has no such key: a mistake in the tool). */
static const struct pk_opt *resolve(const struct pk_cli *cli, const struct pk_opt *o)
{
	if (!(o->flags & PK_OPT_SHARED))
		return o;
	for (const struct pk_opt *s = cli->shared; s && (s->name || s->key); s++)
		if (s->key == o->key)
			return s;
	return NULL;
}

static int is_short(int key)
{
	return key > 0 && key < PK_OPT_CODE && isalnum(key);
}

/* Every row getopt takes, in order: the tool's, then the shared hidden
 * ones; f is called with each. */
static void each_row(const struct pk_cli *cli, void (*f)(const struct pk_opt *, void *), void *arg)
{
	for (const struct pk_opt *o = cli->opts; o && (o->name || o->key || o->arg); o++) {
		const struct pk_opt *r = resolve(cli, o);
		if (r && (r->name || r->key))
			f(r, arg);
	}
	for (const struct pk_opt *s = cli->shared; s && (s->name || s->key); s++)
		if (s->flags & PK_OPT_HIDDEN)
			f(s, arg);
}

static void add_short(const struct pk_opt *o, void *arg)
{
	if (!is_short(o->key))
		return;
	sbuf_addc(arg, (char)o->key);
	if (o->arg)
		sbuf_adds(arg, o->flags & PK_OPT_OPTIONAL ? "::" : ":");
}

char *pk_cli_shortopts(const struct pk_cli *cli)
{
	struct sbuf s = SBUF_INIT;
	sbuf_adds(&s, cli->flags & PK_CLI_IN_ORDER ? "+:h" : ":h");
	each_row(cli, add_short, &s);
	return sbuf_detach(&s);
}

struct longopts {
	struct option *v;
	size_t n;
};

static void add_long(const struct pk_opt *o, void *arg)
{
	struct longopts *l = arg;
	if (!o->name)
		return;
	l->v = xrealloc(l->v, (l->n + 2) * sizeof *l->v);
	l->v[l->n++] = (struct option){o->name,
				       !o->arg ? no_argument
				       : o->flags & PK_OPT_OPTIONAL ? optional_argument : required_argument,
				       NULL, o->key};
}

struct option *pk_cli_longopts(const struct pk_cli *cli)
{
	struct longopts l = {NULL, 0};
	each_row(cli, add_long, &l);
	add_long(&(struct pk_opt){"help", 'h', NULL, NULL, 0}, &l);
	l.v[l.n] = (struct option){NULL, 0, NULL, 0};
	return l.v;
}

/* "-o, --output FILE", "--csv, --excel" (the rows after o flagged
 * PK_OPT_ALSO; no values then), "ID" (an operand) */
static void label(const struct pk_cli *cli, const struct pk_opt *o, struct sbuf *l)
{
	const struct pk_opt *r = resolve(cli, o);
	int also = (o + 1)->flags & PK_OPT_ALSO;
	if (!r)
		return;
	for (const struct pk_opt *x = o; x == o || (x->flags & PK_OPT_ALSO); x++) {
		const struct pk_opt *y = resolve(cli, x);
		if (!y)
			continue;
		if (x != o)
			sbuf_adds(l, ", ");
		if (is_short(y->key))
			sbuf_addf(l, y->name ? "-%c, " : "-%c", y->key);
		if (y->name)
			sbuf_addf(l, "--%s", y->name);
	}
	if (r->arg && !also)
		sbuf_addf(l, r->flags & PK_OPT_OPTIONAL ? "[=%s]" : r->name || r->key ? " %s" : "%s", r->arg);
}

static void help_lines(struct sbuf *out, const char *help, int indent)
{
	for (const char *p = help; *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		if (p != help && n)
			sbuf_addf(out, "%*s", indent, "");
		sbuf_add(out, p, n);
		sbuf_addc(out, '\n');
		p += n + (nl != NULL);
	}
}

static void options_text(const struct pk_cli *cli, struct sbuf *out)
{
	int width = cli->width;
	struct sbuf l = SBUF_INIT;
	if (!width) /* two spaces after the longest label */
		for (const struct pk_opt *o = cli->opts; o && (o->name || o->key || o->arg); o++) {
			const struct pk_opt *r = resolve(cli, o);
			if (!r || (o->flags & (PK_OPT_HIDDEN | PK_OPT_ALSO)) || (r->flags & PK_OPT_HIDDEN))
				continue;
			sbuf_reset(&l);
			label(cli, o, &l);
			if ((int)l.len + 2 > width)
				width = (int)l.len + 2;
		}
	for (const struct pk_opt *o = cli->opts; o && (o->name || o->key || o->arg); o++) {
		const struct pk_opt *r = resolve(cli, o);
		const char *help = o->help ? o->help : r ? r->help : NULL;
		if (!r || (o->flags & (PK_OPT_HIDDEN | PK_OPT_ALSO)) || (r->flags & PK_OPT_HIDDEN))
			continue;
		sbuf_reset(&l);
		label(cli, o, &l);
		sbuf_addf(out, "  %s", sbuf_str(&l));
		if (!help || !*help) {
			sbuf_addc(out, '\n');
			continue;
		}
		sbuf_addf(out, "%*s", (int)l.len < width ? width - (int)l.len : 2, "");
		help_lines(out, help, 2 + width);
	}
	sbuf_free(&l);
}

void pk_cli_help_text(const struct pk_cli *cli, struct sbuf *out)
{
	int indent = (int)strlen("usage: ") + (int)strlen(cli->prog) + 1;
	for (size_t i = 0; cli->synopsis && cli->synopsis[i]; i++) {
		const char *form = cli->synopsis[i];
		sbuf_addf(out, "%s%s%s", i ? "       " : "usage: ", cli->prog, *form ? " " : "");
		help_lines(out, form, indent);
	}
	if (!cli->synopsis || !cli->synopsis[0])
		sbuf_addf(out, "usage: %s\n", cli->prog);
	if (cli->description) {
		sbuf_addc(out, '\n');
		sbuf_adds(out, cli->description);
	}
	struct sbuf opts = SBUF_INIT;
	options_text(cli, &opts);
	if (opts.len) {
		sbuf_addc(out, '\n');
		sbuf_add(out, opts.s, opts.len);
	}
	sbuf_free(&opts);
	if (cli->epilogue) {
		sbuf_addc(out, '\n');
		sbuf_adds(out, cli->epilogue);
	}
}

/* What one process's loop needs, made for the first declaration it runs
 * over (a tool has one) and remade for another (the tests); the help
 * text only when asked for (--help, a usage error). */
static struct {
	const struct pk_cli *cli;
	struct sbuf help;
	char *shortopts;
	struct option *longopts;
} made;

static void free_made(void)
{
	sbuf_free(&made.help);
	free(made.shortopts);
	free(made.longopts);
	made.shortopts = NULL;
	made.longopts = NULL;
	made.cli = NULL;
}

static void make(const struct pk_cli *cli)
{
	static int registered;
	if (made.cli == cli)
		return;
	free_made();
	if (!registered)
		atexit(free_made);
	registered = 1;
	made.cli = cli;
	made.shortopts = pk_cli_shortopts(cli);
	made.longopts = pk_cli_longopts(cli);
}

const char *pk_cli_help(const struct pk_cli *cli)
{
	make(cli);
	if (!made.help.len)
		pk_cli_help_text(cli, &made.help);
	return sbuf_str(&made.help);
}

int pk_cli_getopt(const struct pk_cli *cli, int argc, char **argv)
{
	make(cli);
	opterr = 0;
	return getopt_long(argc, argv, made.shortopts, made.longopts, NULL);
}

int pk_cli_other(const struct pk_cli *cli, char **argv, int c)
{
	if (c == 'h') {
		fputs(pk_cli_help(cli), stdout);
		return PK_EXIT_OK;
	}
	if (c == PK_OPT_FAILED)
		return PK_EXIT_USAGE;
	return pk_usage_badopt(cli->prog, pk_cli_help(cli), argv, c);
}

int pk_cli_error(const struct pk_cli *cli, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	usage_verror(cli->prog, pk_cli_help(cli), fmt, ap);
	va_end(ap);
	return PK_EXIT_USAGE;
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
