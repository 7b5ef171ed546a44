/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * icmpecho mode: answer ARP requests (broadcast or sent to the receiving
 * port's MAC; the port claims every IPv4 address asked for, as testpmd's
 * icmpecho does) and IPv4 ICMP echo requests sent to the port's MAC.
 * Answers are built in the request's own mbuf and sent on the stream's tx
 * port (use --port-topology=loop to answer on the receiving port, as
 * testpmd users do); everything else is freed.
 */
#include "testpmd.h"

#include <fpk_arp.h>
#include <fpk_icmp.h>

static bool
arp_answer(struct fwd_stream *fs, struct fpk_mbuf *m, struct fpk_ether_hdr *eth,
	   uint16_t l2_len)
{
	struct fpk_arp_hdr *arp = fpk_pktmbuf_mtod_offset(m, struct fpk_arp_hdr *, l2_len);
	uint32_t ip;

	if (m->data_len < l2_len + sizeof(*arp) ||
	    arp->arp_hardware != FPK_BE16(FPK_ARP_HRD_ETHER) ||
	    arp->arp_protocol != FPK_BE16(FPK_ETHER_TYPE_IPV4) ||
	    arp->arp_hlen != FPK_ETHER_ADDR_LEN || arp->arp_plen != 4 ||
	    arp->arp_opcode != FPK_BE16(FPK_ARP_OP_REQUEST))
		return false;
	arp->arp_opcode = FPK_BE16(FPK_ARP_OP_REPLY);
	arp->arp_data.arp_tha = arp->arp_data.arp_sha;
	arp->arp_data.arp_sha = fs->rx_mac;
	ip = arp->arp_data.arp_tip;
	arp->arp_data.arp_tip = arp->arp_data.arp_sip;
	arp->arp_data.arp_sip = ip;
	eth->dst_addr = eth->src_addr;
	eth->src_addr = fs->rx_mac;
	return true;
}

static bool
echo_answer(struct fwd_stream *fs, struct fpk_mbuf *m, struct fpk_ether_hdr *eth,
	    uint16_t l2_len)
{
	struct fpk_ipv4_hdr *ip = fpk_pktmbuf_mtod_offset(m, struct fpk_ipv4_hdr *, l2_len);
	struct fpk_icmp_hdr *icmp;
	uint16_t l3_len, old_word, new_word;
	uint32_t addr;

	if (!fpk_is_same_ether_addr(&eth->dst_addr, &fs->rx_mac) ||
	    m->data_len < l2_len + FPK_IPV4_MIN_HDR_LEN || ip->next_proto_id != FPK_IPPROTO_ICMP ||
	    fpk_ipv4_frag_pkt_is_fragmented(ip))
		return false;
	l3_len = fpk_ipv4_hdr_len(ip);
	if (l3_len < FPK_IPV4_MIN_HDR_LEN || m->data_len < l2_len + l3_len + sizeof(*icmp) ||
	    fpk_be_to_cpu_16(ip->total_length) < l3_len + sizeof(*icmp))
		return false;
	icmp = (void *)((uint8_t *)ip + l3_len);
	if (icmp->icmp_type != FPK_IP_ICMP_ECHO_REQUEST || icmp->icmp_code != 0)
		return false;

	/* Only the type changes: update the checksum for that word (RFC 1624). */
	memcpy(&old_word, icmp, 2);
	icmp->icmp_type = FPK_IP_ICMP_ECHO_REPLY;
	memcpy(&new_word, icmp, 2);
	icmp->icmp_cksum = (uint16_t)~fpk_cksum_fold((uint64_t)(uint16_t)~icmp->icmp_cksum +
						     (uint16_t)~old_word + new_word);

	addr = ip->src_addr;
	ip->src_addr = ip->dst_addr;
	ip->dst_addr = addr;
	ip->time_to_live = FPK_IPV4_DEFTTL;
	ip->hdr_checksum = fpk_ipv4_cksum(ip);
	eth->dst_addr = eth->src_addr;
	eth->src_addr = fs->rx_mac;
	return true;
}

uint16_t
icmpecho_burst(struct fwd_stream *fs, struct fpk_mbuf **pkts, uint16_t n)
{
	struct fpk_mbuf *drop[MAX_PKT_BURST];
	uint16_t nb_reply = 0, nb_drop = 0;

	for (uint16_t i = 0; i < n; i++) {
		struct fpk_mbuf *m = pkts[i];
		struct fpk_ether_hdr *eth = fpk_pktmbuf_mtod(m, struct fpk_ether_hdr *);
		uint16_t l2_len = 0, type = pkt_l2_parse(m, &l2_len);
		bool answered = false;

		if (type == FPK_ETHER_TYPE_ARP)
			answered = (fpk_is_broadcast_ether_addr(&eth->dst_addr) ||
				    fpk_is_same_ether_addr(&eth->dst_addr, &fs->rx_mac)) &&
				   arp_answer(fs, m, eth, l2_len);
		else if (type == FPK_ETHER_TYPE_IPV4)
			answered = echo_answer(fs, m, eth, l2_len);
		if (answered)
			pkts[nb_reply++] = m;
		else
			drop[nb_drop++] = m;
	}
	if (nb_drop)
		fpk_pktmbuf_free_bulk(drop, nb_drop);
	return nb_reply;
}

static void
icmpecho_fwd(struct fwd_stream *fs)
{
	fwd_rx_process_tx(fs, icmpecho_burst);
}

const struct fwd_engine icmpecho_engine = {
	.name = "icmpecho",
	.packet_fwd = icmpecho_fwd,
};
