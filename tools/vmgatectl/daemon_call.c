/* SPDX-License-Identifier: BSD-3-Clause */
/* Reaching a daemon: its socket is under the runtime directory that the
 * policy file names. */
#include <limits.h>
#include <string.h>

#include "ctl_client.h"
#include "ctl_proto.h"
#include "vmgatectl.h"

void print_json(struct json_object *doc)
{
	puts(json_object_to_json_string_ext(doc, JSON_C_TO_STRING_PRETTY |
					    JSON_C_TO_STRING_SPACED |
					    JSON_C_TO_STRING_NOSLASHESCAPE));
}

/* A daemon's socket path from the policy file. */
static int socket_of(const struct ctl_opts *o, const char *daemon, char *path,
		     size_t size)
{
	struct vg_diag *diag = vg_diag_new();
	const struct vg_config *cfg = diag ? vg_config_load(o->config, diag) : NULL;
	int r = -1;

	if (cfg)
		r = ctl_socket_path(cfg->gateway.runtime_dir, daemon, path, size);
	else if (diag)
		vg_diag_print(diag, stderr);
	vg_config_free(cfg);
	vg_diag_free(diag);
	return r;
}

int daemon_call(const struct ctl_opts *o, const char *daemon, uint16_t type,
		const void *req, size_t len, struct json_object **reply)
{
	char path[PATH_MAX], *text = NULL;
	struct json_object *doc, *err;
	int status, r;

	*reply = NULL;
	if (socket_of(o, daemon, path, sizeof(path)) < 0)
		return 1;
	r = ctl_call(path, type, req, len, &status, &text);
	if (r < 0) {
		fprintf(stderr, "vmgatectl: cannot reach vmgate-%s at %s: %s\n",
			daemon, path, strerror(-r));
		return 1;
	}
	doc = text ? json_tokener_parse(text) : NULL;
	free(text);
	if (status < 0) {
		if (o->json && doc)
			print_json(doc);
		else
			fprintf(stderr, "vmgatectl: %s\n",
				doc && json_object_object_get_ex(doc, "error", &err)
				? json_object_get_string(err) : strerror(-status));
		json_object_put(doc);
		return 1;
	}
	if (!doc) {
		fprintf(stderr, "vmgatectl: vmgate-%s answered no JSON document\n", daemon);
		return 1;
	}
	*reply = doc;
	return 0;
}
