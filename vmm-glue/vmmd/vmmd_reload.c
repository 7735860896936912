/* SPDX-License-Identifier: BSD-3-Clause */
/* An admin's reload: the policy file and the operators' certificates are
 * read again; any problem keeps the old ones whole. Running launchers are
 * kept (they are known by guest name). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "vmmd.h"

/* The first problems of diag, "; "-separated, into detail. */
static void diag_text(struct vg_diag *diag, char *detail, size_t size)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	snprintf(detail, size, "the policy file is not valid");
	if (!f)
		return;
	vg_diag_print(diag, f);
	fclose(f);
	if (buf && len) {
		for (char *c = buf; *c; c++)
			if (*c == '\n')
				*c = c[1] ? ';' : '\0';
		snprintf(detail, size, "invalid policy, kept the old one: %s", buf);
	}
	free(buf);
}

int vmmd_reload(struct vmmd *d, char *detail, size_t size)
{
	struct vg_diag *diag = vg_diag_new();
	const struct vg_config *cfg;
	struct operator_pin *ops;
	size_t n_ops;
	int r;

	if (!diag)
		return -ENOMEM;
	cfg = vg_config_load(d->config_path, diag);
	if (!cfg) {
		diag_text(diag, detail, size);
		vg_diag_free(diag);
		return -EINVAL;
	}
	vg_diag_free(diag);
	r = operator_pins_load(cfg, &ops, &n_ops);
	if (r < 0) {
		snprintf(detail, size, "an operator's certificate cannot be read (%s); "
			 "kept the old policy", strerror(-r));
		vg_config_free(cfg);
		return r;
	}
	vg_config_free(d->cfg);
	free(d->ops);
	d->cfg = cfg;
	d->ops = ops;
	d->n_ops = n_ops;
	snprintf(detail, size, "%zu guests, %zu operators", cfg->n_guests, n_ops);
	return 0;
}
