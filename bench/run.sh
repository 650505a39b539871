#!/bin/sh
# make bench: times `panel due` and `panel validate` on N synthetic cases
# against the floor (libyaml's event parser over the same files, nothing
# else), in the same run, and prints one Markdown table.
#
#   sh bench/run.sh BUILD_DIR
#
# BENCH_SIZES="1000 10000 100000" (default), BENCH_DIR (default
# $TMPDIR/panelkit-bench; data is kept between runs and regenerated when
# bench/gen.c changes), BENCH_RUNS (default 3: best time of that many runs,
# largest peak memory).  Not a test: nothing fails on a slow machine.
set -e
B=${1:?usage: sh bench/run.sh BUILD_DIR}
SRC=$(cd "$(dirname "$0")/.." && pwd)
OUT=$B/bench
CC=${CC:-cc}
SIZES=${BENCH_SIZES:-"1000 10000 100000"}
DATA=${BENCH_DIR:-${TMPDIR:-/tmp}/panelkit-bench}
RUNS=${BENCH_RUNS:-3}
PANEL_TODAY=2026-11-23
export PANEL_TODAY

# The bench programs are not part of the Makefile's discovery: build them here.
mkdir -p "$OUT" "$DATA"
$CC -O2 -o "$OUT/gen" "$SRC/bench/gen.c"
$CC -O2 -o "$OUT/measure" "$SRC/bench/measure.c"
# shellcheck disable=SC2046
$CC -O2 $(pkg-config --cflags yaml-0.1) -o "$OUT/floor" "$SRC/bench/floor.c" $(pkg-config --libs yaml-0.1)

# best CMD...: "seconds peak_KiB exit" over RUNS runs (min time, max memory).
best() {
	i=0 bs="" bm=0 bx=0
	while [ "$i" -lt "$RUNS" ]; do
		set -- "$@"
		r=$("$OUT/measure" "$@" 2>&1 >/dev/null)
		s=${r%% *} rest=${r#* } m=${rest%% *} x=${rest#* }
		if [ -z "$bs" ] || awk "BEGIN{exit !($s < $bs)}"; then bs=$s; fi
		[ "$m" -gt "$bm" ] && bm=$m
		bx=$x
		i=$((i + 1))
	done
	echo "$bs $bm $bx"
}

ratio() { awk "BEGIN{ if ($2 > 0) printf \"%.2f\", $1 / $2; else print \"-\" }"; }
mb() { awk "BEGIN{ printf \"%.1f\", $1 / 1024 }"; }

stamp=$(cksum <"$SRC/bench/gen.c")
notes=""
echo "| cases | floor s | due s | due / floor | validate s | validate / floor | floor MB | due MB | validate MB |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for n in $SIZES; do
	d=$DATA/$n
	if [ "$(cat "$d/.stamp" 2>/dev/null)" != "$stamp" ]; then
		rm -rf "$d"
		"$OUT/gen" "$n" "$d"
		echo "$stamp" >"$d/.stamp"
	fi
	"$OUT/floor" "$d" >/dev/null # warm the page cache for everyone
	set -- $(best "$OUT/floor" "$d"); fs=$1 fm=$2
	set -- $(best "$B/bin/panel-due" -C "$d" --as-of 2026-11-23); ds=$1 dm=$2 dx=$3
	[ "$dx" -le 1 ] || notes="$notes; panel due exited $dx at $n"
	if [ -x "$B/bin/panel-validate" ]; then
		set -- $(best "$B/bin/panel-validate" -C "$d" --as-of 2026-11-23 -q); vs=$1 vm=$2 vx=$3
		[ "$vx" -le 1 ] || notes="$notes; panel validate exited $vx at $n"
		vr=$(ratio "$vs" "$fs") vmb=$(mb "$vm")
	else
		vs="-" vr="-" vmb="-"
	fi
	echo "| $n | $fs | $ds | $(ratio "$ds" "$fs") | $vs | $vr | $(mb "$fm") | $(mb "$dm") | $vmb |"
done
echo
echo "Best of $RUNS runs; peak memory is the largest maximum RSS. Data: $DATA.${notes:+ Note$notes.}"
