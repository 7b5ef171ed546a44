/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Split virtqueue operations (virtio 1.1 2.6): ring layout, rx refill and
 * receive, tx chains and reclaim, notifications, the control queue.
 *
 * Ordering rules the code follows (virtio 1.1 2.6.13 "Supplying Buffers to
 * The Device" and 2.6.14 "Receiving Used Buffers From The Device"):
 *  - descriptors and available-ring entries are written before avail->idx,
 *    with a write barrier in between (release store);
 *  - avail->idx is visible before the driver reads used->flags to decide on
 *    a notification: a full barrier, as it is a store followed by a load;
 *  - used->idx is read before the used entries and buffers it covers
 *    (acquire load).
 */
#include <errno.h>
#include <string.h>

#include "fpk_cycles.h"
#include "fpk_mbuf.h"
#include "virtio_vq.h"

/* The rx header lands right before the data, in the mbuf headroom. */
_Static_assert(FPK_PKTMBUF_HEADROOM >= sizeof(struct virtio_net_hdr_hash),
	       "the mbuf headroom must hold the virtio-net header");
_Static_assert(VQ_HDR_STRIDE >= sizeof(struct virtio_net_hdr_hash),
	       "the tx header area must hold the virtio-net header");

size_t
vring_layout(uint16_t n, size_t *avail_off, size_t *used_off)
{
	size_t desc_sz = sizeof(struct vring_desc) * n;
	/* flags, idx, ring[n], used_event (virtio 1.1 2.6.6) */
	size_t avail_sz = sizeof(uint16_t) * (3u + n);
	/* flags, idx, ring[n], avail_event (virtio 1.1 2.6.8) */
	size_t used_sz = sizeof(uint16_t) * 3u + sizeof(struct vring_used_elem) * n;
	size_t u = FPK_ALIGN_CEIL(desc_sz + avail_sz, FPK_CACHE_LINE_SIZE);

	*avail_off = desc_sz;
	*used_off = u;
	return FPK_ALIGN_CEIL(u + used_sz, FPK_CACHE_LINE_SIZE);
}

static __fpk_always_inline void
vq_free_push(struct virtqueue *vq, uint16_t head, uint16_t last, uint16_t ndescs)
{
	vq->desc[last].next = vq->free_head;
	vq->free_head = head;
	vq->nb_free = (uint16_t)(vq->nb_free + ndescs);
}

void
vq_ring_init(struct virtqueue *vq, void *ring, fpk_iova_t ring_iova, uint16_t n)
{
	size_t total = vring_layout(n, &vq->avail_off, &vq->used_off);

	memset(ring, 0, total);
	vq->desc = ring;
	vq->avail = (struct vring_avail *)(void *)((char *)ring + vq->avail_off);
	vq->used = (volatile struct vring_used *)(void *)((char *)ring + vq->used_off);
	vq->ring_iova = ring_iova;
	vq->nb_desc = n;
	/* The driver polls: ask the device not to interrupt (virtio 1.1 2.6.7). */
	vq->avail->flags = VRING_AVAIL_F_NO_INTERRUPT;
	vq->avail_idx = 0;
	vq->last_used = 0;
	for (uint16_t i = 0; i < n; i++)
		vq->desc[i].next = (uint16_t)(i + 1);
	vq->free_head = 0;
	vq->nb_free = n;
}

static __fpk_always_inline void
vq_rx_post(struct virtqueue *vq, uint16_t id, struct fpk_mbuf *m, uint16_t hdr_len)
{
	/* Header then frame: the device writes both into one buffer (any
	 * layout is allowed with VIRTIO_F_VERSION_1, virtio 1.1 2.6.4.3). */
	vq->desc[id].addr = m->buf_iova + FPK_PKTMBUF_HEADROOM - hdr_len;
	vq->desc[id].len = (uint32_t)(m->buf_len - FPK_PKTMBUF_HEADROOM + hdr_len);
	vq->desc[id].flags = VRING_DESC_F_WRITE;
	vq->slots[id].m = m;
	vq->slots[id].ndescs = 1;
	vq->avail->ring[vq->avail_idx & (vq->nb_desc - 1)] = id;
	vq->avail_idx++;
}

static __fpk_always_inline void
vq_publish(struct virtqueue *vq)
{
	/* Release: descriptors and ring entries before idx (virtio 1.1 2.6.13.3).
	 * CPU-to-CPU ordering is enough because we never negotiate
	 * VIRTIO_F_ORDER_PLATFORM: the device is then software on an SMP peer
	 * (6.1); with it, this would need fpk_io_wmb()'s device ordering. */
	__atomic_store_n(&vq->avail->idx, vq->avail_idx, __ATOMIC_RELEASE);
}

void
vq_kick(struct virtqueue *vq)
{
	/* Store (avail->idx) then load (used->flags): needs a full fence, or the
	 * device could miss the new entries while we read a stale NO_NOTIFY
	 * (virtio 1.1 2.6.13.6). */
	fpk_smp_mb();
	if (vq->used->flags & VRING_USED_F_NO_NOTIFY) {
		vq->xstats.suppressed++;
		return;
	}
	/* The notify is an MMIO store, which the device (or the hypervisor
	 * trapping it) acts on: the doorbell barrier, as Linux's iowrite16(). */
	fpk_io_wmb();
	*vq->notify_addr = vq->queue_index;
	vq->xstats.notifies++;
}

int
vq_rx_fill(struct virtqueue *vq)
{
	uint16_t posted = 0;

	/* Rebuild the free list from scratch: descriptor i keeps slot i's mbuf. */
	vq->nb_free = 0;
	vq->free_head = vq->nb_desc;
	for (uint16_t id = 0; id < vq->nb_desc; id++) {
		struct fpk_mbuf *m = vq->slots[id].m;

		if (m == NULL)
			m = fpk_pktmbuf_alloc(vq->mp);
		if (m == NULL) {
			(*vq->nombuf)++;
			vq_free_push(vq, id, id, 1);
			continue;
		}
		vq_rx_post(vq, id, m, vq_hdr_len(vq));
		posted++;
	}
	vq_publish(vq);
	return posted ? 0 : -ENOMEM;
}

void
vq_release_mbufs(struct virtqueue *vq)
{
	for (uint16_t i = 0; i < vq->nb_desc; i++) {
		fpk_pktmbuf_free(vq->slots[i].m);
		vq->slots[i].m = NULL;
		vq->slots[i].ndescs = 0;
	}
}

/* Give descriptor @id back and take its mbuf; rx chains are one descriptor. */
static __fpk_always_inline struct fpk_mbuf *
vq_rx_take(struct virtqueue *vq, uint16_t id)
{
	struct fpk_mbuf *m = vq->slots[id].m;

	vq->slots[id].m = NULL;
	vq_free_push(vq, id, id, 1);
	return m;
}

static void
vq_rx_refill(struct virtqueue *vq)
{
	struct fpk_mbuf *bufs[64];
	uint16_t n = FPK_MIN(vq->nb_free, (uint16_t)FPK_DIM(bufs));
	const uint16_t hdr_len = vq_hdr_len(vq);

	if (fpk_unlikely(fpk_pktmbuf_alloc_bulk(vq->mp, bufs, n) != 0)) {
		*vq->nombuf += n;
		return;
	}
	for (uint16_t i = 0; i < n; i++) {
		uint16_t id = vq->free_head;

		vq->free_head = vq->desc[id].next;
		vq->nb_free--;
		vq_rx_post(vq, id, bufs[i], hdr_len);
	}
	vq_publish(vq);
	vq_kick(vq);
}

/*
 * The receive burst of both variants; @hash is a constant in each, so the
 * variant without hashes does no per-packet work for them.
 */
static __fpk_always_inline uint16_t
rx_burst(struct virtqueue *vq, struct fpk_mbuf **pkts, uint16_t n, const bool hash)
{
	const uint16_t mask = (uint16_t)(vq->nb_desc - 1);
	const uint16_t hdr_len = hash ? (uint16_t)sizeof(struct virtio_net_hdr_hash) :
				 vq_hdr_len(vq);
	/* Acquire: used entries and packets after idx (virtio 1.1 2.6.14); a
	 * software device (see vq_publish) needs no more than CPU ordering. */
	uint16_t used_idx = __atomic_load_n(&vq->used->idx, __ATOMIC_ACQUIRE);
	uint16_t ready = (uint16_t)(used_idx - vq->last_used);
	uint16_t nb_rx = 0;
	uint64_t bytes = 0;

	while (nb_rx < n && ready > 0) {
		volatile struct vring_used_elem *e = &vq->used->ring[vq->last_used & mask];
		uint16_t id = (uint16_t)e->id;
		uint32_t len = e->len;
		struct fpk_mbuf *m = vq->slots[id].m;
		uint16_t nbufs = 1;

		/* The device wrote it: the used entry was read after idx (acquire). */
		const struct virtio_net_hdr_hash *hdr = (const void *)
			((char *)m->buf_addr + FPK_PKTMBUF_HEADROOM - hdr_len);

		if (vq->mrg_rxbuf) {
			/* Only the first buffer of a packet carries the header
			 * (virtio 1.1 5.1.6.4.2); wait until all its buffers are
			 * used rather than hold half a packet across bursts. */
			nbufs = hdr->hdr.num_buffers ? hdr->hdr.num_buffers : 1;
			if (fpk_unlikely(nbufs > ready))
				break;
		}
		ready = (uint16_t)(ready - nbufs);
		vq->last_used++;
		m = vq_rx_take(vq, id);
		if (fpk_unlikely(len < hdr_len)) {
			vq->stats.errors++;
			fpk_pktmbuf_free(m);
			continue;
		}
		m->data_off = FPK_PKTMBUF_HEADROOM;
		m->data_len = (uint16_t)(len - hdr_len);
		m->pkt_len = m->data_len;
		m->nb_segs = 1;
		m->next = NULL;
		m->ol_flags = 0;
		m->packet_type = 0;
		m->port = vq->port_id;
		/* NONE: a packet of no type the device was told to hash. */
		if (hash && hdr->hash_report != VIRTIO_NET_HASH_REPORT_NONE) {
			m->hash.rss = hdr->hash_value;
			m->ol_flags = FPK_MBUF_F_RX_RSS_HASH;
		}
		if (fpk_unlikely(nbufs > 1)) {
			struct fpk_mbuf *last = m;

			/* The rest of the packet: buffers without a header, data
			 * from the start of each buffer given to the device. */
			for (uint16_t k = 1; k < nbufs; k++) {
				e = &vq->used->ring[vq->last_used & mask];
				struct fpk_mbuf *seg = vq_rx_take(vq, (uint16_t)e->id);

				seg->data_off = (uint16_t)(FPK_PKTMBUF_HEADROOM - hdr_len);
				seg->data_len = (uint16_t)e->len;
				seg->next = NULL;
				vq->last_used++;
				last->next = seg;
				last = seg;
				m->pkt_len += seg->data_len;
				m->nb_segs++;
			}
			vq->xstats.merged++;
		}
		bytes += m->pkt_len;
		pkts[nb_rx++] = m;
	}
	vq->stats.packets += nb_rx;
	vq->stats.bytes += bytes;
	if (vq->nb_free >= vq->free_thresh)
		vq_rx_refill(vq);
	return nb_rx;
}

uint16_t
virtio_rx_burst(void *queue, struct fpk_mbuf **pkts, uint16_t n)
{
	return rx_burst(queue, pkts, n, false);
}

uint16_t
virtio_rx_burst_hash(void *queue, struct fpk_mbuf **pkts, uint16_t n)
{
	return rx_burst(queue, pkts, n, true);
}

/* Take back every chain the device has finished sending and free its mbufs. */
static void
vq_tx_reclaim(struct virtqueue *vq)
{
	const uint16_t mask = (uint16_t)(vq->nb_desc - 1);
	/* Acquire: the used entries after idx, as in virtio_rx_burst(). */
	uint16_t used_idx = __atomic_load_n(&vq->used->idx, __ATOMIC_ACQUIRE);
	struct fpk_mbuf *done[64];
	unsigned int nb_done = 0;

	while (vq->last_used != used_idx) {
		uint16_t head = (uint16_t)vq->used->ring[vq->last_used & mask].id;
		struct vq_slot *s = &vq->slots[head];
		uint16_t last = head;

		for (uint16_t k = 1; k < s->ndescs; k++)
			last = vq->desc[last].next;
		vq_free_push(vq, head, last, s->ndescs);
		done[nb_done++] = s->m;
		s->m = NULL;
		vq->last_used++;
		if (nb_done == FPK_DIM(done)) {
			fpk_pktmbuf_free_bulk(done, nb_done);
			nb_done = 0;
		}
	}
	if (nb_done)
		fpk_pktmbuf_free_bulk(done, nb_done);
}

uint16_t
virtio_tx_burst(void *queue, struct fpk_mbuf **pkts, uint16_t n)
{
	struct virtqueue *vq = queue;
	const uint16_t mask = (uint16_t)(vq->nb_desc - 1);
	const uint16_t hdr_len = vq_hdr_len(vq);
	uint64_t bytes = 0;
	uint16_t nb_tx;

	if (vq->nb_free < vq->free_thresh)
		vq_tx_reclaim(vq);
	for (nb_tx = 0; nb_tx < n; nb_tx++) {
		struct fpk_mbuf *m = pkts[nb_tx];
		/* The header can go in the headroom when nobody else sees this
		 * buffer: one descriptor less per packet. */
		bool prepend = FPK_MBUF_DIRECT(m) && fpk_mbuf_refcnt_read(m) == 1 &&
			       fpk_pktmbuf_headroom(m) >= hdr_len;
		uint16_t need = (uint16_t)(m->nb_segs + !prepend);
		uint16_t head = vq->free_head, id = head, prev = head;
		uint32_t pkt_len = m->pkt_len;

		if (fpk_unlikely(need > vq->nb_free)) {
			vq_tx_reclaim(vq);
			if (need > vq->nb_free) {
				if (need <= vq->nb_desc) {
					vq->xstats.full++;
					break;
				}
				/* Longer than the whole ring: it can never go. */
				vq->stats.errors++;
				fpk_pktmbuf_free(m);
				continue;
			}
			head = id = prev = vq->free_head;
		}
		if (prepend) {
			memset(fpk_pktmbuf_prepend(m, hdr_len), 0, hdr_len);
		} else {
			/* The per-descriptor header area is zeroed once and never
			 * written: no offloads are requested. */
			vq->desc[id].addr = vq->hdr_iova + (fpk_iova_t)id * VQ_HDR_STRIDE;
			vq->desc[id].len = hdr_len;
			vq->desc[id].flags = VRING_DESC_F_NEXT;
			prev = id;
			id = vq->desc[id].next;
		}
		for (struct fpk_mbuf *seg = m; seg != NULL; seg = seg->next) {
			vq->desc[id].addr = fpk_pktmbuf_iova(seg);
			vq->desc[id].len = seg->data_len;
			vq->desc[id].flags = VRING_DESC_F_NEXT;
			prev = id;
			id = vq->desc[id].next;
		}
		vq->desc[prev].flags = 0;
		vq->free_head = id;
		vq->nb_free = (uint16_t)(vq->nb_free - need);
		vq->slots[head].m = m;
		vq->slots[head].ndescs = need;
		vq->avail->ring[vq->avail_idx & mask] = head;
		vq->avail_idx++;
		bytes += pkt_len;
	}
	if (nb_tx) {
		vq_publish(vq);
		vq_kick(vq);
	}
	vq->stats.packets += nb_tx;
	vq->stats.bytes += bytes;
	return nb_tx;
}

int
vq_ctrl_cmd(struct virtqueue *vq, uint8_t cls, uint8_t cmd, const void *data, size_t len,
	    unsigned int timeout_ms)
{
	volatile uint8_t *ack = vq->hdr_va + VQ_CTRL_ACK;
	struct vring_desc *d = vq->desc;
	uint16_t i = 0;

	if (len > VQ_CTRL_DATA_MAX)
		return -EINVAL;
	vq->hdr_va[0] = cls;
	vq->hdr_va[1] = cmd;
	if (len)
		memcpy(vq->hdr_va + VQ_CTRL_DATA, data, len);
	*ack = 0xff;
	/* One command at a time, from the control thread: descriptors 0..2 are
	 * always free when we get here (virtio 1.1 5.1.6.5 layout: class and
	 * command, data, then the device-writable ack). */
	d[i] = (struct vring_desc){ vq->hdr_iova, 2, VRING_DESC_F_NEXT, (uint16_t)(i + 1) };
	i++;
	if (len) {
		d[i] = (struct vring_desc){ vq->hdr_iova + VQ_CTRL_DATA, (uint32_t)len,
					    VRING_DESC_F_NEXT, (uint16_t)(i + 1) };
		i++;
	}
	d[i] = (struct vring_desc){ vq->hdr_iova + VQ_CTRL_ACK, 1, VRING_DESC_F_WRITE, 0 };
	vq->avail->ring[vq->avail_idx & (vq->nb_desc - 1)] = 0;
	vq->avail_idx++;
	vq_publish(vq);
	vq_kick(vq);
	/* Wait for everything posted so far: a command that timed out before
	 * may complete first, and must not be taken for this one's answer. */
	for (unsigned int t = 0; t <= timeout_ms * 10u; t++) {
		if (__atomic_load_n(&vq->used->idx, __ATOMIC_ACQUIRE) == vq->avail_idx) {
			vq->last_used = vq->avail_idx;
			return *ack == VIRTIO_NET_OK ? 0 : -EIO;
		}
		fpk_delay_us(100);
	}
	return -ETIMEDOUT;
}
