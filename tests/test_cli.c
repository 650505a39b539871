/* A tool's options declared once (cli.h, struct pk_cli): the --help text,
 * the getopt_long tables and the loop's usage errors all come from the
 * one table, so what --help says is what the tool accepts. */
#include <criterion/criterion.h>
#include <criterion/redirect.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "mem.h"

enum { OPT_AS_OF = PK_OPT_CODE, OPT_FAIL, OPT_CSV, OPT_EXCEL, OPT_OLD, OPT_COLOR };

static const char *const synopsis[] = {
	"[-C DIR] [--as-of DATE] [--fail-on-overdue]\n"
	"[-o FILE] [--csv|--excel] [ID]",
	"--help",
	NULL,
};
static const struct pk_opt options[] = {
	{NULL, 0, "ID", "one case", 0},
	{NULL, 'C', "DIR", "the records repository (default: .)", 0},
	{"as-of", OPT_AS_OF, "DATE", "judge on DATE (default: today); in a git\n"
	 "repository the records of that day", 0},
	{"fail-on-overdue", OPT_FAIL, NULL, "exit 1 if anything is overdue", 0},
	{"output", 'o', "FILE", "write FILE", 0},
	{"csv", OPT_CSV, NULL, "CSV; --excel: with a BOM", 0},
	{"excel", OPT_EXCEL, NULL, NULL, PK_OPT_ALSO},
	{"color", OPT_COLOR, "WHEN", "colours: always, never", PK_OPT_OPTIONAL},
	{"worktree", OPT_OLD, NULL, NULL, PK_OPT_HIDDEN}, /* kept for scripts */
	{"quiet", 'q', NULL, "no summary line", 0},
	PK_OPT_END,
};
static const struct pk_cli tool = {
	.prog = "panel x", .synopsis = synopsis, .description = "Does x.\n",
	.opts = options, .width = 14, .epilogue = "Exit status: 0 ok.\n",
};

static const char help[] =
	"usage: panel x [-C DIR] [--as-of DATE] [--fail-on-overdue]\n"
	"               [-o FILE] [--csv|--excel] [ID]\n"
	"       panel x --help\n"
	"\n"
	"Does x.\n"
	"\n"
	"  ID            one case\n"
	"  -C DIR        the records repository (default: .)\n"
	"  --as-of DATE  judge on DATE (default: today); in a git\n"
	"                repository the records of that day\n"
	"  --fail-on-overdue  exit 1 if anything is overdue\n"
	"  -o, --output FILE  write FILE\n"
	"  --csv, --excel  CSV; --excel: with a BOM\n"
	"  --color[=WHEN]  colours: always, never\n"
	"  -q, --quiet   no summary line\n"
	"\n"
	"Exit status: 0 ok.\n";

Test(cli, help_from_the_table)
{
	struct sbuf b = SBUF_INIT;
	pk_cli_help_text(&tool, &b);
	cr_assert_str_eq(sbuf_str(&b), help);
	cr_assert_str_eq(pk_cli_help(&tool), help);
	sbuf_free(&b);
}

/* width 0: two spaces after the longest label; a hidden row does not
 * count, nor does a row without help get trailing spaces */
Test(cli, width_from_the_longest_label)
{
	static const struct pk_opt o[] = {
		{"json", 'j', NULL, "JSON", 0},
		{"a-very-long-option-name", 'a', "X", NULL, PK_OPT_HIDDEN},
		{"since", 's', "DATE", "from DATE\non", 0},
		{"bare", 'b', NULL, NULL, 0},
		PK_OPT_END,
	};
	static const struct pk_cli c = {.prog = "p", .opts = o};
	struct sbuf b = SBUF_INIT;
	pk_cli_help_text(&c, &b);
	cr_assert_str_eq(sbuf_str(&b), "usage: p\n"
				       "\n"
				       "  -j, --json        JSON\n"
				       "  -s, --since DATE  from DATE\n"
				       "                    on\n"
				       "  -b, --bare\n");
	sbuf_free(&b);
}

/* a tool without options: the description and the epilogue only */
Test(cli, no_options)
{
	static const char *const s[] = {"BASE OURS", "                   (a hook)", NULL};
	static const struct pk_cli c = {.prog = "panel m", .synopsis = s, .description = "Merges.\n",
					.epilogue = "Exit status: 0.\n"};
	cr_assert_str_eq(pk_cli_help(&c), "usage: panel m BASE OURS\n"
					  "       panel m                    (a hook)\n"
					  "\n"
					  "Merges.\n"
					  "\n"
					  "Exit status: 0.\n");
}

Test(cli, short_and_long_tables)
{
	char *s = pk_cli_shortopts(&tool);
	cr_assert_str_eq(s, ":hC:o:q");
	free(s);
	struct option *l = pk_cli_longopts(&tool);
	static const char *const names[] = {"as-of", "fail-on-overdue", "output", "csv", "excel",
					    "color", "worktree", "quiet", "help"};
	size_t n = 0;
	for (; l[n].name; n++) {
		cr_assert(n < PK_ARRAY_LEN(names));
		cr_assert_str_eq(l[n].name, names[n]);
	}
	cr_assert_eq(n, PK_ARRAY_LEN(names));
	cr_assert_eq(l[0].has_arg, required_argument);
	cr_assert_eq(l[0].val, OPT_AS_OF);
	cr_assert_eq(l[1].has_arg, no_argument);
	cr_assert_eq(l[2].val, 'o');
	cr_assert_eq(l[5].has_arg, optional_argument);
	cr_assert_eq(l[6].val, OPT_OLD); /* hidden, still accepted */
	cr_assert_eq(l[8].val, 'h');
	free(l);
	static const struct pk_cli in_order = {.prog = "p", .flags = PK_CLI_IN_ORDER};
	s = pk_cli_shortopts(&in_order);
	cr_assert_str_eq(s, "+:h");
	free(s);
}

static int run(int argc, char **argv, int *keys, size_t max)
{
	size_t n = 0;
	int c;
	optind = 0; /* glibc: start afresh */
	while ((c = pk_cli_getopt(&tool, argc, argv)) != -1 && n < max) {
		keys[n++] = c;
		if (c == '?' || c == ':')
			break;
	}
	return (int)n;
}

Test(cli, the_loop)
{
	char *argv[] = {"x", "-C", "d", "--as-of", "2026-01-02", "--worktree", "-q", "--output=f",
			"--color", "ID", NULL};
	int keys[16];
	cr_assert_eq(run(10, argv, keys, 16), 6);
	int want[] = {'C', OPT_AS_OF, OPT_OLD, 'q', 'o', OPT_COLOR};
	for (size_t i = 0; i < PK_ARRAY_LEN(want); i++)
		cr_assert_eq(keys[i], want[i], "key %zu", i);
	cr_assert_eq(optind, 9);
	cr_assert_str_eq(argv[optind], "ID");
}

Test(cli, unknown_option, .init = cr_redirect_stderr)
{
	char *argv[] = {"x", "--as-of", "2026-01-02", "--nosuch", NULL};
	int keys[4];
	cr_assert_eq(run(4, argv, keys, 4), 2);
	cr_assert_eq(keys[1], '?');
	cr_assert_eq(pk_cli_other(&tool, argv, keys[1]), PK_EXIT_USAGE);
	fflush(stderr);
	cr_assert_stderr_eq_str("panel x: unknown option --nosuch\n"
				"usage: panel x [-C DIR] [--as-of DATE] [--fail-on-overdue]\n"
				"               [-o FILE] [--csv|--excel] [ID]\n"
				"       panel x --help\n"
				"See 'panel x --help'.\n");
}

Test(cli, missing_value, .init = cr_redirect_stderr)
{
	char *argv[] = {"x", "-q", "--as-of", NULL};
	int keys[4];
	cr_assert_eq(run(3, argv, keys, 4), 2);
	cr_assert_eq(keys[1], ':');
	cr_assert_eq(pk_cli_other(&tool, argv, keys[1]), PK_EXIT_USAGE);
	fflush(stderr);
	cr_assert_stderr_eq_str("panel x: --as-of needs a value\n"
				"usage: panel x [-C DIR] [--as-of DATE] [--fail-on-overdue]\n"
				"               [-o FILE] [--csv|--excel] [ID]\n"
				"       panel x --help\n"
				"See 'panel x --help'.\n");
}

Test(cli, a_hidden_option_is_not_in_the_help)
{
	cr_assert_null(strstr(pk_cli_help(&tool), "worktree"));
}

Test(cli, help_option, .init = cr_redirect_stdout)
{
	char *argv[] = {"x", "--help", NULL};
	int keys[2];
	cr_assert_eq(run(2, argv, keys, 2), 1);
	cr_assert_eq(keys[0], 'h');
	cr_assert_eq(pk_cli_other(&tool, argv, keys[0]), PK_EXIT_OK);
	fflush(stdout);
	cr_assert_stdout_eq_str(help);
}

Test(cli, error_with_the_synopsis, .init = cr_redirect_stderr)
{
	cr_assert_eq(pk_cli_error(&tool, "which %s?", "case"), PK_EXIT_USAGE);
	cr_assert_eq(pk_cli_other(&tool, NULL, PK_OPT_FAILED), PK_EXIT_USAGE); /* says nothing */
	fflush(stderr);
	cr_assert_stderr_eq_str("panel x: which case?\n"
				"usage: panel x [-C DIR] [--as-of DATE] [--fail-on-overdue]\n"
				"               [-o FILE] [--csv|--excel] [ID]\n"
				"       panel x --help\n"
				"See 'panel x --help'.\n");
}

/* Rows several tools share: a tool places the ones it takes, in its
 * order, with its own wording where it gives one; the shared hidden rows
 * every such tool accepts, the others only where placed. */
enum { SH_AT = PK_OPT_CODE + 64, SH_FOR, SH_OLD };
static const struct pk_opt shared[] = {
	{NULL, 'C', "DIR", "the repository", 0},
	{"at", SH_AT, "COMMIT", "the records then", 0},
	{"for", SH_FOR, "person", "their copy", 0},
	{"worktree", SH_OLD, NULL, NULL, PK_OPT_HIDDEN},
	PK_OPT_END,
};

Test(cli, shared_rows)
{
	static const struct pk_opt o[] = {
		PK_OPT_USE(SH_AT, "as committed in COMMIT"),
		{"eml", OPT_CSV, NULL, "a message", 0},
		PK_OPT_USE('C', NULL),
		PK_OPT_END,
	};
	static const struct pk_cli c = {.prog = "p", .opts = o, .width = 12, .shared = shared};
	cr_assert_str_eq(pk_cli_help(&c), "usage: p\n"
					  "\n"
					  "  --at COMMIT as committed in COMMIT\n"
					  "  --eml       a message\n"
					  "  -C DIR      the repository\n");
	char *s = pk_cli_shortopts(&c);
	cr_assert_str_eq(s, ":hC:");
	free(s);
	struct option *l = pk_cli_longopts(&c);
	cr_assert_str_eq(l[0].name, "at");
	cr_assert_eq(l[0].val, SH_AT);
	cr_assert_str_eq(l[1].name, "eml");
	cr_assert_str_eq(l[2].name, "worktree"); /* --for is not this tool's */
	cr_assert_str_eq(l[3].name, "help");
	cr_assert_null(l[4].name);
	free(l);
}
