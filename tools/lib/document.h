/* document.h: agendas and minutes, end to end: the records of a panel
 * (docview.h), a template (template.h), Markdown, and optionally a
 * printable HTML page (render.h).  What panel agenda, panel minutes and
 * panel letter run, so tests reach all of it. */
#ifndef PK_DOCUMENT_H
#define PK_DOCUMENT_H

#include "diag.h"
#include "docview.h"
#include "record.h"
#include "util.h"

struct pk_document_opts {
	struct pk_docview_opts view;
	const char *templates;  /* template directory; NULL: pk_tmpl_dir(NULL) */
	int html;               /* a complete HTML page instead of Markdown */
	int eml;                /* letters: an RFC 5322 message (letter.h) */
};

enum { PK_DOC_OK = 0, PK_DOC_TEMPLATE = 1, PK_DOC_FAIL = 2, PK_DOC_REFUSED = 3 };

/* Appends the document to out.  Returns PK_DOC_OK, PK_DOC_REFUSED (a
 * person's copy that would carry non-disclosable text, reported to d),
 * PK_DOC_TEMPLATE (the template has errors, reported to d) or PK_DOC_FAIL (the records do not
 * give a document, reported to d); out is only valid with PK_DOC_OK. */
int pk_document(struct pk_source *src, const char *panel_id,
		const struct pk_document_opts *o, struct sbuf *out, struct pk_diags *d);

#endif
