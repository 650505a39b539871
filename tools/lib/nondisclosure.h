/* nondisclosure.h: non-disclosable text copied by hand into a field the
 * person can see (PF-NONDISCLOSURE, PF 9.9).
 *
 * The person's copy is built from an allow-list of fields, and the YAML
 * loader refuses an alias that copies text out of non_disclosable or
 * internal_notes (node.c).  What neither can see is a caseworker pasting
 * a victim detail into reasons: or name:.  A field "repeats a passage" of
 * a non-disclosable text when it holds a run of N consecutive words of it,
 * N the rule row pf.nondisclosure.passage (an interpretation: 6 words).
 * Words are runs of letters and digits (any non-ASCII byte counts as a
 * letter), compared without case; punctuation, spacing and line breaks
 * between them do not matter.  A text of fewer than N words is too short
 * to be told apart from ordinary wording and is not looked for.
 *
 * Messages never quote the non-disclosable text; they name the item
 * (non_disclosable[0]) and quote the words of the visible field. */
#ifndef PK_NONDISCLOSURE_H
#define PK_NONDISCLOSURE_H

#include "date.h"
#include "diag.h"
#include "node.h"
#include "record.h"

/* Every scalar of doc (a case record, or a panel record), outside its
 * non_disclosable and internal_notes, that repeats a passage of one of
 * the non-disclosable texts of case_root (the case record; for a case,
 * its own root).  Findings at the scalar, with sev; returns how many. */
size_t pk_nd_passages(const struct pk_node *case_root, const struct pk_doc *doc,
		      pk_date on, enum pk_sev sev, struct pk_diags *d);

/* The person's copy of panel_id for case_id (NULL: every case on it):
 * errors for each passage the case record or the panel record repeats.
 * Returns the number of errors (the copy must not be written). */
size_t pk_nd_person_guard(struct pk_source *src, const char *panel_id, const char *case_id,
			  pk_date on, struct pk_diags *d);

#endif
