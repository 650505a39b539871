/* accept_guard.c: the server door of the acceptance check (accept.h,
 * pk_guard_update; panel guard runs it as pre-receive or update hook). */
#include "accept.h"
#include "schema.h"
#include "mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int pk_guard_open(struct pk_git *g, struct pk_diags *d)
{
	memset(g, 0, sizeof *g);
	pk_git_init_lib();
	/* GIT_REPOSITORY_OPEN_FROM_ENV reads GIT_DIR, GIT_OBJECT_DIRECTORY and
	 * GIT_ALTERNATE_OBJECT_DIRECTORIES as git does: without it the
	 * quarantined objects of a push in progress are not found. */
	if (git_repository_open_ext(&g->repo, NULL, GIT_REPOSITORY_OPEN_FROM_ENV, NULL) < 0) {
		pk_git_diag(d, ".", "cannot open the git repository");
		git_libgit2_shutdown();
		memset(g, 0, sizeof *g);
		return -1;
	}
	if (git_repository_odb(&g->odb, g->repo) < 0) {
		pk_git_diag(d, ".", "cannot open the object database");
		pk_git_close(g);
		return -1;
	}
	g->prefix = xstrdup("");
	g->display = xstrdup("");
	return 0;
}

static void refuse(struct pk_diags *d, const char *ref, const char *hint, const char *msg)
{
	pk_diag_add(d, PK_ERROR, ref, 0, 0, NULL, "KIT-HISTORY", hint, "%s", msg);
}

/* One pushed commit against its first parent. */
static int check_commit(struct pk_git *g, git_commit *c, const struct pk_policy *pol,
			const char *schema_dir, const struct pk_schema *schema,
			struct pk_accept_memo *memo, struct pk_diags *d)
{
	char sid[12], label[64], day[16];
	git_oid before;
	git_commit *parent = NULL;
	int has_before = git_commit_parentcount(c) > 0 && git_commit_parent(&parent, c, 0) == 0;
	if (has_before)
		before = *git_commit_tree_id(parent);
	git_commit_free(parent);
	pk_git_short(git_commit_id(c), sid);
	pk_date when = pk_git_commit_date(c);
	snprintf(label, sizeof label, "commit %s (%s)", sid, pk_date_fmt(when, day));
	const git_signature *au = git_commit_author(c);
	struct pk_diags local = PK_DIAGS_INIT;
	struct pk_accept_who who = {au->name, au->email, git_commit_parentcount(c) > 1, ".", sid, label,
				    schema_dir, NULL, schema, memo};
	int r = pk_accept_change(g, has_before ? &before : NULL, git_commit_tree_id(c), &who,
				 git_commit_message(c), pol, when, &local);
	/* In file and line order (validate checks some records last), each
	 * file named rev:path, as git show takes it. */
	pk_diags_sort(&local);
	for (size_t i = 0; i < local.n; i++) {
		const struct pk_diag *f = &local.v[i];
		struct sbuf file = SBUF_INIT;
		if (strcmp(f->file, sid) == 0)
			sbuf_adds(&file, sid);
		else
			sbuf_addf(&file, "%s:%s", sid, f->file);
		pk_diag_add(d, f->sev, file.s, f->line, f->col, f->src, f->rule, f->hint, "%s", f->msg);
		sbuf_free(&file);
	}
	pk_diags_free(&local);
	return r;
}

/* Whether git hands pushes to PK_LAND_REFS to the proc-receive hook here
 * (receive.procReceiveRefs, as panel init --bare sets it), and the hook is
 * there: in core.hooksPath when that is set (relative to where git runs
 * hooks: the work tree, or the repository itself when bare), else hooks/. */
static int lands_here(git_repository *repo)
{
	git_config *cfg = NULL;
	git_config_iterator *it = NULL;
	git_config_entry *e;
	int yes = 0;
	if (git_repository_config_snapshot(&cfg, repo) == 0 &&
	    git_config_multivar_iterator_new(&it, cfg, "receive.procReceiveRefs", NULL) == 0)
		while (!yes && git_config_next(&e, it) == 0) {
			/* a prefix of the landing refs; a negated one ("!...") is
			 * not taken as landing */
			size_t n = e->value ? strlen(e->value) : 0;
			yes = n && e->value[0] != '!' && !strncmp(PK_LAND_REFS, e->value, n);
		}
	git_config_iterator_free(it);
	git_buf dir = GIT_BUF_INIT;
	struct sbuf hook = SBUF_INIT;
	if (cfg && git_config_get_path(&dir, cfg, "core.hooksPath") == 0 && dir.ptr[0]) {
		const char *wd = git_repository_workdir(repo);
		if (dir.ptr[0] != '/')
			sbuf_adds(&hook, wd ? wd : git_repository_path(repo));
		sbuf_addf(&hook, "%s/proc-receive", dir.ptr);
	} else {
		sbuf_addf(&hook, "%shooks/proc-receive", git_repository_path(repo));
	}
	yes = yes && access(hook.s, X_OK) == 0;
	sbuf_free(&hook);
	git_buf_dispose(&dir);
	git_config_free(cfg);
	return yes;
}

/* land: the server lands nw itself (pk_guard_land): no fast-forward is
 * asked for, and a ref other than the protected branch is refused. */
static int guard(struct pk_git *g, const char *ref, const git_oid *old, const git_oid *nw,
		 const char *schema_dir, int land, struct pk_diags *d)
{
	struct pk_policy pol;
	git_reference *head = NULL;
	git_commit *tip = NULL;
	git_revwalk *rw = NULL;
	struct pk_schema *schema = NULL;
	struct pk_accept_memo *memo = NULL;
	int ret = -1, refused = 0;
	/* The policy of the protected branch as it stands (HEAD names it in a
	 * shared repository): a push cannot relax the rules for itself. */
	pk_policy_default(&pol);
	if (git_repository_head(&head, g->repo) == 0 &&
	    git_reference_peel((git_object **)&tip, head, GIT_OBJECT_COMMIT) == 0 &&
	    pk_policy_load(g, git_commit_tree_id(tip), schema_dir, &pol, d) < 0)
		goto done;
	git_commit_free(tip);
	tip = NULL;
	struct sbuf want = SBUF_INIT;
	sbuf_addf(&want, "refs/heads/%s", pol.branch);
	int protected_ = strcmp(ref, want.s) == 0;
	sbuf_free(&want);
	/* the policy in force is the protected branch's own tip's */
	if (protected_ && !git_oid_is_zero(old)) {
		if (git_commit_lookup(&tip, g->repo, old) == 0 &&
		    pk_policy_load(g, git_commit_tree_id(tip), schema_dir, &pol, d) < 0)
			goto done;
	}
	if (!protected_ && land) {
		struct sbuf m = SBUF_INIT;
		sbuf_addf(&m, "%s is not the protected branch %s: only that branch is landed by the server",
			  ref, pol.branch);
		refuse(d, ref, "push to refs/panelkit/land/BRANCH names the branch to land on", m.s);
		sbuf_free(&m);
		ret = 1;
		goto done;
	}
	if (!protected_ && !land && !strncmp(ref, PK_LAND_REFS, strlen(PK_LAND_REFS)) &&
	    !lands_here(g->repo)) {
		/* git would make the ref itself: nothing would land */
		refuse(d, ref, "push to the branch itself (panel sync --no-land)",
		       "this repository does not land pushes to " PK_LAND_REFS "BRANCH (no "
		       "receive.procReceiveRefs for them, no proc-receive hook)");
		ret = 1;
		goto done;
	}
	if (!protected_) {
		ret = 0;
		goto done;
	}
	if (git_oid_is_zero(nw)) {
		struct sbuf m = SBUF_INIT;
		sbuf_addf(&m, "deletes the protected branch %s", pol.branch);
		refuse(d, ref, "the records' history is never deleted (panelkit.yaml guard.branch)", m.s);
		sbuf_free(&m);
		ret = 1;
		goto done;
	}
	if (!land && !git_oid_is_zero(old) && !git_oid_equal(old, nw)) {
		/* old is nw's merge base with it exactly when nw descends from
		 * old (git_graph_descendant_of leaks 64 bytes in libgit2 1.5.1
		 * when it is not: valgrind, guard.sh) */
		git_oid mb;
		int e = git_merge_base(&mb, g->repo, nw, old);
		int ff = e == 0 ? git_oid_equal(&mb, old) : e == GIT_ENOTFOUND ? 0 : -1;
		if (ff < 0) {
			pk_git_diag(d, ref, "cannot read the pushed commits");
			goto done;
		}
		if (ff != 1) {
			char os[12], ns[12];
			pk_git_short(old, os);
			pk_git_short(nw, ns);
			struct sbuf m = SBUF_INIT, h = SBUF_INIT;
			sbuf_addf(&m, "%s -> %s is not a fast-forward of the protected branch %s: it would "
				  "rewrite the history", os, ns, pol.branch);
			sbuf_addf(&h, "history is never rewritten (KIT-HISTORY): fetch, then merge or rebase "
				  "your commits onto %s and push again", os);
			refuse(d, ref, h.s, m.s);
			sbuf_free(&m);
			sbuf_free(&h);
			ret = 1;
			goto done;
		}
	}
	/* every commit the push brings to the branch, oldest first */
	if (git_revwalk_new(&rw, g->repo) < 0 ||
	    git_revwalk_sorting(rw, GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE) < 0 ||
	    git_revwalk_push(rw, nw) < 0 || (!git_oid_is_zero(old) && git_revwalk_hide(rw, old) < 0)) {
		pk_git_diag(d, ref, "cannot read the pushed commits");
		goto done;
	}
	/* one compiled schema and one memory of people/ for the whole push */
	schema = pk_accept_schema(schema_dir);
	memo = pk_accept_memo_new();
	git_oid id;
	int e;
	while ((e = git_revwalk_next(&id, rw)) == 0) {
		git_commit *c = NULL;
		if (git_commit_lookup(&c, g->repo, &id) < 0) {
			pk_git_diag(d, ref, "cannot read a pushed commit");
			goto done;
		}
		int r = check_commit(g, c, &pol, schema_dir, schema, memo, d);
		git_commit_free(c);
		if (r < 0)
			goto done;
		refused += r;
	}
	if (e != GIT_ITEROVER) {
		pk_git_diag(d, ref, "cannot read the pushed commits");
		goto done;
	}
	ret = refused;
done:
	pk_schema_free(schema);
	pk_accept_memo_free(memo);
	git_revwalk_free(rw);
	git_commit_free(tip);
	git_reference_free(head);
	return ret;
}

int pk_guard_update(struct pk_git *g, const char *ref, const git_oid *old, const git_oid *nw,
		    const char *schema_dir, struct pk_diags *d)
{
	return guard(g, ref, old, nw, schema_dir, 0, d);
}

int pk_guard_land(struct pk_git *g, const char *ref, const git_oid *tip, const git_oid *nw,
		  const char *schema_dir, struct pk_diags *d)
{
	git_oid zero;
	memset(&zero, 0, sizeof zero);
	return guard(g, ref, tip ? tip : &zero, nw, schema_dir, 1, d);
}
