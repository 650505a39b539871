# panel todo on the sample caseload as of 2026-11-23 (issue 15): what each
# person owes, in Markdown, JSON and iCalendar, checked against expected
# files reviewed by hand against RULES.md and the rule table; then the
# filters, the options and the exit statuses.
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
	[ -n "$REGEN" ] && panel todo -C "$C" $args >"$E/$golden" 2>/dev/null
	# shellcheck disable=SC2086
	expect_output "$golden" "$E/$golden" panel todo -C "$C" $args
done <<'LIST'
todo-2026-11-23.md|--as-of 2026-11-23
todo-2026-11-23-within-30.json|--as-of 2026-11-23 --within 30 --json
todo-2026-11-23.ics|--as-of 2026-11-23 --ics -
todo-isadora-quenby-within-30.md|--as-of 2026-11-23 --person isadora-quenby --within 30
LIST

# The summary goes to stderr; the default as-of is today and -C is cwd.
(cd "$C" && panel todo) >default.out 2>default.err || fail "panel todo in casefiles/ failed"
cmp default.out "$E/todo-2026-11-23.md" || fail "default as-of/directory differ from --as-of 2026-11-23 -C"
expect_grep "panel todo: 12 lines, 6 overdue, from 34 cases (working tree), as of 2026-11-23" default.err

# The dispatcher lists the verb.
panel --help >help.out || fail "panel --help"
expect_grep "  todo       what each person owes" help.out

# Filters: one person; one team; every line of the JSON is within 30 days.
panel todo -C "$C" --person tansy-marlowe >p.out 2>/dev/null
expect_grep "## tansy-marlowe (Tansy Marlowe)" p.out
[ "$(grep -c '^## ' p.out)" -eq 1 ] || fail "--person listed someone else"
panel todo -C "$C" --team north --within 30 --json >t.json 2>/dev/null
grep -q '"team": "south"' t.json && fail "--team north listed a south line"
expect_grep '"team": "north"' t.json
grep -q '"due": "2026-12-2[4-9]"\|"due": "2027' "$E/todo-2026-11-23-within-30.json" && fail "--within 30 listed a later line"
# A closed case owes nothing (IS-0016: licence terminated, KIT-LIFECYCLE).
grep -q 'IS-0016' "$E/todo-2026-11-23-within-30.json" && fail "a closed case is in panel todo"
# The calendar as a file, written whole.
expect_status 0 panel todo -C "$C" --ics cal.ics
cmp cal.ics "$E/todo-2026-11-23.ics" || fail "--ics FILE differs from --ics -"
expect_grep "## tansy-marlowe" actual.out

# Usage errors exit 2 and write nothing to stdout.
expect_status 0 panel todo --help
expect_grep "usage: panel todo" actual.out
[ -s actual.err ] && fail "--help wrote to stderr"
[ "$(wc -l <actual.out)" -le 24 ] || fail "usage text is longer than a screen"
expect_status 2 panel todo -C "$C" --within soon
expect_status 2 panel todo -C "$C" --as-of 2026-02-30
expect_grep '"2026-02-30" is not a date' actual.err
expect_status 2 panel todo -C "$C" --person ../people/tansy-marlowe
expect_grep 'is not a people ID [KIT-IDS]' actual.err
[ -s actual.out ] && fail "a usage error wrote to stdout"
expect_status 2 panel todo -C "$C" --bogus
expect_status 2 panel todo -C "$C" extra
expect_status 2 panel todo -C "$PANEL_SRC/no-such-dir"

# A record that cannot be read is reported and skipped; exit 2.
mkdir -p broken
cp -R "$C/cases" "$C/panels" "$C/people" broken/
printf 'id: DC-0099\nframework: detention\ndetention: [unclosed\n' >broken/cases/DC-0099.yaml
expect_status 2 panel todo -C broken
cmp actual.out "$E/todo-2026-11-23.md" || fail "a broken record changed the other lines"
expect_grep "broken/cases/DC-0099.yaml:" actual.err
exit 0
