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

	struct pk_doc *doc = pk_source_load_naming(s, "panels/P-NAMES.yaml", ids, 2, &d);
	cr_assert_not_null(doc);
	cr_expect_str_eq(pk_get_str(pk_get(pk_doc_root(doc), "cases")->items[0], "case"), "DC-0001");
	pk_doc_free(doc);
	cr_expect_null(pk_source_load_naming(s, "panels/P-OTHER.yaml", ids, 2, &d));
	/* The escape spells DC-0001 once parsed: parsed, not skipped. */
	doc = pk_source_load_naming(s, "panels/P-ESCAPE.yaml", ids, 2, &d);
	cr_assert_not_null(doc);
	cr_expect_str_eq(pk_get_str(pk_get(pk_doc_root(doc), "cases")->items[0], "case"), "DC-0001");
	pk_doc_free(doc);
	cr_expect_eq(d.n, 0);
	/* Not readable: the same finding as pk_source_load's. */
	cr_expect_null(pk_source_load_naming(s, "panels/P-LINK.yaml", ids, 2, &d));
	struct pk_diags e = PK_DIAGS_INIT;
	cr_expect_null(pk_source_load(s, "panels/P-LINK.yaml", &e));
	cr_assert_eq(d.n, 1);
	cr_assert_eq(e.n, 1);
	cr_expect_str_eq(d.v[0].msg, e.v[0].msg);
	cr_expect_str_eq(d.v[0].rule, e.v[0].rule);
	pk_diags_free(&e);
	pk_diags_free(&d);
	pk_source_free(s);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
	cr_expect_eq(system(cmd), 0);
}
