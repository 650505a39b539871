/* yamldiff.h: field-level differences between two versions of a record.
 *
 * panel log and panel audit describe a change as the YAML paths that
 * changed, with old -> new values, not as a text diff:
 *
 *   rag[2].rating: amber -> red
 *   rag[3]: (absent) -> {rating: red, date: 2026-03-01, reason: Recalled.}
 *   detension: {start: 2026-01-10} -> (absent)     (a renamed key shows as
 *   detention: (absent) -> {start: 2026-01-10}      removed + added)
 *
 * Values are compared as text (the toolkit reads every scalar as text), so
 * re-quoting a value or re-indenting a file is not a change.  Lists of
 * mappings are matched by an identity key (id, case, person, date, stage,
 * topic, action: the first one that every item has, unique on both sides),
 * so inserting a RAG entry shows as one added item, not as every later item
 * changed; other lists are matched by a longest common subsequence.  A
 * changed multi-line text is shown as a line diff. */
#ifndef PK_YAMLDIFF_H
#define PK_YAMLDIFF_H

#include <stdio.h>
#include "node.h"

enum pk_change_op { PK_CH_ADDED, PK_CH_REMOVED, PK_CH_CHANGED };

struct pk_change {
	enum pk_change_op op;
	char *path;          /* "rag[2].rating"; indexes count in the new list
				(in the old one for a removed item) */
	char *old_text;      /* the old value rendered (see pk_node_flow), NULL when added */
	char *new_text;      /* NULL when removed */
	int multiline;       /* a text value with line breaks: print as a line diff */
	unsigned old_line, new_line; /* where the values are, 0 if absent */
};

struct pk_changes {
	struct pk_change *v;
	size_t n, cap;
};

#define PK_CHANGES_INIT {NULL, 0, 0}

/* Appends the differences from old to new (either may be NULL: nothing).
 * prefix ("" or NULL at the top) is put before every path, so a caller can
 * diff one field: pk_yaml_diff(a, b, "cases[0].reasons", &c). */
void pk_yaml_diff(const struct pk_node *old, const struct pk_node *new_,
		  const char *prefix, struct pk_changes *out);
void pk_changes_free(struct pk_changes *c);

/* Text form, one change per line after indent; a multi-line text is the
 * path, then its lines marked "- " (old), "+ " (new) or "  " (kept). */
void pk_changes_print(FILE *out, const struct pk_changes *c, const char *indent);
/* [{"path": .., "op": "added|removed|changed", "old": ..|null, "new": ..|null}]
 * on one line, as a value of w's document. */
struct pk_jw;
void pk_changes_json(struct pk_jw *w, const struct pk_changes *c);

/* A value on one line in YAML flow style: a scalar as itself (quoted when
 * it would read differently: empty, padded, "null"-like or with special
 * characters), null as "null", {k: v, ...} and [a, b].  Caller frees. */
char *pk_node_flow(const struct pk_node *n);
/* 1 if the two trees hold the same text values in the same shape (map key
 * order ignored). */
int pk_node_equal(const struct pk_node *a, const struct pk_node *b);

#endif
