/* report.h: the figures the policies ask managers to watch (panel report).
 *
 * Computing and formatting are apart.  A compute function reads a
 * pk_source and fills a pk_report: a title, parameters, notes (the exact
 * definition of every figure) and tables.  A table has columns and rows of
 * cells; a count cell holds the IDs behind it (a case "DC-0001", a case on
 * a panel "DC-0001@CPP-2026-08-20-A", a panel, a person), and its number is
 * the number of those IDs, so every figure can be drilled down (--list) and
 * checked.  One writer per format turns a report into Markdown, a complete
 * HTML page (through render.h), CSV (RFC 4180) or JSON.
 *
 *   struct pk_report *r = pk_report_compliance(src, &opts, &diags);
 *   pk_report_write(r, PK_RF_MARKDOWN, &wopts, &out);
 *   pk_report_free(r);
 *
 * Reports:
 *   compliance  CPP-COMPLIANCE, CPP-RESPONSE, CPP-AUDIT: one month, per
 *               casework team, and the list of non-compliant cases
 *   coverage    PF-COVERAGE, PF-RAG-REVIEW: IPP/DPP cases with a panel in
 *               the last 12 months, by setting and RAG; overdue panels
 *   detention   CPP-TIER, CPP-WINDOW, CPP-LIGHT, CPP-REC: the detained
 *               population, reviews overdue, recommendations
 *   attendance  CPP-ATTENDANCE: panels per chair and member in a year
 * and a trend of a report's headline figures at each month end, read from
 * git history (pk_source_open at each month end). */
#ifndef PK_REPORT_H
#define PK_REPORT_H

#include <stddef.h>
#include "date.h"
#include "diag.h"
#include "record.h"
#include "mem.h"

/* ---- the table structure ---- */

enum pk_rcell_kind {
	PK_RC_EMPTY,
	PK_RC_TEXT,     /* text from a record or a label */
	PK_RC_COUNT,    /* a number of IDs */
	PK_RC_RATE      /* num / den, shown as a percentage; n/a when den 0 */
};

struct pk_rcell {
	enum pk_rcell_kind kind;
	char *text;             /* TEXT */
	char **ids;             /* COUNT: sorted and unique once the report is done */
	size_t n, cap;          /* COUNT: n is the count */
	long num, den;          /* RATE */
};

struct pk_rcol {
	char *key;              /* JSON key and CSV header: "acknowledged" */
	char *label;            /* Markdown and HTML header: "Acknowledged within 14 days" */
};

struct pk_rtable {
	char *key;              /* "responses": --table and JSON */
	char *title;
	char *intro;            /* a sentence under the title, or NULL */
	char *empty;            /* shown instead of a table without rows, or NULL */
	struct pk_rcol *cols;
	size_t ncols;
	struct pk_rcell *cells; /* row-major, nrows * ncols */
	size_t nrows, caprows;
	int *charts;            /* columns drawn as bar charts in HTML (trends) */
	size_t ncharts;
};

struct pk_rparam {
	char *key, *label, *value;
};

struct pk_report {
	char *kind;             /* "compliance", "coverage", ... */
	char *title;
	struct pk_rparam *params;
	size_t nparams;
	struct pk_rtable **tables;
	size_t ntables;
	char **notes;           /* definitions, in Markdown-safe plain text */
	size_t nnotes;
};

struct pk_report *pk_report_new(const char *kind, const char *title);
void pk_report_free(struct pk_report *r);
/* Value of a parameter ("month": "2026-08"), shown under the title. */
void pk_report_param(struct pk_report *r, const char *key, const char *label,
		     const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void pk_report_note(struct pk_report *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* A table with ncols columns, given as key, label pairs. */
struct pk_rtable *pk_report_table(struct pk_report *r, const char *key, const char *title,
				  size_t ncols, const char *const cols[][2]);
struct pk_rtable *pk_report_find_table(const struct pk_report *r, const char *key);
/* Appends a row of empty cells; returns its index. */
size_t pk_rtable_row(struct pk_rtable *t);
struct pk_rcell *pk_rtable_cell(const struct pk_rtable *t, size_t row, size_t col);
/* Column index of key, or -1. */
int pk_rtable_col(const struct pk_rtable *t, const char *key);
void pk_rcell_text(struct pk_rcell *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Makes c a count (0 if it was empty). */
void pk_rcell_count(struct pk_rcell *c);
/* Makes c a count and adds id (a duplicate is dropped when the report is
 * finished, so a case counts once in a cell). */
void pk_rcell_add(struct pk_rcell *c, const char *id);
void pk_rcell_rate(struct pk_rcell *c, long num, long den);
/* Frees what the cell holds; it is empty after. */
void pk_rcell_clear(struct pk_rcell *c);
/* Copies a cell (its IDs too). */
void pk_rcell_copy(struct pk_rcell *dst, const struct pk_rcell *src);
/* Sorts and de-duplicates a count's IDs; returns the count. */
size_t pk_rcell_finish(struct pk_rcell *c);
/* pk_rcell_finish on every cell: call once all rows are in. */
void pk_report_finish(struct pk_report *r);

/* "66.7" for 2/3 (rounded half up to one decimal), "n/a" when den is 0. */
void pk_rate_fmt(long num, long den, char *buf, size_t n);

/* ---- writers ---- */

enum pk_rformat { PK_RF_MARKDOWN, PK_RF_HTML, PK_RF_CSV, PK_RF_JSON };

struct pk_rwrite_opts {
	int list;               /* --list: the IDs behind every count */
	const char *table;      /* CSV: which table (key); NULL = the first */
};

/* Appends the report to out.  Returns 0, or -1 with a sentence in err
 * (CSV: no table with that key; HTML: cmark failed). */
int pk_report_write(const struct pk_report *r, enum pk_rformat f,
		    const struct pk_rwrite_opts *o, struct sbuf *out, char *err, size_t errlen);

/* An inline SVG bar chart (text only, every label escaped): one bar per
 * row of the table for column col; labels from column 0.  Rates are drawn
 * on a 0..100 scale, counts on 0..max.  Appends to out. */
void pk_report_svg(const struct pk_rtable *t, size_t col, struct sbuf *out);

/* ---- the figures ---- */

struct pk_report_opts {
	pk_date as_of;          /* figures as they stood on this day */
	int year, month;        /* compliance: the month; attendance: the year */
	const char *team;       /* compliance: one casework team, or NULL */
};

/* Each returns a finished report (never NULL).  Records that cannot be
 * read are reported to d and left out of the figures. */
struct pk_report *pk_report_compliance(struct pk_source *src, const struct pk_report_opts *o,
				       struct pk_diags *d);
struct pk_report *pk_report_coverage(struct pk_source *src, const struct pk_report_opts *o,
				     struct pk_diags *d);
struct pk_report *pk_report_detention(struct pk_source *src, const struct pk_report_opts *o,
				      struct pk_diags *d);
struct pk_report *pk_report_attendance(struct pk_source *src, const struct pk_report_opts *o,
				       struct pk_diags *d);
/* report_after.c: panels arranged versus held (PF-RECORD, PF 10.7), teams
 * below the expected standard in the month with their SPOCs
 * (CPP-COMPLIANCE, CPP §12, §13), open actions by owner and age
 * (CPP-ACTION, PF-ACTION). */
struct pk_report *pk_report_after(struct pk_source *src, const struct pk_report_opts *o,
				  struct pk_diags *d);

enum pk_report_kind { PK_REP_COMPLIANCE, PK_REP_COVERAGE, PK_REP_DETENTION,
		      PK_REP_ATTENDANCE, PK_REP_AFTER, PK_REP_NONE };
/* "compliance" -> PK_REP_COMPLIANCE; PK_REP_NONE if unknown. */
enum pk_report_kind pk_report_kind_of(const char *name);

/* The trend of a report's headline figures, one row per month from
 * (from_y, from_m) to (to_y, to_m): for coverage and detention the figures
 * on the records as committed at the end of each month; for compliance the
 * figures of each month as recorded at the end of the following month
 * (when every 14-day window of the month has closed), or on `today` if
 * that is earlier.  A day before today is read with pk_source_git_at (so
 * root must be in a git repository), today with pk_source_dir.
 * o->team applies to compliance.  Attendance has no trend: returns NULL
 * with a finding in d (code KIT-USAGE), as it does for more than 120
 * months or to before from. */
struct pk_report *pk_report_trend(const char *root, enum pk_report_kind k, int from_y,
				  int from_m, int to_y, int to_m, const char *team,
				  pk_date today, struct pk_diags *d);

/* ---- a whole run of panel report ---- */

struct pk_report_req {
	enum pk_report_kind kind;
	const char *dir;            /* -C, the records repository */
	struct pk_report_opts o;
	int asof_given;             /* --as-of given */
	const char *at;             /* --at DATE|COMMIT: the records as committed */
	int trend;                  /* --from/--to given */
	int from_y, from_m, to_y, to_m;
	pk_date today;
	enum pk_rformat format;
	struct pk_rwrite_opts w;
};

/* Opens the records, computes the report and writes it to out.  Findings
 * go to d.  Returns 0 (written), 1 (written, but some records could not be
 * read: the figures leave them out) or -1 (nothing written: no records
 * folder, no such table, ...). */
int pk_report_run(const struct pk_report_req *q, struct sbuf *out, struct pk_diags *d);

/* Parses "YYYY-MM" (years 1900..2999); 0 or -1. */
int pk_parse_month(const char *s, int *y, int *m);

#endif
