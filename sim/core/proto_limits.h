/* proto_limits.h — every protocol limit in one place, each with its source.
 * A limit reached is a reply, never a crash. */
#ifndef MP_PROTO_LIMITS_H
#define MP_PROTO_LIMITS_H

/* RFC 5321 4.5.3.1.4: a command line is at most 512 octets including CRLF. */
#define SMTP_COMMAND_LINE_MAX 512
/* RFC 4954 4: an AUTH command or continuation line may be up to 12288 octets. */
#define SMTP_AUTH_LINE_MAX 12288
/* RFC 5321 4.5.3.1.1-3: a local part, a domain and a whole path (with <>). */
#define SMTP_LOCAL_PART_MAX 64
#define SMTP_DOMAIN_MAX 255
#define SMTP_PATH_MAX 256
/* RFC 1035 2.3.4: a label of a domain name. */
#define DNS_LABEL_MAX 63
/* RFC 5321 4.5.3.1.6: a text line is at most 1000 octets including CRLF. */
#define SMTP_TEXT_LINE_MAX 1000
/* RFC 5321 4.5.3.1.5: a reply line is at most 512 octets including CRLF. */
#define SMTP_REPLY_LINE_MAX 512
/* RFC 5321 4.5.3.1.8: at least 100 recipients must be buffered. */
#define SMTP_RECIPIENTS_MAX 100
/* RFC 1870: the SIZE we advertise in EHLO (octets). */
#define SMTP_MESSAGE_SIZE_MAX (10L * 1024 * 1024)
/* RFC 5321 6.3: count Received: fields to detect routing loops. */
#define SMTP_RECEIVED_MAX 100
/* RFC 5321 4.5.3.2.7: the server times out an idle session after 5 minutes. */
#define SMTP_IDLE_TIMEOUT_S 300
/* RFC 5321 4.5.4.1: give up on a message after 4-5 days; mailpath's lessons
 * use a shorter lifetime so a bounce for expiry fits in a lesson. */
#define QUEUE_RETRY_FIRST_S 300          /* Postfix minimal_backoff_time */
#define QUEUE_RETRY_MAX_S 4000           /* Postfix maximal_backoff_time */
#define QUEUE_DEST_CONCURRENCY 20        /* Postfix default_destination_concurrency_limit:
                                            parallel deliveries to one domain */
#define QUEUE_LIFETIME_S (5L * 24 * 3600) /* Postfix maximal_queue_lifetime */

/* RFC 2449 4: a POP3 command line is at most 255 octets including CRLF. */
#define POP3_COMMAND_LINE_MAX 255
/* RFC 2449 4: a response line is at most 512 octets including CRLF. */
#define POP3_RESPONSE_LINE_MAX 512
/* RFC 1939 7: a unique-id is 1 to 70 octets. */
#define POP3_UID_MAX 70
/* What a client accepts in one line of a multiline response before cutting it
 * (a server may send anything; lines that came through SMTP are <= 1000). */
#define POP3_CLIENT_LINE_MAX (64 * SMTP_TEXT_LINE_MAX)
#define SMTP_CLIENT_REPLY_MAX 4096
/* RFC 1939 3: the autologout timer is at least 10 minutes. */
#define POP3_IDLE_TIMEOUT_S 600

/* The default world's mailbox quota: far above normal use (DESIGN.md). */
#define MAILBOX_QUOTA_DEFAULT (50L * 1024 * 1024)

#endif
