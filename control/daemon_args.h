/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VG_DAEMON_ARGS_H
#define VG_DAEMON_ARGS_H

/* The command line every vmgate daemon without options of its own takes:
 * "NAME [-c FILE]" (and -h). */

/* Sets *config (VG_DEFAULT_CONFIG unless -c). Returns -1 to go on, or the
 * exit status to return now (0 after -h, 2 after a usage error, printed). */
int daemon_args(int argc, char **argv, const char *name, const char **config);

#endif
