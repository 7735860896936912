/* SPDX-License-Identifier: BSD-3-Clause */
/* Loading a policy: read the file, scan its literals, let libconfig parse
 * it, then read each section into typed structs and check them together.
 * All or nothing: any problem and the caller gets NULL and the list. */
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "literal_scan.h"
#include "parse.h"

static const char *const top_keys[] = {
	"gateway", "root_tpm", "guests", "policy", "operators", "attestation",
	"signatures", "programs", "mirror", "vmm", "conntrack", NULL
};

/* The directory that relative paths in the file are relative to. */
static const char *base_dir_of(struct vg_arena *arena, const char *name)
{
	char copy[PATH_MAX], real[PATH_MAX];

	snprintf(copy, sizeof(copy), "%s", name);
	if (!realpath(dirname(copy), real) && !getcwd(real, sizeof(real)))
		snprintf(real, sizeof(real), "/");
	return vg_arena_strdup(arena, real);
}

/* The config and the arena that holds it, itself inside the arena. */
struct loaded_config {
	struct vg_config cfg;   /* first: callers hold a pointer to it */
	struct vg_arena *arena;
};

static void parse_sections(struct parse *p, const config_setting_t *root)
{
	struct vg_config *cfg = p->cfg;

	read_known_keys(p, root, NULL, top_keys);
	parse_gateway(p, root);
	parse_root_tpm(p, root);
	parse_signatures(p, root);
	parse_programs(p, root);
	parse_guests(p, root);
	parse_groups(p);
	parse_policy(p, root);
	parse_operators(p, root);
	parse_attestation(p, root);
	parse_conntrack(p, root);
	parse_mirror(p, root);
	parse_vmm(p, root);
	validate_guests(p, root);
	validate_unique_names(p, config_setting_get_member(root, "operators"),
			      cfg->operators, cfg->n_operators,
			      sizeof(*cfg->operators), "operator name");
	validate_unique_names(p, config_setting_get_member(root, "signatures"),
			      cfg->signatures, cfg->n_signatures,
			      sizeof(*cfg->signatures), "signature name");
	validate_unique_names(p, config_setting_get_member(root, "programs"),
			      cfg->programs, cfg->n_programs,
			      sizeof(*cfg->programs), "program name");
}

const struct vg_config *vg_config_load_string(const char *text, size_t len,
					      const char *name,
					      struct vg_diag *diag)
{
	size_t before = vg_diag_count(diag);
	struct parse p = { .diag = diag, .file = name };
	struct loaded_config *loaded;
	config_t lc;
	char *copy;

	if (len > VG_CONFIG_MAX_BYTES) {
		vg_diag_add(diag, name, 0, "larger than %u MiB", VG_CONFIG_MAX_BYTES >> 20);
		return NULL;
	}
	if (vg_literal_scan(text, len, name, diag) > 0)
		return NULL;
	p.arena = vg_arena_new();
	copy = malloc(len + 1);
	if (!p.arena || !copy) {
		vg_diag_add(diag, name, 0, "out of memory");
		goto fail;
	}
	memcpy(copy, text, len);
	copy[len] = '\0';
	loaded = vg_arena_alloc(p.arena, sizeof(*loaded));
	p.base_dir = base_dir_of(p.arena, name);
	if (!loaded || !p.base_dir) {
		vg_diag_add(diag, name, 0, "out of memory");
		goto fail;
	}
	loaded->arena = p.arena;
	p.cfg = &loaded->cfg;
	p.cfg->path = parse_oom_check(&p, vg_arena_strdup(p.arena, name));
	config_init(&lc);
	if (!config_read_string(&lc, copy)) {
		vg_diag_add(diag, name, (unsigned)config_error_line(&lc), "%s",
			    config_error_text(&lc));
	} else {
		parse_sections(&p, config_root_setting(&lc));
	}
	config_destroy(&lc);
	free(copy);
	copy = NULL;
	if (vg_diag_count(diag) == before)
		return p.cfg;
fail:
	free(copy);
	vg_arena_free(p.arena);
	return NULL;
}

void vg_config_free(const struct vg_config *cfg)
{
	if (cfg)
		vg_arena_free(((const struct loaded_config *)cfg)->arena);
}

/* Reads f whole, or at least one byte past the size limit (which
 * vg_config_load_string refuses). NULL with a message on failure. */
static char *read_all(FILE *f, const char *path, struct vg_diag *diag,
		      size_t *len)
{
	size_t cap = 64 * 1024;
	char *buf = malloc(cap), *grown;

	*len = 0;
	while (buf) {
		*len += fread(buf + *len, 1, cap - *len, f);
		if (ferror(f)) {
			vg_diag_add(diag, path, 0, "cannot read: %s", strerror(errno));
			free(buf);
			return NULL;
		}
		if (*len < cap || *len > VG_CONFIG_MAX_BYTES)
			return buf;
		cap *= 2;
		grown = realloc(buf, cap);
		if (!grown)
			free(buf);
		buf = grown;
	}
	vg_diag_add(diag, path, 0, "out of memory");
	return NULL;
}

const struct vg_config *vg_config_load(const char *path, struct vg_diag *diag)
{
	const struct vg_config *cfg = NULL;
	FILE *f = fopen(path, "r");
	char *text;
	size_t len;

	if (!f) {
		vg_diag_add(diag, path, 0, "cannot read: %s", strerror(errno));
		return NULL;
	}
	text = read_all(f, path, diag, &len);
	if (text)
		cfg = vg_config_load_string(text, len, path, diag);
	free(text);
	fclose(f);
	return cfg;
}

const struct vg_config *vg_config_load_or_report(const char *path, FILE *out)
{
	struct vg_diag *diag = vg_diag_new();
	const struct vg_config *cfg = diag ? vg_config_load(path, diag) : NULL;

	if (!diag)
		fprintf(out, "%s: out of memory\n", path);
	else if (!cfg)
		vg_diag_print(diag, out);
	vg_diag_free(diag);
	return cfg;
}
