/* ui_model.h — what the animated path shows, without a terminal.
 *
 * The model reads a trace (it never reaches into the simulator) and keeps a
 * cursor on one event, whether the animation plays, its speed and the frame
 * of the token in flight. Everything a pane shows at event k is a pure
 * function of (trace, k): stepping back recomputes and restores the previous
 * screen exactly. The trace may grow while it is shown (live mode): with
 * "follow" on, the cursor stays on the newest event.
 *
 * Every action returns the set of panes it made dirty (UI_DIRTY_*). */
#ifndef MP_UI_MODEL_H
#define MP_UI_MODEL_H

#include <stddef.h>

#include "core/trace.h"
#include "core/util.h"

enum {
	UI_DIRTY_TITLE = 1u << 0,
	UI_DIRTY_PATH = 1u << 1,
	UI_DIRTY_TRANSCRIPT = 1u << 2,
	UI_DIRTY_STATE = 1u << 3,
	UI_DIRTY_EXPLAIN = 1u << 4,
	UI_DIRTY_STATUS = 1u << 5,
	UI_DIRTY_OVERLAY = 1u << 6,
	UI_DIRTY_LAYOUT = 1u << 7,      /* windows must be rebuilt (resize) */
	UI_DIRTY_EVENT = 0x3F,          /* everything that follows the cursor */
	UI_DIRTY_ALL = 0xFF,
};

/* The places of the path; a token travels between two of them. */
typedef enum ui_node {
	UI_NODE_NONE = 0,
	UI_NODE_SMITH,      /* 1 */
	UI_NODE_CLIENT,     /* 2: smith-pc.isp.example */
	UI_NODE_ISP,        /* 3: smtp.isp.example */
	UI_NODE_CORP,       /* 4: mail.corp.example */
	UI_NODE_BOSS,       /* 5a/5b: boss-pc.corp.example */
	UI_NODE_DNS,        /* the ISP's resolver, ns.isp.example */
	UI_NODE__COUNT
} ui_node_t;

/* Reply classes, told apart by colour and by symbol. */
typedef enum ui_class {
	UI_CLASS_NONE = 0,
	UI_CLASS_OK,        /* 2xx, +OK */
	UI_CLASS_MORE,      /* 3xx, POP3 "+ " continuation */
	UI_CLASS_TEMP,      /* 4xx: try again later */
	UI_CLASS_FAIL,      /* 5xx, -ERR */
	UI_CLASS__COUNT
} ui_class_t;

typedef struct ui_model ui_model_t;

/* One transcript line: "2→3 C: MAIL FROM:<smith@isp.example>". */
typedef struct ui_line {
	size_t index;
	ev_kind_t kind;
	ui_class_t cls;
	char hops[24];          /* "2→3", "4→5a", "3" */
	const char *tag;        /* "C:", "S:", "tcp", "dns", "state", ... (ASCII) */
	const char *text;       /* visible text (points into the caller's strbuf) */
} ui_line_t;

/* The token at the cursor. from == to: something happens at one place. */
typedef struct ui_token {
	int visible;
	ui_node_t from, to;
	ui_class_t cls;
	ev_kind_t kind;
	char hops[24];          /* "2→3", as in the transcript */
	char label[128];        /* visible, possibly cut */
	int frame, frames;      /* travel progress: frame/frames, frames > 0 */
} ui_token_t;

/* One row of the state pane. */
typedef enum ui_srow_kind {
	UI_SROW_SMTP, UI_SROW_POP3, UI_SROW_QUEUE, UI_SROW_QITEM, UI_SROW_BOXES, UI_SROW_BOX,
	UI_SROW_BELIEF,         /* what one end of the session at hand believes */
} ui_srow_kind_t;

typedef struct ui_srow {
	ui_srow_kind_t kind;
	char label[64];         /* "SMTP 2→3", "POP3", "ISP queue", "boss@corp.example", "client" */
	char value[96];         /* "MAIL", "○AUTHORIZATION ●TRANSACTION ○UPDATE", "1 message" */
	char brief[96];         /* a shorter value for narrow panes */
	int active;             /* a session is open / the mailbox holds mail */
	int changed;            /* differs from the previous event's view */
} ui_srow_t;

#define UI_SROW_MAX 24

typedef struct ui_state {
	int n;
	ui_srow_t row[UI_SROW_MAX];
} ui_state_t;

typedef enum ui_explain_kind {
	UI_EXPLAIN_NONE, UI_EXPLAIN_TOPIC, UI_EXPLAIN_TEACH, UI_EXPLAIN_QUESTION,
} ui_explain_kind_t;

typedef struct ui_explain {
	ui_explain_kind_t kind;
	const char *title;
	const char *text;
	const char *rfc;        /* "" when none */
} ui_explain_t;

/* The message inspector's lines. */
typedef enum ui_mline_kind {
	UI_M_SECTION,       /* "Envelope (RFC 5321)" */
	UI_M_ENVELOPE,      /* "MAIL FROM:<smith@isp.example>" */
	UI_M_TRACE,         /* Received: / Return-Path:, with the hop that added it */
	UI_M_HEADER,
	UI_M_BODY,
} ui_mline_kind_t;

typedef struct ui_mline {
	ui_mline_kind_t kind;
	char *text;         /* visible */
	char *note;         /* "added by 3 smtp.isp.example", or NULL */
} ui_mline_t;

typedef struct ui_message {
	char title[160];    /* "" when there is no message yet */
	size_t n;
	ui_mline_t *lines;
} ui_message_t;

ui_model_t *ui_model_new(const trace_t *t);
void ui_model_free(ui_model_t *m);
/* A new run of the same scenario: keeps the cursor index (clamped). */
unsigned ui_model_set_trace(ui_model_t *m, const trace_t *t);
const trace_t *ui_model_trace(const ui_model_t *m);
void ui_model_set_ascii(ui_model_t *m, int ascii);
int ui_model_ascii(const ui_model_t *m);

/* The cursor. Moves return the dirty panes (0: nothing moved). */
size_t ui_model_count(const ui_model_t *m);
size_t ui_model_cursor(const ui_model_t *m);
const trace_event_t *ui_model_event(const ui_model_t *m);   /* NULL when empty */
unsigned ui_model_goto(ui_model_t *m, size_t i);
unsigned ui_model_step(ui_model_t *m, int delta);
unsigned ui_model_session(ui_model_t *m, int dir);          /* ] and [ */
unsigned ui_model_home(ui_model_t *m);
unsigned ui_model_end(ui_model_t *m);

/* Playing. ui_model_frame_ms says how long to wait for the next frame
 * (-1: paused, block on the keyboard); ui_model_tick advances one frame. */
unsigned ui_model_play(ui_model_t *m, int on);
unsigned ui_model_toggle_play(ui_model_t *m);
int ui_model_playing(const ui_model_t *m);
unsigned ui_model_speed(ui_model_t *m, int delta);
const char *ui_model_speed_label(const ui_model_t *m);      /* "1x" */
int ui_model_frame_ms(const ui_model_t *m);
unsigned ui_model_tick(ui_model_t *m);

/* Quiz: the cursor never moves forward onto event i or beyond (SIZE_MAX:
 * no barrier); a move or a tick that would is cut short, stops playing and
 * leaves a flag that ui_model_take_blocked returns (and clears). */
void ui_model_set_barrier(ui_model_t *m, size_t i);
int ui_model_take_blocked(ui_model_t *m);

/* Live mode: the trace grew; with follow on, the cursor goes to the end. */
void ui_model_set_follow(ui_model_t *m, int on);
int ui_model_following(const ui_model_t *m);
unsigned ui_model_refresh(ui_model_t *m);
/* 1 once after a step went back past the trace's window (older events dropped). */
int ui_model_take_clipped(ui_model_t *m);

/* What the panes show. */
ui_class_t ui_model_reply_class(const char *text);
const char *ui_model_class_symbol(ui_class_t c, int ascii);       /* "✓" / "[OK]" */
const char *ui_model_node_label(ui_node_t n, hop_t hop);          /* "3", "5a", "ns" */
void ui_model_endpoints(const trace_event_t *ev, ui_node_t *from, ui_node_t *to);
void ui_model_line(const ui_model_t *m, size_t i, ui_line_t *out, strbuf_t *text);
void ui_model_line_format(const ui_line_t *l, strbuf_t *out);     /* "2→3 C: text" */
void ui_model_token(const ui_model_t *m, ui_token_t *out);
const world_view_t *ui_model_view(const ui_model_t *m);
void ui_model_state(const ui_model_t *m, ui_state_t *out);
void ui_model_explain(ui_model_t *m, ui_explain_t *out);
/* The message of the latest delivery up to the cursor, or the one being sent.
 * Valid until the next call or ui_model_free. */
const ui_message_t *ui_model_message(ui_model_t *m);

/* The eavesdropper (sim/lesson/eavesdrop.h): key e puts a passive observer
 * on 2-3, 3-4, 4-5, 3-dns, then off. ui_model_eaves is its capture of the
 * whole trace (NULL when off); the pane shows it up to the cursor. */
unsigned ui_model_observer_cycle(ui_model_t *m);
const struct eaves *ui_model_eaves(const ui_model_t *m);
const char *ui_model_observer_name(const ui_model_t *m);     /* "2-3", or "" when off */
/* Is the conversation on the path's link i (1: 2-3, 2: 3-4, 3: 4-5) inside
 * TLS at the cursor? The path draws a lock on it. */
int ui_model_link_tls(const ui_model_t *m, int i);

#endif
