# 4 offices x 25 operations on 200 records through panel sync (issue 14),
# once against a server that lands the pushes itself (panel init --bare)
# and once against one that does not (the offices race with back-off);
# see tests/cli/servers/offices.sh for the operations and the checks.
top=$PWD
for land in 1 0; do
	mkdir "$top/land-$land" && cd "$top/land-$land" || exit 1
	OFFICES=4 OPS=25 RECORDS=200 LAND=$land sh -c '. "$PANEL_SRC/tests/cli/servers/offices.sh"' || exit 1
done
echo ok
