# panel report on the report fixtures (issue #7): golden files for every
# report and format, --list, -o, and usage errors.  The records are copied
# into the temporary directory (not a git repository), so a past --as-of
# reads the working tree.
. "$PANEL_SRC/tests/cli/lib.sh"
E="$PANEL_SRC/tests/fixtures/report/expected"
cp -R "$PANEL_SRC/tests/fixtures/report/records" rec || fail "copy"
PANEL_TODAY=2026-01-20
export PANEL_TODAY

# golden | arguments
while IFS='|' read -r golden args; do
	[ -n "$golden" ] || continue
	# shellcheck disable=SC2086
	expect_output "$golden" "$E/$golden" panel report $args -C rec
	[ -s actual.err ] && { cat actual.err; fail "$golden: unexpected messages"; }
done <<'LIST'
compliance-2025-12.md|compliance --month 2025-12
compliance-2025-12.list.md|compliance --month 2025-12 --list
compliance-2025-12.as-of-2026-01-03.md|compliance --month 2025-12 --as-of 2026-01-03
compliance-2025-12.list.csv|compliance --month 2025-12 --csv --list
compliance-2025-12.dq.csv|compliance --month 2025-12 --csv --table dq
compliance-2025-12.list.json|compliance --month 2025-12 --json --list
compliance-2025-12.html|compliance --month 2025-12 --html
compliance-2025-10.md|compliance --month 2025-10
compliance-2025-12.west.md|compliance --month 2025-12 --team west
compliance-2025-11.north.list.md|compliance --month 2025-11 --team north --list
detention.list.md|detention --list
coverage.list.md|coverage --list
coverage.csv|coverage --csv
attendance-2025.md|attendance --year 2025
attendance-2025.list.json|attendance --year 2025 --json --list
LIST

# -o writes the same bytes atomically, nothing on standard output.
echo old >out.md
expect_status 0 panel report compliance --month 2025-12 -C rec -o out.md
cmp out.md "$E/compliance-2025-12.md" || fail "-o wrote something else"
[ -s actual.out ] && fail "-o also wrote to standard output"
ls -a | grep -v -e '^\.\.\?$' -e '^out\.md$' -e '^actual\.' -e '^rec$' && fail "a temporary file was left behind"

# -C defaults to the current directory.
(cd rec && panel report compliance --month 2025-12) >cwd.md || fail "cwd"
cmp cwd.md "$E/compliance-2025-12.md" || fail "the default records folder is the current directory"

# Usage errors exit 2 and say what is wrong.
expect_status 2 panel report
expect_grep "which report?" actual.err
expect_status 2 panel report compliance -C rec
expect_grep "compliance needs --month YYYY-MM" actual.err
expect_status 2 panel report compliance --month 2025-13 -C rec
expect_grep '--month: "2025-13" is not YYYY-MM' actual.err
expect_status 2 panel report attendance -C rec
expect_grep "attendance needs --year YYYY" actual.err
expect_status 2 panel report attendance --year 2025 --from 2025-01 --to 2025-02 -C rec
expect_grep "attendance has no trend" actual.err
expect_status 2 panel report coverage --team north -C rec
expect_grep "--team goes with compliance" actual.err
expect_status 2 panel report coverage --csv --json -C rec
expect_grep "one at a time" actual.err
expect_status 2 panel report coverage --from 2025-06 --to 2025-01 -C rec
expect_grep "--to is before --from" actual.err
expect_status 2 panel report coverage --from 2015-01 --to 2025-01 -C rec
expect_grep "at most 120 months" actual.err
expect_status 2 panel report compliance --month 2025-12 --csv --table nope -C rec
expect_grep 'no table "nope" in the compliance report (tables: responses, audits, dq)' actual.err
[ -s actual.out ] && fail "an unknown --table wrote output"
expect_status 2 panel report rota -C rec
expect_grep 'no report "rota"' actual.err
expect_status 2 panel report coverage -C does-not-exist
expect_status 0 panel report --help
expect_grep "usage: panel report compliance" actual.out

# A record that does not parse: reported, left out, exit 1.
cp -R rec bad
printf 'id: [unclosed\n' >bad/cases/DC-N1.yaml
expect_status 1 panel report compliance --month 2025-12 -C bad
expect_grep "cases/DC-N1.yaml" actual.err
expect_grep "| north | 2 |" actual.out
exit 0
