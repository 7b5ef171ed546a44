/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * vmxnet3 rx/tx: one head buffer per received packet (rx ring 0, no
 * scatter), one tx descriptor per segment, completions found by their gen
 * bit (vmxnet3_regs.h). Burst functions take no lock, make no system
 * call, read no register and ring each doorbell at most once.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "fpk_log.h"
#include "fpk_malloc.h"
#include "fpk_mbuf.h"

#include "vmxnet3_ethdev.h"

/* The completion rings follow the descriptor rings in each queue's memzone. */
static __fpk_always_inline volatile struct vmxnet3_tx_comp *
txq_comp(const struct vmxnet3_txq *q)
{
	return (volatile struct vmxnet3_tx_comp *)(q->ring + q->nb_desc);
}

static __fpk_always_inline volatile struct vmxnet3_rx_comp *
rxq_comp(const struct vmxnet3_rxq *q)
{
	return (volatile struct vmxnet3_rx_comp *)(q->ring + q->nb_desc + VMXNET3_RX_RING1_SIZE);
}

static __fpk_always_inline void
doorbell(volatile uint32_t *reg, uint32_t val)
{
	/* Descriptors first, then the producer index: memory before MMIO. */
	fpk_io_wmb();
	*reg = FPK_PCI_LE32(val);
}

/* ---- receive ------------------------------------------------------------ */

/* Hand ring-0 slot @slot to the device with buffer @m. */
static __fpk_always_inline void
rx_desc_arm(volatile struct vmxnet3_rx_desc *d, const struct fpk_mbuf *m, uint16_t len,
	    uint8_t gen)
{
	d->addr = fpk_mbuf_data_iova_default(m);
	/* The address is in place before the gen bit gives the slot away. */
	fpk_io_wmb();
	d->len_gen = len | (gen ? VMXNET3_RXD_GEN : 0);
}

uint16_t
vmxnet3_rx_burst(void *queue, struct fpk_mbuf **pkts, uint16_t n)
{
	struct vmxnet3_rxq *q = queue;
	volatile struct vmxnet3_rx_comp *comp = rxq_comp(q);
	struct fpk_mbuf *fresh[VMXNET3_RX_BURST_MAX];
	uint32_t cgen = q->comp_gen ? VMXNET3_RCD_GEN : 0;
	uint16_t c = q->comp_next, nb_done = 0, nb_rx = 0;
	uint64_t bytes = 0;

	if (n > VMXNET3_RX_BURST_MAX)
		n = VMXNET3_RX_BURST_MAX;
	/* Completions the device wrote carry its gen bit of this pass. */
	while (nb_done < n && (comp[c].csum_gen & VMXNET3_RCD_GEN) == cgen) {
		nb_done++;
		if (++c == q->nb_comp) {
			c = 0;
			cgen ^= VMXNET3_RCD_GEN;
		}
	}
	if (nb_done == 0)
		return 0;
	/*
	 * One replacement per completion, in one bulk get. Without them the
	 * packets stay in the ring (the device counts what it then cannot
	 * place, rx_no_buffer_count) and the next burst tries again.
	 */
	if (fpk_unlikely(fpk_mempool_get_bulk(q->mp, (void **)fresh, nb_done) < 0)) {
		*q->nombuf += nb_done;
		return 0;
	}
	/* The gen bits were read before the rest of the completions and the data. */
	fpk_dma_rmb();

	c = q->comp_next;
	for (uint16_t k = 0; k < nb_done; k++) {
		const uint32_t flags = comp[c].idx_flags, len_err = comp[c].len_err;
		struct fpk_mbuf *m = q->sw_ring[q->next];

		if (++c == q->nb_comp) {
			c = 0;
			q->comp_gen ^= 1;
		}
		/* Completions come in ring order: the device fills ring 0 in order. */
		q->sw_ring[q->next] = NULL;
		if (++q->next == q->nb_desc)
			q->next = 0;
		q->sw_ring[q->fill] = fresh[k];
		rx_desc_arm(&q->ring[q->fill], fresh[k], q->buf_size, q->fill_gen);
		if (++q->fill == q->nb_desc) {
			q->fill = 0;
			q->fill_gen ^= 1;
		}
		/*
		 * One buffer per packet (maxNumRxSG 1): a frame that did not fit
		 * comes back flagged err, and a completion of ring 1 (rqID past the
		 * rx queues), which has no buffers, would be a device fault.
		 */
		if (fpk_unlikely((flags & (VMXNET3_RCD_SOP | VMXNET3_RCD_EOP)) !=
				 (VMXNET3_RCD_SOP | VMXNET3_RCD_EOP) ||
				 (len_err & VMXNET3_RCD_ERR) ||
				 ((flags >> VMXNET3_RCD_RQID_SHIFT) & VMXNET3_RCD_RQID_MASK) != q->qid)) {
			q->stats.errors++;
			fpk_mbuf_raw_free(m);
			continue;
		}
		/* m comes from fpk_pktmbuf_reset() state: set only what rx adds. */
		m->data_len = (uint16_t)(len_err & VMXNET3_RCD_LEN_MASK);
		m->pkt_len = m->data_len;
		m->port = q->port_id;
		bytes += m->pkt_len;
		pkts[nb_rx++] = m;
	}
	/* The replacements were not reset by the bulk get: do it off the hot loop. */
	for (uint16_t k = 0; k < nb_done; k++)
		fpk_pktmbuf_reset(fresh[k]);
	q->comp_next = c;
	q->stats.packets += nb_rx;
	q->stats.bytes += bytes;
	/* The device asks for RXPROD only when it wants it (ctrl.updateRxProd). */
	if (*q->update_prod)
		doorbell(q->rxprod, q->fill);
	return nb_rx;
}

/* ---- transmit ----------------------------------------------------------- */

/* Free what the device completed: each completion names a packet's EOP slot. */
static void
tx_reclaim(struct vmxnet3_txq *q)
{
	volatile struct vmxnet3_tx_comp *comp = txq_comp(q);
	uint32_t cgen = q->comp_gen ? VMXNET3_TCD_GEN : 0;
	uint16_t c = q->comp_next;

	while ((comp[c].type_gen & VMXNET3_TCD_GEN) == cgen) {
		uint16_t eop;

		fpk_dma_rmb();
		eop = (uint16_t)(comp[c].idx & VMXNET3_TCD_IDX_MASK);
		if (++c == q->nb_desc) {
			c = 0;
			cgen ^= VMXNET3_TCD_GEN;
		}
		for (;;) {
			const uint16_t slot = q->clean;

			if (q->sw_ring[slot] != NULL) {
				fpk_pktmbuf_free(q->sw_ring[slot]);
				q->sw_ring[slot] = NULL;
			}
			q->nb_free++;
			if (++q->clean == q->nb_desc)
				q->clean = 0;
			if (slot == eop)
				break;
		}
	}
	q->comp_next = c;
	q->comp_gen = cgen != 0;
}

/* Can the device take @m: at most 16 segments, each of 1..16384 bytes? */
static __fpk_always_inline bool
tx_pkt_ok(const struct fpk_mbuf *m)
{
	if (fpk_unlikely(m->nb_segs > VMXNET3_TX_MAX_SEGS))
		return false;
	for (; m != NULL; m = m->next)
		if (fpk_unlikely(m->data_len == 0 || m->data_len > VMXNET3_TX_BUF_MAX))
			return false;
	return true;
}

uint16_t
vmxnet3_tx_burst(void *queue, struct fpk_mbuf **pkts, uint16_t n)
{
	struct vmxnet3_txq *q = queue;
	volatile struct vmxnet3_tx_desc *first = NULL;
	uint16_t nb_tx;
	uint64_t bytes = 0;

	if (q->nb_free < q->free_thresh)
		tx_reclaim(q);
	for (nb_tx = 0; nb_tx < n; nb_tx++) {
		struct fpk_mbuf *head = pkts[nb_tx];

		if (fpk_unlikely(head->nb_segs > q->nb_free)) {
			tx_reclaim(q);
			if (head->nb_segs > q->nb_free) {
				q->ring_full++;
				break;
			}
		}
		if (fpk_unlikely(!tx_pkt_ok(head))) {
			q->stats.errors++;
			fpk_pktmbuf_free(head);
			continue;
		}
		for (struct fpk_mbuf *seg = head; seg != NULL; seg = seg->next) {
			volatile struct vmxnet3_tx_desc *d = &q->ring[q->tail];
			uint32_t gen = q->gen ? VMXNET3_TXD_GEN : 0;

			/*
			 * The burst's first descriptor is written with the gen bit the
			 * device does not own yet, and flipped after all the others:
			 * the device, reading in order, stops there until the burst is
			 * complete. A length of 16384 is written as 0.
			 */
			if (first == NULL) {
				first = d;
				gen ^= VMXNET3_TXD_GEN;
			}
			d->addr = fpk_pktmbuf_iova(seg);
			d->flags = seg->next == NULL ? VMXNET3_TXD_EOP | VMXNET3_TXD_CQ : 0;
			d->len_gen = (seg->data_len & VMXNET3_TXD_LEN_MASK) | gen;
			q->sw_ring[q->tail] = seg->next == NULL ? head : NULL;
			if (++q->tail == q->nb_desc) {
				q->tail = 0;
				q->gen ^= 1;
			}
		}
		q->nb_free = (uint16_t)(q->nb_free - head->nb_segs);
		bytes += head->pkt_len;
	}
	if (first == NULL)
		return nb_tx;
	fpk_io_wmb();
	first->len_gen ^= VMXNET3_TXD_GEN;
	q->stats.packets += nb_tx;
	q->stats.bytes += bytes;
	doorbell(q->txprod, q->tail);
	return nb_tx;
}

/* ---- queue set-up and release (control path) -------------------------- */

uint16_t
vmxnet3_rx_buf_size(struct fpk_mempool *mp)
{
	uint32_t room = fpk_pktmbuf_data_room_size(mp);

	room = room > FPK_PKTMBUF_HEADROOM ? room - FPK_PKTMBUF_HEADROOM : 0;
	return (uint16_t)FPK_MIN(room, VMXNET3_RX_BUF_MAX);
}


static void
queue_mem_free(const struct fpk_memzone *mz, struct fpk_mbuf **sw_ring, void *q)
{
	if (mz != NULL)
		fpk_memzone_free(mz);
	fpk_free(sw_ring);
	fpk_free(q);
}

int
vmxnet3_rx_queue_setup(struct fpk_eth_dev *dev, uint16_t qid, uint16_t nb_desc,
		       unsigned int socket_id, const struct fpk_eth_rxconf *conf,
		       struct fpk_mempool *mp)
{
	struct vmxnet3_adapter *ad = dev->data->dev_private;
	int socket = fpk_eth_queue_socket(socket_id);
	/* Ring 0, ring 1, and a completion for every descriptor of both. */
	const uint16_t nb_comp = (uint16_t)(nb_desc + VMXNET3_RX_RING1_SIZE);
	struct vmxnet3_rxq *q;

	(void)conf;
	q = fpk_zmalloc_socket("vmxnet3 rx queue", sizeof(*q), 0, socket);
	if (q == NULL)
		return -ENOMEM;
	q->nb_desc = nb_desc;
	q->nb_comp = nb_comp;
	q->qid = qid;
	q->mp = mp;
	q->port_id = dev->data->port_id;
	q->buf_size = vmxnet3_rx_buf_size(mp);
	q->sw_ring = fpk_zmalloc_socket("vmxnet3 rx sw_ring", (size_t)nb_desc * sizeof(*q->sw_ring),
					0, socket);
	q->mz = fpk_eth_dma_zone_reserve(dev, "rx", qid,
					 ((size_t)nb_desc + VMXNET3_RX_RING1_SIZE + nb_comp) *
					 sizeof(struct vmxnet3_rx_desc), VMXNET3_RING_ALIGN, socket);
	if (q->sw_ring == NULL || q->mz == NULL)
		goto nomem;
	q->ring = q->mz->addr;
	/* Every slot but one gets a buffer now, so start never fails for want of mbufs. */
	if (fpk_pktmbuf_alloc_bulk(mp, q->sw_ring, nb_desc - 1u) != 0) {
		VMXNET3_LOG(ERR, "%s: rx queue %u: pool %s cannot fill %u descriptors: make it "
			    "larger\n", dev->data->name, qid, mp->name, nb_desc - 1u);
		goto nomem;
	}
	q->rxprod = (volatile uint32_t *)FPK_PCI_BAR_REG(ad->pci, VMXNET3_BAR_PT,
							 VMXNET3_REG_RXPROD(qid));
	q->update_prod = &ad->rqd[qid].update_prod;
	q->nombuf = &dev->data->rx_mbuf_alloc_failed[qid];
	dev->data->rx_queues[qid] = q;
	return 0;
nomem:
	queue_mem_free(q->mz, q->sw_ring, q);
	return -ENOMEM;
}

/*
 * The n - 1 buffers are wherever the last run left them, one slot empty:
 * move them to slots 0..n-2 and give them to the device, rings and
 * completions zeroed (gen 0: nothing owned by anyone's first pass).
 */
void
vmxnet3_rx_queue_start(struct vmxnet3_adapter *ad, struct vmxnet3_rxq *q)
{
	volatile struct vmxnet3_rx_queue_desc *qd = &ad->rqd[q->qid];
	const fpk_iova_t iova = q->mz->iova;
	const uint16_t last = (uint16_t)(q->nb_desc - 1);

	for (uint16_t i = 0; i < last; i++) {
		if (q->sw_ring[i] == NULL) {
			q->sw_ring[i] = q->sw_ring[last];
			q->sw_ring[last] = NULL;
		}
	}
	memset(q->mz->addr, 0, q->mz->len);
	for (uint16_t i = 0; i < last; i++)
		rx_desc_arm(&q->ring[i], q->sw_ring[i], q->buf_size, VMXNET3_INIT_GEN);
	q->next = 0;
	q->fill = last;
	q->fill_gen = VMXNET3_INIT_GEN;
	q->comp_next = 0;
	q->comp_gen = VMXNET3_INIT_GEN;

	memset((void *)(uintptr_t)qd, 0, sizeof(*qd));
	qd->ring_pa[0] = iova;
	qd->ring_pa[1] = iova + (uint64_t)q->nb_desc * sizeof(struct vmxnet3_rx_desc);
	qd->comp_ring_pa = qd->ring_pa[1] + VMXNET3_RX_RING1_SIZE * sizeof(struct vmxnet3_rx_desc);
	qd->ring_size[0] = q->nb_desc;
	qd->ring_size[1] = VMXNET3_RX_RING1_SIZE;
	qd->comp_ring_size = q->nb_comp;
}

void
vmxnet3_rx_queue_release(struct fpk_eth_dev *dev, uint16_t qid)
{
	struct vmxnet3_rxq *q = dev->data->rx_queues[qid];

	/* The library releases queues only on a stopped (quiesced) port. */
	if (q == NULL)
		return;
	for (uint16_t i = 0; i < q->nb_desc; i++)
		if (q->sw_ring[i] != NULL)
			fpk_mbuf_raw_free(q->sw_ring[i]);
	queue_mem_free(q->mz, q->sw_ring, q);
}

int
vmxnet3_tx_queue_setup(struct fpk_eth_dev *dev, uint16_t qid, uint16_t nb_desc,
		       unsigned int socket_id, const struct fpk_eth_txconf *conf)
{
	struct vmxnet3_adapter *ad = dev->data->dev_private;
	int socket = fpk_eth_queue_socket(socket_id);
	uint16_t fr = conf->tx_free_thresh ? conf->tx_free_thresh : VMXNET3_TX_FREE_THRESH;
	struct vmxnet3_txq *q;

	if (fr >= nb_desc) {
		VMXNET3_LOG(ERR, "%s: tx_free_thresh %u must be below the ring size %u\n",
			    dev->data->name, fr, nb_desc);
		return -EINVAL;
	}
	q = fpk_zmalloc_socket("vmxnet3 tx queue", sizeof(*q), 0, socket);
	if (q == NULL)
		return -ENOMEM;
	q->nb_desc = nb_desc;
	q->qid = qid;
	q->free_thresh = fr;
	q->sw_ring = fpk_zmalloc_socket("vmxnet3 tx sw_ring", (size_t)nb_desc * sizeof(*q->sw_ring),
					0, socket);
	/* Tx ring, completion ring, then the data ring the device is told about. */
	q->mz = fpk_eth_dma_zone_reserve(dev, "tx", qid,
					 (size_t)nb_desc * (2 * sizeof(struct vmxnet3_tx_desc) +
							    VMXNET3_TX_DATA_DESC_SIZE),
					 VMXNET3_RING_ALIGN, socket);
	if (q->sw_ring == NULL || q->mz == NULL) {
		queue_mem_free(q->mz, q->sw_ring, q);
		return -ENOMEM;
	}
	q->ring = q->mz->addr;
	q->txprod = (volatile uint32_t *)FPK_PCI_BAR_REG(ad->pci, VMXNET3_BAR_PT,
							 VMXNET3_REG_TXPROD(qid));
	dev->data->tx_queues[qid] = q;
	return 0;
}

/* Give back what the ring still holds (the device is quiesced). */
static void
tx_queue_drop_all(struct vmxnet3_txq *q)
{
	fpk_pktmbuf_free_bulk(q->sw_ring, q->nb_desc);
	memset(q->sw_ring, 0, q->nb_desc * sizeof(q->sw_ring[0]));
}

void
vmxnet3_tx_queue_start(struct vmxnet3_adapter *ad, struct vmxnet3_txq *q)
{
	volatile struct vmxnet3_tx_queue_desc *qd = &ad->tqd[q->qid];
	const uint64_t ring_len = (uint64_t)q->nb_desc * sizeof(struct vmxnet3_tx_desc);

	tx_queue_drop_all(q);
	memset(q->mz->addr, 0, q->mz->len);
	q->tail = 0;
	q->clean = 0;
	q->nb_free = q->nb_desc;
	q->gen = VMXNET3_INIT_GEN;
	q->comp_next = 0;
	q->comp_gen = VMXNET3_INIT_GEN;

	memset((void *)(uintptr_t)qd, 0, sizeof(*qd));
	qd->ring_pa = q->mz->iova;
	qd->comp_ring_pa = q->mz->iova + ring_len;
	qd->data_ring_pa = q->mz->iova + 2 * ring_len;
	qd->ring_size = q->nb_desc;
	qd->comp_ring_size = q->nb_desc;
	qd->data_ring_size = q->nb_desc;
}

void
vmxnet3_tx_queue_release(struct fpk_eth_dev *dev, uint16_t qid)
{
	struct vmxnet3_txq *q = dev->data->tx_queues[qid];

	if (q == NULL)
		return;
	tx_queue_drop_all(q);
	queue_mem_free(q->mz, q->sw_ring, q);
}
