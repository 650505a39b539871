# The editors' schemas (issue 17): derived per framework from schema/, never
# stale; the IDs schema of a records repository; modelines; panel init's
# editor settings.
. "$PANEL_SRC/tests/cli/lib.sh"

# schema/*-{detention,ipp}.schema.json are what 'make schema' derives now.
expect_status 0 panel schema derive --check "$PANEL_SRC/schema"

# A change to the source that is not derived yet: --check says which file.
mkdir src && cp "$PANEL_SRC"/schema/*.json src/
sed -i 's/"CPP-REREFER"\]/"CPP-REREFER", "CPP-NEW"]/' src/panel.schema.json
grep -q CPP-NEW src/panel.schema.json || fail "fixture: the sed did not apply"
expect_status 1 panel schema derive --check src
printf '%s\n' "src/panel-detention.schema.json: error: stale: not what src/panel.schema.json derives [KIT-SCHEMA-FILE]" \
	"hint: run 'make schema'" >want.txt
diff -u want.txt actual.err || fail "stale message"
expect_status 0 panel schema derive src
expect_status 0 panel schema derive --check src
expect_grep '"enum": ["CPP-CYCLE", "CPP-ADHOC", "CPP-REREFER", "CPP-NEW"]' src/panel-detention.schema.json

# The derivation folds the framework's narrowing into plain keywords: a
# detention case has no ipp keys, requires owner and detention, and its
# framework is the one value.
D="$PANEL_SRC/schema/case-detention.schema.json"
expect_grep '"required": ["id", "framework", "name", "team", "owner", "detention"]' "$D"
expect_grep '"enum": ["detention"]' "$D"
grep -q '"rag"\|"pom"' "$D" && fail "ipp keys in $D"
expect_grep '"required": ["id", "framework", "name", "team", "sentence", "setting", "unit"]' "$PANEL_SRC/schema/case-ipp.schema.json"
expect_grep '"$ref": "ids.schema.json#/$defs/case-ipp"' "$PANEL_SRC/schema/panel-ipp.schema.json"

# A kind of narrowing the derivation does not know is refused, not guessed.
cp "$PANEL_SRC"/schema/*.json src/
sed -i 's/"required": \["owner", "detention"\],/"minLength": 3, &/' src/case.schema.json
grep -q '"minLength": 3, "required"' src/case.schema.json || fail "fixture: the sed did not apply"
expect_status 2 panel schema derive src
expect_grep "error: cannot derive the editors' schema: a keyword the derivation does not know in a then [KIT-SCHEMA-FILE]" actual.err

# Every record of the sample caseload names the schema of its own kind and
# framework in its modeline.
for f in "$PANEL_SRC"/casefiles/cases/*.yaml "$PANEL_SRC"/casefiles/panels/*.yaml; do
	kind=$(basename "$(dirname "$f")"); kind=${kind%s}
	fw=$(sed -n 's/^framework: //p' "$f")
	[ "$(head -n 1 "$f")" = "# yaml-language-server: \$schema=../schema/$kind-$fw.schema.json" ] ||
		fail "$f: modeline $(head -n 1 "$f")"
done

# panel init: editor settings and an IDs schema that git ignores; panel
# validate and panel commit rewrite it from the records.
GIT_AUTHOR_DATE=2026-12-01T09:00:00 GIT_COMMITTER_DATE=2026-12-01T09:00:00 \
	expect_status 0 panel init --author "A B <a@example.org>" rec
expect_grep '"./schema/case.schema.json": ["cases/*.yaml"]' rec/.vscode/settings.json
expect_grep '"./schema/panel.schema.json": ["panels/*.yaml"]' rec/.vscode/settings.json
[ -f rec/schema/ids.schema.json ] || fail "no ids.schema.json after init"
grep -q '"enum"' rec/schema/ids.schema.json && fail "an empty repository has no IDs to offer"
cp "$PANEL_SRC"/casefiles/people/*.yaml rec/people/
cp "$PANEL_SRC"/casefiles/cases/*.yaml rec/cases/
(cd rec && panel commit -q -m "people and cases" --author "Tansy Marlowe <tansy.marlowe@example.org>" >/dev/null 2>&1) || fail "commit"
expect_grep '"tansy-marlowe",' rec/schema/ids.schema.json
expect_grep '"Tansy Marlowe (EO, home-office)",' rec/schema/ids.schema.json
expect_grep '"Mabel Turnstone (hmpps)",' rec/schema/ids.schema.json
expect_grep '"DC-0016"' rec/schema/ids.schema.json
[ -z "$(git -C rec status --porcelain)" ] || { git -C rec status --porcelain; fail "ids.schema.json is not ignored"; }
rm rec/people/wren-applethwaite.yaml
panel validate -q -C rec >/dev/null 2>&1
grep -q '"wren-applethwaite"' rec/schema/ids.schema.json && fail "validate did not refresh the IDs"
exit 0
