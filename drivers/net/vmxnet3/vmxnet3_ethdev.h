/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * State shared by the vmxnet3 control path (vmxnet3_ethdev.c) and its
 * burst functions and queue set-up (vmxnet3_rxtx.c).
 */
#ifndef VMXNET3_ETHDEV_H
#define VMXNET3_ETHDEV_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "fpk_bus_pci.h"
#include "fpk_ethdev_driver.h"
#include "fpk_memzone.h"

#include "vmxnet3_regs.h"

/*
 * One queue pair: QEMU 7.2's model receives into rx queue 0 only (its
 * RXQ_IDX is a constant 0), so a second rx queue would never see a frame.
 */
#define VMXNET3_NB_QUEUES 1
/* Ring sizes: multiples of 32 up to 4096 (vmxnet3_regs.h ring rules). */
#define VMXNET3_DESC_MIN 64
#define VMXNET3_DESC_MAX VMXNET3_RING_MAX
#define VMXNET3_DESC_ALIGN VMXNET3_RING_SIZE_ALIGN
/* Rx ring 1 (body buffers) is described to the device but never given a buffer. */
#define VMXNET3_RX_RING1_SIZE VMXNET3_RING_SIZE_ALIGN
#define VMXNET3_TX_FREE_THRESH 32
/* Packets one rx burst returns at most (replacement mbufs live on the stack). */
#define VMXNET3_RX_BURST_MAX 64
/* Multicast addresses the filter table holds. */
#define VMXNET3_MC_MAX 32
/* Smallest rx buffer: a type 0 buffer of 128 bytes (defs VMXNET3_MIN_T0_BUF_SIZE). */
#define VMXNET3_RX_BUF_MIN 128

/*
 * The shared memzone of a port, allocated at probe and freed at close: the
 * driver-shared area, the queue descriptor table (128-byte aligned) and
 * the multicast table the device reads.
 */
#define VMXNET3_SH_QDESC_OFF 768
#define VMXNET3_SH_MF_OFF (VMXNET3_SH_QDESC_OFF + 2 * 256)
#define VMXNET3_SH_LEN (VMXNET3_SH_MF_OFF + VMXNET3_MC_MAX * 6)
_Static_assert(sizeof(struct vmxnet3_shared) <= VMXNET3_SH_QDESC_OFF &&
	       VMXNET3_SH_QDESC_OFF % VMXNET3_QUEUE_DESC_ALIGN == 0, "shared memzone layout");

/*
 * Receive queue. Ring 0 holds nb_desc - 1 buffers: the slot at `fill` is
 * the one without (as the drivers of VMware's headers keep it, so RXPROD
 * never equals the device's index on a full ring); the device completes
 * slots in ring order from `next`, and each completion's buffer is
 * replaced at `fill`. The completion ring follows rx ring 1 in the same
 * memzone. The first cache line is what rx burst reads and writes.
 */
struct vmxnet3_rxq {
	volatile struct vmxnet3_rx_desc *ring;  /* ring 0, then ring 1, then completions */
	struct fpk_mbuf **sw_ring;
	struct fpk_mempool *mp;
	uint16_t nb_desc;
	uint16_t nb_comp;
	uint16_t next;              /* ring-0 slot of the next completion */
	uint16_t fill;              /* ring-0 slot refilled next */
	uint16_t comp_next;
	uint8_t fill_gen;           /* gen bit the device owns slot `fill` with */
	uint8_t comp_gen;           /* gen bit of completions not read yet */
	uint16_t buf_size;          /* bytes the device may write per buffer */
	uint16_t port_id;
	struct fpk_eth_queue_stats stats;

	volatile uint32_t *rxprod;  /* RXPROD in BAR0 */
	volatile uint8_t *update_prod; /* the device's "write RXPROD" flag */
	uint64_t *nombuf;           /* the port's rx_mbuf_alloc_failed[] element */
	const struct fpk_memzone *mz;
	uint16_t qid;
} __fpk_cache_aligned;

/*
 * Transmit queue. A packet takes one descriptor per segment; its mbuf
 * chain sits at the slot of its last descriptor (EOP, which asks for a
 * completion), NULL at the others. Completions name that EOP slot; every
 * slot from `clean` to it is then free. The completion ring follows the
 * tx ring in the same memzone, then the (unused) tx data ring.
 */
struct vmxnet3_txq {
	volatile struct vmxnet3_tx_desc *ring;
	struct fpk_mbuf **sw_ring;
	volatile uint32_t *txprod;  /* TXPROD in BAR0 */
	uint16_t nb_desc;
	uint16_t tail;              /* next descriptor to fill */
	uint16_t clean;             /* oldest descriptor not completed */
	uint16_t nb_free;
	uint16_t comp_next;
	uint8_t gen;                /* gen bit of descriptors filled now */
	uint8_t comp_gen;
	struct fpk_eth_queue_stats stats;

	uint64_t ring_full;         /* bursts cut short by a full ring (xstat) */
	const struct fpk_memzone *mz __fpk_aligned(FPK_CACHE_LINE_SIZE);
	uint16_t free_thresh;
	uint16_t qid;
} __fpk_cache_aligned;

_Static_assert(offsetof(struct vmxnet3_rxq, stats) + sizeof(struct fpk_eth_queue_stats) <=
	       FPK_CACHE_LINE_SIZE, "rx burst state spills into a second cache line");
_Static_assert(offsetof(struct vmxnet3_txq, stats) + sizeof(struct fpk_eth_queue_stats) <=
	       FPK_CACHE_LINE_SIZE, "tx burst state spills into a second cache line");

/* The device's UPT1 counters of the queue pair: tx ones, then rx ones. */
#define VMXNET3_NB_HW_STATS (VMXNET3_TXS_NB + VMXNET3_RXS_NB)

struct vmxnet3_adapter {
	struct fpk_pci_device *pci;
	struct fpk_eth_dev *eth;
	const struct fpk_memzone *sh_mz;
	volatile struct vmxnet3_shared *sh;
	volatile struct vmxnet3_tx_queue_desc *tqd;
	volatile struct vmxnet3_rx_queue_desc *rqd;
	uint8_t *mf_table;
	/*
	 * A command is a write of CMD and a read of its result: one at a
	 * time, from the control thread or the interrupt thread. It also
	 * guards the counters below.
	 */
	pthread_mutex_t cmd_lock;
	bool active;                      /* ACTIVATE_DEV succeeded, no QUIESCE since */
	bool intr_ready;                  /* one MSI-X vector enabled */
	bool lsc_on;                      /* vector 0 unmasked with our callback */
	uint16_t nb_mc;                   /* addresses in mf_table */
	/*
	 * The device counts per activation (QEMU zeroes its counters at
	 * ACTIVATE_DEV): hw accumulates the increments of every activation,
	 * seen is the last raw value read in this one, base is hw at the
	 * last stats_reset.
	 */
	uint64_t hw[VMXNET3_NB_HW_STATS];
	uint64_t seen[VMXNET3_NB_HW_STATS];
	uint64_t base[VMXNET3_NB_HW_STATS];
};

static inline uint32_t
vmxnet3_read(const struct vmxnet3_adapter *ad, uint32_t reg)
{
	return fpk_pci_read32(ad->pci, VMXNET3_BAR_VD, reg);
}

static inline void
vmxnet3_write(const struct vmxnet3_adapter *ad, uint32_t reg, uint32_t val)
{
	fpk_pci_write32(ad->pci, VMXNET3_BAR_VD, reg, val);
}

uint16_t vmxnet3_rx_burst(void *rxq, struct fpk_mbuf **pkts, uint16_t n);
uint16_t vmxnet3_tx_burst(void *txq, struct fpk_mbuf **pkts, uint16_t n);

int vmxnet3_rx_queue_setup(struct fpk_eth_dev *dev, uint16_t qid, uint16_t nb_desc,
			   unsigned int socket_id, const struct fpk_eth_rxconf *conf,
			   struct fpk_mempool *mp);
int vmxnet3_tx_queue_setup(struct fpk_eth_dev *dev, uint16_t qid, uint16_t nb_desc,
			   unsigned int socket_id, const struct fpk_eth_txconf *conf);
void vmxnet3_rx_queue_release(struct fpk_eth_dev *dev, uint16_t qid);
void vmxnet3_tx_queue_release(struct fpk_eth_dev *dev, uint16_t qid);
/* Reset a queue's rings and describe them in its queue descriptor, before ACTIVATE_DEV. */
void vmxnet3_rx_queue_start(struct vmxnet3_adapter *ad, struct vmxnet3_rxq *q);
void vmxnet3_tx_queue_start(struct vmxnet3_adapter *ad, struct vmxnet3_txq *q);
/* Bytes of one rx buffer from pool @mp: its data room after the headroom, capped. */
uint16_t vmxnet3_rx_buf_size(struct fpk_mempool *mp);

/* The PCI driver, for tests that probe a simulated device. */
extern struct fpk_pci_driver vmxnet3_driver;

extern int vmxnet3_logtype;
#define VMXNET3_LOG(level, ...) FPK_PMD_LOG(vmxnet3, level, __VA_ARGS__)

#endif /* VMXNET3_ETHDEV_H */
