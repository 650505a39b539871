# panel due --csv, --excel and -o FILE (issue 17): CSV as RFC 4180 (CRLF,
# quoted where needed), Excel's BOM, the format from the file's extension,
# a contradiction refused.
. "$PANEL_SRC/tests/cli/lib.sh"
E="$PANEL_SRC/tests/cli/expected"
cp -RL "$PANEL_SRC/casefiles" rec
expect_output csv "$E/due-2026-11-23.csv" panel due -q -C rec --as-of 2026-11-23 --csv
# one row per item of the text table, plus the header; CRLF line ends
[ "$(wc -l <actual.out)" -eq 77 ] || fail "rows: $(wc -l <actual.out)"
[ "$(grep -c "$(printf '\r')\$" actual.out)" -eq 77 ] || fail "not CRLF"
head -n 1 actual.out | grep -q '^case,framework,setting,due,deadline,status,rule,reason,tier,sentence,team,unit,source' || fail "header"
# --excel: the same bytes after a UTF-8 byte order mark
expect_status 0 panel due -q -C rec --as-of 2026-11-23 --excel
[ "$(head -c 3 actual.out | od -An -tx1 | tr -d ' ')" = efbbbf ] || fail "no BOM"
tail -c +4 actual.out | cmp - "$E/due-2026-11-23.csv" || fail "--excel differs after the BOM"
# -o FILE: the extension picks the format; nothing on stdout
expect_status 0 panel due -q -C rec --as-of 2026-11-23 -o due.csv
[ -s actual.out ] && fail "-o wrote to stdout"
cmp due.csv "$E/due-2026-11-23.csv" || fail "-o due.csv"
expect_status 0 panel due -q -C rec --as-of 2026-11-23 -o due.txt
cmp due.txt "$E/due-2026-11-23.txt" || fail "-o due.txt"
expect_status 0 panel due -q -C rec --as-of 2026-11-23 -o due.json
cmp due.json "$E/due-2026-11-23.json" || fail "-o due.json"
expect_status 0 panel due -q -C rec --as-of 2026-11-23 --ics -
cp actual.out want.ics
expect_status 0 panel due -q -C rec --as-of 2026-11-23 -o due.ics
[ -s actual.out ] && fail "-o due.ics wrote to stdout"
cmp due.ics want.ics || fail "-o due.ics"
expect_status 0 panel due -q -C rec --as-of 2026-11-23 --excel -o excel.csv
[ "$(head -c 3 excel.csv | od -An -tx1 | tr -d ' ')" = efbbbf ] || fail "-o with --excel: no BOM"
# a contradiction is refused and writes nothing
expect_status 2 panel due -C rec --json -o x.csv
[ "$(head -n 1 actual.err)" = "panel due: -o x.csv is a .csv file, but --json asks for another format" ] ||
	fail "mismatch: $(head -n 1 actual.err)"
[ -e x.csv ] && fail "x.csv written"
expect_status 2 panel due -C rec --csv -o x.json
expect_status 2 panel due -C rec --csv --json
expect_grep "panel due: --csv and --json: give one format" actual.err
exit 0
