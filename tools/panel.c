/* panel: runs panel-<verb>, like git runs git-<verb>. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "mem.h"
#include "runenv.h"
#include "text.h"

/* tools/mkman.sh and the shell completion take the verbs from the
 * "  VERB  what it does" lines of this help */
static const char *const synopsis[] = {
	"[--version] [--help] <command> [<args>]",
	NULL,
};
static const char description[] =
	"Records (cases/, panels/, people/ of a git repository):\n"
	"  init       create a records repository\n"
	"  validate   check records against the schema and the rules\n"
	"  commit     validate changed records and commit them with trailers\n"
	"  new        a new case, panel or person record to fill in, fresh ID\n"
	"  schema     the editors' schemas: per framework, and the records' IDs\n"
	"\n"
	"Many offices, one shared repository:\n"
	"  sync       fetch, merge field by field, validate, commit, push\n"
	"  resolve    finish a sync that stopped on a conflict\n"
	"  setup      make a clone's plain git merge records field by field\n"
	"  merge-file the record merge as a git merge driver (%O %A %B %P)\n"
	"\n"
	"Scheduling and panels:\n"
	"  due        who needs a panel, by when, and why (--explain CASE)\n"
	"  plan       assemble a sitting from the cases that are due\n"
	"  todo       what each person owes this week, with the rule behind it\n"
	"\n"
	"Documents:\n"
	"  agenda     the pre-panel report, or the person's own agenda\n"
	"  minutes    minutes, or a fill-in form before the sitting\n"
	"  letter     letters and emails a secretariat sends (nothing is sent)\n"
	"\n"
	"Audit and reports:\n"
	"  log        the history of one record, field by field\n"
	"  audit      check the history for gaps and rewrites\n"
	"  guard      the shared repository's pre-receive hook\n"
	"  report     compliance, coverage, detention and attendance figures\n"
	"  rules      what each rule ID means, and the values the tools apply\n"
	"\n"
	"'panel <command> --help' describes a command. Rules are cited by ID\n"
	"(CPP-CYCLE, PF-RECALL, ...): 'panel rules ID' says what one means.\n"
	"Exit status: 0 ok, 1 findings, 2 usage or I/O error.\n";
static const struct pk_cli cli = {
	.prog = "panel", .synopsis = synopsis, .description = description,
};

static const char *const verbs[] = {
	"agenda", "audit", "commit", "due", "guard", "init", "letter", "log",
	"merge-file", "minutes", "new", "plan", "report", "resolve", "rules",
	"schema", "setup", "sync", "todo", "validate",
};

/* Tries dir/panel-verb; returns only if exec failed. */
static void try_exec(const char *dir, const char *verb, char **argv)
{
	struct sbuf path = SBUF_INIT;
	sbuf_addf(&path, "%s/panel-%s", dir, verb);
	if (access(path.s, X_OK) == 0) {
		argv[0] = path.s;
		execv(path.s, argv);
		fprintf(stderr, "panel: cannot run %s: %s\n", path.s, strerror(errno));
		exit(PK_EXIT_USAGE);
	}
	sbuf_free(&path);
}

int main(int argc, char **argv)
{
	char exe[PATH_MAX];
	const char *verb;

	pk_check_stdout_at_exit("panel");
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
	    !strcmp(argv[1], "help")) {
		if (argc >= 3 && !strcmp(argv[1], "help")) {
			/* panel help VERB == panel VERB --help */
			char *args[] = {argv[0], argv[2], "--help", NULL};
			return main(3, args);
		}
		fputs(pk_cli_help(&cli), argc < 2 ? stderr : stdout);
		return argc < 2 ? PK_EXIT_USAGE : PK_EXIT_OK;
	}
	if (!strcmp(argv[1], "--version")) {
		puts("panel (panelkit) 0.1");
		return PK_EXIT_OK;
	}
	verb = argv[1];
	size_t i;
	for (i = 0; i < PK_ARRAY_LEN(verbs); i++)
		if (!strcmp(verb, verbs[i]))
			break;
	if (i == PK_ARRAY_LEN(verbs)) {
		fprintf(stderr, "panel: '%s' is not a panel command. See 'panel --help'.\n", verb);
		for (i = 0; i < PK_ARRAY_LEN(verbs); i++)
			if (pk_edit_distance(verb, strlen(verb), verbs[i], strlen(verbs[i])) <= 2)
				fprintf(stderr, "hint: did you mean 'panel %s'?\n", verbs[i]);
		return PK_EXIT_USAGE;
	}

	/* Where to look: $PANEL_EXEC_PATH, then beside this program, then PATH. */
	const char *env = getenv("PANEL_EXEC_PATH");
	if (env && *env)
		try_exec(env, verb, argv + 1);
	if (pk_exe_dir(exe, sizeof exe) == 0)
		try_exec(exe, verb, argv + 1);
	struct sbuf name = SBUF_INIT;
	sbuf_addf(&name, "panel-%s", verb);
	argv[1] = name.s;
	execvp(name.s, argv + 1);
	fprintf(stderr, "panel: 'panel-%s' is not installed or not on PATH (%s)\n", verb, strerror(errno));
	sbuf_free(&name);
	return PK_EXIT_USAGE;
}
