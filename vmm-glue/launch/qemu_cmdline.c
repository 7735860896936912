/* SPDX-License-Identifier: BSD-3-Clause */
/* Step 4a: QEMU's command line for a measured guest (docs/launch.md has
 * the why of each option). Files reach QEMU as inherited descriptors
 * (/proc/self/fd/N): it reads what was measured, whatever the paths name
 * by then. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "launch.h"

struct args {
	const char **argv;
	size_t n, max;
	char *buf;
	size_t used, size;
	int err;
};

/* Appends one formatted argument. */
static void add(struct args *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add(struct args *a, const char *fmt, ...)
{
	va_list ap;
	int len;

	if (a->err)
		return;
	if (a->n + 1 >= a->max) {
		a->err = -E2BIG;
		return;
	}
	va_start(ap, fmt);
	len = vsnprintf(a->buf + a->used, a->size - a->used, fmt, ap);
	va_end(ap);
	if (len < 0 || (size_t)len >= a->size - a->used) {
		a->err = -E2BIG;
		return;
	}
	a->argv[a->n++] = a->buf + a->used;
	a->argv[a->n] = NULL;
	a->used += (size_t)len + 1;
}

/* The descriptor of a launch part, or -1. */
static int part_fd(const struct launch *l, enum evlog_part part)
{
	for (size_t i = 0; i < l->n_parts; i++)
		if (l->parts[i].part == part)
			return l->parts[i].fd;
	return -1;
}

bool qemu_kvm_usable(void)
{
	char line[4096];
	bool flag = false;
	FILE *f = fopen("/proc/cpuinfo", "re");
	int fd;

	if (!f)
		return false;
	while (!flag && fgets(line, sizeof(line), f))
		flag = !strncmp(line, "flags", 5) && (strstr(line, " vmx") || strstr(line, " svm"));
	fclose(f);
	if (!flag)
		return false;
	fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return false;
	close(fd);
	return true;
}

int qemu_cmdline(const struct launch *l, bool kvm, const char **argv, size_t max,
		 char *buf, size_t size)
{
	const struct vg_guest *g = l->guest;
	char mac[32];
	struct args a = { .argv = argv, .max = max, .buf = buf, .size = size };
	int initrd = part_fd(l, EVLOG_INITRD), disk = part_fd(l, EVLOG_DISK);

	/* QEMU's option lists split at ','; a path with one would need
	 * escaping, and such a path is nobody's intent. */
	if (strchr(l->proxy_path, ',') || strchr(g->vhost_socket, ',') ||
	    strchr(l->vhost_path, ','))
		return -EINVAL;
	add(&a, "qemu-system-x86_64");
	add(&a, "-nodefaults");
	add(&a, "-no-user-config");
	add(&a, "-nographic");
	add(&a, "-machine");
	add(&a, "q35");
	add(&a, "-accel");
	add(&a, kvm ? "kvm" : "tcg");
	if (kvm) {
		add(&a, "-cpu");
		add(&a, "host");
	}
	add(&a, "-smp");
	add(&a, "%u", g->launch.vcpus);
	add(&a, "-m");
	add(&a, "%u", g->launch.memory_mb);
	add(&a, "-object");
	add(&a, "memory-backend-memfd,id=mem,size=%uM,share=on", g->launch.memory_mb);
	add(&a, "-numa");
	add(&a, "node,memdev=mem");
	add(&a, "-kernel");
	add(&a, "/proc/self/fd/%d", part_fd(l, EVLOG_KERNEL));
	if (initrd >= 0) {
		add(&a, "-initrd");
		add(&a, "/proc/self/fd/%d", initrd);
	}
	add(&a, "-append");
	add(&a, "%s", g->launch.cmdline ? g->launch.cmdline : "");
	add(&a, "-serial");
	add(&a, "stdio");
	add(&a, "-chardev");
	add(&a, "socket,id=chrtpm,path=%s", l->proxy_path);
	add(&a, "-tpmdev");
	add(&a, "emulator,id=tpm0,chardev=chrtpm");
	add(&a, "-device");
	add(&a, "tpm-tis,tpmdev=tpm0");
	add(&a, "-chardev");
	if (l->vhost_path[0])
		add(&a, "socket,id=vhu,path=%s,server=on,wait=off", l->vhost_path);
	else
		add(&a, "socket,id=vhu,path=%s,reconnect=1", g->vhost_socket);
	add(&a, "-netdev");
	add(&a, "vhost-user,id=n0,chardev=vhu");
	add(&a, "-device");
	/* QEMU 7.2 under TCG with vhost-user and MSI-X crashes: INTx there. */
	vg_mac_format(&g->mac, mac, sizeof(mac));
	add(&a, "virtio-net-pci,netdev=n0,mac=%s,romfile=%s", mac, kvm ? "" : ",vectors=0");
	if (disk >= 0) {
		add(&a, "-drive");
		add(&a, "file=/proc/self/fd/%d,format=raw,if=none,id=disk,readonly=on", disk);
		add(&a, "-device");
		add(&a, "virtio-blk-pci,drive=disk");
	}
	if (l->data_fd >= 0) {
		/* The key comes from a pipe (data_disk_attach.c), never argv. */
		add(&a, "-object");
		add(&a, "secret,id=vgdatakey,file=/proc/self/fd/%d,format=raw", l->key_fd);
		add(&a, "-blockdev");
		add(&a, "driver=file,node-name=data-file,filename=/proc/self/fd/%d", l->data_fd);
		add(&a, "-blockdev");
		add(&a, "driver=luks,node-name=data,file=data-file,key-secret=vgdatakey");
		add(&a, "-device");
		add(&a, "virtio-blk-pci,drive=data,serial=vmgate-data");
	}
	add(&a, "-drive");
	add(&a, "file=/proc/self/fd/%d,format=raw,if=none,id=seed,readonly=on", l->seed_fd);
	add(&a, "-device");
	add(&a, "virtio-blk-pci,drive=seed,serial=vmgate-seed");
	/* The launcher's monitor (saving the guest): a socket pair, so no
	 * other process can reach it. */
	add(&a, "-chardev");
	add(&a, "socket,id=vgqmp,fd=%d", l->qmp_qemu_fd);
	add(&a, "-mon");
	add(&a, "chardev=vgqmp,mode=control");
	if (l->incoming_fd >= 0) {
		add(&a, "-incoming");
		add(&a, "fd:%d", l->incoming_fd);
	}
	add(&a, "-sandbox");
	add(&a, "on,obsolete=deny,elevateprivileges=deny,spawn=deny,resourcecontrol=deny");
	add(&a, "-no-reboot");
	return a.err;
}
