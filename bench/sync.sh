#!/bin/sh
# make bench, sync rows (issue 14): N offices (default 16) each committing
# and running panel sync against one git daemon on loopback, against a
# naive baseline in the same run: the same number of writers, each
# "git push; on refusal git pull --no-edit and push again at once" (no
# back-off), editing different records so git's own merge succeeds.
# Prints median and largest push attempts per landed commit and the 95th
# percentile of a sync's time.  Then, on BENCH_SYNC_CASES (default 100000)
# synthetic cases (bench/gen.c) behind git daemon: one office's panel sync
# of one changed record while another office has pushed one (a merge and a
# push), against git pull --rebase && git push of the same kind of change;
# best of BENCH_RUNS (default 3) each.
#   sh bench/sync.sh BUILD_DIR
set -e
B=$(cd "${1:?usage: sh bench/sync.sh BUILD_DIR}" && pwd)
SRC=$(cd "$(dirname "$0")/.." && pwd)
N=${BENCH_OFFICES:-16}
OPS=${BENCH_OPS:-6}
W=$(mktemp -d "${TMPDIR:-/tmp}/panelkit-bench-sync.XXXXXX")
trap 'rc=$?; rm -rf "$W"; exit $rc' EXIT
PATH="$B/bin:$PATH" PANEL_EXEC_PATH="$B/bin" PANEL_SRC=$SRC
export PATH PANEL_EXEC_PATH PANEL_SRC
cd "$W"
mkdir sim && cd sim
line=$(OFFICES=$N OPS=$OPS RECORDS=200 sh -c '. "$PANEL_SRC/tests/cli/servers/offices.sh"' 2>&1 | tail -n 1)
cd "$W"
# the naive baseline
mkdir naive && cd naive
HOME=$PWD/home GIT_CONFIG_NOSYSTEM=1
export HOME GIT_CONFIG_NOSYSTEM
mkdir home
git config --global user.name Naive && git config --global user.email n@example.org
git config --global init.defaultBranch main
git init -q seed && mkdir seed/cases
i=0
while [ $i -lt "$N" ]; do printf 'id: R%d\nvalue: 0\n' $i >seed/cases/R$i.yaml; i=$((i + 1)); done
git -C seed add -A && git -C seed commit -qm seed
git clone -q --bare seed srv.git
i=0
pids=""
while [ $i -lt "$N" ]; do
	(
		git clone -q "$PWD/srv.git" w$i
		cd w$i
		op=0
		while [ $op -lt "$OPS" ]; do
			op=$((op + 1))
			printf 'id: R%d\nvalue: %d\n' $i $op >cases/R$i.yaml
			git commit -qam "w$i $op"
			a=1
			until git push -q origin main 2>/dev/null; do
				a=$((a + 1))
				git pull -q --no-rebase --no-edit origin main 2>/dev/null || exit 1
			done
			echo $a >>../naive.attempts
		done
	) &
	pids="$pids $!"
	i=$((i + 1))
done
for p in $pids; do wait $p; done
naive=$(sort -n naive.attempts | awk '{a[NR] = $1; s += $1} END {printf "%s/%s, mean %.2f", a[int((NR + 1) / 2)], a[NR], s / NR}')
echo
echo "### panel sync, $N offices x $OPS operations"
echo
echo "| what | result |"
echo "|---|---|"
echo "| panel sync (jittered back-off), simulation | $line |"
echo "| naive retry (git push; git pull; push again), attempts per landed commit median/max | $naive |"

# ---- one sync on a big repository ----
CASES=${BENCH_SYNC_CASES:-100000}
RUNS=${BENCH_RUNS:-3}
cd "$W"
mkdir big && cd big
. "$SRC/tests/cli/servers/gitd.sh"
trap 'rc=$?; set +e; stop_servers; rm -rf "$W"; exit $rc' EXIT
${CC:-cc} -O2 -o gen "$SRC/bench/gen.c"
./gen "$CASES" seed >/dev/null
git -C seed init -q -b main
git -C seed add -A
git -C seed -c gc.auto=0 commit -q -m "Import $CASES cases"
mkdir srv
git clone -q --bare seed srv/records.git
rm -rf seed
start_git_daemon "$PWD/srv"
for o in a b; do
	git clone -q "$GITD_URL/records.git" $o
	git -C $o config gc.auto 0
done
ids=$(ls a/cases | head -n $((2 * RUNS + 2)) | sed 's/\.yaml$//')
best() { awk -v a="$1" -v b="$2" 'BEGIN { print (a == "" || b < a) ? b : a }'; }
now() { date +%s%N; }
ms() { echo $(( ($2 - $1) / 1000000 )); }
tp="" tg="" i=0
for id in $ids; do
	i=$((i + 1))
	[ $i -gt $((2 * RUNS)) ] && break
	# the other office pushes a change, then this one commits its own
	sed -i "s/^name: .*/name: Changed $i/" b/cases/$(echo $ids | cut -d' ' -f$((2 * RUNS + 1))).yaml
	git -C b commit -qam "b $i" && git -C b pull -q --rebase && git -C b push -q
	sed -i "s/^name: .*/name: Office A $i/" a/cases/$id.yaml
	if [ $((i % 2)) = 1 ]; then
		(cd a && panel commit -m "a $i" >/dev/null 2>&1)
		t0=$(now); panel sync -C a >/dev/null 2>sync.err || { echo "bench: panel sync failed:" >&2; cat sync.err >&2; }; t1=$(now)
		tp=$(best "$tp" "$(ms $t0 $t1)")
	else
		git -C a commit -qam "a $i"
		t0=$(now); { git -C a pull -q --rebase && git -C a push -q; } || echo "bench: git pull/push failed" >&2; t1=$(now)
		tg=$(best "$tg" "$(ms $t0 $t1)")
	fi
done
ratio=$(awk -v a="$tp" -v b="$tg" 'BEGIN { printf "%.2f", a / b }')
echo "| panel sync of one changed record, $CASES cases, another office's push to merge (best of $RUNS, ms) | $tp |"
echo "| git pull --rebase && git push of the same kind of change (ms) | $tg (panel sync / git: $ratio) |"
