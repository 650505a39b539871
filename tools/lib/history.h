/* history.h: the records repository's git history, through libgit2.
 *
 * Writing: every change to the records is a validated commit that names
 * who made it and why (KIT-HISTORY).  pk_history_commit validates the
 * changed records exactly as they will be committed, and either refuses
 * (nothing changes: HEAD, index and files stay as they were) or stages and
 * commits them with trailers naming every record touched:
 *
 *   Record the outcome of CPP-2026-11-26-A
 *
 *   Case: DC-0001
 *   Panel: CPP-2026-11-26-A
 *   Rule-Warnings: 1 (CPP-CHAIR)
 *
 * It holds the index lock (.git/index.lock, as git does) from reading the
 * index to writing it back, so a concurrent panel commit waits and a
 * concurrent git command fails with git's own "index.lock exists" message.
 * libgit2 runs no hooks: the validation is the hook.
 *
 * Reading: the records as committed on a past date (pk_source_git_at),
 * the history of one record field by field (pk_history_log) and the audit
 * of the whole history (pk_history_audit). */
#ifndef PK_HISTORY_H
#define PK_HISTORY_H

#include <stddef.h>
#include <stdio.h>
#include "date.h"
#include "diag.h"
#include "record.h"
#include "yamldiff.h"

/* ---- the records of a past day or commit (history_at.c) ---- */

/* The records as committed at the end of day as_of. */
struct pk_source *pk_source_git_at(const char *root, pk_date as_of, struct pk_diags *d);
/* --at DATE|COMMIT: the records as committed at the end of that day, or
 * in that commit (a hash, a branch, HEAD~2). */
struct pk_source *pk_source_at(const char *root, const char *spec, struct pk_diags *d);
/* Before --at: the git tree at as_of when root is a git work tree and
 * as_of is before today, else the working tree. */
struct pk_source *pk_source_open(const char *root, pk_date as_of, int worktree,
				 struct pk_diags *d);

/* ---- committing ---- */

struct pk_commit_opts {
	const char *message;       /* required; trailers are added */
	const char *author;        /* "Name <email>", or NULL: git config user.name
				      and user.email of the repository */
	pk_date today;             /* date the rules are judged on */
	const char *schema_dir;    /* NULL: pk_data_dir()/schema */
	long lock_timeout_ms;      /* waiting for index.lock; 0: 10 000 */
	int dry_run;               /* validate and report, change nothing */
};

struct pk_commit_result {
	char oid[41];              /* the new commit ("" when none was made) */
	char branch[128];          /* "main", or "HEAD" when detached */
	size_t records;            /* records changed by the commit */
	size_t warnings;           /* warnings accepted (Rule-Warnings) */
	char *message;             /* the full message with trailers; caller frees */
};

enum pk_commit_status {
	PK_COMMIT_DONE = 0,        /* committed (or, with dry_run, would commit) */
	PK_COMMIT_REFUSED = 1,     /* validation errors, in d; nothing changed */
	PK_COMMIT_ERROR = 2,       /* not a repository, lock held, I/O (in d) */
	PK_COMMIT_NOTHING = 3      /* no record differs from HEAD */
};

/* Validates and commits records of the repository holding root.  paths
 * (relative to root, or absolute) name record files to commit in the
 * state of the working tree (a missing file is a deletion); with n == 0,
 * every record that differs from HEAD in the index or the working tree.
 * Other staged files stay staged and are not committed.  res may be NULL. */
enum pk_commit_status pk_history_commit(const char *root, char *const *paths, size_t n,
					const struct pk_commit_opts *o,
					struct pk_commit_result *res, struct pk_diags *d);

/* New contents for record files (for tools that change records, such as
 * panel plan --write).  buf == NULL deletes the file. */
struct pk_file_change {
	const char *path;          /* relative to root, e.g. "panels/CPP-2026-12-03-A.yaml" */
	const char *buf;
	size_t len;
};

/* The same validated path for files a tool produced: the new contents are
 * validated before anything is written; if they pass, each file is written
 * atomically (pk_write_atomic) and exactly those files are committed.  On
 * refusal no file is written.  A tool that edits a record should change
 * its text (keeping the user's comments and key order) and pass the whole
 * new text here. */
enum pk_commit_status pk_history_commit_files(const char *root,
					      const struct pk_file_change *files, size_t n,
					      const struct pk_commit_opts *o,
					      struct pk_commit_result *res, struct pk_diags *d);

/* The index door (the pre-commit, commit-msg and pre-merge-commit hooks of
 * panel init; panel validate --staged): what `git commit` or `git merge`
 * would commit, the tree of the index ($GIT_INDEX_FILE when git set it for
 * a hook) against HEAD's, through pk_accept_change (accept.h).  The author
 * is $GIT_AUTHOR_NAME/$GIT_AUTHOR_EMAIL as git sets them for commit hooks,
 * else the repository's user.name/user.email. */
struct pk_verify_opts {
	pk_date today;
	const char *schema_dir;    /* NULL: pk_data_dir()/schema */
	const char *message;       /* the commit message, or NULL when not known
				      yet (pre-commit): trailers are not checked */
	int merge;                 /* a merge (pre-merge-commit); also when
				      git's MERGE_HEAD exists */
};
/* Removes the ref lock a killed panel commit left in gitdir (named with
 * the commit it was writing in panel.lock, and removed only if it still
 * holds exactly that), when no panel commit is running.  The hooks call
 * it, so a plain git commit is not blocked by it. */
void pk_history_heal_locks(const char *gitdir);
/* Returns the number of refusing findings, or -1 (reported in d).
 * *checked (may be NULL) gets the number of records read. */
int pk_history_verify_staged(const char *root, const struct pk_verify_opts *o, size_t *checked,
			     struct pk_diags *d);

/* ---- creating a repository ---- */

/* Creates a records repository in dir (created if missing; otherwise it
 * must be empty, or an empty git repository): cases/ panels/ people/, a
 * copy of the schema from data_dir/schema, .gitattributes, a pre-commit
 * hook running panel_cmd, and an initial commit.  author as for commits.
 * Returns 0, or -1 with the reason in d. */
int pk_history_init(const char *dir, const char *data_dir, const char *author,
		    const char *panel_cmd, struct pk_diags *d);


/* A shared bare repository for the records (dir new or empty): HEAD on
 * main, receive.denyNonFastForwards, receive.denyDeletes and
 * receive.fsckObjects set, group-shared, and panel guard (panel_cmd guard)
 * as its pre-receive hook.  No commit: the first push brings the records.
 * 0, or -1 with the reason in d. */
int pk_history_init_bare(const char *dir, const char *panel_cmd, struct pk_diags *d);

/* panel setup (history_init.c): */
/* Makes plain git merge records with the record merge (merge.h):
 *   merge.panel.name/driver in the clone's .git/config (git never clones
 *     them), the driver being 'panel merge-file %O %A %B %P';
 *   "cases|panels|people/ *.yaml merge=panel" in .git/info/attributes, unless
 *     the tracked .gitattributes already says so (panel init writes it
 *     there), so setting up a clone leaves its work tree untouched;
 *   .git/hooks/pre-merge-commit running 'panel commit --verify-staged', so
 *     a clean 'git merge' of records that do not validate stops before its
 *     commit (an existing hook of another tool is left alone, with a
 *     warning).
 * panel_cmd: the panel program to fall back on when none is on PATH.
 * Returns 0, or -1 with findings in d. */
int pk_sync_setup(const char *dir, const char *panel_cmd, struct pk_diags *d);

/* ---- reading the history of one record ---- */

struct pk_log_entry {
	char oid[41], short_id[12];
	long long time;            /* committer time, seconds since the epoch */
	int tz;                    /* its offset from UTC in minutes */
	pk_date date;              /* committer date in that offset */
	char *author, *email;
	char *subject, *body;      /* body: the message after the subject, trailers included */
	int created, deleted;
	struct pk_changes changes; /* field by field; empty when created/deleted
				      or when the file does not parse */
	char *note;                /* "does not parse" etc., or NULL */
};

struct pk_log {
	char *path;                /* repository path of the record */
	struct pk_log_entry *v;    /* newest first */
	size_t n, cap;
};

/* The commits that changed one record (an ID, or a path relative to root),
 * newest first, following HEAD.  Compares the record's blob between each
 * commit and its parents without diffing whole trees.  max == 0: all.
 * Returns 0, or -1 with the reason in d. */
int pk_history_log(const char *root, const char *record, size_t max, struct pk_log *out,
		   struct pk_diags *d);
void pk_log_free(struct pk_log *l);
void pk_log_print(FILE *out, const struct pk_log *l);
void pk_log_print_json(FILE *out, const struct pk_log *l);

/* ---- auditing the whole history ---- */

struct pk_audit_opts {
	pk_date since;             /* PK_NODATE: from the first commit */
	const char *schema_dir;    /* NULL: pk_data_dir()/schema */
};

/* Every finding is a diagnostic whose file is "<short commit>" or
 * "<short commit>:<path>" (git's own rev:path syntax), or a ref name for a
 * rewrite; code KIT-HISTORY unless a record's own rule was broken.
 * Findings come in commit order, oldest first.  Returns the number of
 * findings, or -1 (reported in d). */
struct pk_audit;
struct pk_audit *pk_history_audit(const char *root, const struct pk_audit_opts *o,
				  struct pk_diags *d);
size_t pk_audit_count(const struct pk_audit *a);
/* Commits walked; *touching (may be NULL) gets those that changed records. */
size_t pk_audit_commits(const struct pk_audit *a, size_t *touching);
/* The ref under which this audit recorded the commit it vouched for
 * ("refs/panelkit/audited/main"), or NULL: only an audit of the whole
 * history of a branch that found nothing records one. */
const char *pk_audit_anchor(const struct pk_audit *a);
void pk_audit_print(FILE *out, const struct pk_audit *a);
void pk_audit_print_json(FILE *out, const struct pk_audit *a);
void pk_audit_free(struct pk_audit *a);

#endif
