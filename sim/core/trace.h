/* trace.h — the single source of truth of a run.
 *
 * Every command, reply, state change, DNS query, queue decision, delivery and
 * fault becomes one event: time, hop (1, 2, 3, 4, 5a, 5b), from-node, to-node,
 * kind, the exact protocol text and a key into the explanations. The UI, the
 * text renderer, the exports and the tests all read the same trace.
 *
 * Alongside the events the trace keeps "views": small snapshots of the world
 * (session states, queue, mailboxes) so that a reader at event k can show the
 * world as it was then. A view is stored only when it differs from the last. */
#ifndef MP_TRACE_H
#define MP_TRACE_H

#include <stddef.h>
#include <stdint.h>

typedef enum hop {
	HOP_NONE = 0,
	HOP_1,      /* Smith's own actions */
	HOP_2,      /* Smith's client -> ISP SMTP host (submission) */
	HOP_3,      /* ISP host: DNS lookup and relay to the corporate host */
	HOP_4,      /* corporate host: final delivery into the mailbox */
	HOP_5A,     /* POP3: login and retrieval */
	HOP_5B,     /* POP3: DELE, QUIT and UPDATE */
	HOP__COUNT
} hop_t;

typedef enum ev_kind {
	EV_NOTE,        /* narration */
	EV_ACTION,      /* a person acts: Smith writes, presses Send; boss checks mail */
	EV_CONNECT,     /* a TCP connection is attempted */
	EV_ACCEPT,      /* ... and established */
	EV_REFUSED,     /* ... refused or timed out */
	EV_CLOSE,       /* closed in order */
	EV_ABORT,       /* connection lost */
	EV_CMD,         /* a client's protocol line (C:) */
	EV_REPLY,       /* a server's protocol line (S:) */
	EV_DATA,        /* a line of message content (inside DATA, RETR, TOP) */
	EV_STATE,       /* a protocol state change; text is the new state's name */
	EV_DNS_QUERY,
	EV_DNS_ANSWER,
	EV_QUEUE,       /* a queue decision: queued, deferred, retry, expired */
	EV_DELIVER,     /* stored in a mailbox; detail holds the stored message */
	EV_BOUNCE,      /* a delivery status notification was generated */
	EV_FAULT,       /* a fault took effect */
	EV_TEACH,       /* a scenario's teaching note */
	EV_QUESTION,    /* a scenario's question for students */
	EV_EXPECT,      /* an expectation checked at the end: text says held / FAILED */
	EV_TLS,         /* a step of a (simulated) TLS handshake: ClientHello, ServerHello, Finished */
	EV__COUNT
} ev_kind_t;

typedef struct trace_event {
	uint32_t index;
	int64_t t_us;
	hop_t hop;
	ev_kind_t kind;
	const char *proto;      /* "SMTP", "POP3", "DNS", "TCP" or "" (static) */
	char *from;             /* full host name, or "" */
	char *to;               /* full host name, or "" */
	char *text;             /* one protocol line without CRLF, or a note */
	const char *explain;    /* topic for explain_find(): "smtp:RCPT", "pop3:UPDATE" (static) */
	uint32_t session;       /* connection number, 0 when none */
	char *detail;           /* optional longer text (a whole message), or NULL */
	uint32_t view;          /* index of the world view after this event */
	int tls;                /* 1: the line travelled inside TLS (an observer sees a record) */
} trace_event_t;

#define VIEW_QUEUE_MAX 8
#define VIEW_BOX_MAX 8
#define VIEW_BELIEF_MAX 72

/* The sessions the view follows: the latest of each. */
typedef enum view_session {
	VIEW_SUBMIT,            /* SMTP 2->3: Smith's client and the ISP host */
	VIEW_RELAY,             /* SMTP 3->4: the ISP's relay client and the next MX */
	VIEW_POP3,              /* POP3: a mail reader and its server */
	VIEW__SESSIONS
} view_session_t;

/* What each end of a session believes, in a sentence ("sent the final dot,
 * waiting for the reply" / "message stored, 250 sent"); "" when unknown. */
typedef struct view_belief {
	char client[VIEW_BELIEF_MAX];
	char server[VIEW_BELIEF_MAX];
} view_belief_t;

typedef struct world_view {
	char smtp_submit[16];   /* state of the latest 2->3 SMTP session, "" if none */
	char smtp_relay[16];    /* state of the latest 3->4 SMTP session, "" if none */
	char pop3[16];          /* state of the latest POP3 session, "" if none */
	int nqueue;             /* messages in the ISP queue (the first VIEW_QUEUE_MAX listed) */
	struct {
		char id[16];
		char rcpt[64];
		char status[48];    /* "queued", "deferred: 451 4.7.1 ...", "retry at +5m00s" */
	} queue[VIEW_QUEUE_MAX];
	int nbox;
	struct {
		char addr[64];
		int count;
		long octets;
	} box[VIEW_BOX_MAX];
	view_belief_t belief[VIEW__SESSIONS];
} world_view_t;

typedef struct trace trace_t;
struct sched;

typedef struct trace_meta {
	hop_t hop;
	ev_kind_t kind;
	const char *proto;      /* static string or NULL (= "") */
	const char *from;       /* NULL = "" */
	const char *to;         /* NULL = "" */
	const char *explain;    /* static string or NULL (= "") */
	uint32_t session;
	const char *detail;     /* copied; NULL for none */
	int tls;                /* carried inside TLS */
} trace_meta_t;

typedef void (*trace_subscriber_fn)(void *ctx, const trace_event_t *ev);
typedef void (*trace_viewer_fn)(void *ctx, world_view_t *view);
typedef uint64_t (*trace_stamp_fn)(void *ctx);

trace_t *trace_new(const struct sched *clock);
void trace_free(trace_t *t);

/* Append an event stamped with the clock's time. Strings are copied. */
const trace_event_t *trace_emit(trace_t *t, const trace_meta_t *m, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
const trace_event_t *trace_emit_text(trace_t *t, const trace_meta_t *m, const char *text, size_t len);

size_t trace_count(const trace_t *t);     /* events appended (dropped ones included) */
const trace_event_t *trace_get(const trace_t *t, size_t i);   /* NULL when out of range or dropped */
/* A window: keep about the newest `events` events (whole chunks of 1024 are
 * dropped, oldest first, with their views); 0 keeps everything (the default). */
void trace_set_window(trace_t *t, size_t events);
size_t trace_first(const trace_t *t);     /* the oldest event still held */
size_t trace_bytes(const trace_t *t);     /* memory held by events and views */

/* Subscribers receive every new event after it is appended (at most 8). */
void trace_subscribe(trace_t *t, trace_subscriber_fn fn, void *ctx);
/* The viewer fills a world_view after each event (one per trace). */
void trace_set_viewer(trace_t *t, trace_viewer_fn fn, void *ctx);
/* Optional: a number that changes whenever the view would (a sum of change
 * counters). While it stays the same the viewer is not asked again. */
void trace_set_view_stamp(trace_t *t, trace_stamp_fn fn, void *ctx);
size_t trace_view_count(const trace_t *t);
/* A zeroed view when none (or dropped). The pointer stays valid until a few
 * more calls (VIEWLOG_CACHE in core/viewlog.h): read it, do not keep it. */
const world_view_t *trace_view(const trace_t *t, size_t i);

const char *hop_label(hop_t h);          /* "", "1", "2", "3", "4", "5a", "5b" */
int hop_parse(const char *s, hop_t *out); /* 0 ok, -1 unknown; any case; "" is HOP_NONE */
const char *ev_kind_name(ev_kind_t k);   /* "note", "cmd", "reply", ... (JSON "kind") */
/* The session of the view an event belongs to: POP3 -> VIEW_POP3, SMTP at
 * hop 2 -> VIEW_SUBMIT, other SMTP -> VIEW_RELAY; -1 for the rest. */
int view_session_of(const trace_event_t *ev);

#endif
