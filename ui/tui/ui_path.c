/* ui_path.c — the path: boxes for the five places of the seed's story, the
 * links between them, the resolver under the ISP, and the token.
 *
 *  ┌─1───────┐  ┌─2────────┐  ┌─3────────┐  ┌─4─────────┐  ┌─5a/5b─────┐
 *  │  Smith  │─▶│  client  │═▶│ ISP SMTP │═▶│ corp SMTP │◀═│ boss POP3 │   link row
 *  │ at home │  │ smith-pc │SM│ smtp.isp │SM│ mail.corp │PO│  boss-pc  │   host row
 *  └─────────┘  └──────────┘  └────┬─────┘  └─[✉ 1]────┘  └───────────┘
 *                 ✓ 250 2.1.5 Recipient OK                                  label row
 *
 * Wide terminals get full host names, the addresses, and the resolver drawn
 * on a row of its own. The token moves along its link, frame by frame, and
 * its label (the command, or the reply with its class symbol) sits below. */
#include "tui/ui_path.h"

#include <stdio.h>
#include <string.h>

#define NBOX 5
#define NVARIANT 3
#define LINK_MIN 4
#define LINK_MAX 16

static const struct box_spec {
	ui_node_t node;
	const char *num;
	const char *role[NVARIANT];    /* widest first */
	const char *host[NVARIANT];
	const char *addr;
} boxes[NBOX] = {
	{ UI_NODE_SMITH, "1", { "Smith, sender", "Smith", "Smith" },
	  { "at home", "at home", "at home" }, "" },
	{ UI_NODE_CLIENT, "2", { "her e-mail client", "mail client", "client" },
	  { "smith-pc.isp.example", "smith-pc.isp", "smith-pc" }, "198.51.100.23" },
	{ UI_NODE_ISP, "3", { "ISP SMTP host", "ISP SMTP", "ISP SMTP" },
	  { "smtp.isp.example", "smtp.isp", "smtp.isp" }, "203.0.113.25" },
	{ UI_NODE_CORP, "4", { "corporate SMTP host", "corp SMTP", "corp SMTP" },
	  { "mail.corp.example", "mail.corp", "mail.corp" }, "192.0.2.25" },
	{ UI_NODE_BOSS, "5a/5b", { "boss's POP3 client", "POP3 client", "boss POP3" },
	  { "boss-pc.corp.example", "boss-pc.corp", "boss-pc" }, "192.0.2.77" },
};

static const struct link_spec {
	const char *proto;
	int flow;                  /* +1: mail flows right; -1: the client on the right connects left */
	int plain;                 /* drawn with single lines (Smith's own hand) */
} links[NBOX - 1] = {
	{ "", +1, 1 }, { "SMTP", +1, 0 }, { "SMTP", +1, 0 }, { "POP3", -1, 0 },
};

static const struct { const char *host[NVARIANT]; const char *addr; } resolver = {
	{ "ns.isp.example", "ns.isp", "ns" }, "203.0.113.53",
};

typedef struct layout {
	int variant, wide, rows;
	int row_link, row_host, row_addr, row_bottom, row_label, row_dns;
	int x[NBOX], w[NBOX];
	int lx[NBOX - 1], ll[NBOX - 1];
} layout_t;

int ui_path_height(int cols, int rows)
{
	return cols >= 120 && rows >= 32 ? 7 : 5;
}

static int box_inner(const ui_look_t *lk, int i, int v, int wide)
{
	int w = ui_text_width(lk, boxes[i].role[v]);
	int h = ui_text_width(lk, boxes[i].host[v]);
	int a = wide ? (int)strlen(boxes[i].addr) : 0;
	int n = (int)strlen(boxes[i].num) + 2;
	w = w > h ? w : h;
	w = w > a ? w : a;
	return (w > n ? w : n) + 2;
}

static void layout(const ui_look_t *lk, int cols, int rows, layout_t *L)
{
	memset(L, 0, sizeof *L);
	L->rows = rows;
	L->wide = rows >= 7;
	L->row_link = 1;
	L->row_host = 2;
	L->row_addr = L->wide ? 3 : -1;
	L->row_bottom = L->wide ? 4 : 3;
	L->row_label = L->row_bottom + 1;
	L->row_dns = L->wide ? 6 : -1;
	int inner[NBOX], total = 0;
	for (L->variant = 0; L->variant < NVARIANT; L->variant++) {
		total = 0;
		for (int i = 0; i < NBOX; i++)
			total += (inner[i] = box_inner(lk, i, L->variant, L->wide)) + 2;
		if (total + (NBOX - 1) * LINK_MIN <= cols - 2 || L->variant == NVARIANT - 1)
			break;
	}
	int spare = cols - 2 - total - (NBOX - 1) * LINK_MIN;
	int link = LINK_MIN + (spare > 0 ? spare / (NBOX - 1) : 0);
	if (link > LINK_MAX)
		link = LINK_MAX;
	int used = total + (NBOX - 1) * link;
	int x = (cols - used) / 2;
	if (x < 0)
		x = 0;
	for (int i = 0; i < NBOX; i++) {
		L->x[i] = x;
		L->w[i] = inner[i] + 2;
		x += L->w[i];
		if (i < NBOX - 1) {
			L->lx[i] = x;
			L->ll[i] = link;
			x += link;
		}
	}
}

static int box_of(ui_node_t n)
{
	for (int i = 0; i < NBOX; i++)
		if (boxes[i].node == n)
			return i;
	return -1;
}

static void centred(WINDOW *w, const ui_look_t *lk, int y, int x, int width, const char *s, attr_t a)
{
	int sw = ui_text_width(lk, s);
	int off = sw < width ? (width - sw) / 2 : 0;
	ui_text_put_cut(w, lk, y, x + off, width, s, a);
}

/* Messages in the mailboxes a host serves: mailbox domains under its name. */
static int host_mail(const world_view_t *v, const char *host)
{
	int n = 0;
	for (int i = 0; i < v->nbox && i < VIEW_BOX_MAX; i++) {
		const char *d = str_domain(v->box[i].addr);
		size_t hl = strlen(host), dl = strlen(d);
		if (dl && hl > dl && host[hl - dl - 1] == '.' && str_ieq(host + hl - dl, d))
			n += v->box[i].count;
	}
	return n;
}

static void counter(WINDOW *w, const ui_look_t *lk, int y, int x, int maxw, const char *what, int n,
		    int before)
{
	char num[16], buf[48];
	/* a backlog fits a small box: 20000 is "20k", 1500000 "1.5M" */
	if (n >= 1000000)
		snprintf(num, sizeof num, "%d.%dM", n / 1000000, n / 100000 % 10);
	else if (n >= 10000)
		snprintf(num, sizeof num, "%dk", n / 1000);
	else
		snprintf(num, sizeof num, "%d", n);
	snprintf(buf, sizeof buf, "[%s %s]", what, num);
	int cols = 0;   /* display columns: UTF-8 continuation bytes take none */
	for (const char *c = buf; *c; c++)
		cols += ((unsigned char)*c & 0xC0) != 0x80;
	if (maxw >= 0 && cols > maxw)
		snprintf(buf, sizeof buf, "%s%s", what, num);   /* no room for the brackets */
	ui_role_t r = n != before ? C_CHANGED : n > 0 ? C_STATE_ON : C_DIM;
	ui_text_put(w, lk, y, x, maxw, buf, ui_text_attr(lk, r));
}

static void draw_box(WINDOW *w, const ui_look_t *lk, const layout_t *L, int i, int active,
		     const world_view_t *v, const world_view_t *pv)
{
	const struct box_spec *b = &boxes[i];
	attr_t fa = ui_text_attr(lk, active ? C_ACTIVE : C_FRAME);
	int h = L->row_bottom + 1, x = L->x[i], bw = L->w[i];
	ui_text_box(w, lk, 0, x, h, bw, fa);
	ui_text_put(w, lk, 0, x + 2, bw - 3, b->num, ui_text_attr(lk, active ? C_ACTIVE : C_HEADER));
	centred(w, lk, L->row_link, x + 1, bw - 2, b->role[L->variant], active ? A_BOLD : A_NORMAL);
	centred(w, lk, L->row_host, x + 1, bw - 2, b->host[L->variant], ui_text_attr(lk, C_DIM));
	if (L->row_addr >= 0)
		centred(w, lk, L->row_addr, x + 1, bw - 2, b->addr, ui_text_attr(lk, C_DIM));
	const char *mail = lk->utf8 ? lk->g->mail : "mail";
	if (b->node == UI_NODE_CORP) {
		counter(w, lk, L->row_bottom, x + 2, bw - 4, mail, host_mail(v, b->host[0]),
			host_mail(pv, b->host[0]));
	} else if (b->node == UI_NODE_ISP) {
		/* The resolver hangs under the ISP host; its queue and Smith's box show here. */
		ui_text_repeat(w, L->row_bottom, x + bw / 2, 1, lk->g->tee_down, fa);
		if (v->nqueue || pv->nqueue)
			counter(w, lk, L->row_bottom, x + 1, bw / 2 - 1, "q", v->nqueue, pv->nqueue);
		int sm = host_mail(v, b->host[0]), psm = host_mail(pv, b->host[0]);
		if (sm || psm)
			counter(w, lk, L->row_bottom, x + bw / 2 + 1, bw - bw / 2 - 2, mail, sm, psm);
	}
}

/* The link's label: its protocol, or a lock while its conversation is inside TLS. */
static const char *link_label(const ui_look_t *lk, const struct link_spec *s, int tls, int width)
{
	if (!tls)
		return s->proto;
	if (lk->utf8)
		return width >= 5 ? "\xF0\x9F\x94\x92TLS" : "\xF0\x9F\x94\x92";
	return width >= 5 ? "[TLS]" : "TLS";
}

static void draw_link(WINDOW *w, const ui_look_t *lk, const layout_t *L, int i, const ui_token_t *tok, int tls)
{
	const struct link_spec *s = &links[i];
	int x0 = L->lx[i], n = L->ll[i], y = L->row_link;
	int a = box_of(tok->from), b = box_of(tok->to);
	int on = tok->visible && a >= 0 && b >= 0 && ((a == i && b == i + 1) || (a == i + 1 && b == i));
	int dir = on ? (b > a ? 1 : -1) : s->flow;
	attr_t la = ui_text_attr(lk, on ? C_TOKEN : C_FRAME);
	ui_text_repeat(w, y, x0, n, s->plain ? lk->g->h : lk->g->link, la);
	ui_text_repeat(w, y, dir > 0 ? x0 + n - 1 : x0, 1, dir > 0 ? lk->g->arrow_r : lk->g->arrow_l, la);
	centred(w, lk, L->row_host, x0, n, link_label(lk, s, tls, n),
		ui_text_attr(lk, on ? C_TOKEN : tls ? C_STATE_ON : C_DIM));
	if (!on)
		return;
	/* The token travels from its sender towards the arrowhead. */
	int span = n - 2, frames = tok->frames > 0 ? tok->frames : 1;
	int pos = tok->frame * span / frames;
	int tx = dir > 0 ? x0 + pos : x0 + n - 1 - pos;
	ui_text_repeat(w, y, tx, 1, lk->g->token, ui_text_attr(lk, C_TOKEN) | A_BOLD);
}

/* A token's label: the symbol of its reply class, then its text. */
static int label_width(const ui_look_t *lk, const ui_token_t *tok, int hops)
{
	const char *sym = ui_model_class_symbol(tok->cls, !lk->utf8);
	return (hops ? ui_text_width(lk, tok->hops) + 1 : 0) + ui_text_width(lk, sym) + (*sym ? 1 : 0) +
	       ui_text_width(lk, tok->label);
}

static void label_at(WINDOW *w, const ui_look_t *lk, int y, int x, int maxw, const ui_token_t *tok, int hops)
{
	const char *sym = ui_model_class_symbol(tok->cls, !lk->utf8);
	ui_role_t role = tok->cls ? ui_text_class_role(tok->cls)
			 : tok->kind == EV_CMD ? C_CMD : tok->kind == EV_FAULT ? C_FAULT : C_TOKEN;
	int used = 0;
	if (hops) {
		used = ui_text_put(w, lk, y, x, maxw, tok->hops, ui_text_attr(lk, C_DIM));
		used += ui_text_put(w, lk, y, x + used, maxw - used, " ", A_NORMAL);
	}
	if (*sym) {
		used += ui_text_put(w, lk, y, x + used, maxw - used, sym, ui_text_attr(lk, role) | A_BOLD);
		used += ui_text_put(w, lk, y, x + used, maxw - used, " ", A_NORMAL);
	}
	ui_text_put_cut(w, lk, y, x + used, maxw - used, tok->label, ui_text_attr(lk, role));
}

static void label_centred(WINDOW *w, const ui_look_t *lk, int y, int centre, int cols, const ui_token_t *tok)
{
	int width = label_width(lk, tok, 1);
	if (width > cols - 2)
		width = cols - 2;
	int x = centre - width / 2;
	if (x + width > cols - 1)
		x = cols - 1 - width;
	if (x < 1)
		x = 1;
	label_at(w, lk, y, x, width, tok, 1);
}

/* The resolver hangs under the ISP host: a row of its own when wide,
 * else it appears on the label row while a DNS query is on its way. */
static void draw_resolver(WINDOW *w, const ui_look_t *lk, const layout_t *L, const ui_token_t *tok, int cols)
{
	int cx = L->x[2] + L->w[2] / 2;
	int on = tok->visible && (tok->from == UI_NODE_DNS || tok->to == UI_NODE_DNS);
	attr_t a = ui_text_attr(lk, on ? C_TOKEN : C_FRAME);
	const char *arrow = !on ? lk->g->h : tok->to == UI_NODE_DNS ? lk->g->arrow_r : lk->g->arrow_l;
	char head[96];
	if (L->row_dns >= 0) {
		ui_text_repeat(w, L->row_label, cx, 1, lk->g->v, a);
		ui_text_repeat(w, L->row_dns, cx, 1, lk->g->bl, a);
		ui_text_repeat(w, L->row_dns, cx + 1, 1, lk->g->h, a);
		ui_text_repeat(w, L->row_dns, cx + 2, 1, arrow, a);
		snprintf(head, sizeof head, " DNS resolver %s  %s", resolver.host[L->variant], resolver.addr);
		ui_text_put(w, lk, L->row_dns, cx + 3, cols - cx - 4, head, ui_text_attr(lk, on ? C_ACTIVE : C_DIM));
		if (on)
			label_at(w, lk, L->row_label, cx + 2, cols - cx - 3, tok, 0);
		return;
	}
	if (!on)
		return;
	/* Narrow: the tee under the ISP lights up, the label sits below it. */
	ui_text_repeat(w, L->row_bottom, cx, 1, lk->g->tee_down, a);
	label_centred(w, lk, L->row_label, cx, cols, tok);
}

void ui_path_draw(WINDOW *w, const ui_look_t *lk, const ui_model_t *m)
{
	int rows, cols;
	getmaxyx(w, rows, cols);
	layout_t L;
	layout(lk, cols, rows, &L);
	ui_token_t tok;
	ui_model_token(m, &tok);
	const world_view_t *v = ui_model_view(m);
	const trace_event_t *prev = ui_model_cursor(m) > 0 ? trace_get(ui_model_trace(m), ui_model_cursor(m) - 1) : NULL;
	const world_view_t *pv = prev ? trace_view(ui_model_trace(m), prev->view) : v;
	werase(w);
	for (int i = 0; i < NBOX; i++) {
		int active = tok.visible && (boxes[i].node == tok.from || boxes[i].node == tok.to);
		draw_box(w, lk, &L, i, active, v, pv);
	}
	for (int i = 0; i < NBOX - 1; i++)
		draw_link(w, lk, &L, i, &tok, ui_model_link_tls(m, i));
	draw_resolver(w, lk, &L, &tok, cols);
	if (!tok.visible || tok.from == UI_NODE_DNS || tok.to == UI_NODE_DNS)
		return;
	int a = box_of(tok.from), b = box_of(tok.to);
	if (a < 0 || b < 0)
		return;
	int ca = L.x[a] + L.w[a] / 2, cb = L.x[b] + L.w[b] / 2;
	int centre = a == b ? ca : (a + 1 == b || b + 1 == a) ? L.lx[a < b ? a : b] + L.ll[a < b ? a : b] / 2
							       : (ca + cb) / 2;
	label_centred(w, lk, L.row_label, centre, cols, &tok);
}
