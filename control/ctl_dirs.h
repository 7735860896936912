/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VG_CTL_DIRS_H
#define VG_CTL_DIRS_H

/* Directories the daemons create under the runtime and state directories. */

#include <sys/types.h>

/* Creates path and its missing parents (parents 0755, path itself mode).
 * 0, or -errno. An existing path is fine (its mode is left alone). */
int ctl_make_dirs(const char *path, mode_t mode);

#endif
