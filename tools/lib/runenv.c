/* runenv.c: what the run's environment says: today's date, where the
 * program and its data are. */
#include "runenv.h"
#include "mem.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

const char *pk_today(void)
{
	static char buf[16];
	const char *env = getenv("PANEL_TODAY");
	if (env && *env)
		return env;
	time_t t = time(NULL);
	struct tm tm;
	localtime_r(&t, &tm);
	strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
	return buf;
}

int pk_exe_dir(char *buf, size_t size)
{
	ssize_t n = readlink("/proc/self/exe", buf, size - 1);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	char *slash = strrchr(buf, '/');
	if (!slash)
		return -1;
	*slash = '\0';
	return 0;
}

char *pk_panel_program(void)
{
	char exe[PATH_MAX];
	struct sbuf b = SBUF_INIT;
	if (pk_exe_dir(exe, sizeof exe) == 0)
		sbuf_addf(&b, "%s/panel", exe);
	else
		sbuf_adds(&b, "panel");
	return sbuf_detach(&b);
}

char *pk_data_dir(void)
{
	const char *env = getenv("PANEL_DATA_DIR");
	char exe[PATH_MAX];

	if (env && *env)
		return xstrdup(env);
	if (pk_exe_dir(exe, sizeof exe) == 0) {
		struct sbuf b = SBUF_INIT;
		sbuf_addf(&b, "%s/../share/panelkit", exe);
		return sbuf_detach(&b);
	}
	return xstrdup("/usr/local/share/panelkit");
}
