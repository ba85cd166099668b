/* test_fault.c — CUnit suite for the fault module (placeholder: filled by its owner). */
#include "suites.h"

CU_TestInfo fault_tests[] = {
	CU_TEST_INFO_NULL,
};
