/* files.h: bounded file reading and atomic file replacement. */
#ifndef PK_FILES_H
#define PK_FILES_H

#include <stddef.h>

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

#endif
