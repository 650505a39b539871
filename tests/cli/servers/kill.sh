# SIGKILL of panel sync at points spread over fetch, merge, commit and push
# (issue 14): afterwards git fsck passes, no lock is left that blocks plain
# git, the records are the old or the new ones, and the next panel sync
# completes and converges on the server.  Sourced by tests/cli/sync-kill.sh
# with LAND=0 (a plain bare repository: sync merges and races) and LAND=1
# (panel init --bare: the server lands the push, sync fetches its merge).
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
panel init seed >/dev/null || fail "init"
cp -R "$PANEL_SRC/casefiles/cases" "$PANEL_SRC/casefiles/people" "$PANEL_SRC/casefiles/panels" seed/
(cd seed && panel commit -m "Import" >/dev/null 2>&1) || fail "seed commit"
mkdir srv
if [ "${LAND:-0}" = 1 ]; then
	panel init --bare srv/records.git >/dev/null || fail "init --bare"
	git -C seed push -q "$top/srv/records.git" main 2>/dev/null || fail "seed push"
else
	git clone -q --bare seed srv/records.git
fi
start_git_daemon "$top/srv" || fail "git daemon"
git clone -q "$GITD_URL/records.git" a || fail "clone a"
git clone -q "$GITD_URL/records.git" b || fail "clone b"

# Each round: a diverged state (a server commit and a local one, different
# fields), one panel sync of b killed somewhere, then the checks.
i=0
diverge() {
	i=$((i + 1))
	sed -i "s/^location: .*/location: IRC A$i/" a/cases/DC-0001.yaml
	(cd a && panel commit -m "a $i" >/dev/null 2>&1) || fail "commit a $1"
	panel sync -C a >/dev/null 2>&1 || fail "sync a $1"
	sed -i "s/^mappa: .*/mappa: level-$((i % 3 + 1))/" b/cases/DC-0001.yaml
	(cd b && panel commit -m "b $1" >/dev/null 2>&1) || fail "commit b $1"
	before=$(git -C b rev-parse HEAD)
}
after_kill() {
	git -C b fsck --no-progress >fsck.out 2>&1 || { cat fsck.out; fail "fsck after a kill $1"; }
	# no lock blocks plain git
	git -C b status --porcelain >status.out 2>&1 || { cat status.out; fail "git status blocked after a kill $1"; }
	# the branch is the old commit or a descendant of it, and the records
	# are the ones of a commit, or a checkout the next sync finishes
	git -C b merge-base --is-ancestor "$before" HEAD || fail "branch lost the local commit after a kill $1"
	expect_status 0 panel sync -C b
	[ -z "$(git -C b status --porcelain)" ] || { git -C b status; fail "b not clean after the next sync (kill $1)"; }
	[ "$(git -C b rev-parse HEAD^{tree})" = "$(git -C srv/records.git rev-parse main^{tree})" ] ||
		fail "b did not converge after a kill $1"
	git -C b update-ref refs/heads/probe HEAD && git -C b update-ref -d refs/heads/probe || fail "refs locked after a kill $1"
	panel sync -C a >/dev/null 2>&1 || fail "a sync after a kill $1"
}

# Deterministic points: SIGKILL as sync enters its Nth rename(2), the moment
# a lock file is written and not yet committed (FETCH_HEAD, the
# remote-tracking ref, the sync state, the branch, the index).  A kill
# between fetch's lock and its rename once left origin/main.lock behind and
# the next sync could not fetch (CI, stop 19).
if strace -qq -o /dev/null true 2>/dev/null; then
	for n in 1 2 3 4 5 6 7 8; do
		diverge "at rename $n"
		strace -f -qq -o /dev/null -e trace=rename,renameat,renameat2 \
			-e inject=rename,renameat,renameat2:signal=KILL:when=$n \
			panel sync -C b >/dev/null 2>&1
		after_kill "at rename $n"
	done
else
	echo "note: strace cannot trace here; the kills at each rename are skipped" >&2
fi

# Timed points spread from before the fetch to after the push (ms).
for d in 0 5 10 20 30 45 60 80 100 130 160 200 250 320; do
	diverge "after $d ms"
	panel sync -C b >/dev/null 2>&1 &
	pid=$!
	sleep "$(printf '0.%03d' "$d")"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	after_kill "after $d ms"
done
if [ "${LAND:-0}" = 1 ]; then
	git -C srv/records.git log --format=%B main | grep -q '^Panel-Land: main$' || fail "the server landed nothing by a merge"
fi
