/* panelnames.h: which panel records name a case, without reading them all.
 *
 * An agenda shows each case's earlier panels, so it must find the panel
 * files that list the case: at 100k cases that is 10k files to read for
 * the 20 a case has.  The case IDs each panel file lists are remembered in
 * a cache beside the user's other caches, one line per file with its size,
 * modification and change times and inode:
 *
 *   $XDG_CACHE_HOME/panelkit/panels-<hash of the records folder's real path>
 *   (~/.cache/panelkit/... when XDG_CACHE_HOME is not set)
 *
 * A file whose lstat no longer matches its line, or that changed within a
 * second of the line being written (it could change again within the same
 * clock tick, as git's "racy" index entries can), is read and parsed
 * again; a file that cannot be read or parsed always counts as naming
 * every case, so the caller's own checks decide.  The cache only ever
 * narrows which files the caller reads: the answer is the same without it
 * (no cache folder, a read-only home, PANEL_NO_CACHE=1). */
#ifndef PK_PANELNAMES_H
#define PK_PANELNAMES_H

#include <stddef.h>

/* Of the panel records paths[0..npaths) ("panels/X.yaml", relative to the
 * working-tree folder root), the indexes of those that may list one of
 * ids[0..nids) as a case (cases[].case), in order; *n gets the count.
 * Caller frees the array (never NULL). */
size_t *pk_panels_naming(const char *root, char *const *paths, size_t npaths,
			 const char *const *ids, size_t nids, size_t *n);

#endif
