/* template.h: a small logic-less template language for documents.
 *
 * Agendas and minutes are Markdown files in templates/ with placeholders,
 * in the spirit of Mustache, so users change the wording without
 * recompiling.  The data (the "view") is a pk_node tree (node.h).
 *
 *   {{name}}          the value, escaped for Markdown (pk_md_escape)
 *   {{{name}}}        the value as it is (no escaping)
 *   {{& name}}        the same as {{{name}}}
 *   {{a.b}}           key b of the value a
 *   {{.}}             the current item (inside a section)
 *   {{#name}}..{{/name}}  a list: once per item, the item on top of the
 *                     context stack; a map or a true value: once, the value
 *                     on top; false, null, "" or an empty list: not at all
 *   {{^name}}..{{/name}}  once when the value is false, null, "" or an
 *                     empty list
 *   {{> name}}        the partial template <dir>/name.md, rendered in the
 *                     current context (indented like its tag when alone on
 *                     its line)
 *   {{! comment}}     nothing
 *
 * Names are looked up as Mustache does: the first part of a dotted name in
 * the innermost context that is a map holding that key, then outwards; the
 * rest inside that value.  Unlike Mustache, a name that no context holds is
 * an error (a typo must not silently print nothing); a key that is present
 * with a null value renders as nothing and is false in a section.  Views
 * therefore carry every optional key, null when absent.
 *
 * Section, inverted, close, comment and partial tags alone on their line
 * are "standalone": the line, with its line break, leaves no trace.
 *
 * Errors (code KIT-TEMPLATE) are positioned at the tag:
 *   templates/detention-agenda.md:12:3: error: unknown placeholder {{ownr}}
 * Rendering goes on after an error to report every problem in one run;
 * callers discard the output when any error was reported. */
#ifndef PK_TEMPLATE_H
#define PK_TEMPLATE_H

#include <stddef.h>
#include "diag.h"
#include "node.h"
#include "mem.h"
#include "runenv.h"

/* Partials may include partials, up to this depth (recursion guard). */
#define PK_TMPL_MAX_DEPTH 16
/* Partial expansions in one render: documents use a few dozen. */
#define PK_TMPL_MAX_PARTIALS 10000
/* Largest template file read. */
#define PK_TMPL_MAX_BYTES (1024 * 1024)

/* The templates of one directory, compiled on first use and cached. */
struct pk_tmpl_set;

/* dir may be NULL: then only templates added with pk_tmpl_set_add exist. */
struct pk_tmpl_set *pk_tmpl_set_new(const char *dir);
void pk_tmpl_set_free(struct pk_tmpl_set *s);
/* Registers template name from memory (tests, built-in fallbacks); it
 * shadows a file of the same name.  display names it in messages. */
void pk_tmpl_set_add(struct pk_tmpl_set *s, const char *name, const char *display,
		     const char *text);

/* Renders template name with view as the root context, appending to out.
 * Returns the number of errors added to d (0 = success). */
int pk_tmpl_render(struct pk_tmpl_set *s, const char *name, const struct pk_node *view,
		   struct sbuf *out, struct pk_diags *d);

/* Template directory a tool uses: option if given, else $PANEL_TEMPLATES,
 * else pk_data_dir()/templates.  Caller frees. */
char *pk_tmpl_dir(const char *option);

/* Appends s escaped as Markdown inline text: the result renders as exactly
 * the characters of s (whitespace runs with line breaks become one space,
 * leading and trailing whitespace go) and can start no block, link, HTML,
 * emphasis, code span or table cell wherever it is placed in a line. */
void pk_md_escape(struct sbuf *out, const char *s, size_t len);

#endif
