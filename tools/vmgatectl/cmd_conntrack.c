/* SPDX-License-Identifier: BSD-3-Clause */
/* vmgatectl conntrack [GUEST]: the dataplane's live sessions. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "ctl_proto.h"
#include "vmgatectl.h"

static const char *text(struct json_object *o, const char *key)
{
	struct json_object *v = json_object_object_get(o, key);

	return v ? json_object_get_string(v) : "-";
}

/* "web 10.77.0.10:40000", or "… id 7" for ICMP. */
static void endpoint_text(struct json_object *ep, char *buf, size_t size)
{
	struct json_object *port = json_object_object_get(ep, "port");
	const char *addr = text(ep, "addr");
	bool v6 = strchr(addr, ':') != NULL;

	if (port)
		snprintf(buf, size, "%s %s%s%s:%s", text(ep, "guest"), v6 ? "[" : "", addr,
			 v6 ? "]" : "", json_object_get_string(port));
	else
		snprintf(buf, size, "%s %s id %s", text(ep, "guest"), addr, text(ep, "id"));
}

static uint64_t num(struct json_object *o, const char *key)
{
	return json_object_get_uint64(json_object_object_get(o, key));
}

static void sessions_table(struct json_object *doc)
{
	struct json_object *a = json_object_object_get(doc, "sessions");
	size_t n = json_object_array_length(a);

	printf("%-6s %-34s %-34s %-11s %-16s %7s %9s %9s\n", "PROTO", "FROM (OPENER)", "TO",
	       "STATE", "RULE", "EXPIRES", "PACKETS", "REPLIES");
	for (size_t i = 0; i < n; i++) {
		struct json_object *s = json_object_array_get_idx(a, i);
		char from[80], to[80];

		endpoint_text(json_object_object_get(s, "from"), from, sizeof(from));
		endpoint_text(json_object_object_get(s, "to"), to, sizeof(to));
		printf("%-6s %-34s %-34s %-11s %-16s %6" PRIu64 "s %9" PRIu64 " %9" PRIu64 "\n",
		       text(s, "proto"), from, to, text(s, "state"),
		       json_object_object_get(s, "rule") ? text(s, "rule") : "(rechecking)",
		       num(s, "expires_in_s"), num(s, "packets"), num(s, "reply_packets"));
	}
	printf("%" PRIu64 " session(s)", num(doc, "matched"));
	if (num(doc, "shown") < num(doc, "matched"))
		printf(", the first %" PRIu64 " shown", num(doc, "shown"));
	printf("; the table holds %" PRIu64 "\n", num(doc, "capacity"));
}

int cmd_conntrack(const struct ctl_opts *o, int argc, char **argv)
{
	struct ctl_conntrack req = { .limit = 0 };
	struct json_object *doc;
	int rc;

	if (argc > 0) {
		if (strlen(argv[0]) >= sizeof(req.guest)) {
			fprintf(stderr, "vmgatectl: '%s' is not a guest name\n", argv[0]);
			return 2;
		}
		strcpy(req.guest, argv[0]);
	}
	rc = daemon_call(o, "dataplane", CTL_CONNTRACK, &req, sizeof(req), &doc);
	if (rc)
		return rc;
	if (o->json)
		print_json(doc);
	else
		sessions_table(doc);
	json_object_put(doc);
	return 0;
}
