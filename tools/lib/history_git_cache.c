/* history_git_cache.c: which records each commit changed, remembered.
 *
 * panel log and panel audit need, for every commit, the records it changed
 * against its first parent.  Working that out means reading the commit's
 * cases/ tree and its parent's: with 100k cases that is a 4 MB tree, which
 * git stores as a chain of up to 50 deltas, and libgit2 rebuilds every
 * chain from its inflated base each time (it caches no delta base over
 * 1 MB): about 15 ms a commit, where git's delta base cache takes 3.  The
 * trees are compared raw (pk_git_tree_diff: a memcmp, then a walk to the
 * entries that differ) and libgit2 keeps the last trees read in its object
 * cache (pk_git_init_lib), so each is inflated once.  So the answer,
 * which never changes for a given commit, is kept in the git directory:
 *
 *   .git/panel-changes            (records at the top of the work tree)
 *   .git/panel-changes.<prefix>   (records in a folder: '/' written as '%')
 *
 * one line per commit, appended with a single write (O_APPEND, so
 * concurrent writers interleave whole lines):
 *
 *   <commit> <n> [<path> <old blob> <new blob>]... <fnv-1a of the rest>
 *
 * with paths relative to the records folder and 40 zeros for "absent".  A
 * line that does not check out (a write cut short) is ignored and worked
 * out again.  panel commit adds the line of each commit it makes; commits
 * made with git are worked out once, by the first log or audit that meets
 * them.  A read-only repository is simply not cached. */
#include "history_git.h"
#include "mem.h"
#include "files.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct entry {
	git_oid commit;
	size_t first, n;      /* into changes */
	int used;
};

struct pk_chcache {
	struct pk_git *g;
	char *path;
	struct entry *v;
	size_t nused, cap;
	struct pk_chrec *ch;  /* every change of every entry */
	size_t nch, chcap;
	int writable;
};

static unsigned fnv(const char *s, size_t n)
{
	unsigned h = 2166136261u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

static size_t slot_of(const struct pk_chcache *c, const git_oid *id)
{
	size_t h;
	memcpy(&h, id->id, sizeof h);
	size_t i = h & (c->cap - 1);
	while (c->v[i].used && !git_oid_equal(&c->v[i].commit, id))
		i = (i + 1) & (c->cap - 1);
	return i;
}

static struct entry *find(const struct pk_chcache *c, const git_oid *id)
{
	if (!c->cap)
		return NULL;
	struct entry *e = &c->v[slot_of(c, id)];
	return e->used ? e : NULL;
}

static struct entry *insert(struct pk_chcache *c, const git_oid *id)
{
	if ((c->nused + 1) * 2 > c->cap) {
		struct entry *old = c->v;
		size_t oldcap = c->cap;
		c->cap = c->cap ? c->cap * 2 : 4096;
		c->v = xcalloc(c->cap, sizeof *c->v);
		for (size_t i = 0; i < oldcap; i++)
			if (old[i].used)
				c->v[slot_of(c, &old[i].commit)] = old[i];
		free(old);
	}
	struct entry *e = &c->v[slot_of(c, id)];
	if (!e->used) {
		e->used = 1;
		e->commit = *id;
		e->first = c->nch;
		e->n = 0;
		c->nused++;
	}
	return e;
}

static void push_change(struct pk_chcache *c, const char *path, size_t plen, const git_oid *o,
			const git_oid *n)
{
	if (c->nch == c->chcap) {
		c->chcap = c->chcap ? c->chcap * 2 : 256;
		c->ch = xrealloc(c->ch, c->chcap * sizeof *c->ch);
	}
	struct pk_chrec *r = &c->ch[c->nch++];
	r->path = xstrndup(path, plen);
	r->old_id = *o;
	r->new_id = *n;
}

/* Parses one line; 0 if it checks out. */
static int parse_line(struct pk_chcache *c, const char *s, size_t len)
{
	const char *hash = len > 9 ? s + len - 8 : NULL;
	if (!hash || hash[-1] != ' ')
		return -1;
	char hx[9];
	memcpy(hx, hash, 8);
	hx[8] = '\0';
	if (strtoul(hx, NULL, 16) != fnv(s, (size_t)(hash - 1 - s)))
		return -1;
	git_oid id, o, n;
	if (len < 42 || git_oid_fromstrn(&id, s, 40) < 0 || s[40] != ' ')
		return -1;
	if (find(c, &id))
		return 0; /* a second writer's copy */
	const char *p = s + 41, *end = hash - 1;
	char *num_end;
	unsigned long cnt = strtoul(p, &num_end, 10);
	p = num_end;
	size_t mark = c->nch;
	for (unsigned long i = 0; i < cnt; i++) {
		if (p >= end || *p++ != ' ')
			goto bad;
		const char *sp = memchr(p, ' ', (size_t)(end - p));
		if (!sp || end - sp < 82 || git_oid_fromstrn(&o, sp + 1, 40) < 0 || sp[41] != ' ' ||
		    git_oid_fromstrn(&n, sp + 42, 40) < 0)
			goto bad;
		push_change(c, p, (size_t)(sp - p), &o, &n);
		p = sp + 82;
	}
	if (p != end)
		goto bad;
	struct entry *e = insert(c, &id);
	e->first = mark;
	e->n = c->nch - mark;
	return 0;
bad:
	while (c->nch > mark)
		free(c->ch[--c->nch].path);
	return -1;
}

static char *cache_path(struct pk_git *g)
{
	struct sbuf p = SBUF_INIT;
	sbuf_addf(&p, "%spanel-changes", git_repository_path(g->repo));
	if (*g->prefix) {
		sbuf_addc(&p, '.');
		for (const char *s = g->prefix; *s; s++)
			sbuf_addc(&p, *s == '/' ? '%' : *s);
	}
	return sbuf_detach(&p);
}

static void format_line(struct sbuf *line, const git_oid *commit, const struct pk_chrec *v,
			size_t n)
{
	char a[41], b[41];
	git_oid_tostr(a, sizeof a, commit);
	sbuf_addf(line, "%s %zu", a, n);
	for (size_t i = 0; i < n; i++) {
		git_oid_tostr(a, sizeof a, &v[i].old_id);
		git_oid_tostr(b, sizeof b, &v[i].new_id);
		sbuf_addf(line, " %s %s %s", v[i].path, a, b);
	}
	unsigned h = fnv(line->s, line->len);
	sbuf_addf(line, " %08x\n", h);
}

/* Appends one line with one write; 0, or -1 (then nothing is cached). */
static int append_line(const char *path, const struct sbuf *line)
{
	int ok = 0;
	int fd = open(path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0666);
	if (fd < 0)
		return -1;
	/* A line cut short by a kill would swallow this one: start on a
	 * fresh line (an empty line is ignored). */
	char last = '\n';
	off_t size = lseek(fd, 0, SEEK_END);
	if (size > 0 && pread(fd, &last, 1, size - 1) != 1)
		last = '\n';
	if (last != '\n' && write(fd, "\n", 1) != 1)
		ok = -1;
	if (ok == 0 && write(fd, line->s, line->len) != (ssize_t)line->len)
		ok = -1; /* a short line is ignored when read */
	close(fd);
	return ok;
}

void pk_chcache_append(struct pk_git *g, const git_oid *commit, const struct pk_chrec *v,
		       size_t n)
{
	struct sbuf line = SBUF_INIT;
	char *path = cache_path(g);
	format_line(&line, commit, v, n);
	(void)append_line(path, &line); /* best effort: the cache is only a cache */
	free(path);
	sbuf_free(&line);
}

struct pk_chcache *pk_chcache_open(struct pk_git *g, int trust)
{
	struct pk_chcache *c = xcalloc(1, sizeof *c);
	c->g = g;
	c->path = cache_path(g);
	char err[256], *buf;
	size_t len;
	if (!trust)
		return c; /* not writable either: an audit changes nothing */
	if (pk_read_file(c->path, (size_t)1 << 31, 1, &buf, &len, err, sizeof err) == 0) {
		const char *s = buf, *end = buf + len;
		while (s < end) {
			const char *nl = memchr(s, '\n', (size_t)(end - s));
			if (!nl)
				break; /* an unfinished last line */
			parse_line(c, s, (size_t)(nl - s));
			s = nl + 1;
		}
		free(buf);
	}
	c->writable = access(git_repository_path(g->repo), W_OK) == 0;
	return c;
}

void pk_chcache_free(struct pk_chcache *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->nch; i++)
		free(c->ch[i].path);
	free(c->ch);
	free(c->v);
	free(c->path);
	free(c);
}

void pk_chcache_add(struct pk_chcache *c, const git_oid *commit, const struct pk_chrec *v,
		    size_t n)
{
	struct sbuf line = SBUF_INIT;
	if (find(c, commit))
		return;
	format_line(&line, commit, v, n);
	parse_line(c, line.s, line.len - 1); /* keep it in memory too */
	if (c->writable && append_line(c->path, &line) < 0)
		c->writable = 0;
	sbuf_free(&line);
}

/* ---- working a commit out ---- */

int pk_git_records_tree(struct pk_git *g, const git_commit *c, git_oid *out)
{
	unsigned mode = 040000;
	*out = *git_commit_tree_id(c);
	if (*g->prefix && (pk_git_path_find(g->odb, out, g->prefix, out, &mode) < 0 || mode != 040000))
		return 1;
	return 0;
}

static int sub_tree(struct pk_git *g, const git_oid *rt, enum pk_rkind k, git_oid *out)
{
	unsigned mode;
	const char *kd = pk_kind_dir(k);
	return pk_git_tree_find(g->odb, rt, kd, strlen(kd), out, &mode) == 0 && mode == 040000;
}

struct note_ctx {
	enum pk_rkind k;
	struct pk_chrec *v;
	size_t n, cap;
};

/* A changed entry of a record folder: kept if it is (or was) a record. */
static void note(void *ctx, const struct pk_git_rent *o, const struct pk_git_rent *nw)
{
	static const git_oid zero = {{0}};
	struct note_ctx *c = ctx;
	const struct pk_git_rent *e = nw ? nw : o;
	const char *kd = pk_kind_dir(c->k);
	struct sbuf rel = SBUF_INIT;
	sbuf_addf(&rel, "%s/%.*s", kd, (int)e->nlen, e->name);
	int was = o && o->mode != 040000, is = nw && nw->mode != 040000;
	if ((!was && !is) || !pk_record_name(rel.s + strlen(kd) + 1)) {
		sbuf_free(&rel);
		return;
	}
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 16;
		c->v = xrealloc(c->v, c->cap * sizeof *c->v);
	}
	struct pk_chrec *r = &c->v[c->n++];
	r->path = sbuf_detach(&rel);
	r->old_id = zero;
	r->new_id = zero;
	if (was)
		memcpy(r->old_id.id, o->id, GIT_OID_RAWSZ);
	if (is)
		memcpy(r->new_id.id, nw->id, GIT_OID_RAWSZ);
}

/* The records changed between two records-root trees (either absent),
 * folder by folder (pk_git_tree_diff); unchanged folders are skipped by id. */
static int compute(struct pk_chcache *c, const git_oid *old, const git_oid *new_,
		   struct pk_chrec **v, size_t *n)
{
	struct note_ctx nc = {PK_R_CASE, *v, *n, *n};
	int r = 0;
	for (int k = 0; k < PK_R_NONE && r == 0; k++) {
		git_oid os, ns;
		int ho = old && sub_tree(c->g, old, (enum pk_rkind)k, &os);
		int hn = new_ && sub_tree(c->g, new_, (enum pk_rkind)k, &ns);
		if ((!ho && !hn) || (ho && hn && git_oid_equal(&os, &ns)))
			continue;
		nc.k = (enum pk_rkind)k;
		r = pk_git_tree_diff(c->g->odb, ho ? &os : NULL, hn ? &ns : NULL, note, &nc) < 0 ? -1 : 0;
	}
	*v = nc.v;
	*n = nc.n;
	return r;
}

int pk_chcache_get(struct pk_chcache *c, const git_commit *commit, const struct pk_chrec **v,
		   size_t *n)
{
	const struct entry *e = find(c, git_commit_id(commit));
	if (!e) {
		git_oid rt, prt;
		git_commit *p = NULL;
		int has = pk_git_records_tree(c->g, commit, &rt) == 0, phas = 0;
		if (git_commit_parentcount(commit) > 0) {
			if (git_commit_parent(&p, commit, 0) < 0)
				return -1;
			phas = pk_git_records_tree(c->g, p, &prt) == 0;
			git_commit_free(p);
		}
		struct pk_chrec *fresh = NULL;
		size_t nf = 0;
		int r = compute(c, phas ? &prt : NULL, has ? &rt : NULL, &fresh, &nf);
		if (r == 0)
			pk_chcache_add(c, git_commit_id(commit), fresh, nf);
		for (size_t i = 0; i < nf; i++)
			free(fresh[i].path);
		free(fresh);
		if (r < 0)
			return -1;
		e = find(c, git_commit_id(commit));
	}
	*v = c->ch + e->first;
	*n = e->n;
	return 0;
}
