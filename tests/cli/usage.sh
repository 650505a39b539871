# One command-line style in every tool (issue 17): --version, -q, and a
# usage error that is the message, the synopsis and "See '... --help'.",
# never the whole help and never the path of the binary.
. "$PANEL_SRC/tests/cli/lib.sh"
panel --help | sed -n 's/^  \([a-z][a-z]*\)  .*/\1/p' >verbs.txt
[ "$(wc -l <verbs.txt)" -ge 12 ] || fail "verbs"
while read -r v; do
	expect_status 0 panel "$v" --version
	[ "$(cat actual.out)" = "panel $v (panelkit) 0.1" ] || fail "$v --version: $(cat actual.out)"
	expect_status 0 panel "$v" -q --help
	expect_grep "usage: panel $v" actual.out
	expect_status 2 panel "$v" --no-such-option
	[ "$(head -n 1 actual.err)" = "panel $v: unknown option --no-such-option" ] ||
		fail "$v: first line: $(head -n 1 actual.err)"
	[ "$(tail -n 1 actual.err)" = "See 'panel $v --help'." ] || fail "$v: last line: $(tail -n 1 actual.err)"
	sed -n 2p actual.err | grep -q "^usage: panel $v" || fail "$v: no synopsis"
	[ "$(wc -l <actual.err)" -le 8 ] || { cat actual.err; fail "$v: the whole help on a mistake"; }
	grep -qF "$PANEL_BIN" actual.err && fail "$v: the binary's path in a message"
	[ -s actual.out ] && fail "$v: usage error on stdout"
done <verbs.txt
# A missing value says which option.
expect_status 2 panel due --as-of
[ "$(head -n 1 actual.err)" = "panel due: --as-of needs a value" ] || fail "missing value: $(head -n 1 actual.err)"
# -q leaves out the summary line.
cp -RL "$PANEL_SRC/casefiles" rec
expect_status 0 panel due -q -C rec --as-of 2026-11-23
[ -s actual.err ] && { cat actual.err; fail "due -q printed a summary"; }
expect_status 0 panel due -C rec --as-of 2026-11-23
expect_grep "panel due: 56 items, 2 overdue, from 31 cases (working tree), as of 2026-11-23" actual.err
exit 0
