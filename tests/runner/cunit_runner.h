/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VG_CUNIT_RUNNER_H
#define VG_CUNIT_RUNNER_H

/*
 * One main() for every CUnit test program. CU_basic_run_tests() returns 0
 * even when tests fail; vg_test_main() returns non-zero when any assertion,
 * any test or any suite setup/teardown failed, or nothing ran at all.
 */

#include <CUnit/CUnit.h>

struct vg_test {
	const char *name;
	CU_TestFunc fn;
};

struct vg_suite {
	const char *name;
	CU_InitializeFunc init;     /* may be NULL */
	CU_CleanupFunc cleanup;     /* may be NULL */
	const struct vg_test *tests; /* ends with { NULL, NULL } */
};

/* suites ends with { NULL }. Returns the process exit status. */
int vg_test_main(const struct vg_suite *suites);

#define VG_TEST(fn) { #fn, fn }
#define VG_TESTS_END { NULL, NULL }

#endif
