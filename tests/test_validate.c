/* validate.c: IDs, references and record-level structure (KIT-IDS). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "record.h"
#include "validate.h"

static char root[64];
static struct pk_diags d;

static void put(const char *rel, const char *text)
{
	char path[256];
	snprintf(path, sizeof path, "%s/%s", root, rel);
	FILE *f = fopen(path, "w");
	cr_assert_not_null(f, "%s", path);
	fputs(text, f);
	fclose(f);
}

static void setup(void)
{
	char path[128];
	memset(&d, 0, sizeof d);
	strcpy(root, "/tmp/pk-validate.XXXXXX");
	cr_assert_not_null(mkdtemp(root));
	const char *dirs[] = {"cases", "panels", "people"};
	for (int i = 0; i < 3; i++) {
		snprintf(path, sizeof path, "%s/%s", root, dirs[i]);
		mkdir(path, 0755);
	}
}

static void teardown(void)
{
	char cmd[160];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
	cr_expect_eq(system(cmd), 0);
	pk_diags_free(&d);
}

TestSuite(validate, .init = setup, .fini = teardown);

static int run(void)
{
	char schema[512];
	snprintf(schema, sizeof schema, "%s/tests/fixtures/validate/schema",
		 getenv("PANEL_SRC") ? getenv("PANEL_SRC") : ".");
	struct pk_validate_opts o = {pk_date_ymd(2026, 11, 23), schema};
	struct pk_source *src = pk_source_dir(root, &d);
	cr_assert_not_null(src);
	int r = pk_validate_source(src, &o, &d, NULL);
	pk_source_free(src);
	pk_diags_sort(&d);
	return r;
}

/* Finding i, with the repository prefix removed from its file name. */
static void expect(size_t i, const char *file, unsigned line, unsigned col, const char *rule,
		   const char *msg)
{
	cr_assert_lt(i, d.n, "only %zu findings", d.n);
	cr_expect_str_eq(d.v[i].file + strlen(root) + 1, file);
	cr_expect_eq(d.v[i].line, line, "line %u", d.v[i].line);
	cr_expect_eq(d.v[i].col, col, "col %u", d.v[i].col);
	cr_expect_str_eq(d.v[i].rule, rule);
	cr_expect_str_eq(d.v[i].msg, msg);
}

Test(validate, clean_repository)
{
	put("people/ann.yaml", "id: ann\nname: Ann Example\n");
	put("cases/DC-0001.yaml", "id: DC-0001\nframework: detention\nowner: ann\n");
	put("panels/P1.yaml", "id: P1\nchair: ann\ncases:\n  - case: DC-0001\n    actions:\n      - owner: ann\n");
	cr_expect_eq(run(), 0);
	cr_expect_eq(d.n, 0);
}

Test(validate, id_must_match_file_name)
{
	put("cases/DC-0001.yaml", "id: DC-0002\nframework: detention\n");
	cr_expect_eq(run(), 1);
	expect(0, "cases/DC-0001.yaml", 1, 5, "KIT-IDS", "id \"DC-0002\" does not match the file name DC-0001.yaml");
	cr_expect_str_eq(d.v[0].hint, "rename the file to DC-0002.yaml, or set id: DC-0001");
}

Test(validate, ids_unique_across_kinds)
{
	put("people/X1.yaml", "id: X1\nname: Ann\n");
	put("cases/X1.yaml", "id: X1\nframework: ipp\n");
	cr_expect_eq(run(), 1);
	expect(0, "cases/X1.yaml", 1, 5, "KIT-IDS", "id \"X1\" is already used by people/X1.yaml");
}

Test(validate, unknown_and_wrong_kind_references)
{
	put("people/ann.yaml", "id: ann\nname: Ann\n");
	put("cases/DC-0001.yaml", "id: DC-0001\nframework: detention\nowner: bob\npom: DC-0001\n");
	put("panels/P1.yaml", "id: P1\nchair: ann\ncases:\n  - case: DC-0009\n    actions:\n      - owner: ann\n      - owner: zed\n");
	cr_expect_eq(run(), 4);
	expect(0, "cases/DC-0001.yaml", 3, 8, "KIT-IDS", "unknown person \"bob\"");
	cr_expect_str_eq(d.v[0].hint, "add people/bob.yaml, or correct the ID");
	expect(1, "cases/DC-0001.yaml", 4, 6, "KIT-IDS", "\"DC-0001\" is a case, not a person");
	expect(2, "panels/P1.yaml", 4, 11, "KIT-IDS", "unknown case \"DC-0009\"");
	expect(3, "panels/P1.yaml", 7, 16, "KIT-IDS", "unknown person \"zed\"");
}

Test(validate, empty_file_and_schema_errors_all_reported)
{
	put("cases/DC-0001.yaml", "# nothing yet\n");
	put("cases/DC-0002.yaml", "id: DC-0002\nframework: detention\n");
	put("people/ann.yaml", "id: ann\nname: [\n");
	cr_expect_eq(run(), 2);
	expect(0, "cases/DC-0001.yaml", 0, 0, "KIT-SCHEMA", "empty file");
	cr_expect_str_eq(d.v[1].rule, "YAML-SYNTAX");
}

/* A record that cannot be read is still there: the records naming it get
 * no "unknown" finding on top of its own error (which says what is wrong),
 * whether it does not parse, is empty, or has no id. */
Test(validate, unreadable_record_is_not_also_unknown)
{
	put("people/ann.yaml", "id: ann\nname: [\n");
	put("people/bob.yaml", "name: Bob\n");
	put("cases/DC-0001.yaml", "# nothing yet\n");
	put("cases/DC-0002.yaml", "id: DC-0002\nframework: detention\nowner: ann\npom: bob\n");
	put("panels/P1.yaml", "id: P1\nchair: ann\ncases:\n  - case: DC-0001\n  - case: DC-0003\n");
	cr_expect_eq(run(), 4);
	cr_assert_eq(d.n, 4);
	expect(0, "cases/DC-0001.yaml", 0, 0, "KIT-SCHEMA", "empty file");
	expect(1, "panels/P1.yaml", 5, 11, "KIT-IDS", "unknown case \"DC-0003\"");
	cr_expect_str_eq(d.v[2].file + strlen(root) + 1, "people/ann.yaml");
	cr_expect_str_eq(d.v[2].rule, "YAML-SYNTAX");
	expect(3, "people/bob.yaml", 1, 1, "KIT-SCHEMA", "missing required key \"id\"");
}

Test(validate, named_files_resolve_references_on_disk)
{
	put("people/ann.yaml", "id: ann\nname: Ann\n");
	put("cases/DC-0001.yaml", "id: DC-0001\nframework: detention\nowner: ann\n");
	put("cases/DC-0002.yaml", "id: DC-0002\nframework: detention\nowner: nobody\npom: bea\n");
	put("people/bea.yaml", "id: bea\nname: [\n"); /* there, though it does not parse */
	char a[128], b[128];
	snprintf(a, sizeof a, "%s/cases/DC-0001.yaml", root);
	snprintf(b, sizeof b, "%s/cases/DC-0002.yaml", root);
	char *files[] = {a, b};
	char schema[512];
	snprintf(schema, sizeof schema, "%s/tests/fixtures/validate/schema",
		 getenv("PANEL_SRC") ? getenv("PANEL_SRC") : ".");
	struct pk_validate_opts o = {pk_date_ymd(2026, 11, 23), schema};
	struct pk_source *src = pk_source_files(root, files, 2, &d);
	cr_assert_not_null(src);
	cr_expect_eq(src->n, 2);
	cr_expect_eq(pk_validate_source(src, &o, &d, NULL), 1);
	pk_source_free(src);
	cr_assert_eq(d.n, 1);
	cr_expect_str_eq(d.v[0].msg, "unknown person \"nobody\"");
}

Test(validate, directory_walk_skips_and_reports)
{
	char path[256], target[256];
	put("cases/DC-0001.yaml", "id: DC-0001\nframework: detention\n");
	put("cases/notes.txt", "scratch\n");
	put("cases/.DC-0001.yaml.swp", "editor\n");
	put("cases/DC-0002.yml", "id: DC-0002\n");
	snprintf(target, sizeof target, "%s/cases/DC-0001.yaml", root);
	snprintf(path, sizeof path, "%s/cases/DC-0003.yaml", root);
	cr_assert_eq(symlink(target, path), 0);
	struct pk_source *src = pk_source_dir(root, &d);
	cr_assert_not_null(src);
	cr_expect_eq(src->n, 1);
	cr_expect_str_eq(src->paths[0], "cases/DC-0001.yaml");
	pk_source_free(src);
	pk_diags_sort(&d);
	cr_assert_eq(d.n, 3);
	expect(0, "cases/DC-0002.yml", 0, 0, "KIT-PATH", "record files end in .yaml, not .yml");
	expect(1, "cases/DC-0003.yaml", 0, 0, "KIT-PATH",
	       "is a symbolic link; records must be regular files inside the repository (not followed)");
	expect(2, "cases/notes.txt", 0, 0, "KIT-PATH", "not a record file (records are <id>.yaml)");
}

Test(validate, not_a_repository)
{
	char cmd[320];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'/cases '%s'/panels '%s'/people", root, root, root);
	cr_assert_eq(system(cmd), 0);
	cr_expect_null(pk_source_dir(root, &d));
	cr_assert_eq(d.n, 1);
	cr_expect_str_eq(d.v[0].msg, "not a records repository: no cases/, panels/ or people/ folder");
}
