/* panel-plan: assemble a sitting from the cases that are due. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "diag.h"
#include "plan.h"
#include "record.h"

static const char prog[] = "panel plan";
enum { OPT_FRAMEWORK = PK_OPT_CODE, OPT_DATE, OPT_MINUTES, OPT_CHAIR, OPT_SETTING, OPT_UNIT,
	OPT_WRITE, OPT_NO_COMMIT, OPT_JSON };
static const char *const synopsis[] = {
	"--framework detention --date DATE [--minutes N] [--chair ID]\n"
	"[-C DIR] [--write] [--json]",
	"--framework ipp --setting custody|community --unit NAME\n"
	"--date DATE [--chair ID] [-C DIR] [--write] [--json]",
	NULL,
};
static const char description[] =
	"Lists the cases due or overdue by DATE, most urgent first, for one sitting.\n"
	"Detention: CPP-CYCLE, CPP-ADHOC and CPP-REREFER reviews, overdue first, then\n"
	"longest detained, fitted into the sitting by minutes per tier (CPP-LENGTH;\n"
	"light-touch bail cases shorter, CPP-LIGHT); cases that do not fit roll over.\n"
	"Shows each case's tier and the chair grade the sitting needs (CPP-CHAIR).\n"
	"Indeterminate sentences: the cases of one prison or probation delivery unit\n"
	"(PF 7.7) with a panel due, the core attendees and evidence each needs\n"
	"(PF-CORE-CUSTODY, PF-CORE-COMMUNITY, PF-WOMEN, PF-EVIDENCE) and the chair\n"
	"(PF-CHAIR). Cases already on a planned panel up to DATE are left out.\n";
static const struct pk_opt options[] = {
	{"framework", OPT_FRAMEWORK, "F", "detention or ipp", 0},
	{"date", OPT_DATE, "DATE", "the sitting (YYYY-MM-DD)", 0},
	{"minutes", OPT_MINUTES, "N", "detention: the sitting's length (default: 150, CPP-LENGTH)", 0},
	{"chair", OPT_CHAIR, "ID", "say whether this person can chair it (grade and CPP\n"
	 "training; or the PF-CHAIR role)", 0},
	{"setting", OPT_SETTING, "S", "ipp: custody or community", 0},
	{"unit", OPT_UNIT, "NAME", "ipp: the prison or PDU, as in the cases' unit:", 0},
	{NULL, 'C', "DIR", "the records repository (default: .)", 0},
	{"write", OPT_WRITE, NULL, "create panels/<ID>.yaml (CPP-DATE-A, or PP-DATE-UNIT),\n"
	 "never over an existing file; needs --chair (the record\n"
	 "format requires one) and a chair who qualifies; in a git\n"
	 "repository the new panel is validated and committed\n"
	 "(KIT-HISTORY)", 0},
	{"no-commit", OPT_NO_COMMIT, NULL, "with --write: write the file only, even in a git repository", 0},
	{"json", OPT_JSON, NULL, "the plan as one JSON object (with the file written, if any)", 0},
	PK_OPT_END,
};
static const char epilogue[] =
	"Exit status: 0 planned (and written), 1 the chair does not qualify or there\n"
	"is nothing to write, 2 usage or I/O error, or a record could not be read (a\n"
	"FIFO, symbolic link or device: nothing is written).\n";
static const struct pk_cli cli = {
	.prog = prog, .synopsis = synopsis, .description = description, .opts = options,
	.width = 17, .epilogue = epilogue,
};

int main(int argc, char **argv)
{
	pk_cli_start(prog, &argc, &argv, PK_CLI_QUIET | PK_CLI_REPO);
	const char *dir = ".", *fw = NULL;
	int write = 0, commit = 1, json = 0, have_date = 0, c;
	struct pk_plan_opts o;
	struct pk_plan p = PK_PLAN_INIT;
	struct pk_diags d = PK_DIAGS_INIT;

	memset(&o, 0, sizeof o);
	o.today = pk_today_date();
	while ((c = pk_cli_getopt(&cli, argc, argv)) != -1) {
		switch (c) {
		case 'C': dir = optarg; break;
		case OPT_FRAMEWORK: fw = optarg; break;
		case OPT_DATE:
			if (pk_arg_date(prog, "--date", optarg, &o.date) < 0)
				return PK_EXIT_USAGE;
			have_date = 1;
			break;
		case OPT_MINUTES:
			if (pk_arg_uint(prog, "--minutes", optarg, &o.minutes) < 0)
				return PK_EXIT_USAGE;
			if (o.minutes == 0)
				return pk_cli_error(&cli, "--minutes: a sitting needs some minutes");
			break;
		case OPT_CHAIR: o.chair = optarg; break;
		case OPT_SETTING: o.setting = optarg; break;
		case OPT_UNIT: o.unit = optarg; break;
		case OPT_WRITE: write = 1; break;
		case OPT_NO_COMMIT: commit = 0; break;
		case OPT_JSON: json = 1; break;
		default: return pk_cli_other(&cli, argv, c);
		}
	}
	if (optind < argc)
		return pk_cli_error(&cli, "unexpected argument \"%s\"", argv[optind]);
	if (!fw)
		return pk_cli_error(&cli, "--framework is required (detention or ipp)");
	if (strcmp(fw, "detention") == 0)
		o.fw = PK_FW_DETENTION;
	else if (strcmp(fw, "ipp") == 0)
		o.fw = PK_FW_IPP;
	else
		return pk_cli_error(&cli, "--framework: \"%s\" is not detention or ipp", fw);
	if (!have_date)
		return pk_cli_error(&cli, "--date is required");
	if (o.fw == PK_FW_IPP) {
		if (!o.setting || (strcmp(o.setting, "custody") != 0 && strcmp(o.setting, "community") != 0))
			return pk_cli_error(&cli, "--setting custody or --setting community is required with ipp");
		if (!o.unit || !*o.unit)
			return pk_cli_error(&cli, "--unit is required with ipp");
	} else if (o.setting || o.unit) {
		return pk_cli_error(&cli, "--setting and --unit are for ipp panels");
	}
	if (o.fw == PK_FW_IPP && o.minutes)
		return pk_cli_error(&cli, "--minutes is for detention panels (the ipp framework sets no length)");
	if (write && !o.chair)
		return pk_cli_error(&cli, "--write needs --chair ID: the record format requires a chair");

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
