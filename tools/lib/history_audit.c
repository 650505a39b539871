/* history_audit.c: what an auditor asks of the history (panel audit).
 *
 * For each commit that touches records (oldest first), compared with its
 * first parent:
 *   invalid  a record it touched is invalid in the commit's tree (only the
 *            touched records are validated, with references looked up in
 *            that tree, on the commit's own date)
 *   trailer  a record it touched is not named by a Case:/Panel:/Person:
 *            trailer: the commit was made outside panelkit (merges exempt)
 *   author   the author's email is not in people/ (as of HEAD or of the
 *            commit)
 *   outcome  a held panel's recorded outcome (recommendation, reasons,
 *            actions, response) was changed or removed without a new
 *            corrections entry for that field with a reason: outcomes are
 *            append-only (adding what was missing is fine)
 * and, from the branches' reflogs:
 *   rewrite  an update that was not a fast-forward (reset, amend, rebase,
 *            forced fetch): commits left the branch (KIT-HISTORY). */
#include "history.h"
#include "history_git.h"
#include "history_trust.h"
#include "util.h"
#include "validate.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const outcome_fields[] = {"recommendation", "reasons", "actions", "response"};

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
	/* people's emails as of HEAD, and of the last people/ tree read */
	char **head_emails;
	size_t nhead;
	git_oid people_tree;
	int have_people;
	char **emails;
	size_t nemails;
	struct pk_chcache *cc;   /* what each commit changed */
	char *anchor;            /* the ref this audit recorded its commit under */
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

static int sub_tree(struct pk_audit *a, const git_oid *rt, enum pk_rkind k, git_oid *out)
{
	unsigned mode;
	const char *kd = pk_kind_dir(k);
	return pk_git_tree_find(a->g.odb, rt, kd, strlen(kd), out, &mode) == 0 && mode == 040000;
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

/* ---- people ---- */

static void free_list(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* The email of every person record in a records-root tree. */
static void load_emails(struct pk_audit *a, const git_oid *rt, char ***out, size_t *n)
{
	struct pk_diags scratch = PK_DIAGS_INIT;
	*out = NULL;
	*n = 0;
	struct pk_git tmp = a->g; /* borrowed: the source must not close it */
	struct pk_source *s = pk_source_tree(&tmp, rt, a->root, "people", NULL, 0, NULL, 0, 0,
					     &scratch);
	for (size_t i = 0; s && i < s->n; i++) {
		if (pk_path_kind(s->paths[i]) != PK_R_PERSON)
			continue;
		struct pk_doc *doc = pk_source_load(s, s->paths[i], &scratch);
		const char *e = doc ? pk_get_str(pk_doc_root(doc), "email") : NULL;
		if (e) {
			*out = xrealloc(*out, (*n + 1) * sizeof **out);
			(*out)[(*n)++] = xstrdup(e);
		}
		pk_doc_free(doc);
	}
	pk_source_free(s);
	pk_diags_free(&scratch);
}

static int has_email(char **v, size_t n, const char *email)
{
	for (size_t i = 0; i < n; i++)
		if (strcasecmp(v[i], email) == 0)
			return 1;
	return 0;
}

static int author_known(struct pk_audit *a, const git_oid *rt, const char *email)
{
	if (has_email(a->head_emails, a->nhead, email))
		return 1;
	git_oid pt;
	if (!sub_tree(a, rt, PK_R_PERSON, &pt))
		return 0;
	if (!a->have_people || !git_oid_equal(&pt, &a->people_tree)) {
		free_list(a->emails, a->nemails);
		load_emails(a, rt, &a->emails, &a->nemails);
		a->people_tree = pt;
		a->have_people = 1;
	}
	return has_email(a->emails, a->nemails, email);
}

/* ---- checks of one commit ---- */

static void check_valid(struct pk_audit *a, const git_commit *c, const char *sid,
			const git_oid *rt, struct touched *t, size_t n)
{
	char **paths = xcalloc(n + 1, sizeof *paths), label[64], day[16];
	/* The touched records are read by their blob ids: looking them up in
	 * the commit's 100k-entry cases/ tree would cost more than the rest. */
	struct pk_overlay *ov = xcalloc(n + 1, sizeof *ov);
	size_t np = 0;
	for (size_t i = 0; i < n; i++)
		if (t[i].in_new) {
			ov[np].path = xstrdup(t[i].rel);
			ov[np].state = PK_OV_BLOB;
			ov[np].id = t[i].new_id;
			paths[np++] = t[i].rel;
		}
	/* Deleted cases and people: the records the commit left alone must
	 * not refer to them (a pass over the referring kinds of its tree). */
	char **gone = xcalloc(n + 1, sizeof *gone), **skip = xcalloc(n + 1, sizeof *skip);
	size_t ng = 0;
	for (size_t i = 0; i < n; i++) {
		skip[i] = t[i].rel;
		if (t[i].in_old && !t[i].in_new && pk_path_kind(t[i].rel) != PK_R_PANEL)
			gone[ng++] = t[i].rel;
	}
	if (!np && !ng) {
		free(paths);
		free(ov);
		free(gone);
		free(skip);
		return;
	}
	pk_date when = pk_git_commit_date(c);
	snprintf(label, sizeof label, "commit %s (%s)", sid, pk_date_fmt(when, day));
	struct pk_diags vd = PK_DIAGS_INIT;
	/* Files are named as git names them, so "1a2b3c4:cases/DC-0001.yaml"
	 * works with git show. */
	struct pk_git tmp = a->g;
	tmp.display = a->g.prefix;
	pk_tree_dangling(&tmp, rt, a->root, label, gone, ng, skip, n, &vd);
	free(gone);
	free(skip);
	struct pk_source *s = pk_source_tree(&tmp, rt, a->root, label, paths, np, ov, np, 0, &vd);
	free(paths);
	/* Judged on the commit's own day: what was knowable then. */
	struct pk_validate_opts vo = {when, a->o->schema_dir};
	int r = np ? pk_validate_source(s, &vo, &vd, NULL) : 0;
	/* KIT-IDS across kinds for records new in this commit (the validation
	 * above saw only the touched records): look the name up in the other
	 * folders of the commit's tree. */
	for (size_t i = 0; r >= 0 && i < n; i++) {
		if (!t[i].in_new || t[i].in_old)
			continue;
		enum pk_rkind k = pk_path_kind(t[i].rel);
		const char *name = strchr(t[i].rel, '/') + 1;
		for (int o = 0; o < PK_R_NONE; o++) {
			struct sbuf other = SBUF_INIT;
			git_oid id;
			sbuf_addf(&other, "%s/%s", pk_kind_dir((enum pk_rkind)o), name);
			if ((enum pk_rkind)o != k && pk_git_path_find(a->g.odb, rt, other.s, &id, NULL) == 0) {
				char *disp = pk_source_display(s, t[i].rel);
				pk_diag_add(&vd, PK_ERROR, disp, 0, 0, NULL, "KIT-IDS",
					    "IDs are unique across cases, panels and people",
					    "id \"%.*s\" is already used by %s", (int)(strlen(name) - 5), name,
					    other.s);
				free(disp);
			}
			sbuf_free(&other);
		}
	}
	pk_source_free(s);
	if (r < 0) {
		for (size_t i = 0; i < vd.n; i++)
			add(a, git_oid_tostr_s(git_commit_id(c)), "invalid", NULL, PK_ERROR, vd.v[i].file, 0,
			    0, NULL, vd.v[i].rule, NULL, vd.v[i].msg);
		pk_diags_free(&vd);
		return;
	}
	pk_diags_sort(&vd);
	const char *cid = git_oid_tostr_s(git_commit_id(c));
	char full[41];
	snprintf(full, sizeof full, "%s", cid);
	/* One KIT-HISTORY finding per record left invalid, then its errors. */
	for (size_t i = 0; i < vd.n; i++) {
		const struct pk_diag *g = &vd.v[i];
		if (g->sev != PK_ERROR)
			continue;
		if (i == 0 || strcmp(vd.v[i - 1].file, g->file) != 0 || vd.v[i - 1].sev != PK_ERROR) {
			size_t k = 0;
			for (size_t j = i; j < vd.n && strcmp(vd.v[j].file, g->file) == 0; j++)
				k += vd.v[j].sev == PK_ERROR;
			struct sbuf f = SBUF_INIT, m = SBUF_INIT;
			sbuf_addf(&f, "%s", sid);
			sbuf_addf(&m, "leaves %s invalid (%zu error%s)", g->file, k, k == 1 ? "" : "s");
			add(a, full, "invalid", NULL, PK_ERROR, f.s, 0, 0, NULL, "KIT-HISTORY",
			    "every commit must leave the records valid; fix the record in a new commit "
			    "with 'panel commit'", m.s);
			sbuf_free(&f);
			sbuf_free(&m);
		}
		struct sbuf f = SBUF_INIT;
		sbuf_addf(&f, "%s:%s", sid, g->file);
		add(a, full, "invalid", NULL, PK_ERROR, f.s, g->line, g->col, g->src, g->rule, g->hint,
		    g->msg);
		sbuf_free(&f);
	}
	pk_diags_free(&vd);
}

static const char *trailer_key(enum pk_rkind k)
{
	return k == PK_R_CASE ? "Case" : k == PK_R_PANEL ? "Panel" : "Person";
}

static void check_trailers(struct pk_audit *a, const git_commit *c, const char *sid,
			   struct touched *t, size_t n)
{
	git_message_trailer_array arr = {NULL, 0, NULL};
	git_message_trailers(&arr, git_commit_message(c));
	size_t ours = 0;
	for (size_t i = 0; i < arr.count; i++)
		if (!strcasecmp(arr.trailers[i].key, "Case") || !strcasecmp(arr.trailers[i].key, "Panel") ||
		    !strcasecmp(arr.trailers[i].key, "Person"))
			ours++;
	const char *cid = git_oid_tostr_s(git_commit_id(c));
	char full[41];
	snprintf(full, sizeof full, "%s", cid);
	if (!ours) {
		struct sbuf m = SBUF_INIT;
		sbuf_addf(&m, "changes %zu record%s without Case:/Panel:/Person: trailers (%s%s): "
			  "made outside panelkit", n, n == 1 ? "" : "s", t[0].rel, n > 1 ? ", ..." : "");
		add(a, full, "trailer", NULL, PK_ERROR, sid, 0, 0, NULL, "KIT-HISTORY",
		    "record changes are committed with 'panel commit', which validates them and "
		    "names each record in a trailer", m.s);
		sbuf_free(&m);
	} else {
		for (size_t i = 0; i < n; i++) {
			enum pk_rkind k = pk_path_kind(t[i].rel);
			const char *name = strchr(t[i].rel, '/') + 1;
			char *id = xstrndup(name, strlen(name) - 5);
			int found = 0;
			for (size_t j = 0; j < arr.count && !found; j++)
				found = !strcasecmp(arr.trailers[j].key, trailer_key(k)) &&
					!strcmp(arr.trailers[j].value, id);
			if (!found) {
				struct sbuf m = SBUF_INIT, h = SBUF_INIT;
				sbuf_addf(&m, "changes %s but has no \"%s: %s\" trailer", t[i].rel, trailer_key(k), id);
				sbuf_addf(&h, "every record a commit touches is named in a trailer");
				add(a, full, "trailer", NULL, PK_ERROR, sid, 0, 0, NULL, "KIT-HISTORY", h.s, m.s);
				sbuf_free(&m);
				sbuf_free(&h);
			}
			free(id);
		}
	}
	git_message_trailer_array_free(&arr);
}

static struct pk_doc *load_blob(struct pk_audit *a, const git_oid *id, const char *path)
{
	char err[256], *buf;
	size_t len;
	struct pk_diags scratch = PK_DIAGS_INIT;
	struct pk_doc *doc = NULL;
	if (pk_git_read_blob(a->g.odb, id, 4u << 20, &buf, &len, err, sizeof err) == 0) {
		doc = pk_doc_parse(path, buf, len, NULL, &scratch);
		free(buf);
	}
	pk_diags_free(&scratch);
	return doc;
}

/* A correction new in this commit, for field (or a part of it), with a reason. */
static int corrected(const struct pk_node *old_entry, const struct pk_node *new_entry,
		     const char *field)
{
	const struct pk_node *nc = pk_map_get(new_entry, "corrections");
	const struct pk_node *oc = pk_map_get(old_entry, "corrections");
	size_t fl = strlen(field);
	if (!nc || nc->kind != PK_SEQ)
		return 0;
	for (size_t i = 0; i < nc->n; i++) {
		const struct pk_node *it = nc->items[i];
		const char *f = pk_get_str(it, "field"), *why = pk_get_str(it, "reason");
		if (!f || !why || !*why || strncmp(f, field, fl) != 0 ||
		    (f[fl] != '\0' && f[fl] != '.' && f[fl] != '['))
			continue;
		int old = 0;
		for (size_t j = 0; oc && oc->kind == PK_SEQ && j < oc->n && !old; j++)
			old = pk_node_equal(oc->items[j], it);
		if (!old)
			return 1;
	}
	return 0;
}

static void check_outcomes(struct pk_audit *a, const git_commit *c, const char *sid,
			   const struct touched *t)
{
	if (pk_path_kind(t->rel) != PK_R_PANEL || !t->in_old)
		return;
	struct pk_doc *od = load_blob(a, &t->old_id, t->rel);
	struct pk_doc *nd = t->in_new ? load_blob(a, &t->new_id, t->rel) : NULL;
	const struct pk_node *oroot = od ? pk_doc_root(od) : NULL;
	const struct pk_node *nroot = nd ? pk_doc_root(nd) : NULL;
	const char *status = pk_get_str(oroot, "status");
	const char *cid = git_oid_tostr_s(git_commit_id(c));
	char full[41];
	snprintf(full, sizeof full, "%s", cid);
	if (!status || strcmp(status, "held") != 0 || (t->in_new && !nroot))
		goto done; /* not held before; an unparsable new version is "invalid" */
	const char *pid = pk_get_str(oroot, "id");
	struct sbuf file = SBUF_INIT;
	sbuf_addf(&file, "%s:%s%s", sid, a->g.prefix, t->rel);
	if (!t->in_new) {
		struct sbuf m = SBUF_INIT;
		sbuf_addf(&m, "deletes held panel %s and its recorded outcomes", pid ? pid : t->rel);
		add(a, full, "outcome", NULL, PK_ERROR, file.s, 0, 0, NULL, "KIT-HISTORY",
		    "a held panel's record is kept; correct it with a corrections entry instead", m.s);
		sbuf_free(&m);
		sbuf_free(&file);
		goto done;
	}
	const struct pk_node *ocases = pk_map_get(oroot, "cases"), *ncases = pk_map_get(nroot, "cases");
	for (size_t i = 0; ocases && ocases->kind == PK_SEQ && i < ocases->n; i++) {
		const struct pk_node *oe = ocases->items[i], *ne = NULL;
		const char *cs = pk_get_str(oe, "case");
		size_t ni = 0;
		if (!cs)
			continue;
		for (size_t j = 0; ncases && ncases->kind == PK_SEQ && j < ncases->n && !ne; j++)
			if (pk_get_str(ncases->items[j], "case") && !strcmp(pk_get_str(ncases->items[j], "case"), cs))
				ne = ncases->items[j], ni = j;
		for (size_t f = 0; f < PK_ARRAY_LEN(outcome_fields); f++) {
			const char *field = outcome_fields[f];
			const struct pk_node *ov = pk_map_get(oe, field);
			if (!ov || pk_is_null(ov))
				continue; /* nothing recorded yet: adding is not a change */
			struct pk_changes ch = PK_CHANGES_INIT;
			struct sbuf prefix = SBUF_INIT;
			sbuf_addf(&prefix, "cases[%zu].%s", ne ? ni : i, field);
			pk_yaml_diff(ov, ne ? pk_map_get(ne, field) : NULL, prefix.s, &ch);
			const struct pk_change *bad = NULL;
			for (size_t k = 0; k < ch.n && !bad; k++)
				if (ch.v[k].op != PK_CH_ADDED)
					bad = &ch.v[k];
			if (bad && !(ne && corrected(oe, ne, field))) {
				struct sbuf m = SBUF_INIT, h = SBUF_INIT;
				const char *ot = bad->old_text ? bad->old_text : "(absent)";
				const char *nt = bad->new_text ? bad->new_text : "(absent)";
				if (bad->multiline)
					sbuf_addf(&m, "changes the recorded outcome of held panel %s for %s: %s "
						  "(text changed) with no correction", pid ? pid : t->rel, cs, bad->path);
				else
					sbuf_addf(&m, "changes the recorded outcome of held panel %s for %s: "
						  "%s: %.80s -> %.80s with no correction", pid ? pid : t->rel, cs,
						  bad->path, ot, nt);
				sbuf_addf(&h, "outcomes are append-only: record the change in cases[].corrections "
					  "as {date, by, field: %s, reason}", field);
				unsigned line = bad->new_line ? bad->new_line : 0;
				add(a, full, "outcome", NULL, PK_ERROR, file.s, line, 0,
				    line ? pk_doc_line(nd, line) : NULL, "KIT-HISTORY", h.s, m.s);
				sbuf_free(&m);
				sbuf_free(&h);
			}
			pk_changes_free(&ch);
			sbuf_free(&prefix);
		}
	}
	sbuf_free(&file);
done:
	pk_doc_free(od);
	pk_doc_free(nd);
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
	if (!n) {
		if (tl.n) {
			pk_git_short(git_commit_id(c), sid);
			header(a, c, sid);
			add_trust(a, &tl);
		}
		pk_trust_list_free(&tl);
		goto done;
	}
	a->touching++;
	pk_git_short(git_commit_id(c), sid);
	header(a, c, sid);
	if (has)
		check_valid(a, c, sid, &rt, t, n);
	if (git_commit_parentcount(c) < 2)
		check_trailers(a, c, sid, t, n);
	const git_signature *who = git_commit_author(c);
	if (!has || !author_known(a, &rt, who->email)) {
		struct sbuf m = SBUF_INIT;
		sbuf_addf(&m, "author %s <%s> is not in the people directory", who->name, who->email);
		add(a, git_oid_tostr_s(git_commit_id(c)), "author", NULL, PK_ERROR, sid, 0, 0, NULL,
		    "KIT-HISTORY", "add the person to people/ with this email, or commit as a listed person",
		    m.s);
		sbuf_free(&m);
	}
	for (size_t i = 0; i < n; i++)
		check_outcomes(a, c, sid, &t[i]);
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
	a->cc = pk_chcache_open(&a->g, 0);
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
	/* people as of HEAD */
	git_reference *head = NULL;
	git_commit *hc = NULL;
	git_oid hrt;
	if (git_repository_head(&head, a->g.repo) == 0 &&
	    git_reference_peel((git_object **)&hc, head, GIT_OBJECT_COMMIT) == 0 &&
	    records_tree(a, hc, &hrt) == 0)
		load_emails(a, &hrt, &a->head_emails, &a->nhead);
	git_commit_free(hc);
	git_reference_free(head);

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
	fputc('[', out);
	for (size_t i = 0; i < a->f.n; i++) {
		const struct pk_diag *g = &a->f.v[i];
		const struct meta *m = &a->m[i];
		fputs(i ? ",\n {\"check\": " : "\n {\"check\": ", out);
		pk_json_str(out, m->check);
		fputs(", \"commit\": ", out);
		pk_json_str(out, m->commit);
		if (m->ref) {
			fputs(", \"ref\": ", out);
			pk_json_str(out, m->ref);
		}
		fputs(", \"file\": ", out);
		pk_json_str(out, g->file);
		fprintf(out, ", \"line\": %u, \"column\": %u, \"severity\": \"%s\", \"rule\": ", g->line,
			g->col, g->sev == PK_ERROR ? "error" : "warning");
		pk_json_str(out, g->rule);
		fputs(", \"message\": ", out);
		pk_json_str(out, g->msg);
		if (g->hint) {
			fputs(", \"hint\": ", out);
			pk_json_str(out, g->hint);
		}
		fputc('}', out);
	}
	fputs(a->f.n ? "\n]\n" : "]\n", out);
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
	free_list(a->head_emails, a->nhead);
	free_list(a->emails, a->nemails);
	pk_chcache_free(a->cc);
	if (a->git_open)
		pk_git_close(&a->g);
	free(a->anchor);
	free(a->root);
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
