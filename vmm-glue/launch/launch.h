/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VG_LAUNCH_H
#define VG_LAUNCH_H

/*
 * vmgate-launch: the measured launch of one QEMU guest (docs/launch.md).
 *
 *   1. measure: SHA-256 of kernel, command line, initrd and disk image, each
 *      compared with the policy's approved measurements; a mismatch is
 *      refused and audited, and QEMU never starts;
 *   2. seed: the event log (the layout of authd/evidence/evlog.h) joins the
 *      agent's files on the guest's seed disk;
 *   3. TPM proxy: QEMU's -tpmdev emulator talks to the launcher, which
 *      relays to the guest's swtpm (vtpmd's) and extends the launch
 *      measurements right after every TPM start-up, before the guest sees
 *      the TPM;
 *   4. QEMU, sandboxed, as an unprivileged user, supervised until it exits.
 * A guest with an encrypted data disk (launch.data_disk) has one more step
 * between 1 and 2: the measurements go into its reset vTPM, vtpmd is asked
 * for the disk key (it releases it only while PCRs 8 and 9 are those of an
 * approved launch), and a refusal ends the launch like a mismatch does.
 *
 * Functions return 0 or a negative errno unless said otherwise, and print
 * what went wrong on stderr as "vmgate-launch: ...".
 */

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <json-c/json.h>

#include "evlog.h"
#include "fd_io.h"
#include "save_file.h"
#include "vg_config.h"

/* Exit status after the guest was saved (SIGUSR1) and QEMU quit. */
#define LAUNCH_EXIT_SAVED 3

#define LAUNCH_LOG(fmt, ...) fprintf(stderr, "vmgate-launch: " fmt "\n", ##__VA_ARGS__)
#define LAUNCH_PARTS 4

/* One part of the launch, open from measuring to QEMU's start: QEMU reads
 * the very file that was hashed (through /proc/self/fd), not whatever the
 * path names later. */
struct launch_part {
	enum evlog_part part;
	const char *path;               /* NULL for the command line */
	int fd;                         /* -1 when not a file or not open */
	uint8_t digest[EVLOG_DIGEST_LEN];
};

struct launch {
	const struct vg_config *cfg;
	const struct vg_guest *guest;
	struct launch_part parts[LAUNCH_PARTS];
	size_t n_parts;
	struct evlog log;               /* the extensions, in order */
	char dir[PATH_MAX];             /* <runtime_dir>/launch/NAME */
	char tpm_ctrl[PATH_MAX];        /* vtpmd's swtpm control socket */
	char tpm_data[PATH_MAX];        /* vtpmd's swtpm data socket */
	char proxy_path[PATH_MAX];      /* the socket QEMU's -tpmdev connects to */
	char seed_path[PATH_MAX];       /* the seed disk made here */
	int seed_fd;                    /* the seed disk, open for QEMU */
	char vhost_path[PATH_MAX];      /* QEMU's vhost-user socket ("": QEMU connects) */
	uid_t uid;                      /* QEMU's user */
	gid_t gid;
	const char *action;             /* audit action; NULL: "guest.launch" */
	bool data_disk_new;             /* --create-data-disk: it does not exist yet */
	int data_fd;                    /* the encrypted data disk, read-write, or -1 */
	int key_fd;                     /* a pipe holding its key for QEMU, or -1 */
	int qmp_fd, qmp_qemu_fd;        /* the monitor's socket pair: ours, QEMU's */
	int incoming_fd;                /* restoring: QEMU's end of the stream, or -1 */
};

/* The data disk key as vtpmd hands it out: 32 bytes, in hex. It is the
 * LUKS passphrase (QEMU's secret object, format=raw). */
#define LAUNCH_DISK_KEY_HEX 64

/* launch_measure.c: opens and hashes every part the guest's launch names,
 * in the layout's order (kernel, command line, initrd, disk), and fills
 * l->parts and l->log. -ENOENT and the like when a part cannot be read. */
int launch_measure(struct launch *l);
/* Compares each part with its approved digests: 0 when every part matches
 * one, and every approved part is launched; otherwise -EPERM with the
 * reason (naming the part) in why. */
int launch_approve(const struct launch *l, char *why, size_t size);
/* Closes the parts' files. */
void launch_parts_close(struct launch *l);

/* launch_audit.c: one audit entry for this guest's launch (action
 * "guest.launch"); a failure to audit is reported and returned. */
int launch_audit(const struct launch *l, int result, const char *detail);

/* seed_disk.c: writes the seed disk (a ustar archive, as
 * tools/guest_seed.sh makes) at path from the files in dir, with the launch
 * event log as launch.evlog; refuses a missing required file, an unknown
 * or non-regular one, and oversized ones (-EINVAL, with a message). */
int seed_disk_write(const char *dir, const struct evlog *log, const char *path);

/* tpm_extend.c: extends the launch events of log into the TPM on the data
 * socket fd (TPM2_PCR_Extend, sha256, password session). 0 when all were
 * extended; -EAGAIN when the TPM is not started (TPM_RC_INITIALIZE, nothing
 * extended); -EIO for any other TPM error or a malformed answer. */
int tpm_extend_log(int fd, const struct evlog *log);

/* tpm_prelaunch.c: resets the guest's vTPM (TPM2_Shutdown, CMD_INIT,
 * TPM2_Startup) and extends the launch events into it, then closes its
 * sockets, so that vtpmd can read PCRs 8 and 9 before QEMU starts. */
int tpm_prelaunch_extend(const struct launch *l);

/* disk_key_fetch.c: asks vtpmd for the guest's data disk key: 0 and key
 * (LAUNCH_DISK_KEY_HEX hex digits and a NUL); -EACCES when vtpmd refused,
 * with its reason in why; another negative errno (and why) when vtpmd
 * could not be asked or answered out of protocol. */
int disk_key_fetch(const struct launch *l, char key[LAUNCH_DISK_KEY_HEX + 1], char *why,
		   size_t size);

/* vtpmd_key_call.c: one key request of type to vmgate-vtpmd: 0 and its
 * JSON answer (naming this guest) in *reply, for the caller to put; or a
 * negative errno (vtpmd's refusal: its status, -EACCES and the like) with
 * the reason in why. */
int vtpmd_key_call(const struct launch *l, uint16_t type, const void *req, size_t len,
		   struct json_object **reply, char *why, size_t size);
/* Decodes the hex string field of o, exactly len bytes, into out, and
 * wipes json-c's copy; -EBADMSG when it is missing or malformed. */
int vtpmd_key_field(struct json_object *o, const char *field, uint8_t *out, size_t len);

/* save_key_fetch.c: a new key for a save of l's guest, and its sealed
 * form for the file's header; or the key unsealed from a file's header.
 * Refusals as vtpmd_key_call. */
int save_key_new(const struct launch *l, uint8_t key[SAVE_KEY_LEN], uint8_t *sealed,
		 size_t *sealed_len, char *why, size_t size);
int save_key_open(const struct launch *l, const uint8_t *sealed, size_t sealed_len,
		  uint8_t key[SAVE_KEY_LEN], char *why, size_t size);

/* data_disk_attach.c: opens the guest's data disk read-write for QEMU
 * (l->data_fd), refusing anything but a regular file with a LUKS header
 * (-EMEDIUMTYPE): nothing is ever attached there in clear. */
int data_disk_open(struct launch *l);
/* Puts key in a pipe that QEMU's user may open (l->key_fd): the key
 * reaches QEMU through a descriptor, never argv or a file. */
int data_disk_key_pipe(struct launch *l, const char *key);

/* data_disk_create.c: makes the guest's data disk, a new LUKS image of
 * size (digits and an optional K, M or G suffix) whose passphrase is key,
 * with qemu-img; refuses (-EEXIST) when the file exists. The file is
 * created 0600 and given to QEMU's user. */
int data_disk_create(const struct launch *l, const char *key, const char *size);

/* launch_dir_reach.c: whether uid/gid (QEMU's user, no supplementary
 * groups) may pass through every directory from / to dir (an absolute
 * path): 0, or -EACCES naming the first that stops it (reported). */
int launch_dir_reachable(const char *dir, uid_t uid, gid_t gid);

/* tpm_proxy.c: connects to a UNIX socket: the fd, or a negative errno. */
int connect_unix(const char *path);

/* tpm_proxy.c: the proxy between QEMU's -tpmdev emulator and the swtpm. */
struct tpm_proxy;
/* Listens on l->proxy_path (owned by l->uid) for QEMU; NULL on failure. */
struct tpm_proxy *tpm_proxy_open(const struct launch *l);
/* The descriptors to poll (at most 3, -1 for unused); returns the count. */
int tpm_proxy_fds(const struct tpm_proxy *p, int fds[3]);
/* Serves whatever is ready on fd (one of tpm_proxy_fds). 0, or a negative
 * errno when the proxy cannot go on safely: the guest must then stop. */
int tpm_proxy_serve(struct tpm_proxy *p, int fd, pid_t qemu);
/* Times the launch measurements were extended (once per TPM start-up). */
unsigned tpm_proxy_extensions(const struct tpm_proxy *p);
void tpm_proxy_close(struct tpm_proxy *p);

/* Saving and restoring (tpm_proxy.c, save_out.c, save_in.c): the vTPM's
 * state blobs (tpm_ioctl.h types 1-3: permanent, volatile, savestate). */
struct tpm_blob {
	uint32_t flags;
	size_t len;
	uint8_t *data;
};
struct tpm_blobs {
	struct tpm_blob b[3];
	bool complete;                  /* all three were read */
};
/* While w is set, QEMU's first CMD_GET_STATEBLOB puts the vTPM's state
 * into w (tpm_proxy_saved() then says so); NULL ends that. */
void tpm_proxy_save_to(struct tpm_proxy *p, struct save_writer *w);
bool tpm_proxy_saved(const struct tpm_proxy *p);
/* QEMU resumes a saved guest: its resume INIT first puts blobs into the
 * vTPM, and until then only probing TPM commands pass. */
void tpm_proxy_restore_from(struct tpm_proxy *p, const struct tpm_blobs *blobs);
/* Whether the restored guest's vTPM was resumed. */
bool tpm_proxy_resumed(const struct tpm_proxy *p);

/* tpm_data_relay.c: relays one TPM command from QEMU to swtpm and its
 * response back, extending the launch measurements first when a start-up
 * is pending (see tpm_proxy.c). *pending is cleared once they are in.
 * While restoring, only probing commands pass (-EPERM otherwise). */
int tpm_data_relay(int qemu_fd, int tpm_fd, const struct evlog *log, bool *pending,
		   unsigned *extensions, bool restoring);

/* qmp_client.c: the launcher's monitor connection to its QEMU. */
struct qmp;
/* Reads QEMU's greeting and enters command mode on fd (not owned). */
struct qmp *qmp_open(int fd, int timeout_ms);
/* Sends command (one JSON line), with pass_fd attached when >= 0, and
 * waits for its answer, skipping events: 0 (and *ret, the "return", for
 * the caller to put, when ret is not NULL), -EIO for QEMU's error (logged),
 * -ETIMEDOUT, -EPIPE. */
int qmp_exec(struct qmp *q, const char *command, int pass_fd, int timeout_ms,
	     struct json_object **ret);
void qmp_close(struct qmp *q);

/* save_out.c: saving the running guest into "<vmm.save_dir>/NAME.vgsave". */
struct save_out;
/* The save file's path. */
int save_path(const struct launch *l, char *buf, size_t size);
/* Starts QEMU's migration into the launcher; NULL
 * when that failed (the guest then runs on). */
struct save_out *save_out_start(struct launch *l, struct qmp *qmp);
/* The migration stream's descriptor to poll; the file's writer. */
int save_out_fd(const struct save_out *s);
struct save_writer *save_out_writer(struct save_out *s);
/* Takes what QEMU wrote: 0 (more to come), 1 when the guest is saved
 * (QEMU was told to quit), or a negative errno; tpm_saved says whether
 * the vTPM's state is in the file. */
int save_out_serve(struct save_out *s, bool *tpm_saved);
/* A failed save: the file is removed and the guest resumes. */
void save_out_abort(struct save_out *s);
void save_out_free(struct save_out *s);

/* save_in.c: restoring a saved guest. NULL and *err -ENOENT when there is
 * no save of it; another error when there is one that cannot be used. */
struct save_in;
struct save_in *save_in_open(struct launch *l, int *err);
/* Our end of QEMU's incoming stream, to poll for writing (-1 once all
 * of it was written). */
int save_in_fd(const struct save_in *s);
/* Feeds QEMU: 0 (more to come), 1 when the whole stream was written,
 * a negative errno for a file that is not intact. */
int save_in_serve(struct save_in *s);
const struct tpm_blobs *save_in_blobs(const struct save_in *s);
/* The guest runs again: the save is removed. */
void save_in_done(struct save_in *s);
void save_in_free(struct save_in *s);

/* qemu_cmdline.c: QEMU's argv for the launch (NULL-terminated, in argv of
 * max entries, strings in buf). 0, or -E2BIG / -EINVAL (a path QEMU's
 * options cannot carry). */
int qemu_cmdline(const struct launch *l, bool kvm, const char **argv, size_t max,
		 char *buf, size_t size);
/* Whether KVM can run a stock kernel here: a vmx or svm CPU flag and a
 * /dev/kvm that opens. */
bool qemu_kvm_usable(void);

/* qemu_run.c: starts QEMU (argv) as l->uid/l->gid with its serial console
 * on console_fd, serves the TPM proxy until QEMU exits, stops it on
 * SIGTERM or SIGINT (SIGTERM to QEMU, SIGKILL after a grace period), saves
 * the guest on SIGUSR1, and feeds QEMU the saved guest in (when not NULL).
 * Returns the exit status for the launcher: QEMU's own, 128 + signal when
 * it was killed by one, LAUNCH_EXIT_SAVED after a save, 1 when the launch
 * failed. */
int qemu_run(struct launch *l, const char *const *argv, int console_fd, struct save_in *in);

#endif
