/* SPDX-License-Identifier: BSD-3-Clause */
/* The platform CA's certificates, with a software key standing in for the
 * TPM: what is issued verifies against its CA and nothing else, says what
 * was asked, and hostile input is refused without a crash. */
#include <wolfssl/options.h>
#include <wolfssl/ssl.h>
#include <wolfssl/openssl/x509v3.h>
#include <wolfssl/wolfcrypt/asn.h>
#include <wolfssl/wolfcrypt/asn_public.h>
#include <wolfssl/wolfcrypt/ecc.h>
#include <wolfssl/wolfcrypt/random.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cunit_runner.h"
#include "vt_cert.h"

#define DAYS 30

/* A CA whose key is a wolfCrypt key in this process. */
struct soft_ca {
	ecc_key key;
	int fail;               /* the signer returns this when non-zero */
	unsigned signatures;
	struct vt_signer signer;
	uint8_t der[VT_CERT_DER_MAX];
	size_t len;
};

static WC_RNG rng;
static struct soft_ca ca1, ca2;
static ecc_key guest_key;
static uint8_t gx[32], gy[32];

/* Signs like the TPM would: raw r and s, each 32 bytes. */
static int soft_sign(void *ctx, const uint8_t digest[32], uint8_t r[32],
		     uint8_t s[32])
{
	struct soft_ca *ca = ctx;
	uint8_t sig[ECC_MAX_SIG_SIZE], rr[32], ss[32];
	word32 sig_len = sizeof(sig), r_len = sizeof(rr), s_len = sizeof(ss);

	if (ca->fail)
		return ca->fail;
	if (wc_ecc_sign_hash(digest, 32, sig, &sig_len, &rng, &ca->key) != 0 ||
	    wc_ecc_sig_to_rs(sig, sig_len, rr, &r_len, ss, &s_len) != 0)
		return -EIO;
	memset(r, 0, 32);
	memset(s, 0, 32);
	memcpy(r + 32 - r_len, rr, r_len);
	memcpy(s + 32 - s_len, ss, s_len);
	ca->signatures++;
	return 0;
}

static int new_point(ecc_key *key, uint8_t x[32], uint8_t y[32])
{
	word32 x_len = 32, y_len = 32;

	if (wc_ecc_init(key) != 0 || wc_ecc_make_key_ex(&rng, 32, key, ECC_SECP256R1) != 0)
		return -1;
	return wc_ecc_export_public_raw(key, x, &x_len, y, &y_len) == 0 ? 0 : -1;
}

static int new_ca(struct soft_ca *ca, const char *cn)
{
	memset(ca, 0, sizeof(*ca));
	if (new_point(&ca->key, ca->signer.x, ca->signer.y) < 0)
		return -1;
	ca->signer.sign = soft_sign;
	ca->signer.ctx = ca;
	ca->len = sizeof(ca->der);
	return vt_cert_ca_self(&ca->signer, cn, DAYS, ca->der, &ca->len);
}

static int suite_init(void)
{
	if (wolfCrypt_Init() != 0 || wc_InitRng(&rng) != 0)
		return -1;
	if (new_ca(&ca1, "vmgate platform CA") != 0 ||
	    new_ca(&ca2, "another CA") != 0)
		return -1;
	return new_point(&guest_key, gx, gy);
}

static int suite_cleanup(void)
{
	wc_ecc_free(&ca1.key);
	wc_ecc_free(&ca2.key);
	wc_ecc_free(&guest_key);
	wc_FreeRng(&rng);
	wolfCrypt_Cleanup();
	return 0;
}

/* Issues a certificate for the guest's point from ca1 into der. */
static int issue(const char *cn, enum vt_cert_kind kind, uint8_t *der, size_t *len)
{
	*len = VT_CERT_DER_MAX;
	return vt_cert_issue(&ca1.signer, ca1.der, ca1.len, cn, gx, gy, kind,
			     DAYS, der, len);
}

static WOLFSSL_X509 *parse(const uint8_t *der, size_t len)
{
	return wolfSSL_X509_load_certificate_buffer(der, (int)len,
						    WOLFSSL_FILETYPE_ASN1);
}

static void test_ca_certificate_verifies_against_itself(void)
{
	WOLFSSL_X509 *x = parse(ca1.der, ca1.len);
	uint8_t serial[32];
	int serial_len = sizeof(serial);

	CU_ASSERT_EQUAL(vt_cert_verify(ca1.der, ca1.len, ca1.der, ca1.len), 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(x);
	CU_ASSERT_EQUAL(wolfSSL_X509_NAME_cmp(wolfSSL_X509_get_subject_name(x),
					      wolfSSL_X509_get_issuer_name(x)), 0);
	CU_ASSERT_EQUAL(wolfSSL_X509_get_serial_number(x, serial, &serial_len),
			WOLFSSL_SUCCESS);
	CU_ASSERT_EQUAL(serial_len, 16);
	CU_ASSERT_EQUAL(serial[0] & 0x80, 0);
	CU_ASSERT_PTR_NOT_NULL(wolfSSL_X509_get_subjectKeyID(x, NULL, NULL));
	wolfSSL_X509_free(x);
}

static void test_ca_certificate_is_a_critical_ca_that_signs_only_certificates(void)
{
	WOLFSSL_X509 *x = parse(ca1.der, ca1.len);

	CU_ASSERT_PTR_NOT_NULL_FATAL(x);
	CU_ASSERT_EQUAL(wolfSSL_X509_get_isCA(x), 1);
	CU_ASSERT_EQUAL(wolfSSL_X509_ext_get_critical_by_NID(x, NID_basic_constraints), 1);
	CU_ASSERT_EQUAL(wolfSSL_X509_get_key_usage(x),
			KEYUSE_KEY_CERT_SIGN | KEYUSE_CRL_SIGN);
	CU_ASSERT_EQUAL(wolfSSL_X509_ext_get_critical_by_NID(x, NID_key_usage), 1);
	wolfSSL_X509_free(x);
}

/* The critical flag is added to what wolfSSL encodes: whatever the
 * lengths around it, the result parses and verifies. */
static void test_ca_certificate_with_shortest_and_longest_cn_is_critical_ca(void)
{
	char longest[VT_CERT_CN_MAX + 1];
	const char *cns[] = { "C", longest };

	memset(longest, 'L', VT_CERT_CN_MAX);
	longest[VT_CERT_CN_MAX] = '\0';
	for (size_t i = 0; i < 2; i++) {
		uint8_t der[VT_CERT_DER_MAX];
		char cn[VT_CERT_CN_MAX + 1];
		size_t len = sizeof(der);
		WOLFSSL_X509 *x;

		CU_ASSERT_EQUAL_FATAL(vt_cert_ca_self(&ca2.signer, cns[i], DAYS, der, &len), 0);
		CU_ASSERT_EQUAL(vt_cert_verify(der, len, der, len), 0);
		CU_ASSERT_EQUAL(vt_cert_subject_cn(der, len, cn, sizeof(cn)), (int)strlen(cns[i]));
		x = parse(der, len);
		CU_ASSERT_PTR_NOT_NULL_FATAL(x);
		CU_ASSERT_EQUAL(wolfSSL_X509_get_isCA(x), 1);
		CU_ASSERT_EQUAL(wolfSSL_X509_ext_get_critical_by_NID(x, NID_basic_constraints), 1);
		wolfSSL_X509_free(x);
	}
}

static void test_ca_certificates_get_different_serials(void)
{
	uint8_t der[VT_CERT_DER_MAX], a[32], b[32];
	size_t len = sizeof(der);
	int a_len = sizeof(a), b_len = sizeof(b);
	WOLFSSL_X509 *x, *y;

	CU_ASSERT_EQUAL_FATAL(vt_cert_ca_self(&ca1.signer, "vmgate platform CA", DAYS,
					      der, &len), 0);
	x = parse(ca1.der, ca1.len);
	y = parse(der, len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(x);
	CU_ASSERT_PTR_NOT_NULL_FATAL(y);
	wolfSSL_X509_get_serial_number(x, a, &a_len);
	wolfSSL_X509_get_serial_number(y, b, &b_len);
	CU_ASSERT(a_len != b_len || memcmp(a, b, (size_t)a_len) != 0);
	wolfSSL_X509_free(x);
	wolfSSL_X509_free(y);
}

static void test_issued_ek_and_ak_verify_against_their_ca(void)
{
	uint8_t ek[VT_CERT_DER_MAX], ak[VT_CERT_DER_MAX];
	size_t ek_len, ak_len;

	CU_ASSERT_EQUAL_FATAL(issue("web EK", VT_CERT_EK, ek, &ek_len), 0);
	CU_ASSERT_EQUAL_FATAL(issue("web AK", VT_CERT_AK, ak, &ak_len), 0);
	CU_ASSERT_EQUAL(vt_cert_verify(ca1.der, ca1.len, ek, ek_len), 0);
	CU_ASSERT_EQUAL(vt_cert_verify(ca1.der, ca1.len, ak, ak_len), 0);
}

static void test_issued_certificate_does_not_verify_against_another_ca(void)
{
	uint8_t ek[VT_CERT_DER_MAX];
	size_t len;

	CU_ASSERT_EQUAL_FATAL(issue("web EK", VT_CERT_EK, ek, &len), 0);
	CU_ASSERT_EQUAL(vt_cert_verify(ca2.der, ca2.len, ek, len), -EKEYREJECTED);
	CU_ASSERT_EQUAL(vt_cert_verify(ca2.der, ca2.len, ca1.der, ca1.len), -EKEYREJECTED);
}

static void test_end_entity_certificate_cannot_act_as_a_ca(void)
{
	uint8_t ek[VT_CERT_DER_MAX], ak[VT_CERT_DER_MAX];
	size_t ek_len, ak_len;

	CU_ASSERT_EQUAL_FATAL(issue("web EK", VT_CERT_EK, ek, &ek_len), 0);
	CU_ASSERT_EQUAL_FATAL(issue("web AK", VT_CERT_AK, ak, &ak_len), 0);
	CU_ASSERT_EQUAL(vt_cert_verify(ek, ek_len, ak, ak_len), -EKEYREJECTED);
}

/* Every single-byte change, in the signed part or the signature, is
 * caught. */
static void test_every_flipped_byte_fails_verification(void)
{
	uint8_t ek[VT_CERT_DER_MAX];
	size_t len;
	unsigned accepted = 0;

	CU_ASSERT_EQUAL_FATAL(issue("web EK", VT_CERT_EK, ek, &len), 0);
	for (size_t i = 0; i < len; i++) {
		ek[i] ^= 0x01;
		if (vt_cert_verify(ca1.der, ca1.len, ek, len) == 0)
			accepted++;
		ek[i] ^= 0x01;
	}
	CU_ASSERT_EQUAL(accepted, 0);
	CU_ASSERT_EQUAL(vt_cert_verify(ca1.der, ca1.len, ek, len), 0);
}

static void test_flipped_signature_byte_is_rejected_as_not_the_cas(void)
{
	uint8_t ek[VT_CERT_DER_MAX];
	size_t len;

	CU_ASSERT_EQUAL_FATAL(issue("web EK", VT_CERT_EK, ek, &len), 0);
	ek[len - 1] ^= 0x80;    /* the last byte of s */
	CU_ASSERT_EQUAL(vt_cert_verify(ca1.der, ca1.len, ek, len), -EKEYREJECTED);
}

static void test_public_point_and_cn_read_back_as_issued(void)
{
	uint8_t ek[VT_CERT_DER_MAX], x[32], y[32];
	char cn[VT_CERT_CN_MAX + 1];
	size_t len;

	CU_ASSERT_EQUAL_FATAL(issue("web EK", VT_CERT_EK, ek, &len), 0);
	CU_ASSERT_EQUAL_FATAL(vt_cert_public(ek, len, x, y), 0);
	CU_ASSERT_EQUAL(memcmp(x, gx, 32), 0);
	CU_ASSERT_EQUAL(memcmp(y, gy, 32), 0);
	CU_ASSERT_EQUAL(vt_cert_subject_cn(ek, len, cn, sizeof(cn)), 6);
	CU_ASSERT_STRING_EQUAL(cn, "web EK");
	CU_ASSERT_EQUAL(vt_cert_subject_cn(ek, len, cn, 6), -ENOSPC);
	CU_ASSERT_EQUAL_FATAL(vt_cert_public(ca1.der, ca1.len, x, y), 0);
	CU_ASSERT_EQUAL(memcmp(x, ca1.signer.x, 32), 0);
	CU_ASSERT_EQUAL(memcmp(y, ca1.signer.y, 32), 0);
}

static void test_issued_certificate_names_its_ca_as_issuer(void)
{
	uint8_t ek[VT_CERT_DER_MAX], akid[64], skid[64];
	WOLFSSL_X509 *x, *ca;
	int akid_len = sizeof(akid), skid_len = sizeof(skid);
	size_t len;

	CU_ASSERT_EQUAL_FATAL(issue("web EK", VT_CERT_EK, ek, &len), 0);
	x = parse(ek, len);
	ca = parse(ca1.der, ca1.len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(x);
	CU_ASSERT_PTR_NOT_NULL_FATAL(ca);
	CU_ASSERT_EQUAL(wolfSSL_X509_NAME_cmp(wolfSSL_X509_get_issuer_name(x),
					      wolfSSL_X509_get_subject_name(ca)), 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(wolfSSL_X509_get_authorityKeyID(x, akid, &akid_len));
	CU_ASSERT_PTR_NOT_NULL_FATAL(wolfSSL_X509_get_subjectKeyID(ca, skid, &skid_len));
	CU_ASSERT_EQUAL(akid_len, 20);
	CU_ASSERT_EQUAL(akid_len, skid_len);
	CU_ASSERT(memcmp(akid, skid, (size_t)akid_len) == 0);
	wolfSSL_X509_free(x);
	wolfSSL_X509_free(ca);
}

struct usage_case {
	enum vt_cert_kind kind;
	unsigned key_usage, ext_key_usage;
};

static void test_key_usage_follows_the_kind_and_none_is_a_ca(void)
{
	static const struct usage_case cases[] = {
		{ VT_CERT_EK, KEYUSE_KEY_ENCIPHER | KEYUSE_KEY_AGREE, 0 },
		{ VT_CERT_AK, KEYUSE_DIGITAL_SIG, 0 },
		{ VT_CERT_TLS_CLIENT, KEYUSE_DIGITAL_SIG, XKU_SSL_CLIENT },
		{ VT_CERT_TLS_SERVER, KEYUSE_DIGITAL_SIG, XKU_SSL_SERVER },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint8_t der[VT_CERT_DER_MAX];
		WOLFSSL_X509 *x;
		size_t len;

		CU_ASSERT_EQUAL_FATAL(issue("web key", cases[i].kind, der, &len), 0);
		x = parse(der, len);
		CU_ASSERT_PTR_NOT_NULL_FATAL(x);
		CU_ASSERT_EQUAL(wolfSSL_X509_get_key_usage(x), cases[i].key_usage);
		CU_ASSERT_EQUAL(wolfSSL_X509_get_extended_key_usage(x),
				cases[i].ext_key_usage);
		CU_ASSERT_EQUAL(wolfSSL_X509_get_isCA(x), 0);
		CU_ASSERT_EQUAL(wolfSSL_X509_ext_isSet_by_NID(x, NID_basic_constraints), 1);
		wolfSSL_X509_free(x);
	}
}

static void test_signer_error_fails_issuing_and_writes_nothing(void)
{
	uint8_t der[VT_CERT_DER_MAX];
	size_t len = sizeof(der);

	memset(der, 0xa5, sizeof(der));
	ca1.fail = -EACCES;
	CU_ASSERT_EQUAL(vt_cert_issue(&ca1.signer, ca1.der, ca1.len, "web EK", gx, gy,
				      VT_CERT_EK, DAYS, der, &len), -EACCES);
	CU_ASSERT_EQUAL(vt_cert_ca_self(&ca1.signer, "CA", DAYS, der, &len), -EACCES);
	ca1.fail = 0;
	CU_ASSERT_EQUAL(len, sizeof(der));
	for (size_t i = 0; i < sizeof(der); i++)
		if (der[i] != 0xa5) {
			CU_FAIL("the output was written");
			break;
		}
}

/* A signer whose key is not the CA's point (a TPM handle mix-up) must
 * not produce a certificate that cannot verify. */
static void test_signer_using_another_key_is_refused(void)
{
	struct vt_signer wrong = ca1.signer;
	uint8_t der[VT_CERT_DER_MAX];
	size_t len = sizeof(der);

	wrong.ctx = &ca2;
	CU_ASSERT_EQUAL(vt_cert_issue(&wrong, ca1.der, ca1.len, "web EK", gx, gy,
				      VT_CERT_EK, DAYS, der, &len), -EKEYREJECTED);
}

static void test_ca_certificate_of_another_key_is_refused(void)
{
	uint8_t der[VT_CERT_DER_MAX];
	size_t len = sizeof(der);

	CU_ASSERT_EQUAL(vt_cert_issue(&ca1.signer, ca2.der, ca2.len, "web EK", gx, gy,
				      VT_CERT_EK, DAYS, der, &len), -EINVAL);
}

static void test_point_off_the_curve_is_refused(void)
{
	uint8_t der[VT_CERT_DER_MAX], y[32];
	size_t len = sizeof(der);
	unsigned before = ca1.signatures;

	memcpy(y, gy, 32);
	y[31] ^= 1;
	CU_ASSERT_EQUAL(vt_cert_issue(&ca1.signer, ca1.der, ca1.len, "web EK", gx, y,
				      VT_CERT_EK, DAYS, der, &len), -EINVAL);
	CU_ASSERT_EQUAL(ca1.signatures, before);
}

static void test_invalid_or_oversized_cn_is_refused(void)
{
	static const char *const bad[] = {
		"", " web", "web ", "web\nEK", "caf\xc3\xa9", "web\x7f",
		"0123456789012345678901234567890123456789012345678901234567890123",
	};
	char longest[VT_CERT_CN_MAX + 1];
	uint8_t der[VT_CERT_DER_MAX];
	size_t len;
	unsigned before = ca1.signatures;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		len = sizeof(der);
		CU_ASSERT_EQUAL(vt_cert_issue(&ca1.signer, ca1.der, ca1.len, bad[i],
					      gx, gy, VT_CERT_AK, DAYS, der, &len), -EINVAL);
		CU_ASSERT_EQUAL(vt_cert_ca_self(&ca1.signer, bad[i], DAYS, der, &len),
				-EINVAL);
	}
	CU_ASSERT_EQUAL(vt_cert_issue(&ca1.signer, ca1.der, ca1.len, NULL,
				      gx, gy, VT_CERT_AK, DAYS, der, &len), -EINVAL);
	CU_ASSERT_EQUAL(ca1.signatures, before);

	memset(longest, 'a', VT_CERT_CN_MAX);
	longest[VT_CERT_CN_MAX] = '\0';
	CU_ASSERT_EQUAL(issue(longest, VT_CERT_AK, der, &len), 0);
	{
		char cn[VT_CERT_CN_MAX + 1];

		CU_ASSERT_EQUAL(vt_cert_subject_cn(der, len, cn, sizeof(cn)),
				VT_CERT_CN_MAX);
		CU_ASSERT_STRING_EQUAL(cn, longest);
	}
}

static void test_days_and_kind_out_of_range_are_refused(void)
{
	uint8_t der[VT_CERT_DER_MAX];
	size_t len = sizeof(der);

	CU_ASSERT_EQUAL(vt_cert_ca_self(&ca1.signer, "CA", 0, der, &len), -EINVAL);
	CU_ASSERT_EQUAL(vt_cert_ca_self(&ca1.signer, "CA", VT_CERT_DAYS_MAX + 1,
					der, &len), -EINVAL);
	CU_ASSERT_EQUAL(vt_cert_issue(&ca1.signer, ca1.der, ca1.len, "web", gx, gy,
				      (enum vt_cert_kind)7, DAYS, der, &len), -EINVAL);
}

static void test_small_output_buffer_is_refused_untouched(void)
{
	uint8_t der[VT_CERT_DER_MAX];
	size_t len = 10;

	CU_ASSERT_EQUAL_FATAL(vt_cert_issue(&ca1.signer, ca1.der, ca1.len, "web EK",
					    gx, gy, VT_CERT_EK, DAYS, der, &len), -ENOSPC);
	CU_ASSERT_EQUAL(len, 10);
	len = sizeof(der);
	CU_ASSERT_EQUAL(vt_cert_issue(&ca1.signer, ca1.der, ca1.len, "web EK",
				      gx, gy, VT_CERT_EK, DAYS, der, &len), 0);
	CU_ASSERT_EQUAL(vt_cert_verify(ca1.der, ca1.len, der, len), 0);
}

/* Every prefix of a valid certificate, and noise, is refused cleanly. */
static void test_truncated_or_garbage_input_is_refused(void)
{
	uint8_t ek[VT_CERT_DER_MAX], noise[600], x[32], y[32];
	char cn[VT_CERT_CN_MAX + 1];
	size_t len;

	CU_ASSERT_EQUAL_FATAL(issue("web EK", VT_CERT_EK, ek, &len), 0);
	for (size_t n = 0; n < len; n++) {
		CU_ASSERT(vt_cert_public(ek, n, x, y) < 0);
		CU_ASSERT(vt_cert_subject_cn(ek, n, cn, sizeof(cn)) < 0);
		CU_ASSERT(vt_cert_verify(ca1.der, ca1.len, ek, n) < 0);
	}
	CU_ASSERT_EQUAL(wc_RNG_GenerateBlock(&rng, noise, sizeof(noise)), 0);
	noise[0] = 0x30;        /* looks like a SEQUENCE */
	CU_ASSERT_EQUAL(vt_cert_public(noise, sizeof(noise), x, y), -EBADMSG);
	CU_ASSERT_EQUAL(vt_cert_subject_cn(noise, sizeof(noise), cn, sizeof(cn)), -EBADMSG);
	CU_ASSERT_EQUAL(vt_cert_public(NULL, 100, x, y), -EBADMSG);
	CU_ASSERT_EQUAL(vt_cert_public(ek, VT_CERT_DER_MAX + 1, x, y), -EBADMSG);
	CU_ASSERT_EQUAL(vt_cert_verify(ca1.der, ca1.len, noise, sizeof(noise)), -EBADMSG);
}

/* Random changes of a few bytes anywhere: the readers answer with one of
 * their documented errors or a valid result, and never crash. */
static void test_mutated_certificates_are_read_safely(void)
{
	uint8_t ek[VT_CERT_DER_MAX], copy[VT_CERT_DER_MAX], pick[8], x[32], y[32];
	char cn[VT_CERT_CN_MAX + 1];
	unsigned odd = 0;
	size_t len;

	CU_ASSERT_EQUAL_FATAL(issue("web EK", VT_CERT_EK, ek, &len), 0);
	for (int round = 0; round < 2000; round++) {
		int p, c;

		memcpy(copy, ek, len);
		CU_ASSERT_EQUAL_FATAL(wc_RNG_GenerateBlock(&rng, pick, sizeof(pick)), 0);
		for (int k = 0; k < 1 + pick[0] % 4; k++)
			copy[((size_t)pick[1 + k] << 8 | pick[5]) % len] ^= (uint8_t)(pick[6] | 1);
		p = vt_cert_public(copy, len, x, y);
		c = vt_cert_subject_cn(copy, len, cn, sizeof(cn));
		if ((p != 0 && p != -EBADMSG && p != -EPROTONOSUPPORT) ||
		    (c < 0 && c != -EBADMSG) || (c >= 0 && !vt_cert_cn_valid(cn)))
			odd++;
		/* Two changes of one byte may cancel out. */
		if (memcmp(copy, ek, len) != 0 &&
		    vt_cert_verify(ca1.der, ca1.len, copy, len) == 0)
			odd++;
	}
	CU_ASSERT_EQUAL(odd, 0);
}

/* A self-signed certificate for a P-384 key, made with wolfCrypt alone. */
static int p384_certificate(uint8_t *der, size_t size)
{
	ecc_key key;
	Cert c;
	int n;

	if (wc_ecc_init(&key) != 0 || wc_ecc_make_key_ex(&rng, 48, &key, ECC_SECP384R1) != 0)
		return -1;
	wc_InitCert(&c);
	strcpy(c.subject.commonName, "p384");
	c.sigType = CTC_SHA384wECDSA;
	c.isCA = 1;
	n = wc_MakeCert_ex(&c, der, (word32)size, ECC_TYPE, &key, &rng);
	if (n > 0)
		n = wc_SignCert_ex(c.bodySz, c.sigType, der, (word32)size, ECC_TYPE,
				   &key, &rng);
	wc_ecc_free(&key);
	return n;
}

static void test_other_curve_is_refused(void)
{
	uint8_t der[VT_CERT_DER_MAX], x[32], y[32];
	char cn[8];
	int n = p384_certificate(der, sizeof(der));

	CU_ASSERT_FATAL(n > 0);
	CU_ASSERT_EQUAL(vt_cert_subject_cn(der, (size_t)n, cn, sizeof(cn)), 4);
	CU_ASSERT_EQUAL(vt_cert_public(der, (size_t)n, x, y), -EPROTONOSUPPORT);
}

static void test_pem_round_trip_gives_the_same_certificate(void)
{
	char pem[VT_CERT_PEM_MAX];
	uint8_t der[VT_CERT_DER_MAX];
	int n = vt_cert_to_pem(ca1.der, ca1.len, pem, sizeof(pem));

	CU_ASSERT_FATAL(n > 0);
	CU_ASSERT_EQUAL((size_t)n, strlen(pem));
	CU_ASSERT_EQUAL(strncmp(pem, "-----BEGIN CERTIFICATE-----\n", 28), 0);
	CU_ASSERT_EQUAL(vt_cert_to_pem(ca1.der, ca1.len, pem, 100), -ENOSPC);
	n = vt_cert_to_pem(ca1.der, ca1.len, pem, sizeof(pem));
	CU_ASSERT_EQUAL_FATAL(vt_cert_from_pem(pem, (size_t)n, der, sizeof(der)),
			      (int)ca1.len);
	CU_ASSERT_EQUAL(memcmp(der, ca1.der, ca1.len), 0);
	CU_ASSERT_EQUAL(vt_cert_from_pem(pem, (size_t)n, der, 100), -ENOSPC);
	CU_ASSERT_EQUAL(vt_cert_from_pem("not a certificate", 17, der, sizeof(der)),
			-EBADMSG);
}

static const struct vg_test tests[] = {
	VG_TEST(test_ca_certificate_verifies_against_itself),
	VG_TEST(test_ca_certificate_is_a_critical_ca_that_signs_only_certificates),
	VG_TEST(test_ca_certificate_with_shortest_and_longest_cn_is_critical_ca),
	VG_TEST(test_ca_certificates_get_different_serials),
	VG_TEST(test_issued_ek_and_ak_verify_against_their_ca),
	VG_TEST(test_issued_certificate_does_not_verify_against_another_ca),
	VG_TEST(test_end_entity_certificate_cannot_act_as_a_ca),
	VG_TEST(test_every_flipped_byte_fails_verification),
	VG_TEST(test_flipped_signature_byte_is_rejected_as_not_the_cas),
	VG_TEST(test_public_point_and_cn_read_back_as_issued),
	VG_TEST(test_issued_certificate_names_its_ca_as_issuer),
	VG_TEST(test_key_usage_follows_the_kind_and_none_is_a_ca),
	VG_TEST(test_signer_error_fails_issuing_and_writes_nothing),
	VG_TEST(test_signer_using_another_key_is_refused),
	VG_TEST(test_ca_certificate_of_another_key_is_refused),
	VG_TEST(test_point_off_the_curve_is_refused),
	VG_TEST(test_invalid_or_oversized_cn_is_refused),
	VG_TEST(test_days_and_kind_out_of_range_are_refused),
	VG_TEST(test_small_output_buffer_is_refused_untouched),
	VG_TEST(test_truncated_or_garbage_input_is_refused),
	VG_TEST(test_mutated_certificates_are_read_safely),
	VG_TEST(test_other_curve_is_refused),
	VG_TEST(test_pem_round_trip_gives_the_same_certificate),
	VG_TESTS_END
};

int main(void)
{
	static const struct vg_suite suites[] = {
		{ "vtpm-cert", suite_init, suite_cleanup, tests },
		{ NULL, NULL, NULL, NULL },
	};

	return vg_test_main(suites);
}
