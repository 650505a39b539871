/* history_audit.c: what an auditor asks of the history (panel audit).
 *
 * For each commit that touches records (oldest first), compared with its
 * first parent by pk_accept_change (accept.h), the check of every door:
 *   invalid  a record it touched is invalid in the commit's tree (only the
 *            touched records are validated, with references looked up in
 *            that tree, on the commit's own date)
 *   trailer  a record it touched is not named by a Case:/Panel:/Person:
 *            trailer: the commit was made outside panelkit (merges exempt)
 *   author   the author's email is not in people/ (of the commit or its
 *            parent)
 *   path     a record folder or record that is a symbolic link or submodule
 *   outcome  a held panel's recorded outcome (recommendation, reasons,
 *            actions, response) was changed or removed without a new
 *            corrections entry for that field with a reason: outcomes are
 *            append-only (adding what was missing is fine)
 * and, from the branches' reflogs:
 *   rewrite  an update that was not a fast-forward (reset, amend, rebase,
 *            forced fetch): commits left the branch (KIT-HISTORY). */
#include "accept.h"
#include "history.h"
#include "history_git.h"
#include "history_trust.h"
#include "json.h"
#include "schema.h"
#include "mem.h"
#include "text.h"
#include "validate.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct meta {
	char commit[41];
	char check[12];
	char *ref;        /* rewrite: "main@{2}" */
};

struct header {
	size_t first;     /* index of its first finding */
	char *line;       /* "commit 1a2b3c4 2026-03-01 Ann <a@x>: subject" */
};

struct pk_audit {
	struct pk_diags f;    /* findings in report order (never sorted) */
	struct meta *m;
	size_t mcap;
	struct header *h;
	size_t nh;
	size_t commits, touching;
	struct pk_git g;
	int git_open;
	const struct pk_audit_opts *o;
	char *root;
	struct pk_chcache *cc;   /* what each commit changed */
	struct pk_accept_memo *memo; /* people's emails, by people/ tree */
	char *anchor;            /* the ref this audit recorded its commit under */
	struct pk_schema *schema; /* compiled once for every commit's check */
};

/* ---- findings ---- */

static void add(struct pk_audit *a, const char *commit, const char *check, const char *ref,
		enum pk_sev sev, const char *file, unsigned line, unsigned col, const char *src,
		const char *rule, const char *hint, const char *msg)
{
	if (a->f.n == a->mcap) {
		a->mcap = a->mcap ? a->mcap * 2 : 32;
		a->m = xrealloc(a->m, a->mcap * sizeof *a->m);
	}
	struct meta *m = &a->m[a->f.n];
	snprintf(m->commit, sizeof m->commit, "%s", commit ? commit : "");
	snprintf(m->check, sizeof m->check, "%s", check);
	m->ref = ref ? xstrdup(ref) : NULL;
	pk_diag_add(&a->f, sev, file, line, col, src, rule, hint, "%s", msg);
}

static void header(struct pk_audit *a, const git_commit *c, const char *sid)
{
	char day[16];
	if (a->nh && a->h[a->nh - 1].first == a->f.n)
		free(a->h[--a->nh].line); /* the previous commit had no findings */
	const git_signature *who = git_commit_author(c);
	const char *msg = git_commit_message(c);
	struct sbuf b = SBUF_INIT;
	char *subj = pk_printable(msg, strcspn(msg, "\n"), 120);
	char *name = pk_printable(who->name, strlen(who->name), 100);
	char *email = pk_printable(who->email, strlen(who->email), 100);
	sbuf_addf(&b, "commit %s %s %s <%s>: %s", sid, pk_date_fmt(pk_git_commit_date(c), day),
		  name, email, subj);
	free(subj);
	free(name);
	free(email);
	a->h = xrealloc(a->h, (a->nh + 1) * sizeof *a->h);
	a->h[a->nh].first = a->f.n;
	a->h[a->nh++].line = sbuf_detach(&b);
}

/* ---- trees ---- */

static int records_tree(struct pk_audit *a, const git_commit *c, git_oid *out)
{
	return pk_git_records_tree(&a->g, c, out);
}

struct touched {
	char *rel;
	int in_old, in_new;
	git_oid old_id, new_id;
};

/* The records a commit changed against its first parent. */
static int changed_records(struct pk_audit *a, const git_commit *c, struct touched **v, size_t *n)
{
	const struct pk_chrec *ch;
	size_t nch;
	if (pk_chcache_get(a->cc, c, &ch, &nch) < 0)
		return -1;
	*v = xcalloc(nch + 1, sizeof **v);
	for (size_t i = 0; i < nch; i++) {
		struct touched *t = &(*v)[i];
		t->rel = xstrdup(ch[i].path);
		t->in_old = !git_oid_is_zero(&ch[i].old_id);
		t->in_new = !git_oid_is_zero(&ch[i].new_id);
		t->old_id = ch[i].old_id;
		t->new_id = ch[i].new_id;
	}
	*n = nch;
	return 0;
}

/* Whether a commit changed the policy file against its first parent
 * (rt: its records tree, NULL when it has none): such a commit goes
 * through the acceptance check though it changes no record. */
static int policy_changed(struct pk_audit *a, const git_commit *c, const git_oid *rt)
{
	git_oid prt, was, now;
	git_commit *parent = NULL;
	unsigned wm = 0, nm = 0;
	const size_t len = sizeof PK_POLICY_FILE - 1;
	int has_parent = git_commit_parentcount(c) > 0 && git_commit_parent(&parent, c, 0) == 0 &&
			 pk_git_records_tree(&a->g, parent, &prt) == 0;
	git_commit_free(parent);
	int had = has_parent && pk_git_tree_find(a->g.odb, &prt, PK_POLICY_FILE, len, &was, &wm) == 0;
	int has = rt && pk_git_tree_find(a->g.odb, rt, PK_POLICY_FILE, len, &now, &nm) == 0;
	return had != has || (has && (wm != nm || !git_oid_equal(&was, &now)));
}

static void free_list(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* ---- checks of one commit: the acceptance check of every door ---- */

/* The findings of pk_accept_change for one commit against its first
 * parent, in the audit's words: files as git names them
 * ("1a2b3c4:cases/DC-0001.yaml"), and one KIT-HISTORY finding for each
 * record left invalid before its errors. */
static int check_commit(struct pk_audit *a, const git_commit *c, const char *sid,
			const git_oid *rt)
{
	char label[64], day[16], full[41];
	git_oid prt;
	git_commit *parent = NULL;
	int has_parent = git_commit_parentcount(c) > 0 && git_commit_parent(&parent, c, 0) == 0 &&
			 pk_git_records_tree(&a->g, parent, &prt) == 0;
	git_commit_free(parent);
	pk_date when = pk_git_commit_date(c);
	snprintf(label, sizeof label, "commit %s (%s)", sid, pk_date_fmt(when, day));
	snprintf(full, sizeof full, "%s", git_oid_tostr_s(git_commit_id(c)));
	struct pk_diags vd = PK_DIAGS_INIT;
	const git_signature *au = git_commit_author(c);
	struct pk_accept_who who = {au->name, au->email, git_commit_parentcount(c) > 1, a->root, sid,
				    label, a->o->schema_dir, NULL, a->schema, a->memo};
	struct pk_policy pol;
	/* The policy the commit was made under: its parent's. */
	if (pk_policy_load(&a->g, has_parent ? &prt : NULL, a->o->schema_dir, &pol, &vd) < 0) {
		pk_diags_free(&vd);
		return -1;
	}
	/* Judged on the commit's own day: what was knowable then. */
	int r = pk_accept_change(&a->g, has_parent ? &prt : NULL, rt, &who, git_commit_message(c),
				 &pol, when, &vd);
	if (r < 0) {
		for (size_t i = 0; i < vd.n; i++)
			add(a, full, "invalid", NULL, PK_ERROR, vd.v[i].file, 0, 0, NULL, vd.v[i].rule, NULL,
			    vd.v[i].msg);
		pk_diags_free(&vd);
		return 0;
	}
	/* record findings first, sorted; then the commit's own (author, trailers) */
	pk_diags_sort(&vd);
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < vd.n; i++) {
			const struct pk_diag *g = &vd.v[i];
			const char *check = pk_accept_check(g, sid);
			int own = strcmp(g->file, sid) == 0;
			if (own != pass || (g->sev != PK_ERROR && strcmp(check, "invalid") == 0))
				continue; /* a record's warnings are not the audit's concern */
			if (!own && strcmp(check, "invalid") == 0 &&
			    (i == 0 || strcmp(vd.v[i - 1].file, g->file) != 0 || vd.v[i - 1].sev != PK_ERROR ||
			     strcmp(pk_accept_check(&vd.v[i - 1], sid), "invalid") != 0)) {
				size_t k = 0;
				for (size_t j = i; j < vd.n && strcmp(vd.v[j].file, g->file) == 0; j++)
					k += vd.v[j].sev == PK_ERROR &&
					     strcmp(pk_accept_check(&vd.v[j], sid), "invalid") == 0;
				struct sbuf m = SBUF_INIT;
				sbuf_addf(&m, "leaves %s invalid (%zu error%s)", g->file, k, k == 1 ? "" : "s");
				add(a, full, "invalid", NULL, PK_ERROR, sid, 0, 0, NULL, "KIT-HISTORY",
				    "every commit must leave the records valid; fix the record in a new commit "
				    "with 'panel commit'", m.s);
				sbuf_free(&m);
			}
			struct sbuf f = SBUF_INIT;
			if (own)
				sbuf_adds(&f, sid);
			else
				sbuf_addf(&f, "%s:%s", sid, g->file);
			add(a, full, check, NULL, g->sev, f.s, g->line, g->col, g->src, g->rule, g->hint, g->msg);
			sbuf_free(&f);
		}
	pk_diags_free(&vd);
	return 0;
}

static void add_trust(struct pk_audit *a, const struct pk_trust_list *tl)
{
	for (size_t i = 0; i < tl->n; i++) {
		const struct pk_trust_finding *f = &tl->v[i];
		add(a, f->commit, f->check, f->ref, PK_ERROR, f->file, f->line, 0, NULL, "KIT-HISTORY",
		    f->hint, f->msg);
	}
}

/* Findings about the whole history, under a header line of their own. */
static void add_trust_group(struct pk_audit *a, const struct pk_trust_list *tl, const char *line)
{
	if (!tl->n)
		return;
	a->h = xrealloc(a->h, (a->nh + 1) * sizeof *a->h);
	a->h[a->nh].first = a->f.n;
	a->h[a->nh++].line = xstrdup(line);
	add_trust(a, tl);
}

static int audit_commit(struct pk_audit *a, git_commit *c)
{
	git_oid rt;
	struct touched *t = NULL;
	size_t n = 0;
	char sid[12];
	int ret = 0;

	a->commits++;
	int has = records_tree(a, c, &rt) == 0;
	if (changed_records(a, c, &t, &n) < 0) {
		ret = -1;
		goto done;
	}
	/* history_trust.c: dates, committer, hand-written trailers (also of
	 * commits that change no record) */
	struct pk_trust_list tl = {NULL, 0, 0};
	char **rel = xcalloc(n + 1, sizeof *rel);
	for (size_t i = 0; i < n; i++)
		rel[i] = t[i].rel;
	pk_trust_commit(a->g.repo, c, rel, n, &tl);
	free(rel);
	if (!n && !policy_changed(a, c, has ? &rt : NULL)) {
		if (tl.n) {
			pk_git_short(git_commit_id(c), sid);
			header(a, c, sid);
			add_trust(a, &tl);
		}
		pk_trust_list_free(&tl);
		goto done;
	}
	if (n)
		a->touching++;
	pk_git_short(git_commit_id(c), sid);
	header(a, c, sid);
	if (check_commit(a, c, sid, has ? &rt : NULL) < 0)
		ret = -1;
	add_trust(a, &tl);
	pk_trust_list_free(&tl);
done:
	for (size_t i = 0; i < n; i++)
		free(t[i].rel);
	free(t);
	return ret;
}

/* ---- rewrites ---- */

static void check_reflog(struct pk_audit *a, const char *refname)
{
	git_reflog *log = NULL;
	if (git_reflog_read(&log, a->g.repo, refname) < 0)
		return;
	const char *shortname = strncmp(refname, "refs/heads/", 11) == 0 ? refname + 11 : refname;
	size_t n = git_reflog_entrycount(log);
	/* entry 0 is the newest: report oldest first */
	for (size_t i = n; i-- > 0;) {
		const git_reflog_entry *e = git_reflog_entry_byindex(log, i);
		const git_oid *o = git_reflog_entry_id_old(e), *nw = git_reflog_entry_id_new(e);
		const git_signature *who = git_reflog_entry_committer(e);
		long long tt = (long long)who->when.time + who->when.offset * 60LL;
		pk_date day = (pk_date)(tt / 86400 - (tt % 86400 < 0));
		if (git_oid_is_zero(o) || git_oid_is_zero(nw) || git_oid_equal(o, nw))
			continue;
		if (a->o->since != PK_NODATE && day < a->o->since)
			continue;
		int ff = git_graph_descendant_of(a->g.repo, nw, o);
		if (ff == 1)
			continue;
		char os[12], ns[12], dd[16], ref[160];
		pk_git_short(o, os);
		pk_git_short(nw, ns);
		snprintf(ref, sizeof ref, "%s@{%zu}", shortname, i);
		const char *why = git_reflog_entry_message(e);
		char *whyp = why ? pk_printable(why, strlen(why), 120) : xstrdup("no message");
		struct sbuf m = SBUF_INIT, h = SBUF_INIT;
		sbuf_addf(&m, "history rewritten on %s by %s <%s>: %s -> %s is not a fast-forward "
			  "(\"%s\"); %s%s no longer on %s", pk_date_fmt(day, dd), who->name, who->email, os,
			  ns, whyp, os, ff < 0 ? " no longer exists and is" : " is", shortname);
		sbuf_addf(&h, "history is never rewritten (KIT-HISTORY); the old commits can be "
			  "recovered with: git branch recovered %s", os);
		char oid[41];
		git_oid_tostr(oid, sizeof oid, o);
		add(a, oid, "rewrite", ref, PK_ERROR, ref, 0, 0, NULL, "KIT-HISTORY", h.s, m.s);
		free(whyp);
		sbuf_free(&m);
		sbuf_free(&h);
	}
	git_reflog_free(log);
}

static void check_rewrites(struct pk_audit *a)
{
	git_branch_iterator *it = NULL;
	git_reference *ref;
	git_branch_t type;
	if (git_branch_iterator_new(&it, a->g.repo, GIT_BRANCH_LOCAL) < 0)
		return;
	char **names = NULL;
	size_t n = 0;
	while (git_branch_next(&ref, &type, it) == 0) {
		names = xrealloc(names, (n + 1) * sizeof *names);
		names[n++] = xstrdup(git_reference_name(ref));
		git_reference_free(ref);
	}
	git_branch_iterator_free(it);
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
			char *x = names[j];
			names[j] = names[j - 1];
			names[j - 1] = x;
		}
	for (size_t i = 0; i < n; i++) {
		a->h = xrealloc(a->h, (a->nh + 1) * sizeof *a->h);
		size_t before = a->f.n;
		check_reflog(a, names[i]);
		if (a->f.n > before) {
			struct sbuf b = SBUF_INIT;
			sbuf_addf(&b, "reflog of %s", names[i]);
			/* the header goes before this branch's findings */
			a->h[a->nh].first = before;
			a->h[a->nh++].line = sbuf_detach(&b);
		}
	}
	free_list(names, n);
}

/* ---- entry points ---- */

struct pk_audit *pk_history_audit(const char *root, const struct pk_audit_opts *o,
				  struct pk_diags *d)
{
	struct pk_audit *a = xcalloc(1, sizeof *a);
	git_revwalk *rw = NULL;
	a->o = o;
	a->root = xstrdup(root);
	if (pk_git_open(&a->g, root, 1, d) != 0)
		goto fail;
	a->git_open = 1;
	pk_git_batch_start(&a->g, PK_GIT_BATCH_MIN); /* a walk over the whole history */
	{
		/* One compiled schema for every commit's acceptance check (a
		 * schema that cannot be loaded is reported by the first check). */
		a->schema = pk_accept_schema(a->o->schema_dir);
	}
	/* findings name files as git does (rev:path), from the work tree's root */
	free(a->g.display);
	a->g.display = xstrdup(a->g.prefix);
	a->cc = pk_chcache_open(&a->g, 0);
	a->memo = pk_accept_memo_new();
	int e = git_revwalk_new(&rw, a->g.repo);
	if (e == 0)
		e = git_revwalk_sorting(rw, GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME | GIT_SORT_REVERSE);
	if (e == 0)
		e = git_revwalk_push_head(rw);
	if (e == GIT_EUNBORNBRANCH || e == GIT_ENOTFOUND) {
		git_revwalk_free(rw);
		return a; /* no commits: nothing to audit */
	}
	if (e < 0)
		goto git_fail;
	git_oid id, *shallow = NULL;
	size_t nshallow = 0, ishallow = 0;
	/* a shallow clone: walked without its boundaries (history_trust.c) */
	int is_shallow = git_repository_is_shallow(a->g.repo) == 1;
	if (is_shallow && pk_trust_shallow_walk(&a->g, &shallow, &nshallow) < 0) {
		free(shallow);
		goto git_fail;
	}
	for (;;) {
		if (!is_shallow && (e = git_revwalk_next(&id, rw)) != 0)
			break;
		if (is_shallow && ishallow == nshallow) {
			e = GIT_ITEROVER;
			break;
		}
		if (is_shallow)
			id = shallow[ishallow++];
		git_commit *c;
		if (git_commit_lookup(&c, a->g.repo, &id) < 0) {
			free(shallow);
			goto git_fail;
		}
		if (o->since != PK_NODATE && pk_git_commit_date(c) < o->since) {
			git_commit_free(c);
			continue;
		}
		int r = audit_commit(a, c);
		git_commit_free(c);
		if (r < 0) {
			free(shallow);
			goto git_fail;
		}
	}
	free(shallow);
	if (e != GIT_ITEROVER)
		goto git_fail;
	git_revwalk_free(rw);
	check_rewrites(a);
	struct pk_trust_list tl = {NULL, 0, 0};
	pk_trust_repo(&a->g, &tl);
	add_trust_group(a, &tl, "the history as git shows it");
	pk_trust_list_free(&tl);
	pk_trust_anchor_check(&a->g, &tl);
	add_trust_group(a, &tl, "the anchor of earlier audits");
	pk_trust_list_free(&tl);
	/* The anchor: an audit of the whole history that found nothing
	 * vouches for HEAD, so a later rewrite is seen by any clone that
	 * fetched refs/panelkit/ (history_trust.h). */
	if (!a->f.n && o->since == PK_NODATE)
		pk_trust_anchor_record(&a->g, &a->anchor, d);
	return a;
git_fail:
	pk_git_diag(d, root, "cannot read the history");
fail:
	git_revwalk_free(rw);
	pk_audit_free(a);
	return NULL;
}

size_t pk_audit_count(const struct pk_audit *a)
{
	return a->f.n;
}

void pk_audit_print(FILE *out, const struct pk_audit *a)
{
	size_t h = 0;
	for (size_t i = 0; i < a->f.n; i++) {
		while (h < a->nh && a->h[h].first <= i) {
			/* a header followed by another at the same finding had none */
			if (h + 1 >= a->nh || a->h[h + 1].first > i)
				fprintf(out, "%s%s\n", i ? "\n" : "", a->h[h].line);
			h++;
		}
		struct pk_diags one = {&a->f.v[i], 1, 1, 0, 0};
		pk_diags_print(out, &one);
	}
}

void pk_audit_print_json(FILE *out, const struct pk_audit *a)
{
	struct pk_jw w;
	pk_jw_init(&w, out);
	pk_jw_arr_begin(&w, PK_JW_LINES(1));
	for (size_t i = 0; i < a->f.n; i++) {
		const struct pk_diag *g = &a->f.v[i];
		const struct meta *m = &a->m[i];
		pk_jw_obj_begin(&w, PK_JW_INLINE);
		pk_jw_kstr(&w, "check", m->check);
		pk_jw_kstr(&w, "commit", m->commit);
		if (m->ref)
			pk_jw_kstr(&w, "ref", m->ref);
		pk_jw_kstr(&w, "file", g->file);
		pk_jw_kuint(&w, "line", g->line);
		pk_jw_kuint(&w, "column", g->col);
		pk_jw_kstr(&w, "severity", g->sev == PK_ERROR ? "error" : "warning");
		pk_jw_kstr(&w, "rule", g->rule);
		pk_jw_kstr(&w, "message", g->msg);
		if (g->hint)
			pk_jw_kstr(&w, "hint", g->hint);
		pk_jw_obj_end(&w);
	}
	pk_jw_arr_end(&w);
	pk_jw_text(&w, "\n");
}

void pk_audit_free(struct pk_audit *a)
{
	if (!a)
		return;
	for (size_t i = 0; i < a->f.n; i++)
		free(a->m[i].ref);
	free(a->m);
	for (size_t i = 0; i < a->nh; i++)
		free(a->h[i].line);
	free(a->h);
	pk_diags_free(&a->f);
	pk_chcache_free(a->cc);
	pk_accept_memo_free(a->memo);
	if (a->git_open)
		pk_git_close(&a->g);
	free(a->anchor);
	free(a->root);
	pk_schema_free(a->schema);
	free(a);
}

size_t pk_audit_commits(const struct pk_audit *a, size_t *touching)
{
	if (touching)
		*touching = a->touching;
	return a->commits;
}

const char *pk_audit_anchor(const struct pk_audit *a)
{
	return a->anchor;
}
