/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VG_PARSE_H
#define VG_PARSE_H

/*
 * Internal to config/: the state of one parse and the typed readers every
 * section uses. Readers report what is wrong themselves and return
 *   1  the key is present and valid (*out set),
 *   0  the key is absent (reported when it was required),
 *  -1  the key is present but invalid (reported).
 * A "ctx" names the enclosing object in messages ("guest 'web'").
 */

#include <libconfig.h>
#include <stdbool.h>
#include <stdint.h>

#include "arena.h"
#include "diag.h"
#include "vg_config.h"

struct parse {
	struct vg_arena *arena;
	struct vg_diag *diag;
	const char *file;      /* as named by the caller, for messages */
	const char *base_dir;  /* relative paths resolve against it */
	struct vg_config *cfg;
	bool oom;
};

#define CTX_MAX 96

unsigned setting_line(const config_setting_t *s);

void parse_error(struct parse *p, const config_setting_t *at, const char *ctx,
		 const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void parse_error_line(struct parse *p, unsigned line, const char *ctx,
		      const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Returns ptr; on NULL records that memory ran out. */
void *parse_oom_check(struct parse *p, void *ptr);

/* Reports every member of group not in allowed (NULL-terminated);
 * returns the number reported. */
int read_known_keys(struct parse *p, const config_setting_t *group,
		    const char *ctx, const char *const *allowed);

int read_string(struct parse *p, const config_setting_t *group, const char *key,
		const char *ctx, bool required, const char **out);
int read_int(struct parse *p, const config_setting_t *group, const char *key,
	     const char *ctx, bool required, int64_t min, int64_t max,
	     int64_t *out);
int read_bool(struct parse *p, const config_setting_t *group, const char *key,
	      const char *ctx, bool required, bool *out);
/* names: NULL-terminated; *out is the index of the match. */
int read_enum(struct parse *p, const config_setting_t *group, const char *key,
	      const char *ctx, bool required, const char *const *names,
	      int *out);
/* A group ({...}) member; 0 when absent. */
int read_group(struct parse *p, const config_setting_t *group, const char *key,
	       const char *ctx, bool required, const config_setting_t **out);
/* A list ((...)) or array ([...]) member. */
int read_sequence(struct parse *p, const config_setting_t *group,
		  const char *key, const char *ctx, bool required,
		  const config_setting_t **out);
/* A string, or a list/array of strings, copied into the arena. */
int read_string_list(struct parse *p, const config_setting_t *group,
		     const char *key, const char *ctx, bool required,
		     const char *const **out, size_t *n);
/* A file path: absolute, or relative to the policy file's directory. */
int read_path(struct parse *p, const config_setting_t *group, const char *key,
	      const char *ctx, bool required, const char **out);

/* Reads key as a list of at most max items: returns an arena array of *n
 * zeroed items of size bytes, or NULL (*n = 0) when the key is absent or
 * invalid (reported). *list is the libconfig list. */
void *read_items(struct parse *p, const config_setting_t *group, const char *key,
		 const char *ctx, size_t max, size_t size, size_t *n,
		 const config_setting_t **list);
/* Starts one item of such a list: ctx becomes "KIND N", then "KIND 'name'"
 * once a valid name is read into *name (left as it was otherwise). Returns
 * false when the item is not a group (reported). */
bool read_item_head(struct parse *p, const config_setting_t *item,
		    const char *kind, size_t index, bool name_required,
		    const char **name, char ctx[CTX_MAX]);

/* Resolves the names in key (a string or a list of them) against a table
 * of n_items named items (signatures, programs) of size bytes each, whose
 * name is their first member: *out gets their indexes. An unknown or
 * repeated name is reported, naming it as a WHAT. */
void parse_refs(struct parse *p, const config_setting_t *group, const char *key,
		const char *ctx, const char *what, const void *items, size_t n_items,
		size_t size, const uint32_t **out, size_t *n_out);

/* Names of guests, groups, rules, ...: [A-Za-z0-9][A-Za-z0-9_.-]*, at most
 * VG_NAME_MAX bytes; they become file and socket names. */
bool name_is_valid(const char *name);

/* Reports duplicates among keys (each with the line it came from) as
 * "duplicate WHAT 'KEY' (first at line N)" at the later line. */
struct dup_key {
	const char *key;
	unsigned line;
};
void report_duplicates(struct parse *p, struct dup_key *keys, size_t n,
		       const char *what);

/* Names of enum values as written in the file, NULL-terminated and in
 * enum order (enum_names.c). */
extern const char *const idle_mode_names[];
extern const char *const hugepages_names[];
extern const char *const vhost_mode_names[];
extern const char *const action_names[];
extern const char *const proto_names[];
extern const char *const on_failure_names[];
extern const char *const role_names[];
extern const char *const sig_action_names[];

/* The sections, in the order load.c calls them. */
void parse_gateway(struct parse *p, const config_setting_t *root);
void parse_root_tpm(struct parse *p, const config_setting_t *root);
void parse_signatures(struct parse *p, const config_setting_t *root);
void parse_programs(struct parse *p, const config_setting_t *root);
void parse_guests(struct parse *p, const config_setting_t *root);
/* Parts of one guest, ctx naming it. */
void parse_launch(struct parse *p, const config_setting_t *guest,
		  const char *ctx, struct vg_launch *l);
void parse_measurements(struct parse *p, const config_setting_t *guest,
			const char *ctx, struct vg_guest *g);
void parse_rate_limit(struct parse *p, const config_setting_t *guest,
		      const char *ctx, struct vg_rate_limit *rl);
void parse_groups(struct parse *p);
void parse_policy(struct parse *p, const config_setting_t *root);
/* Parts of one rule (parse_ports.c). */
int read_ports(struct parse *p, const config_setting_t *rule, const char *key,
	       const char *ctx, const struct vg_port_range **out, size_t *n);
int read_icmp_types(struct parse *p, const config_setting_t *rule,
		    const char *ctx, const uint8_t **out, size_t *n);
void parse_operators(struct parse *p, const config_setting_t *root);
void parse_attestation(struct parse *p, const config_setting_t *root);
void parse_conntrack(struct parse *p, const config_setting_t *root);
/* After the policy: the mirror's targets, and that rules which mirror
 * have one. */
void parse_mirror(struct parse *p, const config_setting_t *root);
/* vmgate-vmmd's settings: where the audit log lives. */
void parse_vmm(struct parse *p, const config_setting_t *root);
/* Checks across guests and the gateway: names, MACs, IPs, sockets and
 * QEMU users are unique. */
void validate_guests(struct parse *p, const config_setting_t *root);
/* Reports duplicate names among n items of size bytes whose first member
 * is their name, with lines from the matching elements of list. */
void validate_unique_names(struct parse *p, const config_setting_t *list,
			   const void *items, size_t n, size_t size,
			   const char *what);

#endif
