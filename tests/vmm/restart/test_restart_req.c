/* SPDX-License-Identifier: BSD-3-Clause */
/* The attestation service's restart request: its guest and reason decode
 * exactly as sent, and every other byte pattern is refused -- the reason
 * goes into the audit log and vmmd's log, so nothing in it may pass for
 * another field or line. */
#include <errno.h>
#include <string.h>

#include "cunit_runner.h"
#include "vmm_api.h"

static struct vmm_restart_req *payload(uint8_t *buf)
{
	return (struct vmm_restart_req *)(buf + VMM_HDR_LEN);
}

static void test_restart_round_trips_with_its_reason(void)
{
	uint8_t buf[VMM_REQ_MAX];
	struct vmm_req req;
	long n = vmm_req_encode_restart("web-1", "attestation failed: replay: PCR 8", buf,
					sizeof(buf));

	CU_ASSERT_EQUAL_FATAL(n, (long)(VMM_HDR_LEN + sizeof(struct vmm_restart_req)));
	CU_ASSERT_EQUAL(vmm_req_decode(buf, (size_t)n, &req), 0);
	CU_ASSERT_EQUAL(req.type, VMM_RESTART);
	CU_ASSERT_STRING_EQUAL(req.name, "web-1");
	CU_ASSERT_STRING_EQUAL(req.reason, "attestation failed: replay: PCR 8");
}

static void test_generic_encoder_gives_an_empty_reason(void)
{
	uint8_t buf[VMM_REQ_MAX];
	struct vmm_req req;
	long n = vmm_req_encode(VMM_RESTART, "web", buf, sizeof(buf));

	CU_ASSERT_FATAL(n > 0);
	CU_ASSERT_EQUAL(vmm_req_decode(buf, (size_t)n, &req), 0);
	CU_ASSERT_STRING_EQUAL(req.reason, "");
	/* Other requests carry no reason. */
	n = vmm_req_encode(VMM_STOP, "web", buf, sizeof(buf));
	CU_ASSERT_EQUAL(vmm_req_decode(buf, (size_t)n, &req), 0);
	CU_ASSERT_STRING_EQUAL(req.reason, "");
}

static void test_hostile_reasons_refused(void)
{
	const char *bad[] = { "a\nAUDIT guest=x result=attested", "tab\there", "\x1b[31m",
			      "del\x7f", "\xc3\xa9t\xc3\xa9" };
	uint8_t buf[VMM_REQ_MAX];
	struct vmm_req req;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		long n;

		CU_ASSERT_EQUAL(vmm_req_encode_restart("web", bad[i], buf, sizeof(buf)), -EINVAL);
		n = vmm_req_encode_restart("web", "ok", buf, sizeof(buf));
		memset(payload(buf)->reason, 0, sizeof(payload(buf)->reason));
		memcpy(payload(buf)->reason, bad[i], strlen(bad[i]));
		CU_ASSERT_EQUAL(vmm_req_decode(buf, (size_t)n, &req), -EINVAL);
		CU_ASSERT_STRING_EQUAL(req.reason, "");
		CU_ASSERT_STRING_EQUAL(req.name, "");
	}
}

static void test_unterminated_or_padded_reason_refused(void)
{
	uint8_t buf[VMM_REQ_MAX];
	struct vmm_req req;
	long n = vmm_req_encode_restart("web", "why", buf, sizeof(buf));

	memset(payload(buf)->reason, 'x', sizeof(payload(buf)->reason));
	CU_ASSERT_EQUAL(vmm_req_decode(buf, (size_t)n, &req), -EINVAL);
	/* "why\0junk": one request, one encoding. */
	n = vmm_req_encode_restart("web", "why", buf, sizeof(buf));
	payload(buf)->reason[sizeof(payload(buf)->reason) - 1] = 'j';
	CU_ASSERT_EQUAL(vmm_req_decode(buf, (size_t)n, &req), -EINVAL);
	/* The name keeps its rules inside a restart. */
	n = vmm_req_encode_restart("web", "why", buf, sizeof(buf));
	memcpy(payload(buf)->name, "../x", 5);
	CU_ASSERT_EQUAL(vmm_req_decode(buf, (size_t)n, &req), -EINVAL);
	CU_ASSERT_EQUAL(vmm_req_encode_restart("", "why", buf, sizeof(buf)), -EINVAL);
}

static void test_reason_length_bounds(void)
{
	char longest[VMM_REASON_MAX + 1];
	uint8_t buf[VMM_REQ_MAX];
	struct vmm_req req;
	long n;

	memset(longest, 'r', VMM_REASON_MAX - 1);
	longest[VMM_REASON_MAX - 1] = '\0';
	n = vmm_req_encode_restart("web", longest, buf, sizeof(buf));
	CU_ASSERT_FATAL(n > 0);
	CU_ASSERT_EQUAL(vmm_req_decode(buf, (size_t)n, &req), 0);
	CU_ASSERT_STRING_EQUAL(req.reason, longest);
	longest[VMM_REASON_MAX - 1] = 'r';
	longest[VMM_REASON_MAX] = '\0';
	CU_ASSERT_EQUAL(vmm_req_encode_restart("web", longest, buf, sizeof(buf)), -EINVAL);
	CU_ASSERT_EQUAL(vmm_req_encode_restart("web", "why", buf, sizeof(buf) - 1), -ENOSPC);
}

/* A restart's length is its own: a guest request's payload is refused. */
static void test_restart_with_a_guest_payload_refused(void)
{
	uint8_t buf[VMM_REQ_MAX];
	struct ctl_hdr *h = (struct ctl_hdr *)buf;
	struct vmm_req req;
	long n = vmm_req_encode(VMM_START, "web", buf, sizeof(buf));

	h->type = VMM_RESTART;
	CU_ASSERT_EQUAL(vmm_req_expect(h), -EMSGSIZE);
	CU_ASSERT_EQUAL(vmm_req_decode(buf, (size_t)n, &req), -EMSGSIZE);
}

static void test_restart_is_the_service_s_alone(void)
{
	CU_ASSERT_TRUE(vmm_req_service_only(VMM_RESTART));
	for (unsigned t = VMM_LIST; t < VMM_RESTART; t++)
		CU_ASSERT_FALSE(vmm_req_service_only(t));
	CU_ASSERT_FALSE(vmm_req_service_only(0));
	CU_ASSERT_FALSE(vmm_req_service_only(VMM_REQ_TYPE_MAX));
	/* Code that only looks at roles still refuses a user. */
	CU_ASSERT_TRUE(vmm_req_admin_only(VMM_RESTART));
	CU_ASSERT_TRUE(vmm_req_has_guest(VMM_RESTART));
	CU_ASSERT_STRING_EQUAL(vmm_req_action(VMM_RESTART), "guest.restart");
	CU_ASSERT_EQUAL(vmm_req_type_of("restart"), VMM_RESTART);
}

static const struct vg_test tests[] = {
	VG_TEST(test_restart_round_trips_with_its_reason),
	VG_TEST(test_generic_encoder_gives_an_empty_reason),
	VG_TEST(test_hostile_reasons_refused),
	VG_TEST(test_unterminated_or_padded_reason_refused),
	VG_TEST(test_reason_length_bounds),
	VG_TEST(test_restart_with_a_guest_payload_refused),
	VG_TEST(test_restart_is_the_service_s_alone),
	VG_TESTS_END
};

static const struct vg_suite suites[] = {
	{ "vmm_restart_request", NULL, NULL, tests },
	{ NULL, NULL, NULL, NULL },
};

int main(void)
{
	return vg_test_main(suites);
}
