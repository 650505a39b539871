/* pk_source_load_naming (record.h): a record that cannot name one of the
 * IDs is read but not parsed; one that does, or could through an escape,
 * is parsed as pk_source_load would; a record that cannot be read is
 * reported as pk_source_load reports it. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "record.h"
#include "files.h"

static char root[] = "/tmp/test-record.XXXXXX";

static void put(const char *rel, const char *text)
{
	char p[512];
	snprintf(p, sizeof p, "%s/%s", root, rel);
	cr_assert_eq(pk_write_atomic(p, text, strlen(text), 0), 0, "%s", p);
}

Test(record, load_naming)
{
	char p[512], cmd[600];
	cr_assert_not_null(mkdtemp(root));
	snprintf(p, sizeof p, "%s/panels", root);
	cr_assert_eq(mkdir(p, 0755), 0);
	put("panels/P-NAMES.yaml", "id: P-NAMES\ncases:\n  - case: DC-0001\n");
	put("panels/P-OTHER.yaml", "id: P-OTHER\ncases:\n  - case: DC-0002\n");
	put("panels/P-ESCAPE.yaml", "id: P-ESCAPE\ncases:\n  - case: \"DC\\x2D0001\"\n");
	snprintf(p, sizeof p, "%s/panels/P-LINK.yaml", root);
	cr_assert_eq(symlink("P-NAMES.yaml", p), 0);
	struct pk_diags d = PK_DIAGS_INIT;
	struct pk_source *s = pk_source_dir(root, &d);
	cr_assert_not_null(s);
	pk_diags_free(&d);
	const char *ids[] = {NULL, "DC-0001"};
	struct pk_names *names = pk_names_new(ids, 2);

	struct pk_doc *doc = pk_source_load_naming(s, "panels/P-NAMES.yaml", names, &d);
	cr_assert_not_null(doc);
	cr_expect_str_eq(pk_get_str(pk_get(pk_doc_root(doc), "cases")->items[0], "case"), "DC-0001");
	pk_doc_free(doc);
	cr_expect_null(pk_source_load_naming(s, "panels/P-OTHER.yaml", names, &d));
	/* The escape spells DC-0001 once parsed: parsed, not skipped. */
	doc = pk_source_load_naming(s, "panels/P-ESCAPE.yaml", names, &d);
	cr_assert_not_null(doc);
	cr_expect_str_eq(pk_get_str(pk_get(pk_doc_root(doc), "cases")->items[0], "case"), "DC-0001");
	pk_doc_free(doc);
	cr_expect_eq(d.n, 0);
	/* Not readable: the same finding as pk_source_load's. */
	cr_expect_null(pk_source_load_naming(s, "panels/P-LINK.yaml", names, &d));
	struct pk_diags e = PK_DIAGS_INIT;
	cr_expect_null(pk_source_load(s, "panels/P-LINK.yaml", &e));
	cr_assert_eq(d.n, 1);
	cr_assert_eq(e.n, 1);
	cr_expect_str_eq(d.v[0].msg, e.v[0].msg);
	cr_expect_str_eq(d.v[0].rule, e.v[0].rule);
	pk_diags_free(&e);
	pk_diags_free(&d);
	pk_names_free(names);
	pk_source_free(s);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
	cr_expect_eq(system(cmd), 0);
}

/* pk_names_in: an ID stands in the bytes as a whole token (a scalar equal
 * to it can stand no other way), another anywhere; escapes and NULs may
 * spell any. */
Test(record, names_in)
{
	static const char *const ids[] = {"DC-0001", "IS-0002", NULL, "odd id", "x.y_z"};
	struct pk_names *x = pk_names_new(ids, 5);
	static const struct {
		const char *bytes;
		int want;
	} rows[] = {
		{"case: DC-0001\n", 1},
		{"- {case: DC-0001}\n", 1},
		{"case: 'DC-0001'  # a comment\n", 1},
		{"case: \"IS-0002\"", 1},
		{"cases: [DC-0003, IS-0002]", 1},
		{"case: DC-00012\n", 0},       /* a longer ID */
		{"case: XDC-0001\n", 0},
		{"case: DC-0001.5\n", 0},
		{"case: DC-0001-B\n", 0},
		{"case: DC-000\n", 0},
		{"note: the odd id here\n", 1}, /* not an ID's characters: anywhere */
		{"note: an odd idea\n", 1},
		{"note: odd  id\n", 0},
		{"case: x.y_z\n", 1},
		{"case: \"DC\\x2D0001\"\n", 1}, /* an escape */
		{"", 0},
		{"DC-0001", 1},                 /* at both ends of the bytes */
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
		cr_expect_eq(pk_names_in(x, rows[i].bytes, strlen(rows[i].bytes)), rows[i].want, "row %zu: %s",
			     i, rows[i].bytes);
	cr_expect_eq(pk_names_in(x, "a\0b", 3), 1, "a NUL");
	pk_names_free(x);
	/* Many IDs, one pass: each of 5,000 found, none of the others. */
	char **many = calloc(5000, sizeof *many);
	for (int i = 0; i < 5000; i++) {
		many[i] = malloc(16);
		snprintf(many[i], 16, "DC-%06d", i * 2);
	}
	x = pk_names_new((const char *const *)many, 5000);
	for (int i = 0; i < 10000; i++) {
		char b[32];
		int n = snprintf(b, sizeof b, "case: DC-%06d\n", i);
		cr_expect_eq(pk_names_in(x, b, (size_t)n), i % 2 == 0, "%s", b);
	}
	pk_names_free(x);
	for (int i = 0; i < 5000; i++)
		free(many[i]);
	free(many);
	/* No IDs: nothing is named, but an escape still may be. */
	x = pk_names_new(NULL, 0);
	cr_expect_eq(pk_names_in(x, "case: DC-0001\n", 14), 0);
	cr_expect_eq(pk_names_in(x, "a: \"\\u0041\"", 11), 1);
	pk_names_free(x);
}
