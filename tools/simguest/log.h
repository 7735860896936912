/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef SIMGUEST_LOG_H
#define SIMGUEST_LOG_H

/* One line on stderr per event worth an operator's attention (connects,
 * disconnects, failures), never per packet. */
void log_init(const char *tag);
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
