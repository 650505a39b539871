/* accept.h: the one check that decides whether a change may enter the
 * records' history (KIT-HISTORY).  Every door calls it: panel commit (and
 * panel plan --write, through pk_history_commit_files), the pre-commit,
 * commit-msg and pre-merge-commit hooks of panel init (panel commit
 * --verify-staged), the server guard (panel guard, pre-receive/update),
 * and panel audit, which runs it over each commit of the history against
 * its first parent.  One function, so no door can drift from another.
 *
 *   int pk_accept_change(g, before_tree, after_tree, who, message, pol,
 *                        today, d)
 *
 * before_tree and after_tree are trees of the records root (the folder
 * holding cases/, panels/, people/ and panelkit.yaml); before_tree NULL is
 * a root commit.  Only what the change touches is read (the entries of the
 * record folders whose tree differs, the records that changed, and for a
 * deletion the kinds that can refer to what is gone), so the cost follows
 * the size of the change, not of the caseload.  Findings are added to d;
 * the return value is the number of findings that refuse the change
 * (errors), or -1 when the trees cannot be read (reported in d).
 *
 * Findings (file: the record as g->display + path, or who->file for the
 * change as a whole; the code in brackets):
 *  - the records' folders and files are real files inside the repository
 *    [KIT-PATH]: cases/, panels/, people/ that is a symbolic link, a
 *    submodule or a file ("cases is a symbolic link, not a folder: ...");
 *    a record that is a symbolic link, a submodule, or a folder inside a
 *    record folder.  (A git tree cannot hold FIFOs or devices; the doors
 *    that read a working tree refuse those themselves with KIT-PATH.)
 *  - every added or changed record valid as panel validate would find it
 *    (YAML-* including YAML-CONFLICT and YAML-DUPKEY, KIT-SCHEMA,
 *    KIT-IDS, KIT-DATES and the rule checks), references looked up in
 *    after_tree, rules judged on today;
 *  - a new record taking an ID another kind already uses [KIT-IDS];
 *  - a deleted case or person that a record left in after_tree still
 *    names [KIT-IDS] (pk_tree_dangling);
 *  - a held panel's recorded outcome (recommendation, reasons, actions,
 *    response) changed or removed without a new corrections entry for the
 *    field with a reason, or a held panel deleted [KIT-HISTORY]: outcomes
 *    are append-only;
 *  - panelkit.yaml that does not follow schema/panelkit.schema.json
 *    [KIT-SCHEMA], or is not a regular file [KIT-PATH];
 *  - the author's email not in people/ (of after_tree or before_tree)
 *    [KIT-HISTORY], an error or a warning per pol->author_unknown;
 *  - with a message (NULL: not known yet, as in a pre-commit hook) and not
 *    a merge: no Case:/Panel:/Person: trailer at all (pol->no_trailers),
 *    or a touched record without its trailer (pol->missing_trailer)
 *    [KIT-HISTORY].
 * pk_accept_check names the check a finding belongs to ("path", "invalid",
 * "outcome", "author", "trailer"), for panel audit's --json. */
#ifndef PK_ACCEPT_H
#define PK_ACCEPT_H

#include <git2.h>
#include "date.h"
#include "diag.h"
#include "history_git.h"

struct pk_schema;

/* What the repository's policy says of a finding that may be relaxed. */
enum pk_level { PK_REFUSE = 0, PK_WARN = 1 };

/* The policy file's name, in the records root beside cases/. */
#define PK_POLICY_FILE "panelkit.yaml"

/* panelkit.yaml (beside cases/; schema/panelkit.schema.json).  Every
 * member defaults to the strict choice. */
struct pk_policy {
	enum pk_level author_unknown;   /* accept.author-not-in-people */
	enum pk_level no_trailers;      /* accept.commit-without-trailers */
	enum pk_level missing_trailer;  /* accept.record-without-trailer */
	char branch[128];               /* guard.branch: the protected branch ("main") */
};

/* The strict defaults. */
void pk_policy_default(struct pk_policy *p);
/* The policy of a records-root tree (tree NULL or no panelkit.yaml: the
 * defaults).  A policy file that does not follow its schema is a warning
 * and the defaults are used (the commit fixing it is not refused for it).
 * 0, or -1 when the schema or the file cannot be read (reported).
 * schema_dir NULL: pk_data_dir()/schema. */
int pk_policy_load(struct pk_git *g, const git_oid *tree, const char *schema_dir,
		   struct pk_policy *p, struct pk_diags *d);

/* Who made the change, and how findings about it are named. */
struct pk_accept_who {
	const char *name, *email;      /* the author; email NULL: not checked */
	int merge;                     /* a merge commit: trailers are not asked for */
	const char *root;              /* the records directory, for messages */
	const char *file;              /* file of findings about the change as a
					  whole: "1a2b3c4", or the repository */
	const char *label;             /* what after_tree is: "changes to commit",
					  "commit 1a2b3c4 (2026-03-01)" */
	const char *schema_dir;        /* NULL: pk_data_dir()/schema */
	size_t *records;               /* may be NULL: gets the number of records
					  added or changed (read and validated) */
	const struct pk_schema *schema; /* NULL: loaded from schema_dir for this
					  change; a caller that checks many
					  changes (panel audit) compiles it once */
	struct pk_accept_memo *memo;   /* NULL, or what the checks of one run
					  remember between changes (the emails
					  of people/ by tree id) */
};

/* The compiled record schema of schema_dir (NULL: pk_data_dir()/schema)
 * for pk_accept_who.schema, or NULL when it cannot be loaded (the check
 * then loads it itself and reports why).  pk_schema_free it. */
struct pk_schema *pk_accept_schema(const char *schema_dir);

struct pk_accept_memo *pk_accept_memo_new(void);
void pk_accept_memo_free(struct pk_accept_memo *m);

int pk_accept_change(struct pk_git *g, const git_oid *before_tree, const git_oid *after_tree,
		     const struct pk_accept_who *who, const char *message,
		     const struct pk_policy *pol, pk_date today, struct pk_diags *d);

/* The check of a finding pk_accept_change added (see above). */
const char *pk_accept_check(const struct pk_diag *g, const char *file);

/* ---- the server door (accept_guard.c, panel guard) ---- */

/* A shared repository made by panel init --bare lands pushes to
 * PK_LAND_REFS<branch> itself (git's proc-receive hook, panel guard
 * --land) and says so with the ref PK_LAND_MARK, which panel sync reads
 * in the server's advertisement. */
#define PK_LAND_REFS "refs/panelkit/land/"
#define PK_LAND_MARK "refs/panelkit/lands"
#define PK_LAND_MARK_TEXT "panelkit: pushes to refs/panelkit/land/BRANCH are landed by panel guard --land\n"

/* Opens the repository a server hook runs in, as git describes it in the
 * hook's environment (GIT_DIR, and during pre-receive the quarantine:
 * GIT_OBJECT_DIRECTORY and GIT_ALTERNATE_OBJECT_DIRECTORIES, so the
 * pushed objects are seen before git moves them in).  Bare or not; the
 * records root is the top of the tree.  0, or -1 (reported). */
int pk_guard_open(struct pk_git *g, struct pk_diags *d);

/* One ref update of a push.  For the protected branch (pol->branch,
 * read from panelkit.yaml of that branch's current tip): deleting it or
 * moving it to a commit that does not descend from its tip is refused
 * (KIT-HISTORY), and every pushed commit (those of old..new; all of new's
 * history when the branch is created) is checked by pk_accept_change
 * against its first parent, on its own date, under the policy of the
 * current tip.  Findings are filed "<short commit>" or
 * "<short commit>:<path>".  Other refs pass.  Returns the refusing
 * findings, or -1 (reported). */
int pk_guard_update(struct pk_git *g, const char *ref, const git_oid *old, const git_oid *nw,
		    const char *schema_dir, struct pk_diags *d);

/* The check of a push the server lands itself (panel guard --land,
 * pk_land): ref must be the protected branch (else refused, KIT-HISTORY);
 * every commit of nw not reachable from tip (the branch's tip; NULL when
 * it has none) is checked as above, under tip's policy.  No fast-forward
 * is asked for: the landing merges.  Returns the refusing findings, or -1
 * (reported). */
int pk_guard_land(struct pk_git *g, const char *ref, const git_oid *tip, const git_oid *nw,
		  const char *schema_dir, struct pk_diags *d);

/* The message's Case:/Panel:/Person: trailer key of a record kind. */
const char *pk_trailer_key(enum pk_rkind k);

#endif
