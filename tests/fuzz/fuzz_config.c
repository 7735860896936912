/* SPDX-License-Identifier: BSD-3-Clause */
/* Fuzz target: any bytes as a policy file. The loader must return a config
 * or problems, never crash, leak or read out of bounds. */
#include <stddef.h>
#include <stdint.h>

#include "vg_config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vg_diag *diag = vg_diag_new();
	const struct vg_config *cfg;

	if (!diag)
		return 0;
	cfg = vg_config_load_string((const char *)data, size, "fuzz.conf", diag);
	/* Never both a config and problems: all or nothing. */
	if (cfg && vg_diag_count(diag) != 0)
		__builtin_trap();
	if (!cfg && vg_diag_count(diag) == 0)
		__builtin_trap();
	vg_config_free(cfg);
	vg_diag_free(diag);
	return 0;
}
