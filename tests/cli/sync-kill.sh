# SIGKILL of panel sync at points from fetch to push (issue 14), against a
# plain bare repository and against one that lands pushes itself (panel
# init --bare); see tests/cli/servers/kill.sh.
top=$PWD
for land in 0 1; do
	mkdir "$top/land-$land" && cd "$top/land-$land" || exit 1
	LAND=$land sh -c '. "$PANEL_SRC/tests/cli/servers/kill.sh"' || { echo "FAIL: LAND=$land"; exit 1; }
done
echo ok
