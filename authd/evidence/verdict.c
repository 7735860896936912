/* SPDX-License-Identifier: BSD-3-Clause */
/* Reasons and the verdicts made of them: every refusal names its reason
 * and says, for the operator, which check failed on what. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "evidence_local.h"

#define REASON_NAME(e, name, text) [e] = name,
#define REASON_TEXT(e, name, text) [e] = text,
static const char *const names[EV_REASON_COUNT] = { EVIDENCE_REASONS(REASON_NAME) };
static const char *const texts[EV_REASON_COUNT] = { EVIDENCE_REASONS(REASON_TEXT) };

const char *evidence_reason_name(enum evidence_reason r)
{
	return (unsigned)r < EV_REASON_COUNT ? names[r] : "?";
}

const char *evidence_reason_text(enum evidence_reason r)
{
	return (unsigned)r < EV_REASON_COUNT ? texts[r] : "?";
}

int ev_accept(struct evidence_result *out, const char *who)
{
	out->reason = EV_OK;
	snprintf(out->message, sizeof(out->message), "%s: %s", who, texts[EV_OK]);
	return 0;
}

int ev_refuse(struct evidence_result *out, enum evidence_reason reason,
	      const char *who, const char *fmt, ...)
{
	size_t len;
	va_list ap;

	out->reason = reason;
	len = (size_t)snprintf(out->message, sizeof(out->message), "%s: %s: ", who,
			       evidence_reason_text(reason));
	if (len < sizeof(out->message)) {
		va_start(ap, fmt);
		vsnprintf(out->message + len, sizeof(out->message) - len, fmt, ap);
		va_end(ap);
	}
	return -EACCES;
}

int ev_internal(struct evidence_result *out, int err, const char *who, const char *what)
{
	out->reason = EV_FAIL_INTERNAL;
	snprintf(out->message, sizeof(out->message), "%s: %s: %s", who, what,
		 strerror(-err));
	return err;
}
