/* scenario.c — scenarios from files and from the binary (the bundled lessons
 * of the scenarios/ directory, compiled in by .ci/bundle-scenarios), and freeing them.
 * The language itself is parsed in scenario_parse.c. */
#include "run/scenario_parse.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "core/util.h"

/* build/bundled.c */
extern const char *const mp_bundled_names[];
extern const char *const mp_bundled_texts[];
extern const char *const mp_bundled_titles[];
extern const size_t mp_bundled_count;

#define SCENARIO_FILE_MAX (1L << 20)   /* a lesson is a page or two, not a megabyte */

size_t scenario_bundled_count(void)
{
	return mp_bundled_count;
}

const char *scenario_bundled_name(size_t i)
{
	return i < mp_bundled_count ? mp_bundled_names[i] : NULL;
}

const char *scenario_bundled_text(size_t i)
{
	return i < mp_bundled_count ? mp_bundled_texts[i] : NULL;
}

/* The title line of each bundled lesson, taken out by .ci/bundle-scenarios. */
const char *scenario_bundled_title(size_t i)
{
	return i < mp_bundled_count ? mp_bundled_titles[i] : NULL;
}

static char *read_file(const char *path, size_t *len, strbuf_t *errors)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		sb_printf(errors, "%s: cannot read: %s\n", path, strerror(errno));
		return NULL;
	}
	strbuf_t sb = STRBUF_INIT;
	char buf[8192];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0 && sb.len <= (size_t)SCENARIO_FILE_MAX)
		sb_append(&sb, buf, n);
	int failed = ferror(f);
	int err = errno;
	fclose(f);
	if (failed || sb.len > (size_t)SCENARIO_FILE_MAX) {
		if (failed)
			sb_printf(errors, "%s: cannot read: %s\n", path, strerror(err));
		else
			sb_printf(errors, "%s: too large (a scenario is at most %ld bytes)\n", path,
				  SCENARIO_FILE_MAX);
		sb_free(&sb);
		return NULL;
	}
	*len = sb.len;
	return sb_steal(&sb);
}

static int looks_like_path(const char *s)
{
	size_t n = strlen(s);
	struct stat st;
	return strchr(s, '/') || (n > 4 && strcmp(s + n - 4, ".scn") == 0) || stat(s, &st) == 0;
}

scenario_t *scenario_load(const char *path_or_name, strbuf_t *errors)
{
	if (!path_or_name || !*path_or_name) {
		sb_puts(errors, "no scenario given (see `mailpath list`)\n");
		return NULL;
	}
	if (looks_like_path(path_or_name)) {
		size_t len = 0;
		char *text = read_file(path_or_name, &len, errors);
		if (!text)
			return NULL;
		scenario_t *sc = scenario_parse(path_or_name, text, len, errors);
		free(text);
		return sc;
	}
	for (size_t i = 0; i < mp_bundled_count; i++) {
		if (strcmp(mp_bundled_names[i], path_or_name) != 0)
			continue;
		char path[256];
		snprintf(path, sizeof path, "scenarios/%s.scn", mp_bundled_names[i]);
		return scenario_parse(path, mp_bundled_texts[i], strlen(mp_bundled_texts[i]), errors);
	}
	strbuf_t shown = STRBUF_INIT;
	str_visible(path_or_name, strnlen(path_or_name, 64), &shown);
	sb_printf(errors, "unknown scenario '%s' (see `mailpath list`)\n", sb_str(&shown));
	sb_free(&shown);
	return NULL;
}

static void free_list(char **list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(list[i]);
	free(list);
}

static void free_world(scenario_t *sc)
{
	for (size_t i = 0; i < sc->nusers; i++) {
		free(sc->users[i].addr);
		free(sc->users[i].login);
		free(sc->users[i].password);
	}
	for (size_t i = 0; i < sc->ndns; i++) {
		free(sc->dns[i].name);
		free(sc->dns[i].value);
	}
	for (size_t i = 0; i < sc->nhosts; i++) {
		free(sc->hosts[i].name);
		free(sc->hosts[i].addr);
		free(sc->hosts[i].domain);
	}
	free(sc->users);
	free(sc->dns);
	free(sc->hosts);
	free(sc->links);
}

static void free_events(scenario_t *sc)
{
	for (size_t i = 0; i < sc->nsends; i++) {
		sc_send_t *s = &sc->sends[i];
		free(s->from);
		free_list(s->to, s->nto);
		free_list(s->cc, s->ncc);
		free_list(s->bcc, s->nbcc);
		free(s->subject);
		free(s->body);
	}
	for (size_t i = 0; i < sc->nchecks; i++) {
		free(sc->checks[i].login);
		free(sc->checks[i].password);
	}
	for (size_t i = 0; i < sc->nrules; i++) {
		free(sc->rules[i].verb);
		free(sc->rules[i].text);
		free(sc->rules[i].host);
	}
	for (size_t i = 0; i < sc->nnotes; i++) {
		free(sc->notes[i].on);
		free(sc->notes[i].text);
	}
	free(sc->domain_pattern);
	for (size_t i = 0; i < sc->nexpects; i++) {
		free(sc->expects[i].addr);
		free(sc->expects[i].state);
		free(sc->expects[i].subject);
		free(sc->expects[i].source);
	}
	free(sc->sends);
	free(sc->checks);
	free(sc->faults);
	free(sc->rules);
	free(sc->notes);
	free(sc->expects);
}

void scenario_free(scenario_t *sc)
{
	if (!sc)
		return;
	free_world(sc);
	scenario_quiz_free(sc);
	free_events(sc);
	free(sc->name);
	free(sc->path);
	free(sc->title);
	free(sc->description);
	free(sc);
}
