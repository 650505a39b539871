# Printing (issue 16): a real headless-Chromium print of an agenda, the
# minutes and a person's copy to PDF; every page carries the security
# marking (templates/marking.md), the panel ID and "Page N of M" (CSS
# @page margin boxes), and the person's copy says so on every page.
# Skipped, with a message, only where chromium is not installed (.ci/run
# and `make deps` install it, so CI never skips).  Nothing leaves the
# machine: the page has no external resources and the flags turn off
# Chromium's own network use.
. "$PANEL_SRC/tests/cli/lib.sh"
R="$PANEL_SRC/tests/fixtures/documents/records"
PANEL_TODAY=2026-11-23
export PANEL_TODAY
unset PANEL_TEMPLATES PANEL_DATA_DIR

if ! command -v chromium >/dev/null 2>&1; then
	echo "SKIP: chromium is not installed (apt-get install chromium poppler-utils): the print test did not run"
	exit 0
fi
command -v pdftotext >/dev/null 2>&1 || fail "pdftotext missing (apt-get install poppler-utils)"

HOME=$PWD/home
export HOME
mkdir -p "$HOME"
print_pdf() {  # HTML PDF
	prof=$(mktemp -d "$PWD/chromium.XXXXXX")
	timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--user-data-dir="$prof" --print-to-pdf="$2" --no-pdf-header-footer "file://$PWD/$1" \
		>chromium.log 2>&1 || { cat chromium.log; fail "chromium could not print $1"; }
	rm -rf "$prof"
	[ -s "$2" ] || { cat chromium.log; fail "no PDF from $1"; }
}

# check_pages PDF MIN_PAGES TEXT...: every page holds every TEXT and "Page N of M".
check_pages() {
	pdf=$1 min=$2
	shift 2
	pages=$(pdfinfo "$pdf" | sed -n 's/^Pages: *//p')
	[ -n "$pages" ] && [ "$pages" -ge "$min" ] || fail "$pdf: $pages pages, expected at least $min"
	n=1
	while [ "$n" -le "$pages" ]; do
		pdftotext -f "$n" -l "$n" -layout "$pdf" page.txt || fail "pdftotext $pdf page $n"
		for want in "$@" "Page $n of $pages"; do
			grep -qF -- "$want" page.txt || { cat page.txt; fail "$pdf page $n of $pages lacks '$want'"; }
		done
		n=$((n + 1))
	done
	echo "$pdf: $pages pages checked"
}

panel agenda -C "$R" CPP-2026-11-26-A --html -o agenda.html || fail "agenda --html"
print_pdf agenda.html agenda.pdf
check_pages agenda.pdf 2 OFFICIAL-SENSITIVE CPP-2026-11-26-A

panel minutes -C "$R" PP-2026-12-10-LARKHILL --html -o minutes.html || fail "minutes --html"
print_pdf minutes.html minutes.pdf
check_pages minutes.pdf 2 OFFICIAL-SENSITIVE PP-2026-12-10-LARKHILL

panel agenda -C "$R" PP-2026-12-10-LARKHILL --for person --case IPP-0003 --html -o person.html ||
	fail "person's agenda --html"
print_pdf person.html person.pdf
check_pages person.pdf 1 "OFFICIAL-SENSITIVE - The person's copy" PP-2026-12-10-LARKHILL

# The marking has one home: an edited marking.md changes every page.
mkdir t
cp "$PANEL_SRC"/templates/*.md t/
printf '{{! test }}\nOFFICIAL\n' >t/marking.md
panel agenda -C "$R" CPP-2026-11-26-A --html --templates t -o official.html || fail "agenda, edited marking"
grep -q "OFFICIAL-SENSITIVE" official.html && fail "the marking is written somewhere else too"
print_pdf official.html official.pdf
check_pages official.pdf 2 OFFICIAL CPP-2026-11-26-A
exit 0
