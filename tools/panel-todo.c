/* panel-todo: what each person owes, across both frameworks. */
static const char usage[] =
	"usage: panel todo [-C DIR] [--person ID] [--team T] [--within DAYS]\n"
	"                  [--as-of DATE] [--at DATE|COMMIT] [--json] [--ics FILE|-] [-q]\n"
	"\n"
	"Lists what each person owes, most urgent first: invitations, the pre-panel\n"
	"report and its re-run, confirmations, the sittings they are on, the person's\n"
	"agenda, casework responses and approvals, DCPR acknowledgements, audits,\n"
	"open actions and RAG reviews; each line with its rule (panel rules) and source.\n"
	"\n"
	"  -C DIR          the records repository (default: the current directory)\n"
	"  --person ID     only what this person (a people ID) owes\n"
	"  --team T        only the lines of team T (the case's team, else the\n"
	"                  person's team or unit)\n"
	"  --within DAYS   lines due within DAYS of as-of, and all overdue ones\n"
	"                  (default: 7, this week)\n"
	"  --as-of DATE    judge on DATE (default: today)\n"
	"  --json          a JSON array of {person, name, team, rule, due, deadline,\n"
	"                  status, what, case, panel, source}\n"
	"  --ics FILE      also write the lines as an iCalendar file (-: stdout)\n"
	"  --at DATE|COMMIT  the records as committed then (--as-of: the day judged on)\n"
	"\n"
	"Exit status: 0 ok, 2 usage error or a record that could not be read\n"
	"(reported; the other records are listed).\n";

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "diag.h"
#include "history.h"
#include "record.h"
#include "todo.h"
#include "util.h"

static const char *prog = "panel todo";

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{"person", required_argument, NULL, 'p'},
		{"team", required_argument, NULL, 't'},
		{"within", required_argument, NULL, 'W'},
		{"as-of", required_argument, NULL, 'a'},
		{"json", no_argument, NULL, 'j'},
		{"ics", required_argument, NULL, 'i'},
		{"worktree", no_argument, NULL, 'w'}, /* the default: kept for scripts */
		{"at", required_argument, NULL, 'T'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	pk_cli_start(prog, &argc, &argv, PK_CLI_QUIET | PK_CLI_REPO);
	pk_check_stdout_at_exit(prog);
	const char *dir = ".", *ics = NULL, *at = NULL;
	int json = 0, c;
	struct pk_todo_opts o = {pk_today_date(), 7, NULL, NULL};
	struct pk_diags d = PK_DIAGS_INIT;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":C:h", opts, NULL)) != -1) {
		switch (c) {
		case 'C': dir = optarg; break;
		case 'p':
			if (!pk_safe_id(optarg)) {
				char *p = pk_printable(optarg, strlen(optarg), 64);
				int rc = pk_usage_error(prog, usage, "--person: \"%s\" is not a people ID [KIT-IDS]", p);
				free(p);
				return rc;
			}
			o.person = optarg;
			break;
		case 't': o.team = optarg; break;
		case 'W':
			if (pk_arg_uint(prog, "--within", optarg, &o.within) < 0)
				return PK_EXIT_USAGE;
			break;
		case 'a':
			if (pk_arg_date(prog, "--as-of", optarg, &o.as_of) < 0)
				return PK_EXIT_USAGE;
			break;
		case 'j': json = 1; break;
		case 'i': ics = optarg; break;
		case 'w': break;
		case 'T': at = optarg; break;
		case 'h': fputs(usage, stdout); return PK_EXIT_OK;
		default: return pk_usage_badopt(prog, usage, argv, c);
		}
	}
	if (optind < argc)
		return pk_usage_error(prog, usage, "unexpected argument \"%s\"", argv[optind]);

	struct pk_source *src = at ? pk_source_at(dir, at, &d) : pk_source_dir(dir, &d);
	if (!src) {
		pk_diags_print(stderr, &d);
		pk_diags_free(&d);
		return PK_EXIT_USAGE;
	}
	struct pk_todo t = PK_TODO_INIT;
	size_t cases = pk_todo_collect(src, &o, &t, &d);
	int code = PK_EXIT_OK;
	if (ics) {
		size_t len;
		char *cal = pk_todo_ics(&t, o.as_of, &len);
		if (strcmp(ics, "-") == 0) {
			fwrite(cal, 1, len, stdout);
		} else if (pk_write_atomic(ics, cal, len, 0) < 0) {
			perror(ics);
			code = PK_EXIT_USAGE;
		}
		free(cal);
	}
	if (!ics || strcmp(ics, "-") != 0) {
		if (json)
			pk_todo_print_json(stdout, &t);
		else
			pk_todo_print_md(stdout, &t, &o);
	}
	pk_flush_stdout(prog);
	if (!json) {
		size_t over = 0;
		for (size_t i = 0; i < t.n; i++)
			over += t.v[i].status == PK_DUE_OVERDUE;
		char a[16];
		fprintf(stderr, "%s: %zu line%s, %zu overdue, from %zu case%s (%s), as of %s\n", prog, t.n,
			t.n == 1 ? "" : "s", over, cases, cases == 1 ? "" : "s", src->label,
			pk_date_fmt(o.as_of, a));
	}
	if (d.errors)
		code = PK_EXIT_USAGE;
	pk_diags_sort(&d);
	pk_diags_print(stderr, &d);
	pk_diags_free(&d);
	pk_todo_free(&t);
	pk_source_free(src);
	return code;
}
