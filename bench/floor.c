/* bench/floor.c: the floor the panel tools are measured against: read
 * record files and run libyaml's event parser over each, nothing more (no
 * tree, no checks, no output).
 *
 *   floor DIR [PATH...]   prints "<files> files, <events> events"
 *
 * PATHs are relative to DIR; one ending in '/' stands for every *.yaml file
 * in that folder, listed and sorted as the tools do.  Without PATHs:
 * people/ cases/ panels/, every record (the floor of validate and due). */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

static long events;

static int parse_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return -1;
	static char buf[1 << 20];
	size_t len = fread(buf, 1, sizeof buf, f);
	fclose(f);
	yaml_parser_t p;
	yaml_event_t ev;
	if (!yaml_parser_initialize(&p))
		return -1;
	yaml_parser_set_input_string(&p, (const unsigned char *)buf, len);
	int done = 0, ok = 0;
	while (!done) {
		if (!yaml_parser_parse(&p, &ev)) {
			ok = -1;
			break;
		}
		events++;
		done = ev.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&p);
	return ok;
}

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void parse_one(const char *dir, const char *rel, long *files)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", dir, rel);
	if (parse_file(path) < 0)
		fprintf(stderr, "floor: %s: cannot read or does not parse\n", path);
	else
		(*files)++;
}

/* Every *.yaml in DIR/SUB (SUB ends in '/'), sorted. */
static void parse_folder(const char *dir, const char *sub, long *files)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", dir, sub);
	DIR *d = opendir(path);
	if (!d)
		return;
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		size_t l = strlen(e->d_name);
		if (l < 6 || strcmp(e->d_name + l - 5, ".yaml") != 0)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 1024;
			names = realloc(names, cap * sizeof *names);
		}
		names[n++] = strdup(e->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof *names, cmp);
	for (size_t i = 0; i < n; i++) {
		snprintf(path, sizeof path, "%s%s", sub, names[i]);
		parse_one(dir, path, files);
		free(names[i]);
	}
	free(names);
}

int main(int argc, char **argv)
{
	static char *all[] = {"people/", "cases/", "panels/"};
	long files = 0;
	if (argc < 2) {
		fprintf(stderr, "usage: floor DIR [PATH...]\n");
		return 2;
	}
	char **paths = argc > 2 ? argv + 2 : all;
	int n = argc > 2 ? argc - 2 : 3;
	for (int k = 0; k < n; k++) {
		size_t l = strlen(paths[k]);
		if (l && paths[k][l - 1] == '/')
			parse_folder(argv[1], paths[k], &files);
		else
			parse_one(argv[1], paths[k], &files);
	}
	printf("%ld files, %ld events\n", files, events);
	return 0;
}
