/* SPDX-License-Identifier: BSD-3-Clause */
/* The audit log's chain: appending, concurrent writers, and every kind of
 * tampering verification must name. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "audit_fixture.h"

struct collected {
	struct vg_audit_entry e[512];
	size_t n;
};

static int collect(const struct vg_audit_entry *e, void *arg)
{
	struct collected *c = arg;

	if (c->n == sizeof(c->e) / sizeof(c->e[0]))
		return -ENOSPC;
	c->e[c->n++] = *e;
	return 0;
}

static void test_appended_entries_chain_and_verify(void)
{
	static struct collected c;
	struct vg_audit_entry first, last;
	struct fixture f;
	char *head;
	size_t len;

	fixture_start(&f);
	CU_ASSERT_EQUAL(vg_audit_append(f.log, "alice", "guest.start", "web",
					VG_AUDIT_OK, "", &first), 0);
	append_entries(f.log, 198);
	CU_ASSERT_EQUAL(vg_audit_append(f.log, "bob", "guest.stop", "db",
					VG_AUDIT_REFUSED, "role user", &last), 0);
	CU_ASSERT_EQUAL(first.seq, 1);
	CU_ASSERT_STRING_EQUAL(first.prev, "0000000000000000000000000000000000000000000000000000000000000000");
	CU_ASSERT_EQUAL(last.seq, 200);
	EXPECT_INTACT(f.log, 200);

	c.n = 0;
	CU_ASSERT_EQUAL(vg_audit_read(f.log, collect, &c, NULL), 0);
	CU_ASSERT_EQUAL_FATAL(c.n, 200);
	for (size_t i = 0; i < c.n; i++) {
		CU_ASSERT_EQUAL(c.e[i].seq, i + 1);
		if (i > 0)
			CU_ASSERT_STRING_EQUAL(c.e[i].prev, c.e[i - 1].hash);
	}
	CU_ASSERT_STRING_EQUAL(c.e[0].hash, first.hash);
	CU_ASSERT_STRING_EQUAL(c.e[199].hash, last.hash);
	CU_ASSERT_STRING_EQUAL(c.e[199].actor, "bob");
	CU_ASSERT_EQUAL(c.e[199].result, VG_AUDIT_REFUSED);
	CU_ASSERT_STRING_EQUAL(c.e[199].detail, "role user");

	/* The head names the last entry. */
	head = file_read(f.head, &len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(head);
	CU_ASSERT_EQUAL(strncmp(head, "200 ", 4), 0);
	CU_ASSERT_EQUAL(strncmp(head + 4, last.hash, 64), 0);
	free(head);
	fixture_done(&f);
}

static void test_two_processes_appending_at_once_make_one_chain(void)
{
	static struct collected c;
	struct fixture f;
	pid_t pid[2];
	int n[2] = { 0, 0 };

	fixture_start(&f);
	for (int k = 0; k < 2; k++) {
		pid[k] = fork();
		CU_ASSERT_FATAL(pid[k] >= 0);
		if (pid[k] == 0) {
			int bad = 0;

			for (int i = 0; i < 100; i++)
				bad += vg_audit_append(f.log, k ? "writer-b" : "writer-a",
						       "auth", "guest", VG_AUDIT_OK, "", NULL) != 0;
			_exit(bad ? 1 : 0);
		}
	}
	for (int k = 0; k < 2; k++) {
		int status;

		CU_ASSERT_EQUAL(waitpid(pid[k], &status, 0), pid[k]);
		CU_ASSERT(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	}
	EXPECT_INTACT(f.log, 200);
	c.n = 0;
	CU_ASSERT_EQUAL(vg_audit_read(f.log, collect, &c, NULL), 0);
	for (size_t i = 0; i < c.n; i++)
		n[strcmp(c.e[i].actor, "writer-b") == 0]++;
	CU_ASSERT_EQUAL(n[0], 100);
	CU_ASSERT_EQUAL(n[1], 100);
	fixture_done(&f);
}

/* Changes the first byte of field key's value in line n to repl. */
static void change_value(const char *log, unsigned n, const char *key, char repl)
{
	char pattern[32], *text, *at;
	size_t len, off, line_len;

	text = file_read(log, &len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	off = line_at(text, n, &line_len);
	snprintf(pattern, sizeof(pattern), "\"%s\":", key);
	at = strstr(text + off, pattern);
	CU_ASSERT_FATAL(at != NULL && at < text + off + line_len);
	at += strlen(pattern);
	if (*at == '"')
		at++;
	/* Hex values may already hold the replacement: take another digit. */
	*at = *at != repl ? repl : 'e';
	file_write(log, text, len);
	free(text);
}

static void test_one_changed_byte_in_any_field_is_detected(void)
{
	static const struct { const char *key; char repl; const char *message; } cases[] = {
		{ "seq", '4', "entry 4 (line 3): hash does not match its content" },
		{ "time", '1', "entry 3 (line 3): hash does not match its content" },
		{ "actor", 'X', "entry 3 (line 3): hash does not match its content" },
		{ "action", 'X', "entry 3 (line 3): hash does not match its content" },
		{ "target", 'X', "entry 3 (line 3): hash does not match its content" },
		{ "result", 'n', "entry 3 (line 3): hash does not match its content" },
		{ "detail", 'X', "entry 3 (line 3): hash does not match its content" },
		{ "prev", 'f', "entry 3 (line 3): hash does not match its content" },
		{ "hash", 'f', "entry 3 (line 3): hash does not match its content" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct fixture f;

		fixture_start(&f);
		append_entries(f.log, 5);
		EXPECT_INTACT(f.log, 5);
		change_value(f.log, 3, cases[i].key, cases[i].repl);
		EXPECT_PROBLEM(f.log, cases[i].message);
		/* Appending does not check the whole chain, but verify still
		 * finds the damage after more entries. */
		append_entries(f.log, 1);
		EXPECT_PROBLEM(f.log, cases[i].message);
		fixture_done(&f);
	}
}

static void test_every_single_byte_change_is_detected(void)
{
	struct fixture f;
	char *text;
	size_t len;

	fixture_start(&f);
	append_entries(f.log, 3);
	text = file_read(f.log, &len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	for (size_t i = 0; i < len; i++) {
		struct vg_audit_report rep;
		int ret;

		text[i] ^= 0x01;
		file_write(f.log, text, len);
		ret = vg_audit_verify(f.log, &rep);
		if (ret != -EBADMSG)
			fprintf(stderr, "\n  byte %zu changed: verify says %d\n", i, ret);
		CU_ASSERT_EQUAL(ret, -EBADMSG);
		text[i] ^= 0x01;
	}
	file_write(f.log, text, len);
	EXPECT_INTACT(f.log, 3);
	free(text);
	fixture_done(&f);
}

static void replace_line(const char *log, unsigned n, const char *repl);

/* Removes line n (from 1) of log. */
static void delete_line(const char *log, unsigned n)
{
	size_t len, line_len, off;
	char *text = file_read(log, &len);

	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	off = line_at(text, n, &line_len);
	memmove(text + off, text + off + line_len, len - off - line_len);
	file_write(log, text, len - line_len);
	free(text);
}

static void test_entry_deleted_in_the_middle_is_detected(void)
{
	struct fixture f;

	fixture_start(&f);
	append_entries(f.log, 5);
	delete_line(f.log, 3);
	EXPECT_PROBLEM(f.log, "entry 4 (line 3) follows entry 2: entries missing or reordered");
	fixture_done(&f);
}

static void test_first_entry_deleted_is_detected(void)
{
	struct fixture f;

	fixture_start(&f);
	append_entries(f.log, 3);
	delete_line(f.log, 1);
	EXPECT_PROBLEM(f.log, "entry 2 (line 1) comes first, not entry 1: entries missing or reordered");
	fixture_done(&f);
}

static void test_swapped_entries_are_detected(void)
{
	struct fixture f;
	size_t len, l2, l3, o2, o3;
	char *text, *swapped;

	fixture_start(&f);
	append_entries(f.log, 5);
	text = file_read(f.log, &len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	swapped = malloc(len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(swapped);
	o2 = line_at(text, 2, &l2);
	o3 = line_at(text, 3, &l3);
	memcpy(swapped, text, o2);
	memcpy(swapped + o2, text + o3, l3);
	memcpy(swapped + o2 + l3, text + o2, l2);
	memcpy(swapped + o2 + l3 + l2, text + o3 + l3, len - o3 - l3);
	file_write(f.log, swapped, len);
	EXPECT_PROBLEM(f.log, "entry 3 (line 2) follows entry 1: entries missing or reordered");
	free(text);
	free(swapped);
	fixture_done(&f);
}

static void test_renumbered_entry_is_caught_by_its_hash(void)
{
	struct fixture f;

	/* Deleting entry 3 and renumbering 4 as 3 breaks 4's own hash. */
	fixture_start(&f);
	append_entries(f.log, 5);
	delete_line(f.log, 3);
	change_value(f.log, 3, "seq", '3');
	EXPECT_PROBLEM(f.log, "entry 3 (line 3): hash does not match its content");
	fixture_done(&f);
}

static void test_entry_replaced_by_a_well_formed_one_is_detected(void)
{
	struct fixture f, other;
	size_t len, line_len, off;
	char *text, *line;

	/* Entry 3 of another log is well formed and hashes right, but its
	 * prev is not this log's entry 2. */
	fixture_start(&f);
	fixture_start(&other);
	append_entries(f.log, 5);
	CU_ASSERT_EQUAL(vg_audit_append(other.log, "mallory", "a", "t", VG_AUDIT_OK,
					"", NULL), 0);
	append_entries(other.log, 2);
	text = file_read(other.log, &len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	off = line_at(text, 3, &line_len);
	line = strndup(text + off, line_len - 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(line);
	replace_line(f.log, 3, line);
	EXPECT_PROBLEM(f.log, "entry 3 (line 3): prev does not match the hash of entry 2: "
		       "an entry was replaced");
	free(line);
	free(text);
	fixture_done(&other);
	fixture_done(&f);
}

static void test_deleted_last_entries_are_caught_by_the_head(void)
{
	struct fixture f;

	fixture_start(&f);
	append_entries(f.log, 5);
	delete_line(f.log, 5);
	delete_line(f.log, 4);
	/* The chain alone is intact: only the head tells. */
	EXPECT_PROBLEM(f.log, "the log ends at entry 3 but its head says 5: "
		       "entries deleted from the end");
	/* And appending refuses to build on it. */
	CU_ASSERT_EQUAL(vg_audit_append(f.log, "op", "guest.start", "web", VG_AUDIT_OK,
					"", NULL), -EBADMSG);
	file_write(f.log, "", 0);
	EXPECT_PROBLEM(f.log, "the log is empty but its head says 5: entries deleted");
	fixture_done(&f);
}

static void test_replaced_last_entry_is_caught_by_the_head(void)
{
	static struct collected c;
	struct fixture f;
	char line[128], *head;
	size_t len;

	fixture_start(&f);
	append_entries(f.log, 5);
	head = file_read(f.head, &len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(head);
	/* Cut entry 5 and move the head back to entry 4, then write a new,
	 * well-chained entry 5 and put the old head back. */
	delete_line(f.log, 5);
	c.n = 0;
	CU_ASSERT_EQUAL_FATAL(vg_audit_read(f.log, collect, &c, NULL), 0);
	CU_ASSERT_EQUAL_FATAL(c.n, 4);
	snprintf(line, sizeof(line), "4 %s\n", c.e[3].hash);
	file_write(f.head, line, strlen(line));
	CU_ASSERT_EQUAL(vg_audit_append(f.log, "mallory", "guest.start", "web",
					VG_AUDIT_OK, "", NULL), 0);
	EXPECT_INTACT(f.log, 5);
	file_write(f.head, head, len);
	EXPECT_PROBLEM_PREFIX(f.log, "the head says entry 5 has hash ");
	free(head);
	fixture_done(&f);
}

static void test_interrupted_append_leaves_a_head_one_behind(void)
{
	struct vg_audit_report rep;
	static struct collected c;
	struct fixture f;
	char line[128];

	fixture_start(&f);
	append_entries(f.log, 4);
	c.n = 0;
	CU_ASSERT_EQUAL_FATAL(vg_audit_read(f.log, collect, &c, NULL), 0);
	/* The log has entry 4; the head still names entry 3. */
	snprintf(line, sizeof(line), "3 %s\n", c.e[2].hash);
	file_write(f.head, line, strlen(line));
	CU_ASSERT_EQUAL(vg_audit_verify(f.log, &rep), 0);
	CU_ASSERT(rep.head_behind);
	CU_ASSERT_EQUAL(rep.head_seq, 3);
	/* The next append moves it up to date. */
	append_entries(f.log, 1);
	CU_ASSERT_EQUAL(vg_audit_verify(f.log, &rep), 0);
	CU_ASSERT(!rep.head_behind);
	CU_ASSERT_EQUAL(rep.head_seq, 5);
	/* Two behind is not an interrupted append. */
	snprintf(line, sizeof(line), "3 %s\n", c.e[2].hash);
	file_write(f.head, line, strlen(line));
	EXPECT_PROBLEM(f.log, "the log continues to entry 5 but its head says 3: "
		       "entries added past the head, or the head replaced");
	fixture_done(&f);
}

static void test_missing_or_damaged_head_is_detected(void)
{
	struct fixture f;

	fixture_start(&f);
	append_entries(f.log, 3);
	CU_ASSERT_EQUAL(unlink(f.head), 0);
	EXPECT_PROBLEM(f.log, "the log continues to entry 3 but has no head file: "
		       "the head was deleted");
	CU_ASSERT_EQUAL(vg_audit_append(f.log, "op", "a", "t", VG_AUDIT_OK, "", NULL),
			-EBADMSG);
	file_write(f.head, "three\n", 6);
	EXPECT_PROBLEM(f.log, "the head file is damaged (it must hold 'SEQ HASH')");
	fixture_done(&f);
}

/* Replaces line n of log with text (which has no newline). */
static void replace_line(const char *log, unsigned n, const char *repl)
{
	size_t len, line_len, off, rlen = strlen(repl);
	char *text = file_read(log, &len), *out;

	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	off = line_at(text, n, &line_len);
	out = malloc(len + rlen + 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(out);
	memcpy(out, text, off);
	memcpy(out + off, repl, rlen);
	out[off + rlen] = '\n';
	memcpy(out + off + rlen + 1, text + off + line_len, len - off - line_len);
	file_write(log, out, off + rlen + 1 + len - off - line_len);
	free(text);
	free(out);
}

static void test_line_that_is_not_json_is_detected(void)
{
	struct fixture f;

	fixture_start(&f);
	append_entries(f.log, 3);
	replace_line(f.log, 2, "this is not an entry");
	EXPECT_PROBLEM_PREFIX(f.log, "line 2: not valid JSON (");
	replace_line(f.log, 2, "[1, 2, 3]");
	EXPECT_PROBLEM(f.log, "line 2: not a JSON object");
	replace_line(f.log, 2, "{\"seq\":2,");
	EXPECT_PROBLEM(f.log, "line 2: not valid JSON (it ends too early)");
	replace_line(f.log, 2, "");
	EXPECT_PROBLEM(f.log, "line 2: empty line");
	fixture_done(&f);
}

/* Inserts text into line n of log before the first occurrence of at. */
static void insert_in_line(const char *log, unsigned n, const char *at,
			   const char *text_in)
{
	size_t len, line_len, off, ilen = strlen(text_in), pos;
	char *text = file_read(log, &len), *out, *where;

	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	off = line_at(text, n, &line_len);
	where = strstr(text + off, at);
	CU_ASSERT_FATAL(where != NULL);
	pos = (size_t)(where - text);
	out = malloc(len + ilen);
	CU_ASSERT_PTR_NOT_NULL_FATAL(out);
	memcpy(out, text, pos);
	memcpy(out + pos, text_in, ilen);
	memcpy(out + pos + ilen, text + pos, len - pos);
	file_write(log, out, len + ilen);
	free(text);
	free(out);
}

/* Replaces the first from in log with to, of the same length. */
static void replace_text(const char *log, const char *from, const char *to)
{
	size_t len;
	char *text = file_read(log, &len), *at;

	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	CU_ASSERT_EQUAL_FATAL(strlen(from), strlen(to));
	at = strstr(text, from);
	CU_ASSERT_PTR_NOT_NULL_FATAL(at);
	memcpy(at, to, strlen(to));
	file_write(log, text, len);
	free(text);
}

static void test_entry_with_an_extra_field_is_detected(void)
{
	struct fixture f;

	fixture_start(&f);
	append_entries(f.log, 3);
	insert_in_line(f.log, 2, ",\"hash\":", ",\"role\":\"admin\"");
	EXPECT_PROBLEM(f.log, "line 2: unexpected field 'role'");
	fixture_done(&f);

	fixture_start(&f);
	append_entries(f.log, 3);
	replace_text(f.log, "\"actor\":\"operator-1\",\"action\":\"guest.start\"",
		     "\"action\":\"guest.start\",\"actor\":\"operator-1\"");
	EXPECT_PROBLEM(f.log, "line 2: field 'action' out of place (the order is seq, "
		       "time, actor, action, target, result, detail, prev, hash)");
	fixture_done(&f);
}

static void test_torn_last_line_is_detected_and_blocks_appends(void)
{
	struct fixture f;
	struct stat before, after;
	FILE *log;

	fixture_start(&f);
	append_entries(f.log, 3);
	log = fopen(f.log, "a");
	CU_ASSERT_PTR_NOT_NULL_FATAL(log);
	fputs("{\"seq\":4,\"time\":", log);
	CU_ASSERT_EQUAL(fclose(log), 0);
	EXPECT_PROBLEM(f.log, "line 4: no newline at its end: an append was cut short");
	CU_ASSERT_EQUAL(stat(f.log, &before), 0);
	CU_ASSERT_EQUAL(vg_audit_append(f.log, "op", "a", "t", VG_AUDIT_OK, "", NULL),
			-EBADMSG);
	CU_ASSERT_EQUAL(stat(f.log, &after), 0);
	CU_ASSERT_EQUAL(before.st_size, after.st_size);
	fixture_done(&f);
}

static void test_overlong_line_is_refused(void)
{
	struct fixture f;
	char *big = malloc(VG_AUDIT_LINE_MAX + 100);

	CU_ASSERT_PTR_NOT_NULL_FATAL(big);
	fixture_start(&f);
	append_entries(f.log, 2);
	memset(big, 'x', VG_AUDIT_LINE_MAX + 99);
	big[VG_AUDIT_LINE_MAX + 99] = '\0';
	replace_line(f.log, 2, big);
	EXPECT_PROBLEM(f.log, "line 2: longer than 16384 bytes");
	CU_ASSERT_EQUAL(vg_audit_append(f.log, "op", "a", "t", VG_AUDIT_OK, "", NULL),
			-EBADMSG);
	free(big);
	fixture_done(&f);
}

static void test_log_that_is_not_a_regular_file_is_refused(void)
{
	struct vg_audit_report rep;
	struct fixture f;

	fixture_start(&f);
	CU_ASSERT_EQUAL_FATAL(mkfifo(f.log, 0600), 0);
	/* Neither may block on the FIFO nor treat it as a log. */
	CU_ASSERT_EQUAL(vg_audit_verify(f.log, &rep), -EINVAL);
	CU_ASSERT_EQUAL(vg_audit_append(f.log, "op", "a", "t", VG_AUDIT_OK, "", NULL),
			-EINVAL);
	CU_ASSERT_EQUAL(unlink(f.log), 0);
	CU_ASSERT_EQUAL(vg_audit_verify(f.log, &rep), -ENOENT);
	CU_ASSERT_STRING_EQUAL(rep.problem, "cannot read: No such file or directory");
	fixture_done(&f);
}

static const struct vg_test chain_tests[] = {
	VG_TEST(test_appended_entries_chain_and_verify),
	VG_TEST(test_two_processes_appending_at_once_make_one_chain),
	VG_TEST(test_one_changed_byte_in_any_field_is_detected),
	VG_TEST(test_every_single_byte_change_is_detected),
	VG_TEST(test_entry_deleted_in_the_middle_is_detected),
	VG_TEST(test_first_entry_deleted_is_detected),
	VG_TEST(test_swapped_entries_are_detected),
	VG_TEST(test_renumbered_entry_is_caught_by_its_hash),
	VG_TEST(test_entry_replaced_by_a_well_formed_one_is_detected),
	VG_TEST(test_deleted_last_entries_are_caught_by_the_head),
	VG_TEST(test_replaced_last_entry_is_caught_by_the_head),
	VG_TEST(test_interrupted_append_leaves_a_head_one_behind),
	VG_TEST(test_missing_or_damaged_head_is_detected),
	VG_TEST(test_line_that_is_not_json_is_detected),
	VG_TEST(test_entry_with_an_extra_field_is_detected),
	VG_TEST(test_torn_last_line_is_detected_and_blocks_appends),
	VG_TEST(test_overlong_line_is_refused),
	VG_TEST(test_log_that_is_not_a_regular_file_is_refused),
	VG_TESTS_END
};

int main(void)
{
	static const struct vg_suite suites[] = {
		{ "audit chain", NULL, NULL, chain_tests },
		{ NULL, NULL, NULL, NULL },
	};

	return vg_test_main(suites);
}
