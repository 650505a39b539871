/* rulebook.h: every rule ID a message can cite, in the project's words.
 *
 * The rule table (rules.h) holds the numbers the tools apply; this book
 * holds what each rule ID means, so `panel rules` and docs/rules.md can be
 * read wherever panelkit is installed.  A summary says what the rule asks
 * without repeating the table's numbers (each fact has one home): the
 * numbers are printed beside it from the table.  Policy texts are cited by
 * section, never quoted. */
#ifndef PK_RULEBOOK_H
#define PK_RULEBOOK_H

#include <stddef.h>
#include <stdio.h>
#include "date.h"

struct pk_rule_id {
	const char *id;       /* "CPP-CYCLE" */
	const char *doc;      /* "CPP", "PF", "KIT" (the toolkit's own) or "YAML" */
	const char *sections; /* "§2, §4, §5" / "6.2" / "" */
	const char *summary;  /* one or two sentences, the project's words */
};

const struct pk_rule_id *pk_rulebook_all(size_t *n);
/* The entry of id (case-insensitive), or NULL. */
const struct pk_rule_id *pk_rulebook_find(const char *id);
/* The closest ID to a misspelt one ("cpp-cycel" -> "CPP-CYCLE"), or NULL. */
const char *pk_rulebook_suggest(const char *id);

/* Output of panel rules: all entries (id NULL) or one, with the rule table
 * rows in force on `on` (every version when all_versions). */
void pk_rulebook_print(FILE *out, const char *id, pk_date on);
void pk_rulebook_json(FILE *out, const char *id, pk_date on);
/* docs/rules.md: the whole book with every row of the rule table. */
void pk_rulebook_markdown(FILE *out);

#endif
