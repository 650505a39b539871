/* date.h: calendar dates as day numbers.
 *
 * A pk_date is the number of days since 1970-01-01 (proleptic Gregorian),
 * so date differences and "+ 84 days" are integer arithmetic.  Calendar
 * months and years clamp to the last day of the month (RULES.md
 * introduction: 31 Jan + 1 month = 28/29 Feb). */
#ifndef PK_DATE_H
#define PK_DATE_H

typedef long pk_date;
#define PK_NODATE ((pk_date)-999999999)

/* Parses exactly YYYY-MM-DD (years 1900..2999) that is a real calendar date.
 * Returns 0, or -1 with *why set to a short reason. */
int pk_date_parse(const char *s, pk_date *out, const char **why);
/* Writes YYYY-MM-DD into buf (at least 11 bytes); returns buf. */
char *pk_date_fmt(pk_date d, char *buf);
/* The same, but NULL for PK_NODATE (JSON's null, where the text says "-"). */
const char *pk_date_fmt_or_null(pk_date d, char *buf);
pk_date pk_date_ymd(int y, int m, int d);
void pk_date_split(pk_date d, int *y, int *m, int *dd);
int pk_leap(int y);
int pk_month_days(int y, int m);
pk_date pk_add_days(pk_date d, long n);
/* Adds n calendar months (n may be negative), clamping the day. */
pk_date pk_add_months(pk_date d, int n);
pk_date pk_add_years(pk_date d, int n);
/* 0 = Monday .. 6 = Sunday */
int pk_weekday(pk_date d);

#endif
