# panel guard and panel init --bare (issue 13): a shared repository that
# refuses force pushes, deletions and commits the acceptance check
# refuses, tested with real plain-git pushes (git's local transport runs
# receive-pack and its hooks) and over git daemon on 127.0.0.1.
. "$PANEL_SRC/tests/cli/lib.sh"
command -v git >/dev/null || { echo "skip: no git"; exit 0; }
PANEL_TODAY=2026-11-23
HOME=$PWD/home GIT_CONFIG_NOSYSTEM=1
GIT_AUTHOR_DATE=2026-11-20T10:00:00Z GIT_COMMITTER_DATE=2026-11-20T10:00:00Z
export PANEL_TODAY HOME GIT_CONFIG_NOSYSTEM GIT_AUTHOR_DATE GIT_COMMITTER_DATE
unset PANEL_DATA_DIR GIT_INDEX_FILE
mkdir home
git config --global user.name "Barnaby Quince"
git config --global user.email barnaby.quince@example.org
git config --global init.defaultBranch main
B="Barnaby Quince <barnaby.quince@example.org>"
ids() { sed -E 's/\b[0-9a-f]{7}\b/ID/g; s/[[:space:]]+$//'; }

# ---- panel init --bare ----
expect_status 0 panel init --bare shared.git
expect_grep "Created the shared repository shared.git (panel guard as pre-receive, and as proc-receive to land pushes)" actual.out
[ -x shared.git/hooks/pre-receive ] || fail "no executable pre-receive hook"
grep -q 'exec "$panel" guard' shared.git/hooks/pre-receive || fail "the hook does not run panel guard"
for k in receive.denyNonFastForwards receive.denyDeletes receive.fsckObjects; do
	[ "$(git -C shared.git config --bool $k)" = true ] || fail "$k is not set"
done
[ "$(git -C shared.git symbolic-ref HEAD)" = refs/heads/main ] || fail "HEAD is not main"
expect_status 2 panel init --bare --author "$B" other.git
expect_status 2 panel init --bare shared.git
expect_grep "shared.git: error: is not empty" actual.err

# ---- the records, pushed: every commit is checked in quarantine ----
panel init --author "$B" r >/dev/null || fail "panel init"
cp -R "$PANEL_SRC/casefiles/cases" "$PANEL_SRC/casefiles/panels" "$PANEL_SRC/casefiles/people" r/
cd r || fail "cd r"
panel commit -q -m "Import the sample caseload" 2>/dev/null || fail "import"
git remote add origin ../shared.git
# The guard reads the pushed commits before git moves them out of
# quarantine: had libgit2 not seen GIT_OBJECT_DIRECTORY /
# GIT_ALTERNATE_OBJECT_DIRECTORIES, it could not read them and the push
# would fail (exit 2).
expect_status 0 git push -q origin main
[ "$(git -C ../shared.git rev-parse main)" = "$(git rev-parse main)" ] || fail "main not pushed"
sed -i 's/^location: .*/location: Colnbrook IRC/' cases/DC-0001.yaml
panel commit -q -m "DC-0001 moved" || fail "commit"
expect_status 0 git push -q origin main
[ "$(git -C ../shared.git rev-parse main)" = "$(git rev-parse main)" ] || fail "the second push did not land"
ls ../shared.git/objects | grep -q '^tmp_objdir\|^incoming' && fail "quarantine left behind"

# The quarantine itself: a commit whose objects are only in a separate
# object directory is read when git names it in GIT_OBJECT_DIRECTORY (as
# receive-pack does for pre-receive), and not otherwise.
sed -i 's/^location: .*/location: Quarantine IRC/' cases/DC-0001.yaml
panel commit -q -m "DC-0001 moved again" || fail "commit"
cp -R .git/objects ../quar
q_old=$(git rev-parse HEAD~1) q_new=$(git rev-parse HEAD)
cd .. || fail "cd .."
git -C shared.git cat-file -e "$q_new" 2>/dev/null && fail "the commit is already in the shared repository"
echo "$q_old $q_new refs/heads/main" >upd.txt
GIT_DIR=shared.git GIT_OBJECT_DIRECTORY=$PWD/quar GIT_ALTERNATE_OBJECT_DIRECTORIES=$PWD/shared.git/objects \
	panel guard <upd.txt >actual.out 2>actual.err || { cat actual.err; fail "the guard did not see the quarantined objects"; }
GIT_DIR=shared.git panel guard <upd.txt >actual.out 2>actual.err && fail "the guard read objects it should not have"
expect_grep "cannot read the pushed commits" actual.err
rm -rf quar upd.txt
cd r || fail "cd r"
git reset -q --hard HEAD~1

# a commit that the hooks would have refused, made past them
good=$(git rev-parse HEAD)
sed -i 's/^    recommendation: maintain-with-actions/    recommendation: release/' panels/CPP-2026-09-17-A.yaml
git commit -q --no-verify -am "Change an outcome" -m "Panel: CPP-2026-09-17-A"
bad=$(git rev-parse --short=7 HEAD)
expect_status 1 git push origin main
ids <actual.err | grep '^remote: ' >got.txt
cat >want.txt <<'EOF'
remote: ID:panels/CPP-2026-09-17-A.yaml:64: error: changes the recorded outcome of held panel CPP-2026-09-17-A for DC-0011: cases[2].recommendation: maintain-with-actions -> release with no correction [KIT-HISTORY]
remote:    64 |     recommendation: release
remote:       | ^
remote: hint: outcomes are append-only: record the change in cases[].corrections as {date, by, field: recommendation, reason}
remote: panel guard: refused: 1 error; the push was not accepted
EOF
diff -u want.txt got.txt || fail "guard output"
expect_grep "remote: $bad:panels/CPP-2026-09-17-A.yaml:64: error:" actual.err
expect_grep "(pre-receive hook declined)" actual.err
[ "$(git -C ../shared.git rev-parse main)" = "$good" ] || fail "a refused push moved main"
# several commits: the bad one in the middle is found, and named
git reset -q --hard "$good"
for loc in North South; do
	sed -i "s/^location: .*/location: $loc IRC/" cases/DC-0002.yaml
	git commit -q --no-verify -am "DC-0002 to $loc" -m "Case: DC-0002"
	[ $loc = North ] && { printf 'location: Dup IRC\n' >>cases/DC-0003.yaml; git commit -q --no-verify -am "dup" -m "Case: DC-0003"; mid=$(git rev-parse --short=7 HEAD); }
done
expect_status 1 git push origin main
expect_grep "remote: $mid:cases/DC-0003.yaml:" actual.err
expect_grep "[YAML-DUPKEY]" actual.err
git reset -q --hard "$good"

# ---- force push and deletion of the protected branch ----
# (git's own receive.deny* would refuse them too; switched off here so
# that the guard's own refusal is what is tested)
git -C ../shared.git config receive.denyNonFastForwards false
git -C ../shared.git config receive.denyDeletes false
git reset -q --hard HEAD~1
sed -i 's/^location: .*/location: Elsewhere IRC/' cases/DC-0002.yaml
panel commit -q -m "DC-0002 moved" || fail "commit"
expect_status 1 git push -f origin main
expect_grep "remote: refs/heads/main: error: ID -> ID is not a fast-forward of the protected branch main: it would rewrite the history [KIT-HISTORY]" "$(ids <actual.err >ids.err; echo ids.err)"
expect_status 1 git push origin :main
expect_grep "remote: refs/heads/main: error: deletes the protected branch main [KIT-HISTORY]" actual.err
[ "$(git -C ../shared.git rev-parse main)" = "$good" ] || fail "main moved"
# other branches are not guarded
git checkout -q -b scratch
printf 'location: Dup IRC\n' >>cases/DC-0003.yaml
git commit -q --no-verify -am "scratch" 
expect_status 0 git push -q origin scratch
git checkout -q main
git reset -q --hard "$good"

# ---- the update hook: panel guard REF OLD NEW ----
cd .. || fail "cd .."
cp -R shared.git upd.git
mv upd.git/hooks/pre-receive upd.git/hooks/update
sed -i 's/exec "$panel" guard$/exec "$panel" guard "$@"/' upd.git/hooks/update
cd r || fail "cd r"
git remote add upd ../upd.git
sed -i 's/^    recommendation: maintain-with-actions/    recommendation: release/' panels/CPP-2026-09-17-A.yaml
git commit -q --no-verify -am "Change an outcome" -m "Panel: CPP-2026-09-17-A"
expect_status 1 git push upd main
expect_grep "with no correction [KIT-HISTORY]" actual.err
expect_grep "(hook declined)" actual.err
git reset -q --hard "$good"
cd .. || fail "cd .."

# usage errors
expect_status 2 panel guard one two
printf 'nonsense\n' | GIT_DIR=shared.git panel guard >actual.out 2>actual.err && fail "bad stdin accepted"
expect_grep 'panel guard: error: expected "old new ref" on standard input' actual.err
zero=0000000000000000000000000000000000000000
printf '%s %s refs/heads/main\n' "$zero" "$(printf 1%.0s $(seq 40))" | GIT_DIR=shared.git panel guard >actual.out 2>actual.err &&
	fail "a missing commit was accepted"
expect_grep "cannot read the pushed commits" actual.err
expect_grep "panel guard: the push could not be checked, so it was not accepted" actual.err

# ---- over git daemon (git:// on a free 127.0.0.1 port) ----
port=
for p in $(seq $((20000 + $$ % 20000)) $((20000 + $$ % 20000 + 20))); do
	git daemon --reuseaddr --listen=127.0.0.1 --port=$p --base-path="$PWD" --export-all \
		--enable=receive-pack --pid-file="$PWD/daemon.pid" --detach "$PWD" 2>daemon.err || continue
	# ready when it answers
	i=0
	while [ $i -lt 50 ] && ! git ls-remote "git://127.0.0.1:$p/shared.git" >/dev/null 2>&1; do
		sleep 0.1; i=$((i + 1))
	done
	if git ls-remote "git://127.0.0.1:$p/shared.git" >/dev/null 2>&1; then port=$p; break; fi
	[ -f daemon.pid ] && kill "$(cat daemon.pid)" 2>/dev/null
done
[ -n "$port" ] || { cat daemon.err; fail "git daemon did not start"; }
stop_daemon() { kill "$(cat "$PWD/daemon.pid")" 2>/dev/null; }
trap stop_daemon EXIT
cd r || fail "cd r"
git remote add daemon "git://127.0.0.1:$port/shared.git"
sed -i 's/^location: .*/location: Daemon IRC/' cases/DC-0004.yaml
panel commit -q -m "DC-0004 moved" || fail "commit"
expect_status 0 git push -q daemon main
[ "$(git -C ../shared.git rev-parse main)" = "$(git rev-parse main)" ] || fail "push over git:// did not land"
printf 'location: Dup IRC\n' >>cases/DC-0005.yaml
git commit -q --no-verify -am "dup" -m "Case: DC-0005"
expect_status 1 git push daemon main
expect_grep "[YAML-DUPKEY]" actual.err
expect_grep "panel guard: refused: 1 error; the push was not accepted" actual.err
cd .. || fail "cd .."
stop_daemon
trap - EXIT
exit 0
