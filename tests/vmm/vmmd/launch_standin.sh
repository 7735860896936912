#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Stands in for vmgate-launch in the vmmd test: takes "-c FILE --guest
# NAME", appends its arguments and PID to $VMMD_TEST_LAUNCH_LOG, then runs
# in the foreground until SIGTERM, as the launcher does. Guest "stubborn"
# ignores SIGTERM (vmmd must SIGKILL it); guest "crashy" exits 3 at once.
# SIGUSR1 (save the guest) ends the others with 3, as a saved guest's
# launcher does.
[ "$1" = "-c" ] && [ "$3" = "--guest" ] && [ $# -eq 4 ] || exit 2
echo "$$ $*" >> "${VMMD_TEST_LAUNCH_LOG:-/dev/null}"
case "$4" in
stubborn) trap '' TERM ;;
crashy) sleep 0.2; exit 3 ;;
*) trap 'exit 0' TERM; trap 'exit 3' USR1 ;;
esac
while :; do sleep 1 & wait $!; done
