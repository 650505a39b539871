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
expect_grep "panel due: 76 items, 5 overdue, from 34 cases (working tree), as of 2026-11-23" actual.err

# From a subdirectory the repository is found upwards, as git finds .git;
# findings name files relative to where you are.
(cd rec/cases && panel validate --as-of 2026-11-23) >sub.out 2>sub.err || { cat sub.err; fail "validate from cases/"; }
expect_grep "panel validate: 78 records (working tree): 0 errors, 6 warnings" sub.err
expect_grep "../panels/CPP-2026-10-15-A.yaml:39:11: warning:" sub.out
(cd rec/cases && panel validate --as-of 2026-11-23 DC-0001.yaml) >sub.out 2>sub.err || { cat sub.err; fail "validate FILE from cases/"; }
expect_grep "panel validate: 1 record (working tree): no problems" sub.err
(cd rec/people && panel due -q --as-of 2026-11-23) >sub.out 2>&1 || { cat sub.out; fail "due from people/"; }
expect_grep "DC-0005" sub.out
# A finding about the whole repository names it, not ".".
(cd rec && panel agenda CPP-2026-12-03-a) >sub.out 2>sub.err && fail "agenda of a misspelt panel"
[ "$(head -n 1 sub.err)" = "$PWD/rec: error: no panel \"CPP-2026-12-03-a\" (panels/CPP-2026-12-03-a.yaml) in the working tree [KIT-IDS]" ] ||
	fail "repository finding: $(head -n 1 sub.err)"
# ... with a did-you-mean, as for a case on the command line.
expect_grep "hint: did you mean CPP-2026-12-03-A?" sub.err
expect_status 2 panel due -C rec --explain dc-0001
expect_grep "hint: did you mean DC-0001?" actual.err
# An ID in a record that is one slip from a real one (KIT-IDS).
sed -i 's/^owner: .*/owner: wren-applethwait/' rec/cases/DC-0001.yaml
expect_status 1 panel validate -q -C rec --as-of 2026-11-23
cat >want.txt <<'OUT'
rec/cases/DC-0001.yaml:6:8: error: unknown person "wren-applethwait" [KIT-IDS]
    6 | owner: wren-applethwait
      |        ^
hint: did you mean "wren-applethwaite"?
OUT
grep -A3 '^rec/cases/DC-0001.yaml' actual.out >got.txt
diff -u want.txt got.txt || fail "did you mean in a record"
# -C DIR as in git: record paths are relative to DIR (a path from the
# current directory is still read when DIR has no such file).
cp "$PANEL_SRC/casefiles/cases/DC-0001.yaml" rec/cases/DC-0001.yaml
expect_status 0 panel validate -C rec --as-of 2026-11-23 cases/DC-0009.yaml
expect_grep "panel validate: 1 record (working tree): no problems" actual.err
expect_status 0 panel validate -C rec --as-of 2026-11-23 rec/cases/DC-0009.yaml
expect_grep "panel validate: 1 record (working tree): no problems" actual.err
exit 0
