/* panel-merge-file: the record merge as a git merge driver. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "merge.h"
#include "schema.h"
#include "mem.h"
#include "files.h"
#include "runenv.h"

static const char prog[] = "panel merge-file";
static const char *const synopsis[] = {
	"BASE OURS THEIRS [PATH]",
	NULL,
};
static const char description[] =
	"Merges one record field by field (see 'Sync, merge and resolve' in the\n"
	"README): git's merge-driver protocol, as set up by 'panel setup':\n"
	"  merge.panel.driver = panel merge-file %O %A %B %P\n"
	"The merged record is written to OURS (temporary file and rename) only when\n"
	"the merge is clean; on a conflict OURS is left as it was and one block per\n"
	"conflict goes to stderr (field path, base, ours and theirs values).\n"
	"PATH (the record's path in the repository, e.g. cases/DC-0004.yaml) gives\n"
	"its kind for the list rules and validation; without it, OURS is used.\n";
static const char epilogue[] =
	"Exit status: 0 merged, 1 conflict, 2 usage or I/O error.\n";
static const struct pk_cli cli = {
	.prog = prog, .synopsis = synopsis, .description = description, .epilogue = epilogue,
};

static int slurp(const char *path, char **buf, size_t *len)
{
	char err[256];
	/* 4 MiB: the YAML loader's own limit for one record. */
	if (pk_read_file(path, 4u << 20, 0, buf, len, err, sizeof err) < 0) {
		fprintf(stderr, "%s: %s: %s\n", prog, path, err);
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	pk_cli_start(prog, &argc, &argv, PK_CLI_QUIET);
	pk_check_stdout_at_exit(prog);
	int c;
	while ((c = pk_cli_getopt(&cli, argc, argv)) != -1) {
		switch (c) {
		default: return pk_cli_other(&cli, argv, c);
		}
	}
	int nargs = argc - optind;
	if (nargs != 3 && nargs != 4)
		return pk_cli_error(&cli, "give BASE OURS THEIRS and optionally PATH");
	const char *bpath = argv[optind], *opath = argv[optind + 1], *tpath = argv[optind + 2];
	const char *rel = nargs == 4 ? argv[optind + 3] : opath;

	char *b = NULL, *o = NULL, *t = NULL;
	size_t bl = 0, ol = 0, tl = 0;
	if (slurp(bpath, &b, &bl) || slurp(opath, &o, &ol) || slurp(tpath, &t, &tl)) {
		free(b), free(o), free(t);
		return PK_EXIT_USAGE;
	}
	char *data = pk_data_dir();
	struct sbuf sdir = SBUF_INIT;
	sbuf_addf(&sdir, "%s/schema", data);
	struct pk_diags d = PK_DIAGS_INIT;
	struct pk_schema *S = pk_schema_load(sdir.s, &d);
	int rc = PK_EXIT_USAGE;
	if (!S) {
		pk_diags_print(stderr, &d);
		goto out;
	}
	/* git gives an empty %O for a record added on both sides. */
	struct pk_merge_result r;
	int st = pk_merge_record(S, rel, bl ? b : NULL, bl, o, ol, t, tl, &r);
	if (st == 0 && r.deleted) {
		/* Both sides' files exist (git called us), so this cannot be a
		 * deletion; say so rather than write an empty record. */
		fprintf(stderr, "%s: %s: the merge deletes the record; resolve it with git rm\n", prog, rel);
		rc = PK_EXIT_FINDINGS;
	} else if (st == 0) {
		if (pk_write_atomic(opath, r.text, r.len, 0) < 0) {
			fprintf(stderr, "%s: %s: cannot write the merged record\n", prog, opath);
			rc = PK_EXIT_USAGE;
		} else {
			rc = PK_EXIT_OK;
		}
	} else {
		pk_merge_print(stderr, rel, &r);
		rc = PK_EXIT_FINDINGS;
	}
	pk_merge_result_free(&r);
out:
	pk_schema_free(S);
	pk_diags_free(&d);
	sbuf_free(&sdir);
	free(data);
	free(b), free(o), free(t);
	return rc;
}
