/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The forwarding modes that only move packets or rewrite addresses:
 * io (as is), rxonly (free), mac (our source, the peer's destination),
 * macswap (swap Ethernet addresses) and 5tswap (swap Ethernet, IP addresses
 * and UDP/TCP ports, as if the packet were answered).
 */
#include "testpmd.h"

static void
io_fwd(struct fwd_stream *fs)
{
	fwd_rx_process_tx(fs, NULL);
}

const struct fwd_engine io_engine = {
	.name = "io",
	.packet_fwd = io_fwd,
};

static uint16_t
rxonly_burst(struct fwd_stream *fs, struct fpk_mbuf **pkts, uint16_t n)
{
	(void)fs;
	fpk_pktmbuf_free_bulk(pkts, n);
	return 0;
}

static void
rxonly_fwd(struct fwd_stream *fs)
{
	fwd_rx_process_tx(fs, rxonly_burst);
}

const struct fwd_engine rxonly_engine = {
	.name = "rxonly",
	.packet_fwd = rxonly_fwd,
};

uint16_t
mac_burst(struct fwd_stream *fs, struct fpk_mbuf **pkts, uint16_t n)
{
	for (uint16_t i = 0; i < n; i++) {
		struct fpk_ether_hdr *eth = fpk_pktmbuf_mtod(pkts[i], struct fpk_ether_hdr *);

		if (i + 1 < n)
			fpk_prefetch0(fpk_pktmbuf_mtod(pkts[i + 1], void *));
		eth->dst_addr = fs->peer_mac;
		eth->src_addr = fs->tx_mac;
	}
	return n;
}

static void
mac_fwd(struct fwd_stream *fs)
{
	fwd_rx_process_tx(fs, mac_burst);
}

const struct fwd_engine mac_engine = {
	.name = "mac",
	.packet_fwd = mac_fwd,
};

static inline void
swap_ether(struct fpk_ether_hdr *eth)
{
	struct fpk_ether_addr tmp = eth->dst_addr;

	eth->dst_addr = eth->src_addr;
	eth->src_addr = tmp;
}

uint16_t
macswap_burst(struct fwd_stream *fs, struct fpk_mbuf **pkts, uint16_t n)
{
	(void)fs;
	for (uint16_t i = 0; i < n; i++) {
		if (i + 1 < n)
			fpk_prefetch0(fpk_pktmbuf_mtod(pkts[i + 1], void *));
		swap_ether(fpk_pktmbuf_mtod(pkts[i], struct fpk_ether_hdr *));
	}
	return n;
}

static void
macswap_fwd(struct fwd_stream *fs)
{
	fwd_rx_process_tx(fs, macswap_burst);
}

const struct fwd_engine macswap_engine = {
	.name = "macswap",
	.packet_fwd = macswap_fwd,
};

/* Swap the first 4 bytes at @l4: source and destination port of UDP and TCP. */
static inline void
swap_l4_ports(uint8_t *l4)
{
	uint16_t src, dst;

	memcpy(&src, l4, 2);
	memcpy(&dst, l4 + 2, 2);
	memcpy(l4, &dst, 2);
	memcpy(l4 + 2, &src, 2);
}

static inline bool
is_udp_tcp(uint8_t proto)
{
	return proto == FPK_IPPROTO_UDP || proto == FPK_IPPROTO_TCP;
}

/* Swap what the first segment holds of L3 addresses and L4 ports. */
static void
fivetswap_one(struct fpk_mbuf *m)
{
	uint16_t l2_len = 0, type = pkt_l2_parse(m, &l2_len);
	uint8_t *l3 = fpk_pktmbuf_mtod_offset(m, uint8_t *, l2_len);

	if (type == FPK_ETHER_TYPE_IPV4 && m->data_len >= l2_len + FPK_IPV4_MIN_HDR_LEN) {
		struct fpk_ipv4_hdr *ip = (void *)l3;
		uint32_t tmp = ip->src_addr;
		uint16_t l3_len = fpk_ipv4_hdr_len(ip);

		/* IHL < 5 is no IPv4 header: its "ports" would lie in the addresses. */
		if (l3_len < FPK_IPV4_MIN_HDR_LEN)
			return;
		ip->src_addr = ip->dst_addr;
		ip->dst_addr = tmp;
		/* Only the first fragment carries the L4 header. */
		if (is_udp_tcp(ip->next_proto_id) &&
		    !(fpk_be_to_cpu_16(ip->fragment_offset) & FPK_IPV4_HDR_OFFSET_MASK) &&
		    m->data_len >= l2_len + l3_len + 4)
			swap_l4_ports(l3 + l3_len);
	} else if (type == FPK_ETHER_TYPE_IPV6 &&
		   m->data_len >= l2_len + sizeof(struct fpk_ipv6_hdr)) {
		struct fpk_ipv6_hdr *ip6 = (void *)l3;
		uint8_t tmp[16];

		memcpy(tmp, ip6->src_addr, 16);
		memcpy(ip6->src_addr, ip6->dst_addr, 16);
		memcpy(ip6->dst_addr, tmp, 16);
		if (is_udp_tcp(ip6->proto) &&
		    m->data_len >= l2_len + sizeof(struct fpk_ipv6_hdr) + 4)
			swap_l4_ports(l3 + sizeof(struct fpk_ipv6_hdr));
	}
}

uint16_t
fivetswap_burst(struct fwd_stream *fs, struct fpk_mbuf **pkts, uint16_t n)
{
	(void)fs;
	for (uint16_t i = 0; i < n; i++) {
		if (i + 1 < n)
			fpk_prefetch0(fpk_pktmbuf_mtod(pkts[i + 1], void *));
		/* A runt (no whole Ethernet header in its first segment) goes as it is. */
		if (fpk_unlikely(pkts[i]->data_len < FPK_ETHER_HDR_LEN))
			continue;
		swap_ether(fpk_pktmbuf_mtod(pkts[i], struct fpk_ether_hdr *));
		fivetswap_one(pkts[i]);
	}
	return n;
}

static void
fivetswap_fwd(struct fwd_stream *fs)
{
	fwd_rx_process_tx(fs, fivetswap_burst);
}

const struct fwd_engine fivetswap_engine = {
	.name = "5tswap",
	.packet_fwd = fivetswap_fwd,
};
