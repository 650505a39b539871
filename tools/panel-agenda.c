/* panel-agenda: the pre-panel report, or the person's own agenda. */
static const char usage[] =
	"usage: panel agenda PANEL [-C DIR] [--as-of DATE] [--at DATE|COMMIT] [--html]\n"
	"                    [-o FILE] [--templates DIR] [--for person [--case CASE]]\n"
	"\n"
	"Writes the agenda of panel PANEL (panels/PANEL.yaml) as Markdown.\n"
	"Detention panels: the pre-panel report, per case its owner, tier, days\n"
	"detained, removal directions, Adult at Risk level, MAPPA and sentence,\n"
	"serious-crime categories, previous recommendations and whether casework\n"
	"accepted them, and the light-touch flag (CPP-REPORT, CPP-LIGHT).\n"
	"Indeterminate-sentence panels: purpose, evidence, previous actions and\n"
	"the key questions (PF-EVIDENCE, PF-QUESTIONS).\n"
	"\n"
	"  -C DIR           the records repository (default: .)\n"
	"  --as-of DATE     the document's date (default: today); in a git\n"
	"                   repository a past DATE reads the records as committed\n"
	"                   at the end of that day (CPP-REPORT: re-run on the day)\n"
	"  --at DATE|COMMIT the records as committed on DATE or in COMMIT\n"
	"  --html           a complete printable HTML page (through cmark, raw\n"
	"                   HTML suppressed)\n"
	"  -o, --output FILE  write FILE (atomically) instead of standard output\n"
	"  --templates DIR  templates from DIR (default: $PANEL_TEMPLATES, else\n"
	"                   the installed templates/)\n"
	"  --for person     the copy the person sees (PF-AGENDA): plain language,\n"
	"                   their own case only, nothing non-disclosable\n"
	"                   (PF-NONDISCLOSURE); ipp panels only\n"
	"  --case CASE      whose copy, when the panel has more than one case\n"
	"\n"
	"Exit status: 0 written, 1 the template has errors (FILE:LINE:COL on\n"
	"standard error), 2 usage, unknown panel or I/O error.\n";

#include "document.h"

int main(int argc, char **argv)
{
	return pk_document_main(argc, argv, PK_DOC_AGENDA, "panel agenda", usage);
}
