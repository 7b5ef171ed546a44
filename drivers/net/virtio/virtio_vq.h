/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Split virtqueues (virtio 1.1 2.6) as net_virtio drives them: the ring
 * layout, the per-queue state, rx/tx bursts and the synchronous control
 * queue. Nothing here touches PCI: the transport hands each queue a
 * doorbell address (the queue's notification address, virtio 1.1 4.1.4.4),
 * so the unit tests can run a queue against a device simulated in memory.
 */
#ifndef VIRTIO_VQ_H
#define VIRTIO_VQ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fpk_common.h"
#include "fpk_ethdev_driver.h"
#include "virtio_spec.h"

struct fpk_mbuf;
struct fpk_mempool;
struct fpk_memzone;

/* What a descriptor chain head carries until the device gives it back. */
struct vq_slot {
	struct fpk_mbuf *m;  /* rx: the buffer; tx: the packet (freed on reclaim) */
	uint16_t ndescs;     /* descriptors in the chain, returned to the free list */
};

/* Counters only virtio keeps (driver xstats): written only by the lcore polling the queue. */
struct vq_xstats {
	uint64_t merged;     /* rx: packets spread over more than one buffer */
	uint64_t notifies;   /* doorbell writes (one per burst at most) */
	uint64_t suppressed; /* doorbells skipped because the device set NO_NOTIFY */
	uint64_t full;       /* tx: bursts cut short for lack of descriptors */
};

/*
 * One split virtqueue. The first cache line holds what every burst reads and
 * writes; the device-written used ring is on its own cache lines in the ring
 * memory (see vring_layout()).
 */
struct virtqueue {
	struct vring_desc *desc;
	struct vring_avail *avail;
	volatile struct vring_used *used;
	struct vq_slot *slots;          /* by descriptor id */
	volatile uint16_t *notify_addr; /* doorbell: the queue index is written here */
	uint16_t nb_desc;               /* power of two */
	uint16_t free_head;             /* free descriptors, linked through desc.next */
	uint16_t nb_free;
	uint16_t avail_idx;             /* our copy of avail->idx (free-running) */
	uint16_t last_used;             /* next used->idx entry to consume (free-running) */
	uint16_t queue_index;           /* virtqueue number, written to the doorbell */
	uint16_t free_thresh;           /* rx: refill / tx: reclaim in batches of this */
	uint16_t port_id;
	bool mrg_rxbuf;                 /* rx: VIRTIO_NET_F_MRG_RXBUF negotiated */
	/* VIRTIO_NET_F_HASH_REPORT negotiated: every header, rx and tx, is the
	 * 20-byte struct virtio_net_hdr_hash (false, the default: 12 bytes). */
	bool hash_hdr;

	/* errors: rx runts; tx packets longer than the whole ring (dropped) */
	struct fpk_eth_queue_stats stats;
	struct vq_xstats xstats;
	uint64_t *nombuf;               /* rx: the port's rx_mbuf_alloc_failed[] element */
	struct fpk_mempool *mp;         /* rx: where buffers come from */
	/* tx: one virtio_net_hdr per descriptor for packets whose headroom cannot
	 * take it; control queue: the command buffer. */
	uint8_t *hdr_va;
	fpk_iova_t hdr_iova;
	fpk_iova_t ring_iova;           /* DMA address of desc; avail/used follow */
	size_t avail_off;
	size_t used_off;
	const struct fpk_memzone *mz;   /* rings, then the header area */
} __fpk_cache_aligned;

/* Stride of the per-descriptor header area: the 12- or 20-byte header, 16-aligned. */
#define VQ_HDR_STRIDE 32
/* Control queue buffer: command at 0, data at VQ_CTRL_DATA, ack at VQ_CTRL_ACK.
 * The largest command is RSS_CONFIG with a 128-entry table and a 40-byte key. */
#define VQ_CTRL_DATA 16
#define VQ_CTRL_DATA_MAX 320
#define VQ_CTRL_ACK (VQ_CTRL_DATA + VQ_CTRL_DATA_MAX)
#define VQ_CTRL_BUF_LEN (VQ_CTRL_ACK + 16)

/**
 * Byte size of the ring memory of an @n-entry split queue (virtio 1.1 2.6:
 * descriptor table, available ring with used_event, used ring with
 * avail_event); *@avail_off and *@used_off receive the offsets of the rings.
 * The used ring starts on a fresh cache line: the device writes it while the
 * driver writes the other two.
 */
size_t vring_layout(uint16_t n, size_t *avail_off, size_t *used_off);

/**
 * Point @vq's rings into @ring (of vring_layout(@n) bytes, DMA address
 * @ring_iova), reset the indices and put every descriptor on the free list.
 * Slots keep their mbufs (rx buffers survive a stop/start).
 */
void vq_ring_init(struct virtqueue *vq, void *ring, fpk_iova_t ring_iova, uint16_t n);

/**
 * Post a buffer for every free descriptor of rx queue @vq, using the mbufs
 * slots still hold first. The doorbell is not rung (before DRIVER_OK it must
 * not be, virtio 1.1 3.1.1). @return 0, or -ENOMEM if the pool could not
 * fill the ring at all.
 */
int vq_rx_fill(struct virtqueue *vq);

/** Free the mbufs @vq's slots hold (after the device was reset). */
void vq_release_mbufs(struct virtqueue *vq);

/** Ring the doorbell unless the device asked not to (VIRTQ_USED_F_NO_NOTIFY). */
void vq_kick(struct virtqueue *vq);

/** Header bytes before each packet on @vq (virtio 1.2 5.1.6). */
static inline uint16_t
vq_hdr_len(const struct virtqueue *vq)
{
	return vq->hash_hdr ? (uint16_t)sizeof(struct virtio_net_hdr_hash) :
			      (uint16_t)sizeof(struct virtio_net_hdr);
}

/** Burst functions for ethdev (queue = struct virtqueue *). */
uint16_t virtio_rx_burst(void *queue, struct fpk_mbuf **pkts, uint16_t n);
/**
 * The same, for queues with hash_hdr set: each packet the device hashed
 * gets hash.rss and FPK_MBUF_F_RX_RSS_HASH.
 */
uint16_t virtio_rx_burst_hash(void *queue, struct fpk_mbuf **pkts, uint16_t n);
uint16_t virtio_tx_burst(void *queue, struct fpk_mbuf **pkts, uint16_t n);

/**
 * Run one control command (virtio 1.1 5.1.6.5) on control queue @vq and wait
 * up to @timeout_ms for the device's answer.
 * @return 0; -EIO (the device answered VIRTIO_NET_ERR); -ETIMEDOUT; -EINVAL
 *   (@len above VQ_CTRL_DATA_MAX).
 */
int vq_ctrl_cmd(struct virtqueue *vq, uint8_t cls, uint8_t cmd, const void *data,
		size_t len, unsigned int timeout_ms);

#endif /* VIRTIO_VQ_H */
