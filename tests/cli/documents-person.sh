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
		held=0
		grep -Eq '^status:[[:space:]]*["'\'']?held' "$f" && held=1
		for c in $cases; do
			# Every person-facing output: their agenda, their invitation
			# letter, and once held their copy of the outcome and the
			# outcome letter; Markdown, HTML and the email form.
			outs="agenda.md agenda.html invite.md invite.html invite.eml"
			[ $held = 1 ] && outs="$outs outcome.md outcome.html letter.md letter.html letter.eml"
			for out in $outs; do
				fmt=${out#*.}
				opt=; [ $fmt = html ] && opt=--html; [ $fmt = eml ] && opt=--eml
				case $out in
				agenda.*) set -- agenda -C "$records" "$panel" --for person --case "$c" ;;
				invite.*) set -- letter person-invitation -C "$records" "$panel" "$c" ;;
				outcome.*) set -- minutes -C "$records" "$panel" --for person --case "$c" ;;
				letter.*) set -- letter outcome -C "$records" "$panel" "$c" ;;
				esac
				# shellcheck disable=SC2086
				panel "$@" $opt >person.raw 2>person.err ||
					{ cat person.err; fail "$out of $c on $panel"; }
				# Quoted-printable soft line breaks could split a canary:
				# join them before looking.
				tr -d '\r' <person.raw | sed -e ':a' -e '/=$/{N;s/=\n//;ba' -e '}' >person.$fmt
				if grep -n CANARY person.$fmt; then
					fail "$panel: $out of $c shows a canary"
				fi
				for other in $cases; do
					[ "$other" = "$c" ] && continue
					grep -qF -- "$other" person.$fmt && fail "$panel: $c's $out names $other"
				done
				grep -q "<script" person.$fmt && fail "$panel: $c's $out holds a script tag"
				grep -q "The person's copy" person.$fmt || fail "$panel: $c's $out is not marked as the person's copy"
				copies=$((copies + 1))
			done
		done
	done
	echo "$records: $copies copies checked, $canaries staff agendas with canaries"
	[ "$canaries" -gt 0 ] || fail "$records: no staff agenda carries a canary: the test proves nothing"
}

check_records "$PANEL_SRC/tests/fixtures/documents/records"
# PP-2026-06-04 (held, 1 case): 10 outputs; PP-2026-12-03 and
# PP-2026-12-10 (planned, 2 cases each): 5 outputs a case.
[ "$copies" -eq 30 ] || fail "expected 30 copies of the fixtures, checked $copies"

# A combined panel (PF 7.7): each copy lists the roles of the person's own
# case only (IPP-0003 has no COM and is not a woman; IPP-0002 has both).
R="$PANEL_SRC/tests/fixtures/documents/records"
panel agenda -C "$R" PP-2026-12-10-LARKHILL --for person --case IPP-0003 >p3.md || fail "IPP-0003's agenda"
panel agenda -C "$R" PP-2026-12-10-LARKHILL --for person --case IPP-0002 >p2.md || fail "IPP-0002's agenda"
for role in "Your community offender manager" "from the women's estate"; do
	grep -qF "$role" p3.md && fail "IPP-0003's copy lists '$role', a role of another person's case"
	grep -qF "$role" p2.md || fail "IPP-0002's copy lacks '$role'"
done
expect_grep "Your prison offender manager" p3.md

# A debrief that repeats a non-disclosable text is refused, not printed.
cp -R "$R" nd || fail "copy"
sed -i 's/^    debrief: .*/    debrief: "About CANARY-ND-IPP-0001-victim lives in Larkhill village: no."/' nd/panels/PP-2026-06-04-LARKHILL.yaml
expect_status 1 panel minutes -C nd PP-2026-06-04-LARKHILL --for person
expect_grep "nd/panels/PP-2026-06-04-LARKHILL.yaml:43:14: error: cases[0].debrief repeats 6 consecutive words of the case's non_disclosable[0], starting at its word 2: a field the person can see [PF-NONDISCLOSURE]" actual.err
expect_grep "PP-2026-06-04-LARKHILL: error: the person's copy was not written: their records repeat non-disclosable text [PF-NONDISCLOSURE]" actual.err
grep -q CANARY actual.out && fail "the refused copy was written"
expect_status 1 panel letter outcome -C nd PP-2026-06-04-LARKHILL --eml
expect_grep "the person's copy was not written" actual.err
[ -s actual.out ] && fail "the refused outcome letter was written"
if [ -d "$PANEL_SRC/casefiles/panels" ]; then
	before=$copies
	check_records "$PANEL_SRC/casefiles"
	[ "$copies" -gt "$before" ] || fail "casefiles/: no ipp panel with cases was found"
fi
exit 0
