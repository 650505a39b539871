/* bench/gen.c: writes N synthetic cases, with panels and people, into DIR.
 *
 *   gen N DIR
 *
 * Half detention cases, half indeterminate sentences (IPP/DPP custody;
 * IPP/DPP/life community), shaped like the sample caseload so that every
 * rule of the engine does some work and the records are complete enough
 * for `panel validate` to have little to report (as in a real caseload).
 * Panels: one per 10 cases, each considering 10 different cases, held
 * (with outcomes), planned or (one planned in ten) rescheduled; and CPP-AGENDA, planned, with 20 cases (the
 * agenda benchmark).  Deterministic: a fixed LCG, no clock.
 *
 *   gen N DIR broken
 *
 * makes every case broken instead (the memory benchmark: findings that
 * grow with the records): an unknown key, and in detention cases a start
 * date that is not a real day and an owner who does not exist. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static unsigned long seed = 12345;
static int broken; /* gen N DIR broken */
static unsigned rnd(unsigned n)
{
	seed = seed * 6364136223846793005ul + 1442695040888963407ul;
	return (unsigned)((seed >> 33) % n);
}

/* Days since 1970-01-01 to YYYY-MM-DD (Hinnant's civil_from_days). */
static char *fmt(long z, char *buf)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	int d = (int)(doy - (153 * mp + 2) / 5 + 1), m = (int)(mp < 10 ? mp + 3 : mp - 9);
	long y = yoe + era * 400 + (m <= 2);
	sprintf(buf, "%04ld-%02d-%02d", y, m, d);
	return buf;
}

#define TODAY 20780L /* 2026-11-23, the sample caseload's reference date */

static FILE *open_rec(const char *dir, const char *kind, const char *id)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s/%s.yaml", dir, kind, id);
	FILE *f = fopen(path, "w");
	if (!f) {
		perror(path);
		exit(2);
	}
	fprintf(f, "# yaml-language-server: $schema=../schema/%s.schema.json\n",
		strcmp(kind, "cases") == 0 ? "case" : strcmp(kind, "panels") == 0 ? "panel" : "person");
	return f;
}

static void close_rec(FILE *f)
{
	if (fclose(f) != 0) {
		perror("write");
		exit(2);
	}
}

static const char *const teams[] = {"north", "south", "east", "west"};

/* Detention start of case i: known to the panels, which list only cases
 * detained on their date. */
static long start_of(long i)
{
	return TODAY - 20 - (i * 7919) % 700;
}

/* Case i: even = detention; i % 4 == 1: custody (IPP/DPP); i % 4 == 3:
 * community (IPP/DPP/life). */
static void detention_case(const char *dir, long i)
{
	char id[32], a[16], b[16];
	snprintf(id, sizeof id, "DC-%06ld", i);
	FILE *f = open_rec(dir, "cases", id);
	long start = start_of(i);
	if (broken) /* KIT-SCHEMA, KIT-IDS, and KIT-DATES that panel due reports too */
		fprintf(f, "id: %s\nframework: detention\nname: Synthetic Person %ld\nteam: %s\n"
			   "owner: nobody-%ld\ndetension: misspelt\ndetention:\n  start: %.5s02-30\n",
			id, i, teams[i % 4], i, fmt(start, a));
	else
		fprintf(f, "id: %s\nframework: detention\nname: Synthetic Person %ld\nteam: %s\nowner: cw-1\n"
			   "detention:\n  start: %s\n", id, i, teams[i % 4], fmt(start, a));
	int ended = i % 20 == 0; /* panels leave these out (CPP-END) */
	if (ended)
		fprintf(f, "  end: %s\n  end_reason: released\n", fmt(start + 10 + rnd(10), b));
	fprintf(f, "location: IRC Fernmoor\nadult_at_risk: level-%u\nmappa: none\n", 1 + rnd(3));
	if (!ended && rnd(4) == 0) {
		long on = TODAY - rnd(15);
		if (on < start)
			on = start;
		fprintf(f, "referrals:\n  - date: %s\n    source: dvaat\n", fmt(on, a));
		if (rnd(2))
			fprintf(f, "    due: %s\n", fmt(on + 14, b));
		fprintf(f, "    reason: |\n      Synthetic referral for the benchmark: an independent view on\n"
			   "      continued detention is asked for.\n");
	}
	fprintf(f, "notes: Synthetic record %ld for the panel benchmark; not a real person.\n", i);
	close_rec(f);
}

static void ipp_case(const char *dir, long i)
{
	char id[32], a[16], b[16];
	int community = i % 4 == 3;
	const char *s = community ? (const char *[]){"ipp", "ipp", "dpp", "life"}[rnd(4)]
				  : (const char *[]){"ipp", "ipp", "dpp"}[rnd(3)];
	snprintf(id, sizeof id, "IS-%06ld", i);
	FILE *f = open_rec(dir, "cases", id);
	fprintf(f, "id: %s\nframework: ipp\nname: Synthetic Person %ld\nteam: %s-omu\nsentence: %s\n"
		   "setting: %s\nunit: %s\n", id, i, teams[i % 4], s, community ? "community" : "custody",
		community ? "Hollowmere PDU" : "HMP Larkhill Vale");
	if (broken)
		fprintf(f, "sentense: misspelt\n");
	fprintf(f, community ? "com: com-1\n" : "responsible: pom\npom: pom-1\ncom: com-1\n");
	long rel = TODAY - 400 - rnd(1500);
	if (strcmp(s, "life") != 0) {
		/* The rating in force is under six months old (PF-RAG-REVIEW). */
		long d1 = TODAY - 400 - rnd(300), d2 = TODAY - rnd(180);
		const char *r2 = community ? (rnd(2) ? "amber" : "green")
					   : (const char *[]){"red", "amber", "green"}[rnd(3)];
		fprintf(f, "rag:\n  - rating: %s\n    date: %s\n    reason: Synthetic first rating.\n"
			   "  - rating: %s\n    date: %s\n    reason: Synthetic current rating.\n",
			community ? "amber" : "red", fmt(community && d1 < rel ? rel : d1, a), r2, fmt(d2, b));
	}
	if (community) {
		fprintf(f, "releases:\n  - date: %s\nsupervision:\n  state: active\n  since: %s\n", fmt(rel, a), a);
		if (rnd(3) == 0)
			fprintf(f, "key_stages:\n  - stage: reduce-frequency\n    date: %s\n    note: Synthetic step.\n",
				fmt(TODAY + 30 + rnd(200), b));
	} else if (rnd(3) == 0) {
		fprintf(f, "parole:\n  - date: %s\n    outcome: negative\n", fmt(TODAY - rnd(60), a));
	}
	fprintf(f, "notes: Synthetic record %ld for the panel benchmark; not a real person.\n", i);
	close_rec(f);
}

static void members(FILE *f, const char *const *people, const char *const *roles, size_t n, int held)
{
	fprintf(f, "members:\n");
	for (size_t k = 0; k < n; k++)
		fprintf(f, "  - person: %s\n    role: %s\n    attendance: %s\n", people[k], roles[k],
			held ? "attended" : "confirmed");
}

static const char *const cpp_people[] = {"fno-1", "nrpc-1", "rl-1", "lo-1", "ipm-1"};
static const char *const cpp_roles[] = {"fno-rc", "nrpc", "returns-logistics", "litigation-ops", "ipm"};

static void panel(const char *dir, long p, long ncases)
{
	static const char *const cus_people[] = {"homd-1", "spo-1", "pom-1", "com-1", "psy-1", "admin-1"};
	static const char *const cus_roles[] = {"homd", "lead-spo", "pom", "com", "psychology", "case-admin"};
	static const char *const com_people[] = {"pdu-1", "com-1", "psy-1", "admin-1"};
	static const char *const com_roles[] = {"pdu-spo", "com", "psychology", "case-admin"};
	char id[48], a[16], b[16];
	int kind = (int)(p % 3); /* 0 detention, 1 ipp custody, 2 ipp community */
	int held = rnd(5) != 0;
	long date = held ? TODAY - 20 - rnd(300) : TODAY + 30 + rnd(60);
	snprintf(id, sizeof id, "%s-%06ld", kind == 0 ? "CPP" : "PP", p);
	FILE *f = open_rec(dir, "panels", id);
	/* One planned sitting in ten moved a fortnight on (PF-RECORD, PF 10.7):
	 * validate checks each against its cases' deadlines. */
	int moved = !held && p % 10 == 7;
	fprintf(f, "id: %s\nframework: %s\ndate: %s\ntime: \"10:00\"\nstatus: %s\n", id,
		kind == 0 ? "detention" : "ipp", fmt(date, a), held ? "held" : moved ? "rescheduled" : "planned");
	if (moved)
		fprintf(f, "rescheduled_to: %s\n", fmt(date + 14, a));
	if (kind == 0) {
		fprintf(f, "chair: chair-1\nsecretariat: sec-1\n");
		members(f, cpp_people, cpp_roles, 5, held);
		fprintf(f, "invitations_sent: %s\nattendance_confirmed: %s\n", fmt(date - 20, a), fmt(date - 5, b));
		if (held)
			fprintf(f, "report_sent: %s\nreport_rerun: %s\n", fmt(date - 8, a), fmt(date, b));
	} else if (kind == 1) {
		fprintf(f, "setting: custody\nunit: HMP Larkhill Vale\nchair: homd-1\nsecretariat: admin-1\n");
		members(f, cus_people, cus_roles, 6, held);
	} else {
		fprintf(f, "setting: community\nunit: Hollowmere PDU\nchair: pdu-1\nsecretariat: admin-1\n");
		members(f, com_people, com_roles, 4, held);
	}
	fprintf(f, "cases:\n");
	/* Ten different cases of the panel's kind (i % 4 as in the cases). */
	long step = 4, first = kind == 0 ? 0 : kind == 1 ? 1 : 3;
	long span = ncases / step > 10 ? ncases / step - 10 : 1;
	long base = first + (long)rnd((unsigned)span) * step;
	for (int k = 0; k < 10; k++) {
		long i = base + step * k;
		if (i >= ncases)
			continue;
		if (kind == 0) {
			if (i % 20 == 0 || start_of(i) >= date)
				continue; /* detention ended, or not begun on the day */
			fprintf(f, "  - case: DC-%06ld\n    purpose: CPP-CYCLE\n", i);
			if (held)
				fprintf(f, "    recommendation: maintain\n    reasons: Synthetic reasons.\n"
					   "    alternatives: Synthetic bail considered, not suitable.\n"
					   "    long_stop: 2027-06-30\n    response:\n      decision: agree\n"
					   "      date: %s\n    dcpr_acknowledged: %s\n", fmt(date + 7, a),
					fmt(date + 12, b));
			continue;
		}
		fprintf(f, "  - case: IS-%06ld\n    purpose: %s\n    person:\n      attends: true\n"
			   "      agenda_sent: %s\n", i, kind == 1 ? "PF-CUSTODY-RAG" : "PF-COMMUNITY-RAG",
			fmt(date - 10, a));
		if (held) {
			char c[16], d[16], e[16];
			fprintf(f, "    evidence:\n      - type: ppr\n        date: %s\n      - type: oasys\n"
				   "        date: %s\n      - type: psychology\n        date: %s\n    no_acct: true\n"
				   "    questions:\n      a: Yes, a realistic plan is in place.\n"
				   "      b: Yes, case management is robust.\n    next_panel: %s\n"
				   "    outcome_told: %s\n", fmt(date - 5, a), fmt(date - 40, b), fmt(date - 90, c),
				fmt(date + 365, d), fmt(date + 1, e));
		}
	}
	close_rec(f);
}

/* CPP-AGENDA: the panel `make bench` renders with `panel agenda`: planned
 * two weeks ahead, 20 detention cases from the middle of the caseload, all
 * detained on its date; the held panels above give some of them earlier
 * recommendations.  Written last, so no other record changes with it. */
static void agenda_panel(const char *dir, long ncases)
{
	char a[16], b[16];
	long date = TODAY + 14;
	FILE *f = open_rec(dir, "panels", "CPP-AGENDA");
	fprintf(f, "id: CPP-AGENDA\nframework: detention\ndate: %s\ntime: \"10:00\"\nstatus: planned\n"
		   "chair: chair-1\nsecretariat: sec-1\n", fmt(date, a));
	members(f, cpp_people, cpp_roles, 5, 0);
	fprintf(f, "invitations_sent: %s\nattendance_confirmed: %s\ncases:\n", fmt(date - 20, a), fmt(date - 5, b));
	int k = 0;
	for (long i = ncases / 4 * 2; i < ncases && k < 20; i += 2) {
		if (i % 20 == 0)
			continue; /* detention ended (CPP-END) */
		fprintf(f, "  - case: DC-%06ld\n    purpose: CPP-CYCLE\n", i);
		k++;
	}
	close_rec(f);
}

static void person(const char *dir, const char *id, const char *org, const char *grade, const char *role)
{
	FILE *f = open_rec(dir, "people", id);
	fprintf(f, "id: %s\nname: Synthetic %s\norganisation: %s\n", id, id, org);
	if (grade)
		fprintf(f, "grade: %s\n", grade);
	fprintf(f, "roles:\n  - %s\n", role);
	if (grade)
		fprintf(f, "training:\n  cpp: 2024-01-10\n");
	close_rec(f);
}

int main(int argc, char **argv)
{
	static const char *const people[][4] = {
		{"cw-1", "home-office", "EO", "caseworker"}, {"chair-1", "home-office", "G7", "fno-rc"},
		{"sec-1", "home-office", "EO", "cpp-officer"}, {"fno-1", "home-office", "HEO", "fno-rc"},
		{"nrpc-1", "home-office", "HEO", "nrpc"}, {"rl-1", "home-office", "HEO", "returns-logistics"},
		{"lo-1", "home-office", "HEO", "litigation-ops"}, {"ipm-1", "home-office", "SEO", "ipm"},
		{"homd-1", "hmpps", NULL, "homd"}, {"spo-1", "hmpps", NULL, "lead-spo"},
		{"pdu-1", "hmpps", NULL, "pdu-spo"}, {"pom-1", "hmpps", NULL, "pom"},
		{"com-1", "hmpps", NULL, "com"}, {"psy-1", "hmpps", NULL, "psychology"},
		{"admin-1", "hmpps", NULL, "case-admin"},
	};
	if ((argc != 3 && (argc != 4 || strcmp(argv[3], "broken"))) || atol(argv[1]) <= 0) {
		fprintf(stderr, "usage: gen N DIR [broken]\n");
		return 2;
	}
	broken = argc == 4;
	long n = atol(argv[1]);
	const char *dir = argv[2];
	const char *sub[] = {"", "/cases", "/panels", "/people"};
	for (int k = 0; k < 4; k++) {
		char path[4096];
		snprintf(path, sizeof path, "%s%s", dir, sub[k]);
		if (mkdir(path, 0755) < 0 && errno != EEXIST) {
			perror(path);
			return 2;
		}
	}
	for (size_t k = 0; k < sizeof people / sizeof people[0]; k++)
		person(dir, people[k][0], people[k][1], people[k][2], people[k][3]);
	for (long i = 0; i < n; i++) {
		if (i % 2 == 0)
			detention_case(dir, i);
		else
			ipp_case(dir, i);
	}
	for (long p = 0; p < n / 10 + 1; p++)
		panel(dir, p, n);
	agenda_panel(dir, n);
	return 0;
}
