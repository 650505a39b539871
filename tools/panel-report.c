/* panel-report: the figures the policies ask managers to watch. */
static const char usage[] =
	"usage: panel report compliance --month YYYY-MM [--team TEAM] [--as-of DATE] [options]\n"
	"       panel report coverage [--as-of DATE] [options]\n"
	"       panel report detention [--as-of DATE] [options]\n"
	"       panel report attendance --year YYYY [options]\n"
	"       panel report compliance|coverage|detention --from YYYY-MM --to YYYY-MM [options]\n"
	"\n"
	"  compliance   CPP-COMPLIANCE: per casework team, the month's recommendations,\n"
	"               acknowledged within 14 days (count, rate), late, missing,\n"
	"               rejections without a reason or an approver of the grade\n"
	"               (CPP-RESPONSE), audits due and done (CPP-AUDIT); then the\n"
	"               list of non-compliant cases\n"
	"  coverage     PF-COVERAGE: IPP/DPP cases in custody and in the community\n"
	"               with a panel in the last 12 months, by RAG; overdue panels\n"
	"               by rule; RAG ratings older than 183 days (PF-RAG-REVIEW)\n"
	"  detention    detained population by tier, reviews overdue, bail in\n"
	"               principle, recommendations in the last 12 months and how many\n"
	"               release recommendations were not followed\n"
	"  attendance   CPP-ATTENDANCE: panels per chair and member against 10-12\n"
	"\n"
	"Options:\n"
	"  -C DIR            the records repository (default: .)\n"
	"  --as-of DATE      the figures as they stood on DATE (default: today); in a\n"
	"                    git repository a past DATE reads the records as\n"
	"                    committed at the end of that day\n"
	"  --worktree        read the working tree even with a past --as-of\n"
	"  --month YYYY-MM   compliance: the month\n"
	"  --team TEAM       compliance: one casework team (the case's team)\n"
	"  --year YYYY       attendance: the calendar year\n"
	"  --from YYYY-MM, --to YYYY-MM\n"
	"                    a trend: the headline figures at each month end, from\n"
	"                    git history (compliance: each month as recorded at the\n"
	"                    end of the next); at most 120 months\n"
	"  --list            the IDs behind every count (CASE, CASE@PANEL, PANEL or\n"
	"                    PERSON), so the figures can be checked\n"
	"  --html            a complete HTML page (through cmark; trends get an\n"
	"                    inline SVG bar chart)\n"
	"  --csv             one table as CSV (RFC 4180, CRLF); --list adds a column of\n"
	"                    IDs after each count\n"
	"  --table KEY       --csv: which table (default: the first); the keys are in\n"
	"                    the --json output (compliance: responses, audits, dq;\n"
	"                    coverage: coverage, overdue, rag; detention: population,\n"
	"                    overdue, recommendations, release; attendance: people,\n"
	"                    summary; trends: trend)\n"
	"  --json            every table as JSON\n"
	"  -o, --output FILE write FILE (atomically) instead of standard output\n"
	"\n"
	"Markdown tables by default. The definitions of every figure are printed\n"
	"under the tables. Exit status: 0 written, 1 written but some records could\n"
	"not be read (listed on standard error; the figures leave them out),\n"
	"2 usage or I/O error.\n";

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
		{"worktree", no_argument, NULL, 'w'},
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
		case 'w': q.worktree = 1; break;
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
	if (q.kind == PK_REP_ATTENDANCE && !year_given)
		return pk_usage_error(prog, usage, "attendance needs --year YYYY");
	if (year_given && q.kind != PK_REP_ATTENDANCE)
		return pk_usage_error(prog, usage, "--year goes with attendance");
	if (month_given && q.kind != PK_REP_COMPLIANCE)
		return pk_usage_error(prog, usage, "--month goes with compliance");
	if (q.o.team && q.kind != PK_REP_COMPLIANCE)
		return pk_usage_error(prog, usage, "--team goes with compliance");
	if (q.asof_given && q.kind == PK_REP_ATTENDANCE)
		return pk_usage_error(prog, usage, "attendance takes --year, not --as-of");

	rc = pk_report_run(&q, &out, &d);
	if (rc != PK_EXIT_USAGE) {
		if (output) {
			if (pk_write_atomic(output, sbuf_str(&out), out.len, 0) < 0) {
				fprintf(stderr, "%s: %s: %s\n", prog, output, strerror(errno));
				rc = PK_EXIT_USAGE;
			}
		} else if (fwrite(sbuf_str(&out), 1, out.len, stdout) != out.len || fflush(stdout)) {
			fprintf(stderr, "%s: cannot write the output: %s\n", prog, strerror(errno));
			rc = PK_EXIT_USAGE;
		}
	}
	pk_diags_sort(&d);
	pk_diags_print(stderr, &d);
	pk_diags_free(&d);
	sbuf_free(&out);
	return rc;
}
