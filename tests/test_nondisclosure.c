/* nondisclosure: the alias refusal of the loader and the passage check
 * (PF-NONDISCLOSURE, PF 9.9), table-driven. */
#include <criterion/criterion.h>
#include <string.h>

#include "date.h"
#include "node.h"
#include "nondisclosure.h"
#include "rules.h"
#include "mem.h"

static pk_date today(void)
{
	pk_date d;
	cr_assert_eq(pk_date_parse("2026-11-23", &d, NULL), 0);
	return d;
}

/* Parses text; returns the findings as one string (caller frees). */
static char *parse_msgs(const char *text, int *ok)
{
	struct pk_diags d = PK_DIAGS_INIT;
	struct pk_doc *doc = pk_doc_parse("c.yaml", text, strlen(text), NULL, &d);
	*ok = doc != NULL;
	pk_doc_free(doc);
	struct sbuf b = SBUF_INIT;
	for (size_t i = 0; i < d.n; i++)
		sbuf_addf(&b, "%u:%u %s [%s]\n", d.v[i].line, d.v[i].col, d.v[i].msg, d.v[i].rule);
	pk_diags_free(&d);
	return sbuf_detach(&b);
}

Test(nondisclosure, aliases)
{
	static const struct {
		const char *text, *want; /* want "": parses */
	} rows[] = {
		/* PF-NONDISCLOSURE: out of non_disclosable into a visible field */
		{"non_disclosable:\n  - {text: &nd secret words}\nname: *nd\n",
		 "3:7 alias *nd copies non-disclosable text outside non_disclosable (PF 9.9) [PF-NONDISCLOSURE]\n"},
		/* the whole list, as a merge key, and out of internal_notes */
		{"non_disclosable: &all\n  - {text: x}\nnotes: *all\n",
		 "3:8 alias *all copies non-disclosable text outside non_disclosable (PF 9.9) [PF-NONDISCLOSURE]\n"},
		{"non_disclosable:\n  - &item {text: x}\nrag:\n  - {<<: *item}\n",
		 "4:10 alias *item copies non-disclosable text outside non_disclosable (PF 9.9) [PF-NONDISCLOSURE]\n"},
		{"cases:\n  - {case: A, internal_notes: &n staff}\n  - {case: B, purpose: *n}\n",
		 "3:24 alias *n copies staff-only text outside internal_notes (PF 9.9) [PF-NONDISCLOSURE]\n"},
		/* within non-disclosable text, and into it, is fine */
		{"non_disclosable:\n  - {text: &nd a}\n  - {text: *nd}\n", ""},
		{"name: &n Dee\nnon_disclosable:\n  - {text: *n}\n", ""},
		{"a: &x 1\nb: *x\n", ""},
	};
	for (size_t i = 0; i < PK_ARRAY_LEN(rows); i++) {
		int ok;
		char *got = parse_msgs(rows[i].text, &ok);
		cr_expect_str_eq(got, rows[i].want, "row %zu", i);
		cr_expect_eq(ok, !*rows[i].want, "row %zu", i);
		free(got);
	}
}

Test(nondisclosure, passage_rule_row)
{
	const struct pk_rule *r = pk_rule_at("pf.nondisclosure.passage", today());
	cr_assert_not_null(r);
	cr_expect_str_eq(r->rule, "PF-NONDISCLOSURE");
	cr_expect_eq(r->value, 6);
	cr_expect_eq(r->interpretation, 2);
	cr_expect_str_eq(r->section, "9.9");
}

Test(nondisclosure, passages)
{
	static const struct {
		const char *field; /* the visible text; the secret is fixed */
		size_t found;
		const char *msg;
	} rows[] = {
		/* 6 consecutive words, in another case, spacing and punctuation */
		{"Note: the Victim, now at 14 Orchard   Row.", 1,
		 "notes repeats 6 consecutive words of the case's non_disclosable[0], starting at its word 2: "
		 "a field the person can see"},
		{"victim\nnow at 14\norchard row", 1,
		 "notes repeats 6 consecutive words of the case's non_disclosable[0], starting at its word 1: "
		 "a field the person can see"},
		/* 5 words is ordinary wording */
		{"victim now at 14 Orchard", 0, NULL},
		/* the same words in another order */
		{"now victim at 14 Orchard Row", 0, NULL},
		{"", 0, NULL},
	};
	for (size_t i = 0; i < PK_ARRAY_LEN(rows); i++) {
		struct sbuf t = SBUF_INIT;
		sbuf_addf(&t, "id: X\nnon_disclosable:\n  - {text: \"The victim now at 14 Orchard Row, Larkhill.\"}\n"
			  "  - {text: short one}\nnotes: \"%s\"\n", rows[i].field);
		/* a line break inside YAML double quotes folds to a space */
		struct pk_diags d = PK_DIAGS_INIT;
		struct pk_doc *doc = pk_doc_parse("c.yaml", t.s, t.len, NULL, &d);
		cr_assert_not_null(doc, "row %zu", i);
		size_t n = pk_nd_passages(pk_doc_root(doc), doc, today(), PK_WARNING, &d);
		cr_expect_eq(n, rows[i].found, "row %zu", i);
		if (rows[i].msg) {
			cr_assert_eq(d.n, 1, "row %zu", i);
			cr_expect_str_eq(d.v[0].msg, rows[i].msg, "row %zu", i);
			cr_expect_str_eq(d.v[0].rule, "PF-NONDISCLOSURE");
			cr_expect_eq(d.v[0].sev, PK_WARNING);
			cr_expect_eq(d.v[0].line, 5);
		}
		pk_doc_free(doc);
		pk_diags_free(&d);
		sbuf_free(&t);
	}
}

/* Every non-disclosable text shorter than a passage: nothing to look for
 * (fuzz_validate found the empty shingle list handed to qsort, undefined
 * behaviour that UBSan stops on). */
Test(nondisclosure, only_short_texts)
{
	static const char t[] = "id: X\nnon_disclosable:\n  - {text: short one}\n  - {text: \"\"}\n"
				"notes: short one and more words than six in a row here\n";
	struct pk_diags d = PK_DIAGS_INIT;
	struct pk_doc *doc = pk_doc_parse("c.yaml", t, sizeof t - 1, NULL, &d);
	cr_assert_not_null(doc);
	cr_expect_eq(pk_nd_passages(pk_doc_root(doc), doc, today(), PK_WARNING, &d), 0);
	cr_expect_eq(d.n, 0);
	pk_doc_free(doc);
	pk_diags_free(&d);
}
