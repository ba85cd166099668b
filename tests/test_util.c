/* test_util.c — CUnit suite for the util module (placeholder: filled by its owner). */
#include "suites.h"

CU_TestInfo util_tests[] = {
	CU_TEST_INFO_NULL,
};
