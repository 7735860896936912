/* SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <string.h>

#include <json-c/json.h>

#include "vt_cert.h"

/* The PEM certificate at key of o, as DER into der; its length or -errno. */
static int pem_of(struct json_object *o, const char *key, uint8_t *der, size_t size)
{
	struct json_object *v;
	const char *text;

	if (!o || !json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, json_type_string))
		return -EBADMSG;
	text = json_object_get_string(v);
	return vt_cert_from_pem(text, strlen(text), der, size);
}

int vt_cert_issued(struct json_object *answer, uint8_t *cert, int *cert_len,
		   uint8_t *ca, int *ca_len)
{
	*cert_len = pem_of(answer, "certificate", cert, VT_CERT_DER_MAX);
	*ca_len = pem_of(answer, "ca_certificate", ca, VT_CERT_DER_MAX);
	return *cert_len < 0 || *ca_len < 0 ? -EBADMSG : 0;
}
