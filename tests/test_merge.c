/* merge.c: the three-way record merge (panel sync, panel merge-file).
 * Each row: base, ours, theirs of one record; the exact merged text, or
 * the exact conflicts ("path: why" lines). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "merge.h"
#include "schema.h"
#include "mem.h"

static struct pk_schema *S;
static struct pk_diags d;

static void setup(void)
{
	memset(&d, 0, sizeof d);
	struct sbuf dir = SBUF_INIT;
	sbuf_addf(&dir, "%s/schema", getenv("PANEL_SRC") ? getenv("PANEL_SRC") : ".");
	S = pk_schema_load(dir.s, &d);
	sbuf_free(&dir);
	cr_assert_not_null(S, "schema/ must load (x-merge is a known keyword)");
}

static void teardown(void)
{
	pk_schema_free(S);
	pk_diags_free(&d);
}

TestSuite(merge, .init = setup, .fini = teardown);

#define IPP_HEAD \
	"# yaml-language-server: $schema=../schema/case.schema.json\n" \
	"id: IS-0001\n" \
	"framework: ipp\n" \
	"name: Cuthbert Ravelwood\n" \
	"team: larkhill-vale-omu\n" \
	"sentence: ipp\n" \
	"setting: custody\n" \
	"unit: HMP Larkhill Vale\n" \
	"responsible: pom\n" \
	"pom: mabel-turnstone\n"

#define DC_HEAD \
	"# yaml-language-server: $schema=../schema/case.schema.json\n" \
	"id: DC-0001\n" \
	"framework: detention\n" \
	"name: Ottavio Brindlecombe\n" \
	"team: north\n" \
	"owner: tansy-marlowe\n" \
	"detention:\n" \
	"  start: 2026-10-04\n"

#define RAG_BASE \
	"rag:\n" \
	"  # first rating after sentence review\n" \
	"  - rating: amber\n" \
	"    date: 2025-03-10\n" \
	"    reason: On the waiting list.\n" \
	"  - rating: red\n" \
	"    date: 2026-05-20\n"

#define PANEL_HEAD \
	"id: CPP-2026-09-17-A\n" \
	"framework: detention\n" \
	"date: 2026-09-17\n" \
	"time: \"10:00\"\n" \
	"status: planned\n" \
	"chair: marigold-penhallow\n"

struct row {
	const char *name, *path, *base, *ours, *theirs;
	const char *merged;     /* NULL: conflict */
	const char *conflicts;  /* "path: why\n" per conflict */
};

static const struct row rows[] = {
	{"adjacent scalar fields merge (location + removal_directions)", "cases/DC-0001.yaml",
	 DC_HEAD "location: IRC Fernmoor\nmappa: none\n",
	 DC_HEAD "location: IRC Brookhaven\nmappa: none\n",
	 DC_HEAD "location: IRC Fernmoor\nremoval_directions: 2026-12-20\nmappa: none\n",
	 DC_HEAD "location: IRC Brookhaven\nremoval_directions: 2026-12-20\nmappa: none\n", NULL},
	{"comments and key order of both sides kept", "cases/DC-0001.yaml",
	 DC_HEAD "# moved in October\nlocation: IRC Fernmoor\nmappa: none   # checked\nnotes: x\n",
	 DC_HEAD "# moved in October\nlocation: IRC Fernmoor\nmappa: none   # checked\nnotes: x\n# ours' note\nadult_at_risk: level-2\n",
	 DC_HEAD "# moved in November\nlocation: IRC Brookhaven\nmappa: none   # checked\nnotes: x\n",
	 DC_HEAD "# moved in November\nlocation: IRC Brookhaven\nmappa: none   # checked\nnotes: x\n# ours' note\nadult_at_risk: level-2\n",
	 NULL},
	{"same value on both sides is not a conflict", "cases/DC-0001.yaml",
	 DC_HEAD "location: IRC Fernmoor\nmappa: none\n",
	 DC_HEAD "location: IRC Brookhaven\nmappa: none\n",
	 DC_HEAD "location: \"IRC Brookhaven\"\nmappa: level-1\n",
	 DC_HEAD "location: IRC Brookhaven\nmappa: level-1\n", NULL},
	{"different values of one scalar conflict", "cases/DC-0001.yaml",
	 DC_HEAD "location: IRC Fernmoor\n",
	 DC_HEAD "location: IRC Brookhaven\n",
	 DC_HEAD "location: IRC Dunmere\n",
	 NULL, "location: changed on both sides\n"},
	{"nested mapping recurses", "cases/DC-0001.yaml",
	 "id: DC-0001\nframework: detention\nname: A\nteam: north\nowner: tansy-marlowe\ndetention:\n  start: 2026-10-04\n",
	 "id: DC-0001\nframework: detention\nname: A\nteam: north\nowner: tansy-marlowe\ndetention:\n  start: 2026-10-05\n",
	 "id: DC-0001\nframework: detention\nname: A\nteam: north\nowner: tansy-marlowe\ndetention:\n  start: 2026-10-04\n  end: 2026-11-04\n  end_reason: released\n",
	 "id: DC-0001\nframework: detention\nname: A\nteam: north\nowner: tansy-marlowe\ndetention:\n  start: 2026-10-05\n  end: 2026-11-04\n  end_reason: released\n",
	 NULL},
	{"same new key added by both sides with different values conflicts", "cases/DC-0001.yaml",
	 DC_HEAD "location: IRC Fernmoor\nmappa: none\n",
	 DC_HEAD "removal_directions: 2026-12-20\nlocation: IRC Fernmoor\nmappa: none\n",
	 DC_HEAD "location: IRC Fernmoor\nmappa: none\nremoval_directions: 2026-12-21\n",
	 NULL, "removal_directions: added on both sides with different values\n"},
	{"same new key added by both sides with the same value: once", "cases/DC-0001.yaml",
	 DC_HEAD "location: IRC Fernmoor\nmappa: none\n",
	 DC_HEAD "removal_directions: 2026-12-20\nlocation: IRC Fernmoor\nmappa: none\n",
	 DC_HEAD "location: IRC Fernmoor\nmappa: none\nremoval_directions: 2026-12-20\n",
	 DC_HEAD "removal_directions: 2026-12-20\nlocation: IRC Fernmoor\nmappa: none\n", NULL},
	{"dated list (rag): both sides append different dates", "cases/IS-0001.yaml",
	 IPP_HEAD RAG_BASE "notes: n\n",
	 IPP_HEAD RAG_BASE "  - rating: red\n    date: 2026-11-10\n    reason: Reviewed.\nnotes: n\n",
	 IPP_HEAD RAG_BASE "  - rating: amber\n    date: 2026-12-01\nnotes: n\n",
	 IPP_HEAD RAG_BASE "  - rating: red\n    date: 2026-11-10\n    reason: Reviewed.\n"
		 "  - rating: amber\n    date: 2026-12-01\nnotes: n\n", NULL},
	{"dated list (rag): one entry's rating changed both ways", "cases/IS-0001.yaml",
	 IPP_HEAD RAG_BASE,
	 IPP_HEAD "rag:\n  # first rating after sentence review\n  - rating: amber\n    date: 2025-03-10\n    reason: On the waiting list.\n  - rating: amber\n    date: 2026-05-20\n",
	 IPP_HEAD "rag:\n  # first rating after sentence review\n  - rating: amber\n    date: 2025-03-10\n    reason: On the waiting list.\n  - rating: green\n    date: 2026-05-20\n",
	 NULL, "rag[1].rating: changed on both sides\n"},
	{"dated list (rag): an entry's reason on one side, rating of another on the other", "cases/IS-0001.yaml",
	 IPP_HEAD RAG_BASE,
	 IPP_HEAD "rag:\n  # first rating after sentence review\n  - rating: amber\n    date: 2025-03-10\n    reason: On the waiting list (since February).\n  - rating: red\n    date: 2026-05-20\n",
	 IPP_HEAD "rag:\n  # first rating after sentence review\n  - rating: amber\n    date: 2025-03-10\n    reason: On the waiting list.\n  - rating: red\n    date: 2026-05-20\n    reason: Deselected.\n",
	 IPP_HEAD "rag:\n  # first rating after sentence review\n  - rating: amber\n    date: 2025-03-10\n    reason: On the waiting list (since February).\n  - rating: red\n    date: 2026-05-20\n    reason: Deselected.\n",
	 NULL},
	{"dated list (parole): same entry added by both is kept once", "cases/IS-0001.yaml",
	 IPP_HEAD RAG_BASE,
	 IPP_HEAD RAG_BASE "parole:\n  - date: 2026-11-02\n    outcome: negative\n",
	 IPP_HEAD RAG_BASE "parole:\n- date: 2026-11-02\n  outcome: negative\n",
	 IPP_HEAD RAG_BASE "parole:\n  - date: 2026-11-02\n    outcome: negative\n", NULL},
	{"dated list (parole): both sides add entries to a new list", "cases/IS-0001.yaml",
	 IPP_HEAD RAG_BASE,
	 IPP_HEAD RAG_BASE "parole:\n  - date: 2026-11-02\n    outcome: negative\n",
	 IPP_HEAD RAG_BASE "parole:\n  - date: 2026-11-02\n    outcome: negative\n  - date: 2027-05-02\n    outcome: open\n",
	 IPP_HEAD RAG_BASE "parole:\n  - date: 2026-11-02\n    outcome: negative\n  - date: 2027-05-02\n    outcome: open\n",
	 NULL},
	{"dated list: one side deletes an entry the other left alone", "cases/IS-0001.yaml",
	 IPP_HEAD RAG_BASE "notes: n\n",
	 IPP_HEAD "rag:\n  # first rating after sentence review\n  - rating: amber\n    date: 2025-03-10\n    reason: On the waiting list.\nnotes: n\n",
	 IPP_HEAD RAG_BASE "  - rating: green\n    date: 2026-12-01\nnotes: n\n",
	 IPP_HEAD "rag:\n  # first rating after sentence review\n  - rating: amber\n    date: 2025-03-10\n    reason: On the waiting list.\n"
		 "  - rating: green\n    date: 2026-12-01\nnotes: n\n", NULL},
	{"dated list: deleted on one side, changed on the other", "cases/IS-0001.yaml",
	 IPP_HEAD RAG_BASE "notes: n\n",
	 IPP_HEAD "rag:\n  # first rating after sentence review\n  - rating: amber\n    date: 2025-03-10\n    reason: On the waiting list.\nnotes: n\n",
	 IPP_HEAD RAG_BASE "    reason: Deselected.\nnotes: n\n",
	 NULL, "rag[1]: deleted in ours, changed in theirs\n"},
	{"set list (roles): both add", "people/ambrose-wicket.yaml",
	 "id: ambrose-wicket\nname: Ambrose Wicket\norganisation: home-office\ngrade: EO\nroles:\n  - fno-rc\n",
	 "id: ambrose-wicket\nname: Ambrose Wicket\norganisation: home-office\ngrade: EO\nroles:\n  - fno-rc\n  - nrpc\n",
	 "id: ambrose-wicket\nname: Ambrose Wicket\norganisation: home-office\ngrade: EO\nroles:\n  - ipm\n  - fno-rc\n",
	 "id: ambrose-wicket\nname: Ambrose Wicket\norganisation: home-office\ngrade: EO\nroles:\n  - ipm\n  - fno-rc\n  - nrpc\n", NULL},
	{"panel members by person, cases by case", "panels/CPP-2026-09-17-A.yaml",
	 PANEL_HEAD "members:\n  - person: hester-brackenbury\n    role: fno-rc\ncases:\n  - case: DC-0010\n    purpose: CPP-CYCLE\n",
	 PANEL_HEAD "members:\n  - person: hester-brackenbury\n    role: fno-rc\n  - person: rufus-lanternjaw\n    role: ipm\ncases:\n  - case: DC-0010\n    purpose: CPP-CYCLE\n  - case: DC-0009\n    purpose: CPP-CYCLE\n",
	 PANEL_HEAD "members:\n  - person: hester-brackenbury\n    role: nrpc\ncases:\n  - case: DC-0011\n    purpose: CPP-CYCLE\n  - case: DC-0010\n    purpose: CPP-CYCLE\n",
	 PANEL_HEAD "members:\n  - person: hester-brackenbury\n    role: nrpc\n  - person: rufus-lanternjaw\n    role: ipm\ncases:\n  - case: DC-0011\n    purpose: CPP-CYCLE\n  - case: DC-0010\n    purpose: CPP-CYCLE\n  - case: DC-0009\n    purpose: CPP-CYCLE\n",
	 NULL},
	{"actions by their identity, within a panel's case", "panels/CPP-2026-09-17-A.yaml",
	 PANEL_HEAD "cases:\n  - case: DC-0011\n    purpose: CPP-CYCLE\n    actions:\n      - action: Chase the embassy.\n        owner: isadora-quenby\n",
	 PANEL_HEAD "cases:\n  - case: DC-0011\n    purpose: CPP-CYCLE\n    actions:\n      - action: Chase the embassy.\n        owner: isadora-quenby\n        done: 2026-09-29\n",
	 PANEL_HEAD "cases:\n  - case: DC-0011\n    purpose: CPP-CYCLE\n    actions:\n      - action: Chase the embassy.\n        owner: isadora-quenby\n      - action: Book the interpreter.\n        owner: isadora-quenby\n",
	 PANEL_HEAD "cases:\n  - case: DC-0011\n    purpose: CPP-CYCLE\n    actions:\n      - action: Chase the embassy.\n        owner: isadora-quenby\n        done: 2026-09-29\n      - action: Book the interpreter.\n        owner: isadora-quenby\n",
	 NULL},
	{"free-text notes: both sides' additions kept", "cases/DC-0001.yaml",
	 DC_HEAD "notes: Asylum claim refused.\n",
	 DC_HEAD "notes: Asylum claim refused. Appeal lodged.\n",
	 DC_HEAD "notes: Asylum claim refused. Solicitor changed.\n",
	 DC_HEAD "notes: Asylum claim refused. Appeal lodged. Solicitor changed.\n", NULL},
	{"free-text notes: a rewrite on one side is a conflict", "cases/DC-0001.yaml",
	 DC_HEAD "notes: Asylum claim refused.\n",
	 DC_HEAD "notes: Asylum claim refused. Appeal lodged.\n",
	 DC_HEAD "notes: Claim refused.\n",
	 NULL, "notes: changed on both sides (not only added to)\n"},
	{"an undeclared list is compared whole", "cases/IS-0001.yaml",
	 IPP_HEAD "x_list:\n  - a\n",
	 IPP_HEAD "x_list:\n  - a\n  - b\n",
	 IPP_HEAD "x_list:\n  - a\n  - c\n",
	 NULL, "x_list: changed on both sides (the list is compared whole)\n"},
	{"record deleted on one side, changed on the other", "cases/DC-0001.yaml",
	 DC_HEAD "location: IRC Fernmoor\n", NULL, DC_HEAD "location: IRC Dunmere\n",
	 NULL, "deleted in ours, changed in theirs\n"},
	{"a merge that does not validate is a conflict", "cases/DC-0001.yaml",
	 DC_HEAD "location: IRC Fernmoor\n",
	 DC_HEAD "location: IRC Fernmoor\nlocaton: typo\n",
	 DC_HEAD "location: IRC Dunmere\n",
	 NULL, "the merged record does not validate: line 10: unknown key \"locaton\" [KIT-SCHEMA]\n"},
	{"an edit inside a flow mapping changed on both sides cannot be spliced", "cases/DC-0001.yaml",
	 "id: DC-0001\nframework: detention\nname: A\nteam: north\nowner: tansy-marlowe\ndetention: {start: 2026-10-04}\n",
	 "id: DC-0001\nframework: detention\nname: A\nteam: north\nowner: tansy-marlowe\ndetention: {start: 2026-10-05}\n",
	 "id: DC-0001\nframework: detention\nname: A\nteam: north\nowner: tansy-marlowe\ndetention: {start: 2026-10-04, end: 2026-11-01, end_reason: released}\n",
	 NULL, "detention: changed on both sides; cannot be merged in place (flow style)\n"},
	{"a side that does not parse (duplicate key) is a conflict", "cases/DC-0001.yaml",
	 DC_HEAD "location: IRC Fernmoor\n",
	 DC_HEAD "location: IRC Fernmoor\nmappa: none\n",
	 DC_HEAD "location: IRC Dunmere\nlocation: IRC Fernmoor\n",
	 NULL, NULL /* message checked by prefix below */},
};

static char *conflict_lines(const struct pk_merge_result *r)
{
	struct sbuf b = SBUF_INIT;
	for (size_t i = 0; i < r->n; i++)
		sbuf_addf(&b, "%s%s%s\n", r->c[i].path, *r->c[i].path ? ": " : "", r->c[i].why);
	return sbuf_detach(&b);
}

Test(merge, table)
{
	for (size_t i = 0; i < PK_ARRAY_LEN(rows); i++) {
		const struct row *w = &rows[i];
		struct pk_merge_result r;
		int st = pk_merge_record(S, w->path, w->base, w->base ? strlen(w->base) : 0, w->ours,
					 w->ours ? strlen(w->ours) : 0, w->theirs,
					 w->theirs ? strlen(w->theirs) : 0, &r);
		char *got = conflict_lines(&r);
		if (w->merged) {
			cr_expect_eq(st, 0, "%s: conflicts:\n%s", w->name, got ? got : "");
			cr_expect_str_eq(r.text ? r.text : "(null)", w->merged, "%s", w->name);
		} else {
			cr_expect_eq(st, 1, "%s: merged:\n%s", w->name, r.text ? r.text : "");
			cr_expect_null(r.text, "%s", w->name);
			if (w->conflicts)
				cr_expect_str_eq(got ? got : "", w->conflicts, "%s", w->name);
			else
				cr_expect(got && !strncmp(got, "theirs does not parse: line 10: duplicate key",
							   strlen("theirs does not parse: line 10: duplicate key")),
					  "%s: %s", w->name, got ? got : "");
		}
		free(got);
		pk_merge_result_free(&r);
	}
}

Test(merge, conflict_values_and_block)
{
	const char *b = DC_HEAD "location: IRC Fernmoor\n", *o = DC_HEAD "location: IRC Brookhaven\n",
		   *t = DC_HEAD "\nlocation: IRC Dunmere\n";
	struct pk_merge_result r;
	cr_assert_eq(pk_merge_record(S, "cases/DC-0001.yaml", b, strlen(b), o, strlen(o), t, strlen(t), &r), 1);
	cr_assert_eq(r.n, 1);
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	pk_merge_print(f, "cases/DC-0001.yaml", &r);
	fclose(f);
	cr_expect_str_eq(buf, "cases/DC-0001.yaml: location: changed on both sides\n"
			      "  base:   IRC Fernmoor (line 9)\n"
			      "  ours:   IRC Brookhaven (line 9)\n"
			      "  theirs: IRC Dunmere (line 10)\n");
	free(buf);
	pk_merge_result_free(&r);
}

Test(merge, delete_clean_when_other_side_unchanged)
{
	const char *b = DC_HEAD;
	struct pk_merge_result r;
	cr_assert_eq(pk_merge_record(S, "cases/DC-0001.yaml", b, strlen(b), b, strlen(b), NULL, 0, &r), 0);
	cr_expect(r.deleted);
	cr_expect_null(r.text);
	pk_merge_result_free(&r);
}

Test(merge, xmerge_must_be_well_formed)
{
	char dir[] = "/tmp/pk-merge-schema-XXXXXX";
	cr_assert_not_null(mkdtemp(dir));
	const char *names[] = {"case", "panel", "person"};
	for (int i = 0; i < 3; i++) {
		char p[128];
		snprintf(p, sizeof p, "%s/%s.schema.json", dir, names[i]);
		FILE *f = fopen(p, "w");
		cr_assert_not_null(f);
		fputs(i ? "{\"type\": \"object\"}\n"
			: "{\"type\": \"object\", \"properties\": {\"rag\": {\"x-merge\": {\"by\": []}}}}\n", f);
		fclose(f);
	}
	struct pk_diags dd = PK_DIAGS_INIT;
	cr_expect_null(pk_schema_load(dir, &dd));
	cr_assert_eq(dd.n, 1);
	cr_expect_str_eq(dd.v[0].msg, "\"x-merge\" must be \"set\", \"append\" or {\"by\": [\"key\", ...]}");
	pk_diags_free(&dd);
	for (int i = 0; i < 3; i++) {
		char p[128];
		snprintf(p, sizeof p, "%s/%s.schema.json", dir, names[i]);
		unlink(p);
	}
	rmdir(dir);
}

/* panel resolve: a chosen side for a conflict's path. */
Test(merge, choices_resolve_conflicts)
{
	const char *b = IPP_HEAD RAG_BASE "notes: n\n";
	const char *o = IPP_HEAD "rag:\n  # first rating after sentence review\n  - rating: amber\n    date: 2025-03-10\n    reason: On the waiting list.\n  - rating: amber\n    date: 2026-05-20\nnotes: ours\n";
	const char *t = IPP_HEAD "rag:\n  # first rating after sentence review\n  - rating: amber\n    date: 2025-03-10\n    reason: On the waiting list.\n  - rating: green # theirs\n    date: 2026-05-20\nnotes: n\n";
	struct pk_merge_result r;
	const struct pk_merge_choice theirs[] = {{"rag[1].rating", PK_TAKE_THEIRS}};
	cr_assert_eq(pk_merge_record_with(S, "cases/IS-0001.yaml", b, strlen(b), o, strlen(o), t,
					  strlen(t), theirs, 1, &r), 0);
	cr_expect_str_eq(r.text, IPP_HEAD "rag:\n  # first rating after sentence review\n  - rating: amber\n    date: 2025-03-10\n    reason: On the waiting list.\n  - rating: green # theirs\n    date: 2026-05-20\nnotes: ours\n");
	pk_merge_result_free(&r);
	const struct pk_merge_choice base[] = {{"rag[1].rating", PK_TAKE_BASE}};
	cr_assert_eq(pk_merge_record_with(S, "cases/IS-0001.yaml", b, strlen(b), o, strlen(o), t,
					  strlen(t), base, 1, &r), 0);
	cr_expect_str_eq(r.text, IPP_HEAD RAG_BASE "notes: ours\n");
	pk_merge_result_free(&r);
	const struct pk_merge_choice whole[] = {{"", PK_TAKE_THEIRS}};
	cr_assert_eq(pk_merge_record_with(S, "cases/IS-0001.yaml", b, strlen(b), o, strlen(o), t,
					  strlen(t), whole, 1, &r), 0);
	cr_expect_str_eq(r.text, t);
	pk_merge_result_free(&r);
	const struct pk_merge_choice other[] = {{"rag[0].rating", PK_TAKE_THEIRS}};
	cr_expect_eq(pk_merge_record_with(S, "cases/IS-0001.yaml", b, strlen(b), o, strlen(o), t,
					  strlen(t), other, 1, &r), 1);
	cr_expect_str_eq(r.c[0].path, "rag[1].rating");
	pk_merge_result_free(&r);
}
