/* SPDX-License-Identifier: BSD-3-Clause */
/* One request to vmgate-vmmd as a TLS client: the socket, vmmd's
 * certificate (the platform CA's, to "<gateway> vmmd"), the request, and
 * the reply read within its bounds. */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "att_tls.h"
#include "vmm_api.h"
#include "vmmd_client.h"
#include "vt_cert.h"

static int connect_unix(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd, r;

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
	return fd;
}

/* The request and its reply over an established session. */
static int exchange(struct att_tls_sess *s, const uint8_t *req, size_t len,
		    int *status, char **text)
{
	struct ctl_hdr h;
	int r = att_tls_send(s, req, len, VMMD_CLIENT_CONNECT_MS);

	if (r == 0)
		r = att_tls_recv(s, &h, sizeof(h), VMMD_CLIENT_REPLY_MS);
	if (r < 0)
		return r;
	if (h.magic != CTL_MAGIC || h.version != CTL_VERSION || h.len > VMM_RESP_MAX ||
	    h.status > 0)
		return -EPROTO;
	*text = calloc(1, (size_t)h.len + 1);
	if (!*text)
		return -ENOMEM;
	r = att_tls_recv(s, *text, h.len, VMMD_CLIENT_REPLY_MS);
	if (r < 0) {
		free(*text);
		*text = NULL;
		return r;
	}
	*status = h.status;
	return 0;
}

int vmmd_client_call(const struct vg_config *cfg, struct att_tls_ctx *ctx,
		     const uint8_t *req, size_t len, int *status, char **text)
{
	char path[PATH_MAX], want[VT_CERT_CN_MAX + 2], cn[VT_CERT_CN_MAX + 1];
	struct att_tls_sess *s = NULL;
	int fd, r;

	*text = NULL;
	r = ctl_socket_path(cfg->gateway.runtime_dir, "vmmd", path, sizeof(path));
	if (r < 0)
		return r;
	fd = connect_unix(path);
	if (fd < 0)
		return fd;
	snprintf(want, sizeof(want), "%s vmmd", cfg->gateway.name);
	r = att_tls_connect(ctx, fd, VMMD_CLIENT_CONNECT_MS, &s);
	if (r == 0 && (att_tls_peer_cn(s, cn, sizeof(cn)) < 0 || strcmp(cn, want) != 0))
		r = -EKEYREJECTED;
	if (r == 0)
		r = exchange(s, req, len, status, text);
	att_tls_close(s);
	close(fd);
	return r;
}
