/* history_git.c: the records as a git tree: repository discovery, raw
 * tree lookups, sources over a tree, and the signatures of a new commit. */
#include "history_git.h"
#include "mem.h"
#include "text.h"
#include "validate.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* ---- repository ---- */

void pk_git_diag(struct pk_diags *d, const char *file, const char *what)
{
	const git_error *e = git_error_last();
	pk_diag_add(d, PK_ERROR, file, 0, 0, NULL, "KIT-GIT", NULL, "%s: %s", what,
		    e && e->message ? e->message : "unknown libgit2 error");
}

static char *display_prefix(const char *root)
{
	struct sbuf b = SBUF_INIT;
	if (strcmp(root, ".") != 0) {
		sbuf_adds(&b, root);
		if (b.len && b.s[b.len - 1] != '/')
			sbuf_addc(&b, '/');
	}
	sbuf_adds(&b, "");
	return sbuf_detach(&b);
}

void pk_git_init_lib(void)
{
	git_libgit2_init();
	/* As git does: objects are checked by git fsck, not hashed again on
	 * every read (a cases/ tree of 100k entries is 4 MB). */
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
	/* libgit2 keeps no tree over 4 KB in its object cache, and the
	 * acceptance check looks into the same cases/ tree (400 KB at 10k
	 * cases, 4 MB at 100k) once per record it judges, each time a fresh
	 * inflate and delta chain: keep trees up to 8 MB, within 16 MB for
	 * every cached object (the default is 256 MB). */
	git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, GIT_OBJECT_TREE, (size_t)8 << 20);
	git_libgit2_opts(GIT_OPT_SET_CACHE_MAX_SIZE, (ssize_t)16 << 20);
}

int pk_git_open(struct pk_git *g, const char *root, int report_missing, struct pk_diags *d)
{
	char real[PATH_MAX], wd[PATH_MAX];
	memset(g, 0, sizeof *g);
	pk_git_init_lib();
	if (!realpath(root, real)) {
		pk_diag_add(d, PK_ERROR, root, 0, 0, NULL, "KIT-IO", NULL, "cannot open: %s",
			    strerror(errno));
		goto fail;
	}
	int r = git_repository_open_ext(&g->repo, real, 0, NULL);
	if (r == GIT_ENOTFOUND) {
		if (report_missing)
			pk_diag_add(d, PK_ERROR, root, 0, 0, NULL, "KIT-HISTORY",
				    "create one with 'panel init DIR'",
				    "not in a git repository: the records have no history");
		git_libgit2_shutdown();
		return 1;
	}
	if (r < 0) {
		pk_git_diag(d, root, "cannot open the git repository");
		goto fail;
	}
	if (git_repository_is_bare(g->repo)) {
		pk_diag_add(d, PK_ERROR, root, 0, 0, NULL, "KIT-HISTORY", NULL,
			    "the git repository is bare: it has no working tree of records");
		goto fail;
	}
	if (git_repository_odb(&g->odb, g->repo) < 0) {
		pk_git_diag(d, root, "cannot open the object database");
		goto fail;
	}
	if (!realpath(git_repository_workdir(g->repo), wd)) {
		pk_diag_add(d, PK_ERROR, root, 0, 0, NULL, "KIT-IO", NULL,
			    "cannot open the work tree: %s", strerror(errno));
		goto fail;
	}
	size_t wl = strlen(wd);
	struct sbuf p = SBUF_INIT;
	if (strncmp(real, wd, wl) == 0 && real[wl] == '/') {
		sbuf_adds(&p, real + wl + 1);
		sbuf_addc(&p, '/');
	} else if (strcmp(real, wd) != 0) {
		pk_diag_add(d, PK_ERROR, root, 0, 0, NULL, "KIT-HISTORY", NULL,
			    "is inside the git directory, not the work tree");
		goto fail;
	}
	sbuf_adds(&p, "");
	g->prefix = sbuf_detach(&p);
	g->display = display_prefix(root);
	return 0;
fail:
	pk_git_close(g);
	return -1;
}

void pk_git_close(struct pk_git *g)
{
	if (g->odb)
		pk_git_batch_stop(g->odb);
	git_odb_free(g->odb);
	git_repository_free(g->repo);
	free(g->prefix);
	free(g->display);
	memset(g, 0, sizeof *g);
	git_libgit2_shutdown();
}

void pk_git_short(const git_oid *id, char out[12])
{
	git_oid_tostr(out, 8, id);
}

/* The committer's own calendar date: a commit made at 00:30 BST on
 * 1 March belongs to 1 March. */
pk_date pk_git_commit_date(const git_commit *c)
{
	long long t = (long long)git_commit_time(c) + git_commit_time_offset(c) * 60LL;
	long long days = t / 86400;
	if (t % 86400 < 0)
		days--;
	return (pk_date)days;
}

/* ---- raw trees ---- */

/* Entries are "<octal mode> <name>\0<20-byte id>".  Scanning the raw object
 * costs one pass and no allocation, which matters for a cases/ tree of
 * 100k entries read once per commit by panel log. */
int pk_git_raw_find(const void *data, size_t len, const char *name, size_t nlen, git_oid *out,
		    unsigned *mode)
{
	const unsigned char *p = data, *end = p + len;
	while (p < end) {
		const unsigned char *sp = memchr(p, ' ', (size_t)(end - p));
		if (!sp)
			break;
		const unsigned char *nm = sp + 1;
		const unsigned char *nul = memchr(nm, '\0', (size_t)(end - nm));
		if (!nul || end - nul < 21)
			break;
		if ((size_t)(nul - nm) == nlen && memcmp(nm, name, nlen) == 0) {
			unsigned m = 0;
			for (const unsigned char *q = p; q < sp; q++)
				m = m * 8 + (unsigned)(*q - '0');
			if (mode)
				*mode = m;
			git_oid_fromraw(out, nul + 1);
			return 0;
		}
		p = nul + 21;
	}
	return GIT_ENOTFOUND;
}

int pk_git_rnext(const unsigned char **p, const unsigned char *end, struct pk_git_rent *e)
{
	if (*p >= end)
		return 0;
	const unsigned char *sp = memchr(*p, ' ', (size_t)(end - *p));
	const unsigned char *nul = sp ? memchr(sp + 1, '\0', (size_t)(end - sp - 1)) : NULL;
	if (!nul || end - nul < 21 || sp == *p)
		return -1;
	e->mode = 0;
	for (const unsigned char *q = *p; q < sp; q++) {
		if (*q < '0' || *q > '7')
			return -1;
		e->mode = e->mode * 8 + (unsigned)(*q - '0');
	}
	e->name = (const char *)sp + 1;
	e->nlen = (size_t)(nul - sp - 1);
	e->id = nul + 1;
	*p = nul + 21;
	return 1;
}

int pk_git_rent_order(const struct pk_git_rent *a, const struct pk_git_rent *b)
{
	size_t n = a->nlen < b->nlen ? a->nlen : b->nlen;
	int c = memcmp(a->name, b->name, n);
	if (c)
		return c;
	unsigned char ca = n < a->nlen ? (unsigned char)a->name[n] : a->mode == 040000 ? '/' : '\0';
	unsigned char cb = n < b->nlen ? (unsigned char)b->name[n] : b->mode == 040000 ? '/' : '\0';
	return (ca > cb) - (ca < cb);
}

/* The length of the bytes a and b share at their start. */
static size_t common_prefix(const unsigned char *a, const unsigned char *b, size_t n)
{
	size_t k = 0;
	while (k + 4096 <= n && memcmp(a + k, b + k, 4096) == 0)
		k += 4096;
	while (k < n && a[k] == b[k])
		k++;
	return k;
}

/* Moves both cursors (each at the start of an entry) past the entries the
 * two rests share byte for byte: same bytes, same entry boundaries. */
static void skip_same(const unsigned char **op, const unsigned char *oe, const unsigned char **np,
		      const unsigned char *ne)
{
	size_t ol = (size_t)(oe - *op), nl = (size_t)(ne - *np);
	size_t k = common_prefix(*op, *np, ol < nl ? ol : nl);
	const unsigned char *q = *op;
	for (;;) {
		const unsigned char *nul = memchr(q, '\0', (size_t)(oe - q));
		if (!nul || (size_t)(nul + 21 - *op) > k)
			break;
		q = nul + 21;
	}
	*np += q - *op;
	*op = q;
}

int pk_git_tree_diff(git_odb *odb, const git_oid *otree, const git_oid *ntree, pk_git_diff_fn fn,
		     void *ctx)
{
	struct pk_git_raw oo = {0}, no = {0};
	int ret;
	if ((otree && (ret = pk_git_raw_tree(odb, otree, &oo)) < 0) ||
	    (ntree && (ret = pk_git_raw_tree(odb, ntree, &no)) < 0)) {
		ret = ret == -2 ? -2 : -1;
		goto done;
	}
	const unsigned char *op = oo.data, *oe = op ? op + oo.size : NULL;
	const unsigned char *np = no.data, *ne = np ? np + no.size : NULL;
	if (otree && ntree)
		skip_same(&op, oe, &np, ne);
	struct pk_git_rent o, n;
	int ho = otree ? pk_git_rnext(&op, oe, &o) : 0, hn = ntree ? pk_git_rnext(&np, ne, &n) : 0;
	while (ho > 0 || hn > 0) {
		int c = ho <= 0 ? 1 : hn <= 0 ? -1 : pk_git_rent_order(&o, &n);
		if (c < 0) {
			fn(ctx, &o, NULL);
			ho = pk_git_rnext(&op, oe, &o);
		} else if (c > 0) {
			fn(ctx, NULL, &n);
			hn = pk_git_rnext(&np, ne, &n);
		} else {
			if (o.mode != n.mode || memcmp(o.id, n.id, GIT_OID_RAWSZ) != 0)
				fn(ctx, &o, &n);
			skip_same(&op, oe, &np, ne);
			ho = pk_git_rnext(&op, oe, &o);
			hn = pk_git_rnext(&np, ne, &n);
		}
	}
	ret = ho < 0 || hn < 0 ? -2 : 0;
done:
	pk_git_raw_free(&oo);
	pk_git_raw_free(&no);
	return ret;
}

/* pk_git_changed_paths: one folder's differing entries, kept as they come
 * (the raw trees are freed when pk_git_tree_diff returns), then walked. */
struct cp_ent {
	char *path;
	git_oid o, n;
	unsigned om, nm; /* 0: absent on that side */
};
struct cp_ctx {
	const char *prefix;
	struct cp_ent *v;
	size_t n, cap;
};

static void cp_note(void *ctx, const struct pk_git_rent *o, const struct pk_git_rent *n)
{
	struct cp_ctx *c = ctx;
	const struct pk_git_rent *e = n ? n : o;
	if (c->n == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 16;
		c->v = xrealloc(c->v, c->cap * sizeof *c->v);
	}
	struct cp_ent *x = &c->v[c->n++];
	memset(x, 0, sizeof *x);
	struct sbuf p = SBUF_INIT;
	sbuf_addf(&p, "%s%.*s", c->prefix, (int)e->nlen, e->name);
	x->path = sbuf_detach(&p);
	if (o) {
		memcpy(x->o.id, o->id, GIT_OID_RAWSZ);
		x->om = o->mode;
	}
	if (n) {
		memcpy(x->n.id, n->id, GIT_OID_RAWSZ);
		x->nm = n->mode;
	}
}

struct cp_out {
	char **v;
	size_t n, max;
};

static int cp_add(struct cp_out *out, const char *path)
{
	if (out->n >= out->max)
		return 1;
	out->v[out->n++] = xstrdup(path);
	return 0;
}

static int cp_walk(git_odb *odb, const char *prefix, const git_oid *otree, const git_oid *ntree,
		   struct cp_out *out)
{
	struct cp_ctx c = {prefix, NULL, 0, 0};
	int r = pk_git_tree_diff(odb, otree, ntree, cp_note, &c);
	for (size_t i = 0; i < c.n; i++) {
		struct cp_ent *x = &c.v[i];
		int ot = x->om == 040000, nt = x->nm == 040000;
		if (r == 0 && ((x->om && !ot) || (x->nm && !nt)))
			r = cp_add(out, x->path); /* a file on either side */
		if (r == 0 && (ot || nt)) {
			struct sbuf sub = SBUF_INIT;
			sbuf_addf(&sub, "%s/", x->path);
			r = cp_walk(odb, sub.s, ot ? &x->o : NULL, nt ? &x->n : NULL, out);
			sbuf_free(&sub);
		}
		free(x->path);
	}
	free(c.v);
	return r;
}

int pk_git_changed_paths(git_odb *odb, const git_oid *otree, const git_oid *ntree, size_t max,
			 char ***out, size_t *n)
{
	struct cp_out o = {xcalloc(max ? max : 1, sizeof(char *)), 0, max};
	int r = cp_walk(odb, "", otree, ntree, &o);
	if (r != 0) {
		pk_git_paths_free(o.v, o.n);
		*out = NULL;
		*n = 0;
		return r;
	}
	*out = o.v;
	*n = o.n;
	return 0;
}

void pk_git_paths_free(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

int pk_git_tree_find(git_odb *odb, const git_oid *tree, const char *name, size_t nlen,
		     git_oid *out, unsigned *mode)
{
	struct pk_git_raw raw;
	int r = pk_git_raw_tree(odb, tree, &raw);
	if (r == -2)
		return GIT_ENOTFOUND;
	if (r < 0)
		return r;
	r = pk_git_raw_find(raw.data, raw.size, name, nlen, out, mode);
	pk_git_raw_free(&raw);
	return r;
}

int pk_git_path_find(git_odb *odb, const git_oid *tree, const char *path, git_oid *out,
		     unsigned *mode)
{
	git_oid cur = *tree;
	unsigned m = 040000;
	while (*path) {
		if (m != 040000)
			return GIT_ENOTFOUND; /* a file where a folder was expected */
		size_t n = strcspn(path, "/");
		int r = pk_git_tree_find(odb, &cur, path, n, &cur, &m);
		if (r < 0)
			return r;
		path += n;
		while (*path == '/')
			path++;
	}
	*out = cur;
	if (mode)
		*mode = m;
	return 0;
}

int pk_git_read_blob(git_odb *odb, const git_oid *id, size_t max, char **buf, size_t *len,
		     char *err, size_t errlen)
{
	git_odb_object *obj;
	*buf = NULL;
	*len = 0;
	if (git_odb_read(&obj, odb, id) < 0) {
		const git_error *e = git_error_last();
		snprintf(err, errlen, "cannot read from git: %s", e && e->message ? e->message : "?");
		return -1;
	}
	size_t n = git_odb_object_size(obj);
	int r = -1;
	if (git_odb_object_type(obj) != GIT_OBJECT_BLOB) {
		snprintf(err, errlen, "is not a file in git");
	} else if (n > max) {
		snprintf(err, errlen, "file is too large (%zu bytes; the limit is %zu)", n, max);
	} else {
		*buf = xmalloc(n + 1);
		memcpy(*buf, git_odb_object_data(obj), n);
		(*buf)[n] = '\0';
		*len = n;
		r = 0;
	}
	git_odb_object_free(obj);
	return r;
}

static int dent_cmp(const void *a, const void *b)
{
	const struct pk_git_dent *x = a, *y = b;
	size_t n = x->nlen < y->nlen ? x->nlen : y->nlen;
	int c = memcmp(x->name, y->name, n);
	return c ? c : (x->nlen > y->nlen) - (x->nlen < y->nlen);
}

int pk_git_dir_parse(git_odb_object *obj, struct pk_git_dir *out)
{
	memset(out, 0, sizeof *out);
	if (git_odb_object_type(obj) != GIT_OBJECT_TREE)
		return GIT_ENOTFOUND;
	if (git_odb_object_dup(&out->obj, obj) < 0)
		return -1;
	const unsigned char *p = git_odb_object_data(out->obj);
	const unsigned char *end = p + git_odb_object_size(out->obj);
	size_t cap = 0;
	int sorted = 1;
	while (p < end) {
		const unsigned char *sp = memchr(p, ' ', (size_t)(end - p));
		const unsigned char *nul = sp ? memchr(sp + 1, '\0', (size_t)(end - sp - 1)) : NULL;
		if (!nul || end - nul < 21)
			break;
		if (out->n == cap) {
			cap = cap ? cap * 2 : 64;
			out->v = xrealloc(out->v, cap * sizeof *out->v);
		}
		struct pk_git_dent *e = &out->v[out->n++];
		e->mode = 0;
		for (const unsigned char *q = p; q < sp; q++)
			e->mode = e->mode * 8 + (unsigned)(*q - '0');
		e->name = (const char *)sp + 1;
		e->nlen = (size_t)(nul - sp - 1);
		git_oid_fromraw(&e->id, nul + 1);
		/* git orders a folder as if its name ended in '/' */
		if (out->n > 1 && dent_cmp(e - 1, e) > 0)
			sorted = 0;
		p = nul + 21;
	}
	if (!sorted)
		qsort(out->v, out->n, sizeof *out->v, dent_cmp);
	return 0;
}

int pk_git_dir_load(git_odb *odb, const git_oid *tree, struct pk_git_dir *out)
{
	git_odb_object *obj;
	memset(out, 0, sizeof *out);
	int r = git_odb_read(&obj, odb, tree);
	if (r < 0)
		return r;
	r = pk_git_dir_parse(obj, out);
	git_odb_object_free(obj);
	return r;
}

const struct pk_git_dent *pk_git_dir_find(const struct pk_git_dir *dir, const char *name)
{
	struct pk_git_dent key = {name, strlen(name), {{0}}, 0};
	return dir->n ? bsearch(&key, dir->v, dir->n, sizeof *dir->v, dent_cmp) : NULL;
}

void pk_git_dir_free(struct pk_git_dir *dir)
{
	git_odb_object_free(dir->obj);
	free(dir->v);
	memset(dir, 0, sizeof *dir);
}

/* ---- record paths ---- */

int pk_record_name(const char *name)
{
	size_t n = strlen(name);
	if (n < 6 || strcmp(name + n - 5, ".yaml") != 0)
		return 0;
	char *stem = xstrndup(name, n - 5);
	int ok = pk_safe_id(stem);
	free(stem);
	return ok;
}

static int cmp_record_path(const void *a, const void *b)
{
	const char *x = *(char *const *)a, *y = *(char *const *)b;
	enum pk_rkind kx = pk_path_kind(x), ky = pk_path_kind(y);
	if (kx != ky)
		return kx < ky ? -1 : 1;
	return strcmp(x, y);
}

void pk_sort_record_paths(char **paths, size_t n)
{
	if (n > 1)
		qsort(paths, n, sizeof *paths, cmp_record_path);
}

void pk_overlay_free(struct pk_overlay *ov, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(ov[i].path);
		free(ov[i].buf);
	}
	free(ov);
}

/* ---- a source over a tree ---- */

struct tree_ctx {
	struct pk_git *g;
	int own_git;
	int has_tree;
	git_oid tree;                    /* the records root's tree */
	struct pk_git_dir dirs[PK_R_NONE];
	int loaded[PK_R_NONE];           /* 1 loaded, -1 absent */
	struct pk_overlay *ov;           /* sorted by path */
	size_t nov;
	char *where;                     /* "commit 1a2b3c4", for messages */
};

static int ov_cmp(const void *a, const void *b)
{
	return strcmp(((const struct pk_overlay *)a)->path, ((const struct pk_overlay *)b)->path);
}

static const struct pk_git_dir *ctx_dir(struct tree_ctx *c, enum pk_rkind k)
{
	if (!c->loaded[k]) {
		git_oid sub;
		unsigned mode;
		c->loaded[k] = -1;
		if (c->has_tree &&
		    pk_git_tree_find(c->g->odb, &c->tree, pk_kind_dir(k), strlen(pk_kind_dir(k)),
				     &sub, &mode) == 0 &&
		    mode == 040000 && pk_git_dir_load(c->g->odb, &sub, &c->dirs[k]) == 0)
			c->loaded[k] = 1;
	}
	return c->loaded[k] > 0 ? &c->dirs[k] : NULL;
}

static int tree_read(void *ctx, const char *path, size_t max, char **buf, size_t *len,
		     char *err, size_t errlen)
{
	struct tree_ctx *c = ctx;
	*buf = NULL;
	*len = 0;
	if (c->nov) {
		struct pk_overlay key = {(char *)path, PK_OV_BUF, NULL, 0, {{0}}};
		const struct pk_overlay *o = bsearch(&key, c->ov, c->nov, sizeof *c->ov, ov_cmp);
		if (o && o->state == PK_OV_DELETED) {
			snprintf(err, errlen, "cannot read: deleted in this change");
			return -1;
		}
		if (o && o->state == PK_OV_BLOB)
			return pk_git_read_blob(c->g->odb, &o->id, max, buf, len, err, errlen);
		if (o) {
			if (o->len > max) {
				snprintf(err, errlen, "file is too large (%zu bytes; the limit is %zu)",
					 o->len, max);
				return -1;
			}
			*buf = xmalloc(o->len + 1);
			memcpy(*buf, o->buf, o->len);
			(*buf)[o->len] = '\0';
			*len = o->len;
			return 0;
		}
	}
	enum pk_rkind k = pk_path_kind(path);
	const struct pk_git_dir *dir = k == PK_R_NONE ? NULL : ctx_dir(c, k);
	const struct pk_git_dent *e = dir ? pk_git_dir_find(dir, strchr(path, '/') + 1) : NULL;
	if (!e) {
		snprintf(err, errlen, "cannot read: not in %s", c->where);
		return -1;
	}
	if (e->mode == 0120000) {
		snprintf(err, errlen, "is a symbolic link; records must be regular files "
			 "inside the repository (not followed)");
		return -1;
	}
	if (e->mode != 0100644 && e->mode != 0100755) {
		snprintf(err, errlen, "is not a regular file in %s", c->where);
		return -1;
	}
	return pk_git_read_blob(c->g->odb, &e->id, max, buf, len, err, errlen);
}

static void tree_free(void *ctx)
{
	struct tree_ctx *c = ctx;
	for (int k = 0; k < PK_R_NONE; k++)
		pk_git_dir_free(&c->dirs[k]);
	pk_overlay_free(c->ov, c->nov);
	free(c->where);
	if (c->own_git) {
		pk_git_close(c->g);
		free(c->g);
	}
	free(c);
}

static void push(char ***v, size_t *n, size_t *cap, char *s)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 64;
		*v = xrealloc(*v, *cap * sizeof **v);
	}
	(*v)[(*n)++] = s;
}

/* Lists the records of the tree, reporting what pk_source_dir would. */
static int list_tree(struct pk_source *s, struct tree_ctx *c, struct pk_diags *d)
{
	size_t cap = 0;
	int folders = 0;
	for (int k = 0; k < PK_R_NONE; k++) {
		const struct pk_git_dir *dir = ctx_dir(c, (enum pk_rkind)k);
		if (!dir)
			continue;
		folders++;
		for (size_t i = 0; i < dir->n; i++) {
			const struct pk_git_dent *e = &dir->v[i];
			if (e->name[0] == '.')
				continue; /* .gitkeep */
			struct sbuf rel = SBUF_INIT;
			sbuf_addf(&rel, "%s/%.*s", pk_kind_dir((enum pk_rkind)k), (int)e->nlen, e->name);
			char *disp = pk_source_display(s, rel.s);
			if (e->mode == 0120000) {
				pk_diag_add(d, PK_ERROR, disp, 0, 0, NULL, "KIT-PATH",
					    "replace the link with the file itself",
					    "is a symbolic link; records must be regular files "
					    "inside the repository (not followed)");
			} else if (e->mode == 040000) {
				pk_diag_add(d, PK_WARNING, disp, 0, 0, NULL, "KIT-PATH", NULL,
					    "folder inside %s/ is ignored", pk_kind_dir((enum pk_rkind)k));
			} else if (e->mode != 0100644 && e->mode != 0100755) {
				pk_diag_add(d, PK_ERROR, disp, 0, 0, NULL, "KIT-PATH", NULL,
					    "is not a regular file");
			} else if (!pk_record_name(rel.s + strlen(pk_kind_dir((enum pk_rkind)k)) + 1)) {
				size_t n = e->nlen;
				int yaml = n > 5 && memcmp(e->name + n - 5, ".yaml", 5) == 0;
				int yml = n > 4 && memcmp(e->name + n - 4, ".yml", 4) == 0;
				pk_diag_add(d, yaml ? PK_ERROR : PK_WARNING, disp, 0, 0, NULL,
					    yaml ? "KIT-IDS" : "KIT-PATH", NULL, "%s",
					    yaml ? "file name is not a safe record ID (letters, digits, "
						   "'.', '_', '-'; at most 64; no \"..\")"
					    : yml ? "record files end in .yaml, not .yml"
						  : "not a record file (records are <id>.yaml)");
			} else {
				push(&s->paths, &s->n, &cap, sbuf_detach(&rel));
			}
			free(disp);
			sbuf_free(&rel);
		}
	}
	return folders;
}

struct pk_source *pk_source_tree(struct pk_git *g, const git_oid *tree, const char *root,
				 const char *label, char *const *paths, size_t npaths,
				 struct pk_overlay *overlay, size_t noverlay, int own_git,
				 struct pk_diags *d)
{
	struct pk_source *s = xcalloc(1, sizeof *s);
	struct tree_ctx *c = xcalloc(1, sizeof *c);
	c->g = g;
	c->own_git = own_git;
	if (tree) {
		c->tree = *tree;
		c->has_tree = 1;
	}
	c->ov = overlay;
	c->nov = noverlay;
	if (c->nov > 1)
		qsort(c->ov, c->nov, sizeof *c->ov, ov_cmp);
	const char *paren = strstr(label, " (");
	c->where = xstrndup(label, paren ? (size_t)(paren - label) : strlen(label));
	s->root = xstrdup(root);
	s->ctx = c;
	s->read = tree_read;
	s->free_ctx = tree_free;
	s->label = xstrdup(label);
	s->prefix = xstrdup(g->display);
	if (paths) {
		s->partial = 1;
		s->paths = xmalloc((npaths + 1) * sizeof *s->paths);
		for (size_t i = 0; i < npaths; i++)
			s->paths[i] = xstrdup(paths[i]);
		s->n = npaths;
		pk_sort_record_paths(s->paths, s->n);
	} else if (!list_tree(s, c, d)) {
		pk_diag_add(d, PK_ERROR, root, 0, 0, NULL, "KIT-HISTORY",
			    "without --at the tools read the working tree",
			    "no records in %s: it has no cases/, panels/ or people/ folder", label);
		pk_source_free(s);
		return NULL;
	}
	return s;
}

size_t pk_tree_dangling(struct pk_git *g, const git_oid *tree, const char *root, const char *label,
			char *const *gone, size_t ngone, char *const *skip, size_t nskip,
			struct pk_diags *d)
{
	if (!ngone)
		return 0;
	/* What the listing says of other files is not this change's concern. */
	struct pk_diags scratch = PK_DIAGS_INIT;
	struct pk_source *all = pk_source_tree(g, tree, root, label, NULL, 0, NULL, 0, 0, &scratch);
	pk_diags_free(&scratch);
	size_t errors = all ? pk_validate_dangling(all, gone, ngone, skip, nskip, d) : 0;
	pk_source_free(all);
	return errors;
}

/* ---- signatures ---- */

/* "Name <email>" */
static int parse_person(const char *s, char **name, char **email)
{
	const char *lt = strrchr(s, '<'), *gt = strrchr(s, '>');
	if (!lt || !gt || gt < lt || gt[1] != '\0' || gt == lt + 1)
		return -1;
	const char *a = s, *b = lt;
	while (*a == ' ')
		a++;
	while (b > a && b[-1] == ' ')
		b--;
	if (b == a)
		return -1;
	*name = xstrndup(a, (size_t)(b - a));
	*email = xstrndup(lt + 1, (size_t)(gt - lt - 1));
	return 0;
}

/* GIT_AUTHOR_DATE / GIT_COMMITTER_DATE, as git reads them: "@<epoch>
 * [+hhmm]", "<epoch> +hhmm" or "YYYY-MM-DD[T ]HH:MM[:SS][ ][Z|+hh:mm|+hhmm]"
 * (a local time at that offset). */
static int parse_git_date(const char *s, git_time_t *t, int *off)
{
	long long v;
	int n = 0, sign, tzh = 0, tzm = 0, local = 0;
	*off = 0;
	if (*s == '@')
		s++;
	if (sscanf(s, "%lld%n", &v, &n) == 1 && (s[n] == '\0' || s[n] == ' ') && n > 8) {
		*t = (git_time_t)v;
		s += n;
	} else {
		int y, mo, d, h, mi, sec = 0;
		char sep;
		const char *why;
		pk_date day;
		char ymd[11];
		if (sscanf(s, "%4d-%2d-%2d%c%2d:%2d%n", &y, &mo, &d, &sep, &h, &mi, &n) != 6 ||
		    (sep != 'T' && sep != ' ') || h > 23 || mi > 59)
			return -1;
		snprintf(ymd, sizeof ymd, "%04d-%02d-%02d", y, mo, d);
		if (pk_date_parse(ymd, &day, &why) < 0)
			return -1;
		s += n;
		if (*s == ':' && sscanf(s, ":%2d%n", &sec, &n) == 1)
			s += n;
		*t = (git_time_t)day * 86400 + h * 3600 + mi * 60 + sec;
		local = 1;
	}
	while (*s == ' ')
		s++;
	if (*s == 'Z' && s[1] == '\0')
		return 0;
	if (*s == '\0')
		return 0;
	if (*s != '+' && *s != '-')
		return -1;
	sign = *s == '-' ? -1 : 1;
	if (sscanf(s + 1, "%2d:%2d", &tzh, &tzm) != 2 && sscanf(s + 1, "%2d%2d", &tzh, &tzm) != 2)
		return -1;
	*off = sign * (tzh * 60 + tzm);
	if (local)
		*t -= (git_time_t)*off * 60;
	return 0;
}

static int make_sig(const char *file, struct pk_diags *d, git_signature **out,
		    const char *name, const char *email, const char *date_env)
{
	const char *env = getenv(date_env);
	git_time_t t;
	int off;
	if (env && *env) {
		if (parse_git_date(env, &t, &off) < 0) {
			pk_diag_add(d, PK_ERROR, file, 0, 0, NULL, "KIT-HISTORY",
				    "for example @1772359200 +0000 or 2026-03-01T10:00:00Z",
				    "cannot read the date in %s", date_env);
			return -1;
		}
		if (git_signature_new(out, name, email, t, off) < 0)
			goto fail;
		return 0;
	}
	if (git_signature_now(out, name, email) < 0)
		goto fail;
	return 0;
fail:
	pk_git_diag(d, file, "invalid name or email");
	return -1;
}

/* Author: --author, else user.name and user.email of the repository's git
 * configuration.  Committer: the configuration, else the author. */
int pk_git_signatures(git_repository *repo, const char *author, git_signature **a,
		      git_signature **c, const char *file, struct pk_diags *d)
{
	char *name = NULL, *email = NULL;
	git_signature *def = NULL;
	git_config *cfg = NULL;
	int ret = -1;
	*a = *c = NULL;
	if (repo) {
		if (git_signature_default(&def, repo) < 0)
			def = NULL;
	} else if (git_config_open_default(&cfg) == 0) {
		/* no repository yet (panel init): the user's own configuration */
		git_buf n = {NULL, 0, 0}, e = {NULL, 0, 0};
		if (git_config_get_string_buf(&n, cfg, "user.name") == 0 &&
		    git_config_get_string_buf(&e, cfg, "user.email") == 0 &&
		    git_signature_now(&def, n.ptr, e.ptr) < 0)
			def = NULL;
		git_buf_dispose(&n);
		git_buf_dispose(&e);
		git_config_free(cfg);
	}
	if (author) {
		if (parse_person(author, &name, &email) < 0) {
			pk_diag_add(d, PK_ERROR, file, 0, 0, NULL, "KIT-HISTORY",
				    "for example --author \"Ada Lovelace <ada@example.org>\"",
				    "--author \"%s\": expected \"Name <email>\"", author);
			goto done;
		}
	} else if (def) {
		name = xstrdup(def->name);
		email = xstrdup(def->email);
	} else {
		pk_diag_add(d, PK_ERROR, file, 0, 0, NULL, "KIT-HISTORY",
			    "set them with: git config user.name \"Your Name\" && "
			    "git config user.email you@example.org, or pass --author \"Name <email>\"",
			    "no author: git config has no user.name and user.email, and no --author was given");
		goto done;
	}
	if (make_sig(file, d, a, name, email, "GIT_AUTHOR_DATE") < 0 ||
	    make_sig(file, d, c, def ? def->name : name, def ? def->email : email,
		     "GIT_COMMITTER_DATE") < 0)
		goto done;
	ret = 0;
done:
	if (ret < 0) {
		git_signature_free(*a);
		git_signature_free(*c);
		*a = *c = NULL;
	}
	git_signature_free(def);
	free(name);
	free(email);
	return ret;
}
