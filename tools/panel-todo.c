/* panel-todo: what each person owes, across both frameworks. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "diag.h"
#include "history.h"
#include "record.h"
#include "todo.h"
#include "files.h"
#include "text.h"

static const char prog[] = "panel todo";
enum { OPT_PERSON = PK_OPT_CODE, OPT_TEAM, OPT_WITHIN, OPT_AS_OF, OPT_JSON, OPT_ICS, OPT_AT,
	OPT_WORKTREE };
static const char *const synopsis[] = {
	"[-C DIR] [--person ID] [--team T] [--within DAYS]\n"
	"[--as-of DATE] [--at DATE|COMMIT] [--json] [--ics FILE|-] [-q]",
	NULL,
};
static const char description[] =
	"Lists what each person owes, most urgent first: invitations, the pre-panel\n"
	"report and its re-run, confirmations, the sittings they are on, the person's\n"
	"agenda, casework responses and approvals, DCPR acknowledgements, audits,\n"
	"open actions and RAG reviews; each line with its rule (panel rules) and source.\n";
static const struct pk_opt options[] = {
	{NULL, 'C', "DIR", "the records repository (default: the current directory)", 0},
	{"person", OPT_PERSON, "ID", "only what this person (a people ID) owes", 0},
	{"team", OPT_TEAM, "T", "only the lines of team T (the case's team, else the\n"
	 "person's team or unit)", 0},
	{"within", OPT_WITHIN, "DAYS", "lines due within DAYS of as-of, and all overdue ones\n"
	 "(default: 7, this week)", 0},
	{"as-of", OPT_AS_OF, "DATE", "judge on DATE (default: today)", 0},
	{"json", OPT_JSON, NULL, "a JSON array of {person, name, team, rule, due, deadline,\n"
	 "status, what, case, panel, source}", 0},
	{"ics", OPT_ICS, "FILE", "also write the lines as an iCalendar file (-: stdout)", 0},
	{"at", OPT_AT, "DATE|COMMIT", "the records as committed then (--as-of: the day judged on)", 0},
	{"worktree", OPT_WORKTREE, NULL, NULL, PK_OPT_HIDDEN}, /* the default: kept for scripts */
	PK_OPT_END,
};
static const char epilogue[] =
	"Exit status: 0 ok, 2 usage error or a record that could not be read\n"
	"(reported; the other records are listed).\n";
static const struct pk_cli cli = {
	.prog = prog, .synopsis = synopsis, .description = description, .opts = options,
	.width = 16, .epilogue = epilogue,
};

int main(int argc, char **argv)
{
	pk_cli_start(prog, &argc, &argv, PK_CLI_QUIET | PK_CLI_REPO);
	pk_check_stdout_at_exit(prog);
	const char *dir = ".", *ics = NULL, *at = NULL;
	int json = 0, c;
	struct pk_todo_opts o = {pk_today_date(), 7, NULL, NULL};
	struct pk_diags d = PK_DIAGS_INIT;

	while ((c = pk_cli_getopt(&cli, argc, argv)) != -1) {
		switch (c) {
		case 'C': dir = optarg; break;
		case OPT_PERSON:
			if (!pk_safe_id(optarg)) {
				char *p = pk_printable(optarg, strlen(optarg), 64);
				int rc = pk_cli_error(&cli, "--person: \"%s\" is not a people ID [KIT-IDS]", p);
				free(p);
				return rc;
			}
			o.person = optarg;
			break;
		case OPT_TEAM: o.team = optarg; break;
		case OPT_WITHIN:
			if (pk_arg_uint(prog, "--within", optarg, &o.within) < 0)
				return PK_EXIT_USAGE;
			break;
		case OPT_AS_OF:
			if (pk_arg_date(prog, "--as-of", optarg, &o.as_of) < 0)
				return PK_EXIT_USAGE;
			break;
		case OPT_JSON: json = 1; break;
		case OPT_ICS: ics = optarg; break;
		case OPT_WORKTREE: break;
		case OPT_AT: at = optarg; break;
		default: return pk_cli_other(&cli, argv, c);
		}
	}
	if (optind < argc)
		return pk_cli_error(&cli, "unexpected argument \"%s\"", argv[optind]);

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
