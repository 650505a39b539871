/* panel-sync: fetch, merge field by field, validate, commit, push. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "sync.h"

static const char prog[] = "panel sync";
enum { OPT_REMOTE = PK_OPT_CODE, OPT_BRANCH, OPT_JSON, OPT_ABORT, OPT_NO_LAND };
static const char *const synopsis[] = {
	"[-C DIR] [--remote NAME] [--branch BRANCH] [--json] [--no-land]",
	"--abort [-C DIR]",
	NULL,
};
static const char description[] =
	"Brings the clone and the shared repository together, with libgit2 in\n"
	"process: fetch BRANCH (default: the branch checked out) from NAME (default\n"
	"origin); fast-forward when only the server moved; push when only the clone\n"
	"did; otherwise merge the server's commits with the local ones record by\n"
	"record, field by field (the record merge of 'panel merge-file'), validate\n"
	"every record the merge changed with the cross-record checks, commit the\n"
	"merge with the server's tip as first parent, and push.  A push that loses a\n"
	"race with another office is retried from the fetch, with jittered back-off\n"
	"(at most 12 attempts and 60 s).  The local branch and work tree move only once\n"
	"the server has taken the push.\n"
	"\n"
	"A shared repository made by 'panel init --bare' lands pushes itself (panel\n"
	"guard --land): sync then pushes its commits there, the server merges them\n"
	"with what it has in the same record merge, and sync fetches the result; no\n"
	"office races another's push.  A true conflict found there is merged here,\n"
	"so it is shown as above.\n"
	"\n"
	"Refuses to start with uncommitted changes or an unfinished merge, and holds\n"
	"the lock of 'panel commit'.  On a conflict nothing is committed or pushed and\n"
	"the work tree is untouched: one block per conflict (record, field, base, ours\n"
	"and theirs, who changed each in which commit); finish with 'panel resolve'.\n";
static const struct pk_opt options[] = {
	{NULL, 'C', "DIR", "the clone (default: the current directory)", 0},
	{"remote", OPT_REMOTE, "NAME", "the shared repository's remote (default: origin)", 0},
	{"branch", OPT_BRANCH, "NAME", "the branch to sync (must be the one checked out)", 0},
	{"json", OPT_JSON, NULL, "the outcome, conflicts and findings as JSON on stdout", 0},
	{"abort", OPT_ABORT, NULL, "drop a conflict waiting for 'panel resolve'", 0},
	{"no-land", OPT_NO_LAND, NULL, "push to the branch itself, even to a server that lands pushes", 0},
	PK_OPT_END,
};
static const char epilogue[] =
	"Credentials: ssh through the agent or ~/.ssh/id_ed25519 / id_rsa (host keys\n"
	"checked against ~/.ssh/known_hosts); https through PANEL_SYNC_USERNAME and\n"
	"PANEL_SYNC_PASSWORD (for cron) or git's configured credential helper; three\n"
	"refused attempts stop.  Certificates are always checked (a private CA:\n"
	"git config http.sslCAInfo FILE).\n"
	"\n"
	"Exit status: 0 in sync, 2 usage error, uncommitted changes or I/O error,\n"
	"3 conflict (nothing committed or pushed), 4 refused by the server (its\n"
	"messages are shown; the local commits are kept), 5 network or credentials.\n";
static const struct pk_cli cli = {
	.prog = prog, .synopsis = synopsis, .description = description, .opts = options,
	.width = 16, .epilogue = epilogue,
};

int main(int argc, char **argv)
{
	pk_cli_start(prog, &argc, &argv, PK_CLI_QUIET | PK_CLI_REPO);
	pk_check_stdout_at_exit(prog);
	struct pk_sync_opts o = {0};
	o.dir = ".";
	int c;
	while ((c = pk_cli_getopt(&cli, argc, argv)) != -1) {
		switch (c) {
		case 'C': o.dir = optarg; break;
		case OPT_REMOTE: o.remote = optarg; break;
		case OPT_BRANCH: o.branch = optarg; break;
		case OPT_JSON: o.json = 1; break;
		case OPT_ABORT: o.abort = 1; break;
		case OPT_NO_LAND: o.no_land = 1; break;
		default: return pk_cli_other(&cli, argv, c);
		}
	}
	if (optind != argc)
		return pk_cli_error(&cli, "unexpected argument '%s'", argv[optind]);
	enum pk_sync_outcome how;
	if (pk_sync(&o, &how) < 0)
		return PK_EXIT_USAGE;
	switch (how) {
	case PK_SYNC_IN_SYNC: return PK_EXIT_OK;
	case PK_SYNC_CONFLICTED: return 3;
	case PK_SYNC_REFUSED: return 4;
	case PK_SYNC_UNREACHABLE: return 5;
	}
	return PK_EXIT_USAGE;
}
