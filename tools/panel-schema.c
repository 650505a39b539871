/* panel-schema: the schemas editors read, derived from the source schema. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "diag.h"
#include "schemagen.h"

static const char prog[] = "panel schema";
enum { OPT_CHECK = PK_OPT_CODE };
static const char *const synopsis[] = {
	"derive [--check] SRC [OUT]",
	"ids [-C DIR]",
	NULL,
};
static const char description[] =
	"derive  writes OUT/case-detention.schema.json, case-ipp, panel-detention\n"
	"        and panel-ipp from SRC/case.schema.json and panel.schema.json\n"
	"        (OUT defaults to SRC): one schema per framework with the\n"
	"        framework's if/then folded in, so editors complete only what is\n"
	"        valid for it.  'make schema' runs it on schema/.\n"
	"        --check  write nothing; exit 1 if a file is missing or stale\n"
	"ids     writes DIR/schema/ids.schema.json: the records repository's\n"
	"        people and case IDs (with names and grades) for completion of\n"
	"        owner:, chair:, person: and case:.  panel init, new, commit and\n"
	"        validate keep it current; git ignores it.\n";
static const struct pk_opt options[] = {
	{"check", OPT_CHECK, NULL, NULL, PK_OPT_HIDDEN},
	{NULL, 'C', "DIR", NULL, PK_OPT_HIDDEN},
	PK_OPT_END,
};
static const char epilogue[] =
	"Exit status: 0 ok, 1 stale (--check), 2 usage or I/O error.\n";
static const struct pk_cli cli = {
	.prog = prog, .synopsis = synopsis, .description = description, .opts = options,
	.epilogue = epilogue, .flags = PK_CLI_IN_ORDER,
};

int main(int argc, char **argv)
{
	pk_cli_start(prog, &argc, &argv, PK_CLI_QUIET);
	const char *dir = ".";
	int check = 0, c;
	while ((c = pk_cli_getopt(&cli, argc, argv)) != -1) {
		switch (c) {
		case OPT_CHECK: check = 1; break;
		case 'C': dir = optarg; break;
		default: return pk_cli_other(&cli, argv, c);
		}
	}
	/* options may follow the verb too */
	if (optind >= argc)
		return pk_cli_error(&cli, "give derive or ids");
	const char *verb = argv[optind++];
	while ((c = pk_cli_getopt(&cli, argc, argv)) != -1) {
		switch (c) {
		case OPT_CHECK: check = 1; break;
		case 'C': dir = optarg; break;
		default: return pk_cli_other(&cli, argv, c);
		}
	}
	struct pk_diags d = PK_DIAGS_INIT;
	int ret;
	if (!strcmp(verb, "derive")) {
		if (argc - optind < 1 || argc - optind > 2)
			return pk_cli_error(&cli, "give SRC and at most one OUT");
		const char *src = argv[optind], *out = argc - optind == 2 ? argv[optind + 1] : src;
		int n = pk_schemagen_write(src, out, check, &d);
		ret = n < 0 ? PK_EXIT_USAGE : check && n ? PK_EXIT_FINDINGS : PK_EXIT_OK;
	} else if (!strcmp(verb, "ids")) {
		if (check || argc != optind)
			return pk_cli_error(&cli, "ids takes only -C DIR");
		ret = pk_schemagen_update_ids(dir, &d) < 0 ? PK_EXIT_USAGE : PK_EXIT_OK;
	} else {
		return pk_cli_error(&cli, "unknown: %s (give derive or ids)", verb);
	}
	pk_diags_print(stderr, &d);
	pk_diags_free(&d);
	return ret;
}
