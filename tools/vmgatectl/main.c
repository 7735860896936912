/* SPDX-License-Identifier: BSD-3-Clause */
/* vmgatectl: the operator's command line. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "vmgatectl.h"

static void usage(FILE *out)
{
	fprintf(out,
		"usage: vmgatectl [--json] [-c FILE] COMMAND [-v]\n"
		"\n"
		"  check        validate the policy file: exit 0, or FILE:LINE: message\n"
		"               lines and exit 1; -v also prints its guests and rules\n"
		"\n"
		"  -c FILE      the policy file (default %s)\n"
		"  --json       print one JSON document\n",
		VG_DEFAULT_CONFIG);
}

int main(int argc, char **argv)
{
	static const struct option long_opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "json", no_argument, NULL, 'j' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct ctl_opts o = { .config = VG_DEFAULT_CONFIG };
	const char *command = NULL;
	int c;

	/* getopt permutes, so options may come before or after the command
	 * ("vmgatectl check -c FILE" as well as "vmgatectl -c FILE check"). */
	while ((c = getopt_long(argc, argv, "c:jvh", long_opts, NULL)) != -1) {
		switch (c) {
		case 'c':
			o.config = optarg;
			break;
		case 'j':
			o.json = true;
			break;
		case 'v':
			o.verbose = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind < argc)
		command = argv[optind++];
	if (optind < argc) {
		fprintf(stderr, "vmgatectl: unexpected argument '%s'\n", argv[optind]);
		return 2;
	}
	if (!command) {
		usage(stderr);
		return 2;
	}
	if (strcmp(command, "check") == 0)
		return cmd_check(&o);
	fprintf(stderr, "vmgatectl: unknown command '%s'\n", command);
	usage(stderr);
	return 2;
}
