/* SPDX-License-Identifier: BSD-3-Clause */
/* "vmgatectl vtpm ...": the guests' vTPMs and the gateway's quote, asked
 * of vmgate-vtpmd. */
#include <string.h>

#include "ctl_proto.h"
#include "hex.h"
#include "vmgatectl.h"

static const char *field(struct json_object *o, const char *key)
{
	struct json_object *v;

	return json_object_object_get_ex(o, key, &v) ? json_object_get_string(v) : "-";
}

static void list_table(struct json_object *doc)
{
	struct json_object *vtpms = json_object_object_get(doc, "vtpms");

	printf("%-16s %-8s %8s %8s  %s\n", "GUEST", "STATE", "PID", "RESTARTS",
	       "TCTI / ERROR");
	for (size_t i = 0; vtpms && i < json_object_array_length(vtpms); i++) {
		struct json_object *v = json_object_array_get_idx(vtpms, i);
		bool err = json_object_object_get_ex(v, "error", NULL);

		printf("%-16s %-8s %8s %8s  %s\n", field(v, "name"), field(v, "state"),
		       field(v, "pid"), field(v, "restarts"),
		       err ? field(v, "error") : field(v, "tcti"));
	}
}

static void show_table(struct json_object *doc)
{
	static const char *const keys[] = { "name", "state", "error", "pid", "restarts",
		"tcti", "qemu_socket", "ek_sha256", "state_dir", NULL };

	for (int i = 0; keys[i]; i++)
		if (json_object_object_get_ex(doc, keys[i], NULL))
			printf("%-12s %s\n", keys[i], field(doc, keys[i]));
	if (json_object_object_get_ex(doc, "ek_certificate", NULL))
		printf("\nEK certificate:\n%s", field(doc, "ek_certificate"));
	if (json_object_object_get_ex(doc, "ak_certificate", NULL))
		printf("\nAK certificate:\n%s", field(doc, "ak_certificate"));
}

static void quote_table(struct json_object *doc)
{
	struct json_object *events = json_object_object_get(doc, "events");

	printf("gateway measurements (root TPM):\n");
	for (size_t i = 0; events && i < json_object_array_length(events); i++) {
		struct json_object *e = json_object_array_get_idx(events, i);

		printf("  PCR %-2s %s  %s\n", field(e, "pcr"), field(e, "sha256"),
		       field(e, "file"));
	}
	printf("quote: %s\n", field(doc, "attest"));
}

static int quote(const struct ctl_opts *o, int argc, char **argv)
{
	struct ctl_quote req = { 0 };
	struct json_object *doc;
	int rc, n = 0;

	if (argc > 1) {
		n = vg_hex_decode(argv[1], req.qualifying, sizeof(req.qualifying));
		if (n < 0) {
			fprintf(stderr, "vmgatectl: vtpm quote wants at most %d bytes of hex\n",
				CTL_QUALIFYING_MAX);
			return 2;
		}
	}
	req.len = (uint32_t)n;
	rc = daemon_call(o, "vtpmd", CTL_GATEWAY_QUOTE, &req, sizeof(req), &doc);
	if (rc)
		return rc;
	o->json ? print_json(doc) : quote_table(doc);
	json_object_put(doc);
	return 0;
}

int cmd_vtpm(const struct ctl_opts *o, int argc, char **argv)
{
	static const struct { const char *name; uint16_t type; } ops[] = {
		{ "show", CTL_VTPM_SHOW }, { "create", CTL_VTPM_CREATE },
		{ "start", CTL_VTPM_START }, { "stop", CTL_VTPM_STOP },
		{ "destroy", CTL_VTPM_DESTROY },
	};
	struct ctl_vtpm req = { 0 };
	struct json_object *doc;
	int rc;

	if (strcmp(argv[0], "quote") == 0)
		return quote(o, argc, argv);
	if (strcmp(argv[0], "list") == 0 && argc == 1) {
		rc = daemon_call(o, "vtpmd", CTL_VTPM_LIST, NULL, 0, &doc);
		if (rc)
			return rc;
		o->json ? print_json(doc) : list_table(doc);
		json_object_put(doc);
		return 0;
	}
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		if (strcmp(argv[0], ops[i].name) != 0)
			continue;
		if (argc != 2 || strlen(argv[1]) > VG_NAME_MAX) {
			fprintf(stderr, "vmgatectl: vtpm %s wants one guest name\n", ops[i].name);
			return 2;
		}
		memcpy(req.name, argv[1], strlen(argv[1]));
		rc = daemon_call(o, "vtpmd", ops[i].type, &req, sizeof(req), &doc);
		if (rc)
			return rc;
		o->json ? print_json(doc) : show_table(doc);
		json_object_put(doc);
		return 0;
	}
	fprintf(stderr, "vmgatectl: vtpm list|show|create|start|stop|destroy NAME, "
		"or vtpm quote [HEX]\n");
	return 2;
}
