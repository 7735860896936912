/* SPDX-License-Identifier: BSD-3-Clause */
/* The one table of the protocol: for each message type, who sends it and
 * which fields it has, in tag order. The decoder and the builder both
 * read it; docs/protocol.md describes it. */
#include "proto_local.h"

#include <stddef.h>

#define REQUIRED(tag, kind, min, max) { tag, kind, false, min, max }
#define OPTIONAL(tag, kind, min, max) { tag, kind, true, min, max }

#define F_GUEST         REQUIRED(ATT_T_GUEST, ATT_K_NAME, 1, ATT_NAME_MAX)
#define F_AGENT_VERSION REQUIRED(ATT_T_AGENT_VERSION, ATT_K_UINT, 2, 2)
#define F_PEER          REQUIRED(ATT_T_PEER, ATT_K_NAME, 1, ATT_NAME_MAX)
#define F_NONCE         REQUIRED(ATT_T_NONCE, ATT_K_BYTES, ATT_NONCE_LEN, ATT_NONCE_LEN)
#define F_PCR_SELECT    REQUIRED(ATT_T_PCR_SELECT, ATT_K_PCR_SELECT, 1, ATT_PCR_COUNT)
#define F_ATTEST        REQUIRED(ATT_T_ATTEST, ATT_K_BYTES, 1, ATT_ATTEST_MAX)
#define F_SIG_R         REQUIRED(ATT_T_SIG_R, ATT_K_BYTES, ATT_SIG_LEN, ATT_SIG_LEN)
#define F_SIG_S         REQUIRED(ATT_T_SIG_S, ATT_K_BYTES, ATT_SIG_LEN, ATT_SIG_LEN)
#define F_AK_CERT       REQUIRED(ATT_T_AK_CERT, ATT_K_BYTES, 1, ATT_CERT_MAX)
#define F_EVENT_LOG     REQUIRED(ATT_T_EVENT_LOG, ATT_K_BYTES, 0, ATT_EVENT_LOG_MAX)
#define F_STATUS        REQUIRED(ATT_T_STATUS, ATT_K_UINT, 1, 1)
#define F_TTL           REQUIRED(ATT_T_TTL, ATT_K_UINT, 4, 4)
#define F_REASON        OPTIONAL(ATT_T_REASON, ATT_K_TEXT, 1, ATT_REASON_MAX)

#define AGENT ATT_ROLE_AGENT
#define AUTHD ATT_ROLE_AUTHD

static const struct att_schema schemas[ATT_TYPE_MAX] = {
	[ATT_HELLO] = { "hello", AGENT,
		{ F_GUEST, F_AGENT_VERSION } },
	[ATT_CHALLENGE] = { "challenge", AUTHD,
		{ F_NONCE, F_PCR_SELECT } },
	[ATT_EVIDENCE] = { "evidence", AGENT,
		{ F_ATTEST, F_SIG_R, F_SIG_S, F_AK_CERT, F_EVENT_LOG } },
	[ATT_GATEWAY_CHALLENGE] = { "gateway_challenge", AGENT,
		{ F_NONCE } },
	[ATT_GATEWAY_EVIDENCE] = { "gateway_evidence", AUTHD,
		{ F_ATTEST, F_SIG_R, F_SIG_S, F_AK_CERT, F_EVENT_LOG } },
	[ATT_VERDICT] = { "verdict", AUTHD,
		{ F_STATUS, F_TTL, F_REASON } },
	[ATT_REATTEST] = { "reattest", AGENT,
		{ { 0 } } },
	[ATT_PAIR_REQUEST] = { "pair_request", AGENT,
		{ F_PEER } },
	[ATT_PAIR_RESULT] = { "pair_result", AUTHD,
		{ F_PEER, F_STATUS, F_TTL, F_REASON } },
	[ATT_ERROR] = { "error", AGENT | AUTHD,
		{ F_STATUS, F_REASON } },
};

const struct att_schema *att_schema_of(unsigned type)
{
	if (type >= ATT_TYPE_MAX || !schemas[type].name)
		return NULL;
	return &schemas[type];
}

const struct att_field_spec *att_schema_field(const struct att_schema *s,
					      unsigned tag)
{
	for (size_t i = 0; i < ATT_FIELDS_MAX && s->fields[i].tag; i++)
		if (s->fields[i].tag == tag)
			return &s->fields[i];
	return NULL;
}

bool att_type_sent_by(unsigned type, enum att_role role)
{
	const struct att_schema *s = att_schema_of(type);

	return s && (s->senders & role);
}

const char *att_type_name(unsigned type)
{
	const struct att_schema *s = att_schema_of(type);

	return s ? s->name : "unknown";
}
