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

#include <getopt.h>
#include <string.h>

#include "cli.h"
#include "document.h"
#include "history.h"

int main(int argc, char **argv)
{
	static const char prog[] = "panel minutes";
	static const struct option opts[] = {
		{"as-of", required_argument, NULL, 'a'},
		{"worktree", no_argument, NULL, 'w'}, /* the default: kept for scripts */
		{"at", required_argument, NULL, 'T'},
		{"for", required_argument, NULL, 'f'},
		{"case", required_argument, NULL, 'c'},
		{"html", no_argument, NULL, 'H'},
		{"output", required_argument, NULL, 'o'},
		{"templates", required_argument, NULL, 't'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	pk_cli_start(prog, &argc, &argv, PK_CLI_QUIET | PK_CLI_REPO);
	struct pk_document_opts o;
	struct pk_diags d = PK_DIAGS_INIT;
	struct pk_source *src = NULL;
	const char *dir = ".", *output = NULL;
	const char *at = NULL;
	int c, rc = PK_EXIT_USAGE;

	memset(&o, 0, sizeof o);
	o.view.kind = PK_DOC_MINUTES;
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
		case 'f':
			if (strcmp(optarg, "person"))
				return pk_usage_error(prog, usage, "--for: \"%s\": the only copy is \"person\"", optarg);
			o.view.for_person = 1;
			break;
		case 'c': o.view.case_id = optarg; break;
		case 'H': o.html = 1; break;
		case 'o': output = optarg; break;
		case 't': o.templates = optarg; break;
		case 'h': fputs(usage, stdout); return PK_EXIT_OK;
		case ':': return pk_usage_error(prog, usage, "%s needs a value", argv[optind - 1]);
		default: return pk_usage_error(prog, usage, "unknown option %s", argv[optind - 1]);
		}
	}
	if (optind + 1 != argc)
		return pk_usage_error(prog, usage, optind == argc ? "which panel?" : "one panel at a time");
	if (o.view.case_id && !o.view.for_person)
		return pk_usage_error(prog, usage, "--case goes with --for person");

	/* cases are read by ID, as the panel names them: not listed */
	src = at ? pk_source_at(dir, at, &d)
		 : pk_source_dir_kinds(dir, (1u << PK_R_PERSON) | (1u << PK_R_PANEL), &d);
	if (src) {
		struct sbuf out = SBUF_INIT;
		switch (pk_document(src, argv[optind], &o, &out, &d)) {
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
