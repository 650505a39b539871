#include "yamldiff.h"
#include "json.h"
#include "mem.h"
#include "text.h"

#include <stdlib.h>
#include <string.h>

/* Lists longer than this on both sides are compared position by position:
 * the LCS table would be too large for what is a pathological record. */
#define LCS_MAX_CELLS 4000000u

/* Keys that identify an item of a list of mappings, most specific first:
 * panel cases by case, members by person, RAG entries by date... */
static const char *const id_keys[] = {"id", "case", "person", "date", "stage", "topic", "action"};

static void add_change(struct pk_changes *c, enum pk_change_op op, const char *path,
		       const struct pk_node *a, const struct pk_node *b);

/* ---- rendering ---- */

static int is_null(const struct pk_node *n)
{
	return n->kind == PK_SCALAR && pk_is_null(n);
}

/* Would the text, written plain, read as something other than itself? */
static int needs_quotes(const struct pk_node *n)
{
	const char *s = n->str;
	size_t len = n->len;
	if (len == 0 || s[0] == ' ' || s[len - 1] == ' ')
		return 1;
	if (strchr("-?:,[]{}#&*!|>'\"%@`", s[0]) && !(s[0] == '-' && len > 1 && s[1] != ' '))
		return 1;
	for (size_t i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)s[i];
		if (ch < 0x20 || ch == 0x7f || strchr(",[]{}", ch) ||
		    (ch == ':' && (i + 1 == len || s[i + 1] == ' ')) || (ch == '#' && s[i - 1] == ' '))
			return 1;
	}
	if (strstr(s, " -> ") || strcmp(s, "(absent)") == 0)
		return 1;
	if (!n->plain) {
		/* "null", "true", "12" written quoted: keep the quotes. */
		struct pk_node plain = *n;
		plain.plain = 1;
		if (pk_scalar_type(&plain) != PK_T_STR)
			return 1;
	}
	return 0;
}

static void quote(struct sbuf *b, const char *s, size_t len)
{
	sbuf_addc(b, '"');
	for (size_t i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)s[i];
		switch (ch) {
		case '"': sbuf_adds(b, "\\\""); break;
		case '\\': sbuf_adds(b, "\\\\"); break;
		case '\n': sbuf_adds(b, "\\n"); break;
		case '\t': sbuf_adds(b, "\\t"); break;
		default:
			if (ch < 0x20 || ch == 0x7f)
				sbuf_addf(b, "\\x%02X", ch);
			else
				sbuf_addc(b, (char)ch);
		}
	}
	sbuf_addc(b, '"');
}

static void flow(struct sbuf *b, const struct pk_node *n)
{
	if (n->kind == PK_SCALAR) {
		if (is_null(n))
			sbuf_adds(b, "null");
		else if (needs_quotes(n))
			quote(b, n->str, n->len);
		else
			sbuf_add(b, n->str, n->len);
		return;
	}
	sbuf_addc(b, n->kind == PK_MAP ? '{' : '[');
	for (size_t i = 0; i < n->n; i++) {
		if (i)
			sbuf_adds(b, ", ");
		if (n->kind == PK_MAP) {
			flow(b, n->keys[i]);
			sbuf_adds(b, ": ");
		}
		flow(b, n->items[i]);
	}
	sbuf_addc(b, n->kind == PK_MAP ? '}' : ']');
}

char *pk_node_flow(const struct pk_node *n)
{
	struct sbuf b = SBUF_INIT;
	if (!n)
		sbuf_adds(&b, "(absent)");
	else
		flow(&b, n);
	return sbuf_detach(&b);
}

/* A text with a line break before its end (a block scalar's final break
 * does not count). */
static int multiline(const struct pk_node *n)
{
	if (!n || n->kind != PK_SCALAR || n->len < 2)
		return 0;
	const char *nl = memchr(n->str, '\n', n->len);
	return nl && nl < n->str + n->len - 1;
}

/* ---- comparison ---- */

int pk_node_equal(const struct pk_node *a, const struct pk_node *b)
{
	if (!a || !b)
		return a == b;
	if (a->kind != b->kind)
		return 0;
	if (a->kind == PK_SCALAR) {
		if (is_null(a) || is_null(b))
			return is_null(a) && is_null(b);
		return a->len == b->len && memcmp(a->str, b->str, a->len) == 0;
	}
	if (a->n != b->n)
		return 0;
	for (size_t i = 0; i < a->n; i++) {
		if (a->kind == PK_SEQ) {
			if (!pk_node_equal(a->items[i], b->items[i]))
				return 0;
		} else if (!pk_node_equal(a->items[i], pk_map_get(b, a->keys[i]->str))) {
			return 0;
		}
	}
	return 1;
}

static void diff(const struct pk_node *a, const struct pk_node *b, struct sbuf *path,
		 struct pk_changes *out);

static void path_key(struct sbuf *path, const char *key)
{
	if (path->len)
		sbuf_addc(path, '.');
	sbuf_adds(path, key);
}

static void path_index(struct sbuf *path, size_t i)
{
	sbuf_addf(path, "[%zu]", i);
}

static void path_cut(struct sbuf *path, size_t len)
{
	path->len = len;
	if (path->s)
		path->s[len] = '\0';
}

static void diff_map(const struct pk_node *a, const struct pk_node *b, struct sbuf *path,
		     struct pk_changes *out)
{
	size_t base = path->len;
	for (size_t i = 0; i < a->n; i++) {
		path_key(path, a->keys[i]->str);
		diff(a->items[i], pk_map_get(b, a->keys[i]->str), path, out);
		path_cut(path, base);
	}
	for (size_t i = 0; i < b->n; i++) {
		if (pk_map_get(a, b->keys[i]->str))
			continue;
		path_key(path, b->keys[i]->str);
		add_change(out, PK_CH_ADDED, sbuf_str(path), NULL, b->items[i]);
		path_cut(path, base);
	}
}

/* The identity key of a list pair, or NULL: every item of both lists is a
 * mapping with that key set to a text, and no two items of a list share it. */
static const char *identity_key(const struct pk_node *a, const struct pk_node *b)
{
	for (size_t k = 0; k < PK_ARRAY_LEN(id_keys); k++) {
		int ok = 1;
		for (int side = 0; side < 2 && ok; side++) {
			const struct pk_node *l = side ? b : a;
			for (size_t i = 0; i < l->n && ok; i++) {
				const char *v = pk_get_str(l->items[i], id_keys[k]);
				if (!v || l->items[i]->kind != PK_MAP) {
					ok = 0;
					break;
				}
				for (size_t j = 0; j < i; j++)
					if (strcmp(v, pk_get_str(l->items[j], id_keys[k])) == 0)
						ok = 0;
			}
		}
		if (ok && (a->n || b->n))
			return id_keys[k];
	}
	return NULL;
}

static void diff_seq_keyed(const struct pk_node *a, const struct pk_node *b, const char *key,
			   struct sbuf *path, struct pk_changes *out)
{
	size_t base = path->len, next_old = 0;
	/* match[i]: the new index of old item i, or b->n when it was removed */
	size_t *match = xmalloc((a->n + 1) * sizeof *match);
	for (size_t i = 0; i < a->n; i++) {
		const char *v = pk_get_str(a->items[i], key);
		match[i] = b->n;
		for (size_t j = 0; j < b->n; j++)
			if (strcmp(v, pk_get_str(b->items[j], key)) == 0)
				match[i] = j;
	}
	for (size_t j = 0; j < b->n; j++) {
		size_t i;
		for (i = 0; i < a->n && match[i] != j; i++)
			;
		if (i == a->n) {
			path_index(path, j);
			add_change(out, PK_CH_ADDED, sbuf_str(path), NULL, b->items[j]);
			path_cut(path, base);
			continue;
		}
		/* Items removed before this one are reported in their place. */
		for (; next_old < i; next_old++) {
			if (match[next_old] != b->n)
				continue;
			path_index(path, next_old);
			add_change(out, PK_CH_REMOVED, sbuf_str(path), a->items[next_old], NULL);
			path_cut(path, base);
		}
		if (next_old == i)
			next_old++;
		path_index(path, j);
		diff(a->items[i], b->items[j], path, out);
		path_cut(path, base);
	}
	for (; next_old < a->n; next_old++) {
		if (match[next_old] != b->n)
			continue;
		path_index(path, next_old);
		add_change(out, PK_CH_REMOVED, sbuf_str(path), a->items[next_old], NULL);
		path_cut(path, base);
	}
	free(match);
}

/* Unmatched runs between two common items: pair them up as changes (so a
 * replaced item shows field by field), the rest as added or removed. */
static void flush_gap(const struct pk_node *a, const struct pk_node *b, size_t ai, size_t an,
		      size_t bj, size_t bn, struct sbuf *path, struct pk_changes *out)
{
	size_t base = path->len, k;
	for (k = 0; k < an && k < bn; k++) {
		path_index(path, bj + k);
		diff(a->items[ai + k], b->items[bj + k], path, out);
		path_cut(path, base);
	}
	for (size_t r = k; r < an; r++) {
		path_index(path, ai + r);
		add_change(out, PK_CH_REMOVED, sbuf_str(path), a->items[ai + r], NULL);
		path_cut(path, base);
	}
	for (size_t r = k; r < bn; r++) {
		path_index(path, bj + r);
		add_change(out, PK_CH_ADDED, sbuf_str(path), NULL, b->items[bj + r]);
		path_cut(path, base);
	}
}

static void diff_seq_lcs(const struct pk_node *a, const struct pk_node *b, struct sbuf *path,
			 struct pk_changes *out)
{
	size_t n = a->n, m = b->n;
	if ((n + 1) * (m + 1) > LCS_MAX_CELLS) {
		flush_gap(a, b, 0, n, 0, m, path, out);
		return;
	}
	/* L[i][j] = LCS length of a[i..] and b[j..] */
	unsigned *L = xcalloc((n + 1) * (m + 1), sizeof *L);
#define AT(i, j) L[(i) * (m + 1) + (j)]
	for (size_t i = n; i-- > 0;)
		for (size_t j = m; j-- > 0;)
			AT(i, j) = pk_node_equal(a->items[i], b->items[j])
					   ? AT(i + 1, j + 1) + 1
					   : (AT(i + 1, j) > AT(i, j + 1) ? AT(i + 1, j) : AT(i, j + 1));
	size_t i = 0, j = 0, gi = 0, gj = 0;
	while (i < n && j < m) {
		if (pk_node_equal(a->items[i], b->items[j])) {
			flush_gap(a, b, gi, i - gi, gj, j - gj, path, out);
			gi = ++i;
			gj = ++j;
		} else if (AT(i + 1, j) >= AT(i, j + 1)) {
			i++;
		} else {
			j++;
		}
	}
#undef AT
	flush_gap(a, b, gi, n - gi, gj, m - gj, path, out);
	free(L);
}

static void diff(const struct pk_node *a, const struct pk_node *b, struct sbuf *path,
		 struct pk_changes *out)
{
	if (!a && !b)
		return;
	if (!a || !b) {
		add_change(out, a ? PK_CH_REMOVED : PK_CH_ADDED, sbuf_str(path), a, b);
		return;
	}
	if (a->kind != b->kind || a->kind == PK_SCALAR) {
		if (!pk_node_equal(a, b))
			add_change(out, PK_CH_CHANGED, sbuf_str(path), a, b);
		return;
	}
	if (a->kind == PK_MAP) {
		diff_map(a, b, path, out);
		return;
	}
	const char *key = identity_key(a, b);
	if (key)
		diff_seq_keyed(a, b, key, path, out);
	else
		diff_seq_lcs(a, b, path, out);
}

void pk_yaml_diff(const struct pk_node *old, const struct pk_node *new_,
		  const char *prefix, struct pk_changes *out)
{
	struct sbuf path = SBUF_INIT;
	sbuf_adds(&path, prefix ? prefix : "");
	diff(old, new_, &path, out);
	sbuf_free(&path);
}

static char *render(const struct pk_node *n, int ml)
{
	if (!n)
		return NULL;
	if (ml && n->kind == PK_SCALAR)
		return xstrndup(n->str, n->len);
	return pk_node_flow(n);
}

static void add_change(struct pk_changes *c, enum pk_change_op op, const char *path,
		       const struct pk_node *a, const struct pk_node *b)
{
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 16;
		c->v = xrealloc(c->v, c->cap * sizeof *c->v);
	}
	struct pk_change *ch = &c->v[c->n++];
	/* Only a text that stays a text is shown line by line. */
	ch->multiline = (multiline(a) || multiline(b)) && (!a || a->kind == PK_SCALAR) &&
			(!b || b->kind == PK_SCALAR);
	ch->op = op;
	ch->path = xstrdup(path);
	ch->old_text = render(a, ch->multiline);
	ch->new_text = render(b, ch->multiline);
	ch->old_line = a ? a->line : 0;
	ch->new_line = b ? b->line : 0;
}

void pk_changes_free(struct pk_changes *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free(c->v[i].path);
		free(c->v[i].old_text);
		free(c->v[i].new_text);
	}
	free(c->v);
	c->v = NULL;
	c->n = c->cap = 0;
}

/* ---- printing ---- */

struct lines {
	const char **s;
	size_t *len;
	size_t n;
};

static void split_lines(const char *text, struct lines *l)
{
	size_t cap = 8;
	l->n = 0;
	l->s = xmalloc(cap * sizeof *l->s);
	l->len = xmalloc(cap * sizeof *l->len);
	if (!text)
		return;
	const char *p = text;
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		if (l->n == cap) {
			cap *= 2;
			l->s = xrealloc(l->s, cap * sizeof *l->s);
			l->len = xrealloc(l->len, cap * sizeof *l->len);
		}
		l->s[l->n] = p;
		l->len[l->n++] = len;
		p += len + (nl != NULL);
	}
}

static int line_eq(const struct lines *a, size_t i, const struct lines *b, size_t j)
{
	return a->len[i] == b->len[j] && memcmp(a->s[i], b->s[j], a->len[i]) == 0;
}

static void print_line(FILE *out, const char *indent, char mark, const char *s, size_t len)
{
	char *p = pk_printable(s, len, (size_t)-1);
	fprintf(out, "%s  %c %s\n", indent, mark, p);
	free(p);
}

/* A line diff of two texts: unchanged lines more than one line away from a
 * change are elided as "...". */
static void print_text_diff(FILE *out, const char *indent, const char *old, const char *new_)
{
	struct lines a, b;
	split_lines(old, &a);
	split_lines(new_, &b);
	size_t n = a.n, m = b.n;
	/* ops: 0 keep, 1 remove (from a), 2 add (from b) */
	unsigned char *ops = xmalloc(n + m + 1);
	size_t *idx = xmalloc((n + m + 1) * sizeof *idx), nops = 0;
	if ((n + 1) * (m + 1) <= LCS_MAX_CELLS) {
		unsigned *L = xcalloc((n + 1) * (m + 1), sizeof *L);
#define AT(i, j) L[(i) * (m + 1) + (j)]
		for (size_t i = n; i-- > 0;)
			for (size_t j = m; j-- > 0;)
				AT(i, j) = line_eq(&a, i, &b, j) ? AT(i + 1, j + 1) + 1
					   : (AT(i + 1, j) > AT(i, j + 1) ? AT(i + 1, j) : AT(i, j + 1));
		size_t i = 0, j = 0;
		while (i < n || j < m) {
			if (i < n && j < m && line_eq(&a, i, &b, j)) {
				ops[nops] = 0, idx[nops++] = i;
				i++, j++;
			} else if (j == m || (i < n && AT(i + 1, j) >= AT(i, j + 1))) {
				ops[nops] = 1, idx[nops++] = i++;
			} else {
				ops[nops] = 2, idx[nops++] = j++;
			}
		}
#undef AT
		free(L);
	} else {
		for (size_t i = 0; i < n; i++)
			ops[nops] = 1, idx[nops++] = i;
		for (size_t j = 0; j < m; j++)
			ops[nops] = 2, idx[nops++] = j;
	}
	int elided = 0;
	for (size_t k = 0; k < nops; k++) {
		if (ops[k] == 0) {
			int near = (k > 0 && ops[k - 1]) || (k + 1 < nops && ops[k + 1]);
			if (!near) {
				if (!elided)
					fprintf(out, "%s    ...\n", indent);
				elided = 1;
				continue;
			}
			print_line(out, indent, ' ', a.s[idx[k]], a.len[idx[k]]);
		} else if (ops[k] == 1) {
			print_line(out, indent, '-', a.s[idx[k]], a.len[idx[k]]);
		} else {
			print_line(out, indent, '+', b.s[idx[k]], b.len[idx[k]]);
		}
		elided = 0;
	}
	free(ops);
	free(idx);
	free(a.s);
	free(a.len);
	free(b.s);
	free(b.len);
}

void pk_changes_print(FILE *out, const struct pk_changes *c, const char *indent)
{
	for (size_t i = 0; i < c->n; i++) {
		const struct pk_change *ch = &c->v[i];
		char *path = pk_printable(ch->path, strlen(ch->path), (size_t)-1);
		if (ch->multiline) {
			fprintf(out, "%s%s: %s\n", indent, *path ? path : "(record)",
				ch->op == PK_CH_ADDED ? "(absent) -> text"
				: ch->op == PK_CH_REMOVED ? "text -> (absent)" : "text changed");
			print_text_diff(out, indent, ch->old_text, ch->new_text);
		} else {
			char *o = ch->old_text ? pk_printable(ch->old_text, strlen(ch->old_text), (size_t)-1)
					       : xstrdup("(absent)");
			char *n = ch->new_text ? pk_printable(ch->new_text, strlen(ch->new_text), (size_t)-1)
					       : xstrdup("(absent)");
			fprintf(out, "%s%s: %s -> %s\n", indent, *path ? path : "(record)", o, n);
			free(o);
			free(n);
		}
		free(path);
	}
}

void pk_changes_json(struct pk_jw *w, const struct pk_changes *c)
{
	static const char *const ops[] = {"added", "removed", "changed"};
	pk_jw_arr_begin(w, PK_JW_INLINE);
	for (size_t i = 0; i < c->n; i++) {
		const struct pk_change *ch = &c->v[i];
		pk_jw_obj_begin(w, PK_JW_INLINE);
		pk_jw_kstr(w, "path", ch->path);
		pk_jw_kstr(w, "op", ops[ch->op]);
		pk_jw_kstr(w, "old", ch->old_text);
		pk_jw_kstr(w, "new", ch->new_text);
		pk_jw_obj_end(w);
	}
	pk_jw_arr_end(w);
}
