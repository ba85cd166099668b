/* smtp_server_path.c — the syntax of reverse- and forward-paths (RFC 5321
 * 4.1.2) and of the SIZE parameter (RFC 1870), for the SMTP server.
 *
 *   Path      = "<" [ A-d-l ":" ] Mailbox ">"
 *   Mailbox   = Local-part "@" ( Domain / address-literal )
 *   Local-part = Dot-string / Quoted-string
 *
 * Policy (which addresses exist, who may relay) is the hooks'; this file
 * only says whether a string is an address at all. */
#include <stdlib.h>
#include <string.h>

#include "smtp/smtp_server_int.h"

#include "core/proto_limits.h"

enum {
	LOCAL_PART_MAX = SMTP_LOCAL_PART_MAX,
	DOMAIN_MAX = SMTP_DOMAIN_MAX,
	PATH_OCTETS_MAX = SMTP_PATH_MAX,
	LABEL_MAX = DNS_LABEL_MAX,
};

static int is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* RFC 5322 3.2.3 atext */
static int is_atext(char c)
{
	return is_alpha(c) || is_digit(c) || (c && strchr("!#$%&'*+-/=?^_`{|}~", c));
}

/* Dot-string = Atom *("." Atom) */
static int dot_string_ok(const char *p, size_t n)
{
	if (n == 0 || p[0] == '.' || p[n - 1] == '.')
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (p[i] == '.' ? p[i + 1] == '.' : !is_atext(p[i]))
			return 0;
	}
	return 1;
}

/* Quoted-string = DQUOTE *( qtextSMTP / quoted-pairSMTP ) DQUOTE */
static int quoted_ok(const char *p, size_t n)
{
	if (n < 2 || p[0] != '"' || p[n - 1] != '"')
		return 0;
	for (size_t i = 1; i + 1 < n; i++) {
		unsigned char c = (unsigned char)p[i];
		if (c == '\\') {
			c = (unsigned char)p[++i];
			if (i + 1 >= n || c < 32 || c > 126)
				return 0;       /* quoted-pairSMTP = "\" %d32-126 */
		} else if (c < 32 || c > 126 || c == '"') {
			return 0;               /* qtextSMTP = %d32-33 / %d35-91 / %d93-126 */
		}
	}
	return 1;
}

/* IPv4-address-literal, or "IPv6:" and hex digits, colons and dots. */
static int literal_ok(const char *p, size_t n)
{
	if (n < 3 || p[0] != '[' || p[n - 1] != ']')
		return 0;
	p++, n -= 2;
	if (n > 5 && strncmp(p, "IPv6:", 5) == 0) {
		for (size_t i = 5; i < n; i++)
			if (!is_digit(p[i]) && !strchr("abcdefABCDEF:.", p[i]))
				return 0;
		return 1;
	}
	int groups = 0;
	for (size_t i = 0; i < n; groups++) {
		int val = 0;
		size_t start = i;
		while (i < n && is_digit(p[i]) && i - start < 3)
			val = val * 10 + (p[i++] - '0');
		if (i == start || val > 255 || (i < n && p[i++] != '.') || (i == n && p[n - 1] == '.'))
			return 0;
	}
	return groups == 4;
}

/* Domain = sub-domain *("." sub-domain); sub-domain = Let-dig [Ldh-str] */
static int domain_ok(const char *p, size_t n)
{
	if (n == 0 || n > DOMAIN_MAX)
		return 0;
	if (p[0] == '[')
		return literal_ok(p, n);
	size_t label = 0;
	for (size_t i = 0; i <= n; i++) {
		if (i == n || p[i] == '.') {
			if (label == 0 || label > LABEL_MAX || p[i - 1] == '-')
				return 0;
			label = 0;
		} else if (is_alpha(p[i]) || is_digit(p[i]) || (p[i] == '-' && label > 0)) {
			label++;
		} else {
			return 0;
		}
	}
	return 1;
}

int smtp_server_mailbox_ok(const char *m)
{
	const char *at = strrchr(m, '@');
	if (!at)
		return 0;
	size_t local = (size_t)(at - m);
	if (local > LOCAL_PART_MAX || !(dot_string_ok(m, local) || quoted_ok(m, local)))
		return 0;
	return domain_ok(at + 1, strlen(at + 1));
}

/* A-d-l = At-domain *( "," At-domain ); At-domain = "@" Domain */
static int route_ok(const char *p, size_t n)
{
	while (n > 0) {
		if (p[0] != '@')
			return 0;
		const char *comma = memchr(p, ',', n);
		size_t len = comma ? (size_t)(comma - p) : n;
		if (!domain_ok(p + 1, len - 1))
			return 0;
		if (!comma)
			return 1;
		p += len + 1;
		n -= len + 1;
		if (n == 0)
			return 0;
	}
	return 0;
}

smtp_path_t smtp_server_parse_path(const char *p, char **addr, const char **rest)
{
	*addr = NULL;
	if (*p != '<')
		return SMTP_PATH_SYNTAX;
	const char *q = p + 1;
	for (int quoted = 0; *q && (quoted || *q != '>'); q++) {
		if (quoted && *q == '\\' && q[1])
			q++;
		else if (*q == '"')
			quoted = !quoted;
	}
	if (*q != '>' || (q[1] != '\0' && q[1] != ' '))
		return SMTP_PATH_SYNTAX;
	if ((size_t)(q - p) + 1 > PATH_OCTETS_MAX)      /* RFC 5321 4.5.3.1.3 */
		return SMTP_PATH_BAD;
	const char *box = p + 1;
	if (*box == '@') {      /* RFC 5321 4.1.2: accept a source route, ignore it */
		const char *colon = memchr(box, ':', (size_t)(q - box));
		if (!colon || !route_ok(box, (size_t)(colon - box)))
			return SMTP_PATH_BAD;
		box = colon + 1;
	}
	*addr = xstrndup(box, (size_t)(q - box));
	*rest = q + 1;
	return SMTP_PATH_OK;
}

int smtp_server_parse_size(const char *val, long max, long *size)
{
	size_t n = strlen(val);
	if (n == 0 || strspn(val, "0123456789") != n)
		return -1;
	long v = 0;
	for (size_t i = 0; i < n; i++) {
		if (v > max)
			return 1;       /* no overflow: stop once it is too big */
		v = v * 10 + (val[i] - '0');
	}
	if (v > max)
		return 1;
	*size = v;
	return 0;
}
