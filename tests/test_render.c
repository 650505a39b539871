/* HTML through cmark (render.h): raw HTML suppressed, pipe tables, the
 * printable page (issue #5). */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "render.h"
#include "template.h"
#include "mem.h"
#include "files.h"

static char *html_of(const char *md)
{
	char *h = pk_md_to_html(md, strlen(md));
	cr_assert_not_null(h);
	return h;
}

static void expect_html(const char *md, const char *want)
{
	char *h = html_of(md);
	cr_expect_str_eq(h, want, "markdown: %s", md);
	free(h);
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;
	for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

Test(render, raw_html_is_suppressed)
{
	expect_html("<script>alert(1)</script>\n", "<!-- raw HTML omitted -->\n");
	expect_html("<div>\n*x*\n</div>\n", "<!-- raw HTML omitted -->\n");
	expect_html("a <b onclick=\"x()\">b</b>\n",
		    "<p>a <!-- raw HTML omitted -->b<!-- raw HTML omitted --></p>\n");
	expect_html("[x](javascript:alert(1))\n", "<p><a href=\"\">x</a></p>\n");
}

Test(render, headings_lists_paragraphs_unchanged)
{
	expect_html("# T\n\n## Case A\n\n- one\n- two\n",
		    "<h1>T</h1>\n<h2>Case A</h2>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n");
}

Test(render, pipe_table)
{
	expect_html("| Name | Role | Due |\n|:-----|:----:|----:|\n| Ann | **chair** | 2026-11-23 |\n| Bob \\| Jr | - |\n",
		    "<table>\n<thead>\n<tr>\n"
		    "<th style=\"text-align: left\">Name</th>\n"
		    "<th style=\"text-align: center\">Role</th>\n"
		    "<th style=\"text-align: right\">Due</th>\n"
		    "</tr>\n</thead>\n<tbody>\n<tr>\n"
		    "<td style=\"text-align: left\">Ann</td>\n"
		    "<td style=\"text-align: center\"><strong>chair</strong></td>\n"
		    "<td style=\"text-align: right\">2026-11-23</td>\n"
		    "</tr>\n<tr>\n"
		    "<td style=\"text-align: left\">Bob | Jr</td>\n"
		    "<td style=\"text-align: center\">-</td>\n"
		    "<td style=\"text-align: right\"></td>\n"
		    "</tr>\n</tbody>\n</table>\n");
}

Test(render, table_without_outer_pipes_and_header_only)
{
	expect_html("a | b\n--|--\n", "<table>\n<thead>\n<tr>\n<th>a</th>\n<th>b</th>\n</tr>\n</thead>\n</table>\n");
}

Test(render, not_a_table)
{
	/* No delimiter row, or a width mismatch: an ordinary paragraph. */
	expect_html("a | b\nc | d\n", "<p>a | b\nc | d</p>\n");
	expect_html("| a | b |\n|---|\n", "<p>| a | b |\n|---|</p>\n");
	expect_html("| a |\n| x |\n", "<p>| a |\n| x |</p>\n");
}

Test(render, table_in_a_list_item_and_after_text)
{
	char *h = html_of("- item\n\n  | k | v |\n  |---|---|\n  | 1 | 2 |\n\n> | q | r |\n> |---|---|\n");
	cr_expect_eq(count(h, "<table>"), 1, "%s", h);
	cr_expect_neq(strstr(h, "<li>\n<p>item</p>\n<table>"), NULL, "%s", h);
	cr_expect_neq(strstr(h, "<td>1</td>\n<td>2</td>"), NULL, "%s", h);
	/* Block quotes are left alone. */
	cr_expect_neq(strstr(h, "<blockquote>\n<p>| q | r |"), NULL, "%s", h);
	free(h);
}

Test(render, table_cells_are_safe_inline)
{
	char *h = html_of("| a | b | c | d |\n|---|---|---|---|\n| <script>x</script> | # h | 1. x | [l](javascript:x) |\n");
	cr_expect_null(strstr(h, "<script"), "%s", h);
	cr_expect_null(strstr(h, "<h1"), "%s", h);
	cr_expect_null(strstr(h, "<ol"), "%s", h);
	cr_expect_null(strstr(h, "javascript"), "%s", h);
	cr_expect_neq(strstr(h, "<td># h</td>"), NULL, "%s", h);
	cr_expect_neq(strstr(h, "<td>1. x</td>"), NULL, "%s", h);
	free(h);
}

/* Values escaped by the template engine come out as their own text. */
Test(render, escaped_values_render_as_text)
{
	static const struct { const char *value, *html; } rows[] = {
		{"<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"},
		{"<div>\n\n</div>", "&lt;div&gt; &lt;/div&gt;"},
		{"# *not* _em_ | [x](y)", "# *not* _em_ | [x](y)"},
		{"1. - > `c`", "1. - &gt; `c`"},
		{"AT&T &amp;", "AT&amp;T &amp;amp;"},
	};
	for (size_t i = 0; i < PK_ARRAY_LEN(rows); i++) {
		struct sbuf md = SBUF_INIT, want = SBUF_INIT;
		sbuf_adds(&md, "| k | v |\n|---|---|\n| x | ");
		pk_md_escape(&md, rows[i].value, strlen(rows[i].value));
		sbuf_adds(&md, " |\n\n- ");
		pk_md_escape(&md, rows[i].value, strlen(rows[i].value));
		sbuf_adds(&md, "\n");
		char *h = html_of(md.s);
		sbuf_addf(&want, "<td>%s</td>", rows[i].html);
		cr_expect_neq(strstr(h, want.s), NULL, "row %zu: %s", i, h);
		sbuf_reset(&want);
		sbuf_addf(&want, "<li>%s</li>", rows[i].html);
		cr_expect_neq(strstr(h, want.s), NULL, "row %zu: %s", i, h);
		cr_expect_null(strstr(h, "raw HTML omitted"), "row %zu: %s", i, h);
		free(h);
		sbuf_free(&md);
		sbuf_free(&want);
	}
}

Test(render, very_long_cell)
{
	struct sbuf v = SBUF_INIT, md = SBUF_INIT;
	for (int i = 0; i < 20000; i++)
		sbuf_adds(&v, "word <b> | ");
	sbuf_adds(&md, "| note |\n|---|\n| ");
	pk_md_escape(&md, v.s, v.len);
	sbuf_adds(&md, " |\n");
	char *h = html_of(md.s);
	cr_expect_eq(count(h, "<td>"), 1);
	cr_expect_eq(count(h, "&lt;b&gt;"), 20000);
	free(h);
	sbuf_free(&v);
	sbuf_free(&md);
}

Test(render, page)
{
	const char *md = "# Agenda\n\ntext\n";
	char *p = pk_html_page(md, strlen(md), "CPP <2026> & \"A\"", "2026-11-23");
	cr_assert_not_null(p);
	cr_expect_eq(strncmp(p, "<!DOCTYPE html>\n<html lang=\"en\">\n", 33), 0);
	cr_expect_neq(strstr(p, "<title>CPP &lt;2026&gt; &amp; &quot;A&quot;</title>"), NULL, "%s", p);
	cr_expect_neq(strstr(p, "<meta name=\"date\" content=\"2026-11-23\">"), NULL);
	cr_expect_neq(strstr(p, "<p class=\"doc-date\">2026-11-23</p>\n<h1>Agenda</h1>\n<p>text</p>\n</body>\n</html>\n"), NULL, "%s", p);
	cr_expect_neq(strstr(p, "@media print"), NULL);
	cr_expect_neq(strstr(p, "@page { size: A4"), NULL);
	free(p);
	p = pk_html_page("x", 1, "t", NULL);
	cr_expect_null(strstr(p, "doc-date\">"));
	free(p);
}

/* The same Markdown gives the same page in every process: each golden
 * Markdown document of tests/fixtures/documents/expected, made a page,
 * is byte for byte its golden HTML (both written by the tools in earlier
 * runs; tests/cli/documents.sh keeps them current). */
static char *golden(const char *name, size_t *len)
{
	const char *root = getenv("PANEL_SRC");
	struct sbuf p = SBUF_INIT;
	char *buf, err[256];
	sbuf_addf(&p, "%s/tests/fixtures/documents/expected/%s", root && *root ? root : ".", name);
	cr_assert_eq(pk_read_file(p.s, 1u << 20, 0, &buf, len, err, sizeof err), 0, "%s: %s", p.s, err);
	sbuf_free(&p);
	return buf;
}

Test(render, deterministic)
{
	/* name, title, date, the panel ID of the running heads, the copy */
	static const char *const docs[][5] = {
		{"CPP-2026-11-26-A.agenda", "Agenda: CPP-2026-11-26-A, 2026-11-26", "2026-11-23",
		 "CPP-2026-11-26-A", NULL},
		{"PP-2026-06-04-LARKHILL.minutes", "Minutes: PP-2026-06-04-LARKHILL, 2026-06-04",
		 "2026-11-23", "PP-2026-06-04-LARKHILL", NULL},
		{"PP-2026-12-03-LARKHILL.person-IPP-0002", "Your progression panel agenda, 2026-12-03",
		 "2026-11-23", "PP-2026-12-03-LARKHILL", "The person's copy"},
	};
	for (size_t i = 0; i < PK_ARRAY_LEN(docs); i++) {
		struct sbuf name = SBUF_INIT;
		size_t mdlen, htlen;
		sbuf_addf(&name, "%s.md", docs[i][0]);
		char *md = golden(name.s, &mdlen);
		sbuf_reset(&name);
		sbuf_addf(&name, "%s.html", docs[i][0]);
		char *want = golden(name.s, &htlen);
		/* the marking as templates/marking.md gives it */
		struct pk_page pg = {docs[i][1], docs[i][2], "OFFICIAL-SENSITIVE", docs[i][3], docs[i][4]};
		char *page = pk_html_doc(md, mdlen, &pg);
		cr_assert_not_null(page);
		cr_expect_eq(strlen(page), htlen, "%s: %zu bytes, the golden file %zu", name.s,
			     strlen(page), htlen);
		cr_expect_str_eq(page, want, "%s", name.s);
		free(page);
		free(want);
		free(md);
		sbuf_free(&name);
	}
}

Test(render, html_escape)
{
	struct sbuf b = SBUF_INIT;
	pk_html_escape(&b, "<a href='x'>&\"</a>");
	cr_expect_str_eq(b.s, "&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;");
	sbuf_free(&b);
}
