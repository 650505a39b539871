/* newrec.h: a new record to fill in (panel new).
 *
 * The record's text is built from the editors' schema of its kind and
 * framework (schemagen.h): its modeline, then every required key in the
 * order of the schema's properties, each under a comment that is the first
 * sentence of its description (and its allowed values, for an enum); a
 * required mapping (detention:) gets its own required keys indented under
 * it.  Values given are filled in; the rest are left empty for the editor.
 * The file is written atomically and never over an existing one. */
#ifndef PK_NEWREC_H
#define PK_NEWREC_H

#include <stddef.h>
#include "diag.h"
#include "record.h"

struct pk_new_val {
	const char *key;   /* a top-level key: "id", "framework", "name", ... */
	const char *value; /* written as a plain scalar, or quoted when needed */
};

/* The record text from schema_dir/<schema> (e.g. "case-ipp.schema.json");
 * NULL with findings in d.  Caller frees. */
char *pk_new_record_text(const char *schema_dir, const char *schema,
			 const struct pk_new_val *vals, size_t nvals, struct pk_diags *d);

/* The next free case ID with prefix ("DC", "IS"): one more than the
 * highest <prefix>-NNNN in root/cases, at least 4 digits, and not used by
 * any record of any kind [KIT-IDS].  Caller frees. */
char *pk_new_case_id(const char *root, const char *prefix);

/* A people ID from a name: "Ann O'Brien-Smith" -> "ann-obrien-smith";
 * NULL when nothing of the name is usable.  Caller frees. */
char *pk_new_person_id(const char *name);

/* Whether an ID is taken by a record of any kind under root. */
int pk_new_id_used(const char *root, const char *id);

#endif
