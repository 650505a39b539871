# panel todo on hostile records (issue 15): every file of tests/hostile/ as
# a case and as a panel beside a part of the sample caseload.  None may crash or hang:
# exit 0 (the file parsed and is harmless) or 2 (reported, the rest
# listed), never a signal; --json stays valid UTF-8 JSON; the sample's own
# lines are still there.
. "$PANEL_SRC/tests/cli/lib.sh"
H="$PANEL_SRC/tests/hostile"
C="$PANEL_SRC/casefiles"
PANEL_TODAY=2026-11-23
export PANEL_TODAY
# A small repository (speed): the people, one held panel and its cases.
mkdir -p repo/cases repo/panels && cp -R "$C/people" repo/
cp "$C/panels/CPP-2026-10-15-A.yaml" repo/panels/
cp "$C/cases/DC-0004.yaml" "$C/cases/DC-0014.yaml" repo/cases/
n=0
for f in "$H"/*.yaml; do
	name=$(basename "$f" .yaml)
	for kind in cases panels; do
		rm -f repo/cases/H* repo/panels/H*
		cp "$f" "repo/$kind/$name.yaml"
		o=out-$name-$kind.json
		timeout 60 panel todo --json --within 30 -C repo >"$o" 2>err.txt
		st=$?
		[ "$st" -eq 0 ] || [ "$st" -eq 2 ] || { cat err.txt; fail "$name as $kind: panel todo exited $st"; }
		grep -q '"person": "tansy-marlowe"' "$o" || fail "$name as $kind: the sample's lines are gone"
	done
	n=$((n + 1))
done
[ "$n" -ge 40 ] || fail "only $n hostile files"
# Every --json output is valid UTF-8 JSON (one python3 for all of them).
if command -v python3 >/dev/null 2>&1; then
	python3 -c 'import json,sys
for f in sys.argv[1:]:
    json.loads(open(f, "rb").read().decode("utf-8"))' out-*.json || fail "panel todo --json is not valid JSON"
fi
exit 0
