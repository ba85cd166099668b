/* suites.h — every CUnit suite, one line each: tests/test_<module>.c defines
 * CU_TestInfo <module>_tests[]. The runner registers them from one table. */
#ifndef MP_TEST_SUITES_H
#define MP_TEST_SUITES_H

#include <CUnit/CUnit.h>

#define MP_SUITES(X) \
	X(util) \
	X(sched) \
	X(trace) \
	X(viewlog) \
	X(net) \
	X(dns) \
	X(linebuf) \
	X(smtp_server) \
	X(smtp_client) \
	X(smtp_starttls) \
	X(smtp_auth_tls) \
	X(mailbox) \
	X(pop3_server) \
	X(pop3_client) \
	X(pop3_stls) \
	X(pop3_auth_tls) \
	X(fault) \
	X(tls_record) \
	X(eavesdrop) \
	X(scenario) \
	X(explain) \
	X(run) \
	X(quiz) \
	X(diff) \
	X(volume) \
	X(pcap) \
	X(render_html) \
	X(ui_model) \
	X(ui_keys) \
	X(ui_model_quiz) \
	X(ui_whatif) \
	X(hostile)

#define MP_DECLARE_SUITE(name) extern CU_TestInfo name##_tests[];
MP_SUITES(MP_DECLARE_SUITE)

#endif
