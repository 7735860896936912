/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * vmmd-request: one request to vmgate-vmmd, for the tests, as
 *   --service        the attestation service (authd's identity: a fresh key
 *                    certified by vtpmd as "<gateway> attestation")
 *   --server-cert    a fresh key certified by vtpmd as authd's TLS server
 *                    ("<gateway> authd"): the platform CA's, but not the
 *                    attestation service's
 *   --cert PEM --key PEM --ca DER
 *                    an operator whose key is in a file (vmmd pins the
 *                    certificate; where its key lives is the client's
 *                    business)
 *
 *   vmmd-request -c POLICY MODE [--reason TEXT] TYPE [NAME]
 *
 * TYPE is a request's action or short name ("restart", "guest.destroy").
 * Prints vmmd's JSON reply. Exit status: 0 when vmmd's status is 0, 1 when
 * vmmd refused or failed the request, 2 for usage, 3 when the exchange
 * itself failed (printed on stderr).
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>
#include <wolfssl/options.h>
#include <wolfssl/wolfcrypt/asn_public.h>
#include <wolfssl/wolfcrypt/ecc.h>
#include <wolfssl/wolfcrypt/random.h>

#include "att_tls.h"
#include "ctl_client.h"
#include "ctl_proto.h"
#include "vmm_api.h"
#include "vmmd_client.h"
#include "vt_cert.h"

#define FILE_MAX 65536

struct args {
	const char *config, *cert, *key, *ca, *reason;
	bool service, server_cert;
	enum vmm_req_type type;
	const char *name;
};

/* A whole small file, NUL-terminated, malloc'd; its length in *len. */
static char *slurp(const char *path, size_t *len)
{
	char *buf = malloc(FILE_MAX + 1);
	ssize_t n;
	int fd;

	*len = 0;
	if (!buf)
		return NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		free(buf);
		return NULL;
	}
	while (*len < FILE_MAX && (n = read(fd, buf + *len, FILE_MAX - *len)) > 0)
		*len += (size_t)n;
	close(fd);
	buf[*len] = '\0';
	return buf;
}

/* An operator's context from its certificate and key files and the CA. */
static struct att_tls_ctx *operator_ctx(const struct args *a, int *err)
{
	static uint8_t cert[VT_CERT_DER_MAX], key[512];
	struct att_tls_cfg tc = { 0 };
	struct att_tls_ctx *ctx = NULL;
	size_t cl, kl, al;
	char *c = slurp(a->cert, &cl), *k = slurp(a->key, &kl), *ca = slurp(a->ca, &al);
	int n, m;

	*err = -ENOENT;
	if (c && k && ca && (n = vt_cert_from_pem(c, cl, cert, sizeof(cert))) > 0 &&
	    (m = wc_KeyPemToDer((const unsigned char *)k, (int)kl, key, sizeof(key), NULL)) > 0) {
		tc.ca = (struct att_tls_der){ (const uint8_t *)ca, al };
		tc.chain[0] = (struct att_tls_der){ cert, (size_t)n };
		tc.chain_len = 1;
		tc.key = (struct att_tls_der){ key, (size_t)m };
		ctx = att_tls_client_new(&tc, err);
	}
	free(c);
	free(k);
	free(ca);
	return ctx;
}

static int pem_field(struct json_object *o, const char *key, uint8_t *der, size_t size)
{
	struct json_object *v;

	if (!o || !json_object_object_get_ex(o, key, &v))
		return -EBADMSG;
	return vt_cert_from_pem(json_object_get_string(v),
				strlen(json_object_get_string(v)), der, size);
}

/* A context whose certificate is one vtpmd issues for authd's TLS server. */
static struct att_tls_ctx *server_cert_ctx(const struct vg_config *cfg, int *err)
{
	static uint8_t key[256], cert[VT_CERT_DER_MAX], ca[VT_CERT_DER_MAX];
	struct ctl_public_key req;
	struct att_tls_cfg tc = { 0 };
	struct json_object *o = NULL;
	char path[PATH_MAX], *text = NULL;
	word32 xl = 32, yl = 32;
	int status = 0, n = -EIO, m = -EIO, kl = -1;
	ecc_key k;
	WC_RNG rng;

	*err = -EIO;
	if (wc_InitRng(&rng) != 0)
		return NULL;
	if (wc_ecc_init(&k) == 0) {
		if (wc_ecc_make_key_ex(&rng, 32, &k, ECC_SECP256R1) == 0 &&
		    wc_ecc_export_public_raw(&k, req.x, &xl, req.y, &yl) == 0)
			kl = wc_EccKeyToDer(&k, key, sizeof(key));
		wc_ecc_free(&k);
	}
	wc_FreeRng(&rng);
	if (kl <= 0 || ctl_socket_path(cfg->gateway.runtime_dir, "vtpmd", path, sizeof(path)) < 0 ||
	    ctl_call(path, CTL_ISSUE_SERVER_CERT, &req, sizeof(req), &status, &text) < 0 ||
	    status < 0)
		goto out;
	o = text ? json_tokener_parse(text) : NULL;
	n = pem_field(o, "certificate", cert, sizeof(cert));
	m = pem_field(o, "ca_certificate", ca, sizeof(ca));
	if (n > 0 && m > 0) {
		tc.ca = (struct att_tls_der){ ca, (size_t)m };
		tc.chain[0] = (struct att_tls_der){ cert, (size_t)n };
		tc.chain_len = 1;
		tc.key = (struct att_tls_der){ key, (size_t)kl };
		json_object_put(o);
		free(text);
		return att_tls_client_new(&tc, err);
	}
out:
	json_object_put(o);
	free(text);
	return NULL;
}

static int parse_args(int argc, char **argv, struct args *a)
{
	static const struct option opts[] = {
		{ "service", no_argument, NULL, 's' },
		{ "server-cert", no_argument, NULL, 'S' },
		{ "cert", required_argument, NULL, 'C' },
		{ "key", required_argument, NULL, 'K' },
		{ "ca", required_argument, NULL, 'A' },
		{ "reason", required_argument, NULL, 'r' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "c:", opts, NULL)) != -1) {
		switch (c) {
		case 'c': a->config = optarg; break;
		case 's': a->service = true; break;
		case 'S': a->server_cert = true; break;
		case 'C': a->cert = optarg; break;
		case 'K': a->key = optarg; break;
		case 'A': a->ca = optarg; break;
		case 'r': a->reason = optarg; break;
		default: return -1;
		}
	}
	if (!a->config || optind >= argc ||
	    (a->service + a->server_cert + (a->cert != NULL)) != 1 ||
	    (a->cert && (!a->key || !a->ca)))
		return -1;
	a->type = vmm_req_type_of(argv[optind]);
	a->name = optind + 1 < argc ? argv[optind + 1] : NULL;
	return a->type && optind + 2 >= argc ? 0 : -1;
}

int main(int argc, char **argv)
{
	struct args a = { .reason = "" };
	struct vg_diag *diag = vg_diag_new();
	const struct vg_config *cfg;
	struct att_tls_ctx *ctx;
	uint8_t req[VMM_REQ_MAX];
	char *text = NULL;
	int r = 0, status = 0;
	long len;

	if (!diag || parse_args(argc, argv, &a) < 0) {
		fprintf(stderr, "usage: vmmd-request -c POLICY (--service | --server-cert | "
			"--cert PEM --key PEM --ca DER) [--reason TEXT] TYPE [NAME]\n");
		return 2;
	}
	cfg = vg_config_load(a.config, diag);
	if (!cfg) {
		vg_diag_print(diag, stderr);
		return 2;
	}
	vg_diag_free(diag);
	len = a.type == VMM_RESTART && a.name
	      ? vmm_req_encode_restart(a.name, a.reason, req, sizeof(req))
	      : vmm_req_encode(a.type, a.name, req, sizeof(req));
	if (len < 0) {
		fprintf(stderr, "vmmd-request: cannot encode: %s\n", strerror((int)-len));
		vg_config_free(cfg);
		return 2;
	}
	ctx = a.service ? vmmd_client_identity(cfg, &r)
	      : a.server_cert ? server_cert_ctx(cfg, &r) : operator_ctx(&a, &r);
	if (ctx)
		r = vmmd_client_call(cfg, ctx, req, (size_t)len, &status, &text);
	att_tls_ctx_free(ctx);
	vg_config_free(cfg);
	if (!ctx || r < 0) {
		fprintf(stderr, "vmmd-request: %s: %s\n", ctx ? "exchange" : "identity",
			strerror(-r));
		return 3;
	}
	printf("%s\n", text ? text : "");
	free(text);
	return status == 0 ? 0 : 1;
}
