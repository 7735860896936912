/* SPDX-License-Identifier: BSD-3-Clause */
/* Inspection signatures: byte patterns searched in payloads of rules that
 * name them in 'inspect'. */
#include <stdio.h>
#include <string.h>

#include "hex.h"
#include "parse.h"

static const char *const signature_keys[] = { "name", "pattern", "hex", "action",
					      NULL };

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
	if (text) {
		memcpy(bytes, text, len);
	} else if (vg_hex_decode(hex, bytes, len) < 0) {
		parse_error(p, config_setting_get_member(ss, "hex"), ctx,
			    "'hex' must contain only hex digits");
		return;
	}
	sig->pattern = bytes;
	sig->len = len;
}

void parse_signatures(struct parse *p, const config_setting_t *root)
{
	const config_setting_t *list;
	size_t n;
	struct vg_signature *sigs = read_items(p, root, "signatures", NULL, 4096,
					       sizeof(*sigs), &n, &list);

	for (size_t i = 0; i < n; i++) {
		const config_setting_t *ss = config_setting_get_elem(list, (unsigned)i);
		struct vg_signature *sig = &sigs[i];
		char ctx[CTX_MAX];
		int action = VG_SIG_DROP;

		sig->name = "";
		if (!read_item_head(p, ss, "signature", i, true, &sig->name, ctx))
			continue;
		read_known_keys(p, ss, ctx, signature_keys);
		parse_pattern(p, ss, ctx, sig);
		read_enum(p, ss, "action", ctx, false, sig_action_names, &action);
		sig->action = (enum vg_sig_action)action;
	}
	p->cfg->signatures = sigs;
	p->cfg->n_signatures = n;
}
