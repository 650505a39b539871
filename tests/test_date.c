/* date.c: parsing, formatting and calendar arithmetic (RULES.md
 * introduction: "adding months clamps to the month's last day"). */
#include <criterion/criterion.h>
#include <string.h>

#include "date.h"
#include "mem.h"

static pk_date D(const char *s)
{
	pk_date d;
	cr_assert_eq(pk_date_parse(s, &d, NULL), 0, "bad date in test: %s", s);
	return d;
}

static const char *F(pk_date d)
{
	static char buf[4][16];
	static int k;
	k = (k + 1) % 4;
	return pk_date_fmt(d, buf[k]);
}

Test(date, epoch_and_round_trip)
{
	cr_expect_eq(D("1970-01-01"), 0);
	cr_expect_eq(D("1970-01-02"), 1);
	cr_expect_eq(D("1969-12-31"), -1);
	cr_expect_eq(pk_date_ymd(2000, 3, 1) - pk_date_ymd(2000, 2, 28), 2);
	/* Every day from 1900 to 2100 formats back to what it parses from. */
	for (pk_date d = D("1900-01-01"); d <= D("2100-12-31"); d++) {
		int y, m, dd;
		pk_date_split(d, &y, &m, &dd);
		cr_assert_eq(pk_date_ymd(y, m, dd), d);
		cr_assert_eq(D(F(d)), d);
	}
	cr_expect_str_eq(F(PK_NODATE), "-");
}

Test(date, leap_years)
{
	cr_expect(pk_leap(2024));
	cr_expect(!pk_leap(2025));
	cr_expect(!pk_leap(1900));
	cr_expect(pk_leap(2000));
	cr_expect(!pk_leap(2100));
	cr_expect_eq(pk_month_days(2024, 2), 29);
	cr_expect_eq(pk_month_days(2025, 2), 28);
	cr_expect_eq(pk_month_days(2025, 4), 30);
	cr_expect_eq(pk_month_days(2025, 12), 31);
	cr_expect_eq(D("2025-01-01") - D("2024-01-01"), 366);
	cr_expect_eq(D("2026-01-01") - D("2025-01-01"), 365);
}

Test(date, add_months_clamps)
{
	static const struct {
		const char *from;
		int months;
		const char *to;
	} t[] = {
		{"2024-02-29", 18, "2025-08-29"}, /* the example */
		{"2025-01-31", 3, "2025-04-30"},  /* the example */
		{"2025-01-31", 1, "2025-02-28"},
		{"2024-01-31", 1, "2024-02-29"},
		{"2024-02-29", 12, "2025-02-28"},
		{"2024-02-29", 48, "2028-02-29"},
		{"2024-08-31", 18, "2026-02-28"},
		{"2025-11-30", 3, "2026-02-28"},
		{"2025-12-15", 1, "2026-01-15"},
		{"2025-03-31", -1, "2025-02-28"},
		{"2025-05-31", -3, "2025-02-28"},
		{"2026-01-15", -13, "2024-12-15"},
		{"2025-07-17", 0, "2025-07-17"},
	};
	for (size_t i = 0; i < PK_ARRAY_LEN(t); i++)
		cr_expect_str_eq(F(pk_add_months(D(t[i].from), t[i].months)), t[i].to, "%s + %d months", t[i].from,
				 t[i].months);
}

Test(date, add_years_and_days)
{
	cr_expect_str_eq(F(pk_add_years(D("2024-02-29"), 1)), "2025-02-28");
	cr_expect_str_eq(F(pk_add_years(D("2024-02-29"), 4)), "2028-02-29");
	cr_expect_str_eq(F(pk_add_years(D("2024-02-29"), 3)), "2027-02-28");
	cr_expect_str_eq(F(pk_add_days(D("2024-02-28"), 1)), "2024-02-29");
	cr_expect_str_eq(F(pk_add_days(D("2025-02-28"), 1)), "2025-03-01");
	cr_expect_str_eq(F(pk_add_days(D("2025-12-31"), 1)), "2026-01-01");
	cr_expect_str_eq(F(pk_add_days(D("2026-01-01"), 84)), "2026-03-26");
	cr_expect_str_eq(F(pk_add_days(D("2024-02-29"), 84)), "2024-05-23");
	cr_expect_str_eq(F(pk_add_days(D("2026-03-01"), -1)), "2026-02-28");
}

Test(date, weekday)
{
	cr_expect_eq(pk_weekday(D("1970-01-01")), 3); /* Thursday */
	cr_expect_eq(pk_weekday(D("2026-11-23")), 0); /* Monday */
	cr_expect_eq(pk_weekday(D("2024-02-29")), 3); /* Thursday */
	cr_expect_eq(pk_weekday(D("1969-12-28")), 6); /* Sunday, before the epoch */
}

Test(date, parse_errors)
{
	static const struct {
		const char *s;
		const char *why;
	} t[] = {
		{"2025-02-29", "there is no such day in that month"},
		{"2024-02-30", "there is no such day in that month"},
		{"2025-04-31", "there is no such day in that month"},
		{"2025-00-10", "there is no such month"},
		{"2025-13-01", "there is no such month"},
		{"2025-01-00", "there is no such day in that month"},
		{"1899-12-31", "year out of range (1900-2999)"},
		{"3000-01-01", "year out of range (1900-2999)"},
		{"2025-1-01", "dates are written YYYY-MM-DD"},
		{"25-01-01", "dates are written YYYY-MM-DD"},
		{"2025/01/01", "dates are written YYYY-MM-DD"},
		{"2025-01-01 ", "dates are written YYYY-MM-DD"},
		{" 2025-01-01", "dates are written YYYY-MM-DD"},
		{"2025-01-0a", "dates are written YYYY-MM-DD"},
		{"+025-01-01", "dates are written YYYY-MM-DD"},
		{"", "dates are written YYYY-MM-DD"},
		{"2025-01-01T10:00", "dates are written YYYY-MM-DD"},
	};
	for (size_t i = 0; i < PK_ARRAY_LEN(t); i++) {
		pk_date d = 12345;
		const char *why = NULL;
		cr_expect_eq(pk_date_parse(t[i].s, &d, &why), -1, "\"%s\" parsed", t[i].s);
		cr_expect_str_eq(why ? why : "(null)", t[i].why, "\"%s\"", t[i].s);
		cr_expect_eq(d, 12345, "\"%s\": output written on error", t[i].s);
	}
	pk_date d;
	cr_expect_eq(pk_date_parse(NULL, &d, NULL), -1);
	cr_expect_eq(pk_date_parse("2024-02-29", &d, NULL), 0);
	cr_expect_eq(pk_date_parse("1900-01-01", &d, NULL), 0);
	cr_expect_eq(pk_date_parse("2999-12-31", &d, NULL), 0);
}
