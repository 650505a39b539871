/* bench/floor.c: the floor for `panel due` and `panel validate`: read the
 * same record files and run libyaml's event parser over each, nothing
 * more (no tree, no checks).
 *
 *   floor DIR     prints "<files> files, <events> events" */
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

int main(int argc, char **argv)
{
	static const char *const kinds[] = {"people", "cases", "panels"};
	long files = 0;
	if (argc != 2) {
		fprintf(stderr, "usage: floor DIR\n");
		return 2;
	}
	for (int k = 0; k < 3; k++) {
		char path[4096];
		snprintf(path, sizeof path, "%s/%s", argv[1], kinds[k]);
		DIR *d = opendir(path);
		if (!d)
			continue;
		/* List and sort, as the tools do. */
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
			snprintf(path, sizeof path, "%s/%s/%s", argv[1], kinds[k], names[i]);
			if (parse_file(path) < 0)
				fprintf(stderr, "floor: %s: does not parse\n", path);
			files++;
			free(names[i]);
		}
		free(names);
	}
	printf("%ld files, %ld events\n", files, events);
	return 0;
}
