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
} types[VMM_REQ_TYPE_MAX] = {
	[VMM_LIST]    = { "guest.list",    false, false },
	[VMM_STATUS]  = { "guest.status",  false, true },
	[VMM_START]   = { "guest.start",   false, true },
	[VMM_STOP]    = { "guest.stop",    false, true },
	[VMM_CREATE]  = { "guest.create",  true,  true },
	[VMM_DESTROY] = { "guest.destroy", true,  true },
	[VMM_RELOAD]  = { "policy.reload", true,  false },
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

bool vmm_req_has_guest(enum vmm_req_type type)
{
	return known(type) && types[type].guest;
}

static size_t payload_len(enum vmm_req_type type)
{
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

int vmm_req_decode(const uint8_t *buf, size_t len, struct vmm_req *out)
{
	const struct vmm_guest_req *g;
	struct ctl_hdr hdr;
	const char *end;
	long plen;
	size_t n;

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
	g = (const struct vmm_guest_req *)(buf + VMM_HDR_LEN);
	end = memchr(g->name, '\0', sizeof(g->name));
	if (!end)
		return -EINVAL;
	n = (size_t)(end - g->name);
	if (!name_valid(g->name, n))
		return -EINVAL;
	for (size_t i = n; i < sizeof(g->name); i++)
		if (g->name[i] != '\0')
			return -EINVAL;
	memcpy(out->name, g->name, n + 1);
	return 0;
}

long vmm_req_encode(enum vmm_req_type type, const char *name, uint8_t *buf,
		    size_t size)
{
	struct ctl_hdr hdr = { .magic = CTL_MAGIC, .version = CTL_VERSION,
			       .type = (uint16_t)type };
	struct vmm_guest_req g;

	if (!known(type) || vmm_req_has_guest(type) != (name != NULL))
		return -EINVAL;
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
