/* SPDX-License-Identifier: BSD-3-Clause */
/* Connecting to a TPM, closing it, and its random numbers. */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "cunit_runner.h"
#include "tpm_fixture.h"

static void test_unreachable_tpm_is_enodev(void)
{
	struct vt_tpm *t = NULL;

	CU_ASSERT_EQUAL(vt_tpm_open("swtpm:path=/nonexistent/tpm.sock", &t), -ENODEV);
	CU_ASSERT_PTR_NULL(t);
	CU_ASSERT_EQUAL(vt_tpm_open("no-such-tcti", &t), -ENODEV);
	CU_ASSERT_EQUAL(vt_tpm_open(NULL, &t), -EINVAL);
}

/* The swtpm is already started: each open's Startup answers INITIALIZE,
 * which is fine, and each close's Shutdown leaves it usable. */
static void test_open_and_close_repeatedly(void)
{
	uint8_t x[32], y[32];

	for (int i = 0; i < 5; i++) {
		struct vt_tpm *t = fx_open(1);

		CU_ASSERT_PTR_NOT_NULL_FATAL(t);
		CU_ASSERT_EQUAL(vt_ca_public(t, x, y), 0);
		CU_ASSERT_EQUAL(vt_tpm_last_rc(t), 0);
		vt_tpm_close(t);
	}
	vt_tpm_close(NULL);
}

static void test_random_fills_more_than_one_tpm_answer(void)
{
	struct vt_tpm *t = fx_open(1);
	uint8_t a[100], b[100], zeros[16] = { 0 };

	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	memset(a, 0, sizeof(a));
	memset(b, 0, sizeof(b));
	CU_ASSERT_EQUAL(vt_random(t, a, sizeof(a)), 0);
	CU_ASSERT_EQUAL(vt_random(t, b, sizeof(b)), 0);
	CU_ASSERT_NOT_EQUAL(memcmp(a, b, sizeof(a)), 0);
	/* The tail beyond the first answers was filled too. */
	CU_ASSERT_NOT_EQUAL(memcmp(a + 84, zeros, 16), 0);
	CU_ASSERT_NOT_EQUAL(memcmp(b + 84, zeros, 16), 0);
	CU_ASSERT_EQUAL(vt_random(t, NULL, 0), 0);
	CU_ASSERT_EQUAL(vt_random(t, NULL, 1), -EINVAL);
	vt_tpm_close(t);
}

/* Recorded between this process and the TPM: the random bytes are not
 * visible there, so they may serve as keys. */
static void test_random_bytes_never_cross_the_bus_in_clear(void)
{
	char path[PATH_MAX];
	struct vt_tpm *rec = fx_open_recorded(1, path);
	uint8_t key[64], *bus;
	size_t len = 0;

	CU_ASSERT_PTR_NOT_NULL_FATAL(rec);
	CU_ASSERT_EQUAL(vt_random(rec, key, sizeof(key)), 0);
	vt_tpm_close(rec);
	bus = fx_read_file(path, &len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(bus);
	CU_ASSERT_TRUE(len > sizeof(key));
	for (size_t i = 0; i + 8 <= sizeof(key); i++)
		CU_ASSERT_FALSE(fx_contains(bus, len, key + i, 8));
	free(bus);
}

static const struct vg_test tests[] = {
	VG_TEST(test_unreachable_tpm_is_enodev),
	VG_TEST(test_open_and_close_repeatedly),
	VG_TEST(test_random_fills_more_than_one_tpm_answer),
	VG_TEST(test_random_bytes_never_cross_the_bus_in_clear),
	VG_TESTS_END
};

int main(void)
{
	static const struct vg_suite suites[] = {
		{ "tpm context", NULL, NULL, tests },
		{ NULL, NULL, NULL, NULL },
	};

	return vg_test_main(suites);
}
