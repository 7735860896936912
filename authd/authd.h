/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VG_AUTHD_H
#define VG_AUTHD_H

/*
 * vmgate-authd: the verifier. Agents connect over TLS 1.3 to the gateway's
 * control address; each proves its guest's state with a quote bound to the
 * TLS session, and gets the gateway's quote in return. A pair of attested
 * guests that the policy lets talk gets a grant in the dataplane, renewed
 * only by fresh attestation; any failure revokes every grant of the guest
 * at once.
 *
 * One thread: a poll loop over the listening sockets, the control socket
 * and the agents' connections. Functions return 0 or a negative errno.
 */

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>
#include <time.h>

#include "evidence.h"
#include "att_msg.h"
#include "evlog.h"
#include "vg_config.h"

#define AUTHD_LOG(fmt, ...) fprintf(stderr, "authd: " fmt "\n", ##__VA_ARGS__)
#define AUTHD_MAX_CONNS 512
#define AUTHD_IO_MS 3000           /* any one exchange with an agent */
#define AUTHD_PAIRS_MAX 1024

struct att_tls_ctx;
struct att_tls_sess;

/* One agent connection, once its TLS handshake and HELLO are done. */
struct conn {
	struct att_tls_sess *tls;
	size_t guest;                  /* index in cfg->guests */
	uint8_t exporter[32];
	uint8_t frame[ATT_FRAME_MAX];  /* the message being handled */
	uint8_t stash[ATT_FRAME_MAX];  /* a request that came while we waited */
	size_t stash_len;
};

enum guest_att_state { ATT_NEVER, ATT_OK, ATT_FAILED };

/* on_failure = "restart": the requests for one guest (restart_request.c).
 * At most one is in flight; after one, the next waits (never a tight loop);
 * meanwhile the guest stays cut off. */
struct guest_restart {
	pid_t pid;                     /* the request in flight (a child), or 0 */
	int fd;                        /* its result pipe (vmmd) or -1 (command) */
	double started;                /* authd_now */
	double next_at;                /* no new request before this */
	double backoff;                /* after a failed request, doubling */
	uint64_t requested, done, failed, suppressed;
	char last[256];                /* the last outcome, for sessions */
};

/* What authd knows of each configured guest, across connections. */
struct guest_att {
	enum guest_att_state state;
	struct conn *conn;             /* its standing connection, or NULL */
	double attested_at;            /* last success (authd_now) */
	double failed_at;
	uint64_t attestations;
	uint64_t failures[EV_REASON_COUNT];
	enum evidence_reason last_failure;
	struct evidence_ak_cache ak;   /* its AK certificate, once accepted */
	char last_reason[256];
	struct guest_restart restart;
};

/* A pair grant authd installed and renews. */
struct pair {
	size_t a, b;
	double expires;                /* authd_now */
};

struct authd {
	const struct vg_config *cfg;
	const char *config_path;
	struct att_tls_ctx *tls;
	uint8_t ca_der[2048];
	size_t ca_len;
	int listen_fd[2];              /* IPv4, IPv6; -1 when unused */
	struct guest_att *guests;      /* one per configured guest */
	size_t n_conns;                /* connected agents */
	struct pair pairs[AUTHD_PAIRS_MAX];
	size_t n_pairs;
	FILE *audit;                   /* one line per verdict */
};

/* listen.c: the sockets on the control address (freebind). */
int authd_listen(struct authd *a);
/* server_identity.c: authd's TLS key, certified through vtpmd; a->tls. */
int server_identity(struct authd *a);

/* Seconds on a monotonic clock. */
double authd_now(void);

/* conn.c: one message to or from an agent. */
int conn_send(struct conn *c, const uint8_t *frame, long len);
/* Receives the next message into c->frame and decodes it into *m. With
 * want set, waits for that type: a PAIR_REQUEST or REATTEST that comes
 * first is kept for later (one), anything else is a protocol error. */
int conn_recv(struct conn *c, struct att_msg *m, unsigned want, int timeout_ms);
/* Sends an ERROR or VERDICT-like status message of type with status and reason. */
int conn_send_status(struct conn *c, unsigned type, unsigned status, uint32_t ttl,
		     const char *peer, const char *reason);

/* attest.c: challenges c's guest and judges its evidence; on failure,
 * revokes everything of the guest. 0 when it attested. */
int attest_guest(struct authd *a, struct conn *c);
/* Answers an agent's GATEWAY_CHALLENGE with the gateway's evidence. */
int attest_gateway(struct authd *a, struct conn *c, const struct att_msg *m);
/* Whether guest i holds a recent enough successful attestation. */
bool attest_fresh(const struct authd *a, size_t i);
/* Records a failure of guest i and acts on it (revocation, audit,
 * on_failure). */
void attest_failed(struct authd *a, size_t i, enum evidence_reason why,
		   const char *message);

/* pairs.c: an agent's request to talk to peer; renewal after guest i
 * attested again; forgetting expired pairs and those of guest i. */
int pair_request(struct authd *a, struct conn *c, const struct att_msg *m);
void pairs_renew(struct authd *a, size_t i);
void pairs_expire(struct authd *a);
void pairs_drop(struct authd *a, size_t i);

/* The gateway's evidence for an agent, from vtpmd. */
struct gateway_quote {
	struct vt_quote quote;
	uint8_t ak_der[2048];
	size_t ak_len;
	uint8_t evlog[EVLOG_BYTES_MAX];
	size_t evlog_len;
};

/* vtpmd_client.c: a certificate for authd's TLS key (the CA's too, into
 * a->ca_der); the gateway's quote qualified by qualifying. */
int vtpmd_server_cert(struct authd *a, const uint8_t x[32], const uint8_t y[32],
		      uint8_t *cert, size_t *cert_len);
int vtpmd_gateway_quote(const struct authd *a, const uint8_t qualifying[32],
			struct gateway_quote *q);

/* sessions_json.c: "vmgatectl sessions". */
struct json_object *sessions_json(const struct authd *a);

/* restart_request.c: on_failure = "restart" for guest i, whose attestation
 * failed for reason: a request to vmmd (or, while the policy sets one, the
 * restart_command) unless one is in flight or the last was too recent
 * (then counted as suppressed). Never blocks. */
void restart_request(struct authd *a, size_t i, const char *reason);
/* Collects finished requests and ends overdue ones (never blocks). */
void restart_poll(struct authd *a);
/* Ends every request in flight (authd is stopping). */
void restart_stop_all(struct authd *a);
/* Guest i's requests for "vmgatectl sessions". */
struct json_object *restart_json(const struct authd *a, size_t i);

/* pair_policy.c: an allow rule between guests a and b, either way. */
bool pair_allowed(const struct vg_config *cfg, size_t a, size_t b);

/* dataplane_grants.c: through the dataplane's control socket. */
int dataplane_grant(const struct authd *a, const char *x, const char *y, uint32_t ttl_s);
int dataplane_revoke_all(const struct authd *a, const char *x);
/* At start: the live grants the dataplane holds (from an earlier authd)
 * become pairs again, renewed if both guests attest anew and lapsing at
 * their TTL otherwise. The number adopted, or -errno. */
int dataplane_adopt_grants(struct authd *a);

#endif
