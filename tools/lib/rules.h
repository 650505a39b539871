/* rules.h: THE rule table: every interval and policy constant of RULES.md.
 *
 * Each row carries the rule ID, the policy document, its version and
 * section, and the date from which the row is in force.  Code looks a
 * constant up by key at a date (usually --as-of): when a policy changes, a
 * new row with a later in-force date is added beside the old one, and an
 * --as-of before the change still gets the old value.  Interpretations of
 * vague policy text (RULES.md "Interpretation") are rows too, flagged, so
 * each is written down once, here.
 *
 * Keys are lower-case dotted names ("cpp.cycle", "pf.custody.red"). */
#ifndef PK_RULES_H
#define PK_RULES_H

#include <stddef.h>
#include "date.h"

enum pk_unit {
	PK_U_DAYS,
	PK_U_MONTHS,    /* calendar months, clamped (pk_add_months) */
	PK_U_YEARS,     /* calendar years, clamped (pk_add_years) */
	PK_U_MINUTES,
	PK_U_COUNT,     /* a number of things (panels, per cent...) */
	PK_U_GRADE,     /* a Home Office grade, in text */
	PK_U_NONE       /* "no routine panel": the rule produces nothing */
};

struct pk_rule {
	const char *key;       /* lookup key, e.g. "pf.custody.red" */
	const char *rule;      /* RULES.md ID, e.g. "PF-CUSTODY-RAG" */
	long value;            /* in unit (days, months, ...); a grade's rank */
	enum pk_unit unit;
	const char *text;      /* the value in words ("Red: every 12 months");
				  for a grade, the grade ("SEO") */
	const char *doc;       /* "CPP" or "PF" (see pk_rule_doc_title) */
	const char *version;   /* "v9.0" / "July 2025" */
	const char *section;   /* "§4" / "6.2" / "A" */
	const char *from;      /* in force from, YYYY-MM-DD */
	int interpretation;    /* 0: the policy's own words; 1: RULES.md fixes a
				  reading of vague policy ("Interpretation");
				  2: a reading panelkit chose beyond RULES.md */
};

/* The row for key in force on `on` (the latest row with from <= on).  For a
 * date before the first row, the first row (the toolkit knows no older
 * policy).  NULL for an unknown key. */
const struct pk_rule *pk_rule_at(const char *key, pk_date on);
/* The same lookup over any table (tests use a table with two versions). */
const struct pk_rule *pk_rule_find(const struct pk_rule *tab, size_t n, const char *key,
				   pk_date on);
/* As pk_rule_at, but an unknown key is a programming error: aborts. */
const struct pk_rule *pk_rule(const char *key, pk_date on);
long pk_rule_value(const char *key, pk_date on);
/* d + times * the row's interval (days, months or years). */
pk_date pk_rule_add(const struct pk_rule *r, pk_date d, int times);
/* "CPP §4" / "PF 6.2" / "PF A": the citation used in explain text. */
const char *pk_rule_cite(const struct pk_rule *r, char *buf, size_t n);
/* Title of a document code: "Detention case progression panels". */
const char *pk_rule_doc_title(const char *doc);

/* Every row, in table order (tests, `explain`, documentation). */
const struct pk_rule *pk_rules_all(size_t *n);

/* Grade order of CPP-CHAIR: AA < AO < EO < HEO < SEO < G7 < G6 < SCS.
 * Returns 0..7, or -1 for an unknown grade. */
int pk_grade_rank(const char *grade);
/* The grade of a rank (0..7), or NULL. */
const char *pk_grade_name(int rank);

#endif
