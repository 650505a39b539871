/* members.c: grades, roles and the record cache shared by panel checks and
 * panel planning.  Thresholds come from the rule table (rules.h). */
#include "members.h"
#include "rules.h"
#include "mem.h"

#include <stdlib.h>
#include <string.h>

int pk_person_grade(const struct pk_node *person)
{
	const char *g = pk_get_str(person, "grade");
	return g ? pk_grade_rank(g) : -1;
}

static const struct {
	const char *role, *label;
} role_labels[] = {
	{"fno-rc", "FNO RC"},
	{"nrpc", "NRPC"},
	{"returns-logistics", "Returns Logistics"},
	{"litigation-ops", "Litigation Operations"},
	{"ipm", "Independent Panel Member"},
	{"business-expert", "business expert"},
	{"homd", "HOMD"},
	{"lead-spo", "nominated lead SPO"},
	{"nominated-lead-spo", "nominated lead SPO"},
	{"pdu-spo", "nominated PDU SPO"},
	{"com", "COM"},
	{"pom", "POM"},
	{"psychology", "psychology services representative"},
	{"case-admin", "case administration officer"},
	{"weps", "WEPS"},
	{"womens-team", "HMPPS Women's Team"},
	{"cpp-officer", "CPP officer"},
};

const char *pk_role_label(const char *role)
{
	for (size_t i = 0; i < PK_ARRAY_LEN(role_labels); i++)
		if (strcmp(role, role_labels[i].role) == 0)
			return role_labels[i].label;
	return role;
}

/* CPP-QUORUM, CPP §5. */
const char *const pk_cpp_core_roles[] = {"fno-rc", "nrpc", "returns-logistics",
					 "litigation-ops", "ipm"};
const size_t pk_cpp_core_nroles = PK_ARRAY_LEN(pk_cpp_core_roles);

int pk_person_has_role(const struct pk_node *person, const char *role)
{
	const struct pk_node *roles = pk_get(person, "roles");
	if (!roles || roles->kind != PK_SEQ)
		return 0;
	for (size_t i = 0; i < roles->n; i++)
		if (roles->items[i]->kind == PK_SCALAR && strcmp(roles->items[i]->str, role) == 0)
			return 1;
	return 0;
}

int pk_member_present(const struct pk_node *member)
{
	const char *a = pk_get_str(member, "attendance");
	return !a || (strcmp(a, "apologies") != 0 && strcmp(a, "absent") != 0);
}

/* ---- record cache: a short list, a panel names few records ---- */

struct entry {
	enum pk_rkind kind;
	char *id;
	struct pk_doc *doc;   /* NULL: missing or unparsable */
};

struct pk_reccache {
	struct pk_source *src;
	struct entry *v;
	size_t n, cap;
};

struct pk_reccache *pk_reccache_new(struct pk_source *src)
{
	struct pk_reccache *c = xcalloc(1, sizeof *c);
	c->src = src;
	return c;
}

static struct entry *entry_add(struct pk_reccache *c, enum pk_rkind k, const char *id)
{
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 16;
		c->v = xrealloc(c->v, c->cap * sizeof *c->v);
	}
	struct entry *e = &c->v[c->n++];
	e->kind = k;
	e->id = xstrdup(id);
	e->doc = NULL;
	return e;
}

static struct entry *entry_find(struct pk_reccache *c, enum pk_rkind k, const char *id)
{
	for (size_t i = 0; i < c->n; i++)
		if (c->v[i].kind == k && strcmp(c->v[i].id, id) == 0)
			return &c->v[i];
	return NULL;
}

const struct pk_node *pk_reccache_get(struct pk_reccache *c, enum pk_rkind k, const char *id)
{
	if (!id)
		return NULL;
	struct entry *e = entry_find(c, k, id);
	if (!e) {
		e = entry_add(c, k, id);
		e->doc = pk_load_by_id(c->src, k, id);
	}
	return e->doc ? pk_doc_root(e->doc) : NULL;
}

void pk_reccache_put(struct pk_reccache *c, enum pk_rkind k, const char *id, struct pk_doc *doc)
{
	struct entry *e = entry_find(c, k, id);
	if (e)
		pk_doc_free(e->doc);
	else
		e = entry_add(c, k, id);
	e->doc = doc;
}

void pk_reccache_free(struct pk_reccache *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->n; i++) {
		free(c->v[i].id);
		pk_doc_free(c->v[i].doc);
	}
	free(c->v);
	free(c);
}

/* ---- indeterminate sentences ---- */

enum pk_pf_chair pk_pf_chair_need(const char *setting, const struct pk_node *ipp_case,
				  const char **why)
{
	const char *resp = pk_get_str(ipp_case, "responsible");
	if (setting && strcmp(setting, "community") == 0) {
		*why = "is a community case";
		return PK_PF_CHAIR_PDU_SPO;
	}
	if (resp && strcmp(resp, "com") == 0) {
		*why = "is held by the COM in custody";
		return PK_PF_CHAIR_LEAD_SPO;
	}
	/* No responsible recorded: the stricter POM reading. */
	*why = "is held by the POM in custody";
	return PK_PF_CHAIR_HOMD;
}

const char *pk_pf_chair_role(enum pk_pf_chair need)
{
	static const char *const role[] = {"", "pdu-spo", "lead-spo", "homd"};
	return (unsigned)need < PK_ARRAY_LEN(role) ? role[need] : "";
}

int pk_pf_chair_meets(enum pk_pf_chair need, int (*has)(const void *ctx, const char *role),
		      const void *ctx)
{
	switch (need) {
	case PK_PF_CHAIR_HOMD: return has(ctx, "homd");
	case PK_PF_CHAIR_LEAD_SPO:
		return has(ctx, "homd") || has(ctx, "lead-spo") || has(ctx, "nominated-lead-spo");
	case PK_PF_CHAIR_PDU_SPO: return has(ctx, "pdu-spo");
	default: return 1;
	}
}

const char *pk_pf_parole_report(const char *purpose, const struct pk_node *ipp_case, pk_date on)
{
	static const struct { const char *purpose, *report; } byp[] = {
		{"PF-NEG-PAROLE", "parom1"},
		{"PF-RECALL", "recall-part-b"},
		{"PF-SUSPENSION", "suspension-report"},
		{"PF-TERMINATION", "termination-report"},
	};
	static const struct { const char *stage, *report; } ks[] = {
		{"reimposition", "reimposition-report"},
		{"suspension", "suspension-report"},
		{"termination-referral", "termination-report"},
	};
	if (!purpose)
		return NULL;
	for (size_t i = 0; i < PK_ARRAY_LEN(byp); i++)
		if (strcmp(purpose, byp[i].purpose) == 0)
			return byp[i].report;
	if (strcmp(purpose, "PF-KEY-STAGES") != 0)
		return NULL;
	/* A key-stage panel ahead of a planned Parole Board step (PF 6.7):
	 * the first step not yet past on the sitting date decides. */
	const struct pk_node *stages = pk_get(ipp_case, "key_stages");
	for (size_t i = 0; stages && stages->kind == PK_SEQ && i < stages->n; i++) {
		const char *st = pk_get_str(stages->items[i], "stage");
		pk_date d = pk_node_date(stages->items[i], "date");
		if (!st || (d != PK_NODATE && d < on))
			continue;
		for (size_t k = 0; k < PK_ARRAY_LEN(ks); k++)
			if (strcmp(st, ks[k].stage) == 0)
				return ks[k].report;
	}
	return NULL;
}

int pk_pf_question_c(const struct pk_node *entry, const struct pk_node *ipp_case, pk_date on)
{
	/* PF 9.8: the reports written for the Parole Board. */
	static const char *const parole_reports[] = {
		"parom1", "recall-part-b", "recall-part-c", "suspension-report",
		"reimposition-report", "termination-report",
	};
	if (pk_pf_parole_report(pk_get_str(entry, "purpose"), ipp_case, on))
		return 1;
	const struct pk_node *ev = pk_get(entry, "evidence");
	for (size_t i = 0; ev && ev->kind == PK_SEQ && i < ev->n; i++) {
		const char *t = pk_get_str(ev->items[i], "type");
		for (size_t k = 0; t && k < PK_ARRAY_LEN(parole_reports); k++)
			if (strcmp(t, parole_reports[k]) == 0)
				return 1;
	}
	return 0;
}

/* PF 9.6 */
const char *const pk_pf_min_evidence[] = {"ppr", "oasys", "psychology", "acct"};
const size_t pk_pf_min_nevidence = PK_ARRAY_LEN(pk_pf_min_evidence);

const char *pk_pf_evidence_unless(const char *type)
{
	/* "the last OASys assessment, where available ... any latest ACCT review" */
	if (strcmp(type, "oasys") == 0)
		return "no_oasys";
	if (strcmp(type, "acct") == 0)
		return "no_acct";
	return NULL;
}

const char *pk_evidence_label(const char *type)
{
	static const struct { const char *type, *label; } v[] = {
		{"ppr", "Progression Panel Report"},
		{"oasys", "latest OASys"},
		{"psychology", "latest psychology risk assessment"},
		{"acct", "latest ACCT review"},
		{"parom1", "PAROM1"},
		{"recall-part-b", "Recall Part B/C"},
		{"recall-part-c", "Recall Part C"},
		{"suspension-report", "Suspension of Supervision Report"},
		{"reimposition-report", "Reimposition of Supervision Report"},
		{"termination-report", "IPP/DPP Licence Termination Report"},
	};
	for (size_t i = 0; i < PK_ARRAY_LEN(v); i++)
		if (strcmp(type, v[i].type) == 0)
			return v[i].label;
	return type;
}

const char *pk_pf_women_why(const struct pk_node *ipp_case, const char *setting, const char *purpose)
{
	if (!pk_get_bool(ipp_case, "woman") || !setting)
		return NULL;
	if (strcmp(setting, "custody") == 0 && pk_get_bool(ipp_case, "wecasp"))
		return "a woman on the WECASP in custody";
	/* PF 9.11 "the initial panel in the community following release":
	 * the panel whose purpose is PF-COMMUNITY-FIRST. */
	if (strcmp(setting, "community") == 0 && purpose && strcmp(purpose, "PF-COMMUNITY-FIRST") == 0)
		return "the first community panel after a woman's release";
	return NULL;
}
