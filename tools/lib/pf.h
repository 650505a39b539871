/* pf.h: the facts of the progression framework (indeterminate sentences,
 * RULES.md B) that more than one tool reads from a case record: the RAG
 * rating in force on a day, and where the person is on a day.
 *
 * Intervals stay in the rule table (rules.h, "pf.custody.red" ...): a
 * rating's name is the last part of its keys.
 *
 *   pk_date since;
 *   const struct pk_node *e = pk_pf_rag_on(case_root, as_of, &since);
 *   enum pk_pf_rag r = pk_pf_rag_parse(e ? pk_get_str(e, "rating") : NULL);
 */
#ifndef PK_PF_H
#define PK_PF_H

#include "date.h"
#include "node.h"

/* A RAG rating, best first, so a larger value is a worse rating (PF 6.7's
 * deterioration).  NONE: no rating, or text that is not one. */
enum pk_pf_rag {
	PK_PF_RAG_NONE,
	PK_PF_RAG_GREEN,
	PK_PF_RAG_AMBER,
	PK_PF_RAG_RED,
	PK_PF_RAG_N
};
/* "green", "amber", "red" (the record's spelling); NULL for NONE. */
const char *pk_pf_rag_name(enum pk_pf_rag r);
enum pk_pf_rag pk_pf_rag_parse(const char *rating);

/* PF-CUSTODY-RAG, PF-COMMUNITY-RAG: the `rag` entry in force on `on`: the
 * latest dated on or before it; of two on the same day, the later in the
 * list.  Entries with no readable date are skipped; on == PK_NODATE: the
 * latest of all.  NULL (and *date PK_NODATE) when none; date may be NULL. */
const struct pk_node *pk_pf_rag_on(const struct pk_node *case_root, pk_date on, pk_date *date);

/* A case's setting: where the person is.  NONE: not one of them. */
enum pk_pf_setting { PK_PF_SETTING_NONE = -1, PK_PF_CUSTODY, PK_PF_COMMUNITY, PK_PF_SETTING_N };
/* "custody", "community" (the record's `setting`); NULL for NONE. */
const char *pk_pf_setting_name(enum pk_pf_setting s);
enum pk_pf_setting pk_pf_setting_parse(const char *setting);

/* KIT-SETTING: where the person is on `on` by the releases and recalls
 * dated on or before it: in the community after a release until the next
 * recall (a recall on the day of a release follows it); in custody before
 * any release. */
enum pk_pf_setting pk_pf_setting_on(const struct pk_node *case_root, pk_date on);

#endif
