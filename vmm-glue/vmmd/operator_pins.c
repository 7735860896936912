/* SPDX-License-Identifier: BSD-3-Clause */
/* Operators are known by their certificate: each operator's PEM file is
 * read once (at start and on reload) and a client is that operator only
 * when it presents exactly the same DER bytes. No CA decides who is an
 * operator, so a certificate cannot be reissued behind the policy's back. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <wolfssl/options.h>
#include <wolfssl/ssl.h>

#include "vmmd.h"
#include "vt_cert.h"

#define PEM_FILE_MAX 65536

/* The first certificate of the PEM file at path into p. */
static int read_pin(const char *path, struct operator_pin *p)
{
	char *text = malloc(PEM_FILE_MAX + 1);
	ssize_t n;
	size_t len = 0;
	long der;
	int fd, r = 0;

	if (!text)
		return -ENOMEM;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		free(text);
		return -errno;
	}
	while (len < PEM_FILE_MAX && (n = read(fd, text + len, PEM_FILE_MAX - len)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			r = -errno;
			break;
		}
		len += (size_t)n;
	}
	close(fd);
	if (r == 0 && len == PEM_FILE_MAX)
		r = -EFBIG;
	if (r == 0) {
		der = vt_cert_from_pem(text, len, p->der, sizeof(p->der));
		r = der < 0 ? (int)der : 0;
		if (r == 0)
			p->der_len = (size_t)der;
	}
	free(text);
	return r;
}

int operator_pins_load(const struct vg_config *cfg, struct operator_pin **out,
		       size_t *n)
{
	struct operator_pin *pins = calloc(cfg->n_operators ? cfg->n_operators : 1,
					   sizeof(*pins));

	*out = NULL;
	*n = 0;
	if (!pins)
		return -ENOMEM;
	for (size_t i = 0; i < cfg->n_operators; i++) {
		const struct vg_operator *o = &cfg->operators[i];
		int r = read_pin(o->certificate, &pins[i]);

		if (r < 0) {
			VMMD_LOG("operator %s: certificate %s: %s", o->name, o->certificate,
				 r == -EBADMSG ? "no PEM certificate in it" : strerror(-r));
			free(pins);
			return r;
		}
		snprintf(pins[i].name, sizeof(pins[i].name), "%s", o->name);
		pins[i].role = o->role;
	}
	*out = pins;
	*n = cfg->n_operators;
	return 0;
}

const struct operator_pin *operator_find(const struct vmmd *d,
					 const uint8_t *der, size_t len)
{
	for (size_t i = 0; i < d->n_ops; i++)
		if (d->ops[i].der_len == len && memcmp(d->ops[i].der, der, len) == 0)
			return &d->ops[i];
	return NULL;
}

void cert_subject(const uint8_t *der, size_t len, char *buf, size_t size)
{
	WOLFSSL_X509 *x = wolfSSL_X509_d2i(NULL, der, (int)len);
	WOLFSSL_X509_NAME *name = x ? wolfSSL_X509_get_subject_name(x) : NULL;

	snprintf(buf, size, "(unreadable certificate)");
	if (name && !wolfSSL_X509_NAME_oneline(name, buf, (int)size))
		snprintf(buf, size, "(unreadable certificate)");
	wolfSSL_X509_free(x);
}
