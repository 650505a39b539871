#include "json.h"

#include <string.h>

#include "mem.h"
#include "text.h"

void pk_jw_init(struct pk_jw *w, FILE *f)
{
	memset(w, 0, sizeof *w);
	w->f = f;
	w->brk = -1;
}

void pk_jw_init_sbuf(struct pk_jw *w, struct sbuf *b)
{
	pk_jw_init(w, NULL);
	w->b = b;
}

static void put(struct pk_jw *w, const char *s, size_t n)
{
	if (w->b)
		sbuf_add(w->b, s, n);
	else
		fwrite(s, 1, n, w->f);
}

static void puts_(struct pk_jw *w, const char *s)
{
	put(w, s, strlen(s));
}

static void newline(struct pk_jw *w, int indent)
{
	static const char spaces[] = "                                ";
	put(w, "\n", 1);
	w->line = indent;
	for (int i = indent; i > 0; i -= (int)sizeof spaces - 1)
		put(w, spaces, (size_t)(i < (int)sizeof spaces - 1 ? i : (int)sizeof spaces - 1));
}

static void fail(struct pk_jw *w)
{
	w->err = 1;
}

/* The one JSON escaper.  Runs of bytes that need nothing are written in
 * one piece: a FILE* writer stays a few calls a string. */
static void escape(struct pk_jw *w, const char *s)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + strlen(s), *run = p;
	char u[8];
	put(w, "\"", 1);
	for (; p < end; p++) {
		const char *e = NULL;
		size_t k = 1;
		switch (*p) {
		case '"': e = "\\\""; break;
		case '\\': e = "\\\\"; break;
		case '\n': e = "\\n"; break;
		case '\r': e = "\\r"; break;
		case '\t': e = "\\t"; break;
		default:
			if (*p < 0x20 || *p == 0x7f) {
				snprintf(u, sizeof u, "\\u%04x", *p);
				e = u;
			} else if (*p >= 0x80) {
				/* Valid JSON is valid UTF-8: a stray byte (an author name
				 * from git is any bytes) becomes U+FFFD; C1 controls are
				 * escaped like C0 ones, so a consumer that prints the
				 * value cannot be sent an 8-bit CSI. */
				k = pk_utf8_len(p, (size_t)(end - p));
				if (k == 0) {
					e = "\\ufffd";
					k = 1;
				} else if (k == 2 && p[0] == 0xc2 && p[1] < 0xa0) {
					snprintf(u, sizeof u, "\\u%04x", p[1]);
					e = u;
				}
			}
		}
		if (e) {
			put(w, (const char *)run, (size_t)(p - run));
			puts_(w, e);
			run = p + k;
		}
		p += k - 1;
	}
	put(w, (const char *)run, (size_t)(p - run));
	put(w, "\"", 1);
}

/* What comes before a key (key set) or a value: the comma and the line
 * break the layout asks for.  0 to go on, -1 after a mistake. */
static int member(struct pk_jw *w, int key)
{
	if (w->err)
		return -1;
	if (!w->depth) {
		if (key || w->done)
			goto bad;
		return 0;
	}
	struct pk_jw_frame *f = &w->st[w->depth - 1];
	if (f->obj && !key) {
		if (!w->keyed)
			goto bad;
		w->keyed = 0;
		return 0;
	}
	if (key && (!f->obj || w->keyed))
		goto bad;
	if (f->n)
		put(w, ",", 1);
	if (w->brk >= 0)
		newline(w, f->open + w->brk);
	else if (f->lines)
		newline(w, f->open + f->lines);
	else if (f->n && !f->compact)
		put(w, " ", 1);
	w->brk = -1;
	f->n++;
	return 0;
bad:
	fail(w);
	return -1;
}

/* A scalar value written: the document is whole when it is the top one. */
static void scalar(struct pk_jw *w, const char *text)
{
	puts_(w, text);
	if (!w->depth)
		w->done = 1;
}

static void begin(struct pk_jw *w, int obj, int layout)
{
	if (member(w, 0) < 0)
		return;
	if (w->depth == PK_JW_DEPTH) {
		fail(w);
		return;
	}
	struct pk_jw_frame *f = &w->st[w->depth++];
	f->obj = (unsigned char)obj;
	f->compact = (layout & PK_JW_COMPACT) != 0;
	f->lines = (unsigned char)PK_JW_LINES(layout);
	f->open = w->line;
	f->n = 0;
	w->brk = -1;
	put(w, obj ? "{" : "[", 1);
}

static void end(struct pk_jw *w, int obj)
{
	if (w->err)
		return;
	if (!w->depth || w->st[w->depth - 1].obj != obj || w->keyed) {
		fail(w);
		return;
	}
	const struct pk_jw_frame *f = &w->st[--w->depth];
	if (f->lines && f->n)
		newline(w, f->open);
	w->brk = -1;
	put(w, obj ? "}" : "]", 1);
	if (!w->depth)
		w->done = 1;
}

void pk_jw_obj_begin(struct pk_jw *w, int layout)
{
	begin(w, 1, layout);
}

void pk_jw_obj_end(struct pk_jw *w)
{
	end(w, 1);
}

void pk_jw_arr_begin(struct pk_jw *w, int layout)
{
	begin(w, 0, layout);
}

void pk_jw_arr_end(struct pk_jw *w)
{
	end(w, 0);
}

void pk_jw_key(struct pk_jw *w, const char *key)
{
	if (member(w, 1) < 0)
		return;
	escape(w, key);
	puts_(w, w->st[w->depth - 1].compact ? ":" : ": ");
	w->keyed = 1;
}

void pk_jw_str(struct pk_jw *w, const char *s)
{
	if (member(w, 0) < 0)
		return;
	if (s)
		escape(w, s);
	else
		puts_(w, "null");
	if (!w->depth)
		w->done = 1;
}

void pk_jw_int(struct pk_jw *w, long long v)
{
	char buf[24];
	if (member(w, 0) < 0)
		return;
	snprintf(buf, sizeof buf, "%lld", v);
	scalar(w, buf);
}

void pk_jw_uint(struct pk_jw *w, unsigned long long v)
{
	char buf[24];
	if (member(w, 0) < 0)
		return;
	snprintf(buf, sizeof buf, "%llu", v);
	scalar(w, buf);
}

void pk_jw_bool(struct pk_jw *w, int v)
{
	if (member(w, 0) == 0)
		scalar(w, v ? "true" : "false");
}

void pk_jw_null(struct pk_jw *w)
{
	if (member(w, 0) == 0)
		scalar(w, "null");
}

void pk_jw_raw(struct pk_jw *w, const char *json)
{
	if (member(w, 0) == 0)
		scalar(w, json);
}

void pk_jw_kstr(struct pk_jw *w, const char *key, const char *s)
{
	pk_jw_key(w, key);
	pk_jw_str(w, s);
}

void pk_jw_kint(struct pk_jw *w, const char *key, long long v)
{
	pk_jw_key(w, key);
	pk_jw_int(w, v);
}

void pk_jw_kuint(struct pk_jw *w, const char *key, unsigned long long v)
{
	pk_jw_key(w, key);
	pk_jw_uint(w, v);
}

void pk_jw_kbool(struct pk_jw *w, const char *key, int v)
{
	pk_jw_key(w, key);
	pk_jw_bool(w, v);
}

void pk_jw_break(struct pk_jw *w, int indent)
{
	if (!w->err)
		w->brk = indent < 0 ? 0 : indent;
}

void pk_jw_text(struct pk_jw *w, const char *s)
{
	if (w->err)
		return;
	puts_(w, s);
	const char *nl = strrchr(s, '\n');
	if (nl)
		w->line = (int)strspn(nl + 1, " ");
}

int pk_jw_finish(const struct pk_jw *w)
{
	return w->err || w->depth || w->keyed || !w->done ? -1 : 0;
}
