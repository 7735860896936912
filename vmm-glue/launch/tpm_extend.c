/* SPDX-License-Identifier: BSD-3-Clause */
/* The launch's own TPM commands: TPM2_PCR_Extend of each event of the
 * launch log, sent on the swtpm's data channel, marshalled by hand (the
 * proxy sits between QEMU and the TPM: no TCTI, no ESYS context there). */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "be32.h"
#include "launch.h"

#define TPM_ST_SESSIONS 0x8002
#define TPM_CC_PCR_EXTEND 0x00000182
#define TPM_RS_PW 0x40000009
#define TPM_ALG_SHA256 0x000b
#define TPM_RC_INITIALIZE 0x100
#define EXTEND_CMD_LEN (10 + 4 + 4 + 9 + 4 + 2 + EVLOG_DIGEST_LEN)
#define TPM_HEADER_LEN 10
#define EXTEND_TIMEOUT_MS 5000

static uint8_t *put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
	return p + 2;
}

static uint8_t *put32(uint8_t *p, uint32_t v)
{
	p = put16(p, (uint16_t)(v >> 16));
	return put16(p, (uint16_t)v);
}

/* Sends one TPM2_PCR_Extend and reads its response: the TPM's response
 * code (0: extended), or a negative errno for a broken channel. */
static long extend_one(int fd, const struct evlog_entry *e)
{
	uint8_t cmd[EXTEND_CMD_LEN], rsp[64], *p = cmd;
	uint32_t size;
	int r;

	p = put16(p, TPM_ST_SESSIONS);
	p = put32(p, EXTEND_CMD_LEN);
	p = put32(p, TPM_CC_PCR_EXTEND);
	p = put32(p, e->pcr);
	p = put32(p, 9);                /* the authorization area: */
	p = put32(p, TPM_RS_PW);        /* the empty password of PCRs 0-15 */
	p = put16(p, 0);
	*p++ = 0;
	p = put16(p, 0);
	p = put32(p, 1);                /* TPML_DIGEST_VALUES: one sha256 */
	p = put16(p, TPM_ALG_SHA256);
	memcpy(p, e->digest, EVLOG_DIGEST_LEN);

	if ((r = fd_write_all(fd, cmd, sizeof(cmd), EXTEND_TIMEOUT_MS)) < 0 ||
	    (r = fd_read_all(fd, rsp, TPM_HEADER_LEN, EXTEND_TIMEOUT_MS)) < 0)
		return r;
	size = be32_get(rsp + 2);
	if (size < TPM_HEADER_LEN || size > sizeof(rsp))
		return -EBADMSG;
	if ((r = fd_read_all(fd, rsp + TPM_HEADER_LEN, size - TPM_HEADER_LEN,
			     EXTEND_TIMEOUT_MS)) < 0)
		return r;
	return (long)be32_get(rsp + 6);
}

int tpm_extend_log(int fd, const struct evlog *log)
{
	for (size_t i = 0; i < log->n; i++) {
		long rc = extend_one(fd, &log->e[i]);

		if (rc == TPM_RC_INITIALIZE && i == 0)
			return -EAGAIN;
		if (rc != 0) {
			if (rc < 0)
				LAUNCH_LOG("cannot extend PCR %u with the %s: %s", log->e[i].pcr,
					   evlog_part_name(log->e[i].part), strerror((int)-rc));
			else
				LAUNCH_LOG("the vTPM refused to extend PCR %u with the %s: "
					   "TPM rc 0x%lx", log->e[i].pcr,
					   evlog_part_name(log->e[i].part), rc);
			return -EIO;
		}
	}
	return 0;
}
