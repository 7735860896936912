/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Saving a running guest (SIGUSR1, sent by vmgate-vmmd for "vmgatectl guest
 * migrate"): QEMU migrates into a pipe the launcher reads (live: it copies
 * the memory while the guest runs, then pauses it for the last pass, so
 * the saved state says "running" and a restore resumes it by itself), and
 * each piece goes encrypted into the save file; the vTPM's state
 * is fetched from the swtpm by the proxy when QEMU asks for it (tpm_proxy.c)
 * and goes into the same file. QEMU itself only ever sees empty vTPM blobs.
 * On success the file is in place and QEMU is told to quit; on any failure
 * the half-written file is removed and the guest runs on.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ctl_dirs.h"
#include "launch.h"

#define QMP_TIMEOUT_MS 10000
#define READ_CHUNK 65536

struct save_out {
	struct launch *l;
	struct qmp *qmp;
	struct save_writer *w;
	int rd;                         /* the migration stream, from QEMU */
	uint8_t buf[READ_CHUNK];
};

int save_path(const struct launch *l, char *buf, size_t size)
{
	if ((size_t)snprintf(buf, size, "%s/%s.vgsave", l->cfg->vmm.save_dir, l->guest->name) >=
	    size)
		return -ENAMETOOLONG;
	return 0;
}

/* The key, the file, the pipe; then QEMU migrates into it. */
static int begin(struct save_out *s)
{
	uint8_t key[SAVE_KEY_LEN], sealed[SAVE_SEALED_MAX];
	size_t sealed_len = 0;
	char path[PATH_MAX], why[400];
	int p[2] = { -1, -1 }, r;

	if ((r = save_path(s->l, path, sizeof(path))) < 0 ||
	    (r = ctl_make_dirs(s->l->cfg->vmm.save_dir, 0700)) < 0) {
		LAUNCH_LOG("save: the save directory %s: %s", s->l->cfg->vmm.save_dir, strerror(-r));
		return r;
	}
	r = save_key_new(s->l, key, sealed, &sealed_len, why, sizeof(why));
	if (r < 0) {
		LAUNCH_LOG("save: no key from vmgate-vtpmd: %s", why);
		return r;
	}
	s->w = save_writer_open(path, s->l->guest->name, key, sealed, sealed_len);
	explicit_bzero(key, sizeof(key));
	if (!s->w) {
		LAUNCH_LOG("save: cannot create %s.tmp: %s", path, strerror(errno));
		return -EIO;
	}
	if (pipe2(p, O_CLOEXEC) < 0)
		return -errno;
	s->rd = p[0];
	r = qmp_exec(s->qmp, "{\"execute\":\"getfd\",\"arguments\":{\"fdname\":\"vgsave\"}}\n",
		     p[1], QMP_TIMEOUT_MS, NULL);
	close(p[1]);
	if (r == 0)
		r = qmp_exec(s->qmp, "{\"execute\":\"migrate\",\"arguments\":{\"uri\":\"fd:vgsave\"}}\n",
			     -1, QMP_TIMEOUT_MS, NULL);
	return r;
}

struct save_out *save_out_start(struct launch *l, struct qmp *qmp)
{
	struct save_out *s = calloc(1, sizeof(*s));
	int r;

	if (!s)
		return NULL;
	s->l = l;
	s->rd = -1;
	s->qmp = qmp;
	r = begin(s);
	if (r < 0) {
		LAUNCH_LOG("guest '%s': save failed before migrating: %s", l->guest->name,
			   strerror(-r));
		save_out_abort(s);
		return NULL;
	}
	LAUNCH_LOG("guest '%s': saving", l->guest->name);
	return s;
}

int save_out_fd(const struct save_out *s)
{
	return s->rd;
}

struct save_writer *save_out_writer(struct save_out *s)
{
	return s ? s->w : NULL;
}

/* Whether QEMU says the migration completed. */
static bool completed(struct save_out *s)
{
	struct json_object *ret = NULL, *st;
	bool ok = false;

	if (qmp_exec(s->qmp, "{\"execute\":\"query-migrate\"}\n", -1, QMP_TIMEOUT_MS, &ret) == 0 &&
	    json_object_object_get_ex(ret, "status", &st))
		ok = !strcmp(json_object_get_string(st), "completed");
	if (!ok)
		LAUNCH_LOG("QEMU's migration ended as '%s'",
			   ret && json_object_object_get_ex(ret, "status", &st)
				   ? json_object_get_string(st) : "unknown");
	json_object_put(ret);
	return ok;
}

int save_out_serve(struct save_out *s, bool *tpm_saved)
{
	ssize_t n = read(s->rd, s->buf, sizeof(s->buf));

	if (n < 0)
		return errno == EINTR || errno == EAGAIN ? 0 : -errno;
	if (n > 0)
		return save_writer_put(s->w, SAVE_QEMU, s->buf, (size_t)n) < 0 ? -EIO : 0;
	/* QEMU closed the stream: done, one way or the other. */
	if (!completed(s))
		return -EIO;
	if (!*tpm_saved) {
		LAUNCH_LOG("save: QEMU never asked for the vTPM state");
		return -EIO;
	}
	if (save_writer_finish(s->w) < 0)
		return -EIO;
	LAUNCH_LOG("guest '%s' saved", s->l->guest->name);
	qmp_exec(s->qmp, "{\"execute\":\"quit\"}\n", -1, QMP_TIMEOUT_MS, NULL);
	return 1;
}

void save_out_abort(struct save_out *s)
{
	if (!s)
		return;
	/* The guest goes on (QEMU resumes it after a failed migration, but
	 * not always after one that failed at its very end). */
	if (s->qmp && s->w)
		qmp_exec(s->qmp, "{\"execute\":\"cont\"}\n", -1, QMP_TIMEOUT_MS, NULL);
	save_out_free(s);
}

void save_out_free(struct save_out *s)
{
	if (!s)
		return;
	save_writer_free(s->w);
	if (s->rd >= 0)
		close(s->rd);
	free(s);
}
