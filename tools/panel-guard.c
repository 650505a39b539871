/* panel-guard: the server's pre-receive or update hook (issue 13). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accept.h"
#include "cli.h"
#include "diag.h"

static const char prog[] = "panel guard";
static const char *const synopsis[] = {
	"                   (pre-receive: \"old new ref\" lines on stdin)",
	"REF OLD NEW        (update hook)",
	NULL,
};
static const char description[] =
	"Run by git on the shared repository when someone pushes.  For the\n"
	"protected branch (panelkit.yaml guard.branch, default main) it refuses\n"
	"a push that deletes the branch or is not a fast-forward, and checks\n"
	"every pushed commit against its first parent with the acceptance check\n"
	"of panel commit and the hooks (only what each commit changes is read).\n"
	"Findings go to standard error in the usual format; the pusher sees them\n"
	"as 'remote:' lines.  Other branches are let through.\n"
	"\n"
	"'panel init --bare DIR' creates a shared repository with the guard\n"
	"installed as pre-receive.\n";
static const char epilogue[] =
	"Exit status: 0 accepted, 1 refused (git rejects the whole push), 2\n"
	"usage or I/O error (git rejects it too).\n";
static const struct pk_cli cli = {
	.prog = prog, .synopsis = synopsis, .description = description, .epilogue = epilogue,
};

static int parse_oid(const char *s, git_oid *out)
{
	return strlen(s) == GIT_OID_HEXSZ && git_oid_fromstr(out, s) == 0 ? 0 : -1;
}

int main(int argc, char **argv)
{
	pk_cli_start(prog, &argc, &argv, PK_CLI_QUIET);
	pk_check_stdout_at_exit(prog);
	int c;
	while ((c = pk_cli_getopt(&cli, argc, argv)) != -1) {
		switch (c) {
		default: return pk_cli_other(&cli, argv, c);
		}
	}
	int nargs = argc - optind;
	if (nargs != 0 && nargs != 3)
		return pk_cli_error(&cli, "give REF OLD NEW, or the lines on standard input");
	struct pk_diags d = PK_DIAGS_INIT;
	struct pk_git g;
	if (pk_guard_open(&g, &d) < 0) {
		pk_diags_print(stderr, &d);
		pk_diags_free(&d);
		return PK_EXIT_USAGE;
	}
	int refused = 0, failed = 0;
	size_t updates = 0;
	char line[1024];
	for (;;) {
		char *ref, *olds, *news;
		if (nargs == 3) {
			if (updates)
				break;
			ref = argv[optind];
			olds = argv[optind + 1];
			news = argv[optind + 2];
		} else {
			if (!fgets(line, sizeof line, stdin))
				break;
			line[strcspn(line, "\r\n")] = '\0';
			olds = strtok(line, " ");
			news = olds ? strtok(NULL, " ") : NULL;
			ref = news ? strtok(NULL, " ") : NULL;
			if (!ref) {
				fprintf(stderr, "%s: error: expected \"old new ref\" on standard input\n", prog);
				failed = 1;
				break;
			}
		}
		git_oid old, nw;
		if (parse_oid(olds, &old) < 0 || parse_oid(news, &nw) < 0) {
			fprintf(stderr, "%s: error: not an object ID in the update of %s\n", prog, ref);
			failed = 1;
			break;
		}
		updates++;
		int r = pk_guard_update(&g, ref, &old, &nw, NULL, &d);
		if (r < 0)
			failed = 1;
		else
			refused += r;
	}
	/* in push order: a finding's commit comes before the next one's */
	pk_diags_print(stderr, &d);
	if (failed)
		fprintf(stderr, "%s: the push could not be checked, so it was not accepted\n", prog);
	else if (refused)
		fprintf(stderr, "%s: refused: %d error%s; the push was not accepted\n", prog, refused,
			refused == 1 ? "" : "s");
	pk_diags_free(&d);
	pk_git_close(&g);
	return failed ? PK_EXIT_USAGE : refused ? PK_EXIT_FINDINGS : PK_EXIT_OK;
}
