/* docview.h: the data a document template sees (its "view"), built from
 * the records of one panel: the panel, its cases, the people named, and
 * the earlier panels that considered the same cases.
 *
 * Staff documents (CPP-REPORT, CPP-REC, PF-QUESTIONS, PF-RECORD) get
 * everything relevant to the panel.  The person's own agenda (PF-AGENDA)
 * is built by a separate function from an allow-list of fields of their
 * own case and of the panel, never by copying a record and deleting
 * things: free text written by staff (notes, reasons, actions, internal
 * notes, non-disclosable information, PF-NONDISCLOSURE) cannot reach it,
 * and no other person's case is read for it at all.
 *
 * Every key a template may name is present in the view, null when the
 * record has no value (template.h: unknown names are errors).  The keys
 * are listed in templates/README.md. */
#ifndef PK_DOCVIEW_H
#define PK_DOCVIEW_H

#include "date.h"
#include "diag.h"
#include "node.h"
#include "record.h"

enum pk_doc_kind { PK_DOC_AGENDA, PK_DOC_MINUTES };

struct pk_docview_opts {
	enum pk_doc_kind kind;
	pk_date as_of;          /* the document's date ("prepared on") */
	int for_person;         /* the person's own copy (agenda, ipp panels) */
	const char *case_id;    /* with for_person: whose copy; NULL = the
				   panel's only case */
	const char *letter;     /* panel letter KIND (recommendation,
				   invitation, person-invitation, outcome):
				   sets kind and for_person itself, adds the
				   `letter` key (from, to, subject) */
};

struct pk_docview {
	struct pk_doc *doc;     /* root: the view */
	const char *tmpl;       /* template name, e.g. "detention-agenda" */
	char *title;            /* for the HTML <title> */
	int person;             /* the person's copy (printed as such) */
};

/* Builds the view for panel_id from src.  Returns 0, or -1 with findings
 * in d (unknown panel, unreadable records, --for person on a detention
 * panel, a case not on the panel, ...). */
/* Returned when the person's copy is refused because it would carry a
 * passage of non-disclosable text (PF-NONDISCLOSURE, reported to d). */
#define PK_DOCVIEW_REFUSED (-2)
int pk_docview_build(struct pk_source *src, const char *panel_id,
		     const struct pk_docview_opts *o, struct pk_docview *out,
		     struct pk_diags *d);
void pk_docview_free(struct pk_docview *v);
/* 1 when KIND is a letter panel letter knows. */
int pk_letter_known(const char *kind);

#endif
