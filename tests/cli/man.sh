# Man pages and shell completion (issue 17): the pages are made from each
# tool's --help text (tools/mkman.sh, as 'make man' does) and render; the
# bash and zsh completion offer the verbs, a verb's options and record IDs.
. "$PANEL_SRC/tests/cli/lib.sh"

sh "$PANEL_SRC/tools/mkman.sh" "$PANEL_BIN" man1 || fail "mkman.sh"
panel --help | sed -n 's/^  \([a-z][a-z]*\)  .*/\1/p' >verbs.txt
[ "$(wc -l <verbs.txt)" -ge 12 ] || fail "verbs: $(cat verbs.txt)"
for page in panel $(sed 's/^/panel-/' verbs.txt); do
	[ -f "man1/$page.1" ] || fail "no man page $page.1"
	MANWIDTH=80 man --warnings -l "man1/$page.1" >page.txt 2>warn.txt || fail "man -l $page.1"
	[ -s warn.txt ] && { cat warn.txt; fail "$page.1: roff warnings"; }
	expect_grep "NAME" page.txt
	# the help text is the page: its first usage line is the synopsis
	if [ "$page" = panel ]; then use=$(panel --help | head -n 1); else use=$(panel "${page#panel-}" --help | head -n 1); fi
	expect_grep "${use#usage: }" page.txt
done
MANWIDTH=80 man -l man1/panel-due.1 >due.txt
expect_grep "panel-due - who needs a panel, by when, and why" due.txt
expect_grep "--at DATE|COMMIT" due.txt
expect_grep "panel-rules(1)" due.txt

# bash: the verbs of 'panel --help', a verb's options, record IDs.
cp -RL "$PANEL_SRC/casefiles" rec
cat >comp.bash <<'EOF2'
. "$PANEL_SRC/contrib/completion/panel.bash"
complete -p panel >/dev/null || exit 9
c() { COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMPREPLY=(); _panel; printf '%s\n' "${COMPREPLY[@]}" | sort; }
c panel '' >verbs.got
c panel due --ex >opt.got
c panel -C rec due --explain DC-001 >ids.got
(cd rec/cases && c panel agenda CPP-2026-1) >panels.got
c panel new '' >kinds.got
c panel rules CPP-CY >rules.got
EOF2
bash comp.bash || fail "bash completion did not load"
{ cat verbs.txt; printf '%s\n' --help --version; } | sort >want.txt
diff -u want.txt verbs.got || fail "bash: verbs"
[ "$(cat opt.got | tr "\n" " ")" = "--excel --explain " ] || fail "bash: options: $(cat opt.got)"
printf 'DC-%04d\n' 10 11 12 13 14 15 16 17 >want.txt
diff -u want.txt ids.got || fail "bash: case IDs"
printf '%s\n' CPP-2026-10-15-A CPP-2026-11-05-A CPP-2026-11-12-A CPP-2026-11-26-B CPP-2026-12-03-A >want.txt
diff -u want.txt panels.got || fail "bash: panel IDs from a subdirectory"
printf '%s\n' case panel person >want.txt
diff -u want.txt kinds.got || fail "bash: kinds"
[ "$(cat rules.got)" = CPP-CYCLE ] || fail "bash: rule IDs: $(cat rules.got)"

# zsh: the function loads under compinit and registers for panel; the verbs
# and their descriptions come from 'panel --help'.
zsh -fc "autoload -U compinit && compinit -u -D && source '$PANEL_SRC/contrib/completion/_panel' &&
	print -r -- \$_comps[panel] && _panel_verbs" >zsh.got 2>zsh.err || { cat zsh.err; fail "zsh"; }
[ "$(head -n 1 zsh.got)" = _panel ] || fail "zsh: not registered: $(head -n 1 zsh.got)"
expect_grep "due:who needs a panel, by when, and why (--explain CASE)" zsh.got
[ "$(sed 1d zsh.got | wc -l)" -eq "$(wc -l <verbs.txt)" ] || fail "zsh: verbs"
exit 0
