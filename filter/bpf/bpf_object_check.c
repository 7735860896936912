/* SPDX-License-Identifier: BSD-3-Clause */
/* A program's object as libbpf reads it: the checks that turn "rte_bpf
 * failed: Invalid argument" into a reason an operator can act on. */
#include "bpf_object_check.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "vmgate_bpf.h"

#define CTX_STRUCT "vg_bpf_ctx"

/* libbpf's last warning, the reason an object did not open. */
static char last_warning[256];

static int capture_warning(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	if (level == LIBBPF_WARN) {
		const char *prefix = "libbpf: ";
		char line[sizeof(last_warning)];
		size_t n;

		vsnprintf(line, sizeof(line), fmt, ap);
		n = strlen(line);
		while (n && line[n - 1] == '\n')
			line[--n] = '\0';
		snprintf(last_warning, sizeof(last_warning), "%s",
			 strncmp(line, prefix, strlen(prefix)) == 0 ? line + strlen(prefix) : line);
	}
	return 0;
}

static void close_object(struct bpf_object **o)
{
	bpf_object__close(*o);
}

/* Appends s to the list in buf ("a, b"). */
static void list_add(char *buf, size_t size, const char *s)
{
	size_t n = strlen(buf);

	snprintf(buf + n, size - n, "%s%s", n ? ", " : "", s);
}

/* What the parameter of type id is, in words: "struct x *", "int". */
static void describe(const struct btf *btf, __u32 id, char *buf, size_t size)
{
	const struct btf_type *t = btf__type_by_id(btf, btf__resolve_type(btf, id));
	const char *ptr = "";

	if (t && btf_is_ptr(t)) {
		t = btf__type_by_id(btf, btf__resolve_type(btf, t->type));
		ptr = " *";
	}
	if (!t)
		snprintf(buf, size, "an unknown type");
	else if (btf_is_struct(t) || btf_is_union(t))
		snprintf(buf, size, "'%s %s%s'", btf_is_struct(t) ? "struct" : "union",
			 btf__name_by_offset(btf, t->name_off), ptr);
	else
		snprintf(buf, size, "'%s%s'", t->name_off ? btf__name_by_offset(btf, t->name_off)
			 : "void", ptr);
}

/* The function's one parameter must point to this dataplane's context. */
static int check_signature(const struct btf *btf, const char *fn, char *err, size_t size)
{
	int id = btf__find_by_name_kind(btf, fn, BTF_KIND_FUNC);
	const struct btf_type *proto, *ctx;
	const struct btf_param *param;
	char what[96];

	if (id < 0)
		return 0;       /* no record of it: nothing to check */
	proto = btf__type_by_id(btf, btf__type_by_id(btf, id)->type);
	if (!proto || !btf_is_func_proto(proto) || btf_vlen(proto) != 1) {
		snprintf(err, size, "function %s must take one argument, a "
			 "'const struct " CTX_STRUCT " *'", fn);
		return -EINVAL;
	}
	param = btf_params(proto);
	ctx = btf__type_by_id(btf, btf__resolve_type(btf, param->type));
	if (ctx && btf_is_ptr(ctx))
		ctx = btf__type_by_id(btf, btf__resolve_type(btf, ctx->type));
	if (!ctx || !btf_is_struct(ctx) ||
	    strcmp(btf__name_by_offset(btf, ctx->name_off), CTX_STRUCT) != 0) {
		describe(btf, param->type, what, sizeof(what));
		snprintf(err, size, "function %s takes %s, not 'const struct " CTX_STRUCT
			 " *' (is it a kernel program?)", fn, what);
		return -EINVAL;
	}
	if (ctx->size != sizeof(struct vg_bpf_ctx)) {
		snprintf(err, size, "function %s was built with a struct " CTX_STRUCT
			 " of %u bytes, this dataplane's has %zu: rebuild it with this "
			 "vmgate_bpf.h", fn, ctx->size, sizeof(struct vg_bpf_ctx));
		return -EINVAL;
	}
	return 0;
}

int vg_bpf_object_check(const char *object, const char *section, bool *btf,
			char *err, size_t size)
{
	__attribute__((cleanup(close_object))) struct bpf_object *o = NULL;
	libbpf_print_fn_t old = libbpf_set_print(capture_warning);
	char sections[160] = "", maps[160] = "", data[160] = "";
	struct bpf_program *found = NULL, *prog;
	struct bpf_map *map;
	unsigned in_section = 0;
	long r;

	last_warning[0] = '\0';
	o = bpf_object__open_file(object, NULL);
	libbpf_set_print(old);
	r = libbpf_get_error(o);
	if (r) {
		o = NULL;
		snprintf(err, size, "object %s cannot be read: %s", object,
			 last_warning[0] ? last_warning : strerror((int)-r));
		return -EINVAL;
	}
	bpf_object__for_each_program(prog, o) {
		const char *s = bpf_program__section_name(prog);

		if (strcmp(s, section) == 0) {
			found = found ? found : prog;
			in_section++;
		} else if (!strstr(sections, s)) {
			list_add(sections, sizeof(sections), s);
		}
	}
	if (!found) {
		snprintf(err, size, "object %s has no section '%s' (%s%s)", object, section,
			 sections[0] ? "it has: " : "it holds no program", sections);
		return -EINVAL;
	}
	if (in_section > 1) {
		snprintf(err, size, "object %s holds %u functions in section '%s': a program "
			 "is one function in a section of its own", object, in_section, section);
		return -EINVAL;
	}
	bpf_object__for_each_map(map, o) {
		if (bpf_map__is_internal(map))
			list_add(data, sizeof(data), bpf_map__name(map));
		else
			list_add(maps, sizeof(maps), bpf_map__name(map));
	}
	if (data[0]) {
		snprintf(err, size, "object %s has global or static data (%s): rte_bpf "
			 "loads code only; keep constants in the code", object, data);
		return -EINVAL;
	}
	if (maps[0]) {
		snprintf(err, size, "object %s uses maps (%s): vmgate programs have none, "
			 "only the context", object, maps);
		return -EINVAL;
	}
	*btf = bpf_object__btf(o) != NULL;
	if (*btf && check_signature(bpf_object__btf(o), bpf_program__name(found), err, size) < 0)
		return -EINVAL;
	return 0;
}
