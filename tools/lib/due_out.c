/* due_out.c: what `panel due` prints: filters, a compact table of items,
 * text columns, JSON and an iCalendar file (RFC 5545).
 *
 * The table is built for 100k cases in a small heap: rows are fixed-size
 * with pointers to static strings (rule, framework, setting, tier), the
 * per-item text (case ID, reason, source) is packed into arena blocks, and
 * repeated text (team, unit, sentence) is interned. */
#include "due.h"
#include "csv.h"
#include "json.h"
#include "mem.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int pk_due_keep(const struct pk_due_filter *f, const struct pk_due_item *it, pk_date as_of)
{
	if (f->framework >= 0 && (int)it->fw != f->framework)
		return 0;
	if (f->team && (!it->team || strcmp(f->team, it->team) != 0))
		return 0;
	if (f->overdue_only && it->status != PK_DUE_OVERDUE)
		return 0;
	/* --within: items due in that many days; a pending item has no date
	 * and may be needed at any time, so it stays. */
	if (f->within >= 0 && it->status != PK_DUE_PENDING && it->due > pk_add_days(as_of, f->within))
		return 0;
	return 1;
}

/* One item in 72 bytes: static strings by pointer or small code, per-item
 * text in the arena, repeated text interned, and the source file only when
 * it is not the case's own record. */
struct row {
	const char *rule;                 /* static */
	const char *case_id, *reason;     /* arena */
	const char *team, *unit, *file;   /* interned; file NULL: cases/<case>.yaml */
	int32_t due, deadline, anchor;
	uint32_t line;
	uint8_t status, fw, setting, tier, sentence;
};

static const char *const settings[] = {"detained", "custody", "community"};
static const char *const sentences[] = {"", "ipp", "dpp", "life"};

static uint8_t code_of(const char *s, const char *const *names, size_t n)
{
	for (size_t i = 0; s && i < n; i++)
		if (strcmp(s, names[i]) == 0)
			return (uint8_t)i;
	return 0;
}

#define BLOCK (256u * 1024u)
#define CHUNK 4096u

struct block {
	struct block *next;
	size_t used, cap;
	char data[];
};

struct pk_due_table {
	struct row **v;           /* sorted view of the rows */
	size_t n, cap;
	struct row **chunks;      /* rows live in chunks of CHUNK: never moved */
	size_t nchunks;
	size_t overdue;
	struct block *blocks;
	char **interned;          /* open addressing */
	size_t nint, capint;
	size_t w_case, w_setting, w_rule, w_framework;
};

struct pk_due_table *pk_due_table_new(void)
{
	struct pk_due_table *t = xcalloc(1, sizeof *t);
	t->w_case = strlen("CASE");
	t->w_setting = strlen("SETTING");
	t->w_rule = strlen("RULE");
	t->w_framework = strlen("FRAMEWORK");
	return t;
}

void pk_due_table_free(struct pk_due_table *t)
{
	if (!t)
		return;
	for (struct block *b = t->blocks, *nx; b; b = nx) {
		nx = b->next;
		free(b);
	}
	for (size_t i = 0; i < t->capint; i++)
		free(t->interned[i]);
	free(t->interned);
	for (size_t i = 0; i < t->nchunks; i++)
		free(t->chunks[i]);
	free(t->chunks);
	free(t->v);
	free(t);
}

static const char *pack(struct pk_due_table *t, const char *s)
{
	size_t n = strlen(s) + 1;
	struct block *b = t->blocks;
	if (!b || b->cap - b->used < n) {
		size_t cap = n > BLOCK ? n : BLOCK;
		b = xmalloc(sizeof *b + cap);
		b->used = 0;
		b->cap = cap;
		b->next = t->blocks;
		t->blocks = b;
	}
	char *p = b->data + b->used;
	memcpy(p, s, n);
	b->used += n;
	return p;
}

static uint64_t hash(const char *s)
{
	uint64_t h = 1469598103934665603ull;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

static const char *intern(struct pk_due_table *t, const char *s)
{
	if (!s)
		return NULL;
	if ((t->nint + 1) * 2 > t->capint) {
		char **old = t->interned;
		size_t oc = t->capint;
		t->capint = oc ? oc * 2 : 64;
		t->interned = xcalloc(t->capint, sizeof *t->interned);
		for (size_t i = 0; i < oc; i++) {
			if (!old[i])
				continue;
			size_t j = (size_t)hash(old[i]) & (t->capint - 1);
			while (t->interned[j])
				j = (j + 1) & (t->capint - 1);
			t->interned[j] = old[i];
		}
		free(old);
	}
	size_t j = (size_t)hash(s) & (t->capint - 1);
	while (t->interned[j]) {
		if (strcmp(t->interned[j], s) == 0)
			return t->interned[j];
		j = (j + 1) & (t->capint - 1);
	}
	t->nint++;
	return t->interned[j] = xstrdup(s);
}

static void widen(size_t *w, const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (n > *w)
		*w = n;
}

/* 1 if file is "cases/<id>.yaml". */
static int own_record(const char *file, const char *id)
{
	size_t n = strlen(id);
	return strncmp(file, "cases/", 6) == 0 && strncmp(file + 6, id, n) == 0 &&
	       strcmp(file + 6 + n, ".yaml") == 0;
}

void pk_due_table_add(struct pk_due_table *t, const struct pk_due_item *it)
{
	if (t->n == t->nchunks * CHUNK) {
		t->chunks = xrealloc(t->chunks, (t->nchunks + 1) * sizeof *t->chunks);
		t->chunks[t->nchunks++] = xmalloc(CHUNK * sizeof(struct row));
	}
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 1024;
		t->v = xrealloc(t->v, t->cap * sizeof *t->v);
	}
	struct row *r = &t->chunks[t->n / CHUNK][t->n % CHUNK];
	t->v[t->n++] = r;
	r->due = (int32_t)it->due;
	r->deadline = (int32_t)it->deadline;
	r->anchor = (int32_t)it->anchor;
	r->rule = it->rule;
	r->case_id = pack(t, it->case_id);
	r->reason = pack(t, it->reason ? it->reason : "");
	r->file = it->fact_file && !own_record(it->fact_file, it->case_id) ? intern(t, it->fact_file) : NULL;
	r->line = it->fact_line;
	r->team = intern(t, it->team);
	r->unit = intern(t, it->unit);
	r->status = (uint8_t)it->status;
	r->fw = (uint8_t)it->fw;
	r->setting = code_of(it->setting, settings, PK_ARRAY_LEN(settings));
	r->tier = (uint8_t)it->tier;
	r->sentence = code_of(it->sentence, sentences, PK_ARRAY_LEN(sentences));
	if (it->status == PK_DUE_OVERDUE)
		t->overdue++;
	widen(&t->w_case, it->case_id);
	widen(&t->w_setting, it->setting);
	widen(&t->w_rule, it->rule);
	widen(&t->w_framework, it->framework);
}

static const char *fw_name(const struct row *r)
{
	return r->fw == PK_FW_DETENTION ? "detention" : "ipp";
}

/* "cases/DC-0001.yaml:8" */
static const char *source(const struct row *r, char *buf, size_t n)
{
	if (r->file)
		snprintf(buf, n, "%s:%u", r->file, r->line);
	else
		snprintf(buf, n, "cases/%s.yaml:%u", r->case_id, r->line);
	return buf;
}

size_t pk_due_table_count(const struct pk_due_table *t) { return t->n; }
size_t pk_due_table_overdue(const struct pk_due_table *t) { return t->overdue; }

static int row_cmp(const void *pa, const void *pb)
{
	const struct row *a = *(struct row *const *)pa, *b = *(struct row *const *)pb;
	struct pk_due_key ka = {a->status, a->deadline, a->due, a->case_id, a->rule, a->reason};
	struct pk_due_key kb = {b->status, b->deadline, b->due, b->case_id, b->rule, b->reason};
	return pk_due_key_cmp(&ka, &kb);
}

void pk_due_table_sort(struct pk_due_table *t)
{
	if (t->n > 1)
		qsort(t->v, t->n, sizeof *t->v, row_cmp);
}

void pk_due_print_text(FILE *out, const struct pk_due_table *t)
{
	char a[16], b[16];
	if (!t->n)
		return;
	fprintf(out, "%-*s  %-*s  %-*s  %-10s  %-10s  %-8s  %-*s  %s\n", (int)t->w_case, "CASE",
		(int)t->w_framework, "FRAMEWORK", (int)t->w_setting, "SETTING", "DUE", "DEADLINE",
		"STATUS", (int)t->w_rule, "RULE", "REASON");
	for (size_t i = 0; i < t->n; i++) {
		const struct row *r = t->v[i];
		fprintf(out, "%-*s  %-*s  %-*s  %-10s  %-10s  %-8s  %-*s  %s\n", (int)t->w_case, r->case_id,
			(int)t->w_framework, fw_name(r), (int)t->w_setting, settings[r->setting],
			pk_date_fmt(r->due, a), pk_date_fmt(r->deadline, b),
			pk_due_status_name((enum pk_due_status)r->status), (int)t->w_rule, r->rule, r->reason);
	}
}

void pk_due_print_json(FILE *out, const struct pk_due_table *t)
{
	struct pk_jw w;
	pk_jw_init(&w, out);
	pk_jw_arr_begin(&w, PK_JW_LINES(2));
	for (size_t i = 0; i < t->n; i++) {
		const struct row *r = t->v[i];
		char src[600], a[16], b[16];
		pk_jw_obj_begin(&w, PK_JW_INLINE);
		pk_jw_kstr(&w, "case", r->case_id);
		pk_jw_kstr(&w, "framework", fw_name(r));
		pk_jw_kstr(&w, "setting", settings[r->setting]);
		pk_jw_kstr(&w, "rule", r->rule);
		pk_jw_kstr(&w, "due", pk_date_fmt_or_null(r->due, a));
		pk_jw_kstr(&w, "deadline", pk_date_fmt_or_null(r->deadline, b));
		pk_jw_kstr(&w, "status", pk_due_status_name((enum pk_due_status)r->status));
		pk_jw_kstr(&w, "reason", r->reason);
		if (r->fw == PK_FW_DETENTION)
			pk_jw_kstr(&w, "tier", pk_cpp_tier_name(r->tier));
		else
			pk_jw_kstr(&w, "sentence", r->sentence ? sentences[r->sentence] : NULL);
		pk_jw_kstr(&w, "team", r->team);
		pk_jw_kstr(&w, "unit", r->unit);
		pk_jw_kstr(&w, "source", source(r, src, sizeof src));
		pk_jw_obj_end(&w);
	}
	pk_jw_arr_end(&w);
	pk_jw_text(&w, "\n");
}

void pk_due_print_csv(FILE *out, const struct pk_due_table *t, int excel)
{
	struct sbuf b = SBUF_INIT;
	if (excel)
		sbuf_adds(&b, "\xef\xbb\xbf");
	sbuf_adds(&b, "case,framework,setting,due,deadline,status,rule,reason,tier,sentence,team,unit,source\r\n");
	for (size_t i = 0; i < t->n; i++) {
		const struct row *r = t->v[i];
		char src[600], a[16], d2[16];
		const char *cells[] = {
			r->case_id, fw_name(r), settings[r->setting], pk_date_fmt_or_null(r->due, a),
			pk_date_fmt_or_null(r->deadline, d2), pk_due_status_name((enum pk_due_status)r->status),
			r->rule, r->reason,
			r->fw == PK_FW_DETENTION ? pk_cpp_tier_name(r->tier) : NULL,
			r->fw != PK_FW_DETENTION && r->sentence ? sentences[r->sentence] : NULL,
			r->team, r->unit, source(r, src, sizeof src),
		};
		for (size_t k = 0; k < PK_ARRAY_LEN(cells); k++) {
			if (k)
				sbuf_addc(&b, ',');
			pk_csv_field(&b, cells[k]);
		}
		sbuf_adds(&b, "\r\n");
	}
	fwrite(b.s, 1, b.len, out);
	sbuf_free(&b);
}

/* ---- iCalendar (RFC 5545) ---- */

/* TEXT value escaping (RFC 5545 §3.3.11). */
static void ics_text(struct sbuf *b, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '\\': sbuf_adds(b, "\\\\"); break;
		case ';': sbuf_adds(b, "\\;"); break;
		case ',': sbuf_adds(b, "\\,"); break;
		case '\n': sbuf_adds(b, "\\n"); break;
		case '\r': break;
		default: sbuf_addc(b, *s);
		}
	}
}

/* Appends one content line, folded so that no physical line is longer
 * than 75 octets (§3.1), never inside a UTF-8 sequence, ending in CRLF. */
static void ics_line(struct sbuf *out, const char *line)
{
	size_t n = strlen(line), i = 0, room = 75;
	while (i < n) {
		size_t take = n - i;
		if (take > room) {
			take = room;
			/* Back off to the start of a UTF-8 sequence. */
			while (take > 0 && ((unsigned char)line[i + take] & 0xC0) == 0x80)
				take--;
		}
		sbuf_add(out, line + i, take);
		sbuf_adds(out, "\r\n");
		i += take;
		if (i < n) {
			sbuf_addc(out, ' ');
			room = 74;
		}
	}
}

static void ics_date(char *buf, pk_date d)
{
	char a[16];
	pk_date_fmt(d, a);
	snprintf(buf, 9, "%.4s%.2s%.2s", a, a + 5, a + 8);
}

void pk_ics_begin(struct sbuf *out, const char *prodid)
{
	struct sbuf l = SBUF_INIT;
	ics_line(out, "BEGIN:VCALENDAR");
	ics_line(out, "VERSION:2.0");
	sbuf_addf(&l, "PRODID:%s", prodid);
	ics_line(out, l.s);
	sbuf_free(&l);
	ics_line(out, "CALSCALE:GREGORIAN");
	ics_line(out, "METHOD:PUBLISH");
}

void pk_ics_end(struct sbuf *out)
{
	ics_line(out, "END:VCALENDAR");
}

void pk_ics_event(struct sbuf *out, pk_date stamp, const char *uid, pk_date start, pk_date last,
		  const char *summary, const char *description, const char *const *categories, size_t ncat)
{
	struct sbuf l = SBUF_INIT;
	char st[16], ds[16], de[16];
	ics_date(st, stamp);
	ics_date(ds, start);
	/* DTEND of an all-day event is exclusive: the day after the last. */
	ics_date(de, pk_add_days(last, 1));
	ics_line(out, "BEGIN:VEVENT");
	sbuf_addf(&l, "UID:%s", uid);
	ics_line(out, l.s);
	sbuf_reset(&l);
	sbuf_addf(&l, "DTSTAMP:%sT000000Z", st);
	ics_line(out, l.s);
	sbuf_reset(&l);
	sbuf_addf(&l, "DTSTART;VALUE=DATE:%s", ds);
	ics_line(out, l.s);
	sbuf_reset(&l);
	sbuf_addf(&l, "DTEND;VALUE=DATE:%s", de);
	ics_line(out, l.s);
	sbuf_reset(&l);
	sbuf_adds(&l, "SUMMARY:");
	ics_text(&l, summary);
	ics_line(out, l.s);
	sbuf_reset(&l);
	sbuf_adds(&l, "DESCRIPTION:");
	ics_text(&l, description);
	ics_line(out, l.s);
	sbuf_reset(&l);
	sbuf_adds(&l, "CATEGORIES:");
	for (size_t i = 0; i < ncat; i++) {
		if (i)
			sbuf_adds(&l, ",");
		ics_text(&l, categories[i]);
	}
	ics_line(out, l.s);
	ics_line(out, "TRANSP:TRANSPARENT");
	ics_line(out, "END:VEVENT");
	sbuf_free(&l);
}

char *pk_due_ics(const struct pk_due_table *t, pk_date as_of, size_t *len)
{
	struct sbuf out = SBUF_INIT, uid = SBUF_INIT, s = SBUF_INIT, desc = SBUF_INIT;
	char a[16];
	pk_ics_begin(&out, "-//panelkit//panel due//EN");
	for (size_t i = 0; i < t->n; i++) {
		const struct row *r = t->v[i];
		char src[600];
		if (r->due == PK_NODATE)
			continue; /* pending: no date to put in a calendar */
		/* Stable UID; a second item with the same case, rule and due
		 * date (two referrals) gets a counter. */
		size_t same = 0;
		for (size_t j = i; j-- > 0 && t->v[j]->deadline == r->deadline;)
			if (t->v[j]->anchor == r->anchor && strcmp(t->v[j]->case_id, r->case_id) == 0 &&
			    strcmp(t->v[j]->rule, r->rule) == 0)
				same++;
		sbuf_reset(&uid);
		sbuf_addf(&uid, "%s-%s-%s", r->case_id, r->rule,
			  r->anchor != PK_NODATE ? pk_date_fmt(r->anchor, a) : "undated");
		if (same)
			sbuf_addf(&uid, "-%zu", same + 1);
		sbuf_adds(&uid, "@panelkit");
		sbuf_reset(&s);
		sbuf_addf(&s, "%s: %s panel due (%s)", r->case_id, fw_name(r), r->rule);
		sbuf_reset(&desc);
		sbuf_addf(&desc, "%s\nDeadline %s, %s as of ", r->reason, pk_date_fmt(r->deadline, a),
			  pk_due_status_name((enum pk_due_status)r->status));
		sbuf_addf(&desc, "%s.\nRule %s; source %s.", pk_date_fmt(as_of, a), r->rule, source(r, src, sizeof src));
		if (r->team)
			sbuf_addf(&desc, "\nTeam %s.", r->team);
		const char *cats[] = {fw_name(r), r->rule};
		pk_ics_event(&out, as_of, uid.s, r->due, r->deadline, s.s, desc.s, cats, 2);
	}
	pk_ics_end(&out);
	sbuf_free(&uid);
	sbuf_free(&s);
	sbuf_free(&desc);
	*len = out.len;
	return sbuf_detach(&out);
}
