# Every file in tests/hostile/ is put, alone, into cases/ of a fresh
# repository; `panel validate` must fail (exit 1) with exactly the output in
# <name>.expected, within a second.  Plus the cases a stored file cannot
# hold: a symlink leaving the repository, a 50 MB file, an unsafe file name.
. "$PANEL_SRC/tests/cli/lib.sh"
H="$PANEL_SRC/tests/hostile"
for f in "$H"/*.yaml; do
	name=$(basename "$f" .yaml)
	rm -rf repo && mkdir -p repo/cases repo/panels repo/people
	cp "$f" repo/cases/
	timeout 5 panel validate -q -C repo >out.txt 2>err.txt
	status=$?
	[ "$status" -eq 1 ] || { cat out.txt err.txt; fail "$name: exit $status, expected 1"; }
	diff -u "$H/$name.expected" out.txt || fail "$name: output differs"
done

# A symlink to a file outside the repository is reported, never followed.
rm -rf repo && mkdir -p repo/cases outside
printf 'id: secret\n' > outside/secret.yaml
ln -s ../../outside/secret.yaml repo/cases/DC-0666.yaml
expect_status 1 panel validate -q -C repo
cat >want.txt <<'OUT'
repo/cases/DC-0666.yaml: error: is a symbolic link; records must be regular files inside the repository (not followed) [KIT-PATH]
hint: replace the link with the file itself
OUT
diff -u want.txt actual.out || fail "symlink"

# Named on the command line, the link is refused when read.
expect_status 1 panel validate -q -C repo repo/cases/DC-0666.yaml
expect_grep "is a symbolic link; records must be regular files inside the repository (not followed) [KIT-PATH]" actual.out

# A 50 MB file is refused by size before it is read.
rm -rf repo && mkdir -p repo/cases
{ echo "id: DC-0050"; echo "notes: |"; head -c 52428800 /dev/zero | tr '\0' 'x' | fold -w 100 | sed 's/^/  /'; } > repo/cases/DC-0050.yaml
expect_status 1 timeout 5 panel validate -q -C repo
expect_grep "repo/cases/DC-0050.yaml: error: file is too large (" actual.out
expect_grep "bytes; the limit is 4194304) [YAML-LIMIT]" actual.out

# Path tricks in file names: not a safe ID.
rm -rf repo && mkdir -p repo/cases
printf 'id: x\n' > 'repo/cases/bad name;rm -rf.yaml'
expect_status 1 panel validate -q -C repo
expect_grep "repo/cases/bad name;rm -rf.yaml: error: file name is not a safe record ID" actual.out

# A file outside the repository named on the command line.
rm -rf repo && mkdir -p repo/cases
expect_status 1 panel validate -q -C repo outside/secret.yaml
expect_grep "outside/secret.yaml: error: is outside the records repository repo [KIT-PATH]" actual.out
exit 0
