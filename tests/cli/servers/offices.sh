# The N-office simulation of issue 14 (sourced by tests/cli/sync-offices.sh
# with OFFICES and OPS; bench/run.sh runs it with 16 offices).
# Each office is a process with its own clone over git://, doing seeded
# operations on a hot set of records: its own field of a hot case
# (different fields of one case), a field every office edits (the same
# field), list appends (referrals, keyed by date and source), appended
# notes, new records, deletions of its own records, with stale bases (it
# syncs only after its commit).  A conflict is resolved by taking theirs.
# Checks: no update lost (every office commit is in the server's history),
# no force push (the server denies non-fast-forwards and keeps a reflog:
# each new tip descends from the last), conflicts reported only where the
# values differ, every commit on the server's branch validates, all clones
# converge on the server's tree; the server is made by panel init --bare,
# so panel guard refuses the invalid edits that the offices push with plain
# git among their operations (a date that does not exist, on top of the
# server's tip, past every hook of the clone), each refusal reaches the
# pusher with the guard's message, and panel audit of a clone of the server
# finds nothing.  LAND=1 (the default): the server lands the pushes itself
# (panel guard --land, as panel init --bare sets it up); LAND=0: a server
# that does not, so the offices race for the branch with back-off.
. "$PANEL_SRC/tests/cli/lib.sh"
. "$PANEL_SRC/tests/cli/servers/gitd.sh"
trap stop_servers EXIT
: "${OFFICES:=4}" "${OPS:=25}" "${RECORDS:=200}" "${HOT:=4}" "${LAND:=1}"
PANEL_TODAY=2026-11-23 HOME=$PWD/home GIT_CONFIG_NOSYSTEM=1
export PANEL_TODAY HOME GIT_CONFIG_NOSYSTEM
unset PANEL_DATA_DIR GIT_INDEX_FILE
mkdir -p home
git config --global user.name "Barnaby Quince"
git config --global user.email barnaby.quince@example.org
git config --global init.defaultBranch main
top=$PWD

panel init seed >/dev/null || fail "init"
cp -R "$PANEL_SRC/casefiles/people" seed/
# each office commits as a person of people/ (the acceptance check refuses
# other authors)
k=0
while [ $k -lt "$OFFICES" ]; do
	cat >"seed/people/office-$k.yaml" <<END
# yaml-language-server: \$schema=../schema/person.schema.json
id: office-$k
name: Office $k
organisation: home-office
grade: EO
roles: [caseworker]
team: north
email: o$k@example.org
END
	k=$((k + 1))
done
i=0
while [ $i -lt "$RECORDS" ]; do
	id=$(printf 'DC-%04d' $((5000 + i)))
	cat >"seed/cases/$id.yaml" <<END
# yaml-language-server: \$schema=../schema/case.schema.json
id: $id
framework: detention
name: Synthetic Person $i
team: north
owner: fennimore-grubb
detention:
  start: 2025-01-04
location: IRC Fernmoor
removal_directions: 2026-12-01
adult_at_risk: none
mappa: none
notes: Opened.
referrals:
  - date: 2026-10-05
    source: dvaat
    reason: Initial referral.
END
	i=$((i + 1))
done
(cd seed && panel commit -m "Seed $RECORDS cases" >/dev/null 2>&1) || fail "seed commit"
# the shared repository as an organisation sets it up: panel init --bare,
# panel guard as its pre-receive hook (no force push, no deletion, every
# pushed commit through the acceptance check); the seed goes in through it
mkdir srv
panel init --bare srv/records.git >/dev/null || fail "init --bare"
git -C srv/records.git config core.logAllRefUpdates always
if [ "$LAND" = 0 ]; then
	# a server that does not land pushes (a forge that runs no
	# proc-receive hook): the offices race for the branch
	git -C srv/records.git config --unset receive.procReceiveRefs
	git -C srv/records.git update-ref -d refs/panelkit/lands
	rm srv/records.git/hooks/proc-receive
fi
git -C seed push -q "$top/srv/records.git" main 2>seed-push.err || { cat seed-push.err; fail "seed push through the guard"; }
start_git_daemon "$top/srv" || fail "git daemon"
URL="$GITD_URL/records.git"

# office K: runs OPS operations, logging "op rc" lines and conflicts
run_office() {
	k=$1 dir="o$1"
	git clone -q "$URL" "$dir" || exit 1
	git -C "$dir" config user.name "Office $k"
	git -C "$dir" config user.email "o$k@example.org"
	field_of() { case $1 in 0) echo location ;; 1) echo removal_directions ;; 2) echo mappa ;; *) echo notes ;; esac; }
	awk -v s=$((k * 7919 + 17)) -v n="$OPS" -v hot="$HOT" 'BEGIN { srand(s); for (i = 0; i < n; i++) printf "%d %d %d\n", int(rand() * 7), int(rand() * hot), int(rand() * 4) }' |
	{
	op=0
	while read -r kind h v; do
		op=$((op + 1))
		f="$dir/cases/$(printf 'DC-%04d' $((5000 + h))).yaml"
		if [ "$kind" -eq 6 ]; then
			# an invalid edit pushed with plain git on the server's tip,
			# leaving the office's own branch as it is: the guard must
			# refuse it (a lost race to another office is tried again)
			rel=cases/$(printf 'DC-%04d' $((5000 + h))).yaml
			try=0 how=race
			while [ $try -lt 8 ] && [ $how = race ]; do
				try=$((try + 1))
				# after a lost race, a moment's pause (up to 0.3 s)
				[ $try -eq 1 ] || sleep "0.$(awk -v s="$k$op$try" 'BEGIN { srand(s); printf "%d", 1 + rand() * 3 }')"
				git -C "$dir" fetch -q origin 2>/dev/null
				blob=$(git -C "$dir" show "origin/main:$rel" | sed 's/^  start: .*/  start: 2025-02-30/' |
					git -C "$dir" hash-object -w --stdin)
				idx="$top/$dir.badindex"
				GIT_INDEX_FILE=$idx git -C "$dir" read-tree origin/main
				GIT_INDEX_FILE=$idx git -C "$dir" update-index --cacheinfo "100644,$blob,$rel"
				tree=$(GIT_INDEX_FILE=$idx git -C "$dir" write-tree)
				rm -f "$idx"
				bad=$(git -C "$dir" commit-tree "$tree" -p origin/main -m "Office $k op $op: a date that does not exist" -m "Case: ${rel#cases/}")
				if git -C "$dir" push -q origin "$bad:refs/heads/main" 2>"$dir.bad.err"; then
					how=accepted
				elif grep -q "remote: .*$rel:.*\[KIT-DATES\]" "$dir.bad.err"; then
					how=refused
				elif grep -q "fetch first\|non-fast-forward\|cannot lock ref" "$dir.bad.err"; then
					how=race
				else
					how=unexplained
				fi
			done
			cat "$dir.bad.err" >>"$dir.bad.errs"
			echo "$op invalid-$how $bad"
			continue
		fi
		case $kind in
		0) # its own field of a hot case
			case $((k % 4)) in
			0) sed -i "s/^location: .*/location: IRC Office$k-$op/" "$f" ;;
			1) sed -i "s/^removal_directions: .*/removal_directions: 2026-12-$(printf %02d $((op % 28 + 1)))/" "$f" ;;
			2) sed -i "s/^mappa: .*/mappa: level-$((op % 3 + 1))/" "$f" ;;
			3) sed -i "s/^notes: \(.*\)/notes: \1 O$k-$op./" "$f" ;;
			esac ;;
		1) # the field every office edits
			sed -i "s/^adult_at_risk: .*/adult_at_risk: level-$(( (k + v / 2) % 3 + 1))/" "$f" ;;
		2) # a list append, unique date per office and operation
			printf '  - date: 2026-%02d-%02d\n    source: dvaat\n    reason: Office %s, operation %s.\n' \
				$((k % 9 + 1)) $((op % 28 + 1)) "$k" "$op" >>"$f" ;;
		3) # appended notes
			sed -i "s/^notes: \(.*\)/notes: \1 N$k-$op./" "$f" ;;
		4) # a new record
			id=$(printf 'DC-%d%03d' $((6 + k)) "$op")
			sed "s/^id: .*/id: $id/" "$dir/cases/DC-5000.yaml" >"$dir/cases/$id.yaml" ;;
		5) # delete one of its own cold records
			c=$(printf 'DC-%04d' $((5000 + HOT + k * OPS + op)))
			[ -e "$dir/cases/$c.yaml" ] && git -C "$dir" rm -q "cases/$c.yaml" ;;
		esac
		if ! (cd "$dir" && panel commit -m "Office $k op $op" >/dev/null 2>"../$dir.commit.err"); then
			cat "$dir.commit.err" >>"$dir.commit.errs"
			if grep -q "nothing to commit" "$dir.commit.err"; then
				echo "$op unchanged" # the edit wrote the value already there
			else
				echo "$op commit-failed"
			fi
			git -C "$dir" reset -q --hard
			git -C "$dir" clean -fdq
			continue
		fi
		git -C "$dir" rev-parse HEAD >>"$dir.commits"
		# stale bases: sync after every third operation only
		[ $((op % 3)) -eq 0 ] || [ "$op" -eq "$OPS" ] || continue
		tries=0
		while :; do
			tries=$((tries + 1))
			t0=$(date +%s%N)
			panel sync -C "$dir" --json >"$dir.out" 2>"$dir.err"
			rc=$?
			echo $(( ($(date +%s%N) - t0) / 1000000 )) >>"$dir.ms"
			cat "$dir.err" >>"$dir.errs"
			echo "$op $rc"
			sed -n 's/.*"attempts": \([0-9]*\).*/\1/p' "$dir.out" >>"$dir.attempts"
			[ $rc -eq 3 ] && cat "$dir.out" >>"$dir.conflicts"
			if [ $rc -eq 3 ] && [ $tries -lt 6 ]; then
				panel resolve -C "$dir" --list | while IFS="$(printf '\t')" read -r rec fld; do
					rec=${rec#"$dir/"}
					if [ -n "$fld" ]; then panel resolve -C "$dir" "$rec" "$fld" --take theirs
					else panel resolve -C "$dir" "$rec" --take theirs; fi >/dev/null 2>&1
				done
				continue
			fi
			[ $rc -eq 4 ] && [ $tries -lt 6 ] && continue
			break
		done
	done
	} >"$dir.log"
}

start=$(date +%s)
k=0
pids=""
while [ $k -lt "$OFFICES" ]; do
	run_office $k &
	pids="$pids $!"
	k=$((k + 1))
done
for p in $pids; do wait "$p"; done
elapsed=$(( $(date +%s) - start ))

# every office converges (a last sync each) on the server's tree; an office
# whose last operations were not synced yet (its last operation was an
# invalid plain-git push) may meet a true conflict there: taken as theirs
final_sync() {
	t=0
	while [ $t -lt 4 ]; do
		t=$((t + 1))
		panel sync -C "$1" >/dev/null 2>&1
		case $? in
		0) return 0 ;;
		3) panel resolve -C "$1" --list 2>/dev/null | while IFS="$(printf '\t')" read -r rec fld; do
			rec=${rec#"$1/"}
			if [ -n "$fld" ]; then panel resolve -C "$1" "$rec" "$fld" --take theirs
			else panel resolve -C "$1" "$rec" --take theirs; fi >/dev/null 2>&1
		   done ;;
		esac
	done
	return 1
}
k=0
while [ $k -lt "$OFFICES" ]; do
	final_sync "o$k" || fail "office $k: final sync"
	k=$((k + 1))
done
k=0
while [ $k -lt "$OFFICES" ]; do
	panel sync -C "o$k" >/dev/null 2>&1 || fail "office $k: final sync"
	[ "$(git -C "o$k" rev-parse HEAD^{tree})" = "$(git -C srv/records.git rev-parse main^{tree})" ] ||
		fail "office $k did not converge on the server's tree"
	k=$((k + 1))
done

# no update lost: every office commit is in the server's history
tip=$(git -C srv/records.git rev-parse main)
lost=0
for c in $(cat o*.commits); do
	git -C srv/records.git merge-base --is-ancestor "$c" "$tip" 2>/dev/null || lost=$((lost + 1))
done
[ $lost -eq 0 ] || fail "$lost office commits are not in the server's history"

# no force push: each reflog entry's new tip descends from the old one
git -C srv/records.git reflog show --format='%H' refs/heads/main >reflog.txt
prev=""
for c in $(tac reflog.txt); do
	[ -z "$prev" ] || git -C srv/records.git merge-base --is-ancestor "$prev" "$c" || fail "non-fast-forward update $prev -> $c"
	prev=$c
done
grep -h ' 4$' o*.log >rejected.txt && fail "a push was rejected: $(cat rejected.txt)"
# the offices' invalid plain-git pushes: every one that reached the guard
# refused by it with its message (one that lost 8 races in a row to the
# other offices never reached it), none on the server
grep -h ' invalid-' o*.log >invalid.txt || :
grep -v ' invalid-refused \| invalid-race ' invalid.txt >bad.txt && { cat o*.bad.errs | tail -5; fail "an invalid push was not refused by the guard: $(head -3 bad.txt)"; }
invalid=$(grep -c ' invalid-refused ' invalid.txt || :)
raced=$(grep -c ' invalid-race ' invalid.txt || :)
[ "$invalid" -ge 1 ] || fail "the seeded operations made no invalid push the guard judged (seed them so some do)"
for c in $(awk '{print $3}' invalid.txt); do
	git -C srv/records.git merge-base --is-ancestor "$c" main 2>/dev/null && fail "refused commit $c is on the server's branch"
done
grep -h 'commit-failed' o*.log >errors.txt && fail "a valid edit was refused by panel commit: $(head -3 errors.txt)"
grep -h ' [25]$' o*.log >errors.txt && fail "a sync failed: $(cat errors.txt | head -3)"

# conflicts only where the two values differ
if [ -s o0.conflicts ] || ls o*.conflicts >/dev/null 2>&1; then
	cat o*.conflicts 2>/dev/null | tr -d '\n' | grep -o '"ours": {"value": [^}]*}, "theirs": {"value": [^}]*}' >pairs.txt || :
	while read -r line; do
		o=$(echo "$line" | sed 's/^"ours": {"value": \([^,]*\),.*/\1/')
		t=$(echo "$line" | sed 's/.*"theirs": {"value": \([^,]*\),.*/\1/')
		[ "$o" != "$t" ] || fail "a same-value edit was reported as a conflict: $line"
	done <pairs.txt
fi

# and once more after the run, from an office's own branch, past its
# clone's hooks: the server's branch does not move
tip=$(git -C srv/records.git rev-parse main)
sed -i 's/^  start: .*/  start: 2025-02-30/' o0/cases/DC-5000.yaml
git -C o0 commit -q --no-verify -am "A date that does not exist" -m "Case: DC-5000"
git -C o0 push -q origin main 2>bad-push.err && fail "the guard let an invalid record in"
grep -q "remote: .*cases/DC-5000.yaml:.*\[KIT-DATES\]" bad-push.err || { cat bad-push.err; fail "the guard's message did not reach the pusher"; }
[ "$(git -C srv/records.git rev-parse main)" = "$tip" ] || fail "a refused push moved the server's branch"
git -C o0 reset -q --hard origin/main

# every tip the server's branch took validates (the office commits
# between them were validated by panel commit)
n=0
for c in $(sort -u reflog.txt); do
	rm -rf check && mkdir check
	git -C srv/records.git archive "$c" | tar -x -C check
	[ -d check/cases ] || continue
	panel validate check >/dev/null 2>val.err
	grep -q ': error:' val.err && { cat val.err | head; fail "commit $c does not validate"; }
	n=$((n + 1))
done
# ... and the whole history passes the acceptance check commit by commit,
# as panel audit runs it in a fresh clone of the server (the guard already
# refused anything else; sync's merge commits name only what they change)
git clone -q srv/records.git audit || fail "clone for the audit"
panel audit -C audit >audit.out 2>&1 || { cat audit.out | head -20; fail "panel audit of the server's history"; }
grep -q ': 0 findings$' audit.out || { cat audit.out | head; fail "the audit found something"; }
conflicts=$(cat o*.log | grep -c ' 3$' || :)
syncs=$(grep -hv ' invalid-' o*.log | wc -l)
attempts=$(cat o*.attempts | sort -n | awk '{a[NR] = $1; s += $1} END {printf "%s/%s,mean=%.2f", a[int((NR + 1) / 2)], a[NR], s / NR}')
p95=$(cat o*.ms | sort -n | awk '{a[NR] = $1} END {i = int(NR * 0.95 + 0.999); if (i < 1) i = 1; print a[i]}')
# the server landed the pushes (LAND=1) or the offices raced (LAND=0)
landings=$(git -C srv/records.git log --format=%B main | grep -c '^Panel-Land: main$' || :)
if [ "$LAND" = 0 ]; then
	[ "$landings" -eq 0 ] || fail "$landings landings on a server that does not land pushes"
else
	[ "$landings" -ge 1 ] || fail "the server landed no push by a merge of its own"
fi
echo "offices=$OFFICES land=$LAND attempts(median/max)=$attempts sync_ms_p95=$p95 landed_by_merge=$landings ops=$OPS commits=$(cat o*.commits | wc -l) syncs=$syncs conflicts=$conflicts invalid_pushes_refused=$invalid invalid_pushes_raced_out=$raced validated=$n elapsed=${elapsed}s"
