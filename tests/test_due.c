/* due.c / due_out.c: what is around the rules (test_rules.c has those):
 * ordering, filters, the compact table, JSON, the iCalendar writer
 * (RFC 5545 folding and escaping), --explain working, and records the
 * engine cannot schedule. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "due.h"
#include "mem.h"

static pk_date D(const char *s)
{
	pk_date d;
	cr_assert_eq(pk_date_parse(s, &d, NULL), 0, "bad date in test: %s", s);
	return d;
}

static struct pk_due_item item(const char *id, const char *rule, const char *due, const char *deadline,
			       enum pk_due_status st, const char *reason)
{
	struct pk_due_item it;
	memset(&it, 0, sizeof it);
	it.case_id = (char *)id;
	it.fw = rule[0] == 'C' ? PK_FW_DETENTION : PK_FW_IPP;
	it.framework = it.fw == PK_FW_DETENTION ? "detention" : "ipp";
	it.setting = it.fw == PK_FW_DETENTION ? "detained" : "custody";
	it.rule = rule;
	it.due = due ? D(due) : PK_NODATE;
	it.deadline = deadline ? D(deadline) : PK_NODATE;
	it.anchor = it.due;
	it.status = st;
	it.reason = (char *)reason;
	it.team = (char *)"north";
	it.fact_file = (char *)(it.fw == PK_FW_DETENTION ? "cases/DC-1.yaml" : "panels/PP-1.yaml");
	it.fact_line = 7;
	it.tier = it.fw == PK_FW_DETENTION ? PK_CPP_TIER_3M : PK_CPP_TIER_NONE;
	it.sentence = it.fw == PK_FW_DETENTION ? NULL : (char *)"ipp";
	return it;
}

static char *print(void (*fn)(FILE *, const struct pk_due_table *), const struct pk_due_table *t)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	fn(f, t);
	fclose(f);
	return buf;
}

Test(due, order_overdue_then_deadline_then_case_pending_last)
{
	struct pk_due_table *t = pk_due_table_new();
	struct pk_due_item v[] = {
		item("IS-2", "PF-KEY-STAGES", NULL, NULL, PK_DUE_PENDING, "p"),
		item("DC-9", "CPP-CYCLE", "2026-11-20", "2026-11-26", PK_DUE_DUE, "b"),
		item("DC-1", "CPP-CYCLE", "2026-11-20", "2026-11-26", PK_DUE_DUE, "a"),
		item("IS-1", "PF-RECALL", "2026-10-01", "2026-10-29", PK_DUE_OVERDUE, "o2"),
		item("DC-3", "CPP-ADHOC", "2026-11-25", "2026-11-25", PK_DUE_UPCOMING, "u"),
		item("DC-2", "CPP-CYCLE", "2026-09-01", "2026-09-07", PK_DUE_OVERDUE, "o1"),
	};
	for (size_t i = 0; i < PK_ARRAY_LEN(v); i++)
		pk_due_table_add(t, &v[i]);
	pk_due_table_sort(t);
	cr_expect_eq(pk_due_table_count(t), 6);
	cr_expect_eq(pk_due_table_overdue(t), 2);
	char *out = print(pk_due_print_text, t);
	const char *want =
		"CASE  FRAMEWORK  SETTING   DUE         DEADLINE    STATUS    RULE           REASON\n"
		"DC-2  detention  detained  2026-09-01  2026-09-07  overdue   CPP-CYCLE      o1\n"
		"IS-1  ipp        custody   2026-10-01  2026-10-29  overdue   PF-RECALL      o2\n"
		"DC-3  detention  detained  2026-11-25  2026-11-25  upcoming  CPP-ADHOC      u\n"
		"DC-1  detention  detained  2026-11-20  2026-11-26  due       CPP-CYCLE      a\n"
		"DC-9  detention  detained  2026-11-20  2026-11-26  due       CPP-CYCLE      b\n"
		"IS-2  ipp        custody   -           -           pending   PF-KEY-STAGES  p\n";
	cr_expect_str_eq(out, want);
	free(out);
	pk_due_table_free(t);

	/* The same order from pk_due_sort on a list. */
	struct pk_due_list l = PK_DUE_LIST_INIT;
	l.v = v;
	l.n = PK_ARRAY_LEN(v);
	pk_due_sort(&l);
	cr_expect_str_eq(l.v[0].case_id, "DC-2");
	cr_expect_str_eq(l.v[5].case_id, "IS-2");
	cr_expect_str_eq(l.v[3].case_id, "DC-1");
}

Test(due, filters)
{
	pk_date asof = D("2026-11-23");
	struct pk_due_item o = item("DC-2", "CPP-CYCLE", "2026-09-01", "2026-09-07", PK_DUE_OVERDUE, "x");
	struct pk_due_item u = item("IS-1", "PF-RECALL", "2026-12-01", "2026-12-29", PK_DUE_UPCOMING, "x");
	struct pk_due_item p = item("IS-2", "PF-KEY-STAGES", NULL, NULL, PK_DUE_PENDING, "x");
	struct pk_due_filter f = PK_DUE_FILTER_INIT;
	cr_expect(pk_due_keep(&f, &o, asof) && pk_due_keep(&f, &u, asof) && pk_due_keep(&f, &p, asof));
	f.within = 7; /* to 2026-11-30 */
	cr_expect(pk_due_keep(&f, &o, asof));
	cr_expect(!pk_due_keep(&f, &u, asof));
	cr_expect(pk_due_keep(&f, &p, asof), "a pending item stays with --within");
	f.within = 8;
	cr_expect(pk_due_keep(&f, &u, asof), "due exactly as-of + DAYS is within");
	f = (struct pk_due_filter)PK_DUE_FILTER_INIT;
	f.overdue_only = 1;
	cr_expect(pk_due_keep(&f, &o, asof) && !pk_due_keep(&f, &u, asof) && !pk_due_keep(&f, &p, asof));
	f = (struct pk_due_filter)PK_DUE_FILTER_INIT;
	f.framework = PK_FW_IPP;
	cr_expect(!pk_due_keep(&f, &o, asof) && pk_due_keep(&f, &u, asof));
	f = (struct pk_due_filter)PK_DUE_FILTER_INIT;
	f.team = "south";
	cr_expect(!pk_due_keep(&f, &o, asof));
	f.team = "north";
	cr_expect(pk_due_keep(&f, &o, asof));
}

Test(due, json)
{
	struct pk_due_table *t = pk_due_table_new();
	struct pk_due_item a = item("DC-1", "CPP-ADHOC", "2026-11-25", "2026-11-25", PK_DUE_UPCOMING, "say \"hi\"");
	struct pk_due_item b = item("IS-2", "PF-KEY-STAGES", NULL, NULL, PK_DUE_PENDING, "p");
	pk_due_table_add(t, &a);
	pk_due_table_add(t, &b);
	pk_due_table_sort(t);
	char *out = print(pk_due_print_json, t);
	cr_expect_str_eq(out,
		"[\n"
		"  {\"case\": \"DC-1\", \"framework\": \"detention\", \"setting\": \"detained\", \"rule\": \"CPP-ADHOC\", "
		"\"due\": \"2026-11-25\", \"deadline\": \"2026-11-25\", \"status\": \"upcoming\", \"reason\": \"say \\\"hi\\\"\", "
		"\"tier\": \"3-month\", \"team\": \"north\", \"unit\": null, \"source\": \"cases/DC-1.yaml:7\"},\n"
		"  {\"case\": \"IS-2\", \"framework\": \"ipp\", \"setting\": \"custody\", \"rule\": \"PF-KEY-STAGES\", "
		"\"due\": null, \"deadline\": null, \"status\": \"pending\", \"reason\": \"p\", \"sentence\": \"ipp\", "
		"\"team\": \"north\", \"unit\": null, \"source\": \"panels/PP-1.yaml:7\"}\n"
		"]\n");
	free(out);
	pk_due_table_free(t);
	t = pk_due_table_new();
	out = print(pk_due_print_json, t);
	cr_expect_str_eq(out, "[]\n");
	free(out);
	out = print(pk_due_print_text, t);
	cr_expect_str_eq(out, "", "nothing due: no header either");
	free(out);
	pk_due_table_free(t);
}

/* Unfolds RFC 5545 content lines: CRLF followed by one space is removed. */
static char *unfold(const char *s)
{
	struct sbuf b = SBUF_INIT;
	for (; *s; s++) {
		if (s[0] == '\r' && s[1] == '\n' && s[2] == ' ') {
			s += 2;
			continue;
		}
		sbuf_addc(&b, *s);
	}
	return sbuf_detach(&b);
}

Test(due, ics_folding_escaping_uids)
{
	struct pk_due_table *t = pk_due_table_new();
	/* A long reason with every character TEXT escapes, and multi-byte
	 * UTF-8 placed so that a naive fold at 75 octets would split one. */
	const char *reason = "Rule 35 report; scars, \"consistent\" \\ with the account\nsecond line "
			     "ééééééééééééééééééééééééééééééééééééééééééééééééé end";
	struct pk_due_item a = item("DC-1", "CPP-ADHOC", "2026-11-25", "2026-11-25", PK_DUE_UPCOMING, reason);
	struct pk_due_item b = item("DC-1", "CPP-ADHOC", "2026-11-25", "2026-11-25", PK_DUE_UPCOMING, "second referral");
	struct pk_due_item c = item("IS-2", "PF-KEY-STAGES", NULL, NULL, PK_DUE_PENDING, "no date");
	/* The same run of two-octet characters one octet later: whatever
	 * the fold positions, one of the two would split a character. */
	struct pk_due_item d = item("DC-3", "CPP-CYCLE", "2026-11-20", "2026-11-26", PK_DUE_DUE,
				    "xééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééé");
	pk_due_table_add(t, &a);
	pk_due_table_add(t, &b);
	pk_due_table_add(t, &c);
	pk_due_table_add(t, &d);
	d.reason = d.reason + 1;
	d.case_id = (char *)"DC-4";
	pk_due_table_add(t, &d);
	pk_due_table_sort(t);
	size_t len;
	char *cal = pk_due_ics(t, D("2026-11-23"), &len);
	cr_assert_eq(strlen(cal), len);
	/* Every physical line ends in CRLF, has at most 75 octets, and a
	 * continuation never starts inside a UTF-8 sequence. */
	const char *p = cal;
	int folded = 0;
	while (*p) {
		const char *e = strstr(p, "\r\n");
		cr_assert_not_null(e, "a line without CRLF");
		cr_expect_leq(e - p, 75, "line longer than 75 octets: %.*s", (int)(e - p), p);
		cr_expect(((unsigned char)p[0] & 0xC0) != 0x80 &&
			  !(p[0] == ' ' && ((unsigned char)p[1] & 0xC0) == 0x80), "fold inside a UTF-8 sequence");
		cr_expect(!memchr(p, '\n', (size_t)(e - p)), "a bare LF");
		folded += p[0] == ' ';
		p = e + 2;
	}
	cr_expect_gt(folded, 2);
	char *u = unfold(cal);
	cr_expect(strncmp(u, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//panelkit//panel due//EN\r\n", 64) == 0);
	cr_expect_not_null(strstr(u, "DESCRIPTION:Rule 35 report\\; scars\\, \"consistent\" \\\\ with the account\\nsecond line é"));
	cr_expect_not_null(strstr(u, "UID:DC-1-CPP-ADHOC-2026-11-25@panelkit\r\n"));
	cr_expect_not_null(strstr(u, "UID:DC-1-CPP-ADHOC-2026-11-25-2@panelkit\r\n"), "a second item gets a distinct UID");
	cr_expect_not_null(strstr(u, "UID:DC-3-CPP-CYCLE-2026-11-20@panelkit\r\nDTSTAMP:20261123T000000Z\r\n"
				     "DTSTART;VALUE=DATE:20261120\r\nDTEND;VALUE=DATE:20261127\r\n"));
	cr_expect_null(strstr(u, "IS-2"), "a pending item has no date for a calendar");
	cr_expect(len > 15 && strcmp(cal + len - 15, "END:VCALENDAR\r\n") == 0);
	free(u);
	free(cal);
	pk_due_table_free(t);
}

/* ---- the engine on small records: explain text and problems ---- */

static struct pk_source *one_case_source(const char *dir, const char *yaml)
{
	char path[512];
	snprintf(path, sizeof path, "mkdir -p %s/cases %s/panels %s/people", dir, dir, dir);
	cr_assert_eq(system(path), 0);
	/* One person too: record.c's qsort of an empty first folder passes
	 * NULL (UBSan), reported to the lead. */
	snprintf(path, sizeof path, "%s/people/p-1.yaml", dir);
	FILE *f = fopen(path, "w");
	cr_assert_not_null(f);
	fputs("id: p-1\nname: P\norganisation: hmpps\n", f);
	fclose(f);
	snprintf(path, sizeof path, "%s/cases/T-1.yaml", dir);
	f = fopen(path, "w");
	cr_assert_not_null(f);
	fputs(yaml, f);
	fclose(f);
	struct pk_diags d = PK_DIAGS_INIT;
	struct pk_source *s = pk_source_dir(dir, &d);
	pk_diags_free(&d);
	return s;
}

static char *explain(const char *yaml, const char *asof, int *ret, struct pk_diags *d)
{
	char dir[] = "/tmp/pk-due.XXXXXX";
	cr_assert_not_null(mkdtemp(dir));
	struct pk_source *src = one_case_source(dir, yaml);
	struct pk_due_opts o = {.as_of = D(asof), .after = 1};
	struct pk_due_ctx *ctx = pk_due_ctx_new(src, &o, d);
	struct pk_doc *doc = pk_source_load(src, "cases/T-1.yaml", d);
	cr_assert_not_null(doc);
	struct pk_due_list l = PK_DUE_LIST_INIT;
	struct pk_lines ex = PK_LINES_INIT;
	*ret = pk_due_case(ctx, doc, &l, &ex);
	struct sbuf b = SBUF_INIT;
	for (size_t i = 0; i < ex.n; i++)
		sbuf_addf(&b, "%s\n", ex.v[i]);
	pk_lines_free(&ex);
	pk_due_list_free(&l);
	pk_doc_free(doc);
	pk_due_ctx_free(ctx);
	pk_source_free(src);
	char cmd[64];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	cr_expect_eq(system(cmd), 0);
	return sbuf_detach(&b);
}

Test(due, explain_says_why_nothing)
{
	struct pk_diags d = PK_DIAGS_INIT;
	int r;
	char *x = explain("id: T-1\nframework: ipp\nteam: t\nsentence: ipp\nsetting: custody\n"
			  "rag:\n  - {rating: green, date: 2026-10-01}\n", "2026-11-23", &r, &d);
	cr_expect_eq(r, 0);
	cr_expect_not_null(strstr(x, "  RAG Green since 2026-10-01 (cases/T-1.yaml:7)\n"), "%s", x);
	cr_expect_not_null(strstr(x, "PF-CUSTODY-RAG [PF 6.2: Green: no routine panel]: Green rating of 2026-10-01 "
				     "(cases/T-1.yaml:7) -> no routine panel"), "%s", x);
	cr_expect_not_null(strstr(x, "PF-NEG-PAROLE: no negative parole outcome recorded -> nothing"), "%s", x);
	free(x);
	x = explain("id: T-1\nframework: ipp\nteam: t\nsentence: life\nsetting: custody\n", "2026-11-23", &r, &d);
	cr_expect_not_null(strstr(x, "PF-LIFE [PF 6.8]: life sentence panels are only for people on licence in the "
				     "community -> nothing in custody"), "%s", x);
	cr_expect_not_null(strstr(x, "Due:\n  nothing\n"), "%s", x);
	free(x);
	x = explain("id: T-1\nframework: detention\nteam: t\ndetention:\n  start: 2026-01-01\n  end: 2026-03-01\n"
		    "  end_reason: removed\n", "2026-11-23", &r, &d);
	cr_expect_not_null(strstr(x, "CPP-END [CPP §2]: detention ended 2026-03-01 (cases/T-1.yaml:6), on or before "
				     "as-of -> no reviews are due"), "%s", x);
	free(x);
	cr_expect_eq(d.n, 0);
	pk_diags_free(&d);
}

Test(due, cases_that_cannot_be_scheduled)
{
	static const struct {
		const char *yaml;
		const char *msg;
	} t[] = {
		{"id: T-1\nframework: prison\n", "framework \"prison\" is not detention or ipp"},
		{"id: T-1\nframework: detention\ndetention:\n  start: 2026-02-30\n", "detention.start is missing or not a date"},
		{"id: T-1\nframework: ipp\nsentence: eds\nsetting: custody\n", "sentence \"eds\" is not ipp, dpp or life"},
		{"id: T-1\nframework: ipp\nsentence: ipp\nsetting: open\n", "setting \"open\" is not custody or community"},
		{"framework: ipp\n", "the case has no id"},
	};
	for (size_t i = 0; i < PK_ARRAY_LEN(t); i++) {
		struct pk_diags d = PK_DIAGS_INIT;
		int r;
		char *x = explain(t[i].yaml, "2026-11-23", &r, &d);
		cr_expect_eq(r, -1, "%s", t[i].yaml);
		cr_assert_eq(d.errors, 1, "%s", t[i].yaml);
		cr_expect_str_eq(d.v[0].rule, "KIT-DUE");
		cr_expect_str_eq(d.v[0].msg, t[i].msg);
		cr_expect_not_null(strstr(x, t[i].msg), "explain says why: %s", x);
		free(x);
		pk_diags_free(&d);
	}
}

/* pk_due_opts.only (validate's rescheduled sittings): the held panels of
 * the cases kept are exactly those of a context that keeps every case, and
 * the other cases have none. Over the sample caseload. */
Test(due, only_some_cases)
{
	char dir[4096];
	snprintf(dir, sizeof dir, "%s/casefiles", getenv("PANEL_SRC") ? getenv("PANEL_SRC") : ".");
	struct pk_diags d = PK_DIAGS_INIT;
	struct pk_source *src = pk_source_dir(dir, &d);
	cr_assert_not_null(src);
	struct pk_due_opts all = {.as_of = D("2026-11-23"), .after = 1};
	struct pk_due_ctx *ca = pk_due_ctx_new(src, &all, &d);
	const char *with[64];
	size_t nwith = 0;
	for (size_t i = 0; i < src->n && nwith < 64; i++) {
		char id[64];
		const char *p = src->paths[i];
		if (strncmp(p, "cases/", 6) || strlen(p) - 11 >= sizeof id)
			continue;
		snprintf(id, sizeof id, "%.*s", (int)(strlen(p) - 11), p + 6);
		size_t n;
		if (pk_due_history(ca, id, &n) && n)
			with[nwith++] = pk_due_history(ca, id, &n)->case_id;
	}
	cr_assert_geq(nwith, 4, "cases with held panels in casefiles/: %zu", nwith);
	/* Keep every other one (sorted already: the source is). */
	const char *keep[32];
	size_t nkeep = 0;
	for (size_t i = 0; i < nwith; i += 2)
		keep[nkeep++] = with[i];
	struct pk_due_opts some = all;
	some.only = keep;
	some.n_only = nkeep;
	struct pk_due_ctx *cs = pk_due_ctx_new(src, &some, &d);
	for (size_t i = 0; i < nwith; i++) {
		size_t na = 0, ns = 0;
		const struct pk_held *ha = pk_due_history(ca, with[i], &na);
		const struct pk_held *hs = pk_due_history(cs, with[i], &ns);
		if (i % 2) {
			cr_expect_eq(ns, 0, "%s is not kept, yet has %zu held panels", with[i], ns);
			continue;
		}
		cr_assert_eq(ns, na, "%s: %zu held panels, %zu without the filter", with[i], ns, na);
		for (size_t k = 0; k < na; k++) {
			cr_expect_str_eq(hs[k].panel_id, ha[k].panel_id, "%s panel %zu", with[i], k);
			cr_expect_eq(hs[k].date, ha[k].date, "%s panel %zu", with[i], k);
			size_t xa, xs;
			pk_due_actions(ca, &ha[k], &xa);
			pk_due_actions(cs, &hs[k], &xs);
			cr_expect_eq(xs, xa, "%s panel %s: actions", with[i], ha[k].panel_id);
		}
	}
	/* Every planned sitting is still seen, even naming none of the cases
	 * kept: the next one sets an ad hoc referral's deadline (CPP-ADHOC). */
	static const char *const nobody[] = {"NO-SUCH-CASE"};
	struct pk_due_opts none = all;
	none.only = nobody;
	none.n_only = 1;
	struct pk_due_ctx *cn = pk_due_ctx_new(src, &none, &d);
	int seen = 0;
	for (int fw = PK_FW_DETENTION; fw <= PK_FW_IPP; fw++)
		for (pk_date day = D("2026-06-01"); day < D("2027-01-01"); day += 7) {
			const struct pk_planned *pa = pk_due_next_planned(ca, (enum pk_framework)fw, day);
			const struct pk_planned *pn = pk_due_next_planned(cn, (enum pk_framework)fw, day);
			cr_assert_eq(!pa, !pn, "framework %d from day %ld", fw, (long)day);
			if (pa) {
				cr_expect_str_eq(pn->panel_id, pa->panel_id);
				seen++;
			}
		}
	cr_expect_gt(seen, 10, "planned sittings seen: %d", seen);
	cr_expect_eq(pk_due_bad_panels(cn), 0, "panels left unparsed counted as bad");
	size_t nh;
	cr_expect_null(pk_due_history(cn, with[0], &nh));
	pk_due_ctx_free(cn);
	cr_expect_eq(d.errors, 0);
	pk_due_ctx_free(cs);
	pk_due_ctx_free(ca);
	pk_source_free(src);
	pk_diags_free(&d);
}
