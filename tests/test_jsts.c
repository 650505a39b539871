/* The JSON-Schema-Test-Suite (Debian json-schema-test-suite) against the
 * schema engine (schema.h), for the keywords the engine implements.
 *
 * The engine follows draft 2020-12 (the files of schema/ say so); Debian's suite
 * (2.0.0) stops at draft 7.  Every keyword the engine implements means the
 * same in both drafts, in the forms the engine takes: type, required,
 * properties, additionalProperties, enum, const, pattern, format "date",
 * items (one schema for every item), minItems, maxItems, minLength,
 * maxLength, minimum, maximum, $ref, $defs (draft 7 spells it
 * "definitions": renamed here, with the "#/definitions/" pointers), if,
 * then, else, allOf, and boolean schemas; the annotations title,
 * description, default, examples, $comment, $schema, $id are read and
 * ignored.  Where the drafts differ (a $ref's siblings) the table below
 * says so; items as a list (draft 7's tuples, 2020-12's prefixItems), a
 * format other than "date" and a $ref outside the file count as keywords
 * the engine does not implement.
 *
 * Each group of the suite's tests/draft7 files and optional/format/date.json
 * whose schema uses only those keywords is loaded as a panelkit.schema.json
 * (pk_schema_load_policy) and every case's data is validated; the result
 * must be the suite's valid/invalid, or a known difference listed below with
 * its reason (and each listed difference must still occur, so the table
 * cannot go stale).  A group that uses any other keyword must be refused at
 * load: the engine promises that no rule is silently skipped.
 *
 * The suite is a test dependency (Makefile TEST_FILES, .ci/run): a missing
 * suite fails this test.  PANEL_JSTS overrides its directory. */
#include <criterion/criterion.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "schema.h"
#include "mem.h"
#include "files.h"

#define SUITE_DIR "/usr/share/json-schema-test-suite/tests/draft7"

/* The suite's files that hold tests of this engine's keywords, and those of
 * keywords it does not implement (their groups must be refused). */
static const char *const files[] = {
	"additionalItems.json", "additionalProperties.json", "allOf.json", "anyOf.json",
	"boolean_schema.json", "const.json", "contains.json", "default.json",
	"definitions.json", "dependencies.json", "enum.json", "exclusiveMaximum.json",
	"exclusiveMinimum.json", "if-then-else.json", "items.json", "maxItems.json",
	"maxLength.json", "maxProperties.json", "maximum.json", "minItems.json",
	"minLength.json", "minProperties.json", "minimum.json", "multipleOf.json", "not.json",
	"oneOf.json", "pattern.json", "patternProperties.json", "properties.json",
	"propertyNames.json", "ref.json", "refRemote.json", "required.json", "type.json",
	"uniqueItems.json", "optional/format/date.json",
};

/* The keywords the engine implements (schema.h), as draft 7 spells them. */
static const char *const implemented[] = {
	"type", "required", "properties", "additionalProperties", "enum", "const", "pattern",
	"format", "items", "minItems", "maxItems", "minLength", "maxLength", "minimum", "maximum",
	"$ref", "definitions", "$defs", "if", "then", "else", "allOf",
	/* annotations */
	"title", "description", "default", "examples", "$comment", "$schema", "$id",
};

/* Known differences: the group (by its description in the file), the case
 * (NULL: the group's schema, which the engine refuses to load), and why. */
static const struct diff {
	const char *file, *group, *test, *why;
} diffs[] = {
	{"const.json", "const with object", NULL,
	 "const takes a plain value (text, a number, true/false, null): refused at load, never "
	 "misjudged; a record's fixed values are words"},
	{"const.json", "const with array", NULL, "as \"const with object\""},
	{"enum.json", "heterogeneous enum validation", NULL,
	 "enum takes plain values; [] and {\"foo\": 12} are refused at load"},
	{"if-then-else.json", "ignore then without if", NULL,
	 "refused at load: a \"then\" without \"if\" is a schema author's mistake, not a rule "
	 "to skip"},
	{"if-then-else.json", "ignore else without if", NULL, "as \"ignore then without if\""},
	{"ref.json", "ref overrides any sibling keywords", "ref valid, maxItems ignored",
	 "draft 7 ignores a $ref's siblings; 2020-12, the engine's draft, applies them (maxItems 2 "
	 "fails 3 items), as the editors reading schema/ do"},
};

static int is_implemented(const char *k)
{
	for (size_t i = 0; i < PK_ARRAY_LEN(implemented); i++)
		if (!strcmp(k, implemented[i]))
			return 1;
	return 0;
}

/* Where a keyword's value holds schemas (draft 7). */
enum role { R_DATA, R_SCHEMA, R_MAP, R_LIST };

static enum role role_of(const char *k, const struct pk_node *v)
{
	static const char *const one[] = {"additionalProperties", "additionalItems", "if", "then",
					  "else", "not", "contains", "propertyNames"};
	static const char *const map[] = {"properties", "patternProperties", "definitions",
					  "$defs", "dependencies"};
	static const char *const list[] = {"allOf", "anyOf", "oneOf"};
	if (!strcmp(k, "items"))
		return v->kind == PK_SEQ ? R_LIST : R_SCHEMA;
	for (size_t i = 0; i < PK_ARRAY_LEN(one); i++)
		if (!strcmp(k, one[i]))
			return R_SCHEMA;
	for (size_t i = 0; i < PK_ARRAY_LEN(map); i++)
		if (!strcmp(k, map[i]))
			return R_MAP;
	for (size_t i = 0; i < PK_ARRAY_LEN(list); i++)
		if (!strcmp(k, list[i]))
			return R_LIST;
	return R_DATA;
}

/* The first keyword of a schema that the engine does not implement, or
 * NULL; format only as "date", items only as one schema. */
static const char *unimplemented(const struct pk_node *s)
{
	if (s->kind != PK_MAP)
		return NULL;
	for (size_t i = 0; i < s->n; i++) {
		const char *k = s->keys[i]->str;
		const struct pk_node *v = s->items[i];
		if (!is_implemented(k))
			return k;
		if (!strcmp(k, "format") && strcmp(v->str, "date"))
			return "format (other than \"date\")";
		if (!strcmp(k, "items") && v->kind == PK_SEQ)
			return "items (a list: 2020-12's prefixItems)";
		if (!strcmp(k, "$ref") && v->str[0] != '#')
			return "$ref (outside the file)";
		enum role r = role_of(k, v);
		const char *u = NULL;
		if (r == R_SCHEMA)
			u = unimplemented(v);
		for (size_t j = 0; (r == R_MAP || r == R_LIST) && !u && j < v->n; j++)
			u = unimplemented(v->items[j]);
		if (u)
			return u;
	}
	return NULL;
}

static void emit_text(struct sbuf *b, const char *s, size_t len)
{
	sbuf_addc(b, '"');
	for (size_t i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)s[i];
		if (ch == '"' || ch == '\\')
			sbuf_addf(b, "\\%c", ch);
		else if (ch < 0x20)
			sbuf_addf(b, "\\u%04x", ch);
		else
			sbuf_addc(b, (char)ch);
	}
	sbuf_addc(b, '"');
}

/* JSON text of a node (JSON is YAML: the engine and pk_doc_parse read it);
 * at a schema position draft 7's "definitions" becomes "$defs". */
static void emit(struct sbuf *b, const struct pk_node *n, enum role r)
{
	if (n->kind == PK_SCALAR) {
		if (n->plain) {
			sbuf_add(b, n->str, n->len);
		} else if (r == R_SCHEMA && !strncmp(n->str, "#/definitions", 13)) {
			struct sbuf t = SBUF_INIT;
			sbuf_addf(&t, "#/$defs%s", n->str + 13);
			emit_text(b, t.s, t.len);
			sbuf_free(&t);
		} else {
			emit_text(b, n->str, n->len);
		}
		return;
	}
	if (n->kind == PK_SEQ) {
		sbuf_addc(b, '[');
		for (size_t i = 0; i < n->n; i++) {
			if (i)
				sbuf_adds(b, ", ");
			emit(b, n->items[i], r == R_LIST ? R_SCHEMA : R_DATA);
		}
		sbuf_addc(b, ']');
		return;
	}
	sbuf_addc(b, '{');
	for (size_t i = 0; i < n->n; i++) {
		const char *k = n->keys[i]->str;
		enum role sub = R_DATA;
		if (i)
			sbuf_adds(b, ", ");
		if (r == R_SCHEMA && !strcmp(k, "definitions"))
			emit_text(b, "$defs", 5);
		else
			emit_text(b, k, n->keys[i]->len);
		sbuf_adds(b, ": ");
		if (r == R_MAP)
			sub = n->items[i]->kind == PK_SEQ ? R_DATA : R_SCHEMA;
		else if (r == R_SCHEMA && !strcmp(k, "$ref"))
			sub = R_SCHEMA;   /* its pointer is rewritten */
		else if (r == R_SCHEMA)
			sub = role_of(k, n->items[i]);
		emit(b, n->items[i], sub);
	}
	sbuf_addc(b, '}');
}

static const struct diff *known(const char *file, const char *group, const char *test)
{
	for (size_t i = 0; i < PK_ARRAY_LEN(diffs); i++)
		if (!strcmp(diffs[i].file, file) && !strcmp(diffs[i].group, group) &&
		    (diffs[i].test ? test && !strcmp(diffs[i].test, test) : !test))
			return &diffs[i];
	return NULL;
}

/* A suite file as the engine's parser reads it.  JSON writes a character
 * beyond U+FFFF as a UTF-16 surrogate pair ("\uD83D\uDCA9"), which YAML
 * (and so libyaml) refuses; YAML's own escape for it is "\U0001F4A9".
 * Nothing else is changed. */
/* "uD83D": 1 and the value. */
static int hex4(const char *p, unsigned *v)
{
	*v = 0;
	if (*p != 'u')
		return 0;
	for (int i = 1; i <= 4; i++) {
		if (!isxdigit((unsigned char)p[i]))
			return 0;
		*v = *v * 16 + (unsigned)(isdigit((unsigned char)p[i]) ? p[i] - '0' : (p[i] | 0x20) - 'a' + 10);
	}
	return 1;
}

static struct pk_doc *load_suite(const char *path, const struct pk_limits *lim, struct pk_diags *d)
{
	char *buf, err[256];
	size_t len;
	struct sbuf b = SBUF_INIT;
	cr_assert_eq(pk_read_file(path, lim->max_bytes, 0, &buf, &len, err, sizeof err), 0,
		     "%s: %s: the JSON-Schema-Test-Suite is missing (apt-get install "
		     "json-schema-test-suite)", path, err);
	for (size_t i = 0; i < len; i++) {
		unsigned hi, lo;
		if (buf[i] != '\\') {
			sbuf_addc(&b, buf[i]);
		} else if (i + 12 <= len && hex4(buf + i + 1, &hi) && buf[i + 6] == '\\' &&
			   hex4(buf + i + 7, &lo) && hi >= 0xD800 && hi < 0xDC00 && lo >= 0xDC00 &&
			   lo < 0xE000) {
			sbuf_addf(&b, "\\U%08X", 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00));
			i += 11;
		} else {
			/* any other escape as it is ("\\uD83D" stays text) */
			sbuf_add(&b, buf + i, i + 1 < len ? 2 : 1);
			i++;
		}
	}
	struct pk_doc *doc = pk_doc_parse(path, b.s, b.len, lim, d);
	sbuf_free(&b);
	free(buf);
	return doc;
}

static void write_text(const char *path, const struct sbuf *b)
{
	FILE *f = fopen(path, "w");
	cr_assert_not_null(f, "%s", path);
	cr_assert_eq(fwrite(b->s, 1, b->len, f), b->len);
	cr_assert_eq(fclose(f), 0);
}

/* The schema file's directory, removed even when an assertion stops the test. */
static char tmp[] = "/tmp/panelkit-jsts-XXXXXX";

static void remove_tmp(void)
{
	char f[sizeof tmp + 32];
	snprintf(f, sizeof f, "%s/panelkit.schema.json", tmp);
	unlink(f);
	rmdir(tmp);
}

Test(jsts, draft7_for_the_implemented_keywords, .fini = remove_tmp)
{
	const char *dir = getenv("PANEL_JSTS") && *getenv("PANEL_JSTS") ? getenv("PANEL_JSTS") : SUITE_DIR;
	static const struct pk_limits lim = {16u << 20, 128, 2000000};
	cr_assert_not_null(mkdtemp(tmp));
	struct sbuf path = SBUF_INIT, text = SBUF_INIT;
	sbuf_addf(&path, "%s/panelkit.schema.json", tmp);
	size_t groups = 0, refused = 0, refused_known = 0, unrun = 0, cases = 0, passed = 0, differ = 0;
	unsigned char hit[PK_ARRAY_LEN(diffs)] = {0};

	for (size_t fi = 0; fi < PK_ARRAY_LEN(files); fi++) {
		struct pk_diags d = PK_DIAGS_INIT;
		struct sbuf fp = SBUF_INIT;
		sbuf_addf(&fp, "%s/%s", dir, files[fi]);
		struct pk_doc *suite = load_suite(fp.s, &lim, &d);
		if (!suite)
			pk_diags_print(stderr, &d);
		cr_assert_not_null(suite, "%s: not read", fp.s);
		const struct pk_node *top = pk_doc_root(suite);
		cr_assert(top && top->kind == PK_SEQ, "%s: not a list of groups", fp.s);
		for (size_t g = 0; g < top->n; g++) {
			const struct pk_node *grp = top->items[g];
			const char *gdesc = pk_map_get(grp, "description")->str;
			const struct pk_node *schema = pk_map_get(grp, "schema");
			const struct pk_node *tests = pk_map_get(grp, "tests");
			cr_assert(schema && tests && tests->kind == PK_SEQ, "%s: %s", files[fi], gdesc);
			sbuf_reset(&text);
			emit(&text, schema, R_SCHEMA);
			write_text(path.s, &text);
			struct pk_diags ld = PK_DIAGS_INIT;
			struct pk_schema *S = pk_schema_load_policy(tmp, &ld);
			const char *u = unimplemented(schema);
			if (u) {
				/* Not this engine's keyword: refused, never ignored. */
				cr_expect_null(S, "%s: \"%s\": uses %s, but the engine loaded it", files[fi],
					       gdesc, u);
				refused++;
				pk_schema_free(S);
				pk_diags_free(&ld);
				continue;
			}
			groups++;
			const struct diff *k = known(files[fi], gdesc, NULL);
			if (k) {
				hit[k - diffs] = 1;
				cr_expect_null(S, "%s: \"%s\" now loads: remove it from the known "
					       "differences", files[fi], gdesc);
				refused_known++;
				unrun += tests->n;
				pk_schema_free(S);
				pk_diags_free(&ld);
				continue;
			}
			if (!S)
				pk_diags_print(stderr, &ld);
			cr_expect_not_null(S, "%s: \"%s\": the engine refused %s", files[fi], gdesc, text.s);
			pk_diags_free(&ld);
			if (!S)
				continue;
			for (size_t t = 0; t < tests->n; t++) {
				const struct pk_node *c = tests->items[t];
				const char *tdesc = pk_map_get(c, "description")->str;
				const struct pk_node *data = pk_map_get(c, "data");
				const struct pk_node *valid = pk_map_get(c, "valid");
				cr_assert(data && valid, "%s: %s: %s", files[fi], gdesc, tdesc);
				int want = valid->str[0] == 't';
				sbuf_reset(&text);
				emit(&text, data, R_DATA);
				struct pk_diags vd = PK_DIAGS_INIT;
				struct pk_doc *inst = pk_doc_parse("data.json", text.s, text.len, &lim, &vd);
				cr_assert(inst && pk_doc_root(inst), "%s: %s: %s: data %s not read",
					  files[fi], gdesc, tdesc, text.s);
				int got = pk_schema_validate(S, PK_R_NONE, inst, &vd) == 0;
				cases++;
				k = known(files[fi], gdesc, tdesc);
				if (k) {
					hit[k - diffs] = 1;
					cr_expect_neq(got, want, "%s: \"%s\" / \"%s\" now agrees with the "
						      "suite: remove it from the known differences",
						      files[fi], gdesc, tdesc);
					differ++;
				} else {
					cr_expect_eq(got, want, "%s: \"%s\" / \"%s\": the suite says %s, "
						     "the engine %s (%s%s%s)", files[fi], gdesc, tdesc,
						     want ? "valid" : "invalid", got ? "valid" : "invalid",
						     text.s, vd.n ? ": " : "", vd.n ? vd.v[0].msg : "");
					passed += got == want;
				}
				pk_doc_free(inst);
				pk_diags_free(&vd);
			}
			pk_schema_free(S);
		}
		pk_doc_free(suite);
		pk_diags_free(&d);
		sbuf_free(&fp);
	}
	for (size_t i = 0; i < PK_ARRAY_LEN(diffs); i++)
		cr_expect(hit[i], "known difference not met: %s: \"%s\" / \"%s\"",
			  diffs[i].file, diffs[i].group, diffs[i].test ? diffs[i].test : "(load)");
	fprintf(stderr, "jsts: %zu groups of the implemented keywords: %zu cases run, %zu as the "
		"suite says, %zu known differences; %zu groups refused at load, known differences "
		"(%zu cases); %zu groups of other keywords refused at load, as promised\n",
		groups, cases, passed, differ, refused_known, unrun, refused);
	cr_expect_eq(cases, passed + differ);
	sbuf_free(&path);
	sbuf_free(&text);
}
