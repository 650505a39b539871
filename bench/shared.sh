#!/bin/sh
# make bench, shared-repository rows (issue 14): on BENCH_SHARED_CASES
# (default 100000) synthetic cases (bench/gen.c) in a shared repository made
# by panel init --bare (panel guard as its pre-receive hook) and served by
# git daemon on 127.0.0.1, two figures, each the median of BENCH_RUNS
# (default 3) paired runs against a baseline measured in the same run:
#
#   guard  panel guard, as git runs it as pre-receive ("old new ref" on
#          stdin, in the shared repository), on a push of 10 changed
#          records, against panel validate of the whole checkout
#   sync   one office's panel sync of one changed record while another
#          office has pushed one (a merge and a push), against
#          git pull --rebase && git push of the same kind of change
#
# Then how long each setup step took.  Nothing leaves 127.0.0.1.
#   sh bench/shared.sh BUILD_DIR
# shellcheck disable=SC2016,SC2012 # sh -c scripts take $1; generated names
set -e
B=$(cd "${1:?usage: sh bench/shared.sh BUILD_DIR}" && pwd)
SRC=$(cd "$(dirname "$0")/.." && pwd)
N=${BENCH_SHARED_CASES:-100000}
RUNS=${BENCH_RUNS:-3}
W=$(mktemp -d "${TMPDIR:-/tmp}/panelkit-bench-shared.XXXXXX")
trap 'rc=$?; rm -rf "$W"; exit $rc' EXIT
PATH="$B/bin:$PATH" PANEL_EXEC_PATH="$B/bin" PANEL_SRC=$SRC PANEL_TODAY=2026-11-23
HOME=$W/home GIT_CONFIG_NOSYSTEM=1
export PATH PANEL_EXEC_PATH PANEL_SRC PANEL_TODAY HOME GIT_CONFIG_NOSYSTEM
unset PANEL_DATA_DIR PANEL_TEMPLATES GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE \
	GIT_AUTHOR_DATE GIT_COMMITTER_DATE
cd "$W"
mkdir home
git config --global user.name "Bench Secretariat"
git config --global user.email bench@example.org
git config --global gc.auto 0

say() { echo "bench: $*" >&2; }
now() { date +%s%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", (b - a) / 1e9 }'; }
median() {
	printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 }
		END { if (NR % 2) printf "%.3f", v[(NR + 1) / 2]; else printf "%.3f", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.3g", a / b; else print "-" }'; }
# step NAME CMD...: run a setup step, remember how long it took.
setup=""
step() {
	name=$1
	shift
	t0=$(now)
	"$@"
	setup="$setup
| $name | $(secs "$t0" "$(now)") |"
}
# timed VAR MAXEXIT CMD...: run CMD (output discarded, stderr to
# $W/last.err), append its seconds to VAR; an exit above MAXEXIT is said.
timed() {
	v=$1 mx=$2
	shift 2
	t0=$(now)
	rc=0
	"$@" >/dev/null 2>"$W/last.err" || rc=$?
	t1=$(now)
	[ "$rc" -le "$mx" ] || { say "exit $rc: $*"; sed 's/^/bench:   /' "$W/last.err" | head -20 >&2; failed=1; }
	eval "$v=\"\$$v $(secs "$t0" "$t1")\""
}
failed=0

say "shared repository of $N cases in $W"
import() {
	${CC:-cc} -O2 -o gen "$SRC/bench/gen.c"
	./gen "$N" seed >/dev/null
	# the bench author is not in the generated people/: a warning by this
	# repository's policy (the default refuses), as in bench/run.sh
	printf 'accept:\n  author-not-in-people: warn\n' >seed/panelkit.yaml
	git -C seed init -q -b main
	git -C seed add -A
	git -C seed commit -q -m "Import $N cases"
}
step "generate $N cases and commit them (git init, add, commit)" import
mkdir srv
# The import predates the guard (made outside panelkit, no trailers, and
# the generated panels break a rule newer than bench/gen.c): it goes in as
# an organisation moves an existing history in, before the hook is on.
step "panel init --bare; push the import (guard off)" sh -c '
	panel init --bare srv/records.git >/dev/null &&
	mv srv/records.git/hooks/pre-receive pre-receive &&
	git -C seed push -q "$PWD/srv/records.git" main 2>import.err || { cat import.err >&2; exit 1; }
	mv pre-receive srv/records.git/hooks/pre-receive'
rm -rf seed
. "$SRC/tests/cli/servers/gitd.sh"
trap 'rc=$?; set +e; stop_servers; rm -rf "$W"; exit $rc' EXIT
step "start git daemon on 127.0.0.1" start_git_daemon "$W/srv"
clone() { git clone -q "$GITD_URL/records.git" "$1"; }
step "clone office a (git://127.0.0.1)" clone a
step "clone office b" clone b

# the cases to change, one per change: 10 per guard run, 4 per sync pair
ids=$(ls a/cases | head -n $((14 * RUNS + 2)) | sed 's/\.yaml$//')
pick() { echo "$ids" | sed -n "$1p"; }
# edit DIR K TEXT: change case number K of the list (its name)
edit() { sed -i "s/^name: .*/name: $3/" "$1/cases/$(pick "$2").yaml"; }

# ---- the guard: a push of 10 changed records, against validating the tree
say "$N cases: panel guard on a push of 10 records, against panel validate"
tg="" tv="" tp="" k=0 i=0
while [ $i -lt "$RUNS" ]; do
	i=$((i + 1))
	j=0
	while [ $j -lt 10 ]; do
		k=$((k + 1)) j=$((j + 1))
		edit b $k "Guard run $i record $j"
	done
	(cd b && panel commit -q -m "Ten records, run $i" 2>"$W/last.err") || { cat "$W/last.err" >&2; exit 1; }
	old=$(git -C b rev-parse origin/main) new=$(git -C b rev-parse HEAD)
	# the objects reach the server on a branch the guard does not protect
	git -C b push -q origin "HEAD:refs/heads/bench-guard" 2>"$W/last.err" || { cat "$W/last.err" >&2; exit 1; }
	# the hook's own environment: GIT_DIR is the shared repository
	timed tg 0 sh -c 'echo "$1 $2 refs/heads/main" | GIT_DIR=srv/records.git panel guard' - "$old" "$new"
	# exit 1: the generated panels' findings under a rule newer than gen.c
	timed tv 1 panel validate -C b -q
	# and as git runs it: the push lands on main through git daemon
	timed tp 0 git -C b push -q origin HEAD:main
	git -C b fetch -q
done
tg=$(median $tg) tv=$(median $tv) tp=$(median $tp)

# ---- sync: one changed record with another office's push to merge ----
say "$N cases: panel sync against git pull --rebase && git push"
git -C a pull -q --rebase
ts="" tgit="" i=0
other() { # office b lands one record; a then has a merge to make
	k=$((k + 1))
	edit b $k "Office b $k"
	{ (cd b && panel commit -q -m "b $k") && git -C b pull -q --rebase && git -C b push -q; } 2>"$W/b.err" ||
		{ cat "$W/b.err" >&2; exit 1; }
}
while [ $i -lt "$RUNS" ]; do
	i=$((i + 1))
	other
	k=$((k + 1))
	edit a $k "Office a $k"
	(cd a && panel commit -q -m "a $k" 2>"$W/last.err") || { cat "$W/last.err" >&2; exit 1; }
	timed ts 0 panel sync -C a
	other
	k=$((k + 1))
	edit a $k "Office a $k"
	# with the trailer the guard asks for, as panel commit writes it
	git -C a commit -q --no-verify -am "a $k" -m "Case: $(pick $k)"
	timed tgit 0 sh -c 'git -C a pull -q --rebase && git -C a push -q'
done
ts=$(median $ts) tgit=$(median $tgit)
[ "$(git -C a rev-parse HEAD)" = "$(git -C srv/records.git rev-parse main)" ] || { say "office a is not on the server's tip"; failed=1; }

goal() { if awk -v a="$1" -v b="$2" "BEGIN { exit !($3) }"; then echo "$4: met"; else echo "$4: **not met**"; fi; }
echo
echo "### The shared repository: $N cases behind git daemon (127.0.0.1), panel init --bare"
echo
echo "| command | panel s | baseline s | panel / baseline | goal |"
echo "|---|---:|---:|---:|---|"
echo "| panel guard (pre-receive) on a push of 10 changed records, against panel validate of the whole checkout | $tg | $tv | $(ratio "$tg" "$tv") | $(goal "$tg" "$tv" 'a < 0.5' 'well under a second (< 0.5 s)') |"
echo "| panel sync of one changed record, another office's push to merge, against git pull --rebase && git push | $ts | $tgit | $(ratio "$ts" "$tgit") | $(goal "$ts" "$tgit" 'a <= b' 'no slower than git') |"
echo
echo "Median of $RUNS paired runs each (command and baseline in turn, a different change each run). Also: the same push of 10 records landing through git daemon, receive-pack and the guard together, $tp s. Both sync rows push through the guard."
echo
echo "| setup step | s |"
echo "|---|---:|"
printf '%s\n' "$setup" | sed '/^$/d'
[ "$failed" = 0 ] || echo "
**A command failed (see the messages above): check its figure.**"
