/* runenv.h: what the run's environment says: today's date (PANEL_TODAY),
 * the data directory (PANEL_DATA_DIR), the program's own directory. */
#ifndef PK_RUNENV_H
#define PK_RUNENV_H

#include <stddef.h>

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

#endif
