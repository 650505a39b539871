# The minutes, agendas and letters against the policy sections they cite
# (issue 16): each row names a document, a text it must hold and the
# section that asks for it.  Then what they must never hold (internal
# notes in minutes and letters, CPP §10), key question C asked exactly
# when validate demands it (one function, PF-QUESTIONS), the letters'
# errors and the email form's structure (RFC 5322 / MIME).
. "$PANEL_SRC/tests/cli/lib.sh"
R="$PANEL_SRC/tests/fixtures/documents/records"
PANEL_TODAY=2026-11-23
export PANEL_TODAY
unset PANEL_TEMPLATES PANEL_DATA_DIR

panel minutes -C "$R" CPP-2026-08-20-A >dm_held || fail "minutes CPP-2026-08-20-A"
panel minutes -C "$R" CPP-2026-11-26-A >dm_form || fail "minutes CPP-2026-11-26-A"
panel agenda -C "$R" CPP-2026-11-26-A >da || fail "agenda CPP-2026-11-26-A"
panel agenda -C "$R" PP-2026-12-10-LARKHILL >ia || fail "agenda PP-2026-12-10-LARKHILL"
panel minutes -C "$R" PP-2026-12-10-LARKHILL >im_form || fail "minutes PP-2026-12-10-LARKHILL"
panel minutes -C "$R" PP-2026-06-04-LARKHILL >im_held || fail "minutes PP-2026-06-04-LARKHILL"
panel letter recommendation -C "$R" CPP-2026-08-20-A DC-0002 >lr || fail "letter recommendation"

n=0
while IFS='|' read -r doc section needle; do
	[ -n "$doc" ] || continue
	grep -qF -- "$needle" "$doc" || { cat "$doc"; fail "$doc lacks '$needle' ($section)"; }
	n=$((n + 1))
done <<'ROWS'
dm_held|CPP §7|| Alternatives to detention considered (CPP §7) | SoS bail considered
dm_held|CPP §7, §8.5|| Barriers to removal (CPP §7, §8.5) | Nationality not confirmed
dm_held|CPP §7|| Travel documents (CPP §7) | No travel document; an interview
dm_held|CPP §8.5|| Adult at Risk (CPP §8.5) | level 2: Level 2: a GP letter records depression. |
dm_held|CPP §8.5|| Key points of the discussion (CPP §8.5) | Removal within a reasonable time
dm_held|CPP §8.1|| Members split: the chair's decision (CPP §8.1) | Members were split
dm_held|CPP §10, §11|| Emailed to the casework team (CPP §10, §11) | 2026-08-21 |
dm_held|CPP §11.1|| Entered on Atlas (CPP §11.1) | 2026-08-21 |
dm_held|CPP §10|Recommendations must be fully documented and disclosable (CPP §10): these minutes hold no internal notes.
dm_form|CPP §7|| Alternatives to detention considered, and why not appropriate (CPP §7) | |
dm_form|CPP §8.1|| Members split? The chair's decision (CPP §8.1) | |
dm_form|CPP §8.5|| Key points of the discussion (CPP §8.5) | |
dm_form|CPP §10, §11.1|| Emailed to casework, entered on Atlas: dates (CPP §10, §11.1) | |
dm_form|CPP §10|Minutes are disclosable (CPP §10): write nothing here that is for staff only
da|CPP §8.7|Delete documents downloaded from Atlas to prepare for the panel once it is over (CPP §8.7).
da|CPP §7|| Panel | Date | Recommendation | Long-stop date | Accepted by casework |
da|CPP §7|#### Actions set at CPP-2026-08-20-A (CPP §7)
da|CPP §7|| 1 | Confirm the charter route | Mia Chen | 2026-09-03 | 2026-09-02 |
ia|PF 5.1|1. Is there an appropriate progression pathway identified?
ia|PF 5.1|2. Is the person able to access the required interventions or services?
ia|PF 5.1|3. Are all reasonable steps to mitigate any barriers to progression being pursued?
ia|PF 5.1|4. Are they suitable, where eligible, for Parole Board consideration for suspension of supervision, or licence termination (IPP cases only)?
ia|PF 5.1|5. Does the person have any protective factors in the community
ia|PF 10.3, 10.4|### Risk Management Plan (PF 10.3, 10.4)
ia|PF 10.4|does the practitioner need to update PPCS (Public Protection Casework Section)?
ia|PF 10.6|**ACCT (PF 10.6):** the person is supported by ACCT
ia|PF 7.2, 8.2|| Reasonable adjustments asked for (PF 7.2, 8.2) | Large-print papers; a break every 30 minutes. |
ia|PF 4.5|| Interpreter (PF 4.5) | Polish |
ia|PF 7.4, 7.5|- **Held:** blended (in person and online) (PF 7.4, 7.5)
ia|PF 7.4, 7.5|- **Where:** HMP Larkhill (custody), Room 2, Offender Management Unit
ia|PF A|### Objectives of this panel (PF 7.1, PF A)
ia|PF A|Discuss the plan for progression, so the person is back on track early
ia|PF 9.4|- Views recorded: 2026-12-01: I want to move to HMP Eastwood to be near my family.
im_held|PF 5.1|| Progression pathway | Kaizen, then a move to a Category C prison. |
im_held|PF 5.1|| Protective factors in the community | His sister offers accommodation in Leeds. |
im_held|PF 10.3|| Risk Management Plan (PF 10.3) | The risk management plan was updated
im_held|PF 10.4|| Update PPCS (PF 10.4) | no: No measure given to the Parole Board is missing. |
im_held|PF 9.4|| The person's views (PF 9.4) | I want another place on Kaizen
im_held|PF 10.5|| Negative news given in person by the responsible practitioner (PF 10.5) | yes |
im_held|PF 10.5|| Debrief for the person (their copy, PF 10.5) | The panel agreed
im_form|PF 10.6|| ACCT: outcome and reaction recorded in the ACCT document on (PF 10.6) | |
im_form|PF 10.5|| A negative outcome: given in person by the responsible practitioner? (PF 10.5) | |
im_form|PF 5.1|| Protective factors in the community | |
lr|CPP §10|**Maintain detention with case progression actions**
lr|CPP §7|| Alternatives to detention considered (CPP §7) | SoS bail considered
lr|CPP §11.1|whether you agree or disagree with this recommendation by Thursday 3 September 2026 (CPP §11.1)
lr|CPP §11.3|approval by a colleague of the same or higher grade than the chair (G7) (CPP §11.3)
lr|CPP §10.2|The CPP team audits progress on Thursday 3 September 2026
ROWS
echo "$n policy rows checked"

# Never: the old §6 citation of the deletion reminder; Annex A objectives
# for a purpose the rule table gives none (PF-CUSTODY-RAG).
grep -q "(CPP §6)\.$" da && fail "the deletion reminder still cites CPP §6"
[ "$(grep -c '### Objectives of this panel' ia)" -eq 1 ] || fail "Annex A objectives: one purpose of two has them"

# CPP §10: internal notes reach the staff agenda only, never the minutes
# or a letter, on any panel of the fixtures and of the sample caseload.
agendas=0
for records in "$R" "$PANEL_SRC/casefiles"; do
	for f in "$records"/panels/*.yaml; do
		p=$(basename "$f" .yaml)
		for opt in "" --html; do
			# shellcheck disable=SC2086
			panel minutes -C "$records" "$p" $opt >m.out 2>m.err || { cat m.err; fail "minutes $p"; }
			grep -n "CANARY-INTERNAL\|Internal notes" m.out && fail "minutes of $p print internal notes"
		done
		panel letter invitation -C "$records" "$p" >l.out 2>/dev/null || fail "invitation $p"
		grep -n "CANARY-INTERNAL" l.out && fail "the invitation for $p prints internal notes"
		panel agenda -C "$records" "$p" >a.out 2>/dev/null || fail "agenda $p"
		grep -q "CANARY-INTERNAL" a.out && agendas=$((agendas + 1))
	done
done
[ "$agendas" -gt 0 ] || fail "no staff agenda carries an internal note: the test proves nothing"
panel letter recommendation -C "$R" CPP-2026-08-20-A DC-0002 --eml >l.out || fail "recommendation --eml"
grep -q "CANARY" l.out && fail "the recommendation letter prints an internal note"
# A minutes template that names internal notes is an error, not a leak.
mkdir t
cp "$PANEL_SRC"/templates/*.md t/
printf '{{#cases}}{{internal_notes}}{{/cases}}\n' >t/detention-minutes.md
expect_status 1 panel minutes -C "$R" CPP-2026-08-20-A --templates t
expect_grep 'unknown placeholder "internal_notes"' actual.err

# PF-QUESTIONS: key question C where validate demands it, from one rule
# (pk_pf_question_c): IPP-0003 (PF-RECALL, no Recall Part B yet) has it,
# IPP-0002 (routine) has not; in the agenda, the form and the person's copy.
[ "$(grep -c '^- \*\*C\.\*\* Is the proposed advice' ia)" -eq 1 ] || fail "agenda: C once (IPP-0003)"
[ "$(grep -c '^- \*\*C\.\*\* Is the proposed advice' im_form)" -eq 1 ] || fail "form: C once (IPP-0003)"
panel agenda -C "$R" PP-2026-12-10-LARKHILL --for person --case IPP-0003 >p3 || fail "person IPP-0003"
panel agenda -C "$R" PP-2026-12-10-LARKHILL --for person --case IPP-0002 >p2 || fail "person IPP-0002"
expect_grep "3. Whether the advice the panel gives to the Parole Board" p3
grep -q "Parole Board is right" p2 && fail "IPP-0002's agenda asks question C"
# The same panel, held with A and B answered: validate demands C for
# IPP-0003 only.
cp -R "$R" held || fail "copy"
sed -i -e 's/^status: planned/status: held/' -e 's/^    no_acct: true/    no_acct: true\n    questions: {a: Yes., b: Yes.}/' \
	-e 's/^    internal_notes: "CANARY-INTERNAL-PP-1210-b"/    questions: {a: Yes., b: Yes.}/' held/panels/PP-2026-12-10-LARKHILL.yaml
(cd held && panel validate panels/PP-2026-12-10-LARKHILL.yaml) >v.out 2>&1
grep "key question" v.out >q.out
[ "$(wc -l <q.out)" -eq 1 ] || { cat v.out; fail "validate: one key question missing"; }
expect_grep "IPP-0003: key question C (advice to the Parole Board) is not answered [PF-QUESTIONS]" q.out

# Schema: the new fields belong to one framework each (schema/README.md):
# the fixtures pass, and a key of the other framework is an error.
(cd "$R" && panel validate panels/CPP-2026-08-20-A.yaml panels/PP-2026-06-04-LARKHILL.yaml \
	panels/PP-2026-12-10-LARKHILL.yaml) >v.out 2>&1 || { cat v.out; fail "the fixtures with the new fields do not validate"; }
cp -R "$R" sx || fail "copy"
sed -i 's/^    no_acct: true$/    no_acct: true\n    alternatives: not here/' sx/panels/PP-2026-06-04-LARKHILL.yaml
sed -i 's/^    recommendation: release$/    recommendation: release\n    debrief: not here\n    considerations: {pathway: x}/' \
	sx/panels/CPP-2026-08-20-A.yaml
(cd sx && panel validate panels/PP-2026-06-04-LARKHILL.yaml panels/CPP-2026-08-20-A.yaml) >v.out 2>&1 &&
	fail "validate accepted keys of the other framework"
grep ": error: " v.out >e.out
cat >e.want <<'WANT'
panels/CPP-2026-08-20-A.yaml:22:5: error: key "debrief" is not allowed for framework detention [KIT-SCHEMA]
panels/CPP-2026-08-20-A.yaml:23:5: error: key "considerations" is not allowed for framework detention [KIT-SCHEMA]
panels/PP-2026-06-04-LARKHILL.yaml:34:5: error: key "alternatives" is not allowed for framework ipp [KIT-SCHEMA]
WANT
diff -u e.want e.out || fail "schema messages"

# Letters: usage and records errors exit 2; nothing is written.
expect_status 2 panel letter
expect_status 2 panel letter bogus CPP-2026-08-20-A
expect_grep 'no letter "bogus"' actual.err
expect_status 2 panel letter invitation CPP-2026-08-20-A --html --eml
expect_status 2 panel letter recommendation -C "$R" PP-2026-06-04-LARKHILL
expect_grep "panel PP-2026-06-04-LARKHILL is an ipp panel: no recommendation letter [PF-RECORD]" actual.err
expect_status 2 panel letter outcome -C "$R" CPP-2026-08-20-A DC-0001
expect_grep "no outcome letter [CPP-REC]" actual.err
expect_status 2 panel letter recommendation -C "$R" CPP-2026-08-20-A
expect_grep "panel CPP-2026-08-20-A considers 2 cases: which recommendation? [CPP-REC]" actual.err
expect_status 2 panel letter recommendation -C "$R" CPP-2026-08-20-A DC-0009
expect_grep 'case "DC-0009" is not on panel CPP-2026-08-20-A [CPP-REC]' actual.err
expect_status 2 panel letter outcome -C "$R" PP-2026-12-03-LARKHILL IPP-0001
expect_grep "is planned, not held: there is no outcome yet [PF-RECORD]" actual.err
expect_status 2 panel letter invitation -C "$R" PP-2026-12-03-LARKHILL IPP-0001
expect_grep "the invitation is for the whole panel: no CASE" actual.err
expect_status 0 panel letter --help
expect_grep "usage: panel letter KIND PANEL [CASE]" actual.out
panel --help | grep -q "letter" || fail "the dispatcher does not list letter"
# --eml needs the addresses; a person record without one is named.
cp -R "$R" noemail || fail "copy"
sed -i '/^email:/d' noemail/people/p-cw1.yaml
expect_status 2 panel letter recommendation -C noemail CPP-2026-08-20-A DC-0001 --eml
expect_grep "To: p-cw1 has no email [KIT-IDS]" actual.err
[ -s actual.out ] && fail "--eml wrote a message without its addressee"
# A header cannot be injected from a record: a name with a line break.
sed -i 's/^name: .*/name: "Evil\\r\\nBcc: x@example.org"/' noemail/people/p-sec.yaml
cp "$R/people/p-cw1.yaml" noemail/people/p-cw1.yaml
panel letter recommendation -C noemail CPP-2026-08-20-A DC-0001 --eml >inj.eml || fail "--eml with a hostile name"
grep -q "^Bcc:" inj.eml && fail "a record injected a header"

# The email form: CRLF everywhere, the headers of RFC 5322, a plain-text
# and an HTML part, the same bytes on every run.
E=recommendation.eml
panel letter recommendation -C "$R" CPP-2026-08-20-A DC-0001 --eml >$E || fail "--eml"
[ "$(grep -c "$(printf '\r')\$" $E)" -eq "$(wc -l <$E)" ] || fail "a line of $E does not end in CRLF"
awk 'length($0) > 999 { exit 1 }' $E || fail "a line of $E is longer than RFC 5322 allows"
for h in "From: Sam Clerk <p-sec@example.org>" "To: Olu Adeyemi <p-cw1@example.org>" "Subject: Case progression panel recommendation" \
	"Date: Mon, 23 Nov 2026 00:00:00 +0000" "Message-ID: <recommendation.CPP-2026-08-20-A.DC-0001.20261123@example.org>" \
	"MIME-Version: 1.0" "Content-Type: multipart/alternative; boundary=" "Content-Type: text/plain; charset=utf-8" \
	"Content-Type: text/html; charset=utf-8"; do
	grep -qF -- "$h" $E || { cat $E; fail "$E lacks '$h'"; }
done
panel letter recommendation -C "$R" CPP-2026-08-20-A DC-0001 --eml | cmp -s - $E || fail "--eml is not stable"
if command -v python3 >/dev/null 2>&1; then
	# An independent parser: Python's email package, strict policy.
	panel letter invitation -C "$R" PP-2026-12-10-LARKHILL --eml >inv.eml || fail "invitation --eml"
	python3 - inv.eml <<'PY' || fail "the email form does not parse cleanly"
import email, email.policy, sys
m = email.message_from_binary_file(open(sys.argv[1], "rb"), policy=email.policy.strict)
assert not m.defects, m.defects
assert m.get_content_type() == "multipart/alternative"
parts = [p.get_content_type() for p in m.iter_parts()]
assert parts == ["text/plain", "text/html"], parts
assert "Zoë Ångström-Nakamura <zoe.angstrom@example.org>" in str(m["To"]), m["To"]
text = m.get_body(("plain",)).get_content()
assert "You are invited to the progression panel PP-2026-12-10-LARKHILL." in text
assert "Zoë Ångström-Nakamura" in text
html = m.get_body(("html",)).get_content()
assert "<title>Invitation: 2026-12-10, PP-2026-12-10-LARKHILL</title>" in html
PY
else
	fail "python3 missing (apt-get install python3): the email form was not parsed"
fi
exit 0
