/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VG_CTL_SERVER_H
#define VG_CTL_SERVER_H

/*
 * The daemon side of the control protocol. A connection is accepted only
 * from root or the daemon's own user (SO_PEERCRED); its request is read and
 * validated (magic, version, type, exact payload size) before the handler
 * sees it.
 */

#include <stddef.h>
#include <stdint.h>

struct ctl_server;

/* Handles one validated request: sets *reply to a malloc'd JSON text (or
 * leaves it NULL) and returns the status (0 or -errno). */
typedef int (*ctl_handler)(void *arg, uint16_t type, const void *payload,
			   size_t len, char **reply);

/* Listens on path (replacing a stale socket), mode 0660. NULL and *err. */
struct ctl_server *ctl_server_open(const char *path, int *err);
void ctl_server_close(struct ctl_server *srv);
/* Poll this for readability, then call ctl_server_serve. */
int ctl_server_fd(const struct ctl_server *srv);
/* Accepts one connection and answers its request. 0 or -errno. */
int ctl_server_serve(struct ctl_server *srv, ctl_handler handler, void *arg);
/* Connections refused for their credentials or malformed requests. */
uint64_t ctl_server_refused(const struct ctl_server *srv);

#endif
