/* SPDX-License-Identifier: BSD-3-Clause */
/* The save file (vmm-glue/launch/save_file.h): what was written reads
 * back, chunk by chunk, only with the key, only as the guest it was saved
 * for, and any change -- a byte of a chunk or of the header, a chunk moved,
 * dropped or retyped, a cut, bytes appended -- is refused. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cunit_runner.h"
#include "save_file.h"

static char dir[] = "/tmp/vg-save-test-XXXXXX", path[256];
static const uint8_t key[SAVE_KEY_LEN] = { 1, 2, 3, 4, 5, 6, 7, 8, 9 };
static const uint8_t sealed[] = "sealed-key-stand-in";
static uint8_t big[100000];

static int setup(void)
{
	if (!mkdtemp(dir))
		return -1;
	snprintf(path, sizeof(path), "%s/web.vgsave", dir);
	for (size_t i = 0; i < sizeof(big); i++)
		big[i] = (uint8_t)(i * 7 + 3);
	return 0;
}

static int teardown(void)
{
	unlink(path);
	return rmdir(dir);
}

/* A save of "web": QEMU bytes, two blobs, QEMU bytes (four chunks). */
static void write_save(void)
{
	struct save_writer *w = save_writer_open(path, "web", key, sealed, sizeof(sealed));

	CU_ASSERT_PTR_NOT_NULL_FATAL(w);
	CU_ASSERT_EQUAL(save_writer_put(w, SAVE_QEMU, "stream-one", 10), 0);
	CU_ASSERT_EQUAL(save_writer_put(w, SAVE_TPM_PERMANENT, big, sizeof(big)), 0);
	CU_ASSERT_EQUAL(save_writer_put(w, SAVE_TPM_VOLATILE, "vol", 3), 0);
	CU_ASSERT_EQUAL(save_writer_put(w, SAVE_QEMU, "stream-two", 10), 0);
	CU_ASSERT_EQUAL(save_writer_finish(w), 0);
	save_writer_free(w);
}

/* Reads the save of guest with k to its end: 0, or the first error. */
static int read_all(const char *guest, const uint8_t *k, int *chunks)
{
	struct save_reader *r;
	enum save_chunk type;
	const uint8_t *data;
	size_t len;
	int err = 0;

	*chunks = 0;
	r = save_reader_open(path, guest, &err);
	if (!r)
		return err;
	save_reader_key(r, k);
	do {
		err = save_reader_next(r, &type, &data, &len);
		if (err == 0)
			(*chunks)++;
	} while (err == 0 && type != SAVE_END);
	save_reader_free(r);
	return err;
}

static long file_size(void)
{
	struct stat st;

	return stat(path, &st) == 0 ? (long)st.st_size : -1;
}

static void flip(long off)
{
	int fd = open(path, O_RDWR);
	uint8_t b;

	CU_ASSERT_FATAL(fd >= 0);
	CU_ASSERT_EQUAL(pread(fd, &b, 1, off), 1);
	b ^= 0x20;
	CU_ASSERT_EQUAL(pwrite(fd, &b, 1, off), 1);
	close(fd);
}

static void test_round_trip(void)
{
	struct save_reader *r;
	enum save_chunk type;
	const uint8_t *data;
	const uint8_t *s;
	size_t len;
	int err;

	write_save();
	CU_ASSERT_EQUAL(access(path, F_OK), 0);
	r = save_reader_open(path, "web", &err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	s = save_reader_sealed(r, &len);
	CU_ASSERT_EQUAL(len, sizeof(sealed));
	CU_ASSERT_EQUAL(memcmp(s, sealed, len), 0);
	save_reader_key(r, key);
	CU_ASSERT_EQUAL(save_reader_next(r, &type, &data, &len), 0);
	CU_ASSERT(type == SAVE_QEMU && len == 10 && !memcmp(data, "stream-one", 10));
	CU_ASSERT_EQUAL(save_reader_next(r, &type, &data, &len), 0);
	CU_ASSERT(type == SAVE_TPM_PERMANENT && len == sizeof(big) && !memcmp(data, big, len));
	CU_ASSERT_EQUAL(save_reader_next(r, &type, &data, &len), 0);
	CU_ASSERT(type == SAVE_TPM_VOLATILE && len == 3 && !memcmp(data, "vol", 3));
	CU_ASSERT_EQUAL(save_reader_next(r, &type, &data, &len), 0);
	CU_ASSERT(type == SAVE_QEMU && len == 10 && !memcmp(data, "stream-two", 10));
	CU_ASSERT_EQUAL(save_reader_next(r, &type, &data, &len), 0);
	CU_ASSERT_EQUAL(type, SAVE_END);
	save_reader_free(r);
}

static void test_encrypted(void)
{
	FILE *f;
	char *buf;
	long n;

	write_save();
	n = file_size();
	buf = malloc((size_t)n);
	f = fopen(path, "rb");
	CU_ASSERT_FATAL(f && buf);
	CU_ASSERT_EQUAL(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	CU_ASSERT_PTR_NULL(memmem(buf, (size_t)n, "stream-one", 10));
	CU_ASSERT_PTR_NULL(memmem(buf, (size_t)n, big + 1000, 64));
	free(buf);
}

static void test_wrong_key_or_guest(void)
{
	uint8_t other[SAVE_KEY_LEN] = { 9 };
	int chunks, err;

	write_save();
	CU_ASSERT_EQUAL(read_all("web", key, &chunks), 0);
	CU_ASSERT_EQUAL(chunks, 5);
	CU_ASSERT_EQUAL(read_all("web", other, &chunks), -EBADMSG);
	CU_ASSERT_EQUAL(chunks, 0);
	CU_ASSERT_PTR_NULL(save_reader_open(path, "db", &err));
	CU_ASSERT_EQUAL(err, -EBADMSG);
}

static void test_changed_bytes(void)
{
	/* The header is 48 bytes and the 20-byte sealed key; the first chunk
	 * follows: its type (68), length (69-72), 10 bytes of ciphertext
	 * (73-82), tag (83-98). Then the big chunk's middle, and the last byte
	 * (the end chunk's tag). */
	const long offsets[] = { 50, 68, 70, 75, 90, 50000, -1 };
	int chunks;

	for (size_t i = 0; i < sizeof(offsets) / sizeof(offsets[0]); i++) {
		write_save();
		flip(offsets[i] < 0 ? file_size() - 1 : offsets[i]);
		CU_ASSERT_NOT_EQUAL(read_all("web", key, &chunks), 0);
	}
}

static void test_cut_and_appended(void)
{
	int chunks, fd;

	write_save();
	CU_ASSERT_EQUAL(truncate(path, file_size() - 21), 0);   /* the end chunk */
	CU_ASSERT_EQUAL(read_all("web", key, &chunks), -EBADMSG);
	CU_ASSERT_EQUAL(chunks, 4);
	write_save();
	CU_ASSERT_EQUAL(truncate(path, 60000), 0);
	CU_ASSERT_EQUAL(read_all("web", key, &chunks), -EBADMSG);
	write_save();
	fd = open(path, O_WRONLY | O_APPEND);
	CU_ASSERT_EQUAL(write(fd, "x", 1), 1);
	close(fd);
	CU_ASSERT_EQUAL(read_all("web", key, &chunks), -EBADMSG);
}

/* Two chunks of the same size swapped: each still authentic where it was,
 * but not where it is now. */
static void test_reordered(void)
{
	struct save_writer *w = save_writer_open(path, "web", key, sealed, sizeof(sealed));
	uint8_t a[25], b[25];
	long first;
	int chunks, fd;

	CU_ASSERT_PTR_NOT_NULL_FATAL(w);
	CU_ASSERT_EQUAL(save_writer_put(w, SAVE_QEMU, "aaaa", 4), 0);
	CU_ASSERT_EQUAL(save_writer_put(w, SAVE_QEMU, "bbbb", 4), 0);
	CU_ASSERT_EQUAL(save_writer_finish(w), 0);
	save_writer_free(w);
	/* Each chunk: 5 bytes of type and length, 4 of data, a 16-byte tag;
	 * the end chunk has no data. */
	first = file_size() - 21 - 2 * 25;
	fd = open(path, O_RDWR);
	CU_ASSERT_EQUAL(pread(fd, a, 25, first), 25);
	CU_ASSERT_EQUAL(pread(fd, b, 25, first + 25), 25);
	CU_ASSERT_EQUAL(pwrite(fd, b, 25, first), 25);
	CU_ASSERT_EQUAL(pwrite(fd, a, 25, first + 25), 25);
	close(fd);
	CU_ASSERT_EQUAL(read_all("web", key, &chunks), -EBADMSG);
	CU_ASSERT_EQUAL(chunks, 0);
}

/* A failed save leaves no file, and never replaces a finished one. */
static void test_unfinished(void)
{
	struct save_writer *w;
	char tmp[300];

	unlink(path);
	w = save_writer_open(path, "web", key, sealed, sizeof(sealed));
	CU_ASSERT_PTR_NOT_NULL_FATAL(w);
	CU_ASSERT_EQUAL(save_writer_put(w, SAVE_QEMU, "part", 4), 0);
	save_writer_free(w);
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	CU_ASSERT_NOT_EQUAL(access(path, F_OK), 0);
	CU_ASSERT_NOT_EQUAL(access(tmp, F_OK), 0);
	CU_ASSERT_PTR_NULL(save_writer_open(path, "a-name-longer-than-thirty-two-bytes-x", key,
					    sealed, sizeof(sealed)));
	CU_ASSERT_PTR_NULL(save_writer_open(path, "web", key, sealed, 0));
}

int main(void)
{
	static const struct vg_test tests[] = {
		VG_TEST(test_round_trip),
		VG_TEST(test_encrypted),
		VG_TEST(test_wrong_key_or_guest),
		VG_TEST(test_changed_bytes),
		VG_TEST(test_cut_and_appended),
		VG_TEST(test_reordered),
		VG_TEST(test_unfinished),
		VG_TESTS_END,
	};
	static const struct vg_suite suites[] = {
		{ "save file", setup, teardown, tests },
		{ NULL, NULL, NULL, NULL },
	};

	return vg_test_main(suites);
}
