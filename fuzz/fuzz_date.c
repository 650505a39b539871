/* fuzz_date: the date parser and calendar arithmetic.
 *
 * Properties (RULES.md introduction, date.h): a string parses only if it is
 * exactly YYYY-MM-DD, a real date, 1900..2999; formatting a parsed date
 * gives the same string back; adding days and months lands on real dates,
 * months clamp to the end of the month, and day arithmetic round-trips. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_real(pk_date d)
{
	int y, m, dd;
	char buf[16];
	pk_date_split(d, &y, &m, &dd);
	if (m < 1 || m > 12 || dd < 1 || dd > pk_month_days(y, m))
		abort();
	if (pk_date_ymd(y, m, dd) != d)
		abort();
	if (y >= 1900 && y <= 2999) {
		pk_date back;
		pk_date_fmt(d, buf);
		if (pk_date_parse(buf, &back, NULL) != 0 || back != d)
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char s[64], buf[16];
	pk_date d, back;
	const char *why = NULL;
	size_t n = size < sizeof s - 1 ? size : sizeof s - 1;

	memcpy(s, data, n);
	s[n] = '\0';
	int r = pk_date_parse(s, &d, &why);
	if (r != 0) {
		if (r != -1 || !why || !*why)
			abort();
		/* Still exercise the arithmetic on numbers taken from the input. */
		unsigned long k = 0;
		for (size_t i = 0; i < n && i < 7; i++)
			k = k * 256 + (unsigned char)s[i];
		d = pk_date_ymd(1900 + (int)(k % 1100), 1 + (int)(k / 1100 % 12), 1 + (int)(k / 13200 % 28));
		check_real(d);
		return 0;
	}
	/* A parsed date is exactly the text, and real. */
	if (strlen(s) != 10 || strcmp(pk_date_fmt(d, buf), s) != 0)
		abort();
	check_real(d);
	int y, m, dd;
	pk_date_split(d, &y, &m, &dd);
	if (y < 1900 || y > 2999)
		abort();
	if (pk_weekday(d) < 0 || pk_weekday(d) > 6 || pk_weekday(pk_add_days(d, 7)) != pk_weekday(d))
		abort();
	if (pk_leap(y) != (pk_month_days(y, 2) == 29))
		abort();

	/* Offsets from the bytes after the date. */
	long days = size > 12 ? (long)(int16_t)(data[10] | data[11] << 8) : 84;
	int months = size > 12 ? (int8_t)data[12] : 1;
	back = pk_add_days(pk_add_days(d, days), -days);
	if (back != d)
		abort();
	pk_date am = pk_add_months(d, months);
	check_real(am);
	int y2, m2, d2;
	pk_date_split(am, &y2, &m2, &d2);
	/* The month moves by exactly n; the day is kept or clamped to the end. */
	if ((y2 * 12 + m2 - 1) - (y * 12 + m - 1) != months)
		abort();
	if (d2 != (dd <= pk_month_days(y2, m2) ? dd : pk_month_days(y2, m2)))
		abort();
	pk_date ay = pk_add_years(d, months);
	check_real(ay);
	if (ay != pk_add_months(d, months * 12))
		abort();
	return 0;
}
