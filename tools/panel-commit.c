/* panel-commit: validate changed records and commit them with trailers. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "accept.h"
#include "cli.h"
#include "diag.h"
#include "history.h"
#include "schemagen.h"
#include "files.h"

static const char prog[] = "panel commit";
enum { OPT_AUTHOR = PK_OPT_CODE, OPT_DRY_RUN, OPT_VERIFY_STAGED, OPT_MESSAGE_FILE, OPT_MERGE };
static const char *const synopsis[] = {
	"-m MESSAGE [--author \"Name <email>\"] [-C DIR] [--dry-run]\n"
	"[PATH...]",
	"--verify-staged [-C DIR] [--merge] [--message-file FILE]",
	NULL,
};
static const char description[] =
	"Validates the records that changed and commits them (libgit2, no hooks).\n"
	"Without PATHs: every record of cases/, panels/ and people/ that differs\n"
	"from HEAD (staged, modified, new or deleted); with PATHs, those record\n"
	"files as they are in the working tree.  Other staged files are left\n"
	"staged.  If any record has an error, prints the findings and changes\n"
	"nothing: HEAD, the index and the files stay as they were.\n"
	"\n"
	"The message gets a trailer for every record the commit touches, and the\n"
	"warnings that were accepted (KIT-HISTORY):\n"
	"    Case: DC-0001\n"
	"    Panel: CPP-2026-11-26-A\n"
	"    Person: p-chair\n"
	"    Rule-Warnings: 2 (CPP-CHAIR, KIT-DATES)\n";
static const struct pk_opt options[] = {
	{"message", 'm', "MSG", "why the records changed (required)", 0},
	{"author", OPT_AUTHOR, "\"N <e>\"", "the author (default: git config user.name and\n"
	 "user.email of the repository)", 0},
	{NULL, 'C', "DIR", "the records repository (default: .); PATHs are\n"
	 "relative to it", 0},
	{"dry-run", OPT_DRY_RUN, NULL, "validate and print the message; commit nothing", 0},
	{"verify-staged", OPT_VERIFY_STAGED, NULL, "check the index against HEAD and exit (the hooks of\n"
	 "panel init: pre-commit; --merge for pre-merge-commit;\n"
	 "--message-file F for commit-msg, the trailers too)", 0},
	{"quiet", 'q', NULL, "no summary line", 0},
	{"message-file", OPT_MESSAGE_FILE, "FILE", NULL, PK_OPT_HIDDEN},
	{"merge", OPT_MERGE, NULL, NULL, PK_OPT_HIDDEN},
	PK_OPT_END,
};
static const char epilogue[] =
	"A second panel commit in the same repository waits for the first (up to\n"
	"10 s), as it waits for a git command holding .git/index.lock.\n"
	"PANEL_TODAY=YYYY-MM-DD judges the rules on another day; GIT_AUTHOR_DATE\n"
	"and GIT_COMMITTER_DATE set the commit's dates as they do for git.\n"
	"\n"
	"Exit status: 0 committed (or valid), 1 invalid records (nothing changed)\n"
	"or nothing to commit, 2 usage, lock or I/O error.\n";
static const struct pk_cli cli = {
	.prog = prog, .synopsis = synopsis, .description = description, .opts = options,
	.width = 20, .epilogue = epilogue,
};

/* The hooks of panel init: pre-commit and pre-merge-commit check the
 * staged change; commit-msg (--message-file) checks it again with the
 * message and reports what only the message can break (the trailers),
 * the rest having been reported by pre-commit. */
static int verify_staged(const char *dir, int quiet, const char *msgfile, int merge)
{
	struct pk_diags d = PK_DIAGS_INIT, shown = PK_DIAGS_INIT;
	struct pk_verify_opts vo = {pk_today_date(), NULL, NULL, merge};
	size_t n = 0;
	char *msg = NULL;
	git_buf clean = {NULL, 0, 0};
	if (msgfile) {
		char err[256];
		size_t len;
		if (pk_read_file(msgfile, 1u << 20, 0, &msg, &len, err, sizeof err) < 0) {
			fprintf(stderr, "%s: error: %s: %s\n", prog, msgfile, err);
			return PK_EXIT_USAGE;
		}
		/* git runs commit-msg before it strips the # lines */
		git_libgit2_init();
		if (git_message_prettify(&clean, msg, 1, '#') == 0)
			vo.message = clean.ptr ? clean.ptr : "";
		else
			vo.message = msg;
	}
	int r = pk_history_verify_staged(dir, &vo, &n, &d);
	for (size_t i = 0; i < d.n; i++) {
		const struct pk_diag *g = &d.v[i];
		if (msgfile && r >= 0 && strcmp(pk_accept_check(g, dir), "trailer") != 0)
			continue;
		pk_diag_add(&shown, g->sev, g->file, g->line, g->col, g->src, g->rule, g->hint, "%s", g->msg);
	}
	pk_diags_sort(&shown);
	pk_diags_print(stderr, &shown);
	const char *what = msgfile ? "commit" : "staged changes";
	if (!quiet && r > 0)
		fprintf(stderr, "%s: %d error%s in the %s: not committed "
			"(fix them, or see 'panel validate --staged')\n", prog, r, r == 1 ? "" : "s", what);
	else if (!quiet && r == 0 && !msgfile && (n || d.n))
		fprintf(stderr, "%s: %zu staged record%s: valid\n", prog, n, n == 1 ? "" : "s");
	pk_diags_free(&d);
	pk_diags_free(&shown);
	git_buf_dispose(&clean);
	if (msgfile)
		git_libgit2_shutdown();
	free(msg);
	return r < 0 ? PK_EXIT_USAGE : r > 0 ? PK_EXIT_FINDINGS : PK_EXIT_OK;
}

int main(int argc, char **argv)
{
	pk_cli_start(prog, &argc, &argv, PK_CLI_REPO);
	const char *dir = ".";
	int c, verify = 0, quiet = 0, merge = 0;
	const char *msgfile = NULL;
	struct pk_commit_opts o = {NULL, NULL, 0, NULL, 0, 0};
	struct pk_commit_result res;
	struct pk_diags d = PK_DIAGS_INIT;

	while ((c = pk_cli_getopt(&cli, argc, argv)) != -1) {
		switch (c) {
		case 'm': o.message = optarg; break;
		case OPT_AUTHOR: o.author = optarg; break;
		case 'C': dir = optarg; break;
		case OPT_DRY_RUN: o.dry_run = 1; break;
		case OPT_VERIFY_STAGED: verify = 1; break;
		case OPT_MESSAGE_FILE: msgfile = optarg; break;
		case OPT_MERGE: merge = 1; break;
		case 'q': quiet = 1; break;
		default: return pk_cli_other(&cli, argv, c);
		}
	}
	if (verify) {
		if (optind < argc || o.message)
			return pk_cli_error(&cli, "--verify-staged takes no message or paths");
		return verify_staged(dir, quiet, msgfile, merge);
	}
	if (msgfile || merge) {
		return pk_cli_error(&cli, "--message-file and --merge go with --verify-staged");
	}
	if (!o.message)
		return pk_cli_error(&cli, "a message is required: -m \"why the records changed\"");
	o.today = pk_today_date();
	enum pk_commit_status st = pk_history_commit(dir, argv + optind, (size_t)(argc - optind),
						     &o, &res, &d);
	pk_diags_sort(&d);
	pk_diags_print(stderr, &d);
	int code = PK_EXIT_USAGE;
	switch (st) {
	case PK_COMMIT_DONE:
		if (o.dry_run) {
			printf("%s", res.message);
			if (!quiet)
				fprintf(stderr, "%s: %zu record%s valid (dry run: nothing committed)\n", prog,
					res.records, res.records == 1 ? "" : "s");
		} else if (!quiet) {
			char subject[73];
			snprintf(subject, sizeof subject, "%.*s", (int)strcspn(res.message, "\n"), res.message);
			printf("[%s %.7s] %s\n", res.branch, res.oid, subject);
			printf(" %zu record%s", res.records, res.records == 1 ? "" : "s");
			if (res.warnings)
				printf(", %zu warning%s accepted", res.warnings, res.warnings == 1 ? "" : "s");
			printf("\n");
		}
		if (!o.dry_run)
			pk_schemagen_refresh_ids(dir); /* the editors' IDs (schemagen.h) */
		code = PK_EXIT_OK;
		break;
	case PK_COMMIT_REFUSED:
		fprintf(stderr, "%s: refused: %zu error%s; nothing was committed or changed\n", prog,
			d.errors, d.errors == 1 ? "" : "s");
		code = PK_EXIT_FINDINGS;
		break;
	case PK_COMMIT_NOTHING:
		fprintf(stderr, "%s: nothing to commit: no record differs from HEAD\n", prog);
		code = PK_EXIT_FINDINGS;
		break;
	case PK_COMMIT_ERROR:
		code = PK_EXIT_USAGE;
		break;
	}
	free(res.message);
	pk_diags_free(&d);
	return code;
}
