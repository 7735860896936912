/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The TPM data channel, relayed one command at a time: QEMU writes a whole
 * command and waits for its response, so the relay frames by the TPM
 * header (tag 2, size 4, code 4) and never has two commands in flight.
 *
 * After a TPM init (a reset of the machine) the launch measurements are
 * pending. They go in right after the TPM has started and before the guest
 * sees anything else: when the firmware's TPM2_Startup succeeds, before its
 * response is relayed; or, when the first command is not a Startup (the
 * swtpm started itself), before that command. So PCRs 8 and 9 begin, after
 * every init, with the launch's events, and a guest cannot reach a TPM
 * whose PCRs miss them.
 *
 * A guest being restored has no launch to extend: its saved vTPM state,
 * measurements included, goes back into the vTPM when QEMU resumes it
 * (tpm_proxy.c). Until then QEMU only probes the TPM (TPM2_ReadClock,
 * TPM2_GetCapability); any other command would act on a vTPM that is not
 * the guest's, so it stops the guest.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "be32.h"
#include "launch.h"

#define TPM_HEADER_LEN 10
#define TPM_CC_STARTUP 0x00000144
#define TPM_CC_GET_CAPABILITY 0x0000017a
#define TPM_CC_READ_CLOCK 0x00000181
#define TPM_RC_INITIALIZE 0x100
#define TPM_BUFFER_MAX 8192     /* swtpm's default is 4096; QEMU asks no more */
#define RELAY_TIMEOUT_MS 5000

/* Reads one framed TPM message (command or response) into buf: its
 * length, or a negative errno (-EBADMSG for a size out of bounds). */
static long read_message(int fd, uint8_t *buf)
{
	uint32_t size;
	int r = fd_read_all(fd, buf, TPM_HEADER_LEN, RELAY_TIMEOUT_MS);

	if (r < 0)
		return r;
	size = be32_get(buf + 2);
	if (size < TPM_HEADER_LEN || size > TPM_BUFFER_MAX)
		return -EBADMSG;
	r = fd_read_all(fd, buf + TPM_HEADER_LEN, size - TPM_HEADER_LEN, RELAY_TIMEOUT_MS);
	return r < 0 ? r : (long)size;
}

/* Extends the launch measurements if the TPM has started: 0 (done, or not
 * started yet and still pending), or -EIO. */
static int extend_pending(int tpm_fd, const struct evlog *log, bool *pending,
			  unsigned *extensions)
{
	int r = tpm_extend_log(tpm_fd, log);

	if (r == -EAGAIN)
		return 0;
	if (r < 0)
		return r;
	*pending = false;
	(*extensions)++;
	LAUNCH_LOG("launch measurements extended into the vTPM (%zu events, start-up %u)",
		   log->n, *extensions);
	return 0;
}

int tpm_data_relay(int qemu_fd, int tpm_fd, const struct evlog *log, bool *pending,
		   unsigned *extensions, bool restoring)
{
	static uint8_t cmd[TPM_BUFFER_MAX], rsp[TPM_BUFFER_MAX];
	long cmd_len, rsp_len;
	bool startup;
	int r;

	cmd_len = read_message(qemu_fd, cmd);
	if (cmd_len < 0) {
		if (cmd_len != -EPIPE)
			LAUNCH_LOG("TPM command from QEMU: %s", strerror((int)-cmd_len));
		return (int)cmd_len;
	}
	if (restoring && be32_get(cmd + 6) != TPM_CC_READ_CLOCK &&
	    be32_get(cmd + 6) != TPM_CC_GET_CAPABILITY) {
		LAUNCH_LOG("TPM command 0x%x before the saved vTPM state was restored: refused",
			   be32_get(cmd + 6));
		return -EPERM;
	}
	startup = be32_get(cmd + 6) == TPM_CC_STARTUP;
	if (*pending && !startup && (r = extend_pending(tpm_fd, log, pending, extensions)) < 0)
		return r;
	r = fd_write_all(tpm_fd, cmd, (size_t)cmd_len, RELAY_TIMEOUT_MS);
	rsp_len = r < 0 ? r : read_message(tpm_fd, rsp);
	if (rsp_len < 0) {
		LAUNCH_LOG("the vTPM's data channel failed: %s", strerror((int)-rsp_len));
		return (int)rsp_len;
	}
	if (*pending && startup) {
		uint32_t rc = be32_get(rsp + 6);

		if ((rc == 0 || rc == TPM_RC_INITIALIZE) &&
		    (r = extend_pending(tpm_fd, log, pending, extensions)) < 0)
			return r;
	}
	return fd_write_all(qemu_fd, rsp, (size_t)rsp_len, RELAY_TIMEOUT_MS);
}
