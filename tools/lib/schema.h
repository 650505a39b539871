/* schema.h: the JSON Schema files of schema/ applied to records.
 *
 * The schema files are the single source of truth for the record format:
 * editors read them for completion, and this module reads the same files at
 * run time (JSON is YAML, so libyaml parses them).  It implements the subset
 * the files use: type, required, properties, additionalProperties, enum,
 * const, pattern (POSIX ERE), format "date", items, min/max(Items|Length),
 * minimum/maximum, $ref/$defs, if/then/else, allOf, boolean schemas.
 * Annotations (title, description, markdownDescription, default, examples,
 * $schema, $id, $comment, deprecated, readOnly, writeOnly, the editors'
 * patternErrorMessage and enumDescriptions, and panelkit's own "x-merge",
 * see merge.h) are read and
 * otherwise ignored; any other keyword is a load error, so a schema cannot
 * contain a rule that is silently skipped.
 *
 * Semantics to know when writing a schema:
 *  - additionalProperties sees only the properties of its own schema object
 *    (as in JSON Schema): list every key at the level that forbids extras,
 *    and forbid per framework with `then: {properties: {key: false}}`.
 *  - $ref is "#" or a JSON pointer within the same file ("#/$defs/date");
 *    it applies beside its sibling keywords.  A $ref/allOf/if loop that
 *    never reaches properties or items is refused at load.
 *  - enum and const take plain values (text, numbers, true/false, null).
 *  - Patterns are POSIX extended regular expressions, unanchored; write
 *    [0-9], not \d (refused at load).
 *  - Typing: a plain scalar is typed under the YAML 1.2 core schema, a
 *    quoted one is text.  Every type is strict, as in editors: a plain
 *    `team: 12` is a number (hint: quote it).  Text
 *    keywords (pattern, min/maxLength counted in characters, format) apply
 *    to text only (a number, true/false or null passes them, as in JSON
 *    Schema): give such a key "type": "string" too.
 *
 * Messages (code KIT-SCHEMA; KIT-DATES for a date's content; load errors
 * KIT-SCHEMA-FILE, positioned in the schema file):
 *   missing required key "start" in "detention"     (at the mapping; hint
 *                                                     "start: <first sentence
 *                                                     of its description>")
 *   unknown key "detension"                          (hint: did you mean
 *                                                     "detention"? or the
 *                                                     allowed keys, up to 12)
 *   key "sentence" is not allowed for framework detention
 *   key "detention" is not allowed unless framework is detention
 *   key "x" is not allowed here
 *   expected a date (YYYY-MM-DD), found a list       (type; text, a whole
 *                                                     number, a number, true
 *                                                     or false, a list, a
 *                                                     mapping (key: value
 *                                                     lines), nothing (null))
 *   "amber " is not one of: red, amber, green        (hint: did you mean ...)
 *   expected one of: red, amber, green; found nothing
 *   expected "fixed", found "other"                  (const, or a 1-value enum)
 *   "DC 0001" does not match the pattern ^...$       (hint: the description)
 *   "é" is too short: at least 2 characters / too long: 11 characters, at most 10
 *   "rag" has 0 items; at least 1 required / "rag" has 4 items; at most 3 allowed
 *   29 is below the minimum of 30 / 301 is above the maximum of 300
 *   "2025-02-29" is not a real date: there is no such day in that month
 *   "10/01/2026" is not a date                       (hint: dates are YYYY-MM-DD)
 * A finding repeated by several schemas (allOf, then) is reported once;
 * after 200 findings in one record the rest are summarised in one line. */
#ifndef PK_SCHEMA_H
#define PK_SCHEMA_H

#include "diag.h"
#include "node.h"
#include "record.h"

struct pk_schema;

/* Loads case/panel/person.schema.json from dir; errors go to d. */
struct pk_schema *pk_schema_load(const char *dir, struct pk_diags *d);
/* Loads panelkit.schema.json alone (the repository's policy file,
 * panelkit.yaml); validate with kind PK_R_NONE. */
struct pk_schema *pk_schema_load_policy(const char *dir, struct pk_diags *d);
void pk_schema_free(struct pk_schema *s);

/* Validates a record's root node against the schema of its kind.  Findings
 * (code KIT-SCHEMA, or KIT-DATES for dates) are positioned at the offending
 * node; unknown keys get a "did you mean" hint.  Returns the error count.
 * An empty document (no root), or PK_R_NONE with a record schema, gives 0: the caller reports
 * those.  Allocates nothing for a clean record. */
int pk_schema_validate(const struct pk_schema *s, enum pk_rkind kind,
		       const struct pk_doc *doc, struct pk_diags *d);

/* The description of a property path ("detention.start", "rag[2].rating",
 * "rag[].date"; "" for the record), or NULL: lets tools explain a field in
 * the schema's own words.  Follows $ref, allOf and if-branches.  The
 * string belongs to s. */
const char *pk_schema_describe(const struct pk_schema *s, enum pk_rkind kind,
			       const char *path);

/* The "x-merge" annotation of a property path (as for pk_schema_describe:
 * "rag", "cases[].actions"), or NULL when the value is merged whole.  Its
 * form was checked at load: "set", "append" or {by: [keys]}. */
const struct pk_node *pk_schema_merge_rule(const struct pk_schema *s, enum pk_rkind kind,
					   const char *path);

#endif
