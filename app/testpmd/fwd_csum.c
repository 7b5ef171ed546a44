/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * csum mode: check the IPv4 header checksum and the UDP/TCP checksum (over
 * IPv4 or IPv6) of every received packet in software, count the bad ones,
 * write correct ones, and forward the packet to the peer as mac mode does.
 * No checksum offload is asked of the NIC (testpmd's csum mode can; this
 * one is the software reference).
 *
 * Packets too short or truncated for their own headers go on untouched and
 * uncounted: there is no checksum to judge.
 */
#include "testpmd.h"

#include <fpk_tcp.h>

/* Smallest L4 header of @proto, or 0 for protocols left alone. */
static inline uint16_t
l4_min_len(uint8_t proto)
{
	if (proto == FPK_IPPROTO_UDP)
		return sizeof(struct fpk_udp_hdr);
	if (proto == FPK_IPPROTO_TCP)
		return sizeof(struct fpk_tcp_hdr);
	return 0;
}

static inline void
store_l4_cksum(uint8_t *l4, uint8_t proto, uint16_t ck)
{
	memcpy(l4 + (proto == FPK_IPPROTO_UDP ? 6 : 16), &ck, 2);
}

static void
csum_ipv4(struct fwd_stream *fs, struct fpk_mbuf *m, uint16_t l2_len)
{
	struct fpk_ipv4_hdr *ip = fpk_pktmbuf_mtod_offset(m, struct fpk_ipv4_hdr *, l2_len);
	uint16_t l3_len, ip_len, l4_min;

	if (m->data_len < l2_len + FPK_IPV4_MIN_HDR_LEN)
		return;
	l3_len = fpk_ipv4_hdr_len(ip);
	ip_len = fpk_be_to_cpu_16(ip->total_length);
	if (l3_len < FPK_IPV4_MIN_HDR_LEN || m->data_len < l2_len + l3_len || ip_len < l3_len ||
	    (uint32_t)l2_len + ip_len > m->pkt_len)
		return;
	if (fpk_ipv4_cksum_verify(ip) != 0)
		fs->rx_bad_ip_csum++;
	ip->hdr_checksum = fpk_ipv4_cksum(ip);

	l4_min = l4_min_len(ip->next_proto_id);
	if (l4_min == 0 || fpk_ipv4_frag_pkt_is_fragmented(ip) || ip_len - l3_len < l4_min ||
	    m->data_len < l2_len + l3_len + l4_min)
		return;
	if (fpk_ipv4_udptcp_cksum_mbuf_verify(m, ip, l2_len + l3_len) != 0)
		fs->rx_bad_l4_csum++;
	store_l4_cksum((uint8_t *)ip + l3_len, ip->next_proto_id,
		       fpk_ipv4_udptcp_cksum_mbuf(m, ip, l2_len + l3_len));
}

static void
csum_ipv6(struct fwd_stream *fs, struct fpk_mbuf *m, uint16_t l2_len)
{
	struct fpk_ipv6_hdr *ip6 = fpk_pktmbuf_mtod_offset(m, struct fpk_ipv6_hdr *, l2_len);
	uint16_t l3_len = sizeof(*ip6), l4_min;

	if (m->data_len < l2_len + l3_len)
		return;
	/* L4 right after the fixed header only: extension headers are left alone. */
	l4_min = l4_min_len(ip6->proto);
	if (l4_min == 0 || fpk_be_to_cpu_16(ip6->payload_len) < l4_min ||
	    (uint32_t)l2_len + l3_len + fpk_be_to_cpu_16(ip6->payload_len) > m->pkt_len ||
	    m->data_len < l2_len + l3_len + l4_min)
		return;
	if (fpk_ipv6_udptcp_cksum_mbuf_verify(m, ip6, l2_len + l3_len) != 0)
		fs->rx_bad_l4_csum++;
	store_l4_cksum((uint8_t *)ip6 + l3_len, ip6->proto,
		       fpk_ipv6_udptcp_cksum_mbuf(m, ip6, l2_len + l3_len));
}

uint16_t
csum_burst(struct fwd_stream *fs, struct fpk_mbuf **pkts, uint16_t n)
{
	for (uint16_t i = 0; i < n; i++) {
		struct fpk_mbuf *m = pkts[i];
		uint16_t l2_len = 0, type = pkt_l2_parse(m, &l2_len);
		struct fpk_ether_hdr *eth;

		if (type == FPK_ETHER_TYPE_IPV4)
			csum_ipv4(fs, m, l2_len);
		else if (type == FPK_ETHER_TYPE_IPV6)
			csum_ipv6(fs, m, l2_len);
		/* A runt (no whole Ethernet header in its first segment) goes as it is. */
		if (fpk_unlikely(m->data_len < FPK_ETHER_HDR_LEN))
			continue;
		eth = fpk_pktmbuf_mtod(m, struct fpk_ether_hdr *);
		eth->dst_addr = fs->peer_mac;
		eth->src_addr = fs->tx_mac;
	}
	return n;
}

static void
csum_fwd(struct fwd_stream *fs)
{
	fwd_rx_process_tx(fs, csum_burst);
}

const struct fwd_engine csum_engine = {
	.name = "csum",
	.packet_fwd = csum_fwd,
};
