/* history_at.c: the records as committed on a past day or in a past commit
 * (--at), and the choice between them and the working tree. */
#include "history.h"
#include "cli.h"
#include "history_git.h"
#include "mem.h"
#include "text.h"

#include <stdlib.h>
#include <string.h>

/* ---- --at: the tree of the last commit on or before a date ---- */

static struct pk_source *commit_source(struct pk_git *g, git_commit *c, const char *root,
				       struct pk_diags *d);

struct pk_source *pk_source_git_at(const char *root, pk_date as_of, struct pk_diags *d)
{
	struct pk_git *g = xcalloc(1, sizeof *g);
	git_reference *head = NULL;
	git_commit *c = NULL, *parent = NULL;
	struct pk_source *s = NULL;
	char day[16], first[16] = "";

	if (pk_git_open(g, root, 1, d) != 0) {
		free(g);
		return NULL;
	}
	pk_date_fmt(as_of, day);
	int r = git_repository_head(&head, g->repo);
	if (r == GIT_EUNBORNBRANCH || r == GIT_ENOTFOUND) {
		pk_diag_add(d, PK_ERROR, root, 0, 0, NULL, "KIT-HISTORY",
			    "drop --at to read the working tree",
			    "no commits yet: cannot read the records as of %s", day);
		goto done;
	}
	if (r < 0 || git_reference_peel((git_object **)&c, head, GIT_OBJECT_COMMIT) < 0) {
		pk_git_diag(d, root, "cannot read HEAD");
		goto done;
	}
	/* First parents: what the branch held on that day (a merged branch's
	 * work counts from the day it was merged).  The first commit dated on
	 * or before that day is the right one only if the dates on the way
	 * there, and to its parent, never go backwards (KIT-HISTORY): a commit
	 * dated before its parent has a wrong or forged date, and the records
	 * of any day before it could be either side of it. */
	for (;;) {
		int past = pk_git_commit_date(c) <= as_of;
		if (!past)
			pk_date_fmt(pk_git_commit_date(c), first);
		if (git_commit_parentcount(c) == 0) {
			if (!past) {
				git_commit_free(c);
				c = NULL;
			}
			break;
		}
		if (git_commit_parent(&parent, c, 0) < 0) {
			if (past)
				break; /* a shallow boundary: nothing before it to compare */
			pk_git_diag(d, root, "cannot read the history");
			goto done;
		}
		if (pk_git_commit_date(parent) > pk_git_commit_date(c)) {
			char cs[12], ps[12], cd[16], pd[16];
			pk_git_short(git_commit_id(c), cs);
			pk_git_short(git_commit_id(parent), ps);
			pk_diag_add(d, PK_ERROR, root, 0, 0, NULL, "KIT-HISTORY",
				    "panel audit lists the commits whose dates go backwards; without --at "
				    "the tools read the working tree",
				    "cannot trust the history's dates for %s: commit %s (%s) is dated before "
				    "its parent %s (%s)", day, cs, pk_date_fmt(pk_git_commit_date(c), cd), ps,
				    pk_date_fmt(pk_git_commit_date(parent), pd));
			git_commit_free(parent);
			goto done;
		}
		if (past) {
			git_commit_free(parent);
			break;
		}
		git_commit_free(c);
		c = parent;
		parent = NULL;
	}
	if (!c) {
		pk_diag_add(d, PK_ERROR, root, 0, 0, NULL, "KIT-HISTORY",
			    "drop --at to read the working tree",
			    "no commit on or before %s: the first is from %s", day, first);
		goto done;
	}
	s = commit_source(g, c, root, d);
	g = NULL; /* the source owns it now, or freed it */
done:
	git_commit_free(c);
	git_reference_free(head);
	if (g) {
		pk_git_close(g);
		free(g);
	}
	return s;
}

/* The records of commit c; takes g (closed and freed on error). */
static struct pk_source *commit_source(struct pk_git *g, git_commit *c, const char *root,
				       struct pk_diags *d)
{
	struct pk_source *s = NULL;
	char day[16], label[64], sid[12];
	git_oid tree;
	unsigned mode = 040000;
	tree = *git_commit_tree_id(c);
	pk_git_short(git_commit_id(c), sid);
	pk_date_fmt(pk_git_commit_date(c), day);
	snprintf(label, sizeof label, "commit %s (%s)", sid, day);
	if (*g->prefix && pk_git_path_find(g->odb, &tree, g->prefix, &tree, &mode) < 0) {
		pk_diag_add(d, PK_ERROR, root, 0, 0, NULL, "KIT-HISTORY",
			    "drop --at to read the working tree",
			    "no records in %s: %s did not exist yet", label, g->prefix);
		goto done;
	}
	s = pk_source_tree(g, &tree, root, label, NULL, 0, NULL, 0, 1, d);
	g = NULL; /* the source owns it now, or freed it */
done:
	if (g) {
		pk_git_close(g);
		free(g);
	}
	return s;
}

struct pk_source *pk_source_at(const char *root, const char *spec, struct pk_diags *d)
{
	pk_date day;
	if (pk_date_parse(spec, &day, NULL) == 0)
		return pk_source_git_at(root, day, d);
	struct pk_git *g = xcalloc(1, sizeof *g);
	git_object *obj = NULL;
	git_commit *c = NULL;
	struct pk_source *s = NULL;
	if (pk_git_open(g, root, 1, d) != 0) {
		free(g);
		return NULL;
	}
	if (git_revparse_single(&obj, g->repo, spec) < 0 ||
	    git_object_peel((git_object **)&c, obj, GIT_OBJECT_COMMIT) < 0) {
		char *p = pk_printable(spec, strlen(spec), 60);
		pk_diag_add(d, PK_ERROR, root, 0, 0, NULL, "KIT-HISTORY",
			    "--at takes a date (YYYY-MM-DD) or a commit (a hash, a branch, HEAD~2)",
			    "no commit \"%s\"", p);
		free(p);
		pk_git_close(g);
		free(g);
	} else {
		s = commit_source(g, c, root, d);
	}
	git_commit_free(c);
	git_object_free(obj);
	return s;
}

struct pk_source *pk_source_open(const char *root, pk_date as_of, int worktree,
				 struct pk_diags *d)
{
	if (!worktree && as_of != PK_NODATE && as_of < pk_today_date()) {
		struct pk_git probe;
		int r = pk_git_open(&probe, root, 0, d);
		if (r < 0)
			return NULL;
		if (r == 0) {
			pk_git_close(&probe);
			return pk_source_git_at(root, as_of, d);
		}
	}
	return pk_source_dir(root, d);
}
