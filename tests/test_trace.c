/* test_trace.c — CUnit suite for the trace module (placeholder: filled by its owner). */
#include "suites.h"

CU_TestInfo trace_tests[] = {
	CU_TEST_INFO_NULL,
};
