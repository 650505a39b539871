# panel sync over http and https (lighttpd + git-http-backend on loopback,
# a test CA and a certificate for localhost made here by openssl).
. "$PANEL_SRC/tests/cli/lib.sh"
. "$PANEL_SRC/tests/cli/servers/gitd.sh"
trap stop_servers EXIT
PANEL_TODAY=2026-11-23 HOME=$PWD/home GIT_CONFIG_NOSYSTEM=1
export PANEL_TODAY HOME GIT_CONFIG_NOSYSTEM
unset PANEL_DATA_DIR GIT_INDEX_FILE GIT_SSL_CAINFO
mkdir home
git config --global user.name "Barnaby Quince"
git config --global user.email barnaby.quince@example.org
git config --global init.defaultBranch main
top=$PWD

expect_status 0 panel init seed
cp -R "$PANEL_SRC/casefiles/cases" "$PANEL_SRC/casefiles/people" "$PANEL_SRC/casefiles/panels" seed/
(cd seed && panel commit -m "Import the sample caseload" >/dev/null 2>&1) || fail "seed commit"
mkdir srv
git clone -q --bare seed srv/records.git
git -C srv/records.git config http.receivepack true
start_lighttpd "$top/srv" || fail "lighttpd (http)"
start_lighttpd "$top/srv" tls || fail "lighttpd (https)"

# http: push from one office, field merge in the other
git clone -q "$HTTP_URL/records.git" a || fail "clone a"
git clone -q "$HTTP_URL/records.git" b || fail "clone b"
sed -i 's/^location: IRC Fernmoor/location: IRC Brookhaven/' a/cases/DC-0001.yaml
(cd a && panel commit -m "Move DC-0001" >/dev/null 2>&1) || fail "commit a"
sed -i 's/^mappa: none/mappa: level-1/' b/cases/DC-0001.yaml
(cd b && panel commit -m "MAPPA for DC-0001" >/dev/null 2>&1) || fail "commit b"
expect_status 0 panel sync -C a
expect_grep "panel sync: pushed to origin/main" actual.out
expect_status 0 panel sync -C b
expect_grep "merged with the server's commits" actual.out
expect_grep "location: IRC Brookhaven" b/cases/DC-0001.yaml
expect_grep "mappa: level-1" b/cases/DC-0001.yaml

# http to a shared repository made by panel init --bare: the server lands
# the pushes (git-http-backend runs the proc-receive hook too)
panel init --bare srv/landing.git >/dev/null || fail "init --bare"
git -C srv/landing.git config http.receivepack true
git -C seed push -q "$top/srv/landing.git" main 2>/dev/null || fail "seed push to landing.git"
git clone -q "$HTTP_URL/landing.git" la || fail "clone la"
git clone -q "$HTTP_URL/landing.git" lb || fail "clone lb"
sed -i 's/^location: IRC Fernmoor/location: IRC Brookhaven/' la/cases/DC-0001.yaml
(cd la && panel commit -m "Move DC-0001" >/dev/null 2>&1) || fail "commit la"
sed -i 's/^mappa: none/mappa: level-1/' lb/cases/DC-0001.yaml
(cd lb && panel commit -m "MAPPA for DC-0001" >/dev/null 2>&1) || fail "commit lb"
expect_status 0 panel sync -C la
expect_grep ", 1 attempt" actual.out
expect_status 0 panel sync -C lb
expect_grep "merged with the server's commits by the server, 1 attempt" actual.out
[ "$(git -C lb rev-parse HEAD)" = "$(git -C srv/landing.git rev-parse main)" ] || fail "lb is not on the server's landing"
git -C srv/landing.git log -1 --format=%B main >msg.txt
expect_grep "Panel-Land: main" msg.txt
expect_grep "location: IRC Brookhaven" lb/cases/DC-0001.yaml
expect_grep "mappa: level-1" lb/cases/DC-0001.yaml

# https: the certificate is checked; the CA given with git's http.sslCAInfo
git -C a remote add tls "$HTTPS_URL/records.git"
expect_status 5 panel sync -C a --remote tls
expect_grep "panel sync: cannot fetch from tls: the SSL certificate is invalid" actual.err
git -C a config http.sslCAInfo "$CA_FILE"
expect_status 0 panel sync -C a --remote tls
expect_grep "fast-forwarded to tls/main" actual.out
sed -i 's/^mappa: level-1/mappa: level-2/' a/cases/DC-0001.yaml
(cd a && panel commit -m "MAPPA level 2" >/dev/null 2>&1) || fail "commit a"
expect_status 0 panel sync -C a --remote tls
expect_grep "panel sync: pushed to tls/main" actual.out
[ "$(git -C srv/records.git rev-parse main)" = "$(git -C a rev-parse HEAD)" ] || fail "https push did not land"
# https with basic auth: credentials from PANEL_SYNC_USERNAME and
# PANEL_SYNC_PASSWORD (cron), a wrong password stops after 3 attempts
stop_servers
HTTP_AUTH=s3cret-token
start_lighttpd "$top/srv" tls || fail "lighttpd (https, auth)"
git -C a remote set-url tls "$HTTPS_URL/records.git"
expect_status 5 panel sync -C a --remote tls
expect_grep "panel sync: cannot fetch from tls" actual.err
PANEL_SYNC_USERNAME=office PANEL_SYNC_PASSWORD=wrong expect_status 5 panel sync -C a --remote tls
expect_grep "the server refused the credentials 3 times" actual.err
PANEL_SYNC_USERNAME=office PANEL_SYNC_PASSWORD=s3cret-token expect_status 0 panel sync -C a --remote tls
expect_grep "panel sync: in sync with tls/main" actual.out
echo ok
