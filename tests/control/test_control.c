/* SPDX-License-Identifier: BSD-3-Clause */
/* The control protocol at its trust boundary: only well-formed requests of
 * a known type and exact size reach a handler, only from allowed users. */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ctl_client.h"
#include "ctl_io.h"
#include "ctl_proto.h"
#include "ctl_server.h"
#include "cunit_runner.h"

static char path[108];
static struct ctl_server *srv;
static int handled;

static int handler(void *arg, uint16_t type, const void *payload, size_t len,
		   char **reply)
{
	(void)arg;
	handled++;
	if (type == CTL_GRANT_ADD && len == sizeof(struct ctl_grant)) {
		const struct ctl_grant *g = payload;

		*reply = strdup(g->ttl_s == 7 ? "{\"ttl\": 7}" : "{}");
		return 0;
	}
	return -ENOTSUP;
}

/* Serves one connection in the background. */
static void *serve_one(void *arg)
{
	struct pollfd p = { .fd = ctl_server_fd(srv), .events = POLLIN };

	(void)arg;
	if (poll(&p, 1, 3000) == 1)
		ctl_server_serve(srv, handler, NULL);
	return NULL;
}

static pthread_t serve_in_background(void)
{
	pthread_t t;

	CU_ASSERT_EQUAL_FATAL(pthread_create(&t, NULL, serve_one, NULL), 0);
	return t;
}

/* Sends raw bytes as a request; returns the response status, or a negative
 * errno when the server answered nothing. */
static int raw_request(const void *req, size_t len)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct ctl_hdr h;
	pthread_t t = serve_in_background();
	int fd = socket(AF_UNIX, SOCK_STREAM, 0), r;

	strcpy(sa.sun_path, path);
	CU_ASSERT_EQUAL_FATAL(connect(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	r = ctl_write_full(fd, req, len, 1000);
	if (r == 0)
		r = ctl_read_full(fd, &h, sizeof(h), 3000);
	close(fd);
	pthread_join(t, NULL);
	return r < 0 ? r : h.status;
}

static void test_a_valid_request_reaches_the_handler(void)
{
	struct ctl_grant g = { .a = "a", .b = "b", .ttl_s = 7 };
	pthread_t t = serve_in_background();
	char *reply = NULL;
	int status = 1, before = handled;

	CU_ASSERT_EQUAL(ctl_call(path, CTL_GRANT_ADD, &g, sizeof(g), &status, &reply), 0);
	pthread_join(t, NULL);
	CU_ASSERT_EQUAL(status, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(reply);
	CU_ASSERT_STRING_EQUAL(reply, "{\"ttl\": 7}");
	CU_ASSERT_EQUAL(handled, before + 1);
	free(reply);
}

static void test_a_handler_error_comes_back_as_status_and_text(void)
{
	pthread_t t = serve_in_background();
	char *reply = NULL;
	int status = 0;

	CU_ASSERT_EQUAL(ctl_call(path, CTL_STATUS, NULL, 0, &status, &reply), 0);
	pthread_join(t, NULL);
	CU_ASSERT_EQUAL(status, -ENOTSUP);
	CU_ASSERT_PTR_NOT_NULL_FATAL(reply);
	CU_ASSERT_PTR_NOT_NULL(strstr(reply, "\"error\""));
	free(reply);
}

static void test_wrong_magic_is_refused_before_the_handler(void)
{
	struct ctl_hdr h = { .magic = 0x12345678, .version = CTL_VERSION, .type = CTL_STATUS };
	int before = handled;

	CU_ASSERT_EQUAL(raw_request(&h, sizeof(h)), -EPROTO);
	CU_ASSERT_EQUAL(handled, before);
}

static void test_wrong_version_is_refused(void)
{
	struct ctl_hdr h = { .magic = CTL_MAGIC, .version = CTL_VERSION + 1, .type = CTL_STATUS };
	int before = handled;

	CU_ASSERT_EQUAL(raw_request(&h, sizeof(h)), -EPROTO);
	CU_ASSERT_EQUAL(handled, before);
}

static void test_unknown_type_is_refused(void)
{
	struct ctl_hdr h = { .magic = CTL_MAGIC, .version = CTL_VERSION, .type = 999 };
	int before = handled;

	CU_ASSERT_EQUAL(raw_request(&h, sizeof(h)), -EINVAL);
	CU_ASSERT_EQUAL(handled, before);
}

static void test_payload_of_the_wrong_size_is_refused(void)
{
	struct {
		struct ctl_hdr h;
		char body[8];
	} req = { .h = { .magic = CTL_MAGIC, .version = CTL_VERSION,
			 .type = CTL_GRANT_ADD, .len = 8 } };
	int before = handled;

	CU_ASSERT_EQUAL(raw_request(&req, sizeof(req)), -EINVAL);
	CU_ASSERT_EQUAL(handled, before);
}

static void test_huge_declared_length_is_refused_unread(void)
{
	struct ctl_hdr h = { .magic = CTL_MAGIC, .version = CTL_VERSION,
			     .type = CTL_GRANT_ADD, .len = 0xffffffffu };
	int before = handled;

	CU_ASSERT_EQUAL(raw_request(&h, sizeof(h)), -EINVAL);
	CU_ASSERT_EQUAL(handled, before);
}

static void test_another_user_is_refused(void)
{
	uint64_t refused = ctl_server_refused(srv);
	pthread_t t;
	pid_t child;
	int status;

	if (geteuid() != 0) {
		printf("SKIP: needs root to connect as another user\n");
		return;
	}
	t = serve_in_background();
	child = fork();
	CU_ASSERT_FATAL(child >= 0);
	if (child == 0) {
		struct ctl_grant g = { .a = "a", .b = "b", .ttl_s = 7 };
		char *reply = NULL;
		int st;

		/* The socket is 0660 root: make it reachable so only the
		 * credential check can refuse. */
		if (setgid(65534) < 0 || setuid(65534) < 0)
			_exit(2);
		_exit(ctl_call(path, CTL_GRANT_ADD, &g, sizeof(g), &st, &reply) == 0 ? 1 : 0);
	}
	waitpid(child, &status, 0);
	pthread_join(t, NULL);
	CU_ASSERT_TRUE(WIFEXITED(status));
	CU_ASSERT_EQUAL(WEXITSTATUS(status), 0);
	CU_ASSERT_EQUAL(ctl_server_refused(srv), refused + 1);
}

static void test_missing_daemon_is_an_error_not_a_hang(void)
{
	char *reply = NULL;
	int status;

	CU_ASSERT_EQUAL(ctl_call("/nonexistent/vmgate.sock", CTL_STATUS, NULL, 0,
				 &status, &reply), -ENOENT);
	CU_ASSERT_PTR_NULL(reply);
}

static int setup(void)
{
	int err;

	snprintf(path, sizeof(path), "/tmp/vmgate-ctl-test-%d.sock", (int)getpid());
	srv = ctl_server_open(path, &err);
	/* Open to everyone here, so the credential check is what refuses. */
	return srv && chmod(path, 0666) == 0 ? 0 : -1;
}

static int teardown(void)
{
	ctl_server_close(srv);
	return 0;
}

static const struct vg_test tests[] = {
	VG_TEST(test_a_valid_request_reaches_the_handler),
	VG_TEST(test_a_handler_error_comes_back_as_status_and_text),
	VG_TEST(test_wrong_magic_is_refused_before_the_handler),
	VG_TEST(test_wrong_version_is_refused),
	VG_TEST(test_unknown_type_is_refused),
	VG_TEST(test_payload_of_the_wrong_size_is_refused),
	VG_TEST(test_huge_declared_length_is_refused_unread),
	VG_TEST(test_another_user_is_refused),
	VG_TEST(test_missing_daemon_is_an_error_not_a_hang),
	VG_TESTS_END
};

int main(void)
{
	const struct vg_suite suites[] = { { "control", setup, teardown, tests }, { NULL } };

	return vg_test_main(suites);
}
