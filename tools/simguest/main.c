/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * vmgate-simguest: a simulated guest for tests and the demo.  The virtio
 * driver side of a vhost-user connection (the part QEMU and the guest
 * kernel play), joined to a TAP so that ping, nc, ... in a network
 * namespace send their frames through the backend under test.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "endpoint.h"
#include "log.h"
#include "netns.h"
#include "simguest.h"
#include "tap.h"

struct opts {
	const char *socket_path;
	const char *tap;
	const char *netns;
	bool has_mac;
	uint8_t mac[6];
	bool client;
};

static void usage(FILE *out)
{
	fprintf(out,
		"usage: vmgate-simguest --socket PATH --tap NAME [--netns NS]\n"
		"                       [--mac aa:bb:cc:dd:ee:ff] [--client]\n"
		"\n"
		"  --socket PATH  vhost-user socket: listened on (default) or\n"
		"                 connected to (--client, retried every 100 ms)\n"
		"  --tap NAME     TAP interface to create\n"
		"  --netns NS     create it in /var/run/netns/NS\n"
		"  --mac MAC      its MAC address\n"
		"\n"
		"Prints \"ready\" once the TAP exists and the socket listens.\n");
}

/* 0 or -EINVAL: exactly six two-digit hex bytes separated by ':'. */
static int parse_mac(const char *s, uint8_t mac[6])
{
	unsigned int b[6];
	int end = 0;

	if (strlen(s) != 17 ||
	    sscanf(s, "%2x:%2x:%2x:%2x:%2x:%2x%n", &b[0], &b[1], &b[2], &b[3], &b[4], &b[5],
		   &end) != 6 || end != 17)
		return -EINVAL;
	for (int i = 0; i < 6; i++)
		mac[i] = (uint8_t)b[i];
	return 0;
}

/* Returns 0, or the exit status for a usage error. */
static int parse_opts(int argc, char **argv, struct opts *o)
{
	static const struct option long_opts[] = {
		{ "socket", required_argument, NULL, 's' },
		{ "tap", required_argument, NULL, 't' },
		{ "netns", required_argument, NULL, 'n' },
		{ "mac", required_argument, NULL, 'm' },
		{ "client", no_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "h", long_opts, NULL)) != -1) {
		switch (c) {
		case 's':
			o->socket_path = optarg;
			break;
		case 't':
			o->tap = optarg;
			break;
		case 'n':
			o->netns = optarg;
			break;
		case 'm':
			if (parse_mac(optarg, o->mac) < 0) {
				fprintf(stderr, "vmgate-simguest: bad MAC '%s'\n", optarg);
				return 2;
			}
			o->has_mac = true;
			break;
		case 'c':
			o->client = true;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind < argc || !o->socket_path || !o->tap) {
		usage(stderr);
		return 2;
	}
	return 0;
}

/* SIGTERM/SIGINT arrive through a signalfd so the loop can finish its
 * batch and clean up; SIGPIPE never (sends use MSG_NOSIGNAL anyway). */
static int signals_fd(void)
{
	sigset_t set;

	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	if (sigprocmask(SIG_BLOCK, &set, NULL) < 0)
		return -errno;
	return signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
}

static int setup(const struct opts *o, struct simguest *sg)
{
	sg->sig_fd = signals_fd();
	if (sg->sig_fd < 0) {
		log_info("signalfd: %s", strerror(errno));
		return -1;
	}
	if (o->netns) {
		int rc = netns_enter(o->netns);

		if (rc < 0) {
			log_info("netns %s: %s", o->netns, strerror(-rc));
			return -1;
		}
	}
	sg->tap_fd = tap_create(o->tap, o->has_mac ? o->mac : NULL);
	if (sg->tap_fd < 0) {
		log_info("tap %s: %s", o->tap, strerror(-sg->tap_fd));
		return -1;
	}
	if (!o->client) {
		sg->listen_fd = endpoint_listen(o->socket_path);
		if (sg->listen_fd < 0) {
			log_info("listen %s: %s", o->socket_path, strerror(-sg->listen_fd));
			return -1;
		}
	}
	return 0;
}

static void teardown(struct simguest *sg)
{
	session_stop(sg);
	if (sg->tap_fd >= 0)
		close(sg->tap_fd);
	if (sg->listen_fd >= 0) {
		close(sg->listen_fd);
		unlink(sg->socket_path);
	}
	if (sg->sig_fd >= 0)
		close(sg->sig_fd);
}

int main(int argc, char **argv)
{
	struct opts o = { 0 };
	struct simguest sg = {
		.listen_fd = -1, .conn_fd = -1, .tap_fd = -1, .sig_fd = -1,
		.mem = { .fd = -1 },
		.rxq = { .call_fd = -1, .kick_fd = -1 },
		.txq = { .call_fd = -1, .kick_fd = -1 },
	};
	int rc;

	rc = parse_opts(argc, argv, &o);
	if (rc)
		return rc;
	log_init(o.tap);
	sg.socket_path = o.socket_path;
	sg.client = o.client;

	rc = setup(&o, &sg);
	if (rc == 0) {
		printf("ready\n");
		fflush(stdout);
		rc = loop_run(&sg);
		if (rc < 0)
			log_info("stopping: %s", strerror(-rc));
	}
	teardown(&sg);
	counters_print(sg.counters, stderr);
	return rc == 0 ? 0 : 1;
}
