/* history_trust.h: what panel audit checks beyond each commit's records
 * (internal: only history*.c include it).
 *
 * The per-commit record checks ask "is what was committed acceptable?";
 * these ask "is the history panel audit reads the history that was
 * committed, and does it say truthfully who, when and what?" (KIT-HISTORY):
 *
 *   replace    a ref under refs/replace/: git log, show and blame display another
 *              object in place of the one committed (libgit2, and so every
 *              panel tool, reads the objects as committed)
 *   graft      a line of .git/info/grafts: git shows other parents
 *   shallow    a line of .git/shallow: the history before that commit is
 *              not in this clone, so audit cannot vouch for it
 *   date       a commit authored or committed before one of its parents
 *   committer  committer and author differ (by email) and the commit has
 *              no "Committer-Reason:" trailer saying why
 *   forged     a Case:/Panel:/Person: trailer naming a record the commit did
 *              not change, or a Rule-Warnings: trailer panel commit would not
 *              write: trailers written by hand
 *   anchor     the commit an earlier audit vouched for
 *              (refs/panelkit/audited/<branch>) is no longer in the
 *              branch's history: it was rewritten, even if the reflog
 *              was expired or this is a fresh clone
 *
 * Findings are collected in a pk_trust_list and handed to the audit's
 * report by the caller. */
#ifndef PK_HISTORY_TRUST_H
#define PK_HISTORY_TRUST_H

#include "history_git.h"

struct pk_trust_finding {
	char commit[41];      /* full ID, or "" */
	const char *check;    /* one of the names above (static) */
	char *ref;            /* a ref name the finding is about, or NULL */
	char *file;           /* "1a2b3c4", ".git/info/grafts", "refs/replace/1a2b3c4" */
	unsigned line;
	char *msg, *hint;
};
struct pk_trust_list {
	struct pk_trust_finding *v;
	size_t n, cap;
};
void pk_trust_list_free(struct pk_trust_list *l);

/* The checks of one commit: dates against each parent, committer against
 * author, and its trailers against rel[0..n), the records (paths relative
 * to the records root) it changed against its first parent. */
void pk_trust_commit(git_repository *repo, const git_commit *c, char *const *rel, size_t n,
		     struct pk_trust_list *out);

/* Replace refs, grafts and shallow boundaries of the repository. */
void pk_trust_repo(struct pk_git *g, struct pk_trust_list *out);

/* The commits of HEAD in a shallow clone, oldest first (a commit after
 * its parents), without the boundary commits, whose parents are not there
 * (libgit2 1.5's walk fails on them, even hidden).  0, or -1 (libgit2's
 * error); *out is the caller's. */
int pk_trust_shallow_walk(struct pk_git *g, git_oid **out, size_t *n);

/* The anchor of HEAD's branch: a finding when the commit it names is not
 * HEAD or an ancestor of HEAD. */
void pk_trust_anchor_check(struct pk_git *g, struct pk_trust_list *out);
/* Moves the anchor of HEAD's branch to HEAD (compare-and-swap against the
 * value it had).  Returns 0 and the ref's name in ref (caller frees), 1
 * when there is nothing to record (detached HEAD, shallow clone), -1 on a
 * libgit2 error (reported in d as a warning). */
int pk_trust_anchor_record(struct pk_git *g, char **ref, struct pk_diags *d);

#endif
