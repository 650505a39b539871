/* history_trust.c: is the history panel audit reads the one that was
 * committed, and does it tell the truth about who, when and what?  See
 * history_trust.h for the checks; all are KIT-HISTORY ("every change to
 * the records is a commit that names who made it and why; history is
 * never rewritten"). */
#include "history_trust.h"
#include "mem.h"
#include "files.h"
#include "text.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define ANCHOR_PREFIX "refs/panelkit/audited/"

static void add(struct pk_trust_list *l, const git_oid *commit, const char *check,
		const char *ref, const char *file, unsigned line, const char *hint, const char *fmt,
		...) __attribute__((format(printf, 8, 9)));
static void add(struct pk_trust_list *l, const git_oid *commit, const char *check,
		const char *ref, const char *file, unsigned line, const char *hint, const char *fmt,
		...)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 8;
		l->v = xrealloc(l->v, l->cap * sizeof *l->v);
	}
	struct pk_trust_finding *f = &l->v[l->n++];
	memset(f, 0, sizeof *f);
	if (commit)
		git_oid_tostr(f->commit, sizeof f->commit, commit);
	f->check = check;
	f->ref = ref ? xstrdup(ref) : NULL;
	f->file = xstrdup(file);
	f->line = line;
	f->hint = hint ? xstrdup(hint) : NULL;
	struct sbuf b = SBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	sbuf_vaddf(&b, fmt, ap);
	va_end(ap);
	f->msg = sbuf_detach(&b);
}

void pk_trust_list_free(struct pk_trust_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].ref);
		free(l->v[i].file);
		free(l->v[i].msg);
		free(l->v[i].hint);
	}
	free(l->v);
	memset(l, 0, sizeof *l);
}

/* "2026-11-20 10:00:00 +0000": the signature's time in its own offset, to
 * the second, since a backwards step can be minutes. */
static char *fmt_time(const git_time *t, char out[64])
{
	time_t s = (time_t)(t->time + (git_time_t)t->offset * 60);
	struct tm tm;
	int off = t->offset < 0 ? -t->offset : t->offset;
	if (!gmtime_r(&s, &tm))
		snprintf(out, 64, "%lld", (long long)t->time);
	else
		snprintf(out, 64, "%04d-%02d-%02d %02d:%02d:%02d %c%02d%02d", tm.tm_year + 1900,
			 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
			 t->offset < 0 ? '-' : '+', off / 60, off % 60);
	return out;
}

/* A signature for a message: control characters and escapes neutralised
 * (pk_printable), so a name cannot restyle the auditor's terminal. */
static char *who(const git_signature *s)
{
	struct sbuf b = SBUF_INIT;
	char *n = pk_printable(s->name, strlen(s->name), 100);
	char *e = pk_printable(s->email, strlen(s->email), 100);
	sbuf_addf(&b, "%s <%s>", n, e);
	free(n);
	free(e);
	return sbuf_detach(&b);
}

/* ---- one commit ---- */

static void check_dates(git_repository *repo, const git_commit *c, const char *sid,
			struct pk_trust_list *out)
{
	unsigned np = git_commit_parentcount(c);
	const git_signature *ca = git_commit_author(c), *cc = git_commit_committer(c);
	for (unsigned i = 0; i < np; i++) {
		git_commit *p = NULL;
		if (git_commit_lookup(&p, repo, git_commit_parent_id(c, i)) < 0)
			continue; /* a shallow boundary: reported as such */
		char ps[12], t1[64], t2[64];
		pk_git_short(git_commit_id(p), ps);
		const git_signature *pa = git_commit_author(p), *pc = git_commit_committer(p);
		if (cc->when.time < pc->when.time)
			add(out, git_commit_id(c), "date", NULL, sid, 0,
			    "a commit's date is the clock of the machine that made it (or "
			    "GIT_COMMITTER_DATE): one dated before its parent was made with a wrong "
			    "clock or a forged date, and --at will not read the history across it",
			    "committed %s, before its parent %s (committed %s): dates that go "
			    "backwards cannot be trusted",
			    fmt_time(&cc->when, t1), ps, fmt_time(&pc->when, t2));
		/* A merge takes the other side's author dates as they were:
		 * only the first parent's author date is compared. */
		if (i == 0 && ca->when.time < pa->when.time)
			add(out, git_commit_id(c), "date", NULL, sid, 0,
			    "the author date comes from the author's clock (or GIT_AUTHOR_DATE, or "
			    "git commit --date): check who made this commit and when",
			    "authored %s, before its parent %s (authored %s): dates that go "
			    "backwards cannot be trusted",
			    fmt_time(&ca->when, t1), ps, fmt_time(&pa->when, t2));
		git_commit_free(p);
	}
}

static const char *trailer_value(const git_message_trailer_array *arr, const char *key)
{
	for (size_t i = 0; i < arr->count; i++)
		if (strcasecmp(arr->trailers[i].key, key) == 0)
			return arr->trailers[i].value;
	return NULL;
}

/* KIT-HISTORY names who made a change: when the committer is not the
 * author (git commit --author, panel commit --author), the commit says
 * why in a "Committer-Reason:" trailer (for example "typed in from the
 * paper minutes").  The same email with another spelling of the name is
 * the same person. */
static void check_committer(const git_commit *c, const git_message_trailer_array *arr,
			    const char *sid, struct pk_trust_list *out)
{
	const git_signature *a = git_commit_author(c), *m = git_commit_committer(c);
	if (strcasecmp(a->email, m->email) == 0)
		return;
	const char *why = trailer_value(arr, "Committer-Reason");
	if (why && *why)
		return;
	char *ws = who(m), *as = who(a);
	add(out, git_commit_id(c), "committer", NULL, sid, 0,
	    "a commit made for someone else says why in its trailers, e.g. panel commit "
	    "--author \"Name <email>\" -m \"$(printf 'Subject\\n\\nCommitter-Reason: typed in "
	    "from the paper minutes')\"",
	    "committed by %s for %s with no Committer-Reason: trailer", ws, as);
	free(ws);
	free(as);
}

static const char *kind_of_key(const char *key)
{
	return !strcasecmp(key, "Case") ? "cases" : !strcasecmp(key, "Panel") ? "panels"
		 : !strcasecmp(key, "Person") ? "people" : NULL;
}

/* "N (CODE, CODE...)" as panel commit writes it: N >= 1, the distinct
 * codes sorted, at most N of them. */
static int rule_warnings_ok(const char *v)
{
	char *end;
	long n = strtol(v, &end, 10);
	if (end == v || n < 1 || strncmp(end, " (", 2) != 0)
		return 0;
	const char *p = end + 2, *close = strchr(p, ')');
	if (!close || close[1] != '\0' || close == p)
		return 0;
	long k = 0;
	const char *prev = NULL;
	size_t prevlen = 0;
	while (p < close) {
		size_t len = strcspn(p, ",)");
		if (!len || p + len > close)
			return 0;
		for (size_t i = 0; i < len; i++)
			if (!((p[i] >= 'A' && p[i] <= 'Z') || (p[i] >= '0' && p[i] <= '9') || p[i] == '-'))
				return 0;
		if (prev) {
			size_t m = prevlen < len ? prevlen : len;
			int cmp = memcmp(prev, p, m);
			if (cmp > 0 || (cmp == 0 && prevlen >= len))
				return 0;
		}
		prev = p;
		prevlen = len;
		k++;
		p += len;
		if (*p == ',') {
			if (p[1] != ' ')
				return 0;
			p += 2;
		}
	}
	return k <= n;
}

/* Trailers panel commit would write, whose content does not match what
 * the commit changed: written (or edited) by hand. */
static void check_forged(const git_commit *c, const git_message_trailer_array *arr,
			 char *const *rel, size_t n, const char *sid, struct pk_trust_list *out)
{
	for (size_t i = 0; i < arr->count; i++) {
		const char *key = arr->trailers[i].key, *val = arr->trailers[i].value;
		const char *kd = kind_of_key(key);
		if (!strcasecmp(key, "Rule-Warnings")) {
			if (!n || !rule_warnings_ok(val)) {
				char *pv = pk_printable(val, strlen(val), 120);
				add(out, git_commit_id(c), "forged", NULL, sid, 0,
				    "panel commit writes \"Rule-Warnings: N (CODES)\" only on a commit that "
				    "changes records, for the warnings it accepted: this one was written by hand",
				    n ? "has a Rule-Warnings: trailer panel commit would not write (\"%s\")"
				      : "has a Rule-Warnings: trailer (\"%s\") but changes no record",
				    pv);
				free(pv);
			}
			continue;
		}
		if (!kd)
			continue;
		struct sbuf want = SBUF_INIT;
		sbuf_addf(&want, "%s/%s.yaml", kd, val);
		int found = 0;
		for (size_t j = 0; j < n && !found; j++)
			found = strcmp(rel[j], want.s) == 0;
		if (!found) {
			char *pk = pk_printable(key, strlen(key), 40), *pv = pk_printable(val, strlen(val), 120);
			char *pw = pk_printable(want.s, want.len, 200);
			add(out, git_commit_id(c), "forged", NULL, sid, 0,
			    "panel commit names in a Case:/Panel:/Person: trailer only the records the "
			    "commit changes: this trailer was written by hand",
			    "has a \"%s: %s\" trailer but does not change %s", pk, pv, pw);
			free(pk);
			free(pv);
			free(pw);
		}
		sbuf_free(&want);
	}
}

void pk_trust_commit(git_repository *repo, const git_commit *c, char *const *rel, size_t n,
		     struct pk_trust_list *out)
{
	char sid[12];
	pk_git_short(git_commit_id(c), sid);
	check_dates(repo, c, sid, out);
	git_message_trailer_array arr = {NULL, 0, NULL};
	git_message_trailers(&arr, git_commit_message(c));
	check_committer(c, &arr, sid, out);
	check_forged(c, &arr, rel, n, sid, out);
	git_message_trailer_array_free(&arr);
}

/* ---- the repository ---- */

static char *git_file(struct pk_git *g, const char *name)
{
	struct sbuf b = SBUF_INIT;
	sbuf_addf(&b, "%s%s", git_repository_path(g->repo), name);
	return sbuf_detach(&b);
}

/* The lines of a file in the git directory; NULL when there is none. */
static char *read_git_file(struct pk_git *g, const char *name, size_t *len)
{
	char *path = git_file(g, name), *buf = NULL, err[128];
	if (pk_read_file(path, 16u << 20, 1, &buf, len, err, sizeof err) < 0)
		buf = NULL;
	free(path);
	return buf;
}

static const char *type_name(git_odb *odb, const git_oid *id)
{
	size_t len;
	git_object_t t;
	if (git_odb_read_header(&len, &t, odb, id) < 0)
		return "object (not in this clone)";
	return git_object_type2string(t);
}

static void check_replace(struct pk_git *g, struct pk_trust_list *out)
{
	git_reference_iterator *it = NULL;
	git_reference *ref;
	if (git_reference_iterator_glob_new(&it, g->repo, "refs/replace/*") < 0)
		return;
	while (git_reference_next(&ref, it) == 0) {
		const char *name = git_reference_name(ref);
		const git_oid *to = git_reference_target(ref);
		git_oid from;
		char fs[12], ts[12], file[64];
		if (!to || git_oid_fromstrn(&from, name + 13, strlen(name + 13)) < 0 ||
		    strlen(name + 13) != GIT_OID_HEXSZ) {
			char *pn = pk_printable(name, strlen(name), 200);
			add(out, NULL, "replace", name, pn, 0,
			    "git replace -l lists the replacements; remove this ref with git update-ref -d",
			    "a replace ref that git may follow: what git shows cannot be trusted");
			free(pn);
			git_reference_free(ref);
			continue;
		}
		pk_git_short(&from, fs);
		pk_git_short(to, ts);
		snprintf(file, sizeof file, "refs/replace/%s", fs);
		struct sbuf h = SBUF_INIT;
		sbuf_addf(&h, "panel audit reads the objects as committed; remove the replacement with: "
			  "git replace -d %s", fs);
		add(out, &from, "replace", name, file, 0, h.s,
		    "git shows %s %s as %s %s: git log, show and blame display the replacement, "
		    "not what was committed",
		    type_name(g->odb, &from), fs, type_name(g->odb, to), ts);
		sbuf_free(&h);
		git_reference_free(ref);
	}
	git_reference_iterator_free(it);
}

/* Each line of .git/info/grafts is "<commit> [<parent>...]". */
static void check_grafts(struct pk_git *g, struct pk_trust_list *out)
{
	size_t len;
	char *buf = read_git_file(g, "info/grafts", &len);
	if (!buf)
		return;
	unsigned line = 0;
	for (char *p = buf; p < buf + len;) {
		char *eol = memchr(p, '\n', (size_t)(buf + len - p));
		size_t l = eol ? (size_t)(eol - p) : (size_t)(buf + len - p);
		line++;
		if (l && *p != '#') {
			git_oid id;
			char fs[12], real[256] = "";
			struct sbuf shown = SBUF_INIT;
			int ok = l >= GIT_OID_HEXSZ && git_oid_fromstrn(&id, p, GIT_OID_HEXSZ) == 0;
			for (size_t k = GIT_OID_HEXSZ + 1; ok && k + GIT_OID_HEXSZ <= l; k += GIT_OID_HEXSZ + 1) {
				git_oid pid;
				char ps[12];
				if (git_oid_fromstrn(&pid, p + k, GIT_OID_HEXSZ) < 0)
					break;
				pk_git_short(&pid, ps);
				sbuf_addf(&shown, "%s%s", shown.len ? ", " : "", ps);
			}
			git_commit *c = NULL;
			if (ok && git_commit_lookup(&c, g->repo, &id) == 0) {
				size_t pos = 0;
				for (unsigned i = 0; i < git_commit_parentcount(c) && pos + 12 < sizeof real; i++) {
					char ps[12];
					pk_git_short(git_commit_parent_id(c, i), ps);
					pos += (size_t)snprintf(real + pos, sizeof real - pos, "%s%s", i ? ", " : "", ps);
				}
				git_commit_free(c);
			}
			if (ok) {
				pk_git_short(&id, fs);
				add(out, &id, "graft", NULL, ".git/info/grafts", line,
				    "panel audit reads the parents as committed; remove the line (grafts are "
				    "deprecated: git replace --convert-graft-file turns them into replace refs, "
				    "which audit reports too)",
				    "grafts commit %s onto %s%s (its parents as committed: %s): git log shows a "
				    "history that was not committed",
				    fs, shown.len ? "parents " : "no parent", shown.len ? shown.s : "",
				    *real ? real : "none");
			} else {
				char *pl = pk_printable(p, l, 100);
				add(out, NULL, "graft", NULL, ".git/info/grafts", line,
				    "remove the line: grafts are deprecated", "a graft line git may follow "
				    "(\"%s\"): what git shows cannot be trusted", pl);
				free(pl);
			}
			sbuf_free(&shown);
		}
		p += l + 1;
	}
	free(buf);
}

/* .git/shallow lists the commits whose parents a shallow clone lacks. */
static size_t shallow_ids(struct pk_git *g, git_oid **v)
{
	size_t len, n = 0;
	char *buf = read_git_file(g, "shallow", &len);
	*v = NULL;
	if (!buf)
		return 0;
	for (char *p = buf; p + GIT_OID_HEXSZ <= buf + len;) {
		char *eol = memchr(p, '\n', (size_t)(buf + len - p));
		git_oid id;
		if (git_oid_fromstrn(&id, p, GIT_OID_HEXSZ) == 0) {
			*v = xrealloc(*v, (n + 1) * sizeof **v);
			(*v)[n++] = id;
		}
		if (!eol)
			break;
		p = eol + 1;
	}
	free(buf);
	return n;
}

static void check_shallow(struct pk_git *g, struct pk_trust_list *out)
{
	git_oid *v;
	size_t n = shallow_ids(g, &v);
	for (size_t i = 0; i < n; i++) {
		char s[12], day[16] = "?";
		git_commit *c = NULL;
		pk_git_short(&v[i], s);
		if (git_commit_lookup(&c, g->repo, &v[i]) == 0) {
			pk_date_fmt(pk_git_commit_date(c), day);
			git_commit_free(c);
		}
		add(out, &v[i], "shallow", NULL, ".git/shallow", (unsigned)i + 1,
		    "fetch the whole history with: git fetch --unshallow",
		    "this clone is shallow: commit %s (%s) is here without its parents, so the history "
		    "before it is not and audit cannot vouch for it", s, day);
	}
	free(v);
}

void pk_trust_repo(struct pk_git *g, struct pk_trust_list *out)
{
	check_replace(g, out);
	check_grafts(g, out);
	check_shallow(g, out);
}

/* ---- the anchor ---- */

/* HEAD's branch ("main") and commit; 0, or 1 when detached or unborn. */
static int head_branch(struct pk_git *g, char **branch, git_oid *head)
{
	git_reference *h = NULL, *r = NULL;
	*branch = NULL;
	if (git_reference_lookup(&h, g->repo, "HEAD") < 0)
		return 1;
	int ret = 1;
	if (git_reference_type(h) == GIT_REFERENCE_SYMBOLIC &&
	    strncmp(git_reference_symbolic_target(h), "refs/heads/", 11) == 0 &&
	    git_reference_resolve(&r, h) == 0) {
		*branch = xstrdup(git_reference_symbolic_target(h) + 11);
		*head = *git_reference_target(r);
		ret = 0;
	}
	git_reference_free(r);
	git_reference_free(h);
	return ret;
}

void pk_trust_anchor_check(struct pk_git *g, struct pk_trust_list *out)
{
	char *branch;
	git_oid head, at;
	if (head_branch(g, &branch, &head) != 0)
		return;
	struct sbuf ref = SBUF_INIT;
	sbuf_addf(&ref, ANCHOR_PREFIX "%s", branch);
	if (git_reference_name_to_id(&at, g->repo, ref.s) == 0 && !git_oid_equal(&at, &head)) {
		char as[12], day[16] = "";
		git_commit *c = NULL;
		pk_git_short(&at, as);
		int have = git_commit_lookup(&c, g->repo, &at) == 0;
		if (have) {
			snprintf(day, sizeof day, " (");
			pk_date_fmt(pk_git_commit_date(c), day + 2);
			strcat(day, ")");
			git_commit_free(c);
		}
		int desc = have ? git_graph_descendant_of(g->repo, &head, &at) : 0;
		if (desc != 1) {
			struct sbuf h = SBUF_INIT;
			char *pb = pk_printable(branch, strlen(branch), 100);
			if (have)
				sbuf_addf(&h, "the commits that left the branch can be recovered with: git branch "
					  "recovered %s; if the rewrite was agreed, say so in a commit and record "
					  "the new state with: git update-ref %s HEAD", as, ref.s);
			else
				sbuf_addf(&h, "fetch the history that holds it, or ask who rewrote the branch; if "
					  "the rewrite was agreed, record the new state with: git update-ref %s HEAD",
					  ref.s);
			add(out, &at, "anchor", ref.s, ref.s, 0, h.s,
			    "commit %s%s, which an earlier panel audit vouched for, is %s: the history of %s "
			    "was rewritten after that audit",
			    as, day, have ? "no longer in the history of HEAD" : "not in this clone", pb);
			free(pb);
			sbuf_free(&h);
		}
	}
	sbuf_free(&ref);
	free(branch);
}

int pk_trust_anchor_record(struct pk_git *g, char **refname, struct pk_diags *d)
{
	char *branch;
	git_oid head, old;
	*refname = NULL;
	if (git_repository_is_shallow(g->repo) == 1 || head_branch(g, &branch, &head) != 0)
		return 1;
	struct sbuf ref = SBUF_INIT, msg = SBUF_INIT;
	sbuf_addf(&ref, ANCHOR_PREFIX "%s", branch);
	sbuf_addf(&msg, "panel audit: vouched for %s", git_oid_tostr_s(&head));
	git_reference *r = NULL;
	int e;
	if (git_reference_name_to_id(&old, g->repo, ref.s) == 0) {
		if (git_oid_equal(&old, &head)) {
			*refname = sbuf_detach(&ref);
			sbuf_free(&msg);
			free(branch);
			return 0;
		}
		/* only forwards, and only from the value just checked */
		e = git_reference_create_matching(&r, g->repo, ref.s, &head, 1, &old, msg.s);
	} else {
		e = git_reference_create(&r, g->repo, ref.s, &head, 0, msg.s);
	}
	git_reference_free(r);
	if (e < 0) {
		const git_error *ge = git_error_last();
		pk_diag_add(d, PK_WARNING, ref.s, 0, 0, NULL, "KIT-HISTORY", NULL,
			    "cannot record the commit this audit vouched for: %s",
			    ge && ge->message ? ge->message : "unknown libgit2 error");
		sbuf_free(&ref);
	} else {
		*refname = sbuf_detach(&ref);
	}
	sbuf_free(&msg);
	free(branch);
	return e < 0 ? -1 : 0;
}

/* ---- walking a shallow clone ---- */

/* Open addressing on the IDs' first bytes (they are hashes already). */
struct oidset {
	git_oid *v;
	unsigned char *used;
	size_t cap, n;
};

static size_t slot(const struct oidset *s, const git_oid *id)
{
	size_t h;
	memcpy(&h, id->id, sizeof h);
	return h & (s->cap - 1);
}

static int oidset_add(struct oidset *s, const git_oid *id)
{
	if (2 * (s->n + 1) > s->cap) {
		struct oidset b = {NULL, NULL, s->cap ? s->cap * 2 : 64, 0};
		b.v = xcalloc(b.cap, sizeof *b.v);
		b.used = xcalloc(b.cap, 1);
		for (size_t i = 0; i < s->cap; i++)
			if (s->used[i])
				oidset_add(&b, &s->v[i]);
		free(s->v);
		free(s->used);
		*s = b;
	}
	for (size_t i = slot(s, id);; i = (i + 1) & (s->cap - 1)) {
		if (!s->used[i]) {
			s->used[i] = 1;
			s->v[i] = *id;
			s->n++;
			return 1;
		}
		if (git_oid_equal(&s->v[i], id))
			return 0;
	}
}

static int oidset_has(const struct oidset *s, const git_oid *id)
{
	if (!s->cap)
		return 0;
	for (size_t i = slot(s, id); s->used[i]; i = (i + 1) & (s->cap - 1))
		if (git_oid_equal(&s->v[i], id))
			return 1;
	return 0;
}

int pk_trust_shallow_walk(struct pk_git *g, git_oid **out, size_t *n)
{
	git_oid *bound, head;
	size_t nb = shallow_ids(g, &bound);
	struct oidset boundary = {NULL, NULL, 0, 0}, seen = {NULL, NULL, 0, 0};
	*out = NULL;
	*n = 0;
	for (size_t i = 0; i < nb; i++)
		oidset_add(&boundary, &bound[i]);
	free(bound);
	int ret = 0;
	if (git_reference_name_to_id(&head, g->repo, "HEAD") < 0)
		goto done; /* no commits */
	/* Depth first, a commit after all its parents: oldest first, as the
	 * audit walks a full history.  A boundary commit is left out (it
	 * has nothing to be compared with) and its parents are not there. */
	struct frame {
		git_oid id;
		unsigned next;
	} *st = xcalloc(1, sizeof *st);
	size_t sn = 0, scap = 1;
	if (!oidset_has(&boundary, &head)) {
		st[sn++] = (struct frame){head, 0};
		oidset_add(&seen, &head);
	}
	while (sn) {
		struct frame *f = &st[sn - 1];
		git_commit *c = NULL;
		if (git_commit_lookup(&c, g->repo, &f->id) < 0) {
			ret = -1;
			break;
		}
		unsigned np = git_commit_parentcount(c);
		if (f->next < np) {
			git_oid p = *git_commit_parent_id(c, f->next++);
			git_commit_free(c);
			if (oidset_has(&boundary, &p) || !oidset_add(&seen, &p))
				continue;
			if (sn == scap)
				st = xrealloc(st, (scap *= 2) * sizeof *st);
			st[sn++] = (struct frame){p, 0};
			continue;
		}
		git_commit_free(c);
		*out = xrealloc(*out, (*n + 1) * sizeof **out);
		(*out)[(*n)++] = f->id;
		sn--;
	}
	free(st);
done:
	free(boundary.v);
	free(boundary.used);
	free(seen.v);
	free(seen.used);
	return ret;
}
