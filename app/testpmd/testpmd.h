/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * fpk-testpmd's forwarding core: the streams an lcore polls, the engines
 * (forwarding modes) that move packets on them, and the configuration they
 * read. Everything here is free of the command line and the prompt, so the
 * unit tests compile the same engine files the app runs (testpmd_fwd_sources
 * in meson.build).
 *
 * A stream is one (rx port, rx queue) -> (tx port, tx queue) pair; exactly
 * one lcore polls it, so its counters need no atomics.
 */
#ifndef FPK_TESTPMD_H
#define FPK_TESTPMD_H

#include <stdbool.h>
#include <stdint.h>

#include <fpk_byteorder.h>
#include <fpk_cycles.h>
#include <fpk_ethdev.h>
#include <fpk_ip.h>
#include <fpk_mbuf.h>
#include <fpk_udp.h>

#define MAX_PKT_BURST 512      /* --burst upper bound */
#define DEF_PKT_BURST 32
#define TXPKTS_MAX_SEGS 16     /* --txpkts segments */
#define DEF_TXPKT_LEN 64       /* txonly frame, CRC excluded: testpmd's default */
#define DEF_FLOWGEN_FLOWS 1024
#define MAX_FLOWGEN_FLOWS 65536

/* Headers txonly/flowgen write: Ethernet + IPv4 (no options) + UDP. */
#define TXGEN_HDR_LEN (FPK_ETHER_HDR_LEN + FPK_IPV4_MIN_HDR_LEN + (int)sizeof(struct fpk_udp_hdr))

/*
 * The --tx-seq payload, right after the UDP header, that rxcheck verifies
 * (doc/guides/testpmd.md describes it for other implementations):
 *   0  magic, 4 bytes: TXSEQ_MAGIC, big-endian ("FPKS")
 *   4  sending port id, 2 bytes big-endian
 *   6  sending tx queue, 2 bytes big-endian
 *   8  sequence number, 8 bytes big-endian, per (port, queue), from 0
 *  16  pattern to the end of the UDP payload: byte at payload offset i is
 *      (i + seq) mod 256, so a stale or shifted buffer does not pass
 * The UDP checksum covers all of it.
 */
#define TXSEQ_MAGIC UINT32_C(0x46504b53)
#define TXSEQ_HDR_LEN 16

static inline uint8_t
txseq_pattern_byte(uint64_t seq, uint32_t i)
{
	return (uint8_t)(i + seq);
}

/* Packets per burst size seen, for --record-burst-stats. */
struct burst_stats {
	uint64_t spread[MAX_PKT_BURST + 1];
};

/* rxcheck's view of one sender (port, queue): a 64-packet window. */
struct rxcheck_flow {
	uint64_t next;   /* highest sequence seen + 1 */
	uint64_t seen;   /* bit i: sequence next - 1 - i arrived */
	bool started;
};

struct rxcheck_stats {
	uint64_t ok;         /* intact sequenced packets */
	uint64_t lost;       /* sequence numbers skipped and not seen since */
	uint64_t reordered;  /* arrived after a higher sequence number */
	uint64_t duplicate;  /* the same sequence number again */
	uint64_t corrupted;  /* bad checksum, length, pattern or header */
	uint64_t foreign;    /* not a --tx-seq packet (other traffic) */
	uint64_t flow_reordered; /* after a higher sequence number of its 5-tuple (and sender) */
	/* Intact --tx-seq packets with an RSS hash (FPK_MBUF_F_RX_RSS_HASH): */
	uint64_t rss_ok;             /* the hash and the queue the port's RSS settings give */
	uint64_t rss_hash_mismatch;  /* not the software Toeplitz hash of what the port hashes */
	uint64_t rss_queue_mismatch; /* on another rx queue than the RETA entry of its hash */
};

/* The RSS settings of a stream's rx port, read once at start (fwd_rxcheck.c). */
struct rxcheck_rss;
/* The last sequence number seen per flow (fwd_rxcheck.c). */
struct rxcheck_flowseq;

#define RXCHECK_NB_FLOWS (FPK_MAX_ETHPORTS * FPK_MAX_QUEUES_PER_PORT)

struct fwd_stream {
	/* Read on every burst. */
	uint16_t rx_port;
	uint16_t rx_queue;
	uint16_t tx_port;
	uint16_t tx_queue;
	struct fpk_mempool *pool;          /* txonly/flowgen/tx_first allocate here */
	bool disabled;                     /* its rx or tx queue was stopped at start: not polled */
	struct fpk_ether_addr rx_mac;      /* address of rx_port */
	struct fpk_ether_addr tx_mac;      /* address of tx_port */
	struct fpk_ether_addr peer_mac;    /* where tx_port's packets go (--eth-peer) */

	/* Written only by the polling lcore. */
	uint64_t rx_packets;
	uint64_t tx_packets;
	uint64_t fwd_dropped;              /* tx did not take them: freed */
	uint64_t rx_bad_ip_csum;           /* csum mode */
	uint64_t rx_bad_l4_csum;
	uint64_t core_cycles;              /* --record-core-cycles: busy cycles */

	/* txonly/flowgen. */
	uint64_t tx_seq;                   /* next --tx-seq sequence number */
	uint32_t flow;                     /* flowgen, --txonly-multi-flow: next flow */
	uint8_t txhdr[TXGEN_HDR_LEN] __fpk_aligned(8); /* the frame's headers, built once */

	/* rxcheck. */
	struct rxcheck_stats rxc;
	struct rxcheck_flow *rxc_flows;    /* RXCHECK_NB_FLOWS, indexed port * queues + queue */
	struct rxcheck_rss *rxc_rss;       /* NULL: the rx port's hashes are not checked */
	struct rxcheck_flowseq *rxc_flowseq; /* RXCHECK_FLOWSEQ_SLOTS, by hash of the flow */

	struct burst_stats rx_bursts;      /* --record-burst-stats */
	struct burst_stats tx_bursts;
} __fpk_cache_aligned;

struct fwd_engine {
	const char *name;
	/* Prepare a stream's mode state (slow path). @return 0 or -errno. */
	int (*stream_init)(struct fwd_stream *fs);
	/* Release what stream_init took; NULL if nothing. */
	void (*stream_fini)(struct fwd_stream *fs);
	/* One poll of a stream. */
	void (*packet_fwd)(struct fwd_stream *fs);
	/* The mode builds packets from --txpkts. */
	bool generates;
};

/* What the engines read; set before forwarding starts, constant during it. */
struct fwd_config {
	uint16_t burst;
	uint16_t nb_txpkts;                   /* segments */
	uint16_t txpkts[TXPKTS_MAX_SEGS];     /* segment lengths */
	uint32_t tx_pkt_len;                  /* their sum */
	/* Bytes of packet an mbuf takes, once the pools exist: "set txpkts" is checked then. */
	uint16_t txpkts_room;
	uint32_t flowgen_flows;
	bool tx_seq;                          /* --tx-seq payload */
	bool txonly_multi_flow;               /* txonly: 256 source addresses */
	bool record_core_cycles;
	bool record_burst_stats;
	bool tx_retry;                        /* "set fwd MODE retry": retry a partial tx burst */
	uint32_t tx_ip_src;                   /* CPU order */
	uint32_t tx_ip_dst;
	uint16_t tx_udp_src;
	uint16_t tx_udp_dst;
};

extern struct fwd_config fwd_cfg;

extern const struct fwd_engine io_engine, mac_engine, macswap_engine, fivetswap_engine,
	rxonly_engine, txonly_engine, flowgen_engine, csum_engine, icmpecho_engine,
	rxcheck_engine;

/* Every engine, NULL-terminated, in the order --help lists them. */
extern const struct fwd_engine *const fwd_engines[];

/* @return the engine called @name, or NULL. */
const struct fwd_engine *fwd_engine_find(const char *name);

/*
 * Set --txpkts from "L[,L...]"; once txpkts_room is set, a shape
 * fwd_check_txpkts() would refuse is refused here, and nothing changes.
 * @return 0, or -1 after printing why.
 */
int fwd_set_txpkts(const char *list);

/*
 * Check the packet length config against txonly/flowgen's needs (headers in
 * the first segment, room for the --tx-seq payload, @data_room per segment).
 * @return 0, or -1 after printing why.
 */
int fwd_check_txpkts(uint16_t data_room);

/* Burst functions: process @n received packets in place, free the ones not
 * sent on, and return how many of pkts[0..] to transmit. */
uint16_t mac_burst(struct fwd_stream *fs, struct fpk_mbuf **pkts, uint16_t n);
uint16_t macswap_burst(struct fwd_stream *fs, struct fpk_mbuf **pkts, uint16_t n);
uint16_t fivetswap_burst(struct fwd_stream *fs, struct fpk_mbuf **pkts, uint16_t n);
uint16_t csum_burst(struct fwd_stream *fs, struct fpk_mbuf **pkts, uint16_t n);
uint16_t icmpecho_burst(struct fwd_stream *fs, struct fpk_mbuf **pkts, uint16_t n);
uint16_t rxcheck_burst(struct fwd_stream *fs, struct fpk_mbuf **pkts, uint16_t n);

/*
 * Build @n txonly (@flowgen false) or flowgen packets for @fs into @pkts,
 * @fs prepared by txgen_stream_init(). With --tx-seq they carry sequence
 * numbers fs->tx_seq onwards; the caller adds to fs->tx_seq what it sent,
 * so that unsent numbers are used again and the wire sees no gap.
 * @return @n, or 0 when the pool has fewer than @n packets' worth of mbufs.
 */
uint16_t txgen_build(struct fwd_stream *fs, struct fpk_mbuf **pkts, uint16_t n, bool flowgen);
/* Give any stream txonly's state (tx_first uses it whatever the mode). */
int txgen_stream_init(struct fwd_stream *fs);
/* One txonly burst on @fs: txonly's packet_fwd, also tx_first's burst. */
void txonly_fwd(struct fwd_stream *fs);

/* ---- fast-path helpers shared by the engines ---- */

#define FPK_ETHER_TYPE_QINQ 0x88A8

/*
 * The ethertype (CPU order) after up to two VLAN tags, and in *@l2_len the
 * bytes of Ethernet header and tags. @return 0 when the first segment is
 * too short to tell.
 */
static inline uint16_t
pkt_l2_parse(const struct fpk_mbuf *m, uint16_t *l2_len)
{
	const struct fpk_ether_hdr *eth = fpk_pktmbuf_mtod(m, const struct fpk_ether_hdr *);
	uint16_t len = FPK_ETHER_HDR_LEN, type;

	if (m->data_len < FPK_ETHER_HDR_LEN)
		return 0;
	type = fpk_be_to_cpu_16(eth->ether_type);
	for (int tags = 0; tags < 2 && (type == FPK_ETHER_TYPE_VLAN ||
					 type == FPK_ETHER_TYPE_QINQ); tags++) {
		const struct fpk_vlan_hdr *vh;

		if (m->data_len < len + sizeof(*vh))
			return 0;
		vh = fpk_pktmbuf_mtod_offset(m, const struct fpk_vlan_hdr *, len);
		type = fpk_be_to_cpu_16(vh->eth_proto);
		len = (uint16_t)(len + sizeof(*vh));
	}
	*l2_len = len;
	return type;
}

static __fpk_always_inline uint64_t
fwd_cycles_start(void)
{
	return fwd_cfg.record_core_cycles ? fpk_rdtsc() : 0;
}

static __fpk_always_inline void
fwd_cycles_end(struct fwd_stream *fs, uint64_t start)
{
	if (fwd_cfg.record_core_cycles)
		fs->core_cycles += fpk_rdtsc() - start;
}

/*
 * fwd_tap.c: "set verbose" and packet capture see the packets of
 * fwd_rx() and fwd_tx() through these, only while fwd_tap_on is set, so
 * that otherwise the fast path pays one predictable branch per burst.
 */
extern bool fwd_tap_on;
/* The @n packets fwd_rx() just received on @fs. */
void fwd_tap_rx(struct fwd_stream *fs, struct fpk_mbuf **pkts, uint16_t n);
/* fwd_tx() itself (through fwd_tx_burst()), seeing the packets on their way. */
uint16_t fwd_tap_tx(struct fwd_stream *fs, struct fpk_mbuf **pkts, uint16_t n);

static __fpk_always_inline bool
fwd_tapped(void)
{
	return fpk_unlikely(__atomic_load_n(&fwd_tap_on, __ATOMIC_RELAXED));
}

static __fpk_always_inline uint16_t
fwd_rx(struct fwd_stream *fs, struct fpk_mbuf **pkts)
{
	uint16_t n = fpk_eth_rx_burst(fs->rx_port, fs->rx_queue, pkts, fwd_cfg.burst);

	if (fpk_unlikely(fwd_cfg.record_burst_stats))
		fs->rx_bursts.spread[n]++;
	fs->rx_packets += n;
	if (fwd_tapped())
		fwd_tap_rx(fs, pkts, n);
	return n;
}

/* DPDK testpmd's BURST_TX_RETRIES and BURST_TX_WAIT_US, for tx_retry. */
#define TX_RETRY_NUM 64
#define TX_RETRY_DELAY_US 1

/*
 * Transmit @n packets, with tx_retry trying again up to TX_RETRY_NUM times,
 * TX_RETRY_DELAY_US apart, while the port takes fewer (DPDK's "retry"
 * modes); what it still does not take is freed and counted as dropped.
 * @return how many it took.
 */
static __fpk_always_inline uint16_t
fwd_tx_burst(struct fwd_stream *fs, struct fpk_mbuf **pkts, uint16_t n)
{
	uint16_t sent = fpk_eth_tx_burst(fs->tx_port, fs->tx_queue, pkts, n);

	if (fpk_unlikely(sent < n) && fwd_cfg.tx_retry) {
		for (unsigned int retry = 0; sent < n && retry < TX_RETRY_NUM; retry++) {
			fpk_delay_us(TX_RETRY_DELAY_US);
			sent = (uint16_t)(sent + fpk_eth_tx_burst(fs->tx_port, fs->tx_queue,
								  &pkts[sent],
								  (uint16_t)(n - sent)));
		}
	}
	if (fpk_unlikely(fwd_cfg.record_burst_stats))
		fs->tx_bursts.spread[sent]++;
	fs->tx_packets += sent;
	if (fpk_unlikely(sent < n)) {
		fs->fwd_dropped += (uint64_t)(n - sent);
		fpk_pktmbuf_free_bulk(&pkts[sent], (unsigned int)(n - sent));
	}
	return sent;
}

/* fwd_tx_burst(), with the packets shown to "set verbose" and capture. */
static __fpk_always_inline uint16_t
fwd_tx(struct fwd_stream *fs, struct fpk_mbuf **pkts, uint16_t n)
{
	if (fwd_tapped())
		return fwd_tap_tx(fs, pkts, n);
	return fwd_tx_burst(fs, pkts, n);
}

typedef uint16_t (*fwd_burst_fn)(struct fwd_stream *fs, struct fpk_mbuf **pkts, uint16_t n);

/*
 * Receive a burst, pass it through @process (inlined: each engine's
 * packet_fwd gets its own copy of this loop) and send what it returns.
 */
static __fpk_always_inline void
fwd_rx_process_tx(struct fwd_stream *fs, fwd_burst_fn process)
{
	struct fpk_mbuf *pkts[MAX_PKT_BURST];
	uint64_t start = fwd_cycles_start();
	uint16_t n = fwd_rx(fs, pkts);

	if (n == 0)
		return;
	if (process != NULL)
		n = process(fs, pkts, n);
	if (n > 0)
		fwd_tx(fs, pkts, n);
	fwd_cycles_end(fs, start);
}

#endif /* FPK_TESTPMD_H */
