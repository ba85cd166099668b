/* test_ui_keys.c — the escape-sequence reader of ui_keys.c: what a terminal
 * sends when TERM does not match it (End as ESC [ 4 ~ under
 * TERM=xterm-256color in tmux) is one key or nothing, never separate keys. */
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include <CUnit/CUnit.h>

#include "suites.h"
#include "tui/ui_keys.h"

/* Read as ui.c's read_key does: the bytes one at a time while a sequence is
 * begun, then "no more in time" when the input ends. */
static int feed(const char *in, size_t len, size_t *used)
{
	const unsigned char *b = (const unsigned char *)in;
	size_t n = 1;
	int key;
	while ((key = ui_keys_escape(b, n, 0, used)) == UI_KEYS_MORE) {
		if (n == len)
			return ui_keys_escape(b, n, 1, used);
		n++;
	}
	return key;
}

#define IGN UI_KEYS_IGNORE

static const struct seq_case {
	const char *in;
	int key;
	size_t used;            /* bytes of the sequence; the rest are keys again */
} seq_cases[] = {
	/* a lone ESC is the Esc key */
	{ "\033", 27, 1 },
	/* Home and End, as xterm, tmux/screen, rxvt and VT100 send them */
	{ "\033[1~", KEY_HOME, 4 }, { "\033[7~", KEY_HOME, 4 }, { "\033[H", KEY_HOME, 3 },
	{ "\033OH", KEY_HOME, 3 },
	{ "\033[4~", KEY_END, 4 }, { "\033[8~", KEY_END, 4 }, { "\033[F", KEY_END, 3 },
	{ "\033OF", KEY_END, 3 },
	{ "\033[5~", KEY_PPAGE, 4 }, { "\033[6~", KEY_NPAGE, 4 },
	/* arrows, normal and application cursor mode */
	{ "\033[A", KEY_UP, 3 }, { "\033[B", KEY_DOWN, 3 }, { "\033[C", KEY_RIGHT, 3 },
	{ "\033[D", KEY_LEFT, 3 },
	{ "\033OA", KEY_UP, 3 }, { "\033OB", KEY_DOWN, 3 }, { "\033OC", KEY_RIGHT, 3 },
	{ "\033OD", KEY_LEFT, 3 },
	/* F1 (help), keypad Enter, + and - */
	{ "\033OP", KEY_F(1), 3 }, { "\033[11~", KEY_F(1), 5 }, { "\033[[A", KEY_F(1), 4 },
	{ "\033OM", KEY_ENTER, 3 }, { "\033Ok", '+', 3 }, { "\033Om", '-', 3 },
	/* keys typed after a sequence stay keys */
	{ "\033[4~n", KEY_END, 4 }, { "\033[4~[4~", KEY_END, 4 }, { "\033OFq", KEY_END, 3 },
	/* sequences no key stands for are skipped whole */
	{ "\033[99~", IGN, 5 }, { "\033[2~", IGN, 4 }, { "\033[3~", IGN, 4 },
	{ "\033[1;5C", IGN, 6 }, { "\033[1;2H", IGN, 6 }, { "\033[?1;2c", IGN, 7 },
	{ "\033[200~", IGN, 6 }, { "\033[E", IGN, 3 }, { "\033[ q", IGN, 4 },
	{ "\033[99~[", IGN, 5 }, { "\033[99~q", IGN, 5 },
	{ "\033Ox", IGN, 3 }, { "\033O2P", IGN, 4 }, { "\033OZ[", IGN, 3 },
	/* Alt+key (ESC, then a character) is no key here: nothing, not Esc then the key */
	{ "\033x", IGN, 2 }, { "\033[", IGN, 2 }, { "\033O", IGN, 2 }, { "\033q", IGN, 2 },
	/* cut short by the timeout: the part read is skipped */
	{ "\033[12", IGN, 4 }, { "\033[1;", IGN, 4 }, { "\033[[", IGN, 3 },
	/* a byte that cannot be part of a sequence ends it, and is a key again */
	{ "\033[1\r", IGN, 3 }, { "\033[\033[4~", IGN, 2 },
	/* ESC, then another ESC or a control key: the first is the Esc key */
	{ "\033\033", 27, 1 }, { "\033\033[4~", 27, 1 }, { "\033\r", 27, 1 },
};

static void test_sequences(void)
{
	for (size_t i = 0; i < sizeof seq_cases / sizeof seq_cases[0]; i++) {
		const struct seq_case *c = &seq_cases[i];
		size_t used = 0;
		int key = feed(c->in, strlen(c->in), &used);
		if (key != c->key || used != c->used)
			fprintf(stderr, "\n  case %zu: key %d used %zu, want %d and %zu\n", i, key, used,
				c->key, c->used);
		CU_ASSERT_EQUAL(key, c->key);
		CU_ASSERT_EQUAL(used, c->used);
	}
}

/* Until a sequence is complete the reader asks for more, unless the input ended. */
static void test_more(void)
{
	static const char *const begun[] = { "\033", "\033[", "\033[4", "\033[1;5", "\033O", "\033[[", "\033[1" };
	for (size_t i = 0; i < sizeof begun / sizeof begun[0]; i++) {
		size_t used = 0;
		const unsigned char *b = (const unsigned char *)begun[i];
		CU_ASSERT_EQUAL(ui_keys_escape(b, strlen(begun[i]), 0, &used), UI_KEYS_MORE);
		CU_ASSERT_NOT_EQUAL(ui_keys_escape(b, strlen(begun[i]), 1, &used), UI_KEYS_MORE);
	}
}

/* A sequence that never ends is cut at UI_KEYS_SEQ_MAX bytes. */
static void test_endless(void)
{
	char in[UI_KEYS_SEQ_MAX * 3];
	memset(in, '1', sizeof in);
	in[0] = '\033';
	in[1] = '[';
	size_t used = 0;
	CU_ASSERT_EQUAL(feed(in, sizeof in, &used), UI_KEYS_IGNORE);
	CU_ASSERT_EQUAL(used, UI_KEYS_SEQ_MAX);
}

/* Every key a sequence decodes to has its action in the key table. */
static void test_keys_have_actions(void)
{
	for (size_t i = 0; i < sizeof seq_cases / sizeof seq_cases[0]; i++) {
		int key = seq_cases[i].key;
		if (key != UI_KEYS_IGNORE)
			CU_ASSERT_NOT_EQUAL(ui_keys_action(key), UI_ACT_NONE);
	}
	CU_ASSERT_EQUAL(ui_keys_action(UI_KEYS_IGNORE), UI_ACT_NONE);
	CU_ASSERT_EQUAL(ui_keys_action(UI_KEYS_MORE), UI_ACT_NONE);
}

CU_TestInfo ui_keys_tests[] = {
	{ "escape sequences: a key, Esc, or nothing", test_sequences },
	{ "a sequence begun asks for more", test_more },
	{ "an endless sequence is cut", test_endless },
	{ "decoded keys have actions", test_keys_have_actions },
	CU_TEST_INFO_NULL,
};
