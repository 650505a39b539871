/* panel-audit: check the history for gaps and rewrites. */
#include <getopt.h>
#include <stdio.h>

#include "cli.h"
#include "diag.h"
#include "history.h"

static const char prog[] = "panel audit";
enum { OPT_SINCE = PK_OPT_CODE, OPT_JSON };
static const char *const synopsis[] = {
	"[-C DIR] [--since DATE] [--json]",
	NULL,
};
static const char description[] =
	"Walks the history of HEAD, oldest first, and reports (KIT-HISTORY):\n"
	"  - commits that left a record invalid (the records a commit touched are\n"
	"    validated in its tree, judged on its own date; their errors follow\n"
	"    as COMMIT:PATH:LINE:COL with the record's own rule codes)\n"
	"  - commits that changed records without Case:/Panel:/Person: trailers\n"
	"    naming them (made outside panelkit, e.g. git commit --no-verify)\n"
	"  - authors whose email is not in people/ (as of HEAD or of the commit)\n"
	"  - changes to a held panel's recorded outcome (recommendation, reasons,\n"
	"    actions, response) without a new corrections entry {date, by, field,\n"
	"    reason} for that field: outcomes are append-only\n"
	"  - non-fast-forward updates of a branch in its reflog (reset, amend,\n"
	"    rebase): history rewritten\n"
	"  - commits authored or committed before their parent; a committer who\n"
	"    is not the author without a Committer-Reason: trailer; Case:/Panel:/\n"
	"    Person: trailers naming records the commit did not change, and\n"
	"    Rule-Warnings: trailers panel commit would not write (by hand)\n"
	"  - refs/replace/*, .git/info/grafts and .git/shallow: git showing\n"
	"    something other than what was committed, or not all of it\n"
	"  - the anchor: the commit an earlier audit vouched for\n"
	"    (refs/panelkit/audited/BRANCH) no longer in the history of HEAD\n"
	"\n"
	"An audit of the whole history that finds nothing records HEAD under\n"
	"refs/panelkit/audited/BRANCH; fetch and push refs/panelkit/* (without\n"
	"'+') so that every clone checks against it.\n";
static const struct pk_opt options[] = {
	{NULL, 'C', "DIR", "the records repository (default: .)", 0},
	{"since", OPT_SINCE, "DATE", "only commits and reflog entries from DATE on", 0},
	{"json", OPT_JSON, NULL, "[{check, commit, ref, file, line, column, severity, rule,\n"
	 "message, hint}], check: invalid, trailer, author, outcome,\n"
	 "rewrite, date, committer, forged, replace, graft, shallow\n"
	 "or anchor", 0},
	PK_OPT_END,
};
static const char epilogue[] =
	"Exit status: 0 nothing found, 1 findings, 2 usage error or not a git\n"
	"repository.\n";
static const struct pk_cli cli = {
	.prog = prog, .synopsis = synopsis, .description = description, .opts = options,
	.width = 14, .epilogue = epilogue,
};

int main(int argc, char **argv)
{
	pk_cli_start(prog, &argc, &argv, PK_CLI_QUIET | PK_CLI_REPO);
	const char *dir = ".";
	int c, json = 0;
	struct pk_audit_opts o = {PK_NODATE, NULL};
	while ((c = pk_cli_getopt(&cli, argc, argv)) != -1) {
		switch (c) {
		case 'C': dir = optarg; break;
		case OPT_SINCE:
			if (pk_arg_date(prog, "--since", optarg, &o.since) < 0)
				return PK_EXIT_USAGE;
			break;
		case OPT_JSON: json = 1; break;
		default: return pk_cli_other(&cli, argv, c);
		}
	}
	if (optind < argc)
		return pk_cli_error(&cli, "unexpected argument \"%s\"", argv[optind]);
	struct pk_diags d = PK_DIAGS_INIT;
	struct pk_audit *a = pk_history_audit(dir, &o, &d);
	pk_diags_print(stderr, &d);
	pk_diags_free(&d);
	if (!a)
		return PK_EXIT_USAGE;
	size_t touching, commits = pk_audit_commits(a, &touching), n = pk_audit_count(a);
	if (json)
		pk_audit_print_json(stdout, a);
	else
		pk_audit_print(stdout, a);
	if (!json && !pk_cli_quiet)
		fprintf(stderr, "%s: %zu commit%s, %zu changing records: %zu finding%s\n", prog, commits,
			commits == 1 ? "" : "s", touching, n, n == 1 ? "" : "s");
	if (!json && pk_audit_anchor(a))
		fprintf(stderr, "%s: vouched for HEAD under %s\n", prog, pk_audit_anchor(a));
	pk_audit_free(a);
	return n ? PK_EXIT_FINDINGS : PK_EXIT_OK;
}
