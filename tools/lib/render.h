/* render.h: Markdown documents to printable HTML pages through cmark.
 *
 * cmark 0.30 suppresses raw HTML unless CMARK_OPT_UNSAFE is given, and this
 * module never gives it: a <script> in a record or a template comes out as
 * "<!-- raw HTML omitted -->", and link destinations like javascript: are
 * dropped by cmark too.  Invalid UTF-8 becomes U+FFFD.
 *
 * cmark implements CommonMark, which has no tables; the documents use GFM
 * pipe tables (they read well as plain text and on GitHub), so a paragraph
 * that is a pipe table (header row, delimiter row, body rows) is turned into
 * an HTML table here, each cell's Markdown rendered by cmark (inline only,
 * with the same options).  Nothing else is hand-rendered. */
#ifndef PK_RENDER_H
#define PK_RENDER_H

#include <stddef.h>
#include <cmark.h>
#include "mem.h"

/* The cmark options every rendering uses (no CMARK_OPT_UNSAFE, ever). */
#define PK_CMARK_OPTS (CMARK_OPT_SAFE | CMARK_OPT_VALIDATE_UTF8)

/* The HTML body fragment for Markdown md.  Caller frees; NULL only when
 * cmark fails to allocate. */
char *pk_md_to_html(const char *md, size_t len);

/* A complete page: doctype, <title> (escaped), the date in a meta line,
 * a small print stylesheet (A4, no page break inside table rows), and the
 * body.  date may be NULL.  Caller frees; NULL when cmark fails. */
char *pk_html_page(const char *md, size_t len, const char *title, const char *date);

/* A printed document (agendas, minutes, letters): every printed page
 * carries the security marking and the reference (the panel ID) at the
 * top, the marking and "Page N of M" at the bottom (CSS @page margin
 * boxes, which Chromium prints since version 131), and the copy label
 * ("The person's copy") beside the marking when there is one.  Tables
 * and list items are not split across pages where they fit on one. */
struct pk_page {
	const char *title;
	const char *date;     /* a meta line; may be NULL */
	const char *marking;  /* e.g. "OFFICIAL-SENSITIVE"; NULL: none */
	const char *ref;      /* e.g. the panel ID; NULL: none */
	const char *copy;     /* e.g. "The person's copy"; NULL: none */
};
char *pk_html_doc(const char *md, size_t len, const struct pk_page *pg);

/* Appends s as the body of a CSS string (between double quotes): only
 * letters, digits, space and . , : ; _ - ( ) / stay as they are, every
 * other ASCII character is a CSS escape, so no value can end the string
 * or the style element. */
void pk_css_string(struct sbuf *out, const char *s);

/* Appends s with & < > " ' escaped for HTML text and attribute values. */
void pk_html_escape(struct sbuf *out, const char *s);

#endif
