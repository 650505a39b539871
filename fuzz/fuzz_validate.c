/* fuzz_validate: the record loader and the validator, end to end.
 *
 * Input: one or more records separated by a line "%%".  A record may start
 * with a line "#p", "#c" or "#n" (a YAML comment) to make it a person, a
 * case or a panel (default: a case); it is named after its "id:" line when
 * that is a safe ID, so references between the records resolve as in a
 * real repository.  The records are served from memory through a pk_source
 * (record.h) and checked by pk_validate_with with the real schema, as
 * `panel validate` does.  The schema is compiled once per process
 * (LLVMFuzzerInitialize), not for every input: compiling it was most of
 * the time of an input.  Properties: no crash, leak or hang; the error
 * count returned is the number of errors reported; every finding names a
 * file of the source and a line inside it. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "diag.h"
#include "mem_source.h"
#include "schema.h"
#include "validate.h"

#ifndef SCHEMA_DIR
#define SCHEMA_DIR "schema"
#endif

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct pk_schema *schema;

static void free_schema(void)
{
	pk_schema_free(schema);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	const char *dir = getenv("PANEL_FUZZ_SCHEMA");
	struct pk_diags d = PK_DIAGS_INIT;
	schema = pk_schema_load(dir ? dir : SCHEMA_DIR, &d);
	if (!schema) {
		fprintf(stderr, "fuzz_validate: cannot load the schema from %s\n", dir ? dir : SCHEMA_DIR);
		pk_diags_print(stderr, &d);
		exit(2);
	}
	pk_diags_free(&d);
	atexit(free_schema);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mem *m;
	struct pk_source *src = mem_source(data, size, &m);

	struct pk_validate_opts opts = {pk_date_ymd(2026, 11, 23), NULL};
	struct pk_diags d = PK_DIAGS_INIT;
	struct pk_validate_stats st;
	int r = pk_validate_with(src, schema, &opts, &d, &st);
	if ((size_t)r != d.errors || st.records != m->n || st.invalid > st.records ||
	    (r > 0) != (st.invalid > 0))
		abort();
	for (size_t i = 0; i < d.n; i++) {
		int known = 0;
		for (size_t j = 0; j < m->n; j++)
			if (!strcmp(d.v[i].file, m->path[j])) {
				known = 1;
				/* A finding is inside its file (a line past the last
				 * break is the end of the file). */
				size_t lines = 1;
				for (size_t b = 0; b < m->len[j]; b++)
					lines += m->buf[j][b] == '\n' || m->buf[j][b] == '\r';
				if (d.v[i].line > lines + 1)
					abort();
			}
		if (!known || !d.v[i].rule[0] || !d.v[i].msg[0])
			abort();
	}
	FILE *null = fopen("/dev/null", "w");
	if (null) {
		pk_diags_sort(&d);
		pk_diags_print(null, &d);
		pk_diags_print_json(null, &d);
		fclose(null);
	}
	pk_diags_free(&d);
	pk_source_free(src);
	return 0;
}
