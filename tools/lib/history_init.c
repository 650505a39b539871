/* history_init.c: a new records repository (panel init), and a clone set
 * up to merge records field by field (panel setup). */
#include "history.h"
#include "accept.h"
#include "history_git.h"
#include "mem.h"
#include "files.h"

#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char gitattributes[] =
	"# panelkit: records are YAML text.\n"
	"#  text eol=lf  stores every record with LF line endings whatever the\n"
	"#               editor's platform, so blob IDs, diffs and 'panel log'\n"
	"#               compare content, not line endings;\n"
	"#  diff=yaml    hunk headers name the top-level key a change is under\n"
	"#               (the driver is set in .git/config by 'panel init':\n"
	"#               diff.yaml.xfuncname); 'panel log ID' shows the same\n"
	"#               history field by field.\n"
	"*.yaml text eol=lf diff=yaml\n"
	"*.json text eol=lf\n"
	"*.md text eol=lf\n";

/* VS Code (Red Hat YAML extension): the schema of each folder, for a
 * record without the modeline (a record's modeline, naming the schema of
 * its framework, takes precedence). */
static const char vscode_settings[] =
	"{\n"
	"  \"yaml.schemas\": {\n"
	"    \"./schema/case.schema.json\": [\"cases/*.yaml\"],\n"
	"    \"./schema/panel.schema.json\": [\"panels/*.yaml\"],\n"
	"    \"./schema/person.schema.json\": [\"people/*.yaml\"]\n"
	"  },\n"
	"  \"yaml.schemaStore.enable\": false,\n"
	"  \"yaml.yamlVersion\": \"1.2\"\n"
	"}\n";

/* Rewritten by the tools from the records (schemagen.h): never stale in
 * a commit because never committed. */
static const char gitignore[] =
	"# the people and case IDs for editors' completion, written by panel\n"
	"# init, new, commit and validate from the records\n"
	"/schema/ids.schema.json\n";

/* The hooks: name, why, the arguments of `panel commit --verify-staged`.
 * Each runs the acceptance check every door runs (accept.h). */
static const struct hook {
	const char *name, *why, *args;
} hooks[] = {
	{"pre-commit",
	 "# Refuses a commit that would leave a record invalid (KIT-HISTORY): it\n"
	 "# checks the staged change, as this commit will contain it (read from\n"
	 "# the index), with the acceptance check of 'panel commit'.\n",
	 ""},
	{"commit-msg",
	 "# Refuses a commit whose message does not name every record it touches\n"
	 "# in a Case:/Panel:/Person: trailer (panelkit.yaml can make it a warning).\n",
	 " --message-file \"$1\""},
	{"pre-merge-commit",
	 "# Refuses a merge whose result, compared with HEAD, would leave the\n"
	 "# records invalid (a case owned by a person the other side deleted...).\n",
	 " --merge"},
};

/* %s: hook name, why, the panel program to fall back on when none is on
 * PATH, hook name, arguments. */
static const char hook_fmt[] =
	"#!/bin/sh\n"
	"# panelkit %s hook, installed by 'panel init' or 'panel setup'.\n"
	"#\n"
	"%s"
	"# 'panel commit' runs no hooks: it checks the same way itself and adds\n"
	"# the trailers.  A commit made with --no-verify is reported by 'panel audit'.\n"
	"panel=$(command -v panel 2>/dev/null) || panel='%s'\n"
	"if [ ! -x \"$panel\" ]; then\n"
	"\techo \"%s: 'panel' is not on PATH: cannot check the change\" >&2\n"
	"\techo \"hint: install panelkit or put its bin/ on PATH (git commit --no-verify skips this check)\" >&2\n"
	"\texit 1\n"
	"fi\n"
	"exec \"$panel\" commit --verify-staged%s\n";

/* panelkit.yaml as panel init writes it: every key at its strict default,
 * commented (schema/panelkit.schema.json). */
static const char policy_yaml[] =
	"# yaml-language-server: $schema=schema/panelkit.schema.json\n"
	"# panelkit policy for this records repository: what the commit-acceptance\n"
	"# check of panel commit, the git hooks, panel guard and panel audit\n"
	"# refuses (refuse) or only reports (warn).  Record errors, broken\n"
	"# references, symbolic links and changed held-panel outcomes always refuse.\n"
	"# A change to this file is judged by the policy before it.\n"
	"accept:\n"
	"  # the author's email is not the email of a record in people/\n"
	"  author-not-in-people: refuse\n"
	"  # a commit changes records without any Case:/Panel:/Person: trailer\n"
	"  commit-without-trailers: refuse\n"
	"  # a commit's trailers do not name every record it touches\n"
	"  record-without-trailer: refuse\n"
	"guard:\n"
	"  # the branch panel guard protects on the shared repository\n"
	"  branch: main\n";

static void add_file(char ***files, size_t *n, char *path)
{
	*files = xrealloc(*files, (*n + 1) * sizeof **files);
	(*files)[(*n)++] = path;
}

static int write_file(const char *dir, const char *rel, const char *text, struct pk_diags *d)
{
	struct sbuf p = SBUF_INIT;
	sbuf_addf(&p, "%s/%s", dir, rel);
	int r = pk_write_atomic(p.s, text, strlen(text), 1);
	if (r < 0)
		pk_diag_add(d, PK_ERROR, p.s, 0, 0, NULL, "KIT-IO", NULL, "cannot create: %s",
			    strerror(errno));
	sbuf_free(&p);
	return r;
}

static int make_dir(const char *dir, const char *rel, struct pk_diags *d)
{
	struct sbuf p = SBUF_INIT;
	sbuf_addf(&p, "%s/%s", dir, rel);
	int r = mkdir(p.s, 0777);
	if (r < 0 && errno != EEXIST)
		pk_diag_add(d, PK_ERROR, p.s, 0, 0, NULL, "KIT-IO", NULL, "cannot create: %s",
			    strerror(errno));
	sbuf_free(&p);
	return r < 0 && errno != EEXIST ? -1 : 0;
}

/* dir is missing, empty, or holds only an empty git repository. */
static int check_empty(const char *dir, int *has_git, struct pk_diags *d)
{
	struct stat st;
	*has_git = 0;
	if (stat(dir, &st) < 0) {
		if (errno == ENOENT)
			return 0;
		pk_diag_add(d, PK_ERROR, dir, 0, 0, NULL, "KIT-IO", NULL, "cannot open: %s", strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		pk_diag_add(d, PK_ERROR, dir, 0, 0, NULL, "KIT-HISTORY", NULL,
			    "exists and is not a directory");
		return -1;
	}
	DIR *dh = opendir(dir);
	if (!dh) {
		pk_diag_add(d, PK_ERROR, dir, 0, 0, NULL, "KIT-IO", NULL, "cannot open: %s", strerror(errno));
		return -1;
	}
	struct dirent *de;
	char *other = NULL;
	while ((de = readdir(dh))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (!strcmp(de->d_name, ".git"))
			*has_git = 1;
		else if (!other || strcmp(de->d_name, other) < 0) {
			/* name the first in order: messages do not depend on readdir */
			free(other);
			other = xstrdup(de->d_name);
		}
	}
	closedir(dh);
	if (other) {
		pk_diag_add(d, PK_ERROR, dir, 0, 0, NULL, "KIT-HISTORY",
			    "panel init never overwrites files: give a new or empty directory",
			    "is not empty (it has %s)", other);
		free(other);
		return -1;
	}
	if (*has_git) {
		git_repository *repo = NULL;
		int empty = git_repository_open(&repo, dir) == 0 && git_repository_is_empty(repo) == 1;
		git_repository_free(repo);
		if (!empty) {
			pk_diag_add(d, PK_ERROR, dir, 0, 0, NULL, "KIT-HISTORY",
				    "panel init never rewrites a history: give a new or empty directory",
				    "is a git repository that already has commits");
			return -1;
		}
	}
	return 0;
}

static int copy_schema(const char *data_dir, const char *dir, struct pk_diags *d, char ***files,
		       size_t *nfiles)
{
	struct sbuf src = SBUF_INIT;
	sbuf_addf(&src, "%s/schema", data_dir);
	DIR *dh = opendir(src.s);
	int ret = -1;
	if (!dh) {
		pk_diag_add(d, PK_ERROR, src.s, 0, 0, NULL, "KIT-IO",
			    "set PANEL_DATA_DIR to the folder holding schema/", "cannot open the schema: %s",
			    strerror(errno));
		goto done;
	}
	if (make_dir(dir, "schema", d) < 0)
		goto done;
	struct dirent *de;
	while ((de = readdir(dh))) {
		struct stat st;
		char err[256], *buf;
		size_t len;
		/* ids.schema.json belongs to one repository (schemagen.h) */
		if (de->d_name[0] == '.' || !strcmp(de->d_name, "ids.schema.json"))
			continue;
		struct sbuf from = SBUF_INIT, rel = SBUF_INIT;
		sbuf_addf(&from, "%s/%s", src.s, de->d_name);
		sbuf_addf(&rel, "schema/%s", de->d_name);
		int ok = stat(from.s, &st) == 0 && S_ISREG(st.st_mode);
		if (ok && pk_read_file(from.s, 16u << 20, 0, &buf, &len, err, sizeof err) == 0) {
			struct sbuf to = SBUF_INIT;
			sbuf_addf(&to, "%s/%s", dir, rel.s);
			if (pk_write_atomic(to.s, buf, len, 1) < 0)
				pk_diag_add(d, PK_ERROR, to.s, 0, 0, NULL, "KIT-IO", NULL,
					    "cannot create: %s", strerror(errno));
			sbuf_free(&to);
			free(buf);
			add_file(files, nfiles, sbuf_detach(&rel));
		} else if (ok) {
			pk_diag_add(d, PK_ERROR, from.s, 0, 0, NULL, "KIT-IO", NULL, "%s", err);
		}
		sbuf_free(&from);
		sbuf_free(&rel);
	}
	closedir(dh);
	ret = 0;
done:
	sbuf_free(&src);
	return ret;
}

/* init.defaultBranch if the user set one, else "main". */
static const char *initial_branch(void)
{
	git_config *cfg = NULL;
	git_buf b = {NULL, 0, 0};
	int set = git_config_open_default(&cfg) == 0 &&
		  git_config_get_string_buf(&b, cfg, "init.defaultBranch") == 0;
	git_buf_dispose(&b);
	git_config_free(cfg);
	return set ? NULL : "main";
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* Removes a directory tree panel init made (never follows links). */
static void remove_tree(const char *path)
{
	if (nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS) < 0) {
		/* what is left is named .DIR.panel-init.PID: visible, and
		 * removed by the next panel init once PID is gone */
	}
}

/* dir split into its parent and base name, trailing slashes ignored. */
static void split_dir(const char *dir, char **parent, char **base)
{
	size_t n = strlen(dir);
	while (n > 1 && dir[n - 1] == '/')
		n--;
	char *d = xstrndup(dir, n), *slash = strrchr(d, '/');
	if (!slash) {
		*parent = xstrdup(".");
		*base = d;
		return;
	}
	*base = xstrdup(slash + 1);
	*parent = slash == d ? xstrdup("/") : xstrndup(d, (size_t)(slash - d));
	free(d);
}

/* The work of an earlier panel init that was killed: .DIR.panel-init.PID
 * with PID no longer running. */
static void remove_stale(const char *parent, const char *base)
{
	DIR *dh = opendir(parent);
	struct dirent *de;
	struct sbuf pre = SBUF_INIT;
	sbuf_addf(&pre, ".%s.panel-init.", base);
	while (dh && (de = readdir(dh))) {
		if (strncmp(de->d_name, pre.s, pre.len) != 0)
			continue;
		char *end;
		long pid = strtol(de->d_name + pre.len, &end, 10);
		if (*end || pid <= 0 || (kill((pid_t)pid, 0) == 0 || errno != ESRCH))
			continue;
		struct sbuf p = SBUF_INIT;
		sbuf_addf(&p, "%s/%s", parent, de->d_name);
		remove_tree(p.s);
		sbuf_free(&p);
	}
	if (dh)
		closedir(dh);
	sbuf_free(&pre);
}

/* Hooks: panel on PATH, else the panel program that ran init.  server:
 * the guard as pre-receive (a shared bare repository), else the three
 * hooks of a working repository. */
static int install_hooks(git_repository *repo, const char *panel_cmd, int server,
			 struct pk_diags *d)
{
	static const struct hook guard[] = {
		{"pre-receive",
		 "# Refuses a push to the protected branch (panelkit.yaml guard.branch,\n"
		 "# default main) that is not a fast-forward, deletes it, or brings a\n"
		 "# commit the acceptance check refuses (panel guard).\n",
		 ""},
		{"proc-receive",
		 "# Lands a push to refs/panelkit/land/BRANCH on the protected branch\n"
		 "# itself, one at a time: the acceptance check, then a fast-forward or\n"
		 "# the record merge with the branch's tip (panel guard --land; git runs\n"
		 "# it for receive.procReceiveRefs).  panel sync pushes there, so the\n"
		 "# offices do not race each other's pushes.\n",
		 " --land"},
	};
	struct sbuf dir = SBUF_INIT, q = SBUF_INIT;
	int ret = 0;
	sbuf_addf(&dir, "%shooks", git_repository_path(repo));
	mkdir(dir.s, 0777);
	for (const char *pc = panel_cmd; *pc; pc++) /* inside '...' in the script */
		sbuf_adds(&q, *pc == '\'' ? "'\\''" : (char[]){*pc, '\0'});
	size_t n = server ? PK_ARRAY_LEN(guard) : PK_ARRAY_LEN(hooks);
	for (size_t i = 0; i < n; i++) {
		const struct hook *h = server ? &guard[i] : &hooks[i];
		struct sbuf path = SBUF_INIT, text = SBUF_INIT;
		sbuf_addf(&path, "%s/%s", dir.s, h->name);
		if (server)
			sbuf_addf(&text, "#!/bin/sh\n# panelkit %s hook, installed by 'panel init --bare'.\n#\n%s"
				  "panel=$(command -v panel 2>/dev/null) || panel='%s'\n"
				  "if [ ! -x \"$panel\" ]; then\n"
				  "\techo \"%s: 'panel' is not on PATH: cannot check the push\" >&2\n"
				  "\texit 1\n"
				  "fi\n"
				  "exec \"$panel\" guard%s\n", h->name, h->why, sbuf_str(&q), h->name, h->args);
		else
			sbuf_addf(&text, hook_fmt, h->name, h->why, sbuf_str(&q), h->name, h->args);
		/* A hook panelkit wrote before is rewritten (panel setup run
		 * again, a newer panelkit); another tool's is left as it is. */
		char *cur = NULL, err[256], mark[64];
		size_t clen = 0;
		snprintf(mark, sizeof mark, "# panelkit %s hook", h->name);
		if (pk_read_file(path.s, 1u << 20, 1, &cur, &clen, err, sizeof err) == 0 &&
		    !strstr(cur, mark)) {
			pk_diag_add(d, PK_WARNING, path.s, 0, 0, NULL, "KIT-HISTORY",
				    "make it run 'panel commit --verify-staged' too",
				    "a %s hook of another tool is there: left as it is", h->name);
			free(cur);
			sbuf_free(&path);
			sbuf_free(&text);
			continue;
		}
		free(cur);
		int hr = pk_write_atomic(path.s, text.s, text.len, 0);
		if (hr < 0 || chmod(path.s, 0755) < 0) {
			pk_diag_add(d, PK_ERROR, path.s, 0, 0, NULL, "KIT-IO", NULL, "cannot create: %s",
				    strerror(errno));
			ret = -1;
		}
		sbuf_free(&path);
		sbuf_free(&text);
	}
	sbuf_free(&dir);
	sbuf_free(&q);
	return ret;
}

/* ---- the record merge as plain git's merge driver (panel setup, panel init) ---- */

static const char sync_attributes[] =
	"# merge=panel  git merge and git pull merge a record field by field with\n"
	"#              'panel merge-file' (the driver is set in .git/config by\n"
	"#              'panel init' and 'panel setup': run 'panel setup' once in\n"
	"#              every clone; a clone without it falls back on git's line\n"
	"#              merge, and a forge's web merge button always does).\n"
	"cases/*.yaml merge=panel\n"
	"panels/*.yaml merge=panel\n"
	"people/*.yaml merge=panel\n";

/* s inside '...' for sh. */
static void sh_quote(struct sbuf *b, const char *s)
{
	sbuf_addc(b, '\'');
	for (; *s; s++)
		if (*s == '\'')
			sbuf_adds(b, "'\\''");
		else
			sbuf_addc(b, *s);
	sbuf_addc(b, '\'');
}

static int has_panel_attr(git_repository *repo)
{
	static const char *const probe[] = {"cases/X.yaml", "panels/X.yaml", "people/X.yaml"};
	for (size_t i = 0; i < PK_ARRAY_LEN(probe); i++) {
		const char *v = NULL;
		if (git_attr_get(&v, repo, GIT_ATTR_CHECK_NO_SYSTEM, probe[i], "merge") < 0 ||
		    git_attr_value(v) != GIT_ATTR_VALUE_STRING || strcmp(v, "panel"))
			return 0;
	}
	return 1;
}

static int sync_setup_repo(git_repository *repo, const char *panel_cmd, struct pk_diags *d)
{
	const char *gitdir = git_repository_path(repo);
	git_config *cfg = NULL;
	struct sbuf drv = SBUF_INIT, q = SBUF_INIT, path = SBUF_INIT, text = SBUF_INIT;
	int ret = -1;

	sh_quote(&q, panel_cmd);
	/* git runs the driver with the shell: panel on PATH, else this one. */
	sbuf_addf(&drv, "p=$(command -v panel 2>/dev/null) || p=%s; \"$p\" merge-file %%O %%A %%B %%P",
		  sbuf_str(&q));
	if (git_repository_config(&cfg, repo) < 0 ||
	    git_config_set_string(cfg, "merge.panel.name", "panelkit record merge, field by field") < 0 ||
	    git_config_set_string(cfg, "merge.panel.driver", drv.s) < 0) {
		pk_git_diag(d, gitdir, "cannot write .git/config");
		goto out;
	}

	if (!git_repository_is_bare(repo) && !has_panel_attr(repo)) {
		sbuf_addf(&path, "%sinfo", gitdir);
		mkdir(path.s, 0777);
		sbuf_adds(&path, "/attributes");
		char *old = NULL;
		size_t olen = 0;
		char err[256];
		if (pk_read_file(path.s, 1u << 20, 1, &old, &olen, err, sizeof err) == 0)
			sbuf_add(&text, old, olen);
		free(old);
		if (text.len && text.s[text.len - 1] != '\n')
			sbuf_addc(&text, '\n');
		sbuf_adds(&text, sync_attributes);
		if (pk_write_atomic(path.s, text.s, text.len, 0) < 0) {
			pk_diag_add(d, PK_ERROR, path.s, 0, 0, NULL, "KIT-IO", NULL, "cannot write: %s",
				    strerror(errno));
			goto out;
		}
	}

	ret = 0;
out:
	git_config_free(cfg);
	sbuf_free(&drv);
	sbuf_free(&q);
	sbuf_free(&path);
	sbuf_free(&text);
	return ret;
}

int pk_sync_setup(const char *dir, const char *panel_cmd, struct pk_diags *d)
{
	git_repository *repo = NULL;
	git_libgit2_init();
	int ret = -1;
	if (git_repository_open_ext(&repo, dir, 0, NULL) < 0)
		pk_git_diag(d, dir, "not in a git repository");
	else if ((ret = sync_setup_repo(repo, panel_cmd, d)) == 0 && !git_repository_is_bare(repo))
		/* the hooks of panel init: git commit and git merge are checked
		 * as panel commit checks */
		ret = install_hooks(repo, panel_cmd, 0, d);
	git_repository_free(repo);
	git_libgit2_shutdown();
	return ret;
}

int pk_history_init(const char *dir, const char *data_dir, const char *author,
		    const char *panel_cmd, struct pk_diags *d)
{
	static const char *const folders[] = {"people", "cases", "panels"};
	git_repository *repo = NULL;
	git_signature *a = NULL, *c = NULL;
	git_index *idx = NULL;
	git_tree *tree = NULL;
	git_config *cfg = NULL;
	char **files = NULL, *tmp = NULL;
	const char *work = dir;
	size_t nfiles = 0;
	int has_git, ret = -1;
	size_t errors = d->errors;

	git_libgit2_init();
	if (check_empty(dir, &has_git, d) < 0)
		goto done;
	/* The author is known before anything is created. */
	if (has_git && git_repository_open(&repo, dir) < 0) {
		pk_git_diag(d, dir, "cannot open the git repository");
		goto done;
	}
	if (pk_git_signatures(repo, author, &a, &c, dir, d) < 0)
		goto done;
	if (!repo) {
		/* Built beside DIR and renamed into place when complete: a killed
		 * panel init leaves no half repository that the next one refuses. */
		char *parent, *base;
		split_dir(dir, &parent, &base);
		remove_stale(parent, base);
		struct sbuf t = SBUF_INIT;
		sbuf_addf(&t, "%s/.%s.panel-init.%ld", parent, base, (long)getpid());
		tmp = sbuf_detach(&t);
		free(parent);
		free(base);
		remove_tree(tmp);
		git_repository_init_options io;
		git_repository_init_options_init(&io, GIT_REPOSITORY_INIT_OPTIONS_VERSION);
		io.flags = GIT_REPOSITORY_INIT_MKPATH;
		io.initial_head = initial_branch();
		if (git_repository_init_ext(&repo, tmp, &io) < 0) {
			pk_git_diag(d, dir, "cannot create the git repository");
			goto done;
		}
		work = tmp;
	}
	for (size_t i = 0; i < PK_ARRAY_LEN(folders); i++) {
		struct sbuf keep = SBUF_INIT;
		sbuf_addf(&keep, "%s/.gitkeep", folders[i]);
		if (make_dir(work, folders[i], d) == 0 && write_file(work, keep.s, "", d) == 0)
			add_file(&files, &nfiles, sbuf_detach(&keep));
		sbuf_free(&keep);
	}
	struct sbuf ga = SBUF_INIT; /* and the record merge for git (sync.h) */
	sbuf_addf(&ga, "%s%s", gitattributes, sync_attributes);
	if (write_file(work, ".gitattributes", ga.s, d) == 0)
		add_file(&files, &nfiles, xstrdup(".gitattributes"));
	sbuf_free(&ga);
	if (copy_schema(data_dir, work, d, &files, &nfiles) < 0 || d->errors > errors)
		goto done;
	/* Editors: files without a modeline still get their kind's schema. */
	if (make_dir(work, ".vscode", d) == 0 &&
	    write_file(work, ".vscode/settings.json", vscode_settings, d) == 0)
		add_file(&files, &nfiles, xstrdup(".vscode/settings.json"));
	if (write_file(work, ".gitignore", gitignore, d) == 0)
		add_file(&files, &nfiles, xstrdup(".gitignore"));
	if (d->errors > errors)
		goto done;

	if (write_file(work, "panelkit.yaml", policy_yaml, d) == 0)
		add_file(&files, &nfiles, xstrdup("panelkit.yaml"));
	if (install_hooks(repo, panel_cmd, 0, d) < 0 || d->errors > errors)
		goto done;

	/* Readable YAML diffs: hunk headers show the top-level key. */
	if (git_repository_config(&cfg, repo) < 0 ||
	    git_config_set_string(cfg, "diff.yaml.xfuncname", "^[A-Za-z_][A-Za-z0-9_]*:.*$") < 0) {
		pk_git_diag(d, dir, "cannot write .git/config");
		goto done;
	}
	if (sync_setup_repo(repo, panel_cmd, d) < 0)
		goto done;

	git_oid tid, cid;
	if (git_repository_index(&idx, repo) < 0)
		goto git_fail;
	for (size_t i = 0; i < nfiles; i++)
		if (git_index_add_bypath(idx, files[i]) < 0)
			goto git_fail;
	if (git_index_write(idx) < 0 || git_index_write_tree(&tid, idx) < 0 ||
	    git_tree_lookup(&tree, repo, &tid) < 0 ||
	    git_commit_create(&cid, repo, "HEAD", a, c, NULL,
			      "Create the records repository\n\n"
			      "cases/, panels/ and people/ hold one YAML record per file; schema/\n"
			      "is a copy of the panelkit schema for editors. Commit changes with\n"
			      "'panel commit' (validated, with Case:/Panel:/Person: trailers).\n",
			      tree, 0, NULL) < 0)
		goto git_fail;
	if (tmp) {
		git_repository_free(repo);
		repo = NULL;
		if (rename(tmp, dir) < 0) {
			pk_diag_add(d, PK_ERROR, dir, 0, 0, NULL, "KIT-IO", NULL,
				    "cannot create: %s", strerror(errno));
			goto done;
		}
		free(tmp);
		tmp = NULL;
	}
	ret = 0;
	goto done;
git_fail:
	pk_git_diag(d, dir, "cannot make the initial commit");
done:
	if (tmp) {
		git_repository_free(repo);
		repo = NULL;
		remove_tree(tmp);
		free(tmp);
	}
	for (size_t i = 0; i < nfiles; i++)
		free(files[i]);
	free(files);
	git_tree_free(tree);
	git_index_free(idx);
	git_config_free(cfg);
	git_signature_free(a);
	git_signature_free(c);
	git_repository_free(repo);
	git_libgit2_shutdown();
	return ret;
}

int pk_history_init_bare(const char *dir, const char *panel_cmd, struct pk_diags *d)
{
	git_repository *repo = NULL;
	git_config *cfg = NULL;
	int has_git, ret = -1;
	git_libgit2_init();
	if (check_empty(dir, &has_git, d) < 0)
		goto done;
	git_repository_init_options io;
	git_repository_init_options_init(&io, GIT_REPOSITORY_INIT_OPTIONS_VERSION);
	io.flags = GIT_REPOSITORY_INIT_MKPATH | GIT_REPOSITORY_INIT_BARE;
	io.mode = GIT_REPOSITORY_INIT_SHARED_GROUP;
	io.initial_head = "main";
	if (git_repository_init_ext(&repo, dir, &io) < 0) {
		pk_git_diag(d, dir, "cannot create the git repository");
		goto done;
	}
	/* git itself refuses what the guard would (a second line of defence,
	 * and the checks of objects git knows best). */
	if (git_repository_config(&cfg, repo) < 0 ||
	    git_config_set_bool(cfg, "receive.denyNonFastForwards", 1) < 0 ||
	    git_config_set_bool(cfg, "receive.denyDeletes", 1) < 0 ||
	    git_config_set_bool(cfg, "receive.fsckObjects", 1) < 0 ||
	    git_config_set_string(cfg, "receive.procReceiveRefs", PK_LAND_REFS) < 0) {
		pk_git_diag(d, dir, "cannot write the repository's config");
		goto done;
	}
	/* What panel sync looks for in the server's refs to push to
	 * refs/panelkit/land/BRANCH instead of racing for the branch: a ref to
	 * a blob that says so (a ref must name an object; the empty repository
	 * has no commit). */
	git_oid mark;
	git_reference *mref = NULL;
	if (git_blob_create_from_buffer(&mark, repo, PK_LAND_MARK_TEXT, strlen(PK_LAND_MARK_TEXT)) < 0 ||
	    git_reference_create(&mref, repo, PK_LAND_MARK, &mark, 1, "panel init --bare") < 0) {
		pk_git_diag(d, dir, "cannot write the landing mark");
		goto done;
	}
	git_reference_free(mref);
	if (install_hooks(repo, panel_cmd, 1, d) < 0)
		goto done;
	ret = 0;
done:
	git_config_free(cfg);
	git_repository_free(repo);
	git_libgit2_shutdown();
	return ret;
}
