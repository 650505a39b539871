/* record.h: the records of a repository, as a source of files and an ID
 * index.
 *
 * A pk_source lists the record files (repository-relative paths, people/
 * first, then cases/, then panels/, each sorted) and reads them: from the
 * working tree (pk_source_dir) or from the git tree of a past commit
 * (pk_source_git_at, history.h).  Tools take records one at a time so memory
 * stays flat in the number of cases; the ID index is the only thing that
 * grows with the caseload. */
#ifndef PK_RECORD_H
#define PK_RECORD_H

#include <stddef.h>
#include "date.h"
#include "diag.h"
#include "node.h"

enum pk_rkind { PK_R_PERSON, PK_R_CASE, PK_R_PANEL, PK_R_NONE };

struct pk_source {
	char *root;          /* directory given by the user, for messages */
	char **paths;        /* repository-relative, e.g. "cases/DC-0001.yaml" */
	size_t n;
	void *ctx;
	/* Reads one path (at most max bytes); 0, or -1 with a sentence in err. */
	int (*read)(void *ctx, const char *path, size_t max, char **buf,
		    size_t *len, char *err, size_t errlen);
	void (*free_ctx)(void *ctx);
	char *label;         /* "working tree" or "commit 1a2b3c4 (2026-03-01)" */
	char *prefix;        /* put before a path in messages ("casefiles/"), or "" */
	int partial;         /* only some records listed: references are looked
				up on disk under root instead of in the index */
	/* Records a run reads again and again (the people every panel check
	 * looks up, check_panel.c), kept with the snapshot they came from and
	 * freed with it; NULL until first used. */
	void *run_cache;
	void (*free_run_cache)(void *cache);
	int reads_in_parallel; /* read() may run on several threads at once
				  (prefetch.h): working-tree files, not git */
};

/* prefix + relpath, for messages.  Caller frees. */
char *pk_source_display(const struct pk_source *s, const char *relpath);

/* Folder name of a kind ("cases"...) and the kind of a relative path. */
const char *pk_kind_dir(enum pk_rkind k);
const char *pk_kind_name(enum pk_rkind k);   /* "case", "panel", "person" */
enum pk_rkind pk_path_kind(const char *relpath);

/* Walks root/{people,cases,panels}/<id>.yaml.  Symlinks, non-regular files
 * and unsafe names are reported to d and left out. NULL if root is not a
 * directory (reported). */
struct pk_source *pk_source_dir(const char *root, struct pk_diags *d);
/* The same, listing only the kinds of the mask (1u << PK_R_CASE, ...):
 * the others are read by ID when asked for (partial; an agenda needs
 * its panel's cases, not a listing of 100k of them). */
#define PK_KINDS_ALL ((1u << PK_R_PERSON) | (1u << PK_R_CASE) | (1u << PK_R_PANEL))
struct pk_source *pk_source_dir_kinds(const char *root, unsigned kinds, struct pk_diags *d);
/* Named files only (paths relative to root, or absolute under root). */
struct pk_source *pk_source_files(const char *root, char *const *files, size_t n,
				  struct pk_diags *d);
void pk_source_free(struct pk_source *s);

/* Loads and parses one record of the source; parse errors go to d. */
struct pk_doc *pk_source_load(struct pk_source *s, const char *relpath, struct pk_diags *d);

/* The IDs a record must name to matter (the cases an agenda looks for in
 * earlier panels, say), built once for many files.  NULL entries are
 * skipped; the strings are copied. */
struct pk_names;
struct pk_names *pk_names_new(const char *const *ids, size_t n);
void pk_names_free(struct pk_names *names);
/* 1 when the bytes may name one of the IDs once parsed: an ID made of
 * letters, digits, '.', '_' and '-' stands in them with none of those on
 * either side (as any YAML scalar equal to it must), any other ID anywhere
 * in them; and bytes that could spell an ID in a way a byte search misses
 * (a backslash escape, a NUL or UTF-16) may name any.  One pass over the
 * bytes, however many IDs. */
int pk_names_in(const struct pk_names *names, const char *buf, size_t len);

/* pk_source_load, but only a file whose bytes may name one of names
 * (pk_names_in): any other is read, not parsed, and NULL is returned, so
 * the records that matter are the same as with pk_source_load. */
struct pk_doc *pk_source_load_naming(struct pk_source *s, const char *relpath,
				     const struct pk_names *names, struct pk_diags *d);

/* ID index: every record's ID, kind and path (KIT-IDS). */
struct pk_index;
struct pk_index *pk_index_new(void);
void pk_index_free(struct pk_index *x);
/* Adds id; returns NULL, or the path of the record that already has it. */
const char *pk_index_add(struct pk_index *x, const char *id, enum pk_rkind k, const char *path);
/* Path of the record with that ID and kind, or NULL. */
const char *pk_index_find(const struct pk_index *x, const char *id, enum pk_rkind k);
size_t pk_index_count(const struct pk_index *x);
/* Bytes kept with a record's ID for a later check in the same run
 * (validate.c: what a panel's checks read of each case, frozen); they are
 * kept only for the record that holds id at path, and replace any before.
 * pk_index_facts: those bytes and their length, for the record of that
 * ID, kind and path only, else NULL. */
void pk_index_set_facts(struct pk_index *x, const char *id, const char *path, const void *buf,
			size_t len);
const void *pk_index_facts(const struct pk_index *x, const char *id, enum pk_rkind k,
			   const char *path, size_t *len);
/* Did you mean: the ID of kind k closest to id (DC-0001 for dc-0001,
 * wren-applethwaite for wren-applethwait: case and up to 2 edits; ties go to
 * the first in sort order), or NULL.  The string belongs to x / to s. */
const char *pk_index_suggest(const struct pk_index *x, const char *id, enum pk_rkind k);
const char *pk_source_suggest(const struct pk_source *s, const char *id, enum pk_rkind k,
			      char *buf, size_t n);

/* Loads another record by ID (e.g. a panel's case) without reporting its
 * own errors again: NULL if it does not exist or does not parse. */
struct pk_doc *pk_load_by_id(struct pk_source *s, enum pk_rkind k, const char *id);

/* Whether the source holds that record's file, readable as YAML or not
 * (a reference to it resolves; its own errors are its own). */
int pk_source_has(struct pk_source *s, enum pk_rkind k, const char *id);

/* Parses a date at path within a record; PK_NODATE when absent or invalid. */
pk_date pk_node_date(const struct pk_node *n, const char *path);

#endif
