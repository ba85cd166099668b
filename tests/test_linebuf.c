/* test_linebuf.c — CUnit suite for the linebuf module (placeholder: filled by its owner). */
#include "suites.h"

CU_TestInfo linebuf_tests[] = {
	CU_TEST_INFO_NULL,
};
