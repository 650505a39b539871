/* The JSON writer (json.h): commas, layouts, the one escaper, and the
 * mistakes it refuses.  Each row is a script of writer calls and the exact
 * bytes it must give, to a FILE* and to an sbuf alike. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "mem.h"

enum op { END, OBJ, OEND, ARR, AEND, KEY, STR, INT, UINT, BOOL, NUL, RAW, BRK, TEXT };

struct step {
	enum op op;
	const char *s;
	long long v;
};

#define O(l) {OBJ, NULL, l}
#define A(l) {ARR, NULL, l}
#define OE {OEND, NULL, 0}
#define AE {AEND, NULL, 0}
#define K(k) {KEY, k, 0}
#define S(s) {STR, s, 0}
#define I(v) {INT, NULL, v}
#define U(v) {UINT, NULL, v}
#define B(v) {BOOL, NULL, v}
#define N {NUL, NULL, 0}
#define R(s) {RAW, s, 0}
#define BR(n) {BRK, NULL, n}
#define T(s) {TEXT, s, 0}

static void run(struct pk_jw *w, const struct step *st)
{
	for (; st->op != END; st++) {
		switch (st->op) {
		case END: break;
		case OBJ: pk_jw_obj_begin(w, (int)st->v); break;
		case OEND: pk_jw_obj_end(w); break;
		case ARR: pk_jw_arr_begin(w, (int)st->v); break;
		case AEND: pk_jw_arr_end(w); break;
		case KEY: pk_jw_key(w, st->s); break;
		case STR: pk_jw_str(w, st->s); break;
		case INT: pk_jw_int(w, st->v); break;
		case UINT: pk_jw_uint(w, (unsigned long long)st->v); break;
		case BOOL: pk_jw_bool(w, (int)st->v); break;
		case NUL: pk_jw_null(w); break;
		case RAW: pk_jw_raw(w, st->s); break;
		case BRK: pk_jw_break(w, (int)st->v); break;
		case TEXT: pk_jw_text(w, st->s); break;
		}
	}
}

/* Runs the script to a FILE* and to an sbuf: the same bytes, the same
 * verdict of pk_jw_finish. */
static char *written(const struct step *st, int *finish)
{
	char *mem = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&mem, &len);
	cr_assert_not_null(f);
	struct pk_jw w;
	pk_jw_init(&w, f);
	run(&w, st);
	*finish = pk_jw_finish(&w);
	fclose(f);

	struct sbuf b = SBUF_INIT;
	struct pk_jw wb;
	pk_jw_init_sbuf(&wb, &b);
	run(&wb, st);
	cr_expect_str_eq(sbuf_str(&b), mem, "the sbuf writer wrote what the FILE* one did");
	cr_expect_eq(pk_jw_finish(&wb), *finish);
	sbuf_free(&b);
	return mem;
}

static const struct {
	const char *why;
	const struct step *st;
	const char *want;
	int finish;
} rows[] = {
	{"empty containers, either layout", (const struct step[]){A(0), A(PK_JW_LINES(2)), AE, O(PK_JW_LINES(1)), OE, O(0), OE, AE, {END, 0, 0}},
	 "[[], {}, {}]", 0},
	{"scalars, commas and spaces", (const struct step[]){A(0), I(-42), U(-1), B(1), B(0), N, S("x"), S(NULL), R("0.25"), AE, {END, 0, 0}},
	 "[-42, 18446744073709551615, true, false, null, \"x\", null, 0.25]", 0},
	{"a compact object", (const struct step[]){O(PK_JW_COMPACT), K("a"), I(1), K("b"), S("x"), K("c"), A(PK_JW_COMPACT), I(1), I(2), AE, OE, {END, 0, 0}},
	 "{\"a\":1,\"b\":\"x\",\"c\":[1,2]}", 0},
	{"one compact object a line (validate --json)", (const struct step[]){A(PK_JW_LINES(1)), O(PK_JW_COMPACT), K("file"), S("a"), OE, O(PK_JW_COMPACT), K("file"), S("b"), K("line"), U(3), OE, AE, T("\n"), {END, 0, 0}},
	 "[\n {\"file\":\"a\"},\n {\"file\":\"b\",\"line\":3}\n]\n", 0},
	{"lines inside an inline object close at the opening line's indent (log --json)",
	 (const struct step[]){O(0), K("record"), S("r"), K("commits"), A(PK_JW_LINES(2)), O(0), K("a"), I(1), K("ch"), A(0), O(0), K("p"), S("x"), OE, O(0), OE, AE, OE, O(0), K("a"), I(2), OE, AE, OE, T("\n"), {END, 0, 0}},
	 "{\"record\": \"r\", \"commits\": [\n  {\"a\": 1, \"ch\": [{\"p\": \"x\"}, {}]},\n  {\"a\": 2}\n]}\n", 0},
	{"breaks in an inline object; lines below a break (plan --json)",
	 (const struct step[]){O(0), K("f"), S("ipp"), K("d"), N, BR(1), K("chair"), N, BR(1), K("cases"), A(PK_JW_LINES(1)), O(0), K("case"), S("A"), OE, O(0), K("case"), S("B"), OE, AE, BR(1), K("taken"), A(PK_JW_LINES(1)), AE, BR(1), K("written"), N, K("commit"), N, OE, {END, 0, 0}},
	 "{\"f\": \"ipp\", \"d\": null,\n \"chair\": null,\n \"cases\": [\n  {\"case\": \"A\"},\n  {\"case\": \"B\"}\n ],\n \"taken\": [],\n \"written\": null, \"commit\": null}", 0},
	{"lines within lines, two spaces a level (report --json)",
	 (const struct step[]){O(PK_JW_LINES(2)), K("report"), S("r"), K("params"), O(0), K("k"), S("v"), K("k2"), S("w"), OE, K("tables"), A(PK_JW_LINES(2)), O(PK_JW_LINES(2)), K("key"), S("t"), K("rows"), A(PK_JW_LINES(2)), O(0), K("n"), U(1), OE, AE, OE, O(PK_JW_LINES(2)), K("rows"), A(PK_JW_LINES(2)), AE, OE, AE, K("notes"), A(PK_JW_LINES(2)), AE, OE, {END, 0, 0}},
	 "{\n  \"report\": \"r\",\n  \"params\": {\"k\": \"v\", \"k2\": \"w\"},\n  \"tables\": [\n    {\n      \"key\": \"t\",\n      \"rows\": [\n        {\"n\": 1}\n      ]\n    },\n    {\n      \"rows\": []\n    }\n  ],\n  \"notes\": []\n}", 0},
	{"text between tokens; the next member goes on (sync --json)",
	 (const struct step[]){O(0), K("findings"), A(PK_JW_LINES(1)), I(1), AE, T("\n"), K("server_messages"), S(""), OE, T("\n"), {END, 0, 0}},
	 "{\"findings\": [\n 1\n]\n, \"server_messages\": \"\"}\n", 0},
	{"keys are escaped", (const struct step[]){O(0), K("a\"b\n"), I(1), OE, {END, 0, 0}}, "{\"a\\\"b\\n\": 1}", 0},
	{"a top-level scalar", (const struct step[]){S(NULL), {END, 0, 0}}, "null", 0},
	{"nothing written", (const struct step[]){{END, 0, 0}}, "", -1},
	{"a key in an array", (const struct step[]){A(0), I(1), K("k"), I(2), AE, {END, 0, 0}}, "[1", -1},
	{"a value in an object without its key", (const struct step[]){O(0), K("a"), I(1), I(2), OE, {END, 0, 0}}, "{\"a\": 1", -1},
	{"two keys in a row", (const struct step[]){O(0), K("a"), K("b"), OE, {END, 0, 0}}, "{\"a\": ", -1},
	{"a key left without its value", (const struct step[]){O(0), K("a"), OE, {END, 0, 0}}, "{\"a\": ", -1},
	{"an array ended as an object", (const struct step[]){A(0), OE, {END, 0, 0}}, "[", -1},
	{"an end with nothing open", (const struct step[]){A(0), AE, AE, {END, 0, 0}}, "[]", -1},
	{"a second top-level value", (const struct step[]){I(1), I(2), {END, 0, 0}}, "1", -1},
	{"a key at the top level", (const struct step[]){K("a"), {END, 0, 0}}, "", -1},
	{"a container left open", (const struct step[]){A(PK_JW_LINES(2)), I(1), {END, 0, 0}}, "[\n  1", -1},
	{"nothing after a mistake, text neither", (const struct step[]){A(0), OE, I(1), T("\n"), AE, {END, 0, 0}}, "[", -1},
};

Test(json, layouts_and_mistakes)
{
	for (size_t i = 0; i < PK_ARRAY_LEN(rows); i++) {
		int finish;
		char *got = written(rows[i].st, &finish);
		cr_expect_str_eq(got, rows[i].want, "%s", rows[i].why);
		cr_expect_eq(finish, rows[i].finish, "%s: pk_jw_finish", rows[i].why);
		free(got);
	}
}

/* PK_JW_DEPTH containers nest; one more sets the error and writes
 * nothing from there on, so the output is never wrongly balanced JSON. */
Test(json, depth_overflow)
{
	for (int extra = 0; extra < 2; extra++) {
		struct sbuf b = SBUF_INIT;
		struct pk_jw w;
		pk_jw_init_sbuf(&w, &b);
		int n = PK_JW_DEPTH + extra;
		for (int i = 0; i < n; i++)
			pk_jw_arr_begin(&w, PK_JW_INLINE);
		pk_jw_int(&w, 7);
		for (int i = 0; i < n; i++)
			pk_jw_arr_end(&w);
		struct sbuf want = SBUF_INIT;
		for (int i = 0; i < PK_JW_DEPTH; i++)
			sbuf_addc(&want, '[');
		if (!extra) {
			sbuf_adds(&want, "7");
			for (int i = 0; i < PK_JW_DEPTH; i++)
				sbuf_addc(&want, ']');
		}
		cr_expect_str_eq(sbuf_str(&b), sbuf_str(&want), "%d containers", n);
		cr_expect_eq(pk_jw_finish(&w), extra ? -1 : 0, "%d containers", n);
		cr_expect_eq(w.err, extra, "%d containers: the error flag", n);
		sbuf_free(&b);
		sbuf_free(&want);
	}
}

/* The one JSON escaper: every string and key of every --json output goes
 * through it. */
Test(json, strings)
{
	static const struct {
		const char *in, *want, *why;
	} esc[] = {
		{"", "\"\"", "the empty string"},
		{"plain", "\"plain\"", "ASCII as is"},
		{"a \"b\" \\c /", "\"a \\\"b\\\" \\\\c /\"", "quote and backslash; the slash as is"},
		{"l1\nl2\r\tx", "\"l1\\nl2\\r\\tx\"", "the short escapes"},
		{"\x01\b\f\x1f", "\"\\u0001\\u0008\\u000c\\u001f\"", "other C0 controls as \\u, lower-case hex"},
		{"bell\x07" "del\x7f", "\"bell\\u0007del\\u007f\"", "C0 controls and DEL"},
		{"csi\xc2\x9b" "x", "\"csi\\u009bx\"", "a C1 control (8-bit CSI) is escaped"},
		{"\xc2\x80\xc2\x9f\xc2\xa0", "\"\\u0080\\u009f\xc2\xa0\"", "C1's ends escaped, U+00A0 kept"},
		{"caf\xc3\xa9 \xe2\x80\x94 \xf0\x9f\x98\x80", "\"caf\xc3\xa9 \xe2\x80\x94 \xf0\x9f\x98\x80\"",
		 "valid UTF-8 kept, four-byte too"},
		{"bad\xff" "byte", "\"bad\\ufffdbyte\"", "a stray byte becomes U+FFFD"},
		{"\x80x", "\"\\ufffdx\"", "a lone continuation byte"},
		{"cut\xe2\x80", "\"cut\\ufffd\\ufffd\"", "a truncated sequence, byte by byte"},
		{"\xed\xa0\x80", "\"\\ufffd\\ufffd\\ufffd\"", "an encoded surrogate (U+D800) is not UTF-8"},
		{"\xed\xbf\xbf", "\"\\ufffd\\ufffd\\ufffd\"", "nor U+DFFF"},
		{"\xc0\x80", "\"\\ufffd\\ufffd\"", "an overlong NUL"},
		{"\xf4\x90\x80\x80", "\"\\ufffd\\ufffd\\ufffd\\ufffd\"", "past U+10FFFF"},
	};
	for (size_t i = 0; i < PK_ARRAY_LEN(esc); i++) {
		const struct step st[] = {S(esc[i].in), {END, 0, 0}};
		int finish;
		char *got = written(st, &finish);
		cr_expect_str_eq(got, esc[i].want, "%s", esc[i].why);
		cr_expect_eq(finish, 0);
		free(got);
	}
}

/* A string longer than any buffer of the writer's. */
Test(json, long_string_streams)
{
	struct sbuf in = SBUF_INIT, want = SBUF_INIT;
	sbuf_addc(&want, '"');
	for (int i = 0; i < 20000; i++) {
		sbuf_adds(&in, i % 100 ? "ab" : "\x01");
		sbuf_adds(&want, i % 100 ? "ab" : "\\u0001");
	}
	sbuf_addc(&want, '"');
	const struct step st[] = {S(in.s), {END, 0, 0}};
	int finish;
	char *got = written(st, &finish);
	cr_expect_str_eq(got, want.s);
	free(got);
	sbuf_free(&in);
	sbuf_free(&want);
}
