/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * vmgate-measure: measured launch for simulated guests. Extends each part
 * given into the guest vTPM's PCR of the launch layout (PCR 8: kernel,
 * then command line; PCR 9: initrd, then disk image) and appends the event
 * to the guest's event log, in the order given. Every input is read and
 * checked before the TPM is touched: a bad argument extends nothing.
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "evlog.h"
#include "hex.h"
#include "measure.h"
#include "vt_tpm.h"

struct measurement {
	int part;
	bool has_digest;
	uint8_t digest[MEASURE_DIGEST_LEN];
};

struct opts {
	const char *tcti;
	const char *log;
	bool no_log;
	size_t n;
	struct measurement m[EVLOG_MAX];
};

static void usage(FILE *out)
{
	fprintf(out,
		"usage: vmgate-measure --tcti TCTI (--log FILE | --no-log)\n"
		"                      (--part PART (--file PATH | --digest HEX | --text STRING))...\n"
		"  PART is kernel or cmdline (into PCR 8), initrd or disk (into PCR 9);\n"
		"  parts are extended, and logged, in the order given.\n"
		"  --file PATH      the SHA-256 of the file's contents\n"
		"  --digest HEX     a SHA-256 computed elsewhere (64 hex digits)\n"
		"  --text STRING    the SHA-256 of the string's bytes (a command line)\n"
		"  --log FILE       the event log to append to (created when missing)\n"
		"  --no-log         extend without logging (to simulate tampering)\n");
}

/* Prints "vmgate-measure: <message>" on stderr; returns the exit status 1. */
static int fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int fail(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "vmgate-measure: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	return 1;
}

/* The measurement the next source belongs to, or NULL with a message. */
static struct measurement *pending(struct opts *o, const char *option)
{
	struct measurement *m = o->n ? &o->m[o->n - 1] : NULL;

	if (!m || m->has_digest) {
		fail("%s must follow a --part that has no source yet", option);
		return NULL;
	}
	return m;
}

/* Applies one option; 0, or 1 with a message. */
static int option(struct opts *o, int c, const char *arg)
{
	char err[512];
	struct measurement *m;
	int part, r = 0;

	switch (c) {
	case 't':
		o->tcti = arg;
		return 0;
	case 'l':
		o->log = arg;
		return 0;
	case 'n':
		o->no_log = true;
		return 0;
	case 'p':
		part = evlog_part_from_name(arg);
		if (part < EVLOG_KERNEL || part > EVLOG_DISK)
			return fail("unknown part '%s': kernel, initrd, cmdline or disk", arg);
		if (o->n && !o->m[o->n - 1].has_digest)
			return fail("--part %s: the part before it has no source", arg);
		if (o->n == EVLOG_MAX)
			return fail("more than %d parts", EVLOG_MAX);
		o->m[o->n++] = (struct measurement){ .part = part };
		return 0;
	case 'f':
	case 'd':
	case 'x':
		m = pending(o, c == 'f' ? "--file" : c == 'd' ? "--digest" : "--text");
		if (!m)
			return 1;
		if (c == 'f')
			r = digest_of_file(arg, m->digest, err, sizeof(err));
		else if (c == 'd')
			r = digest_of_hex(arg, m->digest, err, sizeof(err));
		else
			r = digest_of_text(arg, m->digest, err, sizeof(err));
		if (r < 0)
			return fail("%s", err);
		m->has_digest = true;
		return 0;
	default:
		usage(stderr);
		return 1;
	}
}

/* The whole command line is valid and complete: 0, or 1 with a message. */
static int opts_check(const struct opts *o)
{
	if (!o->tcti)
		return fail("--tcti is required");
	if (!o->log == !o->no_log)
		return fail("give exactly one of --log FILE and --no-log");
	if (o->n == 0)
		return fail("nothing to measure: give --part PART and a source");
	if (!o->m[o->n - 1].has_digest)
		return fail("--part %s has no --file, --digest or --text",
			    evlog_part_name((unsigned)o->m[o->n - 1].part));
	return 0;
}

/* The log must be valid and have room for every event before anything is
 * extended: an extension without its event would make the guest fail
 * attestation for good. */
static int log_check(const struct opts *o)
{
	struct evlog log;
	int r = evlog_file_read(o->log, &log);

	if (r == -ENOENT)
		return 0;
	if (r == -EBADMSG)
		return fail("'%s' is not a vmgate event log", o->log);
	if (r < 0)
		return fail("cannot read '%s': %s", o->log, strerror(-r));
	if (log.n + o->n > EVLOG_MAX)
		return fail("'%s' has no room for %zu more events (%d at most)", o->log,
			    o->n, EVLOG_MAX);
	return 0;
}

/* Extends and logs each measurement, in order. */
static int measure(struct vt_tpm *t, const struct opts *o)
{
	char hex[2 * MEASURE_DIGEST_LEN + 1];

	for (size_t i = 0; i < o->n; i++) {
		const struct measurement *m = &o->m[i];
		const char *name = evlog_part_name((unsigned)m->part);
		int pcr = evlog_part_pcr((unsigned)m->part), r;

		r = vt_pcr_extend(t, (uint32_t)pcr, m->digest);
		if (r < 0)
			return fail("cannot extend PCR %d with the %s: %s", pcr, name,
				    strerror(-r));
		if (o->log && (r = evlog_file_append(o->log, (unsigned)pcr,
						      (unsigned)m->part, m->digest)) < 0)
			return fail("PCR %d extended with the %s, but it cannot be logged "
				    "in '%s': %s", pcr, name, o->log, strerror(-r));
		vg_hex_encode(m->digest, MEASURE_DIGEST_LEN, hex);
		printf("PCR %d %-7s %s%s\n", pcr, name, hex, o->log ? "" : " (not logged)");
	}
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option long_opts[] = {
		{ "tcti", required_argument, NULL, 't' },
		{ "log", required_argument, NULL, 'l' },
		{ "no-log", no_argument, NULL, 'n' },
		{ "part", required_argument, NULL, 'p' },
		{ "file", required_argument, NULL, 'f' },
		{ "digest", required_argument, NULL, 'd' },
		{ "text", required_argument, NULL, 'x' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static struct opts o;
	struct vt_tpm *t;
	int c, r;

	/* "+": options are taken in order, each source for the --part
	 * before it. */
	while ((c = getopt_long(argc, argv, "+h", long_opts, NULL)) != -1) {
		if (c == 'h') {
			usage(stdout);
			return 0;
		}
		if (option(&o, c, optarg))
			return 1;
	}
	if (optind < argc)
		return fail("unexpected argument '%s'", argv[optind]);
	if (opts_check(&o) || (o.log && log_check(&o)))
		return 1;

	r = vt_tpm_open(o.tcti, &t);
	if (r < 0)
		return fail("cannot open the TPM '%s': %s", o.tcti, strerror(-r));
	r = measure(t, &o);
	vt_tpm_close(t);
	return r;
}
