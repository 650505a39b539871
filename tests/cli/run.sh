#!/bin/sh
# End-to-end test runner: each tests/cli/*.sh runs in a fresh temporary
# directory with the built tools first on PATH.  A script passes by exiting 0.
# Prints "N passed, N failed" last, and exits non-zero on any failure.
: "${PANEL_BIN:?set PANEL_BIN to the directory of the built tools}"
: "${PANEL_SRC:?set PANEL_SRC to the source tree}"
PATH="$PANEL_BIN:$PATH"
PANEL_EXEC_PATH="$PANEL_BIN"
export PATH PANEL_BIN PANEL_SRC PANEL_EXEC_PATH
pass=0 fail=0 failed=""
for t in "$@"; do
	case "$(basename "$t")" in run.sh | lib.sh) continue ;; esac
	case "$t" in /*) ;; *) t="$PANEL_SRC/$t" ;; esac
	dir=$(mktemp -d "${TMPDIR:-/tmp}/panel-cli.XXXXXX")
	if (cd "$dir" && sh "$t") >"$dir.log" 2>&1; then
		pass=$((pass + 1))
		echo "ok   $(basename "$t")"
	else
		fail=$((fail + 1))
		failed="$failed $(basename "$t")"
		echo "FAIL $(basename "$t")"
		sed 's/^/     | /' "$dir.log" | tail -n 40
	fi
	rm -rf "$dir" "$dir.log"
done
echo "cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ] || { echo "failed:$failed"; exit 1; }
