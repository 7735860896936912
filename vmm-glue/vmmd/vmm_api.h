/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VG_VMM_API_H
#define VG_VMM_API_H

/*
 * vmgate-vmmd's management API, spoken inside TLS 1.3 on vmmd.sock
 * (docs/vmmd.md). One request, one response per connection, in the
 * control protocol's framing (struct ctl_hdr, host byte order): a request
 * is the header and a fixed payload per type; a response is the header
 * (status 0 or -errno) and a JSON document of at most VMM_RESP_MAX bytes.
 *
 * Functions return 0 (or a length where said) or a negative errno:
 *   -EPROTO    not a request of this protocol version (magic, version)
 *   -EBADRQC   unknown request type
 *   -EMSGSIZE  payload length other than the type's
 *   -EINVAL    a guest name that is empty, unterminated, has characters
 *              outside letters, digits, '.', '_', '-', or non-zero bytes
 *              after its end (every request has exactly one encoding);
 *              a restart reason that is unterminated, has bytes outside
 *              printable ASCII, or non-zero bytes after its end
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ctl_proto.h"

#define VMM_HDR_LEN sizeof(struct ctl_hdr)
#define VMM_RESP_MAX (256u << 10)

/* Request types (docs/vmmd.md). */
enum vmm_req_type {
	VMM_LIST = 1,           /* no payload: every guest's state */
	VMM_STATUS,             /* struct vmm_guest_req */
	VMM_START,              /* struct vmm_guest_req */
	VMM_STOP,               /* struct vmm_guest_req */
	VMM_CREATE,             /* struct vmm_guest_req: provision its vTPM */
	VMM_DESTROY,            /* struct vmm_guest_req: stop it, wipe its vTPM */
	VMM_RELOAD,             /* no payload: re-read the policy file */
	VMM_RESTART,            /* struct vmm_restart_req: the attestation
				 * service's only request, no operator's */
	VMM_MIGRATE,            /* struct vmm_guest_req: save it, encrypted, and
				 * stop it; its next start resumes it */
	VMM_REQ_TYPE_MAX
};

struct vmm_guest_req {
	char name[VG_NAME_MAX + 1];     /* NUL-terminated, zero-padded */
};

/* Why a guest is to be restarted, for the audit log: printable ASCII. */
#define VMM_REASON_MAX 192              /* with its NUL */
struct vmm_restart_req {
	char name[VG_NAME_MAX + 1];     /* NUL-terminated, zero-padded */
	char reason[VMM_REASON_MAX];    /* NUL-terminated, zero-padded; may be "" */
};

#define VMM_REQ_MAX (VMM_HDR_LEN + sizeof(struct vmm_restart_req))

/* A decoded request. */
struct vmm_req {
	enum vmm_req_type type;
	char name[VG_NAME_MAX + 1];     /* "" for types without a guest */
	char reason[VMM_REASON_MAX];    /* VMM_RESTART's; "" for the others */
};

/* The payload length a request whose header is hdr carries, or an error
 * (-EPROTO, -EBADRQC, -EMSGSIZE). Read nothing more before this passed. */
long vmm_req_expect(const struct ctl_hdr *hdr);

/* Decodes a whole request (header and payload, len bytes) into out. */
int vmm_req_decode(const uint8_t *buf, size_t len, struct vmm_req *out);

/* Encodes a request of type for guest name (NULL for types without one)
 * into buf (size bytes); a VMM_RESTART gets an empty reason. Returns its
 * length; -EINVAL for a bad type or name, -ENOSPC. */
long vmm_req_encode(enum vmm_req_type type, const char *name, uint8_t *buf,
		    size_t size);
/* Encodes a VMM_RESTART of guest name for reason (printable ASCII, at
 * most VMM_REASON_MAX - 1 bytes). Length, -EINVAL, -ENOSPC. */
long vmm_req_encode_restart(const char *name, const char *reason, uint8_t *buf,
			    size_t size);

/* The request's name in the audit log ("guest.start", "policy.reload");
 * "unknown" for other values. */
const char *vmm_req_action(enum vmm_req_type type);
/* The type whose action or short name ("start", "guest.start") is s, or
 * 0 when none. */
enum vmm_req_type vmm_req_type_of(const char *s);
/* True when only an admin may make the request. */
bool vmm_req_admin_only(enum vmm_req_type type);
/* True when only the attestation service may make it (and no operator). */
bool vmm_req_service_only(enum vmm_req_type type);
/* True when the request names a guest. */
bool vmm_req_has_guest(enum vmm_req_type type);

#endif
