/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VG_VMMD_H
#define VG_VMMD_H

/*
 * vmgate-vmmd: guests' lifecycle for operators. Operators reach it over
 * TLS 1.3 on <runtime_dir>/vmmd.sock with a client certificate pinned in
 * the policy's `operators`; their role decides what they may ask; every
 * request, allowed or refused, goes to the audit log (docs/vmmd.md).
 * vmmd runs one launcher process (vmgate-launch) per running guest and
 * asks vmgate-vtpmd for guests' vTPMs and the gateway's measurements.
 *
 * Functions return 0 or a negative errno unless said otherwise.
 */

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>
#include <time.h>

#include "vg_config.h"
#include "vmm_api.h"
#include "vt_cert.h"

#define VMMD_LOG(fmt, ...) fprintf(stderr, "vmmd: " fmt "\n", ##__VA_ARGS__)
#define VMMD_IO_MS 5000                /* a client's handshake, request, reply */
#define VMMD_STOP_GRACE_MS 5000        /* SIGTERM to SIGKILL */
#define VMMD_SAVE_TIMEOUT_MS 120000    /* a launcher saving its guest */
/* vmgate-launch's exit status once it saved its guest (its
 * LAUNCH_EXIT_SAVED, docs/launch.md). */
#define VMM_LAUNCH_EXIT_SAVED 3
#define VMMD_CERT_MAX 4096             /* an operator's certificate, DER */

/* An operator of the policy with the certificate pinned for them. */
struct operator_pin {
	char name[VG_NAME_MAX + 1];
	enum vg_role role;
	uint8_t der[VMMD_CERT_MAX];
	size_t der_len;
};

enum guest_run_state { GUEST_STOPPED, GUEST_RUNNING, GUEST_EXITED };

/* One guest's launcher process, by guest name (kept across reloads). */
struct guest_proc {
	char name[VG_NAME_MAX + 1];
	enum guest_run_state state;
	pid_t pid;                      /* while running */
	time_t since;                   /* started, stopped or exited */
	int wait_status;                /* waitpid's, once exited or stopped */
	/* Relaunches on the attestation service's request (monotonic
	 * seconds, oldest first), for vmm.restart_limit. */
	time_t relaunched[VG_RESTART_LIMIT_MAX];
	unsigned n_relaunched;
};

struct att_tls_ctx;
struct json_object;

struct vmmd {
	const struct vg_config *cfg;
	const char *config_path;
	char launcher[PATH_MAX];        /* vmgate-launch, or --launcher */
	char self[PATH_MAX];            /* this executable */
	struct operator_pin *ops;
	size_t n_ops;
	struct guest_proc *procs;
	size_t n_procs, cap_procs;
	struct att_tls_ctx *tls;
	uint8_t ca_der[VT_CERT_DER_MAX];  /* the platform CA, from vtpmd */
	size_t ca_len;
	int listen_fd;
	uint64_t refused_peers;         /* SO_PEERCRED refusals */
};

/* operator_pins.c: every operator's certificate file, read as DER into a
 * new array (*out, *n). A file that cannot be read or holds no certificate
 * fails the whole load (-ENOENT, -EBADMSG...), with a message on stderr
 * naming the operator and file. */
int operator_pins_load(const struct vg_config *cfg, struct operator_pin **out,
		       size_t *n);
/* The operator whose pinned certificate is exactly der, or NULL. */
const struct operator_pin *operator_find(const struct vmmd *d,
					 const uint8_t *der, size_t len);
/* The certificate's subject as one line ("/CN=eve/O=x"), for the audit
 * log of a refused one; "(unreadable certificate)" when it has none. */
void cert_subject(const uint8_t *der, size_t len, char *buf, size_t size);

/* vmmd_identity.c: a fresh P-256 key for vmmd's TLS server, certified by
 * the platform CA through vtpmd ("<gateway> vmmd"), and the TLS context
 * that accepts pinned operator certificates. Waits for vtpmd a while. */
int vmmd_identity(struct vmmd *d);

/* vtpmd_ask.c: one control request to vtpmd; *out is its JSON reply (the
 * caller puts it) or NULL. On an error status, *out may hold {"error"}. */
int vtpmd_ask(const struct vmmd *d, uint16_t type, const void *req, size_t len,
	      struct json_object **out);

/* measure_check.c: the gateway's measurements in the root TPM (vtpmd's
 * quote and event log) include this executable's SHA-256 and the
 * launcher's. 0; -EKEYREJECTED with why in detail when one is missing;
 * another -errno when the quote could not be had. */
int measure_check(const struct vmmd *d, char *detail, size_t size);

/* guest_proc.c: the launcher processes. */
struct guest_proc *guest_proc_find(struct vmmd *d, const char *name);
/* The entry for name, created stopped when missing; NULL on -ENOMEM. */
struct guest_proc *guest_proc_get(struct vmmd *d, const char *name);
/* Runs "<launcher> -c <policy> --guest NAME". -EALREADY when running;
 * -errno of exec (in detail too) when the launcher could not run. */
int guest_proc_start(struct vmmd *d, struct guest_proc *p, char *detail,
		     size_t size);
/* SIGTERM, then SIGKILL after VMMD_STOP_GRACE_MS; waits for it. 0 when
 * it was running (detail says how it ended), -ESRCH when it was not. */
int guest_proc_stop(struct guest_proc *p, char *detail, size_t size);
/* Has p's launcher save the guest (SIGUSR1) and waits for it to end:
 * 0 when it saved and stopped; -EIO when it ended otherwise, -ETIMEDOUT
 * when it still runs (the guest then runs on), -ESRCH when not running;
 * what happened in detail. */
int guest_proc_save(struct vmmd *d, struct guest_proc *p, char *detail, size_t size);
/* Collects exited launchers (never blocks). */
void guest_proc_reap(struct vmmd *d);
/* Stops every running launcher (vmmd is ending). */
void guest_proc_stop_all(struct vmmd *d);
/* "stopped", "running", "exited". */
const char *guest_run_state_name(enum guest_run_state s);
/* How a wait status ended: "exit status 3", "killed by signal 9". */
void wait_status_text(int status, char *buf, size_t size);

/* vmmd_listen.c: the listening socket (mode 0660, replacing a stale
 * one), and accepting a client whose SO_PEERCRED is root or our user. */
int vmmd_listen(struct vmmd *d, const char *path);
/* A connected client's fd; -EAGAIN when none is waiting, -EPERM for a
 * refused peer (counted, closed). */
int vmmd_accept(struct vmmd *d);

/* mgmt_session.c: one client connection, from the handshake to the reply;
 * closes fd. */
void mgmt_session(struct vmmd *d, int fd);

/* mgmt_dispatch.c: runs an operator's decoded request after the role
 * check; every outcome is audited. Returns the response status and sets
 * *reply (malloc'd JSON text). */
int mgmt_dispatch(struct vmmd *d, const struct operator_pin *op,
		  const struct vmm_req *req, char **reply);

/* attest_service.c: 0 when der is the attestation service's certificate
 * (authd's, docs/vmmd.md): issued by the platform CA, valid now, for TLS
 * clients, to "<gateway> attestation"; its CN goes into actor. Otherwise
 * -EKEYREJECTED (or -EKEYEXPIRED, -EBADMSG): then it is nobody special. */
int attest_service_check(const struct vmmd *d, const uint8_t *der, size_t len,
			 char *actor, size_t size);

/* guest_restart.c: runs the attestation service's decoded request: only
 * guest.restart, which stops the guest and relaunches it within the
 * policy's restart limit; the request and its outcome are audited. Returns
 * the response status and sets *reply (malloc'd JSON text). */
int service_dispatch(struct vmmd *d, const char *actor, const struct vmm_req *req,
		     char **reply);

/* guests_json.c: the state of one guest (or, name NULL, of every guest of
 * the policy and every launcher still running), with its vTPM's state from
 * vtpmd when it answers. NULL for a guest neither in the policy nor known. */
struct json_object *guests_json(struct vmmd *d, const char *name);

/* vmmd_reload.c: re-reads the policy file and the operators' certificates;
 * on any problem keeps the old ones and writes why into detail. */
int vmmd_reload(struct vmmd *d, char *detail, size_t size);

/* vmmd_audit.c: appends one entry to the policy's vmm.audit_log. A failure
 * is logged on stderr and returned. */
int vmmd_audit(const struct vmmd *d, const char *actor, const char *action,
	       const char *target, int result, const char *detail);

#endif
