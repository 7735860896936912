# SPDX-License-Identifier: BSD-3-Clause
# Sourced by bench/forwarding.sh: OVS-DPDK 3.1 (Debian's
# openvswitch-switch-dpdk) as the switch under test, a private instance:
# its own database, sockets and logs in TMP/ovs, nothing of the system's
# OVS touched. The DPDK build of ovs-vswitchd is run by its full path, so
# the ovs-vswitchd alternative is never switched. Bridge br0 (datapath
# netdev), ports 1 (a) and 2 (b) of type dpdkvhostuserclient: OVS is the
# vhost-user client, the generator the server. The PMD thread runs on CPU 1,
# the others wherever the kernel puts them. The PMD polls at 100% even
# without traffic: sw_ovs_stop stops everything and waits until it is gone.
#
#   sw_ovs_start RULES HUGE   start, add the ports and the RULES OpenFlow rules
#   sw_ovs_ready              both vhost-user ports connected
#   sw_ovs_mark               clear the PMD statistics
#   sw_ovs_cycles             PMD processing cycles per packet since the mark
#   sw_ovs_stop

ovs_vswitchd=/usr/lib/openvswitch-switch-dpdk/ovs-vswitchd-dpdk
ovs_schema=/usr/share/openvswitch/vswitch.ovsschema
sw_ovs_server=1          # the generator must be the vhost-user server

ovs_env() {
	ovs_dir=$tmp/ovs
	export OVS_RUNDIR=$ovs_dir OVS_DBDIR=$ovs_dir OVS_LOGDIR=$ovs_dir OVS_SYSCONFDIR=$ovs_dir
}
ovs_vsctl() { ovs-vsctl --db="unix:$ovs_dir/db.sock" --timeout=60 "$@"; }
ovs_appctl() { ovs-appctl -t "$ovs_dir/ovs-vswitchd.ctl" "$@"; }

sw_ovs_start() {
	local rules=$1 huge=$2 mem p
	ovs_env
	rm -rf "$ovs_dir"
	mkdir -p "$ovs_dir"
	ovsdb-tool create "$ovs_dir/conf.db" "$ovs_schema"
	ovsdb-server "$ovs_dir/conf.db" --remote="punix:$ovs_dir/db.sock" \
		--remote=db:Open_vSwitch,Open_vSwitch,manager_options \
		--pidfile="$ovs_dir/ovsdb-server.pid" --unixctl="$ovs_dir/ovsdb-server.ctl" \
		--log-file="$ovs_dir/ovsdb-server.log" -vconsole:off 2> "$ovs_dir/ovsdb-server.err" &
	ovsdb_pid=$!
	track_pid "$ovsdb_pid"
	for _ in $(seq 100); do [ -S "$ovs_dir/db.sock" ] && break; sleep 0.1; done
	ovs_vsctl --no-wait init
	# Without hugepages OVS needs 2 GB of memfd memory (its mempools fail
	# with 1 GB and the port silently leaves the datapath) and --legacy-mem
	# (--no-huge excludes the --in-memory OVS adds otherwise).
	if [ "$huge" = 1 ]; then
		mem=(other_config:dpdk-socket-mem=2048
		     "other_config:dpdk-extra=--no-pci --single-file-segments --file-prefix vgbovs$$")
	else
		mem=("other_config:dpdk-extra=--no-huge -m 2048 --legacy-mem --no-pci --no-shconf --file-prefix vgbovs$$")
	fi
	ovs_vsctl --no-wait set Open_vSwitch . other_config:dpdk-init=true \
		other_config:pmd-cpu-mask=0x2 other_config:dpdk-lcore-mask=0x1 "${mem[@]}"
	"$ovs_vswitchd" "unix:$ovs_dir/db.sock" --pidfile="$ovs_dir/ovs-vswitchd.pid" \
		--unixctl="$ovs_dir/ovs-vswitchd.ctl" --log-file="$ovs_dir/ovs-vswitchd.log" \
		-vconsole:off 2> "$ovs_dir/ovs-vswitchd.err" &
	sw_pid=$!
	track_pid "$sw_pid"
	for _ in $(seq 300); do [ -S "$ovs_dir/ovs-vswitchd.ctl" ] && break; sleep 0.1; done
	ovs_vsctl add-br br0 -- set bridge br0 datapath_type=netdev
	for p in a b; do
		ovs_vsctl add-port br0 "vhu-$p" -- set Interface "vhu-$p" type=dpdkvhostuserclient \
			"options:vhost-server-path=$run/$p.sock" \
			"ofport_request=$([ $p = a ] && echo 1 || echo 2)"
	done
	policy_openflow "$tmp/flows.txt" "$rules"
	ovs-ofctl del-flows br0
	ovs-ofctl add-flows br0 "$tmp/flows.txt"
	[ "$(ovs-ofctl dump-aggregate br0 | grep -o 'flow_count=[0-9]*')" = "flow_count=$(grep -c . "$tmp/flows.txt")" ] || {
		echo "bench: OVS did not take the $(grep -c . "$tmp/flows.txt") flows" >&2
		return 1
	}
}

sw_ovs_ready() {
	for _ in $(seq 100); do
		[ "$(ovs_vsctl get Interface vhu-a link_state)" = up ] &&
			[ "$(ovs_vsctl get Interface vhu-b link_state)" = up ] && return 0
		sleep 0.1
	done
	echo "bench: OVS ports did not come up" >&2
	return 1
}

sw_ovs_mark() { ovs_appctl dpif-netdev/pmd-stats-clear > /dev/null; }

sw_ovs_cycles() {
	ovs_appctl dpif-netdev/pmd-stats-show |
		awk '/avg processing cycles per packet:/ { printf "%.0f\n", $6; found = 1 }
		     END { if (!found) print "-" }'
}

# Packets the two allow rules forwarded (proof that OVS really switched).
sw_ovs_forwarded() {
	ovs-ofctl dump-flows br0 "udp" | grep -o 'n_packets=[0-9]*' | awk -F= '{ s += $2 } END { print s + 0 }'
}

sw_ovs_stop() {
	[ -n "${sw_pid:-}" ] || return 0
	ovs_appctl exit > /dev/null 2>&1 || true
	stop_pid "$sw_pid" ovs-vswitchd
	stop_pid "$ovsdb_pid" ovsdb-server term
	sw_pid=""
}
