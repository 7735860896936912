/* SPDX-License-Identifier: BSD-3-Clause */
/* Payload signatures on rules with `inspect`: a frame whose TCP or UDP
 * payload holds a drop signature (literal, hex or regex) is dropped as
 * `signature`, its session
 * removed, the match counted and recorded as an event; an alert signature
 * passes the frame and records it; headers are not searched, nor frames
 * of rules that do not inspect; a policy whose signatures reload keeps
 * their counters by name. */
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>
#include <rte_rcu_qsbr.h>
#include <rte_tcp.h>

#include "control.h"
#include "counter.h"
#include "ctl_proto.h"
#include "cunit_runner.h"
#include "pipeline_harness.h"
#include "reload.h"

/* reload.c logs through the daemon's log type, which main.c registers. */
int vg_logtype_dp = RTE_LOGTYPE_USER1;

/* Signature numbers, as declared. */
enum { S_EVIL, S_BINARY, S_WATCH, S_PORTS, S_SQLI, S_NUL_RUN };

/* S_PORTS is the UDP header of alpha:40000 -> beta:9000 (0x9c40, 0x2328). */
#define SIGNATURES \
	"signatures = (\n" \
	"  { name = \"evil\"; pattern = \"EVIL-PAYLOAD\"; },\n" \
	"  { name = \"binary\"; hex = \"00ff00de\"; action = \"drop\"; },\n" \
	"  { name = \"watch\"; pattern = \"WATCH\"; action = \"alert\"; },\n" \
	"  { name = \"ports\"; hex = \"9c402328\"; },\n" \
	REGEX_SIGNATURES \
	");\n"

/* Regular expressions (libconfig unescapes "\\" to one backslash). */
#define REGEX_SIGNATURES \
	"  { name = \"sqli\"; regex = \"union\\\\s+select\\\\s\"; caseless = true; },\n" \
	"  { name = \"nul-run\"; regex = \"\\\\x00{3}[a-z]\"; }\n"

#define RULES \
	"policy = { default = \"deny\"; rules = (\n" \
	"  { name = \"udp-alpha-beta\"; from = \"alpha\"; to = \"beta\"; proto = \"udp\";\n" \
	"    action = \"allow\"; inspect = [\"evil\", \"binary\", \"watch\", \"ports\",\n" \
	"      \"sqli\", \"nul-run\"]; },\n" \
	"  { name = \"tcp-alpha-gamma\"; from = \"alpha\"; to = \"gamma\"; proto = \"tcp\";\n" \
	"    action = \"allow\"; stateful = true; inspect = \"evil\"; },\n" \
	"  { name = \"udp-beta-gamma\"; from = \"beta\"; to = \"gamma\"; proto = \"udp\";\n" \
	"    action = \"allow\"; }\n" \
	"); };\n" \
	"attestation = { required = false; };\n"

static const char policy_text[] = IDENTITIES SIGNATURES RULES;

static struct dp_world w;

static int setup(void)
{
	return dp_suite_start(&w, policy_text, HZ);
}

static int teardown(void)
{
	return dp_suite_stop(&w);
}

/* Counts matches (a sig_match_fn). */
static int count_match(unsigned id, void *arg)
{
	(void)id;
	(*(int *)arg)++;
	return 0;
}

static uint64_t matches(int s)
{
	return counter_read(&w.pol->signatures.sig[s].matches);
}

/* The last event recorded; fails the test when there is none. */
static struct sig_event last_event(void)
{
	static struct sig_event ev[SIG_EVENTS_MAX];
	unsigned n = sig_events_read(w.events, ev);

	CU_ASSERT_FATAL(n > 0);
	return ev[n - 1];
}

/* A UDP datagram of 64 payload bytes (0, 1, 2, ...) from one guest to
 * another, from port sport to 9000, with len bytes of bytes at offset at
 * in its payload. */
static struct pkt_meta send_udp_at(int family, int from, int to, uint16_t sport,
				   const void *bytes, size_t len, size_t at)
{
	_Alignas(16) uint8_t buf[FRAME_BUF];
	struct flow f = flow(family, from, to, IPPROTO_UDP, sport, 9000);
	size_t n, payload = ETH_LEN + (family == 4 ? IPV4_LEN : IPV6_LEN) + 8;

	f.payload = 64;
	n = frame_flow(&f, buf);
	memcpy(buf + payload + at, bytes, len);
	return send_frame(&w, (uint16_t)from, T0, buf, n, NULL);
}

static struct pkt_meta send_udp(int family, int from, int to, const char *text)
{
	return send_udp_at(family, from, to, 41000, text, strlen(text), 10);
}

/* A TCP segment alpha:40000 <-> gamma:80 whose payload (if any) is 64
 * bytes holding text at offset 5. */
#define ISN_A 1000u
#define ISN_G 5000u
static struct pkt_meta send_tcp(int from, uint8_t flags, uint32_t seq, uint32_t ack,
				const char *text)
{
	_Alignas(16) uint8_t buf[FRAME_BUF];
	struct flow f = from == ALPHA ? flow(4, ALPHA, GAMMA, IPPROTO_TCP, 40000, 80)
				      : flow(4, GAMMA, ALPHA, IPPROTO_TCP, 80, 40000);
	size_t n;

	f.tcp_flags = flags;
	f.seq = seq;
	f.ack = ack;
	f.payload = text ? 64 : 0;
	n = frame_flow(&f, buf);
	if (text)
		memcpy(buf + ETH_LEN + IPV4_LEN + 20 + 5, text, strlen(text));
	return send_frame(&w, (uint16_t)from, T0, buf, n, NULL);
}

static void test_udp_payload_with_a_drop_signature_is_dropped_counted_and_recorded(void)
{
	uint64_t m0 = matches(S_EVIL), e0 = sig_events_total(w.events);
	struct sig_event e;

	EXPECT_DROP(send_udp(4, ALPHA, BETA, "..EVIL-PAYLOAD.."), VG_DROP_SIGNATURE);
	CU_ASSERT_EQUAL(matches(S_EVIL), m0 + 1);
	CU_ASSERT_EQUAL(sig_events_total(w.events), e0 + 1);
	e = last_event();
	CU_ASSERT_STRING_EQUAL(e.signature, "evil");
	CU_ASSERT_STRING_EQUAL(e.rule, "udp-alpha-beta");
	CU_ASSERT_EQUAL(e.src, ALPHA);
	CU_ASSERT_EQUAL(e.dst, BETA);
	CU_ASSERT_EQUAL(e.proto, IPPROTO_UDP);
	CU_ASSERT_EQUAL(e.action, VG_SIG_DROP);
	/* IPv6 too; without the pattern the datagram passes. */
	EXPECT_DROP(send_udp(6, ALPHA, BETA, "EVIL-PAYLOAD"), VG_DROP_SIGNATURE);
	EXPECT_TX(send_udp(4, ALPHA, BETA, "EVIL-PAYLOA"), BETA);
	CU_ASSERT_EQUAL(matches(S_EVIL), m0 + 2);
}

static void test_tcp_payload_with_a_drop_signature_is_dropped(void)
{
	uint64_t m0 = matches(S_EVIL);
	/* A stateful rule: the SYN opens a session; the SYN-ACK carries it. */
	EXPECT_TX(send_tcp(ALPHA, RTE_TCP_SYN_FLAG, 77000, 0, NULL), GAMMA);
	EXPECT_DROP(send_tcp(GAMMA, RTE_TCP_SYN_FLAG | RTE_TCP_ACK_FLAG, ISN_G, 77001,
			     "EVIL-PAYLOAD"), VG_DROP_SIGNATURE);
	CU_ASSERT_EQUAL(matches(S_EVIL), m0 + 1);
	CU_ASSERT_STRING_EQUAL(last_event().rule, "tcp-alpha-gamma");
	CU_ASSERT_EQUAL(last_event().proto, IPPROTO_TCP);
}

static void test_same_payload_on_a_rule_without_inspect_passes(void)
{
	uint64_t e0 = sig_events_total(w.events);

	EXPECT_TX(send_udp(4, BETA, GAMMA, "EVIL-PAYLOAD"), GAMMA);
	CU_ASSERT_EQUAL(sig_events_total(w.events), e0);
}

static void test_hex_signature_with_binary_bytes_matches(void)
{
	static const uint8_t binary[] = { 0x00, 0xff, 0x00, 0xde };
	uint64_t m0 = matches(S_BINARY);

	EXPECT_DROP(send_udp_at(4, ALPHA, BETA, 41000, binary, sizeof(binary), 30),
		    VG_DROP_SIGNATURE);
	CU_ASSERT_EQUAL(matches(S_BINARY), m0 + 1);
	CU_ASSERT_STRING_EQUAL(last_event().signature, "binary");
	/* One byte off: no match. */
	EXPECT_TX(send_udp_at(4, ALPHA, BETA, 41000, binary, 3, 30), BETA);
	CU_ASSERT_EQUAL(matches(S_BINARY), m0 + 1);
}

static void test_pattern_split_across_two_frames_is_not_seen(void)
{
	uint64_t m0 = matches(S_EVIL);

	/* Per frame only: streams are not reassembled (docs/dataplane.md). */
	EXPECT_TX(send_udp_at(4, ALPHA, BETA, 41000, "EVIL-", 5, 59), BETA);
	EXPECT_TX(send_udp_at(4, ALPHA, BETA, 41000, "PAYLOAD", 7, 0), BETA);
	CU_ASSERT_EQUAL(matches(S_EVIL), m0);
}

static void test_alert_signature_passes_the_frame_and_records_an_event(void)
{
	uint64_t m0 = matches(S_WATCH), e0 = sig_events_total(w.events);

	EXPECT_TX(send_udp(4, ALPHA, BETA, "WATCH me"), BETA);
	CU_ASSERT_EQUAL(matches(S_WATCH), m0 + 1);
	CU_ASSERT_EQUAL(sig_events_total(w.events), e0 + 1);
	CU_ASSERT_STRING_EQUAL(last_event().signature, "watch");
	CU_ASSERT_EQUAL(last_event().action, VG_SIG_ALERT);
	/* Alert and drop in one payload: both recorded, the frame dropped. */
	EXPECT_DROP(send_udp(4, ALPHA, BETA, "WATCH EVIL-PAYLOAD"), VG_DROP_SIGNATURE);
	CU_ASSERT_EQUAL(matches(S_WATCH), m0 + 2);
	CU_ASSERT_EQUAL(sig_events_total(w.events), e0 + 3);
}

static void test_headers_holding_the_bytes_do_not_match(void)
{
	uint64_t m0 = matches(S_PORTS);

	/* alpha:40000 -> beta:9000: the UDP header holds 9c40 2328. */
	EXPECT_TX(send_udp_at(4, ALPHA, BETA, 40000, "x", 1, 0), BETA);
	EXPECT_TX(send_udp_at(6, ALPHA, BETA, 40000, "x", 1, 0), BETA);
	CU_ASSERT_EQUAL(matches(S_PORTS), m0);
	/* The same bytes in the payload do. */
	EXPECT_DROP(send_udp_at(4, ALPHA, BETA, 40000, "\x9c\x40\x23\x28", 4, 0),
		    VG_DROP_SIGNATURE);
	CU_ASSERT_EQUAL(matches(S_PORTS), m0 + 1);
}

static void test_established_segment_with_the_pattern_kills_its_session(void)
{
	const struct ct_stats *s;
	uint64_t sessions;

	CU_ASSERT_EQUAL_FATAL(dp_world_sessions(&w, NULL), 0);
	s = ct_table_stats(w.ct);
	EXPECT_TX(send_tcp(ALPHA, RTE_TCP_SYN_FLAG, ISN_A, 0, NULL), GAMMA);
	EXPECT_TX(send_tcp(GAMMA, RTE_TCP_SYN_FLAG | RTE_TCP_ACK_FLAG, ISN_G, ISN_A + 1, NULL),
		  ALPHA);
	EXPECT_TX(send_tcp(ALPHA, RTE_TCP_ACK_FLAG, ISN_A + 1, ISN_G + 1, NULL), GAMMA);
	EXPECT_TX(send_tcp(ALPHA, RTE_TCP_ACK_FLAG, ISN_A + 1, ISN_G + 1, "hello"), GAMMA);
	sessions = counter_read(&s->sessions);
	CU_ASSERT_EQUAL(sessions, 1);
	EXPECT_DROP(send_tcp(ALPHA, RTE_TCP_ACK_FLAG, ISN_A + 65, ISN_G + 1, "EVIL-PAYLOAD"),
		    VG_DROP_SIGNATURE);
	CU_ASSERT_EQUAL(counter_read(&s->sessions), 0);
	/* The flow is dead: its next segments meet the stateful rule again,
	 * which opens sessions with a SYN only; and the other way nothing
	 * allows them. */
	EXPECT_DROP(send_tcp(ALPHA, RTE_TCP_ACK_FLAG, ISN_A + 65, ISN_G + 1, "clean"),
		    VG_DROP_CT_NOT_SYN);
	EXPECT_DROP(send_tcp(GAMMA, RTE_TCP_ACK_FLAG, ISN_G + 1, ISN_A + 65, "reply"),
		    VG_DROP_DEFAULT_DENY);
}

static void test_regex_signature_matches_what_it_describes_and_nothing_else(void)
{
	uint64_t m0 = matches(S_SQLI);

	EXPECT_DROP(send_udp(4, ALPHA, BETA, "id=1 UNION   Select pw"), VG_DROP_SIGNATURE);
	CU_ASSERT_EQUAL(matches(S_SQLI), m0 + 1);
	CU_ASSERT_STRING_EQUAL(last_event().signature, "sqli");
	EXPECT_DROP(send_udp(6, ALPHA, BETA, "union\tselect\t"), VG_DROP_SIGNATURE);
	/* No whitespace between the words, or none after: no match. */
	EXPECT_TX(send_udp(4, ALPHA, BETA, "unionselect x"), BETA);
	EXPECT_TX(send_udp(4, ALPHA, BETA, "union selectx"), BETA);
	CU_ASSERT_EQUAL(matches(S_SQLI), m0 + 2);
}

static void test_regex_signature_sees_binary_payload_bytes(void)
{
	static const uint8_t run[] = { 0x00, 0x00, 0x00, 'q' };
	uint64_t m0 = matches(S_NUL_RUN);

	EXPECT_DROP(send_udp_at(4, ALPHA, BETA, 41000, run, sizeof(run), 40),
		    VG_DROP_SIGNATURE);
	CU_ASSERT_EQUAL(matches(S_NUL_RUN), m0 + 1);
	/* Two NULs and a letter: not the run the expression asks for. */
	EXPECT_TX(send_udp_at(4, ALPHA, BETA, 41000, run + 1, 3, 40), BETA);
	CU_ASSERT_EQUAL(matches(S_NUL_RUN), m0 + 1);
}

static void test_literal_signatures_hold_regex_metacharacters_as_bytes(void)
{
	const char *err = NULL;
	const struct vg_config *cfg = dp_config(IDENTITIES
		"signatures = ( { name = \"dots\"; pattern = \"a.b*(\"; } );\n"
		"policy = { default = \"deny\"; rules = (\n"
		"  { name = \"r\"; from = \"alpha\"; to = \"beta\"; proto = \"udp\";\n"
		"    action = \"allow\"; inspect = \"dots\"; }\n); };\n");
	struct dp_policy *p;
	int hit = 0;

	CU_ASSERT_PTR_NOT_NULL_FATAL(cfg);
	p = dp_policy_build(cfg, NULL, &err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	CU_ASSERT_EQUAL(sig_set_scan(p->signatures.rule_db[0], p->signatures.scratch,
				     (const uint8_t *)"xa.b*(y", 7, count_match, &hit), 0);
	CU_ASSERT_EQUAL(hit, 1);
	hit = 0;
	CU_ASSERT_EQUAL(sig_set_scan(p->signatures.rule_db[0], p->signatures.scratch,
				     (const uint8_t *)"xaxbb(y", 7, count_match, &hit), 0);
	CU_ASSERT_EQUAL(hit, 0);
	dp_policy_free(p);
}

static void test_reload_keeps_signature_counters_by_name(void)
{
	struct rte_rcu_qsbr *q = calloc(1, rte_rcu_qsbr_get_memsize(1));
	struct dataplane dp = { .topo = w.topo, .policy = w.pol, .qsbr = q };
	struct vg_diag *diag = vg_diag_new();
	uint64_t evil = matches(S_EVIL), watch = matches(S_WATCH);
	char path[256], text[8192];

	CU_ASSERT_FATAL(q && rte_rcu_qsbr_init(q, 1) == 0);
	CU_ASSERT_FATAL(evil > 0 && watch > 0);
	/* The same signatures in another order: counters follow names. */
	snprintf(text, sizeof(text), "%s%s%s", IDENTITIES,
		 "signatures = (\n"
		 "  { name = \"watch\"; pattern = \"WATCH\"; action = \"alert\"; },\n"
		 "  { name = \"evil\"; pattern = \"EVIL-PAYLOAD\"; },\n"
		 "  { name = \"binary\"; hex = \"00ff00de\"; },\n"
		 "  { name = \"ports\"; hex = \"9c402328\"; },\n"
		 REGEX_SIGNATURES
		 ");\n", RULES);
	CU_ASSERT_FATAL(dp_temp_file(path, sizeof(path), text) == 0);
	dp.config_path = path;
	CU_ASSERT_EQUAL_FATAL(reload_policy(&dp, diag), 0);
	w.pol = dp.policy;       /* the old one was freed */
	CU_ASSERT_EQUAL(counter_read(&w.pol->signatures.sig[0].matches), watch);
	CU_ASSERT_EQUAL(counter_read(&w.pol->signatures.sig[1].matches), evil);
	EXPECT_DROP(send_udp(4, ALPHA, BETA, "EVIL-PAYLOAD"), VG_DROP_SIGNATURE);
	CU_ASSERT_EQUAL(counter_read(&w.pol->signatures.sig[1].matches), evil + 1);
	vg_diag_free(diag);
	unlink(path);
	free(q);
}

static void test_control_signatures_view_shows_counters_and_events(void)
{
	struct dataplane dp = { .topo = w.topo, .policy = w.pol, .events = w.events };
	struct json_object *doc, *a, *s, *ev, *last;
	char *reply = NULL;

	CU_ASSERT_EQUAL_FATAL(ctl_request_size(CTL_SIGNATURES), 0);
	CU_ASSERT_EQUAL_FATAL(control_handle(&dp, CTL_SIGNATURES, NULL, 0, &reply), 0);
	doc = json_tokener_parse(reply);
	CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
	a = json_object_object_get(doc, "signatures");
	CU_ASSERT_EQUAL_FATAL(json_object_array_length(a), 6);
	for (size_t i = 0; i < 6; i++) {
		s = json_object_array_get_idx(a, i);
		CU_ASSERT_EQUAL(json_object_get_uint64(json_object_object_get(s, "matches")),
				counter_read(&w.pol->signatures.sig[i].matches));
	}
	s = json_object_array_get_idx(a, 2);      /* binary, after the reload */
	CU_ASSERT_STRING_EQUAL(json_object_get_string(json_object_object_get(s, "name")),
			       "binary");
	CU_ASSERT_STRING_EQUAL(json_object_get_string(json_object_object_get(s, "hex")),
			       "00ff00de");
	CU_ASSERT_STRING_EQUAL(json_object_get_string(json_object_array_get_idx(
				json_object_object_get(s, "rules"), 0)), "udp-alpha-beta");
	s = json_object_array_get_idx(a, 4);
	CU_ASSERT_STRING_EQUAL(json_object_get_string(json_object_object_get(s, "regex")),
			       "union\\s+select\\s");
	CU_ASSERT_TRUE(json_object_get_boolean(json_object_object_get(s, "caseless")));
	ev = json_object_object_get(doc, "events");
	CU_ASSERT_FATAL(json_object_array_length(ev) > 0);
	CU_ASSERT_EQUAL(json_object_get_uint64(json_object_object_get(doc, "events_total")),
			sig_events_total(w.events));
	last = json_object_array_get_idx(ev, json_object_array_length(ev) - 1);
	CU_ASSERT_STRING_EQUAL(json_object_get_string(json_object_object_get(last, "signature")),
			       "evil");
	CU_ASSERT_STRING_EQUAL(json_object_get_string(json_object_object_get(last, "src")),
			       "alpha");
	CU_ASSERT_STRING_EQUAL(json_object_get_string(json_object_object_get(last, "dst")),
			       "beta");
	CU_ASSERT_STRING_EQUAL(json_object_get_string(json_object_object_get(last, "action")),
			       "drop");
	json_object_put(doc);
	free(reply);
}

static void test_event_ring_keeps_the_most_recent(void)
{
	static struct sig_event out[SIG_EVENTS_MAX];
	struct sig_events *ev = sig_events_new(HZ);
	unsigned n;

	CU_ASSERT_PTR_NOT_NULL_FATAL(ev);
	for (unsigned i = 0; i < SIG_EVENTS_MAX + 10; i++) {
		struct sig_event e = { .tsc = T0 + i, .proto = IPPROTO_UDP };

		snprintf(e.signature, sizeof(e.signature), "s%u", i);
		sig_events_record(ev, &e, "alpha", "beta");
	}
	n = sig_events_read(ev, out);
	CU_ASSERT_EQUAL(n, SIG_EVENTS_MAX);
	CU_ASSERT_EQUAL(out[0].number, 10);
	CU_ASSERT_STRING_EQUAL(out[n - 1].signature, "s265");
	/* 10 lines a second: the rest were counted, not logged. */
	CU_ASSERT_EQUAL(sig_events_unlogged(ev), SIG_EVENTS_MAX + 10 - SIG_EVENTS_LOG_PER_S);
	sig_events_free(ev);
}

static void test_policy_without_inspecting_rules_compiles_no_database(void)
{
	const char *err = NULL;
	const struct vg_config *cfg = dp_config(IDENTITIES
		"signatures = ( { name = \"unused\"; pattern = \"x\"; } );\n"
		"policy = { default = \"deny\"; rules = (\n"
		"  { name = \"r\"; from = \"alpha\"; to = \"beta\"; action = \"allow\"; }\n); };\n");
	struct dp_policy *p;

	CU_ASSERT_PTR_NOT_NULL_FATAL(cfg);
	p = dp_policy_build(cfg, NULL, &err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	CU_ASSERT_FALSE(p->signatures.any);
	CU_ASSERT_PTR_NULL(p->signatures.scratch);
	CU_ASSERT_EQUAL(p->signatures.n, 1);
	dp_policy_free(p);
}

static const struct vg_test tests[] = {
	VG_TEST(test_udp_payload_with_a_drop_signature_is_dropped_counted_and_recorded),
	VG_TEST(test_tcp_payload_with_a_drop_signature_is_dropped),
	VG_TEST(test_same_payload_on_a_rule_without_inspect_passes),
	VG_TEST(test_hex_signature_with_binary_bytes_matches),
	VG_TEST(test_pattern_split_across_two_frames_is_not_seen),
	VG_TEST(test_alert_signature_passes_the_frame_and_records_an_event),
	VG_TEST(test_headers_holding_the_bytes_do_not_match),
	VG_TEST(test_regex_signature_matches_what_it_describes_and_nothing_else),
	VG_TEST(test_regex_signature_sees_binary_payload_bytes),
	VG_TEST(test_literal_signatures_hold_regex_metacharacters_as_bytes),
	VG_TEST(test_established_segment_with_the_pattern_kills_its_session),
	VG_TEST(test_reload_keeps_signature_counters_by_name),
	VG_TEST(test_control_signatures_view_shows_counters_and_events),
	VG_TEST(test_event_ring_keeps_the_most_recent),
	VG_TEST(test_policy_without_inspecting_rules_compiles_no_database),
	VG_TESTS_END
};

int main(void)
{
	const struct vg_suite suites[] = {
		{ "dataplane-signatures", setup, teardown, tests }, { NULL },
	};

	return vg_test_main(suites);
}
