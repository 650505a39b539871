# panel audit beyond each commit's records (issue 13): git replace refs,
# grafts and shallow clones; dates that go backwards (and --at refusing
# them); hand-written trailers; a committer who is not the author without
# a reason; author names with terminal escapes; the history anchor
# (refs/panelkit/audited/BRANCH) after a rewrite whose reflog was expired
# and in a fresh clone.  Fixture repositories are made here with plain git.
# Commit IDs differ from run to run: outputs are compared with IDs
# replaced by "ID".
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
ESC=$(printf '\033') BEL=$(printf '\007')

expect_status 0 panel init --author "$ANN" r
cp -R "$F/." r/
cd r || fail "cd r"
git config user.name "Sam Sec" && git config user.email p-sec@example.org
# Sam types in Ann's records and says why: no finding
expect_status 0 panel commit --author "$ANN" -m "Import the records

Committer-Reason: typed in by the secretariat from the paper files"

# ---- a clean audit vouches for HEAD under the anchor ----
expect_status 0 panel audit
[ ! -s actual.out ] || fail "a clean audit printed findings"
expect_grep "panel audit: 2 commits, 1 changing records: 0 findings" actual.err
expect_grep "panel audit: vouched for HEAD under refs/panelkit/audited/main" actual.err
[ "$(git rev-parse refs/panelkit/audited/main)" = "$(git rev-parse HEAD)" ] || fail "anchor is not HEAD"
cp -R . ../anchored

# ---- committer is not the author, and no reason ----
sed -i 's/^location: .*/location: Colnbrook IRC/' cases/DC-0001.yaml
expect_status 0 panel commit --author "$ANN" -m "Move DC-0001"
# ---- trailers written by hand: a record the commit does not change, and
# a Rule-Warnings: panel commit would not write (the hook passes it: the
# record is valid) ----
sed -i 's/^location: .*/location: Spring IRC/' cases/DC-0001.yaml
git add cases/DC-0001.yaml
expect_status 0 git commit -q -m "Move DC-0001 again" -m "Case: DC-0001
Case: DC-0002
Rule-Warnings: 0 (KIT-NONE)"
# well-formed trailers on a commit that changes no record are forged too
expect_status 0 git commit -q --allow-empty -m "Nothing" -m "Panel: CPP-2026-08-20-A
Rule-Warnings: 1 (PF-RAG-REVIEW)"
# ---- committed before its parent ----
sed -i 's/^location: .*/location: North IRC/' cases/DC-0001.yaml
GIT_COMMITTER_DATE=2026-11-19T09:00:00Z GIT_AUTHOR_DATE=2026-11-19T08:30:00Z \
	expect_status 0 panel commit -m "Move DC-0001 north"
# --at believes a commit only if the dates up to it go forwards
expect_status 2 panel validate --at 2026-11-21
# (a repository-level finding names the repository by its full path)
ids <actual.err | sed -E 's|^/[^:]*/r: |r: |' >got.txt
cat >want.txt <<'WANT'
r: error: cannot trust the history's dates for 2026-11-21: commit ID (2026-11-19) is dated before its parent ID (2026-11-20) [KIT-HISTORY]
hint: panel audit lists the commits whose dates go backwards; without --at the tools read the working tree
WANT
diff -u want.txt got.txt || fail "--at across a backwards date"
expect_status 2 panel due --at 2026-11-22 --fail-on-overdue
expect_grep "cannot trust the history's dates for 2026-11-22" actual.err
# ---- an author whose name and email carry terminal escapes ----
sed -i 's/^location: .*/location: South IRC/' cases/DC-0001.yaml
GIT_COMMITTER_DATE=2026-11-22T09:00:00Z GIT_AUTHOR_DATE=2026-11-22T09:00:00Z \
	expect_status 0 git -c user.name="Eve ${ESC}[31mRed${ESC}[0m" \
	-c user.email="eve${ESC}]0;x${BEL}@example.org" commit -q --no-verify \
	-m "Move ${ESC}[2J south" cases/DC-0001.yaml
# a commit dated after the backwards one: --at that day believes it
expect_status 0 panel validate --at 2026-11-22
ids <actual.err | grep -qF "panel validate: 20 records (commit ID (2026-11-22)): 0 errors" ||
	{ cat actual.err; fail "--at 2026-11-22 does not say which commit it read"; }

expect_status 1 panel audit
if grep -q "$ESC" actual.out actual.err; then fail "an escape reached the terminal"; fi
ids <actual.out >got.txt
cat >want.txt <<'WANT'
commit ID 2026-11-20 Ann Admin <p-adm@example.org>: Move DC-0001
ID: error: committed by Sam Sec <p-sec@example.org> for Ann Admin <p-adm@example.org> with no Committer-Reason: trailer [KIT-HISTORY]
hint: a commit made for someone else says why in its trailers, e.g. panel commit --author "Name <email>" -m "$(printf 'Subject\n\nCommitter-Reason: typed in from the paper minutes')"

commit ID 2026-11-20 Sam Sec <p-sec@example.org>: Move DC-0001 again
ID: error: has a "Case: DC-0002" trailer but does not change cases/DC-0002.yaml [KIT-HISTORY]
hint: panel commit names in a Case:/Panel:/Person: trailer only the records the commit changes: this trailer was written by hand
ID: error: has a Rule-Warnings: trailer panel commit would not write ("0 (KIT-NONE)") [KIT-HISTORY]
hint: panel commit writes "Rule-Warnings: N (CODES)" only on a commit that changes records, for the warnings it accepted: this one was written by hand

commit ID 2026-11-20 Sam Sec <p-sec@example.org>: Nothing
ID: error: has a "Panel: CPP-2026-08-20-A" trailer but does not change panels/CPP-2026-08-20-A.yaml [KIT-HISTORY]
hint: panel commit names in a Case:/Panel:/Person: trailer only the records the commit changes: this trailer was written by hand
ID: error: has a Rule-Warnings: trailer ("1 (PF-RAG-REVIEW)") but changes no record [KIT-HISTORY]
hint: panel commit writes "Rule-Warnings: N (CODES)" only on a commit that changes records, for the warnings it accepted: this one was written by hand

commit ID 2026-11-19 Sam Sec <p-sec@example.org>: Move DC-0001 north
ID: error: committed 2026-11-19 09:00:00 +0000, before its parent ID (committed 2026-11-20 10:00:00 +0000): dates that go backwards cannot be trusted [KIT-HISTORY]
hint: a commit's date is the clock of the machine that made it (or GIT_COMMITTER_DATE): one dated before its parent was made with a wrong clock or a forged date, and --at will not read the history across it
ID: error: authored 2026-11-19 08:30:00 +0000, before its parent ID (authored 2026-11-20 10:00:00 +0000): dates that go backwards cannot be trusted [KIT-HISTORY]
hint: the author date comes from the author's clock (or GIT_AUTHOR_DATE, or git commit --date): check who made this commit and when

commit ID 2026-11-22 Eve \x1B[31mRed\x1B[0m <eve\x1B]0;x\x07@example.org>: Move \x1B[2J south
ID: error: changes 1 record without Case:/Panel:/Person: trailers (cases/DC-0001.yaml): made outside panelkit [KIT-HISTORY]
hint: record changes are committed with 'panel commit', which validates them and names each record in a trailer; or end the message with: Case: DC-0001
ID: error: author Eve \x1B[31mRed\x1B[0m <eve\x1B]0;x\x07@example.org> is not in the people directory [KIT-HISTORY]
hint: add the person to people/ with this email, or commit as a listed person (panelkit.yaml accept.author-not-in-people: warn relaxes this)
WANT
diff -u want.txt got.txt || fail "panel audit output"
expect_grep "panel audit: 7 commits, 5 changing records: 9 findings" actual.err
# findings do not move the anchor
[ "$(git rev-parse refs/panelkit/audited/main)" = "$(git rev-parse HEAD~5)" ] || fail "the anchor moved"

expect_status 1 panel audit --json
if grep -q "$ESC" actual.out; then fail "an escape reached the JSON"; fi
for c in committer forged date; do expect_grep "\"check\": \"$c\"" actual.out; done
expect_grep '"message": "author Eve \\x1B[31mRed\\x1B[0m <eve\\x1B]0;x\\x07@example.org> is not in the people directory"' actual.out
# the author's name is in panel log, neutralised in text, escaped in JSON
expect_status 0 panel log DC-0001
if grep -q "$ESC" actual.out; then fail "an escape reached panel log"; fi
expect_grep 'Eve \x1B[31mRed\x1B[0m <eve\x1B]0;x\x07@example.org>: Move \x1B[2J south' actual.out
expect_status 0 panel log --json -n 1 DC-0001
if grep -q "$ESC" actual.out; then fail "an escape reached panel log --json"; fi
expect_grep '"author": "Eve \u001b[31mRed\u001b[0m", "email": "eve\u001b]0;x\u0007@example.org", "subject": "Move \u001b[2J south"' actual.out

# ---- what git shows is not what was committed: replace refs and grafts ----
cd ../anchored || fail "cd anchored"
sed -i 's/^location: .*/location: Colnbrook IRC/' cases/DC-0001.yaml
expect_status 0 panel commit -m "Move DC-0001"
good=$(git rev-parse HEAD)
sed -i 's/^location: .*/location: Elsewhere IRC/' cases/DC-0001.yaml
git add cases/DC-0001.yaml
fake=$(git commit-tree "$(git write-tree)" -p HEAD~1 -m "Move DC-0001")
git reset -q --hard HEAD
git replace "$good" "$fake"
[ "$(git show HEAD:cases/DC-0001.yaml | grep location:)" = "location: Elsewhere IRC" ] ||
	fail "git does not show the replacement"
printf '%s %s\n' "$good" "$(git rev-parse HEAD~2)" >.git/info/grafts
expect_status 1 panel audit
ids <actual.out >got.txt
cat >want.txt <<'WANT'
the history as git shows it
refs/replace/ID: error: git shows commit ID as commit ID: git log, show and blame display the replacement, not what was committed [KIT-HISTORY]
hint: panel audit reads the objects as committed; remove the replacement with: git replace -d ID
.git/info/grafts:1: error: grafts commit ID onto parents ID (its parents as committed: ID): git log shows a history that was not committed [KIT-HISTORY]
hint: panel audit reads the parents as committed; remove the line (grafts are deprecated: git replace --convert-graft-file turns them into replace refs, which audit reports too)
WANT
diff -u want.txt got.txt || fail "replace and graft"
expect_grep "refs/replace/$(git rev-parse --short=7 "$good"): error: git shows commit $(git rev-parse --short=7 "$good") as commit $(git rev-parse --short=7 "$fake"):" actual.out
# panel log reads what was committed, not the replacement
expect_status 0 panel log -n 1 DC-0001
expect_grep "location: Harmondsworth IRC -> Colnbrook IRC" actual.out
rm .git/info/grafts
git replace -d "$good" >/dev/null
expect_status 0 panel audit

# ---- a shallow clone: the history before its boundary is not there ----
git clone -q --depth 2 "file://$PWD" ../shallow
expect_status 1 panel audit -C ../shallow
ids <actual.out >got.txt
cat >want.txt <<'WANT'
the history as git shows it
.git/shallow:1: error: this clone is shallow: commit ID (2026-11-20) is here without its parents, so the history before it is not and audit cannot vouch for it [KIT-HISTORY]
hint: fetch the whole history with: git fetch --unshallow
WANT
diff -u want.txt got.txt || fail "shallow clone"
expect_grep "panel audit: 1 commit, 1 changing records: 1 finding" actual.err

# ---- the anchor: a rewrite whose reflog was expired ----
git reset -q --hard HEAD~1
sed -i 's/^location: .*/location: Other IRC/' cases/DC-0001.yaml
expect_status 0 panel commit -m "Move DC-0001 elsewhere"
git reflog expire --expire=now --all
expect_status 1 panel audit
ids <actual.out >got.txt
cat >want.txt <<'WANT'
the anchor of earlier audits
refs/panelkit/audited/main: error: commit ID (2026-11-20), which an earlier panel audit vouched for, is no longer in the history of HEAD: the history of main was rewritten after that audit [KIT-HISTORY]
hint: the commits that left the branch can be recovered with: git branch recovered ID; if the rewrite was agreed, say so in a commit and record the new state with: git update-ref refs/panelkit/audited/main HEAD
WANT
diff -u want.txt got.txt || fail "anchor after a rewrite"
expect_grep "commit $(git rev-parse --short=7 "$good") (2026-11-20), which" actual.out
expect_grep "panel audit: 3 commits, 2 changing records: 1 finding" actual.err
# ... and in a fresh clone made after the rewrite, once it fetched the
# anchor (its reflog has nothing to show)
git clone -q "file://$PWD" ../fresh
git -C ../fresh fetch -q origin 'refs/panelkit/*:refs/panelkit/*'
expect_status 1 panel audit -C ../fresh
ids <actual.out >got.txt
diff -u want.txt got.txt || fail "anchor in a fresh clone"

# ---- an author name that is not UTF-8: JSON stays valid UTF-8 ----
cd ../fresh || fail "cd fresh"
sed -i 's/^location: .*/location: Latin-1 IRC/' cases/DC-0001.yaml
# git commit would re-encode the name as UTF-8: the commit is written raw
git add cases/DC-0001.yaml
printf 'tree %s\nparent %s\nauthor Ren\351e <p-sec@example.org> 1795168800 +0000\ncommitter Ren\351e <p-sec@example.org> 1795168800 +0000\n\nMove\n' \
	"$(git write-tree)" "$(git rev-parse HEAD)" >raw.txt
raw=$(git hash-object -t commit -w raw.txt) && git update-ref HEAD "$raw" || fail "raw commit"
rm raw.txt
expect_status 0 panel log --json -n 1 DC-0001
iconv -f UTF-8 -t UTF-8 actual.out >/dev/null || fail "panel log --json is not UTF-8"
expect_grep '"author": "Ren\ufffde"' actual.out
expect_status 0 panel log -n 1 DC-0001
expect_grep 'Ren\xE9e <p-sec@example.org>: Move' actual.out
exit 0
