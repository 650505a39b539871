/* Template language (template.h): variables, sections, partials,
 * standalone lines, Markdown escaping and errors with positions (issue #5). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmark.h>

#include "node.h"
#include "template.h"
#include "mem.h"
#include "files.h"

static struct pk_diags d;
static struct pk_tmpl_set *set;
static struct sbuf out;

static void setup(void)
{
	memset(&d, 0, sizeof d);
	set = pk_tmpl_set_new(NULL);
	memset(&out, 0, sizeof out);
}

static void teardown(void)
{
	pk_diags_free(&d);
	pk_tmpl_set_free(set);
	sbuf_free(&out);
}

TestSuite(template, .init = setup, .fini = teardown);

/* Renders text (as t.md) with the YAML view; returns the error count. */
static int render(const char *text, const char *yaml)
{
	struct pk_diags yd = PK_DIAGS_INIT;
	struct pk_doc *doc = pk_doc_parse("view.yaml", yaml, strlen(yaml), NULL, &yd);
	cr_assert_not_null(doc, "bad view YAML in the test");
	pk_diags_free(&yd);
	pk_tmpl_set_add(set, "t", "t.md", text);
	sbuf_reset(&out);
	int n = pk_tmpl_render(set, "t", pk_doc_root(doc), &out, &d);
	pk_doc_free(doc);
	return n;
}

static void expect(const char *text, const char *yaml, const char *want)
{
	int n = render(text, yaml);
	cr_assert_eq(n, 0, "unexpected error: %s", d.n ? d.v[0].msg : "?");
	cr_expect_str_eq(sbuf_str(&out), want);
}

/* Exactly one error, at line:col, with that message. */
static void expect_error(const char *text, const char *yaml, unsigned line, unsigned col,
			 const char *msg)
{
	int n = render(text, yaml);
	cr_assert_eq(n, 1, "want one error, got %d (%s)", n, d.n ? d.v[0].msg : "none");
	cr_assert_eq(d.n, 1);
	cr_expect_str_eq(d.v[0].file, "t.md");
	cr_expect_eq(d.v[0].line, line, "line %u, want %u", d.v[0].line, line);
	cr_expect_eq(d.v[0].col, col, "col %u, want %u", d.v[0].col, col);
	cr_expect_str_eq(d.v[0].rule, "KIT-TEMPLATE");
	cr_expect_str_eq(d.v[0].msg, msg);
}

static char *escaped(const char *s)
{
	struct sbuf b = SBUF_INIT;
	pk_md_escape(&b, s, strlen(s));
	return sbuf_detach(&b);
}

/* ---- variables ---- */

Test(template, variables_escaped_and_raw)
{
	expect("Hello {{name}}!\n", "name: Ann\n", "Hello Ann!\n");
	expect("{{a}} {{{a}}} {{& a}}\n", "a: '*x*'\n", "\\*x\\* *x* *x*\n");
	expect("{{ name }}\n", "name: Ann\n", "Ann\n");
	expect("{{p.q.r}}\n", "p: {q: {r: deep}}\n", "deep\n");
	expect("no tags at all\n", "{}\n", "no tags at all\n");
	expect("", "{}\n", "");
}

Test(template, null_present_renders_empty)
{
	/* A key present with a null value is not a typo: it prints nothing. */
	expect("[{{a}}][{{b}}][{{c.d}}]\n", "a: null\nb: ~\nc: null\n", "[][][]\n");
}

Test(template, unknown_placeholder_is_an_error)
{
	expect_error("line one\n  x {{ownr}} y\n", "owner: Ann\n", 2, 5,
		     "unknown placeholder \"ownr\"");
	cr_expect_str_eq(d.v[0].hint, "did you mean \"owner\"?");
	cr_expect_str_eq(d.v[0].src, "  x {{ownr}} y");
}

Test(template, unknown_dotted_part_is_an_error)
{
	expect_error("{{a.c}}\n", "a: {b: 1}\n", 1, 1,
		     "unknown placeholder \"a.c\": no \"c\" in that map");
	/* A text value has no parts. */
	sbuf_reset(&out);
	pk_diags_free(&d);
	expect_error("{{a.b}}\n", "a: text\n", 1, 1,
		     "unknown placeholder \"a.b\": no \"b\" in a text value");
}

Test(template, list_as_variable_is_an_error)
{
	expect_error("x\n{{items}}\n", "items: [1, 2]\n", 2, 1,
		     "\"items\" is a list, not a text value");
}

Test(template, error_reported_once_per_tag_in_a_loop)
{
	int n = render("{{#xs}}{{nope}}{{/xs}}\n", "xs: [1, 2, 3]\n");
	cr_expect_eq(n, 1);
	cr_expect_eq(d.n, 1);
}

/* An unknown tag reached many times (a partial expanded thousands of
 * times by a loop) is looked up and reported once: the "did you mean" is
 * not worked out again each time (found by fuzz_template: 5 s and more). */
Test(template, repeated_unknown_tag_in_partials_reported_once)
{
	pk_tmpl_set_add(set, "p", "p.md", "{{#xs}}{{nope}}{{nope.x}}{{/xs}}");
	int n = render("{{#xs}}{{> p}}{{/xs}}\n", "xs: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\nnop: 1\nnope2: 2\n");
	cr_expect_eq(n, 2);
	cr_assert_eq(d.n, 2);
	cr_expect_str_eq(d.v[0].file, "p.md");
	cr_expect_str_eq(d.v[0].msg, "unknown placeholder \"nope\"");
	cr_expect_str_eq(d.v[0].hint, "did you mean \"nop\"?");
	cr_expect_str_eq(d.v[1].msg, "unknown placeholder \"nope.x\"");
}

/* Past 16 distinct unknown tags the render stops. */
Test(template, render_stops_after_16_unknown_tags)
{
	struct sbuf t = SBUF_INIT;
	for (int i = 0; i < 20; i++)
		sbuf_addf(&t, "{{u%d}}\n", i);
	int n = render(sbuf_str(&t), "{}\n");
	sbuf_free(&t);
	cr_expect_eq(n, 16);
	cr_assert_eq(d.n, 16);
	cr_expect_str_eq(d.v[15].msg, "unknown placeholder \"u15\"");
}

/* ---- sections ---- */

Test(template, section_over_list_pushes_each_item)
{
	expect("{{#cases}}- {{id}} ({{team}})\n{{/cases}}",
	       "team: north\ncases: [{id: A}, {id: B, team: south}]\n",
	       "- A (north)\n- B (south)\n");
	expect("{{#xs}}<{{.}}>{{/xs}}\n", "xs: [a, '*b*']\n", "<a><\\*b\\*>\n");
}

Test(template, section_truthiness)
{
	const char *t = "{{#v}}yes{{/v}}{{^v}}no{{/v}}\n";
	expect(t, "v: true\n", "yes\n");
	expect(t, "v: false\n", "no\n");
	expect(t, "v: ~\n", "no\n");
	expect(t, "v: ''\n", "no\n");
	expect(t, "v: []\n", "no\n");
	expect(t, "v: {}\n", "yes\n");
	expect(t, "v: text\n", "yes\n");
	/* A quoted "false" is text, not a boolean. */
	expect(t, "v: 'false'\n", "yes\n");
}

Test(template, section_over_map_and_scalar)
{
	expect("{{#p}}{{name}} of {{team}}{{/p}}\n", "team: t1\np: {name: Ann}\n", "Ann of t1\n");
	expect("{{#s}}[{{.}}]{{/s}}\n", "s: '[here]'\n", "[\\[here\\]]\n");
}

Test(template, standalone_lines_leave_no_trace)
{
	expect("a\n{{#xs}}\n- {{.}}\n{{/xs}}\nb\n", "xs: [1, 2]\n", "a\n- 1\n- 2\nb\n");
	expect("a\n  {{! a comment }}  \nb\n", "{}\n", "a\nb\n");
	expect("a\r\n{{#v}}\r\nx\r\n{{/v}}\r\nb\r\n", "v: true\n", "a\r\nx\r\nb\r\n");
	/* Not alone on its line: kept inline. */
	expect("a {{#v}}x{{/v}} b\n", "v: true\n", "a x b\n");
	expect("{{#v}}\nlast{{/v}}", "v: true\n", "last");
}

Test(template, comments_may_span_lines)
{
	expect("a{{! one\ntwo }}b\n", "{}\n", "ab\n");
}

/* ---- partials ---- */

Test(template, partials_render_in_context_and_indent)
{
	pk_tmpl_set_add(set, "item", "item.md", "- {{id}}\n  more\n");
	expect("{{#xs}}\n{{> item}}\n{{/xs}}\n", "xs: [{id: A}, {id: B}]\n",
	       "- A\n  more\n- B\n  more\n");
	expect("1. x\n   {{> item}}\n", "id: Z\n", "1. x\n   - Z\n     more\n");
}

Test(template, unknown_partial)
{
	expect_error("ok\n{{> nothere}}\n", "{}\n", 2, 1, "unknown partial \"nothere\"");
}

Test(template, partial_recursion_is_bounded)
{
	pk_tmpl_set_add(set, "loop", "loop.md", "x{{> loop}}");
	int n = render("{{> loop}}\n", "{}\n");
	cr_expect_eq(n, 1);
	cr_assert_eq(d.n, 1);
	cr_expect_str_eq(d.v[0].file, "loop.md");
	cr_expect_eq(d.v[0].line, 1);
	cr_expect_eq(d.v[0].col, 2);
	cr_expect_str_eq(d.v[0].msg, "partials nested more than 16 deep at {{> loop}}");
}

/* A partial including itself twice inside a list doubles at every level:
 * 2^16 expansions within the depth cap.  The expansion budget stops it
 * (found by the hostile corpus). */
Test(template, partial_bomb_is_bounded)
{
	pk_tmpl_set_add(set, "loop", "loop.md", "{{#items}}{{> loop}}{{> loop}}{{/items}}x");
	int n = render("{{> loop}}\n", "items: [1, 2, 3]\n");
	cr_expect_geq(n, 1);
	cr_assert_geq(d.n, 1);
	cr_expect_str_eq(d.v[0].file, "loop.md");
	cr_expect_str_eq(d.v[0].msg, "partials nested more than 16 deep at {{> loop}}");
	cr_expect_lt(out.len, 1u << 20, "output stopped early: %zu bytes", out.len);
}

Test(template, partial_errors_name_the_partial)
{
	pk_tmpl_set_add(set, "bad", "bad.md", "fine\n{{#open}}\n");
	int n = render("{{> bad}}\n", "open: true\n");
	cr_expect_eq(n, 1);
	cr_assert_eq(d.n, 1);
	cr_expect_str_eq(d.v[0].file, "bad.md");
	cr_expect_eq(d.v[0].line, 2);
	cr_expect_str_eq(d.v[0].msg, "section {{#open}} is not closed");
	/* A second run with fresh findings still fails. */
	pk_diags_free(&d);
	sbuf_reset(&out);
	cr_expect_eq(pk_tmpl_render(set, "t", NULL, &out, &d), 1);
	cr_expect_str_eq(d.v[0].msg, "partial \"bad\" has errors");
}

Test(template, partials_from_a_directory)
{
	char dir[] = "/tmp/tmpl-test.XXXXXX";
	cr_assert_not_null(mkdtemp(dir));
	char path[256];
	snprintf(path, sizeof path, "%s/head.md", dir);
	cr_assert_eq(pk_write_atomic(path, "# {{title}}\n", 12, 0), 0);
	snprintf(path, sizeof path, "%s/doc.md", dir);
	cr_assert_eq(pk_write_atomic(path, "{{> head}}\nbody\n", 16, 0), 0);
	struct pk_tmpl_set *s = pk_tmpl_set_new(dir);
	struct pk_diags yd = PK_DIAGS_INIT;
	struct pk_doc *v = pk_doc_parse("v", "title: T\n", 9, NULL, &yd);
	cr_assert_eq(pk_tmpl_render(s, "doc", pk_doc_root(v), &out, &d), 0);
	cr_expect_str_eq(sbuf_str(&out), "# T\nbody\n");
	/* A missing template names the directory. */
	cr_expect_eq(pk_tmpl_render(s, "nope", pk_doc_root(v), &out, &d), 1);
	cr_expect_str_eq(d.v[0].file, dir);
	cr_expect_str_eq(d.v[0].msg, "no template \"nope\" (nope.md)");
	/* A partial name cannot leave the directory. */
	pk_tmpl_set_add(s, "t", "t.md", "{{> ../etc/passwd}}");
	pk_diags_free(&d);
	cr_expect_eq(pk_tmpl_render(s, "t", pk_doc_root(v), &out, &d), 1);
	cr_expect_str_eq(d.v[0].msg, "bad partial name \"../etc/passwd\"");
	pk_doc_free(v);
	pk_diags_free(&yd);
	pk_tmpl_set_free(s);
	unlink(path);
	snprintf(path, sizeof path, "%s/head.md", dir);
	unlink(path);
	rmdir(dir);
}

/* ---- syntax errors, with positions ---- */

Test(template, unclosed_section)
{
	expect_error("# T\n\n{{#cases}}\n- {{id}}\n", "cases: []\n", 3, 1,
		     "section {{#cases}} is not closed");
}

Test(template, mismatched_close)
{
	expect_error("{{#a}}\n  {{^b}}x{{/a}}\n{{/b}}\n", "a: 1\nb: 2\n", 2, 10,
		     "{{/a}} does not match {{^b}} opened at line 2, column 3");
}

Test(template, columns_count_characters)
{
	expect_error("caf\xc3\xa9 {{x}}\n", "{}\n", 1, 6, "unknown placeholder \"x\"");
}

Test(template, close_without_open)
{
	expect_error("text {{/a}}\n", "{}\n", 1, 6, "{{/a}} closes no section");
}

Test(template, unclosed_tag)
{
	expect_error("ok\nthen {{name\n", "name: x\n", 2, 6, "unclosed tag: '}}' expected");
	pk_diags_free(&d);
	expect_error("{{{raw}}\n", "raw: x\n", 1, 1, "unclosed tag: '}}}' expected");
}

Test(template, bad_names)
{
	expect_error("{{a b}}\n", "{}\n", 1, 1, "bad placeholder name \"a b\"");
	pk_diags_free(&d);
	expect_error("{{}}\n", "{}\n", 1, 1, "bad placeholder name \"\"");
	pk_diags_free(&d);
	expect_error("{{a..b}}\n", "{}\n", 1, 1, "bad placeholder name \"a..b\"");
	pk_diags_free(&d);
	expect_error("x {{=<% %>=}}\n", "{}\n", 1, 3, "changing the delimiters is not supported");
}

Test(template, several_errors_in_one_run)
{
	int n = render("{{a}}\n{{b}}\n{{#c}}\n", "{}\n");
	/* The section is not closed: a compile error stops before rendering. */
	cr_expect_eq(n, 1);
	pk_diags_free(&d);
	n = render("{{a}}\n{{b}}\n", "{}\n");
	cr_expect_eq(n, 2);
	cr_expect_eq(d.v[0].line, 1);
	cr_expect_eq(d.v[1].line, 2);
}

/* ---- Markdown escaping ---- */

Test(template, escape_table)
{
	static const struct { const char *in, *want; } rows[] = {
		{"plain text, 12 words.", "plain text, 12 words."},
		{"<script>alert(1)</script>", "\\<script>alert(1)\\</script>"},
		{"<div>\n<b>x</b>\n</div>", "\\<div> \\<b>x\\</b> \\</div>"},
		{"# heading", "\\# heading"},
		{"Room #4 and x #", "Room \\#4 and x \\#"},
		{"- item", "\\- item"},
		{"+ item", "\\+ item"},
		{"> quote", "\\> quote"},
		{"a > b - c + d", "a > b - c + d"},
		{"1. first", "1\\. first"},
		{"2026) x", "2026\\) x"},
		{"2026-11-23", "2026-11-23"},
		{"*bold* _em_ `code`", "\\*bold\\* \\_em\\_ \\`code\\`"},
		{"case_id snake_case", "case_id snake_case"},
		{"[link](http://x)", "\\[link\\](http://x)"},
		{"a | b", "a \\| b"},
		{"back\\slash", "back\\\\slash"},
		{"~~~", "\\~\\~\\~"},
		{"---", "\\---"},
		{"===", "\\==="},
		{"AT&T &amp; &#60; &#x3C; &a b;", "AT&T \\&amp; \\&#60; \\&#x3C; &a b;"},
		{"line one\nline two\r\n\r\nthree", "line one line two three"},
		{"    indented code", "indented code"},
		{"trailing  \n", "trailing"},
		{"tab\there", "tab here"},
		{"ctrl\x01x", "ctrl x"},
		{"", ""},
		{"caf\xc3\xa9 \xe2\x80\x94 ok", "caf\xc3\xa9 \xe2\x80\x94 ok"},
	};
	for (size_t i = 0; i < PK_ARRAY_LEN(rows); i++) {
		char *got = escaped(rows[i].in);
		cr_expect_str_eq(got, rows[i].want, "row %zu: \"%s\"", i, rows[i].in);
		free(got);
	}
}

/* The real property: whatever the value, a line "- {{v}}" stays one list
 * item holding exactly the value's text (whitespace collapsed), and the
 * HTML holds no tag from the value. */
static void check_roundtrip(const char *value)
{
	struct sbuf md = SBUF_INIT;
	sbuf_adds(&md, "- ");
	pk_md_escape(&md, value, strlen(value));
	sbuf_adds(&md, "\n\n| k | v |\n|---|---|\n| x | ");
	pk_md_escape(&md, value, strlen(value));
	sbuf_adds(&md, " |\n");

	cmark_node *doc = cmark_parse_document(md.s, md.len, CMARK_OPT_DEFAULT);
	cmark_node *list = cmark_node_first_child(doc);
	cr_assert_eq(cmark_node_get_type(list), CMARK_NODE_LIST, "value %s", value);
	cmark_node *item = cmark_node_first_child(list);
	cr_expect_null(cmark_node_next(item), "one item only");
	cmark_node *para = cmark_node_first_child(item);
	cr_expect_null(cmark_node_next(para), "one paragraph only");
	/* Concatenated text of the paragraph: only text nodes. */
	struct sbuf txt = SBUF_INIT;
	for (cmark_node *n = cmark_node_first_child(para); n; n = cmark_node_next(n)) {
		cr_expect_eq(cmark_node_get_type(n), CMARK_NODE_TEXT, "only text in \"%s\"", md.s);
		const char *lit = cmark_node_get_literal(n);
		sbuf_adds(&txt, lit ? lit : "");
	}
	/* Expected: the value with whitespace runs collapsed and trimmed. */
	struct sbuf want = SBUF_INIT;
	int sp = 0;
	for (const char *p = value; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c <= ' ' || c == 0x7f) {
			sp = 1;
			continue;
		}
		if (sp && want.len)
			sbuf_addc(&want, ' ');
		sp = 0;
		sbuf_addc(&want, (char)c);
	}
	cr_expect_str_eq(sbuf_str(&txt), sbuf_str(&want), "markdown was \"%s\"", md.s);
	/* The table row paragraph is the second block, nothing more. */
	cmark_node *tbl = cmark_node_next(list);
	cr_assert_not_null(tbl);
	cr_expect_eq(cmark_node_get_type(tbl), CMARK_NODE_PARAGRAPH);
	cr_expect_null(cmark_node_next(tbl));

	char *html = cmark_render_html(doc, CMARK_OPT_DEFAULT);
	cr_expect_null(strstr(html, "<script"), "%s", html);
	cr_expect_null(strstr(html, "<div"), "%s", html);
	cr_expect_null(strstr(html, "raw HTML omitted"), "nothing parsed as HTML: %s", html);
	free(html);
	cmark_node_free(doc);
	sbuf_free(&txt);
	sbuf_free(&want);
	sbuf_free(&md);
}

Test(template, escaped_values_cannot_break_structure)
{
	static const char *const values[] = {
		"<script>alert('x')</script>",
		"<div>\n\nraw block\n\n</div>",
		"<!-- comment -->",
		"<http://example.org>",
		"# not a heading",
		"text\n# heading after a line break",
		"text\n\n- a new list",
		"1. one\n2. two",
		"3) three",
		"> quote\n> more",
		"```\ncode fence\n```",
		"~~~ tilde fence",
		"    four spaces",
		"---",
		"text\n---",
		"text\n===",
		"***",
		"___",
		"*em* **strong** _em_ __strong__",
		"`code` ``double``",
		"[a](b) ![img](c) [ref]\n\n[ref]: http://x",
		"a | b | c",
		"back\\slash at the end\\",
		"hard break  \nnext",
		"&amp; &copy; &#169; &#xA9;",
		"! [ ] ( ) { } + - . ! ~ ^ $ % @",
		"trailing # hashes ##",
		"snake_case_name _leading trailing_",
		"mixed <b>bold</b> & <i>it</i>",
	};
	for (size_t i = 0; i < PK_ARRAY_LEN(values); i++)
		check_roundtrip(values[i]);
}

/* The same property over many generated values, from an alphabet of
 * Markdown's special characters (a fixed seed: the same values each run). */
Test(template, escaping_property_on_generated_values)
{
	static const char alphabet[] = "#*_`[]()<>|\\!&;:-+=.~ \n\t1aZ\"'/{}^$@%";
	unsigned long x = 12345;
	char v[24];
	for (int i = 0; i < 3000; i++) {
		size_t n = 1 + (size_t)(i % 23);
		for (size_t k = 0; k < n; k++) {
			x = x * 6364136223846793005UL + 1442695040888963407UL;
			v[k] = alphabet[(x >> 33) % (sizeof alphabet - 1)];
		}
		v[n] = '\0';
		check_roundtrip(v);
	}
}

Test(template, very_long_value)
{
	struct sbuf v = SBUF_INIT;
	for (int i = 0; i < 5000; i++)
		sbuf_adds(&v, "a very long note *with* <b>markup</b> | and\n- lines ");
	check_roundtrip(v.s);
	char *e = escaped(v.s);
	cr_expect_gt(strlen(e), v.len);
	cr_expect_null(strchr(e, '\n'));
	free(e);
	sbuf_free(&v);
}

Test(template, dir_option_env_and_default)
{
	char *a = pk_tmpl_dir("/x/t");
	cr_expect_str_eq(a, "/x/t");
	free(a);
	setenv("PANEL_TEMPLATES", "/env/t", 1);
	a = pk_tmpl_dir(NULL);
	cr_expect_str_eq(a, "/env/t");
	free(a);
	unsetenv("PANEL_TEMPLATES");
	setenv("PANEL_DATA_DIR", "/data", 1);
	a = pk_tmpl_dir(NULL);
	cr_expect_str_eq(a, "/data/templates");
	free(a);
	unsetenv("PANEL_DATA_DIR");
}
