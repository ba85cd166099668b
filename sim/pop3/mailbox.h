/* mailbox.h — the mail store: mailboxes (maildrops) with their owners'
 * credentials, quotas, stable unique ids and the POP3 exclusive lock.
 *
 * A message's UID (RFC 1939 7, UIDL) is unique in the store, stable across
 * sessions and never reused, even after the message is deleted. Only the
 * holder of a maildrop's lock removes messages; delivery appends. */
#ifndef MP_MAILBOX_H
#define MP_MAILBOX_H

#include <stddef.h>
#include <stdint.h>

typedef struct mail_msg {
	char uid[24];       /* printable 0x21..0x7E, at most 70 octets (RFC 1939 7) */
	char *data;         /* the stored message, CRLF lines, not dot-stuffed */
	size_t len;
} mail_msg_t;

typedef struct mailstore mailstore_t;
typedef struct mailbox mailbox_t;

/* Free the POP3 sessions that use a store before the store. */
mailstore_t *mailstore_new(void);
void mailstore_free(mailstore_t *ms);

/* Add a mailbox; returns the existing one when addr is known. login may be
 * NULL (nobody logs in); quota < 0 means no limit, 0 refuses every message. */
mailbox_t *mailstore_add(mailstore_t *ms, const char *addr, const char *login,
			 const char *password, long quota);
/* Address lookups ignore case. */
mailbox_t *mailstore_by_addr(mailstore_t *ms, const char *addr);
mailbox_t *mailstore_by_login(mailstore_t *ms, const char *login);
void mailstore_remove(mailstore_t *ms, const char *addr);    /* the user no longer exists */
size_t mailstore_count(const mailstore_t *ms);
/* Changes whenever a mailbox is added or removed, or a message stored or removed. */
uint64_t mailstore_generation(const mailstore_t *ms);
uint64_t mailstore_list_generation(const mailstore_t *ms);   /* mailboxes added or removed */
mailbox_t *mailstore_at(mailstore_t *ms, size_t i);

const char *mailbox_addr(const mailbox_t *mb);
const char *mailbox_login(const mailbox_t *mb);
int mailbox_password_ok(const mailbox_t *mb, const char *pass);
const char *mailbox_password(const mailbox_t *mb);   /* the clients' copy; "" when none */
void mailbox_set_password(mailbox_t *mb, const char *pass);
long mailbox_quota(const mailbox_t *mb);
void mailbox_set_quota(mailbox_t *mb, long quota);

size_t mailbox_count(const mailbox_t *mb);
long mailbox_octets(const mailbox_t *mb);
const mail_msg_t *mailbox_msg(const mailbox_t *mb, size_t i);  /* NULL when out of range */
int mailbox_is_full(const mailbox_t *mb);                      /* octets >= quota */
/* Append a copy of the message. 0 on success, -1 when it would exceed the quota. */
int mailbox_deliver(mailbox_t *mb, const char *data, size_t len);

/* The POP3 exclusive-access lock (RFC 1939 8). A mailbox removed from the
 * store (mailstore_remove) while locked stays valid for the lock holder and
 * is freed by mailbox_unlock: do not touch it after unlocking. */
int mailbox_lock(mailbox_t *mb);          /* 0 acquired, -1 already locked */
void mailbox_unlock(mailbox_t *mb);
int mailbox_locked(const mailbox_t *mb);
/* Remove the messages whose uid is listed (the UPDATE state). */
void mailbox_remove_uids(mailbox_t *mb, const char *const *uids, size_t n);

#endif
