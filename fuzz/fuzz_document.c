/* fuzz_document: agendas and minutes (document.h) from arbitrary records.
 *
 * panel agenda and panel minutes build their view from records that were
 * never validated, so every field may be missing, of the wrong type or
 * hostile.  Input: records as for fuzz_validate (mem_source.h); the first
 * panel among them is rendered with the real templates as a Markdown
 * agenda, HTML minutes and, for ipp panels, the person's own agenda.
 * Properties: no crash, leak or hang; a document is produced or the
 * reason reported; the person's copy never holds the text of a
 * non_disclosable item or of internal_notes (PF-NONDISCLOSURE). */
#define _GNU_SOURCE 1 /* memmem */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "diag.h"
#include "document.h"
#include "mem_source.h"
#include "node.h"
#include "mem.h"

#ifndef TEMPLATES_DIR
#define TEMPLATES_DIR "templates"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAXSECRET 64

/* Secret texts: scalars under non_disclosable or internal_notes that are
 * long, plain words (so escaping cannot hide them), and written once in
 * the whole input (so no allowed field holds the same text). */
static void secrets(const struct pk_node *n, int under, const char *in, size_t size,
		    const char **out, size_t *nout, unsigned depth)
{
	if (!n || depth > 70)
		return;
	if (n->kind == PK_SCALAR) {
		if (!under || n->len < 12 || *nout >= MAXSECRET)
			return;
		for (size_t i = 0; i < n->len; i++)
			if (!isalnum((unsigned char)n->str[i]) && n->str[i] != '-')
				return;
		const char *first = memmem(in, size, n->str, n->len);
		if (!first || memmem(first + 1, size - (size_t)(first + 1 - in), n->str, n->len))
			return;
		out[(*nout)++] = n->str;
		return;
	}
	for (size_t i = 0; i < n->n; i++) {
		int u = under;
		if (n->kind == PK_MAP && (!strcmp(n->keys[i]->str, "non_disclosable") ||
					  !strcmp(n->keys[i]->str, "internal_notes")))
			u = 1;
		secrets(n->items[i], u, in, size, out, nout, depth + 1);
	}
}

static void render(struct pk_source *src, const char *panel, enum pk_doc_kind kind, int html,
		   int person, const char **secret, size_t nsecret)
{
	struct pk_document_opts o;
	struct pk_diags d = PK_DIAGS_INIT;
	struct sbuf out = SBUF_INIT;
	memset(&o, 0, sizeof o);
	o.view.kind = kind;
	o.view.as_of = pk_date_ymd(2026, 11, 23);
	o.view.for_person = person;
	o.templates = TEMPLATES_DIR;
	o.html = html;
	int rc = pk_document(src, panel, &o, &out, &d);
	if (rc != PK_DOC_OK && d.errors == 0)
		abort(); /* no document and no reason */
	if (rc == PK_DOC_OK && person)
		for (size_t i = 0; i < nsecret; i++)
			if (memmem(sbuf_str(&out), out.len, secret[i], strlen(secret[i])))
				abort();
	sbuf_free(&out);
	pk_diags_free(&d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mem *m;
	struct pk_source *src = mem_source(data, size, &m);
	const char *panel = NULL;
	for (size_t i = 0; i < src->n && !panel; i++)
		if (pk_path_kind(src->paths[i]) == PK_R_PANEL)
			panel = src->paths[i];
	if (panel) {
		char *id = xstrndup(panel + 7, strlen(panel) - 7 - 5); /* panels/X.yaml */
		const char *secret[MAXSECRET];
		size_t nsecret = 0;
		/* Secrets of every record, from the same parse the tools do. */
		for (size_t i = 0; i < src->n; i++) {
			struct pk_diags d = PK_DIAGS_INIT;
			struct pk_doc *doc = pk_source_load(src, src->paths[i], &d);
			if (doc && pk_doc_root(doc)) {
				const char *s[MAXSECRET];
				size_t n = 0;
				secrets(pk_doc_root(doc), 0, (const char *)data, size, s, &n, 0);
				/* Copy: the doc goes away. */
				for (size_t k = 0; k < n && nsecret < MAXSECRET; k++)
					secret[nsecret++] = xstrdup(s[k]);
			}
			pk_doc_free(doc);
			pk_diags_free(&d);
		}
		render(src, id, PK_DOC_AGENDA, 0, 0, secret, nsecret);
		render(src, id, PK_DOC_MINUTES, 1, 0, secret, nsecret);
		render(src, id, PK_DOC_AGENDA, 0, 1, secret, nsecret);
		for (size_t k = 0; k < nsecret; k++)
			free((char *)secret[k]);
		free(id);
	}
	pk_source_free(src);
	return 0;
}
