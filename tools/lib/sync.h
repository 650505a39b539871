/* sync.h: many offices, one record repository (panel sync, panel
 * resolve; panel setup is pk_sync_setup in history.h).  See "Sync, merge
 * and resolve" in the README. */
#ifndef PK_SYNC_H
#define PK_SYNC_H

#include <git2.h>
#include <stdio.h>
#include "diag.h"
#include "merge.h"

/* How a sync ended (panel sync gives each its own exit status). */
enum pk_sync_outcome {
	PK_SYNC_IN_SYNC,         /* fetched, merged, pushed as needed */
	PK_SYNC_CONFLICTED,      /* a true conflict waits: nothing committed or pushed */
	PK_SYNC_REFUSED,         /* the server refused the push (or kept moving) */
	PK_SYNC_UNREACHABLE,     /* cannot reach the server, or credentials refused */
};

struct pk_sync_opts {
	const char *dir;         /* -C: a directory of the clone */
	const char *remote;      /* NULL: origin */
	const char *branch;      /* NULL: the branch HEAD is on */
	const char *schema_dir;  /* NULL: pk_data_dir()/schema */
	int json;                /* the outcome (and conflicts) as JSON on out */
	int abort;               /* --abort: drop a pending conflict */
	int no_land;             /* --no-land: push to the branch even when the
				    server lands pushes (PK_LAND_MARK) */
	int max_tries;           /* lost races retried: 0 = 12 attempts */
	long max_ms;             /* and at most this long: 0 = 60 s */
	FILE *out, *err;         /* NULL: stdout, stderr */
};

/* One sync: fetch, fast-forward or merge (record merge as libgit2's merge
 * driver, validated), commit the merge with the server's tip as first
 * parent, push; lost races retried with jittered back-off.  On a conflict
 * nothing is committed or pushed, the work tree is untouched and the
 * conflict waits in <git dir>/panel-sync/ for pk_resolve.  0 with how it
 * ended in *outcome; -1 (said on err) when it could not start or work: not
 * a clone, uncommitted changes, an unfinished git merge, I/O. */
int pk_sync(const struct pk_sync_opts *o, enum pk_sync_outcome *outcome);

struct pk_resolve_opts {
	const char *dir, *schema_dir;
	const char *record;      /* "cases/DC-0004.yaml" */
	const char *field;       /* "rag[2].rating"; NULL: the whole record */
	enum pk_merge_side take;
	const char *file;        /* an edited version of the whole record */
	int list, json;
	FILE *out, *err;
};

/* Records one choice for the pending conflict; when none is left, commits
 * the merge (a Panel-Resolved trailer per choice) and moves the branch and
 * work tree to it, to be pushed by the next panel sync.  The number of
 * conflicts still open (0: merged; with list, the number listed), or -1
 * (said on err). */
int pk_resolve(const struct pk_resolve_opts *o);

/* ---- the server side: panel guard --land (git's proc-receive hook) ---- */

struct pk_git;


enum pk_land_outcome {
	PK_LAND_LANDED,          /* on the branch: fast-forward, merge, or there already */
	PK_LAND_REFUSED,         /* the acceptance check refused the pushed commits */
	PK_LAND_CONFLICT,        /* a true conflict with the branch: the clone merges */
	PK_LAND_BUSY,            /* the branch kept moving under the landing */
};

struct pk_land_result {
	enum pk_land_outcome outcome;
	git_oid old, new;        /* the branch before and after (LANDED) */
	int merged;              /* LANDED through a merge commit made here */
	char why[256];           /* not LANDED: the reason, for the pusher */
};

/* Lands pushed (the commit of a push to refs/panelkit/land/BRANCH) on
 * BRANCH of the server's repository g, one landing at a time: the pushed
 * commits the branch does not have go through the guard's acceptance
 * check (pk_guard_land); then a fast-forward, or the record merge of
 * panel sync with the branch's tip as first parent, validated as sync
 * validates a merge and committed under the pusher's name with the same
 * trailers; the branch moves by compare-and-swap.  So one push lands
 * however many offices push at once.  0 with res filled (findings in d),
 * or -1 (in d). */
int pk_land(struct pk_git *g, const char *branch, const git_oid *pushed, const char *schema_dir,
	    struct pk_land_result *res, struct pk_diags *d);

#endif
