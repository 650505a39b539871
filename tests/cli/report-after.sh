# panel report after on the sample caseload as of 2026-11-23 (issue 15):
# panels arranged versus held (PF 10.7), teams below the expected standard
# with their SPOCs (CPP §12, §13), open actions by owner and age; and
# closed cases out of the coverage denominator (KIT-LIFECYCLE).
. "$PANEL_SRC/tests/cli/lib.sh"
C="$PANEL_SRC/casefiles"
E="$PANEL_SRC/tests/cli/expected"
PANEL_TODAY=2026-11-23
export PANEL_TODAY

[ -n "$REGEN" ] && panel report -C "$C" --as-of 2026-11-23 after >"$E/report-after-2026-11-23.md" 2>/dev/null
expect_output after "$E/report-after-2026-11-23.md" panel report -C "$C" --as-of 2026-11-23 after
# The month of the standard defaults to the one before as-of.
expect_grep "Month (CPP §12): 2026-10" actual.out
expect_grep "| north | 66.7% | 1 | horatio-bramble |" actual.out
# A month every team met: none listed.
panel report -C "$C" --as-of 2026-11-23 after --month 2026-09 >sep.out 2>/dev/null || fail "after --month"
expect_grep "None: every team met the expected standard in the month." sep.out
# --list: the actions behind the counts, by identity.
panel report -C "$C" --as-of 2026-11-23 after --list >list.out 2>/dev/null || fail "after --list"
expect_grep "PP-2026-06-11-LARKHILLVALE/IS-0004/1" list.out
# JSON has the three tables.
panel report -C "$C" --as-of 2026-11-23 after --json >after.json 2>/dev/null || fail "after --json"
for k in panels below actions; do expect_grep "\"$k\"" after.json; done
# Usage.
expect_status 2 panel report -C "$C" after --from 2026-01 --to 2026-03
expect_status 2 panel report -C "$C" after --month 2026-13

# KIT-LIFECYCLE: IS-0016 (licence terminated) is not in the coverage
# population; IS-0017's import baseline counts as a panel (KIT-BASELINE).
panel report -C "$C" --as-of 2026-11-23 coverage --list >cov.out 2>/dev/null || fail "coverage"
grep -q "IS-0016" cov.out && fail "a closed case is in the coverage report"
expect_grep "| community | Amber | 4 | 2 | 50.0% | 2 |" cov.out
exit 0
