/* lifecycle.c: whether a case is open (KIT-LIFECYCLE). */
#include "lifecycle.h"
#include "record.h"

#include <stddef.h>

int pk_case_closed(const struct pk_node *root, pk_date on, pk_date *since, unsigned *line)
{
	const struct pk_node *cl = pk_map_get(root, "closed");
	pk_date cd = pk_node_date(cl, "date");
	if (cd == PK_NODATE || cd > on)
		return 0;
	pk_date ro = pk_node_date(root, "reopened.date");
	if (ro != PK_NODATE && ro >= cd && ro <= on)
		return 0;
	/* A second detention period (CPP-CYCLE from the new start) or a
	 * recall (supervision again) reopens the case by itself. */
	pk_date ds = pk_node_date(root, "detention.start");
	if (ds != PK_NODATE && ds > cd && ds <= on)
		return 0;
	const struct pk_node *rc = pk_map_get(root, "recalls");
	for (size_t i = 0; rc && rc->kind == PK_SEQ && i < rc->n; i++) {
		pk_date d = pk_node_date(rc->items[i], "date");
		if (d != PK_NODATE && d > cd && d <= on)
			return 0;
	}
	if (since)
		*since = cd;
	if (line)
		*line = pk_get(cl, "date") ? pk_get(cl, "date")->line : cl->line;
	return 1;
}
