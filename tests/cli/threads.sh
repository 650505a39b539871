# panel validate and panel due read and parse on worker threads
# (tools/lib/prefetch.h): the output is the same bytes with none, one or
# four workers, on the sample caseload (the golden files) and on a copy in
# which every case is broken (each worker count against no workers).  An
# agenda searches the held panels for its cases' earlier ones the same way:
# every panel's agenda is the same bytes with each worker count.
. "$PANEL_SRC/tests/cli/lib.sh"
E="$PANEL_SRC/tests/cli/expected"
cp -R "$PANEL_SRC/casefiles" casefiles
C=casefiles
PANEL_TODAY=2026-11-23
export PANEL_TODAY

cp -R "$C" broken
for f in broken/cases/*.yaml; do
	# A misspelt key, a date that is not a day, an unknown person.
	sed -i 's/^framework: /framwork: x\nframework: /; s/^  start: \(....\)-..-../  start: \1-02-30/; s/^owner: .*/owner: nobody-here/' "$f"
done
for t in 0 1 4; do
	PANEL_THREADS=$t
	export PANEL_THREADS
	expect_output "validate, $t workers" "$E/validate-casefiles.txt" panel validate -C "$C" --as-of 2026-11-23 --worktree
	expect_output "validate --json, $t workers" "$E/validate-casefiles.json" panel validate -C "$C" --as-of 2026-11-23 --worktree --json
	expect_output "due, $t workers" "$E/due-2026-11-23.txt" panel due -C "$C" --as-of 2026-11-23
	expect_output "due --json, $t workers" "$E/due-2026-11-23.json" panel due -C "$C" --as-of 2026-11-23 --json
	expect_status 1 panel validate -C broken --as-of 2026-11-23 --worktree
	mv actual.out "validate-$t.out"
	mv actual.err "validate-$t.err"
	expect_status 2 panel due -C broken --as-of 2026-11-23
	mv actual.out "due-$t.out"
	mv actual.err "due-$t.err"
	for k in validate due; do
		cmp "$k-0.out" "$k-$t.out" || fail "$k on broken records: $t workers wrote other output"
		cmp "$k-0.err" "$k-$t.err" || fail "$k on broken records: $t workers wrote other messages"
	done
	for f in "$C"/panels/*.yaml; do
		p=$(basename "$f" .yaml)
		expect_status 0 panel agenda -C "$C" "$p" --as-of 2026-11-23
		mv actual.out "agenda-$p-$t.out"
		cmp "agenda-$p-0.out" "agenda-$p-$t.out" || fail "agenda $p: $t workers wrote other output"
	done
done
# The agendas did find earlier panels (CPP §7, PF 7.7): the actions set at one.
grep -q '^#### Actions set at CPP-2026-10-15-A (CPP §7)$' agenda-CPP-2026-12-03-A-4.out ||
	fail "the agenda of CPP-2026-12-03-A lists no actions of CPP-2026-10-15-A"
grep -q '^From panel PP-2026-06-11-LARKHILLVALE (2026-06-11):$' agenda-PP-2026-12-02-LARKHILLVALE-4.out ||
	fail "the agenda of PP-2026-12-02-LARKHILLVALE shows nothing of PP-2026-06-11-LARKHILLVALE"
# The broken copy is reported in full: every case, each of its mistakes.
n=$(ls broken/cases/*.yaml | wc -l)
[ "$(grep -c 'unknown key "framwork"' validate-0.out)" -eq "$n" ] || fail "not every broken case was reported"
grep -q 'is not a real date' validate-0.out || fail "the bad dates were not reported"
[ "$(grep -c 'detention.start is missing or not a date \[KIT-DUE\]' due-0.err)" -eq "$(ls broken/cases/DC-*.yaml | wc -l)" ] || fail "panel due did not report the bad dates"
exit 0
