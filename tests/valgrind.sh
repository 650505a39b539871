#!/bin/sh
# tests/valgrind.sh BUILD [SCRIPT...]: the end-to-end tests (tests/cli/*.sh,
# or the SCRIPTs named) with every tool of BUILD/bin run under valgrind.
# `make valgrind` calls it.  A directory of shims named like the tools goes
# first on PATH (and in PANEL_EXEC_PATH, so the dispatcher finds them); each
# shim runs the real tool under memcheck, which writes one log per process.
# Fails when a script fails or any log shows an error or a definite or
# indirect leak (a script may name a suppression file for its own runs in
# PANEL_VALGRIND_SUPP, as sync-ssh.sh does for a libgit2 leak).  Tools still
# find their data: valgrind reports the real executable for /proc/self/exe,
# so share/panelkit is found beside BUILD/bin.  The tools link mimalloc
# (Makefile, ALLOC_LIBS); memcheck is told to replace its malloc as it does
# glibc's (--soname-synonyms), so every allocation is memcheck's whichever
# library defines it (a leak of a test program linked the same way is
# reported with and without the option on Debian's valgrind 3.19).
set -u
build=${1:?usage: sh tests/valgrind.sh BUILD [SCRIPT...]}
shift
src=$(cd "$(dirname "$0")/.." && pwd)
case $build in /*) ;; *) build=$(pwd)/$build ;; esac
command -v valgrind >/dev/null 2>&1 || {
	echo "valgrind: not installed; run: sudo apt-get install -y valgrind" >&2; exit 2; }
[ -d "$build/bin" ] || { echo "valgrind: no $build/bin; run make first" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/panel-valgrind.XXXXXX") || exit 2
trap 'rm -rf "$work"' EXIT INT TERM
shims=$work/bin logs=$work/logs
mkdir -p "$shims" "$logs"
for tool in "$build"/bin/panel*; do
	[ -x "$tool" ] || continue
	name=$(basename "$tool")
	cat >"$shims/$name" <<SHIM
#!/bin/sh
exec valgrind --quiet --error-exitcode=99 --leak-check=full \\
	--soname-synonyms=somalloc=libmimalloc.so* \\
	\${PANEL_VALGRIND_SUPP:+--suppressions=\$PANEL_VALGRIND_SUPP} \\
	--show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect \\
	--track-origins=yes --log-file="$logs/$name.%p.log" "$tool" "\$@"
SHIM
	chmod +x "$shims/$name"
done

if [ $# -eq 0 ]; then
	set -- "$src"/tests/cli/*.sh
fi
# Memcheck is 20-50 times slower: scripts that time a command get more room.
PANEL_VALGRIND=1
export PANEL_VALGRIND
PANEL_BIN=$shims PANEL_SRC=$src sh "$src/tests/cli/run.sh" "$@"
status=$?

# Each log is empty unless memcheck found something (--quiet).
bad=0 n=0
for log in "$logs"/*.log; do
	[ -f "$log" ] || continue
	n=$((n + 1))
	if [ -s "$log" ]; then
		bad=$((bad + 1))
		echo "== $(basename "$log"):"
		head -n 60 "$log"
	fi
done
echo "valgrind: $n tool runs, $bad with errors or leaks"
[ "$n" -gt 0 ] || { echo "valgrind: no tool ran under valgrind" >&2; exit 1; }
[ "$status" -eq 0 ] && [ "$bad" -eq 0 ]
