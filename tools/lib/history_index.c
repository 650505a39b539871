/* history_index.c: the index door of the acceptance check (history.h,
 * pk_history_verify_staged): the hooks panel init installs so that plain
 * `git commit` and `git merge` are held to what panel commit is. */
#include "accept.h"
#include "history.h"
#include "mem.h"

#include <stdlib.h>
#include <string.h>

/* The tree of the records root under a whole tree; 0, 1 when absent. */
static int records_root(struct pk_git *g, const git_oid *whole, git_oid *out)
{
	unsigned mode = 040000;
	*out = *whole;
	if (*g->prefix && (pk_git_path_find(g->odb, whole, g->prefix, out, &mode) < 0 || mode != 040000))
		return 1;
	return 0;
}

/* Conflicted records are named as such (write_tree cannot take them). */
static int report_conflicts(struct pk_git *g, git_index *idx, const char *root, struct pk_diags *d)
{
	git_index_conflict_iterator *it = NULL;
	const git_index_entry *anc, *ours, *theirs;
	int n = 0;
	if (!git_index_has_conflicts(idx) || git_index_conflict_iterator_new(&it, idx) < 0)
		return 0;
	size_t plen = strlen(g->prefix);
	while (git_index_conflict_next(&anc, &ours, &theirs, it) == 0) {
		const git_index_entry *e = ours ? ours : theirs ? theirs : anc;
		const char *p = strncmp(e->path, g->prefix, plen) == 0 ? e->path + plen : e->path;
		struct sbuf disp = SBUF_INIT;
		sbuf_addf(&disp, "%s%s", g->display, p);
		pk_diag_add(d, PK_ERROR, disp.s, 0, 0, NULL, "KIT-HISTORY",
			    "resolve the conflict and stage the file", "has an unresolved merge conflict");
		sbuf_free(&disp);
		n++;
	}
	git_index_conflict_iterator_free(it);
	(void)root;
	return n;
}

int pk_history_verify_staged(const char *root, const struct pk_verify_opts *o, size_t *checked,
			     struct pk_diags *d)
{
	struct pk_git g;
	git_index *idx = NULL;
	git_reference *head = NULL;
	git_commit *hc = NULL;
	git_signature *def = NULL;
	int ret = -1;
	if (checked)
		*checked = 0;
	if (pk_git_open(&g, root, 1, d) != 0)
		return -1;
	/* git is about to move the branch: a lock a killed panel commit left
	 * would stop it */
	pk_history_heal_locks(git_repository_path(g.repo));
	const char *env = getenv("GIT_INDEX_FILE");
	if ((env && *env ? git_index_open(&idx, env) : git_repository_index(&idx, g.repo)) < 0) {
		pk_git_diag(d, root, "cannot read the index");
		goto done;
	}
	if (report_conflicts(&g, idx, root, d)) {
		ret = (int)d->errors;
		goto done;
	}
	git_oid whole, after, before;
	int has_before = 0, has_after;
	if (git_index_write_tree_to(&whole, idx, g.repo) < 0) {
		pk_git_diag(d, root, "cannot read the index as a tree");
		goto done;
	}
	has_after = records_root(&g, &whole, &after) == 0;
	int e = git_repository_head(&head, g.repo);
	if (e == 0 && git_reference_peel((git_object **)&hc, head, GIT_OBJECT_COMMIT) == 0)
		has_before = pk_git_records_tree(&g, hc, &before) == 0;
	else if (e != GIT_EUNBORNBRANCH && e != GIT_ENOTFOUND) {
		pk_git_diag(d, root, "cannot read HEAD");
		goto done;
	}
	/* git sets the author for commit hooks; a merge's hooks get none */
	const char *an = getenv("GIT_AUTHOR_NAME"), *ae = getenv("GIT_AUTHOR_EMAIL");
	if (!ae || !*ae) {
		if (git_signature_default(&def, g.repo) == 0) {
			an = def->name;
			ae = def->email;
		} else {
			an = ae = NULL;
		}
	}
	struct pk_policy pol;
	if (pk_policy_load(&g, has_before ? &before : NULL, o->schema_dir, &pol, d) < 0)
		goto done;
	int merge = o->merge || git_repository_state(g.repo) == GIT_REPOSITORY_STATE_MERGE;
	struct pk_accept_who who = {an, ae, merge, root, root, "staged changes", o->schema_dir, checked, NULL, NULL};
	ret = pk_accept_change(&g, has_before ? &before : NULL, has_after ? &after : NULL, &who,
			       o->message, &pol, o->today, d);
done:
	git_signature_free(def);
	git_commit_free(hc);
	git_reference_free(head);
	git_index_free(idx);
	pk_git_close(&g);
	return ret;
}
