/* SPDX-License-Identifier: BSD-3-Clause */
/* The client side of vmmd's management API. */
#include "vmmd_call.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "att_tls.h"
#include "ctl_proto.h"
#include "operator_token.h"
#include "vt_cert.h"

#define DEFAULT_MODULE "/usr/lib/softhsm/libsofthsm2.so"
#define CONNECT_MS 5000
/* A stop waits out the launcher's grace period, then SIGKILL's. */
#define REPLY_MS 30000
#define SMALL_FILE_MAX 65536

/* The first line of a small file (a PIN file) or the whole of one (a
 * PEM file), NUL-terminated and malloc'd; NULL with errno. */
static char *read_small(const char *path)
{
	char *buf = malloc(SMALL_FILE_MAX + 1);
	size_t len = 0;
	ssize_t n;
	int fd;

	if (!buf)
		return NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		free(buf);
		return NULL;
	}
	while (len < SMALL_FILE_MAX && (n = read(fd, buf + len, SMALL_FILE_MAX - len)) > 0)
		len += (size_t)n;
	close(fd);
	buf[len] = '\0';
	return buf;
}

/* The PIN from --pin-file (its first line) or $VMGATE_PKCS11_PIN. */
static char *read_pin(const struct ctl_opts *o)
{
	const char *env = getenv("VMGATE_PKCS11_PIN");
	char *pin;

	if (!o->pin_file)
		return env ? strdup(env) : NULL;
	pin = read_small(o->pin_file);
	if (pin)
		pin[strcspn(pin, "\r\n")] = '\0';
	else
		fprintf(stderr, "vmgatectl: --pin-file %s: %s\n", o->pin_file, strerror(errno));
	return pin;
}

/* The platform CA's certificate, as vtpmd has it. */
static int platform_ca(const struct ctl_opts *o, uint8_t *der, size_t size)
{
	struct ctl_opts quiet = *o;
	struct json_object *doc, *pem;
	int n = -EBADMSG;

	quiet.json = false;
	if (daemon_call(&quiet, "vtpmd", CTL_VTPM_LIST, NULL, 0, &doc) != 0)
		return -ENOENT;
	if (json_object_object_get_ex(doc, "ca_certificate", &pem) &&
	    json_object_is_type(pem, json_type_string))
		n = vt_cert_from_pem(json_object_get_string(pem),
				     strlen(json_object_get_string(pem)), der, size);
	json_object_put(doc);
	return n;
}

static int connect_unix(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd, r;

	if (strlen(path) >= sizeof(sa.sun_path))
		return -ENAMETOOLONG;
	strcpy(sa.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		r = -errno;
		close(fd);
		return r;
	}
	return fd;
}

/* What the operator is told about a failed handshake or exchange. */
static const char *tls_text(int r)
{
	switch (r) {
	case -ECONNREFUSED: return "vmgate-vmmd refused our certificate or key";
	case -ECONNRESET:   return "vmgate-vmmd closed the connection (refused us?)";
	case -EKEYREJECTED: return "vmgate-vmmd's certificate is not from the platform CA";
	default:            return strerror(-r);
	}
}

/* The request and its response over an established session. */
static int exchange(struct att_tls_sess *s, const uint8_t *req, size_t len,
		    int *status, char **text)
{
	struct ctl_hdr h;
	int r = att_tls_send(s, req, len, CONNECT_MS);

	if (r == 0)
		r = att_tls_recv(s, &h, sizeof(h), REPLY_MS);
	if (r < 0)
		return r;
	if (h.magic != CTL_MAGIC || h.version != CTL_VERSION || h.len > VMM_RESP_MAX)
		return -EPROTO;
	*status = h.status;
	*text = calloc(1, (size_t)h.len + 1);
	if (!*text)
		return -ENOMEM;
	return att_tls_recv(s, *text, h.len, REPLY_MS);
}

/* The parts of a call that the policy file gives: the socket and the name
 * vmmd's certificate must carry. */
static int policy_parts(const struct ctl_opts *o, char *path, size_t size,
			char *cn, size_t cn_size)
{
	struct vg_diag *diag = vg_diag_new();
	const struct vg_config *cfg = diag ? vg_config_load(o->config, diag) : NULL;
	int r = -1;

	if (cfg) {
		r = ctl_socket_path(cfg->gateway.runtime_dir, "vmmd", path, size);
		snprintf(cn, cn_size, "%s vmmd", cfg->gateway.name);
	} else if (diag) {
		vg_diag_print(diag, stderr);
	}
	vg_config_free(cfg);
	vg_diag_free(diag);
	return r;
}

struct call {
	uint8_t ca[VT_CERT_DER_MAX], cert[8192];
	int ca_len, cert_len;
	uint8_t x[32], y[32];
	struct operator_token *tok;
	struct att_tls_ctx *ctx;
	struct att_tls_sess *sess;
	int fd;
	char *pin, *pem, *text;
};

static void call_end(struct call *c)
{
	att_tls_close(c->sess);
	if (c->fd >= 0)
		close(c->fd);
	att_tls_ctx_free(c->ctx);
	operator_token_close(c->tok);
	if (c->pin)
		explicit_bzero(c->pin, strlen(c->pin));
	free(c->pin);
	free(c->pem);
	free(c->text);
	free(c);
}

/* Credentials: the certificate, its point, the token. 0, or exit status. */
static int credentials(const struct ctl_opts *o, struct call *c)
{
	if (!o->cert || !o->token || !o->key) {
		fprintf(stderr, "vmgatectl: guest needs the operator's --cert FILE, "
			"--token LABEL and --key LABEL\n");
		return 2;
	}
	c->pin = read_pin(o);
	if (!c->pin) {
		fprintf(stderr, "vmgatectl: no PIN: set VMGATE_PKCS11_PIN or use --pin-file\n");
		return 2;
	}
	c->pem = read_small(o->cert);
	c->cert_len = c->pem ? vt_cert_from_pem(c->pem, strlen(c->pem), c->cert,
						sizeof(c->cert)) : -errno;
	if (c->cert_len < 0 || vt_cert_public(c->cert, (size_t)c->cert_len, c->x, c->y) < 0) {
		fprintf(stderr, "vmgatectl: --cert %s: not a PEM certificate of a P-256 key\n",
			o->cert);
		return 1;
	}
	c->tok = operator_token_open(o->pkcs11_module ? o->pkcs11_module : DEFAULT_MODULE,
				     o->token, o->key, c->pin, c->x, c->y);
	return c->tok ? 0 : 1;
}

/* Connects and handshakes; 0 or exit status (printed). */
static int session(const struct ctl_opts *o, struct call *c)
{
	char path[PATH_MAX], want[VT_CERT_CN_MAX + 1], cn[VT_CERT_CN_MAX + 1];
	struct att_tls_cfg cfg = { .sign = operator_token_sign };
	int r;

	if (policy_parts(o, path, sizeof(path), want, sizeof(want)) < 0)
		return 1;
	c->ca_len = platform_ca(o, c->ca, sizeof(c->ca));
	if (c->ca_len < 0) {
		fprintf(stderr, "vmgatectl: no platform CA from vmgate-vtpmd to check vmmd with\n");
		return 1;
	}
	cfg.ca = (struct att_tls_der){ c->ca, (size_t)c->ca_len };
	cfg.chain[0] = (struct att_tls_der){ c->cert, (size_t)c->cert_len };
	cfg.chain_len = 1;
	cfg.sign_ctx = c->tok;
	c->ctx = att_tls_client_new(&cfg, &r);
	if (!c->ctx) {
		fprintf(stderr, "vmgatectl: TLS: %s\n", strerror(-r));
		return 1;
	}
	c->fd = connect_unix(path);
	if (c->fd < 0) {
		fprintf(stderr, "vmgatectl: cannot reach vmgate-vmmd at %s: %s\n", path,
			strerror(-c->fd));
		return 1;
	}
	r = att_tls_connect(c->ctx, c->fd, CONNECT_MS, &c->sess);
	if (r == 0 && (att_tls_peer_cn(c->sess, cn, sizeof(cn)) < 0 || strcmp(cn, want) != 0))
		r = -EKEYREJECTED;
	if (r < 0) {
		fprintf(stderr, "vmgatectl: TLS handshake with vmgate-vmmd: %s\n", tls_text(r));
		return 1;
	}
	return 0;
}

int vmmd_call(const struct ctl_opts *o, enum vmm_req_type type, const char *name,
	      struct json_object **reply)
{
	struct call *c = calloc(1, sizeof(*c));
	uint8_t req[VMM_REQ_MAX];
	struct json_object *doc, *err;
	long len = vmm_req_encode(type, name, req, sizeof(req));
	int rc, r, status = 0;

	*reply = NULL;
	if (!c)
		return 1;
	c->fd = -1;
	if (len < 0) {
		fprintf(stderr, "vmgatectl: '%s' is not a guest name\n", name ? name : "");
		call_end(c);
		return 2;
	}
	if ((rc = credentials(o, c)) != 0 || (rc = session(o, c)) != 0) {
		call_end(c);
		return rc;
	}
	r = exchange(c->sess, req, (size_t)len, &status, &c->text);
	if (r < 0) {
		fprintf(stderr, "vmgatectl: vmgate-vmmd: %s\n", tls_text(r));
		call_end(c);
		return 1;
	}
	doc = json_tokener_parse(c->text);
	call_end(c);
	if (status < 0 || !doc) {
		if (o->json && doc)
			print_json(doc);
		else
			fprintf(stderr, "vmgatectl: vmgate-vmmd: %s\n",
				doc && json_object_object_get_ex(doc, "error", &err)
				? json_object_get_string(err) : strerror(status < 0 ? -status : EBADMSG));
		json_object_put(doc);
		return 1;
	}
	*reply = doc;
	return 0;
}
