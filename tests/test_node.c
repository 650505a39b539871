/* YAML loader: positions, typing, and hostile input (issue #2). */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "node.h"
#include "mem.h"
#include "text.h"

static struct pk_diags d;

static void setup(void) { memset(&d, 0, sizeof d); }
static void teardown(void) { pk_diags_free(&d); }

TestSuite(node, .init = setup, .fini = teardown);

static struct pk_doc *parse(const char *text)
{
	return pk_doc_parse("t.yaml", text, strlen(text), NULL, &d);
}

/* The one finding a failed parse must give. */
static void expect_error(const char *text, unsigned line, unsigned col, const char *rule,
			 const char *msg)
{
	struct pk_doc *doc = parse(text);
	cr_assert_null(doc, "parse should fail");
	cr_assert_eq(d.n, 1, "want one finding, got %zu", d.n);
	cr_expect_eq(d.v[0].line, line, "line %u", d.v[0].line);
	cr_expect_eq(d.v[0].col, col, "col %u", d.v[0].col);
	cr_expect_str_eq(d.v[0].rule, rule);
	cr_expect_str_eq(d.v[0].msg, msg);
}

Test(node, positions_and_lookups)
{
	struct pk_doc *doc = parse("id: DC-0001\ndetention:\n  start: 2026-01-10\nrag:\n  - rating: red\n    date: '2024-09-03'\n");
	cr_assert_not_null(doc);
	struct pk_node *root = pk_doc_root(doc);
	struct pk_node *start = pk_get(root, "detention.start");
	cr_assert_not_null(start);
	cr_expect_str_eq(start->str, "2026-01-10");
	cr_expect_eq(start->line, 3);
	cr_expect_eq(start->col, 10);
	/* A plain date is a string under the YAML 1.2 core schema. */
	cr_expect_eq(pk_scalar_type(start), PK_T_STR);
	cr_expect_str_eq(pk_get_str(root, "rag[0].date"), "2024-09-03");
	cr_expect_null(pk_get(root, "rag[1]"));
	cr_expect_str_eq(pk_doc_line(doc, 5), "  - rating: red");
	pk_doc_free(doc);
}

Test(node, core_schema_typing)
{
	struct pk_doc *doc = parse("a: 12\nb: '12'\nc: true\nd: no\ne: ~\nf: 1.5e3\ng: 0x1F\nh:\n");
	cr_assert_not_null(doc);
	struct pk_node *r = pk_doc_root(doc);
	cr_expect_eq(pk_scalar_type(pk_get(r, "a")), PK_T_INT);
	cr_expect_eq(pk_scalar_type(pk_get(r, "b")), PK_T_STR);
	cr_expect_eq(pk_scalar_type(pk_get(r, "c")), PK_T_BOOL);
	/* YAML 1.1 booleans like "no" stay text (the Norway problem). */
	cr_expect_eq(pk_scalar_type(pk_get(r, "d")), PK_T_STR);
	cr_expect_eq(pk_scalar_type(pk_get(r, "e")), PK_T_NULL);
	cr_expect_eq(pk_scalar_type(pk_get(r, "f")), PK_T_FLOAT);
	cr_expect_eq(pk_scalar_type(pk_get(r, "g")), PK_T_INT);
	cr_expect(pk_is_null(pk_get(r, "h")));
	pk_doc_free(doc);
}

Test(node, crlf_and_bom_are_accepted)
{
	struct pk_doc *doc = parse("\xEF\xBB\xBFid: A\r\nname: B\r\n");
	cr_assert_not_null(doc);
	cr_expect_str_eq(pk_get_str(pk_doc_root(doc), "name"), "B");
	cr_expect_eq(pk_get(pk_doc_root(doc), "name")->line, 2);
	cr_expect_str_eq(pk_doc_line(doc, 1), "id: A");
	pk_doc_free(doc);
}

Test(node, empty_file_has_no_root)
{
	struct pk_doc *doc = parse("# only a comment\n");
	cr_assert_not_null(doc);
	cr_expect_null(pk_doc_root(doc));
	cr_expect_eq(d.n, 0);
	pk_doc_free(doc);
}

Test(node, duplicate_key)
{
	expect_error("id: A\nname: B\nid: C\n", 3, 1, "YAML-DUPKEY", "duplicate key \"id\"");
	cr_expect_str_eq(d.v[0].hint, "the first \"id\" is on line 1; keep one of them");
}

Test(node, tab_indentation)
{
	expect_error("detention:\n\tstart: 2026-01-10\n", 2, 1, "YAML-TAB", "tab character in indentation");
}

Test(node, syntax_error_position)
{
	expect_error("id: A\nname: [unclosed\n", 3, 1, "YAML-SYNTAX",
		     "did not find expected ',' or ']' while parsing a flow sequence");
}

Test(node, invalid_utf8)
{
	expect_error("id: A\nname: caf\xE9\n", 2, 10, "YAML-ENCODING", "invalid UTF-8 byte 0xE9");
}

Test(node, conflict_markers_by_name)
{
	expect_error("id: A\n<<<<<<< HEAD\nname: B\n=======\nname: C\n>>>>>>> theirs\n", 2, 1,
		     "YAML-CONFLICT", "git merge conflict marker \"<<<<<<<\"");
}

Test(node, nul_byte)
{
	struct pk_doc *doc = pk_doc_parse("t.yaml", "id: A\0x", 7, NULL, &d);
	cr_assert_null(doc);
	cr_expect_str_eq(d.v[0].rule, "YAML-ENCODING");
}

Test(node, multiple_documents)
{
	expect_error("id: A\n---\nid: B\n", 2, 1, "YAML-MULTIDOC", "more than one YAML document in this file");
}

Test(node, alias_copies_and_unknown_alias)
{
	struct pk_doc *doc = parse("base: &b {rating: red}\nnext: *b\n");
	cr_assert_not_null(doc);
	cr_expect_str_eq(pk_get_str(pk_doc_root(doc), "next.rating"), "red");
	pk_doc_free(doc);
	pk_diags_free(&d);
	expect_error("a: *nope\n", 1, 4, "YAML-ALIAS", "unknown alias *nope");
}

Test(node, alias_bomb_is_capped)
{
	/* Nine levels of ten aliases each would be 10^9 nodes. */
	struct sbuf b = SBUF_INIT;
	sbuf_adds(&b, "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
	for (int i = 1; i < 10; i++) {
		sbuf_addf(&b, "a%d: &a%d [", i, i);
		for (int j = 0; j < 10; j++)
			sbuf_addf(&b, "%s*a%d", j ? ", " : "", i - 1);
		sbuf_adds(&b, "]\n");
	}
	struct pk_doc *doc = parse(b.s);
	sbuf_free(&b);
	cr_assert_null(doc);
	cr_assert_eq(d.n, 1);
	cr_expect_str_eq(d.v[0].rule, "YAML-LIMIT");
	cr_expect_str_eq(d.v[0].msg, "document expands to more than 200000 nodes");
}

Test(node, deep_nesting_is_capped)
{
	struct sbuf b = SBUF_INIT;
	for (int i = 0; i < 100; i++)
		sbuf_addc(&b, '[');
	for (int i = 0; i < 100; i++)
		sbuf_addc(&b, ']');
	struct pk_doc *doc = parse(b.s);
	sbuf_free(&b);
	cr_assert_null(doc);
	cr_expect_str_eq(d.v[0].rule, "YAML-LIMIT");
	cr_expect_str_eq(d.v[0].msg, "nesting deeper than 64 levels");
	cr_expect_eq(d.v[0].col, 65);
}

Test(node, size_limit)
{
	struct pk_limits lim = {16, 64, 1000};
	struct pk_doc *doc = pk_doc_parse("t.yaml", "id: ABCDEFGHIJKLMNOPQRSTUVWXYZ\n", 29, &lim, &d);
	cr_assert_null(doc);
	cr_expect_str_eq(d.v[0].msg, "file is too large (29 bytes; the limit is 16)");
}

Test(node, non_scalar_key)
{
	expect_error("? [a, b]\n: c\n", 1, 3, "YAML-KEY", "a mapping key must be a plain scalar, not a sequence");
}

Test(node, build_and_copy)
{
	struct pk_doc *doc = pk_doc_new();
	struct pk_node *m = pk_new_map(doc), *s = pk_new_seq(doc);
	pk_map_put(doc, m, "title", pk_new_strf(doc, "Panel %d", 7));
	for (int i = 0; i < 10; i++)
		pk_seq_push(doc, s, pk_new_strf(doc, "%d", i));
	pk_map_put(doc, m, "items", s);
	pk_doc_set_root(doc, m);
	struct pk_doc *other = pk_doc_new();
	struct pk_node *c = pk_copy(other, m);
	pk_doc_free(doc);
	cr_expect_str_eq(pk_get_str(c, "title"), "Panel 7");
	cr_expect_str_eq(pk_get_str(c, "items[9]"), "9");
	pk_doc_free(other);
}

Test(node, printable_escapes_bad_bytes)
{
	char *p = pk_printable("ok\xff\x01\xc3\xa9", 6, 100);
	cr_expect_str_eq(p, "ok\\xFF\\x01\xc3\xa9");
	free(p);
}

Test(node, safe_ids)
{
	cr_expect(pk_safe_id("DC-0001"));
	cr_expect(pk_safe_id("a.b_c"));
	cr_expect_not(pk_safe_id("../etc/passwd"));
	cr_expect_not(pk_safe_id("a..b"));
	cr_expect_not(pk_safe_id(".hidden"));
	cr_expect_not(pk_safe_id("a/b"));
	cr_expect_not(pk_safe_id(""));
	cr_expect_not(pk_safe_id("x\n"));
}

/* Frozen trees (validate keeps a case's facts for its panels this way):
 * every node comes back with its kind, text, plain flag and position;
 * keys keep only the top-level entries named, in the record's order; and
 * bytes pk_node_freeze did not write (cut short, one changed) are refused. */
static int same(const struct pk_node *a, const struct pk_node *b)
{
	if (a->kind != b->kind || a->line != b->line || a->col != b->col ||
	    a->end_line != b->end_line || a->plain != b->plain || a->len != b->len ||
	    memcmp(a->str, b->str, a->len) != 0 || a->n != b->n)
		return 0;
	for (size_t i = 0; i < a->n; i++)
		if ((a->kind == PK_MAP && !same(a->keys[i], b->keys[i])) || !same(a->items[i], b->items[i]))
			return 0;
	return 1;
}

Test(node, freeze_and_thaw)
{
	struct pk_doc *doc = parse("id: DC-1\nname: \"Ann\"\ndetention:\n  start: 2026-01-05\n"
				   "tags: [a, b]\nnotes: |\n  two\n  lines\nempty:\n");
	cr_assert_not_null(doc);
	struct sbuf b = SBUF_INIT;
	pk_node_freeze(pk_doc_root(doc), NULL, 0, &b);
	struct pk_doc *back = pk_doc_thaw("cases/DC-1.yaml", b.s, b.len);
	cr_assert_not_null(back);
	cr_expect(same(pk_doc_root(doc), pk_doc_root(back)));
	cr_expect_str_eq(pk_doc_path(back), "cases/DC-1.yaml");
	cr_expect_str_eq(pk_get_str(pk_doc_root(back), "detention.start"), "2026-01-05");
	cr_expect_eq(pk_get(pk_doc_root(back), "detention.start")->line, 4);
	cr_expect_eq(pk_get(pk_doc_root(back), "detention.start")->col, 10);
	pk_doc_free(back);

	size_t whole = b.len;
	for (size_t cut = 0; cut < whole; cut++)
		cr_expect_null(pk_doc_thaw("x", b.s, cut), "cut at %zu of %zu", cut, whole);
	b.s[0] = (char)PK_SEQ;
	cr_expect_null(pk_doc_thaw("x", b.s, whole), "a root that is not a map");
	/* Well-formed bytes of a map whose one key is an empty list and whose
	 * value is "x": every count and length adds up, but keys are scalars
	 * (node.h), so they are refused; with a scalar key they thaw. */
	const char bad_key[] = {PK_MAP, 1, 1, 1, 1, PK_SEQ, 1, 1, 1, 0, PK_SCALAR, 1, 3, 1, 1, 'x'};
	cr_expect_null(pk_doc_thaw("x", bad_key, sizeof bad_key), "a key that is not a scalar");
	const char good_key[] = {PK_MAP, 1, 1, 1, 1, PK_SCALAR, 1, 1, 1, 1, 'k', PK_SCALAR, 1, 3, 1, 1, 'x'};
	cr_expect_not_null(back = pk_doc_thaw("x", good_key, sizeof good_key));
	cr_expect_str_eq(pk_get_str(pk_doc_root(back), "k"), "x");
	pk_doc_free(back);

	const char *keys[] = {"absent", "id", "tags"}; /* sorted */
	sbuf_reset(&b);
	pk_node_freeze(pk_doc_root(doc), keys, 3, &b);
	cr_expect_lt(b.len, whole);
	back = pk_doc_thaw("x", b.s, b.len);
	cr_assert_not_null(back);
	const struct pk_node *r = pk_doc_root(back);
	cr_assert_eq(r->n, 2);
	cr_expect_str_eq(r->keys[0]->str, "id");
	cr_expect_str_eq(r->keys[1]->str, "tags");
	cr_expect_eq(r->items[1]->n, 2);
	cr_expect_null(pk_get(r, "name"));
	pk_doc_free(back);

	/* The deepest record the parse takes (63 nested maps) comes back whole. */
	struct sbuf deep = SBUF_INIT;
	for (int i = 0; i < 63; i++)
		sbuf_addf(&deep, "%*sk:\n", i * 2, "");
	sbuf_addf(&deep, "%*sk: leaf\n", 63 * 2, "");
	pk_doc_free(doc);
	doc = parse(deep.s);
	sbuf_free(&deep);
	cr_assert_not_null(doc, "%s", d.n ? d.v[0].msg : "");
	sbuf_reset(&b);
	pk_node_freeze(pk_doc_root(doc), NULL, 0, &b);
	back = pk_doc_thaw("x", b.s, b.len);
	cr_assert_not_null(back);
	cr_expect(same(pk_doc_root(doc), pk_doc_root(back)));
	pk_doc_free(back);
	sbuf_free(&b);
	pk_doc_free(doc);
}
