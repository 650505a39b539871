/* panel-init: create a records repository. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "diag.h"
#include "history.h"
#include "schemagen.h"
#include "runenv.h"

static const char prog[] = "panel init";
enum { OPT_AUTHOR = PK_OPT_CODE, OPT_BARE };
static const char *const synopsis[] = {
	"[--author \"Name <email>\"] DIR",
	"--bare DIR",
	NULL,
};
static const char description[] =
	"Creates a records repository in DIR (a new or empty directory, or an\n"
	"empty git repository; nothing is ever overwritten):\n"
	"  cases/ panels/ people/   one YAML record per file, <id>.yaml\n"
	"  schema/                  a copy of the schema, for editors' completion\n"
	"  .gitattributes           *.yaml stored with LF endings, YAML diff hunks\n"
	"  .vscode/settings.json    each folder's schema, for VS Code\n"
	"  .gitignore               schema/ids.schema.json: the repository's IDs\n"
	"                           for editors, rewritten by the panel tools\n"
	"  panelkit.yaml            the policy: what refuses and what warns\n"
	"  .git/hooks/              pre-commit, commit-msg, pre-merge-commit: plain\n"
	"                           git commit and git merge are checked as\n"
	"                           panel commit checks\n"
	"and makes the initial commit.  Then add records and run 'panel commit'.\n";
static const struct pk_opt options[] = {
	{"author", OPT_AUTHOR, "\"N <e>\"", "the author of the initial commit (default: git config\n"
	 "user.name and user.email)", 0},
	{"bare", OPT_BARE, NULL, "a shared repository to push to instead, guarded by\n"
	 "'panel guard' (pre-receive; no force push, no deletion)", 0},
	PK_OPT_END,
};
static const char epilogue[] =
	"Exit status: 0 created, 2 usage error, DIR not empty, or I/O error.\n";
static const struct pk_cli cli = {
	.prog = prog, .synopsis = synopsis, .description = description, .opts = options,
	.width = 18, .epilogue = epilogue,
};

int main(int argc, char **argv)
{
	pk_cli_start(prog, &argc, &argv, PK_CLI_QUIET);
	const char *author = NULL;
	int c, bare = 0;
	while ((c = pk_cli_getopt(&cli, argc, argv)) != -1) {
		switch (c) {
		case OPT_AUTHOR: author = optarg; break;
		case OPT_BARE: bare = 1; break;
		default: return pk_cli_other(&cli, argv, c);
		}
	}
	if (argc - optind != 1)
		return pk_cli_error(&cli, "give one directory");
	const char *dir = argv[optind];

	/* The hook falls back on the panel program beside this one. */
	char *panel = pk_panel_program();
	char *data = pk_data_dir();
	struct pk_diags d = PK_DIAGS_INIT;
	if (bare && author) {
		free(data);
		free(panel);
		return pk_cli_error(&cli, "--bare makes no commit: it takes no --author");
	}
	int r = bare ? pk_history_init_bare(dir, panel, &d) : pk_history_init(dir, data, author, panel, &d);
	if (r == 0 && !bare)
		r = pk_schemagen_update_ids(dir, &d);
	pk_diags_sort(&d);
	pk_diags_print(stderr, &d);
	if (r == 0 && bare && !pk_cli_quiet)
		printf("Created the shared repository %s (panel guard as pre-receive, and as proc-receive "
		       "to land pushes); push the records repository's main to it\n", dir);
	else if (r == 0 && !pk_cli_quiet)
		printf("Created the records repository %s (cases/, panels/, people/, schema/)\n", dir);
	pk_diags_free(&d);
	free(data);
	free(panel);
	return r == 0 ? PK_EXIT_OK : PK_EXIT_USAGE;
}
