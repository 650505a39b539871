/* pf.c: progression framework facts (pf.h). */
#include "pf.h"
#include "record.h"

#include <string.h>

static const char *const rags[PK_PF_RAG_N] = {
	[PK_PF_RAG_GREEN] = "green",
	[PK_PF_RAG_AMBER] = "amber",
	[PK_PF_RAG_RED] = "red",
};

const char *pk_pf_rag_name(enum pk_pf_rag r)
{
	return (unsigned)r < PK_PF_RAG_N ? rags[r] : NULL;
}

enum pk_pf_rag pk_pf_rag_parse(const char *rating)
{
	for (int r = PK_PF_RAG_GREEN; rating && r < PK_PF_RAG_N; r++)
		if (strcmp(rating, rags[r]) == 0)
			return (enum pk_pf_rag)r;
	return PK_PF_RAG_NONE;
}

const struct pk_node *pk_pf_rag_on(const struct pk_node *root, pk_date on, pk_date *date)
{
	const struct pk_node *l = pk_map_get(root, "rag"), *best = NULL;
	pk_date bd = PK_NODATE;
	for (size_t i = 0; l && l->kind == PK_SEQ && i < l->n; i++) {
		pk_date d = pk_node_date(l->items[i], "date");
		if (d == PK_NODATE || (on != PK_NODATE && d > on))
			continue;
		if (!best || d >= bd) {
			best = l->items[i];
			bd = d;
		}
	}
	if (date)
		*date = bd;
	return best;
}

static const char *const settings[PK_PF_SETTING_N] = {
	[PK_PF_CUSTODY] = "custody",
	[PK_PF_COMMUNITY] = "community",
};

const char *pk_pf_setting_name(enum pk_pf_setting s)
{
	return s >= 0 && s < PK_PF_SETTING_N ? settings[s] : NULL;
}

enum pk_pf_setting pk_pf_setting_parse(const char *setting)
{
	for (int s = 0; setting && s < PK_PF_SETTING_N; s++)
		if (strcmp(setting, settings[s]) == 0)
			return (enum pk_pf_setting)s;
	return PK_PF_SETTING_NONE;
}

/* The latest movement of list key dated on or before `on`, PK_NODATE if none. */
static pk_date last_move(const struct pk_node *root, const char *key, pk_date on)
{
	const struct pk_node *l = pk_map_get(root, key);
	pk_date best = PK_NODATE;
	for (size_t i = 0; l && l->kind == PK_SEQ && i < l->n; i++) {
		pk_date d = pk_node_date(l->items[i], "date");
		if (d != PK_NODATE && d <= on && (best == PK_NODATE || d > best))
			best = d;
	}
	return best;
}

enum pk_pf_setting pk_pf_setting_on(const struct pk_node *root, pk_date on)
{
	pk_date rel = last_move(root, "releases", on), rec = last_move(root, "recalls", on);
	if (rel == PK_NODATE)
		return PK_PF_CUSTODY;
	return rec != PK_NODATE && rec >= rel ? PK_PF_CUSTODY : PK_PF_COMMUNITY;
}
