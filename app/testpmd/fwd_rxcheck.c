/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * rxcheck mode: a checking receiver for the --tx-seq packets txonly and
 * flowgen send (layout at TXSEQ_MAGIC). Each packet is checked whole (IPv4
 * header checksum, lengths, UDP checksum, payload pattern) and its sequence
 * number is tracked per sender (port, queue) in a 64-packet window: a jump
 * forward counts the numbers skipped as lost; one of those arriving later
 * turns a loss into a reorder; a number seen twice is a duplicate. The
 * first packet of a sender sets where its sequence starts. Everything
 * received is freed; nothing is sent.
 *
 * A sender's sequence is checked as a whole (lost, reordered) and per
 * flow, its packets of one 5-tuple: packets of different flows may take
 * different paths (RSS queues, a multiqueue tap) and pass each other, the
 * packets of one flow must not (RX-flow-reordered).
 *
 * On a port that hashes (RSS), a packet carrying the NIC's hash is also
 * checked against the software Toeplitz hash of what the port hashes, with
 * its key, and its rx queue against the port's redirection table; both are
 * read when the streams are set up. Those counters are printed when the
 * streams are released (the next start, or quit), one line per stream.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <fpk_thash.h>

#include "testpmd.h"

struct rxcheck_rss {
	uint64_t rss_hf;               /* FPK_ETH_RSS_* the port hashes on */
	uint32_t reta_size;            /* a power of two; 0: queues not checked */
	uint8_t key[UINT8_MAX];
	uint16_t reta[];               /* rx queue of each entry */
};

/*
 * The RSS key, fields and redirection table of @port, or NULL when it has
 * no hash to predict: it hashes nothing (no RSS, or no field on), or it
 * does not tell its key or table (said why).
 */
static struct rxcheck_rss *
rss_setup(uint16_t port)
{
	struct fpk_eth_rss_reta_entry64 *groups = NULL;
	struct fpk_eth_rss_conf conf = { 0 };
	struct fpk_eth_dev_info info;
	struct rxcheck_rss *r = NULL;
	uint8_t key[UINT8_MAX];
	int ret = 0;

	/* A key shorter than the Toeplitz input of an IPv6 tuple needs is none a NIC has. */
	if (fpk_eth_dev_info_get(port, &info) != 0 || info.hash_key_size < FPK_THASH_KEY_LEN ||
	    info.reta_size == 0)
		return NULL;
	conf.rss_key = key;
	conf.rss_key_len = sizeof(key);
	if (fpk_eth_dev_rss_hash_conf_get(port, &conf) != 0 || conf.rss_hf == 0)
		return NULL;
	/* ethdev does not know a driver's default key when the driver does not tell it. */
	if (conf.rss_key_len < FPK_THASH_KEY_LEN)
		ret = -ENOKEY;
	if (ret == 0) {
		r = calloc(1, sizeof(*r) + info.reta_size * sizeof(r->reta[0]));
		groups = calloc((info.reta_size + FPK_ETH_RETA_GROUP_SIZE - 1) /
				FPK_ETH_RETA_GROUP_SIZE, sizeof(*groups));
		if (r == NULL || groups == NULL)
			ret = -ENOMEM;
	}
	for (uint16_t i = 0; ret == 0 && i < info.reta_size; i++)
		groups[i / FPK_ETH_RETA_GROUP_SIZE].mask |= UINT64_C(1) << (i % FPK_ETH_RETA_GROUP_SIZE);
	if (ret == 0)
		ret = fpk_eth_dev_rss_reta_query(port, groups, info.reta_size);
	if (ret != 0) {
		printf("rxcheck: port %u hashes, but its RSS key and redirection table cannot "
		       "be read (%s): its hashes are not checked\n", port, strerror(-ret));
		free(groups);
		free(r);
		return NULL;
	}
	for (uint16_t i = 0; i < info.reta_size; i++)
		r->reta[i] = groups[i / FPK_ETH_RETA_GROUP_SIZE].reta[i % FPK_ETH_RETA_GROUP_SIZE];
	memcpy(r->key, key, conf.rss_key_len);
	r->rss_hf = conf.rss_hf;
	/* fpk_thash_reta_queue() indexes with the low bits, as the NICs do with such tables. */
	r->reta_size = (info.reta_size & (info.reta_size - 1)) ? 0 : info.reta_size;
	free(groups);
	return r;
}

/*
 * One flow of one sender: its 5-tuple (all IPv4/UDP here) and sender
 * (port, queue), and the highest sequence number seen + 1 (0: free slot).
 * A slot taken by another flow is given over: that flow is then followed
 * from its next packet on, so a collision can hide a reordering but never
 * invent one.
 */
struct rxcheck_flowseq {
	uint32_t src, dst;
	uint16_t sport, dport, port, queue;
	uint64_t next;
};

#define RXCHECK_FLOWSEQ_SLOTS 4096

static int
rxcheck_stream_init(struct fwd_stream *fs)
{
	fs->rxc_flows = calloc(RXCHECK_NB_FLOWS, sizeof(*fs->rxc_flows));
	fs->rxc_flowseq = calloc(RXCHECK_FLOWSEQ_SLOTS, sizeof(*fs->rxc_flowseq));
	if (fs->rxc_flows == NULL || fs->rxc_flowseq == NULL) {
		free(fs->rxc_flows);
		free(fs->rxc_flowseq);
		fs->rxc_flows = NULL;
		fs->rxc_flowseq = NULL;
		return -ENOMEM;
	}
	memset(&fs->rxc, 0, sizeof(fs->rxc));
	fs->rxc_rss = rss_setup(fs->rx_port);
	return 0;
}

static void
rxcheck_stream_fini(struct fwd_stream *fs)
{
	free(fs->rxc_rss);
	fs->rxc_rss = NULL;
	free(fs->rxc_flows);
	fs->rxc_flows = NULL;
	free(fs->rxc_flowseq);
	fs->rxc_flowseq = NULL;
}

/* Count @seq of the flow of @ip/@udp from sender (@port, @queue) if it comes late. */
static void
flow_track(struct fwd_stream *fs, const struct fpk_ipv4_hdr *ip, const struct fpk_udp_hdr *udp,
	   uint16_t port, uint16_t queue, uint64_t seq)
{
	struct rxcheck_flowseq key = {
		.src = ip->src_addr, .dst = ip->dst_addr, .sport = udp->src_port,
		.dport = udp->dst_port, .port = port, .queue = queue,
	};
	uint32_t h = (key.src * 0x9e3779b1u) ^ (key.dst * 0x85ebca6bu) ^
		     ((uint32_t)key.sport << 16 | key.dport) * 0xc2b2ae35u ^
		     ((uint32_t)port << 16 | queue);
	struct rxcheck_flowseq *f = &fs->rxc_flowseq[(h ^ h >> 16) % RXCHECK_FLOWSEQ_SLOTS];

	if (f->next == 0 || f->src != key.src || f->dst != key.dst || f->sport != key.sport ||
	    f->dport != key.dport || f->port != port || f->queue != queue) {
		*f = key;
		f->next = seq + 1;
		return;
	}
	/* seq == next - 1 is the last one again: a duplicate, counted as such. */
	if (seq + 1 < f->next)
		fs->rxc.flow_reordered++;
	else if (seq >= f->next)
		f->next = seq + 1;
}

/*
 * The hash of an intact --tx-seq packet (IPv4/UDP), as the port computes
 * it: over the addresses and UDP ports when it hashes UDP (never for a
 * fragment), over the addresses when it hashes IPv4, not at all otherwise
 * (then any hash it reports is wrong). And its queue: the RETA entry the
 * hash it reports selects.
 */
static void
rss_check(struct fwd_stream *fs, const struct fpk_mbuf *m, const struct fpk_ipv4_hdr *ip,
	  const void *l4)
{
	const struct rxcheck_rss *r = fs->rxc_rss;
	struct rxcheck_stats *st = &fs->rxc;
	uint32_t tuple[FPK_THASH_V4_L4_LEN], len = 0;
	bool ok = true;

	if ((r->rss_hf & FPK_ETH_RSS_NONFRAG_IPV4_UDP) && !fpk_ipv4_frag_pkt_is_fragmented(ip))
		len = fpk_thash_tuple_ipv4(ip, l4, tuple);
	else if (r->rss_hf & FPK_ETH_RSS_IPV4)
		len = fpk_thash_tuple_ipv4(ip, NULL, tuple);
	if (len == 0 || fpk_softrss(tuple, len, r->key) != m->hash.rss) {
		st->rss_hash_mismatch++;
		ok = false;
	}
	if (r->reta_size != 0 &&
	    fpk_thash_reta_queue(m->hash.rss, r->reta, r->reta_size) != fs->rx_queue) {
		st->rss_queue_mismatch++;
		ok = false;
	}
	if (ok)
		st->rss_ok++;
}

static void
seq_track(struct rxcheck_stats *st, struct rxcheck_flow *f, uint64_t seq)
{
	uint64_t back;

	if (!f->started || seq >= f->next) {
		uint64_t gap = f->started ? seq - f->next : 0;

		st->lost += gap;
		f->seen = gap + 1 >= 64 ? 0 : f->seen << (gap + 1);
		f->seen |= 1;
		f->next = seq + 1;
		f->started = true;
		st->ok++;
		return;
	}
	back = f->next - 1 - seq;
	if (back < 64 && (f->seen & (UINT64_C(1) << back))) {
		st->duplicate++;
		return;
	}
	if (back < 64)
		f->seen |= UINT64_C(1) << back;
	/* Counted lost when the sequence jumped past it; it came after all. */
	if (st->lost > 0)
		st->lost--;
	st->reordered++;
	st->ok++;
}

/* @return true if the payload after the sequence header has the pattern of @seq. */
static bool
pattern_ok(const struct fpk_mbuf *m, uint32_t off, uint32_t len, uint64_t seq)
{
	uint32_t pos = TXSEQ_HDR_LEN;

	for (const struct fpk_mbuf *seg = m; seg != NULL && len > 0; seg = seg->next) {
		const uint8_t *p;
		uint32_t clen;
		uint8_t bad = 0;

		if (off >= seg->data_len) {
			off -= seg->data_len;
			continue;
		}
		p = fpk_pktmbuf_mtod_offset(seg, const uint8_t *, off);
		clen = FPK_MIN((uint32_t)seg->data_len - off, len);
		for (uint32_t j = 0; j < clen; j++)
			bad |= (uint8_t)(p[j] ^ txseq_pattern_byte(seq, pos + j));
		if (bad)
			return false;
		pos += clen;
		len -= clen;
		off = 0;
	}
	return len == 0;
}

/*
 * @len bytes at @off of @m, as fpk_pktmbuf_read() gives them, but 4-byte
 * aligned: a segment may start at an odd offset of the frame, and the
 * headers are read through their structures. @buf: 4-byte aligned room.
 */
static const void *
read_aligned(const struct fpk_mbuf *m, uint32_t off, uint32_t len, void *buf)
{
	const void *p = fpk_pktmbuf_read(m, off, len, buf);

	if (p != NULL && p != buf && ((uintptr_t)p & 3) != 0) {
		memcpy(buf, p, len);
		p = buf;
	}
	return p;
}

/* Check one packet and account for it. Headers may span segments. */
static void
rxcheck_one(struct fwd_stream *fs, const struct fpk_mbuf *m)
{
	struct rxcheck_stats *st = &fs->rxc;
	_Alignas(4) uint8_t ipbuf[60];
	_Alignas(4) uint8_t l4buf[sizeof(struct fpk_udp_hdr) + TXSEQ_HDR_LEN];
	const struct fpk_ipv4_hdr *ip;
	const struct fpk_udp_hdr *udp;
	const uint8_t *l4, *hdr;
	uint16_t l2_len = 0, l3_len, ip_len, udp_len, port, queue;
	uint32_t magic, l4_off;
	uint64_t seq;

	if (pkt_l2_parse(m, &l2_len) != FPK_ETHER_TYPE_IPV4) {
		st->foreign++;
		return;
	}
	ip = read_aligned(m, l2_len, FPK_IPV4_MIN_HDR_LEN, ipbuf);
	if (ip == NULL || ip->next_proto_id != FPK_IPPROTO_UDP) {
		st->foreign++;
		return;
	}
	l3_len = fpk_ipv4_hdr_len(ip);
	ip_len = fpk_be_to_cpu_16(ip->total_length);
	l4_off = (uint32_t)l2_len + l3_len;
	if (l3_len < FPK_IPV4_MIN_HDR_LEN || (uint32_t)l2_len + ip_len > m->pkt_len ||
	    ip_len < l3_len + sizeof(l4buf) ||
	    (ip = read_aligned(m, l2_len, l3_len, ipbuf)) == NULL ||
	    (l4 = read_aligned(m, l4_off, sizeof(l4buf), l4buf)) == NULL) {
		st->corrupted++;
		return;
	}
	udp = (const void *)l4;
	udp_len = fpk_be_to_cpu_16(udp->dgram_len);
	if (fpk_ipv4_cksum_verify(ip) != 0 || udp_len != ip_len - l3_len ||
	    fpk_ipv4_udptcp_cksum_mbuf_verify(m, ip, l4_off) != 0) {
		st->corrupted++;
		return;
	}
	hdr = l4 + sizeof(*udp);
	memcpy(&magic, hdr, 4);
	if (magic != fpk_cpu_to_be_32(TXSEQ_MAGIC)) {
		st->foreign++;
		return;
	}
	memcpy(&port, hdr + 4, 2);
	memcpy(&queue, hdr + 6, 2);
	memcpy(&seq, hdr + 8, 8);
	port = fpk_be_to_cpu_16(port);
	queue = fpk_be_to_cpu_16(queue);
	seq = fpk_be_to_cpu_64(seq);
	/* Without a UDP checksum only the pattern could tell a damaged payload. */
	if (port >= FPK_MAX_ETHPORTS || queue >= FPK_MAX_QUEUES_PER_PORT || udp->dgram_cksum == 0 ||
	    !pattern_ok(m, l4_off + sizeof(l4buf), udp_len - sizeof(l4buf), seq)) {
		st->corrupted++;
		return;
	}
	if (fs->rxc_rss != NULL && (m->ol_flags & FPK_MBUF_F_RX_RSS_HASH))
		rss_check(fs, m, ip, l4);
	seq_track(st, &fs->rxc_flows[port * FPK_MAX_QUEUES_PER_PORT + queue], seq);
	flow_track(fs, ip, udp, port, queue, seq);
}

uint16_t
rxcheck_burst(struct fwd_stream *fs, struct fpk_mbuf **pkts, uint16_t n)
{
	for (uint16_t i = 0; i < n; i++)
		rxcheck_one(fs, pkts[i]);
	fpk_pktmbuf_free_bulk(pkts, n);
	return 0;
}

static void
rxcheck_fwd(struct fwd_stream *fs)
{
	fwd_rx_process_tx(fs, rxcheck_burst);
}

const struct fwd_engine rxcheck_engine = {
	.name = "rxcheck",
	.stream_init = rxcheck_stream_init,
	.stream_fini = rxcheck_stream_fini,
	.packet_fwd = rxcheck_fwd,
};
