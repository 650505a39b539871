/* panel-agenda: the pre-panel report, or the person's own agenda. */
#include <getopt.h>

#include "cli.h"
#include "document.h"

static const char *const synopsis[] = {
	"PANEL [-C DIR] [--as-of DATE] [--at DATE|COMMIT] [--html]\n"
	"[-o FILE] [--templates DIR] [--for person [--case CASE]]",
	NULL,
};
static const char description[] =
	"Writes the agenda of panel PANEL (panels/PANEL.yaml) as Markdown.\n"
	"Detention panels: the pre-panel report, per case its owner, tier, days\n"
	"detained, removal directions, Adult at Risk level, MAPPA and sentence,\n"
	"serious-crime categories, previous recommendations and whether casework\n"
	"accepted them, and the light-touch flag (CPP-REPORT, CPP-LIGHT).\n"
	"Indeterminate-sentence panels: purpose, evidence, previous actions and\n"
	"the key questions (PF-EVIDENCE, PF-QUESTIONS).\n";
/* pk_document_options, with the agenda's wording */
static const struct pk_opt options[] = {
	PK_OPT_USE('C', NULL),
	PK_OPT_USE(PK_DOCOPT_AS_OF, "the document's date (default: today); in a git\n"
		   "repository a past DATE reads the records as committed\n"
		   "at the end of that day (CPP-REPORT: re-run on the day)"),
	PK_OPT_USE(PK_DOCOPT_AT, NULL),
	PK_OPT_USE(PK_DOCOPT_HTML, NULL),
	PK_OPT_USE('o', NULL),
	PK_OPT_USE(PK_DOCOPT_TEMPLATES, NULL),
	PK_OPT_USE(PK_DOCOPT_FOR, "the copy the person sees (PF-AGENDA): plain language,\n"
		   "their own case only, nothing non-disclosable\n"
		   "(PF-NONDISCLOSURE); ipp panels only"),
	PK_OPT_USE(PK_DOCOPT_CASE, NULL),
	PK_OPT_END,
};
static const char epilogue[] =
	"Exit status: 0 written, 1 the template has errors (FILE:LINE:COL on\n"
	"standard error), 2 usage, unknown panel or I/O error.\n";
static const struct pk_cli cli = {
	.prog = "panel agenda", .synopsis = synopsis, .description = description,
	.opts = options, .width = 17, .epilogue = epilogue, .shared = pk_document_options,
};

int main(int argc, char **argv)
{
	struct pk_document_args a;
	int c;

	pk_cli_start(cli.prog, &argc, &argv, PK_CLI_QUIET | PK_CLI_REPO);
	pk_document_args_init(&a, PK_DOC_AGENDA);
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
