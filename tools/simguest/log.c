/* SPDX-License-Identifier: BSD-3-Clause */
#include "log.h"

#include <stdarg.h>
#include <stdio.h>

static const char *log_tag = "";

void log_init(const char *tag)
{
	log_tag = tag;
}

void log_info(const char *fmt, ...)
{
	va_list ap;

	/* Two simguests usually share one terminal or log: say which one. */
	fprintf(stderr, "vmgate-simguest[%s]: ", log_tag);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}
