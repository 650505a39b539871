/* panel-letter: the letters and emails a secretariat sends about a panel. */
#include <getopt.h>

#include "cli.h"
#include "docview.h"
#include "document.h"

static const char *const synopsis[] = {
	"KIND PANEL [CASE] [-C DIR] [--as-of DATE] [--at DATE|COMMIT]\n"
	"[--html | --eml] [-o FILE] [--templates DIR]",
	NULL,
};
static const char description[] =
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
	"case, who gives them to the person (PF 10.5).\n";
/* pk_document_options, with the letter's wording, and --eml */
enum { OPT_EML = PK_OPT_CODE };
static const struct pk_opt options[] = {
	PK_OPT_USE('C', NULL),
	PK_OPT_USE(PK_DOCOPT_AS_OF, "the letter's date (default: today)"),
	PK_OPT_USE(PK_DOCOPT_AT, "the records as committed then, not as they are now"),
	PK_OPT_USE(PK_DOCOPT_HTML, "a complete printable HTML page"),
	{"eml", OPT_EML, NULL, "an RFC 5322 message (plain text and HTML), From and\n"
	 "To from the people records' email", 0},
	PK_OPT_USE('o', NULL),
	PK_OPT_USE(PK_DOCOPT_TEMPLATES, NULL),
	PK_OPT_END,
};
static const char epilogue[] =
	"Exit status: 0 written, 1 the template has errors (FILE:LINE:COL on\n"
	"standard error), 2 usage, unknown panel or case, a missing email with\n"
	"--eml, or I/O error.\n";
static const struct pk_cli cli = {
	.prog = "panel letter", .synopsis = synopsis, .description = description,
	.opts = options, .width = 17, .epilogue = epilogue, .shared = pk_document_options,
};

int main(int argc, char **argv)
{
	struct pk_document_args a;
	int c;

	pk_cli_start(cli.prog, &argc, &argv, PK_CLI_QUIET | PK_CLI_REPO);
	pk_document_args_init(&a, PK_DOC_AGENDA); /* view.letter sets the kind */
	while ((c = pk_document_getopt(&cli, argc, argv, &a)) != -1) {
		switch (c) {
		case OPT_EML: a.o.eml = 1; break;
		default: return pk_cli_other(&cli, argv, c);
		}
	}
	int nargs = argc - optind;
	if (nargs < 2)
		return pk_cli_error(&cli, nargs ? "which panel?" : "which letter?");
	if (nargs > 3)
		return pk_cli_error(&cli, "one letter at a time: KIND PANEL [CASE]");
	if (!pk_letter_known(argv[optind]))
		return pk_cli_error(&cli, "no letter \"%s\": recommendation, invitation, "
					  "person-invitation or outcome", argv[optind]);
	if (a.o.html && a.o.eml)
		return pk_cli_error(&cli, "--html or --eml, not both (--eml holds the HTML too)");
	a.o.view.letter = argv[optind];
	a.o.view.case_id = nargs == 3 ? argv[optind + 2] : NULL;

	return pk_document_status(pk_document_write(cli.prog, &a, argv[optind + 1], PK_KINDS_ALL));
}
