/* schema.c: the JSON Schema subset, its messages and its load errors
 * (issue #2).  Fixtures: tests/fixtures/schema/good (a small schema that
 * uses every keyword) and tests/fixtures/schema/load (broken schema files). */
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "schema.h"
#include "mem.h"

static struct pk_diags d;
static struct pk_schema *good;
static struct pk_doc *doc;

static const char *src_dir(void)
{
	return getenv("PANEL_SRC") ? getenv("PANEL_SRC") : ".";
}

static void setup(void)
{
	char dir[512];
	memset(&d, 0, sizeof d);
	snprintf(dir, sizeof dir, "%s/tests/fixtures/schema/good", src_dir());
	good = pk_schema_load(dir, &d);
	cr_assert_not_null(good, "fixture schema must load (%zu findings)", d.n);
	cr_assert_eq(d.n, 0);
	doc = NULL;
}

static void teardown(void)
{
	pk_doc_free(doc);
	pk_schema_free(good);
	pk_diags_free(&d);
}

TestSuite(schema, .init = setup, .fini = teardown);

/* Validates text as a record of kind k; findings sorted into d. */
static int check(enum pk_rkind k, const char *text)
{
	pk_doc_free(doc);
	doc = pk_doc_parse("cases/DC-0001.yaml", text, strlen(text), NULL, &d);
	cr_assert_not_null(doc, "record must parse");
	int n = pk_schema_validate(good, k, doc, &d);
	pk_diags_sort(&d);
	cr_expect_eq((size_t)n, d.n, "return value %d, findings %zu", n, d.n);
	return n;
}

static void expect(size_t i, unsigned line, unsigned col, const char *rule, const char *msg,
		   const char *hint)
{
	cr_assert_lt(i, d.n, "only %zu findings", d.n);
	const struct pk_diag *g = &d.v[i];
	cr_expect_eq(g->line, line, "[%zu] %s: line %u", i, g->msg, g->line);
	cr_expect_eq(g->col, col, "[%zu] %s: col %u", i, g->msg, g->col);
	cr_expect_str_eq(g->rule, rule, "[%zu] %s", i, g->msg);
	cr_expect_str_eq(g->msg, msg);
	if (hint)
		cr_expect(g->hint && !strcmp(g->hint, hint), "[%zu] hint: want \"%s\", got \"%s\"", i,
			  hint, g->hint ? g->hint : "(none)");
	else
		cr_expect_null(g->hint, "[%zu] unexpected hint \"%s\"", i, g->hint);
}

#define DET "id: DC-0001\nframework: detention\ndetention:\n  start: 2026-01-10\n"
#define IPP "id: IPP-0001\nframework: ipp\n"

Test(schema, clean_records)
{
	cr_expect_eq(check(PK_R_CASE, DET "name: Zoë Q\nteam: north\nwoman: false\nlength: 30\n"
				      "score: 2\nnothing: ~\neither: 12\ntags: [a, b-c]\nnote: fixed\n"
				      "extra: {a: 1}\ngrid: [[1], []]\n"), 0);
	cr_expect_eq(check(PK_R_CASE, IPP "rag:\n  - rating: red\n    date: 2024-02-29\n"
				      "either:\nsentence: life\n"), 0);
	cr_expect_eq(check(PK_R_PERSON, "id: ann\nname: Ann Example\ngrade: HEO\n"), 0);
	cr_expect_eq(check(PK_R_PANEL, "id: P1\ncases:\n  - case: DC-0001\n    outcome: maintain\n"), 0);
	cr_expect_eq(d.n, 0);
}

/* type: each JSON type, and how YAML scalars are read. */
Test(schema, type_keyword)
{
	cr_expect_eq(check(PK_R_CASE, DET
			   "name: [a]\n"          /* 5 */
			   "team: 12\n"           /* 6: a plain number is not text */
			   "woman: yes\n"         /* 7: YAML 1.2 text, not boolean */
			   "length: \"120\"\n"    /* 8 */
			   "score: 1.5e1\n"
			   "nothing: x\n"         /* 10 */
			   "either: abc\n"        /* 11 */
			   "extra: 4\n"           /* 12 */
			   "rag: red\n"           /* 13: not for detention, and no list */
			   "tags:\n"              /* 14 */
			   ), 10);
	expect(0, 5, 7, "KIT-SCHEMA", "expected text, found a list", NULL);
	expect(1, 6, 7, "KIT-SCHEMA", "expected text, found \"12\"", "quote it to make it text: \"12\"");
	expect(2, 7, 8, "KIT-SCHEMA", "expected true or false, found \"yes\"", "write true or false");
	expect(3, 8, 9, "KIT-SCHEMA", "expected a whole number, found \"120\"", "remove the quotes");
	expect(4, 10, 10, "KIT-SCHEMA", "expected nothing (null), found \"x\"", NULL);
	expect(5, 11, 9, "KIT-SCHEMA", "expected a whole number or nothing (null), found \"abc\"", NULL);
	expect(6, 12, 8, "KIT-SCHEMA", "expected a mapping (key: value lines), found \"4\"",
	       "write key: value lines, indented under it");
	expect(7, 13, 1, "KIT-SCHEMA", "key \"rag\" is not allowed for framework detention",
	       "remove it, or correct \"framework\"");
	expect(8, 13, 6, "KIT-SCHEMA", "expected a list, found \"red\"",
	       "write each item on its own line, starting with \"- \"");
	expect(9, 14, 6, "KIT-SCHEMA", "expected a list, found nothing",
	       "write a value after the colon, or delete the line");
}

Test(schema, type_integer_is_strict_and_number_takes_both)
{
	cr_expect_eq(check(PK_R_CASE, DET "length: 1.5\nscore: 7\nwoman: \"true\"\nname: true\n"), 3);
	expect(0, 5, 9, "KIT-SCHEMA", "expected a whole number, found \"1.5\"", NULL);
	expect(1, 7, 8, "KIT-SCHEMA", "expected true or false, found \"true\"", "remove the quotes");
	expect(2, 8, 7, "KIT-SCHEMA", "expected text, found \"true\"", NULL);
}

Test(schema, date_type_mismatch_says_date)
{
	cr_expect_eq(check(PK_R_CASE, "id: DC-0001\nframework: detention\ndetention:\n  start: [2026-01-10]\n"), 1);
	expect(0, 4, 10, "KIT-SCHEMA", "expected a date (YYYY-MM-DD), found a list", NULL);
}

Test(schema, required_at_root_and_nested_with_description_hint)
{
	cr_expect_eq(check(PK_R_CASE, "framework: detention\ndetention:\n  end: 2026-02-01\n"
				      "  end_reason: removed\n"), 2);
	/* Required by the root and again by allOf: said once. */
	expect(0, 1, 1, "KIT-SCHEMA", "missing required key \"id\"", "id: Case ID, e.g. DC-0001.");
	expect(1, 3, 3, "KIT-SCHEMA", "missing required key \"start\" in \"detention\"",
	       "start: First day of detention.");
}

Test(schema, required_in_list_item_names_the_path)
{
	cr_expect_eq(check(PK_R_CASE, IPP "rag:\n  - rating: red\n    date: 2026-01-01\n  - rating: amber\n"), 1);
	expect(0, 6, 5, "KIT-SCHEMA", "missing required key \"date\" in \"rag[1]\"",
	       "date: Date the rating was set.");
}

Test(schema, unknown_key_with_suggestion)
{
	cr_expect_eq(check(PK_R_CASE, DET "detension: x\nNAME: Ann\nteem: north\n"), 3);
	expect(0, 5, 1, "KIT-SCHEMA", "unknown key \"detension\"", "did you mean \"detention\"?");
	expect(1, 6, 1, "KIT-SCHEMA", "unknown key \"NAME\"", "did you mean \"name\"?");
	expect(2, 7, 1, "KIT-SCHEMA", "unknown key \"teem\"", "did you mean \"team\"?");
}

Test(schema, unknown_key_prefix_and_lists)
{
	cr_expect_eq(check(PK_R_CASE, DET "  end_r: released\n  zz: 1\nwibble: 1\n"), 3);
	/* end_r: a prefix of end_reason; zz: nothing close, the few allowed
	 * keys are listed; wibble: too many keys at the root to list. */
	expect(0, 5, 3, "KIT-SCHEMA", "unknown key \"end_r\"", "did you mean \"end_reason\"?");
	expect(1, 6, 3, "KIT-SCHEMA", "unknown key \"zz\"", "allowed here: end, end_reason, start");
	expect(2, 7, 1, "KIT-SCHEMA", "unknown key \"wibble\"",
	       "check the spelling; case.schema.json lists the keys allowed here");
}

Test(schema, enum_and_const)
{
	cr_expect_eq(check(PK_R_CASE, "id: IPP-1\nframework: IPP\nnote: other\nrag:\n"
				      "  - rating: \"amber \"\n    date: 2026-01-01\n"
				      "  - rating: [red]\n    date: 2026-01-02\n"), 4);
	expect(0, 2, 12, "KIT-SCHEMA", "\"IPP\" is not one of: detention, ipp", "did you mean \"ipp\"?");
	expect(1, 3, 7, "KIT-SCHEMA", "expected \"fixed\", found \"other\"", NULL);
	expect(2, 5, 13, "KIT-SCHEMA", "\"amber \" is not one of: red, amber, green", "did you mean \"amber\"?");
	expect(3, 7, 13, "KIT-SCHEMA", "expected one of: red, amber, green; found a list", NULL);
}

Test(schema, enum_types_are_respected)
{
	/* grade: HEO is fine; a plain 12 is compared as text; true is a
	 * boolean and never equals an enum of text. */
	cr_expect_eq(check(PK_R_PERSON, "id: ann\nname: Ann\ngrade: G7\n"), 0);
	cr_expect_eq(check(PK_R_PERSON, "id: ann\nname: Ann\ngrade: true\n"), 1);
	expect(0, 3, 8, "KIT-SCHEMA", "\"true\" is not one of: AA, AO, EO, HEO, SEO, G7, G6, SCS", NULL);
}

Test(schema, enum_empty_value)
{
	cr_expect_eq(check(PK_R_CASE, DET "  end: 2026-03-01\n  end_reason:\n"), 1);
	expect(0, 6, 14, "KIT-SCHEMA", "expected one of: released, removed, bailed, other; found nothing",
	       "write a value after the colon, or delete the line");
}

/* Hostile input: findings per record are capped, with a last word. */
Test(schema, findings_are_capped)
{
	struct sbuf b = SBUF_INIT;
	sbuf_adds(&b, IPP);
	for (int i = 0; i < 250; i++)
		sbuf_addf(&b, "k%03d: 1\n", i);
	cr_expect_eq(check(PK_R_CASE, b.s), 201);
	sbuf_free(&b);
	expect(0, 3, 1, "KIT-SCHEMA", "unknown key \"k000\"",
	       "check the spelling; case.schema.json lists the keys allowed here");
	expect(199, 202, 1, "KIT-SCHEMA", "unknown key \"k199\"",
	       "check the spelling; case.schema.json lists the keys allowed here");
	expect(200, 203, 1, "KIT-SCHEMA", "more than 200 schema errors in this file; stopped reporting here",
	       "fix these first, then validate again");
}

Test(schema, pattern_with_description_hint)
{
	cr_expect_eq(check(PK_R_CASE, "id: DC 0001\nframework: ipp\ntags: [ok-tag, Bad_Tag]\n"), 2);
	/* The property's own description wins over the $ref target's. */
	expect(0, 1, 5, "KIT-SCHEMA", "\"DC 0001\" does not match the pattern ^[A-Za-z0-9][A-Za-z0-9._-]*$",
	       "Case ID, e.g. DC-0001.");
	expect(1, 3, 16, "KIT-SCHEMA", "\"Bad_Tag\" does not match the pattern ^[a-z-]+$",
	       "Lower-case words joined by hyphens.");
}

Test(schema, length_counts_characters)
{
	/* é is two bytes, one character; ÅÅÅÅÅÅÅÅÅÅ is 10 characters, 20 bytes. */
	cr_expect_eq(check(PK_R_CASE, IPP "name: ÅÅÅÅÅÅÅÅÅÅ\n"), 0);
	cr_expect_eq(check(PK_R_CASE, IPP "name: é\n"), 1);
	expect(0, 3, 7, "KIT-SCHEMA", "\"é\" is too short: at least 2 characters", NULL);
	pk_diags_free(&d);
	cr_expect_eq(check(PK_R_CASE, IPP "name: ÅÅÅÅÅÅÅÅÅÅÅ\n"), 1);
	expect(0, 3, 7, "KIT-SCHEMA", "too long: 11 characters, at most 10", NULL);
}

Test(schema, items_count)
{
	cr_expect_eq(check(PK_R_CASE, IPP "rag: []\n"), 1);
	expect(0, 3, 6, "KIT-SCHEMA", "\"rag\" has 0 items; at least 1 required", NULL);
	pk_diags_free(&d);
	cr_expect_eq(check(PK_R_CASE, IPP "rag:\n"
				      "  - {rating: red, date: 2026-01-01}\n"
				      "  - {rating: red, date: 2026-01-02}\n"
				      "  - {rating: red, date: 2026-01-03}\n"
				      "  - {rating: red, date: 2026-01-04}\n"), 1);
	expect(0, 4, 3, "KIT-SCHEMA", "\"rag\" has 4 items; at most 3 allowed", NULL);
}

Test(schema, minimum_and_maximum)
{
	cr_expect_eq(check(PK_R_CASE, IPP "length: 29\nscore: 0.25\n"), 2);
	expect(0, 3, 9, "KIT-SCHEMA", "29 is below the minimum of 30", NULL);
	expect(1, 4, 8, "KIT-SCHEMA", "0.25 is below the minimum of 0.5", NULL);
	pk_diags_free(&d);
	cr_expect_eq(check(PK_R_CASE, IPP "length: 301\nscore: 0.5\n"), 1);
	expect(0, 3, 9, "KIT-SCHEMA", "301 is above the maximum of 300", NULL);
	pk_diags_free(&d);
	cr_expect_eq(check(PK_R_CASE, IPP "length: 300\n"), 0);
}

/* if/then/else on framework: false schemas name the framework. */
Test(schema, framework_branches)
{
	cr_expect_eq(check(PK_R_CASE, DET "sentence: life\nrag: []\n"), 3);
	expect(0, 5, 1, "KIT-SCHEMA", "key \"sentence\" is not allowed for framework detention",
	       "remove it, or correct \"framework\"");
	expect(1, 6, 1, "KIT-SCHEMA", "key \"rag\" is not allowed for framework detention",
	       "remove it, or correct \"framework\"");
	/* The value is still checked against the key's own schema. */
	expect(2, 6, 6, "KIT-SCHEMA", "\"rag\" has 0 items; at least 1 required", NULL);
	pk_diags_free(&d);
	cr_expect_eq(check(PK_R_CASE, IPP "detention:\n  start: 2026-01-10\n"), 1);
	expect(0, 3, 1, "KIT-SCHEMA", "key \"detention\" is not allowed unless framework is detention",
	       "remove it, or correct \"framework\"");
	pk_diags_free(&d);
	cr_expect_eq(check(PK_R_CASE, "id: DC-1\nframework: detention\n"), 1);
	expect(0, 1, 1, "KIT-SCHEMA", "missing required key \"detention\"", "detention: The detention period.");
}

Test(schema, nested_if_then_requires)
{
	cr_expect_eq(check(PK_R_CASE, DET "  end: 2026-03-01\n"), 1);
	expect(0, 4, 3, "KIT-SCHEMA", "missing required key \"end_reason\" in \"detention\"", NULL);
}

Test(schema, nested_arrays_and_additional_schema)
{
	cr_expect_eq(check(PK_R_CASE, IPP "grid:\n  - [1, 2]\n  - [3, x, [4]]\nextra: {a: 1, b: x}\n"), 3);
	expect(0, 5, 9, "KIT-SCHEMA", "expected a whole number, found \"x\"", NULL);
	expect(1, 5, 12, "KIT-SCHEMA", "expected a whole number, found a list", NULL);
	expect(2, 6, 18, "KIT-SCHEMA", "expected a whole number, found \"x\"", NULL);
}

Test(schema, recursion_through_ref)
{
	cr_expect_eq(check(PK_R_CASE, IPP "tree:\n  kids:\n    - kids:\n        - nam: x\n"), 1);
	expect(0, 6, 11, "KIT-SCHEMA", "unknown key \"nam\"", "did you mean \"name\"?");
}

/* KIT-DATES: YYYY-MM-DD and a real calendar date, through $ref. */
Test(schema, dates)
{
	static const struct {
		const char *date;
		const char *msg; /* NULL: valid */
	} rows[] = {
		{"2024-02-29", NULL},  /* KIT-DATES: 2024 is a leap year */
		{"2000-02-29", NULL},  /* KIT-DATES: divisible by 400 */
		{"2025-02-29", "\"2025-02-29\" is not a real date: there is no such day in that month"},
		{"1900-02-29", "\"1900-02-29\" is not a real date: there is no such day in that month"},
		{"2026-02-30", "\"2026-02-30\" is not a real date: there is no such day in that month"},
		{"2026-04-31", "\"2026-04-31\" is not a real date: there is no such day in that month"},
		{"2026-13-01", "\"2026-13-01\" is not a real date: there is no such month"},
		{"2026-00-10", "\"2026-00-10\" is not a real date: there is no such month"},
		{"10/01/2026", "\"10/01/2026\" is not a date"},
		{"2026-1-10", "\"2026-1-10\" is not a date"},
		{"\"20260110\"", "\"20260110\" is not a date"},
	};
	for (size_t i = 0; i < PK_ARRAY_LEN(rows); i++) {
		char text[256];
		pk_diags_free(&d);
		snprintf(text, sizeof text, "id: DC-1\nframework: detention\ndetention:\n  start: %s\n",
			 rows[i].date);
		int n = check(PK_R_CASE, text);
		if (!rows[i].msg) {
			cr_expect_eq(n, 0, "%s should be valid", rows[i].date);
			continue;
		}
		cr_expect_eq(n, 1, "%s", rows[i].date);
		expect(0, 4, 10, "KIT-DATES", rows[i].msg, "dates are YYYY-MM-DD");
	}
}

Test(schema, every_error_in_one_pass_in_order)
{
	cr_expect_eq(check(PK_R_CASE, "framework: detention\n"  /* no id */
				      "detention:\n"
				      "  start: 2026-02-30\n"
				      "  strat: 2026-01-01\n"
				      "sentence: life\n"
				      "woman: no\n"), 5);
	expect(0, 1, 1, "KIT-SCHEMA", "missing required key \"id\"", "id: Case ID, e.g. DC-0001.");
	expect(1, 3, 10, "KIT-DATES",
	       "\"2026-02-30\" is not a real date: there is no such day in that month", "dates are YYYY-MM-DD");
	expect(2, 4, 3, "KIT-SCHEMA", "unknown key \"strat\"", "did you mean \"start\"?");
	expect(3, 5, 1, "KIT-SCHEMA", "key \"sentence\" is not allowed for framework detention",
	       "remove it, or correct \"framework\"");
	expect(4, 6, 8, "KIT-SCHEMA", "expected true or false, found \"no\"", "write true or false");
}

Test(schema, root_of_the_wrong_kind)
{
	cr_expect_eq(check(PK_R_CASE, "- id: DC-1\n"), 1);
	expect(0, 1, 1, "KIT-SCHEMA", "expected a mapping (key: value lines), found a list",
	       "write key: value lines, indented under it");
}

Test(schema, describe)
{
	cr_expect_str_eq(pk_schema_describe(good, PK_R_CASE, "detention.start"),
			 "First day of detention. CPP-CYCLE counts from here.");
	cr_expect_str_eq(pk_schema_describe(good, PK_R_CASE, "id"), "Case ID, e.g. DC-0001. Equals the file name.");
	cr_expect_str_eq(pk_schema_describe(good, PK_R_CASE, "rag[2].rating"), "RAG rating.");
	cr_expect_str_eq(pk_schema_describe(good, PK_R_CASE, "rag[].date"), "Date the rating was set.");
	cr_expect_str_eq(pk_schema_describe(good, PK_R_CASE, "tags[0]"),
			 "Lower-case words joined by hyphens. Like drug-trafficking.");
	cr_expect_str_eq(pk_schema_describe(good, PK_R_CASE, ""), "A case considered by progression panels.");
	cr_expect_str_eq(pk_schema_describe(good, PK_R_PANEL, "cases[0].outcome"),
			 "What the panel decided. Free text.");
	cr_expect_str_eq(pk_schema_describe(good, PK_R_PERSON, "grade"), "Home Office grade.");
	cr_expect_null(pk_schema_describe(good, PK_R_CASE, "detention.nope"));
	cr_expect_null(pk_schema_describe(good, PK_R_CASE, "length"));
	cr_expect_null(pk_schema_describe(good, PK_R_CASE, "name.sub"));
	cr_expect_null(pk_schema_describe(good, PK_R_NONE, "id"));
}

/* ---- load errors: a broken case.schema.json beside two `true` schemas ---- */

static char tmp[64];

static struct pk_schema *load_fixture(const char *name)
{
	char path[512], cmd[1024];
	strcpy(tmp, "/tmp/pk-schema.XXXXXX");
	cr_assert_not_null(mkdtemp(tmp));
	snprintf(cmd, sizeof cmd, "cp '%s/tests/fixtures/schema/load/%s' '%s/case.schema.json'",
		 src_dir(), name, tmp);
	cr_assert_eq(system(cmd), 0);
	const char *others[] = {"panel.schema.json", "person.schema.json"};
	for (int i = 0; i < 2; i++) {
		snprintf(path, sizeof path, "%s/%s", tmp, others[i]);
		FILE *f = fopen(path, "w");
		cr_assert_not_null(f);
		fputs("true\n", f);
		fclose(f);
	}
	struct pk_schema *s = pk_schema_load(tmp, &d);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
	cr_expect_eq(system(cmd), 0);
	pk_diags_sort(&d);
	return s;
}

static void expect_load(size_t i, unsigned line, unsigned col, const char *msg, const char *hint)
{
	cr_assert_lt(i, d.n, "only %zu findings", d.n);
	char want[128];
	snprintf(want, sizeof want, "%s/case.schema.json", tmp);
	cr_expect_str_eq(d.v[i].file, want);
	expect(i, line, col, "KIT-SCHEMA-FILE", msg, hint);
}

/* Validates text as a case record against schema s (a loaded fixture):
 * the findings, sorted, in d (the suite's doc is replaced). */
static int check_with(const struct pk_schema *s, const char *text)
{
	pk_doc_free(doc);
	doc = pk_doc_parse("cases/x.yaml", text, strlen(text), NULL, &d);
	cr_assert_not_null(doc, "record must parse");
	int n = pk_schema_validate(s, PK_R_CASE, doc, &d);
	pk_diags_sort(&d);
	return n;
}

Test(schema, load_unknown_keyword)
{
	cr_expect_null(load_fixture("unknown-keyword.json"));
	cr_assert_eq(d.n, 2);
	expect_load(0, 5, 7, "unknown schema keyword \"oneOf\"",
		    "panelkit implements type, required, properties, additionalProperties, enum, const, "
		    "pattern, format, items, minItems, maxItems, minLength, maxLength, minimum, maximum, "
		    "$ref, $defs, if, then, else, allOf");
	expect_load(1, 7, 30, "unknown schema keyword \"patern\"", "did you mean \"pattern\"?");
}

Test(schema, load_bad_keyword_values)
{
	cr_expect_null(load_fixture("bad-values.json"));
	cr_assert_eq(d.n, 9);
	expect_load(0, 4, 19, "unknown type \"str\"",
		    "types are string, integer, number, boolean, object, array, null");
	expect_load(1, 5, 40, "\"minItems\" must be a whole number, 0 or more", NULL);
	expect_load(2, 6, 39, "unsupported format \"time\"",
		    "only \"date\" is supported; use \"pattern\" for other formats");
	expect_load(3, 7, 40, "bad pattern: numbers out of order in {} quantifier (at character 7)",
		    "patterns are ECMA-262 regular expressions, as in JSON Schema");
	expect_load(4, 8, 40, "bad pattern: missing terminating ] for character class (at character 5)",
		    "patterns are ECMA-262 regular expressions, as in JSON Schema");
	expect_load(5, 9, 11, "\"then\" without \"if\"", "add the \"if\" condition it depends on");
	expect_load(6, 10, 19, "\"enum\" must be a non-empty list of values", NULL);
	expect_load(7, 11, 10, "a schema is a mapping or true/false, not text", NULL);
	expect_load(8, 12, 26, "\"description\" must be text", NULL);
}

Test(schema, load_bad_refs)
{
	cr_expect_null(load_fixture("bad-ref.json"));
	cr_assert_eq(d.n, 3);
	expect_load(0, 3, 19, "$ref \"#/$defs/dat\" not found in case.schema.json",
		    "did you mean \"#/$defs/date\"?");
	expect_load(1, 4, 19, "$ref \"person.schema.json#/$defs/id\" points outside this file; "
			      "only references within the file are supported",
		    "write \"#/$defs/<name>\" and define the schema under \"$defs\" in this file");
	expect_load(2, 5, 19, "$ref \"#/properties\" does not point to a schema", NULL);
}

Test(schema, load_ref_cycles_are_refused)
{
	cr_expect_null(load_fixture("cycle.json"));
	cr_assert_eq(d.n, 1);
	expect_load(0, 4, 30, "$ref cycle: \"#/$defs/a\" leads back to itself without reaching a "
			      "property or list item",
		    "a schema may refer to itself only inside \"properties\" or \"items\"");
	pk_diags_free(&d);
	cr_expect_null(load_fixture("self.json"));
	cr_assert_eq(d.n, 1);
	expect_load(0, 1, 10, "$ref cycle: \"#\" leads back to itself without reaching a property "
			      "or list item",
		    "a schema may refer to itself only inside \"properties\" or \"items\"");
}

Test(schema, load_empty_file)
{
	cr_expect_null(load_fixture("empty.json"));
	cr_assert_eq(d.n, 1);
	expect_load(0, 0, 0, "empty schema file", "a schema file holds one JSON Schema object");
}

Test(schema, load_missing_file)
{
	cr_expect_null(pk_schema_load("/nonexistent-panelkit-dir", &d));
	cr_expect_eq(d.n, 3);
	cr_expect_str_eq(d.v[0].rule, "KIT-IO");
}

/* Recursion through items ends with the record, so it loads and is bounded
 * by the record's depth. */
Test(schema, recursive_schema_through_items)
{
	struct pk_schema *s = load_fixture("recursive-ok.json");
	cr_assert_not_null(s);
	cr_assert_eq(d.n, 0);
	cr_expect_eq(check_with(s, "kids:\n  - kids:\n      - kids:\n          - nam: x\n"), 1);
	expect(0, 4, 13, "KIT-SCHEMA", "unknown key \"nam\"", "did you mean \"name\"?");
	cr_expect_str_eq(pk_schema_describe(s, PK_R_CASE, "kids[0].kids[1]"),
			 "Refers to itself through items: ends with the record.");
	/* A deep record stops at the YAML depth limit, never in the schema. */
	struct sbuf deep = SBUF_INIT;
	for (int i = 0; i < 30; i++)
		sbuf_addf(&deep, "%*skids:\n%*s-\n", i * 4, "", i * 4 + 2, "");
	pk_doc_free(doc);
	doc = pk_doc_parse("cases/deep.yaml", deep.s, deep.len, NULL, &d);
	sbuf_free(&deep);
	cr_assert_not_null(doc);
	pk_diags_free(&d);
	cr_expect_eq(pk_schema_validate(s, PK_R_CASE, doc, &d), 1);
	cr_expect_str_eq(d.v[0].msg, "expected a mapping (key: value lines), found nothing");
	pk_schema_free(s);
}

/* Patterns are ECMA-262, JSON Schema's dialect and the editors' (PCRE2 in
 * its JavaScript modes): \d, (?:), lookahead and \uHHHH work; $ is the
 * end of the text, not the place before a last newline; a pattern without
 * anchors matches anywhere. */
Test(schema, patterns_are_ecma_262)
{
	struct pk_schema *s = load_fixture("ecma-patterns.json");
	cr_assert_not_null(s);
	cr_assert_eq(d.n, 0);
	cr_expect_eq(check_with(s, "digits: \"2026\"\nnocap: abab\nahead: yes\nescape: \u00e9\u00e9\n"
				   "end: a\nfree: abc\n"), 0);
	cr_expect_eq(check_with(s, "digits: \"20x6\"\nnocap: aba\nahead: xyz\nescape: e\n"
				   "end: \"a\\n\"\nfree: cba\n"), 5);
	expect(0, 1, 9, "KIT-SCHEMA", "\"20x6\" does not match the pattern ^\\d{4}$", NULL);
	expect(1, 2, 8, "KIT-SCHEMA", "\"aba\" does not match the pattern ^(?:ab)+$", NULL);
	expect(2, 3, 8, "KIT-SCHEMA", "\"xyz\" does not match the pattern ^(?!x)[a-z]+$", NULL);
	expect(3, 4, 9, "KIT-SCHEMA", "\"e\" does not match the pattern ^\\u00e9+$", NULL);
	expect(4, 5, 6, "KIT-SCHEMA", "\"a\\x0A\" does not match the pattern ^a$", NULL);
	pk_schema_free(s);
}

/* The real schema/ on the sample caseload: both are in the repository, so
 * a missing one fails (it used to skip), and every record file is read
 * and counted: exactly the sample caseload the README describes (78
 * records: 35 people, 17 DC and 17 IS cases, 9 panels), and as many as the
 * library's own listing (pk_source_dir).  A record added to casefiles/
 * changes these numbers here and in the README. */
Test(schema, real_schema_on_casefiles)
{
	char dir[512], cases[512];
	snprintf(dir, sizeof dir, "%s/schema", src_dir());
	snprintf(cases, sizeof cases, "%s/casefiles", src_dir());
	struct pk_schema *s = pk_schema_load(dir, &d);
	pk_diags_sort(&d);
	if (!s)
		pk_diags_print(stderr, &d);
	cr_assert_not_null(s, "%s must load", dir);
	static const char *sub[] = {"people", "cases", "panels"};
	static const enum pk_rkind kinds[] = {PK_R_PERSON, PK_R_CASE, PK_R_PANEL};
	static const size_t want[] = {35, 34, 9};
	size_t records = 0, dc = 0, is = 0;
	for (int k = 0; k < 3; k++) {
		char path[1024];
		size_t here = 0;
		snprintf(path, sizeof path, "%s/%s", cases, sub[k]);
		DIR *dh = opendir(path);
		cr_assert_not_null(dh, "%s must exist", path);
		struct dirent *e;
		while ((e = readdir(dh))) {
			size_t l = strlen(e->d_name);
			if (l < 6 || strcmp(e->d_name + l - 5, ".yaml"))
				continue;
			snprintf(path, sizeof path, "%s/%s/%s", cases, sub[k], e->d_name);
			struct pk_doc *r = pk_doc_load(path, path, NULL, &d);
			cr_expect(r && pk_doc_root(r), "%s: not read", path);
			if (r)
				pk_schema_validate(s, kinds[k], r, &d);
			pk_doc_free(r);
			here++;
			if (kinds[k] == PK_R_CASE) {
				dc += !strncmp(e->d_name, "DC-", 3);
				is += !strncmp(e->d_name, "IS-", 3);
			}
		}
		closedir(dh);
		cr_expect_eq(here, want[k], "%s: %zu records, %zu expected", sub[k], here, want[k]);
		records += here;
	}
	cr_expect_eq(dc, 17, "%zu DC cases, 17 expected", dc);
	cr_expect_eq(is, 17, "%zu IS cases, 17 expected", is);
	cr_expect_eq(records, 78, "%zu records, 78 expected", records);
	struct pk_diags ld = PK_DIAGS_INIT;
	struct pk_source *src = pk_source_dir(cases, &ld);
	cr_assert_not_null(src);
	cr_expect_eq(records, src->n, "read %zu records, pk_source_dir lists %zu", records, src->n);
	pk_source_free(src);
	pk_diags_free(&ld);
	pk_diags_sort(&d);
	if (d.n)
		pk_diags_print(stderr, &d);
	cr_expect_eq(d.errors, 0, "%zu records, %zu errors", records, d.errors);
	pk_schema_free(s);
}

/* A plain number where a date or text is wanted: a number, as in the
 * editors (strict typing), with the hint that fixes it. */
Test(schema, plain_number_is_not_text)
{
	cr_expect_eq(check(PK_R_CASE, "id: DC-1\nframework: detention\ndetention:\n  start: 20260110\n"), 1);
	expect(0, 4, 10, "KIT-SCHEMA", "expected a date (YYYY-MM-DD), found \"20260110\"",
	       "dates are YYYY-MM-DD");
	pk_diags_free(&d);
	cr_expect_eq(check(PK_R_CASE, DET "team: \"12\"\n"), 0);
}
