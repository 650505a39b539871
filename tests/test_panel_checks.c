/* check_panel.c: every panel rule of RULES.md A and B, a fixture that
 * passes and one that fails, with the exact findings (line:col, severity,
 * message, rule).  Fixtures: tests/fixtures/panels/records/, judged on
 * 2026-11-23 (the sample caseload's reference date).
 *
 * PK_DUMP=1 prints what each fixture gives, to review a change. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "members.h"
#include "record.h"
#include "rules.h"
#include "mem.h"

#define MAXF 16

struct row {
	const char *panel;       /* panels/<panel>.yaml */
	const char *today;       /* NULL: 2026-11-23 */
	const char *want[MAXF];  /* "line:col: severity: message [RULE]", in order */
};

static const struct row rows[] = {
	/* ---- after the panel (issue 15) ---- */
	{"cpp-after-ok", NULL, {NULL}},
	{"cpp-after-fail", NULL, {
		"29:64: warning: DC-0101: action route (owner cw) was due on 2026-10-15 and is not done (39 days) [CPP-ACTION]",
		"30:69: error: DC-0101: action 2 done on 2026-09-30, before the panel (2026-10-01) [KIT-DATES]",
		"32:25: warning: DC-0101: casework was told of the recommendation on 2026-10-05, after 2026-10-02 "
		"(casework told by email by the day after the panel) [CPP-NOTIFY]",
		"34:24: warning: DC-0101: the DCPR acknowledged the panel on 2026-11-20, after 2026-11-12 "
		"(acknowledged in the next DCPR after the response: within 42 days of the panel (14 + 28)) [CPP-DCPR]",
		"36:11: error: DC-0102: the DCPR acknowledgement has details but no date [CPP-DCPR]",
		"36:11: warning: DC-0102: no casework response recorded; it was due by 2026-10-08 "
		"(7 days after the panel, set by the CPP team) [CPP-RESPONSE]",
	}},
	{"pp-action-fail", NULL, {
		"32:66: warning: IPP-0101: action 1 (owner pom) was due on 2026-10-31 and is not done (23 days) [PF-ACTION]",
	}},
	{"pp-chair-agreed-ok", NULL, {NULL}},
	{"pp-chair-agreed-late", NULL, {
		"10:35: error: the AED agreed the chair on 2026-12-20, after the panel (2026-12-10) [PF-CHAIR]",
	}},
	{"cpp-closed-fail", NULL, {
		"20:11: warning: DC-0108 is closed from 2026-11-01 (removed) [KIT-LIFECYCLE]",
		"20:11: warning: DC-0108 left detention on 2026-11-01 (removed) [CPP-END]",
	}},
	{"cpp-reopened-ok", NULL, {NULL}},
	{"pp-recalled-ok", NULL, {NULL}},
	{"pp-nondisclosure-fail", NULL, {
		"27:10: warning: cases[0].questions.a repeats 6 consecutive words of the case's "
		"non_disclosable[0], starting at its word 4: a field the person can see [PF-NONDISCLOSURE]",
	}},
	{"cpp-rescheduled-ok", NULL, {NULL}},
	{"cpp-rescheduled-fail", NULL, {
		"8:17: warning: DC-0107: rescheduled from 2026-12-03 to 2026-12-17, after its deadline 2026-12-11 "
		"(review 1 at 84 days detained) [CPP-CYCLE]",
	}},

	/* ---- detention: a clean held panel passes every CPP check ---- */
	{"cpp-held-ok", NULL, {NULL}},
	{"cpp-cancelled", NULL, {NULL}},

	/* CPP-CHAIR */
	{"cpp-chair-ok", NULL, {NULL}},
	{"cpp-chair-fail", NULL, {
		"7:8: error: chair hc-seo is SEO; DC-0102 is 12-month+ (458 days detained on 2026-12-03), "
		"which needs a chair of grade G7 or above [CPP-CHAIR]",
	}},
	{"cpp-chair-nograde", NULL, {
		"7:8: error: chair nograde has no grade recorded [CPP-CHAIR]",
		"7:8: error: chair nograde has no CPP training recorded [CPP-TRAINED]",
	}},

	/* CPP-REC: CPP §7 alternatives to detention, CPP §8.1 a split panel */
	{"cpp-minutes-ok", NULL, {NULL}},
	{"cpp-minutes-fail", NULL, {
		"23:21: error: DC-0102: recommendation maintain does not say why alternatives to detention "
		"are not appropriate [CPP-REC]",
		"28:12: error: DC-0102: the members were split and the chair's decision is not recorded "
		"[CPP-REC]",
	}},

	/* CPP-MEMBER-GRADE (an IPM without a grade passes: cpp-held-ok) */
	{"cpp-member-fail", NULL, {
		"16:14: error: member ao is AO; members are EO or above [CPP-MEMBER-GRADE]",
		"17:14: error: member nograde has no grade recorded [CPP-MEMBER-GRADE]",
		"17:14: error: member nograde has no CPP training recorded [CPP-TRAINED]",
	}},

	/* CPP-TRAINED */
	{"cpp-trained-fail", NULL, {
		"7:8: error: chair hc-untrained has no CPP training recorded [CPP-TRAINED]",
		"15:14: error: member hc-late completed CPP training on 2026-10-20, after the panel "
		"(2026-10-01) [CPP-TRAINED]",
	}},

	/* CPP-QUORUM: warnings; reserves and a reasoned decision count */
	{"cpp-quorum-reserve-ok", NULL, {NULL}},
	{"cpp-quorum-proceed-ok", NULL, {NULL}},
	{"cpp-quorum-fail", NULL, {
		"10:1: warning: no Independent Panel Member (role ipm) on the panel [CPP-QUORUM]",
		"14:52: warning: Litigation Operations (role litigation-ops) is not represented: lo has "
		"attendance apologies and no reserve stands in [CPP-QUORUM]",
	}},
	{"cpp-quorum-proceed-fail", NULL, {
		"13:52: warning: Litigation Operations (role litigation-ops) is not represented: lo has "
		"attendance absent and no reserve stands in [CPP-QUORUM]",
	}},
	{"cpp-quorum-proceed-by", NULL, {
		"17:7: warning: the decision to proceed is recorded by fno, not the chair hc-g7 "
		"[CPP-QUORUM]",
	}},

	/* CPP-SECRETARIAT */
	{"cpp-secretariat-fail", NULL, {
		"8:14: error: secretariat sec-plain is not a CPP officer (no cpp-officer in roles) "
		"[CPP-SECRETARIAT]",
	}},
	{"cpp-secretariat-missing", NULL, {
		"3:1: error: no secretariat (CPP officer) recorded [CPP-SECRETARIAT]",
	}},

	/* CPP-REC */
	{"cpp-rec-fail", NULL, {
		"16:11: error: DC-0101 has no recommendation [CPP-REC]",
		"18:11: error: DC-0102: recommendation maintain-with-actions has no reasons [CPP-REC]",
		"18:11: error: DC-0102 has no long-stop date [CPP-REC]",
		"20:21: error: DC-0102: maintain-with-actions needs at least one action [CPP-REC]",
		"27:21: error: DC-0103: recommendation none needs a decide_by date [CPP-REC]",
		"29:16: warning: DC-0103: long-stop date 2026-09-01 is before the panel (2026-10-01) "
		"[CPP-REC]",
		"37:9: error: DC-0104: action 1 has no owner [CPP-REC]",
		"37:9: error: DC-0104: action 1 has no due date [CPP-REC]",
		"40:11: error: DC-0101 is listed twice on this panel [CPP-REC]",
		"42:11: warning: DC-0105 left detention on 2026-09-15 (released) [CPP-END]",
		"47:16: error: DC-0105: decide_by 2026-09-30 is not after the panel (2026-10-01) "
		"[CPP-REC]",
	}},

	/* CPP-AUDIT (maintain needs none: DC-0102 of the same fixture) */
	{"cpp-audit-fail", NULL, {
		"17:11: warning: DC-0101: the audit of the release recommendation was due on 2026-10-15 "
		"and is not recorded [CPP-AUDIT]",
	}},

	/* CPP-RESPONSE */
	{"cpp-response-fail", NULL, {
		"18:11: warning: DC-0101: no casework response recorded; it was due by 2026-10-15 (14 "
		"days after the panel) [CPP-RESPONSE]",
		"30:39: warning: DC-0102: casework responded on 2026-10-20, 19 days after the panel "
		"[CPP-RESPONSE]",
		"37:26: error: DC-0103: the disagreement has no reason [CPP-RESPONSE]",
		"37:26: error: DC-0103: the disagreement has no approver [CPP-RESPONSE]",
		"44:42: error: DC-0104: response date 2026-09-30 is before the panel (2026-10-01) "
		"[KIT-DATES]",
		"44:87: error: DC-0104: approver ap-heo is HEO; a disagreement needs G7 or above (the "
		"chair hc-g7 is G7) [CPP-RESPONSE]",
	}},
	{"cpp-response-tier", NULL, {
		"8:8: error: chair hc-seo is SEO; DC-0102 is 12-month+ (395 days detained on 2026-10-01), "
		"which needs a chair of grade G7 or above [CPP-CHAIR]",
		"23:87: error: DC-0102: approver ap-seo is SEO; a disagreement needs G7 or above for this "
		"panel's tier [CPP-RESPONSE]",
	}},

	{"cpp-response-more-fail", NULL, {
		"23:15: error: DC-0101: the response has no date [CPP-RESPONSE]",
		"30:87: error: DC-0102: approver nograde has no grade recorded [CPP-RESPONSE]",
	}},

	/* CPP-INVITE, CPP-REPORT: readiness and lateness */
	{"cpp-ready-ok", NULL, {NULL}},
	{"cpp-ready-fail", NULL, {
		"3:1: warning: no record that invitations were sent; due by 2026-11-11 (14 days before "
		"the panel) [CPP-INVITE]",
		"3:1: warning: no record that attendance was confirmed; due by 2026-11-22 (3 days before "
		"the panel) [CPP-INVITE]",
		"3:1: warning: no record that the pre-panel report was sent; due by 2026-11-18 (7 days "
		"before the panel) [CPP-REPORT]",
	}},
	{"cpp-ready-late", NULL, {
		"15:19: warning: invitations were sent on 2026-09-21, 10 days before the panel (due by "
		"2026-09-17) [CPP-INVITE]",
		"16:23: warning: attendance was confirmed on 2026-09-30, 1 day before the panel (due by "
		"2026-09-28) [CPP-INVITE]",
		"17:14: warning: the pre-panel report was sent on 2026-09-28, 3 days before the panel "
		"(due by 2026-09-24) [CPP-REPORT]",
	}},
	{"cpp-planned-past", NULL, {
		"6:9: warning: the panel date 2026-10-01 has passed and its status is still planned "
		"[CPP-REC]",
	}},
	{"cpp-cases-fail", NULL, {
		"17:11: warning: DC-0105 left detention on 2026-09-15 (released) [CPP-END]",
		"20:11: error: DC-0106 was not yet detained on 2026-10-01 (detention starts 2026-11-01) "
		"[KIT-DATES]",
		"23:11: error: IPP-0101 is an ipp case, not a detention case [KIT-IDS]",
	}},

	/* ---- indeterminate sentences ---- */
	{"pp-custody-ok", NULL, {NULL}},
	{"pp-community-ok", NULL, {NULL}},
	{"pp-rescheduled-ok", NULL, {NULL}},
	{"pp-ready-ok", NULL, {NULL}},

	/* PF-CHAIR */
	{"pp-chair-ok", NULL, {NULL}},
	{"pp-chair-fail", NULL, {
		"9:8: error: chair lspo is not a HOMD; IPP-0101 is held by the POM in custody, which "
		"needs a HOMD chair [PF-CHAIR]",
	}},

	/* PF-CORE-CUSTODY, PF-CORE-COMMUNITY */
	{"pp-core-custody-fail", NULL, {
		"4:1: error: no secretariat (case administration officer) recorded [PF-CORE-CUSTODY]",
		"11:1: error: no nominated lead SPO (role lead-spo) on the panel [PF-CORE-CUSTODY]",
		"11:1: error: no psychology services representative (role psychology) on the panel "
		"[PF-CORE-CUSTODY]",
		"13:42: error: IPP-0101: the POM pom, who presents it, has attendance apologies "
		"[PF-CORE-CUSTODY]",
		"15:11: error: IPP-0101: the COM com is not on the panel [PF-CORE-CUSTODY]",
	}},
	{"pp-core-community-fail", NULL, {
		"5:1: error: no secretariat (case administration officer) recorded [PF-CORE-COMMUNITY]",
		"11:8: error: chair homd is not a nominated PDU SPO; IPP-0103 is a community case, which "
		"needs a nominated PDU SPO chair [PF-CHAIR]",
		"12:1: error: no nominated PDU SPO (role pdu-spo) on the panel [PF-CORE-COMMUNITY]",
		"12:1: error: no psychology services representative (role psychology) on the panel "
		"[PF-CORE-COMMUNITY]",
		"14:42: error: IPP-0103: the COM com, who presents it, has attendance absent "
		"[PF-CORE-COMMUNITY]",
	}},

	/* PF-OFFENDER */
	{"pp-offender-fail", NULL, {
		"20:13: error: IPP-0101: the person did not attend and their views are not recorded "
		"[PF-OFFENDER]",
		"20:13: error: IPP-0101: the person did not attend and no debrief is recorded "
		"[PF-OFFENDER]",
	}},

	/* PF-AGENDA */
	{"pp-agenda-fail", NULL, {
		"22:13: error: IPP-0101: no record that the person's agenda was sent [PF-AGENDA]",
		"22:13: error: IPP-0101: the panel is combined with the sentence planning meeting and the "
		"person is not recorded as told [PF-AGENDA]",
		"33:42: warning: IPP-0102: the person's agenda was sent on 2026-09-28, 3 days before the "
		"panel (due by 2026-09-24) [PF-AGENDA]",
	}},

	/* PF-WOMEN */
	{"pp-women-fail", NULL, {
		"22:12: error: IPP-0102: WEPS not invited (a woman on the WECASP in custody) [PF-WOMEN]",
		"22:12: warning: IPP-0102: HMPPS Women's Team did not attend and no consultation before "
		"the panel is recorded [PF-WOMEN]",
	}},
	{"pp-women-community-fail", NULL, {
		"16:11: error: IPP-0104: WEPS not invited (the first community panel after a woman's "
		"release) [PF-WOMEN]",
		"16:11: error: IPP-0104: HMPPS Women's Team not invited (the first community panel after "
		"a woman's release) [PF-WOMEN]",
	}},

	/* PF-EVIDENCE */
	{"pp-evidence-fail", NULL, {
		"23:5: error: IPP-0101: no latest psychology risk assessment in the evidence (psychology) "
		"[PF-EVIDENCE]",
		"23:5: error: IPP-0101: no latest ACCT review in the evidence (acct) [PF-EVIDENCE]",
		"23:5: error: IPP-0101: no PAROM1 in the evidence (parom1), which a PF-NEG-PAROLE panel "
		"reviews [PF-EVIDENCE]",
	}},
	{"pp-evidence-ks-fail", NULL, {
		"19:5: error: IPP-0105: no Reimposition of Supervision Report in the evidence "
		"(reimposition-report), which a PF-KEY-STAGES panel reviews [PF-EVIDENCE]",
	}},

	/* PF-QUESTIONS */
	{"pp-questions-fail", NULL, {
		"27:16: error: IPP-0101: key question A (a realistic progression plan) is not answered "
		"[PF-QUESTIONS]",
		"27:16: error: IPP-0101: key question C (advice to the Parole Board) is not answered "
		"[PF-QUESTIONS]",
	}},

	/* PF-RECORD */
	{"pp-record-fail", NULL, {
		"20:11: warning: IPP-0101: no next panel date recorded [PF-RECORD]",
		"20:11: warning: IPP-0101: not recorded that the person was told the outcome [PF-RECORD]",
		"30:9: error: IPP-0101: action 1 has no owner [PF-RECORD]",
		"30:9: error: IPP-0101: action 1 has no due date [PF-RECORD]",
	}},

	/* PF 10.5: negative news in person */
	{"pp-told-ok", NULL, {NULL}},
	{"pp-told-fail", NULL, {
		"38:23: warning: IPP-0101: a negative outcome, and not recorded as given in person "
		"[PF-RECORD]",
	}},

	{"pp-record-dates-fail", NULL, {
		"28:17: error: IPP-0101: next panel 2026-09-01 is not after this panel (2026-10-01) "
		"[KIT-DATES]",
		"29:19: error: IPP-0101: outcome told on 2026-09-30, before the panel (2026-10-01) "
		"[KIT-DATES]",
		"30:11: error: IPP-0101 is listed twice on this panel [KIT-IDS]",
	}},
	{"pp-planned-past", NULL, {
		"6:9: warning: the panel date 2026-10-01 has passed and its status is still planned "
		"[PF-RECORD]",
	}},

	/* Readiness: the agenda date has passed on a coming panel */
	{"pp-ready-fail", NULL, {
		"19:11: warning: IPP-0101: neither the person's attendance nor their views are arranged "
		"[PF-OFFENDER]",
		"19:11: warning: IPP-0101: no record that the person's agenda was sent; due by 2026-11-20 "
		"(7 days before the panel) [PF-AGENDA]",
		"21:5: warning: IPP-0101: no latest OASys in the evidence (oasys) [PF-EVIDENCE]",
		"21:5: warning: IPP-0101: no latest psychology risk assessment in the evidence "
		"(psychology) [PF-EVIDENCE]",
		"21:5: warning: IPP-0101: no latest ACCT review in the evidence (acct) [PF-EVIDENCE]",
	}},
};

static char root[512];

static void init(void)
{
	const char *src = getenv("PANEL_SRC");
	snprintf(root, sizeof root, "%s/tests/fixtures/panels/records", src ? src : ".");
}

/* A panel's cases as validate hands them to its check: each pruned to
 * keys (pk_node_freeze) and read back (pk_doc_thaw). */
static struct pk_reccache *pruned_cases(struct pk_source *src, const struct pk_doc *panel,
					const char *const *keys, size_t nkeys)
{
	struct pk_reccache *rc = pk_reccache_new(src);
	const struct pk_node *cases = pk_map_get(pk_doc_root(panel), "cases");
	for (size_t i = 0; cases && cases->kind == PK_SEQ && i < cases->n; i++) {
		const char *id = pk_get_str(cases->items[i], "case");
		struct pk_doc *whole = id ? pk_load_by_id(src, PK_R_CASE, id) : NULL;
		if (!whole)
			continue;
		struct sbuf b = SBUF_INIT;
		pk_node_freeze(pk_doc_root(whole), keys, nkeys, &b);
		struct pk_doc *thawed = pk_doc_thaw(pk_doc_path(whole), b.s, b.len);
		cr_assert_not_null(thawed, "%s thaws", id);
		pk_reccache_put(rc, PK_R_CASE, id, thawed);
		sbuf_free(&b);
		pk_doc_free(whole);
	}
	return rc;
}

/* Runs pk_check_panel on one panel of the repository at dir, with its
 * cases whole (keys NULL) or pruned to keys; findings sorted. */
static void run_panel_in(const char *dir, const char *panel, const char *today,
			 const char *const *keys, size_t nkeys, struct pk_diags *d)
{
	struct pk_diags scratch = PK_DIAGS_INIT;
	struct pk_source *src = pk_source_dir(dir, &scratch);
	cr_assert_not_null(src, "fixture repository %s", dir);
	char rel[256];
	snprintf(rel, sizeof rel, "panels/%s.yaml", panel);
	struct pk_doc *doc = pk_source_load(src, rel, &scratch);
	cr_assert_not_null(doc, "%s does not parse", rel);
	cr_assert_eq(scratch.n, 0, "%s: %s", rel, scratch.n ? scratch.v[0].msg : "");
	pk_date t;
	cr_assert_eq(pk_date_parse(today ? today : "2026-11-23", &t, NULL), 0);
	struct pk_check_ctx ctx = {.src = src, .today = t};
	if (keys)
		ctx.panel_cases = pruned_cases(src, doc, keys, nkeys);
	pk_check_panel(&ctx, doc, d);
	pk_reccache_free(ctx.panel_cases);
	pk_diags_sort(d);
	pk_doc_free(doc);
	pk_source_free(src);
	pk_diags_free(&scratch);
}

/* Runs pk_check_panel on one fixture panel; findings sorted. */
static void run_panel(const char *panel, const char *today, struct pk_diags *d)
{
	run_panel_in(root, panel, today, NULL, 0, d);
}

static char *finding(const struct pk_diag *g)
{
	struct sbuf b = SBUF_INIT;
	sbuf_addf(&b, "%u:%u: %s: %s [%s]", g->line, g->col, g->sev == PK_ERROR ? "error" : "warning",
		  g->msg, g->rule);
	return sbuf_detach(&b);
}

Test(panel_checks, fixtures, .init = init)
{
	int dump = getenv("PK_DUMP") != NULL;
	for (size_t i = 0; i < PK_ARRAY_LEN(rows); i++) {
		struct pk_diags d = PK_DIAGS_INIT;
		run_panel(rows[i].panel, rows[i].today, &d);
		size_t want = 0;
		while (want < MAXF && rows[i].want[want])
			want++;
		if (dump) {
			printf("== %s\n", rows[i].panel);
			for (size_t k = 0; k < d.n; k++) {
				char *f = finding(&d.v[k]);
				printf("  \"%s\",\n", f);
				if (d.v[k].hint)
					printf("     hint: %s\n", d.v[k].hint);
				free(f);
			}
		}
		for (size_t k = 0; k < d.n || k < want; k++) {
			char *got = k < d.n ? finding(&d.v[k]) : xstrdup("(nothing)");
			cr_expect_str_eq(got, k < want ? rows[i].want[k] : "(nothing more)",
					 "%s, finding %zu", rows[i].panel, k + 1);
			free(got);
		}
		pk_diags_free(&d);
	}
}

/* Every finding names a RULES.md rule or a KIT- code, and every rule has
 * a fixture that breaks it. */
Test(panel_checks, every_rule_fails_somewhere, .init = init)
{
	static const char *const rules[] = {
		"CPP-CHAIR", "CPP-MEMBER-GRADE", "CPP-TRAINED", "CPP-QUORUM", "CPP-SECRETARIAT",
		"CPP-REC", "CPP-AUDIT", "CPP-RESPONSE", "CPP-INVITE", "CPP-REPORT", "CPP-END",
		"PF-CHAIR", "PF-CORE-CUSTODY", "PF-CORE-COMMUNITY", "PF-OFFENDER", "PF-AGENDA",
		"PF-WOMEN", "PF-EVIDENCE", "PF-QUESTIONS", "PF-RECORD",
		"CPP-ACTION", "PF-ACTION", "CPP-NOTIFY", "CPP-DCPR", "PF-NONDISCLOSURE", "KIT-LIFECYCLE",
	};
	for (size_t r = 0; r < PK_ARRAY_LEN(rules); r++) {
		char tag[64];
		snprintf(tag, sizeof tag, "[%s]", rules[r]);
		int seen = 0;
		for (size_t i = 0; i < PK_ARRAY_LEN(rows) && !seen; i++)
			for (size_t k = 0; k < MAXF && rows[i].want[k] && !seen; k++)
				seen = strstr(rows[i].want[k], tag) != NULL;
		cr_expect(seen, "no failing fixture for %s", rules[r]);
	}
}

/* Hints say what to do (a sample of them, exactly). */
Test(panel_checks, hints, .init = init)
{
	struct pk_diags d = PK_DIAGS_INIT;
	run_panel("cpp-chair-fail", NULL, &d);
	cr_assert_eq(d.n, 1);
	cr_expect_str_eq(d.v[0].hint, "choose a chair of grade G7 or above, or move DC-0102 to another panel");
	pk_diags_free(&d);

	run_panel("cpp-quorum-proceed-fail", NULL, &d);
	cr_assert_eq(d.n, 1);
	cr_expect_str_eq(d.v[0].hint, "invite one, name a reserve (reserve_for:), or record the chair's "
				      "proceed_decision with a reason (proceed_decision has no reason)");
	pk_diags_free(&d);

	run_panel("pp-record-fail", NULL, &d);
	cr_assert_gt(d.n, 0);
	cr_expect_str_eq(d.v[0].hint, "next_panel: the date of the next panel, where one is required "
				      "(PF 10.7); a panel absorbed into another meeting is still "
				      "recorded (PF 10.9)");
	pk_diags_free(&d);
}

/* Readiness moves with today: the same planned panel is clean a week
 * earlier (nothing was due yet). */
Test(panel_checks, readiness_depends_on_today, .init = init)
{
	struct pk_diags d = PK_DIAGS_INIT;
	run_panel("cpp-ready-fail", "2026-11-10", &d);
	cr_expect_eq(d.n, 0, "%s", d.n ? d.v[0].msg : "");
	pk_diags_free(&d);
	run_panel("pp-ready-fail", "2026-11-19", &d);
	cr_expect_eq(d.n, 0, "%s", d.n ? d.v[0].msg : "");
	pk_diags_free(&d);
	/* On the day after the invitation deadline, one warning. */
	run_panel("cpp-ready-fail", "2026-11-12", &d);
	cr_expect_eq(d.n, 1);
	pk_diags_free(&d);
}

/* validate hands a panel's check its cases pruned to pk_panel_case_keys
 * (validate.c, read once with the case): every fixture panel and every
 * panel of the sample caseload gives the same findings and hints with its
 * cases pruned as whole; and each key is needed, since leaving it out
 * changes what some panel gives.  A key a check reads and the list leaves
 * out changes findings here as soon as a fixture exercises it. */
static char *findings_of(const struct pk_diags *d)
{
	struct sbuf b = SBUF_INIT;
	for (size_t k = 0; k < d->n; k++) {
		char *f = finding(&d->v[k]);
		sbuf_addf(&b, "%s\n  hint: %s\n", f, d->v[k].hint ? d->v[k].hint : "");
		free(f);
	}
	return sbuf_detach(&b);
}

struct panel_at {
	char *dir, *panel;
};

static size_t every_panel(struct panel_at **out)
{
	const char *src = getenv("PANEL_SRC") ? getenv("PANEL_SRC") : ".";
	struct sbuf sample = SBUF_INIT;
	sbuf_addf(&sample, "%s/casefiles", src);
	const char *dirs[2] = {root, sample.s};
	size_t n = 0;
	*out = NULL;
	for (int k = 0; k < 2; k++) {
		struct sbuf cmd = SBUF_INIT;
		sbuf_addf(&cmd, "ls '%s/panels'", dirs[k]);
		FILE *ls = popen(cmd.s, "r");
		sbuf_free(&cmd);
		cr_assert_not_null(ls);
		char line[256];
		while (fgets(line, sizeof line, ls)) {
			char *dot = strstr(line, ".yaml");
			if (!dot)
				continue;
			*dot = '\0';
			*out = xrealloc(*out, (n + 1) * sizeof **out);
			(*out)[n].dir = xstrdup(dirs[k]);
			(*out)[n].panel = xstrdup(line);
			n++;
		}
		cr_assert_eq(pclose(ls), 0);
	}
	sbuf_free(&sample);
	return n;
}

static char *findings_with(const struct panel_at *p, const char *const *keys, size_t nkeys)
{
	struct pk_diags d = PK_DIAGS_INIT;
	run_panel_in(p->dir, p->panel, NULL, keys, nkeys, &d);
	char *f = findings_of(&d);
	pk_diags_free(&d);
	return f;
}

Test(panel_checks, pruned_cases_give_the_same_findings, .init = init)
{
	struct panel_at *ps;
	size_t n = every_panel(&ps), found = 0;
	cr_assert_geq(n, PK_ARRAY_LEN(rows) + 9, "%zu panels", n); /* the fixtures, the sample's 9 */
	char **whole = xcalloc(n, sizeof *whole);
	for (size_t i = 0; i < n; i++) {
		whole[i] = findings_with(&ps[i], NULL, 0);
		found += strlen(whole[i]) > 0;
		char *pruned = findings_with(&ps[i], pk_panel_case_keys, pk_panel_case_nkeys);
		cr_expect_str_eq(pruned, whole[i], "%s/panels/%s", ps[i].dir, ps[i].panel);
		free(pruned);
	}
	cr_expect_geq(found, 40, "only %zu panels with findings", found);
	const char *less[32];
	cr_assert_lt(pk_panel_case_nkeys, PK_ARRAY_LEN(less) + 1);
	for (size_t k = 1; k < pk_panel_case_nkeys; k++)
		cr_expect_lt(strcmp(pk_panel_case_keys[k - 1], pk_panel_case_keys[k]), 0,
			     "pk_panel_case_keys sorted (pk_node_freeze): %s", pk_panel_case_keys[k]);
	for (size_t k = 0; k < pk_panel_case_nkeys; k++) {
		size_t m = 0;
		for (size_t j = 0; j < pk_panel_case_nkeys; j++)
			if (j != k)
				less[m++] = pk_panel_case_keys[j];
		int differs = 0;
		for (size_t i = 0; i < n && !differs; i++) {
			char *f = findings_with(&ps[i], less, m);
			differs = strcmp(f, whole[i]) != 0;
			free(f);
		}
		cr_expect(differs, "no panel needs the case key %s", pk_panel_case_keys[k]);
	}
	for (size_t i = 0; i < n; i++) {
		free(whole[i]);
		free(ps[i].dir);
		free(ps[i].panel);
	}
	free(whole);
	free(ps);
}

/* Grades and roles (members.c); the chair and approver grade of each tier
 * are cpp.c's (tests/test_framework.c). */
Test(panel, grade_order_and_roles)
{
	cr_expect_lt(pk_grade_rank("HEO"), pk_grade_rank("SEO"));
	cr_expect_lt(pk_grade_rank("G7"), pk_grade_rank("G6"));
	cr_expect_str_eq(pk_role_label("litigation-ops"), "Litigation Operations");
	cr_expect_str_eq(pk_role_label("unheard-of"), "unheard-of");
	cr_expect_eq(pk_cpp_core_nroles, 5);
}
