/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VG_CTL_IO_H
#define VG_CTL_IO_H

/* Whole-message reads and writes on a stream socket, with a deadline. */

#include <stddef.h>

/* 0, or -errno (-ETIMEDOUT past timeout_ms, -ECONNRESET on early EOF). */
int ctl_read_full(int fd, void *buf, size_t len, int timeout_ms);
int ctl_write_full(int fd, const void *buf, size_t len, int timeout_ms);

#endif
