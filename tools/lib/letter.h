/* letter.h: a letter as an email message a secretariat sends from its own
 * mail client (panel letter --eml).  Nothing is sent by the toolkit.
 *
 * RFC 5322 with MIME (RFC 2045, 2046): CRLF line ends; From, To,
 * Subject, Date, Message-ID, MIME-Version; a multipart/alternative body
 * with the Markdown as text/plain and the HTML page as text/html, both
 * UTF-8 and quoted-printable (no line over 76 characters, any bytes).
 * Display names and the subject use RFC 2047 encoded words when they are
 * not plain ASCII; control characters never reach a header (no header
 * injection from a record).  The same input gives the same bytes: the
 * Date is the document's date (midnight UTC) and the Message-ID is made
 * of the letter kind, panel, case and date. */
#ifndef PK_LETTER_H
#define PK_LETTER_H

#include "date.h"
#include "diag.h"
#include "node.h"
#include "mem.h"

/* letter: the view's `letter` map (from {name email}, to [{name email}],
 * subject, kind).  id_part: "PANEL" or "PANEL.CASE".  html may be NULL
 * (text only).  Returns 0, or -1 with an error in d (no address, an
 * address that is not an addr-spec). */
int pk_letter_eml(struct sbuf *out, const struct pk_node *letter, const char *id_part,
		  pk_date date, const char *text, const char *html, struct pk_diags *d);

/* Appends s as an RFC 2047 header value fragment: as it is when it is
 * printable ASCII (phrase: quoted when it has specials), else encoded
 * words (=?UTF-8?B?...?=) of at most 75 characters, folded.  Used for
 * display names (phrase = 1) and the subject (phrase = 0). */
void pk_mime_header_text(struct sbuf *out, const char *s, int phrase);

/* Appends s quoted-printable encoded (RFC 2045 6.7), lines ending CRLF
 * (s's own line ends, LF or CRLF, become CRLF hard breaks). */
void pk_mime_qp(struct sbuf *out, const char *s, size_t len);

/* 1 when s is a plain addr-spec: local@domain, printable ASCII without
 * spaces, quotes, angle brackets, commas or semicolons. */
int pk_mail_addr_ok(const char *s);

#endif
