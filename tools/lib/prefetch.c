/* prefetch.c: see prefetch.h.  Workers claim positions in order, parse into
 * their slot of a ring of PK_PREFETCH_WINDOW, and the caller takes slots
 * in order; one mutex and two conditions (a slot filled, a slot freed). */
#include "prefetch.h"
#include "util.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_WORKERS 4

struct slot {
	struct pk_doc *doc;
	struct pk_diags d;
	int result;
	int full;
};

struct pk_prefetch {
	struct pk_source *src;
	pk_prefetch_job job;
	void *arg;
	size_t *idx, n;        /* the positions in src->paths handed out */
	size_t claim, take;    /* next to parse, next to hand out */
	struct slot slot[PK_PREFETCH_WINDOW];
	pthread_mutex_t mu;
	pthread_cond_t filled, freed;
	pthread_t th[MAX_WORKERS];
	int nth, stop;
};

static void load(struct pk_prefetch *p, size_t pos, struct slot *s)
{
	const char *rel = p->src->paths[p->idx[pos]];
	struct pk_diags d = PK_DIAGS_INIT;
	s->doc = pk_source_load(p->src, rel, &d);
	s->result = 0;
	if (p->job && s->doc && pk_doc_root(s->doc))
		s->result = p->job(p->arg, pk_path_kind(rel), s->doc, &d);
	s->d = d;
}

static void *worker(void *arg)
{
	struct pk_prefetch *p = arg;
	pthread_mutex_lock(&p->mu);
	for (;;) {
		while (!p->stop && p->claim < p->n && p->claim >= p->take + PK_PREFETCH_WINDOW)
			pthread_cond_wait(&p->freed, &p->mu);
		if (p->stop || p->claim >= p->n)
			break;
		size_t pos = p->claim++;
		pthread_mutex_unlock(&p->mu);
		struct slot s;
		load(p, pos, &s);
		pthread_mutex_lock(&p->mu);
		s.full = 1;
		p->slot[pos % PK_PREFETCH_WINDOW] = s;
		pthread_cond_broadcast(&p->filled);
	}
	pthread_mutex_unlock(&p->mu);
	pk_doc_line_release();
	return NULL;
}

static int workers_wanted(const struct pk_source *src, size_t n)
{
	if (!src->reads_in_parallel || n < 2)
		return 0;
	const char *env = getenv("PANEL_THREADS");
	long k;
	if (env && *env) {
		k = strtol(env, NULL, 10);
	} else {
		/* The caller keeps one core busy with the checks. */
		k = sysconf(_SC_NPROCESSORS_ONLN) - 1;
		if (k < 1 && sysconf(_SC_NPROCESSORS_ONLN) > 1)
			k = 1;
	}
	if (k < 0)
		k = 0;
	return k > MAX_WORKERS ? MAX_WORKERS : (int)k;
}

struct pk_prefetch *pk_prefetch_new(struct pk_source *src, enum pk_rkind only,
				    pk_prefetch_job job, void *arg)
{
	struct pk_prefetch *p = xcalloc(1, sizeof *p);
	p->src = src;
	p->job = job;
	p->arg = arg;
	p->idx = xcalloc(src->n ? src->n : 1, sizeof *p->idx);
	for (size_t i = 0; i < src->n; i++)
		if (only == PK_R_NONE || pk_path_kind(src->paths[i]) == only)
			p->idx[p->n++] = i;
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->filled, NULL);
	pthread_cond_init(&p->freed, NULL);
	int want = workers_wanted(src, p->n);
	for (int i = 0; i < want; i++) {
		if (pthread_create(&p->th[p->nth], NULL, worker, p) != 0)
			break; /* fewer workers, or none: the caller reads */
		p->nth++;
	}
	return p;
}

int pk_prefetch_next(struct pk_prefetch *p, size_t *index, struct pk_doc **doc, int *result,
		     struct pk_diags *d)
{
	if (p->take >= p->n)
		return 0;
	size_t pos = p->take;
	struct slot s;
	if (!p->nth) {
		load(p, pos, &s);
		p->take++;
	} else {
		struct slot *sl = &p->slot[pos % PK_PREFETCH_WINDOW];
		pthread_mutex_lock(&p->mu);
		while (!sl->full)
			pthread_cond_wait(&p->filled, &p->mu);
		s = *sl;
		sl->full = 0;
		p->take++;
		pthread_cond_broadcast(&p->freed);
		pthread_mutex_unlock(&p->mu);
	}
	*index = p->idx[pos];
	*doc = s.doc;
	*result = s.result;
	pk_diags_append(d, &s.d);
	return 1;
}

void pk_prefetch_free(struct pk_prefetch *p)
{
	if (!p)
		return;
	pthread_mutex_lock(&p->mu);
	p->stop = 1;
	pthread_cond_broadcast(&p->freed);
	pthread_mutex_unlock(&p->mu);
	for (int i = 0; i < p->nth; i++)
		pthread_join(p->th[i], NULL);
	for (size_t i = 0; i < PK_PREFETCH_WINDOW; i++)
		if (p->slot[i].full) {
			pk_doc_free(p->slot[i].doc);
			pk_diags_free(&p->slot[i].d);
		}
	pthread_cond_destroy(&p->freed);
	pthread_cond_destroy(&p->filled);
	pthread_mutex_destroy(&p->mu);
	free(p->idx);
	free(p);
}
