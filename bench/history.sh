#!/bin/sh
# bench/history.sh: the audit trail on a large records repository (issue 6).
#
#   sh bench/history.sh BUILD_DIR
#
# Side by side, in the same run, on a git repository of N synthetic cases
# (bench/gen.c; 100 000 by default) whose history has 1 000 commits of one
# case on top of the import:
#   - `panel commit -m M FILE` of one changed case against
#     `git add FILE && git commit -m M` of the same kind of change (git with
#     no hooks: --no-verify; a panel init repository's hook would run
#     panel's own validation);
#   - the same without FILE: panel commit finds the change itself (a status
#     scan of the work tree) against `git add -A && git commit -m M`;
#   - `panel log ID` (field-level changes of every commit) against
#     `git log --oneline -- FILE` over those 1 000 commits.
# Prints Markdown table rows, header included, so bench/run.sh can include
# them.  Goals: commit ratio below 1, log ratio at most 2.
#
# BENCH_HISTORY_CASES (default 100000), BENCH_DIR (default
# $TMPDIR/panelkit-bench; the repository is kept between runs and rebuilt
# when bench/gen.c or REPO_VERSION changes), BENCH_RUNS (default 5: the
# best time of that many runs; commit runs alternate panel and git).
# Not a test: nothing fails on a slow machine.
set -e
B=${1:?usage: sh bench/history.sh BUILD_DIR}
SRC=$(cd "$(dirname "$0")/.." && pwd)
N=${BENCH_HISTORY_CASES:-100000}
RUNS=${BENCH_RUNS:-5}
OUT=$B/bench-history
DATA=${BENCH_DIR:-${TMPDIR:-/tmp}/panelkit-bench}/history-$N
R=$DATA/repo
LOG_COMMITS=1000
TARGET=DC-000100
PANEL_TODAY=2026-11-23
GIT_CONFIG_NOSYSTEM=1
HOME=$DATA/home
export PANEL_TODAY GIT_CONFIG_NOSYSTEM HOME
unset PANEL_DATA_DIR GIT_AUTHOR_DATE GIT_COMMITTER_DATE GIT_INDEX_FILE

CC=${CC:-cc}
mkdir -p "$OUT" "$DATA" "$HOME"
$CC -O2 -o "$OUT/gen" "$SRC/bench/gen.c"
$CC -O2 -o "$OUT/measure" "$SRC/bench/measure.c"

# seconds CMD...: wall-clock seconds of one run (exit status must be 0).
seconds() {
	r=$("$OUT/measure" "$@" 2>&1 >/dev/null)
	set -- $r
	[ "$3" = 0 ] || { echo "bench/history.sh: '$*' exited $3" >&2; exit 1; }
	echo "$1"
}
add() { awk "BEGIN{ printf \"%.3f\", $1 + $2 }"; }
min() { if [ -z "$1" ]; then echo "$2"; else awk "BEGIN{ print ($2 < $1) ? $2 : $1 }"; fi; }
ratio() { awk "BEGIN{ if ($2 > 0) printf \"%.2f\", $1 / $2; else print \"-\" }"; }

# ---- the repository (built once) ----
REPO_VERSION=1 # bump when the repository built below changes
stamp=$( (cat "$SRC/bench/gen.c"; echo "$N $LOG_COMMITS $TARGET $REPO_VERSION") | cksum)
if [ "$(cat "$DATA/.stamp" 2>/dev/null)" != "$stamp" ]; then
	echo "bench/history.sh: building a repository of $N cases in $R (once)..." >&2
	rm -rf "$R"
	"$OUT/gen" "$N" "$R" >/dev/null
	(
		cd "$R"
		git init -q -b main
		git config user.name "Bench Secretariat"
		git config user.email bench@example.org
		git config gc.auto 0
		git add -A
		git commit -q -m "Import $N cases"
		# LOG_COMMITS commits of one case, through fast-import (loose
		# objects for 1 000 trees of 100k entries would take gigabytes)
		f=cases/$TARGET.yaml
		awk -v n="$LOG_COMMITS" -v f="$f" -v t="$(date +%s)" '
			{ body = body $0 "\n" }
			END {
				for (i = 1; i <= n; i++) {
					b = body
					sub(/location: [^\n]*/, "location: IRC Step " i, b)
					if (i % 3 == 0)
						sub(/mappa: [^\n]*/, "mappa: level-" (i % 3 + 1), b)
					msg = "Step " i "\n\nCase: '"$TARGET"'\n"
					printf "commit refs/heads/main\n"
					printf "committer Bench Secretariat <bench@example.org> %d +0000\n", t - n + i
					printf "data %d\n%s\n", length(msg), msg
					if (i == 1)
						printf "from refs/heads/main^0\n"
					printf "M 100644 inline %s\ndata %d\n%s\n", f, length(b), b
				}
			}' "$f" | git fast-import --quiet
		git checkout -q HEAD -- "$f"
		git gc -q
	)
	echo 0 >"$DATA/.next"
	echo "$stamp" >"$DATA/.stamp"
fi
cd "$R"

# A case to change: each run takes the next one, so every commit changes
# something new (even-numbered cases are detention cases with a location).
next_case() {
	k=$(cat "$DATA/.next")
	echo $((k + 1)) >"$DATA/.next"
	printf 'cases/DC-%06d.yaml' $((2 * (k % (N / 2 - 100)) + 200))
}
change() { sed -i "s/^location: .*/location: IRC Bench $(cat "$DATA/.next")/" "$1"; }

panel_c="" git_c="" panel_s="" git_s="" i=0
while [ "$i" -lt "$RUNS" ]; do
	f=$(next_case); change "$f"
	panel_c=$(min "$panel_c" "$(seconds "$B/bin/panel-commit" -q -m "Bench: one case" "$f")")
	f=$(next_case); change "$f"
	t1=$(seconds git add "$f")
	t2=$(seconds git commit -q --no-verify -m "Bench: one case")
	git_c=$(min "$git_c" "$(add "$t1" "$t2")")
	f=$(next_case); change "$f"
	panel_s=$(min "$panel_s" "$(seconds "$B/bin/panel-commit" -q -m "Bench: one case, found by status")")
	f=$(next_case); change "$f"
	t1=$(seconds git add -A)
	t2=$(seconds git commit -q --no-verify -m "Bench: one case, git add -A")
	git_s=$(min "$git_s" "$(add "$t1" "$t2")")
	i=$((i + 1))
done

# panel log: once cold (no .git/panel-changes: it works out what every
# commit changed, reading two trees per commit, and remembers it), then
# warm (what panel commit keeps up to date as it commits).
git log --oneline -- "cases/$TARGET.yaml" >/dev/null # warm the page cache
rm -f .git/panel-changes
cold_l=$(seconds "$B/bin/panel-log" "$TARGET")
panel_l="" git_l="" i=0
while [ "$i" -lt "$RUNS" ]; do
	panel_l=$(min "$panel_l" "$(seconds "$B/bin/panel-log" "$TARGET")")
	git_l=$(min "$git_l" "$(seconds git log --oneline -- "cases/$TARGET.yaml")")
	i=$((i + 1))
done
shown=$("$B/bin/panel-log" "$TARGET" | grep -c '^[0-9a-f]\{7\} ')
commits=$(git rev-list --count HEAD)

echo "| history, $N cases | panel s | git s | panel / git |"
echo "|---|---:|---:|---:|"
echo "| commit one changed case: \`panel commit -m M FILE\` vs \`git add FILE && git commit -m M\` | $panel_c | $git_c | $(ratio "$panel_c" "$git_c") |"
echo "| the same, change found by status: \`panel commit -m M\` vs \`git add -A && git commit -m M\` | $panel_s | $git_s | $(ratio "$panel_s" "$git_s") |"
echo "| history of one case, $shown of $commits commits: \`panel log $TARGET\` vs \`git log --oneline -- FILE\` | $panel_l | $git_l | $(ratio "$panel_l" "$git_l") |"
echo "| the same, first run (builds .git/panel-changes; one run) | $cold_l | $git_l | $(ratio "$cold_l" "$git_l") |"
echo
echo "Best of $RUNS runs (commits alternate panel and git). panel commit validates the case (schema and rules) and adds trailers; git runs no hook. panel log also parses both versions of the case at every commit and prints the field-level changes; its first run on a history works out which records every commit changed (libgit2 keeps no delta base over 1 MB, so every 4 MB cases/ tree is inflated and rebuilt from the pack again) and keeps that in .git/panel-changes, which panel commit then keeps up to date. Repository: $R."
