#include "merge.h"
#include "record.h"
#include "mem.h"
#include "text.h"
#include "yamldiff.h"

#include <stdlib.h>
#include <string.h>

/* One version of the record: its text, parse and line offsets. */
struct side {
	const char *text;
	size_t len;
	struct pk_doc *doc;
	size_t *lo;        /* lo[i]: offset of line i (1-based); lo[nl + 1] = len */
	unsigned nl;
};

/* A field or list item of a block collection: the whole lines [s, e) it
 * takes, from the comment lines just above it to the next sibling. */
struct child {
	const char *id;    /* map key, or the identity of a list item */
	char *idbuf;       /* owned identity text (list items) */
	const struct pk_node *key, *v;
	unsigned s, e, col;
	int lead;          /* its first line starts with an ancestor's "- " */
};

struct coll {
	struct child *c;
	size_t n;
	int keyed;         /* every item has a unique identity */
	int splice;        /* block style: children are runs of whole lines */
};

struct mctx {
	struct side b, o, t;
	const struct pk_schema *S;
	enum pk_rkind kind;
	struct sbuf out;
	struct pk_doc *exp;   /* the tree the merge means; the text must read as it */
	struct pk_merge_result *res;
	const struct pk_merge_choice *choices;
	size_t nchoices;
};

static const struct pk_merge_choice *choice_for(const struct mctx *m, const char *path)
{
	for (size_t i = 0; i < m->nchoices; i++)
		if (!strcmp(m->choices[i].path, path))
			return &m->choices[i];
	return NULL;
}

/* ---- sides ---- */

static void side_init(struct side *sd, const char *text, size_t len)
{
	sd->text = text;
	sd->len = len;
	sd->nl = 0;
	for (size_t i = 0; i < len; i++)
		if (text[i] == '\n')
			sd->nl++;
	if (len && text[len - 1] != '\n')
		sd->nl++;
	sd->lo = xmalloc((sd->nl + 2) * sizeof *sd->lo);
	unsigned l = 1;
	sd->lo[1] = 0;
	for (size_t i = 0; i < len && l <= sd->nl; i++)
		if (text[i] == '\n')
			sd->lo[++l] = i + 1;
	sd->lo[sd->nl + 1] = len;
}

static const char *line_at(const struct side *sd, unsigned line, size_t *n)
{
	if (line < 1 || line > sd->nl) {
		*n = 0;
		return "";
	}
	*n = sd->lo[line + 1] - sd->lo[line];
	return sd->text + sd->lo[line];
}

/* A comment-only line whose '#' is at or left of col: a comment about the
 * field starting at col, not a line of a deeper block text. */
static int comment_line(const struct side *sd, unsigned line, unsigned col)
{
	size_t n, i = 0;
	const char *p = line_at(sd, line, &n);
	while (i < n && p[i] == ' ')
		i++;
	return i < n && p[i] == '#' && i + 1 <= col;
}

static int span_equal(const struct side *a, const struct child *x, const struct side *b,
		      const struct child *y)
{
	size_t la = a->lo[x->e] - a->lo[x->s], lb = b->lo[y->e] - b->lo[y->s];
	return la == lb && memcmp(a->text + a->lo[x->s], b->text + b->lo[y->s], la) == 0;
}

/* ---- collections ---- */

static char *item_identity(const struct pk_node *item, const struct pk_node *rule)
{
	if (rule->kind == PK_SCALAR) /* "set": the value is its identity */
		return item->kind == PK_SCALAR ? xstrndup(item->str, item->len) : NULL;
	if (item->kind != PK_MAP)
		return NULL;
	const struct pk_node *by = pk_map_get(rule, "by");
	struct sbuf b = SBUF_INIT;
	for (size_t i = 0; i < by->n; i++) {
		const struct pk_node *v = pk_map_get(item, by->items[i]->str);
		if (!v || v->kind != PK_SCALAR || pk_is_null(v)) {
			sbuf_free(&b);
			return NULL;
		}
		if (i)
			sbuf_addc(&b, '\x1f');
		sbuf_add(&b, v->str, v->len);
	}
	return sbuf_detach(&b);
}

static void coll_free(struct coll *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->c[i].idbuf);
	free(c->c);
	memset(c, 0, sizeof *c);
}

/* Children of n, which spans lines [s, e) of sd (sd NULL: no text). */
static void coll_build(const struct side *sd, const struct pk_node *n, unsigned s, unsigned e,
		       const struct pk_node *rule, struct coll *c)
{
	memset(c, 0, sizeof *c);
	c->keyed = 1;
	c->splice = sd != NULL && n->n > 0;
	c->c = xcalloc(n->n ? n->n : 1, sizeof *c->c);
	c->n = n->n;
	if (sd) {
		size_t ln;
		const char *p = line_at(sd, n->line, &ln);
		if (n->col >= 1 && n->col <= ln && (p[n->col - 1] == '{' || p[n->col - 1] == '['))
			c->splice = 0;
	}
	for (size_t i = 0; i < n->n; i++) {
		struct child *ch = &c->c[i];
		ch->v = n->items[i];
		if (n->kind == PK_MAP) {
			ch->key = n->keys[i];
			ch->id = n->keys[i]->str;
		} else if (rule) {
			ch->idbuf = item_identity(n->items[i], rule);
			ch->id = ch->idbuf;
			if (!ch->id)
				c->keyed = 0;
		} else {
			c->keyed = 0;
		}
		for (size_t j = 0; ch->id && j < i; j++)
			if (c->c[j].id && !strcmp(c->c[j].id, ch->id))
				c->keyed = 0;
		if (!c->splice)
			continue;
		const struct pk_node *at = ch->key ? ch->key : ch->v;
		unsigned line = at->line;
		ch->col = at->col;
		if (line < s || line >= e || (i && line <= c->c[i - 1].s) || at->col < 1) {
			c->splice = 0;
			continue;
		}
		/* What precedes the child on its line: spaces (a key), spaces and
		 * its own "- " (an item), or else an ancestor's dash. */
		size_t ln, k = 0;
		const char *p = line_at(sd, line, &ln);
		while (k < ln && k + 1 < at->col && p[k] == ' ')
			k++;
		if (n->kind == PK_SEQ && k < ln && k + 1 < at->col && p[k] == '-') {
			k++;
			while (k < ln && k + 1 < at->col && p[k] == ' ')
				k++;
		}
		ch->lead = k + 1 < at->col;
		unsigned lower = i ? c->c[i - 1].s + 1 : s;
		unsigned first = line;
		if (!ch->lead)
			while (first > lower && comment_line(sd, first - 1, at->col))
				first--;
		ch->s = first;
	}
	for (size_t i = 0; c->splice && i < n->n; i++)
		c->c[i].e = i + 1 < n->n ? c->c[i + 1].s : e;
}

static const struct child *coll_find(const struct coll *c, const char *id, size_t *at)
{
	for (size_t i = 0; i < c->n; i++)
		if (c->c[i].id && !strcmp(c->c[i].id, id)) {
			if (at)
				*at = i;
			return &c->c[i];
		}
	return NULL;
}

/* ---- output ---- */

static void conflict(struct mctx *m, const char *path, const char *why, const struct pk_node *b,
		     const struct pk_node *o, const struct pk_node *t)
{
	struct pk_merge_result *r = m->res;
	if (r->n == r->cap) {
		r->cap = r->cap ? 2 * r->cap : 4;
		r->c = xrealloc(r->c, r->cap * sizeof *r->c);
	}
	struct pk_merge_conflict *c = &r->c[r->n++];
	c->path = xstrdup(path);
	c->why = xstrdup(why);
	c->base = b ? pk_node_flow(b) : NULL;
	c->ours = o ? pk_node_flow(o) : NULL;
	c->theirs = t ? pk_node_flow(t) : NULL;
	c->base_line = b ? b->line : 0;
	c->ours_line = o ? o->line : 0;
	c->theirs_line = t ? t->line : 0;
}

/* Appends lines [s, e) of sd, shifted right by delta columns (left when
 * negative: only over spaces).  0, or -1 when they cannot be shifted. */
static int emit(struct mctx *m, const struct side *sd, unsigned s, unsigned e, int delta)
{
	for (unsigned l = s; l < e; l++) {
		size_t n;
		const char *p = line_at(sd, l, &n);
		size_t blank = 0;
		while (blank < n && (p[blank] == ' ' || p[blank] == '\n' || p[blank] == '\r'))
			blank++;
		if (delta > 0 && blank < n) {
			for (int i = 0; i < delta; i++)
				sbuf_addc(&m->out, ' ');
		} else if (delta < 0 && blank < n) {
			size_t cut = (size_t)-delta, sp = 0;
			while (sp < n && p[sp] == ' ')
				sp++;
			if (sp < cut)
				return -1;
			p += cut;
			n -= cut;
		}
		sbuf_add(&m->out, p, n);
		if (l == sd->nl && (!n || p[n - 1] != '\n'))
			sbuf_addc(&m->out, '\n');
	}
	return 0;
}

static void emit_ours(struct mctx *m, const struct child *o)
{
	emit(m, &m->o, o->s, o->e, 0);
}

/* Theirs' lines for a field, at ours' indentation of that level. */
static int emit_theirs(struct mctx *m, const struct child *t, unsigned ours_col)
{
	return emit(m, &m->t, t->s, t->e, (int)ours_col - (int)t->col);
}

static void put(struct mctx *m, struct pk_node *parent, const struct child *c, struct pk_node *v)
{
	if (!v)
		return;
	if (parent->kind == PK_MAP)
		pk_map_put(m->exp, parent, c->key->str, v);
	else
		pk_seq_push(m->exp, parent, v);
}

static void path_child(struct sbuf *p, const char *path, const struct pk_node *parent,
		       const struct child *c, size_t idx)
{
	sbuf_reset(p);
	sbuf_adds(p, path);
	if (parent->kind == PK_MAP) {
		if (*path)
			sbuf_addc(p, '.');
		sbuf_adds(p, c->key->str);
	} else {
		sbuf_addf(p, "[%zu]", idx);
	}
}

static void spath_child(struct sbuf *p, const char *spath, const struct pk_node *parent,
			const struct child *c)
{
	sbuf_reset(p);
	sbuf_adds(p, spath);
	if (parent->kind == PK_MAP) {
		if (*spath)
			sbuf_addc(p, '.');
		sbuf_adds(p, c->key->str);
	} else {
		sbuf_adds(p, "[]");
	}
}

/* "append": each side only added text after the base's. */
static struct pk_node *merge_append(struct mctx *m, const struct child *b, const struct child *o,
				    const struct child *t)
{
	const struct pk_node *bv = b->v, *ov = o->v, *tv = t->v;
	if (!o->key || o->lead || bv->kind != PK_SCALAR || ov->kind != PK_SCALAR ||
	    tv->kind != PK_SCALAR || ov->len < bv->len || tv->len < bv->len ||
	    memcmp(ov->str, bv->str, bv->len) || memcmp(tv->str, bv->str, bv->len))
		return NULL;
	struct sbuf v = SBUF_INIT;
	sbuf_add(&v, ov->str, ov->len);
	sbuf_add(&v, tv->str + bv->len, tv->len - bv->len);
	/* Ours' comment lines above the key, then the key with the new text. */
	emit(m, &m->o, o->s, o->key->line, 0);
	for (unsigned i = 1; i < o->key->col; i++)
		sbuf_addc(&m->out, ' ');
	char *k = pk_node_flow(o->key);
	sbuf_addf(&m->out, "%s: ", k);
	free(k);
	const char *s = sbuf_str(&v);
	size_t n = v.len;
	if (memchr(s, '\n', n) && s[0] != ' ' && s[0] != '\n') {
		size_t trail = 0;
		while (trail < n && s[n - 1 - trail] == '\n')
			trail++;
		sbuf_adds(&m->out, trail == 0 ? "|-\n" : trail == 1 ? "|\n" : "|+\n");
		const char *p = s, *end = s + n - trail;
		while (p < end) {
			const char *nl = memchr(p, '\n', (size_t)(end - p));
			size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
			if (len)
				for (unsigned i = 0; i < o->key->col + 1; i++)
					sbuf_addc(&m->out, ' ');
			sbuf_add(&m->out, p, len);
			sbuf_addc(&m->out, '\n');
			p += len + 1;
		}
		for (size_t i = 1; i < trail; i++)
			sbuf_addc(&m->out, '\n');
	} else {
		struct pk_node tmp = *ov;
		tmp.str = s;
		tmp.len = n;
		tmp.plain = 0;
		char *f = pk_node_flow(&tmp);
		sbuf_adds(&m->out, f);
		sbuf_addc(&m->out, '\n');
		free(f);
	}
	struct pk_node *r = pk_new_strn(m->exp, s, n);
	sbuf_free(&v);
	return r;
}

/* A person chose a side for a conflict at path. */
static struct pk_node *take(struct mctx *m, const char *path, enum pk_merge_side side,
			    const struct child *b, const struct child *o, const struct child *t,
			    unsigned ours_col, int spliced)
{
	const struct child *c = side == PK_TAKE_OURS ? o : side == PK_TAKE_THEIRS ? t : b;
	const struct side *sd = side == PK_TAKE_THEIRS ? &m->t : &m->b;
	if (c == o) {
		emit_ours(m, o);
		return pk_copy(m->exp, o->v);
	}
	if (!c) {
		if (spliced && !o->lead)
			return NULL; /* absent on the chosen side: removed */
	} else if (spliced && c->e && c->lead == o->lead) {
		size_t before = m->out.len;
		if (emit(m, sd, c->s, c->e, (int)ours_col - (int)c->col) == 0)
			return pk_copy(m->exp, c->v);
		m->out.len = before;
	}
	conflict(m, path, "the chosen side cannot be put in place", b ? b->v : NULL, o->v,
		 t ? t->v : NULL);
	emit_ours(m, o);
	return pk_copy(m->exp, o->v);
}

static struct pk_node *merge_coll(struct mctx *m, const char *path, const char *spath,
				  const struct child *b, const struct child *o,
				  const struct child *t);

/* A field or item ours has; b and t may be NULL (absent). */
static struct pk_node *merge_child(struct mctx *m, const char *path, const char *spath,
				   const struct child *b, const struct child *o,
				   const struct child *t, unsigned ours_col, int spliced)
{
	const struct pk_node *bv = b ? b->v : NULL, *tv = t ? t->v : NULL;
	int changed_o = !pk_node_equal(o->v, bv), changed_t = !pk_node_equal(tv, bv);
	if (!changed_t) {
		/* Theirs only re-commented or re-laid it out: take that text when
		 * ours left the field's text as it was. */
		if (spliced && !changed_o && t && b && b->e && span_equal(&m->o, o, &m->b, b) &&
		    !span_equal(&m->t, t, &m->b, b) && o->lead == t->lead &&
		    emit_theirs(m, t, ours_col) == 0)
			return pk_copy(m->exp, t->v);
		emit_ours(m, o);
		return pk_copy(m->exp, o->v);
	}
	if (!changed_o) {
		if (!t) {
			if (!spliced || o->lead)
				conflict(m, path, "deleted in theirs; cannot be removed in place", bv, o->v, NULL);
			return NULL;
		}
		if (!spliced || o->lead != t->lead) {
			conflict(m, path, "changed in theirs; cannot be replaced in place", bv, o->v, tv);
			emit_ours(m, o);
			return pk_copy(m->exp, o->v);
		}
		size_t before = m->out.len;
		if (emit_theirs(m, t, ours_col) == 0)
			return pk_copy(m->exp, tv);
		m->out.len = before;
		conflict(m, path, "changed in theirs; cannot be re-indented to ours", bv, o->v, tv);
		emit_ours(m, o);
		return pk_copy(m->exp, o->v);
	}
	if (pk_node_equal(o->v, tv)) {
		emit_ours(m, o);
		return pk_copy(m->exp, o->v);
	}
	const struct pk_merge_choice *ch = choice_for(m, path);
	if (ch)
		return take(m, path, ch->take, b, o, t, ours_col, spliced);
	if (!t) {
		conflict(m, path, "changed in ours, deleted in theirs", bv, o->v, NULL);
		emit_ours(m, o);
		return pk_copy(m->exp, o->v);
	}
	const struct pk_node *ov = o->v;
	if (spliced && ov->kind == tv->kind && ov->kind != PK_SCALAR && (!bv || bv->kind == ov->kind)) {
		struct pk_node *r = merge_coll(m, path, spath, b, o, t);
		if (r)
			return r;
		/* merge_coll reported the conflict */
		emit_ours(m, o);
		return pk_copy(m->exp, ov);
	}
	const struct pk_node *rule = b && ov->kind == PK_SCALAR && m->S
		? pk_schema_merge_rule(m->S, m->kind, spath) : NULL;
	if (rule && rule->kind == PK_SCALAR && !strcmp(rule->str, "append")) {
		size_t before = m->out.len;
		struct pk_node *r = spliced ? merge_append(m, b, o, t) : NULL;
		if (r)
			return r;
		m->out.len = before;
		conflict(m, path, "changed on both sides (not only added to)", bv, ov, tv);
	} else {
		conflict(m, path, bv ? "changed on both sides" : "added on both sides with different values",
			 bv, ov, tv);
	}
	emit_ours(m, o);
	return pk_copy(m->exp, ov);
}

/* Both sides changed a collection: merge its children.  NULL after
 * reporting a conflict for the whole collection (nothing emitted). */
static struct pk_node *merge_coll(struct mctx *m, const char *path, const char *spath,
				  const struct child *b, const struct child *o,
				  const struct child *t)
{
	const struct pk_node *ov = o->v, *tv = t->v, *bv = b ? b->v : NULL;
	const struct pk_node *rule = NULL;
	if (ov->kind == PK_SEQ && m->S) {
		rule = pk_schema_merge_rule(m->S, m->kind, spath);
		if (rule && rule->kind == PK_SCALAR && strcmp(rule->str, "set"))
			rule = NULL; /* "append" is for text */
	}
	if (ov->kind == PK_SEQ && !rule) {
		conflict(m, path, bv ? "changed on both sides (the list is compared whole)"
				     : "added on both sides with different values", bv, ov, tv);
		return NULL;
	}
	struct coll oc, tc, bc;
	coll_build(&m->o, ov, o->s, o->e, rule, &oc);
	coll_build(&m->t, tv, t->s, t->e, rule, &tc);
	struct pk_node empty = {.kind = ov->kind};
	coll_build(b && b->e ? &m->b : NULL, bv ? bv : &empty, b ? b->s : 0, b ? b->e : 0, rule, &bc);
	struct pk_node *res = NULL;
	if (!oc.keyed || !tc.keyed || !bc.keyed) {
		conflict(m, path, "changed on both sides (items without a unique identity)", bv, ov, tv);
		goto out;
	}
	if (!oc.splice || !tc.splice) {
		conflict(m, path, "changed on both sides; cannot be merged in place (flow style)", bv, ov, tv);
		goto out;
	}
	/* Theirs' items that ours does not have: deleted by ours (base had
	 * them) or added by theirs, inserted after the item theirs has them
	 * after. */
	long *anchor = xmalloc(tc.n * sizeof *anchor);
	struct sbuf p = SBUF_INIT, sp = SBUF_INIT;
	long last = -1;
	for (size_t j = 0; j < tc.n; j++) {
		size_t at;
		anchor[j] = -2;
		if (coll_find(&oc, tc.c[j].id, &at)) {
			last = (long)at;
			continue;
		}
		const struct child *bj = coll_find(&bc, tc.c[j].id, NULL);
		if (bj) {
			if (!pk_node_equal(bj->v, tc.c[j].v)) {
				path_child(&p, path, tv, &tc.c[j], j);
				const struct pk_merge_choice *cj = choice_for(m, sbuf_str(&p));
				if (cj && cj->take == PK_TAKE_THEIRS)
					goto added; /* put back, as theirs has it */
				if (!cj || cj->take != PK_TAKE_OURS)
					conflict(m, sbuf_str(&p), "deleted in ours, changed in theirs", bj->v,
						 NULL, tc.c[j].v);
			}
			continue;
		}
	added:;
		/* After what ours added at the same place: both additions kept
		 * in the order "ours, then theirs" (a dated list stays in date
		 * order when both appended). */
		long a = last;
		while (a + 1 < (long)oc.n && !coll_find(&bc, oc.c[a + 1].id, NULL) &&
		       !coll_find(&tc, oc.c[a + 1].id, NULL))
			a++;
		anchor[j] = a;
	}
	res = ov->kind == PK_MAP ? pk_new_map(m->exp) : pk_new_seq(m->exp);
	emit(m, &m->o, o->s, oc.c[0].s, 0);
	unsigned col = oc.c[0].col;
	size_t oidx = 0;
	for (long i = -1; i < (long)oc.n; i++) {
		if (i >= 0) {
			const struct child *oi = &oc.c[i];
			const struct child *bi = coll_find(&bc, oi->id, NULL);
			const struct child *ti = coll_find(&tc, oi->id, NULL);
			path_child(&p, path, ov, oi, oidx);
			spath_child(&sp, spath, ov, oi);
			struct pk_node *v = merge_child(m, sbuf_str(&p), sbuf_str(&sp), bi, oi, ti, col, 1);
			if (v)
				oidx++;
			put(m, res, oi, v);
		}
		for (size_t j = 0; j < tc.n; j++) {
			if (anchor[j] != i)
				continue;
			const struct child *tj = &tc.c[j];
			size_t before = m->out.len;
			if (tj->lead || emit_theirs(m, tj, col) != 0) {
				m->out.len = before;
				path_child(&p, path, tv, tj, j);
				conflict(m, sbuf_str(&p), "added in theirs; cannot be inserted in place", NULL,
					 NULL, tj->v);
				continue;
			}
			put(m, res, tj, pk_copy(m->exp, tj->v));
			oidx++;
		}
	}
	free(anchor);
	sbuf_free(&p);
	sbuf_free(&sp);
out:
	coll_free(&oc);
	coll_free(&tc);
	coll_free(&bc);
	return res;
}

/* ---- the record ---- */

static struct pk_doc *parse_side(struct mctx *m, const char *relpath, const char *which,
				 struct side *sd)
{
	struct pk_diags d = PK_DIAGS_INIT;
	struct pk_doc *doc = pk_doc_parse(relpath, sd->text, sd->len, NULL, &d);
	if (!doc || !pk_doc_root(doc)) {
		struct sbuf why = SBUF_INIT;
		sbuf_addf(&why, "%s does not parse", which);
		if (d.n)
			sbuf_addf(&why, ": line %u: %s [%s]", d.v[0].line, d.v[0].msg, d.v[0].rule);
		else if (doc)
			sbuf_adds(&why, ": it is empty");
		conflict(m, "", sbuf_str(&why), NULL, NULL, NULL);
		sbuf_free(&why);
		pk_doc_free(doc);
		doc = NULL;
	}
	pk_diags_free(&d);
	return doc;
}

/* The merged text must parse (no duplicate key), read as the merge meant
 * and validate. */
static void check_result(struct mctx *m, const char *relpath, const struct pk_node *expect)
{
	struct pk_merge_result *r = m->res;
	struct pk_diags d = PK_DIAGS_INIT;
	struct pk_doc *doc = pk_doc_parse(relpath, r->text, r->len, NULL, &d);
	struct sbuf why = SBUF_INIT;
	if (!doc || !pk_doc_root(doc)) {
		sbuf_adds(&why, "the merged record does not parse");
		if (d.n)
			sbuf_addf(&why, ": line %u: %s [%s]", d.v[0].line, d.v[0].msg, d.v[0].rule);
		conflict(m, "", sbuf_str(&why), NULL, NULL, NULL);
	} else if (expect && !pk_node_equal(pk_doc_root(doc), expect)) {
		conflict(m, "", "the merged text does not read as the merged fields", NULL, NULL, NULL);
	} else if (m->S && m->kind != PK_R_NONE && pk_schema_validate(m->S, m->kind, doc, &d) > 0) {
		for (size_t i = 0; i < d.n; i++) {
			if (d.v[i].sev != PK_ERROR)
				continue;
			sbuf_reset(&why);
			sbuf_addf(&why, "the merged record does not validate: line %u: %s [%s]",
				  d.v[i].line, d.v[i].msg, d.v[i].rule);
			conflict(m, "", sbuf_str(&why), NULL, NULL, NULL);
		}
	}
	sbuf_free(&why);
	pk_doc_free(doc);
	pk_diags_free(&d);
}

static int same_text(const char *a, size_t al, const char *b, size_t bl)
{
	return al == bl && memcmp(a, b, al) == 0;
}

int pk_merge_record(const struct pk_schema *S, const char *relpath, const char *base,
		    size_t blen, const char *ours, size_t olen, const char *theirs, size_t tlen,
		    struct pk_merge_result *out)
{
	return pk_merge_record_with(S, relpath, base, blen, ours, olen, theirs, tlen, NULL, 0, out);
}

int pk_merge_record_with(const struct pk_schema *S, const char *relpath, const char *base,
			 size_t blen, const char *ours, size_t olen, const char *theirs, size_t tlen,
			 const struct pk_merge_choice *choices, size_t nchoices,
			 struct pk_merge_result *out)
{
	memset(out, 0, sizeof *out);
	struct mctx m = {.S = S, .kind = pk_path_kind(relpath), .res = out, .choices = choices,
			 .nchoices = nchoices};
	const struct pk_merge_choice *whole = choice_for(&m, "");
	if (whole) {
		/* The whole record as one side has it. */
		const char *w = whole->take == PK_TAKE_OURS ? ours : whole->take == PK_TAKE_THEIRS ? theirs : base;
		size_t wl = whole->take == PK_TAKE_OURS ? olen : whole->take == PK_TAKE_THEIRS ? tlen : blen;
		if (!w) {
			out->deleted = 1;
			return 0;
		}
		out->text = xstrndup(w, wl);
		out->len = wl;
		check_result(&m, relpath, NULL);
		goto done;
	}
	if (!ours || !theirs) {
		/* Deleted on one side: clean only if the other left it as it was. */
		const char *kept = ours ? ours : theirs;
		size_t klen = ours ? olen : tlen;
		if (!kept || (base && same_text(kept, klen, base, blen))) {
			out->deleted = 1;
			return 0;
		}
		side_init(&m.o, kept, klen);
		struct pk_doc *kd = parse_side(&m, relpath, ours ? "ours" : "theirs", &m.o);
		int same = 0;
		if (kd && base) {
			side_init(&m.b, base, blen);
			struct pk_doc *bd = parse_side(&m, relpath, "base", &m.b);
			same = bd && pk_node_equal(pk_doc_root(kd), pk_doc_root(bd));
			if (!same && bd)
				conflict(&m, "", ours ? "changed in ours, deleted in theirs"
						      : "deleted in ours, changed in theirs",
					 pk_doc_root(bd), ours ? pk_doc_root(kd) : NULL,
					 ours ? NULL : pk_doc_root(kd));
			pk_doc_free(bd);
			free(m.b.lo);
		} else if (kd) {
			conflict(&m, "", ours ? "added in ours, deleted in theirs" : "deleted in ours, added in theirs",
				 NULL, ours ? pk_doc_root(kd) : NULL, ours ? NULL : pk_doc_root(kd));
		}
		pk_doc_free(kd);
		free(m.o.lo);
		if (same && !out->n) {
			out->deleted = 1;
			return 0;
		}
		return out->n ? 1 : 0;
	}
	/* One side left the text as it was (or both made the same text):
	 * the other's text, byte for byte. */
	const char *pick = NULL;
	size_t plen = 0;
	if (same_text(ours, olen, theirs, tlen) || (base && same_text(theirs, tlen, base, blen)))
		pick = ours, plen = olen;
	else if (base && same_text(ours, olen, base, blen))
		pick = theirs, plen = tlen;
	if (pick) {
		out->text = xstrndup(pick, plen);
		out->len = plen;
		check_result(&m, relpath, NULL);
		goto done;
	}
	side_init(&m.o, ours, olen);
	side_init(&m.t, theirs, tlen);
	side_init(&m.b, base ? base : "", base ? blen : 0);
	m.o.doc = parse_side(&m, relpath, "ours", &m.o);
	m.t.doc = parse_side(&m, relpath, "theirs", &m.t);
	m.b.doc = base ? parse_side(&m, relpath, "base", &m.b) : NULL;
	if (!out->n) {
		m.exp = pk_doc_new();
		struct child oc = {.v = pk_doc_root(m.o.doc), .s = 1, .e = m.o.nl + 1, .col = 1};
		struct child tc = {.v = pk_doc_root(m.t.doc), .s = 1, .e = m.t.nl + 1, .col = 1};
		struct child bc = {.v = m.b.doc ? pk_doc_root(m.b.doc) : NULL, .s = 1, .e = m.b.nl + 1, .col = 1};
		struct pk_node *root = merge_child(&m, "", "", m.b.doc ? &bc : NULL, &oc, &tc, 1, 1);
		if (!out->n) {
			out->len = m.out.len;
			out->text = sbuf_detach(&m.out);
			if (!out->text)
				out->text = xstrdup("");
			check_result(&m, relpath, root);
		}
	}
	pk_doc_free(m.o.doc);
	pk_doc_free(m.t.doc);
	pk_doc_free(m.b.doc);
	pk_doc_free(m.exp);
	free(m.o.lo);
	free(m.t.lo);
	free(m.b.lo);
	sbuf_free(&m.out);
done:
	if (out->n) {
		free(out->text);
		out->text = NULL;
		out->len = 0;
		return 1;
	}
	return 0;
}

void pk_merge_result_free(struct pk_merge_result *r)
{
	for (size_t i = 0; i < r->n; i++) {
		free(r->c[i].path);
		free(r->c[i].why);
		free(r->c[i].base);
		free(r->c[i].ours);
		free(r->c[i].theirs);
	}
	free(r->c);
	free(r->text);
	memset(r, 0, sizeof *r);
}

static void print_val(FILE *out, const char *label, const char *v, unsigned line)
{
	char *p = v ? pk_printable(v, strlen(v), 200) : NULL;
	if (p && line)
		fprintf(out, "  %-7s %s (line %u)\n", label, p, line);
	else
		fprintf(out, "  %-7s %s\n", label, p ? p : "(absent)");
	free(p);
}

void pk_merge_print(FILE *out, const char *relpath, const struct pk_merge_result *r)
{
	for (size_t i = 0; i < r->n; i++) {
		const struct pk_merge_conflict *c = &r->c[i];
		fprintf(out, "%s: %s%s%s\n", relpath, c->path, *c->path ? ": " : "", c->why);
		if (c->base || c->ours || c->theirs) {
			print_val(out, "base:", c->base, c->base_line);
			print_val(out, "ours:", c->ours, c->ours_line);
			print_val(out, "theirs:", c->theirs, c->theirs_line);
		}
	}
}
