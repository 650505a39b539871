/* fuzz_schema: the schema loader (schema.h) on an arbitrary case schema.
 *
 * The input becomes case.schema.json in a scratch directory; if it loads,
 * the sample case records are validated against it and described.
 * Properties: no crash, leak or hang on any schema (cycles, dangling $ref,
 * wrong types, huge numbers, bad patterns); a schema that fails to load
 * says why; validation reports as many errors as it returns.
 *
 * Only the case schema varies, so the panel and person schemas beside it
 * are the empty schema {}: compiling the real ones again for every input
 * was most of its time (5 execs/s), and they are constant input that the
 * seeds (each file of schema/ as a case schema) cover.  The real schema
 * is loaded once at start, to fail early when the build points at a
 * broken one. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "node.h"
#include "record.h"
#include "schema.h"
#include "mem.h"
#include "files.h"

#ifndef SCHEMA_DIR
#define SCHEMA_DIR "schema"
#endif
#ifndef RECORDS_DIRS
#define RECORDS_DIRS "casefiles/cases:tests/fixtures/documents/records/cases"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAXDOCS 8
static char scratch[] = "/tmp/fuzz-schema.XXXXXX";
static struct pk_doc *docs[MAXDOCS];
static size_t ndocs;

static void load_records(const char *dirs)
{
	char *list = xstrdup(dirs), *save = NULL;
	for (char *dir = strtok_r(list, ":", &save); dir; dir = strtok_r(NULL, ":", &save)) {
		DIR *dh = opendir(dir);
		struct dirent *de;
		if (!dh)
			continue;
		while ((de = readdir(dh)) && ndocs < MAXDOCS) {
			if (!strstr(de->d_name, ".yaml"))
				continue;
			struct sbuf p = SBUF_INIT;
			struct pk_diags d = PK_DIAGS_INIT;
			sbuf_addf(&p, "%s/%s", dir, de->d_name);
			struct pk_doc *doc = pk_doc_load(p.s, NULL, NULL, &d);
			if (doc && pk_doc_root(doc))
				docs[ndocs++] = doc;
			else
				pk_doc_free(doc);
			pk_diags_free(&d);
			sbuf_free(&p);
		}
		closedir(dh);
	}
	free(list);
}

static void init(void)
{
	const char *dir = getenv("PANEL_FUZZ_SCHEMA");
	const char *recs = getenv("PANEL_FUZZ_RECORDS");
	char to[4096];
	if (!dir)
		dir = SCHEMA_DIR;
	if (!mkdtemp(scratch)) {
		perror("fuzz_schema: mkdtemp");
		exit(2);
	}
	struct pk_diags d = PK_DIAGS_INIT;
	struct pk_schema *real = pk_schema_load(dir, &d);
	if (!real) {
		fprintf(stderr, "fuzz_schema: cannot load the schema from %s\n", dir);
		pk_diags_print(stderr, &d);
		exit(2);
	}
	pk_schema_free(real);
	pk_diags_free(&d);
	static const char *fixed[] = {"panel", "person"};
	for (size_t i = 0; i < PK_ARRAY_LEN(fixed); i++) {
		snprintf(to, sizeof to, "%s/%s.schema.json", scratch, fixed[i]);
		if (pk_write_atomic(to, "{}\n", 3, 0) < 0) {
			perror("fuzz_schema: write");
			exit(2);
		}
	}
	load_records(recs ? recs : RECORDS_DIRS);
	if (!ndocs) {
		fprintf(stderr, "fuzz_schema: no case records found in %s\n", recs ? recs : RECORDS_DIRS);
		exit(2);
	}
}

static void cleanup(void)
{
	char p[4096];
	for (size_t i = 0; i < ndocs; i++)
		pk_doc_free(docs[i]);
	static const char *names[] = {"case", "panel", "person"};
	for (size_t i = 0; i < 3; i++) {
		snprintf(p, sizeof p, "%s/%s.schema.json", scratch, names[i]);
		unlink(p);
	}
	rmdir(scratch);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *paths[] = {
		"id", "framework", "detention.start", "rag[0].rating", "rag[].rating",
		"sentence", "x.y.z", "[", "[]", "",
	};
	char path[4096];
	if (!ndocs) {
		init();
		atexit(cleanup);
	}
	snprintf(path, sizeof path, "%s/case.schema.json", scratch);
	if (pk_write_atomic(path, (const char *)data, size, 0) < 0) {
		perror("fuzz_schema: write");
		exit(2);
	}
	struct pk_diags d = PK_DIAGS_INIT;
	struct pk_schema *s = pk_schema_load(scratch, &d);
	if (!s) {
		if (d.errors == 0)
			abort(); /* refused without saying why */
	} else {
		for (size_t i = 0; i < ndocs; i++) {
			size_t before = d.errors;
			int r = pk_schema_validate(s, PK_R_CASE, docs[i], &d);
			if (r < 0 || (size_t)r != d.errors - before)
				abort();
		}
		for (size_t i = 0; i < PK_ARRAY_LEN(paths); i++)
			(void)pk_schema_describe(s, PK_R_CASE, paths[i]);
		pk_schema_free(s);
	}
	FILE *null = fopen("/dev/null", "w");
	if (null) {
		pk_diags_sort(&d);
		pk_diags_print(null, &d);
		fclose(null);
	}
	pk_diags_free(&d);
	return 0;
}
