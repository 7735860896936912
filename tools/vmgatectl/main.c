/* SPDX-License-Identifier: BSD-3-Clause */
/* vmgatectl: the operator's command line. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vmgatectl.h"

static const struct command {
	const char *name;
	int (*run)(const struct ctl_opts *o, int argc, char **argv);
	int min_args, max_args;
	const char *help;
} commands[] = {
	{ "check", cmd_check, 0, 0, "validate the policy file (-v: also print it)" },
	{ "status", cmd_status, 0, 0, "the dataplane: policy, attestation, ports up, reloads" },
	{ "ports", cmd_ports, 0, 0, "each port: link, rx/tx, drops" },
	{ "guests", cmd_guests, 0, 0, "each guest: identity, port, link" },
	{ "rules", cmd_rules, 0, 0, "the loaded rules and their hits" },
	{ "stats", cmd_stats, 0, 0, "totals and drops by reason" },
	{ "grants", cmd_grants, 0, 0, "live pair grants" },
	{ "conntrack", cmd_conntrack, 0, 1, "conntrack [GUEST]: live sessions, state, rule, expiry" },
	{ "bpf", cmd_bpf, 0, 0, "eBPF programs: object, JIT, runs and drops" },
	{ "signatures", cmd_signatures, 0, 0, "payload signatures: rules, matches; recent events" },
	{ "events", cmd_events, 0, 0, "recent signature matches: time, signature, rule, guests" },
	{ "reload", cmd_reload, 0, 0, "reload the policy file; an invalid one is refused" },
	{ "grant", cmd_grant, 2, 2, "grant A B [--ttl S]: let guests A and B talk" },
	{ "revoke", cmd_revoke, 1, 2, "revoke A [B]: end A's grant with B, or all of A's" },
	{ "sessions", cmd_sessions, 0, 0, "each guest's attestation: state, last quote, grants, failures" },
	{ "vtpm", cmd_vtpm, 1, 2, "vtpm list | show|create|start|stop|destroy NAME | quote [HEX]:\n"
	  "             the guests' vTPMs, and a quote of the gateway's measurements" },
	{ "guest", cmd_guest, 1, 2, "guest list | status|start|stop|create|destroy|migrate NAME | reload:\n"
	  "             vmgate-vmmd's guests, as an operator (--cert, --token, --key)" },
	{ "audit", cmd_audit, 0, 6, "audit [verify | append ACTOR ACTION TARGET RESULT [DETAIL]]:\n"
	  "             list the audit log, check its hash chain, or add an entry" },
};

static void usage(FILE *out)
{
	fprintf(out, "usage: vmgatectl [--json] [-c FILE] COMMAND [ARGS]\n\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].help);
	fprintf(out, "\n  -c FILE    the policy file (default %s); the daemons' sockets\n"
		"             are under the runtime directory it names\n"
		"  --json     print one JSON document\n"
		"  guest: --cert FILE  --token LABEL  --key LABEL  [--pkcs11-module PATH]\n"
		"         [--pin-file FILE] (else the PIN in $VMGATE_PKCS11_PIN)\n",
		VG_DEFAULT_CONFIG);
}

static int parse_ttl(const char *s, uint32_t *ttl)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || end == s || v > 86400 * 365) {
		fprintf(stderr, "vmgatectl: --ttl wants seconds, 0 to 31536000\n");
		return -1;
	}
	*ttl = (uint32_t)v;
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option long_opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "json", no_argument, NULL, 'j' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "ttl", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ "pkcs11-module", required_argument, NULL, 'M' },
		{ "token", required_argument, NULL, 'T' },
		{ "key", required_argument, NULL, 'K' },
		{ "pin-file", required_argument, NULL, 'P' },
		{ "cert", required_argument, NULL, 'C' },
		{ NULL, 0, NULL, 0 },
	};
	struct ctl_opts o = { .config = VG_DEFAULT_CONFIG };
	int c, n;

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
		case 't':
			if (parse_ttl(optarg, &o.ttl_s) < 0)
				return 2;
			break;
		case 'M':
			o.pkcs11_module = optarg;
			break;
		case 'T':
			o.token = optarg;
			break;
		case 'K':
			o.key = optarg;
			break;
		case 'P':
			o.pin_file = optarg;
			break;
		case 'C':
			o.cert = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return 2;
	}
	n = argc - optind - 1;
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		const struct command *cmd = &commands[i];

		if (strcmp(cmd->name, argv[optind]) != 0)
			continue;
		if (n < cmd->min_args || n > cmd->max_args) {
			fprintf(stderr, "vmgatectl: %s: %s\n",
				n > cmd->max_args ? "unexpected argument" : "missing argument",
				cmd->help);
			return 2;
		}
		return cmd->run(&o, n, argv + optind + 1);
	}
	fprintf(stderr, "vmgatectl: unknown command '%s'\n", argv[optind]);
	usage(stderr);
	return 2;
}
