/* report.c, report_calc.c: panel report's figures on caseloads with a known
 * answer (the fixture caseload, and caseloads generated here), the writers'
 * exact output, and trends read from a git history made here with libgit2
 * (issue #7). */
#include <criterion/criterion.h>
#include <git2.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "record.h"
#include "report.h"
#include "mem.h"

/* ---------- a generated caseload in a temporary folder ---------- */

static char root[64];
static struct pk_diags d;

static void put(const char *rel, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(const char *rel, const char *fmt, ...)
{
	char path[256];
	va_list ap;
	snprintf(path, sizeof path, "%s/%s", root, rel);
	FILE *f = fopen(path, "w");
	cr_assert_not_null(f, "%s", path);
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	cr_assert_eq(fclose(f), 0);
}

static void setup(void)
{
	char path[128];
	memset(&d, 0, sizeof d);
	strcpy(root, "/tmp/pk-report.XXXXXX");
	cr_assert_not_null(mkdtemp(root));
	const char *dirs[] = {"cases", "panels", "people"};
	for (int i = 0; i < 3; i++) {
		snprintf(path, sizeof path, "%s/%s", root, dirs[i]);
		cr_assert_eq(mkdir(path, 0755), 0);
	}
}

static void teardown(void)
{
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
	cr_expect_eq(system(cmd), 0);
	pk_diags_free(&d);
	unsetenv("PANEL_TODAY");
}

TestSuite(report, .init = setup, .fini = teardown);

static void person(const char *id, const char *grade, const char *trained)
{
	char rel[96];
	snprintf(rel, sizeof rel, "people/%s.yaml", id);
	put(rel, "id: %s\nname: Name of %s\norganisation: home-office\n%s%s%s%s%s", id, id,
	    grade ? "grade: " : "", grade ? grade : "", grade ? "\n" : "",
	    trained ? "training:\n  cpp: " : "", trained ? trained : "");
}

static void dcase(const char *id, const char *team, const char *start)
{
	char rel[96];
	snprintf(rel, sizeof rel, "cases/%s.yaml", id);
	put(rel, "id: %s\nframework: detention\n%s%s%sdetention:\n  start: %s\n", id,
	    team ? "team: " : "", team ? team : "", team ? "\n" : "", start);
}

/* A held detention panel; entries is the YAML of its cases: list. */
static void dpanel(const char *id, const char *date, const char *chair, const char *entries)
{
	char rel[96];
	snprintf(rel, sizeof rel, "panels/%s.yaml", id);
	put(rel, "id: %s\nframework: detention\ndate: %s\nstatus: held\nchair: %s\ncases:\n%s", id,
	    date, chair, entries);
}

static pk_date ymd(const char *s)
{
	pk_date v;
	cr_assert_eq(pk_date_parse(s, &v, NULL), 0, "%s", s);
	return v;
}

typedef struct pk_report *(*report_fn)(struct pk_source *, const struct pk_report_opts *,
				      struct pk_diags *);

static struct pk_report *run_on(const char *dir, report_fn fn, const struct pk_report_opts *o)
{
	struct pk_source *src = pk_source_dir(dir, &d);
	cr_assert_not_null(src);
	struct pk_report *r = fn(src, o, &d);
	pk_source_free(src);
	cr_assert_not_null(r);
	return r;
}

static struct pk_report *run(report_fn fn, const struct pk_report_opts *o)
{
	return run_on(root, fn, o);
}

static const char *fixture(void)
{
	static char path[512];
	snprintf(path, sizeof path, "%s/tests/fixtures/report/records",
		 getenv("PANEL_SRC") ? getenv("PANEL_SRC") : ".");
	return path;
}

/* The cell of the row whose first text cells are row0 (and row1). */
static const struct pk_rcell *cell(const struct pk_report *r, const char *table, const char *row0,
				   const char *row1, const char *col)
{
	const struct pk_rtable *t = pk_report_find_table(r, table);
	cr_assert_not_null(t, "table %s", table);
	int c = pk_rtable_col(t, col);
	cr_assert_geq(c, 0, "column %s", col);
	for (size_t i = 0; i < t->nrows; i++) {
		const struct pk_rcell *a = pk_rtable_cell(t, i, 0), *b = pk_rtable_cell(t, i, 1);
		if (a->kind == PK_RC_TEXT && strcmp(a->text, row0) == 0 &&
		    (!row1 || (b->kind == PK_RC_TEXT && strcmp(b->text, row1) == 0)))
			return pk_rtable_cell(t, i, (size_t)c);
	}
	cr_assert_fail("no row %s %s in %s", row0, row1 ? row1 : "", table);
	return NULL;
}

static size_t n_of(const struct pk_report *r, const char *table, const char *row, const char *col)
{
	const struct pk_rcell *c = cell(r, table, row, NULL, col);
	cr_assert_eq(c->kind, PK_RC_COUNT, "%s/%s/%s is not a count", table, row, col);
	return c->n;
}

/* The IDs of a count, space-separated. */
static char *ids_of(const struct pk_report *r, const char *table, const char *row, const char *col)
{
	const struct pk_rcell *c = cell(r, table, row, NULL, col);
	struct sbuf b = SBUF_INIT;
	sbuf_add(&b, "", 0);
	for (size_t i = 0; i < c->n; i++)
		sbuf_addf(&b, "%s%s", i ? " " : "", c->ids[i]);
	return sbuf_detach(&b);
}

static void expect_ids(const struct pk_report *r, const char *table, const char *row,
		       const char *col, const char *want)
{
	char *got = ids_of(r, table, row, col);
	cr_expect_str_eq(got, want, "%s / %s / %s", table, row, col);
	free(got);
}

static char *rate_of(const struct pk_report *r, const char *table, const char *row0,
		     const char *row1, const char *col)
{
	const struct pk_rcell *c = cell(r, table, row0, row1, col);
	char buf[32];
	cr_assert_eq(c->kind, PK_RC_RATE);
	pk_rate_fmt(c->num, c->den, buf, sizeof buf);
	return xstrdup(buf);
}

static void expect_rate(const struct pk_report *r, const char *table, const char *row0,
			const char *row1, const char *col, const char *want)
{
	char *got = rate_of(r, table, row0, row1, col);
	cr_expect_str_eq(got, want, "%s / %s / %s", table, row0, col);
	free(got);
}

static size_t nrows(const struct pk_report *r, const char *table)
{
	const struct pk_rtable *t = pk_report_find_table(r, table);
	cr_assert_not_null(t);
	return t->nrows;
}

static char *render(const struct pk_report *r, enum pk_rformat f, int list, const char *table)
{
	struct sbuf out = SBUF_INIT;
	struct pk_rwrite_opts w = {list, table};
	char err[128];
	cr_assert_eq(pk_report_write(r, f, &w, &out, err, sizeof err), 0, "%s", err);
	return sbuf_detach(&out);
}

/* ---------- rates ---------- */

Test(report, rate_rounds_half_up_to_one_decimal)
{
	static const struct { long n, d; const char *want; } v[] = {
		{2, 3, "66.7"}, {1, 3, "33.3"}, {7, 9, "77.8"}, {1, 8, "12.5"}, {1, 16, "6.3"},
		{0, 5, "0.0"}, {5, 5, "100.0"}, {0, 0, "n/a"}, {1, 2000, "0.1"}, {1, 2001, "0.0"},
	};
	char buf[16];
	for (size_t i = 0; i < PK_ARRAY_LEN(v); i++) {
		pk_rate_fmt(v[i].n, v[i].d, buf, sizeof buf);
		cr_expect_str_eq(buf, v[i].want, "%ld/%ld", v[i].n, v[i].d);
	}
}

Test(report, parse_month)
{
	int y, m;
	cr_expect_eq(pk_parse_month("2025-12", &y, &m), 0);
	cr_expect_eq(y, 2025);
	cr_expect_eq(m, 12);
	cr_expect_eq(pk_parse_month("2025-13", &y, &m), -1);
	cr_expect_eq(pk_parse_month("2025-1", &y, &m), -1);
	cr_expect_eq(pk_parse_month("2025-12-01", &y, &m), -1);
	cr_expect_eq(pk_parse_month("", &y, &m), -1);
}

/* ---------- compliance on the fixture caseload (hand-checked) ---------- */

Test(report, compliance_fixture_december)
{
	struct pk_report_opts o = {ymd("2026-01-20"), 2025, 12, NULL};
	struct pk_report *r = run_on(fixture(), pk_report_compliance, &o);
	cr_expect_eq(d.errors, 0);
	/* Teams: every detention team (east has no case on a panel: zeros),
	 * "(none)" for DC-X1 which has no team, and the total. */
	cr_expect_eq(nrows(r, "responses"), 5);
	cr_expect_eq(n_of(r, "responses", "east", "recommendations"), 0);
	expect_rate(r, "responses", "east", NULL, "rate", "n/a");

	expect_ids(r, "responses", "north", "recommendations",
		   "DC-N1@CPP-2025-12-22-B DC-N2@CPP-2025-12-03-A DC-N3@CPP-2025-12-03-A");
	/* DC-N1 answered on 2026-01-05: the 14th day, across the year end. */
	expect_ids(r, "responses", "north", "acknowledged",
		   "DC-N1@CPP-2025-12-22-B DC-N2@CPP-2025-12-03-A");
	expect_ids(r, "responses", "north", "late", "DC-N3@CPP-2025-12-03-A");
	cr_expect_eq(n_of(r, "responses", "north", "missing"), 0);
	expect_rate(r, "responses", "north", NULL, "rate", "66.7");
	expect_ids(r, "responses", "north", "no_reason", "DC-N1@CPP-2025-12-22-B");
	expect_ids(r, "responses", "north", "no_approver", "DC-N1@CPP-2025-12-22-B");

	/* south: DC-S1's approver is SEO like the chair (passes); DC-S4's is HEO
	 * under an SEO chair (fails); DC-S3's is G7 like the chair (passes). */
	expect_ids(r, "responses", "south", "rejections",
		   "DC-S1@CPP-2025-12-03-A DC-S3@CPP-2025-12-22-B DC-S4@CPP-2025-12-03-A");
	expect_ids(r, "responses", "south", "no_approver", "DC-S4@CPP-2025-12-03-A");
	expect_ids(r, "responses", "south", "missing", "DC-S1@CPP-2025-12-22-B");
	expect_rate(r, "responses", "south", NULL, "rate", "80.0");
	expect_ids(r, "responses", "(none)", "no_approver", "DC-X1@CPP-2025-12-22-B");

	cr_expect_eq(n_of(r, "responses", "All teams", "recommendations"), 9);
	cr_expect_eq(n_of(r, "responses", "All teams", "acknowledged"), 7);
	cr_expect_eq(n_of(r, "responses", "All teams", "late"), 1);
	cr_expect_eq(n_of(r, "responses", "All teams", "missing"), 1);
	cr_expect_eq(n_of(r, "responses", "All teams", "awaiting"), 0);
	cr_expect_eq(n_of(r, "responses", "All teams", "rejections"), 5);
	cr_expect_eq(n_of(r, "responses", "All teams", "no_reason"), 1);
	cr_expect_eq(n_of(r, "responses", "All teams", "no_approver"), 3);
	expect_rate(r, "responses", "All teams", NULL, "rate", "77.8");

	expect_ids(r, "audits", "north", "required", "DC-N1@CPP-2025-12-22-B DC-N3@CPP-2025-12-03-A");
	expect_ids(r, "audits", "north", "done", "DC-N1@CPP-2025-12-22-B");
	expect_ids(r, "audits", "north", "overdue", "DC-N3@CPP-2025-12-03-A");
	cr_expect_eq(n_of(r, "audits", "All teams", "required"), 4);
	cr_expect_eq(n_of(r, "audits", "All teams", "done"), 2);
	cr_expect_eq(n_of(r, "audits", "All teams", "overdue"), 2);
	cr_expect_eq(n_of(r, "audits", "All teams", "not_due"), 0);
	cr_expect_eq(nrows(r, "dq"), 8);
	pk_report_free(r);
}

/* The same month judged on 2026-01-03: the windows of the 22 December panel
 * are still open, and responses dated after the 3rd are not yet made. */
Test(report, compliance_fixture_windows_open_across_the_year_end)
{
	struct pk_report_opts o = {ymd("2026-01-03"), 2025, 12, NULL};
	struct pk_report *r = run_on(fixture(), pk_report_compliance, &o);
	expect_ids(r, "responses", "north", "awaiting", "DC-N1@CPP-2025-12-22-B");
	cr_expect_eq(n_of(r, "responses", "north", "rejections"), 0);
	expect_rate(r, "responses", "north", NULL, "rate", "50.0");
	expect_ids(r, "responses", "south", "awaiting", "DC-S1@CPP-2025-12-22-B DC-S3@CPP-2025-12-22-B");
	expect_ids(r, "audits", "north", "not_due", "DC-N1@CPP-2025-12-22-B");
	expect_ids(r, "audits", "(none)", "not_due", "DC-X1@CPP-2025-12-22-B");
	cr_expect_eq(nrows(r, "dq"), 4);
	pk_report_free(r);
}

Test(report, compliance_fixture_empty_month_and_unknown_team)
{
	struct pk_report_opts o = {ymd("2026-01-20"), 2025, 10, NULL};
	struct pk_report *r = run_on(fixture(), pk_report_compliance, &o);
	cr_expect_eq(nrows(r, "responses"), 4); /* east, north, south, all: no "(none)" */
	cr_expect_eq(n_of(r, "responses", "All teams", "recommendations"), 0);
	expect_rate(r, "responses", "All teams", NULL, "rate", "n/a");
	cr_expect_eq(nrows(r, "dq"), 0);
	pk_report_free(r);

	struct pk_report_opts w = {ymd("2026-01-20"), 2025, 12, "west"};
	r = run_on(fixture(), pk_report_compliance, &w);
	cr_expect_eq(nrows(r, "responses"), 1);
	cr_expect_eq(n_of(r, "responses", "west", "recommendations"), 0);
	cr_expect_eq(n_of(r, "audits", "west", "required"), 0);
	cr_expect_eq(nrows(r, "dq"), 0);
	pk_report_free(r);
}

/* ---------- CPP-RESPONSE grades, table-driven on generated panels ---------- */

Test(report, rejection_approver_grades)
{
	/* Each row: a panel chaired at chair_grade whose only case has been
	 * detained `days` on the sitting day, rejected with approval at
	 * approver_grade.  CPP-RESPONSE, CPP §11.3: the chair's grade or above,
	 * and SEO+ (ad hoc, 3-month) or G7+ (6-9-month, 12-month+). */
	static const struct {
		const char *chair, *approver;
		int days, fails;
		const char *why;
	} v[] = {
		{"SEO", "SEO", 90, 0, "CPP-RESPONSE: the chair's own grade passes"},
		{"SEO", "HEO", 90, 1, "CPP-RESPONSE: one below the chair fails"},
		{"SEO", "G7", 90, 0, "CPP-RESPONSE: above the chair passes"},
		{"G7", "G7", 400, 0, "CPP-RESPONSE: G7 chair, 12-month+, G7 passes"},
		{"G7", "SEO", 90, 1, "CPP-RESPONSE: below a G7 chair fails even for 3-month"},
		{"G7", "G6", 200, 0, "CPP-RESPONSE: G6 above a G7 chair passes"},
		{"SCS", "G6", 90, 1, "CPP-RESPONSE: one below an SCS chair fails"},
		{"HEO", "SEO", 200, 1, "CPP-RESPONSE: 6-9-month needs G7 whatever the chair"},
		{"HEO", "SEO", 50, 0, "CPP-RESPONSE: ad hoc is 3-month, SEO passes"},
		{"HEO", "HEO", 50, 1, "CPP-RESPONSE: ad hoc is 3-month, HEO fails"},
		{NULL, "SEO", 90, 0, "CPP-RESPONSE: chair with no grade: 3-month minimum SEO"},
		{NULL, "SEO", 168, 1, "CPP-RESPONSE: chair with no grade: 6-9-month needs G7"},
		{NULL, "G7", 336, 0, "CPP-RESPONSE: chair with no grade: 12-month+ G7 passes"},
	};
	pk_date sit = ymd("2025-12-22");
	for (size_t i = 0; i < PK_ARRAY_LEN(v); i++) {
		char id[32], pid[48], chair[32], ap[32], start[16], entry[512];
		snprintf(id, sizeof id, "DC-%02zu", i);
		snprintf(pid, sizeof pid, "CPP-2025-12-22-%02zu", i);
		snprintf(chair, sizeof chair, "chair-%02zu", i);
		snprintf(ap, sizeof ap, "ap-%02zu", i);
		person(chair, v[i].chair, NULL);
		person(ap, v[i].approver, NULL);
		dcase(id, "t", pk_date_fmt(sit - v[i].days, start));
		snprintf(entry, sizeof entry,
			 "  - case: %s\n    recommendation: maintain\n"
			 "    response: {decision: disagree, date: 2025-12-23, reason: r, approver: %s}\n",
			 id, ap);
		dpanel(pid, "2025-12-22", chair, entry);
	}
	struct pk_report_opts o = {ymd("2026-02-01"), 2025, 12, NULL};
	struct pk_report *r = run(pk_report_compliance, &o);
	const struct pk_rcell *c = cell(r, "responses", "t", NULL, "no_approver");
	cr_expect_eq(n_of(r, "responses", "t", "rejections"), PK_ARRAY_LEN(v));
	for (size_t i = 0; i < PK_ARRAY_LEN(v); i++) {
		char want[64];
		int found = 0;
		snprintf(want, sizeof want, "DC-%02zu@CPP-2025-12-22-%02zu", i, i);
		for (size_t j = 0; j < c->n; j++)
			found |= strcmp(c->ids[j], want) == 0;
		cr_expect_eq(found, v[i].fails, "row %zu: %s", i, v[i].why);
	}
	pk_report_free(r);
}

/* ---------- CPP-RESPONSE windows across a year end, generated ---------- */

Test(report, response_window_across_the_year_end)
{
	/* A panel on 2025-12-22: the 14 days end on 2026-01-05. */
	person("ch", "G7", NULL);
	dcase("DC-A", "t", "2025-09-01");
	dcase("DC-B", "t", "2025-09-01");
	dcase("DC-C", "t", "2025-09-01");
	dcase("DC-D", "t", "2025-09-01");
	dpanel("CPP-2025-12-22-A", "2025-12-22", "ch",
	       "  - {case: DC-A, recommendation: release, response: {decision: agree, date: 2026-01-05}}\n"
	       "  - {case: DC-B, recommendation: maintain, response: {decision: agree, date: 2026-01-06}}\n"
	       "  - {case: DC-C, recommendation: maintain-with-actions}\n"
	       "  - {case: DC-D, recommendation: none}\n");
	static const struct {
		const char *as_of;
		size_t ack, late, missing, awaiting, audit_overdue, audit_not_due;
		const char *rate;
	} v[] = {
		/* CPP-RESPONSE: on the 14th day nothing is missing yet. */
		{"2026-01-05", 1, 0, 0, 2, 0, 2, "100.0"},
		/* CPP-RESPONSE, CPP-AUDIT: the day after, DC-C is missing and
		 * both audits (release, maintain-with-actions) are overdue. */
		{"2026-01-06", 1, 1, 1, 0, 2, 0, "33.3"},
		{"2026-03-01", 1, 1, 1, 0, 2, 0, "33.3"},
	};
	for (size_t i = 0; i < PK_ARRAY_LEN(v); i++) {
		struct pk_report_opts o = {ymd(v[i].as_of), 2025, 12, NULL};
		struct pk_report *r = run(pk_report_compliance, &o);
		cr_expect_eq(n_of(r, "responses", "t", "recommendations"), 3, "%s", v[i].as_of);
		cr_expect_eq(n_of(r, "responses", "t", "acknowledged"), v[i].ack, "%s", v[i].as_of);
		cr_expect_eq(n_of(r, "responses", "t", "late"), v[i].late, "%s", v[i].as_of);
		cr_expect_eq(n_of(r, "responses", "t", "missing"), v[i].missing, "%s", v[i].as_of);
		cr_expect_eq(n_of(r, "responses", "t", "awaiting"), v[i].awaiting, "%s", v[i].as_of);
		cr_expect_eq(n_of(r, "audits", "t", "overdue"), v[i].audit_overdue, "%s", v[i].as_of);
		cr_expect_eq(n_of(r, "audits", "t", "not_due"), v[i].audit_not_due, "%s", v[i].as_of);
		expect_rate(r, "responses", "t", NULL, "rate", v[i].rate);
		pk_report_free(r);
	}
	/* The panel belongs to December, not to January. */
	struct pk_report_opts jan = {ymd("2026-03-01"), 2026, 1, NULL};
	struct pk_report *r = run(pk_report_compliance, &jan);
	cr_expect_eq(n_of(r, "responses", "t", "recommendations"), 0);
	pk_report_free(r);
}

Test(report, compliance_counts_only_held_detention_panels_of_the_month)
{
	person("ch", "G7", NULL);
	dcase("DC-A", "north", "2025-09-01");
	dcase("DC-B", "south", "2025-09-01");
	dpanel("CPP-2025-11-30-A", "2025-11-30", "ch", "  - {case: DC-A, recommendation: maintain}\n");
	dpanel("CPP-2025-12-01-A", "2025-12-01", "ch",
	       "  - {case: DC-A, recommendation: maintain}\n"
	       "  - {case: DC-B, recommendation: maintain, reached: false}\n");
	dpanel("CPP-2025-12-31-A", "2025-12-31", "ch", "  - {case: DC-B, recommendation: release}\n");
	dpanel("CPP-2026-01-01-A", "2026-01-01", "ch", "  - {case: DC-A, recommendation: maintain}\n");
	put("panels/CPP-2025-12-10-P.yaml", "id: CPP-2025-12-10-P\nframework: detention\n"
	    "date: 2025-12-10\nstatus: planned\nchair: ch\ncases:\n  - {case: DC-A, recommendation: maintain}\n");
	put("panels/CPP-2025-12-11-C.yaml", "id: CPP-2025-12-11-C\nframework: detention\n"
	    "date: 2025-12-11\nstatus: cancelled\nchair: ch\ncases:\n  - {case: DC-A, recommendation: maintain}\n");
	put("panels/PP-2025-12-12-X.yaml", "id: PP-2025-12-12-X\nframework: ipp\n"
	    "date: 2025-12-12\nstatus: held\nchair: ch\ncases:\n  - {case: DC-A, recommendation: maintain}\n");
	struct pk_report_opts o = {ymd("2026-03-01"), 2025, 12, NULL};
	struct pk_report *r = run(pk_report_compliance, &o);
	expect_ids(r, "responses", "north", "recommendations", "DC-A@CPP-2025-12-01-A");
	expect_ids(r, "responses", "south", "recommendations", "DC-B@CPP-2025-12-31-A");
	expect_ids(r, "responses", "All teams", "missing", "DC-A@CPP-2025-12-01-A DC-B@CPP-2025-12-31-A");
	pk_report_free(r);

	struct pk_report_opts t = {ymd("2026-03-01"), 2025, 12, "south"};
	r = run(pk_report_compliance, &t);
	cr_expect_eq(nrows(r, "responses"), 1);
	expect_ids(r, "responses", "south", "recommendations", "DC-B@CPP-2025-12-31-A");
	pk_report_free(r);
}

/* ---------- detention, coverage, attendance on the fixture ---------- */

Test(report, detention_fixture)
{
	struct pk_report_opts o = {ymd("2026-01-20"), 0, 0, NULL};
	struct pk_report *r = run_on(fixture(), pk_report_detention, &o);
	expect_ids(r, "population", "ad-hoc", "detained", "DC-E1");
	expect_ids(r, "population", "3-month", "detained", "DC-N2 DC-N3 DC-S1 DC-S4");
	expect_ids(r, "population", "6-9-month", "detained", "DC-N1 DC-S3");
	expect_ids(r, "population", "12-month+", "detained", "DC-S2");
	cr_expect_eq(n_of(r, "population", "Total", "detained"), 8);
	/* CPP-CYCLE: DC-N2's first review (due 2025-12-24, deadline 12-30) was
	 * not held: the 3 December panel was too early, and it was not reached
	 * on 22 December. */
	expect_ids(r, "population", "Total", "overdue", "DC-N2");
	expect_ids(r, "overdue", "CPP-CYCLE", "cases", "DC-N2");
	/* CPP-LIGHT: DC-N2's bail in principle is dated after the as-of date. */
	expect_ids(r, "population", "Total", "bail", "DC-S2");
	cr_expect_eq(n_of(r, "recommendations", "release", "count"), 6);
	cr_expect_eq(n_of(r, "recommendations", "maintain-with-actions", "count"), 1);
	cr_expect_eq(n_of(r, "recommendations", "maintain", "count"), 5);
	cr_expect_eq(n_of(r, "recommendations", "none", "count"), 1);
	cr_expect_eq(n_of(r, "recommendations", "Total", "count"), 13);
	expect_ids(r, "release", "Followed: released or bailed on or after the sitting", "count",
		   "DC-X1@CPP-2025-12-22-B");
	expect_ids(r, "release", "Not followed: removed or detention ended otherwise", "count",
		   "DC-R1@CPP-2025-11-12-A");
	expect_ids(r, "release", "Not followed: still detained, casework disagreed", "count",
		   "DC-N1@CPP-2025-12-22-B DC-S1@CPP-2025-12-03-A");
	expect_ids(r, "release", "Not followed: still detained, casework agreed", "count",
		   "DC-S3@CPP-2025-11-12-A");
	expect_ids(r, "release", "Not followed: still detained, no response", "count",
		   "DC-N3@CPP-2025-11-12-A");
	pk_report_free(r);
}

Test(report, coverage_fixture)
{
	struct pk_report_opts o = {ymd("2026-01-20"), 0, 0, NULL};
	struct pk_report *r = run_on(fixture(), pk_report_coverage, &o);
	const struct pk_rcell *c = cell(r, "coverage", "custody", "all", "cases");
	cr_expect_eq(c->n, 4); /* LIFE-1 is not in PF-COVERAGE */
	c = cell(r, "coverage", "custody", "all", "with_panel");
	cr_expect_eq(c->n, 1);
	cr_expect_str_eq(c->ids[0], "IPP-C1");
	char *s = rate_of(r, "coverage", "custody", "all", "share");
	cr_expect_str_eq(s, "25.0");
	free(s);
	s = rate_of(r, "coverage", "community", "all", "share");
	cr_expect_str_eq(s, "50.0");
	free(s);
	s = rate_of(r, "coverage", "community", "Red", "share");
	cr_expect_str_eq(s, "n/a");
	free(s);
	cr_expect_eq(cell(r, "coverage", "all", "all", "without_panel")->n, 4);
	expect_ids(r, "rag", "all", "stale", "IPP-C1 IPP-M2");
	expect_ids(r, "rag", "all", "none", "IPP-C4");
	expect_ids(r, "overdue", "PF-CUSTODY-RAG", "custody", "IPP-C2");
	expect_ids(r, "overdue", "Any rule", "total", "IPP-C2 IPP-M2");
	pk_report_free(r);
}

Test(report, coverage_twelve_month_boundary)
{
	/* PF-COVERAGE: a panel exactly 12 months before as-of counts; a day
	 * earlier does not. */
	person("h", NULL, NULL);
	put("cases/IPP-A.yaml", "id: IPP-A\nframework: ipp\nsentence: ipp\nsetting: custody\n"
	    "rag:\n  - {rating: red, date: 2025-12-01}\n");
	put("cases/IPP-B.yaml", "id: IPP-B\nframework: ipp\nsentence: dpp\nsetting: custody\n"
	    "rag:\n  - {rating: red, date: 2025-12-01}\n");
	put("panels/PP-A.yaml", "id: PP-A\nframework: ipp\ndate: 2025-01-20\nstatus: held\n"
	    "chair: h\ncases:\n  - {case: IPP-A}\n");
	put("panels/PP-B.yaml", "id: PP-B\nframework: ipp\ndate: 2025-01-19\nstatus: held\n"
	    "chair: h\ncases:\n  - {case: IPP-B}\n");
	struct pk_report_opts o = {ymd("2026-01-20"), 0, 0, NULL};
	struct pk_report *r = run(pk_report_coverage, &o);
	const struct pk_rcell *c = cell(r, "coverage", "custody", "Red", "with_panel");
	cr_expect_eq(c->n, 1);
	cr_expect_str_eq(c->ids[0], "IPP-A");
	pk_report_free(r);
}

Test(report, attendance_generated_against_ten_to_twelve)
{
	/* CPP-ATTENDANCE: 13 panels (over), 12 and 10 (within), 9 (under),
	 * 0 but trained (under).  Planned, ipp and previous-year panels do not
	 * count, nor does the secretariat, nor apologies. */
	static const struct { const char *id; int panels; } who[] = {
		{"p-13", 13}, {"p-12", 12}, {"p-10", 10}, {"p-09", 9},
	};
	person("p-00", "EO", "2025-12-31");
	person("p-late", "EO", "2026-01-01"); /* trained after the year: not listed */
	person("sec", "EO", NULL);
	for (int k = 0; k < 12; k++) {
		char pid[48], rel[80];
		struct sbuf members = SBUF_INIT;
		for (size_t i = 1; i < PK_ARRAY_LEN(who); i++)
			if (k < who[i].panels)
				sbuf_addf(&members, "  - {person: %s, role: other, attendance: attended}\n", who[i].id);
		sbuf_adds(&members, "  - {person: p-00, role: other, attendance: apologies}\n");
		snprintf(pid, sizeof pid, "CPP-2025-%02d-01-A", k + 1);
		snprintf(rel, sizeof rel, "panels/%s.yaml", pid);
		put(rel, "id: %s\nframework: detention\ndate: 2025-%02d-01\nstatus: held\nchair: p-13\n"
		    "secretariat: sec\nmembers:\n%s", pid, k + 1, sbuf_str(&members));
		sbuf_free(&members);
	}
	/* p-13's thirteenth, as chair. */
	put("panels/CPP-2025-12-15-B.yaml", "id: CPP-2025-12-15-B\nframework: detention\n"
	    "date: 2025-12-15\nstatus: held\nchair: p-13\nsecretariat: sec\n");
	put("panels/CPP-2024-12-31-A.yaml", "id: CPP-2024-12-31-A\nframework: detention\n"
	    "date: 2024-12-31\nstatus: held\nchair: p-09\n");
	put("panels/CPP-2025-12-30-P.yaml", "id: CPP-2025-12-30-P\nframework: detention\n"
	    "date: 2025-12-30\nstatus: planned\nchair: p-09\n");
	put("panels/PP-2025-06-01-X.yaml", "id: PP-2025-06-01-X\nframework: ipp\n"
	    "date: 2025-06-01\nstatus: held\nchair: p-09\n");
	struct pk_report_opts o = {0, 2025, 0, NULL};
	struct pk_report *r = run(pk_report_attendance, &o);
	cr_expect_eq(nrows(r, "people"), 5);
	cr_expect_eq(n_of(r, "people", "p-13", "panels"), 13);
	cr_expect_eq(n_of(r, "people", "p-13", "chair"), 13);
	cr_expect_eq(n_of(r, "people", "p-12", "panels"), 12);
	cr_expect_eq(n_of(r, "people", "p-10", "panels"), 10);
	cr_expect_eq(n_of(r, "people", "p-09", "panels"), 9);
	cr_expect_eq(n_of(r, "people", "p-00", "panels"), 0);
	cr_expect_str_eq(cell(r, "people", "p-13", NULL, "status")->text, "over 12");
	cr_expect_str_eq(cell(r, "people", "p-12", NULL, "status")->text, "10 to 12");
	cr_expect_str_eq(cell(r, "people", "p-10", NULL, "status")->text, "10 to 12");
	cr_expect_str_eq(cell(r, "people", "p-09", NULL, "status")->text, "under 10");
	expect_ids(r, "summary", "under 10", "people", "p-00 p-09");
	expect_ids(r, "summary", "10 to 12", "people", "p-10 p-12");
	expect_ids(r, "summary", "over 12", "people", "p-13");
	pk_report_free(r);
}

Test(report, overdue_by_rule_counts_every_case)
{
	/* CPP-CYCLE: three cases detained since January with no panel are all
	 * overdue on 1 June; PF-CUSTODY-RAG: two Red cases whose last panel is
	 * two years old are both overdue. */
	dcase("DC-1", "t", "2025-01-02");
	dcase("DC-2", "t", "2025-01-03");
	dcase("DC-3", "t", "2025-01-04");
	person("h", NULL, NULL);
	put("cases/IPP-1.yaml", "id: IPP-1\nframework: ipp\nsentence: ipp\nsetting: custody\n"
	    "rag:\n  - {rating: red, date: 2025-05-01}\n");
	put("cases/IPP-2.yaml", "id: IPP-2\nframework: ipp\nsentence: dpp\nsetting: custody\n"
	    "rag:\n  - {rating: red, date: 2025-05-01}\n");
	put("panels/PP-1.yaml", "id: PP-1\nframework: ipp\ndate: 2023-05-01\nstatus: held\n"
	    "chair: h\ncases:\n  - {case: IPP-1}\n  - {case: IPP-2}\n");
	struct pk_report_opts o = {ymd("2025-06-01"), 0, 0, NULL};
	struct pk_report *r = run(pk_report_detention, &o);
	expect_ids(r, "overdue", "CPP-CYCLE", "cases", "DC-1 DC-2 DC-3");
	expect_ids(r, "overdue", "Any rule", "cases", "DC-1 DC-2 DC-3");
	expect_ids(r, "population", "Total", "overdue", "DC-1 DC-2 DC-3");
	pk_report_free(r);
	r = run(pk_report_coverage, &o);
	expect_ids(r, "overdue", "PF-CUSTODY-RAG", "custody", "IPP-1 IPP-2");
	expect_ids(r, "overdue", "Any rule", "total", "IPP-1 IPP-2");
	pk_report_free(r);
}

/* ---------- writers: exact text ---------- */

static struct pk_report *small_report(void)
{
	static const char *const cols[][2] = {
		{"team", "Team"}, {"n", "Cases"}, {"rate", "Rate"},
	};
	struct pk_report *r = pk_report_new("demo", "Demo | report");
	pk_report_param(r, "as_of", "As of", "2026-01-20");
	struct pk_rtable *t = pk_report_table(r, "t", "The *table*", 3, cols);
	size_t a = pk_rtable_row(t), b = pk_rtable_row(t);
	pk_rcell_text(pk_rtable_cell(t, a, 0), "north, \"east\"");
	pk_rcell_add(pk_rtable_cell(t, a, 1), "DC-2");
	pk_rcell_add(pk_rtable_cell(t, a, 1), "DC-1");
	pk_rcell_add(pk_rtable_cell(t, a, 1), "DC-2");
	pk_rcell_rate(pk_rtable_cell(t, a, 2), 1, 2);
	pk_rcell_text(pk_rtable_cell(t, b, 0), "=cmd|<b>");
	pk_rcell_count(pk_rtable_cell(t, b, 1));
	pk_rcell_rate(pk_rtable_cell(t, b, 2), 0, 0);
	pk_report_note(r, "**Cases**: counted.");
	pk_report_finish(r);
	return r;
}

Test(report, markdown_exact)
{
	struct pk_report *r = small_report();
	char *md = render(r, PK_RF_MARKDOWN, 1, NULL);
	cr_expect_str_eq(md,
		"# Demo \\| report\n\n"
		"- As of: 2026-01-20\n\n"
		"## The \\*table\\*\n\n"
		"| Team | Cases | Rate |\n"
		"| --- | --: | --: |\n"
		"| north, \"east\" | 2 | 50.0% |\n"
		"| \\=cmd\\|\\<b> | 0 | n/a |\n\n"
		"Behind each count:\n\n"
		"- north, \"east\", Cases (2): DC-1, DC-2\n\n"
		"## Definitions\n\n"
		"- **Cases**: counted.\n");
	free(md);
	pk_report_free(r);
}

Test(report, csv_exact_rfc4180)
{
	struct pk_report *r = small_report();
	char *csv = render(r, PK_RF_CSV, 1, NULL);
	/* Quotes doubled, fields with commas quoted, CRLF, a formula defused. */
	cr_expect_str_eq(csv,
		"Team,Cases,Cases IDs,Rate\r\n"
		"\"north, \"\"east\"\"\",2,DC-1 DC-2,50.0\r\n"
		"\"'=cmd|<b>\",0,,\r\n");
	free(csv);
	csv = render(r, PK_RF_CSV, 0, "t");
	cr_expect_str_eq(csv, "Team,Cases,Rate\r\n\"north, \"\"east\"\"\",2,50.0\r\n\"'=cmd|<b>\",0,\r\n");
	free(csv);
	struct sbuf out = SBUF_INIT;
	struct pk_rwrite_opts w = {0, "nope"};
	char err[128];
	cr_expect_eq(pk_report_write(r, PK_RF_CSV, &w, &out, err, sizeof err), -1);
	cr_expect_str_eq(err, "no table \"nope\" in the demo report (tables: t)");
	sbuf_free(&out);
	pk_report_free(r);
}

Test(report, json_exact)
{
	struct pk_report *r = small_report();
	char *js = render(r, PK_RF_JSON, 1, NULL);
	cr_expect_str_eq(js,
		"{\n"
		"  \"report\": \"demo\",\n"
		"  \"title\": \"Demo | report\",\n"
		"  \"params\": {\"as_of\": \"2026-01-20\"},\n"
		"  \"tables\": [\n"
		"    {\n"
		"      \"key\": \"t\",\n"
		"      \"title\": \"The *table*\",\n"
		"      \"columns\": [{\"key\": \"team\", \"label\": \"Team\"}, {\"key\": \"n\", \"label\": \"Cases\"}, "
		"{\"key\": \"rate\", \"label\": \"Rate\"}],\n"
		"      \"rows\": [\n"
		"        {\"team\": \"north, \\\"east\\\"\", \"n\": 2, \"rate\": 50.0, \"ids\": {\"n\": [\"DC-1\", \"DC-2\"]}},\n"
		"        {\"team\": \"=cmd|<b>\", \"n\": 0, \"rate\": null, \"ids\": {\"n\": []}}\n"
		"      ]\n"
		"    }\n"
		"  ],\n"
		"  \"notes\": [\n"
		"    \"**Cases**: counted.\"\n"
		"  ]\n"
		"}\n");
	free(js);
	pk_report_free(r);
}

Test(report, html_page_escapes_record_text)
{
	struct pk_report *r = small_report();
	char *h = render(r, PK_RF_HTML, 0, NULL);
	cr_expect_not_null(strstr(h, "<!DOCTYPE html>"));
	cr_expect_not_null(strstr(h, "<title>Demo | report</title>"));
	cr_expect_not_null(strstr(h, "<td>=cmd|&lt;b&gt;</td>"));
	cr_expect_null(strstr(h, "<b>"));
	cr_expect_null(strstr(h, "PANELKIT-CHART"));
	free(h);
	pk_report_free(r);
}

Test(report, svg_chart_exact)
{
	static const char *const cols[][2] = {{"month", "Month"}, {"n", "Cases <overdue>"}};
	struct pk_report *r = pk_report_new("demo", "Trend");
	struct pk_rtable *t = pk_report_table(r, "trend", "Trend", 2, cols);
	size_t a = pk_rtable_row(t), b = pk_rtable_row(t);
	pk_rcell_text(pk_rtable_cell(t, a, 0), "2026-01");
	pk_rcell_add(pk_rtable_cell(t, a, 1), "X");
	pk_rcell_add(pk_rtable_cell(t, a, 1), "Y");
	pk_rcell_text(pk_rtable_cell(t, b, 0), "2026-02 & <x>");
	pk_rcell_add(pk_rtable_cell(t, b, 1), "X");
	struct sbuf out = SBUF_INIT;
	pk_report_svg(t, 1, &out);
	cr_expect_str_eq(sbuf_str(&out),
		"<figure class=\"chart\">\n"
		"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"120\" height=\"198\" viewBox=\"0 0 120 198\" "
		"role=\"img\" aria-label=\"Cases &lt;overdue&gt;\">\n"
		"<title>Cases &lt;overdue&gt;</title>\n"
		"<line x1=\"10\" y1=\"174\" x2=\"110\" y2=\"174\" stroke=\"#000\"/>\n"
		"<rect x=\"17\" y=\"34\" width=\"36\" height=\"140\" fill=\"#3a5f8f\"><title>2026-01: 2</title></rect>\n"
		"<text x=\"35\" y=\"30\" font-size=\"11\" text-anchor=\"middle\">2</text>\n"
		"<text x=\"35\" y=\"188\" font-size=\"10\" text-anchor=\"middle\">2026-01</text>\n"
		"<rect x=\"67\" y=\"104\" width=\"36\" height=\"70\" fill=\"#3a5f8f\"><title>2026-02 &amp; &lt;x&gt;: 1</title></rect>\n"
		"<text x=\"85\" y=\"100\" font-size=\"11\" text-anchor=\"middle\">1</text>\n"
		"<text x=\"85\" y=\"188\" font-size=\"10\" text-anchor=\"middle\">2026-02 &amp; &lt;x&gt;</text>\n"
		"</svg>\n<figcaption>Cases &lt;overdue&gt;</figcaption>\n</figure>\n");
	sbuf_free(&out);
	pk_report_free(r);
}

/* ---------- trends from a git history made here ---------- */

static git_repository *repo;

static void commit_at(const char *when, const char *msg)
{
	git_index *idx;
	git_oid tree_oid, commit_oid, parent_oid;
	git_tree *tree;
	git_signature *sig;
	git_commit *parent = NULL;
	pk_date day = ymd(when);
	/* Noon UTC of that day: the commit's date is unambiguous. */
	git_time_t t = (git_time_t)day * 86400 + 12 * 3600;

	cr_assert_eq(git_repository_index(&idx, repo), 0);
	const char *all[] = {"*"};
	git_strarray paths = {(char **)all, 1};
	cr_assert_eq(git_index_add_all(idx, &paths, 0, NULL, NULL), 0);
	cr_assert_eq(git_index_write(idx), 0);
	cr_assert_eq(git_index_write_tree(&tree_oid, idx), 0);
	cr_assert_eq(git_tree_lookup(&tree, repo, &tree_oid), 0);
	cr_assert_eq(git_signature_new(&sig, "Test", "test@example.org", t, 0), 0);
	if (git_reference_name_to_id(&parent_oid, repo, "HEAD") == 0)
		cr_assert_eq(git_commit_lookup(&parent, repo, &parent_oid), 0);
	const git_commit *parents[] = {parent};
	cr_assert_eq(git_commit_create(&commit_oid, repo, "HEAD", sig, sig, NULL, msg, tree,
				       parent ? 1 : 0, parents), 0);
	git_commit_free(parent);
	git_signature_free(sig);
	git_tree_free(tree);
	git_index_free(idx);
}

static void git_setup(void)
{
	setup();
	git_libgit2_init();
	cr_assert_eq(git_repository_init(&repo, root, 0), 0);
}

static void git_teardown(void)
{
	git_repository_free(repo);
	git_libgit2_shutdown();
	teardown();
}

Test(report, coverage_trend_from_git_history, .init = git_setup, .fini = git_teardown)
{
	setenv("PANEL_TODAY", "2025-06-01", 1);
	person("h", NULL, NULL);
	put("cases/IPP-A.yaml", "id: IPP-A\nframework: ipp\nsentence: ipp\nsetting: custody\n"
	    "rag:\n  - {rating: red, date: 2025-01-02}\n");
	commit_at("2025-01-15", "IPP-A");
	put("panels/PP-2025-02-05.yaml", "id: PP-2025-02-05\nframework: ipp\ndate: 2025-02-05\n"
	    "status: held\nchair: h\ncases:\n  - {case: IPP-A}\n");
	commit_at("2025-02-10", "panel held");
	put("cases/IPP-B.yaml", "id: IPP-B\nframework: ipp\nsentence: dpp\nsetting: custody\n"
	    "rag:\n  - {rating: amber, date: 2025-03-01}\n");
	commit_at("2025-03-20", "IPP-B");
	/* Not committed: the trend must not see it. */
	put("cases/IPP-C.yaml", "id: IPP-C\nframework: ipp\nsentence: ipp\nsetting: custody\n");

	/* A month before the first commit has no records to read: refused. */
	cr_expect_null(pk_report_trend(root, PK_REP_COVERAGE, 2024, 12, 2025, 3, NULL,
				       ymd("2025-06-01"), &d));
	cr_expect_eq(d.errors, 1);
	cr_expect_str_eq(d.v[0].rule, "KIT-HISTORY");
	pk_diags_free(&d);
	memset(&d, 0, sizeof d);

	struct pk_report *r = pk_report_trend(root, PK_REP_COVERAGE, 2025, 1, 2025, 3, NULL,
					      ymd("2025-06-01"), &d);
	pk_diags_print(stderr, &d);
	cr_assert_not_null(r);
	cr_expect_eq(d.errors, 0);
	const struct pk_rtable *t = pk_report_find_table(r, "trend");
	cr_assert_not_null(t);
	cr_assert_eq(t->nrows, 3);
	static const struct { const char *month, *as_of; size_t cases, with; const char *share; } v[] = {
		{"2025-01", "2025-01-31", 1, 0, "0.0"},
		{"2025-02", "2025-02-28", 1, 1, "100.0"},
		{"2025-03", "2025-03-31", 2, 1, "50.0"},
	};
	for (size_t i = 0; i < PK_ARRAY_LEN(v); i++) {
		cr_expect_str_eq(cell(r, "trend", v[i].month, NULL, "as_of")->text, v[i].as_of);
		cr_expect_eq(n_of(r, "trend", v[i].month, "custody_cases"), v[i].cases, "%s", v[i].month);
		cr_expect_eq(n_of(r, "trend", v[i].month, "custody_with_panel"), v[i].with, "%s", v[i].month);
		expect_rate(r, "trend", v[i].month, NULL, "custody_share", v[i].share);
	}
	expect_ids(r, "trend", "2025-03", "custody_cases", "IPP-A IPP-B");

	/* The HTML page has a bar chart for each share, and no placeholder. */
	char *h = render(r, PK_RF_HTML, 0, NULL);
	cr_expect_not_null(strstr(h, "<svg xmlns=\"http://www.w3.org/2000/svg\""));
	cr_expect_not_null(strstr(h, "<figcaption>Custody share (%)</figcaption>"));
	cr_expect_not_null(strstr(h, "<figcaption>Community share (%)</figcaption>"));
	cr_expect_not_null(strstr(h, "<title>2025-02: 100.0%</title>"));
	cr_expect_null(strstr(h, "PANELKIT-CHART"));
	free(h);
	pk_report_free(r);
}

Test(report, compliance_trend_reads_the_following_month_end, .init = git_setup, .fini = git_teardown)
{
	setenv("PANEL_TODAY", "2025-04-10", 1);
	person("ch", "G7", NULL);
	dcase("DC-A", "north", "2024-11-01");
	dcase("DC-B", "north", "2024-11-01");
	dpanel("CPP-2025-01-20-A", "2025-01-20", "ch",
	       "  - {case: DC-A, recommendation: maintain}\n"
	       "  - {case: DC-B, recommendation: maintain}\n");
	commit_at("2025-01-25", "January panel");
	/* DC-A's response recorded in February, within its 14 days. */
	dpanel("CPP-2025-01-20-A", "2025-01-20", "ch",
	       "  - {case: DC-A, recommendation: maintain, response: {decision: agree, date: 2025-02-01}}\n"
	       "  - {case: DC-B, recommendation: maintain}\n");
	commit_at("2025-02-03", "DC-A response");
	/* DC-B's, late, recorded in April: after February's end. */
	dpanel("CPP-2025-01-20-A", "2025-01-20", "ch",
	       "  - {case: DC-A, recommendation: maintain, response: {decision: agree, date: 2025-02-01}}\n"
	       "  - {case: DC-B, recommendation: maintain, response: {decision: agree, date: 2025-04-01}}\n");
	commit_at("2025-04-02", "DC-B response");

	struct pk_report *r = pk_report_trend(root, PK_REP_COMPLIANCE, 2025, 1, 2025, 3, NULL,
					      ymd("2025-04-10"), &d);
	cr_assert_not_null(r);
	pk_diags_print(stderr, &d);
	/* January as it stood on 2025-02-28: DC-A acknowledged, DC-B missing. */
	cr_expect_str_eq(cell(r, "trend", "2025-01", NULL, "as_of")->text, "2025-02-28");
	expect_ids(r, "trend", "2025-01", "acknowledged", "DC-A@CPP-2025-01-20-A");
	expect_ids(r, "trend", "2025-01", "missing", "DC-B@CPP-2025-01-20-A");
	expect_rate(r, "trend", "2025-01", NULL, "rate", "50.0");
	/* March's "end of next month" is after today: taken on today. */
	cr_expect_str_eq(cell(r, "trend", "2025-03", NULL, "as_of")->text, "2025-04-10");
	cr_expect_eq(n_of(r, "trend", "2025-03", "recommendations"), 0);
	expect_rate(r, "trend", "2025-03", NULL, "rate", "n/a");
	pk_report_free(r);

	/* Attendance has no trend; more than 120 months is refused. */
	cr_expect_null(pk_report_trend(root, PK_REP_ATTENDANCE, 2025, 1, 2025, 3, NULL,
				       ymd("2025-04-10"), &d));
	cr_expect_null(pk_report_trend(root, PK_REP_COVERAGE, 2010, 1, 2025, 3, NULL,
				       ymd("2025-04-10"), &d));
}
