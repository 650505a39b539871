#include "util.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static void oom(void)
{
	fputs("panel: fatal: out of memory\n", stderr);
	exit(2);
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom();
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		oom();
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		oom();
	return p;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

static void sbuf_grow(struct sbuf *b, size_t extra)
{
	if (b->len + extra + 1 <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < b->len + extra + 1)
		cap *= 2;
	b->s = xrealloc(b->s, cap);
	b->cap = cap;
}

void sbuf_add(struct sbuf *b, const char *s, size_t n)
{
	sbuf_grow(b, n);
	if (n)
		memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void sbuf_adds(struct sbuf *b, const char *s)
{
	sbuf_add(b, s, strlen(s));
}

void sbuf_addc(struct sbuf *b, char c)
{
	sbuf_add(b, &c, 1);
}

void sbuf_vaddf(struct sbuf *b, const char *fmt, va_list ap)
{
	va_list cp;
	va_copy(cp, ap);
	int n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		return;
	sbuf_grow(b, (size_t)n);
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void sbuf_addf(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	sbuf_vaddf(b, fmt, ap);
	va_end(ap);
}

const char *sbuf_str(struct sbuf *b)
{
	return b->s ? b->s : "";
}

char *sbuf_detach(struct sbuf *b)
{
	char *s = b->s ? b->s : xstrdup("");
	b->s = NULL;
	b->len = b->cap = 0;
	return s;
}

void sbuf_reset(struct sbuf *b)
{
	b->len = 0;
	if (b->s)
		b->s[0] = '\0';
}

void sbuf_free(struct sbuf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
}

int pk_read_file(const char *path, size_t max, int nofollow,
		 char **buf, size_t *len, char *err, size_t errlen)
{
	return pk_read_file_at(AT_FDCWD, path, max, nofollow, buf, len, err, errlen);
}

int pk_read_file_at(int dir, const char *path, size_t max, int nofollow,
		    char **buf, size_t *len, char *err, size_t errlen)
{
	struct stat st;
	int fd = -1;
	char *p = NULL;
	size_t n = 0;

	*buf = NULL;
	*len = 0;
	/* O_NOFOLLOW refuses a symlink with ELOOP: no separate lstat. */
	fd = openat(dir, path, O_RDONLY | O_NONBLOCK | (nofollow ? O_NOFOLLOW : 0));
	if (fd < 0 && errno == ELOOP && nofollow) {
		snprintf(err, errlen, "is a symbolic link; records must be regular files "
			 "inside the repository (not followed)");
		return -1;
	}
	if (fd < 0 || fstat(fd, &st) < 0) {
		snprintf(err, errlen, "cannot read: %s", strerror(errno));
		goto fail;
	}
	if (!S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "is not a regular file");
		goto fail;
	}
	if ((unsigned long long)st.st_size > max) {
		snprintf(err, errlen, "file is too large (%lld bytes; the limit is %zu)",
			 (long long)st.st_size, max);
		goto fail;
	}
	p = xmalloc((size_t)st.st_size + 1);
	for (;;) {
		/* Read one byte past the expected size to notice growth. */
		ssize_t r = read(fd, p + n, (size_t)st.st_size + 1 - n);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			snprintf(err, errlen, "cannot read: %s", strerror(errno));
			goto fail;
		}
		if (r == 0)
			break;
		n += (size_t)r;
		if (n > (size_t)st.st_size) {
			snprintf(err, errlen, "file changed while being read");
			goto fail;
		}
	}
	close(fd);
	p[n] = '\0';
	*buf = p;
	*len = n;
	return 0;
fail:
	if (fd >= 0)
		close(fd);
	free(p);
	return -1;
}

int pk_write_atomic(const char *path, const char *buf, size_t len, int excl)
{
	struct sbuf tmp = SBUF_INIT;
	int fd, saved;
	size_t off = 0;

	/* A dot name: a writer killed before the rename leaves the temporary
	 * file behind, and tools that walk record folders skip dot files. */
	const char *slash = strrchr(path, '/');
	if (slash)
		sbuf_addf(&tmp, "%.*s/.%s.tmpXXXXXX", (int)(slash - path), path, slash + 1);
	else
		sbuf_addf(&tmp, ".%s.tmpXXXXXX", path);
	fd = mkstemp(tmp.s);
	if (fd < 0)
		goto fail;
	while (off < len) {
		ssize_t w = write(fd, buf + off, len - off);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			goto fail_fd;
		}
		off += (size_t)w;
	}
	if (fchmod(fd, 0644) < 0 || fsync(fd) < 0)
		goto fail_fd;
	if (close(fd) < 0) {
		fd = -1;
		goto fail_fd;
	}
	fd = -1;
	if (excl) {
		/* link() fails if path exists: no window for a second writer. */
		if (link(tmp.s, path) < 0)
			goto fail_fd;
		unlink(tmp.s);
	} else if (rename(tmp.s, path) < 0) {
		goto fail_fd;
	}
	sbuf_free(&tmp);
	return 0;
fail_fd:
	saved = errno;
	if (fd >= 0)
		close(fd);
	unlink(tmp.s);
	errno = saved;
fail:
	saved = errno;
	sbuf_free(&tmp);
	errno = saved;
	return -1;
}

const char *pk_today(void)
{
	static char buf[16];
	const char *env = getenv("PANEL_TODAY");
	if (env && *env)
		return env;
	time_t t = time(NULL);
	struct tm tm;
	localtime_r(&t, &tm);
	strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
	return buf;
}

int pk_exe_dir(char *buf, size_t size)
{
	ssize_t n = readlink("/proc/self/exe", buf, size - 1);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	char *slash = strrchr(buf, '/');
	if (!slash)
		return -1;
	*slash = '\0';
	return 0;
}

char *pk_panel_program(void)
{
	char exe[PATH_MAX];
	struct sbuf b = SBUF_INIT;
	if (pk_exe_dir(exe, sizeof exe) == 0)
		sbuf_addf(&b, "%s/panel", exe);
	else
		sbuf_adds(&b, "panel");
	return sbuf_detach(&b);
}

char *pk_data_dir(void)
{
	const char *env = getenv("PANEL_DATA_DIR");
	char exe[PATH_MAX];

	if (env && *env)
		return xstrdup(env);
	if (pk_exe_dir(exe, sizeof exe) == 0) {
		struct sbuf b = SBUF_INIT;
		sbuf_addf(&b, "%s/../share/panelkit", exe);
		return sbuf_detach(&b);
	}
	return xstrdup("/usr/local/share/panelkit");
}

size_t pk_utf8_len(const unsigned char *s, size_t n)
{
	size_t need;
	unsigned cp;
	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		need = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		need = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		need = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (n < need)
		return 0;
	for (size_t i = 1; i < need; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((need == 3 && cp < 0x800) || (need == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return need;
}

char *pk_printable(const char *s, size_t len, size_t max)
{
	struct sbuf b = SBUF_INIT;
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;
	while (i < len) {
		if (b.len >= max) {
			sbuf_adds(&b, "...");
			break;
		}
		size_t k = pk_utf8_len(u + i, len - i);
		if (k == 1 && (u[i] < 0x20 || u[i] == 0x7f))
			k = 0;
		/* C1 controls (U+0080..U+009F: 0x9B is an 8-bit CSI), the line
		 * and paragraph separators (U+2028, U+2029) and the bidirectional
		 * overrides (U+202A..U+202E, U+2066..U+2069) would let a record
		 * restyle the terminal, break a line or reorder what it shows. */
		if ((k == 2 && u[i] == 0xc2 && u[i + 1] < 0xa0) ||
		    (k == 3 && u[i] == 0xe2 && u[i + 1] == 0x80 && u[i + 2] >= 0xa8 && u[i + 2] <= 0xae) ||
		    (k == 3 && u[i] == 0xe2 && u[i + 1] == 0x81 && u[i + 2] >= 0xa6 && u[i + 2] <= 0xa9)) {
			unsigned cp = k == 2 ? (unsigned)(u[i + 1] & 0x3f) | 0x80u
					     : 0x2000u | (unsigned)(u[i + 1] & 0x3f) << 6 | (u[i + 2] & 0x3f);
			sbuf_addf(&b, "\\u%04X", cp);
			i += k;
			continue;
		}
		if (k == 0) {
			sbuf_addf(&b, "\\x%02X", u[i]);
			i++;
		} else {
			sbuf_add(&b, s + i, k);
			i += k;
		}
	}
	if (!b.s)
		sbuf_adds(&b, "");
	return sbuf_detach(&b);
}

int pk_safe_id(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 64)
		return 0;
	if (!((s[0] >= 'A' && s[0] <= 'Z') || (s[0] >= 'a' && s[0] <= 'z') ||
	      (s[0] >= '0' && s[0] <= '9')))
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		      (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-'))
			return 0;
	}
	return strstr(s, "..") == NULL;
}

size_t pk_edit_distance(const char *a, size_t la, const char *b, size_t lb)
{
	size_t d[33][33];
	if (la > 32 || lb > 32)
		return (size_t)-1;
	for (size_t i = 0; i <= la; i++)
		d[i][0] = i;
	for (size_t j = 0; j <= lb; j++)
		d[0][j] = j;
	for (size_t i = 1; i <= la; i++) {
		for (size_t j = 1; j <= lb; j++) {
			int ca = tolower((unsigned char)a[i - 1]), cb = tolower((unsigned char)b[j - 1]);
			size_t v = d[i - 1][j - 1] + (ca != cb);
			if (d[i - 1][j] + 1 < v)
				v = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < v)
				v = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && ca == tolower((unsigned char)b[j - 2]) &&
			    tolower((unsigned char)a[i - 2]) == cb && d[i - 2][j - 2] + 1 < v)
				v = d[i - 2][j - 2] + 1;
			d[i][j] = v;
		}
	}
	return d[la][lb];
}
