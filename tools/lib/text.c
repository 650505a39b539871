/* text.c: text for messages and names: printable copies, UTF-8 lengths,
 * "did you mean" distances, safe record IDs. */
#include "text.h"
#include "mem.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

size_t pk_utf8_len(const unsigned char *s, size_t n)
{
	size_t need;
	unsigned cp;
	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		need = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		need = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		need = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (n < need)
		return 0;
	for (size_t i = 1; i < need; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((need == 3 && cp < 0x800) || (need == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return need;
}

char *pk_printable(const char *s, size_t len, size_t max)
{
	struct sbuf b = SBUF_INIT;
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;
	while (i < len) {
		if (b.len >= max) {
			sbuf_adds(&b, "...");
			break;
		}
		size_t k = pk_utf8_len(u + i, len - i);
		if (k == 1 && (u[i] < 0x20 || u[i] == 0x7f))
			k = 0;
		/* C1 controls (U+0080..U+009F: 0x9B is an 8-bit CSI), the line
		 * and paragraph separators (U+2028, U+2029) and the bidirectional
		 * overrides (U+202A..U+202E, U+2066..U+2069) would let a record
		 * restyle the terminal, break a line or reorder what it shows. */
		if ((k == 2 && u[i] == 0xc2 && u[i + 1] < 0xa0) ||
		    (k == 3 && u[i] == 0xe2 && u[i + 1] == 0x80 && u[i + 2] >= 0xa8 && u[i + 2] <= 0xae) ||
		    (k == 3 && u[i] == 0xe2 && u[i + 1] == 0x81 && u[i + 2] >= 0xa6 && u[i + 2] <= 0xa9)) {
			unsigned cp = k == 2 ? (unsigned)(u[i + 1] & 0x3f) | 0x80u
					     : 0x2000u | (unsigned)(u[i + 1] & 0x3f) << 6 | (u[i + 2] & 0x3f);
			sbuf_addf(&b, "\\u%04X", cp);
			i += k;
			continue;
		}
		if (k == 0) {
			sbuf_addf(&b, "\\x%02X", u[i]);
			i++;
		} else {
			sbuf_add(&b, s + i, k);
			i += k;
		}
	}
	if (!b.s)
		sbuf_adds(&b, "");
	return sbuf_detach(&b);
}

int pk_str_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int pk_safe_id(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 64)
		return 0;
	if (!((s[0] >= 'A' && s[0] <= 'Z') || (s[0] >= 'a' && s[0] <= 'z') ||
	      (s[0] >= '0' && s[0] <= '9')))
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		      (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-'))
			return 0;
	}
	return strstr(s, "..") == NULL;
}

size_t pk_edit_distance(const char *a, size_t la, const char *b, size_t lb)
{
	size_t d[33][33];
	if (la > 32 || lb > 32)
		return (size_t)-1;
	for (size_t i = 0; i <= la; i++)
		d[i][0] = i;
	for (size_t j = 0; j <= lb; j++)
		d[0][j] = j;
	for (size_t i = 1; i <= la; i++) {
		for (size_t j = 1; j <= lb; j++) {
			int ca = tolower((unsigned char)a[i - 1]), cb = tolower((unsigned char)b[j - 1]);
			size_t v = d[i - 1][j - 1] + (ca != cb);
			if (d[i - 1][j] + 1 < v)
				v = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < v)
				v = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && ca == tolower((unsigned char)b[j - 2]) &&
			    tolower((unsigned char)a[i - 2]) == cb && d[i - 2][j - 2] + 1 < v)
				v = d[i - 2][j - 2] + 1;
			d[i][j] = v;
		}
	}
	return d[la][lb];
}
