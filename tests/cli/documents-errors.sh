# panel agenda / minutes: template errors with positions, usage errors,
# template directories, escaping of hostile record values (issue #5).
. "$PANEL_SRC/tests/cli/lib.sh"
R="$PANEL_SRC/tests/fixtures/documents/records"
PANEL_TODAY=2026-11-23
export PANEL_TODAY
unset PANEL_TEMPLATES PANEL_DATA_DIR

# A user's template directory: a typo and an unclosed section.
mkdir t
cp "$PANEL_SRC"/templates/*.md t/
printf '# {{panel.id}}\n\n{{#cases}}\n- {{ownr}}\n{{/cases}}\n' >t/detention-agenda.md
expect_status 1 panel agenda -C "$R" CPP-2026-11-26-A --templates t
[ -s actual.out ] && fail "a failed template printed a document"
cat >want.err <<'WANT'
t/detention-agenda.md:4:3: error: unknown placeholder "ownr" [KIT-TEMPLATE]
    4 | - {{ownr}}
      |   ^
hint: did you mean "owner"?
WANT
diff -u want.err actual.err || fail "template error message"

printf 'x\n{{#cases}}\n{{> nothere}}\n' >t/detention-minutes.md
expect_status 1 env PANEL_TEMPLATES=t panel minutes -C "$R" CPP-2026-11-26-A
cat >want.err <<'WANT'
t/detention-minutes.md:2:1: error: section {{#cases}} is not closed [KIT-TEMPLATE]
    2 | {{#cases}}
      | ^
hint: close it with {{/name}}
WANT
diff -u want.err actual.err || fail "unclosed section message"

printf '{{#cases}}\n{{> nothere}}\n{{/cases}}\n' >t/detention-minutes.md
expect_status 1 panel minutes -C "$R" CPP-2026-11-26-A --templates t
grep -q '^t/detention-minutes.md:2:1: error: unknown partial "nothere" \[KIT-TEMPLATE\]$' actual.err ||
	{ cat actual.err; fail "unknown partial"; }

# The wording is the user's: an edited template is used as it is.
printf 'Panel {{panel.id}} on {{panel.date_long}}\n' >t/ipp-minutes.md
expect_status 0 panel minutes -C "$R" PP-2026-06-04-LARKHILL --templates t
[ "$(cat actual.out)" = "Panel PP-2026-06-04-LARKHILL on Thursday 4 June 2026" ] || fail "edited template"

# Missing template directory.
expect_status 1 panel agenda -C "$R" CPP-2026-11-26-A --templates nowhere
grep -qF 'nowhere: error: no template "detention-agenda" (detention-agenda.md) [KIT-TEMPLATE]' actual.err ||
	{ cat actual.err; fail "missing template"; }

# Usage and records errors: exit 2.
expect_status 2 panel agenda -C "$R"
expect_status 2 panel agenda -C "$R" A B
expect_status 2 panel agenda -C "$R" CPP-2026-11-26-A --case DC-0001
expect_status 2 panel agenda -C "$R" CPP-2026-11-26-A --for caseworker
expect_status 2 panel agenda -C "$R" CPP-2026-11-26-A --bogus
expect_status 2 panel agenda -C "$R" CPP-2026-11-26-A --as-of 2026-02-30
expect_status 2 panel agenda -C "$R" NO-SUCH-PANEL
expect_grep 'no panel "NO-SUCH-PANEL" (panels/NO-SUCH-PANEL.yaml)' actual.err
expect_status 2 panel agenda -C "$R" CPP-2026-11-26-A --for person
expect_grep "the person's copy is for indeterminate-sentence (ipp) panels [PF-AGENDA]" actual.err
expect_status 2 panel agenda -C "$R" PP-2026-12-03-LARKHILL --for person
expect_grep "considers 2 cases: whose copy?" actual.err
expect_status 2 panel minutes -C "$R" PP-2026-12-03-LARKHILL --for person --case IPP-0001
expect_grep "panel PP-2026-12-03-LARKHILL is planned, not held: there is no outcome yet [PF-RECORD]" actual.err
expect_status 2 panel agenda -C "$R" CPP-2026-11-26-A -o no/such/dir/out.md
expect_status 0 panel agenda --help
expect_grep "usage: panel agenda PANEL" actual.out

# Hostile values (DC-0004): escaped in Markdown, inert in HTML.
panel agenda -C "$R" CPP-2026-11-26-A >a.md || fail "agenda"
expect_grep '## 4. DC-0004: \<script>alert('"'"'x'"'"')\</script> \*Bold\* \| Name' a.md
expect_grep '| Location | \# Not a heading |' a.md
expect_grep '| Sentence | 1\. first line of the sentence - second line \<b>bold\</b> > third \| with pipe \[link\](javascript:alert(1)) |' a.md
panel agenda -C "$R" CPP-2026-11-26-A --html >a.html || fail "agenda --html"
grep -q '<script' a.html && fail "a script tag reached the HTML"
grep -q 'href=' a.html && fail "a link reached the HTML"
expect_grep '<h2>4. DC-0004: &lt;script&gt;alert('"'"'x'"'"')&lt;/script&gt; *Bold* | Name</h2>' a.html
expect_grep '<td># Not a heading</td>' a.html
expect_grep '<title>Agenda: CPP-2026-11-26-A, 2026-11-26</title>' a.html

# A case on the panel whose record does not parse: the agenda is still
# written, says so where the case's details would be, and the chair is
# warned at the panel's entry (exit 0: a warning).
cp -R "$R" broken || fail "copy"
printf 'id: DC-0003\n\tframework: detention\n' >broken/cases/DC-0003.yaml
expect_status 0 panel agenda -C broken CPP-2026-11-26-A
cat >want.err <<'WANT'
broken/panels/CPP-2026-11-26-A.yaml:23:11: warning: case "DC-0003" has no readable record (cases/DC-0003.yaml): its details are left out [KIT-IDS]
   23 |   - case: DC-0003
      |           ^
hint: run panel validate
WANT
diff -u want.err actual.err || fail "unreadable case: warning"
expect_grep '**The case record cases/DC-0003.yaml is missing or cannot be read: run `panel validate`.**' actual.out
exit 0
