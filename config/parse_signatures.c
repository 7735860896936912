/* SPDX-License-Identifier: BSD-3-Clause */
/* Inspection signatures: byte patterns or regular expressions searched in
 * payloads of rules that name them in 'inspect'. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hs/hs.h>

#include "hex.h"
#include "parse.h"

static const char *const signature_keys[] = { "name", "pattern", "hex", "regex",
					      "caseless", "action", NULL };

/* The bytes of a 'pattern' or 'hex' signature into sig. */
static void parse_literal(struct parse *p, const config_setting_t *ss, const char *ctx,
			  const char *text, const char *hex, struct vg_signature *sig)
{
	size_t len = text ? strlen(text) : strlen(hex) / 2;
	uint8_t *bytes;

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
	sig->kind = VG_SIG_LITERAL;
	sig->pattern = bytes;
	sig->len = len;
}

/* A 'regex' signature: checked here with Hyperscan's own parser, with the
 * flags the dataplane compiles it with, so that `vmgatectl check` refuses
 * what the dataplane would. */
static void parse_regex(struct parse *p, const config_setting_t *ss, const char *ctx,
			const char *regex, bool caseless, struct vg_signature *sig)
{
	const config_setting_t *at = config_setting_get_member(ss, "regex");
	size_t len = strlen(regex);
	hs_expr_info_t *info = NULL;
	hs_compile_error_t *e = NULL;
	uint8_t *copy;

	if (len == 0 || len > VG_SIGNATURE_MAX) {
		parse_error(p, at, ctx, "regex must be 1 to %d characters", VG_SIGNATURE_MAX);
		return;
	}
	if (hs_expression_info(regex, HS_FLAG_SINGLEMATCH | (caseless ? HS_FLAG_CASELESS : 0),
			       &info, &e) != HS_SUCCESS) {
		parse_error(p, at, ctx, "regex cannot be compiled: %s",
			    e ? e->message : "refused");
		hs_free_compile_error(e);
		return;
	}
	/* A regex that matches the empty string would drop every payload. */
	if (info->min_width == 0)
		parse_error(p, at, ctx, "regex matches an empty payload");
	free(info);
	copy = parse_oom_check(p, vg_arena_alloc(p->arena, len + 1));
	if (!copy)
		return;
	memcpy(copy, regex, len + 1);
	sig->kind = VG_SIG_REGEX;
	sig->pattern = copy;
	sig->len = len;
}

static void parse_pattern(struct parse *p, const config_setting_t *ss,
			  const char *ctx, struct vg_signature *sig)
{
	const char *text = NULL, *hex = NULL, *regex = NULL;
	int rt = read_string(p, ss, "pattern", ctx, false, &text);
	int rh = read_string(p, ss, "hex", ctx, false, &hex);
	int rr = read_string(p, ss, "regex", ctx, false, &regex);
	bool caseless = false;

	if (rt < 0 || rh < 0 || rr < 0 ||
	    read_bool(p, ss, "caseless", ctx, false, &caseless) < 0)
		return;
	if ((rt > 0) + (rh > 0) + (rr > 0) != 1) {
		parse_error(p, ss, ctx, "needs exactly one of 'pattern', 'hex' or 'regex'");
		return;
	}
	sig->caseless = caseless;
	if (regex)
		parse_regex(p, ss, ctx, regex, caseless, sig);
	else
		parse_literal(p, ss, ctx, text, hex, sig);
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
