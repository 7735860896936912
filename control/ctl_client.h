/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VG_CTL_CLIENT_H
#define VG_CTL_CLIENT_H

/* The client side of the control protocol (vmgatectl, and daemons that
 * drive each other). */

#include <stddef.h>
#include <stdint.h>

/* Sends one request and reads the response. Returns 0 when a response
 * arrived (its status in *status, its JSON text malloc'd in *reply, NUL
 * terminated, or NULL when empty), or -errno when the daemon could not be
 * reached or answered out of protocol. */
int ctl_call(const char *path, uint16_t type, const void *req, size_t len,
	     int *status, char **reply);

#endif
