# The hostile-input corpus (issue 8, issue 2 "hostile and broken input").
#
# Every tests/hostile/<name>.yaml is put, alone, into cases/ of a fresh
# repository holding the people of tests/hostile/repo/; `panel validate -q`
# must print exactly <name>.expected and exit 1 (exit 0 when .expected is
# empty: odd but valid input such as CR line endings).  Then the cases a
# stored file cannot hold: symlinks, FIFOs, hostile file names, sizes and
# counts at and past the limits, and template syntax in a case note that an
# agenda must print literally.
#
# Limits, in the plain build: no crash, at most 1 s of CPU and 64 MB of
# memory per run (measured by a getrusage wrapper compiled here), and a
# wall-clock timeout as the hang guard.  Under ASan or valgrind only the
# output and the hang guard are checked (PANEL_VALGRIND is set by
# tests/valgrind.sh).
. "$PANEL_SRC/tests/cli/lib.sh"
H="$PANEL_SRC/tests/hostile"
PANEL_TODAY=2026-11-23
export PANEL_TODAY
unset PANEL_DATA_DIR PANEL_TEMPLATES

# Which build is this?  Limits hold for the plain one only.
mode=plain wall=10
if [ -n "${PANEL_VALGRIND:-}" ]; then
	mode=valgrind wall=120
elif grep -q -e __asan_init -e __ubsan_handle "$PANEL_BIN/panel-validate" 2>/dev/null; then
	mode=asan wall=30
fi
max_cpu=1.0 max_kb=65536

# rusage CMD...: runs CMD, writes "cpu_seconds max_rss_kb" to rusage.txt.
cat >rusage.c <<'C'
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
int main(int argc, char **argv)
{
	struct rusage ru;
	int st;
	pid_t pid;
	if (argc < 2)
		return 2;
	if ((pid = fork()) == 0) {
		execvp(argv[1], argv + 1);
		_exit(127);
	}
	if (pid < 0 || wait4(pid, &st, 0, &ru) < 0)
		return 2;
	FILE *f = fopen("rusage.txt", "w");
	if (f) {
		fprintf(f, "%ld.%06ld %ld\n",
			(long)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
				(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1000000,
			(long)((ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) % 1000000), ru.ru_maxrss);
		fclose(f);
	}
	if (WIFSIGNALED(st))
		return 128 + WTERMSIG(st);
	return WEXITSTATUS(st);
}
C
if ${CC:-cc} -O1 -o rusage rusage.c 2>/dev/null; then
	RUSAGE=./rusage
else
	echo "note: no C compiler; CPU and memory limits not measured"
	RUSAGE=
	mode=unmeasured
fi

# run NAME WANT_STATUS CMD...: CMD with the limits; output in out.txt.
run() {
	rn=$1 rw=$2
	shift 2
	rm -f rusage.txt
	timeout "$wall" $RUSAGE "$@" >out.txt 2>err.txt
	status=$?
	[ "$status" -eq 124 ] && fail "$rn: still running after ${wall}s (a hang)"
	[ "$status" -ge 126 ] && { cat err.txt; fail "$rn: crashed (exit $status)"; }
	[ -s err.txt ] && [ "$rw" -ne 2 ] && [ -z "${allow_stderr:-}" ] &&
		{ cat err.txt; fail "$rn: unexpected standard error"; }
	[ "$status" -eq "$rw" ] || { cat out.txt err.txt; fail "$rn: exit $status, expected $rw"; }
	if [ "$mode" = plain ] && [ -f rusage.txt ]; then
		read -r cpu kb <rusage.txt
		awk -v c="$cpu" -v m="$max_cpu" 'BEGIN { exit !(c > m) }' &&
			fail "$rn: took ${cpu}s of CPU (limit ${max_cpu}s)"
		[ "$kb" -le "$max_kb" ] || fail "$rn: used ${kb} KB (limit $max_kb KB)"
		echo "$cpu $kb $rn" >>"$STATS"
	fi
	return 0
}
STATS=$(pwd)/stats.txt
: >"$STATS"

fresh() {
	rm -rf repo outside
	mkdir -p repo/cases repo/panels repo/people outside
	cp "$H"/repo/people/*.yaml repo/people/
}

# A JSON checker, if python3 is there: valid UTF-8 JSON, an array of N
# objects with the documented keys.
json_check=
if command -v python3 >/dev/null 2>&1; then
	cat >json_check.py <<'PY'
import json, sys
with open(sys.argv[1], 'rb') as f:
    v = json.loads(f.read().decode('utf-8'))
assert isinstance(v, list) and len(v) == int(sys.argv[2]), (len(v), sys.argv[2])
for o in v:
    assert {'file', 'line', 'column', 'severity', 'rule', 'message'} <= set(o), o
    assert all(ord(c) >= 0x20 for k in ('file', 'message', 'rule') for c in o[k]), o
PY
	json_check="python3 json_check.py"
fi

n=0
for f in "$H"/*.yaml; do
	name=$(basename "$f" .yaml)
	[ -f "$H/$name.expected" ] || fail "$name: no $name.expected"
	fresh
	cp "$f" repo/cases/
	want=1
	[ -s "$H/$name.expected" ] || want=0
	run "$name" "$want" panel validate -q -C repo
	diff -u "$H/$name.expected" out.txt || fail "$name: output differs from $name.expected"
	# --json: the same findings, as valid JSON whatever bytes the file held.
	if [ -n "$json_check" ]; then
		run "$name --json" "$want" panel validate -q --json -C repo
		$json_check out.txt "$(grep -c '^repo/' "$H/$name.expected")" ||
			{ cat out.txt; fail "$name: --json is not a JSON array of the same findings"; }
	fi
	n=$((n + 1))
done
[ "$n" -ge 40 ] || fail "only $n hostile files"

# expect_out NAME WANT_STATUS: out.txt equals the text on standard input.
expect_out() {
	cat >want.txt
	diff -u want.txt out.txt || fail "$1: output differs"
}

# A symlink to a file outside the repository is reported, never followed.
fresh
printf 'id: secret\n' >outside/secret.yaml
ln -s ../../outside/secret.yaml repo/cases/DC-0666.yaml
run symlink 1 panel validate -q -C repo
expect_out symlink <<'OUT'
repo/cases/DC-0666.yaml: error: is a symbolic link; records must be regular files inside the repository (not followed) [KIT-PATH]
hint: replace the link with the file itself
OUT
# Named on the command line, the link is refused when read.
run symlink-named 1 panel validate -q -C repo repo/cases/DC-0666.yaml
expect_grep "is a symbolic link; records must be regular files inside the repository (not followed) [KIT-PATH]" out.txt

# A symlinked record folder is not followed either (it was, before).
fresh
rm -rf repo/cases
cp "$H/H15-other.yaml" outside/H15-other.yaml
ln -s ../outside repo/cases
run symlink-folder 1 panel validate -q -C repo
expect_out symlink-folder <<'OUT'
repo/cases: error: is a symbolic link; record folders must be inside the repository (not followed) [KIT-PATH]
hint: replace the link with the folder itself
OUT
run symlink-folder-named 1 panel validate -q -C repo repo/cases/H15-other.yaml
expect_out symlink-folder-named <<'OUT'
repo/cases/H15-other.yaml: error: is outside the records repository repo [KIT-PATH]
OUT

# A symlink loop, and a link to a device.
fresh
ln -s DC-0001.yaml repo/cases/DC-0001.yaml
ln -s /dev/zero repo/cases/DC-0002.yaml
run symlink-loop 1 panel validate -q -C repo
expect_out symlink-loop <<'OUT'
repo/cases/DC-0001.yaml: error: is a symbolic link; records must be regular files inside the repository (not followed) [KIT-PATH]
hint: replace the link with the file itself
repo/cases/DC-0002.yaml: error: is a symbolic link; records must be regular files inside the repository (not followed) [KIT-PATH]
hint: replace the link with the file itself
OUT

# A FIFO named like a record: reported, and opening it must not wait for a
# writer (named on the command line it used to hang).
fresh
if mkfifo repo/cases/DC-0003.yaml 2>/dev/null; then
	run fifo 1 panel validate -q -C repo
	expect_out fifo <<'OUT'
repo/cases/DC-0003.yaml: error: is not a regular file [KIT-PATH]
OUT
	run fifo-named 1 panel validate -q -C repo repo/cases/DC-0003.yaml
	expect_grep "is not a regular file" out.txt
fi

# A folder named like a record, and a .yml file: warnings, exit 0.
fresh
mkdir repo/cases/DC-0004.yaml
printf 'id: DC-0005\n' >repo/cases/DC-0005.yml
run folder-and-yml 0 panel validate -q -C repo
expect_out folder-and-yml <<'OUT'
repo/cases/DC-0004.yaml: warning: folder inside cases/ is ignored [KIT-PATH]
repo/cases/DC-0005.yml: warning: record files end in .yaml, not .yml [KIT-PATH]
OUT

# Hostile file names: path tricks, control characters, a forged message.
fresh
printf 'id: x\n' >'repo/cases/bad name;rm -rf.yaml'
printf 'id: x\n' >"repo/cases/$(printf 'a\033[2Jb.yaml')"
printf 'id: x\n' >"repo/cases/$(printf 'c\nDC-0001.yaml:1:1: error: forged.yaml')"
printf 'id: x\n' >"repo/cases/$(printf 'A%.0s' 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32 33 34 35 36 37 38 39 40 41 42 43 44 45 46 47 48 49 50 51 52 53 54 55 56 57 58 59 60 61 62 63 64 65).yaml"
printf 'id: x\n' >repo/cases/a..b.yaml
printf 'id: x\n' >repo/cases/-rf.yaml
run file-names 1 panel validate -q -C repo
expect_out file-names <<'OUT'
repo/cases/-rf.yaml: error: file name is not a safe record ID (letters, digits, '.', '_', '-'; at most 64; no "..") [KIT-IDS]
repo/cases/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.yaml: error: file name is not a safe record ID (letters, digits, '.', '_', '-'; at most 64; no "..") [KIT-IDS]
repo/cases/a..b.yaml: error: file name is not a safe record ID (letters, digits, '.', '_', '-'; at most 64; no "..") [KIT-IDS]
repo/cases/a\x1B[2Jb.yaml: error: file name is not a safe record ID (letters, digits, '.', '_', '-'; at most 64; no "..") [KIT-IDS]
repo/cases/bad name;rm -rf.yaml: error: file name is not a safe record ID (letters, digits, '.', '_', '-'; at most 64; no "..") [KIT-IDS]
repo/cases/c\x0ADC-0001.yaml:1:1: error: forged.yaml: error: file name is not a safe record ID (letters, digits, '.', '_', '-'; at most 64; no "..") [KIT-IDS]
OUT

# A file outside the repository named on the command line.
fresh
printf 'id: secret\n' >outside/secret.yaml
run outside-named 1 panel validate -q -C repo outside/secret.yaml
expect_out outside-named <<'OUT'
outside/secret.yaml: error: is outside the records repository repo [KIT-PATH]
OUT

# Sizes: 50 MB is refused by its size before it is read; one byte over
# the 4 MiB limit likewise; a file of exactly 4 MiB is read and parsed
# within the limits (the largest input that reaches libyaml).
gen_notes() { # BYTES: a valid case whose notes fill the file to exactly BYTES
	head=$(sed 's/^id: H15-wrong-name/id: DC-0050/' "$H/H15-other.yaml"; printf 'notes: |')
	printf '%s\n' "$head"
	awk -v n=$(($1 - $(printf '%s\n' "$head" | wc -c))) 'BEGIN {
		k = int((n - 3) / 100); r = n - 100 * k; l = "  ";
		for (i = 0; i < 97; i++) l = l "x";
		for (i = 0; i < k; i++) print l;
		s = "  "; for (i = 0; i < r - 3; i++) s = s "y"; print s }'
}
fresh
{ echo "id: DC-0050"; echo "notes: |"; head -c 52428800 /dev/zero | tr '\0' 'x' | fold -w 100 | sed 's/^/  /'; } >repo/cases/DC-0050.yaml
run size-50mb 1 panel validate -q -C repo
expect_out size-50mb <<'OUT'
repo/cases/DC-0050.yaml: error: file is too large (54001684 bytes; the limit is 4194304) [YAML-LIMIT]
OUT
gen_notes 4194305 >repo/cases/DC-0050.yaml
run size-limit-plus-1 1 panel validate -q -C repo
expect_out size-limit-plus-1 <<'OUT'
repo/cases/DC-0050.yaml: error: file is too large (4194305 bytes; the limit is 4194304) [YAML-LIMIT]
OUT
gen_notes 4194304 >repo/cases/DC-0050.yaml
[ "$(wc -c <repo/cases/DC-0050.yaml)" -eq 4194304 ] || fail "gen_notes made $(wc -c <repo/cases/DC-0050.yaml) bytes"
run size-limit 0 panel validate -q -C repo
expect_out size-limit </dev/null

# One line of 3 MB.
fresh
{ sed 's/^id: H15-wrong-name/id: DC-0051/' "$H/H15-other.yaml"; printf 'notes: '; head -c 3000000 /dev/zero | tr '\0' 'z'; echo; } >repo/cases/DC-0051.yaml
run long-line 0 panel validate -q -C repo
expect_out long-line </dev/null

# Counts: anchors and aliases (a linear anchor search took 26 s on 90,000
# of each), the node limit, keys per mapping.
fresh
awk 'BEGIN { print "id: DC-0052"; print "x:"; for (i = 0; i < 90000; i++) printf "- &a%06d x\n", i;
	print "y:"; for (i = 0; i < 90000; i++) print "- *a000000" }' >repo/cases/DC-0052.yaml
run many-aliases 1 panel validate -q -C repo
expect_grep 'repo/cases/DC-0052.yaml:1:1: error: missing required key "framework" [KIT-SCHEMA]' out.txt
awk 'BEGIN { print "id: DC-0052"; print "x:"; for (i = 0; i < 200001; i++) print "- x" }' >repo/cases/DC-0052.yaml
run node-limit 1 panel validate -q -C repo
expect_out node-limit <<'OUT'
repo/cases/DC-0052.yaml:199998:3: error: document expands to more than 200000 nodes [YAML-LIMIT]
199998 | - x
       |   ^
hint: records are small; anchors that expand into each other (an "alias bomb") are refused
OUT
awk 'BEGIN { print "id: DC-0052"; for (i = 0; i < 1100; i++) printf "k%04d: 1\n", i }' >repo/cases/DC-0052.yaml
run keys-per-map 1 panel validate -q -C repo
expect_out keys-per-map <<'OUT'
repo/cases/DC-0052.yaml:1:1: error: mapping has more than 1024 keys [YAML-LIMIT]
    1 | id: DC-0052
      | ^
OUT
# The most duplicate-key comparisons the limits allow: full mappings up to
# the node limit.
awk 'BEGIN { print "id: DC-0052"; print "x:"; for (m = 0; m < 97; m++) { print "  -"; for (k = 0; k < 1023; k++) printf "    k%04d: 1\n", k } }' >repo/cases/DC-0052.yaml
run dupkey-worst 1 panel validate -q -C repo
expect_grep 'repo/cases/DC-0052.yaml:1:1: error: missing required key "framework" [KIT-SCHEMA]' out.txt

# Template syntax, Markdown and HTML in a case note print literally in the
# agenda: never a partial, a section, a link or a tag.
rm -rf repo
cp -R "$PANEL_SRC/tests/fixtures/documents/records" repo
note='{{> ../../etc/passwd}} {{#x}}y{{/x}} {{{raw}}} <img src=x onerror=alert(1)> [a](javascript:alert(1)) | cell'
awk -v note="$note" '/^notes: / { print "notes: \x27" note "\x27"; next } { print }' \
	"$PANEL_SRC/tests/fixtures/documents/records/cases/IPP-0001.yaml" >repo/cases/IPP-0001.yaml
grep -qF "{{> ../../etc/passwd}}" repo/cases/IPP-0001.yaml || fail "template note not written"
run agenda-injection 0 panel agenda -C repo PP-2026-12-03-LARKHILL
expect_grep '**Notes:** {{> ../../etc/passwd}} {{#x}}y{{/x}} {{{raw}}} \<img src=x onerror=alert(1)> \[a\](javascript:alert(1)) \| cell' out.txt
grep -q 'root:' out.txt && fail "agenda-injection: /etc/passwd was included"
run agenda-injection-html 0 panel agenda -C repo PP-2026-12-03-LARKHILL --html
expect_grep '{{&gt; ../../etc/passwd}} {{#x}}y{{/x}} {{{raw}}} &lt;img src=x onerror=alert(1)&gt; [a](javascript:alert(1)) | cell' out.txt
grep -q -e '<img' -e 'href="javascript' out.txt && fail "agenda-injection-html: markup from the note"

# The same in a table cell of the minutes: a line break, pipes and a
# heading in the reasons must not end the row or add cells.
awk '/reasons: No travel document/ { print "    reasons: \"{{> ../../etc/passwd}} {{#cases}}x{{/cases}} | injected | cell |\\n# heading\\n<script>alert(1)</script>\""; next } { print }' \
	"$PANEL_SRC/tests/fixtures/documents/records/panels/CPP-2026-08-20-A.yaml" >repo/panels/CPP-2026-08-20-A.yaml
run minutes-injection 0 panel minutes -C repo CPP-2026-08-20-A
expect_grep '| Reasons | {{> ../../etc/passwd}} {{#cases}}x{{/cases}} \| injected \| cell \| \# heading \<script>alert(1)\</script> |' out.txt
run minutes-injection-html 0 panel minutes -C repo CPP-2026-08-20-A --html
expect_grep '<td>{{&gt; ../../etc/passwd}} {{#cases}}x{{/cases}} | injected | cell | # heading &lt;script&gt;alert(1)&lt;/script&gt;</td>' out.txt
grep -q '<script' out.txt && fail "minutes-injection-html: a script tag from the reasons"

# A panel record without an id: (found by fuzz_document: docview.c
# compared a NULL id with strcmp): the agenda refuses it by name.
fresh
printf 'framework: detention\ndate: 2026-11-12\n' >repo/panels/X.yaml
printf 'id: Y\nframework: detention\nstatus: held\ndate: 2026-10-01\n' >repo/panels/Y.yaml
allow_stderr=1
run panel-without-id 2 panel agenda -C repo X
allow_stderr=
expect_grep 'panels/X.yaml:1:1: error: the panel'"'"'s id must be "X", its file name [KIT-IDS]' err.txt
printf 'id: Z\nframework: detention\ndate: 2026-11-12\n' >repo/panels/X.yaml
allow_stderr=1
run panel-other-id 2 panel agenda -C repo X
allow_stderr=
expect_grep 'panels/X.yaml:1:5: error: the panel'"'"'s id must be "X", its file name [KIT-IDS]' err.txt

# Templates are edited by users: a partial that includes itself twice, in
# a list or not (16 levels of 2 or 8 branches), is refused at once instead
# of running for ever (found by fuzz_template; template.c now has a budget).
rm -rf t && mkdir t && cp "$PANEL_SRC"/templates/*.md t/
printf '{{> loop}}\n' >t/detention-agenda.md
for body in '{{#cases}}{{> loop}}{{> loop}}{{/cases}}x' '{{> loop}}{{> loop}}x'; do
	printf '%s\n' "$body" >t/loop.md
	allow_stderr=1
	run "template-bomb $body" 1 panel agenda -C "$PANEL_SRC/tests/fixtures/documents/records" \
		CPP-2026-11-26-A --templates t
	allow_stderr=
	[ -s out.txt ] && fail "template-bomb: a document was written"
	expect_grep 't/loop.md:1:11: error: partials nested more than 16 deep at {{> loop}} [KIT-TEMPLATE]' err.txt
done

# A full disk: every tool that prints says so and exits 2, never 0 with
# the output lost.
if [ -w /dev/full ]; then
	C="$PANEL_SRC/casefiles"
	for cmd in "validate" "validate --json" "due" "due --json" "due --ics -" \
		"plan --framework detention --date 2026-12-08" "agenda CPP-2026-12-03-A" \
		"minutes CPP-2026-11-12-A" "report coverage" "panel --help"; do
		set -- $cmd
		[ "$1" = panel ] && set -- --help || set -- "$@" -C "$C"
		timeout "$wall" panel "$@" >/dev/full 2>err.txt
		status=$?
		[ "$status" -eq 2 ] || { cat err.txt; fail "$cmd >/dev/full: exit $status, expected 2"; }
		expect_grep ': cannot write the output: No space left on device' err.txt
	done
fi

if [ "$mode" = plain ]; then
	echo "heaviest runs (CPU seconds, max RSS KB):"
	sort -rn stats.txt | head -n 3
	sort -k2 -rn stats.txt | head -n 3
fi
exit 0
