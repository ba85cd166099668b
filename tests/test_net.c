/* test_net.c — CUnit suite for the net module (placeholder: filled by its owner). */
#include "suites.h"

CU_TestInfo net_tests[] = {
	CU_TEST_INFO_NULL,
};
