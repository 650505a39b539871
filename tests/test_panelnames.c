/* panelnames: which panel files name a case, through the cache of each
 * file's case IDs (panelnames.h).  Every answer is checked against the
 * files themselves; the cache only narrows what is read. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "panelnames.h"
#include "util.h"

static char dir[64], cache[96];

static void put(const char *rel, const char *text)
{
	char p[256];
	snprintf(p, sizeof p, "%s/%s", dir, rel);
	FILE *f = fopen(p, "w");
	cr_assert_not_null(f, "%s", p);
	fputs(text, f);
	fclose(f);
}

static void setup(void)
{
	snprintf(dir, sizeof dir, "/tmp/pk-names.XXXXXX");
	cr_assert_not_null(mkdtemp(dir));
	char p[128];
	snprintf(p, sizeof p, "%s/panels", dir);
	cr_assert_eq(mkdir(p, 0755), 0);
	snprintf(cache, sizeof cache, "%s/cache", dir);
	setenv("XDG_CACHE_HOME", cache, 1);
	unsetenv("PANEL_NO_CACHE");
	put("panels/A.yaml", "id: A\ncases:\n  - case: DC-0001\n  - case: DC-0002\n");
	put("panels/B.yaml", "id: B\ncases:\n  - {case: DC-0003}\n");
	put("panels/C.yaml", "id: C\n# DC-0001 in a comment only\ncases: []\n");
	put("panels/D.yaml", "id: D\ncases: [ {case: \"DC-\\u0030004\"} ]\n");
}

static void teardown(void)
{
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	cr_assert_eq(system(cmd), 0);
}

static char *const paths[] = {"panels/A.yaml", "panels/B.yaml", "panels/C.yaml", "panels/D.yaml"};

/* The files (by letter) that may name one of ids. */
static char *ask(const char *const *ids, size_t nids)
{
	size_t n;
	size_t *v = pk_panels_naming(dir, paths, 4, ids, nids, &n);
	struct sbuf b = SBUF_INIT;
	sbuf_adds(&b, "");
	for (size_t i = 0; i < n; i++)
		sbuf_addc(&b, paths[v[i]][7]);
	free(v);
	return sbuf_detach(&b);
}

static char *cache_text(void)
{
	char cmd[256], *buf = NULL, err[64];
	size_t len;
	snprintf(cmd, sizeof cmd, "cat '%s'/panelkit/panels-* >'%s/c.txt' 2>/dev/null", cache, dir);
	if (system(cmd) != 0)
		return NULL;
	snprintf(cmd, sizeof cmd, "%s/c.txt", dir);
	if (pk_read_file(cmd, 1 << 20, 1, &buf, &len, err, sizeof err) < 0)
		return NULL;
	return buf;
}

Test(panelnames, answers_from_the_files_then_from_the_cache, .init = setup, .fini = teardown)
{
	/* files older than the racy second, so the cache trusts them */
	sleep(2);
	const char *one[] = {"DC-0001"}, *three[] = {"DC-0003"}, *four[] = {"DC-0004"},
		   *none[] = {"DC-0009"}, *two[] = {"DC-0002", "DC-0003"};
	char *s;
	cr_expect_str_eq(s = ask(one, 1), "A", "DC-0001: a comment is not a case"); free(s);
	char *c = cache_text();
	cr_assert_not_null(c, "no cache written");
	cr_expect(strstr(c, "A.yaml\t") && strstr(c, "\tk\tDC-0001 DC-0002\n"), "%s", c);
	cr_expect(strstr(c, "\tk\tDC-0004\n"), "an escape is read as YAML reads it: %s", c);
	free(c);
	cr_expect_str_eq(s = ask(three, 1), "B"); free(s);
	cr_expect_str_eq(s = ask(four, 1), "D"); free(s);
	cr_expect_str_eq(s = ask(none, 1), ""); free(s);
	cr_expect_str_eq(s = ask(two, 2), "AB"); free(s);
	/* the cache is what answered: a line edited by hand is believed
	 * while the file's times, size and inode match it */
	char cmd[256];
	snprintf(cmd, sizeof cmd, "sed -i 's/\\tk\\tDC-0003$/\\tk\\tDC-0099/' '%s'/panelkit/panels-*", cache);
	cr_assert_eq(system(cmd), 0);
	cr_expect_str_eq(s = ask(three, 1), "", "the cache was not used"); free(s);
	/* a changed file is read again */
	put("panels/B.yaml", "id: B\ncases:\n  - {case: DC-0003}\n  - {case: DC-0001}\n");
	cr_expect_str_eq(s = ask(one, 1), "AB"); free(s);
	cr_expect_str_eq(s = ask(three, 1), "B"); free(s);
	c = cache_text();
	cr_expect(strstr(c, "\tr\tDC-0003 DC-0001\n"), "a file changed just now is not trusted: %s", c);
	free(c);
}

Test(panelnames, what_cannot_be_read_names_every_case, .init = setup, .fini = teardown)
{
	put("panels/B.yaml", "id: B\ncases:\n  - case: [unclosed\n");
	put("panels/C.yaml", "id: C\ncases:\n  - case: \"../../etc\"\n");
	char p[128];
	snprintf(p, sizeof p, "%s/panels/D.yaml", dir);
	cr_assert_eq(unlink(p), 0);
	const char *none[] = {"DC-0009"}, *odd[] = {"a b"};
	char *s;
	cr_expect_str_eq(s = ask(none, 1), "BCD", "unparsable, unsafe ID, missing"); free(s);
	cr_expect_str_eq(s = ask(odd, 1), "ABCD", "an ID the cache cannot hold"); free(s);
}

Test(panelnames, no_cache_when_turned_off_or_homeless, .init = setup, .fini = teardown)
{
	const char *one[] = {"DC-0001"};
	char *s;
	setenv("PANEL_NO_CACHE", "1", 1);
	/* without the cache, by the bytes: C's comment names DC-0001 too, and
	 * D, with a backslash escape, could */
	cr_expect_str_eq(s = ask(one, 1), "ACD"); free(s);
	char *c = cache_text();
	cr_expect_null(c, "PANEL_NO_CACHE=1 wrote a cache");
	free(c);
	unsetenv("PANEL_NO_CACHE");
	setenv("XDG_CACHE_HOME", "relative", 1);
	char *home = getenv("HOME") ? xstrdup(getenv("HOME")) : NULL;
	unsetenv("HOME");
	cr_expect_str_eq(s = ask(one, 1), "ACD"); free(s);
	if (home)
		setenv("HOME", home, 1);
	free(home);
}
