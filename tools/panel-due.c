/* panel-due: who needs a panel, by when, and why. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "diag.h"
#include "due.h"
#include "history.h"
#include "record.h"
#include "mem.h"
#include "files.h"
#include "text.h"

static const char prog[] = "panel due";
enum { OPT_AS_OF = PK_OPT_CODE, OPT_WITHIN, OPT_FRAMEWORK, OPT_TEAM, OPT_OVERDUE, OPT_JSON,
	OPT_ICS, OPT_CSV, OPT_EXCEL, OPT_EXPLAIN, OPT_FAIL_ON_OVERDUE, OPT_AT, OPT_WORKTREE };
static const char *const synopsis[] = {
	"[-C DIR] [--as-of DATE] [--at DATE|COMMIT] [--within DAYS]\n"
	"[--framework F] [--team T] [--overdue] [--fail-on-overdue] [-q]\n"
	"[--explain CASE] [--json] [--ics FILE] [--csv|--excel] [-o F]",
	NULL,
};
static const char description[] =
	"Every case's next required panels, most urgent first, with the rule and why.\n";
static const struct pk_opt options[] = {
	{NULL, 'C', "DIR", "the records repository (default: the current directory)", 0},
	{"as-of", OPT_AS_OF, "DATE", "judge on DATE (default: today); later panels do not count", 0},
	{"within", OPT_WITHIN, "DAYS", "only items due within DAYS of as-of (pending ones stay)", 0},
	{"framework", OPT_FRAMEWORK, "F", "only detention or ipp cases", 0},
	{"team", OPT_TEAM, "T", "only cases of team T", 0},
	{"overdue", OPT_OVERDUE, NULL, "only overdue items", 0},
	{"json", OPT_JSON, NULL, "a JSON array of {case, framework, setting, rule, due, ...}", 0},
	{"ics", OPT_ICS, "FILE", "also write the dated items as an iCalendar file (-: stdout)", 0},
	{"csv", OPT_CSV, NULL, "CSV (RFC 4180); --excel: with a UTF-8 BOM for Excel", 0},
	{"excel", OPT_EXCEL, NULL, NULL, PK_OPT_ALSO},
	{"output", 'o', "FILE", "write FILE (atomic); .csv .json .ics .txt pick the format", 0},
	{"explain", OPT_EXPLAIN, "CASE", "the working for one case: facts with file:line, each rule", 0},
	{"fail-on-overdue", OPT_FAIL_ON_OVERDUE, NULL, "exit 1 if anything listed is overdue", 0},
	{"at", OPT_AT, "DATE|COMMIT", "the records as committed then (--as-of: the day judged on)", 0},
	{"worktree", OPT_WORKTREE, NULL, NULL, PK_OPT_HIDDEN}, /* the default: kept for scripts */
	PK_OPT_END,
};
static const char epilogue[] =
	"Exit status: 0 ok, 1 overdue (with --fail-on-overdue), 2 usage error or an\n"
	"unreadable record (a FIFO, link or device too: so cron notices a case gone).\n";
static const struct pk_cli cli = {
	.prog = prog, .synopsis = synopsis, .description = description, .opts = options,
	.width = 19, .epilogue = epilogue,
};

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
		char near[80];
		if (pk_safe_id(id) && pk_source_suggest(src, id, PK_R_CASE, near, sizeof near))
			fprintf(stderr, "hint: did you mean %s?\n", near);
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
	pk_cli_start(prog, &argc, &argv, PK_CLI_QUIET | PK_CLI_REPO);
	const char *dir = ".", *ics = NULL, *explain_id = NULL;
	int json = 0, fail = 0, c, csv = 0, excel = 0, ics_only = 0;
	const char *output = NULL;
	const char *at = NULL;
	struct pk_due_filter f = PK_DUE_FILTER_INIT;
	struct pk_due_opts o = {.after = 1};
	struct pk_diags d = PK_DIAGS_INIT;

	o.as_of = pk_today_date();
	o.after = 1; /* dates panels set and their actions (PF 10.7, CPP §10) */
	while ((c = pk_cli_getopt(&cli, argc, argv)) != -1) {
		switch (c) {
		case 'C': dir = optarg; break;
		case OPT_AS_OF:
			if (pk_arg_date(prog, "--as-of", optarg, &o.as_of) < 0)
				return PK_EXIT_USAGE;
			break;
		case OPT_WITHIN:
			if (pk_arg_uint(prog, "--within", optarg, &f.within) < 0)
				return PK_EXIT_USAGE;
			break;
		case OPT_FRAMEWORK:
			if (strcmp(optarg, "detention") == 0)
				f.framework = PK_FW_DETENTION;
			else if (strcmp(optarg, "ipp") == 0)
				f.framework = PK_FW_IPP;
			else
				return pk_cli_error(&cli, "--framework: \"%s\" is not detention or ipp", optarg);
			break;
		case OPT_TEAM: f.team = optarg; break;
		case OPT_OVERDUE: f.overdue_only = 1; break;
		case OPT_CSV: csv = 1; break;
		case OPT_EXCEL: csv = excel = 1; break;
		case 'o': output = optarg; break;
		case OPT_JSON: json = 1; break;
		case OPT_ICS: ics = optarg; break;
		case OPT_EXPLAIN: explain_id = optarg; break;
		case OPT_FAIL_ON_OVERDUE: fail = 1; break;
		case OPT_WORKTREE: break;
		case OPT_AT: at = optarg; break;
		default: return pk_cli_other(&cli, argv, c);
		}
	}
	if (optind < argc)
		return pk_cli_error(&cli, "unexpected argument \"%s\"", argv[optind]);
	if (csv && json)
		return pk_cli_error(&cli, "--csv and --json: give one format");
	if (output) {
		/* the extension picks the format, or must agree with the one asked for */
		const char *dot = strrchr(output, '.'), *slash = strrchr(output, '/');
		const char *ext = dot && (!slash || dot > slash) ? dot + 1 : "";
		const char *asked = excel ? "--excel" : csv ? "--csv" : json ? "--json" : NULL;
		int is_csv = !strcmp(ext, "csv"), is_json = !strcmp(ext, "json"), is_ics = !strcmp(ext, "ics");
		int is_txt = !strcmp(ext, "txt");
		if (asked && ((is_csv && !csv) || (is_json && !json) || is_ics || (is_txt && asked)))
			return pk_cli_error(&cli, "-o %s is a .%s file, but %s asks for another format",
					      output, ext, asked);
		if (is_ics && ics)
			return pk_cli_error(&cli, "-o %s and --ics: give the calendar file once", output);
		csv |= is_csv;
		json |= is_json;
		if (is_ics)
			ics = output, output = NULL, ics_only = 1;
	}
	if (explain_id && (csv || output))
		return pk_cli_error(&cli, "--explain prints text: no --csv, --excel or -o");

	struct pk_source *src = at ? pk_source_at(dir, at, &d) : pk_source_dir(dir, &d);
	if (!src) {
		pk_diags_print(stderr, &d);
		pk_diags_free(&d);
		return PK_EXIT_USAGE;
	}
	pk_diags_spill(&d, PK_SPILL_BYTES); /* findings on disk past 8 MB (diag.h) */
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
		int table = !ics || strcmp(ics, "-") != 0;
		if (table && !ics_only) {
			char *buf = NULL;
			size_t blen = 0;
			FILE *to = output ? open_memstream(&buf, &blen) : stdout;
			if (!to) {
				perror(prog);
				return PK_EXIT_USAGE;
			}
			if (json)
				pk_due_print_json(to, t);
			else if (csv)
				pk_due_print_csv(to, t, excel);
			else
				pk_due_print_text(to, t);
			if (output) {
				fclose(to);
				if (pk_write_atomic(output, buf, blen, 0) < 0) {
					fprintf(stderr, "%s: %s: %s\n", prog, output, strerror(errno));
					code = PK_EXIT_USAGE;
				}
				free(buf);
			}
		}
		pk_flush_stdout(prog); /* the summary comes after the table */
		if (!json && !pk_cli_quiet) {
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
