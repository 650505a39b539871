/* csv.c: one CSV field (RFC 4180). */
#include "csv.h"
#include "mem.h"

#include <string.h>

void pk_csv_field(struct sbuf *out, const char *s)
{
	if (!s)
		s = "";
	/* A field a spreadsheet would run as a formula (=, +, -, @, tab, CR at
	 * the start) gets a leading apostrophe: record text is never code. */
	int formula = strchr("=+-@\t\r", s[0]) && s[0];
	if (!formula && !strpbrk(s, ",\"\r\n")) {
		sbuf_adds(out, s);
		return;
	}
	sbuf_addc(out, '"');
	if (formula)
		sbuf_addc(out, '\'');
	for (; *s; s++) {
		if (*s == '"')
			sbuf_addc(out, '"');
		sbuf_addc(out, *s);
	}
	sbuf_addc(out, '"');
}
