/* SPDX-License-Identifier: BSD-3-Clause */
/* A guest's data disk key: 32 random bytes from the root TPM, sealed by it
 * to the gateway's measurements (PCR 23) exactly as the vTPM's state key
 * is, in diskkey.sealed beside that key. Made on the first release, so a
 * guest that never passed a measured launch has none; destroying the vTPM
 * destroys it, and with it every way to read the guest's data disk. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "vtpmd.h"

#define DISK_KEY_FILE "diskkey.sealed"

/* A new key, sealed and stored before it is handed out: a key that was
 * used once can always be had again. */
static int create(struct vtpmd *d, struct guest_vtpm *v, uint8_t key[VTPM_DISK_KEY_LEN],
		  char *why, size_t size)
{
	struct vt_blob sealed;
	int r = vt_random(d->root, key, VTPM_DISK_KEY_LEN);

	if (r == 0)
		r = vt_seal(d->root, key, VTPM_DISK_KEY_LEN, VT_PCR_GATEWAY, &sealed);
	if (r == 0)
		r = state_write(v->dir, DISK_KEY_FILE, sealed.data, sealed.len);
	if (r < 0) {
		explicit_bzero(key, VTPM_DISK_KEY_LEN);
		snprintf(why, size, "cannot make its sealed disk key: %s", strerror(-r));
		return r;
	}
	VTPMD_LOG("vTPM of '%s': disk key made and sealed to the gateway's measurements",
		  v->guest->name);
	return 0;
}

int disk_key_get(struct vtpmd *d, struct guest_vtpm *v, uint8_t key[VTPM_DISK_KEY_LEN],
		 char *why, size_t size)
{
	uint8_t secret[VT_SEAL_MAX];
	struct vt_blob blob;
	size_t len = 0;
	long n = state_read(v->dir, DISK_KEY_FILE, blob.data, sizeof(blob.data));
	int r;

	if (n == -ENOENT)
		return create(d, v, key, why, size);
	if (n < 0) {
		snprintf(why, size, "cannot read its sealed disk key: %s", strerror((int)-n));
		return (int)n;
	}
	blob.len = (size_t)n;
	r = vt_unseal(d->root, &blob, secret, &len);
	if (r == 0 && len != VTPM_DISK_KEY_LEN)
		r = -EBADMSG;
	if (r == 0)
		memcpy(key, secret, VTPM_DISK_KEY_LEN);
	explicit_bzero(secret, sizeof(secret));
	if (r == -EACCES)
		snprintf(why, size, "the root TPM refuses to unseal its disk key: the gateway's "
			 "measurements changed since it was sealed");
	else if (r < 0)
		snprintf(why, size, "its sealed disk key is corrupted or not this root TPM's: %s",
			 strerror(-r));
	return r;
}
