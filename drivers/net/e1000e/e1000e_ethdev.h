/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * State shared by the e1000e control path (e1000e_ethdev.c, RSS in
 * e1000e_rss.c) and its burst functions (e1000e_rxtx.c).
 */
#ifndef E1000E_ETHDEV_H
#define E1000E_ETHDEV_H

#include <pthread.h>
#include <stdint.h>

#include "fpk_bus_pci.h"
#include "fpk_ethdev_driver.h"
#include "fpk_memzone.h"

#include "e1000e_regs.h"

/* Rx and tx queues of the 82574 (1.3 feature list: RSS over two rx queues). */
#define E1000E_NB_QUEUES  2
/* Descriptor ring limits: RDLEN/TDLEN are multiples of 128 bytes (8 descriptors). */
#define E1000E_DESC_MIN   80
#define E1000E_DESC_MAX   4096
#define E1000E_DESC_ALIGN 8
#define E1000E_RX_FREE_THRESH 32
#define E1000E_TX_FREE_THRESH 32
#define E1000E_TX_RS_THRESH   32
/* Packets one rx burst returns at most (replacement mbufs live on the stack). */
#define E1000E_RX_BURST_MAX   64
/* 82574 jumbo frames: at most 9018 bytes (1.3 feature list). */
#define E1000E_MAX_FRAME  9018

/*
 * Receive queue. The first cache line is what rx burst reads and writes;
 * the mbufs sit in sw_ring at the index of the descriptor that points at
 * them, so a slot always holds a buffer the device may fill.
 */
struct e1000e_rxq {
	volatile struct e1000e_rx_desc_ext *ring;
	struct fpk_mbuf **sw_ring;
	struct fpk_mempool *mp;
	volatile uint32_t *rdt;     /* tail register in BAR0 */
	uint16_t nb_desc;
	uint16_t next;              /* next descriptor to look at */
	uint16_t nb_hold;           /* refilled, not yet given back with RDT */
	uint16_t free_thresh;
	uint16_t port_id;
	uint8_t csum;               /* report rx checksum status */
	uint8_t discard;            /* dropping the rest of a frame too long for one buffer */
	/* packets and bytes end the first cache line; errors, rare, starts the second */
	struct fpk_eth_queue_stats stats;

	uint64_t *nombuf;           /* the port's rx_mbuf_alloc_failed[] element of this queue */
	const struct fpk_memzone *mz;
	uint16_t qid;
	uint16_t buf_size;          /* bytes the device may write per buffer */
} __fpk_cache_aligned;

/*
 * Transmit queue. A descriptor at index i with i % rs_thresh == rs_thresh - 1
 * asks for status (RS); when its DD bit is set the rs_thresh descriptors up
 * to it are done and their mbufs are freed together. A packet's mbuf is
 * kept at the slot of its last descriptor (EOP), NULL in the others.
 */
struct e1000e_txq {
	volatile struct e1000e_tx_desc *ring;
	struct fpk_mbuf **sw_ring;
	volatile uint32_t *tdt;
	uint16_t nb_desc;
	uint16_t tail;              /* next free descriptor */
	uint16_t nb_free;
	uint16_t next_dd;           /* next descriptor with RS to check */
	uint16_t rs_thresh;
	uint16_t free_thresh;
	struct fpk_eth_queue_stats stats;

	const struct fpk_memzone *mz __fpk_aligned(FPK_CACHE_LINE_SIZE);
	uint16_t qid;
} __fpk_cache_aligned;

/* So a burst writes one cache line of its queue (a dropped rx frame's count aside). */
_Static_assert(offsetof(struct e1000e_rxq, stats.bytes) + sizeof(uint64_t) <=
	       FPK_CACHE_LINE_SIZE, "rx burst state spills into a second cache line");
_Static_assert(offsetof(struct e1000e_txq, stats) + sizeof(struct fpk_eth_queue_stats) <=
	       FPK_CACHE_LINE_SIZE, "tx burst state spills into a second cache line");

/* Hardware counters, accumulated (they clear on read). */
struct e1000e_hw_stats {
	uint64_t val[64];
};

struct e1000e_adapter {
	struct fpk_pci_device *pci;
	struct fpk_eth_dev *eth;
	pthread_mutex_t stats_lock;       /* the control thread and xstats both read */
	struct e1000e_hw_stats hw;        /* accumulated since probe or reset */
	struct e1000e_hw_stats base;      /* values at the last stats_reset */
	uint32_t rctl;                    /* RCTL while started, for mode changes */
	bool intr_ready;                  /* an interrupt vector with our callback */
	bool lsc_on;                      /* LSC unmasked (started with intr_conf.lsc) */
	/*
	 * RSS, set at configure and by the RSS ops, written to the device at
	 * start (and at once by the ops): the registers are undefined after a
	 * reset, so these copies are what the device has.
	 */
	bool rss_hash;                    /* write-back carries the hash (RXCSUM.PCSD) */
	uint64_t rss_hf;                  /* FPK_ETH_RSS_* hashed on; 0: MRQC off */
	uint8_t rss_key[E1000E_RSS_KEY_LEN];
	uint16_t reta[E1000E_RETA_SIZE];  /* rx queue of each redirection table entry */
};

static inline uint32_t
e1000e_read(const struct e1000e_adapter *ad, uint32_t reg)
{
	return fpk_pci_read32(ad->pci, 0, reg);
}

static inline void
e1000e_write(const struct e1000e_adapter *ad, uint32_t reg, uint32_t val)
{
	fpk_pci_write32(ad->pci, 0, reg, val);
}

uint16_t e1000e_rx_burst(void *rxq, struct fpk_mbuf **pkts, uint16_t n);
/* The same, storing the RSS hash in the mbufs (RSS mode or FPK_ETH_RX_OFFLOAD_RSS_HASH). */
uint16_t e1000e_rx_burst_rss(void *rxq, struct fpk_mbuf **pkts, uint16_t n);
uint16_t e1000e_tx_burst(void *txq, struct fpk_mbuf **pkts, uint16_t n);

int e1000e_rx_queue_setup(struct fpk_eth_dev *dev, uint16_t qid, uint16_t nb_desc,
			  unsigned int socket_id, const struct fpk_eth_rxconf *conf,
			  struct fpk_mempool *mp);
int e1000e_tx_queue_setup(struct fpk_eth_dev *dev, uint16_t qid, uint16_t nb_desc,
			  unsigned int socket_id, const struct fpk_eth_txconf *conf);
void e1000e_rx_queue_release(struct fpk_eth_dev *dev, uint16_t qid);
void e1000e_tx_queue_release(struct fpk_eth_dev *dev, uint16_t qid);
/* Program the rings into the device and hand the rx buffers over. */
void e1000e_rx_queue_start(struct e1000e_adapter *ad, struct e1000e_rxq *q);
void e1000e_tx_queue_start(struct e1000e_adapter *ad, struct e1000e_txq *q);
/* Buffer size RCTL.BSIZE/BSEX can express for a pool's mbufs, and those bits. */
uint16_t e1000e_rx_buf_size(struct fpk_mempool *mp, uint32_t *rctl_bits);

/* RSS (e1000e_rss.c): what the device hashes on, in FPK_ETH_RSS_* terms. */
#define E1000E_RSS_OFFLOADS (FPK_ETH_RSS_IPV4 | FPK_ETH_RSS_NONFRAG_IPV4_TCP | \
			     FPK_ETH_RSS_IPV6 | FPK_ETH_RSS_NONFRAG_IPV6_TCP)
/* Take the RSS settings of a new configuration (key, fields, default table). */
void e1000e_rss_configure(struct fpk_eth_dev *dev);
/* Write key, redirection table and MRQC; before RCTL.EN at start. */
void e1000e_rss_program(struct e1000e_adapter *ad);
int e1000e_reta_update(struct fpk_eth_dev *dev, struct fpk_eth_rss_reta_entry64 *reta_conf,
		       uint16_t reta_size);
int e1000e_reta_query(struct fpk_eth_dev *dev, struct fpk_eth_rss_reta_entry64 *reta_conf,
		      uint16_t reta_size);
int e1000e_rss_hash_update(struct fpk_eth_dev *dev, struct fpk_eth_rss_conf *rss_conf);
int e1000e_rss_hash_conf_get(struct fpk_eth_dev *dev, struct fpk_eth_rss_conf *rss_conf);

extern int e1000e_logtype;
#define E1000E_LOG(level, ...) FPK_PMD_LOG(e1000e, level, __VA_ARGS__)

#endif /* E1000E_ETHDEV_H */
