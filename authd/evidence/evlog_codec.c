/* SPDX-License-Identifier: BSD-3-Clause */
/* The event log in memory and in bytes. The bytes come from the party
 * being attested: every length and value is checked before it is used. */
#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "evlog.h"

static const uint8_t magic[4] = { 'V', 'G', 'E', 'L' };

void evlog_init(struct evlog *log)
{
	memset(log, 0, sizeof(*log));
}

/* Whether (pcr, part) can be an event of a log. */
static bool event_valid(unsigned pcr, unsigned part)
{
	return pcr < EVLOG_PCR_COUNT && evlog_part_pcr(part) >= 0;
}

int evlog_append(struct evlog *log, unsigned pcr, unsigned part,
		 const uint8_t digest[EVLOG_DIGEST_LEN])
{
	struct evlog_entry *e;

	if (!log || !digest || !event_valid(pcr, part) || log->n > EVLOG_MAX)
		return -EINVAL;
	if (log->n == EVLOG_MAX)
		return -E2BIG;
	e = &log->e[log->n++];
	e->pcr = (uint8_t)pcr;
	e->part = (uint8_t)part;
	memcpy(e->digest, digest, EVLOG_DIGEST_LEN);
	return 0;
}

int evlog_encode(const struct evlog *log, uint8_t *buf, size_t size)
{
	size_t len;
	uint8_t *p;

	if (!log || !buf || log->n > EVLOG_MAX)
		return -EINVAL;
	len = EVLOG_HEADER_LEN + log->n * EVLOG_ENTRY_LEN;
	if (size < len)
		return -ENOSPC;
	memcpy(buf, magic, sizeof(magic));
	buf[4] = EVLOG_VERSION;
	buf[5] = (uint8_t)log->n;
	p = buf + EVLOG_HEADER_LEN;
	for (size_t i = 0; i < log->n; i++, p += EVLOG_ENTRY_LEN) {
		p[0] = log->e[i].pcr;
		p[1] = log->e[i].part;
		memcpy(p + 2, log->e[i].digest, EVLOG_DIGEST_LEN);
	}
	return (int)len;
}

int evlog_parse(const uint8_t *buf, size_t len, struct evlog *out)
{
	const uint8_t *p;
	size_t n;

	if (!out || (!buf && len))
		return -EINVAL;
	if (len < EVLOG_HEADER_LEN || memcmp(buf, magic, sizeof(magic)) != 0 ||
	    buf[4] != EVLOG_VERSION)
		return -EBADMSG;
	n = buf[5];
	if (n > EVLOG_MAX || len != EVLOG_HEADER_LEN + n * EVLOG_ENTRY_LEN)
		return -EBADMSG;
	p = buf + EVLOG_HEADER_LEN;
	for (size_t i = 0; i < n; i++, p += EVLOG_ENTRY_LEN)
		if (!event_valid(p[0], p[1]))
			return -EBADMSG;

	evlog_init(out);
	p = buf + EVLOG_HEADER_LEN;
	for (size_t i = 0; i < n; i++, p += EVLOG_ENTRY_LEN) {
		out->e[i].pcr = p[0];
		out->e[i].part = p[1];
		memcpy(out->e[i].digest, p + 2, EVLOG_DIGEST_LEN);
	}
	out->n = n;
	return 0;
}
