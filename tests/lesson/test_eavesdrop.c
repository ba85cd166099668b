/* test_eavesdrop.c — the eavesdropper: on the plaintext lesson an observer
 * on 2-3 reads Smith's AUTH PLAIN decoded and the message, on 4-5 boss's
 * PASS; on the TLS lesson the same observers read no secret and see TLS
 * records of the right sizes; the capture up to an event only grows. */
#include <string.h>

#include "core/tls_record.h"
#include "lesson/eavesdrop.h"
#include "run/run.h"
#include "suites.h"

typedef struct fx {
	scenario_t *sc;
	run_t *r;
} fx_t;

static void fx_run(fx_t *f, const char *name)
{
	strbuf_t err = STRBUF_INIT;
	f->sc = scenario_load(name, &err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f->sc);
	sb_free(&err);
	run_opts_t o = { 0 };
	f->r = run_new(f->sc, &o);
	CU_ASSERT_EQUAL(run_to_end(f->r), 0);
}

static void fx_free(fx_t *f)
{
	run_free(f->r);
	scenario_free(f->sc);
}

static eaves_t *observer(fx_t *f, const char *link)
{
	observe_link_t l;
	CU_ASSERT_EQUAL_FATAL(observe_link_parse(link, &l), 0);
	return eaves_new(run_world(f->r), run_trace(f->r), l);
}

static size_t secrets(const eaves_t *e, const trace_t *t, observe_secret_t *s, size_t max)
{
	return eaves_secrets(e, trace_count(t), s, max);
}

static void test_plaintext(void)
{
	fx_t f;
	fx_run(&f, "eavesdropper");
	const trace_t *t = run_trace(f.r);
	observe_secret_t s[8];
	eaves_t *e = observer(&f, "2-3");
	size_t n = secrets(e, t, s, 8);
	CU_ASSERT_EQUAL(n, 2);
	CU_ASSERT_STRING_EQUAL(s[0].text, "AUTH PLAIN smith / s3cret");
	CU_ASSERT(strstr(s[1].text, "Progress report") != NULL);
	int decoded = 0;
	for (size_t i = 0; i < eaves_count(e); i++)
		decoded |= strstr(eaves_seg(e, i)->text, "base64 of") != NULL && eaves_seg(e, i)->secret;
	CU_ASSERT(decoded);
	/* before the AUTH line crossed, nothing had been seen */
	CU_ASSERT_EQUAL(eaves_secrets(e, s[0].event - 1, s, 8), 0);
	eaves_free(e);
	e = observer(&f, "5-4");                        /* either order names the link */
	n = secrets(e, t, s, 8);
	CU_ASSERT(n >= 1);
	CU_ASSERT_STRING_EQUAL(s[0].text, "PASS s3cret (POP3, boss)");
	eaves_free(e);
	e = observer(&f, "3-dns");
	CU_ASSERT_EQUAL(secrets(e, t, s, 8), 0);
	CU_ASSERT(eaves_count(e) >= 4);                 /* the DNS queries and answers */
	CU_ASSERT(strstr(eaves_seg(e, 0)->text, "DNS ") == eaves_seg(e, 0)->text);
	eaves_free(e);
	fx_free(&f);
}

static void test_tls(void)
{
	fx_t f;
	fx_run(&f, "starttls");
	const trace_t *t = run_trace(f.r);
	const char *links[] = { "2-3", "3-4", "4-5" };
	for (size_t k = 0; k < 3; k++) {
		eaves_t *e = observer(&f, links[k]);
		observe_secret_t s[4];
		CU_ASSERT_EQUAL(secrets(e, t, s, 4), 0);
		size_t records = 0, prev = 0;
		for (size_t i = 0; i < eaves_count(e); i++) {
			const eaves_seg_t *g = eaves_seg(e, i);
			CU_ASSERT(strstr(g->text, "s3cret") == NULL);
			CU_ASSERT(strstr(g->text, "Progress report") == NULL);
			if (!g->readable) {
				records++;
				/* a record is its lines with CRLF plus the overhead */
				size_t plain = 0;
				for (size_t j = g->event; j <= g->last; j++)
					plain += strlen(trace_get(t, j)->text) + 2;
				CU_ASSERT_EQUAL(g->bytes, tlsrec_app_wire_len(plain));
			}
			size_t up = eaves_upto(e, g->event);
			CU_ASSERT(up >= prev && up == i + 1);
			prev = up;
		}
		CU_ASSERT(records > 5);
		eaves_free(e);
	}
	fx_free(&f);
}

CU_TestInfo eavesdrop_tests[] = {
	{ "plaintext: AUTH PLAIN decoded on 2-3, PASS on 4-5, DNS on 3-dns", test_plaintext },
	{ "TLS: no secret, records of the right sizes, the capture grows", test_tls },
	CU_TEST_INFO_NULL,
};
