/* runner.c — registers every suite of suites.h from one CU_SuiteInfo table,
 * runs them and exits non-zero on any failure. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/Basic.h>

#include "suites.h"

#define MP_SUITE_INFO(name) { .pName = #name, .pTests = name##_tests },

static CU_SuiteInfo suites[] = {
	MP_SUITES(MP_SUITE_INFO)
	CU_SUITE_INFO_NULL,
};

int main(int argc, char **argv)
{
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 2;
	if (CU_register_suites(suites) != CUE_SUCCESS) {
		fprintf(stderr, "test_runner: %s\n", CU_get_error_msg());
		CU_cleanup_registry();
		return 2;
	}
	CU_basic_set_mode(getenv("VERBOSE") ? CU_BRM_VERBOSE : CU_BRM_NORMAL);
	if (argc > 1) {
		/* test_runner SUITE: run one suite only */
		CU_pSuite s = CU_get_suite(argv[1]);
		if (!s) {
			fprintf(stderr, "test_runner: no suite '%s'\n", argv[1]);
			CU_cleanup_registry();
			return 2;
		}
		CU_basic_run_suite(s);
	} else {
		CU_basic_run_tests();
	}
	unsigned failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
	unsigned run = CU_get_number_of_tests_run();
	CU_cleanup_registry();
	if (run == 0) {
		fprintf(stderr, "test_runner: no test ran\n");
		return 1;
	}
	return failed ? 1 : 0;
}
