/* SPDX-License-Identifier: BSD-3-Clause */
/* Writing an entry's line: its fields as a JSON object in a fixed order,
 * hashed, then the hash appended as the last field. */
#include <errno.h>
#include <string.h>

#include <json-c/json.h>

#include "audit_local.h"

/* The entry without its hash as compact JSON (json-c escapes quotes,
 * backslashes and control characters, so a value never breaks the line).
 * NULL when memory ran out; the caller puts it. */
static struct json_object *content_json(const struct vg_audit_entry *e)
{
	struct json_object *o = json_object_new_object();
	const struct { const char *key; struct json_object *v; } fields[] = {
		{ "seq", json_object_new_int64((int64_t)e->seq) },
		{ "time", json_object_new_string(e->time) },
		{ "actor", json_object_new_string(e->actor) },
		{ "action", json_object_new_string(e->action) },
		{ "target", json_object_new_string(e->target) },
		{ "result", json_object_new_string(vg_audit_result_name(e->result)) },
		{ "detail", json_object_new_string(e->detail) },
		{ "prev", json_object_new_string(e->prev) },
	};
	bool ok = o != NULL;

	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		if (!fields[i].v || !ok) {
			ok = false;
			json_object_put(fields[i].v);
			continue;
		}
		json_object_object_add(o, fields[i].key, fields[i].v);
	}
	if (!ok) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

int audit_entry_format(struct vg_audit_entry *e, char *line, size_t size,
		       size_t *len)
{
	struct json_object *o = content_json(e);
	const char *text;
	size_t n;
	int ret;

	if (!o)
		return -ENOMEM;
	text = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
					      JSON_C_TO_STRING_NOSLASHESCAPE);
	n = text ? strlen(text) : 0;
	if (n < 2 || text[n - 1] != '}') {
		json_object_put(o);
		return -ENOMEM;
	}
	/* content + ,"hash":"HEX"} + newline + NUL */
	if (n - 1 + AUDIT_HASH_SUFFIX_LEN > VG_AUDIT_LINE_MAX ||
	    n - 1 + AUDIT_HASH_SUFFIX_LEN + 2 > size) {
		json_object_put(o);
		return -E2BIG;
	}
	ret = audit_content_hash(text, n - 1, e->hash);
	if (ret == 0) {
		memcpy(line, text, n - 1);
		*len = n - 1;
		*len += (size_t)sprintf(line + *len, "%s%s\"}\n", AUDIT_HASH_KEY, e->hash);
	}
	json_object_put(o);
	return ret;
}
