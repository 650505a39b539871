/* files.c: bounded reading of regular files and atomic replacement. */
#include "files.h"
#include "mem.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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
