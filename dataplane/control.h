/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VG_CONTROL_H
#define VG_CONTROL_H

#include "dataplane.h"

struct ctl_server;

/* The control thread: serves the control socket, performs reloads (asked
 * for over the socket or by SIGHUP) and refreshes link states, until
 * dp->stop. It is the only thread that replaces dp->policy, so it reads the
 * policy without RCU. */
void *control_thread(void *dp);

/* Answers one validated control request (ctl_handler). */
int control_handle(void *dp, uint16_t type, const void *payload, size_t len,
		   char **reply);

struct control_args {
	struct dataplane *dp;
	struct ctl_server *srv;
};

#endif
