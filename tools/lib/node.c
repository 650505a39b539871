#include "node.h"
#include "mem.h"
#include "files.h"
#include "text.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

/* Nodes and strings live in an arena of blocks freed together. */
struct block {
	struct block *next;
	size_t used, cap;
	max_align_t data[];
};

struct anchor {
	char *name;
	struct pk_node *node;
	const char *secret;   /* the staff-only key it is under (below), or NULL */
};

struct pk_doc {
	struct block *blocks;
	struct pk_node *root;
	char *path;
	char *text;        /* copy of the source, NUL-terminated */
	size_t text_len;
	size_t *lines;     /* start offset of each line, built on demand */
	size_t nlines;
	size_t nodes, max_nodes;
};

static void *arena_alloc(struct pk_doc *doc, size_t n)
{
	n = (n + sizeof(max_align_t) - 1) / sizeof(max_align_t) * sizeof(max_align_t);
	struct block *b = doc->blocks;
	if (!b || b->cap - b->used < n) {
		size_t cap = n > 16384 ? n : 16384;
		b = xmalloc(sizeof *b + cap);
		b->cap = cap;
		b->used = 0;
		b->next = doc->blocks;
		doc->blocks = b;
	}
	void *p = (char *)b->data + b->used;
	b->used += n;
	return p;
}

static char *arena_strndup(struct pk_doc *doc, const char *s, size_t n)
{
	char *p = arena_alloc(doc, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

static struct pk_node *node_new(struct pk_doc *doc, enum pk_kind kind)
{
	struct pk_node *n = arena_alloc(doc, sizeof *n);
	memset(n, 0, sizeof *n);
	n->kind = kind;
	n->str = "";
	doc->nodes++;
	return n;
}

/* Grows items (and keys for maps) inside the arena; the old arrays stay in
 * the arena, which at most doubles the space they take. */
static void node_reserve(struct pk_doc *doc, struct pk_node *n)
{
	if (n->n < n->cap)
		return;
	size_t cap = n->cap ? n->cap * 2 : 4;
	struct pk_node **items = arena_alloc(doc, cap * sizeof *items);
	if (n->n)
		memcpy(items, n->items, n->n * sizeof *items);
	n->items = items;
	if (n->kind == PK_MAP) {
		struct pk_node **keys = arena_alloc(doc, cap * sizeof *keys);
		if (n->n)
			memcpy(keys, n->keys, n->n * sizeof *keys);
		n->keys = keys;
	}
	n->cap = cap;
}

struct pk_doc *pk_doc_new(void)
{
	struct pk_doc *doc = xcalloc(1, sizeof *doc);
	doc->path = xstrdup("");
	doc->max_nodes = (size_t)-1;
	return doc;
}

void pk_doc_free(struct pk_doc *doc)
{
	if (!doc)
		return;
	for (struct block *b = doc->blocks, *next; b; b = next) {
		next = b->next;
		free(b);
	}
	free(doc->path);
	free(doc->text);
	free(doc->lines);
	free(doc);
}

struct pk_node *pk_doc_root(const struct pk_doc *doc) { return doc->root; }
const char *pk_doc_path(const struct pk_doc *doc) { return doc->path; }
void pk_doc_set_root(struct pk_doc *doc, struct pk_node *root) { doc->root = root; }

const char *pk_doc_text(const struct pk_doc *doc, size_t *len)
{
	if (len)
		*len = doc->text_len;
	return doc->text ? doc->text : "";
}

static void build_lines(struct pk_doc *doc)
{
	size_t cap = 64;
	doc->lines = xmalloc(cap * sizeof *doc->lines);
	doc->lines[doc->nlines++] = 0;
	for (size_t i = 0; i < doc->text_len; i++) {
		/* libyaml counts CR LF, LF and a lone CR each as one break. */
		int brk = doc->text[i] == '\n' ||
			  (doc->text[i] == '\r' && (i + 1 >= doc->text_len || doc->text[i + 1] != '\n'));
		if (!brk)
			continue;
		if (doc->nlines == cap) {
			cap *= 2;
			doc->lines = xrealloc(doc->lines, cap * sizeof *doc->lines);
		}
		doc->lines[doc->nlines++] = i + 1;
	}
}

/* One buffer per thread: records are parsed and checked on several cores
 * (prefetch.h), each thread quoting lines into its findings. */
static _Thread_local char *line_buf;
static _Thread_local size_t line_cap;

void pk_doc_line_release(void)
{
	free(line_buf);
	line_buf = NULL;
	line_cap = 0;
}

const char *pk_doc_line(const struct pk_doc *doc, unsigned n)
{
	char *buf = line_buf;
	size_t cap = line_cap;
	struct pk_doc *d = (struct pk_doc *)doc;

	if (!doc->text || n == 0)
		return NULL;
	if (!doc->lines)
		build_lines(d);
	if (n > doc->nlines)
		return NULL;
	size_t start = doc->lines[n - 1], end = start;
	while (end < doc->text_len && doc->text[end] != '\n' && doc->text[end] != '\r')
		end++;
	if (n == 1 && end - start >= 3 && memcmp(doc->text + start, "\xEF\xBB\xBF", 3) == 0)
		start += 3;
	if (end - start + 1 > cap) {
		cap = end - start + 1;
		buf = xrealloc(buf, cap);
		line_buf = buf;
		line_cap = cap;
	}
	memcpy(buf, doc->text + start, end - start);
	buf[end - start] = '\0';
	return buf;
}

void pk_doc_diag(struct pk_diags *d, const struct pk_doc *doc,
		 const struct pk_node *n, enum pk_sev sev, const char *rule,
		 const char *hint, const char *fmt, ...)
{
	struct sbuf msg = SBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	sbuf_vaddf(&msg, fmt, ap);
	va_end(ap);
	unsigned line = n ? n->line : 0, col = n ? n->col : 0;
	pk_diag_add(d, sev, doc->path, line, col, line ? pk_doc_line(doc, line) : NULL,
		    rule, hint, "%s", sbuf_str(&msg));
	sbuf_free(&msg);
}

/* ---- parsing ---- */

struct frame {
	struct pk_node *node;
	struct pk_node *key;  /* MAP: key waiting for its value */
	char *anchor;
};

struct parser {
	struct pk_doc *doc;
	struct pk_diags *d;
	const struct pk_limits *lim;
	struct frame *stack;
	size_t depth;
	struct anchor *anchors; /* hash table, open addressing: many aliases
				   must not each scan every anchor */
	size_t nanchors, capanchors;
	int failed;
};

static void perr(struct parser *p, unsigned line, unsigned col, const char *rule,
		 const char *hint, const char *fmt, ...) __attribute__((format(printf, 6, 7)));

static void perr(struct parser *p, unsigned line, unsigned col, const char *rule,
		 const char *hint, const char *fmt, ...)
{
	struct sbuf msg = SBUF_INIT;
	va_list ap;
	if (p->failed)
		return;
	p->failed = 1;
	va_start(ap, fmt);
	sbuf_vaddf(&msg, fmt, ap);
	va_end(ap);
	pk_diag_add(p->d, PK_ERROR, p->doc->path, line, col, pk_doc_line(p->doc, line),
		    rule, hint, "%s", sbuf_str(&msg));
	sbuf_free(&msg);
}

static int count_node(struct parser *p, unsigned line, unsigned col)
{
	if (p->doc->nodes < p->lim->max_nodes)
		return 0;
	perr(p, line, col, "YAML-LIMIT", "records are small; anchors that expand "
	     "into each other (an \"alias bomb\") are refused",
	     "document expands to more than %zu nodes", p->lim->max_nodes);
	return -1;
}

static struct pk_node *copy_node(struct parser *p, const struct pk_node *src,
				 unsigned line, unsigned col)
{
	if (count_node(p, line, col))
		return NULL;
	struct pk_node *n = node_new(p->doc, src->kind);
	n->line = line;
	n->col = col;
	n->end_line = line;
	n->plain = src->plain;
	n->str = src->str; /* strings are immutable and in the same arena */
	n->len = src->len;
	for (size_t i = 0; i < src->n; i++) {
		struct pk_node *item = copy_node(p, src->items[i], line, col);
		if (!item)
			return NULL;
		node_reserve(p->doc, n);
		n->items[n->n] = item;
		if (src->kind == PK_MAP)
			n->keys[n->n] = src->keys[i];
		n->n++;
	}
	return n;
}

static void dup_key_check(struct parser *p, struct pk_node *map)
{
	/* Records have small maps; a linear scan of the new key is enough,
	 * and the node limit bounds the worst case. */
	struct pk_node *key = map->keys[map->n - 1];
	for (size_t i = 0; i + 1 < map->n; i++) {
		if (map->keys[i]->len == key->len && memcmp(map->keys[i]->str, key->str, key->len) == 0) {
			struct sbuf hint = SBUF_INIT;
			sbuf_addf(&hint, "the first \"%s\" is on line %u; keep one of them",
				  key->str, map->keys[i]->line);
			perr(p, key->line, key->col, "YAML-DUPKEY", sbuf_str(&hint),
			     "duplicate key \"%s\"", key->str);
			sbuf_free(&hint);
			return;
		}
	}
}

static int map_key_too_many(struct parser *p, struct pk_node *map)
{
	/* The linear duplicate check is quadratic: cap keys per mapping.
	 * 4096 let 45 full mappings take 0.65 s; records have ~40 keys. */
	if (map->n < 1024)
		return 0;
	perr(p, map->line, map->col, "YAML-LIMIT", NULL,
	     "mapping has more than 1024 keys");
	return 1;
}

static struct anchor *anchor_slot(struct anchor *v, size_t cap, const char *name)
{
	size_t h = 1469598103934665603ull;
	for (const char *s = name; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	for (size_t i = h & (cap - 1);; i = (i + 1) & (cap - 1))
		if (!v[i].name || strcmp(v[i].name, name) == 0)
			return &v[i];
}

/* PF-NONDISCLOSURE (PF 9.9): the keys whose contents never reach the
 * person (case non_disclosable, a panel case's internal_notes; the
 * schema's descriptions say so).  Returns the one the node being parsed
 * is under, or NULL. */
static const char *secret_key(const struct parser *p)
{
	static const char *const keys[] = {"non_disclosable", "internal_notes"};
	for (size_t i = 0; i < p->depth; i++) {
		const struct frame *f = &p->stack[i];
		if (f->node->kind != PK_MAP || !f->key)
			continue;
		for (size_t k = 0; k < sizeof keys / sizeof *keys; k++)
			if (strcmp(f->key->str, keys[k]) == 0)
				return keys[k];
	}
	return NULL;
}

static void attach(struct parser *p, struct pk_node *n, const char *anchor)
{
	if (anchor) {
		if ((p->nanchors + 1) * 2 > p->capanchors) {
			size_t cap = p->capanchors ? p->capanchors * 2 : 16;
			struct anchor *v = xcalloc(cap, sizeof *v);
			for (size_t i = 0; i < p->capanchors; i++)
				if (p->anchors[i].name)
					*anchor_slot(v, cap, p->anchors[i].name) = p->anchors[i];
			free(p->anchors);
			p->anchors = v;
			p->capanchors = cap;
		}
		/* A later anchor of the same name replaces the earlier one. */
		struct anchor *a = anchor_slot(p->anchors, p->capanchors, anchor);
		if (!a->name) {
			a->name = xstrdup(anchor);
			p->nanchors++;
		}
		a->node = n;
		a->secret = secret_key(p);
	}
	if (p->depth == 0) {
		p->doc->root = n;
		return;
	}
	struct frame *f = &p->stack[p->depth - 1];
	struct pk_node *parent = f->node;
	if (parent->kind == PK_SEQ) {
		node_reserve(p->doc, parent);
		parent->items[parent->n++] = n;
	} else if (!f->key) {
		if (n->kind != PK_SCALAR) {
			perr(p, n->line, n->col, "YAML-KEY", "write keys as plain words, like \"start:\"",
			     "a mapping key must be a plain scalar, not a %s",
			     n->kind == PK_MAP ? "mapping" : "sequence");
			return;
		}
		f->key = n;
	} else {
		if (map_key_too_many(p, parent))
			return;
		node_reserve(p->doc, parent);
		parent->keys[parent->n] = f->key;
		parent->items[parent->n] = n;
		parent->n++;
		f->key = NULL;
		dup_key_check(p, parent);
	}
}

static const char *problem_hint(const char *problem, const char *line)
{
	if (!problem)
		return NULL;
	if (line) {
		const char *s = line;
		while (*s == ' ')
			s++;
		if (*s == '\t')
			return "indent with spaces: YAML does not allow tab characters in indentation";
	}
	if (strstr(problem, "UTF-8") || strstr(problem, "control characters"))
		return "save the file as UTF-8 text";
	if (strstr(problem, "mapping values are not allowed"))
		return "a value containing \": \" must be quoted, like note: \"Reason: ...\"";
	if (strstr(problem, "could not find expected ':'"))
		return "each line of a mapping is \"key: value\"; check the indentation";
	return NULL;
}

/* The slip behind most "did not find expected ..." errors: a key indented
 * one or two spaces off its siblings.  The line above says where the key
 * should start: under "- key:" at the column after "- ", beside "key:" at
 * its column.  Fills msg, hint and col when line is such a slip. */
static int indent_slip(const struct pk_doc *doc, unsigned line, struct sbuf *msg,
		       struct sbuf *hint, unsigned *col)
{
	const char *text = line >= 2 ? pk_doc_line(doc, line) : NULL;
	if (!text)
		return 0; /* the error is past the last line (fuzz_node: an
			     unclosed flow mapping after a byte-order mark) */
	char *cur = xstrdup(text);
	size_t n = strspn(cur, " ");
	size_t klen = strspn(cur + n, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");
	int found = 0;
	if (klen && cur[n + klen] == ':' && (cur[n + klen + 1] == ' ' || !cur[n + klen + 1])) {
		for (unsigned up = line - 1; up >= 1 && !found; up--) {
			const char *above = pk_doc_line(doc, up);
			if (!above)
				break;
			size_t m = strspn(above, " ");
			if (!above[m] || above[m] == '#')
				continue;
			size_t want = m + (above[m] == '-' && above[m + 1] == ' ' ? 2 : 0);
			if (want != n && (n + 2 >= want && n <= want + 2)) {
				sbuf_addf(msg, "\"%.*s:\" is indented %zu space%s, but the key%s above it (line %u) "
					  "is indented %zu: YAML reads indentation as structure", (int)klen, cur + n,
					  n, n == 1 ? "" : "s", above[m] == '-' ? " of the same item" : "", up, want);
				sbuf_addf(hint, "indent it by %zu spaces, like line %u", want, up);
				*col = (unsigned)n + 1;
				found = 1;
			}
			break;
		}
	}
	free(cur);
	return found;
}

static int conflict_markers(struct parser *p, const char *buf, size_t len)
{
	static const char *marks[] = {"<<<<<<<", "=======", ">>>>>>>", "|||||||"};
	unsigned line = 1;
	int found = 0;
	for (size_t i = 0; i < len; line++) {
		const char *nl = memchr(buf + i, '\n', len - i);
		size_t e = nl ? (size_t)(nl - buf) : len;
		for (size_t m = 0; m < PK_ARRAY_LEN(marks); m++) {
			if (e - i >= 7 && buf[i] == marks[m][0] && memcmp(buf + i, marks[m], 7) == 0 &&
			    (e - i == 7 || buf[i + 7] == ' ' || buf[i + 7] == '\r')) {
				if (!found)
					perr(p, line, 1, "YAML-CONFLICT",
					     "resolve the merge: keep the right lines, delete the "
					     "<<<<<<<, ======= and >>>>>>> lines, then validate again",
					     "git merge conflict marker \"%s\"", marks[m]);
				found = 1;
			}
		}
		i = e + 1;
	}
	return found;
}

/* libyaml reports bad UTF-8 and control characters by byte offset only
 * (at line 1, column 1); find them ourselves to give a line and column.
 * The set libyaml refuses: C0 controls but tab, LF and CR; DEL; C1
 * controls but NEL; U+FFFE and U+FFFF.  Plus the line terminators only
 * libyaml counts (below). */
static int bad_utf8(struct parser *p, const char *buf, size_t len)
{
	const unsigned char *u = (const unsigned char *)buf;
	unsigned line = 1, col = 1;
	/* Most records are printable ASCII, tabs and LFs, where there is
	 * nothing to find: one plain pass, and the walk below (a position per
	 * character) only for the others. */
	size_t plain = 0;
	while (plain < len && ((u[plain] >= 0x20 && u[plain] < 0x7f) || u[plain] == '\n' ||
			       u[plain] == '\t'))
		plain++;
	if (plain == len)
		return 0;
	if (len >= 2 && ((u[0] == 0xff && u[1] == 0xfe) || (u[0] == 0xfe && u[1] == 0xff) ||
			 (u[0] && !u[1]) || (!u[0] && u[1]))) {
		perr(p, 1, 1, "YAML-ENCODING", "save it as UTF-8 (in the editor's \"Save with "
		     "encoding\" or \"Encoding\" menu)", "file is UTF-16 text, not UTF-8");
		return 1;
	}
	for (size_t i = 0; i < len;) {
		size_t k = pk_utf8_len(u + i, len - i);
		if (!k) {
			perr(p, line, col, "YAML-ENCODING", "save the file as UTF-8 text",
			     "invalid UTF-8 byte 0x%02X", u[i]);
			return 1;
		}
		if (!u[i]) {
			perr(p, line, col, "YAML-ENCODING", "save the file as UTF-8 text",
			     "file contains a NUL byte; it is not a text file");
			return 1;
		}
		if ((k == 1 && ((u[i] < 0x20 && u[i] != '\t' && u[i] != '\n' && u[i] != '\r') ||
				u[i] == 0x7f)) ||
		    (k == 2 && u[i] == 0xc2 && u[i + 1] < 0xa0 && u[i + 1] != 0x85) ||
		    (k == 3 && u[i] == 0xef && u[i + 1] == 0xbf && u[i + 2] >= 0xbe)) {
			unsigned cp = k == 1 ? u[i] : k == 2 ? (unsigned)(u[i + 1] & 0x3f) | 0x80u
							    : 0xfffeu + (u[i + 2] & 1u);
			perr(p, line, col, "YAML-ENCODING", "delete it: it is invisible in most "
			     "editors (it may have come from copying text out of another program)",
			     "control character U+%04X is not allowed in YAML", cp);
			return 1;
		}
		/* libyaml (YAML 1.1) also breaks lines at NEL, LS and PS, which
		 * editors do not show as breaks: every later position would be
		 * off.  They come from pasted text; ask for a real line break. */
		if ((k == 2 && u[i] == 0xc2 && u[i + 1] == 0x85) ||
		    (k == 3 && u[i] == 0xe2 && u[i + 1] == 0x80 && (u[i + 2] == 0xa8 || u[i + 2] == 0xa9))) {
			perr(p, line, col, "YAML-ENCODING", "replace it with an ordinary line break "
			     "(or a space)", "unusual line terminator U+%04X",
			     k == 2 ? 0x85u : 0x2000u | (u[i + 2] & 0x3fu));
			return 1;
		}
		/* Line breaks as libyaml counts them: LF, CR LF, a lone CR. */
		if (u[i] == '\n' || (u[i] == '\r' && (i + 1 >= len || u[i + 1] != '\n')))
			line++, col = 1;
		else if (u[i] != '\r')
			col++;
		i += k;
	}
	return 0;
}

/* Where the construct that failed began, for "did not find expected ']'"
 * or an unclosed quote reported at the end of the file. */
static const char *context_hint(struct sbuf *b, const yaml_parser_t *yp)
{
	const char *what;
	if (!yp->context || (yp->context_mark.line == yp->problem_mark.line &&
			     yp->context_mark.column == yp->problem_mark.column))
		return NULL;
	if (strstr(yp->context, "flow sequence"))
		what = "the [ list";
	else if (strstr(yp->context, "flow mapping"))
		what = "the { mapping";
	else if (strstr(yp->context, "quoted scalar"))
		what = "the quoted text";
	else if (strstr(yp->context, "block scalar"))
		what = "the | or > text";
	else
		what = "the part";
	sbuf_addf(b, "%s that starts at line %u, column %u is not closed or not well formed",
		  what, (unsigned)yp->context_mark.line + 1, (unsigned)yp->context_mark.column + 1);
	return sbuf_str(b);
}

static int handle(struct parser *p, yaml_event_t *ev, int *docs)
{
	unsigned line = (unsigned)ev->start_mark.line + 1;
	unsigned col = (unsigned)ev->start_mark.column + 1;
	const char *anchor = NULL;
	struct pk_node *n;

	switch (ev->type) {
	case YAML_DOCUMENT_START_EVENT:
		if (++*docs > 1) {
			perr(p, line, col, "YAML-MULTIDOC", "keep one record per file",
			     "more than one YAML document in this file");
			return -1;
		}
		return 0;
	case YAML_ALIAS_EVENT:
		if (p->capanchors) {
			struct anchor *a = anchor_slot(p->anchors, p->capanchors,
						       (char *)ev->data.alias.anchor);
			/* An alias would copy staff-only text into a field the
			 * person's copy shows, past every allow-list that reads
			 * fields by name: refused where it is written. */
			if (a->name && a->secret && !secret_key(p)) {
				struct sbuf h = SBUF_INIT;
				sbuf_addf(&h, "the anchor &%s is on line %u, inside %s, which never reaches "
					  "the person; write the text out where it belongs",
					  a->name, a->node->line, a->secret);
				perr(p, line, col, "PF-NONDISCLOSURE", sbuf_str(&h),
				     "alias *%s copies %s text outside %s (PF 9.9)", a->name,
				     strcmp(a->secret, "non_disclosable") == 0 ? "non-disclosable" : "staff-only",
				     a->secret);
				sbuf_free(&h);
				return -1;
			}
			if (a->name) {
				n = copy_node(p, a->node, line, col);
				if (!n)
					return -1;
				attach(p, n, NULL);
				return p->failed ? -1 : 0;
			}
		}
		perr(p, line, col, "YAML-ALIAS", NULL, "unknown alias *%s",
		     (char *)ev->data.alias.anchor);
		return -1;
	case YAML_SCALAR_EVENT:
		if (count_node(p, line, col))
			return -1;
		/* A "\0" escape would cut the text short for every C string
		 * function: an ID "DC-1\0../x" would pass as "DC-1". */
		if (memchr(ev->data.scalar.value, '\0', ev->data.scalar.length)) {
			perr(p, line, col, "YAML-ENCODING", "remove the \\0 or \\x00 escape: "
			     "record text cannot hold NUL characters",
			     "text contains a NUL character");
			return -1;
		}
		/* Other control characters written as escapes ("\e[2J", "\a")
		 * would reach terminals, CSV files and documents through every
		 * tool: refused here, where raw ones are (bad_utf8). */
		for (size_t i = 0; i < ev->data.scalar.length; i++) {
			const unsigned char *u = ev->data.scalar.value;
			if ((u[i] < 0x20 && u[i] != '\t' && u[i] != '\n' && u[i] != '\r') || u[i] == 0x7f ||
			    (u[i] == 0xc2 && i + 1 < ev->data.scalar.length && u[i + 1] < 0xa0 &&
			     u[i + 1] != 0x85)) {
				unsigned cp = u[i] == 0xc2 ? u[i + 1] : u[i];
				perr(p, line, col, "YAML-ENCODING", "remove the escape (\\e, \\a, \\x1b, "
				     "\\u001b...): record text cannot hold control characters",
				     "text contains the control character U+%04X", cp);
				return -1;
			}
		}
		n = node_new(p->doc, PK_SCALAR);
		n->line = line;
		n->col = col;
		n->end_line = (unsigned)ev->end_mark.line + 1;
		n->str = arena_strndup(p->doc, (char *)ev->data.scalar.value, ev->data.scalar.length);
		n->len = ev->data.scalar.length;
		n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
			   !(ev->data.scalar.tag && strcmp((char *)ev->data.scalar.tag, "!") == 0);
		if (ev->data.scalar.tag && strcmp((char *)ev->data.scalar.tag, "tag:yaml.org,2002:str") == 0)
			n->plain = 0;
		attach(p, n, (char *)ev->data.scalar.anchor);
		return p->failed ? -1 : 0;
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT:
		if (count_node(p, line, col))
			return -1;
		if (p->depth >= p->lim->max_depth) {
			perr(p, line, col, "YAML-LIMIT", "records are a few levels deep; flatten the data",
			     "nesting deeper than %u levels", p->lim->max_depth);
			return -1;
		}
		n = node_new(p->doc, ev->type == YAML_SEQUENCE_START_EVENT ? PK_SEQ : PK_MAP);
		n->line = line;
		n->col = col;
		anchor = ev->type == YAML_SEQUENCE_START_EVENT ? (char *)ev->data.sequence_start.anchor
							       : (char *)ev->data.mapping_start.anchor;
		p->stack[p->depth].node = n;
		p->stack[p->depth].key = NULL;
		p->stack[p->depth].anchor = anchor ? xstrdup(anchor) : NULL;
		p->depth++;
		return 0;
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT: {
		struct frame f = p->stack[--p->depth];
		f.node->end_line = (unsigned)ev->end_mark.line + 1;
		attach(p, f.node, f.anchor);
		free(f.anchor);
		return p->failed ? -1 : 0;
	}
	default:
		return 0;
	}
}

struct pk_doc *pk_doc_parse(const char *path, const char *buf, size_t len,
			    const struct pk_limits *limits, struct pk_diags *d)
{
	static const struct pk_limits defaults = {4u << 20, 64, 200000};
	struct parser p = {0};
	yaml_parser_t yp;
	yaml_event_t ev;
	int docs = 0, done = 0;

	p.lim = limits ? limits : &defaults;
	p.d = d;
	p.doc = pk_doc_new();
	free(p.doc->path);
	p.doc->path = xstrdup(path);
	p.doc->text = xstrndup(buf, len);
	p.doc->text_len = len;
	p.doc->max_nodes = p.lim->max_nodes;
	p.stack = xcalloc(p.lim->max_depth + 1, sizeof *p.stack);

	if (len > p.lim->max_bytes) {
		perr(&p, 0, 0, "YAML-LIMIT", NULL, "file is too large (%zu bytes; the limit is %zu)",
		     len, p.lim->max_bytes);
		goto out;
	}
	if (conflict_markers(&p, buf, len))
		goto out;
	if (bad_utf8(&p, buf, len))
		goto out;

	yaml_parser_initialize(&yp);
	yaml_parser_set_input_string(&yp, (const unsigned char *)buf, len);
	while (!done) {
		if (!yaml_parser_parse(&yp, &ev)) {
			unsigned line = (unsigned)yp.problem_mark.line + 1;
			unsigned col = (unsigned)yp.problem_mark.column + 1;
			const char *src = pk_doc_line(p.doc, line);
			struct sbuf ctx = SBUF_INIT;
			const char *hint = problem_hint(yp.problem, src);
			if (!hint)
				hint = context_hint(&ctx, &yp);
			const char *rule = hint && strstr(hint, "UTF-8") ? "YAML-ENCODING" : "YAML-SYNTAX";
			struct sbuf smsg = SBUF_INIT, shint = SBUF_INIT;
			unsigned scol = col;
			/* only where libyaml lost the structure ("did not find expected
			 * '-' indicator / key"): a dedent to an outer level is fine */
			int slip = !(hint && strstr(hint, "tab")) && yp.problem &&
				   strstr(yp.problem, "did not find expected") &&
				   indent_slip(p.doc, line, &smsg, &shint, &scol);
			if (slip)
				perr(&p, line, scol, "YAML-INDENT", shint.s, "%s", smsg.s);
			else if (hint && strstr(hint, "tab"))
				perr(&p, line, col, "YAML-TAB", hint, "tab character in indentation");
			else if (yp.context)
				perr(&p, line, col, rule, hint, "%s %s", yp.problem ? yp.problem : "syntax error",
				     yp.context);
			else
				perr(&p, line, col, rule, hint, "%s", yp.problem ? yp.problem : "syntax error");
			sbuf_free(&smsg);
			sbuf_free(&shint);
			sbuf_free(&ctx);
			break;
		}
		done = ev.type == YAML_STREAM_END_EVENT;
		int r = handle(&p, &ev, &docs);
		yaml_event_delete(&ev);
		if (r)
			break;
	}
	yaml_parser_delete(&yp);
out:
	while (p.depth > 0)
		free(p.stack[--p.depth].anchor);
	for (size_t i = 0; i < p.capanchors; i++)
		free(p.anchors[i].name);
	free(p.anchors);
	free(p.stack);
	if (p.failed) {
		pk_doc_free(p.doc);
		return NULL;
	}
	return p.doc;
}

struct pk_doc *pk_doc_load(const char *path, const char *display,
			   const struct pk_limits *limits, struct pk_diags *d)
{
	static const struct pk_limits defaults = {4u << 20, 64, 200000};
	char err[256], *buf;
	size_t len;
	const struct pk_limits *lim = limits ? limits : &defaults;
	if (pk_read_file(path, lim->max_bytes, 1, &buf, &len, err, sizeof err) < 0) {
		pk_diag_add(d, PK_ERROR, display ? display : path, 0, 0, NULL,
			    strstr(err, "too large") ? "YAML-LIMIT" : "KIT-IO", NULL, "%s", err);
		return NULL;
	}
	struct pk_doc *doc = pk_doc_parse(display ? display : path, buf, len, lim, d);
	free(buf);
	return doc;
}

/* ---- lookups ---- */

struct pk_node *pk_map_get(const struct pk_node *map, const char *key)
{
	if (!map || map->kind != PK_MAP)
		return NULL;
	size_t kl = strlen(key);
	for (size_t i = 0; i < map->n; i++)
		if (map->keys[i]->len == kl && memcmp(map->keys[i]->str, key, kl) == 0)
			return map->items[i];
	return NULL;
}

struct pk_node *pk_get(const struct pk_node *n, const char *path)
{
	char key[128];
	const char *s = path;
	while (n && *s) {
		if (*s == '.') {
			s++;
			continue;
		}
		if (*s == '[') {
			char *end;
			unsigned long i = strtoul(s + 1, &end, 10);
			if (*end != ']' || n->kind != PK_SEQ || i >= n->n)
				return NULL;
			n = n->items[i];
			s = end + 1;
			continue;
		}
		size_t k = strcspn(s, ".[");
		if (k >= sizeof key)
			return NULL;
		memcpy(key, s, k);
		key[k] = '\0';
		n = pk_map_get(n, key);
		s += k;
	}
	return (struct pk_node *)n;
}

int pk_is_null(const struct pk_node *n)
{
	return !n || (n->kind == PK_SCALAR && pk_scalar_type(n) == PK_T_NULL);
}

const char *pk_get_str(const struct pk_node *n, const char *path)
{
	n = pk_get(n, path);
	if (!n || n->kind != PK_SCALAR || pk_is_null(n))
		return NULL;
	return n->str;
}

int pk_get_bool(const struct pk_node *n, const char *path)
{
	n = pk_get(n, path);
	return n && n->kind == PK_SCALAR && pk_scalar_type(n) == PK_T_BOOL &&
	       (n->str[0] == 't' || n->str[0] == 'T');
}

static int all_of(const char *s, const char *set)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!strchr(set, *s))
			return 0;
	return 1;
}

enum pk_stype pk_scalar_type(const struct pk_node *n)
{
	if (!n || n->kind != PK_SCALAR)
		return PK_T_STR;
	if (!n->plain)
		return PK_T_STR;
	const char *s = n->str;
	/* Only these begin a null, a bool or a number: most text is decided
	 * by its first byte. */
	if (*s && !strchr("~nNtTfF+-.0123456789", *s))
		return PK_T_STR;
	if (!*s)
		return PK_T_NULL;
	if (strchr("~nN", *s))
		return !strcmp(s, "~") || !strcmp(s, "null") || !strcmp(s, "Null") || !strcmp(s, "NULL")
			       ? PK_T_NULL : PK_T_STR;
	if (strchr("tTfF", *s))
		return !strcmp(s, "true") || !strcmp(s, "True") || !strcmp(s, "TRUE") ||
			       !strcmp(s, "false") || !strcmp(s, "False") || !strcmp(s, "FALSE")
			       ? PK_T_BOOL : PK_T_STR;
	const char *t = (*s == '-' || *s == '+') ? s + 1 : s;
	if (all_of(t, "0123456789"))
		return PK_T_INT;
	if ((!strncmp(s, "0o", 2) && all_of(s + 2, "01234567")) ||
	    (!strncmp(s, "0x", 2) && all_of(s + 2, "0123456789abcdefABCDEF")))
		return PK_T_INT;
	if (!strcmp(t, ".inf") || !strcmp(t, ".Inf") || !strcmp(t, ".INF") ||
	    !strcmp(s, ".nan") || !strcmp(s, ".NaN") || !strcmp(s, ".NAN"))
		return PK_T_FLOAT;
	/* [-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )? */
	const char *q = t;
	size_t digits = 0;
	while (*q >= '0' && *q <= '9')
		q++, digits++;
	if (*q == '.') {
		q++;
		while (*q >= '0' && *q <= '9')
			q++, digits++;
	}
	if (digits && (*q == 'e' || *q == 'E')) {
		q++;
		if (*q == '-' || *q == '+')
			q++;
		if (!(*q >= '0' && *q <= '9'))
			return PK_T_STR;
		while (*q >= '0' && *q <= '9')
			q++;
	}
	if (digits && !*q)
		return PK_T_FLOAT;
	return PK_T_STR;
}

/* ---- building ---- */

struct pk_node *pk_new_map(struct pk_doc *doc) { return node_new(doc, PK_MAP); }
struct pk_node *pk_new_seq(struct pk_doc *doc) { return node_new(doc, PK_SEQ); }

struct pk_node *pk_new_strn(struct pk_doc *doc, const char *s, size_t len)
{
	struct pk_node *n = node_new(doc, PK_SCALAR);
	n->str = arena_strndup(doc, s, len);
	n->len = len;
	return n;
}

struct pk_node *pk_new_str(struct pk_doc *doc, const char *s)
{
	return pk_new_strn(doc, s, strlen(s));
}

struct pk_node *pk_new_plain(struct pk_doc *doc, const char *s)
{
	struct pk_node *n = pk_new_str(doc, s);
	n->plain = 1;
	return n;
}

struct pk_node *pk_new_strf(struct pk_doc *doc, const char *fmt, ...)
{
	struct sbuf b = SBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	sbuf_vaddf(&b, fmt, ap);
	va_end(ap);
	struct pk_node *n = pk_new_strn(doc, sbuf_str(&b), b.len);
	sbuf_free(&b);
	return n;
}

void pk_seq_push(struct pk_doc *doc, struct pk_node *seq, struct pk_node *item)
{
	node_reserve(doc, seq);
	seq->items[seq->n++] = item;
}

void pk_map_put(struct pk_doc *doc, struct pk_node *map, const char *key, struct pk_node *val)
{
	node_reserve(doc, map);
	map->keys[map->n] = pk_new_str(doc, key);
	map->items[map->n] = val;
	map->n++;
}

struct pk_node *pk_copy(struct pk_doc *doc, const struct pk_node *src)
{
	struct pk_node *n = node_new(doc, src->kind);
	n->line = src->line;
	n->col = src->col;
	n->end_line = src->end_line;
	n->plain = src->plain;
	n->str = arena_strndup(doc, src->str, src->len);
	n->len = src->len;
	for (size_t i = 0; i < src->n; i++) {
		node_reserve(doc, n);
		n->items[n->n] = pk_copy(doc, src->items[i]);
		if (src->kind == PK_MAP)
			n->keys[n->n] = pk_copy(doc, src->keys[i]);
		n->n++;
	}
	return n;
}

/* ---- frozen trees ----
 * Each node: a byte (kind, plain), its line, column and end line, then a
 * scalar's length and bytes, or a collection's count and its children (a
 * map's as key, value).  Numbers are LEB128 varints. */

static void put_uint(struct sbuf *out, size_t v)
{
	do {
		unsigned char b = v & 0x7f;
		v >>= 7;
		sbuf_addc(out, (char)(b | (v ? 0x80 : 0)));
	} while (v);
}

static void freeze(const struct pk_node *n, struct sbuf *out)
{
	sbuf_addc(out, (char)(n->kind | (n->plain ? 0x10 : 0)));
	put_uint(out, n->line);
	put_uint(out, n->col);
	put_uint(out, n->end_line);
	if (n->kind == PK_SCALAR) {
		put_uint(out, n->len);
		sbuf_add(out, n->str, n->len);
		return;
	}
	put_uint(out, n->n);
	for (size_t i = 0; i < n->n; i++) {
		if (n->kind == PK_MAP)
			freeze(n->keys[i], out);
		freeze(n->items[i], out);
	}
}

static int wanted(const char *key, const char *const *keys, size_t nkeys)
{
	return !keys || bsearch(&key, keys, nkeys, sizeof *keys, pk_str_cmp) != NULL;
}

void pk_node_freeze(const struct pk_node *map, const char *const *keys, size_t nkeys,
		    struct sbuf *out)
{
	if (!map || map->kind != PK_MAP)
		return;
	size_t kept = 0;
	for (size_t i = 0; i < map->n; i++)
		kept += wanted(map->keys[i]->str, keys, nkeys);
	sbuf_addc(out, (char)PK_MAP);
	put_uint(out, map->line);
	put_uint(out, map->col);
	put_uint(out, map->end_line);
	put_uint(out, kept);
	for (size_t i = 0; i < map->n; i++)
		if (wanted(map->keys[i]->str, keys, nkeys)) {
			freeze(map->keys[i], out);
			freeze(map->items[i], out);
		}
}

struct thaw {
	struct pk_doc *doc;
	const unsigned char *p, *end;
	unsigned depth;
};

static int get_uint(struct thaw *t, size_t *v)
{
	*v = 0;
	for (unsigned shift = 0; t->p < t->end && shift < 64; shift += 7) {
		unsigned char b = *t->p++;
		*v |= (size_t)(b & 0x7f) << shift;
		if (!(b & 0x80))
			return 0;
	}
	return -1;
}

static struct pk_node *thaw(struct thaw *t)
{
	size_t line, col, end_line, n;
	if (t->p >= t->end || t->depth > 4096) /* far past any parse (max_depth) */
		return NULL;
	unsigned tag = *t->p++;
	enum pk_kind kind = (enum pk_kind)(tag & 0x0f);
	if ((kind != PK_SCALAR && kind != PK_MAP && kind != PK_SEQ) || get_uint(t, &line) ||
	    get_uint(t, &col) || get_uint(t, &end_line) || get_uint(t, &n))
		return NULL;
	struct pk_node *x = node_new(t->doc, kind);
	x->line = (unsigned)line;
	x->col = (unsigned)col;
	x->end_line = (unsigned)end_line;
	x->plain = (tag & 0x10) != 0;
	if (kind == PK_SCALAR) {
		if (n > (size_t)(t->end - t->p))
			return NULL;
		x->str = arena_strndup(t->doc, (const char *)t->p, n);
		x->len = n;
		t->p += n;
		return x;
	}
	t->depth++;
	for (size_t i = 0; i < n; i++) {
		struct pk_node *k = kind == PK_MAP ? thaw(t) : NULL;
		if (kind == PK_MAP && (!k || k->kind != PK_SCALAR))
			return NULL; /* keys are scalars (node.h) */
		struct pk_node *v = thaw(t);
		if (!v)
			return NULL;
		node_reserve(t->doc, x);
		if (kind == PK_MAP)
			x->keys[x->n] = k;
		x->items[x->n++] = v;
	}
	t->depth--;
	return x;
}

struct pk_doc *pk_doc_thaw(const char *path, const void *buf, size_t len)
{
	struct pk_doc *doc = pk_doc_new();
	free(doc->path);
	doc->path = xstrdup(path ? path : "");
	struct thaw t = {doc, buf, (const unsigned char *)buf + len, 0};
	doc->root = thaw(&t);
	if (!doc->root || doc->root->kind != PK_MAP || t.p != t.end) {
		pk_doc_free(doc);
		return NULL;
	}
	return doc;
}
