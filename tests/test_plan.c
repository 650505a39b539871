/* plan.c: `panel plan` on a generated caseload with a known answer: which
 * cases fit the sitting, which roll over, the chair grade; and --write never
 * overwrites a panel file.
 *
 * The caseload is generated relative to the sitting D = 2026-12-10 (today
 * 2026-11-23): a case "detained n days" starts on D - n.  With no panel
 * held, every case is on its first review (CPP-CYCLE, due at 84 days): at
 * 84..90 days it is due on D, past 90 overdue, under 84 not yet due. */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "plan.h"
#include "record.h"
#include "mem.h"
#include "files.h"
#include "validate.h"

static char root[64];
static const pk_date D = 20797;  /* 2026-12-10, checked in setup */

static void put(const char *rel, const char *text)
{
	char path[256];
	snprintf(path, sizeof path, "%s/%s", root, rel);
	FILE *f = fopen(path, "w");
	cr_assert_not_null(f, "%s", path);
	fputs(text, f);
	fclose(f);
}

static char *slurp(const char *rel)
{
	char path[256], err[128], *buf = NULL;
	size_t len;
	snprintf(path, sizeof path, "%s/%s", root, rel);
	if (pk_read_file(path, 1 << 20, 1, &buf, &len, err, sizeof err) < 0)
		return NULL;
	return buf;
}

static void person(const char *id, const char *grade, const char *trained, const char *roles)
{
	char rel[128], text[512];
	snprintf(rel, sizeof rel, "people/%s.yaml", id);
	snprintf(text, sizeof text,
		 "# yaml-language-server: $schema=../schema/person.schema.json\n"
		 "id: %s\nname: Person %s\norganisation: %s\n%s%s%s%s%s%s%s",
		 id, id, grade ? "home-office" : "hmpps", grade ? "grade: " : "", grade ? grade : "",
		 grade ? "\n" : "", roles ? "roles: [" : "", roles ? roles : "", roles ? "]\n" : "",
		 trained ? "training:\n  cpp: " : "");
	if (trained) {
		strcat(text, trained);
		strcat(text, "\n");
	}
	put(rel, text);
}

/* A detention case detained `days` days on D; extra YAML appended. */
static void dcase(const char *id, long days, const char *extra)
{
	char rel[128], text[1024], start[16];
	pk_date_fmt(pk_add_days(D, -days), start);
	snprintf(rel, sizeof rel, "cases/%s.yaml", id);
	snprintf(text, sizeof text,
		 "# yaml-language-server: $schema=../schema/case.schema.json\n"
		 "id: %s\nframework: detention\nname: Person %s\nteam: north\nowner: cw\n"
		 "detention:\n  start: %s\n%s",
		 id, id, start, extra ? extra : "");
	put(rel, text);
}

static void setup(void)
{
	char path[128], b[16];
	cr_assert_str_eq(pk_date_fmt(D, b), "2026-12-10");
	strcpy(root, "/tmp/pk-plan.XXXXXX");
	cr_assert_not_null(mkdtemp(root));
	const char *dirs[] = {"cases", "panels", "people"};
	for (int i = 0; i < 3; i++) {
		snprintf(path, sizeof path, "%s/%s", root, dirs[i]);
		mkdir(path, 0755);
	}
	person("cw", "HEO", NULL, "caseworker");
	person("chair-g7", "G7", "2025-01-01", NULL);
	person("chair-seo", "SEO", "2025-01-01", NULL);
	person("chair-new", "G7", "2026-12-20", NULL);
	/* The known answer, in priority order: overdue by days detained,
	 * then due. Minutes: 12-month+ 25, 6-9-month 20, 3-month 15, light 5. */
	dcase("DC-0001", 400, NULL);                           /* overdue, 12-month+, 25 */
	dcase("DC-0002", 200, NULL);                           /* overdue, 6-9-month, 20 */
	dcase("DC-0003", 100, NULL);                           /* overdue, 3-month, 15 */
	dcase("DC-0005", 88, "bail_in_principle:\n  - {by: sos, date: 2026-11-01}\n"); /* due, light, 5 */
	dcase("DC-0004", 86, NULL);                            /* due, 3-month, 15 */
	dcase("DC-0006", 60, NULL);                            /* not yet due */
	dcase("DC-0007", 300, "  end: 2026-11-01\n  end_reason: released\n"); /* ended */
}

static void teardown(void)
{
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
	cr_expect_eq(system(cmd), 0);
}

TestSuite(plan, .init = setup, .fini = teardown);

static struct pk_plan_opts cpp_opts(long minutes, const char *chair)
{
	struct pk_plan_opts o;
	memset(&o, 0, sizeof o);
	o.fw = PK_FW_DETENTION;
	o.date = D;
	o.today = pk_date_ymd(2026, 11, 23);
	o.minutes = minutes;
	o.chair = chair;
	return o;
}

static void build(const struct pk_plan_opts *o, struct pk_plan *p, int want)
{
	struct pk_diags d = PK_DIAGS_INIT;
	struct pk_source *src = pk_source_dir(root, &d);
	cr_assert_not_null(src);
	int r = pk_plan_build(src, o, p, &d);
	cr_assert_eq(r, want, "%s", d.n ? d.v[0].msg : "");
	if (want == 0)
		cr_assert_eq(d.n, 0, "%s", d.n ? d.v[0].msg : "");
	pk_source_free(src);
	pk_diags_free(&d);
}

/* "ID:fits:minutes", in plan order. */
static void expect_cases(const struct pk_plan *p, const char *const *want, size_t n)
{
	cr_assert_eq(p->n, n, "%zu cases", p->n);
	for (size_t i = 0; i < n; i++) {
		char got[64];
		snprintf(got, sizeof got, "%s:%s:%ld", p->v[i].id, p->v[i].fits ? "fits" : "rolls",
			 p->v[i].minutes);
		cr_expect_str_eq(got, want[i], "case %zu", i + 1);
	}
}

Test(plan, fits_by_minutes_and_rolls_over)
{
	struct pk_plan p;
	struct pk_plan_opts o = cpp_opts(55, NULL);
	build(&o, &p, 0);
	/* 25 + 20 = 45; DC-0003 (15) would make 60 > 55: rolls over; the
	 * light-touch DC-0005 (5) still fits (first fit); DC-0004 rolls. */
	const char *const want[] = {"DC-0001:fits:25", "DC-0002:fits:20", "DC-0003:rolls:15",
				    "DC-0005:fits:5", "DC-0004:rolls:15"};
	expect_cases(&p, want, PK_ARRAY_LEN(want));
	cr_expect_eq(p.nfit, 3);
	cr_expect_eq(p.used, 50);
	cr_expect_eq(p.minutes, 55);
	cr_expect_str_eq(p.chair_need, "G7");      /* CPP-CHAIR: DC-0001 is 12-month+ */
	cr_expect_str_eq(p.chair_case, "DC-0001");
	cr_expect_eq(p.v[0].tier, PK_CPP_TIER_12M);
	cr_expect_eq(p.v[0].status, PK_DUE_OVERDUE);
	cr_expect_eq(p.v[3].status, PK_DUE_DUE);
	cr_expect(p.v[3].light);
	pk_plan_free(&p);
}

Test(plan, default_length_takes_every_due_case)
{
	struct pk_plan p;
	struct pk_plan_opts o = cpp_opts(0, NULL);
	build(&o, &p, 0);
	cr_expect_eq(p.minutes, 150);   /* CPP-LENGTH from the rule table */
	cr_expect_eq(p.nfit, 5);
	cr_expect_eq(p.used, 80);
	pk_plan_free(&p);
}

/* The chair grade follows the longest-detained case that FITS. */
Test(plan, chair_grade_from_cases_that_fit)
{
	struct pk_plan p;
	struct pk_plan_opts o = cpp_opts(150, "chair-seo");
	dcase("DC-0001", 400, "  end: 2026-11-20\n  end_reason: removed\n");
	dcase("DC-0002", 200, "  end: 2026-11-20\n  end_reason: removed\n");
	build(&o, &p, 0);
	cr_expect_str_eq(p.chair_need, "SEO");     /* 3-month cases only */
	cr_expect_str_eq(p.chair_case, "DC-0003");
	cr_expect(p.chair_ok);
	pk_plan_free(&p);

	o = cpp_opts(150, "chair-seo");
	dcase("DC-0002", 200, NULL);
	build(&o, &p, 0);
	cr_expect_str_eq(p.chair_need, "G7");
	cr_expect_not(p.chair_ok);
	cr_expect_str_eq(p.chair_why_not, "grade SEO is below G7 (CPP-CHAIR)");
	pk_plan_free(&p);

	o = cpp_opts(150, "chair-new");
	build(&o, &p, 0);
	cr_expect_not(p.chair_ok);
	cr_expect_str_eq(p.chair_why_not, "CPP training on 2026-12-20, after the sitting (CPP-TRAINED)");
	pk_plan_free(&p);

	o = cpp_opts(150, "nobody");
	build(&o, &p, -1);
	pk_plan_free(&p);
}

/* An ad hoc referral (CPP-ADHOC) asking for a date before the sitting; ad
 * hoc cases take the 3-month minutes (chaired as 3-month, CPP-TIER). */
Test(plan, adhoc_referral)
{
	struct pk_plan p;
	struct pk_plan_opts o = cpp_opts(150, NULL);
	dcase("DC-0006", 60,
	      "referrals:\n  - {date: 2026-11-20, source: dvaat, due: 2026-12-05, reason: Rule 35 report.}\n");
	build(&o, &p, 0);
	cr_assert_eq(p.n, 6);
	const struct pk_plan_case *c = &p.v[3]; /* overdue, after the 100-day case */
	cr_expect_str_eq(c->id, "DC-0006");
	cr_expect_str_eq(c->purpose, "CPP-ADHOC");
	cr_expect_eq(c->tier, PK_CPP_TIER_ADHOC);
	cr_expect_eq(c->minutes, 15);
	pk_plan_free(&p);
}

/* A case on a planned panel up to the sitting is left out; on a later
 * one, it is planned and the later panel named. */
Test(plan, cases_already_planned)
{
	struct pk_plan p;
	struct pk_plan_opts o = cpp_opts(150, NULL);
	put("panels/CPP-2026-12-01-A.yaml",
	    "id: CPP-2026-12-01-A\nframework: detention\ndate: 2026-12-01\nstatus: planned\n"
	    "chair: chair-g7\ncases:\n  - {case: DC-0002, purpose: CPP-CYCLE}\n");
	put("panels/CPP-2026-12-20-A.yaml",
	    "id: CPP-2026-12-20-A\nframework: detention\ndate: 2026-12-20\nstatus: planned\n"
	    "chair: chair-g7\ncases:\n  - {case: DC-0003, purpose: CPP-CYCLE}\n");
	build(&o, &p, 0);
	cr_assert_eq(p.n, 4);
	cr_assert_eq(p.ntaken, 1);
	cr_expect_str_eq(p.taken[0].id, "DC-0002");
	cr_expect_str_eq(p.taken[0].panel, "CPP-2026-12-01-A");
	cr_expect_str_eq(p.v[1].id, "DC-0003");
	cr_expect_str_eq(p.v[1].also_on, "CPP-2026-12-20-A");
	pk_plan_free(&p);
}

Test(plan, printed_plan)
{
	struct pk_plan p;
	struct pk_plan_opts o = cpp_opts(55, "chair-seo");
	build(&o, &p, 0);
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	pk_plan_print(f, &p, &o);
	fclose(f);
	cr_expect_str_eq(buf,
		"Detention case progression panel on 2026-12-10: 55 minutes (CPP-LENGTH)\n"
		"Chair: G7 or above (CPP-CHAIR: DC-0001 is 12-month+, 400 days detained)\n"
		"Chair chair-seo (SEO): does not qualify: grade SEO is below G7 (CPP-CHAIR)\n"
		"\n"
		"On the panel: 3 cases, 50 of 55 minutes\n"
		"  case     purpose      status   due         days  tier       min\n"
		"  DC-0001  CPP-CYCLE    overdue  2026-01-28   400  12-month+   25\n"
		"  DC-0002  CPP-CYCLE    overdue  2026-08-16   200  6-9-month   20\n"
		"  DC-0005  CPP-CYCLE    due      2026-12-06    88  3-month      5  light touch (CPP-LIGHT)\n"
		"\n"
		"Rolled over (CPP-LENGTH: they stay due): 2 cases\n"
		"  DC-0003  CPP-CYCLE    overdue  2026-11-24   100  3-month     15\n"
		"  DC-0004  CPP-CYCLE    due      2026-12-08    86  3-month     15\n");
	free(buf);
	pk_plan_free(&p);
}

/* --write: the next free ID, never over an existing file, and a record
 * that passes the schema and the rule checks' errors. */
Test(plan, write_never_overwrites)
{
	struct pk_plan p;
	struct pk_plan_opts o = cpp_opts(55, "chair-g7");
	struct pk_diags d = PK_DIAGS_INIT;
	char *rel = NULL, oid[41];
	put("panels/CPP-2026-12-10-A.yaml", "# someone else's panel: must survive\n");
	build(&o, &p, 0);
	char *id = pk_plan_next_id(root, &o);
	cr_expect_str_eq(id, "CPP-2026-12-10-B");
	free(id);
	cr_assert_eq(pk_plan_write(root, &p, &o, 1, &rel, oid, &d), 0);
	cr_expect_str_eq(rel, "panels/CPP-2026-12-10-B.yaml");
	free(rel);
	char *kept = slurp("panels/CPP-2026-12-10-A.yaml");
	cr_expect_str_eq(kept, "# someone else's panel: must survive\n");
	free(kept);
	char *text = slurp("panels/CPP-2026-12-10-B.yaml");
	cr_assert_not_null(text);
	cr_expect_str_eq(text,
		"# yaml-language-server: $schema=../schema/panel-detention.schema.json\n"
		"# Planned with `panel plan`: 3 cases, 50 of 55 minutes (CPP-LENGTH).\n"
		"# CPP-CHAIR: a chair of grade G7 or above (DC-0001 is 12-month+ on 2026-12-10).\n"
		"# Due by (record each field as the date it was done):\n"
		"#   invitations_sent      2026-11-26  (CPP-INVITE: 14 days before)\n"
		"#   report_sent           2026-12-03  (CPP-REPORT: 7 days before)\n"
		"#   attendance_confirmed  2026-12-07  (CPP-INVITE: 3 days before)\n"
		"# Members to invite (CPP-QUORUM): fno-rc, nrpc, returns-logistics,\n"
		"# litigation-ops, ipm; a CPP officer as secretariat (CPP-SECRETARIAT).\n"
		"# Rolled over (CPP-LENGTH, still due): DC-0003 DC-0004\n"
		"id: CPP-2026-12-10-B\n"
		"framework: detention\n"
		"date: 2026-12-10\n"
		"length: 55\n"
		"status: planned\n"
		"chair: chair-g7\n"
		"cases:\n"
		"  - case: DC-0001\n"
		"    purpose: CPP-CYCLE\n"
		"  - case: DC-0002\n"
		"    purpose: CPP-CYCLE\n"
		"  - case: DC-0005\n"
		"    purpose: CPP-CYCLE\n");
	free(text);
	/* Written again: the next letter; A and B untouched. */
	cr_assert_eq(pk_plan_write(root, &p, &o, 1, &rel, oid, &d), 0);
	cr_expect_str_eq(rel, "panels/CPP-2026-12-10-C.yaml");
	free(rel);
	kept = slurp("panels/CPP-2026-12-10-A.yaml");
	cr_expect_str_eq(kept, "# someone else's panel: must survive\n");
	free(kept);
	pk_plan_free(&p);
	pk_diags_free(&d);
}

/* The written record is valid: no schema error, no rule error (readiness
 * warnings for the members still to invite are expected). */
Test(plan, written_record_validates)
{
	struct pk_plan p;
	struct pk_plan_opts o = cpp_opts(55, "chair-g7");
	struct pk_diags d = PK_DIAGS_INIT;
	char *rel = NULL, schema[512], oid[41];
	build(&o, &p, 0);
	cr_assert_eq(pk_plan_write(root, &p, &o, 1, &rel, oid, &d), 0);
	free(rel);
	pk_plan_free(&p);
	snprintf(schema, sizeof schema, "%s/schema", getenv("PANEL_SRC") ? getenv("PANEL_SRC") : ".");
	struct pk_validate_opts vo = {pk_date_ymd(2026, 11, 23), schema};
	struct pk_source *src = pk_source_dir(root, &d);
	cr_assert_not_null(src);
	int errors = pk_validate_source(src, &vo, &d, NULL);
	pk_diags_sort(&d);
	cr_expect_eq(errors, 0, "%s: %s", d.n ? d.v[0].file : "", d.n ? d.v[0].msg : "");
	int quorum = 0;
	for (size_t i = 0; i < d.n; i++)
		quorum += strcmp(d.v[i].rule, "CPP-QUORUM") == 0;
	cr_expect_eq(quorum, 5);
	pk_source_free(src);
	pk_diags_free(&d);
}

/* Indeterminate sentences: one unit and setting, the core attendees and
 * evidence per case, the chair the strictest case needs. */
Test(plan, ipp_custody_unit)
{
	put("cases/IPP-0001.yaml",
	    "id: IPP-0001\nframework: ipp\nname: A\nteam: omu\nsentence: ipp\nsetting: custody\n"
	    "unit: HMP Testmoor\nresponsible: com\npom: pom1\ncom: com1\nwoman: true\nwecasp: true\n"
	    "rag:\n  - {rating: amber, date: 2026-06-01, reason: Waiting list.}\n"
	    "parole:\n  - {date: 2026-11-15, outcome: negative}\n");
	put("cases/IPP-0002.yaml",
	    "id: IPP-0002\nframework: ipp\nname: B\nteam: omu\nsentence: dpp\nsetting: custody\n"
	    "unit: HMP Testmoor\nresponsible: pom\npom: pom1\ncom: com2\n"
	    "rag:\n  - {rating: red, date: 2026-06-01, reason: No pathway.}\n");
	put("cases/IPP-0003.yaml",
	    "id: IPP-0003\nframework: ipp\nname: C\nteam: omu\nsentence: ipp\nsetting: custody\n"
	    "unit: HMP Elsewhere\nresponsible: pom\npom: pom1\ncom: com2\n"
	    "rag:\n  - {rating: red, date: 2026-06-01, reason: No pathway.}\n");
	person("pom1", NULL, NULL, "pom");
	person("com1", NULL, NULL, "com");
	person("com2", NULL, NULL, "com");
	person("lead", NULL, NULL, "nominated-lead-spo");
	struct pk_plan p;
	struct pk_plan_opts o;
	memset(&o, 0, sizeof o);
	o.fw = PK_FW_IPP;
	o.date = D;
	o.today = pk_date_ymd(2026, 11, 23);
	o.setting = "custody";
	o.unit = "hmp testmoor";
	o.chair = "lead";
	build(&o, &p, 0);
	cr_assert_eq(p.n, 2);
	/* Neither has had a panel: PF-CUSTODY-RAG is due at once (overdue);
	 * IPP-0001's negative parole (PF-NEG-PAROLE, 42 days) is due too:
	 * the sitting meets it, and its PAROM1 joins the evidence. */
	const struct pk_plan_case *neg = strcmp(p.v[0].id, "IPP-0001") == 0 ? &p.v[0] : &p.v[1];
	const struct pk_plan_case *rag = neg == &p.v[0] ? &p.v[1] : &p.v[0];
	cr_expect_str_eq(neg->purpose, "PF-CUSTODY-RAG");
	cr_expect_str_eq(neg->also, "PF-NEG-PAROLE");
	cr_expect_str_eq(neg->attendees,
			 "HOMD, nominated lead SPO, POM pom1, COM com1 (presents), psychology services "
			 "representative, case administration officer, WEPS, HMPPS Women's Team");
	cr_expect_str_eq(neg->evidence,
			 "ppr, oasys (where there is one), psychology, acct (where there is one), parom1");
	cr_expect_str_eq(rag->attendees,
			 "HOMD, nominated lead SPO, POM pom1 (presents), COM com2, psychology services "
			 "representative, case administration officer");
	/* PF-CHAIR: IPP-0002 is POM-held: a HOMD; the lead SPO does not qualify. */
	cr_expect_str_eq(p.chair_need, "homd");
	cr_expect_str_eq(p.chair_case, "IPP-0002");
	cr_expect_not(p.chair_ok);
	cr_expect_str_eq(p.chair_why_not, "not a HOMD (role homd in people/lead.yaml) (PF-CHAIR)");
	char *id = pk_plan_next_id(root, &o);
	cr_expect_str_eq(id, "PP-2026-12-10-TESTMOOR");
	free(id);
	char *y = pk_plan_yaml(&p, &o, "PP-2026-12-10-TESTMOOR");
	cr_expect(strstr(y, "members:\n  - {person: pom1, role: pom, attendance: invited}\n"
			    "  - {person: com1, role: com, attendance: invited}\n"
			    "  - {person: com2, role: com, attendance: invited}\ncases:\n") != NULL, "%s", y);
	cr_expect(strstr(y, "unit: \"HMP Testmoor\"\n") != NULL, "%s", y);
	free(y);
	pk_plan_free(&p);
}
