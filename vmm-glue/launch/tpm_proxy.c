/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Step 3: the launcher sits on the guest TPM's path. QEMU's -tpmdev
 * emulator connects to the launcher's socket as if it were swtpm's control
 * channel; the launcher relays each control command to vtpmd's swtpm, with
 * these exceptions:
 *   CMD_SET_DATAFD    QEMU's data socket stays with the launcher, which
 *                     relays it to the swtpm's data socket (tpm_data_relay.c)
 *   CMD_INIT          relayed; on success the launch measurements are
 *                     pending until the TPM has started
 *   CMD_SHUTDOWN      answered here: vtpmd owns the swtpm's life, and QEMU
 *                     sends it on exit, which would end the swtpm
 *   CMD_GET_CAPABILITY  relayed, without the capabilities refused below
 *   CMD_GET_STATEBLOB answered with an empty blob, and only while the
 *                     launcher saves the guest; the real state is fetched
 *                     from the swtpm then, into the save file (save_out.c)
 *   CMD_SET_STATEBLOB only empty blobs, ignored; when restoring, the INIT
 *                     that follows puts the saved state into the swtpm
 *   hashing, info, storage lock: refused (TPM_FAIL)
 * QEMU never holds the vTPM's state, so it can neither read the vTPM's
 * secrets nor give it PCRs of its choice.
 * The control protocol is swtpm's (tpm_ioctl.h): a 4-byte big-endian
 * command, a fixed request, a fixed response, one at a time.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "be32.h"
#include "launch.h"

enum {
	CMD_GET_CAPABILITY = 1, CMD_INIT, CMD_SHUTDOWN, CMD_GET_TPMESTABLISHED,
	CMD_SET_LOCALITY, CMD_HASH_START, CMD_HASH_DATA, CMD_HASH_END,
	CMD_CANCEL_TPM_CMD, CMD_STORE_VOLATILE, CMD_RESET_TPMESTABLISHED,
	CMD_GET_STATEBLOB, CMD_SET_STATEBLOB, CMD_STOP, CMD_GET_CONFIG,
	CMD_SET_DATAFD, CMD_SET_BUFFERSIZE,
};

/* Capabilities QEMU may use through the proxy (tpm_ioctl.h PTM_CAP_*):
 * init, shutdown, established flag, locality, cancel, store volatile,
 * reset established, state blobs (see above), stop, config, data fd,
 * buffer size. */
#define CAPS_RELAYED 0x3fefull
#define STATE_FLAG_DECRYPTED 1
#define TPM_FAIL 9
#define CTRL_TIMEOUT_MS 5000

/* Request sizes after the command word (QEMU sends the whole union of
 * swtpm's ptm_* struct for some, 4 bytes where 1 is used) and response
 * sizes; 0 for a command that is refused. */
static const struct { uint8_t req_min, req_max, rsp; } ctrl_sizes[] = {
	[CMD_GET_CAPABILITY] = { 0, 0, 8 },
	[CMD_INIT] = { 4, 4, 4 },
	[CMD_SHUTDOWN] = { 0, 0, 4 },
	[CMD_GET_TPMESTABLISHED] = { 0, 0, 8 },
	[CMD_SET_LOCALITY] = { 1, 4, 4 },
	[CMD_CANCEL_TPM_CMD] = { 0, 0, 4 },
	[CMD_STORE_VOLATILE] = { 0, 0, 4 },
	[CMD_RESET_TPMESTABLISHED] = { 1, 4, 4 },
	[CMD_GET_STATEBLOB] = { 12, 12, 16 },
	[CMD_SET_STATEBLOB] = { 12, 12, 4 },
	[CMD_STOP] = { 0, 0, 4 },
	[CMD_GET_CONFIG] = { 0, 0, 8 },
	[CMD_SET_DATAFD] = { 0, 0, 4 },
	[CMD_SET_BUFFERSIZE] = { 4, 4, 16 },
};
#define N_CTRL (sizeof(ctrl_sizes) / sizeof(ctrl_sizes[0]))

struct tpm_proxy {
	const struct launch *l;
	int listen_fd;
	int ctrl_fd;            /* QEMU's control connection */
	int data_fd;            /* QEMU's data socket (from CMD_SET_DATAFD) */
	int tpm_ctrl, tpm_data; /* the swtpm's */
	bool pending;           /* launch measurements not yet extended */
	unsigned extensions;
	struct save_writer *saver;      /* saving: where the vTPM state goes */
	bool tpm_saved;
	const struct tpm_blobs *restore; /* restoring: the saved vTPM state */
	bool restoring, resumed;
};

int connect_unix(const char *path)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	int fd;

	if (strlen(path) >= sizeof(a.sun_path))
		return -ENAMETOOLONG;
	strcpy(a.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (connect(fd, (struct sockaddr *)&a, sizeof(a)) < 0) {
		int r = -errno;

		close(fd);
		return r;
	}
	return fd;
}

struct tpm_proxy *tpm_proxy_open(const struct launch *l)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	struct tpm_proxy *p;

	if (strlen(l->proxy_path) >= sizeof(a.sun_path)) {
		LAUNCH_LOG("the TPM socket path '%s' is too long", l->proxy_path);
		return NULL;
	}
	p = calloc(1, sizeof(*p));
	if (!p)
		return NULL;
	*p = (struct tpm_proxy){ .l = l, .listen_fd = -1, .ctrl_fd = -1, .data_fd = -1,
				 .tpm_ctrl = -1, .tpm_data = -1 };
	p->tpm_ctrl = connect_unix(l->tpm_ctrl);
	if (p->tpm_ctrl < 0) {
		LAUNCH_LOG("cannot reach the vTPM of '%s' at %s: %s (is it running? "
			   "vmgatectl vtpm start %s)", l->guest->name, l->tpm_ctrl,
			   strerror(-p->tpm_ctrl), l->guest->name);
		goto fail;
	}
	strcpy(a.sun_path, l->proxy_path);
	unlink(l->proxy_path);
	p->listen_fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (p->listen_fd < 0 || bind(p->listen_fd, (struct sockaddr *)&a, sizeof(a)) < 0 ||
	    chmod(l->proxy_path, 0600) < 0 || chown(l->proxy_path, l->uid, l->gid) < 0 ||
	    listen(p->listen_fd, 1) < 0) {
		LAUNCH_LOG("cannot listen on %s: %s", l->proxy_path, strerror(errno));
		goto fail;
	}
	return p;
fail:
	tpm_proxy_close(p);
	return NULL;
}

int tpm_proxy_fds(const struct tpm_proxy *p, int fds[3])
{
	fds[0] = p->listen_fd;
	fds[1] = p->ctrl_fd;
	fds[2] = p->data_fd;
	return 3;
}

unsigned tpm_proxy_extensions(const struct tpm_proxy *p)
{
	return p->extensions;
}

void tpm_proxy_save_to(struct tpm_proxy *p, struct save_writer *w)
{
	p->saver = w;
	p->tpm_saved = false;
}

bool tpm_proxy_saved(const struct tpm_proxy *p)
{
	return p->tpm_saved;
}

void tpm_proxy_restore_from(struct tpm_proxy *p, const struct tpm_blobs *blobs)
{
	p->restore = blobs;
	p->restoring = true;
}

bool tpm_proxy_resumed(const struct tpm_proxy *p)
{
	return p->resumed;
}

/* Takes QEMU's one control connection, from QEMU's process only. */
static int accept_qemu(struct tpm_proxy *p, pid_t qemu)
{
	struct ucred cred;
	socklen_t len = sizeof(cred);
	int fd = accept4(p->listen_fd, NULL, NULL, SOCK_CLOEXEC);

	if (fd < 0)
		return errno == EINTR || errno == EAGAIN ? 0 : -errno;
	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) < 0 || cred.pid != qemu) {
		LAUNCH_LOG("refused a TPM connection from pid %d: not QEMU (%d)",
			   (int)cred.pid, (int)qemu);
		close(fd);
		return 0;
	}
	p->ctrl_fd = fd;
	close(p->listen_fd);
	p->listen_fd = -1;
	unlink(p->l->proxy_path);
	return 0;
}

/* Reads one control message (QEMU writes each in one piece) into req;
 * *fd gets a descriptor passed with it (CMD_SET_DATAFD), else -1. Returns
 * the command, -EBADMSG for a size that command does not have, or -errno. */
static long read_ctrl(struct tpm_proxy *p, uint8_t *req, size_t size, size_t *req_len,
		      int *fd)
{
	char cbuf[CMSG_SPACE(sizeof(int))];
	struct iovec iov = { .iov_base = req, .iov_len = size };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf,
			    .msg_controllen = sizeof(cbuf) };
	struct cmsghdr *c;
	ssize_t n = recvmsg(p->ctrl_fd, &m, MSG_CMSG_CLOEXEC | MSG_DONTWAIT);
	uint32_t cmd;

	*fd = -1;
	for (c = CMSG_FIRSTHDR(&m); c; c = CMSG_NXTHDR(&m, c))
		if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS &&
		    c->cmsg_len == CMSG_LEN(sizeof(int)) && *fd < 0)
			memcpy(fd, CMSG_DATA(c), sizeof(int));
	if (n == 0)
		return -EPIPE;
	if (n < 0)
		return errno == EAGAIN || errno == EINTR ? -EAGAIN : -errno;
	if (n < 4)
		return -EBADMSG;
	cmd = (uint32_t)req[0] << 24 | (uint32_t)req[1] << 16 | (uint32_t)req[2] << 8 | req[3];
	*req_len = (size_t)n - 4;
	if (cmd < N_CTRL && ctrl_sizes[cmd].rsp &&
	    (*req_len < ctrl_sizes[cmd].req_min || *req_len > ctrl_sizes[cmd].req_max))
		return -EBADMSG;
	return (long)cmd;
}

/* Answers QEMU with a bare result code. */
static int reply_result(struct tpm_proxy *p, uint32_t result)
{
	uint8_t b[4] = { result >> 24, (result >> 16) & 0xff, (result >> 8) & 0xff,
			 result & 0xff };

	return fd_write_all(p->ctrl_fd, b, sizeof(b), CTRL_TIMEOUT_MS);
}

/* CMD_SET_DATAFD: keeps QEMU's data socket and opens the swtpm's. */
static int take_data_fd(struct tpm_proxy *p, int fd)
{
	if (fd < 0 || p->data_fd >= 0) {
		if (fd >= 0)
			close(fd);
		return reply_result(p, TPM_FAIL);
	}
	p->tpm_data = connect_unix(p->l->tpm_data);
	if (p->tpm_data < 0) {
		LAUNCH_LOG("cannot reach the vTPM's data socket %s: %s", p->l->tpm_data,
			   strerror(-p->tpm_data));
		close(fd);
		return p->tpm_data;
	}
	p->data_fd = fd;
	return reply_result(p, 0);
}

/* One state blob of type (1-3) from the swtpm, decrypted, into the save
 * file as its flags and bytes. */
static int save_blob(struct tpm_proxy *p, uint32_t type)
{
	static uint8_t blob[SAVE_CHUNK_MAX];
	uint8_t req[16], rsp[16];
	uint32_t len;
	int r;

	be32_put(req, CMD_GET_STATEBLOB);
	be32_put(req + 4, STATE_FLAG_DECRYPTED);
	be32_put(req + 8, type);
	be32_put(req + 12, 0);
	if ((r = fd_write_all(p->tpm_ctrl, req, sizeof(req), CTRL_TIMEOUT_MS)) < 0 ||
	    (r = fd_read_all(p->tpm_ctrl, rsp, sizeof(rsp), CTRL_TIMEOUT_MS)) < 0)
		return r;
	len = be32_get(rsp + 8);
	/* A warning (0x800) with no bytes: the TPM has no such state (the
	 * savestate blob of a TPM that was never suspended). */
	if ((be32_get(rsp) & 0x800) && len == 0 && be32_get(rsp + 12) == 0) {
		be32_put(blob, 0);
		return save_writer_put(p->saver, SAVE_TPM_PERMANENT + (int)type - 1, blob, 4);
	}
	if (be32_get(rsp) != 0 || len != be32_get(rsp + 12) || len > sizeof(blob) - 4) {
		LAUNCH_LOG("save: the vTPM gave no state blob %u (result 0x%x, %u bytes)", type,
			   be32_get(rsp), len);
		/* The control channel is out of step if bytes follow: give up. */
		return be32_get(rsp) != 0 && len == 0 ? -EIO : -EPROTO;
	}
	memcpy(blob, rsp + 4, 4);       /* its flags */
	if ((r = fd_read_all(p->tpm_ctrl, blob + 4, len, CTRL_TIMEOUT_MS)) < 0)
		return r;
	r = save_writer_put(p->saver, SAVE_TPM_PERMANENT + (int)type - 1, blob, len + 4);
	explicit_bzero(blob, len + 4);
	return r;
}

/* CMD_GET_STATEBLOB: QEMU saves its device state. While the launcher
 * saves, the first request puts all of the vTPM's state into the save
 * file; QEMU gets empty blobs. Otherwise refused. */
static int get_state(struct tpm_proxy *p)
{
	uint8_t rsp[16] = { 0 };
	int r = 0;

	if (!p->saver) {
		be32_put(rsp, TPM_FAIL);
	} else if (!p->tpm_saved) {
		for (uint32_t t = 1; t <= 3 && r == 0; t++)
			r = save_blob(p, t);
		if (r == -EPROTO)
			return r;
		p->tpm_saved = r == 0;
		if (r < 0)
			be32_put(rsp, TPM_FAIL);
	}
	return fd_write_all(p->ctrl_fd, rsp, sizeof(rsp), CTRL_TIMEOUT_MS);
}

/* CMD_SET_STATEBLOB: QEMU restores the empty blobs it was given; anything
 * else is not ours, and the guest stops. */
static int set_state(struct tpm_proxy *p, const uint8_t *req)
{
	if (be32_get(req + 12) != 0) {
		LAUNCH_LOG("QEMU sent vTPM state of its own (%u bytes): refused", be32_get(req + 12));
		return -EPROTO;
	}
	return reply_result(p, 0);
}

/* The saved vTPM state into the stopped swtpm, before QEMU's resume INIT. */
static int restore_state(struct tpm_proxy *p)
{
	uint8_t req[16], rsp[4];
	int r;

	if (!p->restore || !p->restore->complete) {
		LAUNCH_LOG("restore: QEMU resumed before the saved vTPM state was read");
		return -EPROTO;
	}
	be32_put(req, CMD_STOP);
	if ((r = fd_write_all(p->tpm_ctrl, req, 4, CTRL_TIMEOUT_MS)) < 0 ||
	    (r = fd_read_all(p->tpm_ctrl, rsp, 4, CTRL_TIMEOUT_MS)) < 0)
		return r;
	for (uint32_t t = 1; t <= 3; t++) {
		const struct tpm_blob *b = &p->restore->b[t - 1];

		if (b->len == 0)
			continue;       /* a state the TPM did not have */
		be32_put(req, CMD_SET_STATEBLOB);
		be32_put(req + 4, b->flags);
		be32_put(req + 8, t);
		be32_put(req + 12, (uint32_t)b->len);
		if ((r = fd_write_all(p->tpm_ctrl, req, sizeof(req), CTRL_TIMEOUT_MS)) < 0 ||
		    (r = fd_write_all(p->tpm_ctrl, b->data, b->len, CTRL_TIMEOUT_MS)) < 0 ||
		    (r = fd_read_all(p->tpm_ctrl, rsp, 4, CTRL_TIMEOUT_MS)) < 0)
			return r;
		if (be32_get(rsp) != 0) {
			LAUNCH_LOG("restore: the vTPM refused state blob %u (0x%x)", t, be32_get(rsp));
			return -EIO;
		}
	}
	LAUNCH_LOG("restore: the saved vTPM state is back in the vTPM");
	return 0;
}

/* Relays one control command to the swtpm and its response back. */
static int relay_ctrl(struct tpm_proxy *p, long cmd, const uint8_t *req, size_t req_len)
{
	uint8_t rsp[16];
	size_t rsp_len = ctrl_sizes[cmd].rsp;
	int r;

	if ((r = fd_write_all(p->tpm_ctrl, req, 4 + req_len, CTRL_TIMEOUT_MS)) < 0 ||
	    (r = fd_read_all(p->tpm_ctrl, rsp, rsp_len, CTRL_TIMEOUT_MS)) < 0) {
		LAUNCH_LOG("the vTPM's control channel failed: %s", strerror(-r));
		return r;
	}
	if (cmd == CMD_GET_CAPABILITY) {
		for (size_t i = 0; i < 8; i++)
			rsp[i] &= (uint8_t)(CAPS_RELAYED >> (8 * (7 - i)));
	} else if (cmd == CMD_INIT && !memcmp(rsp, "\0\0\0\0", 4)) {
		/* A resumed TPM holds its launch's measurements already. */
		if (p->restoring) {
			p->restoring = false;
			p->resumed = true;
		} else {
			p->pending = true;
		}
	}
	return fd_write_all(p->ctrl_fd, rsp, rsp_len, CTRL_TIMEOUT_MS);
}

/* Serves one control command from QEMU. */
static int serve_ctrl(struct tpm_proxy *p)
{
	uint8_t req[64];
	size_t req_len = 0;
	int fd;
	long cmd = read_ctrl(p, req, sizeof(req), &req_len, &fd);

	if (cmd == -EAGAIN)
		return 0;
	if (cmd < 0) {
		if (fd >= 0)
			close(fd);
		if (cmd != -EPIPE)
			LAUNCH_LOG("TPM control command from QEMU: %s", strerror((int)-cmd));
		return (int)cmd;
	}
	if (cmd == CMD_SET_DATAFD)
		return take_data_fd(p, fd);
	if (fd >= 0)
		close(fd);
	if (cmd == CMD_SHUTDOWN)
		return reply_result(p, 0);
	if (cmd >= (long)N_CTRL || !ctrl_sizes[cmd].rsp)
		return reply_result(p, TPM_FAIL);
	if (cmd == CMD_GET_STATEBLOB)
		return get_state(p);
	if (cmd == CMD_SET_STATEBLOB)
		return set_state(p, req);
	if (cmd == CMD_INIT && p->restoring) {
		int r = restore_state(p);

		if (r < 0)
			return r;
	}
	return relay_ctrl(p, cmd, req, req_len);
}

int tpm_proxy_serve(struct tpm_proxy *p, int fd, pid_t qemu)
{
	int r = 0;

	if (fd < 0)
		return 0;
	if (fd == p->listen_fd)
		return accept_qemu(p, qemu);
	if (fd == p->ctrl_fd)
		r = serve_ctrl(p);
	else if (fd == p->data_fd)
		r = tpm_data_relay(p->data_fd, p->tpm_data, &p->l->log, &p->pending,
				   &p->extensions, p->restoring);
	/* QEMU closed a channel: it is exiting, and that channel is done. */
	if (r == -EPIPE) {
		close(fd);
		if (fd == p->ctrl_fd)
			p->ctrl_fd = -1;
		else
			p->data_fd = -1;
		return 0;
	}
	return r;
}

void tpm_proxy_close(struct tpm_proxy *p)
{
	if (!p)
		return;
	int fds[] = { p->ctrl_fd, p->data_fd, p->tpm_ctrl, p->tpm_data };

	if (p->listen_fd >= 0) {
		close(p->listen_fd);
		unlink(p->l->proxy_path);
	}
	for (size_t i = 0; i < sizeof(fds) / sizeof(fds[0]); i++)
		if (fds[i] >= 0)
			close(fds[i]);
	free(p);
}
