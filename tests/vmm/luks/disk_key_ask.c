/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * disk-key-ask RUNTIME_DIR GUEST: sends vtpmd's "disk key for GUEST"
 * request (CTL_VTPM_DISK_KEY), as vmgate-launch does, and prints the
 * status (0 or -errno) on one line and the JSON reply on the next. A test
 * tool: it prints the key, which the product never does.
 * Exit status: 0 when vtpmd answered (whatever it answered), 1 otherwise.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl_client.h"
#include "ctl_proto.h"

int main(int argc, char **argv)
{
	struct ctl_vtpm req = { 0 };
	char path[PATH_MAX], *reply = NULL;
	int status = 0, r;

	if (argc != 3 || strlen(argv[2]) >= sizeof(req.name)) {
		fprintf(stderr, "usage: disk-key-ask RUNTIME_DIR GUEST\n");
		return 1;
	}
	memcpy(req.name, argv[2], strlen(argv[2]));
	r = ctl_socket_path(argv[1], "vtpmd", path, sizeof(path));
	if (r == 0)
		r = ctl_call(path, CTL_VTPM_DISK_KEY, &req, sizeof(req), &status, &reply);
	if (r < 0) {
		fprintf(stderr, "disk-key-ask: %s: %s\n", path, strerror(-r));
		return 1;
	}
	printf("%d\n%s\n", status, reply ? reply : "");
	free(reply);
	return 0;
}
