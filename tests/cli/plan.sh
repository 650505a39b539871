#!/bin/sh
# panel plan: a known caseload (tests/fixtures/panels/plan/records, judged
# for a sitting on 2026-12-10): which cases fit, which roll over, the chair
# grade; --write never overwrites a panel and writes a valid record
# (--no-commit: the scratch directory might sit inside some git work tree;
# tests/cli/plan-git.sh covers the commit).
. "$PANEL_SRC/tests/cli/lib.sh"
PANEL_TODAY=2026-11-23
export PANEL_TODAY
F="$PANEL_SRC/tests/fixtures/panels/plan"
cp -R "$F/records" repo || fail "copy"

# 55 minutes: 25 + 20 fit, the 3-month case (15) rolls over, the
# light-touch case (5) still fits, the last 3-month case rolls over.
expect_output "detention 55" "$F/expected/detention-55.out" \
	panel plan -C repo --framework detention --date 2026-12-10 --minutes 55
[ $? -eq 0 ] || fail "detention 55: exit status"

# An SEO chair for a sitting with a 12-month+ case: exit 1 (CPP-CHAIR).
expect_output "detention seo" "$F/expected/detention-seo.out" \
	panel plan -C repo --framework detention --date 2026-12-10 --chair chair-seo
[ $? -eq 1 ] || fail "detention seo: expected exit 1"

expect_output "ipp" "$F/expected/ipp-testmoor.out" \
	panel plan -C repo --framework ipp --setting custody --unit "HMP Testmoor" \
	--date 2026-12-10 --chair homd
[ $? -eq 0 ] || fail "ipp: exit status"

# --json: the same plans as one object each (every case, on_panel false
# for those rolled over; attendees and evidence as arrays).
expect_output "detention 55 json" "$F/expected/detention-55.json" \
	panel plan -C repo --framework detention --date 2026-12-10 --minutes 55 --json
[ $? -eq 0 ] || fail "detention 55 json: exit status"
expect_output "ipp json" "$F/expected/ipp-testmoor.json" \
	panel plan -C repo --framework ipp --setting custody --unit "HMP Testmoor" \
	--date 2026-12-10 --chair homd --json
[ $? -eq 0 ] || fail "ipp json: exit status"

# Usage errors.
expect_status 2 panel plan -C repo --framework detention --date 2026-12-10 --write
expect_grep "--write needs --chair ID" actual.err
expect_status 2 panel plan -C repo --framework ipp --date 2026-12-10
expect_status 2 panel plan -C repo --framework detention --date 2026-02-30
expect_status 2 panel plan -C repo --framework weekly --date 2026-12-10

# A chair who does not qualify: nothing written.
expect_status 1 panel plan -C repo --framework detention --date 2026-12-10 --chair chair-seo --write --no-commit
expect_grep "not written: chair chair-seo does not qualify" actual.err
[ -z "$(ls repo/panels | grep 2026-12-10)" ] || fail "a panel was written for an unqualified chair"

# --write: A exists (someone else's), so B; A is untouched.
printf '# not ours\n' > repo/panels/CPP-2026-12-10-A.yaml
expect_status 0 panel plan -C repo --framework detention --date 2026-12-10 --minutes 55 \
	--chair chair-g7 --write --no-commit
expect_grep "Wrote repo/panels/CPP-2026-12-10-B.yaml (status planned)" actual.out
[ "$(cat repo/panels/CPP-2026-12-10-A.yaml)" = "# not ours" ] || fail "CPP-2026-12-10-A.yaml was overwritten"
diff -u "$F/expected/CPP-2026-12-10-B.yaml" repo/panels/CPP-2026-12-10-B.yaml || fail "written panel differs"

# Planned again: the fitted cases are on B now; the two rolled over go on C.
expect_status 0 panel plan -C repo --framework detention --date 2026-12-10 --minutes 55 \
	--chair chair-g7 --write --no-commit
expect_grep "Wrote repo/panels/CPP-2026-12-10-C.yaml" actual.out
expect_grep "DC-0001  CPP-2026-12-10-B (2026-12-10)" actual.out
# And once more: nothing is left to plan, nothing is written.
expect_status 1 panel plan -C repo --framework detention --date 2026-12-10 --chair chair-g7 --write --no-commit
expect_grep "nothing to write" actual.err
[ ! -e repo/panels/CPP-2026-12-10-D.yaml ] || fail "an empty panel was written"

expect_status 0 panel plan -C repo --framework ipp --setting custody --unit "hmp testmoor" \
	--date 2026-12-10 --chair homd --write --no-commit
expect_grep "Wrote repo/panels/PP-2026-12-10-TESTMOOR.yaml" actual.out
diff -u "$F/expected/PP-2026-12-10-TESTMOOR.yaml" repo/panels/PP-2026-12-10-TESTMOOR.yaml ||
	fail "written ipp panel differs"

# --write --json: the object names the file written (and no "Wrote"
# line spoils the JSON).
cp -R "$F/records" repo2 || fail "copy"
expect_output "write json" "$F/expected/write-CPP-2026-12-10-A.json" \
	panel plan -C repo2 --framework detention --date 2026-12-10 --minutes 55 \
	--chair chair-g7 --write --no-commit --json
[ $? -eq 0 ] || fail "write json: exit status"
sed 's/^id: CPP-2026-12-10-A$/id: CPP-2026-12-10-B/' repo2/panels/CPP-2026-12-10-A.yaml |
	diff -u "$F/expected/CPP-2026-12-10-B.yaml" - || fail "write json: the panel differs from the text run's"
if command -v python3 >/dev/null 2>&1; then
	for j in detention-55 ipp-testmoor write-CPP-2026-12-10-A; do
		python3 -m json.tool "$F/expected/$j.json" >/dev/null || fail "$j.json is not JSON"
	done
fi

# Every written record passes the schema and the rule checks (warnings
# only: members still to invite, CPP-QUORUM).
rm repo/panels/CPP-2026-12-10-A.yaml
expect_status 0 panel validate -C repo
expect_grep "0 errors" actual.err
exit 0
