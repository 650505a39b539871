/* template.c: the template language of template.h.
 *
 * A template is compiled once into a tree of text, variable, section and
 * partial nodes (positions kept for messages), then rendered against a
 * context stack of pk_nodes. */
#include "template.h"
#include "mem.h"
#include "files.h"
#include "runenv.h"
#include "text.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define RULE "KIT-TEMPLATE"

enum tkind { T_TEXT, T_VAR, T_RAW, T_SECTION, T_INVERTED, T_PARTIAL };

struct tnode {
	enum tkind kind;
	size_t off;            /* offset of the tag (or text) in the source */
	size_t len;            /* TEXT: length */
	char *name;            /* VAR, RAW, SECTION, INVERTED, PARTIAL */
	char *indent;          /* PARTIAL alone on its line: its indentation */
	struct tnode *kids;    /* SECTION, INVERTED */
	size_t nkids, cap;
};

struct pk_tmpl {
	char *name, *display;
	char *text;
	size_t len;
	struct tnode root;     /* a SECTION holding the top level */
	int ok;                /* compiled without errors */
	/* Where pos_of last stopped: compiling reports tags in order, so a
	 * template with thousands of bad tags is scanned once, not from its
	 * start for every tag. */
	size_t pos_off, pos_ls;
	unsigned pos_line;
};

struct entry {
	char *name;
	struct pk_tmpl *t;     /* NULL: not found */
	char *mem_display, *mem_text;  /* pk_tmpl_set_add */
	int loaded;
};

struct pk_tmpl_set {
	char *dir;
	struct entry *v;
	size_t n, cap;
};

/* ---- positions and messages ---- */

static void pos_of(const struct pk_tmpl *t, size_t off, unsigned *line, unsigned *col,
		   char **src)
{
	struct pk_tmpl *m = (struct pk_tmpl *)t; /* the scan cache only */
	unsigned l = 1;
	size_t ls = 0, from = 0;
	if (m->pos_line && m->pos_off <= off) {
		l = m->pos_line;
		ls = m->pos_ls;
		from = m->pos_off;
	}
	for (size_t i = from; i < off && i < t->len; i++)
		if (t->text[i] == '\n') {
			l++;
			ls = i + 1;
		}
	m->pos_off = off < t->len ? off : t->len;
	m->pos_line = l;
	m->pos_ls = ls;
	size_t le = ls;
	while (le < t->len && t->text[le] != '\n' && t->text[le] != '\r')
		le++;
	/* Columns count characters (as diag.h does), not bytes. */
	unsigned c = 1;
	for (size_t i = ls; i < off && i < t->len; i++)
		if (((unsigned char)t->text[i] & 0xc0) != 0x80)
			c++;
	*line = l;
	*col = c;
	*src = xstrndup(t->text + ls, le - ls);
}

/* Messages added from this index on are this run's: dedup_from. */
static size_t dedup_from;
/* Tags already reported (or found a duplicate) in the render under way: a
 * tag that fails inside a loop or a partial expanded thousands of times is
 * not located again (pos_of scans the template from its start, which was
 * seconds per fuzz input under ASan); same tag, same position, so skipping
 * it gives what the dedup below would. */
static struct seen_tag {
	const struct pk_tmpl *t;
	size_t off;
} seen[1024];
static size_t nseen;
static int rendering;

static void tdiag(struct pk_diags *d, const struct pk_tmpl *t, size_t off, const char *hint,
		  const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* One message per tag and run: a tag inside a loop would repeat it. */
static void tdiag(struct pk_diags *d, const struct pk_tmpl *t, size_t off, const char *hint,
		  const char *fmt, ...)
{
	unsigned line, col;
	char *src;
	struct sbuf msg = SBUF_INIT;
	va_list ap;

	if (rendering) {
		for (size_t i = 0; i < nseen; i++)
			if (seen[i].t == t && seen[i].off == off)
				return;
		if (nseen < PK_ARRAY_LEN(seen))
			seen[nseen++] = (struct seen_tag){t, off};
	}
	pos_of(t, off, &line, &col, &src);
	for (size_t i = dedup_from < d->n ? dedup_from : d->n; i < d->n; i++)
		if (d->v[i].line == line && d->v[i].col == col &&
		    !strcmp(d->v[i].file, t->display) && !strcmp(d->v[i].rule, RULE))
			goto out;
	va_start(ap, fmt);
	sbuf_vaddf(&msg, fmt, ap);
	va_end(ap);
	pk_diag_add(d, PK_ERROR, t->display, line, col, src, RULE, hint, "%s", sbuf_str(&msg));
out:
	sbuf_free(&msg);
	free(src);
}

/* ---- compiling ---- */

static void tnode_free(struct tnode *n)
{
	for (size_t i = 0; i < n->nkids; i++)
		tnode_free(&n->kids[i]);
	free(n->kids);
	free(n->name);
	free(n->indent);
}

static struct tnode *tnode_add(struct tnode *parent, enum tkind k, size_t off)
{
	if (parent->nkids == parent->cap) {
		parent->cap = parent->cap ? parent->cap * 2 : 8;
		parent->kids = xrealloc(parent->kids, parent->cap * sizeof *parent->kids);
	}
	struct tnode *n = &parent->kids[parent->nkids++];
	memset(n, 0, sizeof *n);
	n->kind = k;
	n->off = off;
	return n;
}

static int name_char(int c)
{
	return isalnum(c) || c == '_' || c == '-';
}

/* "." or parts of [A-Za-z0-9_-]+ joined by single dots. */
static int valid_name(const char *s)
{
	if (!strcmp(s, "."))
		return 1;
	if (!*s)
		return 0;
	for (const char *p = s; *p; p++) {
		if (*p == '.') {
			if (p == s || !p[1] || p[1] == '.')
				return 0;
		} else if (!name_char((unsigned char)*p)) {
			return 0;
		}
	}
	return 1;
}

static char *trimmed(const char *s, size_t n)
{
	while (n && isspace((unsigned char)*s))
		s++, n--;
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	return xstrndup(s, n);
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static void compile(struct pk_tmpl *t, struct pk_diags *d)
{
	const char *s = t->text;
	size_t len = t->len, pos = 0;
	struct tnode *stack[64];
	size_t depth = 0;
	unsigned errors = 0;

	stack[0] = &t->root;
	t->root.kind = T_SECTION;
	while (pos < len) {
		const char *open = strstr(s + pos, "{{");
		if (!open || (size_t)(open - s) >= len) {
			struct tnode *n = tnode_add(stack[depth], T_TEXT, pos);
			n->len = len - pos;
			break;
		}
		size_t tag = (size_t)(open - s), body = tag + 2, end;
		char sigil = s[body];
		int triple = sigil == '{';
		const char *closer = triple ? "}}}" : "}}";
		if (strchr("#^/>!&{=", sigil) && sigil)
			body++;
		const char *close = strstr(s + body, closer);
		if (!close) {
			tdiag(d, t, tag, "every {{ needs a matching }}", "unclosed tag: '%s' expected",
			      closer);
			errors++;
			depth = 0;  /* what follows would only repeat this error */
			break;
		}
		end = (size_t)(close - s) + strlen(closer);
		char *name = trimmed(s + body, (size_t)(close - s) - body);

		/* Standalone: only blanks around the tag on its line. */
		int standalone = 0;
		size_t ls = tag, next = end, q = end;
		if (strchr("#^/>!=", sigil) && sigil) {
			while (ls > 0 && is_blank(s[ls - 1]))
				ls--;
			while (q < len && is_blank(s[q]))
				q++;
			if ((ls == 0 || s[ls - 1] == '\n') && ls >= pos &&
			    (q == len || s[q] == '\n' || (s[q] == '\r' && q + 1 < len && s[q + 1] == '\n'))) {
				standalone = 1;
				next = q == len ? len : q + (s[q] == '\r' ? 2 : 1);
			}
		}
		size_t text_end = standalone ? ls : tag;
		if (text_end > pos) {
			struct tnode *n = tnode_add(stack[depth], T_TEXT, pos);
			n->len = text_end - pos;
		}
		pos = next;

		switch (sigil) {
		case '!':
			free(name);
			continue;
		case '=':
			tdiag(d, t, tag, NULL, "changing the delimiters is not supported");
			errors++;
			free(name);
			continue;
		case '>':
			if (!pk_safe_id(name)) {
				tdiag(d, t, tag, "a partial is named like a file: letters, digits, '.', '_', '-'",
				      "bad partial name \"%s\"", name);
				errors++;
				free(name);
				continue;
			}
			break;
		default:
			if (!valid_name(name)) {
				tdiag(d, t, tag, "names are letters, digits, '_' and '-', joined by '.'",
				      "bad placeholder name \"%s\"", name);
				errors++;
				free(name);
				continue;
			}
		}

		if (sigil == '/') {
			if (depth == 0) {
				tdiag(d, t, tag, NULL, "{{/%s}} closes no section", name);
				errors++;
				free(name);
				break;
			} else if (strcmp(stack[depth]->name, name)) {
				unsigned l, c;
				char *src;
				pos_of(t, stack[depth]->off, &l, &c, &src);
				free(src);
				tdiag(d, t, tag, NULL, "{{/%s}} does not match {{%c%s}} opened at line %u, column %u",
				      name, stack[depth]->kind == T_INVERTED ? '^' : '#',
				      stack[depth]->name, l, c);
				errors++;
				/* The nesting is lost: later closes would only cascade. */
				free(name);
				depth = 0;
				break;
			} else {
				depth--;
			}
			free(name);
			continue;
		}
		enum tkind k = sigil == '#' ? T_SECTION : sigil == '^' ? T_INVERTED :
			       sigil == '>' ? T_PARTIAL : (sigil == '&' || triple) ? T_RAW : T_VAR;
		struct tnode *n = tnode_add(stack[depth], k, tag);
		n->name = name;
		if (k == T_PARTIAL && standalone && tag > ls)
			n->indent = xstrndup(s + ls, tag - ls);
		if (k == T_SECTION || k == T_INVERTED) {
			if (depth + 1 >= PK_ARRAY_LEN(stack)) {
				tdiag(d, t, tag, NULL, "sections nested more than %zu deep",
				      PK_ARRAY_LEN(stack) - 1);
				errors++;
				depth = 0;
				break;
			}
			stack[++depth] = n;
		}
	}
	for (; depth > 0; depth--) {
		tdiag(d, t, stack[depth]->off, "close it with {{/name}}", "section {{%c%s}} is not closed",
		      stack[depth]->kind == T_INVERTED ? '^' : '#', stack[depth]->name);
		errors++;
	}
	t->ok = errors == 0;
}

static void tmpl_free(struct pk_tmpl *t)
{
	if (!t)
		return;
	tnode_free(&t->root);
	free(t->name);
	free(t->display);
	free(t->text);
	free(t);
}

/* ---- the set ---- */

struct pk_tmpl_set *pk_tmpl_set_new(const char *dir)
{
	struct pk_tmpl_set *s = xcalloc(1, sizeof *s);
	s->dir = dir ? xstrdup(dir) : NULL;
	return s;
}

void pk_tmpl_set_free(struct pk_tmpl_set *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n; i++) {
		free(s->v[i].name);
		free(s->v[i].mem_display);
		free(s->v[i].mem_text);
		tmpl_free(s->v[i].t);
	}
	free(s->v);
	free(s->dir);
	free(s);
}

static struct entry *set_entry(struct pk_tmpl_set *s, const char *name)
{
	for (size_t i = 0; i < s->n; i++)
		if (!strcmp(s->v[i].name, name))
			return &s->v[i];
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 8;
		s->v = xrealloc(s->v, s->cap * sizeof *s->v);
	}
	struct entry *e = &s->v[s->n++];
	memset(e, 0, sizeof *e);
	e->name = xstrdup(name);
	return e;
}

void pk_tmpl_set_add(struct pk_tmpl_set *s, const char *name, const char *display,
		     const char *text)
{
	struct entry *e = set_entry(s, name);
	free(e->mem_display);
	free(e->mem_text);
	tmpl_free(e->t);
	e->t = NULL;
	e->loaded = 0;
	e->mem_display = xstrdup(display ? display : name);
	e->mem_text = xstrdup(text);
}

/* The compiled template, or NULL when there is no such template (*missing
 * set) or it failed to compile (errors reported once, when first loaded). */
static struct pk_tmpl *set_get(struct pk_tmpl_set *s, const char *name, int *missing,
			       struct pk_diags *d)
{
	struct entry *e = set_entry(s, name);
	*missing = 0;
	if (!e->loaded) {
		e->loaded = 1;
		struct pk_tmpl *t = xcalloc(1, sizeof *t);
		t->name = xstrdup(name);
		if (e->mem_text) {
			t->display = xstrdup(e->mem_display);
			t->text = xstrdup(e->mem_text);
			t->len = strlen(t->text);
		} else if (s->dir && pk_safe_id(name)) {
			struct sbuf path = SBUF_INIT;
			char err[256];
			sbuf_addf(&path, "%s/%s.md", s->dir, name);
			t->display = sbuf_detach(&path);
			if (pk_read_file(t->display, PK_TMPL_MAX_BYTES, 0, &t->text, &t->len,
					 err, sizeof err) < 0) {
				tmpl_free(t);
				return *missing = 1, NULL;
			}
			if (memchr(t->text, '\0', t->len)) {
				pk_diag_add(d, PK_ERROR, t->display, 0, 0, NULL, RULE, NULL,
					    "a template is text: this file holds a NUL byte");
				t->ok = 0;
				e->t = t;
				return NULL;
			}
		} else {
			tmpl_free(t);
			return *missing = 1, NULL;
		}
		compile(t, d);
		e->t = t;
	}
	if (!e->t)
		*missing = 1;
	return e->t && e->t->ok ? e->t : NULL;
}

/* A template that failed to compile: its errors were reported when it was
 * first loaded, maybe into another pk_diags; make sure this run fails. */
static void broken(struct pk_tmpl_set *s, const char *name, struct pk_diags *d,
		   const struct pk_tmpl *at, size_t off)
{
	struct entry *e = set_entry(s, name);
	const char *file = e->t ? e->t->display : name;
	for (size_t i = 0; i < d->n; i++)
		if (!strcmp(d->v[i].file, file) && d->v[i].sev == PK_ERROR)
			return;
	if (at)
		tdiag(d, at, off, NULL, "partial \"%s\" has errors", name);
	else
		pk_diag_add(d, PK_ERROR, file, 0, 0, NULL, RULE, NULL, "template has errors");
}

/* ---- rendering ---- */

struct rctx {
	struct pk_tmpl_set *set;
	struct pk_diags *d;
	const struct pk_node **stack;
	size_t n, cap;
	unsigned depth;
	size_t partials;       /* expansions so far: the depth cap alone still
				  allows 2^16 of them from a partial that
				  includes itself twice inside a list */
	int blown;             /* over budget: stop rendering */
	/* Tags already reported unknown in this run: a tag inside a loop or a
	 * partial fails each time it is reached, and working out the "did you
	 * mean" (edit distances over every key in scope) each time was the
	 * slow part (found by fuzz_template).  Past RENDER_MAX_FAILED distinct
	 * tags the render stops. */
	const struct tnode *failed[16];
	size_t nfailed;
};
#define RENDER_MAX_FAILED 16

/* 1 if tag already failed in this run; otherwise remembers it. */
static int failed_before(struct rctx *r, const struct tnode *tag)
{
	for (size_t i = 0; i < r->nfailed; i++)
		if (r->failed[i] == tag)
			return 1;
	if (r->nfailed < RENDER_MAX_FAILED)
		r->failed[r->nfailed++] = tag;
	if (r->nfailed == RENDER_MAX_FAILED)
		r->blown = 1;
	return 0;
}

static void push(struct rctx *r, const struct pk_node *n)
{
	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 16;
		r->stack = xrealloc(r->stack, r->cap * sizeof *r->stack);
	}
	r->stack[r->n++] = n;
}

/* "did you mean {{x}}?" from the keys of the maps in scope. */
static char *suggest(const struct pk_node *const *maps, size_t n, const char *key)
{
	const char *best = NULL;
	size_t bestd = strlen(key) / 3 + 1;
	for (size_t i = n; i-- > 0;) {
		const struct pk_node *m = maps[i];
		if (!m || m->kind != PK_MAP)
			continue;
		for (size_t k = 0; k < m->n; k++) {
			size_t dd = pk_edit_distance(key, strlen(key), m->keys[k]->str, m->keys[k]->len);
			if (dd <= bestd && (!best || dd < bestd)) {
				best = m->keys[k]->str;
				bestd = dd;
			}
		}
	}
	if (!best)
		return NULL;
	struct sbuf b = SBUF_INIT;
	sbuf_addf(&b, "did you mean \"%s\"?", best);
	return sbuf_detach(&b);
}

/* Resolves a name in the context stack.  Returns 0 with *out (NULL for a
 * null value), or -1 after reporting an unknown name. */
static int lookup(struct rctx *r, const struct pk_tmpl *t, const struct tnode *tag,
		  const struct pk_node **out)
{
	const char *name = tag->name;
	*out = NULL;
	if (!strcmp(name, ".")) {
		*out = r->n ? r->stack[r->n - 1] : NULL;
		return 0;
	}
	size_t k = strcspn(name, ".");
	char *first = xstrndup(name, k);
	const struct pk_node *cur = NULL;
	int found = 0;
	for (size_t i = r->n; i-- > 0 && !found;) {
		const struct pk_node *m = r->stack[i];
		if (m && m->kind == PK_MAP) {
			for (size_t j = 0; j < m->n; j++)
				if (!strcmp(m->keys[j]->str, first)) {
					cur = m->items[j];
					found = 1;
					break;
				}
		}
	}
	if (!found) {
		if (failed_before(r, tag)) {
			free(first);
			return -1;
		}
		char *hint = suggest(r->stack, r->n, first);
		tdiag(r->d, t, tag->off, hint, "unknown placeholder \"%s\"", name);
		free(hint);
		free(first);
		return -1;
	}
	free(first);
	const char *p = name + k;
	while (*p == '.') {
		p++;
		k = strcspn(p, ".");
		char *key = xstrndup(p, k);
		p += k;
		if (pk_is_null(cur)) {
			/* An absent parent (null) makes its parts null too. */
			free(key);
			cur = NULL;
			break;
		}
		const struct pk_node *next = cur->kind == PK_MAP ? pk_map_get(cur, key) : NULL;
		int has = 0;
		if (cur->kind == PK_MAP)
			for (size_t j = 0; j < cur->n; j++)
				if (!strcmp(cur->keys[j]->str, key))
					has = 1;
		if (!has) {
			if (failed_before(r, tag)) {
				free(key);
				return -1;
			}
			char *hint = cur->kind == PK_MAP ? suggest(&cur, 1, key) : NULL;
			tdiag(r->d, t, tag->off, hint, "unknown placeholder \"%s\": no \"%s\" in %s",
			      name, key, cur->kind == PK_MAP ? "that map" :
			      cur->kind == PK_SEQ ? "a list" : "a text value");
			free(hint);
			free(key);
				return -1;
		}
		free(key);
		cur = next;
	}
	*out = pk_is_null(cur) ? NULL : cur;
	return 0;
}

static int truthy(const struct pk_node *n)
{
	if (!n)
		return 0;
	switch (n->kind) {
	case PK_SEQ:
		return n->n > 0;
	case PK_MAP:
		return 1;
	case PK_SCALAR:
		if (pk_is_null(n) || n->len == 0)
			return 0;
		if (pk_scalar_type(n) == PK_T_BOOL)
			return n->str[0] == 't' || n->str[0] == 'T';
		return 1;
	}
	return 0;
}

static void render_kids(struct rctx *r, const struct pk_tmpl *t, const struct tnode *sec,
			struct sbuf *out);

static void render_partial(struct rctx *r, const struct pk_tmpl *t, const struct tnode *n,
			   struct sbuf *out)
{
	int missing;
	if (r->blown)
		return;
	if (++r->partials > PK_TMPL_MAX_PARTIALS) {
		r->blown = 1;
		tdiag(r->d, t, n->off, "a partial that includes itself never ends",
		      "more than %d partial expansions at {{> %s}}", PK_TMPL_MAX_PARTIALS, n->name);
		return;
	}
	if (r->depth >= PK_TMPL_MAX_DEPTH) {
		tdiag(r->d, t, n->off, "a partial that includes itself never ends",
		      "partials nested more than %d deep at {{> %s}}", PK_TMPL_MAX_DEPTH, n->name);
		return;
	}
	struct pk_tmpl *p = set_get(r->set, n->name, &missing, r->d);
	if (!p) {
		if (missing) {
			struct sbuf hint = SBUF_INIT;
			if (r->set->dir)
				sbuf_addf(&hint, "partials are files %s/<name>.md", r->set->dir);
			tdiag(r->d, t, n->off, hint.len ? sbuf_str(&hint) : NULL,
			      "unknown partial \"%s\"", n->name);
			sbuf_free(&hint);
		} else {
			broken(r->set, n->name, r->d, t, n->off);
		}
		return;
	}
	r->depth++;
	if (!n->indent) {
		render_kids(r, p, &p->root, out);
	} else {
		struct sbuf tmp = SBUF_INIT;
		render_kids(r, p, &p->root, &tmp);
		int bol = 1;
		for (size_t i = 0; i < tmp.len; i++) {
			if (bol && tmp.s[i] != '\n')
				sbuf_adds(out, n->indent);
			sbuf_addc(out, tmp.s[i]);
			bol = tmp.s[i] == '\n';
		}
		sbuf_free(&tmp);
	}
	r->depth--;
}

static void render_kids(struct rctx *r, const struct pk_tmpl *t, const struct tnode *sec,
			struct sbuf *out)
{
	for (size_t i = 0; i < sec->nkids && !r->blown; i++) {
		const struct tnode *n = &sec->kids[i];
		const struct pk_node *v;
		switch (n->kind) {
		case T_TEXT:
			sbuf_add(out, t->text + n->off, n->len);
			break;
		case T_VAR:
		case T_RAW:
			if (lookup(r, t, n, &v) < 0 || !v)
				break;
			if (v->kind != PK_SCALAR) {
				tdiag(r->d, t, n->off, "use a section {{#name}}...{{/name}} for a list or a map",
				      "\"%s\" is a %s, not a text value", n->name,
				      v->kind == PK_SEQ ? "list" : "map");
						break;
			}
			if (n->kind == T_VAR)
				pk_md_escape(out, v->str, v->len);
			else
				sbuf_add(out, v->str, v->len);
			break;
		case T_SECTION:
			if (lookup(r, t, n, &v) < 0 || !truthy(v))
				break;
			if (v->kind == PK_SEQ) {
				for (size_t j = 0; j < v->n; j++) {
					push(r, v->items[j]);
					render_kids(r, t, n, out);
					r->n--;
				}
			} else {
				push(r, v);
				render_kids(r, t, n, out);
				r->n--;
			}
			break;
		case T_INVERTED:
			if (lookup(r, t, n, &v) < 0)
				break;
			if (!truthy(v))
				render_kids(r, t, n, out);
			break;
		case T_PARTIAL:
			render_partial(r, t, n, out);
			break;
		}
	}
}

int pk_tmpl_render(struct pk_tmpl_set *s, const char *name, const struct pk_node *view,
		   struct sbuf *out, struct pk_diags *d)
{
	int missing;
	size_t before = d->errors;
	dedup_from = d->n;
	nseen = 0;
	rendering = 1;
	struct pk_tmpl *t = set_get(s, name, &missing, d);
	if (!t) {
		rendering = 0;
		if (missing)
			pk_diag_add(d, PK_ERROR, s->dir ? s->dir : "templates", 0, 0, NULL, RULE,
				    "set the directory with --templates DIR or PANEL_TEMPLATES",
				    "no template \"%s\" (%s.md)", name, name);
		else
			broken(s, name, d, NULL, 0);
		return (int)(d->errors - before);
	}
	struct rctx r = {s, d, NULL, 0, 0, 0, 0, 0, {NULL}, 0};
	sbuf_add(out, "", 0);
	push(&r, view);
	render_kids(&r, t, &t->root, out);
	rendering = 0;
	free(r.stack);
	return (int)(d->errors - before);
}

char *pk_tmpl_dir(const char *option)
{
	const char *env = getenv("PANEL_TEMPLATES");
	if (option && *option)
		return xstrdup(option);
	if (env && *env)
		return xstrdup(env);
	char *data = pk_data_dir();
	struct sbuf b = SBUF_INIT;
	sbuf_addf(&b, "%s/templates", data);
	free(data);
	return sbuf_detach(&b);
}

/* ---- Markdown escaping ---- */

static int md_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' ||
	       c < 0x20 || c == 0x7f;
}

/* 1 if s starts with &name; &#digits; or &#xhex; (CommonMark entities). */
static int entity_at(const char *s, size_t n)
{
	size_t i = 1, start;
	int hex = 0;
	if (i < n && s[i] == '#') {
		i++;
		if (i < n && (s[i] == 'x' || s[i] == 'X'))
			i++, hex = 1;
		start = i;
		while (i < n && i - start < 8 && (hex ? isxdigit((unsigned char)s[i]) : isdigit((unsigned char)s[i])))
			i++;
	} else {
		start = i;
		while (i < n && i - start < 32 && isalnum((unsigned char)s[i]))
			i++;
	}
	return i > start && i < n && s[i] == ';';
}

void pk_md_escape(struct sbuf *out, const char *s, size_t len)
{
	/* First the text as one line: whitespace and control runs become one
	 * space (a line break in a value must not end a table row or a list
	 * item), and the ends are trimmed (four leading spaces would make a
	 * code block; two trailing spaces a hard break). */
	char *n = xmalloc(len + 1);
	size_t m = 0;
	for (size_t i = 0; i < len;) {
		if (md_space((unsigned char)s[i])) {
			while (i < len && md_space((unsigned char)s[i]))
				i++;
			if (m && i < len)
				n[m++] = ' ';
		} else {
			n[m++] = s[i++];
		}
	}
	n[m] = '\0';

	for (size_t i = 0; i < m; i++) {
		unsigned char c = (unsigned char)n[i];
		unsigned char prev = i ? (unsigned char)n[i - 1] : 0;
		unsigned char next = i + 1 < m ? (unsigned char)n[i + 1] : 0;
		int esc = 0;
		if (i == 0 && isdigit(c)) {
			/* "12." or "3)" at the start of a line opens an ordered list. */
			size_t j = 0;
			while (j < m && isdigit((unsigned char)n[j]))
				j++;
			sbuf_add(out, n, j);
			if (j < m && (n[j] == '.' || n[j] == ')')) {
				sbuf_addc(out, '\\');
				sbuf_addc(out, n[j]);
				j++;
			}
			i = j - 1;
			continue;
		}
		switch (c) {
		case '\\': case '`': case '*': case '[': case ']': case '<': case '|': case '~':
			esc = 1;
			break;
		case '-': case '+': case '=': case '>':
			/* Block markers only at the start of a line. */
			esc = i == 0;
			break;
		case '#':
			/* Opens a heading at the start; closes one after a space. */
			esc = i == 0 || prev == ' ';
			break;
		case '_':
			/* Between letters or digits '_' can neither open nor close
			 * emphasis (CommonMark flanking rules), so "case_id" stays. */
			esc = !(isalnum(prev) && isalnum(next));
			break;
		case '&':
			/* Only where an entity (&amp; &#60; &#x3C;) starts. */
			esc = entity_at(n + i, m - i);
			break;
		}
		if (esc)
			sbuf_addc(out, '\\');
		sbuf_addc(out, (char)c);
	}
	sbuf_add(out, "", 0);
	free(n);
}
