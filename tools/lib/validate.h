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
/* The same with a schema already compiled (schema.h; a fuzzer, or a run
 * over many commits, compiles it once): opts->schema_dir is not read.
 * Returns the number of errors found. */
struct pk_schema;
int pk_validate_with(struct pk_source *src, const struct pk_schema *schema,
		     const struct pk_validate_opts *opts, struct pk_diags *d,
		     struct pk_validate_stats *stats);

/* KIT-IDS for a change that deletes records: reports every record of src
 * (but those in skip, checked with the change) that still refers to one of
 * the gone records (paths like "cases/DC-0001.yaml").  Reads only the kinds
 * that can refer to what is gone.  Returns the number of errors added. */
size_t pk_validate_dangling(struct pk_source *src, char *const *gone, size_t ngone,
			    char *const *skip, size_t nskip, struct pk_diags *d);

#endif
