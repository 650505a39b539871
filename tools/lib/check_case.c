/* check_case.c: per-case rule checks that the schema cannot express.
 *
 *   KIT-DATES        dates in a possible order: detention ends after it
 *                    starts, referrals within detention, lists oldest
 *                    first, a recall follows a release, nothing that has
 *                    happened is dated after today (--as-of)
 *   KIT-SETTING      `setting` agrees with the latest release or recall
 *   PF-COMMUNITY-RAG no Red rating while in the community (PF 6.6, PF C)
 *   PF-RAG-REVIEW    the rating in force is older than 183 days: warning
 *   PF-NONDISCLOSURE a field outside non_disclosable repeats a passage of
 *                    it (nondisclosure.h): warning
 *
 * The schema has already checked structure and that each date is real;
 * end_reason with end is the schema's (an if/then). */
#include "check.h"
#include "lifecycle.h"
#include "nondisclosure.h"
#include "pf.h"
#include "rules.h"
#include "mem.h"

#include <stdlib.h>
#include <string.h>

#define HINT_FUTURE "record an event once it has happened (planned steps go in key_stages)"

struct cc {
	const struct pk_doc *doc;
	const struct pk_node *root;
	struct pk_diags *d;
	pk_date today;
};

static void future(struct cc *c, const struct pk_node *at, const char *what, pk_date dt)
{
	char a[16], b[16];
	pk_doc_diag(c->d, c->doc, at, PK_ERROR, "KIT-DATES", HINT_FUTURE, "%s %s is in the future (as of %s)",
		    what, pk_date_fmt(dt, a), pk_date_fmt(c->today, b));
}

/* Each entry of list `key`: oldest first (when ordered) and not in the
 * future (when the entries are things that happened). */
static void list_dates(struct cc *c, const char *key, const char *what, int ordered)
{
	const struct pk_node *l = pk_map_get(c->root, key);
	pk_date prev = PK_NODATE;
	char a[16], b[16];
	for (size_t i = 0; l && l->kind == PK_SEQ && i < l->n; i++) {
		const struct pk_node *dn = pk_get(l->items[i], "date");
		pk_date dt = pk_node_date(l->items[i], "date");
		if (dt == PK_NODATE)
			continue;
		if (dt > c->today)
			future(c, dn, what, dt);
		if (ordered && prev != PK_NODATE && dt < prev)
			pk_doc_diag(c->d, c->doc, dn, PK_ERROR, "KIT-DATES", "list entries oldest first",
				    "%s %s is before the entry above it (%s): %s are oldest first", what,
				    pk_date_fmt(dt, a), pk_date_fmt(prev, b), key);
		prev = dt;
	}
}

static void check_detention(struct cc *c)
{
	char a[16], b[16];
	const struct pk_node *sn = pk_get(c->root, "detention.start");
	const struct pk_node *en = pk_get(c->root, "detention.end");
	pk_date start = pk_node_date(c->root, "detention.start");
	pk_date end = pk_node_date(c->root, "detention.end");
	if (start != PK_NODATE && start > c->today)
		future(c, sn, "detention start", start);
	if (end != PK_NODATE && end > c->today)
		future(c, en, "detention end", end);
	if (start != PK_NODATE && end != PK_NODATE && end < start)
		pk_doc_diag(c->d, c->doc, en, PK_ERROR, "KIT-DATES", NULL,
			    "detention ends %s, before it starts (%s)", pk_date_fmt(end, a),
			    pk_date_fmt(start, b));
	const struct pk_node *refs = pk_map_get(c->root, "referrals");
	for (size_t i = 0; refs && refs->kind == PK_SEQ && i < refs->n; i++) {
		const struct pk_node *e = refs->items[i];
		pk_date on = pk_node_date(e, "date"), due = pk_node_date(e, "due");
		if (on == PK_NODATE)
			continue;
		if (on > c->today)
			future(c, pk_get(e, "date"), "referral", on);
		if (start != PK_NODATE && on < start)
			pk_doc_diag(c->d, c->doc, pk_get(e, "date"), PK_ERROR, "KIT-DATES", NULL,
				    "referral of %s is before detention started (%s)", pk_date_fmt(on, a),
				    pk_date_fmt(start, b));
		else if (end != PK_NODATE && on > end)
			pk_doc_diag(c->d, c->doc, pk_get(e, "date"), PK_ERROR, "KIT-DATES", NULL,
				    "referral of %s is after detention ended (%s)", pk_date_fmt(on, a),
				    pk_date_fmt(end, b));
		if (due != PK_NODATE && due < on)
			pk_doc_diag(c->d, c->doc, pk_get(e, "due"), PK_ERROR, "KIT-DATES",
				    "due is the date the referral asks the review for",
				    "referral asks for %s, before it was made (%s)", pk_date_fmt(due, a),
				    pk_date_fmt(on, b));
	}
	list_dates(c, "bail_in_principle", "bail granted in principle on", 0);
}

/* One release or recall, in date order. */
struct move {
	pk_date date;
	int recall;
	const struct pk_node *n;
};

static int move_cmp(const struct move *a, const struct move *b)
{
	if (a->date != b->date)
		return a->date < b->date ? -1 : 1;
	return a->recall - b->recall; /* same day: the release first */
}

static void sort_moves(struct move *v, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		struct move m = v[i];
		size_t j = i;
		for (; j > 0 && move_cmp(&m, &v[j - 1]) < 0; j--)
			v[j] = v[j - 1];
		v[j] = m;
	}
}

static size_t collect(struct cc *c, const char *key, int recall, struct move *v, size_t n)
{
	const struct pk_node *l = pk_map_get(c->root, key);
	for (size_t i = 0; l && l->kind == PK_SEQ && i < l->n; i++) {
		pk_date dt = pk_node_date(l->items[i], "date");
		if (dt != PK_NODATE && dt <= c->today)
			v[n++] = (struct move){dt, recall, pk_get(l->items[i], "date")};
	}
	return n;
}

static size_t list_len(const struct pk_node *root, const char *key)
{
	const struct pk_node *l = pk_map_get(root, key);
	return l && l->kind == PK_SEQ ? l->n : 0;
}

static void check_ipp(struct cc *c)
{
	char a[16], b[16];
	const char *sentence = pk_get_str(c->root, "sentence");
	const char *setting = pk_get_str(c->root, "setting");
	int life = sentence && strcmp(sentence, "life") == 0;

	list_dates(c, "rag", "RAG rating of", 1);
	list_dates(c, "releases", "release", 1);
	list_dates(c, "recalls", "recall", 1);
	list_dates(c, "parole", "parole outcome of", 1);
	list_dates(c, "escalations", "escalation", 0);
	list_dates(c, "suspension_considerations", "suspension consideration of", 1);

	/* Releases and recalls alternate, starting with a release. */
	size_t cap = list_len(c->root, "releases") + list_len(c->root, "recalls");
	struct move *mv = cap ? xmalloc(cap * sizeof *mv) : NULL;
	size_t n = collect(c, "releases", 0, mv, 0);
	n = collect(c, "recalls", 1, mv, n);
	sort_moves(mv, n);
	for (size_t i = 0; i < n; i++) {
		if (mv[i].recall && (i == 0 || mv[i - 1].recall))
			pk_doc_diag(c->d, c->doc, mv[i].n, PK_ERROR, "KIT-DATES",
				    "record the release that came before it in releases",
				    i == 0 ? "recall of %s comes before any release"
					   : "recall of %s follows another recall with no release between",
				    pk_date_fmt(mv[i].date, a));
		else if (!mv[i].recall && i > 0 && !mv[i - 1].recall)
			pk_doc_diag(c->d, c->doc, mv[i].n, PK_ERROR, "KIT-DATES",
				    "record the recall that came between them in recalls",
				    "release of %s follows the release of %s with no recall between",
				    pk_date_fmt(mv[i].date, a), pk_date_fmt(mv[i - 1].date, b));
	}
	pk_date first_release = PK_NODATE;
	for (size_t i = 0; i < n; i++)
		if (!mv[i].recall) {
			first_release = mv[i].date;
			break;
		}

	/* KIT-SETTING: where the person is follows the latest movement. */
	const struct pk_node *sn = pk_map_get(c->root, "setting");
	if (setting) {
		const char *want = pk_pf_setting_name(pk_pf_setting_on(c->root, c->today));
		if (strcmp(setting, want) != 0) {
			if (!n)
				pk_doc_diag(c->d, c->doc, sn, PK_ERROR, "KIT-SETTING",
					    "add the release to releases, or set setting: custody",
					    "setting is %s, but no release is recorded", setting);
			else
				pk_doc_diag(c->d, c->doc, sn, PK_ERROR, "KIT-SETTING",
					    mv[n - 1].recall ? "set setting: custody, or record the later release"
							     : "set setting: community, or record the later recall",
					    "setting is %s, but the latest %s (%s) puts the person in %s", setting,
					    mv[n - 1].recall ? "recall" : "release", pk_date_fmt(mv[n - 1].date, a),
					    want);
		}
	}

	/* PF-COMMUNITY-RAG: no Red in the community; PF-RAG-REVIEW: stale. */
	const struct pk_node *rag = pk_map_get(c->root, "rag");
	pk_date now_date;
	const struct pk_node *now = pk_pf_rag_on(c->root, c->today, &now_date);
	for (size_t i = 0; rag && rag->kind == PK_SEQ && i < rag->n; i++) {
		const struct pk_node *e = rag->items[i];
		const char *rt = pk_get_str(e, "rating");
		pk_date dt = pk_node_date(e, "date");
		if (pk_pf_rag_parse(rt) != PK_PF_RAG_RED || dt == PK_NODATE)
			continue;
		/* Movements recorded up to today (later ones are KIT-DATES errors). */
		int community = pk_pf_setting_on(c->root, dt < c->today ? dt : c->today) == PK_PF_COMMUNITY ||
				(e == now && pk_pf_setting_parse(setting) == PK_PF_COMMUNITY);
		if (community)
			pk_doc_diag(c->d, c->doc, pk_get(e, "rating"), PK_ERROR, "PF-COMMUNITY-RAG",
				    "in the community a case is Amber (a panel every 12 months) or Green (key stages) [PF 6.6]",
				    "Red rating of %s while in the community: there is no Red in the community (PF C)",
				    pk_date_fmt(dt, a));
	}
	/* KIT-LIFECYCLE: a closed case asks for no new rating. */
	if (now && !life && !pk_case_closed(c->root, c->today, NULL, NULL)) {
		long age = (long)(c->today - now_date);
		long max = pk_rule_value("pf.rag.review", c->today);
		if (age > max)
			pk_doc_diag(c->d, c->doc, pk_get(now, "date"), PK_WARNING, "PF-RAG-REVIEW",
				    "review the rating and add the new one (even if unchanged) to rag",
				    "RAG rating of %s is %ld days old: ratings are reviewed every 6 months (%ld days), PF 6.13",
				    pk_date_fmt(now_date, a), age, max);
	}

	/* Supervision and suspension decisions follow a release. */
	const struct pk_node *since = pk_get(c->root, "supervision.since");
	pk_date sd = pk_node_date(c->root, "supervision.since");
	if (sd != PK_NODATE && sd > c->today)
		future(c, since, "supervision state since", sd);
	if (sd != PK_NODATE && first_release == PK_NODATE)
		pk_doc_diag(c->d, c->doc, since, PK_ERROR, "KIT-DATES", "add the release to releases",
			    "supervision since %s, but no release is recorded", pk_date_fmt(sd, a));
	else if (sd != PK_NODATE && sd < first_release)
		pk_doc_diag(c->d, c->doc, since, PK_ERROR, "KIT-DATES", NULL,
			    "supervision since %s, before the first release (%s)", pk_date_fmt(sd, a),
			    pk_date_fmt(first_release, b));
	const struct pk_node *sc = pk_map_get(c->root, "suspension_considerations");
	for (size_t i = 0; sc && sc->kind == PK_SEQ && i < sc->n; i++) {
		pk_date dt = pk_node_date(sc->items[i], "date");
		if (dt != PK_NODATE && (first_release == PK_NODATE || dt < first_release))
			pk_doc_diag(c->d, c->doc, pk_get(sc->items[i], "date"), PK_ERROR, "KIT-DATES", NULL,
				    "suspension of supervision considered on %s, before any release",
				    pk_date_fmt(dt, a));
	}
	/* Key stage events (not planned steps) have happened. */
	const struct pk_node *ks = pk_map_get(c->root, "key_stages");
	for (size_t i = 0; ks && ks->kind == PK_SEQ && i < ks->n; i++) {
		const char *st = pk_get_str(ks->items[i], "stage");
		pk_date dt = pk_node_date(ks->items[i], "date");
		if (st && dt != PK_NODATE && dt > c->today &&
		    (strcmp(st, "deterioration") == 0 || strcmp(st, "recall-considered") == 0))
			future(c, pk_get(ks->items[i], "date"), st, dt);
	}
	free(mv);
}

/* KIT-LIFECYCLE / KIT-BASELINE dates, and the order of detention periods. */
static void check_lifecycle(struct cc *c)
{
	char a[16], b[16];
	pk_date cd = pk_node_date(c->root, "closed.date"), ro = pk_node_date(c->root, "reopened.date");
	pk_date bl = pk_node_date(c->root, "baseline.last_panel"), ds = pk_node_date(c->root, "detention.start");
	if (cd != PK_NODATE && cd > c->today)
		future(c, pk_get(c->root, "closed.date"), "closure", cd);
	if (bl != PK_NODATE && bl > c->today)
		future(c, pk_get(c->root, "baseline.last_panel"), "baseline panel", bl);
	if (ro != PK_NODATE && cd == PK_NODATE)
		pk_doc_diag(c->d, c->doc, pk_get(c->root, "reopened"), PK_ERROR, "KIT-LIFECYCLE",
			    "record closed: {date, reason} first, or remove reopened", "reopened, but never closed");
	else if (ro != PK_NODATE && ro < cd)
		pk_doc_diag(c->d, c->doc, pk_get(c->root, "reopened.date"), PK_ERROR, "KIT-DATES", NULL,
			    "reopened %s, before it was closed (%s)", pk_date_fmt(ro, a), pk_date_fmt(cd, b));
	const struct pk_node *pd = pk_map_get(c->root, "previous_detention");
	for (size_t i = 0; pd && pd->kind == PK_SEQ && i < pd->n; i++) {
		const struct pk_node *e = pd->items[i];
		pk_date s = pk_node_date(e, "start"), en = pk_node_date(e, "end");
		if (s != PK_NODATE && en != PK_NODATE && en < s)
			pk_doc_diag(c->d, c->doc, pk_get(e, "end"), PK_ERROR, "KIT-DATES", NULL,
				    "earlier detention ends %s, before it starts (%s)", pk_date_fmt(en, a),
				    pk_date_fmt(s, b));
		else if (en != PK_NODATE && ds != PK_NODATE && en >= ds)
			pk_doc_diag(c->d, c->doc, pk_get(e, "end"), PK_ERROR, "KIT-DATES",
				    "previous_detention lists earlier periods; detention holds the current one",
				    "earlier detention ends %s, not before the current one starts (%s)",
				    pk_date_fmt(en, a), pk_date_fmt(ds, b));
	}
}

/* PF-WEPS (PF 4.4): for an IPP/DPP woman, decisions on suspension,
 * reduction of frequency and termination record the WEPS consultation. */
static void check_weps(struct cc *c)
{
	char a[16];
	const char *s = pk_get_str(c->root, "sentence");
	if (!pk_get_bool(c->root, "woman") || !s || strcmp(s, "life") == 0)
		return;
	static const struct {
		const char *list, *what;
	} l[] = {
		{"suspension_considerations", "suspension of supervision"},
		{"termination_considerations", "licence termination"},
		{"key_stages", NULL},
	};
	for (size_t k = 0; k < PK_ARRAY_LEN(l); k++) {
		const struct pk_node *v = pk_map_get(c->root, l[k].list);
		for (size_t i = 0; v && v->kind == PK_SEQ && i < v->n; i++) {
			const struct pk_node *e = v->items[i];
			pk_date d = pk_node_date(e, "date");
			const char *what = l[k].what;
			if (!what) {
				const char *st = pk_get_str(e, "stage");
				if (!st || (strcmp(st, "reduce-frequency") && strcmp(st, "suspension") &&
					    strcmp(st, "termination-referral")))
					continue;
				what = strcmp(st, "reduce-frequency") == 0 ? "reduction of frequency"
				       : strcmp(st, "suspension") == 0 ? "suspension of supervision" : "licence termination";
			}
			/* Only a decision taken (dated, not after today). */
			if (d == PK_NODATE || d > c->today || pk_get(e, "weps_consulted"))
				continue;
			pk_doc_diag(c->d, c->doc, pk_get(e, "date"), PK_WARNING, "PF-WEPS",
				    "record weps_consulted: the date WEPS was consulted (PF 4.4)",
				    "the %s decision of %s records no consultation with WEPS (for IPP women, PF 4.4)",
				    what, pk_date_fmt(d, a));
		}
	}
}

void pk_check_case(struct pk_check_ctx *ctx, const struct pk_doc *doc, struct pk_diags *d)
{
	struct cc c = {doc, pk_doc_root(doc), d, ctx->today};
	if (!c.root || c.root->kind != PK_MAP)
		return;
	const char *fw = pk_get_str(c.root, "framework");
	check_lifecycle(&c);
	if (fw && strcmp(fw, "detention") == 0)
		check_detention(&c);
	else if (fw && strcmp(fw, "ipp") == 0) {
		check_ipp(&c);
		check_weps(&c);
	}
	/* PF-NONDISCLOSURE: its own non-disclosable text pasted elsewhere */
	pk_nd_passages(c.root, doc, ctx->today, PK_WARNING, d);
}
