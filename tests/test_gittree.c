/* gittree: pk_git_tree_diff, the one raw tree comparison behind panel
 * log's change cache, panel audit and every door of the acceptance check.
 * Trees are built with libgit2's treebuilder in a temporary repository;
 * each row gives both listings and the exact differences expected, in
 * git's order ("-" removed, "+" added, "~" changed). */
#include <criterion/criterion.h>
#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "history_git.h"
#include "mem.h"

static git_repository *repo;
static git_odb *odb;
static char dir[64];

static void setup(void)
{
	snprintf(dir, sizeof dir, "/tmp/pk-gittree.XXXXXX");
	cr_assert_not_null(mkdtemp(dir));
	pk_git_init_lib();
	cr_assert_eq(git_repository_init(&repo, dir, 1), 0);
	cr_assert_eq(git_repository_odb(&odb, repo), 0);
}

static void teardown(void)
{
	git_odb_free(odb);
	git_repository_free(repo);
	git_libgit2_shutdown();
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	cr_assert_eq(system(cmd), 0);
}

/* A tree from "name=content name/=sub ..." ("/": a folder holding one
 * file of that content); NULL spec: no tree. */
static int tree_of(const char *spec, git_oid *out)
{
	if (!spec)
		return 0;
	git_treebuilder *tb = NULL;
	cr_assert_eq(git_treebuilder_new(&tb, repo, NULL), 0);
	char *copy = xstrdup(spec), *save = NULL;
	for (char *w = strtok_r(copy, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
		char *eq = strchr(w, '=');
		cr_assert_not_null(eq, "%s", w);
		*eq = '\0';
		git_oid id;
		size_t nl = strlen(w);
		if (nl && w[nl - 1] == '/') {
			w[nl - 1] = '\0';
			git_treebuilder *sub = NULL;
			git_oid b;
			cr_assert_eq(git_blob_create_from_buffer(&b, repo, eq + 1, strlen(eq + 1)), 0);
			cr_assert_eq(git_treebuilder_new(&sub, repo, NULL), 0);
			cr_assert_eq(git_treebuilder_insert(NULL, sub, "f", &b, GIT_FILEMODE_BLOB), 0);
			cr_assert_eq(git_treebuilder_write(&id, sub), 0);
			git_treebuilder_free(sub);
			cr_assert_eq(git_treebuilder_insert(NULL, tb, w, &id, GIT_FILEMODE_TREE), 0);
		} else {
			cr_assert_eq(git_blob_create_from_buffer(&id, repo, eq + 1, strlen(eq + 1)), 0);
			cr_assert_eq(git_treebuilder_insert(NULL, tb, w, &id, GIT_FILEMODE_BLOB), 0);
		}
	}
	free(copy);
	cr_assert_eq(git_treebuilder_write(out, tb), 0);
	git_treebuilder_free(tb);
	return 1;
}

static void collect(void *ctx, const struct pk_git_rent *o, const struct pk_git_rent *n)
{
	struct sbuf *b = ctx;
	const struct pk_git_rent *e = n ? n : o;
	sbuf_addf(b, "%s%c%.*s", b->len ? " " : "", !o ? '+' : !n ? '-' : '~', (int)e->nlen, e->name);
}

/* Many entries: "c0000=v ... cNNNN=v", with the entries in change
 * replaced by the text after them. */
static char *many(int n, const char *change)
{
	struct sbuf b = SBUF_INIT;
	for (int i = 0; i < n; i++)
		sbuf_addf(&b, "%sc%04d=v", i ? " " : "", i);
	if (change && *change)
		sbuf_addf(&b, " %s", change);
	sbuf_adds(&b, "");
	return sbuf_detach(&b);
}

struct row {
	const char *why, *old, *new_, *want;
};

static void run_table(void)
{
	char *base = many(3000, NULL);
	/* the same names twice: the treebuilder keeps the last, so these
	 * change an entry's content */
	char *first = many(3000, "c0000=w"), *mid = many(3000, "c1500=w"), *last = many(3000, "c2999=w");
	char *two = many(3000, "c0100=w c2900=w"), *add = many(3000, "c1500x=v"),
	     *three = many(3000, "c0001=w c1499=w c2998=w");
	const struct row rows[] = {
		{"identical trees", "a=1 b=2", "a=1 b=2", ""},
		{"one entry changed", "a=1 b=2 c=3", "a=1 b=9 c=3", "~b"},
		{"added at the end", "a=1", "a=1 b=2", "+b"},
		{"added at the start", "b=2", "a=1 b=2", "+a"},
		{"removed in the middle", "a=1 b=2 c=3", "a=1 c=3", "-b"},
		{"renamed: one out, one in", "a=1 b=2", "a=1 bb=2", "-b +bb"},
		{"no old tree: everything added", NULL, "a=1 b=2", "+a +b"},
		{"no new tree: everything removed", "a=1 b=2", NULL, "-a -b"},
		{"a folder sorts as if it ended in '/'", "a.b=1 a/=x", "a.b=1 a/=y", "~a"},
		{"a file became a folder", "a=1 b=2", "a/=1 b=2", "-a +a"},
		{"same content, longer name", "ab=1 ac=1", "ab=1 acc=1", "-ac +acc"},
		{"3000 entries, the first changed", base, first, "~c0000"},
		{"3000 entries, the middle changed", base, mid, "~c1500"},
		{"3000 entries, the last changed", base, last, "~c2999"},
		{"3000 entries, two changed far apart", base, two, "~c0100 ~c2900"},
		{"3000 entries, three changed", base, three, "~c0001 ~c1499 ~c2998"},
		{"3000 entries, one added in the middle", base, add, "+c1500x"},
		{"3000 entries, one removed in the middle", add, base, "-c1500x"},
	};
	for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
		git_oid o, n;
		int ho = tree_of(rows[i].old, &o), hn = tree_of(rows[i].new_, &n);
		struct sbuf got = SBUF_INIT;
		sbuf_adds(&got, "");
		int r = pk_git_tree_diff(odb, ho ? &o : NULL, hn ? &n : NULL, collect, &got);
		cr_expect_eq(r, 0, "%s: returned %d", rows[i].why, r);
		cr_expect_str_eq(got.s, rows[i].want, "%s: got \"%s\"", rows[i].why, got.s);
		sbuf_free(&got);
	}
	free(base), free(first), free(mid), free(last), free(two), free(add), free(three);
}

Test(gittree, table, .init = setup, .fini = teardown)
{
	run_table();
}

/* The same rows with the trees read through git cat-file --batch, as a
 * walk over the history reads them (history_git_batch.c). */
static struct pk_git walk_git(void)
{
	struct pk_git g = {repo, odb, NULL, NULL};
	return g;
}

Test(gittree, table_through_git, .init = setup, .fini = teardown)
{
	struct pk_git g = walk_git();
	cr_assert_eq(pk_git_batch_start(&g, 0), 0);
	run_table();
	/* 18 rows, each tree once (a tree read again comes from a slot) */
	cr_expect_geq(pk_git_batch_served(), 18, "git served %zu trees", pk_git_batch_served());
	pk_git_batch_stop(odb);
	cr_expect_eq(pk_git_batch_served(), 0);
}

/* Trees under the batch's size stay with libgit2 (a round trip to git
 * costs more than libgit2's own read of a small tree). */
Test(gittree, small_trees_stay_in_process, .init = setup, .fini = teardown)
{
	struct pk_git g = walk_git();
	cr_assert_eq(pk_git_batch_start(&g, PK_GIT_BATCH_MIN), 0);
	run_table();
	cr_expect_eq(pk_git_batch_served(), 0, "git served %zu trees", pk_git_batch_served());
	pk_git_batch_stop(odb);
}

/* git missing from PATH, or a git that fails: libgit2 reads, same rows. */
Test(gittree, table_without_git, .init = setup, .fini = teardown)
{
	char *path = xstrdup(getenv("PATH"));
	struct sbuf fake = SBUF_INIT;
	sbuf_addf(&fake, "%s/git", dir);
	FILE *f = fopen(fake.s, "w");
	cr_assert_not_null(f);
	fputs("#!/bin/sh\nexit 128\n", f);
	fclose(f);
	chmod(fake.s, 0755);
	const char *paths[] = {"/nonexistent", dir};
	for (size_t i = 0; i < 2; i++) {
		setenv("PATH", paths[i], 1);
		struct pk_git g = walk_git();
		cr_assert_eq(pk_git_batch_start(&g, 0), 0);
		run_table();
		cr_expect_eq(pk_git_batch_served(), 0, "PATH=%s", paths[i]);
		pk_git_batch_stop(NULL);
	}
	setenv("PATH", path, 1);
	free(path);
	sbuf_free(&fake);
}

/* A ref under refs/replace/ does not change what a tree reads as (git would show
 * the replacement; the audit reports replace refs as such). */
Test(gittree, through_git_replace_refs_are_not_followed, .init = setup, .fini = teardown)
{
	git_oid a, b, t;
	tree_of("a=1", &a);
	tree_of("b=2", &b);
	tree_of("a=1 c=3", &t);
	char name[80];
	snprintf(name, sizeof name, "refs/replace/%s", git_oid_tostr_s(&a));
	git_reference *ref = NULL;
	cr_assert_eq(git_reference_create(&ref, repo, name, &b, 0, "test"), 0);
	git_reference_free(ref);
	struct pk_git g = walk_git();
	cr_assert_eq(pk_git_batch_start(&g, 0), 0);
	struct sbuf got = SBUF_INIT;
	sbuf_adds(&got, "");
	cr_expect_eq(pk_git_tree_diff(odb, &a, &t, collect, &got), 0);
	cr_expect_str_eq(got.s, "+c");
	cr_expect_eq(pk_git_batch_served(), 2);
	pk_git_batch_stop(odb);
	sbuf_free(&got);
}

Test(gittree, through_git_a_blob_is_no_tree, .init = setup, .fini = teardown)
{
	git_oid b, t, missing;
	cr_assert_eq(git_blob_create_from_buffer(&b, repo, "x", 1), 0);
	cr_assert_eq(git_oid_fromstr(&missing, "0123456789abcdef0123456789abcdef01234567"), 0);
	tree_of("a=1", &t);
	struct pk_git g = walk_git();
	cr_assert_eq(pk_git_batch_start(&g, 0), 0);
	struct sbuf got = SBUF_INIT;
	cr_expect_eq(pk_git_tree_diff(odb, &b, &t, collect, &got), -2);
	cr_expect_eq(pk_git_tree_diff(odb, &missing, &t, collect, &got), -1);
	git_oid id;
	unsigned mode;
	cr_expect_eq(pk_git_tree_find(odb, &t, "a", 1, &id, &mode), 0);
	cr_expect_eq(mode, 0100644);
	cr_expect_eq(pk_git_tree_find(odb, &b, "a", 1, &id, &mode), GIT_ENOTFOUND);
	pk_git_batch_stop(odb);
	sbuf_free(&got);
}

Test(gittree, an_unreadable_tree_is_minus_one, .init = setup, .fini = teardown)
{
	git_oid missing, t;
	cr_assert_eq(git_oid_fromstr(&missing, "0123456789abcdef0123456789abcdef01234567"), 0);
	tree_of("a=1", &t);
	struct sbuf got = SBUF_INIT;
	cr_expect_eq(pk_git_tree_diff(odb, &missing, &t, collect, &got), -1);
	sbuf_free(&got);
}

Test(gittree, a_blob_given_as_a_tree_is_corrupt, .init = setup, .fini = teardown)
{
	git_oid b, t;
	cr_assert_eq(git_blob_create_from_buffer(&b, repo, "x", 1), 0);
	tree_of("a=1", &t);
	struct sbuf got = SBUF_INIT;
	cr_expect_eq(pk_git_tree_diff(odb, &b, &t, collect, &got), -2);
	sbuf_free(&got);
}

/* pk_git_changed_paths: every file that differs, down the folders that
 * differ (sync checks out only these). */
Test(gittree, changed_paths_table, .init = setup, .fini = teardown)
{
	char *base = many(3000, NULL), *three = many(3000, "c0001=w c1499=w c2998=w");
	const struct {
		const char *why, *old, *new_;
		size_t max;
		int ret;
		const char *want;
	} rows[] = {
		{"identical trees", "a=1 b/=2", "a=1 b/=2", 10, 0, ""},
		{"one file changed", "a=1 b=2", "a=1 b=9", 10, 0, "b"},
		{"a file in a folder changed", "a/=x b=1", "a/=y b=1", 10, 0, "a/f"},
		{"a folder added", "b=1", "a/=1 b=1", 10, 0, "a/f"},
		{"a folder removed", "a/=1 b=1", "b=1", 10, 0, "a/f"},
		{"a file became a folder", "a=1", "a/=1", 10, 0, "a a/f"},
		{"a folder became a file", "a/=1", "a=1", 10, 0, "a a/f"},
		{"no old tree: every file", NULL, "a=1 c/=2", 10, 0, "a c/f"},
		{"no new tree: every file", "a=1 c/=2", NULL, 10, 0, "a c/f"},
		{"3000 entries, three changed", base, three, 10, 0, "c0001 c1499 c2998"},
		{"exactly max paths", base, three, 3, 0, "c0001 c1499 c2998"},
		{"more than max: nothing kept", base, three, 2, 1, ""},
	};
	for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
		git_oid o, n;
		int ho = tree_of(rows[i].old, &o), hn = tree_of(rows[i].new_, &n);
		char **v = NULL;
		size_t nv = 99;
		int r = pk_git_changed_paths(odb, ho ? &o : NULL, hn ? &n : NULL, rows[i].max, &v, &nv);
		struct sbuf got = SBUF_INIT;
		sbuf_adds(&got, "");
		for (size_t k = 0; k < nv; k++)
			sbuf_addf(&got, "%s%s", k ? " " : "", v[k]);
		cr_expect_eq(r, rows[i].ret, "%s: returned %d", rows[i].why, r);
		cr_expect_str_eq(got.s, rows[i].want, "%s: got \"%s\"", rows[i].why, got.s);
		if (r != 0)
			cr_expect(v == NULL && nv == 0, "%s: kept paths past max", rows[i].why);
		sbuf_free(&got);
		pk_git_paths_free(v, nv);
	}
	free(base), free(three);
}
