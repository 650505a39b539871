/* util.h: allocation that never returns NULL, a growable string buffer,
 * bounded file reading and atomic file replacement. */
#ifndef PK_UTIL_H
#define PK_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

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

/* Reads at most max bytes of a regular file.  Returns 0, or -1 with a
 * sentence in err (no file name: the caller adds it).  Refuses symlinks
 * when nofollow is set, so a record cannot point outside its repository. */
int pk_read_file(const char *path, size_t max, int nofollow,
		 char **buf, size_t *len, char *err, size_t errlen);
/* The same, path relative to the open directory dir (AT_FDCWD: as above). */
int pk_read_file_at(int dir, const char *path, size_t max, int nofollow,
		    char **buf, size_t *len, char *err, size_t errlen);

/* Writes buf to path through a temporary file in the same directory,
 * fsync and rename: readers see the old file or the new one, never a mix.
 * With excl, fails (errno EEXIST) if path exists.  Returns 0 or -1/errno. */
int pk_write_atomic(const char *path, const char *buf, size_t len, int excl);

/* Today's date as YYYY-MM-DD (local time), or PANEL_TODAY if set, so that
 * tests and demos are reproducible. */
const char *pk_today(void);

/* Directory holding schema/ and templates/: $PANEL_DATA_DIR, else
 * <dir of this executable>/../share/panelkit.  Caller frees. */
char *pk_data_dir(void);
/* The directory of the running program (/proc/self/exe) in buf: 0, or -1. */
int pk_exe_dir(char *buf, size_t size);
/* The panel program beside this one ("panel" when that cannot be told),
 * for the hooks and the merge driver to fall back on; malloc'd. */
char *pk_panel_program(void);

/* A printable copy of s for messages: control bytes and invalid UTF-8
 * shown as \xNN, cut at max bytes with "...".  Caller frees. */
char *pk_printable(const char *s, size_t len, size_t max);

/* Length of the valid UTF-8 sequence at s (at most n bytes), or 0 when
 * the bytes there are not valid UTF-8 (overlong, surrogate, truncated). */
size_t pk_utf8_len(const unsigned char *s, size_t n);

/* Optimal string alignment distance (Levenshtein plus adjacent
 * transpositions), ignoring ASCII case, for "did you mean" hints; words
 * longer than 32 bytes are (size_t)-1 apart. */
size_t pk_edit_distance(const char *a, size_t la, const char *b, size_t lb);

/* 1 if s is a safe record ID: [A-Za-z0-9][A-Za-z0-9._-]{0,63}, no "..". */
int pk_safe_id(const char *s);

#endif
