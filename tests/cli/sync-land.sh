# The server lands pushes itself (issue 14, push attempts): a shared
# repository made by panel init --bare runs panel guard --land as git's
# proc-receive hook for refs/panelkit/land/BRANCH, and panel sync pushes
# there when the server's refs name PK_LAND_MARK (refs/panelkit/lands).
# Over git daemon on loopback, started and stopped here.
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

expect_status 0 panel init seed
cp -R "$PANEL_SRC/casefiles/cases" "$PANEL_SRC/casefiles/people" "$PANEL_SRC/casefiles/panels" seed/
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
(cd seed && panel commit -q -m "Import the sample caseload" >/dev/null 2>&1) || fail "seed commit"
mkdir srv
expect_status 0 panel init --bare srv/records.git
expect_grep "panel guard as pre-receive, and as proc-receive to land pushes" actual.out
[ "$(git -C srv/records.git config receive.procReceiveRefs)" = "refs/panelkit/land/" ] || fail "receive.procReceiveRefs"
[ -x srv/records.git/hooks/proc-receive ] || fail "no proc-receive hook"
expect_grep 'exec "$panel" guard --land' srv/records.git/hooks/proc-receive
[ "$(git -C srv/records.git cat-file -t refs/panelkit/lands)" = blob ] || fail "no landing mark"
git -C seed push -q "$top/srv/records.git" main 2>/dev/null || fail "seed push"
start_git_daemon "$top/srv" || fail "git daemon"
URL="$GITD_URL/records.git"
office() {
	git clone -q "$URL" "$1" || fail "clone $1"
	git -C "$1" config user.name "$2"
	git -C "$1" config user.email "$1@example.org"
}
office a "Office A"
office b "Office B"
edit() { # edit CLONE SED-EXPR FILE MESSAGE
	sed -i "$2" "$1/$3" && (cd "$1" && panel commit -m "$4" >/dev/null 2>&1) || fail "commit in $1: $4"
}
srv() { git -C "$top/srv/records.git" "$@"; }

# ---- only the clone moved: the server fast-forwards ----
edit a 's/^location: IRC Fernmoor/location: IRC Brookhaven/' cases/DC-0001.yaml "Move DC-0001"
expect_status 0 panel sync -C a
printf 'panel sync: pushed to origin/main (%s), 1 attempt\n' "$(git -C a rev-parse --short HEAD)" >want.txt
diff -u want.txt actual.out || fail "fast-forward landing"
[ "$(srv rev-parse main)" = "$(git -C a rev-parse HEAD)" ] || fail "the server's main is not a's commit"
srv show-ref | grep -q refs/panelkit/land/ && fail "a landing ref was left on the server"

# ---- both moved: the server merges, the clone fetches its merge ----
expect_status 0 panel sync -C b
edit a 's/^mappa: none/mappa: level-1/' cases/DC-0001.yaml "MAPPA for DC-0001"
edit b 's/^location: IRC Brookhaven/location: IRC Brookhaven\nremoval_directions: 2026-12-20/' cases/DC-0001.yaml "RD for DC-0001"
expect_status 0 panel sync -C a
atip=$(git -C a rev-parse HEAD) bhead=$(git -C b rev-parse HEAD)
expect_status 0 panel sync -C b --json
expect_grep '"status": "merged"' actual.out
expect_grep '"attempts": 1,' actual.out
[ "$(srv rev-parse main^1)" = "$atip" ] || fail "the landing's first parent is not the server's tip"
[ "$(srv rev-parse main^2)" = "$bhead" ] || fail "the landing's second parent is not b's commit"
[ "$(git -C b rev-parse HEAD)" = "$(srv rev-parse main)" ] || fail "b is not on the server's merge"
[ -z "$(git -C b status --porcelain)" ] || fail "b not clean after the landing"
sed -n 9,13p b/cases/DC-0001.yaml >got.txt
printf 'location: IRC Brookhaven\nremoval_directions: 2026-12-20\nadult_at_risk: level-2\nmappa: level-1\nreferrals:\n' >want.txt
diff -u want.txt got.txt || fail "the server's field merge"
srv log -1 --format='%an <%ae>|%cn' main >who.txt
echo "Office B <b@example.org>|Office B" >want.txt
diff -u want.txt who.txt || fail "the landing is not under the pusher's name"
srv log -1 --format=%B main >msg.txt
cat >want.txt <<END
Land on main

Merges the pushed commits (up to $(git -C b rev-parse --short "$bhead")) into main ($(git -C a rev-parse --short "$atip")), on the server.
Merged field by field: cases/DC-0001.yaml.

Case: DC-0001
Panel-Land: main

END
diff -u want.txt msg.txt || fail "the landing's message"
expect_status 0 panel sync -C a
expect_grep "fast-forwarded" actual.out

# ---- a true conflict: the server leaves it to the clone's merge ----
edit a 's/^location: IRC Brookhaven/location: IRC Dunmere/' cases/DC-0001.yaml "DC-0001 to Dunmere"
edit b 's/^location: IRC Brookhaven/location: IRC Colnbrook/' cases/DC-0001.yaml "DC-0001 to Colnbrook"
expect_status 0 panel sync -C a
aid=$(git -C a rev-parse --short HEAD) bid=$(git -C b rev-parse --short HEAD)
bhead=$(git -C b rev-parse HEAD) srvhead=$(srv rev-parse main)
expect_status 3 panel sync -C b
cat >want.txt <<END
panel sync: the local commits and origin/main do not merge: nothing was committed or pushed
cases/DC-0001.yaml: location: changed on both sides
  base:   IRC Brookhaven (line 9)
  ours:   IRC Colnbrook (line 9), changed by Office B in $bid
  theirs: IRC Dunmere (line 9), changed by Office A in $aid
hint: panel resolve RECORD FIELD --take ours|theirs|base (or --file FILE) for each, or panel sync --abort
END
diff -u want.txt actual.out || fail "conflict report after the server's conflict"
[ "$(srv rev-parse main)" = "$srvhead" ] || fail "conflict: the server's branch moved"
[ "$(git -C b rev-parse HEAD)" = "$bhead" ] || fail "conflict: b's branch moved"
expect_status 0 panel resolve -C b cases/DC-0001.yaml location --take theirs
expect_status 0 panel sync -C b
expect_grep ", 1 attempt" actual.out
[ "$(srv rev-parse main)" = "$(git -C b rev-parse HEAD)" ] || fail "the resolved merge did not land"
srv log -1 --format=%B main >msg.txt
expect_grep "Panel-Resolved: cases/DC-0001.yaml location theirs" msg.txt
expect_status 0 panel sync -C a

# ---- the acceptance check refuses: the server's words, the commits kept ----
srvhead=$(srv rev-parse main)
sed -i 's/^  start: .*/  start: 2025-02-30/' a/cases/DC-0002.yaml
git -C a commit -q --no-verify -am "A date that does not exist" -m "Case: DC-0002"
ahead=$(git -C a rev-parse HEAD)
expect_status 4 panel sync -C a
expect_grep "panel sync: origin/main refused the push (declined by panel guard: the acceptance check refused the pushed commits)" actual.err
expect_grep "remote: $(git -C a rev-parse --short HEAD):cases/DC-0002.yaml:8:10: error: \"2025-02-30\" is not a real date" actual.err
expect_grep "remote: panel guard: refused: the push was not accepted" actual.err
expect_grep "panel sync: your commits are kept on main; nothing was pushed" actual.err
[ "$(srv rev-parse main)" = "$srvhead" ] || fail "a refused landing moved the server's branch"
[ "$(git -C a rev-parse HEAD)" = "$ahead" ] || fail "refused: a's commit lost"
git -C a reset -q --hard origin/main

# ---- --no-land pushes to the branch itself, as to any server ----
edit a 's/^mappa: level-1/mappa: level-2/' cases/DC-0001.yaml "MAPPA level 2"
expect_status 0 panel sync -C a --no-land
expect_grep "panel sync: pushed to origin/main" actual.out
[ "$(srv rev-parse main)" = "$(git -C a rev-parse HEAD)" ] || fail "--no-land push"
expect_status 0 panel sync -C b

# ---- plain git can land too; only the protected branch is landed ----
edit b 's/^mappa: level-2/mappa: level-3/' cases/DC-0001.yaml "MAPPA level 3"
git -C b push -q origin HEAD:refs/panelkit/land/main 2>push.err || { cat push.err; fail "git push to the landing ref"; }
[ "$(srv rev-parse main)" = "$(git -C b rev-parse HEAD)" ] || fail "git push to the landing ref did not land"
git -C b push -q origin HEAD:refs/panelkit/land/other 2>push.err && fail "landed on an unprotected branch"
expect_grep "is not the protected branch main" push.err
srv rev-parse -q --verify refs/heads/other >/dev/null && fail "a branch 'other' was made"

# ---- a repository that does not land: the guard refuses the landing ref
# (git would make the ref itself and nothing would land) ----
srv config --unset receive.procReceiveRefs
git -C b push -q origin HEAD:refs/panelkit/land/main 2>push.err && fail "a landing ref was taken by a repository that does not land"
expect_grep "refs/panelkit/land/main: error: this repository does not land pushes to refs/panelkit/land/BRANCH (no receive.procReceiveRefs for them, no proc-receive hook) [KIT-HISTORY]" push.err
srv rev-parse -q --verify refs/panelkit/land/main >/dev/null && fail "the landing ref was made"
srv config receive.procReceiveRefs refs/panelkit/land/

# ---- hooks where core.hooksPath says (relative to a bare repository):
# the guard finds the proc-receive hook there, and the push lands ----
mv srv/records.git/hooks srv/records.git/server-hooks
srv config core.hooksPath server-hooks
edit b 's/^mappa: level-3/mappa: level-2/' cases/DC-0001.yaml "MAPPA level 2"
git -C b push -q origin HEAD:refs/panelkit/land/main 2>push.err || { cat push.err; fail "landing with core.hooksPath"; }
[ "$(srv rev-parse main)" = "$(git -C b rev-parse HEAD)" ] || fail "the push with core.hooksPath did not land"
srv config --unset core.hooksPath
mv srv/records.git/server-hooks srv/records.git/hooks

# ---- the hook's protocol: what git does not say is refused ----
expect_status 2 sh -c "cd '$top/srv/records.git' && GIT_DIR=. panel guard --land </dev/null"
expect_grep "panel guard: error: not git's proc-receive protocol version 1 on standard input" actual.err
expect_status 2 panel guard --land extra
printf '0010version=1\0x\n000000660000000000000000000000000000000000000000 %s refs/heads/main\n0000' \
	"$(srv rev-parse main)" >pkt.in
(cd srv/records.git && GIT_DIR=. panel guard --land <"$top/pkt.in" >"$top/pkt.out" 2>"$top/pkt.err")
[ "$(cat pkt.out)" = "000eversion=1
0000003eng refs/heads/main not a ref of refs/panelkit/land/BRANCH
0000" ] || { od -c pkt.out | head; fail "the reply to a ref that is not a landing ref"; }

# ---- the history the server made passes the audit ----
git clone -q srv/records.git audit || fail "clone for the audit"
expect_status 0 panel audit -C audit
grep -q "^panel audit: [0-9]* commits, [0-9]* changing records: 0 findings$" actual.err || { cat actual.err; fail "the audit of the server's history"; }
echo ok
