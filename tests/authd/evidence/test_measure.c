/* SPDX-License-Identifier: BSD-3-Clause */
/* vmgate-measure against a real swtpm: each part lands in its PCR of the
 * launch layout and in the log, --no-log extends only, and a bad command
 * line extends and logs nothing. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cunit_runner.h"
#include "ev_fixture.h"
#include "hex.h"

static const char *tool, *tcti, *dir;
static char log_path[PATH_MAX], kernel_path[PATH_MAX], disk_path[PATH_MAX];
static char err_text[4096];

static const char kernel_bytes[] = "\x7f" "ELF a kernel, in a test";
static const char disk_bytes[] = "a disk image, in a test";
static const char cmdline[] = "console=ttyS0 root=/dev/vda";
static const char initrd_hex[] =
	"fd61a03af4f77d870fc21e05e7e80678095c92d808cfb3b5c279ee04c74aca13";

static int write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	int r;

	if (!f)
		return -1;
	r = fwrite(data, 1, len, f) == len ? 0 : -1;
	return fclose(f) == 0 ? r : -1;
}

static int suite_init(void)
{
	tcti = getenv("VT_TEST_TCTI");
	dir = getenv("VT_TEST_DIR");
	if (!tool || !tcti || !dir) {
		fprintf(stderr, "run through with_swtpms.sh 1, with vmgate-measure's path\n");
		return -1;
	}
	snprintf(log_path, sizeof(log_path), "%s/launch.log", dir);
	snprintf(kernel_path, sizeof(kernel_path), "%s/vmlinuz", dir);
	snprintf(disk_path, sizeof(disk_path), "%s/disk.img", dir);
	if (write_file(kernel_path, kernel_bytes, sizeof(kernel_bytes) - 1) < 0 ||
	    write_file(disk_path, disk_bytes, sizeof(disk_bytes) - 1) < 0)
		return -1;
	return 0;
}

/* Runs the tool with args (NULL-terminated, without argv[0]); its stderr
 * into err_text. Returns its exit status, -1 when it did not exit. */
static int run(const char *const *args)
{
	char err_path[PATH_MAX], *argv[32];
	size_t n = 0;
	int status, fd;
	ssize_t len;
	pid_t pid;

	argv[n++] = (char *)tool;
	while (*args && n < 31)
		argv[n++] = (char *)*args++;
	argv[n] = NULL;
	snprintf(err_path, sizeof(err_path), "%s/measure.err", dir);
	pid = fork();
	if (pid == 0) {
		int out = open("/dev/null", O_WRONLY);
		int err = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

		if (out < 0 || err < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0)
			_exit(127);
		execv(tool, argv);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	err_text[0] = '\0';
	fd = open(err_path, O_RDONLY);
	if (fd >= 0) {
		len = read(fd, err_text, sizeof(err_text) - 1);
		err_text[len > 0 ? len : 0] = '\0';
		close(fd);
	}
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* PCRs 8 and 9 of the TPM, opened just for this: the swtpm serves one
 * client at a time, and the tool is another. */
static void read_launch_pcrs(uint8_t p8[32], uint8_t p9[32])
{
	struct vt_tpm *t = ev_open(1);

	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	CU_ASSERT_EQUAL(vt_pcr_read(t, 8, p8), 0);
	CU_ASSERT_EQUAL(vt_pcr_read(t, 9, p9), 0);
	vt_tpm_close(t);
}

static off_t file_size(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 ? st.st_size : -1;
}

static void test_launch_extends_each_part_into_its_pcr_and_logs_it(void)
{
	const char *args[] = {
		"--tcti", tcti, "--log", log_path,
		"--part", "kernel", "--file", kernel_path,
		"--part", "cmdline", "--text", cmdline,
		"--part", "initrd", "--digest", initrd_hex,
		"--part", "disk", "--file", disk_path, NULL,
	};
	uint8_t want[4][32], p8[32], p9[32], values[EVLOG_PCR_COUNT][32];
	struct evlog log;

	CU_ASSERT_EQUAL_FATAL(run(args), 0);
	ev_sha256_text(kernel_bytes, want[0]);
	ev_sha256_text(cmdline, want[1]);
	CU_ASSERT_EQUAL(vg_hex_decode(initrd_hex, want[2], 32), 32);
	ev_sha256_text(disk_bytes, want[3]);

	CU_ASSERT_EQUAL_FATAL(evlog_file_read(log_path, &log), 0);
	CU_ASSERT_EQUAL_FATAL(log.n, 4);
	CU_ASSERT_EQUAL(log.e[0].pcr, 8);
	CU_ASSERT_EQUAL(log.e[0].part, EVLOG_KERNEL);
	CU_ASSERT_EQUAL(log.e[1].pcr, 8);
	CU_ASSERT_EQUAL(log.e[1].part, EVLOG_CMDLINE);
	CU_ASSERT_EQUAL(log.e[2].pcr, 9);
	CU_ASSERT_EQUAL(log.e[2].part, EVLOG_INITRD);
	CU_ASSERT_EQUAL(log.e[3].pcr, 9);
	CU_ASSERT_EQUAL(log.e[3].part, EVLOG_DISK);
	for (int i = 0; i < 4; i++)
		CU_ASSERT_EQUAL(memcmp(log.e[i].digest, want[i], 32), 0);

	/* The TPM holds what the log replays to (a fresh TPM: from zeros). */
	read_launch_pcrs(p8, p9);
	CU_ASSERT_EQUAL_FATAL(evlog_replay(&log, 1u << 8 | 1u << 9, values), 0);
	CU_ASSERT_EQUAL(memcmp(values[8], p8, 32), 0);
	CU_ASSERT_EQUAL(memcmp(values[9], p9, 32), 0);
}

static void test_bad_command_lines_exit_1_and_change_nothing(void)
{
	char missing[PATH_MAX + 16], no_tpm[PATH_MAX + 32];
	const char *cases[][12] = {
		{ "--log", log_path, "--part", "kernel", "--text", "k", NULL },
		{ "--tcti", tcti, "--part", "kernel", "--text", "k", NULL },
		{ "--tcti", tcti, "--log", log_path, "--no-log", "--part", "kernel", "--text",
		  "k", NULL },
		{ "--tcti", tcti, "--log", log_path, NULL },
		{ "--tcti", tcti, "--log", log_path, "--part", "bootloader", "--text", "k", NULL },
		{ "--tcti", tcti, "--log", log_path, "--part", "kernel", NULL },
		{ "--tcti", tcti, "--log", log_path, "--part", "kernel", "--part", "disk",
		  "--text", "d", NULL },
		{ "--tcti", tcti, "--log", log_path, "--text", "k", "--part", "kernel", NULL },
		{ "--tcti", tcti, "--log", log_path, "--part", "kernel", "--text", "a", "--text",
		  "b", NULL },
		{ "--tcti", tcti, "--log", log_path, "--part", "initrd", "--digest", "abcd", NULL },
		{ "--tcti", tcti, "--log", log_path, "--part", "initrd", "--digest",
		  "zz61a03af4f77d870fc21e05e7e80678095c92d808cfb3b5c279ee04c74aca13", NULL },
		{ "--tcti", tcti, "--log", log_path, "--part", "disk", "--file", missing, NULL },
		{ "--tcti", tcti, "--log", log_path, "--part", "disk", "--text", "d", "extra",
		  NULL },
		{ "--tcti", tcti, "--log", log_path, "--part", "disk", "--text", "d", "--bogus",
		  NULL },
		{ "--tcti", no_tpm, "--log", log_path, "--part", "disk", "--text", "d", NULL },
		{ "--tcti", tcti, "--log", kernel_path, "--part", "disk", "--text", "d", NULL },
		{ "--tcti", tcti, "--log", log_path, "--part", "gateway-binary", "--text", "d",
		  NULL },
	};
	uint8_t b8[32], b9[32], a8[32], a9[32];
	off_t log_size = file_size(log_path), kernel_size = file_size(kernel_path);

	snprintf(missing, sizeof(missing), "%s/no-such-disk.img", dir);
	snprintf(no_tpm, sizeof(no_tpm), "swtpm:path=%s/no-such-tpm.sock", dir);
	read_launch_pcrs(b8, b9);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int rc = run(cases[i]);

		if (rc != 1)
			fprintf(stderr, "\n  case %zu exited %d: %s", i, rc, err_text);
		CU_ASSERT_EQUAL(rc, 1);
		CU_ASSERT_PTR_NOT_NULL(strstr(err_text, "vmgate-measure"));
	}
	read_launch_pcrs(a8, a9);
	CU_ASSERT_EQUAL(memcmp(a8, b8, 32), 0);
	CU_ASSERT_EQUAL(memcmp(a9, b9, 32), 0);
	CU_ASSERT_EQUAL(file_size(log_path), log_size);
	CU_ASSERT_EQUAL(file_size(kernel_path), kernel_size);
}

static void test_messages_name_the_problem(void)
{
	const char *bad_part[] = { "--tcti", tcti, "--log", log_path, "--part", "bootloader",
				   "--text", "k", NULL };
	const char *bad_hex[] = { "--tcti", tcti, "--log", log_path, "--part", "initrd",
				  "--digest", "abcd", NULL };

	CU_ASSERT_EQUAL(run(bad_part), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err_text, "unknown part 'bootloader'"));
	CU_ASSERT_EQUAL(run(bad_hex), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err_text, "64 hex digits"));
}

/* What simulates a tampered guest: PCR 9 moves, the log does not, and
 * the log no longer replays to the TPM. */
static void test_no_log_extends_without_logging(void)
{
	const char *args[] = { "--tcti", tcti, "--no-log", "--part", "disk", "--text",
			       "another disk", NULL };
	uint8_t b8[32], b9[32], a8[32], a9[32], values[EVLOG_PCR_COUNT][32];
	off_t log_size = file_size(log_path);
	struct evlog log;

	read_launch_pcrs(b8, b9);
	CU_ASSERT_EQUAL_FATAL(run(args), 0);
	read_launch_pcrs(a8, a9);
	CU_ASSERT_EQUAL(memcmp(a8, b8, 32), 0);
	CU_ASSERT_NOT_EQUAL(memcmp(a9, b9, 32), 0);
	CU_ASSERT_EQUAL(file_size(log_path), log_size);
	CU_ASSERT_EQUAL_FATAL(evlog_file_read(log_path, &log), 0);
	CU_ASSERT_EQUAL_FATAL(evlog_replay(&log, 1u << 8 | 1u << 9, values), 0);
	CU_ASSERT_NOT_EQUAL(memcmp(values[9], a9, 32), 0);
}

static void test_help_exits_0(void)
{
	const char *args[] = { "--help", NULL };

	CU_ASSERT_EQUAL(run(args), 0);
}

static const struct vg_test tests[] = {
	VG_TEST(test_launch_extends_each_part_into_its_pcr_and_logs_it),
	VG_TEST(test_bad_command_lines_exit_1_and_change_nothing),
	VG_TEST(test_messages_name_the_problem),
	VG_TEST(test_no_log_extends_without_logging),
	VG_TEST(test_help_exits_0),
	VG_TESTS_END
};

int main(int argc, char **argv)
{
	static const struct vg_suite suites[] = {
		{ "vmgate-measure", suite_init, NULL, tests },
		{ NULL, NULL, NULL, NULL },
	};

	tool = argc == 2 ? argv[1] : NULL;
	return vg_test_main(suites);
}
