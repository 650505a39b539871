/* The rule book: every rule ID of the rule table and of the messages has
 * an entry; lookups and suggestions. */
#include <criterion/criterion.h>
#include <string.h>

#include "rulebook.h"
#include "rules.h"

Test(rulebook, every_table_row_has_an_entry)
{
	size_t n;
	const struct pk_rule *rows = pk_rules_all(&n);
	cr_assert_gt(n, 0);
	for (size_t i = 0; i < n; i++)
		cr_expect_not_null(pk_rulebook_find(rows[i].rule), "%s (%s) has no rule book entry",
				   rows[i].rule, rows[i].key);
}

Test(rulebook, ids_are_unique_and_summarised)
{
	size_t n;
	const struct pk_rule_id *b = pk_rulebook_all(&n);
	for (size_t i = 0; i < n; i++) {
		cr_expect_gt(strlen(b[i].summary), 20, "%s", b[i].id);
		cr_expect(!strcmp(b[i].doc, "CPP") || !strcmp(b[i].doc, "PF") || !strcmp(b[i].doc, "KIT") ||
			  !strcmp(b[i].doc, "YAML"));
		cr_expect_eq(strncmp(b[i].id, b[i].doc, strlen(b[i].doc)), 0, "%s under %s", b[i].id, b[i].doc);
		for (size_t j = i + 1; j < n; j++)
			cr_expect_str_neq(b[i].id, b[j].id);
	}
}

Test(rulebook, find_and_suggest)
{
	cr_expect_str_eq(pk_rulebook_find("cpp-cycle")->id, "CPP-CYCLE");
	cr_expect_null(pk_rulebook_find("CPP-CYCEL"));
	cr_expect_str_eq(pk_rulebook_suggest("CPP-CYCEL"), "CPP-CYCLE");
	cr_expect_str_eq(pk_rulebook_suggest("pf-custdy-rag"), "PF-CUSTODY-RAG");
	cr_expect_null(pk_rulebook_suggest("NOTHING-LIKE-IT"));
}
