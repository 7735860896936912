/* SPDX-License-Identifier: BSD-3-Clause */
#include "mem.h"

#include <errno.h>
#include <sys/mman.h>
#include <unistd.h>

int guest_mem_create(struct guest_mem *m, size_t size)
{
	int err;

	m->fd = memfd_create("vmgate-simguest", MFD_CLOEXEC);
	if (m->fd < 0)
		return -errno;
	if (ftruncate(m->fd, (off_t)size) < 0)
		goto fail;
	m->base = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, m->fd, 0);
	if (m->base == MAP_FAILED)
		goto fail;
	m->size = size;
	return 0;
fail:
	err = -errno;
	close(m->fd);
	m->fd = -1;
	m->base = NULL;
	return err;
}

void guest_mem_destroy(struct guest_mem *m)
{
	if (m->base)
		munmap(m->base, m->size);
	if (m->fd >= 0)
		close(m->fd);
	m->fd = -1;
	m->base = NULL;
	m->size = 0;
}
