#!/bin/sh
# fuzz/run.sh [SECONDS] [TARGET...]: builds the libFuzzer targets with clang
# (-fsanitize=fuzzer,address,undefined) against tools/lib/*.c and runs each
# for SECONDS (default 60), one after the other, at nice 19.
#
#   make fuzz                           every target, 60 s each (about 9
#                                       minutes with the build)
#   make fuzz FUZZ_SECONDS=600          the full run: every target, 10
#                                       minutes each (about 75 minutes)
#   sh fuzz/run.sh 30 node date         two targets, 30 s each
#   sh fuzz/run.sh 0                    build and replay the seeds only
#
# Builds into $FUZZ_BUILD (default /tmp/panelkit-fuzz-$USER).  The working
# corpus grows there across runs; the seeds are fuzz/corpus/<target>/ (kept
# in git: minimised finds worth keeping) plus the sample caseload, schema,
# templates and tests/hostile/ (copied fresh each run).  Crashes, leaks and
# timeouts are written to $FUZZ_BUILD/artifacts/<target>/ and make the
# script exit 1; minimise one with
#   $FUZZ_BUILD/fuzz_<target> -minimize_crash=1 -runs=10000 FILE
# and add it to tests/hostile/ (or a Criterion test) as a regression fixture.
set -u
secs=${1:-60}
[ $# -gt 0 ] && shift
# FUZZ_SRC: the source tree, when this script runs from a copy (a long
# run should: sh reads a script as it goes, so editing it mid-run breaks it).
src=${FUZZ_SRC:-$(cd "$(dirname "$0")/.." && pwd)}
out=${FUZZ_BUILD:-${TMPDIR:-/tmp}/panelkit-fuzz-$(id -un 2>/dev/null || id -u)}
CC_FUZZ=${CC_FUZZ:-clang}
all="node date validate schema template mdescape document"
targets=${*:-$all}

command -v "$CC_FUZZ" >/dev/null 2>&1 || {
	echo "fuzz: $CC_FUZZ not found; run: sudo apt-get install -y clang" >&2; exit 2; }
mkdir -p "$out/obj" || exit 2

pkgs="libgit2 yaml-0.1 libcmark libpcre2-8"
PKG_CFLAGS=$(pkg-config --cflags $pkgs) || exit 2
PKG_LIBS=$(pkg-config --libs $pkgs) || exit 2
SAN="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
CFLAGS="-std=c11 -D_XOPEN_SOURCE=700 -D_DEFAULT_SOURCE -g -O1 -Wall -Wextra -Werror \
 -Wno-unused-command-line-argument -I$src/tools/lib $PKG_CFLAGS $SAN"
# The real schema once it exists; until then the validate fixtures.
schema_dir=${PANEL_FUZZ_SCHEMA:-$src/schema}
if [ ! -f "$schema_dir/case.schema.json" ]; then
	schema_dir=$src/tests/fixtures/validate/schema
	echo "fuzz: schema/*.json missing; using $schema_dir"
fi
records="$src/casefiles/cases:$src/tests/fixtures/documents/records/cases"

# The library, instrumented for coverage, as an archive so that a target
# links only the modules it uses.  A module that does not compile (someone
# is in the middle of editing it) is left out with a warning; the targets
# that need it then fail to link and are reported.
lib="$out/libpanel-fuzz.a"
rm -f "$lib"
for c in "$src"/tools/lib/*.c; do
	o="$out/obj/$(basename "$c" .c).o"
	if [ ! -f "$o" ] || [ -n "$(find "$src/tools/lib" -newer "$o" -name '*.[ch]' | head -n 1)" ]; then
		if ! nice -n 19 "$CC_FUZZ" $CFLAGS -fsanitize=fuzzer-no-link -c -o "$o" "$c" 2>"$o.err"; then
			echo "fuzz: warning: $(basename "$c") does not compile; left out:" >&2
			head -n 5 "$o.err" >&2
			rm -f "$o"
			continue
		fi
	fi
	ar rc "$lib" "$o" || exit 2
done

# What each target needs from the library, and its seeds.
needs() {
	case $1 in
	validate|schema) echo "schema.c validate.c" ;;
	template|mdescape) echo "template.c" ;;
	document) echo "document.c docview.c render.c template.c" ;;
	*) echo "node.c" ;;
	esac
}

seed() {
	t=$1 dir=$2
	mkdir -p "$dir"
	[ -d "$src/fuzz/corpus/$t" ] && cp "$src"/fuzz/corpus/"$t"/* "$dir"/ 2>/dev/null
	case $t in
	node)
		for f in "$src"/casefiles/*.yaml "$src"/casefiles/*/*.yaml "$src"/tests/hostile/*.yaml \
			 "$src"/tests/fixtures/*/records/*/*.yaml "$src"/schema/*.json; do
			[ -f "$f" ] && cp "$f" "$dir/seed-$(basename "$f")"
		done ;;
	document)
		# A panel with the cases it lists and the people they name.
		for d in "$src"/casefiles "$src"/tests/fixtures/documents/records; do
			for pf in "$d"/panels/*.yaml; do
				[ -f "$pf" ] || continue
				o="$dir/seed-$(basename "$pf")"
				: >"$o"
				cs=""
				for cf in "$d"/cases/*.yaml; do
					grep -q "$(basename "$cf" .yaml)" "$pf" && cs="$cs $cf"
				done
				for pp in "$d"/people/*.yaml; do
					grep -q "$(basename "$pp" .yaml)" "$pf" $cs && { echo "#p"; cat "$pp"; echo "%%"; } >>"$o"
				done
				for cf in $cs; do { echo "#c"; cat "$cf"; echo "%%"; } >>"$o"; done
				{ echo "#n"; cat "$pf"; } >>"$o"
			done
		done ;;
	validate)
		# Records joined as the target reads them: people, cases, panels.
		for f in "$src"/casefiles/*/*.yaml "$src"/casefiles/*.yaml "$src"/tests/hostile/*.yaml \
			 "$src"/tests/fixtures/*/records/*/*.yaml; do
			[ -f "$f" ] || continue
			case $f in */people/*) k=p ;; */panels/*) k=n ;; *) k=c ;; esac
			{ echo "#$k"; cat "$f"; } > "$dir/seed-$(basename "$f")"
		done
		recs=""
		for d in "$src"/casefiles "$src"/tests/fixtures/documents/records; do
			[ -d "$d/people" ] || continue
			p=$(ls "$d"/people/*.yaml 2>/dev/null | head -n 3)
			c=$(ls "$d"/cases/*.yaml 2>/dev/null | head -n 2)
			n=$(ls "$d"/panels/*.yaml 2>/dev/null | head -n 1)
			{ for f in $p; do echo "#p"; cat "$f"; echo "%%"; done
			  for f in $c; do echo "#c"; cat "$f"; echo "%%"; done
			  for f in $n; do echo "#n"; cat "$f"; done; } > "$dir/seed-set-$(basename "$d")"
		done ;;
	schema)
		for f in "$src"/schema/*.json "$src"/tests/fixtures/validate/schema/*.json; do
			[ -f "$f" ] && cp "$f" "$dir/seed-$(basename "$(dirname "$f")")-$(basename "$f")"
		done ;;
	template)
		for f in "$src"/templates/*.md "$src"/templates/*/*.md; do
			[ -f "$f" ] && cp "$f" "$dir/seed-$(basename "$f")"
		done ;;
	date)
		for s in 2026-11-23 2024-02-29 2023-02-29 1900-01-01 2999-12-31 2026-01-31 \
			 0000-00-00 2026-13-01 2026-1-1 "2026-11-23 "; do
			printf '%s' "$s" > "$dir/seed-$s"
		done ;;
	mdescape)
		for s in "plain text" "1. not a list" "# not a heading" "a_b_c *x* [l](u) <b>" \
			 "&amp; &#60; &#x3C; & x" "| a | b |" "> quote" "    code" "line\nbreak  "; do
			printf "$s" > "$dir/seed-$(printf '%s' "$s" | cksum | cut -d' ' -f1)"
		done ;;
	esac
}

status=0
summary=""
for t in $targets; do
	c="$src/fuzz/fuzz_$t.c"
	[ -f "$c" ] || { echo "fuzz: no target $t" >&2; status=2; continue; }
	missing=""
	for n in $(needs "$t"); do [ -f "$src/tools/lib/$n" ] || missing="$missing $n"; done
	if [ -n "$missing" ]; then
		echo "fuzz: skipping $t: tools/lib/{$missing } not written yet"
		summary="$summary\n$t: skipped (needs$missing)"
		continue
	fi
	bin="$out/fuzz_$t"
	if ! nice -n 19 "$CC_FUZZ" $CFLAGS -fsanitize=fuzzer -DSCHEMA_DIR="\"$schema_dir\"" \
		-DRECORDS_DIRS="\"$records\"" -DTEMPLATES_DIR="\"$src/templates\"" -o "$bin" "$c" "$lib" $PKG_LIBS -lm; then
		echo "fuzz: $t does not build"
		summary="$summary\n$t: does not build"
		status=2
		continue
	fi
	corpus="$out/corpus/$t" art="$out/artifacts/$t"
	seed "$t" "$corpus"
	mkdir -p "$art"
	# Finds of earlier runs stay in $art; only this run's count.
	stamp="$out/.started-$t"
	: >"$stamp"
	dict=""
	[ -f "$src/fuzz/$t.dict" ] && dict="-dict=$src/fuzz/$t.dict"
	log="$out/$t.log"
	echo "fuzz: $t for ${secs}s (log $log)"
	if [ "$secs" -eq 0 ]; then
		runs="-runs=0"
	else
		runs="-max_total_time=$secs"
	fi
	# -timeout is wall clock, and at nice 19 on a loaded 2-core machine
	# an input gets a few percent of a core: every seed takes under 0.2 s
	# of CPU under ASan+UBSan (the slowest, regress-self-include-fanout,
	# took 3.5 s before the template engine stopped locating a repeated
	# error again), so FUZZ_TIMEOUT (default 20 s) is a hang, not load.
	# -rss_limit_mb: ASan doubles memory; 64 MB in the plain build is far
	# below this, so hitting it means growth without bound.
	ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=0 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	nice -n 19 "$bin" $runs -timeout="${FUZZ_TIMEOUT:-20}" -rss_limit_mb=1024 -max_len=65536 \
		-print_final_stats=1 -artifact_prefix="$art/" $dict "$corpus" >"$log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1)
	found=$(find "$art" -maxdepth 1 -type f -newer "$stamp" | wc -l)
	summary="$summary\n$t: ${execs:-?} execs in ${secs}s, ${cov:-cov: ?}, corpus $(ls "$corpus" | wc -l) files, $found artifacts"
	if [ "$rc" -ne 0 ] || [ "$found" -gt 0 ]; then
		status=1
		echo "fuzz: $t FAILED (exit $rc); new artifacts in $art/:"
		find "$art" -maxdepth 1 -type f -newer "$stamp"
		grep -m 5 -E 'ERROR|SUMMARY|runtime error' "$log"
	fi
done
printf "fuzz summary:$summary\n"
exit $status
