/* SPDX-License-Identifier: BSD-3-Clause */
#include "cert_local.h"

#include <errno.h>
#include <pthread.h>
#include <wolfssl/ssl.h>

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int init_rc;

static void init_wolfssl(void)
{
	init_rc = wolfSSL_Init();
}

/* wolfSSL_Init is reference-counted but not thread-safe; doing it once,
 * and never cleaning up, keeps other users of wolfSSL in the process
 * (TLS) unaffected. */
int cert_wolf_init(void)
{
	pthread_once(&once, init_wolfssl);
	return init_rc == WOLFSSL_SUCCESS ? 0 : -EIO;
}
