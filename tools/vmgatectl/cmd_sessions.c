/* SPDX-License-Identifier: BSD-3-Clause */
/* "vmgatectl sessions": each guest's attestation, asked of vmgate-authd. */
#include "ctl_proto.h"
#include "vmgatectl.h"

static const char *field(struct json_object *o, const char *key)
{
	struct json_object *v;

	return json_object_object_get_ex(o, key, &v) ? json_object_get_string(v) : "-";
}

/* on_failure = "restart": the requests authd made for guest g, once any. */
static void restart_line(struct json_object *g)
{
	struct json_object *rs;

	if (!json_object_object_get_ex(g, "restart", &rs) ||
	    (json_object_get_int64(json_object_object_get(rs, "requested")) == 0 &&
	     json_object_get_int64(json_object_object_get(rs, "failed")) == 0 &&
	     json_object_get_int64(json_object_object_get(rs, "suppressed")) == 0))
		return;
	printf("%-16s restarts via %s: %s requested, %s done, %s failed, %s suppressed%s%s\n",
	       "", field(rs, "via"), field(rs, "requested"), field(rs, "done"),
	       field(rs, "failed"), field(rs, "suppressed"),
	       json_object_object_get_ex(rs, "last", NULL) ? "; last " : "",
	       json_object_object_get_ex(rs, "last", NULL) ? field(rs, "last") : "");
}

static void sessions_table(struct json_object *doc)
{
	printf("%-16s %-9s %-5s %8s %9s  %-24s %s\n", "GUEST", "STATE", "CONN",
	       "QUOTES", "QUOTE AGE", "GRANTS (EXPIRES IN)", "FAILURES");
	for (size_t i = 0; i < json_object_array_length(doc); i++) {
		struct json_object *g = json_object_array_get_idx(doc, i);
		struct json_object *grants = json_object_object_get(g, "grants");
		struct json_object *fails = json_object_object_get(g, "failures");
		char gbuf[256] = "", fbuf[256] = "";
		size_t off = 0;

		for (size_t k = 0; grants && k < json_object_array_length(grants); k++) {
			struct json_object *e = json_object_array_get_idx(grants, k);

			off += (size_t)snprintf(gbuf + off, sizeof(gbuf) - off < 1 ? 1
						: sizeof(gbuf) - off, "%s%s (%s s)",
						k ? ", " : "", field(e, "peer"),
						field(e, "expires_in_s"));
			if (off >= sizeof(gbuf))
				break;
		}
		off = 0;
		json_object_object_foreach(fails, reason, count) {
			off += (size_t)snprintf(fbuf + off, sizeof(fbuf) - off < 1 ? 1
						: sizeof(fbuf) - off, "%s%s=%s", off ? " " : "",
						reason, json_object_get_string(count));
			if (off >= sizeof(fbuf))
				break;
		}
		printf("%-16s %-9s %-5s %8s %9s  %-24s %s\n", field(g, "name"),
		       field(g, "state"),
		       json_object_get_boolean(json_object_object_get(g, "connected"))
		       ? "yes" : "no", field(g, "attestations"), field(g, "last_quote_age_s"),
		       *gbuf ? gbuf : "-", *fbuf ? fbuf : "-");
		if (json_object_object_get_ex(g, "last_reason", NULL))
			printf("%-16s last failure: %s (%s)\n", "", field(g, "last_failure"),
			       field(g, "last_reason"));
		restart_line(g);
	}
}

int cmd_sessions(const struct ctl_opts *o, int argc, char **argv)
{
	struct json_object *doc;
	int rc;

	(void)argc;
	(void)argv;
	rc = daemon_call(o, "authd", CTL_SESSIONS, NULL, 0, &doc);
	if (rc)
		return rc;
	if (o->json)
		print_json(doc);
	else
		sessions_table(doc);
	json_object_put(doc);
	return 0;
}
