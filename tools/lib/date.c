#include "date.h"

#include <string.h>

int pk_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int pk_month_days(int y, int m)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return m == 2 && pk_leap(y) ? 29 : days[m - 1];
}

/* Days from civil, after Howard Hinnant's public-domain algorithm. */
pk_date pk_date_ymd(int y, int m, int d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void pk_date_split(pk_date z, int *y, int *m, int *d)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long yy = yoe + era * 400;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yy + (*m <= 2));
}

int pk_date_parse(const char *s, pk_date *out, const char **why)
{
	const char *dummy;
	if (!why)
		why = &dummy;
	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-') {
		*why = "dates are written YYYY-MM-DD";
		return -1;
	}
	for (int i = 0; i < 10; i++) {
		if (i == 4 || i == 7)
			continue;
		if (s[i] < '0' || s[i] > '9') {
			*why = "dates are written YYYY-MM-DD";
			return -1;
		}
	}
	int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	int m = (s[5] - '0') * 10 + (s[6] - '0');
	int d = (s[8] - '0') * 10 + (s[9] - '0');
	if (y < 1900 || y > 2999) {
		*why = "year out of range (1900-2999)";
		return -1;
	}
	if (m < 1 || m > 12) {
		*why = "there is no such month";
		return -1;
	}
	if (d < 1 || d > pk_month_days(y, m)) {
		*why = "there is no such day in that month";
		return -1;
	}
	*out = pk_date_ymd(y, m, d);
	return 0;
}

char *pk_date_fmt(pk_date d, char *buf)
{
	int y, m, dd;
	if (d == PK_NODATE) {
		strcpy(buf, "-");
		return buf;
	}
	pk_date_split(d, &y, &m, &dd);
	/* Bounded by construction: 4 + 1 + 2 + 1 + 2 digits. */
	unsigned uy = (unsigned)y % 10000u, um = (unsigned)m % 100u, ud = (unsigned)dd % 100u;
	buf[0] = (char)('0' + uy / 1000); buf[1] = (char)('0' + uy / 100 % 10);
	buf[2] = (char)('0' + uy / 10 % 10); buf[3] = (char)('0' + uy % 10);
	buf[4] = '-'; buf[5] = (char)('0' + um / 10); buf[6] = (char)('0' + um % 10);
	buf[7] = '-'; buf[8] = (char)('0' + ud / 10); buf[9] = (char)('0' + ud % 10);
	buf[10] = '\0';
	return buf;
}

const char *pk_date_fmt_or_null(pk_date d, char *buf)
{
	return d == PK_NODATE ? NULL : pk_date_fmt(d, buf);
}

pk_date pk_add_days(pk_date d, long n)
{
	return d + n;
}

pk_date pk_add_months(pk_date d, int n)
{
	int y, m, dd;
	pk_date_split(d, &y, &m, &dd);
	long total = (long)y * 12 + (m - 1) + n;
	y = (int)(total / 12);
	m = (int)(total % 12) + 1;
	if (dd > pk_month_days(y, m))
		dd = pk_month_days(y, m);
	return pk_date_ymd(y, m, dd);
}

pk_date pk_add_years(pk_date d, int n)
{
	return pk_add_months(d, 12 * n);
}

int pk_weekday(pk_date d)
{
	/* 1970-01-01 was a Thursday (3 with Monday = 0). */
	long w = (d + 3) % 7;
	return (int)(w < 0 ? w + 7 : w);
}
