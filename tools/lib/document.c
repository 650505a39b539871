/* document.c: records -> view -> template -> Markdown (-> HTML). */
#include "document.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "render.h"
#include "template.h"

int pk_document(struct pk_source *src, const char *panel_id,
		const struct pk_document_opts *o, struct sbuf *out, struct pk_diags *d)
{
	struct pk_docview v;
	struct sbuf md = SBUF_INIT;
	char *dir = NULL;
	struct pk_tmpl_set *set = NULL;
	int rc = PK_DOC_FAIL;

	if (pk_docview_build(src, panel_id, &o->view, &v, d) < 0)
		return PK_DOC_FAIL;
	dir = pk_tmpl_dir(o->templates);
	set = pk_tmpl_set_new(dir);
	if (pk_tmpl_render(set, v.tmpl, pk_doc_root(v.doc), &md, d) > 0) {
		rc = PK_DOC_TEMPLATE;
		goto cleanup;
	}
	if (o->html) {
		char date[16];
		char *page = pk_html_page(md.s ? md.s : "", md.len, v.title,
					  pk_date_fmt(o->view.as_of, date));
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
	pk_docview_free(&v);
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
	struct sbuf out = SBUF_INIT;
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
	switch (pk_document(src, argv[optind], &o, &out, &d)) {
	case PK_DOC_OK:
		break;
	case PK_DOC_TEMPLATE:
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
	pk_diags_sort(&d);
	pk_diags_print(stderr, &d);
	pk_diags_free(&d);
	pk_source_free(src);
	sbuf_free(&out);
	return rc;
}
