/* sync.h: many offices, one record repository (panel sync, panel
 * resolve; panel setup is pk_sync_setup in history.h).  See "Sync, merge
 * and resolve" in the README. */
#ifndef PK_SYNC_H
#define PK_SYNC_H

#include <git2.h>
#include <stdio.h>
#include "diag.h"
#include "merge.h"

/* panel sync's exit codes (documented in panel sync --help, stable). */
enum {
	PK_SYNC_OK = 0,          /* in sync (fetched, merged, pushed as needed) */
	PK_SYNC_USAGE = 2,       /* usage, not a clone, uncommitted changes, I/O */
	PK_SYNC_CONFLICT = 3,    /* a true conflict: nothing committed or pushed */
	PK_SYNC_REJECTED = 4,    /* the server refused the push (or kept moving) */
	PK_SYNC_NETWORK = 5,     /* cannot reach the server, or credentials refused */
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
 * conflict waits in <git dir>/panel-sync/ for pk_resolve.  Returns a
 * PK_SYNC_* code. */
int pk_sync(const struct pk_sync_opts *o);

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
 * work tree to it, to be pushed by the next panel sync.  PK_SYNC_OK,
 * PK_SYNC_CONFLICT while conflicts remain, PK_SYNC_USAGE. */
int pk_resolve(const struct pk_resolve_opts *o);


#endif
