/* test_sched.c — CUnit suite for the sched module (placeholder: filled by its owner). */
#include "suites.h"

CU_TestInfo sched_tests[] = {
	CU_TEST_INFO_NULL,
};
