/* SPDX-License-Identifier: BSD-3-Clause */
/* swtpm processes for real: a fresh TPM has only the sha256 bank and is
 * reachable through the TCTI string; its state is unreadable without its
 * key and refused with another; a clean stop leaves no process, no socket
 * and no dictionary-attack count; a killed or crashing swtpm is seen. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <tss2_esys.h>
#include <tss2_tctildr.h>
#include <unistd.h>

#include "cunit_runner.h"
#include "vt_swtpm.h"

#define NV_INDEX 0x01500020
#define SKIP 77

static const uint8_t key_a[VT_SWTPM_KEY_LEN] = { 0x11, 0x22, 0x33, [31] = 0x44 };
static const uint8_t key_b[VT_SWTPM_KEY_LEN] = { 0x55, 0x66, 0x77, [31] = 0x88 };
/* Written into NV: findable in a state file kept in clear. */
static const uint8_t marker[32] = "vmgate-swtpm-test-marker-0123456";

static char root[64];
static char swtpm_path[PATH_MAX];
static unsigned dirs;

/* A new state directory (mode 0700) under the test's root. */
static void new_state_dir(char *path, size_t size)
{
	snprintf(path, size, "%s/state%u", root, dirs++);
	CU_ASSERT_EQUAL_FATAL(mkdir(path, 0700), 0);
}

static struct vt_swtpm_opts opts(const char *state, const char *name,
				 const uint8_t *key)
{
	return (struct vt_swtpm_opts){
		.state_dir = state, .run_dir = root, .name = name, .key = key,
	};
}

static bool pid_gone(pid_t pid)
{
	return kill(pid, 0) < 0 && errno == ESRCH;
}

static bool path_gone(const char *path)
{
	struct stat st;

	return stat(path, &st) < 0 && errno == ENOENT;
}

struct tpm {
	TSS2_TCTI_CONTEXT *tcti;
	ESYS_CONTEXT *esys;
};

static bool tpm_open(const struct vt_swtpm *s, struct tpm *t)
{
	t->tcti = NULL;
	t->esys = NULL;
	if (Tss2_TctiLdr_Initialize(vt_swtpm_tcti(s), &t->tcti) != TSS2_RC_SUCCESS)
		return false;
	if (Esys_Initialize(&t->esys, t->tcti, NULL) != TSS2_RC_SUCCESS) {
		Tss2_TctiLdr_Finalize(&t->tcti);
		return false;
	}
	return true;
}

static void tpm_close(struct tpm *t)
{
	Esys_Finalize(&t->esys);
	Tss2_TctiLdr_Finalize(&t->tcti);
}

static bool tpm_random_works(struct tpm *t)
{
	TPM2B_DIGEST *rnd = NULL;
	bool ok = Esys_GetRandom(t->esys, ESYS_TR_NONE, ESYS_TR_NONE, ESYS_TR_NONE,
				 16, &rnd) == TSS2_RC_SUCCESS && rnd->size == 16;

	Esys_Free(rnd);
	return ok;
}

/* The banks with at least one PCR allocated, as TPM2_ALG_ID values. */
static size_t tpm_banks(struct tpm *t, TPM2_ALG_ID *algs, size_t max)
{
	TPMS_CAPABILITY_DATA *cap = NULL;
	TPMI_YES_NO more;
	size_t n = 0;

	if (Esys_GetCapability(t->esys, ESYS_TR_NONE, ESYS_TR_NONE, ESYS_TR_NONE,
			       TPM2_CAP_PCRS, 0, 1, &more, &cap) != TSS2_RC_SUCCESS)
		return 0;
	for (UINT32 i = 0; i < cap->data.assignedPCR.count && n < max; i++) {
		const TPMS_PCR_SELECTION *sel = &cap->data.assignedPCR.pcrSelections[i];
		bool any = false;

		for (unsigned b = 0; b < sel->sizeofSelect; b++)
			any |= sel->pcrSelect[b] != 0;
		if (any)
			algs[n++] = sel->hash;
	}
	Esys_Free(cap);
	return n;
}

static UINT32 tpm_lockout_counter(struct tpm *t)
{
	TPMS_CAPABILITY_DATA *cap = NULL;
	TPMI_YES_NO more;
	UINT32 v = UINT32_MAX;

	if (Esys_GetCapability(t->esys, ESYS_TR_NONE, ESYS_TR_NONE, ESYS_TR_NONE,
			       TPM2_CAP_TPM_PROPERTIES, TPM2_PT_LOCKOUT_COUNTER, 1,
			       &more, &cap) == TSS2_RC_SUCCESS &&
	    cap->data.tpmProperties.count == 1 &&
	    cap->data.tpmProperties.tpmProperty[0].property == TPM2_PT_LOCKOUT_COUNTER)
		v = cap->data.tpmProperties.tpmProperty[0].value;
	Esys_Free(cap);
	return v;
}

/* Uses the authorization of an object subject to dictionary-attack
 * protection (a storage key without NODA, as parent of a sealed object):
 * from then on, only TPM2_Shutdown keeps the lockout counter from rising
 * at the next start. */
static bool tpm_use_da_protected_auth(struct tpm *t)
{
	TPM2B_PUBLIC parent = {
		.publicArea = {
			.type = TPM2_ALG_ECC,
			.nameAlg = TPM2_ALG_SHA256,
			.objectAttributes = TPMA_OBJECT_USERWITHAUTH | TPMA_OBJECT_RESTRICTED |
					    TPMA_OBJECT_DECRYPT | TPMA_OBJECT_FIXEDTPM |
					    TPMA_OBJECT_FIXEDPARENT |
					    TPMA_OBJECT_SENSITIVEDATAORIGIN,
			.parameters.eccDetail = {
				.symmetric = { .algorithm = TPM2_ALG_AES, .keyBits.aes = 128,
					       .mode.aes = TPM2_ALG_CFB },
				.scheme.scheme = TPM2_ALG_NULL,
				.curveID = TPM2_ECC_NIST_P256,
				.kdf.scheme = TPM2_ALG_NULL,
			},
		},
	};
	TPM2B_PUBLIC sealed = {
		.publicArea = {
			.type = TPM2_ALG_KEYEDHASH,
			.nameAlg = TPM2_ALG_SHA256,
			.objectAttributes = TPMA_OBJECT_USERWITHAUTH | TPMA_OBJECT_FIXEDTPM |
					    TPMA_OBJECT_FIXEDPARENT,
			.parameters.keyedHashDetail.scheme.scheme = TPM2_ALG_NULL,
		},
	};
	TPM2B_SENSITIVE_CREATE none = { 0 }, secret = {
		.sensitive.data = { .size = 1, .buffer = { 'x' } },
	};
	TPM2B_DATA outside = { 0 };
	TPML_PCR_SELECTION pcrs = { 0 };
	TPM2B_PRIVATE *priv = NULL;
	TPM2B_PUBLIC *pub = NULL;
	ESYS_TR handle = ESYS_TR_NONE;
	bool ok;

	if (Esys_CreatePrimary(t->esys, ESYS_TR_RH_OWNER, ESYS_TR_PASSWORD, ESYS_TR_NONE,
			       ESYS_TR_NONE, &none, &parent, &outside, &pcrs, &handle,
			       NULL, NULL, NULL, NULL) != TSS2_RC_SUCCESS)
		return false;
	ok = Esys_Create(t->esys, handle, ESYS_TR_PASSWORD, ESYS_TR_NONE, ESYS_TR_NONE,
			 &secret, &sealed, &outside, &pcrs, &priv, &pub, NULL, NULL,
			 NULL) == TSS2_RC_SUCCESS;
	Esys_Free(priv);
	Esys_Free(pub);
	Esys_FlushContext(t->esys, handle);
	return ok;
}

static bool tpm_nv_write_marker(struct tpm *t)
{
	TPM2B_NV_PUBLIC pub = {
		.nvPublic = {
			.nvIndex = NV_INDEX,
			.nameAlg = TPM2_ALG_SHA256,
			.attributes = TPMA_NV_OWNERWRITE | TPMA_NV_OWNERREAD | TPMA_NV_NO_DA,
			.dataSize = sizeof(marker),
		},
	};
	TPM2B_MAX_NV_BUFFER data = { .size = sizeof(marker) };
	TPM2B_AUTH auth = { 0 };
	ESYS_TR nv = ESYS_TR_NONE;
	bool ok;

	memcpy(data.buffer, marker, sizeof(marker));
	if (Esys_NV_DefineSpace(t->esys, ESYS_TR_RH_OWNER, ESYS_TR_PASSWORD, ESYS_TR_NONE,
				ESYS_TR_NONE, &auth, &pub, &nv) != TSS2_RC_SUCCESS)
		return false;
	ok = Esys_NV_Write(t->esys, ESYS_TR_RH_OWNER, nv, ESYS_TR_PASSWORD, ESYS_TR_NONE,
			   ESYS_TR_NONE, &data, 0) == TSS2_RC_SUCCESS;
	Esys_TR_Close(t->esys, &nv);
	return ok;
}

static bool tpm_nv_reads_marker(struct tpm *t)
{
	TPM2B_MAX_NV_BUFFER *data = NULL;
	ESYS_TR nv = ESYS_TR_NONE;
	bool ok;

	if (Esys_TR_FromTPMPublic(t->esys, NV_INDEX, ESYS_TR_NONE, ESYS_TR_NONE,
				  ESYS_TR_NONE, &nv) != TSS2_RC_SUCCESS)
		return false;
	ok = Esys_NV_Read(t->esys, ESYS_TR_RH_OWNER, nv, ESYS_TR_PASSWORD, ESYS_TR_NONE,
			  ESYS_TR_NONE, sizeof(marker), 0, &data) == TSS2_RC_SUCCESS &&
	     data->size == sizeof(marker) && memcmp(data->buffer, marker, sizeof(marker)) == 0;
	Esys_Free(data);
	Esys_TR_Close(t->esys, &nv);
	return ok;
}

/* The state file's bytes (at most size), or -1. */
static ssize_t state_file(const char *state, uint8_t *buf, size_t size)
{
	char path[PATH_MAX + 32];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s/tpm2-00.permall", state);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	n = read(fd, buf, size);
	close(fd);
	return n;
}

static bool contains(const uint8_t *buf, size_t len, const uint8_t *what, size_t n)
{
	return memmem(buf, len, what, n) != NULL;
}

/* Starts a TPM on state with key, writes the marker into NV, stops it. */
static void provision_with_marker(const char *state, const uint8_t *key)
{
	struct vt_swtpm_opts o = opts(state, "marked", key);
	struct vt_swtpm *s = NULL;
	struct tpm t;

	CU_ASSERT_EQUAL_FATAL(vt_swtpm_start(&o, &s), 0);
	CU_ASSERT_FATAL(tpm_open(s, &t));
	CU_ASSERT(tpm_nv_write_marker(&t));
	tpm_close(&t);
	CU_ASSERT_EQUAL(vt_swtpm_stop(s), 0);
	vt_swtpm_free(s);
}

static void test_start_then_stop_leaves_no_process_and_no_sockets(void)
{
	char state[PATH_MAX], expect[PATH_MAX + 32];
	struct vt_swtpm_opts o;
	struct vt_swtpm *s = NULL;
	pid_t pid;

	new_state_dir(state, sizeof(state));
	o = opts(state, "web", NULL);
	CU_ASSERT_EQUAL_FATAL(vt_swtpm_start(&o, &s), 0);
	pid = vt_swtpm_pid(s);
	CU_ASSERT(pid > 0 && !pid_gone(pid));
	CU_ASSERT(vt_swtpm_alive(s));
	CU_ASSERT_EQUAL(vt_swtpm_exit_status(s), -1);
	snprintf(expect, sizeof(expect), "swtpm:path=%s/web.sock", root);
	CU_ASSERT_STRING_EQUAL(vt_swtpm_tcti(s), expect);
	snprintf(expect, sizeof(expect), "%s/web.sock.ctrl", root);
	CU_ASSERT_STRING_EQUAL(vt_swtpm_ctrl_path(s), expect);

	CU_ASSERT_EQUAL(vt_swtpm_stop(s), 0);
	CU_ASSERT(pid_gone(pid));
	CU_ASSERT_FALSE(vt_swtpm_alive(s));
	CU_ASSERT(WIFEXITED(vt_swtpm_exit_status(s)) &&
		  WEXITSTATUS(vt_swtpm_exit_status(s)) == 0);
	CU_ASSERT(path_gone(expect));
	snprintf(expect, sizeof(expect), "%s/web.sock", root);
	CU_ASSERT(path_gone(expect));
	vt_swtpm_free(s);
}

static void test_tcti_reaches_a_tpm_with_only_the_sha256_bank(void)
{
	char state[PATH_MAX];
	struct vt_swtpm_opts o;
	struct vt_swtpm *s = NULL;
	TPM2_ALG_ID banks[8];
	struct tpm t;

	new_state_dir(state, sizeof(state));
	o = opts(state, "banks", key_a);
	CU_ASSERT_EQUAL_FATAL(vt_swtpm_start(&o, &s), 0);
	CU_ASSERT_FATAL(tpm_open(s, &t));
	CU_ASSERT(tpm_random_works(&t));
	CU_ASSERT_EQUAL(tpm_banks(&t, banks, 8), 1);
	CU_ASSERT_EQUAL(banks[0], TPM2_ALG_SHA256);
	tpm_close(&t);
	CU_ASSERT_EQUAL(vt_swtpm_stop(s), 0);
	vt_swtpm_free(s);
}

/* After a clean stop the lockout counter stays 0; after SIGKILL it rises
 * (which shows the check can see the difference). */
static void test_clean_stop_keeps_the_lockout_counter_at_zero(void)
{
	char state[PATH_MAX];
	struct vt_swtpm_opts o;
	struct vt_swtpm *s = NULL;
	struct tpm t;

	new_state_dir(state, sizeof(state));
	o = opts(state, "lockout", NULL);
	CU_ASSERT_EQUAL_FATAL(vt_swtpm_start(&o, &s), 0);
	CU_ASSERT_FATAL(tpm_open(s, &t));
	CU_ASSERT(tpm_use_da_protected_auth(&t));
	tpm_close(&t);
	CU_ASSERT_EQUAL(vt_swtpm_stop(s), 0);
	vt_swtpm_free(s);

	CU_ASSERT_EQUAL_FATAL(vt_swtpm_start(&o, &s), 0);
	CU_ASSERT_FATAL(tpm_open(s, &t));
	CU_ASSERT_EQUAL(tpm_lockout_counter(&t), 0);
	CU_ASSERT(tpm_use_da_protected_auth(&t));
	tpm_close(&t);
	CU_ASSERT_EQUAL(kill(vt_swtpm_pid(s), SIGKILL), 0);
	vt_swtpm_free(s);

	CU_ASSERT_EQUAL_FATAL(vt_swtpm_start(&o, &s), 0);
	CU_ASSERT_FATAL(tpm_open(s, &t));
	CU_ASSERT_EQUAL(tpm_lockout_counter(&t), 1);
	tpm_close(&t);
	CU_ASSERT_EQUAL(vt_swtpm_stop(s), 0);
	vt_swtpm_free(s);
}

static void test_state_is_encrypted_at_rest(void)
{
	char clear[PATH_MAX], secret[PATH_MAX];
	uint8_t a[16384], b[16384];
	ssize_t na, nb;

	new_state_dir(clear, sizeof(clear));
	new_state_dir(secret, sizeof(secret));
	provision_with_marker(clear, NULL);
	provision_with_marker(secret, key_a);
	na = state_file(clear, a, sizeof(a));
	nb = state_file(secret, b, sizeof(b));
	CU_ASSERT_FATAL(na > 12 && nb > 12);
	/* The marker is in the clear state and not in the encrypted one. */
	CU_ASSERT(contains(a, (size_t)na, marker, sizeof(marker)));
	CU_ASSERT_FALSE(contains(b, (size_t)nb, marker, sizeof(marker)));
	/* swtpm's blob header: flags (bytes 4-5) say encrypted, and the first
	 * tag (bytes 10-11) is encrypted data rather than plain data. */
	CU_ASSERT_EQUAL(a[5] & 1, 0);
	CU_ASSERT_EQUAL(b[5] & 1, 1);
	CU_ASSERT(a[10] != b[10] || a[11] != b[11]);
}

static void test_encrypted_state_needs_its_key(void)
{
	char state[PATH_MAX], *text = NULL;
	struct vt_swtpm_opts o;
	struct vt_swtpm *s = NULL;
	size_t text_len = 0;
	FILE *log;
	struct tpm t;

	new_state_dir(state, sizeof(state));
	provision_with_marker(state, key_a);

	o = opts(state, "keyed", key_a);
	CU_ASSERT_EQUAL_FATAL(vt_swtpm_start(&o, &s), 0);
	CU_ASSERT_FATAL(tpm_open(s, &t));
	CU_ASSERT(tpm_nv_reads_marker(&t));
	tpm_close(&t);
	CU_ASSERT_EQUAL(vt_swtpm_stop(s), 0);
	vt_swtpm_free(s);

	log = open_memstream(&text, &text_len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(log);
	o = opts(state, "keyed", key_b);
	o.log = log;
	s = NULL;
	CU_ASSERT_EQUAL(vt_swtpm_start(&o, &s), -EKEYREJECTED);
	CU_ASSERT_PTR_NULL(s);
	o.key = NULL;
	CU_ASSERT_EQUAL(vt_swtpm_start(&o, &s), -ENOKEY);
	CU_ASSERT_PTR_NULL(s);
	fclose(log);
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "cannot be decrypted with this key"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "is encrypted and no key was given"));
	free(text);

	/* Refused starts leave the state as it was. */
	o = opts(state, "keyed", key_a);
	CU_ASSERT_EQUAL_FATAL(vt_swtpm_start(&o, &s), 0);
	CU_ASSERT_FATAL(tpm_open(s, &t));
	CU_ASSERT(tpm_nv_reads_marker(&t));
	tpm_close(&t);
	CU_ASSERT_EQUAL(vt_swtpm_stop(s), 0);
	vt_swtpm_free(s);
}

static void test_key_for_a_clear_state_is_rejected(void)
{
	char state[PATH_MAX];
	struct vt_swtpm_opts o;
	struct vt_swtpm *s = NULL;
	FILE *log = fopen("/dev/null", "w");

	new_state_dir(state, sizeof(state));
	provision_with_marker(state, NULL);
	o = opts(state, "clear", key_a);
	o.log = log;
	CU_ASSERT_EQUAL(vt_swtpm_start(&o, &s), -EKEYREJECTED);
	CU_ASSERT_PTR_NULL(s);
	fclose(log);
}

static void test_killed_swtpm_is_seen_dead_and_restarts_on_its_state(void)
{
	char state[PATH_MAX];
	struct vt_swtpm_opts o;
	struct vt_swtpm *s = NULL;
	struct tpm t;
	pid_t pid;
	int waited = 0;

	new_state_dir(state, sizeof(state));
	provision_with_marker(state, key_a);
	o = opts(state, "killed", key_a);
	CU_ASSERT_EQUAL_FATAL(vt_swtpm_start(&o, &s), 0);
	pid = vt_swtpm_pid(s);
	CU_ASSERT_EQUAL(kill(pid, SIGKILL), 0);
	while (vt_swtpm_alive(s) && waited++ < 200)
		usleep(10000);
	CU_ASSERT_FALSE(vt_swtpm_alive(s));
	CU_ASSERT(WIFSIGNALED(vt_swtpm_exit_status(s)) &&
		  WTERMSIG(vt_swtpm_exit_status(s)) == SIGKILL);
	CU_ASSERT(pid_gone(pid));
	CU_ASSERT_EQUAL(vt_swtpm_stop(s), -ESRCH);
	vt_swtpm_free(s);

	s = NULL;
	CU_ASSERT_EQUAL_FATAL(vt_swtpm_start(&o, &s), 0);
	CU_ASSERT(vt_swtpm_pid(s) != pid);
	CU_ASSERT_FATAL(tpm_open(s, &t));
	CU_ASSERT(tpm_nv_reads_marker(&t));
	tpm_close(&t);
	CU_ASSERT_EQUAL(vt_swtpm_stop(s), 0);
	vt_swtpm_free(s);
}

/* A client holding the TPM socket keeps TPM2_Shutdown out (swtpm serves
 * one connection at a time; tpm2-tss's swtpm TCTI connects per command
 * and does not hold it): the stop says so, and the process still ends
 * through the control channel. */
static void test_stop_with_the_tpm_socket_held_says_so_and_ends(void)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	char state[PATH_MAX];
	struct vt_swtpm_opts o;
	struct vt_swtpm *s = NULL;
	pid_t pid;
	int fd;

	new_state_dir(state, sizeof(state));
	o = opts(state, "busy", NULL);
	CU_ASSERT_EQUAL_FATAL(vt_swtpm_start(&o, &s), 0);
	pid = vt_swtpm_pid(s);
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s/busy.sock", root);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	CU_ASSERT_EQUAL_FATAL(connect(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	CU_ASSERT_EQUAL(vt_swtpm_stop(s), -EBUSY);
	CU_ASSERT(pid_gone(pid));
	CU_ASSERT(WIFEXITED(vt_swtpm_exit_status(s)));
	close(fd);
	vt_swtpm_free(s);
}

/* A swtpm that answers nothing (stopped) is killed, by its PID. */
static void test_unresponsive_swtpm_is_killed(void)
{
	char state[PATH_MAX];
	struct vt_swtpm_opts o;
	struct vt_swtpm *s = NULL;
	pid_t pid;

	new_state_dir(state, sizeof(state));
	o = opts(state, "hung", NULL);
	CU_ASSERT_EQUAL_FATAL(vt_swtpm_start(&o, &s), 0);
	pid = vt_swtpm_pid(s);
	CU_ASSERT_EQUAL(kill(pid, SIGSTOP), 0);
	CU_ASSERT_EQUAL(vt_swtpm_stop(s), -ETIMEDOUT);
	CU_ASSERT(pid_gone(pid));
	CU_ASSERT(WIFSIGNALED(vt_swtpm_exit_status(s)));
	vt_swtpm_free(s);
}

/* A program that dies of SIGSEGV as soon as it starts, standing in for
 * an swtpm that crashes. */
static void crashing_program(char *path, size_t size)
{
	FILE *f;

	snprintf(path, size, "%s/crashing-swtpm", root);
	f = fopen(path, "w");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	fputs("#!/bin/sh\necho 'about to crash' >&2\nkill -SEGV $$\n", f);
	fclose(f);
	CU_ASSERT_EQUAL(chmod(path, 0755), 0);
}

static void test_crash_while_starting_is_reported_and_reaped(void)
{
	char state[PATH_MAX], prog[PATH_MAX], *text = NULL;
	struct vt_swtpm_opts o;
	struct vt_swtpm *s = NULL;
	size_t text_len = 0;
	FILE *log;
	int status;

	new_state_dir(state, sizeof(state));
	provision_with_marker(state, NULL);
	crashing_program(prog, sizeof(prog));
	log = open_memstream(&text, &text_len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(log);
	o = opts(state, "crash", NULL);
	o.swtpm = prog;
	o.log = log;
	CU_ASSERT_EQUAL(vt_swtpm_start(&o, &s), -EIO);
	CU_ASSERT_PTR_NULL(s);
	fclose(log);
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "died of signal 11 while starting"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "about to crash"));
	free(text);
	CU_ASSERT_EQUAL(waitpid(-1, &status, WNOHANG), -1);
	CU_ASSERT_EQUAL(errno, ECHILD);
}

static void test_corrupt_state_fails_the_start_with_its_log(void)
{
	char state[PATH_MAX], path[PATH_MAX + 32], *text = NULL;
	struct vt_swtpm_opts o;
	struct vt_swtpm *s = NULL;
	size_t text_len = 0;
	FILE *f, *log;

	new_state_dir(state, sizeof(state));
	snprintf(path, sizeof(path), "%s/tpm2-00.permall", state);
	f = fopen(path, "w");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	fputs("this is no TPM state, only text that fills a file of some size.\n", f);
	fclose(f);
	log = open_memstream(&text, &text_len);
	o = opts(state, "corrupt", NULL);
	o.log = log;
	CU_ASSERT_EQUAL(vt_swtpm_start(&o, &s), -EIO);
	CU_ASSERT_PTR_NULL(s);
	fclose(log);
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "exited with"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "swtpm.log: "));
	free(text);
}

static void test_bad_options_are_refused(void)
{
	char state[PATH_MAX], open_dir[PATH_MAX], long_run[PATH_MAX];
	struct vt_swtpm_opts o;
	struct vt_swtpm *s = NULL;
	FILE *log = fopen("/dev/null", "w");

	new_state_dir(state, sizeof(state));
	o = opts(state, "web", NULL);
	o.log = log;
	o.name = "";
	CU_ASSERT_EQUAL(vt_swtpm_start(&o, &s), -EINVAL);
	o.name = "../web";
	CU_ASSERT_EQUAL(vt_swtpm_start(&o, &s), -EINVAL);
	o.name = "web,x";
	CU_ASSERT_EQUAL(vt_swtpm_start(&o, &s), -EINVAL);
	o.name = "a123456789012345678901234567890123";
	CU_ASSERT_EQUAL(vt_swtpm_start(&o, &s), -EINVAL);
	o.name = "web";
	o.run_dir = "/run/a,b";
	CU_ASSERT_EQUAL(vt_swtpm_start(&o, &s), -EINVAL);

	o.run_dir = root;
	o.state_dir = "/nonexistent/vmgate-state";
	CU_ASSERT_EQUAL(vt_swtpm_start(&o, &s), -ENOENT);
	new_state_dir(open_dir, sizeof(open_dir));
	CU_ASSERT_EQUAL(chmod(open_dir, 0755), 0);
	o.state_dir = open_dir;
	CU_ASSERT_EQUAL(vt_swtpm_start(&o, &s), -EPERM);

	o.state_dir = state;
	memset(long_run, 'r', 120);
	long_run[0] = '/';
	long_run[120] = '\0';
	o.run_dir = long_run;
	CU_ASSERT_EQUAL(vt_swtpm_start(&o, &s), -ENAMETOOLONG);

	o.run_dir = root;
	o.swtpm = "vmgate-no-such-swtpm";
	provision_with_marker(state, NULL);
	CU_ASSERT_EQUAL(vt_swtpm_start(&o, &s), -ENOENT);
	CU_ASSERT_PTR_NULL(s);
	fclose(log);
}

/* Both swtpm_setup (through its --tpm) and the start use the program
 * named in the options. */
static void test_named_swtpm_program_provisions_and_runs(void)
{
	char state[PATH_MAX];
	struct vt_swtpm_opts o;
	struct vt_swtpm *s = NULL;
	TPM2_ALG_ID banks[8];
	struct tpm t;

	new_state_dir(state, sizeof(state));
	o = opts(state, "named", key_b);
	o.swtpm = swtpm_path;
	CU_ASSERT_EQUAL_FATAL(vt_swtpm_start(&o, &s), 0);
	CU_ASSERT_FATAL(tpm_open(s, &t));
	CU_ASSERT_EQUAL(tpm_banks(&t, banks, 8), 1);
	tpm_close(&t);
	CU_ASSERT_EQUAL(vt_swtpm_stop(s), 0);
	vt_swtpm_free(s);

	o.swtpm = "/usr/bin/swtpm with space";
	CU_ASSERT_EQUAL(vt_swtpm_start(&o, &s), -EINVAL);
}

static void test_sockets_served_by_another_swtpm_are_refused(void)
{
	char a[PATH_MAX], b[PATH_MAX];
	struct vt_swtpm_opts oa, ob;
	struct vt_swtpm *sa = NULL, *sb = NULL;
	FILE *log = fopen("/dev/null", "w");

	new_state_dir(a, sizeof(a));
	new_state_dir(b, sizeof(b));
	oa = opts(a, "twin", NULL);
	ob = opts(b, "twin", NULL);
	ob.log = log;
	CU_ASSERT_EQUAL_FATAL(vt_swtpm_start(&oa, &sa), 0);
	CU_ASSERT_EQUAL(vt_swtpm_start(&ob, &sb), -EADDRINUSE);
	CU_ASSERT_PTR_NULL(sb);
	CU_ASSERT(vt_swtpm_alive(sa));
	CU_ASSERT_EQUAL(vt_swtpm_stop(sa), 0);
	vt_swtpm_free(sa);
	fclose(log);
}

static int rm_tree(const char *dir)
{
	char cmd[PATH_MAX + 16];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static int suite_init(void)
{
	strcpy(root, "/tmp/vmgate-swtpm-XXXXXX");
	return mkdtemp(root) ? 0 : -1;
}

static int suite_cleanup(void)
{
	return rm_tree(root);
}

/* Where swtpm and swtpm_setup are in PATH; false when either is not. */
static bool swtpm_installed(void)
{
	static const char *const progs[] = { "swtpm", "swtpm_setup" };
	const char *path = getenv("PATH");
	char *dirs_copy, *save, prog[PATH_MAX];
	bool found[2] = { false, false };

	if (!path || !(dirs_copy = strdup(path)))
		return false;
	for (char *d = strtok_r(dirs_copy, ":", &save); d; d = strtok_r(NULL, ":", &save))
		for (int i = 0; i < 2; i++) {
			snprintf(prog, sizeof(prog), "%s/%s", d, progs[i]);
			if (!found[i] && access(prog, X_OK) == 0) {
				found[i] = true;
				if (i == 0)
					snprintf(swtpm_path, sizeof(swtpm_path), "%s", prog);
			}
		}
	free(dirs_copy);
	return found[0] && found[1];
}

static const struct vg_test tests[] = {
	VG_TEST(test_start_then_stop_leaves_no_process_and_no_sockets),
	VG_TEST(test_tcti_reaches_a_tpm_with_only_the_sha256_bank),
	VG_TEST(test_clean_stop_keeps_the_lockout_counter_at_zero),
	VG_TEST(test_state_is_encrypted_at_rest),
	VG_TEST(test_encrypted_state_needs_its_key),
	VG_TEST(test_key_for_a_clear_state_is_rejected),
	VG_TEST(test_killed_swtpm_is_seen_dead_and_restarts_on_its_state),
	VG_TEST(test_stop_with_the_tpm_socket_held_says_so_and_ends),
	VG_TEST(test_unresponsive_swtpm_is_killed),
	VG_TEST(test_crash_while_starting_is_reported_and_reaped),
	VG_TEST(test_corrupt_state_fails_the_start_with_its_log),
	VG_TEST(test_bad_options_are_refused),
	VG_TEST(test_named_swtpm_program_provisions_and_runs),
	VG_TEST(test_sockets_served_by_another_swtpm_are_refused),
	VG_TESTS_END
};

int main(void)
{
	static const struct vg_suite suites[] = {
		{ "vtpm-swtpm", suite_init, suite_cleanup, tests },
		{ NULL, NULL, NULL, NULL },
	};

	if (!swtpm_installed()) {
		printf("SKIP: swtpm not installed (swtpm and swtpm_setup are needed)\n");
		return SKIP;
	}
	return vg_test_main(suites);
}
