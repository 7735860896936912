#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# The guest image's test hook (tools/guest_image/test_hook, /bin/vmgate-test
# in the guest) accepts exactly its grammar of actions, and refuses, naming
# the action, anything else that a command line could carry: ports out of
# range, addresses that are not IPv4, words with shell characters (sent or
# written), arguments to read and tamper, unknown actions, empty items,
# blanks, more than 8 actions; "run" with a refused list starts nothing. Runs the hook with busybox's sh, as the guest does.
# (What "run" does is proven inside guests: by vmm/launch/two_guests.sh for
# listen and send, by vmm/restart/tamper_restart.sh for write, read and tamper.)
#   test_hook.sh SOURCE_DIR
set -u
src=$1
hook=$src/tools/guest_image/test_hook
. "$src/tests/checks.sh"
[ -x /bin/busybox ] || { echo "SKIP: no /bin/busybox (tools/setup.sh installs busybox-static)"; exit 77; }
hook() { /bin/busybox sh "$hook" "$@"; }
accepts() { hook check "$1" > /dev/null; }
# refuses ACTIONS MESSAGE: exit 1 and exactly MESSAGE.
refuses() { [ "$(hook check "$1")" = "$2" ] && fails hook check "$1" > /dev/null; }

check "one listener" accepts listen:8080
check "the lowest and the highest port" accepts listen:1,listen:65535
check "a send" accepts send:10.79.0.11:8080:a-to-b_8080.x
check "eight actions" \
	accepts listen:1,listen:2,listen:3,listen:4,send:1.2.3.4:5:a,send:1.2.3.4:6:b,listen:7,listen:8
check "a 32-character word" accepts "send:10.0.0.1:80:$(printf 'w%.0s' $(seq 32))"
check "the data disk's actions" accepts read,write:known-word_1.x,tamper,read
check "a 32-character word to write" accepts "write:$(printf 'w%.0s' $(seq 32))"

check "port 0" refuses listen:0 "malformed action 'listen:0'"
check "port 65536" refuses listen:8080,listen:65536 "malformed action 'listen:65536'"
check "a port with a sign" refuses listen:+80 "malformed action 'listen:+80'"
check "an octet over 255" refuses send:10.0.0.256:80:w "malformed action 'send:10.0.0.256:80:w'"
check "a host name" refuses send:gw:80:w "malformed action 'send:gw:80:w'"
check "an empty word" refuses send:10.0.0.1:80: "malformed action 'send:10.0.0.1:80:'"
check "a 33-character word" refuses "send:10.0.0.1:80:$(printf 'w%.0s' $(seq 33))" \
	"malformed action 'send:10.0.0.1:80:$(printf 'w%.0s' $(seq 33))'"
check "a word with shell characters" refuses 'send:10.0.0.1:80:$(reboot)' \
	"malformed action 'send:10.0.0.1:80:\$(reboot)'"
check "a glob is not expanded" refuses 'listen:*' "malformed action 'listen:*'"
check "an unknown action" refuses exec:/bin/sh "malformed action 'exec:/bin/sh'"
check "a write without a word" refuses write: "malformed action 'write:'"
check "a write of shell characters" refuses 'read,write:$(reboot)' \
	"malformed action 'write:\$(reboot)'"
check "a 33-character word to write" refuses "write:$(printf 'w%.0s' $(seq 33))" \
	"malformed action 'write:$(printf 'w%.0s' $(seq 33))'"
check "read takes no argument" refuses read:/dev/vda "malformed action 'read:/dev/vda'"
check "tamper takes no argument" refuses tamper:8 "malformed action 'tamper:8'"
check "actions are lower case" refuses TAMPER "malformed action 'TAMPER'"
check "nothing" refuses "" "not a list of actions: ''"
check "a trailing comma" refuses listen:80, "not a list of actions: 'listen:80,'"
check "an empty item" refuses listen:80,,listen:81 "not a list of actions: 'listen:80,,listen:81'"
check "a blank" refuses "listen:80 listen:81" "not a list of actions: 'listen:80 listen:81'"
check "two lines" refuses "listen:80
listen:81" "not a list of actions: 'listen:80
listen:81'"
check "nine actions" refuses listen:1,listen:2,listen:3,listen:4,listen:5,listen:6,listen:7,listen:8,listen:9 \
	"more than 8 actions"
check "run refuses what check refuses, starting nothing" \
	eval '[ "$(hook run listen:0 /dev/null 2>&1)" = "" ] && fails hook run listen:0 /dev/null'
check "run wants the agent's log" eval 'hook run listen:80 2> /dev/null; [ $? -eq 2 ]'
check "an unknown command is a usage error" eval 'hook frob 2> /dev/null; [ $? -eq 2 ]'
checks_summary vmm-test-hook
