/* document.c: records -> view -> template -> Markdown (-> HTML). */
#include "document.h"

#include <stdlib.h>
#include <string.h>

#include "letter.h"
#include "render.h"
#include "template.h"
#include "mem.h"

/* The marking as one line: whitespace runs become one space, trimmed. */
static char *one_line(const char *s)
{
	struct sbuf b = SBUF_INIT;
	int space = 0;
	for (; *s; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') {
			space = b.len > 0;
			continue;
		}
		if (space)
			sbuf_addc(&b, ' ');
		space = 0;
		sbuf_addc(&b, *s);
	}
	return b.s ? sbuf_detach(&b) : xstrdup("");
}

int pk_document(struct pk_source *src, const char *panel_id,
		const struct pk_document_opts *o, struct sbuf *out, struct pk_diags *d)
{
	struct pk_docview v;
	struct sbuf md = SBUF_INIT;
	char *dir = NULL;
	struct pk_tmpl_set *set = NULL;
	int rc = PK_DOC_FAIL;

	struct sbuf marking = SBUF_INIT;
	char date[16];
	int built = pk_docview_build(src, panel_id, &o->view, &v, d);
	if (built < 0)
		return built == PK_DOCVIEW_REFUSED ? PK_DOC_REFUSED : PK_DOC_FAIL;
	dir = pk_tmpl_dir(o->templates);
	set = pk_tmpl_set_new(dir);
	/* The security marking has one home, templates/marking.md: the
	 * documents print it as doc.marking, and so does every printed page. */
	struct pk_node *root = pk_doc_root(v.doc), *dv = pk_get(root, "doc");
	/* Errors in it and in the document's template are reported in one run. */
	int bad = pk_tmpl_render(set, "marking", root, &marking, d) > 0;
	char *mk = one_line(marking.s ? marking.s : "");
	pk_map_put(v.doc, dv, "marking", bad ? pk_new_plain(v.doc, "null") : pk_new_str(v.doc, mk));
	free(mk);
	const char *copy = v.person ? "The person's copy" : NULL;
	pk_map_put(v.doc, dv, "copy", copy ? pk_new_str(v.doc, copy) : pk_new_plain(v.doc, "null"));
	if (pk_tmpl_render(set, v.tmpl, root, &md, d) > 0 || bad) {
		rc = PK_DOC_TEMPLATE;
		goto cleanup;
	}
	pk_date_fmt(o->view.as_of, date);
	struct pk_page pg = {v.title, date, pk_get_str(dv, "marking"), panel_id, copy};
	if (o->eml) {
		char *page = pk_html_doc(md.s ? md.s : "", md.len, &pg);
		struct sbuf idp = SBUF_INIT;
		sbuf_adds(&idp, panel_id);
		if (o->view.case_id)
			sbuf_addf(&idp, ".%s", o->view.case_id);
		int e = page ? pk_letter_eml(out, pk_get(root, "letter"), idp.s, o->view.as_of,
					     md.s ? md.s : "", page, d) : -1;
		sbuf_free(&idp);
		free(page);
		if (e < 0)
			goto cleanup;
	} else if (o->html) {
		char *page = pk_html_doc(md.s ? md.s : "", md.len, &pg);
		if (!page) {
			pk_diag_add(d, PK_ERROR, panel_id, 0, 0, NULL, "KIT-IO", NULL,
				    "cmark could not render the page");
			goto cleanup;
		}
		sbuf_adds(out, page);
		free(page);
	} else {
		sbuf_add(out, md.s ? md.s : "", md.len);
	}
	rc = PK_DOC_OK;
cleanup:
	pk_tmpl_set_free(set);
	free(dir);
	sbuf_free(&md);
	sbuf_free(&marking);
	pk_docview_free(&v);
	return rc;
}
