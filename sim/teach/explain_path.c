/* explain_path.c — the teaching texts for everything around the protocols:
 * connections, DNS, the network, the ISP's queue, the people's actions, the
 * faults of the catalogue and the scenario's own notes. */
#include "teach/explain_tables.h"

const explain_t explain_path_table[] = {
	/* TCP connections */
	EXPLAIN("tcp:connect", "Opening a TCP connection",
		"A client opens a connection to a server's port: 587 (submission) or 25 for SMTP "
		"from Smith's client, 25 between mail servers, 110 for POP3. The three-way handshake "
		"(SYN, SYN-ACK, ACK) must complete before a single protocol line is exchanged.",
		"RFC 9293 3.5; RFC 6409 3.1"),
	EXPLAIN("tcp:accept", "The connection is established",
		"The server accepted the connection. In both SMTP (220) and POP3 (+OK) the server "
		"speaks first, so the client now waits for the greeting.",
		"RFC 9293 3.5; RFC 5321 3.1"),
	EXPLAIN("tcp:refused", "Connection refused",
		"Nobody answered on that port, or the host refused with a reset. For mail this is a "
		"temporary failure: the ISP tries the next MX host if there is one, otherwise keeps "
		"the message queued and tries again later.",
		"RFC 5321 4.5.4.1, 5.1"),
	EXPLAIN("tcp:timeout", "Connection timed out",
		"No answer at all: the host is down or unreachable, and the client gave up waiting. "
		"Like a refusal it is temporary for mail: try the next MX, or queue and retry.",
		"RFC 5321 4.5.4.1"),
	EXPLAIN("tcp:close", "The connection closes in order",
		"Both sides have finished and close the connection (FIN). After QUIT this is the "
		"normal end of a session.",
		"RFC 9293 3.6"),
	EXPLAIN("tcp:abort", "The connection is lost",
		"The connection broke in the middle of a conversation. Whatever was not acknowledged "
		"counts as not done: a message whose final dot got no 250 must be sent again, and a "
		"POP3 session that never reached UPDATE deletes nothing.",
		"RFC 5321 6.1; RFC 1939 6"),

	/* DNS */
	EXPLAIN("dns:query", "Asking DNS where the mail goes",
		"The ISP host asks its resolver for the MX records of the recipient's domain "
		"(corp.example), then for the address (A) of the chosen host. The domain comes from "
		"the recipient's address in RCPT TO, not from the From: header or the MAIL field.",
		"RFC 5321 5.1"),
	EXPLAIN("dns:MX", "An MX answer: the domain's mail hosts",
		"The answer lists the hosts that receive mail for the domain, each with a "
		"preference: corp.example MX 10 mail.corp.example. The sender tries the lowest "
		"number first and the others, in order, as backups.",
		"RFC 5321 5.1; RFC 1035 3.3.9"),
	EXPLAIN("dns:A", "An A answer: the host's address",
		"The address of a host, such as mail.corp.example A 192.0.2.25. Now the ISP knows "
		"where to open its TCP connection, on port 25.",
		"RFC 1035 3.4.1; RFC 5321 5.1"),
	EXPLAIN("dns:implicit-mx", "No MX: the A record stands in",
		"The domain has no MX record, but the name itself has an A record (an address). "
		"RFC 5321 says to treat it as if it had one MX pointing to itself, the implicit MX, "
		"so the mail still arrives. An explicit MX is how a domain sends its mail somewhere "
		"else.",
		"RFC 5321 5.1"),
	EXPLAIN("dns:NXDOMAIN", "NXDOMAIN: no such domain",
		"The name does not exist at all. That is a definite, permanent answer: the ISP gives "
		"up at once and bounces the message to Smith. Compare a timeout or SERVFAIL, which "
		"only mean 'no answer now' and lead to a retry.",
		"RFC 1035 4.1.1; RFC 5321 5.1"),
	EXPLAIN("dns:NODATA", "NODATA: the name exists, the record does not",
		"The name exists but has no record of the type asked for: an empty answer. For MX it "
		"leads to the implicit MX (the A record); when there is no address either, the "
		"domain cannot receive mail and the message bounces.",
		"RFC 2308 2.2; RFC 5321 5.1"),
	EXPLAIN("dns:SERVFAIL", "SERVFAIL: the resolver failed",
		"The resolver could not get an answer, because a name server is broken or "
		"unreachable. That says nothing about whether the domain exists, so it is "
		"temporary: the message stays queued and the lookup is tried again later.",
		"RFC 1035 4.1.1; RFC 5321 4.5.4.1"),
	EXPLAIN("dns:timeout", "DNS timeout",
		"The resolver did not answer in time. As with SERVFAIL nothing is known, so the ISP "
		"keeps the message and retries later; only a definite NXDOMAIN is a reason to "
		"bounce.",
		"RFC 5321 4.5.4.1"),

	/* The network */
	EXPLAIN("net:host-down", "A host goes down",
		"A host stopped: crashed, rebooted or unplugged. Connections to it time out, and "
		"mail for it waits in the sender's queue until it comes back.",
		"RFC 5321 4.5.4.1"),
	EXPLAIN("net:host-up", "A host comes back",
		"The host is reachable again. The next queue retry gets through, and each message "
		"that waited is delivered once.",
		"RFC 5321 4.5.4.1"),
	EXPLAIN("net:link-down", "A link goes down",
		"A network link stopped carrying packets: connections across it stall and are lost. "
		"Neither side may assume the other received anything it did not acknowledge.",
		"RFC 5321 6.1"),
	EXPLAIN("net:link-up", "A link comes back",
		"The link carries packets again, and new connections across it succeed.",
		"RFC 5321 4.5.4.1"),
	EXPLAIN("net:link-slow", "A slow link",
		"Every line now takes longer to cross this link. The protocols do not change, only "
		"the time they take; on a very slow link the time-outs start to matter.",
		"RFC 5321 4.5.3.2"),
	EXPLAIN("net:link-drop", "A connection dropped by the link",
		"The link broke a connection in the middle. If the final dot had not been answered "
		"with 250, the sender treats the message as not delivered and sends it again, and "
		"the receiver throws away the partial copy, so it arrives once, not twice.",
		"RFC 5321 6.1"),

	/* The ISP's queue */
	EXPLAIN("queue:queued", "Queued: store and forward",
		"The ISP host answered 250 to the final dot and put the message in its queue. "
		"Delivering it is now the ISP's job and Smith's client is done: the message waits "
		"on the ISP's disk until the next host takes it.",
		"RFC 5321 2.1, 6.1"),
	EXPLAIN("queue:lookup", "Looking up the next hop",
		"The queue takes the message and looks up where each recipient's domain receives "
		"mail: the MX records, then the chosen host's address.",
		"RFC 5321 5.1"),
	EXPLAIN("queue:deferred", "Deferred: a temporary failure",
		"Delivery failed for now (a 4xx reply, a timeout, SERVFAIL). The message stays in the "
		"queue with the reason, and a retry is scheduled, Postfix-style: about 5 minutes "
		"later at first, then waits that double up to a bit over an hour.",
		"RFC 5321 4.5.4.1"),
	EXPLAIN("queue:concurrency", "Waiting for a connection",
		"An MTA does not open a connection per queued message all at once: Postfix allows at "
		"most 20 parallel deliveries to one destination (default_destination_concurrency_limit) "
		"so a backlog does not flood a host that has just come back. The message waits its "
		"turn and goes as soon as one of those deliveries ends. (Postfix also reuses an open "
		"connection for the next message to the same place, its connection cache; mailpath "
		"opens one connection per message.)",
		"RFC 5321 4.5.4.1"),
	EXPLAIN("queue:dead", "A destination marked unreachable",
		"When no host of a domain answered, Postfix marks the destination dead for a while "
		"instead of trying again for every queued message: messages that come up for "
		"delivery meanwhile are deferred at once, without a connection, and each gets its "
		"next retry time. It saves thousands of useless connection timeouts.",
		"RFC 5321 4.5.4.1"),
	EXPLAIN("queue:watch", "The queue over time",
		"A periodic look at the ISP's queue, as an operator would take with mailq or "
		"qshape: how many messages wait, how many are being delivered, how many wait for a "
		"free connection, and how many wait for their next retry time.",
		"RFC 5321 4.5.4.1"),
	EXPLAIN("queue:retry", "Trying again",
		"Time for another attempt: the queue repeats the lookup and the connection. RFC 5321 "
		"suggests at least 30 minutes between tries and giving up only after 4-5 days; "
		"mailpath uses Postfix's shorter first wait so the story fits in a lesson.",
		"RFC 5321 4.5.4.1"),
	EXPLAIN("queue:sent", "Sent: responsibility moved on",
		"The next host answered 250 to the final dot. It is now responsible for the message, "
		"and the ISP removes it from its queue.",
		"RFC 5321 6.1"),
	EXPLAIN("queue:bounced", "Bounced: a permanent failure",
		"Delivery failed for good (a 5xx reply, a domain that does not exist). The ISP drops "
		"the message from its queue and sends a delivery status notification to the "
		"reverse-path, the address Smith's client gave in MAIL FROM.",
		"RFC 5321 6.1; RFC 3464 2"),
	EXPLAIN("queue:expired", "Expired: too many retries",
		"The message stayed in the queue past the queue lifetime because every retry failed "
		"temporarily. The ISP gives up and bounces it, quoting the last error.",
		"RFC 5321 4.5.4.1"),

	/* What the people do, and where mail ends up */
	EXPLAIN("mail:write", "Smith writes the message",
		"Smith writes in her e-mail client: the From:, To:, Cc:, Subject: and Date: headers "
		"and the body are the letter. The envelope (MAIL FROM, RCPT TO) is made from them "
		"when she sends; Bcc recipients go only into the envelope.",
		"RFC 5322 3.6"),
	EXPLAIN("mail:send", "Smith presses Send",
		"Her client connects to the ISP's submission port and hands the message over with "
		"SMTP. From here on the machines do the work.",
		"RFC 6409 3"),
	EXPLAIN("mail:submitted", "Submitted: the ISP has it",
		"The ISP host answered 250 to the final dot. Smith's client shows the message as "
		"sent, although it has not reached her supervisor yet: it is in the ISP's queue.",
		"RFC 6409 3; RFC 5321 6.1"),
	EXPLAIN("mail:rejected", "Rejected at submission",
		"The ISP refused the message while Smith's client was sending it (a 5xx reply), so "
		"her client shows the error at once and keeps the message. No bounce is needed: the "
		"sender heard the answer herself.",
		"RFC 5321 4.2.1"),
	EXPLAIN("mail:deliver", "Delivered into the mailbox",
		"The corporate host stores the message in the recipient's maildrop, where the POP3 "
		"server will find it. It adds Return-Path: with the envelope sender and its own "
		"Received: line; everything else arrives byte for byte.",
		"RFC 5321 4.4"),
	EXPLAIN("mail:bounce", "A bounce is written",
		"A bounce (delivery status notification) is a new message from the ISP's "
		"mailer-daemon to the original sender, sent with an empty MAIL FROM:<> so that it "
		"can never bounce itself. It holds an explanation for people, a report for software "
		"(Final-Recipient, Action: failed, Status, Diagnostic-Code with the reply that "
		"refused it) and the original headers.",
		"RFC 3464 2; RFC 5321 6.1"),
	EXPLAIN("mail:check", "Checking for mail",
		"The supervisor's client connects to the POP3 server on port 110 and logs in. Mail "
		"waits on the server until a client comes for it: nothing is pushed to his computer.",
		"RFC 1939 3"),
	EXPLAIN("mail:retrieved", "The message is on the supervisor's computer",
		"The POP3 client now holds a copy of the message. Whether the server's copy goes "
		"depends on DELE and a clean QUIT.",
		"RFC 1939 5"),

	/* The fault catalogue (sim/run/fault.h) */
	EXPLAIN("fault:bad-password", "Fault: a wrong POP3 password",
		"The supervisor's client sends a wrong password. The POP3 server answers -ERR and "
		"the session stays in AUTHORIZATION: no message is listed, read or deleted, and the "
		"mail waits safely on the server.",
		"RFC 1939 7; RFC 3206 5"),
	EXPLAIN("fault:unknown-recipient", "Fault: no such recipient",
		"The corporate host knows no such mailbox and answers RCPT with 550 5.1.1. The ISP "
		"had already accepted the message from Smith with 250, so it cannot refuse her any "
		"more: it writes her a bounce instead.",
		"RFC 5321 6.1; RFC 3463 3.2"),
	EXPLAIN("fault:relay-denied", "Fault: relaying denied",
		"The ISP does not see Smith as its customer (not logged in, not from its network) "
		"and will not pass her mail on to another domain: 550 5.7.1 at RCPT. A server that "
		"relays anyone's mail anywhere, an open relay, is a gift to spammers.",
		"RFC 5321 3.6; RFC 3463 3.8"),
	EXPLAIN("fault:mailbox-full", "Fault: the mailbox is full",
		"Boss's mailbox is over its quota. The corporate host answers RCPT with 452 4.2.2, a "
		"temporary refusal: the ISP keeps the message and retries in case room is made, and "
		"bounces it only when the queue lifetime runs out.",
		"RFC 5321 4.2.2; RFC 3463 3.3"),
	EXPLAIN("fault:greylist", "Fault: greylisting",
		"The corporate host answers the first attempt from an unknown sender with 451 4.7.1 "
		"and remembers it. A real mail server queues the message and retries a few minutes "
		"later, and the retry is accepted; much spam software never retries. The price: "
		"legitimate mail arrives minutes late.",
		"RFC 6647 2"),
	EXPLAIN("fault:dns-nxdomain", "Fault: the domain does not exist",
		"The recipient's domain does not exist in DNS. The ISP learns it only when its queue "
		"looks up the MX, after Smith's client has finished, so it bounces the message: a "
		"missing domain will not appear by waiting.",
		"RFC 5321 5.1"),
	EXPLAIN("fault:no-mx", "Fault: no MX record",
		"corp.example publishes no MX record. The ISP falls back on the address of the "
		"domain name itself, the implicit MX, and delivers there.",
		"RFC 5321 5.1"),
	EXPLAIN("fault:corp-down", "Fault: the corporate host is down",
		"The corporate host does not answer: the ISP's connections time out. The ISP keeps "
		"the message in its queue and retries on its backoff schedule; when the host is back, "
		"the next retry delivers it. Smith notices nothing: her part ended with 250.",
		"RFC 5321 4.5.4.1"),
	EXPLAIN("fault:link-drop", "Fault: the link drops during DATA",
		"The link between the ISP and the corporate host breaks in the middle of DATA on the "
		"first attempt. With no 250 for the final dot, the ISP must assume nothing was "
		"delivered; the corporate host throws away the partial message, and the retry "
		"delivers it exactly once.",
		"RFC 5321 6.1"),
	EXPLAIN("fault:drop-before-quit", "Fault: the POP3 client vanishes before QUIT",
		"The supervisor's client retrieves the message and marks it with DELE, then "
		"disappears without QUIT. The session never enters UPDATE, so the server deletes "
		"nothing, and the message is there again next time.",
		"RFC 1939 6"),
	EXPLAIN("fault:maildrop-locked", "Fault: the maildrop is locked",
		"Another POP3 session holds boss's maildrop. After a correct password the server "
		"answers -ERR [IN-USE]: it cannot take the lock, and the client must try again "
		"later.",
		"RFC 1939 8; RFC 2449 8.1.2"),
	EXPLAIN("fault:size-exceeded", "Fault: the message is too large",
		"Smith's message is larger than the ISP accepts, the SIZE its EHLO announced. Her "
		"client states the size in MAIL FROM and the ISP refuses at once with 552 5.3.4, "
		"before a byte of the message is sent. Her client shows the error; nothing is "
		"queued, so there is no bounce.",
		"RFC 1870 6"),
	EXPLAIN("fault:slow-link", "Fault: a slow link",
		"Link 3-4 is 50 times slower. Every command and reply between the ISP and the "
		"corporate host takes longer, and nothing else changes: latency stretches a "
		"protocol in time without changing it.",
		"RFC 5321 4.5.3.2"),
	EXPLAIN("fault:dns-servfail", "Fault: the resolver fails",
		"The ISP's resolver answers SERVFAIL. Nothing is known about the domain, so the "
		"failure is temporary: the message stays queued and the lookup is retried later.",
		"RFC 1035 4.1.1; RFC 5321 4.5.4.1"),
	EXPLAIN("fault:drop-after-dot", "Fault: the connection breaks after the 250",
		"The corporate host has stored the message and sent 250 to the final dot, and then "
		"the connection 3-4 breaks: the reply never reaches the ISP. Now the server "
		"believes the message delivered, while the client, with no reply, must assume "
		"nothing was delivered, keep the message and try again. The retry "
		"delivers it a second time: a duplicate, which the reader can recognise by its "
		"Message-ID. SMTP prefers a duplicate to a lost message.",
		"RFC 1047; RFC 5321 4.1.1.4, 6.1"),
	EXPLAIN("smtp:pipelining", "Pipelining: commands in one write",
		"The server announced PIPELINING in its EHLO reply, so the client sends MAIL, every "
		"RCPT and DATA at once without waiting, and reads the replies afterwards, in the "
		"order of the commands. For a while the client is ahead of the server: it has "
		"asked everything, the server has answered nothing. A refused RCPT does not stop "
		"the batch; the client learns of it when the replies catch up, and sends the "
		"message to the recipients that were accepted (DATA ends the batch: the client "
		"must see 354 before the content).",
		"RFC 2920 3.1, 3.2"),

	/* The scenario's own voice */
	EXPLAIN("note:scenario", "The lesson",
		"The scenario's title and description: what this run is about. Watch the mail travel "
		"through the boxes of the picture: Smith (1), her client (2), the ISP host (3), the "
		"corporate host (4), the supervisor's POP3 client (5a, 5b).",
		"RFC 5598 2"),
	EXPLAIN("note:teach", "A teaching note",
		"The teacher points at what just happened and why it matters. Step back and forth "
		"around it to see the lines it talks about.",
		"RFC 5598 2"),
	EXPLAIN("note:question", "A question for you",
		"Answer it before you read on. Use the transcript, step back to the lines that "
		"matter, and open the explanation of each command or reply.",
		"RFC 5598 2"),
	EXPLAIN("note:expect-held", "An expectation held",
		"The scenario said what the run must show, and it did: the mail path behaved as the "
		"lesson claims.",
		"RFC 5598 2"),
	EXPLAIN("note:expect-failed", "An expectation failed",
		"The scenario said what the run must show, and it did not. Either a fault changed "
		"the outcome (did you add one?), or the scenario or the simulator is wrong: compare "
		"the transcript with what was expected.",
		"RFC 5598 2"),
};

const size_t explain_path_count = sizeof explain_path_table / sizeof explain_path_table[0];
