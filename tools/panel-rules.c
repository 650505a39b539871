/* panel-rules: the rule IDs and the rule table, as the tools apply them. */
static const char usage[] =
	"usage: panel rules [ID] [--json] [--as-of DATE]\n"
	"       panel rules --markdown\n"
	"\n"
	"Every rule ID that messages cite ([CPP-CYCLE], [PF-RECALL], [KIT-IDS]),\n"
	"what it means in panelkit's words, its policy sections, and the values\n"
	"the tools apply from the rule table: key, value, section, in-force date,\n"
	"and whether it is the policy's words or an interpretation.\n"
	"\n"
	"  ID            one rule (any case: cpp-cycle)\n"
	"  --json        as a JSON array of {id, doc, sections, summary, rows}\n"
	"  --as-of DATE  the rows in force on DATE (default: today)\n"
	"  --markdown    the whole reference with every row (docs/rules.md)\n"
	"\n"
	"Exit status: 0 ok, 2 usage error or an unknown ID.\n";

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "rulebook.h"

static const char *prog = "panel rules";

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{"json", no_argument, NULL, 'j'},
		{"markdown", no_argument, NULL, 'm'},
		{"as-of", required_argument, NULL, 'a'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	pk_cli_start(prog, &argc, &argv, PK_CLI_QUIET);
	int json = 0, md = 0, c;
	pk_date on = pk_today_date();
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case 'j': json = 1; break;
		case 'm': md = 1; break;
		case 'a':
			if (pk_arg_date(prog, "--as-of", optarg, &on) < 0)
				return PK_EXIT_USAGE;
			break;
		case 'h': fputs(usage, stdout); return PK_EXIT_OK;
		default: return pk_usage_badopt(prog, usage, argv, c);
		}
	}
	if (argc - optind > 1)
		return pk_usage_error(prog, usage, "one rule ID at a time");
	if (md && (json || optind < argc))
		return pk_usage_error(prog, usage, "--markdown is the whole reference, as text");
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
