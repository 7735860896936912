/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VG_FD_IO_H
#define VG_FD_IO_H

#include <stddef.h>

/* Writes all of len bytes to fd / reads exactly len bytes from fd, waiting
 * at most timeout_ms (-1: for ever) for each chunk: 0, -ETIMEDOUT, -EPIPE
 * at EOF, or -errno. */
int fd_write_all(int fd, const void *buf, size_t len, int timeout_ms);
int fd_read_all(int fd, void *buf, size_t len, int timeout_ms);

#endif
