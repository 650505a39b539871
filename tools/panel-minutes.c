/* panel-minutes: minutes, or a fill-in form before the sitting. */
static const char usage[] =
	"usage: panel minutes PANEL [-C DIR] [--as-of DATE] [--at DATE|COMMIT] [--html]\n"
	"                     [-o FILE] [--templates DIR] [--for person [--case CASE]]\n"
	"\n"
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
	"Plan and PPCS, key questions A/B/C and the record (PF 10.1-10.6).\n"
	"\n"
	"  -C DIR           the records repository (default: .)\n"
	"  --as-of DATE     the document's date (default: today); in a git\n"
	"                   repository a past DATE reads the records as committed\n"
	"                   at the end of that day\n"
	"  --at DATE|COMMIT the records as committed on DATE or in COMMIT\n"
	"  --html           a complete printable HTML page (through cmark, raw\n"
	"                   HTML suppressed)\n"
	"  -o, --output FILE  write FILE (atomically) instead of standard output\n"
	"  --templates DIR  templates from DIR (default: $PANEL_TEMPLATES, else\n"
	"                   the installed templates/)\n"
	"  --for person     the person's copy of the outcome of a held ipp panel\n"
	"                   (PF 10.5): the debrief written for them, shared\n"
	"                   actions, the next panel; nothing non-disclosable\n"
	"  --case CASE      whose copy, when the panel has more than one case\n"
	"\n"
	"Exit status: 0 written, 1 the template has errors (FILE:LINE:COL on\n"
	"standard error), 2 usage, unknown panel or I/O error.\n";

#include "document.h"

int main(int argc, char **argv)
{
	return pk_document_main(argc, argv, PK_DOC_MINUTES, "panel minutes", usage);
}
