/* letter.c: the email form of a letter (RFC 5322, MIME, RFC 2047). */
#include <criterion/criterion.h>
#include <string.h>

#include "letter.h"
#include "node.h"
#include "record.h"
#include "mem.h"

static char *qp(const char *s)
{
	struct sbuf b = SBUF_INIT;
	pk_mime_qp(&b, s, strlen(s));
	return sbuf_detach(&b);
}

static char *hdr(const char *s, int phrase)
{
	struct sbuf b = SBUF_INIT;
	pk_mime_header_text(&b, s, phrase);
	return b.s ? sbuf_detach(&b) : strdup("");
}

Test(letter, quoted_printable)
{
	static const struct { const char *in, *out; } t[] = {
		{"plain\n", "plain\r\n"},
		{"a=b\n", "a=3Db\r\n"},
		{"caf\xc3\xa9 \xc2\xa7""10\n", "caf=C3=A9 =C2=A710\r\n"},
		{"trailing space \nx", "trailing space=20\r\nx\r\n"},
		{"tab\t\r\n", "tab=09\r\n"},
		{".dot\nFrom here\n", "=2Edot\r\n=46rom here\r\n"},
		/* 80 x "a": a soft break after 75 characters. */
		{"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n",
		 "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa=\r\naaaaa\r\n"},
	};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		char *got = qp(t[i].in);
		cr_expect_str_eq(got, t[i].out, "row %zu", i);
		free(got);
	}
}

Test(letter, header_text)
{
	static const struct { const char *in; int phrase; const char *out; } t[] = {
		{"Sam Clerk", 1, "Sam Clerk"},
		{"Clerk, Sam", 1, "\"Clerk, Sam\""},
		{"A \"B\" C.", 1, "\"A \\\"B\\\" C.\""},
		{"Invitation: 2026-12-10, PP-1", 0, "Invitation: 2026-12-10, PP-1"},
		{"Zo\xc3\xab", 1, "=?UTF-8?B?Wm/Dqw==?="},
		/* A line break never reaches a header: encoded, as a space. */
		{"Evil\r\nBcc: x", 1, "=?UTF-8?B?RXZpbCAgQmNjOiB4?="},
		/* Long: encoded words of at most 75 characters, folded, never
		 * splitting a character (é is 2 bytes). */
		{"\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
		 "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
		 "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", 0,
		 "=?UTF-8?B?w6nDqcOpw6nDqcOpw6nDqcOpw6nDqcOpw6nDqcOpw6nDqcOpw6nDqcOpw6k=?=\r\n"
		 " =?UTF-8?B?w6nDqQ==?="},
	};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		char *got = hdr(t[i].in, t[i].phrase);
		cr_expect_str_eq(got, t[i].out, "row %zu", i);
		free(got);
	}
}

Test(letter, addresses)
{
	cr_expect(pk_mail_addr_ok("a.b@example.org"));
	cr_expect(!pk_mail_addr_ok("a b@example.org"));
	cr_expect(!pk_mail_addr_ok("a@b@example.org"));
	cr_expect(!pk_mail_addr_ok("<a@example.org>"));
	cr_expect(!pk_mail_addr_ok("a@example.org\r\nBcc: x@example.org"));
	cr_expect(!pk_mail_addr_ok("@example.org"));
	cr_expect(!pk_mail_addr_ok("a@"));
}

static struct pk_doc *parse(const char *y)
{
	struct pk_diags d = PK_DIAGS_INIT;
	struct pk_doc *doc = pk_doc_parse("t.yaml", y, strlen(y), NULL, &d);
	pk_diags_free(&d);
	cr_assert_not_null(doc);
	return doc;
}

Test(letter, message)
{
	struct pk_doc *doc = parse("kind: invitation\nsubject: Invitation\n"
				   "from: {id: s, name: Sam Clerk, email: s@example.org}\n"
				   "to:\n  - {id: a, name: Ann, email: a@example.org}\n"
				   "  - {id: b, name: Bo, email: b@example.org}\n");
	struct sbuf out = SBUF_INIT;
	struct pk_diags d = PK_DIAGS_INIT;
	pk_date dt;
	cr_assert_eq(pk_date_parse("2026-12-10", &dt, NULL), 0);
	cr_assert_eq(pk_letter_eml(&out, pk_doc_root(doc), "PP-1\r\nX", dt, "Hello\n", NULL, &d), 0);
	cr_expect_str_eq(out.s, "From: Sam Clerk <s@example.org>\r\n"
				"To: Ann <a@example.org>,\r\n Bo <b@example.org>\r\n"
				"Subject: Invitation\r\n"
				"Date: Thu, 10 Dec 2026 00:00:00 +0000\r\n"
				"Message-ID: <invitation.PP-1__X.20261210@example.org>\r\n"
				"MIME-Version: 1.0\r\n"
				"Content-Type: text/plain; charset=utf-8\r\n"
				"Content-Transfer-Encoding: quoted-printable\r\n\r\n"
				"Hello\r\n");
	sbuf_free(&out);
	pk_doc_free(doc);

	/* No email: an error naming the record; nothing written. */
	doc = parse("kind: outcome\nsubject: S\nfrom: {id: s, name: Sam}\nto:\n  - {id: a, name: Ann, email: a@example.org}\n");
	cr_expect_eq(pk_letter_eml(&out, pk_doc_root(doc), "PP-1", dt, "x", NULL, &d), -1);
	cr_expect_eq(out.len, 0);
	cr_assert_eq(d.n, 1);
	cr_expect_str_eq(d.v[0].msg, "From: s has no email");
	cr_expect_str_eq(d.v[0].rule, "KIT-IDS");
	pk_diags_free(&d);
	pk_doc_free(doc);
}
