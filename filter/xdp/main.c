/* SPDX-License-Identifier: BSD-3-Clause */
/* vmgate-xdp: the policy enforced in the kernel, by XDP, on guests attached
 * through kernel interfaces (a veth's host end, a tap). Also the operator's
 * view of it: --stats, --grant, --revoke act on the running one's maps. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xdp_attached.h"
#include "xdp_counters.h"
#include "xdp_engine.h"
#include "xdp_grants.h"

#define OBJECT_NAME "vg_xdp.o"

enum action { RUN, STATS, GRANT, REVOKE };

struct opts {
	const char *config, *object;
	enum action action;
	enum xdp_mode mode;
	uint32_t ttl_s;
	int json;
	const char *a, *b;
};

static void usage(FILE *out)
{
	fprintf(out,
		"usage: vmgate-xdp [-c FILE] [--mode auto|native|generic] [--object FILE]\n"
		"       vmgate-xdp [-c FILE] --stats [--json]\n"
		"       vmgate-xdp [-c FILE] --grant A B [--ttl S]\n"
		"       vmgate-xdp [-c FILE] --revoke A [B]\n"
		"  -c FILE   the policy file (default %s)\n"
		"  --mode    native XDP, generic (SKB) XDP, or native where the driver has it (auto)\n"
		"  SIGHUP reloads the policy, SIGUSR1 prints the counters, SIGINT/SIGTERM detach.\n",
		VG_DEFAULT_CONFIG);
}

static int parse_ttl(const char *s, uint32_t *ttl)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || end == s || *end || s[0] == '-' || v > 31536000) {
		fprintf(stderr, "vmgate-xdp: --ttl wants seconds, 0 to 31536000\n");
		return -1;
	}
	*ttl = (uint32_t)v;
	return 0;
}

/* Returns -1 to go on, or the exit status. */
static int parse_args(int argc, char **argv, struct opts *o)
{
	static const struct option longopts[] = {
		{ "mode", required_argument, NULL, 'm' },
		{ "object", required_argument, NULL, 'o' },
		{ "stats", no_argument, NULL, 's' },
		{ "json", no_argument, NULL, 'j' },
		{ "grant", no_argument, NULL, 'g' },
		{ "revoke", no_argument, NULL, 'r' },
		{ "ttl", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c, n;

	*o = (struct opts){ .config = VG_DEFAULT_CONFIG };
	while ((c = getopt_long(argc, argv, "c:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'c': o->config = optarg; break;
		case 'o': o->object = optarg; break;
		case 's': o->action = STATS; break;
		case 'j': o->json = 1; break;
		case 'g': o->action = GRANT; break;
		case 'r': o->action = REVOKE; break;
		case 't':
			if (parse_ttl(optarg, &o->ttl_s) < 0)
				return 2;
			break;
		case 'm':
			if (strcmp(optarg, "auto") == 0)
				o->mode = XDP_MODE_AUTO;
			else if (strcmp(optarg, "native") == 0)
				o->mode = XDP_MODE_NATIVE;
			else if (strcmp(optarg, "generic") == 0)
				o->mode = XDP_MODE_GENERIC;
			else {
				fprintf(stderr, "vmgate-xdp: --mode is auto, native or generic\n");
				return 2;
			}
			break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	n = argc - optind;
	if ((o->action == GRANT && n != 2) || (o->action == REVOKE && (n < 1 || n > 2)) ||
	    ((o->action == RUN || o->action == STATS) && n != 0)) {
		usage(stderr);
		return 2;
	}
	o->a = n > 0 ? argv[optind] : NULL;
	o->b = n > 1 ? argv[optind + 1] : NULL;
	return -1;
}

/* The BPF object: --object, else beside this executable (a build tree),
 * else where it is installed. */
static const char *find_object(const char *given, char *buf, size_t size)
{
	char exe[PATH_MAX];
	ssize_t n;

	if (given)
		return given;
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		char *slash;

		exe[n] = '\0';
		slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			snprintf(buf, size, "%s/%s", exe, OBJECT_NAME);
			if (access(buf, R_OK) == 0)
				return buf;
		}
	}
	snprintf(buf, size, "%s/%s", VG_XDP_OBJECT_DIR, OBJECT_NAME);
	return buf;
}

static int guest_index(const struct vg_config *cfg, const char *name, uint32_t *out)
{
	const struct vg_guest *g = vg_config_guest(cfg, name);

	if (!g) {
		fprintf(stderr, "vmgate-xdp: no guest '%s' in %s\n", name, cfg->path);
		return -1;
	}
	*out = (uint32_t)(g - cfg->guests);
	return 0;
}

/* --stats, --grant, --revoke on the running vmgate-xdp's maps. */
static int act_on_running(const struct opts *o, const struct vg_config *cfg)
{
	struct xdp_attached a;
	char err[512];
	uint32_t ia, ib = UINT32_MAX;
	int r;

	if (o->action != STATS && (guest_index(cfg, o->a, &ia) < 0 ||
				   (o->b && guest_index(cfg, o->b, &ib) < 0)))
		return 1;
	if (xdp_attached_open(cfg, &a, err, sizeof(err)) < 0) {
		fprintf(stderr, "vmgate-xdp: %s\n", err);
		return 1;
	}
	switch (o->action) {
	case STATS:
		r = xdp_counters_print(a.counters, stdout, o->json);
		break;
	case GRANT:
		r = xdp_grant_add(a.grants, cfg, ia, ib, o->ttl_s);
		if (r == 0)
			printf("granted %s <-> %s%s\n", o->a, o->b, o->ttl_s ? "" : " until revoked");
		break;
	default:
		r = xdp_grant_revoke(a.grants, cfg, ia, ib);
		if (r >= 0)
			printf("revoked %d grant%s\n", r, r == 1 ? "" : "s");
		break;
	}
	xdp_attached_close(&a);
	if (r < 0) {
		fprintf(stderr, "vmgate-xdp: %s\n", strerror(-r));
		return 1;
	}
	return 0;
}

static void reload(struct xdp_engine *e, const char *path)
{
	const struct vg_config *cfg = vg_config_load_or_report(path, stderr);
	char err[512];

	if (!cfg) {
		fprintf(stderr, "vmgate-xdp: reload refused; the running policy stays\n");
		return;
	}
	if (xdp_engine_reload(e, cfg, err, sizeof(err)) < 0) {
		fprintf(stderr, "vmgate-xdp: reload refused: %s; the running policy stays\n", err);
		vg_config_free(cfg);
		return;
	}
	fprintf(stderr, "vmgate-xdp: policy reloaded from %s\n", path);
}

/* Attached until SIGINT or SIGTERM; signals are taken synchronously. */
static int run(const struct opts *o, const struct vg_config *cfg)
{
	char buf[PATH_MAX + 32], err[512];
	const char *object = find_object(o->object, buf, sizeof(buf));
	struct xdp_engine *e = xdp_engine_open(object, cfg, err, sizeof(err));
	sigset_t set;
	int sig, attached = 0;

	if (!e) {
		fprintf(stderr, "vmgate-xdp: %s\n", err);
		vg_config_free(cfg);
		return 1;
	}
	sigemptyset(&set);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, NULL);
	if (xdp_engine_attach(e, o->mode, err, sizeof(err)) < 0) {
		fprintf(stderr, "vmgate-xdp: %s\n", err);
		xdp_engine_close(e);
		return 1;
	}
	for (size_t i = 0; i < cfg->n_guests; i++)
		attached += cfg->guests[i].interface != NULL;
	fprintf(stderr, "vmgate-xdp: attached to %d interface%s (%s mode)%s\n", attached,
		attached == 1 ? "" : "s",
		o->mode == XDP_MODE_GENERIC ? "generic" : o->mode == XDP_MODE_NATIVE ? "native" : "auto",
		cfg->attestation.required ? "" : "; attestation not required: every pair is granted");
	while ((sig = sigwaitinfo(&set, NULL)) != SIGINT && sig != SIGTERM) {
		if (sig == SIGHUP)
			reload(e, o->config);
		else if (sig == SIGUSR1)
			xdp_counters_print(xdp_engine_map_fd(e, "vg_counters"), stderr, 0);
	}
	xdp_engine_close(e);
	fprintf(stderr, "vmgate-xdp: detached\n");
	return 0;
}

int main(int argc, char **argv)
{
	const struct vg_config *cfg;
	struct opts o;
	int r = parse_args(argc, argv, &o);

	if (r >= 0)
		return r;
	cfg = vg_config_load_or_report(o.config, stderr);
	if (!cfg)
		return 1;
	if (o.action == RUN)
		return run(&o, cfg);
	r = act_on_running(&o, cfg);
	vg_config_free(cfg);
	return r;
}
