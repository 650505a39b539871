/* sync_setup.c: the record merge as plain git's merge driver (panel setup,
 * panel init). */
#include "sync.h"
#include "history_git.h"
#include "util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const char pk_sync_attributes[] =
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

int pk_sync_setup_repo(git_repository *repo, const char *panel_cmd, struct pk_diags *d)
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
		sbuf_adds(&text, pk_sync_attributes);
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
	else if ((ret = pk_sync_setup_repo(repo, panel_cmd, d)) == 0 && !git_repository_is_bare(repo))
		/* the hooks of panel init: git commit and git merge are checked
		 * as panel commit checks (history_init.c) */
		ret = pk_history_install_hooks(repo, panel_cmd, 0, d);
	git_repository_free(repo);
	git_libgit2_shutdown();
	return ret;
}
