# Writers killed at every point (issue 8): SIGKILL each tool that writes
# while it writes, and check that every file it writes is the old version or
# the new one (never a mix, never half written, nothing left that a record
# walk would pick up), that the git repository passes `git fsck`, and that
# the next run works.
#
# Two ways of killing:
#  - at each system call of the write path, one at a time: strace injects
#    SIGKILL at the Nth openat, write, fsync, rename, link, unlink, close...
#    (every N up to the count in a full run; above $PANEL_KILL_MAX, default
#    12, the first and last ones and a random sample), so every step of the
#    write is hit;
#  - at random moments: the tool in the background, SIGKILL after a random
#    delay within its measured run time ($PANEL_KILL_ROUNDS times, default
#    6; seed $PANEL_KILL_SEED, printed on failure).
# The defaults keep `make check` short; the hardening run uses
#    PANEL_KILL_MAX=1000 PANEL_KILL_ROUNDS=100
#
# Writers: panel agenda -o, panel minutes -o, panel due --ics, panel
# report -o, panel commit, panel plan --write and panel init (each skipped
# when not built).
. "$PANEL_SRC/tests/cli/lib.sh"
PANEL_TODAY=2026-11-23
export PANEL_TODAY
unset PANEL_DATA_DIR PANEL_TEMPLATES
if [ -n "${PANEL_VALGRIND:-}" ]; then
	echo "skipped under valgrind: killing memcheck's child tests nothing"
	exit 0
fi
rounds=${PANEL_KILL_ROUNDS:-6}
max=${PANEL_KILL_MAX:-12}
# Never let a git command in a half-made repository find an outer one.
GIT_CEILING_DIRECTORIES=$(pwd)
export GIT_CEILING_DIRECTORIES
seed=${PANEL_KILL_SEED:-$$}
have_strace=0
command -v strace >/dev/null 2>&1 && strace -f -qq -o /dev/null true 2>/dev/null && have_strace=1
[ "$have_strace" = 1 ] || echo "note: strace unusable here; random kills only"
SYSCALLS="openat write pwrite64 fsync fdatasync rename renameat renameat2 link linkat unlink unlinkat close ftruncate mkdir"
R="$PANEL_SRC/tests/fixtures/documents/records"
fails=0

# killed_at WHERE: a failure message naming how to reproduce.
bad() {
	echo "FAIL: $writer killed at $where: $*"
	fails=$((fails + 1))
}

# run_killed HOW CMD...: runs CMD once and kills it.  HOW is "SYSCALL N"
# (strace) or "after SECONDS".
run_killed() {
	how=$1 arg=$2
	shift 2
	if [ "$how" = after ]; then
		"$@" >/dev/null 2>&1 &
		pid=$!
		sleep "$arg"
		kill -9 "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	else
		strace -f -qq -o /dev/null -e inject="$how":signal=KILL:when="$arg" "$@" >/dev/null 2>&1
	fi
	return 0
}

# kill_points CMD...: "SYSCALL N" lines, one per kill point of a full run.
kill_points() {
	[ "$have_strace" = 1 ] || return 0
	set_=$(echo $SYSCALLS | tr ' ' ',')
	strace -f -qq -o trace.txt -e trace="$set_" "$@" >/dev/null 2>&1
	for s in $SYSCALLS; do
		c=$(grep -c "^[0-9]* *$s(" trace.txt)
		[ "$c" -gt 0 ] || continue
		if [ "$c" -le "$max" ]; then
			seq 1 "$c"
		else	# the first and last of them, and a random few in between
			e=$((max * 2 / 5))
			{ seq 1 "$e"; seq $((c - e + 1)) "$c"; awk -v c="$c" -v e="$e" -v k=$((max - 2 * e)) -v s="$seed" 'BEGIN {
				srand(s); for (i = 0; i < k; i++) print e + 1 + int(rand() * (c - 2 * e)) }'; } | sort -nu
		fi | sed "s/^/$s /"
	done
	rm -f trace.txt
}

# delays CMD...: $rounds random delays within the run time of CMD.
delays() {
	start=$(date +%s%N)
	"$@" >/dev/null 2>&1
	end=$(date +%s%N)
	awk -v ns=$((end - start)) -v n="$rounds" -v s="$seed" 'BEGIN { srand(s);
		for (i = 0; i < n; i++) printf "%.4f\n", rand() * ns * 1.2 / 1e9 }'
}

# only_dot_files DIR...: nothing but the expected files and dot files.
stray_files() {
	for d in "$@"; do
		ls "$d" | grep -v -x -F -f expected-names.txt
	done
}

# ---- plain file writers: -o / --ics ------------------------------------
# file_writer NAME OUTPUT CMD...: OUTPUT holds OLD before each run and must
# hold OLD or exactly what an uninterrupted run writes.
file_writer() {
	writer=$1 out=$2
	shift 2
	printf 'OLD\n' >old.txt
	rm -rf w && mkdir w
	(cd w && "$@") >/dev/null 2>&1 || { fails=$((fails + 1)); echo "FAIL: $writer does not run"; return; }
	cp "w/$out" new.txt
	cmp -s old.txt new.txt && { echo "FAIL: $writer: new output equals OLD"; fails=$((fails + 1)); return; }
	printf '%s\n' "$out" >expected-names.txt
	n=0 old=0 new=0
	{ (cd w && kill_points "$@"); (cd w && delays "$@" | sed 's/^/after /'); } >points.txt
	while read -r how arg; do
		rm -rf w && mkdir w && cp old.txt "w/$out"
		where="$how $arg"
		(cd w && run_killed "$how" "$arg" "$@")
		if cmp -s "w/$out" old.txt; then
			old=$((old + 1))
		elif cmp -s "w/$out" new.txt; then
			new=$((new + 1))
		else
			bad "$out is neither the old nor the new version ($(wc -c <"w/$out") bytes)"
		fi
		s=$(stray_files w)
		[ -z "$s" ] || bad "left behind: $s"
		n=$((n + 1))
	done <points.txt
	echo "$writer: $n kills ($old old, $new new)"
	[ "$n" -ge "$rounds" ] || bad "only $n kill points"
}

file_writer "panel agenda -o" out.md panel agenda -C "$R" CPP-2026-11-26-A -o out.md
file_writer "panel minutes --html -o" out.html panel minutes -C "$R" PP-2026-06-04-LARKHILL --html -o out.html
file_writer "panel due --ics" due.ics panel due -C "$R" --ics due.ics
file_writer "panel report -o" report.md panel report coverage -C "$R" -o report.md

# ---- git writers -----------------------------------------------------
# A records repository in git with one change to commit.
git_repo() {
	rm -rf g
	cp -R "$R" g
	# the kill author is not in people/: a warning by this policy
	printf 'accept:\n  author-not-in-people: warn\n' >g/panelkit.yaml
	(cd g && git init -q -b main && git config user.name "Kill Test" &&
	 git config user.email kill@example.org && git add -A && git commit -q -m "Initial records") ||
		fail "cannot create the git repository"
}

# git_state DIR: "HEAD-oid" and the tree of HEAD, for old/new comparison.
git_check() {
	(cd g && git fsck --no-progress --no-dangling >fsck.out 2>&1) || bad "git fsck: $(cat g/fsck.out)"
	rm -f g/fsck.out
	head=$(cd g && git rev-parse HEAD)
	case $head in
	"$old_head") old=$((old + 1)) ;;
	*)	if [ "$(cd g && git rev-parse 'HEAD^{tree}')" = "$new_tree" ] &&
		   [ "$(cd g && git rev-parse HEAD~1)" = "$old_head" ]; then
			new=$((new + 1))
		else
			bad "HEAD $head is neither the old commit nor one with the new tree"
		fi ;;
	esac
}

if command -v panel-commit >/dev/null 2>&1; then
	writer="panel commit"
	git_repo
	cd g || fail "cd g"
	sed 's/^location: .*/location: Kill Test IRC/' cases/DC-0002.yaml >x && mv x cases/DC-0002.yaml
	cd ..
	cp -R g g0
	old_head=$(cd g && git rev-parse HEAD)
	(cd g && panel commit -m "Kill test" cases/DC-0002.yaml) >commit.out 2>&1 ||
		{ cat commit.out; fail "panel commit does not run"; }
	new_tree=$(cd g && git rev-parse 'HEAD^{tree}')
	new_blob=$(cd g && git rev-parse HEAD:cases/DC-0002.yaml)
	old_blob=$(cd g0 && git rev-parse HEAD:cases/DC-0002.yaml)
	n=0 old=0 new=0 stale=0
	index_blob() { (cd g && git ls-files -s cases/DC-0002.yaml | cut -d' ' -f2); }
	rm -rf g && cp -R g0 g
	{ (cd g && kill_points panel commit -m "Kill test" cases/DC-0002.yaml)
	  (cd g && delays panel commit -m "Kill test" cases/DC-0002.yaml | sed 's/^/after /'); } >points.txt
	while read -r how arg; do
		rm -rf g && cp -R g0 g
		where="$how $arg"
		(cd g && run_killed "$how" "$arg" panel commit -m "Kill test" cases/DC-0002.yaml)
		git_check
		cmp -s g/cases/DC-0002.yaml g0/cases/DC-0002.yaml || bad "the record in the work tree changed"
		# The index is written before HEAD moves: after a kill the change is
		# committed, staged, or untouched; never staged in reverse (HEAD new,
		# index old), which a plain `git commit` would turn into a revert.
		ib=$(index_blob)
		hb=$(cd g && git rev-parse HEAD:cases/DC-0002.yaml)
		if [ "$ib" != "$hb" ]; then
			if [ "$hb" = "$old_blob" ] && [ "$ib" = "$new_blob" ]; then
				stale=$((stale + 1))
			else
				bad "the index does not follow HEAD (index $ib, HEAD $hb)"
			fi
		fi
		# The next run finishes the job (or says clearly why not).
		if [ -f g/.git/index.lock ]; then
			bad "left .git/index.lock behind"
			rm -f g/.git/index.lock
		fi
		(cd g && panel commit -m "Kill test" cases/DC-0002.yaml) >again.out 2>&1
		st=$?
		[ "$st" -eq 0 ] || [ "$st" -eq 1 ] ||
			{ grep -q "nothing to commit\|no record differs" again.out || bad "next run: exit $st: $(cat again.out)"; }
		[ "$(cd g && git rev-parse 'HEAD^{tree}')" = "$new_tree" ] || bad "next run did not commit the new tree"
		[ "$(index_blob)" = "$(cd g && git rev-parse HEAD:cases/DC-0002.yaml)" ] ||
			bad "after the next run the index still differs from HEAD"
		(cd g && git fsck --no-progress --no-dangling >/dev/null 2>&1) || bad "git fsck after the next run"
		[ ! -e g/.git/refs/heads/main.lock ] || bad "left .git/refs/heads/main.lock behind"
		n=$((n + 1))
	done <points.txt
	echo "$writer: $n kills ($old old, $new new; $stale left the change staged for the next run)"
	rm -rf g g0
else
	echo "panel commit: not built yet; skipped"
fi

# panel plan --write creates panels/<ID>.yaml, never over an existing file:
# after a kill the panel is absent or complete, and the next run writes it
# (or, if it was complete, refuses to overwrite it).
if command -v panel-plan >/dev/null 2>&1; then
	writer="panel plan --write"
	C="$PANEL_SRC/casefiles"
	plan="panel plan --framework detention --date 2026-12-10 --chair marigold-penhallow -C repo --write"
	out=repo/panels/CPP-2026-12-10-A.yaml
	rm -rf w && mkdir w && cp -R "$C" w/repo
	(cd w && $plan) >plan.out 2>&1 || { cat plan.out; fail "panel plan --write does not run"; }
	[ -f "w/$out" ] || fail "panel plan --write wrote no $out"
	cp "w/$out" new.txt
	ls w/repo/panels >expected-names.txt
	n=0 old=0 new=0
	rm -rf w && mkdir w && cp -R "$C" w/repo
	{ (cd w && kill_points $plan); rm -f "w/$out"; (cd w && delays $plan | sed 's/^/after /'); } >points.txt
	while read -r how arg; do
		rm -rf w && mkdir w && cp -R "$C" w/repo
		where="$how $arg"
		(cd w && run_killed "$how" "$arg" $plan)
		if [ ! -e "w/$out" ]; then
			old=$((old + 1))
			(cd w && $plan) >/dev/null 2>&1 || bad "the next run failed"
			cmp -s "w/$out" new.txt || bad "the next run wrote something else"
		elif cmp -s "w/$out" new.txt; then
			new=$((new + 1))
			(cd w && $plan) >again.out 2>&1 && bad "the next run overwrote the panel"
		else
			bad "$out is neither absent nor the new panel ($(wc -c <"w/$out") bytes)"
		fi
		s=$(stray_files w/repo/panels)
		[ -z "$s" ] || bad "left behind: $s"
		n=$((n + 1))
	done <points.txt
	echo "$writer: $n kills ($old absent, $new new)"
	rm -rf w
else
	echo "panel plan --write: not built yet; skipped"
fi

# panel plan --write inside a git repository: the kill can fall between
# writing the panel and committing it.  The next run must finish that
# write (commit the same panel) instead of planning a second sitting -B
# beside an uncommitted -A; and no kill may leave a ref lock that blocks
# git after the next run.
if command -v panel-plan >/dev/null 2>&1; then
	writer="panel plan --write (git)"
	plan="panel plan --framework detention --date 2026-12-10 --chair marigold-penhallow -C repo --write"
	rm -rf w0 && mkdir w0 && cp -R "$PANEL_SRC/casefiles" w0/repo && rm -f w0/repo/schema
	(cd w0/repo && git init -q -b main && git config user.name "Barnaby Quince" &&
	 git config user.email barnaby.quince@example.org && git add -A &&
	 git commit -q -m "Import" -m "Case: DC-0001") || fail "cannot create the git repository"
	old_head=$(cd w0/repo && git rev-parse HEAD)
	rm -rf w && cp -R w0 w
	(cd w && $plan) >plan.out 2>&1 || { cat plan.out; fail "panel plan --write does not run in git"; }
	new_tree=$(cd w/repo && git rev-parse 'HEAD^{tree}')
	n=0 absent=0 finished=0 committed=0
	rm -rf w && cp -R w0 w
	{ (cd w && kill_points $plan); rm -rf w && cp -R w0 w; (cd w && delays $plan | sed 's/^/after /'); } >points.txt
	while read -r how arg; do
		rm -rf w && cp -R w0 w
		where="$how $arg"
		(cd w && run_killed "$how" "$arg" $plan)
		(cd w/repo && git fsck --no-progress --no-dangling >/dev/null 2>&1) || bad "git fsck"
		head=$(cd w/repo && git rev-parse HEAD)
		left=$([ -f w/repo/panels/CPP-2026-12-10-A.yaml ] && echo 1 || echo 0)
		if [ "$head" != "$old_head" ]; then
			committed=$((committed + 1))
		elif [ "$left" = 1 ]; then
			finished=$((finished + 1))
		else
			absent=$((absent + 1))
		fi
		(cd w && $plan) >again.out 2>&1
		st=$?
		[ "$st" -le 1 ] || bad "next run: exit $st: $(cat again.out)"
		[ "$(cd w/repo && git rev-parse 'HEAD^{tree}')" = "$new_tree" ] ||
			bad "after the next run HEAD is not the planned panel ($(cat again.out))"
		[ ! -e w/repo/panels/CPP-2026-12-10-B.yaml ] || bad "the next run planned a second sitting -B"
		# (a dot file is pk_write_atomic's temporary, killed before its
		# unlink: no record walk reads it)
		[ -z "$(cd w/repo && git status --porcelain -- panels | grep -v '^?? panels/\.')" ] ||
			bad "a panel is left uncommitted"
		[ ! -e w/repo/.git/refs/heads/main.lock ] || bad "left .git/refs/heads/main.lock behind"
		(cd w/repo && git commit -q --allow-empty -m "git still works" >/dev/null 2>&1) || bad "plain git is blocked"
		n=$((n + 1))
	done <points.txt
	echo "$writer: $n kills ($absent nothing written, $finished written but not committed (finished by the next run), $committed committed)"
	rm -rf w w0
fi

# panel init DIR: after a kill, DIR is either a complete repository (the
# initial commit is there and git fsck passes) or the next panel init
# finishes the job.
if command -v panel-init >/dev/null 2>&1; then
	writer="panel init"
	init="panel init --author Kill<kill@example.org> r"
	rm -rf w && mkdir w
	(cd w && $init) >init.out 2>&1 || { cat init.out; fail "panel init does not run"; }
	n=0 done_=0 redone=0 stuck=0
	rm -rf w && mkdir w
	{ (cd w && kill_points $init); rm -rf w/r; (cd w && delays $init | sed 's/^/after /'); } >points.txt
	while read -r how arg; do
		rm -rf w && mkdir w
		where="$how $arg"
		(cd w && run_killed "$how" "$arg" $init)
		if [ -d w/r/.git ] && (cd w/r && git rev-parse -q --verify HEAD >/dev/null 2>&1 &&
		    git fsck --no-progress --no-dangling >/dev/null 2>&1 && [ -d cases ] && [ -d schema ]); then
			done_=$((done_ + 1))
		elif (cd w && $init) >again.out 2>&1; then
			redone=$((redone + 1))
			(cd w/r && git rev-parse -q --verify HEAD >/dev/null &&
			 git fsck --no-progress --no-dangling >/dev/null 2>&1) || bad "the next run made a broken repository"
		else
			stuck=$((stuck + 1))
			[ "$stuck" -eq 1 ] && first_stuck="$where: $(head -n 1 again.out)"
		fi
		s=$(ls w | grep -v -x r)
		[ -z "$s" ] || bad "left behind: $s"
		n=$((n + 1))
	done <points.txt
	echo "$writer: $n kills ($done_ complete, $redone completed by the next run, $stuck left a directory panel init refuses)"
	[ "$stuck" -eq 0 ] || { where=$first_stuck; bad "$stuck kills left a directory panel init refuses"; }
	rm -rf w
fi

[ "$fails" -eq 0 ] || { echo "seed $seed (PANEL_KILL_SEED=$seed to repeat)"; exit 1; }
exit 0
