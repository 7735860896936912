/* SPDX-License-Identifier: BSD-3-Clause */
/* Pair grants: asked for by an agent, allowed by the policy, given only
 * when both guests are freshly attested (the peer is challenged there and
 * then), renewed only when one of them attests again while the other is
 * still fresh, dropped at once when either fails. */
#include <errno.h>
#include <string.h>

#include "authd.h"

static struct pair *find(struct authd *a, size_t x, size_t y)
{
	for (size_t i = 0; i < a->n_pairs; i++)
		if ((a->pairs[i].a == x && a->pairs[i].b == y) ||
		    (a->pairs[i].a == y && a->pairs[i].b == x))
			return &a->pairs[i];
	return NULL;
}

static int grant(struct authd *a, size_t x, size_t y)
{
	uint32_t ttl = a->cfg->attestation.grant_ttl_s;
	struct pair *p = find(a, x, y);
	int r = dataplane_grant(a, a->cfg->guests[x].name, a->cfg->guests[y].name, ttl);

	if (r < 0)
		return r;
	if (!p) {
		if (a->n_pairs == AUTHD_PAIRS_MAX)
			return -ENOSPC;
		p = &a->pairs[a->n_pairs++];
		p->a = x;
		p->b = y;
	}
	p->expires = authd_now() + ttl;
	return 0;
}

static size_t guest_index(const struct authd *a, const char *name)
{
	for (size_t i = 0; i < a->cfg->n_guests; i++)
		if (strcmp(a->cfg->guests[i].name, name) == 0)
			return i;
	return SIZE_MAX;
}

int pair_request(struct authd *a, struct conn *c, const struct att_msg *m)
{
	char peer[ATT_NAME_MAX + 1];
	size_t b;
	struct guest_att *pg;
	int r;

	if (att_msg_name(m, ATT_T_PEER, peer, sizeof(peer)) < 0)
		return -EPROTO;
	b = guest_index(a, peer);
	if (b == SIZE_MAX)
		return conn_send_status(c, ATT_PAIR_RESULT, ATT_STATUS_UNKNOWN_GUEST, 0,
					peer, "no such guest in the policy");
	if (!pair_allowed(a->cfg, c->guest, b))
		return conn_send_status(c, ATT_PAIR_RESULT, ATT_STATUS_REFUSED, 0, peer,
					"no rule lets these guests talk");
	if (!attest_fresh(a, c->guest))
		return conn_send_status(c, ATT_PAIR_RESULT, ATT_STATUS_NOT_ATTESTED, 0,
					peer, "attest first");
	/* The peer proves itself now, over its own standing connection. */
	pg = &a->guests[b];
	if (!pg->conn)
		return conn_send_status(c, ATT_PAIR_RESULT, ATT_STATUS_NOT_ATTESTED, 0,
					peer, "the peer's agent is not connected");
	if (attest_guest(a, pg->conn) < 0)
		return conn_send_status(c, ATT_PAIR_RESULT, ATT_STATUS_NOT_ATTESTED, 0,
					peer, "the peer failed attestation");
	r = grant(a, c->guest, b);
	if (r < 0)
		return conn_send_status(c, ATT_PAIR_RESULT, ATT_STATUS_INTERNAL, 0, peer,
					"the dataplane did not take the grant");
	AUTHD_LOG("granted %s <-> %s for %u s", a->cfg->guests[c->guest].name, peer,
		  a->cfg->attestation.grant_ttl_s);
	return conn_send_status(c, ATT_PAIR_RESULT, ATT_STATUS_OK,
				a->cfg->attestation.grant_ttl_s, peer, NULL);
}

void pairs_renew(struct authd *a, size_t i)
{
	for (size_t k = 0; k < a->n_pairs; k++) {
		struct pair *p = &a->pairs[k];
		size_t other = p->a == i ? p->b : p->b == i ? p->a : SIZE_MAX;

		if (other != SIZE_MAX && attest_fresh(a, other))
			grant(a, p->a, p->b);
	}
}

static void remove_at(struct authd *a, size_t k)
{
	a->pairs[k] = a->pairs[--a->n_pairs];
}

void pairs_expire(struct authd *a)
{
	double now = authd_now();

	for (size_t k = a->n_pairs; k-- > 0;)
		if (a->pairs[k].expires <= now)
			remove_at(a, k);
}

void pairs_drop(struct authd *a, size_t i)
{
	for (size_t k = a->n_pairs; k-- > 0;)
		if (a->pairs[k].a == i || a->pairs[k].b == i)
			remove_at(a, k);
}
