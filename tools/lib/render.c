/* render.c: Markdown to HTML through cmark, pipe tables, the page. */
#include "render.h"
#include "mem.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

void pk_html_escape(struct sbuf *out, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': sbuf_adds(out, "&amp;"); break;
		case '<': sbuf_adds(out, "&lt;"); break;
		case '>': sbuf_adds(out, "&gt;"); break;
		case '"': sbuf_adds(out, "&quot;"); break;
		case '\'': sbuf_adds(out, "&#39;"); break;
		default: sbuf_addc(out, *s);
		}
	}
}

/* ---- pipe tables ---- */

struct line {
	const char *s;
	size_t n;
};

/* Source lines of md; cmark counts \n, \r\n and \r as line endings. */
static struct line *split_lines(const char *md, size_t len, size_t *count)
{
	size_t cap = 64, n = 0, start = 0;
	struct line *v = xmalloc(cap * sizeof *v);
	for (size_t i = 0; i <= len; i++) {
		if (i < len && md[i] != '\n' && md[i] != '\r')
			continue;
		if (n == cap)
			v = xrealloc(v, (cap *= 2) * sizeof *v);
		v[n].s = md + start;
		v[n].n = i - start;
		n++;
		if (i < len && md[i] == '\r' && i + 1 < len && md[i + 1] == '\n')
			i++;
		start = i + 1;
	}
	*count = n;
	return v;
}

struct cells {
	char **v;
	size_t n, cap;
};

static void cells_free(struct cells *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->v[i]);
	free(c->v);
	memset(c, 0, sizeof *c);
}

static char *trim_dup(const char *s, size_t n)
{
	while (n && (*s == ' ' || *s == '\t'))
		s++, n--;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return xstrndup(s, n);
}

/* Splits a row on unescaped '|' (GFM): the outer pipes are optional and
 * "\|" is a pipe inside a cell. */
static void split_row(const char *s, size_t n, struct cells *c)
{
	struct sbuf cell = SBUF_INIT;
	size_t i = 0;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (i < n && s[i] == '|')
		i++;
	int open = 0;
	for (; i < n; i++) {
		if (s[i] == '\\' && i + 1 < n) {
			if (s[i + 1] == '|') {
				sbuf_addc(&cell, '|');
			} else {
				sbuf_addc(&cell, s[i]);
				sbuf_addc(&cell, s[i + 1]);
			}
			i++;
			open = 1;
			continue;
		}
		if (s[i] == '|') {
			if (c->n == c->cap)
				c->v = xrealloc(c->v, (c->cap = c->cap ? c->cap * 2 : 8) * sizeof *c->v);
			c->v[c->n++] = trim_dup(sbuf_str(&cell), cell.len);
			sbuf_reset(&cell);
			open = 0;
			continue;
		}
		sbuf_addc(&cell, s[i]);
		open = 1;
	}
	if (open) {
		if (c->n == c->cap)
			c->v = xrealloc(c->v, (c->cap = c->cap ? c->cap * 2 : 8) * sizeof *c->v);
		c->v[c->n++] = trim_dup(sbuf_str(&cell), cell.len);
	}
	sbuf_free(&cell);
}

/* Alignment of a delimiter cell: 0 none, 'l', 'c', 'r'; -1 if it is not one. */
static int delim_align(const char *cell)
{
	size_t n = strlen(cell), i = 0, dashes = 0;
	int left = 0, right = 0;
	if (i < n && cell[i] == ':')
		left = 1, i++;
	while (i < n && cell[i] == '-')
		dashes++, i++;
	if (i < n && cell[i] == ':')
		right = 1, i++;
	if (i != n || dashes == 0)
		return -1;
	return left && right ? 'c' : right ? 'r' : left ? 'l' : 0;
}

/* The inline HTML of one cell's Markdown.  GFM cells hold inlines only;
 * CommonMark would read "- x" or "1. x" as a list, so a cell that does not
 * parse as one paragraph is parsed again with its first punctuation
 * character escaped, and failing that rendered as plain text. */
static void cell_html(struct sbuf *out, const char *cell)
{
	size_t n = strlen(cell);
	if (!n)
		return;
	char *fixed = NULL;
	for (int attempt = 0; attempt < 3; attempt++) {
		cmark_node *doc = NULL, *para;
		if (attempt < 2) {
			const char *src = attempt ? fixed : cell;
			doc = cmark_parse_document(src, strlen(src), PK_CMARK_OPTS);
			para = doc ? cmark_node_first_child(doc) : NULL;
			if (!para || cmark_node_get_type(para) != CMARK_NODE_PARAGRAPH ||
			    cmark_node_next(para)) {
				cmark_node_free(doc);
				if (attempt == 0) {
					struct sbuf b = SBUF_INIT;
					size_t k = 0;
					while (k < n && !ispunct((unsigned char)cell[k]))
						k++;
					sbuf_add(&b, cell, k);
					if (k < n)
						sbuf_addc(&b, '\\');
					sbuf_adds(&b, cell + k);
					fixed = sbuf_detach(&b);
				}
				continue;
			}
		} else {
			doc = cmark_node_new(CMARK_NODE_DOCUMENT);
			para = cmark_node_new(CMARK_NODE_PARAGRAPH);
			cmark_node *text = cmark_node_new(CMARK_NODE_TEXT);
			cmark_node_set_literal(text, cell);
			cmark_node_append_child(para, text);
			cmark_node_append_child(doc, para);
		}
		char *html = cmark_render_html(doc, PK_CMARK_OPTS);
		size_t hl = html ? strlen(html) : 0;
		/* "<p>...</p>\n" */
		if (hl >= 8 && !strncmp(html, "<p>", 3) && !strcmp(html + hl - 5, "</p>\n"))
			sbuf_add(out, html + 3, hl - 8);
		free(html);
		cmark_node_free(doc);
		break;
	}
	free(fixed);
}

static void add_cell(struct sbuf *h, const char *tag, int align, const char *cell)
{
	sbuf_addf(h, "<%s", tag);
	if (align)
		sbuf_addf(h, " style=\"text-align: %s\"",
			  align == 'l' ? "left" : align == 'c' ? "center" : "right");
	sbuf_addc(h, '>');
	cell_html(h, cell);
	sbuf_addf(h, "</%s>\n", tag);
}

/* The table HTML if paragraph lines [first, last] are a pipe table, else
 * NULL.  indent: columns of container prefix to drop from later lines. */
static char *table_html(const struct line *lines, size_t first, size_t last, size_t col0)
{
	struct cells head = {0}, delim = {0}, row = {0};
	struct sbuf h = SBUF_INIT;
	int *align = NULL;
	char *result = NULL;

	if (last <= first)
		return NULL;
	for (size_t l = first; l <= last; l++) {
		const struct line *ln = &lines[l];
		size_t skip = 0;
		/* The first line starts at the paragraph's column; the
		 * continuation lines drop at most that much indentation. */
		while (skip < col0 && skip < ln->n && (ln->s[skip] == ' ' || l == first))
			skip++;
		struct cells *c = l == first ? &head : l == first + 1 ? &delim : &row;
		split_row(ln->s + skip, ln->n - skip, c);
		if (l == first) {
			if (!memchr(ln->s, '|', ln->n))
				goto cleanup;
			continue;
		}
		if (l == first + 1) {
			if (delim.n != head.n)
				goto cleanup;
			align = xcalloc(head.n, sizeof *align);
			for (size_t i = 0; i < delim.n; i++)
				if ((align[i] = delim_align(delim.v[i])) < 0)
					goto cleanup;
			sbuf_adds(&h, "<table>\n<thead>\n<tr>\n");
			for (size_t i = 0; i < head.n; i++)
				add_cell(&h, "th", align[i], head.v[i]);
			sbuf_adds(&h, "</tr>\n</thead>\n");
			continue;
		}
		if (l == first + 2)
			sbuf_adds(&h, "<tbody>\n");
		sbuf_adds(&h, "<tr>\n");
		/* Rows are cut or padded to the header's width (GFM). */
		for (size_t i = 0; i < head.n; i++)
			add_cell(&h, "td", align[i], i < row.n ? row.v[i] : "");
		sbuf_adds(&h, "</tr>\n");
		cells_free(&row);
	}
	if (last >= first + 2)
		sbuf_adds(&h, "</tbody>\n");
	sbuf_adds(&h, "</table>\n");
	result = sbuf_detach(&h);
cleanup:
	cells_free(&head);
	cells_free(&delim);
	cells_free(&row);
	free(align);
	sbuf_free(&h);
	return result;
}

/* Replaces every paragraph that is a pipe table by a custom block holding
 * the table's HTML.  Tables inside block quotes are left as text (their
 * lines carry "> " prefixes). */
static void convert_tables(cmark_node *doc, const char *md, size_t len)
{
	size_t nlines, np = 0, cap = 0;
	struct line *lines = split_lines(md, len, &nlines);
	cmark_node **paras = NULL;
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		if (ev != CMARK_EVENT_ENTER || cmark_node_get_type(n) != CMARK_NODE_PARAGRAPH)
			continue;
		int ok = 1;
		for (cmark_node *p = cmark_node_parent(n); p; p = cmark_node_parent(p))
			if (cmark_node_get_type(p) == CMARK_NODE_BLOCK_QUOTE)
				ok = 0;
		if (!ok)
			continue;
		if (np == cap)
			paras = xrealloc(paras, (cap = cap ? cap * 2 : 16) * sizeof *paras);
		paras[np++] = n;
	}
	cmark_iter_free(it);
	for (size_t i = 0; i < np; i++) {
		int a = cmark_node_get_start_line(paras[i]), b = cmark_node_get_end_line(paras[i]);
		int col = cmark_node_get_start_column(paras[i]);
		if (a < 1 || b < a || (size_t)b > nlines || col < 1)
			continue;
		char *html = table_html(lines, (size_t)a - 1, (size_t)b - 1, (size_t)col - 1);
		if (!html)
			continue;
		cmark_node *cb = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK);
		cmark_node_set_on_enter(cb, html);
		free(html);
		if (cmark_node_replace(paras[i], cb))
			cmark_node_free(paras[i]);
		else
			cmark_node_free(cb);
	}
	free(paras);
	free(lines);
}

char *pk_md_to_html(const char *md, size_t len)
{
	cmark_node *doc = cmark_parse_document(md, len, PK_CMARK_OPTS);
	if (!doc)
		return NULL;
	convert_tables(doc, md, len);
	char *html = cmark_render_html(doc, PK_CMARK_OPTS);
	cmark_node_free(doc);
	return html;
}

/* Small on purpose: readable on screen, A4 on paper, tables that do not
 * split a row across pages. */
static const char stylesheet[] =
	"body { font-family: Georgia, \"Times New Roman\", serif; font-size: 11pt;\n"
	"       line-height: 1.4; color: #000; max-width: 48em; margin: 2em auto; padding: 0 1em; }\n"
	"h1, h2, h3 { font-family: Arial, Helvetica, sans-serif; line-height: 1.2; }\n"
	"h1 { font-size: 1.6em; } h2 { font-size: 1.3em; border-bottom: 1px solid #888; margin-top: 1.6em; }\n"
	"h3 { font-size: 1.1em; }\n"
	"table { border-collapse: collapse; margin: 0.6em 0; }\n"
	"th, td { border: 1px solid #888; padding: 0.2em 0.5em; text-align: left; vertical-align: top; }\n"
	"th { background: #eee; }\n"
	"code { font-family: \"Courier New\", monospace; }\n"
	".doc-date { color: #444; font-size: 0.9em; }\n"
	"@page { size: A4; margin: 18mm; }\n"
	"@media print {\n"
	"  body { max-width: none; margin: 0; padding: 0; }\n"
	"  h1, h2, h3 { break-after: avoid; page-break-after: avoid; }\n"
	"  tr, li { break-inside: avoid; page-break-inside: avoid; }\n"
	"  th { background: none; }\n"
	"  a { color: #000; text-decoration: none; }\n"
	"}\n";

void pk_css_string(struct sbuf *out, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p >= 0x80 || isalnum(*p) || strchr(" .,:;_-()/", *p))
			sbuf_addc(out, (char)*p);
		else
			sbuf_addf(out, "\\%02X ", *p);  /* CSS escape: hex, then one space */
	}
}

/* Printed documents (agendas, minutes, letters): room on the page for
 * the running heads and feet, and a table (a case's details) kept on one
 * page where it fits. */
static const char doc_stylesheet[] =
	".doc-copy { font-weight: bold; border: 1px solid #000; padding: 0.2em 0.5em; display: inline-block; }\n"
	"@media print {\n"
	"  table { break-inside: avoid; page-break-inside: avoid; }\n"
	"}\n";

/* The running heads and feet of every printed page. */
static void page_boxes(struct sbuf *p, const struct pk_page *pg)
{
	sbuf_adds(p, doc_stylesheet);
	sbuf_adds(p, "@page {\n  margin: 20mm 18mm;\n");
	if (pg->marking || pg->copy) {
		sbuf_adds(p, "  @top-center { content: \"");
		if (pg->marking)
			pk_css_string(p, pg->marking);
		if (pg->marking && pg->copy)
			sbuf_adds(p, " - ");
		if (pg->copy)
			pk_css_string(p, pg->copy);
		sbuf_adds(p, "\"; font: bold 9pt Arial, Helvetica, sans-serif; }\n");
	}
	if (pg->ref) {
		sbuf_adds(p, "  @top-right { content: \"");
		pk_css_string(p, pg->ref);
		sbuf_adds(p, "\"; font: 9pt Arial, Helvetica, sans-serif; }\n");
	}
	if (pg->marking) {
		sbuf_adds(p, "  @bottom-center { content: \"");
		pk_css_string(p, pg->marking);
		sbuf_adds(p, "\"; font: bold 9pt Arial, Helvetica, sans-serif; }\n");
	}
	sbuf_adds(p, "  @bottom-right { content: \"Page \" counter(page) \" of \" counter(pages); "
		     "font: 9pt Arial, Helvetica, sans-serif; }\n}\n");
}

char *pk_html_doc(const char *md, size_t len, const struct pk_page *pg)
{
	char *body = pk_md_to_html(md, len);
	if (!body)
		return NULL;
	struct sbuf p = SBUF_INIT;
	sbuf_adds(&p, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
	sbuf_adds(&p, "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
	if (pg->date) {
		sbuf_adds(&p, "<meta name=\"date\" content=\"");
		pk_html_escape(&p, pg->date);
		sbuf_adds(&p, "\">\n");
	}
	sbuf_adds(&p, "<title>");
	pk_html_escape(&p, pg->title ? pg->title : "");
	sbuf_adds(&p, "</title>\n<style>\n");
	sbuf_adds(&p, stylesheet);
	if (pg->marking || pg->ref || pg->copy)
		page_boxes(&p, pg);
	sbuf_adds(&p, "</style>\n</head>\n<body>\n");
	if (pg->copy) {
		sbuf_adds(&p, "<p class=\"doc-copy\">");
		pk_html_escape(&p, pg->copy);
		sbuf_adds(&p, "</p>\n");
	}
	if (pg->date) {
		sbuf_adds(&p, "<p class=\"doc-date\">");
		pk_html_escape(&p, pg->date);
		sbuf_adds(&p, "</p>\n");
	}
	sbuf_adds(&p, body);
	sbuf_adds(&p, "</body>\n</html>\n");
	free(body);
	return sbuf_detach(&p);
}

char *pk_html_page(const char *md, size_t len, const char *title, const char *date)
{
	struct pk_page pg = {title, date, NULL, NULL, NULL};
	return pk_html_doc(md, len, &pg);
}
