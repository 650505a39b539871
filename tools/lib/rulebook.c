/* rulebook.c: the rule IDs and what they mean (see rulebook.h). */
#include "rulebook.h"
#include "json.h"
#include "rules.h"
#include "mem.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

static const struct pk_rule_id book[] = {
	/* ---- Detention case progression panels (Home Office) ---- */
	{"CPP-CYCLE", "CPP", "§2, §4, §5",
	 "A detained person's case is reviewed at fixed points counted from the first day of "
	 "detention, one cycle after another; a month here is 28 days."},
	{"CPP-WINDOW", "CPP", "§2",
	 "Interpretation: each review has a one-week window from its due day; after the window it "
	 "is overdue. A panel held shortly before the due day still counts for that review."},
	{"CPP-END", "CPP", "§2", "Once detention has ended (released, removed, bailed) no further review falls due."},
	{"CPP-ADHOC", "CPP", "§4",
	 "An ad hoc referral (gatekeeper, detention services, engagement team, DVAAT, caseworker, "
	 "returns director, an earlier panel) adds one review on the date it asks for, or at the "
	 "next panel; the regular cycle is not moved."},
	{"CPP-REREFER", "CPP", "§10.1, §10.2",
	 "The audit after a release or actions recommendation may re-refer the case: the recorded "
	 "date adds a review before the next cycle point."},
	{"CPP-TIER", "CPP", "§5",
	 "A case's tier on a panel date follows from the days detained: 3-month, 6-9-month or "
	 "12-month+. Interpretation: a case not yet at the first threshold (ad hoc) is chaired "
	 "as 3-month."},
	{"CPP-CHAIR", "CPP", "§5, §8.1",
	 "The chair's grade must be high enough for the longest-detained case on the panel. Grades "
	 "rank AA, AO, EO, HEO, SEO, G7, G6, SCS."},
	{"CPP-MEMBER-GRADE", "CPP", "§8", "Panel members hold at least the grade in the table."},
	{"CPP-TRAINED", "CPP", "§9", "The chair and the members have completed CPP training."},
	{"CPP-QUORUM", "CPP", "§5",
	 "Core representation: FNO RC, NRPC, Returns Logistics, Litigation Operations and an "
	 "Independent Panel Member. Without one of them the panel should not go ahead, unless the "
	 "chair records a decision to proceed and why (a warning otherwise)."},
	{"CPP-SECRETARIAT", "CPP", "§5, §8.5", "A CPP officer attends as the panel's secretariat."},
	{"CPP-LENGTH", "CPP", "§5",
	 "A panel has a planned length and cases are fitted into it; cases not reached roll over and "
	 "stay due. Interpretation: planning minutes per case by tier, fewer for a light-touch case."},
	{"CPP-INVITE", "CPP", "§6",
	 "Invitations go out, and members confirm attendance, a set number of days before the panel; "
	 "a reserve can stand in for a core member."},
	{"CPP-REPORT", "CPP", "§6",
	 "The pre-panel report (the agenda) goes out ahead of the panel and is re-run on the day. "
	 "Per case: owner, removal directions, Adult at Risk level, MAPPA and sentence, serious crime "
	 "categories, earlier recommendations and casework's responses, unfinished releases, and "
	 "bail granted in principle."},
	{"CPP-LIGHT", "CPP", "§10.4", "Bail granted in principle (SoS or IJ) marks a case light touch on the case list."},
	{"CPP-REC", "CPP", "§10, §10.1-10.3",
	 "Every case reviewed gets one recommendation (release, maintain with actions, maintain, or "
	 "none with a date by which a later panel decides), with reasons and a long-stop date; "
	 "maintain with actions needs at least one action."},
	{"CPP-AUDIT", "CPP", "§10.1, §10.2", "Release and maintain-with-actions recommendations are audited a set time after the panel."},
	{"CPP-RESPONSE", "CPP", "§11.1, §11.3",
	 "Casework records whether it agrees, within the time in the table. A disagreement needs a "
	 "reason and an approver at least as senior as the chair and as the case's tier requires."},
	{"CPP-DCPR", "CPP", "§11.2", "The next detention case progression review acknowledges the panel and its recommendation."},
	{"CPP-DECIDE-BY", "CPP", "§10",
	 "A panel that makes no recommendation may set a date by which a later panel decides: that "
	 "date is a due item for the case."},
	{"CPP-ACTION", "CPP", "§10.2",
	 "Each case progression action the panel asks for has an owner and a due date; one still open "
	 "after its due date is a due item and a warning."},
	{"CPP-NOTIFY", "CPP", "§11",
	 "Casework is told of the recommendation by email. Interpretation: by the day after the "
	 "panel, as the policy gives no time."},
	{"CPP-COMPLIANCE", "CPP", "§12",
	 "A monthly report per casework team: responses on time, rejections without a reason or "
	 "approver, and the cases that did not comply."},
	{"CPP-ATTENDANCE", "CPP", "§8.6", "Chairs and members sit on a number of panels a year within the range in the table (reported, not an error)."},
	/* ---- Progression panels for indeterminate sentences (HMPPS) ---- */
	{"PF-CUSTODY-RAG", "PF", "6.2",
	 "IPP and DPP in custody: the current RAG rating sets how often a panel is due, counted from "
	 "the last panel held; green has no routine panel. Interpretation: with no panel yet, one is "
	 "due at once."},
	{"PF-NEG-PAROLE", "PF", "6.3, A", "IPP and DPP in custody: a panel follows a negative Parole Board outcome within the time in the table."},
	{"PF-RECALL", "PF", "6.3, A", "IPP and DPP: a panel follows a return to custody after recall within the time in the table."},
	{"PF-ESCALATION", "PF", "6.3",
	 "IPP and DPP in custody: an adverse development in open conditions, recategorisation upwards "
	 "or remission from secure hospital calls for a panel. Interpretation: within the time in the "
	 "table, as the policy sets none."},
	{"PF-SATISFIED", "PF", "6.4", "A panel held between an event and its deadline satisfies the panel the event called for."},
	{"PF-COMMUNITY-FIRST", "PF", "6.5, 6.8a, A",
	 "After release on licence (IPP, DPP and life) the first community panel is due within the "
	 "time in the table; for someone in Approved Premises it considers move-on accommodation."},
	{"PF-COMMUNITY-RAG", "PF", "6.6, C",
	 "IPP and DPP in the community: amber sets a routine frequency, green means key stages only; "
	 "red is not a community rating."},
	{"PF-KEY-STAGES", "PF", "6.7, 6.9",
	 "Planned steps of supervision (reducing frequency, suspension, reimposition, termination "
	 "referral) need a panel before them; a deterioration short of recall, or recall being "
	 "considered, needs one soon after. Interpretation: by the planned date, or within the time "
	 "in the table of the event."},
	{"PF-SUSPENSION", "PF", "A",
	 "A panel ahead of the earliest eligibility for suspending supervision, by sentence and "
	 "continuous time on licence (a recall restarts the clock), and again after the Parole "
	 "Board declines."},
	{"PF-TERMINATION", "PF", "A",
	 "IPP and DPP: a panel ahead of the licence termination report deadline, or, with none "
	 "recorded, ahead of the point counted from the first release."},
	{"PF-LIFE", "PF", "6.8, 6.9, 6.10",
	 "Life sentences have panels only in the community: the first after release, then at the "
	 "routine frequency and on key stages; none while supervision is suspended."},
	{"PF-NEXT-PANEL", "PF", "10.7",
	 "The next date a panel records for a case is when the next panel is due."},
	{"PF-ACTION", "PF", "10.7",
	 "Each action the panel agrees has an owner and a due date; one still open after its due date "
	 "is a due item and a warning."},
	{"PF-MOVE-ON", "PF", "A",
	 "The first community panel is held before the person moves on from Approved Premises, where "
	 "the move-on date is known before the three-month point."},
	{"PF-DISCRETION", "PF", "6.4, 7.6",
	 "Recorded decisions: that an event panel is or is not needed (with reason and who decided), "
	 "and that a case is reviewed more often than its RAG rating requires."},
	{"PF-WEPS", "PF", "4.4",
	 "For women, the Women's Estate Psychology Service is consulted on decisions about suspension, "
	 "reduced frequency and termination; a decision that records no consultation is a warning."},
	{"PF-RESET", "PF", "6.11", "A panel held outside the routine frequency may be marked to restart the cycle from it."},
	{"PF-RAG-REVIEW", "PF", "6.13", "A RAG rating is reviewed regularly: one older than the table allows is a warning."},
	{"PF-CHAIR", "PF", "8.3",
	 "The chair depends on setting and on who holds the case: in custody at least the HOMD (POM "
	 "cases) or the nominated community lead SPO (COM cases); in the community at least the "
	 "nominated PDU SPO."},
	{"PF-CORE-CUSTODY", "PF", "8.4, B",
	 "Custody panels: HOMD, nominated lead SPO, COM, POM (the responsible one presents), "
	 "psychology, and a case administration officer as secretariat."},
	{"PF-CORE-COMMUNITY", "PF", "8.5, B",
	 "Community panels: nominated lead PDU SPO, COM (presents), psychology where it was involved "
	 "through the gate, and a secretariat."},
	{"PF-OFFENDER", "PF", "8.2, 9.3, 9.4", "The person takes part: attends, or has their views recorded before and is debriefed after."},
	{"PF-AGENDA", "PF", "9.4",
	 "The person receives their agenda ahead of the panel, and is told when the panel is combined "
	 "with another meeting."},
	{"PF-WOMEN", "PF", "9.10, 9.11",
	 "For a woman on the WECASP in custody, and at a woman's first community panel, WEPS and the "
	 "HMPPS Women's Team are invited, or consulted beforehand if they cannot come."},
	{"PF-EVIDENCE", "PF", "9.1, 9.6, 9.8",
	 "The panel has the Progression Panel Report, the latest OASys and ACCT review where they "
	 "exist, the latest psychology risk assessment, and the report any parole work needs."},
	{"PF-NONDISCLOSURE", "PF", "9.9", "Information marked non-disclosable never reaches anything the person sees."},
	{"PF-QUESTIONS", "PF", "10.1", "The minutes answer the key questions A and B, and C where relevant."},
	{"PF-RECORD", "PF", "10.4, 10.7, 10.9, 7.8",
	 "Each panel records its date and time, completion and next date, any rescheduling, actions "
	 "with owners and due dates, and whether the person was told the outcome; a panel held within "
	 "another meeting is still recorded."},
	{"PF-COVERAGE", "PF", "2.1", "A report of the share of IPP cases, custody and community apart, with a recent panel."},
	/* ---- The toolkit's own checks ---- */
	{"KIT-IDS", "KIT", "",
	 "IDs are unique across cases, panels and people, are safe file names (<id>.yaml), equal "
	 "the file name, and every reference names a record that exists."},
	{"KIT-DATES", "KIT", "", "Dates are YYYY-MM-DD, real calendar days, and in a possible order."},
	{"KIT-LIFECYCLE", "KIT", "",
	 "A closed case (licence terminated, removed, released, deceased, transferred out) is out of "
	 "every cadence, report and warning from its closing date until it is reopened."},
	{"KIT-BASELINE", "KIT", "",
	 "A case imported with a baseline (the last panel held before its records came into "
	 "panelkit) counts that panel as held, so an import reports no years of false overdue items."},
	{"KIT-HISTORY", "KIT", "",
	 "Every change to the records is a commit saying who and why; the toolkit never rewrites "
	 "history, and reading the past (--at) reads the commits."},
	{"KIT-SCHEMA", "KIT", "", "A record matches the schema of its kind (schema/*.schema.json): keys, types, allowed values."},
	{"KIT-SCHEMA-FILE", "KIT", "", "The schema files themselves can be read and use only what the validator implements."},
	{"KIT-DUE", "KIT", "", "A case can be scheduled only when the facts the due rules need are there and readable."},
	{"KIT-IO", "KIT", "", "A file or folder could not be read or written."},
	{"KIT-PATH", "KIT", "", "A path leaves the repository, or is a link or not a regular file: refused."},
	{"KIT-GIT", "KIT", "", "The git repository could not be read or updated."},
	{"KIT-USAGE", "KIT", "", "The command line asks for something the tool cannot do."},
	{"KIT-SETTING", "KIT", "", "A setting (an environment variable or configuration value) is not valid."},
	{"KIT-TEMPLATE", "KIT", "", "A document template could not be read or uses an unknown field."},
	/* ---- YAML: the file before its content (node.c) ---- */
	{"YAML-SYNTAX", "YAML", "", "The file is not well-formed YAML; the message points at where reading stopped."},
	{"YAML-INDENT", "YAML", "",
	 "A key is indented differently from its siblings: YAML reads indentation as structure, so "
	 "the keys of one mapping or list item must start in the same column."},
	{"YAML-TAB", "YAML", "", "A tab character in indentation: YAML allows only spaces there."},
	{"YAML-ENCODING", "YAML", "", "The file is not valid UTF-8 text."},
	{"YAML-DUPKEY", "YAML", "", "The same key twice in one mapping: the second would silently win, so both are refused."},
	{"YAML-KEY", "YAML", "", "A mapping key that is not plain text (a list or mapping used as a key)."},
	{"YAML-ALIAS", "YAML", "", "An alias or anchor (*name, &name) that is unknown or expands too far."},
	{"YAML-MULTIDOC", "YAML", "", "More than one YAML document in a record file: a record is one document."},
	{"YAML-LIMIT", "YAML", "", "The file is too large or too deeply nested to be a record."},
	{"YAML-CONFLICT", "YAML", "", "Merge conflict markers (<<<<<<<, =======, >>>>>>>) are left in the file."},
};

const struct pk_rule_id *pk_rulebook_all(size_t *n)
{
	*n = PK_ARRAY_LEN(book);
	return book;
}

const struct pk_rule_id *pk_rulebook_find(const char *id)
{
	for (size_t i = 0; i < PK_ARRAY_LEN(book); i++)
		if (!strcasecmp(book[i].id, id))
			return &book[i];
	return NULL;
}

/* Levenshtein distance, case-insensitive, capped. */
static int distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > 40 || lb > 40)
		return 99;
	int row[41];
	for (size_t j = 0; j <= lb; j++)
		row[j] = (int)j;
	for (size_t i = 1; i <= la; i++) {
		int prev = row[0];
		row[0] = (int)i;
		for (size_t j = 1; j <= lb; j++) {
			int cur = row[j];
			int cost = tolower((unsigned char)a[i - 1]) != tolower((unsigned char)b[j - 1]);
			int best = prev + cost;
			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			prev = cur;
		}
	}
	return row[lb];
}

const char *pk_rulebook_suggest(const char *id)
{
	const char *best = NULL;
	int bd = 4;
	for (size_t i = 0; i < PK_ARRAY_LEN(book); i++) {
		int dd = distance(id, book[i].id);
		if (dd < bd)
			bd = dd, best = book[i].id;
	}
	return best;
}

static const char *basis(int interpretation)
{
	return interpretation == 0 ? "the policy's words"
	       : interpretation == 1 ? "interpretation"
				     : "interpretation (panelkit's own reading)";
}

static const char *basis_key(int interpretation)
{
	return interpretation == 0 ? "words" : interpretation == 1 ? "interpretation" : "toolkit";
}

static const char *source(const struct pk_rule_id *r, char *buf, size_t n)
{
	if (!strcmp(r->doc, "KIT") || !strcmp(r->doc, "YAML"))
		snprintf(buf, n, "panelkit");
	else
		snprintf(buf, n, "%s %s", r->doc, r->sections);
	return buf;
}

/* s on lines of at most width columns, each indented by ind. */
static void wrap(FILE *out, const char *s, int ind, size_t width)
{
	while (*s) {
		size_t room = width - (size_t)ind, n = strlen(s);
		if (n > room) {
			n = room;
			while (n > 10 && s[n] != ' ')
				n--;
		}
		fprintf(out, "%*s%.*s\n", ind, "", (int)n, s);
		s += n;
		while (*s == ' ')
			s++;
	}
}

/* The row of key in force on `on` is the one shown (pk_rule_at). */
static int row_shown(const struct pk_rule *row, pk_date on)
{
	return pk_rule_at(row->key, on) == row;
}

void pk_rulebook_print(FILE *out, const char *id, pk_date on)
{
	size_t nrows;
	const struct pk_rule *rows = pk_rules_all(&nrows);
	char b[64];
	for (size_t i = 0; i < PK_ARRAY_LEN(book); i++) {
		const struct pk_rule_id *r = &book[i];
		if (id && strcasecmp(id, r->id))
			continue;
		fprintf(out, "%s (%s)\n", r->id, source(r, b, sizeof b));
		wrap(out, r->summary, 2, 76);
		for (size_t k = 0; k < nrows; k++) {
			if (strcmp(rows[k].rule, r->id) || !row_shown(&rows[k], on))
				continue;
			fprintf(out, "  %-26s %s  [%s %s %s, from %s; %s]\n", rows[k].key, rows[k].text,
				rows[k].doc, rows[k].version, rows[k].section, rows[k].from,
				basis(rows[k].interpretation));
		}
		if (!id && i + 1 < PK_ARRAY_LEN(book))
			fputc('\n', out);
	}
}

static const char *unit_name(enum pk_unit u)
{
	switch (u) {
	case PK_U_DAYS: return "days";
	case PK_U_MONTHS: return "months";
	case PK_U_YEARS: return "years";
	case PK_U_MINUTES: return "minutes";
	case PK_U_COUNT: return "count";
	case PK_U_GRADE: return "grade";
	default: return "none";
	}
}

void pk_rulebook_json(FILE *out, const char *id, pk_date on)
{
	size_t nrows;
	const struct pk_rule *rows = pk_rules_all(&nrows);
	struct pk_jw w;
	pk_jw_init(&w, out);
	pk_jw_arr_begin(&w, PK_JW_LINES(2));
	for (size_t i = 0; i < PK_ARRAY_LEN(book); i++) {
		const struct pk_rule_id *r = &book[i];
		if (id && strcasecmp(id, r->id))
			continue;
		pk_jw_obj_begin(&w, PK_JW_INLINE);
		pk_jw_kstr(&w, "id", r->id);
		pk_jw_kstr(&w, "doc", r->doc);
		pk_jw_kstr(&w, "sections", r->sections);
		pk_jw_kstr(&w, "summary", r->summary);
		pk_jw_key(&w, "rows");
		pk_jw_arr_begin(&w, PK_JW_INLINE);
		for (size_t k = 0; k < nrows; k++) {
			if (strcmp(rows[k].rule, r->id) || !row_shown(&rows[k], on))
				continue;
			pk_jw_obj_begin(&w, PK_JW_INLINE);
			pk_jw_kstr(&w, "key", rows[k].key);
			if (rows[k].unit == PK_U_GRADE)
				pk_jw_kstr(&w, "value", rows[k].text);
			else
				pk_jw_kint(&w, "value", rows[k].value);
			pk_jw_kstr(&w, "unit", unit_name(rows[k].unit));
			pk_jw_kstr(&w, "text", rows[k].text);
			pk_jw_kstr(&w, "version", rows[k].version);
			pk_jw_kstr(&w, "section", rows[k].section);
			pk_jw_kstr(&w, "in_force", rows[k].from);
			pk_jw_kstr(&w, "basis", basis_key(rows[k].interpretation));
			pk_jw_obj_end(&w);
		}
		pk_jw_arr_end(&w);
		pk_jw_obj_end(&w);
	}
	pk_jw_arr_end(&w);
	pk_jw_text(&w, "\n");
}

void pk_rulebook_markdown(FILE *out)
{
	size_t nrows;
	const struct pk_rule *rows = pk_rules_all(&nrows);
	static const struct {
		const char *doc, *title;
	} parts[] = {
		{"CPP", "Detention case progression panels (Home Office, CPP)"},
		{"PF", "Progression panels for indeterminate sentences (HMPPS, PF)"},
		{"KIT", "The toolkit's own checks (KIT)"},
		{"YAML", "Reading the YAML file (YAML)"},
	};
	fputs("<!-- Generated by 'make docs' (panel rules --markdown) from tools/lib/rulebook.c\n"
	      "     and the rule table tools/lib/rules.c: do not edit. -->\n"
	      "# panelkit rule reference\n\n"
	      "Every message, agenda and `panel due --explain` line cites a rule ID in\n"
	      "brackets, e.g. `[CPP-CYCLE]`. This page says, in panelkit's own words, what\n"
	      "each ID means, and lists the values the tools apply from the rule table:\n"
	      "each with the policy section it comes from, the date from which it is in\n"
	      "force, and whether it is the policy's words or an interpretation (where the\n"
	      "policy is vague, one reading is fixed in the table and used everywhere).\n"
	      "`panel rules ID` prints the same on the command line; `panel rules --json`\n"
	      "as data. The sources are cited by section; check them for the exact words:\n\n",
	      out);
	fprintf(out, "- **CPP**: %s (cited as CPP §n).\n", pk_rule_doc_title("CPP"));
	fprintf(out, "- **PF**: %s (cited as PF n.n; annexes PF A, B, C).\n\n", pk_rule_doc_title("PF"));
	for (size_t p = 0; p < PK_ARRAY_LEN(parts); p++) {
		fprintf(out, "## %s\n\n", parts[p].title);
		for (size_t i = 0; i < PK_ARRAY_LEN(book); i++) {
			const struct pk_rule_id *r = &book[i];
			if (strcmp(r->doc, parts[p].doc))
				continue;
			char b[64];
			fprintf(out, "### %s\n\n%s", r->id, r->summary);
			if (strcmp(r->doc, "KIT") && strcmp(r->doc, "YAML"))
				fprintf(out, " (%s)", source(r, b, sizeof b));
			fputs("\n\n", out);
			int any = 0;
			for (size_t k = 0; k < nrows; k++) {
				if (strcmp(rows[k].rule, r->id))
					continue;
				if (!any)
					fputs("| key | value | source | in force from | basis |\n"
					      "|---|---|---|---|---|\n", out);
				any = 1;
				fprintf(out, "| `%s` | %s | %s %s %s | %s | %s |\n", rows[k].key, rows[k].text,
					rows[k].doc, rows[k].version, rows[k].section, rows[k].from,
					basis(rows[k].interpretation));
			}
			if (any)
				fputc('\n', out);
		}
	}
}
