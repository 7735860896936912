/* SPDX-License-Identifier: BSD-3-Clause */
#include "dataplane_table.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static const char *str(struct json_object *o, const char *key)
{
	struct json_object *v;

	if (!json_object_object_get_ex(o, key, &v) || !v)
		return "-";
	return json_object_get_string(v);
}

static uint64_t num(struct json_object *o, const char *key)
{
	struct json_object *v;

	return json_object_object_get_ex(o, key, &v) ? json_object_get_uint64(v) : 0;
}

void status_table(struct json_object *d)
{
	printf("gateway            %s (%s %s)\n", str(d, "gateway"), str(d, "daemon"),
	       str(d, "version"));
	printf("policy             %s, generation %s: %s rules (%s ACL entries), default %s\n",
	       str(d, "config"), str(d, "policy_generation"), str(d, "rules"),
	       str(d, "acl_entries"), str(d, "default_action"));
	printf("attestation        %s\n", json_object_get_boolean(
		       json_object_object_get(d, "attestation_required"))
	       ? "required" : "OFF: every configured pair is granted (lab mode)");
	printf("ports              %s of %s up (%s guests)\n", str(d, "ports_up"),
	       str(d, "ports"), str(d, "guests"));
	printf("reloads            %s, %s refused%s%s\n", str(d, "reloads"),
	       str(d, "reload_failures"),
	       num(d, "reload_failures") ? "; last: " : "",
	       num(d, "reload_failures") ? str(d, "last_reload_error") : "");
	printf("frames             %s (%s cycles each), idle %s, slept %s times\n",
	       str(d, "frames"), str(d, "cycles_per_frame"), str(d, "idle"),
	       str(d, "idle_sleeps"));
	printf("uptime             %s s\n", str(d, "uptime_s"));
}

/* "reason=n reason=n" of the non-zero drop counters. */
static void print_drops(struct json_object *drops)
{
	bool any = false;

	json_object_object_foreach(drops, reason, count) {
		if (json_object_get_uint64(count)) {
			printf("%s%s=%" PRIu64, any ? " " : "", reason,
			       json_object_get_uint64(count));
			any = true;
		}
	}
	if (!any)
		printf("-");
}

/* A signature's pattern as the policy wrote it: "hex:", "regex:" or bare. */
static const char *pattern_kind(struct json_object *s)
{
	if (json_object_object_get(s, "hex"))
		return "hex:";
	return json_object_object_get(s, "regex") ? "regex:" : "";
}

static const char *pattern_text(struct json_object *s)
{
	if (json_object_object_get(s, "hex"))
		return str(s, "hex");
	return json_object_object_get(s, "regex") ? str(s, "regex") : str(s, "pattern");
}

/* A guest's rate limit, "1000kbps/64KB,200pps", or "-" without one. */
static const char *rate_limit_text(struct json_object *o, char *buf, size_t size)
{
	struct json_object *rl;

	if (!json_object_object_get_ex(o, "rate_limit", &rl) || !rl)
		return "-";
	buf[0] = '\0';
	if (num(rl, "kbps"))
		snprintf(buf, size, "%" PRIu64 "kbps/%" PRIu64 "KB", num(rl, "kbps"),
			 num(rl, "burst_kb"));
	if (num(rl, "pps"))
		snprintf(buf + strlen(buf), size - strlen(buf), "%s%" PRIu64 "pps",
			 buf[0] ? "," : "", num(rl, "pps"));
	return buf;
}

void ports_table(struct json_object *a)
{
	printf("%-16s %-10s %-5s %-24s %12s %12s %8s  %s\n", "PORT", "KIND", "LINK",
	       "RATE LIMIT", "RX", "TX", "DROPS", "BY REASON");
	for (size_t i = 0; i < json_object_array_length(a); i++) {
		struct json_object *p = json_object_array_get_idx(a, i);
		char limit[64];

		printf("%-16s %-10s %-5s %-24s %12" PRIu64 " %12" PRIu64 " %8" PRIu64 "  ",
		       str(p, "name"), str(p, "kind"), str(p, "link"),
		       rate_limit_text(p, limit, sizeof(limit)), num(p, "rx_packets"),
		       num(p, "tx_packets"), num(p, "drops_total"));
		print_drops(json_object_object_get(p, "drops"));
		printf("\n");
	}
}

void guests_table(struct json_object *a)
{
	printf("%-16s %-17s %-18s %-24s %-5s %-24s %12s %s\n", "GUEST", "MAC", "IPV4",
	       "IPV6", "LINK", "RATE LIMIT", "OVER LIMIT", "GROUPS");
	for (size_t i = 0; i < json_object_array_length(a); i++) {
		struct json_object *g = json_object_array_get_idx(a, i);
		struct json_object *groups = json_object_object_get(g, "groups");
		char limit[64];

		printf("%-16s %-17s %-18s %-24s %-5s %-24s %12" PRIu64 " ", str(g, "name"),
		       str(g, "mac"), str(g, "ipv4"), str(g, "ipv6"), str(g, "link"),
		       rate_limit_text(g, limit, sizeof(limit)), num(g, "rate_limit_drops"));
		for (size_t j = 0; j < json_object_array_length(groups); j++)
			printf("%s@%s", j ? "," : "",
			       json_object_get_string(json_object_array_get_idx(groups, j)));
		printf("%s\n", json_object_array_length(groups) ? "" : "-");
	}
}

void rules_table(struct json_object *d)
{
	struct json_object *a = json_object_object_get(d, "rules");

	printf("%-5s %-18s %-14s %-14s %-7s %-16s %-6s %12s\n", "#", "RULE", "FROM", "TO",
	       "PROTO", "PORTS", "ACTION", "HITS");
	for (size_t i = 0; i < json_object_array_length(a); i++) {
		struct json_object *r = json_object_array_get_idx(a, i);
		struct json_object *types = json_object_object_get(r, "icmp_types");
		char match[64] = "";

		/* ICMP rules match types where others match ports. */
		for (size_t t = 0; t < json_object_array_length(types); t++)
			snprintf(match + strlen(match), sizeof(match) - strlen(match), "%stype %d",
				 t ? "," : "", json_object_get_int(json_object_array_get_idx(types, t)));
		printf("%-5s %-18s %-14s %-14s %-7s %-16s %-6s %12" PRIu64 "\n",
		       str(r, "index"), str(r, "name"), str(r, "from"), str(r, "to"),
		       str(r, "proto"), match[0] ? match : str(r, "ports"), str(r, "action"),
		       num(r, "hits"));
	}
	printf("%-5s %-18s %-14s %-14s %-7s %-16s %-6s\n", "-", "(default)", "any", "any",
	       "any", "any", str(d, "default_action"));
}

/* The mirror's counters on one line; nothing without a mirror. */
static void mirror_line(struct json_object *m)
{
	if (!m)
		return;
	printf("mirror %s%s%s%s%s: mirrored %s, lost to a full ring %s, write errors %s "
	       "(%s rule(s)%s, snaplen %s)\n",
	       json_object_object_get(m, "pcapng") ? "pcapng " : "",
	       json_object_object_get(m, "pcapng") ? str(m, "pcapng") : "",
	       json_object_object_get(m, "pcapng") && json_object_object_get(m, "tap") ? ", " : "",
	       json_object_object_get(m, "tap") ? "tap " : "",
	       json_object_object_get(m, "tap") ? str(m, "tap") : "",
	       str(m, "mirrored"), str(m, "mirror_full"), str(m, "mirror_errors"),
	       str(m, "rules"),
	       json_object_get_boolean(json_object_object_get(m, "drops")) ? " and all drops" : "",
	       str(m, "snaplen"));
}

void stats_table(struct json_object *d)
{
	struct json_object *drops = json_object_object_get(d, "drops");

	struct json_object *ct = json_object_object_get(d, "conntrack");

	printf("received %s, sent %s, dropped %s\n", str(d, "rx_packets"),
	       str(d, "tx_packets"), str(d, "drops_total"));
	if (ct) {
		struct json_object *states = json_object_object_get(ct, "by_state");

		printf("sessions %s of %s (created %s, expired %s, closed %s, refused %" PRIu64 ")",
		       str(ct, "sessions"), str(ct, "capacity"), str(ct, "created"),
		       str(ct, "expired"), str(ct, "closed"),
		       num(ct, "table_full") + num(ct, "guest_full"));
		json_object_object_foreach(states, state, count)
			if (json_object_get_uint64(count))
				printf(" %s=%s", state, json_object_get_string(count));
		printf("\n");
	}
	mirror_line(json_object_object_get(d, "mirror"));
	printf("\n");
	printf("%-16s %12s  %s\n", "DROP REASON", "FRAMES", "MEANING");
	json_object_object_foreach(drops, reason, v)
		printf("%-16s %12" PRIu64 "  %s\n", reason, num(v, "count"), str(v, "text"));
}

void grants_table(struct json_object *a)
{
	printf("%-16s %-16s %-12s %12s %12s\n", "GUEST A", "GUEST B", "EXPIRES IN",
	       "A->B", "B->A");
	for (size_t i = 0; i < json_object_array_length(a); i++) {
		struct json_object *g = json_object_array_get_idx(a, i);
		struct json_object *e = json_object_object_get(g, "expires_in_s");
		char expires[32] = "never";

		if (e)
			snprintf(expires, sizeof(expires), "%.1f s", json_object_get_double(e));
		printf("%-16s %-16s %-12s %12" PRIu64 " %12" PRIu64 "\n", str(g, "a"),
		       str(g, "b"), expires, num(g, "packets_ab"), num(g, "packets_ba"));
	}
}

/* Appends "PREFIX:NAME," for each name in array key of o. */
static size_t attached_names(char *buf, size_t size, size_t used, struct json_object *o,
			     const char *key, const char *prefix)
{
	struct json_object *a = json_object_object_get(o, key);

	for (size_t j = 0; j < json_object_array_length(a) && used < size; j++)
		used += (size_t)snprintf(buf + used, size - used, "%s%s:%s", used ? "," : "",
					 prefix,
					 json_object_get_string(json_object_array_get_idx(a, j)));
	return used;
}

/* Where a program runs: the whole policy, guests, rules. */
static void attached_to(struct json_object *p, char *buf, size_t size)
{
	size_t used = (size_t)snprintf(buf, size, "%s",
				       json_object_get_boolean(json_object_object_get(p, "policy"))
				       ? "policy" : "");

	used = attached_names(buf, size, used, p, "guests", "guest");
	used = attached_names(buf, size, used, p, "rules", "rule");
	if (used == 0)
		snprintf(buf, size, "(nothing)");
}

void bpf_table(struct json_object *d)
{
	struct json_object *a = json_object_object_get(d, "programs");

	printf("%-16s %-10s %-4s %12s %12s  %-32s %s\n", "PROGRAM", "SECTION", "JIT", "RUNS",
	       "DROPS", "ATTACHED TO", "OBJECT");
	for (size_t i = 0; i < json_object_array_length(a); i++) {
		struct json_object *p = json_object_array_get_idx(a, i);
		char where[256];

		attached_to(p, where, sizeof(where));
		printf("%-16s %-10s %-4s %12" PRIu64 " %12" PRIu64 "  %-32s %s\n", str(p, "name"),
		       str(p, "section"),
		       json_object_get_boolean(json_object_object_get(p, "jit")) ? "yes" : "no",
		       num(p, "runs"), num(p, "drops"), where, str(p, "object"));
	}
	if (json_object_array_length(a) == 0)
		printf("(no programs in the policy)\n");
}

void signatures_table(struct json_object *d)
{
	struct json_object *a = json_object_object_get(d, "signatures");

	printf("%-16s %-6s %12s  %-24s %s\n", "SIGNATURE", "ACTION", "MATCHES", "RULES",
	       "PATTERN");
	for (size_t i = 0; i < json_object_array_length(a); i++) {
		struct json_object *s = json_object_array_get_idx(a, i);
		struct json_object *rules = json_object_object_get(s, "rules");
		char names[256] = "";
		size_t used = 0;

		for (size_t j = 0; j < json_object_array_length(rules) && used < sizeof(names); j++)
			used += (size_t)snprintf(names + used, sizeof(names) - used, "%s%s",
						 j ? "," : "",
						 json_object_get_string(json_object_array_get_idx(rules, j)));
		printf("%-16s %-6s %12" PRIu64 "  %-24s %s%s%s\n", str(s, "name"),
		       str(s, "action"), num(s, "matches"), names[0] ? names : "(none)",
		       pattern_kind(s), pattern_text(s),
		       json_object_object_get(s, "caseless") ? " (caseless)" : "");
	}
	if (json_object_array_length(a) == 0)
		printf("(no signatures in the policy)\n");
	printf("\n");
	events_table(d);
}

void events_table(struct json_object *d)
{
	struct json_object *a = json_object_object_get(d, "events");

	printf("%-24s %-16s %-6s %-16s %-16s %-16s %s\n", "TIME", "SIGNATURE", "ACTION",
	       "RULE", "FROM", "TO", "FLOW");
	for (size_t i = 0; i < json_object_array_length(a); i++) {
		struct json_object *e = json_object_array_get_idx(a, i);

		printf("%-24s %-16s %-6s %-16s %-16s %-16s %s %s -> %s\n", str(e, "time"),
		       str(e, "signature"), str(e, "action"), str(e, "rule"), str(e, "src"),
		       str(e, "dst"), str(e, "proto"), str(e, "sport"), str(e, "dport"));
	}
	printf("(%" PRIu64 " events in all, the last %zu shown)\n", num(d, "events_total"),
	       json_object_array_length(a));
}
