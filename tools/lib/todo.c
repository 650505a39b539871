/* todo.c: what each person owes (panel todo).  See todo.h.
 *
 * Readings made here (each also in README "panel todo"):
 *  - Who owes what: a sitting's invitations, report and re-run and its
 *    CPP-AUDIT and CPP-NOTIFY are the secretariat's (the CPP team, CPP §5,
 *    §6, §10.1, §11; the chair when no secretariat is recorded);
 *    confirmations are each invited member's (CPP §6); the casework
 *    response, its approval and the DCPR acknowledgement are the case
 *    owner's (CPP §11-§11.3, §13); the person's agenda (PF 9.4) and the
 *    RAG review (PF 6.13) are the responsible practitioner's: the COM in
 *    the community, in custody the POM unless the COM is responsible
 *    (OMiC, PF 8.3); an action is its owner's.
 *  - Everyone sitting on a coming panel owes their preparation for it: one
 *    line on the sitting's date (CPP §8.7; PF 10.7 date once scheduled).
 *  - A missing notified.emailed is not owed once casework has responded.
 *  - A closed case (KIT-LIFECYCLE) owes nothing. */
#include "todo.h"
#include "cpp.h"
#include "json.h"
#include "lifecycle.h"
#include "members.h"
#include "rules.h"
#include "mem.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* What the duties of a sitting need from each case, kept while the cases
 * stream through the engine (so a case is parsed once, and 100k cases cost
 * a few megabytes): strings interned, one slot per case. */
struct csum {
	const char *id, *owner, *team, *prac; /* NULL id: empty slot */
	int closed;
};

struct run {
	struct pk_source *src;
	const struct pk_todo_opts *o;
	struct pk_todo *t;
	struct pk_reccache *rc;      /* people only */
	struct csum *cs;
	size_t ncs, capcs;           /* capcs: a power of two */
	char **pool;                 /* interned strings (open addressing) */
	size_t npool, cappool;
};

static uint64_t fnv(const char *s)
{
	uint64_t h = 1469598103934665603ull;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

static const char *intern(struct run *r, const char *s)
{
	if (!s)
		return NULL;
	if (2 * (r->npool + 1) > r->cappool) {
		size_t cap = r->cappool ? r->cappool * 2 : 1024;
		char **v = xcalloc(cap, sizeof *v);
		for (size_t i = 0; i < r->cappool; i++)
			if (r->pool[i]) {
				size_t k = (size_t)fnv(r->pool[i]) & (cap - 1);
				while (v[k])
					k = (k + 1) & (cap - 1);
				v[k] = r->pool[i];
			}
		free(r->pool);
		r->pool = v;
		r->cappool = cap;
	}
	size_t k = (size_t)fnv(s) & (r->cappool - 1);
	while (r->pool[k] && strcmp(r->pool[k], s) != 0)
		k = (k + 1) & (r->cappool - 1);
	if (!r->pool[k]) {
		r->pool[k] = xstrdup(s);
		r->npool++;
	}
	return r->pool[k];
}

static struct csum *csum_slot(struct run *r, const char *id)
{
	if (!r->capcs)
		return NULL;
	size_t k = (size_t)fnv(id) & (r->capcs - 1);
	while (r->cs[k].id && strcmp(r->cs[k].id, id) != 0)
		k = (k + 1) & (r->capcs - 1);
	return &r->cs[k];
}

static void csum_add(struct run *r, const struct csum *c)
{
	if (2 * (r->ncs + 1) > r->capcs) {
		size_t old = r->capcs;
		struct csum *v = r->cs;
		r->capcs = old ? old * 2 : 1024;
		r->cs = xcalloc(r->capcs, sizeof *r->cs);
		for (size_t i = 0; i < old; i++)
			if (v[i].id)
				*csum_slot(r, v[i].id) = v[i];
		free(v);
	}
	struct csum *s = csum_slot(r, c->id);
	if (!s->id)
		r->ncs++;
	*s = *c;
}

static const struct csum *csum_get(struct run *r, const char *id)
{
	const struct csum *s = id ? csum_slot(r, id) : NULL;
	return s && s->id ? s : NULL;
}

static enum pk_due_status status_of(pk_date due, pk_date deadline, pk_date as_of)
{
	if (as_of > deadline)
		return PK_DUE_OVERDUE;
	if (as_of >= due)
		return PK_DUE_DUE;
	return PK_DUE_UPCOMING;
}

static const char *person_team(struct run *r, const char *id)
{
	const struct pk_node *p = pk_reccache_get(r->rc, PK_R_PERSON, id);
	const char *t = p ? pk_get_str(p, "team") : NULL;
	return t ? t : p ? pk_get_str(p, "unit") : NULL;
}

static void add(struct run *r, const char *person, const char *rule, pk_date due, pk_date deadline,
		const char *case_id, const char *panel_id, const char *file, unsigned line,
		const char *case_team, const char *fmt, ...) __attribute__((format(printf, 11, 12)));

static void add(struct run *r, const char *person, const char *rule, pk_date due, pk_date deadline,
		const char *case_id, const char *panel_id, const char *file, unsigned line,
		const char *case_team, const char *fmt, ...)
{
	const struct pk_todo_opts *o = r->o;
	if (!person || due == PK_NODATE)
		return;
	if (o->person && strcmp(o->person, person) != 0)
		return;
	if (o->within >= 0 && due > pk_add_days(o->as_of, o->within))
		return;
	const char *team = case_team ? case_team : person_team(r, person);
	if (o->team && (!team || strcmp(o->team, team) != 0))
		return;
	struct pk_todo *t = r->t;
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 64;
		t->v = xrealloc(t->v, t->cap * sizeof *t->v);
	}
	struct pk_todo_line *l = &t->v[t->n++];
	memset(l, 0, sizeof *l);
	const struct pk_node *p = pk_reccache_get(r->rc, PK_R_PERSON, person);
	l->person = xstrdup(person);
	l->name = p && pk_get_str(p, "name") ? xstrdup(pk_get_str(p, "name")) : NULL;
	l->team = team ? xstrdup(team) : NULL;
	l->rule = rule;
	l->due = due;
	l->deadline = deadline;
	l->status = status_of(due, deadline, o->as_of);
	struct sbuf b = SBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	sbuf_vaddf(&b, fmt, ap);
	va_end(ap);
	/* One line of text: a block scalar's newlines become spaces. */
	for (size_t i = 0; i < b.len; i++)
		if (b.s[i] == '\n' || b.s[i] == '\r' || b.s[i] == '\t')
			b.s[i] = ' ';
	while (b.len && b.s[b.len - 1] == ' ')
		b.s[--b.len] = '\0';
	l->what = sbuf_detach(&b);
	l->case_id = case_id ? xstrdup(case_id) : NULL;
	l->panel_id = panel_id ? xstrdup(panel_id) : NULL;
	l->file = xstrdup(file);
	l->line = line;
}

static unsigned line_at(const struct pk_node *n, const char *path)
{
	const struct pk_node *x = path ? pk_get(n, path) : n;
	return x ? x->line : 0;
}

/* The responsible practitioner of an ipp case (see the head comment). */
static const char *practitioner(const struct pk_node *c)
{
	const char *setting = pk_get_str(c, "setting"), *resp = pk_get_str(c, "responsible");
	const char *com = pk_get_str(c, "com"), *pom = pk_get_str(c, "pom");
	if (setting && strcmp(setting, "custody") == 0 && !(resp && strcmp(resp, "com") == 0) && pom)
		return pom;
	return com ? com : pom;
}


/* ---- a coming sitting ---- */

static void planned(struct run *r, const struct pk_node *root, const char *file, pk_date date,
		    const char *pid, int det)
{
	char a[16];
	const char *sec = pk_get_str(root, "secretariat"), *chair = pk_get_str(root, "chair");
	const char *cpp_team = sec ? sec : chair;
	const char *time = pk_get_str(root, "time");
	const struct pk_node *cases = pk_map_get(root, "cases");
	size_t ncases = cases && cases->kind == PK_SEQ ? cases->n : 0;
	pk_date_fmt(date, a);
	if (det) {
		static const struct {
			const char *field, *key, *rule, *what;
		} lead[] = {
			{"invitations_sent", "cpp.invite", "CPP-INVITE", "send the invitations for"},
			{"report_sent", "cpp.report", "CPP-REPORT", "send the pre-panel report for"},
			{"report_rerun", "cpp.report.rerun", "CPP-REPORT", "re-run the pre-panel report on the day of"},
		};
		for (size_t i = 0; i < PK_ARRAY_LEN(lead); i++) {
			if (pk_get(root, lead[i].field) && !pk_is_null(pk_get(root, lead[i].field)))
				continue;
			pk_date due = pk_add_days(date, -pk_rule_value(lead[i].key, date));
			add(r, cpp_team, lead[i].rule, due, due, NULL, pid, file, line_at(root, "date"), NULL,
			    "%s %s on %s (%s)", lead[i].what, pid, a, pk_rule(lead[i].key, date)->text);
		}
	}
	/* Confirmations (CPP §6) and everyone's sitting. */
	const struct pk_node *ms = pk_map_get(root, "members");
	const char *srule = det ? "CPP-REPORT" : "PF-RECORD";
	if (chair)
		add(r, chair, srule, date, date, NULL, pid, file, line_at(root, "chair"), NULL,
		    "chair %s on %s%s%s, %zu case%s", pid, a, time ? " at " : "", time ? time : "", ncases,
		    ncases == 1 ? "" : "s");
	if (sec && (!chair || strcmp(sec, chair) != 0))
		add(r, sec, srule, date, date, NULL, pid, file, line_at(root, "secretariat"), NULL,
		    "secretariat of %s on %s%s%s, %zu case%s", pid, a, time ? " at " : "", time ? time : "",
		    ncases, ncases == 1 ? "" : "s");
	for (size_t i = 0; ms && ms->kind == PK_SEQ && i < ms->n; i++) {
		const struct pk_node *m = ms->items[i];
		const char *who = pk_get_str(m, "person"), *role = pk_get_str(m, "role");
		const char *att = pk_get_str(m, "attendance");
		if (!who || (chair && strcmp(who, chair) == 0) || (sec && strcmp(who, sec) == 0))
			continue;
		if (att && (strcmp(att, "apologies") == 0 || strcmp(att, "absent") == 0))
			continue;
		if (det && (!att || strcmp(att, "invited") == 0)) {
			pk_date due = pk_add_days(date, -pk_rule_value("cpp.confirm", date));
			add(r, who, "CPP-INVITE", due, due, NULL, pid, file, m->line, NULL,
			    "confirm attendance at %s on %s as %s (%s)", pid, a, role ? pk_role_label(role) : "member",
			    pk_rule("cpp.confirm", date)->text);
		}
		add(r, who, srule, date, date, NULL, pid, file, m->line, NULL, "sit on %s on %s%s%s as %s, %zu case%s",
		    pid, a, time ? " at " : "", time ? time : "", role ? pk_role_label(role) : "member", ncases,
		    ncases == 1 ? "" : "s");
	}
	if (det)
		return;
	/* PF-AGENDA (PF 9.4): the person's own agenda, 7 days before. */
	for (size_t i = 0; i < ncases; i++) {
		const struct pk_node *e = cases->items[i];
		const char *cid = pk_get_str(e, "case");
		if (!cid || pk_node_date(e, "person.agenda_sent") != PK_NODATE)
			continue;
		const struct csum *c = csum_get(r, cid);
		if (!c || c->closed)
			continue;
		pk_date due = pk_add_days(date, -pk_rule_value("pf.agenda", date));
		add(r, c->prac, "PF-AGENDA", due, due, cid, pid, file, e->line, c->team,
		    "give %s their agenda for %s on %s (%s)", cid, pid, a, pk_rule("pf.agenda", date)->text);
	}
}

/* ---- after a held detention sitting ---- */

static void held_cpp(struct run *r, const struct pk_node *root, const char *file, pk_date date,
		     const char *pid)
{
	char a[16], b[16];
	const char *sec = pk_get_str(root, "secretariat");
	const char *cpp_team = sec ? sec : pk_get_str(root, "chair");
	const struct pk_node *cases = pk_map_get(root, "cases");
	pk_date_fmt(date, a);
	for (size_t i = 0; cases && cases->kind == PK_SEQ && i < cases->n; i++) {
		const struct pk_node *e = cases->items[i];
		const char *cid = pk_get_str(e, "case"), *rec = pk_get_str(e, "recommendation");
		if (!cid || !rec || !pk_entry_reached(e))
			continue;
		const struct csum *c = csum_get(r, cid);
		if (c && c->closed)
			continue;
		const char *owner = c ? c->owner : NULL;
		const char *team = c ? c->team : NULL;
		int resp = pk_get(e, "response") && !pk_is_null(pk_get(e, "response"));
		if ((!strcmp(rec, "release") || !strcmp(rec, "maintain-with-actions")) &&
		    pk_node_date(e, "audit.done") == PK_NODATE) {
			pk_date due = pk_rule_add(pk_rule("cpp.audit", date), date, 1);
			add(r, cpp_team, "CPP-AUDIT", due, due, cid, pid, file, e->line, team,
			    "audit the %s recommendation for %s of %s (%s)", rec, cid, pid,
			    pk_rule("cpp.audit", date)->text);
		}
		if (!resp && pk_node_date(e, "notified.emailed") == PK_NODATE) {
			pk_date due = pk_rule_add(pk_rule("cpp.notify", date), date, 1);
			add(r, cpp_team, "CPP-NOTIFY", due, due, cid, pid, file, e->line, team,
			    "email the recommendation for %s of %s to casework (%s)", cid, pid,
			    owner ? owner : "no case owner recorded");
		}
		pk_date rdue = pk_rule_add(pk_rule("cpp.response", date), date, 1);
		if (pk_node_date(e, "response_due") != PK_NODATE)
			rdue = pk_node_date(e, "response_due"); /* CPP §11.1 "unless specified otherwise" */
		if (strcmp(rec, "none") != 0 && !resp)
			add(r, owner, "CPP-RESPONSE", rdue, rdue, cid, pid, file, e->line, team,
			    "record casework's response (agree or disagree) to the %s recommendation for %s of %s, by %s",
			    rec, cid, pid, pk_date_fmt(rdue, b));
		const char *dec = pk_get_str(e, "response.decision");
		if (dec && strcmp(dec, "disagree") == 0 && !pk_get_str(e, "response.approver"))
			add(r, owner, "CPP-RESPONSE", rdue, rdue, cid, pid, file, line_at(e, "response"), team,
			    "have the disagreement with %s's recommendation for %s approved at the chair's grade or above",
			    pid, cid);
		if (pk_node_date(e, "dcpr_acknowledged") == PK_NODATE) {
			pk_date due = pk_rule_add(pk_rule("cpp.dcpr", date), date, 1);
			if (strcmp(rec, "none") == 0)
				add(r, owner, "CPP-DCPR", due, due, cid, pid, file, e->line, team,
				    "acknowledge in the next DCPR that %s was presented to %s of %s (no recommendation yet)",
				    cid, pid, a);
			else
				add(r, owner, "CPP-DCPR", due, due, cid, pid, file, e->line, team,
				    "acknowledge %s of %s and its %s recommendation for %s in the next DCPR", pid, a, rec,
				    cid);
		}
	}
}

/* CPP-ACTION / PF-ACTION: the open actions of a held sitting, read here
 * from the one parse of the panel (the engine gives the same items from
 * its index; reading them here saves parsing every panel twice). */
static void held_actions(struct run *r, const struct pk_node *root, const char *file, pk_date date,
			 const char *pid, int det)
{
	const struct pk_rule *row = pk_rule(det ? "cpp.action" : "pf.action", r->o->as_of);
	const char *rule = det ? "CPP-ACTION" : "PF-ACTION";
	const struct pk_node *cases = pk_map_get(root, "cases");
	(void)date;
	for (size_t i = 0; cases && cases->kind == PK_SEQ && i < cases->n; i++) {
		const struct pk_node *e = cases->items[i], *acts = pk_map_get(e, "actions");
		const char *cid = pk_get_str(e, "case");
		if (!cid || !acts || acts->kind != PK_SEQ || !pk_entry_reached(e))
			continue;
		const struct csum *c = csum_get(r, cid);
		if (c && c->closed)
			continue;
		for (size_t k = 0; k < acts->n; k++) {
			const struct pk_node *a = acts->items[k];
			pk_date due = pk_node_date(a, "due"), done = pk_node_date(a, "done");
			if (a->kind != PK_MAP || due == PK_NODATE || (done != PK_NODATE && done <= r->o->as_of))
				continue;
			const char *owner = pk_get_str(a, "owner"), *id = pk_get_str(a, "id");
			const char *text = pk_get_str(a, "action");
			char buf[200];
			if (!id) {
				snprintf(buf, sizeof buf, "%s/%s/%zu", pid, cid, k + 1); /* as the engine names it */
				id = buf;
			}
			add(r, owner, rule, due, pk_rule_add(row, due, 1), cid, pid, file, a->line, c ? c->team : NULL,
			    "action %s (%s): %s", id, owner ? owner : "no owner", text ? text : "(no text)");
		}
	}
}

static void panels(struct run *r, struct pk_diags *d)
{
	for (size_t i = 0; i < r->src->n; i++) {
		if (pk_path_kind(r->src->paths[i]) != PK_R_PANEL)
			continue;
		struct pk_doc *doc = pk_source_load(r->src, r->src->paths[i], d);
		const struct pk_node *root = doc ? pk_doc_root(doc) : NULL;
		const char *status = root ? pk_get_str(root, "status") : NULL;
		const char *pid = root ? pk_get_str(root, "id") : NULL;
		const char *fw = root ? pk_get_str(root, "framework") : NULL;
		pk_date date = root ? pk_node_date(root, "date") : PK_NODATE;
		if (status && strcmp(status, "rescheduled") == 0) {
			date = pk_node_date(root, "rescheduled_to"); /* PF 10.7: its new date */
			status = "planned";
		}
		if (!status || !pid || !fw || date == PK_NODATE) {
			pk_doc_free(doc);
			continue;
		}
		int det = strcmp(fw, "detention") == 0;
		const char *file = r->src->paths[i];
		if (strcmp(status, "planned") == 0 && date >= r->o->as_of)
			planned(r, root, file, date, pid, det);
		else if (strcmp(status, "held") == 0 && date <= r->o->as_of) {
			if (det)
				held_cpp(r, root, file, date, pid);
			held_actions(r, root, file, date, pid, det);
		}
		pk_doc_free(doc);
	}
}

/* ---- from the engine: open actions, RAG reviews ---- */

static size_t cases(struct run *r, struct pk_diags *d)
{
	/* The engine over the case records only: PF-RAG-REVIEW needs no panel,
	 * and the panels are read once, by panels(). */
	struct pk_source view = *r->src;
	view.paths = xcalloc(r->src->n ? r->src->n : 1, sizeof *view.paths);
	view.n = 0;
	for (size_t i = 0; i < r->src->n; i++)
		if (pk_path_kind(r->src->paths[i]) == PK_R_CASE)
			view.paths[view.n++] = r->src->paths[i];
	struct pk_due_opts o = {.as_of = r->o->as_of};
	struct pk_due_ctx *ctx = pk_due_ctx_new(&view, &o, d);
	struct pk_due_list items = PK_DUE_LIST_INIT;
	size_t n = 0;
	for (size_t i = 0; i < r->src->n; i++) {
		if (pk_path_kind(r->src->paths[i]) != PK_R_CASE)
			continue;
		struct pk_doc *doc = pk_source_load(r->src, r->src->paths[i], d);
		n++;
		if (!doc)
			continue;
		const struct pk_node *root = pk_doc_root(doc);
		const char *id = pk_get_str(root, "id");
		if (id) {
			struct csum c = {intern(r, id), intern(r, pk_get_str(root, "owner")),
					 intern(r, pk_get_str(root, "team")), intern(r, practitioner(root)),
					 pk_case_closed(root, r->o->as_of, NULL, NULL)};
			csum_add(r, &c);
		}
		if (pk_due_case(ctx, doc, &items, NULL) == 0) {
			for (size_t k = 0; k < items.n; k++) {
				const struct pk_due_item *it = &items.v[k];
				if (!strcmp(it->rule, "PF-RAG-REVIEW")) {
					char a[16];
					add(r, practitioner(root), it->rule, it->due, it->deadline, it->case_id, NULL,
					    it->fact_file, it->fact_line, it->team,
					    "review the RAG rating of %s (%s, every 6 months)", it->case_id,
					    pk_date_fmt(it->due, a));
				}
			}
		}
		pk_due_list_clear(&items);
		pk_doc_free(doc);
	}
	pk_due_list_free(&items);
	pk_due_ctx_free(ctx);
	free(view.paths);
	return n;
}

static int line_cmp(const void *pa, const void *pb)
{
	const struct pk_todo_line *a = pa, *b = pb;
	int c = strcmp(a->person, b->person);
	if (c)
		return c;
	int oa = a->status == PK_DUE_OVERDUE, ob = b->status == PK_DUE_OVERDUE;
	if (oa != ob)
		return ob - oa;
	if (a->deadline != b->deadline)
		return a->deadline < b->deadline ? -1 : 1;
	if (a->due != b->due)
		return a->due < b->due ? -1 : 1;
	if ((c = strcmp(a->rule, b->rule)))
		return c;
	if ((c = strcmp(a->case_id ? a->case_id : "", b->case_id ? b->case_id : "")))
		return c;
	return strcmp(a->what, b->what);
}

size_t pk_todo_collect(struct pk_source *src, const struct pk_todo_opts *o, struct pk_todo *t,
		       struct pk_diags *d)
{
	struct run r;
	memset(&r, 0, sizeof r);
	r.src = src;
	r.o = o;
	r.t = t;
	r.rc = pk_reccache_new(src);
	size_t n = cases(&r, d);  /* first: the sittings' duties need the cases */
	panels(&r, d);
	if (t->n > 1)
		qsort(t->v, t->n, sizeof *t->v, line_cmp);
	pk_reccache_free(r.rc);
	for (size_t i = 0; i < r.cappool; i++)
		free(r.pool[i]);
	free(r.pool);
	free(r.cs);
	return n;
}

void pk_todo_free(struct pk_todo *t)
{
	for (size_t i = 0; i < t->n; i++) {
		struct pk_todo_line *l = &t->v[i];
		free(l->person);
		free(l->name);
		free(l->team);
		free(l->what);
		free(l->case_id);
		free(l->panel_id);
		free(l->file);
	}
	free(t->v);
	t->v = NULL;
	t->n = t->cap = 0;
}

/* ---- output ---- */

/* Markdown table cell text: '|' escaped, nothing else to do (one line). */
static void md_cell(FILE *out, const char *s)
{
	for (; s && *s; s++) {
		if (*s == '|')
			fputc('\\', out);
		fputc(*s, out);
	}
}

void pk_todo_print_md(FILE *out, const struct pk_todo *t, const struct pk_todo_opts *o)
{
	char a[16], b[16];
	fprintf(out, "# To do, as of %s\n\n", pk_date_fmt(o->as_of, a));
	if (o->within >= 0)
		fprintf(out, "Due within %ld days (by %s), and everything overdue.", o->within,
			pk_date_fmt(pk_add_days(o->as_of, o->within), b));
	else
		fputs("Everything owed.", out);
	fputs(" Each line names the rule behind it (panel rules ID explains it) and the record it comes from.\n", out);
	if (!t->n) {
		fputs("\nNothing is owed.\n", out);
		return;
	}
	for (size_t i = 0; i < t->n; i++) {
		const struct pk_todo_line *l = &t->v[i];
		if (i == 0 || strcmp(l->person, t->v[i - 1].person) != 0) {
			fprintf(out, "\n## %s", l->person);
			if (l->name)
				fprintf(out, " (%s)", l->name);
			fputs("\n\n| Due | Status | Rule | Case | What | Source |\n| --- | --- | --- | --- | --- | --- |\n", out);
		}
		fprintf(out, "| %s | %s | %s | %s | ", pk_date_fmt(l->due, a), pk_due_status_name(l->status), l->rule,
			l->case_id ? l->case_id : "-");
		md_cell(out, l->what);
		fprintf(out, " | %s:%u |\n", l->file, l->line);
	}
}

void pk_todo_print_json(FILE *out, const struct pk_todo *t)
{
	struct pk_jw w;
	pk_jw_init(&w, out);
	pk_jw_arr_begin(&w, PK_JW_LINES(2));
	for (size_t i = 0; i < t->n; i++) {
		const struct pk_todo_line *l = &t->v[i];
		char a[16], b[16], src[600];
		pk_jw_obj_begin(&w, PK_JW_INLINE);
		pk_jw_kstr(&w, "person", l->person);
		pk_jw_kstr(&w, "name", l->name);
		pk_jw_kstr(&w, "team", l->team);
		pk_jw_kstr(&w, "rule", l->rule);
		pk_jw_kstr(&w, "due", pk_date_fmt(l->due, a));
		pk_jw_kstr(&w, "deadline", pk_date_fmt(l->deadline, b));
		pk_jw_kstr(&w, "status", pk_due_status_name(l->status));
		pk_jw_kstr(&w, "what", l->what);
		pk_jw_kstr(&w, "case", l->case_id);
		pk_jw_kstr(&w, "panel", l->panel_id);
		snprintf(src, sizeof src, "%s:%u", l->file, l->line);
		pk_jw_kstr(&w, "source", src);
		pk_jw_obj_end(&w);
	}
	pk_jw_arr_end(&w);
	pk_jw_text(&w, "\n");
}

char *pk_todo_ics(const struct pk_todo *t, pk_date as_of, size_t *len)
{
	struct sbuf out = SBUF_INIT, uid = SBUF_INIT, s = SBUF_INIT, desc = SBUF_INIT;
	char a[16], b[16];
	pk_ics_begin(&out, "-//panelkit//panel todo//EN");
	for (size_t i = 0; i < t->n; i++) {
		const struct pk_todo_line *l = &t->v[i];
		const char *about = l->case_id ? l->case_id : l->panel_id ? l->panel_id : "-";
		/* Stable UID: person, rule, case or sitting, due date; a counter
		 * for a second duty with the same four (two actions). */
		size_t same = 0;
		for (size_t j = 0; j < i; j++) {
			const struct pk_todo_line *x = &t->v[j];
			const char *xa = x->case_id ? x->case_id : x->panel_id ? x->panel_id : "-";
			same += !strcmp(x->person, l->person) && !strcmp(x->rule, l->rule) && !strcmp(xa, about) &&
				x->due == l->due;
		}
		sbuf_reset(&uid);
		sbuf_addf(&uid, "%s-%s-%s-%s", l->person, l->rule, about, pk_date_fmt(l->due, a));
		if (same)
			sbuf_addf(&uid, "-%zu", same + 1);
		sbuf_adds(&uid, "@panelkit");
		sbuf_reset(&s);
		sbuf_addf(&s, "%s: %s (%s)", about, l->what, l->rule);
		sbuf_reset(&desc);
		sbuf_addf(&desc, "Owed by %s%s%s%s.\nDeadline %s, %s as of %s.\nRule %s; source %s:%u.", l->person,
			  l->name ? " (" : "", l->name ? l->name : "", l->name ? ")" : "", pk_date_fmt(l->deadline, a),
			  pk_due_status_name(l->status), pk_date_fmt(as_of, b), l->rule, l->file, l->line);
		const char *cats[] = {l->rule};
		pk_ics_event(&out, as_of, uid.s, l->due, l->deadline, s.s, desc.s, cats, 1);
	}
	pk_ics_end(&out);
	sbuf_free(&uid);
	sbuf_free(&s);
	sbuf_free(&desc);
	*len = out.len;
	return sbuf_detach(&out);
}
