/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VG_CONTROL_JSON_H
#define VG_CONTROL_JSON_H

/* The dataplane's state as JSON documents with stable field names, for
 * the control socket (vmgatectl renders them as tables or passes them on). */

#include <json-c/json.h>

#include "dataplane.h"

struct json_object *status_json(const struct dataplane *dp);
struct json_object *ports_json(const struct dataplane *dp);
struct json_object *guests_json(const struct dataplane *dp);
struct json_object *rules_json(const struct dataplane *dp);
struct json_object *stats_json(const struct dataplane *dp);
struct json_object *grants_json(const struct dataplane *dp);
struct json_object *bpf_json(const struct dataplane *dp);
struct json_object *signatures_json(const struct dataplane *dp);
/* The live sessions of guest (VG_GUEST_NONE: all), at most limit, at TSC
 * now with hz ticks a second. */
struct json_object *conntrack_sessions_json(const struct dataplane *dp, uint16_t guest,
					    uint32_t limit, uint64_t now, uint64_t hz);

#endif
