# panel sync over ssh (issue 14: credentials over ssh, keys and agent),
# against OpenSSH's sshd on loopback, started and stopped here with a host
# key made here.  The server's host key is checked against
# ~/.ssh/known_hosts as ssh checks it (libgit2 1.5 alone takes any key).
. "$PANEL_SRC/tests/cli/lib.sh"
. "$PANEL_SRC/tests/cli/servers/gitd.sh"
trap 'stop_servers; [ -n "${SSH_AGENT_PID:-}" ] && kill "$SSH_AGENT_PID" 2>/dev/null' EXIT
PANEL_TODAY=2026-11-23 HOME=$PWD/home GIT_CONFIG_NOSYSTEM=1
export PANEL_TODAY HOME GIT_CONFIG_NOSYSTEM
unset PANEL_DATA_DIR GIT_INDEX_FILE SSH_AUTH_SOCK SSH_AGENT_PID GIT_SSH GIT_SSH_COMMAND
mkdir -p home/.ssh
chmod 700 home/.ssh
git config --global user.name "Barnaby Quince"
git config --global user.email barnaby.quince@example.org
git config --global init.defaultBranch main
top=$PWD
# libgit2 1.5.1's ssh transport (Debian 12) loses memory on every connection:
# libssh2's known-hosts list (libgit2 issue 6598, fixed in 1.7) and the pieces
# of the parsed URL, about 1 KB, inside git_remote_connect_ext.  This
# script's runs, and only these, take a suppression for it (tests/supp), for
# LeakSanitizer (which needs the full stack to see past libgit2's frames)
# and for memcheck (tests/valgrind.sh); a leak of ours is still found.
LSAN_OPTIONS="${LSAN_OPTIONS:+$LSAN_OPTIONS:}suppressions=$PANEL_SRC/tests/supp/libgit2-ssh.lsan:print_suppressions=0"
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}fast_unwind_on_malloc=0"
PANEL_VALGRIND_SUPP=$PANEL_SRC/tests/supp/libgit2-ssh.valgrind
export LSAN_OPTIONS ASAN_OPTIONS PANEL_VALGRIND_SUPP

# the office's key; the server lets it in
ssh-keygen -q -t ed25519 -N '' -C office -f home/.ssh/id_ed25519 || fail "ssh-keygen"
mkdir srv
cp home/.ssh/id_ed25519.pub srv.authorized_keys
start_sshd "$top/srv" || fail "sshd"
# a shared repository made by panel init --bare (it lands pushes)
expect_status 0 panel init seed
cp -R "$PANEL_SRC/casefiles/cases" "$PANEL_SRC/casefiles/people" "$PANEL_SRC/casefiles/panels" seed/
(cd seed && panel commit -q -m "Import the sample caseload" >/dev/null 2>&1) || fail "seed commit"
panel init --bare srv/records.git >/dev/null || fail "init --bare"
git -C seed push -q "$top/srv/records.git" main 2>/dev/null || fail "seed push"
URL="ssh://$SSH_USER@127.0.0.1:$SSH_PORT$top/srv/records.git"
fp=$(ssh-keygen -l -E sha256 -f "$SSH_HOSTKEY" | awk '{print $2}')
key="$(cut -d' ' -f1,2 "$SSH_HOSTKEY")"

# git's own clone, with ssh's own check of the host key (ssh reads the
# home directory of the password file, not $HOME: named here)
printf '[127.0.0.1]:%s %s\n' "$SSH_PORT" "$key" >home/.ssh/known_hosts
GIT_SSH_COMMAND="ssh -F none -o BatchMode=yes -o StrictHostKeyChecking=yes -o UserKnownHostsFile=$HOME/.ssh/known_hosts -i $HOME/.ssh/id_ed25519"
export GIT_SSH_COMMAND
git clone -q "$URL" a || { tail srv.sshd.log; fail "git clone over ssh"; }
git clone -q "$URL" b || fail "git clone b"
unset GIT_SSH_COMMAND
edit() { # edit CLONE SED-EXPR FILE MESSAGE
	sed -i "$2" "$1/$3" && (cd "$1" && panel commit -m "$4" >/dev/null 2>&1) || fail "commit in $1: $4"
}

# ---- the host key: unknown, then another key for the host: refused ----
rm home/.ssh/known_hosts
edit a 's/^location: IRC Fernmoor/location: IRC Brookhaven/' cases/DC-0001.yaml "Move DC-0001"
ahead=$(git -C a rev-parse HEAD) srvhead=$(git -C srv/records.git rev-parse main)
expect_status 5 panel sync -C a
cat >want.txt <<END
panel sync: cannot fetch from origin: the host key of [127.0.0.1]:$SSH_PORT ($fp) is not in ~/.ssh/known_hosts: nothing was sent
hint: check the fingerprint with the server's administrator; if it is right, add the key: ssh-keyscan -p $SSH_PORT 127.0.0.1 >>~/.ssh/known_hosts (or connect once with ssh -p $SSH_PORT)
END
diff -u want.txt actual.err || fail "an unknown host key"
ssh-keygen -q -t ed25519 -N '' -f other.key || fail "ssh-keygen other"
printf '[127.0.0.1]:%s %s\n' "$SSH_PORT" "$(cut -d' ' -f1,2 other.key.pub)" >home/.ssh/known_hosts
expect_status 5 panel sync -C a
expect_grep "the host key of [127.0.0.1]:$SSH_PORT ($fp) is not the one ~/.ssh/known_hosts has for it: the server's key has changed, or someone is in between; nothing was sent" actual.err
# the same host on another port is another host
printf '127.0.0.1 %s\n' "$key" >home/.ssh/known_hosts
expect_status 5 panel sync -C a
expect_grep "is not in ~/.ssh/known_hosts" actual.err
[ "$(git -C a rev-parse HEAD)" = "$ahead" ] || fail "a refused host moved the branch"
[ "$(git -C srv/records.git rev-parse main)" = "$srvhead" ] || fail "a refused host got the push"

# ---- known, with hashed host names (Debian's HashKnownHosts yes) ----
printf '# a comment\n[127.0.0.1]:%s %s\n' "$SSH_PORT" "$key" >home/.ssh/known_hosts
ssh-keygen -q -H -f home/.ssh/known_hosts >/dev/null 2>&1 || fail "ssh-keygen -H"
grep -q '^|1|' home/.ssh/known_hosts || fail "known_hosts is not hashed"

# ---- the key file (~/.ssh/id_ed25519), no agent ----
expect_status 0 panel sync -C a
printf 'panel sync: pushed to origin/main (%s), 1 attempt\n' "$(git -C a rev-parse --short HEAD)" >want.txt
diff -u want.txt actual.out || fail "push over ssh with the key file"
[ "$(git -C srv/records.git rev-parse main)" = "$(git -C a rev-parse HEAD)" ] || fail "the ssh push did not land"

# ---- the agent only: the key file gone ----
mv home/.ssh/id_ed25519 agent.key
mv home/.ssh/id_ed25519.pub agent.key.pub
eval "$(ssh-agent -s)" >/dev/null || fail "ssh-agent"
ssh-add -q agent.key 2>/dev/null || fail "ssh-add"
edit b 's/^mappa: none/mappa: level-1/' cases/DC-0001.yaml "MAPPA for DC-0001"
expect_status 0 panel sync -C b
expect_grep "merged with the server's commits by the server, 1 attempt" actual.out
expect_grep "location: IRC Brookhaven" b/cases/DC-0001.yaml
[ "$(git -C b rev-parse HEAD)" = "$(git -C srv/records.git rev-parse main)" ] || fail "b is not on the server's landing"

# ---- no key the server takes: refused, said, nothing sent ----
ssh-add -q -D 2>/dev/null
kill "$SSH_AGENT_PID" 2>/dev/null
unset SSH_AUTH_SOCK SSH_AGENT_PID
ssh-keygen -q -t ed25519 -N '' -f home/.ssh/id_ed25519 || fail "ssh-keygen stranger"
edit a 's/^location: IRC Brookhaven/location: IRC Dunmere/' cases/DC-0001.yaml "DC-0001 to Dunmere"
expect_status 5 panel sync -C a
expect_grep "panel sync: cannot fetch from origin: the server took none of the ssh keys offered" actual.err
expect_grep "hint: check the credentials (ssh key or agent" actual.err
rm home/.ssh/id_ed25519 home/.ssh/id_ed25519.pub
expect_status 5 panel sync -C a
expect_grep "panel sync: cannot fetch from origin: no ssh key to offer: no agent (SSH_AUTH_SOCK) and no ~/.ssh/id_ed25519 or ~/.ssh/id_rsa" actual.err
[ "$(git -C srv/records.git rev-parse main)" = "$(git -C b rev-parse HEAD)" ] || fail "a refused login pushed"
echo ok
