/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef SIMGUEST_NETNS_H
#define SIMGUEST_NETNS_H

/* Moves this process into the namespace `ip netns add name` made.
 * 0 or -errno (-EINVAL for a name that is not a plain file name). */
int netns_enter(const char *name);

#endif
