/* history_git_batch.c: tree objects read through git itself, for walks
 * over the history (panel audit, the first panel log).
 *
 * libgit2 1.5 keeps no delta base over 1 MB in its pack cache, so in a
 * fresh clone's pack every read of a big tree (cases/ of 100k cases is
 * 4 MB) rebuilds its delta chain from the chain's base: most of a 100k-case
 * audit's time.  git keeps such bases (core.deltaBaseCacheLimit, 96 MB),
 * so a walk reads its trees from one `git cat-file --batch` on the same
 * repository, and keeps the last few it read.  The bytes are the same
 * objects'; when git is not there, refuses the repository or stops
 * answering, libgit2 reads, as before.  Not for threads: the walks run
 * on one.  PANEL_GIT_BATCH=0: libgit2 reads everything;
 * PANEL_GIT_BATCH_MIN=BYTES: the size from which git reads (tests). */
#define _GNU_SOURCE /* F_SETPIPE_SZ (Linux) */
#include "history_git.h"
#include "mem.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

#define SLOTS 8

struct slot {
	git_oid id;
	unsigned char *data;
	size_t size;
	unsigned long used; /* when last read: the least recent unpinned goes */
	int pins;
};

/* One batch at a time: a tool walks one repository's history. */
static struct batch {
	git_odb *odb;       /* the walk's (NULL: no batch) */
	char *gitdir;
	size_t min;         /* trees this big or bigger are git's to read */
	int tried;          /* git was started, or could not be */
	pid_t pid;
	int to, from;       /* pipes to git's stdin, from its stdout */
	FILE *in;           /* buffered reader of from */
	struct slot s[SLOTS];
	unsigned long clock;
	size_t served;
} B = {.pid = -1, .to = -1, .from = -1};

/* Ends git's side; the slots stay (a tree read from one may be in use). */
static void end_git(void)
{
	if (B.to >= 0)
		close(B.to);
	if (B.in)
		fclose(B.in);
	else if (B.from >= 0)
		close(B.from);
	if (B.pid > 0)
		while (waitpid(B.pid, NULL, 0) < 0 && errno == EINTR)
			;
	B.pid = -1, B.to = -1, B.from = -1, B.in = NULL;
}

void pk_git_batch_stop(git_odb *odb)
{
	if (odb && odb != B.odb)
		return;
	end_git();
	for (int i = 0; i < SLOTS; i++)
		free(B.s[i].data);
	free(B.gitdir);
	memset(&B, 0, sizeof B);
	B.pid = -1, B.to = -1, B.from = -1;
}

int pk_git_batch_start(struct pk_git *g, size_t min)
{
	const char *env = getenv("PANEL_GIT_BATCH");
	if (env && !strcmp(env, "0"))
		return -1;
	pk_git_batch_stop(NULL);
	B.odb = g->odb;
	B.gitdir = xstrdup(git_repository_path(g->repo));
	B.min = min;
	/* the tests' way to send small trees through git too */
	const char *m = getenv("PANEL_GIT_BATCH_MIN");
	if (m && *m >= '0' && *m <= '9')
		B.min = (size_t)strtoull(m, NULL, 10);
	return 0;
}

/* Starts git on the first tree a walk reads (a warm panel log reads none). */
static int spawn_git(void)
{
	int in[2], out[2];
	B.tried = 1;
	if (pipe(in) < 0)
		return -1;
	if (pipe(out) < 0) {
		close(in[0]), close(in[1]);
		return -1;
	}
	fcntl(in[1], F_SETFD, FD_CLOEXEC);
	fcntl(out[0], F_SETFD, FD_CLOEXEC);
#ifdef F_SETPIPE_SZ
	/* a 4 MB tree in 1 MB writes, not 64 KB ones: a quarter of the time
	 * in the kernel (Linux; the system's pipe-max-size may refuse) */
	fcntl(out[0], F_SETPIPE_SZ, 1 << 20);
#endif
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, in[0], 0);
	posix_spawn_file_actions_adddup2(&fa, out[1], 1);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	/* the objects as stored: refs/replace/ would make git show others
	 * (panel audit reports them; libgit2 does not apply them) */
	char *argv[] = {"git", "--no-replace-objects", "--git-dir", B.gitdir, "cat-file", "--batch", NULL};
	pid_t pid;
	int e = posix_spawnp(&pid, "git", &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(in[0]);
	close(out[1]);
	if (e != 0) {
		close(in[1]), close(out[0]);
		return -1;
	}
	B.pid = pid;
	B.to = in[1];
	B.from = out[0];
	B.in = fdopen(out[0], "r");
	if (!B.in) {
		end_git();
		return -1;
	}
	return 0;
}

size_t pk_git_batch_served(void)
{
	return B.served;
}

/* Writes all of buf to git, without dying of SIGPIPE if git has gone. */
static int write_all(int fd, const char *buf, size_t n)
{
	sigset_t pipe_set, old;
	sigemptyset(&pipe_set);
	sigaddset(&pipe_set, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &pipe_set, &old);
	int r = 0;
	while (n) {
		ssize_t w = write(fd, buf, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			r = -1;
			break;
		}
		buf += w, n -= (size_t)w;
	}
	if (r < 0 && errno == EPIPE) {
		struct timespec zero = {0, 0};
		sigtimedwait(&pipe_set, NULL, &zero); /* the SIGPIPE of that write */
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return r;
}

/* Asks git for id: 0 with its bytes in a slot, 1 when git says it is not
 * a tree (or is missing), -1 when the batch broke (it is stopped). */
static int ask(const git_oid *id, struct slot **out)
{
	char line[GIT_OID_HEXSZ + 2], head[160], want[GIT_OID_HEXSZ + 1];
	git_oid_tostr(want, sizeof want, id);
	memcpy(line, want, GIT_OID_HEXSZ);
	line[GIT_OID_HEXSZ] = '\n';
	if (write_all(B.to, line, GIT_OID_HEXSZ + 1) < 0 || !fgets(head, sizeof head, B.in))
		goto broken;
	/* "<id> <type> <size>\n" or "<id> missing\n" */
	if (strncmp(head, want, GIT_OID_HEXSZ) || head[GIT_OID_HEXSZ] != ' ')
		goto broken;
	const char *rest = head + GIT_OID_HEXSZ + 1;
	if (!strcmp(rest, "missing\n"))
		return 1;
	const char *sp = strchr(rest, ' ');
	char *end;
	if (!sp)
		goto broken;
	errno = 0;
	unsigned long long size = strtoull(sp + 1, &end, 10);
	if (errno || end == sp + 1 || *end != '\n' || size > ((size_t)1 << 31))
		goto broken;
	int tree = (size_t)(sp - rest) == 4 && !memcmp(rest, "tree", 4);
	unsigned char *data = xmalloc((size_t)size + 1);
	if (fread(data, 1, (size_t)size, B.in) != (size_t)size || fgetc(B.in) != '\n') {
		free(data);
		goto broken;
	}
	if (!tree) {
		free(data);
		return 1;
	}
	/* the least recently read slot nobody holds */
	struct slot *v = NULL;
	for (int i = 0; i < SLOTS; i++)
		if (!B.s[i].pins && (!v || B.s[i].used < v->used))
			v = &B.s[i];
	if (!v) {
		free(data);
		return 1; /* every slot held: libgit2 reads this one */
	}
	free(v->data);
	v->id = *id;
	v->data = data;
	v->size = (size_t)size;
	B.served++;
	*out = v;
	return 0;
broken:
	end_git();
	return -1;
}

/* A tree past the size libgit2 keeps delta bases of: smaller ones are
 * read faster in process (from libgit2's caches) than by a round trip to
 * git.  The header comes from libgit2's object cache, or the pack's
 * object header (for a delta, the size it makes), without the chain. */
static int big_tree(git_odb *odb, const git_oid *id)
{
	size_t len;
	git_object_t type;
	return git_odb_read_header(&len, &type, odb, id) == 0 && type == GIT_OBJECT_TREE &&
	       len >= B.min;
}

int pk_git_raw_tree(git_odb *odb, const git_oid *id, struct pk_git_raw *r)
{
	memset(r, 0, sizeof *r);
	if (B.odb && odb == B.odb) {
		struct slot *v = NULL;
		for (int i = 0; i < SLOTS && !v; i++)
			if (B.s[i].data && git_oid_equal(&B.s[i].id, id))
				v = &B.s[i];
		/* once git could not be started, not even the header is read */
		if (v || ((B.pid > 0 || !B.tried) && big_tree(odb, id) &&
			  (B.pid > 0 || spawn_git() == 0) && ask(id, &v) == 0)) {
			v->used = ++B.clock;
			v->pins++;
			r->data = v->data;
			r->size = v->size;
			r->slot = v;
			return 0;
		}
		/* not a tree as git sees it, or git has gone: libgit2 says */
	}
	git_odb_object *obj;
	int e = git_odb_read(&obj, odb, id);
	if (e < 0)
		return e;
	if (git_odb_object_type(obj) != GIT_OBJECT_TREE) {
		git_odb_object_free(obj);
		return -2;
	}
	r->obj = obj;
	r->data = git_odb_object_data(obj);
	r->size = git_odb_object_size(obj);
	return 0;
}

void pk_git_raw_free(struct pk_git_raw *r)
{
	if (r->slot)
		((struct slot *)r->slot)->pins--;
	git_odb_object_free(r->obj);
	memset(r, 0, sizeof *r);
}
