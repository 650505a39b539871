/* history_commit.c: the one way records change: validate, then commit with
 * trailers (KIT-HISTORY), under git's index lock. */
#include "accept.h"
#include "history.h"
#include "history_git.h"
#include <git2/sys/odb_backend.h>
#include <git2/sys/repository.h>
#include "mem.h"
#include "files.h"
#include "validate.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define DEFAULT_LOCK_MS 10000L
#define RECORD_MAX (4u << 20)   /* as pk_source_load */

/* One record file to commit. */
struct cand {
	char *rel;          /* relative to the records root: "cases/DC-0001.yaml" */
	char *gpath;        /* relative to the work tree (git's path) */
	int deleted;        /* the file is gone: commit the deletion */
	char *odb;          /* content as committed (after .gitattributes filters) */
	size_t odb_len;
	git_oid id;         /* its blob */
	const char *write;  /* pk_history_commit_files: the bytes to write */
	size_t write_len;
	struct stat st;     /* of the working file, for the index entry */
	int in_head;        /* HEAD has the path */
	git_oid head_id;
	int touched;        /* differs from HEAD */
};

struct run {
	struct pk_git g;
	int git_open;
	const char *root;
	char *lock, *index, *tmp, *plock;  /* index.lock, index, temporary, panel.lock */
	int lockfd;                        /* flock'd panel.lock, or -1 */
	git_index *idx;
	git_commit *parent;
	git_tree *base;       /* HEAD's whole tree, NULL before the first commit */
	int has_rtree;
	git_oid rtree;        /* HEAD's tree of the records root */
	struct cand *v;
	size_t n, cap;
	struct pk_diags *d;
	/* HEAD's record folders, read once: raw objects, and sorted listings
	 * when many paths are looked up */
	git_odb_object *dobj[PK_R_NONE];
	int dstate[PK_R_NONE];           /* 0 unread, 1 read, -1 absent */
	struct pk_git_dir dix[PK_R_NONE];
	int dixok[PK_R_NONE];
	int dirbad[PK_R_NONE];           /* the record folder is not a real folder */
};

static void diag(struct run *r, const char *file, const char *rule, const char *hint,
		 const char *fmt, const char *arg)
{
	pk_diag_add(r->d, PK_ERROR, file ? file : r->root, 0, 0, NULL, rule, hint, fmt, arg);
}

/* ---- the lock ---- */

static void backoff(long *waited, long *step)
{
	struct timespec ts = {*step / 1000, (*step % 1000) * 1000000L};
	nanosleep(&ts, NULL);
	*waited += *step;
	*step = *step * 2 > 250 ? 250 : *step * 2;
}

/* A killed panel commit can leave git's lock of the ref it was moving
 * (.git/refs/heads/main.lock).  Before moving it, panel.lock names that
 * lock and the commit it moves the ref to: "ref PATH.lock OID".  The next
 * run (holding panel.lock, so no other panel commit is running) removes
 * the lock only if it still holds exactly that commit ID, which only this
 * killed run could have written: a lock made by a running git command
 * since then holds something else and is never touched (a stale marker
 * alone removes nothing). */
static void heal_ref_lock(int fd)
{
	char buf[PATH_MAX + 64];
	ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
	if (n > 4 && strncmp(buf, "ref ", 4) == 0) {
		buf[n] = '\0';
		char *nl = strchr(buf, '\n'), *sp = nl;
		while (sp && sp > buf && *sp != ' ')
			sp--;
		if (nl && sp && sp > buf + 4 && nl - sp - 1 == GIT_OID_HEXSZ) {
			*nl = '\0';
			*sp = '\0';
			char *want = sp + 1, got[GIT_OID_HEXSZ + 2];
			int lf = open(buf + 4, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
			ssize_t k = lf >= 0 ? read(lf, got, sizeof got) : -1;
			if (lf >= 0)
				close(lf);
			if (k == GIT_OID_HEXSZ + 1 && got[GIT_OID_HEXSZ] == '\n' &&
			    memcmp(got, want, GIT_OID_HEXSZ) == 0)
				unlink(buf + 4);
		}
	}
	if (ftruncate(fd, 0) < 0) {
		/* an unreadable marker only costs the recovery above */
	}
}

/* Removes what a killed panel commit left: the ref lock it was holding
 * (heal_ref_lock) and its temporary index. */
static void recover(struct run *r)
{
	heal_ref_lock(r->lockfd);
	struct sbuf tl = SBUF_INIT, old = SBUF_INIT;
	sbuf_addf(&tl, "%s.lock", r->tmp);
	sbuf_addf(&old, "%s.old", r->tmp);
	unlink(r->tmp);
	unlink(tl.s);
	unlink(old.s); /* the index was replaced: the new one stays */
	sbuf_reset(&tl);
	sbuf_addf(&tl, "%spanel-ref.tmp", git_repository_commondir(r->g.repo));
	unlink(tl.s);   /* a lock being made when the run was killed */
	sbuf_free(&tl);
	sbuf_free(&old);
}

void pk_history_heal_locks(const char *gitdir)
{
	struct sbuf p = SBUF_INIT;
	sbuf_addf(&p, "%spanel.lock", gitdir);
	int fd = open(p.s, O_RDWR | O_CLOEXEC);
	sbuf_free(&p);
	if (fd < 0)
		return;
	/* only when no panel commit is running: it holds the lock */
	if (flock(fd, LOCK_EX | LOCK_NB) == 0) {
		heal_ref_lock(fd);
		flock(fd, LOCK_UN);
	}
	close(fd);
}

/* The ref HEAD moves: its file and lock ("refs/heads/main" under the
 * common git directory, or HEAD itself when detached). */
static void ref_lock_path(struct run *r, struct sbuf *out)
{
	git_reference *head = NULL;
	if (git_reference_lookup(&head, r->g.repo, "HEAD") < 0)
		return;
	const char *t = git_reference_symbolic_target(head);
	if (t)
		sbuf_addf(out, "%s%s.lock", git_repository_commondir(r->g.repo), t);
	else
		sbuf_addf(out, "%sHEAD.lock", git_repository_path(r->g.repo));
	git_reference_free(head);
}

static int lock_repo(struct run *r, long timeout_ms)
{
	long waited = 0, step = 2;
	r->lockfd = open(r->plock, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
	if (r->lockfd < 0) {
		pk_diag_add(r->d, PK_ERROR, r->plock, 0, 0, NULL, "KIT-IO", NULL,
			    "cannot open the lock file: %s", strerror(errno));
		return -1;
	}
	while (flock(r->lockfd, LOCK_EX | LOCK_NB) < 0) {
		if (errno != EWOULDBLOCK && errno != EINTR) {
			pk_diag_add(r->d, PK_ERROR, r->plock, 0, 0, NULL, "KIT-IO", NULL,
				    "cannot lock: %s", strerror(errno));
			goto fail;
		}
		if (waited >= timeout_ms) {
			pk_diag_add(r->d, PK_ERROR, r->root, 0, 0, NULL, "KIT-HISTORY",
				    "try again when it has finished",
				    "another panel commit is running in this repository (waited %.1f s); "
				    "nothing was committed", waited / 1000.0);
			goto fail;
		}
		backoff(&waited, &step);
	}
	recover(r);
	/* A lock of the ref that is not ours: a git command is moving it. */
	struct sbuf rl = SBUF_INIT;
	ref_lock_path(r, &rl);
	while (rl.len && access(rl.s, F_OK) == 0) {
		if (waited >= timeout_ms) {
			pk_diag_add(r->d, PK_ERROR, rl.s, 0, 0, NULL, "KIT-HISTORY",
				    "if no git command is still running, remove the file and try again",
				    "a git command is updating the branch (waited %.1f s for it to finish); "
				    "nothing was committed", waited / 1000.0);
			sbuf_free(&rl);
			goto fail;
		}
		backoff(&waited, &step);
	}
	sbuf_free(&rl);
	/* git holds index.lock while it changes the index: wait for it. */
	while (access(r->lock, F_OK) == 0) {
		if (waited >= timeout_ms) {
			pk_diag_add(r->d, PK_ERROR, r->lock, 0, 0, NULL, "KIT-HISTORY",
				    "if no git command is still running, remove the file and try again",
				    "a git command is changing the index (waited %.1f s for it to finish); "
				    "nothing was committed", waited / 1000.0);
			goto fail;
		}
		backoff(&waited, &step);
	}
	return 0;
fail:
	close(r->lockfd);
	r->lockfd = -1;
	return -1;
}

/* Names the ref lock libgit2 is about to take and the commit it will
 * hold, so that the next run can remove it if this one is killed while
 * holding it (heal_ref_lock). */
static void mark_ref(struct run *r, const git_oid *commit)
{
	struct sbuf m = SBUF_INIT;
	char hex[GIT_OID_HEXSZ + 1];
	sbuf_adds(&m, "ref ");
	ref_lock_path(r, &m);
	if (m.len == 4) {
		sbuf_free(&m);
		return;
	}
	git_oid_tostr(hex, sizeof hex, commit);
	sbuf_addf(&m, " %s\n", hex);
	/* (no fsync: the marker is for a killed process, not a lost machine) */
	if (pwrite(r->lockfd, m.s, m.len, 0) < 0) {
		/* recovery is best effort; the commit itself does not depend on it */
	}
	sbuf_free(&m);
}

/* Appends one reflog line, as git does (O_APPEND, no lock). */
static void append_reflog(const char *path, const git_oid *old, const git_oid *nw,
			  const git_signature *who, const char *msg)
{
	char o[GIT_OID_HEXSZ + 1], n[GIT_OID_HEXSZ + 1];
	struct sbuf line = SBUF_INIT, dir = SBUF_INIT;
	git_oid_tostr(o, sizeof o, old);
	git_oid_tostr(n, sizeof n, nw);
	int off = who->when.offset;
	sbuf_addf(&line, "%s %s %s <%s> %lld %c%02d%02d\t%s\n", o, n, who->name, who->email,
		  (long long)who->when.time, off < 0 ? '-' : '+', abs(off) / 60, abs(off) % 60, msg);
	/* the folders of a new branch's log */
	sbuf_adds(&dir, path);
	for (char *q = strchr(dir.s + 1, '/'); q; q = strchr(q + 1, '/')) {
		*q = '\0';
		mkdir(dir.s, 0777);
		*q = '/';
	}
	int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0666);
	if (fd >= 0) {
		if (write(fd, line.s, line.len) < 0) {
			/* a reflog line lost costs git's reflog, not the commit */
		}
		close(fd);
	}
	sbuf_free(&line);
	sbuf_free(&dir);
}

/* HEAD (its branch, or HEAD itself when detached) to the new commit, if
 * it still points at the parent, with git's lock protocol: the ref's
 * .lock file is taken with the new commit ID already in it (written to a
 * temporary file and linked into place, so the lock never exists empty
 * or half written), the reflog says "commit: <subject>" as git's does,
 * and the lock is renamed over the ref.  The lock so made is provably
 * ours (heal_ref_lock), which libgit2's (created empty, filled later)
 * would not be.  0; GIT_ELOCKED (a git command holds the lock),
 * GIT_EMODIFIED (HEAD moved), or -1 (errno). */
static int update_head(struct run *r, const git_oid *commit, const char *message,
		       const git_signature *who)
{
	git_reference *head = NULL;
	struct sbuf log = SBUF_INIT, lock = SBUF_INIT, ref = SBUF_INIT, tmp = SBUF_INIT;
	struct sbuf rlog = SBUF_INIT, hlog = SBUF_INIT;
	int e = git_reference_lookup(&head, r->g.repo, "HEAD");
	if (e < 0)
		return e;
	const char *target = git_reference_type(head) == GIT_REFERENCE_SYMBOLIC
				     ? git_reference_symbolic_target(head) : NULL;
	const char *common = git_repository_commondir(r->g.repo), *gd = git_repository_path(r->g.repo);
	if (target) {
		sbuf_addf(&ref, "%s%s", common, target);
		sbuf_addf(&rlog, "%slogs/%s", common, target);
		sbuf_addf(&hlog, "%slogs/HEAD", gd);
	} else {
		sbuf_addf(&ref, "%sHEAD", gd);
		sbuf_addf(&rlog, "%slogs/HEAD", gd);
	}
	sbuf_addf(&lock, "%s.lock", ref.s);
	sbuf_addf(&tmp, "%spanel-ref.tmp", common);
	sbuf_addf(&log, "commit%s: %.*s", r->parent ? "" : " (initial)",
		  (int)strcspn(message, "\n"), message);
	char hex[GIT_OID_HEXSZ + 2];
	git_oid_tostr(hex, GIT_OID_HEXSZ + 1, commit);
	hex[GIT_OID_HEXSZ] = '\n';
	/* the ref's folder exists for refs/heads/<new branch> too */
	char *slash = strrchr(ref.s, '/');
	*slash = '\0';
	for (char *q = strstr(ref.s, "/refs/"); q; q = strchr(q + 1, '/')) {
		*q = '\0';
		mkdir(ref.s, 0777);
		*q = '/';
	}
	mkdir(ref.s, 0777);
	*slash = '/';
	unlink(tmp.s);
	int fd = open(tmp.s, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
	if (fd < 0) {
		e = -1;
		goto done;
	}
	int wr = write(fd, hex, GIT_OID_HEXSZ + 1) == GIT_OID_HEXSZ + 1;
	if (close(fd) < 0 || !wr) {
		unlink(tmp.s);
		e = -1;
		goto done;
	}
	if (link(tmp.s, lock.s) < 0) {
		e = errno == EEXIST ? GIT_ELOCKED : -1;
		unlink(tmp.s);
		goto done;
	}
	unlink(tmp.s);
	/* Holding the lock: the ref must still be where this commit started. */
	git_oid cur;
	int have = git_reference_name_to_id(&cur, r->g.repo, target ? target : "HEAD") == 0;
	if (r->parent ? !have || !git_oid_equal(&cur, git_commit_id(r->parent)) : have) {
		unlink(lock.s);
		e = GIT_EMODIFIED;
		goto done;
	}
	static const git_oid zero = {{0}};
	const git_oid *old = r->parent ? git_commit_id(r->parent) : &zero;
	append_reflog(rlog.s, old, commit, who, log.s);
	if (target)
		append_reflog(hlog.s, old, commit, who, log.s);
	if (rename(lock.s, ref.s) < 0) {
		unlink(lock.s);
		e = -1;
		goto done;
	}
	e = 0;
done:
	git_reference_free(head);
	sbuf_free(&log);
	sbuf_free(&lock);
	sbuf_free(&ref);
	sbuf_free(&tmp);
	sbuf_free(&rlog);
	sbuf_free(&hlog);
	return e;
}

static void unlock_repo(struct run *r)
{
	if (r->lockfd < 0)
		return;
	unlink(r->tmp);
	if (ftruncate(r->lockfd, 0) < 0) {
		/* a stale marker names a lock that no longer exists: harmless */
	}
	close(r->lockfd);
	r->lockfd = -1;
}

/* A private copy of the index to change: a hard link to the index file
 * (the index itself is untouched: writing replaces the link), or a copy
 * where links are not possible. */
static int open_private_index(struct run *r)
{
	unlink(r->tmp);
	if (access(r->index, F_OK) == 0 && link(r->index, r->tmp) < 0) {
		char err[256], *buf;
		size_t len;
		if (pk_read_file(r->index, (size_t)1 << 32, 1, &buf, &len, err, sizeof err) < 0) {
			diag(r, r->index, "KIT-IO", NULL, "%s", err);
			return -1;
		}
		int w = pk_write_atomic(r->tmp, buf, len, 0);
		free(buf);
		if (w < 0) {
			diag(r, r->tmp, "KIT-IO", NULL, "cannot copy the index: %s", strerror(errno));
			return -1;
		}
	}
	if (git_index_open(&r->idx, r->tmp) < 0) {
		pk_git_diag(r->d, r->root, "cannot read the index");
		return -1;
	}
	/* The repository uses this copy too (status, .gitattributes lookups),
	 * so a 100k-entry index is parsed once, not three times. */
	if (git_repository_set_index(r->g.repo, r->idx) < 0) {
		pk_git_diag(r->d, r->root, "cannot use the index");
		return -1;
	}
	return 0;
}

/* New loose objects compressed as git compresses them: core.loosecompression,
 * else core.compression, else 1 (fastest).  libgit2's own default is 6, and
 * a changed cases/ tree of 100k entries is 3 MB to compress. */
static void fast_loose_objects(struct run *r)
{
	git_config *cfg = NULL;
	git_odb_backend *be = NULL;
	int32_t level = 1, v;
	git_buf dir = {NULL, 0, 0};
	if (git_repository_config_snapshot(&cfg, r->g.repo) == 0) {
		if (git_config_get_int32(&v, cfg, "core.loosecompression") == 0 ||
		    git_config_get_int32(&v, cfg, "core.compression") == 0)
			level = v < -1 ? -1 : v > 9 ? 9 : v;
		git_config_free(cfg);
	}
	if (git_repository_item_path(&dir, r->g.repo, GIT_REPOSITORY_ITEM_OBJECTS) == 0 &&
	    git_odb_backend_loose(&be, dir.ptr, level, 0, 0, 0) == 0 &&
	    git_odb_add_backend(r->g.odb, be, 3) < 0)
		be->free(be); /* the default backend writes instead */
	git_buf_dispose(&dir);
}

/* ---- HEAD ---- */

static int read_head(struct run *r)
{
	git_reference *head = NULL;
	int e = git_repository_head(&head, r->g.repo);
	if (e == GIT_EUNBORNBRANCH || e == GIT_ENOTFOUND)
		return 0;
	if (e < 0 || git_reference_peel((git_object **)&r->parent, head, GIT_OBJECT_COMMIT) < 0 ||
	    git_commit_tree(&r->base, r->parent) < 0) {
		git_reference_free(head);
		pk_git_diag(r->d, r->root, "cannot read HEAD");
		return -1;
	}
	git_reference_free(head);
	r->rtree = *git_tree_id(r->base);
	r->has_rtree = 1;
	if (*r->g.prefix) {
		unsigned mode;
		r->has_rtree = pk_git_path_find(r->g.odb, &r->rtree, r->g.prefix, &r->rtree, &mode) == 0 &&
			       mode == 040000;
	}
	return 0;
}

/* ---- choosing the files ---- */

static struct cand *add_cand(struct run *r, const char *rel)
{
	for (size_t i = 0; i < r->n; i++)
		if (strcmp(r->v[i].rel, rel) == 0)
			return &r->v[i];
	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 16;
		r->v = xrealloc(r->v, r->cap * sizeof *r->v);
	}
	struct cand *c = &r->v[r->n++];
	memset(c, 0, sizeof *c);
	c->rel = xstrdup(rel);
	struct sbuf g = SBUF_INIT;
	sbuf_addf(&g, "%s%s", r->g.prefix, rel);
	c->gpath = sbuf_detach(&g);
	return c;
}

/* A path given by the user (relative to root, or absolute) as a record
 * path relative to root; the file itself need not exist (a deletion). */
static char *record_rel(struct run *r, const char *path)
{
	char rootreal[PATH_MAX], dirreal[PATH_MAX];
	struct sbuf full = SBUF_INIT;
	char *rel = NULL;
	if (path[0] == '/')
		sbuf_adds(&full, path);
	else
		sbuf_addf(&full, "%s/%s", r->root, path);
	char *slash = strrchr(full.s, '/');
	*slash = '\0';
	const char *base = slash + 1;
	if (!realpath(r->root, rootreal) || !realpath(full.s, dirreal)) {
		pk_diag_add(r->d, PK_ERROR, path, 0, 0, NULL, "KIT-IO", NULL, "cannot open: %s",
			    strerror(errno));
		goto done;
	}
	size_t rl = strlen(rootreal);
	for (int k = 0; k < PK_R_NONE; k++) {
		const char *kd = pk_kind_dir((enum pk_rkind)k);
		if (strncmp(dirreal, rootreal, rl) == 0 && dirreal[rl] == '/' &&
		    strcmp(dirreal + rl + 1, kd) == 0) {
			if (!pk_record_name(base)) {
				pk_diag_add(r->d, PK_ERROR, path, 0, 0, NULL, "KIT-IDS", NULL,
					    "not a record file (records are <id>.yaml with a safe ID)");
				goto done;
			}
			struct sbuf b = SBUF_INIT;
			sbuf_addf(&b, "%s/%s", kd, base);
			rel = sbuf_detach(&b);
			goto done;
		}
	}
	pk_diag_add(r->d, PK_ERROR, path, 0, 0, NULL, "KIT-PATH",
		    "panel commit commits records; use git for other files",
		    "is not a record in cases/, panels/ or people/ of %s", r->root);
done:
	sbuf_free(&full);
	return rel;
}

/* Every record that differs from HEAD in the index or the working tree. */
static int scan_changes(struct run *r)
{
	git_status_options so;
	git_status_list *list = NULL;
	git_status_options_init(&so, GIT_STATUS_OPTIONS_VERSION);
	char *specs[PK_R_NONE];
	for (int k = 0; k < PK_R_NONE; k++) {
		struct sbuf b = SBUF_INIT;
		sbuf_addf(&b, "%s%s", r->g.prefix, pk_kind_dir((enum pk_rkind)k));
		specs[k] = sbuf_detach(&b);
	}
	so.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR;
	so.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED | GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS |
		   GIT_STATUS_OPT_EXCLUDE_SUBMODULES;
	so.pathspec.strings = specs;
	so.pathspec.count = PK_R_NONE;
	int e = git_status_list_new(&list, r->g.repo, &so);
	for (int k = 0; k < PK_R_NONE; k++)
		free(specs[k]);
	if (e < 0) {
		pk_git_diag(r->d, r->root, "cannot compare the working tree with HEAD");
		return -1;
	}
	size_t plen = strlen(r->g.prefix);
	for (size_t i = 0; i < git_status_list_entrycount(list); i++) {
		const git_status_entry *s = git_status_byindex(list, i);
		const git_diff_delta *dd = s->index_to_workdir ? s->index_to_workdir : s->head_to_index;
		const char *p = dd->new_file.path ? dd->new_file.path : dd->old_file.path;
		if (s->status == GIT_STATUS_CURRENT || s->status & GIT_STATUS_IGNORED ||
		    strncmp(p, r->g.prefix, plen) != 0)
			continue;
		const char *rel = p + plen, *slash = strchr(rel, '/');
		if (pk_path_kind(rel) == PK_R_NONE || !pk_record_name(slash + 1))
			continue; /* .gitkeep, notes.txt: not records */
		add_cand(r, rel);
	}
	git_status_list_free(list);
	return 0;
}

/* ---- contents ---- */

/* Content as git stores it: .gitattributes filters (text eol=lf) applied. */
static int to_odb(struct run *r, struct cand *c, const char *buf, size_t len)
{
	git_filter_list *fl = NULL;
	git_buf out = {NULL, 0, 0};
	if (git_filter_list_load(&fl, r->g.repo, NULL, c->gpath, GIT_FILTER_TO_ODB,
				 GIT_FILTER_DEFAULT) < 0) {
		pk_git_diag(r->d, c->rel, "cannot load .gitattributes filters");
		return -1;
	}
	if (!fl) {
		c->odb = xmalloc(len + 1);
		memcpy(c->odb, buf, len);
		c->odb[len] = '\0';
		c->odb_len = len;
	} else {
		int e = git_filter_list_apply_to_buffer(&out, fl, buf, len);
		git_filter_list_free(fl);
		if (e < 0) {
			pk_git_diag(r->d, c->rel, "cannot filter the file");
			return -1;
		}
		c->odb = xstrndup(out.ptr ? out.ptr : "", out.size);
		c->odb_len = out.size;
		git_buf_dispose(&out);
	}
	return git_odb_hash(&c->id, c->odb, c->odb_len, GIT_OBJECT_BLOB);
}

static int same_stat(const struct stat *a, const struct stat *b)
{
	return a->st_size == b->st_size && a->st_ino == b->st_ino && a->st_dev == b->st_dev &&
	       a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec == b->st_mtim.tv_nsec;
}

/* Reads the working file of c (or notes its deletion).  0; -2 when the
 * file is refused (a symbolic link, not a regular file, too large); -1 on
 * an I/O error. */
static int read_worktree(struct run *r, struct cand *c)
{
	struct sbuf full = SBUF_INIT;
	char err[256], *buf = NULL, *disp = NULL;
	size_t len;
	struct stat after;
	int ret = -1;
	sbuf_addf(&full, "%s/%s", r->root, c->rel);
	disp = xstrdup(full.s + (strcmp(r->root, ".") == 0 ? 2 : 0));
	/* The record folder itself must be a folder of the work tree: through
	 * a symbolic link cases/ would commit files from outside it (the same
	 * finding as accept.c gives for a tree that holds the link). */
	struct stat dst;
	enum pk_rkind kind = pk_path_kind(c->rel);
	if (r->dirbad[kind]) {
		ret = -2; /* said once */
		goto done;
	}
	char *slash = strrchr(full.s, '/');
	*slash = '\0';
	int dl = lstat(full.s, &dst);
	*slash = '/';
	if (dl == 0 && !S_ISDIR(dst.st_mode)) {
		char *fd = xstrndup(disp, (size_t)(strrchr(disp, '/') - disp));
		pk_diag_add(r->d, PK_ERROR, fd, 0, 0, NULL, "KIT-PATH",
			    "record folders are real folders inside the repository; replace it with the folder itself",
			    "is %s, not a folder: records must be real files inside the repository "
			    "(not followed)", S_ISLNK(dst.st_mode) ? "a symbolic link" : "not a regular file");
		free(fd);
		r->dirbad[kind] = 1;
		ret = -2;
		goto done;
	}
	if (lstat(full.s, &c->st) < 0) {
		if (errno == ENOENT) {
			c->deleted = 1;
			ret = 0;
		} else {
			diag(r, disp, "KIT-IO", NULL, "cannot read: %s", strerror(errno));
		}
		goto done;
	}
	if (pk_read_file(full.s, RECORD_MAX, 1, &buf, &len, err, sizeof err) < 0) {
		const char *rule = strstr(err, "symbolic") || strstr(err, "not a regular") ? "KIT-PATH"
				   : strstr(err, "too large") ? "YAML-LIMIT" : "KIT-IO";
		diag(r, disp, rule, NULL, "%s", err);
		/* a finding about the record (refused), not a failure to read */
		ret = strcmp(rule, "KIT-IO") ? -2 : -1;
		goto done;
	}
	/* The index entry records the file as read: if it changed meanwhile,
	 * what git would see is not what was validated. */
	if (lstat(full.s, &after) < 0 || !same_stat(&c->st, &after)) {
		diag(r, disp, "KIT-IO", "try again", "%s", "changed while being read");
		goto done;
	}
	ret = to_odb(r, c, buf, len);
done:
	free(buf);
	free(disp);
	sbuf_free(&full);
	return ret;
}

/* HEAD's folder of kind k (cases/...), or NULL when HEAD has none. */
static git_odb_object *head_dir(struct run *r, enum pk_rkind k)
{
	if (!r->dstate[k]) {
		git_oid sub;
		unsigned mode;
		r->dstate[k] = -1;
		if (r->has_rtree &&
		    pk_git_tree_find(r->g.odb, &r->rtree, pk_kind_dir(k), strlen(pk_kind_dir(k)), &sub,
				     &mode) == 0 &&
		    mode == 040000 && git_odb_read(&r->dobj[k], r->g.odb, &sub) == 0)
			r->dstate[k] = 1;
	}
	return r->dstate[k] > 0 ? r->dobj[k] : NULL;
}

static void head_lookup(struct run *r, struct cand *c)
{
	enum pk_rkind k = pk_path_kind(c->rel);
	const char *name = strchr(c->rel, '/') + 1;
	git_odb_object *dir = head_dir(r, k);
	unsigned mode = 0;
	c->in_head = 0;
	if (!dir)
		return;
	if (r->n <= 16) {
		/* A scan of the raw tree beats sorting a listing of it. */
		c->in_head = pk_git_raw_find(git_odb_object_data(dir), git_odb_object_size(dir), name,
					     strlen(name), &c->head_id, &mode) == 0 &&
			     mode != 040000;
		return;
	}
	if (!r->dixok[k])
		r->dixok[k] = pk_git_dir_parse(dir, &r->dix[k]) == 0 ? 1 : -1;
	const struct pk_git_dent *e = r->dixok[k] > 0 ? pk_git_dir_find(&r->dix[k], name) : NULL;
	if (e && e->mode != 040000) {
		c->in_head = 1;
		c->head_id = e->id;
	}
}

/* ---- validation ---- */

static int cand_kind_cmp(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;
	enum pk_rkind kx = pk_path_kind(x->rel), ky = pk_path_kind(y->rel);
	if (kx != ky)
		return kx < ky ? -1 : 1;
	return strcmp(x->rel, y->rel);
}

/* The change as it will be committed (HEAD's records tree against the new
 * one) through the one acceptance check every door uses (accept.h). */
static int validate(struct run *r, const struct pk_commit_opts *o, const git_oid *after,
		    const git_signature *author, const char *message, size_t *warnings,
		    struct sbuf *codes)
{
	struct pk_diags local = PK_DIAGS_INIT;
	struct pk_policy pol;
	const git_oid *before = r->has_rtree ? &r->rtree : NULL;
	int e = pk_policy_load(&r->g, before, o->schema_dir, &pol, &local);
	if (e == 0) {
		struct pk_accept_who who = {author->name, author->email, 0, r->root, r->root,
					    "changes to commit", o->schema_dir, NULL, NULL, NULL};
		e = pk_accept_change(&r->g, before, after, &who, message, &pol, o->today, &local);
	}
	/* Rule-Warnings: the distinct codes, sorted. */
	const char **seen = xcalloc(local.n + 1, sizeof *seen);
	size_t ns = 0;
	for (size_t i = 0; i < local.n; i++) {
		if (local.v[i].sev != PK_WARNING)
			continue;
		size_t j = 0;
		while (j < ns && strcmp(seen[j], local.v[i].rule) < 0)
			j++;
		if (j < ns && strcmp(seen[j], local.v[i].rule) == 0)
			continue;
		memmove(seen + j + 1, seen + j, (ns - j) * sizeof *seen);
		seen[j] = local.v[i].rule;
		ns++;
	}
	for (size_t j = 0; j < ns; j++)
		sbuf_addf(codes, "%s%s", j ? ", " : "", seen[j]);
	free(seen);
	*warnings = local.warnings;
	/* Hand the findings to the caller's list. */
	for (size_t i = 0; i < local.n; i++) {
		struct pk_diag *g = &local.v[i];
		pk_diag_add(r->d, g->sev, g->file, g->line, g->col, g->src, g->rule, g->hint, "%s",
			    g->msg);
	}
	size_t errors = local.errors;
	pk_diags_free(&local);
	return e < 0 ? -1 : (int)errors;
}

/* ---- the commit ---- */

static int has_trailer(const git_message_trailer_array *arr, const char *key, const char *val)
{
	for (size_t i = 0; i < arr->count; i++)
		if (strcasecmp(arr->trailers[i].key, key) == 0 && strcmp(arr->trailers[i].value, val) == 0)
			return 1;
	return 0;
}

/* The message with a trailer for each record touched:
 * Case: / Panel: / Person: <ID>, and Rule-Warnings: N (codes). */
static char *build_message(struct run *r, const char *msg, size_t warnings, const char *codes)
{
	static const char *const keys[] = {"Person", "Case", "Panel"};
	static const enum pk_rkind order[] = {PK_R_CASE, PK_R_PANEL, PK_R_PERSON};
	git_buf clean = {NULL, 0, 0};
	git_message_trailer_array arr = {NULL, 0, NULL};
	struct sbuf b = SBUF_INIT, tr = SBUF_INIT;
	if (git_message_prettify(&clean, msg, 0, 0) < 0 || clean.size == 0) {
		git_buf_dispose(&clean);
		diag(r, NULL, "KIT-HISTORY", "say why the records changed", "%s", "empty commit message");
		return NULL;
	}
	git_message_trailers(&arr, clean.ptr);
	for (size_t k = 0; k < PK_ARRAY_LEN(order); k++)
		for (size_t i = 0; i < r->n; i++) {
			const struct cand *c = &r->v[i];
			if (!c->touched || pk_path_kind(c->rel) != order[k])
				continue;
			const char *name = strchr(c->rel, '/') + 1;
			char *id = xstrndup(name, strlen(name) - 5);
			if (!has_trailer(&arr, keys[order[k]], id))
				sbuf_addf(&tr, "%s: %s\n", keys[order[k]], id);
			free(id);
		}
	if (warnings)
		sbuf_addf(&tr, "Rule-Warnings: %zu (%s)\n", warnings, codes);
	sbuf_adds(&b, clean.ptr);
	if (tr.len) {
		/* Join an existing trailer block; else start one after a blank line. */
		if (!arr.count)
			sbuf_addc(&b, '\n');
		sbuf_adds(&b, tr.s);
	}
	git_message_trailer_array_free(&arr);
	git_buf_dispose(&clean);
	sbuf_free(&tr);
	return sbuf_detach(&b);
}

static int stage(struct run *r)
{
	for (size_t i = 0; i < r->n; i++) {
		struct cand *c = &r->v[i];
		int e = git_index_conflict_remove(r->idx, c->gpath);
		if (e < 0 && e != GIT_ENOTFOUND)
			goto fail;
		if (c->deleted) {
			e = git_index_remove(r->idx, c->gpath, 0);
			if (e < 0 && e != GIT_ENOTFOUND)
				goto fail;
			continue;
		}
		git_index_entry ie;
		memset(&ie, 0, sizeof ie);
		ie.path = c->gpath;
		ie.mode = GIT_FILEMODE_BLOB;
		ie.id = c->id;
		ie.ctime.seconds = (int32_t)c->st.st_ctim.tv_sec;
		ie.ctime.nanoseconds = (uint32_t)c->st.st_ctim.tv_nsec;
		ie.mtime.seconds = (int32_t)c->st.st_mtim.tv_sec;
		ie.mtime.nanoseconds = (uint32_t)c->st.st_mtim.tv_nsec;
		ie.dev = (uint32_t)c->st.st_dev;
		ie.ino = (uint32_t)c->st.st_ino;
		ie.uid = (uint32_t)c->st.st_uid;
		ie.gid = (uint32_t)c->st.st_gid;
		ie.file_size = (uint32_t)c->st.st_size;
		if (git_index_add(r->idx, &ie) < 0)
			goto fail;
	}
	if (git_index_write(r->idx) < 0)
		goto fail;
	return 0;
fail:
	pk_git_diag(r->d, r->root, "cannot update the index");
	return -1;
}

static int chrec_cmp(const void *x, const void *y)
{
	const struct pk_chrec *a = x, *b = y;
	enum pk_rkind ka = pk_path_kind(a->path), kb = pk_path_kind(b->path);
	if (ka != kb)
		return ka < kb ? -1 : 1;
	return strcmp(a->path, b->path);
}

/* git's order of tree entries: by name, a folder as if it ended in '/'. */
static int git_order(const char *a, size_t al, int atree, const char *b, size_t bl, int btree)
{
	size_t n = al < bl ? al : bl;
	int c = memcmp(a, b, n);
	if (c)
		return c;
	unsigned char ca = n < al ? (unsigned char)a[n] : atree ? '/' : '\0';
	unsigned char cb = n < bl ? (unsigned char)b[n] : btree ? '/' : '\0';
	return (ca > cb) - (ca < cb);
}

static int cand_name_cmp(const void *x, const void *y)
{
	const struct cand *a = *(struct cand *const *)x, *b = *(struct cand *const *)y;
	return strcmp(strchr(a->rel, '/') + 1, strchr(b->rel, '/') + 1);
}

/* A record folder's new tree: HEAD's raw tree with the entries of the
 * changed records replaced, added or removed, in one pass.  This is what
 * git_tree_create_updated does, without building a tree of 100k entries
 * in memory to change one.  Returns 0, 1 when the folder would be empty
 * (the caller falls back to libgit2), -1 on error. */
static int splice_dir(struct run *r, enum pk_rkind k, git_oid *out)
{
	struct cand **u = xcalloc(r->n + 1, sizeof *u);
	size_t nu = 0, kept = 0;
	struct sbuf b = SBUF_INIT;
	int ret = -1;
	for (size_t i = 0; i < r->n; i++)
		if (r->v[i].touched && pk_path_kind(r->v[i].rel) == k)
			u[nu++] = &r->v[i];
	qsort(u, nu, sizeof *u, cand_name_cmp);
	git_odb_object *dir = head_dir(r, k);
	const unsigned char *p = dir ? git_odb_object_data(dir) : NULL;
	const unsigned char *end = dir ? p + git_odb_object_size(dir) : NULL;
	size_t j = 0;
	while (p < end || j < nu) {
		const unsigned char *sp = NULL, *nul = NULL;
		int tree = 0, c;
		if (p < end) {
			sp = memchr(p, ' ', (size_t)(end - p));
			nul = sp ? memchr(sp + 1, '\0', (size_t)(end - sp - 1)) : NULL;
			if (!nul || end - nul < 21)
				goto done; /* a corrupt tree: let libgit2 say so */
			tree = sp - p == 5 && memcmp(p, "40000", 5) == 0;
		}
		if (p >= end) {
			c = 1;
		} else if (j == nu) {
			c = -1;
		} else {
			const char *name = strchr(u[j]->rel, '/') + 1;
			c = git_order((const char *)sp + 1, (size_t)(nul - sp - 1), tree, name, strlen(name), 0);
		}
		if (c < 0) {                       /* unchanged entry */
			sbuf_add(&b, (const char *)p, (size_t)(nul + 21 - p));
			kept++;
			p = nul + 21;
			continue;
		}
		if (c == 0)                        /* replaced or removed */
			p = nul + 21;
		if (!u[j]->deleted) {
			const char *name = strchr(u[j]->rel, '/') + 1;
			sbuf_addf(&b, "100644 %s", name);
			sbuf_addc(&b, '\0');
			sbuf_add(&b, (const char *)u[j]->id.id, GIT_OID_RAWSZ);
			kept++;
		}
		j++;
	}
	if (!kept) {
		ret = 1;
		goto done;
	}
	if (git_odb_write(out, r->g.odb, b.s, b.len, GIT_OBJECT_TREE) < 0)
		goto done;
	ret = 0;
done:
	free(u);
	sbuf_free(&b);
	return ret;
}

static int write_blobs(struct run *r)
{
	for (size_t i = 0; i < r->n; i++) {
		struct cand *c = &r->v[i];
		git_oid written;
		if (!c->touched || c->deleted)
			continue;
		if (git_blob_create_from_buffer(&written, r->g.repo, c->odb, c->odb_len) < 0)
			return -1;
	}
	return 0;
}

/* The commit's tree: HEAD's with the touched records changed. */
static int make_tree(struct run *r, git_oid *out)
{
	git_tree_update *up = xcalloc(r->n + PK_R_NONE + 1, sizeof *up);
	char *paths[PK_R_NONE] = {NULL, NULL, NULL};
	git_tree *empty = NULL;
	size_t nu = 0;
	int ret = -1, spliced = 1;
	if (write_blobs(r) < 0)
		goto git_fail;
	/* Fast path: rewrite each changed folder's tree in one pass, then let
	 * libgit2 update the few small trees above it. */
	for (int k = 0; k < PK_R_NONE && spliced; k++) {
		int any = 0;
		for (size_t i = 0; i < r->n; i++)
			any |= r->v[i].touched && pk_path_kind(r->v[i].rel) == (enum pk_rkind)k;
		if (!any)
			continue;
		git_oid dir;
		int e = splice_dir(r, (enum pk_rkind)k, &dir);
		if (e != 0) {
			spliced = 0; /* an emptied folder: the general path below */
			break;
		}
		struct sbuf p = SBUF_INIT;
		sbuf_addf(&p, "%s%s", r->g.prefix, pk_kind_dir((enum pk_rkind)k));
		paths[k] = sbuf_detach(&p);
		up[nu].action = GIT_TREE_UPDATE_UPSERT;
		up[nu].id = dir;
		up[nu].filemode = GIT_FILEMODE_TREE;
		up[nu++].path = paths[k];
	}
	if (!spliced) {
		nu = 0;
		for (size_t i = 0; i < r->n; i++) {
			struct cand *c = &r->v[i];
			if (!c->touched)
				continue;
			up[nu].action = c->deleted ? GIT_TREE_UPDATE_REMOVE : GIT_TREE_UPDATE_UPSERT;
			up[nu].id = c->id;
			up[nu].filemode = GIT_FILEMODE_BLOB;
			up[nu++].path = c->gpath;
		}
	}
	git_tree *base = r->base;
	if (!base) {
		git_treebuilder *tb;
		git_oid eid;
		if (git_treebuilder_new(&tb, r->g.repo, NULL) < 0)
			goto git_fail;
		int e = git_treebuilder_write(&eid, tb);
		git_treebuilder_free(tb);
		if (e < 0 || git_tree_lookup(&empty, r->g.repo, &eid) < 0)
			goto git_fail;
		base = empty;
	}
	if (git_tree_create_updated(out, r->g.repo, base, nu, up) < 0)
		goto git_fail;
	ret = 0;
	goto done;
git_fail:
	pk_git_diag(r->d, r->root, "cannot write the commit's tree");
done:
	for (int k = 0; k < PK_R_NONE; k++)
		free(paths[k]);
	git_tree_free(empty);
	free(up);
	return ret;
}

/* What this commit changed, for panel log and panel audit (history_git_cache.c). */
static void remember_changes(struct run *r, const git_oid *commit)
{
	static const git_oid zero = {{0}};
	struct pk_chrec *v = xcalloc(r->n + 1, sizeof *v);
	size_t n = 0;
	for (size_t i = 0; i < r->n; i++) {
		const struct cand *c = &r->v[i];
		if (!c->touched)
			continue;
		v[n].path = c->rel;
		v[n].old_id = c->in_head ? c->head_id : zero;
		v[n++].new_id = c->deleted ? zero : c->id;
	}
	/* the cache lists changes in the order of the folder listings */
	qsort(v, n, sizeof *v, chrec_cmp);
	pk_chcache_append(&r->g, commit, v, n);
	free(v);
}

static void branch_name(struct run *r, char *out, size_t n)
{
	git_reference *head = NULL;
	snprintf(out, n, "HEAD");
	if (git_reference_lookup(&head, r->g.repo, "HEAD") < 0)
		return;
	const char *t = git_reference_symbolic_target(head);
	if (t && strncmp(t, "refs/heads/", 11) == 0)
		snprintf(out, n, "%s", t + 11);
	git_reference_free(head);
}

static enum pk_commit_status commit_run(const char *root, char *const *paths, size_t npaths,
					const struct pk_file_change *files, size_t nfiles,
					const struct pk_commit_opts *o,
					struct pk_commit_result *res, struct pk_diags *d)
{
	struct run r;
	struct pk_commit_result dummy;
	enum pk_commit_status st = PK_COMMIT_ERROR;
	git_signature *author = NULL, *committer = NULL;
	char *message = NULL;
	struct sbuf codes = SBUF_INIT;
	size_t warnings = 0;

	memset(&r, 0, sizeof r);
	r.lockfd = -1;
	if (!res)
		res = &dummy;
	memset(res, 0, sizeof *res);
	r.root = root;
	r.d = d;
	if (!o->message || !*o->message) {
		diag(&r, NULL, "KIT-HISTORY", "say why the records changed", "%s", "empty commit message");
		return PK_COMMIT_ERROR;
	}
	if (pk_git_open(&r.g, root, 1, d) != 0)
		return PK_COMMIT_ERROR;
	r.git_open = 1;
	const char *gitdir = git_repository_path(r.g.repo);
	struct sbuf b = SBUF_INIT;
	sbuf_addf(&b, "%sindex.lock", gitdir);
	r.lock = sbuf_detach(&b);
	sbuf_addf(&b, "%sindex", gitdir);
	r.index = sbuf_detach(&b);
	sbuf_addf(&b, "%spanel-index.tmp", gitdir);
	r.tmp = sbuf_detach(&b);
	sbuf_addf(&b, "%spanel.lock", gitdir);
	r.plock = sbuf_detach(&b);

	/* Everything from reading the index to writing it happens under the
	 * lock, so a second panel commit sees the first one's result. */
	if (lock_repo(&r, o->lock_timeout_ms > 0 ? o->lock_timeout_ms : DEFAULT_LOCK_MS) < 0)
		goto done;
	if (open_private_index(&r) < 0 || read_head(&r) < 0)
		goto done;
	fast_loose_objects(&r);

	size_t before = d->errors;
	if (files) {
		for (size_t i = 0; i < nfiles; i++) {
			char *rel = record_rel(&r, files[i].path);
			if (!rel)
				continue;
			struct cand *c = add_cand(&r, rel);
			free(rel);
			c->write = files[i].buf;
			c->write_len = files[i].len;
			c->deleted = files[i].buf == NULL;
			if (!c->deleted && to_odb(&r, c, files[i].buf, files[i].len) < 0)
				goto done;
		}
	} else if (npaths) {
		for (size_t i = 0; i < npaths; i++) {
			char *rel = record_rel(&r, paths[i]);
			if (rel)
				add_cand(&r, rel);
			free(rel);
		}
	} else if (scan_changes(&r) < 0) {
		goto done;
	}
	if (d->errors > before) {
		st = PK_COMMIT_ERROR;
		goto done;
	}
	for (size_t i = 0; i < r.n; i++) {
		struct cand *c = &r.v[i];
		int rw = files ? 0 : read_worktree(&r, c);
		if (rw == -2) {
			st = PK_COMMIT_REFUSED;
			continue;
		}
		if (rw < 0)
			goto done;
		head_lookup(&r, c);
		if (c->deleted && !c->in_head && !git_index_get_bypath(r.idx, c->gpath, 0) && npaths) {
			diag(&r, c->rel, "KIT-IO", NULL, "%s", "no such record (not in the working tree, "
							       "the index or HEAD)");
			goto done;
		}
		c->touched = c->deleted ? c->in_head : !c->in_head || !git_oid_equal(&c->id, &c->head_id);
		if (c->touched)
			res->records++;
	}
	if (st == PK_COMMIT_REFUSED)
		goto done;
	if (!res->records) {
		/* Nothing to commit; but an index left behind by a killed run (HEAD
		 * moved, index not yet) is brought back in line with HEAD. */
		int heal = 0;
		for (size_t i = 0; i < r.n; i++) {
			const git_index_entry *ie = git_index_get_bypath(r.idx, r.v[i].gpath, 0);
			if (r.v[i].deleted ? ie != NULL : !ie || !git_oid_equal(&ie->id, &r.v[i].id))
				heal = 1;
		}
		if (heal && !files && !o->dry_run && stage(&r) == 0 && rename(r.tmp, r.index) < 0)
			diag(&r, r.index, "KIT-IO", NULL, "cannot update the index: %s", strerror(errno));
		st = PK_COMMIT_NOTHING;
		goto done;
	}
	qsort(r.v, r.n, sizeof *r.v, cand_kind_cmp);

	if (pk_git_signatures(r.g.repo, o->author, &author, &committer, root, d) < 0)
		goto done;
	/* The tree to commit is written first (objects no ref names yet), so
	 * the check sees exactly what the commit will hold. */
	git_oid tree, commit, after;
	if (make_tree(&r, &tree) < 0)
		goto done;
	after = tree;
	if (*r.g.prefix && pk_git_path_find(r.g.odb, &tree, r.g.prefix, &after, NULL) < 0) {
		pk_git_diag(d, root, "cannot read the new tree");
		goto done;
	}
	/* The trailers as they will be, for the check (Rule-Warnings is not
	 * known before it). */
	char *draft = build_message(&r, o->message, 0, "");
	if (!draft)
		goto done;
	int errors = validate(&r, o, &after, author, draft, &warnings, &codes);
	free(draft);
	res->warnings = warnings;
	if (errors < 0)
		goto done;
	if (errors > 0) {
		st = PK_COMMIT_REFUSED;
		goto done;
	}
	if (!(message = build_message(&r, o->message, warnings, codes.s ? codes.s : "")))
		goto done;
	branch_name(&r, res->branch, sizeof res->branch);
	if (o->dry_run) {
		res->message = message;
		message = NULL;
		st = PK_COMMIT_DONE;
		goto done;
	}

	if (files) {
		/* Validated: now the files may change. */
		for (size_t i = 0; i < r.n; i++) {
			struct cand *c = &r.v[i];
			struct sbuf full = SBUF_INIT;
			sbuf_addf(&full, "%s/%s", root, c->rel);
			int e = c->deleted ? (unlink(full.s) < 0 && errno != ENOENT ? -1 : 0)
					   : pk_write_atomic(full.s, c->write, c->write_len, 0);
			if (e == 0 && !c->deleted && lstat(full.s, &c->st) < 0)
				e = -1;
			if (e < 0)
				diag(&r, c->rel, "KIT-IO", NULL, "cannot write: %s", strerror(errno));
			sbuf_free(&full);
			if (e < 0)
				goto done;
		}
	}

	git_tree *t = NULL;
	if (stage(&r) < 0)
		goto done;
	if (git_tree_lookup(&t, r.g.repo, &tree) < 0) {
		pk_git_diag(d, root, "cannot read the new tree");
		goto done;
	}
	const git_commit *parents[1] = {r.parent};
	/* The commit object first (unreferenced until HEAD moves), then the
	 * index, then HEAD.  Killed between the last two, the change is left
	 * staged and the next commit records it; the other order would leave
	 * an index that a plain git commit turns into a revert.  The window is
	 * the ref update alone. */
	int e = git_commit_create(&commit, r.g.repo, NULL, author, committer, NULL, message, t,
				  r.parent ? 1 : 0, parents);
	git_tree_free(t);
	if (e < 0) {
		pk_git_diag(d, root, "cannot commit");
		goto done;
	}
	struct sbuf oldix = SBUF_INIT;
	sbuf_addf(&oldix, "%s.old", r.tmp);
	unlink(oldix.s);
	int had = link(r.index, oldix.s) == 0;
	mark_ref(&r, &commit);
	if (rename(r.tmp, r.index) < 0) {
		diag(&r, r.index, "KIT-IO", NULL, "cannot update the index: %s", strerror(errno));
		unlink(oldix.s);
		sbuf_free(&oldix);
		goto done;
	}
	e = update_head(&r, &commit, message, committer);
	if (e < 0) {
		/* put the index back as it was */
		if (had ? rename(oldix.s, r.index) : unlink(r.index))
			diag(&r, r.index, "KIT-IO", "run 'git reset' to match the index to HEAD",
			     "cannot restore the index: %s", strerror(errno));
		unlink(oldix.s);
		sbuf_free(&oldix);
		if (e == GIT_ELOCKED)
			diag(&r, NULL, "KIT-HISTORY", "if no git command is still running, remove the "
			     "branch's .lock file under .git/refs/heads/ and try again",
			     "%s", "a git command is updating the branch; nothing was committed");
		else if (e == GIT_EMODIFIED || e == GIT_EEXISTS)
			diag(&r, NULL, "KIT-HISTORY", "run the command again",
			     "%s", "HEAD moved while committing (a commit made without the index lock); "
				   "nothing was committed");
		else
			pk_git_diag(d, root, "cannot move HEAD to the new commit");
		goto done;
	}
	unlink(oldix.s);
	sbuf_free(&oldix);
	remember_changes(&r, &commit);
	git_oid_tostr(res->oid, sizeof res->oid, &commit);
	res->message = message;
	message = NULL;
	st = PK_COMMIT_DONE;
done:
	for (int k = 0; k < PK_R_NONE; k++) {
		pk_git_dir_free(&r.dix[k]);
		git_odb_object_free(r.dobj[k]);
	}
	git_index_free(r.idx);
	unlock_repo(&r);
	git_signature_free(author);
	git_signature_free(committer);
	git_tree_free(r.base);
	git_commit_free(r.parent);
	for (size_t i = 0; i < r.n; i++) {
		free(r.v[i].rel);
		free(r.v[i].gpath);
		free(r.v[i].odb);
	}
	free(r.v);
	free(message);
	sbuf_free(&codes);
	free(r.lock);
	free(r.index);
	free(r.tmp);
	free(r.plock);
	if (r.git_open)
		pk_git_close(&r.g);
	return st;
}

enum pk_commit_status pk_history_commit(const char *root, char *const *paths, size_t n,
					const struct pk_commit_opts *o,
					struct pk_commit_result *res, struct pk_diags *d)
{
	return commit_run(root, paths, n, NULL, 0, o, res, d);
}

enum pk_commit_status pk_history_commit_files(const char *root,
					      const struct pk_file_change *files, size_t n,
					      const struct pk_commit_opts *o,
					      struct pk_commit_result *res, struct pk_diags *d)
{
	if (!n) {
		pk_diag_add(d, PK_ERROR, root, 0, 0, NULL, "KIT-HISTORY", NULL, "no files to commit");
		return PK_COMMIT_ERROR;
	}
	return commit_run(root, NULL, 0, files, n, o, res, d);
}
