# make layers (issue 18): tools/checklayers.sh finds nothing in the tree,
# and in a copy it finds each kind of finding, one line each, sorted.
. "$PANEL_SRC/tests/cli/lib.sh"

expect_status 0 sh "$PANEL_SRC/tools/checklayers.sh" "$PANEL_SRC"
[ -s actual.out ] && fail "findings in the tree: $(cat actual.out)"

mkdir -p t/tools/lib
cp "$PANEL_SRC"/tools/lib/*.[ch] "$PANEL_SRC"/tools/lib/LAYERS t/tools/lib/
cp "$PANEL_SRC"/tools/*.c t/tools/
L=t/tools/lib
# an include of a higher layer, and of a header no layer lists
{ head -n 1 $L/node.c; echo '#include "due.h"'; echo '#include "nosuch.h"'; tail -n +2 $L/node.c; } >x && mv x $L/node.c
# an include of a module listed later in the same layer
{ head -n 1 $L/date.c; echo '#include "diag.h"'; tail -n +2 $L/date.c; } >x && mv x $L/date.c
# a declaration away from its definition
echo 'void pk_csv_field(struct sbuf *out, const char *s);' >>$L/mem.h
decl=$(wc -l <$L/mem.h)
# a module no layer lists, and a listed module without a file
echo 'int x;' >$L/extra.c
sed 's/^base: *mem /&ghost /' $L/LAYERS >x && mv x $L/LAYERS
base=$(grep -n '^base:' $L/LAYERS | cut -d: -f1)

expect_status 1 sh "$PANEL_SRC/tools/checklayers.sh" t
cat >want.txt <<OUT
tools/lib/LAYERS:$base: error: no file of module ghost
tools/lib/date.c:2: error: date includes diag.h, listed after date in layer base
tools/lib/extra.c:1: error: extra is in no layer of tools/lib/LAYERS
tools/lib/mem.h:$decl: error: pk_csv_field is defined in csv.c, module csv, not in mem
tools/lib/node.c:2: error: node includes due.h, a higher layer (schedule, above data)
tools/lib/node.c:3: error: node includes nosuch.h, which is in no layer of tools/lib/LAYERS
OUT
diff -u want.txt actual.out || fail "findings"
