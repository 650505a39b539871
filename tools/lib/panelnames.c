/* panelnames.c: which panel records name a case (panelnames.h). */
#include "panelnames.h"
#include "node.h"
#include "record.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define HEADER "panelkit-panels 1\t"

/* One panel file as last read. */
struct ent {
	char *name;                      /* "CPP-2026-12-03-A.yaml" */
	long long size, msec, mnsec, csec, cnsec;
	unsigned long long ino;
	char flag;                       /* 'k' known, 'u' names anything, 'r'
					    changed too recently to trust */
	char *ids;                       /* " DC-0001 DC-0002 " (spaces around) */
};

struct cache {
	struct ent *v;
	size_t n, cap;
};

static int cmp_ent(const void *a, const void *b)
{
	return strcmp(((const struct ent *)a)->name, ((const struct ent *)b)->name);
}

static void cache_free(struct cache *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free(c->v[i].name);
		free(c->v[i].ids);
	}
	free(c->v);
	memset(c, 0, sizeof *c);
}

static struct ent *push(struct cache *c)
{
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 64;
		c->v = xrealloc(c->v, c->cap * sizeof *c->v);
	}
	struct ent *e = &c->v[c->n++];
	memset(e, 0, sizeof *e);
	return e;
}

/* $XDG_CACHE_HOME/panelkit/panels-<hash>, or NULL (no cache). */
static char *cache_path(const char *real)
{
	const char *off = getenv("PANEL_NO_CACHE");
	if (off && *off && strcmp(off, "0"))
		return NULL;
	struct sbuf b = SBUF_INIT;
	const char *x = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
	if (x && *x == '/')
		sbuf_addf(&b, "%s/panelkit", x);
	else if (home && *home == '/')
		sbuf_addf(&b, "%s/.cache/panelkit", home);
	else
		return NULL;
	uint64_t h = 1469598103934665603ULL;
	for (const unsigned char *p = (const unsigned char *)real; *p; p++)
		h = (h ^ *p) * 1099511628211ULL;
	sbuf_addf(&b, "/panels-%016llx", (unsigned long long)h);
	return sbuf_detach(&b);
}

static int mkdirs(const char *file)
{
	char *d = xstrdup(file);
	for (char *p = d + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(d, 0700) < 0 && errno != EEXIST) {
			free(d);
			return -1;
		}
		*p = '/';
	}
	free(d);
	return 0;
}

/* Reads the cache; a file of another folder, version or shape is empty. */
static void cache_read(const char *path, const char *real, struct cache *c)
{
	char err[128], *buf = NULL;
	size_t len;
	if (!path || pk_read_file(path, (size_t)256 << 20, 1, &buf, &len, err, sizeof err) < 0)
		return;
	size_t hl = strlen(HEADER), rl = strlen(real);
	char *s = buf, *end = buf + len;
	if (len < hl + rl + 1 || memcmp(s, HEADER, hl) || memcmp(s + hl, real, rl) || s[hl + rl] != '\n') {
		free(buf);
		return;
	}
	s += hl + rl + 1;
	while (s < end) {
		char *nl = memchr(s, '\n', (size_t)(end - s));
		if (!nl)
			break;
		*nl = '\0';
		/* name \t size \t msec.mnsec \t csec.cnsec \t ino \t flag \t ids */
		char *tab = strchr(s, '\t'), *q;
		long long f[5];
		int ok = tab && tab > s && tab - s < 256;
		q = ok ? tab + 1 : NULL;
		for (int j = 0; ok && j < 5; j++) {
			char *e;
			errno = 0;
			f[j] = strtoll(q, &e, 10);
			char want = j == 1 || j == 3 ? '.' : '\t';
			ok = e != q && *e == want && errno == 0;
			q = e + 1;
		}
		unsigned long long ino = 0;
		if (ok) {
			char *e;
			ino = strtoull(q, &e, 10);
			ok = e != q && *e == '\t' && (e[1] == 'k' || e[1] == 'u' || e[1] == 'r') && e[2] == '\t';
			q = e + 1;
		}
		if (ok) {
			struct ent *e = push(c);
			e->name = xstrndup(s, (size_t)(tab - s));
			e->size = f[0], e->msec = f[1], e->mnsec = f[2], e->csec = f[3], e->cnsec = f[4];
			e->ino = ino;
			e->flag = q[0];
			struct sbuf ids = SBUF_INIT;
			sbuf_addf(&ids, " %s ", q + 2);
			e->ids = sbuf_detach(&ids);
		}
		s = nl + 1;
	}
	free(buf);
	qsort(c->v, c->n, sizeof *c->v, cmp_ent);
}

static int same_stat(const struct ent *e, const struct stat *st)
{
	return e->size == (long long)st->st_size && e->msec == (long long)st->st_mtim.tv_sec &&
	       e->mnsec == (long long)st->st_mtim.tv_nsec && e->csec == (long long)st->st_ctim.tv_sec &&
	       e->cnsec == (long long)st->st_ctim.tv_nsec && e->ino == (unsigned long long)st->st_ino;
}

/* Reads one panel file for the case IDs its cases list names. */
static void read_panel(const char *full, const char *name, const struct stat *st, struct ent *e)
{
	e->name = xstrdup(name);
	e->size = (long long)st->st_size, e->msec = (long long)st->st_mtim.tv_sec;
	e->mnsec = (long long)st->st_mtim.tv_nsec, e->csec = (long long)st->st_ctim.tv_sec;
	e->cnsec = (long long)st->st_ctim.tv_nsec, e->ino = (unsigned long long)st->st_ino;
	e->flag = 'u';
	char err[128], *buf = NULL;
	size_t len;
	struct sbuf ids = SBUF_INIT;
	sbuf_adds(&ids, " ");
	if (pk_read_file(full, (size_t)64 << 20, 1, &buf, &len, err, sizeof err) == 0) {
		struct pk_diags d = PK_DIAGS_INIT;
		struct pk_doc *doc = pk_doc_parse(full, buf, len, NULL, &d);
		const struct pk_node *cases = doc ? pk_get(pk_doc_root(doc), "cases") : NULL;
		int ok = doc && !d.errors;
		for (size_t i = 0; ok && cases && cases->kind == PK_SEQ && i < cases->n; i++) {
			const char *id = pk_get_str(cases->items[i], "case");
			if (!id)
				continue;
			if (!pk_safe_id(id))
				ok = 0; /* cannot be written down: counts as naming anything */
			else
				sbuf_addf(&ids, "%s ", id);
		}
		if (ok)
			e->flag = 'k';
		pk_doc_free(doc);
		pk_diags_free(&d);
		free(buf);
	}
	e->ids = sbuf_detach(&ids);
}

/* keys: " ID " for each ID, or NULL when one cannot be cached (all match) */
static int names_one(const struct ent *e, char **keys, size_t nids)
{
	if (e->flag == 'u' || !keys)
		return 1;
	for (size_t i = 0; i < nids; i++)
		if (strstr(e->ids, keys[i]))
			return 1;
	return 0;
}

static void cache_write(const char *path, const char *real, const struct cache *c)
{
	struct timespec now;
	clock_gettime(CLOCK_REALTIME, &now);
	struct sbuf b = SBUF_INIT;
	sbuf_addf(&b, "%s%s\n", HEADER, real);
	for (size_t i = 0; i < c->n; i++) {
		const struct ent *e = &c->v[i];
		/* a file changed within the last second may change again within
		 * the same clock tick and keep these times: not trusted next time */
		char flag = e->flag == 'u' ? 'u' : e->msec + 1 >= (long long)now.tv_sec ||
						    e->csec + 1 >= (long long)now.tv_sec ? 'r' : e->flag;
		size_t l = strlen(e->ids);
		sbuf_addf(&b, "%s\t%lld\t%lld.%09lld\t%lld.%09lld\t%llu\t%c\t%.*s\n", e->name, e->size, e->msec,
			  e->mnsec, e->csec, e->cnsec, e->ino, flag, l > 2 ? (int)(l - 2) : 0, e->ids + 1);
	}
	if (mkdirs(path) == 0 && pk_write_atomic(path, b.s, b.len, 0) < 0) {
		/* a cache that cannot be written is no cache: same answer */
	}
	sbuf_free(&b);
}

size_t *pk_panels_naming(const char *root, char *const *paths, size_t npaths,
			 const char *const *ids, size_t nids, size_t *n)
{
	size_t *out = xcalloc(npaths + 1, sizeof *out);
	*n = 0;
	char real[PATH_MAX];
	char *cpath = realpath(root, real) ? cache_path(real) : NULL;
	if (!cpath) {
		/* no cache: the bytes of every file are looked at instead */
		for (size_t i = 0; i < npaths; i++) {
			struct sbuf full = SBUF_INIT;
			sbuf_addf(&full, "%s/%s", root, paths[i]);
			char err[128], *buf = NULL;
			size_t len;
			if (pk_read_file(full.s, (size_t)64 << 20, 1, &buf, &len, err, sizeof err) < 0 ||
			    pk_bytes_may_name(buf, len, ids, nids))
				out[(*n)++] = i;
			free(buf);
			sbuf_free(&full);
		}
		return out;
	}
	char **keys = xcalloc(nids + 1, sizeof *keys);
	for (size_t i = 0; keys && i < nids; i++) {
		if (!ids[i] || !pk_safe_id(ids[i])) {
			for (size_t j = 0; j < i; j++)
				free(keys[j]);
			free(keys);
			keys = NULL; /* an ID the cache cannot hold: every file is looked at */
			break;
		}
		struct sbuf k = SBUF_INIT;
		sbuf_addf(&k, " %s ", ids[i]);
		keys[i] = sbuf_detach(&k);
	}
	struct sbuf pd = SBUF_INIT;
	sbuf_addf(&pd, "%s/panels", root);
	int dfd = open(pd.s, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	sbuf_free(&pd);
	struct cache old = {NULL, 0, 0}, now = {NULL, 0, 0};
	cache_read(cpath, real, &old);
	int dirty = 0;
	for (size_t i = 0; i < npaths; i++) {
		const char *name = strrchr(paths[i], '/');
		name = name ? name + 1 : paths[i];
		int in_panels = strncmp(paths[i], "panels/", 7) == 0 && !strchr(paths[i] + 7, '/');
		struct sbuf full = SBUF_INIT;
		sbuf_addf(&full, "%s/%s", root, paths[i]);
		struct stat st;
		int sr = dfd >= 0 && in_panels ? fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) : lstat(full.s, &st);
		struct ent key = {(char *)name, 0, 0, 0, 0, 0, 0, 0, NULL};
		struct ent *e = old.n ? bsearch(&key, old.v, old.n, sizeof *old.v, cmp_ent) : NULL;
		struct ent *ne = push(&now);
		if (sr < 0 || !S_ISREG(st.st_mode)) {
			/* gone or not a file: the caller's own reading reports it */
			ne->name = xstrdup(name);
			ne->flag = 'u';
			ne->ids = xstrdup(" ");
			dirty = 1;
		} else if (e && e->flag != 'r' && same_stat(e, &st)) {
			*ne = *e; /* the IDs move over; the old entry keeps its name
				     for the searches still to come */
			ne->name = xstrdup(e->name);
			e->ids = NULL;
		} else {
			read_panel(full.s, name, &st, ne);
			dirty = 1;
		}
		if (names_one(ne, keys, nids))
			out[(*n)++] = i;
		sbuf_free(&full);
	}
	if (dfd >= 0)
		close(dfd);
	if (now.n != old.n)
		dirty = 1;
	if (dirty)
		cache_write(cpath, real, &now);
	for (size_t i = 0; i < old.n; i++) {
		free(old.v[i].name);
		free(old.v[i].ids);
	}
	free(old.v);
	for (size_t i = 0; keys && i < nids; i++)
		free(keys[i]);
	free(keys);
	cache_free(&now);
	free(cpath);
	return out;
}
