/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * net_virtio without a device: feature negotiation, the split ring layout,
 * and rx/tx/control bursts against a virtio-net device simulated in memory
 * (the test plays the device side of virtio 1.1 2.6: it reads available
 * entries and descriptors, writes buffers, used entries and used->idx).
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <fpk_cycles.h>
#include <fpk_mbuf.h>

#include "test.h"
#include "test_ethdev.h"
#include "virtio_ethdev.h"
#include "virtio_vq.h"

#define HDR ((uint32_t)sizeof(struct virtio_net_hdr))
#define FAKE_HDR_IOVA UINT64_C(0x7f0000000000)

static int
test_virtio_negotiate(void)
{
	const uint64_t all = ~UINT64_C(0);
	uint64_t f;

	TEST_ASSERT_SUCCESS(virtio_net_negotiate("t", all, false, &f), "all offered");
	TEST_ASSERT_EQUAL(f, VIRTIO_NET_WANTED_FEATURES, "took 0x%llx", (unsigned long long)f);
	TEST_ASSERT(!(f & VIRTIO_BIT(VIRTIO_F_ACCESS_PLATFORM)), "ACCESS_PLATFORM in noiommu");
	TEST_ASSERT(!(f & VIRTIO_BIT(VIRTIO_F_RING_PACKED)), "packed ring taken");
	TEST_ASSERT(!(f & VIRTIO_BIT(VIRTIO_F_EVENT_IDX)), "event idx taken");

	TEST_ASSERT_EQUAL(virtio_net_negotiate("t", all & ~VIRTIO_BIT(VIRTIO_F_VERSION_1), false,
					       &f), -ENOTSUP, "legacy device accepted");

	/* Control-queue features need the control queue (virtio 1.1 5.1.3.1). */
	TEST_ASSERT_SUCCESS(virtio_net_negotiate("t", all & ~VIRTIO_BIT(VIRTIO_NET_F_CTRL_VQ),
						 false, &f), "no ctrl vq");
	TEST_ASSERT(!(f & (VIRTIO_BIT(VIRTIO_NET_F_CTRL_RX) | VIRTIO_BIT(VIRTIO_NET_F_MQ) |
			   VIRTIO_BIT(VIRTIO_NET_F_CTRL_MAC_ADDR))), "ctrl features kept");
	TEST_ASSERT(f & VIRTIO_BIT(VIRTIO_NET_F_MRG_RXBUF), "mrg_rxbuf dropped");

	/* Only what is offered. */
	TEST_ASSERT_SUCCESS(virtio_net_negotiate("t", VIRTIO_BIT(VIRTIO_F_VERSION_1) |
						 VIRTIO_BIT(VIRTIO_NET_F_MAC), false, &f), "min");
	TEST_ASSERT_EQUAL(f, VIRTIO_BIT(VIRTIO_F_VERSION_1) | VIRTIO_BIT(VIRTIO_NET_F_MAC), "min");

	/* Behind an IOMMU: ACCESS_PLATFORM is required and taken. */
	TEST_ASSERT_SUCCESS(virtio_net_negotiate("t", all, true, &f), "iommu");
	TEST_ASSERT(f & VIRTIO_BIT(VIRTIO_F_ACCESS_PLATFORM), "ACCESS_PLATFORM not taken");
	TEST_ASSERT_EQUAL(virtio_net_negotiate("t", all & ~VIRTIO_BIT(VIRTIO_F_ACCESS_PLATFORM),
					       true, &f), -ENOTSUP, "device bypassing the IOMMU");
	return TEST_SUCCESS;
}
FPK_TEST_REGISTER(pmd_virtio_negotiate, test_virtio_negotiate)

static int
test_virtio_ring_layout(void)
{
	size_t a, u, total;

	total = vring_layout(256, &a, &u);
	TEST_ASSERT_EQUAL(a, 4096u, "avail at %zu", a);
	TEST_ASSERT_EQUAL(u, 4672u, "used at %zu", u);   /* 4096 + 2*259 -> next line */
	TEST_ASSERT_EQUAL(total, 6784u, "total %zu", total);
	for (uint32_t n = 1; n <= VRING_MAX_SIZE; n *= 2) {
		total = vring_layout((uint16_t)n, &a, &u);
		TEST_ASSERT(a % VRING_AVAIL_ALIGN == 0 && u % VRING_USED_ALIGN == 0, "align n=%u", n);
		TEST_ASSERT(u % FPK_CACHE_LINE_SIZE == 0, "used shares a line, n=%u", n);
		TEST_ASSERT(a >= 16u * n && u >= a + 2u * (3 + n), "overlap n=%u", n);
		TEST_ASSERT(total >= u + 6 + 8u * n, "short n=%u", n);
	}
	return TEST_SUCCESS;
}
FPK_TEST_REGISTER(pmd_virtio_ring_layout, test_virtio_ring_layout)

/* ---- a virtio-net device in memory ------------------------------------ */

struct fake {
	struct virtqueue *vq;
	void *ring;
	uint8_t *hdr_area;
	uint16_t last_avail;   /* device side: next available entry */
	uint16_t used_idx;     /* device side: next used entry */
	volatile uint16_t doorbell;
	uint64_t nombuf;       /* the port's rx_mbuf_alloc_failed element, for rx queues */
};

static struct virtqueue *
fake_vq(struct fake *fk, uint16_t n, uint16_t qidx, struct fpk_mempool *mp, bool mrg)
{
	size_t a, u, len = vring_layout(n, &a, &u);
	struct virtqueue *vq = aligned_alloc(FPK_CACHE_LINE_SIZE, sizeof(*vq));

	memset(fk, 0, sizeof(*fk));
	if (vq == NULL)
		return NULL;
	memset(vq, 0, sizeof(*vq));
	fk->ring = aligned_alloc(4096, FPK_ALIGN_CEIL(len, (size_t)4096));
	fk->hdr_area = calloc(n, VQ_HDR_STRIDE + VQ_CTRL_BUF_LEN);
	vq->slots = calloc(n, sizeof(*vq->slots));
	vq_ring_init(vq, fk->ring, 0x1000, n);
	vq->queue_index = qidx;
	vq->notify_addr = &fk->doorbell;
	vq->hdr_va = fk->hdr_area;
	vq->hdr_iova = FAKE_HDR_IOVA;
	vq->mp = mp;
	vq->nombuf = &fk->nombuf;
	vq->mrg_rxbuf = mrg;
	vq->free_thresh = 8;
	fk->doorbell = 0xffff;
	fk->vq = vq;
	return vq;
}

static void
fake_free(struct fake *fk)
{
	vq_release_mbufs(fk->vq);
	free(fk->vq->slots);
	free(fk->vq);
	free(fk->ring);
	free(fk->hdr_area);
}

static uint16_t
fake_avail_pending(struct fake *fk)
{
	return (uint16_t)(__atomic_load_n(&fk->vq->avail->idx, __ATOMIC_ACQUIRE) - fk->last_avail);
}

static void
fake_used(struct fake *fk, uint16_t id, uint32_t len, bool publish)
{
	volatile struct vring_used *used = fk->vq->used;

	used->ring[fk->used_idx & (fk->vq->nb_desc - 1)].id = id;
	used->ring[fk->used_idx & (fk->vq->nb_desc - 1)].len = len;
	fk->used_idx++;
	if (publish)
		__atomic_store_n(&used->idx, fk->used_idx, __ATOMIC_RELEASE);
}

/* Where the CPU sees DMA address @addr of tx chain @m (or the header area). */
static uint8_t *
fake_tx_va(struct fake *fk, struct fpk_mbuf *m, uint64_t addr)
{
	if (addr >= FAKE_HDR_IOVA && addr < FAKE_HDR_IOVA + (uint64_t)fk->vq->nb_desc * VQ_HDR_STRIDE)
		return fk->hdr_area + (addr - FAKE_HDR_IOVA);
	for (; m != NULL; m = m->next)
		if (addr >= m->buf_iova && addr < m->buf_iova + m->buf_len)
			return (uint8_t *)m->buf_addr + (addr - m->buf_iova);
	return NULL;
}

/* Device transmit: walk each pending chain, check header and payload bytes. */
static int
fake_tx_consume(struct fake *fk, uint16_t count, uint32_t *lens, uint8_t *seen_descs)
{
	struct virtqueue *vq = fk->vq;

	for (uint16_t k = 0; k < count; k++) {
		uint16_t head = vq->avail->ring[fk->last_avail++ & (vq->nb_desc - 1)];
		struct fpk_mbuf *m = vq->slots[head].m;
		uint8_t buf[4096];
		uint32_t got = 0;
		uint16_t id = head, nd = 0;

		for (;;) {
			const struct vring_desc *d = &vq->desc[id];
			uint8_t *va = fake_tx_va(fk, m, d->addr);

			TEST_ASSERT_NOT_NULL(va, "desc %u address 0x%llx unknown", id,
					     (unsigned long long)d->addr);
			TEST_ASSERT(!(d->flags & VRING_DESC_F_WRITE), "tx desc writable");
			TEST_ASSERT(got + d->len <= sizeof(buf), "chain too long");
			memcpy(buf + got, va, d->len);
			got += d->len;
			nd++;
			if (!(d->flags & VRING_DESC_F_NEXT))
				break;
			id = d->next;
		}
		TEST_ASSERT(got >= HDR, "chain of %u bytes", got);
		for (uint32_t i = 0; i < HDR; i++)
			TEST_ASSERT_EQUAL(buf[i], 0, "header byte %u is %u", i, buf[i]);
		for (uint32_t i = HDR; i < got; i++)
			TEST_ASSERT_EQUAL(buf[i], (uint8_t)(i - HDR), "payload byte %u", i - HDR);
		lens[k] = got - HDR;
		seen_descs[k] = (uint8_t)nd;
		fake_used(fk, head, 0, true);
	}
	return TEST_SUCCESS;
}

static struct fpk_mbuf *
make_pkt(struct fpk_mempool *mp, uint32_t len, uint32_t seg_len)
{
	struct fpk_mbuf *head = NULL;
	uint32_t off = 0;

	while (off < len) {
		struct fpk_mbuf *m = fpk_pktmbuf_alloc(mp);
		uint16_t n = (uint16_t)FPK_MIN(seg_len, len - off);
		uint8_t *p;

		if (m == NULL)
			goto fail;
		p = (uint8_t *)fpk_pktmbuf_append(m, n);
		for (uint16_t i = 0; i < n; i++)
			p[i] = (uint8_t)(off + i);
		off += n;
		if (head == NULL)
			head = m;
		else if (fpk_pktmbuf_chain(head, m) != 0)
			goto fail;
	}
	return head;
fail:
	fpk_pktmbuf_free(head);
	return NULL;
}

static int
test_virtio_tx(struct fpk_mempool *mp)
{
	struct fake fk;
	struct virtqueue *vq = fake_vq(&fk, 64, 1, mp, false);
	struct fpk_mbuf *pkts[80], *shared;
	uint32_t lens[80];
	uint8_t nd[80];
	uint16_t sent;

	TEST_ASSERT_NOT_NULL(vq, "no memory");
	if (pkts[0] = fpk_pktmbuf_alloc(mp), pkts[0] == NULL || pkts[0]->buf_iova == FPK_BAD_IOVA) {
		fpk_pktmbuf_free(pkts[0]);
		fake_free(&fk);
		return fpk_test_skip("mbufs have no DMA address in this EAL mode");
	}
	fpk_pktmbuf_free(pkts[0]);

	/* Single-segment packets: the header goes into the headroom, one descriptor each. */
	for (int i = 0; i < 16; i++)
		pkts[i] = make_pkt(mp, 60 + (uint32_t)i, 2048);
	sent = virtio_tx_burst(vq, pkts, 16);
	TEST_ASSERT_EQUAL(sent, 16, "sent %u", sent);
	TEST_ASSERT_EQUAL(fk.doorbell, 1, "no notification (doorbell %u)", fk.doorbell);
	TEST_ASSERT_EQUAL(vq->xstats.notifies, 1, "one notification per burst");
	TEST_ASSERT_EQUAL(fake_avail_pending(&fk), 16, "avail");
	TEST_RUN(fake_tx_consume(&fk, 16, lens, nd));
	for (int i = 0; i < 16; i++) {
		TEST_ASSERT_EQUAL(lens[i], 60u + (uint32_t)i, "length of packet %d", i);
		TEST_ASSERT_EQUAL(nd[i], 1, "packet %d used %u descriptors", i, nd[i]);
	}
	TEST_ASSERT_EQUAL(vq->stats.bytes, 16u * 60 + 120, "bytes %llu",
			  (unsigned long long)vq->stats.bytes);

	/* Three segments, and a shared mbuf: header from the per-descriptor area. */
	pkts[0] = make_pkt(mp, 300, 100);
	shared = make_pkt(mp, 64, 2048);
	fpk_mbuf_refcnt_update(shared, 1);
	pkts[1] = shared;
	fk.doorbell = 0xffff;
	/* The device asks for no notifications: none is written. */
	vq->used->flags = VRING_USED_F_NO_NOTIFY;
	sent = virtio_tx_burst(vq, pkts, 2);
	TEST_ASSERT_EQUAL(sent, 2, "sent %u", sent);
	TEST_ASSERT_EQUAL(fk.doorbell, 0xffff, "notified despite NO_NOTIFY");
	TEST_ASSERT_EQUAL(vq->xstats.suppressed, 1, "suppressed %llu",
			  (unsigned long long)vq->xstats.suppressed);
	vq->used->flags = 0;
	TEST_RUN(fake_tx_consume(&fk, 2, lens, nd));
	TEST_ASSERT(lens[0] == 300 && nd[0] == 3, "3-seg packet: %u bytes, %u descs", lens[0], nd[0]);
	TEST_ASSERT(lens[1] == 64 && nd[1] == 2, "shared packet: %u bytes, %u descs", lens[1], nd[1]);
	TEST_ASSERT_EQUAL(fpk_pktmbuf_headroom(shared), FPK_PKTMBUF_HEADROOM, "shared mbuf modified");

	/* Fill the ring while the device sleeps: it stops at 64 descriptors,
	 * after reclaiming what the device had finished. */
	for (int i = 0; i < 80; i++)
		pkts[i] = make_pkt(mp, 64, 2048);
	sent = virtio_tx_burst(vq, pkts, 80);
	TEST_ASSERT_EQUAL(sent, 64, "sent %u into a 64-entry ring", sent);
	TEST_ASSERT_EQUAL(vq->xstats.full, 1, "ring_full not counted");
	TEST_ASSERT_EQUAL(fpk_mbuf_refcnt_read(shared), 1, "shared mbuf not released once");
	fpk_pktmbuf_free(shared);
	TEST_RUN(fake_tx_consume(&fk, 64, lens, nd));
	sent = virtio_tx_burst(vq, pkts + 64, 16);
	TEST_ASSERT_EQUAL(sent, 16, "after reclaim sent %u", sent);
	TEST_RUN(fake_tx_consume(&fk, 16, lens, nd));
	/* A final reclaim, then the leak check of test_eth_run covers everything. */
	TEST_ASSERT_EQUAL(virtio_tx_burst(vq, pkts, 0), 0, "empty burst");
	fake_free(&fk);
	return TEST_SUCCESS;
}
TEST_ETH_REGISTER(pmd_virtio_tx, test_virtio_tx)

/* Device receive: write @len bytes (pattern) into the next available buffers. */
static int
fake_rx_packet(struct fake *fk, uint32_t len, bool mrg, bool publish_last)
{
	struct virtqueue *vq = fk->vq;
	uint32_t off = 0;
	uint16_t nbufs = 0, ids[8];
	uint32_t lens[8];

	do {
		TEST_ASSERT(fake_avail_pending(fk) > 0, "no rx buffer posted");
		uint16_t id = vq->avail->ring[fk->last_avail++ & (vq->nb_desc - 1)];
		const struct vring_desc *d = &vq->desc[id];
		struct fpk_mbuf *m = vq->slots[id].m;
		uint8_t *va = (uint8_t *)m->buf_addr + (d->addr - m->buf_iova);
		uint32_t room = d->len, w = 0;

		TEST_ASSERT(d->flags & VRING_DESC_F_WRITE, "rx desc not writable");
		if (nbufs == 0) {
			struct virtio_net_hdr h = { 0 };

			memcpy(va, &h, HDR);
			w = HDR;
		}
		for (; w < room && off < len; w++)
			va[w] = (uint8_t)off++;
		ids[nbufs] = id;
		lens[nbufs++] = w;
		TEST_ASSERT(mrg || off == len, "packet does not fit one buffer");
	} while (off < len);
	((struct virtio_net_hdr *)(void *)((uint8_t *)vq->slots[ids[0]].m->buf_addr +
		(vq->desc[ids[0]].addr - vq->slots[ids[0]].m->buf_iova)))->num_buffers = nbufs;
	for (uint16_t k = 0; k < nbufs; k++)
		fake_used(fk, ids[k], lens[k], k + 1 < nbufs || publish_last);
	return nbufs;
}

static int
check_rx_pkt(struct fpk_mbuf *m, uint32_t len)
{
	uint32_t off = 0;

	TEST_ASSERT_EQUAL(m->pkt_len, len, "pkt_len %u, want %u", m->pkt_len, len);
	for (struct fpk_mbuf *s = m; s != NULL; s = s->next)
		for (uint16_t i = 0; i < s->data_len; i++, off++)
			TEST_ASSERT_EQUAL(fpk_pktmbuf_mtod(s, uint8_t *)[i], (uint8_t)off,
					  "byte %u", off);
	TEST_ASSERT_EQUAL(off, len, "segments hold %u bytes", off);
	return TEST_SUCCESS;
}

static int
test_virtio_rx(struct fpk_mempool *mp)
{
	struct fake fk;
	struct virtqueue *vq = fake_vq(&fk, 64, 0, mp, true);
	struct fpk_mbuf *pkts[32];
	uint16_t n;

	TEST_ASSERT_NOT_NULL(vq, "no memory");
	TEST_ASSERT_SUCCESS(vq_rx_fill(vq), "fill");
	TEST_ASSERT_EQUAL(fake_avail_pending(&fk), 64, "posted %u", fake_avail_pending(&fk));
	if (vq->slots[0].m->buf_iova == FPK_BAD_IOVA) {
		fake_free(&fk);
		return fpk_test_skip("mbufs have no DMA address in this EAL mode");
	}
	TEST_ASSERT_EQUAL(virtio_rx_burst(vq, pkts, 32), 0, "rx from an idle device");

	for (uint32_t i = 0; i < 10; i++)
		TEST_ASSERT_EQUAL(fake_rx_packet(&fk, 64 + i, true, true), 1, "one buffer");
	n = virtio_rx_burst(vq, pkts, 4);
	TEST_ASSERT_EQUAL(n, 4, "burst of 4 gave %u", n);
	n = (uint16_t)(n + virtio_rx_burst(vq, pkts + 4, 32));
	TEST_ASSERT_EQUAL(n, 10, "got %u", n);
	for (uint32_t i = 0; i < 10; i++) {
		TEST_RUN(check_rx_pkt(pkts[i], 64 + i));
		TEST_ASSERT_EQUAL(pkts[i]->nb_segs, 1, "segments");
	}
	fpk_pktmbuf_free_bulk(pkts, n);
	/* Not refilled below free_thresh (8) free descriptors, then all at once. */
	TEST_ASSERT_EQUAL(fake_avail_pending(&fk), 64, "refill");
	TEST_ASSERT_EQUAL(fk.doorbell, 0, "refill not notified");

	/* A 5000-byte packet over three buffers (MRG_RXBUF): not delivered
	 * until its last buffer is used, then as one chained packet. */
	TEST_ASSERT_EQUAL(fake_rx_packet(&fk, 5000, true, false), 3, "buffers");
	TEST_ASSERT_EQUAL(virtio_rx_burst(vq, pkts, 32), 0, "half a packet delivered");
	__atomic_store_n(&vq->used->idx, fk.used_idx, __ATOMIC_RELEASE);
	n = virtio_rx_burst(vq, pkts, 32);
	TEST_ASSERT_EQUAL(n, 1, "merged packet: %u", n);
	TEST_ASSERT_EQUAL(pkts[0]->nb_segs, 3, "segments %u", pkts[0]->nb_segs);
	TEST_RUN(check_rx_pkt(pkts[0], 5000));
	TEST_ASSERT_EQUAL(vq->xstats.merged, 1, "merged count");
	fpk_pktmbuf_free(pkts[0]);

	/* A used length shorter than the header is an error, not a packet. */
	fake_rx_packet(&fk, 64, true, false);
	vq->used->ring[(fk.used_idx - 1) & 63].len = 4;
	__atomic_store_n(&vq->used->idx, fk.used_idx, __ATOMIC_RELEASE);
	TEST_ASSERT_EQUAL(virtio_rx_burst(vq, pkts, 32), 0, "runt delivered");
	TEST_ASSERT_EQUAL(vq->stats.errors, 1, "runt not counted");
	TEST_ASSERT_EQUAL(vq->stats.packets, 11, "packets %llu",
			  (unsigned long long)vq->stats.packets);
	fake_free(&fk);
	return TEST_SUCCESS;
}
TEST_ETH_REGISTER(pmd_virtio_rx, test_virtio_rx)

/*
 * An empty pool: the refill after a burst fails, counts the buffers it
 * could not post in rx_mbuf_alloc_failed and posts nothing; the packets
 * already received are delivered. The next burst with mbufs back refills.
 * A fill at start counts every slot it could not give a buffer.
 */
static int
test_virtio_rx_nombuf(struct fpk_mempool *mp)
{
	static struct fpk_mbuf *held[TEST_ETH_NB_MBUF];
	struct fpk_mbuf *pkts[32];
	unsigned int nb_held;
	uint16_t n, pending, nb_free;
	uint64_t nombuf, fill_nombuf;
	struct fake fk, fk2;
	struct virtqueue *vq = fake_vq(&fk, 64, 0, mp, false);
	int fill_ret;

	TEST_ASSERT_NOT_NULL(vq, "no memory");
	TEST_ASSERT_SUCCESS(vq_rx_fill(vq), "fill");
	if (vq->slots[0].m->buf_iova == FPK_BAD_IOVA) {
		fake_free(&fk);
		return fpk_test_skip("mbufs have no DMA address in this EAL mode");
	}
	for (uint32_t i = 0; i < 16; i++)
		TEST_ASSERT_EQUAL(fake_rx_packet(&fk, 64, false, true), 1, "one buffer");
	nb_held = fpk_mempool_avail_count(mp);
	TEST_ASSERT_SUCCESS(fpk_pktmbuf_alloc_bulk(mp, held, nb_held), "empty the pool");
	n = virtio_rx_burst(vq, pkts, 32);
	nombuf = fk.nombuf;
	pending = fake_avail_pending(&fk);
	nb_free = vq->nb_free;
	TEST_ASSERT_NOT_NULL(fake_vq(&fk2, 64, 2, mp, false), "no memory");
	fill_ret = vq_rx_fill(fk2.vq);
	fill_nombuf = fk2.nombuf;
	fake_free(&fk2);
	fpk_pktmbuf_free_bulk(held, nb_held);
	fpk_pktmbuf_free_bulk(pkts, n);
	TEST_ASSERT_EQUAL(n, 16, "delivered %u of the 16 received", n);
	TEST_ASSERT_EQUAL(nombuf, 16, "rx_mbuf_alloc_failed %llu, want 16 (one per free "
			  "descriptor)", (unsigned long long)nombuf);
	TEST_ASSERT(pending == 48 && nb_free == 16, "a failed refill posted buffers: %u "
		    "pending, %u free", pending, nb_free);
	TEST_ASSERT_EQUAL(fill_ret, -ENOMEM, "fill from an empty pool: %d", fill_ret);
	TEST_ASSERT_EQUAL(fill_nombuf, 64, "fill counted %llu", (unsigned long long)fill_nombuf);

	TEST_ASSERT_EQUAL(virtio_rx_burst(vq, pkts, 32), 0, "rx from an idle device");
	TEST_ASSERT_EQUAL(fake_avail_pending(&fk), 64, "not refilled once mbufs came back");
	TEST_ASSERT_EQUAL(fk.nombuf, 16, "a refill that worked counted");
	fake_free(&fk);
	return TEST_SUCCESS;
}
TEST_ETH_REGISTER(pmd_virtio_rx_nombuf, test_virtio_rx_nombuf)

/* ---- control queue: the device runs on its own thread ---------------- */

static void *
fake_ctrl_device(void *arg)
{
	struct fake *fk = arg;
	struct virtqueue *vq = fk->vq;

	uint64_t deadline = fpk_rdtsc() + 10 * fpk_get_tsc_hz();

	while (fpk_rdtsc() < deadline) {
		if (fake_avail_pending(fk) == 0)
			continue;
		uint16_t id = vq->avail->ring[fk->last_avail++ & (vq->nb_desc - 1)];
		uint8_t cls = 0xff, cmd = 0xff, data0 = 0;
		uint8_t *ack = NULL;

		for (;;) {
			const struct vring_desc *d = &vq->desc[id];
			uint8_t *va = fk->hdr_area + (d->addr - FAKE_HDR_IOVA);

			if (d->flags & VRING_DESC_F_WRITE) {
				ack = va;
			} else if (cls == 0xff) {
				cls = va[0];
				cmd = va[1];
			} else {
				data0 = va[0];
			}
			if (!(d->flags & VRING_DESC_F_NEXT))
				break;
			id = d->next;
		}
		/* Accept RX_PROMISC; refuse anything else. */
		*ack = (cls == VIRTIO_NET_CTRL_RX && cmd == VIRTIO_NET_CTRL_RX_PROMISC &&
			data0 == 1) ? VIRTIO_NET_OK : VIRTIO_NET_ERR;
		fake_used(fk, 0, 1, true);
		if (cls == 0xee)
			break;
	}
	return NULL;
}

static int
test_virtio_ctrl(void)
{
	struct fake fk;
	struct virtqueue *vq = fake_vq(&fk, 16, 2, NULL, false);
	uint8_t on = 1, mac[6] = { 2, 0, 0, 0, 0, 1 };
	pthread_t th;
	int r1, r2, r3;

	TEST_ASSERT_NOT_NULL(vq, "no memory");
	TEST_ASSERT_SUCCESS(pthread_create(&th, NULL, fake_ctrl_device, &fk), "thread");
	r1 = vq_ctrl_cmd(vq, VIRTIO_NET_CTRL_RX, VIRTIO_NET_CTRL_RX_PROMISC, &on, 1, 2000);
	r2 = vq_ctrl_cmd(vq, VIRTIO_NET_CTRL_MAC, VIRTIO_NET_CTRL_MAC_ADDR_SET, mac, 6, 2000);
	r3 = vq_ctrl_cmd(vq, 0xee, 0, NULL, 0, 2000);
	pthread_join(th, NULL);
	TEST_ASSERT_EQUAL(r1, 0, "promisc: %d", r1);
	TEST_ASSERT_EQUAL(r2, -EIO, "refused command: %d", r2);
	TEST_ASSERT_EQUAL(r3, -EIO, "last command: %d", r3);
	TEST_ASSERT_EQUAL(vq_ctrl_cmd(vq, 0, 0, mac, VQ_CTRL_DATA_MAX + 1, 1), -EINVAL, "long");
	/* Nobody answers now. */
	TEST_ASSERT_EQUAL(vq_ctrl_cmd(vq, 0, 0, NULL, 0, 5), -ETIMEDOUT, "timeout");
	fake_free(&fk);
	return TEST_SUCCESS;
}
FPK_TEST_REGISTER(pmd_virtio_ctrl, test_virtio_ctrl)
