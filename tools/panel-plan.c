/* panel-plan: assemble a sitting from the cases that are due. */
static const char usage[] =
	"usage: panel plan --framework detention --date DATE [--minutes N] [--chair ID]\n"
	"                  [-C DIR] [--write] [--json]\n"
	"       panel plan --framework ipp --setting custody|community --unit NAME\n"
	"                  --date DATE [--chair ID] [-C DIR] [--write] [--json]\n"
	"\n"
	"Lists the cases due or overdue by DATE, most urgent first, for one sitting.\n"
	"Detention: CPP-CYCLE, CPP-ADHOC and CPP-REREFER reviews, overdue first, then\n"
	"longest detained, fitted into the sitting by minutes per tier (CPP-LENGTH;\n"
	"light-touch bail cases shorter, CPP-LIGHT); cases that do not fit roll over.\n"
	"Shows each case's tier and the chair grade the sitting needs (CPP-CHAIR).\n"
	"Indeterminate sentences: the cases of one prison or probation delivery unit\n"
	"(PF 7.7) with a panel due, the core attendees and evidence each needs\n"
	"(PF-CORE-CUSTODY, PF-CORE-COMMUNITY, PF-WOMEN, PF-EVIDENCE) and the chair\n"
	"(PF-CHAIR). Cases already on a planned panel up to DATE are left out.\n"
	"\n"
	"  --framework F    detention or ipp\n"
	"  --date DATE      the sitting (YYYY-MM-DD)\n"
	"  --minutes N      detention: the sitting's length (default: 150, CPP-LENGTH)\n"
	"  --chair ID       say whether this person can chair it (grade and CPP\n"
	"                   training; or the PF-CHAIR role)\n"
	"  --setting S      ipp: custody or community\n"
	"  --unit NAME      ipp: the prison or PDU, as in the cases' unit:\n"
	"  -C DIR           the records repository (default: .)\n"
	"  --write          create panels/<ID>.yaml (CPP-DATE-A, or PP-DATE-UNIT),\n"
	"                   never over an existing file; needs --chair (the record\n"
	"                   format requires one) and a chair who qualifies; in a git\n"
	"                   repository the new panel is validated and committed\n"
	"                   (KIT-HISTORY)\n"
	"  --no-commit      with --write: write the file only, even in a git repository\n"
	"  --json           the plan as one JSON object (with the file written, if any)\n"
	"\n"
	"Exit status: 0 planned (and written), 1 the chair does not qualify or there\n"
	"is nothing to write, 2 usage or I/O error, or a record could not be read (a\n"
	"FIFO, symbolic link or device: nothing is written).\n";

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "diag.h"
#include "plan.h"
#include "record.h"

static const char *prog = "panel plan";

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{"framework", required_argument, NULL, 'f'},
		{"date", required_argument, NULL, 'd'},
		{"minutes", required_argument, NULL, 'm'},
		{"chair", required_argument, NULL, 'c'},
		{"setting", required_argument, NULL, 's'},
		{"unit", required_argument, NULL, 'u'},
		{"write", no_argument, NULL, 'w'},
		{"no-commit", no_argument, NULL, 'n'},
		{"json", no_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	pk_cli_start(prog, &argc, &argv, PK_CLI_QUIET | PK_CLI_REPO);
	const char *dir = ".", *fw = NULL;
	int write = 0, commit = 1, json = 0, have_date = 0, c;
	struct pk_plan_opts o;
	struct pk_plan p = PK_PLAN_INIT;
	struct pk_diags d = PK_DIAGS_INIT;

	memset(&o, 0, sizeof o);
	o.today = pk_today_date();
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":C:h", opts, NULL)) != -1) {
		switch (c) {
		case 'C': dir = optarg; break;
		case 'f': fw = optarg; break;
		case 'd':
			if (pk_arg_date(prog, "--date", optarg, &o.date) < 0)
				return PK_EXIT_USAGE;
			have_date = 1;
			break;
		case 'm':
			if (pk_arg_uint(prog, "--minutes", optarg, &o.minutes) < 0)
				return PK_EXIT_USAGE;
			if (o.minutes == 0)
				return pk_usage_error(prog, usage, "--minutes: a sitting needs some minutes");
			break;
		case 'c': o.chair = optarg; break;
		case 's': o.setting = optarg; break;
		case 'u': o.unit = optarg; break;
		case 'w': write = 1; break;
		case 'n': commit = 0; break;
		case 'j': json = 1; break;
		case 'h': fputs(usage, stdout); return PK_EXIT_OK;
		case ':': return pk_usage_error(prog, usage, "%s needs a value", argv[optind - 1]);
		default: return pk_usage_error(prog, usage, "unknown option %s", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return pk_usage_error(prog, usage, "unexpected argument \"%s\"", argv[optind]);
	if (!fw)
		return pk_usage_error(prog, usage, "--framework is required (detention or ipp)");
	if (strcmp(fw, "detention") == 0)
		o.fw = PK_FW_DETENTION;
	else if (strcmp(fw, "ipp") == 0)
		o.fw = PK_FW_IPP;
	else
		return pk_usage_error(prog, usage, "--framework: \"%s\" is not detention or ipp", fw);
	if (!have_date)
		return pk_usage_error(prog, usage, "--date is required");
	if (o.fw == PK_FW_IPP) {
		if (!o.setting || (strcmp(o.setting, "custody") != 0 && strcmp(o.setting, "community") != 0))
			return pk_usage_error(prog, usage, "--setting custody or --setting community is required with ipp");
		if (!o.unit || !*o.unit)
			return pk_usage_error(prog, usage, "--unit is required with ipp");
	} else if (o.setting || o.unit) {
		return pk_usage_error(prog, usage, "--setting and --unit are for ipp panels");
	}
	if (o.fw == PK_FW_IPP && o.minutes)
		return pk_usage_error(prog, usage, "--minutes is for detention panels (the ipp framework sets no length)");
	if (write && !o.chair)
		return pk_usage_error(prog, usage, "--write needs --chair ID: the record format requires a chair");

	struct pk_source *src = pk_source_dir(dir, &d);
	if (!src) {
		pk_diags_print(stderr, &d);
		pk_diags_free(&d);
		return PK_EXIT_USAGE;
	}
	int code = PK_EXIT_OK;
	if (write && commit) {
		/* A run killed between writing and committing left its panel:
		 * finish that instead of planning a second sitting beside it. */
		char *done = NULL, doid[41];
		int f = pk_plan_finish(dir, &o, &done, doid, &d);
		if (f != 0) {
			if (f > 0)
				printf("Finished an interrupted panel plan --write: committed %s%s%s (%.7s); "
				       "nothing new planned\n", strcmp(dir, ".") ? dir : "",
				       strcmp(dir, ".") ? "/" : "", done, doid);
			free(done);
			code = f > 0 ? PK_EXIT_OK : PK_EXIT_FINDINGS;
			goto cleanup;
		}
	}
	if (pk_plan_build(src, &o, &p, &d) < 0) {
		code = PK_EXIT_USAGE;
		goto cleanup;
	}
	if (!json)
		pk_plan_print(stdout, &p, &o);
	if (p.chair_given && !p.chair_ok)
		code = PK_EXIT_FINDINGS;
	/* A record that could not be read (a FIFO, a symbolic link, a file that
	 * does not parse: reported) may be a case due that the plan misses. */
	size_t unreadable = d.errors;
	if (unreadable)
		code = PK_EXIT_USAGE;
	/* --json: one object, so the write comes first and the object says
	 * what was written. */
	char *rel = NULL, oid[41] = "";
	if (write) {
		if (!p.nfit) {
			fprintf(stderr, "%s: nothing to write: no case due by the sitting is left to plan\n", prog);
			code = PK_EXIT_FINDINGS;
		} else if (!p.chair_ok) {
			fprintf(stderr, "%s: not written: chair %s does not qualify\n", prog, o.chair);
		} else if (unreadable) {
			fprintf(stderr, "%s: not written: %zu record%s could not be read, so the plan could "
				"miss a case that is due\n", prog, unreadable, unreadable == 1 ? "" : "s");
		} else if (pk_plan_write(dir, &p, &o, commit, &rel, oid, &d) == 0) {
			if (!json) {
				printf("\nWrote %s%s%s (status planned)", strcmp(dir, ".") ? dir : "",
				       strcmp(dir, ".") ? "/" : "", rel);
				if (oid[0])
					printf(", committed %.7s", oid);
				fputc('\n', stdout);
			}
		} else {
			code = PK_EXIT_USAGE;
		}
	}
	if (json)
		pk_plan_print_json(stdout, &p, &o, rel, oid[0] ? oid : NULL);
	free(rel);
cleanup:
	pk_diags_sort(&d);
	pk_diags_print(stderr, &d);
	pk_diags_free(&d);
	pk_plan_free(&p);
	pk_source_free(src);
	return code;
}
