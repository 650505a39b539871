/* cpp.c: detention framework facts (cpp.h).  Each tier's row names the
 * rule-table keys it reads; the values are the rule table's. */
#include "cpp.h"
#include "record.h"
#include "rules.h"

#include <string.h>

static const struct tier_row {
	const char *name;
	const char *from;      /* CPP-TIER: days detained it starts at; NULL: 0 */
	const char *chair;     /* CPP-CHAIR */
	const char *approver;  /* CPP-RESPONSE, CPP §11.3 */
	const char *minutes;   /* CPP-LENGTH */
} tiers[PK_CPP_TIER_N] = {
	[PK_CPP_TIER_NONE] = {NULL, NULL, NULL, NULL, "cpp.minutes.3m"},
	/* CPP-TIER: an ad hoc case (d < 84) is chaired, approved and planned
	 * as 3-month (RULES.md Interpretation). */
	[PK_CPP_TIER_ADHOC] = {"ad-hoc", NULL, "cpp.chair.3m", "cpp.response.grade.3m", "cpp.minutes.3m"},
	[PK_CPP_TIER_3M] = {"3-month", "cpp.tier.3m", "cpp.chair.3m", "cpp.response.grade.3m", "cpp.minutes.3m"},
	/* CPP §11.3: "3 month (SEO+), 6-9 months and 12 months + (Grade 7+)". */
	[PK_CPP_TIER_6_9M] = {"6-9-month", "cpp.tier.6m", "cpp.chair.6m", "cpp.response.grade.6m", "cpp.minutes.6m"},
	[PK_CPP_TIER_12M] = {"12-month+", "cpp.tier.12m", "cpp.chair.6m", "cpp.response.grade.6m", "cpp.minutes.12m"},
};

static const struct tier_row *row_of(enum pk_cpp_tier t)
{
	return (unsigned)t < PK_CPP_TIER_N ? &tiers[t] : &tiers[PK_CPP_TIER_NONE];
}

const char *pk_cpp_tier_name(enum pk_cpp_tier t)
{
	return row_of(t)->name;
}

enum pk_cpp_tier pk_cpp_tier_parse(const char *name)
{
	for (int t = PK_CPP_TIER_ADHOC; name && t < PK_CPP_TIER_N; t++)
		if (strcmp(name, tiers[t].name) == 0)
			return (enum pk_cpp_tier)t;
	return PK_CPP_TIER_NONE;
}

long pk_cpp_tier_from(enum pk_cpp_tier t, pk_date on)
{
	if (t == PK_CPP_TIER_ADHOC)
		return 0;
	const struct tier_row *r = row_of(t);
	return r->from ? pk_rule_value(r->from, on) : -1;
}

enum pk_cpp_tier pk_cpp_tier_of(long days, pk_date on)
{
	for (int t = PK_CPP_TIER_N - 1; t > PK_CPP_TIER_ADHOC; t--)
		if (days >= pk_cpp_tier_from((enum pk_cpp_tier)t, on))
			return (enum pk_cpp_tier)t;
	return PK_CPP_TIER_ADHOC;
}

long pk_days_detained(const struct pk_node *root, pk_date on)
{
	pk_date start = pk_node_date(root, "detention.start");
	pk_date end = pk_node_date(root, "detention.end");
	if (start == PK_NODATE || on == PK_NODATE || on < start)
		return -1;
	if (end != PK_NODATE && on > end)
		return -1;
	return pk_cpp_days_since(start, on);
}

long pk_cpp_days_since(pk_date start, pk_date on)
{
	return on >= start ? (long)(on - start) : 0;
}

const char *pk_cpp_chair_grade(enum pk_cpp_tier t, pk_date on)
{
	const struct tier_row *r = row_of(t);
	return r->chair ? pk_rule(r->chair, on)->text : NULL;
}

const char *pk_cpp_approver_grade(enum pk_cpp_tier t, pk_date on)
{
	const struct tier_row *r = row_of(t);
	return r->approver ? pk_rule(r->approver, on)->text : NULL;
}

int pk_cpp_approver_rank(enum pk_cpp_tier t, pk_date on)
{
	const struct tier_row *r = row_of(t);
	return r->approver ? (int)pk_rule(r->approver, on)->value : -1;
}

long pk_cpp_minutes(enum pk_cpp_tier t, int light, pk_date on)
{
	return pk_rule_value(light ? "cpp.minutes.light" : row_of(t)->minutes, on);
}

int pk_entry_reached(const struct pk_node *entry)
{
	const struct pk_node *n = pk_get(entry, "reached");
	/* Only an explicit boolean false: absent (or not a boolean, which the
	 * schema reports) is reached. */
	return !(n && n->kind == PK_SCALAR && pk_scalar_type(n) == PK_T_BOOL &&
		 (n->str[0] == 'f' || n->str[0] == 'F'));
}

int pk_cpp_sitting_add(struct pk_cpp_sitting *s, pk_date start, int reached)
{
	if (!reached || start == PK_NODATE || start > s->date)
		return 0;
	return pk_cpp_sitting_add_days(s, (long)(s->date - start));
}

int pk_cpp_sitting_add_days(struct pk_cpp_sitting *s, long days)
{
	if (days < 0 || days <= s->days)
		return 0;
	s->days = days;
	return 1;
}

enum pk_cpp_tier pk_cpp_sitting_tier(const struct pk_cpp_sitting *s)
{
	return s->days >= 0 ? pk_cpp_tier_of(s->days, s->date) : PK_CPP_TIER_NONE;
}
