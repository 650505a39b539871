/* node.h: a YAML document as a tree with source positions.
 *
 * Built from libyaml's event parser.  Every scalar is kept as text: the
 * toolkit never relies on YAML 1.1 implicit typing (2026-01-10 stays the
 * string "2026-01-10"; "no" stays "no").  pk_scalar_type() classifies a plain
 * scalar under the YAML 1.2 core schema when a JSON-Schema type check needs it.
 *
 * Hostile input is bounded: file size, nesting depth and the number of nodes
 * (which caps alias expansion) have limits; anchors are resolved by copying,
 * so the tree is a tree.  Duplicate mapping keys, merge-conflict markers,
 * tab indentation and multiple documents are reported as errors.
 *
 * A pk_doc owns every node and string of its tree; pk_doc_free releases all. */
#ifndef PK_NODE_H
#define PK_NODE_H

#include <stddef.h>
#include "diag.h"

enum pk_kind { PK_SCALAR, PK_SEQ, PK_MAP };

/* YAML 1.2 core-schema type of a scalar; quoted scalars are always STR. */
enum pk_stype { PK_T_NULL, PK_T_BOOL, PK_T_INT, PK_T_FLOAT, PK_T_STR };

struct pk_node {
	enum pk_kind kind;
	unsigned line, col;     /* 1-based start of the node */
	unsigned end_line;      /* 1-based line where the node ends */
	int plain;              /* scalar written without quotes or block style */
	const char *str;        /* scalar text, NUL-terminated; "" for others */
	size_t len;             /* scalar length in bytes */
	size_t n;               /* number of items or pairs */
	struct pk_node **items; /* SEQ: items; MAP: values */
	struct pk_node **keys;  /* MAP: keys (always scalars) */
	size_t cap;
};

struct pk_limits {
	size_t max_bytes;       /* default 4 MiB */
	unsigned max_depth;     /* default 64 */
	size_t max_nodes;       /* default 200000, counts alias copies */
};

struct pk_doc;

/* Parses buf (len bytes) as one YAML document.  path is used in messages.
 * On any error, findings go to d and NULL is returned.  An empty document
 * gives a doc whose root is NULL.  limits may be NULL for the defaults. */
struct pk_doc *pk_doc_parse(const char *path, const char *buf, size_t len,
			    const struct pk_limits *limits, struct pk_diags *d);
/* Reads and parses a file; never follows a symlink. */
struct pk_doc *pk_doc_load(const char *path, const char *display,
			   const struct pk_limits *limits, struct pk_diags *d);
void pk_doc_free(struct pk_doc *doc);

struct pk_node *pk_doc_root(const struct pk_doc *doc);
const char *pk_doc_path(const struct pk_doc *doc);
/* Source text: the whole buffer, and line n (1-based) without its line
 * break, copied into a buffer of the calling thread (valid until its next
 * call). */
const char *pk_doc_text(const struct pk_doc *doc, size_t *len);
const char *pk_doc_line(const struct pk_doc *doc, unsigned n);
/* Frees the calling thread's buffer behind pk_doc_line (a thread that
 * quoted lines calls it before it ends). */
void pk_doc_line_release(void);

/* Adds a finding positioned at node n (or at the file when n is NULL). */
void pk_doc_diag(struct pk_diags *d, const struct pk_doc *doc,
		 const struct pk_node *n, enum pk_sev sev, const char *rule,
		 const char *hint, const char *fmt, ...)
	__attribute__((format(printf, 7, 8)));

/* Lookups.  pk_get follows a dotted path of map keys and [i] indexes,
 * e.g. "detention.start" or "rag[0].rating"; NULL if absent. */
struct pk_node *pk_map_get(const struct pk_node *map, const char *key);
struct pk_node *pk_get(const struct pk_node *n, const char *path);
/* Scalar text at path, or NULL if absent, not a scalar, or null. */
const char *pk_get_str(const struct pk_node *n, const char *path);
enum pk_stype pk_scalar_type(const struct pk_node *n);
int pk_is_null(const struct pk_node *n);
/* 1 for a true boolean scalar at path, 0 otherwise. */
int pk_get_bool(const struct pk_node *n, const char *path);

/* Building trees in code (template views, tests).  Strings are copied into
 * the doc.  pk_doc_new gives an empty doc with no root. */
struct pk_doc *pk_doc_new(void);
void pk_doc_set_root(struct pk_doc *doc, struct pk_node *root);
struct pk_node *pk_new_map(struct pk_doc *doc);
struct pk_node *pk_new_seq(struct pk_doc *doc);
struct pk_node *pk_new_str(struct pk_doc *doc, const char *s);
struct pk_node *pk_new_strn(struct pk_doc *doc, const char *s, size_t n);
struct pk_node *pk_new_strf(struct pk_doc *doc, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* A plain scalar ("true", "12", "null"): typed by pk_scalar_type. */
struct pk_node *pk_new_plain(struct pk_doc *doc, const char *s);
void pk_seq_push(struct pk_doc *doc, struct pk_node *seq, struct pk_node *item);
/* Appends key: val (does not replace an existing key). */
void pk_map_put(struct pk_doc *doc, struct pk_node *map, const char *key, struct pk_node *val);
/* Deep copy of n (from any doc) into doc. */
struct pk_node *pk_copy(struct pk_doc *doc, const struct pk_node *n);

/* A compact copy of the entries of map whose keys are among keys (sorted,
 * strcmp order; every entry when keys is NULL), each with its whole value and every node's
 * position, appended to out: a fraction of the bytes a parse takes, read
 * back without YAML.  pk_doc_thaw makes the doc again: its root is a map
 * of those entries in their order, named path; NULL for bytes that
 * pk_node_freeze did not write. */
struct sbuf;
void pk_node_freeze(const struct pk_node *map, const char *const *keys, size_t nkeys,
		    struct sbuf *out);
struct pk_doc *pk_doc_thaw(const char *path, const void *buf, size_t len);

#endif
