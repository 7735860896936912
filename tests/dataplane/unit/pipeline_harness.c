/* SPDX-License-Identifier: BSD-3-Clause */
#include "pipeline_harness.h"

#include <stdio.h>
#include <string.h>

#include <rte_tcp.h>

#include "cunit_runner.h"

const char *const mac_of[] = {
	"52:54:00:00:00:0a", "52:54:00:00:00:0b", "52:54:00:00:00:0c", "02:00:00:00:00:01",
};
const char *const ipv4_of[] = { "10.0.0.10", "10.0.0.11", "10.0.0.12", "10.0.0.1" };
const char *const ipv6_of[] = { "fd00::a", "fd00::b", "fd00::c", "fd00::1" };

void no_grants(struct dp_world *w)
{
	dp_grants_free(w->grants);
	w->grants = dp_grants_new(N_GUESTS, HZ);
	CU_ASSERT_PTR_NOT_NULL_FATAL(w->grants);
}

void all_grants(struct dp_world *w)
{
	no_grants(w);
	for (uint16_t a = 0; a < N_GUESTS; a++)
		for (uint16_t b = (uint16_t)(a + 1); b < N_GUESTS; b++)
			CU_ASSERT_EQUAL_FATAL(dp_grants_add(w->grants, a, b, 0, T0), 0);
}

struct flow flow(int family, int from, int to, uint8_t proto, uint16_t sport,
		 uint16_t dport)
{
	struct flow f = {
		.src_mac = mac(mac_of[from]),
		.dst_mac = mac(mac_of[to]),
		.family = family,
		.proto = proto,
		.sport = sport,
		.dport = dport,
		.tcp_flags = RTE_TCP_SYN_FLAG,
	};

	if (family == 4) {
		uint32_t s = ip4(ipv4_of[from]), d = ip4(ipv4_of[to]);

		memcpy(f.src_ip, &s, 4);
		memcpy(f.dst_ip, &d, 4);
	} else {
		ip6(ipv6_of[from], f.src_ip);
		ip6(ipv6_of[to], f.dst_ip);
	}
	return f;
}

void run(struct dp_world *w, uint16_t in_port, uint64_t now, struct rte_mbuf **pkts,
	 struct pkt_meta *meta, uint16_t n)
{
	const struct pipeline_ctx c = {
		.topo = w->topo, .pol = w->pol, .grants = w->grants, .ct = w->ct,
		.meters = w->meters, .events = w->events, .in_port = in_port, .now = now,
	};

	pipeline_run(&c, pkts, meta, n);
}

struct pkt_meta send_frame(struct dp_world *w, uint16_t in_port, uint64_t now,
			   const uint8_t *frame, size_t len, struct rte_mbuf **out)
{
	struct rte_mbuf *m = dp_mbuf(frame, len);
	struct pkt_meta meta;

	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	memset(&meta, 0x5a, sizeof(meta));
	run(w, in_port, now, &m, &meta, 1);
	if (out)
		*out = m;
	else
		rte_pktmbuf_free(m);
	return meta;
}

struct pkt_meta send_flow(struct dp_world *w, uint16_t in_port, uint64_t now,
			  const struct flow *f)
{
	_Alignas(16) uint8_t buf[FRAME_BUF];

	return send_frame(w, in_port, now, buf, frame_flow(f, buf), NULL);
}

bool expect_drop_at(const char *file, unsigned line, struct pkt_meta meta,
		    enum vg_drop_reason r)
{
	const struct pkt_meta *m = &meta;
	bool ok = m->verdict == VERDICT_DROP && m->reason == r;

	if (!ok)
		fprintf(stderr, "\n  %s:%u: expected drop '%s', got %s '%s' (out_port %u)",
			file, line, vg_drop_name(r),
			m->verdict == VERDICT_DROP ? "drop" :
			m->verdict == VERDICT_TX ? "tx" : "continue",
			m->verdict == VERDICT_DROP ? vg_drop_name(m->reason) : "-",
			m->out_port);
	CU_assertImplementation(ok, line, "dropped for the expected reason", file, "",
				CU_FALSE);
	return ok;
}

bool expect_tx_at(const char *file, unsigned line, struct pkt_meta meta, uint16_t port)
{
	const struct pkt_meta *m = &meta;
	bool ok = m->verdict == VERDICT_TX && m->out_port == port;

	if (!ok)
		fprintf(stderr, "\n  %s:%u: expected tx to port %u, got %s '%s' (out_port %u)",
			file, line, port,
			m->verdict == VERDICT_DROP ? "drop" :
			m->verdict == VERDICT_TX ? "tx" : "continue",
			m->verdict == VERDICT_DROP ? vg_drop_name(m->reason) : "-",
			m->out_port);
	CU_assertImplementation(ok, line, "sent to the expected port", file, "", CU_FALSE);
	return ok;
}
