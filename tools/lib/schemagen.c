/* schemagen.c: per-framework schemas and the IDs schema, for editors.
 *
 * The derivation works on the schema as a YAML tree (JSON is YAML) and
 * knows exactly the shapes the source uses: an allOf entry whose `if` is
 * {required: [framework, ...], properties: {framework: {const: F}, ...}}.
 * For the derived framework F such an entry is folded in when `framework`
 * was its only condition, kept with the framework condition removed when
 * it has others (ipp + sentence ipp/dpp -> rag), and dropped when F' != F.
 * Folding a `then` merges it into the root: `required` adds keys,
 * `properties: {k: false}` removes k (and so additionalProperties: false
 * forbids it, as the if/then did), a nested schema is merged key by key
 * (an enum replaces the wider enum).  Anything else is an error, so a new
 * kind of narrowing in the source cannot be silently mistranslated. */
#include "schemagen.h"
#include "json.h"
#include "node.h"
#include "record.h"
#include "mem.h"
#include "files.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

const char *const pk_frameworks[2] = {"detention", "ipp"};

/* ---- tree helpers ---- */

static int is_str(const struct pk_node *n, const char *s)
{
	return n && n->kind == PK_SCALAR && !strcmp(n->str, s);
}

static void map_del(struct pk_node *m, const char *key)
{
	for (size_t i = 0; m && m->kind == PK_MAP && i < m->n; i++) {
		if (strcmp(m->keys[i]->str, key))
			continue;
		memmove(m->keys + i, m->keys + i + 1, (m->n - i - 1) * sizeof *m->keys);
		memmove(m->items + i, m->items + i + 1, (m->n - i - 1) * sizeof *m->items);
		m->n--;
		return;
	}
}

/* Sets key to val, in place when the key exists (keeps the key order). */
static void map_set(struct pk_doc *doc, struct pk_node *m, const char *key, struct pk_node *val)
{
	for (size_t i = 0; i < m->n; i++)
		if (!strcmp(m->keys[i]->str, key)) {
			m->items[i] = val;
			return;
		}
	pk_map_put(doc, m, key, val);
}

static void seq_del_str(struct pk_node *s, const char *v)
{
	for (size_t i = 0; s && s->kind == PK_SEQ && i < s->n; i++)
		if (is_str(s->items[i], v)) {
			memmove(s->items + i, s->items + i + 1, (s->n - i - 1) * sizeof *s->items);
			s->n--;
			i--;
		}
}

static int seq_has_str(const struct pk_node *s, const char *v)
{
	for (size_t i = 0; s && s->kind == PK_SEQ && i < s->n; i++)
		if (is_str(s->items[i], v))
			return 1;
	return 0;
}

static struct pk_node *quoted(struct pk_doc *doc, const char *s)
{
	struct pk_node *n = pk_new_str(doc, s);
	n->plain = 0;
	return n;
}

/* ---- JSON out: two-space indent; a list of scalars on one line when it
 * fits, else one item a line.  Quoted scalars are strings, plain ones
 * (numbers, true, false, null) are written as they are. ---- */

static void emit_scalar(struct pk_jw *w, const struct pk_node *n)
{
	if (n->plain)
		pk_jw_raw(w, n->len ? n->str : "null");
	else
		pk_jw_str(w, n->str);
}

static int inline_seq(const struct pk_node *n, int ind)
{
	size_t w = (size_t)ind + 12;
	for (size_t i = 0; i < n->n; i++) {
		if (n->items[i]->kind != PK_SCALAR)
			return 0;
		w += n->items[i]->len + 4;
	}
	return w <= 80;
}

/* n, written on a line indented ind. */
static void emit(struct pk_jw *w, const struct pk_node *n, int ind)
{
	if (n->kind == PK_SCALAR) {
		emit_scalar(w, n);
	} else if (n->kind == PK_SEQ) {
		int inl = inline_seq(n, ind);
		pk_jw_arr_begin(w, inl ? PK_JW_INLINE : PK_JW_LINES(2));
		for (size_t i = 0; i < n->n; i++)
			emit(w, n->items[i], ind + 2);
		pk_jw_arr_end(w);
	} else {
		pk_jw_obj_begin(w, PK_JW_LINES(2));
		for (size_t i = 0; i < n->n; i++) {
			pk_jw_key(w, n->keys[i]->str);
			emit(w, n->items[i], ind + 2);
		}
		pk_jw_obj_end(w);
	}
}

/* NULL when root nests deeper than the writer's PK_JW_DEPTH. */
static char *to_json(const struct pk_node *root)
{
	struct sbuf b = SBUF_INIT;
	struct pk_jw w;
	pk_jw_init_sbuf(&w, &b);
	emit(&w, root, 0);
	pk_jw_text(&w, "\n");
	if (pk_jw_finish(&w) < 0) {
		sbuf_free(&b);
		return NULL;
	}
	return sbuf_detach(&b);
}

/* ---- derivation ---- */

struct gen {
	struct pk_doc *doc;
	const char *file;   /* for messages */
	struct pk_diags *d;
	int err;
};

static void gerr(struct gen *g, const struct pk_node *at, const char *what)
{
	pk_diag_add(g->d, PK_ERROR, g->file, at ? at->line : 0, at ? at->col : 0, NULL,
		    "KIT-SCHEMA-FILE", "the editors' schemas are derived by 'make schema' (tools/lib/schemagen.c)",
		    "cannot derive the editors' schema: %s", what);
	g->err = 1;
}

/* Merges schema `then` into schema `t` (both mappings). */
static void merge(struct gen *g, struct pk_node *t, const struct pk_node *then)
{
	if (t->kind != PK_MAP || then->kind != PK_MAP) {
		gerr(g, then, "a narrowing that is not a schema object");
		return;
	}
	for (size_t i = 0; i < then->n; i++) {
		const char *k = then->keys[i]->str;
		const struct pk_node *v = then->items[i];
		if (!strcmp(k, "required")) {
			struct pk_node *req = pk_map_get(t, "required");
			if (!req) {
				req = pk_new_seq(g->doc);
				pk_map_put(g->doc, t, "required", req);
			}
			for (size_t j = 0; v->kind == PK_SEQ && j < v->n; j++)
				if (!seq_has_str(req, v->items[j]->str))
					pk_seq_push(g->doc, req, quoted(g->doc, v->items[j]->str));
		} else if (!strcmp(k, "properties") && v->kind == PK_MAP) {
			struct pk_node *props = pk_map_get(t, "properties");
			if (!props) {
				props = pk_new_map(g->doc);
				pk_map_put(g->doc, t, "properties", props);
			}
			for (size_t j = 0; j < v->n; j++) {
				const char *pk = v->keys[j]->str;
				const struct pk_node *pv = v->items[j];
				struct pk_node *cur = pk_map_get(props, pk);
				if (pv->kind == PK_SCALAR && pv->plain && !strcmp(pv->str, "false")) {
					map_del(props, pk);
					seq_del_str(pk_map_get(t, "required"), pk);
				} else if (pv->kind == PK_MAP && cur && cur->kind == PK_MAP) {
					merge(g, cur, pv);
				} else if (pv->kind == PK_MAP && !cur) {
					pk_map_put(g->doc, props, pk, pk_copy(g->doc, pv));
				} else {
					gerr(g, pv, "a property narrowed to something other than false or a schema");
				}
			}
		} else if (!strcmp(k, "items") && v->kind == PK_MAP) {
			struct pk_node *items = pk_map_get(t, "items");
			if (!items)
				gerr(g, v, "items narrowed where there are none");
			else
				merge(g, items, v);
		} else if (!strcmp(k, "enum") || !strcmp(k, "const") || !strcmp(k, "description") ||
			   !strcmp(k, "minItems") || !strcmp(k, "maxItems") || !strcmp(k, "pattern")) {
			map_set(g->doc, t, k, pk_copy(g->doc, v));
		} else {
			gerr(g, then->keys[i], "a keyword the derivation does not know in a then");
		}
	}
}

/* The framework an allOf entry's `if` tests, or NULL. */
static const char *if_framework(const struct pk_node *entry)
{
	return pk_get_str(entry, "if.properties.framework.const");
}

static void fold_allof(struct gen *g, struct pk_node *root, const char *fw)
{
	struct pk_node *all = pk_map_get(root, "allOf");
	if (!all || all->kind != PK_SEQ)
		return;
	for (size_t i = 0; i < all->n; i++) {
		struct pk_node *e = all->items[i];
		const char *f = e->kind == PK_MAP ? if_framework(e) : NULL;
		if (!f)
			continue;
		if (pk_map_get(e, "else")) {
			gerr(g, e, "an if on framework with an else");
			continue;
		}
		int drop = 1;
		if (!strcmp(f, fw)) {
			struct pk_node *cond = pk_map_get(e, "if");
			struct pk_node *req = pk_map_get(cond, "required");
			struct pk_node *props = pk_map_get(cond, "properties");
			seq_del_str(req, "framework");
			map_del(props, "framework");
			if (req && !req->n)
				map_del(cond, "required");
			if (props && !props->n)
				map_del(cond, "properties");
			struct pk_node *then = pk_map_get(e, "then");
			if (!cond->n && then)
				merge(g, root, then);
			else
				drop = 0; /* still conditional on other keys */
		}
		if (drop) {
			memmove(all->items + i, all->items + i + 1, (all->n - i - 1) * sizeof *all->items);
			all->n--;
			i--;
		}
	}
	if (!all->n)
		map_del(root, "allOf");
}

/* "[detention] Required for detention. ..." -> "Required for ...". */
static void strip_tags(struct pk_doc *doc, struct pk_node *n, const char *fw)
{
	if (n->kind == PK_SEQ) {
		for (size_t i = 0; i < n->n; i++)
			strip_tags(doc, n->items[i], fw);
		return;
	}
	if (n->kind != PK_MAP)
		return;
	char tag[32];
	snprintf(tag, sizeof tag, "[%s] ", fw);
	for (size_t i = 0; i < n->n; i++) {
		struct pk_node *v = n->items[i];
		if (!strcmp(n->keys[i]->str, "description") && v->kind == PK_SCALAR &&
		    !strncmp(v->str, tag, strlen(tag)))
			n->items[i] = quoted(doc, v->str + strlen(tag));
		else
			strip_tags(doc, v, fw);
	}
}

/* $defs.<name> -> {"$ref": "ids.schema.json#/$defs/<target>", description}. */
static void link_ids(struct pk_doc *doc, struct pk_node *root, const char *name, const char *target)
{
	struct pk_node *defs = pk_map_get(root, "$defs");
	struct pk_node *def = pk_map_get(defs, name);
	if (!def || def->kind != PK_MAP)
		return;
	struct pk_node *nd = pk_new_map(doc);
	struct sbuf ref = SBUF_INIT;
	sbuf_addf(&ref, "ids.schema.json#/$defs/%s", target);
	pk_map_put(doc, nd, "$ref", quoted(doc, ref.s));
	sbuf_free(&ref);
	struct pk_node *desc = pk_map_get(def, "description");
	if (desc)
		pk_map_put(doc, nd, "description", desc);
	map_set(doc, defs, name, nd);
}

char *pk_schemagen_derive(const char *src_dir, const char *kind, const char *framework,
			  struct pk_diags *d)
{
	struct sbuf path = SBUF_INIT;
	sbuf_addf(&path, "%s/%s.schema.json", src_dir, kind);
	char *json = NULL;
	size_t errs = d->errors;
	struct pk_doc *src = pk_doc_load(path.s, path.s, NULL, d);
	struct pk_node *sroot = src ? pk_doc_root(src) : NULL;
	if (!sroot || sroot->kind != PK_MAP) {
		if (d->errors == errs)
			pk_diag_add(d, PK_ERROR, path.s, 0, 0, NULL, "KIT-SCHEMA-FILE", NULL,
				    "not a schema object");
		goto done;
	}
	struct gen g = {pk_doc_new(), path.s, d, 0};
	struct pk_node *root = pk_copy(g.doc, sroot);
	pk_doc_set_root(g.doc, root);

	/* No $id: relative references (ids.schema.json) resolve beside the
	 * file, not against a web address. */
	map_del(root, "$id");
	struct sbuf t = SBUF_INIT;
	sbuf_addf(&t, "Generated by 'make schema' from %s.schema.json for framework %s: do not "
		  "edit (panel validate reads %s.schema.json).", kind, framework, kind);
	struct pk_node *title = pk_map_get(root, "title");
	struct pk_node *newroot = pk_new_map(g.doc);
	/* $schema and $comment first, then the rest in source order */
	for (size_t i = 0; i < root->n; i++)
		if (!strcmp(root->keys[i]->str, "$schema"))
			pk_map_put(g.doc, newroot, "$schema", root->items[i]);
	pk_map_put(g.doc, newroot, "$comment", quoted(g.doc, t.s));
	sbuf_reset(&t);
	sbuf_addf(&t, "%s (%s)", title && title->kind == PK_SCALAR ? title->str : kind, framework);
	for (size_t i = 0; i < root->n; i++) {
		const char *k = root->keys[i]->str;
		if (!strcmp(k, "$schema"))
			continue;
		pk_map_put(g.doc, newroot, k, !strcmp(k, "title") ? quoted(g.doc, t.s) : root->items[i]);
	}
	sbuf_free(&t);
	root = newroot;
	pk_doc_set_root(g.doc, root);

	struct pk_node *fwp = pk_get(root, "properties.framework");
	if (!fwp || fwp->kind != PK_MAP) {
		gerr(&g, sroot, "no properties.framework");
	} else {
		struct pk_node *e = pk_new_seq(g.doc);
		pk_seq_push(g.doc, e, quoted(g.doc, framework));
		map_set(g.doc, fwp, "enum", e);
	}
	fold_allof(&g, root, framework);
	strip_tags(g.doc, root, framework);
	link_ids(g.doc, root, "person", "person");
	struct sbuf ct = SBUF_INIT;
	sbuf_addf(&ct, "case-%s", framework);
	link_ids(g.doc, root, "case", ct.s);
	sbuf_free(&ct);
	if (!g.err && !(json = to_json(root)))
		gerr(&g, sroot, "nested deeper than the JSON writer goes (PK_JW_DEPTH, json.h)");
	pk_doc_free(g.doc);
done:
	pk_doc_free(src);
	sbuf_free(&path);
	return json;
}

static int same_file(const char *path, const char *text)
{
	char *buf, err[256];
	size_t len;
	if (pk_read_file(path, 16u << 20, 1, &buf, &len, err, sizeof err) < 0)
		return 0;
	int same = len == strlen(text) && !memcmp(buf, text, len);
	free(buf);
	return same;
}

int pk_schemagen_write(const char *src_dir, const char *out_dir, int check, struct pk_diags *d)
{
	static const char *const kinds[] = {"case", "panel"};
	int count = 0;
	for (size_t k = 0; k < PK_ARRAY_LEN(kinds); k++) {
		for (size_t f = 0; f < PK_ARRAY_LEN(pk_frameworks); f++) {
			char *json = pk_schemagen_derive(src_dir, kinds[k], pk_frameworks[f], d);
			if (!json)
				return -1;
			struct sbuf p = SBUF_INIT;
			sbuf_addf(&p, "%s/%s-%s.schema.json", out_dir, kinds[k], pk_frameworks[f]);
			if (!same_file(p.s, json)) {
				count++;
				if (check) {
					pk_diag_add(d, PK_ERROR, p.s, 0, 0, NULL, "KIT-SCHEMA-FILE",
						    "run 'make schema'",
						    "stale: not what %s/%s.schema.json derives", src_dir,
						    kinds[k]);
				} else if (pk_write_atomic(p.s, json, strlen(json), 0) < 0) {
					pk_diag_add(d, PK_ERROR, p.s, 0, 0, NULL, "KIT-IO", NULL,
						    "cannot write: %s", strerror(errno));
					count = -1;
				}
			}
			sbuf_free(&p);
			free(json);
			if (count < 0)
				return -1;
		}
	}
	return count;
}

/* ---- the IDs schema ---- */

struct idset {
	struct pk_node *ids, *descs;
};

static void idset_add(struct pk_doc *doc, struct idset *s, const char *id, const char *desc)
{
	if (!s->ids) {
		s->ids = pk_new_seq(doc);
		s->descs = pk_new_seq(doc);
	}
	pk_seq_push(doc, s->ids, quoted(doc, id));
	pk_seq_push(doc, s->descs, quoted(doc, desc));
}

static struct pk_node *id_def(struct pk_doc *doc, struct idset *s, const char *what)
{
	struct pk_node *m = pk_new_map(doc);
	pk_map_put(doc, m, "type", quoted(doc, "string"));
	pk_map_put(doc, m, "description", quoted(doc, what));
	/* An empty enum would reject every value: with no records yet,
	 * any ID is accepted and panel validate says it is unknown. */
	if (s->ids) {
		pk_map_put(doc, m, "enum", s->ids);
		pk_map_put(doc, m, "enumDescriptions", s->descs);
	}
	return m;
}

char *pk_schemagen_ids(const char *root, struct pk_diags *d)
{
	struct pk_diags quiet = PK_DIAGS_INIT;
	struct pk_source *src = pk_source_dir(root, &quiet);
	if (!src) {
		pk_diag_add(d, PK_ERROR, root, 0, 0, NULL, "KIT-IO", NULL,
			    "not a records repository");
		pk_diags_free(&quiet);
		return NULL;
	}
	struct pk_doc *doc = pk_doc_new();
	struct idset people = {0}, cases[2] = {{0}, {0}};
	for (size_t i = 0; i < src->n; i++) {
		enum pk_rkind k = pk_path_kind(src->paths[i]);
		if (k != PK_R_PERSON && k != PK_R_CASE)
			continue;
		struct pk_doc *rd = pk_source_load(src, src->paths[i], &quiet);
		const struct pk_node *r = rd ? pk_doc_root(rd) : NULL;
		const char *id = r ? pk_get_str(r, "id") : NULL;
		const char *name = r ? pk_get_str(r, "name") : NULL;
		struct sbuf desc = SBUF_INIT;
		if (id && k == PK_R_PERSON) {
			const char *grade = pk_get_str(r, "grade"), *org = pk_get_str(r, "organisation");
			sbuf_addf(&desc, "%s", name ? name : id);
			if (grade || org)
				sbuf_addf(&desc, " (%s%s%s)", grade ? grade : "",
					  grade && org ? ", " : "", org ? org : "");
			idset_add(doc, &people, id, desc.s);
		} else if (id) {
			const char *fw = pk_get_str(r, "framework"), *team = pk_get_str(r, "team");
			sbuf_addf(&desc, "%s", name ? name : id);
			if (team)
				sbuf_addf(&desc, " (%s)", team);
			for (size_t f = 0; f < PK_ARRAY_LEN(pk_frameworks); f++)
				if (fw && !strcmp(fw, pk_frameworks[f]))
					idset_add(doc, &cases[f], id, desc.s);
		}
		sbuf_free(&desc);
		pk_doc_free(rd);
	}
	pk_source_free(src);
	pk_diags_free(&quiet);

	struct pk_node *top = pk_new_map(doc), *defs = pk_new_map(doc);
	pk_doc_set_root(doc, top);
	pk_map_put(doc, top, "$schema", quoted(doc, "https://json-schema.org/draft/2020-12/schema"));
	pk_map_put(doc, top, "$comment",
		   quoted(doc, "The IDs of this records repository, for editors' completion. "
			       "Written by panel init, new, commit and validate; git ignores it."));
	pk_map_put(doc, top, "$defs", defs);
	pk_map_put(doc, defs, "person", id_def(doc, &people, "A people ID: a record in people/ [KIT-IDS]."));
	for (size_t f = 0; f < PK_ARRAY_LEN(pk_frameworks); f++) {
		struct sbuf k = SBUF_INIT, w = SBUF_INIT;
		sbuf_addf(&k, "case-%s", pk_frameworks[f]);
		sbuf_addf(&w, "A case ID of framework %s: a record in cases/ [KIT-IDS].", pk_frameworks[f]);
		pk_map_put(doc, defs, k.s, id_def(doc, &cases[f], w.s));
		sbuf_free(&k);
		sbuf_free(&w);
	}
	char *json = to_json(top);
	pk_doc_free(doc);
	return json;
}

int pk_schemagen_update_ids(const char *root, struct pk_diags *d)
{
	struct sbuf dir = SBUF_INIT, path = SBUF_INIT;
	struct stat st;
	int r = 0;
	sbuf_addf(&dir, "%s/schema", root);
	sbuf_addf(&path, "%s/ids.schema.json", dir.s);
	if (stat(dir.s, &st) == 0 && S_ISDIR(st.st_mode)) {
		char *json = pk_schemagen_ids(root, d);
		if (!json) {
			r = -1;
		} else if (!same_file(path.s, json) && pk_write_atomic(path.s, json, strlen(json), 0) < 0) {
			pk_diag_add(d, PK_ERROR, path.s, 0, 0, NULL, "KIT-IO", NULL, "cannot write: %s",
				    strerror(errno));
			r = -1;
		}
		free(json);
	}
	sbuf_free(&dir);
	sbuf_free(&path);
	return r;
}

void pk_schemagen_refresh_ids(const char *root)
{
	struct pk_diags d = PK_DIAGS_INIT;
	pk_schemagen_update_ids(root, &d);
	pk_diags_free(&d);
}
