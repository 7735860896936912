/* SPDX-License-Identifier: BSD-3-Clause */
/* The launch parts, their names, and the PCR each is measured into. */
#include <errno.h>
#include <string.h>

#include "evlog.h"

static const struct {
	unsigned part;
	const char *name;
	int pcr;
} parts[] = {
	{ EVLOG_KERNEL, "kernel", EVLOG_PCR_KERNEL_CMDLINE },
	{ EVLOG_INITRD, "initrd", EVLOG_PCR_INITRD_DISK },
	{ EVLOG_CMDLINE, "cmdline", EVLOG_PCR_KERNEL_CMDLINE },
	{ EVLOG_DISK, "disk", EVLOG_PCR_INITRD_DISK },
	{ EVLOG_GATEWAY_BINARY, "gateway-binary", EVLOG_PCR_GATEWAY },
	{ EVLOG_POLICY_FILE, "policy-file", EVLOG_PCR_POLICY },
};

#define N_PARTS (sizeof(parts) / sizeof(parts[0]))

int evlog_part_pcr(unsigned part)
{
	for (size_t i = 0; i < N_PARTS; i++)
		if (parts[i].part == part)
			return parts[i].pcr;
	return -EINVAL;
}

const char *evlog_part_name(unsigned part)
{
	for (size_t i = 0; i < N_PARTS; i++)
		if (parts[i].part == part)
			return parts[i].name;
	return "?";
}

int evlog_part_from_name(const char *name)
{
	for (size_t i = 0; name && i < N_PARTS; i++)
		if (strcmp(parts[i].name, name) == 0)
			return (int)parts[i].part;
	return -EINVAL;
}
