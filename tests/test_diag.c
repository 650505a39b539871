/* Findings spilled to sorted runs on disk (diag.h, pk_diags_spill): the
 * printed text and JSON are the same bytes as when every finding is held,
 * whatever the budget, and the counts are of all findings. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"

/* n findings over a few files, out of order, some on the same position
 * (their insertion order must survive the merge), with and without hints
 * and source lines; a spill point after every `every` findings. */
static void fill(struct pk_diags *d, int n, int every)
{
	static const char *const files[] = {"people/p.yaml", "cases/DC-0002.yaml", "panels/X.yaml",
					    "cases/DC-0001.yaml"};
	for (int i = 0; i < n; i++) {
		const char *f = files[(i * 7) % 4];
		unsigned line = (unsigned)((i * 13) % 5), col = (unsigned)(i % 3);
		pk_diag_add(d, i % 5 ? PK_ERROR : PK_WARNING, f, line, col, i % 2 ? "start: 2026-02-30" : NULL,
			    i % 3 ? "KIT-DATES" : "KIT-IDS", i % 4 ? "a hint" : NULL, "finding %d", i);
		if (every && (i + 1) % every == 0)
			pk_diags_spill_point(d);
	}
}

static char *printed(struct pk_diags *d, int json)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	cr_assert_not_null(f);
	pk_diags_sort(d);
	if (json)
		pk_diags_print_json(f, d);
	else
		pk_diags_print(f, d);
	fclose(f);
	return buf;
}

Test(diag, spilled_runs_print_the_same_bytes)
{
	static const size_t budgets[] = {1, 200, 5000};
	for (int json = 0; json < 2; json++) {
		struct pk_diags all = PK_DIAGS_INIT;
		fill(&all, 500, 0);
		char *want = printed(&all, json);
		for (size_t b = 0; b < sizeof budgets / sizeof budgets[0]; b++) {
			struct pk_diags d = PK_DIAGS_INIT;
			pk_diags_spill(&d, budgets[b]);
			fill(&d, 500, 7);
			cr_expect_lt(d.n, 500, "budget %zu: something was spilled", budgets[b]);
			cr_expect_eq(pk_diags_count(&d), 500);
			cr_expect_eq(d.errors, all.errors);
			cr_expect_eq(d.warnings, all.warnings);
			char *got = printed(&d, json);
			cr_expect_str_eq(got, want, "budget %zu, json %d", budgets[b], json);
			free(got);
			pk_diags_free(&d);
		}
		free(want);
		pk_diags_free(&all);
	}
}

Test(diag, spill_without_findings_and_unspilled)
{
	struct pk_diags d = PK_DIAGS_INIT;
	pk_diags_spill(&d, 1);
	pk_diags_spill_point(&d);
	char *got = printed(&d, 1);
	cr_expect_str_eq(got, "[]\n");
	free(got);
	/* Under the budget nothing leaves memory. */
	struct pk_diags e = PK_DIAGS_INIT;
	pk_diags_spill(&e, 1u << 20);
	fill(&e, 50, 1);
	cr_expect_eq(e.n, 50);
	pk_diags_free(&e);
	pk_diags_free(&d);
}
