# An agenda finds each case's earlier panels through the cache of which
# cases each panel file lists (panelnames.h): the same document with the
# cache cold, warm and turned off, and after an earlier panel is edited
# (within the same second, and later), never an answer the files do not give.
. "$PANEL_SRC/tests/cli/lib.sh"
PANEL_TODAY=2026-11-23
export PANEL_TODAY
unset PANEL_NO_CACHE
cp -R "$PANEL_SRC/casefiles" records
rm -f records/schema
agenda() { panel agenda -C records CPP-2026-12-03-A; }

PANEL_NO_CACHE=1 agenda >nocache.md || fail "agenda without the cache"
expect_grep "| CPP-2026-11-12-A | 2026-11-12 | not reached on the day (CPP-LENGTH) |" nocache.md
agenda >cold.md || fail "agenda, cache cold"
ls "$XDG_CACHE_HOME"/panelkit/panels-* >/dev/null 2>&1 || fail "no cache written under XDG_CACHE_HOME"
agenda >warm.md || fail "agenda, cache warm"
diff -u nocache.md cold.md || fail "the cold cache changed the agenda"
diff -u nocache.md warm.md || fail "the warm cache changed the agenda"

# DC-0005 taken off the earlier panel, at once (the same second as the
# cache line): its earlier recommendation goes from the agenda
sed -i 's/^  - case: DC-0005$/  - case: DC-0099/' records/panels/CPP-2026-11-12-A.yaml
grep -q "case: DC-0099" records/panels/CPP-2026-11-12-A.yaml || fail "the edit did not apply"
agenda >edited.md || fail "agenda after the edit"
PANEL_NO_CACHE=1 agenda >edited-nocache.md || fail "agenda after the edit, no cache"
diff -u edited-nocache.md edited.md || fail "the cache gave an answer the files do not"
grep -qF "| CPP-2026-11-12-A | 2026-11-12 |" edited.md && fail "the edited panel still counts for DC-0005"
# and back, a second later (a cache line old enough to be trusted)
sleep 2
sed -i 's/^  - case: DC-0099$/  - case: DC-0005/' records/panels/CPP-2026-11-12-A.yaml
agenda >back.md || fail "agenda after the edit back"
diff -u nocache.md back.md || fail "the edit back did not restore the agenda"
sleep 2
agenda >back2.md || fail "agenda, cache trusted"
diff -u nocache.md back2.md || fail "the trusted cache changed the agenda"
echo ok
