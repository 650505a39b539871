/* mem.h: allocation that never returns NULL, and a growable string
 * buffer. */
#ifndef PK_MEM_H
#define PK_MEM_H

#include <stdarg.h>
#include <stddef.h>

#define PK_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Out of memory is fatal: every caller would only print and exit. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

struct sbuf {
	char *s;   /* always NUL-terminated once anything was added */
	size_t len, cap;
};
#define SBUF_INIT {NULL, 0, 0}
void sbuf_add(struct sbuf *b, const char *s, size_t n);
void sbuf_adds(struct sbuf *b, const char *s);
void sbuf_addc(struct sbuf *b, char c);
void sbuf_addf(struct sbuf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void sbuf_vaddf(struct sbuf *b, const char *fmt, va_list ap);
const char *sbuf_str(struct sbuf *b); /* "" when empty, never NULL */
char *sbuf_detach(struct sbuf *b);    /* caller frees; b is reset */
void sbuf_reset(struct sbuf *b);
void sbuf_free(struct sbuf *b);

#endif
