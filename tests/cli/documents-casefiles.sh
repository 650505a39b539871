# panel agenda / panel minutes on the sample caseload (casefiles/): golden
# files for every template, before and after the sitting (issue #5).
# REGEN=1 rewrites them after a deliberate change (review with git diff).
. "$PANEL_SRC/tests/cli/lib.sh"
R="$PANEL_SRC/casefiles"
E="$PANEL_SRC/tests/fixtures/documents/casefiles"
PANEL_TODAY=2026-11-23
export PANEL_TODAY
unset PANEL_TEMPLATES PANEL_DATA_DIR

n=0
while IFS='|' read -r golden args; do
	[ -n "$golden" ] || continue
	# shellcheck disable=SC2086
	[ -n "$REGEN" ] && panel $args -C "$R" >"$E/$golden"
	# shellcheck disable=SC2086
	expect_output "$golden" "$E/$golden" panel $args -C "$R"
	[ -s actual.err ] && { cat actual.err; fail "$golden: unexpected messages"; }
	n=$((n + 1))
done <<'LIST'
CPP-2026-12-03-A.agenda.md|agenda CPP-2026-12-03-A
CPP-2026-12-03-A.agenda.html|agenda CPP-2026-12-03-A --html
CPP-2026-12-03-A.minutes.md|minutes CPP-2026-12-03-A
CPP-2026-09-17-A.minutes.md|minutes CPP-2026-09-17-A
CPP-2026-11-12-A.minutes.md|minutes CPP-2026-11-12-A
PP-2026-12-02-LARKHILLVALE.agenda.md|agenda PP-2026-12-02-LARKHILLVALE
PP-2026-12-02-LARKHILLVALE.minutes.md|minutes PP-2026-12-02-LARKHILLVALE
PP-2026-12-02-LARKHILLVALE.person-IS-0001.md|agenda PP-2026-12-02-LARKHILLVALE --for person --case IS-0001
PP-2026-10-08-HOLLOWMERE.agenda.md|agenda PP-2026-10-08-HOLLOWMERE
PP-2026-10-08-HOLLOWMERE.minutes.md|minutes PP-2026-10-08-HOLLOWMERE
PP-2026-10-08-HOLLOWMERE.minutes.html|minutes PP-2026-10-08-HOLLOWMERE --html
PP-2026-10-08-HOLLOWMERE.person-IS-0013.md|agenda PP-2026-10-08-HOLLOWMERE --for person --case IS-0013
PP-2026-10-08-HOLLOWMERE.person-IS-0013.html|agenda PP-2026-10-08-HOLLOWMERE --for person --case IS-0013 --html
LIST
[ "$n" -eq 13 ] || fail "ran $n of 13"

# Every panel of the caseload gives both documents, with no messages.
for f in "$R"/panels/*.yaml; do
	p=$(basename "$f" .yaml)
	for verb in agenda minutes; do
		panel $verb -C "$R" "$p" >doc.md 2>doc.err || { cat doc.err; fail "$verb $p"; }
		[ -s doc.err ] && { cat doc.err; fail "$verb $p: messages"; }
		grep -q '^# ' doc.md || fail "$verb $p: no title"
	done
done
exit 0
