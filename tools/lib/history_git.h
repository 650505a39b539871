/* history_git.h: the records as a git tree, through libgit2: the helpers
 * beneath history, accept and sync (history_git.c, history_git_cache.c);
 * no tool includes it. */
#ifndef PK_HISTORY_GIT_H
#define PK_HISTORY_GIT_H

#include <git2.h>
#include "date.h"
#include "diag.h"
#include "record.h"

/* The repository holding a records directory.  prefix is the directory's
 * path inside the work tree, "" or ending in '/' ("casefiles/"). */
struct pk_git {
	git_repository *repo;
	git_odb *odb;
	char *prefix;
	char *display;   /* put before record paths in messages ("" or "dir/") */
};

/* git_libgit2_init with panelkit's settings (no rehash of every object
 * read; big trees kept in libgit2's object cache); pair with
 * git_libgit2_shutdown.  pk_git_open and pk_guard_open call it. */
void pk_git_init_lib(void);

/* Opens the repository around root.  Returns 0; 1 when root is not in a
 * git work tree (reported only when report_missing); -1 on other errors
 * (reported).  Initialises libgit2; pk_git_close shuts it down. */
int pk_git_open(struct pk_git *g, const char *root, int report_missing, struct pk_diags *d);
void pk_git_close(struct pk_git *g);

/* Adds a KIT-GIT error "what: <libgit2's message>". */
void pk_git_diag(struct pk_diags *d, const char *file, const char *what);

/* "commit 1a2b3c4 (2026-03-01)"-style helpers. */
void pk_git_short(const git_oid *id, char out[12]);
pk_date pk_git_commit_date(const git_commit *c);

/* The entry name inside the data of a raw tree object; 0, or
 * GIT_ENOTFOUND.  One pass, no allocation. */
int pk_git_raw_find(const void *data, size_t len, const char *name, size_t nlen, git_oid *out,
		    unsigned *mode);
/* The entry name inside a raw tree object; 0, or GIT_ENOTFOUND. */
int pk_git_tree_find(git_odb *odb, const git_oid *tree, const char *name, size_t nlen,
		     git_oid *out, unsigned *mode);
/* The object at a slash-separated path below tree; 0 or GIT_ENOTFOUND. */
int pk_git_path_find(git_odb *odb, const git_oid *tree, const char *path, git_oid *out,
		     unsigned *mode);

/* The one reader of raw tree objects' entries ("<octal mode> <name>\0<20
 * byte id>", in git's order).  pk_git_rnext: 1 and the next entry, 0 at
 * the end, -1 when corrupt. */
struct pk_git_rent {
	const char *name;
	size_t nlen;
	unsigned mode;
	const unsigned char *id;  /* GIT_OID_RAWSZ bytes */
};
int pk_git_rnext(const unsigned char **p, const unsigned char *end, struct pk_git_rent *e);
/* git's order of tree entries: by name, a folder as if it ended in '/'. */
int pk_git_rent_order(const struct pk_git_rent *a, const struct pk_git_rent *b);
/* Calls fn for each entry that differs between two trees (either NULL:
 * absent): o NULL for an added entry, n NULL for a removed one, both for
 * a changed id or mode.  The identical bytes at both ends are skipped by
 * memcmp, so one changed record of a 100k-entry cases/ tree costs a
 * memcmp and a walk to its entry, not a compare of every entry.
 * 0; -1 when a tree cannot be read (libgit2's error set); -2 corrupt. */
typedef void (*pk_git_diff_fn)(void *ctx, const struct pk_git_rent *o, const struct pk_git_rent *n);
int pk_git_tree_diff(git_odb *odb, const git_oid *otree, const git_oid *ntree, pk_git_diff_fn fn,
		     void *ctx);
/* The paths of every file that differs between two trees (either NULL:
 * empty), down every folder that differs, in git's order, each allocated;
 * for a checkout of only what changed.  0 with *out and *n; 1 when there
 * are more than max (nothing kept); -1 or -2 as pk_git_tree_diff.  Free
 * with pk_git_paths_free. */
int pk_git_changed_paths(git_odb *odb, const git_oid *otree, const git_oid *ntree, size_t max,
			 char ***out, size_t *n);
void pk_git_paths_free(char **v, size_t n);

/* A tree object's bytes: through the batch (history_git_batch.c) when one
 * is started on odb, else libgit2's.  0; -2 not a tree; another negative
 * value: libgit2's error code, its error set.  The bytes stay valid until
 * pk_git_raw_free. */
struct pk_git_raw {
	const unsigned char *data;
	size_t size;
	git_odb_object *obj;
	void *slot;
};
int pk_git_raw_tree(git_odb *odb, const git_oid *id, struct pk_git_raw *r);
void pk_git_raw_free(struct pk_git_raw *r);
/* A walk over g's history reads trees of min bytes or more through `git
 * cat-file --batch` (libgit2 1.5 rebuilds the delta chain of a tree over
 * 1 MB on every read: PK_GIT_BATCH_MIN); smaller ones stay in process.
 * 0, or -1 when turned off (PANEL_GIT_BATCH=0); git is started on the
 * first such read, and when it cannot be, libgit2 reads (nothing is
 * said).  One batch at a time; pk_git_batch_stop(odb) stops it if it
 * reads odb (NULL: any), as pk_git_close does. */
#define PK_GIT_BATCH_MIN ((size_t)1 << 20) /* libgit2's GIT_PACK_CACHE_SIZE_LIMIT */
int pk_git_batch_start(struct pk_git *g, size_t min);
void pk_git_batch_stop(git_odb *odb);
/* Trees git has served since the batch started (tests). */
size_t pk_git_batch_served(void);

/* A blob's content, at most max bytes; 0, or -1 with a sentence in err. */
int pk_git_read_blob(git_odb *odb, const git_oid *id, size_t max, char **buf, size_t *len,
		     char *err, size_t errlen);

/* One directory of a tree, sorted by name, for listing and lookups. */
struct pk_git_dir {
	git_odb_object *obj;   /* holds the names */
	struct pk_git_dent {
		const char *name;
		size_t nlen;
		git_oid id;
		unsigned mode;
	} *v;
	size_t n;
};
int pk_git_dir_load(git_odb *odb, const git_oid *tree, struct pk_git_dir *out);
/* The same from an object already read (the listing keeps a reference). */
int pk_git_dir_parse(git_odb_object *obj, struct pk_git_dir *out);
const struct pk_git_dent *pk_git_dir_find(const struct pk_git_dir *dir, const char *name);
void pk_git_dir_free(struct pk_git_dir *dir);

/* A source over the records of a tree (the records root's tree at some
 * commit, or of HEAD).  paths == NULL lists every record of the tree
 * (non-records reported to d as pk_source_dir does); otherwise the given
 * record paths (relative to the records root), marked partial.  overlay
 * entries replace what the tree holds; the source takes the array.  With
 * own_git the source takes g (heap-allocated) and closes it when freed;
 * otherwise g must outlive the source.  tree NULL: an empty tree. */
enum pk_ov_state { PK_OV_BUF, PK_OV_BLOB, PK_OV_DELETED };
struct pk_overlay {
	char *path;              /* relative to the records root */
	enum pk_ov_state state;
	char *buf;               /* PK_OV_BUF */
	size_t len;
	git_oid id;              /* PK_OV_BLOB */
};
/* Frees the strings of n overlay entries and the array. */
void pk_overlay_free(struct pk_overlay *ov, size_t n);
struct pk_source *pk_source_tree(struct pk_git *g, const git_oid *tree, const char *root,
				 const char *label, char *const *paths, size_t npaths,
				 struct pk_overlay *overlay, size_t noverlay, int own_git,
				 struct pk_diags *d);
/* pk_validate_dangling over every record of tree: the records (but skip)
 * that still name one of the gone records.  Returns the errors added. */
size_t pk_tree_dangling(struct pk_git *g, const git_oid *tree, const char *root, const char *label,
			char *const *gone, size_t ngone, char *const *skip, size_t nskip,
			struct pk_diags *d);

/* Author and committer of a new commit: author from "Name <email>", else
 * user.name/user.email of the repository's configuration (repo NULL: the
 * user's global configuration); committer from the configuration, else
 * the author.  GIT_AUTHOR_DATE and GIT_COMMITTER_DATE are honoured as git
 * does.  0, or -1 with the reason in d (KIT-HISTORY). */
int pk_git_signatures(git_repository *repo, const char *author, git_signature **a,
		      git_signature **c, const char *file, struct pk_diags *d);

/* The records root's tree of a commit; 0, or 1 when the commit has none. */
int pk_git_records_tree(struct pk_git *g, const git_commit *c, git_oid *out);

/* history_git_cache.c: the records each commit changed against its first
 * parent, kept in .git/panel-changes (see there).  Paths are relative to
 * the records root; a zero id means absent. */
struct pk_chrec {
	char *path;
	git_oid old_id, new_id;
};
struct pk_chcache;
/* trust: read what .git/panel-changes remembers (panel log).  panel audit
 * opens it with trust 0: the file lives outside git's content-addressed
 * objects, so anyone could edit it to hide a commit's changes; an audit
 * works every commit out from the objects themselves and writes nothing. */
struct pk_chcache *pk_chcache_open(struct pk_git *g, int trust);
void pk_chcache_free(struct pk_chcache *c);
/* The changes of a commit, worked out (and remembered) if not known yet.
 * *v stays valid until the next call.  0, or -1 (libgit2's error). */
int pk_chcache_get(struct pk_chcache *c, const git_commit *commit, const struct pk_chrec **v,
		   size_t *n);
/* Records the changes of a commit just made. */
void pk_chcache_add(struct pk_chcache *c, const git_oid *commit, const struct pk_chrec *v,
		    size_t n);
/* The same without reading the cache first (panel commit). */
void pk_chcache_append(struct pk_git *g, const git_oid *commit, const struct pk_chrec *v,
		       size_t n);

/* Sorts record paths people/, cases/, panels/, each by name. */
void pk_sort_record_paths(char **paths, size_t n);
/* 1 if name is <safe id>.yaml. */
int pk_record_name(const char *name);

#endif
