/* panel-guard: the server's pre-receive or update hook (issue 13). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accept.h"
#include "cli.h"
#include "diag.h"
#include "history.h"
#include "history_git.h"
#include "sync.h"

#include <errno.h>
#include <unistd.h>

static const char prog[] = "panel guard";
enum { OPT_LAND = PK_OPT_CODE };
static const char *const synopsis[] = {
	"                   (pre-receive: \"old new ref\" lines on stdin)",
	"REF OLD NEW        (update hook)",
	"--land             (proc-receive hook: git's pkt-lines on stdin and stdout)",
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
	"With --land, run by git as the proc-receive hook for pushes to\n"
	"refs/panelkit/land/BRANCH (receive.procReceiveRefs), it lands the pushed\n"
	"commit on BRANCH itself, one push at a time: the pushed commits through\n"
	"the same acceptance check, then a fast-forward or the record merge of\n"
	"panel sync with the branch's tip (validated, committed under the pusher's\n"
	"name, the tip as first parent).  A push there does not race the other\n"
	"offices' pushes; a true conflict is left to the pusher's panel sync.\n"
	"\n"
	"'panel init --bare DIR' creates a shared repository with the guard\n"
	"installed as pre-receive and as proc-receive (--land).\n";
static const struct pk_opt options[] = {
	{"land", OPT_LAND, NULL, "be the proc-receive hook that lands pushes (see above)", 0},
	PK_OPT_END,
};
static const char epilogue[] =
	"Exit status: 0 accepted, 1 refused (git rejects the whole push), 2\n"
	"usage or I/O error (git rejects it too).\n";
static const struct pk_cli cli = {
	.prog = prog, .synopsis = synopsis, .description = description, .opts = options,
	.width = 16, .epilogue = epilogue,
};

/* ---- --land: git's proc-receive protocol (githooks(5)), pkt-lines ---- */

/* One pkt-line into buf (NUL-terminated, the trailing newline dropped).
 * Returns its length, 0 for a flush-pkt, -1 at the end or on an error. */
static int pkt_read(char *buf, size_t cap)
{
	char hdr[5] = "";
	size_t got = 0;
	while (got < 4) {
		ssize_t n = read(0, hdr + got, 4 - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		got += (size_t)n;
	}
	char *end;
	long len = strtol(hdr, &end, 16);
	if (end != hdr + 4 || len < 0)
		return -1;
	if (len == 0)
		return 0;
	if (len < 4 || (size_t)len - 4 >= cap)
		return -1;
	size_t want = (size_t)len - 4;
	for (got = 0; got < want;) {
		ssize_t n = read(0, buf + got, want - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		got += (size_t)n;
	}
	buf[want] = '\0';
	if (want && buf[want - 1] == '\n')
		buf[--want] = '\0';
	return want ? (int)want : 1; /* an empty line is not a flush */
}

static int pkt_write(const char *text)
{
	char buf[1100];
	size_t n = strlen(text);
	if (n + 5 > sizeof buf)
		return -1;
	if (n) {
		char hdr[8];
		snprintf(hdr, sizeof hdr, "%04zx", n + 5);
		memcpy(buf, hdr, 4);
		memcpy(buf + 4, text, n);
		buf[n + 4] = '\n';
	} else {
		memcpy(buf, "0000", 4);
	}
	size_t len = n ? n + 5 : 4;
	for (size_t off = 0; off < len;) {
		ssize_t w = write(1, buf + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		off += (size_t)w;
	}
	return 0;
}

#define LAND_PREFIX PK_LAND_REFS

static int land(struct pk_git *g)
{
	char line[1024];
	int n = pkt_read(line, sizeof line);
	if (n <= 0 || strncmp(line, "version=1", 9)) {
		fprintf(stderr, "%s: error: not git's proc-receive protocol version 1 on standard input\n", prog);
		return PK_EXIT_USAGE;
	}
	while ((n = pkt_read(line, sizeof line)) > 0)
		; /* the rest of the negotiation */
	if (n < 0 || pkt_write("version=1") < 0 || pkt_write("") < 0)
		return PK_EXIT_USAGE;
	struct cmd {
		git_oid nw;
		char ref[512];
	} *cv = NULL;
	size_t nc = 0;
	while ((n = pkt_read(line, sizeof line)) > 0) {
		char olds[64], news[64], ref[512];
		if (sscanf(line, "%63s %63s %511s", olds, news, ref) != 3 || strlen(news) != GIT_OID_HEXSZ) {
			fprintf(stderr, "%s: error: expected \"old new ref\" from git\n", prog);
			free(cv);
			return PK_EXIT_USAGE;
		}
		cv = realloc(cv, (nc + 1) * sizeof *cv);
		if (!cv || git_oid_fromstr(&cv[nc].nw, news) < 0) {
			free(cv);
			return PK_EXIT_USAGE;
		}
		snprintf(cv[nc].ref, sizeof cv[nc].ref, "%s", ref);
		nc++;
	}
	if (n < 0) {
		free(cv);
		return PK_EXIT_USAGE;
	}
	int ok = 1;
	for (size_t i = 0; i < nc; i++) {
		struct pk_diags d = PK_DIAGS_INIT;
		struct pk_land_result res;
		char out[1024];
		const char *branch = cv[i].ref + strlen(LAND_PREFIX);
		int r = -1;
		if (strncmp(cv[i].ref, LAND_PREFIX, strlen(LAND_PREFIX)) || !*branch)
			snprintf(out, sizeof out, "ng %s not a ref of %sBRANCH", cv[i].ref, LAND_PREFIX);
		else if ((r = pk_land(g, branch, &cv[i].nw, NULL, &res, &d)) < 0)
			snprintf(out, sizeof out, "ng %s the push could not be landed", cv[i].ref);
		else if (res.outcome != PK_LAND_LANDED)
			snprintf(out, sizeof out, "ng %s %s", cv[i].ref, res.why);
		pk_diags_print(stderr, &d);
		pk_diags_free(&d);
		if (r == 0 && res.outcome == PK_LAND_LANDED) {
			char o[GIT_OID_HEXSZ + 1], w[GIT_OID_HEXSZ + 1];
			git_oid_tostr(o, sizeof o, &res.old);
			git_oid_tostr(w, sizeof w, &res.new);
			fprintf(stderr, "%s: landed on %s (%.7s)%s\n", prog, branch, w,
				res.merged ? ", merged with the commits it did not have" : "");
			snprintf(out, sizeof out, "ok %s", cv[i].ref);
			if (pkt_write(out) < 0)
				ok = 0;
			snprintf(out, sizeof out, "option refname refs/heads/%s", branch);
			if (pkt_write(out) < 0)
				ok = 0;
			snprintf(out, sizeof out, "option old-oid %s", o);
			if (pkt_write(out) < 0)
				ok = 0;
			snprintf(out, sizeof out, "option new-oid %s", w);
		} else if (r == 0 && res.outcome == PK_LAND_REFUSED) {
			fprintf(stderr, "%s: refused: the push was not accepted\n", prog);
		}
		if (pkt_write(out) < 0)
			ok = 0;
	}
	free(cv);
	return pkt_write("") == 0 && ok ? PK_EXIT_OK : PK_EXIT_USAGE;
}

static int parse_oid(const char *s, git_oid *out)
{
	return strlen(s) == GIT_OID_HEXSZ && git_oid_fromstr(out, s) == 0 ? 0 : -1;
}

int main(int argc, char **argv)
{
	pk_cli_start(prog, &argc, &argv, PK_CLI_QUIET);
	pk_check_stdout_at_exit(prog);
	int c, as_land = 0;
	while ((c = pk_cli_getopt(&cli, argc, argv)) != -1) {
		switch (c) {
		case OPT_LAND: as_land = 1; break;
		default: return pk_cli_other(&cli, argv, c);
		}
	}
	int nargs = argc - optind;
	if (as_land && nargs)
		return pk_cli_error(&cli, "--land takes no arguments: git speaks on standard input");
	if (nargs != 0 && nargs != 3)
		return pk_cli_error(&cli, "give REF OLD NEW, or the lines on standard input");
	struct pk_diags d = PK_DIAGS_INIT;
	struct pk_git g;
	if (pk_guard_open(&g, &d) < 0) {
		pk_diags_print(stderr, &d);
		pk_diags_free(&d);
		return PK_EXIT_USAGE;
	}
	if (as_land) {
		int r = land(&g);
		pk_git_close(&g);
		return r;
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
