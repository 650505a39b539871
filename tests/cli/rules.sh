# panel rules and docs/rules.md (issue 17): the rule IDs in the project's
# words with the rule table's rows; the reference is generated and fresh;
# every rule ID the tools cite can be looked up.
. "$PANEL_SRC/tests/cli/lib.sh"

# docs/rules.md is what 'make docs' writes now.
expect_status 0 panel rules --markdown
cmp actual.out "$PANEL_SRC/docs/rules.md" || fail "docs/rules.md is stale: run 'make docs'"

expect_status 0 panel rules cpp-cycle --as-of 2026-11-23
cat >want.txt <<'OUT'
CPP-CYCLE (CPP §2, §4, §5)
  A detained person's case is reviewed at fixed points counted from the
  first day of detention, one cycle after another; a month here is 28 days.
  cpp.cycle                  every 84 days (3 months of 28 days)  [CPP v9.0 §4, from 2025-07-24; the policy's words]
OUT
diff -u want.txt actual.out || fail "panel rules cpp-cycle"

expect_status 0 panel rules PF-ESCALATION --json
expect_grep '"key": "pf.escalation", "value": 28, "unit": "days"' actual.out
expect_grep '"basis": "interpretation"' actual.out

expect_status 2 panel rules PF-CUSTDY-RAG
printf '%s\n' 'panel rules: unknown rule ID "PF-CUSTDY-RAG"' 'hint: did you mean PF-CUSTODY-RAG?' >want.txt
diff -u want.txt actual.err || fail "unknown ID"

# Every rule ID cited anywhere in the tools has an entry.
panel rules --json >all.json || fail "--json"
grep -rhoE '"(KIT|CPP|PF|YAML)-[A-Z0-9-]+"' "$PANEL_SRC/tools" | sort -u | tr -d '"' >cited.txt
[ -s cited.txt ] || fail "no rule IDs found in the sources"
while read -r id; do
	grep -q "\"id\": \"$id\"" all.json || fail "$id is cited in tools/ but 'panel rules' does not know it"
done <cited.txt
# The README links the reference in the repository, not a path outside it.
grep -q '\.\./shared' "$PANEL_SRC/README.md" "$PANEL_SRC/schema/README.md" && fail "a ../shared path in a README"
expect_grep '(docs/rules.md)' "$PANEL_SRC/README.md"
exit 0
