# PF-NONDISCLOSURE holes (issue 13), with canaries: an alias that copies a
# non-disclosable text into the person's name is refused where the record
# is read (so no tool can carry it); a passage of it pasted by hand into
# a visible field is a warning in panel validate, and the person's copy is
# not written.  Neither canary may reach any person-facing output that
# exists (the person's agenda, Markdown and HTML, and the person's
# invitation letter, Markdown and email, for every case of every ipp panel).  The records are the document fixtures with the two case
# records of tests/fixtures/nondisclosure/ put over them.
. "$PANEL_SRC/tests/cli/lib.sh"
PANEL_TODAY=2026-11-23
export PANEL_TODAY
unset PANEL_TEMPLATES PANEL_DATA_DIR
cp -R "$PANEL_SRC/tests/fixtures/documents/records" base
# the fixtures alone: nothing to report (the passing case)
expect_status 0 panel validate -C base
if grep -F PF-NONDISCLOSURE actual.out actual.err; then fail "PF-NONDISCLOSURE on the plain fixtures"; fi
cp -R base r
cp "$PANEL_SRC"/tests/fixtures/nondisclosure/cases/*.yaml r/cases/

expect_status 1 panel validate -C r
cat >want.txt <<'WANT'
r/cases/IPP-0001.yaml:8:7: error: alias *nd copies non-disclosable text outside non_disclosable (PF 9.9) [PF-NONDISCLOSURE]
    8 | name: *nd
      |       ^
hint: the anchor &nd is on line 7, inside non_disclosable, which never reaches the person; write the text out where it belongs
r/cases/IPP-0002.yaml:6:7: warning: name repeats 6 consecutive words of the case's non_disclosable[0], starting at its word 3: a field the person can see [PF-NONDISCLOSURE]
    6 | name: "Eve Other (CANARY-PASTE-IPP-0002 victim now at 14 Orchard Row)"
      |       ^
hint: non-disclosable information never reaches the person (PF 9.9): reword this field and keep the detail in non_disclosable only
r/cases/IPP-0002.yaml:18:8: warning: notes repeats 6 consecutive words of the case's non_disclosable[0], starting at its word 7: a field the person can see [PF-NONDISCLOSURE]
   18 | notes: |
      |        ^
hint: non-disclosable information never reaches the person (PF 9.9): reword this field and keep the detail in non_disclosable only
WANT
grep -A3 PF-NONDISCLOSURE actual.out | grep -v '^--$' >got.txt
diff -u want.txt got.txt || fail "panel validate on the canaries"

# every person-facing output: no canary; the copies of the two cases are
# refused and written nowhere, every other case's copy is written.
copies=0
for f in r/panels/*.yaml; do
	grep -Eq '^framework:[[:space:]]*ipp' "$f" || continue
	panel=$(basename "$f" .yaml)
	for c in $(grep -Eo 'case:[[:space:]]*[A-Za-z0-9-]+' "$f" | sed -E 's/case:[[:space:]]*//' | sort -u); do
		for form in agenda.md agenda.html letter.md letter.eml; do
			case $form in
			agenda.md) set -- agenda -C r "$panel" --for person --case "$c" ;;
			agenda.html) set -- agenda -C r "$panel" --for person --case "$c" --html ;;
			letter.md) set -- letter person-invitation -C r "$panel" "$c" ;;
			letter.eml) set -- letter person-invitation -C r "$panel" "$c" --eml ;;
			esac
			out="person-$panel-$c-$form"
			panel "$@" -o "$out" >out.txt 2>err.txt
			st=$?
			if grep -l CANARY- out.txt "$out" 2>/dev/null; then
				fail "panel $* carries a canary"
			fi
			case $c in
			IPP-0001)
				[ $st -eq 2 ] || { cat err.txt; fail "panel $*: exit $st, not refused"; }
				expect_grep 'case "IPP-0001" has no readable record' err.txt
				[ ! -e "$out" ] || fail "panel $*: a refused copy was written" ;;
			IPP-0002)
				[ $st -eq 1 ] || { cat err.txt; fail "panel $*: exit $st, not refused"; }
				expect_grep "$panel: error: the person's copy was not written: their records repeat non-disclosable text [PF-NONDISCLOSURE]" err.txt
				expect_grep "cases/IPP-0002.yaml:6:7: error: name repeats 6 consecutive words" err.txt
				[ ! -e "$out" ] || fail "panel $*: a refused copy was written" ;;
			*)
				[ $st -eq 0 ] && [ -s "$out" ] || { cat err.txt; fail "panel $*: exit $st, no copy written"; } ;;
			esac
			copies=$((copies + 1))
		done
	done
done
[ "$copies" -eq 20 ] || fail "expected 20 person's copies tried, got $copies"
# the staff agenda still carries the paste (the test could not fail otherwise)
expect_status 0 panel agenda -C r PP-2026-12-03-LARKHILL
expect_grep "CANARY-PASTE-IPP-0002" actual.out

# a paste into a panel record: warned at the panel's field
cp -R base p
sed -i 's/      a: Yes, subject to a new place on Kaizen./      a: "Yes, though IPP-0001-victim lives in Larkhill village still."/' \
	p/panels/PP-2026-06-04-LARKHILL.yaml
expect_status 0 panel validate -C p
expect_grep "p/panels/PP-2026-06-04-LARKHILL.yaml:45:10: warning: cases[0].questions.a repeats 6 consecutive words of the case's non_disclosable[0], starting at its word 3: a field the person can see [PF-NONDISCLOSURE]" actual.out
exit 0
