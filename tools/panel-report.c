/* panel-report: the figures the policies ask managers to watch. */
static const char usage[] =
	"usage: panel report compliance --month YYYY-MM [--team TEAM] [options]\n"
	"       panel report coverage | detention [options]\n"
	"       panel report attendance --year YYYY [options]\n"
	"       panel report after [--month YYYY-MM] [options]\n"
	"       panel report compliance|coverage|detention --from YYYY-MM --to YYYY-MM\n"
	"\n"
	"  compliance  CPP-COMPLIANCE: per casework team, recommendations acknowledged\n"
	"              within 14 days, late, missing, rejections without a reason or\n"
	"              approver (CPP-RESPONSE), audits (CPP-AUDIT), the DQ list\n"
	"  coverage    PF-COVERAGE: IPP/DPP cases with a panel in the last 12 months,\n"
	"              by setting and RAG; overdue panels by rule; stale RAG ratings\n"
	"  detention   population by tier, reviews overdue, bail in principle,\n"
	"              recommendations in 12 months, release recommendations not followed\n"
	"  attendance  CPP-ATTENDANCE: panels per chair and member against 10-12\n"
	"  after       panels arranged and held (PF 10.7), teams below standard with\n"
	"              their SPOCs (CPP §12, §13), open actions by owner and age\n"
	"\n"
	"  -C DIR           the records repository (default: .)\n"
	"  --as-of DATE     the day the figures are worked out for (default: today),\n"
	"                   over the records as they are now\n"
	"  --at DATE|COMMIT the records as committed on DATE (the last commit on or\n"
	"                   before it) or in COMMIT\n"
	"  --month, --team  compliance: the month; one casework team (after: the\n"
	"                   month of the standard, default the one before as-of)\n"
	"  --year YYYY      attendance: the calendar year\n"
	"  --from, --to     a trend of the headline figures at each month end, from\n"
	"                   git history (at most 120 months)\n"
	"  --list           the IDs behind every count, so the figures can be checked\n"
	"  --html           a complete HTML page (trends: an inline SVG bar chart)\n"
	"  --csv            one table as CSV (RFC 4180); --table KEY picks it (keys:\n"
	"                   see --json)\n"
	"  --json           every table as JSON\n"
	"  -o FILE          write FILE (atomically) instead of standard output\n"
	"\n"
	"Markdown by default, with the definition of every figure under its table.\n"
	"Exit status: 0 written, 1 written but some records could not be read (left\n"
	"out, listed on standard error), 2 usage or I/O error.\n";

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "report.h"
#include "util.h"

static const char prog[] = "panel report";

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
	static const struct option opts[] = {
		{"as-of", required_argument, NULL, 'a'},
		{"worktree", no_argument, NULL, 'w'}, /* the default: kept for scripts */
		{"at", required_argument, NULL, 'G'},
		{"month", required_argument, NULL, 'm'},
		{"team", required_argument, NULL, 't'},
		{"year", required_argument, NULL, 'y'},
		{"from", required_argument, NULL, 'f'},
		{"to", required_argument, NULL, 'T'},
		{"list", no_argument, NULL, 'l'},
		{"html", no_argument, NULL, 'H'},
		{"csv", no_argument, NULL, 'c'},
		{"json", no_argument, NULL, 'j'},
		{"table", required_argument, NULL, 'b'},
		{"output", required_argument, NULL, 'o'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	pk_cli_start("panel report", &argc, &argv, PK_CLI_QUIET | PK_CLI_REPO);
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
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":C:o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'C': q.dir = optarg; break;
		case 'a':
			if (pk_arg_date(prog, "--as-of", optarg, &q.o.as_of) < 0)
				return PK_EXIT_USAGE;
			q.asof_given = 1;
			break;
		case 'w': break;
		case 'G': q.at = optarg; break;
		case 'm':
			if (pk_parse_month(optarg, &q.o.year, &q.o.month) < 0)
				return pk_usage_error(prog, usage, "--month: \"%s\" is not YYYY-MM", optarg);
			month_given = 1;
			break;
		case 't': q.o.team = optarg; break;
		case 'y':
			if (pk_arg_uint(prog, "--year", optarg, &year) < 0)
				return PK_EXIT_USAGE;
			if (year < 1900 || year > 2999)
				return pk_usage_error(prog, usage, "--year: %ld is not a year from 1900 to 2999", year);
			q.o.year = (int)year;
			year_given = 1;
			break;
		case 'f': from = optarg; break;
		case 'T': to = optarg; break;
		case 'l': q.w.list = 1; break;
		case 'H':
		case 'c':
		case 'j':
			if (set_format(&q, c == 'H' ? PK_RF_HTML : c == 'c' ? PK_RF_CSV : PK_RF_JSON,
				       &fmt_given) < 0)
				return pk_usage_error(prog, usage, "--html, --csv and --json go one at a time");
			break;
		case 'b': q.w.table = optarg; break;
		case 'o': output = optarg; break;
		case 'h': fputs(usage, stdout); return PK_EXIT_OK;
		case ':': return pk_usage_error(prog, usage, "%s needs a value", argv[optind - 1]);
		default: return pk_usage_error(prog, usage, "unknown option %s", argv[optind - 1]);
		}
	}
	if (optind + 1 != argc)
		return pk_usage_error(prog, usage, optind == argc ? "which report?" : "one report at a time");
	q.kind = pk_report_kind_of(argv[optind]);
	if (q.kind == PK_REP_NONE)
		return pk_usage_error(prog, usage, "no report \"%s\"", argv[optind]);
	if (q.w.table && q.format != PK_RF_CSV)
		return pk_usage_error(prog, usage, "--table goes with --csv");
	if ((from != NULL) != (to != NULL))
		return pk_usage_error(prog, usage, "a trend needs both --from and --to");
	if (from) {
		if (q.kind == PK_REP_ATTENDANCE)
			return pk_usage_error(prog, usage, "attendance has no trend (--from/--to)");
		if (pk_parse_month(from, &q.from_y, &q.from_m) < 0)
			return pk_usage_error(prog, usage, "--from: \"%s\" is not YYYY-MM", from);
		if (pk_parse_month(to, &q.to_y, &q.to_m) < 0)
			return pk_usage_error(prog, usage, "--to: \"%s\" is not YYYY-MM", to);
		if (q.to_y * 12 + q.to_m < q.from_y * 12 + q.from_m)
			return pk_usage_error(prog, usage, "--to is before --from");
		if ((q.to_y * 12 + q.to_m) - (q.from_y * 12 + q.from_m) >= 120)
			return pk_usage_error(prog, usage, "a trend covers at most 120 months");
		if (month_given || q.asof_given)
			return pk_usage_error(prog, usage, "a trend (--from/--to) takes no --month or --as-of");
		q.trend = 1;
	} else if (q.kind == PK_REP_COMPLIANCE && !month_given) {
		return pk_usage_error(prog, usage, "compliance needs --month YYYY-MM");
	}
	if (q.kind == PK_REP_AFTER && q.trend)
		return pk_usage_error(prog, usage, "after has no trend (--from/--to)");
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
		return pk_usage_error(prog, usage, "attendance needs --year YYYY");
	if (year_given && q.kind != PK_REP_ATTENDANCE)
		return pk_usage_error(prog, usage, "--year goes with attendance");
	if (month_given && q.kind != PK_REP_COMPLIANCE && q.kind != PK_REP_AFTER)
		return pk_usage_error(prog, usage, "--month goes with compliance");
	if (q.o.team && q.kind != PK_REP_COMPLIANCE)
		return pk_usage_error(prog, usage, "--team goes with compliance");
	if (q.asof_given && q.kind == PK_REP_ATTENDANCE)
		return pk_usage_error(prog, usage, "attendance takes --year, not --as-of");

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
