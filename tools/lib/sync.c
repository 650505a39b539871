/* sync.c: panel sync and panel resolve, with libgit2 in process.
 *
 * One sync: fetch the branch, then fast-forward, push, or merge the
 * server's tip with the local commits (record merge as libgit2's merge
 * driver), validate the merge, commit it with the server tip as first
 * parent and push.  The local branch and work tree move only after the
 * server took the push, so a rejected or lost push leaves the clone as it
 * was (the local commits kept); a lost race is retried from the fetch with
 * jittered exponential back-off.
 *
 * State kept in <git dir>/panel-sync/ (never in the work tree):
 *   merge       while a conflict waits for panel resolve: "local <oid>",
 *               "server <oid>", "remote <name>", "branch <name>" lines
 *   conflicts   the open conflicts, "record<TAB>field" lines
 *   choices     panel resolve's choices, "record<TAB>field<TAB>side" or
 *               "record<TAB><TAB>edited <blob>" lines
 *   checkout    "<new> <old>" while the branch and work tree move to a new
 *               commit: a killed sync's next run finishes the checkout
 * A temporary ref refs/panel-sync/merge holds a merge being pushed. */
#include "sync.h"
#include "accept.h"
#include "history.h"
#include "history_git.h"
#include "json.h"
#include "knownhosts.h"
#include "merge.h"
#include "schema.h"
#include "mem.h"
#include "files.h"
#include "runenv.h"
#include "text.h"
#include "validate.h"
#include "yamldiff.h"
#include "cli.h"

#include <git2/sys/merge.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

struct conf {
	char *record;                 /* repository-relative path */
	struct pk_merge_result r;     /* its conflicts */
	char *(*who)[2];              /* per conflict, ours and theirs:
					 "Name in 1a2b3c4", the newest commit
					 of that side that changed the field */
};

struct choice {
	char *record, *field;         /* field "" = the whole record */
	enum pk_merge_side take;
	int edited;                   /* take the blob below */
	git_oid blob;
};

struct sctx {
	const struct pk_sync_opts *o;
	git_repository *repo;
	struct pk_git g;
	struct pk_schema *S;
	char *statedir;
	struct conf *cv;
	size_t cn, ccap;
	struct choice *ch;
	size_t nch;
	char **merged;                /* records the driver merged field by field */
	size_t nmerged;
	struct pk_diags vd;           /* validation of the merge */
	int cred_tries, cred_failed;
	int ssh_port;                 /* the remote's, for [host]:port in known_hosts */
	int host_refused;             /* the host key check said no */
	char ssh_host[256];           /* the host it was asked for */
	struct sbuf remote_msg;       /* the server's sideband messages */
	char *push_status;
	int push_seen;
	struct timespec t0;
	int progress;
	int lockfd;
	const char *tracking;         /* refs/remotes/REMOTE/BRANCH, once known */
	const git_signature *author;  /* the merge's author (pk_land: the pusher's);
					 NULL: the clone's user */
	FILE *out, *err;
};

static struct sctx *cur;          /* for the merge driver (one sync at a time) */

/* ---- small helpers ---- */

static long ms_since(const struct timespec *t0)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - t0->tv_sec) * 1000L + (now.tv_nsec - t0->tv_nsec) / 1000000L;
}

static void sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static const char *git_msg(void)
{
	const git_error *e = git_error_last();
	return e && e->message ? e->message : "unknown error";
}

static void shortid(const git_oid *id, char out[12])
{
	pk_git_short(id, out);
}

static char *state_path(struct sctx *s, const char *name)
{
	struct sbuf b = SBUF_INIT;
	sbuf_addf(&b, "%s/%s", s->statedir, name);
	return sbuf_detach(&b);
}

static char *read_state(struct sctx *s, const char *name)
{
	char *p = state_path(s, name), *buf = NULL, err[256];
	size_t len;
	if (pk_read_file(p, 1u << 20, 1, &buf, &len, err, sizeof err) < 0)
		buf = NULL;
	free(p);
	return buf;
}

static int write_state(struct sctx *s, const char *name, const char *text)
{
	mkdir(s->statedir, 0777);
	char *p = state_path(s, name);
	int r = pk_write_atomic(p, text, strlen(text), 0);
	if (r < 0)
		fprintf(s->err, "panel sync: cannot write %s: %s\n", p, strerror(errno));
	free(p);
	return r;
}

static void remove_state(struct sctx *s, const char *name)
{
	char *p = state_path(s, name);
	unlink(p);
	free(p);
}

static void clear_pending(struct sctx *s)
{
	remove_state(s, "merge");
	remove_state(s, "conflicts");
	remove_state(s, "choices");
	rmdir(s->statedir);
}

/* "<key> <value>" line of a state file; caller frees. */
static char *state_field(const char *text, const char *key)
{
	size_t kl = strlen(key);
	for (const char *p = text; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
		if (!strncmp(p, key, kl) && p[kl] == ' ')
			return xstrndup(p + kl + 1, strcspn(p + kl + 1, "\n"));
	return NULL;
}

/* ---- the lock (the one panel commit takes) ---- */

static int lock_repo(struct sctx *s)
{
	struct sbuf p = SBUF_INIT;
	sbuf_addf(&p, "%spanel.lock", git_repository_path(s->repo));
	s->lockfd = open(p.s, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
	long waited = 0;
	int r = 0;
	if (s->lockfd < 0) {
		fprintf(s->err, "panel sync: cannot open %s: %s\n", p.s, strerror(errno));
		r = -1;
	}
	while (r == 0 && flock(s->lockfd, LOCK_EX | LOCK_NB) < 0) {
		if ((errno != EWOULDBLOCK && errno != EINTR) || waited >= 10000) {
			fprintf(s->err, "panel sync: another panel commit or sync is running in this "
					"repository (waited %.1f s); try again when it has finished\n",
				waited / 1000.0);
			close(s->lockfd);
			s->lockfd = -1;
			r = -1;
			break;
		}
		sleep_ms(50);
		waited += 50;
	}
	if (r == 0) {
		/* A killed panel commit or sync named the locks it held: "ref
		 * PATH" (history_commit.c writes that line too) and "index PATH"
		 * lines.  Nobody else takes them under this lock. */
		char buf[8192];
		ssize_t n = pread(s->lockfd, buf, sizeof buf - 1, 0);
		buf[n > 0 ? n : 0] = '\0';
		for (char *q = buf; n > 0 && *q;) {
			char *nl = strchr(q, '\n');
			if (!nl)
				break;
			*nl = '\0';
			if (!strncmp(q, "ref ", 4))
				unlink(q + 4);
			else if (!strncmp(q, "index ", 6))
				unlink(q + 6);
			q = nl + 1;
		}
		if (ftruncate(s->lockfd, 0) < 0) {
			/* the marker only serves that recovery */
		}
	}
	sbuf_free(&p);
	return r;
}

static void unlock_repo(struct sctx *s)
{
	if (s->lockfd >= 0)
		close(s->lockfd);
	s->lockfd = -1;
}

/* Names a ref lock before libgit2 takes it: a killed sync's stale lock is
 * removed by the next panel sync or panel commit.  Fetch and push also
 * move the remote-tracking ref and write FETCH_HEAD, each under a lock of
 * its own; a sync killed there left origin/main.lock behind (CI, stop 19). */
static void mark_ref(struct sctx *s, const char *refname)
{
	struct sbuf m = SBUF_INIT;
	sbuf_addf(&m, "ref %s%s.lock\nindex %sindex.lock\n", git_repository_commondir(s->repo), refname,
		  git_repository_path(s->repo));
	if (s->tracking)
		sbuf_addf(&m, "ref %s%s.lock\n", git_repository_commondir(s->repo), s->tracking);
	sbuf_addf(&m, "ref %sFETCH_HEAD.lock\nref %srefs/panel-sync/merge.lock\n", git_repository_path(s->repo),
		  git_repository_commondir(s->repo));
	if (s->lockfd >= 0 && (ftruncate(s->lockfd, 0) < 0 || pwrite(s->lockfd, m.s, m.len, 0) < 0)) {
		/* best effort */
	}
	sbuf_free(&m);
}

/* ---- moving the branch and the work tree ---- */

#define CHECKOUT_PATHS_MAX 10000 /* files; past it, a checkout of the whole tree */

/* Branch from old to new (compare-and-swap), then the work tree and
 * index from old's tree to new's.  The "checkout" state names both, so a
 * killed run's next one finishes it (finish_checkout). */
static int move_branch(struct sctx *s, const char *refname, git_commit *oldc, const git_oid *new_id,
		       const char *why)
{
	char a[GIT_OID_HEXSZ + 1], b[GIT_OID_HEXSZ + 1];
	git_oid_tostr(a, sizeof a, new_id);
	git_oid_tostr(b, sizeof b, git_commit_id(oldc));
	struct sbuf st = SBUF_INIT;
	sbuf_addf(&st, "%s %s\n", a, b);
	if (write_state(s, "checkout", st.s) < 0) {
		sbuf_free(&st);
		return -1;
	}
	sbuf_free(&st);
	git_reference *out = NULL;
	mark_ref(s, refname);
	int e = git_reference_create_matching(&out, s->repo, refname, new_id, 1, git_commit_id(oldc), why);
	git_reference_free(out);
	if (e < 0) {
		fprintf(s->err, "panel sync: cannot move %s: %s\n", refname, git_msg());
		remove_state(s, "checkout");
		return -1;
	}
	git_commit *nc = NULL;
	git_tree *base = NULL;
	git_checkout_options co;
	git_checkout_options_init(&co, GIT_CHECKOUT_OPTIONS_VERSION);
	co.checkout_strategy = GIT_CHECKOUT_SAFE;
	if (git_commit_tree(&base, oldc) == 0)
		co.baseline = base;
	e = git_commit_lookup(&nc, s->repo, new_id);
	/* Only the files that differ between the two trees: a checkout of the
	 * whole tree stats every file of the work tree again (100k records:
	 * a fifth of a sync), and leaves the files that do not differ as
	 * they are, as this does.  Past CHECKOUT_PATHS_MAX (or a tree that
	 * cannot be read raw), the whole tree. */
	char **paths = NULL;
	size_t np = 0;
	if (e == 0 && pk_git_changed_paths(s->g.odb, git_commit_tree_id(oldc), git_commit_tree_id(nc),
					   CHECKOUT_PATHS_MAX, &paths, &np) == 0) {
		co.paths.strings = paths;
		co.paths.count = np;
		co.checkout_strategy |= GIT_CHECKOUT_DISABLE_PATHSPEC_MATCH;
	}
	/* no path differs (the same tree): nothing to check out */
	if (e == 0 && !(paths && np == 0))
		e = git_checkout_tree(s->repo, (git_object *)nc, &co);
	pk_git_paths_free(paths, np);
	if (e < 0)
		fprintf(s->err, "panel sync: the branch moved but the work tree could not be updated: %s\n"
				"hint: run panel sync again to finish\n", git_msg());
	else
		remove_state(s, "checkout");
	if (e == 0 && s->lockfd >= 0 && ftruncate(s->lockfd, 0) < 0) {
		/* a marker naming locks that are gone is harmless */
	}
	git_tree_free(base);
	git_commit_free(nc);
	return e < 0 ? -1 : 0;
}

/* A killed sync moved the branch but not the work tree: finish. */
static int finish_checkout(struct sctx *s)
{
	char *st = read_state(s, "checkout");
	if (!st)
		return 0;
	git_oid nid, oid;
	git_commit *oldc = NULL, *nc = NULL, *head = NULL;
	git_tree *base = NULL;
	int r = -1;
	if (strlen(st) < 2 * GIT_OID_HEXSZ + 1 || git_oid_fromstrn(&nid, st, GIT_OID_HEXSZ) < 0 ||
	    git_oid_fromstrn(&oid, st + GIT_OID_HEXSZ + 1, GIT_OID_HEXSZ) < 0)
		goto out;
	git_oid hid;
	if (git_reference_name_to_id(&hid, s->repo, "HEAD") < 0)
		goto out;
	if (!git_oid_equal(&hid, &nid)) {
		r = 0; /* the branch never moved: nothing to finish */
		goto out;
	}
	git_checkout_options co;
	git_checkout_options_init(&co, GIT_CHECKOUT_OPTIONS_VERSION);
	co.checkout_strategy = GIT_CHECKOUT_SAFE;
	if (git_commit_lookup(&oldc, s->repo, &oid) == 0 && git_commit_tree(&base, oldc) == 0)
		co.baseline = base;
	mark_ref(s, "HEAD");
	if (git_commit_lookup(&nc, s->repo, &nid) == 0 &&
	    git_checkout_tree(s->repo, (git_object *)nc, &co) == 0)
		r = 0;
	else
		fprintf(s->err, "panel sync: cannot finish the last sync's checkout: %s\n", git_msg());
out:
	if (r == 0)
		remove_state(s, "checkout");
	git_tree_free(base);
	git_commit_free(oldc);
	git_commit_free(nc);
	git_commit_free(head);
	free(st);
	return r;
}

/* ---- the merge driver ---- */

static const char *records_rel(struct sctx *s, const char *path)
{
	size_t pl = strlen(s->g.prefix);
	if (strncmp(path, s->g.prefix, pl))
		return NULL;
	const char *rel = path + pl;
	size_t n = strlen(rel);
	if (pk_path_kind(rel) == PK_R_NONE || n < 6 || strcmp(rel + n - 5, ".yaml") || strchr(strchr(rel, '/') + 1, '/'))
		return NULL;
	return rel;
}

static int blob_text(git_repository *repo, const git_index_entry *e, const char **buf, size_t *len,
		     git_blob **hold)
{
	*buf = NULL;
	*len = 0;
	*hold = NULL;
	if (!e)
		return 0;
	if (git_blob_lookup(hold, repo, &e->id) < 0)
		return -1;
	*buf = git_blob_rawcontent(*hold);
	*len = (size_t)git_blob_rawsize(*hold);
	return 0;
}

static struct conf *add_conf(struct sctx *s, const char *record)
{
	if (s->cn == s->ccap) {
		s->ccap = s->ccap ? 2 * s->ccap : 8;
		s->cv = xrealloc(s->cv, s->ccap * sizeof *s->cv);
	}
	struct conf *c = &s->cv[s->cn++];
	memset(c, 0, sizeof *c);
	c->record = xstrdup(record);
	return c;
}

static struct conf *find_conf(struct sctx *s, const char *record)
{
	for (size_t i = 0; i < s->cn; i++)
		if (!strcmp(s->cv[i].record, record))
			return &s->cv[i];
	return NULL;
}

static void conf_one(struct conf *c, const char *path, const char *why)
{
	struct pk_merge_result *r = &c->r;
	if (r->n == r->cap) {
		r->cap = r->cap ? 2 * r->cap : 2;
		r->c = xrealloc(r->c, r->cap * sizeof *r->c);
	}
	memset(&r->c[r->n], 0, sizeof r->c[r->n]);
	r->c[r->n].path = xstrdup(path);
	r->c[r->n].why = xstrdup(why);
	r->n++;
}

/* The choices for one record, as the merge takes them. */
static size_t record_choices(struct sctx *s, const char *record, struct pk_merge_choice **out,
			     const struct choice **edited)
{
	*out = xcalloc(s->nch + 1, sizeof **out);
	*edited = NULL;
	size_t n = 0;
	for (size_t i = 0; i < s->nch; i++) {
		if (strcmp(s->ch[i].record, record))
			continue;
		if (s->ch[i].edited)
			*edited = &s->ch[i];
		(*out)[n].path = s->ch[i].field;
		(*out)[n].take = s->ch[i].take;
		n++;
	}
	return n;
}

static int merge_one(struct sctx *s, const char *path, const git_index_entry *a,
		     const git_index_entry *o, const git_index_entry *t, struct pk_merge_result *r,
		     char **edited_text, size_t *edited_len)
{
	const char *rel = records_rel(s, path);
	const char *bb, *ob, *tb;
	size_t bl, ol, tl;
	git_blob *hb, *ho, *ht;
	*edited_text = NULL;
	if (blob_text(s->repo, a, &bb, &bl, &hb) < 0 || blob_text(s->repo, o, &ob, &ol, &ho) < 0 ||
	    blob_text(s->repo, t, &tb, &tl, &ht) < 0)
		return -1;
	struct pk_merge_choice *ch;
	const struct choice *ed;
	size_t nch = record_choices(s, path, &ch, &ed);
	int st;
	if (ed) {
		git_blob *he = NULL;
		memset(r, 0, sizeof *r);
		if (git_blob_lookup(&he, s->repo, &ed->blob) < 0) {
			st = -1;
		} else {
			*edited_len = (size_t)git_blob_rawsize(he);
			*edited_text = xstrndup(git_blob_rawcontent(he), *edited_len);
			st = 0;
		}
		git_blob_free(he);
	} else {
		st = pk_merge_record_with(s->S, rel, bb, bl, o ? ob : NULL, ol, t ? tb : NULL, tl, ch, nch, r);
	}
	free(ch);
	git_blob_free(hb);
	git_blob_free(ho);
	git_blob_free(ht);
	return st;
}

static int driver_apply(git_merge_driver *self, const char **path_out, uint32_t *mode_out,
			git_buf *merged_out, const char *filter_name, const git_merge_driver_source *src)
{
	(void)self;
	(void)filter_name;
	struct sctx *s = cur;
	const git_index_entry *a = git_merge_driver_source_ancestor(src),
			      *o = git_merge_driver_source_ours(src),
			      *t = git_merge_driver_source_theirs(src);
	if (!s || !o || !t || !records_rel(s, o->path) || strcmp(o->path, t->path))
		return GIT_PASSTHROUGH; /* not a record: git's text merge */
	struct pk_merge_result r;
	char *ed;
	size_t elen = 0;
	int st = merge_one(s, o->path, a, o, t, &r, &ed, &elen);
	if (st < 0)
		return GIT_PASSTHROUGH;
	if (st == 0 && (ed || (!r.deleted && r.text))) {
		char *text = ed ? ed : r.text;
		size_t len = ed ? elen : r.len;
		if (!ed)
			r.text = NULL;
		/* libgit2 frees the buffer with its allocator: the system malloc. */
		merged_out->ptr = text;
		merged_out->size = len;
		merged_out->reserved = len + 1;
		*path_out = o->path;
		*mode_out = o->mode;
		s->merged = xrealloc(s->merged, (s->nmerged + 1) * sizeof *s->merged);
		s->merged[s->nmerged++] = xstrdup(o->path);
		pk_merge_result_free(&r);
		return 0;
	}
	struct conf *c = add_conf(s, o->path);
	if (st == 0) /* a deletion while both sides have the file */
		conf_one(c, "", "the merge would delete a record both sides kept");
	else
		c->r = r, memset(&r, 0, sizeof r);
	pk_merge_result_free(&r);
	return GIT_EMERGECONFLICT;
}

static struct {
	git_merge_driver d;
} panel_driver = {{GIT_MERGE_DRIVER_VERSION, NULL, NULL, driver_apply}};

/* ---- who changed a record on one side ---- */

static int blob_at(git_commit *c, const char *path, git_oid *out)
{
	git_tree *t = NULL;
	git_tree_entry *e = NULL;
	int r = git_commit_tree(&t, c) == 0 && git_tree_entry_bypath(&e, t, path) == 0;
	if (r)
		git_oid_cpy(out, git_tree_entry_id(e));
	git_tree_entry_free(e);
	git_tree_free(t);
	return r;
}

/* The value at field ("rag[2].rating"; "" the whole record) of path's
 * blob in commit c, in flow style; NULL when the record or field is
 * absent.  *present says whether the record is there at all. */
static char *field_at(struct sctx *s, git_commit *c, const char *path, const char *field, int *present)
{
	git_oid id;
	*present = blob_at(c, path, &id);
	if (!*present)
		return NULL;
	git_blob *b = NULL;
	if (git_blob_lookup(&b, s->repo, &id) < 0)
		return NULL;
	struct pk_diags d = PK_DIAGS_INIT;
	struct pk_doc *doc = pk_doc_parse(path, git_blob_rawcontent(b), (size_t)git_blob_rawsize(b), NULL, &d);
	const struct pk_node *n = doc ? pk_get(pk_doc_root(doc), field) : NULL;
	char *v = n ? pk_node_flow(n) : doc ? NULL : xstrdup("(unparsable)");
	pk_doc_free(doc);
	pk_diags_free(&d);
	git_blob_free(b);
	return v;
}

static int same_str(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

/* The newest commit between base and tip that changed the field of path
 * (field "": the record itself), as "Name in 1a2b3c4".  A list index in
 * field is read as written in each commit's text. */
static char *who_changed(struct sctx *s, const git_oid *tip, const git_oid *base, const char *path,
			 const char *field)
{
	git_revwalk *w = NULL;
	git_oid id;
	char *res = NULL;
	if (git_revwalk_new(&w, s->repo) < 0)
		return NULL;
	git_revwalk_sorting(w, GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME);
	git_revwalk_push(w, tip);
	if (base)
		git_revwalk_hide(w, base);
	int n = 0;
	while (!res && n++ < 10000 && git_revwalk_next(&id, w) == 0) {
		git_commit *c = NULL;
		if (git_commit_lookup(&c, s->repo, &id) < 0)
			break;
		/* Changed here: unlike every parent.  A merge that took one
		 * parent's value passes the question on to that parent's side
		 * (the walk reaches it); one unlike all of them resolved it. */
		git_oid a;
		int ha = blob_at(c, path, &a), pa = 0;
		char *va = NULL;
		unsigned np = git_commit_parentcount(c);
		int changed = 1;
		for (unsigned i = 0; i < np && changed; i++) {
			git_commit *p = NULL;
			git_oid b;
			if (git_commit_parent(&p, c, i) < 0)
				continue;
			int hb = blob_at(p, path, &b);
			if (ha == hb && (!ha || git_oid_equal(&a, &b)))
				changed = 0;
			else if (ha && hb && field && *field) {
				int pb;
				if (!va)
					va = field_at(s, c, path, field, &pa);
				char *vb = field_at(s, p, path, field, &pb);
				changed = !same_str(va, vb);
				free(vb);
			}
			git_commit_free(p);
		}
		free(va);
		if (changed) {
			char sid[12];
			shortid(&id, sid);
			struct sbuf t = SBUF_INIT;
			const git_signature *au = git_commit_author(c);
			sbuf_addf(&t, "%s in %s", au && au->name ? au->name : "?", sid);
			res = sbuf_detach(&t);
		}
		git_commit_free(c);
	}
	git_revwalk_free(w);
	return res;
}

/* ---- merging ---- */

static void free_confs(struct sctx *s)
{
	for (size_t i = 0; i < s->cn; i++) {
		free(s->cv[i].record);
		for (size_t j = 0; s->cv[i].who && j < s->cv[i].r.n; j++) {
			free(s->cv[i].who[j][0]);
			free(s->cv[i].who[j][1]);
		}
		free(s->cv[i].who);
		pk_merge_result_free(&s->cv[i].r);
	}
	s->cn = 0;
	for (size_t i = 0; i < s->nmerged; i++)
		free(s->merged[i]);
	s->nmerged = 0;
	pk_diags_free(&s->vd);
	memset(&s->vd, 0, sizeof s->vd);
}

static const git_index_entry *tree_entry_as_index(git_tree *t, const char *path, git_index_entry *e,
						  git_tree_entry **hold)
{
	*hold = NULL;
	if (!t || git_tree_entry_bypath(hold, t, path) < 0)
		return NULL;
	memset(e, 0, sizeof *e);
	e->path = path;
	e->mode = git_tree_entry_filemode(*hold);
	git_oid_cpy(&e->id, git_tree_entry_id(*hold));
	return e;
}

/* A merge's in-memory index has no repository behind it, so the blob is
 * written first and the entry added by its id. */
static int index_put(git_repository *repo, git_index *idx, const char *path, unsigned mode,
		     const char *text, size_t len)
{
	git_index_entry e;
	memset(&e, 0, sizeof e);
	e.path = path;
	e.mode = mode ? mode : GIT_FILEMODE_BLOB;
	if (git_blob_create_from_buffer(&e.id, repo, text, len) < 0 || git_index_add(idx, &e) < 0) {
		fprintf(stderr, "panel sync: %s: %s\n", path, git_msg());
		return -1;
	}
	return 0;
}

/* The records of tree at the records root ("" prefix: the tree). */
static int records_tree(struct sctx *s, const git_oid *tree, git_oid *out)
{
	if (!*s->g.prefix) {
		git_oid_cpy(out, tree);
		return 0;
	}
	char *p = xstrndup(s->g.prefix, strlen(s->g.prefix) - 1);
	int r = pk_git_path_find(s->g.odb, tree, p, out, NULL);
	free(p);
	return r;
}

/* The one place where sync asks whether a merge may enter the history:
 * the commit-acceptance check every door runs (accept.h), of the merged
 * tree against the server's tip, as the server's guard will judge the
 * merge commit: every record the merge changed valid in the merged tree,
 * references and deletions (KIT-IDS), held-panel outcomes, the author,
 * under the policy of the server's tip.  Returns the number of errors, in
 * d. */
static int sync_check_merge(struct sctx *s, const git_oid *merged_tree, const git_oid *server_tree,
			    struct pk_diags *d)
{
	size_t before = d->errors;
	git_oid rt, srt;
	if (records_tree(s, merged_tree, &rt) != 0)
		return 0; /* no records in the merge: nothing to judge */
	int has_srv = server_tree && records_tree(s, server_tree, &srt) == 0;
	struct pk_policy pol;
	if (pk_policy_load(&s->g, has_srv ? &srt : NULL, s->o->schema_dir, &pol, d) < 0)
		return (int)(d->errors - before) + 1;
	git_signature *me = NULL;
	if (s->author)
		git_signature_dup(&me, s->author);
	else
		git_signature_default(&me, s->repo);
	struct pk_accept_who who = {me ? me->name : NULL, me ? me->email : NULL, 1, s->o->dir,
				    s->o->dir, "the merge", s->o->schema_dir, NULL, NULL, NULL};
	if (pk_accept_change(&s->g, has_srv ? &srt : NULL, &rt, &who, NULL, &pol, pk_today_date(), d) < 0 &&
	    d->errors == before)
		pk_git_diag(d, s->o->dir, "cannot check the merge");
	git_signature_free(me);
	return (int)(d->errors - before);
}

/* Merges server into local in memory.  0: clean, *tree the merged tree;
 * 1: conflicts (s->cv) or a merge that does not validate (s->vd); -1. */
static int merge_in_memory(struct sctx *s, git_commit *local, git_commit *server, git_oid *tree)
{
	git_merge_options mo;
	git_merge_options_init(&mo, GIT_MERGE_OPTIONS_VERSION);
	mo.flags = 0;                 /* no rename detection: records are named by ID */
	mo.default_driver = "panel";  /* every file changed on both sides */
	git_index *idx = NULL;
	git_tree *lt = NULL, *stt = NULL, *bt = NULL;
	git_commit *basec = NULL;
	git_oid base;
	int has_base = git_merge_base(&base, s->repo, git_commit_id(local), git_commit_id(server)) == 0;
	int ret = -1;
	free_confs(s);
	cur = s;
	int e = git_merge_commits(&idx, s->repo, local, server, &mo);
	cur = NULL;
	if (e < 0) {
		fprintf(s->err, "panel sync: cannot merge: %s\n", git_msg());
		return -1;
	}
	if (git_commit_tree(&lt, local) < 0 || git_commit_tree(&stt, server) < 0 ||
	    (has_base && (git_commit_lookup(&basec, s->repo, &base) < 0 || git_commit_tree(&bt, basec) < 0)))
		goto out;
	/* What libgit2 left conflicted and the driver did not see: a record
	 * deleted on one side and changed on the other, or a non-record file. */
	if (git_index_has_conflicts(idx)) {
		git_index_conflict_iterator *it = NULL;
		const git_index_entry *a, *o, *t;
		char **paths = NULL;
		size_t np = 0;
		if (git_index_conflict_iterator_new(&it, idx) < 0)
			goto out;
		while (git_index_conflict_next(&a, &o, &t, it) == 0) {
			const char *p = o ? o->path : t ? t->path : a->path;
			paths = xrealloc(paths, (np + 1) * sizeof *paths);
			paths[np++] = xstrdup(p);
		}
		git_index_conflict_iterator_free(it);
		for (size_t i = 0; i < np; i++) {
			const char *p = paths[i];
			if (find_conf(s, p))
				continue;
			git_index_entry ea, eo, et;
			git_tree_entry *ha, *ho, *ht;
			const git_index_entry *pa = tree_entry_as_index(bt, p, &ea, &ha),
					      *po = tree_entry_as_index(lt, p, &eo, &ho),
					      *pt = tree_entry_as_index(stt, p, &et, &ht);
			if (!records_rel(s, p)) {
				conf_one(add_conf(s, p), "", "changed on both sides (not a record: "
							     "merge it with git)");
			} else {
				struct pk_merge_result r;
				char *ed;
				size_t elen = 0;
				int st = merge_one(s, p, pa, po, pt, &r, &ed, &elen);
				if (st == 0) {
					git_index_conflict_remove(idx, p);
					if (ed || (!r.deleted && r.text))
						index_put(s->repo, idx, p, po ? po->mode : pt ? pt->mode : 0,
							  ed ? ed : r.text, ed ? elen : r.len);
				} else if (st > 0) {
					struct conf *c = add_conf(s, p);
					c->r = r;
					memset(&r, 0, sizeof r);
				} else {
					conf_one(add_conf(s, p), "", "cannot read the record's versions");
				}
				free(ed);
				pk_merge_result_free(&r);
			}
			git_tree_entry_free(ha);
			git_tree_entry_free(ho);
			git_tree_entry_free(ht);
		}
		for (size_t i = 0; i < np; i++)
			free(paths[i]);
		free(paths);
	}
	/* A whole-record choice also applies where git merged cleanly (a
	 * record deleted on one side, named by a record of the other). */
	for (size_t i = 0; i < s->nch; i++) {
		const struct choice *c = &s->ch[i];
		if (*c->field || find_conf(s, c->record))
			continue;
		git_tree *from = c->take == PK_TAKE_OURS ? lt : c->take == PK_TAKE_THEIRS ? stt : bt;
		git_tree_entry *te = NULL;
		git_blob *b = NULL;
		if (c->edited ? git_blob_lookup(&b, s->repo, &c->blob) == 0
			      : (from && git_tree_entry_bypath(&te, from, c->record) == 0 &&
				 git_blob_lookup(&b, s->repo, git_tree_entry_id(te)) == 0))
			index_put(s->repo, idx, c->record, te ? git_tree_entry_filemode(te) : 0,
				  git_blob_rawcontent(b), (size_t)git_blob_rawsize(b));
		else
			git_index_remove_bypath(idx, c->record);
		git_blob_free(b);
		git_tree_entry_free(te);
	}
	if (s->cn) {
		for (size_t i = 0; i < s->cn; i++) {
			struct conf *cf = &s->cv[i];
			cf->who = xcalloc(cf->r.n + 1, sizeof *cf->who);
			for (size_t j = 0; j < cf->r.n; j++) {
				const char *f = cf->r.c[j].path;
				cf->who[j][0] = who_changed(s, git_commit_id(local), has_base ? &base : NULL, cf->record, f);
				cf->who[j][1] = who_changed(s, git_commit_id(server), has_base ? &base : NULL, cf->record, f);
			}
		}
		ret = 1;
		goto out;
	}
	if (git_index_write_tree_to(tree, idx, s->repo) < 0) {
		fprintf(s->err, "panel sync: cannot write the merged tree: %s\n", git_msg());
		goto out;
	}
	ret = sync_check_merge(s, tree, git_tree_id(stt), &s->vd) > 0 ? 1 : 0;
out:
	git_index_free(idx);
	git_tree_free(lt);
	git_tree_free(stt);
	git_tree_free(bt);
	git_commit_free(basec);
	return ret;
}

/* ---- reports ---- */

static void print_side(FILE *out, const char *label, const char *v, unsigned line, const char *who)
{
	char *p = v ? pk_printable(v, strlen(v), 200) : NULL;
	fprintf(out, "  %-7s %s", label, p ? p : "(absent)");
	if (p && line)
		fprintf(out, " (line %u)", line);
	if (who)
		fprintf(out, ", changed by %s", who);
	fputc('\n', out);
	free(p);
}

static void report_text(struct sctx *s, FILE *out)
{
	for (size_t i = 0; i < s->cn; i++) {
		const struct conf *c = &s->cv[i];
		for (size_t j = 0; j < c->r.n; j++) {
			const struct pk_merge_conflict *k = &c->r.c[j];
			fprintf(out, "%s: %s%s%s\n", c->record, k->path, *k->path ? ": " : "", k->why);
			print_side(out, "base:", k->base, k->base_line, NULL);
			print_side(out, "ours:", k->ours, k->ours_line, c->who ? c->who[j][0] : NULL);
			print_side(out, "theirs:", k->theirs, k->theirs_line, c->who ? c->who[j][1] : NULL);
		}
	}
	if (s->vd.n) {
		pk_diags_sort(&s->vd);
		pk_diags_print(out, &s->vd);
	}
}

static void json_side(struct pk_jw *w, const char *key, const char *v, unsigned line, const char *who)
{
	pk_jw_key(w, key);
	pk_jw_obj_begin(w, PK_JW_INLINE);
	pk_jw_kstr(w, "value", v);
	pk_jw_key(w, "line");
	if (line)
		pk_jw_uint(w, line);
	else
		pk_jw_null(w);
	if (who || !strcmp(key, "ours") || !strcmp(key, "theirs")) {
		char *a = who ? xstrdup(who) : NULL, *in = a ? strstr(a, " in ") : NULL;
		if (in)
			*in = '\0';
		pk_jw_kstr(w, "author", a);
		pk_jw_kstr(w, "commit", in ? in + 4 : NULL);
		free(a);
	}
	pk_jw_obj_end(w);
}

static void report_json(struct sctx *s, FILE *out, const char *status, const char *remote,
			const char *branch, int attempts, const char *commit)
{
	struct pk_jw w;
	pk_jw_init(&w, out);
	pk_jw_obj_begin(&w, PK_JW_INLINE);
	pk_jw_kstr(&w, "status", status);
	pk_jw_kstr(&w, "remote", remote);
	pk_jw_kstr(&w, "branch", branch);
	pk_jw_kint(&w, "attempts", attempts);
	pk_jw_kstr(&w, "commit", commit);
	pk_jw_key(&w, "conflicts");
	pk_jw_arr_begin(&w, PK_JW_LINES(2));
	for (size_t i = 0; i < s->cn; i++) {
		const struct conf *c = &s->cv[i];
		for (size_t j = 0; j < c->r.n; j++) {
			const struct pk_merge_conflict *k = &c->r.c[j];
			pk_jw_obj_begin(&w, PK_JW_INLINE);
			pk_jw_kstr(&w, "record", c->record);
			pk_jw_kstr(&w, "field", k->path);
			pk_jw_kstr(&w, "why", k->why);
			json_side(&w, "base", k->base, k->base_line, NULL);
			json_side(&w, "ours", k->ours, k->ours_line, c->who ? c->who[j][0] : NULL);
			json_side(&w, "theirs", k->theirs, k->theirs_line, c->who ? c->who[j][1] : NULL);
			pk_jw_obj_end(&w);
		}
	}
	pk_jw_arr_end(&w);
	pk_jw_key(&w, "findings");
	pk_diags_json(&w, &s->vd);
	/* the findings array ends its line, as panel validate --json's does */
	pk_jw_text(&w, "\n");
	pk_jw_kstr(&w, "server_messages", sbuf_str(&s->remote_msg));
	pk_jw_obj_end(&w);
	pk_jw_text(&w, "\n");
}

/* Pending state for panel resolve. */
static int save_pending(struct sctx *s, git_commit *local, git_commit *server, const char *remote,
			const char *branch)
{
	char a[GIT_OID_HEXSZ + 1], b[GIT_OID_HEXSZ + 1];
	git_oid_tostr(a, sizeof a, git_commit_id(local));
	git_oid_tostr(b, sizeof b, git_commit_id(server));
	struct sbuf m = SBUF_INIT, c = SBUF_INIT;
	sbuf_addf(&m, "local %s\nserver %s\nremote %s\nbranch %s\n", a, b, remote, branch);
	for (size_t i = 0; i < s->cn; i++)
		for (size_t j = 0; j < s->cv[i].r.n; j++)
			sbuf_addf(&c, "%s\t%s\n", s->cv[i].record, s->cv[i].r.c[j].path);
	for (size_t i = 0; i < s->vd.n; i++)
		if (s->vd.v[i].sev == PK_ERROR)
			sbuf_addf(&c, "%s\t\n", s->vd.v[i].file);
	int r = write_state(s, "conflicts", sbuf_str(&c)) < 0 || write_state(s, "merge", m.s) < 0 ? -1 : 0;
	sbuf_free(&m);
	sbuf_free(&c);
	return r;
}

static const char *side_name(enum pk_merge_side t)
{
	return t == PK_TAKE_OURS ? "ours" : t == PK_TAKE_THEIRS ? "theirs" : "base";
}

static void load_choices(struct sctx *s)
{
	char *text = read_state(s, "choices");
	for (char *p = text; p && *p;) {
		char *nl = strchr(p, '\n');
		if (nl)
			*nl = '\0';
		char *t1 = strchr(p, '\t'), *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
		if (t1 && t2) {
			*t1 = *t2 = '\0';
			struct choice c = {xstrdup(p), xstrdup(t1 + 1), PK_TAKE_OURS, 0, {{0}}};
			const char *side = t2 + 1;
			if (!strncmp(side, "edited ", 7) && git_oid_fromstr(&c.blob, side + 7) == 0)
				c.edited = 1;
			else
				c.take = !strcmp(side, "theirs") ? PK_TAKE_THEIRS : !strcmp(side, "base") ? PK_TAKE_BASE : PK_TAKE_OURS;
			s->ch = xrealloc(s->ch, (s->nch + 1) * sizeof *s->ch);
			s->ch[s->nch++] = c;
		}
		p = nl ? nl + 1 : NULL;
	}
	free(text);
}

/* ---- the network ---- */

static int cred_from_helper(git_credential **out, const char *url, const char *user)
{
	/* git's configured credential helper, through git itself (libgit2
	 * does not read credential.helper). */
	char tmpl[] = "/tmp/panel-cred-XXXXXX";
	int fd = mkstemp(tmpl);
	if (fd < 0)
		return GIT_PASSTHROUGH;
	struct sbuf req = SBUF_INIT;
	sbuf_addf(&req, "url=%s\n", url);
	if (user && *user)
		sbuf_addf(&req, "username=%s\n", user);
	sbuf_adds(&req, "\n");
	ssize_t w = write(fd, req.s, req.len);
	close(fd);
	sbuf_free(&req);
	int ret = GIT_PASSTHROUGH;
	if (w > 0) {
		struct sbuf cmd = SBUF_INIT;
		sbuf_addf(&cmd, "GIT_TERMINAL_PROMPT=0 git credential fill <'%s' 2>/dev/null", tmpl);
		FILE *p = popen(cmd.s, "r");
		char line[1024], *u = NULL, *pw = NULL;
		while (p && fgets(line, sizeof line, p)) {
			line[strcspn(line, "\n")] = '\0';
			if (!strncmp(line, "username=", 9))
				free(u), u = xstrdup(line + 9);
			else if (!strncmp(line, "password=", 9))
				free(pw), pw = xstrdup(line + 9);
		}
		if (p)
			pclose(p);
		if (u && pw && git_credential_userpass_plaintext_new(out, u, pw) == 0)
			ret = 0;
		free(u);
		free(pw);
		sbuf_free(&cmd);
	}
	unlink(tmpl);
	return ret;
}

/* Called again after every refused attempt: bounded (a wrong token would
 * loop).  ssh: the agent, then ~/.ssh/id_ed25519 and id_rsa; http(s):
 * PANEL_SYNC_USERNAME/PANEL_SYNC_PASSWORD (cron), else git's credential
 * helper. */
static int cb_cred(git_credential **out, const char *url, const char *user_from_url,
		   unsigned int allowed, void *payload)
{
	struct sctx *s = payload;
	int n = ++s->cred_tries;
	if (n > 3) {
		s->cred_failed = 1;
		git_error_set_str(GIT_ERROR_NET, "the server refused the credentials 3 times");
		return GIT_EUSER;
	}
	const char *user = user_from_url && *user_from_url ? user_from_url : NULL;
	if (allowed & GIT_CREDENTIAL_USERNAME)
		return git_credential_username_new(out, user ? user : "git");
	if (allowed & GIT_CREDENTIAL_SSH_KEY) {
		/* The agent (when there is one: libgit2 fails the whole connection
		 * on an agent credential without SSH_AUTH_SOCK), then each key
		 * file there is, one per try. */
		const char *home = getenv("HOME"), *sock = getenv("SSH_AUTH_SOCK");
		int k = n;
		if (sock && *sock) {
			if (k == 1)
				return git_credential_ssh_key_from_agent(out, user ? user : "git");
			k--;
		}
		static const char *const keys[] = {"id_ed25519", "id_rsa"};
		for (size_t i = 0; i < PK_ARRAY_LEN(keys); i++) {
			struct sbuf priv = SBUF_INIT, pub = SBUF_INIT;
			sbuf_addf(&priv, "%s/.ssh/%s", home ? home : "", keys[i]);
			sbuf_addf(&pub, "%s.pub", priv.s);
			int r = 1;
			if (access(priv.s, R_OK) == 0 && --k == 0)
				r = git_credential_ssh_key_new(out, user ? user : "git",
							       access(pub.s, R_OK) == 0 ? pub.s : NULL, priv.s, NULL);
			sbuf_free(&priv);
			sbuf_free(&pub);
			if (r <= 0)
				return r;
		}
		s->cred_failed = 1;
		git_error_set_str(GIT_ERROR_SSH, n == 1 ? "no ssh key to offer: no agent (SSH_AUTH_SOCK) and "
							"no ~/.ssh/id_ed25519 or ~/.ssh/id_rsa"
							: "the server took none of the ssh keys offered");
		return GIT_EUSER;
	}
	if (allowed & GIT_CREDENTIAL_USERPASS_PLAINTEXT) {
		const char *u = getenv("PANEL_SYNC_USERNAME"), *p = getenv("PANEL_SYNC_PASSWORD");
		if (p && *p)
			return git_credential_userpass_plaintext_new(out, u && *u ? u : user ? user : "panel", p);
		return cred_from_helper(out, url, user);
	}
	return GIT_PASSTHROUGH;
}

static int cb_sideband(const char *str, int len, void *payload)
{
	struct sctx *s = payload;
	if (s->remote_msg.len < 64 * 1024)
		sbuf_add(&s->remote_msg, str, (size_t)len);
	return 0;
}

static int cb_progress(const git_indexer_progress *st, void *payload)
{
	struct sctx *s = payload;
	/* Only a long fetch says how it is going, to a person (stderr is a
	 * terminal), not into a cron job's log. */
	if (st->total_objects > 0 && ms_since(&s->t0) > 1000 && isatty(fileno(s->err))) {
		fprintf(s->err, "\rpanel sync: receiving objects %u/%u", st->received_objects,
			st->total_objects);
		s->progress = 1;
	}
	return 0;
}

static int cb_push_ref(const char *refname, const char *status, void *payload)
{
	struct sctx *s = payload;
	(void)refname;
	s->push_seen = 1;
	if (status) {
		free(s->push_status);
		s->push_status = xstrdup(status);
	}
	return 0;
}

/* The ssh port of url: ssh://[user@]host[:port]/path (also ssh+git://,
 * git+ssh://); scp-like user@host:path is 22. */
static int ssh_port_of(const char *url)
{
	const char *p = strstr(url, "://");
	if (!p)
		return 22;
	p += 3;
	const char *end = p + strcspn(p, "/");
	const char *at = memchr(p, '@', (size_t)(end - p));
	if (at)
		p = at + 1;
	if (*p == '[') { /* [::1]:2222 */
		const char *rb = memchr(p, ']', (size_t)(end - p));
		p = rb ? rb + 1 : end;
	} else {
		p += strcspn(p, ":/");
	}
	return *p == ':' && p + 1 < end ? atoi(p + 1) : 22;
}

/* ssh: the server's host key must be the one ~/.ssh/known_hosts (or
 * /etc/ssh/ssh_known_hosts) names for the host, as ssh itself asks;
 * libgit2 1.5 takes any key without this.  https: libgit2's own check of
 * the certificate (GIT_PASSTHROUGH), which refuses an invalid one. */
static int cb_cert(git_cert *cert, int valid, const char *host, void *payload)
{
	struct sctx *s = payload;
	(void)valid;
	if (cert->cert_type != GIT_CERT_HOSTKEY_LIBSSH2)
		return GIT_PASSTHROUGH;
	const git_cert_hostkey *hk = (const git_cert_hostkey *)cert;
	char fp[64] = "", why[512] = "", name[300];
	if (hk->type & GIT_CERT_SSH_SHA256)
		pk_hostkey_fingerprint(hk->hash_sha256, fp);
	if (s->ssh_port == 22)
		snprintf(name, sizeof name, "%s", host ? host : "?");
	else
		snprintf(name, sizeof name, "[%s]:%d", host ? host : "?", s->ssh_port);
	s->host_refused = 1;
	snprintf(s->ssh_host, sizeof s->ssh_host, "%s", host ? host : "HOST");
	if (!(hk->type & GIT_CERT_SSH_RAW) || !host) {
		git_error_set_str(GIT_ERROR_SSH, "cannot check the server's host key (libgit2 gave no raw key)");
		return GIT_ECERTIFICATE;
	}
	const char *home = getenv("HOME");
	struct sbuf user = SBUF_INIT;
	sbuf_addf(&user, "%s/.ssh/known_hosts", home ? home : "");
	const char *files[] = {user.s, "/etc/ssh/ssh_known_hosts", NULL};
	enum pk_known k;
	int r = pk_known_host(files, host, s->ssh_port, (enum pk_hostkey_type)hk->raw_type, hk->hostkey,
			      hk->hostkey_len, &k, why, sizeof why);
	sbuf_free(&user);
	if (r < 0) {
		git_error_set_str(GIT_ERROR_SSH, why);
		return GIT_ECERTIFICATE;
	}
	if (k == PK_KNOWN_MATCH) {
		s->host_refused = 0;
		return 0;
	}
	struct sbuf m = SBUF_INIT;
	if (k == PK_KNOWN_MISMATCH)
		sbuf_addf(&m, "the host key of %s (%s) is not the one ~/.ssh/known_hosts has for it: the "
			  "server's key has changed, or someone is in between; nothing was sent", name, fp);
	else
		sbuf_addf(&m, "the host key of %s (%s) is not in ~/.ssh/known_hosts: nothing was sent", name, fp);
	git_error_set_str(GIT_ERROR_SSH, m.s);
	sbuf_free(&m);
	return GIT_ECERTIFICATE;
}

static void callbacks(struct sctx *s, git_remote_callbacks *cb)
{
	cb->credentials = cb_cred;
	cb->sideband_progress = cb_sideband;
	cb->transfer_progress = cb_progress;
	cb->push_update_reference = cb_push_ref;
	cb->certificate_check = cb_cert;
	cb->payload = s;
}

static void end_progress(struct sctx *s)
{
	if (s->progress)
		fputc('\n', s->err);
	s->progress = 0;
}

enum push_result { PUSH_OK, PUSH_RACE, PUSH_REJECTED, PUSH_NETWORK, PUSH_CONFLICT };

/* src to the server's refs/heads/BRANCH, or with land to PK_LAND_REFS
 * BRANCH, where the server's panel guard --land lands it itself. */
static enum push_result push(struct sctx *s, git_remote *rem, const char *src, const char *branch,
			     int land)
{
	git_push_options po;
	git_push_options_init(&po, GIT_PUSH_OPTIONS_VERSION);
	callbacks(s, &po.callbacks);
	struct sbuf spec = SBUF_INIT;
	sbuf_addf(&spec, "%s:%s%s", src, land ? PK_LAND_REFS : "refs/heads/", branch);
	char *specs[] = {spec.s};
	git_strarray arr = {specs, 1};
	free(s->push_status);
	s->push_status = NULL;
	s->push_seen = 0;
	sbuf_reset(&s->remote_msg);
	s->cred_tries = 0;
	mark_ref(s, src);
	int e = git_remote_push(rem, &arr, &po);
	end_progress(s);
	sbuf_free(&spec);
	if (e == GIT_ENONFASTFORWARD)
		return PUSH_RACE;
	if (e < 0) {
		fprintf(s->err, "panel sync: cannot push: %s\n", git_msg());
		return PUSH_NETWORK;
	}
	if (!s->push_status)
		return PUSH_OK;
	/* The landing's own reasons (panel guard --land): a true conflict is
	 * for this clone's merge to show; busy is a race; anything else is
	 * the server's refusal, with its messages. */
	if (land)
		return !strncmp(s->push_status, "conflict", 8) ? PUSH_CONFLICT
		       : !strncmp(s->push_status, "busy", 4) ? PUSH_RACE : PUSH_REJECTED;
	/* git push returns 0 even when the server refused: only the status
	 * says.  A hook's refusal is final; anything else means the branch
	 * moved since the fetch. */
	if (strstr(s->push_status, "hook") || strstr(s->push_status, "declined"))
		return PUSH_REJECTED;
	return PUSH_RACE;
}

/* ---- panel sync ---- */

/* url as git rewrites it: the longest url.BASE.insteadOf prefix of url
 * replaced by its BASE (git-config(1)).  Done here because libgit2 1.5's
 * own rewriting, in its remote lookup, leaks the regex match data of its
 * config scan (pcre2) on every call; a plain iterator over the config
 * does not.  NULL when no prefix matches. */
static char *instead_of(git_config *cfg, const char *url)
{
	git_config_iterator *it = NULL;
	git_config_entry *e;
	size_t best = 0;
	char *out = NULL;
	if (git_config_iterator_new(&it, cfg) < 0)
		return NULL;
	while (git_config_next(&e, it) == 0) {
		/* names come lower-cased but for the subsection: url.BASE.insteadof */
		size_t n = strlen(e->name), k = sizeof ".insteadof" - 1;
		if (n <= 4 + k || strncmp(e->name, "url.", 4) || strcmp(e->name + n - k, ".insteadof"))
			continue;
		size_t plen = e->value ? strlen(e->value) : 0;
		if (!plen || plen <= best || strncmp(url, e->value, plen))
			continue;
		struct sbuf u = SBUF_INIT;
		sbuf_add(&u, e->name + 4, n - 4 - k);
		sbuf_adds(&u, url + plen);
		free(out);
		out = sbuf_detach(&u);
		best = plen;
	}
	git_config_iterator_free(it);
	return out;
}

/* The remote's URL from the clone's config (url.*.insteadOf applied), as an
 * anonymous remote.  remote.NAME.pushurl and url.*.pushInsteadOf are not
 * used: fetch and push go to the same repository, as sync needs. */
static int open_remote(struct sctx *s, const char *name, git_remote **out)
{
	git_config *cfg = NULL;
	git_buf url = GIT_BUF_INIT;
	struct sbuf key = SBUF_INIT;
	sbuf_addf(&key, "remote.%s.url", name);
	int r = -1;
	if (git_repository_config_snapshot(&cfg, s->repo) < 0 ||
	    git_config_get_string_buf(&url, cfg, key.s) < 0 || !url.size) {
		fprintf(s->err, "panel sync: no remote '%s' in this clone\nhint: git remote add %s URL\n",
			name, name);
	} else {
		git_remote_create_options ro;
		git_remote_create_options_init(&ro, GIT_REMOTE_CREATE_OPTIONS_VERSION);
		ro.repository = s->repo;
		ro.flags = GIT_REMOTE_CREATE_SKIP_INSTEADOF | GIT_REMOTE_CREATE_SKIP_DEFAULT_FETCHSPEC;
		char *real = instead_of(cfg, url.ptr);
		s->ssh_port = ssh_port_of(real ? real : url.ptr);
		int e = git_remote_create_with_opts(out, real ? real : url.ptr, &ro);
		free(real);
		if (e < 0)
			fprintf(s->err, "panel sync: remote '%s': %s\n", name, git_msg());
		else
			r = 0;
	}
	git_buf_dispose(&url);
	git_config_free(cfg);
	sbuf_free(&key);
	return r;
}

static int refuse_dirty(struct sctx *s)
{
	git_status_options so;
	git_status_options_init(&so, GIT_STATUS_OPTIONS_VERSION);
	so.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED | GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS |
		   GIT_STATUS_OPT_EXCLUDE_SUBMODULES;
	git_status_list *sl = NULL;
	if (git_status_list_new(&sl, s->repo, &so) < 0) {
		fprintf(s->err, "panel sync: cannot read the status of the work tree: %s\n", git_msg());
		return -1;
	}
	size_t n = git_status_list_entrycount(sl), bad = 0;
	for (size_t i = 0; i < n; i++) {
		const git_status_entry *e = git_status_byindex(sl, i);
		const git_diff_delta *dl = e->index_to_workdir ? e->index_to_workdir : e->head_to_index;
		const char *p = dl ? dl->new_file.path : "";
		int untracked = e->status == GIT_STATUS_WT_NEW;
		if (untracked && !records_rel(s, p))
			continue; /* a stray file the merge does not touch */
		if (e->status == GIT_STATUS_IGNORED)
			continue;
		if (bad++ < 5)
			fprintf(s->err, "panel sync: %s: %s\n", p, untracked ? "new record not committed"
									   : "uncommitted change");
	}
	git_status_list_free(sl);
	if (bad) {
		fprintf(s->err, "panel sync: %zu uncommitted change%s: nothing was synced\n"
				"hint: commit them with 'panel commit -m \"...\"' (or set them aside with "
				"'git stash'), then run panel sync again\n",
			bad, bad == 1 ? "" : "s");
		return -1;
	}
	return 0;
}

/* 1 when path differs between the merged tree and the server's tip (the
 * merge commit's first parent): only those records get a trailer, as panel
 * commit names only the records a commit changes (panel audit: forged). */
static int differs_from_server(struct sctx *s, const git_oid *tree_id, git_commit *server,
			       const char *path)
{
	git_tree *mt = NULL, *st = NULL;
	git_tree_entry *me = NULL, *se = NULL;
	int r = 1;
	if (git_tree_lookup(&mt, s->repo, tree_id) == 0 && git_commit_tree(&st, server) == 0) {
		int hm = git_tree_entry_bypath(&me, mt, path) == 0;
		int hs = git_tree_entry_bypath(&se, st, path) == 0;
		r = hm != hs || (hm && !git_oid_equal(git_tree_entry_id(me), git_tree_entry_id(se)));
	}
	git_tree_entry_free(me);
	git_tree_entry_free(se);
	git_tree_free(mt);
	git_tree_free(st);
	return r;
}

static char *sync_message(struct sctx *s, const char *remote, const char *branch,
			  git_commit *local, git_commit *server, const git_oid *tree_id)
{
	struct sbuf m = SBUF_INIT;
	char a[12], b[12];
	shortid(git_commit_id(local), a);
	shortid(git_commit_id(server), b);
	if (remote)
		sbuf_addf(&m, "Sync with %s/%s\n\nMerges the local commits (up to %s) into %s/%s (%s).\n",
			  remote, branch, a, remote, branch, b);
	else
		sbuf_addf(&m, "Land on %s\n\nMerges the pushed commits (up to %s) into %s (%s), "
			  "on the server.\n", branch, a, branch, b);
	if (s->nmerged) {
		sbuf_adds(&m, "Merged field by field: ");
		for (size_t i = 0; i < s->nmerged; i++)
			sbuf_addf(&m, "%s%s", i ? ", " : "", s->merged[i]);
		sbuf_adds(&m, ".\n");
	}
	sbuf_adds(&m, "\n");
	static const char *const keys[] = {"Person", "Case", "Panel"};
	for (size_t i = 0; i < s->nmerged; i++) {
		const char *rel = records_rel(s, s->merged[i]);
		if (!rel || !differs_from_server(s, tree_id, server, s->merged[i]))
			continue;
		const char *name = strchr(rel, '/') + 1;
		sbuf_addf(&m, "%s: %.*s\n", keys[pk_path_kind(rel)], (int)(strlen(name) - 5), name);
	}
	if (remote)
		sbuf_addf(&m, "Panel-Sync: %s/%s\n", remote, branch);
	else
		sbuf_addf(&m, "Panel-Land: %s\n", branch);
	for (size_t i = 0; i < s->nch; i++) {
		if (s->ch[i].edited)
			sbuf_addf(&m, "Panel-Resolved: %s %s edited\n", s->ch[i].record,
				  *s->ch[i].field ? s->ch[i].field : "(record)");
		else
			sbuf_addf(&m, "Panel-Resolved: %s %s %s\n", s->ch[i].record,
				  *s->ch[i].field ? s->ch[i].field : "(record)", side_name(s->ch[i].take));
	}
	return sbuf_detach(&m);
}

static int make_merge_commit(struct sctx *s, const git_oid *tree_id, git_commit *local,
			     git_commit *server, const char *remote, const char *branch, git_oid *out)
{
	git_signature *a = NULL, *c = NULL;
	git_tree *tree = NULL;
	struct pk_diags d = PK_DIAGS_INIT;
	int r = -1;
	if (pk_git_signatures(s->repo, NULL, &a, &c, s->o->dir, &d) < 0) {
		pk_diags_print(s->err, &d);
		goto out;
	}
	char *msg = sync_message(s, remote, branch, local, server, tree_id);
	const git_commit *parents[] = {server, local}; /* the server's tip first */
	if (git_tree_lookup(&tree, s->repo, tree_id) == 0 &&
	    git_commit_create(out, s->repo, NULL, a, c, NULL, msg, tree, 2, parents) == 0)
		r = 0;
	else
		fprintf(s->err, "panel sync: cannot commit the merge: %s\n", git_msg());
	free(msg);
out:
	pk_diags_free(&d);
	git_tree_free(tree);
	git_signature_free(a);
	git_signature_free(c);
	return r;
}

static int register_driver(struct sctx *s)
{
	static int registered;
	if (!registered) {
		int e = git_merge_driver_register("panel", &panel_driver.d);
		if (e < 0 && e != GIT_EEXISTS) {
			fprintf(s->err, "panel sync: cannot register the record merge: %s\n", git_msg());
			return -1;
		}
		registered = 1;
	}
	return 0;
}

static int open_ctx(struct sctx *s, const struct pk_sync_opts *o)
{
	memset(s, 0, sizeof *s);
	s->o = o;
	s->lockfd = -1;
	s->out = o->out ? o->out : stdout;
	s->err = o->err ? o->err : stderr;
	clock_gettime(CLOCK_MONOTONIC, &s->t0);
	struct pk_diags d = PK_DIAGS_INIT;
	int r = pk_git_open(&s->g, o->dir, 1, &d);
	if (r != 0) {
		pk_diags_print(s->err, &d);
		pk_diags_free(&d);
		return -1;
	}
	s->repo = s->g.repo;
	if (git_repository_is_bare(s->repo)) {
		fprintf(s->err, "panel sync: %s is a bare repository: sync a clone with a work tree\n", o->dir);
		return -1;
	}
	struct sbuf sd = SBUF_INIT;
	if (o->schema_dir) {
		sbuf_adds(&sd, o->schema_dir);
	} else {
		char *data = pk_data_dir();
		sbuf_addf(&sd, "%s/schema", data);
		free(data);
	}
	s->S = pk_schema_load(sd.s, &d);
	sbuf_free(&sd);
	if (!s->S) {
		pk_diags_print(s->err, &d);
		pk_diags_free(&d);
		return -1;
	}
	pk_diags_free(&d);
	struct sbuf st = SBUF_INIT;
	sbuf_addf(&st, "%spanel-sync", git_repository_path(s->repo));
	s->statedir = sbuf_detach(&st);
	if (register_driver(s) < 0)
		return -1;
	/* https: git's own http.sslCAInfo, if set (a private CA). */
	git_config *cfg = NULL;
	git_buf ca = GIT_BUF_INIT;
	if (git_repository_config_snapshot(&cfg, s->repo) == 0 &&
	    git_config_get_path(&ca, cfg, "http.sslCAInfo") == 0 && ca.size)
		git_libgit2_opts(GIT_OPT_SET_SSL_CERT_LOCATIONS, ca.ptr, NULL);
	git_buf_dispose(&ca);
	git_config_free(cfg);
	return 0;
}

static void close_ctx(struct sctx *s)
{
	unlock_repo(s);
	free_confs(s);
	free(s->cv);
	free(s->merged);
	for (size_t i = 0; i < s->nch; i++) {
		free(s->ch[i].record);
		free(s->ch[i].field);
	}
	free(s->ch);
	free(s->push_status);
	sbuf_free(&s->remote_msg);
	free(s->statedir);
	pk_schema_free(s->S);
	if (s->repo)
		pk_git_close(&s->g);
}

/* HEAD's branch ("refs/heads/main"), checked against --branch. */
static char *head_branch(struct sctx *s, const char *want)
{
	git_reference *h = NULL;
	char *r = NULL;
	if (git_reference_lookup(&h, s->repo, "HEAD") == 0 && git_reference_type(h) == GIT_REFERENCE_SYMBOLIC) {
		const char *t = git_reference_symbolic_target(h);
		if (!strncmp(t, "refs/heads/", 11) && (!want || !strcmp(t + 11, want)))
			r = xstrdup(t);
		else if (want)
			fprintf(s->err, "panel sync: the work tree is on %s, not %s\n"
					"hint: git switch %s, or panel sync --branch %s\n",
				t + 11 * !strncmp(t, "refs/heads/", 11), want, want, t + 11 * !strncmp(t, "refs/heads/", 11));
	} else {
		fprintf(s->err, "panel sync: HEAD is not on a branch\nhint: git switch main\n");
	}
	git_reference_free(h);
	return r;
}

/* 0 ready, 1 a conflict is pending (for a sync), -1 not ready (said). */
static int preflight(struct sctx *s, int for_resolve)
{
	int st = git_repository_state(s->repo);
	if (st != GIT_REPOSITORY_STATE_NONE) {
		fprintf(s->err, "panel sync: an unfinished git merge, rebase or cherry-pick is in progress\n"
				"hint: finish it (git commit) or abandon it (git merge --abort), then run "
				"panel sync again\n");
		return -1;
	}
	char *pending = read_state(s, "merge");
	free(pending);
	if (pending && !for_resolve) {
		fprintf(s->err, "panel sync: the last sync stopped on a conflict that is not resolved yet\n"
				"hint: 'panel resolve RECORD FIELD --take ours|theirs|base' for each "
				"conflict (see 'panel resolve --list'), or 'panel sync --abort'\n");
		return 1;
	}
	if (!pending && for_resolve) {
		fprintf(s->err, "panel resolve: no sync conflict is waiting to be resolved\n");
		return -1;
	}
	return 0;
}

/* Fetches BRANCH into s->tracking.  0, or -1 (said). */
static int fetch(struct sctx *s, git_remote *rem, const char *remote, const char *refname,
		 const char *branch)
{
	git_fetch_options fo;
	git_fetch_options_init(&fo, GIT_FETCH_OPTIONS_VERSION);
	callbacks(s, &fo.callbacks);
	fo.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE;
	struct sbuf fs = SBUF_INIT;
	sbuf_addf(&fs, "+refs/heads/%s:%s", branch, s->tracking);
	char *fspecs[] = {fs.s};
	git_strarray farr = {fspecs, 1};
	s->cred_tries = 0;
	mark_ref(s, refname);
	int e = git_remote_fetch(rem, &farr, &fo, "panel sync: fetch");
	end_progress(s);
	sbuf_free(&fs);
	sbuf_reset(&s->remote_msg); /* the fetch's progress is not the server's word */
	if (e < 0) {
		fprintf(s->err, "panel sync: cannot fetch from %s: %s\n", remote, git_msg());
		if (s->host_refused) {
			char port[16] = "";
			if (s->ssh_port != 22)
				snprintf(port, sizeof port, " -p %d", s->ssh_port);
			fprintf(s->err, "hint: check the fingerprint with the server's administrator; if it is "
					"right, add the key: ssh-keyscan%s %s >>~/.ssh/known_hosts (or connect "
					"once with ssh%s)\n", port, s->ssh_host, port);
		} else if (s->cred_failed)
			fprintf(s->err, "hint: check the credentials (ssh key or agent; "
					"PANEL_SYNC_USERNAME/PANEL_SYNC_PASSWORD or git's credential helper for https)\n");
		return -1;
	}
	return 0;
}

/* 1 when the server advertised PK_LAND_MARK in the last fetch: it lands
 * pushes to PK_LAND_REFS itself (panel init --bare). */
static int server_lands(git_remote *rem)
{
	const git_remote_head **heads;
	size_t n;
	if (git_remote_ls(&heads, &n, rem) < 0)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!strcmp(heads[i]->name, PK_LAND_MARK))
			return 1;
	return 0;
}

int pk_sync(const struct pk_sync_opts *o, enum pk_sync_outcome *outcome)
{
	struct sctx s;
	if (open_ctx(&s, o) < 0) {
		close_ctx(&s);
		return -1;
	}
	const char *remote = o->remote ? o->remote : "origin";
	int rc = -1, attempts = 0;
	*outcome = PK_SYNC_IN_SYNC;
	char *refname = NULL, *tracking = NULL, oidstr[GIT_OID_HEXSZ + 1] = "";
	git_remote *rem = NULL;
	const char *status = "error";
	if (lock_repo(&s) < 0)
		goto out;
	if (o->abort) {
		clear_pending(&s);
		fprintf(s.out, "panel sync: the pending conflict was abandoned; the clone is as before the sync\n");
		rc = 0;
		goto out;
	}
	if (finish_checkout(&s) < 0)
		goto out;
	if ((rc = preflight(&s, 0)) != 0) {
		if (rc > 0) {
			*outcome = PK_SYNC_CONFLICTED;
			rc = 0;
		}
		goto out;
	}
	rc = -1;
	if (!(refname = head_branch(&s, o->branch)) || refuse_dirty(&s) < 0)
		goto out;
	const char *branch = refname + 11;
	if (open_remote(&s, remote, &rem) < 0)
		goto out;
	struct sbuf tr = SBUF_INIT;
	sbuf_addf(&tr, "refs/remotes/%s/%s", remote, branch);
	tracking = sbuf_detach(&tr);
	s.tracking = tracking;
	int max_tries = o->max_tries > 0 ? o->max_tries : 12;
	long max_ms = o->max_ms > 0 ? o->max_ms : 60000;
	unsigned seed = (unsigned)getpid() ^ (unsigned)time(NULL);
	long attempt_start = 0;
	int land_off = 0; /* the server found a conflict: merge here */
	for (attempts = 1;; attempts++) {
		attempt_start = ms_since(&s.t0);
		if (fetch(&s, rem, remote, refname, branch) < 0) {
			*outcome = PK_SYNC_UNREACHABLE;
			rc = 0;
			status = "network";
			goto out;
		}
		int land = !o->no_land && !land_off && server_lands(rem), e = 0;
		git_oid sid, lid;
		git_commit *local = NULL, *server = NULL;
		int has_server = git_reference_name_to_id(&sid, s.repo, tracking) == 0;
		if (git_reference_name_to_id(&lid, s.repo, refname) < 0 ||
		    git_commit_lookup(&local, s.repo, &lid) < 0 ||
		    (has_server && git_commit_lookup(&server, s.repo, &sid) < 0)) {
			fprintf(s.err, "panel sync: cannot read %s: %s\n", refname, git_msg());
			git_commit_free(local);
			goto out;
		}
		enum push_result pr;
		int merged = 0;
		git_oid mid;
		if (has_server && git_oid_equal(&sid, &lid)) {
			git_oid_tostr(oidstr, sizeof oidstr, &lid);
			if (!o->json)
				fprintf(s.out, "panel sync: in sync with %s/%s\n", remote, branch);
			status = "in-sync";
			rc = 0;
			git_commit_free(local);
			git_commit_free(server);
			goto out;
		}
		if (has_server && git_graph_descendant_of(s.repo, &sid, &lid) == 1) {
			/* Only the server moved: fast-forward. */
			e = move_branch(&s, refname, local, &sid, "panel sync: fast-forward");
			git_oid_tostr(oidstr, sizeof oidstr, &sid);
			git_commit_free(local);
			git_commit_free(server);
			if (e < 0)
				goto out;
			if (!o->json)
				fprintf(s.out, "panel sync: fast-forwarded to %s/%s (%.7s)\n", remote, branch, oidstr);
			status = "fast-forward";
			rc = 0;
			goto out;
		}
		if (land) {
			/* The server lands it, merging with what it has: no race. */
			pr = push(&s, rem, refname, branch, 1);
			if (pr == PUSH_OK) {
				git_oid tid;
				git_commit *tc = NULL;
				if (fetch(&s, rem, remote, refname, branch) < 0 ||
				    git_reference_name_to_id(&tid, s.repo, tracking) < 0) {
					fprintf(s.err, "panel sync: the server landed your commits; fetch again "
						       "with panel sync to bring its merge here\n");
					git_commit_free(local);
					git_commit_free(server);
					*outcome = PK_SYNC_UNREACHABLE;
					rc = 0;
					status = "network";
					goto out;
				}
				merged = !git_oid_equal(&tid, &lid);
				int moved = 0;
				if (merged && (git_commit_lookup(&tc, s.repo, &tid) < 0 ||
					       git_graph_descendant_of(s.repo, &tid, &lid) != 1))
					fprintf(s.err, "panel sync: %s/%s does not contain the landed commits\n",
						remote, branch);
				else
					moved = !merged || move_branch(&s, refname, local, &tid, "panel sync: landed") == 0;
				git_commit_free(tc);
				git_oid_tostr(oidstr, sizeof oidstr, &tid);
				git_commit_free(local);
				git_commit_free(server);
				if (!moved)
					goto out;
				if (!o->json)
					fprintf(s.out, "panel sync: pushed to %s/%s (%.7s)%s, %d attempt%s\n", remote,
						branch, oidstr, merged ? ", merged with the server's commits by the server" : "",
						attempts, attempts == 1 ? "" : "s");
				status = merged ? "merged" : "pushed";
				rc = 0;
				goto out;
			}
			git_oid_cpy(&mid, &lid);
			if (pr == PUSH_CONFLICT) {
				/* the clone's merge shows the conflict, with who changed what */
				land_off = 1;
				git_commit_free(local);
				git_commit_free(server);
				continue;
			}
		} else if (!has_server || git_graph_descendant_of(s.repo, &lid, &sid) == 1) {
			pr = push(&s, rem, refname, branch, 0);
			git_oid_cpy(&mid, &lid);
		} else {
			git_oid tree;
			int m = merge_in_memory(&s, local, server, &tree);
			if (m != 0) {
				if (m > 0) {
					save_pending(&s, local, server, remote, branch);
					if (!o->json) {
						fprintf(s.out, "panel sync: the local commits and %s/%s do not merge: "
							       "nothing was committed or pushed\n", remote, branch);
						report_text(&s, s.out);
						fprintf(s.out, "hint: panel resolve RECORD FIELD --take ours|theirs|base "
							       "(or --file FILE) for each, or panel sync --abort\n");
					}
					status = "conflict";
					*outcome = PK_SYNC_CONFLICTED;
					rc = 0;
				}
				git_commit_free(local);
				git_commit_free(server);
				goto out;
			}
			if (make_merge_commit(&s, &tree, local, server, remote, branch, &mid) < 0) {
				git_commit_free(local);
				git_commit_free(server);
				goto out;
			}
			git_reference *tmp = NULL;
			if (git_reference_create(&tmp, s.repo, "refs/panel-sync/merge", &mid, 1, "panel sync") < 0) {
				fprintf(s.err, "panel sync: %s\n", git_msg());
				git_commit_free(local);
				git_commit_free(server);
				goto out;
			}
			git_reference_free(tmp);
			merged = 1;
			pr = push(&s, rem, "refs/panel-sync/merge", branch, 0);
		}
		if (pr == PUSH_OK) {
			git_reference *t = NULL;
			git_reference_create(&t, s.repo, tracking, &mid, 1, "panel sync: pushed");
			git_reference_free(t);
			if (merged)
				e = move_branch(&s, refname, local, &mid, "panel sync: merge");
			git_reference *tmp = NULL;
			if (git_reference_lookup(&tmp, s.repo, "refs/panel-sync/merge") == 0)
				git_reference_delete(tmp);
			git_reference_free(tmp);
			git_oid_tostr(oidstr, sizeof oidstr, &mid);
			git_commit_free(local);
			git_commit_free(server);
			if (merged && e < 0)
				goto out;
			if (!o->json)
				fprintf(s.out, "panel sync: pushed to %s/%s (%.7s)%s, %d attempt%s\n", remote,
					branch, oidstr, merged ? ", merged with the server's commits" : "",
					attempts, attempts == 1 ? "" : "s");
			status = merged ? "merged" : "pushed";
			rc = 0;
			goto out;
		}
		git_reference *tmp = NULL;
		if (git_reference_lookup(&tmp, s.repo, "refs/panel-sync/merge") == 0)
			git_reference_delete(tmp); /* discarded: merge again with the new tip */
		git_reference_free(tmp);
		git_commit_free(local);
		git_commit_free(server);
		if (pr == PUSH_REJECTED) {
			fprintf(s.err, "panel sync: %s/%s refused the push (%s)\n", remote, branch,
				s.push_status ? s.push_status : "rejected");
			for (const char *p = sbuf_str(&s.remote_msg); *p;) {
				size_t n = strcspn(p, "\r\n");
				if (n) {
					char *line = pk_printable(p, n, 1000);
					fprintf(s.err, "remote: %s\n", line);
					free(line);
				}
				p += n;
				while (*p == '\r' || *p == '\n')
					p++;
			}
			fprintf(s.err, "panel sync: your commits are kept on %s; nothing was pushed\n", branch);
			status = "rejected";
			*outcome = PK_SYNC_REFUSED;
			rc = 0;
			goto out;
		}
		if (pr == PUSH_NETWORK) {
			status = "network";
			*outcome = PK_SYNC_UNREACHABLE;
			rc = 0;
			goto out;
		}
		/* Lost the race: back off (jittered, doubling) and start again. */
		long left = max_ms - ms_since(&s.t0);
		if (attempts >= max_tries || left <= 0) {
			fprintf(s.err, "panel sync: %s/%s kept moving: gave up after %d attempts "
				       "(%.1f s); your commits are kept, run panel sync again\n",
				remote, branch, attempts, ms_since(&s.t0) / 1000.0);
			status = "gave-up";
			*outcome = PK_SYNC_REFUSED;
			rc = 0;
			goto out;
		}
		/* Full jitter over a window that doubles with each loss, scaled by
		 * how long an attempt takes here (the others' push window): a
		 * fixed small delay makes the losers collide again.  Twice the
		 * attempt's time at the first loss, at most 15 s: a race is lost
		 * to a push in flight as often as to one landed (16 offices), so
		 * as many others may be retrying. */
		long took = ms_since(&s.t0) - attempt_start;
		long window = (took > 50 ? took : 50) << (attempts < 7 ? attempts : 7);
		if (window > 15000)
			window = 15000;
		long wait = (long)(rand_r(&seed) % (unsigned)(window + 1));
		if (wait > left)
			wait = left;
		sleep_ms(wait);
	}
out:
	if (o->json)
		report_json(&s, s.out, status, remote, refname ? refname + 11 : o->branch, attempts,
			    *oidstr ? oidstr : NULL);
	git_remote_free(rem);
	free(refname);
	free(tracking);
	close_ctx(&s);
	return rc;
}

/* ---- panel resolve ---- */

int pk_resolve(const struct pk_resolve_opts *ro)
{
	struct pk_sync_opts o = {0};
	o.dir = ro->dir;
	o.schema_dir = ro->schema_dir;
	o.out = ro->out;
	o.err = ro->err;
	o.json = ro->json;
	struct sctx s;
	int rc = -1;
	char *state = NULL, *conflicts = NULL, *refname = NULL;
	git_commit *local = NULL, *server = NULL;
	if (open_ctx(&s, &o) < 0)
		goto out;
	if (lock_repo(&s) < 0 || preflight(&s, 1) != 0)
		goto out;
	state = read_state(&s, "merge");
	conflicts = read_state(&s, "conflicts");
	if (ro->list) {
		fputs(conflicts ? conflicts : "", s.out);
		rc = 0;
		for (const char *p = conflicts ? conflicts : ""; *p; p++)
			rc += *p == '\n';
		goto out;
	}
	/* The choice must name an open conflict (or a whole record). */
	struct sbuf key = SBUF_INIT;
	sbuf_addf(&key, "%s\t%s\n", ro->record, ro->field ? ro->field : "");
	int known = conflicts && (strstr(conflicts, key.s) == conflicts ||
				  (strstr(conflicts, key.s) && strstr(conflicts, key.s)[-1] == '\n'));
	sbuf_free(&key);
	if (!known && ro->field) {
		fprintf(s.err, "panel resolve: %s %s is not one of the open conflicts:\n%s", ro->record,
			ro->field, conflicts ? conflicts : "");
		goto out;
	}
	struct sbuf ch = SBUF_INIT;
	char *old = read_state(&s, "choices");
	if (old)
		sbuf_adds(&ch, old);
	free(old);
	if (ro->file) {
		char *buf = NULL, err[256];
		size_t len;
		git_oid bid;
		if (pk_read_file(ro->file, 4u << 20, 0, &buf, &len, err, sizeof err) < 0) {
			fprintf(s.err, "panel resolve: %s: %s\n", ro->file, err);
			sbuf_free(&ch);
			goto out;
		}
		int e = git_blob_create_from_buffer(&bid, s.repo, buf, len);
		free(buf);
		if (e < 0) {
			fprintf(s.err, "panel resolve: %s\n", git_msg());
			sbuf_free(&ch);
			goto out;
		}
		char hex[GIT_OID_HEXSZ + 1];
		git_oid_tostr(hex, sizeof hex, &bid);
		sbuf_addf(&ch, "%s\t\tedited %s\n", ro->record, hex);
	} else {
		sbuf_addf(&ch, "%s\t%s\t%s\n", ro->record, ro->field ? ro->field : "", side_name(ro->take));
	}
	if (write_state(&s, "choices", ch.s) < 0) {
		sbuf_free(&ch);
		goto out;
	}
	sbuf_free(&ch);
	load_choices(&s);

	char *l = state_field(state, "local"), *sv = state_field(state, "server"),
	     *remote = state_field(state, "remote"), *branch = state_field(state, "branch");
	git_oid lid, sid, hid;
	if (!l || !sv || !remote || !branch || git_oid_fromstr(&lid, l) < 0 || git_oid_fromstr(&sid, sv) < 0 ||
	    git_commit_lookup(&local, s.repo, &lid) < 0 || git_commit_lookup(&server, s.repo, &sid) < 0) {
		fprintf(s.err, "panel resolve: the pending sync state in %s is damaged; run panel sync --abort\n",
			s.statedir);
		goto free_fields;
	}
	struct sbuf rn = SBUF_INIT;
	sbuf_addf(&rn, "refs/heads/%s", branch);
	refname = sbuf_detach(&rn);
	if (git_reference_name_to_id(&hid, s.repo, refname) < 0 || !git_oid_equal(&hid, &lid)) {
		fprintf(s.err, "panel resolve: %s moved since the sync stopped; run panel sync --abort, "
			       "then panel sync\n", branch);
		goto free_fields;
	}
	git_oid tree, mid;
	int m = merge_in_memory(&s, local, server, &tree);
	if (m > 0) {
		save_pending(&s, local, server, remote, branch);
		fprintf(s.out, "panel resolve: recorded; still open:\n");
		report_text(&s, s.out);
		rc = s.cn ? (int)s.cn : 1; /* a merge that does not validate is one */
	} else if (m == 0 && make_merge_commit(&s, &tree, local, server, remote, branch, &mid) == 0 &&
		   move_branch(&s, refname, local, &mid, "panel resolve: merge") == 0) {
		clear_pending(&s);
		char hex[12];
		shortid(&mid, hex);
		fprintf(s.out, "panel resolve: merged (%s); run panel sync to push it\n", hex);
		rc = 0;
	}
free_fields:
	free(l);
	free(sv);
	free(remote);
	free(branch);
out:
	git_commit_free(local);
	git_commit_free(server);
	free(state);
	free(conflicts);
	free(refname);
	close_ctx(&s);
	return rc;
}

/* ---- pk_land: the server lands a push itself (panel guard --land) ---- */

/* The server's lock for landing: one landing at a time per repository
 * (others wait for it, up to a minute); a push straight to the branch is
 * caught by the compare-and-swap of the ref instead. */
static int land_lock(git_repository *repo, struct pk_diags *d)
{
	struct sbuf p = SBUF_INIT;
	sbuf_addf(&p, "%spanel-land.lock", git_repository_path(repo));
	int fd = open(p.s, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
	long waited = 0;
	if (fd < 0)
		pk_diag_add(d, PK_ERROR, p.s, 0, 0, NULL, "KIT-IO", NULL, "cannot open: %s", strerror(errno));
	while (fd >= 0 && flock(fd, LOCK_EX | LOCK_NB) < 0) {
		if ((errno != EWOULDBLOCK && errno != EINTR) || waited >= 60000) {
			pk_diag_add(d, PK_ERROR, p.s, 0, 0, NULL, "KIT-IO", NULL,
				    "another landing held the lock for %.0f s", waited / 1000.0);
			close(fd);
			fd = -1;
			break;
		}
		sleep_ms(10);
		waited += 10;
	}
	sbuf_free(&p);
	return fd;
}

static void land_why(struct pk_land_result *res, enum pk_land_outcome o, const char *fmt, const char *a,
		     const char *b)
{
	res->outcome = o;
	snprintf(res->why, sizeof res->why, fmt, a ? a : "", b ? b : "");
}

/* One try: 0 done (res says how), 1 the branch moved under the
 * compare-and-swap (try again), -1. */
static int land_once(struct pk_git *g, const char *branch, const git_oid *pushed, const char *schema_dir,
		     struct pk_schema *S, struct pk_land_result *res, struct pk_diags *d)
{
	struct sbuf ref = SBUF_INIT;
	sbuf_addf(&ref, "refs/heads/%s", branch);
	git_oid tip;
	git_commit *pc = NULL, *tc = NULL;
	int has_tip = git_reference_name_to_id(&tip, g->repo, ref.s) == 0;
	int ret = -1;
	char ps[12];
	pk_git_short(pushed, ps);
	if (git_commit_lookup(&pc, g->repo, pushed) < 0) {
		pk_git_diag(d, ps, "cannot read the pushed commit");
		goto out;
	}
	if (has_tip)
		git_oid_cpy(&res->old, &tip);
	int ff = !has_tip;
	if (has_tip) {
		git_oid mb;
		int e = git_merge_base(&mb, g->repo, pushed, &tip);
		if (e < 0 && e != GIT_ENOTFOUND) {
			pk_git_diag(d, ps, "cannot read the pushed commits");
			goto out;
		}
		if (e == 0 && git_oid_equal(&mb, pushed)) { /* already there */
			res->outcome = PK_LAND_LANDED;
			git_oid_cpy(&res->new, &tip);
			ret = 0;
			goto out;
		}
		ff = e == 0 && git_oid_equal(&mb, &tip);
	}
	/* the pushed commits the branch does not have, as the guard checks a
	 * push to it */
	int r = pk_guard_land(g, ref.s, has_tip ? &tip : NULL, pushed, schema_dir, d);
	if (r != 0) {
		if (r > 0)
			land_why(res, PK_LAND_REFUSED, "declined by panel guard: the acceptance check refused "
				 "the pushed commits%s%s", NULL, NULL);
		ret = r > 0 ? 0 : -1;
		goto out;
	}
	git_oid nw;
	char msg[160];
	if (ff) {
		git_oid_cpy(&nw, pushed);
		snprintf(msg, sizeof msg, "panel guard --land: fast-forward to %s", ps);
	} else {
		struct pk_sync_opts so;
		memset(&so, 0, sizeof so);
		so.dir = ".";
		so.schema_dir = schema_dir;
		struct sctx s;
		memset(&s, 0, sizeof s);
		s.o = &so;
		s.g = *g; /* borrowed: not closed here */
		s.repo = g->repo;
		s.S = S;
		s.lockfd = -1;
		s.out = stdout;
		s.err = stderr;
		s.author = git_commit_author(pc);
		git_oid tree;
		git_signature *sig = NULL;
		git_tree *mt = NULL;
		int m = -1;
		if (git_commit_lookup(&tc, g->repo, &tip) == 0 && register_driver(&s) == 0)
			m = merge_in_memory(&s, pc, tc, &tree);
		if (m > 0) {
			/* the clone's own merge says it all: panel sync falls back to it */
			if (s.cn)
				land_why(res, PK_LAND_CONFLICT, "conflict: %s %s", s.cv[0].record,
					 s.cv[0].r.n && *s.cv[0].r.c[0].path ? s.cv[0].r.c[0].path : "(record)");
			else
				land_why(res, PK_LAND_CONFLICT, "conflict: the merge with %s does not validate%s",
					 branch, NULL);
			ret = 0;
		} else if (m == 0) {
			const git_signature *au = git_commit_author(pc);
			char *text = sync_message(&s, NULL, branch, pc, tc, &tree);
			const git_commit *parents[] = {tc, pc}; /* the branch's tip first, as panel sync */
			if (git_signature_now(&sig, au->name, au->email) == 0 &&
			    git_tree_lookup(&mt, g->repo, &tree) == 0 &&
			    git_commit_create(&nw, g->repo, NULL, sig, sig, NULL, text, mt, 2, parents) == 0) {
				res->merged = 1;
				snprintf(msg, sizeof msg, "panel guard --land: merge %s", ps);
				ret = 1; /* go on to the ref below */
			} else {
				pk_git_diag(d, ps, "cannot commit the merge");
			}
			free(text);
		}
		git_signature_free(sig);
		git_tree_free(mt);
		s.S = NULL;
		free_confs(&s);
		free(s.cv);
		free(s.merged);
		if (ret != 1)
			goto out;
		ret = -1;
	}
	git_reference *out = NULL;
	int e = has_tip ? git_reference_create_matching(&out, g->repo, ref.s, &nw, 1, &tip, msg)
			: git_reference_create(&out, g->repo, ref.s, &nw, 0, msg);
	git_reference_free(out);
	if (e == GIT_EMODIFIED || e == GIT_EEXISTS || e == GIT_ELOCKED) {
		ret = 1;
	} else if (e < 0) {
		pk_git_diag(d, ref.s, "cannot move the branch");
	} else {
		res->outcome = PK_LAND_LANDED;
		git_oid_cpy(&res->new, &nw);
		ret = 0;
	}
out:
	git_commit_free(pc);
	git_commit_free(tc);
	sbuf_free(&ref);
	return ret;
}

int pk_land(struct pk_git *g, const char *branch, const git_oid *pushed, const char *schema_dir,
	    struct pk_land_result *res, struct pk_diags *d)
{
	memset(res, 0, sizeof *res);
	struct sbuf sd = SBUF_INIT;
	if (schema_dir) {
		sbuf_adds(&sd, schema_dir);
	} else {
		char *data = pk_data_dir();
		sbuf_addf(&sd, "%s/schema", data);
		free(data);
	}
	struct pk_schema *S = pk_schema_load(sd.s, d);
	sbuf_free(&sd);
	if (!S)
		return -1;
	int fd = land_lock(g->repo, d), r = -1;
	for (int tries = 0; fd >= 0 && tries < 5; tries++) {
		r = land_once(g, branch, pushed, schema_dir, S, res, d);
		if (r != 1)
			break;
	}
	if (r == 1) {
		land_why(res, PK_LAND_BUSY, "busy: %s kept moving under the landing", branch, NULL);
		r = 0;
	}
	if (fd >= 0)
		close(fd);
	pk_schema_free(S);
	return r;
}
