/* SPDX-License-Identifier: BSD-3-Clause */
/* "vmgatectl audit [verify | append ...]": list, verify and write the audit
 * log that the policy file names (vmm.audit_log). The log is read
 * directly, so these work with every daemon down. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "audit_log.h"
#include "vmgatectl.h"

#define AUDIT_USAGE "audit [verify | append ACTOR ACTION TARGET ok|refused|failed [DETAIL]]"

/* The audit log's path from the policy file (caller frees), or NULL with
 * the file's problems printed. */
static char *audit_log_path(const struct ctl_opts *o)
{
	const struct vg_config *cfg = vg_config_load_or_report(o->config, stderr);
	char *path;

	if (!cfg)
		return NULL;
	path = strdup(cfg->vmm.audit_log);
	vg_config_free(cfg);
	if (!path)
		fprintf(stderr, "vmgatectl: out of memory\n");
	return path;
}

/* s with control characters shown as escapes, so that a value a guest or
 * a peer chose cannot drive the operator's terminal. */
static const char *shown(const char *s, char *buf, size_t size)
{
	size_t o = 0;

	for (; *s && o + 5 < size; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '\n')
			o += (size_t)snprintf(buf + o, size - o, "\\n");
		else if (c < 0x20 || c == 0x7f)
			o += (size_t)snprintf(buf + o, size - o, "\\x%02x", c);
		else
			buf[o++] = (char)c;
	}
	buf[o] = '\0';
	return buf;
}

static void print_header(void)
{
	printf("%6s  %-24s  %-12s  %-14s  %-12s  %-7s  %s\n", "SEQ", "TIME",
	       "ACTOR", "ACTION", "TARGET", "RESULT", "DETAIL");
}

/* One table row; arg counts the rows, the header comes before the first
 * (so that an unreadable log prints no table at all). */
static int print_row(const struct vg_audit_entry *e, void *arg)
{
	char a[4 * VG_AUDIT_NAME_MAX + 8], b[4 * VG_AUDIT_NAME_MAX + 8];
	char c[4 * VG_AUDIT_NAME_MAX + 8], d[4 * VG_AUDIT_DETAIL_MAX + 8];
	uint64_t *rows = arg;

	if ((*rows)++ == 0)
		print_header();
	printf("%6llu  %-24s  %-12s  %-14s  %-12s  %-7s  %s\n",
	       (unsigned long long)e->seq, e->time, shown(e->actor, a, sizeof(a)),
	       shown(e->action, b, sizeof(b)), shown(e->target, c, sizeof(c)),
	       vg_audit_result_name(e->result), shown(e->detail, d, sizeof(d)));
	return 0;
}

/* Adds e to the JSON array arg. 0 or -ENOMEM. */
static int add_json(const struct vg_audit_entry *e, void *arg)
{
	struct json_object *list = arg, *o = json_object_new_object();

	if (!o)
		return -ENOMEM;
	json_object_object_add(o, "seq", json_object_new_int64((int64_t)e->seq));
	json_object_object_add(o, "time", json_object_new_string(e->time));
	json_object_object_add(o, "actor", json_object_new_string(e->actor));
	json_object_object_add(o, "action", json_object_new_string(e->action));
	json_object_object_add(o, "target", json_object_new_string(e->target));
	json_object_object_add(o, "result",
			       json_object_new_string(vg_audit_result_name(e->result)));
	json_object_object_add(o, "detail", json_object_new_string(e->detail));
	json_object_object_add(o, "prev", json_object_new_string(e->prev));
	json_object_object_add(o, "hash", json_object_new_string(e->hash));
	return json_object_array_add(list, o) == 0 ? 0 : -ENOMEM;
}

/* What a failed read or append says about the log. */
static void log_error(int ret, uint64_t bad_line, char *buf, size_t size)
{
	if (ret == -EBADMSG && bad_line)
		snprintf(buf, size, "line %llu is not a well-formed entry "
			 "('vmgatectl audit verify' says more)",
			 (unsigned long long)bad_line);
	else if (ret == -EBADMSG)
		snprintf(buf, size, "its last entry or its head does not check out "
			 "('vmgatectl audit verify' says more)");
	else
		snprintf(buf, size, "%s", strerror(-ret));
}

/* "audit": the entries as a table or one JSON document; the exit status. */
static int list(const struct ctl_opts *o, const char *path)
{
	struct json_object *doc = NULL, *entries = NULL;
	char error[256];
	uint64_t bad = 0, rows = 0;
	int ret;

	if (o->json) {
		doc = json_object_new_object();
		entries = json_object_new_array();
		if (!doc || !entries) {
			json_object_put(doc);
			json_object_put(entries);
			fprintf(stderr, "vmgatectl: out of memory\n");
			return 1;
		}
		ret = vg_audit_read(path, add_json, entries, &bad);
	} else {
		ret = vg_audit_read(path, print_row, &rows, &bad);
		if (ret == 0 && rows == 0)
			print_header();
	}
	if (ret < 0)
		log_error(ret, bad, error, sizeof(error));
	if (doc) {
		json_object_object_add(doc, "file", json_object_new_string(path));
		json_object_object_add(doc, "entries", entries);
		if (ret < 0)
			json_object_object_add(doc, "error", json_object_new_string(error));
		print_json(doc);
		json_object_put(doc);
	} else if (ret < 0) {
		fprintf(stderr, "vmgatectl: audit log %s: %s\n", path, error);
	}
	return ret < 0 ? 1 : 0;
}

/* "audit verify": 0 when the chain and head check out, else 1 with the
 * first problem. */
static int verify(const struct ctl_opts *o, const char *path)
{
	struct vg_audit_report rep;
	int ret = vg_audit_verify(path, &rep);

	if (o->json) {
		struct json_object *doc = json_object_new_object();

		if (!doc) {
			fprintf(stderr, "vmgatectl: out of memory\n");
			return 1;
		}
		json_object_object_add(doc, "file", json_object_new_string(path));
		json_object_object_add(doc, "intact", json_object_new_boolean(ret == 0));
		json_object_object_add(doc, "entries",
				       json_object_new_int64((int64_t)rep.entries));
		json_object_object_add(doc, "head", json_object_new_int64((int64_t)rep.head_seq));
		json_object_object_add(doc, "head_behind",
				       json_object_new_boolean(rep.head_behind));
		json_object_object_add(doc, "problem", ret == 0 ? NULL
				       : json_object_new_string(rep.problem));
		print_json(doc);
		json_object_put(doc);
	} else if (ret == 0) {
		printf("audit log %s: %llu entries, chain intact\n", path,
		       (unsigned long long)rep.entries);
		if (rep.head_behind)
			printf("note: the head names entry %llu: an append stopped before "
			       "moving it; the next append does\n",
			       (unsigned long long)rep.head_seq);
	} else if (ret == -EBADMSG) {
		printf("audit log %s: %s\n", path, rep.problem);
	} else {
		fprintf(stderr, "vmgatectl: audit log %s: %s\n", path, rep.problem);
	}
	return ret == 0 ? 0 : 1;
}

/* "audit append ACTOR ACTION TARGET RESULT [DETAIL]": the exit status. */
static int append(const struct ctl_opts *o, const char *path, int argc,
		  char **argv)
{
	enum vg_audit_result result;
	struct vg_audit_entry e;
	char error[256];
	int ret;

	if (argc < 5 || argc > 6 || vg_audit_result_parse(argv[4], &result) < 0 ||
	    !argv[1][0] || !argv[2][0]) {
		fprintf(stderr, "vmgatectl: %s\n", AUDIT_USAGE);
		return 2;
	}
	ret = vg_audit_append(path, argv[1], argv[2], argv[3], result,
			      argc > 5 ? argv[5] : "", &e);
	if (ret < 0) {
		log_error(ret, 0, error, sizeof(error));
		fprintf(stderr, "vmgatectl: audit log %s: not appended: %s\n", path, error);
		return 1;
	}
	if (o->json) {
		struct json_object *doc = json_object_new_array();

		if (doc && add_json(&e, doc) == 0)
			print_json(json_object_array_get_idx(doc, 0));
		json_object_put(doc);
	} else {
		printf("audit log %s: entry %llu appended\n", path,
		       (unsigned long long)e.seq);
	}
	return 0;
}

int cmd_audit(const struct ctl_opts *o, int argc, char **argv)
{
	const char *sub = argc > 0 ? argv[0] : "";
	char *path;
	int rc;

	if (!(argc == 0 || (argc == 1 && strcmp(sub, "verify") == 0) ||
	      strcmp(sub, "append") == 0)) {
		fprintf(stderr, "vmgatectl: %s\n", AUDIT_USAGE);
		return 2;
	}
	path = audit_log_path(o);
	if (!path)
		return 1;
	if (argc == 0)
		rc = list(o, path);
	else if (strcmp(sub, "verify") == 0)
		rc = verify(o, path);
	else
		rc = append(o, path, argc, argv);
	free(path);
	return rc;
}
