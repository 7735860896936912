/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef SIMGUEST_ENDPOINT_H
#define SIMGUEST_ENDPOINT_H

/* The vhost-user UNIX socket.  Each returns a non-blocking fd or -errno. */

/* Binds and listens on path, replacing a stale socket (never any other
 * kind of file: -EEXIST). */
int endpoint_listen(const char *path);

/* Accepts one backend connection. */
int endpoint_accept(int listen_fd);

/* Connects to path; -ENOENT / -ECONNREFUSED / -EAGAIN mean "not yet". */
int endpoint_connect(const char *path);

#endif
