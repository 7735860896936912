/* SPDX-License-Identifier: BSD-3-Clause */
#include "ctl_proto.h"

#include <errno.h>
#include <stdio.h>
#include <sys/un.h>

long ctl_request_size(uint16_t type)
{
	switch (type) {
	case CTL_STATUS:
	case CTL_PORTS:
	case CTL_GUESTS:
	case CTL_RULES:
	case CTL_STATS:
	case CTL_RELOAD:
	case CTL_GRANTS:
	case CTL_BPF:
	case CTL_SIGNATURES:
		return 0;
	case CTL_GRANT_ADD:
	case CTL_GRANT_DEL:
		return sizeof(struct ctl_grant);
	case CTL_CONNTRACK:
		return sizeof(struct ctl_conntrack);
	case CTL_VTPM_LIST:
	case CTL_SESSIONS:
		return 0;
	case CTL_VTPM_SHOW:
	case CTL_VTPM_CREATE:
	case CTL_VTPM_START:
	case CTL_VTPM_STOP:
	case CTL_VTPM_DESTROY:
	case CTL_VTPM_DISK_KEY:
		return sizeof(struct ctl_vtpm);
	case CTL_VTPM_SAVE_KEY:
		return sizeof(struct ctl_save_key);
	case CTL_GATEWAY_QUOTE:
		return sizeof(struct ctl_quote);
	case CTL_ISSUE_SERVER_CERT:
	case CTL_ISSUE_VMMD_CERT:
	case CTL_ISSUE_ATTEST_CERT:
		return sizeof(struct ctl_public_key);
	default:
		return -1;
	}
}

int ctl_socket_path(const char *runtime_dir, const char *daemon, char *buf,
		    size_t size)
{
	int n = snprintf(buf, size, "%s/%s.sock", runtime_dir, daemon);

	if (n < 0 || (size_t)n >= size ||
	    (size_t)n >= sizeof(((struct sockaddr_un *)0)->sun_path))
		return -ENAMETOOLONG;
	return 0;
}
