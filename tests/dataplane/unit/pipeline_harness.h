/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VG_TEST_PIPELINE_HARNESS_H
#define VG_TEST_PIPELINE_HARNESS_H

/*
 * Frames through the whole pipeline, for tests of its steps: three guests
 * and the gateway with fixed identities (IDENTITIES, to start a policy
 * text with), frames between them, and assertions on the verdict that
 * say what was expected and what came instead.
 */

#include <stdbool.h>
#include <stdint.h>

#include "dp_fixture.h"
#include "frame_build.h"
#include "pipeline.h"

#define HZ 1000u               /* grant ttls and timeouts in ticks: 60 s is 60000 */
#define T0 1000u

enum { ALPHA, BETA, GAMMA, GATEWAY, N_GUESTS = GATEWAY };
#define PUNT_PORT N_GUESTS

/* The identities IDENTITIES gives, written out again so the tests do not
 * take them from the topology they test. */
extern const char *const mac_of[];
extern const char *const ipv4_of[];
extern const char *const ipv6_of[];

#define IDENTITIES \
	"gateway = { name = \"gw\"; control_mac = \"02:00:00:00:00:01\";\n" \
	"  control_ipv4 = \"10.0.0.1/24\"; control_ipv6 = \"fd00::1/64\"; };\n" \
	"guests = (\n" \
	"  { name = \"alpha\"; mac = \"52:54:00:00:00:0a\"; ipv4 = \"10.0.0.10/24\";\n" \
	"    ipv6 = \"fd00::a/64\"; groups = [\"web\"]; },\n" \
	"  { name = \"beta\"; mac = \"52:54:00:00:00:0b\"; ipv4 = \"10.0.0.11/24\";\n" \
	"    ipv6 = \"fd00::b/64\"; groups = [\"db\"]; },\n" \
	"  { name = \"gamma\"; mac = \"52:54:00:00:00:0c\"; ipv4 = \"10.0.0.12/24\";\n" \
	"    ipv6 = \"fd00::c/64\"; groups = [\"db\"]; }\n" \
	");\n"

/* A fresh grant table: no pair granted. */
void no_grants(struct dp_world *w);
/* A fresh grant table with every pair granted until revoked. */
void all_grants(struct dp_world *w);

/* A packet from one identity to another (guest index or GATEWAY); TCP
 * carries SYN. */
struct flow flow(int family, int from, int to, uint8_t proto, uint16_t sport,
		 uint16_t dport);

/* Runs a burst of frames that arrived on in_port at time now. */
void run(struct dp_world *w, uint16_t in_port, uint64_t now, struct rte_mbuf **pkts,
	 struct pkt_meta *meta, uint16_t n);
/* One frame through the pipeline; *out (when not NULL) keeps the mbuf,
 * which the caller frees. */
struct pkt_meta send_frame(struct dp_world *w, uint16_t in_port, uint64_t now,
			   const uint8_t *frame, size_t len, struct rte_mbuf **out);
struct pkt_meta send_flow(struct dp_world *w, uint16_t in_port, uint64_t now,
			  const struct flow *f);

bool expect_drop_at(const char *file, unsigned line, struct pkt_meta meta,
		    enum vg_drop_reason r);
bool expect_tx_at(const char *file, unsigned line, struct pkt_meta meta, uint16_t port);
#define EXPECT_DROP(m, r) expect_drop_at(__FILE__, __LINE__, m, r)
#define EXPECT_TX(m, port) expect_tx_at(__FILE__, __LINE__, m, port)

#endif
