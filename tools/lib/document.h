/* document.h: agendas and minutes, end to end: the records of a panel
 * (docview.h), a template (template.h), Markdown, and optionally a
 * printable HTML page (render.h).  What panel agenda, panel minutes and
 * panel letter run, so tests reach all of it. */
#ifndef PK_DOCUMENT_H
#define PK_DOCUMENT_H

#include "cli.h"
#include "diag.h"
#include "docview.h"
#include "record.h"
#include "mem.h"

struct pk_document_opts {
	struct pk_docview_opts view;
	const char *templates;  /* template directory; NULL: pk_tmpl_dir(NULL) */
	int html;               /* a complete HTML page instead of Markdown */
	int eml;                /* letters: an RFC 5322 message (letter.h) */
};

enum { PK_DOC_OK = 0, PK_DOC_TEMPLATE = 1, PK_DOC_FAIL = 2, PK_DOC_REFUSED = 3 };

/* Appends the document to out.  Returns PK_DOC_OK, PK_DOC_REFUSED (a
 * person's copy that would carry non-disclosable text, reported to d),
 * PK_DOC_TEMPLATE (the template has errors, reported to d) or PK_DOC_FAIL (the records do not
 * give a document, reported to d); out is only valid with PK_DOC_OK. */
int pk_document(struct pk_source *src, const char *panel_id,
		const struct pk_document_opts *o, struct sbuf *out, struct pk_diags *d);

/* The command line panel agenda, minutes and letter share
 * (document_cli.c): each option declared once in pk_document_options
 * (-C, --as-of, --at, --html, -o/--output, --templates, --for, --case;
 * --worktree, the default, kept for scripts); a tool places in its own
 * table those it takes (PK_OPT_USE, with its wording where it differs)
 * and names the table as its shared one. */
enum {
	PK_DOCOPT_AS_OF = PK_OPT_CODE + 64, /* clear of the tools' own codes */
	PK_DOCOPT_AT,
	PK_DOCOPT_HTML,
	PK_DOCOPT_TEMPLATES,
	PK_DOCOPT_FOR,
	PK_DOCOPT_CASE,
	PK_DOCOPT_WORKTREE,
};
extern const struct pk_opt pk_document_options[];
struct pk_document_args {
	struct pk_document_opts o;
	const char *dir;    /* -C (default: .) */
	const char *at;     /* --at DATE|COMMIT, or NULL */
	const char *output; /* -o FILE, or NULL: standard output */
};
/* A document of kind dated today, to standard output, from the records in
 * the current directory. */
void pk_document_args_init(struct pk_document_args *a, enum pk_doc_kind kind);
/* pk_cli_getopt for these tools: the shared options are stored in a, a
 * value refused is reported (PK_OPT_FAILED returned); any other key is
 * returned for the tool's switch, -1 after the last option. */
int pk_document_getopt(const struct pk_cli *cli, int argc, char **argv, struct pk_document_args *a);
/* The rest of those tools: the records (a->at's commit, else those of
 * kinds in a->dir, as pk_source_dir_kinds), the document of panel_id written
 * to a->output, the findings printed to stderr.  pk_document's result,
 * PK_DOC_FAIL too when the records or the output failed. */
int pk_document_write(const char *prog, const struct pk_document_args *a, const char *panel_id,
		      unsigned kinds);
/* The exit status those tools document for a pk_document_write result
 * (0 written, 1 template errors or refused, 2 anything else): the tools'
 * edge, as pk_cli_other is for their options. */
int pk_document_status(int result);

#endif
