/* rules.c + due.c + check_case.c: the rule table and the scheduling rules
 * of RULES.md A and B, table-driven.  Each row cites the RULES.md ID it
 * tests; expected dates are worked by hand from RULES.md (the working is in
 * the row's comment where it is not obvious).
 *
 * A row: a case record (id T-1 is added), up to four panel records (ids
 * P-1.. added), an as-of date, and the items of one rule the engine must
 * give, as "due/deadline/status" joined by ";" in the engine's order
 * ("-/-/pending" for a pending item, "" for none). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "due.h"
#include "record.h"
#include "rules.h"
#include "mem.h"

/* ---- an in-memory record source ---- */

struct mem {
	const char *rel[8];
	char *text[8];
	size_t n;
};

static int mem_read(void *ctx, const char *path, size_t max, char **buf, size_t *len, char *err,
		    size_t errlen)
{
	struct mem *m = ctx;
	(void)max;
	for (size_t i = 0; i < m->n; i++)
		if (strcmp(m->rel[i], path) == 0) {
			*len = strlen(m->text[i]);
			*buf = xstrdup(m->text[i]);
			return 0;
		}
	snprintf(err, errlen, "no such record");
	return -1;
}

static struct pk_source *mem_source(struct mem *m)
{
	struct pk_source *s = xcalloc(1, sizeof *s);
	s->root = xstrdup("mem");
	s->paths = xcalloc(m->n ? m->n : 1, sizeof *s->paths);
	for (size_t i = 0; i < m->n; i++)
		s->paths[i] = xstrdup(m->rel[i]);
	s->n = m->n;
	s->ctx = m;
	s->read = mem_read;
	s->label = xstrdup("memory");
	s->prefix = xstrdup("");
	return s;
}

static pk_date D(const char *s)
{
	pk_date d;
	cr_assert_eq(pk_date_parse(s, &d, NULL), 0, "bad date in test: %s", s);
	return d;
}

/* ---- record snippets ---- */

#define DET(start) "framework: detention\nteam: north\ndetention:\n  start: " start "\n"
#define IPP(sentence, setting) "framework: ipp\nteam: t\nsentence: " sentence "\nsetting: " setting "\n"
#define RAG1(rating, date) "rag:\n  - {rating: " rating ", date: " date "}\n"
#define REL1(date) "releases:\n  - {date: " date "}\n"
#define CPP(date, status) "framework: detention\ndate: " date "\nstatus: " status "\ncases:\n  - case: T-1\n"
#define PP(date, purpose) \
	"framework: ipp\ndate: " date "\nstatus: held\ncases:\n  - case: T-1\n    purpose: " purpose "\n"

struct row {
	const char *rule;        /* RULES.md ID under test */
	const char *what;
	const char *as_of;
	const char *c;           /* case record without id */
	const char *p[4];        /* panel records without id */
	const char *expect;      /* items of `rule` */
	const char *reason_has;  /* substring of the first item's reason, or NULL */
	const char *tier;        /* CPP-TIER of the first item, or NULL */
};

static const struct row rows[] = {
	/* ---- CPP-CYCLE / CPP-WINDOW: review k due start + 84k, window to +6 ---- */
	/* 2026-01-01 + 84 days = 2026-03-26 (Jan 30 + Feb 28 + Mar 26). */
	{"CPP-CYCLE", "review 1 before its day", "2026-03-20", DET("2026-01-01"), {NULL},
	 "2026-03-26/2026-04-01/upcoming", "review 1 at 84 days", "3-month"},
	{"CPP-WINDOW", "due on its day", "2026-03-26", DET("2026-01-01"), {NULL},
	 "2026-03-26/2026-04-01/due", NULL, NULL},
	{"CPP-WINDOW", "still due on due+6", "2026-04-01", DET("2026-01-01"), {NULL},
	 "2026-03-26/2026-04-01/due", NULL, NULL},
	{"CPP-WINDOW", "overdue after due+6", "2026-04-02", DET("2026-01-01"), {NULL},
	 "2026-03-26/2026-04-01/overdue", NULL, NULL},
	/* 2026-01-01 + 168 = 2026-06-18. */
	{"CPP-WINDOW", "a panel on due-7 counts for the review", "2026-04-10", DET("2026-01-01"),
	 {CPP("2026-03-19", "held")}, "2026-06-18/2026-06-24/upcoming", "review 2", "6-9-month"},
	{"CPP-WINDOW", "a panel on due-8 does not count", "2026-04-10", DET("2026-01-01"),
	 {CPP("2026-03-18", "held")}, "2026-03-26/2026-04-01/overdue", NULL, NULL},
	{"CPP-WINDOW", "a late panel still counts for its review", "2026-05-01", DET("2026-01-01"),
	 {CPP("2026-04-20", "held")}, "2026-06-18/2026-06-24/upcoming", NULL, NULL},
	/* Day 400 with no panel: reviews 1-4 (days 84..336, deadlines to day
	 * 342) missed; 2025-01-01 + 84 = 2025-03-26. */
	{"CPP-CYCLE", "400 days, no panel: the earliest missed review", "2026-02-05", DET("2025-01-01"), {NULL},
	 "2025-03-26/2025-04-01/overdue", "4 reviews missed (1 to 4)", "3-month"},
	{"CPP-CYCLE", "a case not reached does not count (CPP-LENGTH)", "2026-04-05", DET("2026-01-01"),
	 {CPP("2026-03-26", "held") "    reached: false\n"}, "2026-03-26/2026-04-01/overdue", NULL, NULL},
	{"CPP-CYCLE", "a planned panel does not count", "2026-04-05", DET("2026-01-01"),
	 {CPP("2026-03-26", "planned")}, "2026-03-26/2026-04-01/overdue", NULL, NULL},
	{"CPP-CYCLE", "a cancelled panel does not count", "2026-04-05", DET("2026-01-01"),
	 {CPP("2026-03-26", "cancelled")}, "2026-03-26/2026-04-01/overdue", NULL, NULL},
	{"CPP-CYCLE", "a panel after as-of does not count", "2026-03-25", DET("2026-01-01"),
	 {CPP("2026-03-26", "held")}, "2026-03-26/2026-04-01/upcoming", NULL, NULL},
	/* Leap day: 2024-02-29 + 84 = 2024-05-23 (Mar 31, Apr 30, May 23). */
	{"CPP-CYCLE", "starts on a leap day", "2024-05-01", DET("2024-02-29"), {NULL},
	 "2024-05-23/2024-05-29/upcoming", NULL, NULL},
	/* Over a year end: 2025-11-15 + 84 = 2026-02-07. */
	{"CPP-CYCLE", "over a year end", "2026-02-10", DET("2025-11-15"), {NULL},
	 "2026-02-07/2026-02-13/due", NULL, NULL},
	/* Day 165 (+7 = 172) counts for review 2; review 3 = day 252 = 2026-09-10. */
	{"CPP-CYCLE", "a review skipped: next after the last held", "2026-07-01", DET("2026-01-01"),
	 {CPP("2026-06-15", "held")}, "2026-09-10/2026-09-16/upcoming", "review 3 at 252 days", "6-9-month"},
	/* Review 4 = day 336 = 2026-12-03 -> tier 12-month+. */
	{"CPP-TIER", "review 4 is 12-month+", "2026-11-01", DET("2026-01-01"),
	 {CPP("2026-09-10", "held")}, "2026-12-03/2026-12-09/upcoming", NULL, "12-month+"},
	{"CPP-CYCLE", "an ipp panel does not count for a detention case", "2026-04-05", DET("2026-01-01"),
	 {PP("2026-03-26", "CPP-CYCLE")}, "2026-03-26/2026-04-01/overdue", NULL, NULL},

	/* ---- CPP-END ---- */
	{"CPP-END", "ended before as-of: no review", "2026-04-05",
	 DET("2026-01-01") "  end: 2026-03-01\n  end_reason: removed\n", {NULL}, "", NULL, NULL},
	{"CPP-CYCLE", "ended before as-of: no review", "2026-04-05",
	 DET("2026-01-01") "  end: 2026-03-01\n  end_reason: released\n", {NULL}, "", NULL, NULL},
	{"CPP-CYCLE", "ended on as-of: no review", "2026-04-05",
	 DET("2026-01-01") "  end: 2026-04-05\n  end_reason: bailed\n", {NULL}, "", NULL, NULL},
	{"CPP-ADHOC", "ended: referrals give nothing either", "2026-04-05",
	 DET("2026-01-01") "  end: 2026-03-01\n  end_reason: released\nreferrals:\n"
	 "  - {date: 2026-02-10, source: dvaat, due: 2026-03-10}\n", {NULL}, "", NULL, NULL},
	{"CPP-CYCLE", "an end after as-of: still detained", "2026-04-05",
	 DET("2026-01-01") "  end: 2026-05-01\n  end_reason: removed\n", {NULL},
	 "2026-03-26/2026-04-01/overdue", NULL, NULL},

	/* ---- CPP-ADHOC ---- */
	{"CPP-ADHOC", "due on the date asked for", "2026-02-15",
	 DET("2026-01-01") "referrals:\n  - {date: 2026-02-10, source: dvaat, due: 2026-02-20}\n", {NULL},
	 "2026-02-20/2026-02-20/upcoming", "referral of 2026-02-10 by dvaat", "ad-hoc"},
	{"CPP-ADHOC", "overdue the day after", "2026-02-21",
	 DET("2026-01-01") "referrals:\n  - {date: 2026-02-10, source: dvaat, due: 2026-02-20}\n", {NULL},
	 "2026-02-20/2026-02-20/overdue", NULL, NULL},
	{"CPP-ADHOC", "satisfied by a panel held on or after the referral", "2026-02-21",
	 DET("2026-01-01") "referrals:\n  - {date: 2026-02-10, source: dvaat, due: 2026-02-20}\n",
	 {CPP("2026-02-18", "held")}, "", NULL, NULL},
	{"CPP-ADHOC", "a panel before the referral does not satisfy it", "2026-02-21",
	 DET("2026-01-01") "referrals:\n  - {date: 2026-02-10, source: dvaat, due: 2026-02-20}\n",
	 {CPP("2026-02-09", "held")}, "2026-02-20/2026-02-20/overdue", NULL, NULL},
	{"CPP-ADHOC", "no date asked: the next planned panel", "2026-02-15",
	 DET("2026-01-01") "referrals:\n  - {date: 2026-02-10, source: caseworker}\n",
	 {CPP("2026-02-26", "planned")}, "2026-02-26/2026-02-26/upcoming", "at the next panel, P-1", NULL},
	{"CPP-ADHOC", "no date asked, none planned: pending", "2026-02-15",
	 DET("2026-01-01") "referrals:\n  - {date: 2026-02-10, source: caseworker}\n", {NULL},
	 "-/-/pending", "none planned", NULL},
	{"CPP-ADHOC", "a planned panel dated before as-of is not the next panel", "2026-02-15",
	 DET("2026-01-01") "referrals:\n  - {date: 2026-02-10, source: caseworker}\n",
	 {CPP("2026-02-12", "planned"), CPP("2026-03-05", "planned")}, "2026-03-05/2026-03-05/upcoming", NULL, NULL},
	{"CPP-ADHOC", "a planned ipp panel is not a detention panel", "2026-02-15",
	 DET("2026-01-01") "referrals:\n  - {date: 2026-02-10, source: caseworker}\n",
	 {"framework: ipp\ndate: 2026-02-20\nstatus: planned\n"}, "-/-/pending", NULL, NULL},
	{"CPP-ADHOC", "two referrals, two reviews", "2026-02-15",
	 DET("2026-01-01") "referrals:\n  - {date: 2026-02-10, source: dvaat, due: 2026-02-20}\n"
	 "  - {date: 2026-02-12, source: gatekeeper, due: 2026-03-01}\n", {NULL},
	 "2026-02-20/2026-02-20/upcoming;2026-03-01/2026-03-01/upcoming", NULL, NULL},
	{"CPP-CYCLE", "an ad hoc review does not move the 84-day points (CPP-ADHOC)", "2026-02-15",
	 DET("2026-01-01") "referrals:\n  - {date: 2026-02-10, source: dvaat, due: 2026-02-12}\n",
	 {CPP("2026-02-12", "held")}, "2026-03-26/2026-04-01/upcoming", NULL, NULL},

	/* ---- CPP-REREFER ---- */
	{"CPP-REREFER", "the re-referral date is due", "2026-04-10", DET("2026-01-01"),
	 {CPP("2026-03-26", "held") "    audit: {done: 2026-04-09, rerefer: 2026-04-20}\n"},
	 "2026-04-20/2026-04-20/upcoming", "audit of P-1", NULL},
	{"CPP-REREFER", "overdue once passed", "2026-04-21", DET("2026-01-01"),
	 {CPP("2026-03-26", "held") "    audit: {done: 2026-04-09, rerefer: 2026-04-20}\n"},
	 "2026-04-20/2026-04-20/overdue", NULL, NULL},
	{"CPP-REREFER", "satisfied by a later held panel", "2026-04-21", DET("2026-01-01"),
	 {CPP("2026-03-26", "held") "    audit: {done: 2026-04-09, rerefer: 2026-04-20}\n",
	  CPP("2026-04-16", "held")}, "", NULL, NULL},

	/* ---- PF-CUSTODY-RAG (calendar months, clamped) ---- */
	{"PF-CUSTODY-RAG", "Red: 12 months from the last panel", "2025-12-01",
	 IPP("ipp", "custody") RAG1("red", "2025-01-10"), {PP("2025-03-15", "PF-CUSTODY-RAG")},
	 "2026-03-15/2026-03-15/upcoming", "Red: every 12 months, from panel P-1", NULL},
	{"PF-CUSTODY-RAG", "Amber: 18 months", "2025-12-01",
	 IPP("ipp", "custody") RAG1("amber", "2025-01-10"), {PP("2025-03-15", "PF-CUSTODY-RAG")},
	 "2026-09-15/2026-09-15/upcoming", NULL, NULL},
	{"PF-CUSTODY-RAG", "Green: no routine panel", "2025-12-01",
	 IPP("ipp", "custody") RAG1("green", "2025-01-10"), {PP("2025-03-15", "PF-CUSTODY-RAG")},
	 "", NULL, NULL},
	{"PF-CUSTODY-RAG", "DPP follows IPP: Red 12 months, overdue", "2026-03-16",
	 IPP("dpp", "custody") RAG1("red", "2025-01-10"), {PP("2025-03-15", "PF-CUSTODY-RAG")},
	 "2026-03-15/2026-03-15/overdue", NULL, NULL},
	{"PF-CUSTODY-RAG", "no panel yet: due at once (Interpretation)", "2025-12-01",
	 IPP("ipp", "custody") RAG1("red", "2025-01-10"), {NULL}, "2025-12-01/2025-12-01/due",
	 "no panel held yet", NULL},
	/* 2024-08-31 + 18 months = 2026-02-31 -> clamped to 2026-02-28. */
	{"PF-CUSTODY-RAG", "Amber from a month end clamps", "2025-12-01",
	 IPP("ipp", "custody") RAG1("amber", "2024-01-10"), {PP("2024-08-31", "PF-CUSTODY-RAG")},
	 "2026-02-28/2026-02-28/upcoming", NULL, NULL},
	{"PF-CUSTODY-RAG", "Red from a leap day: 2025-02-28", "2024-12-01",
	 IPP("ipp", "custody") RAG1("red", "2024-01-10"), {PP("2024-02-29", "PF-CUSTODY-RAG")},
	 "2025-02-28/2025-02-28/upcoming", NULL, NULL},
	{"PF-CUSTODY-RAG", "Amber from a leap day: 2025-08-29", "2024-12-01",
	 IPP("ipp", "custody") RAG1("amber", "2024-01-10"), {PP("2024-02-29", "PF-CUSTODY-RAG")},
	 "2025-08-29/2025-08-29/upcoming", NULL, NULL},
	{"PF-CUSTODY-RAG", "the RAG in force on as-of decides (now Red)", "2025-07-01",
	 IPP("ipp", "custody") "rag:\n  - {rating: amber, date: 2024-01-01}\n  - {rating: red, date: 2025-06-01}\n",
	 {PP("2025-01-10", "PF-CUSTODY-RAG")}, "2026-01-10/2026-01-10/upcoming", NULL, NULL},
	{"PF-CUSTODY-RAG", "a rating dated after as-of is not in force", "2025-07-01",
	 IPP("ipp", "custody") "rag:\n  - {rating: amber, date: 2024-01-01}\n  - {rating: red, date: 2025-08-01}\n",
	 {PP("2025-01-10", "PF-CUSTODY-RAG")}, "2026-07-10/2026-07-10/upcoming", NULL, NULL},
	{"PF-CUSTODY-RAG", "no RAG recorded: pending, not guessed", "2025-07-01", IPP("ipp", "custody"),
	 {PP("2025-01-10", "PF-CUSTODY-RAG")}, "-/-/pending", "no RAG rating recorded", NULL},

	/* ---- PF-RESET ---- */
	{"PF-RESET", "an event panel not marked reset keeps the cycle", "2025-07-01",
	 IPP("ipp", "custody") RAG1("red", "2024-01-01"),
	 {PP("2025-01-10", "PF-CUSTODY-RAG"), PP("2025-06-01", "PF-NEG-PAROLE")},
	 "2026-01-10/2026-01-10/upcoming", NULL, NULL},
	{"PF-RESET", "a panel marked reset_cycle restarts it", "2025-07-01",
	 IPP("ipp", "custody") RAG1("red", "2024-01-01"),
	 {PP("2025-01-10", "PF-CUSTODY-RAG"), PP("2025-06-01", "PF-NEG-PAROLE") "    reset_cycle: true\n"},
	 "2026-06-01/2026-06-01/upcoming", "from panel P-2", NULL},
	{"PF-RESET", "a panel with no purpose is routine", "2025-07-01",
	 IPP("ipp", "custody") RAG1("red", "2024-01-01"),
	 {PP("2025-01-10", "PF-CUSTODY-RAG"), "framework: ipp\ndate: 2025-05-05\nstatus: held\ncases:\n  - case: T-1\n"},
	 "2026-05-05/2026-05-05/upcoming", NULL, NULL},
	{"PF-RESET", "an event panel alone starts the cycle (first of the period)", "2025-07-01",
	 IPP("ipp", "custody") RAG1("amber", "2024-01-01"), {PP("2025-06-01", "PF-NEG-PAROLE")},
	 "2026-12-01/2026-12-01/upcoming", NULL, NULL},

	/* ---- PF-NEG-PAROLE: 42 days; PF-SATISFIED ---- */
	/* 2025-05-01 + 42 = 2025-06-12. */
	{"PF-NEG-PAROLE", "within 42 days", "2025-05-20",
	 IPP("ipp", "custody") RAG1("green", "2025-01-01") "parole:\n  - {date: 2025-05-01, outcome: negative}\n",
	 {NULL}, "2025-05-01/2025-06-12/due", "negative parole outcome 2025-05-01", NULL},
	{"PF-NEG-PAROLE", "overdue after 42 days", "2025-06-13",
	 IPP("ipp", "custody") RAG1("green", "2025-01-01") "parole:\n  - {date: 2025-05-01, outcome: negative}\n",
	 {NULL}, "2025-05-01/2025-06-12/overdue", NULL, NULL},
	{"PF-SATISFIED", "a routine panel after the outcome satisfies it", "2025-06-13",
	 IPP("ipp", "custody") RAG1("red", "2025-01-01") "parole:\n  - {date: 2025-05-01, outcome: negative}\n",
	 {PP("2025-05-20", "PF-CUSTODY-RAG")}, "", NULL, NULL},
	{"PF-SATISFIED", "a panel before the event does not", "2025-06-13",
	 IPP("ipp", "custody") RAG1("red", "2025-01-01") "parole:\n  - {date: 2025-05-01, outcome: negative}\n",
	 {PP("2025-04-30", "PF-CUSTODY-RAG")}, "2025-05-01/2025-06-12/overdue", NULL, NULL},
	{"PF-SATISFIED", "a late panel clears it too", "2025-08-01",
	 IPP("ipp", "custody") RAG1("red", "2025-01-01") "parole:\n  - {date: 2025-05-01, outcome: negative}\n",
	 {PP("2025-07-01", "PF-NEG-PAROLE")}, "", NULL, NULL},
	{"PF-NEG-PAROLE", "an open-conditions outcome is not negative", "2025-05-20",
	 IPP("ipp", "custody") RAG1("green", "2025-01-01") "parole:\n  - {date: 2025-05-01, outcome: open}\n",
	 {NULL}, "", NULL, NULL},
	{"PF-NEG-PAROLE", "life in custody: nothing (PF 6.8)", "2025-05-20",
	 IPP("life", "custody") "parole:\n  - {date: 2025-05-01, outcome: negative}\n", {NULL}, "", NULL, NULL},

	/* ---- PF-RECALL: 28 days ---- */
	{"PF-RECALL", "within 28 days of return", "2025-03-10",
	 IPP("ipp", "custody") RAG1("amber", "2025-03-05") REL1("2024-01-10") "recalls:\n  - {date: 2025-03-01}\n",
	 {NULL}, "2025-03-01/2025-03-29/due", "returned to custody on recall 2025-03-01", NULL},
	{"PF-RECALL", "satisfied by a panel after return", "2025-04-10",
	 IPP("ipp", "custody") RAG1("amber", "2025-03-05") REL1("2024-01-10") "recalls:\n  - {date: 2025-03-01}\n",
	 {PP("2025-03-20", "PF-RECALL")}, "", NULL, NULL},
	{"PF-RECALL", "a community panel before the recall does not count", "2025-04-10",
	 IPP("ipp", "custody") RAG1("amber", "2025-03-05") REL1("2024-01-10") "recalls:\n  - {date: 2025-03-01}\n",
	 {PP("2025-02-20", "PF-KEY-STAGES")}, "2025-03-01/2025-03-29/overdue", NULL, NULL},
	/* 2024-02-10 + 28 = 2024-03-09 (29 days in February 2024). */
	{"PF-RECALL", "over a leap February", "2024-03-10",
	 IPP("dpp", "custody") RAG1("amber", "2024-02-12") REL1("2023-01-10") "recalls:\n  - {date: 2024-02-10}\n",
	 {NULL}, "2024-02-10/2024-03-09/overdue", NULL, NULL},
	{"PF-CUSTODY-RAG", "after a recall: no routine item until the first panel", "2025-03-10",
	 IPP("ipp", "custody") RAG1("amber", "2025-03-05") REL1("2024-01-10") "recalls:\n  - {date: 2025-03-01}\n",
	 {PP("2024-03-01", "PF-COMMUNITY-FIRST")}, "", NULL, NULL},
	{"PF-CUSTODY-RAG", "after a recall: routine from the recall panel", "2025-04-10",
	 IPP("ipp", "custody") RAG1("amber", "2025-03-05") REL1("2024-01-10") "recalls:\n  - {date: 2025-03-01}\n",
	 {PP("2025-03-20", "PF-RECALL")}, "2026-09-20/2026-09-20/upcoming", NULL, NULL},

	/* ---- PF-ESCALATION: 28 days (Interpretation) ---- */
	{"PF-ESCALATION", "remission from hospital", "2025-06-10",
	 IPP("ipp", "custody") RAG1("amber", "2025-01-01") "escalations:\n  - {date: 2025-06-01, type: hospital-remission}\n",
	 {NULL}, "2025-06-01/2025-06-29/due", "hospital-remission 2025-06-01", NULL},
	{"PF-ESCALATION", "recategorised, satisfied by a panel", "2025-07-10",
	 IPP("ipp", "custody") RAG1("amber", "2025-01-01") "escalations:\n  - {date: 2025-06-01, type: recategorised}\n",
	 {PP("2025-06-10", "PF-ESCALATION")}, "", NULL, NULL},
	{"PF-ESCALATION", "open-adverse, overdue", "2025-07-10",
	 IPP("dpp", "custody") RAG1("amber", "2025-01-01") "escalations:\n  - {date: 2025-06-01, type: open-adverse}\n",
	 {NULL}, "2025-06-01/2025-06-29/overdue", NULL, NULL},

	/* ---- PF-COMMUNITY-FIRST: 3 months of release ---- */
	{"PF-COMMUNITY-FIRST", "Nov 30 + 3 months clamps to Feb 28", "2025-12-15",
	 IPP("ipp", "community") RAG1("amber", "2025-11-30") REL1("2025-11-30"), {NULL},
	 "2025-11-30/2026-02-28/due", "first panel within 3 months", NULL},
	{"PF-COMMUNITY-FIRST", "Aug 31 + 3 months = Nov 30", "2025-12-01",
	 IPP("dpp", "community") RAG1("amber", "2025-08-31") REL1("2025-08-31"), {NULL},
	 "2025-08-31/2025-11-30/overdue", NULL, NULL},
	{"PF-COMMUNITY-FIRST", "life licence too; Approved Premises noted", "2025-02-01",
	 IPP("life", "community") "approved_premises: true\n" REL1("2025-01-31"), {NULL},
	 "2025-01-31/2025-04-30/due", "move-on from Approved Premises", NULL},
	{"PF-COMMUNITY-FIRST", "satisfied by a panel after release", "2025-12-15",
	 IPP("ipp", "community") RAG1("amber", "2025-08-31") REL1("2025-08-31"),
	 {PP("2025-10-01", "PF-COMMUNITY-FIRST")}, "", NULL, NULL},
	{"PF-COMMUNITY-FIRST", "a custody panel before release does not count", "2025-09-15",
	 IPP("ipp", "community") RAG1("amber", "2025-08-31") REL1("2025-08-31"),
	 {PP("2025-08-01", "PF-CUSTODY-RAG")}, "2025-08-31/2025-11-30/due", NULL, NULL},
	{"PF-COMMUNITY-FIRST", "no release recorded: pending", "2025-09-15",
	 IPP("ipp", "community") RAG1("amber", "2025-08-31"), {NULL}, "-/-/pending", NULL, NULL},

	/* ---- PF-COMMUNITY-RAG ---- */
	{"PF-COMMUNITY-RAG", "Amber: 12 months from the first panel", "2024-06-01",
	 IPP("ipp", "community") RAG1("amber", "2024-01-10") REL1("2024-01-10"),
	 {PP("2024-03-01", "PF-COMMUNITY-FIRST")}, "2025-03-01/2025-03-01/upcoming", NULL, NULL},
	{"PF-COMMUNITY-RAG", "Green: key stages only", "2024-06-01",
	 IPP("ipp", "community") RAG1("green", "2024-01-10") REL1("2024-01-10"),
	 {PP("2024-03-01", "PF-COMMUNITY-FIRST")}, "", NULL, NULL},
	{"PF-COMMUNITY-RAG", "no routine item before the first panel", "2024-02-01",
	 IPP("ipp", "community") RAG1("amber", "2024-01-10") REL1("2024-01-10"), {NULL}, "", NULL, NULL},
	{"PF-COMMUNITY-RAG", "Red in the community is scheduled as Amber (and rejected by validate)", "2024-06-01",
	 IPP("ipp", "community") RAG1("red", "2024-01-10") REL1("2024-01-10"),
	 {PP("2024-03-01", "PF-COMMUNITY-FIRST")}, "2025-03-01/2025-03-01/upcoming", NULL, NULL},
	{"PF-RESET", "community: a reset key-stage panel restarts the Amber year", "2024-12-01",
	 IPP("ipp", "community") RAG1("amber", "2024-01-10") REL1("2024-01-10"),
	 {PP("2024-03-01", "PF-COMMUNITY-FIRST"), PP("2024-10-08", "PF-KEY-STAGES") "    reset_cycle: true\n"},
	 "2025-10-08/2025-10-08/upcoming", NULL, NULL},

	/* ---- PF-KEY-STAGES ---- */
	{"PF-KEY-STAGES", "planned step: due by its date", "2026-01-01",
	 IPP("ipp", "community") RAG1("green", "2025-01-01") REL1("2024-01-10")
	 "key_stages:\n  - {stage: reduce-frequency, date: 2026-03-15}\n",
	 {PP("2024-03-01", "PF-COMMUNITY-FIRST")}, "2026-03-15/2026-03-15/upcoming", "planned reduce-frequency", NULL},
	{"PF-KEY-STAGES", "planned step: a panel in the 3 months before counts", "2026-02-01",
	 IPP("ipp", "community") RAG1("green", "2025-01-01") REL1("2024-01-10")
	 "key_stages:\n  - {stage: reimposition, date: 2026-03-15}\n",
	 {PP("2024-03-01", "PF-COMMUNITY-FIRST"), PP("2026-01-20", "PF-KEY-STAGES")}, "", NULL, NULL},
	{"PF-KEY-STAGES", "planned step: a panel 4 months before does not", "2026-02-01",
	 IPP("ipp", "community") RAG1("green", "2025-01-01") REL1("2024-01-10")
	 "key_stages:\n  - {stage: termination-referral, date: 2026-03-15}\n",
	 {PP("2024-03-01", "PF-COMMUNITY-FIRST"), PP("2025-11-10", "PF-KEY-STAGES")},
	 "2026-03-15/2026-03-15/upcoming", NULL, NULL},
	{"PF-KEY-STAGES", "planned step with no date: pending, never guessed", "2026-02-01",
	 IPP("ipp", "community") RAG1("green", "2025-01-01") REL1("2024-01-10")
	 "key_stages:\n  - {stage: suspension, note: to be set}\n",
	 {PP("2024-03-01", "PF-COMMUNITY-FIRST")}, "-/-/pending", "no date recorded", NULL},
	{"PF-KEY-STAGES", "deterioration: within 28 days", "2026-01-20",
	 IPP("ipp", "community") RAG1("amber", "2026-01-10") REL1("2024-01-10")
	 "key_stages:\n  - {stage: deterioration, date: 2026-01-10}\n",
	 {PP("2024-03-01", "PF-COMMUNITY-FIRST")}, "2026-01-10/2026-02-07/due", "deterioration 2026-01-10", NULL},
	{"PF-KEY-STAGES", "recall considered: satisfied by a panel after it", "2026-03-01",
	 IPP("ipp", "community") RAG1("amber", "2026-01-10") REL1("2024-01-10")
	 "key_stages:\n  - {stage: recall-considered, date: 2026-01-10}\n",
	 {PP("2024-03-01", "PF-COMMUNITY-FIRST"), PP("2026-01-12", "PF-CUSTODY-RAG")}, "", NULL, NULL},
	{"PF-KEY-STAGES", "in custody key stages give nothing (PF 6.7)", "2026-01-20",
	 IPP("ipp", "custody") RAG1("amber", "2026-01-10") "key_stages:\n  - {stage: deterioration, date: 2026-01-10}\n",
	 {NULL}, "", NULL, NULL},
	{"PF-KEY-STAGES", "life: no IPP licence termination referral", "2026-01-20",
	 IPP("life", "community") REL1("2020-01-10") "key_stages:\n  - {stage: termination-referral, date: 2026-03-01}\n",
	 {PP("2020-03-01", "PF-COMMUNITY-FIRST")}, "", NULL, NULL},

	/* ---- PF-SUSPENSION: 3 months before 3y IPP / 2y DPP / 10y life ---- */
	{"PF-SUSPENSION", "IPP: 3 years from release, 3 months ahead", "2026-10-01",
	 IPP("ipp", "community") RAG1("green", "2026-06-01") REL1("2024-04-20"),
	 {PP("2024-06-01", "PF-COMMUNITY-FIRST")}, "2027-01-20/2027-01-20/upcoming",
	 "eligible for suspension of supervision on 2027-04-20", NULL},
	{"PF-SUSPENSION", "DPP: 2 years", "2025-10-01",
	 IPP("dpp", "community") RAG1("green", "2025-06-01") REL1("2024-04-20"),
	 {PP("2024-06-01", "PF-COMMUNITY-FIRST")}, "2026-01-20/2026-01-20/upcoming", NULL, NULL},
	/* 2016-06-30 + 10 years = 2026-06-30; - 3 months = 2026-03-30. */
	{"PF-SUSPENSION", "life: 10 years", "2025-10-01",
	 IPP("life", "community") REL1("2016-06-30"), {PP("2016-08-01", "PF-COMMUNITY-FIRST")},
	 "2026-03-30/2026-03-30/upcoming", NULL, NULL},
	/* Re-released 2024-02-29 after a recall: + 3 years = 2027-02-28; - 3 months = 2026-11-28. */
	{"PF-SUSPENSION", "a recall restarts the clock", "2026-10-01",
	 IPP("ipp", "community") RAG1("green", "2026-06-01")
	 "releases:\n  - {date: 2022-01-10}\n  - {date: 2024-02-29}\nrecalls:\n  - {date: 2023-05-01}\n",
	 {PP("2024-04-01", "PF-COMMUNITY-FIRST")}, "2026-11-28/2026-11-28/upcoming", NULL, NULL},
	/* Declined at 3 years: next at 4 years = 2026-05-31; - 3 months = 2026-02-28. */
	{"PF-SUSPENSION", "IPP declined at 3 years: again at 4", "2025-10-01",
	 IPP("ipp", "community") RAG1("green", "2025-06-01") REL1("2022-05-31")
	 "suspension_considerations:\n  - {date: 2025-06-15, outcome: declined}\n",
	 {PP("2022-07-01", "PF-COMMUNITY-FIRST")}, "2026-02-28/2026-02-28/upcoming", NULL, NULL},
	{"PF-SUSPENSION", "DPP declined at 2 years: again at 3", "2025-10-01",
	 IPP("dpp", "community") RAG1("green", "2025-06-01") REL1("2023-05-31")
	 "suspension_considerations:\n  - {date: 2025-06-15, outcome: declined}\n",
	 {PP("2023-07-01", "PF-COMMUNITY-FIRST")}, "2026-02-28/2026-02-28/upcoming", NULL, NULL},
	{"PF-SUSPENSION", "IPP declined at 4 years: no later point", "2026-10-01",
	 IPP("ipp", "community") RAG1("green", "2026-06-01") REL1("2022-05-31")
	 "suspension_considerations:\n  - {date: 2025-06-15, outcome: declined}\n  - {date: 2026-06-15, outcome: declined}\n",
	 {PP("2022-07-01", "PF-COMMUNITY-FIRST")}, "", NULL, NULL},
	/* Life declined 2025-03-31: again 12 months later, 2026-03-31; - 3 months = 2025-12-31. */
	{"PF-SUSPENSION", "life declined: 12 months after the last consideration", "2025-10-01",
	 IPP("life", "community") REL1("2010-01-01") "suspension_considerations:\n  - {date: 2025-03-31, outcome: declined}\n",
	 {PP("2010-02-01", "PF-COMMUNITY-FIRST")}, "2025-12-31/2025-12-31/upcoming", NULL, NULL},
	{"PF-SUSPENSION", "granted: nothing", "2025-10-01",
	 IPP("ipp", "community") RAG1("green", "2025-06-01") REL1("2022-05-31")
	 "suspension_considerations:\n  - {date: 2025-06-15, outcome: granted}\n",
	 {PP("2022-07-01", "PF-COMMUNITY-FIRST")}, "", NULL, NULL},
	{"PF-SUSPENSION", "supervision already suspended: nothing", "2025-10-01",
	 IPP("ipp", "community") RAG1("green", "2025-06-01") REL1("2022-05-31")
	 "supervision:\n  state: suspended\n  since: 2025-07-01\n", {PP("2022-07-01", "PF-COMMUNITY-FIRST")},
	 "", NULL, NULL},
	/* Due 2027-01-20: panels from 2026-10-20 count; 2026-10-19 does not. */
	{"PF-SUSPENSION", "satisfied by a panel in the 3 months before", "2026-11-01",
	 IPP("ipp", "community") RAG1("green", "2026-06-01") REL1("2024-04-20"),
	 {PP("2024-06-01", "PF-COMMUNITY-FIRST"), PP("2026-10-20", "PF-KEY-STAGES")}, "", NULL, NULL},
	{"PF-SUSPENSION", "a panel the day before that window does not", "2026-11-01",
	 IPP("ipp", "community") RAG1("green", "2026-06-01") REL1("2024-04-20"),
	 {PP("2024-06-01", "PF-COMMUNITY-FIRST"), PP("2026-10-19", "PF-KEY-STAGES")},
	 "2027-01-20/2027-01-20/upcoming", NULL, NULL},

	/* ---- PF-TERMINATION ---- */
	{"PF-TERMINATION", "3 months before the recorded report deadline", "2026-10-01",
	 IPP("ipp", "community") RAG1("green", "2026-06-01") REL1("2024-04-20")
	 "supervision:\n  state: active\n  since: 2024-04-20\n  termination_report_due: 2027-05-31\n",
	 {PP("2024-06-01", "PF-COMMUNITY-FIRST")}, "2027-02-28/2027-02-28/upcoming", "termination report due 2027-05-31",
	 NULL},
	{"PF-TERMINATION", "IPP, no deadline: 3 years from first release", "2026-09-01",
	 IPP("ipp", "community") RAG1("green", "2026-06-01") REL1("2023-11-30"),
	 {PP("2024-01-10", "PF-COMMUNITY-FIRST")}, "2026-08-30/2026-08-30/overdue", NULL, NULL},
	{"PF-TERMINATION", "DPP, no deadline: 2 years", "2025-09-01",
	 IPP("dpp", "community") RAG1("green", "2025-06-01") REL1("2024-01-31"),
	 {PP("2024-03-01", "PF-COMMUNITY-FIRST")}, "2025-10-31/2025-10-31/upcoming", NULL, NULL},
	{"PF-TERMINATION", "counts from the first release, not the last", "2022-09-01",
	 IPP("ipp", "community") RAG1("green", "2022-06-01")
	 "releases:\n  - {date: 2020-03-01}\n  - {date: 2022-06-01}\nrecalls:\n  - {date: 2021-01-01}\n",
	 {PP("2022-07-01", "PF-COMMUNITY-FIRST")}, "2022-12-01/2022-12-01/upcoming", NULL, NULL},
	{"PF-TERMINATION", "life: none", "2025-09-01", IPP("life", "community") REL1("2024-01-31"),
	 {PP("2024-03-01", "PF-COMMUNITY-FIRST")}, "", NULL, NULL},

	/* ---- PF-LIFE ---- */
	{"PF-LIFE", "annual from the first post-release panel", "2025-06-01",
	 IPP("life", "community") REL1("2025-01-15"), {PP("2025-03-01", "PF-COMMUNITY-FIRST")},
	 "2026-03-01/2026-03-01/upcoming", "life licence: every 12 months", NULL},
	{"PF-LIFE", "none before the first panel", "2025-02-01",
	 IPP("life", "community") REL1("2025-01-15"), {NULL}, "", NULL, NULL},
	{"PF-LIFE", "supervision suspended: no panels at all", "2025-06-01",
	 IPP("life", "community") REL1("2015-01-15") "supervision:\n  state: suspended\n  since: 2025-01-01\n",
	 {NULL}, "", NULL, NULL},
	{"PF-COMMUNITY-FIRST", "life, suspended: not even a first panel (PF 6.10)", "2025-06-01",
	 IPP("life", "community") REL1("2025-04-15") "supervision:\n  state: suspended\n  since: 2025-05-01\n",
	 {NULL}, "", NULL, NULL},
	{"PF-LIFE", "life in custody: nothing (PF 6.8)", "2025-06-01", IPP("life", "custody"), {NULL}, "", NULL, NULL},
	{"PF-LIFE", "overdue annual review", "2026-03-02",
	 IPP("life", "community") REL1("2025-01-15"), {PP("2025-03-01", "PF-COMMUNITY-FIRST")},
	 "2026-03-01/2026-03-01/overdue", NULL, NULL},

	/* ---- PF-RAG-REVIEW: 183 days ---- */
	/* 2025-01-01 + 183 = 2025-07-03. */
	{"PF-RAG-REVIEW", "183 days after the rating", "2025-07-04",
	 IPP("ipp", "custody") RAG1("green", "2025-01-01"), {NULL}, "2025-07-03/2025-07-03/overdue",
	 "RAG rating of 2025-01-01", NULL},
	/* 2024-01-01 + 183 = 2024-07-02 (February 2024 has 29 days). */
	{"PF-RAG-REVIEW", "over a leap February", "2024-07-02",
	 IPP("ipp", "community") RAG1("green", "2024-01-01") REL1("2023-06-01"),
	 {PP("2023-08-01", "PF-COMMUNITY-FIRST")}, "2024-07-02/2024-07-02/due", NULL, NULL},
	{"PF-RAG-REVIEW", "the latest rating counts", "2025-07-04",
	 IPP("dpp", "custody") "rag:\n  - {rating: red, date: 2024-01-01}\n  - {rating: red, date: 2025-06-01}\n",
	 {NULL}, "2025-12-01/2025-12-01/upcoming", NULL, NULL},
	{"PF-RAG-REVIEW", "life sentences are not RAG rated", "2025-07-04",
	 IPP("life", "community") REL1("2025-01-15"), {NULL}, "", NULL, NULL},

	/* ---- after the panel (issue 15): dates panels set, actions ---- */
	{"PF-NEXT-PANEL", "the latest panel's next date is due on that date", "2026-11-23",
	 IPP("ipp", "community") RAG1("green", "2026-07-01") REL1("2023-08-14"),
	 {PP("2026-10-08", "PF-KEY-STAGES") "    next_panel: 2027-01-14\n"}, "2027-01-14/2027-01-14/upcoming",
	 "next panel set by P-1 of 2026-10-08", NULL},
	{"PF-NEXT-PANEL", "overdue the day after", "2027-01-15",
	 IPP("ipp", "community") RAG1("green", "2026-07-01") REL1("2023-08-14"),
	 {PP("2026-10-08", "PF-KEY-STAGES") "    next_panel: 2027-01-14\n"}, "2027-01-14/2027-01-14/overdue", NULL, NULL},
	{"PF-NEXT-PANEL", "an earlier panel's date is superseded by a later panel", "2026-11-23",
	 IPP("ipp", "community") RAG1("green", "2026-07-01") REL1("2023-08-14"),
	 {PP("2026-06-01", "PF-KEY-STAGES") "    next_panel: 2026-09-01\n",
	  PP("2026-10-08", "PF-KEY-STAGES") "    next_panel: 2027-01-14\n"}, "2027-01-14/2027-01-14/upcoming", NULL, NULL},
	{"PF-NEXT-PANEL", "superseded by a return on recall after the panel (PF-RECALL covers it)", "2026-11-23",
	 IPP("ipp", "custody") RAG1("amber", "2026-11-16") REL1("2024-04-15") "recalls:\n  - {date: 2026-11-09}\n",
	 {PP("2026-10-08", "PF-KEY-STAGES") "    next_panel: 2026-11-19\n"}, "", NULL, NULL},
	{"CPP-DECIDE-BY", "no recommendation: a later panel by decide_by", "2026-11-23", DET("2026-02-26"),
	 {CPP("2026-11-05", "held") "    recommendation: none\n    decide_by: 2026-12-10\n"},
	 "2026-12-10/2026-12-10/upcoming", "no recommendation at P-1", NULL},
	{"CPP-DECIDE-BY", "a later held panel satisfies it", "2026-12-05", DET("2026-02-26"),
	 {CPP("2026-11-05", "held") "    recommendation: none\n    decide_by: 2026-12-10\n", CPP("2026-12-03", "held")},
	 "", NULL, NULL},
	{"CPP-DECIDE-BY", "a planned panel does not", "2026-12-11", DET("2026-02-26"),
	 {CPP("2026-11-05", "held") "    recommendation: none\n    decide_by: 2026-12-10\n", CPP("2026-12-03", "planned")},
	 "2026-12-10/2026-12-10/overdue", NULL, NULL},
	{"CPP-ACTION", "an open action past its due date", "2026-11-23", DET("2026-06-01"),
	 {CPP("2026-10-15", "held") "    actions:\n      - {action: Book the interview., owner: tm, due: 2026-10-29}\n"},
	 "2026-10-29/2026-10-29/overdue", "action P-1/T-1/1 (tm): Book the interview.", NULL},
	{"CPP-ACTION", "a done action is nothing", "2026-11-23", DET("2026-06-01"),
	 {CPP("2026-10-15", "held") "    actions:\n      - {action: x, owner: tm, due: 2026-10-29, done: 2026-10-28}\n"},
	 "", NULL, NULL},
	{"CPP-ACTION", "done after as-of is still open on as-of; its own id", "2026-11-23", DET("2026-06-01"),
	 {CPP("2026-10-15", "held") "    actions:\n      - {id: etd, action: x, owner: tm, due: 2026-10-29, done: 2026-11-30}\n"},
	 "2026-10-29/2026-10-29/overdue", "action etd (tm)", NULL},
	{"CPP-ACTION", "actions of a planned panel are not agreed yet", "2026-11-23", DET("2026-06-01"),
	 {CPP("2026-11-05", "planned") "    actions:\n      - {action: x, owner: tm, due: 2026-11-19}\n"}, "", NULL, NULL},
	{"PF-ACTION", "an open action not yet due", "2026-11-23",
	 IPP("ipp", "community") RAG1("green", "2026-07-01") REL1("2023-08-14"),
	 {PP("2026-10-08", "PF-KEY-STAGES") "    actions:\n      - {action: Start the report., owner: lc, due: 2026-12-18}\n"},
	 "2026-12-18/2026-12-18/upcoming", NULL, NULL},
	{"CPP-ADHOC", "a rescheduled sitting is the next panel on its new date (PF 10.7)", "2026-03-02",
	 DET("2026-01-01") "referrals:\n  - {date: 2026-03-01, source: dvaat}\n",
	 {"framework: detention\ndate: 2026-03-05\nstatus: rescheduled\nrescheduled_to: 2026-03-12\ncases: []\n"},
	 "2026-03-12/2026-03-12/upcoming", NULL, NULL},

	/* ---- KIT-LIFECYCLE: closed cases, reopening; KIT-BASELINE ---- */
	{"KIT-LIFECYCLE", "closed: out of every cadence", "2026-04-05",
	 DET("2026-01-01") "closed: {date: 2026-02-01, reason: removed}\n", {NULL}, "", NULL, NULL},
	{"KIT-LIFECYCLE", "closed after as-of: still scheduled", "2026-04-05",
	 DET("2026-01-01") "closed: {date: 2026-05-01, reason: removed}\n", {NULL}, "2026-03-26/2026-04-01/overdue", NULL, NULL},
	/* 2026-09-07 + 84 = 2026-11-30. */
	{"KIT-LIFECYCLE", "re-detained: the cycle restarts from the new start", "2026-11-23",
	 DET("2026-09-07") "previous_detention:\n  - {start: 2025-06-02, end: 2025-11-20, end_reason: bailed}\n"
	 "closed: {date: 2025-11-20, reason: released}\n", {CPP("2025-09-01", "held")}, "2026-11-30/2026-12-06/upcoming",
	 "review 1 at 84 days", NULL},
	{"PF-RAG-REVIEW", "closed (licence terminated): no review", "2026-11-23",
	 IPP("ipp", "community") RAG1("green", "2025-10-14") REL1("2022-05-16")
	 "closed: {date: 2026-09-02, reason: licence-terminated}\n", {NULL}, "", NULL, NULL},
	{"PF-RAG-REVIEW", "reopened: scheduled again", "2026-11-23",
	 IPP("ipp", "community") RAG1("green", "2025-10-14") REL1("2022-05-16")
	 "closed: {date: 2026-09-02, reason: transferred-out}\nreopened: {date: 2026-10-01}\n", {NULL},
	 "2026-04-15/2026-04-15/overdue", NULL, NULL},
	{"PF-RECALL", "a recall after the closure reopens the case", "2026-07-01",
	 IPP("ipp", "custody") RAG1("amber", "2026-06-10") REL1("2025-01-01")
	 "closed: {date: 2026-01-01, reason: transferred-out}\nrecalls:\n  - {date: 2026-06-01}\n", {NULL},
	 "2026-06-01/2026-06-29/overdue", NULL, NULL},
	{"PF-COMMUNITY-FIRST", "imported, no baseline: the 2014 first panel is overdue", "2026-11-23",
	 IPP("ipp", "community") RAG1("green", "2026-03-10") REL1("2014-06-30"), {NULL},
	 "2014-06-30/2014-09-30/overdue", NULL, NULL},
	{"KIT-BASELINE", "imported with a baseline: the last panel before the import counts", "2026-11-23",
	 IPP("ipp", "community") RAG1("green", "2026-03-10") REL1("2014-06-30") "baseline: {last_panel: 2026-03-10}\n",
	 {NULL}, "", NULL, NULL},
	/* 2025-01-01 + 420 = 2026-02-25: the baseline on day 384 counts for review 4. */
	{"CPP-CYCLE", "a detention baseline (KIT-BASELINE) counts for its review", "2026-02-05",
	 DET("2025-01-01") "baseline: {last_panel: 2026-01-20}\n", {NULL}, "2026-02-25/2026-03-03/upcoming", "review 5", NULL},

	/* ---- discretion and events ---- */
	{"PF-KEY-STAGES", "Green to Amber in the community triggers a panel by itself (PF 6.7)", "2026-11-23",
	 IPP("ipp", "community") "rag:\n  - {rating: green, date: 2025-03-01}\n  - {rating: amber, date: 2026-11-02}\n"
	 REL1("2025-01-01"), {PP("2025-03-01", "PF-COMMUNITY-FIRST")}, "2026-11-02/2026-11-30/due",
	 "RAG Green to Amber", NULL},
	{"PF-KEY-STAGES", "a deterioration before the last release is no longer relevant", "2026-11-23",
	 IPP("ipp", "community") "rag:\n  - {rating: green, date: 2024-03-01}\n  - {rating: amber, date: 2024-11-02}\n"
	 REL1("2025-01-01"), {PP("2025-03-01", "PF-COMMUNITY-FIRST")}, "", NULL, NULL},
	{"PF-DISCRETION", "decided not necessary: the item is withdrawn (PF 6.4)", "2026-11-23",
	 IPP("ipp", "community") "rag:\n  - {rating: green, date: 2025-03-01}\n  - {rating: amber, date: 2026-11-02}\n"
	 REL1("2025-01-01") "event_decisions:\n  - {rule: PF-KEY-STAGES, event: 2026-11-02, necessary: false, "
	 "reason: Resolved at supervision., by: spo, date: 2026-11-05}\n", {PP("2025-03-01", "PF-COMMUNITY-FIRST")},
	 "", NULL, NULL},
	{"PF-DISCRETION", "deemed necessary: the item stays", "2026-11-23",
	 IPP("ipp", "community") "rag:\n  - {rating: green, date: 2025-03-01}\n  - {rating: amber, date: 2026-11-02}\n"
	 REL1("2025-01-01") "event_decisions:\n  - {rule: PF-KEY-STAGES, event: 2026-11-02, necessary: true, "
	 "reason: Affects the move-on plan., by: spo}\n", {PP("2025-03-01", "PF-COMMUNITY-FIRST")},
	 "2026-11-02/2026-11-30/due", NULL, NULL},
	{"PF-NEG-PAROLE", "a decision (PF-DISCRETION) about another event withdraws nothing", "2026-11-23",
	 IPP("ipp", "custody") RAG1("amber", "2026-10-01") "parole:\n  - {date: 2026-10-20, outcome: negative}\n"
	 "event_decisions:\n  - {rule: PF-NEG-PAROLE, event: 2026-01-20, necessary: false, reason: x, by: spo}\n",
	 {NULL}, "2026-10-20/2026-12-01/due", NULL, NULL},
	{"PF-DISCRETION", "a Green case reviewed every 6 months by decision (PF 7.6)", "2026-10-01",
	 IPP("ipp", "custody") RAG1("green", "2026-01-01") "responsible: pom\n"
	 "review_more_often: {months: 6, by: homd, reason: Transition to open conditions.}\n",
	 {PP("2026-03-01", "PF-CUSTODY-RAG")}, "2026-09-01/2026-09-01/overdue", "more often: every 6 months", NULL},
	{"PF-DISCRETION", "Amber (18 months) reviewed every 12", "2026-10-01",
	 IPP("ipp", "custody") RAG1("amber", "2026-01-01") "review_more_often: {months: 12, by: homd, reason: x}\n",
	 {PP("2026-03-01", "PF-CUSTODY-RAG")}, "2027-03-01/2027-03-01/upcoming", NULL, NULL},
	{"PF-CUSTODY-RAG", "a decision for less often than the standard changes nothing", "2026-10-01",
	 IPP("ipp", "custody") RAG1("red", "2026-01-01") "review_more_often: {months: 18, by: homd, reason: x}\n",
	 {PP("2026-03-01", "PF-CUSTODY-RAG")}, "2027-03-01/2027-03-01/upcoming", NULL, NULL},
	/* 2026-10-01 + 3 months = 2027-01-01; the move-on on 2026-11-15 comes first. */
	{"PF-MOVE-ON", "the first community panel before the move-on from Approved Premises", "2026-11-01",
	 IPP("ipp", "community") RAG1("green", "2026-10-01") REL1("2026-10-01")
	 "approved_premises: true\nmove_on: 2026-11-15\n", {NULL}, "2026-10-01/2026-11-15/due", "move-on", NULL},
	{"PF-MOVE-ON", "a move-on after the 3 months changes nothing", "2026-11-01",
	 IPP("ipp", "community") RAG1("green", "2026-10-01") REL1("2026-10-01")
	 "approved_premises: true\nmove_on: 2027-03-01\n", {NULL}, "2026-10-01/2027-01-01/due", NULL, NULL},
	/* 2023-08-14 + 4 years = 2027-08-14, less 3 months = 2027-05-14. */
	{"PF-SUSPENSION", "a declined termination brings the 4-year point (PF A)", "2026-11-23",
	 IPP("ipp", "community") RAG1("green", "2026-07-01") REL1("2023-08-14")
	 "termination_considerations:\n  - {date: 2026-08-20, outcome: declined}\n", {NULL},
	 "2027-05-14/2027-05-14/upcoming", "2027-08-14", NULL},
	/* DPP: 2024-02-01 + 3 years = 2027-02-01, less 3 months = 2026-11-01. */
	{"PF-SUSPENSION", "DPP: a declined termination brings the 3-year point", "2026-10-01",
	 IPP("dpp", "community") RAG1("green", "2026-07-01") REL1("2024-02-01")
	 "termination_considerations:\n  - {date: 2026-03-01, outcome: declined}\n", {NULL},
	 "2026-11-01/2026-11-01/upcoming", NULL, NULL},
};

static void run_row(const struct row *r, size_t idx)
{
	struct mem m = {{0}, {0}, 0};
	struct sbuf b = SBUF_INIT;
	static const char *const prel[] = {"panels/P-1.yaml", "panels/P-2.yaml", "panels/P-3.yaml", "panels/P-4.yaml"};
	sbuf_addf(&b, "id: T-1\n%s", r->c);
	m.rel[m.n] = "cases/T-1.yaml";
	m.text[m.n++] = sbuf_detach(&b);
	for (size_t i = 0; i < 4 && r->p[i]; i++) {
		sbuf_addf(&b, "id: P-%zu\n%s", i + 1, r->p[i]);
		m.rel[m.n] = prel[i];
		m.text[m.n++] = sbuf_detach(&b);
	}
	struct pk_diags d = PK_DIAGS_INIT;
	struct pk_source *src = mem_source(&m);
	struct pk_due_opts o = {.as_of = D(r->as_of), .after = 1};
	struct pk_due_ctx *ctx = pk_due_ctx_new(src, &o, &d);
	struct pk_doc *doc = pk_source_load(src, "cases/T-1.yaml", &d);
	cr_assert_not_null(doc, "row %zu (%s: %s): case does not parse", idx, r->rule, r->what);
	struct pk_due_list items = PK_DUE_LIST_INIT;
	cr_assert_eq(pk_due_case(ctx, doc, &items, NULL), 0, "row %zu", idx);
	cr_assert_eq(d.errors, 0, "row %zu (%s: %s): %zu errors", idx, r->rule, r->what, d.errors);

	const struct pk_due_item *first = NULL;
	for (size_t i = 0; i < items.n; i++) {
		const struct pk_due_item *it = &items.v[i];
		if (strcmp(it->rule, r->rule) != 0)
			continue;
		char a[16], c[16];
		sbuf_addf(&b, "%s%s/%s/%s", b.len ? ";" : "", pk_date_fmt(it->due, a),
			  pk_date_fmt(it->deadline, c), pk_due_status_name(it->status));
		if (!first)
			first = it;
	}
	cr_expect_str_eq(sbuf_str(&b), r->expect, "row %zu [%s] %s: got \"%s\", expected \"%s\"", idx,
			 r->rule, r->what, sbuf_str(&b), r->expect);
	if (r->reason_has && first)
		cr_expect(strstr(first->reason, r->reason_has) != NULL, "row %zu [%s] %s: reason \"%s\" lacks \"%s\"",
			  idx, r->rule, r->what, first->reason, r->reason_has);
	if (r->tier && first)
		cr_expect_str_eq(first->tier ? pk_cpp_tier_name(first->tier) : "(none)", r->tier, "row %zu [%s] %s: tier", idx,
				 r->rule, r->what);
	sbuf_free(&b);
	pk_due_list_free(&items);
	pk_doc_free(doc);
	pk_due_ctx_free(ctx);
	pk_source_free(src);
	pk_diags_free(&d);
	for (size_t i = 0; i < m.n; i++)
		free(m.text[i]);
}

/* Rows whose rule is not among the items' rules (CPP-WINDOW, CPP-END,
 * PF-RESET, PF-SATISFIED, CPP-TIER) test the item of the rule they
 * govern: map them here. */
static const char *item_rule(const char *rule)
{
	static const char *const map[][2] = {
		{"CPP-WINDOW", "CPP-CYCLE"}, {"CPP-END", "CPP-CYCLE"}, {"CPP-TIER", "CPP-CYCLE"},
		{"PF-SATISFIED", "PF-NEG-PAROLE"}, {"KIT-LIFECYCLE", "CPP-CYCLE"},
		{"KIT-BASELINE", "PF-COMMUNITY-FIRST"}, {"PF-DISCRETION", "PF-KEY-STAGES"},
		{"PF-MOVE-ON", "PF-COMMUNITY-FIRST"},
	};
	for (size_t i = 0; i < PK_ARRAY_LEN(map); i++)
		if (strcmp(rule, map[i][0]) == 0)
			return map[i][1];
	return rule;
}

Test(rules, table)
{
	cr_assert_geq(PK_ARRAY_LEN(rows), 60);
	for (size_t i = 0; i < PK_ARRAY_LEN(rows); i++) {
		struct row r = rows[i];
		r.rule = item_rule(r.rule);
		if (strcmp(rows[i].rule, "PF-RESET") == 0 ||
		    (strcmp(rows[i].rule, "PF-DISCRETION") == 0 && strstr(r.c, "review_more_often")))
			r.rule = strstr(r.c, "community") ? "PF-COMMUNITY-RAG" : "PF-CUSTODY-RAG";
		run_row(&r, i);
	}
}

/* Every timing rule of RULES.md A and B has a row in the table above. */
Test(rules, every_rule_is_tested)
{
	static const char *const ids[] = {
		"CPP-CYCLE", "CPP-WINDOW", "CPP-END", "CPP-ADHOC", "CPP-REREFER", "CPP-TIER",
		"PF-CUSTODY-RAG", "PF-NEG-PAROLE", "PF-RECALL", "PF-ESCALATION", "PF-SATISFIED",
		"PF-COMMUNITY-FIRST", "PF-COMMUNITY-RAG", "PF-KEY-STAGES", "PF-SUSPENSION",
		"PF-TERMINATION", "PF-LIFE", "PF-RESET", "PF-RAG-REVIEW",
		"PF-NEXT-PANEL", "CPP-DECIDE-BY", "CPP-ACTION", "PF-ACTION", "KIT-LIFECYCLE", "KIT-BASELINE",
		"PF-DISCRETION", "PF-MOVE-ON",
	};
	for (size_t i = 0; i < PK_ARRAY_LEN(ids); i++) {
		size_t n = 0;
		for (size_t k = 0; k < PK_ARRAY_LEN(rows); k++)
			n += strcmp(rows[k].rule, ids[i]) == 0;
		cr_expect_geq(n, 1, "no row tests %s", ids[i]);
	}
}

/* ---- the rule table itself ---- */

Test(rules, table_rows_are_complete)
{
	size_t n;
	const struct pk_rule *t = pk_rules_all(&n);
	cr_assert_gt(n, 40);
	for (size_t i = 0; i < n; i++) {
		pk_date f;
		cr_expect_not_null(t[i].key);
		cr_expect(t[i].rule && (strncmp(t[i].rule, "CPP-", 4) == 0 || strncmp(t[i].rule, "PF-", 3) == 0),
			  "%s: rule ID", t[i].key);
		cr_expect(t[i].doc && t[i].version && t[i].section && t[i].text, "%s: citation", t[i].key);
		cr_expect_eq(pk_date_parse(t[i].from, &f, NULL), 0, "%s: in force from", t[i].key);
		/* Versions of one key are in ascending in-force order. */
		for (size_t k = 0; k < i; k++)
			if (strcmp(t[k].key, t[i].key) == 0)
				cr_expect_lt(strcmp(t[k].from, t[i].from), 0, "%s: versions out of order", t[i].key);
	}
}

Test(rules, lookup_values)
{
	pk_date on = D("2026-11-23");
	cr_expect_eq(pk_rule_value("cpp.cycle", on), 84);
	cr_expect_eq(pk_rule_value("pf.custody.red", on), 12);
	cr_expect_eq(pk_rule_value("pf.custody.amber", on), 18);
	cr_expect_eq(pk_rule_at("pf.custody.green", on)->unit, PK_U_NONE);
	cr_expect_eq(pk_rule_value("pf.neg-parole", on), 42);
	cr_expect_eq(pk_rule_value("pf.recall", on), 28);
	cr_expect_eq(pk_rule_value("pf.rag.review", on), 183);
	cr_expect_str_eq(pk_rule_at("pf.neg-parole", on)->rule, "PF-NEG-PAROLE");
	cr_expect_null(pk_rule_at("no.such.key", on));
	/* Before the first version: the first version (no older policy known). */
	cr_expect_eq(pk_rule_value("cpp.cycle", D("2017-02-01")), 84);
	char buf[64];
	cr_expect_str_eq(pk_rule_cite(pk_rule_at("pf.custody.red", on), buf, sizeof buf), "PF 6.2");
	cr_expect_str_eq(pk_rule_cite(pk_rule_at("cpp.cycle", on), buf, sizeof buf), "CPP §4");
	cr_expect_eq(pk_rule_add(pk_rule_at("pf.custody.amber", on), D("2024-02-29"), 1), D("2025-08-29"));
	cr_expect_eq(pk_rule_add(pk_rule_at("cpp.cycle", on), D("2026-01-01"), 2), D("2026-06-18"));
}

/* A policy change is a new row: as-of before it keeps the old value. */
Test(rules, versions_by_as_of)
{
	static const struct pk_rule t[] = {
		{"x.red", "PF-CUSTODY-RAG", 12, PK_U_MONTHS, "12 months", "PF", "July 2025", "6.2", "2025-07-17", 0},
		{"x.red", "PF-CUSTODY-RAG", 9, PK_U_MONTHS, "9 months", "PF", "2027", "6.2", "2027-04-01", 0},
		{"x.other", "PF-RECALL", 28, PK_U_DAYS, "28 days", "PF", "July 2025", "6.3", "2025-07-17", 0},
	};
	cr_expect_eq(pk_rule_find(t, 3, "x.red", D("2026-01-01"))->value, 12);
	cr_expect_eq(pk_rule_find(t, 3, "x.red", D("2027-03-31"))->value, 12);
	cr_expect_eq(pk_rule_find(t, 3, "x.red", D("2027-04-01"))->value, 9);
	cr_expect_eq(pk_rule_find(t, 3, "x.red", D("2030-01-01"))->value, 9);
	cr_expect_eq(pk_rule_find(t, 3, "x.red", D("2020-01-01"))->value, 12);
	cr_expect_null(pk_rule_find(t, 3, "x.none", D("2026-01-01")));
}

Test(rules, grades)
{
	cr_expect_eq(pk_grade_rank("AA"), 0);
	cr_expect_eq(pk_grade_rank("SEO"), 4);
	cr_expect_eq(pk_grade_rank("G7"), 5);
	cr_expect_eq(pk_grade_rank("SCS"), 7);
	cr_expect_eq(pk_grade_rank("Grade 7"), -1);
	cr_expect_str_eq(pk_grade_name(pk_rule_value("cpp.chair.6m", D("2026-11-23"))), "G7");
	cr_expect_str_eq(pk_grade_name(pk_rule_value("cpp.chair.3m", D("2026-11-23"))), "SEO");
	cr_expect_null(pk_grade_name(8));
}

/* ---- pk_check_case: what validate adds to the schema ---- */

struct crow {
	const char *rule;       /* RULES.md / KIT ID */
	const char *what;
	const char *c;          /* case without id */
	const char *expect;     /* "line:col:sev:CODE" joined by ";", "" for none */
};

static const struct crow crows[] = {
	{"PF-COMMUNITY-RAG", "Red in the community is an error",
	 IPP("ipp", "community") RAG1("red", "2026-10-01") REL1("2026-09-01"), "7:14:error:PF-COMMUNITY-RAG"},
	{"PF-COMMUNITY-RAG", "Red while in custody is fine; the community rating is not red",
	 IPP("ipp", "community") "rag:\n  - {rating: red, date: 2026-01-01}\n  - {rating: amber, date: 2026-10-01}\n"
	 REL1("2026-09-01"), ""},
	{"PF-COMMUNITY-RAG", "a Red given during an earlier community period",
	 IPP("ipp", "custody") "rag:\n  - {rating: red, date: 2025-03-01}\n  - {rating: amber, date: 2026-10-01}\n"
	 REL1("2025-01-01") "recalls:\n  - {date: 2026-06-01}\n", "7:14:error:PF-COMMUNITY-RAG"},
	{"PF-RAG-REVIEW", "a rating older than 183 days: warning",
	 IPP("ipp", "custody") RAG1("amber", "2026-05-20"), "7:27:warning:PF-RAG-REVIEW"},
	{"PF-RAG-REVIEW", "183 days old is still fine", IPP("ipp", "custody") RAG1("amber", "2026-05-24"), ""},
	{"KIT-DATES", "detention ends before it starts",
	 DET("2026-03-01") "  end: 2026-02-01\n  end_reason: released\n", "6:8:error:KIT-DATES"},
	{"KIT-DATES", "detention start in the future", DET("2026-12-01"), "5:10:error:KIT-DATES"},
	{"KIT-DATES", "a referral before detention, and asking for a date before itself",
	 DET("2026-03-01") "referrals:\n  - {date: 2026-02-01, source: dvaat, due: 2026-01-15}\n",
	 "7:12:error:KIT-DATES;7:44:error:KIT-DATES"},
	{"KIT-DATES", "RAG entries oldest first",
	 IPP("ipp", "custody") "rag:\n  - {rating: red, date: 2026-10-01}\n  - {rating: amber, date: 2026-09-01}\n",
	 "8:27:error:KIT-DATES"},
	{"KIT-DATES", "a rating dated in the future",
	 IPP("ipp", "custody") "rag:\n  - {rating: red, date: 2026-10-01}\n  - {rating: amber, date: 2026-12-01}\n",
	 "8:27:error:KIT-DATES"},
	{"KIT-DATES", "a recall before any release",
	 IPP("ipp", "custody") RAG1("red", "2026-10-01") "recalls:\n  - {date: 2026-06-01}\n", "9:12:error:KIT-DATES"},
	{"KIT-SETTING", "community, but the latest event is a recall",
	 IPP("ipp", "community") RAG1("amber", "2026-10-01") REL1("2025-01-01") "recalls:\n  - {date: 2026-06-01}\n",
	 "5:10:error:KIT-SETTING"},
	{"KIT-SETTING", "custody, but released", IPP("ipp", "custody") RAG1("amber", "2026-10-01") REL1("2025-01-01"),
	 "5:10:error:KIT-SETTING"},
	{"KIT-SETTING", "recalled and re-released: community is right",
	 IPP("dpp", "community") RAG1("amber", "2026-10-01")
	 "releases:\n  - {date: 2024-01-01}\n  - {date: 2026-08-01}\nrecalls:\n  - {date: 2025-06-01}\n", ""},
	{"KIT-DATES", "a deterioration in the future; a planned step may be",
	 IPP("ipp", "community") RAG1("amber", "2026-10-01") REL1("2025-01-01")
	 "key_stages:\n  - {stage: deterioration, date: 2026-12-01}\n  - {stage: reimposition, date: 2026-12-01}\n",
	 "11:34:error:KIT-DATES"},
	{"PF-RAG-REVIEW", "a closed case asks for no new rating (KIT-LIFECYCLE)",
	 IPP("ipp", "custody") RAG1("amber", "2026-05-20") "closed: {date: 2026-09-01, reason: deceased}\n", ""},
	{"KIT-LIFECYCLE", "reopened, but never closed", DET("2026-03-01") "reopened: {date: 2026-04-01}\n",
	 "6:11:error:KIT-LIFECYCLE"},
	{"KIT-DATES", "reopened before it was closed",
	 DET("2026-03-01") "closed: {date: 2026-05-01, reason: removed}\nreopened: {date: 2026-04-01}\n",
	 "7:18:error:KIT-DATES"},
	{"KIT-DATES", "closed and baseline in the future",
	 DET("2026-03-01") "closed: {date: 2026-12-01, reason: removed}\nbaseline: {last_panel: 2026-12-02}\n",
	 "6:16:error:KIT-DATES;7:24:error:KIT-DATES"},
	{"KIT-DATES", "an earlier detention period that overlaps the current one",
	 DET("2026-03-01") "previous_detention:\n  - {start: 2025-06-01, end: 2026-03-10}\n", "7:30:error:KIT-DATES"},
	{"PF-WEPS", "a woman's suspension decision without WEPS consulted (PF 4.4)",
	 IPP("ipp", "community") RAG1("green", "2026-10-01") REL1("2023-01-01") "woman: true\n"
	 "suspension_considerations:\n  - {date: 2026-02-01, outcome: declined}\n"
	 "key_stages:\n  - {stage: reduce-frequency, date: 2026-06-01}\n  - {stage: reimposition, date: 2026-07-01}\n",
	 "12:12:warning:PF-WEPS;14:37:warning:PF-WEPS"},
	{"PF-WEPS", "consulted, or planned and not yet decided: nothing",
	 IPP("ipp", "community") RAG1("green", "2026-10-01") REL1("2023-01-01") "woman: true\n"
	 "suspension_considerations:\n  - {date: 2026-02-01, outcome: declined, weps_consulted: 2026-01-20}\n"
	 "key_stages:\n  - {stage: suspension, date: 2027-01-10}\n", ""},
	{"PF-WEPS", "not for a man", IPP("ipp", "community") RAG1("green", "2026-10-01") REL1("2023-01-01")
	 "suspension_considerations:\n  - {date: 2026-02-01, outcome: declined}\n", ""},
	{"KIT-DATES", "supervision since before any release",
	 IPP("life", "community") REL1("2025-01-01") "supervision:\n  state: active\n  since: 2024-06-01\n",
	 "10:10:error:KIT-DATES"},
};

Test(rules, check_case)
{
	for (size_t i = 0; i < PK_ARRAY_LEN(crows); i++) {
		const struct crow *r = &crows[i];
		struct pk_diags d = PK_DIAGS_INIT;
		struct sbuf b = SBUF_INIT;
		sbuf_addf(&b, "id: T-1\n%s", r->c);
		struct pk_doc *doc = pk_doc_parse("cases/T-1.yaml", b.s, b.len, NULL, &d);
		cr_assert_not_null(doc, "crow %zu", i);
		sbuf_reset(&b);
		struct pk_check_ctx ctx = {.today = D("2026-11-23")};
		pk_check_case(&ctx, doc, &d);
		pk_diags_sort(&d);
		for (size_t k = 0; k < d.n; k++)
			sbuf_addf(&b, "%s%u:%u:%s:%s", k ? ";" : "", d.v[k].line, d.v[k].col,
				  d.v[k].sev == PK_ERROR ? "error" : "warning", d.v[k].rule);
		cr_expect_str_eq(sbuf_str(&b), r->expect, "crow %zu [%s] %s: got \"%s\"", i, r->rule, r->what,
				 sbuf_str(&b));
		sbuf_free(&b);
		pk_doc_free(doc);
		pk_diags_free(&d);
	}
}

/* The message a practitioner reads for Red in the community. */
Test(rules, community_red_message)
{
	struct pk_diags d = PK_DIAGS_INIT;
	const char *y = "id: T-1\n" IPP("ipp", "community") RAG1("red", "2026-10-01") REL1("2026-09-01");
	struct pk_doc *doc = pk_doc_parse("cases/T-1.yaml", y, strlen(y), NULL, &d);
	struct pk_check_ctx ctx = {.today = D("2026-11-23")};
	pk_check_case(&ctx, doc, &d);
	cr_assert_eq(d.errors, 1);
	cr_expect_str_eq(d.v[0].msg,
			 "Red rating of 2026-10-01 while in the community: there is no Red in the community (PF C)");
	pk_doc_free(doc);
	pk_diags_free(&d);
}
