# panel init / commit / log / audit and validate --as-of, end to end
# (issue 6).  Commit IDs differ from run to run: outputs are compared with
# IDs replaced by "ID".
. "$PANEL_SRC/tests/cli/lib.sh"
PANEL_TODAY=2026-11-23
HOME=$PWD/home GIT_CONFIG_NOSYSTEM=1
GIT_AUTHOR_DATE=2026-11-20T10:00:00Z GIT_COMMITTER_DATE=2026-11-20T10:00:00Z
export PANEL_TODAY HOME GIT_CONFIG_NOSYSTEM GIT_AUTHOR_DATE GIT_COMMITTER_DATE
unset PANEL_DATA_DIR GIT_INDEX_FILE
mkdir home
F="$PANEL_SRC/tests/fixtures/history/records"
ANN="Ann Admin <p-adm@example.org>"
ids() { sed -E 's/\b[0-9a-f]{7}\b/ID/g'; }

# ---- init ----
expect_status 0 panel init --author "$ANN" r
expect_grep "Created the records repository r" actual.out
for f in cases/.gitkeep panels/.gitkeep people/.gitkeep schema/case.schema.json .gitattributes; do
	[ -f "r/$f" ] || fail "panel init did not create $f"
done
[ -x r/.git/hooks/pre-commit ] || fail "no executable pre-commit hook"
[ "$(git -C r rev-list --count HEAD)" = 1 ] || fail "panel init: not exactly one commit"
expect_status 2 panel init --author "$ANN" r
expect_grep "r: error: is not empty (it has .gitattributes) [KIT-HISTORY]" actual.err
(cd r && git config user.name "Sam Sec" && git config user.email p-sec@example.org)

# ---- commit ----
cp -R "$F/." r/
cd r || fail "cd r"
# Sam types in Ann's records: a commit made for someone else says why
expect_status 0 panel commit -m "Import the records

Committer-Reason: typed in by the secretariat from the paper files" --author "$ANN"
printf '[main ID] Import the records\n 20 records, 1 warning accepted\n' >want.txt
ids <actual.out | diff -u want.txt - || fail "panel commit summary"
git log -1 --format=%B | tail -n 3 >got.txt
printf 'Person: p-spo\nRule-Warnings: 1 (PF-RAG-REVIEW)\n\n' >want.txt
diff -u want.txt got.txt || fail "trailers"
[ -z "$(git status --porcelain -- cases panels people)" ] || fail "not clean after panel commit"

# an invalid record: refused, nothing changes
head=$(git rev-parse HEAD)
sed -i 's/^framework: detention/framework: detentio/' cases/DC-0001.yaml
expect_status 1 panel commit -m "Break DC-0001"
expect_grep 'cases/DC-0001.yaml:3:12: error: "detentio" is not one of: detention, ipp [KIT-SCHEMA]' actual.err
expect_grep "panel commit: refused: 1 error; nothing was committed or changed" actual.err
[ "$(git rev-parse HEAD)" = "$head" ] || fail "HEAD moved on a refused commit"
[ "$(git status --porcelain -- cases panels people)" = " M cases/DC-0001.yaml" ] || fail "index changed on a refused commit"

# the hook stops plain git; --no-verify gets past it, and the audit sees it
git add cases/DC-0001.yaml
expect_status 1 git commit -q -m "Break DC-0001 with git"
expect_grep "panel commit: 1 error in the staged changes: not committed" actual.err
[ "$(git rev-parse HEAD)" = "$head" ] || fail "the hook let an invalid record in"
expect_status 0 git commit -q --no-verify -m "Break DC-0001 with git"
bad=$(git rev-parse --short=7 HEAD)
expect_status 1 panel audit
ids <actual.out >got.txt
cat >want.txt <<'EOF'
commit ID 2026-11-20 Sam Sec <p-sec@example.org>: Break DC-0001 with git
ID: error: leaves cases/DC-0001.yaml invalid (1 error) [KIT-HISTORY]
hint: every commit must leave the records valid; fix the record in a new commit with 'panel commit'
ID:cases/DC-0001.yaml:3:12: error: "detentio" is not one of: detention, ipp [KIT-SCHEMA]
    3 | framework: detentio
      |            ^
hint: did you mean "detention"?
ID: error: changes 1 record without Case:/Panel:/Person: trailers (cases/DC-0001.yaml): made outside panelkit [KIT-HISTORY]
hint: record changes are committed with 'panel commit', which validates them and names each record in a trailer; or end the message with: Case: DC-0001
EOF
diff -u want.txt got.txt || fail "panel audit output"
expect_grep "$bad:cases/DC-0001.yaml:3:12:" actual.out
expect_grep "panel audit: 3 commits, 2 changing records: 3 findings" actual.err
expect_status 1 panel audit --json
expect_grep '"check": "trailer"' actual.out
expect_status 0 panel audit --since 2026-11-21

# ---- log ----
sed -i 's/^framework: detentio/framework: detention/; s/^location: .*/location: Colnbrook IRC/' cases/DC-0001.yaml
expect_status 0 panel commit -m "Fix DC-0001 and move it"
expect_status 0 panel log DC-0001
ids <actual.out >got.txt
cat >want.txt <<'EOF'
ID 2026-11-20 Sam Sec <p-sec@example.org>: Fix DC-0001 and move it
    framework: detentio -> detention
    location: Harmondsworth IRC -> Colnbrook IRC

ID 2026-11-20 Sam Sec <p-sec@example.org>: Break DC-0001 with git
    framework: detention -> detentio

ID 2026-11-20 Ann Admin <p-adm@example.org>: Import the records
    (created)
EOF
diff -u want.txt got.txt || fail "panel log output"
expect_status 0 panel log --json -n 1 DC-0001
expect_grep '"changes": [{"path": "framework", "op": "changed", "old": "detentio", "new": "detention"}' actual.out
expect_status 2 panel log NOPE-1
expect_grep "NOPE-1: error: no record with this ID in cases/, panels/ or people/ [KIT-IDS]" actual.err

# ---- validate --at reads the tree of that day or commit; --as-of is
# only the day the rules are judged on (issue 17) ----
sed -i 's/^location: .*/location: Spring IRC/' cases/DC-0002.yaml
GIT_COMMITTER_DATE=2026-11-21T09:00:00Z expect_status 0 panel commit -m "Move DC-0002"
sed -i 's/^framework: detention/framework: nonsense/' cases/DC-0002.yaml
expect_status 1 panel validate -q cases/DC-0002.yaml
expect_status 0 panel validate --at 2026-11-21
expect_grep "(commit " actual.err
expect_grep " (2026-11-21)): " actual.err
expect_status 0 panel validate --at HEAD
expect_grep " (2026-11-21)): " actual.err
expect_status 1 panel validate --as-of 2026-11-21
expect_status 1 panel validate --as-of 2026-11-21 --worktree
expect_status 2 panel validate --at 2026-01-01
expect_grep "no commit on or before 2026-01-01" actual.err
expect_grep "hint: drop --at to read the working tree" actual.err
expect_status 2 panel validate --at no-such-branch
expect_grep 'error: no commit "no-such-branch" [KIT-HISTORY]' actual.err
git checkout -q -- cases/DC-0002.yaml
# The issue's case: a date before the first commit is a day to judge on,
# not a request for history.
expect_status 0 panel due --as-of 2026-01-01
expect_status 1 panel validate --as-of 2026-01-01
expect_grep "is in the future (as of 2026-01-01) [KIT-DATES]" actual.out

# ---- a deletion may not leave a reference behind (KIT-IDS) ----
head=$(git rev-parse HEAD)
rm cases/DC-0002.yaml
expect_status 1 panel commit -m "Delete DC-0002"
expect_grep 'panels/CPP-2026-08-20-A.yaml:30:11: error: refers to case "DC-0002", which this change deletes [KIT-IDS]' actual.err
expect_grep 'hint: change this reference in the same commit, or keep cases/DC-0002.yaml' actual.err
[ "$(git rev-parse HEAD)" = "$head" ] || fail "HEAD moved on a refused deletion"
git rm -q cases/DC-0002.yaml
expect_status 1 git commit -q -m "Delete DC-0002 with git"
expect_grep 'refers to case "DC-0002", which this change deletes [KIT-IDS]' actual.err
expect_grep "panel commit: 1 error in the staged changes: not committed" actual.err
expect_status 1 panel validate --staged
expect_grep "panel validate: 0 records (staged changes): 1 error, 0 warnings" actual.err
[ "$(git rev-parse HEAD)" = "$head" ] || fail "the hook let a dangling reference in"
git reset -q HEAD -- cases/DC-0002.yaml && git checkout -q -- cases/DC-0002.yaml
# a person: every case and panel that names them is found; one that no
# record names may go
git rm -q people/p-psy.yaml
expect_status 0 panel commit --dry-run -m "p-psy has left"
git reset -q HEAD -- people/p-psy.yaml && git checkout -q -- people/p-psy.yaml
git rm -q people/p-lo.yaml
expect_status 1 panel commit -m "p-lo has left"
expect_grep 'panels/CPP-2026-08-20-A.yaml:14:14: error: refers to person "p-lo", which this change deletes [KIT-IDS]' actual.err
git reset -q HEAD -- people/p-lo.yaml && git checkout -q -- people/p-lo.yaml
# a new record may not take an ID another kind uses
sed 's/^id: .*/id: DC-0002/' people/p-psy.yaml >people/DC-0002.yaml
expect_status 1 panel commit -m "A person called DC-0002"
expect_grep 'people/DC-0002.yaml: error: id "DC-0002" is already used by cases/DC-0002.yaml [KIT-IDS]' actual.err
[ "$(git rev-parse HEAD)" = "$head" ] || fail "HEAD moved on an ID clash"
rm people/DC-0002.yaml
# ... also among many new records at once (looked up through each folder's
# listing rather than one scan per record)
for n in 1 2 3 4 5; do sed "s/^id: .*/id: p-new-$n/" people/p-psy.yaml >"people/p-new-$n.yaml"; done
sed 's/^id: .*/id: DC-0002/' people/p-psy.yaml >people/DC-0002.yaml
expect_status 1 panel commit -m "Six new people, one called DC-0002"
expect_grep 'people/DC-0002.yaml: error: id "DC-0002" is already used by cases/DC-0002.yaml [KIT-IDS]' actual.err
[ "$(grep -c 'is already used by' actual.err)" -eq 1 ] || { cat actual.err; fail "six new people: one clash, not $(grep -c 'is already used by' actual.err)"; }
[ "$(git rev-parse HEAD)" = "$head" ] || fail "HEAD moved on an ID clash among many"
rm people/DC-0002.yaml people/p-new-*.yaml
[ -z "$(git status --porcelain -- cases panels people)" ] || fail "not clean after the deletion tests"

# ---- two panel commits at once: one waits for the other ----
sed -i 's/^location: .*/location: North IRC/' cases/DC-0001.yaml
sed -i 's/^location: .*/location: South IRC/' cases/DC-0002.yaml
panel commit -m "Move DC-0001 north" cases/DC-0001.yaml >c1.out 2>&1 &
p1=$!
panel commit -m "Move DC-0002 south" cases/DC-0002.yaml >c2.out 2>&1 &
p2=$!
wait $p1 || { cat c1.out; fail "first concurrent commit failed"; }
wait $p2 || { cat c2.out; fail "second concurrent commit failed"; }
rm -f c1.out c2.out
git fsck --no-progress --no-dangling >fsck.out 2>&1 || { cat fsck.out; fail "git fsck"; }
rm -f fsck.out
[ -z "$(git status --porcelain -- cases panels people)" ] || { git status; fail "not clean after concurrent commits"; }
git log -2 --format=%B | grep -q '^Case: DC-0001$' || fail "DC-0001's commit is missing"
git log -2 --format=%B | grep -q '^Case: DC-0002$' || fail "DC-0002's commit is missing"

# ---- the audit finds a deletion made with git --no-verify ----
git rm -q cases/DC-0002.yaml
GIT_COMMITTER_DATE=2026-11-22T09:00:00Z expect_status 0 git commit -q --no-verify -m "Delete DC-0002 with git"
del=$(git rev-parse --short=7 HEAD)
expect_status 1 panel audit --since 2026-11-22
expect_grep "$del: error: leaves panels/CPP-2026-08-20-A.yaml invalid (1 error) [KIT-HISTORY]" actual.out
expect_grep "$del:panels/CPP-2026-08-20-A.yaml:30:11: error: refers to case \"DC-0002\", which this change deletes [KIT-IDS]" actual.out

# History walks read big trees through git cat-file --batch
# (history_git_batch.c); here every tree goes through it, or through a
# git that refuses, and the audit and a first log say the same as libgit2
# alone, byte for byte (git missing from PATH: test_gittree).
# a git on PATH that says when it is run (as cat-file --batch)
mkdir -p spy
realgit=$(command -v git)
printf '#!/bin/sh\necho "$*" >>"%s/git-calls"\nexec "%s" "$@"\n' "$PWD" "$realgit" >spy/git
chmod +x spy/git
# and one that refuses every repository (as git does one of another owner)
mkdir -p nogit
printf '#!/bin/sh\nexit 128\n' >nogit/git
chmod +x nogit/git
k=0
for how in "PANEL_GIT_BATCH=0" "PATH=$PWD/spy:$PATH PANEL_GIT_BATCH_MIN=0" "PATH=$PWD/nogit:$PATH PANEL_GIT_BATCH_MIN=0"; do
	k=$((k + 1))
	rm -f .git/panel-changes
	env $how "$PANEL_BIN/panel-log" DC-0001 >"walk-log.$k" 2>&1 || fail "panel log ($how)"
	env $how "$PANEL_BIN/panel-audit" >"walk-audit.$k" 2>&1
	[ $? -eq 1 ] || fail "panel audit ($how): exit status"
	[ $k -eq 1 ] && continue
	cmp walk-log.1 "walk-log.$k" || fail "panel log through git ($how) differs"
	cmp walk-audit.1 "walk-audit.$k" || fail "panel audit through git ($how) differs"
done
[ "$(grep -c -- "cat-file --batch" git-calls)" -eq 2 ] || fail "the log and the audit did not read through git: $(cat git-calls)"
exit 0
