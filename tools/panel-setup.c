/* panel-setup: make an existing clone merge records field by field. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "diag.h"
#include "history.h"
#include "runenv.h"

static const char prog[] = "panel setup";
static const char *const synopsis[] = {
	"[-C DIR]",
	NULL,
};
static const char description[] =
	"Sets up the clone holding DIR (default: the current directory) so that\n"
	"plain git merges records with the record merge of 'panel sync':\n"
	"  .git/config             merge.panel.driver = panel merge-file %O %A %B %P\n"
	"                          (git never copies it with a clone)\n"
	"  .git/info/attributes    cases/, panels/, people/ *.yaml merge=panel, unless\n"
	"                          the repository's .gitattributes already says so\n"
	"  .git/hooks/pre-merge-commit   validates a merge before git commits it\n"
	"Nothing in the work tree changes.  'panel init' does the same for a new\n"
	"repository.  Running it again is harmless.\n";
static const struct pk_opt options[] = {
	{NULL, 'C', "DIR", NULL, PK_OPT_HIDDEN},
	PK_OPT_END,
};
static const char epilogue[] =
	"Exit status: 0 set up, 2 usage error, not a git repository, or I/O error.\n";
static const struct pk_cli cli = {
	.prog = prog, .synopsis = synopsis, .description = description, .opts = options,
	.epilogue = epilogue,
};

int main(int argc, char **argv)
{
	pk_cli_start(prog, &argc, &argv, PK_CLI_QUIET | PK_CLI_REPO);
	pk_check_stdout_at_exit(prog);
	const char *dir = ".";
	int c;
	while ((c = pk_cli_getopt(&cli, argc, argv)) != -1) {
		switch (c) {
		case 'C': dir = optarg; break;
		default: return pk_cli_other(&cli, argv, c);
		}
	}
	if (optind != argc)
		return pk_cli_error(&cli, "unexpected argument '%s'", argv[optind]);
	char *panel = pk_panel_program();
	struct pk_diags d = PK_DIAGS_INIT;
	int r = pk_sync_setup(dir, panel, &d);
	pk_diags_sort(&d);
	pk_diags_print(stderr, &d);
	if (r == 0)
		printf("Set up %s: git merges records field by field (panel merge-file)\n", dir);
	pk_diags_free(&d);
	free(panel);
	return r == 0 ? PK_EXIT_OK : PK_EXIT_USAGE;
}
