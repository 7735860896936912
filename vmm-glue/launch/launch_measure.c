/* SPDX-License-Identifier: BSD-3-Clause */
/* Step 1 of a measured launch: hash each part the policy names, and judge
 * the digests against the approved measurements. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <wolfssl/options.h>
#include <wolfssl/wolfcrypt/hash.h>
#include <wolfssl/wolfcrypt/sha256.h>

#include "file_digest.h"
#include "hex.h"
#include "launch.h"

/* Opens a regular file part and hashes it; the fd stays open for QEMU. */
static int measure_file(struct launch_part *p)
{
	struct stat st;
	int r;

	p->fd = open(p->path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (p->fd < 0) {
		r = -errno;
		LAUNCH_LOG("cannot open the %s '%s': %s", evlog_part_name(p->part), p->path,
			   strerror(-r));
		return r;
	}
	if (fstat(p->fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		LAUNCH_LOG("the %s '%s' is not a regular file", evlog_part_name(p->part), p->path);
		return -EINVAL;
	}
	r = vg_sha256_fd(p->fd, p->digest);
	if (r < 0)
		LAUNCH_LOG("cannot read the %s '%s': %s", evlog_part_name(p->part), p->path,
			   strerror(-r));
	return r;
}

int launch_measure(struct launch *l)
{
	const struct vg_launch *g = &l->guest->launch;
	/* The layout's order: PCR 8 kernel then command line, PCR 9 initrd
	 * then disk (authd/evidence/evlog.h). */
	const struct { enum evlog_part part; const char *path; bool text; } order[] = {
		{ EVLOG_KERNEL, g->kernel, false },
		{ EVLOG_CMDLINE, g->cmdline, true },
		{ EVLOG_INITRD, g->initrd, false },
		{ EVLOG_DISK, g->disk, false },
	};
	int r;

	evlog_init(&l->log);
	l->n_parts = 0;
	if (!g->present || !g->kernel) {
		LAUNCH_LOG("guest '%s' has no launch.kernel in the policy", l->guest->name);
		return -EINVAL;
	}
	for (size_t i = 0; i < LAUNCH_PARTS; i++) {
		struct launch_part *p = &l->parts[l->n_parts];

		if (!order[i].path)
			continue;
		*p = (struct launch_part){ .part = order[i].part, .fd = -1 };
		l->n_parts++;
		if (order[i].text) {
			if (wc_Sha256Hash((const byte *)order[i].path,
					  (word32)strlen(order[i].path), p->digest) != 0)
				return -EIO;
		} else {
			p->path = order[i].path;
			if ((r = measure_file(p)) < 0)
				return r;
		}
		r = evlog_append(&l->log, (unsigned)evlog_part_pcr(p->part), p->part, p->digest);
		if (r < 0)
			return r;
	}
	return 0;
}

/* The approved digests of one part. */
static const struct vg_digests *approved(const struct vg_measurements *m,
					 enum evlog_part part)
{
	switch (part) {
	case EVLOG_KERNEL: return &m->kernel;
	case EVLOG_INITRD: return &m->initrd;
	case EVLOG_CMDLINE: return &m->cmdline;
	default: return &m->disk;
	}
}

int launch_approve(const struct launch *l, char *why, size_t size)
{
	static const enum evlog_part all[] = { EVLOG_KERNEL, EVLOG_CMDLINE, EVLOG_INITRD,
					      EVLOG_DISK };
	const struct vg_measurements *m = &l->guest->measurements;
	char hex[2 * EVLOG_DIGEST_LEN + 1];

	for (size_t i = 0; i < l->n_parts; i++) {
		const struct launch_part *p = &l->parts[i];
		const struct vg_digests *ok = approved(m, p->part);
		bool match = false;

		for (size_t j = 0; j < ok->n && !match; j++)
			match = memcmp(ok->values[j], p->digest, EVLOG_DIGEST_LEN) == 0;
		if (match)
			continue;
		vg_hex_encode(p->digest, EVLOG_DIGEST_LEN, hex);
		snprintf(why, size, "%s%s%s: sha256 %s %s", evlog_part_name(p->part),
			 p->path ? " " : "", p->path ? p->path : "", hex,
			 ok->n ? "is not an approved measurement"
			       : "has no approved measurement in the policy");
		return -EPERM;
	}
	/* authd refuses a guest whose approved part was not measured: so does
	 * the launch, before anything runs. */
	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
		bool launched = false;

		for (size_t j = 0; j < l->n_parts; j++)
			launched |= l->parts[j].part == all[i];
		if (!launched && approved(m, all[i])->n) {
			snprintf(why, size, "%s: approved in the policy but not in the guest's launch",
				 evlog_part_name(all[i]));
			return -EPERM;
		}
	}
	return 0;
}

void launch_parts_close(struct launch *l)
{
	for (size_t i = 0; i < l->n_parts; i++) {
		if (l->parts[i].fd >= 0)
			close(l->parts[i].fd);
		l->parts[i].fd = -1;
	}
}
