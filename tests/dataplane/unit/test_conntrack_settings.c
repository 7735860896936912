/* SPDX-License-Identifier: BSD-3-Clause */
/* The policy's conntrack section reaching the session table: its timeouts
 * and each guest's share, applied again when a policy changes them; a
 * change of the table's size refused on reload; and the sessions listed
 * through the control socket as `vmgatectl conntrack` shows them. */
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>
#include <rte_rcu_qsbr.h>

#include "control.h"
#include "control_json.h"
#include "counter.h"
#include "ct_settings.h"
#include "ctl_proto.h"
#include "cunit_runner.h"
#include "pipeline_harness.h"
#include "reload.h"

/* reload.c logs through the daemon's log type, which main.c registers. */
int vg_logtype_dp = RTE_LOGTYPE_USER1;

#define RULES \
	"policy = { default = \"deny\"; rules = (\n" \
	"  { name = \"dns\"; from = \"alpha\"; to = \"gamma\"; proto = \"udp\"; ports = 53;\n" \
	"    action = \"allow\"; stateful = true; },\n" \
	"  { name = \"web\"; from = \"alpha\"; to = \"beta\"; proto = \"tcp\"; ports = 80;\n" \
	"    action = \"allow\"; stateful = true; }\n" \
	"); };\n" \
	"attestation = { required = false; };\n"

#define CONNTRACK(per_guest, udp) \
	"conntrack = { max_sessions = 64; per_guest = " per_guest ";\n" \
	"  timeouts = { udp = " udp "; established = 900; }; };\n"

static struct dp_world w;

static int setup(void)
{
	return dp_eal_start();
}

static int teardown(void)
{
	dp_world_free(&w);
	return dp_eal_stop();
}

/* A world of text whose session table is the one the policy asks for. */
static void world(const char *text)
{
	struct ct_limits limits;
	struct ct_timeouts timeouts;

	dp_world_free(&w);
	CU_ASSERT_EQUAL_FATAL(dp_world_build(&w, text, HZ), 0);
	ct_settings(w.pol->cfg, &limits, &timeouts);
	CU_ASSERT_EQUAL_FATAL(dp_world_sessions(&w, &limits), 0);
	ct_table_configure(w.ct, limits.per_guest, &timeouts);
}

static struct pkt_meta dns(uint16_t sport, uint64_t now, bool reply)
{
	struct flow f = reply ? flow(4, GAMMA, ALPHA, IPPROTO_UDP, 53, sport)
			      : flow(4, ALPHA, GAMMA, IPPROTO_UDP, sport, 53);

	return send_flow(&w, reply ? GAMMA : ALPHA, now, &f);
}

static void test_defaults_are_the_tables_defaults(void)
{
	const struct vg_config *cfg = dp_config(IDENTITIES RULES);
	struct ct_limits limits;
	struct ct_timeouts timeouts;

	CU_ASSERT_PTR_NOT_NULL_FATAL(cfg);
	ct_settings(cfg, &limits, &timeouts);
	CU_ASSERT_EQUAL(limits.max_sessions, 65536);
	CU_ASSERT_EQUAL(limits.per_guest, 16384);
	/* Every state has a name in the policy, and the same default. */
	for (int s = 0; s < CT_STATE_MAX; s++) {
		bool named = false;

		for (unsigned i = 0; vg_ct_timeout_name(i); i++)
			named |= strcmp(vg_ct_timeout_name(i), ct_state_name((enum ct_state)s)) == 0;
		CU_ASSERT_TRUE(named);
		CU_ASSERT_EQUAL(timeouts.s[s], CT_TIMEOUTS_DEFAULT.s[s]);
	}
	vg_config_free(cfg);
}

static void test_timeouts_reach_the_states_they_name(void)
{
	const struct vg_config *cfg = dp_config(IDENTITIES RULES CONNTRACK("4", "5"));
	struct ct_limits limits;
	struct ct_timeouts timeouts;

	CU_ASSERT_PTR_NOT_NULL_FATAL(cfg);
	ct_settings(cfg, &limits, &timeouts);
	CU_ASSERT_EQUAL(limits.max_sessions, 64);
	CU_ASSERT_EQUAL(limits.per_guest, 4);
	CU_ASSERT_EQUAL(timeouts.s[CT_UDP], 5);
	CU_ASSERT_EQUAL(timeouts.s[CT_ESTABLISHED], 900);
	CU_ASSERT_EQUAL(timeouts.s[CT_ICMP], CT_TIMEOUTS_DEFAULT.s[CT_ICMP]);
	CU_ASSERT_EQUAL(timeouts.s[CT_SYN_SENT], CT_TIMEOUTS_DEFAULT.s[CT_SYN_SENT]);
	vg_config_free(cfg);
}

static void test_a_udp_session_lives_as_long_as_the_policy_says(void)
{
	world(IDENTITIES RULES CONNTRACK("4", "5"));
	EXPECT_TX(dns(5000, T0, false), GAMMA);
	EXPECT_TX(dns(5000, T0 + 5 * HZ - 1, true), ALPHA);
	/* Idle for 5 s after the reply: gone (the default would be 30 s). */
	EXPECT_DROP(dns(5000, T0 + 10 * HZ, true), VG_DROP_DEFAULT_DENY);
}

static void test_a_guests_share_is_the_policys(void)
{
	world(IDENTITIES RULES CONNTRACK("2", "30"));
	EXPECT_TX(dns(5000, T0, false), GAMMA);
	EXPECT_TX(dns(5001, T0, false), GAMMA);
	EXPECT_DROP(dns(5002, T0, false), VG_DROP_CT_GUEST_FULL);
	/* A policy with a larger share lets the guest open more. */
	ct_table_configure(w.ct, 3, &CT_TIMEOUTS_DEFAULT);
	EXPECT_TX(dns(5002, T0, false), GAMMA);
	EXPECT_DROP(dns(5003, T0, false), VG_DROP_CT_GUEST_FULL);
}

/* The sessions document of guest (VG_GUEST_NONE: all) at the test's clock,
 * one second after T0. */
static struct json_object *listing(uint16_t guest, uint32_t limit)
{
	struct dataplane dp = { .topo = w.topo, .policy = w.pol, .ct = w.ct };

	return conntrack_sessions_json(&dp, guest, limit, T0 + HZ, HZ);
}

/* What the control socket answers to CTL_CONNTRACK for guest. */
static int ask(const char *guest, uint32_t limit, struct json_object **doc)
{
	struct dataplane dp = { .topo = w.topo, .policy = w.pol, .ct = w.ct };
	struct ctl_conntrack req = { .limit = limit };
	char *reply = NULL;
	int rc;

	snprintf(req.guest, sizeof(req.guest), "%s", guest);
	rc = control_handle(&dp, CTL_CONNTRACK, &req, sizeof(req), &reply);
	*doc = reply ? json_tokener_parse(reply) : NULL;
	free(reply);
	return rc;
}

static const char *field(struct json_object *o, const char *path1, const char *path2)
{
	struct json_object *v = json_object_object_get(o, path1);

	if (path2)
		v = json_object_object_get(v, path2);
	return v ? json_object_get_string(v) : "(absent)";
}

static void test_sessions_are_listed_with_opener_state_rule_and_counters(void)
{
	struct json_object *doc, *a, *s;
	struct flow syn = flow(4, ALPHA, BETA, IPPROTO_TCP, 40000, 80);

	world(IDENTITIES RULES CONNTRACK("8", "30"));
	EXPECT_TX(dns(5000, T0, false), GAMMA);
	EXPECT_TX(dns(5000, T0, true), ALPHA);
	EXPECT_TX(send_flow(&w, ALPHA, T0, &syn), BETA);

	doc = listing(VG_GUEST_NONE, 1000);
	CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
	CU_ASSERT_EQUAL(json_object_get_uint64(json_object_object_get(doc, "matched")), 2);
	CU_ASSERT_EQUAL(json_object_get_uint64(json_object_object_get(doc, "capacity")), 64);
	a = json_object_object_get(doc, "sessions");
	CU_ASSERT_EQUAL_FATAL(json_object_array_length(a), 2);
	for (size_t i = 0; i < 2; i++) {
		s = json_object_array_get_idx(a, i);
		if (strcmp(field(s, "proto", NULL), "udp") == 0) {
			CU_ASSERT_STRING_EQUAL(field(s, "from", "guest"), "alpha");
			CU_ASSERT_STRING_EQUAL(field(s, "from", "addr"), "10.0.0.10");
			CU_ASSERT_STRING_EQUAL(field(s, "from", "port"), "5000");
			CU_ASSERT_STRING_EQUAL(field(s, "to", "guest"), "gamma");
			CU_ASSERT_STRING_EQUAL(field(s, "to", "port"), "53");
			CU_ASSERT_STRING_EQUAL(field(s, "state", NULL), "udp");
			CU_ASSERT_STRING_EQUAL(field(s, "rule", NULL), "dns");
			CU_ASSERT_STRING_EQUAL(field(s, "packets", NULL), "1");
			CU_ASSERT_STRING_EQUAL(field(s, "reply_packets", NULL), "1");
			CU_ASSERT_STRING_EQUAL(field(s, "expires_in_s", NULL), "29");
		} else {
			CU_ASSERT_STRING_EQUAL(field(s, "proto", NULL), "tcp");
			CU_ASSERT_STRING_EQUAL(field(s, "from", "guest"), "alpha");
			CU_ASSERT_STRING_EQUAL(field(s, "to", "guest"), "beta");
			CU_ASSERT_STRING_EQUAL(field(s, "to", "port"), "80");
			CU_ASSERT_STRING_EQUAL(field(s, "state", NULL), "syn_sent");
			CU_ASSERT_STRING_EQUAL(field(s, "rule", NULL), "web");
		}
	}
	json_object_put(doc);

	/* One guest's sessions; a limit. */
	doc = listing(GAMMA, 1000);
	CU_ASSERT_EQUAL(json_object_get_uint64(json_object_object_get(doc, "matched")), 1);
	json_object_put(doc);
	doc = listing(VG_GUEST_NONE, 1);
	CU_ASSERT_EQUAL(json_object_get_uint64(json_object_object_get(doc, "matched")), 2);
	CU_ASSERT_EQUAL(json_object_get_uint64(json_object_object_get(doc, "shown")), 1);
	json_object_put(doc);
	/* Past the UDP timeout, only the TCP session is live. */
	doc = conntrack_sessions_json(&(struct dataplane){ .topo = w.topo, .policy = w.pol,
							   .ct = w.ct },
				      VG_GUEST_NONE, 1000, T0 + 31 * HZ, HZ);
	CU_ASSERT_EQUAL(json_object_get_uint64(json_object_object_get(doc, "matched")), 1);
	json_object_put(doc);
}

static void test_the_control_socket_answers_by_guest_name(void)
{
	struct json_object *doc;

	CU_ASSERT_EQUAL(ctl_request_size(CTL_CONNTRACK), sizeof(struct ctl_conntrack));
	CU_ASSERT_EQUAL(ask("gamma", 0, &doc), 0);
	CU_ASSERT_PTR_NOT_NULL(json_object_object_get(doc, "sessions"));
	CU_ASSERT_EQUAL(json_object_get_uint64(json_object_object_get(doc, "capacity")), 64);
	json_object_put(doc);
	CU_ASSERT_EQUAL(ask("nosuch", 0, &doc), -ENOENT);
	CU_ASSERT_PTR_NULL(doc);
}

static void test_hostile_listing_requests_are_refused(void)
{
	struct dataplane dp = { .topo = w.topo, .policy = w.pol, .ct = w.ct };
	struct ctl_conntrack req;
	char *reply = NULL;

	memset(&req, 'x', sizeof(req));          /* a name without its NUL */
	req.limit = 10;
	CU_ASSERT_EQUAL(control_handle(&dp, CTL_CONNTRACK, &req, sizeof(req), &reply),
			-EINVAL);
	memset(&req, 0, sizeof(req));
	req.limit = 1u << 30;                    /* more than any table */
	CU_ASSERT_EQUAL(control_handle(&dp, CTL_CONNTRACK, &req, sizeof(req), &reply),
			-EINVAL);
	CU_ASSERT_PTR_NULL(reply);
}

static void test_reload_may_change_timeouts_but_not_the_tables_size(void)
{
	struct rte_rcu_qsbr *q = calloc(1, rte_rcu_qsbr_get_memsize(1));
	struct dataplane dp;
	struct vg_diag *diag = vg_diag_new();
	char path[256];

	world(IDENTITIES RULES CONNTRACK("8", "30"));
	dp = (struct dataplane){ .topo = w.topo, .policy = w.pol, .ct = w.ct, .qsbr = q };
	CU_ASSERT_FATAL(q && rte_rcu_qsbr_init(q, 1) == 0);
	CU_ASSERT_FATAL(dp_temp_file(path, sizeof(path), IDENTITIES RULES
				     "conntrack = { max_sessions = 128; };\n") == 0);
	dp.config_path = path;
	CU_ASSERT_EQUAL(reload_policy(&dp, diag), -EINVAL);
	CU_ASSERT_PTR_NOT_NULL(strstr(dp.last_reload_error, "conntrack.max_sessions"));
	CU_ASSERT_PTR_EQUAL(dp.policy, w.pol);
	unlink(path);
	CU_ASSERT_FATAL(dp_temp_file(path, sizeof(path),
				     IDENTITIES RULES CONNTRACK("2", "7")) == 0);
	dp.config_path = path;
	CU_ASSERT_EQUAL_FATAL(reload_policy(&dp, diag), 0);
	w.pol = dp.policy;       /* the old one was freed */
	CU_ASSERT_EQUAL(w.pol->cfg->conntrack.timeout_s[7], 7);
	vg_diag_free(diag);
	unlink(path);
	free(q);
}

static const struct vg_test tests[] = {
	VG_TEST(test_defaults_are_the_tables_defaults),
	VG_TEST(test_timeouts_reach_the_states_they_name),
	VG_TEST(test_a_udp_session_lives_as_long_as_the_policy_says),
	VG_TEST(test_a_guests_share_is_the_policys),
	VG_TEST(test_sessions_are_listed_with_opener_state_rule_and_counters),
	VG_TEST(test_the_control_socket_answers_by_guest_name),
	VG_TEST(test_hostile_listing_requests_are_refused),
	VG_TEST(test_reload_may_change_timeouts_but_not_the_tables_size),
	VG_TESTS_END
};

int main(void)
{
	const struct vg_suite suites[] = {
		{ "dataplane-conntrack-settings", setup, teardown, tests }, { NULL },
	};

	return vg_test_main(suites);
}
