/* test_mailbox.c — CUnit suite for the mailbox module (placeholder: filled by its owner). */
#include "suites.h"

CU_TestInfo mailbox_tests[] = {
	CU_TEST_INFO_NULL,
};
