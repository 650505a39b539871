/* check_panel.c: per-panel rule checks (to be filled by the panels work). */
#include "check.h"

void pk_check_panel(struct pk_check_ctx *ctx, const struct pk_doc *doc, struct pk_diags *d)
{
	(void)ctx;
	(void)doc;
	(void)d;
}
