/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef SIMGUEST_TAP_H
#define SIMGUEST_TAP_H

#include <stdint.h>

/* Creates TAP name (no packet info header) in the current network
 * namespace, MTU 1500, MAC set when mac is non-NULL, link up.  Returns
 * a non-blocking fd (closing it deletes the interface) or -errno. */
int tap_create(const char *name, const uint8_t mac[6]);

#endif
