#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# The demo: installs what is missing, builds, and walks through the demo
# policy. The dataplane and attestation are not built yet, so for now the
# demo validates the policy, prints it, and shows how a broken one is
# refused.
set -euo pipefail
cd "$(dirname "$0")/.."

tools/setup.sh
tools/build.sh build | tail -n 1

ctl=build/tools/vmgatectl/vmgatectl
policy=config/examples/demo.conf

echo
echo "== vmgatectl check -v -c $policy"
"$ctl" check -v -c "$policy"

broken=$(mktemp -d)
trap 'rm -rf "$broken"' EXIT
sed 's/ports = 5432;/ports = "5432-5400";/' "$policy" > "$broken/reversed-range.conf"
sed 's/grant_ttl = 60;/grant_ttl = 4294967356;/' "$policy" > "$broken/wrapped-ttl.conf"
echo
echo "== broken variants are refused whole, with the line that is wrong:"
echo "   a reversed port range, and a TTL that libconfig alone reads as 60 s"
for f in "$broken"/*.conf; do
	if "$ctl" check -c "$f"; then
		echo "demo: $f was accepted" >&2
		exit 1
	fi
done
echo
echo "demo: done"
