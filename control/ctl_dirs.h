/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VG_CTL_DIRS_H
#define VG_CTL_DIRS_H

/* Directories the daemons create under the runtime and state directories. */

#include <sys/types.h>

/* Creates path and its missing parents (parents 0755, path itself mode).
 * 0, or -errno. An existing path is fine (its mode is left alone). */
int ctl_make_dirs(const char *path, mode_t mode);

/* Creates the runtime directory (and its missing parents) 0711, whatever
 * the umask: QEMU's unprivileged users must pass through it to their own
 * launch directories, while nobody else may list it (its sockets are 0660
 * and check their peers). An existing directory is left as it is. 0, or
 * -errno (-ENOTDIR when path is something else). */
int ctl_make_runtime_dir(const char *path);

#endif
