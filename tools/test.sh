#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# The test command: installs what is missing, builds, runs every suite, then
# builds and runs them all again under AddressSanitizer and UBSan.
#   tools/test.sh [meson test arguments, e.g. --suite config]
set -euo pipefail
cd "$(dirname "$0")/.."

tools/setup.sh

passed=0 failed=0
run() {
	local dir=$1 out
	shift
	echo "== $dir: build"
	tools/build.sh "$dir" "$@" | tail -n 1
	echo "== $dir: test"
	set +e
	out=$(meson test -C "$dir" --print-errorlogs "${test_args[@]}" 2>&1)
	set -e
	printf '%s\n' "$out"
	# Expected failures are the runner's own proofs that it fails on failure.
	passed=$((passed + $(printf '%s\n' "$out" | awk '/^Ok:|^Expected Fail:/ {n += $NF} END {print n + 0}')))
	failed=$((failed + $(printf '%s\n' "$out" | awk '/^Fail:|^Unexpected Pass:|^Timeout:/ {n += $NF} END {print n + 0}')))
	printf '%s\n' "$out" | grep -q '^Ok:' || failed=$((failed + 1))
}

test_args=("$@")
run build
run build-asan -Db_sanitize=address,undefined

echo "tests: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
