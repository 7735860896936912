/* SPDX-License-Identifier: BSD-3-Clause */
/* The audit log's entries: their format and hash, and hostile field
 * values, which must stay on one line, valid UTF-8 and bounded. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <json-c/json.h>
#include <wolfssl/options.h>
#include <wolfssl/wolfcrypt/sha256.h>

#include "audit_fixture.h"

static size_t count_lines(const char *text)
{
	size_t n = 0;

	for (; *text; text++)
		n += *text == '\n';
	return n;
}

/* The strings of line n parsed as strict JSON (object put by the caller). */
static struct json_object *parse_line(const char *log, unsigned n)
{
	struct json_tokener *tok = json_tokener_new();
	struct json_object *o;
	size_t len, line_len, off;
	char *text = file_read(log, &len);

	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	CU_ASSERT_PTR_NOT_NULL_FATAL(tok);
	off = line_at(text, n, &line_len);
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);
	o = json_tokener_parse_ex(tok, text + off, (int)line_len - 1);
	CU_ASSERT_EQUAL(json_tokener_get_error(tok), json_tokener_success);
	json_tokener_free(tok);
	free(text);
	return o;
}

static const char *member(struct json_object *o, const char *key)
{
	struct json_object *v;

	return json_object_object_get_ex(o, key, &v) ? json_object_get_string(v) : NULL;
}

static void test_line_format_and_hash_are_as_documented(void)
{
	struct vg_audit_entry e;
	struct fixture f;
	char *text, hex[65];
	uint8_t digest[32];
	wc_Sha256 sha;
	size_t len;
	const char *cut;

	fixture_start(&f);
	CU_ASSERT_EQUAL_FATAL(vg_audit_append(f.log, "alice", "guest.start", "web",
					      VG_AUDIT_OK, "cpu=2", &e), 0);
	text = file_read(f.log, &len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	/* Fields in this order, compact, one line. */
	CU_ASSERT_EQUAL(strncmp(text, "{\"seq\":1,\"time\":\"", 17), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "\",\"actor\":\"alice\",\"action\":\"guest.start\","
				      "\"target\":\"web\",\"result\":\"ok\",\"detail\":\"cpu=2\","
				      "\"prev\":\"0000000000000000000000000000000000000000000000000000000000000000\","
				      "\"hash\":\""));
	CU_ASSERT_EQUAL(count_lines(text), 1);
	CU_ASSERT_EQUAL(text[len - 1], '\n');
	/* The hash: SHA-256 of the line without its hash field, closed. */
	cut = strstr(text, ",\"hash\":\"");
	CU_ASSERT_PTR_NOT_NULL_FATAL(cut);
	CU_ASSERT_EQUAL(wc_InitSha256(&sha), 0);
	CU_ASSERT_EQUAL(wc_Sha256Update(&sha, (const byte *)text, (word32)(cut - text)), 0);
	CU_ASSERT_EQUAL(wc_Sha256Update(&sha, (const byte *)"}", 1), 0);
	CU_ASSERT_EQUAL(wc_Sha256Final(&sha, digest), 0);
	wc_Sha256Free(&sha);
	for (int i = 0; i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", digest[i]);
	CU_ASSERT_EQUAL(strncmp(cut + 9, hex, 64), 0);
	CU_ASSERT_STRING_EQUAL(e.hash, hex);
	CU_ASSERT_STRING_EQUAL(cut + 9 + 64, "\"}\n");
	free(text);
	fixture_done(&f);
}

static void test_time_is_utc_rfc3339_with_milliseconds(void)
{
	struct vg_audit_entry e;
	struct fixture f;
	struct tm tm = { 0 };
	const char *rest;
	time_t now = time(NULL), t;

	fixture_start(&f);
	CU_ASSERT_EQUAL_FATAL(vg_audit_append(f.log, "a", "b", "", VG_AUDIT_OK, NULL, &e), 0);
	CU_ASSERT_EQUAL(strlen(e.time), 24);
	rest = strptime(e.time, "%Y-%m-%dT%H:%M:%S", &tm);
	CU_ASSERT_PTR_NOT_NULL_FATAL(rest);
	CU_ASSERT(rest[0] == '.' && rest[1] >= '0' && rest[1] <= '9' &&
		  rest[2] >= '0' && rest[2] <= '9' && rest[3] >= '0' && rest[3] <= '9' &&
		  rest[4] == 'Z' && rest[5] == '\0');
	t = timegm(&tm);
	CU_ASSERT(t >= now - 5 && t <= now + 5);
	fixture_done(&f);
}

static void test_hostile_values_stay_on_one_line_and_round_trip(void)
{
	static const char hostile[] = "a\"b\\c\nd\re\tf\x01g\x1b[31mred\x7f/\"}\n{\"seq\":99}"
				      " caf\xc3\xa9 \xe2\x80\xa8 end";
	struct vg_audit_entry e;
	struct json_object *o;
	struct fixture f;
	char *text;
	size_t len;

	fixture_start(&f);
	CU_ASSERT_EQUAL_FATAL(vg_audit_append(f.log, hostile, "guest.start", hostile,
					      VG_AUDIT_FAILED, hostile, &e), 0);
	append_entries(f.log, 1);
	text = file_read(f.log, &len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	CU_ASSERT_EQUAL(count_lines(text), 2);
	free(text);
	o = parse_line(f.log, 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(o);
	CU_ASSERT_STRING_EQUAL(member(o, "actor"), hostile);
	CU_ASSERT_STRING_EQUAL(member(o, "target"), hostile);
	CU_ASSERT_STRING_EQUAL(member(o, "detail"), hostile);
	CU_ASSERT_STRING_EQUAL(member(o, "result"), "failed");
	CU_ASSERT_STRING_EQUAL(e.detail, hostile);
	json_object_put(o);
	EXPECT_INTACT(f.log, 2);
	fixture_done(&f);
}

static void test_invalid_utf8_is_replaced(void)
{
	struct vg_audit_entry e;
	struct json_object *o;
	struct fixture f;

	fixture_start(&f);
	/* A stray continuation byte, an overlong '/', a surrogate, a cut
	 * sequence at the end. */
	CU_ASSERT_EQUAL_FATAL(vg_audit_append(f.log, "op", "auth", "g", VG_AUDIT_REFUSED,
					      "x\x80y\xc0\xafz\xed\xa0\x80w\xe2\x82", &e), 0);
	CU_ASSERT_STRING_EQUAL(e.detail, "x\xef\xbf\xbdy\xef\xbf\xbd\xef\xbf\xbdz"
			       "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbdw\xef\xbf\xbd\xef\xbf\xbd");
	o = parse_line(f.log, 1);       /* strict, UTF-8 validated */
	CU_ASSERT_PTR_NOT_NULL_FATAL(o);
	CU_ASSERT_STRING_EQUAL(member(o, "detail"), e.detail);
	json_object_put(o);
	EXPECT_INTACT(f.log, 1);
	fixture_done(&f);
}

static void test_long_values_are_cut_to_their_bound(void)
{
	size_t big = 100000, len;
	char *quotes = malloc(big + 1), *accents = malloc(2 * big + 1), *ctl;
	struct vg_audit_entry e;
	struct json_object *o;
	struct fixture f;
	char *text;

	CU_ASSERT_PTR_NOT_NULL_FATAL(quotes);
	CU_ASSERT_PTR_NOT_NULL_FATAL(accents);
	memset(quotes, '"', big);
	quotes[big] = '\0';
	for (size_t i = 0; i < big; i++)
		memcpy(accents + 2 * i, "\xc3\xa9", 2);
	accents[2 * big] = '\0';
	ctl = malloc(big + 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(ctl);
	memset(ctl, '\x01', big);      /* six bytes each once escaped */
	ctl[big] = '\0';

	fixture_start(&f);
	CU_ASSERT_EQUAL_FATAL(vg_audit_append(f.log, accents, ctl, ctl, VG_AUDIT_OK,
					      quotes, &e), 0);
	/* At most the bound, whole characters, and marked as cut. */
	CU_ASSERT(strlen(e.actor) <= VG_AUDIT_NAME_MAX);
	CU_ASSERT_EQUAL(strlen(e.actor), 2 * 62 + 3);     /* 62 x "é" + "..." */
	CU_ASSERT_STRING_EQUAL(e.actor + strlen(e.actor) - 3, "...");
	CU_ASSERT_EQUAL(strlen(e.detail), VG_AUDIT_DETAIL_MAX);
	CU_ASSERT_STRING_EQUAL(e.detail + VG_AUDIT_DETAIL_MAX - 3, "...");
	CU_ASSERT_EQUAL(strlen(e.action), VG_AUDIT_NAME_MAX);
	text = file_read(f.log, &len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	CU_ASSERT_EQUAL(count_lines(text), 1);
	CU_ASSERT(len <= VG_AUDIT_LINE_MAX + 1);
	free(text);
	o = parse_line(f.log, 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(o);
	CU_ASSERT_STRING_EQUAL(member(o, "actor"), e.actor);
	CU_ASSERT_STRING_EQUAL(member(o, "detail"), e.detail);
	json_object_put(o);
	EXPECT_INTACT(f.log, 1);
	free(quotes);
	free(accents);
	free(ctl);
	fixture_done(&f);
}

static void test_unusable_arguments_are_refused(void)
{
	struct fixture f;
	size_t len;

	fixture_start(&f);
	CU_ASSERT_EQUAL(vg_audit_append(f.log, "", "a", "t", VG_AUDIT_OK, "", NULL), -EINVAL);
	CU_ASSERT_EQUAL(vg_audit_append(f.log, "op", "", "t", VG_AUDIT_OK, "", NULL), -EINVAL);
	CU_ASSERT_EQUAL(vg_audit_append(f.log, NULL, "a", "t", VG_AUDIT_OK, "", NULL), -EINVAL);
	CU_ASSERT_EQUAL(vg_audit_append(f.log, "op", "a", "t", (enum vg_audit_result)7,
					"", NULL), -EINVAL);
	CU_ASSERT_EQUAL(vg_audit_append("", "op", "a", "t", VG_AUDIT_OK, "", NULL), -EINVAL);
	/* Nothing was written. */
	CU_ASSERT_PTR_NULL(file_read(f.log, &len));
	/* Target and detail may be left out. */
	CU_ASSERT_EQUAL(vg_audit_append(f.log, "op", "a", NULL, VG_AUDIT_OK, NULL, NULL), 0);
	EXPECT_INTACT(f.log, 1);
	fixture_done(&f);
}

static void test_result_names_round_trip(void)
{
	enum vg_audit_result r;

	for (int i = VG_AUDIT_OK; i <= VG_AUDIT_FAILED; i++) {
		CU_ASSERT_EQUAL(vg_audit_result_parse(vg_audit_result_name(
			(enum vg_audit_result)i), &r), 0);
		CU_ASSERT_EQUAL(r, (enum vg_audit_result)i);
	}
	CU_ASSERT_STRING_EQUAL(vg_audit_result_name(VG_AUDIT_REFUSED), "refused");
	CU_ASSERT_EQUAL(vg_audit_result_parse("OK", &r), -EINVAL);
	CU_ASSERT_EQUAL(vg_audit_result_parse("", &r), -EINVAL);
}

static const struct vg_test field_tests[] = {
	VG_TEST(test_line_format_and_hash_are_as_documented),
	VG_TEST(test_time_is_utc_rfc3339_with_milliseconds),
	VG_TEST(test_hostile_values_stay_on_one_line_and_round_trip),
	VG_TEST(test_invalid_utf8_is_replaced),
	VG_TEST(test_long_values_are_cut_to_their_bound),
	VG_TEST(test_unusable_arguments_are_refused),
	VG_TEST(test_result_names_round_trip),
	VG_TESTS_END
};

int main(void)
{
	static const struct vg_suite suites[] = {
		{ "audit fields", NULL, NULL, field_tests },
		{ NULL, NULL, NULL, NULL },
	};

	return vg_test_main(suites);
}
