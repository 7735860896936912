/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VT_SWTPM_LOCAL_H
#define VT_SWTPM_LOCAL_H

/* Shared by the swtpm library's files; not part of its interface. */

#include <stdarg.h>
#include <stddef.h>
#include <sys/un.h>

#include "vt_swtpm.h"

#define SUN_PATH_MAX sizeof(((struct sockaddr_un *)0)->sun_path)
#define SWTPM_LOG "swtpm.log"
#define SWTPM_STATE_FILE "tpm2-00.permall"
#define KEY_FD 3                /* where swtpm and swtpm_setup find the key */

struct vt_swtpm {
	pid_t pid;
	int status;             /* wait status, once exited */
	bool exited;
	char sock[SUN_PATH_MAX];
	char ctrl[SUN_PATH_MAX];
	char tcti[SUN_PATH_MAX + 16];
};

/* Checks o: -EINVAL for bad names, paths or programs; -ENOENT, -EPERM
 * (reported on o->log) when state_dir is missing or not ours with mode
 * 0700. */
int swtpm_opts_check(const struct vt_swtpm_opts *o);

/* Milliseconds of CLOCK_MONOTONIC. */
long long swtpm_now_ms(void);
/* Sleeps ms milliseconds (a polling step, never long). */
void swtpm_nap(int ms);

/* Runs prog with argv (and envp, or the caller's environment when NULL)
 * with stdin /dev/null, stdout and stderr into out_fd, key_fd (or none
 * when -1) as fd KEY_FD and no other descriptor, default signal
 * dispositions and an empty signal mask; in a process group of its own
 * when own_group (so that its own children can be stopped with it).
 * 0 and *pid, or -errno. */
int swtpm_spawn(const char *prog, char *const argv[], char *const envp[],
		int out_fd, int key_fd, bool own_group, pid_t *pid);

/* A pipe holding the key for the child to read, the write end closed:
 * as 32 raw bytes (hex false) or 64 hex digits. The read end or -errno. */
int swtpm_key_pipe(const uint8_t key[VT_SWTPM_KEY_LEN], bool hex);

/* Waits up to ms for pid to exit: 0 and *status once reaped, -ETIMEDOUT
 * while it still runs, or -errno. */
int swtpm_wait(pid_t pid, int ms, int *status);

/* Describes a failure on log (stderr when NULL): "swtpm NAME: ...". */
void swtpm_report(FILE *log, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Copies the last lines swtpm logged since offset to log, indented. */
void swtpm_report_log_tail(FILE *log, const char *log_path, off_t offset);
/* What swtpm's log says since offset about its state key: -EKEYREJECTED
 * (it cannot decrypt the state with it), -ENOKEY (encrypted state, no
 * key), or -EIO (anything else). */
int swtpm_log_key_error(const char *log_path, off_t offset);
/* The size of the log now (where the next start begins), 0 when none;
 * a log past its size cap is moved to swtpm.log.old first. */
off_t swtpm_log_mark(const char *log_path);

/* Creates the TPM state in state_dir with swtpm_setup. 0 or -errno
 * (reported on log). */
int swtpm_provision(const struct vt_swtpm_opts *o, const char *log_path);

/* Connects to the UNIX socket at path within ms. The fd or -errno. */
int swtpm_connect(const char *path, int ms);
/* Sends TPM2_Shutdown(TPM_SU_CLEAR) on the TPM socket; 0 once the TPM
 * answered success, -errno otherwise (-ETIMEDOUT: no answer in time). */
int swtpm_tpm_shutdown(const char *sock, int ms);
/* Sends CMD_SHUTDOWN on the control socket; 0 once swtpm acknowledged. */
int swtpm_ctrl_shutdown(const char *ctrl, int ms);

#endif
