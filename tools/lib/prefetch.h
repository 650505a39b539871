/* prefetch.h: the records of a source read and parsed ahead of the caller,
 * on the other cores.
 *
 * panel validate and panel due take records one at a time, in the
 * source's order, and reading and parsing them was most of their time, on
 * one core.  A prefetch hands them out in the same order, each with the
 * findings its parse (and an optional per-record job, such as the schema)
 * made, appended to the caller's findings at the moment the caller takes
 * the record: the findings, and so the output, are the same as reading
 * them in a loop.  At most PK_PREFETCH_WINDOW records are in flight, so
 * memory stays flat.
 *
 * Worker threads only when the source's reader is safe to call from
 * several threads (working-tree files; not a libgit2 tree) and the
 * machine has more than one core; PANEL_THREADS=N sets the number of
 * workers (0: read in the caller, as before). */
#ifndef PK_PREFETCH_H
#define PK_PREFETCH_H

#include "diag.h"
#include "node.h"
#include "record.h"

#define PK_PREFETCH_WINDOW 64

/* Optional work on a parsed record (it has a root), run on the worker:
 * must only read shared state; its findings go to d; its return value is
 * handed to the caller with the record. */
typedef int (*pk_prefetch_job)(void *arg, enum pk_rkind kind, const struct pk_doc *doc,
			       struct pk_diags *d);

struct pk_prefetch;

/* The records of src of kind `only` (PK_R_NONE: all). */
struct pk_prefetch *pk_prefetch_new(struct pk_source *src, enum pk_rkind only,
				    pk_prefetch_job job, void *arg);
/* The next record: 1 with *index (into src->paths), *doc (the caller frees
 * it; NULL when it could not be read or parsed) and *result (the job's, 0
 * without one), its findings appended to d; 0 after the last. */
int pk_prefetch_next(struct pk_prefetch *p, size_t *index, struct pk_doc **doc, int *result,
		     struct pk_diags *d);
void pk_prefetch_free(struct pk_prefetch *p);

#endif
