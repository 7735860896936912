/* SPDX-License-Identifier: BSD-3-Clause */
/* vmgatectl guest: guests as vmgate-vmmd runs them, managed by an operator
 * with a certificate and a token key. (vmgatectl guests stays the
 * dataplane's view of the same guests: ports, addresses, links.) */
#include <inttypes.h>
#include <string.h>
#include <time.h>

#include "vmmd_call.h"

static const char *str(struct json_object *o, const char *key)
{
	struct json_object *v;

	return json_object_object_get_ex(o, key, &v) && !json_object_is_type(v, json_type_null)
	       ? json_object_get_string(v) : "-";
}

static void since_text(struct json_object *g, char *buf, size_t size)
{
	struct json_object *v;
	time_t t;
	struct tm tm;

	snprintf(buf, size, "-");
	if (!json_object_object_get_ex(g, "since", &v) || !json_object_is_type(v, json_type_int))
		return;
	t = (time_t)json_object_get_int64(v);
	if (gmtime_r(&t, &tm))
		strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static void guest_row(struct json_object *g)
{
	char since[32];

	since_text(g, since, sizeof(since));
	printf("%-16s %-8s %-8s %-20s %-9s %-6s %s\n", str(g, "name"), str(g, "state"),
	       str(g, "pid"), since, str(g, "vtpm"), str(g, "in_policy"), str(g, "exit"));
}

static void guests_table(struct json_object *doc)
{
	struct json_object *a;

	printf("%-16s %-8s %-8s %-20s %-9s %-6s %s\n", "GUEST", "STATE", "PID", "SINCE",
	       "VTPM", "POLICY", "EXIT");
	if (json_object_object_get_ex(doc, "guests", &a))
		for (size_t i = 0; i < json_object_array_length(a); i++)
			guest_row(json_object_array_get_idx(a, i));
	else
		guest_row(doc);
}

int cmd_guest(const struct ctl_opts *o, int argc, char **argv)
{
	enum vmm_req_type type = vmm_req_type_of(argv[0]);
	struct json_object *doc;
	int rc;

	/* A restart is the attestation service's request, never an operator's. */
	if (!type || vmm_req_service_only(type) || vmm_req_has_guest(type) != (argc == 2)) {
		fprintf(stderr, "vmgatectl: guest list | status|start|stop|create|destroy|migrate NAME"
			" | reload\n");
		return 2;
	}
	rc = vmmd_call(o, type, argc == 2 ? argv[1] : NULL, &doc);
	if (rc)
		return rc;
	if (o->json)
		print_json(doc);
	else if (type == VMM_LIST || type == VMM_STATUS)
		guests_table(doc);
	else
		printf("%s%s%s: %s\n", vmm_req_action(type), argc == 2 ? " " : "",
		       argc == 2 ? argv[1] : "", str(doc, "detail"));
	json_object_put(doc);
	return 0;
}
