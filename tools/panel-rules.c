/* panel-rules: the rule IDs and the rule table, as the tools apply them. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "rulebook.h"

static const char prog[] = "panel rules";
enum { OPT_JSON = PK_OPT_CODE, OPT_AS_OF, OPT_MARKDOWN };
static const char *const synopsis[] = {
	"[ID] [--json] [--as-of DATE]",
	"--markdown",
	NULL,
};
static const char description[] =
	"Every rule ID that messages cite ([CPP-CYCLE], [PF-RECALL], [KIT-IDS]),\n"
	"what it means in panelkit's words, its policy sections, and the values\n"
	"the tools apply from the rule table: key, value, section, in-force date,\n"
	"and whether it is the policy's words or an interpretation.\n";
static const struct pk_opt options[] = {
	{NULL, 0, "ID", "one rule (any case: cpp-cycle)", 0},
	{"json", OPT_JSON, NULL, "as a JSON array of {id, doc, sections, summary, rows}", 0},
	{"as-of", OPT_AS_OF, "DATE", "the rows in force on DATE (default: today)", 0},
	{"markdown", OPT_MARKDOWN, NULL, "the whole reference with every row (docs/rules.md)", 0},
	PK_OPT_END,
};
static const char epilogue[] =
	"Exit status: 0 ok, 2 usage error or an unknown ID.\n";
static const struct pk_cli cli = {
	.prog = prog, .synopsis = synopsis, .description = description, .opts = options,
	.width = 14, .epilogue = epilogue,
};

int main(int argc, char **argv)
{
	pk_cli_start(prog, &argc, &argv, PK_CLI_QUIET);
	int json = 0, md = 0, c;
	pk_date on = pk_today_date();
	while ((c = pk_cli_getopt(&cli, argc, argv)) != -1) {
		switch (c) {
		case OPT_JSON: json = 1; break;
		case OPT_MARKDOWN: md = 1; break;
		case OPT_AS_OF:
			if (pk_arg_date(prog, "--as-of", optarg, &on) < 0)
				return PK_EXIT_USAGE;
			break;
		default: return pk_cli_other(&cli, argv, c);
		}
	}
	if (argc - optind > 1)
		return pk_cli_error(&cli, "one rule ID at a time");
	if (md && (json || optind < argc))
		return pk_cli_error(&cli, "--markdown is the whole reference, as text");
	const char *id = optind < argc ? argv[optind] : NULL;
	if (id && !pk_rulebook_find(id)) {
		const char *s = pk_rulebook_suggest(id);
		fprintf(stderr, "%s: unknown rule ID \"%s\"\n", prog, id);
		if (s)
			fprintf(stderr, "hint: did you mean %s?\n", s);
		else
			fprintf(stderr, "hint: 'panel rules' lists them all\n");
		return PK_EXIT_USAGE;
	}
	if (md)
		pk_rulebook_markdown(stdout);
	else if (json)
		pk_rulebook_json(stdout, id, on);
	else
		pk_rulebook_print(stdout, id, on);
	return PK_EXIT_OK;
}
