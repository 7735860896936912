/* SPDX-License-Identifier: BSD-3-Clause */
/* Bounded waits: for a child to exit, in short sleeps. */
#include "swtpm_local.h"

#include <errno.h>
#include <sys/wait.h>
#include <time.h>

long long swtpm_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void swtpm_nap(int ms)
{
	struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000 };

	nanosleep(&ts, NULL);
}

int swtpm_wait(pid_t pid, int ms, int *status)
{
	long long deadline = swtpm_now_ms() + ms;

	for (;;) {
		pid_t r = waitpid(pid, status, WNOHANG);

		if (r == pid)
			return 0;
		if (r < 0 && errno != EINTR)
			return -errno;
		if (swtpm_now_ms() >= deadline)
			return -ETIMEDOUT;
		swtpm_nap(10);
	}
}
