/* text.h: text for messages and names. */
#ifndef PK_TEXT_H
#define PK_TEXT_H

#include <stddef.h>

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
/* qsort and bsearch over an array of strings (char *), by strcmp. */
int pk_str_cmp(const void *a, const void *b);

#endif
