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


#endif
