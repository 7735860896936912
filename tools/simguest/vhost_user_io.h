/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef SIMGUEST_VHOST_USER_IO_H
#define SIMGUEST_VHOST_USER_IO_H

#include <stdint.h>

/* Framing of vhost-user messages on the UNIX socket; used only by
 * vhost_user.c.  Both return 0 or -errno (-ETIMEDOUT, -EPIPE when the
 * backend is gone, -EPROTO for a reply that is not the one we expect). */

/* Sends header + payload; pass_fd >= 0 travels as SCM_RIGHTS. */
int vu_send(int fd, uint32_t request, const void *payload, uint32_t size, int pass_fd);

/* Waits for the reply to request, whose payload must be exactly size bytes. */
int vu_recv_reply(int fd, uint32_t request, void *payload, uint32_t size);

#endif
