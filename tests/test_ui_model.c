/* test_ui_model.c — CUnit suite for the ui_model module (placeholder: filled by its owner). */
#include "suites.h"

CU_TestInfo ui_model_tests[] = {
	CU_TEST_INFO_NULL,
};
