/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VMGATECTL_DATAPLANE_TABLE_H
#define VMGATECTL_DATAPLANE_TABLE_H

#include <json-c/json.h>

/* The dataplane's documents as tables for people. */
void status_table(struct json_object *doc);
void ports_table(struct json_object *doc);
void guests_table(struct json_object *doc);
void rules_table(struct json_object *doc);
void stats_table(struct json_object *doc);
void grants_table(struct json_object *doc);
void bpf_table(struct json_object *doc);
void signatures_table(struct json_object *doc);
void events_table(struct json_object *doc);

#endif
