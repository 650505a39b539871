/* fuzz_mdescape: pk_md_escape (template.h) against cmark itself.
 *
 * The promise: a value placed by {{name}} renders as exactly its own
 * characters (whitespace runs collapsed, ends trimmed) and can open no
 * block, link, HTML, emphasis or code span wherever it sits in a line.
 * A case note is written by a caseworker and printed in agendas, so this
 * is the template-injection guard.  The input (valid UTF-8 only) is escaped,
 * placed at the start of a line, in a list item and mid-sentence, parsed by
 * cmark, and the paragraph must hold only text nodes whose concatenation
 * is the expected text. */
#include <cmark.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "template.h"
#include "mem.h"
#include "text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void collapse(struct sbuf *want, const char *s, size_t n)
{
	int sp = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c <= ' ' || c == 0x7f) {
			sp = 1;
			continue;
		}
		if (sp && want->len)
			sbuf_addc(want, ' ');
		sp = 0;
		sbuf_addc(want, (char)c);
	}
	sbuf_add(want, "", 0);
}

/* The paragraph at the top of doc, inside a list item when list is set. */
static cmark_node *paragraph(cmark_node *doc, int list)
{
	cmark_node *n = cmark_node_first_child(doc);
	if (!n || cmark_node_next(n))
		return NULL;
	if (list) {
		if (cmark_node_get_type(n) != CMARK_NODE_LIST)
			return NULL;
		n = cmark_node_first_child(n);
		if (!n || cmark_node_next(n))
			return NULL;
		n = cmark_node_first_child(n);
		if (!n || cmark_node_next(n))
			return NULL;
	}
	return cmark_node_get_type(n) == CMARK_NODE_PARAGRAPH ? n : NULL;
}

static void check(const char *before, const char *after, int list, const char *s, size_t n,
		  const char *want)
{
	struct sbuf md = SBUF_INIT, got = SBUF_INIT;
	sbuf_adds(&md, before);
	pk_md_escape(&md, s, n);
	sbuf_adds(&md, after);
	cmark_node *doc = cmark_parse_document(md.s, md.len, CMARK_OPT_SAFE | CMARK_OPT_VALIDATE_UTF8);
	cmark_node *para = paragraph(doc, list);
	if (!para)
		abort();
	for (cmark_node *c = cmark_node_first_child(para); c; c = cmark_node_next(c)) {
		if (cmark_node_get_type(c) != CMARK_NODE_TEXT)
			abort();
		const char *lit = cmark_node_get_literal(c);
		sbuf_adds(&got, lit ? lit : "");
	}
	/* before/after are text too: "a " ... " b". */
	struct sbuf full = SBUF_INIT;
	sbuf_adds(&full, list ? "" : before);
	sbuf_adds(&full, want);
	sbuf_adds(&full, after);
	while (full.len && full.s[full.len - 1] == '\n')
		full.s[--full.len] = '\0';
	if (strcmp(sbuf_str(&got), sbuf_str(&full)) != 0)
		abort();
	cmark_node_free(doc);
	sbuf_free(&md);
	sbuf_free(&got);
	sbuf_free(&full);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	for (size_t i = 0; i < size;) {
		size_t k = pk_utf8_len(data + i, size - i);
		if (!k || data[i] == 0)
			return 0;
		i += k;
	}
	struct sbuf want = SBUF_INIT;
	collapse(&want, s, size);
	if (want.len) {
		check("", "\n", 0, s, size, want.s);
		check("- ", "\n", 1, s, size, want.s);
		check("a ", " b\n", 0, s, size, want.s);
	}
	sbuf_free(&want);
	return 0;
}
