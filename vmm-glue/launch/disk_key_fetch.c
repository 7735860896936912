/* SPDX-License-Identifier: BSD-3-Clause */
/* Asking vmgate-vtpmd for a guest's data disk key (CTL_VTPM_DISK_KEY). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ctl_proto.h"
#include "hex.h"
#include "launch.h"

int disk_key_fetch(const struct launch *l, char key[LAUNCH_DISK_KEY_HEX + 1], char *why,
		   size_t size)
{
	struct ctl_vtpm req = { 0 };
	struct json_object *o;
	uint8_t bytes[LAUNCH_DISK_KEY_HEX / 2];
	int r;

	snprintf(req.name, sizeof(req.name), "%s", l->guest->name);
	r = vtpmd_key_call(l, CTL_VTPM_DISK_KEY, &req, sizeof(req), &o, why, size);
	if (r < 0)
		return r;
	r = vtpmd_key_field(o, "key", bytes, sizeof(bytes));
	json_object_put(o);
	if (r < 0) {
		snprintf(why, size, "vmgate-vtpmd answered without a disk key for '%s'",
			 l->guest->name);
		return r;
	}
	/* The passphrase is the key in hex, as vtpmd hands it out. */
	vg_hex_encode(bytes, sizeof(bytes), key);
	explicit_bzero(bytes, sizeof(bytes));
	return 0;
}
