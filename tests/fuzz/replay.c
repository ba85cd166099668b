/* replay.c — runs a fuzz target's LLVMFuzzerTestOneInput on files, without
 * libFuzzer, so any compiler can replay the regression inputs and the seed
 * corpus: replay FILE|DIR... (a directory: every regular file in it). A
 * violated property aborts, so the exit status tells. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

static int replay_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		perror(path);
		return -1;
	}
	strbuf_t sb = STRBUF_INIT;
	char buf[65536];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		sb_append(&sb, buf, n);
	int err = ferror(f);
	fclose(f);
	if (err) {
		perror(path);
		sb_free(&sb);
		return -1;
	}
	/* a copy of exactly the file's size, so ASan sees any overread */
	uint8_t *data = xmalloc(sb.len ? sb.len : 1);
	if (sb.len)
		memcpy(data, sb.buf, sb.len);
	LLVMFuzzerTestOneInput(data, sb.len);
	free(data);
	sb_free(&sb);
	return 0;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every regular file of dir, in name order; returns how many, -1 on error. */
static long replay_dir(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d) {
		perror(dir);
		return -1;
	}
	char **names = NULL;
	size_t count = 0;
	for (struct dirent *e; (e = readdir(d));) {
		if (e->d_name[0] == '.')
			continue;
		names = xrealloc(names, (count + 1) * sizeof *names);
		strbuf_t p = STRBUF_INIT;
		sb_printf(&p, "%s/%s", dir, e->d_name);
		names[count++] = sb_steal(&p);
	}
	closedir(d);
	if (count)
		qsort(names, count, sizeof *names, cmp_names);
	long done = 0, failed = 0;
	for (size_t i = 0; i < count; i++) {
		struct stat st;
		if (stat(names[i], &st) == 0 && S_ISREG(st.st_mode)) {
			if (replay_file(names[i]) == 0)
				done++;
			else
				failed = 1;
		}
		free(names[i]);
	}
	free(names);
	return failed ? -1 : done;
}

int main(int argc, char **argv)
{
	long total = 0;
	for (int i = 1; i < argc; i++) {
		struct stat st;
		if (stat(argv[i], &st) != 0) {
			perror(argv[i]);
			return 2;
		}
		long n = S_ISDIR(st.st_mode) ? replay_dir(argv[i]) : replay_file(argv[i]) == 0 ? 1 : -1;
		if (n < 0)
			return 2;
		total += n;
	}
	printf("%s: %ld input%s replayed\n", argc > 0 ? argv[0] : "replay", total, total == 1 ? "" : "s");
	return 0;
}
