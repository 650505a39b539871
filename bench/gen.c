/* bench/gen.c: writes N synthetic cases, with panels and people, into DIR.
 *
 *   gen N DIR
 *
 * Half detention cases, half indeterminate sentences (custody and
 * community, IPP/DPP/life), shaped like the sample caseload so that every
 * rule of the engine does some work.  Panels: one per 10 cases, each
 * considering 10 cases, held or planned.  Deterministic (no randomness but
 * a fixed LCG), so two runs give the same bytes. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static unsigned long seed = 12345;
static unsigned rnd(unsigned n)
{
	seed = seed * 6364136223846793005ul + 1442695040888963407ul;
	return (unsigned)((seed >> 33) % n);
}

/* Days since 1970-01-01 to YYYY-MM-DD (Hinnant). */
static void fmt(long z, char *buf)
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
}

#define TODAY 20780L /* 2026-11-23 */

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
static const char *const units[] = {"HMP Larkhill Vale", "HMP Brambleholt", "Hollowmere PDU", "Eastgate PDU"};

static void detention_case(const char *dir, long i)
{
	char id[32], a[16], b[16];
	snprintf(id, sizeof id, "DC-%06ld", i);
	FILE *f = open_rec(dir, "cases", id);
	long start = TODAY - 20 - rnd(700);
	fmt(start, a);
	fprintf(f, "id: %s\nframework: detention\nname: Synthetic Person %ld\nteam: %s\nowner: cw-1\n"
		   "detention:\n  start: %s\n", id, i, teams[i % 4], a);
	int ended = rnd(10) == 0;
	if (ended) {
		fmt(start + 10 + rnd(10), b);
		fprintf(f, "  end: %s\n  end_reason: released\n", b);
	}
	fprintf(f, "location: IRC Fernmoor\nadult_at_risk: level-%u\nmappa: none\n", 1 + rnd(3));
	if (!ended && rnd(4) == 0) {
		long on = TODAY - rnd(15);
		if (on < start)
			on = start;
		fmt(on, a);
		fmt(on + 14, b);
		fprintf(f, "referrals:\n  - date: %s\n    source: dvaat\n", a);
		if (rnd(2))
			fprintf(f, "    due: %s\n", b);
		fprintf(f, "    reason: |\n      Synthetic referral for the benchmark: an independent view on\n"
			   "      continued detention is asked for.\n");
	}
	fprintf(f, "notes: Synthetic record %ld for panel bench; not a real person.\n", i);
	close_rec(f);
}

static void ipp_case(const char *dir, long i)
{
	static const char *const rag[] = {"red", "amber", "green"};
	static const char *const sent[] = {"ipp", "ipp", "dpp", "life"};
	char id[32], a[16], b[16];
	snprintf(id, sizeof id, "IS-%06ld", i);
	const char *s = sent[rnd(4)];
	int community = rnd(2);
	FILE *f = open_rec(dir, "cases", id);
	fprintf(f, "id: %s\nframework: ipp\nname: Synthetic Person %ld\nteam: %s-omu\nsentence: %s\n"
		   "setting: %s\nunit: %s\n", id, i, teams[i % 4], s, community ? "community" : "custody",
		units[(community ? 2 : 0) + i % 2]);
	if (!community)
		fprintf(f, "responsible: pom\npom: pom-1\ncom: com-1\n");
	else
		fprintf(f, "com: com-1\n");
	long rel = TODAY - 30 - rnd(1500);
	if (strcmp(s, "life") != 0) {
		long d1 = TODAY - 400 - rnd(300), d2 = TODAY - rnd(250);
		const char *r2 = rag[rnd(community ? 2 : 3) + (community ? 1 : 0)];
		fmt(d1, a);
		fmt(d2, b);
		fprintf(f, "rag:\n  - rating: %s\n    date: %s\n    reason: Synthetic first rating.\n"
			   "  - rating: %s\n    date: %s\n    reason: Synthetic current rating.\n",
			community ? "amber" : rag[rnd(3)], a, r2, b);
	}
	if (community) {
		fmt(rel, a);
		fprintf(f, "releases:\n  - date: %s\nsupervision:\n  state: active\n  since: %s\n", a, a);
		if (rnd(3) == 0) {
			fmt(TODAY + 30 + rnd(200), b);
			fprintf(f, "key_stages:\n  - stage: reduce-frequency\n    date: %s\n    note: Synthetic step.\n", b);
		}
	} else if (rnd(3) == 0) {
		fmt(TODAY - rnd(60), a);
		fprintf(f, "parole:\n  - date: %s\n    outcome: negative\n", a);
	}
	fprintf(f, "notes: Synthetic record %ld for panel bench; not a real person.\n", i);
	close_rec(f);
}

static void panel(const char *dir, long p, long ncases)
{
	char id[48], a[16];
	int det = p % 2 == 0;
	long date = TODAY - 300 + rnd(330);
	fmt(date, a);
	snprintf(id, sizeof id, "%s-%06ld", det ? "CPP" : "PP", p);
	FILE *f = open_rec(dir, "panels", id);
	fprintf(f, "id: %s\nframework: %s\ndate: %s\ntime: \"10:00\"\nstatus: %s\n", id,
		det ? "detention" : "ipp", a, date < TODAY ? "held" : "planned");
	if (!det)
		fprintf(f, "setting: custody\nunit: HMP Larkhill Vale\n");
	fprintf(f, "chair: chair-1\nsecretariat: sec-1\ncases:\n");
	/* Ten different cases of the right framework: even i detention, odd ipp. */
	long base = (long)rnd((unsigned)(ncases / 2 > 10 ? ncases / 2 - 10 : 1)) * 2 + (det ? 0 : 1);
	for (int k = 0; k < 10; k++) {
		long i = base + 2L * k;
		if (i >= ncases)
			continue;
		fprintf(f, "  - case: %s-%06ld\n    purpose: %s\n", det ? "DC" : "IS", i,
			det ? "CPP-CYCLE" : "PF-CUSTODY-RAG");
		if (det && date < TODAY)
			fprintf(f, "    recommendation: maintain\n    reasons: Synthetic reasons.\n"
				   "    long_stop: 2027-06-30\n");
	}
	close_rec(f);
}

static void person(const char *dir, const char *id, const char *org, const char *grade)
{
	FILE *f = open_rec(dir, "people", id);
	fprintf(f, "id: %s\nname: Synthetic %s\norganisation: %s\n", id, id, org);
	if (grade)
		fprintf(f, "grade: %s\n", grade);
	close_rec(f);
}

int main(int argc, char **argv)
{
	if (argc != 3 || atol(argv[1]) <= 0) {
		fprintf(stderr, "usage: gen N DIR\n");
		return 2;
	}
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
	person(dir, "cw-1", "home-office", "EO");
	person(dir, "chair-1", "home-office", "G7");
	person(dir, "sec-1", "home-office", "EO");
	person(dir, "pom-1", "hmpps", NULL);
	person(dir, "com-1", "hmpps", NULL);
	for (long i = 0; i < n; i++) {
		if (i % 2 == 0)
			detention_case(dir, i);
		else
			ipp_case(dir, i);
	}
	for (long p = 0; p < n / 10 + 1; p++)
		panel(dir, p, n);
	return 0;
}
