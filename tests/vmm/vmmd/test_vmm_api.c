/* SPDX-License-Identifier: BSD-3-Clause */
/* The management API's request decoding: every request a client can send
 * is either exactly one valid encoding or refused with its own errno,
 * whatever the bytes. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cunit_runner.h"
#include "vmm_api.h"

static long encode(enum vmm_req_type t, const char *name, uint8_t *buf)
{
	return vmm_req_encode(t, name, buf, VMM_REQ_MAX);
}

static struct ctl_hdr *hdr_of(uint8_t *buf)
{
	return (struct ctl_hdr *)buf;
}

static void test_round_trip_every_type(void)
{
	uint8_t buf[VMM_REQ_MAX];
	struct vmm_req req;

	for (unsigned t = 1; t < VMM_REQ_TYPE_MAX; t++) {
		const char *name = vmm_req_has_guest(t) ? "web-1.a_b" : NULL;
		long n = encode(t, name, buf);

		CU_ASSERT_FATAL(n > 0);
		CU_ASSERT_EQUAL(vmm_req_expect(hdr_of(buf)), n - (long)VMM_HDR_LEN);
		CU_ASSERT_EQUAL(vmm_req_decode(buf, (size_t)n, &req), 0);
		CU_ASSERT_EQUAL(req.type, t);
		CU_ASSERT_STRING_EQUAL(req.name, name ? name : "");
	}
}

static void test_bad_magic_and_version_refused(void)
{
	uint8_t buf[VMM_REQ_MAX];
	struct vmm_req req;
	long n = encode(VMM_LIST, NULL, buf);

	hdr_of(buf)->magic ^= 1;
	CU_ASSERT_EQUAL(vmm_req_decode(buf, (size_t)n, &req), -EPROTO);
	hdr_of(buf)->magic ^= 1;
	hdr_of(buf)->version = CTL_VERSION + 1;
	CU_ASSERT_EQUAL(vmm_req_expect(hdr_of(buf)), -EPROTO);
	CU_ASSERT_EQUAL(vmm_req_decode(buf, (size_t)n, &req), -EPROTO);
}

static void test_unknown_types_refused(void)
{
	uint16_t bad[] = { 0, VMM_REQ_TYPE_MAX, 64, 0x7fff, 0xffff };
	uint8_t buf[VMM_REQ_MAX];
	struct vmm_req req;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		long n = encode(VMM_LIST, NULL, buf);

		hdr_of(buf)->type = bad[i];
		CU_ASSERT_EQUAL(vmm_req_expect(hdr_of(buf)), -EBADRQC);
		CU_ASSERT_EQUAL(vmm_req_decode(buf, (size_t)n, &req), -EBADRQC);
	}
	CU_ASSERT_EQUAL(encode(0, NULL, buf), -EINVAL);
	CU_ASSERT_EQUAL(encode(VMM_REQ_TYPE_MAX, NULL, buf), -EINVAL);
}

/* A length other than the type's, announced or delivered, is refused:
 * the header's length is what the server reads, never more. */
static void test_wrong_lengths_refused(void)
{
	uint32_t lens[] = { 0, 1, sizeof(struct vmm_guest_req) - 1,
			    sizeof(struct vmm_guest_req) + 1, CTL_REQ_MAX, 0xffffffffu };
	uint8_t buf[VMM_REQ_MAX + 8];
	struct vmm_req req;
	long n;

	for (size_t i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		n = encode(VMM_START, "alpha", buf);
		hdr_of(buf)->len = lens[i];
		CU_ASSERT_EQUAL(vmm_req_expect(hdr_of(buf)), -EMSGSIZE);
	}
	n = encode(VMM_LIST, NULL, buf);
	hdr_of(buf)->len = 1;
	CU_ASSERT_EQUAL(vmm_req_expect(hdr_of(buf)), -EMSGSIZE);
	/* The header is right, the bytes are not all there, or too many. */
	n = encode(VMM_STOP, "alpha", buf);
	CU_ASSERT_EQUAL(vmm_req_decode(buf, (size_t)n - 1, &req), -EMSGSIZE);
	CU_ASSERT_EQUAL(vmm_req_decode(buf, (size_t)n + 1, &req), -EMSGSIZE);
	CU_ASSERT_EQUAL(vmm_req_decode(buf, VMM_HDR_LEN - 1, &req), -EPROTO);
	CU_ASSERT_EQUAL(vmm_req_decode(NULL, 0, &req), -EPROTO);
	/* A request is not a response: a status is refused. */
	n = encode(VMM_LIST, NULL, buf);
	hdr_of(buf)->status = -1;
	CU_ASSERT_EQUAL(vmm_req_decode(buf, (size_t)n, &req), -EMSGSIZE);
}

static struct vmm_guest_req *payload(uint8_t *buf)
{
	return (struct vmm_guest_req *)(buf + VMM_HDR_LEN);
}

static void test_hostile_names_refused(void)
{
	const char *bad[] = { "", "a b", "../etc", "a/b", "x\n", "\xc3\xa9t\xc3\xa9",
			      "a;rm", "$(id)" };
	uint8_t buf[VMM_REQ_MAX];
	struct vmm_req req;
	long n;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		n = encode(VMM_DESTROY, "alpha", buf);
		memset(payload(buf)->name, 0, sizeof(payload(buf)->name));
		memcpy(payload(buf)->name, bad[i], strlen(bad[i]));
		CU_ASSERT_EQUAL(vmm_req_decode(buf, (size_t)n, &req), -EINVAL);
		CU_ASSERT_STRING_EQUAL(req.name, "");
		CU_ASSERT_EQUAL(encode(VMM_DESTROY, bad[i], buf), -EINVAL);
	}
	/* No terminating NUL anywhere in the field. */
	n = encode(VMM_START, "alpha", buf);
	memset(payload(buf)->name, 'a', sizeof(payload(buf)->name));
	CU_ASSERT_EQUAL(vmm_req_decode(buf, (size_t)n, &req), -EINVAL);
	/* 32 characters fit, 33 cannot be encoded. */
	char longest[VG_NAME_MAX + 2];

	memset(longest, 'g', VG_NAME_MAX);
	longest[VG_NAME_MAX] = '\0';
	n = encode(VMM_START, longest, buf);
	CU_ASSERT_FATAL(n > 0);
	CU_ASSERT_EQUAL(vmm_req_decode(buf, (size_t)n, &req), 0);
	CU_ASSERT_STRING_EQUAL(req.name, longest);
	longest[VG_NAME_MAX] = 'g';
	longest[VG_NAME_MAX + 1] = '\0';
	CU_ASSERT_EQUAL(encode(VMM_START, longest, buf), -EINVAL);
}

/* "alpha\0junk": one request has one encoding, so bytes after the NUL
 * must be zero (they could otherwise smuggle data past the audit log). */
static void test_bytes_after_name_refused(void)
{
	uint8_t buf[VMM_REQ_MAX];
	struct vmm_req req;
	long n = encode(VMM_START, "alpha", buf);

	payload(buf)->name[sizeof(payload(buf)->name) - 1] = 'x';
	CU_ASSERT_EQUAL(vmm_req_decode(buf, (size_t)n, &req), -EINVAL);
	n = encode(VMM_START, "alpha", buf);
	payload(buf)->name[6] = 'y';
	CU_ASSERT_EQUAL(vmm_req_decode(buf, (size_t)n, &req), -EINVAL);
}

static void test_encode_needs_name_exactly_when_typed(void)
{
	uint8_t buf[VMM_REQ_MAX];

	CU_ASSERT_EQUAL(encode(VMM_START, NULL, buf), -EINVAL);
	CU_ASSERT_EQUAL(encode(VMM_LIST, "alpha", buf), -EINVAL);
	CU_ASSERT_EQUAL(vmm_req_encode(VMM_START, "alpha", buf,
				       VMM_HDR_LEN + sizeof(struct vmm_guest_req) - 1), -ENOSPC);
}

static void test_roles_of_requests(void)
{
	CU_ASSERT_FALSE(vmm_req_admin_only(VMM_LIST));
	CU_ASSERT_FALSE(vmm_req_admin_only(VMM_STATUS));
	CU_ASSERT_FALSE(vmm_req_admin_only(VMM_START));
	CU_ASSERT_FALSE(vmm_req_admin_only(VMM_STOP));
	CU_ASSERT_TRUE(vmm_req_admin_only(VMM_CREATE));
	CU_ASSERT_TRUE(vmm_req_admin_only(VMM_DESTROY));
	CU_ASSERT_TRUE(vmm_req_admin_only(VMM_RELOAD));
	CU_ASSERT_TRUE(vmm_req_admin_only(VMM_MIGRATE));
	CU_ASSERT_FALSE(vmm_req_service_only(VMM_MIGRATE));
	CU_ASSERT_TRUE(vmm_req_admin_only(0));
	CU_ASSERT_TRUE(vmm_req_admin_only(VMM_REQ_TYPE_MAX));
	CU_ASSERT_EQUAL(vmm_req_type_of("destroy"), VMM_DESTROY);
	CU_ASSERT_EQUAL(vmm_req_type_of("policy.reload"), VMM_RELOAD);
	CU_ASSERT_EQUAL(vmm_req_type_of("migrate"), VMM_MIGRATE);
	CU_ASSERT_EQUAL(vmm_req_type_of("suspend"), 0);
	CU_ASSERT_STRING_EQUAL(vmm_req_action(VMM_DESTROY), "guest.destroy");
}

/* Random bytes and random corruptions of valid requests: decoding never
 * accepts what it should not (a decoded request re-encodes to the same
 * bytes) and never reads past len (ASan in the sanitizer build). */
static void test_random_bytes_never_misdecoded(void)
{
	uint8_t buf[VMM_REQ_MAX], again[VMM_REQ_MAX];
	struct vmm_req req;

	srand(7);
	for (int i = 0; i < 200000; i++) {
		size_t len = (size_t)rand() % (VMM_REQ_MAX + 1);
		uint8_t *copy;

		if (i % 2) {
			for (size_t j = 0; j < sizeof(buf); j++)
				buf[j] = (uint8_t)rand();
		} else {
			enum vmm_req_type t = 1 + rand() % (VMM_REQ_TYPE_MAX - 1);
			long n = encode(t, vmm_req_has_guest(t) ? "alpha" : NULL, buf);

			CU_ASSERT_FATAL(n > 0);
			buf[(size_t)rand() % (size_t)n] ^= (uint8_t)(1u << (rand() % 8));
			len = (size_t)n;
		}
		copy = malloc(len ? len : 1);
		CU_ASSERT_FATAL(copy != NULL);
		memcpy(copy, buf, len);
		if (vmm_req_decode(copy, len, &req) == 0) {
			long n = req.type == VMM_RESTART
				 ? vmm_req_encode_restart(req.name, req.reason, again, VMM_REQ_MAX)
				 : encode(req.type, vmm_req_has_guest(req.type) ? req.name : NULL,
					  again);

			CU_ASSERT_EQUAL(n, (long)len);
			CU_ASSERT(n > 0 && memcmp(again, copy, len) == 0);
		}
		free(copy);
	}
}

static const struct vg_test tests[] = {
	VG_TEST(test_round_trip_every_type),
	VG_TEST(test_bad_magic_and_version_refused),
	VG_TEST(test_unknown_types_refused),
	VG_TEST(test_wrong_lengths_refused),
	VG_TEST(test_hostile_names_refused),
	VG_TEST(test_bytes_after_name_refused),
	VG_TEST(test_encode_needs_name_exactly_when_typed),
	VG_TEST(test_roles_of_requests),
	VG_TEST(test_random_bytes_never_misdecoded),
	VG_TESTS_END
};

static const struct vg_suite suites[] = {
	{ "vmm_api", NULL, NULL, tests },
	{ NULL, NULL, NULL, NULL },
};

int main(void)
{
	return vg_test_main(suites);
}
