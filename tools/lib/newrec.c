/* newrec.c: the text of a new record from its schema (panel new). */
#include "newrec.h"
#include "node.h"
#include "mem.h"

#include <ctype.h>
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* A $ref within the same file ("#/$defs/x"), or NULL. */
static const struct pk_node *deref(const struct pk_node *root, const struct pk_node *n)
{
	for (int hops = 0; n && hops < 8; hops++) {
		const char *ref = pk_get_str(n, "$ref");
		if (!ref || strncmp(ref, "#/$defs/", 8))
			return n;
		if (pk_get_str(n, "description") || pk_map_get(n, "type"))
			return n; /* its own words come first */
		n = pk_map_get(pk_map_get(root, "$defs"), ref + 8);
	}
	return n;
}

/* The first of n's own keyword, or of what its $ref names. */
static const struct pk_node *keyword(const struct pk_node *root, const struct pk_node *n, const char *k)
{
	for (int hops = 0; n && hops < 8; hops++) {
		const struct pk_node *v = pk_map_get(n, k);
		if (v)
			return v;
		const char *ref = pk_get_str(n, "$ref");
		if (!ref || strncmp(ref, "#/$defs/", 8))
			return NULL;
		n = pk_map_get(pk_map_get(root, "$defs"), ref + 8);
	}
	return NULL;
}

/* A plain scalar where YAML reads it back as the same text, else quoted. */
static void put_value(struct sbuf *b, const char *v)
{
	int plain = *v && !strchr(":#{}[],&*!|>'\"%@`", *v) && !strchr(v, '#') &&
		    !strstr(v, ": ") && !isspace((unsigned char)*v) &&
		    !isspace((unsigned char)v[strlen(v) - 1]);
	/* a value that YAML would read as a number, bool or null stays text */
	static const char *const words[] = {"true", "false", "null", "~", "yes", "no"};
	for (size_t i = 0; plain && i < PK_ARRAY_LEN(words); i++)
		plain = strcasecmp(v, words[i]) != 0;
	char *end;
	if (plain && (strtod(v, &end), *end == '\0'))
		plain = 0;
	if (plain) {
		sbuf_adds(b, v);
		return;
	}
	sbuf_addc(b, '"');
	for (const char *p = v; *p; p++) {
		if (*p == '"' || *p == '\\')
			sbuf_addc(b, '\\');
		if ((unsigned char)*p < 0x20)
			sbuf_addf(b, "\\x%02x", (unsigned char)*p);
		else
			sbuf_addc(b, *p);
	}
	sbuf_addc(b, '"');
}

/* Length of the sentence at s (through its full stop); "e.g." and
 * "i.e." do not end one. */
static size_t sentence_len(const char *s)
{
	size_t n = 0;
	for (; s[n]; n++) {
		if (s[n] != '.' || (s[n + 1] && s[n + 1] != ' ' && s[n + 1] != '\n'))
			continue;
		if (n >= 3 && (!strncmp(s + n - 3, "e.g", 3) || !strncmp(s + n - 3, "i.e", 3)))
			continue;
		return n + 1;
	}
	return n;
}

/* The first sentence that says what the key is: "Required for ipp." says
 * nothing the file does not show. */
static void what_it_is(struct sbuf *b, const char *s)
{
	for (;;) {
		while (*s == ' ' || *s == '\n')
			s++;
		size_t n = sentence_len(s);
		if (!strncmp(s, "Required ", 9) && s[n]) {
			s += n;
			continue;
		}
		sbuf_add(b, s, n);
		return;
	}
}

static void comment(struct sbuf *b, const struct pk_node *root, const struct pk_node *prop, int ind)
{
	const struct pk_node *desc = keyword(root, prop, "description");
	const struct pk_node *en = keyword(root, prop, "enum");
	struct sbuf c = SBUF_INIT;
	if (desc && desc->kind == PK_SCALAR)
		what_it_is(&c, desc->str);
	if (en && en->kind == PK_SEQ && en->n > 1) {
		sbuf_adds(&c, c.len ? " One of:" : "One of:");
		for (size_t i = 0; i < en->n; i++)
			sbuf_addf(&c, "%s %s", i ? "," : "", en->items[i]->str);
		sbuf_addc(&c, '.');
	}
	/* wrapped at 76 columns, every line a comment */
	const char *s = sbuf_str(&c);
	while (*s) {
		size_t room = 76 - (size_t)ind - 2, n = strlen(s);
		if (n > room) {
			n = room;
			while (n > 20 && s[n] != ' ')
				n--;
		}
		sbuf_addf(b, "%*s# %.*s\n", ind, "", (int)n, s);
		s += n;
		while (*s == ' ')
			s++;
	}
	sbuf_free(&c);
}

static const char *given(const struct pk_new_val *vals, size_t n, const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(vals[i].key, key))
			return vals[i].value;
	return NULL;
}

static void keys(struct sbuf *b, const struct pk_node *root, const struct pk_node *obj, int ind,
		 const struct pk_new_val *vals, size_t nvals)
{
	const struct pk_node *props = keyword(root, obj, "properties");
	const struct pk_node *req = keyword(root, obj, "required");
	for (size_t i = 0; props && props->kind == PK_MAP && i < props->n; i++) {
		const char *k = props->keys[i]->str;
		int required = 0;
		for (size_t j = 0; req && req->kind == PK_SEQ && j < req->n; j++)
			required |= !strcmp(req->items[j]->str, k);
		if (!required)
			continue;
		const struct pk_node *p = deref(root, props->items[i]);
		const struct pk_node *tn = keyword(root, p, "type");
		const char *type = tn && tn->kind == PK_SCALAR ? tn->str : "";
		const char *v = ind ? NULL : given(vals, nvals, k);
		comment(b, root, props->items[i], ind);
		if (!strcmp(type, "object") && !v) {
			sbuf_addf(b, "%*s%s:\n", ind, "", k);
			keys(b, root, p, ind + 2, vals, nvals);
		} else if (!strcmp(type, "array") && !v) {
			sbuf_addf(b, "%*s%s: []\n", ind, "", k);
		} else {
			sbuf_addf(b, "%*s%s:", ind, "", k);
			if (v) {
				sbuf_addc(b, ' ');
				put_value(b, v);
			}
			sbuf_addc(b, '\n');
		}
	}
}

char *pk_new_record_text(const char *schema_dir, const char *schema,
			 const struct pk_new_val *vals, size_t nvals, struct pk_diags *d)
{
	struct sbuf path = SBUF_INIT, b = SBUF_INIT;
	sbuf_addf(&path, "%s/%s", schema_dir, schema);
	struct pk_doc *doc = pk_doc_load(path.s, path.s, NULL, d);
	const struct pk_node *root = doc ? pk_doc_root(doc) : NULL;
	char *text = NULL;
	if (root && root->kind == PK_MAP) {
		sbuf_addf(&b, "# yaml-language-server: $schema=../schema/%s\n", schema);
		keys(&b, root, root, 0, vals, nvals);
		text = sbuf_detach(&b);
	} else if (doc) {
		pk_diag_add(d, PK_ERROR, path.s, 0, 0, NULL, "KIT-SCHEMA-FILE", NULL, "not a schema object");
	}
	pk_doc_free(doc);
	sbuf_free(&path);
	sbuf_free(&b);
	return text;
}

int pk_new_id_used(const char *root, const char *id)
{
	static const char *const dirs[] = {"cases", "panels", "people"};
	struct stat st;
	for (size_t i = 0; i < PK_ARRAY_LEN(dirs); i++) {
		struct sbuf p = SBUF_INIT;
		sbuf_addf(&p, "%s/%s/%s.yaml", root, dirs[i], id);
		int used = lstat(p.s, &st) == 0;
		sbuf_free(&p);
		if (used)
			return 1;
	}
	return 0;
}

char *pk_new_case_id(const char *root, const char *prefix)
{
	struct sbuf dir = SBUF_INIT;
	sbuf_addf(&dir, "%s/cases", root);
	DIR *dh = opendir(dir.s);
	unsigned long max = 0;
	size_t pl = strlen(prefix);
	struct dirent *de;
	while (dh && (de = readdir(dh))) {
		const char *s = de->d_name;
		if (strncmp(s, prefix, pl) || s[pl] != '-' || !isdigit((unsigned char)s[pl + 1]))
			continue;
		char *end;
		unsigned long n = strtoul(s + pl + 1, &end, 10);
		if (!strcmp(end, ".yaml") && n > max && n < 100000000UL)
			max = n;
	}
	if (dh)
		closedir(dh);
	sbuf_free(&dir);
	for (unsigned long n = max + 1;; n++) {
		struct sbuf id = SBUF_INIT;
		sbuf_addf(&id, "%s-%04lu", prefix, n);
		if (!pk_new_id_used(root, id.s))
			return sbuf_detach(&id);
		sbuf_free(&id);
	}
}

char *pk_new_person_id(const char *name)
{
	struct sbuf id = SBUF_INIT;
	int dash = 0;
	for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
		if (isalnum(*p) && *p < 0x80) {
			if (dash && id.len)
				sbuf_addc(&id, '-');
			dash = 0;
			sbuf_addc(&id, (char)tolower(*p));
		} else if (*p == ' ' || *p == '-' || *p == '_' || *p == '.') {
			dash = 1;
		} /* apostrophes and letters outside ASCII are left out */
	}
	if (!id.len || id.len > 64) {
		sbuf_free(&id);
		return NULL;
	}
	return sbuf_detach(&id);
}
