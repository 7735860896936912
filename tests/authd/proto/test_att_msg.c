/* SPDX-License-Identifier: BSD-3-Clause */
/* The attestation protocol's messages: what the builder writes the
 * decoder reads back unchanged, and every malformed frame is refused with
 * the errno of its fault, without reading past it. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "att_msg.h"
#include "cunit_runner.h"

static uint8_t nonce[ATT_NONCE_LEN], sig_r[ATT_SIG_LEN], sig_s[ATT_SIG_LEN];
static uint8_t attest[200], ak_cert[600], event_log[3000];
static const uint8_t pcrs[] = { 0, 1, 2, 4, 7, 23 };

/* Where each field of a sample starts, and how long the frame is. */
struct sample {
	uint8_t buf[ATT_FRAME_MAX];
	size_t len;
	size_t field_off[8];
	unsigned fields;
};

static void fill(uint8_t *p, size_t n, uint8_t seed)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (uint8_t)(seed + i * 7);
}

static int suite_init(void)
{
	fill(nonce, sizeof(nonce), 1);
	fill(sig_r, sizeof(sig_r), 2);
	fill(sig_s, sizeof(sig_s), 3);
	fill(attest, sizeof(attest), 4);
	fill(ak_cert, sizeof(ak_cert), 5);
	fill(event_log, sizeof(event_log), 6);
	return 0;
}

static void mark(struct att_builder *b, struct sample *s)
{
	s->field_off[s->fields++] = b->len;
}

/* A valid message of type, every field set, into s. */
static long build_sample(unsigned type, struct sample *s)
{
	struct att_builder b;

	memset(s, 0, sizeof(*s));
	att_build_begin(&b, s->buf, sizeof(s->buf), type);
	switch (type) {
	case ATT_HELLO:
		mark(&b, s);
		att_build_put_str(&b, ATT_T_GUEST, "web-1.prod_a");
		mark(&b, s);
		att_build_put_u32(&b, ATT_T_AGENT_VERSION, 0x0102);
		break;
	case ATT_CHALLENGE:
		mark(&b, s);
		att_build_put(&b, ATT_T_NONCE, nonce, sizeof(nonce));
		mark(&b, s);
		att_build_put(&b, ATT_T_PCR_SELECT, pcrs, sizeof(pcrs));
		break;
	case ATT_EVIDENCE:
	case ATT_GATEWAY_EVIDENCE:
		mark(&b, s);
		att_build_put(&b, ATT_T_ATTEST, attest, sizeof(attest));
		mark(&b, s);
		att_build_put(&b, ATT_T_SIG_R, sig_r, sizeof(sig_r));
		mark(&b, s);
		att_build_put(&b, ATT_T_SIG_S, sig_s, sizeof(sig_s));
		mark(&b, s);
		att_build_put(&b, ATT_T_AK_CERT, ak_cert, sizeof(ak_cert));
		mark(&b, s);
		att_build_put(&b, ATT_T_EVENT_LOG, event_log, sizeof(event_log));
		break;
	case ATT_GATEWAY_CHALLENGE:
		mark(&b, s);
		att_build_put(&b, ATT_T_NONCE, nonce, sizeof(nonce));
		break;
	case ATT_VERDICT:
		mark(&b, s);
		att_build_put_u32(&b, ATT_T_STATUS, ATT_STATUS_MEASUREMENT);
		mark(&b, s);
		att_build_put_u32(&b, ATT_T_TTL, 0xdeadbeef);
		mark(&b, s);
		att_build_put_str(&b, ATT_T_REASON, "PCR 9 differs: kernel");
		break;
	case ATT_REATTEST:
		break;
	case ATT_PAIR_REQUEST:
		mark(&b, s);
		att_build_put_str(&b, ATT_T_PEER, "db-2");
		break;
	case ATT_PAIR_RESULT:
		mark(&b, s);
		att_build_put_str(&b, ATT_T_PEER, "db-2");
		mark(&b, s);
		att_build_put_u32(&b, ATT_T_STATUS, ATT_STATUS_OK);
		mark(&b, s);
		att_build_put_u32(&b, ATT_T_TTL, 300);
		mark(&b, s);
		att_build_put_str(&b, ATT_T_REASON, "allowed by rule web-to-db");
		break;
	case ATT_ERROR:
		mark(&b, s);
		att_build_put_u32(&b, ATT_T_STATUS, ATT_STATUS_PROTOCOL);
		mark(&b, s);
		att_build_put_str(&b, ATT_T_REASON, "unexpected message");
		break;
	}
	mark(&b, s);            /* the end of the last field */
	s->fields--;
	s->len = (size_t)att_build_end(&b);
	return (long)s->len;
}

/* Decodes exactly len bytes from a private copy, so that ASan sees any
 * read past the frame. */
static int decode_copy(const uint8_t *buf, size_t len, struct att_msg *m)
{
	uint8_t *copy = malloc(len ? len : 1);
	int r;

	CU_ASSERT_PTR_NOT_NULL_FATAL(copy);
	memcpy(copy, buf, len);
	r = att_msg_decode(copy, len, m);
	free(copy);
	return r;
}

static void set_plen(uint8_t *frame, size_t plen)
{
	frame[4] = (uint8_t)(plen >> 24);
	frame[5] = (uint8_t)(plen >> 16);
	frame[6] = (uint8_t)(plen >> 8);
	frame[7] = (uint8_t)plen;
}

/* A frame of type with a hand-written payload (plen bytes). */
static size_t raw_frame(uint8_t *out, unsigned type, const uint8_t *payload,
			size_t plen)
{
	out[0] = 'V';
	out[1] = 'A';
	out[2] = ATT_VERSION;
	out[3] = (uint8_t)type;
	set_plen(out, plen);
	if (plen)
		memcpy(out + ATT_HDR_LEN, payload, plen);
	return ATT_HDR_LEN + plen;
}

static void assert_field(const struct att_msg *m, unsigned tag,
			 const void *want, size_t want_len)
{
	const uint8_t *p;
	size_t len;

	CU_ASSERT_EQUAL_FATAL(att_msg_bytes(m, tag, &p, &len), 0);
	CU_ASSERT_EQUAL(len, want_len);
	CU_ASSERT(memcmp(p, want, want_len) == 0);
}

static void test_every_type_round_trips(void)
{
	static struct sample s;
	struct att_msg m;
	char name[ATT_NAME_MAX + 1], text[ATT_REASON_MAX + 1];
	uint32_t v;

	for (unsigned t = ATT_HELLO; t < ATT_TYPE_MAX; t++) {
		CU_ASSERT_FATAL(build_sample(t, &s) > 0);
		CU_ASSERT_EQUAL_FATAL(decode_copy(s.buf, s.len, &m), 0);
		CU_ASSERT_EQUAL(m.type, t);
		CU_ASSERT_EQUAL((unsigned)__builtin_popcount(m.present), s.fields);
	}

	build_sample(ATT_HELLO, &s);
	CU_ASSERT_EQUAL_FATAL(att_msg_decode(s.buf, s.len, &m), 0);
	CU_ASSERT_EQUAL(att_msg_name(&m, ATT_T_GUEST, name, sizeof(name)), 12);
	CU_ASSERT_STRING_EQUAL(name, "web-1.prod_a");
	CU_ASSERT_EQUAL(att_msg_u32(&m, ATT_T_AGENT_VERSION, &v), 0);
	CU_ASSERT_EQUAL(v, 0x0102);

	build_sample(ATT_CHALLENGE, &s);
	CU_ASSERT_EQUAL_FATAL(att_msg_decode(s.buf, s.len, &m), 0);
	assert_field(&m, ATT_T_NONCE, nonce, sizeof(nonce));
	assert_field(&m, ATT_T_PCR_SELECT, pcrs, sizeof(pcrs));

	for (unsigned t = ATT_EVIDENCE; t <= ATT_GATEWAY_EVIDENCE; t += 2) {
		build_sample(t, &s);
		CU_ASSERT_EQUAL_FATAL(att_msg_decode(s.buf, s.len, &m), 0);
		assert_field(&m, ATT_T_ATTEST, attest, sizeof(attest));
		assert_field(&m, ATT_T_SIG_R, sig_r, sizeof(sig_r));
		assert_field(&m, ATT_T_SIG_S, sig_s, sizeof(sig_s));
		assert_field(&m, ATT_T_AK_CERT, ak_cert, sizeof(ak_cert));
		assert_field(&m, ATT_T_EVENT_LOG, event_log, sizeof(event_log));
	}

	build_sample(ATT_GATEWAY_CHALLENGE, &s);
	CU_ASSERT_EQUAL_FATAL(att_msg_decode(s.buf, s.len, &m), 0);
	assert_field(&m, ATT_T_NONCE, nonce, sizeof(nonce));

	build_sample(ATT_VERDICT, &s);
	CU_ASSERT_EQUAL_FATAL(att_msg_decode(s.buf, s.len, &m), 0);
	CU_ASSERT_EQUAL(att_msg_u32(&m, ATT_T_STATUS, &v), 0);
	CU_ASSERT_EQUAL(v, ATT_STATUS_MEASUREMENT);
	CU_ASSERT_EQUAL(att_msg_u32(&m, ATT_T_TTL, &v), 0);
	CU_ASSERT_EQUAL(v, 0xdeadbeef);
	CU_ASSERT_EQUAL(att_msg_text(&m, ATT_T_REASON, text, sizeof(text)), 21);
	CU_ASSERT_STRING_EQUAL(text, "PCR 9 differs: kernel");

	build_sample(ATT_REATTEST, &s);
	CU_ASSERT_EQUAL(s.len, ATT_HDR_LEN);
	CU_ASSERT_EQUAL_FATAL(att_msg_decode(s.buf, s.len, &m), 0);
	CU_ASSERT_EQUAL(m.present, 0);

	build_sample(ATT_PAIR_RESULT, &s);
	CU_ASSERT_EQUAL_FATAL(att_msg_decode(s.buf, s.len, &m), 0);
	CU_ASSERT_EQUAL(att_msg_name(&m, ATT_T_PEER, name, sizeof(name)), 4);
	CU_ASSERT_STRING_EQUAL(name, "db-2");
	CU_ASSERT_EQUAL(att_msg_u32(&m, ATT_T_TTL, &v), 0);
	CU_ASSERT_EQUAL(v, 300);

	build_sample(ATT_ERROR, &s);
	CU_ASSERT_EQUAL_FATAL(att_msg_decode(s.buf, s.len, &m), 0);
	CU_ASSERT_EQUAL(att_msg_u32(&m, ATT_T_STATUS, &v), 0);
	CU_ASSERT_EQUAL(v, ATT_STATUS_PROTOCOL);
}

/* The wire format is what docs/protocol.md says, byte for byte. */
static void test_hello_encodes_as_documented(void)
{
	static const uint8_t want[] = {
		'V', 'A', 1, ATT_HELLO, 0, 0, 0, 11,
		ATT_T_GUEST, 0, 3, 'a', '-', '1',
		ATT_T_AGENT_VERSION, 0, 2, 0x01, 0x02,
	};
	struct att_builder b;
	uint8_t buf[64];

	att_build_begin(&b, buf, sizeof(buf), ATT_HELLO);
	att_build_put_str(&b, ATT_T_GUEST, "a-1");
	att_build_put_u32(&b, ATT_T_AGENT_VERSION, 0x0102);
	CU_ASSERT_EQUAL_FATAL(att_build_end(&b), (long)sizeof(want));
	CU_ASSERT(memcmp(buf, want, sizeof(want)) == 0);
}

/* Decodes a hand-made frame and checks the errno and its enum. */
static void expect(const uint8_t *frame, size_t len, int err, enum att_err e)
{
	struct att_msg m;

	CU_ASSERT_EQUAL(decode_copy(frame, len, &m), err);
	CU_ASSERT_EQUAL(att_err_of(err), e);
	CU_ASSERT_EQUAL(m.present, 0);
}

static void test_truncated_header_is_refused(void)
{
	static struct sample s;

	build_sample(ATT_REATTEST, &s);
	for (size_t len = 0; len < ATT_HDR_LEN; len++)
		expect(s.buf, len, -ENOMSG, ATT_ERR_TRUNCATED_HEADER);
	CU_ASSERT_EQUAL(att_msg_decode(NULL, 0, &(struct att_msg){ 0 }), -ENOMSG);
}

static void test_bad_magic_is_refused(void)
{
	static struct sample s;

	build_sample(ATT_HELLO, &s);
	s.buf[0] = 'v';
	expect(s.buf, s.len, -EBADMSG, ATT_ERR_BAD_MAGIC);
	s.buf[0] = 'V';
	s.buf[1] = 'B';
	expect(s.buf, s.len, -EBADMSG, ATT_ERR_BAD_MAGIC);
}

static void test_bad_version_is_refused(void)
{
	static struct sample s;

	build_sample(ATT_HELLO, &s);
	s.buf[2] = 0;
	expect(s.buf, s.len, -EPROTONOSUPPORT, ATT_ERR_BAD_VERSION);
	s.buf[2] = 2;
	expect(s.buf, s.len, -EPROTONOSUPPORT, ATT_ERR_BAD_VERSION);
}

static void test_unknown_type_is_refused(void)
{
	static const unsigned types[] = { 0, ATT_TYPE_MAX, 0x7f, 0xff };
	uint8_t frame[ATT_HDR_LEN];

	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		raw_frame(frame, types[i], NULL, 0);
		expect(frame, sizeof(frame), -EBADRQC, ATT_ERR_UNKNOWN_TYPE);
	}
}

static void test_payload_length_over_max_is_refused(void)
{
	static struct sample s;

	build_sample(ATT_EVIDENCE, &s);
	set_plen(s.buf, ATT_PAYLOAD_MAX + 1);
	expect(s.buf, s.len, -EMSGSIZE, ATT_ERR_OVERSIZE);
	set_plen(s.buf, 0xffffffffu);
	expect(s.buf, s.len, -EMSGSIZE, ATT_ERR_OVERSIZE);
	CU_ASSERT_EQUAL(att_frame_check(s.buf), -EMSGSIZE);
}

static void test_payload_length_other_than_actual_is_refused(void)
{
	static struct sample s;

	build_sample(ATT_VERDICT, &s);
	/* Declares one byte more than there is. */
	set_plen(s.buf, s.len - ATT_HDR_LEN + 1);
	expect(s.buf, s.len, -EPROTO, ATT_ERR_LENGTH_MISMATCH);
	/* Declares one byte less: the last byte is after the frame. */
	set_plen(s.buf, s.len - ATT_HDR_LEN - 1);
	expect(s.buf, s.len, -E2BIG, ATT_ERR_TRAILING_BYTES);
}

static void test_trailing_bytes_are_refused(void)
{
	static struct sample s;

	build_sample(ATT_PAIR_REQUEST, &s);
	s.buf[s.len] = 0;
	expect(s.buf, s.len + 1, -E2BIG, ATT_ERR_TRAILING_BYTES);
	build_sample(ATT_REATTEST, &s);
	expect(s.buf, s.len + 3, -E2BIG, ATT_ERR_TRAILING_BYTES);
}

static void test_truncated_field_is_refused(void)
{
	/* A field header cut after its tag, after one length byte, and a
	 * value shorter than its length. */
	static const uint8_t tag_only[] = { ATT_T_NONCE };
	static const uint8_t half_len[] = { ATT_T_NONCE, 0 };
	uint8_t value_cut[3 + 31] = { ATT_T_NONCE, 0, 32 };
	uint8_t frame[64];

	expect(frame, raw_frame(frame, ATT_GATEWAY_CHALLENGE, tag_only, 1),
	       -EOVERFLOW, ATT_ERR_FIELD_TRUNCATED);
	expect(frame, raw_frame(frame, ATT_GATEWAY_CHALLENGE, half_len, 2),
	       -EOVERFLOW, ATT_ERR_FIELD_TRUNCATED);
	expect(frame, raw_frame(frame, ATT_GATEWAY_CHALLENGE, value_cut,
				sizeof(value_cut)),
	       -EOVERFLOW, ATT_ERR_FIELD_TRUNCATED);
}

static void test_unknown_tag_is_refused(void)
{
	/* A tag from another message, tag 0, and a tag nobody defines. */
	static const uint8_t other[] = { ATT_T_PEER, 0, 1, 'a' };
	static const uint8_t zero[] = { 0, 0, 0 };
	static const uint8_t high[] = { 0xfe, 0, 0 };
	uint8_t frame[64];

	expect(frame, raw_frame(frame, ATT_HELLO, other, sizeof(other)),
	       -ENOPROTOOPT, ATT_ERR_UNKNOWN_TAG);
	expect(frame, raw_frame(frame, ATT_REATTEST, zero, sizeof(zero)),
	       -ENOPROTOOPT, ATT_ERR_UNKNOWN_TAG);
	expect(frame, raw_frame(frame, ATT_ERROR, high, sizeof(high)),
	       -ENOPROTOOPT, ATT_ERR_UNKNOWN_TAG);
}

static void test_tags_out_of_order_are_refused(void)
{
	static const uint8_t swapped[] = {
		ATT_T_AGENT_VERSION, 0, 2, 0, 1,
		ATT_T_GUEST, 0, 1, 'a',
	};
	uint8_t frame[64];

	expect(frame, raw_frame(frame, ATT_HELLO, swapped, sizeof(swapped)),
	       -EBADSLT, ATT_ERR_TAG_ORDER);
}

static void test_duplicate_tag_is_refused(void)
{
	static const uint8_t twice[] = {
		ATT_T_GUEST, 0, 1, 'a',
		ATT_T_GUEST, 0, 1, 'b',
		ATT_T_AGENT_VERSION, 0, 2, 0, 1,
	};
	uint8_t frame[64];

	expect(frame, raw_frame(frame, ATT_HELLO, twice, sizeof(twice)),
	       -ENOTUNIQ, ATT_ERR_DUPLICATE_TAG);
}

static void test_missing_required_field_is_refused(void)
{
	static const uint8_t no_version[] = { ATT_T_GUEST, 0, 1, 'a' };
	static const uint8_t no_ttl[] = { ATT_T_STATUS, 0, 1, 0 };
	uint8_t frame[64];

	expect(frame, raw_frame(frame, ATT_HELLO, no_version, sizeof(no_version)),
	       -ENODATA, ATT_ERR_MISSING_FIELD);
	expect(frame, raw_frame(frame, ATT_VERDICT, no_ttl, sizeof(no_ttl)),
	       -ENODATA, ATT_ERR_MISSING_FIELD);
	expect(frame, raw_frame(frame, ATT_HELLO, NULL, 0),
	       -ENODATA, ATT_ERR_MISSING_FIELD);
}

/* A VERDICT without its optional reason is complete. */
static void test_optional_reason_may_be_absent(void)
{
	static const uint8_t verdict[] = {
		ATT_T_STATUS, 0, 1, 0,
		ATT_T_TTL, 0, 4, 0, 0, 1, 0,
	};
	uint8_t frame[64];
	struct att_msg m;
	char text[8] = "x";

	CU_ASSERT_EQUAL_FATAL(att_msg_decode(frame, raw_frame(frame, ATT_VERDICT,
			      verdict, sizeof(verdict)), &m), 0);
	CU_ASSERT_FALSE(att_msg_has(&m, ATT_T_REASON));
	CU_ASSERT_EQUAL(att_msg_text(&m, ATT_T_REASON, text, sizeof(text)), 0);
	CU_ASSERT_STRING_EQUAL(text, "");
}

static void test_field_too_long_or_short_is_refused(void)
{
	uint8_t payload[3 + ATT_EVENT_LOG_MAX + 1] = { 0 };
	static uint8_t frame[ATT_FRAME_MAX];
	/* Nonce of 31 and 33 bytes, empty name, name of 33, agent version
	 * of 1 byte, TTL of 8, 25 PCRs, an empty reason (optional fields are
	 * absent or non-empty), an AK certificate over 2048. */
	static const struct { unsigned type, tag; size_t len; } cases[] = {
		{ ATT_GATEWAY_CHALLENGE, ATT_T_NONCE, 31 },
		{ ATT_GATEWAY_CHALLENGE, ATT_T_NONCE, 33 },
		{ ATT_PAIR_REQUEST, ATT_T_PEER, 0 },
		{ ATT_PAIR_REQUEST, ATT_T_PEER, ATT_NAME_MAX + 1 },
		{ ATT_HELLO, ATT_T_GUEST, ATT_NAME_MAX + 1 },
		{ ATT_ERROR, ATT_T_STATUS, 2 },
		{ ATT_ERROR, ATT_T_STATUS, 0 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		payload[0] = (uint8_t)cases[i].tag;
		payload[1] = (uint8_t)(cases[i].len >> 8);
		payload[2] = (uint8_t)cases[i].len;
		memset(payload + 3, 'a', cases[i].len);
		expect(frame, raw_frame(frame, cases[i].type, payload,
					3 + cases[i].len),
		       -ERANGE, ATT_ERR_FIELD_LENGTH);
	}

	/* The same checks in messages with more fields. */
	static const uint8_t long_version[] = {
		ATT_T_GUEST, 0, 1, 'a', ATT_T_AGENT_VERSION, 0, 3, 0, 0, 1,
	};
	static const uint8_t empty_reason[] = {
		ATT_T_STATUS, 0, 1, 1, ATT_T_TTL, 0, 4, 0, 0, 0, 0,
		ATT_T_REASON, 0, 0,
	};
	static const uint8_t long_ttl[] = {
		ATT_T_STATUS, 0, 1, 1, ATT_T_TTL, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0,
	};
	expect(frame, raw_frame(frame, ATT_HELLO, long_version, sizeof(long_version)),
	       -ERANGE, ATT_ERR_FIELD_LENGTH);
	expect(frame, raw_frame(frame, ATT_VERDICT, empty_reason, sizeof(empty_reason)),
	       -ERANGE, ATT_ERR_FIELD_LENGTH);
	expect(frame, raw_frame(frame, ATT_VERDICT, long_ttl, sizeof(long_ttl)),
	       -ERANGE, ATT_ERR_FIELD_LENGTH);

	/* An event log one byte over its maximum, as the last field. */
	{
		struct att_builder b;
		static uint8_t big[ATT_EVENT_LOG_MAX + 1];
		size_t off;

		att_build_begin(&b, frame, sizeof(frame), ATT_EVIDENCE);
		att_build_put(&b, ATT_T_ATTEST, attest, 1);
		att_build_put(&b, ATT_T_SIG_R, sig_r, 32);
		att_build_put(&b, ATT_T_SIG_S, sig_s, 32);
		att_build_put(&b, ATT_T_AK_CERT, ak_cert, 1);
		off = b.len;
		att_build_put(&b, ATT_T_EVENT_LOG, big, ATT_EVENT_LOG_MAX);
		CU_ASSERT_FATAL(att_build_end(&b) > 0);
		frame[off + 1] = (uint8_t)((ATT_EVENT_LOG_MAX + 1) >> 8);
		frame[off + 2] = (uint8_t)(ATT_EVENT_LOG_MAX + 1);
		set_plen(frame, b.len + 1 - ATT_HDR_LEN);
		expect(frame, b.len + 1, -ERANGE, ATT_ERR_FIELD_LENGTH);
	}
}

static void test_name_with_bad_character_is_refused(void)
{
	static const char *const bad[] = {
		"a b", "a/b", "..", ".hidden", "-x", "_x", "a\tb", "caf\xc3\xa9",
		"a:b", "a\\b",
	};
	uint8_t payload[64], frame[128];

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		size_t n = strlen(bad[i]);

		payload[0] = ATT_T_PEER;
		payload[1] = 0;
		payload[2] = (uint8_t)n;
		memcpy(payload + 3, bad[i], n);
		expect(frame, raw_frame(frame, ATT_PAIR_REQUEST, payload, 3 + n),
		       -EILSEQ, ATT_ERR_BAD_CHARSET);
	}
	/* A NUL inside a name. */
	static const uint8_t nul[] = { ATT_T_PEER, 0, 3, 'a', 0, 'b' };
	expect(frame, raw_frame(frame, ATT_PAIR_REQUEST, nul, sizeof(nul)),
	       -EILSEQ, ATT_ERR_BAD_CHARSET);
	/* A reason with a control character. */
	static const uint8_t reason[] = {
		ATT_T_STATUS, 0, 1, 1, ATT_T_REASON, 0, 3, 'a', '\n', 'b',
	};
	expect(frame, raw_frame(frame, ATT_ERROR, reason, sizeof(reason)),
	       -EILSEQ, ATT_ERR_BAD_CHARSET);
}

static void test_pcr_selection_not_ascending_or_over_23_is_refused(void)
{
	static const uint8_t sels[][4] = {
		{ 1, 0 },               /* descending */
		{ 3, 3 },               /* repeated */
		{ 0, 24 },              /* no PCR 24 */
		{ 255 },
	};
	static const size_t lens[] = { 2, 2, 2, 1 };
	uint8_t payload[64] = { ATT_T_NONCE, 0, 32 }, frame[128];

	for (size_t i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		payload[35] = ATT_T_PCR_SELECT;
		payload[36] = 0;
		payload[37] = (uint8_t)lens[i];
		memcpy(payload + 38, sels[i], lens[i]);
		expect(frame, raw_frame(frame, ATT_CHALLENGE, payload, 38 + lens[i]),
		       -EDOM, ATT_ERR_BAD_PCR_SELECT);
	}
}

/* Every prefix of every valid frame is refused, and with its length
 * field rewritten to match, only cuts that drop optional fields whole
 * are accepted. */
static void test_every_truncation_is_refused_without_crash(void)
{
	static struct sample s;
	static uint8_t cut[ATT_FRAME_MAX];
	struct att_msg m;

	for (unsigned t = ATT_HELLO; t < ATT_TYPE_MAX; t++) {
		CU_ASSERT_FATAL(build_sample(t, &s) > 0);
		for (size_t len = 0; len < s.len; len++) {
			int r = decode_copy(s.buf, len, &m);

			CU_ASSERT(r < 0 && att_err_of(r) < ATT_ERR_MAX);
			if (len < ATT_HDR_LEN)
				continue;
			memcpy(cut, s.buf, len);
			set_plen(cut, len - ATT_HDR_LEN);
			r = decode_copy(cut, len, &m);
			/* VERDICT, PAIR_RESULT and ERROR end with the optional
			 * reason: without it they are complete. */
			if ((t == ATT_VERDICT || t == ATT_PAIR_RESULT || t == ATT_ERROR) &&
			    len == s.field_off[s.fields - 1]) {
				CU_ASSERT_EQUAL(r, 0);
			} else {
				CU_ASSERT(r < 0 && att_err_of(r) < ATT_ERR_MAX);
			}
		}
	}
}

/* Each error has its own errno, name and text, so counters can tell
 * them apart from the return value alone. */
static void test_every_error_has_its_own_errno_and_name(void)
{
	static const int errs[] = {
#define _(id, err, name, text) -err,
		ATT_ERRORS(_)
#undef _
	};

	CU_ASSERT_EQUAL(sizeof(errs) / sizeof(errs[0]), ATT_ERR_MAX);
	for (unsigned i = 0; i < ATT_ERR_MAX; i++) {
		CU_ASSERT_EQUAL(att_err_of(errs[i]), i);
		CU_ASSERT_STRING_NOT_EQUAL(att_err_name(i), "unknown");
		CU_ASSERT_STRING_EQUAL(att_strerror(errs[i]), att_err_text(i));
		for (unsigned j = 0; j < i; j++)
			CU_ASSERT_STRING_NOT_EQUAL(att_err_name(i), att_err_name(j));
	}
	CU_ASSERT_EQUAL(att_err_of(0), ATT_ERR_MAX);
	CU_ASSERT_EQUAL(att_err_of(-ENOSPC), ATT_ERR_MAX);
	CU_ASSERT_STRING_EQUAL(att_err_name(ATT_ERR_MAX), "unknown");
}

static void test_builder_refuses_a_field_outside_the_schema(void)
{
	struct att_builder b;
	uint8_t buf[256];

	att_build_begin(&b, buf, sizeof(buf), ATT_HELLO);
	CU_ASSERT_EQUAL(att_build_put(&b, ATT_T_NONCE, nonce, sizeof(nonce)),
			-ENOPROTOOPT);
	/* The error sticks: a valid put afterwards does not hide it. */
	CU_ASSERT_EQUAL(att_build_put_str(&b, ATT_T_GUEST, "a"), -ENOPROTOOPT);
	CU_ASSERT_EQUAL(att_build_end(&b), -ENOPROTOOPT);

	att_build_begin(&b, buf, sizeof(buf), ATT_REATTEST);
	CU_ASSERT_EQUAL(att_build_put_u32(&b, ATT_T_STATUS, 0), -ENOPROTOOPT);

	CU_ASSERT_EQUAL(att_build_begin(&b, buf, sizeof(buf), 0), -EBADRQC);
	CU_ASSERT_EQUAL(att_build_end(&b), -EBADRQC);
	CU_ASSERT_EQUAL(att_build_begin(&b, buf, sizeof(buf), ATT_TYPE_MAX), -EBADRQC);
}

/* Whatever the decoder refuses in a field, the builder refuses too, with
 * the same errno. */
static void test_builder_refuses_what_the_decoder_refuses(void)
{
	struct att_builder b;
	uint8_t buf[256];
	static const uint8_t bad_pcrs[] = { 2, 1 };

	att_build_begin(&b, buf, sizeof(buf), ATT_HELLO);
	att_build_put_u32(&b, ATT_T_AGENT_VERSION, 1);
	CU_ASSERT_EQUAL(att_build_put_str(&b, ATT_T_GUEST, "a"), -EBADSLT);

	att_build_begin(&b, buf, sizeof(buf), ATT_HELLO);
	att_build_put_str(&b, ATT_T_GUEST, "a");
	CU_ASSERT_EQUAL(att_build_put_str(&b, ATT_T_GUEST, "b"), -ENOTUNIQ);

	att_build_begin(&b, buf, sizeof(buf), ATT_HELLO);
	CU_ASSERT_EQUAL(att_build_put_str(&b, ATT_T_GUEST, "../etc"), -EILSEQ);

	att_build_begin(&b, buf, sizeof(buf), ATT_HELLO);
	CU_ASSERT_EQUAL(att_build_put_str(&b, ATT_T_GUEST,
			"a23456789012345678901234567890123"), -ERANGE);

	att_build_begin(&b, buf, sizeof(buf), ATT_HELLO);
	att_build_put_str(&b, ATT_T_GUEST, "a");
	CU_ASSERT_EQUAL(att_build_put_u32(&b, ATT_T_AGENT_VERSION, 0x10000), -ERANGE);

	att_build_begin(&b, buf, sizeof(buf), ATT_HELLO);
	att_build_put_str(&b, ATT_T_GUEST, "a");
	CU_ASSERT_EQUAL(att_build_end(&b), -ENODATA);

	att_build_begin(&b, buf, sizeof(buf), ATT_CHALLENGE);
	CU_ASSERT_EQUAL(att_build_put(&b, ATT_T_NONCE, nonce, 16), -ERANGE);

	att_build_begin(&b, buf, sizeof(buf), ATT_CHALLENGE);
	att_build_put(&b, ATT_T_NONCE, nonce, sizeof(nonce));
	CU_ASSERT_EQUAL(att_build_put(&b, ATT_T_PCR_SELECT, bad_pcrs, 2), -EDOM);

	att_build_begin(&b, buf, sizeof(buf), ATT_ERROR);
	att_build_put_u32(&b, ATT_T_STATUS, 256);
	CU_ASSERT_EQUAL(att_build_end(&b), -ERANGE);

	att_build_begin(&b, buf, sizeof(buf), ATT_ERROR);
	att_build_put_u32(&b, ATT_T_STATUS, 1);
	CU_ASSERT_EQUAL(att_build_put_str(&b, ATT_T_REASON, "bell\a"), -EILSEQ);

	/* An empty optional reason is left out, not written empty. */
	att_build_begin(&b, buf, sizeof(buf), ATT_ERROR);
	att_build_put_u32(&b, ATT_T_STATUS, 1);
	CU_ASSERT_EQUAL(att_build_put_str(&b, ATT_T_REASON, ""), 0);
	CU_ASSERT_EQUAL(att_build_end(&b), ATT_HDR_LEN + 4);
	/* And the raw put of an empty reason is refused. */
	att_build_begin(&b, buf, sizeof(buf), ATT_ERROR);
	att_build_put_u32(&b, ATT_T_STATUS, 1);
	CU_ASSERT_EQUAL(att_build_put(&b, ATT_T_REASON, "", 0), -ERANGE);

	/* Integer puts only for integer fields, string puts only for
	 * strings. */
	att_build_begin(&b, buf, sizeof(buf), ATT_GATEWAY_CHALLENGE);
	CU_ASSERT_EQUAL(att_build_put_u32(&b, ATT_T_NONCE, 1), -EINVAL);
	att_build_begin(&b, buf, sizeof(buf), ATT_GATEWAY_CHALLENGE);
	CU_ASSERT_EQUAL(att_build_put_str(&b, ATT_T_NONCE, "x"), -EINVAL);
}

static void test_builder_refuses_a_buffer_too_small(void)
{
	struct att_builder b;
	uint8_t buf[ATT_HDR_LEN + 3 + ATT_NONCE_LEN];

	CU_ASSERT_EQUAL(att_build_begin(&b, buf, ATT_HDR_LEN - 1, ATT_REATTEST),
			-ENOSPC);
	att_build_begin(&b, buf, sizeof(buf) - 1, ATT_GATEWAY_CHALLENGE);
	CU_ASSERT_EQUAL(att_build_put(&b, ATT_T_NONCE, nonce, sizeof(nonce)),
			-ENOSPC);
	att_build_begin(&b, buf, sizeof(buf), ATT_GATEWAY_CHALLENGE);
	att_build_put(&b, ATT_T_NONCE, nonce, sizeof(nonce));
	CU_ASSERT_EQUAL(att_build_end(&b), (long)sizeof(buf));
	/* Finished: no more fields, no second end. */
	CU_ASSERT_EQUAL(att_build_end(&b), -EINVAL);
}

static void test_accessors_refuse_the_wrong_kind_and_small_buffers(void)
{
	static struct sample s;
	struct att_msg m;
	char small[4];
	const uint8_t *p;
	size_t len;
	uint32_t v;

	build_sample(ATT_HELLO, &s);
	CU_ASSERT_EQUAL_FATAL(att_msg_decode(s.buf, s.len, &m), 0);
	CU_ASSERT_EQUAL(att_msg_u32(&m, ATT_T_GUEST, &v), -EINVAL);
	CU_ASSERT_EQUAL(att_msg_name(&m, ATT_T_AGENT_VERSION, small, sizeof(small)),
			-EINVAL);
	CU_ASSERT_EQUAL(att_msg_name(&m, ATT_T_GUEST, small, sizeof(small)), -ENOSPC);
	CU_ASSERT_EQUAL(att_msg_bytes(&m, ATT_T_NONCE, &p, &len), -ENOENT);
	CU_ASSERT_EQUAL(att_msg_bytes(&m, 200, &p, &len), -ENOENT);

	/* A message filled by hand cannot smuggle a bad name past them. */
	m.f[ATT_T_GUEST].p = (const uint8_t *)"a/b";
	m.f[ATT_T_GUEST].len = 3;
	CU_ASSERT_EQUAL(att_msg_name(&m, ATT_T_GUEST, small, sizeof(small)), -EILSEQ);
}

static void test_senders_and_names_follow_the_schema(void)
{
	CU_ASSERT_TRUE(att_type_sent_by(ATT_HELLO, ATT_ROLE_AGENT));
	CU_ASSERT_FALSE(att_type_sent_by(ATT_HELLO, ATT_ROLE_AUTHD));
	CU_ASSERT_TRUE(att_type_sent_by(ATT_VERDICT, ATT_ROLE_AUTHD));
	CU_ASSERT_FALSE(att_type_sent_by(ATT_VERDICT, ATT_ROLE_AGENT));
	CU_ASSERT_TRUE(att_type_sent_by(ATT_ERROR, ATT_ROLE_AGENT));
	CU_ASSERT_TRUE(att_type_sent_by(ATT_ERROR, ATT_ROLE_AUTHD));
	CU_ASSERT_FALSE(att_type_sent_by(0, ATT_ROLE_AGENT));
	CU_ASSERT_STRING_EQUAL(att_type_name(ATT_GATEWAY_EVIDENCE), "gateway_evidence");
	CU_ASSERT_STRING_EQUAL(att_type_name(99), "unknown");
	CU_ASSERT_STRING_EQUAL(att_status_name(ATT_STATUS_OK), "ok");
	CU_ASSERT_STRING_EQUAL(att_status_name(200), "unknown");
}

static const struct vg_test tests[] = {
	VG_TEST(test_every_type_round_trips),
	VG_TEST(test_hello_encodes_as_documented),
	VG_TEST(test_truncated_header_is_refused),
	VG_TEST(test_bad_magic_is_refused),
	VG_TEST(test_bad_version_is_refused),
	VG_TEST(test_unknown_type_is_refused),
	VG_TEST(test_payload_length_over_max_is_refused),
	VG_TEST(test_payload_length_other_than_actual_is_refused),
	VG_TEST(test_trailing_bytes_are_refused),
	VG_TEST(test_truncated_field_is_refused),
	VG_TEST(test_unknown_tag_is_refused),
	VG_TEST(test_tags_out_of_order_are_refused),
	VG_TEST(test_duplicate_tag_is_refused),
	VG_TEST(test_missing_required_field_is_refused),
	VG_TEST(test_optional_reason_may_be_absent),
	VG_TEST(test_field_too_long_or_short_is_refused),
	VG_TEST(test_name_with_bad_character_is_refused),
	VG_TEST(test_pcr_selection_not_ascending_or_over_23_is_refused),
	VG_TEST(test_every_truncation_is_refused_without_crash),
	VG_TEST(test_every_error_has_its_own_errno_and_name),
	VG_TEST(test_builder_refuses_a_field_outside_the_schema),
	VG_TEST(test_builder_refuses_what_the_decoder_refuses),
	VG_TEST(test_builder_refuses_a_buffer_too_small),
	VG_TEST(test_accessors_refuse_the_wrong_kind_and_small_buffers),
	VG_TEST(test_senders_and_names_follow_the_schema),
	VG_TESTS_END
};

int main(void)
{
	static const struct vg_suite suites[] = {
		{ "att_msg", suite_init, NULL, tests },
		{ NULL, NULL, NULL, NULL },
	};

	return vg_test_main(suites);
}
