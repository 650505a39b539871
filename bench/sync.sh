#!/bin/sh
# make bench, sync rows (issue 14): N offices (default 16) each committing
# and running panel sync against one git daemon on loopback (a server made
# by panel init --bare, which lands the pushes itself, and one that does
# not, where the offices race), against a naive baseline in the same run: the same number of writers, each
# "git push; on refusal git pull --no-edit and push again at once" (no
# back-off), editing different records so git's own merge succeeds.
# Prints median and largest push attempts per landed commit and the 95th
# percentile of a sync's time.  (One sync on a 100k-case repository:
# bench/shared.sh.)
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
# the server lands the pushes (panel init --bare), then one that does not
for land in 1 0; do
	mkdir "$W/sim$land" && cd "$W/sim$land"
	l=$(OFFICES=$N OPS=$OPS RECORDS=200 LAND=$land sh -c '. "$PANEL_SRC/tests/cli/servers/offices.sh"' 2>&1 | tail -n 1)
	med=$(echo "$l" | sed -n 's/.*attempts(median\/max)=\([0-9]*\)\/.*/\1/p')
	if [ "$land" = 1 ]; then line=$l med1=$med; else line0=$l; fi
done
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
echo "| panel sync, the server lands the pushes (panel init --bare), simulation | $line |"
echo "| goal: median push attempts per landed commit <= 1.5 | $( [ -n "$med1" ] && [ "$med1" -le 1 ] && echo met || echo "not met" ) |"
echo "| panel sync to a server that does not land them (jittered back-off), simulation | $line0 |"
echo "| naive retry (git push; git pull; push again), attempts per landed commit median/max | $naive |"

