#include "validate.h"
#include "check.h"
#include "due.h"
#include "members.h"
#include "prefetch.h"
#include "schema.h"
#include "mem.h"
#include "runenv.h"
#include "text.h"

#include <stdlib.h>
#include <string.h>

/* References that must resolve (KIT-IDS).  "[]" walks every list item. */
static const struct ref {
	enum pk_rkind from;
	const char *path;
	enum pk_rkind to;
} refs[] = {
	{PK_R_CASE, "owner", PK_R_PERSON},
	{PK_R_CASE, "pom", PK_R_PERSON},
	{PK_R_CASE, "com", PK_R_PERSON},
	{PK_R_PANEL, "chair", PK_R_PERSON},
	{PK_R_PANEL, "secretariat", PK_R_PERSON},
	{PK_R_PANEL, "proceed_decision.by", PK_R_PERSON},
	{PK_R_PANEL, "members[].person", PK_R_PERSON},
	{PK_R_PANEL, "members[].reserve_for", PK_R_PERSON},
	{PK_R_PANEL, "cases[].case", PK_R_CASE},
	{PK_R_PANEL, "cases[].actions[].owner", PK_R_PERSON},
	{PK_R_PANEL, "cases[].response.approver", PK_R_PERSON},
	{PK_R_PANEL, "cases[].audit.by", PK_R_PERSON},
	{PK_R_PANEL, "cases[].corrections[].by", PK_R_PERSON},
};

struct run {
	struct pk_source *src;
	struct pk_index *index;
	const struct pk_doc *doc;
	struct pk_diags *d;
	const struct pk_index *gone; /* set: report references to these only */
};

static void check_ref(struct run *r, const struct pk_node *n, enum pk_rkind to)
{
	if (!n || n->kind != PK_SCALAR || pk_is_null(n) || !pk_safe_id(n->str))
		return; /* the schema reports malformed IDs */
	if (r->gone) {
		const char *path = pk_index_find(r->gone, n->str, to);
		if (path) {
			struct sbuf hint = SBUF_INIT;
			sbuf_addf(&hint, "change this reference in the same commit, or keep %s", path);
			pk_doc_diag(r->d, r->doc, n, PK_ERROR, "KIT-IDS", hint.s,
				    "refers to %s \"%s\", which this change deletes",
				    pk_kind_name(to), n->str);
			sbuf_free(&hint);
		}
		return;
	}
	if (pk_index_find(r->index, n->str, to))
		return;
	if (r->src->partial && pk_source_has(r->src, to, n->str))
		return;
	for (int k = 0; k < PK_R_NONE; k++) {
		if ((enum pk_rkind)k != to && pk_index_find(r->index, n->str, (enum pk_rkind)k)) {
			pk_doc_diag(r->d, r->doc, n, PK_ERROR, "KIT-IDS", NULL,
				    "\"%s\" is a %s, not a %s", n->str, pk_kind_name((enum pk_rkind)k),
				    pk_kind_name(to));
			return;
		}
	}
	struct sbuf hint = SBUF_INIT;
	const char *near = pk_index_suggest(r->index, n->str, to);
	if (near)
		sbuf_addf(&hint, "did you mean \"%s\"?", near);
	else
		sbuf_addf(&hint, "add %s/%s.yaml, or correct the ID", pk_kind_dir(to), n->str);
	pk_doc_diag(r->d, r->doc, n, PK_ERROR, "KIT-IDS", hint.s, "unknown %s \"%s\"",
		    pk_kind_name(to), n->str);
	sbuf_free(&hint);
}

/* Follows path from n; "[]" fans out over a list. */
static void walk_ref(struct run *r, const struct pk_node *n, const char *path, enum pk_rkind to)
{
	const char *fan = strstr(path, "[]");
	if (!fan) {
		check_ref(r, pk_get(n, path), to);
		return;
	}
	char *head = xstrndup(path, (size_t)(fan - path));
	const struct pk_node *list = pk_get(n, head);
	free(head);
	const char *rest = fan + 2;
	if (*rest == '.')
		rest++;
	if (!list || list->kind != PK_SEQ)
		return;
	for (size_t i = 0; i < list->n; i++) {
		if (*rest)
			walk_ref(r, list->items[i], rest, to);
		else
			check_ref(r, list->items[i], to);
	}
}

/* A record that cannot be read, or has no usable id, is still there: its
 * file name stands for its ID, so that the records naming it are not also
 * told it is unknown ("add cases/X.yaml" when the file is right there);
 * its own errors say what is wrong.  A clash is left to a readable id. */
static void index_stem(struct pk_index *x, const char *relpath, enum pk_rkind kind)
{
	const char *base = strrchr(relpath, '/') + 1;
	char *stem = xstrndup(base, strlen(base) - 5);
	pk_index_add(x, stem, kind, relpath);
	free(stem);
}

/* id must be present, a safe ID, equal to the file name stem, and unique. */
static void check_id(struct run *r, const char *relpath, enum pk_rkind kind)
{
	const struct pk_node *root = pk_doc_root(r->doc);
	const struct pk_node *id = pk_map_get(root, "id");
	const char *base = strrchr(relpath, '/') + 1;
	size_t stem = strlen(base) - 5;
	if (!id || id->kind != PK_SCALAR || pk_is_null(id)) {
		index_stem(r->index, relpath, kind);
		return; /* the schema reports a missing id */
	}
	if (strlen(id->str) != stem || strncmp(id->str, base, stem) != 0) {
		/* Quoted short: a 3 MB id must not print 6 MB of messages. */
		char *shown = pk_printable(id->str, id->len, 80);
		struct sbuf hint = SBUF_INIT;
		if (pk_safe_id(id->str))
			sbuf_addf(&hint, "rename the file to %s.yaml, or set id: %.*s", id->str, (int)stem, base);
		else
			sbuf_addf(&hint, "set id: %.*s", (int)stem, base);
		pk_doc_diag(r->d, r->doc, id, PK_ERROR, "KIT-IDS", hint.s,
			    "id \"%s\" does not match the file name %s", shown, base);
		sbuf_free(&hint);
		free(shown);
	}
	if (!pk_safe_id(id->str)) {
		index_stem(r->index, relpath, kind);
		return;
	}
	const char *other = pk_index_add(r->index, id->str, kind, relpath);
	if (other)
		pk_doc_diag(r->d, r->doc, id, PK_ERROR, "KIT-IDS", "IDs are unique across cases, panels and people",
			    "id \"%s\" is already used by %s", id->str, other);
}

/* On the prefetch's threads: the schema. */
static int schema_job(void *arg, enum pk_rkind kind, const struct pk_doc *doc, struct pk_diags *d)
{
	return pk_schema_validate(arg, kind, doc, d);
}

static int is_rescheduled(const struct pk_doc *doc)
{
	const char *st = pk_get_str(pk_doc_root(doc), "status");
	return st && !strcmp(st, "rescheduled");
}

/* What a panel's checks read of each case (pk_panel_case_keys) is kept,
 * frozen, with the case's ID as the case is read, so that a panel's cases
 * are not read and parsed again (they were a quarter of validate's CPU at
 * 100k cases): 83 bytes a case on average there.  A case this run has not
 * read, could not parse, or read from another file than the one its ID
 * names (pk_index_facts), is read by the check itself, as before. */
static void keep_case_facts(struct pk_index *index, const char *rel, const struct pk_doc *doc)
{
	const char *id = pk_get_str(pk_doc_root(doc), "id");
	if (!id)
		return;
	struct sbuf b = SBUF_INIT;
	pk_node_freeze(pk_doc_root(doc), pk_panel_case_keys, pk_panel_case_nkeys, &b);
	pk_index_set_facts(index, id, rel, b.s, b.len);
	sbuf_free(&b);
}

static struct pk_reccache *panel_cases(struct pk_source *src, const struct pk_index *index,
				       const struct pk_doc *panel)
{
	struct pk_reccache *rc = pk_reccache_new(src);
	const struct pk_node *cases = pk_map_get(pk_doc_root(panel), "cases");
	struct sbuf rel = SBUF_INIT;
	for (size_t i = 0; cases && cases->kind == PK_SEQ && i < cases->n; i++) {
		const char *id = pk_get_str(cases->items[i], "case");
		size_t len;
		if (!id || !pk_safe_id(id))
			continue;
		sbuf_reset(&rel);
		sbuf_addf(&rel, "%s/%s.yaml", pk_kind_dir(PK_R_CASE), id);
		const void *f = pk_index_facts(index, id, PK_R_CASE, rel.s, &len);
		if (f)
			pk_reccache_put(rc, PK_R_CASE, id, pk_doc_thaw(rel.s, f, len));
	}
	sbuf_free(&rel);
	return rc;
}

/* Rescheduled sittings, checked after every other record (PF-RECORD):
 * their check asks the held panels of their cases, which are read once
 * for all of them, keeping those cases only.  Findings are sorted when
 * printed, so checking them last changes nothing in the output. */
struct moved {
	size_t *recs;        /* indexes into src->paths */
	size_t n, cap;
	char **cases;        /* the case IDs they name */
	size_t ncases, capcases;
};


static void moved_add(struct moved *m, size_t rec, const struct pk_doc *doc)
{
	if (m->n == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 16;
		m->recs = xrealloc(m->recs, m->cap * sizeof *m->recs);
	}
	m->recs[m->n++] = rec;
	const struct pk_node *cases = pk_map_get(pk_doc_root(doc), "cases");
	for (size_t i = 0; cases && cases->kind == PK_SEQ && i < cases->n; i++) {
		const char *id = pk_get_str(cases->items[i], "case");
		if (!id)
			continue;
		if (m->ncases == m->capcases) {
			m->capcases = m->capcases ? m->capcases * 2 : 64;
			m->cases = xrealloc(m->cases, m->capcases * sizeof *m->cases);
		}
		m->cases[m->ncases++] = xstrdup(id);
	}
}

static void check_moved(struct pk_check_ctx *ctx, struct moved *m, struct pk_diags *d)
{
	if (!m->n)
		return;
	qsort(m->cases, m->ncases, sizeof *m->cases, pk_str_cmp);
	struct pk_due_opts o = {.as_of = ctx->today, .after = 1,
				.only = (const char *const *)m->cases, .n_only = m->ncases};
	ctx->due = pk_due_ctx_new(ctx->src, &o, NULL);
	ctx->panel_cases = NULL;
	for (size_t i = 0; i < m->n; i++) {
		struct pk_diags scratch = PK_DIAGS_INIT;
		struct pk_doc *doc = pk_source_load(ctx->src, ctx->src->paths[m->recs[i]], &scratch);
		pk_diags_free(&scratch); /* reported when it was read first */
		if (doc && pk_doc_root(doc))
			pk_check_panel(ctx, doc, d);
		pk_doc_free(doc);
		pk_diags_spill_point(d);
	}
	pk_due_ctx_free(ctx->due);
	ctx->due = NULL;
}

static void moved_free(struct moved *m)
{
	for (size_t i = 0; i < m->ncases; i++)
		free(m->cases[i]);
	free(m->cases);
	free(m->recs);
}

int pk_validate_with(struct pk_source *src, const struct pk_schema *schema,
		     const struct pk_validate_opts *opts, struct pk_diags *d,
		     struct pk_validate_stats *stats)
{
	struct pk_validate_stats st = {0, 0};
	struct pk_index *index = pk_index_new();
	struct pk_check_ctx ctx = {.src = src, .index = index, .today = opts->today};
	struct moved moved = {0};
	/* Reading, parsing and the schema on the other cores; IDs, references
	 * and the rule checks here, in order (they depend on what came
	 * before). */
	struct pk_prefetch_job job = {schema_job, (void *)schema};
	struct pk_prefetch *pf = pk_prefetch_new(src, PK_R_NONE, &job);
	struct pk_prefetched got;
	for (;;) {
		size_t before = d->errors;
		if (!pk_prefetch_next(pf, &got, d))
			break;
		struct pk_doc *doc = got.doc;
		const char *rel = src->paths[got.index];
		enum pk_rkind kind = pk_path_kind(rel);
		st.records++;
		if (!doc || !pk_doc_root(doc))
			index_stem(index, rel, kind);
		if (doc && !pk_doc_root(doc)) {
			pk_doc_diag(d, doc, NULL, PK_ERROR, "KIT-SCHEMA",
				    "a record is a mapping that starts with id:", "empty file");
		} else if (doc) {
			struct run r = {src, index, doc, d, NULL};
			check_id(&r, rel, kind);
			for (size_t k = 0; k < PK_ARRAY_LEN(refs); k++)
				if (refs[k].from == kind)
					walk_ref(&r, pk_doc_root(doc), refs[k].path, refs[k].to);
			if (kind == PK_R_CASE)
				keep_case_facts(index, rel, doc);
			/* Rule checks assume the structure the schema promises. */
			if (!got.result && kind == PK_R_CASE) {
				pk_check_case(&ctx, doc, d);
			} else if (!got.result && kind == PK_R_PANEL && is_rescheduled(doc)) {
				moved_add(&moved, got.index, doc);
			} else if (!got.result && kind == PK_R_PANEL) {
				ctx.panel_cases = panel_cases(src, index, doc);
				pk_check_panel(&ctx, doc, d);
				pk_reccache_free(ctx.panel_cases);
				ctx.panel_cases = NULL;
			}
		}
		if (d->errors > before)
			st.invalid++;
		pk_doc_free(doc);
		pk_diags_spill_point(d); /* between records (diag.h) */
	}
	pk_prefetch_free(pf);
	check_moved(&ctx, &moved, d);
	moved_free(&moved);
	pk_index_free(index);
	if (stats)
		*stats = st;
	return (int)d->errors;
}

int pk_validate_source(struct pk_source *src, const struct pk_validate_opts *opts,
		       struct pk_diags *d, struct pk_validate_stats *stats)
{
	struct sbuf dir = SBUF_INIT;
	char *data = NULL;
	int ret = -1;

	if (opts->schema_dir) {
		sbuf_adds(&dir, opts->schema_dir);
	} else {
		data = pk_data_dir();
		sbuf_addf(&dir, "%s/schema", data);
	}
	struct pk_schema *schema = pk_schema_load(dir.s, d);
	if (schema) {
		ret = pk_validate_with(src, schema, opts, d, stats);
		pk_schema_free(schema);
	} else if (stats) {
		stats->records = stats->invalid = 0;
	}
	sbuf_free(&dir);
	free(data);
	return ret;
}

size_t pk_validate_dangling(struct pk_source *src, char *const *gone, size_t ngone,
			    char *const *skip, size_t nskip, struct pk_diags *d)
{
	struct pk_index *g = pk_index_new();
	int from[PK_R_NONE] = {0};
	for (size_t i = 0; i < ngone; i++) {
		enum pk_rkind k = pk_path_kind(gone[i]);
		const char *base = strchr(gone[i], '/');
		if (k == PK_R_NONE || !base)
			continue;
		char *id = xstrndup(base + 1, strlen(base + 1) - 5);
		pk_index_add(g, id, k, gone[i]);
		free(id);
		/* Only the kinds that can refer to k are read. */
		for (size_t j = 0; j < PK_ARRAY_LEN(refs); j++)
			if (refs[j].to == k)
				from[refs[j].from] = 1;
	}
	size_t before = d->errors;
	for (size_t i = 0; i < src->n; i++) {
		const char *rel = src->paths[i];
		enum pk_rkind kind = pk_path_kind(rel);
		if (kind == PK_R_NONE || !from[kind])
			continue;
		size_t k = 0;
		while (k < nskip && strcmp(skip[k], rel))
			k++;
		if (k < nskip)
			continue;
		/* Not this change's record: only its references matter here. */
		struct pk_diags scratch = PK_DIAGS_INIT;
		struct pk_doc *doc = pk_source_load(src, rel, &scratch);
		pk_diags_free(&scratch);
		if (doc && pk_doc_root(doc)) {
			struct run r = {src, NULL, doc, d, g};
			for (size_t j = 0; j < PK_ARRAY_LEN(refs); j++)
				if (refs[j].from == kind)
					walk_ref(&r, pk_doc_root(doc), refs[j].path, refs[j].to);
		}
		pk_doc_free(doc);
	}
	pk_index_free(g);
	return d->errors - before;
}
