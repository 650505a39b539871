/* prefetch.c: see prefetch.h.  Workers claim positions in order, parse into
 * their slot of a ring of PK_PREFETCH_WINDOW, and the caller takes slots
 * in order, claiming the next position itself while its own is not ready;
 * one mutex and two conditions (the caller's slot filled, room freed).
 * Each side wakes the other only when it sleeps, and a full window wakes
 * the workers only once half of it is free: a sleep and a wake-up cost as
 * much as parsing a small record. */
#include "prefetch.h"
#include "mem.h"

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
	struct pk_prefetch_job job; /* run NULL: none */
	size_t *idx, n;        /* the positions in src->paths handed out */
	size_t claim, take;    /* next to parse, next to hand out */
	struct slot slot[PK_PREFETCH_WINDOW];
	pthread_mutex_t mu;
	pthread_cond_t filled, freed;
	int waiting;           /* the caller sleeps on filled */
	int idle;              /* workers asleep on freed */
	pthread_t th[MAX_WORKERS];
	int nth, stop;
	const struct pk_names *names; /* pk_prefetch_new_naming; NULL: parse all */
};

static void load(struct pk_prefetch *p, size_t pos, struct slot *s)
{
	const char *rel = p->src->paths[p->idx[pos]];
	struct pk_diags d = PK_DIAGS_INIT;
	s->doc = p->names ? pk_source_load_naming(p->src, rel, p->names, &d)
			  : pk_source_load(p->src, rel, &d);
	s->result = 0;
	if (p->job.run && s->doc && pk_doc_root(s->doc))
		s->result = p->job.run(p->job.arg, pk_path_kind(rel), s->doc, &d);
	s->d = d;
	s->full = 1;
}

/* With p->mu held: parse the next unclaimed position into its slot (the
 * lock is let go meanwhile); 0 when none may be claimed now. */
static int claim_one(struct pk_prefetch *p)
{
	if (p->claim >= p->n || p->claim >= p->take + PK_PREFETCH_WINDOW)
		return 0;
	size_t pos = p->claim++;
	struct slot s;
	pthread_mutex_unlock(&p->mu);
	load(p, pos, &s);
	pthread_mutex_lock(&p->mu);
	p->slot[pos % PK_PREFETCH_WINDOW] = s;
	if (pos == p->take && p->waiting)
		pthread_cond_signal(&p->filled);
	return 1;
}

static void *worker(void *arg)
{
	struct pk_prefetch *p = arg;
	pthread_mutex_lock(&p->mu);
	while (!p->stop && p->claim < p->n) {
		if (!claim_one(p)) {
			p->idle++;
			pthread_cond_wait(&p->freed, &p->mu);
			p->idle--;
		}
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

static struct pk_prefetch *start(struct pk_source *src, enum pk_rkind only,
				 const struct pk_prefetch_job *job, const struct pk_names *names)
{
	struct pk_prefetch *p = xcalloc(1, sizeof *p);
	p->src = src;
	if (job)
		p->job = *job;
	p->names = names;
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

struct pk_prefetch *pk_prefetch_new(struct pk_source *src, enum pk_rkind only,
				    const struct pk_prefetch_job *job)
{
	return start(src, only, job, NULL);
}

struct pk_prefetch *pk_prefetch_new_naming(struct pk_source *src, enum pk_rkind only,
					   const struct pk_names *names)
{
	return start(src, only, NULL, names);
}

int pk_prefetch_next(struct pk_prefetch *p, struct pk_prefetched *r, struct pk_diags *d)
{
	if (p->take >= p->n)
		return 0;
	size_t pos = p->take;
	struct slot *sl = &p->slot[pos % PK_PREFETCH_WINDOW];
	struct slot s;
	if (!p->nth) {
		load(p, pos, &s);
		p->take++;
	} else {
		pthread_mutex_lock(&p->mu);
		while (!sl->full) {
			if (claim_one(p))
				continue;
			p->waiting = 1;
			pthread_cond_wait(&p->filled, &p->mu);
			p->waiting = 0;
		}
		s = *sl;
		sl->full = 0;
		p->take++;
		if (p->idle && p->claim < p->n && p->claim <= p->take + PK_PREFETCH_WINDOW / 2)
			pthread_cond_broadcast(&p->freed); /* half the window is free */
		pthread_mutex_unlock(&p->mu);
	}
	r->index = p->idx[pos];
	r->doc = s.doc;
	r->result = s.result;
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
