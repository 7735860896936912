/* SPDX-License-Identifier: BSD-3-Clause */
/* The frame header: enough to know how many bytes follow, checked before
 * any of them is read. */
#include "proto_local.h"

#include <errno.h>

long att_frame_check(const uint8_t hdr[ATT_HDR_LEN])
{
	uint32_t len;

	if (hdr[0] != ATT_MAGIC0 || hdr[1] != ATT_MAGIC1)
		return -EBADMSG;
	if (hdr[2] != ATT_VERSION)
		return -EPROTONOSUPPORT;
	len = (uint32_t)hdr[4] << 24 | (uint32_t)hdr[5] << 16 |
	      (uint32_t)hdr[6] << 8 | hdr[7];
	if (len > ATT_PAYLOAD_MAX)
		return -EMSGSIZE;
	return (long)len;
}
