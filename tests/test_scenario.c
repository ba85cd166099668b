/* test_scenario.c — CUnit suite for the scenario module (placeholder: filled by its owner). */
#include "suites.h"

CU_TestInfo scenario_tests[] = {
	CU_TEST_INFO_NULL,
};
