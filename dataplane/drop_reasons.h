/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VG_DROP_REASONS_H
#define VG_DROP_REASONS_H

/*
 * Every reason the dataplane drops a frame, declared once: the enum, the
 * names in JSON and the text shown to operators all come from this list.
 */

#define VG_DROP_REASONS(_) \
	_(TRUNCATED_ETH,    "truncated_eth",    "frame shorter than an Ethernet header") \
	_(OVERSIZE,         "oversize",         "frame longer than the port MTU") \
	_(VLAN,             "vlan",             "VLAN-tagged frame (guest ports are untagged)") \
	_(ETHERTYPE,        "ethertype",        "ethertype other than IPv4, IPv6 or ARP") \
	_(MULTICAST,        "multicast",        "broadcast or multicast other than ARP and neighbour solicitation") \
	_(BAD_ARP,          "bad_arp",          "truncated or malformed ARP") \
	_(ARP_UNANSWERED,   "arp_unanswered",   "ARP for an address the gateway does not answer") \
	_(TRUNCATED_IPV4,   "truncated_ipv4",   "truncated IPv4 header") \
	_(BAD_IPV4_HEADER,  "bad_ipv4_header",  "bad IPv4 version, header length or checksum") \
	_(IPV4_OPTIONS,     "ipv4_options",     "IPv4 header with options") \
	_(BAD_IPV4_LENGTH,  "bad_ipv4_length",  "IPv4 total length disagrees with the frame") \
	_(TRUNCATED_IPV6,   "truncated_ipv6",   "truncated IPv6 header") \
	_(BAD_IPV6_HEADER,  "bad_ipv6_header",  "bad IPv6 version") \
	_(BAD_IPV6_LENGTH,  "bad_ipv6_length",  "IPv6 payload length disagrees with the frame") \
	_(IPV6_EXTENSION,   "ipv6_extension",   "IPv6 extension header") \
	_(FRAGMENT,         "fragment",         "non-first fragment no rule allows") \
	_(TRUNCATED_L4,     "truncated_l4",     "truncated TCP, UDP or ICMP header") \
	_(BAD_L4_HEADER,    "bad_l4_header",    "bad TCP data offset or UDP length") \
	_(BAD_ND,           "bad_nd",           "malformed or unanswerable neighbour discovery") \
	_(SPOOF_MAC,        "spoof_mac",        "source MAC is not the port's guest") \
	_(SPOOF_IP,         "spoof_ip",         "source IP is not the port's guest") \
	_(RATE_LIMIT,       "rate_limit",       "over the sending guest's rate limit") \
	_(UNKNOWN_DST,      "unknown_dst",      "destination is no configured guest") \
	_(DST_MISMATCH,     "dst_mismatch",     "destination MAC and IP belong to different guests") \
	_(HAIRPIN,          "hairpin",          "destination is the sending guest itself") \
	_(NO_GRANT,         "no_grant",         "the pair of guests holds no live grant") \
	_(ACL_DENY,         "acl_deny",         "denied by a rule") \
	_(DEFAULT_DENY,     "default_deny",     "no rule matched and the default is deny") \
	_(CT_NOT_SYN,       "ct_not_syn",       "a stateful rule's TCP segment with no session that is no SYN") \
	_(CT_INVALID,       "ct_invalid",       "TCP segment impossible in its session's state") \
	_(CT_OUT_OF_WINDOW, "ct_out_of_window", "TCP segment outside its session's windows") \
	_(CT_TABLE_FULL,    "ct_table_full",    "a new session, and the session table is full") \
	_(CT_GUEST_FULL,    "ct_guest_full",    "a new session, and the guest has opened its most") \
	_(CT_POLICY,        "ct_policy",        "session the reloaded policy no longer allows") \
	_(BPF_DROP,         "bpf_drop",         "dropped by an eBPF program of the rule that allowed it") \
	_(SIGNATURE,        "signature",        "payload matched a drop signature of the rule that allowed it") \
	_(PORT_DOWN,        "port_down",        "destination port is not connected") \
	_(TX_FULL,          "tx_full",          "destination queue full")

enum vg_drop_reason {
#define _(id, name, text) VG_DROP_##id,
	VG_DROP_REASONS(_)
#undef _
	VG_DROP_MAX
};

/* The reason's stable JSON name and its text for operators. */
const char *vg_drop_name(enum vg_drop_reason r);
const char *vg_drop_text(enum vg_drop_reason r);

#endif
