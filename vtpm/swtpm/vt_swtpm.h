/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VT_SWTPM_H
#define VT_SWTPM_H

/*
 * One swtpm process (a TPM 2.0, swtpm 0.7.1) per guest, and the root TPM
 * of the demo and tests. Its state lives in its own directory, encrypted
 * at rest (AES-256-CBC) when a key is given; a fresh state has only the
 * sha256 PCR bank. It serves the TPM on <run_dir>/<name>.sock and its
 * control channel on <run_dir>/<name>.sock.ctrl.
 *
 * The key reaches swtpm through a pipe: it is never in a file or argv.
 * The process is watched, signalled and reaped by its PID only.
 * Functions return 0 or a negative errno unless said otherwise.
 */

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#define VT_SWTPM_KEY_LEN 32
#define VT_SWTPM_NAME_MAX 32
#define VT_SWTPM_START_MS 5000  /* for the sockets to accept connections */

struct vt_swtpm;

struct vt_swtpm_opts {
	const char *state_dir;  /* exists, ours, mode 0700; no ',' */
	const char *run_dir;    /* for the sockets; no ',' */
	const char *name;       /* [A-Za-z0-9][A-Za-z0-9_.-]*, VT_SWTPM_NAME_MAX */
	const uint8_t *key;     /* VT_SWTPM_KEY_LEN bytes, or NULL: clear state */
	const char *swtpm;      /* the programs (no spaces); NULL: from PATH */
	const char *swtpm_setup;
	FILE *log;              /* where failures are described; NULL: stderr */
};

/*
 * Starts swtpm on o->state_dir, first creating the TPM state with
 * swtpm_setup when there is none (sha256 PCR bank only, no EK, no
 * certificate, no configuration file read), and returns once both
 * sockets accept connections. swtpm logs into <state_dir>/swtpm.log.
 * 0 and *out, or:
 *   -EINVAL        bad options
 *   -ENAMETOOLONG  a socket path does not fit a sockaddr_un
 *   -ENOENT        no state_dir, or no swtpm / swtpm_setup program
 *   -EPERM         state_dir is not a directory of ours with mode 0700
 *   -EADDRINUSE    another process serves the control socket
 *   -EKEYREJECTED  the state cannot be decrypted with the key (a wrong
 *                  key, or a key for a state kept in clear)
 *   -ENOKEY        the state is encrypted and no key was given
 *   -EIO           swtpm or swtpm_setup failed or died while starting
 *   -ETIMEDOUT     the sockets were not ready in VT_SWTPM_START_MS
 * On failure no process is left (a swtpm that started is killed and
 * reaped) and the reason, with the tail of swtpm's log, goes to o->log.
 */
int vt_swtpm_start(const struct vt_swtpm_opts *o, struct vt_swtpm **out);

/* The tpm2-tss TCTI configuration: "swtpm:path=<run_dir>/<name>.sock". */
const char *vt_swtpm_tcti(const struct vt_swtpm *s);
/* The control socket, as QEMU's -chardev socket,path= for -tpmdev
 * emulator wants it. */
const char *vt_swtpm_ctrl_path(const struct vt_swtpm *s);
pid_t vt_swtpm_pid(const struct vt_swtpm *s);

/* False once the process has exited; it is then reaped and its wait
 * status kept (vt_swtpm_exit_status). */
bool vt_swtpm_alive(struct vt_swtpm *s);
/* The wait status of the exited process; -1 while it runs (or when
 * something else in the process reaped it). */
int vt_swtpm_exit_status(const struct vt_swtpm *s);

/*
 * Stops the TPM: TPM2_Shutdown(CLEAR) on the TPM socket, then the control
 * channel's CMD_SHUTDOWN; SIGTERM and then SIGKILL if the process does
 * not end in time. (swtpm 0.7.1 sends no TPM2_Shutdown of its own, on
 * CMD_SHUTDOWN or SIGTERM: without one, the dictionary-attack lockout
 * counter rises at the next start once a DA-protected authorization was
 * used.) Removes the sockets. The process is gone on return:
 *   0              orderly shutdown
 *   -EBUSY         the TPM socket did not answer (in use by another
 *                  client): the process ended without TPM2_Shutdown
 *   -ETIMEDOUT     the process had to be signalled
 *   -ESRCH         the process had already exited
 */
int vt_swtpm_stop(struct vt_swtpm *s);

/* Stops, in order (TPM2_Shutdown, then CMD_SHUTDOWN), an swtpm that is not
 * ours but serves <run_dir>/<name>.sock: one a crashed daemon left
 * running. 0 once its sockets no longer answer; -ENOENT when nothing
 * serves them; -ETIMEDOUT when it did not stop. */
int vt_swtpm_stop_stray(const char *run_dir, const char *name);

/* Stops s if it still runs, removes its sockets and frees it. */
void vt_swtpm_free(struct vt_swtpm *s);

#endif
