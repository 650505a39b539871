# The editor as VS Code and Neovim run it (issue 17): the real
# yaml-language-server over LSP stdio (tests/lsp/driver.js) on the sample
# caseload.  Completion offers exactly what is valid for the record's
# framework and the repository's own IDs; on a table of mutations its
# diagnostics and panel validate's agree line by line, except what only
# panel validate can check (README: "What only panel validate checks").
. "$PANEL_SRC/tests/cli/lib.sh"
command -v node >/dev/null && command -v yaml-language-server >/dev/null ||
	fail "needs node and yaml-language-server 1.25: npm install -g yaml-language-server@1.25 (make deps does it as root)"
v=$(node -p "require('$(npm root -g)/yaml-language-server/package.json').version")
case $v in 1.25.*) ;; *) fail "yaml-language-server $v: the test is written for 1.25" ;; esac

cp -RL "$PANEL_SRC/casefiles" rec
rm -f rec/schema/ids.schema.json
panel schema ids -C rec || fail "panel schema ids"
M='# yaml-language-server: $schema=../schema'
DC="$M/case-detention.schema.json\nid: DC-0001\nframework: detention\nname: X\nteam: north\nowner: tansy-marlowe\ndetention:\n  start: 2026-02-10\n\n"
IS="$M/case-ipp.schema.json\nid: IS-0001\nframework: ipp\nname: X\nteam: t\nsentence: life\nsetting: community\nunit: U\nreleases:\n  - date: 2026-01-01\n\n"
CPP="$M/panel-detention.schema.json\nid: CPP-2026-09-17-A\nframework: detention\ndate: 2026-09-17\nstatus: planned\nchair: cosmo-pettifer\nmembers:\n  - person: tansy-marlowe\n    role: \ncases:\n  - case: \n    purpose: \n"
PP="$M/panel-ipp.schema.json\nid: PP-2026-06-11-LARKHILLVALE\nframework: ipp\ndate: 2026-06-11\nstatus: planned\nsetting: custody\nunit: U\nchair: cosmo-pettifer\nmembers:\n  - person: mabel-turnstone\n    role: \ncases:\n  - case: \n    purpose: \n"
cat >job.json <<JSON
{"root": "rec", "files": [
 {"path": "cases/DC-0001.yaml", "text": "$DC", "complete": [[8, 0], [5, 7]]},
 {"path": "cases/IS-0001.yaml", "text": "$IS", "complete": [[11, 0]]},
 {"path": "panels/CPP-2026-09-17-A.yaml", "text": "$CPP", "complete": [[8, 10], [10, 10], [11, 13]]},
 {"path": "panels/PP-2026-06-11-LARKHILLVALE.yaml", "text": "$PP", "complete": [[10, 10], [12, 10], [13, 13]]}
]}
JSON
node "$PANEL_SRC/tests/lsp/driver.js" job.json >lsp.out || fail "driver"
node -e '
const lines = require("fs").readFileSync("lsp.out", "utf8").trim().split("\n").map(JSON.parse);
for (const f of lines) for (const c of f.completions) console.log(f.path + ": " + c.join(" "));
for (const f of lines) for (const d of f.diagnostics) console.log(f.path + ": diagnostic " + d.message);
' >got.txt
people=$(cd rec/people && ls | sed 's/\.yaml$//' | tr '\n' ' ' | sed 's/ $//')
dc=$(cd rec/cases && ls DC-* | sed 's/\.yaml$//' | tr '\n' ' ' | sed 's/ $//')
is=$(cd rec/cases && ls IS-* | sed 's/\.yaml$//' | tr '\n' ' ' | sed 's/ $//')
cat >want.txt <<OUT
cases/DC-0001.yaml: adult_at_risk bail_in_principle baseline closed location mappa notes previous_detention referrals removal_directions reopened sentence serious_crime
cases/DC-0001.yaml: $people
cases/IS-0001.yaml: approved_premises baseline closed com escalations event_decisions key_stages move_on non_disclosable notes parole pom psychology_involved rag recalls reopened responsible review_more_often supervision suspension_considerations termination_considerations wecasp woman
panels/CPP-2026-09-17-A.yaml: business-expert fno-rc ipm litigation-ops nrpc other returns-logistics
panels/CPP-2026-09-17-A.yaml: $dc
panels/CPP-2026-09-17-A.yaml: CPP-ADHOC CPP-CYCLE CPP-REREFER
panels/PP-2026-06-11-LARKHILLVALE.yaml: case-admin com homd lead-spo other pdu-spo pom psychology weps womens-team
panels/PP-2026-06-11-LARKHILLVALE.yaml: $is
panels/PP-2026-06-11-LARKHILLVALE.yaml: PF-COMMUNITY-FIRST PF-COMMUNITY-RAG PF-CUSTODY-RAG PF-ESCALATION PF-KEY-STAGES PF-LIFE PF-NEG-PAROLE PF-RECALL PF-RESET PF-SUSPENSION PF-TERMINATION
OUT
# (the open "role:", "case:" and "purpose:" lines are diagnostics too;
# only the completion lines are compared here)
grep -v ': diagnostic ' got.txt >got-c.txt
diff -u want.txt got-c.txt || fail "completion lists"

# The owner's completion carries the person's name and grade.
sed 's/"complete": \[\[8, 0\], \[5, 7\]\]/"complete": [[5, 7]]/' job.json | sed 's/"root": "rec",/"root": "rec", "details": true,/' >job2.json
node "$PANEL_SRC/tests/lsp/driver.js" job2.json >lsp2.out || fail "driver"
expect_grep '"tansy-marlowe | Tansy Marlowe (EO, home-office)"' lsp2.out
expect_grep '"mabel-turnstone | Mabel Turnstone (hmpps)"' lsp2.out

# Mutations: FILE|SED|what agrees.  "both" rows: the editor's error lines
# are panel validate's error lines.  "validate" rows: what only panel
# validate checks (README), the editor has no error.
cat >table.txt <<'ROWS'
cases/DC-0001.yaml|s/^  start: .*/  start: 2026-02-30/|both
cases/DC-0001.yaml|s/^  start: .*/  start: 2026-04-31/|both
cases/DC-0001.yaml|s/^  start: .*/  start: 2026-02-28/|both
cases/DC-0001.yaml|s/^team: .*/team: 12/|both
cases/DC-0001.yaml|s/^team: .*/team: "12"/|both
cases/DC-0001.yaml|s/^mappa: .*/mappa: level-4/|both
cases/DC-0001.yaml|$a rag: []|both
cases/DC-0001.yaml|$a detension: {}|both
cases/DC-0001.yaml|/^owner: /d|both
cases/IS-0001.yaml|$a owner: tansy-marlowe|both
cases/IS-0001.yaml|s/^sentence: .*/sentence: 4 years/|both
panels/CPP-2026-11-12-A.yaml|0,/purpose: CPP-CYCLE/s//purpose: PF-RECALL/|both
panels/CPP-2026-11-12-A.yaml|0,/    role: .*/s//    role: pom/|both
cases/DC-0001.yaml|s/^  start: .*/  start: 2025-02-29/|validate
cases/DC-0001.yaml|s/^owner: .*/owner: wren-applethwait/|both
cases/DC-0001.yaml|s/^id: .*/id: DC-0099/|validate
ROWS
n=0
{ printf '{"root": "rec", "files": [\n'; sep=
while IFS='|' read -r file expr agree; do
	n=$((n + 1))
	sed "$expr" "rec/$file" >"mut$n.yaml"
	cmp -s "mut$n.yaml" "rec/$file" && fail "row $n: the sed changed nothing"
	printf '%s{"path": "%s", "textFile": "mut%s.yaml"}\n' "$sep" "$file" "$n"; sep=,
done <table.txt; printf ']}\n'; } >mjob.json
node "$PANEL_SRC/tests/lsp/driver.js" mjob.json >mlsp.out || fail "driver"
n=0
while IFS='|' read -r file expr agree; do
	n=$((n + 1))
	node -e '
const l = require("fs").readFileSync("mlsp.out", "utf8").trim().split("\n")[process.argv[1] - 1];
const d = JSON.parse(l).diagnostics.filter((x) => x.severity === 1).map((x) => x.line + 1);
console.log([...new Set(d)].sort((a, b) => a - b).join(" "));' "$n" >editor.lines
	cp "rec/$file" orig.yaml && cp "mut$n.yaml" "rec/$file"
	panel validate -C rec --as-of 2026-11-23 --worktree >val.out 2>/dev/null
	cp orig.yaml "rec/$file"
	sed -n "s|^rec/$file:\([0-9]*\):[0-9]*: error: .*|\1|p" val.out | sort -n | uniq | tr '\n' ' ' | sed 's/ $//' >validate.lines
	echo >>validate.lines
	if [ "$agree" = both ]; then
		cmp -s editor.lines validate.lines ||
			fail "row $n ($file $expr): editor errors at lines '$(cat editor.lines)', panel validate at '$(cat validate.lines)'"
	else
		[ -z "$(cat editor.lines)" ] && [ -n "$(cat validate.lines)" ] ||
			fail "row $n ($file $expr): only panel validate should see it: editor '$(cat editor.lines)', validate '$(cat validate.lines)'"
	fi
done <table.txt
exit 0
