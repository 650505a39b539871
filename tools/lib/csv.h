/* csv.h: one CSV field (RFC 4180), the one CSV writer of panel report and
 * panel due --csv. */
#ifndef PK_CSV_H
#define PK_CSV_H

#include "mem.h"

/* One CSV field: quoted when needed; text a spreadsheet would run as a
 * formula gets a leading apostrophe.  NULL is an empty field. */
void pk_csv_field(struct sbuf *out, const char *s);

#endif
