/* test_explain.c — CUnit suite for the explain module (placeholder: filled by its owner). */
#include "suites.h"

CU_TestInfo explain_tests[] = {
	CU_TEST_INFO_NULL,
};
