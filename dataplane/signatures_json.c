/* SPDX-License-Identifier: BSD-3-Clause */
/* The signatures document of the control socket: each signature with its
 * rules and matches, and the recent events (control_json.h). */
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "control_json.h"
#include "counter.h"
#include "pkt_meta.h"
#include "sig_events.h"

static void put(struct json_object *o, const char *k, struct json_object *v)
{
	json_object_object_add(o, k, v);
}

/* The pattern as text when it is printable, else as hex (as configured);
 * a regex as its expression. */
static void pattern_json(struct json_object *o, const struct vg_signature *sig)
{
	char *buf;
	bool text = true;

	if (sig->caseless)
		put(o, "caseless", json_object_new_boolean(true));
	if (sig->kind == VG_SIG_REGEX) {
		put(o, "regex", json_object_new_string((const char *)sig->pattern));
		return;
	}
	buf = malloc(sig->len * 2 + 1);
	if (!buf)
		return;
	for (size_t i = 0; i < sig->len; i++)
		text &= sig->pattern[i] >= 0x20 && sig->pattern[i] < 0x7f;
	if (text) {
		memcpy(buf, sig->pattern, sig->len);
		buf[sig->len] = '\0';
	} else {
		for (size_t i = 0; i < sig->len; i++)
			snprintf(buf + 2 * i, 3, "%02x", sig->pattern[i]);
	}
	put(o, text ? "pattern" : "hex", json_object_new_string(buf));
	free(buf);
}

/* The rules that inspect for signature i. */
static struct json_object *signature_rules_json(const struct vg_config *cfg, uint32_t i)
{
	struct json_object *a = json_object_new_array();

	for (size_t r = 0; r < cfg->policy.n_rules; r++)
		for (size_t j = 0; j < cfg->policy.rules[r].n_inspect; j++)
			if (cfg->policy.rules[r].inspect[j] == i) {
				json_object_array_add(a, json_object_new_string(
							      cfg->policy.rules[r].name));
				break;
			}
	return a;
}

static struct json_object *guest_json(const struct dataplane *dp, uint16_t g)
{
	return json_object_new_string(g < dp->topo->n_guests ? dp->topo->guests[g].name
				      : "gateway");
}

static struct json_object *event_json(const struct dataplane *dp, const struct sig_event *e)
{
	struct json_object *o = json_object_new_object();
	struct timespec ts = sig_events_time(dp->events, e->tsc);
	char when[64];
	struct tm tm;

	gmtime_r(&ts.tv_sec, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(when + strlen(when), sizeof(when) - strlen(when), ".%03ldZ",
		 ts.tv_nsec / 1000000);
	put(o, "number", json_object_new_uint64(e->number));
	put(o, "time", json_object_new_string(when));
	put(o, "signature", json_object_new_string(e->signature));
	put(o, "action", json_object_new_string(vg_sig_action_name(e->action)));
	put(o, "rule", json_object_new_string(e->rule));
	put(o, "src", guest_json(dp, e->src));
	put(o, "dst", guest_json(dp, e->dst));
	put(o, "proto", json_object_new_string(e->proto == IPPROTO_TCP ? "tcp" : "udp"));
	put(o, "sport", json_object_new_int(e->sport));
	put(o, "dport", json_object_new_int(e->dport));
	return o;
}

static struct json_object *events_json(const struct dataplane *dp)
{
	struct json_object *a = json_object_new_array();
	struct sig_event *ev;
	unsigned n;

	if (!dp->events)
		return a;
	ev = malloc(sizeof(*ev) * SIG_EVENTS_MAX);
	if (!ev)
		return a;
	n = sig_events_read(dp->events, ev);
	for (unsigned i = 0; i < n; i++)
		json_object_array_add(a, event_json(dp, &ev[i]));
	free(ev);
	return a;
}

struct json_object *signatures_json(const struct dataplane *dp)
{
	const struct dp_policy *pol = dp->policy;
	const struct vg_config *cfg = pol->cfg;
	struct json_object *o = json_object_new_object();
	struct json_object *a = json_object_new_array();

	for (uint32_t i = 0; i < pol->signatures.n; i++) {
		const struct vg_signature *sig = &cfg->signatures[i];
		struct json_object *e = json_object_new_object();

		put(e, "name", json_object_new_string(sig->name));
		put(e, "action", json_object_new_string(vg_sig_action_name(sig->action)));
		pattern_json(e, sig);
		put(e, "rules", signature_rules_json(cfg, i));
		put(e, "matches", json_object_new_uint64(counter_read(&pol->signatures.sig[i].matches)));
		json_object_array_add(a, e);
	}
	put(o, "generation", json_object_new_uint64(pol->generation));
	put(o, "signatures", a);
	put(o, "events_total", json_object_new_uint64(dp->events ? sig_events_total(dp->events) : 0));
	put(o, "events_unlogged",
	    json_object_new_uint64(dp->events ? sig_events_unlogged(dp->events) : 0));
	put(o, "events", events_json(dp));
	return o;
}
