/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Before QEMU, for a guest with an encrypted data disk: the guest's vTPM
 * is reset as a machine start resets it (TPM2_Shutdown first, so swtpm
 * does not count the reset as an attack; CMD_INIT; TPM2_Startup(CLEAR)),
 * then the launch events are extended into PCRs 8 and 9 (and the TPM shut
 * down in order, which leaves them readable). vtpmd releases
 * the disk key only while those PCRs hold what an approved launch gives;
 * the launcher then lets go of the vTPM (swtpm serves one client at a
 * time) so vtpmd can read them. QEMU's own start-up resets the vTPM again
 * and the proxy extends the same events again (tpm_data_relay.c).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "launch.h"

#define CMD_INIT 2
#define TPM_ST_NO_SESSIONS 0x8001
#define TPM_CC_STARTUP 0x00000144
#define TPM_CC_SHUTDOWN 0x00000145
#define TPM_SU_CLEAR 0
#define TPM_RC_INITIALIZE 0x100
#define TPM_HEADER_LEN 10
#define PRELAUNCH_TIMEOUT_MS 5000

/* Sends TPM2_Startup or TPM2_Shutdown (cc) with TPM_SU_CLEAR: the TPM's
 * response code, or a negative errno for a broken channel. */
static long startup_or_shutdown(int fd, uint32_t cc)
{
	const uint8_t cmd[12] = { TPM_ST_NO_SESSIONS >> 8, TPM_ST_NO_SESSIONS & 0xff, 0, 0, 0, 12,
				  cc >> 24, (cc >> 16) & 0xff, (cc >> 8) & 0xff, cc & 0xff,
				  0, TPM_SU_CLEAR };
	uint8_t rsp[TPM_HEADER_LEN];
	int r;

	if ((r = fd_write_all(fd, cmd, sizeof(cmd), PRELAUNCH_TIMEOUT_MS)) < 0 ||
	    (r = fd_read_all(fd, rsp, sizeof(rsp), PRELAUNCH_TIMEOUT_MS)) < 0)
		return r;
	/* Both commands answer with a bare header. */
	if (rsp[2] || rsp[3] || rsp[4] || rsp[5] != TPM_HEADER_LEN)
		return -EBADMSG;
	return (long)((uint32_t)rsp[6] << 24 | (uint32_t)rsp[7] << 16 | (uint32_t)rsp[8] << 8 |
		      rsp[9]);
}

/* CMD_INIT on swtpm's control channel: 0, or a negative errno. */
static int tpm_init(int ctrl)
{
	const uint8_t cmd[8] = { 0, 0, 0, CMD_INIT, 0, 0, 0, 0 };
	uint8_t rsp[4];
	int r;

	if ((r = fd_write_all(ctrl, cmd, sizeof(cmd), PRELAUNCH_TIMEOUT_MS)) < 0 ||
	    (r = fd_read_all(ctrl, rsp, sizeof(rsp), PRELAUNCH_TIMEOUT_MS)) < 0)
		return r;
	return memcmp(rsp, "\0\0\0\0", 4) ? -EIO : 0;
}

int tpm_prelaunch_extend(const struct launch *l)
{
	int ctrl = connect_unix(l->tpm_ctrl), data = -1, r;
	long rc;

	if (ctrl < 0) {
		LAUNCH_LOG("cannot reach the vTPM of '%s' at %s: %s (is it running? "
			   "vmgatectl vtpm start %s)", l->guest->name, l->tpm_ctrl,
			   strerror(-ctrl), l->guest->name);
		return ctrl;
	}
	data = connect_unix(l->tpm_data);
	if (data < 0) {
		r = data;
		LAUNCH_LOG("cannot reach the vTPM's data socket %s: %s", l->tpm_data, strerror(-r));
		goto out;
	}
	/* A TPM not started answers TPM_RC_INITIALIZE: nothing to shut down. */
	rc = startup_or_shutdown(data, TPM_CC_SHUTDOWN);
	r = rc < 0 ? (int)rc : tpm_init(ctrl);
	if (r == 0) {
		rc = startup_or_shutdown(data, TPM_CC_STARTUP);
		r = rc < 0 ? (int)rc : rc == 0 || rc == TPM_RC_INITIALIZE ? 0 : -EIO;
	}
	if (r < 0) {
		LAUNCH_LOG("cannot reset the vTPM of '%s' before the launch: %s", l->guest->name,
			   strerror(-r));
		goto out;
	}
	r = tpm_extend_log(data, &l->log);
	/* Orderly again, should QEMU never start (a refused key): PCRs stay
	 * readable until the next init. */
	if (r == 0 && startup_or_shutdown(data, TPM_CC_SHUTDOWN) < 0)
		r = -EIO;
	if (r == 0)
		LAUNCH_LOG("launch measurements extended into the reset vTPM (%zu events) for "
			   "the disk key", l->log.n);
out:
	if (data >= 0)
		close(data);
	close(ctrl);
	return r < 0 ? r : 0;
}
