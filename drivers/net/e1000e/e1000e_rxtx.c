/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * e1000e rx/tx: legacy rx descriptors (82574 datasheet 7.1.4.1), or
 * extended ones (7.1.4.2) on a port that hashes, and legacy tx
 * descriptors (7.2.10.1), one descriptor per buffer. Burst
 * functions touch no lock, make no system call, read no register, and
 * write each tail register at most once.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "fpk_log.h"
#include "fpk_malloc.h"
#include "fpk_mbuf.h"

#include "e1000e_ethdev.h"

/* ---- fast path --------------------------------------------------------- */

static __fpk_always_inline void
tail_write(volatile uint32_t *reg, uint32_t val)
{
	/* Descriptors first, then the doorbell (82574 datasheet 7.1.3.1 / 7.2.1):
	 * memory stores before an MMIO store, as the device sees them. */
	fpk_io_wmb();
	*reg = FPK_PCI_LE32(val);
}

static __fpk_always_inline uint64_t
rx_ol_flags(uint8_t status, uint8_t errors)
{
	uint64_t f = 0;

	/* IXSM: the device did not look at checksums (7.1.4.1 status field). */
	if (status & E1000E_RXD_STAT_IXSM)
		return 0;
	if (status & E1000E_RXD_STAT_IPCS)
		f |= (errors & E1000E_RXD_ERR_IPE) ? FPK_MBUF_F_RX_IP_CKSUM_BAD :
						     FPK_MBUF_F_RX_IP_CKSUM_GOOD;
	if (status & (E1000E_RXD_STAT_TCPCS | E1000E_RXD_STAT_UDPCS))
		f |= (errors & E1000E_RXD_ERR_TCPE) ? FPK_MBUF_F_RX_L4_CKSUM_BAD :
						      FPK_MBUF_F_RX_L4_CKSUM_GOOD;
	return f;
}

/*
 * The receive burst of both variants; @rss is a constant in each. With
 * it the ring holds extended descriptors (7.1.4.2: the hash in the first
 * quadword), without it legacy ones (7.1.4.1), as the device was told
 * (RFCTL.EXSTEN): the hash is the only reason for the extended format,
 * whose status, errors and length sit elsewhere in the second quadword.
 */
static __fpk_always_inline uint16_t
rx_burst(struct e1000e_rxq *q, struct fpk_mbuf **pkts, uint16_t n, const bool rss)
{
	struct fpk_mbuf *fresh[E1000E_RX_BURST_MAX];
	const uint16_t nb_desc = q->nb_desc;
	uint16_t idx = q->next, nb_done = 0, nb_rx = 0;
	uint64_t bytes = 0;

	if (n > E1000E_RX_BURST_MAX)
		n = E1000E_RX_BURST_MAX;
	/* How many descriptors are done: their DD bit is set. */
	while (nb_done < n) {
		uint16_t i = (uint16_t)(idx + nb_done);
		uint64_t wb;

		if (i >= nb_desc)
			i = (uint16_t)(i - nb_desc);
		wb = q->ring[i].wb;
		if (!((rss ? E1000E_RXDX_STATUS(wb) : E1000E_RXD_STATUS(wb)) & E1000E_RXD_STAT_DD))
			break;
		nb_done++;
	}
	if (nb_done == 0)
		return 0;
	/*
	 * One replacement per done descriptor, in one bulk get. Without them
	 * the packets stay in the ring (the device counts what it then
	 * misses) and the next burst tries again.
	 */
	if (fpk_unlikely(fpk_mempool_get_bulk(q->mp, (void **)fresh, nb_done) < 0)) {
		*q->nombuf += nb_done;
		return 0;
	}
	/* DD was seen before the rest of each descriptor and the data are read:
	 * the device wrote them all before DD, order our loads too. */
	fpk_dma_rmb();

	for (uint16_t k = 0; k < nb_done; k++) {
		volatile struct e1000e_rx_desc_ext *d = &q->ring[idx];
		const uint64_t wb = d->wb;
		/* The hash shares its quadword with the buffer address: read it before re-arming. */
		const uint64_t mrq_hash = rss ? d->addr : 0;
		const uint8_t status = rss ? E1000E_RXDX_STATUS(wb) : E1000E_RXD_STATUS(wb);
		const uint8_t errors = rss ? E1000E_RXDX_ERRORS(wb) : E1000E_RXD_ERRORS(wb);
		const uint16_t len = rss ? E1000E_RXDX_LEN(wb) : E1000E_RXD_LEN(wb);
		struct fpk_mbuf *m = q->sw_ring[idx], *nm = fresh[k];

		/* Re-arm the slot: new buffer, write-back area cleared (DD = 0). */
		q->sw_ring[idx] = nm;
		d->addr = fpk_mbuf_data_iova_default(nm);
		d->wb = 0;
		if (++idx == nb_desc)
			idx = 0;

		/*
		 * A frame longer than one buffer spans descriptors (EOP on its
		 * last); with no scatter support all its pieces are dropped, as
		 * are frames the device flags with framing errors.
		 */
		if (fpk_unlikely(!(status & E1000E_RXD_STAT_EOP) || q->discard ||
				 (errors & E1000E_RXD_ERR_FRAME))) {
			q->discard = !(status & E1000E_RXD_STAT_EOP);
			q->stats.errors++;
			fpk_mbuf_raw_free(m);
			continue;
		}
		/* m comes from fpk_pktmbuf_reset() state: set only what rx adds. */
		m->data_len = len;
		m->pkt_len = len;
		m->port = q->port_id;
		m->ol_flags = q->csum ? rx_ol_flags(status, errors) : 0;
		/* RSS type 0: a packet of no type MRQC hashes, written back without a hash. */
		if (rss && E1000E_RXDX_RSS_TYPE(mrq_hash) != 0) {
			m->hash.rss = E1000E_RXDX_RSS_HASH(mrq_hash);
			m->ol_flags |= FPK_MBUF_F_RX_RSS_HASH;
		}
		bytes += m->pkt_len;
		pkts[nb_rx++] = m;
	}
	/* The replacements were not reset by the bulk get: do it off the hot loop. */
	for (uint16_t k = 0; k < nb_done; k++)
		fpk_pktmbuf_reset(fresh[k]);
	q->next = idx;
	q->stats.packets += nb_rx;
	q->stats.bytes += bytes;

	/*
	 * Give the refilled descriptors back once more than rx_free_thresh
	 * are held (every other 32-packet burst by default: each RDT write is
	 * a device access). RDT stops one short of the next descriptor to look
	 * at: head == tail means "no buffer" to the device (7.1.8), so one
	 * slot always stays with software.
	 */
	q->nb_hold = (uint16_t)(q->nb_hold + nb_done);
	if (q->nb_hold > q->free_thresh) {
		tail_write(q->rdt, idx == 0 ? (uint32_t)nb_desc - 1 : (uint32_t)idx - 1);
		q->nb_hold = 0;
	}
	return nb_rx;
}

uint16_t
e1000e_rx_burst(void *queue, struct fpk_mbuf **pkts, uint16_t n)
{
	return rx_burst(queue, pkts, n, false);
}

uint16_t
e1000e_rx_burst_rss(void *queue, struct fpk_mbuf **pkts, uint16_t n)
{
	return rx_burst(queue, pkts, n, true);
}

/* Free the mbufs of the next rs_thresh descriptors if the device is done with them. */
static __fpk_always_inline int
tx_reclaim(struct e1000e_txq *q)
{
	uint16_t last = q->next_dd, first = (uint16_t)(q->next_dd + 1 - q->rs_thresh);

	if (!(q->ring[last].upper & E1000E_TXD_STAT_DD))
		return 0;
	/* No DMA barrier: only stores (buffer reuse) depend on DD here, and no
	 * CPU makes a store visible before the load deciding it; the device
	 * read the data before writing DD back (7.2.10.1). */
	fpk_pktmbuf_free_bulk(&q->sw_ring[first], q->rs_thresh);
	memset(&q->sw_ring[first], 0, q->rs_thresh * sizeof(q->sw_ring[0]));
	q->nb_free = (uint16_t)(q->nb_free + q->rs_thresh);
	q->next_dd = (uint16_t)(last + q->rs_thresh);
	if (q->next_dd >= q->nb_desc)
		q->next_dd = (uint16_t)(q->rs_thresh - 1);
	return 1;
}

uint16_t
e1000e_tx_burst(void *queue, struct fpk_mbuf **pkts, uint16_t n)
{
	struct e1000e_txq *q = queue;
	const uint16_t nb_desc = q->nb_desc, rs_mask = (uint16_t)(q->rs_thresh - 1);
	uint16_t tail = q->tail, nb_tx;
	uint64_t bytes = 0;

	if (q->nb_free < q->free_thresh)
		while (q->nb_free < nb_desc - q->rs_thresh && tx_reclaim(q))
			;
	for (nb_tx = 0; nb_tx < n; nb_tx++) {
		struct fpk_mbuf *head = pkts[nb_tx], *seg = head;

		if (fpk_unlikely(head->nb_segs > q->nb_free))
			break;
		for (; seg != NULL; seg = seg->next) {
			volatile struct e1000e_tx_desc *d = &q->ring[tail];
			uint32_t cmd = E1000E_TXD_CMD_IFCS | seg->data_len;

			if (seg->next == NULL)
				cmd |= E1000E_TXD_CMD_EOP;
			/* rs_thresh is a power of two dividing nb_desc (queue setup). */
			if ((tail & rs_mask) == rs_mask)
				cmd |= E1000E_TXD_CMD_RS;
			d->addr = fpk_pktmbuf_iova(seg);
			d->lower = cmd;
			d->upper = 0;
			q->sw_ring[tail] = seg->next == NULL ? head : NULL;
			if (++tail == nb_desc)
				tail = 0;
		}
		q->nb_free = (uint16_t)(q->nb_free - head->nb_segs);
		bytes += head->pkt_len;
	}
	if (nb_tx == 0)
		return 0;
	q->tail = tail;
	q->stats.packets += nb_tx;
	q->stats.bytes += bytes;
	tail_write(q->tdt, tail);
	return nb_tx;
}

/* ---- queue set-up and release (control path) -------------------------- */

uint16_t
e1000e_rx_buf_size(struct fpk_mempool *mp, uint32_t *rctl_bits)
{
	/* RCTL.BSIZE with and without BSEX (10.2.5.1): the largest that fits. */
	static const struct {
		uint16_t size;
		uint32_t bits;
	} sizes[] = {
		{ 16384, E1000E_RCTL_BSEX | (1u << E1000E_RCTL_BSIZE_SHIFT) },
		{ 8192, E1000E_RCTL_BSEX | (2u << E1000E_RCTL_BSIZE_SHIFT) },
		{ 4096, E1000E_RCTL_BSEX | (3u << E1000E_RCTL_BSIZE_SHIFT) },
		{ 2048, 0u << E1000E_RCTL_BSIZE_SHIFT },
		{ 1024, 1u << E1000E_RCTL_BSIZE_SHIFT },
		{ 512, 2u << E1000E_RCTL_BSIZE_SHIFT },
		{ 256, 3u << E1000E_RCTL_BSIZE_SHIFT },
	};
	uint32_t room = fpk_pktmbuf_data_room_size(mp);

	room = room > FPK_PKTMBUF_HEADROOM ? room - FPK_PKTMBUF_HEADROOM : 0;
	for (size_t i = 0; i < FPK_DIM(sizes); i++) {
		if (sizes[i].size <= room) {
			*rctl_bits = sizes[i].bits;
			return sizes[i].size;
		}
	}
	return 0;
}

/* Base 16-byte aligned, length a multiple of 128 (10.2.5.4/10.2.5.6): align to 128. */
#define E1000E_RING_ALIGN 128

/* Give back a queue's memory; after a failed setup some of it may be missing. */
static void
queue_mem_free(const struct fpk_memzone *mz, struct fpk_mbuf **sw_ring, void *q)
{
	if (mz != NULL)
		fpk_memzone_free(mz);
	fpk_free(sw_ring);
	fpk_free(q);
}

int
e1000e_rx_queue_setup(struct fpk_eth_dev *dev, uint16_t qid, uint16_t nb_desc,
		      unsigned int socket_id, const struct fpk_eth_rxconf *conf,
		      struct fpk_mempool *mp)
{
	struct e1000e_adapter *ad = dev->data->dev_private;
	uint16_t free_thresh = conf->rx_free_thresh ? conf->rx_free_thresh :
				E1000E_RX_FREE_THRESH;
	int socket = fpk_eth_queue_socket(socket_id);
	struct e1000e_rxq *q;
	uint32_t bits;

	if (e1000e_rx_buf_size(mp, &bits) == 0) {
		E1000E_LOG(ERR, "%s: mbufs of pool %s hold %u bytes after the headroom, the "
			   "82574 needs 256 at least: use a larger data room\n", dev->data->name,
			   mp->name, fpk_pktmbuf_data_room_size(mp));
		return -EINVAL;
	}
	if (free_thresh >= nb_desc - 1) {
		E1000E_LOG(ERR, "%s: rx_free_thresh %u must be below the ring size %u minus 1\n",
			   dev->data->name, free_thresh, nb_desc);
		return -EINVAL;
	}
	/* Like the descriptor ring, on the node queue setup names: the polling lcore's. */
	q = fpk_zmalloc_socket("e1000e rx queue", sizeof(*q), 0, socket);
	if (q == NULL)
		return -ENOMEM;
	q->nb_desc = nb_desc;
	q->qid = qid;
	q->mp = mp;
	q->port_id = dev->data->port_id;
	q->buf_size = e1000e_rx_buf_size(mp, &bits);
	q->free_thresh = free_thresh;
	q->sw_ring = fpk_zmalloc_socket("e1000e rx sw_ring", (size_t)nb_desc * sizeof(*q->sw_ring),
					0, socket);
	q->mz = fpk_eth_dma_zone_reserve(dev, "rx", qid,
					 (size_t)nb_desc * sizeof(struct e1000e_rx_desc_ext),
					 E1000E_RING_ALIGN, socket);
	if (q->sw_ring == NULL || q->mz == NULL)
		goto nomem;
	q->ring = q->mz->addr;
	/* Every slot gets a buffer now, so start never fails for want of mbufs. */
	if (fpk_pktmbuf_alloc_bulk(mp, q->sw_ring, nb_desc) != 0) {
		E1000E_LOG(ERR, "%s: rx queue %u: pool %s cannot fill %u descriptors: make it "
			   "larger\n", dev->data->name, qid, mp->name, nb_desc);
		goto nomem;
	}
	q->rdt = (volatile uint32_t *)FPK_PCI_BAR_REG(ad->pci, 0, E1000E_RDT(qid));
	q->nombuf = &dev->data->rx_mbuf_alloc_failed[qid];
	dev->data->rx_queues[qid] = q;
	return 0;
nomem:
	queue_mem_free(q->mz, q->sw_ring, q);
	return -ENOMEM;
}

/*
 * Give the device a ring's base, length, head and tail (rx 10.2.5.4-10.2.5.8,
 * tx 10.2.6.5-10.2.6.9, the same five registers); head == tail: empty for now.
 */
static void
ring_program(struct e1000e_adapter *ad, bool rx, uint16_t qid, const struct fpk_memzone *mz,
	     uint32_t len)
{
	e1000e_write(ad, rx ? E1000E_RDBAL(qid) : E1000E_TDBAL(qid), (uint32_t)mz->iova);
	e1000e_write(ad, rx ? E1000E_RDBAH(qid) : E1000E_TDBAH(qid), (uint32_t)(mz->iova >> 32));
	e1000e_write(ad, rx ? E1000E_RDLEN(qid) : E1000E_TDLEN(qid), len);
	e1000e_write(ad, rx ? E1000E_RDH(qid) : E1000E_TDH(qid), 0);
	e1000e_write(ad, rx ? E1000E_RDT(qid) : E1000E_TDT(qid), 0);
}

void
e1000e_rx_queue_start(struct e1000e_adapter *ad, struct e1000e_rxq *q)
{
	for (uint16_t i = 0; i < q->nb_desc; i++) {
		q->ring[i].addr = fpk_mbuf_data_iova_default(q->sw_ring[i]);
		q->ring[i].wb = 0;
	}
	q->next = 0;
	q->nb_hold = 0;
	q->discard = 0;
	q->csum = (ad->eth->data->dev_conf.rxmode.offloads &
		   (FPK_ETH_RX_OFFLOAD_IPV4_CKSUM | FPK_ETH_RX_OFFLOAD_UDP_CKSUM |
		    FPK_ETH_RX_OFFLOAD_TCP_CKSUM)) != 0;
	ring_program(ad, true, q->qid, q->mz,
		     (uint32_t)q->nb_desc * sizeof(struct e1000e_rx_desc_ext));
}

void
e1000e_rx_queue_release(struct fpk_eth_dev *dev, uint16_t qid)
{
	struct e1000e_rxq *q = dev->data->rx_queues[qid];

	/* The library releases queues only on a stopped port: no DMA into them. */
	if (q == NULL)
		return;
	for (uint16_t i = 0; i < q->nb_desc; i++)
		if (q->sw_ring[i] != NULL)
			fpk_mbuf_raw_free(q->sw_ring[i]);
	queue_mem_free(q->mz, q->sw_ring, q);
}

int
e1000e_tx_queue_setup(struct fpk_eth_dev *dev, uint16_t qid, uint16_t nb_desc,
		      unsigned int socket_id, const struct fpk_eth_txconf *conf)
{
	struct e1000e_adapter *ad = dev->data->dev_private;
	struct e1000e_txq *q;
	uint16_t rs = conf->tx_rs_thresh, fr = conf->tx_free_thresh;
	int socket = fpk_eth_queue_socket(socket_id);

	if (rs == 0) /* the largest default that divides the ring (a multiple of 8) */
		for (rs = E1000E_TX_RS_THRESH; nb_desc % rs; rs /= 2)
			;
	if (fr == 0)
		fr = E1000E_TX_FREE_THRESH;
	if ((rs & (rs - 1)) || nb_desc % rs || rs >= nb_desc || fr >= nb_desc) {
		E1000E_LOG(ERR, "%s: tx_rs_thresh %u must be a power of two dividing the ring "
			   "size %u, and tx_free_thresh %u below it\n", dev->data->name, rs,
			   nb_desc, fr);
		return -EINVAL;
	}
	q = fpk_zmalloc_socket("e1000e tx queue", sizeof(*q), 0, socket);
	if (q == NULL)
		return -ENOMEM;
	q->nb_desc = nb_desc;
	q->qid = qid;
	q->rs_thresh = rs;
	q->free_thresh = fr;
	q->sw_ring = fpk_zmalloc_socket("e1000e tx sw_ring", (size_t)nb_desc * sizeof(*q->sw_ring),
					0, socket);
	q->mz = fpk_eth_dma_zone_reserve(dev, "tx", qid,
					 (size_t)nb_desc * sizeof(struct e1000e_tx_desc),
					 E1000E_RING_ALIGN, socket);
	if (q->sw_ring == NULL || q->mz == NULL) {
		queue_mem_free(q->mz, q->sw_ring, q);
		return -ENOMEM;
	}
	q->ring = q->mz->addr;
	q->tdt = (volatile uint32_t *)FPK_PCI_BAR_REG(ad->pci, 0, E1000E_TDT(qid));
	dev->data->tx_queues[qid] = q;
	return 0;
}

/* Give back what the ring still holds (the device is stopped). */
static void
tx_queue_drop_all(struct e1000e_txq *q)
{
	fpk_pktmbuf_free_bulk(q->sw_ring, q->nb_desc);
	memset(q->sw_ring, 0, q->nb_desc * sizeof(q->sw_ring[0]));
}

void
e1000e_tx_queue_start(struct e1000e_adapter *ad, struct e1000e_txq *q)
{
	tx_queue_drop_all(q);
	memset((void *)(uintptr_t)q->ring, 0, q->nb_desc * sizeof(struct e1000e_tx_desc));
	q->tail = 0;
	/* One slot short of the ring: tail == head would read as empty (7.2.1). */
	q->nb_free = (uint16_t)(q->nb_desc - 1);
	q->next_dd = (uint16_t)(q->rs_thresh - 1);
	ring_program(ad, false, q->qid, q->mz,
		     (uint32_t)q->nb_desc * sizeof(struct e1000e_tx_desc));
}

void
e1000e_tx_queue_release(struct fpk_eth_dev *dev, uint16_t qid)
{
	struct e1000e_txq *q = dev->data->tx_queues[qid];

	if (q == NULL)
		return;
	tx_queue_drop_all(q);
	queue_mem_free(q->mz, q->sw_ring, q);
}
