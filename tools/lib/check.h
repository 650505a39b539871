/* check.h: rule checks that need more than one record's structure.
 *
 * panel validate runs the schema first, then these on each record that
 * passed it.  They may load other records through ctx->src (by ID); the
 * index holds every ID seen so far (people are read before cases, cases
 * before panels, so references point backwards). */
#ifndef PK_CHECK_H
#define PK_CHECK_H

#include "date.h"
#include "diag.h"
#include "node.h"
#include "record.h"

struct pk_reccache;
struct pk_due_ctx;

struct pk_check_ctx {
	struct pk_source *src;
	struct pk_index *index;
	pk_date today;       /* --as-of, for readiness and staleness checks */
	/* The cases of the panel being checked, as validate.c kept them
	 * when it read them (pk_panel_case_keys); any other, and all of them
	 * when NULL, pk_check_panel reads itself. */
	struct pk_reccache *panel_cases;
	/* The held panels of the cases of rescheduled sittings (PF-RECORD),
	 * built once for a run (validate.c); NULL: pk_check_panel reads every
	 * panel for a rescheduled one. */
	struct pk_due_ctx *due;
};

/* check_case.c: KIT-DATES order, PF-COMMUNITY-RAG, PF-RAG-REVIEW, ... */
void pk_check_case(struct pk_check_ctx *ctx, const struct pk_doc *doc, struct pk_diags *d);
/* check_panel.c: CPP-CHAIR ... PF-RECORD, readiness. */
void pk_check_panel(struct pk_check_ctx *ctx, const struct pk_doc *doc, struct pk_diags *d);
/* The top-level keys of a case record that pk_check_panel reads (itself
 * and through lifecycle.h, members.h and nondisclosure.h): a case pruned
 * to them gives a panel the findings the whole case gives
 * (tests/test_panel_checks.c holds every fixture to it, key by key). */
extern const char *const pk_panel_case_keys[];
extern const size_t pk_panel_case_nkeys;

#endif
