/* check_case.c: per-case rule checks (to be filled by the scheduling work). */
#include "check.h"

void pk_check_case(struct pk_check_ctx *ctx, const struct pk_doc *doc, struct pk_diags *d)
{
	(void)ctx;
	(void)doc;
	(void)d;
}
