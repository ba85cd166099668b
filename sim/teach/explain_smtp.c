/* explain_smtp.c — the teaching texts for SMTP: commands, replies, message
 * content and the server's states, told in the words of the story (Smith's
 * client, the ISP host, the corporate host). */
#include "teach/explain_tables.h"

const explain_t explain_smtp_table[] = {
	/* Commands (RFC 5321 4.1.1) */
	EXPLAIN("smtp:HELO", "HELO — the client says who it is (old style)",
		"The original greeting from RFC 821: the client names its own host and the server "
		"answers 250. A server greeted with HELO offers no extensions, so there is no SIZE, "
		"no AUTH and no PIPELINING. Clients send EHLO first and fall back to HELO only when "
		"EHLO is refused.",
		"RFC 5321 4.1.1.1"),
	EXPLAIN("smtp:EHLO", "EHLO — introduce yourself, ask for extensions",
		"The client names its host (smith-pc.isp.example, or smtp.isp.example when the ISP "
		"relays) and asks which extensions the server supports. The server answers with a "
		"multi-line 250, one extension per line: SIZE (the largest message it accepts), AUTH "
		"(how to log in), PIPELINING, 8BITMIME. No mail transaction may start before EHLO or "
		"HELO; a MAIL FROM sent too early gets 503.",
		"RFC 5321 4.1.1.1"),
	EXPLAIN("smtp:MAIL", "MAIL FROM — start a message, say where problems go",
		"Starts a mail transaction and gives the reverse-path: the address to which a bounce "
		"would be sent, which becomes Return-Path: at final delivery. It belongs to the "
		"envelope and need not match the From: header the reader sees. A SIZE= parameter "
		"announces the message's size, so a server can refuse a message that is too large "
		"before it is sent (552 5.3.4). A bounce is sent with an empty MAIL FROM:<>, so a "
		"bounce can never cause another one.",
		"RFC 5321 4.1.1.2"),
	EXPLAIN("smtp:RCPT", "RCPT TO — name one recipient",
		"RCPT TO names one recipient of this message: the envelope, not the To: header. The "
		"ISP host answers 250 when it accepts responsibility for delivering to that address; "
		"it relays only for its customers and authenticated users, and refuses anyone else "
		"with 550 5.7.1. It does not yet know whether the mailbox exists at the far end: the "
		"corporate host decides that when the ISP relays, and a refusal then becomes a "
		"bounce. There is one RCPT per recipient, Cc and Bcc included.",
		"RFC 5321 4.1.1.3"),
	EXPLAIN("smtp:DATA", "DATA — now send the message itself",
		"The client asks to send the message: the headers, a blank line, the body. The server "
		"answers 354 and from then on every line is content, not a command, until a line "
		"holding a single dot. A line of the message that begins with a dot is sent with one "
		"more dot (dot-stuffing), so it cannot end the message early.",
		"RFC 5321 4.1.1.4"),
	EXPLAIN("smtp:RSET", "RSET — forget this transaction",
		"Aborts the current mail transaction: the sender, the recipients and any data are "
		"forgotten, but the connection stays open and the client stays greeted. The server "
		"answers 250. A client sends RSET before reusing a connection for another message.",
		"RFC 5321 4.1.1.5"),
	EXPLAIN("smtp:NOOP", "NOOP — are you still there?",
		"Does nothing except make the server answer 250. It keeps an idle connection alive or "
		"checks that the server still listens, and changes no state.",
		"RFC 5321 4.1.1.9"),
	EXPLAIN("smtp:VRFY", "VRFY — does this user exist?",
		"Asks the server whether a user name or mailbox exists. Because spammers used it to "
		"harvest addresses, most servers no longer say: they answer 252, 'cannot verify, but "
		"will accept the message and try'.",
		"RFC 5321 4.1.1.6"),
	EXPLAIN("smtp:EXPN", "EXPN — who is on this mailing list?",
		"Asks the server to expand a mailing list into its members' addresses. For privacy "
		"most servers refuse (502 or 252): the members of a list are nobody else's business.",
		"RFC 5321 4.1.1.7"),
	EXPLAIN("smtp:HELP", "HELP — what can I say?",
		"Asks the server for help text, answered with 214. It is useful only to a person "
		"typing SMTP by hand, for example with telnet or nc against `mailpath serve`.",
		"RFC 5321 4.1.1.8"),
	EXPLAIN("smtp:QUIT", "QUIT — end the SMTP session",
		"Ends the session: the server answers 221 and closes the connection. A message is "
		"safe as soon as its final dot got 250, not at QUIT, so a connection lost after that "
		"250 loses nothing.",
		"RFC 5321 4.1.1.10"),
	EXPLAIN("smtp:AUTH", "AUTH — prove who you are",
		"SMTP authentication (SASL): the client proves who it is, with PLAIN (user name and "
		"password in one base64 line) or LOGIN (the server prompts for the user name, then "
		"the password). The ISP relays for an authenticated user wherever she connects from. "
		"Base64 is an encoding, not encryption: without TLS the password crosses the network "
		"readable by anyone on the path.",
		"RFC 4954 4"),
	EXPLAIN("smtp:STARTTLS", "STARTTLS — switch to an encrypted connection",
		"Asks to turn this connection into a TLS connection. It is offered in the EHLO reply "
		"and allowed once, outside a transaction; after the 220 both sides run the TLS "
		"handshake, forget everything said before it (a new EHLO is required), and ignore "
		"any command the client sent after STARTTLS in the same write. The 220 is the last "
		"line an eavesdropper can read. In the world TLS is simulated (no real cryptography): "
		"records of the right sizes cross the wire; `serve` speaks real TLS.",
		"RFC 3207 4, 4.2"),
	EXPLAIN("smtp:STARTTLS-offer", "250-STARTTLS — TLS is on offer",
		"A line of the EHLO reply: this server can switch to TLS. It travels in clear, so a "
		"man-in-the-middle can delete it (a downgrade attack) and neither side notices.",
		"RFC 3207 4; RFC 8461 1"),
	EXPLAIN("smtp:unknown", "An unknown command",
		"A line the server does not recognise as an SMTP command, such as a typo typed by "
		"hand. It answers 500 5.5.2 and the session goes on in the same state. A command it "
		"recognises but does not offer gets 502 instead.",
		"RFC 5321 4.2.4"),
	EXPLAIN("smtp:auth-response", "An answer inside AUTH",
		"A line the client sends during AUTH in answer to the server's 334 prompt: its user "
		"name or password in base64, or '*' to give up. It is not a command, so the server "
		"does not treat it as one.",
		"RFC 4954 4"),

	/* Replies (RFC 5321 4.2) */
	EXPLAIN("smtp:214", "214 — help message",
		"The answer to HELP: text for a person reading the session, not for software.",
		"RFC 5321 4.2.2"),
	EXPLAIN("smtp:220", "220 — service ready",
		"The greeting a server sends as soon as the connection opens, naming itself "
		"(220 smtp.isp.example ESMTP). The client must wait for it before saying anything. "
		"After STARTTLS, 220 means 'go ahead with TLS'.",
		"RFC 5321 4.2.2"),
	EXPLAIN("smtp:221", "221 — closing the connection",
		"The answer to QUIT: the server says goodbye, naming itself, and closes the "
		"connection. Every message answered with 250 before it is already safe.",
		"RFC 5321 4.2.2"),
	EXPLAIN("smtp:235", "235 — authentication succeeded",
		"The server accepted the user name and password given in AUTH (2.7.0). From now on the "
		"ISP treats the client as its user and will relay its mail to any domain.",
		"RFC 4954 6"),
	EXPLAIN("smtp:250", "250 — requested action done",
		"'OK'. After MAIL it means the sender is accepted (2.1.0), after RCPT the recipient "
		"is accepted (2.1.5). After the final dot (2.0.0) it is the most important reply of "
		"all: the server now takes responsibility for the message, and the client may forget "
		"it. If the connection breaks before that 250, the client must assume nothing was "
		"delivered and send the message again.",
		"RFC 5321 4.2.2, 6.1"),
	EXPLAIN("smtp:252", "252 — cannot verify, will try",
		"The polite answer to VRFY: the server will not say whether the user exists, but it "
		"would accept a message for the address and attempt delivery.",
		"RFC 5321 3.5.3"),
	EXPLAIN("smtp:334", "334 — a prompt inside AUTH",
		"The server asks for the next piece of the login, in base64: VXNlcm5hbWU6 is "
		"'Username:' and UGFzc3dvcmQ6 is 'Password:'. The client answers with one base64 line.",
		"RFC 4954 4"),
	EXPLAIN("smtp:354", "354 — start mail input, end with a lone dot",
		"The server is ready for the message: every line from now on is content, the headers "
		"first, then a blank line, then the body. The transaction is not finished until the "
		"line holding a single dot has been answered with 250.",
		"RFC 5321 4.1.1.4"),
	EXPLAIN("smtp:421", "421 — service not available, closing",
		"The server is shutting the session down: it was idle too long, the server is "
		"stopping, or it is overloaded. It is temporary: a client with a message to send "
		"keeps it and tries again later.",
		"RFC 5321 4.2.2"),
	EXPLAIN("smtp:450", "450 — mailbox unavailable, for now",
		"The mailbox cannot take the message at the moment (busy or locked). Like every 4xx "
		"reply it means 'not now': the sender keeps the message in its queue and tries again "
		"later.",
		"RFC 5321 4.2.2"),
	EXPLAIN("smtp:451", "451 — aborted, try again later",
		"A temporary failure on the server's side. Greylisting uses it on purpose (4.7.1): "
		"the corporate host refuses the first attempt from a sender it has not seen, because "
		"a real mail server queues the message and comes back, while most spam software "
		"never does. The ISP keeps the message and retries a few minutes later, and that "
		"attempt is accepted.",
		"RFC 5321 4.2.2; RFC 6647"),
	EXPLAIN("smtp:452", "452 — insufficient storage, for now",
		"A temporary lack of room. At RCPT with 4.2.2 it means the recipient's mailbox is "
		"full: the ISP keeps the message and retries in case the owner makes room, and "
		"bounces it only when the queue lifetime runs out. 452 also answers a RCPT beyond the "
		"number of recipients the server takes in one message.",
		"RFC 5321 4.2.2, 4.5.3.1.10"),
	EXPLAIN("smtp:500", "500 — command not recognised",
		"The server did not understand the line (5.5.2): a typo, or a command it has never "
		"heard of. Nothing changes and the client may try again.",
		"RFC 5321 4.2.2"),
	EXPLAIN("smtp:501", "501 — bad arguments",
		"The command is known but its arguments are wrong: MAIL FROM without angle brackets, "
		"an address that is not an address (5.1.7 for the sender, 5.1.3 for a recipient), a "
		"malformed EHLO. An address may hold only printable US-ASCII: a control character "
		"(below 32, or 127) or, without the SMTPUTF8 extension, an 8-bit octet makes it a bad "
		"address, not an unknown command (that would be 500). Nothing changes.",
		"RFC 5321 4.1.2, 4.2.2; RFC 3463 3.2"),
	EXPLAIN("smtp:502", "502 — command not implemented",
		"The server knows the command but does not offer it, as many do for EXPN.",
		"RFC 5321 4.2.4"),
	EXPLAIN("smtp:503", "503 — bad sequence of commands",
		"The command is valid but not now (5.5.1): RCPT before MAIL, DATA before any accepted "
		"RCPT, MAIL before EHLO. SMTP is a state machine and each command belongs to certain "
		"states; watch the state change with each 250.",
		"RFC 5321 4.1.4"),
	EXPLAIN("smtp:504", "504 — parameter not implemented",
		"The command is known but this parameter of it is not, for example an AUTH mechanism "
		"the server does not support.",
		"RFC 5321 4.2.2"),
	EXPLAIN("smtp:530", "530 — authentication required",
		"The server will not do this before AUTH (5.7.0). A submission server on port 587 "
		"may answer MAIL with 530 when the client has not logged in.",
		"RFC 4954 6"),
	EXPLAIN("smtp:535", "535 — authentication failed",
		"The user name or password given in AUTH is wrong (5.7.8). The client may try again; "
		"until it succeeds the ISP treats it as a stranger and will not relay for it.",
		"RFC 4954 6"),
	EXPLAIN("smtp:550", "550 — refused, permanently",
		"The action was not taken and never will be. The enhanced code says why: 5.1.1 means "
		"the mailbox does not exist (the corporate host knows no nobody@corp.example), 5.7.1 "
		"means a refusal by policy, such as an ISP that will not relay for a stranger. A 5xx "
		"is final: the sender does not retry. If the ISP hears it while relaying, it sends "
		"Smith a bounce; if Smith's own client hears it, her client shows the error at once.",
		"RFC 5321 4.2.2; RFC 3463 3.2, 3.8"),
	EXPLAIN("smtp:551", "551 — user not local",
		"The server knows the user has moved and names the new address, but will not forward "
		"the message itself. Rare today.",
		"RFC 5321 3.4"),
	EXPLAIN("smtp:552", "552 — too big, or no room",
		"Exceeded storage allocation, permanently. With 5.3.4 the message is larger than the "
		"server accepts (the SIZE its EHLO announced): the ISP refuses Smith's large "
		"attachment at MAIL FROM, before the message is even sent, so her client shows the "
		"error and no bounce is needed. With 5.2.2 after the final dot, the recipient's "
		"mailbox had no room.",
		"RFC 5321 4.2.2; RFC 1870 6"),
	EXPLAIN("smtp:553", "553 — mailbox name not allowed",
		"The address is not acceptable: malformed (5.1.3), or not an address this server "
		"lets the client use as a sender. Permanent.",
		"RFC 5321 4.2.2"),
	EXPLAIN("smtp:554", "554 — transaction failed",
		"A permanent refusal with no more specific code: after the final dot for a routing "
		"loop (5.4.6, more than 100 Received: lines), or as the greeting of a server that "
		"will not talk to this client at all.",
		"RFC 5321 4.2.2, 6.3"),
	EXPLAIN("smtp:555", "555 — parameter not recognised",
		"MAIL FROM or RCPT TO carried a parameter the server does not know (5.5.4), one it "
		"never announced in its EHLO answer.",
		"RFC 5321 4.1.1.11"),

	/* Message content */
	EXPLAIN("smtp:data", "A line of the message",
		"A line sent after 354: a header (From:, To:, Subject:, Received:), the blank line "
		"that ends the headers, or a line of the body. A line is at most 1000 octets with "
		"its CRLF. The server stores the lines as they come and answers only after the final "
		"dot.",
		"RFC 5321 4.1.1.4, 4.5.3.1.6"),
	EXPLAIN("smtp:dot-stuffed", "A dot-stuffed line",
		"A line of the message that begins with '.' is sent with one more '.' in front, so "
		"that a body line holding only '.' cannot end the message early. The receiver "
		"removes the added dot again, and the mailbox holds exactly what Smith wrote.",
		"RFC 5321 4.5.2"),
	EXPLAIN("smtp:bare-line-end", "A bare LF or CR inside a message",
		"A line of the message with a line feed (LF) or a carriage return (CR) inside it that "
		"is not part of a CR LF pair. In SMTP a line ends only at CR LF, so this is not a line "
		"end here; but some servers and mail readers end lines at LF alone, and to them the "
		"'.' behind it looks like the end of the message. The server cannot interrupt DATA: "
		"it remembers the problem and refuses the whole message after the real final dot.",
		"RFC 5321 2.3.8, 4.1.1.4"),
	EXPLAIN("smtp:smuggling", "550 5.5.2 bare <LF> received — SMTP smuggling refused",
		"The message held a bare LF or bare CR, and the server refused it, whole, with one "
		"reply after the real final dot. Why so strict: in SMTP smuggling (SEC Consult, "
		"December 2023) an attacker hides '<LF>.<CR><LF>' followed by MAIL FROM, RCPT TO and "
		"DATA inside one message. A server that ends the message only at CR LF '.' CR LF "
		"passes it on as one message; the next hop, if it also accepts LF '.' CR LF as the "
		"end, reads the rest as a second message with a sender the attacker chose, which "
		"passes the sending domain's SPF and DKIM checks. Every hop must agree where a message "
		"ends; refusing bare line ends (as Postfix 3.9's smtpd_forbid_bare_newline does) "
		"makes that certain. The POP3 server is careful too: whatever a mailbox holds, it "
		"sends only CR LF lines, dot-stuffed, so no stored line can end RETR early.",
		"RFC 5321 2.3.8, 4.1.1.4; RFC 1939 3"),
	EXPLAIN("smtp:dot", "The final dot",
		"A line holding only '.': the end of the message. Now the server judges the message "
		"as a whole and answers once: 250 means it takes responsibility for delivery, a 5xx "
		"refuses it (too large, a routing loop), a 4xx asks the client to try later.",
		"RFC 5321 4.1.1.4"),

	/* The SMTP server's states */
	EXPLAIN("smtp:state:INIT", "SMTP state INIT — connected, not yet greeted",
		"The connection is open and the server has sent its 220 greeting, but the client has "
		"not introduced itself yet. EHLO or HELO comes next; MAIL now would get 503.",
		"RFC 5321 4.1.4"),
	EXPLAIN("smtp:state:READY", "SMTP state READY — greeted, no message in progress",
		"The client has said EHLO or HELO and no mail transaction is open. MAIL FROM starts "
		"one; after a message is accepted or RSET is sent, the session comes back here.",
		"RFC 5321 3.3"),
	EXPLAIN("smtp:state:AUTH", "SMTP state AUTH — logging in",
		"An AUTH exchange is in progress: the client's lines are base64 answers to 334 "
		"prompts, not commands. It ends with 235 (logged in) or 535 (refused), back in READY.",
		"RFC 4954 4"),
	EXPLAIN("smtp:state:MAIL", "SMTP state MAIL — sender accepted",
		"A transaction is open: the server accepted the sender (MAIL FROM) and waits for at "
		"least one RCPT TO. DATA now would get 503, because there is nobody to deliver to yet.",
		"RFC 5321 3.3"),
	EXPLAIN("smtp:state:RCPT", "SMTP state RCPT — recipients accepted",
		"At least one recipient has been accepted. More RCPT commands may follow, and DATA "
		"asks to send the message.",
		"RFC 5321 3.3"),
	EXPLAIN("smtp:state:DATA", "SMTP state DATA — receiving the message",
		"The server answered 354 and takes content lines until the final dot. Nothing the "
		"client sends now is a command, and the server cannot interrupt: it remembers a "
		"problem (too long, too big) and reports it after the dot.",
		"RFC 5321 4.1.1.4"),
	EXPLAIN("smtp:state:QUIT", "SMTP state QUIT — session over",
		"The client said QUIT and the server answered 221: the session is over and the "
		"connection closes. Messages already answered with 250 are safe.",
		"RFC 5321 4.1.1.10"),

	/* Ideas the story keeps coming back to */
	EXPLAIN("smtp:envelope", "The envelope and the headers",
		"The envelope is MAIL FROM and the RCPT TO lines: what the servers act on. The headers "
		"(From:, To:, Cc:, Subject:) travel inside the message, like the letter inside a "
		"paper envelope, and need not agree with it. A Bcc recipient is in the envelope only.",
		"RFC 5321 2.3.1"),
	EXPLAIN("smtp:enhanced-status", "Enhanced status codes such as 5.1.1",
		"The x.y.z after a reply code: class (2 success, 4 temporary, 5 permanent), subject "
		"(1 address, 2 mailbox, 3 mail system, 4 network and routing, 5 protocol, 7 security "
		"or policy), then detail. 5.1.1 means no such mailbox, 5.7.1 refused by policy, "
		"4.2.2 mailbox full, 5.3.4 message too big.",
		"RFC 3463 3"),
	EXPLAIN("imf:Received", "Received: — the postmarks of a message",
		"Each SMTP host that accepts the message adds a Received: line at the top of the "
		"headers: where it came from, who took it, when. Read from the bottom up they trace "
		"the path from Smith's client through the ISP to the corporate host. A message with "
		"more than 100 of them is looping and is refused.",
		"RFC 5321 4.4"),
	EXPLAIN("imf:Return-Path", "Return-Path: — where problems go",
		"Added by the corporate host at final delivery: the envelope sender from MAIL FROM, "
		"the address any later bounce goes to. It can differ from the From: the reader sees.",
		"RFC 5321 4.4"),
	EXPLAIN("imf:Bcc", "Bcc — blind copies",
		"A Bcc recipient gets a RCPT TO in the envelope but appears in no header that "
		"travels, so the other recipients cannot see the address. The envelope decides "
		"where mail goes; the headers only say what the reader sees.",
		"RFC 5322 3.6.3"),
};

const size_t explain_smtp_count = sizeof explain_smtp_table / sizeof explain_smtp_table[0];
