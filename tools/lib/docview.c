/* docview.c: template views for agendas and minutes (docview.h). */
#include "docview.h"
#include "prefetch.h"

#include <stdlib.h>
#include <string.h>

#include "cpp.h"
#include "nondisclosure.h"
#include "pf.h"
#include "members.h"
#include "rules.h"
#include "mem.h"
#include "text.h"

#define RULE_IO "KIT-IO"
#define RULE_IDS "KIT-IDS"

struct label {
	const char *key, *label;
};

/* ---- vocabulary: record values as words for documents ---- */

static const char *const tier_labels[PK_CPP_TIER_N] = {
	[PK_CPP_TIER_ADHOC] = "ad hoc (under 3 months)",
	[PK_CPP_TIER_3M] = "3 months",
	[PK_CPP_TIER_6_9M] = "6 to 9 months",
	[PK_CPP_TIER_12M] = "12 months and over",
};

static const struct label level_labels[] = {
	{"none", "none"},
	{"level-1", "level 1"},
	{"level-2", "level 2"},
	{"level-3", "level 3"},
};

/* CPP §6: the Serious Crime Act 2007 list, in the policy's words. */
static const struct label crime_labels[] = {
	{"drug-trafficking", "drug trafficking"},
	{"human-trafficking", "human trafficking"},
	{"arms-trafficking", "arms trafficking"},
	{"prostitution-child-sex", "prostitution and child sex"},
	{"armed-robbery", "armed robbery"},
	{"money-laundering", "money laundering"},
	{"fraud", "fraud"},
	{"tax-evasion", "tax evasion and revenue offences"},
	{"corruption-bribery", "corruption and bribery"},
	{"blackmail", "blackmail"},
	{"intellectual-property", "intellectual property offences"},
	{"environmental", "environmental crimes"},
	{"inchoate", "attempting, conspiring, encouraging or assisting such an offence"},
};

static const struct label bail_labels[] = {
	{"sos", "Secretary of State bail"},
	{"ij", "Immigration Judge bail"},
};

/* CPP-REC: the four outcomes, in the order of the fill-in form. */
static const struct label rec_labels[] = {
	{"release", "Release: recommend a grant of Secretary of State bail"},
	{"maintain-with-actions", "Maintain detention with case progression actions"},
	{"maintain", "Maintain detention"},
	{"none", "No recommendation (give full reasons and a date by which a later panel can decide)"},
};

static const struct label referral_labels[] = {
	{"gatekeeper", "Detention Gatekeeper"},
	{"detention-services", "Detention Services"},
	{"engagement-team", "Detention Engagement Team"},
	{"dvaat", "DVAAT"},
	{"caseworker", "caseworker"},
	{"returns-director", "Returns Director"},
	{"previous-cpp", "previous CPP"},
};

/* Staff documents name roles as the rest of the toolkit does (members.h). */
static const char *role_label(const char *role)
{
	return role ? pk_role_label(role) : NULL;
}

/* The person's copy says who comes in plain words, never names. */
static const struct label role_plain[] = {
	{"homd", "The head of offender management at the prison"},
	{"lead-spo", "A senior probation officer"},
	{"pdu-spo", "A senior probation officer"},
	{"com", "Your community offender manager"},
	{"pom", "Your prison offender manager"},
	{"psychology", "A psychologist"},
	{"case-admin", "An administrator who takes notes"},
	{"weps", "A psychologist from the women's estate"},
	{"womens-team", "Someone from the HMPPS Women's Team"},
};

static const struct label attendance_labels[] = {
	{"invited", "invited"},
	{"confirmed", "confirmed"},
	{"attended", "attended"},
	{"apologies", "apologies"},
	{"absent", "absent"},
};

static const struct label status_labels[] = {
	{"planned", "planned"},
	{"held", "held"},
	{"cancelled", "cancelled"},
	{"rescheduled", "rescheduled"},
};

/* PF 7.4, 7.5 (and CPP §5: panels held on Microsoft Teams). */
static const struct label mode_labels[] = {
	{"in-person", "in person"},
	{"virtual", "virtual (online)"},
	{"blended", "blended (in person and online)"},
};

static const struct label sentence_labels[] = {
	{"ipp", "IPP (imprisonment for public protection)"},
	{"dpp", "DPP (detention for public protection)"},
	{"life", "life sentence"},
};

static const struct label setting_labels[] = {
	{"custody", "custody"},
	{"community", "community"},
};

static const char *const rag_labels[PK_PF_RAG_N] = {
	[PK_PF_RAG_RED] = "Red",
	[PK_PF_RAG_AMBER] = "Amber",
	[PK_PF_RAG_GREEN] = "Green",
};

/* PF-EVIDENCE: the reports, in the order an agenda lists them. */
static const struct label evidence_labels[] = {
	{"ppr", "Progression Panel Report"},
	{"oasys", "OASys assessment"},
	{"psychology", "Psychology risk assessment"},
	{"acct", "ACCT review"},
	{"parom1", "PAROM1 (parole report)"},
	{"recall-part-b", "Recall Part B"},
	{"recall-part-c", "Recall Part C"},
	{"suspension-report", "Suspension of Supervision report"},
	{"reimposition-report", "Reimposition of Supervision report"},
	{"termination-report", "IPP/DPP Licence Termination report"},
};

/* The due rules that bring a case to a panel (the case entry's purpose). */
static const struct label purpose_labels[] = {
	{"CPP-CYCLE", "3-monthly review of detention (CPP-CYCLE, CPP §4)"},
	{"CPP-ADHOC", "ad hoc referral (CPP-ADHOC, CPP §4)"},
	{"CPP-REREFER", "re-referral after the 14-day audit (CPP-REREFER, CPP §10)"},
	{"PF-CUSTODY-RAG", "routine panel by RAG rating in custody (PF-CUSTODY-RAG, PF 6.2)"},
	{"PF-NEG-PAROLE", "within 6 weeks of a negative parole outcome (PF-NEG-PAROLE, PF 6.3)"},
	{"PF-RECALL", "within 28 days of return to custody after recall (PF-RECALL, PF 6.3)"},
	{"PF-ESCALATION", "after an adverse development, recategorisation or remission from hospital (PF-ESCALATION, PF 6.3)"},
	{"PF-COMMUNITY-FIRST", "first panel within 3 months of release (PF-COMMUNITY-FIRST, PF 6.5)"},
	{"PF-COMMUNITY-RAG", "routine panel by RAG rating in the community (PF-COMMUNITY-RAG, PF 6.6)"},
	{"PF-KEY-STAGES", "a key stage of supervision (PF-KEY-STAGES, PF 6.7)"},
	{"PF-SUSPENSION", "3 months before eligibility for suspension of supervision (PF-SUSPENSION, PF A)"},
	{"PF-TERMINATION", "3 months before the licence termination report deadline (PF-TERMINATION, PF A)"},
	{"PF-LIFE", "life licence panel (PF-LIFE, PF 6.8)"},
	{"PF-RESET", "panel outside the standard frequency (PF-RESET, PF 6.11)"},
};

static const char *label_of(const struct label *t, size_t n, const char *key)
{
	if (!key)
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (!strcmp(t[i].key, key))
			return t[i].label;
	return key;  /* an unknown value shows as itself */
}
#define LABEL(t, k) label_of(t, PK_ARRAY_LEN(t), k)

/* CPP-AUDIT: release and actions recommendations are audited 14 days
 * after the panel (the rule table's interval in force on the panel date). */
static pk_date audit_date(pk_date panel)
{
	return pk_rule_add(pk_rule("cpp.audit", panel), panel, 1);
}

/* ---- building ---- */

struct person_cache {
	char *id;
	struct pk_doc *doc;  /* NULL: no such person record */
};

struct vb {
	struct pk_source *src;
	struct pk_doc *doc;          /* the view */
	struct person_cache *people;
	size_t npeople, cap;
	const struct pk_doc *pdoc;   /* the panel record, for messages */
};

static struct pk_node *null_node(struct vb *b)
{
	return pk_new_plain(b->doc, "null");
}

static void put_s(struct vb *b, struct pk_node *m, const char *key, const char *s)
{
	pk_map_put(b->doc, m, key, s ? pk_new_str(b->doc, s) : null_node(b));
}

static void put_b(struct vb *b, struct pk_node *m, const char *key, int v)
{
	pk_map_put(b->doc, m, key, pk_new_plain(b->doc, v ? "true" : "false"));
}

static void put_l(struct vb *b, struct pk_node *m, const char *key, long v)
{
	char buf[32];
	snprintf(buf, sizeof buf, "%ld", v);
	pk_map_put(b->doc, m, key, pk_new_plain(b->doc, buf));
}

static const char *const month_names[] = {
	"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December",
};
static const char *const day_names[] = {
	"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
};

/* key: YYYY-MM-DD and key_long: "Thursday 26 November 2026", or nulls. */
static void put_date(struct vb *b, struct pk_node *m, const char *key, pk_date dt)
{
	char buf[16];
	struct sbuf k = SBUF_INIT;
	sbuf_addf(&k, "%s_long", key);
	if (dt == PK_NODATE) {
		put_s(b, m, key, NULL);
		put_s(b, m, k.s, NULL);
	} else {
		int y, mo, dd;
		pk_date_split(dt, &y, &mo, &dd);
		put_s(b, m, key, pk_date_fmt(dt, buf));
		pk_map_put(b->doc, m, k.s, pk_new_strf(b->doc, "%s %d %s %d",
							day_names[pk_weekday(dt)], dd,
							month_names[mo - 1], y));
	}
	sbuf_free(&k);
}

/* A date field of a record: parsed when valid, else shown as written. */
static void put_rdate(struct vb *b, struct pk_node *m, const char *key,
		      const struct pk_node *rec, const char *path)
{
	pk_date dt = pk_node_date(rec, path);
	if (dt != PK_NODATE || !pk_get_str(rec, path)) {
		put_date(b, m, key, dt);
	} else {
		struct sbuf k = SBUF_INIT;
		sbuf_addf(&k, "%s_long", key);
		put_s(b, m, key, pk_get_str(rec, path));
		put_s(b, m, k.s, pk_get_str(rec, path));
		sbuf_free(&k);
	}
}

/* "yes" / "no" for booleans, the text otherwise (a date), or null. */
static void put_yn(struct vb *b, struct pk_node *m, const char *key, const struct pk_node *rec,
		   const char *path)
{
	const struct pk_node *n = pk_get(rec, path);
	if (!n || n->kind != PK_SCALAR || pk_is_null(n))
		put_s(b, m, key, NULL);
	else if (pk_scalar_type(n) == PK_T_BOOL)
		put_s(b, m, key, pk_get_bool(rec, path) ? "yes" : "no");
	else
		put_s(b, m, key, n->str);
}

static const struct pk_node *person_doc(struct vb *b, const char *id)
{
	for (size_t i = 0; i < b->npeople; i++)
		if (!strcmp(b->people[i].id, id))
			return b->people[i].doc ? pk_doc_root(b->people[i].doc) : NULL;
	if (b->npeople == b->cap) {
		b->cap = b->cap ? b->cap * 2 : 16;
		b->people = xrealloc(b->people, b->cap * sizeof *b->people);
	}
	struct person_cache *c = &b->people[b->npeople++];
	c->id = xstrdup(id);
	c->doc = pk_load_by_id(b->src, PK_R_PERSON, id);
	return c->doc ? pk_doc_root(c->doc) : NULL;
}

/* {id, name, grade} of a people ID (name = the ID when there is no such
 * record: validate reports that), or null. */
static struct pk_node *person_ref(struct vb *b, const char *id)
{
	if (!id)
		return null_node(b);
	const struct pk_node *p = person_doc(b, id);
	struct pk_node *m = pk_new_map(b->doc);
	put_s(b, m, "id", id);
	put_s(b, m, "name", p && pk_get_str(p, "name") ? pk_get_str(p, "name") : id);
	put_s(b, m, "grade", p ? pk_get_str(p, "grade") : NULL);
	return m;
}

static void put_person(struct vb *b, struct pk_node *m, const char *key, const struct pk_node *rec,
		       const char *path)
{
	pk_map_put(b->doc, m, key, person_ref(b, pk_get_str(rec, path)));
}

static struct pk_node *seq_of(const struct pk_node *rec, const char *path)
{
	struct pk_node *n = pk_get(rec, path);
	return n && n->kind == PK_SEQ ? n : NULL;
}

static struct pk_node *actions_view(struct vb *b, const struct pk_node *entry)
{
	struct pk_node *list = pk_new_seq(b->doc), *acts = seq_of(entry, "actions");
	for (size_t i = 0; acts && i < acts->n; i++) {
		const struct pk_node *a = acts->items[i];
		struct pk_node *m = pk_new_map(b->doc);
		put_l(b, m, "number", (long)i + 1);
		put_s(b, m, "action", pk_get_str(a, "action"));
		put_person(b, m, "owner", a, "owner");
		put_rdate(b, m, "due", a, "due");
		put_rdate(b, m, "done", a, "done");
		pk_seq_push(b->doc, list, m);
	}
	return list;
}

static struct pk_node *corrections_view(struct vb *b, const struct pk_node *entry)
{
	struct pk_node *list = pk_new_seq(b->doc), *cs = seq_of(entry, "corrections");
	for (size_t i = 0; cs && i < cs->n; i++) {
		const struct pk_node *c = cs->items[i];
		struct pk_node *m = pk_new_map(b->doc);
		put_rdate(b, m, "date", c, "date");
		put_person(b, m, "by", c, "by");
		put_s(b, m, "field", pk_get_str(c, "field"));
		put_s(b, m, "reason", pk_get_str(c, "reason"));
		pk_seq_push(b->doc, list, m);
	}
	return list;
}

static struct pk_node *response_view(struct vb *b, const struct pk_node *entry)
{
	const struct pk_node *r = pk_get(entry, "response");
	if (!r || r->kind != PK_MAP)
		return null_node(b);
	struct pk_node *m = pk_new_map(b->doc);
	const char *dec = pk_get_str(r, "decision");
	put_s(b, m, "decision", dec);
	put_b(b, m, "agreed", dec && !strcmp(dec, "agree"));
	put_b(b, m, "disagreed", dec && !strcmp(dec, "disagree"));
	put_rdate(b, m, "date", r, "date");
	put_s(b, m, "reason", pk_get_str(r, "reason"));
	put_person(b, m, "approver", r, "approver");
	return m;
}

/* CPP-LENGTH: a case entry is reached unless it says `reached: false`. */
static int not_reached(const struct pk_node *entry)
{
	return !pk_entry_reached(entry);
}

/* ---- the panel ---- */

struct prior {
	pk_date date;
	const char *panel_id;
	const struct pk_node *entry;
};

struct panels {
	struct pk_doc **docs;   /* earlier held panels of the same framework */
	size_t n, cap;
};

static void panels_free(struct panels *p)
{
	for (size_t i = 0; i < p->n; i++)
		pk_doc_free(p->docs[i]);
	free(p->docs);
}

/* Does held panel r consider one of the cases of entries? */
static int shares_a_case(const struct pk_node *r, const struct pk_node *entries)
{
	const struct pk_node *cases = pk_get(r, "cases");
	if (!entries || !cases || cases->kind != PK_SEQ)
		return 0;
	for (size_t i = 0; i < cases->n; i++) {
		const char *c = pk_get_str(cases->items[i], "case");
		for (size_t j = 0; c && j < entries->n; j++) {
			const char *e = pk_get_str(entries->items[j], "case");
			if (e && !strcmp(c, e))
				return 1;
		}
	}
	return 0;
}

/* Earlier held panels that considered one of this panel's cases: read
 * once, kept while the view is built (only those: memory stays flat as
 * the panels pile up). */
static void load_earlier(struct pk_source *src, const char *panel_id, const char *framework,
			 pk_date before, const struct pk_node *entries, struct panels *out)
{
	/* Only a panel whose bytes name one of the cases can share one:
	 * the others are read, not parsed (pk_source_load_naming), which
	 * was most of an agenda's time at 10k panels. */
	size_t nids = entries && entries->kind != PK_SCALAR ? entries->n : 0;
	const char **ids = xcalloc(nids ? nids : 1, sizeof *ids);
	for (size_t j = 0; j < nids; j++)
		ids[j] = pk_get_str(entries->items[j], "case");
	/* Read on the other cores too (prefetch.h): reading the files is
	 * most of the time, in the kernel. */
	struct pk_names *names = nids ? pk_names_new(ids, nids) : NULL;
	struct pk_prefetch *pf = names ? pk_prefetch_new_naming(src, PK_R_PANEL, names) : NULL;
	struct pk_prefetched got;
	for (;;) {
		struct pk_diags scratch = PK_DIAGS_INIT;
		int more = pf && pk_prefetch_next(pf, &got, &scratch);
		pk_diags_free(&scratch);
		if (!more)
			break;
		struct pk_doc *doc = got.doc;
		const struct pk_node *r = doc ? pk_doc_root(doc) : NULL;
		const char *id = pk_get_str(r, "id"), *st = pk_get_str(r, "status");
		const char *fw = pk_get_str(r, "framework");
		pk_date dt = pk_node_date(r, "date");
		if (!r || !id || !strcmp(id, panel_id) || !st || strcmp(st, "held") ||
		    !fw || strcmp(fw, framework) || dt == PK_NODATE || dt >= before ||
		    !shares_a_case(r, entries)) {
			pk_doc_free(doc);
			continue;
		}
		if (out->n == out->cap) {
			out->cap = out->cap ? out->cap * 2 : 16;
			out->docs = xrealloc(out->docs, out->cap * sizeof *out->docs);
		}
		out->docs[out->n++] = doc;
	}
	pk_prefetch_free(pf);
	pk_names_free(names);
	free(ids);
}

static int cmp_prior_desc(const void *a, const void *b)
{
	const struct prior *x = a, *y = b;
	if (x->date != y->date)
		return x->date > y->date ? -1 : 1;
	return strcmp(x->panel_id, y->panel_id);
}

/* The entries of earlier held panels for case_id, newest first. */
static struct prior *priors_of(const struct panels *ps, const char *case_id, size_t *n)
{
	struct prior *v = NULL;
	size_t cnt = 0;
	for (size_t i = 0; i < ps->n; i++) {
		const struct pk_node *r = pk_doc_root(ps->docs[i]);
		struct pk_node *cases = seq_of(r, "cases");
		for (size_t j = 0; cases && j < cases->n; j++) {
			const char *c = pk_get_str(cases->items[j], "case");
			if (!c || strcmp(c, case_id))
				continue;
			v = xrealloc(v, (cnt + 1) * sizeof *v);
			v[cnt].date = pk_node_date(r, "date");
			v[cnt].panel_id = pk_get_str(r, "id");
			v[cnt].entry = cases->items[j];
			cnt++;
		}
	}
	if (cnt > 1)
		qsort(v, cnt, sizeof *v, cmp_prior_desc);
	*n = cnt;
	return v;
}

static struct pk_node *panel_view(struct vb *b, const struct pk_node *p, int staff)
{
	struct pk_node *m = pk_new_map(b->doc);
	pk_date dt = pk_node_date(p, "date");
	const char *st = pk_get_str(p, "status");

	const char *fw0 = pk_get_str(p, "framework");
	put_s(b, m, "id", pk_get_str(p, "id"));
	put_s(b, m, "framework", fw0);
	put_rdate(b, m, "date", p, "date");
	put_s(b, m, "time", pk_get_str(p, "time"));
	put_s(b, m, "setting", pk_get_str(p, "setting"));
	put_s(b, m, "setting_label", LABEL(setting_labels, pk_get_str(p, "setting")));
	put_s(b, m, "unit", pk_get_str(p, "unit"));
	put_s(b, m, "combined_with", pk_get_str(p, "combined_with"));
	put_s(b, m, "mode", pk_get_str(p, "mode"));
	put_s(b, m, "mode_label", LABEL(mode_labels, pk_get_str(p, "mode")));
	put_s(b, m, "place", pk_get_str(p, "place"));
	put_b(b, m, "detention", fw0 && !strcmp(fw0, "detention"));
	put_b(b, m, "ipp", fw0 && !strcmp(fw0, "ipp"));
	if (!staff)
		return m;

	/* CPP-LENGTH: a detention panel lasts 150 minutes unless it says
	 * otherwise; the framework for ipp panels sets no length. */
	const char *fw = pk_get_str(p, "framework"), *len = pk_get_str(p, "length");
	if (len || !fw || strcmp(fw, "detention") || dt == PK_NODATE)
		put_s(b, m, "length", len);
	else
		put_l(b, m, "length", pk_rule_value("cpp.length", dt));
	put_s(b, m, "status", st);
	put_s(b, m, "status_label", LABEL(status_labels, st));
	put_b(b, m, "held", st && !strcmp(st, "held"));
	put_rdate(b, m, "rescheduled_to", p, "rescheduled_to");
	put_s(b, m, "reschedule_reason", pk_get_str(p, "reschedule_reason"));
	put_person(b, m, "chair", p, "chair");
	put_person(b, m, "secretariat", p, "secretariat");

	struct pk_node *members = pk_new_seq(b->doc), *ms = seq_of(p, "members");
	for (size_t i = 0; ms && i < ms->n; i++) {
		const struct pk_node *x = ms->items[i];
		struct pk_node *mm = pk_new_map(b->doc);
		put_person(b, mm, "person", x, "person");
		put_s(b, mm, "role", pk_get_str(x, "role"));
		put_s(b, mm, "role_label", role_label(pk_get_str(x, "role")));
		put_s(b, mm, "attendance", pk_get_str(x, "attendance"));
		put_s(b, mm, "attendance_label", LABEL(attendance_labels, pk_get_str(x, "attendance")));
		put_person(b, mm, "reserve_for", x, "reserve_for");
		pk_seq_push(b->doc, members, mm);
	}
	pk_map_put(b->doc, m, "members", members);

	const struct pk_node *pd = pk_get(p, "proceed_decision");
	if (pd && pd->kind == PK_MAP) {
		struct pk_node *pm = pk_new_map(b->doc);
		put_s(b, pm, "reason", pk_get_str(pd, "reason"));
		put_person(b, pm, "by", pd, "by");
		pk_map_put(b->doc, m, "proceed_decision", pm);
	} else {
		pk_map_put(b->doc, m, "proceed_decision", null_node(b));
	}
	put_rdate(b, m, "invitations_sent", p, "invitations_sent");
	put_rdate(b, m, "attendance_confirmed", p, "attendance_confirmed");
	put_rdate(b, m, "report_sent", p, "report_sent");
	put_rdate(b, m, "report_rerun", p, "report_rerun");
	/* CPP-AUDIT: 14 days after the panel. */
	put_date(b, m, "audit_date", dt == PK_NODATE ? PK_NODATE : audit_date(dt));
	/* CPP-RESPONSE: casework answers within 14 days; CPP-INVITE: members
	 * confirm 3 days before (the rule table's, for the letters). */
	int cpp = fw && !strcmp(fw, "detention") && dt != PK_NODATE;
	put_date(b, m, "response_by", cpp ? pk_rule_add(pk_rule("cpp.response", dt), dt, 1) : PK_NODATE);
	put_date(b, m, "confirm_by", cpp ? pk_add_days(dt, -pk_rule_value("cpp.confirm", dt)) : PK_NODATE);
	struct pk_node *cases = seq_of(p, "cases");
	put_l(b, m, "case_count", cases ? (long)cases->n : 0);
	return m;
}

/* ---- detention cases (CPP-REPORT, CPP-LIGHT, CPP-REC, CPP-AUDIT) ---- */

static struct pk_node *previous_view(struct vb *b, const struct prior *pr, size_t n)
{
	struct pk_node *list = pk_new_seq(b->doc);
	for (size_t i = 0; i < n; i++) {
		const struct pk_node *e = pr[i].entry;
		const char *rec = pk_get_str(e, "recommendation");
		struct pk_node *m = pk_new_map(b->doc);
		put_s(b, m, "panel", pr[i].panel_id);
		put_date(b, m, "date", pr[i].date);
		put_b(b, m, "not_reached", not_reached(e));
		put_s(b, m, "recommendation", rec);
		put_s(b, m, "recommendation_label", LABEL(rec_labels, rec));
		put_s(b, m, "reasons", pk_get_str(e, "reasons"));
		put_rdate(b, m, "long_stop", e, "long_stop");
		pk_map_put(b->doc, m, "response", response_view(b, e));
		/* CPP §7: what earlier panels asked for, done or still open. */
		pk_map_put(b->doc, m, "actions", actions_view(b, e));
		pk_seq_push(b->doc, list, m);
	}
	return list;
}

static void detention_case(struct vb *b, struct pk_node *m, const struct pk_node *c,
			   const struct pk_node *entry, pk_date panel_date,
			   const struct prior *pr, size_t npr)
{
	pk_date end = pk_node_date(c, "detention.end");
	put_s(b, m, "team", pk_get_str(c, "team"));
	put_person(b, m, "owner", c, "owner");
	put_s(b, m, "location", pk_get_str(c, "location"));
	put_rdate(b, m, "detention_start", c, "detention.start");
	put_rdate(b, m, "detention_end", c, "detention.end");
	put_s(b, m, "end_reason", pk_get_str(c, "detention.end_reason"));
	/* CPP-TIER on the panel date, by the due engine's rule. */
	long days = pk_days_detained(c, panel_date);
	if (days >= 0) {
		enum pk_cpp_tier tier = pk_cpp_tier_of(days, panel_date);
		put_l(b, m, "days_detained", days);
		put_s(b, m, "tier", pk_cpp_tier_name(tier));
		put_s(b, m, "tier_label", tier_labels[tier]);
	} else {
		put_s(b, m, "days_detained", NULL);
		put_s(b, m, "tier", NULL);
		put_s(b, m, "tier_label", NULL);
	}
	put_rdate(b, m, "removal_directions", c, "removal_directions");
	put_s(b, m, "adult_at_risk", LABEL(level_labels, pk_get_str(c, "adult_at_risk")));
	put_s(b, m, "mappa", LABEL(level_labels, pk_get_str(c, "mappa")));
	put_s(b, m, "sentence", pk_get_str(c, "sentence"));

	struct pk_node *crimes = pk_new_seq(b->doc), *sc = seq_of(c, "serious_crime");
	for (size_t i = 0; sc && i < sc->n; i++) {
		struct pk_node *x = pk_new_map(b->doc);
		put_s(b, x, "label", LABEL(crime_labels, sc->items[i]->str));
		pk_seq_push(b->doc, crimes, x);
	}
	pk_map_put(b->doc, m, "serious_crime", crimes);

	/* CPP-LIGHT: bail granted in principle makes a light-touch review. */
	struct pk_node *bail = pk_new_seq(b->doc), *bp = seq_of(c, "bail_in_principle");
	int light = 0;
	for (size_t i = 0; bp && i < bp->n; i++) {
		/* Granted by the panel date (an undated grant counts). */
		pk_date g = pk_node_date(bp->items[i], "date");
		light |= g == PK_NODATE || panel_date == PK_NODATE || g <= panel_date;
		struct pk_node *x = pk_new_map(b->doc);
		put_s(b, x, "by", pk_get_str(bp->items[i], "by"));
		put_s(b, x, "by_label", LABEL(bail_labels, pk_get_str(bp->items[i], "by")));
		put_rdate(b, x, "date", bp->items[i], "date");
		pk_seq_push(b->doc, bail, x);
	}
	pk_map_put(b->doc, m, "bail_in_principle", bail);
	put_b(b, m, "light_touch", light);

	struct pk_node *refs = pk_new_seq(b->doc), *rs = seq_of(c, "referrals");
	for (size_t i = 0; rs && i < rs->n; i++) {
		struct pk_node *x = pk_new_map(b->doc);
		put_rdate(b, x, "date", rs->items[i], "date");
		put_s(b, x, "source_label", LABEL(referral_labels, pk_get_str(rs->items[i], "source")));
		put_rdate(b, x, "due", rs->items[i], "due");
		put_s(b, x, "reason", pk_get_str(rs->items[i], "reason"));
		pk_seq_push(b->doc, refs, x);
	}
	pk_map_put(b->doc, m, "referrals", refs);

	pk_map_put(b->doc, m, "previous", previous_view(b, pr, npr));
	/* CPP-REPORT: a release recommendation not completed.  The latest
	 * earlier release recommendation, while the person is still detained. */
	const struct prior *rel = NULL;
	for (size_t i = 0; i < npr && !rel; i++) {
		const char *r = pk_get_str(pr[i].entry, "recommendation");
		if (r && !strcmp(r, "release"))
			rel = &pr[i];
	}
	if (rel && (end == PK_NODATE || end > rel->date)) {
		struct pk_node *x = pk_new_map(b->doc);
		put_s(b, x, "panel", rel->panel_id);
		put_date(b, x, "date", rel->date);
		pk_map_put(b->doc, m, "release_outstanding", x);
	} else {
		pk_map_put(b->doc, m, "release_outstanding", null_node(b));
	}
	put_s(b, m, "release_not_completed", pk_get_str(entry, "release_not_completed"));

	/* CPP-REC, CPP-AUDIT, CPP-RESPONSE: the outcome at this panel. */
	const char *rec = pk_get_str(entry, "recommendation");
	put_b(b, m, "outcome", rec != NULL);
	put_s(b, m, "recommendation", rec);
	put_s(b, m, "recommendation_label", LABEL(rec_labels, rec));
	struct pk_node *choices = pk_new_seq(b->doc);
	for (size_t i = 0; i < PK_ARRAY_LEN(rec_labels); i++) {
		struct pk_node *x = pk_new_map(b->doc);
		put_s(b, x, "value", rec_labels[i].key);
		put_s(b, x, "label", rec_labels[i].label);
		pk_seq_push(b->doc, choices, x);
	}
	pk_map_put(b->doc, m, "choices", choices);
	put_s(b, m, "reasons", pk_get_str(entry, "reasons"));
	put_rdate(b, m, "long_stop", entry, "long_stop");
	put_rdate(b, m, "decide_by", entry, "decide_by");
	int audited = rec && (!strcmp(rec, "release") || !strcmp(rec, "maintain-with-actions"));
	put_date(b, m, "audit_due", audited && panel_date != PK_NODATE ? audit_date(panel_date)
								  : PK_NODATE);
	const struct pk_node *au = pk_get(entry, "audit");
	if (au && au->kind == PK_MAP) {
		struct pk_node *x = pk_new_map(b->doc);
		put_rdate(b, x, "done", au, "done");
		put_person(b, x, "by", au, "by");
		put_rdate(b, x, "rerefer", au, "rerefer");
		pk_map_put(b->doc, m, "audit", x);
	} else {
		pk_map_put(b->doc, m, "audit", null_node(b));
	}
	pk_map_put(b->doc, m, "response", response_view(b, entry));
	put_rdate(b, m, "dcpr_acknowledged", entry, "dcpr_acknowledged");

	/* CPP §7: alternatives to detention and why they are not
	 * appropriate, barriers to removal, travel documents; CPP §8.5: the
	 * Adult at Risk reason and the key points of the discussion; CPP
	 * §8.1: the chair decides when members are split. */
	put_s(b, m, "alternatives", pk_get_str(entry, "alternatives"));
	put_s(b, m, "barriers", pk_get_str(entry, "barriers"));
	put_s(b, m, "travel_document", pk_get_str(entry, "travel_document"));
	put_s(b, m, "aar_reason", pk_get_str(entry, "aar_reason"));
	put_s(b, m, "discussion", pk_get_str(entry, "discussion"));
	put_b(b, m, "split", pk_get_bool(entry, "split"));
	put_s(b, m, "chair_decision", pk_get_str(entry, "chair_decision"));
	/* CPP §10, §11, §11.1: emailed to casework, entered on Atlas. */
	struct pk_node *nt = pk_new_map(b->doc);
	put_rdate(b, nt, "emailed", entry, "notified.emailed");
	put_rdate(b, nt, "atlas", entry, "notified.atlas");
	pk_map_put(b->doc, m, "notified", nt);
}

/* ---- indeterminate sentences (PF-EVIDENCE, PF-QUESTIONS, PF-RECORD) ---- */

static int has_evidence(const struct pk_node *entry, const char *type)
{
	struct pk_node *ev = seq_of(entry, "evidence");
	for (size_t i = 0; ev && i < ev->n; i++) {
		const char *t = pk_get_str(ev->items[i], "type");
		if (t && !strcmp(t, type))
			return 1;
	}
	return 0;
}

/* The purpose as one flag per known rule, so templates can word each. */
static struct pk_node *purpose_is(struct vb *b, const char *purpose)
{
	struct pk_node *m = pk_new_map(b->doc);
	int known = 0;
	for (size_t i = 0; i < PK_ARRAY_LEN(purpose_labels); i++) {
		int is = purpose && !strcmp(purpose, purpose_labels[i].key);
		known |= is;
		put_b(b, m, purpose_labels[i].key, is);
	}
	put_b(b, m, "other", !known);
	return m;
}

static struct pk_node *evidence_view(struct vb *b, const struct pk_node *entry)
{
	struct pk_node *list = pk_new_seq(b->doc), *ev = seq_of(entry, "evidence");
	for (size_t i = 0; ev && i < ev->n; i++) {
		struct pk_node *x = pk_new_map(b->doc);
		put_s(b, x, "type", pk_get_str(ev->items[i], "type"));
		put_s(b, x, "label", LABEL(evidence_labels, pk_get_str(ev->items[i], "type")));
		put_rdate(b, x, "date", ev->items[i], "date");
		pk_seq_push(b->doc, list, x);
	}
	return list;
}

/* PF A: whether the rule table lists objectives for this purpose. */
static int annex_a(const char *purpose, pk_date on)
{
	if (!purpose)
		return 0;
	struct sbuf k = SBUF_INIT;
	sbuf_addf(&k, "pf.objectives.%s", purpose);
	int has = pk_rule_at(k.s, on) != NULL;  /* any date: the key exists or not */
	sbuf_free(&k);
	return has;
}

static void ipp_case(struct vb *b, struct pk_node *m, const struct pk_node *c,
		     const struct pk_node *entry, pk_date panel_date,
		     const struct prior *pr, size_t npr)
{
	const char *sentence = pk_get_str(c, "sentence");
	put_s(b, m, "team", pk_get_str(c, "team"));
	put_s(b, m, "sentence", sentence);
	put_s(b, m, "sentence_label", LABEL(sentence_labels, sentence));
	put_s(b, m, "setting", pk_get_str(c, "setting"));
	put_s(b, m, "setting_label", LABEL(setting_labels, pk_get_str(c, "setting")));
	put_s(b, m, "unit", pk_get_str(c, "unit"));
	put_s(b, m, "responsible", pk_get_str(c, "responsible"));
	put_s(b, m, "responsible_label", role_label(pk_get_str(c, "responsible")));
	put_person(b, m, "pom", c, "pom");
	put_person(b, m, "com", c, "com");
	put_b(b, m, "woman", pk_get_bool(c, "woman"));
	put_b(b, m, "wecasp", pk_get_bool(c, "wecasp"));
	put_b(b, m, "psychology_involved", pk_get_bool(c, "psychology_involved"));
	put_b(b, m, "approved_premises", pk_get_bool(c, "approved_premises"));

	const struct pk_node *rag = pk_pf_rag_on(c, panel_date, NULL);
	if (rag) {
		struct pk_node *x = pk_new_map(b->doc);
		const char *rt = pk_get_str(rag, "rating");
		enum pk_pf_rag rr = pk_pf_rag_parse(rt);
		put_s(b, x, "rating", rt);
		/* An unknown value shows as itself, as label_of does. */
		put_s(b, x, "rating_label", rr != PK_PF_RAG_NONE ? rag_labels[rr] : rt);
		put_rdate(b, x, "date", rag, "date");
		put_s(b, x, "reason", pk_get_str(rag, "reason"));
		pk_map_put(b->doc, m, "rag", x);
	} else {
		pk_map_put(b->doc, m, "rag", null_node(b));
	}

	/* PF-EVIDENCE: what the panel has, and what the minimum lacks. */
	pk_map_put(b->doc, m, "evidence", evidence_view(b, entry));
	struct pk_node *missing = pk_new_seq(b->doc);
	static const char *const minimum[] = {"ppr", "oasys", "psychology", "acct"};
	for (size_t i = 0; i < PK_ARRAY_LEN(minimum); i++) {
		if (has_evidence(entry, minimum[i]) ||
		    (!strcmp(minimum[i], "oasys") && pk_get_bool(entry, "no_oasys")) ||
		    (!strcmp(minimum[i], "acct") && pk_get_bool(entry, "no_acct")))
			continue;
		struct pk_node *x = pk_new_map(b->doc);
		put_s(b, x, "label", LABEL(evidence_labels, minimum[i]));
		pk_seq_push(b->doc, missing, x);
	}
	pk_map_put(b->doc, m, "evidence_missing", missing);
	put_b(b, m, "no_oasys", pk_get_bool(entry, "no_oasys"));
	put_b(b, m, "no_acct", pk_get_bool(entry, "no_acct"));
	/* PF-QUESTIONS: asked exactly when validate demands an answer. */
	put_b(b, m, "question_c", pk_pf_question_c(entry, c, panel_date));

	/* PF 9.3: the actions of the previous panel that reached the case are
	 * reviewed. */
	const struct prior *last = NULL;
	for (size_t i = 0; i < npr && !last; i++)
		if (!not_reached(pr[i].entry))
			last = &pr[i];
	if (last) {
		struct pk_node *x = pk_new_map(b->doc);
		put_s(b, x, "id", last->panel_id);
		put_date(b, x, "date", last->date);
		pk_map_put(b->doc, m, "previous_panel", x);
		pk_map_put(b->doc, m, "previous_actions", actions_view(b, last->entry));
	} else {
		pk_map_put(b->doc, m, "previous_panel", null_node(b));
		pk_map_put(b->doc, m, "previous_actions", pk_new_seq(b->doc));
	}

	struct pk_node *pe = pk_new_map(b->doc);
	put_yn(b, pe, "attends", entry, "person.attends");
	put_yn(b, pe, "views_recorded", entry, "person.views_recorded");
	put_yn(b, pe, "debriefed", entry, "person.debriefed");
	put_yn(b, pe, "agenda_sent", entry, "person.agenda_sent");
	put_yn(b, pe, "told_combined", entry, "person.told_combined");
	pk_map_put(b->doc, m, "person", pe);

	const struct pk_node *w = pk_get(entry, "women");
	if (w && w->kind == PK_MAP) {
		struct pk_node *x = pk_new_map(b->doc);
		put_yn(b, x, "weps_invited", w, "weps_invited");
		put_yn(b, x, "womens_team_invited", w, "womens_team_invited");
		put_rdate(b, x, "consulted", w, "consulted");
		pk_map_put(b->doc, m, "women", x);
	} else {
		pk_map_put(b->doc, m, "women", null_node(b));
	}

	/* PF-NONDISCLOSURE: the staff copy lists it, marked, so the chair can
	 * manage it (PF 9.9); the person's view never reads this key. */
	struct pk_node *nd = pk_new_seq(b->doc), *nds = seq_of(c, "non_disclosable");
	for (size_t i = 0; nds && i < nds->n; i++) {
		struct pk_node *x = pk_new_map(b->doc);
		put_s(b, x, "topic", pk_get_str(nds->items[i], "topic"));
		put_s(b, x, "text", pk_get_str(nds->items[i], "text"));
		pk_seq_push(b->doc, nd, x);
	}
	pk_map_put(b->doc, m, "non_disclosable", nd);

	/* PF-QUESTIONS, PF-RECORD: the outcome at this panel. */
	const struct pk_node *q = pk_get(entry, "questions");
	struct pk_node *qv = pk_new_map(b->doc);
	put_s(b, qv, "a", pk_get_str(q, "a"));
	put_s(b, qv, "b", pk_get_str(q, "b"));
	put_s(b, qv, "c", pk_get_str(q, "c"));
	pk_map_put(b->doc, m, "questions", qv);
	struct pk_node *acts = seq_of(entry, "actions");
	put_b(b, m, "outcome", pk_get_str(q, "a") || pk_get_str(q, "b") ||
				       pk_get_str(entry, "next_panel") || (acts && acts->n));
	put_rdate(b, m, "next_panel", entry, "next_panel");
	put_rdate(b, m, "outcome_told", entry, "outcome_told");
	put_b(b, m, "reset_cycle", pk_get_bool(entry, "reset_cycle"));

	/* PF 5.1: the five things every panel considers. */
	struct pk_node *cv = pk_new_map(b->doc);
	static const char *const five[] = {
		"pathway", "interventions", "barriers", "suspension", "protective_factors",
	};
	for (size_t i = 0; i < PK_ARRAY_LEN(five); i++) {
		struct sbuf k = SBUF_INIT;
		sbuf_addf(&k, "considerations.%s", five[i]);
		put_s(b, cv, five[i], pk_get_str(entry, k.s));
		sbuf_free(&k);
	}
	pk_map_put(b->doc, m, "considerations", cv);
	/* PF 10.3, 10.4: the Risk Management Plan and whether PPCS is told. */
	put_s(b, m, "risk_plan", pk_get_str(entry, "risk_plan"));
	struct pk_node *pp = pk_new_map(b->doc);
	put_yn(b, pp, "update", entry, "ppcs.update");
	put_s(b, pp, "note", pk_get_str(entry, "ppcs.note"));
	pk_map_put(b->doc, m, "ppcs", pp);
	/* PF 10.6: with an ACCT open, the outcome and reaction are recorded. */
	put_b(b, m, "acct_relevant", has_evidence(entry, "acct"));
	struct pk_node *ac = pk_new_map(b->doc);
	put_rdate(b, ac, "recorded", entry, "acct_outcome.recorded");
	put_s(b, ac, "reaction", pk_get_str(entry, "acct_outcome.reaction"));
	pk_map_put(b->doc, m, "acct_outcome", ac);
	/* PF 10.5: negative news is given in person. */
	put_b(b, m, "negative_outcome", pk_get_bool(entry, "negative_outcome"));
	put_s(b, m, "debrief", pk_get_str(entry, "debrief"));
	/* PF 9.4, 4.5, 7.2, 8.2: the person's views; what they need. */
	put_s(b, pe, "views", pk_get_str(entry, "person.views"));
	put_s(b, pe, "adjustments", pk_get_str(entry, "person.adjustments"));
	put_s(b, pe, "interpreter", pk_get_str(entry, "person.interpreter"));
	put_yn(b, pe, "told_in_person", entry, "person.told_in_person");
	/* PF 7.1, PF A: the objectives Annex A sets for this purpose (the
	 * wording is in templates/ipp-objectives.md). */
	put_b(b, m, "annex_a", annex_a(pk_get_str(entry, "purpose"), panel_date));
}

/* Every item of a list of maps gets "first" and "last", so templates
 * can separate items ("a, b and c") without logic. */
static void mark_ends(struct vb *b, struct pk_node *n)
{
	if (!n || n->kind == PK_SCALAR)
		return;
	for (size_t i = 0; i < n->n; i++) {
		struct pk_node *it = n->items[i];
		if (n->kind == PK_SEQ && it->kind == PK_MAP) {
			put_b(b, it, "first", i == 0);
			put_b(b, it, "last", i + 1 == n->n);
		}
		mark_ends(b, it);
	}
}

/* ---- the staff view ---- */

static struct pk_node *doc_view(struct vb *b, const struct pk_docview_opts *o)
{
	struct pk_node *m = pk_new_map(b->doc);
	put_date(b, m, "date", o->as_of);
	put_s(b, m, "kind", o->kind == PK_DOC_AGENDA ? "agenda" : "minutes");
	return m;
}

static int staff_view(struct vb *b, const struct pk_node *p, const struct pk_docview_opts *o,
		      struct pk_docview *out, struct pk_diags *d)
{
	const char *id = pk_get_str(p, "id"), *fw = pk_get_str(p, "framework");
	int ipp = fw && !strcmp(fw, "ipp");
	pk_date dt = pk_node_date(p, "date");
	struct pk_node *root = pk_new_map(b->doc), *cases = pk_new_seq(b->doc);
	struct pk_node *entries = seq_of(p, "cases");
	struct panels earlier = {0};
	char buf[16];

	pk_map_put(b->doc, root, "doc", doc_view(b, o));
	pk_map_put(b->doc, root, "panel", panel_view(b, p, 1));
	if (dt != PK_NODATE)
		load_earlier(b->src, id, fw, dt, entries, &earlier);

	for (size_t i = 0; entries && i < entries->n; i++) {
		const struct pk_node *e = entries->items[i];
		const char *cid = pk_get_str(e, "case");
		/* A letter about one case (the recommendation to casework). */
		if (o->case_id && (!cid || strcmp(cid, o->case_id)))
			continue;
		struct pk_doc *cdoc = cid ? pk_load_by_id(b->src, PK_R_CASE, cid) : NULL;
		const struct pk_node *c = cdoc ? pk_doc_root(cdoc) : NULL;
		struct pk_node *m = pk_new_map(b->doc);
		if (cid && !c) {
			/* The document still serves the sitting; the chair is told
			 * what it lacks, not left to find the gap in print. */
			char *shown = pk_printable(cid, strlen(cid), 64);
			pk_doc_diag(d, b->pdoc, pk_get(e, "case"), PK_WARNING, RULE_IDS, "run panel validate",
				    "case \"%s\" has no readable record (cases/%s.yaml): its details are "
				    "left out", shown, shown);
			free(shown);
		}
		size_t npr = 0;
		struct prior *pr = cid ? priors_of(&earlier, cid, &npr) : NULL;
		const char *purpose = pk_get_str(e, "purpose");

		put_l(b, m, "number", (long)i + 1);
		put_s(b, m, "id", cid);
		put_b(b, m, "found", c != NULL);
		put_s(b, m, "name", pk_get_str(c, "name"));
		put_s(b, m, "notes", pk_get_str(c, "notes"));
		put_s(b, m, "purpose", purpose);
		put_s(b, m, "purpose_label", LABEL(purpose_labels, purpose));
		pk_map_put(b->doc, m, "purpose_is", purpose_is(b, purpose));
		put_b(b, m, "not_reached", not_reached(e));
		if (ipp)
			ipp_case(b, m, c, e, dt, pr, npr);
		else
			detention_case(b, m, c, e, dt, pr, npr);
		pk_map_put(b->doc, m, "actions", actions_view(b, e));
		pk_map_put(b->doc, m, "corrections", corrections_view(b, e));
		/* CPP §10: minutes are disclosable, so internal notes reach the
		 * staff agenda only; a minutes template naming them is an error
		 * (template.h), not a leak. */
		if (o->kind == PK_DOC_AGENDA)
			put_s(b, m, "internal_notes", pk_get_str(e, "internal_notes"));
		pk_seq_push(b->doc, cases, m);
		free(pr);
		pk_doc_free(cdoc);
	}
	pk_map_put(b->doc, root, "cases", cases);
	mark_ends(b, root);
	pk_doc_set_root(b->doc, root);
	panels_free(&earlier);

	out->tmpl = ipp ? (o->kind == PK_DOC_AGENDA ? "ipp-agenda" : "ipp-minutes")
			: (o->kind == PK_DOC_AGENDA ? "detention-agenda" : "detention-minutes");
	struct sbuf t = SBUF_INIT;
	sbuf_addf(&t, "%s: %s, %s", o->kind == PK_DOC_AGENDA ? "Agenda" : "Minutes", id ? id : "?",
		  dt != PK_NODATE ? pk_date_fmt(dt, buf) : "no date");
	out->title = sbuf_detach(&t);
	return 0;
}

/* ---- the person's view (PF-AGENDA, PF-NONDISCLOSURE) ----
 *
 * Reads, by name, only: from the panel its date, time, setting, unit,
 * combined_with, mode, place, status and member roles (and, to keep to
 * the roles of their own case, the members' IDs); from the person's entry
 * its purpose, evidence types, and for the outcome `reached`, `debrief`,
 * `next_panel`, `outcome_told` and the actions marked `share: true` (text
 * and due date); from their case record their name, sentence type,
 * whether they live in Approved Premises, whether they are a woman, and
 * the IDs of their POM and COM.  Nothing else of any record is read here,
 * except the case's non-disclosable texts, which are only compared with
 * the debrief and shared actions to refuse a copy that repeats one. */

/* A member's role concerns this person's case: a POM or COM only when
 * they are this person's (a combined panel also hears others, PF 7.7),
 * WEPS and the Women's Team only for a woman (PF-WOMEN); the panel's own
 * roles (chair level, psychology, secretariat) for everyone. */
static int role_is_theirs(const struct pk_node *member, const struct pk_node *c)
{
	const char *role = pk_get_str(member, "role"), *who = pk_get_str(member, "person");
	if (!role)
		return 0;
	if (!strcmp(role, "pom") || !strcmp(role, "com")) {
		const char *mine = pk_get_str(c, role);
		return who && mine && !strcmp(who, mine);
	}
	if (!strcmp(role, "weps") || !strcmp(role, "womens-team"))
		return pk_get_bool(c, "woman");
	return 1;
}

static int person_outcome(struct vb *b, struct pk_node *root, const struct pk_node *p,
			  const struct pk_node *entry, struct pk_diags *d)
{
	const char *st = pk_get_str(p, "status");
	if (!st || strcmp(st, "held")) {
		pk_diag_add(d, PK_ERROR, pk_doc_path(b->pdoc), 0, 0, NULL, "PF-RECORD",
			    "the person's copy of the outcome follows the sitting",
			    "panel %s is %s, not held: there is no outcome yet", pk_get_str(p, "id"),
			    st ? st : "without a status");
		return -1;
	}
	struct pk_node *o = pk_new_map(b->doc);
	const char *debrief = pk_get_str(entry, "debrief");
	put_b(b, o, "not_reached", not_reached(entry));
	put_s(b, o, "debrief", debrief);
	put_rdate(b, o, "next_panel", entry, "next_panel");
	put_rdate(b, o, "told", entry, "outcome_told");
	struct pk_node *list = pk_new_seq(b->doc), *acts = seq_of(entry, "actions");
	for (size_t i = 0; acts && i < acts->n; i++) {
		const struct pk_node *a = acts->items[i];
		if (!pk_get_bool(a, "share"))
			continue;
		struct pk_node *x = pk_new_map(b->doc);
		put_s(b, x, "action", pk_get_str(a, "action"));
		put_rdate(b, x, "due", a, "due");
		put_rdate(b, x, "done", a, "done");
		pk_seq_push(b->doc, list, x);
	}
	pk_map_put(b->doc, o, "actions", list);
	pk_map_put(b->doc, root, "outcome", o);
	return 0;
}

static int person_view(struct vb *b, const struct pk_node *p, const struct pk_node *entry,
		       const struct pk_docview_opts *o, struct pk_docview *out, struct pk_diags *d)
{
	const char *cid = pk_get_str(entry, "case");
	struct pk_doc *cdoc = pk_load_by_id(b->src, PK_R_CASE, cid);
	const struct pk_node *c = cdoc ? pk_doc_root(cdoc) : NULL;
	char buf[16];
	if (!c) {
		pk_diag_add(d, PK_ERROR, b->src->root, 0, 0, NULL, RULE_IDS, NULL,
			    "case \"%s\" has no readable record cases/%s.yaml", cid, cid);
		return -1;
	}
	struct pk_node *root = pk_new_map(b->doc);
	pk_map_put(b->doc, root, "doc", doc_view(b, o));
	pk_map_put(b->doc, root, "panel", panel_view(b, p, 0));

	struct pk_node *you = pk_new_map(b->doc);
	put_s(b, you, "name", pk_get_str(c, "name"));
	const char *sentence = pk_get_str(c, "sentence");
	put_s(b, you, "sentence", sentence);
	put_b(b, you, "life", sentence && !strcmp(sentence, "life"));
	put_b(b, you, "in_custody", pk_get_str(p, "setting") && !strcmp(pk_get_str(p, "setting"), "custody"));
	/* PF-COMMUNITY-FIRST: the first panel considers move-on accommodation. */
	put_b(b, you, "approved_premises", pk_get_bool(c, "approved_premises"));
	pk_map_put(b->doc, root, "you", you);

	struct pk_node *purpose = pk_new_map(b->doc);
	put_s(b, purpose, "id", pk_get_str(entry, "purpose"));
	pk_map_put(b->doc, purpose, "is", purpose_is(b, pk_get_str(entry, "purpose")));
	pk_map_put(b->doc, root, "purpose", purpose);

	/* Who comes, by role in plain words (never names), each wording once,
	 * in the vocabulary's order: only the roles of their own case. */
	struct pk_node *who = pk_new_seq(b->doc), *ms = seq_of(p, "members");
	const char *said[PK_ARRAY_LEN(role_plain)];
	size_t nsaid = 0;
	for (size_t r = 0; r < PK_ARRAY_LEN(role_plain); r++) {
		int seen = 0;
		for (size_t i = 0; ms && i < ms->n && !seen; i++) {
			const char *role = pk_get_str(ms->items[i], "role");
			seen = role && !strcmp(role, role_plain[r].key) && role_is_theirs(ms->items[i], c);
		}
		for (size_t k = 0; seen && k < nsaid; k++)
			if (!strcmp(said[k], role_plain[r].label))
				seen = 0;
		if (!seen)
			continue;
		said[nsaid++] = role_plain[r].label;
		struct pk_node *x = pk_new_map(b->doc);
		put_s(b, x, "label", role_plain[r].label);
		pk_seq_push(b->doc, who, x);
	}
	pk_map_put(b->doc, root, "attendees", who);

	struct pk_node *reports = pk_new_seq(b->doc), *ev = seq_of(entry, "evidence");
	for (size_t i = 0; ev && i < ev->n; i++) {
		const char *t = pk_get_str(ev->items[i], "type");
		const char *l = label_of(evidence_labels, PK_ARRAY_LEN(evidence_labels), t);
		/* Only the report types of the vocabulary: no free text. */
		if (!t || l == t)
			continue;
		struct pk_node *x = pk_new_map(b->doc);
		put_s(b, x, "label", l);
		pk_seq_push(b->doc, reports, x);
	}
	pk_map_put(b->doc, root, "reports", reports);
	put_b(b, root, "question_c", pk_pf_question_c(entry, c, pk_node_date(p, "date")));
	if (o->kind == PK_DOC_MINUTES && person_outcome(b, root, p, entry, d) < 0) {
		pk_doc_free(cdoc);
		return -1;
	}
	mark_ends(b, root);
	pk_doc_set_root(b->doc, root);
	pk_doc_free(cdoc);

	out->tmpl = o->kind == PK_DOC_AGENDA ? "person-agenda" : "person-minutes";
	out->person = 1;
	pk_date dt = pk_node_date(p, "date");
	struct sbuf t = SBUF_INIT;
	sbuf_addf(&t, "%s, %s",
		  o->kind == PK_DOC_AGENDA ? "Your progression panel agenda" : "Your progression panel outcome",
		  dt != PK_NODATE ? pk_date_fmt(dt, buf) : "date to be set");
	out->title = sbuf_detach(&t);
	return 0;
}

/* ---- letters (panel letter) ---- */

static const struct {
	const char *kind, *tmpl;
	enum pk_doc_kind view;
	int person, ipp_only, detention_only;
	const char *subject;
} letters[] = {
	/* CPP §10, §11: the recommendation to the casework team. */
	{"recommendation", "letter-recommendation", PK_DOC_MINUTES, 0, 0, 1,
	 "Case progression panel recommendation"},
	/* CPP §6, PF 7.2: the invitation to staff. */
	{"invitation", "letter-invitation", PK_DOC_AGENDA, 0, 0, 0, "Invitation"},
	/* PF 9.4, 7.2: the person's invitation; PF 10.5: their outcome. */
	{"person-invitation", "letter-person-invitation", PK_DOC_AGENDA, 1, 1, 0,
	 "Your progression panel"},
	{"outcome", "letter-outcome", PK_DOC_MINUTES, 1, 1, 0, "The outcome of your progression panel"},
};

static int letter_index(const char *kind)
{
	for (size_t i = 0; kind && i < PK_ARRAY_LEN(letters); i++)
		if (!strcmp(letters[i].kind, kind))
			return (int)i;
	return -1;
}

int pk_letter_known(const char *kind)
{
	return letter_index(kind) >= 0;
}

static int letter_opts(struct vb *b, const struct pk_docview_opts *o, int ipp,
		       struct pk_docview_opts *lo, struct pk_diags *d)
{
	int i = letter_index(o->letter);
	if (i < 0) {
		pk_diag_add(d, PK_ERROR, pk_doc_path(b->pdoc), 0, 0, NULL, "KIT-USAGE", NULL,
			    "no letter \"%s\"", o->letter);
		return -1;
	}
	if ((letters[i].ipp_only && !ipp) || (letters[i].detention_only && ipp)) {
		pk_diag_add(d, PK_ERROR, pk_doc_path(b->pdoc), 0, 0, NULL, ipp ? "PF-RECORD" : "CPP-REC",
			    letters[i].ipp_only ? "the person's letters are for indeterminate-sentence panels"
						: "the recommendation letter is for detention panels (CPP §10)",
			    "panel %s is a%s panel: no %s letter", pk_get_str(pk_doc_root(b->pdoc), "id"),
			    ipp ? "n ipp" : " detention", letters[i].kind);
		return -1;
	}
	if (!strcmp(letters[i].kind, "invitation") && o->case_id) {
		pk_diag_add(d, PK_ERROR, pk_doc_path(b->pdoc), 0, 0, NULL, "KIT-USAGE", NULL,
			    "the invitation is for the whole panel: no CASE");
		return -1;
	}
	lo->kind = letters[i].view;
	lo->for_person = letters[i].person;
	return 0;
}

/* {name, email} of a people ID. */
static struct pk_node *address(struct vb *b, const char *id)
{
	const struct pk_node *pr = id ? person_doc(b, id) : NULL;
	struct pk_node *m = pk_new_map(b->doc);
	put_s(b, m, "id", id);
	put_s(b, m, "name", pr && pk_get_str(pr, "name") ? pk_get_str(pr, "name") : id);
	put_s(b, m, "email", pk_get_str(pr, "email"));
	return m;
}

static void add_to(struct vb *b, struct pk_node *to, const char *id)
{
	if (!id)
		return;
	for (size_t i = 0; i < to->n; i++)
		if (!strcmp(pk_get_str(to->items[i], "id"), id))
			return;
	pk_seq_push(b->doc, to, address(b, id));
}

/* The letter's addressing: from the secretariat; to the case owner
 * (recommendation, CPP §11), the chair and members (invitation, CPP §6),
 * or the practitioner who holds the case and hands the person their
 * letter (PF 10.5: news is given in person by the responsible
 * practitioner). */
static int letter_view(struct vb *b, const struct pk_node *p, const char *kind,
		       const struct pk_node *entry, struct pk_docview *out)
{
	int i = letter_index(kind);
	struct pk_node *root = pk_doc_root(b->doc), *lv = pk_new_map(b->doc), *to = pk_new_seq(b->doc);
	struct pk_doc *cdoc = NULL;
	const char *cid = entry ? pk_get_str(entry, "case") : NULL;
	if (cid && pk_safe_id(cid))
		cdoc = pk_load_by_id(b->src, PK_R_CASE, cid);
	const struct pk_node *c = cdoc ? pk_doc_root(cdoc) : NULL;
	put_s(b, lv, "kind", kind);
	pk_map_put(b->doc, lv, "from", address(b, pk_get_str(p, "secretariat")));
	if (!strcmp(kind, "recommendation")) {
		add_to(b, to, pk_get_str(c, "owner"));
	} else if (!strcmp(kind, "invitation")) {
		add_to(b, to, pk_get_str(p, "chair"));
		struct pk_node *ms = seq_of(p, "members");
		for (size_t k = 0; ms && k < ms->n; k++)
			add_to(b, to, pk_get_str(ms->items[k], "person"));
	} else {
		const char *setting = pk_get_str(p, "setting"), *resp = pk_get_str(c, "responsible");
		int pom = setting && !strcmp(setting, "custody") && (!resp || !strcmp(resp, "pom"));
		add_to(b, to, pk_get_str(c, pom ? "pom" : "com"));
	}
	pk_map_put(b->doc, lv, "to", to);
	struct sbuf s = SBUF_INIT;
	char buf[16];
	pk_date dt = pk_node_date(p, "date");
	sbuf_addf(&s, "%s: %s", letters[i].subject, dt != PK_NODATE ? pk_date_fmt(dt, buf) : "date to be set");
	if (!letters[i].person) {
		sbuf_addf(&s, ", %s", pk_get_str(p, "id"));
		if (cid)
			sbuf_addf(&s, ", %s", cid);
	}
	put_s(b, lv, "subject", s.s);
	mark_ends(b, lv);
	pk_map_put(b->doc, root, "letter", lv);
	free(out->title);
	out->title = sbuf_detach(&s);
	out->tmpl = letters[i].tmpl;
	pk_doc_free(cdoc);
	return 0;
}

int pk_docview_build(struct pk_source *src, const char *panel_id,
		     const struct pk_docview_opts *o, struct pk_docview *out,
		     struct pk_diags *d)
{
	struct vb b = {src, NULL, NULL, 0, 0, NULL};
	struct pk_doc *pdoc = NULL;
	int rc = -1;

	memset(out, 0, sizeof *out);
	if (!pk_safe_id(panel_id)) {
		pk_diag_add(d, PK_ERROR, src->root, 0, 0, NULL, RULE_IDS, NULL,
			    "\"%s\" is not a panel ID", panel_id);
		return -1;
	}
	struct sbuf rel = SBUF_INIT;
	sbuf_addf(&rel, "panels/%s.yaml", panel_id);
	int listed = 0;
	for (size_t i = 0; i < src->n && !listed; i++)
		listed = !strcmp(src->paths[i], rel.s);
	if (!listed) {
		char near[80], hint[120];
		if (pk_source_suggest(src, panel_id, PK_R_PANEL, near, sizeof near))
			snprintf(hint, sizeof hint, "did you mean %s?", near);
		else
			snprintf(hint, sizeof hint, "panel IDs are the file names in panels/");
		pk_diag_add(d, PK_ERROR, src->root, 0, 0, NULL, RULE_IDS, hint,
			    "no panel \"%s\" (%s) in the %s", panel_id, rel.s,
			    src->label ? src->label : "records");
		sbuf_free(&rel);
		return -1;
	}
	pdoc = pk_source_load(src, rel.s, d);
	b.pdoc = pdoc;
	sbuf_free(&rel);
	const struct pk_node *p = pdoc ? pk_doc_root(pdoc) : NULL;
	if (!p || p->kind != PK_MAP) {
		if (pdoc)
			pk_doc_diag(d, pdoc, NULL, PK_ERROR, RULE_IO, NULL, "a panel record is a mapping");
		goto cleanup;
	}
	/* The view names the panel by its id and skips it among the earlier
	 * panels by id: a record without one (or another's) is refused. */
	const char *pid = pk_get_str(p, "id");
	if (!pid || strcmp(pid, panel_id)) {
		pk_doc_diag(d, pdoc, pid ? pk_get(p, "id") : p, PK_ERROR, RULE_IDS,
			    "run panel validate", "the panel's id must be \"%s\", its file name",
			    panel_id);
		goto cleanup;
	}
	const char *fw = pk_get_str(p, "framework");
	if (!fw || (strcmp(fw, "ipp") && strcmp(fw, "detention"))) {
		pk_doc_diag(d, pdoc, pk_get(p, "framework"), PK_ERROR, "KIT-SCHEMA",
			    "run panel validate", "the panel has no framework (detention or ipp)");
		goto cleanup;
	}

	b.doc = pk_doc_new();
	struct pk_docview_opts lo = *o;
	int ipp = !strcmp(fw, "ipp");
	if (o->letter && letter_opts(&b, o, ipp, &lo, d) < 0)
		goto cleanup;
	struct pk_node *entries = seq_of(p, "cases");
	const struct pk_node *entry = NULL;
	size_t n = entries ? entries->n : 0;
	for (size_t i = 0; i < n && !entry; i++) {
		const char *cid = pk_get_str(entries->items[i], "case");
		if (lo.case_id ? cid && !strcmp(cid, lo.case_id) : n == 1)
			entry = entries->items[i];
	}
	const char *rule = o->letter ? (ipp ? "PF-RECORD" : "CPP-REC") : "PF-AGENDA";
	if (!entry && lo.case_id && (lo.for_person || o->letter)) {
		pk_diag_add(d, PK_ERROR, pk_doc_path(pdoc), 0, 0, NULL, rule, NULL,
			    "case \"%s\" is not on panel %s", lo.case_id, panel_id);
	} else if (!lo.for_person && !(o->letter && !strcmp(o->letter, "recommendation"))) {
		rc = staff_view(&b, p, &lo, out, d);
	} else if (!lo.for_person && !entry) {
		pk_diag_add(d, PK_ERROR, pk_doc_path(pdoc), 0, 0, NULL, rule,
			    "name the case: panel letter recommendation PANEL CASE",
			    "panel %s considers %zu cases: which recommendation?", panel_id, n);
	} else if (!lo.for_person) {
		lo.case_id = pk_get_str(entry, "case");
		rc = staff_view(&b, p, &lo, out, d);
	} else if (!ipp) {
		pk_diag_add(d, PK_ERROR, pk_doc_path(pdoc), 0, 0, NULL, "PF-AGENDA",
			    "detention panels have no person's copy",
			    "the person's copy is for indeterminate-sentence (ipp) panels");
	} else if (!entry) {
		pk_diag_add(d, PK_ERROR, pk_doc_path(pdoc), 0, 0, NULL, "PF-AGENDA",
			    o->letter ? "name the person's case: panel letter KIND PANEL CASE"
				      : "name the person's case with --case CASE",
			    "panel %s considers %zu cases: whose copy?", panel_id, n);
	} else if (!pk_get_str(entry, "case") || !pk_safe_id(pk_get_str(entry, "case"))) {
		pk_diag_add(d, PK_ERROR, pk_doc_path(pdoc), 0, 0, NULL, RULE_IDS, NULL,
			    "the panel's case entry has no valid case ID");
	} else if (pk_nd_person_guard(b.src, panel_id, pk_get_str(entry, "case"), lo.as_of, d) > 0) {
		/* PF-NONDISCLOSURE: not written while the case or the panel
		 * repeats a passage of the case's non-disclosable text, even in
		 * a field the copy does not show today (nondisclosure.h); one
		 * check for every person's copy, agenda, outcome and letter. */
		pk_diag_add(d, PK_ERROR, panel_id, 0, 0, NULL, "PF-NONDISCLOSURE", NULL,
			    "the person's copy was not written: their records repeat non-disclosable text");
		rc = PK_DOCVIEW_REFUSED;
	} else {
		rc = person_view(&b, p, entry, &lo, out, d);
	}
	if (rc == 0 && o->letter)
		rc = letter_view(&b, p, o->letter, entry, out);
	if (rc == 0) {
		out->doc = b.doc;
		b.doc = NULL;
	}
cleanup:
	for (size_t i = 0; i < b.npeople; i++) {
		free(b.people[i].id);
		pk_doc_free(b.people[i].doc);
	}
	free(b.people);
	pk_doc_free(b.doc);
	pk_doc_free(pdoc);
	if (rc < 0) {
		free(out->title);
		out->title = NULL;
	}
	return rc;
}

void pk_docview_free(struct pk_docview *v)
{
	pk_doc_free(v->doc);
	free(v->title);
	memset(v, 0, sizeof *v);
}
