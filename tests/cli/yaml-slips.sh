# Plain words for the common YAML slips (issue 17): a key of a list item
# indented 3 instead of 4, or 2 instead of 4; a key dedented out of its
# mapping (said to be a misspelling before).
. "$PANEL_SRC/tests/cli/lib.sh"
cp -RL "$PANEL_SRC/casefiles" rec
cp rec/cases/IS-0001.yaml is1.yaml
cp rec/cases/DC-0001.yaml dc1.yaml

sed -i '17s/^    date:/   date:/' rec/cases/IS-0001.yaml
expect_status 1 sh -c "cd rec && panel validate -q --as-of 2026-11-23 cases/IS-0001.yaml"
cat >want.txt <<'OUT'
cases/IS-0001.yaml:17:4: error: "date:" is indented 3 spaces, but the key of the same item above it (line 16) is indented 4: YAML reads indentation as structure [YAML-INDENT]
   17 |    date: 2026-05-20
      |    ^
hint: indent it by 4 spaces, like line 16
OUT
diff -u want.txt actual.out || fail "3 instead of 4"
cp is1.yaml rec/cases/IS-0001.yaml

sed -i '15s/^    reason:/  reason:/' rec/cases/IS-0001.yaml
expect_status 1 sh -c "cd rec && panel validate -q --as-of 2026-11-23 cases/IS-0001.yaml"
expect_grep 'cases/IS-0001.yaml:15:3: error: "reason:" is indented 2 spaces, but the key above it (line 14) is indented 4: YAML reads indentation as structure [YAML-INDENT]' actual.out
expect_grep 'hint: indent it by 4 spaces, like line 14' actual.out
cp is1.yaml rec/cases/IS-0001.yaml

sed -i 's/^  start: 2026-10-04$/  start: 2026-10-04\nend: 2026-11-01/' rec/cases/DC-0001.yaml
grep -q '^end: ' rec/cases/DC-0001.yaml || fail "fixture"
expect_status 1 sh -c "cd rec && panel validate -q --as-of 2026-11-23 cases/DC-0001.yaml"
cat >want.txt <<'OUT'
cases/DC-0001.yaml:9:1: error: "end" is not a key here, but it is a key of "detention" above (line 7): it is indented too little [KIT-SCHEMA]
    9 | end: 2026-11-01
      | ^
hint: indent it by 2 spaces, like "start" on line 8
OUT
grep -A3 '^cases/DC-0001.yaml:9:' actual.out >got.txt
diff -u want.txt got.txt || fail "dedented key"
# A real misspelling still gets the did-you-mean.
cp dc1.yaml rec/cases/DC-0001.yaml
sed -i 's/^location:/locaton:/' rec/cases/DC-0001.yaml
expect_status 1 sh -c "cd rec && panel validate -q --as-of 2026-11-23 cases/DC-0001.yaml"
expect_grep 'hint: did you mean "location"?' actual.out
exit 0
