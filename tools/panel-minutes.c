/* panel-minutes: minutes, or a fill-in form before the sitting. */
static const char usage[] =
	"usage: panel minutes PANEL [-C DIR] [--as-of DATE] [--at DATE|COMMIT] [--html]\n"
	"                     [-o FILE] [--templates DIR]\n"
	"\n"
	"Writes the minutes of panel PANEL as Markdown, from the outcomes\n"
	"recorded in panels/PANEL.yaml.  A case with no outcome yet comes out\n"
	"as a fill-in form for the secretariat (recommendation choices as a\n"
	"checklist), so the same command prints the form before the sitting.\n"
	"Detention: recommendation, reasons, long-stop date, actions, audit date\n"
	"and the chair's decisions (CPP-REC, CPP-AUDIT, CPP-QUORUM).\n"
	"Indeterminate sentences: key questions A/B/C and the record\n"
	"(PF-QUESTIONS, PF-RECORD).\n"
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
	"\n"
	"Exit status: 0 written, 1 the template has errors (FILE:LINE:COL on\n"
	"standard error), 2 usage, unknown panel or I/O error.\n";

#include "document.h"

int main(int argc, char **argv)
{
	return pk_document_main(argc, argv, PK_DOC_MINUTES, "panel minutes", usage);
}
