# panel agenda / panel minutes on the document fixtures: golden files for
# every template, Markdown and HTML, and -o (issue #5).
. "$PANEL_SRC/tests/cli/lib.sh"
R="$PANEL_SRC/tests/fixtures/documents/records"
E="$PANEL_SRC/tests/fixtures/documents/expected"
PANEL_TODAY=2026-11-23
export PANEL_TODAY
unset PANEL_TEMPLATES PANEL_DATA_DIR

# name | command
while IFS='|' read -r golden args; do
	[ -n "$golden" ] || continue
	# REGEN=1 rewrites the golden files (then review them with git diff).
	# shellcheck disable=SC2086
	[ -n "$REGEN" ] && panel $args -C "$R" >"$E/$golden"
	# shellcheck disable=SC2086
	expect_output "$golden" "$E/$golden" panel $args -C "$R"
	[ -s actual.err ] && { cat actual.err; fail "$golden: unexpected messages"; }
done <<'LIST'
CPP-2026-11-26-A.agenda.md|agenda CPP-2026-11-26-A
CPP-2026-11-26-A.agenda.html|agenda CPP-2026-11-26-A --html
CPP-2026-11-26-A.minutes.md|minutes CPP-2026-11-26-A
CPP-2026-08-20-A.minutes.md|minutes CPP-2026-08-20-A
PP-2026-12-03-LARKHILL.agenda.md|agenda PP-2026-12-03-LARKHILL
PP-2026-12-03-LARKHILL.minutes.md|minutes PP-2026-12-03-LARKHILL
PP-2026-06-04-LARKHILL.minutes.md|minutes PP-2026-06-04-LARKHILL
PP-2026-06-04-LARKHILL.minutes.html|minutes PP-2026-06-04-LARKHILL --html
PP-2026-12-03-LARKHILL.person-IPP-0001.md|agenda PP-2026-12-03-LARKHILL --for person --case IPP-0001
PP-2026-12-03-LARKHILL.person-IPP-0002.md|agenda PP-2026-12-03-LARKHILL --for person --case IPP-0002
PP-2026-12-03-LARKHILL.person-IPP-0002.html|agenda PP-2026-12-03-LARKHILL --for person --case IPP-0002 --html
LIST

# -o writes the same bytes, and replaces an existing file.
echo old >out.md
expect_status 0 panel agenda -C "$R" CPP-2026-11-26-A -o out.md
cmp out.md "$E/CPP-2026-11-26-A.agenda.md" || fail "-o wrote something else"
[ -s actual.out ] && fail "-o also wrote to standard output"
expect_status 0 panel-minutes -C "$R" PP-2026-06-04-LARKHILL --html --output out.html
cmp out.html "$E/PP-2026-06-04-LARKHILL.minutes.html" || fail "--output wrote something else"
ls -a | grep -v -e '^\.\.\?$' -e '^out\.' -e '^actual\.' && fail "a temporary file was left behind"

# Same records, same bytes; the document's date is --as-of (not the clock).
panel agenda -C "$R" CPP-2026-11-26-A --as-of 2026-11-26 --worktree >a1 || fail "--as-of"
grep -q "Prepared Thursday 26 November 2026" a1 || fail "--as-of is the document's date"
exit 0
