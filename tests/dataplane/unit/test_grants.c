/* SPDX-License-Identifier: BSD-3-Clause */
/* The grant table: pairs live in both directions until their expiry (in
 * TSC ticks), forever with ttl 0, until revoked. */
#include <errno.h>

#include "cunit_runner.h"
#include "dp_fixture.h"
#include "grants.h"
#include "pkt_meta.h"

#define HZ 1000u           /* ticks per second: a ttl of 60 s is 60000 */
#define T0 5000u

static struct dp_grants *table(uint16_t n)
{
	struct dp_grants *g = dp_grants_new(n, HZ);

	CU_ASSERT_PTR_NOT_NULL_FATAL(g);
	return g;
}

static void test_grant_makes_the_pair_live_in_both_directions(void)
{
	struct dp_grants *g = table(3);

	CU_ASSERT_FALSE(dp_grant_live(g, 0, 1, T0));
	CU_ASSERT_EQUAL(dp_grants_add(g, 0, 1, 60, T0), 0);
	CU_ASSERT_TRUE(dp_grant_live(g, 0, 1, T0));
	CU_ASSERT_TRUE(dp_grant_live(g, 1, 0, T0));
	/* Only that pair. */
	CU_ASSERT_FALSE(dp_grant_live(g, 0, 2, T0));
	CU_ASSERT_FALSE(dp_grant_live(g, 2, 0, T0));
	CU_ASSERT_FALSE(dp_grant_live(g, 1, 2, T0));
	CU_ASSERT_FALSE(dp_grant_live(g, 2, 1, T0));
	dp_grants_free(g);
}

static void test_grant_expires_when_its_ttl_has_passed(void)
{
	struct dp_grants *g = table(3);

	CU_ASSERT_EQUAL(dp_grants_add(g, 0, 1, 60, T0), 0);
	CU_ASSERT_TRUE(dp_grant_live(g, 0, 1, T0 + 60 * HZ - 1));
	CU_ASSERT_TRUE(dp_grant_live(g, 1, 0, T0 + 60 * HZ - 1));
	CU_ASSERT_FALSE(dp_grant_live(g, 0, 1, T0 + 60 * HZ));
	CU_ASSERT_FALSE(dp_grant_live(g, 1, 0, T0 + 60 * HZ));
	CU_ASSERT_FALSE(dp_grant_live(g, 0, 1, T0 + 3600 * HZ));
	dp_grants_free(g);
}

static void test_regrant_moves_the_expiry_from_its_own_now(void)
{
	struct dp_grants *g = table(3);

	CU_ASSERT_EQUAL(dp_grants_add(g, 0, 1, 60, T0), 0);
	CU_ASSERT_EQUAL(dp_grants_add(g, 1, 0, 60, T0 + 30 * HZ), 0);
	CU_ASSERT_TRUE(dp_grant_live(g, 0, 1, T0 + 89 * HZ));
	CU_ASSERT_FALSE(dp_grant_live(g, 0, 1, T0 + 90 * HZ));
	dp_grants_free(g);
}

static void test_ttl_0_lives_until_revoked(void)
{
	struct dp_grants *g = table(3);

	CU_ASSERT_EQUAL(dp_grants_add(g, 0, 2, 0, T0), 0);
	CU_ASSERT_TRUE(dp_grant_live(g, 0, 2, T0));
	CU_ASSERT_TRUE(dp_grant_live(g, 2, 0, UINT64_MAX - 1));
	CU_ASSERT_EQUAL(dp_grants_revoke(g, 2, 0, T0), 1);
	CU_ASSERT_FALSE(dp_grant_live(g, 0, 2, T0));
	CU_ASSERT_FALSE(dp_grant_live(g, 2, 0, T0));
	dp_grants_free(g);
}

static void test_revoke_ends_one_pair_and_leaves_the_others(void)
{
	struct dp_grants *g = table(3);

	CU_ASSERT_EQUAL(dp_grants_add(g, 0, 1, 60, T0), 0);
	CU_ASSERT_EQUAL(dp_grants_add(g, 0, 2, 60, T0), 0);
	CU_ASSERT_EQUAL(dp_grants_add(g, 1, 2, 60, T0), 0);
	CU_ASSERT_EQUAL(dp_grants_revoke(g, 0, 1, T0 + 1), 1);
	CU_ASSERT_FALSE(dp_grant_live(g, 0, 1, T0 + 1));
	CU_ASSERT_FALSE(dp_grant_live(g, 1, 0, T0 + 1));
	CU_ASSERT_TRUE(dp_grant_live(g, 0, 2, T0 + 1));
	CU_ASSERT_TRUE(dp_grant_live(g, 2, 0, T0 + 1));
	CU_ASSERT_TRUE(dp_grant_live(g, 1, 2, T0 + 1));
	/* Nothing left to revoke for that pair. */
	CU_ASSERT_EQUAL(dp_grants_revoke(g, 1, 0, T0 + 1), 0);
	dp_grants_free(g);
}

static void test_revoking_an_expired_grant_counts_nothing(void)
{
	struct dp_grants *g = table(3);

	CU_ASSERT_EQUAL(dp_grants_add(g, 0, 1, 1, T0), 0);
	CU_ASSERT_EQUAL(dp_grants_revoke(g, 0, 1, T0 + HZ), 0);
	dp_grants_free(g);
}

static void test_revoke_all_of_a_guest_counts_its_live_grants_and_leaves_others(void)
{
	struct dp_grants *g = table(4);
	uint64_t now = T0 + 10 * HZ;

	CU_ASSERT_EQUAL(dp_grants_add(g, 0, 1, 60, T0), 0);
	CU_ASSERT_EQUAL(dp_grants_add(g, 2, 0, 0, T0), 0);
	CU_ASSERT_EQUAL(dp_grants_add(g, 0, 3, 5, T0), 0);     /* expired by now */
	CU_ASSERT_EQUAL(dp_grants_add(g, 1, 2, 60, T0), 0);
	CU_ASSERT_EQUAL(dp_grants_add(g, 3, 1, 60, T0), 0);
	CU_ASSERT_EQUAL(dp_grants_revoke(g, 0, VG_GUEST_NONE, now), 2);
	for (uint16_t i = 1; i < 4; i++) {
		CU_ASSERT_FALSE(dp_grant_live(g, 0, i, now));
		CU_ASSERT_FALSE(dp_grant_live(g, i, 0, now));
	}
	CU_ASSERT_TRUE(dp_grant_live(g, 1, 2, now));
	CU_ASSERT_TRUE(dp_grant_live(g, 2, 1, now));
	CU_ASSERT_TRUE(dp_grant_live(g, 3, 1, now));
	CU_ASSERT_EQUAL(dp_grants_revoke(g, 0, VG_GUEST_NONE, now), 0);
	dp_grants_free(g);
}

static void test_bad_indexes_and_self_pairs_are_einval(void)
{
	struct dp_grants *g = table(3);

	CU_ASSERT_EQUAL(dp_grants_add(g, 3, 0, 60, T0), -EINVAL);
	CU_ASSERT_EQUAL(dp_grants_add(g, 0, 3, 60, T0), -EINVAL);
	CU_ASSERT_EQUAL(dp_grants_add(g, 0, VG_GUEST_NONE, 60, T0), -EINVAL);
	CU_ASSERT_EQUAL(dp_grants_add(g, 1, 1, 60, T0), -EINVAL);
	CU_ASSERT_FALSE(dp_grant_live(g, 1, 1, T0));
	CU_ASSERT_EQUAL(dp_grants_revoke(g, 3, 0, T0), -EINVAL);
	CU_ASSERT_EQUAL(dp_grants_revoke(g, 0, 3, T0), -EINVAL);
	CU_ASSERT_EQUAL(dp_grants_revoke(g, 3, VG_GUEST_NONE, T0), -EINVAL);
	CU_ASSERT_EQUAL(dp_grants_revoke(g, 1, 1, T0), -EINVAL);
	dp_grants_free(g);
}

static const struct vg_test tests[] = {
	VG_TEST(test_grant_makes_the_pair_live_in_both_directions),
	VG_TEST(test_grant_expires_when_its_ttl_has_passed),
	VG_TEST(test_regrant_moves_the_expiry_from_its_own_now),
	VG_TEST(test_ttl_0_lives_until_revoked),
	VG_TEST(test_revoke_ends_one_pair_and_leaves_the_others),
	VG_TEST(test_revoking_an_expired_grant_counts_nothing),
	VG_TEST(test_revoke_all_of_a_guest_counts_its_live_grants_and_leaves_others),
	VG_TEST(test_bad_indexes_and_self_pairs_are_einval),
	VG_TESTS_END
};

int main(void)
{
	const struct vg_suite suites[] = {
		{ "dataplane-grants", dp_eal_start, dp_eal_stop, tests }, { NULL },
	};

	return vg_test_main(suites);
}
