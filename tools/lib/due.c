/* due.c: the scheduling engine (RULES.md A and B).
 *
 * The context holds the panels (few); cases stream through pk_due_case one
 * at a time.  Every interval is read from the rule table (rules.c) at the
 * context's as-of date; every reading of vague policy lives there too.
 *
 * Readings made here, beyond RULES.md (each also stated in explain output):
 *  - A panel "counts" for a case when its status is held, its date is on or
 *    before as-of, and the case's entry is not `reached: false` (CPP-LENGTH:
 *    a case not reached stays due).
 *  - CPP-CYCLE: the item is the earliest review after the last review a
 *    panel counted for (CPP-WINDOW); missed reviews before that are not
 *    listed one by one, the reason counts them.
 *  - CPP-ADHOC without a `due` date: the first planned detention panel on or
 *    after the referral date and as-of (a planned panel dated before as-of
 *    was not held, so it is not "the next panel"); none -> pending.
 *  - CPP-REREFER: the re-referral date is the review's due date; any held
 *    panel after the re-referring panel satisfies it.
 *  - PF routine intervals (PF-CUSTODY-RAG, PF-COMMUNITY-RAG, PF-LIFE) run
 *    from the last *routine* panel of the current period, or the last
 *    panel marked reset_cycle (PF-RESET).  Routine = purpose absent or one
 *    of PF-CUSTODY-RAG, PF-COMMUNITY-RAG, PF-LIFE, PF-COMMUNITY-FIRST; the
 *    first panel of a period also starts its cycle.  The period is custody
 *    since the last return on recall (or ever, never released), community
 *    since the last release.  A period that began with a recall or release
 *    has no routine item until its first panel (PF-RECALL /
 *    PF-COMMUNITY-FIRST covers it).
 *  - The RAG in force is the latest rating dated on or before as-of, of
 *    two on one day the later in the list (pf.c, pk_pf_rag_on: the same
 *    reading for checks, documents and reports).
 *  - Event rules (PF-SATISFIED): due on the event day, deadline event +
 *    interval, satisfied by any panel held on or after the event (a panel
 *    after the deadline clears it too: explain says "late").
 *  - "Ahead of" rules (planned key stages, PF-SUSPENSION, PF-TERMINATION):
 *    due = deadline = the target date; satisfied by any panel held from
 *    pf.ahead.lookback (3 months) before the target.
 *  - PF-SUSPENSION points: IPP 3y then 4y, DPP 2y then 3y, from the last
 *    release; the next point is the first after the last declined
 *    consideration; after both, none.  Life: 10y, then 12 months after the
 *    last declined consideration.
 */
#include "due.h"
#include "lifecycle.h"
#include "pf.h"
#include "prefetch.h"
#include "rules.h"
#include "mem.h"
#include "text.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---------- small things ---------- */

const char *pk_due_status_name(enum pk_due_status s)
{
	static const char *const names[] = {"overdue", "due", "upcoming", "pending"};
	return (unsigned)s < 4 ? names[s] : "?";
}

void pk_lines_add(struct pk_lines *l, const char *fmt, ...)
{
	struct sbuf b = SBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	sbuf_vaddf(&b, fmt, ap);
	va_end(ap);
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 32;
		l->v = xrealloc(l->v, l->cap * sizeof *l->v);
	}
	l->v[l->n++] = b.s ? sbuf_detach(&b) : xstrdup("");
}

void pk_lines_free(struct pk_lines *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

static void item_free(struct pk_due_item *it)
{
	free(it->case_id);
	free(it->sentence);
	free(it->team);
	free(it->unit);
	free(it->reason);
	free(it->fact_file);
}

void pk_due_list_clear(struct pk_due_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		item_free(&l->v[i]);
	l->n = 0;
}

void pk_due_list_free(struct pk_due_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		item_free(&l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

int pk_due_key_cmp(const struct pk_due_key *a, const struct pk_due_key *b)
{
	int oa = a->status == PK_DUE_OVERDUE, ob = b->status == PK_DUE_OVERDUE;
	if (oa != ob)
		return ob - oa;
	int pa = a->status == PK_DUE_PENDING, pb = b->status == PK_DUE_PENDING;
	if (pa != pb)
		return pa - pb;
	if (a->deadline != b->deadline)
		return a->deadline < b->deadline ? -1 : 1;
	int c = strcmp(a->case_id, b->case_id);
	if (c)
		return c;
	if (a->due != b->due)
		return a->due < b->due ? -1 : 1;
	c = strcmp(a->rule, b->rule);
	if (c)
		return c;
	return strcmp(a->reason ? a->reason : "", b->reason ? b->reason : "");
}

int pk_due_item_cmp(const struct pk_due_item *a, const struct pk_due_item *b)
{
	struct pk_due_key ka = {a->status, a->deadline, a->due, a->case_id, a->rule, a->reason};
	struct pk_due_key kb = {b->status, b->deadline, b->due, b->case_id, b->rule, b->reason};
	return pk_due_key_cmp(&ka, &kb);
}

static int item_qcmp(const void *a, const void *b)
{
	return pk_due_item_cmp(a, b);
}

void pk_due_sort(struct pk_due_list *l)
{
	if (l->n > 1)
		qsort(l->v, l->n, sizeof *l->v, item_qcmp);
}

/* ---------- the panel index ----------
 * One flat array of every case entry of every held panel, sorted by case,
 * then reached before not reached, then date: a case's history is a run of
 * it, found through a hash of case IDs.  Strings live in a block pool.
 * About 100 bytes per panel entry, nothing per case without a panel. */

struct slot {
	const char *case_id;     /* NULL: empty */
	uint32_t start, n, nskipped;
};

struct blk {
	struct blk *next;
	size_t used, cap;
	char data[];
};

struct pk_due_ctx {
	struct pk_source *src;
	struct pk_diags *d;
	pk_date as_of;
	size_t bad_panels;
	struct pk_held *held;    /* see above */
	size_t nheld, capheld;
	struct slot *slots;      /* open addressing, power-of-two size */
	size_t nslots;
	struct pk_planned *planned;
	size_t nplanned, capplanned;
	struct blk *pool;        /* panel IDs, paths, case IDs */
	const char *purposes[64];/* interned purposes (rule IDs: few) */
	size_t npurposes;
	struct pk_action *acts;  /* actions of held entries (pk_held.act_*) */
	size_t nacts, capacts;
	int after;               /* pk_due_opts.after */
	const char *const *only; /* pk_due_opts.only, n_only */
	size_t n_only;
};

/* Is case cid one the context keeps (pk_due_opts.only)? */
static int kept_case(const struct pk_due_ctx *c, const char *cid)
{
	return !c->only || bsearch(&cid, c->only, c->n_only, sizeof *c->only, pk_str_cmp);
}

static const char *keep(struct pk_due_ctx *c, const char *s)
{
	if (!s)
		return NULL;
	size_t n = strlen(s) + 1;
	struct blk *b = c->pool;
	if (!b || b->cap - b->used < n) {
		size_t cap = n > 65536 ? n : 65536;
		b = xmalloc(sizeof *b + cap);
		b->used = 0;
		b->cap = cap;
		b->next = c->pool;
		c->pool = b;
	}
	char *p = memcpy(b->data + b->used, s, n);
	b->used += n;
	return p;
}

static const char *keep_purpose(struct pk_due_ctx *c, const char *s)
{
	if (!s)
		return NULL;
	for (size_t i = 0; i < c->npurposes; i++)
		if (strcmp(c->purposes[i], s) == 0)
			return c->purposes[i];
	const char *k = keep(c, s);
	if (c->npurposes < PK_ARRAY_LEN(c->purposes))
		c->purposes[c->npurposes++] = k;
	return k;
}

static uint64_t fnv(const char *s)
{
	uint64_t h = 1469598103934665603ull;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

static struct slot *find_slot(const struct pk_due_ctx *c, const char *id)
{
	if (!c->nslots)
		return NULL;
	size_t i = (size_t)fnv(id) & (c->nslots - 1);
	for (;;) {
		struct slot *s = &c->slots[i];
		if (!s->case_id || strcmp(s->case_id, id) == 0)
			return s;
		i = (i + 1) & (c->nslots - 1);
	}
}

static void add_held(struct pk_due_ctx *c, const struct pk_held *h)
{
	if (c->nheld == c->capheld) {
		c->capheld = c->capheld ? c->capheld + c->capheld / 2 : 256;
		c->held = xrealloc(c->held, c->capheld * sizeof *c->held);
	}
	c->held[c->nheld++] = *h;
}

static enum pk_framework fw_of(const char *s)
{
	if (s && strcmp(s, "detention") == 0)
		return PK_FW_DETENTION;
	if (s && strcmp(s, "ipp") == 0)
		return PK_FW_IPP;
	return PK_FW_UNKNOWN;
}

static int is_false(const struct pk_node *n)
{
	return n && n->kind == PK_SCALAR && pk_scalar_type(n) == PK_T_BOOL &&
	       (n->str[0] == 'f' || n->str[0] == 'F');
}

/* Display path made repository-relative: "cases/X.yaml" whatever -C is. */
static const char *relpath(const struct pk_due_ctx *c, const char *disp)
{
	const char *p = c->src && c->src->prefix ? c->src->prefix : "";
	size_t n = strlen(p);
	return n && strncmp(disp, p, n) == 0 ? disp + n : disp;
}

/* The dates a held entry set and its actions (PF-NEXT-PANEL, CPP-DECIDE-BY,
 * CPP-ACTION, PF-ACTION), read only for pk_due_opts.after. */
static void index_after(struct pk_due_ctx *c, struct pk_held *h, const struct pk_node *e,
			const char *pid, const char *cid)
{
	h->next_panel = h->decide_by = PK_NODATE;
	if (!c->after)
		return;
	const struct pk_node *np = pk_map_get(e, "next_panel");
	h->next_panel = pk_node_date(e, "next_panel");
	h->next_line = np ? np->line : 0;
	const char *rec = pk_get_str(e, "recommendation");
	if (rec && strcmp(rec, "none") == 0) {
		const struct pk_node *db = pk_map_get(e, "decide_by");
		h->decide_by = pk_node_date(e, "decide_by");
		h->decide_line = db ? db->line : 0;
	}
	const struct pk_node *acts = pk_map_get(e, "actions");
	h->act_start = (uint32_t)c->nacts;
	for (size_t i = 0; acts && acts->kind == PK_SEQ && i < acts->n; i++) {
		const struct pk_node *a = acts->items[i];
		if (a->kind != PK_MAP)
			continue;
		if (c->nacts == c->capacts) {
			c->capacts = c->capacts ? c->capacts * 2 : 64;
			c->acts = xrealloc(c->acts, c->capacts * sizeof *c->acts);
		}
		struct pk_action *x = &c->acts[c->nacts++];
		const char *id = pk_get_str(a, "id");
		char buf[200];
		if (!id) {
			/* An identity for an action recorded without one: its place. */
			snprintf(buf, sizeof buf, "%s/%s/%zu", pid, cid, i + 1);
			id = buf;
		}
		x->id = keep(c, id);
		x->text = keep(c, pk_get_str(a, "action") ? pk_get_str(a, "action") : "(no text)");
		x->owner = keep(c, pk_get_str(a, "owner"));
		x->due = pk_node_date(a, "due");
		x->done = pk_node_date(a, "done");
		x->line = a->line;
	}
	h->act_n = (uint32_t)(c->nacts - h->act_start);
}

static void index_panel(struct pk_due_ctx *c, const struct pk_doc *doc)
{
	const struct pk_node *root = pk_doc_root(doc);
	if (!root || root->kind != PK_MAP)
		return;
	const char *status = pk_get_str(root, "status");
	const char *id = pk_get_str(root, "id");
	pk_date date = pk_node_date(root, "date");
	enum pk_framework fw = fw_of(pk_get_str(root, "framework"));
	if (!status || !id || date == PK_NODATE)
		return; /* panel validate reports it */
	const char *file = keep(c, relpath(c, pk_doc_path(doc)));
	const char *pid = keep(c, id);
	/* PF-RECORD (PF 10.7): a rescheduled sitting is planned on its new date. */
	const struct pk_node *dn = pk_map_get(root, "date");
	if (strcmp(status, "rescheduled") == 0) {
		date = pk_node_date(root, "rescheduled_to");
		dn = pk_map_get(root, "rescheduled_to");
		if (date == PK_NODATE)
			return;
		status = "planned";
	}
	if (strcmp(status, "planned") == 0) {
		if (c->nplanned == c->capplanned) {
			c->capplanned = c->capplanned ? c->capplanned * 2 : 16;
			c->planned = xrealloc(c->planned, c->capplanned * sizeof *c->planned);
		}
		c->planned[c->nplanned++] = (struct pk_planned){date, fw, pid, file, dn ? dn->line : 0};
		return;
	}
	/* Only a sitting that took place, by as-of, counts (CPP-CYCLE, PF-SATISFIED). */
	if (strcmp(status, "held") != 0 || date > c->as_of)
		return;
	const struct pk_node *cases = pk_map_get(root, "cases");
	if (!cases || cases->kind != PK_SEQ)
		return;
	for (size_t i = 0; i < cases->n; i++) {
		const struct pk_node *e = cases->items[i];
		const char *cid = pk_get_str(e, "case");
		if (!cid || !kept_case(c, cid))
			continue;
		const struct pk_node *rr = pk_get(e, "audit.rerefer");
		struct pk_held h;
		memset(&h, 0, sizeof h);
		h.date = date;
		h.fw = fw;
		h.panel_id = pid;
		h.purpose = keep_purpose(c, pk_get_str(e, "purpose"));
		h.reset_cycle = pk_get_bool(e, "reset_cycle");
		h.rerefer = pk_node_date(e, "audit.rerefer");
		h.file = file;
		h.line = e->line;
		h.rerefer_line = rr ? rr->line : 0;
		h.case_id = keep(c, cid);
		/* CPP-LENGTH: a case not reached rolls over and stays due. */
		h.reached = pk_entry_reached(e);
		index_after(c, &h, e, pid, cid);
		add_held(c, &h);
	}
}

static int held_cmp(const void *a, const void *b)
{
	const struct pk_held *x = a, *y = b;
	int c = strcmp(x->case_id, y->case_id);
	if (c)
		return c;
	if (x->reached != y->reached)
		return y->reached - x->reached;
	if (x->date != y->date)
		return x->date < y->date ? -1 : 1;
	return strcmp(x->panel_id, y->panel_id);
}

static int planned_cmp(const void *a, const void *b)
{
	const struct pk_planned *x = a, *y = b;
	if (x->date != y->date)
		return x->date < y->date ? -1 : 1;
	return strcmp(x->panel_id, y->panel_id);
}

struct pk_due_ctx *pk_due_ctx_new(struct pk_source *src, const struct pk_due_opts *opts,
				  struct pk_diags *d)
{
	struct pk_due_ctx *c = xcalloc(1, sizeof *c);
	c->src = src;
	c->d = d;
	c->as_of = opts->as_of;
	c->after = opts->after;
	c->only = opts->only;
	c->n_only = opts->n_only;
	/* The panels read and parsed on the other cores too (prefetch.h).
	 * Keeping a few cases, only a panel that could name one of them or
	 * be planned (every planned sitting counts: the next one sets an ad
	 * hoc referral's deadline) is parsed. */
	struct pk_names *names = NULL;
	if (src && opts->only) {
		const char **want = xcalloc(opts->n_only + 2, sizeof *want);
		memcpy(want, opts->only, opts->n_only * sizeof *want);
		want[opts->n_only] = "planned";
		want[opts->n_only + 1] = "rescheduled";
		names = pk_names_new(want, opts->n_only + 2);
		free(want);
	}
	struct pk_prefetch *pf = !src ? NULL
				 : names ? pk_prefetch_new_naming(src, PK_R_PANEL, names)
					 : pk_prefetch_new(src, PK_R_PANEL, NULL);
	struct pk_prefetched got;
	for (;;) {
		struct pk_diags scratch = PK_DIAGS_INIT;
		struct pk_diags *into = d ? d : &scratch;
		size_t before = into->errors;
		if (!pf || !pk_prefetch_next(pf, &got, into))
			break;
		/* A panel left unparsed by the names is not a bad one. */
		if ((!got.doc && (!names || into->errors > before)) || (d && d->errors > before))
			c->bad_panels++;
		if (got.doc)
			index_panel(c, got.doc);
		if (got.doc && opts->each_panel)
			opts->each_panel(opts->each_arg, got.doc);
		pk_doc_free(got.doc);
		pk_diags_free(&scratch);
	}
	pk_prefetch_free(pf);
	pk_names_free(names);
	c->only = NULL; /* the caller's, read while the panels were */
	if (c->nheld > 1)
		qsort(c->held, c->nheld, sizeof *c->held, held_cmp);
	size_t ncases = 0;
	for (size_t i = 0; i < c->nheld; i++)
		ncases += i == 0 || strcmp(c->held[i].case_id, c->held[i - 1].case_id) != 0;
	for (c->nslots = 16; c->nslots < ncases * 2; c->nslots *= 2)
		;
	c->slots = xcalloc(c->nslots, sizeof *c->slots);
	for (size_t i = 0; i < c->nheld; i++) {
		struct slot *sl = find_slot(c, c->held[i].case_id);
		if (!sl->case_id) {
			sl->case_id = c->held[i].case_id;
			sl->start = (uint32_t)i;
		}
		if (c->held[i].reached)
			sl->n++;
		else
			sl->nskipped++;
	}
	if (c->nplanned > 1)
		qsort(c->planned, c->nplanned, sizeof *c->planned, planned_cmp);
	return c;
}

void pk_due_ctx_free(struct pk_due_ctx *c)
{
	if (!c)
		return;
	free(c->slots);
	free(c->held);
	free(c->planned);
	free(c->acts);
	for (struct blk *b = c->pool, *nx; b; b = nx) {
		nx = b->next;
		free(b);
	}
	free(c);
}

pk_date pk_due_as_of(const struct pk_due_ctx *c) { return c->as_of; }
size_t pk_due_bad_panels(const struct pk_due_ctx *c) { return c->bad_panels; }

const struct pk_held *pk_due_history(const struct pk_due_ctx *c, const char *case_id, size_t *n)
{
	struct slot *s = find_slot(c, case_id);
	*n = s && s->case_id ? s->n : 0;
	return *n ? &c->held[s->start] : NULL;
}

const struct pk_action *pk_due_actions(const struct pk_due_ctx *c, const struct pk_held *h,
				       size_t *n)
{
	*n = h->act_n;
	return h->act_n && h->act_start < c->nacts ? &c->acts[h->act_start] : NULL;
}

const struct pk_planned *pk_due_next_planned(const struct pk_due_ctx *c, enum pk_framework fw,
					     pk_date from)
{
	for (size_t i = 0; i < c->nplanned; i++)
		if (c->planned[i].fw == fw && c->planned[i].date >= from)
			return &c->planned[i];
	return NULL;
}

/* ---------- one case ---------- */

struct run {
	struct pk_due_ctx *c;
	const struct pk_doc *doc;
	const struct pk_node *root;
	const char *file;        /* repository-relative path of the case */
	const char *id;
	enum pk_framework fw;
	const char *sentence;    /* ipp/dpp/life, NULL for detention */
	const char *setting;
	const char *team, *unit;
	pk_date as_of;
	pk_date start;           /* detention.start */
	const struct pk_held *held;
	size_t nheld;            /* panels of this case's framework */
	struct pk_held *own;     /* filtered copy (owned) */
	struct pk_due_list *out;
	struct pk_lines *ex;
};

#define EX(r, ...) do { if ((r)->ex) pk_lines_add((r)->ex, __VA_ARGS__); } while (0)

static char *fmtd(pk_date d, char *buf)
{
	return pk_date_fmt(d, buf);
}

/* "[PF 6.2: Red: every 12 months]" */
static const char *cite(const struct pk_rule *rule, char *buf, size_t n)
{
	char c[64];
	snprintf(buf, n, "[%s: %s%s]", pk_rule_cite(rule, c, sizeof c), rule->text,
		 rule->interpretation == 1 ? "; interpretation"
		 : rule->interpretation == 2 ? "; interpretation (panelkit's own reading)" : "");
	return buf;
}

static enum pk_due_status status_of(pk_date due, pk_date deadline, pk_date as_of)
{
	if (due == PK_NODATE)
		return PK_DUE_PENDING;
	if (as_of > deadline)
		return PK_DUE_OVERDUE;
	if (as_of >= due)
		return PK_DUE_DUE;
	return PK_DUE_UPCOMING;
}

static struct pk_due_item *emit(struct run *r, const char *rule, pk_date due, pk_date deadline,
				const char *fact_file, unsigned fact_line, const char *fmt, ...)
	__attribute__((format(printf, 7, 8)));

static struct pk_due_item *emit(struct run *r, const char *rule, pk_date due, pk_date deadline,
				const char *fact_file, unsigned fact_line, const char *fmt, ...)
{
	struct pk_due_list *l = r->out;
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 8;
		l->v = xrealloc(l->v, l->cap * sizeof *l->v);
	}
	struct pk_due_item *it = &l->v[l->n++];
	memset(it, 0, sizeof *it);
	it->case_id = xstrdup(r->id);
	it->fw = r->fw;
	it->framework = r->fw == PK_FW_DETENTION ? "detention" : "ipp";
	it->sentence = r->sentence ? xstrdup(r->sentence) : NULL;
	it->setting = r->setting;
	it->team = r->team ? xstrdup(r->team) : NULL;
	it->unit = r->unit ? xstrdup(r->unit) : NULL;
	it->rule = rule;
	it->due = due;
	it->deadline = deadline;
	it->anchor = due;
	it->status = status_of(due, deadline, r->as_of);
	it->days_detained = -1;
	if (r->fw == PK_FW_DETENTION && r->start != PK_NODATE) {
		/* CPP-TIER on the due date (on as-of while the date is unknown). */
		pk_date on = due != PK_NODATE ? due : r->as_of;
		it->days_detained = pk_cpp_days_since(r->start, on);
		it->tier = pk_cpp_tier_of(it->days_detained, r->as_of);
	}
	struct sbuf b = SBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	sbuf_vaddf(&b, fmt, ap);
	va_end(ap);
	it->reason = sbuf_detach(&b);
	it->fact_file = xstrdup(fact_file ? fact_file : r->file);
	it->fact_line = fact_line;
	return it;
}

static void ex_result(struct run *r, const struct pk_due_item *it)
{
	char a[16], b[16];
	if (it->status == PK_DUE_PENDING)
		EX(r, "    -> %s: pending: %s", it->rule, it->reason);
	else if (it->due == it->deadline)
		EX(r, "    -> %s: due %s: %s", it->rule, fmtd(it->due, a), pk_due_status_name(it->status));
	else
		EX(r, "    -> %s: due %s, deadline %s: %s", it->rule, fmtd(it->due, a),
		   fmtd(it->deadline, b), pk_due_status_name(it->status));
}

static unsigned line_of(const struct pk_node *n, const char *path)
{
	const struct pk_node *x = path ? pk_get(n, path) : n;
	return x ? x->line : 0;
}

/* First panel of this case held on or after `from` (PF-SATISFIED). */
static const struct pk_held *held_from(const struct run *r, pk_date from)
{
	for (size_t i = 0; i < r->nheld; i++)
		if (r->held[i].date >= from)
			return &r->held[i];
	return NULL;
}

static void ex_panel(struct run *r, const char *what, const struct pk_held *h, pk_date deadline)
{
	char a[16];
	EX(r, "    %s panel %s held %s (%s:%u)%s", what, h->panel_id, fmtd(h->date, a), h->file,
	   h->line, deadline != PK_NODATE && h->date > deadline ? ", late" : "");
}

/* Panels that listed the case but did not reach it (CPP-LENGTH). */
static void ex_skipped(struct run *r)
{
	char a[16];
	struct slot *s = r->ex ? find_slot(r->c, r->id) : NULL;
	for (size_t i = 0; s && s->case_id && i < s->nskipped; i++) {
		const struct pk_held *h = &r->c->held[s->start + s->n + i];
		if (h->fw == r->fw)
			EX(r, "  panel %s held %s did not reach this case (reached: false, %s:%u): it counts for nothing [CPP-LENGTH]",
			   h->panel_id, fmtd(h->date, a), h->file, h->line);
	}
}

/* ---------- A. detention ---------- */

static void cpp_cycle(struct run *r)
{
	const struct pk_rule *cyc = pk_rule("cpp.cycle", r->as_of);
	const struct pk_rule *win = pk_rule("cpp.window", r->as_of);
	const struct pk_rule *early = pk_rule("cpp.window.early", r->as_of);
	unsigned sl = line_of(r->root, "detention.start");
	char a[16], b[16], c1[160], c2[160], c3[160];
	long last = 0;
	const struct pk_held *by = NULL;

	EX(r, "  CPP-CYCLE %s: review k is due on detention start + %ld x k days",
	   cite(cyc, c1, sizeof c1), cyc->value);
	EX(r, "  CPP-WINDOW %s %s", cite(win, c2, sizeof c2), cite(early, c3, sizeof c3));
	for (size_t i = 0; i < r->nheld; i++) {
		const struct pk_held *h = &r->held[i];
		/* A panel counts for the latest review whose due - 7 it is on or after. */
		long k = (long)(h->date - r->start + early->value) / cyc->value;
		if (h->date - r->start + early->value < 0)
			k = 0;
		if (k < 1) {
			EX(r, "    panel %s held %s (%s:%u): day %ld of detention, before review 1's window: counts for no review",
			   h->panel_id, fmtd(h->date, a), h->file, h->line, (long)(h->date - r->start));
			continue;
		}
		EX(r, "    panel %s held %s (%s:%u): day %ld, counts for review %ld (due %s, counts from %s)",
		   h->panel_id, fmtd(h->date, a), h->file, h->line, (long)(h->date - r->start), k,
		   fmtd(pk_rule_add(cyc, r->start, (int)k), b),
		   fmtd(pk_add_days(pk_rule_add(cyc, r->start, (int)k), -early->value), c1));
		if (k >= last) {
			last = k;
			by = h;
		}
	}
	long next = last + 1;
	pk_date due = pk_rule_add(cyc, r->start, (int)next);
	pk_date deadline = pk_rule_add(win, due, 1);
	long missed = 0;
	for (long k = next;; k++) {
		pk_date dk = pk_rule_add(cyc, r->start, (int)k);
		if (pk_rule_add(win, dk, 1) >= r->as_of)
			break;
		missed++;
	}
	if (by)
		EX(r, "    last review held: review %ld, by panel %s", last, by->panel_id);
	else
		EX(r, "    no panel has counted for a review yet");
	EX(r, "    detention start %s (%s:%u) + %ld x %ld days -> review %ld due %s, window to %s",
	   fmtd(r->start, a), r->file, sl, cyc->value, next, next, fmtd(due, b), fmtd(deadline, c1));
	struct pk_due_item *it;
	if (missed > 1)
		it = emit(r, "CPP-CYCLE", due, deadline, r->file, sl,
			  "review %ld at %ld days detained; %ld reviews missed (%ld to %ld)", next,
			  (long)(due - r->start), missed, next, next + missed - 1);
	else
		it = emit(r, "CPP-CYCLE", due, deadline, r->file, sl, "review %ld at %ld days detained",
			  next, (long)(due - r->start));
	it->cycle = (int)next;
	ex_result(r, it);
	EX(r, "    CPP-TIER on %s: %ld days detained -> %s", fmtd(due, a), it->days_detained,
	   pk_cpp_tier_name(it->tier));
}

static void cpp_adhoc(struct run *r)
{
	const struct pk_node *refs = pk_map_get(r->root, "referrals");
	const struct pk_rule *w = pk_rule("cpp.adhoc.window", r->as_of);
	char a[16], b[16], c1[160];
	if (!refs || refs->kind != PK_SEQ || refs->n == 0) {
		EX(r, "  CPP-ADHOC: no referrals recorded -> nothing");
		return;
	}
	EX(r, "  CPP-ADHOC %s", cite(w, c1, sizeof c1));
	for (size_t i = 0; i < refs->n; i++) {
		const struct pk_node *e = refs->items[i];
		pk_date on = pk_node_date(e, "date");
		pk_date asked = pk_node_date(e, "due");
		const char *source = pk_get_str(e, "source");
		if (!source)
			source = "unknown source";
		if (on == PK_NODATE) {
			EX(r, "    referral (%s:%u) has no readable date: ignored (run panel validate)", r->file, e->line);
			continue;
		}
		if (on > r->as_of) {
			EX(r, "    referral of %s (%s:%u) is dated after as-of: not yet made", fmtd(on, a), r->file, e->line);
			continue;
		}
		EX(r, "    referral of %s by %s (%s:%u)%s%s", fmtd(on, a), source, r->file, e->line,
		   asked != PK_NODATE ? ", asks for " : ", no date asked: the next panel",
		   asked != PK_NODATE ? fmtd(asked, b) : "");
		const struct pk_held *h = held_from(r, on);
		if (h) {
			ex_panel(r, "satisfied by", h, asked);
			continue;
		}
		struct pk_due_item *it;
		if (asked != PK_NODATE) {
			it = emit(r, "CPP-ADHOC", asked, pk_rule_add(w, asked, 1), r->file, e->line,
				  "ad hoc referral of %s by %s", fmtd(on, a), source);
		} else {
			pk_date from = on > r->as_of ? on : r->as_of;
			const struct pk_planned *p = pk_due_next_planned(r->c, PK_FW_DETENTION, from);
			if (p) {
				EX(r, "    next planned panel %s on %s (%s:%u)", p->panel_id, fmtd(p->date, b), p->file, p->line);
				it = emit(r, "CPP-ADHOC", p->date, pk_rule_add(w, p->date, 1), r->file, e->line,
					  "ad hoc referral of %s by %s: at the next panel, %s", fmtd(on, a),
					  source, p->panel_id);
			} else {
				it = emit(r, "CPP-ADHOC", PK_NODATE, PK_NODATE, r->file, e->line,
					  "ad hoc referral of %s by %s: at the next panel; none planned",
					  fmtd(on, a), source);
			}
		}
		ex_result(r, it);
	}
}

static void cpp_rerefer(struct run *r)
{
	const struct pk_rule *w = pk_rule("cpp.rerefer.window", r->as_of);
	char a[16], b[16], c1[160];
	int any = 0;
	for (size_t i = 0; i < r->nheld; i++) {
		const struct pk_held *h = &r->held[i];
		if (h->rerefer == PK_NODATE)
			continue;
		if (!any)
			EX(r, "  CPP-REREFER %s", cite(w, c1, sizeof c1));
		any = 1;
		EX(r, "    panel %s of %s re-referred the case for %s (%s:%u)", h->panel_id,
		   fmtd(h->date, a), fmtd(h->rerefer, b), h->file, h->rerefer_line);
		const struct pk_held *s = held_from(r, pk_add_days(h->date, 1));
		if (s) {
			ex_panel(r, "satisfied by", s, h->rerefer);
			continue;
		}
		struct pk_due_item *it = emit(r, "CPP-REREFER", h->rerefer, pk_rule_add(w, h->rerefer, 1),
					      h->file, h->rerefer_line, "re-referred after the audit of %s",
					      h->panel_id);
		ex_result(r, it);
	}
	if (!any)
		EX(r, "  CPP-REREFER: no panel recorded a re-referral -> nothing");
}

static void due_detention(struct run *r)
{
	char a[16];
	pk_date end = pk_node_date(r->root, "detention.end");
	unsigned sl = line_of(r->root, "detention.start");
	r->setting = "detained";
	r->unit = pk_get_str(r->root, "location");
	EX(r, "Facts:");
	EX(r, "  detention started %s (%s:%u)", fmtd(r->start, a), r->file, sl);
	if (end != PK_NODATE)
		EX(r, "  detention ended %s, %s (%s:%u)", fmtd(end, a),
		   pk_get_str(r->root, "detention.end_reason") ? pk_get_str(r->root, "detention.end_reason")
							       : "no reason recorded",
		   r->file, line_of(r->root, "detention.end"));
	for (size_t i = 0; i < r->nheld; i++)
		EX(r, "  panel %s held %s, purpose %s (%s:%u)", r->held[i].panel_id,
		   fmtd(r->held[i].date, a), r->held[i].purpose ? r->held[i].purpose : "not recorded",
		   r->held[i].file, r->held[i].line);
	ex_skipped(r);
	if (!r->nheld)
		EX(r, "  no held panel has considered this case");
	EX(r, "Rules:");
	if (end != PK_NODATE && end <= r->as_of) {
		EX(r, "  CPP-END [CPP §2]: detention ended %s (%s:%u), on or before as-of -> no reviews are due",
		   fmtd(end, a), r->file, line_of(r->root, "detention.end"));
		EX(r, "  CPP-CYCLE, CPP-ADHOC, CPP-REREFER: nothing, detention has ended");
		return;
	}
	if (end != PK_NODATE)
		EX(r, "  CPP-END: detention.end %s is after as-of: still detained on as-of", fmtd(end, a));
	else
		EX(r, "  CPP-END: no detention.end: still detained");
	cpp_cycle(r);
	cpp_adhoc(r);
	cpp_rerefer(r);
}

/* ---------- B. indeterminate sentences ---------- */

struct dated {
	pk_date date;
	unsigned line;
	const struct pk_node *n;
};

/* Latest entry of list `key` dated on or before as-of (ties: later in the
 * list), optionally only those whose `field` equals `val`. */
static struct dated latest(const struct run *r, const char *key, const char *field, const char *val)
{
	struct dated best = {PK_NODATE, 0, NULL};
	const struct pk_node *l = pk_map_get(r->root, key);
	for (size_t i = 0; l && l->kind == PK_SEQ && i < l->n; i++) {
		const struct pk_node *e = l->items[i];
		pk_date d = pk_node_date(e, "date");
		if (d == PK_NODATE || d > r->as_of)
			continue;
		if (field) {
			const char *v = pk_get_str(e, field);
			if (!v || strcmp(v, val) != 0)
				continue;
		}
		if (best.date == PK_NODATE || d >= best.date)
			best = (struct dated){d, e->line, e};
	}
	return best;
}

static struct dated earliest(const struct run *r, const char *key)
{
	struct dated best = {PK_NODATE, 0, NULL};
	const struct pk_node *l = pk_map_get(r->root, key);
	for (size_t i = 0; l && l->kind == PK_SEQ && i < l->n; i++) {
		pk_date d = pk_node_date(l->items[i], "date");
		if (d == PK_NODATE || d > r->as_of)
			continue;
		if (best.date == PK_NODATE || d < best.date)
			best = (struct dated){d, l->items[i]->line, l->items[i]};
	}
	return best;
}

static int routine_purpose(const char *p)
{
	static const char *const routine[] = {
		"PF-CUSTODY-RAG", "PF-COMMUNITY-RAG", "PF-LIFE", "PF-COMMUNITY-FIRST",
	};
	if (!p)
		return 1;
	for (size_t i = 0; i < PK_ARRAY_LEN(routine); i++)
		if (strcmp(p, routine[i]) == 0)
			return 1;
	return 0;
}

/* PF-RESET: the panel a routine interval runs from, within the period that
 * began on `from` (PK_NODATE: all time).  NULL when no panel in it. */
static const struct pk_held *routine_base(struct run *r, pk_date from)
{
	const struct pk_held *base = NULL, *first = NULL;
	for (size_t i = 0; i < r->nheld; i++) {
		const struct pk_held *h = &r->held[i];
		if (from != PK_NODATE && h->date < from)
			continue;
		if (!first)
			first = h;
		if (h == first || h->reset_cycle || routine_purpose(h->purpose))
			base = h;
	}
	if (base && r->ex) {
		char a[16];
		const char *why = base->reset_cycle ? "marked reset_cycle [PF-RESET, PF 6.11]"
				  : base == first && !routine_purpose(base->purpose)
					  ? "the first panel of the period starts its cycle"
					  : "a routine panel";
		EX(r, "    routine interval runs from panel %s held %s (%s:%u): %s", base->panel_id,
		   fmtd(base->date, a), base->file, base->line, why);
		for (size_t i = 0; i < r->nheld; i++) {
			const struct pk_held *h = &r->held[i];
			if (h->date > base->date)
				EX(r, "    panel %s held %s (purpose %s) is not routine and not marked reset_cycle: the cycle stays [PF-RESET]",
				   h->panel_id, fmtd(h->date, a), h->purpose ? h->purpose : "-");
		}
	}
	return base;
}

/* The RAG rating in force on as-of (PF-CUSTODY-RAG, PF-COMMUNITY-RAG). */
static struct dated rag_now(const struct run *r)
{
	struct dated d = {PK_NODATE, 0, NULL};
	d.n = pk_pf_rag_on(r->root, r->as_of, &d.date);
	d.line = d.n ? d.n->line : 0;
	return d;
}

static void routine(struct run *r, const char *rule, const char *key, const char *label,
		    pk_date period, const char *period_what, const struct dated *rag)
{
	const struct pk_rule *row = pk_rule(key, r->as_of);
	char a[16], c1[160];
	/* PF-DISCRETION (PF 7.6): the SPO or HOMD decided the case is reviewed
	 * more often than the standard frequency (a Green case too). */
	struct pk_rule often;
	long m = pk_node_date(r->root, "review_more_often.from") != PK_NODATE &&
			 pk_node_date(r->root, "review_more_often.from") > r->as_of
		 ? 0 : pk_get_str(r->root, "review_more_often.months") ? atol(pk_get_str(r->root, "review_more_often.months")) : 0;
	if (m > 0 && m <= 120 && strcmp(rule, "PF-LIFE") != 0 &&
	    (row->unit == PK_U_NONE || (row->unit == PK_U_MONTHS && m < row->value))) {
		static char text[96];
		often = *pk_rule("pf.more-often", r->as_of);
		often.value = m;
		often.unit = PK_U_MONTHS;
		snprintf(text, sizeof text, "more often: every %ld months, decided by %s", m,
			 pk_get_str(r->root, "review_more_often.by") ? pk_get_str(r->root, "review_more_often.by") : "?");
		often.text = text;
		EX(r, "  PF-DISCRETION [PF 7.6]: reviewed more often than %s (%s:%u): every %ld months", row->text,
		   r->file, line_of(r->root, "review_more_often"), m);
		row = &often;
	}
	if (row->unit == PK_U_NONE) {
		EX(r, "  %s %s: %s rating of %s (%s:%u) -> no routine panel", rule, cite(row, c1, sizeof c1), label,
		   fmtd(rag->date, a), r->file, rag->line);
		return;
	}
	EX(r, "  %s %s", rule, cite(row, c1, sizeof c1));
	const struct pk_held *base = routine_base(r, period);
	if (!base) {
		if (period != PK_NODATE) {
			EX(r, "    no panel since %s %s: the routine cycle starts from the first panel of the period -> nothing yet",
			   period_what, fmtd(period, a));
			return;
		}
		const struct pk_rule *first = pk_rule("pf.custody.first", r->as_of);
		EX(r, "    no panel held yet %s", cite(first, c1, sizeof c1));
		struct pk_due_item *it = emit(r, rule, r->as_of, r->as_of, r->file, rag ? rag->line : 0,
					      "%s: no panel held yet, due at once", label);
		/* Named by the rating that made it due, not by as-of, so a
		 * calendar keeps one event for it from day to day. */
		it->anchor = rag ? rag->date : PK_NODATE;
		ex_result(r, it);
		return;
	}
	pk_date due = pk_rule_add(row, base->date, 1);
	char b[16], c2[160];
	if (rag)
		EX(r, "    RAG %s since %s (%s:%u) %s + last routine panel %s (%s:%u) -> due %s", label,
		   fmtd(rag->date, a), r->file, rag->line, cite(row, c2, sizeof c2), fmtd(base->date, b),
		   base->file, base->line, fmtd(due, c1));
	else
		EX(r, "    %s %s + last routine panel %s (%s:%u) -> due %s", label, cite(row, c2, sizeof c2),
		   fmtd(base->date, b), base->file, base->line, fmtd(due, c1));
	struct pk_due_item *it;
	if (rag)
		it = emit(r, rule, due, due, base->file, base->line, "%s, from panel %s of %s", row->text,
			  base->panel_id, fmtd(base->date, a));
	else
		it = emit(r, rule, due, due, base->file, base->line, "%s: every %ld months, from panel %s of %s",
			  label, row->value, base->panel_id, fmtd(base->date, a));
	ex_result(r, it);
}

/* PF-DISCRETION (PF 6.4, 7.6): a recorded decision on whether the event
 * panel of `rule` for the event of `on` is necessary.  Returns 1 when it
 * was decided not necessary (the item is withdrawn). */
static int withdrawn(struct run *r, const char *rule, pk_date on)
{
	const struct pk_node *l = pk_map_get(r->root, "event_decisions");
	char a[16];
	for (size_t i = 0; l && l->kind == PK_SEQ && i < l->n; i++) {
		const struct pk_node *e = l->items[i];
		const char *ru = pk_get_str(e, "rule"), *by = pk_get_str(e, "by");
		const char *why = pk_get_str(e, "reason");
		if (!ru || strcmp(ru, rule) != 0 || pk_node_date(e, "event") != on)
			continue;
		pk_date dd = pk_node_date(e, "date");
		if (dd != PK_NODATE && dd > r->as_of)
			continue;
		if (is_false(pk_get(e, "necessary"))) {
			EX(r, "    withdrawn [PF-DISCRETION, PF 6.4]: %s decided no panel is necessary for the event of %s: %s (%s:%u)",
			   by ? by : "?", fmtd(on, a), why ? why : "no reason", r->file, e->line);
			return 1;
		}
		EX(r, "    deemed necessary [PF-DISCRETION, PF 6.4] by %s (%s:%u)", by ? by : "?", r->file, e->line);
	}
	return 0;
}

/* An event rule (PF-SATISFIED): due from the event, deadline + interval. */
static void event_item(struct run *r, const char *rule, const struct pk_rule *row, pk_date on,
		       unsigned line, const char *what)
{
	char a[16], b[16];
	pk_date deadline = pk_rule_add(row, on, 1);
	EX(r, "    %s %s (%s:%u) + %s -> deadline %s", what, fmtd(on, a), r->file, line, row->text,
	   fmtd(deadline, b));
	if (withdrawn(r, rule, on))
		return;
	const struct pk_held *h = held_from(r, on);
	if (h) {
		ex_panel(r, "satisfied [PF-SATISFIED, PF 6.4] by", h, deadline);
		return;
	}
	struct pk_due_item *it = emit(r, rule, on, deadline, r->file, line, "%s %s: panel %s", what,
				      fmtd(on, a), row->text);
	ex_result(r, it);
}

/* Events of list `key` (optionally of one type) within the period. */
static void events(struct run *r, const char *rule, const char *key, const char *field,
		   const char *val, const char *rowkey, pk_date period, const char *what)
{
	const struct pk_rule *row = pk_rule(rowkey, r->as_of);
	const struct pk_node *l = pk_map_get(r->root, key);
	char a[16], c1[160];
	int any = 0;
	for (size_t i = 0; l && l->kind == PK_SEQ && i < l->n; i++) {
		const struct pk_node *e = l->items[i];
		pk_date d = pk_node_date(e, "date");
		const char *v = field ? pk_get_str(e, field) : NULL;
		if (field && (!v || strcmp(v, val ? val : v) != 0))
			continue;
		if (!any)
			EX(r, "  %s %s", rule, cite(row, c1, sizeof c1));
		any = 1;
		const char *label = what ? what : v;
		if (d == PK_NODATE) {
			EX(r, "    %s (%s:%u) has no readable date: ignored", label, r->file, e->line);
			continue;
		}
		if (d > r->as_of) {
			EX(r, "    %s %s (%s:%u) is after as-of: ignored", label, fmtd(d, a), r->file, e->line);
			continue;
		}
		if (period != PK_NODATE && d < period) {
			EX(r, "    %s %s (%s:%u) is before the current period (from %s): no longer relevant",
			   label, fmtd(d, a), r->file, e->line, fmtd(period, c1));
			continue;
		}
		event_item(r, rule, row, d, e->line, label);
	}
	if (!any)
		EX(r, "  %s: no %s recorded -> nothing", rule, what ? what : key);
}

/* An "ahead of" rule: due = deadline = target; satisfied by a panel from
 * the lookback before it (pf.ahead.lookback). */
static void ahead_item(struct run *r, const char *rule, pk_date target, pk_date period,
		       const char *fact_file, unsigned line, const char *reason)
{
	const struct pk_rule *lb = pk_rule("pf.ahead.lookback", r->as_of);
	char a[16], c1[160];
	pk_date from = pk_add_months(target, -(int)lb->value);
	if (lb->unit == PK_U_DAYS)
		from = pk_add_days(target, -lb->value);
	if (period != PK_NODATE && from < period)
		from = period;
	EX(r, "    panels from %s count %s", fmtd(from, a), cite(lb, c1, sizeof c1));
	const struct pk_held *h = held_from(r, from);
	if (h) {
		ex_panel(r, "satisfied by", h, target);
		return;
	}
	struct pk_due_item *it = emit(r, rule, target, target, fact_file, line, "%s", reason);
	ex_result(r, it);
}

static const char *const planned_stages[] = {
	"reduce-frequency", "suspension", "reimposition", "termination-referral",
};

static int is_planned_stage(const char *s)
{
	for (size_t i = 0; s && i < PK_ARRAY_LEN(planned_stages); i++)
		if (strcmp(s, planned_stages[i]) == 0)
			return 1;
	return 0;
}

static void key_stages(struct run *r, pk_date period)
{
	const struct pk_node *l = pk_map_get(r->root, "key_stages");
	const struct pk_rule *ev = pk_rule("pf.key-stage.event", r->as_of);
	const struct pk_rule *pl = pk_rule("pf.key-stage.planned", r->as_of);
	char a[16], c1[160], c2[160];
	if (!l || l->kind != PK_SEQ || !l->n) {
		EX(r, "  PF-KEY-STAGES: no key stages recorded -> nothing");
		return;
	}
	EX(r, "  PF-KEY-STAGES %s %s", cite(pl, c1, sizeof c1), cite(ev, c2, sizeof c2));
	for (size_t i = 0; i < l->n; i++) {
		const struct pk_node *e = l->items[i];
		const char *stage = pk_get_str(e, "stage");
		pk_date d = pk_node_date(e, "date");
		if (!stage)
			stage = "key stage";
		if (r->sentence && strcmp(r->sentence, "life") == 0 && strcmp(stage, "termination-referral") == 0) {
			EX(r, "    %s (%s:%u): IPP licence termination does not apply to a life sentence (PF 6.9) -> nothing",
			   stage, r->file, e->line);
			continue;
		}
		int planned = is_planned_stage(stage);
		if (d == PK_NODATE) {
			if (pk_get(e, "date") && !pk_is_null(pk_get(e, "date"))) {
				EX(r, "    %s (%s:%u): date is not readable: ignored (run panel validate)", stage, r->file, e->line);
				continue;
			}
			EX(r, "    %s %s (%s:%u): no date recorded -> pending, not guessed", planned ? "planned" : "event",
			   stage, r->file, e->line);
			struct pk_due_item *it = emit(r, "PF-KEY-STAGES", PK_NODATE, PK_NODATE, r->file, e->line,
						      "%s %s: no date recorded yet", planned ? "planned" : "event", stage);
			ex_result(r, it);
			continue;
		}
		if (period != PK_NODATE && d < period) {
			EX(r, "    %s %s (%s:%u) is before the last release %s: no longer relevant", stage,
			   fmtd(d, a), r->file, e->line, fmtd(period, c1));
			continue;
		}
		if (planned) {
			EX(r, "    planned %s on %s (%s:%u) -> a panel by then", stage, fmtd(d, a), r->file, e->line);
			char reason[160];
			snprintf(reason, sizeof reason, "planned %s on %s: panel ahead of it", stage, fmtd(d, a));
			ahead_item(r, "PF-KEY-STAGES", d, period, r->file, e->line, reason);
		} else {
			if (d > r->as_of) {
				EX(r, "    %s %s (%s:%u) is after as-of: ignored", stage, fmtd(d, a), r->file, e->line);
				continue;
			}
			event_item(r, "PF-KEY-STAGES", ev, d, e->line, stage);
		}
	}
}

/* PF-SUSPENSION: the next eligibility point, from the last release. */
static void suspension(struct run *r, const struct dated *rel)
{
	const struct pk_rule *lead = pk_rule("pf.suspension.lead", r->as_of);
	char a[16], b[16], c1[160], c2[160], key[48];
	const char *sup = pk_get_str(r->root, "supervision.state");
	if (sup && strcmp(sup, "active") != 0) {
		EX(r, "  PF-SUSPENSION: supervision is %s (%s:%u) -> nothing", sup, r->file,
		   line_of(r->root, "supervision.state"));
		return;
	}
	const char *s = r->sentence;
	snprintf(key, sizeof key, "pf.suspension.%s", s);
	const struct pk_rule *first = pk_rule(key, r->as_of);
	snprintf(key, sizeof key, "pf.suspension.%s.again", s);
	const struct pk_rule *again = pk_rule(key, r->as_of);
	/* Decisions since the last release (a recall restarts the clock). */
	struct dated declined = {PK_NODATE, 0, NULL}, granted = {PK_NODATE, 0, NULL};
	/* PF A: the later point follows a Board that "declined to terminate
	 * or suspend the licence": both kinds of decline count. */
	static const char *const lists[] = {"suspension_considerations", "termination_considerations"};
	for (size_t k = 0; k < PK_ARRAY_LEN(lists); k++) {
		const struct pk_node *l = pk_map_get(r->root, lists[k]);
		for (size_t i = 0; l && l->kind == PK_SEQ && i < l->n; i++) {
			const struct pk_node *e = l->items[i];
			pk_date d = pk_node_date(e, "date");
			const char *o = pk_get_str(e, "outcome");
			if (d == PK_NODATE || d > r->as_of || d < rel->date || !o)
				continue;
			/* A granted termination ends the licence (close the case);
			 * only a granted suspension stops this rule. */
			struct dated *t = strcmp(o, "declined") == 0 ? &declined
					  : strcmp(o, "granted") == 0 && k == 0 ? &granted : NULL;
			if (t && (t->date == PK_NODATE || d >= t->date))
				*t = (struct dated){d, e->line, e};
		}
	}
	EX(r, "  PF-SUSPENSION %s %s", cite(first, c1, sizeof c1), cite(lead, c2, sizeof c2));
	EX(r, "    continuous supervision since the last release %s (%s:%u); a recall restarts the clock",
	   fmtd(rel->date, a), r->file, rel->line);
	if (granted.date != PK_NODATE && granted.date >= declined.date) {
		EX(r, "    suspension granted %s (%s:%u) -> nothing", fmtd(granted.date, a), r->file, granted.line);
		return;
	}
	pk_date elig;
	const char *why;
	char whybuf[200];
	if (strcmp(s, "life") == 0) {
		if (declined.date == PK_NODATE) {
			elig = pk_rule_add(first, rel->date, 1);
			why = first->text;
		} else {
			elig = pk_rule_add(again, declined.date, 1);
			snprintf(whybuf, sizeof whybuf, "declined %s; %s", fmtd(declined.date, a), again->text);
			why = whybuf;
		}
	} else {
		pk_date p1 = pk_rule_add(first, rel->date, 1), p2 = pk_rule_add(again, rel->date, 1);
		if (declined.date == PK_NODATE || declined.date < p1) {
			elig = p1;
			why = first->text;
			if (declined.date != PK_NODATE)
				EX(r, "    declined %s (%s:%u), before the first point", fmtd(declined.date, a),
				   r->file, declined.line);
		} else if (declined.date < p2) {
			elig = p2;
			snprintf(whybuf, sizeof whybuf, "declined %s; %s", fmtd(declined.date, a), again->text);
			why = whybuf;
		} else {
			EX(r, "    declined %s (%s:%u), after the %s point: the framework sets no later point -> nothing (key stages apply)",
			   fmtd(declined.date, a), r->file, declined.line, again->text);
			return;
		}
	}
	pk_date target = pk_add_months(elig, -(int)lead->value);
	EX(r, "    earliest eligibility %s (%s) - %s -> panel due %s", fmtd(elig, a), why, lead->text,
	   fmtd(target, b));
	char reason[200];
	snprintf(reason, sizeof reason, "eligible for suspension of supervision on %s: panel 3 months ahead",
		 fmtd(elig, a));
	ahead_item(r, "PF-SUSPENSION", target, rel->date, r->file,
		   declined.date != PK_NODATE ? declined.line : rel->line, reason);
}

static void termination(struct run *r, const struct dated *firstrel, const struct dated *rel)
{
	const struct pk_rule *lead = pk_rule("pf.termination.lead", r->as_of);
	char a[16], b[16], c1[160], c2[160], key[48];
	const char *sup = pk_get_str(r->root, "supervision.state");
	if (sup && strcmp(sup, "terminated") == 0) {
		EX(r, "  PF-TERMINATION: supervision terminated -> nothing");
		return;
	}
	pk_date deadline = pk_node_date(r->root, "supervision.termination_report_due");
	unsigned line;
	const char *why;
	if (deadline != PK_NODATE) {
		line = line_of(r->root, "supervision.termination_report_due");
		EX(r, "  PF-TERMINATION %s: termination report deadline %s (%s:%u)", cite(lead, c1, sizeof c1),
		   fmtd(deadline, a), r->file, line);
		why = "termination report due";
	} else {
		snprintf(key, sizeof key, "pf.termination.%s", r->sentence);
		const struct pk_rule *y = pk_rule(key, r->as_of);
		deadline = pk_rule_add(y, firstrel->date, 1);
		line = firstrel->line;
		EX(r, "  PF-TERMINATION %s %s: no report deadline recorded; first release %s (%s:%u) + %s -> %s",
		   cite(lead, c1, sizeof c1), cite(y, c2, sizeof c2), fmtd(firstrel->date, a),
		   r->file, line, y->text, fmtd(deadline, b));
		why = "termination point";
	}
	pk_date target = pk_add_months(deadline, -(int)lead->value);
	char reason[200];
	snprintf(reason, sizeof reason, "%s %s: panel 3 months ahead", why, fmtd(deadline, a));
	EX(r, "    %s - %s -> panel due %s", fmtd(deadline, a), lead->text, fmtd(target, b));
	ahead_item(r, "PF-TERMINATION", target, rel->date, r->file, line, reason);
}

static void rag_review(struct run *r, const struct dated *rag)
{
	const struct pk_rule *row = pk_rule("pf.rag.review", r->as_of);
	char a[16], b[16], c1[160];
	if (rag->date == PK_NODATE) {
		EX(r, "  PF-RAG-REVIEW: no RAG rating in force -> nothing");
		return;
	}
	pk_date due = pk_rule_add(row, rag->date, 1);
	const char *rating = pk_get_str(rag->n, "rating");
	EX(r, "  PF-RAG-REVIEW %s: rating %s of %s (%s:%u) + %ld days -> review due %s", cite(row, c1, sizeof c1),
	   rating ? rating : "?", fmtd(rag->date, a), r->file, rag->line, row->value, fmtd(due, b));
	struct pk_due_item *it = emit(r, "PF-RAG-REVIEW", due, due, r->file, rag->line,
				      "RAG rating of %s to be reviewed (every 6 months)", fmtd(rag->date, a));
	ex_result(r, it);
}

static const char *rag_label(const struct dated *rag, char *buf, size_t n)
{
	const char *v = rag->n ? pk_get_str(rag->n, "rating") : NULL;
	snprintf(buf, n, "%s", v ? v : "?");
	if (buf[0] >= 'a' && buf[0] <= 'z')
		buf[0] = (char)(buf[0] - 'a' + 'A');
	return buf;
}

static void community_first(struct run *r, const struct dated *rel, int *held)
{
	const struct pk_rule *row = pk_rule("pf.community.first", r->as_of);
	char a[16], c1[160];
	EX(r, "  PF-COMMUNITY-FIRST %s", cite(row, c1, sizeof c1));
	pk_date deadline = pk_rule_add(row, rel->date, 1);
	EX(r, "    released %s (%s:%u) + %s -> deadline %s", fmtd(rel->date, a), r->file, rel->line, row->text,
	   fmtd(deadline, c1));
	/* PF-MOVE-ON (PF A: "within 3 months of release and prior to move on
	 * from Approved Premises"): a recorded move-on date that comes sooner
	 * brings the deadline forward. */
	pk_date mo = pk_node_date(r->root, "move_on");
	int ap = pk_get_bool(r->root, "approved_premises");
	char mobuf[64] = "";
	if (ap && mo != PK_NODATE && mo >= rel->date && mo < deadline) {
		const struct pk_rule *mv = pk_rule("pf.move-on", r->as_of);
		char c2[160];
		EX(r, "    PF-MOVE-ON %s: move-on from Approved Premises planned %s (%s:%u), before %s -> deadline %s",
		   cite(mv, c2, sizeof c2), fmtd(mo, a), r->file, line_of(r->root, "move_on"), fmtd(deadline, c1),
		   fmtd(mo, a));
		deadline = mo;
		snprintf(mobuf, sizeof mobuf, "; before move-on from Approved Premises on %s", fmtd(mo, a));
	}
	const struct pk_held *h = held_from(r, rel->date);
	*held = h != NULL;
	if (h) {
		ex_panel(r, "first panel after release:", h, deadline);
		return;
	}
	struct pk_due_item *it = emit(r, "PF-COMMUNITY-FIRST", rel->date, deadline, r->file, rel->line,
				      "released %s: first panel within 3 months%s", fmtd(rel->date, a),
				      mobuf[0] ? mobuf : ap ? "; consider move-on from Approved Premises" : "");
	ex_result(r, it);
}

static void ex_ipp_facts(struct run *r, const struct dated *rag, const struct dated *rel,
			 const struct dated *rec)
{
	char a[16], l[16];
	EX(r, "Facts:");
	EX(r, "  sentence %s, setting %s (%s:%u)", r->sentence, r->setting, r->file,
	   line_of(r->root, "setting"));
	if (rag->date != PK_NODATE)
		EX(r, "  RAG %s since %s (%s:%u)", rag_label(rag, l, sizeof l), fmtd(rag->date, a), r->file, rag->line);
	else if (strcmp(r->sentence, "life") != 0)
		EX(r, "  no RAG rating recorded on or before as-of");
	if (rel->date != PK_NODATE)
		EX(r, "  last release %s (%s:%u)", fmtd(rel->date, a), r->file, rel->line);
	if (rec->date != PK_NODATE)
		EX(r, "  last return to custody on recall %s (%s:%u)", fmtd(rec->date, a), r->file, rec->line);
	const char *sup = pk_get_str(r->root, "supervision.state");
	if (sup)
		EX(r, "  supervision %s (%s:%u)", sup, r->file, line_of(r->root, "supervision.state"));
	for (size_t i = 0; i < r->nheld; i++)
		EX(r, "  panel %s held %s, purpose %s%s (%s:%u)", r->held[i].panel_id, fmtd(r->held[i].date, a),
		   r->held[i].purpose ? r->held[i].purpose : "not recorded",
		   r->held[i].reset_cycle ? ", reset_cycle" : "", r->held[i].file, r->held[i].line);
	ex_skipped(r);
	if (!r->nheld)
		EX(r, "  no held panel has considered this case");
	EX(r, "Rules:");
}

static void due_custody(struct run *r, const struct dated *rag, const struct dated *rel,
			const struct dated *rec)
{
	char l[16], a[16];
	/* The custody period: since the last return on recall, if after the
	 * last release; never released: all time. */
	pk_date period = rec->date != PK_NODATE && rec->date >= rel->date ? rec->date : PK_NODATE;
	if (rag->date == PK_NODATE) {
		EX(r, "  PF-CUSTODY-RAG [PF 6.2]: no RAG rating recorded -> pending, not guessed");
		struct pk_due_item *it = emit(r, "PF-CUSTODY-RAG", PK_NODATE, PK_NODATE, r->file, 0,
					      "no RAG rating recorded: the routine interval is unknown");
		ex_result(r, it);
	} else {
		const char *rt = pk_get_str(rag->n, "rating");
		char key[48];
		snprintf(key, sizeof key, "pf.custody.%s", rt ? rt : "");
		if (!pk_rule_at(key, r->as_of)) {
			EX(r, "  PF-CUSTODY-RAG: rating \"%s\" (%s:%u) is not red, amber or green -> pending",
			   rt ? rt : "", r->file, rag->line);
			struct pk_due_item *it = emit(r, "PF-CUSTODY-RAG", PK_NODATE, PK_NODATE, r->file, rag->line,
						      "RAG rating not readable: the routine interval is unknown");
			ex_result(r, it);
		} else {
			routine(r, "PF-CUSTODY-RAG", key, rag_label(rag, l, sizeof l), period,
				"the return to custody", rag);
		}
	}
	if (period != PK_NODATE)
		EX(r, "  custody period since the return on recall %s: earlier events are no longer relevant", fmtd(period, a));
	events(r, "PF-NEG-PAROLE", "parole", "outcome", "negative", "pf.neg-parole", period,
	       "negative parole outcome");
	if (period != PK_NODATE) {
		const struct pk_rule *row = pk_rule("pf.recall", r->as_of);
		char c1[160];
		EX(r, "  PF-RECALL %s", cite(row, c1, sizeof c1));
		event_item(r, "PF-RECALL", row, rec->date, rec->line, "returned to custody on recall");
	} else {
		EX(r, "  PF-RECALL: no return to custody after the last release -> nothing");
	}
	events(r, "PF-ESCALATION", "escalations", "type", NULL, "pf.escalation", period, NULL);
	const struct pk_node *ks = pk_map_get(r->root, "key_stages");
	if (ks && ks->kind == PK_SEQ && ks->n)
		EX(r, "  PF-KEY-STAGES: %zu key stage(s) recorded, but key stages apply in the community (PF 6.7) -> nothing in custody",
		   ks->n);
	EX(r, "  PF-COMMUNITY-FIRST, PF-COMMUNITY-RAG, PF-SUSPENSION, PF-TERMINATION: community rules -> nothing in custody");
}

/* PF-KEY-STAGES (PF 6.7): "a deterioration ... (i.e. moves from Green to
 * Amber RAG rating)" in the community calls for a panel on its own: each
 * rating after the last release that is worse than the one before it is
 * an event, without a second entry in key_stages. */
static void rag_deterioration(struct run *r, pk_date period)
{
	const struct pk_node *l = pk_map_get(r->root, "rag");
	const struct pk_rule *ev = pk_rule("pf.key-stage.event", r->as_of);
	char a[16], b[16], what[64];
	enum pk_pf_rag prev = PK_PF_RAG_NONE;
	int any = 0;
	const char *pname = NULL;
	for (size_t i = 0; l && l->kind == PK_SEQ && i < l->n; i++) {
		const struct pk_node *e = l->items[i];
		const char *rt = pk_get_str(e, "rating");
		pk_date d = pk_node_date(e, "date");
		enum pk_pf_rag k = pk_pf_rag_parse(rt);
		if (k == PK_PF_RAG_NONE || d == PK_NODATE || d > r->as_of)
			continue;
		if (prev != PK_PF_RAG_NONE && k > prev && d >= period) {
			if (!any)
				EX(r, "  PF-KEY-STAGES [PF 6.7]: a worse RAG rating in the community is a deterioration event");
			any = 1;
			snprintf(what, sizeof what, "RAG %c%s to %c%s", pname[0] - 'a' + 'A', pname + 1,
				 rt[0] - 'a' + 'A', rt + 1);
			(void)b;
			event_item(r, "PF-KEY-STAGES", ev, d, e->line, what);
		}
		prev = k;
		pname = rt;
	}
	if (!any)
		EX(r, "  PF-KEY-STAGES: no worse RAG rating since the release %s -> nothing", fmtd(period, a));
}

static void due_community(struct run *r, const struct dated *rag, const struct dated *rel,
			  const struct dated *firstrel)
{
	char l[16];
	const char *sup = pk_get_str(r->root, "supervision.state");
	int life = strcmp(r->sentence, "life") == 0;
	if (sup && strcmp(sup, "terminated") == 0) {
		EX(r, "  supervision terminated (%s:%u): the licence has ended -> no panels",
		   r->file, line_of(r->root, "supervision.state"));
		return;
	}
	if (life && sup && strcmp(sup, "suspended") == 0) {
		EX(r, "  PF-LIFE [PF 6.10]: supervision suspended since %s (%s:%u): no panels while not under active supervision -> nothing",
		   pk_get_str(r->root, "supervision.since") ? pk_get_str(r->root, "supervision.since") : "an unrecorded date",
		   r->file, line_of(r->root, "supervision.state"));
		return;
	}
	if (rel->date == PK_NODATE) {
		EX(r, "  PF-COMMUNITY-FIRST: in the community but no release recorded -> pending, not guessed");
		struct pk_due_item *it = emit(r, "PF-COMMUNITY-FIRST", PK_NODATE, PK_NODATE, r->file,
					      line_of(r->root, "setting"),
					      "in the community but no release date recorded");
		ex_result(r, it);
		return;
	}
	int first_held = 0;
	community_first(r, rel, &first_held);
	if (life) {
		if (first_held)
			routine(r, "PF-LIFE", "pf.life.annual", "life licence", rel->date, "release", NULL);
		else
			EX(r, "  PF-LIFE [PF 6.8]: annual reviews run from the first post-release panel, not held yet -> nothing yet");
	} else if (rag->date == PK_NODATE) {
		EX(r, "  PF-COMMUNITY-RAG [PF 6.6]: no RAG rating recorded -> pending, not guessed");
		struct pk_due_item *it = emit(r, "PF-COMMUNITY-RAG", PK_NODATE, PK_NODATE, r->file, 0,
					      "no RAG rating recorded: the routine interval is unknown");
		ex_result(r, it);
	} else {
		const char *rt = pk_get_str(rag->n, "rating");
		char key[48];
		snprintf(key, sizeof key, "pf.community.%s", rt ? rt : "");
		if (!pk_rule_at(key, r->as_of)) {
			struct pk_due_item *it = emit(r, "PF-COMMUNITY-RAG", PK_NODATE, PK_NODATE, r->file, rag->line,
						      "RAG rating not readable: the routine interval is unknown");
			ex_result(r, it);
		} else if (!first_held) {
			EX(r, "  PF-COMMUNITY-RAG [PF 6.6]: RAG %s; the routine cycle follows the first panel after release -> nothing yet",
			   rag_label(rag, l, sizeof l));
		} else {
			if (pk_pf_rag_parse(rt) == PK_PF_RAG_RED)
				EX(r, "  PF-COMMUNITY-RAG [PF C]: Red is not a community rating (a validation error); scheduled as Amber");
			routine(r, "PF-COMMUNITY-RAG", key, rag_label(rag, l, sizeof l), rel->date, "release", rag);
		}
	}
	key_stages(r, rel->date);
	if (!life)
		rag_deterioration(r, rel->date);
	suspension(r, rel);
	if (!life)
		termination(r, firstrel, rel);
	else
		EX(r, "  PF-TERMINATION: IPP/DPP only -> nothing for a life sentence");
}

static void due_ipp(struct run *r)
{
	struct dated rag = rag_now(r);
	struct dated rel = latest(r, "releases", NULL, NULL);
	struct dated firstrel = earliest(r, "releases");
	struct dated rec = latest(r, "recalls", NULL, NULL);
	r->unit = pk_get_str(r->root, "unit");
	ex_ipp_facts(r, &rag, &rel, &rec);
	if (strcmp(r->sentence, "life") == 0) {
		if (strcmp(r->setting, "custody") == 0) {
			EX(r, "  PF-LIFE [PF 6.8]: life sentence panels are only for people on licence in the community -> nothing in custody");
			return;
		}
		due_community(r, &rag, &rel, &firstrel);
		EX(r, "  PF-RAG-REVIEW: life sentences are not RAG rated (PF 6.8) -> nothing");
		return;
	}
	if (strcmp(r->setting, "custody") == 0)
		due_custody(r, &rag, &rel, &rec);
	else
		due_community(r, &rag, &rel, &firstrel);
	rag_review(r, &rag);
}

/* ---------- after the panel: the dates panels set, their actions ---------- */

static const struct pk_held *last_held(const struct run *r)
{
	return r->nheld ? &r->held[r->nheld - 1] : NULL;
}

/* PF-NEXT-PANEL (PF 10.7 "its next date"): the next date the latest panel
 * of the case recorded; an earlier panel's date is superseded by it. */
static void next_panel(struct run *r)
{
	const struct pk_rule *row = pk_rule("pf.next-panel", r->as_of);
	const struct pk_held *last = last_held(r);
	char a[16], b[16], c1[160];
	int any = 0;
	/* A release or a return on recall after the panel starts a new period
	 * with its own first panel (PF-COMMUNITY-FIRST, PF-RECALL). */
	struct dated rel = latest(r, "releases", NULL, NULL), rec = latest(r, "recalls", NULL, NULL);
	struct dated period = rec.date != PK_NODATE && rec.date >= rel.date ? rec : rel;
	for (size_t i = 0; i < r->nheld; i++) {
		const struct pk_held *h = &r->held[i];
		if (h->next_panel == PK_NODATE)
			continue;
		if (!any)
			EX(r, "  PF-NEXT-PANEL %s", cite(row, c1, sizeof c1));
		any = 1;
		if (h != last) {
			EX(r, "    panel %s set %s (%s:%u): superseded by the later panel %s", h->panel_id,
			   fmtd(h->next_panel, a), h->file, h->next_line, last->panel_id);
			continue;
		}
		if (period.date != PK_NODATE && h->date < period.date) {
			EX(r, "    panel %s set %s (%s:%u): superseded by the %s of %s (%s:%u)", h->panel_id,
			   fmtd(h->next_panel, a), h->file, h->next_line,
			   period.date == rec.date ? "return to custody on recall" : "release", fmtd(period.date, b),
			   r->file, period.line);
			continue;
		}
		EX(r, "    panel %s of %s set the next panel for %s (%s:%u)", h->panel_id, fmtd(h->date, a),
		   fmtd(h->next_panel, b), h->file, h->next_line);
		pk_date dl = pk_rule_add(row, h->next_panel, 1);
		struct pk_due_item *it = emit(r, "PF-NEXT-PANEL", h->next_panel, dl, h->file, h->next_line,
					      "next panel set by %s of %s", h->panel_id, fmtd(h->date, a));
		ex_result(r, it);
	}
	if (!any)
		EX(r, "  PF-NEXT-PANEL: no held panel recorded a next date -> nothing");
}

/* CPP-DECIDE-BY (CPP §10): with no recommendation, "a timeframe given ...
 * to allow a subsequent CPP to make a recommendation": a later panel by
 * decide_by.  Any held panel after it satisfies it. */
static void decide_by(struct run *r)
{
	const struct pk_rule *row = pk_rule("cpp.decide-by", r->as_of);
	char a[16], b[16], c1[160];
	int any = 0;
	for (size_t i = 0; i < r->nheld; i++) {
		const struct pk_held *h = &r->held[i];
		if (h->decide_by == PK_NODATE)
			continue;
		if (!any)
			EX(r, "  CPP-DECIDE-BY %s", cite(row, c1, sizeof c1));
		any = 1;
		EX(r, "    panel %s of %s made no recommendation: a later panel decides by %s (%s:%u)", h->panel_id,
		   fmtd(h->date, a), fmtd(h->decide_by, b), h->file, h->decide_line);
		const struct pk_held *s = held_from(r, pk_add_days(h->date, 1));
		if (s) {
			ex_panel(r, "satisfied by", s, h->decide_by);
			continue;
		}
		struct pk_due_item *it = emit(r, "CPP-DECIDE-BY", h->decide_by, pk_rule_add(row, h->decide_by, 1),
					      h->file, h->decide_line, "no recommendation at %s: a later panel decides by %s",
					      h->panel_id, fmtd(h->decide_by, b));
		ex_result(r, it);
	}
	if (!any)
		EX(r, "  CPP-DECIDE-BY: no panel left the case without a recommendation -> nothing");
}

/* CPP-ACTION (CPP §10.2) / PF-ACTION (PF 10.7): every open action of
 * every held panel of the case, by its due date. */
static void actions(struct run *r)
{
	const char *rule = r->fw == PK_FW_DETENTION ? "CPP-ACTION" : "PF-ACTION";
	const struct pk_rule *row = pk_rule(r->fw == PK_FW_DETENTION ? "cpp.action" : "pf.action", r->as_of);
	char a[16], b[16], c1[160];
	int any = 0;
	for (size_t i = 0; i < r->nheld; i++) {
		const struct pk_held *h = &r->held[i];
		size_t n;
		const struct pk_action *v = pk_due_actions(r->c, h, &n);
		for (size_t k = 0; k < n; k++) {
			const struct pk_action *x = &v[k];
			if (!any)
				EX(r, "  %s %s", rule, cite(row, c1, sizeof c1));
			any = 1;
			if (x->done != PK_NODATE && x->done <= r->as_of) {
				EX(r, "    action %s done %s (%s:%u)", x->id, fmtd(x->done, a), h->file, x->line);
				continue;
			}
			if (x->due == PK_NODATE) {
				EX(r, "    action %s (%s:%u) has no due date: not scheduled (run panel validate)", x->id,
				   h->file, x->line);
				continue;
			}
			EX(r, "    action %s, owner %s, due %s, open (%s:%u)", x->id, x->owner ? x->owner : "-",
			   fmtd(x->due, b), h->file, x->line);
			struct pk_due_item *it = emit(r, rule, x->due, pk_rule_add(row, x->due, 1), h->file, x->line,
						      "action %s (%s): %s", x->id, x->owner ? x->owner : "no owner", x->text);
			ex_result(r, it);
		}
	}
	if (!any)
		EX(r, "  %s: no actions recorded at a held panel -> nothing", rule);
}

static void after_panel(struct run *r)
{
	EX(r, "Set by panels:");
	if (r->fw == PK_FW_DETENTION)
		decide_by(r);
	else
		next_panel(r);
	actions(r);
}

/* KIT-BASELINE: the last panel before the import counts as a held routine
 * panel (r->own has room for one more). */
static void baseline(struct run *r)
{
	pk_date b = pk_node_date(r->root, "baseline.last_panel");
	char a[16];
	if (b == PK_NODATE || b > r->as_of)
		return;
	struct pk_held h;
	memset(&h, 0, sizeof h);
	h.date = b;
	h.rerefer = h.next_panel = h.decide_by = PK_NODATE;
	h.panel_id = "(import baseline)";
	h.file = r->file;
	h.case_id = r->id;
	h.fw = r->fw;
	h.reached = 1;
	h.line = line_of(r->root, "baseline.last_panel");
	size_t i = r->nheld;
	while (i > 0 && r->own[i - 1].date > b) {
		r->own[i] = r->own[i - 1];
		i--;
	}
	r->own[i] = h;
	r->nheld++;
	EX(r, "  import baseline [KIT-BASELINE]: the last panel before the import was held %s (%s:%u); it counts as a held panel",
	   fmtd(b, a), r->file, h.line);
}

static void problem(struct run *r, const struct pk_node *at, const char *fmt, const char *what)
{
	if (r->c->d)
		pk_doc_diag(r->c->d, r->doc, at, PK_ERROR, "KIT-DUE", "run panel validate", fmt, what);
	if (r->ex) {
		struct sbuf b = SBUF_INIT;
		sbuf_addf(&b, fmt, what);
		pk_lines_add(r->ex, "cannot schedule %s: %s", r->file, b.s);
		sbuf_free(&b);
	}
}

int pk_due_case(struct pk_due_ctx *c, const struct pk_doc *doc, struct pk_due_list *out,
		struct pk_lines *ex)
{
	struct run r;
	memset(&r, 0, sizeof r);
	r.c = c;
	r.doc = doc;
	r.root = pk_doc_root(doc);
	r.file = relpath(c, pk_doc_path(doc));
	r.out = out;
	r.ex = ex;
	r.as_of = c->as_of;
	r.start = PK_NODATE;
	if (!r.root || r.root->kind != PK_MAP) {
		problem(&r, NULL, "%s", "not a case record (empty, or not a mapping)");
		return -1;
	}
	r.id = pk_get_str(r.root, "id");
	if (!r.id || !*r.id) {
		problem(&r, NULL, "%s", "the case has no id");
		return -1;
	}
	const char *fws = pk_get_str(r.root, "framework");
	r.fw = fw_of(fws);
	r.team = pk_get_str(r.root, "team");
	if (r.fw == PK_FW_UNKNOWN) {
		problem(&r, pk_map_get(r.root, "framework"), "framework \"%s\" is not detention or ipp",
			fws ? fws : "");
		return -1;
	}
	if (r.fw == PK_FW_DETENTION) {
		r.start = pk_node_date(r.root, "detention.start");
		if (r.start == PK_NODATE) {
			const struct pk_node *at = pk_get(r.root, "detention.start");
			if (!at)
				at = pk_map_get(r.root, "detention");
			if (!at)
				at = pk_map_get(r.root, "id");
			problem(&r, at, "%s", "detention.start is missing or not a date");
			return -1;
		}
	} else {
		r.sentence = pk_get_str(r.root, "sentence");
		r.setting = pk_get_str(r.root, "setting");
		if (!r.sentence || (strcmp(r.sentence, "ipp") && strcmp(r.sentence, "dpp") && strcmp(r.sentence, "life"))) {
			problem(&r, pk_map_get(r.root, "sentence"), "sentence \"%s\" is not ipp, dpp or life",
				r.sentence ? r.sentence : "");
			return -1;
		}
		enum pk_pf_setting set = pk_pf_setting_parse(r.setting);
		if (set == PK_PF_SETTING_NONE) {
			problem(&r, pk_map_get(r.root, "setting"), "setting \"%s\" is not custody or community",
				r.setting ? r.setting : "");
			return -1;
		}
		r.setting = pk_pf_setting_name(set); /* static: items point to it */
	}
	/* This case's panels of its own framework. */
	size_t n;
	const struct pk_held *all = pk_due_history(c, r.id, &n);
	r.own = xmalloc((n + 1) * sizeof *r.own);
	for (size_t i = 0; i < n; i++)
		if (all[i].fw == r.fw)
			r.own[r.nheld++] = all[i];
	r.held = r.own;

	char a[16];
	size_t before = out->n;
	EX(&r, "%s: %s case%s%s%s%s, team %s; as of %s (%s)", r.id, fws,
	   r.sentence ? ", sentence " : "", r.sentence ? r.sentence : "",
	   r.fw == PK_FW_DETENTION ? "" : ", ", r.fw == PK_FW_DETENTION ? "" : r.setting,
	   r.team ? r.team : "-", fmtd(r.as_of, a), r.file);
	pk_date closed;
	unsigned cline;
	if (pk_case_closed(r.root, r.as_of, &closed, &cline)) {
		const char *why = pk_get_str(r.root, "closed.reason");
		EX(&r, "  closed %s, %s (%s:%u) [KIT-LIFECYCLE]: out of every cadence -> nothing", fmtd(closed, a),
		   why ? why : "no reason recorded", r.file, cline);
	} else {
		baseline(&r);
		if (r.fw == PK_FW_DETENTION)
			due_detention(&r);
		else
			due_ipp(&r);
		if (c->after)
			after_panel(&r);
	}
	if (ex) {
		EX(&r, "Due:");
		if (out->n == before)
			EX(&r, "  nothing");
		for (size_t i = before; i < out->n; i++) {
			const struct pk_due_item *it = &out->v[i];
			char b[16];
			if (it->status == PK_DUE_PENDING)
				EX(&r, "  %s pending: %s (%s:%u)", it->rule, it->reason, it->fact_file, it->fact_line);
			else
				EX(&r, "  %s due %s, deadline %s: %s: %s (%s:%u)", it->rule, fmtd(it->due, a),
				   fmtd(it->deadline, b), pk_due_status_name(it->status), it->reason,
				   it->fact_file, it->fact_line);
		}
	}
	free(r.own);
	return 0;
}

int pk_due_source(struct pk_due_ctx *c, const struct pk_due_filter *f, struct pk_due_table *t,
		  size_t *cases, size_t *bad)
{
	struct pk_due_list items = PK_DUE_LIST_INIT;
	struct pk_diags scratch = PK_DIAGS_INIT;
	struct pk_diags *d = c->d ? c->d : &scratch;
	*cases = *bad = 0;
	/* The cases read and parsed on the other cores, handed out in order
	 * with their parse findings (prefetch.h). */
	struct pk_prefetch *pf = c->src ? pk_prefetch_new(c->src, PK_R_CASE, NULL) : NULL;
	struct pk_prefetched got;
	for (;;) {
		size_t before = d->errors;
		if (!pf || !pk_prefetch_next(pf, &got, d))
			break;
		struct pk_doc *doc = got.doc;
		(*cases)++;
		if (doc) {
			const char *fw = pk_get_str(pk_doc_root(doc), "framework");
			/* --framework: a case of the other framework is not computed. */
			if (f->framework < 0 || fw_of(fw) == PK_FW_UNKNOWN || (int)fw_of(fw) == f->framework)
				pk_due_case(c, doc, &items, NULL);
		}
		if (!doc || d->errors > before)
			(*bad)++;
		for (size_t k = 0; k < items.n; k++)
			if (pk_due_keep(f, &items.v[k], c->as_of))
				pk_due_table_add(t, &items.v[k]);
		pk_due_list_clear(&items);
		pk_doc_free(doc);
		pk_diags_spill_point(d); /* between records (diag.h) */
	}
	pk_prefetch_free(pf);
	pk_due_list_free(&items);
	pk_diags_free(&scratch);
	pk_due_table_sort(t);
	return 0;
}
