/* SPDX-License-Identifier: BSD-3-Clause */
/* The mirror section: where copies of chosen frames go (a pcapng file, a
 * TAP interface for an IDS, or both), whether every dropped frame goes
 * too, and how much of each frame is kept. Rules choose their frames with
 * `mirror = true`; such a rule needs a target. */
#include <stdio.h>
#include <string.h>

#include "parse.h"

#define SNAPLEN_MIN 64             /* Ethernet, IPv6 and most of TCP */
#define SNAPLEN_MAX 65535
#define IFNAME_MAX 15              /* IFNAMSIZ less the NUL */

static const char *const mirror_keys[] = { "pcapng", "tap", "drops", "snaplen", NULL };

/* A kernel interface name: what the kernel accepts, minus the characters
 * that need quoting in a shell. */
static bool ifname_is_valid(const char *name)
{
	size_t len = strlen(name);

	if (len == 0 || len > IFNAME_MAX || strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
		return false;
	for (size_t i = 0; i < len; i++) {
		char c = name[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-'))
			return false;
	}
	return true;
}

static void parse_tap(struct parse *p, const config_setting_t *ms, struct vg_mirror *m)
{
	const config_setting_t *at = config_setting_get_member(ms, "tap");
	const char *gw = p->cfg->gateway.name;
	char punt[IFNAME_MAX + 1];

	if (read_string(p, ms, "tap", "mirror", false, &m->tap) <= 0)
		return;
	if (!ifname_is_valid(m->tap)) {
		parse_error(p, at, "mirror", "invalid interface name '%.64s' in 'tap' "
			    "(letters, digits, '.', '_', '-'; at most %d)", m->tap, IFNAME_MAX);
		m->tap = NULL;
		return;
	}
	/* The punt port's TAP is named so (dataplane/punt_port.c). */
	snprintf(punt, sizeof(punt), "vg-%.12s", gw ? gw : "");
	if (gw && strcmp(punt, m->tap) == 0) {
		parse_error(p, at, "mirror", "'tap' '%s' is the name of the punt port", m->tap);
		m->tap = NULL;
	}
}

/* The first rule that mirrors, reported when there is nowhere to mirror
 * to: one message is enough to say what is missing. */
static void check_rules(struct parse *p, struct vg_mirror *m)
{
	const struct vg_policy *pol = &p->cfg->policy;
	const struct vg_rule *first = NULL;

	for (size_t i = 0; i < pol->n_rules; i++)
		if (pol->rules[i].mirror) {
			m->n_rules++;
			first = first ? first : &pol->rules[i];
		}
	if (first && !m->present)
		parse_error_line(p, first->line, NULL, "rule '%s': 'mirror = true' needs a "
				 "mirror section naming a target (pcapng or tap)",
				 first->name ? first->name : "?");
}

void parse_mirror(struct parse *p, const config_setting_t *root)
{
	struct vg_mirror *m = &p->cfg->mirror;
	const config_setting_t *ms;
	int64_t snaplen = SNAPLEN_MAX;
	int bad;

	m->snaplen = SNAPLEN_MAX;
	if (read_group(p, root, "mirror", NULL, false, &ms) > 0) {
		m->present = true;
		bad = read_known_keys(p, ms, "mirror", mirror_keys);
		bad |= read_path(p, ms, "pcapng", "mirror", false, &m->pcapng) < 0;
		parse_tap(p, ms, m);
		bad |= read_bool(p, ms, "drops", "mirror", false, &m->drops) < 0;
		if (read_int(p, ms, "snaplen", "mirror", false, SNAPLEN_MIN, SNAPLEN_MAX,
			     &snaplen) > 0)
			m->snaplen = (uint32_t)snaplen;
		/* A wrong target is reported already; say "no target" only
		 * when none was even tried. */
		if (!m->pcapng && !m->tap && !bad && !config_setting_get_member(ms, "tap"))
			parse_error(p, ms, "mirror", "names no target: set 'pcapng', 'tap' or both");
	}
	check_rules(p, m);
}
