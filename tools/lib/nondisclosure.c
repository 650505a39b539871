/* nondisclosure.c: passages of non-disclosable text in fields the person
 * can see (PF-NONDISCLOSURE, PF 9.9); see nondisclosure.h for the reading. */
#include "nondisclosure.h"
#include "rules.h"
#include "mem.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static int word_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

static unsigned char lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c;
}

struct words {
	const char **s;
	size_t *len;
	uint64_t *h;
	size_t n;
};

static void split(const char *s, size_t len, struct words *w)
{
	memset(w, 0, sizeof *w);
	size_t cap = 0;
	for (size_t i = 0; i < len;) {
		if (!word_byte((unsigned char)s[i])) {
			i++;
			continue;
		}
		size_t j = i;
		uint64_t h = 1469598103934665603ull;
		while (j < len && word_byte((unsigned char)s[j]))
			h = (h ^ lower((unsigned char)s[j++])) * 1099511628211ull;
		if (w->n == cap) {
			cap = cap ? cap * 2 : 32;
			w->s = xrealloc(w->s, cap * sizeof *w->s);
			w->len = xrealloc(w->len, cap * sizeof *w->len);
			w->h = xrealloc(w->h, cap * sizeof *w->h);
		}
		w->s[w->n] = s + i;
		w->len[w->n] = j - i;
		w->h[w->n++] = h;
		i = j;
	}
}

static void words_free(struct words *w)
{
	free(w->s);
	free(w->len);
	free(w->h);
}

static uint64_t window(const struct words *w, size_t at, size_t n)
{
	uint64_t h = 14695981039346656037ull;
	for (size_t k = 0; k < n; k++)
		h = (h ^ w->h[at + k]) * 1099511628211ull + 0x9e3779b97f4a7c15ull;
	return h;
}

static int same_words(const struct words *a, size_t ai, const struct words *b, size_t bi, size_t n)
{
	for (size_t k = 0; k < n; k++) {
		if (a->len[ai + k] != b->len[bi + k])
			return 0;
		for (size_t i = 0; i < a->len[ai + k]; i++)
			if (lower((unsigned char)a->s[ai + k][i]) != lower((unsigned char)b->s[bi + k][i]))
				return 0;
	}
	return 1;
}

struct shingle {
	uint64_t h;
	size_t item, at;
};

static int shingle_cmp(const void *x, const void *y)
{
	const struct shingle *a = x, *b = y;
	return a->h < b->h ? -1 : a->h > b->h;
}

struct nd {
	size_t n;               /* words per passage */
	struct words *items;    /* each non-disclosable text, split */
	size_t nitems;
	struct shingle *v;      /* every passage of every text, by hash */
	size_t nv;
};

static void nd_load(struct nd *x, const struct pk_node *case_root, size_t n)
{
	memset(x, 0, sizeof *x);
	x->n = n;
	const struct pk_node *seq = pk_map_get(case_root, "non_disclosable");
	if (!seq || seq->kind != PK_SEQ || !seq->n || !n)
		return;
	x->items = xcalloc(seq->n, sizeof *x->items);
	x->nitems = seq->n;
	for (size_t i = 0; i < seq->n; i++) {
		const struct pk_node *t = pk_map_get(seq->items[i], "text");
		if (!t || t->kind != PK_SCALAR)
			continue;
		split(t->str, t->len, &x->items[i]);
		for (size_t k = 0; k + n <= x->items[i].n; k++) {
			x->v = xrealloc(x->v, (x->nv + 1) * sizeof *x->v);
			x->v[x->nv++] = (struct shingle){window(&x->items[i], k, n), i, k};
		}
	}
	if (x->nv > 1)
		qsort(x->v, x->nv, sizeof *x->v, shingle_cmp);
}

static void nd_free(struct nd *x)
{
	for (size_t i = 0; i < x->nitems; i++)
		words_free(&x->items[i]);
	free(x->items);
	free(x->v);
}

/* The item whose passage the words at w[at..] repeat, or -1. */
static long nd_find(const struct nd *x, const struct words *w, size_t at)
{
	uint64_t h = window(w, at, x->n);
	size_t lo = 0, hi = x->nv;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (x->v[mid].h < h)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < x->nv && x->v[lo].h == h; lo++)
		if (same_words(&x->items[x->v[lo].item], x->v[lo].at, w, at, x->n))
			return (long)x->v[lo].item;
	return -1;
}

struct walk {
	const struct nd *x;
	const struct pk_doc *doc;
	enum pk_sev sev;
	struct pk_diags *d;
	size_t found;
};

static void visit(struct walk *wk, const struct pk_node *n, struct sbuf *path)
{
	if (!n)
		return;
	if (n->kind == PK_SCALAR) {
		struct words w;
		split(n->str, n->len, &w);
		for (size_t k = 0; k + wk->x->n <= w.n; k++) {
			long item = nd_find(wk->x, &w, k);
			if (item < 0)
				continue;
			pk_doc_diag(wk->d, wk->doc, n, wk->sev, "PF-NONDISCLOSURE",
				    "non-disclosable information never reaches the person (PF 9.9): reword "
				    "this field and keep the detail in non_disclosable only",
				    "%s repeats %zu consecutive words of the case's non_disclosable[%ld], "
				    "starting at its word %zu: a field the person can see",
				    path->len ? path->s : "the text", wk->x->n, item, k + 1);
			wk->found++;
			break; /* one finding per field */
		}
		words_free(&w);
		return;
	}
	for (size_t i = 0; i < n->n; i++) {
		size_t keep = path->len;
		if (n->kind == PK_MAP) {
			const char *k = n->keys[i]->str;
			/* staff-only: what they hold is meant to be there */
			if (!strcmp(k, "non_disclosable") || !strcmp(k, "internal_notes"))
				continue;
			sbuf_addf(path, "%s%s", keep ? "." : "", k);
		} else {
			sbuf_addf(path, "[%zu]", i);
		}
		visit(wk, n->items[i], path);
		path->len = keep;
		if (path->s)
			path->s[keep] = '\0';
	}
}

size_t pk_nd_passages(const struct pk_node *case_root, const struct pk_doc *doc, pk_date on,
		      enum pk_sev sev, struct pk_diags *d)
{
	long n = pk_rule_value("pf.nondisclosure.passage", on);
	struct nd x;
	nd_load(&x, case_root, n > 0 ? (size_t)n : 0);
	struct walk wk = {&x, doc, sev, d, 0};
	if (x.nv) {
		struct sbuf path = SBUF_INIT;
		visit(&wk, pk_doc_root(doc), &path);
		sbuf_free(&path);
	}
	nd_free(&x);
	return wk.found;
}

size_t pk_nd_person_guard(struct pk_source *src, const char *panel_id, const char *case_id,
			  pk_date on, struct pk_diags *d)
{
	struct pk_doc *pd = pk_load_by_id(src, PK_R_PANEL, panel_id);
	const struct pk_node *cases = pd ? pk_map_get(pk_doc_root(pd), "cases") : NULL;
	size_t found = 0;
	for (size_t i = 0; cases && cases->kind == PK_SEQ && i < cases->n; i++) {
		const char *cid = pk_get_str(cases->items[i], "case");
		if (!cid || (case_id && strcmp(cid, case_id) != 0))
			continue;
		struct pk_doc *cd = pk_load_by_id(src, PK_R_CASE, cid);
		if (cd) {
			found += pk_nd_passages(pk_doc_root(cd), cd, on, PK_ERROR, d);
			found += pk_nd_passages(pk_doc_root(cd), pd, on, PK_ERROR, d);
		}
		pk_doc_free(cd);
	}
	pk_doc_free(pd);
	return found;
}
