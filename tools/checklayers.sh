#!/bin/sh
# checklayers.sh [DIR]: holds tools/lib/ to the layers of tools/lib/LAYERS
# (make layers; make check runs it).  DIR is the source tree (default .).
#
# A module is a name listed in LAYERS; a file belongs to the longest listed
# name its own name starts with, up to an underscore (history_audit.c is
# history's, history_git.h is history_git's when that is listed).  The tools
# (tools/*.c) sit above every layer.  Two things are checked:
#
#   - every #include "x.h" of tools/lib/*.[ch] and tools/*.c names a module
#     of the file's own, or one listed before it: in a lower layer, or
#     earlier in the same layer.  So the include graph has no cycle, and a
#     module can be read knowing only what is listed before it.
#   - every function a tools/lib header declares is defined in a .c file of
#     that header's module: a declaration lives with its definition.
#
# Findings are file:line: error: ..., one a line; exit 1 when there are any.
LC_ALL=C; export LC_ALL   # the same order of findings everywhere
cd "${1:-.}" || exit 2
[ -f tools/lib/LAYERS ] || { echo "checklayers: no tools/lib/LAYERS in ${1:-.}" >&2; exit 2; }

out=$(awk '
function base(f) { sub(/.*\//, "", f); sub(/\.[ch]$/, "", f); return f }
# The module of a file: "" when LAYERS does not list it.
function module(f,   s) {
	if (f ~ /^tools\/[^\/]*\.c$/)
		return "(tools)"
	s = base(f)
	while (!(s in pos)) {
		if (s !~ /_/)
			return ""
		sub(/_[^_]*$/, "", s)
	}
	return s
}
function err(msg) { print msg; bad = 1 }

FILENAME == "tools/lib/LAYERS" {
	sub(/#.*/, "")
	if (NF == 0)
		next
	if ($1 !~ /:$/) {
		err("tools/lib/LAYERS:" FNR ": error: expected \"layer: module...\"")
		next
	}
	name = $1; sub(/:$/, "", name)
	nlayers++
	for (i = 2; i <= NF; i++) {
		if ($i in pos)
			err("tools/lib/LAYERS:" FNR ": error: " $i " is listed twice")
		pos[$i] = ++n; layer[$i] = name; lineof[$i] = FNR
	}
	next
}

FNR == 1 {
	m = module(FILENAME)
	if (m == "")
		err(FILENAME ":1: error: " base(FILENAME) " is in no layer of tools/lib/LAYERS")
	else
		files[m]++
	isheader = FILENAME ~ /^tools\/lib\/.*\.h$/
	depth = 0
}

/^[ \t]*#[ \t]*include[ \t]*"/ {
	h = $0
	sub(/^[^"]*"/, "", h); sub(/".*/, "", h)
	t = module("tools/lib/" h)
	if (m == "" || t == m)
		next
	if (t == "")
		err(FILENAME ":" FNR ": error: " (m == "(tools)" ? base(FILENAME) : m) " includes " h \
		    ", which is in no layer of tools/lib/LAYERS")
	else if (m != "(tools)" && pos[t] > pos[m]) {
		if (layer[t] != layer[m])
			err(FILENAME ":" FNR ": error: " m " includes " h ", a higher layer (" layer[t] ", above " layer[m] ")")
		else
			err(FILENAME ":" FNR ": error: " m " includes " h ", listed after " m " in layer " layer[m])
	}
	next
}

# Declarations: a header line at column 0 naming a function.  Definitions:
# a .c line at column 0 naming one and not ending in ";".
/^[A-Za-z].*[A-Za-z0-9_]\(/ && $0 !~ /^(typedef|struct [a-z_]+ \{|enum|#)/ {
	s = $0
	sub(/\(.*/, "", s)
	sub(/.*[^A-Za-z0-9_]/, "", s)
	if (s !~ /^pk_/)
		next
	if (isheader && $0 ~ /;[ \t]*$|,[ \t]*$/) {
		nd++; dname[nd] = s; dfile[nd] = FILENAME; dline[nd] = FNR; dmod[nd] = m
	} else if (!isheader && $0 !~ /;[ \t]*$/ && $0 !~ /^static/) {
		defmod[s] = m; deffile[s] = FILENAME
	}
}

END {
	for (i = 1; i <= nd; i++) {
		s = dname[i]
		if (!(s in defmod) || dmod[i] == "" || defmod[s] == dmod[i])
			continue
		f = deffile[s]; sub(/.*\//, "", f)
		err(dfile[i] ":" dline[i] ": error: " s " is defined in " f ", module " defmod[s] \
		    ", not in " dmod[i])
	}
	for (mm in pos)
		if (!(mm in files))
			err("tools/lib/LAYERS:" lineof[mm] ": error: no file of module " mm)
	exit bad
}
' tools/lib/LAYERS tools/lib/*.h tools/lib/*.c tools/*.c)
rc=$?
[ -z "$out" ] || printf '%s\n' "$out" | sort -t: -k1,1 -k2,2n
exit $rc
