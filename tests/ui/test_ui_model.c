/* test_ui_model.c — the UI's model and key table, without a terminal: a
 * synthetic trace of the seed's story (trace_new(NULL) + trace_emit, world
 * views through trace_set_viewer), then what each pane shows at event k. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "suites.h"

#include "teach/explain.h"
#include "run/fault.h"
#include "core/trace.h"
#include "tui/ui_keys.h"
#include "tui/ui_model.h"

/* ---- a small story --------------------------------------------------- */

typedef struct story {
	trace_t *t;
	world_view_t view;      /* what the viewer reports after each event */
} story_t;

static void viewer(void *ctx, world_view_t *v)
{
	*v = ((story_t *)ctx)->view;
}

#define PC "smith-pc.isp.example"
#define ISP "smtp.isp.example"
#define NS "ns.isp.example"
#define CORP "mail.corp.example"
#define BOSS "boss-pc.corp.example"

static void ev(story_t *s, hop_t hop, ev_kind_t kind, const char *proto, const char *from,
	       const char *to, uint32_t session, const char *key, const char *text)
{
	trace_meta_t m = { .hop = hop, .kind = kind, .proto = proto, .from = from, .to = to,
			   .explain = key, .session = session };
	trace_emit(s->t, &m, "%s", text);
}

static const char delivered[] =
	"Return-Path: <smith@isp.example>\r\n"
	"Received: from smtp.isp.example (smtp.isp.example [203.0.113.25])\r\n"
	"\tby mail.corp.example with ESMTP id 42; Mon, 2 Mar 2026 09:00:01 +0000\r\n"
	"Received: from smith-pc.isp.example (smith-pc.isp.example [198.51.100.23])\r\n"
	"\tby smtp.isp.example with ESMTPSA id 41; Mon, 2 Mar 2026 09:00:00 +0000\r\n"
	"From: Smith <smith@isp.example>\r\n"
	"Subject: Progress \x1b[31mreport\r\n"
	"\r\n"
	"Dear boss,\r\n";

/* Event indexes of the story, for the tables below. */
enum {
	E_SEND, E_CONNECT, E_GREET, E_EHLO, E_READY, E_MAIL, E_MAIL_OK, E_RCPT, E_RCPT_OK, E_DATA,
	E_354, E_SUBJECT, E_BLANK, E_STUFFED, E_DOT, E_QUEUED, E_MXQ, E_MXA, E_RELAY_MAIL, E_451,
	E_DELIVER, E_TEACH, E_USER, E_USER_OK, E_TRANS, E_RETR, E_RETR_ERR, E_QUESTION, E__COUNT
};

static story_t *story_new(void)
{
	story_t *s = xcalloc(1, sizeof *s);
	s->t = trace_new(NULL);
	trace_set_viewer(s->t, viewer, s);
	s->view.nbox = 2;
	snprintf(s->view.box[0].addr, sizeof s->view.box[0].addr, "boss@corp.example");
	snprintf(s->view.box[1].addr, sizeof s->view.box[1].addr, "smith@isp.example");
	ev(s, HOP_1, EV_ACTION, "", "", "", 0, "mail:send", "Smith presses Send");
	ev(s, HOP_2, EV_CONNECT, "TCP", PC, ISP, 1, "tcp:connect", "connect to smtp.isp.example:587");
	ev(s, HOP_2, EV_REPLY, "SMTP", ISP, PC, 1, "smtp:220", "220 smtp.isp.example ESMTP");
	ev(s, HOP_2, EV_CMD, "SMTP", PC, ISP, 1, "smtp:EHLO", "EHLO smith-pc.isp.example");
	snprintf(s->view.smtp_submit, sizeof s->view.smtp_submit, "READY");
	ev(s, HOP_2, EV_STATE, "SMTP", ISP, PC, 1, "smtp:state:READY", "READY");
	ev(s, HOP_2, EV_CMD, "SMTP", PC, ISP, 1, "smtp:MAIL", "MAIL FROM:<smith@isp.example>");
	ev(s, HOP_2, EV_REPLY, "SMTP", ISP, PC, 1, "smtp:250", "250 2.1.0 Sender OK");
	ev(s, HOP_2, EV_CMD, "SMTP", PC, ISP, 1, "smtp:RCPT", "RCPT TO:<boss@corp.example>");
	ev(s, HOP_2, EV_REPLY, "SMTP", ISP, PC, 1, "smtp:250", "250 2.1.5 Recipient OK");
	ev(s, HOP_2, EV_CMD, "SMTP", PC, ISP, 1, "smtp:DATA", "DATA");
	ev(s, HOP_2, EV_REPLY, "SMTP", ISP, PC, 1, "smtp:354", "354 End data with <CR><LF>.<CR><LF>");
	ev(s, HOP_2, EV_DATA, "SMTP", PC, ISP, 1, "smtp:data", "Subject: Progress report");
	ev(s, HOP_2, EV_DATA, "SMTP", PC, ISP, 1, "smtp:data", "");
	ev(s, HOP_2, EV_DATA, "SMTP", PC, ISP, 1, "smtp:dot-stuffed", "..a line that began with a dot");
	ev(s, HOP_2, EV_DATA, "SMTP", PC, ISP, 1, "smtp:dot", ".");
	s->view.nqueue = 1;
	snprintf(s->view.queue[0].rcpt, sizeof s->view.queue[0].rcpt, "boss@corp.example");
	snprintf(s->view.queue[0].status, sizeof s->view.queue[0].status, "queued");
	ev(s, HOP_2, EV_REPLY, "SMTP", ISP, PC, 1, "smtp:250", "250 2.0.0 Ok: queued as 41");
	ev(s, HOP_3, EV_DNS_QUERY, "DNS", ISP, NS, 0, "dns:query", "MX corp.example?");
	ev(s, HOP_3, EV_DNS_ANSWER, "DNS", NS, ISP, 0, "dns:MX", "corp.example. MX 10 mail.corp.example.");
	ev(s, HOP_3, EV_CMD, "SMTP", ISP, CORP, 2, "smtp:MAIL", "MAIL FROM:<smith@isp.example>");
	ev(s, HOP_3, EV_REPLY, "SMTP", CORP, ISP, 2, "smtp:451", "451 4.7.1 Greylisted, try again later");
	s->view.nqueue = 0;
	s->view.box[0].count = 1;
	s->view.box[0].octets = 412;
	trace_meta_t dm = { .hop = HOP_4, .kind = EV_DELIVER, .proto = "SMTP", .from = CORP, .to = CORP,
			    .explain = "mail:deliver", .detail = delivered };
	trace_emit(s->t, &dm, "mail.corp.example stores the message in boss@corp.example's mailbox");
	ev(s, HOP_NONE, EV_TEACH, "", "", "", 0, "note:teach", "Count the Received: lines.");
	ev(s, HOP_5A, EV_CMD, "POP3", BOSS, CORP, 3, "pop3:USER", "USER boss");
	ev(s, HOP_5A, EV_REPLY, "POP3", CORP, BOSS, 3, "pop3:+OK", "+OK");
	snprintf(s->view.pop3, sizeof s->view.pop3, "TRANSACTION");
	ev(s, HOP_5A, EV_STATE, "POP3", CORP, BOSS, 3, "pop3:state:TRANSACTION", "TRANSACTION");
	ev(s, HOP_5B, EV_CMD, "POP3", BOSS, CORP, 3, "pop3:RETR", "RETR 9");
	ev(s, HOP_5B, EV_REPLY, "POP3", CORP, BOSS, 3, "pop3:-ERR", "-ERR no such message");
	ev(s, HOP_NONE, EV_QUESTION, "", "", "", 0, "note:question", "Why is the mailbox still full?");
	CU_ASSERT_EQUAL_FATAL(trace_count(s->t), E__COUNT);
	return s;
}

static void story_free(story_t *s)
{
	trace_free(s->t);
	free(s);
}

/* ---- the cursor ------------------------------------------------------ */

static void test_cursor_moves(void)
{
	story_t *s = story_new();
	ui_model_t *m = ui_model_new(s->t);
	CU_ASSERT_EQUAL(ui_model_cursor(m), 0);
	CU_ASSERT_EQUAL(ui_model_step(m, -1), 0);            /* nothing before the first */
	CU_ASSERT(ui_model_step(m, 1) & UI_DIRTY_TRANSCRIPT);
	CU_ASSERT_EQUAL(ui_model_cursor(m), 1);
	ui_model_step(m, -1);
	CU_ASSERT_EQUAL(ui_model_cursor(m), 0);
	CU_ASSERT(ui_model_end(m) != 0);
	CU_ASSERT_EQUAL(ui_model_cursor(m), E__COUNT - 1);
	CU_ASSERT_EQUAL(ui_model_step(m, 1), 0);             /* nothing after the last */
	ui_model_home(m);
	CU_ASSERT_EQUAL(ui_model_cursor(m), 0);
	ui_model_goto(m, 1000);
	CU_ASSERT_EQUAL(ui_model_cursor(m), E__COUNT - 1);
	ui_model_step(m, -100);
	CU_ASSERT_EQUAL(ui_model_cursor(m), 0);
	ui_model_free(m);
	story_free(s);
}

static void test_next_session(void)
{
	static const struct { size_t from; int dir; size_t to; } table[] = {
		{ E_SEND, 1, E_CONNECT },       /* hop 1 -> the submission session */
		{ E_CONNECT, 1, E_MXQ },        /* the whole session 1 is one block */
		{ E_MXQ, 1, E_RELAY_MAIL },
		{ E_RELAY_MAIL, 1, E_DELIVER },
		{ E_DELIVER, 1, E_USER },       /* narration is no block: the note is skipped */
		{ E_USER, 1, E_RETR },          /* same POP3 session, hop 5a -> 5b */
		{ E_RETR, 1, E_QUESTION },      /* no block after: the end */
		{ E_QUESTION, 1, E_QUESTION },  /* the end stays */
		{ E_TEACH, -1, E_DELIVER },
		{ E_RCPT, -1, E_CONNECT },      /* back to the start of its block */
		{ E_CONNECT, -1, E_SEND },
		{ E_RETR, -1, E_USER },
		{ E_SEND, -1, E_SEND },
	};
	story_t *s = story_new();
	ui_model_t *m = ui_model_new(s->t);
	for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
		ui_model_goto(m, table[i].from);
		ui_model_session(m, table[i].dir);
		CU_ASSERT_EQUAL(ui_model_cursor(m), table[i].to);
	}
	ui_model_free(m);
	story_free(s);
}

/* ---- the transcript pane -------------------------------------------- */

static void test_transcript_lines(void)
{
	static const struct { size_t i; int ascii; const char *line; ui_class_t cls; } table[] = {
		{ E_MAIL, 0, "2\u21923 C: MAIL FROM:<smith@isp.example>", UI_CLASS_NONE },
		{ E_MAIL_OK, 0, "3\u21922 S: 250 2.1.0 Sender OK", UI_CLASS_OK },
		{ E_MAIL_OK, 1, "3->2 S: 250 2.1.0 Sender OK", UI_CLASS_OK },
		{ E_354, 1, "3->2 S: 354 End data with <CR><LF>.<CR><LF>", UI_CLASS_MORE },
		{ E_STUFFED, 1, "2->3 C: ..a line that began with a dot", UI_CLASS_NONE },
		{ E_451, 1, "4->3 S: 451 4.7.1 Greylisted, try again later", UI_CLASS_TEMP },
		{ E_USER, 1, "5a->4 C: USER boss", UI_CLASS_NONE },
		{ E_USER_OK, 1, "4->5a S: +OK", UI_CLASS_OK },
		{ E_RETR_ERR, 1, "4->5b S: -ERR no such message", UI_CLASS_FAIL },
		{ E_MXQ, 1, "3->ns dns MX corp.example?", UI_CLASS_NONE },
		{ E_MXA, 1, "ns->3 dns corp.example. MX 10 mail.corp.example.", UI_CLASS_OK },
		{ E_READY, 1, "2-3 state SMTP READY", UI_CLASS_NONE },
		{ E_TRANS, 1, "5a-4 state POP3 TRANSACTION", UI_CLASS_NONE },
		{ E_SEND, 1, "1->2 do Smith presses Send", UI_CLASS_NONE },
		{ E_DELIVER, 1, "4 store mail.corp.example stores the message in boss@corp.example's mailbox",
		  UI_CLASS_OK },
	};
	story_t *s = story_new();
	ui_model_t *m = ui_model_new(s->t);
	strbuf_t text = STRBUF_INIT, full = STRBUF_INIT;
	for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
		ui_line_t l;
		ui_model_set_ascii(m, table[i].ascii);
		ui_model_line(m, table[i].i, &l, &text);
		sb_clear(&full);
		ui_model_line_format(&l, &full);
		CU_ASSERT_STRING_EQUAL(sb_str(&full), table[i].line);
		CU_ASSERT_EQUAL(l.cls, table[i].cls);
	}
	sb_free(&text);
	sb_free(&full);
	ui_model_free(m);
	story_free(s);
}

static void test_control_characters_made_visible(void)
{
	story_t *s = story_new();
	ev(s, HOP_2, EV_CMD, "SMTP", PC, ISP, 1, "smtp:unknown", "HELO \x1b[2Jevil\r");
	ui_model_t *m = ui_model_new(s->t);
	ui_model_set_ascii(m, 1);
	ui_line_t l;
	strbuf_t text = STRBUF_INIT;
	ui_model_line(m, E__COUNT, &l, &text);
	CU_ASSERT_PTR_NULL(strchr(l.text, 0x1b));
	CU_ASSERT_STRING_EQUAL(l.text, "HELO ^[[2Jevil\\r");
	ui_model_end(m);
	ui_token_t tok;
	ui_model_token(m, &tok);
	CU_ASSERT_STRING_EQUAL(tok.label, "HELO ^[[2Jevil\\r");
	sb_free(&text);
	ui_model_free(m);
	story_free(s);
}

/* ---- reply classes and tokens ---------------------------------------- */

static void test_reply_class(void)
{
	static const struct { const char *reply; ui_class_t cls; const char *ascii; } table[] = {
		{ "250 2.1.5 OK", UI_CLASS_OK, "[OK]" },
		{ "354 Go ahead", UI_CLASS_MORE, "[..]" },
		{ "334 VXNlcm5hbWU6", UI_CLASS_MORE, "[..]" },
		{ "451 4.7.1 Greylisted", UI_CLASS_TEMP, "[TEMP]" },
		{ "550 5.1.1 No such user", UI_CLASS_FAIL, "[FAIL]" },
		{ "+OK boss has 1 message", UI_CLASS_OK, "[OK]" },
		{ "-ERR [AUTH] invalid password", UI_CLASS_FAIL, "[FAIL]" },
		{ "+ ", UI_CLASS_MORE, "[..]" },
		{ "hello", UI_CLASS_NONE, "" },
		{ "25", UI_CLASS_NONE, "" },
		{ "", UI_CLASS_NONE, "" },
	};
	for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
		ui_class_t c = ui_model_reply_class(table[i].reply);
		CU_ASSERT_EQUAL(c, table[i].cls);
		CU_ASSERT_STRING_EQUAL(ui_model_class_symbol(c, 1), table[i].ascii);
	}
	/* Colour is never alone: each class has its own symbol in both sets. */
	for (int a = 0; a < UI_CLASS__COUNT; a++)
		for (int b = a + 1; b < UI_CLASS__COUNT; b++)
			for (int ascii = 0; ascii < 2; ascii++)
				CU_ASSERT(strcmp(ui_model_class_symbol((ui_class_t)a, ascii),
						 ui_model_class_symbol((ui_class_t)b, ascii)) != 0);
	CU_ASSERT_STRING_EQUAL(ui_model_class_symbol(UI_CLASS_OK, 0), "\u2713");
	CU_ASSERT_STRING_EQUAL(ui_model_class_symbol(UI_CLASS_FAIL, 0), "\u2717");
}

static void test_token_direction(void)
{
	static const struct { size_t i; ui_node_t from, to; ui_class_t cls; } table[] = {
		{ E_SEND, UI_NODE_SMITH, UI_NODE_CLIENT, UI_CLASS_NONE },
		{ E_MAIL, UI_NODE_CLIENT, UI_NODE_ISP, UI_CLASS_NONE },         /* C: goes right */
		{ E_MAIL_OK, UI_NODE_ISP, UI_NODE_CLIENT, UI_CLASS_OK },        /* S: comes back */
		{ E_SUBJECT, UI_NODE_CLIENT, UI_NODE_ISP, UI_CLASS_NONE },
		{ E_MXQ, UI_NODE_ISP, UI_NODE_DNS, UI_CLASS_NONE },
		{ E_MXA, UI_NODE_DNS, UI_NODE_ISP, UI_CLASS_OK },
		{ E_RELAY_MAIL, UI_NODE_ISP, UI_NODE_CORP, UI_CLASS_NONE },
		{ E_451, UI_NODE_CORP, UI_NODE_ISP, UI_CLASS_TEMP },
		{ E_DELIVER, UI_NODE_CORP, UI_NODE_CORP, UI_CLASS_OK },         /* at the mailbox */
		{ E_USER, UI_NODE_BOSS, UI_NODE_CORP, UI_CLASS_NONE },          /* POP3: 5 -> 4 */
		{ E_USER_OK, UI_NODE_CORP, UI_NODE_BOSS, UI_CLASS_OK },
		{ E_RETR_ERR, UI_NODE_CORP, UI_NODE_BOSS, UI_CLASS_FAIL },
	};
	story_t *s = story_new();
	ui_model_t *m = ui_model_new(s->t);
	for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
		ui_token_t tok;
		ui_model_goto(m, table[i].i);
		ui_model_token(m, &tok);
		CU_ASSERT(tok.visible);
		CU_ASSERT_EQUAL(tok.from, table[i].from);
		CU_ASSERT_EQUAL(tok.to, table[i].to);
		CU_ASSERT_EQUAL(tok.cls, table[i].cls);
		CU_ASSERT_EQUAL(tok.frame, tok.frames);   /* paused: it has arrived */
		CU_ASSERT_STRING_EQUAL(tok.label, trace_get(s->t, table[i].i)->text);
	}
	ui_token_t tok;
	ui_model_goto(m, E_TEACH);
	ui_model_token(m, &tok);
	CU_ASSERT_FALSE(tok.visible);                 /* a note travels nowhere */
	ui_model_free(m);
	story_free(s);
}

/* ---- the state and explain panes -------------------------------------- */

/* The row of that label (queue items, labelled by recipient, come second). */
static const ui_srow_t *row(const ui_state_t *st, const char *label)
{
	for (int i = 0; i < st->n; i++)
		if (strcmp(st->row[i].label, label) == 0 && st->row[i].kind != UI_SROW_QITEM)
			return &st->row[i];
	return NULL;
}

static void test_state_pane(void)
{
	static const struct { size_t i; const char *label, *value; int changed; } table[] = {
		{ E_EHLO, "SMTP 2->3", "-", 0 },
		{ E_READY, "SMTP 2->3", "READY", 1 },
		{ E_MAIL, "SMTP 2->3", "READY", 0 },
		{ E_MAIL, "ISP queue", "empty", 0 },
		{ E_QUEUED, "ISP queue", "1 message", 1 },
		{ E_QUEUED, "boss@corp.example", "0 messages, 0 octets", 0 },
		{ E_DOT, "ISP queue", "empty", 0 },
		{ E_DELIVER, "boss@corp.example", "1 message, 412 octets", 1 },
		{ E_DELIVER, "ISP queue", "empty", 1 },
		{ E_USER_OK, "POP3", "oAUTHORIZATION oTRANSACTION oUPDATE", 0 },
		{ E_TRANS, "POP3", "oAUTHORIZATION *TRANSACTION oUPDATE", 1 },
	};
	story_t *s = story_new();
	ui_model_t *m = ui_model_new(s->t);
	ui_model_set_ascii(m, 1);
	for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
		ui_state_t st;
		ui_model_goto(m, table[i].i);
		ui_model_state(m, &st);
		const ui_srow_t *r = row(&st, table[i].label);
		CU_ASSERT_PTR_NOT_NULL_FATAL(r);
		CU_ASSERT_STRING_EQUAL(r->value, table[i].value);
		CU_ASSERT_EQUAL(r->changed, table[i].changed);
	}
	ui_state_t st;
	ui_model_set_ascii(m, 0);
	ui_model_goto(m, E_TRANS);
	ui_model_state(m, &st);
	CU_ASSERT_STRING_EQUAL(row(&st, "POP3")->value,
			       "\u25cbAUTHORIZATION \u25cfTRANSACTION \u25cbUPDATE");
	CU_ASSERT_PTR_NOT_NULL(row(&st, "SMTP 2\u21923"));
	ui_model_free(m);
	story_free(s);
}

/* A step back restores exactly what every pane showed. */
static void test_step_back_restores(void)
{
	story_t *s = story_new();
	ui_model_t *m = ui_model_new(s->t);
	for (size_t k = 0; k + 1 < E__COUNT; k++) {
		ui_state_t a, b;
		ui_token_t ta, tb;
		ui_explain_t ea, eb;
		ui_model_goto(m, k);
		ui_model_state(m, &a);
		ui_model_token(m, &ta);
		ui_model_explain(m, &ea);
		strbuf_t sa = STRBUF_INIT;
		sb_puts(&sa, ea.text);
		ui_model_step(m, 1);
		ui_model_step(m, -1);
		ui_model_state(m, &b);
		ui_model_token(m, &tb);
		ui_model_explain(m, &eb);
		CU_ASSERT_EQUAL(ui_model_cursor(m), k);
		CU_ASSERT(memcmp(&a, &b, sizeof a) == 0);
		CU_ASSERT(memcmp(&ta, &tb, sizeof ta) == 0);
		CU_ASSERT_STRING_EQUAL(sb_str(&sa), eb.text);
		sb_free(&sa);
	}
	ui_model_free(m);
	story_free(s);
}

static void test_explain_pane(void)
{
	story_t *s = story_new();
	ui_model_t *m = ui_model_new(s->t);
	ui_explain_t e;
	ui_model_goto(m, E_TEACH);
	ui_model_explain(m, &e);
	CU_ASSERT_EQUAL(e.kind, UI_EXPLAIN_TEACH);
	CU_ASSERT_STRING_EQUAL(e.text, "Count the Received: lines.");
	ui_model_goto(m, E_QUESTION);
	ui_model_explain(m, &e);
	CU_ASSERT_EQUAL(e.kind, UI_EXPLAIN_QUESTION);
	CU_ASSERT_STRING_EQUAL(e.text, "Why is the mailbox still full?");
	/* A command shows its teaching text, with its RFC section. */
	ui_model_goto(m, E_RCPT);
	ui_model_explain(m, &e);
	const explain_t *x = explain_find("smtp:RCPT");
	CU_ASSERT_PTR_NOT_NULL_FATAL(x);
	CU_ASSERT_EQUAL(e.kind, UI_EXPLAIN_TOPIC);
	CU_ASSERT_PTR_EQUAL(e.text, x->text);
	CU_ASSERT(strstr(e.rfc, "RFC 5321") != NULL);
	/* A key nobody explains still says what it is, never crashes. */
	ev(s, HOP_2, EV_CMD, "SMTP", PC, ISP, 1, "smtp:NO-SUCH-KEY", "XYZZY");
	ui_model_end(m);
	ui_model_explain(m, &e);
	CU_ASSERT_EQUAL(e.kind, UI_EXPLAIN_NONE);
	CU_ASSERT_STRING_EQUAL(e.title, "smtp:NO-SUCH-KEY");
	ui_model_free(m);
	story_free(s);
}

/* ---- the message inspector -------------------------------------------- */

static const ui_mline_t *mfind(const ui_message_t *msg, const char *prefix)
{
	for (size_t i = 0; i < msg->n; i++)
		if (strncmp(msg->lines[i].text, prefix, strlen(prefix)) == 0)
			return &msg->lines[i];
	return NULL;
}

static void test_message_in_flight(void)
{
	story_t *s = story_new();
	ui_model_t *m = ui_model_new(s->t);
	const ui_message_t *msg = ui_model_message(m);
	CU_ASSERT_STRING_EQUAL(msg->title, "");      /* nothing sent yet */
	CU_ASSERT_EQUAL(msg->n, 0);
	ui_model_goto(m, E_STUFFED);
	msg = ui_model_message(m);
	CU_ASSERT(strstr(msg->title, "so far") != NULL);
	CU_ASSERT_EQUAL(mfind(msg, "MAIL FROM:<smith@isp.example>")->kind, UI_M_ENVELOPE);
	CU_ASSERT_EQUAL(mfind(msg, "RCPT TO:<boss@corp.example>")->kind, UI_M_ENVELOPE);
	CU_ASSERT_EQUAL(mfind(msg, "Subject: Progress report")->kind, UI_M_HEADER);
	/* RFC 5321 4.5.2: the reader sees the line without the stuffed dot. */
	CU_ASSERT_EQUAL(mfind(msg, ".a line that began with a dot")->kind, UI_M_BODY);
	CU_ASSERT_PTR_NULL(mfind(msg, ".."));
	ui_model_goto(m, E_QUEUED);
	msg = ui_model_message(m);
	CU_ASSERT(strstr(msg->title, "complete") != NULL);
	ui_model_free(m);
	story_free(s);
}

static void test_message_delivered(void)
{
	story_t *s = story_new();
	ui_model_t *m = ui_model_new(s->t);
	ui_model_set_ascii(m, 1);
	ui_model_goto(m, E_TEACH);               /* the latest delivery before the cursor */
	const ui_message_t *msg = ui_model_message(m);
	CU_ASSERT(strstr(msg->title, "mail.corp.example") != NULL);
	const ui_mline_t *rp = mfind(msg, "Return-Path:");
	CU_ASSERT_PTR_NOT_NULL_FATAL(rp);
	CU_ASSERT(strstr(rp->note, "final delivery by 4 mail.corp.example") != NULL);
	/* Each Received: line says which hop added it: the newest is on top. */
	const ui_mline_t *r1 = mfind(msg, "Received: from smtp.isp.example");
	const ui_mline_t *r2 = mfind(msg, "Received: from smith-pc.isp.example");
	CU_ASSERT_PTR_NOT_NULL_FATAL(r1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(r2);
	CU_ASSERT_EQUAL(r1->kind, UI_M_TRACE);
	CU_ASSERT_STRING_EQUAL(r1->note, "added by 4 mail.corp.example on receipt from 3 smtp.isp.example");
	CU_ASSERT_STRING_EQUAL(r2->note, "added by 3 smtp.isp.example on receipt from 2 smith-pc.isp.example");
	CU_ASSERT(r1 < r2);
	/* The envelope came from the relay session (3->4), not the headers. */
	CU_ASSERT_PTR_NOT_NULL(mfind(msg, "MAIL FROM:<smith@isp.example>"));
	/* Escape sequences in a message never reach the terminal raw. */
	const ui_mline_t *subj = mfind(msg, "Subject:");
	CU_ASSERT_PTR_NOT_NULL_FATAL(subj);
	CU_ASSERT_STRING_EQUAL(subj->text, "Subject: Progress ^[[31mreport");
	CU_ASSERT_EQUAL(mfind(msg, "Dear boss,")->kind, UI_M_BODY);
	ui_model_free(m);
	story_free(s);
}

/* ---- playing and live mode ------------------------------------------- */

static void test_play(void)
{
	story_t *s = story_new();
	ui_model_t *m = ui_model_new(s->t);
	CU_ASSERT_EQUAL(ui_model_frame_ms(m), -1);    /* paused: block on the keyboard */
	CU_ASSERT_EQUAL(ui_model_tick(m), 0);
	ui_model_play(m, 1);
	CU_ASSERT(ui_model_frame_ms(m) > 0);
	int ticks = 0;
	while (ui_model_cursor(m) == 0 && ticks < 10000) {
		ui_model_tick(m);
		ticks++;
	}
	CU_ASSERT_EQUAL(ui_model_cursor(m), 1);
	/* Faster means fewer frames for the same event. */
	ui_model_speed(m, 2);
	CU_ASSERT_STRING_EQUAL(ui_model_speed_label(m), "4x");
	int fast = 0;
	while (ui_model_cursor(m) == 1 && fast < 10000) {
		ui_model_tick(m);
		fast++;
	}
	CU_ASSERT(fast < ticks);
	for (int i = 0; i < 20; i++)
		ui_model_speed(m, 1);
	CU_ASSERT_STRING_EQUAL(ui_model_speed_label(m), "16x");
	/* Playing stops at a question, for the class to think. */
	for (int i = 0; i < 100000 && ui_model_playing(m); i++)
		ui_model_tick(m);
	CU_ASSERT_EQUAL(ui_model_cursor(m), E_QUESTION);
	CU_ASSERT_FALSE(ui_model_playing(m));
	/* Play at the end starts again from the first event. */
	ui_model_play(m, 1);
	CU_ASSERT_EQUAL(ui_model_cursor(m), 0);
	ui_model_toggle_play(m);
	CU_ASSERT_FALSE(ui_model_playing(m));
	ui_model_free(m);
	story_free(s);
}

static void test_token_travels(void)
{
	story_t *s = story_new();
	ui_model_t *m = ui_model_new(s->t);
	ui_model_goto(m, E_MAIL - 1);
	ui_model_play(m, 1);
	while (ui_model_cursor(m) != E_MAIL)
		ui_model_tick(m);
	ui_token_t a, b;
	ui_model_token(m, &a);
	CU_ASSERT_EQUAL(a.frame, 0);                 /* sets off from the client */
	unsigned dirty = 0;
	for (int i = 0; i < 8; i++)
		dirty |= ui_model_tick(m);
	ui_model_token(m, &b);
	CU_ASSERT(b.frame > a.frame);
	CU_ASSERT(dirty & UI_DIRTY_PATH);
	ui_model_free(m);
	story_free(s);
}

static void test_live_follow(void)
{
	story_t *s = story_new();
	ui_model_t *m = ui_model_new(s->t);
	CU_ASSERT_EQUAL(ui_model_refresh(m), 0);
	ev(s, HOP_2, EV_CMD, "SMTP", PC, ISP, 4, "smtp:NOOP", "NOOP");
	CU_ASSERT(ui_model_refresh(m) & UI_DIRTY_TITLE);
	CU_ASSERT_EQUAL(ui_model_cursor(m), 0);       /* not following: stays */
	ui_model_set_follow(m, 1);
	CU_ASSERT_EQUAL(ui_model_cursor(m), E__COUNT);
	ev(s, HOP_2, EV_REPLY, "SMTP", ISP, PC, 4, "smtp:250", "250 2.0.0 OK");
	ui_model_refresh(m);
	CU_ASSERT_EQUAL(ui_model_cursor(m), E__COUNT + 1);
	ui_model_step(m, -1);                         /* looking back stops following */
	CU_ASSERT_FALSE(ui_model_following(m));
	ui_model_end(m);
	CU_ASSERT(ui_model_following(m));
	ui_model_free(m);
	story_free(s);
}

static void test_rerun_keeps_cursor(void)
{
	story_t *s = story_new(), *s2 = story_new();
	ui_model_t *m = ui_model_new(s->t);
	ui_model_goto(m, E_RCPT);
	CU_ASSERT(ui_model_set_trace(m, s2->t) & UI_DIRTY_TRANSCRIPT);
	CU_ASSERT_EQUAL(ui_model_cursor(m), E_RCPT);
	CU_ASSERT_PTR_EQUAL(ui_model_event(m), trace_get(s2->t, E_RCPT));
	trace_t *empty = trace_new(NULL);
	ui_model_set_trace(m, empty);
	CU_ASSERT_PTR_NULL(ui_model_event(m));
	ui_token_t tok;
	ui_model_token(m, &tok);
	CU_ASSERT_FALSE(tok.visible);
	CU_ASSERT_EQUAL(ui_model_play(m, 1), 0);
	ui_model_free(m);
	trace_free(empty);
	story_free(s);
	story_free(s2);
}

/* ---- the key table --------------------------------------------------- */

static void test_key_table(void)
{
	static const struct { int key; ui_action_t action; } table[] = {
		{ ' ', UI_ACT_PLAY },         { 'n', UI_ACT_FORWARD },     { KEY_RIGHT, UI_ACT_FORWARD },
		{ KEY_NPAGE, UI_ACT_PAGE_DOWN }, { 'p', UI_ACT_BACK },    { KEY_LEFT, UI_ACT_BACK },
		{ KEY_PPAGE, UI_ACT_PAGE_UP }, { ']', UI_ACT_NEXT_BLOCK }, { '[', UI_ACT_PREV_BLOCK },
		{ KEY_HOME, UI_ACT_HOME },    { KEY_END, UI_ACT_END },     { '+', UI_ACT_FASTER },
		{ '-', UI_ACT_SLOWER },       { 'f', UI_ACT_FAULTS },      { 'm', UI_ACT_MESSAGE },
		{ 's', UI_ACT_SCENARIOS },    { '?', UI_ACT_HELP },        { 'q', UI_ACT_QUIT },
		{ 27, UI_ACT_CLOSE },         { '\n', UI_ACT_PICK },
		/* unknown keys do nothing */
		{ 'x', UI_ACT_NONE },         { 'Q', UI_ACT_NONE },        { 0, UI_ACT_NONE },
		{ -1, UI_ACT_NONE },          { KEY_F(12), UI_ACT_NONE },  { 0x7fffffff, UI_ACT_NONE },
	};
	for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
		CU_ASSERT_EQUAL(ui_keys_action(table[i].key), table[i].action);
	/* Every action has a key and a help line: the help overlay lists them all. */
	for (int a = UI_ACT_NONE + 1; a < UI_ACT__COUNT; a++) {
		int found = 0;
		for (size_t k = 0; k < ui_keys_count(); k++)
			found |= ui_keys_at(k)->action == (ui_action_t)a;
		CU_ASSERT(found);
		CU_ASSERT(strlen(ui_keys_help((ui_action_t)a)) > 0);
	}
}

static void test_key_actions(void)
{
	story_t *s = story_new();
	ui_model_t *m = ui_model_new(s->t);
	ui_ctl_t c;
	ui_keys_ctl_init(&c, m);
	CU_ASSERT(ui_keys_press(&c, 'n') & UI_DIRTY_TRANSCRIPT);
	CU_ASSERT_EQUAL(ui_model_cursor(m), 1);
	CU_ASSERT_EQUAL(ui_keys_press(&c, 'x'), 0);
	CU_ASSERT_EQUAL(ui_model_cursor(m), 1);
	ui_keys_press(&c, KEY_NPAGE);
	CU_ASSERT_EQUAL(ui_model_cursor(m), 2);
	ui_keys_press(&c, ']');
	CU_ASSERT_EQUAL(ui_model_cursor(m), E_MXQ);
	ui_keys_press(&c, KEY_LEFT);
	CU_ASSERT_EQUAL(ui_model_cursor(m), E_MXQ - 1);
	ui_keys_press(&c, ' ');
	CU_ASSERT(ui_model_playing(m));
	/* An overlay pauses; its keys move in it, not on the path. */
	ui_keys_press(&c, '?');
	CU_ASSERT_EQUAL(c.overlay, UI_OV_HELP);
	CU_ASSERT_FALSE(ui_model_playing(m));
	size_t at = ui_model_cursor(m);
	ui_keys_press(&c, 'n');
	CU_ASSERT_EQUAL(ui_model_cursor(m), at);
	ui_keys_press(&c, 27);
	CU_ASSERT_EQUAL(c.overlay, UI_OV_NONE);
	CU_ASSERT_FALSE(c.quit);                       /* Esc closes the window first */
	/* The fault menu: every fault, then "clear"; Enter asks for a re-run. */
	ui_keys_press(&c, 'f');
	CU_ASSERT_EQUAL(c.overlay, UI_OV_FAULTS);
	CU_ASSERT_EQUAL(c.nitems, FAULT__COUNT + 1);
	ui_keys_press(&c, KEY_DOWN);
	ui_keys_press(&c, KEY_DOWN);
	ui_keys_press(&c, KEY_UP);
	ui_keys_press(&c, '\n');
	CU_ASSERT_EQUAL(c.overlay, UI_OV_NONE);
	CU_ASSERT_EQUAL(c.request, UI_REQ_FAULT);
	CU_ASSERT_EQUAL(c.request_arg, 1);
	ui_keys_press(&c, 'f');
	ui_keys_press(&c, KEY_END);
	CU_ASSERT_EQUAL(c.sel, FAULT__COUNT);
	ui_keys_press(&c, 'f');                        /* the same key closes it */
	CU_ASSERT_EQUAL(c.overlay, UI_OV_NONE);
	/* The message inspector scrolls, and stops at the last page. */
	ui_model_goto(m, E_DELIVER);
	ui_keys_press(&c, 'm');
	CU_ASSERT_EQUAL(c.overlay, UI_OV_MESSAGE);
	CU_ASSERT(c.nitems > 5);
	c.page = 4;
	ui_keys_press(&c, KEY_END);
	CU_ASSERT_EQUAL(c.sel, c.nitems - 4);
	ui_keys_press(&c, KEY_DOWN);
	CU_ASSERT_EQUAL(c.sel, c.nitems - 4);
	ui_keys_press(&c, KEY_HOME);
	CU_ASSERT_EQUAL(c.sel, 0);
	CU_ASSERT_FALSE(c.quit);
	ui_keys_press(&c, 'q');                        /* q quits, even from a window */
	CU_ASSERT(c.quit);
	c.quit = 0;
	ui_keys_press(&c, 27);                         /* Esc closes the window first, */
	CU_ASSERT_EQUAL(c.overlay, UI_OV_NONE);
	CU_ASSERT_FALSE(c.quit);
	ui_keys_press(&c, 27);                         /* then quits */
	CU_ASSERT(c.quit);
	ui_model_free(m);
	story_free(s);
}

CU_TestInfo ui_model_tests[] = {
	{ "cursor moves", test_cursor_moves },
	{ "] and [ jump between sessions and hops", test_next_session },
	{ "transcript lines", test_transcript_lines },
	{ "control characters made visible", test_control_characters_made_visible },
	{ "reply classes and symbols", test_reply_class },
	{ "token direction", test_token_direction },
	{ "state pane", test_state_pane },
	{ "a step back restores every pane", test_step_back_restores },
	{ "explain pane", test_explain_pane },
	{ "message in flight", test_message_in_flight },
	{ "message delivered", test_message_delivered },
	{ "play, speed, stop at a question", test_play },
	{ "token travels while playing", test_token_travels },
	{ "live trace with follow", test_live_follow },
	{ "a re-run keeps the cursor", test_rerun_keeps_cursor },
	{ "key table", test_key_table },
	{ "key actions", test_key_actions },
	CU_TEST_INFO_NULL,
};
