/* SPDX-License-Identifier: BSD-3-Clause */
/* wolfSSL's fixed-point tables, off for threads that ask (ecc_tables.h). */
#include "ecc_tables.h"

#include <stdbool.h>

#include <wolfssl/options.h>
#include <wolfssl/wolfcrypt/ecc.h>

static __thread bool tables_off;

void vg_ecc_tables_off(void)
{
	tables_off = true;
	wc_ecc_fp_free();
}

void vg_ecc_before_verify(void)
{
	/* Frees the thread's point cache, use counts with it. */
	if (tables_off)
		wc_ecc_fp_free();
}
