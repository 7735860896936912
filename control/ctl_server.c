/* SPDX-License-Identifier: BSD-3-Clause */
#include "ctl_server.h"

#include <errno.h>
#include <stdbool.h>
#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "ctl_io.h"
#include "ctl_proto.h"

#define SERVE_TIMEOUT_MS 1000

struct ctl_server {
	int fd;
	char path[sizeof(((struct sockaddr_un *)0)->sun_path)];
	uint64_t refused;
};

struct ctl_server *ctl_server_open(const char *path, int *err)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct ctl_server *srv = calloc(1, sizeof(*srv));

	*err = 0;
	if (!srv) {
		*err = -ENOMEM;
		return NULL;
	}
	if (strlen(path) >= sizeof(sa.sun_path)) {
		*err = -ENAMETOOLONG;
		goto fail;
	}
	strcpy(sa.sun_path, path);
	strcpy(srv->path, path);
	srv->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (srv->fd < 0) {
		*err = -errno;
		goto fail;
	}
	unlink(path);
	if (bind(srv->fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    chmod(path, 0660) < 0 || listen(srv->fd, 16) < 0) {
		*err = -errno;
		close(srv->fd);
		goto fail;
	}
	return srv;
fail:
	free(srv);
	return NULL;
}

void ctl_server_close(struct ctl_server *srv)
{
	if (!srv)
		return;
	close(srv->fd);
	unlink(srv->path);
	free(srv);
}

int ctl_server_fd(const struct ctl_server *srv)
{
	return srv->fd;
}

uint64_t ctl_server_refused(const struct ctl_server *srv)
{
	return srv->refused;
}

static int send_reply(int fd, int status, const char *json)
{
	struct ctl_hdr h = { .magic = CTL_MAGIC, .version = CTL_VERSION,
			     .status = status };
	size_t len = json ? strlen(json) : 0;
	int r;

	h.len = (uint32_t)len;
	r = ctl_write_full(fd, &h, sizeof(h), SERVE_TIMEOUT_MS);
	if (r == 0 && len)
		r = ctl_write_full(fd, json, len, SERVE_TIMEOUT_MS);
	return r;
}

static int send_error(int fd, int status, const char *what)
{
	struct json_object *o = json_object_new_object();
	int r;

	json_object_object_add(o, "error", json_object_new_string(what));
	r = send_reply(fd, status, json_object_to_json_string(o));
	json_object_put(o);
	return r;
}

static bool peer_allowed(int fd)
{
	struct ucred cred;
	socklen_t len = sizeof(cred);

	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) < 0)
		return false;
	return cred.uid == 0 || cred.uid == geteuid();
}

static int serve(struct ctl_server *srv, int fd, ctl_handler handler, void *arg)
{
	unsigned char payload[CTL_REQ_MAX];
	struct ctl_hdr h;
	char *reply = NULL;
	long want;
	int r, status;

	if (!peer_allowed(fd)) {
		srv->refused++;
		return -EPERM;
	}
	r = ctl_read_full(fd, &h, sizeof(h), SERVE_TIMEOUT_MS);
	if (r < 0)
		return r;
	want = ctl_request_size(h.type);
	if (h.magic != CTL_MAGIC || h.version != CTL_VERSION) {
		srv->refused++;
		return send_error(fd, -EPROTO, "not a vmgate control request of this version");
	}
	if (want < 0 || h.len != (uint32_t)want) {
		srv->refused++;
		return send_error(fd, -EINVAL, "unknown request type or wrong size");
	}
	r = ctl_read_full(fd, payload, h.len, SERVE_TIMEOUT_MS);
	if (r < 0)
		return r;
	status = handler(arg, h.type, payload, h.len, &reply);
	r = reply ? send_reply(fd, status, reply) : send_error(fd, status, strerror(-status));
	/* A reply may carry a secret (vtpmd's disk keys): no copy outlives it. */
	if (reply)
		explicit_bzero(reply, strlen(reply));
	free(reply);
	return r;
}

int ctl_server_serve(struct ctl_server *srv, ctl_handler handler, void *arg)
{
	int fd = accept4(srv->fd, NULL, NULL, SOCK_CLOEXEC);
	int r;

	if (fd < 0)
		return errno == EAGAIN ? 0 : -errno;
	r = serve(srv, fd, handler, arg);
	close(fd);
	return r;
}
