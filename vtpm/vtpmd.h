/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VG_VTPMD_H
#define VG_VTPMD_H

/*
 * vmgate-vtpmd: the only process that talks to the root TPM. It measures
 * the gateway into the root TPM, keeps the platform CA (whose key never
 * leaves the root TPM), and runs one swtpm per guest whose EK and AK it
 * certified with that CA. Each vTPM's state is encrypted at rest with a
 * key sealed by the root TPM to the gateway's measurements.
 *
 * State directory (root_tpm.state_dir):
 *   ca.der                  the platform CA's self-signed certificate
 *   gateway-ak.der          the root TPM's attestation key, certified by the CA
 *   guests/NAME/            one per provisioned guest, mode 0700:
 *     statekey.sealed       the state key, sealed (never in clear)
 *     diskkey.sealed        the data disk key, sealed alike, once released
 *     ek.der, ak.der        the vTPM's EK and AK certificates
 *     tls.der               the agent's TLS client certificate (key in the vTPM)
 *     tpm2-00.permall ...   swtpm's own state, encrypted with the state key
 * Runtime directory: <gateway.runtime_dir>/vtpm/NAME.sock (+ .sock.ctrl).
 *
 * Functions return 0 or a negative errno unless said otherwise; a failure
 * leaves a message for the operator in the guest's error field.
 */

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "ctl_proto.h"
#include "vg_config.h"
#include "vt_cert.h"
#include "vt_tpm.h"

#define VTPMD_LOG(fmt, ...) fprintf(stderr, "vtpmd: " fmt "\n", ##__VA_ARGS__)
#define VTPM_CERT_DAYS 3650
#define VTPMD_MAX_EVENTS 40    /* the executable, measure[], the policy */

enum vtpm_state {
	VTPM_ABSENT,            /* not provisioned */
	VTPM_STOPPED,           /* provisioned, swtpm not running */
	VTPM_RUNNING,
	VTPM_REFUSED,           /* provisioned, but start failed closed */
};

struct vt_swtpm;

struct guest_vtpm {
	const struct vg_guest *guest;
	enum vtpm_state state;
	char dir[PATH_MAX];             /* state: <state_dir>/guests/NAME */
	struct vt_swtpm *swtpm;         /* while running */
	uint8_t ek_x[32], ek_y[32];     /* from the certificates, once read */
	uint8_t ak_x[32], ak_y[32];
	uint8_t tls_x[32], tls_y[32];
	unsigned restarts;              /* swtpm restarted after it died */
	time_t since;                   /* last state change */
	char error[256];                /* why it was refused; "" otherwise */
};

/* One measurement extended into the root TPM at start (the event log a
 * verifier replays). */
struct gateway_event {
	uint32_t pcr;
	uint8_t digest[VT_DIGEST_LEN];
	char what[PATH_MAX];
};

struct vtpmd {
	const struct vg_config *cfg;
	const char *config_path;
	struct vt_tpm *root;
	struct vt_signer ca;
	uint8_t ca_der[VT_CERT_DER_MAX];
	size_t ca_len;
	uint8_t gw_ak_der[VT_CERT_DER_MAX];
	size_t gw_ak_len;
	struct gateway_event events[VTPMD_MAX_EVENTS];
	size_t n_events;
	uint8_t gateway_pcr23[VT_DIGEST_LEN]; /* after measuring: agents' reference */
	struct guest_vtpm *guests;      /* one per configured guest */
	size_t n_guests;
	char run_dir[PATH_MAX];         /* <runtime_dir>/vtpm */
};

/* gateway_measure.c: resets PCRs VT_PCR_GATEWAY and VT_PCR_POLICY and
 * extends them with SHA-256 of this executable, of each root_tpm.measure
 * file (PCR 23) and of the policy file (PCR 16), recording each event. */
int gateway_measure(struct vtpmd *d);

/* platform_ca.c: makes d->ca sign through the root TPM; loads ca.der, or
 * creates it when absent; refuses a ca.der for another key (-EKEYREJECTED).
 * Certifies the root TPM's AK (gateway-ak.der) the same way. */
int platform_ca_open(struct vtpmd *d);

/* state_files.c: whole small files, written atomically with mode 0600. */
int state_write(const char *dir, const char *name, const void *data, size_t len);
/* Reads at most size bytes; returns the length, -ENOENT, -EFBIG. */
long state_read(const char *dir, const char *name, void *data, size_t size);
/* Removes every file in dir, then dir. */
int state_wipe(const char *dir);

/* guest_vtpm.c: the lifecycle of one guest's vTPM. */
void guest_vtpm_init(struct vtpmd *d, struct guest_vtpm *v, const struct vg_guest *g);
int guest_vtpm_create(struct vtpmd *d, struct guest_vtpm *v);
int guest_vtpm_start(struct vtpmd *d, struct guest_vtpm *v);
int guest_vtpm_stop(struct vtpmd *d, struct guest_vtpm *v);
int guest_vtpm_destroy(struct vtpmd *d, struct guest_vtpm *v);
/* Restarts a running vTPM whose swtpm died; true when it had died. */
bool guest_vtpm_watch(struct vtpmd *d, struct guest_vtpm *v);
const char *vtpm_state_name(enum vtpm_state s);
/* Records why v failed (its error field), logs it, and returns r. */
int guest_vtpm_fail(struct guest_vtpm *v, int r, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* vtpm_provision.c: on a fresh, running vTPM: EK and AK, the AK proven to
 * live beside the EK by credential activation, both certified; and the
 * agent's TLS client key, certified with the guest's name. */
int vtpm_provision(struct vtpmd *d, struct guest_vtpm *v, struct vt_tpm *guest);
/* On a restarted vTPM: its EK and AK are those certified. */
int vtpm_check_identity(struct vtpmd *d, struct guest_vtpm *v, struct vt_tpm *guest);

/* The guest PCRs a measured launch extends (docs/launch.md). */
#define VTPM_PCR_KERNEL_CMDLINE 8
#define VTPM_PCR_INITRD_DISK 9
#define VTPM_DISK_KEY_LEN 32

/* guest_pcr_read.c: PCRs 8 and 9 (sha256) of the vTPM whose swtpm data
 * socket is sock, within timeout_ms: -ETIMEDOUT when the vTPM did not
 * answer in time (swtpm serves one client at a time: a launcher relaying
 * a running guest holds it), -EAGAIN when the TPM is not started, -EIO for
 * another TPM error, -EBADMSG for a malformed answer. */
int guest_pcr_read(const char *sock, uint8_t pcr8[VT_DIGEST_LEN],
		   uint8_t pcr9[VT_DIGEST_LEN], int timeout_ms);

/* launch_pcrs.c: 0 when pcr8 and pcr9 are what an approved measured
 * launch of g yields (from zeros, an approved value of each part the
 * policy approves, in the layout's order); otherwise -EACCES (or -EIO)
 * with the reason, naming the PCR, in why. */
int launch_pcrs_check(const struct vg_guest *g, const uint8_t pcr8[VT_DIGEST_LEN],
		      const uint8_t pcr9[VT_DIGEST_LEN], char *why, size_t size);

/* disk_key.c: v's data disk key, unsealed by the root TPM, or made (and
 * stored sealed) when v has none yet. The reason of a failure in why. */
int disk_key_get(struct vtpmd *d, struct guest_vtpm *v, uint8_t key[VTPM_DISK_KEY_LEN],
		 char *why, size_t size);

/* disk_key_release.c: answers "disk key for v" (CTL_VTPM_DISK_KEY): *reply
 * is {"name", "key" (hex)} and 0 when v's launch PCRs are those of an
 * approved launch; otherwise {"error": reason}, logged, and -EACCES (or
 * another negative errno). */
int disk_key_release(struct vtpmd *d, struct guest_vtpm *v, char **reply);

/* save_key.c: answers "save key for v" (CTL_VTPM_SAVE_KEY): *reply is
 * {"name", "key" (hex)[, "sealed" (hex) for a new one]} and 0, or
 * {"error": reason}, logged, and a negative errno (-EACCES: a key sealed
 * for another guest, or the gateway's measurements changed). */
int save_key_answer(struct vtpmd *d, const struct guest_vtpm *v, const struct ctl_save_key *req,
		    char **reply);

/* vtpmd_control.c: answers one control request (a ctl_handler). */
int vtpmd_handle(void *arg, uint16_t type, const void *payload, size_t len,
		 char **reply);

#endif
