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

#include "document.h"

int main(int argc, char **argv)
{
	return pk_letter_main(argc, argv, "panel letter", usage);
}
