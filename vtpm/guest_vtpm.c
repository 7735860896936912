/* SPDX-License-Identifier: BSD-3-Clause */
/* One guest's vTPM: create (provision and certify), start (only with the
 * state key the root TPM unseals, and only if the vTPM is still the one
 * certified), stop (cleanly), destroy (wipe), and restart after a crash.
 * Every failure to start fails closed: the vTPM stays down, refused, with
 * the reason for the operator. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ctl_dirs.h"
#include "vt_swtpm.h"
#include "vtpmd.h"

#define STATE_KEY_LEN 32

const char *vtpm_state_name(enum vtpm_state s)
{
	static const char *const names[] = { "absent", "stopped", "running", "refused" };

	return s <= VTPM_REFUSED ? names[s] : "?";
}

static void set_state(struct guest_vtpm *v, enum vtpm_state s)
{
	v->state = s;
	v->since = time(NULL);
	if (s != VTPM_REFUSED)
		v->error[0] = '\0';
}

int guest_vtpm_fail(struct guest_vtpm *v, int r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(v->error, sizeof(v->error), fmt, ap);
	va_end(ap);
	VTPMD_LOG("vTPM of '%s': %s", v->guest->name, v->error);
	return r;
}

void guest_vtpm_init(struct vtpmd *d, struct guest_vtpm *v, const struct vg_guest *g)
{
	struct stat st;

	int n;

	memset(v, 0, sizeof(*v));
	v->guest = g;
	n = snprintf(v->dir, sizeof(v->dir), "%s/guests/%s", d->cfg->root_tpm.state_dir,
		     g->name);
	if (n < 0 || (size_t)n >= sizeof(v->dir)) {
		set_state(v, VTPM_REFUSED);
		guest_vtpm_fail(v, -ENAMETOOLONG, "its state directory's path is too long");
		return;
	}
	set_state(v, stat(v->dir, &st) == 0 ? VTPM_STOPPED : VTPM_ABSENT);
}

static int run_swtpm(struct vtpmd *d, struct guest_vtpm *v, const uint8_t *key)
{
	struct vt_swtpm_opts o = {
		.state_dir = v->dir,
		.run_dir = d->run_dir,
		.name = v->guest->name,
		.key = key,
	};

	int r = vt_swtpm_start(&o, &v->swtpm);

	/* A crashed vtpmd leaves its swtpm processes running: stop the one
	 * on this guest's sockets in order, then start afresh. */
	if (r == -EADDRINUSE) {
		VTPMD_LOG("vTPM of '%s': stopping the swtpm a previous vtpmd left running",
			  v->guest->name);
		if (vt_swtpm_stop_stray(d->run_dir, v->guest->name) == 0)
			r = vt_swtpm_start(&o, &v->swtpm);
	}
	return r;
}

static void stop_swtpm(struct guest_vtpm *v)
{
	if (!v->swtpm)
		return;
	vt_swtpm_stop(v->swtpm);
	vt_swtpm_free(v->swtpm);
	v->swtpm = NULL;
}

/* Starts swtpm with the unsealed state key and checks the identity. */
static int start_checked(struct vtpmd *d, struct guest_vtpm *v)
{
	uint8_t key[VT_SEAL_MAX];
	struct vt_blob blob;
	struct vt_tpm *t = NULL;
	size_t key_len = 0;
	long n = state_read(v->dir, "statekey.sealed", blob.data, sizeof(blob.data));
	int r;

	if (n < 0)
		return guest_vtpm_fail(v, (int)n, "cannot read its sealed state key: %s", strerror((int)-n));
	blob.len = (size_t)n;
	r = vt_unseal(d->root, &blob, key, &key_len);
	if (r == -EACCES)
		return guest_vtpm_fail(v, r, "the root TPM refuses to unseal its state key: the "
			    "gateway's measurements changed since it was sealed");
	if (r < 0 || key_len != STATE_KEY_LEN) {
		explicit_bzero(key, sizeof(key));
		return guest_vtpm_fail(v, r < 0 ? r : -EBADMSG, "its sealed state key is corrupted "
			    "or not this root TPM's: %s", strerror(r < 0 ? -r : EBADMSG));
	}
	r = run_swtpm(d, v, key);
	explicit_bzero(key, sizeof(key));
	if (r == -EKEYREJECTED)
		return guest_vtpm_fail(v, r, "its state cannot be decrypted with its state key");
	if (r < 0)
		return guest_vtpm_fail(v, r, "swtpm did not start: %s", strerror(-r));
	r = vt_tpm_open(vt_swtpm_tcti(v->swtpm), &t);
	if (r == 0)
		r = vtpm_check_identity(d, v, t);
	else
		guest_vtpm_fail(v, r, "cannot reach its swtpm: %s", strerror(-r));
	vt_tpm_close(t);
	if (r < 0)
		stop_swtpm(v);
	return r;
}

int guest_vtpm_start(struct vtpmd *d, struct guest_vtpm *v)
{
	int r;

	if (v->state == VTPM_ABSENT)
		return guest_vtpm_fail(v, -ENOENT, "not provisioned (create it first)");
	if (v->state == VTPM_RUNNING)
		return 0;
	r = start_checked(d, v);
	set_state(v, r == 0 ? VTPM_RUNNING : VTPM_REFUSED);
	if (r == 0)
		VTPMD_LOG("vTPM of '%s' running", v->guest->name);
	return r;
}

int guest_vtpm_create(struct vtpmd *d, struct guest_vtpm *v)
{
	uint8_t key[STATE_KEY_LEN];
	struct vt_blob sealed;
	struct vt_tpm *t = NULL;
	int r;

	if (v->state != VTPM_ABSENT)
		return guest_vtpm_fail(v, -EEXIST, "already provisioned (destroy it first)");
	if ((r = ctl_make_dirs(v->dir, 0700)) < 0)
		return guest_vtpm_fail(v, r, "cannot create %s: %s", v->dir, strerror(-r));
	r = vt_random(d->root, key, sizeof(key));
	if (r == 0)
		r = vt_seal(d->root, key, sizeof(key), VT_PCR_GATEWAY, &sealed);
	if (r == 0)
		r = state_write(v->dir, "statekey.sealed", sealed.data, sealed.len);
	if (r < 0) {
		guest_vtpm_fail(v, r, "cannot make its sealed state key: %s", strerror(-r));
		goto out;
	}
	r = run_swtpm(d, v, key);
	if (r < 0) {
		guest_vtpm_fail(v, r, "swtpm did not start: %s", strerror(-r));
		goto out;
	}
	r = vt_tpm_open(vt_swtpm_tcti(v->swtpm), &t);
	if (r == 0)
		r = vtpm_provision(d, v, t);
	else
		guest_vtpm_fail(v, r, "cannot reach its swtpm: %s", strerror(-r));
	vt_tpm_close(t);
out:
	explicit_bzero(key, sizeof(key));
	if (r < 0) {
		stop_swtpm(v);
		state_wipe(v->dir);
		set_state(v, VTPM_ABSENT);
		return r;
	}
	set_state(v, VTPM_RUNNING);
	VTPMD_LOG("vTPM of '%s' provisioned and running", v->guest->name);
	return 0;
}

int guest_vtpm_stop(struct vtpmd *d, struct guest_vtpm *v)
{
	(void)d;
	if (v->state == VTPM_ABSENT)
		return guest_vtpm_fail(v, -ENOENT, "not provisioned");
	stop_swtpm(v);
	if (v->state == VTPM_RUNNING)
		VTPMD_LOG("vTPM of '%s' stopped", v->guest->name);
	set_state(v, VTPM_STOPPED);
	return 0;
}

int guest_vtpm_destroy(struct vtpmd *d, struct guest_vtpm *v)
{
	int r;

	if (v->state == VTPM_ABSENT)
		return guest_vtpm_fail(v, -ENOENT, "not provisioned");
	stop_swtpm(v);
	r = state_wipe(v->dir);
	if (r < 0)
		return guest_vtpm_fail(v, r, "cannot wipe %s: %s", v->dir, strerror(-r));
	guest_vtpm_init(d, v, v->guest);
	VTPMD_LOG("vTPM of '%s' destroyed", v->guest->name);
	return 0;
}

bool guest_vtpm_watch(struct vtpmd *d, struct guest_vtpm *v)
{
	if (v->state != VTPM_RUNNING || !v->swtpm || vt_swtpm_alive(v->swtpm))
		return false;
	VTPMD_LOG("swtpm of '%s' died: restarting it", v->guest->name);
	vt_swtpm_free(v->swtpm);
	v->swtpm = NULL;
	v->restarts++;
	set_state(v, VTPM_STOPPED);
	guest_vtpm_start(d, v);
	return true;
}
