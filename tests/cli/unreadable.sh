# A record that is a FIFO, a symbolic link or a device is reported and left
# out by the read-only tools, and their exit status says so (issue 13): a
# cron job running 'panel due --fail-on-overdue' must notice that a case
# dropped off the list.
. "$PANEL_SRC/tests/cli/lib.sh"
PANEL_TODAY=2026-11-23
export PANEL_TODAY
for kind in fifo symlink device; do
	rm -rf r && cp -R "$PANEL_SRC/casefiles" r && rm -f r/schema
	case $kind in
	fifo) mkfifo r/cases/DC-0100.yaml; msg='r/cases/DC-0100.yaml: error: is not a regular file [KIT-PATH]' ;;
	symlink) ln -s ../../outside.yaml r/cases/DC-0100.yaml
		msg='r/cases/DC-0100.yaml: error: is a symbolic link; records must be regular files inside the repository (not followed) [KIT-PATH]' ;;
	device) mknod r/cases/DC-0100.yaml c 1 3 2>/dev/null || { echo "skip device: mknod not permitted"; continue; }
		msg='r/cases/DC-0100.yaml: error: is not a regular file [KIT-PATH]' ;;
	esac
	for args in "" "--json" "--fail-on-overdue" "--ics -"; do
		# shellcheck disable=SC2086
		expect_status 2 panel due -C r $args
		expect_grep "$msg" actual.err
	done
	# the other cases are still listed
	expect_grep "DC-0001" actual.out
	expect_status 2 panel plan -C r --framework detention --date 2026-12-08
	expect_grep "$msg" actual.err
	expect_status 2 panel plan -C r --framework detention --date 2026-12-08 --chair marigold-penhallow --write
	expect_grep "panel plan: not written: 1 record could not be read, so the plan could miss a case that is due" actual.err
	[ -z "$(ls r/panels | grep 2026-12-08)" ] || fail "plan --write wrote with a record unread"
	expect_status 1 panel validate -q -C r
	expect_grep "$msg" actual.out
	expect_status 1 panel report coverage -C r
	expect_grep "$msg" actual.err
	echo "$kind: ok"
done
exit 0
