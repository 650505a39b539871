/* history.c: records in git history (to be filled by the audit-trail work). */
#include "record.h"

struct pk_source *pk_source_git_at(const char *root, pk_date as_of, struct pk_diags *d)
{
	(void)as_of;
	return pk_source_dir(root, d);
}

struct pk_source *pk_source_open(const char *root, pk_date as_of, int worktree,
				 struct pk_diags *d)
{
	(void)as_of;
	(void)worktree;
	return pk_source_dir(root, d);
}
