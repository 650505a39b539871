/* fuzz_template: the template engine (template.h) on arbitrary templates.
 *
 * Input: a main template, then optional partials "a", "b", "c", "d", each
 * after a line "%%".  They render against a fixed view holding every kind
 * of value (text with Markdown and template syntax in it, lists, maps,
 * booleans, null, empty values, and a note holding template syntax).
 * Properties: no crash, leak or hang; the error count returned is the
 * number reported; rendering again from the compiled cache gives the same
 * text.  (That a value is never expanded again is asserted end to end by
 * tests/cli/hostile.sh on real agendas.) */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "node.h"
#include "template.h"
#include "mem.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct pk_doc *viewdoc;
static struct pk_node *view;

static struct pk_node *person(struct pk_doc *doc, const char *id, const char *name, int present)
{
	struct pk_node *m = pk_new_map(doc);
	pk_map_put(doc, m, "id", pk_new_str(doc, id));
	pk_map_put(doc, m, "name", pk_new_str(doc, name));
	pk_map_put(doc, m, "present", pk_new_plain(doc, present ? "true" : "false"));
	pk_map_put(doc, m, "note", pk_new_plain(doc, "null"));
	return m;
}

static void build_view(void)
{
	struct pk_doc *doc = pk_doc_new();
	struct pk_node *v = pk_new_map(doc), *list, *m;

	pk_map_put(doc, v, "title", pk_new_str(doc, "Panel *12* [x](y) <b>|</b> # _a_"));
	pk_map_put(doc, v, "id", pk_new_str(doc, "CPP-2026-11-26-A"));
	pk_map_put(doc, v, "date", pk_new_str(doc, "2026-11-26"));
	pk_map_put(doc, v, "note", pk_new_str(doc, "{{> ../../etc/passwd}} {{#x}}y{{/x}} {{{raw}}}"));
	pk_map_put(doc, v, "multiline", pk_new_str(doc, "line one\n\n    line two\r\n- three  "));
	pk_map_put(doc, v, "utf8", pk_new_str(doc, "Zo\xc3\xab \xe2\x80\x94 \xf0\x9f\x98\x80"));
	pk_map_put(doc, v, "empty", pk_new_str(doc, ""));
	pk_map_put(doc, v, "nothing", pk_new_plain(doc, "null"));
	pk_map_put(doc, v, "yes", pk_new_plain(doc, "true"));
	pk_map_put(doc, v, "no", pk_new_plain(doc, "false"));
	pk_map_put(doc, v, "count", pk_new_plain(doc, "12"));
	pk_map_put(doc, v, "none", pk_new_seq(doc));
	list = pk_new_seq(doc);
	pk_seq_push(doc, list, person(doc, "p-chair", "Chair, A. (G7)", 1));
	pk_seq_push(doc, list, person(doc, "p-sec", "Sec_retariat `x`", 0));
	pk_seq_push(doc, list, person(doc, "p-3", "1. Not a list", 1));
	pk_map_put(doc, v, "members", list);
	list = pk_new_seq(doc);
	pk_seq_push(doc, list, pk_new_str(doc, "first"));
	pk_seq_push(doc, list, pk_new_str(doc, "> second"));
	pk_seq_push(doc, list, pk_new_plain(doc, "false"));
	pk_map_put(doc, v, "items", list);
	m = pk_new_map(doc);
	pk_map_put(doc, m, "name", pk_new_str(doc, "Nested & <name>"));
	pk_map_put(doc, m, "inner", person(doc, "p-in", "Inner", 1));
	pk_map_put(doc, v, "case", m);
	pk_doc_set_root(doc, v);
	viewdoc = doc;
	view = v;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *names[] = {"main", "a", "b", "c", "d"};
	if (!view)
		build_view();
	char *text = xstrndup((const char *)data, size); /* stops at a NUL */
	struct pk_tmpl_set *set = pk_tmpl_set_new(NULL);
	char *p = text;
	for (size_t i = 0; i < PK_ARRAY_LEN(names); i++) {
		char *sep = i + 1 < PK_ARRAY_LEN(names) ? strstr(p, "\n%%\n") : NULL;
		if (sep)
			*sep = '\0';
		pk_tmpl_set_add(set, names[i], names[i], p);
		if (!sep)
			break;
		p = sep + 4;
	}
	struct pk_diags d = PK_DIAGS_INIT;
	struct sbuf out = SBUF_INIT;
	int errs = pk_tmpl_render(set, "main", view, &out, &d);
	if (errs < 0 || (size_t)errs != d.errors)
		abort();
	/* Rendering again from the cache gives the same text and errors. */
	struct pk_diags d2 = PK_DIAGS_INIT;
	struct sbuf out2 = SBUF_INIT;
	int errs2 = pk_tmpl_render(set, "main", view, &out2, &d2);
	if ((errs == 0) != (errs2 == 0) || (errs == 0 && strcmp(sbuf_str(&out), sbuf_str(&out2))))
		abort();
	FILE *null = fopen("/dev/null", "w");
	if (null) {
		pk_diags_sort(&d);
		pk_diags_print(null, &d);
		fclose(null);
	}
	sbuf_free(&out);
	sbuf_free(&out2);
	pk_diags_free(&d);
	pk_diags_free(&d2);
	pk_tmpl_set_free(set);
	free(text);
	return 0;
}
