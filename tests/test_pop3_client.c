/* test_pop3_client.c — CUnit suite for the pop3_client module (placeholder: filled by its owner). */
#include "suites.h"

CU_TestInfo pop3_client_tests[] = {
	CU_TEST_INFO_NULL,
};
