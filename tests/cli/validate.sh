# panel validate end to end: the sample caseload, JSON, --staged, exit
# codes, and the dispatcher (issue 2).
. "$PANEL_SRC/tests/cli/lib.sh"
E="$PANEL_SRC/tests/cli/expected"

# The sample caseload validates with exactly its six deliberate warnings
# (a stale RAG rating, a missing casework response, three actions open past
# their due dates, a rescheduled sitting that misses a review): exit 0.
cp -R "$PANEL_SRC/casefiles" casefiles
expect_output casefiles "$E/validate-casefiles.txt" panel validate -C casefiles --as-of 2026-11-23 --worktree
expect_grep "panel validate: 78 records (working tree): 0 errors, 6 warnings" actual.err
expect_output casefiles-json "$E/validate-casefiles.json" panel validate -C casefiles --as-of 2026-11-23 --worktree --json

# One broken record: exit 1, every finding, sorted, with a hint.
sed -i 's/^framework: detention/framework: detentio/; s/^owner: .*/owner: nobody-here/' casefiles/cases/DC-0003.yaml
expect_status 1 panel validate -q -C casefiles --as-of 2026-11-23 --worktree
cat >want.txt <<'OUT'
casefiles/cases/DC-0003.yaml:3:12: error: "detentio" is not one of: detention, ipp [KIT-SCHEMA]
    3 | framework: detentio
      |            ^
hint: did you mean "detention"?
casefiles/cases/DC-0003.yaml:6:8: error: unknown person "nobody-here" [KIT-IDS]
    6 | owner: nobody-here
      |        ^
hint: add people/nobody-here.yaml, or correct the ID
OUT
# Only DC-0003's findings (a finding and its excerpt and hint); the sample's
# deliberate warnings are checked above.
awk '/^casefiles\//{keep = ($0 ~ /^casefiles\/cases\/DC-0003/)} keep' actual.out >got.txt
diff -u want.txt got.txt || fail "broken record"

# Named files only: references resolve against the files on disk.
expect_status 0 panel validate -q -C casefiles --as-of 2026-11-23 --worktree casefiles/cases/DC-0009.yaml

# --staged: what git would commit, in a records repository.
panel init --author "Barnaby Quince <barnaby.quince@example.org>" repo >/dev/null || fail "init"
cp -R "$PANEL_SRC/casefiles/people" repo/
# (the author is checked too: a person of people/)
git -C repo config user.name "Barnaby Quince" && git -C repo config user.email barnaby.quince@example.org
(cd repo && git add people && panel validate --staged -q) || fail "--staged on valid people"
printf 'id: bad-person\nname: Bad\norganisation: home-office\ngrade: XX\n' >repo/people/bad-person.yaml
(cd repo && git add people/bad-person.yaml)
(cd repo && panel validate --staged -q) >actual.out 2>&1 && fail "--staged accepted an invalid staged record"
expect_grep 'people/bad-person.yaml:4:8: error: "XX" is not one of: AA, AO, EO, HEO, SEO, G7, G6, SCS [KIT-SCHEMA]' actual.out
# Unstaged, the working tree file is not what --staged reads.
(cd repo && git rm -q --cached people/bad-person.yaml && panel validate --staged -q) || fail "--staged read the work tree"
expect_status 2 panel validate --staged casefiles/cases/DC-0009.yaml

# Usage and I/O errors exit 2.
expect_status 2 panel validate --as-of 2026-02-30
expect_grep 'panel validate: --as-of: "2026-02-30" is not a date: there is no such day in that month' actual.err
expect_status 2 panel validate -C /nonexistent
expect_status 2 panel validate --bogus

# The dispatcher: help, unknown verbs with a suggestion, panel help VERB.
expect_status 0 panel --help
expect_grep "validate   check records against the schema and the rules" actual.out
expect_status 2 panel vaildate
expect_grep "panel: 'vaildate' is not a panel command. See 'panel --help'." actual.err
expect_grep "hint: did you mean 'panel validate'?" actual.err
expect_status 0 panel help due
expect_grep "usage: panel due" actual.out
for v in agenda audit commit due init log minutes plan report todo validate; do
	expect_status 0 panel "$v" --help
	lines=$(wc -l <actual.out)
	[ "$lines" -le 40 ] || fail "panel $v --help is $lines lines: more than a screen"
done
exit 0
