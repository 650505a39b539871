/* plan.c: `panel plan`: the cases due by a sitting, fitted to it (plan.h).
 *
 * Readings made here (stated in the README and the report):
 *  - "Due by the sitting": the due engine run as of the sitting date; an
 *    item counts when its status then is due or overdue, plus a CPP-ADHOC
 *    referral that asks for "the next panel" when none is planned (this
 *    sitting is that panel).  One entry per case: its most urgent item.
 *  - Fitting is first-fit in priority order: a case that does not fit rolls
 *    over, and a shorter, later case may still use the time left; no case
 *    is ever put before one of higher priority that fits.
 *  - Minutes: ad hoc (d < 84) cases take the 3-month minutes, as they are
 *    chaired as 3-month (CPP-TIER); a case with SoS or IJ bail granted in
 *    principle on or before the sitting takes the light-touch minutes
 *    (CPP-LIGHT).
 *  - A case on a planned panel of its framework dated from today up to the
 *    sitting is left out; a later planned panel is only mentioned. */
#include "plan.h"
#include "history.h"
#include "json.h"
#include "members.h"
#include "prefetch.h"
#include "rules.h"
#include "mem.h"
#include "files.h"
#include "text.h"

#include <git2.h>

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *fmtd(pk_date d, char *buf)
{
	if (d == PK_NODATE)
		return strcpy(buf, "pending");
	return pk_date_fmt(d, buf);
}

static int detention(const struct pk_plan_opts *o)
{
	return o->fw == PK_FW_DETENTION;
}

/* The purposes a panel entry may have (schema: cases[].purpose). */
static int plannable(const struct pk_plan_opts *o, const struct pk_due_item *it)
{
	static const char *const cpp[] = {"CPP-CYCLE", "CPP-ADHOC", "CPP-REREFER"};
	static const char *const pf[] = {
		"PF-CUSTODY-RAG", "PF-NEG-PAROLE", "PF-RECALL", "PF-ESCALATION",
		"PF-COMMUNITY-FIRST", "PF-COMMUNITY-RAG", "PF-KEY-STAGES", "PF-SUSPENSION",
		"PF-TERMINATION", "PF-LIFE",
	};
	const char *const *v = detention(o) ? cpp : pf;
	size_t n = detention(o) ? PK_ARRAY_LEN(cpp) : PK_ARRAY_LEN(pf);
	int ok = 0;
	for (size_t i = 0; i < n; i++)
		ok |= strcmp(it->rule, v[i]) == 0;
	if (!ok)
		return 0;
	if (it->status == PK_DUE_DUE || it->status == PK_DUE_OVERDUE)
		return 1;
	/* CPP-ADHOC "default: the next panel" with none planned: this one. */
	return it->status == PK_DUE_PENDING && strcmp(it->rule, "CPP-ADHOC") == 0;
}

static void add_taken(struct pk_plan_taken **v, size_t *n, size_t *cap, const char *id,
		      const char *panel, pk_date date)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		*v = xrealloc(*v, *cap * sizeof **v);
	}
	(*v)[*n].id = xstrdup(id);
	(*v)[*n].panel = xstrdup(panel);
	(*v)[*n].date = date;
	(*n)++;
}

/* The cases on planned panels, looked up by case ID: the first panel read
 * that has the case (the source's order), as a scan would find it. */
struct taken_index {
	const struct pk_plan_taken *v;
	size_t *by_id;             /* indexes into v, by ID, then by index */
	size_t n;
};

static const struct pk_plan_taken *sort_base;
static int cmp_by_id(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	int c = strcmp(sort_base[x].id, sort_base[y].id);
	return c ? c : x < y ? -1 : x > y;
}

static void index_taken(struct taken_index *t, const struct pk_plan_taken *v, size_t n)
{
	t->v = v;
	t->n = n;
	t->by_id = xcalloc(n ? n : 1, sizeof *t->by_id);
	for (size_t i = 0; i < n; i++)
		t->by_id[i] = i;
	sort_base = v;
	qsort(t->by_id, n, sizeof *t->by_id, cmp_by_id);
}

static const struct pk_plan_taken *find_taken(const struct taken_index *t, const char *id)
{
	size_t lo = 0, hi = t->n; /* the first entry whose ID is not below id */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(t->v[t->by_id[mid]].id, id) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < t->n && strcmp(t->v[t->by_id[lo]].id, id) == 0 ? &t->v[t->by_id[lo]] : NULL;
}

static void free_taken(struct pk_plan_taken *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].id);
		free(v[i].panel);
	}
	free(v);
}

/* Planned panels of the framework: the cases on one dated today..sitting
 * (soon: left out), and on a later one (only noted). */
struct planned {
	struct pk_plan_taken *v;
	size_t n, cap;
};

struct scan {
	const struct pk_plan_opts *o;
	struct planned *soon, *later;
};

/* One panel as pk_due_ctx_new reads it (pk_due_opts.each_panel). */
static void scan_panel(void *arg, const struct pk_doc *doc)
{
	const struct scan *sc = arg;
	const struct pk_plan_opts *o = sc->o;
	const struct pk_node *root = pk_doc_root(doc);
	const char *fw = pk_get_str(root, "framework"), *st = pk_get_str(root, "status");
	const char *id = pk_get_str(root, "id");
	pk_date date = pk_node_date(root, "date");
	int same = fw && strcmp(fw, detention(o) ? "detention" : "ipp") == 0;
	const struct pk_node *cases = pk_get(root, "cases");
	if (same && id && date != PK_NODATE && (!st || strcmp(st, "planned") == 0) &&
	    date >= o->today && cases && cases->kind == PK_SEQ) {
		for (size_t k = 0; k < cases->n; k++) {
			const char *c = pk_get_str(cases->items[k], "case");
			if (!c)
				continue;
			struct planned *l = date <= o->date ? sc->soon : sc->later;
			add_taken(&l->v, &l->n, &l->cap, c, id, date);
		}
	}
}

/* CPP-LIGHT: SoS or IJ bail granted in principle on or before the day. */
static int light_touch(const struct pk_node *root, pk_date on)
{
	const struct pk_node *b = pk_get(root, "bail_in_principle");
	for (size_t i = 0; b && b->kind == PK_SEQ && i < b->n; i++) {
		pk_date d = pk_node_date(b->items[i], "date");
		if (d != PK_NODATE && d <= on)
			return 1;
	}
	return 0;
}

/* PF-CORE-CUSTODY / PF-CORE-COMMUNITY, PF-WOMEN, PF-EVIDENCE for one case. */
static void ipp_needs(struct pk_plan_case *pc, const struct pk_node *root, const struct pk_plan_opts *o,
		      const struct pk_due_list *items)
{
	struct sbuf att = SBUF_INIT, mem = SBUF_INIT, ev = SBUF_INIT;
	int custody = strcmp(o->setting, "custody") == 0;
	const char *resp = pk_get_str(root, "responsible");
	const char *pom = pk_get_str(root, "pom"), *com = pk_get_str(root, "com");
	int com_presents = !custody || (resp && strcmp(resp, "com") == 0);

	if (custody) {
		sbuf_adds(&att, "HOMD, nominated lead SPO");
		if (pom) {
			sbuf_addf(&att, ", POM %s%s", pom, com_presents ? "" : " (presents)");
			sbuf_addf(&mem, "  - {person: %s, role: pom, attendance: invited}\n", pom);
		}
		if (com) {
			sbuf_addf(&att, ", COM %s%s", com, com_presents ? " (presents)" : "");
			sbuf_addf(&mem, "  - {person: %s, role: com, attendance: invited}\n", com);
		}
		sbuf_adds(&att, ", psychology services representative, case administration officer");
	} else {
		sbuf_adds(&att, "nominated PDU SPO");
		if (com) {
			sbuf_addf(&att, ", COM %s (presents)", com);
			sbuf_addf(&mem, "  - {person: %s, role: com, attendance: invited}\n", com);
		}
		if (pk_get_bool(root, "psychology_involved"))
			sbuf_adds(&att, ", psychology services representative");
		sbuf_adds(&att, ", case administration officer or diary manager");
	}
	if (pk_pf_women_why(root, o->setting, pc->purpose))
		sbuf_adds(&att, ", WEPS, HMPPS Women's Team");
	for (size_t i = 0; i < pk_pf_min_nevidence; i++) {
		const char *t = pk_pf_min_evidence[i], *unless = pk_pf_evidence_unless(t);
		sbuf_addf(&ev, "%s%s%s", i ? ", " : "", t, unless ? " (where there is one)" : "");
	}
	/* PF 9.8: the report of each parole purpose due, once each. */
	for (size_t i = 0; i < items->n; i++) {
		if (!plannable(o, &items->v[i]))
			continue;
		const char *rep = pk_pf_parole_report(items->v[i].rule, root, o->date);
		if (rep && !strstr(ev.s, rep))
			sbuf_addf(&ev, ", %s", rep);
	}
	pc->attendees = sbuf_detach(&att);
	pc->members_yaml = sbuf_detach(&mem);
	pc->evidence = sbuf_detach(&ev);
	pc->chair_level = pk_pf_chair_need(o->setting, root, &pc->chair_why);
}

/* Whether this case record belongs to the sitting asked for. */
static int wanted(const struct pk_node *root, const struct pk_plan_opts *o)
{
	const char *fw = pk_get_str(root, "framework");
	if (!fw || strcmp(fw, detention(o) ? "detention" : "ipp") != 0)
		return 0;
	if (detention(o))
		return 1;
	const char *setting = pk_get_str(root, "setting"), *unit = pk_get_str(root, "unit");
	return setting && unit && strcmp(setting, o->setting) == 0 && strcasecmp(unit, o->unit) == 0;
}

static struct pk_plan_case *add_case(struct pk_plan *p)
{
	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 32;
		p->v = xrealloc(p->v, p->cap * sizeof *p->v);
	}
	struct pk_plan_case *c = &p->v[p->n++];
	memset(c, 0, sizeof *c);
	return c;
}

/* Overdue first; detention then longest detained, ipp then the earliest
 * deadline; then case ID. */
static int cmp_cpp(const void *a, const void *b)
{
	const struct pk_plan_case *x = a, *y = b;
	int ox = x->status == PK_DUE_OVERDUE, oy = y->status == PK_DUE_OVERDUE;
	if (ox != oy)
		return oy - ox;
	if (x->days != y->days)
		return x->days > y->days ? -1 : 1;
	return strcmp(x->id, y->id);
}

static int cmp_ipp(const void *a, const void *b)
{
	const struct pk_plan_case *x = a, *y = b;
	int ox = x->status == PK_DUE_OVERDUE, oy = y->status == PK_DUE_OVERDUE;
	if (ox != oy)
		return oy - ox;
	if (x->deadline != y->deadline)
		return x->deadline < y->deadline ? -1 : 1;
	return strcmp(x->id, y->id);
}

static int cmp_taken(const void *a, const void *b)
{
	const struct pk_plan_taken *x = a, *y = b;
	if (x->date != y->date)
		return x->date < y->date ? -1 : 1;
	int c = strcmp(x->panel, y->panel);
	return c ? c : strcmp(x->id, y->id);
}

static int person_has(const void *ctx, const char *role)
{
	return pk_person_has_role(ctx, role);
}

/* --chair: CPP-CHAIR grade and CPP-TRAINED, or PF-CHAIR role. */
static int judge_chair(struct pk_source *src, const struct pk_plan_opts *o, struct pk_plan *p,
		       struct pk_diags *d)
{
	char b[16];
	struct sbuf why = SBUF_INIT;
	p->chair_given = 1;
	struct pk_doc *doc = pk_load_by_id(src, PK_R_PERSON, o->chair);
	const struct pk_node *person = doc ? pk_doc_root(doc) : NULL;
	if (!person) {
		char *pr = pk_printable(o->chair, strlen(o->chair), 64);
		pk_diag_add(d, PK_ERROR, "--chair", 0, 0, NULL, "KIT-IDS", "give a people ID (people/ID.yaml)",
			    "unknown person \"%s\"", pr);
		free(pr);
		pk_doc_free(doc);
		return -1;
	}
	if (detention(o)) {
		const char *g = pk_get_str(person, "grade");
		pk_date t = pk_node_date(person, "training.cpp");
		p->chair_grade = g ? xstrdup(g) : NULL;
		if (p->chair_need && pk_person_grade(person) < pk_grade_rank(p->chair_need))
			sbuf_addf(&why, "grade %s is below %s (CPP-CHAIR)", g ? g : "not recorded", p->chair_need);
		if (t == PK_NODATE)
			sbuf_addf(&why, "%sno CPP training recorded (CPP-TRAINED)", why.len ? "; " : "");
		else if (t > o->date)
			sbuf_addf(&why, "%sCPP training on %s, after the sitting (CPP-TRAINED)",
				  why.len ? "; " : "", pk_date_fmt(t, b));
	} else {
		enum pk_pf_chair need = PK_PF_CHAIR_NONE;
		for (size_t i = 0; i < p->n; i++)
			if ((enum pk_pf_chair)p->v[i].chair_level > need)
				need = (enum pk_pf_chair)p->v[i].chair_level;
		if (!pk_pf_chair_meets(need, person_has, person))
			sbuf_addf(&why, "not a %s (role %s in people/%s.yaml) (PF-CHAIR)",
				  pk_role_label(pk_pf_chair_role(need)), pk_pf_chair_role(need), o->chair);
	}
	p->chair_ok = why.len == 0;
	p->chair_why_not = why.len ? sbuf_detach(&why) : NULL;
	sbuf_free(&why);
	pk_doc_free(doc);
	return 0;
}

int pk_plan_build(struct pk_source *src, const struct pk_plan_opts *o, struct pk_plan *p,
		  struct pk_diags *d)
{
	struct planned soon = {NULL, 0, 0}, later = {NULL, 0, 0};
	/* the planned panels found as the due context reads every panel */
	struct scan sc = {o, &soon, &later};
	struct pk_due_opts dopts = {.as_of = o->date, .each_panel = scan_panel, .each_arg = &sc};

	memset(p, 0, sizeof *p);
	struct pk_due_ctx *ctx = pk_due_ctx_new(src, &dopts, d);
	struct taken_index soon_ix, later_ix;
	index_taken(&soon_ix, soon.v, soon.n);
	index_taken(&later_ix, later.v, later.n);
	/* the cases as panel due reads them: on the other cores too, in order */
	struct pk_prefetch *pf = pk_prefetch_new(src, PK_R_CASE, NULL);
	struct pk_prefetched got;
	while (pf && pk_prefetch_next(pf, &got, d)) {
		struct pk_doc *doc = got.doc;
		const struct pk_node *root = doc ? pk_doc_root(doc) : NULL;
		struct pk_due_list items = PK_DUE_LIST_INIT;
		if (!root || !wanted(root, o) || pk_due_case(ctx, doc, &items, NULL) < 0) {
			pk_due_list_free(&items);
			pk_doc_free(doc);
			continue;
		}
		const struct pk_due_item *best = NULL;
		for (size_t k = 0; k < items.n; k++)
			if (plannable(o, &items.v[k]) && (!best || pk_due_item_cmp(&items.v[k], best) < 0))
				best = &items.v[k];
		const struct pk_plan_taken *t = best ? find_taken(&soon_ix, best->case_id) : NULL;
		if (t)
			add_taken(&p->taken, &p->ntaken, &p->captaken, t->id, t->panel, t->date);
		if (best && !t) {
			struct pk_plan_case *pc = add_case(p);
			const struct pk_plan_taken *l = find_taken(&later_ix, best->case_id);
			pc->id = xstrdup(best->case_id);
			pc->purpose = best->rule;
			pc->status = best->status;
			pc->due = best->due;
			pc->deadline = best->deadline;
			pc->reason = xstrdup(best->reason ? best->reason : "");
			pc->also_on = l ? xstrdup(l->panel) : NULL;
			struct sbuf also = SBUF_INIT;
			for (size_t k = 0; k < items.n; k++)
				if (&items.v[k] != best && plannable(o, &items.v[k]) &&
				    (!also.s || !strstr(also.s, items.v[k].rule)))
					sbuf_addf(&also, "%s%s", also.len ? ", " : "", items.v[k].rule);
			pc->also = also.len ? sbuf_detach(&also) : NULL;
			sbuf_free(&also);
			pc->days = -1;
			if (detention(o)) {
				pc->days = pk_days_detained(root, o->date);
				pc->tier = pc->days >= 0 ? pk_cpp_tier_of(pc->days, o->date) : PK_CPP_TIER_NONE;
				pc->light = light_touch(root, o->date);
				pc->minutes = pk_cpp_minutes(pc->tier, pc->light, o->date);
			} else {
				ipp_needs(pc, root, o, &items);
				if (!p->unit)
					p->unit = xstrdup(pk_get_str(root, "unit"));
			}
		}
		pk_due_list_free(&items);
		pk_doc_free(doc);
		pk_diags_spill_point(d); /* between records (diag.h) */
	}
	pk_prefetch_free(pf);
	pk_due_ctx_free(ctx);
	free(soon_ix.by_id);
	free(later_ix.by_id);
	free_taken(soon.v, soon.n);
	free_taken(later.v, later.n);
	if (p->ntaken > 1)
		qsort(p->taken, p->ntaken, sizeof *p->taken, cmp_taken);

	if (p->n > 1)
		qsort(p->v, p->n, sizeof *p->v, detention(o) ? cmp_cpp : cmp_ipp);
	p->minutes = detention(o) ? (o->minutes > 0 ? o->minutes : pk_rule_value("cpp.length", o->date)) : 0;
	/* CPP-CHAIR: the sitting's tier is that of its longest-detained case on it. */
	struct pk_cpp_sitting sitting = PK_CPP_SITTING_INIT(o->date);
	int level = PK_PF_CHAIR_NONE;
	for (size_t i = 0; i < p->n; i++) {
		struct pk_plan_case *c = &p->v[i];
		if (detention(o)) {
			/* CPP-LENGTH: first fit in priority order. */
			c->fits = p->used + c->minutes <= p->minutes;
			if (c->fits)
				p->used += c->minutes;
			if (c->fits && pk_cpp_sitting_add_days(&sitting, c->days)) {
				p->chair_case = c->id;
				p->chair_need = pk_cpp_chair_grade(pk_cpp_sitting_tier(&sitting), o->date);
			}
		} else {
			c->fits = 1; /* no length in the framework */
			if (c->chair_level > level) {
				level = c->chair_level;
				p->chair_case = c->id;
				p->chair_need = pk_pf_chair_role((enum pk_pf_chair)level);
			}
		}
		p->nfit += (size_t)c->fits;
	}
	if (o->chair)
		return judge_chair(src, o, p, d);
	return 0;
}

void pk_plan_free(struct pk_plan *p)
{
	for (size_t i = 0; i < p->n; i++) {
		free(p->v[i].id);
		free(p->v[i].reason);
		free(p->v[i].also_on);
		free(p->v[i].also);
		free(p->v[i].attendees);
		free(p->v[i].members_yaml);
		free(p->v[i].evidence);
	}
	free(p->v);
	free_taken(p->taken, p->ntaken);
	free(p->chair_grade);
	free(p->chair_why_not);
	free(p->unit);
	memset(p, 0, sizeof *p);
}

/* ---- text ---- */

static const struct pk_plan_case *chair_case(const struct pk_plan *p)
{
	for (size_t i = 0; p->chair_case && i < p->n; i++)
		if (p->v[i].id == p->chair_case)
			return &p->v[i];
	return NULL;
}

static void print_cpp_rows(FILE *out, const struct pk_plan *p, int fits, int w)
{
	char b[16];
	for (size_t i = 0; i < p->n; i++) {
		const struct pk_plan_case *c = &p->v[i];
		if (c->fits != fits)
			continue;
		fprintf(out, "  %-*s  %-11s  %-7s  %-10s  %4ld  %-9s  %3ld", w, c->id, c->purpose,
			pk_due_status_name(c->status), fmtd(c->due, b), c->days,
			c->tier ? pk_cpp_tier_name(c->tier) : "?",
			c->minutes);
		if (c->light)
			fputs("  light touch (CPP-LIGHT)", out);
		if (c->also)
			fprintf(out, "  also %s", c->also);
		if (c->also_on)
			fprintf(out, "  also on %s", c->also_on);
		fputc('\n', out);
	}
}

void pk_plan_print(FILE *out, const struct pk_plan *p, const struct pk_plan_opts *o)
{
	char b1[16], b2[16];
	int w = 4;
	for (size_t i = 0; i < p->n; i++)
		if ((int)strlen(p->v[i].id) > w)
			w = (int)strlen(p->v[i].id);
	for (size_t i = 0; i < p->ntaken; i++)
		if ((int)strlen(p->taken[i].id) > w)
			w = (int)strlen(p->taken[i].id);
	const struct pk_plan_case *cc = chair_case(p);

	if (detention(o)) {
		fprintf(out, "Detention case progression panel on %s: %ld minutes (CPP-LENGTH)\n",
			pk_date_fmt(o->date, b1), p->minutes);
		if (cc)
			fprintf(out, "Chair: %s or above (CPP-CHAIR: %s is %s, %ld days detained)\n",
				p->chair_need, cc->id, pk_cpp_tier_name(cc->tier), cc->days);
	} else {
		fprintf(out, "Progression panel (indeterminate sentences), %s, %s, on %s\n", o->setting,
			p->unit ? p->unit : o->unit, pk_date_fmt(o->date, b1));
		if (cc)
			fprintf(out, "Chair: %s (PF-CHAIR: %s %s)\n", pk_role_label(p->chair_need), cc->id,
				cc->chair_why);
	}
	if (p->chair_given) {
		fprintf(out, "Chair %s", o->chair);
		if (p->chair_grade)
			fprintf(out, " (%s)", p->chair_grade);
		if (p->chair_ok)
			fputs(": qualifies\n", out);
		else
			fprintf(out, ": does not qualify: %s\n", p->chair_why_not);
	}
	if (!p->n)
		fprintf(out, "\nNo %s cases are due by %s.\n", detention(o) ? "detention" : "matching",
			pk_date_fmt(o->date, b1));

	if (detention(o) && p->n) {
		fprintf(out, "\nOn the panel: %zu case%s, %ld of %ld minutes\n", p->nfit,
			p->nfit == 1 ? "" : "s", p->used, p->minutes);
		if (p->nfit) {
			fprintf(out, "  %-*s  %-11s  %-7s  %-10s  %4s  %-9s  %3s\n", w, "case", "purpose",
				"status", "due", "days", "tier", "min");
			print_cpp_rows(out, p, 1, w);
		}
		if (p->n > p->nfit) {
			fprintf(out, "\nRolled over (CPP-LENGTH: they stay due): %zu case%s\n", p->n - p->nfit,
				p->n - p->nfit == 1 ? "" : "s");
			print_cpp_rows(out, p, 0, w);
		}
	} else if (p->n) {
		fprintf(out, "\nCases: %zu\n", p->n);
		fprintf(out, "  %-*s  %-18s  %-7s  %-10s  %s\n", w, "case", "purpose", "status", "due",
			"deadline");
		for (size_t i = 0; i < p->n; i++) {
			const struct pk_plan_case *c = &p->v[i];
			fprintf(out, "  %-*s  %-18s  %-7s  %-10s  %s", w, c->id, c->purpose,
				pk_due_status_name(c->status), fmtd(c->due, b1), fmtd(c->deadline, b2));
			if (c->also)
				fprintf(out, "  also %s", c->also);
			if (c->also_on)
				fprintf(out, "  also on %s", c->also_on);
			fprintf(out, "\n  %*s  attend: %s\n  %*s  evidence: %s\n", w, "", c->attendees, w, "",
				c->evidence);
		}
	}
	if (p->ntaken) {
		fprintf(out, "\nAlready on a planned panel: %zu case%s\n", p->ntaken, p->ntaken == 1 ? "" : "s");
		for (size_t i = 0; i < p->ntaken; i++)
			fprintf(out, "  %-*s  %s (%s)\n", w, p->taken[i].id, p->taken[i].panel,
				pk_date_fmt(p->taken[i].date, b1));
	}
}

/* ---- JSON ---- */

/* A text's comma-separated phrases as a JSON array.  The phrases are fixed
 * words, rule IDs and people IDs (the schema's pattern allows no ", "). */
static void json_list(struct pk_jw *w, const char *key, const char *s)
{
	pk_jw_key(w, key);
	pk_jw_arr_begin(w, PK_JW_INLINE);
	for (const char *p = s; p && *p;) {
		const char *e = strstr(p, ", ");
		size_t n = e ? (size_t)(e - p) : strlen(p);
		char *part = xstrndup(p, n);
		pk_jw_str(w, part);
		free(part);
		p += n + (e ? 2 : 0);
	}
	pk_jw_arr_end(w);
}

void pk_plan_print_json(FILE *out, const struct pk_plan *p, const struct pk_plan_opts *o,
			const char *written, const char *commit)
{
	char b1[16], b2[16];
	const struct pk_plan_case *cc = chair_case(p);
	int cpp = detention(o);
	struct pk_jw w;

	/* The sitting's facts on the first line, then one line for the
	 * chair, each list and what was written. */
	pk_jw_init(&w, out);
	pk_jw_obj_begin(&w, PK_JW_INLINE);
	pk_jw_kstr(&w, "framework", cpp ? "detention" : "ipp");
	pk_jw_kstr(&w, "date", pk_date_fmt(o->date, b1));
	if (cpp) {
		pk_jw_kint(&w, "minutes", p->minutes);
		pk_jw_kint(&w, "used", p->used);
	} else {
		pk_jw_kstr(&w, "setting", o->setting);
		pk_jw_kstr(&w, "unit", p->unit ? p->unit : o->unit);
	}
	pk_jw_kstr(&w, "chair_needed", p->chair_need);
	pk_jw_kstr(&w, "chair_rule", cpp ? "CPP-CHAIR" : "PF-CHAIR");
	pk_jw_kstr(&w, "chair_case", cc ? cc->id : NULL);
	pk_jw_break(&w, 1);
	pk_jw_key(&w, "chair");
	if (p->chair_given) {
		pk_jw_obj_begin(&w, PK_JW_INLINE);
		pk_jw_kstr(&w, "person", o->chair);
		if (cpp)
			pk_jw_kstr(&w, "grade", p->chair_grade);
		pk_jw_kbool(&w, "qualifies", p->chair_ok);
		pk_jw_kstr(&w, "why_not", p->chair_ok ? NULL : p->chair_why_not);
		pk_jw_obj_end(&w);
	} else {
		pk_jw_null(&w);
	}
	pk_jw_break(&w, 1);
	pk_jw_key(&w, "cases");
	pk_jw_arr_begin(&w, PK_JW_LINES(1));
	for (size_t i = 0; i < p->n; i++) {
		const struct pk_plan_case *c = &p->v[i];
		pk_jw_obj_begin(&w, PK_JW_INLINE);
		pk_jw_kstr(&w, "case", c->id);
		pk_jw_kstr(&w, "purpose", c->purpose);
		pk_jw_kstr(&w, "status", pk_due_status_name(c->status));
		pk_jw_kstr(&w, "due", pk_date_fmt_or_null(c->due, b1));
		pk_jw_kstr(&w, "deadline", pk_date_fmt_or_null(c->deadline, b2));
		pk_jw_kstr(&w, "reason", c->reason);
		json_list(&w, "also", c->also);
		pk_jw_kstr(&w, "also_on", c->also_on);
		if (cpp) {
			pk_jw_kbool(&w, "on_panel", c->fits);
			pk_jw_kint(&w, "days_detained", c->days);
			pk_jw_kstr(&w, "tier", pk_cpp_tier_name(c->tier));
			pk_jw_kbool(&w, "light_touch", c->light);
			pk_jw_kint(&w, "minutes", c->minutes);
		} else {
			json_list(&w, "attendees", c->attendees);
			json_list(&w, "evidence", c->evidence);
		}
		pk_jw_obj_end(&w);
	}
	pk_jw_arr_end(&w);
	pk_jw_break(&w, 1);
	pk_jw_key(&w, "already_planned");
	pk_jw_arr_begin(&w, PK_JW_LINES(1));
	for (size_t i = 0; i < p->ntaken; i++) {
		pk_jw_obj_begin(&w, PK_JW_INLINE);
		pk_jw_kstr(&w, "case", p->taken[i].id);
		pk_jw_kstr(&w, "panel", p->taken[i].panel);
		pk_jw_kstr(&w, "date", pk_date_fmt(p->taken[i].date, b1));
		pk_jw_obj_end(&w);
	}
	pk_jw_arr_end(&w);
	pk_jw_break(&w, 1);
	pk_jw_kstr(&w, "written", written);
	pk_jw_kstr(&w, "commit", commit);
	pk_jw_obj_end(&w);
	pk_jw_text(&w, "\n");
}

/* ---- writing ---- */

/* PF 7.7: panels are named for their unit: "HMP Larkhill Vale" ->
 * LARKHILLVALE (HMP, HMYOI, YOI and PDU are left out). */
static void unit_slug(struct sbuf *b, const char *unit)
{
	static const char *const skip[] = {"HMP", "HMYOI", "YOI", "PDU", "HMP/YOI"};
	size_t before = b->len;
	const char *s = unit;
	while (*s) {
		while (*s && isspace((unsigned char)*s))
			s++;
		size_t n = 0;
		while (s[n] && !isspace((unsigned char)s[n]))
			n++;
		int drop = 0;
		for (size_t k = 0; k < PK_ARRAY_LEN(skip); k++)
			drop |= strlen(skip[k]) == n && strncasecmp(s, skip[k], n) == 0;
		for (size_t k = 0; !drop && k < n; k++)
			if (isalnum((unsigned char)s[k]))
				sbuf_addc(b, (char)toupper((unsigned char)s[k]));
		s += n;
	}
	if (b->len == before)
		sbuf_adds(b, "PANEL");
	if (b->len - before > 40) { /* IDs are at most 64 characters */
		b->len = before + 40;
		b->s[b->len] = '\0';
	}
}

/* Candidate k (0..25) of the panel ID. */
static char *candidate(const struct pk_plan_opts *o, int k)
{
	char b[16];
	struct sbuf id = SBUF_INIT;
	if (detention(o)) {
		sbuf_addf(&id, "CPP-%s-%c", pk_date_fmt(o->date, b), 'A' + k);
	} else {
		sbuf_addf(&id, "PP-%s-", pk_date_fmt(o->date, b));
		unit_slug(&id, o->unit);
		if (k)
			sbuf_addf(&id, "-%c", 'A' + k);
	}
	return sbuf_detach(&id);
}

/* KIT-IDS: IDs are unique across cases, panels and people. */
static int id_used(const char *root, const char *id)
{
	static const char *const dirs[] = {"panels", "cases", "people"};
	struct stat st;
	for (size_t i = 0; i < PK_ARRAY_LEN(dirs); i++) {
		struct sbuf path = SBUF_INIT;
		sbuf_addf(&path, "%s/%s/%s.yaml", root, dirs[i], id);
		int used = lstat(path.s, &st) == 0;
		sbuf_free(&path);
		if (used)
			return 1;
	}
	return 0;
}

char *pk_plan_next_id(const char *root, const struct pk_plan_opts *o)
{
	for (int k = 0; k < 26; k++) {
		char *id = candidate(o, k);
		if (!id_used(root, id))
			return id;
		free(id);
	}
	return NULL;
}

char *pk_plan_yaml(const struct pk_plan *p, const struct pk_plan_opts *o, const char *id)
{
	char b[16];
	struct sbuf y = SBUF_INIT;
	const struct pk_plan_case *cc = chair_case(p);
	/* the editors' schema of the panel's framework (schemagen.h) */
	sbuf_addf(&y, "# yaml-language-server: $schema=../schema/panel-%s.schema.json\n",
		  detention(o) ? "detention" : "ipp");
	if (detention(o)) {
		long inv = pk_rule_value("cpp.invite", o->date), rep = pk_rule_value("cpp.report", o->date);
		long conf = pk_rule_value("cpp.confirm", o->date);
		sbuf_addf(&y, "# Planned with `panel plan`: %zu case%s, %ld of %ld minutes (CPP-LENGTH).\n",
			  p->nfit, p->nfit == 1 ? "" : "s", p->used, p->minutes);
		if (cc)
			sbuf_addf(&y, "# CPP-CHAIR: a chair of grade %s or above (%s is %s on %s).\n", p->chair_need,
				  cc->id, pk_cpp_tier_name(cc->tier), pk_date_fmt(o->date, b));
		sbuf_adds(&y, "# Due by (record each field as the date it was done):\n");
		sbuf_addf(&y, "#   invitations_sent      %s  (CPP-INVITE: %ld days before)\n",
			  pk_date_fmt(pk_add_days(o->date, -inv), b), inv);
		sbuf_addf(&y, "#   report_sent           %s  (CPP-REPORT: %ld days before)\n",
			  pk_date_fmt(pk_add_days(o->date, -rep), b), rep);
		sbuf_addf(&y, "#   attendance_confirmed  %s  (CPP-INVITE: %ld days before)\n",
			  pk_date_fmt(pk_add_days(o->date, -conf), b), conf);
		sbuf_adds(&y, "# Members to invite (CPP-QUORUM): fno-rc, nrpc, returns-logistics,\n"
			      "# litigation-ops, ipm; a CPP officer as secretariat (CPP-SECRETARIAT).\n");
		if (p->n > p->nfit) {
			sbuf_adds(&y, "# Rolled over (CPP-LENGTH, still due):");
			for (size_t i = 0; i < p->n; i++)
				if (!p->v[i].fits)
					sbuf_addf(&y, " %s", p->v[i].id);
			sbuf_addc(&y, '\n');
		}
	} else {
		long ag = pk_rule_value("pf.agenda", o->date);
		sbuf_addf(&y, "# Planned with `panel plan`: %zu case%s of %s (PF 7.7).\n", p->nfit,
			  p->nfit == 1 ? "" : "s", p->unit ? p->unit : o->unit);
		if (cc)
			sbuf_addf(&y, "# PF-CHAIR: a %s chair (%s %s).\n", pk_role_label(p->chair_need), cc->id,
				  cc->chair_why);
		sbuf_addf(&y, "# Due by: each person's agenda (person.agenda_sent) %s\n"
			      "# (PF-AGENDA: %ld days before).\n",
			  pk_date_fmt(pk_add_days(o->date, -ag), b), ag);
		sbuf_addf(&y, "# Core attendees (%s): %s.\n",
			  strcmp(o->setting, "custody") == 0 ? "PF-CORE-CUSTODY" : "PF-CORE-COMMUNITY",
			  strcmp(o->setting, "custody") == 0
				  ? "homd, lead-spo, psychology, case-admin (or secretariat)"
				  : "pdu-spo, psychology where involved, case-admin (or secretariat)");
	}
	sbuf_addf(&y, "id: %s\nframework: %s\ndate: %s\n", id, detention(o) ? "detention" : "ipp",
		  pk_date_fmt(o->date, b));
	if (detention(o))
		sbuf_addf(&y, "length: %ld\n", p->minutes);
	sbuf_adds(&y, "status: planned\n");
	if (!detention(o)) {
		/* The unit is free text: quoted, so ": " or "#" stay text. */
		sbuf_addf(&y, "setting: %s\nunit: \"", o->setting);
		for (const char *s = p->unit ? p->unit : o->unit; *s; s++) {
			if (*s == '"' || *s == '\\')
				sbuf_addc(&y, '\\');
			sbuf_addc(&y, *s);
		}
		sbuf_adds(&y, "\"\n");
	}
	if (o->chair)
		sbuf_addf(&y, "chair: %s\n", o->chair);
	if (!detention(o)) {
		struct sbuf mem = SBUF_INIT;
		for (size_t i = 0; i < p->n; i++) {
			/* One entry per person and role, however many cases. */
			const char *m = p->v[i].members_yaml;
			while (m && *m) {
				const char *nl = strchr(m, '\n');
				size_t len = nl ? (size_t)(nl - m + 1) : strlen(m);
				char *line = xstrndup(m, len);
				if (!mem.s || !strstr(mem.s, line))
					sbuf_adds(&mem, line);
				free(line);
				m += len;
			}
		}
		if (mem.len)
			sbuf_addf(&y, "members:\n%s", mem.s);
		sbuf_free(&mem);
	}
	sbuf_adds(&y, "cases:\n");
	for (size_t i = 0; i < p->n; i++) {
		const struct pk_plan_case *c = &p->v[i];
		if (!c->fits)
			continue;
		sbuf_addf(&y, "  - case: %s\n    purpose: %s\n", c->id, c->purpose);
		if (c->also)
			sbuf_addf(&y, "    # also due, met by this sitting: %s\n", c->also);
		if (!detention(o))
			sbuf_addf(&y, "    # attend: %s\n    # evidence: %s\n", c->attendees, c->evidence);
	}
	return sbuf_detach(&y);
}

/* 1 when root is inside a git work tree (KIT-HISTORY: then changes are
 * commits). */
static int in_work_tree(const char *root)
{
	git_repository *repo = NULL;
	git_libgit2_init();
	int found = git_repository_open_ext(&repo, root, 0, NULL) == 0 && !git_repository_is_bare(repo);
	git_repository_free(repo);
	git_libgit2_shutdown();
	return found;
}

/* Commits the new record through the validated path; 0, or -1 with the
 * reason in d. */
static int commit_plan(const char *root, const char *id, const char *relpath, const char *text,
		       const struct pk_plan *p, const struct pk_plan_opts *o, char *oid,
		       struct pk_diags *d)
{
	char b[16];
	struct sbuf msg = SBUF_INIT;
	struct pk_file_change f = {relpath, text, strlen(text)};
	struct pk_commit_opts co;
	struct pk_commit_result res;
	memset(&co, 0, sizeof co);
	sbuf_addf(&msg, "Plan %s: %zu case%s for %s (panel plan)", id, p->nfit, p->nfit == 1 ? "" : "s",
		  pk_date_fmt(o->date, b));
	co.message = msg.s;
	co.today = o->today;
	enum pk_commit_status st = pk_history_commit_files(root, &f, 1, &co, &res, d);
	sbuf_free(&msg);
	if (st == PK_COMMIT_DONE)
		memcpy(oid, res.oid, sizeof res.oid);
	free(res.message);
	if (st == PK_COMMIT_DONE)
		return 0;
	if (st == PK_COMMIT_REFUSED)
		pk_diag_add(d, PK_ERROR, relpath, 0, 0, NULL, "KIT-HISTORY", NULL,
			    "the planned panel did not pass validation; nothing was written");
	return -1;
}

/* The line pk_plan_yaml puts second: a panel file panel plan wrote. */
static const char planned_mark[] = "\n# Planned with `panel plan`: ";

int pk_plan_finish(const char *root, const struct pk_plan_opts *o, char **rel, char *oid,
		   struct pk_diags *d)
{
	oid[0] = '\0';
	if (!in_work_tree(root))
		return 0;
	for (int k = 0; k < 26; k++) {
		char *id = candidate(o, k);
		struct sbuf path = SBUF_INIT, relp = SBUF_INIT;
		sbuf_addf(&path, "%s/panels/%s.yaml", root, id);
		sbuf_addf(&relp, "panels/%s.yaml", id);
		char err[256], *buf = NULL;
		size_t len;
		int mine = pk_read_file(path.s, 4u << 20, 1, &buf, &len, err, sizeof err) == 0 &&
			   strstr(buf, planned_mark) != NULL && strstr(buf, "\nstatus: planned\n") != NULL;
		int ret = 0;
		if (mine) {
			/* Ours if HEAD does not have it: commit it as the killed run
			 * would have (the validated path; nothing new is planned). */
			size_t ncases = 0;
			for (const char *q = buf; (q = strstr(q, "\n  - case: ")); q++)
				ncases++;
			char b[16];
			struct sbuf msg = SBUF_INIT;
			sbuf_addf(&msg, "Plan %s: %zu case%s for %s (panel plan, finishing a run that was "
				  "interrupted)", id, ncases, ncases == 1 ? "" : "s", pk_date_fmt(o->date, b));
			struct pk_commit_opts co;
			struct pk_commit_result res;
			memset(&co, 0, sizeof co);
			co.message = msg.s;
			co.today = o->today;
			char *paths[] = {relp.s};
			enum pk_commit_status st = pk_history_commit(root, paths, 1, &co, &res, d);
			if (st == PK_COMMIT_DONE) {
				memcpy(oid, res.oid, sizeof res.oid);
				*rel = sbuf_detach(&relp);
				ret = 1;
			} else if (st != PK_COMMIT_NOTHING) {
				pk_diag_add(d, PK_ERROR, relp.s, 0, 0, NULL, "KIT-HISTORY",
					    "fix it and run 'panel commit', or remove it and plan again",
					    "an earlier panel plan --write wrote this panel and was interrupted "
					    "before committing it; it cannot be committed as it is");
				ret = -1;
			}
			free(res.message);
			sbuf_free(&msg);
		}
		free(buf);
		free(id);
		sbuf_free(&path);
		sbuf_free(&relp);
		if (ret)
			return ret;
	}
	return 0;
}

int pk_plan_write(const char *root, const struct pk_plan *p, const struct pk_plan_opts *o,
		  int commit, char **rel, char *oid, struct pk_diags *d)
{
	struct sbuf dir = SBUF_INIT;
	oid[0] = '\0';
	sbuf_addf(&dir, "%s/panels", root);
	if (mkdir(dir.s, 0777) < 0 && errno != EEXIST) {
		pk_diag_add(d, PK_ERROR, dir.s, 0, 0, NULL, "KIT-IO", NULL, "cannot create: %s", strerror(errno));
		sbuf_free(&dir);
		return -1;
	}
	sbuf_free(&dir);
	int git = commit && in_work_tree(root);
	for (int k = 0; k < 26; k++) {
		char *id = candidate(o, k);
		if (id_used(root, id)) {
			free(id);
			continue;
		}
		char *text = pk_plan_yaml(p, o, id);
		struct sbuf path = SBUF_INIT, relp = SBUF_INIT;
		sbuf_addf(&path, "%s/panels/%s.yaml", root, id);
		sbuf_addf(&relp, "panels/%s.yaml", id);
		/* excl: never over an existing panel, even one written meanwhile;
		 * the file so made is ours, and the commit writes the same bytes. */
		int r = pk_write_atomic(path.s, text, strlen(text), 1);
		int err = errno;
		if (r == 0 && git && commit_plan(root, id, relp.s, text, p, o, oid, d) < 0) {
			unlink(path.s);
			r = -1;
			err = 0;
		}
		free(text);
		sbuf_free(&path);
		if (r == 0) {
			*rel = sbuf_detach(&relp);
			free(id);
			return 0;
		}
		sbuf_free(&relp);
		if (err != EEXIST) {
			if (err)
				pk_diag_add(d, PK_ERROR, id, 0, 0, NULL, "KIT-IO", NULL,
					    "cannot write panels/%s.yaml: %s", id, strerror(err));
			free(id);
			return -1;
		}
		free(id);
	}
	pk_diag_add(d, PK_ERROR, "panels", 0, 0, NULL, "KIT-IDS", "give the sitting another date",
		    "every panel ID for this date is taken (A to Z)");
	return -1;
}
