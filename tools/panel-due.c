/* panel-due: who needs a panel, by when, and why. */
static const char usage[] =
	"usage: panel due [-C DIR] [--as-of DATE] [--within DAYS] [--framework F]\n"
	"                 [--team T] [--overdue] [--json] [--ics FILE]\n"
	"                 [--explain CASE] [--fail-on-overdue] [--worktree]\n"
	"\n"
	"Lists every case's next required panels, most urgent first: case, framework,\n"
	"setting, due date, deadline, status (overdue, due, upcoming, or pending: date\n"
	"not known yet), the RULES.md rule, and why.\n"
	"\n"
	"  -C DIR             the records repository (default: the current directory)\n"
	"  --as-of DATE       judge on DATE (default: today); later panels do not count\n"
	"  --within DAYS      only items due within DAYS of as-of (pending ones stay)\n"
	"  --framework F      only detention or ipp cases\n"
	"  --team T           only cases of team T\n"
	"  --overdue          only overdue items\n"
	"  --json             a JSON array of {case, framework, setting, rule, due,\n"
	"                     deadline, status, reason, tier (detention), ...}\n"
	"  --ics FILE         also write the dated items as an iCalendar file (-: stdout)\n"
	"  --explain CASE     the working for one case: facts with file:line, each rule\n"
	"  --fail-on-overdue  exit 1 if anything listed is overdue\n"
	"  --worktree         read the working tree even with a past --as-of\n"
	"\n"
	"Exit status: 0 ok, 1 overdue (with --fail-on-overdue), 2 usage error or a\n"
	"record that could not be read, a FIFO, symbolic link or device among them\n"
	"(reported; the other cases are listed), so cron notices a case gone.\n";

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "diag.h"
#include "due.h"
#include "record.h"
#include "util.h"

static const char *prog = "panel due";

static int explain(struct pk_due_ctx *ctx, struct pk_source *src, const char *id,
		   struct pk_diags *d, int fail_on_overdue)
{
	struct sbuf rel = SBUF_INIT;
	struct pk_due_list items = PK_DUE_LIST_INIT;
	struct pk_lines ex = PK_LINES_INIT;
	int code = PK_EXIT_USAGE;
	sbuf_addf(&rel, "cases/%s.yaml", id);
	size_t i;
	for (i = 0; i < src->n && strcmp(src->paths[i], rel.s) != 0; i++)
		;
	if (!pk_safe_id(id) || i == src->n) {
		char *p = pk_printable(id, strlen(id), 64);
		if (!pk_safe_id(id))
			fprintf(stderr, "%s: --explain: \"%s\" is not a case ID [KIT-IDS]\n", prog, p);
		else
			fprintf(stderr, "%s: --explain: no case \"%s\" (no %s%s)\n", prog, p,
				src->prefix ? src->prefix : "", rel.s);
		free(p);
		goto cleanup;
	}
	struct pk_doc *doc = pk_source_load(src, rel.s, d);
	if (doc && pk_due_case(ctx, doc, &items, &ex) == 0)
		code = PK_EXIT_OK;
	pk_doc_free(doc);
	for (size_t k = 0; k < ex.n; k++)
		printf("%s\n", ex.v[k]);
	for (size_t k = 0; k < items.n; k++)
		if (fail_on_overdue && items.v[k].status == PK_DUE_OVERDUE && code == PK_EXIT_OK)
			code = PK_EXIT_FINDINGS;
cleanup:
	pk_lines_free(&ex);
	pk_due_list_free(&items);
	sbuf_free(&rel);
	return code;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{"as-of", required_argument, NULL, 'a'},
		{"within", required_argument, NULL, 'W'},
		{"framework", required_argument, NULL, 'f'},
		{"team", required_argument, NULL, 't'},
		{"overdue", no_argument, NULL, 'o'},
		{"json", no_argument, NULL, 'j'},
		{"ics", required_argument, NULL, 'i'},
		{"explain", required_argument, NULL, 'e'},
		{"fail-on-overdue", no_argument, NULL, 'F'},
		{"worktree", no_argument, NULL, 'w'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	pk_check_stdout_at_exit(prog);
	const char *dir = ".", *ics = NULL, *explain_id = NULL;
	int json = 0, fail = 0, worktree = 0, c;
	struct pk_due_filter f = PK_DUE_FILTER_INIT;
	struct pk_due_opts o;
	struct pk_diags d = PK_DIAGS_INIT;

	o.as_of = pk_today_date();
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":C:h", opts, NULL)) != -1) {
		switch (c) {
		case 'C': dir = optarg; break;
		case 'a':
			if (pk_arg_date(prog, "--as-of", optarg, &o.as_of) < 0)
				return PK_EXIT_USAGE;
			break;
		case 'W':
			if (pk_arg_uint(prog, "--within", optarg, &f.within) < 0)
				return PK_EXIT_USAGE;
			break;
		case 'f':
			if (strcmp(optarg, "detention") == 0)
				f.framework = PK_FW_DETENTION;
			else if (strcmp(optarg, "ipp") == 0)
				f.framework = PK_FW_IPP;
			else
				return pk_usage_error(prog, usage, "--framework: \"%s\" is not detention or ipp", optarg);
			break;
		case 't': f.team = optarg; break;
		case 'o': f.overdue_only = 1; break;
		case 'j': json = 1; break;
		case 'i': ics = optarg; break;
		case 'e': explain_id = optarg; break;
		case 'F': fail = 1; break;
		case 'w': worktree = 1; break;
		case 'h': fputs(usage, stdout); return PK_EXIT_OK;
		case ':':
			return pk_usage_error(prog, usage, "%s needs a value", argv[optind - 1]);
		default:
			return pk_usage_error(prog, usage, "unknown option %s", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return pk_usage_error(prog, usage, "unexpected argument \"%s\"", argv[optind]);

	struct pk_source *src = pk_source_open(dir, o.as_of, worktree, &d);
	if (!src) {
		pk_diags_print(stderr, &d);
		pk_diags_free(&d);
		return PK_EXIT_USAGE;
	}
	struct pk_due_ctx *ctx = pk_due_ctx_new(src, &o, &d);
	int code = PK_EXIT_OK;
	if (explain_id) {
		code = explain(ctx, src, explain_id, &d, fail);
		if (d.errors && code == PK_EXIT_OK)
			code = PK_EXIT_USAGE;
	} else {
		struct pk_due_table *t = pk_due_table_new();
		size_t cases, bad;
		pk_due_source(ctx, &f, t, &cases, &bad);
		bad += pk_due_bad_panels(ctx);
		if (ics) {
			size_t len;
			char *cal = pk_due_ics(t, o.as_of, &len);
			if (strcmp(ics, "-") == 0) {
				fwrite(cal, 1, len, stdout);
			} else if (pk_write_atomic(ics, cal, len, 0) < 0) {
				perror(ics);
				code = PK_EXIT_USAGE;
			}
			free(cal);
		}
		if (!ics || strcmp(ics, "-") != 0) {
			if (json)
				pk_due_print_json(stdout, t);
			else
				pk_due_print_text(stdout, t);
		}
		pk_flush_stdout(prog); /* the summary comes after the table */
		if (!json) {
			char a[16];
			fprintf(stderr, "%s: %zu item%s, %zu overdue, from %zu case%s (%s), as of %s\n", prog,
				pk_due_table_count(t), pk_due_table_count(t) == 1 ? "" : "s",
				pk_due_table_overdue(t), cases, cases == 1 ? "" : "s", src->label,
				pk_date_fmt(o.as_of, a));
		}
		if (fail && pk_due_table_overdue(t) && code == PK_EXIT_OK)
			code = PK_EXIT_FINDINGS;
		if (bad)
			code = PK_EXIT_USAGE;
		pk_due_table_free(t);
	}
	/* Any error is a record left out (the listing reports a FIFO, link or
	 * device and skips it): a cron job with --fail-on-overdue must see it. */
	if (d.errors)
		code = PK_EXIT_USAGE;
	pk_diags_sort(&d);
	pk_diags_print(stderr, &d);
	pk_diags_free(&d);
	pk_due_ctx_free(ctx);
	pk_source_free(src);
	return code;
}
