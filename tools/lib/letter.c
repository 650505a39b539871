/* letter.c: a letter as an RFC 5322 message (letter.h). */
#include "letter.h"
#include "text.h"
#include "mem.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static void base64(struct sbuf *out, const unsigned char *s, size_t n)
{
	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned)s[i] << 16 | (i + 1 < n ? (unsigned)s[i + 1] << 8 : 0) |
			     (i + 2 < n ? s[i + 2] : 0);
		sbuf_addc(out, b64[v >> 18 & 63]);
		sbuf_addc(out, b64[v >> 12 & 63]);
		sbuf_addc(out, i + 1 < n ? b64[v >> 6 & 63] : '=');
		sbuf_addc(out, i + 2 < n ? b64[v & 63] : '=');
	}
}

/* Length of the UTF-8 sequence at s (1 for a stray byte), so an encoded
 * word never splits a character (RFC 2047 5). */
static size_t utf8_len(const unsigned char *s, size_t left)
{
	size_t n = *s < 0x80 ? 1 : (*s & 0xE0) == 0xC0 ? 2 : (*s & 0xF0) == 0xE0 ? 3 : (*s & 0xF8) == 0xF0 ? 4 : 1;
	if (n > left)
		return 1;
	for (size_t i = 1; i < n; i++)
		if ((s[i] & 0xC0) != 0x80)
			return 1;
	return n;
}

void pk_mime_header_text(struct sbuf *out, const char *s, int phrase)
{
	int ascii = 1, special = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p < 0x20 || *p >= 0x7F)
			ascii = 0;
		else if (strchr("()<>[]:;@\\,.\"", *p))
			special = 1;
	}
	if (ascii && !(phrase && special)) {
		sbuf_adds(out, s);
		return;
	}
	if (ascii) {
		sbuf_addc(out, '"');
		for (const char *p = s; *p; p++) {
			if (*p == '"' || *p == '\\')
				sbuf_addc(out, '\\');
			sbuf_addc(out, *p);
		}
		sbuf_addc(out, '"');
		return;
	}
	/* Encoded words of up to 45 bytes (60 base64 characters + 12 of
	 * "=?UTF-8?B?" and "?=" = 72 <= 75), control characters as spaces. */
	const unsigned char *p = (const unsigned char *)s;
	size_t left = strlen(s);
	int first = 1;
	while (left) {
		unsigned char chunk[48];
		size_t n = 0;
		while (left) {
			size_t k = utf8_len(p, left);
			if (n + k > 45)
				break;
			for (size_t i = 0; i < k; i++)
				chunk[n + i] = k == 1 && p[i] < 0x20 ? ' ' : p[i];
			n += k, p += k, left -= k;
		}
		if (!first)
			sbuf_adds(out, "\r\n ");
		sbuf_adds(out, "=?UTF-8?B?");
		base64(out, chunk, n);
		sbuf_adds(out, "?=");
		first = 0;
	}
}

void pk_mime_qp(struct sbuf *out, const char *s, size_t len)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t col = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '\r' && i + 1 < len && s[i + 1] == '\n')
			continue;
		if (c == '\n') {
			sbuf_adds(out, "\r\n");
			col = 0;
			continue;
		}
		/* Trailing space or tab before a line end is encoded (6.7 (3)). */
		int at_end = i + 1 == len || s[i + 1] == '\n' || (s[i + 1] == '\r' && i + 2 < len && s[i + 2] == '\n');
		int plain = (c >= 33 && c <= 126 && c != '=') || ((c == ' ' || c == '\t') && !at_end);
		/* A "." or "From " at the start of a line is encoded too, so no
		 * transport changes it. */
		if (col == 0 && (c == '.' || (c == 'F' && len - i >= 5 && !memcmp(s + i, "From ", 5))))
			plain = 0;
		size_t w = plain ? 1 : 3;
		if (col + w > 75) {
			sbuf_adds(out, "=\r\n");  /* soft line break */
			col = 0;
		}
		if (plain) {
			sbuf_addc(out, (char)c);
		} else {
			sbuf_addc(out, '=');
			sbuf_addc(out, hex[c >> 4]);
			sbuf_addc(out, hex[c & 15]);
		}
		col += w;
	}
	if (col)
		sbuf_adds(out, "\r\n");
}

int pk_mail_addr_ok(const char *s)
{
	const char *at = s ? strchr(s, '@') : NULL;
	if (!at || at == s || !at[1] || strchr(at + 1, '@') || strlen(s) > 254)
		return 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p <= 0x20 || *p >= 0x7F || strchr("\"<>(),;:[]\\", *p))
			return 0;
	return 1;
}

static int mailbox(struct sbuf *out, const struct pk_node *who, const char *field, struct pk_diags *d)
{
	const char *name = pk_get_str(who, "name"), *email = pk_get_str(who, "email");
	const char *id = pk_get_str(who, "id");
	if (!email || !pk_mail_addr_ok(email)) {
		char *shown = id ? pk_printable(id, strlen(id), 64) : NULL;
		pk_diag_add(d, PK_ERROR, shown ? shown : field, 0, 0, NULL, "KIT-IDS",
			    shown ? "add email: name@example.org to the person's record in people/" : NULL,
			    email ? "%s: the email of %s is not a plain address" : "%s: %s has no email",
			    field, shown ? shown : "(nobody: the panel names no one)");
		free(shown);
		return -1;
	}
	if (name && *name) {
		pk_mime_header_text(out, name, 1);
		sbuf_addc(out, ' ');
	}
	sbuf_addf(out, "<%s>", email);
	return 0;
}

/* FNV-1a: a boundary that changes with the content (stable bytes). */
static unsigned long long fnv(const char *a, const char *b)
{
	unsigned long long h = 1469598103934665603ULL;
	for (const char *s = a; s && *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	for (const char *s = b; s && *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

int pk_letter_eml(struct sbuf *out, const struct pk_node *letter, const char *id_part,
		  pk_date date, const char *text, const char *html, struct pk_diags *d)
{
	static const char *const wd[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
	static const char *const mon[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
					  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	struct sbuf h = SBUF_INIT;
	int rc = -1, y, m, dd;
	const struct pk_node *from = pk_get(letter, "from"), *to = pk_get(letter, "to");
	const char *kind = pk_get_str(letter, "kind"), *subject = pk_get_str(letter, "subject");

	sbuf_adds(&h, "From: ");
	int bad = mailbox(&h, from, "From", d) < 0;
	sbuf_adds(&h, "\r\nTo: ");
	if (!to || to->kind != PK_SEQ || !to->n) {
		pk_diag_add(d, PK_ERROR, id_part, 0, 0, NULL, "KIT-IDS", NULL,
			    "To: the letter has no one to go to");
		bad = 1;
	}
	for (size_t i = 0; to && to->kind == PK_SEQ && i < to->n; i++) {
		if (i)
			sbuf_adds(&h, ",\r\n ");
		bad |= mailbox(&h, to->items[i], "To", d) < 0;
	}
	if (bad)
		goto cleanup;
	sbuf_adds(&h, "\r\nSubject: ");
	pk_mime_header_text(&h, subject ? subject : "", 0);
	pk_date_split(date, &y, &m, &dd);
	sbuf_addf(&h, "\r\nDate: %s, %02d %s %04d 00:00:00 +0000\r\n", wd[pk_weekday(date)], dd, mon[m - 1], y);
	const char *femail = pk_get_str(from, "email"), *dom = strchr(femail, '@') + 1;
	/* IDs are file names ([A-Za-z0-9._-]); anything else never reaches
	 * the header (a hostile entry could name itself with a line break). */
	sbuf_addf(&h, "Message-ID: <%s.", kind ? kind : "letter");
	for (const char *s = id_part; *s; s++)
		sbuf_addc(&h, (isalnum((unsigned char)*s) || strchr("._-", *s)) ? *s : '_');
	sbuf_addf(&h, ".%04d%02d%02d@%s>\r\n", y, m, dd, dom);
	sbuf_adds(&h, "MIME-Version: 1.0\r\n");
	if (html) {
		char bnd[48];
		snprintf(bnd, sizeof bnd, "=_panelkit_%016llx", fnv(text, html));
		/* "=_" cannot occur in quoted-printable text: a safe boundary. */
		sbuf_addf(&h, "Content-Type: multipart/alternative; boundary=\"%s\"\r\n\r\n", bnd);
		sbuf_adds(&h, "This is a message in MIME format: a plain-text and an HTML version.\r\n");
		sbuf_addf(&h, "--%s\r\n", bnd);
		sbuf_adds(&h, "Content-Type: text/plain; charset=utf-8\r\n"
			      "Content-Transfer-Encoding: quoted-printable\r\n\r\n");
		pk_mime_qp(&h, text, strlen(text));
		sbuf_addf(&h, "--%s\r\n", bnd);
		sbuf_adds(&h, "Content-Type: text/html; charset=utf-8\r\n"
			      "Content-Transfer-Encoding: quoted-printable\r\n\r\n");
		pk_mime_qp(&h, html, strlen(html));
		sbuf_addf(&h, "--%s--\r\n", bnd);
	} else {
		sbuf_adds(&h, "Content-Type: text/plain; charset=utf-8\r\n"
			      "Content-Transfer-Encoding: quoted-printable\r\n\r\n");
		pk_mime_qp(&h, text, strlen(text));
	}
	sbuf_add(out, h.s, h.len);
	rc = 0;
cleanup:
	sbuf_free(&h);
	return rc;
}
