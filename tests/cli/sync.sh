# panel sync / panel resolve against a real server on loopback (issue 14):
# git daemon (git://, receive-pack) started and stopped by this script.
. "$PANEL_SRC/tests/cli/lib.sh"
. "$PANEL_SRC/tests/cli/servers/gitd.sh"
trap stop_servers EXIT
PANEL_TODAY=2026-11-23 HOME=$PWD/home GIT_CONFIG_NOSYSTEM=1
export PANEL_TODAY HOME GIT_CONFIG_NOSYSTEM
unset PANEL_DATA_DIR GIT_INDEX_FILE
mkdir home
git config --global user.name "Barnaby Quince"
git config --global user.email barnaby.quince@example.org
git config --global init.defaultBranch main
top=$PWD

# the shared repository, seeded with the sample caseload
expect_status 0 panel init seed
cp -R "$PANEL_SRC/casefiles/cases" "$PANEL_SRC/casefiles/people" "$PANEL_SRC/casefiles/panels" seed/
# the two offices' caseworkers are people of the records (the acceptance
# check refuses other authors)
for o in a b; do
	cat >"seed/people/office-$o.yaml" <<END
# yaml-language-server: \$schema=../schema/person.schema.json
id: office-$o
name: Office $o
organisation: home-office
grade: EO
roles: [caseworker]
team: north
email: $o@example.org
END
done
(cd seed && panel commit -q -m "Import the sample caseload" >/dev/null 2>&1) || (cd seed && panel commit -m "Import the sample caseload") || fail "seed commit"
mkdir srv
git clone -q --bare seed srv/records.git
start_git_daemon "$top/srv" || fail "git daemon"
URL="$GITD_URL/records.git"

office() { # office NAME "Full Name": a clone set up for records
	git clone -q "$URL" "$1" || fail "clone $1"
	git -C "$1" config user.name "$2"
	git -C "$1" config user.email "$1@example.org"
	panel setup -C "$1" >/dev/null || fail "setup $1"
}
office a "Office A"
office b "Office B"
edit() { # edit CLONE SED-EXPR FILE MESSAGE
	sed -i "$2" "$1/$3" && (cd "$1" && panel commit -m "$4" >/dev/null 2>&1) || fail "commit in $1: $4"
}

# ---- nothing to do ----
expect_status 0 panel sync -C a
expect_grep "panel sync: in sync with origin/main" actual.out

# ---- push, then fast-forward ----
edit a 's/^location: IRC Fernmoor/location: IRC Brookhaven/' cases/DC-0001.yaml "Move DC-0001"
expect_status 0 panel sync -C a
expect_grep "panel sync: pushed to origin/main" actual.out
[ "$(git -C srv/records.git rev-parse main)" = "$(git -C a rev-parse HEAD)" ] || fail "server tip is not a's commit"
expect_status 0 panel sync -C b
expect_grep "panel sync: fast-forwarded to origin/main" actual.out
expect_grep "location: IRC Brookhaven" b/cases/DC-0001.yaml
[ -z "$(git -C b status --porcelain)" ] || fail "b not clean after the fast-forward"

# ---- a record added, then removed: the fast-forward checks out only the
# files that differ (pk_git_changed_paths), new and gone ones included ----
sed 's/^id: DC-0001$/id: DC-0099/' a/cases/DC-0001.yaml >a/cases/DC-0099.yaml
(cd a && panel commit -m "Add DC-0099" cases/DC-0099.yaml >/dev/null 2>&1) || fail "commit DC-0099"
expect_status 0 panel sync -C a
expect_status 0 panel sync -C b
expect_grep "panel sync: fast-forwarded to origin/main" actual.out
cmp a/cases/DC-0099.yaml b/cases/DC-0099.yaml || fail "b did not get cases/DC-0099.yaml"
[ -z "$(git -C b status --porcelain)" ] || fail "b not clean after a record was added"
rm a/cases/DC-0099.yaml
(cd a && panel commit -m "Remove DC-0099" >/dev/null 2>&1) || fail "commit the removal of DC-0099"
expect_status 0 panel sync -C a
expect_status 0 panel sync -C b
[ ! -e b/cases/DC-0099.yaml ] || fail "cases/DC-0099.yaml is still in b after its removal"
[ -z "$(git -C b status --porcelain)" ] || fail "b not clean after a record was removed"

# ---- adjacent fields of one case, one office each: a clean field merge ----
edit a 's/^mappa: none/mappa: level-1/' cases/DC-0001.yaml "MAPPA for DC-0001"
edit b 's/^location: IRC Brookhaven/location: IRC Brookhaven\nremoval_directions: 2026-12-20/' cases/DC-0001.yaml "RD for DC-0001"
expect_status 0 panel sync -C a
bhead=$(git -C b rev-parse HEAD)
expect_status 0 panel sync -C b
expect_grep "merged with the server's commits" actual.out
sed -n 9,13p b/cases/DC-0001.yaml >got.txt
printf 'location: IRC Brookhaven\nremoval_directions: 2026-12-20\nadult_at_risk: level-2\nmappa: level-1\nreferrals:\n' >want.txt
diff -u want.txt got.txt || fail "field merge result"
# the server's tip is the first parent, b's commit the second
[ "$(git -C srv/records.git rev-parse main^1)" = "$(git -C a rev-parse HEAD)" ] || fail "first parent is not the server's tip"
[ "$(git -C srv/records.git rev-parse main^2)" = "$bhead" ] || fail "second parent is not b's commit"
git -C srv/records.git log -1 --format=%B main >msg.txt
expect_grep "Merged field by field: cases/DC-0001.yaml." msg.txt
expect_grep "Case: DC-0001" msg.txt
[ -z "$(git -C b status --porcelain)" ] || fail "b not clean after the merge"
expect_status 0 panel sync -C a
expect_grep "fast-forwarded" actual.out

# ---- the same field, two values: a true conflict ----
edit a 's/^location: IRC Brookhaven/location: IRC Dunmere/' cases/DC-0001.yaml "DC-0001 to Dunmere"
edit b 's/^location: IRC Brookhaven/location: IRC Colnbrook/' cases/DC-0001.yaml "DC-0001 to Colnbrook"
expect_status 0 panel sync -C a
aid=$(git -C a rev-parse --short HEAD) bid=$(git -C b rev-parse --short HEAD)
bhead=$(git -C b rev-parse HEAD) srvhead=$(git -C srv/records.git rev-parse main)
expect_status 3 panel sync -C b
cat >want.txt <<END
panel sync: the local commits and origin/main do not merge: nothing was committed or pushed
cases/DC-0001.yaml: location: changed on both sides
  base:   IRC Brookhaven (line 9)
  ours:   IRC Colnbrook (line 9), changed by Office B in $bid
  theirs: IRC Dunmere (line 9), changed by Office A in $aid
hint: panel resolve RECORD FIELD --take ours|theirs|base (or --file FILE) for each, or panel sync --abort
END
diff -u want.txt actual.out || fail "conflict report"
[ "$(git -C b rev-parse HEAD)" = "$bhead" ] || fail "conflict: b's branch moved"
[ "$(git -C srv/records.git rev-parse main)" = "$srvhead" ] || fail "conflict: something was pushed"
[ -z "$(git -C b status --porcelain)" ] || fail "conflict: b's work tree changed"
expect_status 3 panel sync -C b
expect_grep "not resolved yet" actual.err
expect_status 3 panel sync -C b --json
expect_status 0 panel resolve -C b --list
printf 'cases/DC-0001.yaml\tlocation\n' >want.txt
diff -u want.txt actual.out || fail "resolve --list"
expect_status 2 panel resolve -C b cases/DC-0001.yaml mappa --take theirs
expect_grep "is not one of the open conflicts" actual.err
expect_status 0 panel resolve -C b cases/DC-0001.yaml location --take theirs
expect_grep "panel resolve: merged" actual.out
expect_grep "location: IRC Dunmere" b/cases/DC-0001.yaml
git -C b log -1 --format=%B >msg.txt
expect_grep "Panel-Resolved: cases/DC-0001.yaml location theirs" msg.txt
[ "$(git -C b rev-parse HEAD^1)" = "$srvhead" ] || fail "resolved merge: first parent"
expect_status 0 panel sync -C b
expect_grep "panel sync: pushed to origin/main" actual.out
expect_status 0 panel sync -C a
[ "$(git -C a rev-parse HEAD^{tree})" = "$(git -C b rev-parse HEAD^{tree})" ] || fail "a and b differ"

# ---- --abort drops a pending conflict; --file takes an edited record ----
edit a 's/^location: IRC Dunmere/location: IRC Harmondsworth/' cases/DC-0001.yaml "DC-0001 to Harmondsworth"
edit b 's/^location: IRC Dunmere/location: IRC Yarl/' cases/DC-0001.yaml "DC-0001 to Yarl"
expect_status 0 panel sync -C a
bhead=$(git -C b rev-parse HEAD)
expect_status 3 panel sync -C b
expect_status 0 panel sync -C b --abort
[ -e b/.git/panel-sync/merge ] && fail "--abort left the pending state"
[ "$(git -C b rev-parse HEAD)" = "$bhead" ] || fail "--abort moved the branch"
expect_status 3 panel sync -C b
sed 's/^location: .*/location: IRC Yarl (agreed with A)/' b/cases/DC-0001.yaml >edited.yaml
expect_status 2 panel resolve -C b cases/DC-0001.yaml location --file edited.yaml
expect_status 0 panel resolve -C b cases/DC-0001.yaml --file edited.yaml
expect_grep "location: IRC Yarl (agreed with A)" b/cases/DC-0001.yaml
git -C b log -1 --format=%B >msg.txt
expect_grep "Panel-Resolved: cases/DC-0001.yaml (record) edited" msg.txt
expect_status 0 panel sync -C b
expect_status 0 panel sync -C a

# ---- delete versus modify of one record: a conflict, not a silent choice ----
expect_status 0 panel sync -C b
(cd a && git rm -q people/quentin-hollyhock.yaml && panel commit -m "Quentin left" >/dev/null 2>&1) || fail "delete in a"
edit b 's/^name: Quentin Hollyhock/name: Quentin Hollyhock-Smith/' people/quentin-hollyhock.yaml "Rename Quentin"
expect_status 0 panel sync -C a
expect_status 3 panel sync -C b
expect_grep "people/quentin-hollyhock.yaml: changed in ours, deleted in theirs" actual.out
expect_status 0 panel resolve -C b people/quentin-hollyhock.yaml --take theirs
[ -e b/people/quentin-hollyhock.yaml ] && fail "resolved as theirs: the record should be gone"
git -C b log -1 --format=%B >msg.txt
expect_grep "Panel-Resolved: people/quentin-hollyhock.yaml (record) theirs" msg.txt
expect_status 0 panel sync -C b
expect_status 0 panel sync -C a

# ---- a person deleted on one side and named on the other (KIT-IDS) ----
(cd a && git rm -q people/delphine-starling.yaml && panel commit -m "Delphine left" >/dev/null 2>&1) || fail "delete in a"
edit b 's/^owner: fennimore-grubb/owner: delphine-starling/' cases/DC-0002.yaml "DC-0002 to Delphine"
expect_status 0 panel sync -C a
bhead=$(git -C b rev-parse HEAD)
expect_status 3 panel sync -C b
expect_grep "cases/DC-0002.yaml:6:8: error:" actual.out
expect_grep "[KIT-IDS]" actual.out
[ "$(git -C b rev-parse HEAD)" = "$bhead" ] || fail "cross-record conflict: b moved"
expect_status 0 panel resolve -C b people/delphine-starling.yaml --take ours
expect_status 0 panel sync -C b
[ -e a/people/delphine-starling.yaml ] && fail "a has delphine before syncing"
expect_status 0 panel sync -C a
[ -e a/people/delphine-starling.yaml ] || fail "the resolution (keep delphine) did not reach a"

# ---- refusals before anything happens ----
sed -i 's/^mappa: level-1/mappa: level-2/' a/cases/DC-0001.yaml
expect_status 2 panel sync -C a
expect_grep "panel sync: cases/DC-0001.yaml: uncommitted change" actual.err
git -C a checkout -q -- cases/DC-0001.yaml
expect_status 2 panel sync -C a --branch other
expect_status 2 panel sync -C a --remote nowhere

# ---- the server's guard refuses: its message shown, the commits kept ----
cat >srv/records.git/hooks/pre-receive <<'END'
#!/bin/sh
echo "guard: cases/DC-0002.yaml: refused by the test guard" >&2
exit 1
END
chmod +x srv/records.git/hooks/pre-receive
edit a 's/^mappa: level-1/mappa: level-2/' cases/DC-0001.yaml "MAPPA level 2"
ahead=$(git -C a rev-parse HEAD)
expect_status 4 panel sync -C a
expect_grep "remote: guard: cases/DC-0002.yaml: refused by the test guard" actual.err
expect_grep "panel sync: your commits are kept on main; nothing was pushed" actual.err
[ "$(git -C a rev-parse HEAD)" = "$ahead" ] || fail "rejected: local commit lost"
rm srv/records.git/hooks/pre-receive

# ---- a lost race: the branch moves while the push is received ----
cat >srv/records.git/hooks/pre-receive <<'END'
#!/bin/sh
# Once: another office's commit lands on main before this push's update.
[ -e race.done ] && exit 0
touch race.done
unset GIT_QUARANTINE_PATH GIT_OBJECT_DIRECTORY GIT_ALTERNATE_OBJECT_DIRECTORIES
c=$(git commit-tree -p main -m "Concurrent office" "main^{tree}") && git update-ref refs/heads/main "$c"
END
chmod +x srv/records.git/hooks/pre-receive
expect_status 0 panel sync -C a --json
expect_grep '"status": "merged"' actual.out
expect_grep '"attempts": 2' actual.out
[ "$(git -C srv/records.git log -1 --format=%s main^1)" = "Concurrent office" ] || fail "race: not merged on the new tip"
rm srv/records.git/hooks/pre-receive

# ---- who changed each field: the newest commit of a side that changed
# that field, not the newest that touched the record (issue 14) ----
edit a 's/^location: .*/location: IRC Tinsley/' cases/DC-0001.yaml "DC-0001 to Tinsley"
expect_status 0 panel sync -C a
aloc=$(git -C a rev-parse --short HEAD)
amap=$(git -C a log --format=%h -1 --grep="^MAPPA level 2")
edit b 's/^location: .*/location: IRC Morton/' cases/DC-0001.yaml "DC-0001 to Morton"
bloc=$(git -C b rev-parse --short HEAD)
git -C b config user.name "Office B Night"
edit b 's/^mappa: .*/mappa: level-3/' cases/DC-0001.yaml "MAPPA level 3"
git -C b config user.name "Office B"
bmap=$(git -C b rev-parse --short HEAD)
expect_status 3 panel sync -C b
expect_grep "  ours:   IRC Morton (line 9), changed by Office B in $bloc" actual.out
expect_grep "  theirs: IRC Tinsley (line 9), changed by Office A in $aloc" actual.out
expect_grep "  ours:   level-3 (line 12), changed by Office B Night in $bmap" actual.out
expect_grep "  theirs: level-2 (line 12), changed by Office A in $amap" actual.out
# two open conflicts: resolving one leaves the other (exit 3), --list
# shows what is left, the second finishes the merge
expect_status 0 panel resolve -C b --list
printf 'cases/DC-0001.yaml\tlocation\ncases/DC-0001.yaml\tmappa\n' >want.txt
diff -u want.txt actual.out || fail "resolve --list, two conflicts"
expect_status 3 panel resolve -C b cases/DC-0001.yaml location --take ours
expect_grep "panel resolve: recorded; still open:" actual.out
expect_grep "cases/DC-0001.yaml: mappa: changed on both sides" actual.out
if grep -q "location: changed" actual.out; then fail "a resolved conflict is still reported"; fi
expect_status 0 panel resolve -C b --list
printf 'cases/DC-0001.yaml\tmappa\n' >want.txt
diff -u want.txt actual.out || fail "resolve --list, one left"
bhead=$(git -C b rev-parse HEAD)
expect_status 0 panel resolve -C b cases/DC-0001.yaml mappa --take theirs
expect_grep "panel resolve: merged" actual.out
expect_grep "location: IRC Morton" b/cases/DC-0001.yaml
expect_grep "mappa: level-2" b/cases/DC-0001.yaml
git -C b log -1 --format=%B >msg.txt
expect_grep "Panel-Resolved: cases/DC-0001.yaml location ours" msg.txt
expect_grep "Panel-Resolved: cases/DC-0001.yaml mappa theirs" msg.txt
expect_status 0 panel sync -C b
expect_status 0 panel sync -C a

# ---- url.BASE.insteadOf, as git applies it: the longest prefix wins ----
git -C a remote add short panel-srv:records.git
git -C a config "url.$GITD_URL/.insteadOf" panel-srv:
git -C a config url.git://127.0.0.1:9/.insteadOf panel-
git -C a ls-remote -q short main >/dev/null || fail "git itself does not reach the short URL"
expect_status 0 panel sync -C a --remote short
expect_grep "panel sync: in sync with short/main" actual.out
git -C a config --unset "url.$GITD_URL/.insteadOf"
expect_status 5 panel sync -C a --remote short
expect_grep "panel sync: cannot fetch from short" actual.err
git -C a remote remove short
git -C a config --unset url.git://127.0.0.1:9/.insteadOf

# ---- an unreachable server ----
git -C a remote add dead git://127.0.0.1:9/records.git
expect_status 5 panel sync -C a --remote dead
expect_grep "panel sync: cannot fetch from dead" actual.err
echo ok
