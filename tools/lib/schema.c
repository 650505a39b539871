/* schema.c: a small JSON Schema engine over pk_node trees.
 *
 * Load: each schema file is parsed once (JSON is YAML) and compiled into a
 * tree of struct sch: keywords checked, patterns compiled (PCRE2), property names
 * sorted for binary search, $refs resolved to pointers, and $ref cycles that
 * never reach a property or list item refused.  A keyword this engine does
 * not implement is a load error, so a schema author can never write a rule
 * that is silently ignored.
 *
 * Validate: one walk over the record, every finding reported (not just the
 * first), positioned at the offending node.  A clean record allocates
 * nothing but one PCRE2 match block when it has a pattern to match; the
 * message buffers are only grown when something is wrong.
 *
 * Patterns are JSON Schema's dialect, ECMA-262 (what an editor applies to
 * the same files), compiled by PCRE2 in its JavaScript-compatible modes:
 * UTF-8, \uHHHH escapes, $ at the very end only (not before a final
 * newline); just-in-time compiled where the machine allows it.  Its
 * classes are ASCII (\d, \w, \s), as ECMA-262's \d and \w are.
 *
 * Typing.  Every scalar is text in this toolkit; JSON types are read from a
 * plain scalar under the YAML 1.2 core schema (pk_scalar_type), and a quoted
 * scalar is always a string.  Typing is strict, as in JSON Schema and so as
 * in the editors that read the same schema: `team: 12` is a number, not
 * text (a plain 007 is the number 7 to every other YAML reader), and the
 * hint says to quote it.  `type: integer` needs a plain whole number,
 * `type: boolean` a plain true/false (YAML 1.2: "yes" and "no" are text),
 * `type: null` an empty value, ~ or null.  The text keywords (pattern,
 * minLength, maxLength, format) apply to text only, as the number keywords
 * to numbers (JSON Schema; the JSON-Schema-Test-Suite's "ignores
 * non-strings", tests/test_jsts.c); a failed pattern beside format "date" is not reported when
 * the date check fails (that message says why). */
#include "schema.h"
#include "date.h"
#include "mem.h"
#include "text.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define RULE "KIT-SCHEMA"
#define RULE_DATE "KIT-DATES"
#define RULE_FILE "KIT-SCHEMA-FILE"
/* Schema applications nested in one validation.  Records are at most 64
 * levels deep (node.h) and in-place $ref cycles are refused at load, so
 * this is a backstop, not a limit anyone should reach. */
#define MAX_DEPTH 256
/* Findings per record.  A hand-edited record has a handful; a generated
 * file with thousands would only bury the first ones (and the duplicate
 * check below is linear in the findings so far). */
#define MAX_FINDINGS 200
/* An unknown key's hint lists the allowed keys when there are this few. */
#define LIST_KEYS 12

enum {
	T_NULL = 1, T_BOOL = 2, T_INT = 4, T_NUM = 8, T_STR = 16, T_ARR = 32, T_OBJ = 64
};

static const struct tname {
	const char *name;
	unsigned bit;
	const char *say;  /* for practitioners */
} tnames[] = {
	{"string", T_STR, "text"},
	{"integer", T_INT, "a whole number"},
	{"number", T_NUM, "a number"},
	{"boolean", T_BOOL, "true or false"},
	{"array", T_ARR, "a list"},
	{"object", T_OBJ, "a mapping (key: value lines)"},
	{"null", T_NULL, "nothing (null)"},
};

struct sch;

struct prop {
	const char *name;
	size_t len;
	struct sch *s;
	const struct pk_node *key;
};

struct sch {
	const struct pk_node *src;   /* where the schema is written */
	signed char boolean;         /* -1: a mapping; 0: false; 1: true */
	unsigned char fmt_date, has_min, has_max, color;
	unsigned types;              /* 0: any */
	const char *description;
	struct prop *props;          /* sorted by name */
	size_t nprops;
	const char **required;
	size_t nreq;
	struct sch *additional;      /* NULL: any extra key is fine */
	const struct pk_node **enums;
	enum pk_stype *enum_t;
	size_t nenum;
	char *enum_list;             /* "red, amber, green" */
	const struct pk_node *konst;
	enum pk_stype konst_t;
	pcre2_code *re;
	const char *pattern;
	struct sch *items;
	long min_items, max_items, min_len, max_len; /* -1: absent */
	double minimum, maximum;
	const char *min_text, *max_text;
	const struct pk_node *ref_node;
	struct sch *ref;
	struct sch *if_, *then_, *else_;
	const char *cond_key;        /* if: {properties: {framework: {const: x}}} */
	char *cond_vals;             /* "detention", "ipp or dpp" */
	struct sch **allof;
	size_t nallof;
	const struct pk_node *xmerge; /* "x-merge": how sync merges the value */
};

struct kfile {
	struct pk_doc *doc;
	const char *name;            /* "case.schema.json" */
	struct sch *root;
	size_t first, last;          /* its range in pk_schema.all */
};

struct pk_schema {
	struct kfile files[PK_R_NONE + 1];   /* [PK_R_NONE]: panelkit.yaml's */
	struct sch **all;
	size_t nall, capall;
};

static const char *file_names[PK_R_NONE + 1] = {
	[PK_R_PERSON] = "person.schema.json",
	[PK_R_CASE] = "case.schema.json",
	[PK_R_PANEL] = "panel.schema.json",
	[PK_R_NONE] = "panelkit.schema.json",
};

/* ---- small helpers ---- */

static int streq(const struct pk_node *n, const char *s)
{
	size_t l = strlen(s);
	return n->len == l && memcmp(n->str, s, l) == 0;
}

static size_t utf8_chars(const char *s, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		n += ((unsigned char)s[i] & 0xc0) != 0x80;
	return n;
}

static int prefix_ci(const char *a, size_t la, const char *b, size_t lb)
{
	if (la > lb)
		return 0;
	for (size_t i = 0; i < la; i++)
		if (tolower((unsigned char)a[i]) != tolower((unsigned char)b[i]))
			return 0;
	return 1;
}

/* Closeness of a typed word to a candidate, lower is closer, -1 for not
 * close: one edit (0-2), the start of the candidate ("end_r" for
 * "end_reason": 3), two edits (4), the candidate plus more
 * ("detention_start" for "detention": 5).  Edits must stay below the
 * word's length: two edits turn any two-letter word into another. */
static int closeness(const char *w, size_t lw, const char *c, size_t lc)
{
	size_t ed = pk_edit_distance(w, lw, c, lc);
	int e = ed > 2 ? 3 : (int)ed;
	if (e <= 1 && (size_t)e < lw)
		return e * 2;
	if (lw >= 3 && prefix_ci(w, lw, c, lc))
		return 3;
	if (e == 2 && lw > 2)
		return 4;
	if (lc >= 3 && prefix_ci(c, lc, w, lw))
		return 5;
	return -1;
}

/* Index of the closest of n names (first wins on ties), or -1. */
static long closest(const char *w, size_t lw, const char *const *names, size_t n)
{
	long best = -1;
	int bd = 99;
	for (size_t i = 0; i < n; i++) {
		int c = closeness(w, lw, names[i], strlen(names[i]));
		if (c >= 0 && c < bd) {
			bd = c;
			best = (long)i;
		}
	}
	return best;
}

/* The first sentence of a description, for hints: up to the first ". "
 * that does not end an abbreviation like "e.g.", trimmed to 160 bytes. */
static void first_sentence(struct sbuf *b, const char *s)
{
	size_t n = 0, len = strlen(s);
	for (; n < len; n++) {
		if (s[n] == '\n' && n + 1 < len && s[n + 1] == '\n')
			break;
		if (s[n] != '.' || (n + 1 < len && s[n + 1] != ' ' && s[n + 1] != '\n'))
			continue;
		if (n >= 3 && (!strncmp(s + n - 3, "e.g", 3) || !strncmp(s + n - 3, "i.e", 3) ||
			       !strncmp(s + n - 3, "etc", 3) || !strncmp(s + n - 2, "vs", 2)))
			continue;
		n++;
		break;
	}
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\n'))
		n--;
	if (n > 160) {
		n = 157;
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
		sbuf_add(b, s, n);
		sbuf_adds(b, "...");
		return;
	}
	for (size_t i = 0; i < n; i++)
		sbuf_addc(b, s[i] == '\n' ? ' ' : s[i]);
}

static int prop_cmp(const void *a, const void *b)
{
	const struct prop *x = a, *y = b;
	size_t l = x->len < y->len ? x->len : y->len;
	int c = memcmp(x->name, y->name, l);
	return c ? c : (x->len > y->len) - (x->len < y->len);
}

static const struct prop *find_prop(const struct sch *s, const char *name, size_t len)
{
	struct prop key = {name, len, NULL, NULL};
	if (!s->nprops)
		return NULL;
	return bsearch(&key, s->props, s->nprops, sizeof *s->props, prop_cmp);
}

/* A property's schema wherever s applies it at the same instance: its own
 * properties, then through $ref, allOf and the if branches. */
static const struct sch *find_prop_deep(const struct sch *s, const char *name, size_t len, int depth)
{
	if (!s || depth > 16 || s->boolean >= 0)
		return NULL;
	const struct prop *p = find_prop(s, name, len);
	if (p)
		return p->s;
	const struct sch *r = find_prop_deep(s->ref, name, len, depth + 1);
	for (size_t i = 0; !r && i < s->nallof; i++)
		r = find_prop_deep(s->allof[i], name, len, depth + 1);
	if (!r)
		r = find_prop_deep(s->then_, name, len, depth + 1);
	if (!r)
		r = find_prop_deep(s->else_, name, len, depth + 1);
	return r;
}

static const struct sch *find_items_deep(const struct sch *s, int depth)
{
	if (!s || depth > 16 || s->boolean >= 0)
		return NULL;
	if (s->items)
		return s->items;
	const struct sch *r = find_items_deep(s->ref, depth + 1);
	for (size_t i = 0; !r && i < s->nallof; i++)
		r = find_items_deep(s->allof[i], depth + 1);
	return r;
}

/* A schema's own description, else its $ref target's. */
static const char *describe(const struct sch *s)
{
	for (int i = 0; s && i < 16; i++, s = s->ref)
		if (s->description)
			return s->description;
	return NULL;
}

/* ---- loading ---- */

struct lctx {
	struct pk_schema *S;
	struct kfile *f;
	struct pk_diags *d;
	int errors;
};

static void lerr(struct lctx *c, const struct pk_node *n, const char *hint, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void lerr(struct lctx *c, const struct pk_node *n, const char *hint, const char *fmt, ...)
{
	struct sbuf msg = SBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	sbuf_vaddf(&msg, fmt, ap);
	va_end(ap);
	pk_doc_diag(c->d, c->f->doc, n, PK_ERROR, RULE_FILE, hint, "%s", sbuf_str(&msg));
	sbuf_free(&msg);
	c->errors++;
}

static struct sch *sch_new(struct lctx *c, const struct pk_node *src)
{
	struct pk_schema *S = c->S;
	struct sch *s = xcalloc(1, sizeof *s);
	s->src = src;
	s->boolean = -1;
	s->min_items = s->max_items = s->min_len = s->max_len = -1;
	if (S->nall == S->capall) {
		S->capall = S->capall ? S->capall * 2 : 64;
		S->all = xrealloc(S->all, S->capall * sizeof *S->all);
	}
	S->all[S->nall++] = s;
	return s;
}

static void sch_free(struct sch *s)
{
	free(s->props);
	free(s->required);
	free(s->enums);
	free(s->enum_t);
	free(s->enum_list);
	free(s->cond_vals);
	free(s->allof);
	pcre2_code_free(s->re);
	free(s);
}

static const char *node_is(const struct pk_node *n)
{
	if (n->kind == PK_SEQ)
		return "a list";
	if (n->kind == PK_MAP)
		return "a mapping";
	switch (pk_scalar_type(n)) {
	case PK_T_NULL: return "null";
	case PK_T_BOOL: return "true/false";
	case PK_T_INT:
	case PK_T_FLOAT: return "a number";
	default: return "text";
	}
}

static int is_text(const struct pk_node *n)
{
	return n->kind == PK_SCALAR && pk_scalar_type(n) == PK_T_STR;
}

static struct sch *compile(struct lctx *c, const struct pk_node *n);

static const char *const keywords[] = {
	"$comment", "$defs", "$id", "$ref", "$schema", "additionalProperties", "allOf",
	"const", "default", "deprecated", "description", "else", "enum", "enumDescriptions", "examples",
	"format", "if", "items", "markdownDescription", "maxItems", "maxLength",
	"maximum", "minItems", "minLength", "minimum", "pattern", "patternErrorMessage", "properties",
	"readOnly", "required", "then", "title", "type", "writeOnly", "x-merge",
};

/* "x-merge" (panelkit's own annotation, see merge.h): "set", "append", or
 * {"by": ["key", ...]}.  Checked here so a typo is a load error, not a list
 * silently compared whole. */
static void compile_xmerge(struct lctx *c, struct sch *s, const struct pk_node *v)
{
	if (v->kind == PK_SCALAR && (!strcmp(v->str, "set") || !strcmp(v->str, "append"))) {
		s->xmerge = v;
		return;
	}
	const struct pk_node *by = v->kind == PK_MAP && v->n == 1 ? pk_map_get(v, "by") : NULL;
	int ok = by && by->kind == PK_SEQ && by->n > 0;
	for (size_t i = 0; ok && i < by->n; i++)
		ok = is_text(by->items[i]) && by->items[i]->len > 0;
	if (!ok) {
		lerr(c, v, NULL, "\"x-merge\" must be \"set\", \"append\" or {\"by\": [\"key\", ...]}");
		return;
	}
	s->xmerge = v;
}

static int get_count(struct lctx *c, const struct pk_node *key, const struct pk_node *v, long *out)
{
	int ok = v->kind == PK_SCALAR && pk_scalar_type(v) == PK_T_INT && v->len < 10 &&
		 strspn(v->str, "0123456789") == v->len;
	if (!ok) {
		lerr(c, v, NULL, "\"%s\" must be a whole number, 0 or more", key->str);
		return -1;
	}
	*out = strtol(v->str, NULL, 10);
	return 0;
}

static int num_value(const struct pk_node *n, double *out)
{
	enum pk_stype t = pk_scalar_type(n);
	const char *s = n->str;
	if (n->kind != PK_SCALAR || (t != PK_T_INT && t != PK_T_FLOAT))
		return -1;
	if (t == PK_T_INT && (!strncmp(s, "0o", 2) || !strncmp(s, "0x", 2)))
		*out = (double)strtol(s + 2, NULL, s[1] == 'o' ? 8 : 16);
	else if (strstr(s, "inf") || strstr(s, "Inf") || strstr(s, "INF"))
		*out = s[0] == '-' ? -HUGE_VAL : HUGE_VAL;
	else if (strstr(s, "nan") || strstr(s, "NaN") || strstr(s, "NAN"))
		return -1;
	else
		*out = strtod(s, NULL);
	return 0;
}

static void compile_type(struct lctx *c, struct sch *s, const struct pk_node *v)
{
	const struct pk_node *one = v;
	size_t n = 1;
	if (v->kind == PK_SEQ) {
		n = v->n;
		if (!n)
			lerr(c, v, NULL, "\"type\" must name at least one type");
	}
	for (size_t i = 0; i < n; i++) {
		if (v->kind == PK_SEQ)
			one = v->items[i];
		size_t k;
		for (k = 0; k < PK_ARRAY_LEN(tnames); k++)
			if (one->kind == PK_SCALAR && streq(one, tnames[k].name))
				break;
		if (k == PK_ARRAY_LEN(tnames)) {
			const char *hint = "types are string, integer, number, boolean, object, array, null";
			if (one->kind == PK_SCALAR)
				lerr(c, one, hint, "unknown type \"%s\"", one->str);
			else
				lerr(c, one, hint, "\"type\" must be a type name or a list of them");
			continue;
		}
		s->types |= tnames[k].bit;
	}
	/* JSON Schema: every integer is a number. */
	if (s->types & T_NUM)
		s->types |= T_INT;
}

static void compile_props(struct lctx *c, struct sch *s, const struct pk_node *v)
{
	if (v->kind != PK_MAP) {
		lerr(c, v, NULL, "\"properties\" must be a mapping of key names to schemas");
		return;
	}
	s->props = xcalloc(v->n ? v->n : 1, sizeof *s->props);
	for (size_t i = 0; i < v->n; i++) {
		struct prop *p = &s->props[s->nprops++];
		p->name = v->keys[i]->str;
		p->len = v->keys[i]->len;
		p->key = v->keys[i];
		p->s = compile(c, v->items[i]);
	}
	qsort(s->props, s->nprops, sizeof *s->props, prop_cmp);
}

static void compile_required(struct lctx *c, struct sch *s, const struct pk_node *v)
{
	if (v->kind != PK_SEQ) {
		lerr(c, v, NULL, "\"required\" must be a list of key names");
		return;
	}
	s->required = xcalloc(v->n ? v->n : 1, sizeof *s->required);
	for (size_t i = 0; i < v->n; i++) {
		if (!is_text(v->items[i])) {
			lerr(c, v->items[i], NULL, "\"required\" must be a list of key names");
			continue;
		}
		s->required[s->nreq++] = v->items[i]->str;
	}
}

static void compile_enum(struct lctx *c, struct sch *s, const struct pk_node *v)
{
	struct sbuf list = SBUF_INIT;
	if (v->kind != PK_SEQ || !v->n) {
		lerr(c, v, NULL, "\"enum\" must be a non-empty list of values");
		return;
	}
	s->enums = xcalloc(v->n, sizeof *s->enums);
	s->enum_t = xcalloc(v->n, sizeof *s->enum_t);
	for (size_t i = 0; i < v->n; i++) {
		const struct pk_node *e = v->items[i];
		if (e->kind != PK_SCALAR) {
			lerr(c, e, "enum values here are plain values (text, numbers, true/false, null)",
			     "enum value is %s", node_is(e));
			continue;
		}
		s->enum_t[s->nenum] = pk_scalar_type(e);
		s->enums[s->nenum++] = e;
		if (list.len)
			sbuf_adds(&list, ", ");
		sbuf_adds(&list, s->enum_t[s->nenum - 1] == PK_T_NULL ? "null" : e->str);
	}
	s->enum_list = sbuf_detach(&list);
}

static void compile_pattern(struct lctx *c, struct sch *s, const struct pk_node *v)
{
	if (!is_text(v)) {
		lerr(c, v, NULL, "\"pattern\" must be text");
		return;
	}
	int err;
	PCRE2_SIZE at;
	s->re = pcre2_compile((PCRE2_SPTR)v->str, v->len,
			      PCRE2_UTF | PCRE2_MATCH_INVALID_UTF | PCRE2_ALT_BSUX | PCRE2_DOLLAR_ENDONLY,
			      &err, &at, NULL);
	if (!s->re) {
		PCRE2_UCHAR msg[160];
		pcre2_get_error_message(err, msg, sizeof msg);
		lerr(c, v, "patterns are ECMA-262 regular expressions, as in JSON Schema",
		     "bad pattern: %s (at character %zu)", (const char *)msg, (size_t)at + 1);
		return;
	}
	(void)pcre2_jit_compile(s->re, PCRE2_JIT_COMPLETE); /* else interpreted */
	s->pattern = v->str;
}

/* The condition an if-schema tests, for messages: a single property with a
 * const or a short enum ("framework" is "detention"). */
static void cond_label(struct sch *s)
{
	const struct sch *i = s->if_;
	if (!i || i->boolean >= 0 || i->nprops != 1 || i->props[0].s->boolean >= 0)
		return;
	const struct sch *p = i->props[0].s;
	struct sbuf b = SBUF_INIT;
	if (p->konst && p->konst->kind == PK_SCALAR) {
		sbuf_adds(&b, p->konst->str);
	} else if (p->nenum && p->nenum <= 4) {
		for (size_t k = 0; k < p->nenum; k++) {
			if (k)
				sbuf_adds(&b, k + 1 == p->nenum ? " or " : ", ");
			sbuf_adds(&b, p->enums[k]->str);
		}
	} else {
		return;
	}
	s->cond_key = i->props[0].name;
	s->cond_vals = sbuf_detach(&b);
}

static struct sch *compile(struct lctx *c, const struct pk_node *n)
{
	struct sch *s = sch_new(c, n);
	if (n->kind == PK_SCALAR && pk_scalar_type(n) == PK_T_BOOL) {
		s->boolean = n->str[0] == 't' || n->str[0] == 'T';
		return s;
	}
	if (n->kind != PK_MAP) {
		lerr(c, n, NULL, "a schema is a mapping or true/false, not %s", node_is(n));
		s->boolean = 1;
		return s;
	}
	const struct pk_node *then_key = NULL, *else_key = NULL;
	for (size_t i = 0; i < n->n; i++) {
		const struct pk_node *k = n->keys[i], *v = n->items[i];
		const char *w = k->str;
		if (!strcmp(w, "description")) {
			if (!is_text(v))
				lerr(c, v, NULL, "\"description\" must be text");
			else
				s->description = v->str;
		} else if (!strcmp(w, "title") || !strcmp(w, "markdownDescription") ||
			   !strcmp(w, "patternErrorMessage") ||
			   !strcmp(w, "$comment") || !strcmp(w, "$schema") || !strcmp(w, "$id")) {
			if (!is_text(v))
				lerr(c, v, NULL, "\"%s\" must be text", w);
		} else if (!strcmp(w, "default") || !strcmp(w, "examples") || !strcmp(w, "deprecated") ||
			   !strcmp(w, "enumDescriptions") ||
			   !strcmp(w, "readOnly") || !strcmp(w, "writeOnly")) {
			/* annotations: editors show them, validation does not */
		} else if (!strcmp(w, "x-merge")) {
			compile_xmerge(c, s, v);
		} else if (!strcmp(w, "type")) {
			compile_type(c, s, v);
		} else if (!strcmp(w, "properties")) {
			compile_props(c, s, v);
		} else if (!strcmp(w, "required")) {
			compile_required(c, s, v);
		} else if (!strcmp(w, "additionalProperties")) {
			s->additional = compile(c, v);
		} else if (!strcmp(w, "enum")) {
			compile_enum(c, s, v);
		} else if (!strcmp(w, "const")) {
			if (v->kind != PK_SCALAR) {
				lerr(c, v, NULL, "\"const\" must be a plain value, not %s", node_is(v));
			} else {
				s->konst = v;
				s->konst_t = pk_scalar_type(v);
			}
		} else if (!strcmp(w, "pattern")) {
			compile_pattern(c, s, v);
		} else if (!strcmp(w, "format")) {
			if (v->kind == PK_SCALAR && streq(v, "date"))
				s->fmt_date = 1;
			else
				lerr(c, v, "only \"date\" is supported; use \"pattern\" for other formats",
				     "unsupported format \"%s\"", v->str);
		} else if (!strcmp(w, "items")) {
			s->items = compile(c, v);
		} else if (!strcmp(w, "minItems")) {
			get_count(c, k, v, &s->min_items);
		} else if (!strcmp(w, "maxItems")) {
			get_count(c, k, v, &s->max_items);
		} else if (!strcmp(w, "minLength")) {
			get_count(c, k, v, &s->min_len);
		} else if (!strcmp(w, "maxLength")) {
			get_count(c, k, v, &s->max_len);
		} else if (!strcmp(w, "minimum") || !strcmp(w, "maximum")) {
			double x;
			if (num_value(v, &x)) {
				lerr(c, v, NULL, "\"%s\" must be a number", w);
			} else if (w[1] == 'i') {
				s->has_min = 1, s->minimum = x, s->min_text = v->str;
			} else {
				s->has_max = 1, s->maximum = x, s->max_text = v->str;
			}
		} else if (!strcmp(w, "$ref")) {
			if (!is_text(v))
				lerr(c, v, NULL, "\"$ref\" must be text, like \"#/$defs/date\"");
			else
				s->ref_node = v;
		} else if (!strcmp(w, "$defs")) {
			if (v->kind != PK_MAP) {
				lerr(c, v, NULL, "\"$defs\" must be a mapping of names to schemas");
				continue;
			}
			for (size_t j = 0; j < v->n; j++)
				compile(c, v->items[j]);
		} else if (!strcmp(w, "if")) {
			s->if_ = compile(c, v);
		} else if (!strcmp(w, "then")) {
			s->then_ = compile(c, v);
			then_key = k;
		} else if (!strcmp(w, "else")) {
			s->else_ = compile(c, v);
			else_key = k;
		} else if (!strcmp(w, "allOf")) {
			if (v->kind != PK_SEQ || !v->n) {
				lerr(c, v, NULL, "\"allOf\" must be a non-empty list of schemas");
				continue;
			}
			s->allof = xcalloc(v->n, sizeof *s->allof);
			for (size_t j = 0; j < v->n; j++)
				s->allof[s->nallof++] = compile(c, v->items[j]);
		} else {
			long m = closest(k->str, k->len, keywords, PK_ARRAY_LEN(keywords));
			struct sbuf hint = SBUF_INIT;
			if (m >= 0)
				sbuf_addf(&hint, "did you mean \"%s\"?", keywords[m]);
			else
				sbuf_adds(&hint, "panelkit implements type, required, properties, "
					  "additionalProperties, enum, const, pattern, format, items, "
					  "minItems, maxItems, minLength, maxLength, minimum, maximum, "
					  "$ref, $defs, if, then, else, allOf");
			lerr(c, k, sbuf_str(&hint), "unknown schema keyword \"%s\"", k->str);
			sbuf_free(&hint);
		}
	}
	/* JSON Schema ignores then/else without if; a schema author who wrote
	 * one meant something, so say so instead. */
	if (!s->if_ && (then_key || else_key))
		lerr(c, then_key ? then_key : else_key, "add the \"if\" condition it depends on",
		     "\"%s\" without \"if\"", then_key ? "then" : "else");
	cond_label(s);
	return s;
}

/* JSON Pointer within the file: "#", "#/$defs/date", "#/properties/a". */
static const struct pk_node *resolve_pointer(const struct pk_node *root, const char *p)
{
	char seg[256];
	const struct pk_node *n = root;
	p++;
	while (n && *p) {
		if (*p != '/')
			return NULL;
		p++;
		size_t k = 0;
		for (; *p && *p != '/'; p++) {
			char ch = *p;
			if (ch == '~' && (p[1] == '0' || p[1] == '1'))
				ch = *++p == '0' ? '~' : '/';
			if (k + 1 >= sizeof seg)
				return NULL;
			seg[k++] = ch;
		}
		seg[k] = '\0';
		if (n->kind == PK_MAP) {
			n = pk_map_get(n, seg);
		} else if (n->kind == PK_SEQ) {
			char *end;
			unsigned long i = strtoul(seg, &end, 10);
			n = *seg && !*end && i < n->n ? n->items[i] : NULL;
		} else {
			return NULL;
		}
	}
	return n;
}

static void resolve_ref(struct lctx *c, struct sch *s)
{
	const char *ref = s->ref_node->str;
	const struct pk_node *root = pk_doc_root(c->f->doc);
	if (ref[0] != '#') {
		lerr(c, s->ref_node, "write \"#/$defs/<name>\" and define the schema under \"$defs\" in this file",
		     "$ref \"%s\" points outside this file; only references within the file are supported", ref);
		return;
	}
	const struct pk_node *t = resolve_pointer(root, ref);
	if (!t) {
		struct sbuf hint = SBUF_INIT;
		const struct pk_node *defs = pk_map_get(root, "$defs");
		if (!strncmp(ref, "#/$defs/", 8) && defs && defs->kind == PK_MAP && defs->n) {
			const char *want = ref + 8;
			long best = -1;
			int bd = 99;
			for (size_t i = 0; i < defs->n; i++) {
				int cl = closeness(want, strlen(want), defs->keys[i]->str, defs->keys[i]->len);
				if (cl >= 0 && cl < bd)
					bd = cl, best = (long)i;
			}
			if (best >= 0)
				sbuf_addf(&hint, "did you mean \"#/$defs/%s\"?", defs->keys[best]->str);
		}
		lerr(c, s->ref_node, hint.len ? hint.s : NULL, "$ref \"%s\" not found in %s", ref, c->f->name);
		sbuf_free(&hint);
		return;
	}
	for (size_t i = c->f->first; i < c->S->nall; i++) {
		if (c->S->all[i]->src == t) {
			s->ref = c->S->all[i];
			return;
		}
	}
	lerr(c, s->ref_node, NULL, "$ref \"%s\" does not point to a schema", ref);
}

/* A cycle through $ref, allOf or if/then/else applies schemas to the same
 * node forever; one through properties or items ends with the record.
 * Depth-first search over the in-place edges; the edge that closes a loop
 * is reported and cut. */
static void find_cycle(struct lctx *c, struct sch *s, unsigned depth)
{
	if (!s || s->color == 2)
		return;
	s->color = 1;
	struct sch **edges[4] = {&s->ref, &s->if_, &s->then_, &s->else_};
	size_t nedges = 4 + s->nallof;
	for (size_t i = 0; i < nedges; i++) {
		struct sch **e = i < 4 ? edges[i] : &s->allof[i - 4];
		if (!*e)
			continue;
		if ((*e)->color != 1 && depth < 1000) {
			find_cycle(c, *e, depth + 1);
			continue;
		}
		if (i == 0)
			lerr(c, s->ref_node, "a schema may refer to itself only inside \"properties\" or \"items\"",
			     "$ref cycle: \"%s\" leads back to itself without reaching a property or list item",
			     s->ref_node->str);
		else
			lerr(c, (*e)->src, "a schema may refer to itself only inside \"properties\" or \"items\"",
			     "schema cycle: this schema applies itself to the same value");
		*e = NULL;
	}
	s->color = 2;
}

static int load_file(struct pk_schema *S, enum pk_rkind k, const char *dir, struct pk_diags *d)
{
	static const struct pk_limits lim = {8u << 20, 128, 1000000};
	struct kfile *f = &S->files[k];
	struct sbuf path = SBUF_INIT;
	size_t dl = strlen(dir);
	while (dl > 1 && dir[dl - 1] == '/')
		dl--;
	sbuf_addf(&path, "%.*s/%s", (int)dl, dir, file_names[k]);
	f->name = file_names[k];
	f->doc = pk_doc_load(path.s, path.s, &lim, d);
	sbuf_free(&path);
	if (!f->doc)
		return -1;
	struct lctx c = {S, f, d, 0};
	const struct pk_node *root = pk_doc_root(f->doc);
	if (!root) {
		lerr(&c, NULL, "a schema file holds one JSON Schema object", "empty schema file");
		return -1;
	}
	f->first = S->nall;
	f->root = compile(&c, root);
	f->last = S->nall;
	for (size_t i = f->first; i < f->last; i++)
		if (S->all[i]->ref_node)
			resolve_ref(&c, S->all[i]);
	if (!c.errors)
		for (size_t i = f->first; i < f->last; i++)
			find_cycle(&c, S->all[i], 0);
	return c.errors ? -1 : 0;
}

struct pk_schema *pk_schema_load(const char *dir, struct pk_diags *d)
{
	struct pk_schema *S = xcalloc(1, sizeof *S);
	int bad = 0;
	for (int k = 0; k < PK_R_NONE; k++)
		bad |= load_file(S, (enum pk_rkind)k, dir, d) != 0;
	if (bad) {
		pk_schema_free(S);
		return NULL;
	}
	return S;
}

struct pk_schema *pk_schema_load_policy(const char *dir, struct pk_diags *d)
{
	struct pk_schema *S = xcalloc(1, sizeof *S);
	if (load_file(S, PK_R_NONE, dir, d) != 0) {
		pk_schema_free(S);
		return NULL;
	}
	return S;
}

void pk_schema_free(struct pk_schema *S)
{
	if (!S)
		return;
	for (size_t i = 0; i < S->nall; i++)
		sch_free(S->all[i]);
	free(S->all);
	for (int k = 0; k <= PK_R_NONE; k++)
		pk_doc_free(S->files[k].doc);
	free(S);
}

/* ---- validation ---- */

struct seg {
	const char *key;  /* NULL: a list index */
	size_t idx;
};

struct frame {
	const struct pk_node *inst;
	const struct sch *s;
};

struct vctx {
	const struct kfile *f;
	const struct pk_doc *doc;
	struct pk_diags *d;
	size_t first;            /* first finding of this record, for dedupe */
	int errors;
	int quiet;               /* evaluating an "if": no findings, stop early */
	int too_deep, capped;
	unsigned depth, npath;
	struct frame frames[MAX_DEPTH];
	struct seg path[MAX_DEPTH];
	const char *desc;        /* description of the current property */
	const struct sch *cond;  /* the if/then/else whose branch applies */
	int cond_then;
	struct sbuf msg, hint, pbuf;
	pcre2_match_data *md;    /* made at the first pattern */
};

static void report(struct vctx *c, const struct pk_node *n, const char *rule, const char *hint,
		   const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void report(struct vctx *c, const struct pk_node *n, const char *rule, const char *hint,
		   const char *fmt, ...)
{
	va_list ap;
	if (c->quiet || c->capped)
		return;
	if (c->errors == MAX_FINDINGS) {
		c->capped = 1;
		pk_doc_diag(c->d, c->doc, n, PK_ERROR, RULE, "fix these first, then validate again",
			    "more than %d schema errors in this file; stopped reporting here", MAX_FINDINGS);
		c->errors++;
		return;
	}
	sbuf_reset(&c->msg);
	va_start(ap, fmt);
	sbuf_vaddf(&c->msg, fmt, ap);
	va_end(ap);
	/* allOf branches and if/then often restate a check (both require
	 * "id"); say each thing once. */
	for (size_t i = c->first; i < c->d->n; i++) {
		const struct pk_diag *g = &c->d->v[i];
		if (g->line == n->line && g->col == n->col && !strcmp(g->msg, c->msg.s) &&
		    !strcmp(g->rule, rule))
			return;
	}
	pk_doc_diag(c->d, c->doc, n, PK_ERROR, rule, hint, "%s", c->msg.s);
	c->errors++;
}

/* "detention.start", "rag[2].rating"; "" at the root. */
static const char *path_str(struct vctx *c, unsigned upto)
{
	sbuf_reset(&c->pbuf);
	sbuf_add(&c->pbuf, "", 0);
	for (unsigned i = 0; i < upto; i++) {
		if (c->path[i].key) {
			if (i)
				sbuf_addc(&c->pbuf, '.');
			sbuf_adds(&c->pbuf, c->path[i].key);
		} else {
			sbuf_addf(&c->pbuf, "[%zu]", c->path[i].idx);
		}
	}
	return c->pbuf.s;
}

static unsigned inst_types(const struct pk_node *n, enum pk_stype st)
{
	if (n->kind == PK_MAP)
		return T_OBJ;
	if (n->kind == PK_SEQ)
		return T_ARR;
	switch (st) {
	case PK_T_NULL: return T_NULL;
	case PK_T_BOOL: return T_BOOL;
	/* strict, as JSON Schema and every editor: a plain 12 is a number */
	case PK_T_INT: return T_INT | T_NUM;
	case PK_T_FLOAT: return T_NUM;
	default: return T_STR;
	}
}

/* What the record has, for "found ...". */
static void say_found(struct sbuf *b, const struct pk_node *n, enum pk_stype st)
{
	if (n->kind == PK_MAP) {
		sbuf_adds(b, "a mapping");
	} else if (n->kind == PK_SEQ) {
		sbuf_adds(b, "a list");
	} else if (st == PK_T_NULL) {
		sbuf_adds(b, "nothing");
	} else {
		char *p = pk_printable(n->str, n->len, 60);
		sbuf_addf(b, "\"%s\"", p);
		free(p);
	}
}

static void type_error(struct vctx *c, const struct sch *s, const struct pk_node *n, enum pk_stype st)
{
	if (c->quiet)
		return;
	const char *want[PK_ARRAY_LEN(tnames)];
	size_t nw = 0;
	for (size_t k = 0; k < PK_ARRAY_LEN(tnames); k++) {
		if (!(s->types & tnames[k].bit))
			continue;
		if (tnames[k].bit == T_INT && (s->types & T_NUM))
			continue;
		want[nw++] = tnames[k].bit == T_STR && s->fmt_date ? "a date (YYYY-MM-DD)" : tnames[k].say;
	}
	sbuf_reset(&c->hint);
	sbuf_adds(&c->hint, "expected ");
	for (size_t k = 0; k < nw; k++) {
		if (k)
			sbuf_adds(&c->hint, k + 1 == nw ? " or " : ", ");
		sbuf_adds(&c->hint, want[k]);
	}
	sbuf_adds(&c->hint, ", found ");
	say_found(&c->hint, n, st);
	char *msg = sbuf_detach(&c->hint);

	const char *hint = NULL;
	if (n->kind == PK_SCALAR && !n->plain) {
		struct pk_node plain = *n;
		plain.plain = 1;
		if (inst_types(&plain, pk_scalar_type(&plain)) & s->types)
			hint = "remove the quotes";
	}
	if (!hint && n->kind == PK_SCALAR && (st == PK_T_INT || st == PK_T_FLOAT) &&
	    (s->types & T_STR) && s->fmt_date) {
		hint = "dates are YYYY-MM-DD";
	} else if (!hint && n->kind == PK_SCALAR && (st == PK_T_INT || st == PK_T_FLOAT) &&
		   (s->types & T_STR)) {
		/* team: 12 -- YAML reads a number; text wants quotes */
		char *p = pk_printable(n->str, n->len, 60);
		sbuf_reset(&c->hint);
		sbuf_addf(&c->hint, "quote it to make it text: \"%s\"", p);
		free(p);
		hint = c->hint.s;
	}
	if (!hint && n->kind == PK_SCALAR && st == PK_T_NULL)
		hint = "write a value after the colon, or delete the line";
	else if (!hint && (s->types & T_BOOL) && n->kind == PK_SCALAR)
		hint = "write true or false";
	else if (!hint && (s->types & T_ARR) && n->kind != PK_SEQ)
		hint = "write each item on its own line, starting with \"- \"";
	else if (!hint && (s->types & T_OBJ) && n->kind != PK_MAP)
		hint = "write key: value lines, indented under it";
	report(c, n, RULE, hint, "%s", msg);
	free(msg);
}

static int scalar_eq(const struct pk_node *v, enum pk_stype tv, const struct pk_node *n, enum pk_stype tn)
{
	if (n->kind != PK_SCALAR)
		return 0;
	if (tv != tn)
		return 0;
	if (tv == PK_T_NULL)
		return 1;
	if (tv == PK_T_BOOL)
		return tolower((unsigned char)v->str[0]) == tolower((unsigned char)n->str[0]);
	return v->len == n->len && memcmp(v->str, n->str, n->len) == 0;
}

static void enum_error(struct vctx *c, const struct sch *s, const struct pk_node *n, enum pk_stype st)
{
	if (c->quiet)
		return;
	struct sbuf found = SBUF_INIT;
	say_found(&found, n, st);
	sbuf_reset(&c->hint);
	if (n->kind == PK_SCALAR) {
		/* "amber " or "Amber" for "amber": trim and compare. */
		const char *t = n->str;
		size_t l = n->len;
		while (l && isspace((unsigned char)*t))
			t++, l--;
		while (l && isspace((unsigned char)t[l - 1]))
			l--;
		int bd = 99;
		const struct pk_node *best = NULL;
		for (size_t k = 0; k < s->nenum; k++) {
			int cl = closeness(t, l, s->enums[k]->str, s->enums[k]->len);
			if (cl >= 0 && cl < bd && s->enums[k]->len)
				bd = cl, best = s->enums[k];
		}
		if (best)
			sbuf_addf(&c->hint, "did you mean \"%s\"?", best->str);
	}
	if (n->kind == PK_SCALAR && st == PK_T_NULL && !c->hint.len)
		sbuf_adds(&c->hint, "write a value after the colon, or delete the line");
	const char *hint = c->hint.len ? c->hint.s : NULL;
	if (s->nenum == 1)
		report(c, n, RULE, hint, "expected \"%s\", found %s", s->enums[0]->str, found.s);
	else if (n->kind != PK_SCALAR || st == PK_T_NULL)
		report(c, n, RULE, hint, "expected one of: %s; found %s", s->enum_list, found.s);
	else
		report(c, n, RULE, hint, "%s is not one of: %s", found.s, s->enum_list);
	sbuf_free(&found);
}

/* KIT-DATES: YYYY-MM-DD and a real calendar date. */
/* 1 when the text of n matches: anywhere in it, as JSON Schema's pattern
 * (anchors say otherwise); a PCRE2 error such as its match limit counts as
 * no match, so hostile text is never waved through. */
static int matches(struct vctx *c, const pcre2_code *re, const struct pk_node *n)
{
	if (!c->md)
		c->md = pcre2_match_data_create(1, NULL);
	return c->md && pcre2_match(re, (PCRE2_SPTR)n->str, n->len, 0, 0, c->md, NULL) >= 0;
}

static int date_check(struct vctx *c, const struct pk_node *n)
{
	pk_date dt;
	const char *why;
	if (pk_date_parse(n->str, &dt, &why) == 0)
		return 0;
	if (c->quiet)
		return 1;
	char *p = pk_printable(n->str, n->len, 60);
	if (!strcmp(why, "dates are written YYYY-MM-DD"))
		report(c, n, RULE_DATE, "dates are YYYY-MM-DD", "\"%s\" is not a date", p);
	else
		report(c, n, RULE_DATE, "dates are YYYY-MM-DD", "\"%s\" is not a real date: %s", p, why);
	free(p);
	return 1;
}

static int validate(struct vctx *c, const struct sch *s, const struct pk_node *n);

/* Applies a child schema to a property value or list item. */
static int descend(struct vctx *c, const struct sch *s, const struct pk_node *n,
		   const char *key, size_t idx)
{
	if (c->npath >= MAX_DEPTH)
		return validate(c, s, n);
	const char *desc = c->desc;
	c->path[c->npath].key = key;
	c->path[c->npath].idx = idx;
	c->npath++;
	c->desc = NULL;
	int f = validate(c, s, n);
	c->desc = desc;
	c->npath--;
	return f;
}

/* The hint for a missing key: its description, from whichever schema
 * applied at this mapping defines it. */
static const char *missing_hint(struct vctx *c, const struct pk_node *map, const char *key)
{
	for (unsigned i = 0; i < c->depth; i++) {
		if (c->frames[i].inst != map)
			continue;
		const char *desc = describe(find_prop_deep(c->frames[i].s, key, strlen(key), 0));
		if (!desc)
			continue;
		sbuf_reset(&c->hint);
		sbuf_addf(&c->hint, "%s: ", key);
		first_sentence(&c->hint, desc);
		return c->hint.s;
	}
	return NULL;
}

static void unknown_key(struct vctx *c, const struct sch *s, const struct pk_node *key)
{
	long best = -1;
	if (c->quiet)
		return;
	int bd = 99;
	for (size_t i = 0; i < s->nprops; i++) {
		int cl = closeness(key->str, key->len, s->props[i].name, s->props[i].len);
		if (cl >= 0 && cl < bd)
			bd = cl, best = (long)i;
	}
	sbuf_reset(&c->hint);
	if (best >= 0) {
		sbuf_addf(&c->hint, "did you mean \"%s\"?", s->props[best].name);
	} else if (s->nprops && s->nprops <= LIST_KEYS) {
		sbuf_adds(&c->hint, "allowed here: ");
		for (size_t i = 0; i < s->nprops; i++)
			sbuf_addf(&c->hint, "%s%s", i ? ", " : "", s->props[i].name);
	} else if (s->nprops) {
		sbuf_addf(&c->hint, "check the spelling; %s lists the keys allowed here", c->f->name);
	} else {
		sbuf_adds(&c->hint, "no keys are allowed here");
	}
	char *p = pk_printable(key->str, key->len, 60);
	report(c, key, RULE, c->hint.s, "unknown key \"%s\"", p);
	free(p);
}

static void not_allowed(struct vctx *c, const struct pk_node *key)
{
	if (c->quiet)
		return;
	char *p = pk_printable(key->str, key->len, 60);
	const struct sch *w = c->cond;
	if (w && w->cond_key) {
		sbuf_reset(&c->hint);
		sbuf_addf(&c->hint, "remove it, or correct \"%s\"", w->cond_key);
		if (c->cond_then)
			report(c, key, RULE, c->hint.s, "key \"%s\" is not allowed for %s %s", p,
			       w->cond_key, w->cond_vals);
		else
			report(c, key, RULE, c->hint.s, "key \"%s\" is not allowed unless %s is %s", p,
			       w->cond_key, w->cond_vals);
	} else {
		report(c, key, RULE, NULL, "key \"%s\" is not allowed here", p);
	}
	free(p);
}

/* An unknown key that is a key of the mapping (or list of mappings) just
 * above it was dedented out of it: "end:" under "detention:" written at
 * column 1.  Says so instead of guessing a misspelling.  1 if reported. */
static int dedented(struct vctx *c, const struct sch *s, const struct pk_node *n, size_t i)
{
	if (!i)
		return 0;
	const struct pk_node *k = n->keys[i], *pk = n->keys[i - 1], *pv = n->items[i - 1];
	const struct prop *pp = find_prop(s, pk->str, pk->len);
	if (!pp || !pp->s)
		return 0;
	const struct sch *inner = pp->s;
	const struct pk_node *first = NULL; /* a key of the value above, to align with */
	if (pv->kind == PK_MAP && pv->n) {
		first = pv->keys[0];
	} else if (pv->kind == PK_SEQ && pv->n && pv->items[pv->n - 1]->kind == PK_MAP &&
		   pv->items[pv->n - 1]->n) {
		inner = find_items_deep(inner, 0);
		first = pv->items[pv->n - 1]->keys[0];
	} else {
		return 0;
	}
	const struct sch *hit = find_prop_deep(inner, k->str, k->len, 0);
	if (!hit || hit->boolean == 0 || !first || first->col <= k->col)
		return 0;
	if (c->quiet)
		return 1;
	char *p = pk_printable(k->str, k->len, 60), *q = pk_printable(pk->str, pk->len, 60);
	char *f = pk_printable(first->str, first->len, 60);
	sbuf_reset(&c->hint);
	sbuf_addf(&c->hint, "indent it by %u spaces, like \"%s\" on line %u", first->col - 1, f, first->line);
	report(c, k, RULE, c->hint.s, "\"%s\" is not a key here, but it is a key of \"%s\" above (line %u): "
	       "it is indented too little", p, q, pk->line);
	free(p);
	free(q);
	free(f);
	return 1;
}

static int check_object(struct vctx *c, const struct sch *s, const struct pk_node *n)
{
	int fails = 0;
	for (size_t i = 0; i < n->n; i++) {
		const struct pk_node *k = n->keys[i];
		const struct prop *p = find_prop(s, k->str, k->len);
		const struct sch *sub = p ? p->s : s->additional;
		if (!sub)
			continue;
		if (sub->boolean == 0) {
			if (p)
				not_allowed(c, k);
			else if (!dedented(c, s, n, i))
				unknown_key(c, s, k);
			fails++;
		} else {
			fails += descend(c, sub, n->items[i], k->str, 0);
		}
		if (fails && c->quiet)
			return fails;
	}
	for (size_t r = 0; r < s->nreq; r++) {
		if (pk_map_get(n, s->required[r]))
			continue;
		fails++;
		if (c->quiet)
			return fails;
		const char *hint = missing_hint(c, n, s->required[r]);
		const char *where = path_str(c, c->npath);
		if (*where)
			report(c, n, RULE, hint, "missing required key \"%s\" in \"%s\"", s->required[r], where);
		else
			report(c, n, RULE, hint, "missing required key \"%s\"", s->required[r]);
	}
	return fails;
}

static int check_array(struct vctx *c, const struct sch *s, const struct pk_node *n)
{
	int fails = 0;
	if ((s->min_items >= 0 && n->n < (size_t)s->min_items) ||
	    (s->max_items >= 0 && n->n > (size_t)s->max_items)) {
		if (c->quiet)
			return 1;
		const char *where = path_str(c, c->npath);
		int few = s->min_items >= 0 && n->n < (size_t)s->min_items;
		long lim = few ? s->min_items : s->max_items;
		report(c, n, RULE, NULL, "%s%s%s has %zu item%s; at %s %ld %s", *where ? "\"" : "",
		       *where ? where : "the list", *where ? "\"" : "", n->n, n->n == 1 ? "" : "s",
		       few ? "least" : "most", lim, few ? "required" : "allowed");
		fails++;
		if (c->quiet)
			return fails;
	}
	if (s->items) {
		for (size_t i = 0; i < n->n; i++) {
			fails += descend(c, s->items, n->items[i], NULL, i);
			if (fails && c->quiet)
				return fails;
		}
	}
	return fails;
}

static int check_text(struct vctx *c, const struct sch *s, const struct pk_node *n)
{
	int fails = 0;
	if (s->min_len >= 0 || s->max_len >= 0) {
		size_t chars = utf8_chars(n->str, n->len);
		if (s->min_len >= 0 && chars < (size_t)s->min_len) {
			if (c->quiet)
				return 1;
			char *p = pk_printable(n->str, n->len, 60);
			report(c, n, RULE, NULL, "\"%s\" is too short: at least %ld character%s", p,
			       s->min_len, s->min_len == 1 ? "" : "s");
			free(p);
			fails++;
		} else if (s->max_len >= 0 && chars > (size_t)s->max_len) {
			report(c, n, RULE, NULL, "too long: %zu characters, at most %ld", chars, s->max_len);
			fails++;
		}
		if (fails && c->quiet)
			return fails;
	}
	/* A date's pattern (month-specific day ranges, for editors) fails
	 * only where the date check below fails too, and that one says why:
	 * report the date check alone [KIT-DATES]. */
	int date_bad = s->fmt_date && pk_date_parse(n->str, &(pk_date){0}, &(const char *){NULL}) != 0;
	if (s->re && !date_bad && !matches(c, s->re, n)) {
		fails++;
		if (c->quiet)
			return fails;
		const char *hint = NULL;
		if (c->desc || s->description) {
			sbuf_reset(&c->hint);
			first_sentence(&c->hint, c->desc ? c->desc : s->description);
			hint = c->hint.s;
		}
		char *p = pk_printable(n->str, n->len, 60);
		report(c, n, RULE, hint, "\"%s\" does not match the pattern %s", p, s->pattern);
		free(p);
	}
	if (s->fmt_date && date_check(c, n))
		fails++;
	return fails;
}

static int check_number(struct vctx *c, const struct sch *s, const struct pk_node *n)
{
	double x;
	if (num_value(n, &x))
		return 0;
	if (s->has_min && x < s->minimum) {
		report(c, n, RULE, NULL, "%s is below the minimum of %s", n->str, s->min_text);
		return 1;
	}
	if (s->has_max && x > s->maximum) {
		report(c, n, RULE, NULL, "%s is above the maximum of %s", n->str, s->max_text);
		return 1;
	}
	return 0;
}

static int validate(struct vctx *c, const struct sch *s, const struct pk_node *n)
{
	int fails = 0;
	if (s->boolean == 1)
		return 0;
	if (s->boolean == 0) {
		report(c, n, RULE, NULL, "no value is allowed here");
		return 1;
	}
	if (c->depth >= MAX_DEPTH) {
		if (!c->too_deep)
			report(c, n, RULE, NULL, "schema nesting deeper than %d levels", MAX_DEPTH);
		c->too_deep = 1;
		return 1;
	}
	c->frames[c->depth].inst = n;
	c->frames[c->depth].s = s;
	c->depth++;
	const char *desc = c->desc;
	if (!c->desc)
		c->desc = s->description;

	enum pk_stype st = n->kind == PK_SCALAR ? pk_scalar_type(n) : PK_T_STR;
	if (s->types && !(s->types & inst_types(n, st))) {
		/* Nothing else in this schema makes sense for a value of the
		 * wrong type: one message, not a cascade. */
		type_error(c, s, n, st);
		fails++;
		goto out;
	}
	if (s->konst && !scalar_eq(s->konst, s->konst_t, n, st)) {
		if (++fails && c->quiet)
			goto out;
		struct sbuf found = SBUF_INIT;
		say_found(&found, n, st);
		report(c, n, RULE, NULL, "expected \"%s\", found %s", s->konst->str, found.s);
		sbuf_free(&found);
	}
	if (s->nenum) {
		size_t k = 0;
		while (k < s->nenum && !scalar_eq(s->enums[k], s->enum_t[k], n, st))
			k++;
		if (k == s->nenum) {
			enum_error(c, s, n, st);
			if (++fails && c->quiet)
				goto out;
		}
	}
	if (n->kind == PK_SCALAR && st == PK_T_STR) {
		fails += check_text(c, s, n);
	} else if (n->kind == PK_SCALAR && (st == PK_T_INT || st == PK_T_FLOAT)) {
		fails += check_number(c, s, n);
	} else if (n->kind == PK_SEQ) {
		fails += check_array(c, s, n);
	} else if (n->kind == PK_MAP) {
		fails += check_object(c, s, n);
	}
	if (fails && c->quiet)
		goto out;
	if (s->ref) {
		fails += validate(c, s->ref, n);
		if (fails && c->quiet)
			goto out;
	}
	for (size_t i = 0; i < s->nallof; i++) {
		fails += validate(c, s->allof[i], n);
		if (fails && c->quiet)
			goto out;
	}
	if (s->if_) {
		int quiet = c->quiet;
		c->quiet = 1;
		int holds = validate(c, s->if_, n) == 0;
		c->quiet = quiet;
		const struct sch *branch = holds ? s->then_ : s->else_;
		if (branch) {
			const struct sch *cond = c->cond;
			int then = c->cond_then;
			c->cond = s;
			c->cond_then = holds;
			fails += validate(c, branch, n);
			c->cond = cond;
			c->cond_then = then;
		}
	}
out:
	c->desc = desc;
	c->depth--;
	return fails;
}

int pk_schema_validate(const struct pk_schema *S, enum pk_rkind kind,
		       const struct pk_doc *doc, struct pk_diags *d)
{
	if (!S || kind > PK_R_NONE || !S->files[kind].root || !doc || !pk_doc_root(doc))
		return 0;
	/* On the stack and not zeroed: the frame and path arrays are written
	 * before they are read, and a clean record allocates nothing. */
	struct vctx c;
	c.f = &S->files[kind];
	c.doc = doc;
	c.d = d;
	c.first = d->n;
	c.errors = c.quiet = c.too_deep = c.capped = 0;
	c.depth = c.npath = 0;
	c.desc = NULL;
	c.cond = NULL;
	c.cond_then = 0;
	c.msg = c.hint = c.pbuf = (struct sbuf)SBUF_INIT;
	c.md = NULL;
	validate(&c, c.f->root, pk_doc_root(doc));
	pcre2_match_data_free(c.md);
	sbuf_free(&c.msg);
	sbuf_free(&c.hint);
	sbuf_free(&c.pbuf);
	return c.errors;
}

/* ---- describe ---- */

static const struct sch *schema_at(const struct pk_schema *S, enum pk_rkind kind, const char *path)
{
	if (!S || kind >= PK_R_NONE || !path)
		return NULL;
	const struct sch *s = S->files[kind].root;
	const char *p = path;
	while (s && *p) {
		if (*p == '.') {
			p++;
			continue;
		}
		if (*p == '[') {
			const char *end = strchr(p, ']');
			if (!end)
				return NULL;
			s = find_items_deep(s, 0);
			p = end + 1;
			continue;
		}
		size_t k = strcspn(p, ".[");
		s = find_prop_deep(s, p, k, 0);
		p += k;
	}
	return s;
}

const char *pk_schema_describe(const struct pk_schema *S, enum pk_rkind kind, const char *path)
{
	return describe(schema_at(S, kind, path));
}

const struct pk_node *pk_schema_merge_rule(const struct pk_schema *S, enum pk_rkind kind,
					   const char *path)
{
	const struct sch *s = schema_at(S, kind, path);
	for (int i = 0; s && i < 16; i++, s = s->ref)
		if (s->xmerge)
			return s->xmerge;
	return NULL;
}
