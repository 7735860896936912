/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VG_EVIDENCE_H
#define VG_EVIDENCE_H

/*
 * Attestation evidence: what a guest's agent gathers from its vTPM, and how
 * authd judges it against the policy; and the same for the gateway, judged
 * by the agent.
 *
 * Evidence is a TPM quote over the launch PCRs (see evlog.h for the
 * layout) whose qualifying data is SHA-256(nonce || exporter): the
 * verifier's fresh nonce, and the TLS 1.3 exporter value of the session
 * the evidence travels in, so a quote cannot be replayed later nor
 * relayed through another TLS session. Beside it travel the AK's
 * certificate (issued by the platform CA to "<name> AK") and the event log.
 *
 * Verification treats everything but the CA certificate, the policy and
 * the expected name as hostile, checks it completely, and never fails
 * open: a guest with nothing approved to compare with is refused.
 *
 * Return convention: 0 on success, a negative errno on failure. The
 * verifiers return 0 when the evidence is accepted, -EACCES when it is
 * refused (out->reason says why), and another negative errno (reason
 * EV_FAIL_INTERNAL) when verification could not run; out is filled
 * in every case.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "evlog.h"
#include "vg_config.h"
#include "vt_tpm.h"

#define EVIDENCE_NONCE_LEN 32
#define EVIDENCE_EXPORTER_LEN 32

/* Why evidence was refused: the enum, a name for counters and JSON, and
 * what it means. In the order the checks run. */
#define EVIDENCE_REASONS(_) \
	_(EV_OK, "ok", "evidence accepted") \
	_(EV_FAIL_NO_REFERENCE, "no_reference", \
	  "the policy approves no measurement for this guest") \
	_(EV_FAIL_AK_CHAIN, "ak_chain", \
	  "the AK certificate is not a valid one of the platform CA") \
	_(EV_FAIL_AK_NAME, "ak_name", \
	  "the AK certificate was issued to another TPM") \
	_(EV_FAIL_SIGNATURE, "signature", \
	  "the quote is not signed by the certified AK") \
	_(EV_FAIL_QUOTE, "quote_format", \
	  "the signed bytes are not a TPM quote") \
	_(EV_FAIL_NONCE, "nonce", \
	  "the quote is for another nonce or another TLS session") \
	_(EV_FAIL_PCR_SELECTION, "pcr_selection", \
	  "the quote covers other PCRs than the policy's") \
	_(EV_FAIL_EVENT_LOG, "event_log", \
	  "the event log is malformed or breaks the PCR layout") \
	_(EV_FAIL_REPLAY, "replay", \
	  "the event log does not replay to the quoted PCRs") \
	_(EV_FAIL_UNAPPROVED, "unapproved", \
	  "a measurement is not approved, or an approved part was not measured") \
	_(EV_FAIL_GATEWAY_PCR, "gateway_pcr", \
	  "the gateway's binaries are not those of the reference") \
	_(EV_FAIL_NO_EVIDENCE, "no_evidence", \
	  "no evidence in time, or a malformed or unexpected message instead") \
	_(EV_FAIL_INTERNAL, "internal", "verification could not run")

#define EVIDENCE_REASON_ENUM(e, name, text) e,
enum evidence_reason { EVIDENCE_REASONS(EVIDENCE_REASON_ENUM) EV_REASON_COUNT };
#undef EVIDENCE_REASON_ENUM

/* "ak_chain", ...; "?" for a value out of range. */
const char *evidence_reason_name(enum evidence_reason r);
/* What the reason means, as in EVIDENCE_REASONS. */
const char *evidence_reason_text(enum evidence_reason r);

struct evidence_result {
	enum evidence_reason reason;
	char message[256];      /* for the operator: who, what, which value */
};

/* --- Both sides ----------------------------------------------------------- */

/* The qualifying data of a quote: SHA-256(nonce || exporter). 0 or -EIO. */
int evidence_qualifying(const uint8_t nonce[EVIDENCE_NONCE_LEN],
			const uint8_t exporter[EVIDENCE_EXPORTER_LEN],
			uint8_t out[VT_DIGEST_LEN]);

/* The PCR indexes of a mask (bit i: PCR i), ascending, into pcrs. Returns
 * how many. */
size_t evidence_mask_pcrs(uint32_t mask, uint32_t pcrs[VT_PCR_COUNT]);

/* --- Agent (in the guest) ------------------------------------------------- */

struct evidence {
	struct vt_quote quote;
};

/* Quotes the n sha256 PCRs listed with the persistent AK (VT_AK_HANDLE)
 * of the guest's vTPM, qualified by SHA-256(nonce || exporter). Errors of
 * vt_quote(): -ENOENT when the AK was not provisioned, -EINVAL for a bad
 * PCR list. The AK certificate and the event log are files the caller
 * reads and sends beside it. */
int evidence_gather(struct vt_tpm *guest, const uint8_t nonce[EVIDENCE_NONCE_LEN],
		    const uint8_t exporter[EVIDENCE_EXPORTER_LEN], const uint32_t *pcrs,
		    size_t n, struct evidence *out);

/* --- authd: a guest's evidence -------------------------------------------- */

/* The AK certificate a verifier accepted last for one guest, so the next
 * attestation with the very same bytes skips checking it again (chain,
 * name, key: most of a verification's CPU). Owned by the caller, zeroed
 * at first; meaningful only with the same CA. */
struct evidence_ak_cache {
	bool valid;
	size_t len;
	uint8_t der[2048];
	uint8_t x[VT_COORD_LEN], y[VT_COORD_LEN];
};

struct evidence_input {
	const uint8_t *ca_der;          /* the platform CA's certificate */
	size_t ca_len;
	const char *guest_name;         /* whom the TLS session authenticated */
	const struct vg_guest *guest;   /* its policy entry; NULL: none */
	uint32_t pcr_mask;              /* attestation.pcrs of the policy */
	const uint8_t *nonce;           /* EVIDENCE_NONCE_LEN, ours */
	const uint8_t *exporter;        /* EVIDENCE_EXPORTER_LEN, of this session */
	/* From the guest: */
	const struct vt_quote *quote;
	const uint8_t *ak_der;
	size_t ak_len;
	const uint8_t *evlog;
	size_t evlog_len;
	struct evidence_ak_cache *ak_cache;  /* NULL: check the AK every time */
};

/*
 * Judges a guest's evidence. In order, the first failure decides:
 *   NO_REFERENCE   no policy entry, or one approving no part at all
 *   AK_CHAIN       the AK certificate does not verify against the CA
 *   AK_NAME        its CN is not "<guest_name> AK"
 *   SIGNATURE      the quote is not signed by the certified AK
 *   QUOTE          signed, but not a TPM quote
 *   NONCE          signed for other qualifying data: another nonce, or
 *                  relayed from another TLS session
 *   PCR_SELECTION  over other PCRs (or bank) than pcr_mask
 *   EVENT_LOG      the log is malformed, or has an event for a PCR outside
 *                  pcr_mask, for a part in another PCR than its own, or for
 *                  a part measured already
 *   REPLAY         the log does not replay to the quoted PCR values
 *   UNAPPROVED     a logged digest is not one the policy approves for its
 *                  part, or a part the policy approves was not measured
 * Returns 0 (EV_OK), -EACCES, or -EINVAL (bad arguments: a NULL pointer,
 * an empty pcr_mask, a guest entry of another name), -ENOMEM, -EIO.
 */
int evidence_verify(const struct evidence_input *in, struct evidence_result *out);

/* --- Agent: the gateway's evidence ---------------------------------------- */

struct gateway_evidence_input {
	const uint8_t *ca_der;          /* the platform CA's certificate */
	size_t ca_len;
	const char *gateway_name;       /* gateway.name of the policy */
	const uint8_t *nonce;           /* EVIDENCE_NONCE_LEN, ours */
	const uint8_t *exporter;        /* EVIDENCE_EXPORTER_LEN, of this session */
	const uint8_t *expected_pcr23;  /* VT_DIGEST_LEN: the reference */
	/* From the gateway: */
	const struct vt_quote *quote;   /* root TPM's AK, PCRs 16 and 23 */
	const uint8_t *ak_der;
	size_t ak_len;
	const uint8_t *evlog;
	size_t evlog_len;
};

/*
 * Judges the gateway's evidence: its AK certificate verifies against the
 * CA (AK_CHAIN) and is issued to "<gateway_name> AK" (AK_NAME); the quote
 * is signed by it (SIGNATURE, QUOTE), for this nonce and session (NONCE),
 * over PCRs 16 and 23 (PCR_SELECTION); the log has only gateway binaries
 * in PCR 23, at least one, and exactly one policy file in PCR 16
 * (EVENT_LOG), and replays to the quoted values (REPLAY); PCR 23 is the
 * reference the agent was provisioned with (GATEWAY_PCR). PCR 16 is not
 * compared with anything: the policy may be reloaded, and its hash is
 * reported, not judged. Returns as evidence_verify().
 */
int gateway_evidence_verify(const struct gateway_evidence_input *in,
			    struct evidence_result *out);

#endif
