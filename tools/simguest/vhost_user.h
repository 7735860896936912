/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef SIMGUEST_VHOST_USER_H
#define SIMGUEST_VHOST_USER_H

#include <stdint.h>

#include "mem.h"
#include "virtqueue.h"

/*
 * The vhost-user requests a frontend sends to set up a virtio-net device
 * (QEMU docs/interop/vhost-user.rst).  Only GET_FEATURES is answered;
 * the others go without NEED_REPLY, as protocol features are never
 * negotiated.  Each returns 0 or a negative errno from vhost_user_io.h.
 */
int vu_set_owner(int fd);
int vu_get_features(int fd, uint64_t *features);
int vu_set_features(int fd, uint64_t features);
/* One region: guest physical 0 .. m->size, at m->base in our address space. */
int vu_set_mem_table(int fd, const struct guest_mem *m);
int vu_set_vring_num(int fd, uint32_t index, uint32_t num);
int vu_set_vring_base(int fd, uint32_t index, uint32_t base);
int vu_set_vring_addr(int fd, uint32_t index, const struct virtqueue *vq);
int vu_set_vring_call(int fd, uint32_t index, int efd);
int vu_set_vring_kick(int fd, uint32_t index, int efd);

#endif
