/* accept: pk_accept_change, the one check of every door (issue 13), on
 * trees made with the git CLI in a temporary repository: each finding
 * with a change that passes and one that fails with the exact message. */
#include <criterion/criterion.h>
#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "accept.h"
#include "mem.h"

static char root[64];
static struct pk_diags d;
static struct pk_git g;
static git_oid base;   /* the tree of the imported fixture records */

static const char *src_dir(void)
{
	const char *s = getenv("PANEL_SRC");
	return s && *s ? s : ".";
}

static void sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void sh(const char *fmt, ...)
{
	char cmd[2048], full[2200];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(cmd, sizeof cmd, fmt, ap);
	va_end(ap);
	snprintf(full, sizeof full, "cd '%s' && { %s; } >/dev/null 2>&1", root, cmd);
	cr_assert_eq(system(full), 0, "command failed: %s", cmd);
}

/* The tree git would commit from the index now. */
static git_oid staged(void)
{
	char cmd[256], hex[64] = "";
	git_oid id;
	snprintf(cmd, sizeof cmd, "cd '%s' && git add -A && git write-tree", root);
	FILE *p = popen(cmd, "r");
	cr_assert_not_null(p);
	cr_assert_not_null(fgets(hex, sizeof hex, p));
	pclose(p);
	hex[strcspn(hex, "\n")] = '\0';
	cr_assert_eq(git_oid_fromstr(&id, hex), 0, "%s", hex);
	return id;
}

static void setup(void)
{
	memset(&d, 0, sizeof d);
	strcpy(root, "/tmp/pk-accept.XXXXXX");
	cr_assert_not_null(mkdtemp(root));
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	sh("git init -q -b main && cp -R '%s/tests/fixtures/history/records/.' . && "
	   "mkdir schema && cp '%s/schema/'*.json schema/", src_dir(), src_dir());
	base = staged();
	cr_assert_eq(pk_git_open(&g, root, 1, &d), 0);
	free(g.display);
	g.display = xstrdup("");
}

static void teardown(void)
{
	pk_git_close(&g);
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
	cr_assert_eq(system(cmd), 0);
	pk_diags_free(&d);
}

TestSuite(accept, .init = setup, .fini = teardown);

static const pk_date *today(void)
{
	static pk_date t;
	t = pk_date_ymd(2026, 11, 23);
	return &t;
}

/* Runs the check of base -> the staged tree; returns the refusing count. */
static int check(const char *email, const char *message, const struct pk_policy *pol)
{
	git_oid after = staged();
	struct pk_accept_who who = {"Ann Admin", email, 0, root, "ID", "staged changes", NULL, NULL, NULL, NULL};
	return pk_accept_change(&g, &base, &after, &who, message, pol, *today(), &d);
}

/* The one finding with that rule (asserted unique), or NULL. */
static const struct pk_diag *only(const char *rule)
{
	const struct pk_diag *f = NULL;
	for (size_t i = 0; i < d.n; i++)
		if (!strcmp(d.v[i].rule, rule)) {
			cr_assert_null(f, "two %s findings: %s / %s", rule, f->msg, d.v[i].msg);
			f = &d.v[i];
		}
	return f;
}

#define CLEAN "Move DC-0001\n\nCase: DC-0001\n"

Test(accept, a_valid_change_with_its_trailer_passes)
{
	sh("sed -i 's/^location: .*/location: Colnbrook IRC/' cases/DC-0001.yaml");
	size_t nrec = 0;
	git_oid after = staged();
	struct pk_accept_who who = {"Ann Admin", "p-adm@example.org", 0, root, "ID", "staged changes",
				    NULL, &nrec, NULL, NULL};
	cr_expect_eq(pk_accept_change(&g, &base, &after, &who, CLEAN, NULL, *today(), &d), 0);
	cr_expect_eq(d.errors, 0);
	cr_expect_eq(nrec, 1);
	/* nothing changed: nothing read, nothing found */
	cr_expect_eq(pk_accept_change(&g, &base, &base, &who, CLEAN, NULL, *today(), &d), 0);
	cr_expect_eq(nrec, 0);
}

Test(accept, record_folder_that_is_a_symlink)
{
	sh("rm -rf cases && ln -s /tmp cases");
	cr_expect_eq(check("p-adm@example.org", CLEAN, NULL), 1);
	const struct pk_diag *f = only("KIT-PATH");
	cr_assert_not_null(f);
	cr_expect_str_eq(f->file, "cases");
	cr_expect_str_eq(f->msg, "is a symbolic link, not a folder: records must be real files inside "
				 "the repository (not followed)");
	cr_expect_null(only("KIT-IDS"), "the cases' deletion reported as well");
}

Test(accept, record_that_is_a_symlink_or_a_folder)
{
	sh("ln -s ../../outside.yaml cases/DC-0100.yaml && mkdir cases/sub && echo x >cases/sub/a.txt");
	cr_expect_eq(check("p-adm@example.org", "x\n\nCase: DC-0100\n", NULL), 2);
	cr_assert_eq(d.n, 2);
	cr_expect_str_eq(d.v[0].file, "cases/DC-0100.yaml");
	cr_expect_str_eq(d.v[0].msg, "is a symbolic link; records must be regular files inside the "
				     "repository (not followed)");
	cr_expect_str_eq(d.v[1].file, "cases/sub");
	cr_expect_str_eq(d.v[1].msg, "is a folder inside a record folder");
}

Test(accept, a_submodule_as_a_record)
{
	/* a gitlink entry, as git update-index --cacheinfo makes one */
	sh("git update-index --add --cacheinfo 160000,%s,cases/DC-0100.yaml",
	   "1111111111111111111111111111111111111111");
	char cmd[256], hex[64] = "";
	snprintf(cmd, sizeof cmd, "cd '%s' && git write-tree", root);
	FILE *p = popen(cmd, "r");
	cr_assert_not_null(fgets(hex, sizeof hex, p));
	pclose(p);
	hex[strcspn(hex, "\n")] = '\0';
	git_oid after;
	cr_assert_eq(git_oid_fromstr(&after, hex), 0);
	struct pk_accept_who who = {"Ann Admin", "p-adm@example.org", 0, root, "ID", "x", NULL, NULL, NULL, NULL};
	cr_expect_eq(pk_accept_change(&g, &base, &after, &who, NULL, NULL, *today(), &d), 1);
	cr_assert_eq(d.n, 1);
	cr_expect_str_eq(d.v[0].msg, "is a submodule (gitlink); records must be regular files inside "
				     "the repository (not followed)");
}

Test(accept, held_panel_outcome_and_status)
{
	/* (maintain records why alternatives are not appropriate: CPP-REC) */
	sh("sed -i 's/^    recommendation: release/    recommendation: maintain\\n"
	   "    alternatives: Bail considered; removal is close./' panels/CPP-2026-08-20-A.yaml");
	cr_expect_eq(check("p-adm@example.org", "x\n\nPanel: CPP-2026-08-20-A\n", NULL), 1);
	const struct pk_diag *f = only("KIT-HISTORY");
	cr_assert_not_null(f);
	cr_expect_str_eq(f->msg, "changes the recorded outcome of held panel CPP-2026-08-20-A for DC-0001: "
				 "cases[0].recommendation: release -> maintain with no correction");
	cr_expect_str_eq(pk_accept_check(f, "ID"), "outcome");
	pk_diags_free(&d);
	memset(&d, 0, sizeof d);
	/* a correction with a reason makes it a recorded change */
	sh("cp '%s/tests/fixtures/history/records/panels/CPP-2026-08-20-A.yaml' panels/ && "
	   "sed -i 's/^    recommendation: release/    recommendation: maintain\\n"
	   "    alternatives: Bail considered; removal is close.\\n"
	   "    corrections:\\n      - {date: 2026-11-20, by: p-chair, field: recommendation, "
	   "reason: Minuted wrongly.}/' panels/CPP-2026-08-20-A.yaml", src_dir());
	cr_expect_eq(check("p-adm@example.org", "x\n\nPanel: CPP-2026-08-20-A\n", NULL), 0);
	cr_expect_null(only("KIT-HISTORY"));
	/* a held panel does not go back to planned */
	sh("cp '%s/tests/fixtures/history/records/panels/CPP-2026-08-20-A.yaml' panels/ && "
	   "sed -i 's/^status: held/status: planned/' panels/CPP-2026-08-20-A.yaml", src_dir());
	cr_expect_eq(check("p-adm@example.org", "x\n\nPanel: CPP-2026-08-20-A\n", NULL), 1);
	f = only("KIT-HISTORY");
	cr_assert_not_null(f);
	cr_expect_str_eq(f->msg, "changes the status of held panel CPP-2026-08-20-A: held -> planned");
}

Test(accept, author_outside_people_refused_or_warned)
{
	sh("sed -i 's/^location: .*/location: Colnbrook IRC/' cases/DC-0001.yaml");
	cr_expect_eq(check("stranger@example.org", CLEAN, NULL), 1);
	const struct pk_diag *f = only("KIT-HISTORY");
	cr_assert_not_null(f);
	cr_expect_eq(f->sev, PK_ERROR);
	cr_expect_str_eq(f->file, "ID");
	cr_expect_str_eq(f->msg, "author Ann Admin <stranger@example.org> is not in the people directory");
	cr_expect_str_eq(pk_accept_check(f, "ID"), "author");
	pk_diags_free(&d);
	memset(&d, 0, sizeof d);
	struct pk_policy pol;
	pk_policy_default(&pol);
	pol.author_unknown = PK_WARN;
	cr_expect_eq(check("stranger@example.org", CLEAN, &pol), 0);
	cr_expect_eq(d.warnings, 1);
	/* the email is matched without regard to case */
	pk_diags_free(&d);
	memset(&d, 0, sizeof d);
	cr_expect_eq(check("P-ADM@example.org", CLEAN, NULL), 0);
}

Test(accept, trailers)
{
	sh("sed -i 's/^location: .*/location: Colnbrook IRC/' cases/DC-0001.yaml && "
	   "sed -i 's/^location: .*/location: Colnbrook IRC/' cases/DC-0002.yaml");
	cr_expect_eq(check("p-adm@example.org", "Move two\n", NULL), 1);
	const struct pk_diag *f = only("KIT-HISTORY");
	cr_assert_not_null(f);
	cr_expect_str_eq(f->msg, "changes 2 records without Case:/Panel:/Person: trailers "
				 "(cases/DC-0001.yaml, ...): made outside panelkit");
	cr_expect_str_eq(f->hint, "record changes are committed with 'panel commit', which validates "
				  "them and names each record in a trailer; or end the message with: "
				  "Case: DC-0001, Case: DC-0002");
	pk_diags_free(&d);
	memset(&d, 0, sizeof d);
	cr_expect_eq(check("p-adm@example.org", "Move two\n\nCase: DC-0001\n", NULL), 1);
	f = only("KIT-HISTORY");
	cr_assert_not_null(f);
	cr_expect_str_eq(f->msg, "changes cases/DC-0002.yaml but has no \"Case: DC-0002\" trailer");
	pk_diags_free(&d);
	memset(&d, 0, sizeof d);
	/* no message yet (pre-commit), or a merge: not asked for */
	cr_expect_eq(check("p-adm@example.org", NULL, NULL), 0);
	git_oid after = staged();
	struct pk_accept_who merge = {"Ann Admin", "p-adm@example.org", 1, root, "ID", "x", NULL, NULL, NULL, NULL};
	cr_expect_eq(pk_accept_change(&g, &base, &after, &merge, "Merge branch 'x'\n", NULL, *today(), &d), 0);
	/* warn by policy */
	struct pk_policy pol;
	pk_policy_default(&pol);
	pol.no_trailers = PK_WARN;
	cr_expect_eq(check("p-adm@example.org", "Move two\n", &pol), 0);
	cr_expect_eq(d.warnings, 1);
}

Test(accept, policy_file)
{
	struct pk_policy pol;
	/* none: the strict defaults */
	cr_expect_eq(pk_policy_load(&g, &base, NULL, &pol, &d), 0);
	cr_expect_eq(pol.author_unknown, PK_REFUSE);
	cr_expect_str_eq(pol.branch, "main");
	sh("printf 'accept:\\n  author-not-in-people: warn\\nguard:\\n  branch: records\\n' >panelkit.yaml");
	git_oid t = staged();
	cr_expect_eq(check("p-adm@example.org", NULL, NULL), 0, "a valid policy file is refused");
	cr_expect_eq(pk_policy_load(&g, &t, NULL, &pol, &d), 0);
	cr_expect_eq(pol.author_unknown, PK_WARN);
	cr_expect_eq(pol.no_trailers, PK_REFUSE);
	cr_expect_str_eq(pol.branch, "records");
	/* an invalid one is refused as a change, and ignored when read */
	sh("printf 'accept:\\n  author-not-in-people: maybe\\n' >panelkit.yaml");
	cr_expect_eq(check("p-adm@example.org", NULL, NULL), 1);
	const struct pk_diag *f = only("KIT-SCHEMA");
	cr_assert_not_null(f);
	cr_expect_str_eq(f->file, "panelkit.yaml");
	cr_expect_eq(f->line, 2);
	cr_expect_str_eq(f->msg, "\"maybe\" is not one of: refuse, warn");
	pk_diags_free(&d);
	memset(&d, 0, sizeof d);
	t = staged();
	cr_expect_eq(pk_policy_load(&g, &t, NULL, &pol, &d), 0);
	cr_expect_eq(pol.author_unknown, PK_REFUSE, "an invalid policy relaxed the check");
	cr_expect_eq(d.errors, 0);
	cr_expect_eq(d.warnings, 1);
	cr_expect_str_eq(d.v[0].hint, "the strict defaults apply until it is fixed");
}
