/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VG_CONFIG_H
#define VG_CONFIG_H

/*
 * The one policy file, as immutable typed structs. Every part of vmgate
 * reads its settings from here and never from libconfig. docs/config.md is
 * the reference for the file itself.
 *
 * vg_config_load() returns a fully validated config, or NULL with every
 * problem in diag as FILE:LINE: message; never a partial policy.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "diag.h"
#include "net_addr.h"

#define VG_NAME_MAX 32
#define VG_MAX_GUESTS 1024
#define VG_MAX_RULES 65536
#define VG_MAX_CORES 128
#define VG_DIGEST_LEN 32     /* SHA-256 */
#define VG_PCR_COUNT 24
#define VG_SIGNATURE_MAX 1024
#define VG_CONFIG_MAX_BYTES (16u << 20)
#define VG_DEFAULT_CONFIG "/etc/vmgate/vmgate.conf"

enum vg_idle_mode { VG_IDLE_ADAPTIVE, VG_IDLE_INTERRUPT, VG_IDLE_POLL };
enum vg_hugepages { VG_HUGEPAGES_AUTO, VG_HUGEPAGES_ON, VG_HUGEPAGES_OFF };
enum vg_vhost_mode { VG_VHOST_CLIENT, VG_VHOST_SERVER };
enum vg_action { VG_ACTION_DENY, VG_ACTION_ALLOW };
enum vg_proto { VG_PROTO_ANY, VG_PROTO_TCP, VG_PROTO_UDP, VG_PROTO_ICMP,
		VG_PROTO_ICMPV6 };
enum vg_endpoint_kind { VG_EP_ANY, VG_EP_GUEST, VG_EP_GROUP };
enum vg_on_failure { VG_ON_FAILURE_RESTART, VG_ON_FAILURE_ISOLATE };
enum vg_role { VG_ROLE_USER, VG_ROLE_ADMIN };
enum vg_sig_action { VG_SIG_DROP, VG_SIG_ALERT };

struct vg_gateway {
	const char *name;
	const char *runtime_dir;          /* absolute */
	struct vg_mac control_mac;
	bool has_control_ipv4, has_control_ipv6;
	struct vg_ip_prefix control_ipv4, control_ipv6;
	const uint16_t *cores;            /* lcores; the first is the main one */
	size_t n_cores;
	enum vg_idle_mode idle;
	uint32_t memory_mb;               /* EAL memory */
	enum vg_hugepages hugepages;
};

struct vg_root_tpm {
	const char *tcti;                 /* "device:/dev/tpmrm0", "swtpm:..." */
	const char *state_dir;            /* absolute: vtpmd's CA and vTPM state */
	const char *const *measure;       /* absolute paths vtpmd measures at start */
	size_t n_measure;
};

/* The approved SHA-256 values of one launch part (any one of them matches). */
struct vg_digests {
	const uint8_t (*values)[VG_DIGEST_LEN];
	size_t n;
};

struct vg_launch {
	bool present;
	const char *kernel, *initrd, *cmdline, *disk;  /* NULL when unset */
	const char *data_disk;  /* LUKS image, writable, not measured; NULL: none */
	const char *user;       /* QEMU's unprivileged user (a name, never root); NULL: unset */
	const char *seed;       /* directory of the agent's seed disk files; NULL: unset */
	uint32_t memory_mb;
	uint32_t vcpus;
};

struct vg_measurements {
	struct vg_digests kernel, initrd, cmdline, disk;
};

struct vg_rate_limit {
	bool present;
	uint64_t kbps;       /* 0: no byte limit */
	uint64_t burst_kb;
	uint64_t pps;        /* 0: no packet limit */
};

struct vg_guest {
	const char *name;
	struct vg_mac mac;
	bool has_ipv4, has_ipv6;
	struct vg_ip_prefix ipv4, ipv6;
	const char *vhost_socket;         /* absolute */
	enum vg_vhost_mode vhost_mode;
	const char *const *groups;
	size_t n_groups;
	struct vg_launch launch;
	struct vg_measurements measurements;
	struct vg_rate_limit rate_limit;
	const char *interface;            /* kernel interface for the XDP engine; NULL: none */
	const uint32_t *programs;         /* eBPF program indexes: its frames, both ways */
	size_t n_programs;
	unsigned line;
};

/* A group exists because guests name it; members are guest indexes. */
struct vg_group {
	const char *name;                 /* without the '@' */
	const uint32_t *members;
	size_t n_members;
};

struct vg_endpoint {
	enum vg_endpoint_kind kind;
	uint32_t index;                   /* into guests or groups */
};

struct vg_port_range {
	uint16_t lo, hi;
};

struct vg_rule {
	const char *name;
	struct vg_endpoint from, to;
	enum vg_proto proto;
	const struct vg_port_range *ports;      /* destination; none: any */
	size_t n_ports;
	const struct vg_port_range *src_ports;  /* none: any */
	size_t n_src_ports;
	const uint8_t *icmp_types;              /* none: any */
	size_t n_icmp_types;
	enum vg_action action;
	bool stateful;
	bool fragments;                         /* also non-first fragments */
	bool mirror;                            /* its frames are copied to the mirror */
	const uint32_t *inspect;                /* signature indexes */
	size_t n_inspect;
	const uint32_t *programs;               /* program indexes */
	size_t n_programs;
	unsigned line;
};

struct vg_policy {
	enum vg_action default_action;
	const struct vg_rule *rules;            /* first match wins */
	size_t n_rules;
	const uint32_t *programs;               /* eBPF program indexes: every frame */
	size_t n_programs;
};

struct vg_operator {
	const char *name;
	const char *certificate;                /* PEM file */
	enum vg_role role;
};

struct vg_attestation {
	bool required;
	uint32_t pcr_mask;                      /* bit i: PCR i, sha256 bank */
	uint32_t grant_ttl_s;
	uint32_t reattest_interval_s;
	enum vg_on_failure on_failure;
	uint16_t port;                          /* authd's TCP port */
	const char *restart_command;            /* NULL: none; run with sh -c */
};

enum vg_sig_kind { VG_SIG_LITERAL, VG_SIG_REGEX };

struct vg_signature {
	const char *name;
	enum vg_sig_kind kind;
	const uint8_t *pattern;                 /* regex: its text, NUL-terminated */
	size_t len;                             /* without the NUL */
	bool caseless;
	enum vg_sig_action action;
};

struct vg_program {
	const char *name;
	const char *object;                     /* eBPF ELF file */
	const char *section;
};

/* Where mirrored frames go (docs/config.md, `mirror`). */
struct vg_mirror {
	bool present;                           /* the section exists */
	const char *pcapng;                     /* absolute path; NULL: no file */
	const char *tap;                        /* TAP interface name; NULL: none */
	bool drops;                             /* also every dropped frame */
	uint32_t snaplen;                       /* bytes kept of each frame */
	size_t n_rules;                         /* rules with mirror = true */
};

/* vmgate-vmmd's settings (docs/config.md, `vmm`). */
#define VG_RESTART_LIMIT_MAX 20
struct vg_vmm {
	const char *audit_log;                  /* absolute path */
	const char *save_dir;                   /* absolute: saved guests (guest migrate) */
	uint32_t restart_limit;                 /* relaunches on authd's request per window */
	uint32_t restart_window_s;
};

/* Connection tracking (docs/config.md, `conntrack`). */
#define VG_CT_TIMEOUTS 9
struct vg_conntrack {
	uint32_t max_sessions;                  /* the whole table */
	uint32_t per_guest;                     /* sessions one guest may open */
	uint32_t timeout_s[VG_CT_TIMEOUTS];     /* by vg_ct_timeout_name(i) */
};

struct vg_config {
	const char *path;
	struct vg_gateway gateway;
	struct vg_root_tpm root_tpm;
	const struct vg_guest *guests;
	size_t n_guests;
	const struct vg_group *groups;
	size_t n_groups;
	struct vg_policy policy;
	const struct vg_operator *operators;
	size_t n_operators;
	struct vg_attestation attestation;
	const struct vg_signature *signatures;
	size_t n_signatures;
	const struct vg_program *programs;
	size_t n_programs;
	struct vg_mirror mirror;
	struct vg_conntrack conntrack;
	struct vg_vmm vmm;
};

/* Reads and validates the policy file at path. */
const struct vg_config *vg_config_load(const char *path, struct vg_diag *diag);
/* The same from memory; name stands for the file in messages and its
 * directory anchors relative paths. */
const struct vg_config *vg_config_load_string(const char *text, size_t len,
					      const char *name,
					      struct vg_diag *diag);
void vg_config_free(const struct vg_config *cfg);
/* vg_config_load for a daemon's start: every problem printed to out (as
 * FILE:LINE: message); NULL when the file is not valid. */
const struct vg_config *vg_config_load_or_report(const char *path, FILE *out);

/* Lookups by name; NULL when there is none. */
const struct vg_guest *vg_config_guest(const struct vg_config *cfg,
				       const char *name);
const struct vg_group *vg_config_group(const struct vg_config *cfg,
				       const char *name);

/* "any", a guest name or "@group". */
void vg_endpoint_format(const struct vg_config *cfg, const struct vg_endpoint *ep,
			char *buf, size_t size);
/* "80,443,8000-8080", or "any" for none; truncated to size. */
void vg_port_ranges_format(const struct vg_port_range *r, size_t n, char *buf,
			   size_t size);

/* Names of enum values, as written in the policy file. */
const char *vg_action_name(enum vg_action a);
const char *vg_proto_name(enum vg_proto p);
const char *vg_idle_mode_name(enum vg_idle_mode m);
const char *vg_hugepages_name(enum vg_hugepages h);
const char *vg_vhost_mode_name(enum vg_vhost_mode m);
const char *vg_on_failure_name(enum vg_on_failure f);
const char *vg_role_name(enum vg_role r);
const char *vg_sig_action_name(enum vg_sig_action a);
/* The session state timeout i is for ("established"), NULL past the last. */
const char *vg_ct_timeout_name(unsigned i);

#endif
