/* SPDX-License-Identifier: BSD-3-Clause */
/* The management API's requests: one table of types, strict decoding of
 * what a client sent (anything not exactly one valid encoding is refused
 * before vmmd looks at it), and the encoder vmgatectl uses. */
#include "vmm_api.h"

#include <errno.h>
#include <string.h>

static const struct {
	const char *action;
	bool admin;
	bool guest;
	bool service;
} types[VMM_REQ_TYPE_MAX] = {
	[VMM_LIST]    = { "guest.list",    false, false, false },
	[VMM_STATUS]  = { "guest.status",  false, true,  false },
	[VMM_START]   = { "guest.start",   false, true,  false },
	[VMM_STOP]    = { "guest.stop",    false, true,  false },
	[VMM_CREATE]  = { "guest.create",  true,  true,  false },
	[VMM_DESTROY] = { "guest.destroy", true,  true,  false },
	[VMM_RELOAD]  = { "policy.reload", true,  false, false },
	/* admin as well: code that only asks about roles still refuses users. */
	[VMM_RESTART] = { "guest.restart", true,  true,  true },
	[VMM_MIGRATE] = { "guest.migrate", true,  true,  false },
};

static bool known(unsigned type)
{
	return type > 0 && type < VMM_REQ_TYPE_MAX;
}

const char *vmm_req_action(enum vmm_req_type type)
{
	return known(type) ? types[type].action : "unknown";
}

enum vmm_req_type vmm_req_type_of(const char *s)
{
	for (unsigned t = 1; t < VMM_REQ_TYPE_MAX; t++) {
		const char *dot = strchr(types[t].action, '.');

		if (strcmp(s, types[t].action) == 0 || strcmp(s, dot + 1) == 0)
			return (enum vmm_req_type)t;
	}
	return 0;
}

bool vmm_req_admin_only(enum vmm_req_type type)
{
	/* Unknown types never reach a handler; if one did, only an admin. */
	return !known(type) || types[type].admin;
}

bool vmm_req_service_only(enum vmm_req_type type)
{
	return known(type) && types[type].service;
}

bool vmm_req_has_guest(enum vmm_req_type type)
{
	return known(type) && types[type].guest;
}

static size_t payload_len(enum vmm_req_type type)
{
	if (type == VMM_RESTART)
		return sizeof(struct vmm_restart_req);
	return vmm_req_has_guest(type) ? sizeof(struct vmm_guest_req) : 0;
}

long vmm_req_expect(const struct ctl_hdr *hdr)
{
	if (hdr->magic != CTL_MAGIC || hdr->version != CTL_VERSION)
		return -EPROTO;
	if (!known(hdr->type))
		return -EBADRQC;
	if (hdr->len != payload_len(hdr->type) || hdr->status != 0)
		return -EMSGSIZE;
	return (long)hdr->len;
}

/* Guest names as the policy allows them: 1..VG_NAME_MAX of letters,
 * digits, '.', '_', '-'. */
static bool name_valid(const char *s, size_t n)
{
	if (n == 0 || n > VG_NAME_MAX)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-'))
			return false;
	}
	return true;
}

/* Reasons: printable ASCII only, so nothing in one can pass for another
 * field or line where it is shown. */
static bool reason_valid(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < 0x20 || s[i] > 0x7e)
			return false;
	return true;
}

/* A NUL-terminated field of size bytes whose text passes valid and whose
 * bytes after the NUL are zero: copied into out. */
static int field_decode(const char *f, size_t size, bool (*valid)(const char *, size_t),
			char *out)
{
	const char *end = memchr(f, '\0', size);
	size_t n;

	if (!end)
		return -EINVAL;
	n = (size_t)(end - f);
	if (!valid(f, n))
		return -EINVAL;
	for (size_t i = n; i < size; i++)
		if (f[i] != '\0')
			return -EINVAL;
	memcpy(out, f, n + 1);
	return 0;
}

int vmm_req_decode(const uint8_t *buf, size_t len, struct vmm_req *out)
{
	const struct vmm_guest_req *g;
	const struct vmm_restart_req *rs;
	struct ctl_hdr hdr;
	long plen;
	int r;

	memset(out, 0, sizeof(*out));
	if (!buf || len < VMM_HDR_LEN)
		return -EPROTO;
	memcpy(&hdr, buf, sizeof(hdr));
	plen = vmm_req_expect(&hdr);
	if (plen < 0)
		return (int)plen;
	if (len - VMM_HDR_LEN != (size_t)plen)
		return -EMSGSIZE;
	out->type = hdr.type;
	if (!vmm_req_has_guest(hdr.type))
		return 0;
	if (hdr.type == VMM_RESTART) {
		rs = (const struct vmm_restart_req *)(buf + VMM_HDR_LEN);
		r = field_decode(rs->name, sizeof(rs->name), name_valid, out->name);
		if (r == 0)
			r = field_decode(rs->reason, sizeof(rs->reason), reason_valid,
					 out->reason);
	} else {
		g = (const struct vmm_guest_req *)(buf + VMM_HDR_LEN);
		r = field_decode(g->name, sizeof(g->name), name_valid, out->name);
	}
	if (r < 0)
		memset(out, 0, sizeof(*out));
	return r;
}

long vmm_req_encode(enum vmm_req_type type, const char *name, uint8_t *buf,
		    size_t size)
{
	struct ctl_hdr hdr = { .magic = CTL_MAGIC, .version = CTL_VERSION,
			       .type = (uint16_t)type };
	struct vmm_guest_req g;

	if (!known(type) || vmm_req_has_guest(type) != (name != NULL))
		return -EINVAL;
	if (type == VMM_RESTART)
		return vmm_req_encode_restart(name, "", buf, size);
	hdr.len = (uint32_t)payload_len(type);
	if (size < VMM_HDR_LEN + hdr.len)
		return -ENOSPC;
	memcpy(buf, &hdr, sizeof(hdr));
	if (!name)
		return (long)VMM_HDR_LEN;
	if (!name_valid(name, strlen(name)))
		return -EINVAL;
	memset(&g, 0, sizeof(g));
	memcpy(g.name, name, strlen(name));
	memcpy(buf + VMM_HDR_LEN, &g, sizeof(g));
	return (long)(VMM_HDR_LEN + sizeof(g));
}

long vmm_req_encode_restart(const char *name, const char *reason, uint8_t *buf,
			    size_t size)
{
	struct ctl_hdr hdr = { .magic = CTL_MAGIC, .version = CTL_VERSION,
			       .type = VMM_RESTART, .len = sizeof(struct vmm_restart_req) };
	struct vmm_restart_req rs;

	if (!name || !reason || !name_valid(name, strlen(name)) ||
	    strlen(reason) >= sizeof(rs.reason) || !reason_valid(reason, strlen(reason)))
		return -EINVAL;
	if (size < VMM_HDR_LEN + sizeof(rs))
		return -ENOSPC;
	memset(&rs, 0, sizeof(rs));
	memcpy(rs.name, name, strlen(name));
	memcpy(rs.reason, reason, strlen(reason));
	memcpy(buf, &hdr, sizeof(hdr));
	memcpy(buf + VMM_HDR_LEN, &rs, sizeof(rs));
	return (long)(VMM_HDR_LEN + sizeof(rs));
}
