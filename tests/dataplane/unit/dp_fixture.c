/* SPDX-License-Identifier: BSD-3-Clause */
#include "dp_fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_lcore.h>
#include <rte_mempool.h>

#include "eal_args.h"

#define POOL_SIZE 511

static struct rte_mempool *pool;

int dp_eal_start(void)
{
	char prefix[64];
	char *argv[] = {
		"vmgate-test", "--no-huge", "-m", "256", "--no-pci", "--no-shconf",
		"--no-telemetry", "-l", "0", "--log-level=error", "--file-prefix",
		prefix, NULL,
	};
	int argc = (int)(sizeof(argv) / sizeof(argv[0])) - 1;

	/* Parallel test programs must not share EAL runtime files. */
	snprintf(prefix, sizeof(prefix), "vgunit%ld", (long)getpid());
	if (rte_eal_init(argc, argv) < 0) {
		fprintf(stderr, "rte_eal_init: %s\n", rte_strerror(rte_errno));
		return -1;
	}
	pool = rte_pktmbuf_pool_create("vgunit_frames", POOL_SIZE, 0, 0,
				       RTE_MBUF_DEFAULT_BUF_SIZE, (int)rte_socket_id());
	if (!pool) {
		fprintf(stderr, "mbuf pool: %s\n", rte_strerror(rte_errno));
		eal_shutdown();
		return -1;
	}
	return 0;
}

int dp_eal_stop(void)
{
	rte_mempool_free(pool);
	pool = NULL;
	return eal_shutdown() == 0 ? 0 : -1;
}

struct rte_mbuf *dp_mbuf(const uint8_t *frame, size_t len)
{
	struct rte_mbuf *m = rte_pktmbuf_alloc(pool);
	char *data;

	if (!m)
		return NULL;
	data = rte_pktmbuf_append(m, (uint16_t)len);
	if (!data) {
		rte_pktmbuf_free(m);
		return NULL;
	}
	memcpy(data, frame, len);
	return m;
}

const struct vg_config *dp_config(const char *text)
{
	struct vg_diag *diag = vg_diag_new();
	const struct vg_config *cfg;

	if (!diag)
		return NULL;
	cfg = vg_config_load_string(text, strlen(text), "test.conf", diag);
	if (!cfg)
		vg_diag_print(diag, stderr);
	vg_diag_free(diag);
	return cfg;
}

int dp_world_sessions(struct dp_world *w, const struct ct_limits *limits)
{
	static const struct ct_limits test_limits = DP_TEST_CT_LIMITS;
	static unsigned n;
	char name[32];

	/* rte_hash names are global: each table gets its own. */
	snprintf(name, sizeof(name), "vgunit_ct%u", ++n);
	ct_table_free(w->ct);
	w->ct = ct_table_new(name, w->topo->n_guests, limits ? limits : &test_limits,
			     &CT_TIMEOUTS_DEFAULT, w->tsc_hz, (int)rte_socket_id());
	return w->ct ? 0 : -1;
}

int dp_world_build(struct dp_world *w, const char *text, uint64_t tsc_hz)
{
	const struct vg_config *cfg = dp_config(text);
	const char *err = NULL;

	memset(w, 0, sizeof(*w));
	if (!cfg)
		return -1;
	w->topo = dp_topology_build(cfg, &err);
	if (!w->topo) {
		fprintf(stderr, "topology: %s\n", err);
		vg_config_free(cfg);
		return -1;
	}
	w->pol = dp_policy_build(cfg, NULL, &err);
	if (!w->pol) {
		fprintf(stderr, "policy: %s\n", err);
		vg_config_free(cfg);
		dp_world_free(w);
		return -1;
	}
	w->tsc_hz = tsc_hz;
	w->grants = dp_grants_new(w->topo->n_guests, tsc_hz);
	w->meters = dp_meters_new(w->topo->n_guests);
	w->events = sig_events_new(tsc_hz);
	if (!w->grants || !w->meters || !w->events || dp_world_sessions(w, NULL) < 0) {
		fprintf(stderr, "grants, meters, events or sessions: out of memory\n");
		dp_world_free(w);
		return -1;
	}
	return 0;
}

int dp_suite_start(struct dp_world *w, const char *text, uint64_t tsc_hz)
{
	if (dp_eal_start() < 0)
		return -1;
	if (dp_world_build(w, text, tsc_hz) < 0) {
		dp_eal_stop();
		return -1;
	}
	return 0;
}

int dp_suite_stop(struct dp_world *w)
{
	dp_world_free(w);
	return dp_eal_stop();
}

void dp_world_free(struct dp_world *w)
{
	ct_table_free(w->ct);
	dp_meters_free(w->meters);
	sig_events_free(w->events);
	dp_grants_free(w->grants);
	dp_policy_free(w->pol);
	dp_topology_free(w->topo);
	memset(w, 0, sizeof(*w));
}

int dp_temp_file(char *path, size_t size, const char *text)
{
	const char *dir = getenv("TMPDIR");
	size_t len = strlen(text);
	int fd;

	if ((size_t)snprintf(path, size, "%s/vgunitXXXXXX", dir ? dir : P_tmpdir) >= size)
		return -1;
	fd = mkstemp(path);
	if (fd < 0)
		return -1;
	if (write(fd, text, len) != (ssize_t)len) {
		close(fd);
		unlink(path);
		return -1;
	}
	close(fd);
	return 0;
}
