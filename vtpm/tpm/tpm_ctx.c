/* SPDX-License-Identifier: BSD-3-Clause */
/* Connecting to a TPM, starting it up, and shutting it down in order. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "tpm_internal.h"

int vt_tpm_open(const char *tcti, struct vt_tpm **out)
{
	struct vt_tpm *t;
	TSS2_RC rc;

	if (!tcti || !out)
		return -EINVAL;
	t = calloc(1, sizeof(*t));
	if (!t)
		return -ENOMEM;
	rc = Tss2_TctiLdr_Initialize(tcti, &t->tcti);
	if (rc != TSS2_RC_SUCCESS) {
		free(t);
		return -ENODEV;
	}
	rc = Esys_Initialize(&t->esys, t->tcti, NULL);
	if (rc != TSS2_RC_SUCCESS) {
		int r = vt_rc_errno(t, rc);

		Tss2_TctiLdr_Finalize(&t->tcti);
		free(t);
		return r == -ENOMEM ? r : -EIO;
	}
	/* A TPM that firmware (or swtpm's startup-clear flag) already started
	 * answers TPM_RC_INITIALIZE. */
	rc = Esys_Startup(t->esys, TPM2_SU_CLEAR);
	if (rc != TSS2_RC_SUCCESS && vt_rc_base(rc) != TPM2_RC_INITIALIZE) {
		int r = vt_rc_errno(t, rc);

		Esys_Finalize(&t->esys);
		Tss2_TctiLdr_Finalize(&t->tcti);
		free(t);
		return r;
	}
	t->software = strncmp(tcti, "swtpm:", 6) == 0 || strncmp(tcti, "mssim:", 6) == 0;
	*out = t;
	return 0;
}

void vt_tpm_close(struct vt_tpm *t)
{
	if (!t)
		return;
	/* An swtpm that sees no orderly shutdown before its next start counts
	 * it as a dictionary attack. A hardware TPM is the platform's to shut
	 * down, when the host does. */
	if (t->software)
		Esys_Shutdown(t->esys, ESYS_TR_NONE, ESYS_TR_NONE, ESYS_TR_NONE,
			      TPM2_SU_STATE);
	Esys_Finalize(&t->esys);
	Tss2_TctiLdr_Finalize(&t->tcti);
	free(t);
}

uint32_t vt_tpm_last_rc(const struct vt_tpm *t)
{
	return t ? t->last_rc : 0;
}
