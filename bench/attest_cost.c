/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What an attestation costs the verifier, against a bare TLS 1.3 mutual
 * handshake, in one run: authd's side in one thread, the agent's in
 * another, one socketpair per exchange. The verifier's cost is its
 * thread's CPU time (CLOCK_THREAD_CPUTIME_ID), so the agent, the vTPM and
 * whatever else runs on the machine do not count in it. Handshakes and
 * attestations alternate in rounds, so that a change of load on a shared
 * machine falls on both.
 *
 *   attest-cost --tcti TCTI [--swtpm-pid PID] [--handshakes 200]
 *               [--attestations 100] [--rounds 5] [--warmup 5] [--json FILE]
 *
 * TCTI reaches a fresh guest vTPM (an swtpm whose PCRs 8 and 9 are still
 * zero); PID is that swtpm's, for the CPU it spends quoting.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "attest_bench.h"

enum kind { HANDSHAKE, ATTESTATION, KINDS };
static const char *const kind_name[KINDS] = { "handshake", "attestation" };

#define BATCHES_MAX 256

/* The schedule both threads follow, batch by batch. */
struct batch {
	enum kind kind;
	unsigned n;
	int counted;            /* 0: warm-up */
};

/* Per kind, over the counted batches. The verifier's thread writes the
 * server fields, the agent's thread the others; read after both ended. */
struct tally {
	unsigned n, failed, server_failed;
	uint64_t server_ns;
	struct verifier_cost parts;     /* attestations: parts of server_ns */
	uint64_t client_ns, swtpm_ns, wall_ns;
};

struct run {
	const struct bench_ids *ids;
	struct batch batches[BATCHES_MAX];
	size_t n_batches;
	int fds[2];             /* the agent hands each server end over this pipe */
	pid_t swtpm;
	struct tally t[KINDS];
	unsigned warm_failed, warm_server_failed;
	struct verifier_steps steps;    /* alone, after the run */
};

uint64_t bench_thread_cpu_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static uint64_t wall_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* CPU time of every thread of process pid, in nanoseconds: the first
 * field of /proc/PID/task/TID/schedstat (/proc/PID/stat counts in 10 ms
 * ticks, too coarse for a few hundred quotes). 0 for pid 0. */
static uint64_t process_cpu_ns(pid_t pid)
{
	char path[64];
	struct dirent *e;
	uint64_t sum = 0;
	DIR *d;

	if (pid <= 0)
		return 0;
	snprintf(path, sizeof(path), "/proc/%d/task", (int)pid);
	if (!(d = opendir(path)))
		return 0;
	while ((e = readdir(d))) {
		unsigned long long ns;
		FILE *f;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/proc/%d/task/%.16s/schedstat", (int)pid,
			 e->d_name);
		if ((f = fopen(path, "r"))) {
			if (fscanf(f, "%llu", &ns) == 1)
				sum += ns;
			fclose(f);
		}
	}
	closedir(d);
	return sum;
}

/* authd's thread: takes each connection the agent hands over. */
static void *verifier_thread(void *arg)
{
	struct run *run = arg;

	for (size_t i = 0; i < run->n_batches; i++) {
		const struct batch *b = &run->batches[i];
		struct tally *t = &run->t[b->kind];
		struct verifier_cost parts = { 0 };
		uint64_t cpu = bench_thread_cpu_ns();
		unsigned failed = 0;

		for (unsigned k = 0; k < b->n; k++) {
			int fd, r;

			if (read(run->fds[0], &fd, sizeof(fd)) != sizeof(fd))
				goto out;
			r = b->kind == HANDSHAKE ? verifier_handshake(run->ids, fd)
						 : verifier_attest(run->ids, fd, &parts);
			failed += r < 0;
			close(fd);
		}
		if (b->counted) {
			t->server_ns += bench_thread_cpu_ns() - cpu;
			t->parts.handshake_ns += parts.handshake_ns;
			t->parts.nonce_ns += parts.nonce_ns;
			t->parts.verify_ns += parts.verify_ns;
			t->server_failed += failed;
		} else {
			run->warm_server_failed += failed;
		}
	}
	/* With wolfSSL's tables as warm as during the run. */
	verifier_steps_ns(run->ids, 100, &run->steps);
out:
	att_tls_thread_end();
	return NULL;
}

/* The agent's thread: one socketpair per exchange; it alone uses the vTPM. */
static void *agent_thread(void *arg)
{
	struct run *run = arg;

	for (size_t i = 0; i < run->n_batches; i++) {
		const struct batch *b = &run->batches[i];
		struct tally *t = &run->t[b->kind];
		uint64_t tpm = process_cpu_ns(run->swtpm), wall = wall_ns();
		uint64_t cpu = bench_thread_cpu_ns();
		unsigned failed = 0;

		for (unsigned k = 0; k < b->n; k++) {
			int sv[2], r;

			if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0 ||
			    write(run->fds[1], &sv[0], sizeof(sv[0])) != sizeof(sv[0])) {
				perror("attest-cost: socketpair");
				exit(1);
			}
			r = b->kind == HANDSHAKE ? agent_handshake(run->ids, sv[1])
						 : agent_attest(run->ids, sv[1]);
			if (r < 0) {
				fprintf(stderr, "attest-cost: %s %u failed: %s\n",
					kind_name[b->kind], k, strerror(-r));
				failed++;
			}
			close(sv[1]);
		}
		if (!b->counted) {
			run->warm_failed += failed;
			continue;
		}
		t->client_ns += bench_thread_cpu_ns() - cpu;
		t->wall_ns += wall_ns() - wall;
		t->swtpm_ns += process_cpu_ns(run->swtpm) - tpm;
		t->n += b->n;
		t->failed += failed;
	}
	att_tls_thread_end();
	return NULL;
}

static void add_batch(struct run *run, enum kind k, unsigned n, int counted)
{
	if (n && run->n_batches < BATCHES_MAX)
		run->batches[run->n_batches++] = (struct batch){ k, n, counted };
}

/* Operations per second of ns nanoseconds for n operations. */
static double rate(unsigned n, uint64_t ns)
{
	return ns ? n * 1e9 / (double)ns : 0;
}

static double per_op_us(uint64_t ns, unsigned n)
{
	return n ? (double)ns / n / 1e3 : 0;
}

/* One line of the table: a label and two figures; a negative figure
 * prints as text (hs_text, at_text) instead. */
static void row(const char *label, double hs, double at, const char *hs_text,
		const char *at_text)
{
	char h[32], a[32];

	snprintf(h, sizeof(h), "%.0f", hs);
	snprintf(a, sizeof(a), "%.0f", at);
	printf("%-46s %11s %12s\n", label, hs < 0 ? (hs_text ? hs_text : "") : h,
	       at < 0 ? (at_text ? at_text : "") : a);
}

static void report(const struct run *run, unsigned rounds, unsigned warmup, FILE *json)
{
	const struct tally *h = &run->t[HANDSHAKE], *a = &run->t[ATTESTATION];
	double hs = rate(h->n, h->server_ns), at = rate(a->n, a->server_ns);
	uint64_t h_all = h->server_ns + h->client_ns + h->swtpm_ns;
	uint64_t a_all = a->server_ns + a->client_ns + a->swtpm_ns;
	double hs_all = rate(h->n, h_all), at_all = rate(a->n, a_all);

	printf("What an attestation costs authd, against a bare TLS 1.3 mutual handshake:\n"
	       "%u handshakes and %u attestations in %u rounds, after %u of each to warm up;\n"
	       "CPU of authd's thread (the verifier), of the agent's and of the guest's swtpm\n",
	       h->n, a->n, rounds, warmup);
	row("", -1, -1, "handshake", "attestation");
	row("verifier CPU per op, us", per_op_us(h->server_ns, h->n),
	    per_op_us(a->server_ns, a->n), NULL, NULL);
	row("  the TLS handshake", -1, per_op_us(a->parts.handshake_ns, a->n), "", NULL);
	row("  evidence_verify", -1, per_op_us(a->parts.verify_ns, a->n), "", NULL);
	row("    (alone) AK certificate: signature", -1, run->steps.ak_cert_ns / 1e3, "", NULL);
	row("    (alone) AK certificate: name", -1, run->steps.ak_name_ns / 1e3, "", NULL);
	row("    (alone) AK certificate: key, validated", -1, run->steps.ak_key_ns / 1e3, "",
	    NULL);
	row("    (alone) quote: key validated, signature", -1, run->steps.quote_ns / 1e3, "",
	    NULL);
	row("    (alone) event log: parse, replay", -1, run->steps.log_ns / 1e3, "", NULL);
	row("    (alone) one P-256 point validation", -1, run->steps.point_check_ns / 1e3, "",
	    NULL);
	row("  the nonce (a DRBG instantiated each time)", -1,
	    per_op_us(a->parts.nonce_ns, a->n), "", NULL);
	row("  the rest: 4 messages, CN, exporter, close", -1,
	    per_op_us(a->server_ns - a->parts.handshake_ns - a->parts.verify_ns -
		      a->parts.nonce_ns, a->n), "", NULL);
	row("verifier: ops per CPU-second", hs, at, NULL, NULL);
	row("agent thread CPU per op, us", per_op_us(h->client_ns, h->n),
	    per_op_us(a->client_ns, a->n), NULL, NULL);
	row("guest vTPM (swtpm) CPU per op, us", per_op_us(h->swtpm_ns, h->n),
	    per_op_us(a->swtpm_ns, a->n), NULL, NULL);
	row("both ends (all three): ops per CPU-second", hs_all, at_all, NULL, NULL);
	row("one at a time: ops per wall-clock second", rate(h->n, h->wall_ns),
	    rate(a->n, a->wall_ns), NULL, NULL);
	printf("ratio attestations/handshakes, verifier CPU:  %.2f (target >= 0.6)\n",
	       hs > 0 ? at / hs : 0);
	printf("ratio attestations/handshakes, both ends CPU: %.2f\n",
	       hs_all > 0 ? at_all / hs_all : 0);
	if (!json)
		return;
	fprintf(json, "{\"rounds\": %u, \"warmup\": %u, \"ratio_verifier\": %.4f, "
		"\"ratio_both_ends\": %.4f, \"attestation_parts_us\": {\"handshake\": %.1f, "
		"\"evidence_verify\": %.1f, \"ak_certificate_signature\": %.1f, \"ak_certificate_name\": %.1f, "
		"\"ak_certificate_key\": %.1f, \"quote\": %.1f, \"event_log\": %.1f, "
		"\"point_validation\": %.1f, \"nonce\": %.1f}",
		rounds, warmup, hs > 0 ? at / hs : 0, hs_all > 0 ? at_all / hs_all : 0,
		per_op_us(a->parts.handshake_ns, a->n), per_op_us(a->parts.verify_ns, a->n),
		run->steps.ak_cert_ns / 1e3, run->steps.ak_name_ns / 1e3,
		run->steps.ak_key_ns / 1e3, run->steps.quote_ns / 1e3, run->steps.log_ns / 1e3,
		run->steps.point_check_ns / 1e3, per_op_us(a->parts.nonce_ns, a->n));
	for (int k = 0; k < KINDS; k++) {
		const struct tally *t = &run->t[k];
		uint64_t all = t->server_ns + t->client_ns + t->swtpm_ns;

		fprintf(json, ", \"%s\": {\"n\": %u, \"failed\": %u, "
			"\"verifier_us\": %.1f, \"verifier_per_cpu_s\": %.1f, "
			"\"agent_us\": %.1f, \"swtpm_us\": %.1f, "
			"\"both_ends_per_cpu_s\": %.1f, \"per_wall_s\": %.1f}",
			kind_name[k], t->n, t->failed, per_op_us(t->server_ns, t->n),
			rate(t->n, t->server_ns),
			per_op_us(t->client_ns, t->n), per_op_us(t->swtpm_ns, t->n),
			rate(t->n, all), rate(t->n, t->wall_ns));
	}
	fprintf(json, "}\n");
}

static void usage(void)
{
	fprintf(stderr, "usage: attest-cost --tcti TCTI [--swtpm-pid PID] [--handshakes N]\n"
		"         [--attestations N] [--rounds N] [--warmup N] [--json FILE]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "tcti", required_argument, NULL, 't' },
		{ "swtpm-pid", required_argument, NULL, 'p' },
		{ "handshakes", required_argument, NULL, 'H' },
		{ "attestations", required_argument, NULL, 'A' },
		{ "rounds", required_argument, NULL, 'r' },
		{ "warmup", required_argument, NULL, 'w' },
		{ "json", required_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 },
	};
	static struct run run;
	static struct bench_ids ids;
	unsigned n_hs = 200, n_att = 100, rounds = 5, warmup = 5;
	const char *tcti = NULL, *json_path = NULL;
	pthread_t server, client;
	FILE *json = NULL;
	int c, rc = 0;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 't': tcti = optarg; break;
		case 'p': run.swtpm = (pid_t)atoi(optarg); break;
		case 'H': n_hs = (unsigned)atoi(optarg); break;
		case 'A': n_att = (unsigned)atoi(optarg); break;
		case 'r': rounds = (unsigned)atoi(optarg); break;
		case 'w': warmup = (unsigned)atoi(optarg); break;
		case 'j': json_path = optarg; break;
		default: usage();
		}
	}
	if (!tcti || optind != argc || !n_hs || !n_att || !rounds || rounds > 100)
		usage();
	signal(SIGPIPE, SIG_IGN);
	if (bench_ids_make(&ids, tcti) < 0) {
		bench_ids_free(&ids);
		return 1;
	}
	run.ids = &ids;
	/* Warm-up (wolfSSL's per-thread ECC tables, the TPM's caches), then
	 * the rounds, each with its share of both kinds. */
	add_batch(&run, HANDSHAKE, warmup, 0);
	add_batch(&run, ATTESTATION, warmup, 0);
	for (unsigned r = 0; r < rounds; r++) {
		add_batch(&run, HANDSHAKE, n_hs / rounds + (r < n_hs % rounds), 1);
		add_batch(&run, ATTESTATION, n_att / rounds + (r < n_att % rounds), 1);
	}
	if (pipe2(run.fds, O_CLOEXEC) < 0 ||
	    pthread_create(&server, NULL, verifier_thread, &run) != 0 ||
	    pthread_create(&client, NULL, agent_thread, &run) != 0) {
		perror("attest-cost");
		return 1;
	}
	pthread_join(client, NULL);
	close(run.fds[1]);      /* the verifier stops reading, should it wait */
	pthread_join(server, NULL);
	close(run.fds[0]);
	if (json_path && !(json = fopen(json_path, "w")))
		perror(json_path);
	report(&run, rounds, warmup, json);
	if (json)
		fclose(json);
	/* Every exchange must have succeeded at both ends to count. */
	for (int k = 0; k < KINDS; k++)
		if (run.t[k].failed || run.t[k].server_failed) {
			fprintf(stderr, "attest-cost: %u %ss failed (agent), %u (verifier)\n",
				run.t[k].failed, kind_name[k], run.t[k].server_failed);
			rc = 1;
		}
	if (run.warm_failed || run.warm_server_failed) {
		fprintf(stderr, "attest-cost: %u exchanges failed while warming up\n",
			run.warm_failed + run.warm_server_failed);
		rc = 1;
	}
	bench_ids_free(&ids);
	att_tls_thread_end();
	return rc;
}
