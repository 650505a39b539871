# panel new (issue 17): a record to fill in, with its modeline, the
# required keys in the schema's order under a comment each, a fresh ID;
# prints the path, opens nothing, never overwrites.
. "$PANEL_SRC/tests/cli/lib.sh"
E="$PANEL_SRC/tests/cli/expected"
cp -RL "$PANEL_SRC/casefiles" rec
rm -f rec/schema/ids.schema.json

# The sample has DC-0001..DC-0017: the next is DC-0018 [KIT-IDS].
(cd rec && panel new case --framework detention --name "Ann Example") >out.txt 2>err.txt || { cat err.txt; fail "new case"; }
[ "$(cat out.txt)" = "cases/DC-0018.yaml" ] || fail "printed $(cat out.txt)"
[ ! -s err.txt ] || { cat err.txt; fail "stderr"; }
diff -u "$E/new-case-detention.yaml" rec/cases/DC-0018.yaml || fail "the new case differs"
# panel new made the editors' IDs current: DC-0018 is offered at once.
expect_grep '"DC-0018"' rec/schema/ids.schema.json

# -C DIR: the path printed starts with DIR/; CPP-2026-12-03-A is taken.
expect_status 0 panel new -C rec panel --framework detention --date 2026-12-03
[ "$(cat actual.out)" = "rec/panels/CPP-2026-12-03-B.yaml" ] || fail "printed $(cat actual.out)"
diff -u "$E/new-panel-detention.yaml" rec/panels/CPP-2026-12-03-B.yaml || fail "the new panel differs"

expect_status 0 panel new -C rec case --framework ipp
[ "$(cat actual.out)" = "rec/cases/IS-0018.yaml" ] || fail "printed $(cat actual.out)"
expect_grep '# yaml-language-server: $schema=../schema/case-ipp.schema.json' rec/cases/IS-0018.yaml
expect_grep '# Which indeterminate sentence: ipp, dpp (follows every IPP rule) or life' rec/cases/IS-0018.yaml
grep -q '^owner:\|^detention:' rec/cases/IS-0018.yaml && fail "detention keys in an ipp case"

expect_status 0 panel new -C rec panel --framework ipp --date 2026-12-10 --unit "HMP Larkhill Vale" --setting custody
[ "$(cat actual.out)" = "rec/panels/PP-2026-12-10-LARKHILLVALE.yaml" ] || fail "printed $(cat actual.out)"
expect_grep 'unit: HMP Larkhill Vale' rec/panels/PP-2026-12-10-LARKHILLVALE.yaml
expect_grep 'setting: custody' rec/panels/PP-2026-12-10-LARKHILLVALE.yaml

expect_status 0 panel new -C rec person --name "Ann O'Brien" --organisation hmpps
[ "$(cat actual.out)" = "rec/people/ann-obrien.yaml" ] || fail "printed $(cat actual.out)"
expect_grep "name: Ann O'Brien" rec/people/ann-obrien.yaml
expect_grep 'organisation: hmpps' rec/people/ann-obrien.yaml

# Never overwrites: the same person again, or a taken --id, is refused
# and the file is as it was.
cp rec/people/ann-obrien.yaml before.yaml
expect_status 2 panel new -C rec person --name "Ann O'Brien"
printf '%s\n' "panel new: the ID ann-obrien is taken by another record [KIT-IDS]" "hint: give --id ID" >want.txt
diff -u want.txt actual.err || fail "taken ID message"
cmp before.yaml rec/people/ann-obrien.yaml || fail "overwritten"
expect_status 2 panel new -C rec case --framework ipp --id DC-0001
expect_grep "the ID DC-0001 is taken by another record [KIT-IDS]" actual.err
expect_status 2 panel new -C rec case --framework ipp --id ../x
expect_grep 'panel new: --id "../x" is not an ID' actual.err
expect_status 2 panel new -C rec case
expect_grep "panel new: a case needs --framework detention or --framework ipp" actual.err
ls -a rec/cases rec/panels rec/people | grep -q '\.tmp\|~' && fail "a temporary file was left"

# Filled in, the new case is valid: the keys are the required ones.
sed -i 's/^team:$/team: north/; s/^owner:$/owner: tansy-marlowe/; s/^  start:$/  start: 2026-11-20/' rec/cases/DC-0018.yaml
expect_status 0 panel validate -q -C rec --as-of 2026-11-23 --worktree rec/cases/DC-0018.yaml
exit 0
