/* report_write.c: the report table structure and its writers (Markdown, HTML,
 * CSV, JSON, SVG).  Nothing here knows what a figure means: the figures
 * are computed in report_calc.c. */
#include "report.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "json.h"
#include "render.h"
#include "template.h"
#include "mem.h"
#include "text.h"

/* ---------- structure ---------- */

struct pk_report *pk_report_new(const char *kind, const char *title)
{
	struct pk_report *r = xcalloc(1, sizeof *r);
	r->kind = xstrdup(kind);
	r->title = xstrdup(title);
	return r;
}

void pk_rcell_clear(struct pk_rcell *c)
{
	free(c->text);
	for (size_t i = 0; i < c->n; i++)
		free(c->ids[i]);
	free(c->ids);
	memset(c, 0, sizeof *c);
}

static void table_free(struct pk_rtable *t)
{
	for (size_t i = 0; i < t->nrows * t->ncols; i++)
		pk_rcell_clear(&t->cells[i]);
	for (size_t i = 0; i < t->ncols; i++) {
		free(t->cols[i].key);
		free(t->cols[i].label);
	}
	free(t->cells);
	free(t->cols);
	free(t->charts);
	free(t->key);
	free(t->title);
	free(t->intro);
	free(t->empty);
	free(t);
}

void pk_report_free(struct pk_report *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->ntables; i++)
		table_free(r->tables[i]);
	for (size_t i = 0; i < r->nparams; i++) {
		free(r->params[i].key);
		free(r->params[i].label);
		free(r->params[i].value);
	}
	for (size_t i = 0; i < r->nnotes; i++)
		free(r->notes[i]);
	free(r->tables);
	free(r->params);
	free(r->notes);
	free(r->kind);
	free(r->title);
	free(r);
}

void pk_report_param(struct pk_report *r, const char *key, const char *label,
		     const char *fmt, ...)
{
	struct sbuf b = SBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	sbuf_vaddf(&b, fmt, ap);
	va_end(ap);
	r->params = xrealloc(r->params, (r->nparams + 1) * sizeof *r->params);
	r->params[r->nparams++] = (struct pk_rparam){xstrdup(key), xstrdup(label), sbuf_detach(&b)};
}

void pk_report_note(struct pk_report *r, const char *fmt, ...)
{
	struct sbuf b = SBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	sbuf_vaddf(&b, fmt, ap);
	va_end(ap);
	r->notes = xrealloc(r->notes, (r->nnotes + 1) * sizeof *r->notes);
	r->notes[r->nnotes++] = sbuf_detach(&b);
}

struct pk_rtable *pk_report_table(struct pk_report *r, const char *key, const char *title,
				  size_t ncols, const char *const cols[][2])
{
	struct pk_rtable *t = xcalloc(1, sizeof *t);
	t->key = xstrdup(key);
	t->title = xstrdup(title);
	t->ncols = ncols;
	t->cols = xcalloc(ncols, sizeof *t->cols);
	for (size_t i = 0; i < ncols; i++) {
		t->cols[i].key = xstrdup(cols[i][0]);
		t->cols[i].label = xstrdup(cols[i][1]);
	}
	r->tables = xrealloc(r->tables, (r->ntables + 1) * sizeof *r->tables);
	r->tables[r->ntables++] = t;
	return t;
}

struct pk_rtable *pk_report_find_table(const struct pk_report *r, const char *key)
{
	for (size_t i = 0; i < r->ntables; i++)
		if (strcmp(r->tables[i]->key, key) == 0)
			return r->tables[i];
	return NULL;
}

size_t pk_rtable_row(struct pk_rtable *t)
{
	if (t->nrows == t->caprows) {
		t->caprows = t->caprows ? t->caprows * 2 : 8;
		t->cells = xrealloc(t->cells, t->caprows * t->ncols * sizeof *t->cells);
	}
	memset(&t->cells[t->nrows * t->ncols], 0, t->ncols * sizeof *t->cells);
	return t->nrows++;
}

struct pk_rcell *pk_rtable_cell(const struct pk_rtable *t, size_t row, size_t col)
{
	return &t->cells[row * t->ncols + col];
}

int pk_rtable_col(const struct pk_rtable *t, const char *key)
{
	for (size_t i = 0; i < t->ncols; i++)
		if (strcmp(t->cols[i].key, key) == 0)
			return (int)i;
	return -1;
}

void pk_rcell_text(struct pk_rcell *c, const char *fmt, ...)
{
	struct sbuf b = SBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	sbuf_vaddf(&b, fmt, ap);
	va_end(ap);
	pk_rcell_clear(c);
	c->kind = PK_RC_TEXT;
	c->text = sbuf_detach(&b);
	if (!c->text)
		c->text = xstrdup("");
}

void pk_rcell_count(struct pk_rcell *c)
{
	if (c->kind != PK_RC_COUNT) {
		pk_rcell_clear(c);
		c->kind = PK_RC_COUNT;
	}
}

void pk_rcell_add(struct pk_rcell *c, const char *id)
{
	pk_rcell_count(c);
	if (c->n == c->cap)
		c->ids = xrealloc(c->ids, (c->cap = c->cap ? c->cap * 2 : 4) * sizeof *c->ids);
	c->ids[c->n++] = xstrdup(id);
}

void pk_rcell_rate(struct pk_rcell *c, long num, long den)
{
	pk_rcell_clear(c);
	c->kind = PK_RC_RATE;
	c->num = num;
	c->den = den;
}

void pk_rcell_copy(struct pk_rcell *dst, const struct pk_rcell *src)
{
	pk_rcell_clear(dst);
	dst->kind = src->kind;
	dst->num = src->num;
	dst->den = src->den;
	if (src->text)
		dst->text = xstrdup(src->text);
	for (size_t i = 0; i < src->n; i++)
		pk_rcell_add(dst, src->ids[i]);
}

size_t pk_rcell_finish(struct pk_rcell *c)
{
	if (c->kind != PK_RC_COUNT || c->n < 2)
		return c->n;
	qsort(c->ids, c->n, sizeof *c->ids, pk_str_cmp);
	size_t k = 1;
	for (size_t j = 1; j < c->n; j++) {
		if (strcmp(c->ids[j], c->ids[k - 1]) == 0)
			free(c->ids[j]);
		else
			c->ids[k++] = c->ids[j];
	}
	c->n = k;
	return k;
}

void pk_report_finish(struct pk_report *r)
{
	for (size_t t = 0; t < r->ntables; t++) {
		struct pk_rtable *tb = r->tables[t];
		for (size_t i = 0; i < tb->nrows * tb->ncols; i++)
			pk_rcell_finish(&tb->cells[i]);
	}
}

void pk_rate_fmt(long num, long den, char *buf, size_t n)
{
	if (den <= 0) {
		snprintf(buf, n, "n/a");
		return;
	}
	/* Integer arithmetic, half up: no locale, no floating point. */
	long tenths = (num * 2000 + den) / (2 * den);
	snprintf(buf, n, "%ld.%ld", tenths / 10, tenths % 10);
}

/* ---------- shared by the writers ---------- */

static int numeric_col(const struct pk_rtable *t, size_t col)
{
	for (size_t r = 0; r < t->nrows; r++) {
		enum pk_rcell_kind k = pk_rtable_cell(t, r, col)->kind;
		if (k == PK_RC_COUNT || k == PK_RC_RATE)
			return 1;
	}
	return 0;
}

static int count_col(const struct pk_rtable *t, size_t col)
{
	for (size_t r = 0; r < t->nrows; r++)
		if (pk_rtable_cell(t, r, col)->kind == PK_RC_COUNT)
			return 1;
	return 0;
}

/* The row's name for a drill-down line: its leading text cells. */
static void row_name(const struct pk_rtable *t, size_t row, struct sbuf *out, int md)
{
	int any = 0;
	for (size_t c = 0; c < t->ncols; c++) {
		const struct pk_rcell *cell = pk_rtable_cell(t, row, c);
		if (cell->kind != PK_RC_TEXT)
			break;
		if (any)
			sbuf_adds(out, ", ");
		if (md)
			pk_md_escape(out, cell->text, strlen(cell->text));
		else
			sbuf_adds(out, cell->text);
		any = 1;
	}
	if (!any)
		sbuf_addf(out, "row %zu", row + 1);
}

/* ---------- Markdown ---------- */

static void md_cell(struct sbuf *out, const struct pk_rcell *c)
{
	char buf[32];
	switch (c->kind) {
	case PK_RC_TEXT:
		pk_md_escape(out, c->text, strlen(c->text));
		break;
	case PK_RC_COUNT:
		sbuf_addf(out, "%zu", c->n);
		break;
	case PK_RC_RATE:
		pk_rate_fmt(c->num, c->den, buf, sizeof buf);
		sbuf_adds(out, buf);
		if (c->den > 0)
			sbuf_addc(out, '%');
		break;
	case PK_RC_EMPTY:
		break;
	}
}

/* charts: 1 for the HTML page (placeholders that become SVG). */
static void md_table(const struct pk_rtable *t, size_t ti, int list, int charts, struct sbuf *out)
{
	sbuf_adds(out, "## ");
	pk_md_escape(out, t->title, strlen(t->title));
	sbuf_adds(out, "\n\n");
	if (t->intro)
		sbuf_addf(out, "%s\n\n", t->intro);
	if (t->nrows == 0) {
		sbuf_addf(out, "%s\n\n", t->empty ? t->empty : "None.");
		return;
	}
	sbuf_adds(out, "|");
	for (size_t c = 0; c < t->ncols; c++) {
		sbuf_addc(out, ' ');
		pk_md_escape(out, t->cols[c].label, strlen(t->cols[c].label));
		sbuf_adds(out, " |");
	}
	sbuf_adds(out, "\n|");
	for (size_t c = 0; c < t->ncols; c++)
		sbuf_adds(out, numeric_col(t, c) ? " --: |" : " --- |");
	sbuf_addc(out, '\n');
	for (size_t r = 0; r < t->nrows; r++) {
		sbuf_adds(out, "|");
		for (size_t c = 0; c < t->ncols; c++) {
			sbuf_addc(out, ' ');
			md_cell(out, pk_rtable_cell(t, r, c));
			sbuf_adds(out, " |");
		}
		sbuf_addc(out, '\n');
	}
	sbuf_addc(out, '\n');
	if (charts)
		for (size_t i = 0; i < t->ncharts; i++)
			sbuf_addf(out, "PANELKIT-CHART-%zu-%d\n\n", ti, t->charts[i]);
	if (!list)
		return;
	int any = 0;
	for (size_t r = 0; r < t->nrows; r++)
		for (size_t c = 0; c < t->ncols; c++) {
			const struct pk_rcell *cell = pk_rtable_cell(t, r, c);
			if (cell->kind != PK_RC_COUNT || cell->n == 0)
				continue;
			if (!any)
				sbuf_adds(out, "Behind each count:\n\n");
			any = 1;
			sbuf_adds(out, "- ");
			row_name(t, r, out, 1);
			sbuf_adds(out, ", ");
			pk_md_escape(out, t->cols[c].label, strlen(t->cols[c].label));
			sbuf_addf(out, " (%zu): ", cell->n);
			for (size_t i = 0; i < cell->n; i++) {
				if (i)
					sbuf_adds(out, ", ");
				pk_md_escape(out, cell->ids[i], strlen(cell->ids[i]));
			}
			sbuf_addc(out, '\n');
		}
	if (any)
		sbuf_addc(out, '\n');
}

static void write_md(const struct pk_report *r, int list, int charts, struct sbuf *out)
{
	sbuf_adds(out, "# ");
	pk_md_escape(out, r->title, strlen(r->title));
	sbuf_adds(out, "\n\n");
	for (size_t i = 0; i < r->nparams; i++) {
		sbuf_adds(out, "- ");
		pk_md_escape(out, r->params[i].label, strlen(r->params[i].label));
		sbuf_adds(out, ": ");
		pk_md_escape(out, r->params[i].value, strlen(r->params[i].value));
		sbuf_addc(out, '\n');
	}
	if (r->nparams)
		sbuf_addc(out, '\n');
	for (size_t i = 0; i < r->ntables; i++)
		md_table(r->tables[i], i, list, charts, out);
	if (r->nnotes) {
		sbuf_adds(out, "## Definitions\n\n");
		for (size_t i = 0; i < r->nnotes; i++)
			sbuf_addf(out, "- %s\n", r->notes[i]);
	}
}

/* ---------- HTML ---------- */

static int write_html(const struct pk_report *r, int list, struct sbuf *out, char *err,
		      size_t errlen)
{
	struct sbuf md = SBUF_INIT;
	write_md(r, list, 1, &md);
	char *page = pk_html_page(sbuf_str(&md), md.len, r->title, NULL);
	sbuf_free(&md);
	if (!page) {
		snprintf(err, errlen, "cmark could not render the page");
		return -1;
	}
	/* Charts are SVG text built here, every label escaped: cmark never sees
	 * raw HTML (render.h).  Record text only reaches table cells and list
	 * items, so a whole paragraph that is a placeholder is ours. */
	const char *p = page;
	for (;;) {
		const char *m = strstr(p, "<p>PANELKIT-CHART-");
		if (!m) {
			sbuf_adds(out, p);
			break;
		}
		size_t ti, col;
		int used = 0;
		const char *end = strstr(m, "</p>\n");
		if (end && sscanf(m, "<p>PANELKIT-CHART-%zu-%zu</p>%n", &ti, &col, &used) == 2 &&
		    used > 0 && m + used == end + 4 && ti < r->ntables && col < r->tables[ti]->ncols) {
			sbuf_add(out, p, (size_t)(m - p));
			pk_report_svg(r->tables[ti], col, out);
			p = end + 5;
		} else {
			sbuf_add(out, p, (size_t)(m - p) + 3);
			p = m + 3;
		}
	}
	free(page);
	return 0;
}

/* ---------- SVG ---------- */

enum { SVG_BAR = 36, SVG_GAP = 14, SVG_PLOT = 140, SVG_LEFT = 10, SVG_TOP = 34 };

void pk_report_svg(const struct pk_rtable *t, size_t col, struct sbuf *out)
{
	long max = 1;
	int rate = 0;
	for (size_t r = 0; r < t->nrows; r++) {
		const struct pk_rcell *c = pk_rtable_cell(t, r, col);
		if (c->kind == PK_RC_RATE)
			rate = 1;
		else if (c->kind == PK_RC_COUNT && (long)c->n > max)
			max = (long)c->n;
	}
	if (rate)
		max = 1000; /* tenths of a per cent */
	long w = SVG_LEFT * 2 + (long)t->nrows * (SVG_BAR + SVG_GAP);
	long h = SVG_TOP + SVG_PLOT + 24, base = SVG_TOP + SVG_PLOT;
	struct sbuf label = SBUF_INIT;
	sbuf_adds(&label, t->cols[col].label);
	if (rate)
		sbuf_adds(&label, " (%)");
	sbuf_addf(out, "<figure class=\"chart\">\n<svg xmlns=\"http://www.w3.org/2000/svg\" "
		  "width=\"%ld\" height=\"%ld\" viewBox=\"0 0 %ld %ld\" role=\"img\" aria-label=\"",
		  w, h, w, h);
	pk_html_escape(out, label.s);
	sbuf_adds(out, "\">\n<title>");
	pk_html_escape(out, label.s);
	sbuf_adds(out, "</title>\n");
	sbuf_addf(out, "<line x1=\"%d\" y1=\"%ld\" x2=\"%ld\" y2=\"%ld\" stroke=\"#000\"/>\n",
		  SVG_LEFT, base, w - SVG_LEFT, base);
	for (size_t r = 0; r < t->nrows; r++) {
		const struct pk_rcell *c = pk_rtable_cell(t, r, col);
		struct sbuf name = SBUF_INIT;
		char val[32];
		long v = -1, x = SVG_LEFT + (long)r * (SVG_BAR + SVG_GAP) + SVG_GAP / 2;
		const struct pk_rcell *lab = pk_rtable_cell(t, r, 0);
		if (lab->kind == PK_RC_TEXT)
			sbuf_adds(&name, lab->text);
		else
			sbuf_addf(&name, "%zu", r + 1);
		if (c->kind == PK_RC_RATE) {
			pk_rate_fmt(c->num, c->den, val, sizeof val);
			if (c->den > 0) {
				v = (c->num * 2000 + c->den) / (2 * c->den);
				strcat(val, "%");
			}
		} else if (c->kind == PK_RC_COUNT) {
			snprintf(val, sizeof val, "%zu", c->n);
			v = (long)c->n;
		} else {
			snprintf(val, sizeof val, "n/a");
		}
		long bh = v < 0 ? 0 : (v * SVG_PLOT + max / 2) / max;
		if (v >= 0) {
			sbuf_addf(out, "<rect x=\"%ld\" y=\"%ld\" width=\"%d\" height=\"%ld\" fill=\"#3a5f8f\">"
				  "<title>", x, base - bh, SVG_BAR, bh);
			pk_html_escape(out, name.s ? name.s : "");
			sbuf_adds(out, ": ");
			pk_html_escape(out, val);
			sbuf_adds(out, "</title></rect>\n");
		}
		sbuf_addf(out, "<text x=\"%ld\" y=\"%ld\" font-size=\"11\" text-anchor=\"middle\">",
			  x + SVG_BAR / 2, base - bh - 4);
		pk_html_escape(out, val);
		sbuf_addf(out, "</text>\n<text x=\"%ld\" y=\"%ld\" font-size=\"10\" text-anchor=\"middle\">",
			  x + SVG_BAR / 2, base + 14);
		pk_html_escape(out, name.s ? name.s : "");
		sbuf_adds(out, "</text>\n");
		sbuf_free(&name);
	}
	sbuf_adds(out, "</svg>\n<figcaption>");
	pk_html_escape(out, label.s);
	sbuf_adds(out, "</figcaption>\n</figure>\n");
	sbuf_free(&label);
}

/* ---------- CSV (RFC 4180) ---------- */

static void csv_cell(struct sbuf *out, const struct pk_rcell *c)
{
	char buf[32];
	switch (c->kind) {
	case PK_RC_TEXT:
		pk_csv_field(out, c->text);
		break;
	case PK_RC_COUNT:
		sbuf_addf(out, "%zu", c->n);
		break;
	case PK_RC_RATE:
		if (c->den > 0) {
			pk_rate_fmt(c->num, c->den, buf, sizeof buf);
			sbuf_adds(out, buf);
		}
		break;
	case PK_RC_EMPTY:
		break;
	}
}

static int write_csv(const struct pk_report *r, const struct pk_rwrite_opts *o, struct sbuf *out,
		     char *err, size_t errlen)
{
	const struct pk_rtable *t = NULL;
	if (o->table)
		t = pk_report_find_table(r, o->table);
	else if (r->ntables)
		t = r->tables[0];
	if (!t) {
		struct sbuf keys = SBUF_INIT;
		for (size_t i = 0; i < r->ntables; i++)
			sbuf_addf(&keys, "%s%s", i ? ", " : "", r->tables[i]->key);
		snprintf(err, errlen, "no table \"%s\" in the %s report (tables: %s)",
			 o->table ? o->table : "", r->kind, sbuf_str(&keys));
		sbuf_free(&keys);
		return -1;
	}
	int *ids = xcalloc(t->ncols ? t->ncols : 1, sizeof *ids);
	for (size_t c = 0; c < t->ncols; c++)
		ids[c] = o->list && count_col(t, c);
	for (size_t c = 0; c < t->ncols; c++) {
		if (c)
			sbuf_addc(out, ',');
		pk_csv_field(out, t->cols[c].label);
		if (ids[c]) {
			struct sbuf h = SBUF_INIT;
			sbuf_addf(&h, "%s IDs", t->cols[c].label);
			sbuf_addc(out, ',');
			pk_csv_field(out, h.s);
			sbuf_free(&h);
		}
	}
	sbuf_adds(out, "\r\n");
	for (size_t row = 0; row < t->nrows; row++) {
		for (size_t c = 0; c < t->ncols; c++) {
			const struct pk_rcell *cell = pk_rtable_cell(t, row, c);
			if (c)
				sbuf_addc(out, ',');
			csv_cell(out, cell);
			if (ids[c]) {
				struct sbuf l = SBUF_INIT;
				for (size_t i = 0; i < cell->n; i++)
					sbuf_addf(&l, "%s%s", i ? " " : "", cell->ids[i]);
				sbuf_addc(out, ',');
				pk_csv_field(out, sbuf_str(&l));
				sbuf_free(&l);
			}
		}
		sbuf_adds(out, "\r\n");
	}
	free(ids);
	return 0;
}

/* ---------- JSON ---------- */

static void json_cell(struct pk_jw *w, const struct pk_rcell *c)
{
	char buf[32];
	switch (c->kind) {
	case PK_RC_TEXT:
		pk_jw_str(w, c->text);
		break;
	case PK_RC_COUNT:
		pk_jw_uint(w, c->n);
		break;
	case PK_RC_RATE:
		if (c->den > 0) {
			pk_rate_fmt(c->num, c->den, buf, sizeof buf);
			pk_jw_raw(w, buf);
		} else {
			pk_jw_null(w);
		}
		break;
	case PK_RC_EMPTY:
		pk_jw_null(w);
		break;
	}
}

/* Two-space indent down to the rows; a row, a column and the params on
 * one line each. */
static void write_json(const struct pk_report *r, int list, struct sbuf *out)
{
	struct pk_jw w;
	pk_jw_init_sbuf(&w, out);
	pk_jw_obj_begin(&w, PK_JW_LINES(2));
	pk_jw_kstr(&w, "report", r->kind);
	pk_jw_kstr(&w, "title", r->title);
	pk_jw_key(&w, "params");
	pk_jw_obj_begin(&w, PK_JW_INLINE);
	for (size_t i = 0; i < r->nparams; i++)
		pk_jw_kstr(&w, r->params[i].key, r->params[i].value);
	pk_jw_obj_end(&w);
	pk_jw_key(&w, "tables");
	pk_jw_arr_begin(&w, PK_JW_LINES(2));
	for (size_t ti = 0; ti < r->ntables; ti++) {
		const struct pk_rtable *t = r->tables[ti];
		pk_jw_obj_begin(&w, PK_JW_LINES(2));
		pk_jw_kstr(&w, "key", t->key);
		pk_jw_kstr(&w, "title", t->title);
		pk_jw_key(&w, "columns");
		pk_jw_arr_begin(&w, PK_JW_INLINE);
		for (size_t c = 0; c < t->ncols; c++) {
			pk_jw_obj_begin(&w, PK_JW_INLINE);
			pk_jw_kstr(&w, "key", t->cols[c].key);
			pk_jw_kstr(&w, "label", t->cols[c].label);
			pk_jw_obj_end(&w);
		}
		pk_jw_arr_end(&w);
		pk_jw_key(&w, "rows");
		pk_jw_arr_begin(&w, PK_JW_LINES(2));
		for (size_t row = 0; row < t->nrows; row++) {
			pk_jw_obj_begin(&w, PK_JW_INLINE);
			for (size_t c = 0; c < t->ncols; c++) {
				pk_jw_key(&w, t->cols[c].key);
				json_cell(&w, pk_rtable_cell(t, row, c));
			}
			if (list) {
				pk_jw_key(&w, "ids");
				pk_jw_obj_begin(&w, PK_JW_INLINE);
				for (size_t c = 0; c < t->ncols; c++) {
					const struct pk_rcell *cell = pk_rtable_cell(t, row, c);
					if (cell->kind != PK_RC_COUNT)
						continue;
					pk_jw_key(&w, t->cols[c].key);
					pk_jw_arr_begin(&w, PK_JW_INLINE);
					for (size_t i = 0; i < cell->n; i++)
						pk_jw_str(&w, cell->ids[i]);
					pk_jw_arr_end(&w);
				}
				pk_jw_obj_end(&w);
			}
			pk_jw_obj_end(&w);
		}
		pk_jw_arr_end(&w);
		pk_jw_obj_end(&w);
	}
	pk_jw_arr_end(&w);
	pk_jw_key(&w, "notes");
	pk_jw_arr_begin(&w, PK_JW_LINES(2));
	for (size_t i = 0; i < r->nnotes; i++)
		pk_jw_str(&w, r->notes[i]);
	pk_jw_arr_end(&w);
	pk_jw_obj_end(&w);
	pk_jw_text(&w, "\n");
}

int pk_report_write(const struct pk_report *r, enum pk_rformat f,
		    const struct pk_rwrite_opts *o, struct sbuf *out, char *err, size_t errlen)
{
	static const struct pk_rwrite_opts none = {0, NULL};
	if (!o)
		o = &none;
	sbuf_add(out, "", 0);
	switch (f) {
	case PK_RF_MARKDOWN:
		write_md(r, o->list, 0, out);
		return 0;
	case PK_RF_HTML:
		return write_html(r, o->list, out, err, errlen);
	case PK_RF_CSV:
		return write_csv(r, o, out, err, errlen);
	case PK_RF_JSON:
		write_json(r, o->list, out);
		return 0;
	}
	snprintf(err, errlen, "unknown format");
	return -1;
}

int pk_parse_month(const char *s, int *y, int *m)
{
	pk_date d;
	char buf[16];
	if (!s || strlen(s) != 7)
		return -1;
	snprintf(buf, sizeof buf, "%s-01", s);
	if (pk_date_parse(buf, &d, NULL) < 0)
		return -1;
	int dd;
	pk_date_split(d, y, m, &dd);
	return 0;
}
