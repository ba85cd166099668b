/* scenario_volume.c — lessons about volume (scenarios/README.md, "Volume"):
 *
 *   domains N [pattern "site{d}.example"]    N generated domains, each with its
 *                                            MX host that accepts every recipient
 *   send ... to "reader{n}@site{d}.example" repeat N [every TIME]
 *                                            N separate messages, TIME apart
 *   watch queue every TIME                   the ISP's queue length, noted
 *
 * A hand-written file keeps its cap of SCN_ITEMS_MAX lines of each kind; the
 * messages its repeats generate are capped apart, at SCN_GENERATED_MAX. */
#include "run/scenario_parse.h"

#include <stdio.h>
#include <stdlib.h>

#include "core/util.h"

#define WATCH_EVERY_MIN (1LL * 1000000)   /* a note a simulated second at most */

void scenario_expand(const char *pattern, long n, long ndomains, strbuf_t *out)
{
	long d = ndomains > 0 ? (n - 1) % ndomains + 1 : 1;
	for (const char *s = pattern; *s; s++) {
		if (s[0] == '{' && (s[1] == 'n' || s[1] == 'd') && s[2] == '}') {
			sb_printf(out, "%ld", s[1] == 'n' ? n : d);
			s += 2;
		} else {
			sb_append(out, s, 1);
		}
	}
}

void scenario_domain_host(const scenario_t *sc, long d, strbuf_t *domain, strbuf_t *host,
			  char addr[16])
{
	/* 198.18.0.0/15: the range RFC 2544 sets aside for benchmarks, never routed. */
	long k = d + 256;
	const char *pat = sc->domain_pattern ? sc->domain_pattern : "site{d}.example";
	for (const char *s = pat; *s; s++) {
		if (s[0] == '{' && s[1] == 'd' && s[2] == '}') {
			sb_printf(domain, "%ld", d);
			s += 2;
		} else {
			sb_append(domain, s, 1);
		}
	}
	sb_printf(host, "mx.%s", sb_str(domain));
	snprintf(addr, 16, "198.%u.%u.%u", (unsigned char)(18 + k / 65536),
		 (unsigned char)(k / 256), (unsigned char)k);
}

/* A pattern holds only {n} and {d}; -1 (reported) otherwise. */
int scenario_val_pattern(scn_parser_t *p, const char *s, int col, int *has_d)
{
	for (const char *c = s; *c; c++) {
		if (*c == '{' && (c[1] == 'n' || c[1] == 'd') && c[2] == '}') {
			*has_d |= c[1] == 'd';
			c += 2;
		} else if (*c == '{' || *c == '}') {
			return scenario_error(p, col, "'%s': a pattern holds only {n} (the repetition) "
					      "and {d} (the generated domain)", scenario_show(s).s);
		}
	}
	return 0;
}

int scenario_dir_domains(scn_parser_t *p, const scn_tok_t *kw)
{
	static const scn_opt_t opts[] = { { .name = "pattern", .arg = SCN_ARG_TEXT } };
	scn_val_t v[1];
	const scn_tok_t *pos[1];
	size_t n;
	long count;
	int has_d = 0;
	if (p->sc->ndomains)
		return scenario_error(p, kw->col, "a second 'domains' line (one per file)");
	if (scenario_options(p, "domains", opts, 1, v, pos, 1, &n) < 0)
		return -1;
	int rc = -1;
	if (n == 0) {
		scenario_missing(p, "the number of domains", "domains");
		goto out;
	}
	if (scenario_val_int(p, pos[0], 1, SCN_DOMAINS_MAX, &count) < 0)
		goto out;
	const char *pat = v[0].col ? v[0].str : "site{d}.example";
	if (scenario_val_pattern(p, pat, v[0].vcol, &has_d) < 0)
		goto out;
	strbuf_t probe = STRBUF_INIT;
	sb_printf(&probe, "x@");
	scenario_expand(pat, 1, 1, &probe);
	int ok = has_d && !strstr(pat, "{n}") && scenario_val_addr(p, sb_str(&probe), v[0].vcol) == 0;
	sb_free(&probe);
	if (!ok) {
		if (!has_d || strstr(pat, "{n}"))
			scenario_error(p, v[0].vcol, "the pattern needs {d} (the domain's number) "
				       "and no {n}: \"site{d}.example\"");
		goto out;
	}
	p->sc->ndomains = count;
	p->sc->domain_pattern = xstrdup(pat);
	rc = 0;
out:
	scenario_vals_free(v, 1);
	return rc;
}

int scenario_dir_watch(scn_parser_t *p, const scn_tok_t *kw)
{
	static const scn_opt_t opts[] = { { .name = "every", .arg = SCN_ARG_TIME } };
	scn_val_t v[1];
	const scn_tok_t *pos[1];
	size_t n;
	int rc = -1;
	if (p->sc->watch_every_us)
		return scenario_error(p, kw->col, "a second 'watch' line (one per file)");
	if (scenario_options(p, "watch", opts, 1, v, pos, 1, &n) < 0)
		return -1;
	if (n == 0 || !scenario_is_word(pos[0], "queue")) {
		if (n == 0)
			scenario_missing(p, "what to watch", "watch");
		else
			scenario_error(p, pos[0]->col, "'%s': only the queue can be watched "
				       "(usage: watch queue every TIME)", scenario_show(pos[0]->s).s);
	} else if (!v[0].col) {
		scenario_missing(p, "'every TIME'", "watch");
	} else if (v[0].num < WATCH_EVERY_MIN) {
		scenario_error(p, v[0].vcol, "watch at most once a second (every 1s or more)");
	} else {
		p->sc->watch_every_us = v[0].num;
		rc = 0;
	}
	scenario_vals_free(v, 1);
	return rc;
}

/* repeat/every of a send, and its patterns; the send is the newest one. */
int scenario_send_volume(scn_parser_t *p, sc_send_t *s, const scn_val_t *repeat,
			 const scn_val_t *every, int col)
{
	s->repeat = repeat->col ? (long)repeat->num : 1;
	s->every_us = every->col ? every->num : 0;
	if (every->col && !repeat->col)
		return scenario_error(p, every->col, "'every' spaces the messages of a 'repeat N'");
	int has_d = 0;
	char **lists[3] = { s->to, s->cc, s->bcc };
	size_t nl[3] = { s->nto, s->ncc, s->nbcc };
	for (int l = 0; l < 3; l++)
		for (size_t i = 0; i < nl[l]; i++)
			if (strchr(lists[l][i], '{')) {
				s->pattern = 1;
				if (scenario_val_pattern(p, lists[l][i], col, &has_d) < 0)
					return -1;
			}
	if (s->subject && strchr(s->subject, '{')) {
		s->pattern = 1;
		if (scenario_val_pattern(p, s->subject, col, &has_d) < 0)
			return -1;
	}
	if (has_d && !p->sc->ndomains)
		return scenario_error(p, col, "{d} names a generated domain: add a 'domains N' line "
				      "above this send");
	if (s->repeat > SCN_GENERATED_MAX - p->sc->generated)
		return scenario_error(p, repeat->col ? repeat->vcol : col,
				      "too many generated messages (%ld in all; at most %ld per file)",
				      p->sc->generated + s->repeat, SCN_GENERATED_MAX);
	p->sc->generated += s->repeat;
	return 0;
}
