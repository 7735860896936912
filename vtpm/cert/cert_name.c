/* SPDX-License-Identifier: BSD-3-Clause */
#include "vt_cert.h"

#include <string.h>

bool vt_cert_cn_valid(const char *cn)
{
	size_t len;

	if (!cn)
		return false;
	len = strnlen(cn, VT_CERT_CN_MAX + 1);
	if (len == 0 || len > VT_CERT_CN_MAX || cn[0] == ' ' || cn[len - 1] == ' ')
		return false;
	for (size_t i = 0; i < len; i++)
		if (cn[i] < 0x20 || cn[i] > 0x7e)
			return false;
	return true;
}
