/* SPDX-License-Identifier: BSD-3-Clause */
#include "cunit_runner.h"

#include <CUnit/Basic.h>
#include <stdio.h>

static int register_suites(const struct vg_suite *suites)
{
	for (const struct vg_suite *s = suites; s->name; s++) {
		CU_pSuite suite = CU_add_suite(s->name, s->init, s->cleanup);

		if (!suite)
			return -1;
		for (const struct vg_test *t = s->tests; t->name; t++)
			if (!CU_add_test(suite, t->name, t->fn))
				return -1;
	}
	return 0;
}

int vg_test_main(const struct vg_suite *suites)
{
	unsigned run, failed, asserts_failed, suites_failed;
	int rc;

	if (CU_initialize_registry() != CUE_SUCCESS) {
		fprintf(stderr, "CUnit: cannot initialise: %s\n", CU_get_error_msg());
		return 1;
	}
	if (register_suites(suites) < 0) {
		fprintf(stderr, "CUnit: cannot register tests: %s\n", CU_get_error_msg());
		CU_cleanup_registry();
		return 1;
	}
	CU_basic_set_mode(CU_BRM_VERBOSE);
	if (CU_basic_run_tests() != CUE_SUCCESS)
		fprintf(stderr, "CUnit: run error: %s\n", CU_get_error_msg());
	run = CU_get_number_of_tests_run();
	failed = CU_get_number_of_tests_failed();
	asserts_failed = CU_get_number_of_failures();
	suites_failed = CU_get_number_of_suites_failed();
	rc = CU_get_error() != CUE_SUCCESS || failed || asserts_failed ||
	     suites_failed || run == 0;
	printf("\n%u passed, %u failed\n", run - failed, failed);
	if (suites_failed)
		printf("%u suites could not be set up or torn down\n", suites_failed);
	if (run == 0)
		printf("no test ran\n");
	CU_cleanup_registry();
	return rc;
}
