/* yamldiff.c: field-level differences for panel log and panel audit. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "node.h"
#include "yamldiff.h"

static struct pk_diags d;
static struct pk_changes ch;
static struct pk_doc *docs[2];

static void setup(void)
{
	memset(&d, 0, sizeof d);
	memset(&ch, 0, sizeof ch);
	docs[0] = docs[1] = NULL;
}

static void teardown(void)
{
	pk_changes_free(&ch);
	pk_doc_free(docs[0]);
	pk_doc_free(docs[1]);
	pk_diags_free(&d);
}

TestSuite(yamldiff, .init = setup, .fini = teardown);

/* Diffs two documents and returns the text rendering of the changes. */
static char *diff(const char *old, const char *new_)
{
	docs[0] = pk_doc_parse("old.yaml", old, strlen(old), NULL, &d);
	docs[1] = pk_doc_parse("new.yaml", new_, strlen(new_), NULL, &d);
	cr_assert_not_null(docs[0]);
	cr_assert_not_null(docs[1]);
	pk_yaml_diff(pk_doc_root(docs[0]), pk_doc_root(docs[1]), NULL, &ch);
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	pk_changes_print(f, &ch, "");
	fclose(f);
	return buf;
}

static void expect_diff(const char *old, const char *new_, const char *want)
{
	char *got = diff(old, new_);
	cr_expect_str_eq(got, want, "got:\n%s\nwant:\n%s", got, want);
	free(got);
}

Test(yamldiff, same_values_are_no_change)
{
	/* Quoting, key order and block style are presentation, not content. */
	expect_diff("id: A\nstart: 2026-01-10\nrag: [{rating: red, date: 2026-01-01}]\n",
		    "start: '2026-01-10'\nid: \"A\"\nrag:\n  - date: 2026-01-01\n    rating: red\n", "");
	cr_expect_eq(ch.n, 0);
}

Test(yamldiff, scalar_change_with_path)
{
	expect_diff("id: A\ndetention:\n  start: 2026-01-10\n",
		    "id: A\ndetention:\n  start: 2026-01-11\n",
		    "detention.start: 2026-01-10 -> 2026-01-11\n");
	cr_assert_eq(ch.n, 1);
	cr_expect_eq(ch.v[0].op, PK_CH_CHANGED);
	cr_expect_eq(ch.v[0].old_line, 3);
	cr_expect_eq(ch.v[0].new_line, 3);
}

Test(yamldiff, renamed_key_is_removed_and_added)
{
	expect_diff("id: A\ndetension:\n  start: 2026-01-10\n",
		    "id: A\ndetention:\n  start: 2026-01-10\n",
		    "detension: {start: 2026-01-10} -> (absent)\n"
		    "detention: (absent) -> {start: 2026-01-10}\n");
	cr_expect_eq(ch.v[0].op, PK_CH_REMOVED);
	cr_expect_eq(ch.v[1].op, PK_CH_ADDED);
}

Test(yamldiff, list_insertion_matched_by_date)
{
	/* A RAG entry inserted in the middle: one added item and one changed
	 * field, not every later item changed. */
	expect_diff("rag:\n"
		    "  - {rating: amber, date: 2025-06-01, reason: Waiting list.}\n"
		    "  - {rating: red, date: 2026-05-01, reason: Deselected.}\n"
		    "  - {rating: amber, date: 2026-09-01, reason: Reinstated.}\n",
		    "rag:\n"
		    "  - {rating: amber, date: 2025-06-01, reason: Waiting list.}\n"
		    "  - {rating: green, date: 2026-01-15, reason: Completed Kaizen.}\n"
		    "  - {rating: red, date: 2026-05-01, reason: Deselected.}\n"
		    "  - {rating: red, date: 2026-09-01, reason: Reinstated.}\n",
		    "rag[1]: (absent) -> {rating: green, date: 2026-01-15, reason: Completed Kaizen.}\n"
		    "rag[3].rating: amber -> red\n");
}

Test(yamldiff, list_removal_matched_by_case)
{
	expect_diff("cases:\n  - {case: DC-1, reasons: a}\n  - {case: DC-2, reasons: b}\n"
		    "  - {case: DC-3, reasons: c}\n",
		    "cases:\n  - {case: DC-1, reasons: a}\n  - {case: DC-3, reasons: C}\n",
		    "cases[1]: {case: DC-2, reasons: b} -> (absent)\n"
		    "cases[1].reasons: c -> C\n");
}

Test(yamldiff, duplicate_keys_fall_back_to_lcs)
{
	/* Two items share a date, so dates cannot identify them: items are
	 * matched by content instead. */
	expect_diff("evidence:\n  - {type: ppr, date: 2026-01-01}\n  - {type: oasys, date: 2026-01-01}\n",
		    "evidence:\n  - {type: acct, date: 2026-01-01}\n  - {type: ppr, date: 2026-01-01}\n"
		    "  - {type: oasys, date: 2026-01-01}\n",
		    "evidence[0]: (absent) -> {type: acct, date: 2026-01-01}\n");
}

Test(yamldiff, scalar_list_replacement_pairs_up)
{
	expect_diff("serious_crime: [fraud, blackmail, corruption-bribery]\n",
		    "serious_crime: [fraud, tax-evasion, corruption-bribery, inchoate]\n",
		    "serious_crime[1]: blackmail -> tax-evasion\n"
		    "serious_crime[3]: (absent) -> inchoate\n");
}

Test(yamldiff, multiline_text_as_line_diff)
{
	expect_diff("reasons: |\n  Line one.\n  Line two.\n  Line three.\n  Line four.\n  Line five.\n",
		    "reasons: |\n  Line one.\n  Line two.\n  Line 3.\n  Line four.\n  Line five.\n",
		    "reasons: text changed\n"
		    "    ...\n"
		    "    Line two.\n"
		    "  - Line three.\n"
		    "  + Line 3.\n"
		    "    Line four.\n"
		    "    ...\n");
	cr_expect(ch.v[0].multiline);
}

Test(yamldiff, multiline_text_added)
{
	expect_diff("id: A\n", "id: A\nnotes: |\n  First.\n  Second.\n",
		    "notes: (absent) -> text\n"
		    "  + First.\n"
		    "  + Second.\n");
}

Test(yamldiff, kind_change_and_nulls)
{
	expect_diff("a: x\nb: ~\nc: [1]\n", "a: [x]\nb: null\nc: 'null'\n",
		    "a: x -> [x]\n"
		    "c: [1] -> \"null\"\n");
}

Test(yamldiff, values_that_need_quotes)
{
	expect_diff("a: x\nb: y\nc: z\n", "a: ''\nb: 'p -> q'\nc: ' padded'\n",
		    "a: x -> \"\"\n"
		    "b: y -> \"p -> q\"\n"
		    "c: z -> \" padded\"\n");
}

Test(yamldiff, prefix_and_json)
{
	docs[0] = pk_doc_parse("a", "recommendation: maintain\n", 24, NULL, &d);
	docs[1] = pk_doc_parse("b", "recommendation: release\n", 24, NULL, &d);
	pk_yaml_diff(pk_doc_root(docs[0]), pk_doc_root(docs[1]), "cases[0]", &ch);
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct pk_jw w;
	pk_jw_init(&w, f);
	pk_changes_json(&w, &ch);
	cr_expect_eq(pk_jw_finish(&w), 0);
	fclose(f);
	cr_expect_str_eq(buf, "[{\"path\": \"cases[0].recommendation\", \"op\": \"changed\", "
			      "\"old\": \"maintain\", \"new\": \"release\"}]");
	free(buf);
}

Test(yamldiff, node_equal_ignores_key_order)
{
	docs[0] = pk_doc_parse("a", "{x: 1, y: [a, b]}", 17, NULL, &d);
	docs[1] = pk_doc_parse("b", "{y: [a, b], x: '1'}", 19, NULL, &d);
	cr_expect(pk_node_equal(pk_doc_root(docs[0]), pk_doc_root(docs[1])));
	char *s = pk_node_flow(pk_doc_root(docs[1]));
	cr_expect_str_eq(s, "{y: [a, b], x: \"1\"}");
	free(s);
}
