/* SPDX-License-Identifier: BSD-3-Clause */
/* Reading an entry's line back: strict JSON, exactly the fields a writer
 * puts, in its order, each of the right type and within its bound. The
 * line is hostile: it may be anything at all. */
#include <errno.h>
#include <string.h>

#include <json-c/json.h>

#include "audit_local.h"

enum { F_SEQ, F_TIME, F_ACTOR, F_ACTION, F_TARGET, F_RESULT, F_DETAIL, F_PREV,
       F_HASH, F_COUNT };

static const char *const field_names[F_COUNT] = {
	"seq", "time", "actor", "action", "target", "result", "detail", "prev", "hash"
};

/* Up to 32 bytes of s with anything but printable ASCII as '?', for
 * quoting a key from the file in a message. */
static void printable(const char *s, char out[33])
{
	size_t i;

	for (i = 0; s[i] && i < 32; i++)
		out[i] = s[i] >= 0x20 && s[i] < 0x7f ? s[i] : '?';
	out[i] = '\0';
}

static int known_field(const char *key)
{
	for (int i = 0; i < F_COUNT; i++)
		if (strcmp(key, field_names[i]) == 0)
			return i;
	return -1;
}

/* Checks that the members of o are exactly the fields, in order. */
static int check_keys(struct json_object *o, uint64_t lineno,
		      char problem[AUDIT_PROBLEM_MAX])
{
	char shown[33];
	int i = 0;

	json_object_object_foreach(o, key, val) {
		(void)val;
		if (i < F_COUNT && strcmp(key, field_names[i]) == 0) {
			i++;
			continue;
		}
		printable(key, shown);
		if (known_field(key) < 0)
			snprintf(problem, AUDIT_PROBLEM_MAX,
				 "line %llu: unexpected field '%s'",
				 (unsigned long long)lineno, shown);
		else
			snprintf(problem, AUDIT_PROBLEM_MAX,
				 "line %llu: field '%s' out of place (the order is seq, time, "
				 "actor, action, target, result, detail, prev, hash)",
				 (unsigned long long)lineno, shown);
		return -EBADMSG;
	}
	if (i < F_COUNT) {
		snprintf(problem, AUDIT_PROBLEM_MAX, "line %llu: field '%s' is missing",
			 (unsigned long long)lineno, field_names[i]);
		return -EBADMSG;
	}
	return 0;
}

/* Copies string member f of o into out (max + 1 bytes); false when it is
 * not a string, holds a NUL or is longer than max. */
static bool copy_string(struct json_object *o, int f, char *out, size_t max)
{
	struct json_object *v = json_object_object_get(o, field_names[f]);
	const char *s;
	size_t len;

	if (!json_object_is_type(v, json_type_string))
		return false;
	s = json_object_get_string(v);
	len = (size_t)json_object_get_string_len(v);
	if (len > max || strlen(s) != len)
		return false;
	memcpy(out, s, len + 1);
	return true;
}

/* The fields' values into out; their types and bounds. */
static int read_fields(struct json_object *o, uint64_t lineno,
		       struct audit_line *out, char problem[AUDIT_PROBLEM_MAX])
{
	struct vg_audit_entry *e = &out->e;
	const struct { int f; char *dst; size_t max; } strings[] = {
		{ F_TIME, e->time, VG_AUDIT_TIME_LEN },
		{ F_ACTOR, e->actor, VG_AUDIT_NAME_MAX },
		{ F_ACTION, e->action, VG_AUDIT_NAME_MAX },
		{ F_TARGET, e->target, VG_AUDIT_NAME_MAX },
		{ F_RESULT, out->result, sizeof(out->result) - 1 },
		{ F_DETAIL, e->detail, VG_AUDIT_DETAIL_MAX },
		{ F_PREV, e->prev, VG_AUDIT_HASH_HEX },
		{ F_HASH, e->hash, VG_AUDIT_HASH_HEX },
	};
	struct json_object *seq = json_object_object_get(o, "seq");

	if (!json_object_is_type(seq, json_type_int) || json_object_get_int64(seq) < 1 ||
	    json_object_get_int64(seq) == INT64_MAX) {
		snprintf(problem, AUDIT_PROBLEM_MAX,
			 "line %llu: 'seq' must be a positive integer",
			 (unsigned long long)lineno);
		return -EBADMSG;
	}
	e->seq = (uint64_t)json_object_get_int64(seq);
	for (size_t i = 0; i < sizeof(strings) / sizeof(strings[0]); i++) {
		if (!copy_string(o, strings[i].f, strings[i].dst, strings[i].max)) {
			snprintf(problem, AUDIT_PROBLEM_MAX,
				 "line %llu: '%s' must be a string of at most %zu bytes "
				 "without NUL", (unsigned long long)lineno,
				 field_names[strings[i].f], strings[i].max);
			return -EBADMSG;
		}
	}
	return 0;
}

/* The hash must close the line exactly as a writer puts it, since the
 * bytes before it are what it covers. */
static int check_hash_suffix(const char *line, size_t len, const char *hash,
			     uint64_t lineno, char problem[AUDIT_PROBLEM_MAX])
{
	const char *tail = line + (len >= AUDIT_HASH_SUFFIX_LEN
				   ? len - AUDIT_HASH_SUFFIX_LEN : 0);

	if (!audit_hash_valid(hash) || len < AUDIT_HASH_SUFFIX_LEN ||
	    memcmp(tail, AUDIT_HASH_KEY, sizeof(AUDIT_HASH_KEY) - 1) != 0 ||
	    memcmp(tail + sizeof(AUDIT_HASH_KEY) - 1, hash, VG_AUDIT_HASH_HEX) != 0 ||
	    memcmp(line + len - 2, "\"}", 2) != 0) {
		snprintf(problem, AUDIT_PROBLEM_MAX,
			 "line %llu: 'hash' must be 64 lowercase hex digits ending the line",
			 (unsigned long long)lineno);
		return -EBADMSG;
	}
	return 0;
}

int audit_entry_parse(const char *line, size_t len, uint64_t lineno,
		      struct audit_line *out, char problem[AUDIT_PROBLEM_MAX])
{
	struct json_tokener *tok = json_tokener_new();
	struct json_object *o = NULL;
	enum json_tokener_error err;
	int ret = -EBADMSG;

	memset(out, 0, sizeof(*out));
	if (!tok) {
		snprintf(problem, AUDIT_PROBLEM_MAX, "line %llu: out of memory",
			 (unsigned long long)lineno);
		return -ENOMEM;
	}
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);
	if (len <= VG_AUDIT_LINE_MAX)
		o = json_tokener_parse_ex(tok, line, (int)len);
	err = json_tokener_get_error(tok);
	if (!o || err != json_tokener_success)
		snprintf(problem, AUDIT_PROBLEM_MAX, "line %llu: not valid JSON (%s)",
			 (unsigned long long)lineno,
			 err == json_tokener_continue ? "it ends too early"
						      : json_tokener_error_desc(err));
	else if (json_tokener_get_parse_end(tok) != len)
		snprintf(problem, AUDIT_PROBLEM_MAX,
			 "line %llu: not valid JSON (text after the object)",
			 (unsigned long long)lineno);
	else if (!json_object_is_type(o, json_type_object))
		snprintf(problem, AUDIT_PROBLEM_MAX, "line %llu: not a JSON object",
			 (unsigned long long)lineno);
	else if (check_keys(o, lineno, problem) == 0 &&
		 read_fields(o, lineno, out, problem) == 0)
		ret = check_hash_suffix(line, len, out->e.hash, lineno, problem);
	json_object_put(o);
	json_tokener_free(tok);
	return ret;
}

bool audit_entry_hash_matches(const char *line, size_t len,
			      const struct audit_line *l)
{
	char hash[VG_AUDIT_HASH_HEX + 1];

	return len >= AUDIT_HASH_SUFFIX_LEN &&
	       audit_content_hash(line, len - AUDIT_HASH_SUFFIX_LEN, hash) == 0 &&
	       strcmp(hash, l->e.hash) == 0;
}

int audit_entry_check_values(struct audit_line *l, uint64_t lineno,
			     char problem[AUDIT_PROBLEM_MAX])
{
	const struct vg_audit_entry *e = &l->e;
	const char *what = NULL;

	if (!audit_time_valid(e->time))
		what = "'time' is not a UTC time like 2024-05-01T12:34:56.789Z";
	else if (vg_audit_result_parse(l->result, &l->e.result) < 0)
		what = "'result' must be ok, refused or failed";
	else if (!e->actor[0] || !e->action[0])
		what = "'actor' and 'action' must not be empty";
	else if (!audit_hash_valid(e->prev))
		what = "'prev' must be 64 lowercase hex digits";
	if (!what)
		return 0;
	snprintf(problem, AUDIT_PROBLEM_MAX, "entry %llu (line %llu): %s",
		 (unsigned long long)e->seq, (unsigned long long)lineno, what);
	return -EBADMSG;
}
