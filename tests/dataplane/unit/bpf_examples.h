/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VG_TEST_BPF_EXAMPLES_H
#define VG_TEST_BPF_EXAMPLES_H

/* The eBPF objects meson built for the tests (VG_BPF_EXAMPLES is defined
 * only when clang was found), and what a test says without them. */

#include <stdio.h>

#define EXAMPLE(name) VG_BPF_EXAMPLES "/" name ".o"
#define TEST_PROGRAM(name) VG_BPF_TEST_PROGRAMS "/" name ".o"

/* A test's exit status when there is no program to load: skipped, and why. */
static inline int bpf_examples_missing(void)
{
	fprintf(stderr, "SKIP: clang was not found when vmgate was configured, so no eBPF "
		"program was built and there is nothing to load (tools/setup.sh installs "
		"clang; then run meson setup --reconfigure)\n");
	return 77;
}

#endif
