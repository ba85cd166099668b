/* test_smtp_server.c — CUnit suite for the smtp_server module (placeholder: filled by its owner). */
#include "suites.h"

CU_TestInfo smtp_server_tests[] = {
	CU_TEST_INFO_NULL,
};
