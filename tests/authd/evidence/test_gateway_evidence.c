/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The gateway's evidence judged by an agent: a quote of PCRs 16 and 23 by
 * the root TPM's AK (TPM 1, which also holds the platform CA key), with
 * the gateway's event log, against the PCR 23 reference the agent was
 * provisioned with. TPM 2 is a guest's vTPM trying to pass for the
 * gateway: its PCRs 16 and 23 are resettable too.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cunit_runner.h"
#include "ev_fixture.h"

static struct vt_tpm *root, *guest;
static struct ev_ca ca, other_ca;
static uint8_t ak_der[VT_CERT_DER_MAX], reference[32];
static size_t ak_len;
static struct evlog gw_log;
static uint8_t binary1[32], binary2[32], policy[32];

static const uint8_t nonce[32] = "nonce from the agent, fresh....";
static const uint8_t exporter[32] = "exporter of this TLS session...";
static const uint8_t other_exporter[32] = "exporter of another TLS session";
static const uint32_t gw_pcrs[2] = { VT_PCR_POLICY, VT_PCR_GATEWAY };

/* Resets PCRs 16 and 23 of t and measures the gateway into them as vtpmd
 * does; the events into log when it is not NULL. */
static int measure_gateway(struct vt_tpm *t, struct evlog *log)
{
	if (vt_pcr_reset(t, VT_PCR_GATEWAY) < 0 || vt_pcr_reset(t, VT_PCR_POLICY) < 0)
		return -1;
	if (log)
		evlog_init(log);
	if (ev_measure(t, log, EVLOG_GATEWAY_BINARY, binary1) < 0 ||
	    ev_measure(t, log, EVLOG_GATEWAY_BINARY, binary2) < 0)
		return -1;
	return ev_measure(t, log, EVLOG_POLICY_FILE, policy);
}

static int suite_init(void)
{
	uint8_t x[32], y[32], name[VT_NAME_LEN];

	ev_sha256_text("vmgate-vtpmd", binary1);
	ev_sha256_text("vmgate-dataplane", binary2);
	ev_sha256_text("vmgate.conf", policy);
	root = ev_open(1);
	guest = ev_open(2);
	if (!root || !guest || ev_ca_tpm(&ca, root, "vmgate platform CA gw") < 0 ||
	    ev_ca_soft(&other_ca, "another CA") < 0)
		return -1;
	if (measure_gateway(root, &gw_log) < 0 || vt_pcr_read(root, VT_PCR_GATEWAY, reference) < 0)
		return -1;
	if (vt_root_ak_public(root, x, y) < 0 || ev_issue_ak(&ca, "gw AK", x, y, ak_der, &ak_len) < 0)
		return -1;
	if (vt_ek_provision(guest, x, y) < 0 || vt_ak_provision(guest, x, y, name) < 0)
		return -1;
	return 0;
}

static int suite_cleanup(void)
{
	vt_tpm_close(root);
	vt_tpm_close(guest);
	ev_ca_free(&other_ca);
	return 0;
}

struct attempt {
	struct gateway_evidence_input in;
	struct vt_quote quote;
	uint8_t log[EVLOG_BYTES_MAX];
};

/* A quote of t's PCRs 16 and 23 (by its root AK, or its persistent AK
 * when ak is not 0), qualified by nonce and exporter. */
static void quote(struct vt_tpm *t, uint32_t ak, const uint8_t *n, const uint8_t *e,
		  struct vt_quote *q)
{
	uint8_t qualifying[32];

	CU_ASSERT_EQUAL_FATAL(evidence_qualifying(n, e, qualifying), 0);
	CU_ASSERT_EQUAL_FATAL(vt_quote(t, ak, gw_pcrs, 2, qualifying, 32, q), 0);
}

/* The gateway's evidence for this session, as the agent receives it. */
static void attempt_init(struct attempt *a)
{
	int len = evlog_encode(&gw_log, a->log, sizeof(a->log));

	CU_ASSERT_FATAL(len > 0);
	quote(root, 0, nonce, exporter, &a->quote);
	a->in = (struct gateway_evidence_input){
		.ca_der = ca.der, .ca_len = ca.len, .gateway_name = "gw",
		.nonce = nonce, .exporter = exporter, .expected_pcr23 = reference,
		.quote = &a->quote, .ak_der = ak_der, .ak_len = ak_len,
		.evlog = a->log, .evlog_len = (size_t)len,
	};
}

static void set_log(struct attempt *a, const struct evlog *log)
{
	int len = evlog_encode(log, a->log, sizeof(a->log));

	CU_ASSERT_FATAL(len > 0);
	a->in.evlog_len = (size_t)len;
}

static enum evidence_reason judge(const struct attempt *a)
{
	struct evidence_result res;
	int r = gateway_evidence_verify(&a->in, &res);

	CU_ASSERT_EQUAL(r, res.reason == EV_OK ? 0 : -EACCES);
	CU_ASSERT_PTR_NOT_NULL(strstr(res.message, "gateway 'gw'"));
	return res.reason;
}

#define CU_ASSERT_REASON(a, want) do { \
	enum evidence_reason got_ = judge(a); \
	if (got_ != (want)) \
		fprintf(stderr, "\n  %s:%d: %s, expected %s\n", __FILE__, __LINE__, \
			evidence_reason_name(got_), evidence_reason_name(want)); \
	CU_ASSERT_EQUAL(got_, want); \
} while (0)

static void test_measured_gateway_is_accepted(void)
{
	struct attempt a;

	attempt_init(&a);
	CU_ASSERT_REASON(&a, EV_OK);
}

static void test_gateway_with_another_pcr23_than_the_reference_is_refused(void)
{
	uint8_t other[32];
	struct attempt a;

	attempt_init(&a);
	memcpy(other, reference, 32);
	other[0] ^= 0x80;
	a.in.expected_pcr23 = other;
	CU_ASSERT_REASON(&a, EV_FAIL_GATEWAY_PCR);
}

/* The gateway restarted with another binary: its quote and log agree, and
 * are not the reference. */
static void test_gateway_running_another_binary_is_gateway_pcr(void)
{
	uint8_t patched[32];
	struct evlog log;
	struct attempt a;

	ev_sha256_text("vmgate-dataplane, patched", patched);
	CU_ASSERT_EQUAL_FATAL(vt_pcr_reset(root, VT_PCR_GATEWAY), 0);
	CU_ASSERT_EQUAL_FATAL(vt_pcr_reset(root, VT_PCR_POLICY), 0);
	evlog_init(&log);
	CU_ASSERT_EQUAL_FATAL(ev_measure(root, &log, EVLOG_GATEWAY_BINARY, binary1), 0);
	CU_ASSERT_EQUAL_FATAL(ev_measure(root, &log, EVLOG_GATEWAY_BINARY, patched), 0);
	CU_ASSERT_EQUAL_FATAL(ev_measure(root, &log, EVLOG_POLICY_FILE, policy), 0);
	attempt_init(&a);
	set_log(&a, &log);
	CU_ASSERT_REASON(&a, EV_FAIL_GATEWAY_PCR);
	CU_ASSERT_EQUAL_FATAL(measure_gateway(root, NULL), 0);
}

static void test_gateway_quote_for_another_nonce_is_nonce(void)
{
	const uint8_t old_nonce[32] = "an earlier nonce, replayed.....";
	struct attempt a;

	attempt_init(&a);
	quote(root, 0, old_nonce, exporter, &a.quote);
	CU_ASSERT_REASON(&a, EV_FAIL_NONCE);
	quote(root, 0, nonce, other_exporter, &a.quote);
	CU_ASSERT_REASON(&a, EV_FAIL_NONCE);
}

static void test_gateway_ak_of_another_ca_is_ak_chain(void)
{
	uint8_t x[32], y[32], der[VT_CERT_DER_MAX];
	struct attempt a;
	size_t len;

	CU_ASSERT_EQUAL_FATAL(vt_root_ak_public(root, x, y), 0);
	CU_ASSERT_EQUAL_FATAL(ev_issue_ak(&other_ca, "gw AK", x, y, der, &len), 0);
	attempt_init(&a);
	a.in.ak_der = der;
	a.in.ak_len = len;
	CU_ASSERT_REASON(&a, EV_FAIL_AK_CHAIN);
}

/* A guest's vTPM can reset and extend its own PCRs 16 and 23 to the
 * gateway's values, and its AK is certified by the same CA: only the name
 * in the certificate tells it from the gateway. */
static void test_guest_vtpm_posing_as_the_gateway_is_refused(void)
{
	uint8_t x[32], y[32], name[VT_NAME_LEN], der[VT_CERT_DER_MAX];
	struct attempt a;
	size_t len;

	CU_ASSERT_EQUAL_FATAL(measure_gateway(guest, NULL), 0);
	CU_ASSERT_EQUAL_FATAL(vt_ak_public(guest, x, y, name), 0);
	CU_ASSERT_EQUAL_FATAL(ev_issue_ak(&ca, "web AK", x, y, der, &len), 0);
	attempt_init(&a);
	quote(guest, VT_AK_HANDLE, nonce, exporter, &a.quote);
	a.in.ak_der = der;
	a.in.ak_len = len;
	CU_ASSERT_REASON(&a, EV_FAIL_AK_NAME);
	/* With the gateway's certificate instead: not its AK's signature. */
	a.in.ak_der = ak_der;
	a.in.ak_len = ak_len;
	CU_ASSERT_REASON(&a, EV_FAIL_SIGNATURE);
}

static void test_gateway_quote_of_pcr23_only_is_pcr_selection(void)
{
	const uint32_t pcr23[1] = { VT_PCR_GATEWAY };
	uint8_t qualifying[32];
	struct attempt a;

	attempt_init(&a);
	CU_ASSERT_EQUAL_FATAL(evidence_qualifying(nonce, exporter, qualifying), 0);
	CU_ASSERT_EQUAL_FATAL(vt_quote(root, 0, pcr23, 1, qualifying, 32, &a.quote), 0);
	CU_ASSERT_REASON(&a, EV_FAIL_PCR_SELECTION);
}

static void test_gateway_log_breaking_its_layout_is_event_log(void)
{
	struct evlog log;
	struct attempt a;

	attempt_init(&a);
	for (size_t n = 0; n < a.in.evlog_len; n++) {
		struct attempt b = a;

		b.in.evlog = b.log;
		b.in.quote = &b.quote;
		b.in.evlog_len = n;
		CU_ASSERT_REASON(&b, EV_FAIL_EVENT_LOG);
	}
	/* A binary in PCR 16. */
	log = gw_log;
	log.e[1].pcr = VT_PCR_POLICY;
	set_log(&a, &log);
	CU_ASSERT_REASON(&a, EV_FAIL_EVENT_LOG);
	/* No policy file. */
	log = gw_log;
	log.n = 2;
	set_log(&a, &log);
	CU_ASSERT_REASON(&a, EV_FAIL_EVENT_LOG);
	/* Two policy files. */
	log = gw_log;
	CU_ASSERT_EQUAL_FATAL(evlog_append(&log, VT_PCR_POLICY, EVLOG_POLICY_FILE, policy), 0);
	set_log(&a, &log);
	CU_ASSERT_REASON(&a, EV_FAIL_EVENT_LOG);
	/* A guest's part. */
	log = gw_log;
	CU_ASSERT_EQUAL_FATAL(evlog_append(&log, 8, EVLOG_KERNEL, policy), 0);
	set_log(&a, &log);
	CU_ASSERT_REASON(&a, EV_FAIL_EVENT_LOG);
}

static void test_gateway_log_omitting_a_binary_is_replay(void)
{
	struct evlog log = gw_log;
	struct attempt a;

	log.e[0] = log.e[1];
	log.e[1] = log.e[2];
	log.n = 2;
	attempt_init(&a);
	set_log(&a, &log);
	CU_ASSERT_REASON(&a, EV_FAIL_REPLAY);
}

static const struct vg_test tests[] = {
	VG_TEST(test_measured_gateway_is_accepted),
	VG_TEST(test_gateway_with_another_pcr23_than_the_reference_is_refused),
	VG_TEST(test_gateway_running_another_binary_is_gateway_pcr),
	VG_TEST(test_gateway_quote_for_another_nonce_is_nonce),
	VG_TEST(test_gateway_ak_of_another_ca_is_ak_chain),
	VG_TEST(test_guest_vtpm_posing_as_the_gateway_is_refused),
	VG_TEST(test_gateway_quote_of_pcr23_only_is_pcr_selection),
	VG_TEST(test_gateway_log_breaking_its_layout_is_event_log),
	VG_TEST(test_gateway_log_omitting_a_binary_is_replay),
	VG_TESTS_END
};

int main(void)
{
	static const struct vg_suite suites[] = {
		{ "gateway evidence", suite_init, suite_cleanup, tests },
		{ NULL, NULL, NULL, NULL },
	};

	return vg_test_main(suites);
}
