/* SPDX-License-Identifier: BSD-3-Clause */
#include "ct_tcp.h"

#include <string.h>

/* Acknowledgements may lag the data sent by at most this much, or by the
 * largest window when that is larger (as in Linux). */
#define MAX_ACK_WINDOW 66000u
#define WSCALE_MAX 14

static const char *const state_names[] = {
#define _(id, name) name,
	CT_STATES(_)
#undef _
};

const char *ct_state_name(enum ct_state s)
{
	return (unsigned)s < CT_STATE_MAX ? state_names[s] : "?";
}

/* Sequence numbers wrap: compare them as distances. */
static bool seq_before(uint32_t a, uint32_t b)
{
	return (int32_t)(a - b) < 0;
}

static bool seq_after(uint32_t a, uint32_t b)
{
	return seq_before(b, a);
}

/* The sequence after the segment: SYN and FIN count one each. */
static uint32_t seg_end(const struct ct_tcp_seg *s)
{
	return s->seq + s->len + ((s->flags & CT_TCP_SYN) ? 1 : 0) +
	       ((s->flags & CT_TCP_FIN) ? 1 : 0);
}

static uint8_t wscale_of(const struct ct_tcp_seg *s)
{
	return s->wscale > WSCALE_MAX ? WSCALE_MAX : (uint8_t)s->wscale;
}

void ct_tcp_init(struct ct_tcp *t, const struct ct_tcp_seg *syn)
{
	struct ct_tcp_dir *d = &t->dir[0];

	memset(t, 0, sizeof(*t));
	d->end = d->maxend = seg_end(syn);
	d->maxwin = syn->win ? syn->win : 1;
	d->syn_wscale = syn->wscale >= 0;
	d->wscale = d->syn_wscale ? wscale_of(syn) : 0;
}

/* Before the responder has spoken: the SYN again from the opener; from the
 * responder a SYN-ACK or a RST, either acknowledging exactly the SYN. */
static enum ct_tcp_verdict syn_sent(struct ct_tcp *t, enum ct_state *state, int dir,
				    const struct ct_tcp_seg *s)
{
	struct ct_tcp_dir *o = &t->dir[0], *r = &t->dir[1];
	uint8_t f = s->flags & (CT_TCP_SYN | CT_TCP_ACK | CT_TCP_RST | CT_TCP_FIN);

	if (dir == 0)
		return f == CT_TCP_SYN && seg_end(s) == o->end ? CT_TCP_OK : CT_TCP_INVALID;
	if (f != (CT_TCP_SYN | CT_TCP_ACK) && f != (CT_TCP_RST | CT_TCP_ACK))
		return CT_TCP_INVALID;
	if (s->ack != o->end)
		return CT_TCP_OUT_OF_WINDOW;
	if (f & CT_TCP_RST) {
		*state = CT_CLOSED;
		return CT_TCP_OK;
	}
	r->end = r->maxend = seg_end(s);
	r->maxwin = s->win ? s->win : 1;
	/* Scaling holds only when both SYNs offered it. */
	if (o->syn_wscale && s->wscale >= 0) {
		r->wscale = wscale_of(s);
	} else {
		o->wscale = 0;
		r->wscale = 0;
	}
	o->maxend = s->ack + s->win;          /* a SYN's window is never scaled */
	*state = CT_SYN_RECV;
	return CT_TCP_OK;
}

/* The segment lies within what the receiver can accept, is not older than
 * its largest window, and acknowledges only what was sent, not long ago. */
static bool in_window(const struct ct_tcp *t, int dir, const struct ct_tcp_seg *s)
{
	const struct ct_tcp_dir *snd = &t->dir[dir], *rcv = &t->dir[!dir];
	uint32_t ack = (s->flags & CT_TCP_ACK) ? s->ack : rcv->end;
	uint32_t ackwin = snd->maxwin > MAX_ACK_WINDOW ? snd->maxwin : MAX_ACK_WINDOW;

	return !seq_after(s->seq, snd->maxend) &&
	       !seq_before(seg_end(s), snd->end - rcv->maxwin) &&
	       !seq_after(ack, rcv->end) &&
	       !seq_before(ack, rcv->end - ackwin);
}

static void record(struct ct_tcp *t, int dir, const struct ct_tcp_seg *s)
{
	struct ct_tcp_dir *snd = &t->dir[dir], *rcv = &t->dir[!dir];
	uint32_t end = seg_end(s);
	uint32_t win = (uint32_t)s->win << ((s->flags & CT_TCP_SYN) ? 0 : snd->wscale);

	if (seq_after(end, snd->end))
		snd->end = end;
	if (win > snd->maxwin)
		snd->maxwin = win;
	if ((s->flags & CT_TCP_FIN) && !snd->fin) {
		snd->fin = true;
		snd->fin_end = end;
	}
	if (!(s->flags & CT_TCP_ACK))
		return;
	if (seq_after(s->ack + win, rcv->maxend))
		rcv->maxend = s->ack + win;
	if (rcv->fin && !seq_before(s->ack, rcv->fin_end))
		rcv->fin_acked = true;
}

/* Where closing has got to, from the FINs each side sent and had
 * acknowledged. */
static enum ct_state closing_state(const struct ct_tcp *t)
{
	const struct ct_tcp_dir *a = &t->dir[0], *b = &t->dir[1];

	if (a->fin_acked && b->fin_acked)
		return CT_TIME_WAIT;
	if (a->fin && b->fin)
		return CT_CLOSING;
	return a->fin || b->fin ? CT_FIN_WAIT : CT_ESTABLISHED;
}

enum ct_tcp_verdict ct_tcp_track(struct ct_tcp *t, enum ct_state *state, int dir,
				 const struct ct_tcp_seg *s)
{
	const struct ct_tcp_dir *snd = &t->dir[dir];
	bool syn = s->flags & CT_TCP_SYN;

	if (*state == CT_SYN_SENT)
		return syn_sent(t, state, dir, s);
	if ((*state == CT_TIME_WAIT || *state == CT_CLOSED) &&
	    (s->flags & (CT_TCP_SYN | CT_TCP_ACK | CT_TCP_RST)) == CT_TCP_SYN)
		return CT_TCP_REOPEN;
	if (*state == CT_CLOSED || (*state == CT_TIME_WAIT && s->len))
		return CT_TCP_INVALID;
	/* A SYN only as a retransmission of the handshake. */
	if (syn && !(*state == CT_SYN_RECV && seg_end(s) == snd->end &&
		     !!(s->flags & CT_TCP_ACK) == (dir == 1)))
		return CT_TCP_INVALID;
	if (!in_window(t, dir, s))
		return CT_TCP_OUT_OF_WINDOW;
	record(t, dir, s);
	if (s->flags & CT_TCP_RST) {
		*state = CT_CLOSED;
		return CT_TCP_OK;
	}
	if (*state == CT_SYN_RECV && dir == 0 && !syn && (s->flags & CT_TCP_ACK) &&
	    s->ack == t->dir[1].end)
		*state = CT_ESTABLISHED;
	if (*state >= CT_ESTABLISHED && *state <= CT_CLOSING)
		*state = closing_state(t);
	return CT_TCP_OK;
}
