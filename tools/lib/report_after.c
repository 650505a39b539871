/* report_after.c: panel report after: what happens around and after the
 * sittings (see report.h).
 *
 *  - panels: PF-RECORD (PF 10.7) "the number of panels both arranged and
 *    that have taken place": every panel record dated in the 12 months to
 *    as-of (rule table pf.arranged.period), by framework and unit.
 *  - below: CPP-COMPLIANCE (CPP §12, §13): the month's acknowledgement rate
 *    per casework team from the compliance report (computed once, there),
 *    teams under the expected standard (rule table cpp.compliance.standard)
 *    with the people whose spoc_for names the team.
 *  - actions: CPP-ACTION / PF-ACTION: open actions of held panels by owner,
 *    by how long they are past their due date; a closed case's actions are
 *    left out (KIT-LIFECYCLE). */
#include "lifecycle.h"
#include "members.h"
#include "report.h"
#include "rules.h"
#include "mem.h"

#include <stdlib.h>
#include <string.h>

static long find_row(struct pk_rtable *t, const char *c0, const char *c1)
{
	for (size_t r = 0; r < t->nrows; r++) {
		const struct pk_rcell *a = pk_rtable_cell(t, r, 0), *b = pk_rtable_cell(t, r, 1);
		if (a->kind == PK_RC_TEXT && strcmp(a->text, c0) == 0 && (!c1 || (b->kind == PK_RC_TEXT &&
										  strcmp(b->text, c1) == 0)))
			return (long)r;
	}
	return -1;
}

static size_t row_of(struct pk_rtable *t, const char *c0, const char *c1, size_t ncount)
{
	long r = find_row(t, c0, c1);
	if (r >= 0)
		return (size_t)r;
	size_t row = pk_rtable_row(t);
	pk_rcell_text(pk_rtable_cell(t, row, 0), "%s", c0);
	if (c1)
		pk_rcell_text(pk_rtable_cell(t, row, 1), "%s", c1);
	for (size_t c = c1 ? 2 : 1; c < (c1 ? 2 : 1) + ncount; c++)
		pk_rcell_count(pk_rtable_cell(t, row, c));
	return row;
}

static int row_cmp2(const struct pk_rtable *t, size_t a, size_t b)
{
	for (size_t c = 0; c < 2 && c < t->ncols; c++) {
		const struct pk_rcell *x = pk_rtable_cell(t, a, c), *y = pk_rtable_cell(t, b, c);
		const char *sx = x->kind == PK_RC_TEXT ? x->text : "", *sy = y->kind == PK_RC_TEXT ? y->text : "";
		int k = strcmp(sx, sy);
		if (k)
			return k;
	}
	return 0;
}

/* Rows sorted by their first two text cells (insertion sort: few rows). */
static void sort_rows(struct pk_rtable *t)
{
	size_t w = t->ncols;
	struct pk_rcell *tmp = xmalloc(w * sizeof *tmp);
	for (size_t i = 1; i < t->nrows; i++)
		for (size_t j = i; j > 0 && row_cmp2(t, j - 1, j) > 0; j--) {
			memcpy(tmp, &t->cells[(j - 1) * w], w * sizeof *tmp);
			memcpy(&t->cells[(j - 1) * w], &t->cells[j * w], w * sizeof *tmp);
			memcpy(&t->cells[j * w], tmp, w * sizeof *tmp);
		}
	free(tmp);
}

static void arranged(struct pk_report *r, struct pk_source *src, const struct pk_report_opts *o,
		     struct pk_diags *d)
{
	static const char *const cols[][2] = {
		{"framework", "Framework"}, {"unit", "Unit"}, {"arranged", "Arranged"}, {"held", "Held"},
		{"rescheduled", "Rescheduled"}, {"cancelled", "Cancelled"}, {"to_come", "Still to come"},
		{"not_recorded", "Date passed, not recorded"},
	};
	const struct pk_rule *per = pk_rule("pf.arranged.period", o->as_of);
	pk_date from = pk_add_days(pk_rule_add(per, o->as_of, -1), 1);
	char a[16], b[16];
	struct pk_rtable *t = pk_report_table(r, "panels", "Panels arranged and held", 8, cols);
	struct sbuf s = SBUF_INIT;
	sbuf_addf(&s, "PF-RECORD (PF 10.7): panel records dated %s to %s.", pk_date_fmt(from, a),
		  pk_date_fmt(o->as_of, b));
	t->intro = sbuf_detach(&s);
	t->empty = xstrdup("No panel is dated in the period.");
	for (size_t i = 0; i < src->n; i++) {
		if (pk_path_kind(src->paths[i]) != PK_R_PANEL)
			continue;
		struct pk_doc *doc = pk_source_load(src, src->paths[i], d);
		const struct pk_node *root = doc ? pk_doc_root(doc) : NULL;
		const char *pid = root ? pk_get_str(root, "id") : NULL, *fw = root ? pk_get_str(root, "framework") : NULL;
		const char *st = root ? pk_get_str(root, "status") : NULL;
		pk_date date = root ? pk_node_date(root, "date") : PK_NODATE;
		if (!pid || !fw || !st || date == PK_NODATE || date < from || date > o->as_of) {
			pk_doc_free(doc);
			continue;
		}
		const char *unit = strcmp(fw, "ipp") == 0 ? pk_get_str(root, "unit") : NULL;
		size_t row = row_of(t, fw, unit ? unit : "-", 6);
		pk_rcell_add(pk_rtable_cell(t, row, 2), pid);
		int col = !strcmp(st, "held") ? 3 : !strcmp(st, "rescheduled") ? 4 : !strcmp(st, "cancelled") ? 5 : 7;
		pk_rcell_add(pk_rtable_cell(t, row, (size_t)col), pid);
		pk_doc_free(doc);
	}
	/* Planned sittings after as-of, for the same rows. */
	for (size_t i = 0; i < src->n; i++) {
		if (pk_path_kind(src->paths[i]) != PK_R_PANEL)
			continue;
		struct pk_doc *doc = pk_source_load(src, src->paths[i], d);
		const struct pk_node *root = doc ? pk_doc_root(doc) : NULL;
		const char *pid = root ? pk_get_str(root, "id") : NULL, *fw = root ? pk_get_str(root, "framework") : NULL;
		const char *st = root ? pk_get_str(root, "status") : NULL;
		pk_date date = root ? pk_node_date(root, "date") : PK_NODATE;
		if (st && !strcmp(st, "rescheduled") && root)
			date = pk_node_date(root, "rescheduled_to");
		if (pid && fw && st && date != PK_NODATE && date > o->as_of &&
		    (!strcmp(st, "planned") || !strcmp(st, "rescheduled"))) {
			const char *unit = strcmp(fw, "ipp") == 0 ? pk_get_str(root, "unit") : NULL;
			pk_rcell_add(pk_rtable_cell(t, row_of(t, fw, unit ? unit : "-", 6), 6), pid);
		}
		pk_doc_free(doc);
	}
	sort_rows(t);
}

static void below(struct pk_report *r, struct pk_source *src, const struct pk_report_opts *o,
		  struct pk_diags *d)
{
	static const char *const cols[][2] = {
		{"team", "Team"}, {"rate", "Acknowledged in time"}, {"missing", "Late or missing"}, {"spoc", "SPOC"},
	};
	struct pk_report_opts co = *o;
	co.team = NULL;
	struct pk_report *c = pk_report_compliance(src, &co, d);
	const struct pk_rtable *resp = pk_report_find_table(c, "responses");
	const struct pk_rule *std = pk_rule("cpp.compliance.standard", o->as_of);
	struct pk_rtable *t = pk_report_table(r, "below", "Teams below the expected standard", 4, cols);
	struct sbuf s = SBUF_INIT;
	sbuf_addf(&s, "CPP-COMPLIANCE (CPP §12, §13), %04d-%02d: %s.", o->year, o->month, std->text);
	t->intro = sbuf_detach(&s);
	t->empty = xstrdup("None: every team met the expected standard in the month.");
	int cr = resp ? pk_rtable_col(resp, "rate") : -1, cl = resp ? pk_rtable_col(resp, "late") : -1;
	int cm = resp ? pk_rtable_col(resp, "missing") : -1;
	for (size_t i = 0; resp && cr >= 0 && cl >= 0 && cm >= 0 && i < resp->nrows; i++) {
		const struct pk_rcell *team = pk_rtable_cell(resp, i, 0), *rate = pk_rtable_cell(resp, i, (size_t)cr);
		/* Not a team: "(none)" (cases without one) and the all-teams sum. */
		if (team->kind != PK_RC_TEXT || rate->kind != PK_RC_RATE || rate->den == 0 ||
		    strcmp(team->text, "(none)") == 0 || strcmp(team->text, "All teams") == 0)
			continue;
		if (rate->num * 100 >= std->value * rate->den)
			continue;
		size_t row = pk_rtable_row(t);
		pk_rcell_text(pk_rtable_cell(t, row, 0), "%s", team->text);
		pk_rcell_rate(pk_rtable_cell(t, row, 1), rate->num, rate->den);
		struct pk_rcell *m = pk_rtable_cell(t, row, 2);
		pk_rcell_copy(m, pk_rtable_cell(resp, i, (size_t)cl));
		const struct pk_rcell *mi = pk_rtable_cell(resp, i, (size_t)cm);
		for (size_t k = 0; k < mi->n; k++)
			pk_rcell_add(m, mi->ids[k]);
		/* The team's SPOCs (CPP §13): people whose spoc_for names it. */
		struct sbuf sp = SBUF_INIT;
		for (size_t p = 0; p < src->n; p++) {
			if (pk_path_kind(src->paths[p]) != PK_R_PERSON)
				continue;
			struct pk_diags scratch = PK_DIAGS_INIT;
			struct pk_doc *doc = pk_source_load(src, src->paths[p], &scratch);
			const struct pk_node *root = doc ? pk_doc_root(doc) : NULL;
			const struct pk_node *sf = root ? pk_map_get(root, "spoc_for") : NULL;
			for (size_t k = 0; sf && sf->kind == PK_SEQ && k < sf->n; k++)
				if (sf->items[k]->kind == PK_SCALAR && strcmp(sf->items[k]->str, team->text) == 0 &&
				    pk_get_str(root, "id"))
					sbuf_addf(&sp, "%s%s", sp.len ? ", " : "", pk_get_str(root, "id"));
			pk_doc_free(doc);
			pk_diags_free(&scratch);
		}
		pk_rcell_text(pk_rtable_cell(t, row, 3), "%s", sp.len ? sp.s : "no SPOC recorded");
		sbuf_free(&sp);
	}
	pk_report_free(c);
}

static void actions(struct pk_report *r, struct pk_source *src, const struct pk_report_opts *o,
		    struct pk_diags *d)
{
	static const char *const cols[][2] = {
		{"owner", "Owner"}, {"open", "Open"}, {"not_due", "Not yet due"},
		{"overdue_28", "Overdue up to 28 days"}, {"overdue_more", "Overdue more than 28 days"},
	};
	struct pk_rtable *t = pk_report_table(r, "actions", "Open actions by owner and age", 5, cols);
	t->intro = xstrdup("CPP-ACTION (CPP §10.2), PF-ACTION (PF 10.7): actions of held panels with no done date.");
	t->empty = xstrdup("No action is open.");
	struct pk_reccache *rc = pk_reccache_new(src);
	for (size_t i = 0; i < src->n; i++) {
		if (pk_path_kind(src->paths[i]) != PK_R_PANEL)
			continue;
		struct pk_doc *doc = pk_source_load(src, src->paths[i], d);
		const struct pk_node *root = doc ? pk_doc_root(doc) : NULL;
		const char *pid = root ? pk_get_str(root, "id") : NULL;
		pk_date date = root ? pk_node_date(root, "date") : PK_NODATE;
		const struct pk_node *cs = root ? pk_map_get(root, "cases") : NULL;
		if (!pid || !pk_get_str(root, "status") || strcmp(pk_get_str(root, "status"), "held") != 0 ||
		    date == PK_NODATE || date > o->as_of)
			cs = NULL;
		for (size_t j = 0; cs && cs->kind == PK_SEQ && j < cs->n; j++) {
			const struct pk_node *e = cs->items[j], *acts = pk_map_get(e, "actions");
			const char *cid = pk_get_str(e, "case");
			const struct pk_node *c = cid ? pk_reccache_get(rc, PK_R_CASE, cid) : NULL;
			if (!cid || (c && pk_case_closed(c, o->as_of, NULL, NULL)))
				continue;
			for (size_t k = 0; acts && acts->kind == PK_SEQ && k < acts->n; k++) {
				const struct pk_node *a = acts->items[k];
				pk_date due = pk_node_date(a, "due"), done = pk_node_date(a, "done");
				if (done != PK_NODATE && done <= o->as_of)
					continue;
				const char *owner = pk_get_str(a, "owner");
				char id[256];
				if (pk_get_str(a, "id"))
					snprintf(id, sizeof id, "%s@%s", pk_get_str(a, "id"), pid);
				else
					snprintf(id, sizeof id, "%s/%s/%zu", pid, cid, k + 1);
				size_t row = row_of(t, owner ? owner : "(no owner)", NULL, 4);
				pk_rcell_add(pk_rtable_cell(t, row, 1), id);
				long late = due == PK_NODATE ? 0 : (long)(o->as_of - due);
				size_t col = due == PK_NODATE || late <= 0 ? 2 : late <= 28 ? 3 : 4;
				pk_rcell_add(pk_rtable_cell(t, row, col), id);
			}
		}
		pk_doc_free(doc);
	}
	pk_reccache_free(rc);
	sort_rows(t);
}

struct pk_report *pk_report_after(struct pk_source *src, const struct pk_report_opts *o,
				  struct pk_diags *d)
{
	char a[16];
	struct pk_report *r = pk_report_new("after", "Around and after the panels");
	pk_report_param(r, "as_of", "As of", "%s", pk_date_fmt(o->as_of, a));
	pk_report_param(r, "month", "Month (CPP §12)", "%04d-%02d", o->year, o->month);
	pk_report_param(r, "records", "Records", "%s", src->label ? src->label : "");
	arranged(r, src, o, d);
	below(r, src, o, d);
	actions(r, src, o, d);
	pk_report_note(r, "**Arranged** (PF-RECORD, PF 10.7): every panel record dated in the period, "
		       "whatever its status; **held**, **rescheduled** and **cancelled** by status; a planned "
		       "panel whose date has passed is **not recorded**. **Still to come**: planned or "
		       "rescheduled sittings after as-of.");
	pk_report_note(r, "**Below the standard** (CPP-COMPLIANCE, CPP §12, §13): the compliance "
		       "report's acknowledgement rate for the month (recommendations acknowledged within "
		       "14 days out of those due); the standard is the rule table's cpp.compliance.standard. "
		       "**SPOC**: people whose `spoc_for` names the team.");
	pk_report_note(r, "**Open actions** (CPP-ACTION, PF-ACTION): actions of held panels without "
		       "a `done` date on or before as-of, by owner; age from the action's `due` date. "
		       "Actions of closed cases (KIT-LIFECYCLE) are left out.");
	pk_report_finish(r);
	return r;
}
