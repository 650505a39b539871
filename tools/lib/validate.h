/* validate.h: one record set checked end to end: YAML, schema, IDs and
 * references (KIT-IDS), then the rule checks of check.h. */
#ifndef PK_VALIDATE_H
#define PK_VALIDATE_H

#include "date.h"
#include "diag.h"
#include "record.h"

struct pk_validate_opts {
	pk_date today;         /* readiness and staleness checks */
	const char *schema_dir; /* NULL: pk_data_dir()/schema */
};

struct pk_validate_stats {
	size_t records;        /* record files read */
	size_t invalid;        /* records with at least one error */
};

/* Returns the number of errors found (also counted in d), or -1 if the
 * schema itself could not be loaded.  stats may be NULL. */
int pk_validate_source(struct pk_source *src, const struct pk_validate_opts *opts,
		       struct pk_diags *d, struct pk_validate_stats *stats);

#endif
