/* SPDX-License-Identifier: BSD-3-Clause */
#include "ctl_client.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "ctl_io.h"
#include "ctl_proto.h"

static int exchange(int fd, uint16_t type, const void *req, size_t len,
		    int *status, char **reply)
{
	struct ctl_hdr h = { .magic = CTL_MAGIC, .version = CTL_VERSION,
			     .type = type, .len = (uint32_t)len };
	char *buf;
	int r;

	r = ctl_write_full(fd, &h, sizeof(h), CTL_TIMEOUT_MS);
	if (r == 0 && len)
		r = ctl_write_full(fd, req, len, CTL_TIMEOUT_MS);
	if (r == 0)
		r = ctl_read_full(fd, &h, sizeof(h), CTL_TIMEOUT_MS);
	if (r < 0)
		return r;
	if (h.magic != CTL_MAGIC || h.version != CTL_VERSION || h.len > CTL_RESP_MAX)
		return -EPROTO;
	*status = h.status;
	if (h.len == 0)
		return 0;
	buf = malloc((size_t)h.len + 1);
	if (!buf)
		return -ENOMEM;
	r = ctl_read_full(fd, buf, h.len, CTL_TIMEOUT_MS);
	if (r < 0) {
		free(buf);
		return r;
	}
	buf[h.len] = '\0';
	*reply = buf;
	return 0;
}

int ctl_call(const char *path, uint16_t type, const void *req, size_t len,
	     int *status, char **reply)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd, r;

	*reply = NULL;
	*status = 0;
	if (strlen(path) >= sizeof(sa.sun_path))
		return -ENAMETOOLONG;
	strcpy(sa.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		r = -errno;
		close(fd);
		return r;
	}
	r = exchange(fd, type, req, len, status, reply);
	close(fd);
	return r;
}
