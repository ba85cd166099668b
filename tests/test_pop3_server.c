/* test_pop3_server.c — CUnit suite for the pop3_server module (placeholder: filled by its owner). */
#include "suites.h"

CU_TestInfo pop3_server_tests[] = {
	CU_TEST_INFO_NULL,
};
