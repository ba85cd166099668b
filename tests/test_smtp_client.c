/* test_smtp_client.c — CUnit suite for the smtp_client module (placeholder: filled by its owner). */
#include "suites.h"

CU_TestInfo smtp_client_tests[] = {
	CU_TEST_INFO_NULL,
};
