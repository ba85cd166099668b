/* test_run.c — CUnit suite for the run module (placeholder: filled by its owner). */
#include "suites.h"

CU_TestInfo run_tests[] = {
	CU_TEST_INFO_NULL,
};
