/* todo.h: what each person owes, across both frameworks (panel todo).
 *
 * One line per duty of one person, with the rule behind it and the fact
 * (file:line) it comes from.  Duties of a coming sitting come from the
 * panel record (CPP-INVITE invitations and confirmations, CPP-REPORT
 * report and re-run, PF-AGENDA the person's agenda, the sitting itself);
 * duties after a held detention sitting from its case entries (CPP-AUDIT,
 * CPP-NOTIFY, CPP-RESPONSE and its approval, CPP-DCPR) and the open
 * actions of every held sitting (CPP-ACTION, PF-ACTION), from one parse of
 * each panel; RAG reviews (PF-RAG-REVIEW) from the scheduling engine
 * (due.h).  Every interval is a rule table row (rules.c). */
#ifndef PK_TODO_H
#define PK_TODO_H

#include <stddef.h>
#include <stdio.h>
#include "date.h"
#include "diag.h"
#include "due.h"
#include "record.h"

struct pk_todo_line {
	char *person;            /* people ID of who owes it */
	char *name;              /* their name, or NULL when no record */
	char *team;              /* the case's team, else the person's team or unit */
	const char *rule;        /* RULES.md ID (static) */
	pk_date due, deadline;
	enum pk_due_status status;
	char *what;              /* one sentence */
	char *case_id;           /* NULL for a duty of the whole sitting */
	char *panel_id;          /* NULL for a case's own duty (a RAG review) */
	char *file;              /* repository-relative */
	unsigned line;
};

struct pk_todo {
	struct pk_todo_line *v;
	size_t n, cap;
};
#define PK_TODO_INIT {NULL, 0, 0}

struct pk_todo_opts {
	pk_date as_of;
	long within;             /* lines due within DAYS of as-of (overdue ones
				    stay); -1: no limit */
	const char *person;      /* NULL: everyone */
	const char *team;        /* NULL: any */
};

/* Every line of src, filtered and sorted (person, then overdue first, then
 * deadline, rule, case).  Records that do not parse are reported to d and
 * left out.  Returns the number of case records read. */
size_t pk_todo_collect(struct pk_source *src, const struct pk_todo_opts *o, struct pk_todo *t,
		       struct pk_diags *d);
void pk_todo_free(struct pk_todo *t);

/* Markdown: a section per person, a table of their lines. */
void pk_todo_print_md(FILE *out, const struct pk_todo *t, const struct pk_todo_opts *o);
/* [{person, name, team, rule, due, deadline, status, what, case, panel, source}] */
void pk_todo_print_json(FILE *out, const struct pk_todo *t);
/* iCalendar through the one writer of due.h; caller frees. */
char *pk_todo_ics(const struct pk_todo *t, pk_date as_of, size_t *len);

#endif
