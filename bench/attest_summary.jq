# SPDX-License-Identifier: BSD-3-Clause
# bench/attestation.sh's result document: the cost run ($cost, from
# attest-cost --json), every latency run ($runs) with medians and maxima,
# the targets, the machine, the command and the cleanup check.

def median: map(select(. != null)) | sort
	| if length == 0 then null
	  elif length % 2 == 1 then .[(length - 1) / 2]
	  else (.[length / 2 - 1] + .[length / 2]) / 2 end;
def round2: if . == null then null else . * 100 | round / 100 end;
def stats(f): [$runs[] | f] | {median: (median | round2), max: max};

{
	command: $cmd,
	machine: {nproc: $nproc, cpu: $cpu, memory: $mem, kernel: $kernel, debian: $debian,
		  wolfssl: $wolfssl, swtpm: $swtpm, vmgate_revision: $rev,
		  load_average_at_start: $load},
	elapsed_s: $elapsed,
	cost: $cost[0],
	latency: {
		runs: $runs,
		gateway_verified_ms: stats(.gateway_verified_ms),
		attested_ms: stats(.attested_ms),
		granted_ms: stats(.granted_ms),
		cpu_ms_median: ($runs[0].cpu_ms | keys_unsorted
			| map(. as $k | {key: $k, value: ([$runs[].cpu_ms[$k]] | median | round2)})
			| from_entries)
	},
	targets: {
		verifier_ratio_min: 0.6,
		verifier_ratio_met: ($cost[0].ratio_verifier >= 0.6),
		start_to_grant_ms_max: 20,
		start_to_grant_met_median: (stats(.granted_ms).median <= 20),
		start_to_grant_met_every_run: (stats(.granted_ms).max <= 20)
	},
	cleanup: $cleanup
}
