/* document.c: records -> view -> template -> Markdown (-> HTML). */
#include "document.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "history.h"
#include "letter.h"
#include "render.h"
#include "template.h"

/* The marking as one line: whitespace runs become one space, trimmed. */
static char *one_line(const char *s)
{
	struct sbuf b = SBUF_INIT;
	int space = 0;
	for (; *s; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') {
			space = b.len > 0;
			continue;
		}
		if (space)
			sbuf_addc(&b, ' ');
		space = 0;
		sbuf_addc(&b, *s);
	}
	return b.s ? sbuf_detach(&b) : xstrdup("");
}

int pk_document(struct pk_source *src, const char *panel_id,
		const struct pk_document_opts *o, struct sbuf *out, struct pk_diags *d)
{
	struct pk_docview v;
	struct sbuf md = SBUF_INIT;
	char *dir = NULL;
	struct pk_tmpl_set *set = NULL;
	int rc = PK_DOC_FAIL;

	struct sbuf marking = SBUF_INIT;
	char date[16];
	int built = pk_docview_build(src, panel_id, &o->view, &v, d);
	if (built < 0)
		return built == PK_DOCVIEW_REFUSED ? PK_DOC_REFUSED : PK_DOC_FAIL;
	dir = pk_tmpl_dir(o->templates);
	set = pk_tmpl_set_new(dir);
	/* The security marking has one home, templates/marking.md: the
	 * documents print it as doc.marking, and so does every printed page. */
	struct pk_node *root = pk_doc_root(v.doc), *dv = pk_get(root, "doc");
	/* Errors in it and in the document's template are reported in one run. */
	int bad = pk_tmpl_render(set, "marking", root, &marking, d) > 0;
	char *mk = one_line(marking.s ? marking.s : "");
	pk_map_put(v.doc, dv, "marking", bad ? pk_new_plain(v.doc, "null") : pk_new_str(v.doc, mk));
	free(mk);
	const char *copy = v.person ? "The person's copy" : NULL;
	pk_map_put(v.doc, dv, "copy", copy ? pk_new_str(v.doc, copy) : pk_new_plain(v.doc, "null"));
	if (pk_tmpl_render(set, v.tmpl, root, &md, d) > 0 || bad) {
		rc = PK_DOC_TEMPLATE;
		goto cleanup;
	}
	pk_date_fmt(o->view.as_of, date);
	struct pk_page pg = {v.title, date, pk_get_str(dv, "marking"), panel_id, copy};
	if (o->eml) {
		char *page = pk_html_doc(md.s ? md.s : "", md.len, &pg);
		struct sbuf idp = SBUF_INIT;
		sbuf_adds(&idp, panel_id);
		if (o->view.case_id)
			sbuf_addf(&idp, ".%s", o->view.case_id);
		int e = page ? pk_letter_eml(out, pk_get(root, "letter"), idp.s, o->view.as_of,
					     md.s ? md.s : "", page, d) : -1;
		sbuf_free(&idp);
		free(page);
		if (e < 0)
			goto cleanup;
	} else if (o->html) {
		char *page = pk_html_doc(md.s ? md.s : "", md.len, &pg);
		if (!page) {
			pk_diag_add(d, PK_ERROR, panel_id, 0, 0, NULL, "KIT-IO", NULL,
				    "cmark could not render the page");
			goto cleanup;
		}
		sbuf_adds(out, page);
		free(page);
	} else {
		sbuf_add(out, md.s ? md.s : "", md.len);
	}
	rc = PK_DOC_OK;
cleanup:
	pk_tmpl_set_free(set);
	free(dir);
	sbuf_free(&md);
	sbuf_free(&marking);
	pk_docview_free(&v);
	return rc;
}

/* The document of panel_id to output (atomic) or standard output: the exit
 * status of panel agenda, minutes and letter. */
static int write_document(const char *prog, struct pk_source *src, const char *panel_id,
			  const struct pk_document_opts *o, const char *output, struct pk_diags *d)
{
	struct sbuf out = SBUF_INIT;
	int rc = PK_EXIT_USAGE;
	switch (pk_document(src, panel_id, o, &out, d)) {
	case PK_DOC_OK:
		break;
	case PK_DOC_TEMPLATE:
	case PK_DOC_REFUSED:
		rc = PK_EXIT_FINDINGS;
		goto done;
	default:
		goto done;
	}
	if (output) {
		if (pk_write_atomic(output, out.s ? out.s : "", out.len, 0) < 0) {
			fprintf(stderr, "%s: %s: %s\n", prog, output, strerror(errno));
			goto done;
		}
	} else if (fwrite(out.s ? out.s : "", 1, out.len, stdout) != out.len || fflush(stdout)) {
		pk_stdout_error(prog);
		goto done;
	}
	rc = PK_EXIT_OK;
done:
	sbuf_free(&out);
	return rc;
}

int pk_document_main(int argc, char **argv, enum pk_doc_kind kind, const char *prog,
		     const char *usage)
{
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
	o.view.kind = kind;
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

	src = at ? pk_source_at(dir, at, &d) : pk_source_dir(dir, &d);
	if (!src)
		goto done;
	rc = write_document(prog, src, argv[optind], &o, output, &d);
done:
	pk_diags_sort(&d);
	pk_diags_print(stderr, &d);
	pk_diags_free(&d);
	pk_source_free(src);
	return rc;
}

int pk_letter_main(int argc, char **argv, const char *prog, const char *usage)
{
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
	if (!src)
		goto done;
	rc = write_document(prog, src, argv[optind + 1], &o, output, &d);
done:
	pk_diags_sort(&d);
	pk_diags_print(stderr, &d);
	pk_diags_free(&d);
	pk_source_free(src);
	return rc;
}
