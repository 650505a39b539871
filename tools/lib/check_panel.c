/* check_panel.c: the rules a panel record can break (RULES.md A and B).
 *
 * Runs after the schema and the generic reference checks of validate.c
 * (KIT-IDS: chair, members, cases, owners and approvers resolve), so it
 * only judges what the records say: grades, roles, training, who attends,
 * what was recorded, and what is late relative to ctx->today.
 *
 * Severity, one principle throughout:
 *  - a stated fact that breaks a "must" is an error (a Grade 7 case with an
 *    SEO chair, an untrained member, a disagreement without approver);
 *  - something missing that a held panel must have recorded is an error on
 *    a held panel, and a warning on a planned one (there is still time);
 *  - lateness that cannot be undone (invitations sent 10 days before, a
 *    casework response on day 20) and RULES.md's own "warning" rules
 *    (CPP-QUORUM, readiness) are warnings.
 * Cancelled panels are not checked.  Every number (14, 7, 3 days; grades)
 * comes from the rule table at the panel's date. */
#include "check.h"
#include "cpp.h"
#include "due.h"
#include "lifecycle.h"
#include "nondisclosure.h"
#include "members.h"
#include "rules.h"
#include "mem.h"
#include "text.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

struct run {
	struct pk_check_ctx *ctx;
	const struct pk_doc *doc;
	struct pk_diags *d;
	const struct pk_node *root;
	struct pk_reccache *rc;
	pk_date date;              /* the sitting */
	pk_date today;
	int held;                  /* status held */
	int planned;               /* status planned (or absent) */
	const char *chair;         /* person ID or NULL */
	const struct pk_node *chair_node;
	const struct pk_node *chair_rec;
	struct sbuf hint;          /* the next finding's hint */
};

/* What of a case the checks below read (check.h); a key read here or in
 * what they call and not listed is caught by tests/test_panel_checks.c. */
const char *const pk_panel_case_keys[] = { /* sorted (pk_node_freeze) */
	"closed",              /* KIT-LIFECYCLE: pk_case_closed, with reopened, recalls */
	"com",                 /* PF-CORE-*: who presents */
	"detention",           /* KIT-DATES, CPP-END, the sitting's tier */
	"framework",           /* KIT-IDS: a case of the panel's framework */
	"key_stages",          /* PF-EVIDENCE, PF-QUESTIONS: the Parole Board report due */
	"non_disclosable",     /* PF-NONDISCLOSURE */
	"pom",                 /* PF-CORE-CUSTODY */
	"psychology_involved", /* PF-CORE-COMMUNITY */
	"recalls",             /* KIT-LIFECYCLE */
	"reopened",            /* KIT-LIFECYCLE */
	"responsible",         /* PF-CHAIR, PF-CORE-CUSTODY */
	"wecasp",              /* PF-WOMEN */
	"woman",               /* PF-WOMEN */
};
const size_t pk_panel_case_nkeys = PK_ARRAY_LEN(pk_panel_case_keys);

/* ---- reporting ---- */

static void hint(struct run *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void hint(struct run *r, const char *fmt, ...)
{
	va_list ap;
	sbuf_reset(&r->hint);
	va_start(ap, fmt);
	sbuf_vaddf(&r->hint, fmt, ap);
	va_end(ap);
}

/* One finding at node `at` (the record's first key when NULL), with the
 * hint set just before, if any. */
static void report(struct run *r, const struct pk_node *at, enum pk_sev sev, const char *rule,
		   const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static void report(struct run *r, const struct pk_node *at, enum pk_sev sev, const char *rule,
		   const char *fmt, ...)
{
	struct sbuf msg = SBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	sbuf_vaddf(&msg, fmt, ap);
	va_end(ap);
	pk_doc_diag(r->d, r->doc, at ? at : r->root, sev, rule,
		    r->hint.len ? r->hint.s : NULL, "%s", sbuf_str(&msg));
	sbuf_free(&msg);
	sbuf_reset(&r->hint);
}

/* Missing before the sitting is readiness; missing after it is a gap. */
static enum pk_sev sev_missing(const struct run *r)
{
	return r->held ? PK_ERROR : PK_WARNING;
}

/* ---- small lookups ---- */

static char *fmt_date(pk_date d, char *buf)
{
	if (d == PK_NODATE)
		return strcpy(buf, "?");
	return pk_date_fmt(d, buf);
}

/* Non-blank text at path. */
static int has_text(const struct pk_node *n, const char *path)
{
	const char *s = pk_get_str(n, path);
	if (!s)
		return 0;
	for (; *s; s++)
		if (!isspace((unsigned char)*s))
			return 1;
	return 0;
}

/* A date, or true when the date is not known (schema: date-or-flag). */
static int date_or_flag(const struct pk_node *n, const char *path)
{
	return pk_node_date(n, path) != PK_NODATE || pk_get_bool(n, path);
}

/* A node to point at: the value at path, else its parent map `n`. */
static const struct pk_node *at_or(const struct pk_node *n, const char *path)
{
	const struct pk_node *v = pk_get(n, path);
	return v ? v : n;
}

/* The key node of `key` in map (where a finding about the key belongs). */
static const struct pk_node *key_node(const struct pk_node *map, const char *key)
{
	if (!map || map->kind != PK_MAP)
		return NULL;
	for (size_t i = 0; i < map->n; i++)
		if (strcmp(map->keys[i]->str, key) == 0)
			return map->keys[i];
	return NULL;
}

static const struct pk_node *seq_at(const struct pk_node *n, const char *path)
{
	const struct pk_node *s = pk_get(n, path);
	return s && s->kind == PK_SEQ ? s : NULL;
}

static void free_people(void *cache)
{
	pk_reccache_free(cache);
}

/* People are read once per run, not once per panel: every panel names its
 * chair and members again (a tenth of panel validate's time at 10k panels).
 * They are few beside the cases, which stay in the panel's own cache. */
static const struct pk_node *person(struct run *r, const char *id)
{
	struct pk_source *src = r->ctx->src;
	if (!src)
		return pk_reccache_get(r->rc, PK_R_PERSON, id);
	if (!src->run_cache) {
		src->run_cache = pk_reccache_new(src);
		src->free_run_cache = free_people;
	}
	return pk_reccache_get(src->run_cache, PK_R_PERSON, id);
}

/* The case ID of cases[i]; NULL when malformed. */
static const char *case_id(const struct pk_node *entry)
{
	return pk_get_str(entry, "case");
}

/* 1 when an earlier entry of cases names the same case. */
static int listed_before(const struct pk_node *cases, size_t i)
{
	const char *id = case_id(cases->items[i]);
	for (size_t j = 0; id && j < i; j++) {
		const char *o = case_id(cases->items[j]);
		if (o && strcmp(o, id) == 0)
			return 1;
	}
	return 0;
}

/* The case record of an entry, when it exists and is of the panel's
 * framework (a wrong framework is reported once, here). */
static const struct pk_node *case_rec(struct run *r, const struct pk_node *entry, const char *fw)
{
	const char *id = case_id(entry);
	const struct pk_node *c = pk_reccache_get(r->rc, PK_R_CASE, id);
	if (!c)
		return NULL;
	const char *cfw = pk_get_str(c, "framework");
	/* A case whose framework is missing or not a framework at all has its
	 * own schema error: say nothing more here, and check nothing. */
	if (!cfw || (strcmp(cfw, "detention") != 0 && strcmp(cfw, "ipp") != 0))
		return NULL;
	if (strcmp(cfw, fw) != 0) {
		hint(r, "a %s panel considers %s cases only; move %s to a%s %s panel", fw, fw, id,
		     cfw && strchr("aeiou", cfw[0]) ? "n" : "", cfw ? cfw : "matching");
		report(r, pk_get(entry, "case"), PK_ERROR, "KIT-IDS", "%s is a%s %s case, not a %s case",
		       id, cfw && strchr("aeiou", cfw[0]) ? "n" : "", cfw ? cfw : "unknown", fw);
		return NULL;
	}
	/* KIT-LIFECYCLE: a case closed by the sitting's date is out of every
	 * cadence; on a coming panel it takes a place for nothing. */
	pk_date since;
	if (r->planned && pk_case_closed(c, r->date, &since, NULL)) {
		char b1[16];
		const char *why = pk_get_str(c, "closed.reason");
		hint(r, "remove %s from the panel, or record reopened: {date} in cases/%s.yaml", id, id);
		report(r, pk_get(entry, "case"), PK_WARNING, "KIT-LIFECYCLE", "%s is closed from %s (%s)", id,
		       fmt_date(since, b1), why ? why : "no reason recorded");
	}
	return c;
}

/* The member entry of person id, present preferred; NULL when not listed. */
static const struct pk_node *member_of(const struct run *r, const char *id)
{
	const struct pk_node *ms = seq_at(r->root, "members"), *found = NULL;
	for (size_t i = 0; ms && id && i < ms->n; i++) {
		const char *p = pk_get_str(ms->items[i], "person");
		if (p && strcmp(p, id) == 0) {
			if (pk_member_present(ms->items[i]))
				return ms->items[i];
			if (!found)
				found = ms->items[i];
		}
	}
	return found;
}

/* A present member whose role is `role`, directly or as the reserve of a
 * listed member with that role (CPP-INVITE: reserves stand in). */
static const struct pk_node *role_present(const struct run *r, const char *role)
{
	const struct pk_node *ms = seq_at(r->root, "members");
	for (size_t i = 0; ms && i < ms->n; i++) {
		const struct pk_node *m = ms->items[i];
		if (!pk_member_present(m))
			continue;
		const char *mr = pk_get_str(m, "role"), *rf = pk_get_str(m, "reserve_for");
		if (mr && strcmp(mr, role) == 0)
			return m;
		for (size_t j = 0; rf && j < ms->n; j++) {
			const char *p = pk_get_str(ms->items[j], "person");
			const char *pr = pk_get_str(ms->items[j], "role");
			if (p && pr && strcmp(p, rf) == 0 && strcmp(pr, role) == 0)
				return m;
		}
	}
	return NULL;
}

/* A listed member with that role (present or not), for messages. */
static const struct pk_node *role_listed(const struct run *r, const char *role)
{
	const struct pk_node *ms = seq_at(r->root, "members");
	for (size_t i = 0; ms && i < ms->n; i++) {
		const char *mr = pk_get_str(ms->items[i], "role");
		if (mr && strcmp(mr, role) == 0)
			return ms->items[i];
	}
	return NULL;
}

static const struct pk_node *members_node(const struct run *r)
{
	const struct pk_node *k = key_node(r->root, "members");
	return k ? k : r->root;
}

/* A core role that nobody present fills: says who was listed and why they
 * do not count.  Returns 1 when reported. */
static int report_role_gap(struct run *r, const char *role, enum pk_sev sev, const char *rule,
			   const char *extra_hint)
{
	if (role_present(r, role))
		return 0;
	const struct pk_node *m = role_listed(r, role);
	if (extra_hint)
		hint(r, "%s", extra_hint);
	else
		hint(r, "invite one: add {person: ID, role: %s} to members", role);
	if (m)
		report(r, at_or(m, "attendance"), sev, rule,
		       "%s (role %s) is not represented: %s has attendance %s and no reserve stands in",
		       pk_role_label(role), role, pk_get_str(m, "person"), pk_get_str(m, "attendance"));
	else
		report(r, members_node(r), sev, rule, "no %s (role %s) on the panel",
		       pk_role_label(role), role);
	return 1;
}

/* Each action of a case entry has an owner and a due date (CPP-REC,
 * PF-RECORD).  Returns the number of actions. */
static size_t check_actions(struct run *r, const struct pk_node *entry, const char *rule)
{
	const struct pk_node *acts = seq_at(entry, "actions");
	const char *id = case_id(entry);
	const int cpp = strncmp(rule, "CPP", 3) == 0;
	char b1[16], b2[16];
	for (size_t i = 0; acts && i < acts->n; i++) {
		const struct pk_node *a = acts->items[i];
		if (!has_text(a, "owner")) {
			hint(r, "owner: the person responsible (a people ID)");
			report(r, a, PK_ERROR, rule, "%s: action %zu has no owner", id, i + 1);
		}
		pk_date due = pk_node_date(a, "due"), done = pk_node_date(a, "done");
		if (due == PK_NODATE) {
			hint(r, "due: the date it must be done by (YYYY-MM-DD)");
			report(r, a, PK_ERROR, rule, "%s: action %zu has no due date", id, i + 1);
			continue;
		}
		/* CPP-ACTION (CPP §10.2) / PF-ACTION (PF 10.7): an open action
		 * past its due date is chased (also a panel due item). */
		const char *arule = cpp ? "CPP-ACTION" : "PF-ACTION";
		if (done == PK_NODATE && r->today > pk_rule_add(pk_rule(cpp ? "cpp.action" : "pf.action", r->date), due, 1)) {
			const char *aid = pk_get_str(a, "id");
			const char *owner = pk_get_str(a, "owner");
			hint(r, "record done: the date it was done, or a correction with a new due date");
			if (aid)
				report(r, pk_get(a, "due"), PK_WARNING, arule,
				       "%s: action %s (owner %s) was due on %s and is not done (%ld days)", id, aid,
				       owner ? owner : "none", fmt_date(due, b1), (long)(r->today - due));
			else
				report(r, pk_get(a, "due"), PK_WARNING, arule,
				       "%s: action %zu (owner %s) was due on %s and is not done (%ld days)", id, i + 1,
				       owner ? owner : "none", fmt_date(due, b1), (long)(r->today - due));
		} else if (done != PK_NODATE && done < r->date) {
			hint(r, "done is the date the action was done, on or after the panel");
			report(r, pk_get(a, "done"), PK_ERROR, "KIT-DATES", "%s: action %zu done on %s, before the panel (%s)",
			       id, i + 1, fmt_date(done, b1), fmt_date(r->date, b2));
		}
	}
	return acts ? acts->n : 0;
}

/* A date recorded at `field` at least `days` before the sitting.  Late:
 * a warning.  Missing on a coming panel once its deadline has passed: a
 * readiness warning naming the date it was due (CPP-INVITE, CPP-REPORT,
 * PF-AGENDA).  `done` reads "invitations were sent"; `prefix` is "" or
 * "IPP-0001: ".  Returns 1 when the date is recorded. */
static int check_lead(struct run *r, const struct pk_node *n, const char *field, long days,
		      const char *rule, const char *prefix, const char *done,
		      const struct pk_node *at)
{
	char b1[16], b2[16];
	pk_date due = pk_add_days(r->date, -days);
	pk_date when = pk_node_date(n, field);
	if (when != PK_NODATE) {
		if (when > due) {
			hint(r, "%s: at least %ld days before the panel", rule, days);
			report(r, pk_get(n, field), PK_WARNING, rule,
			       "%s%s on %s, %ld day%s before the panel (due by %s)", prefix, done,
			       fmt_date(when, b1), r->date - when, r->date - when == 1 ? "" : "s",
			       fmt_date(due, b2));
		}
		return 1;
	}
	if (r->planned && r->date >= r->today && r->today > due) {
		hint(r, "record %s: the date, once done", field);
		report(r, at, PK_WARNING, rule,
		       "%sno record that %s; due by %s (%ld days before the panel)", prefix, done,
		       fmt_date(due, b1), days);
	}
	return 0;
}

/* ---- detention panels (RULES.md A) ---- */

/* CPP-CHAIR: the longest-detained case reached (longest_id, s->days on the
 * sitting) decides the chair grade. */
static void check_cpp_chair(struct run *r, const struct pk_cpp_sitting *s, const char *longest_id)
{
	char b[16];
	enum pk_cpp_tier tier = pk_cpp_sitting_tier(s);
	const char *need = pk_cpp_chair_grade(tier, r->date);

	if (!r->chair_rec || !need)
		return;
	const char *g = pk_get_str(r->chair_rec, "grade");
	if (pk_person_grade(r->chair_rec) < 0) {
		hint(r, "record grade: in people/%s.yaml", r->chair);
		report(r, r->chair_node, PK_ERROR, "CPP-CHAIR", "chair %s has no grade recorded", r->chair);
	} else if (pk_grade_rank(g) < pk_grade_rank(need)) {
		hint(r, "choose a chair of grade %s or above, or move %s to another panel", need, longest_id);
		report(r, r->chair_node, PK_ERROR, "CPP-CHAIR",
		       "chair %s is %s; %s is %s (%ld days detained on %s), which needs a chair of grade %s or above",
		       r->chair, g, longest_id, pk_cpp_tier_name(tier), s->days, fmt_date(r->date, b), need);
	}
}

/* CPP-MEMBER-GRADE and CPP-TRAINED for one person sitting as chair or
 * member. */
static void check_sitter(struct run *r, const char *id, const struct pk_node *at, int chair)
{
	char b1[16], b2[16];
	const struct pk_node *p = person(r, id);
	const char *what = chair ? "chair" : "member";
	if (!p)
		return;
	if (!chair) {
		const struct pk_node *m = member_of(r, id);
		const char *role = m ? pk_get_str(m, "role") : NULL;
		const char *g = pk_get_str(p, "grade");
		const char *min = pk_rule("cpp.member.grade", r->date)->text;
		/* An Independent Panel Member is recruited from outside the
		 * civil service (CPP §8.4): no grade is not a finding. */
		if (pk_person_grade(p) < 0 && !(role && strcmp(role, "ipm") == 0)) {
			hint(r, "record grade: in people/%s.yaml", id);
			report(r, at, PK_ERROR, "CPP-MEMBER-GRADE", "member %s has no grade recorded", id);
		} else if (pk_person_grade(p) >= 0 && pk_grade_rank(g) < pk_grade_rank(min)) {
			hint(r, "CPP members are %s or above (CPP §8); ask for another member", min);
			report(r, at, PK_ERROR, "CPP-MEMBER-GRADE", "member %s is %s; members are %s or above",
			       id, g, min);
		}
	}
	pk_date t = pk_node_date(p, "training.cpp");
	if (t == PK_NODATE) {
		hint(r, "record training.cpp (the date CPP training was completed) in people/%s.yaml", id);
		report(r, at, PK_ERROR, "CPP-TRAINED", "%s %s has no CPP training recorded", what, id);
	} else if (t > r->date) {
		hint(r, "CPP training must be completed before sitting; choose a trained %s", what);
		report(r, at, PK_ERROR, "CPP-TRAINED", "%s %s completed CPP training on %s, after the panel (%s)",
		       what, id, fmt_date(t, b1), fmt_date(r->date, b2));
	}
}

static void check_cpp_people(struct run *r)
{
	if (r->chair)
		check_sitter(r, r->chair, r->chair_node, 1);
	const struct pk_node *ms = seq_at(r->root, "members");
	for (size_t i = 0; ms && i < ms->n; i++) {
		const struct pk_node *m = ms->items[i];
		const char *id = pk_get_str(m, "person");
		if (!id || !pk_member_present(m) || (r->chair && strcmp(id, r->chair) == 0))
			continue;
		int dup = 0;
		for (size_t j = 0; j < i; j++) {
			const char *o = pk_get_str(ms->items[j], "person");
			if (o && strcmp(o, id) == 0 && pk_member_present(ms->items[j]))
				dup = 1;
		}
		if (!dup)
			check_sitter(r, id, pk_get(m, "person"), 0);
	}
}

/* CPP-QUORUM: the five core areas, unless the chair decided to proceed
 * and said why. */
static void check_cpp_quorum(struct run *r)
{
	const struct pk_node *pd = pk_get(r->root, "proceed_decision");
	int decided = has_text(pd, "reason");
	const char *by = pk_get_str(pd, "by");
	if (pd && decided && by && r->chair && strcmp(by, r->chair) != 0) {
		hint(r, "CPP §5: the chair decides whether to proceed");
		report(r, pk_get(pd, "by"), PK_WARNING, "CPP-QUORUM",
		       "the decision to proceed is recorded by %s, not the chair %s", by, r->chair);
	}
	if (decided)
		return;
	for (size_t i = 0; i < pk_cpp_core_nroles; i++) {
		const char *role = pk_cpp_core_roles[i];
		struct sbuf h = SBUF_INIT;
		sbuf_addf(&h, "invite one, name a reserve (reserve_for:), or record the chair's "
			      "proceed_decision with a reason%s",
			  pd ? " (proceed_decision has no reason)" : "");
		report_role_gap(r, role, PK_WARNING, "CPP-QUORUM", h.s);
		sbuf_free(&h);
	}
}

static void check_cpp_secretariat(struct run *r)
{
	const char *sec = pk_get_str(r->root, "secretariat");
	if (!sec) {
		hint(r, "secretariat: the CPP officer (a people ID with role cpp-officer)");
		report(r, NULL, sev_missing(r), "CPP-SECRETARIAT", "no secretariat (CPP officer) recorded");
		return;
	}
	const struct pk_node *p = person(r, sec);
	if (p && !pk_person_has_role(p, "cpp-officer")) {
		hint(r, "add cpp-officer to roles in people/%s.yaml, or name a CPP officer", sec);
		report(r, pk_get(r->root, "secretariat"), PK_ERROR, "CPP-SECRETARIAT",
		       "secretariat %s is not a CPP officer (no cpp-officer in roles)", sec);
	}
}

/* CPP-REC, CPP-AUDIT, CPP-RESPONSE for one case reached at a held panel. */
/* CPP-NOTIFY (CPP §11) and CPP-DCPR (CPP §11.2): the dates recorded are
 * judged against the rule table's timescales (interpretations); a missing
 * one is a line of panel todo, not a finding. */
static void check_after(struct run *r, const struct pk_node *e)
{
	char b1[16], b2[16];
	const char *id = case_id(e);
	static const struct {
		const char *field, *key, *rule, *what;
	} f[] = {
		{"notified.emailed", "cpp.notify", "CPP-NOTIFY", "casework was told of the recommendation"},
		{"dcpr_acknowledged", "cpp.dcpr", "CPP-DCPR", "the DCPR acknowledged the panel"},
	};
	for (size_t i = 0; i < PK_ARRAY_LEN(f); i++) {
		pk_date d = pk_node_date(e, f[i].field);
		if (d == PK_NODATE)
			continue;
		const struct pk_rule *row = pk_rule(f[i].key, r->date);
		pk_date due = pk_rule_add(row, r->date, 1);
		if (d < r->date) {
			hint(r, "%s is on or after the panel", f[i].field);
			report(r, pk_get(e, f[i].field), PK_ERROR, "KIT-DATES", "%s: %s on %s, before the panel (%s)",
			       id, f[i].what, fmt_date(d, b1), fmt_date(r->date, b2));
		} else if (d > due) {
			hint(r, "%s: %s (rule table, %s)", f[i].rule, row->text, f[i].key);
			report(r, pk_get(e, f[i].field), PK_WARNING, f[i].rule, "%s: %s on %s, after %s (%s)", id,
			       f[i].what, fmt_date(d, b1), fmt_date(due, b2), row->text);
		}
	}
	if ((pk_get(e, "dcpr_by") || pk_get(e, "dcpr_agreed") || pk_get(e, "dcpr_taken_forward")) &&
	    pk_node_date(e, "dcpr_acknowledged") == PK_NODATE) {
		hint(r, "dcpr_acknowledged: the date of the DCPR (CPP §11.2)");
		report(r, pk_get(e, "case"), PK_ERROR, "CPP-DCPR",
		       "%s: the DCPR acknowledgement has details but no date", id);
	}
}

static void check_cpp_outcome(struct run *r, const struct pk_node *e, enum pk_cpp_tier tier)
{
	char b1[16], b2[16];
	const char *id = case_id(e), *rec = pk_get_str(e, "recommendation");
	const struct pk_node *idn = pk_get(e, "case");

	if (!rec) {
		hint(r, "recommendation: release, maintain-with-actions, maintain or none; "
			"or reached: false if the panel did not reach the case");
		report(r, idn, PK_ERROR, "CPP-REC", "%s has no recommendation", id);
		return;
	}
	if (!has_text(e, "reasons")) {
		hint(r, "reasons: why the panel recommends %s (CPP §10)", rec);
		report(r, idn, PK_ERROR, "CPP-REC", "%s: recommendation %s has no reasons", id, rec);
	}
	pk_date ls = pk_node_date(e, "long_stop");
	if (ls == PK_NODATE) {
		hint(r, "long_stop: the longest anticipated time in detention for removal (CPP §10)");
		report(r, idn, PK_ERROR, "CPP-REC", "%s has no long-stop date", id);
	} else if (ls < r->date) {
		hint(r, "the long-stop date is the latest anticipated date of removal");
		report(r, pk_get(e, "long_stop"), PK_WARNING, "CPP-REC",
		       "%s: long-stop date %s is before the panel (%s)", id, fmt_date(ls, b1),
		       fmt_date(r->date, b2));
	}
	/* CPP §7: alternatives to detention are considered in every case;
	 * when the panel keeps detention it summarises why they are not
	 * appropriate. */
	if ((strcmp(rec, "maintain") == 0 || strcmp(rec, "maintain-with-actions") == 0) &&
	    !has_text(e, "alternatives")) {
		hint(r, "alternatives: the alternatives to detention considered (such as SoS bail) and why "
			"they are not appropriate (CPP §7)");
		report(r, pk_get(e, "recommendation"), PK_ERROR, "CPP-REC",
		       "%s: recommendation %s does not say why alternatives to detention are not appropriate",
		       id, rec);
	}
	/* CPP §8.1: the chair decides when members are split. */
	if (pk_get_bool(e, "split") && !has_text(e, "chair_decision")) {
		hint(r, "chair_decision: the chair's final decision and why (CPP §8.1)");
		report(r, pk_get(e, "split"), PK_ERROR, "CPP-REC",
		       "%s: the members were split and the chair's decision is not recorded", id);
	}
	size_t nact = check_actions(r, e, "CPP-REC");
	if (strcmp(rec, "maintain-with-actions") == 0 && nact == 0) {
		hint(r, "actions: [{action, owner, due}] (CPP §10.2)");
		report(r, pk_get(e, "recommendation"), PK_ERROR, "CPP-REC",
		       "%s: maintain-with-actions needs at least one action", id);
	}
	if (strcmp(rec, "none") == 0) {
		pk_date db = pk_node_date(e, "decide_by");
		if (db == PK_NODATE) {
			hint(r, "decide_by: the date by which a later panel can decide (CPP §10.3)");
			report(r, pk_get(e, "recommendation"), PK_ERROR, "CPP-REC",
			       "%s: recommendation none needs a decide_by date", id);
		} else if (db <= r->date) {
			hint(r, "decide_by is a later panel's date");
			report(r, pk_get(e, "decide_by"), PK_ERROR, "CPP-REC",
			       "%s: decide_by %s is not after the panel (%s)", id, fmt_date(db, b1),
			       fmt_date(r->date, b2));
		}
		return; /* no recommendation to audit or respond to */
	}

	/* CPP-AUDIT: release and actions recommendations, sitting + 14. */
	if (strcmp(rec, "release") == 0 || strcmp(rec, "maintain-with-actions") == 0) {
		pk_date due = pk_add_days(r->date, pk_rule_value("cpp.audit", r->date));
		if (pk_node_date(e, "audit.done") == PK_NODATE && r->today > due) {
			hint(r, "record audit: {done: DATE, by: ID} (CPP §10.1, §10.2)");
			report(r, idn, PK_WARNING, "CPP-AUDIT",
			       "%s: the audit of the %s recommendation was due on %s and is not recorded",
			       id, rec, fmt_date(due, b1));
		}
	}

	/* CPP-RESPONSE: agree/disagree within 14 days; a disagreement is
	 * reasoned and approved at the chair's grade and the tier's. */
	long rdays = pk_rule_value("cpp.response", r->date);
	pk_date rdue = pk_add_days(r->date, rdays);
	/* CPP §11.1: "within 2 weeks ... unless specified otherwise by the CPP
	 * Team": a recorded response_due replaces the 14 days. */
	pk_date set = pk_node_date(e, "response_due");
	if (set != PK_NODATE) {
		rdue = set;
		rdays = (long)(set - r->date);
	}
	check_after(r, e);
	const struct pk_node *resp = pk_get(e, "response");
	if (!resp || pk_is_null(resp)) {
		if (r->today > rdue) {
			hint(r, "casework records response: {decision: agree|disagree, date} (CPP §11.1)");
			report(r, idn, PK_WARNING, "CPP-RESPONSE",
			       "%s: no casework response recorded; it was due by %s (%ld days after the panel%s)",
			       id, fmt_date(rdue, b1), rdays, set != PK_NODATE ? ", set by the CPP team" : "");
		}
		return;
	}
	pk_date rd = pk_node_date(resp, "date");
	if (rd == PK_NODATE) {
		hint(r, "response.date: the day casework agreed or disagreed");
		report(r, resp, PK_ERROR, "CPP-RESPONSE", "%s: the response has no date", id);
	} else if (rd < r->date) {
		hint(r, "response.date is the day casework responded, on or after the panel");
		report(r, pk_get(resp, "date"), PK_ERROR, "KIT-DATES",
		       "%s: response date %s is before the panel (%s)", id, fmt_date(rd, b1),
		       fmt_date(r->date, b2));
	} else if (rd > rdue) {
		hint(r, "CPP §11.1: within %ld days, by %s", rdays, fmt_date(rdue, b1));
		report(r, pk_get(resp, "date"), PK_WARNING, "CPP-RESPONSE",
		       "%s: casework responded on %s, %ld days after the panel", id, fmt_date(rd, b2),
		       rd - r->date);
	}
	const char *dec = pk_get_str(resp, "decision");
	if (!dec || strcmp(dec, "disagree") != 0)
		return;
	if (!has_text(resp, "reason")) {
		hint(r, "response.reason: why casework does not follow the recommendation (CPP §11.3)");
		report(r, pk_get(resp, "decision"), PK_ERROR, "CPP-RESPONSE",
		       "%s: the disagreement has no reason", id);
	}
	const char *ap = pk_get_str(resp, "approver");
	const char *need = pk_cpp_approver_grade(tier, r->date);
	const char *cg = r->chair_rec && pk_person_grade(r->chair_rec) >= 0
				 ? pk_get_str(r->chair_rec, "grade") : NULL;
	/* The stricter of the chair's grade and the panel's tier grade. */
	const char *want = cg && (!need || pk_grade_rank(cg) >= pk_grade_rank(need)) ? cg : need;
	if (!ap) {
		hint(r, "response.approver: a people ID of grade %s or above (CPP §11.3)",
		     want ? want : "the chair's");
		report(r, pk_get(resp, "decision"), PK_ERROR, "CPP-RESPONSE",
		       "%s: the disagreement has no approver", id);
		return;
	}
	const struct pk_node *ar = person(r, ap);
	if (!ar || !want)
		return;
	const char *ag = pk_get_str(ar, "grade");
	if (pk_person_grade(ar) < 0) {
		hint(r, "record grade: in people/%s.yaml", ap);
		report(r, pk_get(resp, "approver"), PK_ERROR, "CPP-RESPONSE",
		       "%s: approver %s has no grade recorded", id, ap);
	} else if (pk_grade_rank(ag) < pk_grade_rank(want)) {
		hint(r, "a disagreement is approved at the chair's grade or above, and at least %s "
			"for this panel's longest detention (CPP §11.3)", need ? need : "the tier's grade");
		if (want == cg)
			report(r, pk_get(resp, "approver"), PK_ERROR, "CPP-RESPONSE",
			       "%s: approver %s is %s; a disagreement needs %s or above (the chair %s is %s)",
			       id, ap, ag, want, r->chair, cg);
		else
			report(r, pk_get(resp, "approver"), PK_ERROR, "CPP-RESPONSE",
			       "%s: approver %s is %s; a disagreement needs %s or above for this panel's tier",
			       id, ap, ag, want);
	}
}

static void check_detention(struct run *r)
{
	char b1[16], b2[16];
	const struct pk_node *cases = seq_at(r->root, "cases");
	struct pk_cpp_sitting sitting = PK_CPP_SITTING_INIT(r->date);
	const char *longest = NULL;

	for (size_t i = 0; cases && i < cases->n; i++) {
		const struct pk_node *e = cases->items[i];
		const char *id = case_id(e);
		if (!id)
			continue;
		if (listed_before(cases, i)) {
			hint(r, "one entry per case: each case gets exactly one recommendation");
			report(r, pk_get(e, "case"), PK_ERROR, "CPP-REC", "%s is listed twice on this panel", id);
			continue;
		}
		const struct pk_node *c = case_rec(r, e, "detention");
		if (!c)
			continue;
		pk_date start = pk_node_date(c, "detention.start");
		pk_date end = pk_node_date(c, "detention.end");
		if (start != PK_NODATE && start > r->date) {
			hint(r, "a case is considered once detained; check the panel date or detention.start");
			report(r, pk_get(e, "case"), PK_ERROR, "KIT-DATES",
			       "%s was not yet detained on %s (detention starts %s)", id,
			       fmt_date(r->date, b1), fmt_date(start, b2));
			continue;
		}
		if (end != PK_NODATE && end < r->date) {
			hint(r, "CPP-END: no reviews are due once detention has ended; remove the case");
			report(r, pk_get(e, "case"), PK_WARNING, "CPP-END", "%s left detention on %s (%s)", id,
			       fmt_date(end, b1), pk_get_str(c, "detention.end_reason")
						   ? pk_get_str(c, "detention.end_reason") : "no reason recorded");
		}
		if (pk_cpp_sitting_add(&sitting, start, pk_entry_reached(e)))
			longest = id;
	}

	enum pk_cpp_tier tier = pk_cpp_sitting_tier(&sitting);
	check_cpp_chair(r, &sitting, longest);
	check_cpp_people(r);
	check_cpp_quorum(r);
	check_cpp_secretariat(r);

	/* Readiness before the sitting (CPP-INVITE, CPP-REPORT). */
	check_lead(r, r->root, "invitations_sent", pk_rule_value("cpp.invite", r->date), "CPP-INVITE",
		   "", "invitations were sent", NULL);
	check_lead(r, r->root, "attendance_confirmed", pk_rule_value("cpp.confirm", r->date),
		   "CPP-INVITE", "", "attendance was confirmed", NULL);
	check_lead(r, r->root, "report_sent", pk_rule_value("cpp.report", r->date), "CPP-REPORT", "",
		   "the pre-panel report was sent", NULL);

	if (!r->held)
		return;
	for (size_t i = 0; cases && i < cases->n; i++) {
		const struct pk_node *e = cases->items[i];
		if (!case_id(e) || listed_before(cases, i) || !pk_entry_reached(e))
			continue;
		check_cpp_outcome(r, e, tier);
	}
}

/* ---- indeterminate-sentence panels (RULES.md B) ---- */

static int chair_has_role(const void *ctx, const char *role)
{
	const struct run *r = ctx;
	if (r->chair_rec && pk_person_has_role(r->chair_rec, role))
		return 1;
	const struct pk_node *ms = seq_at(r->root, "members");
	for (size_t i = 0; r->chair && ms && i < ms->n; i++) {
		const char *p = pk_get_str(ms->items[i], "person"), *ro = pk_get_str(ms->items[i], "role");
		if (p && ro && strcmp(p, r->chair) == 0 && strcmp(ro, role) == 0)
			return 1;
	}
	return 0;
}

static void check_pf_chair(struct run *r, enum pk_pf_chair need, const char *why_id, const char *why)
{
	if (!r->chair_rec)
		return; /* the schema requires a chair; KIT-IDS reports an unknown one */
	if (pk_pf_chair_meets(need, chair_has_role, r))
		return;
	/* PF 8.3: "an alternative approach to chairing ... where there is
	 * formal agreement by the AED": recorded with the panel. */
	pk_date ag = pk_node_date(r->root, "chair_agreement.date");
	if (pk_get_str(r->root, "chair_agreement.by") && ag != PK_NODATE) {
		char b1[16], b2[16];
		if (ag > r->date) {
			hint(r, "the AED's agreement comes before the panel (PF 8.3)");
			report(r, pk_get(r->root, "chair_agreement.date"), PK_ERROR, "PF-CHAIR",
			       "the AED agreed the chair on %s, after the panel (%s)", fmt_date(ag, b1),
			       fmt_date(r->date, b2));
		}
		return;
	}
	const char *role = pk_pf_chair_role(need);
	hint(r, "choose a %s to chair (role %s in the person's roles or on the panel), or an "
		"equivalent agreed by the AED (PF 8.3)", pk_role_label(role), role);
	report(r, r->chair_node, PK_ERROR, "PF-CHAIR", "chair %s is not a %s; %s %s, which needs a %s chair",
	       r->chair, pk_role_label(role), why_id, why, pk_role_label(role));
}

/* The case's offender manager `which` ("pom"/"com") attends. */
static void check_practitioner(struct run *r, const struct pk_node *e, const struct pk_node *c,
			       const char *which, int presents, const char *rule)
{
	const char *id = case_id(e), *pid = pk_get_str(c, which);
	if (!pid)
		return; /* not allocated */
	const struct pk_node *m = member_of(r, pid);
	const char *up = strcmp(which, "pom") == 0 ? "POM" : "COM";
	if (m && pk_member_present(m))
		return;
	hint(r, "add {person: %s, role: %s} to members%s", pid, which,
	     presents ? "; the responsible practitioner presents the case (PF 8.4)" : "");
	if (m)
		report(r, at_or(m, "attendance"), sev_missing(r), rule,
		       "%s: the %s %s%s has attendance %s", id, up, pid, presents ? ", who presents it," : "",
		       pk_get_str(m, "attendance"));
	else
		report(r, pk_get(e, "case"), sev_missing(r), rule, "%s: the %s %s%s is not on the panel", id,
		       up, pid, presents ? ", who presents it," : "");
}

static const char *parole_report(const struct run *r, const struct pk_node *e, const struct pk_node *c)
{
	return pk_pf_parole_report(pk_get_str(e, "purpose"), c, r->date);
}

static int has_evidence(const struct pk_node *e, const char *type)
{
	const struct pk_node *ev = seq_at(e, "evidence");
	for (size_t i = 0; ev && i < ev->n; i++) {
		const char *t = pk_get_str(ev->items[i], "type");
		if (t && (strcmp(t, type) == 0 ||
			  /* Recall Part B/C: either part serves (PF 9.8) */
			  (strcmp(type, "recall-part-b") == 0 && strcmp(t, "recall-part-c") == 0)))
			return 1;
	}
	return 0;
}

/* 1 once the person's agenda date (sitting - 7) has passed on a planned
 * panel, or on a held one: preparation that is missing by then is late. */
static int prep_due(const struct run *r)
{
	return r->held || (r->planned && r->date >= r->today &&
			   r->today > pk_add_days(r->date, -pk_rule_value("pf.agenda", r->date)));
}

static void check_pf_evidence(struct run *r, const struct pk_node *e, const struct pk_node *c)
{
	if (!prep_due(r))
		return;
	const char *id = case_id(e), *purpose = pk_get_str(e, "purpose");
	const struct pk_node *at = key_node(e, "evidence");
	if (!at)
		at = pk_get(e, "case");
	for (size_t i = 0; i < pk_pf_min_nevidence; i++) {
		const char *type = pk_pf_min_evidence[i], *unless = pk_pf_evidence_unless(type);
		if (has_evidence(e, type) || (unless && pk_get_bool(e, unless)))
			continue;
		if (unless)
			hint(r, "add {type: %s, date} to evidence, or set %s: true when there is none", type,
			     unless);
		else
			hint(r, "add {type: %s, date} to evidence (PF 9.6)", type);
		report(r, at, sev_missing(r), "PF-EVIDENCE", "%s: no %s in the evidence (%s)", id,
		       pk_evidence_label(type), type);
	}
	const char *rep = parole_report(r, e, c);
	if (rep && !has_evidence(e, rep)) {
		hint(r, "add {type: %s, date} to evidence (PF 9.8)", rep);
		report(r, at, sev_missing(r), "PF-EVIDENCE", "%s: no %s in the evidence (%s), which a %s panel reviews",
		       id, pk_evidence_label(rep), rep, purpose);
	}
}

/* PF-OFFENDER and PF-AGENDA for one case. */
static void check_pf_person(struct run *r, const struct pk_node *e)
{
	const char *id = case_id(e);
	const struct pk_node *p = pk_get(e, "person");
	const struct pk_node *at = p ? p : pk_get(e, "case");
	int attends = pk_get_bool(p, "attends");
	int views = date_or_flag(p, "views_recorded");

	if (r->held && !attends) {
		if (!views) {
			hint(r, "person.views_recorded: the date their views were fed in (PF 9.4)");
			report(r, at, PK_ERROR, "PF-OFFENDER",
			       "%s: the person did not attend and their views are not recorded", id);
		}
		if (!date_or_flag(p, "debriefed")) {
			hint(r, "person.debriefed: the date they were debriefed (PF 8.2, 10.5)");
			report(r, at, PK_ERROR, "PF-OFFENDER",
			       "%s: the person did not attend and no debrief is recorded", id);
		}
	} else if (!r->held && prep_due(r) && !attends && !views) {
		hint(r, "record person.attends: true, or person.views_recorded (PF 8.2, 9.4)");
		report(r, at, PK_WARNING, "PF-OFFENDER",
		       "%s: neither the person's attendance nor their views are arranged", id);
	}

	struct sbuf pre = SBUF_INIT;
	sbuf_addf(&pre, "%s: ", id);
	if (!check_lead(r, e, "person.agenda_sent", pk_rule_value("pf.agenda", r->date), "PF-AGENDA",
			pre.s, "the person's agenda was sent", pk_get(e, "case")) && r->held) {
		hint(r, "person.agenda_sent: the date the person got the agenda (PF 9.4)");
		report(r, at, PK_ERROR, "PF-AGENDA", "%s: no record that the person's agenda was sent", id);
	}
	sbuf_free(&pre);
	const char *combined = pk_get_str(r->root, "combined_with");
	if (combined && !pk_get_bool(p, "told_combined") && prep_due(r)) {
		hint(r, "person.told_combined: true once they know (PF 7.8, 9.4)");
		report(r, at, sev_missing(r), "PF-AGENDA",
		       "%s: the panel is combined with %s and the person is not recorded as told", id, combined);
	}
}

/* PF-WOMEN: WEPS and the Women's Team for a woman on the WECASP in custody
 * and at the first community panel after release (purpose
 * PF-COMMUNITY-FIRST). */
static void check_pf_women(struct run *r, const struct pk_node *e, const struct pk_node *c,
			   const char *setting)
{
	const char *id = case_id(e);
	const char *why = pk_pf_women_why(c, setting, pk_get_str(e, "purpose"));
	if (!why)
		return;
	static const struct { const char *role, *flag; } who[] = {
		{"weps", "weps_invited"}, {"womens-team", "womens_team_invited"},
	};
	const struct pk_node *w = pk_get(e, "women");
	int consulted = pk_node_date(w, "consulted") != PK_NODATE;
	for (size_t i = 0; i < PK_ARRAY_LEN(who); i++) {
		int invited = pk_get_bool(w, who[i].flag) || role_listed(r, who[i].role);
		if (!invited) {
			hint(r, "invite them and record women.%s: true (PF 9.11)", who[i].flag);
			report(r, w ? w : pk_get(e, "case"), sev_missing(r), "PF-WOMEN", "%s: %s not invited (%s)",
			       id, pk_role_label(who[i].role), why);
		} else if (r->held && !role_present(r, who[i].role) && !consulted) {
			hint(r, "record women.consulted: the date the practitioner discussed the case with them (PF 9.11)");
			report(r, w ? w : pk_get(e, "case"), PK_WARNING, "PF-WOMEN",
			       "%s: %s did not attend and no consultation before the panel is recorded", id,
			       pk_role_label(who[i].role));
		}
	}
}

/* PF-QUESTIONS and PF-RECORD for one case of a held panel. */
static void check_pf_record(struct run *r, const struct pk_node *e, const struct pk_node *c)
{
	char b1[16], b2[16];
	const char *id = case_id(e);
	const struct pk_node *idn = pk_get(e, "case");
	const char *combined = pk_get_str(r->root, "combined_with");
	static const char *const qname[] = {"a", "b", "c"};
	static const char *const qtext[] = {
		"a realistic progression plan", "robust case management", "advice to the Parole Board"};
	int nq = pk_pf_question_c(e, c, r->date) ? 3 : 2;
	for (int q = 0; q < nq; q++) {
		if (has_text(e, q == 0 ? "questions.a" : q == 1 ? "questions.b" : "questions.c"))
			continue;
		hint(r, "questions.%s: the chair's answer (PF 10.1)%s", qname[q],
		     combined ? "; a panel absorbed into another meeting is still recorded (PF 10.9)" : "");
		report(r, at_or(e, "questions"), PK_ERROR, "PF-QUESTIONS",
		       "%s: key question %c (%s) is not answered", id, 'A' + q, qtext[q]);
	}
	check_actions(r, e, "PF-RECORD");
	pk_date next = pk_node_date(e, "next_panel");
	if (next == PK_NODATE) {
		hint(r, "next_panel: the date of the next panel, where one is required (PF 10.7)%s",
		     combined ? "; a panel absorbed into another meeting is still recorded (PF 10.9)" : "");
		report(r, idn, PK_WARNING, "PF-RECORD", "%s: no next panel date recorded", id);
	} else if (next <= r->date) {
		hint(r, "next_panel is the date of the next panel, after this one");
		report(r, pk_get(e, "next_panel"), PK_ERROR, "KIT-DATES",
		       "%s: next panel %s is not after this panel (%s)", id, fmt_date(next, b1),
		       fmt_date(r->date, b2));
	}
	pk_date told = pk_node_date(e, "outcome_told");
	/* PF 10.5: news the person may see as negative is given in person by
	 * the responsible practitioner. */
	if (told != PK_NODATE && pk_get_bool(e, "negative_outcome") &&
	    !pk_get_bool(e, "person.told_in_person")) {
		hint(r, "person.told_in_person: true once the responsible practitioner gave the news in "
			"person (PF 10.5)");
		report(r, pk_get(e, "negative_outcome"), PK_WARNING, "PF-RECORD",
		       "%s: a negative outcome, and not recorded as given in person", id);
	}
	if (told == PK_NODATE) {
		hint(r, "outcome_told: the date the person was told the outcome (PF 10.5, 10.7)%s",
		     combined ? "; a panel absorbed into another meeting is still recorded (PF 10.9)" : "");
		report(r, idn, PK_WARNING, "PF-RECORD", "%s: not recorded that the person was told the outcome", id);
	} else if (told < r->date) {
		hint(r, "outcome_told is the date the person was told, on or after the panel");
		report(r, pk_get(e, "outcome_told"), PK_ERROR, "KIT-DATES",
		       "%s: outcome told on %s, before the panel (%s)", id, fmt_date(told, b1),
		       fmt_date(r->date, b2));
	}
}

static void check_ipp(struct run *r)
{
	const struct pk_node *cases = seq_at(r->root, "cases");
	const char *setting = pk_get_str(r->root, "setting");
	const char *rule = setting && strcmp(setting, "community") == 0 ? "PF-CORE-COMMUNITY"
									 : "PF-CORE-CUSTODY";
	enum pk_pf_chair need = PK_PF_CHAIR_NONE;
	const char *need_id = NULL, *need_why = NULL;
	int psychology = setting && strcmp(setting, "custody") == 0;

	for (size_t i = 0; cases && i < cases->n; i++) {
		const struct pk_node *e = cases->items[i];
		const char *id = case_id(e);
		if (!id)
			continue;
		if (listed_before(cases, i)) {
			hint(r, "one entry per case on a panel");
			report(r, pk_get(e, "case"), PK_ERROR, "KIT-IDS", "%s is listed twice on this panel", id);
			continue;
		}
		const struct pk_node *c = case_rec(r, e, "ipp");
		if (!c || !setting)
			continue;
		const char *resp = pk_get_str(c, "responsible");
		const char *why;
		int skip = !pk_entry_reached(e);
		/* PF-CHAIR: the cases the panel considered (as CPP-CHAIR). */
		enum pk_pf_chair n = skip ? PK_PF_CHAIR_NONE : pk_pf_chair_need(setting, c, &why);
		if (n > need) {
			need = n;
			need_id = id;
			need_why = why;
		}
		/* Who is responsible decides who presents (PF 8.4, 8.5). */
		if (!skip && strcmp(setting, "community") == 0) {
			check_practitioner(r, e, c, "com", 1, rule);
			if (pk_get_bool(c, "psychology_involved"))
				psychology = 1;
		} else if (!skip) {
			int com = resp && strcmp(resp, "com") == 0;
			check_practitioner(r, e, c, "pom", !com, rule);
			check_practitioner(r, e, c, "com", com, rule);
		}
		check_pf_person(r, e);
		check_pf_women(r, e, c, setting);
		check_pf_evidence(r, e, c);
		if (r->held && !skip)
			check_pf_record(r, e, c);
	}
	check_pf_chair(r, need, need_id, need_why);

	/* Core attendees who are not case-specific (PF 8.4, 8.5, PF B). */
	if (!setting)
		return;
	const char *const custody[] = {"homd", "lead-spo"};
	if (strcmp(setting, "custody") == 0)
		for (size_t i = 0; i < PK_ARRAY_LEN(custody); i++)
			report_role_gap(r, custody[i], sev_missing(r), rule, NULL);
	else if (!role_present(r, "pdu-spo") && !role_present(r, "lead-spo"))
		report_role_gap(r, "pdu-spo", sev_missing(r), rule, NULL);
	if (psychology)
		report_role_gap(r, "psychology", sev_missing(r), rule,
				strcmp(setting, "community") == 0
					? "psychology attends where it was involved through the gate (PF 8.5)"
					: NULL);
	/* The secretariat: a case administration officer, or (community) a
	 * diary manager; the panel's secretariat field serves. */
	if (!pk_get_str(r->root, "secretariat") && !role_present(r, "case-admin")) {
		hint(r, "secretariat: the case administration officer%s",
		     strcmp(setting, "community") == 0 ? " or diary manager" : " (or the prison OMU)");
		report(r, NULL, sev_missing(r), rule, "no secretariat (case administration officer) recorded");
	}
}

/* ---- rescheduled sittings (PF-RECORD, PF 10.7) ----
 * A sitting moved to rescheduled_to: each case on it whose due item the
 * original date met (deadline on or after it) but the new date misses
 * (deadline before it) is a warning on the record, citing the item's rule. */
static void check_rescheduled(struct run *r)
{
	char b1[16], b2[16], b3[16];
	pk_date to = pk_node_date(r->root, "rescheduled_to");
	const struct pk_node *cases = seq_at(r->root, "cases");
	if (to == PK_NODATE || to <= r->date || !cases || !r->ctx->src)
		return;
	struct pk_due_opts o = {.as_of = r->today, .after = 1};
	struct pk_due_ctx *dc = r->ctx->due ? r->ctx->due : pk_due_ctx_new(r->ctx->src, &o, NULL);
	struct pk_due_list items = PK_DUE_LIST_INIT;
	for (size_t i = 0; i < cases->n; i++) {
		const struct pk_node *e = cases->items[i];
		const char *id = case_id(e);
		if (!id || !pk_safe_id(id))
			continue;
		struct pk_doc *doc = pk_load_by_id(r->ctx->src, PK_R_CASE, id);
		if (doc && pk_due_case(dc, doc, &items, NULL) == 0) {
			for (size_t k = 0; k < items.n; k++) {
				const struct pk_due_item *it = &items.v[k];
				if (it->deadline == PK_NODATE || it->deadline < r->date || it->deadline >= to)
					continue;
				if (!strcmp(it->rule, "CPP-ACTION") || !strcmp(it->rule, "PF-ACTION") ||
				    !strcmp(it->rule, "PF-RAG-REVIEW"))
					continue; /* not met by a sitting */
				hint(r, "keep the case on a sitting by %s, or move it to another panel", fmt_date(it->deadline, b1));
				report(r, pk_get(r->root, "rescheduled_to"), PK_WARNING, it->rule,
				       "%s: rescheduled from %s to %s, after its deadline %s (%s)", id,
				       fmt_date(r->date, b2), fmt_date(to, b3), fmt_date(it->deadline, b1), it->reason);
			}
		}
		pk_due_list_clear(&items);
		pk_doc_free(doc);
	}
	pk_due_list_free(&items);
	if (dc != r->ctx->due)
		pk_due_ctx_free(dc);
}

/* ---- entry ---- */

void pk_check_panel(struct pk_check_ctx *ctx, const struct pk_doc *doc, struct pk_diags *d)
{
	char b1[16];
	struct run r;
	memset(&r, 0, sizeof r);
	r.ctx = ctx;
	r.doc = doc;
	r.d = d;
	r.root = pk_doc_root(doc);
	r.today = ctx->today;
	r.date = pk_node_date(r.root, "date");
	const char *status = pk_get_str(r.root, "status");
	const char *fw = pk_get_str(r.root, "framework");
	if (!r.root || r.date == PK_NODATE || !fw)
		return; /* the schema reports these */
	if (status && strcmp(status, "cancelled") == 0)
		return;
	r.held = status && strcmp(status, "held") == 0;
	r.planned = !status || strcmp(status, "planned") == 0;
	r.rc = ctx->panel_cases ? ctx->panel_cases : pk_reccache_new(ctx->src);
	r.chair = pk_get_str(r.root, "chair");
	r.chair_node = pk_get(r.root, "chair");
	r.chair_rec = person(&r, r.chair);
	int ipp = strcmp(fw, "ipp") == 0;

	if (status && strcmp(status, "rescheduled") == 0) {
		/* the schema requires rescheduled_to (PF-RECORD) */
		check_rescheduled(&r);
		goto cleanup;
	}
	if (r.planned && r.date < r.today) {
		hint(&r, "record status: held with the outcomes, rescheduled with rescheduled_to, or cancelled");
		report(&r, pk_get(r.root, "status"), PK_WARNING, ipp ? "PF-RECORD" : "CPP-REC",
		       "the panel date %s has passed and its status is still planned", fmt_date(r.date, b1));
	}
	if (strcmp(fw, "detention") == 0)
		check_detention(&r);
	else if (ipp)
		check_ipp(&r);
	/* PF-NONDISCLOSURE: a case's non-disclosable text pasted into the
	 * panel record (reasons:, purpose notes...) */
	const struct pk_node *cs = pk_map_get(r.root, "cases");
	for (size_t i = 0; cs && cs->kind == PK_SEQ && i < cs->n; i++) {
		const char *cid = pk_get_str(cs->items[i], "case");
		const struct pk_node *c = cid ? pk_reccache_get(r.rc, PK_R_CASE, cid) : NULL;
		if (c)
			pk_nd_passages(c, doc, r.today, PK_WARNING, d);
	}
cleanup:
	sbuf_free(&r.hint);
	if (r.rc != ctx->panel_cases)
		pk_reccache_free(r.rc);
}
