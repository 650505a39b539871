#!/bin/sh
# panel plan --write in a git records repository: the new panel goes
# through the validated commit path (KIT-HISTORY) and is committed alone;
# --no-commit only writes it.
. "$PANEL_SRC/tests/cli/lib.sh"
command -v git >/dev/null || { echo "skip: no git"; exit 0; }
PANEL_TODAY=2026-11-23
export PANEL_TODAY
cp -R "$PANEL_SRC/tests/fixtures/panels/plan/records" repo || fail "copy"
g() { git -C repo "$@"; }
# Pat is not in people/: this repository's policy makes that a warning
# (panelkit.yaml; the default refuses).
printf 'accept:\n  author-not-in-people: warn\n' >repo/panelkit.yaml
g init -q . && g config user.name "Pat Planner" && g config user.email pat@example.org &&
	g add -A && g commit -qm "Sample records" || fail "git setup"
printf 'scratch\n' > repo/notes.txt   # an unrelated change must stay uncommitted

expect_status 0 panel plan -C repo --framework detention --date 2026-12-10 --minutes 55 --chair chair-g7 --write
expect_grep "Wrote repo/panels/CPP-2026-12-10-A.yaml (status planned), committed " actual.out
expect_grep "repo: warning: author Pat Planner <pat@example.org> is not in the people directory [KIT-HISTORY]" actual.err
[ "$(g log -1 --format=%s)" = "Plan CPP-2026-12-10-A: 3 cases for 2026-12-10 (panel plan)" ] ||
	fail "commit subject: $(g log -1 --format=%s)"
[ "$(g log -1 --format=%an)" = "Pat Planner" ] || fail "commit author"
[ "$(g show --name-only --format= HEAD)" = "panels/CPP-2026-12-10-A.yaml" ] ||
	fail "commit holds: $(g show --name-only --format= HEAD)"
g log -1 --format=%B > msg.txt
expect_grep "Panel: CPP-2026-12-10-A" msg.txt
rm msg.txt
[ "$(g status --porcelain)" = "?? notes.txt" ] || { g status --porcelain; fail "working tree"; }
diff -u "$PANEL_SRC/tests/fixtures/panels/plan/expected/CPP-2026-12-10-B.yaml" repo/panels/CPP-2026-12-10-A.yaml |
	grep '^[-+][^-+]' > d.txt
[ "$(cat d.txt)" = "-id: CPP-2026-12-10-B
+id: CPP-2026-12-10-A" ] || { cat d.txt; fail "committed panel differs"; }
rm d.txt

# --no-commit: written, left for the user to commit.
expect_status 0 panel plan -C repo --framework detention --date 2026-12-10 --chair chair-g7 --write --no-commit
expect_grep "Wrote repo/panels/CPP-2026-12-10-B.yaml (status planned)" actual.out
if grep -q committed actual.out; then fail "--no-commit committed"; fi
g status --porcelain > st.txt
expect_grep "?? panels/CPP-2026-12-10-B.yaml" st.txt
exit 0
