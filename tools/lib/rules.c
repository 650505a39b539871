/* rules.c: the rule table.  One row per interval or constant, per version.
 *
 * To record a policy change: add a row with the same key and a later `from`
 * date (keep the old row).  --as-of before that date keeps the old value.
 * Rows of one key must be in ascending `from` order (test_rules checks).
 *
 * `interpretation`: 1 = RULES.md fixes a reading of vague policy text;
 * 2 = a reading the toolkit had to choose beyond RULES.md (documented in
 * the report and in explain output).  Both live here and only here. */
#include "rules.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Home Office, Detention case progression panels v9.0, published 24 July 2025. */
#define CPP9 "CPP", "v9.0",
#define CPP9_FROM "2025-07-24"
/* HMPPS, Progression Panels for Indeterminate Sentences Policy Framework,
 * issued and implemented 17 July 2025. */
#define PF25 "PF", "July 2025",
#define PF25_FROM "2025-07-17"

static const struct pk_rule table[] = {
	/* ---- A. Detention case progression panels ---- */
	/* CPP-CYCLE: "every 3 months", months of 28 days (CPP §4). */
	{"cpp.cycle", "CPP-CYCLE", 84, PK_U_DAYS, "every 84 days (3 months of 28 days)",
	 CPP9 "§4", CPP9_FROM, 0},
	/* CPP-WINDOW: review k in the week due..due+6; counts from due-7. */
	{"cpp.window", "CPP-WINDOW", 6, PK_U_DAYS, "in the week from the due day (due to due+6)",
	 CPP9 "§2", CPP9_FROM, 1},
	{"cpp.window.early", "CPP-WINDOW", 7, PK_U_DAYS, "a panel up to 7 days early counts",
	 CPP9 "§2", CPP9_FROM, 1},
	/* CPP-TIER thresholds in days detained (CPP §5). */
	{"cpp.tier.3m", "CPP-TIER", 84, PK_U_DAYS, "3-month: 84 days detained", CPP9 "§5", CPP9_FROM, 0},
	{"cpp.tier.6m", "CPP-TIER", 168, PK_U_DAYS, "6-9-month: 168 days detained", CPP9 "§5", CPP9_FROM, 0},
	{"cpp.tier.12m", "CPP-TIER", 336, PK_U_DAYS, "12-month+: 336 days detained", CPP9 "§5", CPP9_FROM, 0},
	/* CPP-ADHOC: a referral is due on the day it asks for; no window. */
	{"cpp.adhoc.window", "CPP-ADHOC", 0, PK_U_DAYS, "on the date asked for (default: the next panel)",
	 CPP9 "§4", CPP9_FROM, 2},
	{"cpp.rerefer.window", "CPP-REREFER", 0, PK_U_DAYS, "on the recorded re-referral date",
	 CPP9 "§10.1", CPP9_FROM, 2},
	{"cpp.audit", "CPP-AUDIT", 14, PK_U_DAYS, "14 days after the panel", CPP9 "§10.1", CPP9_FROM, 0},
	{"cpp.response", "CPP-RESPONSE", 14, PK_U_DAYS, "within 14 days of the panel", CPP9 "§11.1", CPP9_FROM, 0},
	{"cpp.response.grade.3m", "CPP-RESPONSE", 4, PK_U_GRADE, "SEO", CPP9 "§11.3", CPP9_FROM, 0},
	{"cpp.response.grade.6m", "CPP-RESPONSE", 5, PK_U_GRADE, "G7", CPP9 "§11.3", CPP9_FROM, 0},
	{"cpp.chair.3m", "CPP-CHAIR", 4, PK_U_GRADE, "SEO", CPP9 "§5", CPP9_FROM, 0},
	{"cpp.chair.6m", "CPP-CHAIR", 5, PK_U_GRADE, "G7", CPP9 "§5", CPP9_FROM, 0},
	{"cpp.member.grade", "CPP-MEMBER-GRADE", 2, PK_U_GRADE, "EO", CPP9 "§8", CPP9_FROM, 0},
	{"cpp.length", "CPP-LENGTH", 150, PK_U_MINUTES, "2 hours 30 minutes", CPP9 "§5", CPP9_FROM, 0},
	{"cpp.minutes.3m", "CPP-LENGTH", 15, PK_U_MINUTES, "15 minutes a 3-month case", CPP9 "§5", CPP9_FROM, 1},
	{"cpp.minutes.6m", "CPP-LENGTH", 20, PK_U_MINUTES, "20 minutes a 6-9-month case", CPP9 "§5", CPP9_FROM, 1},
	{"cpp.minutes.12m", "CPP-LENGTH", 25, PK_U_MINUTES, "25 minutes a 12-month+ case", CPP9 "§5", CPP9_FROM, 1},
	{"cpp.minutes.light", "CPP-LENGTH", 5, PK_U_MINUTES, "5 minutes a light-touch case", CPP9 "§10.4", CPP9_FROM, 1},
	{"cpp.invite", "CPP-INVITE", 14, PK_U_DAYS, "invitations 2 weeks before", CPP9 "§6", CPP9_FROM, 0},
	{"cpp.confirm", "CPP-INVITE", 3, PK_U_DAYS, "attendance confirmed 3 days before", CPP9 "§6", CPP9_FROM, 0},
	{"cpp.report", "CPP-REPORT", 7, PK_U_DAYS, "report sent a week before", CPP9 "§6", CPP9_FROM, 0},
	{"cpp.attendance.min", "CPP-ATTENDANCE", 10, PK_U_COUNT, "at least 10 panels a year", CPP9 "§8.6", CPP9_FROM, 0},
	{"cpp.attendance.max", "CPP-ATTENDANCE", 12, PK_U_COUNT, "at most 12 panels a year", CPP9 "§8.6", CPP9_FROM, 0},
	{"cpp.attendance.period", "CPP-ATTENDANCE", 12, PK_U_MONTHS, "per 12 months", CPP9 "§8.6", CPP9_FROM, 0},
	{"cpp.compliance.period", "CPP-COMPLIANCE", 1, PK_U_MONTHS, "monthly", CPP9 "§12", CPP9_FROM, 0},
	/* CPP-COMPLIANCE: "teams who have not met expected standards" (§12);
	 * the standard is not given: every recommendation acknowledged in
	 * time (a team below 100% is listed with its SPOC, §13). */
	{"cpp.compliance.standard", "CPP-COMPLIANCE", 100, PK_U_COUNT,
	 "expected standard: every recommendation acknowledged within 14 days (100%)", CPP9 "§12", CPP9_FROM, 2},
	/* ---- A, after the panel (dates and duties a panel sets) ---- */
	/* CPP-DECIDE-BY: "a timeframe given ... to allow a subsequent CPP to
	 * make a recommendation" (§10): a later panel by that date. */
	{"cpp.decide-by", "CPP-DECIDE-BY", 0, PK_U_DAYS, "a later panel by the decide_by date the panel set",
	 CPP9 "§10", CPP9_FROM, 2},
	/* CPP-ACTION: case progression actions are done by the date the panel
	 * set; the 2-week audit (CPP-AUDIT) checks progress. */
	{"cpp.action", "CPP-ACTION", 0, PK_U_DAYS, "done by the action's due date", CPP9 "§10.2", CPP9_FROM, 2},
	/* CPP-NOTIFY: the CPP team emails casework the recommendation (§11);
	 * the policy gives no time: the day after the panel at the latest. */
	{"cpp.notify", "CPP-NOTIFY", 1, PK_U_DAYS, "casework told by email by the day after the panel",
	 CPP9 "§11", CPP9_FROM, 2},
	/* CPP-DCPR: "the next DCPR" (§11.2) records the recommendation and
	 * whether casework agreed (§11, §11.3), so it is the DCPR after the
	 * 14-day response; DCPRs are 28-day reviews (§4): by 14 + 28 days. */
	{"cpp.dcpr", "CPP-DCPR", 42, PK_U_DAYS,
	 "acknowledged in the next DCPR after the response: within 42 days of the panel (14 + 28)",
	 CPP9 "§11.2", CPP9_FROM, 2},
	{"cpp.report.rerun", "CPP-REPORT", 0, PK_U_DAYS, "report re-run on the day of the panel", CPP9 "§6", CPP9_FROM, 0},

	/* ---- B. Progression panels for indeterminate sentences ---- */
	{"pf.custody.red", "PF-CUSTODY-RAG", 12, PK_U_MONTHS, "Red: every 12 months", PF25 "6.2", PF25_FROM, 0},
	{"pf.custody.amber", "PF-CUSTODY-RAG", 18, PK_U_MONTHS, "Amber: every 18 months", PF25 "6.2", PF25_FROM, 0},
	{"pf.custody.green", "PF-CUSTODY-RAG", 0, PK_U_NONE, "Green: no routine panel", PF25 "6.2", PF25_FROM, 0},
	/* PF-CUSTODY-RAG Interpretation: no panel yet -> due at once. */
	{"pf.custody.first", "PF-CUSTODY-RAG", 0, PK_U_DAYS, "no panel yet: due at once", PF25 "6.2", PF25_FROM, 1},
	{"pf.neg-parole", "PF-NEG-PAROLE", 42, PK_U_DAYS, "within 6 weeks (42 days)", PF25 "6.3", PF25_FROM, 0},
	{"pf.recall", "PF-RECALL", 28, PK_U_DAYS, "within 28 days", PF25 "6.3", PF25_FROM, 0},
	{"pf.escalation", "PF-ESCALATION", 28, PK_U_DAYS, "within 28 days", PF25 "6.3", PF25_FROM, 1},
	{"pf.community.first", "PF-COMMUNITY-FIRST", 3, PK_U_MONTHS, "within 3 months of release",
	 PF25 "6.5", PF25_FROM, 0},
	{"pf.community.amber", "PF-COMMUNITY-RAG", 12, PK_U_MONTHS, "Amber: every 12 months", PF25 "6.6", PF25_FROM, 0},
	{"pf.community.green", "PF-COMMUNITY-RAG", 0, PK_U_NONE, "Green: key stages only", PF25 "6.6", PF25_FROM, 0},
	/* PF-COMMUNITY-RAG: no Red in the community (a validation error);
	 * the engine schedules such a case as Amber rather than drop it. */
	{"pf.community.red", "PF-COMMUNITY-RAG", 12, PK_U_MONTHS, "Red is not a community rating: scheduled as Amber",
	 PF25 "C", PF25_FROM, 2},
	/* PF-KEY-STAGES Interpretation: events within 28 days; planned steps
	 * by their recorded date. */
	{"pf.key-stage.event", "PF-KEY-STAGES", 28, PK_U_DAYS, "within 28 days of the event", PF25 "6.7", PF25_FROM, 1},
	{"pf.key-stage.planned", "PF-KEY-STAGES", 0, PK_U_DAYS, "by the planned date of the step", PF25 "6.7", PF25_FROM, 1},
	/* A panel "ahead of" a date (planned key stage, suspension,
	 * termination) is satisfied by any panel held in this window before
	 * its due date, or later (Annex A times these panels 3 months ahead). */
	{"pf.ahead.lookback", "PF-SATISFIED", 3, PK_U_MONTHS, "a panel in the 3 months before counts",
	 PF25 "A", PF25_FROM, 2},
	{"pf.suspension.lead", "PF-SUSPENSION", 3, PK_U_MONTHS, "3 months before eligibility", PF25 "A", PF25_FROM, 0},
	{"pf.suspension.ipp", "PF-SUSPENSION", 3, PK_U_YEARS, "IPP: 3 years of continuous supervision", PF25 "A", PF25_FROM, 0},
	{"pf.suspension.dpp", "PF-SUSPENSION", 2, PK_U_YEARS, "DPP: 2 years of continuous supervision", PF25 "A", PF25_FROM, 0},
	{"pf.suspension.life", "PF-SUSPENSION", 10, PK_U_YEARS, "life: 10 years of continuous supervision", PF25 "A", PF25_FROM, 0},
	{"pf.suspension.ipp.again", "PF-SUSPENSION", 4, PK_U_YEARS, "IPP, after the Parole Board declined: 4 years",
	 PF25 "A", PF25_FROM, 0},
	{"pf.suspension.dpp.again", "PF-SUSPENSION", 3, PK_U_YEARS, "DPP, after the Parole Board declined: 3 years",
	 PF25 "A", PF25_FROM, 0},
	{"pf.suspension.life.again", "PF-SUSPENSION", 12, PK_U_MONTHS, "life: 12 months after the last consideration",
	 PF25 "A", PF25_FROM, 0},
	{"pf.termination.lead", "PF-TERMINATION", 3, PK_U_MONTHS, "3 months before the report deadline", PF25 "A", PF25_FROM, 0},
	{"pf.termination.ipp", "PF-TERMINATION", 3, PK_U_YEARS, "IPP: 3 years from first release", PF25 "A", PF25_FROM, 0},
	{"pf.termination.dpp", "PF-TERMINATION", 2, PK_U_YEARS, "DPP: 2 years from first release", PF25 "A", PF25_FROM, 0},
	{"pf.life.annual", "PF-LIFE", 12, PK_U_MONTHS, "every 12 months (from the first post-release panel)",
	 PF25 "6.8", PF25_FROM, 0},
	{"pf.rag.review", "PF-RAG-REVIEW", 183, PK_U_DAYS, "reviewed every 6 months (183 days)", PF25 "6.13", PF25_FROM, 0},
	/* PF A: the purposes for which Annex A sets a panel's objectives (the
	 * staff agenda words them, templates/ipp-objectives.md); a purpose
	 * without a row here has none.  PF-KEY-STAGES stands for Annex A's
	 * "significant change", "risk of recall" and "reimposition" rows. */
	{"pf.objectives.PF-NEG-PAROLE", "PF-NEG-PAROLE", 0, PK_U_NONE,
	 "Annex A: identify the next progression steps in good time", PF25 "A", PF25_FROM, 0},
	{"pf.objectives.PF-RECALL", "PF-RECALL", 0, PK_U_NONE,
	 "Annex A: the plan for progression after recall", PF25 "A", PF25_FROM, 0},
	{"pf.objectives.PF-COMMUNITY-FIRST", "PF-COMMUNITY-FIRST", 0, PK_U_NONE,
	 "Annex A: the Risk Management Plan embedding; move-on accommodation", PF25 "A", PF25_FROM, 0},
	{"pf.objectives.PF-KEY-STAGES", "PF-KEY-STAGES", 0, PK_U_NONE,
	 "Annex A: options against a downward trajectory; reimposition", PF25 "A", PF25_FROM, 2},
	{"pf.objectives.PF-SUSPENSION", "PF-SUSPENSION", 0, PK_U_NONE,
	 "Annex A: suitability for suspension of supervision", PF25 "A", PF25_FROM, 0},
	{"pf.objectives.PF-TERMINATION", "PF-TERMINATION", 0, PK_U_NONE,
	 "Annex A: the termination report and whether termination is supported", PF25 "A", PF25_FROM, 0},
	{"pf.agenda", "PF-AGENDA", 7, PK_U_DAYS, "agenda a week before", PF25 "9.4", PF25_FROM, 0},
	{"pf.coverage", "PF-COVERAGE", 12, PK_U_MONTHS, "a panel in the last 12 months", PF25 "2.1", PF25_FROM, 0},
	/* ---- B, after the panel ---- */
	/* PF-NEXT-PANEL: "the completion of the panel, and its next date
	 * (where required)" (10.7): the next panel is due on that date. */
	{"pf.next-panel", "PF-NEXT-PANEL", 0, PK_U_DAYS, "on the next date the panel recorded", PF25 "10.7", PF25_FROM, 2},
	{"pf.action", "PF-ACTION", 0, PK_U_DAYS, "done by the action's due date", PF25 "10.7", PF25_FROM, 0},
	/* PF-MOVE-ON: the first community panel "within 3 months of release
	 * and prior to move on from Approved Premises" (PF A). */
	{"pf.move-on", "PF-MOVE-ON", 0, PK_U_DAYS, "before the move-on from Approved Premises", PF25 "A", PF25_FROM, 0},
	/* PF-RECORD (10.7): "the number of panels both arranged and that have
	 * taken place"; the report counts the 12 months to as-of. */
	{"pf.arranged.period", "PF-RECORD", 12, PK_U_MONTHS, "panels arranged and held in the last 12 months",
	 PF25 "10.7", PF25_FROM, 2},
	/* PF-DISCRETION (7.6): cases "reviewed more often than the standard
	 * required frequency": review_more_often.months replaces a longer
	 * routine interval (or Green's none). The value here is a placeholder
	 * the record's months replace. */
	{"pf.more-often", "PF-DISCRETION", 0, PK_U_MONTHS, "more often than the standard frequency, as decided",
	 PF25 "7.6", PF25_FROM, 2},
	/* PF-WEPS: for IPP women, WEPS consulted on suspension, reduction of
	 * frequency and termination decisions (4.4 "should consider"): a
	 * warning when a decision records no consultation. */
	{"pf.weps", "PF-WEPS", 0, PK_U_NONE, "WEPS consulted on decisions for women", PF25 "4.4", PF25_FROM, 1},
	/* PF-NONDISCLOSURE: "information marked non-disclosable never appears
	 * in anything the person sees".  Interpretation (panelkit's): a field
	 * the person could see that holds 6 consecutive words of a
	 * non-disclosable text (case and punctuation ignored) carries it
	 * (nondisclosure.h). */
	{"pf.nondisclosure.passage", "PF-NONDISCLOSURE", 6, PK_U_COUNT,
	 "6 consecutive words of a non-disclosable text", PF25 "9.9", PF25_FROM, 2},
};

static const char *const grades[] = {"AA", "AO", "EO", "HEO", "SEO", "G7", "G6", "SCS"};

const struct pk_rule *pk_rules_all(size_t *n)
{
	*n = sizeof table / sizeof table[0];
	return table;
}

static pk_date from_date(const struct pk_rule *r)
{
	pk_date d;
	if (pk_date_parse(r->from, &d, NULL) < 0)
		return PK_NODATE;
	return d;
}

const struct pk_rule *pk_rule_find(const struct pk_rule *tab, size_t n, const char *key, pk_date on)
{
	const struct pk_rule *first = NULL, *best = NULL;
	pk_date best_from = PK_NODATE;
	for (size_t i = 0; i < n; i++) {
		if (strcmp(tab[i].key, key) != 0)
			continue;
		pk_date f = from_date(&tab[i]);
		if (!first)
			first = &tab[i];
		if (f <= on && (!best || f >= best_from)) {
			best = &tab[i];
			best_from = f;
		}
	}
	return best ? best : first;
}

const struct pk_rule *pk_rule_at(const char *key, pk_date on)
{
	/* The engine looks rules up a dozen times per case, always with the
	 * same literal keys and as-of: a small cache keyed by the key's
	 * address keeps that off the profile (the table is constant). */
	static struct {
		const char *key;
		pk_date on;
		const struct pk_rule *row;
	} cache[64];
	size_t h = ((uintptr_t)key >> 3) % 64;
	if (cache[h].key == key && cache[h].on == on && cache[h].row &&
	    strcmp(cache[h].row->key, key) == 0)
		return cache[h].row;
	const struct pk_rule *r = pk_rule_find(table, sizeof table / sizeof table[0], key, on);
	cache[h].key = key;
	cache[h].on = on;
	cache[h].row = r;
	return r;
}

const struct pk_rule *pk_rule(const char *key, pk_date on)
{
	const struct pk_rule *r = pk_rule_at(key, on);
	if (!r) {
		fprintf(stderr, "panel: internal error: no rule table row \"%s\"\n", key);
		abort();
	}
	return r;
}

long pk_rule_value(const char *key, pk_date on)
{
	return pk_rule(key, on)->value;
}

pk_date pk_rule_add(const struct pk_rule *r, pk_date d, int times)
{
	if (d == PK_NODATE)
		return PK_NODATE;
	switch (r->unit) {
	case PK_U_DAYS: return pk_add_days(d, r->value * times);
	case PK_U_MONTHS: return pk_add_months(d, (int)r->value * times);
	case PK_U_YEARS: return pk_add_years(d, (int)r->value * times);
	default: return d;
	}
}

const char *pk_rule_doc_title(const char *doc)
{
	if (strcmp(doc, "CPP") == 0)
		return "Home Office, Detention case progression panels";
	if (strcmp(doc, "PF") == 0)
		return "HMPPS, Progression Panels for Indeterminate Sentences Policy Framework";
	return doc;
}

const char *pk_rule_cite(const struct pk_rule *r, char *buf, size_t n)
{
	/* "PF A" for an annex, "PF 6.2" for a paragraph, "CPP §4". */
	snprintf(buf, n, "%s %s", r->doc, r->section);
	return buf;
}

int pk_grade_rank(const char *grade)
{
	for (size_t i = 0; grade && i < sizeof grades / sizeof grades[0]; i++)
		if (strcmp(grades[i], grade) == 0)
			return (int)i;
	return -1;
}

const char *pk_grade_name(int rank)
{
	if (rank < 0 || (size_t)rank >= sizeof grades / sizeof grades[0])
		return NULL;
	return grades[rank];
}
