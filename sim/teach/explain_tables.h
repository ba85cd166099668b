/* explain_tables.h — internal to the explain module: its entries live in
 * three files by subject (explain_smtp.c, explain_pop3.c, explain_path.c);
 * explain.c looks them up. Not for other modules: include explain.h. */
#ifndef MP_EXPLAIN_TABLES_H
#define MP_EXPLAIN_TABLES_H

#include <stddef.h>

#include "teach/explain.h"

/* One entry, written the same way in every table. */
#define EXPLAIN(k, ti, te, r) { .key = (k), .title = (ti), .text = (te), .rfc = (r) }

extern const explain_t explain_smtp_table[];   /* SMTP commands, replies, content, states */
extern const size_t explain_smtp_count;
extern const explain_t explain_pop3_table[];   /* POP3 commands, responses, states */
extern const size_t explain_pop3_count;
extern const explain_t explain_path_table[];   /* TCP, DNS, network, queue, mail, faults, notes */
extern const size_t explain_path_count;
extern const explain_t explain_tls_table[];    /* TLS: the handshake, STLS, the eavesdropper */
extern const size_t explain_tls_count;
extern const explain_t explain_serve_table[];  /* serve: the real TLS handshake */
extern const size_t explain_serve_count;

#endif
