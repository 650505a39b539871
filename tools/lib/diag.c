#include "diag.h"

#include <unistd.h>
#include "util.h"

#include <stdlib.h>
#include <string.h>

void pk_diag_add(struct pk_diags *d, enum pk_sev sev, const char *file,
		 unsigned line, unsigned col, const char *src_line,
		 const char *rule, const char *hint, const char *fmt, ...)
{
	struct sbuf msg = SBUF_INIT;
	va_list ap;

	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 16;
		d->v = xrealloc(d->v, d->cap * sizeof *d->v);
	}
	va_start(ap, fmt);
	sbuf_vaddf(&msg, fmt, ap);
	va_end(ap);

	struct pk_diag *g = &d->v[d->n];
	/* File names, messages and hints quote the records (IDs, keys, file
	 * names): control characters in them must not reach the terminal. */
	/* A finding about the whole repository names it, not "." (-C . or
	 * the default): the directory's absolute path. */
	char cwd[4096];
	if (file && (!strcmp(file, ".") || !strcmp(file, "./")) && getcwd(cwd, sizeof cwd))
		file = cwd;
	g->file = pk_printable(file ? file : "", file ? strlen(file) : 0, (size_t)-1);
	g->line = line;
	g->col = col;
	g->sev = sev;
	g->rule = xstrdup(rule ? rule : "KIT");
	g->msg = pk_printable(sbuf_str(&msg), msg.len, (size_t)-1);
	sbuf_free(&msg);
	g->hint = hint ? pk_printable(hint, strlen(hint), (size_t)-1) : NULL;
	g->src = src_line ? pk_printable(src_line, strlen(src_line), 200) : NULL;
	g->seq = d->n;
	d->n++;
	if (sev == PK_ERROR)
		d->errors++;
	else
		d->warnings++;
}

static int cmp_diag(const void *a, const void *b)
{
	const struct pk_diag *x = a, *y = b;
	int c = strcmp(x->file, y->file);
	if (c)
		return c;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

void pk_diags_sort(struct pk_diags *d)
{
	if (d->n > 1)
		qsort(d->v, d->n, sizeof *d->v, cmp_diag);
}

void pk_diags_print(FILE *out, const struct pk_diags *d)
{
	for (size_t i = 0; i < d->n; i++) {
		const struct pk_diag *g = &d->v[i];
		const char *sev = g->sev == PK_ERROR ? "error" : "warning";
		if (g->line && g->col)
			fprintf(out, "%s:%u:%u: %s: %s [%s]\n", g->file, g->line, g->col, sev, g->msg, g->rule);
		else if (g->line)
			fprintf(out, "%s:%u: %s: %s [%s]\n", g->file, g->line, sev, g->msg, g->rule);
		else
			fprintf(out, "%s: %s: %s [%s]\n", g->file, sev, g->msg, g->rule);
		if (g->src && g->line) {
			int w = fprintf(out, "%5u | ", g->line) - 2;
			fprintf(out, "%s\n%*s| ", g->src, w, "");
			/* Columns count characters, not bytes; tabs are kept so
			 * the caret lines up under them. */
			const unsigned char *s = (const unsigned char *)g->src;
			for (unsigned c = 1; g->col && c < g->col && *s; c++) {
				fputc(*s == '\t' ? '\t' : ' ', out);
				s++;
				while ((*s & 0xc0) == 0x80)
					s++;
			}
			fputs("^\n", out);
		}
		if (g->hint)
			fprintf(out, "hint: %s\n", g->hint);
	}
}

void pk_json_str(FILE *out, const char *s)
{
	fputc('"', out);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"': fputs("\\\"", out); break;
		case '\\': fputs("\\\\", out); break;
		case '\n': fputs("\\n", out); break;
		case '\r': fputs("\\r", out); break;
		case '\t': fputs("\\t", out); break;
		default:
			if (*p < 0x20)
				fprintf(out, "\\u%04x", *p);
			else
				fputc(*p, out);
		}
	}
	fputc('"', out);
}

void pk_json_field(FILE *out, const char *key, const char *val)
{
	fprintf(out, ", \"%s\": ", key);
	if (val)
		pk_json_str(out, val);
	else
		fputs("null", out);
}

void pk_diags_print_json(FILE *out, const struct pk_diags *d)
{
	fputs("[", out);
	for (size_t i = 0; i < d->n; i++) {
		const struct pk_diag *g = &d->v[i];
		fputs(i ? ",\n " : "\n ", out);
		fputs("{\"file\":", out);
		pk_json_str(out, g->file);
		fprintf(out, ",\"line\":%u,\"column\":%u,\"severity\":\"%s\",\"rule\":",
			g->line, g->col, g->sev == PK_ERROR ? "error" : "warning");
		pk_json_str(out, g->rule);
		fputs(",\"message\":", out);
		pk_json_str(out, g->msg);
		if (g->hint) {
			fputs(",\"hint\":", out);
			pk_json_str(out, g->hint);
		}
		fputs("}", out);
	}
	fputs(d->n ? "\n]\n" : "]\n", out);
}

void pk_diags_free(struct pk_diags *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->v[i].file);
		free(d->v[i].rule);
		free(d->v[i].msg);
		free(d->v[i].hint);
		free(d->v[i].src);
	}
	free(d->v);
	memset(d, 0, sizeof *d);
}
