/* members.h: what the panel checks (check_panel.c) and panel planning
 * (panel-plan) share: Home Office grades in order, panel roles and their
 * names, which members count as present, and a cache of the records a
 * panel names (people and cases, loaded by ID once each).
 *
 * Intervals, minutes and grade thresholds are policy: they live in the
 * rule table (rules.h); this module only gives them names a panel check
 * can use. */
#ifndef PK_MEMBERS_H
#define PK_MEMBERS_H

#include <stddef.h>
#include "date.h"
#include "node.h"
#include "record.h"

/* Rank of a person's grade (rules.h: AA = 0 .. SCS = 7), -1 when the
 * record has none or an unknown one. */
int pk_person_grade(const struct pk_node *person);

/* Panel roles ("fno-rc", "homd", ...) in words, for messages: "Litigation
 * Operations".  The role itself when it has no longer name. */
const char *pk_role_label(const char *role);

/* The CPP-QUORUM core roles, in the order CPP §5 names them. */
extern const char *const pk_cpp_core_roles[];
extern const size_t pk_cpp_core_nroles;

/* 1 if a person record lists role in roles:. */
int pk_person_has_role(const struct pk_node *person, const char *role);

/* A member counts as present unless their attendance is apologies or
 * absent (CPP-QUORUM, PF-CORE-*): invited and confirmed members of a
 * planned panel are expected to come. */
int pk_member_present(const struct pk_node *member);

/* Records loaded by ID for one panel, each read and parsed once. */
struct pk_reccache;
struct pk_reccache *pk_reccache_new(struct pk_source *src);
/* Root node of the record, or NULL if it does not exist or does not parse
 * (validate reports those as KIT-IDS / YAML findings of their own). */
const struct pk_node *pk_reccache_get(struct pk_reccache *c, enum pk_rkind k, const char *id);
/* Gives the cache a record it already holds (doc NULL: the record does
 * not exist or does not parse); the cache owns doc from then on. */
void pk_reccache_put(struct pk_reccache *c, enum pk_rkind k, const char *id, struct pk_doc *doc);
void pk_reccache_free(struct pk_reccache *c);

/* ---- indeterminate sentences ---- */

/* PF-CHAIR levels, lowest first (PF 8.3). */
enum pk_pf_chair {
	PK_PF_CHAIR_NONE,
	PK_PF_CHAIR_PDU_SPO,   /* community: the nominated PDU SPO */
	PK_PF_CHAIR_LEAD_SPO,  /* custody, COM-held: the nominated lead SPO */
	PK_PF_CHAIR_HOMD       /* custody, POM-held: the HOMD */
};
/* What an ipp case needs of the chair of a panel in setting, and why in
 * words ("is held by the POM in custody"). */
enum pk_pf_chair pk_pf_chair_need(const char *setting, const struct pk_node *ipp_case,
				  const char **why);
/* The panel role of a level: "pdu-spo", "lead-spo", "homd" ("" for NONE). */
const char *pk_pf_chair_role(enum pk_pf_chair need);
/* Whether someone for whom has(ctx, role) is true can chair at that level:
 * a HOMD, who is senior, also chairs COM-held custody cases. */
int pk_pf_chair_meets(enum pk_pf_chair need, int (*has)(const void *ctx, const char *role),
		      const void *ctx);

/* PF-EVIDENCE: the Parole Board report a panel of that purpose reviews
 * (PF 9.8): "parom1", "recall-part-b" (Part C serves too),
 * "suspension-report", "reimposition-report", "termination-report"; for
 * PF-KEY-STAGES, the case's next planned step on or after `on` decides.
 * NULL when none. */
const char *pk_pf_parole_report(const char *purpose, const struct pk_node *ipp_case, pk_date on);
/* PF-QUESTIONS: whether key question C (advice to the Parole Board,
 * PF 10.1 "where relevant") applies to a case entry of an ipp panel: the
 * panel considers Parole Board work, that is its purpose reviews a Parole
 * Board report (pk_pf_parole_report), or one is in its evidence (PF 9.8).
 * The one answer for validate (which then demands C) and for the agenda,
 * the minutes form and the person's agenda (which then ask it). */
int pk_pf_question_c(const struct pk_node *entry, const struct pk_node *ipp_case, pk_date on);
/* The minimum evidence of every panel, in order (PF 9.6), and the flag
 * that says there is none of a type ("no_oasys"), or NULL. */
extern const char *const pk_pf_min_evidence[];
extern const size_t pk_pf_min_nevidence;
const char *pk_pf_evidence_unless(const char *type);
/* Evidence types in words: "Progression Panel Report". */
const char *pk_evidence_label(const char *type);

/* PF-WOMEN: why WEPS and the HMPPS Women's Team are invited for this case
 * ("a woman on the WECASP in custody", "the first community panel after a
 * woman's release"), or NULL when they need not be. */
const char *pk_pf_women_why(const struct pk_node *ipp_case, const char *setting, const char *purpose);

#endif
