#!/bin/sh
# mkman.sh BIN OUT: man pages panel.1 and panel-<verb>.1 in OUT, made from
# the tools' own --help text (one source: the declaration of the options
# at the top of each tools/panel-<verb>.c, struct pk_cli in cli.h, which
# --help and getopt are both made from).  The one-line NAME of a verb is
# its line in 'panel --help'.  Used by 'make man' and tests/cli/man.sh.
set -eu
bin=$1 out=$2
mkdir -p "$out"
# roff: a backslash is \e; a line starting with . or ' is not a request
esc() { sed -e 's/\\/\\e/g' -e "s/^\\([.']\\)/\\\\\\&\\1/"; }
page() { # name title oneline helptext-file
	name=$1 oneline=$2 help=$3
	upper=$(printf '%s' "$name" | tr 'a-z' 'A-Z')
	{
		printf '.TH %s 1 "" "panelkit" "panelkit manual"\n' "$upper"
		printf '.SH NAME\n%s \\- %s\n' "$name" "$oneline"
		printf '.SH SYNOPSIS\n.nf\n'
		# the usage lines: up to the first blank line, "usage: " dropped
		sed -n '1,/^$/p' "$help" | sed -e '/^$/d' -e 's/^usage: //' -e 's/^       //' | esc
		printf '.fi\n.SH DESCRIPTION\n.nf\n'
		sed '1,/^$/d' "$help" | esc
		printf '.fi\n.SH SEE ALSO\n'
		if [ "$name" = panel ]; then
			printf '%s\n' "$verbs" | sed 's/^\(.*\)$/.BR panel-\1 (1)/'
		else
			printf '.BR panel (1),\n.BR panel-rules (1)\n'
		fi
	} >"$out/$name.1"
}
"$bin/panel" --help >"$out/.help"
# verbs: the command lines of 'panel --help' ("  due        who needs ...")
verbs=$(sed -n 's/^  \([a-z][a-z]*\)  .*/\1/p' "$out/.help")
page panel "progression panel records: check, schedule, plan, document, audit" "$out/.help"
for v in $verbs; do
	oneline=$(sed -n "s/^  $v  *//p" "$out/.help")
	"$bin/panel-$v" --help >"$out/.help-$v"
	page "panel-$v" "$oneline" "$out/.help-$v"
	rm -f "$out/.help-$v"
done
rm -f "$out/.help"
