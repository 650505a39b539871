/* panel-log: the history of one record, field by field. */
#include <getopt.h>
#include <stdio.h>

#include "cli.h"
#include "diag.h"
#include "history.h"

static const char prog[] = "panel log";
enum { OPT_JSON = PK_OPT_CODE };
static const char *const synopsis[] = {
	"[-C DIR] [--json] [-n N] CASE|PANEL|PERSON|PATH",
	NULL,
};
static const char description[] =
	"The commits that changed one record, newest first: short commit, date,\n"
	"author and subject, then what changed as YAML paths with old -> new\n"
	"values (not a text diff):\n"
	"\n"
	"    1a2b3c4 2026-03-01 Ann Admin <ann@example.org>: March RAG review\n"
	"        rag[2].rating: amber -> red\n"
	"        rag[3]: (absent) -> {rating: red, date: 2026-03-01, reason: ...}\n"
	"\n"
	"List items are matched by their id, case, person or date, so an inserted\n"
	"item shows as one addition; a multi-line text shows as a line diff; a\n"
	"renamed key shows as removed and added.  Renames of the file itself are\n"
	"not followed.\n";
static const struct pk_opt options[] = {
	{NULL, 'C', "DIR", "the records repository (default: .)", 0},
	{"json", OPT_JSON, NULL, "{record, commits: [{commit, date, time, tz, author, email,\n"
	 "subject, body, created, deleted, changes: [{path, op, old,\n"
	 "new}]}]}", 0},
	{NULL, 'n', "N", "at most N commits", 0},
	PK_OPT_END,
};
static const char epilogue[] =
	"Exit status: 0 ok (also for a record with no commits), 2 usage error,\n"
	"unknown record or not a git repository.\n";
static const struct pk_cli cli = {
	.prog = prog, .synopsis = synopsis, .description = description, .opts = options,
	.width = 11, .epilogue = epilogue,
};

int main(int argc, char **argv)
{
	pk_cli_start(prog, &argc, &argv, PK_CLI_QUIET | PK_CLI_REPO);
	const char *dir = ".";
	int c, json = 0;
	long max = 0;
	while ((c = pk_cli_getopt(&cli, argc, argv)) != -1) {
		switch (c) {
		case 'C': dir = optarg; break;
		case OPT_JSON: json = 1; break;
		case 'n':
			if (pk_arg_uint(prog, "-n", optarg, &max) < 0)
				return PK_EXIT_USAGE;
			break;
		default: return pk_cli_other(&cli, argv, c);
		}
	}
	if (argc - optind != 1)
		return pk_cli_error(&cli, "give one record: a case, panel or person ID");
	struct pk_diags d = PK_DIAGS_INIT;
	struct pk_log log;
	int r = pk_history_log(dir, argv[optind], (size_t)max, &log, &d);
	pk_diags_print(stderr, &d);
	if (r == 0) {
		if (json)
			pk_log_print_json(stdout, &log);
		else
			pk_log_print(stdout, &log);
	}
	pk_log_free(&log);
	pk_diags_free(&d);
	return r == 0 ? PK_EXIT_OK : PK_EXIT_USAGE;
}
