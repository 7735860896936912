/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VMGATECTL_H
#define VMGATECTL_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <json-c/json.h>

#include "vg_config.h"

/* Options every command sees. */
struct ctl_opts {
	const char *config;   /* -c FILE */
	bool json;            /* --json: one JSON document on stdout */
	bool verbose;         /* -v */
	uint32_t ttl_s;       /* --ttl */
	/* The operator's credentials for vmgate-vmmd (cmd_guest.c). */
	const char *pkcs11_module;  /* --pkcs11-module (default softhsm2's) */
	const char *token;          /* --token LABEL */
	const char *key;            /* --key LABEL */
	const char *pin_file;       /* --pin-file; else $VMGATE_PKCS11_PIN */
	const char *cert;           /* --cert: the operator's certificate PEM */
};

/* Commands return the process exit status: 0 success, 1 the request
 * failed (an invalid file, ...), 2 a usage error. */
int cmd_check(const struct ctl_opts *o, int argc, char **argv);
int cmd_status(const struct ctl_opts *o, int argc, char **argv);
int cmd_ports(const struct ctl_opts *o, int argc, char **argv);
int cmd_guests(const struct ctl_opts *o, int argc, char **argv);
int cmd_rules(const struct ctl_opts *o, int argc, char **argv);
int cmd_stats(const struct ctl_opts *o, int argc, char **argv);
int cmd_conntrack(const struct ctl_opts *o, int argc, char **argv);
int cmd_grants(const struct ctl_opts *o, int argc, char **argv);
int cmd_bpf(const struct ctl_opts *o, int argc, char **argv);
int cmd_signatures(const struct ctl_opts *o, int argc, char **argv);
int cmd_events(const struct ctl_opts *o, int argc, char **argv);
int cmd_reload(const struct ctl_opts *o, int argc, char **argv);
int cmd_grant(const struct ctl_opts *o, int argc, char **argv);
int cmd_revoke(const struct ctl_opts *o, int argc, char **argv);
int cmd_vtpm(const struct ctl_opts *o, int argc, char **argv);
int cmd_sessions(const struct ctl_opts *o, int argc, char **argv);
int cmd_audit(const struct ctl_opts *o, int argc, char **argv);
int cmd_guest(const struct ctl_opts *o, int argc, char **argv);

/* Sends one request to a daemon ("dataplane", "vtpmd") under o->config's
 * runtime directory. Returns the exit status: 0 with *reply set (caller
 * puts it), 1 when the daemon answered an error or could not be reached
 * (printed). */
int daemon_call(const struct ctl_opts *o, const char *daemon, uint16_t type,
		const void *req, size_t len, struct json_object **reply);
/* Prints a JSON document for --json. */
void print_json(struct json_object *doc);

/* Human tables of a config's guests and rules. */
void policy_table_print(const struct vg_config *cfg, FILE *out);

#endif
