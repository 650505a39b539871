/* mem_source.h: fuzz input as a records repository in memory.
 *
 * The input is one or more records separated by a line "%%".  A record
 * may start with a line "#p", "#c" or "#n" (a YAML comment) to make it a
 * person, a case or a panel (default: a case); it is named after its
 * "id:" line when that is a safe ID, so references between the records
 * resolve as in a real repository.  The records are served through a
 * pk_source (record.h) whose read() returns them from memory.  Included
 * by the fuzz targets that need records. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "record.h"
#include "mem.h"
#include "text.h"

#define MAXREC 32

struct mem {
	size_t n;
	char *path[MAXREC];
	const char *buf[MAXREC];
	size_t len[MAXREC];
};

static int mem_read(void *ctx, const char *path, size_t max, char **buf, size_t *len,
		    char *err, size_t errlen)
{
	struct mem *m = ctx;
	for (size_t i = 0; i < m->n; i++) {
		if (strcmp(m->path[i], path) != 0)
			continue;
		if (m->len[i] > max) {
			snprintf(err, errlen, "file is too large (%zu bytes; the limit is %zu)",
				 m->len[i], max);
			return -1;
		}
		*buf = xstrndup(m->buf[i], m->len[i]);
		*len = m->len[i];
		return 0;
	}
	snprintf(err, errlen, "cannot read: No such file or directory");
	return -1;
}

static void mem_free(void *ctx)
{
	struct mem *m = ctx;
	for (size_t i = 0; i < m->n; i++)
		free(m->path[i]);
	free(m);
}

/* The id: line of a record, if it is a safe ID; caller frees. */
static char *find_id(const char *s, size_t len)
{
	for (size_t i = 0; i + 4 <= len; i++) {
		if ((i == 0 || s[i - 1] == '\n') && memcmp(s + i, "id: ", 4) == 0) {
			size_t e = i + 4;
			while (e < len && s[e] != '\n' && s[e] != '\r')
				e++;
			char *id = xstrndup(s + i + 4, e - i - 4);
			if (pk_safe_id(id))
				return id;
			free(id);
			return NULL;
		}
	}
	return NULL;
}

static int cmp_path(const void *a, const void *b)
{
	const char *x = *(char *const *)a, *y = *(char *const *)b;
	enum pk_rkind kx = pk_path_kind(x), ky = pk_path_kind(y);
	return kx != ky ? (int)kx - (int)ky : strcmp(x, y);
}

/* The source for data; *mp gets the records (owned by the source). */
static struct pk_source *mem_source(const uint8_t *data, size_t size, struct mem **mp)
{
	const char *in = (const char *)data, *end = in + size;
	struct mem *m = xcalloc(1, sizeof *m);
	struct pk_source *src = xcalloc(1, sizeof *src);

	for (const char *p = in; p <= end && m->n < MAXREC;) {
		const char *sep = NULL;
		for (const char *q = p; q + 4 <= end; q++)
			if (memcmp(q, "\n%%\n", 4) == 0) {
				sep = q;
				break;
			}
		const char *e = sep ? sep + 1 : end;
		enum pk_rkind k = PK_R_CASE;
		const char *body = p;
		if (e - p >= 3 && p[0] == '#' && (p[2] == '\n' || p[2] == '\r')) {
			k = p[1] == 'p' ? PK_R_PERSON : p[1] == 'n' ? PK_R_PANEL : PK_R_CASE;
		}
		size_t i = m->n;
		char *id = find_id(body, (size_t)(e - body));
		struct sbuf path = SBUF_INIT;
		sbuf_addf(&path, "%s/%s.yaml", pk_kind_dir(k), id ? id : "F");
		for (size_t j = 0; j < i; j++)
			if (!strcmp(m->path[j], path.s)) {
				sbuf_reset(&path);
				sbuf_addf(&path, "%s/F%zu.yaml", pk_kind_dir(k), i);
				break;
			}
		free(id);
		m->path[i] = sbuf_detach(&path);
		m->buf[i] = body;
		m->len[i] = (size_t)(e - body);
		m->n++;
		if (!sep)
			break;
		p = sep + 4;
	}

	src->root = xstrdup("fuzz");
	src->label = xstrdup("working tree");
	src->prefix = xstrdup("");
	src->ctx = m;
	src->read = mem_read;
	src->free_ctx = mem_free;
	src->n = m->n;
	src->paths = xcalloc(m->n, sizeof *src->paths);
	for (size_t i = 0; i < m->n; i++)
		src->paths[i] = xstrdup(m->path[i]);
	qsort(src->paths, src->n, sizeof *src->paths, cmp_path);

	*mp = m;
	return src;
}
