/* test_dns.c — CUnit suite for the dns module (placeholder: filled by its owner). */
#include "suites.h"

CU_TestInfo dns_tests[] = {
	CU_TEST_INFO_NULL,
};
