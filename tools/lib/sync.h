/* sync.h: many offices, one record repository (panel sync, panel setup,
 * panel resolve).  See "Sync, merge and resolve" in the README. */
#ifndef PK_SYNC_H
#define PK_SYNC_H

#include <git2.h>
#include "diag.h"

/* Makes plain git merge records with the record merge (merge.h):
 *   merge.panel.name/driver in the clone's .git/config (git never clones
 *     them), the driver being 'panel merge-file %O %A %B %P';
 *   "cases|panels|people/ *.yaml merge=panel" in .git/info/attributes, unless
 *     the tracked .gitattributes already says so (panel init writes it
 *     there), so setting up a clone leaves its work tree untouched;
 *   .git/hooks/pre-merge-commit running 'panel commit --verify-staged', so
 *     a clean 'git merge' of records that do not validate stops before its
 *     commit (an existing hook of another tool is left alone, with a
 *     warning).
 * panel_cmd: the panel program to fall back on when none is on PATH.
 * Returns 0, or -1 with findings in d. */
int pk_sync_setup_repo(git_repository *repo, const char *panel_cmd, struct pk_diags *d);
int pk_sync_setup(const char *dir, const char *panel_cmd, struct pk_diags *d);

/* The lines panel init puts in .gitattributes. */
extern const char pk_sync_attributes[];

#endif
