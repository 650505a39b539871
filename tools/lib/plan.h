/* plan.h: assemble a panel sitting from the cases that are due
 * (`panel plan`).
 *
 * Detention: the detention cases with a CPP-CYCLE, CPP-ADHOC or CPP-REREFER
 * review due by the sitting date (the due engine, as of that date), overdue
 * first, then longest detained; fitted into the sitting's minutes by tier
 * (CPP-LENGTH, minutes from the rule table, light-touch bail cases shorter,
 * CPP-LIGHT); the rest roll over.  The longest-detained case fitted sets the
 * chair grade (CPP-CHAIR).
 *
 * Indeterminate sentences: the ipp cases of one setting and unit (PF 7.7)
 * with a PF item due by the sitting date, with the core attendees and the
 * evidence each one needs (PF-CORE-*, PF-WOMEN, PF-EVIDENCE) and the chair
 * the panel needs (PF-CHAIR).  No minutes: the framework sets no length.
 *
 * One entry per case: the purpose is its most urgent item (the due engine's
 * order); other items due by the sitting are listed with it ("also"), and
 * their Parole Board reports join the evidence it needs.
 *
 * A case already on a planned panel of its framework dated from today to
 * the sitting is left out (it will be heard there). */
#ifndef PK_PLAN_H
#define PK_PLAN_H

#include <stddef.h>
#include <stdio.h>
#include "cpp.h"
#include "date.h"
#include "diag.h"
#include "due.h"
#include "record.h"

struct pk_plan_opts {
	enum pk_framework fw;
	pk_date date;          /* the sitting */
	pk_date today;         /* planned panels from today on count as taken */
	long minutes;          /* detention: the sitting's length; 0: the rule
				  table's (cpp.length) */
	const char *chair;     /* a people ID to judge, or NULL */
	const char *setting;   /* ipp: "custody" or "community" */
	const char *unit;      /* ipp: prison or PDU (compared ignoring case) */
};

struct pk_plan_case {
	char *id;
	const char *purpose;      /* the rule of the most urgent item (static) */
	enum pk_due_status status; /* as of the sitting */
	pk_date due, deadline;    /* PK_NODATE when pending */
	char *reason;             /* the due engine's sentence */
	char *also;               /* other rules due by the sitting that it
				     satisfies too ("PF-NEG-PAROLE"), or NULL */
	/* detention */
	long days;                /* days detained on the sitting */
	enum pk_cpp_tier tier;    /* CPP-TIER on the sitting (cpp.h) */
	int light;                /* CPP-LIGHT: bail granted in principle */
	long minutes;             /* CPP-LENGTH */
	int fits;                 /* 1: on the sitting; 0: rolled over */
	char *also_on;            /* a later planned panel listing it, or NULL */
	/* ipp */
	char *attendees;          /* core attendees, in words */
	char *members_yaml;       /* the members entries it needs (pom/com) */
	char *evidence;           /* evidence types, comma-separated */
	const char *chair_why;    /* PF-CHAIR reason ("is held by the POM ...") */
	int chair_level;          /* enum pk_pf_chair */
};

struct pk_plan_taken {
	char *id;                 /* case */
	char *panel;              /* planned panel it is on */
	pk_date date;
};

struct pk_plan {
	struct pk_plan_case *v;
	size_t n, cap;
	struct pk_plan_taken *taken;
	size_t ntaken, captaken;
	size_t nfit;
	long minutes, used;       /* detention */
	char *unit;               /* ipp: the unit as the cases spell it */
	/* CPP-CHAIR / PF-CHAIR */
	const char *chair_need;   /* "G7" / "homd"; NULL when nothing fits */
	const char *chair_case;   /* the case that sets it */
	/* --chair */
	int chair_given, chair_ok;
	char *chair_grade;        /* detention: the person's grade, or NULL */
	char *chair_why_not;      /* a sentence, or NULL */
};
#define PK_PLAN_INIT {0}

/* Builds the plan from src.  Records that cannot be read are reported to d
 * and left out.  Returns 0, or -1 when the sitting cannot be planned (an
 * unknown --chair: reported to d). */
int pk_plan_build(struct pk_source *src, const struct pk_plan_opts *o, struct pk_plan *p,
		  struct pk_diags *d);
void pk_plan_free(struct pk_plan *p);

/* The plan as text: the sitting, the chair, the cases that fit and those
 * rolled over, the cases already on a planned panel. */
void pk_plan_print(FILE *out, const struct pk_plan *p, const struct pk_plan_opts *o);
/* The same as one JSON object; the phrases the text joins with commas
 * (attendees, evidence, also) as arrays, every case (on_panel false: rolled
 * over), and the panel written and its commit, or null. */
void pk_plan_print_json(FILE *out, const struct pk_plan *p, const struct pk_plan_opts *o,
			const char *written, const char *commit);

/* The panel ID for the plan: CPP-YYYY-MM-DD-A (the first letter whose file
 * does not exist under root/panels), or PP-YYYY-MM-DD-<UNIT> then
 * -B, -C... for ipp.  NULL when all 26 are taken.  Caller frees. */
char *pk_plan_next_id(const char *root, const struct pk_plan_opts *o);
/* The panel record: schema comment first, status planned, the cases that
 * fit with their purpose, and the dates invitations, confirmations,
 * report and agenda are due by, as comments (they are "done" fields in the
 * record format).  Caller frees. */
char *pk_plan_yaml(const struct pk_plan *p, const struct pk_plan_opts *o, const char *id);
/* Writes root/panels/<id>.yaml for the plan, never over an existing file
 * (a file that appears meanwhile moves on to the next ID).  With commit
 * set and root in a git work tree, the new record then goes through the
 * validated commit path (history.h, KIT-HISTORY): refused or failed, the
 * file is removed again.  Returns 0 with the repository-relative path in
 * *rel (caller frees) and, when committed, the commit ID in oid (41
 * bytes, "" otherwise); or -1 reported to d. */
int pk_plan_write(const char *root, const struct pk_plan *p, const struct pk_plan_opts *o,
		  int commit, char **rel, char *oid, struct pk_diags *d);

/* The unfinished write of an earlier plan --write for this sitting, killed
 * between writing panels/<ID>.yaml and committing it (root in a git work
 * tree): a panel file panel plan wrote (its "# Planned with `panel plan`"
 * line, status planned) under one of the sitting's IDs that HEAD does not
 * hold.  Finishes it: commits that file through the validated path.
 * Returns 1 (finished: *rel and oid set), 0 (none), or -1 (it cannot be
 * committed; reported to d). */
int pk_plan_finish(const char *root, const struct pk_plan_opts *o, char **rel, char *oid,
		   struct pk_diags *d);

#endif
