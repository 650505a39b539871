/* schemagen.h: schemas derived for editors from the source schema.
 *
 * schema/case.schema.json and panel.schema.json describe both frameworks,
 * narrowing with if/then on `framework`.  JSON Schema completion in editors
 * (yaml-language-server) does not follow if/then: it offers every key and
 * enum value of both frameworks.  So for each record kind with a framework,
 * one schema per framework is derived, with the framework's if/then folded
 * into plain properties, required and enums:
 *
 *   case-detention.schema.json  case-ipp.schema.json
 *   panel-detention.schema.json panel-ipp.schema.json
 *
 * Each record's modeline names its own; panel validate keeps reading the
 * source.  The derived files are never edited by hand: `make schema` writes
 * them and a test fails when they are stale.
 *
 * In a derived schema, $defs.person and $defs.case refer to ids.schema.json
 * beside it: the repository's own people and case IDs as enums, the detail
 * of each value the person's name and grade (or the case's name), written
 * by pk_schemagen_ids.  It is local to each records repository (git
 * ignores it) and rewritten by the tools that change records. */
#ifndef PK_SCHEMAGEN_H
#define PK_SCHEMAGEN_H

#include "diag.h"

/* The frameworks, and the name of each derived file ("case", "ipp" ->
 * "case-ipp.schema.json"). */
extern const char *const pk_frameworks[2];

/* The derived schema of kind ("case" or "panel") for framework, as JSON
 * text (caller frees), from src_dir/<kind>.schema.json; NULL with findings
 * in d when the source cannot be read or has a shape the derivation does
 * not know (it never guesses). */
char *pk_schemagen_derive(const char *src_dir, const char *kind, const char *framework,
			  struct pk_diags *d);

/* Writes (check == 0) or compares (check == 1) every derived schema of
 * src_dir into out_dir.  Returns the number of files written or stale, or
 * -1 on error (in d).  A stale file is reported to d as an error. */
int pk_schemagen_write(const char *src_dir, const char *out_dir, int check, struct pk_diags *d);

/* The IDs schema of the records repository root, as JSON text (caller
 * frees): people, cases of each framework, panels.  Records that do not
 * parse are left out (panel validate reports them). */
char *pk_schemagen_ids(const char *root, struct pk_diags *d);

/* Rewrites root/schema/ids.schema.json when its content changed (atomic).
 * Quietly does nothing when root has no schema/ folder.  0, or -1 (in d). */
int pk_schemagen_update_ids(const char *root, struct pk_diags *d);

/* The same, for tools whose job is something else (panel validate,
 * commit): a repository that cannot be written (a read-only checkout)
 * only loses completion, so nothing is reported. */
void pk_schemagen_refresh_ids(const char *root);

#endif
