/* SPDX-License-Identifier: BSD-3-Clause */
#include "daemon_args.h"

#include <getopt.h>
#include <stdio.h>

#include "vg_config.h"

static void usage(FILE *out, const char *name)
{
	fprintf(out, "usage: %s [-c FILE]\n"
		"  -c FILE   the policy file (default %s)\n", name, VG_DEFAULT_CONFIG);
}

int daemon_args(int argc, char **argv, const char *name, const char **config)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	*config = VG_DEFAULT_CONFIG;
	while ((c = getopt_long(argc, argv, "c:h", opts, NULL)) != -1) {
		if (c != 'c') {
			usage(c == 'h' ? stdout : stderr, name);
			return c == 'h' ? 0 : 2;
		}
		*config = optarg;
	}
	if (optind != argc) {
		usage(stderr, name);
		return 2;
	}
	return -1;
}
