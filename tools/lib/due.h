/* due.h: the scheduling engine: who needs a panel, by when, and why.
 *
 * A pk_due_ctx is built once per run from a pk_source: it reads every panel
 * (panels are few) and indexes, per case, the panels that considered it.
 * Cases are then computed one at a time (parse, pk_due_case, free), so memory
 * does not grow with the number of cases beyond that panel index.
 *
 * Every interval comes from the rule table (rules.h), looked up at the
 * context's as-of date; every item names the RULES.md rule that produced it
 * and the fact (file:line) it was computed from.
 *
 *   struct pk_due_ctx *ctx = pk_due_ctx_new(src, &opts, &diags);
 *   for each case file:
 *       doc = pk_source_load(src, path, &diags);
 *       pk_due_case(ctx, doc, &items, NULL);   // or an explain buffer
 *       pk_doc_free(doc);
 *   pk_due_sort(&items); print; pk_due_list_free(&items);
 *   pk_due_ctx_free(ctx);
 */
#ifndef PK_DUE_H
#define PK_DUE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "cpp.h"
#include "date.h"
#include "diag.h"
#include "node.h"
#include "record.h"

enum pk_due_status {
	PK_DUE_OVERDUE,   /* as_of > deadline */
	PK_DUE_DUE,       /* due <= as_of <= deadline */
	PK_DUE_UPCOMING,  /* as_of < due */
	PK_DUE_PENDING    /* needed, but its date is not known yet (no date) */
};
/* "overdue", "due", "upcoming", "pending" */
const char *pk_due_status_name(enum pk_due_status s);

enum pk_framework { PK_FW_DETENTION, PK_FW_IPP, PK_FW_UNKNOWN };

/* One required panel for one case. Strings are owned by the item. */
struct pk_due_item {
	char *case_id;
	enum pk_framework fw;
	const char *framework;   /* "detention" | "ipp" (static) */
	char *sentence;          /* ipp: "ipp" "dpp" "life"; detention: NULL */
	const char *setting;     /* "detained" | "custody" | "community" (static) */
	char *team;              /* may be NULL */
	char *unit;              /* ipp: prison or PDU; detention: location; may be NULL */
	const char *rule;        /* RULES.md ID, e.g. "CPP-CYCLE" (static) */
	int cycle;               /* CPP-CYCLE: review number k; else 0 */
	pk_date due;             /* PK_NODATE when pending */
	pk_date deadline;        /* PK_NODATE when pending */
	pk_date anchor;          /* the date that names this obligation (calendar
				    UIDs): the due date, or for "due at once"
				    the fact that made it due */
	enum pk_due_status status;
	enum pk_cpp_tier tier;   /* detention: CPP-TIER on the due date (cpp.h);
				    else PK_CPP_TIER_NONE */
	long days_detained;      /* detention: on the due date; else -1 */
	char *reason;            /* one short sentence */
	char *fact_file;         /* record the due date is computed from */
	unsigned fact_line;      /* 1-based, 0 if unknown */
};

struct pk_due_list {
	struct pk_due_item *v;
	size_t n, cap;
};
#define PK_DUE_LIST_INIT {NULL, 0, 0}

/* The order of due items, in one place for the full items and for
 * pk_due_table's compact rows: overdue first, then by deadline (pending
 * last), then case ID, then due date, then rule, then reason. */
struct pk_due_key {
	int status;
	pk_date deadline, due;
	const char *case_id, *rule, *reason; /* reason may be NULL */
};
int pk_due_key_cmp(const struct pk_due_key *a, const struct pk_due_key *b);
int pk_due_item_cmp(const struct pk_due_item *a, const struct pk_due_item *b);
void pk_due_sort(struct pk_due_list *l);
void pk_due_list_free(struct pk_due_list *l);
/* Frees the items but keeps the array for reuse. */
void pk_due_list_clear(struct pk_due_list *l);

/* Plain-English working for --explain: one line per fact, rule computation
 * and rule that produced nothing (with why). */
struct pk_lines {
	char **v;
	size_t n, cap;
};
#define PK_LINES_INIT {NULL, 0, 0}
void pk_lines_add(struct pk_lines *l, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void pk_lines_free(struct pk_lines *l);

/* A panel that considered a case (status held, date on or before as-of,
 * the case entry not `reached: false`), as indexed by the context. */
struct pk_held {
	pk_date date;
	pk_date rerefer;         /* entry's audit.rerefer (CPP-REREFER) or PK_NODATE */
	const char *panel_id;    /* strings owned by the context */
	const char *purpose;     /* entry's purpose (rule ID) or NULL */
	const char *file;        /* repository-relative path of the panel record */
	const char *case_id;
	enum pk_framework fw;
	int reset_cycle;         /* entry's reset_cycle: true (PF-RESET) */
	unsigned line;           /* line of the case entry */
	unsigned rerefer_line;   /* line of audit.rerefer, 0 if none */
	int reached;             /* 0 for `reached: false` (not in pk_due_history) */
	/* Dates the panel itself set (due_after.c): */
	pk_date next_panel;      /* ipp entry's next_panel (PF-NEXT-PANEL) */
	pk_date decide_by;       /* detention entry's decide_by with recommendation
				    none (CPP-DECIDE-BY), else PK_NODATE */
	unsigned next_line, decide_line;
	uint32_t act_start, act_n; /* the entry's actions: pk_due_actions */
};

/* One action a held panel agreed for a case (CPP-ACTION, PF-ACTION). */
struct pk_action {
	const char *id;          /* actions[].id, or "<panel>/<case>/<n>" */
	const char *text;        /* what is to be done */
	const char *owner;       /* people ID or NULL */
	pk_date due, done;       /* PK_NODATE when not recorded */
	unsigned line;           /* line of the action in the panel record */
};

/* A planned (not yet held) panel, for the CPP-ADHOC default "next panel". */
struct pk_planned {
	pk_date date;
	enum pk_framework fw;
	const char *panel_id;
	const char *file;
	unsigned line;
};

struct pk_due_opts {
	pk_date as_of;           /* statuses and "held by" are judged on this day */
	int after;               /* also the dates panels set and their actions
				    (PF-NEXT-PANEL, CPP-DECIDE-BY, CPP-ACTION,
				    PF-ACTION): panel due and panel todo; plan and
				    report schedule panels only */
	/* Optional: shown each panel the context reads (it reads them all
	 * once), so a caller that needs them too does not read them again
	 * (panel plan's planned panels).  In the source's order. */
	void (*each_panel)(void *arg, const struct pk_doc *panel);
	void *each_arg;
	/* Optional: keep the held entries of these cases only (sorted by
	 * strcmp, n_only of them), for a caller that asks about a few cases
	 * of a large caseload (validate's rescheduled sittings): the context
	 * then grows with them, not with every panel held, and only the
	 * panels that may name them or be planned are parsed (each_panel sees
	 * those only).  pk_due_case of any other case sees no panel held. */
	const char *const *only;
	size_t n_only;
};

struct pk_due_ctx;

/* Reads every panel of src. Panels that do not parse are reported to d and
 * left out (the run goes on). d is kept: pk_due_case reports cases it
 * cannot schedule there (code KIT-DUE). Never NULL. */
struct pk_due_ctx *pk_due_ctx_new(struct pk_source *src, const struct pk_due_opts *opts,
				  struct pk_diags *d);
void pk_due_ctx_free(struct pk_due_ctx *ctx);
pk_date pk_due_as_of(const struct pk_due_ctx *ctx);
/* Number of panel records that could not be read (parse errors). */
size_t pk_due_bad_panels(const struct pk_due_ctx *ctx);

/* Panels held for a case, oldest first (n set; NULL when none); entries
 * with reached: false are not among them. */
const struct pk_held *pk_due_history(const struct pk_due_ctx *ctx, const char *case_id,
				     size_t *n);
/* The actions of a held entry (h from pk_due_history). */
const struct pk_action *pk_due_actions(const struct pk_due_ctx *ctx, const struct pk_held *h,
				       size_t *n);

/* The first planned panel of framework fw dated on or after `from`, or NULL. */
const struct pk_planned *pk_due_next_planned(const struct pk_due_ctx *ctx,
					     enum pk_framework fw, pk_date from);

/* Appends the case's required panels to out (several when several rules
 * apply, none when nothing is due, e.g. detention ended). With ex non-NULL,
 * also appends the working. Returns 0, or -1 when the record is not a case
 * the engine can read (no id, unknown framework): then a line saying why is
 * added to ex and nothing to out. */
int pk_due_case(struct pk_due_ctx *ctx, const struct pk_doc *case_doc,
		struct pk_due_list *out, struct pk_lines *ex);

/* Every case of src through pk_due_case, kept by f, into t (sorted at the
 * end); parse errors and unschedulable cases go to the context's diags.
 * Sets *cases to the case records read and *bad to those that could not
 * be read or scheduled.  Returns 0. */
struct pk_due_filter;
struct pk_due_table;
int pk_due_source(struct pk_due_ctx *ctx, const struct pk_due_filter *f, struct pk_due_table *t,
		  size_t *cases, size_t *bad);

/* ---- output (due_out.c): filters, and a compact sorted table ----
 * The table keeps each item in a few dozen bytes (strings packed in an
 * arena, repeated ones interned), so 100k cases fit in a small heap. */
struct pk_due_filter {
	long within;             /* keep items due within this many days of as-of
				    (and pending ones); -1: no limit */
	int framework;           /* -1 any, else an enum pk_framework */
	const char *team;        /* NULL: any */
	int overdue_only;
};
#define PK_DUE_FILTER_INIT {-1, -1, NULL, 0}
int pk_due_keep(const struct pk_due_filter *f, const struct pk_due_item *it, pk_date as_of);

struct pk_due_table;
struct pk_due_table *pk_due_table_new(void);
void pk_due_table_free(struct pk_due_table *t);
void pk_due_table_add(struct pk_due_table *t, const struct pk_due_item *it);
size_t pk_due_table_count(const struct pk_due_table *t);
size_t pk_due_table_overdue(const struct pk_due_table *t);
/* pk_due_item_cmp order. */
void pk_due_table_sort(struct pk_due_table *t);
/* Aligned columns: case, framework, setting, due, deadline, status, rule,
 * reason; a header line first when there is anything to print. */
void pk_due_print_text(FILE *out, const struct pk_due_table *t);
/* [{case, framework, setting, rule, due, deadline, status, reason, tier,
 *   sentence, team, unit, source}], due/deadline null when pending, tier
 * only for detention. */
void pk_due_print_json(FILE *out, const struct pk_due_table *t);
/* The same rows as CSV (RFC 4180, CRLF line ends, a header row); excel:
 * a UTF-8 byte order mark first, so Excel reads the names as UTF-8. */
void pk_due_print_csv(FILE *out, const struct pk_due_table *t, int excel);
/* RFC 5545 calendar of the dated items: all-day VEVENTs from due to
 * deadline, UID <case>-<rule>-<anchor date>@panelkit, DTSTAMP from as_of, CRLF,
 * folded at 75 octets, TEXT escaped.  Caller frees. */
char *pk_due_ics(const struct pk_due_table *t, pk_date as_of, size_t *len);

/* The one iCalendar writer (panel due, panel todo): a calendar of all-day
 * events from `start` to `last` inclusive, DTSTAMP from `stamp`, TEXT
 * escaped, lines folded at 75 octets, CRLF. */
struct sbuf;
void pk_ics_begin(struct sbuf *out, const char *prodid);
void pk_ics_event(struct sbuf *out, pk_date stamp, const char *uid, pk_date start, pk_date last,
		  const char *summary, const char *description, const char *const *categories, size_t ncat);
void pk_ics_end(struct sbuf *out);

#endif
