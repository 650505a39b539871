/* fuzz_node: the YAML tree loader on arbitrary bytes.
 *
 * pk_doc_parse must never crash, leak or hang, whatever the input; on
 * success every node of the tree must be well formed (positions inside the
 * file, scalars NUL-terminated at len, maps with scalar keys), and every
 * lookup and source-line call the validator makes must be safe. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "node.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static unsigned nlines;

static void walk(const struct pk_doc *doc, const struct pk_node *n, unsigned depth)
{
	if (depth > 200 || n->line == 0 || n->line > nlines + 1 || n->end_line > nlines + 1)
		abort();
	if (n->line)
		(void)pk_doc_line(doc, n->line);
	switch (n->kind) {
	case PK_SCALAR:
		if (n->n || strlen(n->str) > n->len || n->str[n->len] != '\0')
			abort();
		(void)pk_scalar_type(n);
		(void)pk_is_null(n);
		break;
	case PK_MAP:
		for (size_t i = 0; i < n->n; i++) {
			if (!n->keys[i] || n->keys[i]->kind != PK_SCALAR)
				abort();
			/* The first match wins; duplicates were refused. */
			if (strlen(n->keys[i]->str) == n->keys[i]->len &&
			    pk_map_get(n, n->keys[i]->str) != n->items[i])
				abort();
			walk(doc, n->keys[i], depth + 1);
			walk(doc, n->items[i], depth + 1);
		}
		break;
	case PK_SEQ:
		for (size_t i = 0; i < n->n; i++)
			walk(doc, n->items[i], depth + 1);
		break;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *paths[] = {
		"id", "detention.start", "rag[0].rating", "members[1].person",
		"cases[0].actions[0].owner", "[0]", "a.b.c.d", "x[99999999999999999999]",
	};
	struct pk_diags d = PK_DIAGS_INIT;
	struct pk_doc *doc = pk_doc_parse("fuzz.yaml", (const char *)data, size, NULL, &d);
	if (doc) {
		size_t len;
		const char *text = pk_doc_text(doc, &len);
		nlines = 1;
		for (size_t i = 0; i < len; i++)
			nlines += text[i] == '\n' || text[i] == '\r';
		for (unsigned l = 0; l <= nlines + 1; l++)
			(void)pk_doc_line(doc, l);
		struct pk_node *root = pk_doc_root(doc);
		if (root) {
			walk(doc, root, 0);
			for (size_t i = 0; i < sizeof paths / sizeof *paths; i++) {
				(void)pk_get(root, paths[i]);
				(void)pk_get_str(root, paths[i]);
				(void)pk_get_bool(root, paths[i]);
			}
			pk_doc_diag(&d, doc, root, PK_WARNING, "FUZZ", "hint", "root %u", root->line);
			/* Copying into another doc keeps every string. */
			struct pk_doc *other = pk_doc_new();
			struct pk_node *copy = pk_copy(other, root);
			if (copy->kind != root->kind || copy->n != root->n)
				abort();
			pk_doc_free(other);
		}
		pk_doc_free(doc);
	} else if (d.errors == 0) {
		abort(); /* refused without saying why */
	}
	/* Printing exercises the caret and the column counting. */
	FILE *null = fopen("/dev/null", "w");
	if (null) {
		pk_diags_sort(&d);
		pk_diags_print(null, &d);
		pk_diags_print_json(null, &d);
		fclose(null);
	}
	pk_diags_free(&d);
	return 0;
}
