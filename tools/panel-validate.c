/* panel-validate: check records against the schema and the rules. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "schemagen.h"
#include "diag.h"
#include "record.h"
#include "history.h"
#include "validate.h"

static const char prog[] = "panel validate";
enum { OPT_AS_OF = PK_OPT_CODE, OPT_AT, OPT_STAGED, OPT_JSON, OPT_WORKTREE };
static const char *const synopsis[] = {
	"[-C DIR] [--as-of DATE] [--at DATE|COMMIT | --staged] [--json] [-q]\n"
	"[FILE...]",
	NULL,
};
static const char description[] =
	"Checks the records of a repository (default: the current directory):\n"
	"YAML syntax, the schema in schema/, unique IDs and references that\n"
	"resolve (KIT-IDS), real dates in a possible order (KIT-DATES), and the\n"
	"rules (panel rules) that a record can break. With FILEs, checks only those.\n";
static const struct pk_opt options[] = {
	{NULL, 'C', "DIR", "the records repository (cases/, panels/, people/)", 0},
	{"as-of", OPT_AS_OF, "DATE", "judge readiness and staleness on DATE (default: today),\n"
	 "over the records as they are now", 0},
	{"at", OPT_AT, "DATE|COMMIT", "the records as committed on DATE (the last commit on or\n"
	 "before it) or in COMMIT, not as they are now", 0},
	{"staged", OPT_STAGED, NULL, "what git would commit (the index against HEAD), with\n"
	 "the acceptance check of panel commit and the hooks", 0},
	{"json", OPT_JSON, NULL, "findings as a JSON array of {file, line, column,\n"
	 "severity, rule, message, hint}", 0},
	{"quiet", 'q', NULL, "no summary line", 0},
	{"worktree", OPT_WORKTREE, NULL, NULL, PK_OPT_HIDDEN}, /* the default: kept for scripts */
	PK_OPT_END,
};
static const char epilogue[] =
	"Findings print as FILE:LINE:COL: error|warning: MESSAGE [RULE-ID].\n"
	"Exit status: 0 no errors (warnings allowed), 1 errors, 2 usage or I/O.\n";
static const struct pk_cli cli = {
	.prog = prog, .synopsis = synopsis, .description = description, .opts = options,
	.width = 14, .epilogue = epilogue,
};

int main(int argc, char **argv)
{
	pk_cli_start(prog, &argc, &argv, PK_CLI_REPO);
	const char *dir = ".";
	int json = 0, quiet = 0, staged = 0, c, asof_given = 0;
	const char *at = NULL;
	struct pk_validate_opts vo = {0, NULL};
	struct pk_diags d = PK_DIAGS_INIT;
	struct pk_validate_stats st;
	struct pk_source *src;

	vo.today = pk_today_date();
	while ((c = pk_cli_getopt(&cli, argc, argv)) != -1) {
		switch (c) {
		case 'C': dir = optarg; break;
		case OPT_AS_OF:
			if (pk_arg_date(prog, "--as-of", optarg, &vo.today) < 0)
				return PK_EXIT_USAGE;
			asof_given = 1;
			break;
		case OPT_WORKTREE: break;
		case OPT_AT: at = optarg; break;
		case OPT_STAGED: staged = 1; break;
		case OPT_JSON: json = 1; break;
		case 'q': quiet = 1; break;
		default: return pk_cli_other(&cli, argv, c);
		}
	}
	if (staged && (optind < argc || asof_given || at))
		return pk_cli_error(&cli, "--staged takes no FILEs, --as-of or --at");
	if (at && optind < argc)
		return pk_cli_error(&cli, "--at takes no FILEs");
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
		pk_flush_stdout(prog);
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
	pk_flush_stdout(prog); /* the summary comes after the findings */
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
