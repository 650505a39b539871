/* diag.h: findings collected during a run and printed once, sorted, in
 * compiler format:
 *
 *   cases/DC-0001.yaml:4:10: error: "2026-02-30" is not a real date [KIT-DATES]
 *       4 | start: 2026-02-30
 *         |        ^
 *   hint: dates are YYYY-MM-DD, for example 2026-02-28
 *
 * Every finding carries a stable code (a RULES.md ID or a KIT-/YAML- code)
 * that scripts and tests can rely on; the prose may improve over time. */
#ifndef PK_DIAG_H
#define PK_DIAG_H

#include <stddef.h>
#include <stdio.h>

enum pk_sev { PK_ERROR, PK_WARNING };

struct pk_diag {
	char *file;      /* as given by the caller, usually repository-relative */
	unsigned line;   /* 1-based; 0 when the finding is about the whole file */
	unsigned col;    /* 1-based; 0 when unknown */
	enum pk_sev sev;
	char *rule;      /* stable code, never NULL */
	char *msg;
	char *hint;      /* NULL when there is nothing useful to add */
	char *src;       /* the offending source line, or NULL */
	size_t seq;      /* insertion order, to keep sorting stable */
};

struct pk_diags {
	struct pk_diag *v;
	size_t n, cap;
	size_t errors, warnings;
};

#define PK_DIAGS_INIT {NULL, 0, 0, 0, 0}

/* The name a finding about file is filed under: file itself, or for "."
 * (the whole repository) the absolute path of the current directory,
 * written to buf. */
const char *pk_diag_file_name(const char *file, char *buf, size_t size);

/* Adds a finding; src_line (may be NULL) is copied.  file "." is filed
 * as pk_diag_file_name gives it. */
void pk_diag_add(struct pk_diags *d, enum pk_sev sev, const char *file,
		 unsigned line, unsigned col, const char *src_line,
		 const char *rule, const char *hint, const char *fmt, ...)
	__attribute__((format(printf, 9, 10)));

void pk_diags_sort(struct pk_diags *d);

/* Findings held for sorting grow with the mistakes, not the records (10^6
 * broken records held 1.6 GB).  After pk_diags_spill(d, bytes), each call
 * of pk_diags_spill_point(d) -- made by a loop over records between two
 * records, where no one holds an index into d->v -- writes the findings
 * held, once they pass `bytes`, as one sorted run to a temporary file and
 * empties d->v (d->errors and d->warnings still count everything).
 * pk_diags_print and pk_diags_print_json then merge the runs with what is
 * held (pk_diags_sort it first): the same bytes as without spilling.  A
 * run that cannot be written stays in memory.  pk_diags_free removes the
 * file.  Only for a d whose findings are printed, not read through d->v. */
void pk_diags_spill(struct pk_diags *d, size_t bytes);
/* What the tools hold in memory before spilling. */
#define PK_SPILL_BYTES ((size_t)8 << 20)
void pk_diags_spill_point(struct pk_diags *d);
/* Moves every finding of from to the end of d, in from's order, as if they
 * had been added to d just now (a record's findings made on another
 * thread, prefetch.h); from is left empty. */
void pk_diags_append(struct pk_diags *d, struct pk_diags *from);
/* Findings so far, spilled ones included. */
size_t pk_diags_count(const struct pk_diags *d);
/* Compiler format with source excerpt and hint. */
void pk_diags_print(FILE *out, const struct pk_diags *d);
/* [{"file":..,"line":..,"column":..,"severity":..,"rule":..,"message":..,"hint":..}],
 * one finding a line, and a newline. */
void pk_diags_print_json(FILE *out, const struct pk_diags *d);
/* The same array, without the newline, as a value of w's document. */
struct pk_jw;
void pk_diags_json(struct pk_jw *w, const struct pk_diags *d);
void pk_diags_free(struct pk_diags *d);

#endif
