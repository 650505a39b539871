/* merge.h: a three-way merge of one record, field by field.
 *
 * git's line merge is unsafe for one-record-per-file YAML both ways: edits
 * to two adjacent keys conflict, and the same new key added by both sides
 * at different places merges "cleanly" into a duplicate key.  This merge
 * works on the parsed records instead:
 *
 *  - a field changed on one side only takes that side; the same value on
 *    both sides is no conflict; different values of one scalar are.
 *  - nested mappings recurse.
 *  - lists merge by what they are, as declared by the "x-merge" annotation
 *    of the list in the schema files (schema/KIND.schema.json: the one place, beside the
 *    schema): {"by": ["date"]} matches items by those keys (RAG entries,
 *    parole, releases, recalls by date; a panel's cases by case, members by
 *    person, actions by action) and merges them as a set; "set" merges a
 *    list of plain values as a set; "append" on a text field keeps both
 *    sides' additions when each side only appended to the base text.  A
 *    list without an annotation is compared whole.
 *  - deleted on one side and changed on the other is a conflict.
 *
 * The merged text is ours, with the text of what only theirs changed
 * spliced in: every field or list item is a run of whole lines (with the
 * comment lines just above it) located by the positions the YAML loader
 * records, so comments, key order, quoting and layout of everything else
 * are kept as written.  A change that cannot be spliced as whole lines (a
 * flow collection {a: 1} edited on both sides) is a conflict, never a
 * reformatting.  The result is re-parsed (no duplicate key), compared with
 * the merge's own tree (the text must read as what was merged) and
 * validated against the schema; any failure is a conflict. */
#ifndef PK_MERGE_H
#define PK_MERGE_H

#include <stddef.h>
#include "schema.h"

struct pk_merge_conflict {
	char *path;        /* "rag[2].rating" (list indexes count in ours,
			      in theirs for an item only theirs has); "" for
			      the whole record */
	char *why;         /* "changed on both sides", ... */
	char *base, *ours, *theirs; /* values in flow style (pk_node_flow), NULL
				       when absent */
	unsigned base_line, ours_line, theirs_line; /* 0 when absent */
};

struct pk_merge_result {
	char *text;        /* the merged record when there is no conflict;
			      NULL with deleted set when the merge deletes it */
	size_t len;
	int deleted;
	struct pk_merge_conflict *c;
	size_t n, cap;
};

#define PK_MERGE_RESULT_INIT {NULL, 0, 0, NULL, 0, 0}

/* Merges one record (relpath like "cases/DC-0004.yaml" gives its kind and
 * is used in messages).  base NULL: added on both sides; ours or theirs
 * NULL: deleted on that side.  s may be NULL (lists compared whole, no
 * validation: tests of the splicing only).  Returns 0 when clean (out->text
 * or out->deleted set), 1 when out->n conflicts were found. */
int pk_merge_record(const struct pk_schema *s, const char *relpath,
		    const char *base, size_t blen, const char *ours, size_t olen,
		    const char *theirs, size_t tlen, struct pk_merge_result *out);
void pk_merge_result_free(struct pk_merge_result *r);

/* A person's choice for one conflict (panel resolve): at path ("" for the
 * whole record), take ours, theirs or base instead of reporting it. */
enum pk_merge_side { PK_TAKE_OURS, PK_TAKE_THEIRS, PK_TAKE_BASE };
struct pk_merge_choice {
	const char *path;
	enum pk_merge_side take;
};
/* pk_merge_record with choices: a conflict at a chosen path takes that
 * side (its text, as written there). */
int pk_merge_record_with(const struct pk_schema *s, const char *relpath,
			 const char *base, size_t blen, const char *ours, size_t olen,
			 const char *theirs, size_t tlen, const struct pk_merge_choice *choices,
			 size_t nchoices, struct pk_merge_result *out);

/* One block per conflict:
 *   cases/DC-0004.yaml: rag[2].rating: changed on both sides
 *     base:   amber (line 31)
 *     ours:   red (line 31)
 *     theirs: green (line 33)                                  */
void pk_merge_print(FILE *out, const char *relpath, const struct pk_merge_result *r);

#endif
