/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VMGATECTL_OPERATOR_TOKEN_H
#define VMGATECTL_OPERATOR_TOKEN_H

/* The operator's private key on a PKCS#11 token (a smart card, a USB key;
 * softhsm2 in the tests): wolfSSL signs with it through its PKCS#11 crypto
 * callback device, so the key never leaves the token. Functions return 0
 * or a negative errno; messages for the operator go to stderr. */

#include <stddef.h>
#include <stdint.h>

struct operator_token;

/* Loads module, logs in to the token labelled token with pin, and selects
 * the private key labelled key, whose public point must be (x, y) for the
 * handshake to succeed. NULL on failure (printed). */
struct operator_token *operator_token_open(const char *module, const char *token,
					   const char *key, const char *pin,
					   const uint8_t x[32], const uint8_t y[32]);
/* An att_tls_sign_fn: ECDSA over digest on the token. */
int operator_token_sign(void *tok, const uint8_t *digest, size_t len,
			uint8_t r[32], uint8_t s[32]);
void operator_token_close(struct operator_token *t);

#endif
