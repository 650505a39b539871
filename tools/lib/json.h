/* json.h: the one JSON writer of every --json output, streaming: it holds
 * only the containers open (a fixed stack), never the document, so a
 * listing of 100k cases costs what one case does.  It writes the commas,
 * the escapes and the layout; the caller says what comes next:
 *
 *   struct pk_jw w;
 *   pk_jw_init(&w, stdout);
 *   pk_jw_arr_begin(&w, PK_JW_LINES(2));       [
 *   pk_jw_obj_begin(&w, PK_JW_INLINE);           {"case": "DC-0001", "due": null}
 *   pk_jw_kstr(&w, "case", "DC-0001");
 *   pk_jw_kstr(&w, "due", NULL);
 *   pk_jw_obj_end(&w);
 *   pk_jw_arr_end(&w);                         ]
 *   pk_jw_text(&w, "\n");
 *
 * Strings are escaped by the one JSON escaper: invalid UTF-8 (a stray
 * byte, a truncated sequence, an encoded surrogate) becomes U+FFFD byte by
 * byte, C0 controls, DEL and C1 controls are \u-escaped.
 *
 * A mistake of the caller -- nesting deeper than PK_JW_DEPTH, a key in an
 * array, a value in an object without its key, a mismatched end, a second
 * top-level value -- sets w->err; from then on nothing more is written and
 * pk_jw_finish returns -1. */
#ifndef PK_JSON_H
#define PK_JSON_H

#include <stdio.h>

struct sbuf;

#define PK_JW_DEPTH 32

/* A container's layout, given when it opens.  PK_JW_INLINE: its members
 * on the line it opens on, {"a": 1, "b": 2}.  PK_JW_LINES(n): each member
 * on a line of its own, n spaces deeper than the line the container opens
 * on, and the closing bracket on a line of its own at that line's indent
 * ([] or {} when it has no members).  | PK_JW_COMPACT: no space after a
 * comma or a colon, {"a":1,"b":2}. */
#define PK_JW_INLINE 0
#define PK_JW_LINES(n) ((n) & 0xff)
#define PK_JW_COMPACT 0x100

struct pk_jw_frame {
	unsigned char obj, compact, lines;
	int open;     /* indent of the line the container opened on */
	size_t n;     /* members so far */
};

struct pk_jw {
	FILE *f;           /* one of f and b */
	struct sbuf *b;
	int err;
	int depth;         /* containers open */
	int line;          /* indent of the line being written */
	int brk;           /* pk_jw_break's indent for the next member, or -1 */
	int keyed, done;   /* a key waits for its value; the top value is written */
	struct pk_jw_frame st[PK_JW_DEPTH];
};

void pk_jw_init(struct pk_jw *w, FILE *f);
void pk_jw_init_sbuf(struct pk_jw *w, struct sbuf *b);

void pk_jw_obj_begin(struct pk_jw *w, int layout);
void pk_jw_obj_end(struct pk_jw *w);
void pk_jw_arr_begin(struct pk_jw *w, int layout);
void pk_jw_arr_end(struct pk_jw *w);
/* An object's member name; its value is the next thing written. */
void pk_jw_key(struct pk_jw *w, const char *key);

/* Values.  pk_jw_str(w, NULL) writes null.  pk_jw_raw writes text that is
 * a JSON value already (a number formatted elsewhere) as it is. */
void pk_jw_str(struct pk_jw *w, const char *s);
void pk_jw_int(struct pk_jw *w, long long v);
void pk_jw_uint(struct pk_jw *w, unsigned long long v);
void pk_jw_bool(struct pk_jw *w, int v);
void pk_jw_null(struct pk_jw *w);
void pk_jw_raw(struct pk_jw *w, const char *json);

/* A key and its value: the members of most objects. */
void pk_jw_kstr(struct pk_jw *w, const char *key, const char *s);
void pk_jw_kint(struct pk_jw *w, const char *key, long long v);
void pk_jw_kuint(struct pk_jw *w, const char *key, unsigned long long v);
void pk_jw_kbool(struct pk_jw *w, const char *key, int v);

/* In a PK_JW_INLINE container: the next member starts a line of its own,
 * indent spaces deeper than the line the container opened on. */
void pk_jw_break(struct pk_jw *w, int indent);
/* Bytes written as they are between two tokens ("\n" after the document),
 * outside the writer's bookkeeping. */
void pk_jw_text(struct pk_jw *w, const char *s);

/* 0 when one whole value was written without a mistake, else -1. */
int pk_jw_finish(const struct pk_jw *w);

#endif
