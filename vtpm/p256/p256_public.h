/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VG_P256_PUBLIC_H
#define VG_P256_PUBLIC_H

#include <wolfssl/options.h>
#include <wolfssl/wolfcrypt/ecc.h>

/*
 * Whether key, an imported P-256 public key, is a valid one: both
 * coordinates below the field prime and the point on the curve (hence not
 * the point at infinity). P-256's cofactor is 1, so every such point has
 * the group's prime order: this is full public key validation (SP 800-56A
 * 5.6.2.3.3) without the n*Q = O multiplication of wc_ecc_check_key, which
 * costs milliseconds each time in a short-lived process such as the guest
 * agent. 0, or -EINVAL.
 */
int vg_p256_public_check(ecc_key *key);

#endif
