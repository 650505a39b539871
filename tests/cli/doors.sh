# Every door a change can enter the history by, fed the same bad changes
# (issue 13): each door must refuse (or, for audit, report) with the same
# rule ID, because every door calls the one acceptance check
# (tools/lib/accept.c).  Doors:
#   commit  panel commit
#   hook    plain git commit (pre-commit and commit-msg hooks of panel init)
#   merge   plain git merge --no-ff of a branch holding the change
#           (pre-merge-commit hook: the merge result against HEAD)
#   audit   panel audit of a commit made with git commit --no-verify
#   guard   git push to a shared bare repository (panel init --bare; the
#           guard runs as pre-receive, on the pushed objects in quarantine)
# (and panel plan --write, below, for the author).  A "-" in the table: the door cannot be fed that change (git cannot store
# a FIFO; panel commit writes the trailers itself and commits records only,
# not panelkit.yaml; a merge commit's author is the one merging and merges
# need no trailers).
. "$PANEL_SRC/tests/cli/lib.sh"
command -v git >/dev/null || { echo "skip: no git"; exit 0; }
PANEL_TODAY=2026-11-23
HOME=$PWD/home GIT_CONFIG_NOSYSTEM=1
GIT_AUTHOR_DATE=2026-11-20T10:00:00Z GIT_COMMITTER_DATE=2026-11-20T10:00:00Z
export PANEL_TODAY HOME GIT_CONFIG_NOSYSTEM GIT_AUTHOR_DATE GIT_COMMITTER_DATE
unset PANEL_DATA_DIR GIT_INDEX_FILE
mkdir home
git config --global user.name "Barnaby Quince"
git config --global user.email barnaby.quince@example.org
git config --global init.defaultBranch main
git config --global advice.detachedHead false
B="Barnaby Quince <barnaby.quince@example.org>"

# The sample caseload, committed by a person of people/.
panel init --author "$B" base >/dev/null || fail "panel init"
cp -R "$PANEL_SRC/casefiles/cases" "$PANEL_SRC/casefiles/panels" "$PANEL_SRC/casefiles/people" base/
(cd base && panel commit -q -m "Import the sample caseload") 2>/dev/null || fail "import"
mkdir outside
cp base/cases/DC-0001.yaml outside/DC-0100.yaml
sed -i 's/^id: DC-0001/id: DC-0100/' outside/DC-0100.yaml

# ---- the bad changes (run in a work tree) ----
bad_outcome() { sed -i 's/^    recommendation: maintain-with-actions/    recommendation: release/' panels/CPP-2026-09-17-A.yaml; }
bad_dangling() { rm people/tansy-marlowe.yaml; }   # owner of cases, deleted
bad_casesdir() { rm -rf cases && ln -s ../../outside cases; }
bad_fifo() { mkfifo cases/DC-0100.yaml; }
bad_symlink() { ln -s ../../../outside/DC-0100.yaml cases/DC-0100.yaml; }
bad_conflict() { printf '<<<<<<< HEAD\nlocation: A IRC\n=======\nlocation: B IRC\n>>>>>>> side\n' >>cases/DC-0002.yaml; }
bad_dupkey() { printf 'location: Other IRC\n' >>cases/DC-0003.yaml; }
bad_author() { sed -i 's/^location: .*/location: Colnbrook IRC/' cases/DC-0001.yaml; }
bad_policy() { printf 'accept:\n  bogus-key: 1\n' >panelkit.yaml; }  # no record changes
bad_trailers() { sed -i 's/^location: .*/location: Colnbrook IRC/' cases/DC-0001.yaml; }

STRANGER="Sam Stranger <sam.stranger@example.org>"
# the author a door's commit is made as
who() { [ "$1" = author ] && echo "$STRANGER" || echo "$B"; }
# Case:/Panel:/Person: trailers for the staged records (none for "trailers")
trailers() {
	[ "$1" = trailers ] && return
	git diff --cached --name-only --no-renames | sed -n \
		-e 's|^cases/\(.*\)\.yaml$|Case: \1|p' -e 's|^panels/\(.*\)\.yaml$|Panel: \1|p' \
		-e 's|^people/\(.*\)\.yaml$|Person: \1|p'
}
# the rule IDs of the errors in a door's output, one line
rules() { sed 's/[[:space:]]*$//' "$1" | grep -E ': error: ' | grep -oE '\[[A-Z0-9-]+\]$' | sort -u | tr -d '[]' | tr '\n' ' '; }

fresh() { rm -rf w && cp -R base w && cd w || fail "cd w"; }

door_commit() {
	fresh
	"bad_$1"
	c=$1
	set -- --author "$(who "$c")"
	case $c in fifo) set -- "$@" cases/DC-0100.yaml ;; esac
	panel commit -m "bad change" "$@" >../out 2>&1
	echo $? >../rc
	cd ..
}

door_hook() {
	fresh
	"bad_$1"
	git add -A 2>/dev/null
	msg=$(printf 'bad change\n\n%s\n' "$(trailers "$1")")
	git -c user.name="${2:-Barnaby Quince}" commit -q --author="$(who "$1")" -m "$msg" >../out 2>&1
	echo $? >../rc
	cd ..
}

door_merge() {
	fresh
	git checkout -q -b side
	"bad_$1"
	git add -A
	git commit -q --no-verify -m "bad change" -m "$(trailers "$1")"
	git checkout -q main 2>/dev/null || { rm -rf cases && git checkout -q -f main; }
	git merge -q --no-ff --no-edit side >../out 2>&1
	echo $? >../rc
	cd ..
}

door_audit() {
	fresh
	"bad_$1"
	git add -A
	git commit -q --no-verify --author="$(who "$1")" -m "bad change" -m "$(trailers "$1")"
	panel audit >../out 2>&1
	echo $? >../rc
	cd ..
}

# The shared repository the guard protects, and a clone pushing to it.
panel init --bare shared.git >/dev/null 2>&1 && guard=1 || guard=0
door_guard() {
	rm -rf shared-w.git && cp -R shared.git shared-w.git
	fresh
	git remote add origin ../shared-w.git
	git push -q origin main >/dev/null 2>&1 || fail "guard: the clean history was refused"
	"bad_$1"
	git add -A
	git commit -q --no-verify --author="$(who "$1")" -m "bad change" -m "$(trailers "$1")"
	git push origin main >../out 2>&1
	echo $? >../rc
	cd ..
}

# case       commit      hook          merge         audit         guard
table='
outcome      KIT-HISTORY KIT-HISTORY   KIT-HISTORY   KIT-HISTORY   KIT-HISTORY
dangling     KIT-IDS     KIT-IDS       KIT-IDS       KIT-IDS       KIT-IDS
casesdir     KIT-PATH    KIT-PATH      KIT-PATH      KIT-PATH      KIT-PATH
fifo         KIT-PATH    -             -             -             -
symlink      KIT-PATH    KIT-PATH      KIT-PATH      KIT-PATH      KIT-PATH
conflict     YAML-CONFLICT YAML-CONFLICT YAML-CONFLICT YAML-CONFLICT YAML-CONFLICT
dupkey       YAML-DUPKEY YAML-DUPKEY   YAML-DUPKEY   YAML-DUPKEY   YAML-DUPKEY
author       KIT-HISTORY KIT-HISTORY   -             KIT-HISTORY   KIT-HISTORY
trailers     -           KIT-HISTORY   -             KIT-HISTORY   KIT-HISTORY
policy       -           KIT-SCHEMA    KIT-SCHEMA    KIT-SCHEMA    KIT-SCHEMA
'
doors="commit hook merge audit guard"
n=0
echo "$table" | while read -r case rest; do
	[ -n "$case" ] || continue
	set -- $rest
	for door in $doors; do
		want=$1
		shift
		[ "$want" = - ] && continue
		[ "$door" = guard ] && [ "$guard" = 0 ] && continue
		"door_$door" "$case"
		got=$(rules out)
		rc=$(cat rc)
		case " $got" in
		*" $want "*) ;;
		*) cat out; fail "$case at $door: expected [$want], got [$got] (exit $rc)" ;;
		esac
		[ "$rc" -ne 0 ] || { cat out; fail "$case at $door: exit 0"; }
		n=$((n + 1))
	done
	echo "$case: ok"
done || exit 1

# panel plan --write commits through panel commit's door: the one bad
# change a plan can carry is its author.
fresh
git config user.name "Sam Stranger" && git config user.email sam.stranger@example.org
panel plan --framework detention --date 2026-12-08 --chair marigold-penhallow --write >../out 2>&1
rc=$?
[ "$rc" -ne 0 ] || { cat ../out; fail "author at plan: exit 0"; }
[ "$(rules ../out)" = "KIT-HISTORY " ] || { cat ../out; fail "author at plan: got [$(rules ../out)]"; }
grep -qF "$PWD: error: author Sam Stranger <sam.stranger@example.org> is not in the people directory [KIT-HISTORY]" ../out ||
	{ cat ../out; fail "author at plan: message"; }
[ -z "$(git status --porcelain -- panels)" ] || fail "plan --write left a panel after a refusal"
cd ..

# The same doors let a good change in (so the table cannot pass by
# refusing everything).
for door in commit hook audit; do
	fresh
	sed -i 's/^location: .*/location: Colnbrook IRC/' cases/DC-0001.yaml
	case $door in
	commit) panel commit -q -m "DC-0001 moved" >../out 2>&1 || { cat ../out; fail "good change at commit"; } ;;
	hook) git commit -q -am "DC-0001 moved" -m "Case: DC-0001" >../out 2>&1 || { cat ../out; fail "good change at hook"; } ;;
	audit) git commit -q --no-verify -am "DC-0001 moved" -m "Case: DC-0001" &&
		panel audit >../out 2>&1 || { cat ../out; fail "good change at audit"; } ;;
	esac
	cd ..
done

# The policy relaxes what it may: an author outside people/ is a warning.
fresh
printf 'accept:\n  author-not-in-people: warn\n' >panelkit.yaml
git add panelkit.yaml && git commit -q -m "Authors outside people/ only warn" || fail "policy commit"
sed -i 's/^location: .*/location: Colnbrook IRC/' cases/DC-0001.yaml
expect_status 0 panel commit -m "DC-0001 moved" --author "$STRANGER"
expect_grep "$PWD: warning: author Sam Stranger <sam.stranger@example.org> is not in the people directory [KIT-HISTORY]" actual.err
# an invalid policy is refused by the policy before it
printf 'accept:\n  author-not-in-people: maybe\n' >panelkit.yaml
git add panelkit.yaml
expect_status 1 git commit -q -m "A bad policy"
expect_grep 'panelkit.yaml:2:25: error: "maybe" is not one of: refuse, warn [KIT-SCHEMA]' actual.err
cd ..
exit 0
