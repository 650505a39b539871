/* panel-resolve: finish a sync that stopped on a conflict. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "sync.h"

static const char prog[] = "panel resolve";
enum { OPT_TAKE = PK_OPT_CODE, OPT_FILE, OPT_LIST };
static const char *const synopsis[] = {
	"[-C DIR] RECORD FIELD --take ours|theirs|base",
	"[-C DIR] RECORD --take ours|theirs|base",
	"[-C DIR] RECORD --file FILE",
	"[-C DIR] --list",
	NULL,
};
static const char description[] =
	"Chooses the value of one conflict that 'panel sync' reported: FIELD as\n"
	"printed (rag[2].rating), taken from ours (this clone's commits), theirs\n"
	"(the server's) or base (as it was before either); without FIELD the whole\n"
	"RECORD as that side has it (absent there: the record is deleted); --file\n"
	"takes FILE as the merged record.  When no conflict is left, the merge is\n"
	"validated and committed (a 'Panel-Resolved: RECORD FIELD SIDE' trailer per\n"
	"choice, the server's tip as first parent) and the branch and work tree move\n"
	"to it; run 'panel sync' to push it.  The pending state lives in\n"
	".git/panel-sync/; 'panel sync --abort' drops it.  --list prints the open\n"
	"conflicts, one 'RECORD<TAB>FIELD' line each.\n";
static const struct pk_opt options[] = {
	{"take", OPT_TAKE, "ours|theirs|base", NULL, PK_OPT_HIDDEN},
	{"file", OPT_FILE, "FILE", NULL, PK_OPT_HIDDEN},
	{"list", OPT_LIST, NULL, NULL, PK_OPT_HIDDEN},
	{NULL, 'C', "DIR", NULL, PK_OPT_HIDDEN},
	PK_OPT_END,
};
static const char epilogue[] =
	"Exit status: 0 merged (or listed), 3 conflicts still open, 2 usage error\n"
	"or no conflict waiting.\n";
static const struct pk_cli cli = {
	.prog = prog, .synopsis = synopsis, .description = description, .opts = options,
	.epilogue = epilogue,
};

int main(int argc, char **argv)
{
	pk_cli_start(prog, &argc, &argv, PK_CLI_QUIET | PK_CLI_REPO);
	pk_check_stdout_at_exit(prog);
	struct pk_resolve_opts o = {0};
	o.dir = ".";
	const char *take = NULL;
	int c;
	while ((c = pk_cli_getopt(&cli, argc, argv)) != -1) {
		switch (c) {
		case 'C': o.dir = optarg; break;
		case OPT_TAKE: take = optarg; break;
		case OPT_FILE: o.file = optarg; break;
		case OPT_LIST: o.list = 1; break;
		default: return pk_cli_other(&cli, argv, c);
		}
	}
	int n = argc - optind;
	if (o.list)
		return n ? pk_cli_error(&cli, "--list takes no arguments")
			 : pk_resolve(&o) < 0 ? PK_EXIT_USAGE : PK_EXIT_OK;
	if (n < 1 || n > 2)
		return pk_cli_error(&cli, "give RECORD and FIELD");
	o.record = argv[optind];
	o.field = n == 2 ? argv[optind + 1] : NULL;
	/* The state files are lines of tab-separated fields. */
	for (const char *p = o.record; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return pk_cli_error(&cli, "RECORD holds a control character");
	for (const char *p = o.field ? o.field : ""; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return pk_cli_error(&cli, "FIELD holds a control character");
	if (!!take == !!o.file)
		return pk_cli_error(&cli, "give --take ours|theirs|base or --file FILE");
	if (o.file && o.field)
		return pk_cli_error(&cli, "--file replaces the whole record: give no FIELD");
	if (take) {
		if (!strcmp(take, "ours"))
			o.take = PK_TAKE_OURS;
		else if (!strcmp(take, "theirs"))
			o.take = PK_TAKE_THEIRS;
		else if (!strcmp(take, "base"))
			o.take = PK_TAKE_BASE;
		else
			return pk_cli_error(&cli, "--take: '%s' is not ours, theirs or base", take);
	}
	int open = pk_resolve(&o);
	return open < 0 ? PK_EXIT_USAGE : open ? 3 : PK_EXIT_OK;
}
