#include "diag.h"

#include "json.h"
#include "mem.h"
#include "text.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- spilled runs (pk_diags_spill) ----
 * A registry beside struct pk_diags rather than a field in it: the struct
 * is initialised positionally in places (PK_DIAGS_INIT and others). */
struct run {
	off_t start, end;
};

struct spill {
	const struct pk_diags *owner;
	struct spill *next;
	size_t budget, mem, counted; /* bytes held by d->v[0..counted) */
	size_t spilled;              /* findings written to runs */
	FILE *f;
	off_t end;
	struct run *runs;
	size_t nruns, cap;
};

static struct spill *spills;

static struct spill *spill_of(const struct pk_diags *d)
{
	for (struct spill *s = spills; s; s = s->next)
		if (s->owner == d)
			return s;
	return NULL;
}

const char *pk_diag_file_name(const char *file, char *buf, size_t size)
{
	/* A finding about the whole repository names it, not "." (-C . or
	 * the default): the directory's absolute path. */
	if (file && (!strcmp(file, ".") || !strcmp(file, "./")) && getcwd(buf, size))
		return buf;
	return file;
}

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
	char cwd[4096];
	file = pk_diag_file_name(file, cwd, sizeof cwd);
	g->file = pk_printable(file ? file : "", file ? strlen(file) : 0, (size_t)-1);
	g->line = line;
	g->col = col;
	g->sev = sev;
	g->rule = xstrdup(rule ? rule : "KIT");
	g->msg = pk_printable(sbuf_str(&msg), msg.len, (size_t)-1);
	sbuf_free(&msg);
	g->hint = hint ? pk_printable(hint, strlen(hint), (size_t)-1) : NULL;
	g->src = src_line ? pk_printable(src_line, strlen(src_line), 200) : NULL;
	struct spill *sp = spills ? spill_of(d) : NULL;
	g->seq = d->n + (sp ? sp->spilled : 0);
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

static void print_one(FILE *out, const struct pk_diag *g)
{
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

/* One finding of the JSON array, one compact object a line. */
static void print_json_one(void *w_, const struct pk_diag *g)
{
	struct pk_jw *w = w_;
	pk_jw_obj_begin(w, PK_JW_COMPACT);
	pk_jw_kstr(w, "file", g->file);
	pk_jw_kuint(w, "line", g->line);
	pk_jw_kuint(w, "column", g->col);
	pk_jw_kstr(w, "severity", g->sev == PK_ERROR ? "error" : "warning");
	pk_jw_kstr(w, "rule", g->rule);
	pk_jw_kstr(w, "message", g->msg);
	if (g->hint)
		pk_jw_kstr(w, "hint", g->hint);
	pk_jw_obj_end(w);
}

/* ---- writing and merging runs ---- */

struct rec_head {
	uint32_t line, col, sev;
	uint64_t seq;
	uint32_t len[5]; /* file, rule, msg, hint, src; UINT32_MAX: NULL */
};

static size_t diag_bytes(const struct pk_diag *g)
{
	size_t n = sizeof *g + strlen(g->file) + strlen(g->rule) + strlen(g->msg) + 3;
	if (g->hint)
		n += strlen(g->hint) + 1;
	if (g->src)
		n += strlen(g->src) + 1;
	return n;
}

static void free_diag(struct pk_diag *g)
{
	free(g->file);
	free(g->rule);
	free(g->msg);
	free(g->hint);
	free(g->src);
}

static int write_diag(FILE *f, const struct pk_diag *g)
{
	const char *str[5] = {g->file, g->rule, g->msg, g->hint, g->src};
	struct rec_head h;
	memset(&h, 0, sizeof h);
	h.line = g->line;
	h.col = g->col;
	h.sev = g->sev;
	h.seq = g->seq;
	for (int k = 0; k < 5; k++)
		h.len[k] = str[k] ? (uint32_t)strlen(str[k]) : UINT32_MAX;
	if (fwrite(&h, sizeof h, 1, f) != 1)
		return -1;
	for (int k = 0; k < 5; k++)
		if (str[k] && h.len[k] && fwrite(str[k], h.len[k], 1, f) != 1)
			return -1;
	return 0;
}

void pk_diags_spill(struct pk_diags *d, size_t bytes)
{
	if (spill_of(d))
		return;
	struct spill *s = xcalloc(1, sizeof *s);
	s->owner = d;
	s->budget = bytes;
	s->next = spills;
	spills = s;
}

void pk_diags_spill_point(struct pk_diags *d)
{
	struct spill *s = spills ? spill_of(d) : NULL;
	if (!s)
		return;
	for (; s->counted < d->n; s->counted++)
		s->mem += diag_bytes(&d->v[s->counted]);
	if (s->mem < s->budget || !d->n)
		return;
	if (!s->f && !(s->f = tmpfile())) {
		s->budget = (size_t)-1; /* no temporary file: keep them all */
		return;
	}
	pk_diags_sort(d);
	int bad = 0;
	for (size_t i = 0; i < d->n && !bad; i++)
		bad = write_diag(s->f, &d->v[i]) < 0;
	if (bad || fflush(s->f) != 0) {
		/* A full disk: these stay in memory, and so do the rest. */
		clearerr(s->f);
		if (ftruncate(fileno(s->f), s->end) < 0 || fseeko(s->f, s->end, SEEK_SET) < 0) {
			fclose(s->f);
			s->f = NULL;
		}
		s->budget = (size_t)-1;
		return;
	}
	off_t end = ftello(s->f);
	if (s->nruns == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 8;
		s->runs = xrealloc(s->runs, s->cap * sizeof *s->runs);
	}
	s->runs[s->nruns++] = (struct run){s->end, end};
	s->end = end;
	for (size_t i = 0; i < d->n; i++)
		free_diag(&d->v[i]);
	s->spilled += d->n;
	d->n = 0;
	s->counted = 0;
	s->mem = 0;
}

void pk_diags_append(struct pk_diags *d, struct pk_diags *from)
{
	struct spill *sp = spills ? spill_of(d) : NULL;
	for (size_t i = 0; i < from->n; i++) {
		if (d->n == d->cap) {
			d->cap = d->cap ? d->cap * 2 : 16;
			d->v = xrealloc(d->v, d->cap * sizeof *d->v);
		}
		struct pk_diag *g = &d->v[d->n];
		*g = from->v[i];
		g->seq = d->n + (sp ? sp->spilled : 0);
		d->n++;
		if (g->sev == PK_ERROR)
			d->errors++;
		else
			d->warnings++;
	}
	free(from->v);
	from->v = NULL;
	from->n = from->cap = from->errors = from->warnings = 0;
}

size_t pk_diags_count(const struct pk_diags *d)
{
	struct spill *s = spills ? spill_of(d) : NULL;
	return d->n + (s ? s->spilled : 0);
}

/* One source of the merge: a run read back through its own buffer, or the
 * findings held in memory (fd -1). */
struct reader {
	int fd;
	off_t pos, end;
	char buf[16384];
	size_t bl, bp;
	const struct pk_diags *mem;
	size_t mi;
	struct pk_diag cur;
	int has;
};

static int rd_bytes(struct reader *r, void *dst, size_t n)
{
	char *p = dst;
	while (n) {
		if (r->bp == r->bl) {
			if (r->pos >= r->end)
				return -1;
			size_t want = sizeof r->buf;
			if ((off_t)want > r->end - r->pos)
				want = (size_t)(r->end - r->pos);
			ssize_t got = pread(r->fd, r->buf, want, r->pos);
			if (got <= 0)
				return -1;
			r->pos += got;
			r->bl = (size_t)got;
			r->bp = 0;
		}
		size_t k = r->bl - r->bp < n ? r->bl - r->bp : n;
		memcpy(p, r->buf + r->bp, k);
		r->bp += k;
		p += k;
		n -= k;
	}
	return 0;
}

/* Reads the next finding into r->cur; r->has 0 at the end. */
static void rd_next(struct reader *r)
{
	if (r->has && r->fd >= 0)
		free_diag(&r->cur);
	r->has = 0;
	if (r->fd < 0) {
		if (r->mi < r->mem->n) {
			r->cur = r->mem->v[r->mi++];
			r->has = 1;
		}
		return;
	}
	struct rec_head h;
	if (r->pos >= r->end && r->bp == r->bl)
		return;
	if (rd_bytes(r, &h, sizeof h) < 0)
		return;
	char *str[5] = {NULL};
	for (int k = 0; k < 5; k++) {
		if (h.len[k] == UINT32_MAX)
			continue;
		str[k] = xmalloc((size_t)h.len[k] + 1);
		if (rd_bytes(r, str[k], h.len[k]) < 0) {
			for (int j = 0; j <= k; j++)
				free(str[j]);
			return;
		}
		str[k][h.len[k]] = '\0';
	}
	r->cur = (struct pk_diag){str[0], h.line, h.col, (enum pk_sev)h.sev, str[1], str[2], str[3],
				  str[4], (size_t)h.seq};
	r->has = 1;
}

static int rd_less(struct reader *a, struct reader *b)
{
	return cmp_diag(&a->cur, &b->cur) < 0;
}

/* Every finding in order, runs and memory merged: emit(out, g). */
static void each_merged(void *out, const struct pk_diags *d, const struct spill *s,
			void (*emit)(void *, const struct pk_diag *))
{
	size_t nr = s->nruns + 1, nh = 0;
	struct reader *rd = xcalloc(nr, sizeof *rd);
	struct reader **heap = xcalloc(nr, sizeof *heap);
	if (s->f)
		fflush(s->f);
	for (size_t i = 0; i < nr; i++) {
		struct reader *r = &rd[i];
		if (i < s->nruns) {
			r->fd = fileno(s->f);
			r->pos = s->runs[i].start;
			r->end = s->runs[i].end;
		} else {
			r->fd = -1;
			r->mem = d;
		}
		rd_next(r);
		if (!r->has)
			continue;
		/* sift up */
		size_t c = nh++;
		heap[c] = r;
		while (c && rd_less(heap[c], heap[(c - 1) / 2])) {
			struct reader *t = heap[c];
			heap[c] = heap[(c - 1) / 2];
			heap[(c - 1) / 2] = t;
			c = (c - 1) / 2;
		}
	}
	while (nh) {
		struct reader *r = heap[0];
		emit(out, &r->cur);
		rd_next(r);
		if (!r->has)
			heap[0] = heap[--nh];
		/* sift down */
		size_t c = 0;
		for (;;) {
			size_t l = 2 * c + 1, m = c;
			if (l < nh && rd_less(heap[l], heap[m]))
				m = l;
			if (l + 1 < nh && rd_less(heap[l + 1], heap[m]))
				m = l + 1;
			if (m == c)
				break;
			struct reader *t = heap[c];
			heap[c] = heap[m];
			heap[m] = t;
			c = m;
		}
	}
	free(heap);
	free(rd);
}

static void emit_text(void *out, const struct pk_diag *g)
{
	print_one(out, g);
}

void pk_diags_print(FILE *out, const struct pk_diags *d)
{
	const struct spill *s = spills ? spill_of(d) : NULL;
	if (s && s->nruns) {
		each_merged(out, d, s, emit_text);
		return;
	}
	for (size_t i = 0; i < d->n; i++)
		print_one(out, &d->v[i]);
}

void pk_diags_json(struct pk_jw *w, const struct pk_diags *d)
{
	const struct spill *s = spills ? spill_of(d) : NULL;
	pk_jw_arr_begin(w, PK_JW_LINES(1));
	if (s && s->nruns)
		each_merged(w, d, s, print_json_one);
	else
		for (size_t i = 0; i < d->n; i++)
			print_json_one(w, &d->v[i]);
	pk_jw_arr_end(w);
}

void pk_diags_print_json(FILE *out, const struct pk_diags *d)
{
	struct pk_jw w;
	pk_jw_init(&w, out);
	pk_diags_json(&w, d);
	pk_jw_text(&w, "\n");
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
	for (struct spill **p = &spills; *p; p = &(*p)->next) {
		struct spill *s = *p;
		if (s->owner != d)
			continue;
		*p = s->next;
		if (s->f)
			fclose(s->f);
		free(s->runs);
		free(s);
		break;
	}
	memset(d, 0, sizeof *d);
}
