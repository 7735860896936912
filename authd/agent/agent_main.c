/* SPDX-License-Identifier: BSD-3-Clause */
/* vmgate-agent: options, the guest's vTPM and certificates, and the
 * reconnect loop. */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "agent.h"
#include "att_tls.h"
#include "ecc_tables.h"
#include "hex.h"
#include "vt_cert.h"

#define BACKOFF_MIN_MS 200
#define BACKOFF_MAX_MS 3000

static volatile int stopping;

static void on_signal(int sig)
{
	(void)sig;
	stopping = 1;
}

static void usage(FILE *out)
{
	fprintf(out,
		"usage: vmgate-agent --name GUEST --tcti TCTI --connect HOST:PORT\n"
		"         --ca FILE --ak-cert FILE --tls-cert FILE --gateway NAME\n"
		"         --gateway-pcr23 HEX [--event-log FILE] [--peer GUEST]...\n"
		"  certificates are DER or PEM; the TLS key and the AK are the vTPM's\n");
}

/* A certificate file, DER or PEM, into der. */
static int read_cert(const char *path, uint8_t *der, size_t size, size_t *len)
{
	static char buf[8192];
	FILE *f = fopen(path, "rb");
	size_t n;
	int r;

	if (!f)
		return -errno;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	if (n > 0 && strstr(buf, "-----BEGIN")) {
		r = vt_cert_from_pem(buf, n, der, size);
		if (r < 0)
			return r;
		*len = (size_t)r;
		return 0;
	}
	if (n == 0 || n > size)
		return -EBADMSG;
	memcpy(der, buf, n);
	*len = n;
	return 0;
}

static int tpm_sign(void *ctx, const uint8_t *digest, size_t len, uint8_t r[32],
		    uint8_t s[32])
{
	return vt_tls_sign(ctx, digest, len, r, s);
}

static int parse_args(struct agent *ag, int argc, char **argv, const char **files)
{
	static const struct option opts[] = {
		{ "name", required_argument, NULL, 'n' },
		{ "tcti", required_argument, NULL, 't' },
		{ "connect", required_argument, NULL, 'C' },
		{ "ca", required_argument, NULL, 'a' },
		{ "ak-cert", required_argument, NULL, 'k' },
		{ "tls-cert", required_argument, NULL, 'l' },
		{ "gateway", required_argument, NULL, 'g' },
		{ "gateway-pcr23", required_argument, NULL, 'p' },
		{ "event-log", required_argument, NULL, 'e' },
		{ "peer", required_argument, NULL, 'P' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *pcr = NULL;
	char *colon;
	int c;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'n': ag->name = optarg; break;
		case 't': ag->tcti = optarg; break;
		case 'C': ag->host = optarg; break;
		case 'a': files[0] = optarg; break;
		case 'k': files[1] = optarg; break;
		case 'l': files[2] = optarg; break;
		case 'g': ag->gateway = optarg; break;
		case 'p': pcr = optarg; break;
		case 'e': ag->evlog_path = optarg; break;
		case 'P':
			if (ag->n_peers == AGENT_MAX_PEERS)
				return -E2BIG;
			ag->peers[ag->n_peers++] = optarg;
			break;
		default:
			return -EINVAL;
		}
	}
	if (!ag->name || !ag->tcti || !ag->host || !files[0] || !files[1] || !files[2] ||
	    !ag->gateway || !pcr || optind != argc ||
	    vg_hex_decode(pcr, ag->gateway_pcr23, 32) != 32)
		return -EINVAL;
	/* HOST:PORT, the host possibly an IPv6 address in brackets. */
	colon = strrchr(ag->host, ':');
	if (!colon || atoi(colon + 1) <= 0 || atoi(colon + 1) > 65535)
		return -EINVAL;
	*colon = '\0';
	ag->port = (uint16_t)atoi(colon + 1);
	if (ag->host[0] == '[' && colon[-1] == ']') {
		colon[-1] = '\0';
		ag->host++;
	}
	return 0;
}

int main(int argc, char **argv)
{
	static struct agent ag;
	const char *files[3] = { NULL };
	struct att_tls_cfg cfg = { 0 };
	int r, backoff = BACKOFF_MIN_MS;

	/* A few verifications per attestation: tables would cost more than
	 * they save, most of all in the first one after start. */
	vg_ecc_tables_off();
	if (parse_args(&ag, argc, argv, files) < 0) {
		usage(stderr);
		return 2;
	}
	if ((r = read_cert(files[0], ag.ca_der, sizeof(ag.ca_der), &ag.ca_len)) < 0 ||
	    (r = read_cert(files[1], ag.ak_der, sizeof(ag.ak_der), &ag.ak_len)) < 0 ||
	    (r = read_cert(files[2], ag.tls_der, sizeof(ag.tls_der), &ag.tls_len)) < 0) {
		fprintf(stderr, "vmgate-agent: cannot read a certificate: %s\n", strerror(-r));
		return 1;
	}
	if ((r = vt_tpm_open(ag.tcti, &ag.tpm)) < 0) {
		fprintf(stderr, "vmgate-agent: cannot open the vTPM '%s': %s\n", ag.tcti,
			strerror(-r));
		return 1;
	}
	cfg.ca = (struct att_tls_der){ ag.ca_der, ag.ca_len };
	cfg.chain[0] = (struct att_tls_der){ ag.tls_der, ag.tls_len };
	cfg.chain_len = 1;
	cfg.sign = tpm_sign;
	cfg.sign_ctx = ag.tpm;
	ag.tls = att_tls_client_new(&cfg, &r);
	if (!ag.tls) {
		fprintf(stderr, "vmgate-agent: cannot set up TLS: %s\n", strerror(-r));
		vt_tpm_close(ag.tpm);
		return 1;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
	signal(SIGPIPE, SIG_IGN);
	while (!stopping) {
		ag.attested = false;
		r = agent_session(&ag, &stopping);
		if (stopping)
			break;
		/* A session that went well: the next failure starts afresh. */
		if (ag.attested)
			backoff = BACKOFF_MIN_MS;
		/* Whatever went wrong, try again later, less often each time. */
		usleep((useconds_t)backoff * 1000);
		backoff = r == -EACCES || backoff * 2 > BACKOFF_MAX_MS ? BACKOFF_MAX_MS
								      : backoff * 2;
	}
	att_tls_ctx_free(ag.tls);
	vt_tpm_close(ag.tpm);
	return 0;
}
