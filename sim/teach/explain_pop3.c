/* explain_pop3.c — the teaching texts for POP3: the supervisor's client
 * logging in, retrieving and deleting, and the three states of a session. */
#include "teach/explain_tables.h"

const explain_t explain_pop3_table[] = {
	/* Commands (RFC 1939 4-7, RFC 2449 5) */
	EXPLAIN("pop3:USER", "USER — which mailbox?",
		"Names the mailbox to open, the first half of the plain login (USER boss, then PASS). "
		"Many servers answer +OK even for a user who does not exist, so as not to reveal "
		"which names are real.",
		"RFC 1939 7"),
	EXPLAIN("pop3:PASS", "PASS — the password",
		"Gives the password for the user named by USER. If it is right and the maildrop can "
		"be locked, the server answers +OK with the number of messages and the session "
		"enters TRANSACTION; otherwise -ERR and it stays in AUTHORIZATION. The password "
		"crosses the network in clear text.",
		"RFC 1939 7"),
	EXPLAIN("pop3:APOP", "APOP — log in without sending the password",
		"The client sends the user name and an MD5 digest of the timestamp in the server's "
		"greeting joined with the shared secret. The password itself never crosses the "
		"network, and a captured digest is useless later, because the next greeting carries "
		"a new timestamp.",
		"RFC 1939 7"),
	EXPLAIN("pop3:STAT", "STAT — how many messages, how big?",
		"Asks how many messages the maildrop holds and their total size in octets "
		"(+OK 2 3120). Messages already marked with DELE are not counted.",
		"RFC 1939 5"),
	EXPLAIN("pop3:LIST", "LIST — number and size of each message",
		"Lists each message's number and size in a multi-line answer that ends with a lone "
		"'.', or one message's with LIST n. The numbers are valid for this session only; "
		"UIDL gives names that last.",
		"RFC 1939 5"),
	EXPLAIN("pop3:RETR", "RETR — download a message",
		"Retrieves message n whole: +OK, then the message line by line, dot-stuffed, then a "
		"lone '.'. Retrieving does not delete: the message stays on the server until DELE "
		"and a clean QUIT.",
		"RFC 1939 5"),
	EXPLAIN("pop3:DELE", "DELE — mark a message for deletion",
		"Marks message n as deleted. Nothing is removed yet: the mark takes effect only in "
		"the UPDATE state after QUIT. Until then RSET takes the marks back, and if the "
		"connection is lost the message stays.",
		"RFC 1939 5"),
	EXPLAIN("pop3:NOOP", "NOOP — still here",
		"Does nothing; the server answers +OK. It keeps an idle session from the server's "
		"autologout timer.",
		"RFC 1939 5"),
	EXPLAIN("pop3:RSET", "RSET — undo the deletions",
		"Removes every deletion mark made in this session. When the client then says QUIT, "
		"UPDATE has nothing to remove and the mail stays on the server.",
		"RFC 1939 5"),
	EXPLAIN("pop3:TOP", "TOP — the headers and the first lines",
		"TOP n k returns the headers of message n and the first k lines of its body, so a "
		"client can show From: and Subject: before downloading a large message. Like RETR "
		"it deletes nothing.",
		"RFC 1939 7"),
	EXPLAIN("pop3:UIDL", "UIDL — names that never change",
		"Gives each message a unique id that stays the same across sessions, unlike the "
		"message numbers. A client that leaves mail on the server remembers the ids it has "
		"already seen, and next time downloads only the new ones.",
		"RFC 1939 7"),
	EXPLAIN("pop3:QUIT", "QUIT — end the POP3 session (and delete)",
		"Ends the session. Sent in TRANSACTION, it moves the server into UPDATE: the messages "
		"marked with DELE are removed now, then +OK and the connection closes. A client that "
		"vanishes without QUIT never reaches UPDATE, so nothing is deleted.",
		"RFC 1939 6"),
	EXPLAIN("pop3:CAPA", "CAPA — what can this server do?",
		"Asks which optional features the server supports (TOP, UIDL, USER and others), in a "
		"multi-line answer. A client asks before relying on them.",
		"RFC 2449 5"),
	EXPLAIN("pop3:unknown", "An unknown or misplaced POP3 command",
		"A line the server does not recognise, or a command not allowed in the current state, "
		"such as RETR before logging in. The server answers -ERR and the session goes on.",
		"RFC 1939 3"),

	/* Responses */
	EXPLAIN("pop3:+OK", "+OK — it worked",
		"The positive answer. POP3 has only two, +OK and -ERR; the words after them are for "
		"people, except a code in square brackets some servers add for software.",
		"RFC 1939 3"),
	EXPLAIN("pop3:-ERR", "-ERR — it did not work",
		"The negative answer: the command failed and nothing changed. After a wrong password "
		"the session stays in AUTHORIZATION and the client may try again.",
		"RFC 1939 3"),
	EXPLAIN("pop3:[AUTH]", "-ERR [AUTH] — wrong user name or password",
		"A response code telling the client that the login failed because of the credentials "
		"themselves. Trying again with the same password is pointless: the client should "
		"ask its user for the password again.",
		"RFC 3206 5"),
	EXPLAIN("pop3:[IN-USE]", "-ERR [IN-USE] — the maildrop is busy",
		"The password was right, but another session already holds the maildrop's lock. Two "
		"clients reading and deleting at once could corrupt it, so the server lets only one "
		"in; the client should try again later.",
		"RFC 2449 8.1.2; RFC 1939 8"),
	EXPLAIN("pop3:data", "A line of a retrieved message",
		"A line of the message being sent by RETR or TOP, after the +OK. The client stores "
		"it; the message ends with a line holding only '.'.",
		"RFC 1939 3"),
	EXPLAIN("pop3:dot-stuffed", "A dot-stuffed line in POP3",
		"A message line that begins with '.' is sent with one more '.', exactly as in SMTP, "
		"so that it cannot be taken for the end of the answer. The client removes the added "
		"dot.",
		"RFC 1939 3"),
	EXPLAIN("pop3:dot", "The end of a multi-line answer",
		"A line holding only '.': the end of a message sent by RETR or TOP, or of a LIST, "
		"UIDL or CAPA listing.",
		"RFC 1939 3"),

	/* The session's states */
	EXPLAIN("pop3:state:AUTHORIZATION", "POP3 state AUTHORIZATION — who are you?",
		"The session starts here after the server's +OK greeting: the client must identify "
		"itself with USER and PASS (or APOP), and only those and QUIT are allowed. A wrong "
		"password keeps the session here, and no message can be read.",
		"RFC 1939 4"),
	EXPLAIN("pop3:state:TRANSACTION", "POP3 state TRANSACTION — reading mail",
		"The client has logged in and the server has locked the maildrop. The client lists "
		"messages, retrieves them (RETR) and marks them for deletion (DELE), but nothing is "
		"removed from the server in this state.",
		"RFC 1939 5"),
	EXPLAIN("pop3:state:UPDATE", "POP3 state UPDATE — deleting for real",
		"Entered only when the client sends QUIT from TRANSACTION: the server now removes "
		"the messages marked with DELE, releases the lock and says goodbye. This is why mail "
		"vanishes from the server after a normal download, and why it stays when the client "
		"drops the connection before QUIT or took its marks back with RSET.",
		"RFC 1939 6"),
	EXPLAIN("pop3:state:CLOSED", "POP3 session closed",
		"The connection is closed. If the session ended without passing through UPDATE, "
		"every message is still on the server, including those marked with DELE.",
		"RFC 1939 6"),
};

const size_t explain_pop3_count = sizeof explain_pop3_table / sizeof explain_pop3_table[0];
