# Shared helpers for the end-to-end scripts (sourced, not run).
# expect_output NAME EXPECTED_FILE CMD...: runs CMD, compares stdout exactly.
fail() { echo "FAIL: $*"; exit 1; }

expect_output() {
	name=$1 expected=$2
	shift 2
	"$@" >actual.out 2>actual.err
	status=$?
	if ! diff -u "$expected" actual.out; then
		echo "stderr was:"; cat actual.err
		fail "$name: output differs from $expected"
	fi
	return $status
}

# expect_status WANT CMD...: runs CMD and checks its exit status.
expect_status() {
	want=$1
	shift
	"$@" >actual.out 2>actual.err
	got=$?
	[ "$got" -eq "$want" ] || { cat actual.out actual.err; fail "'$*' exited $got, expected $want"; }
}

# expect_grep PATTERN FILE: fixed-string search.
expect_grep() {
	grep -qF -- "$1" "$2" || { echo "--- $2:"; cat "$2"; fail "'$1' not found in $2"; }
}
