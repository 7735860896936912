/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VG_CTL_PROTO_H
#define VG_CTL_PROTO_H

/*
 * The control protocol every vmgate daemon speaks on its UNIX socket under
 * the runtime directory: one request, one response, then the connection
 * closes. Each message is a header and a payload of hdr.len bytes:
 * requests carry a fixed struct per type (validated by the server before
 * use), responses carry a JSON document (or {"error": "..."}) and a status
 * (0 or a negative errno).
 *
 * Functions here return 0 or a negative errno.
 */

#include <stddef.h>
#include <stdint.h>

#include "vg_config.h"

#define CTL_MAGIC 0x56474354u       /* "VGCT" */
#define CTL_VERSION 1
#define CTL_REQ_MAX 4096
#define CTL_RESP_MAX (16u << 20)
#define CTL_TIMEOUT_MS 5000

struct ctl_hdr {
	uint32_t magic;
	uint16_t version;
	uint16_t type;
	uint32_t len;                 /* payload bytes after the header */
	int32_t status;               /* responses: 0 or -errno */
};

/* Request types; the payload struct each takes is named beside it. */
enum ctl_type {
	CTL_STATUS = 1,               /* none */
	CTL_PORTS,                    /* none */
	CTL_GUESTS,                   /* none */
	CTL_RULES,                    /* none */
	CTL_STATS,                    /* none */
	CTL_RELOAD,                   /* none */
	CTL_GRANT_ADD,                /* struct ctl_grant */
	CTL_GRANT_DEL,                /* struct ctl_grant (ttl ignored; b "" = all of a) */
	CTL_GRANTS,                   /* none */
	CTL_BPF,                      /* none: eBPF programs and their counters */
	CTL_SIGNATURES,               /* none: signatures, their matches, recent events */
	CTL_CONNTRACK,                /* struct ctl_conntrack: the sessions */
	/* vmgate-vtpmd */
	CTL_VTPM_LIST = 32,           /* none */
	CTL_VTPM_SHOW,                /* struct ctl_vtpm */
	CTL_VTPM_CREATE,              /* struct ctl_vtpm */
	CTL_VTPM_START,               /* struct ctl_vtpm */
	CTL_VTPM_STOP,                /* struct ctl_vtpm */
	CTL_VTPM_DESTROY,             /* struct ctl_vtpm */
	CTL_GATEWAY_QUOTE,            /* struct ctl_quote */
	CTL_ISSUE_SERVER_CERT,        /* struct ctl_public_key: "<gateway> authd" */
	CTL_ISSUE_VMMD_CERT,          /* struct ctl_public_key: "<gateway> vmmd" */
	CTL_VTPM_DISK_KEY,            /* struct ctl_vtpm: the guest's data disk key,
				       * only after its measured launch */
	CTL_ISSUE_ATTEST_CERT,        /* struct ctl_public_key: "<gateway> attestation",
	                               * a TLS client certificate (authd to vmmd) */
	CTL_VTPM_SAVE_KEY,            /* struct ctl_save_key: a saved guest's file key,
	                               * new (and sealed) or unsealed */
	/* vmgate-authd */
	CTL_SESSIONS = 48,            /* none */
	CTL_TYPE_MAX
};

struct ctl_grant {
	char a[VG_NAME_MAX + 1];      /* NUL-terminated guest names */
	char b[VG_NAME_MAX + 1];
	uint32_t ttl_s;               /* 0: until revoked */
};

/* The sessions a guest opened or answers ("" for all), at most limit of
 * them (0: the daemon's default). */
struct ctl_conntrack {
	char guest[VG_NAME_MAX + 1];  /* NUL-terminated */
	uint32_t limit;
};

/* One guest's vTPM, by guest name. */
struct ctl_vtpm {
	char name[VG_NAME_MAX + 1];   /* NUL-terminated */
};

/* The key of a saved guest's file (vmgate-launch, docs/launch.md): with
 * sealed_len 0 a new one, answered with its sealed form; otherwise the
 * key the root TPM unseals from sealed, for this guest only. */
#define CTL_SEALED_MAX 1024
struct ctl_save_key {
	struct ctl_vtpm guest;
	uint8_t pad[3];
	uint32_t sealed_len;
	uint8_t sealed[CTL_SEALED_MAX];
};

/* A quote of the gateway's own measurements by the root TPM. */
#define CTL_QUALIFYING_MAX 32
struct ctl_quote {
	uint32_t len;                 /* bytes of qualifying used */
	uint8_t qualifying[CTL_QUALIFYING_MAX];
};

/* A P-256 public key for the platform CA to certify (authd's or vmmd's
 * TLS server key, or the attestation service's client key). */
struct ctl_public_key {
	uint8_t x[32], y[32];
};
/* The CN of CTL_ISSUE_ATTEST_CERT's certificates is "<gateway> " this. */
#define CTL_ATTEST_SERVICE "attestation"

/* The payload size a request of type must have, or -1 for unknown types. */
long ctl_request_size(uint16_t type);

/* "<runtime_dir>/<daemon>.sock" into buf; -ENAMETOOLONG past a sun_path. */
int ctl_socket_path(const char *runtime_dir, const char *daemon, char *buf,
		    size_t size);

#endif
