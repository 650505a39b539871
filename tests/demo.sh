#!/bin/sh
# make demo: the main job on the sample caseload.  Copies casefiles/ into a
# scratch records repository under the build directory, commits it, and runs
# the tools a panel secretariat would run on a Monday morning.
# "Today" is 2026-11-23, the date the sample caseload was written for;
# set PANEL_TODAY to look at another day.
set -eu
build=$1
src=$(cd "$(dirname "$0")/.." && pwd)
PATH="$build/bin:$PATH"
PANEL_EXEC_PATH="$build/bin"
PANEL_TODAY=${PANEL_TODAY:-2026-11-23}
export PATH PANEL_EXEC_PATH PANEL_TODAY
demo="$build/demo"
out="$demo/out"

step() { printf '\n==> %s\n' "$*"; }
# Echo the command as it could be typed, quoting words with spaces.
run() {
	printf '\n$'
	for a in "$@"; do
		case "$a" in *[!A-Za-z0-9_./:=@-]*) printf " '%s'" "$a" ;; *) printf ' %s' "$a" ;; esac
	done
	printf '\n'
	"$@"
}

rm -rf "$demo"
step "A records repository with the sample caseload ($src/casefiles)"
run panel init "$demo/records"
cp -R "$src/casefiles/cases" "$src/casefiles/panels" "$src/casefiles/people" "$demo/records/"
cd "$demo/records"
# Committed for Barnaby by whoever runs the demo: a commit made for
# someone else says why (panel audit checks it).
run panel commit -m "Import the sample caseload

Committer-Reason: imported for the secretariat by make demo" --author "Barnaby Quince <barnaby.quince@example.org>"

step "Are the records valid?"
run panel validate

step "Who needs a panel, by when, and why (as of $PANEL_TODAY)"
run panel due --as-of "$PANEL_TODAY"
run panel due --explain IS-0001 --as-of "$PANEL_TODAY"

step "Plan the next detention sitting"
run panel plan --framework detention --date 2026-12-08

step "Documents for the next planned panels"
mkdir -p "$out"
for p in panels/*.yaml; do
	id=$(basename "$p" .yaml)
	grep -q '^status: planned' "$p" || continue
	run panel agenda "$id" -o "$out/$id-agenda.md"
	run panel agenda "$id" --html -o "$out/$id-agenda.html"
done
ls -l "$out"

step "Compliance figures"
run panel report compliance --month 2026-10
run panel report coverage --as-of "$PANEL_TODAY"

step "The audit trail: a practitioner re-rates a case in a text editor"
# What an editor would do: append a RAG entry below the existing ones,
# leaving the comments and the key order as they were.
sed -i '/reason: Started the programme; engaging/a\
  - rating: amber\
    date: 2026-11-20\
    reason: Withdrew from the programme after a transfer.' cases/IS-0005.yaml
run panel commit -m "IS-0005: amber after withdrawal from the programme

Committer-Reason: typed in from Barnaby's e-mail by make demo" \
	--author "Barnaby Quince <barnaby.quince@example.org>"
run panel log IS-0005
run panel audit

printf '\nDemo records: %s\nDocuments:    %s\n' "$demo/records" "$out"
