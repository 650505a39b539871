# panel setup / panel init and plain git merge through 'panel merge-file'
# (issue 14): adjacent fields merge cleanly, the same field conflicts with
# one block per field, a duplicate key added by both sides is refused.
. "$PANEL_SRC/tests/cli/lib.sh"
PANEL_TODAY=2026-11-23 HOME=$PWD/home GIT_CONFIG_NOSYSTEM=1
export PANEL_TODAY HOME GIT_CONFIG_NOSYSTEM
unset PANEL_DATA_DIR GIT_INDEX_FILE
mkdir home
git config --global user.name "Barnaby Quince"
git config --global user.email barnaby.quince@example.org
git config --global init.defaultBranch main

expect_status 0 panel init r
cp -R "$PANEL_SRC/casefiles/cases" "$PANEL_SRC/casefiles/people" "$PANEL_SRC/casefiles/panels" r/
cd r || fail "cd r"
expect_status 0 panel commit -m "Import the sample caseload"
expect_grep "cases/*.yaml merge=panel" .gitattributes
case "$(git config merge.panel.driver)" in
*'"$p" merge-file %O %A %B %P') ;;
*) fail "merge.panel.driver: $(git config merge.panel.driver)" ;;
esac
[ -x .git/hooks/pre-merge-commit ] || fail "no pre-merge-commit hook"

# two offices edit adjacent fields of one case
git checkout -q -b office-a
sed -i 's/^location: IRC Fernmoor/location: IRC Brookhaven/' cases/DC-0001.yaml
git commit -q -am "Move DC-0001" -m "Case: DC-0001"
git checkout -q main
git checkout -q -b office-b
sed -i 's/^location: IRC Fernmoor/location: IRC Fernmoor\nremoval_directions: 2026-12-20/' cases/DC-0001.yaml
git commit -q -am "Removal directions for DC-0001" -m "Case: DC-0001"
expect_status 0 git merge --no-edit office-a
sed -n 9,12p cases/DC-0001.yaml >got.txt
printf 'location: IRC Brookhaven\nremoval_directions: 2026-12-20\nadult_at_risk: level-2\nmappa: none\n' >want.txt
diff -u want.txt got.txt || fail "adjacent fields"
# git's own line merge conflicts on the same versions
git show main:cases/DC-0001.yaml >base.y
git show office-a:cases/DC-0001.yaml >a.y
git show office-b:cases/DC-0001.yaml >b.y
expect_status 1 git merge-file -p a.y base.y b.y
rm -f base.y a.y b.y

# the same field, two values: a conflict, the file left as ours
git checkout -q main
git checkout -q -b office-c
sed -i 's/^location: IRC Fernmoor/location: IRC Dunmere/' cases/DC-0001.yaml
git commit -q -am "Move DC-0001 elsewhere" -m "Case: DC-0001"
expect_status 1 git merge --no-edit office-a
cat >want.txt <<'END'
cases/DC-0001.yaml: location: changed on both sides
  base:   IRC Fernmoor (line 9)
  ours:   IRC Dunmere (line 9)
  theirs: IRC Brookhaven (line 9)
END
grep -A3 '^cases/DC-0001.yaml: location' actual.err >got.txt
diff -u want.txt got.txt || fail "conflict block"
grep -q '^<<<<<<<' cases/DC-0001.yaml && fail "conflict markers written into the record"
expect_grep "location: IRC Dunmere" cases/DC-0001.yaml
git merge --abort

# the same new key added at different places by both sides: git's line merge
# makes a duplicate key; the record merge refuses different values
git checkout -q main
git checkout -q -b office-d
sed -i 's/^name: Ottavio Brindlecombe/name: Ottavio Brindlecombe\nremoval_directions: 2026-12-20/' cases/DC-0001.yaml
git commit -q -am "RD at the top" -m "Case: DC-0001"
git checkout -q main
git checkout -q -b office-e
sed -i 's/^mappa: none/mappa: none\nremoval_directions: 2026-12-22/' cases/DC-0001.yaml
git commit -q -am "RD lower down" -m "Case: DC-0001"
expect_status 1 git merge --no-edit office-d
expect_grep "cases/DC-0001.yaml: removal_directions: added on both sides with different values" actual.err
git merge --abort

# a clean git merge whose result does not validate stops at the
# pre-merge-commit hook: a panel names a person the other branch deletes
git checkout -q main
git checkout -q -b office-f
git rm -q people/delphine-starling.yaml
git commit -q -m "Delphine left" -m "Person: delphine-starling"
git checkout -q main
git checkout -q -b office-g
sed -i 's/^owner: fennimore-grubb/owner: delphine-starling/' cases/DC-0002.yaml
git commit -q -am "DC-0002 to Delphine" -m "Case: DC-0002"
head_g=$(git rev-parse HEAD)
expect_status 1 git merge --no-edit office-f
expect_grep 'cases/DC-0002.yaml:6:8: error: refers to person "delphine-starling", which this change deletes [KIT-IDS]' actual.err
[ "$(git rev-parse HEAD)" = "$head_g" ] || fail "the invalid merge was committed"
git merge --abort

# panel setup on a fresh clone: config, info/attributes, hook; no work tree change
cd .. || fail "cd .."
git clone -q r c2
expect_status 0 panel setup -C c2
expect_grep "Set up c2" actual.out
[ -z "$(git -C c2 status --porcelain)" ] || fail "panel setup changed the work tree"
git -C c2 config merge.panel.driver >/dev/null || fail "panel setup: no driver"
[ -x c2/.git/hooks/pre-merge-commit ] || fail "panel setup: no hook"
expect_status 0 panel setup -C c2
mkdir plain && git -C plain init -q
expect_status 0 panel setup -C plain
expect_grep "cases/*.yaml merge=panel" plain/.git/info/attributes
[ "$(grep -c 'cases/\*.yaml merge=panel' plain/.git/info/attributes)" = 1 ] || fail "attributes written twice"
expect_status 2 panel setup -C /nonexistent-dir
echo ok
