/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A guest's evidence judged by authd, with real vTPMs: honest evidence is
 * accepted, and each way it can be wrong is refused with exactly its own
 * reason. TPM 1 is the root (its CA key signs the certificates); TPMs 2-5
 * are vTPMs of guest 'web' launched in four ways, since launch PCRs cannot
 * be reset: honestly, with an unapproved kernel (logged), honestly plus an
 * extension nobody logged, and without its disk.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cunit_runner.h"
#include "ev_fixture.h"
#include "hex.h"
#include "tpm_fixture.h"

struct guest_tpm {
	struct vt_tpm *t;
	uint8_t ak_x[32], ak_y[32];
	uint8_t ak_der[VT_CERT_DER_MAX];
	size_t ak_len;
	struct evlog log;
};

static struct vt_tpm *root;
static struct ev_ca ca, other_ca;
static const struct vg_config *cfg;
static struct guest_tpm honest, tampered, unlogged, diskless;
static uint8_t kernel[32], kernel_old[32], kernel_evil[32], initrd[32], cmdline[32],
	       disk[32];

static const uint8_t nonce[32] = "nonce from the verifier, fresh.";
static const uint8_t exporter[32] = "exporter of this TLS session...";
static const uint8_t other_exporter[32] = "exporter of another TLS session";
static const uint32_t launch_pcrs[2] = { 8, 9 };

/* The policy: 'web' approves two kernels (a rolling update) and one of
 * each other part, 'db' only a kernel, 'bare' nothing. */
static const struct vg_config *load_policy(void)
{
	char k[65], ko[65], i[65], c[65], d[65], text[2048];
	struct vg_diag *diag = vg_diag_new();
	const struct vg_config *p;

	vg_hex_encode(kernel, 32, k);
	vg_hex_encode(kernel_old, 32, ko);
	vg_hex_encode(initrd, 32, i);
	vg_hex_encode(cmdline, 32, c);
	vg_hex_encode(disk, 32, d);
	snprintf(text, sizeof(text),
		 "gateway = { name = \"gw\"; control_ipv4 = \"192.0.2.1/24\"; };\n"
		 "guests = (\n"
		 "  { name = \"web\"; mac = \"52:54:00:00:00:01\"; ipv4 = \"192.0.2.10/24\";\n"
		 "    measurements = { kernel = [\"%s\", \"%s\"]; initrd = \"%s\";\n"
		 "                     cmdline = \"%s\"; disk = \"%s\"; }; },\n"
		 "  { name = \"db\"; mac = \"52:54:00:00:00:02\"; ipv4 = \"192.0.2.20/24\";\n"
		 "    measurements = { kernel = \"%s\"; }; },\n"
		 "  { name = \"bare\"; mac = \"52:54:00:00:00:03\"; ipv4 = \"192.0.2.30/24\"; }\n"
		 ");\n", ko, k, i, c, d, k);
	p = vg_config_load_string(text, strlen(text), "evidence.conf", diag);
	if (!p)
		vg_diag_print(diag, stderr);
	vg_diag_free(diag);
	return p;
}

/* Opens TPM which as a guest vTPM: EK and AK, the AK certified as
 * "web AK". */
static int guest_open(struct guest_tpm *g, int which)
{
	uint8_t ek_x[32], ek_y[32], name[VT_NAME_LEN];

	evlog_init(&g->log);
	g->t = ev_open(which);
	if (!g->t || vt_ek_provision(g->t, ek_x, ek_y) < 0 ||
	    vt_ak_provision(g->t, g->ak_x, g->ak_y, name) < 0)
		return -1;
	return ev_issue_ak(&ca, "web AK", g->ak_x, g->ak_y, g->ak_der, &g->ak_len);
}

/* Measured launch of the four parts, in the layout's order. */
static int launch(struct guest_tpm *g, const uint8_t *k, bool with_disk)
{
	if (ev_measure(g->t, &g->log, EVLOG_KERNEL, k) < 0 ||
	    ev_measure(g->t, &g->log, EVLOG_CMDLINE, cmdline) < 0 ||
	    ev_measure(g->t, &g->log, EVLOG_INITRD, initrd) < 0)
		return -1;
	return with_disk ? ev_measure(g->t, &g->log, EVLOG_DISK, disk) : 0;
}

static int suite_init(void)
{
	uint8_t injected[32];

	ev_sha256_text("vmlinuz-6.1.0-13-amd64", kernel);
	ev_sha256_text("vmlinuz-6.1.0-12-amd64", kernel_old);
	ev_sha256_text("vmlinuz with a rootkit", kernel_evil);
	ev_sha256_text("initrd.img-6.1.0-13-amd64", initrd);
	ev_sha256_text("console=ttyS0 quiet", cmdline);
	ev_sha256_text("web.qcow2", disk);
	ev_sha256_text("loaded after launch", injected);
	cfg = load_policy();
	root = ev_open(1);
	if (!cfg || !root || ev_ca_tpm(&ca, root, "vmgate platform CA gw") < 0 ||
	    ev_ca_soft(&other_ca, "another CA") < 0)
		return -1;
	if (guest_open(&honest, 2) < 0 || launch(&honest, kernel, true) < 0)
		return -1;
	if (guest_open(&tampered, 3) < 0 || launch(&tampered, kernel_evil, true) < 0)
		return -1;
	if (guest_open(&unlogged, 4) < 0 || launch(&unlogged, kernel, true) < 0 ||
	    ev_measure(unlogged.t, NULL, EVLOG_DISK, injected) < 0)
		return -1;
	if (guest_open(&diskless, 5) < 0 || launch(&diskless, kernel, false) < 0)
		return -1;
	return 0;
}

static int suite_cleanup(void)
{
	struct guest_tpm *all[] = { &honest, &tampered, &unlogged, &diskless };

	for (size_t i = 0; i < 4; i++)
		vt_tpm_close(all[i]->t);
	vt_tpm_close(root);
	ev_ca_free(&other_ca);
	vg_config_free(cfg);
	return 0;
}

/* What an agent sends, and what authd knows, for one attestation. */
struct attempt {
	struct evidence_input in;
	struct evidence ev;
	uint8_t log[EVLOG_BYTES_MAX];
};

/* g's evidence, gathered for nonce and exporter, to be judged as guest
 * 'web' under the policy. */
static void attempt_init(struct attempt *a, struct guest_tpm *g)
{
	int len;

	CU_ASSERT_EQUAL_FATAL(evidence_gather(g->t, nonce, exporter, launch_pcrs, 2, &a->ev), 0);
	len = evlog_encode(&g->log, a->log, sizeof(a->log));
	CU_ASSERT_FATAL(len > 0);
	a->in = (struct evidence_input){
		.ca_der = ca.der, .ca_len = ca.len,
		.guest_name = "web", .guest = vg_config_guest(cfg, "web"),
		.pcr_mask = cfg->attestation.pcr_mask,
		.nonce = nonce, .exporter = exporter,
		.quote = &a->ev.quote, .ak_der = g->ak_der, .ak_len = g->ak_len,
		.evlog = a->log, .evlog_len = (size_t)len,
	};
}

/* The verdict on a->in; the return value must agree with it. */
static enum evidence_reason judge(const struct attempt *a)
{
	struct evidence_result res;
	int r = evidence_verify(&a->in, &res);

	CU_ASSERT_EQUAL(r, res.reason == EV_OK ? 0 : -EACCES);
	CU_ASSERT_PTR_NOT_NULL(strstr(res.message, "guest '"));
	return res.reason;
}

#define CU_ASSERT_REASON(a, want) do { \
	enum evidence_reason got_ = judge(a); \
	if (got_ != (want)) \
		fprintf(stderr, "\n  %s:%d: %s, expected %s\n", __FILE__, __LINE__, \
			evidence_reason_name(got_), evidence_reason_name(want)); \
	CU_ASSERT_EQUAL(got_, want); \
} while (0)

static void test_honestly_launched_guest_is_accepted(void)
{
	struct evidence_result res;
	struct attempt a;

	attempt_init(&a, &honest);
	CU_ASSERT_EQUAL(evidence_verify(&a.in, &res), 0);
	CU_ASSERT_EQUAL(res.reason, EV_OK);
	CU_ASSERT_STRING_EQUAL(res.message, "guest 'web': evidence accepted");
}

/* The AK cache spares checking the same certificate again, and nothing
 * else: another certificate is checked (and refused), and a cached AK's
 * quote still has to verify. */
static void test_cached_ak_is_checked_again_only_when_it_changes(void)
{
	static struct evidence_ak_cache cache;
	uint8_t der[VT_CERT_DER_MAX];
	struct attempt a;
	size_t len;

	attempt_init(&a, &honest);
	a.in.ak_cache = &cache;
	CU_ASSERT_REASON(&a, EV_OK);
	CU_ASSERT_TRUE(cache.valid);
	CU_ASSERT_REASON(&a, EV_OK);
	a.ev.quote.r[0] ^= 1;
	CU_ASSERT_REASON(&a, EV_FAIL_SIGNATURE);
	a.ev.quote.r[0] ^= 1;
	CU_ASSERT_EQUAL_FATAL(ev_issue_ak(&other_ca, "web AK", honest.ak_x, honest.ak_y,
					  der, &len), 0);
	a.in.ak_der = der;
	a.in.ak_len = len;
	CU_ASSERT_REASON(&a, EV_FAIL_AK_CHAIN);
	CU_ASSERT_FALSE(cache.valid);
}

static void test_ak_certified_by_another_ca_is_ak_chain(void)
{
	struct attempt a;
	uint8_t der[VT_CERT_DER_MAX];
	size_t len;

	attempt_init(&a, &honest);
	CU_ASSERT_EQUAL_FATAL(ev_issue_ak(&other_ca, "web AK", honest.ak_x, honest.ak_y,
					  der, &len), 0);
	a.in.ak_der = der;
	a.in.ak_len = len;
	CU_ASSERT_REASON(&a, EV_FAIL_AK_CHAIN);
}

static void test_missing_or_damaged_ak_certificate_is_ak_chain(void)
{
	uint8_t der[VT_CERT_DER_MAX];
	struct attempt a;

	attempt_init(&a, &honest);
	a.in.ak_der = NULL;
	a.in.ak_len = 0;
	CU_ASSERT_REASON(&a, EV_FAIL_AK_CHAIN);
	a.in.ak_der = honest.ak_der;
	a.in.ak_len = honest.ak_len / 2;
	CU_ASSERT_REASON(&a, EV_FAIL_AK_CHAIN);
	memcpy(der, honest.ak_der, honest.ak_len);
	der[honest.ak_len - 10] ^= 0x01;        /* in the signature */
	a.in.ak_der = der;
	a.in.ak_len = honest.ak_len;
	CU_ASSERT_REASON(&a, EV_FAIL_AK_CHAIN);
}

static void test_ak_certificate_of_another_guest_is_ak_name(void)
{
	struct attempt a;
	uint8_t der[VT_CERT_DER_MAX];
	size_t len;

	attempt_init(&a, &honest);
	CU_ASSERT_EQUAL_FATAL(ev_issue_ak(&ca, "db AK", honest.ak_x, honest.ak_y, der, &len),
			      0);
	a.in.ak_der = der;
	a.in.ak_len = len;
	CU_ASSERT_REASON(&a, EV_FAIL_AK_NAME);
	/* Not an AK certificate at all, though of the right guest. */
	CU_ASSERT_EQUAL_FATAL(ev_issue_ak(&ca, "web EK", honest.ak_x, honest.ak_y, der, &len),
			      0);
	a.in.ak_len = len;
	CU_ASSERT_REASON(&a, EV_FAIL_AK_NAME);
}

/* web's whole evidence, presented by a TLS session authenticated as db. */
static void test_evidence_of_one_guest_presented_as_another_is_ak_name(void)
{
	struct attempt a;

	attempt_init(&a, &honest);
	a.in.guest_name = "db";
	a.in.guest = vg_config_guest(cfg, "db");
	CU_ASSERT_REASON(&a, EV_FAIL_AK_NAME);
}

static void test_flipped_signature_is_signature(void)
{
	struct attempt a;

	attempt_init(&a, &honest);
	a.ev.quote.r[5] ^= 0x40;
	CU_ASSERT_REASON(&a, EV_FAIL_SIGNATURE);
	a.ev.quote.r[5] ^= 0x40;
	a.ev.quote.s[31] ^= 0x01;
	CU_ASSERT_REASON(&a, EV_FAIL_SIGNATURE);
	a.ev.quote.s[31] ^= 0x01;
	a.ev.quote.attest[a.ev.quote.attest_len - 1] ^= 0x01;
	CU_ASSERT_REASON(&a, EV_FAIL_SIGNATURE);
	memset(a.ev.quote.r, 0, 32);
	CU_ASSERT_REASON(&a, EV_FAIL_SIGNATURE);
}

/* A genuine quote of another vTPM, with web's certificate. */
static void test_quote_of_another_tpm_is_signature(void)
{
	struct attempt a, b;

	attempt_init(&a, &honest);
	attempt_init(&b, &unlogged);
	a.ev.quote = b.ev.quote;
	CU_ASSERT_REASON(&a, EV_FAIL_SIGNATURE);
}

static void test_empty_quote_is_quote_format(void)
{
	struct attempt a;

	attempt_init(&a, &honest);
	a.ev.quote.attest_len = 0;
	CU_ASSERT_REASON(&a, EV_FAIL_QUOTE);
	a.ev.quote.attest_len = VT_ATTEST_MAX + 1;
	CU_ASSERT_REASON(&a, EV_FAIL_QUOTE);
}

/* The guest quoted for the right nonce but in another TLS session (a
 * relay): the exporter differs. */
static void test_quote_from_another_tls_session_is_nonce(void)
{
	struct attempt a;

	attempt_init(&a, &honest);
	CU_ASSERT_EQUAL_FATAL(evidence_gather(honest.t, nonce, other_exporter, launch_pcrs, 2,
					      &a.ev), 0);
	CU_ASSERT_REASON(&a, EV_FAIL_NONCE);
}

static void test_quote_for_another_nonce_is_nonce(void)
{
	const uint8_t old_nonce[32] = "an earlier nonce, replayed.....";
	struct attempt a;

	attempt_init(&a, &honest);
	CU_ASSERT_EQUAL_FATAL(evidence_gather(honest.t, old_nonce, exporter, launch_pcrs, 2,
					      &a.ev), 0);
	CU_ASSERT_REASON(&a, EV_FAIL_NONCE);
}

/* Reasons of the quote come before those of the log: a relayed quote
 * with a broken log is still a relayed quote. */
static void test_relayed_quote_with_broken_log_is_nonce(void)
{
	struct attempt a;

	attempt_init(&a, &honest);
	CU_ASSERT_EQUAL_FATAL(evidence_gather(honest.t, nonce, other_exporter, launch_pcrs, 2,
					      &a.ev), 0);
	a.in.evlog_len--;
	CU_ASSERT_REASON(&a, EV_FAIL_NONCE);
}

static void test_quote_over_other_pcrs_is_pcr_selection(void)
{
	const uint32_t pcr8[1] = { 8 }, more[3] = { 8, 9, 10 };
	struct attempt a;

	attempt_init(&a, &honest);
	CU_ASSERT_EQUAL_FATAL(evidence_gather(honest.t, nonce, exporter, pcr8, 1, &a.ev), 0);
	CU_ASSERT_REASON(&a, EV_FAIL_PCR_SELECTION);
	CU_ASSERT_EQUAL_FATAL(evidence_gather(honest.t, nonce, exporter, more, 3, &a.ev), 0);
	CU_ASSERT_REASON(&a, EV_FAIL_PCR_SELECTION);
	/* The policy asks for 8, 9 and 10; the guest quoted 8 and 9. */
	attempt_init(&a, &honest);
	a.in.pcr_mask |= 1u << 10;
	CU_ASSERT_REASON(&a, EV_FAIL_PCR_SELECTION);
}

static void test_every_truncation_of_the_event_log_is_event_log(void)
{
	struct attempt a;
	size_t full;

	attempt_init(&a, &honest);
	full = a.in.evlog_len;
	for (size_t n = 0; n < full; n++) {
		a.in.evlog_len = n;
		CU_ASSERT_REASON(&a, EV_FAIL_EVENT_LOG);
	}
	a.in.evlog_len = full + 1;
	CU_ASSERT_REASON(&a, EV_FAIL_EVENT_LOG);
	a.in.evlog = NULL;
	a.in.evlog_len = 0;
	CU_ASSERT_REASON(&a, EV_FAIL_EVENT_LOG);
}

static void test_malformed_event_log_is_event_log(void)
{
	static const struct { size_t at; uint8_t value; } bad[] = {
		{ 0, 'X' }, { 4, 9 }, { 5, 3 }, { 5, 200 }, { 6, 99 }, { 7, 0 }, { 7, 0x42 },
	};
	struct attempt a;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		attempt_init(&a, &honest);
		a.log[bad[i].at] = bad[i].value;
		CU_ASSERT_REASON(&a, EV_FAIL_EVENT_LOG);
	}
}

/* Well-formed logs that break the layout: each also fails to replay, but
 * the layout is judged first. */
static void test_event_log_breaking_the_layout_is_event_log(void)
{
	struct evlog log;
	struct attempt a;
	int len;

	/* The kernel's event claims PCR 9. */
	log = honest.log;
	log.e[0].pcr = 9;
	attempt_init(&a, &honest);
	len = evlog_encode(&log, a.log, sizeof(a.log));
	a.in.evlog_len = (size_t)len;
	CU_ASSERT_REASON(&a, EV_FAIL_EVENT_LOG);

	/* The command line twice. */
	log = honest.log;
	CU_ASSERT_EQUAL_FATAL(evlog_append(&log, 8, EVLOG_CMDLINE, cmdline), 0);
	len = evlog_encode(&log, a.log, sizeof(a.log));
	a.in.evlog_len = (size_t)len;
	CU_ASSERT_REASON(&a, EV_FAIL_EVENT_LOG);

	/* An event for PCR 10, which is not quoted. */
	log = honest.log;
	CU_ASSERT_EQUAL_FATAL(evlog_append(&log, 10, EVLOG_DISK, disk), 0);
	len = evlog_encode(&log, a.log, sizeof(a.log));
	a.in.evlog_len = (size_t)len;
	CU_ASSERT_REASON(&a, EV_FAIL_EVENT_LOG);

	/* A gateway's event in a guest's log. */
	log = honest.log;
	CU_ASSERT_EQUAL_FATAL(evlog_append(&log, 8, EVLOG_GATEWAY_BINARY, disk), 0);
	len = evlog_encode(&log, a.log, sizeof(a.log));
	a.in.evlog_len = (size_t)len;
	CU_ASSERT_REASON(&a, EV_FAIL_EVENT_LOG);
}

static void test_extension_not_logged_is_replay(void)
{
	struct attempt a;

	attempt_init(&a, &unlogged);
	CU_ASSERT_REASON(&a, EV_FAIL_REPLAY);
}

/* The tampered guest's log edited to show an approved kernel. */
static void test_log_hiding_an_unapproved_kernel_is_replay(void)
{
	struct evlog log = tampered.log;
	struct attempt a;

	memcpy(log.e[0].digest, kernel, 32);
	attempt_init(&a, &tampered);
	a.in.evlog_len = (size_t)evlog_encode(&log, a.log, sizeof(a.log));
	CU_ASSERT_REASON(&a, EV_FAIL_REPLAY);
}

/* The honest log with its events in another order than extended. */
static void test_log_in_another_order_is_replay(void)
{
	struct evlog log = honest.log;
	struct evlog_entry first = log.e[0];
	struct attempt a;

	log.e[0] = log.e[1];
	log.e[1] = first;
	attempt_init(&a, &honest);
	a.in.evlog_len = (size_t)evlog_encode(&log, a.log, sizeof(a.log));
	CU_ASSERT_REASON(&a, EV_FAIL_REPLAY);
}

static void test_unapproved_kernel_logged_is_unapproved(void)
{
	struct evidence_result res;
	char hex[65];
	struct attempt a;

	attempt_init(&a, &tampered);
	CU_ASSERT_EQUAL(evidence_verify(&a.in, &res), -EACCES);
	CU_ASSERT_EQUAL(res.reason, EV_FAIL_UNAPPROVED);
	vg_hex_encode(kernel_evil, 32, hex);
	CU_ASSERT_PTR_NOT_NULL(strstr(res.message, hex));
	CU_ASSERT_PTR_NOT_NULL(strstr(res.message, "kernel"));
}

static void test_approved_part_not_measured_is_unapproved(void)
{
	struct evidence_result res;
	struct attempt a;

	attempt_init(&a, &diskless);
	CU_ASSERT_EQUAL(evidence_verify(&a.in, &res), -EACCES);
	CU_ASSERT_EQUAL(res.reason, EV_FAIL_UNAPPROVED);
	CU_ASSERT_PTR_NOT_NULL(strstr(res.message, "disk was not measured"));
}

/* db approves a kernel only: web's command line is approved for nothing. */
static void test_part_the_policy_does_not_approve_is_unapproved(void)
{
	uint8_t der[VT_CERT_DER_MAX];
	struct attempt a;
	size_t len;

	attempt_init(&a, &honest);
	CU_ASSERT_EQUAL_FATAL(ev_issue_ak(&ca, "db AK", honest.ak_x, honest.ak_y, der, &len),
			      0);
	a.in.guest_name = "db";
	a.in.guest = vg_config_guest(cfg, "db");
	a.in.ak_der = der;
	a.in.ak_len = len;
	CU_ASSERT_REASON(&a, EV_FAIL_UNAPPROVED);
}

static void test_guest_without_measurements_is_no_reference(void)
{
	uint8_t der[VT_CERT_DER_MAX];
	struct attempt a;
	size_t len;

	attempt_init(&a, &honest);
	CU_ASSERT_EQUAL_FATAL(ev_issue_ak(&ca, "bare AK", honest.ak_x, honest.ak_y, der,
					  &len), 0);
	a.in.guest_name = "bare";
	a.in.guest = vg_config_guest(cfg, "bare");
	CU_ASSERT_PTR_NOT_NULL_FATAL(a.in.guest);
	a.in.ak_der = der;
	a.in.ak_len = len;
	CU_ASSERT_REASON(&a, EV_FAIL_NO_REFERENCE);
	/* Nor does a guest the policy does not know fail open. */
	a.in.guest_name = "stranger";
	a.in.guest = NULL;
	CU_ASSERT_REASON(&a, EV_FAIL_NO_REFERENCE);
}

static void test_bad_arguments_are_einval(void)
{
	struct evidence_result res;
	struct attempt a;

	attempt_init(&a, &honest);
	CU_ASSERT_EQUAL(evidence_verify(NULL, &res), -EINVAL);
	CU_ASSERT_EQUAL(res.reason, EV_FAIL_INTERNAL);
	CU_ASSERT_EQUAL(evidence_verify(&a.in, NULL), -EINVAL);
	a.in.pcr_mask = 0;
	CU_ASSERT_EQUAL(evidence_verify(&a.in, &res), -EINVAL);
	attempt_init(&a, &honest);
	a.in.guest = vg_config_guest(cfg, "db");   /* the entry of another guest */
	CU_ASSERT_EQUAL(evidence_verify(&a.in, &res), -EINVAL);
	CU_ASSERT_EQUAL(res.reason, EV_FAIL_INTERNAL);
	attempt_init(&a, &honest);
	a.in.nonce = NULL;
	CU_ASSERT_EQUAL(evidence_verify(&a.in, &res), -EINVAL);
}

static void test_gathering_leaves_nothing_loaded(void)
{
	struct evidence ev;

	for (int i = 0; i < 5; i++)
		CU_ASSERT_EQUAL(evidence_gather(honest.t, nonce, exporter, launch_pcrs, 2, &ev), 0);
	CU_ASSERT_EQUAL(fx_transient_objects(honest.t), 0);
	CU_ASSERT_EQUAL(fx_loaded_sessions(honest.t), 0);
}

static void test_gathering_without_an_ak_is_enoent(void)
{
	struct evidence ev;

	CU_ASSERT_EQUAL(evidence_gather(root, nonce, exporter, launch_pcrs, 2, &ev), -ENOENT);
}

static void test_reasons_have_distinct_names(void)
{
	CU_ASSERT_EQUAL(EV_OK, 0);
	for (int i = 0; i < EV_REASON_COUNT; i++) {
		CU_ASSERT_STRING_NOT_EQUAL(evidence_reason_name(i), "?");
		CU_ASSERT_STRING_NOT_EQUAL(evidence_reason_text(i), "?");
		for (int j = 0; j < i; j++)
			CU_ASSERT_STRING_NOT_EQUAL(evidence_reason_name(i),
						   evidence_reason_name(j));
	}
	CU_ASSERT_STRING_EQUAL(evidence_reason_name(EV_FAIL_AK_CHAIN), "ak_chain");
	CU_ASSERT_STRING_EQUAL(evidence_reason_name(EV_REASON_COUNT), "?");
}

static const struct vg_test tests[] = {
	VG_TEST(test_honestly_launched_guest_is_accepted),
	VG_TEST(test_ak_certified_by_another_ca_is_ak_chain),
	VG_TEST(test_missing_or_damaged_ak_certificate_is_ak_chain),
	VG_TEST(test_ak_certificate_of_another_guest_is_ak_name),
	VG_TEST(test_evidence_of_one_guest_presented_as_another_is_ak_name),
	VG_TEST(test_flipped_signature_is_signature),
	VG_TEST(test_cached_ak_is_checked_again_only_when_it_changes),
	VG_TEST(test_quote_of_another_tpm_is_signature),
	VG_TEST(test_empty_quote_is_quote_format),
	VG_TEST(test_quote_from_another_tls_session_is_nonce),
	VG_TEST(test_quote_for_another_nonce_is_nonce),
	VG_TEST(test_relayed_quote_with_broken_log_is_nonce),
	VG_TEST(test_quote_over_other_pcrs_is_pcr_selection),
	VG_TEST(test_every_truncation_of_the_event_log_is_event_log),
	VG_TEST(test_malformed_event_log_is_event_log),
	VG_TEST(test_event_log_breaking_the_layout_is_event_log),
	VG_TEST(test_extension_not_logged_is_replay),
	VG_TEST(test_log_hiding_an_unapproved_kernel_is_replay),
	VG_TEST(test_log_in_another_order_is_replay),
	VG_TEST(test_unapproved_kernel_logged_is_unapproved),
	VG_TEST(test_approved_part_not_measured_is_unapproved),
	VG_TEST(test_part_the_policy_does_not_approve_is_unapproved),
	VG_TEST(test_guest_without_measurements_is_no_reference),
	VG_TEST(test_bad_arguments_are_einval),
	VG_TEST(test_gathering_leaves_nothing_loaded),
	VG_TEST(test_gathering_without_an_ak_is_enoent),
	VG_TEST(test_reasons_have_distinct_names),
	VG_TESTS_END
};

int main(void)
{
	static const struct vg_suite suites[] = {
		{ "guest evidence", suite_init, suite_cleanup, tests },
		{ NULL, NULL, NULL, NULL },
	};

	return vg_test_main(suites);
}
