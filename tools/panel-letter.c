/* panel-letter: the letters and emails a secretariat sends about a panel. */
static const char usage[] =
	"usage: panel letter KIND PANEL [CASE] [-C DIR] [--as-of DATE] [--at DATE|COMMIT]\n"
	"                    [--html | --eml] [-o FILE] [--templates DIR]\n"
	"\n"
	"Writes a letter about panel PANEL as Markdown, from the templates\n"
	"letter-KIND.md (editable like the agendas).  Nothing is sent: --eml\n"
	"writes a message the secretariat opens and sends from its own mail\n"
	"client.  KIND is one of:\n"
	"\n"
	"  recommendation     to the casework team (the case owner): the panel's\n"
	"                     recommendation for CASE, reasons, long-stop date,\n"
	"                     actions, audit date and what casework does next\n"
	"                     (CPP §10, §11); detention panels\n"
	"  invitation         to the chair and members: date, time, place, the\n"
	"                     cases, confirmation and an adjustments request\n"
	"                     (CPP §6, PF 7.2)\n"
	"  person-invitation  to the person, in plain language (PF 9.4, 7.2);\n"
	"                     ipp panels\n"
	"  outcome            to the person: what was decided and what happens\n"
	"                     next, in plain language, nothing non-disclosable\n"
	"                     (PF 10.5, PF-NONDISCLOSURE); ipp panels, once held\n"
	"\n"
	"CASE names the case when the panel has more than one (recommendation,\n"
	"person-invitation, outcome).  The letter is from the panel's\n"
	"secretariat; the person's letters go to the practitioner who holds the\n"
	"case, who gives them to the person (PF 10.5).\n"
	"\n"
	"  -C DIR           the records repository (default: .)\n"
	"  --as-of DATE     the letter's date (default: today)\n"
	"  --at DATE|COMMIT the records as committed then, not as they are now\n"
	"  --html           a complete printable HTML page\n"
	"  --eml            an RFC 5322 message (plain text and HTML), From and\n"
	"                   To from the people records' email\n"
	"  -o, --output FILE  write FILE (atomically) instead of standard output\n"
	"  --templates DIR  templates from DIR (default: $PANEL_TEMPLATES, else\n"
	"                   the installed templates/)\n"
	"\n"
	"Exit status: 0 written, 1 the template has errors (FILE:LINE:COL on\n"
	"standard error), 2 usage, unknown panel or case, a missing email with\n"
	"--eml, or I/O error.\n";

#include <getopt.h>
#include <string.h>

#include "cli.h"
#include "docview.h"
#include "document.h"
#include "history.h"

int main(int argc, char **argv)
{
	static const char prog[] = "panel letter";
	static const struct option opts[] = {
		{"as-of", required_argument, NULL, 'a'},
		{"worktree", no_argument, NULL, 'w'}, /* the default: kept for scripts */
		{"at", required_argument, NULL, 'T'},
		{"html", no_argument, NULL, 'H'},
		{"eml", no_argument, NULL, 'E'},
		{"output", required_argument, NULL, 'o'},
		{"templates", required_argument, NULL, 't'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	pk_cli_start(prog, &argc, &argv, PK_CLI_QUIET | PK_CLI_REPO);
	pk_check_stdout_at_exit(prog);
	struct pk_document_opts o;
	struct pk_diags d = PK_DIAGS_INIT;
	struct pk_source *src = NULL;
	const char *dir = ".", *output = NULL, *at = NULL;
	int c, rc = PK_EXIT_USAGE;

	memset(&o, 0, sizeof o);
	o.view.as_of = pk_today_date();
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":C:o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'C': dir = optarg; break;
		case 'a':
			if (pk_arg_date(prog, "--as-of", optarg, &o.view.as_of) < 0)
				return PK_EXIT_USAGE;
			break;
		case 'w': break;
		case 'T': at = optarg; break;
		case 'H': o.html = 1; break;
		case 'E': o.eml = 1; break;
		case 'o': output = optarg; break;
		case 't': o.templates = optarg; break;
		case 'h': fputs(usage, stdout); return PK_EXIT_OK;
		default: return pk_usage_badopt(prog, usage, argv, c);
		}
	}
	int nargs = argc - optind;
	if (nargs < 2)
		return pk_usage_error(prog, usage, nargs ? "which panel?" : "which letter?");
	if (nargs > 3)
		return pk_usage_error(prog, usage, "one letter at a time: KIND PANEL [CASE]");
	if (!pk_letter_known(argv[optind]))
		return pk_usage_error(prog, usage, "no letter \"%s\": recommendation, invitation, "
					     "person-invitation or outcome", argv[optind]);
	if (o.html && o.eml)
		return pk_usage_error(prog, usage, "--html or --eml, not both (--eml holds the HTML too)");
	o.view.letter = argv[optind];
	o.view.case_id = nargs == 3 ? argv[optind + 2] : NULL;

	src = at ? pk_source_at(dir, at, &d) : pk_source_dir(dir, &d);
	if (src) {
		struct sbuf out = SBUF_INIT;
		switch (pk_document(src, argv[optind + 1], &o, &out, &d)) {
		case PK_DOC_OK:
			if (pk_write_output(prog, output, out.s, out.len) == 0)
				rc = PK_EXIT_OK;
			break;
		case PK_DOC_TEMPLATE:
		case PK_DOC_REFUSED:
			rc = PK_EXIT_FINDINGS;
			break;
		}
		sbuf_free(&out);
	}
	pk_diags_sort(&d);
	pk_diags_print(stderr, &d);
	pk_diags_free(&d);
	pk_source_free(src);
	return rc;
}
