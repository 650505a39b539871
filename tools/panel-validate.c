/* panel-validate: check records against the schema and the rules. */
static const char usage[] =
	"usage: panel validate [-C DIR] [--as-of DATE] [--at DATE|COMMIT | --staged] [--json] [-q]\n"
	"                      [FILE...]\n"
	"\n"
	"Checks the records of a repository (default: the current directory):\n"
	"YAML syntax, the schema in schema/, unique IDs and references that\n"
	"resolve (KIT-IDS), real dates in a possible order (KIT-DATES), and the\n"
	"rules (panel rules) that a record can break. With FILEs, checks only those.\n"
	"\n"
	"  -C DIR        the records repository (cases/, panels/, people/)\n"
	"  --as-of DATE  judge readiness and staleness on DATE (default: today),\n"
	"                over the records as they are now\n"
	"  --at DATE|COMMIT  the records as committed on DATE (the last commit on or\n"
	"                before it) or in COMMIT, not as they are now\n"
	"  --staged      what git would commit (the index against HEAD), with\n"
	"                the acceptance check of panel commit and the hooks\n"
	"  --json        findings as a JSON array of {file, line, column,\n"
	"                severity, rule, message, hint}\n"
	"  -q, --quiet   no summary line\n"
	"\n"
	"Findings print as FILE:LINE:COL: error|warning: MESSAGE [RULE-ID].\n"
	"Exit status: 0 no errors (warnings allowed), 1 errors, 2 usage or I/O.\n";

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "schemagen.h"
#include "diag.h"
#include "record.h"
#include "history.h"
#include "validate.h"

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{"as-of", required_argument, NULL, 'a'},
		{"worktree", no_argument, NULL, 'w'}, /* the default: kept for scripts */
		{"at", required_argument, NULL, 'T'},
		{"staged", no_argument, NULL, 's'},
		{"json", no_argument, NULL, 'j'},
		{"quiet", no_argument, NULL, 'q'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	pk_cli_start("panel validate", &argc, &argv, PK_CLI_REPO);
	const char *dir = ".";
	int json = 0, quiet = 0, staged = 0, c, asof_given = 0;
	const char *at = NULL;
	struct pk_validate_opts vo = {0, NULL};
	struct pk_diags d = PK_DIAGS_INIT;
	struct pk_validate_stats st;
	struct pk_source *src;

	vo.today = pk_today_date();
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":C:qh", opts, NULL)) != -1) {
		switch (c) {
		case 'C': dir = optarg; break;
		case 'a':
			if (pk_arg_date("panel validate", "--as-of", optarg, &vo.today) < 0)
				return PK_EXIT_USAGE;
			asof_given = 1;
			break;
		case 'w': break;
		case 'T': at = optarg; break;
		case 's': staged = 1; break;
		case 'j': json = 1; break;
		case 'q': quiet = 1; break;
		case 'h': fputs(usage, stdout); return PK_EXIT_OK;
		default: return pk_usage_badopt("panel validate", usage, argv, c);
		}
	}
	if (staged && (optind < argc || asof_given || at))
		return pk_usage_error("panel validate", usage,
				      "--staged takes no FILEs, --as-of or --at");
	if (at && optind < argc)
		return pk_usage_error("panel validate", usage, "--at takes no FILEs");
	if (staged) {
		/* the index door: the same check as the pre-commit hook */
		struct pk_verify_opts po = {vo.today, NULL, NULL, 0};
		size_t n = 0;
		int r = pk_history_verify_staged(dir, &po, &n, &d);
		pk_diags_sort(&d);
		if (json)
			pk_diags_print_json(stdout, &d);
		else
			pk_diags_print(stdout, &d);
		pk_flush_stdout("panel validate");
		if (!quiet && !json && r >= 0) {
			fprintf(stderr, "panel validate: %zu record%s (staged changes): ", n, n == 1 ? "" : "s");
			if (!d.errors && !d.warnings)
				fprintf(stderr, "no problems\n");
			else
				fprintf(stderr, "%zu error%s, %zu warning%s\n", d.errors, d.errors == 1 ? "" : "s",
					d.warnings, d.warnings == 1 ? "" : "s");
		}
		int code = r < 0 ? PK_EXIT_USAGE : d.errors ? PK_EXIT_FINDINGS : PK_EXIT_OK;
		pk_diags_free(&d);
		return code;
	}
	if (optind < argc)
		src = pk_source_files(dir, argv + optind, (size_t)(argc - optind), &d);
	else if (at)
		src = pk_source_at(dir, at, &d);
	else
		src = pk_source_dir(dir, &d);
	if (!src) {
		pk_diags_print(stderr, &d);
		pk_diags_free(&d);
		return PK_EXIT_USAGE;
	}
	/* Findings past 8 MB go to sorted runs on disk (diag.h): memory
	 * grows with the records, not with their mistakes. */
	pk_diags_spill(&d, PK_SPILL_BYTES);
	int r = pk_validate_source(src, &vo, &d, &st);
	pk_diags_sort(&d);
	if (json)
		pk_diags_print_json(stdout, &d);
	else
		pk_diags_print(stdout, &d);
	pk_flush_stdout("panel validate"); /* the summary comes after the findings */
	if (!quiet && !json) {
		fprintf(stderr, "panel validate: %zu record%s (%s): ", st.records,
			st.records == 1 ? "" : "s", src->label);
		if (r < 0)
			fprintf(stderr, "schema could not be loaded\n");
		else if (!d.errors && !d.warnings)
			fprintf(stderr, "no problems\n");
		else if (!st.invalid) /* none */
			fprintf(stderr, "%zu error%s, %zu warning%s\n", d.errors,
				d.errors == 1 ? "" : "s", d.warnings, d.warnings == 1 ? "" : "s");
		else
			fprintf(stderr, "%zu error%s (in %zu record%s), %zu warning%s\n", d.errors,
				d.errors == 1 ? "" : "s", st.invalid, st.invalid == 1 ? "" : "s",
				d.warnings, d.warnings == 1 ? "" : "s");
	}
	int code = r < 0 ? PK_EXIT_USAGE : d.errors ? PK_EXIT_FINDINGS : PK_EXIT_OK;
	if (!staged && optind == argc && !at)
		pk_schemagen_refresh_ids(dir); /* the editors' IDs (schemagen.h) */
	pk_diags_free(&d);
	pk_source_free(src);
	return code;
}
