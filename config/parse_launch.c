/* SPDX-License-Identifier: BSD-3-Clause */
/* A guest's launch parts: what vmmd boots, measured before it starts. */
#include <string.h>

#include "parse.h"

static const char *const launch_keys[] = {
	"kernel", "initrd", "cmdline", "disk", "data_disk", "memory_mb", "vcpus", "user",
	"seed", NULL
};

#define CMDLINE_MAX 4096
#define USER_NAME_MAX 32   /* what utmp and most tools carry */

/* A login name as useradd takes it: a letter or '_', then letters, digits,
 * '.', '_', '-'. Never root: QEMU runs unprivileged. Whether the user
 * exists is the launcher's to check, on the machine that runs the guest. */
static void read_user(struct parse *p, const config_setting_t *g, const char *ctx,
		      const char **out)
{
	const config_setting_t *at = config_setting_get_member(g, "user");
	const char *u;
	size_t n;

	if (read_string(p, g, "user", ctx, false, &u) <= 0)
		return;
	n = strlen(u);
	if (n == 0 || n > USER_NAME_MAX || strspn(u, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
			"abcdefghijklmnopqrstuvwxyz0123456789._-") != n ||
	    !((u[0] >= 'a' && u[0] <= 'z') || (u[0] >= 'A' && u[0] <= 'Z') || u[0] == '_')) {
		parse_error(p, at, ctx, "'user' is not a user name: '%s'", u);
		return;
	}
	if (strcmp(u, "root") == 0) {
		parse_error(p, at, ctx, "'user' must not be root: QEMU runs as an unprivileged user");
		return;
	}
	*out = u;
}

void parse_launch(struct parse *p, const config_setting_t *guest,
		  const char *ctx, struct vg_launch *l)
{
	const config_setting_t *g;
	int64_t mem = 256, vcpus = 1;

	if (read_group(p, guest, "launch", ctx, false, &g) <= 0)
		return;
	l->present = true;
	read_known_keys(p, g, ctx, launch_keys);
	read_path(p, g, "kernel", ctx, true, &l->kernel);
	read_path(p, g, "initrd", ctx, false, &l->initrd);
	read_path(p, g, "disk", ctx, false, &l->disk);
	/* The encrypted data disk is written by the guest: attaching the
	 * measured, read-only disk there would change what was measured. */
	if (read_path(p, g, "data_disk", ctx, false, &l->data_disk) > 0 &&
	    ((l->disk && strcmp(l->disk, l->data_disk) == 0) ||
	     (l->kernel && strcmp(l->kernel, l->data_disk) == 0) ||
	     (l->initrd && strcmp(l->initrd, l->data_disk) == 0)))
		parse_error(p, config_setting_get_member(g, "data_disk"), ctx,
			    "'data_disk' must not be a measured launch part");
	if (read_string(p, g, "cmdline", ctx, false, &l->cmdline) > 0 &&
	    strlen(l->cmdline) > CMDLINE_MAX)
		parse_error(p, config_setting_get_member(g, "cmdline"), ctx,
			    "'cmdline' is longer than %d bytes", CMDLINE_MAX);
	read_user(p, g, ctx, &l->user);
	read_path(p, g, "seed", ctx, false, &l->seed);
	read_int(p, g, "memory_mb", ctx, false, 64, 65536, &mem);
	read_int(p, g, "vcpus", ctx, false, 1, 64, &vcpus);
	l->memory_mb = (uint32_t)mem;
	l->vcpus = (uint32_t)vcpus;
}
