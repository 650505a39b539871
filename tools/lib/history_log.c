/* history_log.c: the history of one record, field by field (panel log). */
#include "history.h"
#include "history_git.h"
#include "json.h"
#include "mem.h"
#include "text.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* commit -> the record's blob in it, so each commit's tree is searched
 * once (a commit is met as a child's parent, then on its own). */
struct memo_slot {
	git_oid commit;
	git_oid blob;   /* zero: no such file in that commit */
	int used;
};

struct walk {
	struct pk_git *g;
	const char *gpath;
	struct memo_slot *v;
	size_t n, cap;
	/* The tree one level above the file rarely changes between two
	 * commits that do not touch it: remember the last one searched. */
	git_oid last_dir, last_blob;
	int have_last;
	char *dirpath, *name;
};

static size_t oid_hash(const git_oid *id)
{
	size_t h;
	memcpy(&h, id->id, sizeof h);
	return h;
}

static struct memo_slot *memo_at(struct walk *w, const git_oid *commit)
{
	size_t i = oid_hash(commit) & (w->cap - 1);
	while (w->v[i].used && !git_oid_equal(&w->v[i].commit, commit))
		i = (i + 1) & (w->cap - 1);
	return &w->v[i];
}

static void memo_put(struct walk *w, const git_oid *commit, const git_oid *blob)
{
	if ((w->n + 1) * 2 > w->cap) {
		struct memo_slot *old = w->v;
		size_t oldcap = w->cap;
		w->cap = w->cap ? w->cap * 2 : 1024;
		w->v = xcalloc(w->cap, sizeof *w->v);
		w->n = 0;
		for (size_t i = 0; i < oldcap; i++)
			if (old[i].used)
				memo_put(w, &old[i].commit, &old[i].blob);
		free(old);
	}
	struct memo_slot *s = memo_at(w, commit);
	if (!s->used)
		w->n++;
	s->used = 1;
	s->commit = *commit;
	s->blob = *blob;
}

/* The record's blob id in a commit (zero when absent). */
static int blob_in(struct walk *w, const git_oid *commit_id, git_oid *out)
{
	struct memo_slot *s = w->cap ? memo_at(w, commit_id) : NULL;
	if (s && s->used) {
		*out = s->blob;
		return 0;
	}
	git_commit *c;
	if (git_commit_lookup(&c, w->g->repo, commit_id) < 0)
		return -1;
	git_oid dir = *git_commit_tree_id(c);
	git_commit_free(c);
	unsigned mode = 040000;
	memset(out, 0, sizeof *out);
	int e = *w->dirpath ? pk_git_path_find(w->g->odb, &dir, w->dirpath, &dir, &mode) : 0;
	if (e == 0 && mode == 040000) {
		if (w->have_last && git_oid_equal(&dir, &w->last_dir)) {
			*out = w->last_blob;
		} else {
			e = pk_git_tree_find(w->g->odb, &dir, w->name, strlen(w->name), out, &mode);
			if (e == GIT_ENOTFOUND || (e == 0 && mode == 040000))
				memset(out, 0, sizeof *out);
			else if (e < 0)
				return -1;
			w->last_dir = dir;
			w->last_blob = *out;
			w->have_last = 1;
		}
	} else if (e < 0 && e != GIT_ENOTFOUND) {
		return -1;
	}
	memo_put(w, commit_id, out);
	return 0;
}

static struct pk_doc *parse_blob(struct pk_git *g, const git_oid *id, const char *path,
				 char **note)
{
	char err[256], *buf;
	size_t len;
	struct pk_diags scratch = PK_DIAGS_INIT;
	struct pk_doc *doc = NULL;
	if (git_oid_is_zero(id))
		return NULL;
	if (pk_git_read_blob(g->odb, id, 4u << 20, &buf, &len, err, sizeof err) == 0) {
		doc = pk_doc_parse(path, buf, len, NULL, &scratch);
		free(buf);
	}
	if (!doc && !*note)
		*note = xstrdup("not valid YAML in this or the previous version: no field changes shown");
	pk_diags_free(&scratch);
	return doc;
}

static void add_entry(struct pk_log *l, struct pk_git *g, const git_commit *c,
		      const git_oid *old, const git_oid *new_)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->v = xrealloc(l->v, l->cap * sizeof *l->v);
	}
	struct pk_log_entry *e = &l->v[l->n++];
	memset(e, 0, sizeof *e);
	git_oid_tostr(e->oid, sizeof e->oid, git_commit_id(c));
	pk_git_short(git_commit_id(c), e->short_id);
	e->time = (long long)git_commit_time(c);
	e->tz = git_commit_time_offset(c);
	e->date = pk_git_commit_date(c);
	const git_signature *a = git_commit_author(c);
	e->author = xstrdup(a->name);
	e->email = xstrdup(a->email);
	const char *msg = git_commit_message(c);
	size_t sl = strcspn(msg, "\n");
	e->subject = xstrndup(msg, sl);
	msg += sl;
	while (*msg == '\n')
		msg++;
	e->body = xstrdup(msg);
	size_t bl = strlen(e->body);
	while (bl && e->body[bl - 1] == '\n')
		e->body[--bl] = '\0';
	e->created = git_oid_is_zero(old);
	e->deleted = git_oid_is_zero(new_);
	if (e->created || e->deleted)
		return;
	struct pk_doc *a_doc = parse_blob(g, old, l->path, &e->note);
	struct pk_doc *b_doc = parse_blob(g, new_, l->path, &e->note);
	if (a_doc && b_doc)
		pk_yaml_diff(pk_doc_root(a_doc), pk_doc_root(b_doc), NULL, &e->changes);
	if (a_doc && b_doc && !e->changes.n)
		e->note = xstrdup("no field changed (layout or comments only)");
	pk_doc_free(a_doc);
	pk_doc_free(b_doc);
}

/* The record's path relative to root: "cases/DC-0001.yaml" for an ID
 * (looked up in the working tree, then in HEAD), or the path given. */
static char *resolve(struct pk_git *g, const char *root, const char *record, struct pk_diags *d)
{
	if (strchr(record, '/')) {
		const char *p = record;
		while (p[0] == '.' && p[1] == '/')
			p += 2;
		if (pk_path_kind(p) == PK_R_NONE || !pk_record_name(strchr(p, '/') + 1)) {
			pk_diag_add(d, PK_ERROR, record, 0, 0, NULL, "KIT-PATH",
				    "give an ID (DC-0001) or a path like cases/DC-0001.yaml",
				    "is not a record path");
			return NULL;
		}
		return xstrdup(p);
	}
	if (!pk_safe_id(record)) {
		char *p = pk_printable(record, strlen(record), 64);
		pk_diag_add(d, PK_ERROR, p, 0, 0, NULL, "KIT-IDS", NULL, "not a record ID");
		free(p);
		return NULL;
	}
	static const enum pk_rkind order[] = {PK_R_CASE, PK_R_PANEL, PK_R_PERSON};
	git_reference *head = NULL;
	git_commit *c = NULL;
	git_oid tree, id;
	int have_tree = git_repository_head(&head, g->repo) == 0 &&
			git_reference_peel((git_object **)&c, head, GIT_OBJECT_COMMIT) == 0;
	if (have_tree)
		tree = *git_commit_tree_id(c);
	git_commit_free(c);
	git_reference_free(head);
	for (size_t i = 0; i < PK_ARRAY_LEN(order); i++) {
		struct sbuf rel = SBUF_INIT, full = SBUF_INIT, gp = SBUF_INIT;
		struct stat st;
		sbuf_addf(&rel, "%s/%s.yaml", pk_kind_dir(order[i]), record);
		sbuf_addf(&full, "%s/%s", root, rel.s);
		sbuf_addf(&gp, "%s%s", g->prefix, rel.s);
		int found = lstat(full.s, &st) == 0 ||
			    (have_tree && pk_git_path_find(g->odb, &tree, gp.s, &id, NULL) == 0);
		sbuf_free(&full);
		sbuf_free(&gp);
		if (found)
			return sbuf_detach(&rel);
		sbuf_free(&rel);
	}
	pk_diag_add(d, PK_ERROR, record, 0, 0, NULL, "KIT-IDS",
		    "panel log takes a case, panel or person ID, or a record path",
		    "no record with this ID in cases/, panels/ or people/");
	return NULL;
}

int pk_history_log(const char *root, const char *record, size_t max, struct pk_log *out,
		   struct pk_diags *d)
{
	struct pk_git g;
	struct walk w;
	git_revwalk *rw = NULL;
	struct pk_chcache *cc = NULL;
	int ret = -1;
	memset(out, 0, sizeof *out);
	memset(&w, 0, sizeof w);
	if (pk_git_open(&g, root, 1, d) != 0)
		return -1;
	pk_git_batch_start(&g, PK_GIT_BATCH_MIN); /* the first log walks every commit's trees */
	char *rel = resolve(&g, root, record, d);
	if (!rel)
		goto done;
	out->path = rel;
	struct sbuf gp = SBUF_INIT;
	sbuf_addf(&gp, "%s%s", g.prefix, rel);
	w.g = &g;
	char *slash = strrchr(gp.s, '/');
	w.dirpath = xstrndup(gp.s, (size_t)(slash - gp.s));
	w.name = xstrdup(slash + 1);
	sbuf_free(&gp);

	int e = git_revwalk_new(&rw, g.repo);
	if (e == 0)
		e = git_revwalk_sorting(rw, GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME);
	if (e == 0)
		e = git_revwalk_push_head(rw);
	if (e == GIT_EUNBORNBRANCH || e == GIT_ENOTFOUND) {
		ret = 0; /* no commits: no history */
		goto done;
	}
	if (e < 0)
		goto git_fail;
	git_oid id;
	cc = pk_chcache_open(&g, 1);
	while ((e = git_revwalk_next(&id, rw)) == 0) {
		git_commit *c;
		git_oid mine, theirs, first;
		if (git_commit_lookup(&c, g.repo, &id) < 0)
			goto git_fail;
		unsigned np = git_commit_parentcount(c);
		if (np <= 1) {
			/* What the commit changed is known (or worked out once and
			 * remembered): no trees to read. */
			const struct pk_chrec *ch;
			size_t nch, k;
			if (pk_chcache_get(cc, c, &ch, &nch) < 0) {
				git_commit_free(c);
				goto git_fail;
			}
			for (k = 0; k < nch && strcmp(ch[k].path, rel) != 0; k++)
				;
			if (k < nch) {
				git_oid o = ch[k].old_id, n = ch[k].new_id;
				add_entry(out, &g, c, &o, &n);
			}
			git_commit_free(c);
			if (max && out->n >= max)
				break;
			continue;
		}
		/* A merge: git log's rule, by the record's blob in each parent. */
		if (blob_in(&w, &id, &mine) < 0) {
			git_commit_free(c);
			goto git_fail;
		}
		int same = 0;
		memset(&first, 0, sizeof first);
		/* a merge that matches one parent changed nothing */
		for (unsigned i = 0; i < np && !same; i++) {
			if (blob_in(&w, git_commit_parent_id(c, i), &theirs) < 0) {
				git_commit_free(c);
				goto git_fail;
			}
			if (i == 0)
				first = theirs;
			same = git_oid_equal(&mine, &theirs);
		}
		if (!same)
			add_entry(out, &g, c, &first, &mine);
		git_commit_free(c);
		if (max && out->n >= max)
			break;
	}
	if (e < 0 && e != GIT_ITEROVER)
		goto git_fail;
	ret = 0;
	goto done;
git_fail:
	pk_git_diag(d, root, "cannot read the history");
done:
	pk_chcache_free(cc);
	git_revwalk_free(rw);
	free(w.v);
	free(w.dirpath);
	free(w.name);
	pk_git_close(&g);
	return ret;
}

void pk_log_free(struct pk_log *l)
{
	for (size_t i = 0; i < l->n; i++) {
		struct pk_log_entry *e = &l->v[i];
		free(e->author);
		free(e->email);
		free(e->subject);
		free(e->body);
		free(e->note);
		pk_changes_free(&e->changes);
	}
	free(l->v);
	free(l->path);
	memset(l, 0, sizeof *l);
}

void pk_log_print(FILE *out, const struct pk_log *l)
{
	for (size_t i = 0; i < l->n; i++) {
		const struct pk_log_entry *e = &l->v[i];
		char day[16];
		char *subj = pk_printable(e->subject, strlen(e->subject), 200);
		char *who = pk_printable(e->author, strlen(e->author), 100);
		char *mail = pk_printable(e->email, strlen(e->email), 100);
		fprintf(out, "%s%s %s %s <%s>: %s\n", i ? "\n" : "", e->short_id,
			pk_date_fmt(e->date, day), who, mail, subj);
		free(subj);
		free(who);
		free(mail);
		if (e->created)
			fprintf(out, "    (created)\n");
		else if (e->deleted)
			fprintf(out, "    (deleted)\n");
		else
			pk_changes_print(out, &e->changes, "    ");
		if (e->note)
			fprintf(out, "    (%s)\n", e->note);
	}
}

void pk_log_print_json(FILE *out, const struct pk_log *l)
{
	struct pk_jw w;
	pk_jw_init(&w, out);
	pk_jw_obj_begin(&w, PK_JW_INLINE);
	pk_jw_kstr(&w, "record", l->path ? l->path : "");
	pk_jw_key(&w, "commits");
	pk_jw_arr_begin(&w, PK_JW_LINES(2));
	for (size_t i = 0; i < l->n; i++) {
		const struct pk_log_entry *e = &l->v[i];
		char day[16], tz[32];
		int off = e->tz < 0 ? -e->tz : e->tz;
		snprintf(tz, sizeof tz, "%c%02d:%02d", e->tz < 0 ? '-' : '+', off / 60, off % 60);
		pk_jw_obj_begin(&w, PK_JW_INLINE);
		pk_jw_kstr(&w, "commit", e->oid);
		pk_jw_kstr(&w, "date", pk_date_fmt(e->date, day));
		pk_jw_kint(&w, "time", e->time);
		pk_jw_kstr(&w, "tz", tz);
		pk_jw_kstr(&w, "author", e->author);
		pk_jw_kstr(&w, "email", e->email);
		pk_jw_kstr(&w, "subject", e->subject);
		pk_jw_kstr(&w, "body", e->body);
		pk_jw_kbool(&w, "created", e->created);
		pk_jw_kbool(&w, "deleted", e->deleted);
		pk_jw_key(&w, "changes");
		pk_changes_json(&w, &e->changes);
		if (e->note)
			pk_jw_kstr(&w, "note", e->note);
		pk_jw_obj_end(&w);
	}
	pk_jw_arr_end(&w);
	pk_jw_obj_end(&w);
	pk_jw_text(&w, "\n");
}
