# 4 offices x 25 operations on 200 records through panel sync (issue 14);
# see tests/cli/servers/offices.sh for the operations and the checks.
OFFICES=4 OPS=25 RECORDS=200
. "$PANEL_SRC/tests/cli/servers/offices.sh"
echo ok
