# panel report trends (--from/--to) and a past --as-of, read from a git
# history of the report fixtures made here with explicit commit dates
# (issue #7).  Golden files in tests/fixtures/report/expected/.
. "$PANEL_SRC/tests/cli/lib.sh"
E="$PANEL_SRC/tests/fixtures/report/expected"
F="$PANEL_SRC/tests/fixtures/report/records"
PANEL_TODAY=2026-01-20
export PANEL_TODAY

commit_on() { # DATE MESSAGE
	(cd g && git add -A && GIT_AUTHOR_DATE="$1T12:00:00Z" GIT_COMMITTER_DATE="$1T12:00:00Z" \
		git -c user.name="Report Test" -c user.email=report@example.org commit -q -m "$2") ||
		fail "cannot commit $2"
}
mkdir -p g && (cd g && git init -q) || fail "git init"
cp -R "$F/people" "$F/cases" g/ && mkdir g/panels || fail "copy"
cp "$F"/panels/PP-*.yaml "$F/panels/CPP-2025-11-12-A.yaml" g/panels/
commit_on 2025-11-15 "Cases, people and the November panel"
cp "$F/panels/CPP-2025-12-03-A.yaml" g/panels/
grep -v -e 'response:' -e 'audit:' "$F/panels/CPP-2025-12-22-B.yaml" >g/panels/CPP-2025-12-22-B.yaml
commit_on 2025-12-24 "December panels held"
cp "$F/panels/CPP-2025-12-22-B.yaml" "$F/panels/CPP-2025-12-30-C.yaml" g/panels/
commit_on 2026-01-12 "Responses to the 22 December panel"

# golden | arguments
while IFS='|' read -r golden args; do
	[ -n "$golden" ] || continue
	# shellcheck disable=SC2086
	# REGEN=1 rewrites the golden files (then review them with git diff).
	# shellcheck disable=SC2086
	[ -n "$REGEN" ] && panel report $args -C g >"$E/$golden"
	expect_output "$golden" "$E/$golden" panel report $args -C g
	[ -s actual.err ] && { cat actual.err; fail "$golden: unexpected messages"; }
done <<'LIST'
trend-compliance-2025-11-2025-12.list.md|compliance --from 2025-11 --to 2025-12 --list
trend-detention-2025-11-2026-01.html|detention --from 2025-11 --to 2026-01 --html
trend-coverage-2025-11-2026-01.csv|coverage --from 2025-11 --to 2026-01 --csv
trend-coverage-2025-11-2026-01.json|coverage --from 2025-11 --to 2026-01 --json
compliance-2025-12.git-2026-01-03.md|compliance --month 2025-12 --as-of 2026-01-03 --at 2026-01-03
LIST

# The history is read, not the working tree: an uncommitted case changes
# today's figures only.
sed 's/DC-N1/DC-Z9/' g/cases/DC-N1.yaml >g/cases/DC-Z9.yaml
panel report detention --from 2025-11 --to 2026-01 --csv -C g >now.csv || fail "trend with a dirty tree"
expect_grep "2025-12,2025-12-31,10,2,0" now.csv
expect_grep "2026-01,2026-01-20,9,2,1" now.csv
rm g/cases/DC-Z9.yaml

# Without --at, a past --as-of reads the working tree (--worktree, once
# needed for that, is still accepted).
expect_status 0 panel report compliance --month 2025-12 --as-of 2026-01-03 -C g
cmp actual.out "$E/compliance-2025-12.as-of-2026-01-03.md" || fail "--as-of without --at"
expect_status 0 panel report compliance --month 2025-12 --as-of 2026-01-03 --worktree -C g
cmp actual.out "$E/compliance-2025-12.as-of-2026-01-03.md" || fail "--worktree"

# A month before the first commit cannot be read.
expect_status 2 panel report coverage --from 2025-10 --to 2025-11 -C g
expect_grep "no commit on or before 2025-10-31" actual.err
# Not a git repository: a trend needs history.
mkdir plain && cp -R "$F"/* plain/
expect_status 2 panel report coverage --from 2025-10 --to 2025-11 -C plain
expect_grep "not in a git repository" actual.err
[ -s actual.out ] && fail "a trend without history wrote output"
exit 0
