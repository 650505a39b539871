/* panel-setup: make an existing clone merge records field by field. */
static const char usage[] =
	"usage: panel setup [-C DIR]\n"
	"\n"
	"Sets up the clone holding DIR (default: the current directory) so that\n"
	"plain git merges records with the record merge of 'panel sync':\n"
	"  .git/config             merge.panel.driver = panel merge-file %O %A %B %P\n"
	"                          (git never copies it with a clone)\n"
	"  .git/info/attributes    cases/, panels/, people/ *.yaml merge=panel, unless\n"
	"                          the repository's .gitattributes already says so\n"
	"  .git/hooks/pre-merge-commit   validates a merge before git commits it\n"
	"Nothing in the work tree changes.  'panel init' does the same for a new\n"
	"repository.  Running it again is harmless.\n"
	"\n"
	"Exit status: 0 set up, 2 usage error, not a git repository, or I/O error.\n";

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "diag.h"
#include "history.h"
#include "util.h"

static const char *prog = "panel setup";

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	pk_cli_start(prog, &argc, &argv, PK_CLI_QUIET | PK_CLI_REPO);
	pk_check_stdout_at_exit(prog);
	const char *dir = ".";
	int c;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":hC:", opts, NULL)) != -1) {
		switch (c) {
		case 'C': dir = optarg; break;
		case 'h': fputs(usage, stdout); return PK_EXIT_OK;
		default: return pk_usage_badopt(prog, usage, argv, c);
		}
	}
	if (optind != argc)
		return pk_usage_error(prog, usage, "unexpected argument '%s'", argv[optind]);
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
