/* schema.h: the JSON Schema files of schema/ applied to records.
 *
 * The schema files are the single source of truth for the record format:
 * editors read them for completion, and this module reads the same files at
 * run time (JSON is YAML, so libyaml parses them).  It implements the subset
 * the files use: type, required, properties, additionalProperties, enum,
 * const, pattern (POSIX ERE), format "date", items, min/max(Items|Length),
 * minimum/maximum, $ref/$defs, if/then/else, allOf, boolean schemas. */
#ifndef PK_SCHEMA_H
#define PK_SCHEMA_H

#include "diag.h"
#include "node.h"
#include "record.h"

struct pk_schema;

/* Loads case/panel/person.schema.json from dir; errors go to d. */
struct pk_schema *pk_schema_load(const char *dir, struct pk_diags *d);
void pk_schema_free(struct pk_schema *s);

/* Validates a record's root node against the schema of its kind.  Findings
 * (code KIT-SCHEMA, or KIT-DATES for dates) are positioned at the offending
 * node; unknown keys get a "did you mean" hint.  Returns the error count. */
int pk_schema_validate(const struct pk_schema *s, enum pk_rkind kind,
		       const struct pk_doc *doc, struct pk_diags *d);

/* The description of a property path ("detention.start"), or NULL: lets
 * tools explain a field in the schema's own words. */
const char *pk_schema_describe(const struct pk_schema *s, enum pk_rkind kind,
			       const char *path);

#endif
