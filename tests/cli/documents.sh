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
PP-2026-12-10-LARKHILL.agenda.md|agenda PP-2026-12-10-LARKHILL
PP-2026-12-10-LARKHILL.agenda.html|agenda PP-2026-12-10-LARKHILL --html
PP-2026-12-10-LARKHILL.minutes.md|minutes PP-2026-12-10-LARKHILL
PP-2026-12-10-LARKHILL.person-IPP-0003.md|agenda PP-2026-12-10-LARKHILL --for person --case IPP-0003
PP-2026-12-10-LARKHILL.person-IPP-0002.md|agenda PP-2026-12-10-LARKHILL --for person --case IPP-0002
PP-2026-06-04-LARKHILL.person-minutes.md|minutes PP-2026-06-04-LARKHILL --for person
PP-2026-06-04-LARKHILL.person-minutes.html|minutes PP-2026-06-04-LARKHILL --for person --html
CPP-2026-08-20-A.letter-recommendation-DC-0001.md|letter recommendation CPP-2026-08-20-A DC-0001
CPP-2026-08-20-A.letter-recommendation-DC-0001.html|letter recommendation CPP-2026-08-20-A DC-0001 --html
CPP-2026-08-20-A.letter-recommendation-DC-0001.eml|letter recommendation CPP-2026-08-20-A DC-0001 --eml
CPP-2026-11-26-A.letter-invitation.md|letter invitation CPP-2026-11-26-A
PP-2026-12-10-LARKHILL.letter-invitation.md|letter invitation PP-2026-12-10-LARKHILL
PP-2026-12-10-LARKHILL.letter-invitation.html|letter invitation PP-2026-12-10-LARKHILL --html
PP-2026-12-10-LARKHILL.letter-invitation.eml|letter invitation PP-2026-12-10-LARKHILL --eml
PP-2026-12-10-LARKHILL.letter-person-invitation-IPP-0003.md|letter person-invitation PP-2026-12-10-LARKHILL IPP-0003
PP-2026-12-10-LARKHILL.letter-person-invitation-IPP-0003.html|letter person-invitation PP-2026-12-10-LARKHILL IPP-0003 --html
PP-2026-12-10-LARKHILL.letter-person-invitation-IPP-0003.eml|letter person-invitation PP-2026-12-10-LARKHILL IPP-0003 --eml
PP-2026-06-04-LARKHILL.letter-outcome.md|letter outcome PP-2026-06-04-LARKHILL
PP-2026-06-04-LARKHILL.letter-outcome.html|letter outcome PP-2026-06-04-LARKHILL --html
PP-2026-06-04-LARKHILL.letter-outcome.eml|letter outcome PP-2026-06-04-LARKHILL --eml
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
