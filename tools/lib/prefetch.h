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
 * memory stays flat.  A caller that finds its next record not ready yet
 * reads one further ahead itself rather than wait: both cores parse, and
 * the one that also checks does less of it.
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

/* Optional work on a parsed record (it has a root), run on a worker or in
 * the caller: must only read shared state; its findings go to d, and its
 * return value is handed to the caller with the record. */
struct pk_prefetch_job {
	int (*run)(void *arg, enum pk_rkind kind, const struct pk_doc *doc, struct pk_diags *d);
	void *arg;
};

/* One record as handed out. */
struct pk_prefetched {
	size_t index;          /* into src->paths */
	struct pk_doc *doc;    /* the caller frees it; NULL: not read or parsed */
	int result;            /* the job's, 0 without one */
};

struct pk_prefetch;

/* The records of src of kind `only` (PK_R_NONE: all); job may be NULL. */
struct pk_prefetch *pk_prefetch_new(struct pk_source *src, enum pk_rkind only,
				    const struct pk_prefetch_job *job);
/* The same, parsing only the records whose bytes may name one of names
 * (pk_source_load_naming; the others come with doc NULL, and no finding):
 * the agenda's search for the earlier panels of its cases.  names is the
 * caller's and must outlive the prefetch. */
struct pk_prefetch *pk_prefetch_new_naming(struct pk_source *src, enum pk_rkind only,
					   const struct pk_names *names);
/* The next record into *r, its findings appended to d: 1, or 0 after the
 * last. */
int pk_prefetch_next(struct pk_prefetch *p, struct pk_prefetched *r, struct pk_diags *d);
void pk_prefetch_free(struct pk_prefetch *p);

#endif
