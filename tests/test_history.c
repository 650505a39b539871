/* history: panel init / commit / log / audit and --as-of sources, on
 * temporary repositories made with libgit2 (and the git CLI where a test
 * needs a commit made outside panelkit). */
#include <criterion/criterion.h>
#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "history.h"
#include "record.h"
#include "mem.h"
#include "files.h"
#include "runenv.h"

static char root[64], home[80];
static struct pk_diags d;
static pk_date today; /* 2026-11-23, the fixtures' day */
#define FIXED_DATE "2026-11-20T10:00:00Z"
#define FIXED_DAY "2026-11-20"

static const char *src_dir(void)
{
	const char *s = getenv("PANEL_SRC");
	return s && *s ? s : ".";
}

static void sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void sh(const char *fmt, ...)
{
	char cmd[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(cmd, sizeof cmd, fmt, ap);
	va_end(ap);
	int r = system(cmd);
	cr_assert_eq(r, 0, "command failed: %s", cmd);
}

/* Runs a shell command in the repository; returns its exit status. */
static int git_sh(const char *cmd)
{
	char buf[2048];
	snprintf(buf, sizeof buf, "cd '%s' && %s >/dev/null 2>&1", root, cmd);
	int r = system(buf);
	return WIFEXITED(r) ? WEXITSTATUS(r) : -1;
}

static void put(const char *rel, const char *text)
{
	char path[256];
	snprintf(path, sizeof path, "%s/%s", root, rel);
	FILE *f = fopen(path, "w");
	cr_assert_not_null(f, "%s", path);
	fputs(text, f);
	fclose(f);
}

static char *get(const char *rel)
{
	char path[256], err[128], *buf;
	size_t len;
	snprintf(path, sizeof path, "%s/%s", root, rel);
	if (pk_read_file(path, 1u << 26, 0, &buf, &len, err, sizeof err) < 0)
		return NULL;
	return buf;
}

/* Replaces the first line starting with prefix in a record. */
static void edit(const char *rel, const char *prefix, const char *line)
{
	char *t = get(rel);
	cr_assert_not_null(t, "%s", rel);
	struct sbuf b = SBUF_INIT;
	char *p = strstr(t, prefix);
	cr_assert_not_null(p, "%s has no %s", rel, prefix);
	while (p != t && p[-1] != '\n')
		p = strstr(p + 1, prefix);
	sbuf_add(&b, t, (size_t)(p - t));
	sbuf_adds(&b, line);
	sbuf_adds(&b, "\n");
	sbuf_adds(&b, p + strcspn(p, "\n") + (p[strcspn(p, "\n")] ? 1 : 0));
	put(rel, b.s);
	sbuf_free(&b);
	free(t);
}

static void setup(void)
{
	memset(&d, 0, sizeof d);
	today = pk_date_ymd(2026, 11, 23);
	strcpy(root, "/tmp/pk-history.XXXXXX");
	cr_assert_not_null(mkdtemp(root));
	/* A private HOME: no user git configuration leaks into the tests. */
	snprintf(home, sizeof home, "%s.home", root);
	mkdir(home, 0700);
	setenv("HOME", home, 1);
	setenv("XDG_CONFIG_HOME", home, 1);
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	/* Every commit (libgit2's and git's) and reflog entry of git's on one
	 * day, so that expected outputs can name it. */
	setenv("GIT_AUTHOR_DATE", FIXED_DATE, 1);
	setenv("GIT_COMMITTER_DATE", FIXED_DATE, 1);
	unsetenv("GIT_INDEX_FILE");
	unsetenv("PANEL_TODAY");
	git_libgit2_init();
	git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_GLOBAL, home);
	git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_XDG, home);
	git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_SYSTEM, home);
}

static void teardown(void)
{
	sh("rm -rf '%s' '%s'", root, home);
	pk_diags_free(&d);
	git_libgit2_shutdown();
}

TestSuite(history, .init = setup, .fini = teardown);

static char *data_dir(void)
{
	char *dd = pk_data_dir();
	char path[512];
	snprintf(path, sizeof path, "%s/schema/case.schema.json", dd);
	cr_assert_eq(access(path, R_OK), 0, "no schema at %s (build the data dir first)", path);
	return dd;
}

/* An initialised repository with the fixture records uncommitted. */
static void init_repo(void)
{
	char *dd = data_dir();
	int r = pk_history_init(root, dd, "Ann Admin <p-adm@example.org>", "panel", &d);
	free(dd);
	if (r != 0)
		pk_diags_print(stderr, &d);
	cr_assert_eq(r, 0);
	sh("cp -R '%s/tests/fixtures/history/records/.' '%s/'", src_dir(), root);
	/* the CLI's commits (plain git, in some tests) need an identity */
	sh("cd '%s' && git config user.name 'Sam Sec' && git config user.email p-sec@example.org", root);
}

static struct pk_commit_opts opts(const char *msg, const char *author)
{
	struct pk_commit_opts o = {msg, author, today, NULL, 0, 0};
	return o;
}

static enum pk_commit_status commit(const char *msg, char *const *paths, size_t n,
				    struct pk_commit_result *res)
{
	struct pk_commit_opts o = opts(msg, "Ann Admin <p-adm@example.org>");
	enum pk_commit_status st = pk_history_commit(root, paths, n, &o, res, &d);
	if (st != PK_COMMIT_DONE && st != PK_COMMIT_NOTHING)
		pk_diags_print(stderr, &d);
	return st;
}

static void commit_all(const char *msg)
{
	struct pk_commit_result res;
	cr_assert_eq(commit(msg, NULL, 0, &res), PK_COMMIT_DONE);
	free(res.message);
}

static git_repository *repo(void)
{
	git_repository *r;
	cr_assert_eq(git_repository_open(&r, root), 0);
	return r;
}

static void head_id(git_oid *out)
{
	git_repository *r = repo();
	cr_assert_eq(git_reference_name_to_id(out, r, "HEAD"), 0);
	git_repository_free(r);
}

static size_t commit_count(void)
{
	git_repository *r = repo();
	git_revwalk *w;
	git_oid id;
	size_t n = 0;
	cr_assert_eq(git_revwalk_new(&w, r), 0);
	cr_assert_eq(git_revwalk_push_head(w), 0);
	while (git_revwalk_next(&id, w) == 0)
		n++;
	git_revwalk_free(w);
	git_repository_free(r);
	return n;
}

/* Number of paths git status reports (untracked included). */
static size_t status_count(void)
{
	git_repository *r = repo();
	git_status_list *l;
	git_status_options so;
	git_status_options_init(&so, GIT_STATUS_OPTIONS_VERSION);
	so.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED | GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS;
	cr_assert_eq(git_status_list_new(&l, r, &so), 0);
	size_t n = git_status_list_entrycount(l);
	git_status_list_free(l);
	git_repository_free(r);
	return n;
}

/* The HEAD commit's message; caller frees. */
static char *head_message(void)
{
	git_repository *r = repo();
	git_oid id;
	git_commit *c;
	cr_assert_eq(git_reference_name_to_id(&id, r, "HEAD"), 0);
	cr_assert_eq(git_commit_lookup(&c, r, &id), 0);
	char *m = xstrdup(git_commit_message(c));
	git_commit_free(c);
	git_repository_free(r);
	return m;
}

static int has_diag(const char *rule, const char *file, const char *msg_part)
{
	for (size_t i = 0; i < d.n; i++)
		if (!strcmp(d.v[i].rule, rule) && (!file || !strcmp(d.v[i].file, file)) &&
		    (!msg_part || strstr(d.v[i].msg, msg_part)))
			return 1;
	return 0;
}

/* ---- init ---- */

Test(history, init_creates_the_layout_and_one_commit)
{
	init_repo();
	struct stat st;
	const char *want[] = {"cases/.gitkeep", "panels/.gitkeep", "people/.gitkeep",
			      "schema/case.schema.json", "schema/panel.schema.json",
			      "schema/person.schema.json", ".gitattributes"};
	for (size_t i = 0; i < PK_ARRAY_LEN(want); i++) {
		char p[256];
		snprintf(p, sizeof p, "%s/%s", root, want[i]);
		cr_expect_eq(stat(p, &st), 0, "%s missing", want[i]);
	}
	char hook[256];
	snprintf(hook, sizeof hook, "%s/.git/hooks/pre-commit", root);
	cr_assert_eq(stat(hook, &st), 0);
	cr_expect(st.st_mode & S_IXUSR, "hook is not executable");
	char *h = get(".git/hooks/pre-commit");
	cr_expect(strstr(h, "commit --verify-staged") != NULL);
	free(h);
	char *ga = get(".gitattributes");
	cr_expect(strstr(ga, "*.yaml text eol=lf diff=yaml\n") != NULL);
	free(ga);
	cr_expect_eq(commit_count(), 1);

	git_repository *r = repo();
	git_commit *c;
	git_oid id;
	git_tree *t;
	git_tree_entry *e;
	cr_assert_eq(git_reference_name_to_id(&id, r, "HEAD"), 0);
	cr_assert_eq(git_commit_lookup(&c, r, &id), 0);
	cr_expect_str_eq(git_commit_author(c)->email, "p-adm@example.org");
	cr_expect_str_eq(git_commit_summary(c), "Create the records repository");
	cr_assert_eq(git_commit_tree(&t, c), 0);
	cr_expect_eq(git_tree_entry_bypath(&e, t, "schema/panel.schema.json"), 0);
	git_tree_entry_free(e);
	cr_expect_eq(git_tree_entry_bypath(&e, t, "people/.gitkeep"), 0);
	git_tree_entry_free(e);
	git_tree_free(t);
	git_commit_free(c);
	git_reference *head;
	cr_assert_eq(git_reference_lookup(&head, r, "HEAD"), 0);
	cr_expect_str_eq(git_reference_symbolic_target(head), "refs/heads/main");
	git_reference_free(head);
	git_repository_free(r);
}

Test(history, init_refuses_a_non_empty_directory)
{
	put("notes.txt", "mine\n");
	char *dd = data_dir();
	cr_expect_eq(pk_history_init(root, dd, "Ann <a@example.org>", "panel", &d), -1);
	free(dd);
	cr_expect(has_diag("KIT-HISTORY", root, "is not empty (it has notes.txt)"));
	char *t = get("notes.txt");
	cr_expect_str_eq(t, "mine\n");
	free(t);
	struct stat st;
	char p[128];
	snprintf(p, sizeof p, "%s/.git", root);
	cr_expect_neq(stat(p, &st), 0, "a repository was created");
}

Test(history, init_needs_an_author)
{
	char *dd = data_dir();
	cr_expect_eq(pk_history_init(root, dd, NULL, "panel", &d), -1);
	free(dd);
	cr_expect(has_diag("KIT-HISTORY", root, "no author"));
	char p[128];
	struct stat st;
	snprintf(p, sizeof p, "%s/cases", root);
	cr_expect_neq(stat(p, &st), 0, "files were created before the author was known");
}

/* ---- commit ---- */

Test(history, commit_names_every_record_in_trailers)
{
	init_repo();
	struct pk_commit_result res;
	cr_assert_eq(commit("Import the fixture records\n\nFrom tests/fixtures.", NULL, 0, &res),
		     PK_COMMIT_DONE);
	cr_expect_eq(res.records, 20);
	cr_expect_eq(res.warnings, 1);
	cr_expect_str_eq(res.branch, "main");
	char *m = head_message();
	cr_expect_str_eq(m, res.message);
	cr_expect_str_eq(m,
			 "Import the fixture records\n\nFrom tests/fixtures.\n\n"
			 "Case: DC-0001\nCase: DC-0002\nCase: IPP-0001\n"
			 "Panel: CPP-2026-08-20-A\n"
			 "Person: p-adm\nPerson: p-chair\nPerson: p-com\nPerson: p-cw1\nPerson: p-cw2\n"
			 "Person: p-fno\nPerson: p-g7\nPerson: p-homd\nPerson: p-ipm\nPerson: p-lo\n"
			 "Person: p-nrpc\nPerson: p-pom\nPerson: p-psy\nPerson: p-rl\nPerson: p-sec\n"
			 "Person: p-spo\n"
			 "Rule-Warnings: 1 (PF-RAG-REVIEW)\n");
	free(m);
	free(res.message);
	cr_expect_eq(commit_count(), 2);
	cr_expect_eq(status_count(), 0, "the work tree is not clean after the commit");

	/* The tree holds the files as they are on disk. */
	git_repository *r = repo();
	git_oid head, blob;
	git_commit *c;
	git_tree *t;
	git_tree_entry *e;
	cr_assert_eq(git_reference_name_to_id(&head, r, "HEAD"), 0);
	cr_assert_eq(git_commit_lookup(&c, r, &head), 0);
	cr_expect_str_eq(git_commit_author(c)->name, "Ann Admin");
	cr_expect_str_eq(git_commit_committer(c)->email, "p-sec@example.org");
	cr_assert_eq(git_commit_tree(&t, c), 0);
	cr_assert_eq(git_tree_entry_bypath(&e, t, "cases/DC-0001.yaml"), 0);
	char *text = get("cases/DC-0001.yaml");
	cr_assert_eq(git_odb_hash(&blob, text, strlen(text), GIT_OBJECT_BLOB), 0);
	cr_expect(git_oid_equal(&blob, git_tree_entry_id(e)));
	free(text);
	git_tree_entry_free(e);
	git_tree_free(t);
	git_commit_free(c);
	git_repository_free(r);
	cr_expect_eq(git_sh("git fsck --no-dangling"), 0);
}

Test(history, user_trailers_are_kept_and_not_repeated)
{
	init_repo();
	commit_all("Import");
	edit("cases/DC-0001.yaml", "location:", "location: Colnbrook IRC");
	struct pk_commit_result res;
	cr_assert_eq(commit("Move DC-0001\n\nCase: DC-0001\nSigned-off-by: Ann <p-adm@example.org>",
			    NULL, 0, &res), PK_COMMIT_DONE);
	cr_expect_str_eq(res.message, "Move DC-0001\n\nCase: DC-0001\n"
				      "Signed-off-by: Ann <p-adm@example.org>\n");
	free(res.message);
}

Test(history, author_comes_from_git_config)
{
	init_repo();
	struct pk_commit_opts o = opts("Import", NULL);
	struct pk_commit_result res;
	cr_assert_eq(pk_history_commit(root, NULL, 0, &o, &res, &d), PK_COMMIT_DONE);
	free(res.message);
	git_repository *r = repo();
	git_oid id;
	git_commit *c;
	cr_assert_eq(git_reference_name_to_id(&id, r, "HEAD"), 0);
	cr_assert_eq(git_commit_lookup(&c, r, &id), 0);
	cr_expect_str_eq(git_commit_author(c)->name, "Sam Sec");
	cr_expect_str_eq(git_commit_author(c)->email, "p-sec@example.org");
	git_commit_free(c);
	git_repository_free(r);
}

Test(history, no_author_is_a_clear_error)
{
	init_repo();
	sh("cd '%s' && git config --unset user.name && git config --unset user.email", root);
	struct pk_commit_opts o = opts("Import", NULL);
	git_oid before, after;
	head_id(&before);
	cr_expect_eq(pk_history_commit(root, NULL, 0, &o, NULL, &d), PK_COMMIT_ERROR);
	cr_expect(has_diag("KIT-HISTORY", root, "no author: git config has no user.name"));
	head_id(&after);
	cr_expect(git_oid_equal(&before, &after));
	struct pk_commit_opts bad = opts("Import", "Ann Admin");
	cr_expect_eq(pk_history_commit(root, NULL, 0, &bad, NULL, &d), PK_COMMIT_ERROR);
	cr_expect(has_diag("KIT-HISTORY", root, "expected \"Name <email>\""));
}

Test(history, refused_commit_changes_nothing)
{
	init_repo();
	commit_all("Import");
	/* one staged valid change, one invalid change in the work tree */
	edit("cases/DC-0002.yaml", "location:", "location: Yarl's Wood IRC");
	cr_assert_eq(git_sh("git add cases/DC-0002.yaml"), 0);
	edit("cases/DC-0001.yaml", "framework:", "framework: detentio");
	git_oid before, after;
	head_id(&before);
	char *index_before = get(".git/index"), *f1 = get("cases/DC-0001.yaml"),
	     *f2 = get("cases/DC-0002.yaml");
	struct stat st0, st1;
	char ip[128];
	snprintf(ip, sizeof ip, "%s/.git/index", root);
	cr_assert_eq(stat(ip, &st0), 0);

	struct pk_commit_result res;
	cr_expect_eq(commit("Update two cases", NULL, 0, &res), PK_COMMIT_REFUSED);
	cr_expect_eq(res.message, NULL);
	pk_diags_sort(&d);
	cr_assert(d.n >= 1);
	cr_expect(has_diag("KIT-SCHEMA", NULL, "\"detentio\" is not one of"));
	int found = 0;
	for (size_t i = 0; i < d.n; i++)
		if (strstr(d.v[i].file, "cases/DC-0001.yaml") && d.v[i].line == 3 && d.v[i].col == 12)
			found = 1;
	cr_expect(found, "no finding at cases/DC-0001.yaml:3:12");

	head_id(&after);
	cr_expect(git_oid_equal(&before, &after), "HEAD moved");
	char *index_after = get(".git/index"), *g1 = get("cases/DC-0001.yaml"),
	     *g2 = get("cases/DC-0002.yaml");
	cr_assert_eq(stat(ip, &st1), 0);
	cr_expect_eq(st0.st_size, st1.st_size);
	cr_expect_eq(memcmp(index_before, index_after, (size_t)st0.st_size), 0, "index changed");
	cr_expect_eq(st0.st_ino, st1.st_ino, "index file replaced");
	cr_expect_str_eq(f1, g1);
	cr_expect_str_eq(f2, g2);
	free(index_before);
	free(index_after);
	free(f1);
	free(f2);
	free(g1);
	free(g2);
	cr_expect_eq(git_sh("git diff --cached --quiet -- cases/DC-0002.yaml"), 1,
		     "the staged change is no longer staged");
}

Test(history, refused_for_an_unknown_reference_or_a_duplicate_id)
{
	init_repo();
	commit_all("Import");
	edit("cases/DC-0001.yaml", "owner:", "owner: p-nobody");
	put("people/DC-0002.yaml", "id: DC-0002\nname: Clash\norganisation: home-office\n");
	cr_expect_eq(commit("Bad references", NULL, 0, NULL), PK_COMMIT_REFUSED);
	cr_expect(has_diag("KIT-IDS", NULL, "unknown person \"p-nobody\""));
	cr_expect(has_diag("KIT-IDS", NULL, "id \"DC-0002\" is already used by cases/DC-0002.yaml"));
}

Test(history, paths_commit_only_those_records)
{
	init_repo();
	commit_all("Import");
	edit("cases/DC-0001.yaml", "location:", "location: Colnbrook IRC");
	/* not the same length as "Brook House IRC": an edit of the same size
	 * in the clock tick of the import is one git's stat check cannot see */
	edit("cases/DC-0002.yaml", "location:", "location: Yarl's Wood IRC, B wing");
	char *paths[] = {"cases/DC-0001.yaml"};
	struct pk_commit_result res;
	cr_assert_eq(commit("Move DC-0001", paths, 1, &res), PK_COMMIT_DONE);
	cr_expect_eq(res.records, 1);
	cr_expect_str_eq(res.message, "Move DC-0001\n\nCase: DC-0001\n");
	free(res.message);
	cr_expect_eq(git_sh("git diff --quiet -- cases/DC-0001.yaml"), 0);
	cr_expect_eq(git_sh("git diff --quiet -- cases/DC-0002.yaml"), 1, "DC-0002 was committed");
	cr_expect_eq(git_sh("git diff --cached --quiet"), 0, "something is left staged");

	char *bad[] = {"README.md"};
	cr_expect_eq(commit("Not a record", bad, 1, NULL), PK_COMMIT_ERROR);
	cr_expect(has_diag("KIT-PATH", "README.md", "is not a record"));
}

Test(history, deletion_and_nothing_to_commit)
{
	init_repo();
	commit_all("Import");
	cr_expect_eq(commit("Nothing", NULL, 0, NULL), PK_COMMIT_NOTHING);
	char p[128];
	/* a held panel's record is kept (accept.c: outcomes are append-only) */
	snprintf(p, sizeof p, "%s/panels/CPP-2026-08-20-A.yaml", root);
	cr_assert_eq(unlink(p), 0);
	struct pk_diags before = d;
	cr_expect_eq(pk_history_commit(root, NULL, 0, &(struct pk_commit_opts){"Remove the panel",
		     "Ann Admin <p-adm@example.org>", today, NULL, 0, 0}, NULL, &d), PK_COMMIT_REFUSED);
	cr_expect_eq(d.errors, before.errors + 1);
	cr_expect_str_eq(d.v[d.n - 1].msg, "deletes held panel CPP-2026-08-20-A and its recorded outcomes");
	cr_expect_eq(git_sh("git checkout -q -- panels/CPP-2026-08-20-A.yaml"), 0);
	/* a person no record names may go */
	snprintf(p, sizeof p, "%s/people/p-psy.yaml", root);
	cr_assert_eq(unlink(p), 0);
	struct pk_commit_result res;
	cr_assert_eq(commit("p-psy has left", NULL, 0, &res), PK_COMMIT_DONE);
	cr_expect_str_eq(res.message, "p-psy has left\n\nPerson: p-psy\n");
	free(res.message);
	cr_expect_eq(git_sh("git cat-file -e HEAD:people/p-psy.yaml"), 128);
	cr_expect_eq(status_count(), 0);
}

Test(history, commit_files_validates_before_writing)
{
	init_repo();
	commit_all("Import");
	char *old = get("cases/DC-0002.yaml");
	/* invalid: nothing written */
	struct pk_file_change bad = {"cases/DC-0002.yaml", "id: DC-0002\nframework: ipp\n", 28};
	struct pk_commit_opts o = opts("Plan", "Ann Admin <p-adm@example.org>");
	cr_expect_eq(pk_history_commit_files(root, &bad, 1, &o, NULL, &d), PK_COMMIT_REFUSED);
	char *now = get("cases/DC-0002.yaml");
	cr_expect_str_eq(now, old);
	free(now);
	/* valid: written (comments kept: the text is the caller's) and committed */
	struct sbuf t = SBUF_INIT;
	sbuf_adds(&t, old);
	sbuf_adds(&t, "# reviewed\nnotes: Written by a tool.\n");
	struct pk_file_change ok = {"cases/DC-0002.yaml", t.s, t.len};
	struct pk_commit_result res;
	cr_assert_eq(pk_history_commit_files(root, &ok, 1, &o, &res, &d), PK_COMMIT_DONE);
	free(res.message);
	now = get("cases/DC-0002.yaml");
	cr_expect_str_eq(now, t.s);
	free(now);
	cr_expect_eq(status_count(), 0);
	sbuf_free(&t);
	free(old);
}

Test(history, trees_keep_git_order)
{
	/* A folder sorts as if its name ended in '/': "sub-a.yaml" < "sub.yaml"
	 * < "sub/" < "sub0.yaml".  git fsck rejects a tree out of that order. */
	init_repo();
	commit_all("Import");
	sh("mkdir '%s/cases/sub' && echo x >'%s/cases/sub/notes.txt'", root, root);
	cr_assert_eq(git_sh("git add cases/sub/notes.txt && git commit -q --no-verify -m sub"), 0);
	const char *ids[] = {"sub-a", "sub", "sub0", "A", "zz"};
	for (size_t i = 0; i < PK_ARRAY_LEN(ids); i++) {
		char rel[64], text[256];
		snprintf(rel, sizeof rel, "cases/%s.yaml", ids[i]);
		snprintf(text, sizeof text, "id: %s\nframework: detention\nname: N\nteam: t\n"
			 "owner: p-cw1\ndetention:\n  start: 2026-01-10\n", ids[i]);
		put(rel, text);
	}
	commit_all("Add cases around a folder");
	cr_expect_eq(git_sh("git fsck --strict --no-dangling"), 0);
	cr_expect_eq(git_sh("test \"$(git write-tree)\" = \"$(git rev-parse 'HEAD^{tree}')\""), 0,
		     "the index and HEAD disagree");
	cr_expect_eq(git_sh("git ls-tree --name-only HEAD cases/ | tr '\\n' ' ' | "
			    "grep -qx 'cases/.gitkeep cases/A.yaml cases/DC-0001.yaml cases/DC-0002.yaml "
			    "cases/IPP-0001.yaml cases/sub-a.yaml cases/sub.yaml cases/sub cases/sub0.yaml "
			    "cases/zz.yaml '"), 0);
	/* removing records, and emptying a folder (.gitkeep gone too) */
	sh("cd '%s' && rm cases/sub*.yaml cases/A.yaml cases/zz.yaml", root);
	commit_all("Remove them");
	sh("cd '%s' && git rm -q panels/.gitkeep && git commit -q --no-verify -m gitkeep", root);
	/* (the held panel leaves outside panel commit, which keeps held panels;
	 * a planned one is the folder's last record) */
	sh("cd '%s' && git rm -q panels/CPP-2026-08-20-A.yaml && git commit -q --no-verify -m held && mkdir -p panels", root);
	put("panels/CPP-2026-12-20-A.yaml", "id: CPP-2026-12-20-A\nframework: detention\ndate: 2026-12-20\n"
	    "status: planned\nchair: p-chair\ncases:\n  - {case: DC-0001, purpose: CPP-CYCLE}\n");
	commit_all("Plan a panel");
	sh("rm '%s/panels/CPP-2026-12-20-A.yaml'", root);
	commit_all("No panels");
	cr_expect_eq(git_sh("git cat-file -e HEAD:panels"), 128, "an empty panels/ tree is left");
	cr_expect_eq(git_sh("git fsck --strict --no-dangling"), 0);
	cr_expect_eq(status_count(), 0);
}

Test(history, dry_run_and_deleting_through_commit_files)
{
	init_repo();
	commit_all("Import");
	edit("cases/DC-0001.yaml", "location:", "location: Colnbrook IRC");
	struct pk_commit_opts o = opts("Move DC-0001", "Ann Admin <p-adm@example.org>");
	o.dry_run = 1;
	struct pk_commit_result res;
	git_oid before, after;
	head_id(&before);
	cr_assert_eq(pk_history_commit(root, NULL, 0, &o, &res, &d), PK_COMMIT_DONE);
	cr_expect_str_eq(res.message, "Move DC-0001\n\nCase: DC-0001\n");
	cr_expect_str_eq(res.oid, "");
	free(res.message);
	head_id(&after);
	cr_expect(git_oid_equal(&before, &after), "a dry run committed");
	cr_expect_eq(git_sh("git diff --quiet -- cases/DC-0001.yaml"), 1, "a dry run staged");

	struct pk_file_change del = {"people/p-psy.yaml", NULL, 0};
	o.dry_run = 0;
	o.message = "Remove p-psy";
	cr_assert_eq(pk_history_commit_files(root, &del, 1, &o, &res, &d), PK_COMMIT_DONE);
	cr_expect_str_eq(res.message, "Remove p-psy\n\nPerson: p-psy\n");
	free(res.message);
	cr_expect_null(get("people/p-psy.yaml"));
	cr_expect_eq(git_sh("git cat-file -e HEAD:people/p-psy.yaml"), 128);
	/* DC-0001's change was not part of it */
	cr_expect_eq(git_sh("git diff --quiet -- cases/DC-0001.yaml"), 1);
}

Test(history, crlf_is_stored_as_lf)
{
	init_repo();
	commit_all("Import");
	put("people/p-new.yaml", "id: p-new\r\nname: New Person\r\norganisation: hmpps\r\n");
	commit_all("Add p-new");
	cr_expect_eq(git_sh("git show HEAD:people/p-new.yaml | grep -q \"$(printf '\\r')\""), 1,
		     "CR stored in the blob");
	cr_expect_eq(status_count(), 0);
}

Test(history, a_git_command_holding_the_index_lock_blocks_the_commit)
{
	init_repo();
	commit_all("Import");
	edit("cases/DC-0001.yaml", "location:", "location: Colnbrook IRC");
	put(".git/index.lock", "");
	struct pk_commit_opts o = opts("Move", "Ann Admin <p-adm@example.org>");
	o.lock_timeout_ms = 50;
	cr_expect_eq(pk_history_commit(root, NULL, 0, &o, NULL, &d), PK_COMMIT_ERROR);
	cr_expect(has_diag("KIT-HISTORY", NULL, "a git command is changing the index"));
	cr_expect_eq(commit_count(), 2);
	/* the lock is git's: left alone */
	char *l = get(".git/index.lock");
	cr_expect_not_null(l);
	free(l);
}

Test(history, two_concurrent_commits_both_land)
{
	init_repo();
	commit_all("Import");
	edit("cases/DC-0001.yaml", "location:", "location: Colnbrook IRC");
	edit("cases/DC-0002.yaml", "location:", "location: Yarl's Wood IRC");
	pid_t kids[2];
	for (int i = 0; i < 2; i++) {
		kids[i] = fork();
		cr_assert_neq(kids[i], -1);
		if (kids[i] == 0) {
			struct pk_diags kd = PK_DIAGS_INIT;
			char *paths[] = {i ? "cases/DC-0002.yaml" : "cases/DC-0001.yaml"};
			struct pk_commit_opts o = opts(i ? "Move DC-0002" : "Move DC-0001",
						       "Ann Admin <p-adm@example.org>");
			enum pk_commit_status st = pk_history_commit(root, paths, 1, &o, NULL, &kd);
			pk_diags_print(stderr, &kd);
			_exit(st == PK_COMMIT_DONE ? 0 : 10 + (int)st);
		}
	}
	for (int i = 0; i < 2; i++) {
		int ws;
		cr_assert_eq(waitpid(kids[i], &ws, 0), kids[i]);
		cr_expect(WIFEXITED(ws) && WEXITSTATUS(ws) == 0, "child %d: status %d", i, ws);
	}
	cr_expect_eq(commit_count(), 4);
	cr_expect_eq(status_count(), 0, "index or work tree out of step");
	cr_expect_eq(git_sh("git fsck --no-dangling"), 0);
	cr_expect_eq(git_sh("git log -1 --format=%B HEAD~1 | grep -q '^Case: DC-000[12]$'"), 0);
}

/* ---- staged (the pre-commit hook) ---- */

Test(history, verify_staged_reads_the_index)
{
	init_repo();
	commit_all("Import");
	size_t n;
	cr_expect_eq(pk_history_verify_staged(root, &(struct pk_verify_opts){today, NULL, NULL, 0}, &n, &d), 0);
	cr_expect_eq(n, 0);
	edit("cases/DC-0001.yaml", "framework:", "framework: detentio");
	cr_assert_eq(git_sh("git add cases/DC-0001.yaml"), 0);
	edit("cases/DC-0001.yaml", "framework:", "framework: detention");
	/* fixed in the work tree, still broken in the index */
	cr_expect_eq(pk_history_verify_staged(root, &(struct pk_verify_opts){today, NULL, NULL, 0}, &n, &d), 1);
	cr_expect_eq(n, 1);
	cr_expect(has_diag("KIT-SCHEMA", NULL, "\"detentio\""));
	/* the hook stops a plain git commit */
	cr_expect_neq(git_sh("git commit -q -m broken"), 0);
	cr_expect_eq(commit_count(), 2);
}

/* ---- --as-of ---- */

static void dated_commit(const char *msg, const char *when)
{
	setenv("GIT_AUTHOR_DATE", when, 1);
	setenv("GIT_COMMITTER_DATE", when, 1);
	commit_all(msg);
	setenv("GIT_AUTHOR_DATE", FIXED_DATE, 1);
	setenv("GIT_COMMITTER_DATE", FIXED_DATE, 1);
}

Test(history, as_of_reads_the_tree_of_that_day)
{
	setenv("GIT_AUTHOR_DATE", "2026-02-01T12:00:00Z", 1);
	setenv("GIT_COMMITTER_DATE", "2026-02-01T12:00:00Z", 1);
	init_repo();
	dated_commit("Import", "2026-02-10T09:00:00Z");
	edit("cases/DC-0001.yaml", "location:", "location: March IRC");
	dated_commit("Move in March", "2026-03-01T23:30:00+00:00");
	edit("cases/DC-0001.yaml", "location:", "location: Working IRC");

	pk_date feb28, mar1, jan1;
	cr_assert_eq(pk_date_parse("2026-02-28", &feb28, NULL), 0);
	cr_assert_eq(pk_date_parse("2026-03-01", &mar1, NULL), 0);
	cr_assert_eq(pk_date_parse("2026-01-01", &jan1, NULL), 0);
	struct pk_source *s = pk_source_git_at(root, feb28, &d);
	cr_assert_not_null(s);
	cr_expect_eq(strncmp(s->label, "commit ", 7), 0);
	cr_expect(strstr(s->label, " (2026-02-10)") != NULL, "%s", s->label);
	cr_expect_eq(s->n, 20);
	cr_expect_str_eq(s->paths[0], "people/p-adm.yaml");
	struct pk_doc *doc = pk_load_by_id(s, PK_R_CASE, "DC-0001");
	cr_assert_not_null(doc);
	cr_expect_str_eq(pk_get_str(pk_doc_root(doc), "location"), "Harmondsworth IRC");
	pk_doc_free(doc);
	pk_source_free(s);

	s = pk_source_git_at(root, mar1, &d);
	cr_assert_not_null(s);
	doc = pk_load_by_id(s, PK_R_CASE, "DC-0001");
	cr_expect_str_eq(pk_get_str(pk_doc_root(doc), "location"), "March IRC");
	pk_doc_free(doc);
	pk_source_free(s);

	/* pk_source_open: past date -> git; --worktree or today -> files */
	setenv("PANEL_TODAY", "2026-11-23", 1);
	s = pk_source_open(root, mar1, 0, &d);
	cr_expect(strncmp(s->label, "commit ", 7) == 0);
	pk_source_free(s);
	s = pk_source_open(root, mar1, 1, &d);
	cr_expect_str_eq(s->label, "working tree");
	doc = pk_load_by_id(s, PK_R_CASE, "DC-0001");
	cr_expect_str_eq(pk_get_str(pk_doc_root(doc), "location"), "Working IRC");
	pk_doc_free(doc);
	pk_source_free(s);

	cr_expect_null(pk_source_git_at(root, jan1, &d));
	cr_expect(has_diag("KIT-HISTORY", root,
			   "no commit on or before 2026-01-01: the first is from 2026-02-01"));
}

Test(history, as_of_outside_git_reads_the_directory)
{
	sh("cp -R '%s/tests/fixtures/history/records/.' '%s/'", src_dir(), root);
	setenv("PANEL_TODAY", "2026-11-23", 1);
	struct pk_source *s = pk_source_open(root, 20000, 0, &d);
	cr_assert_not_null(s);
	cr_expect_str_eq(s->label, "working tree");
	pk_source_free(s);
	cr_expect_eq(d.n, 0);
}

/* ---- log ---- */

Test(history, log_lists_field_changes_newest_first)
{
	init_repo();
	commit_all("Import");
	edit("cases/IPP-0001.yaml", "  - {rating: red, date: 2026-05-01",
	     "  - {rating: green, date: 2026-01-15, reason: Completed Kaizen.}\n"
	     "  - {rating: red, date: 2026-05-01, reason: Deselected from Kaizen after an adjudication.}");
	commit_all("Add the January rating");
	edit("cases/IPP-0001.yaml", "  - {rating: red, date: 2026-05-01",
	     "  - {rating: amber, date: 2026-05-01, reason: Deselected from Kaizen after an adjudication.}");
	edit("cases/IPP-0001.yaml", "notes:", "notes: |\n  First line.\n  Second line.");
	commit_all("Correct the May rating");
	edit("cases/DC-0001.yaml", "location:", "location: Elsewhere IRC");
	commit_all("Unrelated");

	struct pk_log log;
	cr_assert_eq(pk_history_log(root, "IPP-0001", 0, &log, &d), 0);
	cr_expect_str_eq(log.path, "cases/IPP-0001.yaml");
	cr_assert_eq(log.n, 3);
	cr_expect_str_eq(log.v[0].subject, "Correct the May rating");
	cr_expect_str_eq(log.v[0].email, "p-adm@example.org");
	cr_expect_str_eq(log.v[1].subject, "Add the January rating");
	cr_expect_str_eq(log.v[2].subject, "Import");
	cr_expect(log.v[2].created);
	cr_assert_eq(log.v[1].changes.n, 1);
	cr_expect_str_eq(log.v[1].changes.v[0].path, "rag[1]");
	cr_expect_eq(log.v[1].changes.v[0].op, PK_CH_ADDED);
	cr_assert_eq(log.v[0].changes.n, 2);
	cr_expect_str_eq(log.v[0].changes.v[0].path, "rag[2].rating");
	cr_expect_str_eq(log.v[0].changes.v[0].old_text, "red");
	cr_expect_str_eq(log.v[0].changes.v[0].new_text, "amber");
	cr_expect_str_eq(log.v[0].changes.v[1].path, "notes");
	cr_expect(log.v[0].changes.v[1].multiline);

	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	pk_log_print(f, &log);
	fclose(f);
	char want[512];
	snprintf(want, sizeof want, "%s " FIXED_DAY " Ann Admin <p-adm@example.org>: Correct the May rating\n"
		 "    rag[2].rating: red -> amber\n", log.v[0].short_id);
	cr_expect_eq(strncmp(buf, want, strlen(want)), 0, "got:\n%s", buf);
	free(buf);
	pk_log_free(&log);

	cr_expect_eq(pk_history_log(root, "NOPE-1", 0, &log, &d), -1);
	cr_expect(has_diag("KIT-IDS", "NOPE-1", "no record with this ID"));
	pk_log_free(&log);
}

static char *log_text(const char *id)
{
	struct pk_log log;
	cr_assert_eq(pk_history_log(root, id, 0, &log, &d), 0);
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	pk_log_print(f, &log);
	fclose(f);
	pk_log_free(&log);
	return buf;
}

Test(history, the_changes_cache_is_only_a_cache)
{
	init_repo();
	commit_all("Import");
	edit("cases/DC-0001.yaml", "location:", "location: Colnbrook IRC");
	commit_all("Move DC-0001");
	edit("cases/DC-0001.yaml", "location:", "location: Brook House IRC");
	cr_assert_eq(git_sh("git commit -q --no-verify -am 'Move it again'"), 0);
	/* panel commit wrote its commits' lines; the git commit is worked out */
	char *cache = get(".git/panel-changes");
	cr_assert_not_null(cache);
	int lines = 0;
	for (char *p = cache; *p; p++)
		lines += *p == '\n';
	cr_expect_eq(lines, 2, "%s", cache);
	free(cache);
	char *warm = log_text("DC-0001");
	cache = get(".git/panel-changes");
	lines = 0;
	for (char *p = cache; *p; p++)
		lines += *p == '\n';
	cr_expect_eq(lines, 4, "the log did not remember the commits it worked out:\n%s", cache);

	/* without the cache, and with a damaged one: the same history */
	sh("rm '%s/.git/panel-changes'", root);
	char *cold = log_text("DC-0001");
	cr_expect_str_eq(cold, warm);
	size_t len = strlen(cache);
	cache[len / 2] = cache[len / 2] == 'a' ? 'b' : 'a'; /* a wrong checksum */
	put(".git/panel-changes", cache);
	sh("printf '%%s' 0123456789abcdef >>'%s/.git/panel-changes'", root); /* cut short */
	char *damaged = log_text("DC-0001");
	cr_expect_str_eq(damaged, warm);
	edit("cases/DC-0002.yaml", "location:", "location: Colnbrook IRC");
	commit_all("Move DC-0002");
	char *after = get(".git/panel-changes");
	cr_expect(strstr(after, "0123456789abcdef\n") != NULL, "the next line was glued to a cut one:\n%s", after);
	free(after);
	free(cache);
	free(warm);
	free(cold);
	free(damaged);
}

/* ---- audit ---- */

/* The commits of these tests are made (by panel commit and by git) as Ann
 * Admin, who is in people/: a commit made for someone else must say why
 * (Committer-Reason:, tested in tests/cli/audit-trust.sh). */
static void audit_repo(void)
{
	init_repo();
	sh("cd '%s' && git config user.name 'Ann Admin' && git config user.email p-adm@example.org",
	   root);
}

static struct pk_audit *audit(void)
{
	struct pk_audit_opts o = {PK_NODATE, NULL};
	struct pk_audit *a = pk_history_audit(root, &o, &d);
	cr_assert_not_null(a);
	return a;
}

static char *audit_text(struct pk_audit *a)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	pk_audit_print(f, a);
	fclose(f);
	return buf;
}

Test(history, audit_is_clean_for_panel_commits)
{
	audit_repo();
	commit_all("Import");
	edit("cases/DC-0001.yaml", "location:", "location: Colnbrook IRC");
	commit_all("Move DC-0001");
	struct pk_audit *a = audit();
	char *t = audit_text(a);
	cr_expect_eq(pk_audit_count(a), 0, "%s", t);
	size_t touching;
	cr_expect_eq(pk_audit_commits(a, &touching), 3);
	cr_expect_eq(touching, 2);
	free(t);
	pk_audit_free(a);
}

/* A stranger's commit made with plain git, past the hook, that breaks
 * cases/DC-0001.yaml: the commit panel audit must catch.  Its ID in *id. */
static void plain_git_commit_breaking_a_record(git_oid *id)
{
	audit_repo();
	commit_all("Import");
	edit("cases/DC-0001.yaml", "framework:", "framework: detentio");
	cr_assert_eq(git_sh("git -c user.email=stranger@example.org commit -q --no-verify "
			    "-m 'quick fix' cases/DC-0001.yaml"),
		     0);
	head_id(id);
}

Test(history, audit_catches_a_plain_git_commit_that_broke_a_record)
{
	git_oid id;
	char sid[12];
	plain_git_commit_breaking_a_record(&id);
	git_oid_tostr(sid, 8, &id);
	struct pk_audit *a = audit();
	char *t = audit_text(a);
	char want[2048];
	snprintf(want, sizeof want,
		 "commit %s " FIXED_DAY " Ann Admin <stranger@example.org>: quick fix\n"
		 "%s: error: leaves cases/DC-0001.yaml invalid (1 error) [KIT-HISTORY]\n"
		 "hint: every commit must leave the records valid; fix the record in a new commit "
		 "with 'panel commit'\n"
		 "%s:cases/DC-0001.yaml:3:12: error: \"detentio\" is not one of: detention, ipp [KIT-SCHEMA]\n"
		 "    3 | framework: detentio\n"
		 "      |            ^\n"
		 "hint: did you mean \"detention\"?\n"
		 "%s: error: changes 1 record without Case:/Panel:/Person: trailers "
		 "(cases/DC-0001.yaml): made outside panelkit [KIT-HISTORY]\n"
		 "hint: record changes are committed with 'panel commit', which validates them and "
		 "names each record in a trailer; or end the message with: Case: DC-0001\n"
		 "%s: error: author Ann Admin <stranger@example.org> is not in the people directory "
		 "[KIT-HISTORY]\n"
		 "hint: add the person to people/ with this email, or commit as a listed person (panelkit.yaml accept.author-not-in-people: warn relaxes this)\n",
		 sid, sid, sid, sid, sid);
	cr_expect_str_eq(t, want);
	cr_expect_eq(pk_audit_count(a), 4);
	free(t);
	pk_audit_free(a);
}

/* .git/panel-changes is a plain file anyone can edit: an audit must work
 * every commit out from git's objects, so a forged line (with a good
 * checksum) claiming the bad commit changed nothing hides nothing. */
Test(history, audit_does_not_trust_the_changes_cache)
{
	git_oid id;
	char hex[41], forged[128];
	plain_git_commit_breaking_a_record(&id);
	git_oid_tostr(hex, sizeof hex, &id);
	int n = snprintf(forged, sizeof forged, "%s 0", hex);
	unsigned h = 2166136261u; /* FNV-1a, as history_cache.c checks lines */
	for (int i = 0; i < n; i++)
		h = (h ^ (unsigned char)forged[i]) * 16777619u;
	snprintf(forged + n, sizeof forged - (size_t)n, " %08x\n", h);
	put(".git/panel-changes", forged);
	struct pk_audit *a = audit();
	char *t = audit_text(a);
	cr_expect_eq(pk_audit_count(a), 4, "%s", t);
	cr_expect(strstr(t, "leaves cases/DC-0001.yaml invalid") != NULL, "%s", t);
	free(t);
	pk_audit_free(a);
	/* and the audit wrote nothing there */
	char *after = get(".git/panel-changes");
	cr_expect_str_eq(after, forged);
	free(after);
}

Test(history, audit_checks_ids_across_kinds)
{
	audit_repo();
	commit_all("Import");
	put("people/DC-0002.yaml", "id: DC-0002\nname: Clash\norganisation: hmpps\n"
				   "email: clash@example.org\n");
	cr_assert_eq(git_sh("git add people/DC-0002.yaml && "
			    "git commit -q --no-verify -m 'Person: DC-0002' -m 'Person: DC-0002'"), 0);
	struct pk_audit *a = audit();
	char *t = audit_text(a);
	cr_expect(strstr(t, ":people/DC-0002.yaml: error: id \"DC-0002\" is already used by "
			    "cases/DC-0002.yaml [KIT-IDS]") != NULL, "%s", t);
	free(t);
	pk_audit_free(a);
}

Test(history, audit_outcomes_are_append_only)
{
	audit_repo();
	commit_all("Import");
	/* the panel is held: adding a missing value is fine */
	edit("panels/CPP-2026-08-20-A.yaml", "    internal_notes:",
	     "    dcpr_acknowledged: 2026-08-28\n    internal_notes: CANARY-INTERNAL-CPP-0820");
	commit_all("Record the DCPR acknowledgement");
	/* changing a recommendation without a correction is not */
	edit("panels/CPP-2026-08-20-A.yaml", "    recommendation: maintain-with-actions",
	     "    recommendation: maintain");
	/* (panel commit refuses it: made with git past the hooks) */
	cr_assert_eq(git_sh("git commit -q --no-verify -a -m 'Change the recommendation' "
			    "-m 'Panel: CPP-2026-08-20-A'"), 0);
	git_oid bad;
	head_id(&bad);
	/* with a correction entry it is */
	edit("panels/CPP-2026-08-20-A.yaml", "    long_stop: 2026-12-31",
	     "    long_stop: 2026-12-31\n    corrections:\n"
	     "      - {date: 2026-11-20, by: p-chair, field: reasons, reason: Typo in the minutes.}");
	edit("panels/CPP-2026-08-20-A.yaml", "    reasons: Removal is imminent",
	     "    reasons: Removal is imminent but the route must still be confirmed.");
	commit_all("Correct the reasons");

	struct pk_audit *a = audit();
	char *t = audit_text(a);
	cr_expect_eq(pk_audit_count(a), 1, "%s", t);
	char sid[12];
	git_oid_tostr(sid, 8, &bad);
	cr_expect(strstr(t, "changes the recorded outcome of held panel CPP-2026-08-20-A for DC-0002: "
			    "cases[1].recommendation: maintain-with-actions -> maintain with no "
			    "correction [KIT-HISTORY]") != NULL, "%s", t);
	char where[64];
	snprintf(where, sizeof where, "%s:panels/CPP-2026-08-20-A.yaml:", sid);
	cr_expect(strstr(t, where) != NULL, "%s", t);
	free(t);
	pk_audit_free(a);
}

Test(history, audit_reports_a_rewrite_in_the_reflog)
{
	audit_repo();
	commit_all("Import");
	edit("cases/DC-0001.yaml", "location:", "location: Colnbrook IRC");
	commit_all("Move DC-0001");
	git_oid lost;
	head_id(&lost);
	cr_assert_eq(git_sh("git reset -q --hard HEAD~1"), 0);
	struct pk_audit *a = audit();
	char *t = audit_text(a);
	char sid[12], want[128];
	git_oid_tostr(sid, 8, &lost);
	snprintf(want, sizeof want, "main@{0}: error: history rewritten on " FIXED_DAY " by Ann Admin "
		 "<p-adm@example.org>: %s -> ", sid);
	cr_expect(strstr(t, want) != NULL, "%s", t);
	cr_expect(strstr(t, "(\"reset: moving to HEAD~1\"); ") != NULL, "%s", t);
	cr_expect_eq(pk_audit_count(a), 1, "%s", t);
	free(t);
	pk_audit_free(a);
}

/* ---- ref locks (issue 13: crash and lock residue) ---- */

Test(history, a_stale_marker_never_removes_a_git_ref_lock)
{
	init_repo();
	commit_all("Import");
	/* a marker from a killed panel commit, and a lock git holds now */
	char marker[512];
	snprintf(marker, sizeof marker, "ref %s/.git/refs/heads/main.lock %s\n", root,
		 "0123456789012345678901234567890123456789");
	put(".git/panel.lock", marker);
	put(".git/refs/heads/main.lock", "");
	edit("cases/DC-0001.yaml", "location:", "location: Colnbrook IRC");
	struct pk_commit_opts o = opts("Move DC-0001", "Ann Admin <p-adm@example.org>");
	o.lock_timeout_ms = 200;
	size_t before = d.n;
	cr_expect_eq(pk_history_commit(root, NULL, 0, &o, NULL, &d), PK_COMMIT_ERROR);
	cr_assert_eq(d.n, before + 1);
	cr_expect(strstr(d.v[d.n - 1].msg, "a git command is updating the branch (waited ") != NULL, "%s",
		  d.v[d.n - 1].msg);
	cr_expect(strstr(d.v[d.n - 1].file, ".git/refs/heads/main.lock") != NULL, "%s", d.v[d.n - 1].file);
	char *l = get(".git/refs/heads/main.lock");
	cr_expect_not_null(l, "git's lock was removed");
	free(l);
	/* the hooks' healing leaves it alone too */
	put(".git/panel.lock", marker);
	char gd[256];
	snprintf(gd, sizeof gd, "%s/.git/", root);
	pk_history_heal_locks(gd);
	l = get(".git/refs/heads/main.lock");
	cr_expect_not_null(l, "git's lock was removed by the hooks");
	free(l);
}

Test(history, the_ref_lock_of_a_killed_commit_is_removed)
{
	init_repo();
	commit_all("Import");
	/* what a panel commit killed while holding the lock leaves: the lock
	 * holds the commit the marker names */
	const char *oid = "0123456789012345678901234567890123456789";
	char marker[512], content[64];
	snprintf(marker, sizeof marker, "ref %s/.git/refs/heads/main.lock %s\n", root, oid);
	snprintf(content, sizeof content, "%s\n", oid);
	put(".git/panel.lock", marker);
	put(".git/refs/heads/main.lock", content);
	char gd[256];
	snprintf(gd, sizeof gd, "%s/.git/", root);
	pk_history_heal_locks(gd);
	cr_expect_null(get(".git/refs/heads/main.lock"), "the killed run's lock is still there");
	/* and panel commit itself, for a lock left after the hooks ran */
	put(".git/panel.lock", marker);
	put(".git/refs/heads/main.lock", content);
	edit("cases/DC-0001.yaml", "location:", "location: Colnbrook IRC");
	struct pk_commit_result res;
	cr_assert_eq(commit("Move DC-0001", NULL, 0, &res), PK_COMMIT_DONE);
	free(res.message);
	cr_expect_null(get(".git/refs/heads/main.lock"));
	cr_expect_eq(git_sh("git update-ref refs/heads/probe HEAD && git reflog -1 main | grep -q 'commit: Move DC-0001'"), 0);
}
