/* SPDX-License-Identifier: BSD-3-Clause */
/* The shipped examples load and read back as the structs they describe. */
#include <dirent.h>
#include <json-c/json.h>
#include <stdio.h>
#include <string.h>

#include "config_fixture.h"
#include "config_json.h"

static const struct vg_config *load_example(const char *name)
{
	char path[512];
	struct vg_diag *diag = vg_diag_new();
	const struct vg_config *cfg;

	snprintf(path, sizeof(path), "%s/%s", EXAMPLES_DIR, name);
	cfg = vg_config_load(path, diag);
	if (!cfg)
		vg_diag_print(diag, stderr);
	vg_diag_free(diag);
	return cfg;
}

static void expect_ip(const struct vg_ip_prefix *ip, const char *text)
{
	char buf[64];

	vg_ip_prefix_format(ip, buf, sizeof(buf));
	CU_ASSERT_STRING_EQUAL(buf, text);
}

static void expect_mac(const struct vg_mac *mac, const char *text)
{
	char buf[24];

	vg_mac_format(mac, buf, sizeof(buf));
	CU_ASSERT_STRING_EQUAL(buf, text);
}

static void test_demo_gateway_and_guests(void)
{
	const struct vg_config *cfg = load_example("demo.conf");
	const struct vg_guest *web, *rogue;

	CU_ASSERT_PTR_NOT_NULL_FATAL(cfg);
	CU_ASSERT_STRING_EQUAL(cfg->gateway.name, "demo-gw");
	CU_ASSERT_STRING_EQUAL(cfg->gateway.runtime_dir, "/run/vmgate-demo");
	expect_mac(&cfg->gateway.control_mac, "02:00:00:77:00:01");
	expect_ip(&cfg->gateway.control_ipv4, "10.77.0.1/24");
	expect_ip(&cfg->gateway.control_ipv6, "fd00:77::1/64");
	CU_ASSERT_EQUAL(cfg->gateway.n_cores, 2);
	CU_ASSERT_STRING_EQUAL(cfg->root_tpm.tcti, "swtpm:path=/run/vmgate-demo/root-tpm.sock");
	CU_ASSERT_EQUAL_FATAL(cfg->n_guests, 4);
	web = vg_config_guest(cfg, "web");
	CU_ASSERT_PTR_NOT_NULL_FATAL(web);
	expect_mac(&web->mac, "52:54:00:77:00:10");
	expect_ip(&web->ipv4, "10.77.0.10/24");
	expect_ip(&web->ipv6, "fd00:77::10/64");
	CU_ASSERT_STRING_EQUAL(web->vhost_socket, "/run/vmgate-demo/vhost-web.sock");
	CU_ASSERT_EQUAL(web->vhost_mode, VG_VHOST_CLIENT);
	CU_ASSERT_TRUE(web->rate_limit.present);
	CU_ASSERT_EQUAL(web->rate_limit.kbps, 1000000);
	CU_ASSERT_EQUAL(web->rate_limit.burst_kb, 256);
	CU_ASSERT_FALSE(web->launch.present);
	rogue = vg_config_guest(cfg, "rogue");
	CU_ASSERT_PTR_NOT_NULL_FATAL(rogue);
	CU_ASSERT_FALSE(rogue->has_ipv6);
	CU_ASSERT_EQUAL(vg_config_group(cfg, "frontend")->n_members, 3);
	CU_ASSERT_EQUAL(vg_config_group(cfg, "backend")->n_members, 1);
	vg_config_free(cfg);
}

static void test_demo_policy_and_sections(void)
{
	const struct vg_config *cfg = load_example("demo.conf");
	const struct vg_rule *r;

	CU_ASSERT_PTR_NOT_NULL_FATAL(cfg);
	CU_ASSERT_EQUAL(cfg->policy.default_action, VG_ACTION_DENY);
	CU_ASSERT_EQUAL_FATAL(cfg->policy.n_rules, 5);
	r = &cfg->policy.rules[0];
	CU_ASSERT_STRING_EQUAL(r->name, "no-ssh");
	CU_ASSERT_EQUAL(r->action, VG_ACTION_DENY);
	CU_ASSERT_EQUAL(r->ports[0].lo, 22);
	r = &cfg->policy.rules[4];
	CU_ASSERT_STRING_EQUAL(r->name, "web-to-api");
	CU_ASSERT_EQUAL(r->n_ports, 2);
	CU_ASSERT_EQUAL(r->ports[1].lo, 8443);
	CU_ASSERT_EQUAL_FATAL(r->n_inspect, 1);
	CU_ASSERT_STRING_EQUAL(cfg->signatures[r->inspect[0]].name, "sql-injection");
	CU_ASSERT_EQUAL(cfg->signatures[0].len, strlen("' OR 1=1"));
	CU_ASSERT_EQUAL_FATAL(cfg->n_operators, 2);
	/* Relative certificate paths resolve against the policy's directory. */
	CU_ASSERT_STRING_EQUAL(cfg->operators[0].certificate,
			       EXAMPLES_DIR "/operators/alice.pem");
	CU_ASSERT_EQUAL(cfg->operators[1].role, VG_ROLE_USER);
	CU_ASSERT_EQUAL(cfg->attestation.pcr_mask, (1u << 8) | (1u << 9));
	CU_ASSERT_EQUAL(cfg->attestation.grant_ttl_s, 60);
	CU_ASSERT_EQUAL(cfg->attestation.reattest_interval_s, 20);
	CU_ASSERT_EQUAL(cfg->attestation.on_failure, VG_ON_FAILURE_ISOLATE);
	vg_config_free(cfg);
}

static void test_minimal_takes_the_defaults(void)
{
	const struct vg_config *cfg = load_example("minimal.conf");

	CU_ASSERT_PTR_NOT_NULL_FATAL(cfg);
	CU_ASSERT_STRING_EQUAL(cfg->gateway.runtime_dir, "/run/vmgate");
	CU_ASSERT_EQUAL(cfg->n_guests, 2);
	CU_ASSERT_EQUAL(cfg->n_groups, 0);
	CU_ASSERT_EQUAL(cfg->policy.n_rules, 1);
	CU_ASSERT_STRING_EQUAL(cfg->policy.rules[0].name, "#1");
	CU_ASSERT_TRUE(cfg->attestation.required);
	CU_ASSERT_EQUAL(cfg->attestation.grant_ttl_s, 300);
	CU_ASSERT_EQUAL(cfg->attestation.reattest_interval_s, 120);
	CU_ASSERT_EQUAL(cfg->attestation.on_failure, VG_ON_FAILURE_RESTART);
	CU_ASSERT_EQUAL(cfg->n_operators, 0);
	vg_config_free(cfg);
}

static void test_lab_runs_without_attestation(void)
{
	const struct vg_config *cfg = load_example("lab-no-attestation.conf");
	const struct vg_guest *a, *b;

	CU_ASSERT_PTR_NOT_NULL_FATAL(cfg);
	CU_ASSERT_FALSE(cfg->attestation.required);
	CU_ASSERT_EQUAL(cfg->gateway.idle, VG_IDLE_INTERRUPT);
	CU_ASSERT_EQUAL(cfg->gateway.hugepages, VG_HUGEPAGES_OFF);
	CU_ASSERT_EQUAL(cfg->gateway.memory_mb, 512);
	CU_ASSERT_FALSE(cfg->gateway.has_control_ipv4);
	a = vg_config_guest(cfg, "a");
	b = vg_config_guest(cfg, "b");
	CU_ASSERT_PTR_NOT_NULL_FATAL(a);
	CU_ASSERT_PTR_NOT_NULL_FATAL(b);
	CU_ASSERT_STRING_EQUAL(a->vhost_socket, "/run/vmgate-lab/a.sock");
	CU_ASSERT_EQUAL(a->vhost_mode, VG_VHOST_SERVER);
	CU_ASSERT_STRING_EQUAL(b->vhost_socket, "/tmp/vmgate-lab-b.sock");
	CU_ASSERT_EQUAL(cfg->policy.rules[1].proto, VG_PROTO_UDP);
	CU_ASSERT_EQUAL(cfg->policy.rules[1].n_ports, 2);
	CU_ASSERT_EQUAL(cfg->policy.rules[1].ports[1].lo, 6000);
	CU_ASSERT_EQUAL(cfg->policy.rules[1].src_ports[0].hi, 65535);
	vg_config_free(cfg);
}

static void test_measured_guests_decode_their_digests(void)
{
	const struct vg_config *cfg = load_example("measured-guests.conf");
	const struct vg_guest *vault;

	CU_ASSERT_PTR_NOT_NULL_FATAL(cfg);
	vault = vg_config_guest(cfg, "vault");
	CU_ASSERT_PTR_NOT_NULL_FATAL(vault);
	CU_ASSERT_TRUE(vault->launch.present);
	CU_ASSERT_STRING_EQUAL(vault->launch.kernel, "/var/lib/vmgate/images/vault/vmlinuz");
	CU_ASSERT_STRING_EQUAL(vault->launch.disk, EXAMPLES_DIR "/images/vault.qcow2");
	CU_ASSERT_STRING_EQUAL(vault->launch.cmdline, "console=ttyS0 quiet");
	CU_ASSERT_EQUAL(vault->launch.memory_mb, 512);
	CU_ASSERT_EQUAL(vault->launch.vcpus, 2);
	CU_ASSERT_EQUAL_FATAL(vault->measurements.kernel.n, 2);
	CU_ASSERT_EQUAL(vault->measurements.kernel.values[0][0], 0x9f);
	CU_ASSERT_EQUAL(vault->measurements.kernel.values[1][31], 0x52);
	CU_ASSERT_EQUAL(vault->measurements.disk.n, 1);
	CU_ASSERT_EQUAL(vault->rate_limit.pps, 20000);
	CU_ASSERT_EQUAL(vg_config_guest(cfg, "app")->launch.memory_mb, 256);
	CU_ASSERT_EQUAL(vg_config_guest(cfg, "app")->launch.vcpus, 1);
	CU_ASSERT_EQUAL(cfg->gateway.hugepages, VG_HUGEPAGES_ON);
	CU_ASSERT_EQUAL(cfg->attestation.pcr_mask, 0x700u);
	vg_config_free(cfg);
}

static void test_inspection_links_rules_to_signatures_and_programs(void)
{
	const struct vg_config *cfg = load_example("inspection.conf");
	const struct vg_rule *r;

	CU_ASSERT_PTR_NOT_NULL_FATAL(cfg);
	r = &cfg->policy.rules[0];
	CU_ASSERT_EQUAL_FATAL(r->n_inspect, 2);
	CU_ASSERT_EQUAL(r->inspect[1], 1);
	CU_ASSERT_EQUAL(cfg->signatures[1].len, 10);
	CU_ASSERT_EQUAL(cfg->signatures[1].pattern[9], 0x90);
	CU_ASSERT_EQUAL_FATAL(r->n_programs, 1);
	CU_ASSERT_STRING_EQUAL(cfg->programs[r->programs[0]].object,
			       "/usr/lib/vmgate/bpf/http_only.o");
	vg_config_free(cfg);
}

static void test_every_shipped_example_is_valid(void)
{
	DIR *d = opendir(EXAMPLES_DIR);
	struct dirent *e;
	int seen = 0;

	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	while ((e = readdir(d))) {
		size_t len = strlen(e->d_name);
		const struct vg_config *cfg;

		if (len < 5 || strcmp(e->d_name + len - 5, ".conf") != 0)
			continue;
		cfg = load_example(e->d_name);
		CU_ASSERT_PTR_NOT_NULL(cfg);
		vg_config_free(cfg);
		seen++;
	}
	closedir(d);
	CU_ASSERT_TRUE(seen >= 5);
}

static void test_json_document_has_stable_fields(void)
{
	const struct vg_config *cfg = load_example("demo.conf");
	struct json_object *doc, *v, *rule;

	CU_ASSERT_PTR_NOT_NULL_FATAL(cfg);
	doc = vg_config_to_json(cfg);
	CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
	CU_ASSERT_TRUE(json_object_object_get_ex(doc, "gateway", &v));
	CU_ASSERT_STRING_EQUAL(json_object_get_string(json_object_object_get(v, "name")),
			       "demo-gw");
	CU_ASSERT_TRUE(json_object_object_get_ex(doc, "guests", &v));
	CU_ASSERT_EQUAL(json_object_array_length(v), 4);
	CU_ASSERT_STRING_EQUAL(json_object_get_string(
		json_object_object_get(json_object_array_get_idx(v, 0), "ipv4")),
		"10.77.0.10/24");
	CU_ASSERT_TRUE(json_object_object_get_ex(doc, "policy", &v));
	rule = json_object_array_get_idx(json_object_object_get(v, "rules"), 1);
	CU_ASSERT_STRING_EQUAL(json_object_get_string(json_object_object_get(rule, "from")),
			       "@frontend");
	CU_ASSERT_STRING_EQUAL(json_object_get_string(json_object_object_get(rule, "to")),
			       "db");
	CU_ASSERT_STRING_EQUAL(json_object_get_string(json_object_array_get_idx(
		json_object_object_get(rule, "ports"), 0)), "5432");
	CU_ASSERT_TRUE(json_object_get_boolean(json_object_object_get(rule, "stateful")));
	CU_ASSERT_TRUE(json_object_object_get_ex(doc, "attestation", &v));
	CU_ASSERT_EQUAL(json_object_get_int(json_object_object_get(v, "grant_ttl")), 60);
	json_object_put(doc);
	vg_config_free(cfg);
}

static const struct vg_test tests[] = {
	VG_TEST(test_demo_gateway_and_guests),
	VG_TEST(test_demo_policy_and_sections),
	VG_TEST(test_minimal_takes_the_defaults),
	VG_TEST(test_lab_runs_without_attestation),
	VG_TEST(test_measured_guests_decode_their_digests),
	VG_TEST(test_inspection_links_rules_to_signatures_and_programs),
	VG_TEST(test_every_shipped_example_is_valid),
	VG_TEST(test_json_document_has_stable_fields),
	VG_TESTS_END
};

int main(void)
{
	const struct vg_suite suites[] = { { "config-examples", NULL, NULL, tests }, { NULL } };

	return vg_test_main(suites);
}
