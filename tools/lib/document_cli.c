/* document_cli.c: the options panel agenda, minutes and letter share. */
#include "document.h"

#include <string.h>

#include "history.h"
#include "mem.h"

/* The wording most of the three use; a tool gives its own where the
 * document differs (the letter's date, what the person's copy holds). */
const struct pk_opt pk_document_options[] = {
	{NULL, 'C', "DIR", "the records repository (default: .)", 0},
	{"as-of", PK_DOCOPT_AS_OF, "DATE", "the document's date (default: today); in a git\n"
	 "repository a past DATE reads the records as committed\n"
	 "at the end of that day", 0},
	{"at", PK_DOCOPT_AT, "DATE|COMMIT", "the records as committed on DATE or in COMMIT", 0},
	{"html", PK_DOCOPT_HTML, NULL, "a complete printable HTML page (through cmark, raw\n"
	 "HTML suppressed)", 0},
	{"output", 'o', "FILE", "write FILE (atomically) instead of standard output", 0},
	{"templates", PK_DOCOPT_TEMPLATES, "DIR", "templates from DIR (default: $PANEL_TEMPLATES, else\n"
	 "the installed templates/)", 0},
	{"for", PK_DOCOPT_FOR, "person", "the person's own copy", 0},
	{"case", PK_DOCOPT_CASE, "CASE", "whose copy, when the panel has more than one case", 0},
	{"worktree", PK_DOCOPT_WORKTREE, NULL, NULL, PK_OPT_HIDDEN}, /* the default */
	PK_OPT_END,
};

void pk_document_args_init(struct pk_document_args *a, enum pk_doc_kind kind)
{
	memset(a, 0, sizeof *a);
	a->o.view.kind = kind;
	a->o.view.as_of = pk_today_date();
	a->dir = ".";
}

int pk_document_getopt(const struct pk_cli *cli, int argc, char **argv, struct pk_document_args *a)
{
	int c;
	while ((c = pk_cli_getopt(cli, argc, argv)) != -1) {
		switch (c) {
		case 'C': a->dir = optarg; break;
		case PK_DOCOPT_AS_OF:
			if (pk_arg_date(cli->prog, "--as-of", optarg, &a->o.view.as_of) < 0)
				return PK_OPT_FAILED;
			break;
		case PK_DOCOPT_WORKTREE: break;
		case PK_DOCOPT_AT: a->at = optarg; break;
		case PK_DOCOPT_FOR:
			if (strcmp(optarg, "person")) {
				pk_cli_error(cli, "--for: \"%s\": the only copy is \"person\"", optarg);
				return PK_OPT_FAILED;
			}
			a->o.view.for_person = 1;
			break;
		case PK_DOCOPT_CASE: a->o.view.case_id = optarg; break;
		case PK_DOCOPT_HTML: a->o.html = 1; break;
		case 'o': a->output = optarg; break;
		case PK_DOCOPT_TEMPLATES: a->o.templates = optarg; break;
		default: return c;
		}
	}
	return -1;
}

int pk_document_write(const char *prog, const struct pk_document_args *a, const char *panel_id,
		      unsigned kinds)
{
	struct pk_diags d = PK_DIAGS_INIT;
	int rc = PK_DOC_FAIL;
	struct pk_source *src = a->at ? pk_source_at(a->dir, a->at, &d)
				      : pk_source_dir_kinds(a->dir, kinds, &d);
	if (src) {
		struct sbuf out = SBUF_INIT;
		rc = pk_document(src, panel_id, &a->o, &out, &d);
		if (rc == PK_DOC_OK && pk_write_output(prog, a->output, out.s, out.len) < 0)
			rc = PK_DOC_FAIL;
		sbuf_free(&out);
	}
	pk_diags_sort(&d);
	pk_diags_print(stderr, &d);
	pk_diags_free(&d);
	pk_source_free(src);
	return rc;
}

int pk_document_status(int result)
{
	switch (result) {
	case PK_DOC_OK: return PK_EXIT_OK;
	case PK_DOC_TEMPLATE:
	case PK_DOC_REFUSED: return PK_EXIT_FINDINGS;
	default: return PK_EXIT_USAGE;
	}
}
