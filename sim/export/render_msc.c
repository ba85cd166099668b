/* render_msc.c — an ASCII sequence chart of a trace, for slides and
 * handouts: one lifeline per host, then for each step an arrow (or a mark
 * on one lifeline) with its text to the right of the lifelines, wrapped so
 * that the chart fits MSC_WIDTH columns (with up to six or seven hosts).
 *
 *    smith-pc  smtp   ns   mail  boss-pc
 *       |        |     |     |      |
 *       |.......>|     |     |      |    TCP: connect to smtp.isp.example port 25
 *       |<-------|     |     |      |    220 smtp.isp.example ESMTP mailpath
 *       |        *     |     |      |    SMTP state: READY
 *
 * Arrows: '-' a protocol line, '.' a TCP event, 'x' at the head when the
 * connection was refused or lost. A row of ':' marks a pause of a second or
 * more in simulated time; a hop is announced the first time it appears. */
#include "export/render.h"

#include <assert.h>
#include <string.h>

#define MSC_WIDTH 80
#define MSC_MIN_TEXT 24          /* narrower text would be unreadable */
#define MSC_GAP 2                /* columns between two lifelines' names */
#define MSC_MIN_SPACING 6        /* room for |--->| */
#define MSC_SHORT_MAX 12
#define MSC_PAUSE_US 1000000
/* The widest row of lifelines: every host with the longest name. */
#define MSC_ROW_MAX (RENDER_HOSTS_MAX * (MSC_SHORT_MAX + MSC_GAP + 2) + 8)

typedef struct msc {
	FILE *out;
	render_hosts_t hosts;
	char shortname[RENDER_HOSTS_MAX][MSC_SHORT_MAX + 1];
	int pos[RENDER_HOSTS_MAX];   /* the column of each lifeline */
	int text_col;                /* where the text starts */
} msc_t;

/* ---- layout ---- */

/* The first `labels` labels of a host name, at most MSC_SHORT_MAX bytes. */
static void short_name(const char *host, int labels, char *out)
{
	size_t n = 0;
	for (int k = 0; k < labels && host[n]; k++) {
		n += strcspn(host + n + (k > 0), ".") + (k > 0);
	}
	if (n > MSC_SHORT_MAX)
		n = MSC_SHORT_MAX;
	memcpy(out, host, n);
	out[n] = '\0';
}

/* Host names are shown by their first label, or their first two when the
 * first is not unique ("mail" of mail.corp.example and mail.other.example). */
static void name_lifelines(msc_t *m)
{
	for (size_t i = 0; i < m->hosts.n; i++)
		short_name(m->hosts.name[i], 1, m->shortname[i]);
	for (size_t i = 0; i < m->hosts.n; i++) {
		int twin = 0;
		for (size_t j = 0; j < m->hosts.n; j++) {
			char other[MSC_SHORT_MAX + 1];
			short_name(m->hosts.name[j], 1, other);
			twin |= j != i && strcmp(other, m->shortname[i]) == 0;
		}
		if (twin)
			short_name(m->hosts.name[i], 2, m->shortname[i]);
	}
}

static void place_lifelines(msc_t *m)
{
	int x = 1 + (int)strlen(m->shortname[0]) / 2;
	for (size_t i = 0; i < m->hosts.n; i++) {
		if (i > 0) {
			int need = ((int)strlen(m->shortname[i - 1]) + (int)strlen(m->shortname[i]) + 1) / 2 +
				   MSC_GAP;
			x += need > MSC_MIN_SPACING ? need : MSC_MIN_SPACING;
		}
		m->pos[i] = x;
	}
	m->text_col = (m->hosts.n ? m->pos[m->hosts.n - 1] : 0) + 4;
	assert(m->text_col < MSC_ROW_MAX);
}

static int text_width(const msc_t *m)
{
	int w = MSC_WIDTH - m->text_col;
	return w < MSC_MIN_TEXT ? MSC_MIN_TEXT : w;
}

/* ---- rows ---- */

/* The lifelines drawn with c, as a string of text_col columns. */
static void lifelines(const msc_t *m, char *row, char c)
{
	memset(row, ' ', (size_t)m->text_col);
	row[m->text_col] = '\0';
	for (size_t i = 0; i < m->hosts.n; i++)
		row[m->pos[i]] = c;
}

/* One line: the row, then n bytes of text; no trailing blanks, so that a
 * chart diffs and pastes cleanly. */
static void put_line(const msc_t *m, const char *row, const char *text, size_t n)
{
	size_t len = strlen(row);
	if (n == 0)
		while (len > 0 && row[len - 1] == ' ')
			len--;
	fprintf(m->out, "%.*s%.*s\n", (int)len, row, (int)n, text);
}

/* Print row then text word-wrapped; continuation rows get plain lifelines. */
static void emit(const msc_t *m, const char *row, const char *text)
{
	char blank[MSC_ROW_MAX];
	lifelines(m, blank, '|');
	size_t width = (size_t)text_width(m);
	const char *p = text;
	int first = 1;
	do {
		while (!first && *p == ' ')
			p++;
		size_t n = strlen(p);
		if (n > width) {
			n = width;
			while (n > 0 && p[n] != ' ')
				n--;
			if (n == 0)
				n = width;   /* one long word: cut it */
		}
		put_line(m, first ? row : blank, p, n);
		p += n;
		first = 0;
	} while (*p && strspn(p, " ") < strlen(p));
}

static void arrow(const msc_t *m, const render_step_t *st, char *row)
{
	int ia = render_host_index(&m->hosts, st->from), ib = render_host_index(&m->hosts, st->to);
	if (ia < 0 || ib < 0)
		return;   /* beyond RENDER_HOSTS_MAX: the text alone */
	int a = m->pos[ia], b = m->pos[ib];
	char shaft = st->line == RENDER_LINE_TCP ? '.' : '-';
	int lo = a < b ? a : b, hi = a < b ? b : a;
	for (int x = lo + 1; x < hi; x++)
		row[x] = shaft;
	char head = st->line == RENDER_LINE_LOST ? 'x' : a < b ? '>' : '<';
	row[a < b ? hi - 1 : lo + 1] = head;
}

static void step_row(const msc_t *m, const render_step_t *st)
{
	char row[MSC_ROW_MAX];
	lifelines(m, row, '|');
	if (st->kind == RENDER_ARROW)
		arrow(m, st, row);
	else if (st->kind == RENDER_MARK && render_host_index(&m->hosts, st->from) >= 0)
		row[m->pos[render_host_index(&m->hosts, st->from)]] = '*';
	else if (st->kind == RENDER_BANNER)
		memset(row, '!', (size_t)m->text_col - 2);
	emit(m, row, sb_str(&st->label));
}

static void header(msc_t *m, const scenario_t *sc)
{
	fprintf(m->out, "mailpath run %s: %s\n\n", sc->name ? sc->name : "", sc->title ? sc->title : "");
	for (size_t i = 0; i < m->hosts.n; i++)
		fprintf(m->out, "  %-*s  %s\n", MSC_SHORT_MAX, m->shortname[i], m->hosts.name[i]);
	fputc('\n', m->out);
	char row[MSC_ROW_MAX];
	memset(row, ' ', sizeof row);
	int end = 0;
	for (size_t i = 0; i < m->hosts.n; i++) {
		size_t n = strlen(m->shortname[i]);
		int x = m->pos[i] - (int)n / 2;
		memcpy(row + x, m->shortname[i], n);
		end = x + (int)n;
	}
	fprintf(m->out, "%.*s\n", end, row);
	lifelines(m, row, '|');
	put_line(m, row, "", 0);
}

void render_msc(const trace_t *t, const scenario_t *sc, FILE *out)
{
	msc_t m = { .out = out };
	render_hosts(t, &m.hosts);
	if (m.hosts.n == 0) {
		fprintf(out, "mailpath run %s: nothing crossed the network\n", sc->name ? sc->name : "");
		return;
	}
	name_lifelines(&m);
	place_lifelines(&m);
	header(&m, sc);
	render_step_t st = { .label = STRBUF_INIT };
	int seen_hop[HOP__COUNT] = { 0 };
	int64_t last_t = 0;
	char row[MSC_ROW_MAX], t_text[48];
	for (size_t i = 0; render_chart_step(t, &i, &st);) {
		if (st.ev->t_us - last_t >= MSC_PAUSE_US) {
			fmt_sim_time(st.ev->t_us, t_text, sizeof t_text);
			lifelines(&m, row, ':');
			emit(&m, row, t_text);
		}
		last_t = st.ev->t_us;
		if (st.ev->hop != HOP_NONE && !seen_hop[st.ev->hop]) {
			char banner[120];
			seen_hop[st.ev->hop] = 1;
			snprintf(banner, sizeof banner, "== hop %s: %s", hop_label(st.ev->hop),
				 render_hop_title(st.ev->hop));
			lifelines(&m, row, '|');
			emit(&m, row, banner);
		}
		step_row(&m, &st);
	}
	lifelines(&m, row, '|');
	put_line(&m, row, "", 0);
	sb_free(&st.label);
}
