#include "record.h"
#include "mem.h"
#include "files.h"
#include "text.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const kind_dirs[] = {"people", "cases", "panels"};
static const char *const kind_names[] = {"person", "case", "panel"};

const char *pk_kind_dir(enum pk_rkind k)
{
	return k < PK_R_NONE ? kind_dirs[k] : "";
}

const char *pk_kind_name(enum pk_rkind k)
{
	return k < PK_R_NONE ? kind_names[k] : "file";
}

enum pk_rkind pk_path_kind(const char *relpath)
{
	for (int k = 0; k < PK_R_NONE; k++) {
		size_t n = strlen(kind_dirs[k]);
		if (strncmp(relpath, kind_dirs[k], n) == 0 && relpath[n] == '/' &&
		    !strchr(relpath + n + 1, '/'))
			return (enum pk_rkind)k;
	}
	return PK_R_NONE;
}

char *pk_source_display(const struct pk_source *s, const char *relpath)
{
	struct sbuf b = SBUF_INIT;
	sbuf_adds(&b, s->prefix ? s->prefix : "");
	sbuf_adds(&b, relpath);
	return sbuf_detach(&b);
}

/* 1 if root/<first part of relpath> is a symbolic link: O_NOFOLLOW only
 * guards the last part of a path, and a linked cases/ folder would read
 * records from outside the repository. */
static int folder_is_link(const char *root, const char *relpath)
{
	struct sbuf dir = SBUF_INIT;
	struct stat st;
	sbuf_addf(&dir, "%s/%.*s", root, (int)strcspn(relpath, "/"), relpath);
	int link = lstat(dir.s, &st) == 0 && S_ISLNK(st.st_mode);
	sbuf_free(&dir);
	return link;
}

/* A working tree: its root, and each record folder opened once, not
 * followed if it is a link, so that reading a record is one openat of its
 * name there: no lstat of the folder and no walk of the root's path per
 * record (a tenth of panel due's time).  A folder that could not be opened
 * (-1: not there yet, or a link) is looked at by path on every read. */
struct dir_ctx {
	char *root;
	int folder[PK_R_NONE];
};

static void dir_ctx_free(void *ctx)
{
	struct dir_ctx *c = ctx;
	for (int k = 0; k < PK_R_NONE; k++)
		if (c->folder[k] >= 0)
			close(c->folder[k]);
	free(c->root);
	free(c);
}

static int read_dir_file(void *ctx, const char *path, size_t max, char **buf,
			 size_t *len, char *err, size_t errlen)
{
	const struct dir_ctx *c = ctx;
	const char *slash = strchr(path, '/');
	struct sbuf full = SBUF_INIT;
	for (int k = 0; slash && !strchr(slash + 1, '/') && k < PK_R_NONE; k++)
		if (c->folder[k] >= 0 && strlen(kind_dirs[k]) == (size_t)(slash - path) &&
		    strncmp(path, kind_dirs[k], (size_t)(slash - path)) == 0)
			return pk_read_file_at(c->folder[k], slash + 1, max, 1, buf, len, err, errlen);
	if (slash && folder_is_link(c->root, path)) {
		*buf = NULL;
		*len = 0;
		snprintf(err, errlen, "is in a folder that is a symbolic link; records must be "
			 "regular files inside the repository (not followed)");
		return -1;
	}
	sbuf_addf(&full, "%s/%s", c->root, path);
	int r = pk_read_file(full.s, max, 1, buf, len, err, errlen);
	sbuf_free(&full);
	return r;
}

static struct pk_source *source_new(const char *root)
{
	struct pk_source *s = xcalloc(1, sizeof *s);
	struct dir_ctx *c = xcalloc(1, sizeof *c);
	c->root = xstrdup(root);
	for (int k = 0; k < PK_R_NONE; k++) {
		struct sbuf dir = SBUF_INIT;
		sbuf_addf(&dir, "%s/%s", root, kind_dirs[k]);
		c->folder[k] = open(dir.s, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		sbuf_free(&dir);
	}
	s->root = xstrdup(root);
	s->ctx = c;
	s->read = read_dir_file;
	s->reads_in_parallel = 1; /* read_dir_file keeps no state */
	s->free_ctx = dir_ctx_free;
	s->label = xstrdup("working tree");
	if (strcmp(root, ".") == 0) {
		s->prefix = xstrdup("");
	} else {
		struct sbuf b = SBUF_INIT;
		sbuf_adds(&b, root);
		if (b.len && b.s[b.len - 1] != '/')
			sbuf_addc(&b, '/');
		s->prefix = sbuf_detach(&b);
	}
	return s;
}

static void push_path(struct pk_source *s, size_t *cap, char *path)
{
	if (s->n == *cap) {
		*cap = *cap ? *cap * 2 : 64;
		s->paths = xrealloc(s->paths, *cap * sizeof *s->paths);
	}
	s->paths[s->n++] = path;
}

/* A record file name is <safe id>.yaml; says why not in *why. */
static int record_name_ok(const char *name, const char **why)
{
	size_t n = strlen(name);
	if (n < 6 || strcmp(name + n - 5, ".yaml") != 0) {
		*why = n > 4 && strcmp(name + n - 4, ".yml") == 0
			       ? "record files end in .yaml, not .yml"
			       : "not a record file (records are <id>.yaml)";
		return 0;
	}
	char *stem = xstrndup(name, n - 5);
	int ok = pk_safe_id(stem);
	free(stem);
	if (!ok)
		*why = "file name is not a safe record ID (letters, digits, '.', '_', '-'; "
		       "at most 64; no \"..\")";
	return ok;
}

struct pk_source *pk_source_dir(const char *root, struct pk_diags *d)
{
	return pk_source_dir_kinds(root, PK_KINDS_ALL, d);
}

struct pk_source *pk_source_dir_kinds(const char *root, unsigned kinds, struct pk_diags *d)
{
	struct stat st;
	if (stat(root, &st) < 0 || !S_ISDIR(st.st_mode)) {
		pk_diag_add(d, PK_ERROR, root, 0, 0, NULL, "KIT-IO", NULL,
			    "not a directory: %s", stat(root, &st) < 0 ? strerror(errno) : "a file");
		return NULL;
	}
	struct pk_source *s = source_new(root);
	size_t cap = 0;
	int folders = 0;
	s->partial = (kinds & PK_KINDS_ALL) != PK_KINDS_ALL;
	for (int k = 0; k < PK_R_NONE; k++) {
		struct sbuf dir = SBUF_INIT;
		if (!(kinds & (1u << k))) {
			/* not listed: only there or not, for the check below */
			sbuf_addf(&dir, "%s/%s", root, kind_dirs[k]);
			folders += lstat(dir.s, &st) == 0 && S_ISDIR(st.st_mode);
			sbuf_free(&dir);
			continue;
		}
		sbuf_addf(&dir, "%s/%s", root, kind_dirs[k]);
		if (lstat(dir.s, &st) == 0 && S_ISLNK(st.st_mode)) {
			char *disp = pk_source_display(s, kind_dirs[k]);
			pk_diag_add(d, PK_ERROR, disp, 0, 0, NULL, "KIT-PATH",
				    "replace the link with the folder itself",
				    "is a symbolic link; record folders must be inside the "
				    "repository (not followed)");
			free(disp);
			folders++;
			sbuf_free(&dir);
			continue;
		}
		DIR *dh = opendir(dir.s);
		if (!dh) {
			sbuf_free(&dir);
			continue;
		}
		folders++;
		size_t first = s->n;
		struct dirent *de;
		while ((de = readdir(dh))) {
			const char *name = de->d_name, *why;
			if (name[0] == '.')
				continue; /* editor swap files, .gitkeep */
			struct sbuf rel = SBUF_INIT, full = SBUF_INIT;
			sbuf_addf(&rel, "%s/%s", kind_dirs[k], name);
			/* readdir's d_type, when the file system gives it, says
			 * what lstat would (a link is DT_LNK, not followed): a
			 * stat per record was 40% of an agenda at 100k cases. */
			if (de->d_type == DT_REG && record_name_ok(name, &why)) {
				push_path(s, &cap, sbuf_detach(&rel));
				continue;
			}
			sbuf_addf(&full, "%s/%s", dir.s, name);
			char *disp = pk_source_display(s, rel.s);
			if (lstat(full.s, &st) < 0) {
				pk_diag_add(d, PK_ERROR, disp, 0, 0, NULL, "KIT-IO", NULL,
					    "cannot read: %s", strerror(errno));
			} else if (S_ISLNK(st.st_mode)) {
				pk_diag_add(d, PK_ERROR, disp, 0, 0, NULL, "KIT-PATH",
					    "replace the link with the file itself",
					    "is a symbolic link; records must be regular files "
					    "inside the repository (not followed)");
			} else if (S_ISDIR(st.st_mode)) {
				pk_diag_add(d, PK_WARNING, disp, 0, 0, NULL, "KIT-PATH", NULL,
					    "folder inside %s/ is ignored", kind_dirs[k]);
			} else if (!S_ISREG(st.st_mode)) {
				pk_diag_add(d, PK_ERROR, disp, 0, 0, NULL, "KIT-PATH", NULL,
					    "is not a regular file");
			} else if (!record_name_ok(name, &why)) {
				pk_diag_add(d, strstr(why, "safe") ? PK_ERROR : PK_WARNING, disp, 0, 0,
					    NULL, strstr(why, "safe") ? "KIT-IDS" : "KIT-PATH", NULL, "%s", why);
			} else {
				push_path(s, &cap, sbuf_detach(&rel));
			}
			free(disp);
			sbuf_free(&rel);
			sbuf_free(&full);
		}
		closedir(dh);
		if (s->n - first > 1)
			qsort(s->paths + first, s->n - first, sizeof *s->paths, pk_str_cmp);
		sbuf_free(&dir);
	}
	if (!folders) {
		pk_diag_add(d, PK_ERROR, root, 0, 0, NULL, "KIT-PATH",
			    "run 'panel init DIR' to create one, or use -C DIR",
			    "not a records repository: no cases/, panels/ or people/ folder");
		pk_source_free(s);
		return NULL;
	}
	return s;
}

struct pk_source *pk_source_files(const char *root, char *const *files, size_t n,
				  struct pk_diags *d)
{
	char rootreal[PATH_MAX];
	if (!realpath(root, rootreal)) {
		pk_diag_add(d, PK_ERROR, root, 0, 0, NULL, "KIT-IO", NULL, "cannot read: %s",
			    strerror(errno));
		return NULL;
	}
	struct pk_source *s = source_new(root);
	size_t cap = 0;
	s->partial = 1;
	free(s->prefix);
	s->prefix = xstrdup(""); /* messages name files as the user did */
	for (size_t i = 0; i < n; i++) {
		/* Resolve the folder, not the file: a symlinked record is refused
		 * when read, and its target must not decide where it lives. */
		const char *file = files[i], *why;
		/* -C DIR as in git: a relative path is relative to DIR.  One that
		 * is not there but is from the current directory is taken too
		 * (the way earlier versions read it). */
		struct sbuf in_root = SBUF_INIT;
		struct stat st;
		if (file[0] != '/' && strcmp(root, ".")) {
			sbuf_addf(&in_root, "%s/%s", root, file);
			if (lstat(in_root.s, &st) == 0 || lstat(file, &st) != 0)
				file = in_root.s;
		}
		const char *slash = strrchr(file, '/');
		char dirreal[PATH_MAX];
		char *dir = slash ? xstrndup(file, (size_t)(slash - file + (slash == file))) : xstrdup(".");
		const char *base = slash ? slash + 1 : file;
		if (!realpath(dir, dirreal)) {
			pk_diag_add(d, PK_ERROR, file, 0, 0, NULL, "KIT-IO", NULL, "cannot read: %s",
				    strerror(errno));
			free(dir);
			sbuf_free(&in_root);
			continue;
		}
		free(dir);
		size_t rl = strlen(rootreal);
		struct sbuf rel = SBUF_INIT;
		if (strncmp(dirreal, rootreal, rl) == 0 && (dirreal[rl] == '/' || dirreal[rl] == '\0')) {
			if (dirreal[rl] == '/')
				sbuf_addf(&rel, "%s/", dirreal + rl + 1);
			sbuf_adds(&rel, base);
		}
		if (!rel.len) {
			pk_diag_add(d, PK_ERROR, file, 0, 0, NULL, "KIT-PATH", NULL,
				    "is outside the records repository %s", root);
		} else if (pk_path_kind(rel.s) == PK_R_NONE) {
			pk_diag_add(d, PK_ERROR, file, 0, 0, NULL, "KIT-PATH",
				    "records live in cases/, panels/ or people/",
				    "is not in a record folder");
		} else if (!record_name_ok(base, &why)) {
			pk_diag_add(d, PK_ERROR, file, 0, 0, NULL, "KIT-IDS", NULL, "%s", why);
		} else {
			push_path(s, &cap, sbuf_detach(&rel));
		}
		sbuf_free(&rel);
		sbuf_free(&in_root);
	}
	/* Keep the people, cases, panels order that references rely on. */
	for (size_t i = 1; i < s->n; i++)
		for (size_t j = i; j > 0; j--) {
			enum pk_rkind a = pk_path_kind(s->paths[j - 1]), b = pk_path_kind(s->paths[j]);
			if (a < b || (a == b && strcmp(s->paths[j - 1], s->paths[j]) <= 0))
				break;
			char *t = s->paths[j];
			s->paths[j] = s->paths[j - 1];
			s->paths[j - 1] = t;
		}
	return s;
}

void pk_source_free(struct pk_source *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n; i++)
		free(s->paths[i]);
	free(s->paths);
	if (s->free_run_cache)
		s->free_run_cache(s->run_cache);
	if (s->free_ctx)
		s->free_ctx(s->ctx);
	free(s->root);
	free(s->label);
	free(s->prefix);
	free(s);
}

#define RECORD_MAX_BYTES (4u << 20)

static int contains(const char *buf, size_t len, const char *needle)
{
	size_t nl = strlen(needle);
	for (const char *p = buf; nl && (size_t)(buf + len - p) >= nl;) {
		p = memchr(p, needle[0], (size_t)(buf + len - p) - nl + 1);
		if (!p)
			return 0;
		if (!memcmp(p, needle, nl))
			return 1;
		p++;
	}
	return 0;
}

/* The characters of a token: a plain ID is a whole run of them. */
static int tok_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
	       c == '_' || c == '-';
}

static uint64_t tok_hash(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603u; /* FNV-1a */
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211u;
	return h;
}

struct pk_names {
	char **tok;          /* open addressing over tok_hash, nslots a power of two */
	size_t nslots;
	uint64_t lens;       /* bit k: an ID of k bytes (k < 64); bit 63: longer */
	char **odd;          /* IDs with other characters: searched anywhere */
	size_t nodd;
};

struct pk_names *pk_names_new(const char *const *ids, size_t n)
{
	struct pk_names *x = xcalloc(1, sizeof *x);
	for (x->nslots = 16; x->nslots < 2 * n; x->nslots *= 2)
		;
	x->tok = xcalloc(x->nslots, sizeof *x->tok);
	x->odd = xcalloc(n ? n : 1, sizeof *x->odd);
	for (size_t i = 0; i < n; i++) {
		const char *id = ids[i];
		size_t len = id ? strlen(id) : 0, k = 0;
		if (!len)
			continue;
		while (k < len && tok_char((unsigned char)id[k]))
			k++;
		if (k < len) {
			x->odd[x->nodd++] = xstrdup(id);
			continue;
		}
		x->lens |= (uint64_t)1 << (len < 63 ? len : 63);
		size_t j = tok_hash(id, len) & (x->nslots - 1);
		while (x->tok[j] && strcmp(x->tok[j], id))
			j = (j + 1) & (x->nslots - 1);
		if (!x->tok[j])
			x->tok[j] = xstrdup(id);
	}
	return x;
}

void pk_names_free(struct pk_names *x)
{
	if (!x)
		return;
	for (size_t i = 0; i < x->nslots; i++)
		free(x->tok[i]);
	for (size_t i = 0; i < x->nodd; i++)
		free(x->odd[i]);
	free(x->tok);
	free(x->odd);
	free(x);
}

static int has_token(const struct pk_names *x, const char *t, size_t n)
{
	if (!(x->lens & ((uint64_t)1 << (n < 63 ? n : 63))))
		return 0;
	for (size_t j = tok_hash(t, n) & (x->nslots - 1); x->tok[j]; j = (j + 1) & (x->nslots - 1))
		if (strlen(x->tok[j]) == n && !memcmp(x->tok[j], t, n))
			return 1;
	return 0;
}

int pk_names_in(const struct pk_names *x, const char *buf, size_t len)
{
	if (memchr(buf, '\\', len) || memchr(buf, '\0', len))
		return 1;
	for (size_t i = 0; i < x->nodd; i++)
		if (contains(buf, len, x->odd[i]))
			return 1;
	if (!x->lens)
		return 0;
	for (size_t i = 0; i < len;) {
		if (!tok_char((unsigned char)buf[i])) {
			i++;
			continue;
		}
		size_t start = i;
		while (i < len && tok_char((unsigned char)buf[i]))
			i++;
		if (has_token(x, buf + start, i - start))
			return 1;
	}
	return 0;
}

static struct pk_doc *load(struct pk_source *s, const char *relpath, const struct pk_names *names,
			   struct pk_diags *d)
{
	static const struct pk_limits lim = {RECORD_MAX_BYTES, 64, 200000};
	char err[256], *buf;
	size_t len;
	struct pk_doc *doc = NULL;
	if (s->read(s->ctx, relpath, lim.max_bytes, &buf, &len, err, sizeof err) < 0) {
		char *disp = pk_source_display(s, relpath);
		pk_diag_add(d, PK_ERROR, disp, 0, 0, NULL,
			    strstr(err, "too large") ? "YAML-LIMIT"
			    : strstr(err, "symbolic") ? "KIT-PATH" : "KIT-IO",
			    NULL, "%s", err);
		free(disp);
		return NULL;
	}
	if (!names || pk_names_in(names, buf, len)) {
		char *disp = pk_source_display(s, relpath);
		doc = pk_doc_parse(disp, buf, len, &lim, d);
		free(disp);
	}
	free(buf);
	return doc;
}

struct pk_doc *pk_source_load(struct pk_source *s, const char *relpath, struct pk_diags *d)
{
	return load(s, relpath, NULL, d);
}

struct pk_doc *pk_source_load_naming(struct pk_source *s, const char *relpath,
				     const struct pk_names *names, struct pk_diags *d)
{
	return load(s, relpath, names, d);
}

struct pk_doc *pk_load_by_id(struct pk_source *s, enum pk_rkind k, const char *id)
{
	if (!pk_safe_id(id) || k >= PK_R_NONE)
		return NULL;
	struct pk_diags scratch = PK_DIAGS_INIT;
	struct sbuf rel = SBUF_INIT;
	sbuf_addf(&rel, "%s/%s.yaml", kind_dirs[k], id);
	struct pk_doc *doc = pk_source_load(s, rel.s, &scratch);
	sbuf_free(&rel);
	pk_diags_free(&scratch);
	return doc;
}

int pk_source_has(struct pk_source *s, enum pk_rkind k, const char *id)
{
	if (!pk_safe_id(id) || k >= PK_R_NONE)
		return 0;
	char err[256] = "", *buf = NULL;
	size_t len;
	struct sbuf rel = SBUF_INIT;
	sbuf_addf(&rel, "%s/%s.yaml", kind_dirs[k], id);
	int r = s->read(s->ctx, rel.s, RECORD_MAX_BYTES, &buf, &len, err, sizeof err);
	free(buf);
	sbuf_free(&rel);
	return r == 0 || strstr(err, "too large") != NULL;
}

pk_date pk_node_date(const struct pk_node *n, const char *path)
{
	const char *s = pk_get_str(n, path);
	pk_date dt;
	if (!s || pk_date_parse(s, &dt, NULL) < 0)
		return PK_NODATE;
	return dt;
}

/* ---- ID index: open addressing on FNV-1a ---- */

struct slot {
	char *id;
	char *path;
	enum pk_rkind kind;
	size_t nfacts;
	unsigned char *facts;   /* pk_index_set_facts */
};

struct pk_index {
	struct slot *v;
	size_t n, cap;
	/* The IDs of each kind (the slots' strings), for pk_index_suggest:
	 * a walk over every slot for each unknown reference was quadratic
	 * (an unknown owner in every case of 10^6). */
	const char **ids[PK_R_NONE];
	size_t nids[PK_R_NONE], capids[PK_R_NONE];
};

static size_t hash(const char *s)
{
	size_t h = 1469598103934665603ull;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

struct pk_index *pk_index_new(void)
{
	struct pk_index *x = xcalloc(1, sizeof *x);
	x->cap = 1024;
	x->v = xcalloc(x->cap, sizeof *x->v);
	return x;
}

void pk_index_free(struct pk_index *x)
{
	if (!x)
		return;
	for (size_t i = 0; i < x->cap; i++) {
		free(x->v[i].id);
		free(x->v[i].path);
		free(x->v[i].facts);
	}
	for (int k = 0; k < PK_R_NONE; k++)
		free(x->ids[k]);
	free(x->v);
	free(x);
}

static struct slot *lookup(const struct pk_index *x, const char *id)
{
	size_t i = hash(id) & (x->cap - 1);
	while (x->v[i].id && strcmp(x->v[i].id, id) != 0)
		i = (i + 1) & (x->cap - 1);
	return &x->v[i];
}

const char *pk_index_add(struct pk_index *x, const char *id, enum pk_rkind k, const char *path)
{
	if ((x->n + 1) * 2 > x->cap) {
		struct pk_index big = {.v = xcalloc(x->cap * 2, sizeof(struct slot)), .cap = x->cap * 2};
		for (size_t i = 0; i < x->cap; i++)
			if (x->v[i].id)
				*lookup(&big, x->v[i].id) = x->v[i];
		free(x->v);
		x->v = big.v;
		x->cap = big.cap;
	}
	struct slot *s = lookup(x, id);
	if (s->id)
		return s->path;
	s->id = xstrdup(id);
	s->path = xstrdup(path);
	s->kind = k;
	x->n++;
	if (k < PK_R_NONE) {
		if (x->nids[k] == x->capids[k]) {
			x->capids[k] = x->capids[k] ? x->capids[k] * 2 : 256;
			x->ids[k] = xrealloc(x->ids[k], x->capids[k] * sizeof *x->ids[k]);
		}
		x->ids[k][x->nids[k]++] = s->id;
	}
	return NULL;
}

const char *pk_index_find(const struct pk_index *x, const char *id, enum pk_rkind k)
{
	const struct slot *s = lookup(x, id);
	return s->id && s->kind == k ? s->path : NULL;
}

size_t pk_index_count(const struct pk_index *x)
{
	return x->n;
}

void pk_index_set_facts(struct pk_index *x, const char *id, const char *path, const void *buf,
			size_t len)
{
	struct slot *s = lookup(x, id);
	if (!s->id || strcmp(s->path, path) != 0)
		return;
	free(s->facts);
	s->facts = xmalloc(len ? len : 1);
	memcpy(s->facts, buf, len);
	s->nfacts = len;
}

const void *pk_index_facts(const struct pk_index *x, const char *id, enum pk_rkind k,
			   const char *path, size_t *len)
{
	const struct slot *s = lookup(x, id);
	if (!s->id || s->kind != k || !s->facts || strcmp(s->path, path) != 0)
		return NULL;
	*len = s->nfacts;
	return s->facts;
}

/* The closeness that counts as a likely slip: any difference of case, or at
 * most 2 edits in an ID longer than 4 characters. */
static int slip(const char *id, const char *cand, size_t *best, const char *bestid)
{
	size_t li = strlen(id), lc = strlen(cand);
	if (li > lc + 2 || lc > li + 2)
		return 0; /* at least 3 edits apart */
	size_t dd = pk_edit_distance(id, li, cand, lc);
	if (dd == (size_t)-1 || dd > 2 || (dd && li <= 4))
		return 0;
	return dd < *best || (dd == *best && bestid && strcmp(cand, bestid) < 0) ? (*best = dd, 1) : 0;
}

const char *pk_index_suggest(const struct pk_index *x, const char *id, enum pk_rkind k)
{
	const char *best = NULL;
	size_t bd = 3;
	for (size_t i = 0; x && k < PK_R_NONE && i < x->nids[k]; i++)
		if (strcmp(x->ids[k][i], id) && slip(id, x->ids[k][i], &bd, best))
			best = x->ids[k][i];
	return best;
}

const char *pk_source_suggest(const struct pk_source *s, const char *id, enum pk_rkind k,
			      char *buf, size_t n)
{
	const char *dir = pk_kind_dir(k);
	size_t dl = strlen(dir), bd = 3;
	int found = 0;
	for (size_t i = 0; s && i < s->n; i++) {
		const char *p = s->paths[i];
		size_t pl = strlen(p);
		if (strncmp(p, dir, dl) || p[dl] != '/' || pl < dl + 6 || strcmp(p + pl - 5, ".yaml"))
			continue;
		char cand[80];
		if (pl - dl - 6 >= sizeof cand)
			continue;
		memcpy(cand, p + dl + 1, pl - dl - 6);
		cand[pl - dl - 6] = '\0';
		if (strcmp(cand, id) && slip(id, cand, &bd, found ? buf : NULL)) {
			snprintf(buf, n, "%s", cand);
			found = 1;
		}
	}
	return found ? buf : NULL;
}
