/* panel-minutes: minutes, or a fill-in form before the sitting. */
#include <getopt.h>

#include "cli.h"
#include "document.h"

static const char *const synopsis[] = {
	"PANEL [-C DIR] [--as-of DATE] [--at DATE|COMMIT] [--html]\n"
	"[-o FILE] [--templates DIR] [--for person [--case CASE]]",
	NULL,
};
static const char description[] =
	"Writes the minutes of panel PANEL as Markdown, from the outcomes\n"
	"recorded in panels/PANEL.yaml.  A case with no outcome yet comes out\n"
	"as a fill-in form for the secretariat (recommendation choices as a\n"
	"checklist), so the same command prints the form before the sitting.\n"
	"Detention: alternatives to detention, barriers, travel documents, Adult\n"
	"at Risk reason, discussion, recommendation, reasons, long-stop date,\n"
	"actions, audit date, the chair's decisions, emailed and Atlas dates\n"
	"(CPP §7, §8.1, §8.5, §10, §11.1).  Internal notes are never printed:\n"
	"minutes are disclosable (CPP §10).\n"
	"Indeterminate sentences: the PF 5.1 considerations, the Risk Management\n"
	"Plan and PPCS, key questions A/B/C and the record (PF 10.1-10.6).\n";
/* pk_document_options, with the minutes' wording */
static const struct pk_opt options[] = {
	PK_OPT_USE('C', NULL),
	PK_OPT_USE(PK_DOCOPT_AS_OF, NULL),
	PK_OPT_USE(PK_DOCOPT_AT, NULL),
	PK_OPT_USE(PK_DOCOPT_HTML, NULL),
	PK_OPT_USE('o', NULL),
	PK_OPT_USE(PK_DOCOPT_TEMPLATES, NULL),
	PK_OPT_USE(PK_DOCOPT_FOR, "the person's copy of the outcome of a held ipp panel\n"
		   "(PF 10.5): the debrief written for them, shared\n"
		   "actions, the next panel; nothing non-disclosable"),
	PK_OPT_USE(PK_DOCOPT_CASE, NULL),
	PK_OPT_END,
};
static const char epilogue[] =
	"Exit status: 0 written, 1 the template has errors (FILE:LINE:COL on\n"
	"standard error), 2 usage, unknown panel or I/O error.\n";
static const struct pk_cli cli = {
	.prog = "panel minutes", .synopsis = synopsis, .description = description,
	.opts = options, .width = 17, .epilogue = epilogue, .shared = pk_document_options,
};

int main(int argc, char **argv)
{
	struct pk_document_args a;
	int c;

	pk_cli_start(cli.prog, &argc, &argv, PK_CLI_QUIET | PK_CLI_REPO);
	pk_document_args_init(&a, PK_DOC_MINUTES);
	if ((c = pk_document_getopt(&cli, argc, argv, &a)) != -1)
		return pk_cli_other(&cli, argv, c);
	if (optind + 1 != argc)
		return pk_cli_error(&cli, optind == argc ? "which panel?" : "one panel at a time");
	if (a.o.view.case_id && !a.o.view.for_person)
		return pk_cli_error(&cli, "--case goes with --for person");

	/* cases are read by ID, as the panel names them: not listed */
	return pk_document_status(pk_document_write(cli.prog, &a, argv[optind],
						    (1u << PK_R_PERSON) | (1u << PK_R_PANEL)));
}
