/* panel-schema: the schemas editors read, derived from the source schema. */
static const char usage[] =
	"usage: panel schema derive [--check] SRC [OUT]\n"
	"       panel schema ids [-C DIR]\n"
	"\n"
	"derive  writes OUT/case-detention.schema.json, case-ipp, panel-detention\n"
	"        and panel-ipp from SRC/case.schema.json and panel.schema.json\n"
	"        (OUT defaults to SRC): one schema per framework with the\n"
	"        framework's if/then folded in, so editors complete only what is\n"
	"        valid for it.  'make schema' runs it on schema/.\n"
	"        --check  write nothing; exit 1 if a file is missing or stale\n"
	"ids     writes DIR/schema/ids.schema.json: the records repository's\n"
	"        people and case IDs (with names and grades) for completion of\n"
	"        owner:, chair:, person: and case:.  panel init, new, commit and\n"
	"        validate keep it current; git ignores it.\n"
	"\n"
	"Exit status: 0 ok, 1 stale (--check), 2 usage or I/O error.\n";

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "diag.h"
#include "schemagen.h"

static const char *prog = "panel schema";

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{"check", no_argument, NULL, 'c'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	pk_cli_start(prog, &argc, &argv, PK_CLI_QUIET);
	const char *dir = ".";
	int check = 0, c;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:hC:", opts, NULL)) != -1) {
		switch (c) {
		case 'c': check = 1; break;
		case 'C': dir = optarg; break;
		case 'h': fputs(usage, stdout); return PK_EXIT_OK;
		default: return pk_usage_badopt(prog, usage, argv, c);
		}
	}
	/* options may follow the verb too */
	if (optind >= argc)
		return pk_usage_error(prog, usage, "give derive or ids");
	const char *verb = argv[optind++];
	while ((c = getopt_long(argc, argv, ":hC:", opts, NULL)) != -1) {
		switch (c) {
		case 'c': check = 1; break;
		case 'C': dir = optarg; break;
		case 'h': fputs(usage, stdout); return PK_EXIT_OK;
		default: return pk_usage_badopt(prog, usage, argv, c);
		}
	}
	struct pk_diags d = PK_DIAGS_INIT;
	int ret;
	if (!strcmp(verb, "derive")) {
		if (argc - optind < 1 || argc - optind > 2)
			return pk_usage_error(prog, usage, "give SRC and at most one OUT");
		const char *src = argv[optind], *out = argc - optind == 2 ? argv[optind + 1] : src;
		int n = pk_schemagen_write(src, out, check, &d);
		ret = n < 0 ? PK_EXIT_USAGE : check && n ? PK_EXIT_FINDINGS : PK_EXIT_OK;
	} else if (!strcmp(verb, "ids")) {
		if (check || argc != optind)
			return pk_usage_error(prog, usage, "ids takes only -C DIR");
		ret = pk_schemagen_update_ids(dir, &d) < 0 ? PK_EXIT_USAGE : PK_EXIT_OK;
	} else {
		return pk_usage_error(prog, usage, "unknown: %s (give derive or ids)", verb);
	}
	pk_diags_print(stderr, &d);
	pk_diags_free(&d);
	return ret;
}
