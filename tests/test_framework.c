/* cpp.c + pf.c: a framework's facts, table-driven.  Each row cites the
 * RULES.md ID (and so the rule-table row) it tests; expected values are
 * worked by hand from RULES.md, with the working in the row's comment
 * where it is not obvious.  Dates are in force under CPP v9.0 and PF July
 * 2025 (the only versions the rule table holds). */
#include <criterion/criterion.h>
#include <string.h>

#include "cpp.h"
#include "pf.h"
#include "record.h"
#include "rules.h"
#include "mem.h"

static pk_date D(const char *s)
{
	pk_date d;
	if (!s)
		return PK_NODATE;
	cr_assert_eq(pk_date_parse(s, &d, NULL), 0, "bad date in test: %s", s);
	return d;
}

static struct pk_doc *parse(const char *y)
{
	struct pk_diags d = PK_DIAGS_INIT;
	struct pk_doc *doc = pk_doc_parse("t.yaml", y, strlen(y), NULL, &d);
	cr_assert_not_null(doc, "test record does not parse:\n%s", y);
	cr_assert_eq(d.n, 0);
	pk_diags_free(&d);
	return doc;
}

#define ON "2026-11-23"

/* ---- CPP-TIER: the enum, its names, and its rows ---- */

Test(cpp, tier_round_trip)
{
	/* CPP-TIER: the four names, in order of days detained. */
	static const struct {
		enum pk_cpp_tier t;
		const char *name;
	} rows[] = {
		{PK_CPP_TIER_ADHOC, "ad-hoc"},
		{PK_CPP_TIER_3M, "3-month"},
		{PK_CPP_TIER_6_9M, "6-9-month"},
		{PK_CPP_TIER_12M, "12-month+"},
	};
	cr_assert_eq(PK_ARRAY_LEN(rows), PK_CPP_TIER_N - 1);
	for (size_t i = 0; i < PK_ARRAY_LEN(rows); i++) {
		cr_expect_str_eq(pk_cpp_tier_name(rows[i].t), rows[i].name, "CPP-TIER row %zu", i);
		cr_expect_eq(pk_cpp_tier_parse(rows[i].name), rows[i].t, "CPP-TIER %s", rows[i].name);
		cr_expect_eq(pk_cpp_tier_parse(pk_cpp_tier_name(rows[i].t)), rows[i].t);
	}
	cr_expect_null(pk_cpp_tier_name(PK_CPP_TIER_NONE));
	cr_expect_null(pk_cpp_tier_name(PK_CPP_TIER_N));
	cr_expect_eq(pk_cpp_tier_parse(NULL), PK_CPP_TIER_NONE);
	cr_expect_eq(pk_cpp_tier_parse("weekly"), PK_CPP_TIER_NONE);
	cr_expect_eq(pk_cpp_tier_parse("3-Month"), PK_CPP_TIER_NONE);
	cr_expect_eq(pk_cpp_tier_parse(""), PK_CPP_TIER_NONE);
}

Test(cpp, tier_of_days)
{
	static const struct {
		const char *rule;
		long days;
		enum pk_cpp_tier want;
	} rows[] = {
		{"CPP-TIER", 0, PK_CPP_TIER_ADHOC},     /* Interpretation: d < 84 is ad hoc */
		{"CPP-TIER", 83, PK_CPP_TIER_ADHOC},
		{"CPP-TIER", 84, PK_CPP_TIER_3M},       /* 84 <= d < 168 */
		{"CPP-TIER", 167, PK_CPP_TIER_3M},
		{"CPP-TIER", 168, PK_CPP_TIER_6_9M},    /* 168 <= d < 336 */
		{"CPP-TIER", 335, PK_CPP_TIER_6_9M},
		{"CPP-TIER", 336, PK_CPP_TIER_12M},     /* d >= 336 */
		{"CPP-TIER", 2000, PK_CPP_TIER_12M},
	};
	for (size_t i = 0; i < PK_ARRAY_LEN(rows); i++)
		cr_expect_eq(pk_cpp_tier_of(rows[i].days, D(ON)), rows[i].want, "row %zu [%s] %ld days: %s",
			     i, rows[i].rule, rows[i].days, pk_cpp_tier_name(pk_cpp_tier_of(rows[i].days, D(ON))));
	/* Where each tier starts (CPP-TIER thresholds 84 / 168 / 336). */
	cr_expect_eq(pk_cpp_tier_from(PK_CPP_TIER_NONE, D(ON)), -1);
	cr_expect_eq(pk_cpp_tier_from(PK_CPP_TIER_ADHOC, D(ON)), 0);
	cr_expect_eq(pk_cpp_tier_from(PK_CPP_TIER_3M, D(ON)), 84);
	cr_expect_eq(pk_cpp_tier_from(PK_CPP_TIER_6_9M, D(ON)), 168);
	cr_expect_eq(pk_cpp_tier_from(PK_CPP_TIER_12M, D(ON)), 336);
}

Test(cpp, what_a_tier_needs)
{
	static const struct {
		const char *rule;
		enum pk_cpp_tier t;
		const char *chair, *approver;
		int approver_rank;
		long minutes, light;
	} rows[] = {
		/* CPP-CHAIR: SEO for 3-month (ad hoc chaired as 3-month), G7 for
		 * 6-9-month and 12-month+; CPP-RESPONSE: approver SEO+ / G7+
		 * (SEO = 4, G7 = 5 in the grade order); CPP-LENGTH: 15 / 20 / 25
		 * minutes, 5 light touch. */
		{"CPP-CHAIR CPP-RESPONSE CPP-LENGTH", PK_CPP_TIER_ADHOC, "SEO", "SEO", 4, 15, 5},
		{"CPP-CHAIR CPP-RESPONSE CPP-LENGTH", PK_CPP_TIER_3M, "SEO", "SEO", 4, 15, 5},
		{"CPP-CHAIR CPP-RESPONSE CPP-LENGTH", PK_CPP_TIER_6_9M, "G7", "G7", 5, 20, 5},
		{"CPP-CHAIR CPP-RESPONSE CPP-LENGTH", PK_CPP_TIER_12M, "G7", "G7", 5, 25, 5},
		/* No tier: no chair or approver grade; planned as 3-month. */
		{"CPP-LENGTH", PK_CPP_TIER_NONE, NULL, NULL, -1, 15, 5},
	};
	for (size_t i = 0; i < PK_ARRAY_LEN(rows); i++) {
		const char *c = pk_cpp_chair_grade(rows[i].t, D(ON));
		const char *a = pk_cpp_approver_grade(rows[i].t, D(ON));
		if (rows[i].chair)
			cr_expect_str_eq(c, rows[i].chair, "row %zu [%s]: chair", i, rows[i].rule);
		else
			cr_expect_null(c, "row %zu [%s]: chair", i, rows[i].rule);
		if (rows[i].approver) {
			cr_expect_str_eq(a, rows[i].approver, "row %zu [%s]: approver", i, rows[i].rule);
			cr_expect_eq(pk_grade_rank(a), rows[i].approver_rank);
		} else {
			cr_expect_null(a, "row %zu [%s]: approver", i, rows[i].rule);
		}
		cr_expect_eq(pk_cpp_approver_rank(rows[i].t, D(ON)), rows[i].approver_rank, "row %zu [%s]", i,
			     rows[i].rule);
		cr_expect_eq(pk_cpp_minutes(rows[i].t, 0, D(ON)), rows[i].minutes, "row %zu [%s]: minutes", i,
			     rows[i].rule);
		cr_expect_eq(pk_cpp_minutes(rows[i].t, 1, D(ON)), rows[i].light, "row %zu [%s]: light", i,
			     rows[i].rule);
	}
}

/* ---- days detained (CPP-CYCLE counts from detention.start, CPP-END) ---- */

Test(cpp, days_detained)
{
	static const struct {
		const char *rule;
		const char *record;  /* detention: map */
		const char *on;
		long want;
	} rows[] = {
		{"CPP-CYCLE", "detention:\n  start: 2026-01-01\n", "2026-01-01", 0},   /* day 0 */
		{"CPP-CYCLE", "detention:\n  start: 2026-01-01\n", "2026-03-26", 84},  /* review 1 */
		{"CPP-CYCLE", "detention:\n  start: 2026-01-01\n", "2026-12-03", 336}, /* review 4 */
		{"CPP-CYCLE", "detention:\n  start: 2026-01-01\n", "2025-12-31", -1},  /* before */
		{"CPP-END", "detention:\n  start: 2026-01-01\n  end: 2026-03-01\n", "2026-03-01", 59},
		{"CPP-END", "detention:\n  start: 2026-01-01\n  end: 2026-03-01\n", "2026-03-02", -1},
		{"CPP-CYCLE", "detention:\n  end: 2026-03-01\n", "2026-02-01", -1},   /* no start */
		{"CPP-CYCLE", "detention:\n  start: 2026-01-01\n", NULL, -1},        /* no day */
	};
	for (size_t i = 0; i < PK_ARRAY_LEN(rows); i++) {
		char y[256];
		snprintf(y, sizeof y, "id: T-1\nframework: detention\n%s", rows[i].record);
		struct pk_doc *doc = parse(y);
		cr_expect_eq(pk_days_detained(pk_doc_root(doc), D(rows[i].on)), rows[i].want,
			     "row %zu [%s] on %s: %ld", i, rows[i].rule, rows[i].on ? rows[i].on : "-",
			     pk_days_detained(pk_doc_root(doc), D(rows[i].on)));
		pk_doc_free(doc);
	}
}

/* The due engine's count from a start it has read: an item due before the
 * start (an early referral) counts as day 0, so it is tiered ad hoc. */
Test(cpp, days_since)
{
	static const struct {
		const char *rule, *start, *on;
		long want;
		enum pk_cpp_tier tier;
	} rows[] = {
		{"CPP-CYCLE", "2026-01-01", "2026-01-01", 0, PK_CPP_TIER_ADHOC},
		{"CPP-CYCLE", "2026-01-01", "2026-03-26", 84, PK_CPP_TIER_3M},
		{"CPP-TIER", "2026-01-01", "2026-12-03", 336, PK_CPP_TIER_12M},
		{"CPP-ADHOC", "2026-01-01", "2025-12-20", 0, PK_CPP_TIER_ADHOC}, /* before */
	};
	for (size_t i = 0; i < PK_ARRAY_LEN(rows); i++) {
		long got = pk_cpp_days_since(D(rows[i].start), D(rows[i].on));
		cr_expect_eq(got, rows[i].want, "row %zu [%s] %s to %s: %ld", i, rows[i].rule,
			     rows[i].start, rows[i].on, got);
		cr_expect_eq(pk_cpp_tier_of(got, D(rows[i].on)), rows[i].tier, "row %zu [%s] tier", i,
			     rows[i].rule);
	}
}

/* ---- the tier of a sitting (CPP-CHAIR) ---- */

Test(cpp, sitting_tier)
{
	/* Each row: a sitting on 2026-11-23 and up to four case entries
	 * (detention.start, reached); the sitting's tier, and the entry that
	 * decides it (-1: none). */
	struct entry {
		const char *start;   /* NULL: no detention.start */
		int reached;
	};
	static const struct {
		const char *rule, *what;
		struct entry e[4];
		size_t n;
		enum pk_cpp_tier want;
		int longest;
	} rows[] = {
		{"CPP-CHAIR", "no cases", {{0}}, 0, PK_CPP_TIER_NONE, -1},
		/* 2026-08-31 + 84 = 2026-11-23: exactly 3-month. */
		{"CPP-CHAIR", "one 3-month case", {{"2026-08-31", 1}}, 1, PK_CPP_TIER_3M, 0},
		/* 2026-09-01: 83 days, ad hoc. */
		{"CPP-CHAIR", "one ad hoc case", {{"2026-09-01", 1}}, 1, PK_CPP_TIER_ADHOC, 0},
		/* 2025-12-22: 336 days; 2026-06-08: 168 days. */
		{"CPP-CHAIR", "the longest decides", {{"2026-08-31", 1}, {"2025-12-22", 1}, {"2026-06-08", 1}}, 3,
		 PK_CPP_TIER_12M, 1},
		{"CPP-CHAIR", "reached: false does not count",
		 {{"2026-08-31", 1}, {"2025-12-22", 0}, {"2026-06-08", 1}}, 3, PK_CPP_TIER_6_9M, 2},
		{"CPP-CHAIR", "not yet detained on the day", {{"2026-11-24", 1}, {"2026-09-01", 1}}, 2,
		 PK_CPP_TIER_ADHOC, 1},
		{"CPP-CHAIR", "no detention.start", {{NULL, 1}}, 1, PK_CPP_TIER_NONE, -1},
		{"CPP-CHAIR", "the first of equals", {{"2026-06-08", 1}, {"2026-06-08", 1}}, 2,
		 PK_CPP_TIER_6_9M, 0},
		/* Detained the day of the sitting: day 0, ad hoc. */
		{"CPP-CHAIR", "detained on the day", {{"2026-11-23", 1}}, 1, PK_CPP_TIER_ADHOC, 0},
	};
	for (size_t i = 0; i < PK_ARRAY_LEN(rows); i++) {
		struct pk_cpp_sitting s = PK_CPP_SITTING_INIT(D(ON));
		int longest = -1;
		for (size_t k = 0; k < rows[i].n; k++)
			if (pk_cpp_sitting_add(&s, D(rows[i].e[k].start), rows[i].e[k].reached))
				longest = (int)k;
		cr_expect_eq(pk_cpp_sitting_tier(&s), rows[i].want, "row %zu [%s] %s: %s", i, rows[i].rule,
			     rows[i].what, pk_cpp_tier_name(pk_cpp_sitting_tier(&s)));
		cr_expect_eq(longest, rows[i].longest, "row %zu [%s] %s: longest", i, rows[i].rule, rows[i].what);
	}
	/* The same by days (panel plan knows each case's days). */
	struct pk_cpp_sitting s = PK_CPP_SITTING_INIT(D(ON));
	cr_expect_eq(pk_cpp_sitting_add_days(&s, -1), 0);
	cr_expect_eq(pk_cpp_sitting_tier(&s), PK_CPP_TIER_NONE);
	cr_expect_eq(pk_cpp_sitting_add_days(&s, 200), 1);
	cr_expect_eq(pk_cpp_sitting_add_days(&s, 100), 0);
	cr_expect_eq(pk_cpp_sitting_add_days(&s, 200), 0);
	cr_expect_eq(pk_cpp_sitting_tier(&s), PK_CPP_TIER_6_9M);
	cr_expect_eq(s.days, 200);
}

/* ---- PF: RAG ratings ---- */

Test(pf, rag_round_trip)
{
	/* PF-CUSTODY-RAG, PF-COMMUNITY-RAG: the ratings, best first
	 * (PF-KEY-STAGES: a larger value is a deterioration). */
	static const struct {
		enum pk_pf_rag r;
		const char *name;
	} rows[] = {
		{PK_PF_RAG_GREEN, "green"},
		{PK_PF_RAG_AMBER, "amber"},
		{PK_PF_RAG_RED, "red"},
	};
	cr_assert_eq(PK_ARRAY_LEN(rows), PK_PF_RAG_N - 1);
	for (size_t i = 0; i < PK_ARRAY_LEN(rows); i++) {
		cr_expect_str_eq(pk_pf_rag_name(rows[i].r), rows[i].name);
		cr_expect_eq(pk_pf_rag_parse(rows[i].name), rows[i].r, "%s", rows[i].name);
	}
	cr_expect_lt(PK_PF_RAG_GREEN, PK_PF_RAG_AMBER);
	cr_expect_lt(PK_PF_RAG_AMBER, PK_PF_RAG_RED);
	cr_expect_null(pk_pf_rag_name(PK_PF_RAG_NONE));
	cr_expect_eq(pk_pf_rag_parse(NULL), PK_PF_RAG_NONE);
	cr_expect_eq(pk_pf_rag_parse("Red"), PK_PF_RAG_NONE);  /* the schema's spelling only */
	cr_expect_eq(pk_pf_rag_parse("purple"), PK_PF_RAG_NONE);
}

/* Ratings used by the rows below, in list order (index 0..3). */
#define RAGS "rag:\n" \
	"  - {rating: red, date: 2025-03-01}\n" \
	"  - {rating: amber, date: 2025-09-15}\n" \
	"  - {rating: green, date: 2025-09-15}\n" \
	"  - {rating: amber, date: 2026-02-01}\n"

Test(pf, rag_on_a_day)
{
	static const struct {
		const char *rule, *what;
		const char *rag;      /* the case's rag: list */
		const char *on;       /* NULL: PK_NODATE */
		int want;             /* index of the entry in force, -1: none */
		const char *date;     /* its date, NULL: PK_NODATE */
	} rows[] = {
		{"PF-CUSTODY-RAG", "before the first rating", RAGS, "2025-02-28", -1, NULL},
		{"PF-CUSTODY-RAG", "on the day of the first", RAGS, "2025-03-01", 0, "2025-03-01"},
		{"PF-CUSTODY-RAG", "the day before a change", RAGS, "2025-09-14", 0, "2025-03-01"},
		/* Two ratings on 2025-09-15: the later in the list is in force. */
		{"PF-CUSTODY-RAG", "on the day of a change", RAGS, "2025-09-15", 2, "2025-09-15"},
		{"PF-CUSTODY-RAG", "after a change", RAGS, "2026-01-31", 2, "2025-09-15"},
		{"PF-COMMUNITY-RAG", "after the last", RAGS, "2026-11-23", 3, "2026-02-01"},
		{"PF-CUSTODY-RAG", "no day (a document with no panel date): the latest", RAGS, NULL, 3, "2026-02-01"},
		{"PF-CUSTODY-RAG", "no rag list", "", "2026-11-23", -1, NULL},
		{"PF-CUSTODY-RAG", "rag is not a list", "rag: red\n", "2026-11-23", -1, NULL},
		/* An entry with no readable date is never in force. */
		{"PF-CUSTODY-RAG", "an undated entry",
		 "rag:\n  - {rating: red}\n  - {rating: amber, date: 2025-01-01}\n", "2026-11-23", 1, "2025-01-01"},
		/* Out of order in the list: the latest date wins, not the last entry. */
		{"PF-CUSTODY-RAG", "out of order",
		 "rag:\n  - {rating: red, date: 2026-01-01}\n  - {rating: amber, date: 2025-01-01}\n", "2026-11-23", 0,
		 "2026-01-01"},
	};
	for (size_t i = 0; i < PK_ARRAY_LEN(rows); i++) {
		char y[512];
		snprintf(y, sizeof y, "id: T-1\nframework: ipp\nsentence: ipp\nsetting: custody\n%s", rows[i].rag);
		struct pk_doc *doc = parse(y);
		const struct pk_node *root = pk_doc_root(doc);
		pk_date got_date = 12345;
		const struct pk_node *got = pk_pf_rag_on(root, D(rows[i].on), &got_date);
		const struct pk_node *l = pk_map_get(root, "rag");
		const struct pk_node *want = rows[i].want >= 0 ? l->items[rows[i].want] : NULL;
		cr_expect_eq(got, want, "row %zu [%s] %s: entry", i, rows[i].rule, rows[i].what);
		cr_expect_eq(got_date, D(rows[i].date), "row %zu [%s] %s: date", i, rows[i].rule, rows[i].what);
		cr_expect_eq(pk_pf_rag_on(root, D(rows[i].on), NULL), want);
		pk_doc_free(doc);
	}
}

/* ---- PF: where the person is ---- */

Test(pf, setting_on_a_day)
{
	static const struct {
		const char *rule, *what;
		const char *moves;    /* releases: and recalls: */
		const char *on;
		enum pk_pf_setting want;
	} rows[] = {
		{"KIT-SETTING", "never released", "", "2026-11-23", PK_PF_CUSTODY},
		{"KIT-SETTING", "before the release", "releases:\n  - {date: 2025-06-01}\n", "2025-05-31",
		 PK_PF_CUSTODY},
		{"KIT-SETTING", "on the day of release", "releases:\n  - {date: 2025-06-01}\n", "2025-06-01",
		 PK_PF_COMMUNITY},
		{"KIT-SETTING", "after the release", "releases:\n  - {date: 2025-06-01}\n", "2026-11-23",
		 PK_PF_COMMUNITY},
		{"KIT-SETTING", "the day before a recall",
		 "releases:\n  - {date: 2025-06-01}\nrecalls:\n  - {date: 2026-01-10}\n", "2026-01-09",
		 PK_PF_COMMUNITY},
		{"KIT-SETTING", "on the day of a recall",
		 "releases:\n  - {date: 2025-06-01}\nrecalls:\n  - {date: 2026-01-10}\n", "2026-01-10",
		 PK_PF_CUSTODY},
		/* A release and a recall on one day: the recall follows. */
		{"KIT-SETTING", "released and recalled the same day",
		 "releases:\n  - {date: 2025-06-01}\nrecalls:\n  - {date: 2025-06-01}\n", "2025-06-01",
		 PK_PF_CUSTODY},
		{"KIT-SETTING", "re-released",
		 "releases:\n  - {date: 2025-06-01}\n  - {date: 2026-05-01}\nrecalls:\n  - {date: 2026-01-10}\n",
		 "2026-11-23", PK_PF_COMMUNITY},
		/* PF-COMMUNITY-RAG asks this of each rating's date. */
		{"PF-COMMUNITY-RAG", "between re-release and a later day",
		 "releases:\n  - {date: 2025-06-01}\n  - {date: 2026-05-01}\nrecalls:\n  - {date: 2026-01-10}\n",
		 "2026-04-30", PK_PF_CUSTODY},
	};
	for (size_t i = 0; i < PK_ARRAY_LEN(rows); i++) {
		char y[512];
		snprintf(y, sizeof y, "id: T-1\nframework: ipp\nsentence: ipp\nsetting: custody\n%s", rows[i].moves);
		struct pk_doc *doc = parse(y);
		cr_expect_eq(pk_pf_setting_on(pk_doc_root(doc), D(rows[i].on)), rows[i].want, "row %zu [%s] %s", i,
			     rows[i].rule, rows[i].what);
		pk_doc_free(doc);
	}
}

/* ---- CPP-LENGTH: a case entry not reached rolls over ---- */

Test(cpp, entry_reached)
{
	static const struct {
		const char *rule, *entry;
		int want;
	} rows[] = {
		{"CPP-LENGTH", "case: DC-1\n", 1},                  /* absent: reached */
		{"CPP-LENGTH", "case: DC-1\nreached: true\n", 1},
		{"CPP-LENGTH", "case: DC-1\nreached: false\n", 0},
		{"CPP-LENGTH", "case: DC-1\nreached: False\n", 0},  /* YAML 1.1 spelling */
		{"CPP-LENGTH", "case: DC-1\nreached: \"false\"\n", 1},  /* a string, not false */
		{"CPP-LENGTH", "case: DC-1\nreached: no\n", 1},     /* not a boolean here */
	};
	for (size_t i = 0; i < PK_ARRAY_LEN(rows); i++) {
		struct pk_doc *doc = parse(rows[i].entry);
		cr_expect_eq(pk_entry_reached(pk_doc_root(doc)), rows[i].want, "row %zu [%s] %s", i, rows[i].rule,
			     rows[i].entry);
		pk_doc_free(doc);
	}
}

Test(pf, setting_round_trip)
{
	/* KIT-SETTING, PF-CUSTODY-RAG / PF-COMMUNITY-RAG: a case's setting. */
	cr_expect_str_eq(pk_pf_setting_name(PK_PF_CUSTODY), "custody");
	cr_expect_str_eq(pk_pf_setting_name(PK_PF_COMMUNITY), "community");
	cr_expect_null(pk_pf_setting_name(PK_PF_SETTING_NONE));
	cr_expect_null(pk_pf_setting_name(PK_PF_SETTING_N));
	for (int s = 0; s < PK_PF_SETTING_N; s++)
		cr_expect_eq(pk_pf_setting_parse(pk_pf_setting_name((enum pk_pf_setting)s)), s);
	cr_expect_eq(pk_pf_setting_parse(NULL), PK_PF_SETTING_NONE);
	cr_expect_eq(pk_pf_setting_parse("detained"), PK_PF_SETTING_NONE);
	cr_expect_eq(pk_pf_setting_parse("Custody"), PK_PF_SETTING_NONE);
}
