/* SPDX-License-Identifier: BSD-3-Clause */
#include "parse.h"

const char *const idle_mode_names[] = { "adaptive", "interrupt", "poll", NULL };
const char *const hugepages_names[] = { "auto", "on", "off", NULL };
const char *const vhost_mode_names[] = { "client", "server", NULL };
const char *const action_names[] = { "deny", "allow", NULL };
const char *const proto_names[] = { "any", "tcp", "udp", "icmp", "icmpv6", NULL };
const char *const on_failure_names[] = { "restart", "isolate", NULL };
const char *const role_names[] = { "user", "admin", NULL };
const char *const sig_action_names[] = { "drop", "alert", NULL };

#define NAME_OF(table, v) \
	((unsigned)(v) < sizeof(table) / sizeof(table[0]) - 1 ? table[v] : "?")

const char *vg_action_name(enum vg_action a) { return NAME_OF(action_names, a); }
const char *vg_proto_name(enum vg_proto p) { return NAME_OF(proto_names, p); }
const char *vg_idle_mode_name(enum vg_idle_mode m) { return NAME_OF(idle_mode_names, m); }
const char *vg_hugepages_name(enum vg_hugepages h) { return NAME_OF(hugepages_names, h); }
const char *vg_vhost_mode_name(enum vg_vhost_mode m) { return NAME_OF(vhost_mode_names, m); }
const char *vg_on_failure_name(enum vg_on_failure f) { return NAME_OF(on_failure_names, f); }
const char *vg_role_name(enum vg_role r) { return NAME_OF(role_names, r); }
const char *vg_sig_action_name(enum vg_sig_action a) { return NAME_OF(sig_action_names, a); }
