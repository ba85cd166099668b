/* scenario_parse.c — scenario_parse(): one directive per line, dispatched
 * through one table; the options machinery every directive uses; and the
 * directives that change the default world (title ... link). The language
 * is documented for teachers in scenarios/README.md.
 *
 *   line      := [ "at" TIME ] DIRECTIVE ARG* [ "#" comment ]  |  [ "#" comment ]
 *   ARG       := WORD | "STRING"          (a "string" is never a keyword)
 *
 * Every mistake is reported as PATH:LINE:COL: message and the parser goes on
 * with the next line, so a file's errors come all at once. */
#include "run/scenario_parse.h"

#include <stdio.h>
#include <stdlib.h>

#include "core/util.h"

typedef int (*directive_fn)(scn_parser_t *p, const scn_tok_t *kw);

static int dir_title(scn_parser_t *p, const scn_tok_t *kw);
static int dir_description(scn_parser_t *p, const scn_tok_t *kw);
static int dir_seed(scn_parser_t *p, const scn_tok_t *kw);
static int dir_user(scn_parser_t *p, const scn_tok_t *kw);
static int dir_remove_user(scn_parser_t *p, const scn_tok_t *kw);
static int dir_dns(scn_parser_t *p, const scn_tok_t *kw);
static int dir_host(scn_parser_t *p, const scn_tok_t *kw);
static int dir_link(scn_parser_t *p, const scn_tok_t *kw);

static const struct directive {
	const char *name;
	directive_fn parse;
	int timed;             /* takes "at TIME" */
} directives[] = {
	{ .name = "title", .parse = dir_title },
	{ .name = "description", .parse = dir_description },
	{ .name = "seed", .parse = dir_seed },
	{ .name = "user", .parse = dir_user },
	{ .name = "remove-user", .parse = dir_remove_user },
	{ .name = "mx", .parse = dir_dns },
	{ .name = "a", .parse = dir_dns },
	{ .name = "no-mx", .parse = dir_dns },
	{ .name = "nxdomain", .parse = dir_dns },
	{ .name = "host", .parse = dir_host },
	{ .name = "link", .parse = dir_link },
	{ .name = "send", .parse = scenario_dir_send, .timed = 1 },
	{ .name = "body", .parse = scenario_dir_body },
	{ .name = "check", .parse = scenario_dir_check, .timed = 1 },
	{ .name = "fault", .parse = scenario_dir_fault, .timed = 1 },
	{ .name = "note", .parse = scenario_dir_note, .timed = 1 },
	{ .name = "question", .parse = scenario_dir_note, .timed = 1 },
	{ .name = "expect", .parse = scenario_dir_expect },
	{ .name = "relay-tls", .parse = scenario_dir_relay_tls },
	{ .name = "quiz", .parse = scenario_dir_quiz },
	{ .name = "domains", .parse = scenario_dir_domains },
	{ .name = "watch", .parse = scenario_dir_watch },
};

#define NDIRECTIVES (sizeof directives / sizeof directives[0])

/* How each directive (and form of one) is written, for messages. */
static const struct usage {
	const char *what, *usage;
} usages[] = {
	{ "title", "title \"TEXT\"" },
	{ "description", "description \"TEXT\"" },
	{ "seed", "seed NUMBER" },
	{ "user", "user ADDRESS [login NAME] [password \"TEXT\"] [quota SIZE]" },
	{ "remove-user", "remove-user ADDRESS" },
	{ "mx", "mx DOMAIN PREFERENCE HOST" },
	{ "a", "a HOST IPV4-ADDRESS" },
	{ "no-mx", "no-mx DOMAIN" },
	{ "nxdomain", "nxdomain DOMAIN" },
	{ "host", "host NAME IPV4-ADDRESS [backup-mx DOMAIN]" },
	{ "link", "link 2-3|3-4|4-5|3-dns latency DURATION" },
	{ "send", "send [at TIME] [from ADDRESS] to ADDRESS... [cc ADDRESS...] [bcc ADDRESS...] "
		  "[subject \"TEXT\"] [attach SIZE] [port 25|587|465] [auth] [tls] [raw] [pipelining] "
		  "[repeat N [every TIME]]" },
	{ "body", "body \"TEXT\"" },
	{ "check", "check [LOGIN] [at TIME] [password \"TEXT\"] [keep] [uidl] [top N] [rset] "
		   "[drop-before-quit] [tls] [port 110|995]" },
	{ "relay-tls", "relay-tls none|may|encrypt" },
	{ "fault", "fault NAME [at TIME]" },
	{ "fault reply", "fault reply hop 2|3 VERB [attempt N] CODE [\"TEXT\"]" },
	{ "fault link", "fault link 2-3|3-4|4-5|3-dns down [from TIME] [to TIME]" },
	{ "fault host", "fault host NAME down [from TIME] [to TIME]" },
	{ "note", "note [at TIME | on TOPIC [hop H]] \"TEXT\"" },
	{ "question", "question [at TIME | on TOPIC [hop H]] \"TEXT\"" },
	{ "quiz", "quiz on TOPIC [hop H]" },
	{ "question answer", "question ... answer host HOST | code CODE | state STATE | "
			     "choice \"X\" among \"X\" \"Y\"... | number N" },
	{ "expect", "expect delivered|not-delivered|bounce|no-bounce|maildrop|pop3|queue|"
		    "reply|no-reply|secret-seen|no-secret-seen ..." },
	{ "domains", "domains N [pattern \"site{d}.example\"]" },
	{ "watch", "watch queue every TIME" },
};

static const char *usage_of(const char *what)
{
	for (size_t i = 0; i < sizeof usages / sizeof usages[0]; i++)
		if (strcmp(usages[i].what, what) == 0)
			return usages[i].usage;
	return what;
}

int scenario_missing(scn_parser_t *p, const char *noun, const char *what)
{
	return scenario_error(p, scenario_end_col(p), "missing %s (usage: %s)", noun, usage_of(what));
}

/* The "did you mean" distance for short words: "x" is near nothing. */
size_t scenario_near(const char *word)
{
	size_t n = strlen(word) / 2;
	return n < 3 ? n : 3;
}

/* ---- options ------------------------------------------------------------ */

static const scn_opt_t *find_opt(const scn_opt_t *opts, size_t n, const scn_tok_t *t)
{
	for (size_t i = 0; t && !t->quoted && i < n; i++)
		if (str_ieq(t->s, opts[i].name))
			return &opts[i];
	return NULL;
}

static int unexpected(scn_parser_t *p, const char *what, const scn_tok_t *t,
		      const scn_opt_t *opts, size_t nopts)
{
	const char *names[24];
	size_t n = 0;
	for (size_t i = 0; i < nopts && n < 24; i++)
		names[n++] = opts[i].name;
	const char *hint = t->quoted ? NULL : fault_closest(t->s, names, n, scenario_near(t->s));
	if (hint)
		return scenario_error(p, t->col, "unknown option '%s' — did you mean '%s'?",
				      scenario_show(t->s).s, hint);
	return scenario_error(p, t->col, "unexpected '%s' (usage: %s)", scenario_show(t->s).s,
			      usage_of(what));
}

static const char *const arg_noun[] = {
	[SCN_ARG_FLAG] = "", [SCN_ARG_TIME] = "a duration", [SCN_ARG_TEXT] = "a text",
	[SCN_ARG_ADDR] = "an address", [SCN_ARG_ADDRS] = "an address", [SCN_ARG_SIZE] = "a size",
	[SCN_ARG_INT] = "a number", [SCN_ARG_HOP] = "a hop", [SCN_ARG_DOMAIN] = "a domain name",
	[SCN_ARG_LOGIN] = "a login name",
};

/* Addresses after to/cc/bcc: words holding '@', separated by spaces or commas. */
static int take_addrs(scn_parser_t *p, const scn_opt_t *o, scn_val_t *v,
		      const scn_opt_t *opts, size_t nopts)
{
	const scn_tok_t *t;
	while ((t = scenario_peek(p)) && !find_opt(opts, nopts, t) &&
	       (strchr(t->s, '@') || strcmp(t->s, ",") == 0)) {
		p->pos++;
		if (!v->vcol)
			v->vcol = t->col;
		for (const char *s = t->s; *s;) {
			size_t n = strcspn(s, ",");
			int col = t->col;
			for (const char *c = t->s; !t->quoted && c < s; c++)
				col += ((unsigned char)*c & 0xC0) != 0x80;   /* characters, not bytes */
			if (n > 0) {
				char *a = xstrndup(s, n);
				if (scenario_val_addr(p, a, col) < 0) {
					free(a);
					return -1;
				}
				v->list = xgrow(v->list, v->nlist, sizeof *v->list);
				v->list[v->nlist++] = a;
			}
			s += n + (s[n] == ',');
		}
	}
	if (v->nlist > 0)
		return 0;
	if (t && !find_opt(opts, nopts, t))
		return scenario_error(p, t->col, "'%s': expected an address like boss@corp.example",
				      scenario_show(t->s).s);
	return scenario_error(p, t ? t->col : scenario_end_col(p), "missing address after '%s'",
			      o->name);
}

static int take_arg(scn_parser_t *p, const scn_opt_t *o, scn_val_t *v,
		    const scn_opt_t *opts, size_t nopts)
{
	long x = 0;
	if (o->arg == SCN_ARG_FLAG)
		return 0;
	if (o->arg == SCN_ARG_ADDRS)
		return take_addrs(p, o, v, opts, nopts);
	const scn_tok_t *t = scenario_peek(p);
	if (!t || find_opt(opts, nopts, t))
		return scenario_error(p, t ? t->col : scenario_end_col(p), "missing %s after '%s'",
				      arg_noun[o->arg], o->name);
	p->pos++;
	v->str = t->s;
	v->vcol = t->col;
	switch (o->arg) {
	case SCN_ARG_TIME:
		return scenario_val_time(p, t, &v->num);
	case SCN_ARG_ADDR:
		return scenario_val_addr(p, t->s, t->col);
	case SCN_ARG_SIZE:
		if (scenario_val_size(p, t, o->max, &x) < 0)
			return -1;
		v->num = x;
		return 0;
	case SCN_ARG_INT:
		if (scenario_val_int(p, t, o->min, o->max, &x) < 0)
			return -1;
		v->num = x;
		return 0;
	case SCN_ARG_HOP:
		return scenario_val_hop(p, t, &v->hop);
	case SCN_ARG_DOMAIN:
		return scenario_val_domain(p, t);
	case SCN_ARG_LOGIN:
		return scenario_val_login(p, t);
	default:
		return 0;   /* SCN_ARG_TEXT: any word or string */
	}
}

int scenario_options(scn_parser_t *p, const char *what, const scn_opt_t *opts, size_t nopts,
		     scn_val_t *vals, const scn_tok_t **pos, size_t maxpos, size_t *npos)
{
	const scn_tok_t *t;
	if (nopts)
		memset(vals, 0, nopts * sizeof *vals);
	*npos = 0;
	while ((t = scenario_next(p))) {
		const scn_opt_t *o = find_opt(opts, nopts, t);
		if (!o) {
			if (*npos < maxpos) {
				pos[(*npos)++] = t;
				continue;
			}
			return unexpected(p, what, t, opts, nopts);
		}
		scn_val_t *v = &vals[o - opts];
		if (v->col)
			return scenario_error(p, t->col, "'%s' is given twice (first at column %d)",
					      o->name, v->col);
		v->col = t->col;
		if (take_arg(p, o, v, opts, nopts) < 0)
			return -1;
	}
	return 0;
}

void scenario_vals_free(scn_val_t *vals, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		for (size_t k = 0; k < vals[i].nlist; k++)
			free(vals[i].list[k]);
		free(vals[i].list);
		vals[i].list = NULL;
		vals[i].nlist = 0;
	}
}

int scenario_when(scn_parser_t *p, const scn_val_t *at_opt, int64_t dflt, int64_t *out)
{
	if (p->at_col && at_opt && at_opt->col)
		return scenario_error(p, at_opt->col, "a second 'at': the line already begins with 'at'");
	*out = p->at_col ? p->at_us : (at_opt && at_opt->col) ? at_opt->num : dflt;
	return 0;
}

int scenario_room(scn_parser_t *p, size_t n, const char *what, int col)
{
	if (n >= SCN_ITEMS_MAX)
		return scenario_error(p, col, "too many %s (at most %d)", what, SCN_ITEMS_MAX);
	return 0;
}

/* One positional argument and nothing else: title "x", body "x", seed 42... */
const scn_tok_t *scenario_only_arg(scn_parser_t *p, const char *what, const char *noun)
{
	const scn_tok_t *pos[1];
	size_t n;
	if (scenario_options(p, what, NULL, 0, NULL, pos, 1, &n) < 0)
		return NULL;
	if (n == 0) {
		scenario_missing(p, noun, what);
		return NULL;
	}
	return pos[0];
}

/* ---- the lesson's header ------------------------------------------------ */

static int dir_title(scn_parser_t *p, const scn_tok_t *kw)
{
	if (p->title_line)
		return scenario_error(p, kw->col, "a second title (the first is at line %d)",
				      p->title_line);
	const scn_tok_t *t = scenario_only_arg(p, "title", "the title's text");
	if (!t)
		return -1;
	if (!*t->s)
		return scenario_error(p, t->col, "empty title");
	p->title_line = p->line;
	p->sc->title = xstrdup(t->s);
	return 0;
}

/* Description lines are joined with a space; description "" starts a new paragraph. */
static int dir_description(scn_parser_t *p, const scn_tok_t *kw)
{
	(void)kw;
	const scn_tok_t *t = scenario_only_arg(p, "description", "the description's text");
	if (!t)
		return -1;
	if (!*t->s) {
		sb_putc(&p->desc, '\n');
		return 0;
	}
	if (p->desc.len && p->desc.buf[p->desc.len - 1] != '\n')
		sb_putc(&p->desc, ' ');
	sb_puts(&p->desc, t->s);
	return 0;
}

static int dir_seed(scn_parser_t *p, const scn_tok_t *kw)
{
	if (p->seed_line)
		return scenario_error(p, kw->col, "a second seed (the first is at line %d)",
				      p->seed_line);
	const scn_tok_t *t = scenario_only_arg(p, "seed", "a number");
	if (!t || scenario_val_u64(p, t, &p->sc->seed) < 0)
		return -1;
	p->sc->has_seed = 1;
	p->seed_line = p->line;
	return 0;
}

/* ---- the world ---------------------------------------------------------- */

enum { USER_LOGIN, USER_PASSWORD, USER_QUOTA, USER__N };
static const scn_opt_t user_opts[USER__N] = {
	[USER_LOGIN] = { .name = "login", .arg = SCN_ARG_LOGIN },
	[USER_PASSWORD] = { .name = "password", .arg = SCN_ARG_TEXT },
	[USER_QUOTA] = { .name = "quota", .arg = SCN_ARG_SIZE, .max = SCN_QUOTA_MAX },
};

static int dir_user(scn_parser_t *p, const scn_tok_t *kw)
{
	scn_val_t v[USER__N];
	const scn_tok_t *pos[1];
	size_t n;
	if (scenario_options(p, "user", user_opts, USER__N, v, pos, 1, &n) < 0)
		return -1;
	if (n == 0)
		return scenario_missing(p, "an address", "user");
	if (scenario_val_addr(p, pos[0]->s, pos[0]->col) < 0 ||
	    scenario_room(p, p->sc->nusers, "users", kw->col) < 0)
		return -1;
	sc_user_t *u = SCN_PUSH(p->sc->users, p->sc->nusers);
	u->addr = xstrdup(pos[0]->s);
	u->login = v[USER_LOGIN].col ? xstrdup(v[USER_LOGIN].str) : NULL;
	u->password = v[USER_PASSWORD].col ? xstrdup(v[USER_PASSWORD].str) : NULL;
	u->quota = v[USER_QUOTA].col ? (long)v[USER_QUOTA].num : -1;
	u->line = p->line;
	return 0;
}

static int dir_remove_user(scn_parser_t *p, const scn_tok_t *kw)
{
	const scn_tok_t *t = scenario_only_arg(p, "remove-user", "an address");
	if (!t || scenario_val_addr(p, t->s, t->col) < 0 ||
	    scenario_room(p, p->sc->nusers, "users", kw->col) < 0)
		return -1;
	sc_user_t *u = SCN_PUSH(p->sc->users, p->sc->nusers);
	u->addr = xstrdup(t->s);
	u->quota = -1;
	u->remove = 1;
	u->line = p->line;
	return 0;
}

/* mx DOMAIN PREF HOST | a HOST IPV4 | no-mx DOMAIN | nxdomain DOMAIN */
static int dir_dns(scn_parser_t *p, const scn_tok_t *kw)
{
	static const struct {
		const char *name;
		sc_dns_op_t op;
		size_t args;
		const char *nouns[3];
	} forms[] = {
		{ .name = "mx", .op = SC_DNS_MX, .args = 3,
		  .nouns = { "a domain name", "a preference", "a host name" } },
		{ .name = "a", .op = SC_DNS_A, .args = 2, .nouns = { "a host name", "an IPv4 address" } },
		{ .name = "no-mx", .op = SC_DNS_NO_MX, .args = 1, .nouns = { "a domain name" } },
		{ .name = "nxdomain", .op = SC_DNS_NXDOMAIN, .args = 1, .nouns = { "a domain name" } },
	};
	size_t f = 0;
	while (!str_ieq(kw->s, forms[f].name))
		f++;
	const scn_tok_t *pos[3];
	size_t n;
	long pref = 0;
	if (scenario_options(p, forms[f].name, NULL, 0, NULL, pos, forms[f].args, &n) < 0)
		return -1;
	if (n < forms[f].args)
		return scenario_missing(p, forms[f].nouns[n], forms[f].name);
	if (scenario_val_domain(p, pos[0]) < 0 ||
	    (forms[f].op == SC_DNS_MX && (scenario_val_int(p, pos[1], 0, 65535, &pref) < 0 ||
					  scenario_val_domain(p, pos[2]) < 0)) ||
	    (forms[f].op == SC_DNS_A && scenario_val_ipv4(p, pos[1]) < 0) ||
	    scenario_room(p, p->sc->ndns, "DNS changes", kw->col) < 0)
		return -1;
	sc_dns_t *d = SCN_PUSH(p->sc->dns, p->sc->ndns);
	d->op = forms[f].op;
	d->name = xstrdup(pos[0]->s);
	d->pref = (int)pref;
	d->value = forms[f].op == SC_DNS_MX ? xstrdup(pos[2]->s) :
		   forms[f].op == SC_DNS_A ? xstrdup(pos[1]->s) : NULL;
	d->line = p->line;
	return 0;
}

static const scn_opt_t host_opts[] = {
	{ .name = "backup-mx", .arg = SCN_ARG_DOMAIN },
};

static int dir_host(scn_parser_t *p, const scn_tok_t *kw)
{
	scn_val_t v[1];
	const scn_tok_t *pos[2];
	size_t n;
	if (scenario_options(p, "host", host_opts, 1, v, pos, 2, &n) < 0)
		return -1;
	if (n < 2)
		return scenario_missing(p, n == 0 ? "a host name" : "an IPv4 address", "host");
	if (scenario_val_domain(p, pos[0]) < 0 || scenario_val_ipv4(p, pos[1]) < 0 ||
	    scenario_room(p, p->sc->nhosts, "hosts", kw->col) < 0)
		return -1;
	sc_host_t *h = SCN_PUSH(p->sc->hosts, p->sc->nhosts);
	h->name = xstrdup(pos[0]->s);
	h->addr = xstrdup(pos[1]->s);
	h->role = v[0].col ? SC_HOST_BACKUP_MX : SC_HOST_PLAIN;
	h->domain = v[0].col ? xstrdup(v[0].str) : NULL;
	h->line = p->line;
	return 0;
}

#define LINK_LATENCY_MAX (60LL * 1000000)

static const scn_opt_t link_opts[] = {
	{ .name = "latency", .arg = SCN_ARG_TIME },
};

static int dir_link(scn_parser_t *p, const scn_tok_t *kw)
{
	scn_val_t v[1];
	const scn_tok_t *pos[1];
	size_t n;
	hop_t a, b;
	if (scenario_options(p, "link", link_opts, 1, v, pos, 1, &n) < 0)
		return -1;
	if (n == 0)
		return scenario_missing(p, "a link", "link");
	if (scenario_val_link(p, pos[0], &a, &b) < 0)
		return -1;
	if (!v[0].col)
		return scenario_missing(p, "'latency DURATION'", "link");
	if (v[0].num > LINK_LATENCY_MAX)
		return scenario_error(p, v[0].col, "latency '%s' is out of range (at most 60s)",
				      scenario_show(v[0].str).s);
	if (scenario_room(p, p->sc->nlinks, "links", kw->col) < 0)
		return -1;
	sc_link_t *l = SCN_PUSH(p->sc->links, p->sc->nlinks);
	l->a_hop = a;
	l->b_hop = b;
	l->latency_us = v[0].num;
	l->line = p->line;
	return 0;
}

/* ---- lines -------------------------------------------------------------- */

static int unknown_directive(scn_parser_t *p, const scn_tok_t *kw)
{
	const char *names[NDIRECTIVES + 1];
	for (size_t i = 0; i < NDIRECTIVES; i++)
		names[i] = directives[i].name;
	names[NDIRECTIVES] = "at";
	if (kw->quoted)
		return scenario_error(p, kw->col,
				      "a line begins with a directive (send, note, expect...), not a string");
	const char *hint = fault_closest(kw->s, names, NDIRECTIVES + 1, scenario_near(kw->s));
	if (hint)
		return scenario_error(p, kw->col, "unknown directive '%s' — did you mean '%s'?",
				      scenario_show(kw->s).s, hint);
	return scenario_error(p, kw->col, "unknown directive '%s' (the directives are listed in "
			      "scenarios/README.md)", scenario_show(kw->s).s);
}

static int parse_line(scn_parser_t *p)
{
	int lexed = scenario_lex_line(p);
	if (p->ntok > 0 && scenario_is_word(&p->tok[0], "title"))
		p->title_tried = 1;   /* a broken title line is not a missing title */
	if (lexed < 0 || p->ntok == 0)
		return 0;
	p->at_col = 0;
	const scn_tok_t *kw = scenario_next(p);
	if (scenario_is_word(kw, "at")) {
		const scn_tok_t *t = scenario_next(p);
		if (!t)
			return scenario_error(p, scenario_end_col(p), "missing a duration after 'at'");
		if (scenario_val_time(p, t, &p->at_us) < 0)
			return -1;
		p->at_col = kw->col;
		kw = scenario_next(p);
		if (!kw)
			return scenario_error(p, scenario_end_col(p), "missing a directive after "
					      "'at %s' (send, check, fault, note or question)", t->s);
	}
	for (size_t i = 0; i < NDIRECTIVES; i++) {
		if (!scenario_is_word(kw, directives[i].name))
			continue;
		if (p->ctl_col && directives[i].parse != scenario_dir_body)
			return scenario_error(p, p->ctl_col, "\\n and \\r (a bare line end) are "
					      "allowed only in a body string");
		if (p->at_col && !directives[i].timed)
			return scenario_error(p, p->at_col, "'at' does not apply to '%s' (only to send, "
					      "check, fault, note and question)", directives[i].name);
		return directives[i].parse(p, kw);
	}
	return unknown_directive(p, kw);
}

static char *stem(const char *path)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	size_t n = strlen(base);
	if (n > 4 && strcmp(base + n - 4, ".scn") == 0)
		n -= 4;
	return xstrndup(base, n);
}

scenario_t *scenario_parse(const char *path, const char *text, size_t len, strbuf_t *errors)
{
	scn_parser_t p = { .path = path ? path : "<scenario>", .errors = errors };
	sb_init(&p.desc);
	p.sc = xcalloc(1, sizeof *p.sc);
	p.sc->path = xstrdup(p.path);
	p.sc->name = stem(p.path);
	size_t i = 0;
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		i = 3;   /* a UTF-8 byte order mark, as some editors write */
	while (i < len && !p.stopped) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - text) : len;
		p.line++;
		p.text = text + i;
		p.len = end - i;
		if (p.len && p.text[p.len - 1] == '\r')
			p.len--;
		parse_line(&p);
		i = end + 1;
	}
	if (!p.title_line && !p.title_tried && !p.stopped) {
		p.line = 1;
		p.text = "";
		p.len = 0;
		scenario_error(&p, 1, "missing title (every scenario has a line: title \"...\")");
	}
	free(p.store);
	p.sc->description = p.desc.len ? sb_steal(&p.desc) : NULL;
	sb_free(&p.desc);
	if (p.nerrors) {
		scenario_free(p.sc);
		return NULL;
	}
	return p.sc;
}
