/* SPDX-License-Identifier: BSD-3-Clause */
/* vmgate-dataplane: every frame between guests crosses this process. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_lcore.h>
#include <rte_malloc.h>
#include <rte_rcu_qsbr.h>

#include "control.h"
#include "ctl_dirs.h"
#include "ctl_proto.h"
#include "ctl_server.h"
#include "ct_settings.h"
#include "ct_table.h"
#include "dataplane.h"
#include "eal_args.h"
#include "mirror.h"
#include "ports.h"
#include "reload.h"
#include "sig_events.h"

RTE_LOG_REGISTER(vg_logtype_dp, vmgate.dataplane, INFO);

static struct dataplane *signalled;

static void on_signal(int sig)
{
	if (sig == SIGHUP)
		__atomic_store_n(&signalled->reload_requested, true, __ATOMIC_RELEASE);
	else
		__atomic_store_n(&signalled->stop, true, __ATOMIC_RELEASE);
}

static void usage(FILE *out)
{
	fprintf(out, "usage: vmgate-dataplane [-c FILE] [-- EAL options]\n"
		"  -c FILE   the policy file (default %s)\n", VG_DEFAULT_CONFIG);
}

/* The mirror's targets, opened once for the process's life (after the
 * ports: the pcapng file lists them). */
static int start_mirror(struct dataplane *dp, const struct vg_config *cfg)
{
	const struct vg_mirror *m = &cfg->mirror;
	char why[512];

	if (!m->present)
		return 0;
	dp->mirror = dp_mirror_new(m, cfg->gateway.name, dp->ports, dp->n_ports, why,
				   sizeof(why));
	if (!dp->mirror) {
		DP_LOG(ERR, "mirror: %s", why);
		return -EIO;
	}
	DP_LOG(INFO, "mirror: frames of %zu rule(s)%s to%s%s%s%s, %u bytes of each",
	       m->n_rules, m->drops ? " and every dropped frame" : "",
	       m->pcapng ? " pcapng " : "", m->pcapng ? m->pcapng : "",
	       m->tap ? " TAP " : "", m->tap ? m->tap : "", m->snaplen);
	return 0;
}

static int start(struct dataplane *dp, const struct vg_config *cfg)
{
	struct ct_limits ct_limits;
	struct ct_timeouts ct_timeouts;
	const char *err = NULL;
	struct dp_policy *pol;
	size_t qsbr_size = rte_rcu_qsbr_get_memsize(1);

	dp->topo = dp_topology_build(cfg, &err);
	if (!dp->topo) {
		DP_LOG(ERR, "%s", err);
		return -EINVAL;
	}
	dp->grants = dp_grants_new(dp->topo->n_guests, rte_get_tsc_hz());
	ct_settings(cfg, &ct_limits, &ct_timeouts);
	dp->ct = ct_table_new("vg_ct", dp->topo->n_guests, &ct_limits, &ct_timeouts,
			      rte_get_tsc_hz(), (int)rte_socket_id());
	if (!dp->ct) {
		DP_LOG(ERR, "cannot allocate the session table: %u sessions "
		       "(conntrack.max_sessions) in %u MB (gateway.memory_mb)",
		       ct_limits.max_sessions, cfg->gateway.memory_mb);
		return -ENOMEM;
	}
	dp->events = sig_events_new(rte_get_tsc_hz());
	dp->qsbr = rte_zmalloc("vg_qsbr", qsbr_size, RTE_CACHE_LINE_SIZE);
	if (!dp->grants || !dp->ct || !dp->events || !dp->qsbr || rte_rcu_qsbr_init(dp->qsbr, 1) < 0)
		return -ENOMEM;
	if (ports_create(dp, cfg) < 0)
		return -EIO;
	if (start_mirror(dp, cfg) < 0)
		return -EIO;
	pol = dp_policy_build(cfg, NULL, &err);
	if (!pol) {
		DP_LOG(ERR, "cannot compile the policy: %s", err);
		return -EINVAL;
	}
	reload_publish_first(dp, pol);
	if (cfg->gateway.idle == VG_IDLE_INTERRUPT)
		DP_LOG(WARNING, "idle = \"interrupt\" is not implemented yet: sleeping "
		       "adaptively instead (at most 2 ms between polls)");
	if (!pol->attestation_required)
		DP_LOG(WARNING, "*** attestation.required is false: EVERY configured pair "
		       "of guests is granted without attestation. For labs only. ***");
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct dataplane dp = { .config_path = VG_DEFAULT_CONFIG };
	struct control_args ca = { .dp = &dp };
	const struct vg_config *cfg;
	struct eal_args eal;
	char sock[PATH_MAX];
	pthread_t ctl;
	int c, r, rc = 1;

	while ((c = getopt_long(argc, argv, "+c:h", opts, NULL)) != -1) {
		if (c == 'c') {
			dp.config_path = optarg;
		} else {
			usage(c == 'h' ? stdout : stderr);
			return c == 'h' ? 0 : 2;
		}
	}
	cfg = vg_config_load_or_report(dp.config_path, stderr);
	if (!cfg)
		return 1;
	r = ctl_make_dirs(cfg->gateway.runtime_dir, 0755);
	if (r == 0)
		r = ctl_socket_path(cfg->gateway.runtime_dir, "dataplane", sock, sizeof(sock));
	if (r < 0) {
		fprintf(stderr, "vmgate-dataplane: %s: %s\n", cfg->gateway.runtime_dir, strerror(-r));
		return 1;
	}
	if (eal_args_build(cfg, argv[0], argc - optind, argv + optind, &eal) < 0 ||
	    rte_eal_init(eal.argc, eal.argv) < 0) {
		fprintf(stderr, "vmgate-dataplane: cannot initialise DPDK\n");
		return 1;
	}
	DP_LOG(INFO, "memory: %s", eal.hugepages ? "hugepages" : "no hugepages (memfd)");
	time(&dp.started);
	signalled = &dp;
	signal(SIGHUP, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
	if (start(&dp, cfg) < 0)
		goto out;
	ca.srv = ctl_server_open(sock, &r);
	if (!ca.srv) {
		DP_LOG(ERR, "cannot listen on %s: %s", sock, strerror(-r));
		goto out;
	}
	r = rte_ctrl_thread_create(&ctl, "vg-control", NULL, control_thread, &ca);
	if (r != 0) {
		DP_LOG(ERR, "cannot start the control thread: %s", strerror(r));
		goto out;
	}
	DP_LOG(INFO, "ready: %u guests, %u rules, control socket %s",
	       dp.topo->n_guests, dp.policy->n_rules, sock);
	rc = worker_run(&dp) < 0;
	__atomic_store_n(&dp.stop, true, __ATOMIC_RELEASE);
	pthread_join(ctl, NULL);
out:
	ctl_server_close(ca.srv);
	/* The worker has stopped: the mirror writes what it holds and closes. */
	dp_mirror_free(dp.mirror);
	ports_destroy(&dp);
	if (dp.policy)
		reload_release(&dp);
	else
		vg_config_free(cfg);
	dp_grants_free(dp.grants);
	ct_table_free(dp.ct);
	sig_events_free(dp.events);
	dp_topology_free(dp.topo);
	rte_free(dp.qsbr);
	eal_shutdown();
	eal_args_free(&eal);
	DP_LOG(INFO, "stopped");
	return rc;
}
