/* report_calc.c: the figures of panel report, computed from a pk_source
 * into pk_report tables (report_write.c formats them).
 *
 * Every policy constant comes from the rule table (rules.h) at the date
 * the figure is about; every count keeps the IDs behind it.  The exact
 * definitions are written into each report's notes, so the output says
 * what it counted. */
#include "report.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpp.h"
#include "due.h"
#include "lifecycle.h"
#include "history.h"
#include "node.h"
#include "members.h"
#include "pf.h"
#include "rules.h"
#include "mem.h"

#define NO_TEAM "(none)"
#define ALL_TEAMS "All teams"

/* ---------- helpers ---------- */

static char *fmtd(pk_date d, char *buf)
{
	if (d == PK_NODATE)
		return strcpy(buf, "?");
	return pk_date_fmt(d, buf);
}

static int blank(const char *s)
{
	if (!s)
		return 1;
	for (; *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			return 0;
	return 1;
}

static int same_str(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

/* A diagnostic already in dst (same place and text) is not added again:
 * the due engine and this module read the same panels, and a trend reads
 * the same broken record once a month. */
static void merge_diags(struct pk_diags *dst, struct pk_diags *src)
{
	for (size_t i = 0; i < src->n; i++) {
		const struct pk_diag *s = &src->v[i];
		int dup = 0;
		for (size_t j = 0; j < dst->n && !dup; j++) {
			const struct pk_diag *t = &dst->v[j];
			dup = t->line == s->line && t->col == s->col && t->sev == s->sev &&
			      strcmp(t->file, s->file) == 0 && strcmp(t->rule, s->rule) == 0 &&
			      strcmp(t->msg, s->msg) == 0;
		}
		if (!dup)
			pk_diag_add(dst, s->sev, s->file, s->line, s->col, s->src, s->rule, s->hint,
				    "%s", s->msg);
	}
	pk_diags_free(src);
}

static struct pk_doc *load_kind(struct pk_source *src, size_t i, enum pk_rkind k,
				struct pk_diags *d, const struct pk_node **root)
{
	if (pk_path_kind(src->paths[i]) != k)
		return NULL;
	struct pk_doc *doc = pk_source_load(src, src->paths[i], d);
	*root = doc ? pk_doc_root(doc) : NULL;
	if (doc && (!*root || (*root)->kind != PK_MAP)) {
		pk_doc_free(doc);
		return NULL;
	}
	return doc;
}

/* ---------- people and cases, by ID ---------- */

struct person {
	char *id, *name;
	int grade;              /* rank, -1 unknown */
	pk_date trained;        /* training.cpp */
};

struct people {
	struct person *v;
	size_t n, cap;
};

static int person_cmp(const void *a, const void *b)
{
	return strcmp(((const struct person *)a)->id, ((const struct person *)b)->id);
}

static void people_load(struct pk_source *src, struct people *p, struct pk_diags *d)
{
	for (size_t i = 0; i < src->n; i++) {
		const struct pk_node *root;
		struct pk_doc *doc = load_kind(src, i, PK_R_PERSON, d, &root);
		if (!doc)
			continue;
		const char *id = pk_get_str(root, "id"), *name = pk_get_str(root, "name");
		const char *grade = pk_get_str(root, "grade");
		if (id) {
			if (p->n == p->cap)
				p->v = xrealloc(p->v, (p->cap = p->cap ? p->cap * 2 : 32) * sizeof *p->v);
			p->v[p->n++] = (struct person){xstrdup(id), xstrdup(name ? name : ""),
						       grade ? pk_grade_rank(grade) : -1,
						       pk_node_date(root, "training.cpp")};
		}
		pk_doc_free(doc);
	}
	if (p->n)
		qsort(p->v, p->n, sizeof *p->v, person_cmp);
}

static const struct person *people_find(const struct people *p, const char *id)
{
	if (!id || !p->n)
		return NULL;
	struct person key = {(char *)id, NULL, 0, 0};
	return bsearch(&key, p->v, p->n, sizeof *p->v, person_cmp);
}

static void people_free(struct people *p)
{
	for (size_t i = 0; i < p->n; i++) {
		free(p->v[i].id);
		free(p->v[i].name);
	}
	free(p->v);
}

struct kase {
	char *id, *team, *end_reason;
	int detention;          /* framework: detention */
	pk_date start, end;     /* detention.start, detention.end */
};

struct cases {
	struct kase *v;
	size_t n, cap;
};

static int kase_cmp(const void *a, const void *b)
{
	return strcmp(((const struct kase *)a)->id, ((const struct kase *)b)->id);
}

static void cases_add(struct cases *c, const struct pk_node *root)
{
	const char *id = pk_get_str(root, "id");
	if (!id)
		return;
	const char *team = pk_get_str(root, "team"), *why = pk_get_str(root, "detention.end_reason");
	if (c->n == c->cap)
		c->v = xrealloc(c->v, (c->cap = c->cap ? c->cap * 2 : 64) * sizeof *c->v);
	c->v[c->n++] = (struct kase){xstrdup(id), team && !blank(team) ? xstrdup(team) : NULL,
				     why ? xstrdup(why) : NULL,
				     same_str(pk_get_str(root, "framework"), "detention"),
				     pk_node_date(root, "detention.start"),
				     pk_node_date(root, "detention.end")};
}

static void cases_sort(struct cases *c)
{
	if (c->n)
		qsort(c->v, c->n, sizeof *c->v, kase_cmp);
}

static const struct kase *cases_find(const struct cases *c, const char *id)
{
	if (!id || !c->n)
		return NULL;
	struct kase key = {(char *)id, NULL, NULL, 0, 0, 0};
	return bsearch(&key, c->v, c->n, sizeof *c->v, kase_cmp);
}

static void cases_free(struct cases *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free(c->v[i].id);
		free(c->v[i].team);
		free(c->v[i].end_reason);
	}
	free(c->v);
}

/* A sorted set of strings (teams, rules). */
struct strset {
	char **v;
	size_t n, cap;
};

static size_t strset_add(struct strset *s, const char *x)
{
	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->v[i], x) == 0)
			return i;
	if (s->n == s->cap)
		s->v = xrealloc(s->v, (s->cap = s->cap ? s->cap * 2 : 8) * sizeof *s->v);
	s->v[s->n] = xstrdup(x);
	return s->n++;
}

static int team_qcmp(const void *a, const void *b)
{
	const char *x = *(char *const *)a, *y = *(char *const *)b;
	/* The "(none)" row goes last. */
	int nx = strcmp(x, NO_TEAM) == 0, ny = strcmp(y, NO_TEAM) == 0;
	if (nx != ny)
		return nx - ny;
	return strcmp(x, y);
}

static void strset_sort(struct strset *s)
{
	if (s->n)
		qsort(s->v, s->n, sizeof *s->v, team_qcmp);
}

static long strset_find(const struct strset *s, const char *x)
{
	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->v[i], x) == 0)
			return (long)i;
	return -1;
}

static void strset_free(struct strset *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
}

static void add_id(struct pk_rtable *t, size_t row, const char *col, const char *id)
{
	int c = pk_rtable_col(t, col);
	if (c >= 0)
		pk_rcell_add(pk_rtable_cell(t, row, (size_t)c), id);
}

static struct pk_rcell *cell_of(struct pk_rtable *t, size_t row, const char *col)
{
	int c = pk_rtable_col(t, col);
	return c < 0 ? NULL : pk_rtable_cell(t, row, (size_t)c);
}

/* A new row: text cells first (NULL-terminated), every other cell a count
 * of 0. */
static size_t new_row(struct pk_rtable *t, ...)
{
	size_t row = pk_rtable_row(t), c = 0;
	va_list ap;
	va_start(ap, t);
	for (const char *s; (s = va_arg(ap, const char *)) != NULL; c++)
		pk_rcell_text(pk_rtable_cell(t, row, c), "%s", s);
	va_end(ap);
	for (; c < t->ncols; c++)
		pk_rcell_count(pk_rtable_cell(t, row, c));
	return row;
}

/* Copies every count of row `from` into row `to` (a total row). */
static void add_row_into(struct pk_rtable *t, size_t from, size_t to)
{
	for (size_t c = 0; c < t->ncols; c++) {
		struct pk_rcell *a = pk_rtable_cell(t, from, c), *b = pk_rtable_cell(t, to, c);
		if (a->kind == PK_RC_COUNT)
			for (size_t i = 0; i < a->n; i++)
				pk_rcell_add(b, a->ids[i]);
	}
}

static void set_rate(struct pk_rtable *t, size_t row, const char *col, const char *num,
		     const char *const den[])
{
	long n = (long)pk_rcell_finish(cell_of(t, row, num)), d = 0;
	for (size_t i = 0; den[i]; i++)
		d += (long)pk_rcell_finish(cell_of(t, row, den[i]));
	pk_rcell_rate(cell_of(t, row, col), n, d);
}

static void month_bounds(int y, int m, pk_date *first, pk_date *last)
{
	*first = pk_date_ymd(y, m, 1);
	*last = pk_date_ymd(y, m, pk_month_days(y, m));
}

/* ---------- compliance (CPP-COMPLIANCE, CPP-RESPONSE, CPP-AUDIT) ---------- */

struct problem {
	char *team, *case_id, *panel_id, *rule, *text;
	pk_date sitting;
};

struct problems {
	struct problem *v;
	size_t n, cap;
};

static void problem_add(struct problems *p, const char *team, const char *case_id,
			const char *panel_id, pk_date sitting, const char *rule, const char *fmt, ...)
	__attribute__((format(printf, 7, 8)));

static void problem_add(struct problems *p, const char *team, const char *case_id,
			const char *panel_id, pk_date sitting, const char *rule, const char *fmt, ...)
{
	struct sbuf b = SBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	sbuf_vaddf(&b, fmt, ap);
	va_end(ap);
	if (p->n == p->cap)
		p->v = xrealloc(p->v, (p->cap = p->cap ? p->cap * 2 : 16) * sizeof *p->v);
	p->v[p->n++] = (struct problem){xstrdup(team), xstrdup(case_id), xstrdup(panel_id),
					xstrdup(rule), sbuf_detach(&b), sitting};
}

static int problem_cmp(const void *a, const void *b)
{
	const struct problem *x = a, *y = b;
	int c = team_qcmp(&x->team, &y->team);
	if (!c)
		c = strcmp(x->case_id, y->case_id);
	if (!c)
		c = (x->sitting > y->sitting) - (x->sitting < y->sitting);
	if (!c)
		c = strcmp(x->panel_id, y->panel_id);
	if (!c)
		c = strcmp(x->rule, y->rule);
	if (!c)
		c = strcmp(x->text, y->text);
	return c;
}

static void problems_free(struct problems *p)
{
	for (size_t i = 0; i < p->n; i++) {
		free(p->v[i].team);
		free(p->v[i].case_id);
		free(p->v[i].panel_id);
		free(p->v[i].rule);
		free(p->v[i].text);
	}
	free(p->v);
}

/* The response columns, in the order of CPP-RESPONSE. */
enum { R_TEAM, R_RECS, R_ACK, R_RATE, R_LATE, R_MISSING, R_AWAIT, R_REJ, R_NOREASON,
       R_NOAPPROVER, R_NCOLS };

struct compliance {
	const struct pk_report_opts *o;
	const struct people *people;
	const struct cases *cases;
	struct strset teams;
	struct pk_rtable *resp, *audit;
	struct problems probs;
	/* per team, the row in resp and audit (same index) */
};

static size_t team_row(struct compliance *c, const char *team)
{
	long i = strset_find(&c->teams, team);
	return (size_t)i;
}

/* CPP-RESPONSE: a rejection is approved by a colleague of the chair's
 * grade or above and of at least the grade "the type of panel" needs (CPP
 * §11.3): the panel's tier, from its longest-detained case reached, as
 * panel validate reads it.  Returns NULL when the approval stands, else
 * why not. */
static char *approver_problem(const struct compliance *c, const struct pk_node *e,
			      const struct person *chair, enum pk_cpp_tier tier, pk_date sitting)
{
	struct sbuf b = SBUF_INIT;
	const char *aid = pk_get_str(e, "response.approver");
	int tier_min = pk_cpp_approver_rank(tier, sitting);
	int chair_g = chair ? chair->grade : -1;
	if (blank(aid)) {
		sbuf_adds(&b, "rejection has no approver");
		return sbuf_detach(&b);
	}
	const struct person *a = people_find(c->people, aid);
	if (!a || a->grade < 0) {
		sbuf_addf(&b, "rejection approver %s has no grade on record", aid);
		return sbuf_detach(&b);
	}
	if (chair_g >= 0 && a->grade < chair_g && chair_g >= tier_min) {
		sbuf_addf(&b, "rejection approved by %s (%s), below the chair's grade %s", aid,
			  pk_grade_name(a->grade), pk_grade_name(chair_g));
		return sbuf_detach(&b);
	}
	if (a->grade < tier_min) {
		sbuf_addf(&b, "rejection approved by %s (%s), below %s needed for a %s panel", aid,
			  pk_grade_name(a->grade), pk_grade_name(tier_min), pk_cpp_tier_name(tier));
		return sbuf_detach(&b);
	}
	return NULL;
}

/* CPP-TIER of a panel: its longest-detained case reached on the sitting
 * day (CPP-CHAIR); PK_CPP_TIER_NONE when no case can be tiered. */
static enum pk_cpp_tier panel_tier(const struct cases *cases, const struct pk_node *root, pk_date sitting)
{
	const struct pk_node *cs = pk_map_get(root, "cases");
	struct pk_cpp_sitting s = PK_CPP_SITTING_INIT(sitting);
	for (size_t j = 0; cs && cs->kind == PK_SEQ && j < cs->n; j++) {
		const struct kase *k = cases_find(cases, pk_get_str(cs->items[j], "case"));
		if (k && k->detention)
			pk_cpp_sitting_add(&s, k->start, pk_entry_reached(cs->items[j]));
	}
	return pk_cpp_sitting_tier(&s);
}

static void compliance_entry(struct compliance *c, const struct pk_node *e, const char *pid,
			     pk_date sitting, const struct person *chair, enum pk_cpp_tier tier)
{
	const struct pk_report_opts *o = c->o;
	const char *cid = pk_get_str(e, "case"), *rec = pk_get_str(e, "recommendation");
	char a[16], b[16];
	if (!cid || !pk_entry_reached(e))
		return;
	/* CPP-REC: `none` is no recommendation for casework to answer. */
	if (!same_str(rec, "release") && !same_str(rec, "maintain-with-actions") &&
	    !same_str(rec, "maintain"))
		return;
	const struct kase *k = cases_find(c->cases, cid);
	const char *team = k && k->team ? k->team : NO_TEAM;
	if (o->team && strcmp(o->team, team) != 0)
		return;
	size_t row = team_row(c, team);
	struct sbuf idb = SBUF_INIT;
	sbuf_addf(&idb, "%s@%s", cid, pid);
	const char *id = idb.s;
	struct pk_rtable *t = c->resp;
	add_id(t, row, "recommendations", id);

	/* CPP-RESPONSE: agree/disagree within 14 days of the panel (CPP §11.1).
	 * A response dated after as-of had not been made on as-of. */
	pk_date deadline = pk_rule_add(pk_rule("cpp.response", sitting), sitting, 1);
	pk_date rdate = pk_node_date(e, "response.date");
	const char *decision = pk_get_str(e, "response.decision");
	if (rdate != PK_NODATE && rdate > o->as_of) {
		rdate = PK_NODATE;
		decision = NULL;
	}
	if (rdate != PK_NODATE && rdate <= deadline) {
		add_id(t, row, "acknowledged", id);
	} else if (rdate != PK_NODATE) {
		add_id(t, row, "late", id);
		problem_add(&c->probs, team, cid, pid, sitting, "CPP-RESPONSE",
			    "response late: %s, due by %s", fmtd(rdate, a), fmtd(deadline, b));
	} else if (o->as_of > deadline) {
		add_id(t, row, "missing", id);
		problem_add(&c->probs, team, cid, pid, sitting, "CPP-RESPONSE",
			    pk_get(e, "response") && !pk_get(e, "response.date") && decision
			    ? "response has no date; due by %s" : "no response; due by %s",
			    fmtd(deadline, b));
	} else {
		add_id(t, row, "awaiting", id);
	}
	if (same_str(decision, "disagree")) {
		add_id(t, row, "rejections", id);
		if (blank(pk_get_str(e, "response.reason"))) {
			add_id(t, row, "no_reason", id);
			problem_add(&c->probs, team, cid, pid, sitting, "CPP-RESPONSE",
				    "rejected without a reason");
		}
		char *why = approver_problem(c, e, chair, tier, sitting);
		if (why) {
			add_id(t, row, "no_approver", id);
			problem_add(&c->probs, team, cid, pid, sitting, "CPP-RESPONSE", "%s", why);
			free(why);
		}
	}

	/* CPP-AUDIT: release and maintain-with-actions are audited 14 days
	 * after the panel (CPP §10.1, §10.2). */
	if (same_str(rec, "release") || same_str(rec, "maintain-with-actions")) {
		pk_date due = pk_rule_add(pk_rule("cpp.audit", sitting), sitting, 1);
		pk_date done = pk_node_date(e, "audit.done");
		add_id(c->audit, row, "required", id);
		if (done != PK_NODATE && done <= o->as_of) {
			add_id(c->audit, row, "done", id);
		} else if (o->as_of > due) {
			add_id(c->audit, row, "overdue", id);
			problem_add(&c->probs, team, cid, pid, sitting, "CPP-AUDIT",
				    "audit not done; due %s", fmtd(due, a));
		} else {
			add_id(c->audit, row, "not_due", id);
		}
	}
	sbuf_free(&idb);
}

static void compliance_notes(struct pk_report *r, pk_date on)
{
	const struct pk_rule *resp = pk_rule("cpp.response", on), *aud = pk_rule("cpp.audit", on);
	pk_report_note(r, "**Recommendations** (CPP-REC): each case reached on a detention panel "
		       "held (`status: held`) in the month whose recommendation is `release`, "
		       "`maintain-with-actions` or `maintain`, counted once per case and panel "
		       "(`CASE@PANEL`). `none` asks nothing of casework and is not counted. The team "
		       "is the case's `team`; \"%s\" when the case has none or cannot be read.", NO_TEAM);
	pk_report_note(r, "**Acknowledged within %ld days** (CPP-RESPONSE, CPP §11.1): a "
		       "`response.date` on or before the sitting + %ld days. **Late**: a response "
		       "dated after that. **Missing**: no response by the as-of date, and the %ld days "
		       "ended before it. **Awaiting**: no response yet and the %ld days not over on "
		       "the as-of date. A response dated after the as-of date is not yet made. "
		       "Acknowledged + late + missing + awaiting = recommendations.",
		       resp->value, resp->value, resp->value, resp->value);
	pk_report_note(r, "**Rate**: acknowledged / (acknowledged + late + missing), in per cent, "
		       "rounded half up to one decimal; recommendations still awaiting are left out; "
		       "n/a when there is nothing to judge.");
	pk_report_note(r, "**Rejections** (CPP-RESPONSE, CPP §11.3): `response.decision: disagree` "
		       "(made by the as-of date). **Without a reason**: no `response.reason`. "
		       "**Without an approver of the grade**: no `response.approver`, an approver not in "
		       "`people/` or with no grade, or one below the chair's grade or below the least "
		       "grade for the panel's tier (CPP-TIER of its longest-detained case reached, on "
		       "the sitting day, as for CPP-CHAIR; ad hoc and %s: %s; %s and "
		       "%s: %s). An approver of exactly the chair's grade passes. Grade order "
		       "AA < AO < EO < HEO < SEO < G7 < G6 < SCS. A chair with no known grade: the "
		       "tier's minimum only.",
		       pk_cpp_tier_name(PK_CPP_TIER_3M), pk_cpp_approver_grade(PK_CPP_TIER_3M, on),
		       pk_cpp_tier_name(PK_CPP_TIER_6_9M), pk_cpp_tier_name(PK_CPP_TIER_12M),
		       pk_cpp_approver_grade(PK_CPP_TIER_6_9M, on));
	pk_report_note(r, "**Audits** (CPP-AUDIT, CPP §10.1, §10.2): each `release` and "
		       "`maintain-with-actions` recommendation needs an audit, due on the sitting + "
		       "%ld days. **Done**: `audit.done` on or before the as-of date. **Overdue**: not "
		       "done and due before the as-of date. **Not yet due**: the rest. Done + overdue + "
		       "not yet due = required.", aud->value);
	pk_report_note(r, "**Non-compliant cases** (the DQ list, CPP §12): one row per problem: a late "
		       "or missing response, a rejection without a reason or without an approver of "
		       "the grade, an overdue audit.");
}

struct pk_report *pk_report_compliance(struct pk_source *src, const struct pk_report_opts *o,
				       struct pk_diags *d)
{
	static const char *const audit_cols[][2] = {
		{"team", "Team"}, {"required", "Audits required"}, {"done", "Done"},
		{"overdue", "Overdue"}, {"not_due", "Not yet due"},
	};
	static const char *const dq_cols[][2] = {
		{"team", "Team"}, {"case", "Case"}, {"panel", "Panel"}, {"sitting", "Sitting"},
		{"rule", "Rule"}, {"problem", "Problem"},
	};
	struct pk_diags scratch = PK_DIAGS_INIT;
	struct people people = {NULL, 0, 0};
	struct cases cases = {NULL, 0, 0};
	struct compliance c;
	pk_date first, last;
	char a[16], lab[64];

	memset(&c, 0, sizeof c);
	c.o = o;
	c.people = &people;
	c.cases = &cases;
	month_bounds(o->year, o->month, &first, &last);
	const struct pk_rule *resp = pk_rule("cpp.response", last);

	struct pk_report *r = pk_report_new("compliance", "");
	free(r->title);
	{
		struct sbuf t = SBUF_INIT;
		sbuf_addf(&t, "Compliance report %04d-%02d", o->year, o->month);
		r->title = sbuf_detach(&t);
	}
	pk_report_param(r, "month", "Month", "%04d-%02d", o->year, o->month);
	if (o->team)
		pk_report_param(r, "team", "Team", "%s", o->team);
	pk_report_param(r, "as_of", "As of", "%s", fmtd(o->as_of, a));
	pk_report_param(r, "records", "Records", "%s", src->label ? src->label : "");

	people_load(src, &people, &scratch);
	for (size_t i = 0; i < src->n; i++) {
		const struct pk_node *root;
		struct pk_doc *doc = load_kind(src, i, PK_R_CASE, &scratch, &root);
		if (!doc)
			continue;
		cases_add(&cases, root);
		pk_doc_free(doc);
	}
	cases_sort(&cases);

	/* Teams: every team of a detention case (teams with no recommendation
	 * get a row of zeros), the team asked for, and "(none)" when needed. */
	if (o->team) {
		strset_add(&c.teams, o->team);
	} else {
		for (size_t i = 0; i < cases.n; i++)
			if (cases.v[i].detention && cases.v[i].team)
				strset_add(&c.teams, cases.v[i].team);
	}

	/* First the panels of the month, then the rows: "(none)" only when a
	 * recommendation needs it. */
	struct pk_doc **panels = NULL;
	size_t npanels = 0;
	for (size_t i = 0; i < src->n; i++) {
		const struct pk_node *root;
		struct pk_doc *doc = load_kind(src, i, PK_R_PANEL, &scratch, &root);
		if (!doc)
			continue;
		pk_date date = pk_node_date(root, "date");
		if (!same_str(pk_get_str(root, "framework"), "detention") ||
		    !same_str(pk_get_str(root, "status"), "held") || date == PK_NODATE ||
		    date < first || date > last || !pk_get_str(root, "id")) {
			pk_doc_free(doc);
			continue;
		}
		/* A case on a detention panel always has a row, whatever its
		 * framework, or "(none)". */
		const struct pk_node *cs = pk_map_get(root, "cases");
		for (size_t j = 0; !o->team && cs && cs->kind == PK_SEQ && j < cs->n; j++) {
			const struct kase *k = cases_find(&cases, pk_get_str(cs->items[j], "case"));
			strset_add(&c.teams, k && k->team ? k->team : NO_TEAM);
		}
		panels = xrealloc(panels, (npanels + 1) * sizeof *panels);
		panels[npanels++] = doc;
	}
	strset_sort(&c.teams);

	{
		char l1[64];
		snprintf(l1, sizeof l1, "Acknowledged within %ld days", resp->value);
		const char *const cols[R_NCOLS][2] = {
			{"team", "Team"}, {"recommendations", "Recommendations"}, {"acknowledged", l1},
			{"rate", "Rate"}, {"late", "Late"}, {"missing", "Missing"},
			{"awaiting", "Awaiting"}, {"rejections", "Rejections"},
			{"no_reason", "Rejections without a reason"},
			{"no_approver", "Rejections without an approver of the grade"},
		};
		c.resp = pk_report_table(r, "responses", "Recommendations and responses by casework team",
					 R_NCOLS, cols);
	}
	snprintf(lab, sizeof lab, "CPP-RESPONSE, CPP-COMPLIANCE (CPP §11.1, §12).");
	c.resp->intro = xstrdup(lab);
	c.resp->empty = xstrdup("No detention casework team has cases.");
	c.audit = pk_report_table(r, "audits", "Audits of release and action recommendations", 5, audit_cols);
	c.audit->intro = xstrdup("CPP-AUDIT (CPP §10.1, §10.2).");
	c.audit->empty = xstrdup("No detention casework team has cases.");
	for (size_t i = 0; i < c.teams.n; i++) {
		new_row(c.resp, c.teams.v[i], (const char *)NULL);
		new_row(c.audit, c.teams.v[i], (const char *)NULL);
	}

	for (size_t p = 0; p < npanels; p++) {
		const struct pk_node *root = pk_doc_root(panels[p]);
		const char *pid = pk_get_str(root, "id");
		pk_date sitting = pk_node_date(root, "date");
		const struct person *chair = people_find(&people, pk_get_str(root, "chair"));
		enum pk_cpp_tier tier = panel_tier(&cases, root, sitting);
		const struct pk_node *cs = pk_map_get(root, "cases");
		for (size_t j = 0; cs && cs->kind == PK_SEQ && j < cs->n; j++)
			compliance_entry(&c, cs->items[j], pid, sitting, chair, tier);
		pk_doc_free(panels[p]);
	}
	free(panels);

	/* All teams: the sum of the team rows (not with --team: it would repeat
	 * the one row). */
	if (!o->team && c.teams.n > 1) {
		size_t tr = new_row(c.resp, ALL_TEAMS, (const char *)NULL);
		size_t ta = new_row(c.audit, ALL_TEAMS, (const char *)NULL);
		for (size_t i = 0; i < c.teams.n; i++) {
			add_row_into(c.resp, i, tr);
			add_row_into(c.audit, i, ta);
		}
	}
	static const char *const den[] = {"acknowledged", "late", "missing", NULL};
	for (size_t row = 0; row < c.resp->nrows; row++)
		set_rate(c.resp, row, "rate", "acknowledged", den);

	struct pk_rtable *dq = pk_report_table(r, "dq", "Non-compliant cases", 6, dq_cols);
	dq->intro = xstrdup("The DQ list (CPP-COMPLIANCE, CPP §12): one row per problem.");
	dq->empty = xstrdup("None: every recommendation of the month is compliant so far.");
	if (c.probs.n)
		qsort(c.probs.v, c.probs.n, sizeof *c.probs.v, problem_cmp);
	for (size_t i = 0; i < c.probs.n; i++) {
		const struct problem *pb = &c.probs.v[i];
		size_t row = pk_rtable_row(dq);
		pk_rcell_text(pk_rtable_cell(dq, row, 0), "%s", pb->team);
		pk_rcell_text(pk_rtable_cell(dq, row, 1), "%s", pb->case_id);
		pk_rcell_text(pk_rtable_cell(dq, row, 2), "%s", pb->panel_id);
		pk_rcell_text(pk_rtable_cell(dq, row, 3), "%s", fmtd(pb->sitting, a));
		pk_rcell_text(pk_rtable_cell(dq, row, 4), "%s", pb->rule);
		pk_rcell_text(pk_rtable_cell(dq, row, 5), "%s", pb->text);
	}
	compliance_notes(r, last);
	pk_report_finish(r);

	problems_free(&c.probs);
	strset_free(&c.teams);
	people_free(&people);
	cases_free(&cases);
	merge_diags(d, &scratch);
	return r;
}

/* ---------- detention ---------- */

static const char *const recs[] = {"release", "maintain-with-actions", "maintain", "none"};

/* The window "the last 12 months" of the detention report: the issue asks
 * for it; RULES.md has no rule for it, so it is not in the rule table. */
enum { DETENTION_LOOKBACK_MONTHS = 12 };

static void due_items(struct pk_due_ctx *ctx, const struct pk_doc *doc, struct pk_due_list *items)
{
	if (pk_due_case(ctx, doc, items, NULL) < 0)
		return;
}

struct pk_report *pk_report_detention(struct pk_source *src, const struct pk_report_opts *o,
				      struct pk_diags *d)
{
	static const char *const pop_cols[][2] = {
		{"tier", "Tier"}, {"detained", "Detained"}, {"overdue", "With a review overdue"},
		{"bail", "Bail granted in principle"},
	};
	static const char *const rule_cols[][2] = {{"rule", "Rule"}, {"cases", "Cases overdue"}};
	static const char *const rec_cols[][2] = {
		{"recommendation", "Recommendation"}, {"count", "Recommendations"},
	};
	static const char *const rel_cols[][2] = {{"outcome", "Outcome"}, {"count", "Recommendations"}};
	struct pk_diags scratch = PK_DIAGS_INIT;
	struct cases cases = {NULL, 0, 0};
	struct strset rules = {NULL, 0, 0};
	struct pk_due_opts dopts = {.as_of = o->as_of};
	char a[16], b[16];
	struct pk_due_ctx *ctx = pk_due_ctx_new(src, &dopts, &scratch);

	struct pk_report *r = pk_report_new("detention", "Detention report");
	pk_report_param(r, "as_of", "As of", "%s", fmtd(o->as_of, a));
	pk_report_param(r, "records", "Records", "%s", src->label ? src->label : "");

	struct pk_rtable *pop = pk_report_table(r, "population", "Detained population by tier", 4, pop_cols);
	pop->intro = xstrdup("CPP-TIER (CPP §5), CPP-WINDOW, CPP-LIGHT.");
	/* One row per tier, in tier order: row t - PK_CPP_TIER_ADHOC. */
	for (int t = PK_CPP_TIER_ADHOC; t < PK_CPP_TIER_N; t++)
		new_row(pop, pk_cpp_tier_name((enum pk_cpp_tier)t), (const char *)NULL);
	size_t pop_total = new_row(pop, "Total", (const char *)NULL);
	struct pk_rtable *byrule = pk_report_table(r, "overdue", "Reviews overdue by rule", 2, rule_cols);
	byrule->intro = xstrdup("Detained cases with a review past its deadline (`panel due`), by "
				"the rule that requires it.");
	byrule->empty = xstrdup("No review is overdue.");

	/* Overdue cases per rule, kept as lists first: rows are sorted by rule. */
	struct pk_rcell *per_rule = NULL;
	size_t nper = 0;
	for (size_t i = 0; i < src->n; i++) {
		const struct pk_node *root;
		struct pk_doc *doc = load_kind(src, i, PK_R_CASE, &scratch, &root);
		if (!doc)
			continue;
		cases_add(&cases, root);
		const char *id = pk_get_str(root, "id");
		pk_date start = pk_node_date(root, "detention.start");
		pk_date end = pk_node_date(root, "detention.end");
		/* KIT-LIFECYCLE: a closed case is out of the population. */
		if (!id || !same_str(pk_get_str(root, "framework"), "detention") || start == PK_NODATE ||
		    start > o->as_of || (end != PK_NODATE && end <= o->as_of) ||
		    pk_case_closed(root, o->as_of, NULL, NULL)) {
			pk_doc_free(doc);
			continue;
		}
		/* Detained on as-of (checked above), so days detained is >= 0. */
		size_t row = (size_t)(pk_cpp_tier_of(pk_days_detained(root, o->as_of), o->as_of) - PK_CPP_TIER_ADHOC);
		add_id(pop, row, "detained", id);
		add_id(pop, pop_total, "detained", id);
		/* CPP-LIGHT: bail granted in principle by the as-of date. */
		const struct pk_node *bip = pk_map_get(root, "bail_in_principle");
		for (size_t j = 0; bip && bip->kind == PK_SEQ && j < bip->n; j++) {
			pk_date bd = pk_node_date(bip->items[j], "date");
			if (bd != PK_NODATE && bd <= o->as_of) {
				add_id(pop, row, "bail", id);
				add_id(pop, pop_total, "bail", id);
				break;
			}
		}
		struct pk_due_list items = PK_DUE_LIST_INIT;
		due_items(ctx, doc, &items);
		for (size_t j = 0; j < items.n; j++) {
			if (items.v[j].status != PK_DUE_OVERDUE)
				continue;
			add_id(pop, row, "overdue", id);
			add_id(pop, pop_total, "overdue", id);
			size_t k = strset_add(&rules, items.v[j].rule);
			if (rules.n > nper) { /* a rule seen for the first time */
				per_rule = xrealloc(per_rule, rules.n * sizeof *per_rule);
				memset(&per_rule[k], 0, sizeof *per_rule);
				nper = rules.n;
			}
			pk_rcell_add(&per_rule[k], id);
		}
		pk_due_list_free(&items);
		pk_doc_free(doc);
	}
	cases_sort(&cases);
	{
		/* Rows in rule order, then a total of distinct cases. */
		size_t *order = xcalloc(rules.n + 1, sizeof *order);
		for (size_t i = 0; i < rules.n; i++)
			order[i] = i;
		for (size_t i = 1; i < rules.n; i++)
			for (size_t j = i; j > 0 && strcmp(rules.v[order[j - 1]], rules.v[order[j]]) > 0; j--) {
				size_t t = order[j];
				order[j] = order[j - 1];
				order[j - 1] = t;
			}
		size_t total = 0;
		for (size_t i = 0; i < rules.n; i++) {
			size_t row = new_row(byrule, rules.v[order[i]], (const char *)NULL);
			pk_rcell_copy(pk_rtable_cell(byrule, row, 1), &per_rule[order[i]]);
			pk_rcell_count(pk_rtable_cell(byrule, row, 1));
		}
		if (rules.n) {
			total = new_row(byrule, "Any rule", (const char *)NULL);
			for (size_t i = 0; i < rules.n; i++)
				add_row_into(byrule, i, total);
		}
		for (size_t i = 0; i < rules.n; i++)
			pk_rcell_clear(&per_rule[i]);
		free(order);
		free(per_rule);
	}

	/* Recommendations of held detention panels in the last 12 months. */
	pk_date from = pk_add_months(o->as_of, -DETENTION_LOOKBACK_MONTHS);
	struct pk_rtable *rt = pk_report_table(r, "recommendations", "Recommendations in the last 12 months",
					       2, rec_cols);
	{
		struct sbuf in = SBUF_INIT;
		sbuf_addf(&in, "CPP-REC (CPP §10). Panels held from %s to %s.", fmtd(from, a),
			  fmtd(o->as_of, b));
		rt->intro = sbuf_detach(&in);
	}
	for (size_t i = 0; i < PK_ARRAY_LEN(recs); i++)
		new_row(rt, recs[i], (const char *)NULL);
	size_t rec_total = new_row(rt, "Total", (const char *)NULL);
	struct pk_rtable *rel = pk_report_table(r, "release", "Release recommendations followed", 2, rel_cols);
	rel->intro = xstrdup("The release recommendations of the table above, by what became of them "
			     "by the as-of date (CPP §10.1, CPP-REPORT).");
	static const char *const outcomes[] = {
		"Release recommendations",
		"Followed: released or bailed on or after the sitting",
		"Not followed: removed or detention ended otherwise",
		"Not followed: still detained, casework disagreed",
		"Not followed: still detained, casework agreed",
		"Not followed: still detained, no response",
	};
	for (size_t i = 0; i < PK_ARRAY_LEN(outcomes); i++)
		new_row(rel, outcomes[i], (const char *)NULL);
	for (size_t i = 0; i < src->n; i++) {
		const struct pk_node *root;
		struct pk_doc *doc = load_kind(src, i, PK_R_PANEL, &scratch, &root);
		if (!doc)
			continue;
		pk_date date = pk_node_date(root, "date");
		const char *pid = pk_get_str(root, "id");
		const struct pk_node *cs = pk_map_get(root, "cases");
		if (!pid || !same_str(pk_get_str(root, "framework"), "detention") ||
		    !same_str(pk_get_str(root, "status"), "held") || date == PK_NODATE ||
		    date < from || date > o->as_of || !cs || cs->kind != PK_SEQ) {
			pk_doc_free(doc);
			continue;
		}
		for (size_t j = 0; j < cs->n; j++) {
			const struct pk_node *e = cs->items[j];
			const char *cid = pk_get_str(e, "case"), *rec = pk_get_str(e, "recommendation");
			if (!cid || !rec || !pk_entry_reached(e))
				continue;
			size_t row = 0;
			while (row < PK_ARRAY_LEN(recs) && strcmp(recs[row], rec) != 0)
				row++;
			if (row == PK_ARRAY_LEN(recs))
				continue; /* panel validate reports it */
			struct sbuf id = SBUF_INIT;
			sbuf_addf(&id, "%s@%s", cid, pid);
			add_id(rt, row, "count", id.s);
			add_id(rt, rec_total, "count", id.s);
			if (row == 0) {
				const struct kase *k = cases_find(&cases, cid);
				const char *dec = pk_get_str(e, "response.decision");
				pk_date rd = pk_node_date(e, "response.date");
				if (rd != PK_NODATE && rd > o->as_of)
					dec = NULL;
				size_t out;
				if (k && k->end != PK_NODATE && k->end <= o->as_of && k->end >= date &&
				    (same_str(k->end_reason, "released") || same_str(k->end_reason, "bailed")))
					out = 1;
				else if (k && k->end != PK_NODATE && k->end <= o->as_of)
					out = 2;
				else if (same_str(dec, "disagree"))
					out = 3;
				else if (same_str(dec, "agree"))
					out = 4;
				else
					out = 5;
				add_id(rel, 0, "count", id.s);
				add_id(rel, out, "count", id.s);
			}
			sbuf_free(&id);
		}
		pk_doc_free(doc);
	}

	pk_report_note(r, "**Detained** on the as-of date: a detention case with `detention.start` on "
		       "or before it and no `detention.end` on or before it. **Tier** (CPP-TIER, CPP §5): "
		       "by days detained on the as-of date: %s under %ld, %s from %ld, "
		       "%s from %ld, %s from %ld.",
		       pk_cpp_tier_name(PK_CPP_TIER_ADHOC), pk_cpp_tier_from(PK_CPP_TIER_3M, o->as_of),
		       pk_cpp_tier_name(PK_CPP_TIER_3M), pk_cpp_tier_from(PK_CPP_TIER_3M, o->as_of),
		       pk_cpp_tier_name(PK_CPP_TIER_6_9M), pk_cpp_tier_from(PK_CPP_TIER_6_9M, o->as_of),
		       pk_cpp_tier_name(PK_CPP_TIER_12M), pk_cpp_tier_from(PK_CPP_TIER_12M, o->as_of));
	pk_report_note(r, "**With a review overdue**: a detained case with at least one required "
		       "review (CPP-CYCLE, CPP-ADHOC, CPP-REREFER) whose deadline is before the as-of "
		       "date, as `panel due` computes it (CPP-WINDOW: due day + %ld). A case counts once "
		       "per row; **Any rule** counts each case once.",
		       pk_rule_value("cpp.window", o->as_of));
	pk_report_note(r, "**Bail granted in principle** (CPP-LIGHT, CPP §10.4): a detained case with a "
		       "`bail_in_principle` entry dated on or before the as-of date.");
	pk_report_note(r, "**Recommendations in the last 12 months** (CPP-REC): entries reached on "
		       "detention panels held from the as-of date less %d months to the as-of date, "
		       "both included, by `recommendation`, counted per case and panel "
		       "(`CASE@PANEL`).", DETENTION_LOOKBACK_MONTHS);
	pk_report_note(r, "**Release recommendations followed**: the case's `detention.end` is on or "
		       "after the sitting and on or before the as-of date with `end_reason` `released` "
		       "or `bailed`. Not followed otherwise: ended another way (removed, other), or "
		       "still detained, split by the casework response (CPP-RESPONSE) recorded by the "
		       "as-of date. The five outcomes add up to the release recommendations.");
	pk_report_finish(r);

	strset_free(&rules);
	cases_free(&cases);
	pk_due_ctx_free(ctx);
	merge_diags(d, &scratch);
	return r;
}

/* ---------- coverage (PF-COVERAGE, PF-RAG-REVIEW) ---------- */

/* Rows per setting, worst rating first: row PK_PF_RAG_RED - rating, then
 * 3 for no rating. */
static const char *const rag_names[] = {"Red", "Amber", "Green", "no rating"};

struct pk_report *pk_report_coverage(struct pk_source *src, const struct pk_report_opts *o,
				     struct pk_diags *d)
{
	static const char *const cov_cols[][2] = {
		{"setting", "Setting"}, {"rag", "RAG"}, {"cases", "Cases"},
		{"with_panel", "With a panel in the last 12 months"}, {"share", "Share"},
		{"without_panel", "Without a panel"},
	};
	static const char *const od_cols[][2] = {
		{"rule", "Rule"}, {"custody", "Custody"}, {"community", "Community"}, {"total", "Total"},
	};
	struct pk_diags scratch = PK_DIAGS_INIT;
	struct pk_due_opts dopts = {.as_of = o->as_of};
	struct strset rules = {NULL, 0, 0};
	struct pk_rcell (*per_rule)[3] = NULL;
	size_t nper = 0;
	char a[16], b[16];
	struct pk_due_ctx *ctx = pk_due_ctx_new(src, &dopts, &scratch);
	const struct pk_rule *cov = pk_rule("pf.coverage", o->as_of);
	const struct pk_rule *ragrev = pk_rule("pf.rag.review", o->as_of);
	pk_date from = pk_rule_add(cov, o->as_of, -1);

	struct pk_report *r = pk_report_new("coverage", "Coverage report: IPP and DPP");
	pk_report_param(r, "as_of", "As of", "%s", fmtd(o->as_of, a));
	pk_report_param(r, "records", "Records", "%s", src->label ? src->label : "");

	struct pk_rtable *ct = pk_report_table(r, "coverage", "Cases with a panel in the last 12 months", 6,
					       cov_cols);
	{
		struct sbuf in = SBUF_INIT;
		sbuf_addf(&in, "PF-COVERAGE (PF 2.1), by setting and current RAG rating. Panels held "
			  "from %s to %s.", fmtd(from, a), fmtd(o->as_of, b));
		ct->intro = sbuf_detach(&in);
	}
	/* Rows: per setting, each RAG and "all"; then the unknown setting (only
	 * when a case has none) and everyone. */
	for (int s = 0; s < PK_PF_SETTING_N; s++) {
		for (size_t g = 0; g < 4; g++)
			new_row(ct, pk_pf_setting_name((enum pk_pf_setting)s), rag_names[g], (const char *)NULL);
		new_row(ct, pk_pf_setting_name((enum pk_pf_setting)s), "all", (const char *)NULL);
	}
	size_t unknown_row = (size_t)-1, all_row;
	char rag_label[64];
	snprintf(rag_label, sizeof rag_label, "RAG older than %ld days", ragrev->value);
	const char *const rag_cols[][2] = {
		{"setting", "Setting"}, {"cases", "Cases"}, {"stale", rag_label}, {"none", "No RAG rating"},
	};
	struct pk_rtable *ot = pk_report_table(r, "overdue", "Overdue panels by rule", 4, od_cols);
	ot->intro = xstrdup("IPP and DPP cases with a required panel past its deadline (`panel due`).");
	ot->empty = xstrdup("No panel is overdue.");
	struct pk_rtable *rg = pk_report_table(r, "rag", "RAG ratings to review", 4, rag_cols);
	rg->intro = xstrdup("PF-RAG-REVIEW (PF 6.13).");
	new_row(rg, "custody", (const char *)NULL);
	new_row(rg, "community", (const char *)NULL);
	size_t rg_unknown = (size_t)-1;

	/* Cases of an unknown setting, gathered while reading. */
	struct pk_rcell unk[3];
	memset(unk, 0, sizeof unk);
	struct pk_rcell unk_rag[3];
	memset(unk_rag, 0, sizeof unk_rag);

	for (size_t i = 0; i < src->n; i++) {
		const struct pk_node *root;
		struct pk_doc *doc = load_kind(src, i, PK_R_CASE, &scratch, &root);
		if (!doc)
			continue;
		const char *id = pk_get_str(root, "id"), *sent = pk_get_str(root, "sentence");
		const char *setting = pk_get_str(root, "setting");
		/* KIT-LIFECYCLE: a closed case (licence terminated, ...) is out of
		 * the coverage denominator. */
		if (!id || !same_str(pk_get_str(root, "framework"), "ipp") ||
		    !(same_str(sent, "ipp") || same_str(sent, "dpp")) || pk_case_closed(root, o->as_of, NULL, NULL)) {
			pk_doc_free(doc);
			continue;
		}
		long s = pk_pf_setting_parse(setting); /* rows: custody, community; -1 other */
		pk_date rdate;
		const struct pk_node *rag = pk_pf_rag_on(root, o->as_of, &rdate);
		enum pk_pf_rag rating = pk_pf_rag_parse(rag ? pk_get_str(rag, "rating") : NULL);
		size_t g = rating == PK_PF_RAG_NONE ? 3 : (size_t)(PK_PF_RAG_RED - rating);
		size_t nh = 0;
		const struct pk_held *h = pk_due_history(ctx, id, &nh);
		int with = 0;
		for (size_t k = 0; k < nh; k++)
			if (h[k].date >= from && h[k].date <= o->as_of)
				with = 1;
		/* KIT-BASELINE: the last panel before the import was held too. */
		pk_date bl = pk_node_date(root, "baseline.last_panel");
		if (bl != PK_NODATE && bl >= from && bl <= o->as_of)
			with = 1;
		int stale = rdate != PK_NODATE && pk_rule_add(ragrev, rdate, 1) < o->as_of;
		if (s >= 0) {
			size_t row = (size_t)s * 5 + g, srow = (size_t)s * 5 + 4;
			add_id(ct, row, "cases", id);
			add_id(ct, srow, "cases", id);
			add_id(ct, row, with ? "with_panel" : "without_panel", id);
			add_id(ct, srow, with ? "with_panel" : "without_panel", id);
			add_id(rg, (size_t)s, "cases", id);
			if (stale)
				add_id(rg, (size_t)s, "stale", id);
			if (rdate == PK_NODATE)
				add_id(rg, (size_t)s, "none", id);
		} else {
			pk_rcell_add(&unk[0], id);
			pk_rcell_add(&unk[with ? 1 : 2], id);
			pk_rcell_add(&unk_rag[0], id);
			if (stale)
				pk_rcell_add(&unk_rag[1], id);
			if (rdate == PK_NODATE)
				pk_rcell_add(&unk_rag[2], id);
		}
		struct pk_due_list items = PK_DUE_LIST_INIT;
		due_items(ctx, doc, &items);
		for (size_t j = 0; j < items.n; j++) {
			/* PF-RAG-REVIEW asks for a new rating, not a panel: it has
			 * its own table. */
			if (items.v[j].status != PK_DUE_OVERDUE || strcmp(items.v[j].rule, "PF-RAG-REVIEW") == 0)
				continue;
			size_t k = strset_add(&rules, items.v[j].rule);
			if (rules.n > nper) { /* a rule seen for the first time */
				per_rule = xrealloc(per_rule, rules.n * sizeof *per_rule);
				memset(per_rule[k], 0, sizeof per_rule[k]);
				nper = rules.n;
			}
			pk_rcell_add(&per_rule[k][s == 0 ? 0 : s == 1 ? 1 : 2], id);
		}
		pk_due_list_free(&items);
		pk_doc_free(doc);
	}

	if (unk[0].n) {
		unknown_row = new_row(ct, "(no setting)", "all", (const char *)NULL);
		pk_rcell_copy(cell_of(ct, unknown_row, "cases"), &unk[0]);
		pk_rcell_copy(cell_of(ct, unknown_row, "with_panel"), &unk[1]);
		pk_rcell_copy(cell_of(ct, unknown_row, "without_panel"), &unk[2]);
		rg_unknown = new_row(rg, "(no setting)", (const char *)NULL);
		pk_rcell_copy(cell_of(rg, rg_unknown, "cases"), &unk_rag[0]);
		pk_rcell_copy(cell_of(rg, rg_unknown, "stale"), &unk_rag[1]);
		pk_rcell_copy(cell_of(rg, rg_unknown, "none"), &unk_rag[2]);
	}
	all_row = new_row(ct, "all", "all", (const char *)NULL);
	add_row_into(ct, 4, all_row);
	add_row_into(ct, 9, all_row);
	if (unknown_row != (size_t)-1)
		add_row_into(ct, unknown_row, all_row);
	size_t rg_all = new_row(rg, "all", (const char *)NULL);
	for (size_t i = 0; i < rg->nrows - 1; i++)
		add_row_into(rg, i, rg_all);
	static const char *const den[] = {"cases", NULL};
	for (size_t row = 0; row < ct->nrows; row++)
		set_rate(ct, row, "share", "with_panel", den);

	/* Overdue: rows by rule ID, then any rule (a case counts once). */
	{
		size_t *order = xcalloc(rules.n + 1, sizeof *order);
		for (size_t i = 0; i < rules.n; i++)
			order[i] = i;
		for (size_t i = 1; i < rules.n; i++)
			for (size_t j = i; j > 0 && strcmp(rules.v[order[j - 1]], rules.v[order[j]]) > 0; j--) {
				size_t t = order[j];
				order[j] = order[j - 1];
				order[j - 1] = t;
			}
		for (size_t i = 0; i < rules.n; i++) {
			size_t row = new_row(ot, rules.v[order[i]], (const char *)NULL);
			struct pk_rcell *pr = per_rule[order[i]];
			pk_rcell_copy(cell_of(ot, row, "custody"), &pr[0]);
			pk_rcell_copy(cell_of(ot, row, "community"), &pr[1]);
			pk_rcell_count(cell_of(ot, row, "custody"));
			pk_rcell_count(cell_of(ot, row, "community"));
			for (size_t k = 0; k < 3; k++)
				for (size_t j = 0; j < pr[k].n; j++)
					add_id(ot, row, "total", pr[k].ids[j]);
		}
		if (rules.n) {
			size_t total = new_row(ot, "Any rule", (const char *)NULL);
			for (size_t i = 0; i < rules.n; i++)
				add_row_into(ot, i, total);
		}
		for (size_t i = 0; i < rules.n; i++)
			for (size_t k = 0; k < 3; k++)
				pk_rcell_clear(&per_rule[i][k]);
		free(order);
		free(per_rule);
	}
	for (size_t k = 0; k < 3; k++) {
		pk_rcell_clear(&unk[k]);
		pk_rcell_clear(&unk_rag[k]);
	}

	pk_report_note(r, "**Cases**: case records with `framework: ipp` and `sentence` `ipp` or `dpp` "
		       "(life sentences are not in PF-COVERAGE), by their `setting` and the RAG rating "
		       "in force on the as-of date (the `rag` entry with the latest date on or before "
		       "it; \"no rating\" when there is none).");
	pk_report_note(r, "**With a panel in the last %ld months** (PF-COVERAGE, PF 2.1): the case was "
		       "considered (`reached` not false) on a panel with `status: held` dated from the "
		       "as-of date less %ld months to the as-of date, both included. **Share**: with a "
		       "panel / cases, in per cent, rounded half up to one decimal. With + without = "
		       "cases.", cov->value, cov->value);
	pk_report_note(r, "**Overdue panels by rule**: cases with a required panel whose deadline is "
		       "before the as-of date, as `panel due` computes it, by the rule that requires "
		       "it (PF-RAG-REVIEW, a rating to renew rather than a panel, is in the next "
		       "table); a case overdue under two rules is in both rows and once in **Any "
		       "rule**.");
	pk_report_note(r, "**RAG older than %ld days** (PF-RAG-REVIEW, PF 6.13): the rating in force "
		       "was given more than %ld days before the as-of date.", ragrev->value, ragrev->value);
	pk_report_finish(r);

	strset_free(&rules);
	pk_due_ctx_free(ctx);
	merge_diags(d, &scratch);
	return r;
}

/* ---------- attendance (CPP-ATTENDANCE) ---------- */

struct attendee {
	char *id;
	struct pk_rcell chair, member;
};

static int attendee_cmp(const void *a, const void *b)
{
	return strcmp(((const struct attendee *)a)->id, ((const struct attendee *)b)->id);
}

static struct attendee *attendee(struct attendee **v, size_t *n, const char *id)
{
	for (size_t i = 0; i < *n; i++)
		if (strcmp((*v)[i].id, id) == 0)
			return &(*v)[i];
	*v = xrealloc(*v, (*n + 1) * sizeof **v);
	struct attendee *a = &(*v)[(*n)++];
	memset(a, 0, sizeof *a);
	a->id = xstrdup(id);
	return a;
}

struct pk_report *pk_report_attendance(struct pk_source *src, const struct pk_report_opts *o,
				       struct pk_diags *d)
{
	static const char *const sum_cols[][2] = {{"status", "Against the range"}, {"people", "People"}};
	struct pk_diags scratch = PK_DIAGS_INIT;
	struct people people = {NULL, 0, 0};
	struct attendee *att = NULL;
	size_t natt = 0;
	pk_date first = pk_date_ymd(o->year, 1, 1), last = pk_date_ymd(o->year, 12, 31);
	long lo = pk_rule_value("cpp.attendance.min", last), hi = pk_rule_value("cpp.attendance.max", last);
	char under[32], within[32], over[32], range[48];
	snprintf(under, sizeof under, "under %ld", lo);
	snprintf(within, sizeof within, "%ld to %ld", lo, hi);
	snprintf(over, sizeof over, "over %ld", hi);
	snprintf(range, sizeof range, "Against %ld to %ld", lo, hi);

	struct pk_report *r = pk_report_new("attendance", "");
	free(r->title);
	{
		struct sbuf t = SBUF_INIT;
		sbuf_addf(&t, "Attendance report %04d", o->year);
		r->title = sbuf_detach(&t);
	}
	pk_report_param(r, "year", "Year", "%04d", o->year);
	pk_report_param(r, "records", "Records", "%s", src->label ? src->label : "");

	people_load(src, &people, &scratch);
	for (size_t i = 0; i < src->n; i++) {
		const struct pk_node *root;
		struct pk_doc *doc = load_kind(src, i, PK_R_PANEL, &scratch, &root);
		if (!doc)
			continue;
		pk_date date = pk_node_date(root, "date");
		const char *pid = pk_get_str(root, "id"), *chair = pk_get_str(root, "chair");
		if (pid && same_str(pk_get_str(root, "framework"), "detention") &&
		    same_str(pk_get_str(root, "status"), "held") && date != PK_NODATE &&
		    date >= first && date <= last) {
			if (!blank(chair))
				pk_rcell_add(&attendee(&att, &natt, chair)->chair, pid);
			const struct pk_node *ms = pk_map_get(root, "members");
			for (size_t j = 0; ms && ms->kind == PK_SEQ && j < ms->n; j++) {
				const char *p = pk_get_str(ms->items[j], "person");
				if (!blank(p) && same_str(pk_get_str(ms->items[j], "attendance"), "attended"))
					pk_rcell_add(&attendee(&att, &natt, p)->member, pid);
			}
		}
		pk_doc_free(doc);
	}
	/* People trained for CPP by the year's end are expected to sit: they
	 * get a row even with no panel. */
	for (size_t i = 0; i < people.n; i++)
		if (people.v[i].trained != PK_NODATE && people.v[i].trained <= last)
			attendee(&att, &natt, people.v[i].id);
	if (natt)
		qsort(att, natt, sizeof *att, attendee_cmp);

	const char *const cols[][2] = {
		{"person", "Person"}, {"name", "Name"}, {"panels", "Panels"}, {"chair", "As chair"},
		{"member", "As member"}, {"status", range},
	};
	struct pk_rtable *t = pk_report_table(r, "people", "Panels attended per chair and member", 6, cols);
	t->intro = xstrdup("CPP-ATTENDANCE (CPP §8.6).");
	t->empty = xstrdup("Nobody chaired or attended a detention panel, and nobody is CPP-trained.");
	struct pk_rtable *s = pk_report_table(r, "summary", "Summary", 2, sum_cols);
	new_row(s, under, (const char *)NULL);
	new_row(s, within, (const char *)NULL);
	new_row(s, over, (const char *)NULL);
	for (size_t i = 0; i < natt; i++) {
		const struct person *p = people_find(&people, att[i].id);
		size_t row = new_row(t, att[i].id, p ? p->name : "(not in people/)", (const char *)NULL);
		struct pk_rcell *panels = cell_of(t, row, "panels");
		for (size_t j = 0; j < att[i].chair.n; j++) {
			pk_rcell_add(panels, att[i].chair.ids[j]);
			add_id(t, row, "chair", att[i].chair.ids[j]);
		}
		for (size_t j = 0; j < att[i].member.n; j++) {
			pk_rcell_add(panels, att[i].member.ids[j]);
			add_id(t, row, "member", att[i].member.ids[j]);
		}
		long n = (long)pk_rcell_finish(panels);
		size_t srow = n < lo ? 0 : n > hi ? 2 : 1;
		pk_rcell_text(cell_of(t, row, "status"), "%s", srow == 0 ? under : srow == 2 ? over : within);
		add_id(s, srow, "people", att[i].id);
		free(att[i].id);
		pk_rcell_clear(&att[i].chair);
		pk_rcell_clear(&att[i].member);
	}
	free(att);

	pk_report_note(r, "**Panels**: detention panels with `status: held` dated in %04d that the "
		       "person chaired (`chair`) or attended as a member (`attendance: attended`); a "
		       "panel counts once. The secretariat is not counted. Indeterminate-sentence "
		       "panels are not in CPP-ATTENDANCE.", o->year);
	pk_report_note(r, "**Against %ld to %ld** (CPP-ATTENDANCE, CPP §8.6): chairs and members "
		       "attend %ld to %ld panels in 12 months; the calendar year is the 12 months. "
		       "Listed: everyone who sat on a panel in the year, and everyone with CPP "
		       "training (`training.cpp`) by its end. A report, not an error.", lo, hi, lo, hi);
	pk_report_finish(r);
	people_free(&people);
	merge_diags(d, &scratch);
	return r;
}

/* ---------- trends ---------- */

enum pk_report_kind pk_report_kind_of(const char *name)
{
	static const char *const names[] = {"compliance", "coverage", "detention", "attendance", "after"};
	for (size_t i = 0; name && i < PK_ARRAY_LEN(names); i++)
		if (strcmp(names[i], name) == 0)
			return (enum pk_report_kind)i;
	return PK_REP_NONE;
}

/* One trend column: a cell of the month's report. */
struct tcol {
	const char *key, *label;
	const char *table, *row0, *row1, *col;
	int chart;
};

static const struct tcol compliance_cols[] = {
	{"recommendations", "Recommendations", "responses", NULL, NULL, "recommendations", 0},
	{"acknowledged", "Acknowledged in time", "responses", NULL, NULL, "acknowledged", 0},
	{"late", "Late", "responses", NULL, NULL, "late", 0},
	{"missing", "Missing", "responses", NULL, NULL, "missing", 0},
	{"awaiting", "Awaiting", "responses", NULL, NULL, "awaiting", 0},
	{"rate", "Rate", "responses", NULL, NULL, "rate", 1},
	{"rejections", "Rejections", "responses", NULL, NULL, "rejections", 0},
	{"audits_overdue", "Audits overdue", "audits", NULL, NULL, "overdue", 0},
};
static const struct tcol coverage_cols[] = {
	{"custody_cases", "Custody cases", "coverage", "custody", "all", "cases", 0},
	{"custody_with_panel", "Custody with a panel", "coverage", "custody", "all", "with_panel", 0},
	{"custody_share", "Custody share", "coverage", "custody", "all", "share", 1},
	{"community_cases", "Community cases", "coverage", "community", "all", "cases", 0},
	{"community_with_panel", "Community with a panel", "coverage", "community", "all", "with_panel", 0},
	{"community_share", "Community share", "coverage", "community", "all", "share", 1},
	{"rag_stale", "RAG to review", "rag", "all", NULL, "stale", 0},
};
static const struct tcol detention_cols[] = {
	{"detained", "Detained", "population", "Total", NULL, "detained", 1},
	{"overdue", "With a review overdue", "population", "Total", NULL, "overdue", 1},
	{"bail", "Bail granted in principle", "population", "Total", NULL, "bail", 0},
};

static long find_row(const struct pk_rtable *t, const char *row0, const char *row1)
{
	for (size_t r = 0; r < t->nrows; r++) {
		const struct pk_rcell *a = pk_rtable_cell(t, r, 0);
		const struct pk_rcell *b = t->ncols > 1 ? pk_rtable_cell(t, r, 1) : NULL;
		if (a->kind == PK_RC_TEXT && strcmp(a->text, row0) == 0 &&
		    (!row1 || (b && b->kind == PK_RC_TEXT && strcmp(b->text, row1) == 0)))
			return (long)r;
	}
	return -1;
}

struct pk_report *pk_report_trend(const char *root, enum pk_report_kind k, int from_y,
				  int from_m, int to_y, int to_m, const char *team,
				  pk_date today, struct pk_diags *d)
{
	const struct tcol *tc;
	size_t ntc;
	const char *name;
	switch (k) {
	case PK_REP_COMPLIANCE: tc = compliance_cols; ntc = PK_ARRAY_LEN(compliance_cols); name = "Compliance"; break;
	case PK_REP_COVERAGE: tc = coverage_cols; ntc = PK_ARRAY_LEN(coverage_cols); name = "Coverage"; break;
	case PK_REP_DETENTION: tc = detention_cols; ntc = PK_ARRAY_LEN(detention_cols); name = "Detention"; break;
	default:
		pk_diag_add(d, PK_ERROR, "panel report", 0, 0, NULL, "KIT-USAGE", NULL,
			    "this report has no trend (--from/--to): compliance, coverage and detention do");
		return NULL;
	}
	long months = ((long)to_y * 12 + to_m) - ((long)from_y * 12 + from_m) + 1;
	if (months < 1 || months > 120) {
		pk_diag_add(d, PK_ERROR, "panel report", 0, 0, NULL, "KIT-USAGE", NULL,
			    months < 1 ? "--to is before --from"
				       : "a trend covers at most 120 months");
		return NULL;
	}
	struct sbuf title = SBUF_INIT;
	sbuf_addf(&title, "%s trend %04d-%02d to %04d-%02d", name, from_y, from_m, to_y, to_m);
	struct pk_report *r = pk_report_new(k == PK_REP_COMPLIANCE ? "compliance-trend"
					    : k == PK_REP_COVERAGE ? "coverage-trend" : "detention-trend",
					    title.s);
	sbuf_free(&title);
	pk_report_param(r, "from", "From", "%04d-%02d", from_y, from_m);
	pk_report_param(r, "to", "To", "%04d-%02d", to_y, to_m);
	if (team && k == PK_REP_COMPLIANCE)
		pk_report_param(r, "team", "Team", "%s", team);

	const char **cols = xcalloc((ntc + 2) * 2, sizeof *cols);
	cols[0] = "month", cols[1] = "Month", cols[2] = "as_of", cols[3] = "As of";
	for (size_t i = 0; i < ntc; i++)
		cols[(i + 2) * 2] = tc[i].key, cols[(i + 2) * 2 + 1] = tc[i].label;
	struct pk_rtable *t = pk_report_table(r, "trend", "Month by month", ntc + 2,
					      (const char *const(*)[2])cols);
	free(cols);
	t->intro = xstrdup(k == PK_REP_COMPLIANCE
			   ? "Each month's figures as recorded at the end of the following month."
			   : "The figures on the records as committed at the end of each month.");
	for (size_t i = 0; i < ntc; i++)
		if (tc[i].chart) {
			t->charts = xrealloc(t->charts, (t->ncharts + 1) * sizeof *t->charts);
			t->charts[t->ncharts++] = (int)i + 2;
		}

	int y = from_y, m = from_m, failed = 0;
	for (long i = 0; i < months && !failed; i++) {
		struct pk_diags scratch = PK_DIAGS_INIT;
		struct pk_report_opts o = {0, y, m, team};
		pk_date end = pk_date_ymd(y, m, pk_month_days(y, m));
		/* Compliance: every 14-day window of the month has closed by the
		 * end of the next month. */
		o.as_of = end;
		if (k == PK_REP_COMPLIANCE) {
			int ny = m == 12 ? y + 1 : y, nm = m == 12 ? 1 : m + 1;
			o.as_of = pk_date_ymd(ny, nm, pk_month_days(ny, nm));
		}
		if (o.as_of > today)
			o.as_of = today;
		/* History, not the working tree, for a past day: a folder that is
		 * not in a git repository has no trend (pk_source_open would fall
		 * back to the working tree and repeat today's figures). */
		struct pk_source *src = o.as_of < today ? pk_source_git_at(root, o.as_of, &scratch)
							: pk_source_dir(root, &scratch);
		if (!src) {
			failed = 1;
		} else {
			struct pk_report *mr = k == PK_REP_COMPLIANCE ? pk_report_compliance(src, &o, &scratch)
					       : k == PK_REP_COVERAGE ? pk_report_coverage(src, &o, &scratch)
					       : pk_report_detention(src, &o, &scratch);
			char a[16];
			size_t row = pk_rtable_row(t);
			pk_rcell_text(pk_rtable_cell(t, row, 0), "%04d-%02d", y, m);
			pk_rcell_text(pk_rtable_cell(t, row, 1), "%s", fmtd(o.as_of, a));
			for (size_t c = 0; c < ntc; c++) {
				const struct pk_rtable *mt = pk_report_find_table(mr, tc[c].table);
				const char *row0 = tc[c].row0 ? tc[c].row0 : team ? team : ALL_TEAMS;
				long mrow = mt ? find_row(mt, row0, tc[c].row1) : -1;
				/* One team only: its row is the total. */
				if (mt && mrow < 0 && !tc[c].row0 && mt->nrows == 1)
					mrow = 0;
				int mc = mt ? pk_rtable_col(mt, tc[c].col) : -1;
				struct pk_rcell *dst = pk_rtable_cell(t, row, c + 2);
				if (mrow >= 0 && mc >= 0)
					pk_rcell_copy(dst, pk_rtable_cell(mt, (size_t)mrow, (size_t)mc));
				else if (strcmp(tc[c].col, "rate") == 0 || strstr(tc[c].col, "share"))
					pk_rcell_rate(dst, 0, 0);
				else
					pk_rcell_count(dst);
			}
			if (i == 0)
				for (size_t n = 0; n < mr->nnotes; n++)
					pk_report_note(r, "%s", mr->notes[n]);
			pk_report_free(mr);
			pk_source_free(src);
		}
		merge_diags(d, &scratch);
		if (++m == 13)
			m = 1, y++;
	}
	if (failed) {
		pk_report_free(r);
		return NULL;
	}
	pk_report_note(r, "**Trend**: %s Records are read from git history as committed at the end "
		       "of that day (the working tree for today or later). Figures on a day after "
		       "today are taken on today.",
		       k == PK_REP_COMPLIANCE
		       ? "each month's compliance figures as they stood at the end of the following "
			 "month, when every response and audit window of the month had closed."
		       : "each month's figures as they stood at the end of the month.");
	pk_report_finish(r);
	return r;
}

/* ---------- a run ---------- */

int pk_report_run(const struct pk_report_req *q, struct sbuf *out, struct pk_diags *d)
{
	struct pk_report *r = NULL;
	struct pk_source *src = NULL;
	char err[256];
	int rc = -1;
	size_t errors = d->errors;

	if (q->trend) {
		r = pk_report_trend(q->dir, q->kind, q->from_y, q->from_m, q->to_y, q->to_m,
				    q->o.team, q->today, d);
	} else {
		src = q->at ? pk_source_at(q->dir, q->at, d) : pk_source_dir(q->dir, d);
		if (!src)
			return -1;
		switch (q->kind) {
		case PK_REP_COMPLIANCE: r = pk_report_compliance(src, &q->o, d); break;
		case PK_REP_COVERAGE: r = pk_report_coverage(src, &q->o, d); break;
		case PK_REP_DETENTION: r = pk_report_detention(src, &q->o, d); break;
		case PK_REP_ATTENDANCE: r = pk_report_attendance(src, &q->o, d); break;
		case PK_REP_AFTER: r = pk_report_after(src, &q->o, d); break;
		default: break;
		}
	}
	if (!r)
		goto cleanup;
	if (pk_report_write(r, q->format, &q->w, out, err, sizeof err) < 0) {
		pk_diag_add(d, PK_ERROR, "panel report", 0, 0, NULL, "KIT-USAGE", NULL, "%s", err);
		goto cleanup;
	}
	rc = d->errors > errors ? 1 : 0;
cleanup:
	pk_report_free(r);
	pk_source_free(src);
	return rc;
}
