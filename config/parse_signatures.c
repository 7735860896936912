/* SPDX-License-Identifier: BSD-3-Clause */
/* Inspection signatures: byte patterns searched in payloads of rules that
 * name them in 'inspect'. */
#include <stdio.h>
#include <string.h>

#include "parse.h"

static const char *const signature_keys[] = { "name", "pattern", "hex", "action",
					      NULL };

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)(c | 0x20);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

static void parse_pattern(struct parse *p, const config_setting_t *ss,
			  const char *ctx, struct vg_signature *sig)
{
	const char *text = NULL, *hex = NULL;
	int rt = read_string(p, ss, "pattern", ctx, false, &text);
	int rh = read_string(p, ss, "hex", ctx, false, &hex);
	size_t len;
	uint8_t *bytes;

	if (rt < 0 || rh < 0)
		return;
	if ((rt > 0) == (rh > 0)) {
		parse_error(p, ss, ctx, "needs exactly one of 'pattern' or 'hex'");
		return;
	}
	len = text ? strlen(text) : strlen(hex) / 2;
	if (len == 0 || len > VG_SIGNATURE_MAX || (hex && strlen(hex) % 2)) {
		parse_error(p, config_setting_get_member(ss, text ? "pattern" : "hex"),
			    ctx, "pattern must be 1 to %d bytes%s", VG_SIGNATURE_MAX,
			    hex ? " (an even number of hex digits)" : "");
		return;
	}
	bytes = parse_oom_check(p, vg_arena_alloc(p->arena, len));
	if (!bytes)
		return;
	if (text)
		memcpy(bytes, text, len);
	for (size_t i = 0; hex && i < len; i++) {
		int hi = hex_digit(hex[2 * i]), lo = hex_digit(hex[2 * i + 1]);

		if (hi < 0 || lo < 0) {
			parse_error(p, config_setting_get_member(ss, "hex"), ctx,
				    "'hex' must contain only hex digits");
			return;
		}
		bytes[i] = (uint8_t)(hi << 4 | lo);
	}
	sig->pattern = bytes;
	sig->len = len;
}

void parse_signatures(struct parse *p, const config_setting_t *root)
{
	const config_setting_t *list;
	struct vg_signature *sigs;
	int n;

	if (read_sequence(p, root, "signatures", NULL, false, &list) <= 0)
		return;
	n = config_setting_length(list);
	sigs = parse_oom_check(p, vg_arena_array(p->arena, (size_t)n, sizeof(*sigs)));
	if (!sigs)
		return;
	for (int i = 0; i < n; i++) {
		const config_setting_t *ss = config_setting_get_elem(list, (unsigned)i);
		struct vg_signature *sig = &sigs[i];
		char ctx[CTX_MAX];
		int action = VG_SIG_DROP;

		snprintf(ctx, sizeof(ctx), "signature %d", i + 1);
		sig->name = "";
		if (config_setting_type(ss) != CONFIG_TYPE_GROUP) {
			parse_error(p, ss, ctx, "must be a group { ... }");
			continue;
		}
		if (read_string(p, ss, "name", ctx, true, &sig->name) > 0) {
			if (name_is_valid(sig->name))
				snprintf(ctx, sizeof(ctx), "signature '%s'", sig->name);
			else
				parse_error(p, config_setting_get_member(ss, "name"), ctx,
					    "invalid name '%.64s'", sig->name);
		}
		read_known_keys(p, ss, ctx, signature_keys);
		parse_pattern(p, ss, ctx, sig);
		read_enum(p, ss, "action", ctx, false, sig_action_names, &action);
		sig->action = (enum vg_sig_action)action;
	}
	p->cfg->signatures = sigs;
	p->cfg->n_signatures = (size_t)n;
}
