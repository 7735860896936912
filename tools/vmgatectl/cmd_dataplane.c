/* SPDX-License-Identifier: BSD-3-Clause */
/* Commands that ask the dataplane: --json passes its document through,
 * otherwise a table. */
#include <string.h>

#include "ctl_proto.h"
#include "vmgatectl.h"
#include "dataplane_table.h"

static int show(const struct ctl_opts *o, uint16_t type,
		void (*table)(struct json_object *doc))
{
	struct json_object *doc;
	int rc = daemon_call(o, "dataplane", type, NULL, 0, &doc);

	if (rc)
		return rc;
	if (o->json)
		print_json(doc);
	else
		table(doc);
	json_object_put(doc);
	return 0;
}

#define SHOW_COMMAND(fn, type, table) \
	int fn(const struct ctl_opts *o, int argc, char **argv) \
	{ \
		(void)argc; \
		(void)argv; \
		return show(o, type, table); \
	}

SHOW_COMMAND(cmd_status, CTL_STATUS, status_table)
SHOW_COMMAND(cmd_ports, CTL_PORTS, ports_table)
SHOW_COMMAND(cmd_guests, CTL_GUESTS, guests_table)
SHOW_COMMAND(cmd_rules, CTL_RULES, rules_table)
SHOW_COMMAND(cmd_stats, CTL_STATS, stats_table)
SHOW_COMMAND(cmd_grants, CTL_GRANTS, grants_table)
SHOW_COMMAND(cmd_bpf, CTL_BPF, bpf_table)
SHOW_COMMAND(cmd_signatures, CTL_SIGNATURES, signatures_table)

/* The events of the signatures document; --json: those alone. */
int cmd_events(const struct ctl_opts *o, int argc, char **argv)
{
	struct json_object *doc, *ev;
	int rc;

	(void)argc;
	(void)argv;
	rc = daemon_call(o, "dataplane", CTL_SIGNATURES, NULL, 0, &doc);
	if (rc)
		return rc;
	if (o->json) {
		ev = json_object_new_object();
		json_object_object_add(ev, "events_total",
				       json_object_get(json_object_object_get(doc, "events_total")));
		json_object_object_add(ev, "events",
				       json_object_get(json_object_object_get(doc, "events")));
		print_json(ev);
		json_object_put(ev);
	} else {
		events_table(doc);
	}
	json_object_put(doc);
	return 0;
}

int cmd_reload(const struct ctl_opts *o, int argc, char **argv)
{
	struct json_object *doc;
	int rc;

	(void)argc;
	(void)argv;
	rc = daemon_call(o, "dataplane", CTL_RELOAD, NULL, 0, &doc);
	if (rc)
		return rc;
	if (o->json)
		print_json(doc);
	else
		printf("reloaded: policy %s, %s rules\n",
		       json_object_get_string(json_object_object_get(doc, "generation")),
		       json_object_get_string(json_object_object_get(doc, "rules")));
	json_object_put(doc);
	return 0;
}

static int grant_request(const struct ctl_opts *o, uint16_t type, int argc, char **argv)
{
	struct ctl_grant req = { .ttl_s = o->ttl_s };
	struct json_object *doc;
	int rc;

	if (strlen(argv[0]) > VG_NAME_MAX || (argc > 1 && strlen(argv[1]) > VG_NAME_MAX)) {
		fprintf(stderr, "vmgatectl: a guest name is at most %d characters\n", VG_NAME_MAX);
		return 2;
	}
	strcpy(req.a, argv[0]);
	if (argc > 1)
		strcpy(req.b, argv[1]);
	rc = daemon_call(o, "dataplane", type, &req, sizeof(req), &doc);
	if (rc)
		return rc;
	if (o->json)
		print_json(doc);
	else if (type == CTL_GRANT_ADD)
		printf("granted %s <-> %s%s\n", req.a, req.b, o->ttl_s ? "" : " until revoked");
	else
		printf("revoked %s live grant(s) of %s\n",
		       json_object_get_string(json_object_object_get(doc, "revoked")), req.a);
	json_object_put(doc);
	return 0;
}

int cmd_grant(const struct ctl_opts *o, int argc, char **argv)
{
	return grant_request(o, CTL_GRANT_ADD, argc, argv);
}

int cmd_revoke(const struct ctl_opts *o, int argc, char **argv)
{
	return grant_request(o, CTL_GRANT_DEL, argc, argv);
}
