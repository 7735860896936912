/* SPDX-License-Identifier: BSD-3-Clause */
/* wolfSSL's own state: once per process, and per thread. */
#include "tls_local.h"

#include <errno.h>
#include <pthread.h>
#include <wolfssl/wolfcrypt/ecc.h>

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int init_rc;

static void init_wolfssl(void)
{
	init_rc = wolfSSL_Init();
}

int tls_wolf_init(void)
{
	pthread_once(&once, init_wolfssl);
	return init_rc == WOLFSSL_SUCCESS ? 0 : -EIO;
}

/* Debian's wolfSSL keeps, per thread (FP_ECC with thread-local storage),
 * a cache of fixed-point tables for the ECC points it multiplies, and a
 * queue of errors (ERROR_QUEUE_PER_THREAD). Neither is freed when the
 * thread ends. */
void att_tls_thread_end(void)
{
	wc_ecc_fp_free();
	wolfSSL_ERR_clear_error();
}
