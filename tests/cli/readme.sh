# The README's first-steps block (issue 17), run as written: the commands
# between the readme-test markers, in order, in a stand-in for a fresh
# clone (casefiles/ and the built tools); each must succeed and print the
# text after its "# ->".
. "$PANEL_SRC/tests/cli/lib.sh"
mkdir -p clone/build
ln -s "$PANEL_SRC/casefiles" clone/casefiles
ln -s "$PANEL_BIN" clone/build/bin
sed -n '/<!-- readme-test:begin -->/,/<!-- readme-test:end -->/p' "$PANEL_SRC/README.md" |
	grep -v '^<!--\|^```' >block.sh
[ "$(wc -l <block.sh)" -ge 8 ] || fail "the README block is missing or short"
top=$PWD
# the built tools, not whatever else is on PATH; no git identity, as on a
# fresh machine (the block passes --author)
HOME=$top GIT_CONFIG_NOSYSTEM=1
export HOME GIT_CONFIG_NOSYSTEM
unset PANEL_TODAY
cd clone
n=0
while IFS= read -r line; do
	n=$((n + 1))
	case $line in *'# -> '*) want=${line#*# -> } ;; *) want= ;; esac
	eval "$line" >"$top/out.$n" 2>&1 || { cat "$top/out.$n"; fail "README line $n failed: $line"; }
	if [ -n "$want" ] && ! grep -qF -- "$want" "$top/out.$n"; then
		cat "$top/out.$n"
		fail "README line $n: '$want' not printed by: $line"
	fi
done <"$top/block.sh"
[ "$(cd "$top/records" && git log --oneline | wc -l)" -eq 2 ] || fail "two commits expected"
exit 0
