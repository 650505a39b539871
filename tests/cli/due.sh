# panel due on the sample caseload as of 2026-11-23 (issue #3): the full
# listing, JSON, iCalendar and --explain are checked against expected files
# that were worked through by hand against RULES.md (see the comments in
# tests/cli/expected/due-README.md); then the options and exit statuses.
. "$PANEL_SRC/tests/cli/lib.sh"
C="$PANEL_SRC/casefiles"
E="$PANEL_SRC/tests/cli/expected"
PANEL_TODAY=2026-11-23
export PANEL_TODAY

# name | command (run with -C casefiles)
while IFS='|' read -r golden args; do
	[ -n "$golden" ] || continue
	# REGEN=1 rewrites the expected files: review them by hand before committing.
	# shellcheck disable=SC2086
	[ -n "$REGEN" ] && panel due -C "$C" $args >"$E/$golden" 2>/dev/null
	# shellcheck disable=SC2086
	expect_output "$golden" "$E/$golden" panel due -C "$C" $args
done <<'LIST'
due-2026-11-23.txt|--as-of 2026-11-23
due-2026-11-23.json|--as-of 2026-11-23 --json
due-2026-11-23.ics|--as-of 2026-11-23 --ics -
due-explain-DC-0005.txt|--as-of 2026-11-23 --explain DC-0005
due-explain-IS-0002.txt|--as-of 2026-11-23 --explain IS-0002
due-explain-IS-0011.txt|--as-of 2026-11-23 --explain IS-0011
due-explain-IS-0014.txt|--as-of 2026-11-23 --explain IS-0014
LIST

# The default as-of is today (PANEL_TODAY) and the default directory is cwd.
(cd "$C" && panel due) >default.out 2>default.err || fail "panel due in casefiles/ failed"
cmp default.out "$E/due-2026-11-23.txt" || fail "default as-of/directory differ from --as-of 2026-11-23 -C"
expect_grep "panel due: 76 items, 5 overdue, from 34 cases (working tree), as of 2026-11-23" default.err

# Filters.
panel due -C "$C" --overdue >ov.out 2>/dev/null
[ "$(wc -l <ov.out)" -eq 6 ] || { cat ov.out; fail "--overdue: header + 5 items expected"; }
grep -v '^CASE' ov.out | grep -qv ' overdue ' && fail "--overdue listed something not overdue"
panel due -C "$C" --framework detention --team north >fw.out 2>/dev/null
grep -q '^IS-' fw.out && fail "--framework detention listed an ipp case"
grep -q 'DC-0002' fw.out && fail "--team north listed DC-0002 (team south)"
expect_grep "DC-0001" fw.out
# --within 7: due on or before 2026-11-30 (so also those due since earlier
# whose deadline is later), and pending items.
panel due -C "$C" --within 7 >w.out 2>/dev/null
[ "$(grep -c . w.out)" -eq 17 ] || { cat w.out; fail "--within 7: header + 16 items expected"; }
expect_grep "IS-0011  ipp        community  -           -           pending" w.out
grep -q "2026-12-03  2026-12-03" w.out && fail "--within 7 listed an item due 2026-12-03"

# The calendar as a file, written whole.
expect_status 0 panel due -C "$C" --ics team.ics
cmp team.ics "$E/due-2026-11-23.ics" || fail "--ics FILE differs from --ics -"
expect_grep "DC-0005  detention" actual.out

# Exit statuses.
expect_status 1 panel due -C "$C" --fail-on-overdue
expect_status 0 panel due -C "$C" --fail-on-overdue --framework ipp --team hollowmere-pdu
expect_status 1 panel due -C "$C" --fail-on-overdue --explain DC-0005
expect_status 0 panel due -C "$C" --help
expect_grep "usage: panel due" actual.out
[ -s actual.err ] && fail "--help wrote to stderr"
[ "$(wc -l <actual.out)" -le 24 ] || fail "usage text is longer than a screen"
expect_status 2 panel due -C "$C" --framework prison
expect_grep "usage: panel due" actual.err
[ -s actual.out ] && fail "a usage error wrote to stdout"
expect_status 2 panel due -C "$C" --as-of 2026-02-30
expect_grep '"2026-02-30" is not a date' actual.err
expect_status 2 panel due -C "$C" --within soon
expect_status 2 panel due -C "$C" --bogus
expect_status 2 panel due -C "$C" extra-argument
expect_status 2 panel due -C "$C" --explain DC-9999
expect_grep 'no case "DC-9999"' actual.err
# A path is not an ID, even one that leads to a case (KIT-IDS).
expect_status 2 panel due -C "$C" --explain ../cases/DC-0005
[ "$(cat actual.err)" = 'panel due: --explain: "../cases/DC-0005" is not a case ID [KIT-IDS]' ] ||
	{ cat actual.err; fail "--explain with a path: wrong message"; }
[ -s actual.out ] && fail "--explain with a path printed something"
expect_status 2 panel due -C "$PANEL_SRC/no-such-dir"

# A record that cannot be read is reported and skipped; the rest is listed
# and the exit status says the answer is incomplete.
mkdir -p broken
cp -R "$C/cases" "$C/panels" "$C/people" broken/
printf 'id: DC-0099\nframework: detention\ndetention: [unclosed\n' >broken/cases/DC-0099.yaml
printf 'id: DC-0098\nframework: detention\nteam: x\n' >broken/cases/DC-0098.yaml
expect_status 2 panel due -C broken
cmp actual.out "$E/due-2026-11-23.txt" || fail "a broken record changed the other cases' items"
expect_grep "broken/cases/DC-0099.yaml:" actual.err
expect_grep "broken/cases/DC-0098.yaml:1:5: error: detention.start is missing or not a date [KIT-DUE]" actual.err
exit 0
