/* SPDX-License-Identifier: BSD-3-Clause */
/* vmgate-authd: accepts agents, attests them and the gateway to them,
 * grants pairs, re-attests on schedule and on request, and answers
 * "vmgatectl sessions". */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <json-c/json.h>

#include "att_tls.h"
#include "authd.h"
#include "ctl_proto.h"
#include "daemon_args.h"
#include "ctl_server.h"

#define TICK_MS 250

static volatile sig_atomic_t stopping;

static void on_signal(int sig)
{
	(void)sig;
	stopping = 1;
}

static void conn_close(struct authd *a, struct conn *c)
{
	int fd = att_tls_fd(c->tls);

	if (a->guests[c->guest].conn == c)
		a->guests[c->guest].conn = NULL;
	att_tls_close(c->tls);      /* close_notify goes out first */
	close(fd);
	free(c);
	a->n_conns--;
}

static size_t guest_named(const struct authd *a, const char *name)
{
	for (size_t i = 0; i < a->cfg->n_guests; i++)
		if (strcmp(a->cfg->guests[i].name, name) == 0)
			return i;
	return SIZE_MAX;
}

/* TLS, the certificate's name, HELLO with that name, the gateway's
 * evidence when the agent asks, then the guest's own: a connection is
 * standing only once all of that passed. */
static void accept_agent(struct authd *a, int lfd)
{
	int fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
	char cn[ATT_NAME_MAX + 2], hello[ATT_NAME_MAX + 1];
	struct att_tls_sess *tls = NULL;
	struct conn *c;
	struct att_msg m;
	int r;

	if (fd < 0)
		return;
	/* Messages go out in pairs (evidence, then a challenge): without this
	 * the second waits for the peer's delayed ACK, up to 40 ms. */
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &(int){ 1 }, sizeof(int));
	if (a->n_conns >= AUTHD_MAX_CONNS || att_tls_accept(a->tls, fd, AUTHD_IO_MS, &tls) < 0) {
		close(fd);
		return;
	}
	c = calloc(1, sizeof(*c));
	if (!c || att_tls_peer_cn(tls, cn, sizeof(cn)) < 0 ||
	    (c->guest = guest_named(a, cn)) == SIZE_MAX) {
		AUTHD_LOG("refused a connection: its certificate names no guest of the policy");
		free(c);
		att_tls_close(tls);
		close(fd);
		return;
	}
	c->tls = tls;
	a->n_conns++;
	r = att_tls_exporter(tls, c->exporter);
	if (r == 0)
		r = conn_recv(c, &m, ATT_HELLO, AUTHD_IO_MS);
	if (r == 0 && (att_msg_name(&m, ATT_T_GUEST, hello, sizeof(hello)) < 0 ||
		       strcmp(hello, cn) != 0))
		r = -EPERM;
	if (r == 0)
		r = conn_recv(c, &m, ATT_GATEWAY_CHALLENGE, AUTHD_IO_MS);
	if (r == 0)
		r = attest_gateway(a, c, &m);
	if (r < 0) {
		AUTHD_LOG("agent %s: %s before attestation", cn,
			  r == -EPERM ? "said HELLO as another guest" : att_strerror(r));
		conn_close(a, c);
		return;
	}
	/* One standing connection per guest: the newest. */
	if (a->guests[c->guest].conn)
		conn_close(a, a->guests[c->guest].conn);
	a->guests[c->guest].conn = c;
	if (attest_guest(a, c) < 0)
		conn_close(a, c);
}

/* One message on a standing connection; false when it must close. */
static bool serve_agent(struct authd *a, struct conn *c)
{
	struct att_msg m;
	int r = conn_recv(c, &m, 0, AUTHD_IO_MS);

	if (r < 0)
		return false;
	switch (m.type) {
	case ATT_GATEWAY_CHALLENGE:
		return attest_gateway(a, c, &m) == 0;
	case ATT_REATTEST:
		return attest_guest(a, c) == 0;
	case ATT_PAIR_REQUEST:
		return pair_request(a, c, &m) == 0;
	default:
		conn_send_status(c, ATT_ERROR, ATT_STATUS_PROTOCOL, 0, NULL,
				 "unexpected message");
		return false;
	}
}

static int handle_ctl(void *arg, uint16_t type, const void *payload, size_t len,
		      char **reply)
{
	struct authd *a = arg;
	struct json_object *o;

	(void)payload;
	(void)len;
	if (type != CTL_SESSIONS) {
		*reply = strdup("{\"error\":\"authd does not answer this request\"}");
		return -EOPNOTSUPP;
	}
	o = sessions_json(a);
	*reply = strdup(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));
	json_object_put(o);
	return 0;
}

/* Re-attestation on schedule; the grants of guests that did not attest
 * again lapse in the dataplane by themselves. */
static void tick(struct authd *a)
{
	double due = a->cfg->attestation.reattest_interval_s;

	for (size_t i = 0; i < a->cfg->n_guests; i++) {
		struct guest_att *g = &a->guests[i];

		if (g->conn && g->state == ATT_OK && authd_now() - g->attested_at >= due &&
		    attest_guest(a, g->conn) < 0)
			conn_close(a, g->conn);
	}
	pairs_expire(a);
	restart_poll(a);
}

static void serve(struct authd *a, struct ctl_server *srv)
{
	while (!stopping) {
		struct pollfd pfd[3 + AUTHD_MAX_CONNS];
		struct conn *who[3 + AUTHD_MAX_CONNS];
		size_t whose[3 + AUTHD_MAX_CONNS];
		nfds_t n = 0;
		bool stashed = false;

		pfd[n++] = (struct pollfd){ .fd = ctl_server_fd(srv), .events = POLLIN };
		pfd[n++] = (struct pollfd){ .fd = a->listen_fd[0], .events = POLLIN };
		pfd[n++] = (struct pollfd){ .fd = a->listen_fd[1], .events = POLLIN };
		for (size_t i = 0; i < a->cfg->n_guests; i++) {
			if (!a->guests[i].conn)
				continue;
			who[n] = a->guests[i].conn;
			whose[n] = i;
			pfd[n] = (struct pollfd){ .fd = att_tls_fd(who[n]->tls), .events = POLLIN };
			stashed |= who[n]->stash_len != 0;
			n++;
		}
		/* A request stashed while its agent was challenged for another
		 * guest's pair is already read: its socket may never wake poll
		 * again, so it is served now. */
		if (poll(pfd, n, stashed ? 0 : TICK_MS) > 0 || stashed) {
			/* Standing connections first: accepting may replace
			 * (and free) one of them. */
			for (nfds_t i = 3; i < n; i++) {
				struct conn *c = who[i];

				/* A connection closed or replaced meanwhile is freed:
				 * compare pointers, never read through it. */
				if (a->guests[whose[i]].conn != c)
					continue;
				if (pfd[i].revents && !serve_agent(a, c))
					conn_close(a, c);
				else if (c->stash_len && !serve_agent(a, c))
					conn_close(a, c);
			}
			if (pfd[0].revents)
				ctl_server_serve(srv, handle_ctl, a);
			for (int l = 1; l <= 2; l++)
				if (pfd[l].fd >= 0 && (pfd[l].revents & POLLIN))
					accept_agent(a, pfd[l].fd);
		}
		tick(a);
	}
}

int main(int argc, char **argv)
{
	struct authd a = { .config_path = VG_DEFAULT_CONFIG, .listen_fd = { -1, -1 } };
	struct ctl_server *srv = NULL;
	char sock[PATH_MAX];
	int r, rc = 1;

	if ((r = daemon_args(argc, argv, "vmgate-authd", &a.config_path)) >= 0)
		return r;
	a.cfg = vg_config_load_or_report(a.config_path, stderr);
	if (!a.cfg)
		return 1;
	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
	signal(SIGPIPE, SIG_IGN);
	a.guests = calloc(a.cfg->n_guests ? a.cfg->n_guests : 1, sizeof(*a.guests));
	if (!a.guests || server_identity(&a) < 0 || authd_listen(&a) < 0)
		goto out;
	r = ctl_socket_path(a.cfg->gateway.runtime_dir, "authd", sock, sizeof(sock));
	if (r == 0)
		srv = ctl_server_open(sock, &r);
	if (!srv) {
		AUTHD_LOG("cannot listen on %s/authd.sock: %s", a.cfg->gateway.runtime_dir,
			  strerror(-r));
		goto out;
	}
	r = dataplane_adopt_grants(&a);
	if (r > 0)
		AUTHD_LOG("took over %d live grants from the dataplane", r);
	else if (r < 0)
		AUTHD_LOG("cannot read the dataplane's grants (%s): none taken over",
			  strerror(-r));
	if (!a.cfg->attestation.required)
		AUTHD_LOG("attestation.required is false: the dataplane grants every pair; "
			  "authd attests agents that connect all the same");
	AUTHD_LOG("ready: %zu guests, port %u, control socket %s", a.cfg->n_guests,
		  a.cfg->attestation.port, sock);
	serve(&a, srv);
	rc = 0;
out:
	restart_stop_all(&a);
	ctl_server_close(srv);
	for (size_t i = 0; a.guests && i < a.cfg->n_guests; i++)
		if (a.guests[i].conn)
			conn_close(&a, a.guests[i].conn);
	for (int l = 0; l < 2; l++)
		if (a.listen_fd[l] >= 0)
			close(a.listen_fd[l]);
	att_tls_ctx_free(a.tls);
	free(a.guests);
	vg_config_free(a.cfg);
	AUTHD_LOG("stopped");
	return rc;
}
