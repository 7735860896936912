/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VG_CONFIG_JSON_H
#define VG_CONFIG_JSON_H

/* A config as one JSON document (json-c) with stable field names, for
 * `vmgatectl --json check` and the daemons' status replies. */

#include <json-c/json.h>

#include "vg_config.h"

/* Returns a new object (release with json_object_put), or NULL when out of
 * memory. */
struct json_object *vg_config_to_json(const struct vg_config *cfg);

/* Problems as an array of {"file", "line", "message"}. */
struct json_object *vg_diag_to_json(const struct vg_diag *diag);

#endif
