/* SPDX-License-Identifier: BSD-3-Clause */
/* Loading a program: libbpf's checks, rte_bpf's verifier, the JIT. */
#include "bpf_prog.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rte_errno.h>
#include <rte_log.h>

#include "bpf_object_check.h"

RTE_LOG_REGISTER(vg_logtype_bpf, vmgate.bpf, INFO);

/* Where DPDK's log goes while rte_bpf loads: its verifier says why it
 * refuses a program only there. Opened once and never closed, so a line
 * logged by another thread meanwhile cannot write to a closed stream. */
static char verifier_said[512];
static FILE *verifier_log;

/* The verifier's lines, without rte_bpf's own summary line, joined. */
static void verifier_reason(char *buf, size_t size)
{
	char *save = NULL, *line;

	buf[0] = '\0';
	for (line = strtok_r(verifier_said, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		size_t n = strlen(buf);

		if (strncmp(line, "rte_bpf_elf_load(", 17) == 0)
			continue;
		snprintf(buf + n, size - n, "%s%s", n ? "; " : "", line);
	}
}

static struct rte_bpf *load_verified(const char *object, const char *section,
				     char *why, size_t size)
{
	const struct rte_bpf_prm prm = {
		.prog_arg = { .type = RTE_BPF_ARG_PTR, .size = sizeof(struct vg_bpf_ctx) },
	};
	FILE *prev = rte_log_get_stream();
	struct rte_bpf *bpf;

	if (!verifier_log)
		verifier_log = fmemopen(verifier_said, sizeof(verifier_said) - 1, "w");
	if (verifier_log) {
		memset(verifier_said, 0, sizeof(verifier_said));
		rewind(verifier_log);
		rte_openlog_stream(verifier_log);
	}
	bpf = rte_bpf_elf_load(&prm, object, section);
	if (verifier_log) {
		fflush(verifier_log);
		rte_openlog_stream(prev);
	}
	if (!bpf) {
		int e = rte_errno;

		verifier_reason(why, size);
		if (!why[0])
			snprintf(why, size, "%s", rte_strerror(e));
	}
	return bpf;
}

int vg_bpf_prog_load(struct vg_bpf_prog *p, const char *object, const char *section,
		     char *err, size_t size)
{
	struct rte_bpf_jit jit = { 0 };
	char why[384];
	int r;

	memset(p, 0, sizeof(*p));
	r = vg_bpf_object_check(object, section, &p->btf, err, size);
	if (r < 0)
		return r;
	p->bpf = load_verified(object, section, why, sizeof(why));
	if (!p->bpf) {
		snprintf(err, size, "object %s, section '%s': refused by rte_bpf: %s",
			 object, section, why);
		return -EINVAL;
	}
	rte_bpf_get_jit(p->bpf, &jit);
	p->jit = jit.func;
	if (!p->jit)
		rte_log(RTE_LOG_WARNING, vg_logtype_bpf,
			"vmgate-bpf: %s, section '%s': no JIT here, the program runs "
			"interpreted, much slower\n", object, section);
	return 0;
}

void vg_bpf_prog_unload(struct vg_bpf_prog *p)
{
	if (p->bpf)
		rte_bpf_destroy(p->bpf);
	memset(p, 0, sizeof(*p));
}
