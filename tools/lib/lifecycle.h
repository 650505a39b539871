/* lifecycle.h: whether a case is open (KIT-LIFECYCLE), asked by the
 * scheduling engine, the checks, the reports and panel todo. */
#ifndef PK_LIFECYCLE_H
#define PK_LIFECYCLE_H

#include "date.h"
#include "node.h"

/* KIT-LIFECYCLE: 1 when the case is closed on `on` (closed.date <= on and
 * not reopened since: reopened.date, a later detention.start or a later
 * recall), with *since the closing date and *line its line. */
int pk_case_closed(const struct pk_node *case_root, pk_date on, pk_date *since, unsigned *line);

#endif
