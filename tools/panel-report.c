/* panel-report: the figures the policies ask managers to watch. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "report.h"
#include "mem.h"

static const char prog[] = "panel report";
enum { OPT_AS_OF = PK_OPT_CODE, OPT_AT, OPT_MONTH, OPT_TEAM, OPT_YEAR, OPT_FROM, OPT_TO,
	OPT_LIST, OPT_HTML, OPT_CSV, OPT_JSON, OPT_WORKTREE, OPT_TABLE };
static const char *const synopsis[] = {
	"compliance --month YYYY-MM [--team TEAM] [options]",
	"coverage | detention [options]",
	"attendance --year YYYY [options]",
	"after [--month YYYY-MM] [options]",
	"compliance|coverage|detention --from YYYY-MM --to YYYY-MM",
	NULL,
};
static const char description[] =
	"  compliance  CPP-COMPLIANCE: per casework team, recommendations acknowledged\n"
	"              within 14 days, late, missing, rejections without a reason or\n"
	"              approver (CPP-RESPONSE), audits (CPP-AUDIT), the DQ list\n"
	"  coverage    PF-COVERAGE: IPP/DPP cases with a panel in the last 12 months,\n"
	"              by setting and RAG; overdue panels by rule; stale RAG ratings\n"
	"  detention   population by tier, reviews overdue, bail in principle,\n"
	"              recommendations in 12 months, release recommendations not followed\n"
	"  attendance  CPP-ATTENDANCE: panels per chair and member against 10-12\n"
	"  after       panels arranged and held (PF 10.7), teams below standard with\n"
	"              their SPOCs (CPP §12, §13), open actions by owner and age\n";
static const struct pk_opt options[] = {
	{NULL, 'C', "DIR", "the records repository (default: .)", 0},
	{"as-of", OPT_AS_OF, "DATE", "the day the figures are worked out for (default: today),\n"
	 "over the records as they are now", 0},
	{"at", OPT_AT, "DATE|COMMIT", "the records as committed on DATE (the last commit on or\n"
	 "before it) or in COMMIT", 0},
	{"month", OPT_MONTH, "YYYY-MM", "compliance: the month; one casework team (after: the\n"
	 "month of the standard, default the one before as-of)", 0},
	{"team", OPT_TEAM, "TEAM", NULL, PK_OPT_ALSO},
	{"year", OPT_YEAR, "YYYY", "attendance: the calendar year", 0},
	{"from", OPT_FROM, "YYYY-MM", "a trend of the headline figures at each month end, from\n"
	 "git history (at most 120 months)", 0},
	{"to", OPT_TO, "YYYY-MM", NULL, PK_OPT_ALSO},
	{"list", OPT_LIST, NULL, "the IDs behind every count, so the figures can be checked", 0},
	{"html", OPT_HTML, NULL, "a complete HTML page (trends: an inline SVG bar chart)", 0},
	{"csv", OPT_CSV, NULL, "one table as CSV (RFC 4180); --table KEY picks it (keys:\n"
	 "see --json)", 0},
	{"json", OPT_JSON, NULL, "every table as JSON", 0},
	{"output", 'o', "FILE", "write FILE (atomically) instead of standard output", 0},
	{"worktree", OPT_WORKTREE, NULL, NULL, PK_OPT_HIDDEN}, /* the default: kept for scripts */
	{"table", OPT_TABLE, "KEY", NULL, PK_OPT_HIDDEN},
	PK_OPT_END,
};
static const char epilogue[] =
	"Markdown by default, with the definition of every figure under its table.\n"
	"Exit status: 0 written, 1 written but some records could not be read (left\n"
	"out, listed on standard error), 2 usage or I/O error.\n";
static const struct pk_cli cli = {
	.prog = prog, .synopsis = synopsis, .description = description, .opts = options,
	.width = 17, .epilogue = epilogue,
};

static int set_format(struct pk_report_req *q, enum pk_rformat f, int *given)
{
	if (*given && q->format != f)
		return -1;
	q->format = f;
	*given = 1;
	return 0;
}

int main(int argc, char **argv)
{
	pk_cli_start(prog, &argc, &argv, PK_CLI_QUIET | PK_CLI_REPO);
	struct pk_report_req q;
	struct pk_diags d = PK_DIAGS_INIT;
	struct sbuf out = SBUF_INIT;
	const char *output = NULL, *from = NULL, *to = NULL;
	int c, fmt_given = 0, month_given = 0, year_given = 0, rc;
	long year;

	memset(&q, 0, sizeof q);
	q.dir = ".";
	q.format = PK_RF_MARKDOWN;
	q.today = pk_today_date();
	q.o.as_of = q.today;
	while ((c = pk_cli_getopt(&cli, argc, argv)) != -1) {
		switch (c) {
		case 'C': q.dir = optarg; break;
		case OPT_AS_OF:
			if (pk_arg_date(prog, "--as-of", optarg, &q.o.as_of) < 0)
				return PK_EXIT_USAGE;
			q.asof_given = 1;
			break;
		case OPT_WORKTREE: break;
		case OPT_AT: q.at = optarg; break;
		case OPT_MONTH:
			if (pk_parse_month(optarg, &q.o.year, &q.o.month) < 0)
				return pk_cli_error(&cli, "--month: \"%s\" is not YYYY-MM", optarg);
			month_given = 1;
			break;
		case OPT_TEAM: q.o.team = optarg; break;
		case OPT_YEAR:
			if (pk_arg_uint(prog, "--year", optarg, &year) < 0)
				return PK_EXIT_USAGE;
			if (year < 1900 || year > 2999)
				return pk_cli_error(&cli, "--year: %ld is not a year from 1900 to 2999", year);
			q.o.year = (int)year;
			year_given = 1;
			break;
		case OPT_FROM: from = optarg; break;
		case OPT_TO: to = optarg; break;
		case OPT_LIST: q.w.list = 1; break;
		case OPT_HTML:
		case OPT_CSV:
		case OPT_JSON:
			if (set_format(&q, c == OPT_HTML ? PK_RF_HTML : c == OPT_CSV ? PK_RF_CSV : PK_RF_JSON,
				       &fmt_given) < 0)
				return pk_cli_error(&cli, "--html, --csv and --json go one at a time");
			break;
		case OPT_TABLE: q.w.table = optarg; break;
		case 'o': output = optarg; break;
		default: return pk_cli_other(&cli, argv, c);
		}
	}
	if (optind + 1 != argc)
		return pk_cli_error(&cli, optind == argc ? "which report?" : "one report at a time");
	q.kind = pk_report_kind_of(argv[optind]);
	if (q.kind == PK_REP_NONE)
		return pk_cli_error(&cli, "no report \"%s\"", argv[optind]);
	if (q.w.table && q.format != PK_RF_CSV)
		return pk_cli_error(&cli, "--table goes with --csv");
	if ((from != NULL) != (to != NULL))
		return pk_cli_error(&cli, "a trend needs both --from and --to");
	if (from) {
		if (q.kind == PK_REP_ATTENDANCE)
			return pk_cli_error(&cli, "attendance has no trend (--from/--to)");
		if (pk_parse_month(from, &q.from_y, &q.from_m) < 0)
			return pk_cli_error(&cli, "--from: \"%s\" is not YYYY-MM", from);
		if (pk_parse_month(to, &q.to_y, &q.to_m) < 0)
			return pk_cli_error(&cli, "--to: \"%s\" is not YYYY-MM", to);
		if (q.to_y * 12 + q.to_m < q.from_y * 12 + q.from_m)
			return pk_cli_error(&cli, "--to is before --from");
		if ((q.to_y * 12 + q.to_m) - (q.from_y * 12 + q.from_m) >= 120)
			return pk_cli_error(&cli, "a trend covers at most 120 months");
		if (month_given || q.asof_given)
			return pk_cli_error(&cli, "a trend (--from/--to) takes no --month or --as-of");
		q.trend = 1;
	} else if (q.kind == PK_REP_COMPLIANCE && !month_given) {
		return pk_cli_error(&cli, "compliance needs --month YYYY-MM");
	}
	if (q.kind == PK_REP_AFTER && q.trend)
		return pk_cli_error(&cli, "after has no trend (--from/--to)");
	if (q.kind == PK_REP_AFTER && !month_given) {
		/* CPP §12 reports monthly: the last whole month before as-of. */
		char a[16];
		pk_date_fmt(q.o.as_of, a);
		q.o.year = atoi(a);
		q.o.month = atoi(a + 5) - 1;
		if (q.o.month == 0) {
			q.o.month = 12;
			q.o.year--;
		}
	}
	if (q.kind == PK_REP_ATTENDANCE && !year_given)
		return pk_cli_error(&cli, "attendance needs --year YYYY");
	if (year_given && q.kind != PK_REP_ATTENDANCE)
		return pk_cli_error(&cli, "--year goes with attendance");
	if (month_given && q.kind != PK_REP_COMPLIANCE && q.kind != PK_REP_AFTER)
		return pk_cli_error(&cli, "--month goes with compliance");
	if (q.o.team && q.kind != PK_REP_COMPLIANCE)
		return pk_cli_error(&cli, "--team goes with compliance");
	if (q.asof_given && q.kind == PK_REP_ATTENDANCE)
		return pk_cli_error(&cli, "attendance takes --year, not --as-of");

	int run = pk_report_run(&q, &out, &d);
	rc = run < 0 ? PK_EXIT_USAGE : run > 0 ? PK_EXIT_FINDINGS : PK_EXIT_OK;
	if (run >= 0 && pk_write_output(prog, output, out.s, out.len) < 0)
		rc = PK_EXIT_USAGE;
	pk_diags_sort(&d);
	pk_diags_print(stderr, &d);
	pk_diags_free(&d);
	sbuf_free(&out);
	return rc;
}
