/* cpp.h: the facts of the detention framework (CPP, RULES.md A) that more
 * than one tool computes: days detained, a case's tier, the tier of a
 * sitting, and what a tier asks of its chair, its approver and its agenda.
 *
 * The numbers (tier thresholds, grades, minutes) stay in the rule table
 * (rules.h); this module says which row a tier reads, in one table.
 *
 *   long d = pk_days_detained(case_root, sitting);
 *   enum pk_cpp_tier t = d >= 0 ? pk_cpp_tier_of(d, sitting) : PK_CPP_TIER_NONE;
 *   printf("%s needs a chair of %s\n", pk_cpp_tier_name(t), pk_cpp_chair_grade(t, sitting));
 *
 *   struct pk_cpp_sitting s = PK_CPP_SITTING_INIT(sitting);
 *   for each case entry: if (pk_cpp_sitting_add(&s, start, reached)) longest = entry;
 *   t = pk_cpp_sitting_tier(&s);
 */
#ifndef PK_CPP_H
#define PK_CPP_H

#include "date.h"
#include "node.h"

/* CPP-TIER, in order of days detained.  NONE: no tier (not detained, or
 * no case to tier); it is 0, so a zeroed item has no tier. */
enum pk_cpp_tier {
	PK_CPP_TIER_NONE,
	PK_CPP_TIER_ADHOC,   /* d < 84: ad hoc, chaired as 3-month */
	PK_CPP_TIER_3M,
	PK_CPP_TIER_6_9M,
	PK_CPP_TIER_12M,
	PK_CPP_TIER_N
};

/* "ad-hoc", "3-month", "6-9-month", "12-month+"; NULL for NONE. */
const char *pk_cpp_tier_name(enum pk_cpp_tier t);
/* The tier of a name above; PK_CPP_TIER_NONE for NULL or any other text. */
enum pk_cpp_tier pk_cpp_tier_parse(const char *name);

/* CPP-TIER of a case detained `days` days (>= 0), thresholds from the rule
 * table on `on`. */
enum pk_cpp_tier pk_cpp_tier_of(long days, pk_date on);
/* The days detained at which tier t starts on `on` (0 for ad hoc), -1 for
 * NONE. */
long pk_cpp_tier_from(enum pk_cpp_tier t, pk_date on);

/* Days detained on `on`: on - detention.start (so review k falls on day
 * 84k); -1 when the case has no readable detention.start, or `on` is
 * before it or after detention.end. */
long pk_days_detained(const struct pk_node *case_root, pk_date on);
/* The same count from a start already read: on - start, and 0 when `on` is
 * before `start` (an item due before the detention began, such as an early
 * referral, is tiered as ad hoc). */
long pk_cpp_days_since(pk_date start, pk_date on);

/* CPP-CHAIR: the least chair grade ("SEO", "G7") for a panel whose
 * longest-detained case is in tier t, from the rule table on `on`.  NULL
 * for PK_CPP_TIER_NONE. */
const char *pk_cpp_chair_grade(enum pk_cpp_tier t, pk_date on);
/* CPP-RESPONSE (CPP §11.3): the least grade of whoever approves a
 * disagreement with a panel of tier t (besides the chair's own grade), or
 * NULL for NONE; pk_cpp_approver_rank gives its rank (rules.h
 * pk_grade_rank order), -1 for NONE. */
const char *pk_cpp_approver_grade(enum pk_cpp_tier t, pk_date on);
int pk_cpp_approver_rank(enum pk_cpp_tier t, pk_date on);
/* CPP-LENGTH: planning minutes for a case of tier t (NONE and ad hoc as
 * 3-month); a light-touch case (CPP-LIGHT) takes the light minutes. */
long pk_cpp_minutes(enum pk_cpp_tier t, int light, pk_date on);

/* CPP-LENGTH: a case entry of a panel record was reached unless it says
 * `reached: false` (a case not reached rolls over and stays due).  The
 * field is the same on indeterminate-sentence panels. */
int pk_entry_reached(const struct pk_node *entry);

/* CPP-CHAIR: the tier of a sitting is that of its longest-detained case
 * reached (an entry with `reached: false` does not count; a case not yet
 * detained on the day is not tiered). */
struct pk_cpp_sitting {
	pk_date date;
	long days;          /* the longest so far, -1 while none */
};
#define PK_CPP_SITTING_INIT(d) {(d), -1}
/* One case entry of the sitting: its detention.start (PK_NODATE when
 * unknown) and whether it was reached.  Returns 1 when this case is now
 * the longest detained (strictly: the first of equals stays). */
int pk_cpp_sitting_add(struct pk_cpp_sitting *s, pk_date start, int reached);
/* The same for a case reached whose days detained on the sitting are
 * known (-1: not detained on the day). */
int pk_cpp_sitting_add_days(struct pk_cpp_sitting *s, long days);
/* The sitting's tier, PK_CPP_TIER_NONE when no case gives one. */
enum pk_cpp_tier pk_cpp_sitting_tier(const struct pk_cpp_sitting *s);

#endif
