#!/bin/sh
# tests/hostile/regen.sh BINDIR [NAME...]: rewrites <name>.expected from
# what `panel validate -q` prints today, the way tests/cli/hostile.sh runs
# it.  Only for a deliberate change of wording: read every diff (git diff
# tests/hostile) before committing; the expected files are the assertion.
set -u
bin=${1:?usage: sh tests/hostile/regen.sh BINDIR [NAME...]}
shift
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/hostile-regen.XXXXXX") || exit 2
trap 'rm -rf "$work"' EXIT
if [ $# -eq 0 ]; then
	for f in "$here"/*.yaml; do set -- "$@" "$(basename "$f" .yaml)"; done
fi
for name in "$@"; do
	rm -rf "$work/repo"
	mkdir -p "$work/repo/cases" "$work/repo/panels" "$work/repo/people"
	cp "$here"/repo/people/*.yaml "$work/repo/people/"
	cp "$here/$name.yaml" "$work/repo/cases/"
	(cd "$work" && PANEL_TODAY=2026-11-23 PANEL_EXEC_PATH=$bin timeout 10 "$bin/panel" validate -q -C repo) \
		>"$here/$name.expected"
	echo "$name: exit $?"
done
