# SIGKILL of panel sync at points spread over fetch, merge, commit and push
# (issue 14): afterwards git fsck passes, no lock is left that blocks plain
# git, the records are the old or the new ones, and the next panel sync
# completes and converges on the server.
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
git clone -q --bare seed srv/records.git
start_git_daemon "$top/srv" || fail "git daemon"
git clone -q "$GITD_URL/records.git" a || fail "clone a"
git clone -q "$GITD_URL/records.git" b || fail "clone b"

# delays in ms: from before the fetch to after the push
i=0
for d in 0 5 10 20 30 45 60 80 100 130 160 200 250 320; do
	i=$((i + 1))
	# a diverged state: a server commit and a local one, different fields
	sed -i "s/^location: .*/location: IRC A$d/" a/cases/DC-0001.yaml
	(cd a && panel commit -m "a $d" >/dev/null 2>&1) || fail "commit a $d"
	panel sync -C a >/dev/null 2>&1 || fail "sync a $d"
	sed -i "s/^mappa: .*/mappa: level-$((i % 3 + 1))/" b/cases/DC-0001.yaml
	(cd b && panel commit -m "b $d" >/dev/null 2>&1) || fail "commit b $d"
	before=$(git -C b rev-parse HEAD)
	panel sync -C b >/dev/null 2>&1 &
	pid=$!
	sleep "$(printf '0.%03d' "$d")"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	git -C b fsck --no-progress >fsck.out 2>&1 || { cat fsck.out; fail "fsck after a kill at $d ms"; }
	# no lock blocks plain git
	git -C b status --porcelain >status.out 2>&1 || { cat status.out; fail "git status blocked after $d ms"; }
	# the branch is the old commit or a descendant of it, and the records
	# are the ones of a commit, or a checkout the next sync finishes
	git -C b merge-base --is-ancestor "$before" HEAD || fail "branch lost the local commit at $d ms"
	expect_status 0 panel sync -C b
	[ -z "$(git -C b status --porcelain)" ] || { git -C b status; fail "b not clean after the next sync ($d ms)"; }
	[ "$(git -C b rev-parse HEAD^{tree})" = "$(git -C srv/records.git rev-parse main^{tree})" ] ||
		fail "b did not converge after a kill at $d ms"
	git -C b update-ref refs/heads/probe HEAD && git -C b update-ref -d refs/heads/probe || fail "refs locked after $d ms"
	panel sync -C a >/dev/null 2>&1 || fail "a sync after $d ms"
done
echo ok
