/* mailbox.c — the mail store: mailboxes with credentials, quotas, stable
 * unique ids and the POP3 exclusive-access lock (RFC 1939 8).
 *
 * Invariants:
 *   - mb->octets is the sum of the stored messages' lengths;
 *   - every stored message ends with CRLF (mailbox_deliver adds it);
 *   - a UID comes from the store-wide counter, so it is unique in the store,
 *     never changes and is never reused, even after deletion (RFC 1939 7);
 *   - a mailbox removed from the store while locked stays alive, invisible to
 *     lookups, until its lock is released: the POP3 session that holds it
 *     never sees a dangling pointer.
 *
 * A quota below zero means "no limit"; a quota of 0 refuses every message. */
#include <assert.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pop3/mailbox.h"
#include "core/util.h"

struct mailbox {
	mailstore_t *store;
	char *addr;
	char *login;            /* NULL: nobody logs in to this mailbox */
	char *password;
	long quota;
	long octets;
	mail_msg_t *msgs;
	size_t n, cap;
	int locked;
	int removed;            /* gone from the store, waiting for unlock */
};

typedef struct boxlist {
	mailbox_t **v;
	size_t n, cap;
} boxlist_t;

struct mailstore {
	boxlist_t boxes;        /* the live mailboxes, in order of creation */
	boxlist_t zombies;      /* removed while locked */
	unsigned long next_uid; /* store-wide: UIDs are never reused */
	uint64_t gen;           /* bumped by every change of a count or the list */
	uint64_t list_gen;      /* bumped when a mailbox is added or removed */
};

/* ---- lists of mailboxes ---------------------------------------------- */

static void list_push(boxlist_t *l, mailbox_t *mb)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 8;
		l->v = xrealloc(l->v, l->cap * sizeof *l->v);
	}
	l->v[l->n++] = mb;
}

static void list_drop(boxlist_t *l, size_t i)
{
	assert(i < l->n);
	memmove(&l->v[i], &l->v[i + 1], (l->n - i - 1) * sizeof *l->v);
	l->n--;
}

static void mailbox_free(mailbox_t *mb)
{
	for (size_t i = 0; i < mb->n; i++)
		free(mb->msgs[i].data);
	free(mb->msgs);
	free(mb->addr);
	free(mb->login);
	free(mb->password);
	free(mb);
}

/* ---- the store --------------------------------------------------------- */

mailstore_t *mailstore_new(void)
{
	mailstore_t *ms = xcalloc(1, sizeof *ms);
	ms->next_uid = 1;
	return ms;
}

void mailstore_free(mailstore_t *ms)
{
	if (!ms)
		return;
	for (size_t i = 0; i < ms->boxes.n; i++)
		mailbox_free(ms->boxes.v[i]);
	for (size_t i = 0; i < ms->zombies.n; i++)
		mailbox_free(ms->zombies.v[i]);
	free(ms->boxes.v);
	free(ms->zombies.v);
	free(ms);
}

mailbox_t *mailstore_add(mailstore_t *ms, const char *addr, const char *login,
			 const char *password, long quota)
{
	assert(ms && addr);
	mailbox_t *mb = mailstore_by_addr(ms, addr);
	if (mb)
		return mb;
	mb = xcalloc(1, sizeof *mb);
	mb->store = ms;
	mb->addr = xstrdup(addr);
	mb->login = xstrdup(login);
	mb->password = xstrdup(password);
	mb->quota = quota;
	list_push(&ms->boxes, mb);
	ms->gen++;
	ms->list_gen++;
	return mb;
}

mailbox_t *mailstore_by_addr(mailstore_t *ms, const char *addr)
{
	assert(ms);
	if (!addr)
		return NULL;
	for (size_t i = 0; i < ms->boxes.n; i++)
		if (str_ieq(ms->boxes.v[i]->addr, addr))
			return ms->boxes.v[i];
	return NULL;
}

mailbox_t *mailstore_by_login(mailstore_t *ms, const char *login)
{
	assert(ms);
	if (!login)
		return NULL;
	for (size_t i = 0; i < ms->boxes.n; i++) {
		const char *l = ms->boxes.v[i]->login;
		if (l && strcmp(l, login) == 0)
			return ms->boxes.v[i];
	}
	return NULL;
}

void mailstore_remove(mailstore_t *ms, const char *addr)
{
	assert(ms);
	for (size_t i = 0; i < ms->boxes.n; i++) {
		mailbox_t *mb = ms->boxes.v[i];
		if (!str_ieq(mb->addr, addr))
			continue;
		list_drop(&ms->boxes, i);
		ms->gen++;
		ms->list_gen++;
		if (mb->locked) {
			mb->removed = 1;        /* freed by mailbox_unlock */
			list_push(&ms->zombies, mb);
		} else {
			mailbox_free(mb);
		}
		return;
	}
}

size_t mailstore_count(const mailstore_t *ms)
{
	return ms->boxes.n;
}

mailbox_t *mailstore_at(mailstore_t *ms, size_t i)
{
	return i < ms->boxes.n ? ms->boxes.v[i] : NULL;
}

/* ---- one mailbox --------------------------------------------------------- */

const char *mailbox_addr(const mailbox_t *mb) { return mb->addr; }
const char *mailbox_login(const mailbox_t *mb) { return mb->login ? mb->login : ""; }
long mailbox_quota(const mailbox_t *mb) { return mb->quota; }
void mailbox_set_quota(mailbox_t *mb, long quota) { mb->quota = quota; }
size_t mailbox_count(const mailbox_t *mb) { return mb->n; }
long mailbox_octets(const mailbox_t *mb) { return mb->octets; }

int mailbox_password_ok(const mailbox_t *mb, const char *pass)
{
	return mb->password && pass && strcmp(mb->password, pass) == 0;
}

const char *mailbox_password(const mailbox_t *mb)
{
	return mb->password ? mb->password : "";
}

void mailbox_set_password(mailbox_t *mb, const char *pass)
{
	free(mb->password);
	mb->password = xstrdup(pass);
}

const mail_msg_t *mailbox_msg(const mailbox_t *mb, size_t i)
{
	return i < mb->n ? &mb->msgs[i] : NULL;
}

int mailbox_is_full(const mailbox_t *mb)
{
	return mb->quota >= 0 && mb->octets >= mb->quota;
}

/* The octets to add so that the stored copy ends with CRLF. */
static const char *missing_crlf(const char *data, size_t len)
{
	if (len >= 2 && data[len - 2] == '\r' && data[len - 1] == '\n')
		return "";
	if (len >= 1 && data[len - 1] == '\r')
		return "\n";
	return "\r\n";
}

int mailbox_deliver(mailbox_t *mb, const char *data, size_t len)
{
	assert(mb && (data || len == 0));
	const char *tail = missing_crlf(data, len);
	size_t total = len + strlen(tail);
	if (mb->quota >= 0 && (unsigned long)mb->octets + total > (unsigned long)mb->quota)
		return -1;
	if (mb->n == mb->cap) {
		mb->cap = mb->cap ? 2 * mb->cap : 8;
		mb->msgs = xrealloc(mb->msgs, mb->cap * sizeof *mb->msgs);
	}
	mail_msg_t *m = &mb->msgs[mb->n++];
	m->data = xmalloc(total + 1);
	if (len)
		memcpy(m->data, data, len);
	memcpy(m->data + len, tail, strlen(tail) + 1);
	m->len = total;
	snprintf(m->uid, sizeof m->uid, "mp%08lX", mb->store->next_uid++);
	mb->octets += (long)total;
	mb->store->gen++;
	return 0;
}

/* ---- the POP3 lock (RFC 1939 8) ------------------------------------------ */

int mailbox_lock(mailbox_t *mb)
{
	if (mb->locked)
		return -1;
	mb->locked = 1;
	return 0;
}

void mailbox_unlock(mailbox_t *mb)
{
	mb->locked = 0;
	if (!mb->removed)
		return;
	boxlist_t *z = &mb->store->zombies;
	for (size_t i = 0; i < z->n; i++) {
		if (z->v[i] == mb) {
			list_drop(z, i);
			mailbox_free(mb);
			return;
		}
	}
	assert(!"a removed mailbox is always a zombie");
}

int mailbox_locked(const mailbox_t *mb)
{
	return mb->locked;
}

static int cmp_uid(const void *a, const void *b)
{
	const char *x = *(const char *const *)a, *y = *(const char *const *)b;
	return !x ? (y ? -1 : 0) : !y ? 1 : strcmp(x, y);
}

/* O((n + k) log k): a POP3 session may delete thousands of messages. */
void mailbox_remove_uids(mailbox_t *mb, const char *const *uids, size_t n)
{
	const char **sorted = xcalloc(n + 1, sizeof *sorted);
	if (n)
		memcpy(sorted, uids, n * sizeof *sorted);
	qsort(sorted, n, sizeof *sorted, cmp_uid);
	size_t keep = 0;
	for (size_t i = 0; i < mb->n; i++) {
		mail_msg_t *m = &mb->msgs[i];
		const char *key = m->uid;
		if (n && bsearch(&key, sorted, n, sizeof *sorted, cmp_uid)) {
			mb->octets -= (long)m->len;
			free(m->data);
		} else {
			mb->msgs[keep++] = *m;
		}
	}
	mb->n = keep;
	if (keep < mb->cap / 4 && mb->cap > 8) {   /* give the memory back */
		mb->cap = keep > 8 ? keep : 8;
		mb->msgs = xrealloc(mb->msgs, mb->cap * sizeof *mb->msgs);
	}
	mb->store->gen++;
	free(sorted);
}

uint64_t mailstore_generation(const mailstore_t *ms)
{
	return ms->gen;
}

uint64_t mailstore_list_generation(const mailstore_t *ms)
{
	return ms->list_gen;
}
