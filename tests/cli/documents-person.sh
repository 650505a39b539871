# PF-NONDISCLOSURE: the person's own agenda holds nothing non-disclosable,
# no internal notes and no other person's case.  Every case of every ipp
# panel, Markdown and HTML, on the document fixtures and on the sample
# caseload: no "CANARY" string may appear (the records put CANARY-ND-... in
# non_disclosable texts and CANARY-INTERNAL-... in internal notes).
. "$PANEL_SRC/tests/cli/lib.sh"
PANEL_TODAY=2026-11-23
export PANEL_TODAY
unset PANEL_TEMPLATES PANEL_DATA_DIR

copies=0
check_records() {
	records=$1
	[ -d "$records/panels" ] || return 0
	canaries=0
	for f in "$records"/panels/*.yaml; do
		[ -e "$f" ] || continue
		grep -Eq '^framework:[[:space:]]*["'\'']?ipp' "$f" || continue
		panel=$(basename "$f" .yaml)
		# The staff agenda must carry what the person's copy leaves out,
		# or this test could not fail.
		panel agenda -C "$records" "$panel" >staff.md 2>staff.err || { cat staff.err; fail "staff agenda of $panel"; }
		grep -q CANARY staff.md && canaries=$((canaries + 1))
		cases=$(grep -Eo 'case:[[:space:]]*["'\'']?[A-Za-z0-9][A-Za-z0-9._-]*' "$f" |
			sed -E 's/case:[[:space:]]*["'\'']?//' | sort -u)
		[ -n "$cases" ] || continue
		for c in $cases; do
			for fmt in md html; do
				opt=; [ $fmt = html ] && opt=--html
				panel agenda -C "$records" "$panel" --for person --case "$c" $opt >person.$fmt 2>person.err ||
					{ cat person.err; fail "person's agenda of $c on $panel"; }
				if grep -n CANARY person.$fmt; then
					fail "$panel --for person --case $c ($fmt) shows a canary"
				fi
				for other in $cases; do
					[ "$other" = "$c" ] && continue
					grep -qF -- "$other" person.$fmt && fail "$panel: $c's copy names $other"
				done
				grep -q "<script" person.$fmt && fail "$panel: $c's copy holds a script tag"
				copies=$((copies + 1))
			done
		done
	done
	echo "$records: $copies copies checked, $canaries staff agendas with canaries"
	[ "$canaries" -gt 0 ] || fail "$records: no staff agenda carries a canary: the test proves nothing"
}

check_records "$PANEL_SRC/tests/fixtures/documents/records"
[ "$copies" -eq 6 ] || fail "expected 6 copies of the fixtures, checked $copies"
if [ -d "$PANEL_SRC/casefiles/panels" ]; then
	before=$copies
	check_records "$PANEL_SRC/casefiles"
	[ "$copies" -gt "$before" ] || fail "casefiles/: no ipp panel with cases was found"
fi
exit 0
