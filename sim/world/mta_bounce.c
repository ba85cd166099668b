/* mta_bounce.c — bounces: RFC 3464 delivery status notifications for the
 * failed recipients of a queue entry, never a bounce about a bounce
 * (RFC 5321 6.1); delivered locally to the sender, or queued to its domain. */
#include "world/mta_int.h"

#include <stdio.h>
#include <string.h>

/* ---- bounces (RFC 3464 delivery status notifications) ---------------- */

static void dsn_compose(mta_t *m, const queue_entry_t *e, strbuf_t *b)
{
	char date[64], arrival[64];
	int64_t now_s = m->w->epoch + sched_now(m->w->sched) / 1000000;
	fmt_rfc5322_date(now_s, date, sizeof date);
	fmt_rfc5322_date(m->w->epoch + e->arrived_us / 1000000, arrival, sizeof arrival);
	const char *dom = m->local_domain ? m->local_domain : m->hostname;
	sb_printf(b, "From: Mail Delivery System <MAILER-DAEMON@%s>\r\n", dom);
	sb_printf(b, "To: <%s>\r\n", e->mail_from);
	sb_printf(b, "Subject: Undelivered Mail Returned to Sender\r\n");
	sb_printf(b, "Date: %s\r\n", date);
	sb_printf(b, "Message-ID: <%s.bounce@%s>\r\n", e->id, m->hostname);
	sb_printf(b, "Auto-Submitted: auto-replied\r\nMIME-Version: 1.0\r\n");
	sb_printf(b, "Content-Type: multipart/report; report-type=delivery-status;\r\n"
		  "\tboundary=\"%s/%s\"\r\n\r\n", e->id, m->hostname);
	sb_printf(b, "This is a MIME-encapsulated message.\r\n\r\n--%s/%s\r\n", e->id, m->hostname);
	sb_printf(b, "Content-Description: Notification\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n");
	sb_printf(b, "This is the mail system at host %s.\r\n\r\n"
		  "I'm sorry to have to inform you that your message could not\r\n"
		  "be delivered to one or more recipients.\r\n\r\n", m->hostname);
	for (size_t i = 0; i < e->nrcpt; i++) {
		const queue_rcpt_t *r = &e->rcpt[i];
		if (r->status != QR_FAILED || r->bounced)
			continue;
		if (r->from_smtp)
			sb_printf(b, "<%s>: host %s said: %s\r\n", r->addr, r->remote, r->reply);
		else
			sb_printf(b, "<%s>: %s\r\n", r->addr, r->reply);
	}
	sb_printf(b, "\r\n--%s/%s\r\nContent-Description: Delivery report\r\n"
		  "Content-Type: message/delivery-status\r\n\r\n", e->id, m->hostname);
	sb_printf(b, "Reporting-MTA: dns; %s\r\nX-Mailpath-Queue-ID: %s\r\nArrival-Date: %s\r\n",
		  m->hostname, e->id, arrival);
	for (size_t i = 0; i < e->nrcpt; i++) {
		const queue_rcpt_t *r = &e->rcpt[i];
		if (r->status != QR_FAILED || r->bounced)
			continue;
		sb_printf(b, "\r\nFinal-Recipient: rfc822; %s\r\nAction: failed\r\nStatus: %s\r\n",
			  r->addr, r->dsn);
		if (r->remote[0]) {
			size_t hl = strcspn(r->remote, "[");
			sb_printf(b, "Remote-MTA: dns; %.*s\r\n", (int)hl, r->remote);
		}
		sb_printf(b, "Diagnostic-Code: %s; %s\r\n", r->from_smtp ? "smtp" : "X-Mailpath", r->reply);
	}
	sb_printf(b, "\r\n--%s/%s\r\nContent-Description: Undelivered Message Headers\r\n"
		  "Content-Type: text/rfc822-headers\r\n\r\n", e->id, m->hostname);
	const char *hend = strstr(e->msg, "\r\n\r\n");
	size_t hlen = hend ? (size_t)(hend - e->msg) + 2 : e->len;
	sb_append(b, e->msg, hlen);
	sb_printf(b, "\r\n--%s/%s--\r\n", e->id, m->hostname);
}

void mta_bounce(mta_t *m, const queue_entry_t *e)
{
	strbuf_t to = STRBUF_INIT;
	for (size_t i = 0; i < e->nrcpt; i++)
		if (e->rcpt[i].status == QR_FAILED && !e->rcpt[i].bounced)
			sb_printf(&to, "%s<%s>", to.len ? ", " : "", e->rcpt[i].addr);
	if (!to.len) {
		sb_free(&to);
		return;
	}
	if (!e->mail_from[0]) {
		/* RFC 5321 6.1 / RFC 3464: never send a bounce about a bounce. */
		mta_trace(m, m->cfg.out_hop, EV_BOUNCE, "mail:bounce", NULL,
			  "%s: undeliverable to %s, but the message was itself a bounce (null "
			  "reverse-path <>): no bounce is sent", e->id, sb_str(&to));
	} else {
		strbuf_t dsn = STRBUF_INIT;
		dsn_compose(m, e, &dsn);
		mta_trace(m, m->cfg.out_hop, EV_BOUNCE, "mail:bounce", sb_str(&dsn),
			  "%s: %s returns the message to its sender <%s>: a bounce (delivery status "
			  "notification) for %s", e->id, m->hostname, e->mail_from, sb_str(&to));
		if (mta_is_local(m, e->mail_from)) {
			if (mta_deliver_local(m, "", e->mail_from, dsn.buf, dsn.len, 1) != 0) {
				char pm[300];
				snprintf(pm, sizeof pm, "postmaster@%s", m->local_domain);
				mta_trace(m, m->cfg.deliver_hop, EV_NOTE, "mail:bounce", NULL,
					  "the bounce cannot be stored for %s: it goes to %s", e->mail_from, pm);
				mta_deliver_local(m, "", pm, dsn.buf, dsn.len, 1);
			}
		} else {
			char id[16];
			mta_make_id(m, id, sizeof id);
			const char *rcpt = e->mail_from;
			mta_queue_message(m, id, "", &rcpt, 1, dsn.buf, dsn.len);
		}
		sb_free(&dsn);
	}
	sb_free(&to);
	for (size_t i = 0; i < e->nrcpt; i++)
		if (e->rcpt[i].status == QR_FAILED)
			((queue_entry_t *)e)->rcpt[i].bounced = 1;
}

