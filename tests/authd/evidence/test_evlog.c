/* SPDX-License-Identifier: BSD-3-Clause */
/* The event log: what is appended is what parses back, hostile bytes are
 * refused whatever the damage, the replay gives the values a TPM would
 * hold, and the file grows by whole logs only. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <wolfssl/options.h>
#include <wolfssl/wolfcrypt/hash.h>

#include "cunit_runner.h"
#include "evlog.h"

/* A scratch directory under the one given on the command line. */
static char dir[4096];

static void digest_of(const char *text, uint8_t out[32])
{
	CU_ASSERT_EQUAL_FATAL(wc_Sha256Hash((const byte *)text, (word32)strlen(text), out), 0);
}

/* extend(value, d) as the TPM computes it, written out here. */
static void extend(uint8_t value[32], const uint8_t d[32])
{
	uint8_t buf[64];

	memcpy(buf, value, 32);
	memcpy(buf + 32, d, 32);
	CU_ASSERT_EQUAL_FATAL(wc_Sha256Hash(buf, 64, value), 0);
}

/* A log of a whole launch: kernel, cmdline (PCR 8), initrd, disk (PCR 9). */
static void launch_log(struct evlog *log, uint8_t d[4][32])
{
	digest_of("kernel", d[0]);
	digest_of("console=ttyS0", d[1]);
	digest_of("initrd", d[2]);
	digest_of("disk", d[3]);
	evlog_init(log);
	CU_ASSERT_EQUAL_FATAL(evlog_append(log, 8, EVLOG_KERNEL, d[0]), 0);
	CU_ASSERT_EQUAL_FATAL(evlog_append(log, 8, EVLOG_CMDLINE, d[1]), 0);
	CU_ASSERT_EQUAL_FATAL(evlog_append(log, 9, EVLOG_INITRD, d[2]), 0);
	CU_ASSERT_EQUAL_FATAL(evlog_append(log, 9, EVLOG_DISK, d[3]), 0);
}

static void test_layout_puts_kernel_and_cmdline_in_8_initrd_and_disk_in_9(void)
{
	CU_ASSERT_EQUAL(evlog_part_pcr(EVLOG_KERNEL), 8);
	CU_ASSERT_EQUAL(evlog_part_pcr(EVLOG_CMDLINE), 8);
	CU_ASSERT_EQUAL(evlog_part_pcr(EVLOG_INITRD), 9);
	CU_ASSERT_EQUAL(evlog_part_pcr(EVLOG_DISK), 9);
	CU_ASSERT_EQUAL(evlog_part_pcr(EVLOG_GATEWAY_BINARY), 23);
	CU_ASSERT_EQUAL(evlog_part_pcr(EVLOG_POLICY_FILE), 16);
	CU_ASSERT_EQUAL(evlog_part_pcr(0), -EINVAL);
	CU_ASSERT_EQUAL(evlog_part_pcr(5), -EINVAL);
	CU_ASSERT_EQUAL(evlog_part_from_name("cmdline"), EVLOG_CMDLINE);
	CU_ASSERT_EQUAL(evlog_part_from_name("Kernel"), -EINVAL);
	CU_ASSERT_EQUAL(evlog_part_from_name(NULL), -EINVAL);
	CU_ASSERT_STRING_EQUAL(evlog_part_name(EVLOG_DISK), "disk");
	CU_ASSERT_STRING_EQUAL(evlog_part_name(0x12), "?");
}

static void test_appended_log_parses_back_equal(void)
{
	uint8_t d[4][32], buf[EVLOG_BYTES_MAX];
	struct evlog log, back;
	int len;

	launch_log(&log, d);
	len = evlog_encode(&log, buf, sizeof(buf));
	CU_ASSERT_EQUAL_FATAL(len, EVLOG_HEADER_LEN + 4 * EVLOG_ENTRY_LEN);
	CU_ASSERT_EQUAL(memcmp(buf, "VGEL\x01\x04", 6), 0);
	CU_ASSERT_EQUAL(buf[6], 8);
	CU_ASSERT_EQUAL(buf[7], EVLOG_KERNEL);
	CU_ASSERT_EQUAL(memcmp(buf + 8, d[0], 32), 0);
	CU_ASSERT_EQUAL_FATAL(evlog_parse(buf, (size_t)len, &back), 0);
	CU_ASSERT_EQUAL(back.n, 4);
	CU_ASSERT_EQUAL(memcmp(back.e, log.e, sizeof(log.e[0]) * 4), 0);
	CU_ASSERT_EQUAL(evlog_encode(&log, buf, (size_t)len - 1), -ENOSPC);
}

static void test_empty_log_is_six_bytes_and_valid(void)
{
	uint8_t buf[EVLOG_HEADER_LEN];
	struct evlog log, back;

	evlog_init(&log);
	CU_ASSERT_EQUAL_FATAL(evlog_encode(&log, buf, sizeof(buf)), EVLOG_HEADER_LEN);
	CU_ASSERT_EQUAL(evlog_parse(buf, sizeof(buf), &back), 0);
	CU_ASSERT_EQUAL(back.n, 0);
}

static void test_append_refuses_bad_events_and_a_65th(void)
{
	uint8_t d[32] = { 1 };
	struct evlog log;

	evlog_init(&log);
	CU_ASSERT_EQUAL(evlog_append(&log, 24, EVLOG_KERNEL, d), -EINVAL);
	CU_ASSERT_EQUAL(evlog_append(&log, 8, 0, d), -EINVAL);
	CU_ASSERT_EQUAL(evlog_append(&log, 8, 0x12, d), -EINVAL);
	CU_ASSERT_EQUAL(log.n, 0);
	for (int i = 0; i < EVLOG_MAX; i++)
		CU_ASSERT_EQUAL(evlog_append(&log, 23, EVLOG_GATEWAY_BINARY, d), 0);
	CU_ASSERT_EQUAL(evlog_append(&log, 23, EVLOG_GATEWAY_BINARY, d), -E2BIG);
	CU_ASSERT_EQUAL(log.n, EVLOG_MAX);
}

static void test_every_truncation_and_extension_is_refused(void)
{
	uint8_t d[4][32], buf[EVLOG_BYTES_MAX + 1];
	struct evlog log, back;
	int len;

	launch_log(&log, d);
	len = evlog_encode(&log, buf, sizeof(buf));
	CU_ASSERT_FATAL(len > 0);
	for (int n = 0; n < len; n++)
		CU_ASSERT_EQUAL(evlog_parse(buf, (size_t)n, &back), -EBADMSG);
	buf[len] = 0;
	CU_ASSERT_EQUAL(evlog_parse(buf, (size_t)len + 1, &back), -EBADMSG);
	CU_ASSERT_EQUAL(evlog_parse(NULL, 0, &back), -EBADMSG);
}

/* One byte changed in the header or an entry's PCR or part. */
static void test_corrupted_header_or_event_is_refused(void)
{
	static const struct { size_t at; uint8_t value; } bad[] = {
		{ 0, 'v' }, { 3, 'X' },         /* magic */
		{ 4, 0 }, { 4, 2 },             /* version */
		{ 5, 3 }, { 5, 5 }, { 5, 65 }, { 5, 255 },  /* count */
		{ 6, 24 }, { 6, 255 },          /* PCR */
		{ 7, 0 }, { 7, 5 }, { 7, 0x12 }, { 7, 0xff },  /* part */
		{ 6 + 3 * EVLOG_ENTRY_LEN + 1, 0x0f },
	};
	uint8_t d[4][32], buf[EVLOG_BYTES_MAX], copy[EVLOG_BYTES_MAX];
	struct evlog log, back;
	int len;

	launch_log(&log, d);
	len = evlog_encode(&log, buf, sizeof(buf));
	CU_ASSERT_FATAL(len > 0);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memcpy(copy, buf, (size_t)len);
		copy[bad[i].at] = bad[i].value;
		CU_ASSERT_EQUAL(evlog_parse(copy, (size_t)len, &back), -EBADMSG);
	}
}

static void test_largest_log_parses_and_one_more_entry_does_not(void)
{
	static uint8_t buf[EVLOG_BYTES_MAX + EVLOG_ENTRY_LEN];
	uint8_t d[32] = { 2 };
	struct evlog log, back;
	int len;

	evlog_init(&log);
	for (int i = 0; i < EVLOG_MAX; i++)
		evlog_append(&log, 23, EVLOG_GATEWAY_BINARY, d);
	len = evlog_encode(&log, buf, sizeof(buf));
	CU_ASSERT_EQUAL_FATAL(len, EVLOG_BYTES_MAX);
	CU_ASSERT_EQUAL(evlog_parse(buf, (size_t)len, &back), 0);
	CU_ASSERT_EQUAL(back.n, EVLOG_MAX);
	buf[5] = EVLOG_MAX + 1;
	memcpy(buf + len, buf + EVLOG_HEADER_LEN, EVLOG_ENTRY_LEN);
	CU_ASSERT_EQUAL(evlog_parse(buf, (size_t)len + EVLOG_ENTRY_LEN, &back), -EBADMSG);
}

static void test_replay_extends_from_zeros_in_log_order(void)
{
	uint8_t d[4][32], values[EVLOG_PCR_COUNT][32], p8[32] = { 0 }, p9[32] = { 0 };
	uint8_t zeros[32] = { 0 };
	struct evlog log;

	launch_log(&log, d);
	extend(p8, d[0]);
	extend(p8, d[1]);
	extend(p9, d[2]);
	extend(p9, d[3]);
	CU_ASSERT_EQUAL_FATAL(evlog_replay(&log, 1u << 8 | 1u << 9, values), 0);
	CU_ASSERT_EQUAL(memcmp(values[8], p8, 32), 0);
	CU_ASSERT_EQUAL(memcmp(values[9], p9, 32), 0);
	CU_ASSERT_EQUAL(memcmp(values[10], zeros, 32), 0);
	CU_ASSERT_EQUAL(memcmp(values[0], zeros, 32), 0);

	/* Another order, other values. */
	log.e[0] = log.e[1];
	digest_of("kernel", log.e[1].digest);
	log.e[1].part = EVLOG_KERNEL;
	CU_ASSERT_EQUAL_FATAL(evlog_replay(&log, 1u << 8 | 1u << 9, values), 0);
	CU_ASSERT_NOT_EQUAL(memcmp(values[8], p8, 32), 0);
}

static void test_replay_refuses_an_event_outside_the_mask(void)
{
	uint8_t d[4][32], values[EVLOG_PCR_COUNT][32];
	struct evlog log;

	launch_log(&log, d);
	CU_ASSERT_EQUAL(evlog_replay(&log, 1u << 8, values), -ERANGE);
	CU_ASSERT_EQUAL(evlog_replay(&log, 1u << 8 | 1u << 9 | 1u << 10, values), 0);
}

static void test_file_grows_one_whole_event_at_a_time(void)
{
	char path[sizeof(dir) + 16];
	uint8_t d[4][32];
	struct evlog log, back;
	struct stat st;

	launch_log(&log, d);
	snprintf(path, sizeof(path), "%s/launch.log", dir);
	CU_ASSERT_EQUAL(evlog_file_read(path, &back), -ENOENT);
	for (size_t i = 0; i < log.n; i++) {
		CU_ASSERT_EQUAL_FATAL(evlog_file_append(path, log.e[i].pcr, log.e[i].part,
							log.e[i].digest), 0);
		CU_ASSERT_EQUAL_FATAL(stat(path, &st), 0);
		CU_ASSERT_EQUAL(st.st_size, (off_t)(EVLOG_HEADER_LEN + (i + 1) * EVLOG_ENTRY_LEN));
		CU_ASSERT_EQUAL(st.st_mode & 0777, 0644);
	}
	CU_ASSERT_EQUAL_FATAL(evlog_file_read(path, &back), 0);
	CU_ASSERT_EQUAL(back.n, 4);
	CU_ASSERT_EQUAL(memcmp(back.e, log.e, sizeof(log.e[0]) * 4), 0);
	CU_ASSERT_EQUAL(evlog_file_append(path, 24, EVLOG_KERNEL, d[0]), -EINVAL);
	CU_ASSERT_EQUAL_FATAL(evlog_file_read(path, &back), 0);
	CU_ASSERT_EQUAL(back.n, 4);
	unlink(path);
}

static void test_file_that_is_no_log_is_left_alone(void)
{
	char path[sizeof(dir) + 16];
	uint8_t d[32] = { 5 };
	struct evlog back;
	struct stat st;
	FILE *f;

	snprintf(path, sizeof(path), "%s/not-a-log", dir);
	f = fopen(path, "w");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	fputs("kernel=abc\n", f);
	fclose(f);
	CU_ASSERT_EQUAL(evlog_file_read(path, &back), -EBADMSG);
	CU_ASSERT_EQUAL(evlog_file_append(path, 8, EVLOG_KERNEL, d), -EBADMSG);
	CU_ASSERT_EQUAL_FATAL(stat(path, &st), 0);
	CU_ASSERT_EQUAL(st.st_size, 11);
	unlink(path);
}

static void test_full_file_refuses_another_event(void)
{
	char path[sizeof(dir) + 16];
	uint8_t d[32] = { 6 };
	struct evlog back;

	snprintf(path, sizeof(path), "%s/full.log", dir);
	for (int i = 0; i < EVLOG_MAX; i++)
		CU_ASSERT_EQUAL_FATAL(evlog_file_append(path, 23, EVLOG_GATEWAY_BINARY, d), 0);
	CU_ASSERT_EQUAL(evlog_file_append(path, 23, EVLOG_GATEWAY_BINARY, d), -E2BIG);
	CU_ASSERT_EQUAL(evlog_file_read(path, &back), 0);
	CU_ASSERT_EQUAL(back.n, EVLOG_MAX);
	unlink(path);
}

static int make_dir(void)
{
	return dir[0] && mkdtemp(dir) ? 0 : -1;
}

static int remove_dir(void)
{
	return rmdir(dir);
}

static const struct vg_test tests[] = {
	VG_TEST(test_layout_puts_kernel_and_cmdline_in_8_initrd_and_disk_in_9),
	VG_TEST(test_appended_log_parses_back_equal),
	VG_TEST(test_empty_log_is_six_bytes_and_valid),
	VG_TEST(test_append_refuses_bad_events_and_a_65th),
	VG_TEST(test_every_truncation_and_extension_is_refused),
	VG_TEST(test_corrupted_header_or_event_is_refused),
	VG_TEST(test_largest_log_parses_and_one_more_entry_does_not),
	VG_TEST(test_replay_extends_from_zeros_in_log_order),
	VG_TEST(test_replay_refuses_an_event_outside_the_mask),
	VG_TEST(test_file_grows_one_whole_event_at_a_time),
	VG_TEST(test_file_that_is_no_log_is_left_alone),
	VG_TEST(test_full_file_refuses_another_event),
	VG_TESTS_END
};

int main(int argc, char **argv)
{
	static const struct vg_suite suites[] = {
		{ "event log", make_dir, remove_dir, tests },
		{ NULL, NULL, NULL, NULL },
	};

	if (argc != 2 || (size_t)snprintf(dir, sizeof(dir), "%s/evlog-XXXXXX", argv[1]) >=
	    sizeof(dir) - 32) {
		fprintf(stderr, "usage: %s SCRATCH-DIRECTORY\n", argv[0]);
		return 2;
	}
	return vg_test_main(suites);
}
