/* SPDX-License-Identifier: BSD-3-Clause */
/* A guest's rate limit: what its port may send, policed per packet. */
#include "parse.h"

static const char *const rate_keys[] = { "kbps", "burst_kb", "pps", NULL };

void parse_rate_limit(struct parse *p, const config_setting_t *guest,
		      const char *ctx, struct vg_rate_limit *rl)
{
	const config_setting_t *g;
	int64_t kbps = 0, burst = 64, pps = 0;
	int rk, rp;

	if (read_group(p, guest, "rate_limit", ctx, false, &g) <= 0)
		return;
	rl->present = true;
	read_known_keys(p, g, ctx, rate_keys);
	rk = read_int(p, g, "kbps", ctx, false, 1, 400000000, &kbps);
	read_int(p, g, "burst_kb", ctx, false, 1, 1048576, &burst);
	rp = read_int(p, g, "pps", ctx, false, 1, 1000000000, &pps);
	if (rk == 0 && rp == 0)
		parse_error(p, g, ctx, "'rate_limit' needs 'kbps' or 'pps'");
	rl->kbps = (uint64_t)kbps;
	rl->burst_kb = (uint64_t)burst;
	rl->pps = (uint64_t)pps;
}
