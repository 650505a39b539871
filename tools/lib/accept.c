/* accept.c: the commit-acceptance check (accept.h), the one home of what
 * may enter the records' history (KIT-HISTORY). */
#include "accept.h"
#include "node.h"
#include "schema.h"
#include "mem.h"
#include "runenv.h"
#include "text.h"
#include "validate.h"
#include "yamldiff.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define RECORD_MAX (4u << 20)   /* as pk_source_load */

static const char *const outcome_fields[] = {"recommendation", "reasons", "actions", "response"};

/* ---- policy ---- */

void pk_policy_default(struct pk_policy *p)
{
	p->author_unknown = PK_REFUSE;
	p->no_trailers = PK_REFUSE;
	p->missing_trailer = PK_REFUSE;
	snprintf(p->branch, sizeof p->branch, "main");
}

static char *schema_path(const char *schema_dir)
{
	if (schema_dir)
		return xstrdup(schema_dir);
	char *data = pk_data_dir();
	struct sbuf b = SBUF_INIT;
	sbuf_addf(&b, "%s/schema", data);
	free(data);
	return sbuf_detach(&b);
}

struct pk_schema *pk_accept_schema(const char *schema_dir)
{
	char *dir = schema_path(schema_dir);
	struct pk_diags scratch = PK_DIAGS_INIT;
	struct pk_schema *s = pk_schema_load(dir, &scratch);
	pk_diags_free(&scratch);
	free(dir);
	return s;
}

static enum pk_level level_of(const struct pk_node *accept, const char *key, enum pk_level def)
{
	const char *v = pk_get_str(accept, key);
	if (!v)
		return def;
	return strcmp(v, "warn") == 0 ? PK_WARN : PK_REFUSE;
}

/* Validates a policy file's text; the parsed document, or NULL when it
 * does not parse or does not follow its schema (reported, file named
 * disp).  *schema_err: the schema itself could not be loaded. */
static struct pk_doc *policy_parse(const char *disp, const char *buf, size_t len,
				   const char *schema_dir, int *schema_err, struct pk_diags *d)
{
	*schema_err = 0;
	size_t before = d->errors;
	struct pk_doc *doc = pk_doc_parse(disp, buf, len, NULL, d);
	if (!doc || d->errors > before) {
		pk_doc_free(doc);
		return NULL;
	}
	if (!pk_doc_root(doc))
		return doc; /* an empty file: every default */
	char *dir = schema_path(schema_dir);
	struct pk_schema *s = pk_schema_load_policy(dir, d);
	free(dir);
	if (!s) {
		*schema_err = 1;
		pk_doc_free(doc);
		return NULL;
	}
	int bad = pk_schema_validate(s, PK_R_NONE, doc, d);
	pk_schema_free(s);
	if (bad) {
		pk_doc_free(doc);
		return NULL;
	}
	return doc;
}

int pk_policy_load(struct pk_git *g, const git_oid *tree, const char *schema_dir,
		   struct pk_policy *p, struct pk_diags *d)
{
	pk_policy_default(p);
	git_oid id;
	unsigned mode;
	if (!tree || pk_git_tree_find(g->odb, tree, PK_POLICY_FILE, strlen(PK_POLICY_FILE), &id, &mode) != 0)
		return 0;
	struct sbuf disp = SBUF_INIT;
	sbuf_addf(&disp, "%s%s", g->display, PK_POLICY_FILE);
	if (mode != 0100644 && mode != 0100755) {
		pk_diag_add(d, PK_WARNING, disp.s, 0, 0, NULL, "KIT-PATH", "the strict defaults apply",
			    "is not a regular file");
		sbuf_free(&disp);
		return 0;
	}
	char err[256], *buf = NULL;
	size_t len;
	int ret = 0, serr = 0;
	if (pk_git_read_blob(g->odb, &id, RECORD_MAX, &buf, &len, err, sizeof err) < 0) {
		pk_diag_add(d, PK_ERROR, disp.s, 0, 0, NULL, "KIT-IO", NULL, "%s", err);
		sbuf_free(&disp);
		return -1;
	}
	/* An invalid policy in force (it can only have come in past the
	 * check) is a warning: the strict defaults apply, and the commit that
	 * fixes it must not be refused for it. */
	struct pk_diags scratch = PK_DIAGS_INIT;
	struct pk_doc *doc = policy_parse(disp.s, buf, len, schema_dir, &serr, &scratch);
	free(buf);
	for (size_t i = 0; i < scratch.n; i++) {
		const struct pk_diag *f = &scratch.v[i];
		pk_diag_add(d, serr ? f->sev : PK_WARNING, f->file, f->line, f->col, f->src, f->rule,
			    serr ? f->hint : "the strict defaults apply until it is fixed", "%s", f->msg);
	}
	pk_diags_free(&scratch);
	if (serr)
		ret = -1;
	const struct pk_node *root = doc ? pk_doc_root(doc) : NULL;
	if (root) {
		const struct pk_node *acc = pk_map_get(root, "accept");
		p->author_unknown = level_of(acc, "author-not-in-people", p->author_unknown);
		p->no_trailers = level_of(acc, "commit-without-trailers", p->no_trailers);
		p->missing_trailer = level_of(acc, "record-without-trailer", p->missing_trailer);
		const char *br = pk_get_str(root, "guard.branch");
		if (br)
			snprintf(p->branch, sizeof p->branch, "%s", br);
	}
	pk_doc_free(doc);
	sbuf_free(&disp);
	return ret;
}

/* ---- the records a change touches ---- */

struct tch {
	char *rel;                /* "cases/DC-0001.yaml" */
	int in_old, in_new;       /* a regular file on that side */
	git_oid old_id, new_id;
};

struct acc {
	struct pk_git *g;
	const struct pk_accept_who *who;
	const struct pk_policy *pol;
	struct pk_diags *d;
	struct tch *v;
	size_t n, cap;
};

static const char *mode_what(unsigned mode)
{
	return mode == 0120000 ? "a symbolic link" : mode == 0160000 ? "a submodule (gitlink)"
		: mode == 040000 ? "a folder" : "not a regular file";
}

static void path_error(struct acc *a, const char *rel, unsigned mode, int folder)
{
	struct sbuf disp = SBUF_INIT;
	sbuf_addf(&disp, "%s%s", a->g->display, rel);
	if (folder)
		pk_diag_add(a->d, PK_ERROR, disp.s, 0, 0, NULL, "KIT-PATH",
			    "record folders are real folders inside the repository; replace it with the folder itself",
			    "is %s, not a folder: records must be real files inside the repository "
			    "(not followed)", mode_what(mode));
	else if (mode == 040000)
		pk_diag_add(a->d, PK_ERROR, disp.s, 0, 0, NULL, "KIT-PATH",
			    "records are <id>.yaml files directly in cases/, panels/ and people/",
			    "is a folder inside a record folder");
	else
		pk_diag_add(a->d, PK_ERROR, disp.s, 0, 0, NULL, "KIT-PATH",
			    "replace the link with the file itself",
			    "is %s; records must be regular files inside the repository (not followed)",
			    mode_what(mode));
	sbuf_free(&disp);
}

static void push_tch(struct acc *a, const char *kd, const struct pk_git_rent *o, const struct pk_git_rent *n)
{
	if (a->n == a->cap) {
		a->cap = a->cap ? a->cap * 2 : 16;
		a->v = xrealloc(a->v, a->cap * sizeof *a->v);
	}
	struct tch *t = &a->v[a->n++];
	memset(t, 0, sizeof *t);
	const struct pk_git_rent *e = n ? n : o;
	struct sbuf rel = SBUF_INIT;
	sbuf_addf(&rel, "%s/%.*s", kd, (int)e->nlen, e->name);
	t->rel = sbuf_detach(&rel);
	if (o && (o->mode == 0100644 || o->mode == 0100755)) {
		t->in_old = 1;
		memcpy(t->old_id.id, o->id, GIT_OID_RAWSZ);
	}
	if (n && (n->mode == 0100644 || n->mode == 0100755)) {
		t->in_new = 1;
		memcpy(t->new_id.id, n->id, GIT_OID_RAWSZ);
	}
}

/* An entry of a record folder that changed: a record, a bad kind of file,
 * or something else (.gitkeep, notes.txt) that is none of our business. */
static void entry_changed(struct acc *a, const char *kd, const struct pk_git_rent *o, const struct pk_git_rent *n)
{
	const struct pk_git_rent *e = n ? n : o;
	struct sbuf rel = SBUF_INIT;
	sbuf_addf(&rel, "%s/%.*s", kd, (int)e->nlen, e->name);
	if (n && n->mode != 0100644 && n->mode != 0100755) {
		/* a dotfile as a link is as much a way out as a record */
		path_error(a, rel.s, n->mode, 0);
		sbuf_free(&rel);
		return;
	}
	char *name = xstrndup(e->name, e->nlen);
	if (pk_record_name(name)) {
		push_tch(a, kd, o, n);
	} else if (n && e->nlen > 5 && memcmp(e->name + e->nlen - 5, ".yaml", 5) == 0) {
		struct sbuf disp = SBUF_INIT;
		sbuf_addf(&disp, "%s%s", a->g->display, rel.s);
		pk_diag_add(a->d, PK_ERROR, disp.s, 0, 0, NULL, "KIT-IDS", NULL,
			    "file name is not a safe record ID (letters, digits, '.', '_', '-'; at most 64; "
			    "no \"..\")");
		sbuf_free(&disp);
	}
	free(name);
	sbuf_free(&rel);
}

struct folder_ctx {
	struct acc *a;
	const char *kd;
};

static void folder_entry(void *ctx, const struct pk_git_rent *o, const struct pk_git_rent *n)
{
	struct folder_ctx *f = ctx;
	entry_changed(f->a, f->kd, o, n);
}

/* A record folder's two trees, compared raw (pk_git_tree_diff), so a
 * changed folder of 100k entries costs a memcmp and no allocation. */
static int diff_folder(struct acc *a, enum pk_rkind k, const git_oid *otree, const git_oid *ntree)
{
	struct folder_ctx f = {a, pk_kind_dir(k)};
	int r = pk_git_tree_diff(a->g->odb, otree, ntree, folder_entry, &f);
	if (r == -1)
		pk_git_diag(a->d, a->who->file, "cannot read a record folder's tree");
	else if (r < 0)
		pk_diag_add(a->d, PK_ERROR, a->who->file, 0, 0, NULL, "KIT-GIT", NULL,
			    "the tree of %s/ is corrupt", f.kd);
	return r < 0 ? -1 : 0;
}

static int root_entry(struct acc *a, const git_oid *tree, const char *name, git_oid *id,
		      unsigned *mode)
{
	*mode = 0;
	return tree && pk_git_tree_find(a->g->odb, tree, name, strlen(name), id, mode) == 0;
}

/* The record folders and panelkit.yaml of the two trees. */
static int diff_trees(struct acc *a, const git_oid *before, const git_oid *after)
{
	for (int k = 0; k < PK_R_NONE; k++) {
		const char *kd = pk_kind_dir((enum pk_rkind)k);
		git_oid oid, nid;
		unsigned om, nm;
		int ho = root_entry(a, before, kd, &oid, &om), hn = root_entry(a, after, kd, &nid, &nm);
		if (ho == hn && (!ho || (om == nm && git_oid_equal(&oid, &nid))))
			continue; /* the folder did not change */
		if (hn && nm != 040000) {
			path_error(a, kd, nm, 1);
			continue;
		}
		if (diff_folder(a, (enum pk_rkind)k, ho && om == 040000 ? &oid : NULL,
				hn ? &nid : NULL) < 0)
			return -1;
	}
	return 0;
}

/* panelkit.yaml changed: it must be a regular file following its schema. */
static int check_policy_file(struct acc *a, const git_oid *before, const git_oid *after)
{
	git_oid oid, nid;
	unsigned om, nm;
	int ho = root_entry(a, before, PK_POLICY_FILE, &oid, &om);
	int hn = root_entry(a, after, PK_POLICY_FILE, &nid, &nm);
	if (!hn || (ho && om == nm && git_oid_equal(&oid, &nid)))
		return 0;
	struct sbuf disp = SBUF_INIT;
	sbuf_addf(&disp, "%s%s", a->g->display, PK_POLICY_FILE);
	int ret = 0;
	if (nm != 0100644 && nm != 0100755) {
		pk_diag_add(a->d, PK_ERROR, disp.s, 0, 0, NULL, "KIT-PATH",
			    "the policy is a regular file beside cases/",
			    "is %s; the policy must be a regular file inside the repository (not followed)",
			    mode_what(nm));
	} else {
		char err[256], *buf = NULL;
		size_t len;
		int serr = 0;
		if (pk_git_read_blob(a->g->odb, &nid, RECORD_MAX, &buf, &len, err, sizeof err) < 0) {
			pk_diag_add(a->d, PK_ERROR, disp.s, 0, 0, NULL, "KIT-IO", NULL, "%s", err);
		} else {
			pk_doc_free(policy_parse(disp.s, buf, len, a->who->schema_dir, &serr, a->d));
			free(buf);
			if (serr)
				ret = -1;
		}
	}
	sbuf_free(&disp);
	return ret;
}

/* ---- records ---- */

/* Every added or changed record, as panel validate would find it, with
 * references looked up in the tree after the change; then the other
 * checks a change can break across records. */
static int check_records(struct acc *a, const git_oid *after, pk_date today)
{
	char **paths = xcalloc(a->n + 1, sizeof *paths);
	struct pk_overlay *ov = xcalloc(a->n + 1, sizeof *ov);
	size_t np = 0;
	int r = 0;
	for (size_t i = 0; i < a->n; i++)
		if (a->v[i].in_new) {
			/* read by blob id: looking a record up in a 100k-entry
			 * cases/ tree would cost more than the rest */
			ov[np].path = xstrdup(a->v[i].rel);
			ov[np].state = PK_OV_BLOB;
			ov[np].id = a->v[i].new_id;
			paths[np++] = a->v[i].rel;
		}
	if (np) {
		struct pk_source *s = pk_source_tree(a->g, after, a->who->root, a->who->label, paths, np,
						     ov, np, 0, a->d);
		struct pk_validate_opts vo = {today, a->who->schema_dir};
		r = (a->who->schema ? pk_validate_with(s, a->who->schema, &vo, a->d, NULL)
				    : pk_validate_source(s, &vo, a->d, NULL)) < 0 ? -1 : 0;
		pk_source_free(s);
	} else {
		free(ov);
	}
	free(paths);
	if (r < 0)
		return -1;
	/* KIT-IDS across kinds for records new in this change: the validation
	 * above saw only the touched records, so look the name up in the other
	 * folders of the tree after the change.  A few are found by a scan of
	 * the raw folder; many (an import of 100k cases) through each folder's
	 * listing, read once: a scan each made the import's check quadratic. */
	size_t fresh = 0;
	for (size_t i = 0; i < a->n; i++)
		fresh += a->v[i].in_new && !a->v[i].in_old;
	struct pk_git_dir dirs[PK_R_NONE];
	int listed[PK_R_NONE] = {0};
	memset(dirs, 0, sizeof dirs);
	for (int o = 0; fresh > 4 && after && o < PK_R_NONE; o++) {
		git_oid ft;
		unsigned fm;
		const char *kd = pk_kind_dir((enum pk_rkind)o);
		listed[o] = pk_git_tree_find(a->g->odb, after, kd, strlen(kd), &ft, &fm) != 0 || fm != 040000
				    ? 2 /* no such folder: nothing to find */
				    : pk_git_dir_load(a->g->odb, &ft, &dirs[o]) == 0;
	}
	for (size_t i = 0; i < a->n; i++) {
		const struct tch *t = &a->v[i];
		if (!t->in_new || t->in_old)
			continue;
		enum pk_rkind k = pk_path_kind(t->rel);
		const char *name = strchr(t->rel, '/') + 1;
		for (int o = 0; o < PK_R_NONE; o++) {
			struct sbuf other = SBUF_INIT;
			git_oid id;
			sbuf_addf(&other, "%s/%s", pk_kind_dir((enum pk_rkind)o), name);
			int taken = 0;
			if ((enum pk_rkind)o != k && after)
				taken = listed[o] == 1   ? pk_git_dir_find(&dirs[o], name) != NULL
					: listed[o] == 2 ? 0
							 : pk_git_path_find(a->g->odb, after, other.s, &id, NULL) == 0;
			if (taken) {
				struct sbuf disp = SBUF_INIT;
				sbuf_addf(&disp, "%s%s", a->g->display, t->rel);
				pk_diag_add(a->d, PK_ERROR, disp.s, 0, 0, NULL, "KIT-IDS",
					    "IDs are unique across cases, panels and people",
					    "id \"%.*s\" is already used by %s", (int)(strlen(name) - 5), name,
					    other.s);
				sbuf_free(&disp);
			}
			sbuf_free(&other);
		}
	}
	for (int o = 0; o < PK_R_NONE; o++)
		if (listed[o] == 1)
			pk_git_dir_free(&dirs[o]);
	/* Deleted cases and people: the records the change left alone must
	 * not refer to them (a pass over the referring kinds of the tree). */
	char **gone = xcalloc(a->n + 1, sizeof *gone), **skip = xcalloc(a->n + 1, sizeof *skip);
	size_t ng = 0;
	for (size_t i = 0; i < a->n; i++) {
		skip[i] = a->v[i].rel;
		if (a->v[i].in_old && !a->v[i].in_new && pk_path_kind(a->v[i].rel) != PK_R_PANEL)
			gone[ng++] = a->v[i].rel;
	}
	if (ng && after)
		pk_tree_dangling(a->g, after, a->who->root, a->who->label, gone, ng, skip, a->n, a->d);
	free(gone);
	free(skip);
	return 0;
}

/* ---- held panels: outcomes are append-only ---- */

static struct pk_doc *load_blob(struct acc *a, const git_oid *id, const char *path)
{
	char err[256], *buf;
	size_t len;
	struct pk_diags scratch = PK_DIAGS_INIT;
	struct pk_doc *doc = NULL;
	if (pk_git_read_blob(a->g->odb, id, RECORD_MAX, &buf, &len, err, sizeof err) == 0) {
		doc = pk_doc_parse(path, buf, len, NULL, &scratch);
		free(buf);
	}
	pk_diags_free(&scratch);
	return doc;
}

/* A correction new in this change, for field (or a part of it), with a reason. */
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

static void check_outcomes(struct acc *a, const struct tch *t)
{
	if (pk_path_kind(t->rel) != PK_R_PANEL || !t->in_old)
		return;
	struct pk_doc *od = load_blob(a, &t->old_id, t->rel);
	struct pk_doc *nd = t->in_new ? load_blob(a, &t->new_id, t->rel) : NULL;
	const struct pk_node *oroot = od ? pk_doc_root(od) : NULL;
	const struct pk_node *nroot = nd ? pk_doc_root(nd) : NULL;
	const char *status = pk_get_str(oroot, "status");
	if (!status || strcmp(status, "held") != 0 || (t->in_new && !nroot))
		goto done; /* not held before; an unparsable new version is invalid */
	const char *pid = pk_get_str(oroot, "id");
	struct sbuf file = SBUF_INIT;
	sbuf_addf(&file, "%s%s", a->g->display, t->rel);
	if (!t->in_new) {
		pk_diag_add(a->d, PK_ERROR, file.s, 0, 0, NULL, "KIT-HISTORY",
			    "a held panel's record is kept; correct it with a corrections entry instead",
			    "deletes held panel %s and its recorded outcomes", pid ? pid : t->rel);
		sbuf_free(&file);
		goto done;
	}
	const char *nst = pk_get_str(nroot, "status");
	if (!nst || strcmp(nst, "held") != 0) {
		/* else a held panel could become "planned" and then be deleted */
		const struct pk_node *sn = pk_map_get(nroot, "status");
		unsigned line = sn ? sn->line : 0;
		pk_diag_add(a->d, PK_ERROR, file.s, line, 0, line ? pk_doc_line(nd, line) : NULL,
			    "KIT-HISTORY", "a held panel stays held; correct its outcomes with a corrections entry",
			    "changes the status of held panel %s: held -> %.40s", pid ? pid : t->rel,
			    nst ? nst : "(absent)");
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
			const struct pk_node *ovn = pk_map_get(oe, field);
			if (!ovn || pk_is_null(ovn))
				continue; /* nothing recorded yet: adding is not a change */
			struct pk_changes ch = PK_CHANGES_INIT;
			struct sbuf prefix = SBUF_INIT;
			sbuf_addf(&prefix, "cases[%zu].%s", ne ? ni : i, field);
			pk_yaml_diff(ovn, ne ? pk_map_get(ne, field) : NULL, prefix.s, &ch);
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
				pk_diag_add(a->d, PK_ERROR, file.s, line, 0, line ? pk_doc_line(nd, line) : NULL,
					    "KIT-HISTORY", h.s, "%s", m.s);
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

/* ---- who and why ---- */

/* The emails of people/ of one tree, remembered by its id: panel audit
 * asks for every commit, and people/ seldom changes. */
struct pk_accept_memo {
	struct memo_slot {
		git_oid tree;
		char **emails;
		size_t n;
		int used;
	} slot[2];
	int next;
};

struct pk_accept_memo *pk_accept_memo_new(void)
{
	return xcalloc(1, sizeof(struct pk_accept_memo));
}

static void slot_clear(struct memo_slot *m)
{
	for (size_t i = 0; i < m->n; i++)
		free(m->emails[i]);
	free(m->emails);
	memset(m, 0, sizeof *m);
}

void pk_accept_memo_free(struct pk_accept_memo *m)
{
	if (!m)
		return;
	slot_clear(&m->slot[0]);
	slot_clear(&m->slot[1]);
	free(m);
}

/* Reads every person record of the people/ tree pt for its email.  Reads
 * people/ alone (a listing of the whole tree would cost the caseload). */
static void read_emails(struct acc *a, const git_oid *pt, struct memo_slot *m)
{
	struct pk_git_dir dir = {NULL, NULL, 0};
	m->tree = *pt;
	m->used = 1;
	if (pk_git_dir_load(a->g->odb, pt, &dir) < 0)
		return;
	m->emails = xcalloc(dir.n + 1, sizeof *m->emails);
	for (size_t i = 0; i < dir.n; i++) {
		const struct pk_git_dent *e = &dir.v[i];
		char *name = xstrndup(e->name, e->nlen);
		if ((e->mode == 0100644 || e->mode == 0100755) && pk_record_name(name)) {
			struct pk_doc *doc = load_blob(a, &e->id, "people/x.yaml");
			const char *em = doc ? pk_get_str(pk_doc_root(doc), "email") : NULL;
			if (em)
				m->emails[m->n++] = xstrdup(em);
			pk_doc_free(doc);
		}
		free(name);
	}
	pk_git_dir_free(&dir);
}

/* Whether a person record of tree has this email. */
static int email_in(struct acc *a, const git_oid *tree, const char *email)
{
	git_oid pt;
	unsigned mode;
	if (!tree || pk_git_tree_find(a->g->odb, tree, "people", 6, &pt, &mode) != 0 || mode != 040000)
		return 0;
	struct pk_accept_memo *memo = a->who->memo;
	struct memo_slot tmp = {{{0}}, NULL, 0, 0}, *m = NULL;
	for (int i = 0; memo && i < 2 && !m; i++)
		if (memo->slot[i].used && git_oid_equal(&memo->slot[i].tree, &pt))
			m = &memo->slot[i];
	if (!m) {
		m = memo ? &memo->slot[memo->next] : &tmp;
		if (memo) {
			memo->next ^= 1;
			slot_clear(m);
		}
		read_emails(a, &pt, m);
	}
	int found = 0;
	for (size_t i = 0; i < m->n && !found; i++)
		found = strcasecmp(m->emails[i], email) == 0;
	slot_clear(&tmp);
	return found;
}

static enum pk_sev sev_of(enum pk_level l)
{
	return l == PK_WARN ? PK_WARNING : PK_ERROR;
}

static void check_author(struct acc *a, const git_oid *before, const git_oid *after)
{
	const char *email = a->who->email;
	if (!email || email_in(a, after, email) || email_in(a, before, email))
		return;
	/* names are the committer's to choose: printed safely */
	char *n = pk_printable(a->who->name ? a->who->name : "", strlen(a->who->name ? a->who->name : ""), 120);
	char *e = pk_printable(email, strlen(email), 120);
	pk_diag_add(a->d, sev_of(a->pol->author_unknown), a->who->file, 0, 0, NULL, "KIT-HISTORY",
		    "add the person to people/ with this email, or commit as a listed person "
		    "(panelkit.yaml accept.author-not-in-people: warn relaxes this)",
		    "author %s <%s> is not in the people directory", n, e);
	free(n);
	free(e);
}

const char *pk_trailer_key(enum pk_rkind k)
{
	return k == PK_R_CASE ? "Case" : k == PK_R_PANEL ? "Panel" : "Person";
}

static void check_trailers(struct acc *a, const char *message)
{
	git_message_trailer_array arr = {NULL, 0, NULL};
	git_message_trailers(&arr, message);
	size_t ours = 0;
	for (size_t i = 0; i < arr.count; i++)
		if (!strcasecmp(arr.trailers[i].key, "Case") || !strcasecmp(arr.trailers[i].key, "Panel") ||
		    !strcasecmp(arr.trailers[i].key, "Person"))
			ours++;
	if (!ours) {
		struct sbuf h = SBUF_INIT;
		sbuf_adds(&h, "record changes are committed with 'panel commit', which validates them and "
			  "names each record in a trailer");
		/* a plain git commit can name them itself: say exactly how */
		for (size_t i = 0; i < a->n && i < 3; i++) {
			const char *name = strchr(a->v[i].rel, '/') + 1;
			sbuf_addf(&h, "%s%s: %.*s", i ? ", " : "; or end the message with: ",
				  pk_trailer_key(pk_path_kind(a->v[i].rel)), (int)(strlen(name) - 5), name);
		}
		if (a->n > 3)
			sbuf_adds(&h, ", ...");
		pk_diag_add(a->d, sev_of(a->pol->no_trailers), a->who->file, 0, 0, NULL, "KIT-HISTORY",
			    h.s,
			    "changes %zu record%s without Case:/Panel:/Person: trailers (%s%s): "
			    "made outside panelkit", a->n, a->n == 1 ? "" : "s", a->v[0].rel,
			    a->n > 1 ? ", ..." : "");
		sbuf_free(&h);
	} else {
		for (size_t i = 0; i < a->n; i++) {
			enum pk_rkind k = pk_path_kind(a->v[i].rel);
			const char *name = strchr(a->v[i].rel, '/') + 1;
			char *id = xstrndup(name, strlen(name) - 5);
			int found = 0;
			for (size_t j = 0; j < arr.count && !found; j++)
				found = !strcasecmp(arr.trailers[j].key, pk_trailer_key(k)) &&
					!strcmp(arr.trailers[j].value, id);
			if (!found)
				pk_diag_add(a->d, sev_of(a->pol->missing_trailer), a->who->file, 0, 0, NULL,
					    "KIT-HISTORY", "every record a commit touches is named in a trailer",
					    "changes %s but has no \"%s: %s\" trailer", a->v[i].rel,
					    pk_trailer_key(k), id);
			free(id);
		}
	}
	git_message_trailer_array_free(&arr);
}

/* ---- the check ---- */

int pk_accept_change(struct pk_git *g, const git_oid *before_tree, const git_oid *after_tree,
		     const struct pk_accept_who *who, const char *message,
		     const struct pk_policy *pol, pk_date today, struct pk_diags *d)
{
	struct pk_policy def;
	if (!pol) {
		pk_policy_default(&def);
		pol = &def;
	}
	struct acc a = {g, who, pol, d, NULL, 0, 0};
	size_t errors = d->errors;
	int ret = -1;
	if (diff_trees(&a, before_tree, after_tree) < 0 ||
	    check_policy_file(&a, before_tree, after_tree) < 0)
		goto done;
	if (a.n) {
		if (check_records(&a, after_tree, today) < 0)
			goto done;
		for (size_t i = 0; i < a.n; i++)
			check_outcomes(&a, &a.v[i]);
		if (message && !who->merge)
			check_trailers(&a, message);
		check_author(&a, before_tree, after_tree);
	}
	ret = (int)(d->errors - errors);
	if (who->records) {
		*who->records = 0;
		for (size_t i = 0; i < a.n; i++)
			*who->records += (size_t)a.v[i].in_new;
	}
done:
	for (size_t i = 0; i < a.n; i++)
		free(a.v[i].rel);
	free(a.v);
	return ret;
}

const char *pk_accept_check(const struct pk_diag *g, const char *file)
{
	if (strcmp(g->rule, "KIT-PATH") == 0)
		return "path";
	if (strcmp(g->rule, "KIT-HISTORY") != 0)
		return "invalid";
	char buf[4096];
	file = pk_diag_file_name(file, buf, sizeof buf);
	if (file && strcmp(g->file, file) == 0)
		return strncmp(g->msg, "author ", 7) == 0 ? "author" : "trailer";
	return strstr(g->msg, "held panel") ? "outcome" : "invalid";
}
