/* SPDX-License-Identifier: BSD-3-Clause */
/* The DPDK engine on the shared allow/deny table (cases.txt under
 * cases.conf): each case's frame through the whole pipeline, in order,
 * with the table's grants; the verdict must be the table's. The XDP
 * engine's test (xdp_cases.sh) reads the same table.
 *   test-filter-cases-dpdk POLICY TABLE */
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_tcp.h>

#include "cunit_runner.h"
#include "pipeline_harness.h"

#define SOURCE_PORT 40000
#define MIN_CASES 15

static const char *policy_path, *table_path;
static struct dp_world world;

static char *read_file(const char *path)
{
	FILE *f = fopen(path, "r");
	char *text = NULL;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0) {
		text = calloc(1, (size_t)n + 1);
		if (text && fread(text, 1, (size_t)n, f) != (size_t)n) {
			free(text);
			text = NULL;
		}
	}
	fclose(f);
	return text;
}

static int setup(void)
{
	char *text = read_file(policy_path);
	int r;

	if (!text) {
		fprintf(stderr, "cannot read %s\n", policy_path);
		return -1;
	}
	if (dp_eal_start() < 0) {
		free(text);
		return -1;
	}
	r = dp_world_build(&world, text, HZ);
	free(text);
	return r;
}

static int teardown(void)
{
	dp_world_free(&world);
	return dp_eal_stop();
}

static int guest_of(const char *name)
{
	static const char *const names[] = { "alpha", "beta", "gamma" };

	for (int i = 0; i < N_GUESTS; i++)
		if (strcmp(name, names[i]) == 0)
			return i;
	return -1;
}

static int reason_of(const char *name)
{
	for (int r = 0; r < VG_DROP_MAX; r++)
		if (strcmp(name, vg_drop_name((enum vg_drop_reason)r)) == 0)
			return r;
	return -1;
}

/* One case line's frame; false when the line is malformed. */
static bool case_flow(char *from, const char *to, const char *proto, const char *port,
		      struct flow *f, int *src)
{
	char *spoof = strchr(from, '!');
	const char *colon = strchr(port, ':');
	unsigned sport = colon ? (unsigned)atoi(port) : SOURCE_PORT;
	unsigned dport = (unsigned)atoi(colon ? colon + 1 : port);
	int dst;

	if (spoof)
		*spoof++ = '\0';
	*src = guest_of(from);
	dst = guest_of(to);
	if (*src < 0 || dst < 0 || sport > 65535 || dport > 65535)
		return false;
	if (strcmp(proto, "tcp") == 0 || strcmp(proto, "tcp-synack") == 0) {
		*f = flow(4, *src, dst, IPPROTO_TCP, (uint16_t)sport, (uint16_t)dport);
		if (proto[3]) {
			f->tcp_flags = RTE_TCP_SYN_FLAG | RTE_TCP_ACK_FLAG;
			f->seq = 5000;
			f->ack = 1001;     /* the SYN's sequence (1000) + 1 */
		}
	} else if (strcmp(proto, "udp") == 0) {
		*f = flow(4, *src, dst, IPPROTO_UDP, (uint16_t)sport, (uint16_t)dport);
	} else if (strcmp(proto, "icmp") == 0) {
		*f = flow(4, *src, dst, IPPROTO_ICMP, (uint16_t)dport, 0);
	} else {
		return false;
	}
	if (spoof && strcmp(spoof, "mac") == 0) {
		f->src_mac = mac("52:54:00:00:00:99");
	} else if (spoof && strcmp(spoof, "ip") == 0) {
		uint32_t ip = ip4("10.0.0.99");

		memcpy(f->src_ip, &ip, 4);
	} else if (spoof) {
		return false;
	}
	return true;
}

/* The verdict of one case against what the table expects. */
static bool verdict_is(struct pkt_meta m, const char *expected, int dst, unsigned line)
{
	if (strcmp(expected, "pass") == 0)
		return expect_tx_at(table_path, line, m, (uint16_t)dst);
	if (strncmp(expected, "drop:", 5) == 0 && reason_of(expected + 5) >= 0)
		return expect_drop_at(table_path, line, m, (enum vg_drop_reason)reason_of(expected + 5));
	CU_FAIL("the table names an unknown verdict");
	return false;
}

static void test_dpdk_engine_gives_the_tables_verdicts(void)
{
	FILE *f = fopen(table_path, "r");
	char line[512];
	unsigned lineno = 0, cases = 0;
	uint64_t now = T0;

	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	while (fgets(line, sizeof(line), f)) {
		char a[32], b[32], c[32], d[32], e[64];
		int n = sscanf(line, "%31s %31s %31s %31s %63s", a, b, c, d, e);
		struct flow fl;
		int src;

		lineno++;
		now++;
		if (n <= 0 || a[0] == '#')
			continue;
		if (strcmp(a, "grant") == 0 && n >= 3) {
			CU_ASSERT_EQUAL(dp_grants_add(world.grants, (uint16_t)guest_of(b),
						      (uint16_t)guest_of(c), 0, now), 0);
			continue;
		}
		if (strcmp(a, "revoke") == 0 && n >= 2) {
			CU_ASSERT(dp_grants_revoke(world.grants, (uint16_t)guest_of(b),
						   VG_GUEST_NONE, now) >= 0);
			continue;
		}
		if (n != 5 || !case_flow(a, b, c, d, &fl, &src)) {
			fprintf(stderr, "\n  %s:%u: malformed line", table_path, lineno);
			CU_FAIL("a malformed line in the table");
			continue;
		}
		cases++;
		if (!verdict_is(send_flow(&world, (uint16_t)src, now, &fl), e, guest_of(b), lineno))
			fprintf(stderr, "\n  %s:%u: case %u: %s", table_path, lineno, cases, line);
	}
	fclose(f);
	CU_ASSERT(cases >= MIN_CASES);
}

int main(int argc, char **argv)
{
	static const struct vg_test tests[] = {
		VG_TEST(test_dpdk_engine_gives_the_tables_verdicts),
		VG_TESTS_END,
	};
	static const struct vg_suite suites[] = {
		{ "filter-cases-dpdk", setup, teardown, tests },
		{ NULL, NULL, NULL, NULL },
	};

	if (argc != 3) {
		fprintf(stderr, "usage: %s POLICY TABLE\n", argv[0]);
		return 2;
	}
	policy_path = argv[1];
	table_path = argv[2];
	return vg_test_main(suites);
}
