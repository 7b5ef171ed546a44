/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Packet generators: txonly sends UDP/IPv4 frames of the --txpkts shape
 * from 198.18.0.1:9 to 198.18.0.2:9 (testpmd's defaults) and receives
 * nothing; flowgen does the same with the destination address walking over
 * --flowgen-flows consecutive addresses, one flow per packet, after
 * draining its rx queue (counted, then freed) as DPDK's does. With
 * --txonly-multi-flow, txonly (and the tx_first burst) walks the source
 * address over 256 values instead, as DPDK's testpmd does.
 *
 * The headers are built once per stream; a packet costs a copy of them.
 * Only --tx-seq touches the payload (see TXSEQ_MAGIC for its layout), and
 * then the UDP checksum is computed too; otherwise it is 0 ("none"), as
 * testpmd sends it, and the payload is whatever the buffer held.
 */
#include "testpmd.h"

int
txgen_stream_init(struct fwd_stream *fs)
{
	struct fpk_ether_hdr *eth = (void *)fs->txhdr;
	struct fpk_ipv4_hdr *ip = (struct fpk_ipv4_hdr *)(eth + 1);
	struct fpk_udp_hdr *udp = (struct fpk_udp_hdr *)(ip + 1);
	uint16_t len = (uint16_t)fwd_cfg.tx_pkt_len;

	eth->dst_addr = fs->peer_mac;
	eth->src_addr = fs->tx_mac;
	eth->ether_type = FPK_BE16(FPK_ETHER_TYPE_IPV4);
	memset(ip, 0, sizeof(*ip));
	ip->version_ihl = FPK_IPV4_VHL_DEF;
	ip->total_length = fpk_cpu_to_be_16((uint16_t)(len - FPK_ETHER_HDR_LEN));
	ip->time_to_live = FPK_IPV4_DEFTTL;
	ip->next_proto_id = FPK_IPPROTO_UDP;
	ip->src_addr = fpk_cpu_to_be_32(fwd_cfg.tx_ip_src);
	ip->dst_addr = fpk_cpu_to_be_32(fwd_cfg.tx_ip_dst);
	ip->hdr_checksum = fpk_ipv4_cksum(ip);
	udp->src_port = fpk_cpu_to_be_16(fwd_cfg.tx_udp_src);
	udp->dst_port = fpk_cpu_to_be_16(fwd_cfg.tx_udp_dst);
	udp->dgram_len = fpk_cpu_to_be_16((uint16_t)(len - FPK_ETHER_HDR_LEN - sizeof(*ip)));
	udp->dgram_cksum = 0;
	fs->flow = 0;
	return 0;
}

/* Write the --tx-seq payload of sequence @seq after the headers of @m. */
static void
txseq_fill(struct fpk_mbuf *m, uint16_t port, uint16_t queue, uint64_t seq)
{
	uint8_t hdr[TXSEQ_HDR_LEN];
	uint32_t magic = fpk_cpu_to_be_32(TXSEQ_MAGIC), pos = 0, off = TXGEN_HDR_LEN;
	uint16_t p16;
	uint64_t s64 = fpk_cpu_to_be_64(seq);

	memcpy(hdr, &magic, 4);
	p16 = fpk_cpu_to_be_16(port);
	memcpy(hdr + 4, &p16, 2);
	p16 = fpk_cpu_to_be_16(queue);
	memcpy(hdr + 6, &p16, 2);
	memcpy(hdr + 8, &s64, 8);
	for (struct fpk_mbuf *seg = m; seg != NULL; seg = seg->next) {
		uint8_t *p;
		uint32_t len, h;

		if (off >= seg->data_len) {
			off -= seg->data_len;
			continue;
		}
		p = fpk_pktmbuf_mtod_offset(seg, uint8_t *, off);
		len = seg->data_len - off;
		h = 0;
		if (pos < TXSEQ_HDR_LEN) {
			h = FPK_MIN(TXSEQ_HDR_LEN - pos, len);
			memcpy(p, hdr + pos, h);
		}
		for (uint32_t j = h; j < len; j++)
			p[j] = txseq_pattern_byte(seq, pos + j);
		pos += len;
		off = 0;
	}
}

/* Give @m the --txpkts segments after its first; @return false if the pool is short. */
static bool
txgen_chain(struct fwd_stream *fs, struct fpk_mbuf *m)
{
	struct fpk_mbuf *segs[TXPKTS_MAX_SEGS];
	struct fpk_mbuf *prev = m;
	unsigned int nb = fwd_cfg.nb_txpkts - 1u;

	if (fpk_pktmbuf_alloc_bulk(fs->pool, segs, nb) != 0)
		return false;
	for (unsigned int s = 0; s < nb; s++) {
		segs[s]->data_len = fwd_cfg.txpkts[s + 1];
		prev->next = segs[s];
		prev = segs[s];
	}
	m->nb_segs = fwd_cfg.nb_txpkts;
	return true;
}

uint16_t
txgen_build(struct fwd_stream *fs, struct fpk_mbuf **pkts, uint16_t n, bool flowgen)
{
	if (fpk_pktmbuf_alloc_bulk(fs->pool, pkts, n) != 0)
		return 0;
	for (uint16_t i = 0; i < n; i++) {
		struct fpk_mbuf *m = pkts[i];
		uint8_t *hdr = fpk_pktmbuf_mtod(m, uint8_t *);
		struct fpk_ipv4_hdr *ip = (void *)(hdr + FPK_ETHER_HDR_LEN);

		m->data_len = fwd_cfg.txpkts[0];
		m->pkt_len = fwd_cfg.tx_pkt_len;
		if (fwd_cfg.nb_txpkts > 1 && !txgen_chain(fs, m)) {
			/* Unchained packets free as single mbufs, like the rest. */
			fpk_pktmbuf_free_bulk(pkts, n);
			return 0;
		}
		memcpy(hdr, fs->txhdr, TXGEN_HDR_LEN);
		if (flowgen) {
			ip->dst_addr = fpk_cpu_to_be_32(fwd_cfg.tx_ip_dst + fs->flow);
			ip->hdr_checksum = fpk_ipv4_cksum(ip);
			if (++fs->flow >= fwd_cfg.flowgen_flows)
				fs->flow = 0;
		} else if (fwd_cfg.txonly_multi_flow) {
			/* DPDK testpmd's flows: the third byte of the destination walks. */
			ip->src_addr = fpk_cpu_to_be_32((fwd_cfg.tx_ip_dst | (uint32_t)(uint8_t)fs->flow << 8) +
							fpk_lcore_id());
			ip->hdr_checksum = fpk_ipv4_cksum(ip);
			fs->flow++;
		}
		if (fwd_cfg.tx_seq) {
			struct fpk_udp_hdr *udp = (struct fpk_udp_hdr *)(ip + 1);

			txseq_fill(m, fs->tx_port, fs->tx_queue, fs->tx_seq + i);
			udp->dgram_cksum = fpk_ipv4_udptcp_cksum_mbuf(m, ip, TXGEN_HDR_LEN -
								      sizeof(*udp));
		}
	}
	return n;
}

static __fpk_always_inline void
txgen_fwd(struct fwd_stream *fs, bool flowgen)
{
	struct fpk_mbuf *pkts[MAX_PKT_BURST];
	uint64_t start = fwd_cycles_start();
	uint16_t n;

	if (flowgen) {
		n = fwd_rx(fs, pkts);
		if (n > 0)
			fpk_pktmbuf_free_bulk(pkts, n);
	}
	n = txgen_build(fs, pkts, fwd_cfg.burst, flowgen);
	if (n == 0)
		return;
	fs->tx_seq += fwd_tx(fs, pkts, n);
	fwd_cycles_end(fs, start);
}

void
txonly_fwd(struct fwd_stream *fs)
{
	txgen_fwd(fs, false);
}

static void
flowgen_fwd(struct fwd_stream *fs)
{
	txgen_fwd(fs, true);
}

const struct fwd_engine txonly_engine = {
	.name = "txonly",
	.stream_init = txgen_stream_init,
	.packet_fwd = txonly_fwd,
	.generates = true,
};

const struct fwd_engine flowgen_engine = {
	.name = "flowgen",
	.stream_init = txgen_stream_init,
	.packet_fwd = flowgen_fwd,
	.generates = true,
};
