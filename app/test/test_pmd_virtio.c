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

/*
 * The features net_virtio implements, with their numbers in the virtio 1.1
 * specification (2.2 and 6 for the device-independent ones, 5.1.3 for
 * virtio-net's), written out here rather than taken from the driver: with
 * every feature offered it must take exactly these, and nothing it does not
 * implement (checksum or segmentation offloads, indirect descriptors,
 * event index, the packed ring, ...).
 */
static const struct {
	unsigned int bit;      /* the driver's name for it */
	unsigned int spec_bit; /* the specification's number */
	const char *name;
} virtio_implemented[] = {
	{ VIRTIO_NET_F_MAC, 5, "VIRTIO_NET_F_MAC" },
	{ VIRTIO_NET_F_MRG_RXBUF, 15, "VIRTIO_NET_F_MRG_RXBUF" },
	{ VIRTIO_NET_F_STATUS, 16, "VIRTIO_NET_F_STATUS" },
	{ VIRTIO_NET_F_CTRL_VQ, 17, "VIRTIO_NET_F_CTRL_VQ" },
	{ VIRTIO_NET_F_CTRL_RX, 18, "VIRTIO_NET_F_CTRL_RX" },
	{ VIRTIO_NET_F_MQ, 22, "VIRTIO_NET_F_MQ" },
	{ VIRTIO_NET_F_CTRL_MAC_ADDR, 23, "VIRTIO_NET_F_CTRL_MAC_ADDR" },
	{ VIRTIO_F_VERSION_1, 32, "VIRTIO_F_VERSION_1" },
	{ VIRTIO_F_RING_RESET, 40, "VIRTIO_F_RING_RESET" },
	{ VIRTIO_NET_F_HASH_REPORT, 57, "VIRTIO_NET_F_HASH_REPORT" },
	{ VIRTIO_NET_F_RSS, 60, "VIRTIO_NET_F_RSS" },
};
/* Taken only behind an IOMMU (and then required). */
#define SPEC_F_ACCESS_PLATFORM 33

/* @got equals @want; else name every bit in one and not the other. */
static int
features_are(uint64_t got, uint64_t want, const char *what)
{
	for (unsigned int b = 0; b < 64; b++) {
		if ((got ^ want) & (UINT64_C(1) << b))
			printf("  %s: feature bit %u %s\n", what, b,
			       got & (UINT64_C(1) << b) ?
			       "taken, but net_virtio does not implement it" : "not taken");
	}
	TEST_ASSERT_EQUAL(got, want, "%s: took 0x%llx, expected 0x%llx", what,
			  (unsigned long long)got, (unsigned long long)want);
	return TEST_SUCCESS;
}

static int
test_virtio_negotiate(void)
{
	const uint64_t all = ~UINT64_C(0);
	uint64_t f, implemented = 0;

	for (size_t i = 0; i < FPK_DIM(virtio_implemented); i++) {
		TEST_ASSERT_EQUAL(virtio_implemented[i].bit, virtio_implemented[i].spec_bit,
				  "%s is bit %u, the specification says %u",
				  virtio_implemented[i].name, virtio_implemented[i].bit,
				  virtio_implemented[i].spec_bit);
		implemented |= UINT64_C(1) << virtio_implemented[i].spec_bit;
	}
	TEST_ASSERT_EQUAL(VIRTIO_F_ACCESS_PLATFORM, SPEC_F_ACCESS_PLATFORM, "ACCESS_PLATFORM bit");

	TEST_ASSERT_SUCCESS(virtio_net_negotiate("t", all, false, &f), "all offered");
	TEST_RUN(features_are(f, implemented, "all offered"));
	/* One at a time (with VERSION_1 and CTRL_VQ): only an implemented bit is taken. */
	for (unsigned int b = 0; b < 64; b++) {
		const uint64_t base = (UINT64_C(1) << 32) | (UINT64_C(1) << 17);
		const uint64_t bit = UINT64_C(1) << b;

		TEST_ASSERT_SUCCESS(virtio_net_negotiate("t", base | bit, false, &f), "bit %u", b);
		TEST_ASSERT_EQUAL(f & bit, implemented & bit, "offered bit %u alone: %s", b,
				  f & bit ? "taken, but not implemented" :
				  "implemented, not taken");
		TEST_ASSERT_EQUAL(f & ~bit, base & ~bit, "offered bit %u: took 0x%llx", b,
				  (unsigned long long)f);
	}

	TEST_ASSERT_EQUAL(virtio_net_negotiate("t", all & ~VIRTIO_BIT(VIRTIO_F_VERSION_1), false,
					       &f), -ENOTSUP, "legacy device accepted");

	/* Control-queue features need the control queue (virtio 1.1 5.1.3.1). */
	TEST_ASSERT_SUCCESS(virtio_net_negotiate("t", all & ~VIRTIO_BIT(VIRTIO_NET_F_CTRL_VQ),
						 false, &f), "no ctrl vq");
	TEST_RUN(features_are(f, implemented & ~((UINT64_C(1) << 17) | (UINT64_C(1) << 18) |
						 (UINT64_C(1) << 22) | (UINT64_C(1) << 23) |
						 (UINT64_C(1) << 57) | (UINT64_C(1) << 60)),
			      "no ctrl vq"));

	/* Only what is offered. */
	TEST_ASSERT_SUCCESS(virtio_net_negotiate("t", VIRTIO_BIT(VIRTIO_F_VERSION_1) |
						 VIRTIO_BIT(VIRTIO_NET_F_MAC), false, &f), "min");
	TEST_ASSERT_EQUAL(f, VIRTIO_BIT(VIRTIO_F_VERSION_1) | VIRTIO_BIT(VIRTIO_NET_F_MAC), "min");

	/* Behind an IOMMU: ACCESS_PLATFORM is required and taken. */
	TEST_ASSERT_SUCCESS(virtio_net_negotiate("t", all, true, &f), "iommu");
	TEST_RUN(features_are(f, implemented | (UINT64_C(1) << SPEC_F_ACCESS_PLATFORM), "iommu"));
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

/*
 * The control commands net_virtio sends, as the virtio 1.1 specification
 * (5.1.6.5) lays them out: u8 class, u8 command, the command's data, then
 * one device-writable u8 ack. The numbers are the specification's.
 */
#define SPEC_CTRL_RX 0
#define SPEC_CTRL_RX_PROMISC 0
#define SPEC_CTRL_RX_ALLMULTI 1
#define SPEC_CTRL_MAC 1
#define SPEC_CTRL_MAC_ADDR_SET 1
#define SPEC_CTRL_MQ 4
#define SPEC_CTRL_MQ_VQ_PAIRS_SET 0
#define SPEC_CTRL_MQ_VQ_PAIRS_MAX 0x8000
#define SPEC_NET_OK 0
#define SPEC_NET_ERR 1
/* Not a command: the device answers it with an error and stops. */
#define CTRL_STOP 0xee

/* What the fake device made of one command. */
struct ctrl_seen {
	uint8_t cls, cmd;
	uint8_t data[VQ_CTRL_DATA_MAX + 16];
	uint32_t data_len;  /* readable bytes after class and command */
	uint32_t ack_len;   /* device-writable bytes */
	char why[112];      /* why the device refused it; "" if it accepted */
};

struct ctrl_dev {
	struct fake fk;
	unsigned int nb_seen;
	struct ctrl_seen seen[16];
};

/* The data length of command @cmd of class @cls (virtio 1.1 5.1.6.5); -1: unknown. */
static int
ctrl_data_len(uint8_t cls, uint8_t cmd, const char **name)
{
	if (cls == SPEC_CTRL_RX && cmd == SPEC_CTRL_RX_PROMISC) {
		*name = "RX_PROMISC";
		return 1; /* u8 on */
	}
	if (cls == SPEC_CTRL_RX && cmd == SPEC_CTRL_RX_ALLMULTI) {
		*name = "RX_ALLMULTI";
		return 1; /* u8 on */
	}
	if (cls == SPEC_CTRL_MAC && cmd == SPEC_CTRL_MAC_ADDR_SET) {
		*name = "MAC_ADDR_SET";
		return 6; /* u8 mac[6] */
	}
	if (cls == SPEC_CTRL_MQ && cmd == SPEC_CTRL_MQ_VQ_PAIRS_SET) {
		*name = "MQ_VQ_PAIRS_SET";
		return 2; /* le16 virtqueue_pairs */
	}
	*name = "?";
	return -1;
}

/*
 * Take the command chain at @head apart into @sc: readable bytes first
 * (class, command, data, however the descriptors split them), then the
 * writable ack. @return where to write the ack, NULL if there is nowhere.
 */
static uint8_t *
ctrl_parse(struct fake *fk, uint16_t head, struct ctrl_seen *sc)
{
	struct virtqueue *vq = fk->vq;
	const uint64_t area = (uint64_t)vq->nb_desc * (VQ_HDR_STRIDE + VQ_CTRL_BUF_LEN);
	uint8_t rd[2 + sizeof(sc->data)];
	uint32_t rd_len = 0;
	uint8_t *ack = NULL;
	uint16_t id = head;

	for (unsigned int k = 0; k < vq->nb_desc; k++) {
		const struct vring_desc *d = &vq->desc[id];
		uint8_t *va;

		if (d->addr < FAKE_HDR_IOVA || d->addr - FAKE_HDR_IOVA + d->len > area) {
			snprintf(sc->why, sizeof(sc->why), "descriptor %u: 0x%llx+%u outside the "
				 "command buffer", id, (unsigned long long)d->addr, d->len);
			return NULL;
		}
		va = fk->hdr_area + (d->addr - FAKE_HDR_IOVA);
		if (d->flags & VRING_DESC_F_WRITE) {
			if (ack == NULL)
				ack = va;
			sc->ack_len += d->len;
		} else if (ack != NULL) {
			snprintf(sc->why, sizeof(sc->why), "a readable descriptor after the ack");
		} else if (rd_len + d->len > sizeof(rd)) {
			snprintf(sc->why, sizeof(sc->why), "more than %zu readable bytes",
				 sizeof(rd));
		} else {
			memcpy(rd + rd_len, va, d->len);
			rd_len += d->len;
		}
		if (!(d->flags & VRING_DESC_F_NEXT))
			break;
		id = d->next;
	}
	if (rd_len < 2) {
		snprintf(sc->why, sizeof(sc->why), "%u readable bytes: no class and command",
			 rd_len);
		return ack;
	}
	sc->cls = rd[0];
	sc->cmd = rd[1];
	sc->data_len = rd_len - 2;
	memcpy(sc->data, rd + 2, sc->data_len);
	return ack;
}

/* Check @sc as the specification defines the command; say why not in sc->why. */
static void
ctrl_judge(struct ctrl_seen *sc)
{
	const char *name;
	int want = ctrl_data_len(sc->cls, sc->cmd, &name);

	if (sc->why[0] != '\0')
		return;
	if (sc->ack_len != 1)
		snprintf(sc->why, sizeof(sc->why), "%u writable bytes, the ack is 1", sc->ack_len);
	else if (want < 0)
		snprintf(sc->why, sizeof(sc->why), "unknown command %u/%u", sc->cls, sc->cmd);
	else if (sc->data_len != (uint32_t)want)
		snprintf(sc->why, sizeof(sc->why), "%s with %u data bytes, the specification "
			 "says %d", name, sc->data_len, want);
	else if (sc->cls == SPEC_CTRL_RX && sc->data[0] > 1)
		snprintf(sc->why, sizeof(sc->why), "%s on=%u", name, sc->data[0]);
	else if (sc->cls == SPEC_CTRL_MQ &&
		 (sc->data[0] | sc->data[1] << 8) - 1u >= SPEC_CTRL_MQ_VQ_PAIRS_MAX)
		snprintf(sc->why, sizeof(sc->why), "%s of %u pairs", name,
			 sc->data[0] | sc->data[1] << 8);
}

static void *
fake_ctrl_device(void *arg)
{
	struct ctrl_dev *cd = arg;
	struct fake *fk = &cd->fk;
	struct virtqueue *vq = fk->vq;
	uint64_t deadline = fpk_rdtsc() + 10 * fpk_get_tsc_hz();

	while (fpk_rdtsc() < deadline && cd->nb_seen < FPK_DIM(cd->seen)) {
		if (fake_avail_pending(fk) == 0)
			continue;
		uint16_t head = vq->avail->ring[fk->last_avail++ & (vq->nb_desc - 1)];
		struct ctrl_seen *sc = &cd->seen[cd->nb_seen++];
		uint8_t *ack = ctrl_parse(fk, head, sc);

		ctrl_judge(sc);
		if (ack != NULL)
			*ack = sc->why[0] == '\0' ? SPEC_NET_OK : SPEC_NET_ERR;
		fake_used(fk, head, ack != NULL ? 1 : 0, true);
		if (sc->cls == CTRL_STOP)
			break;
	}
	return NULL;
}

/*
 * Every command the driver sends, well formed, is accepted and reaches the
 * device as sent; a command whose data has the wrong length or value is
 * refused (the fake device checks the layout, so it must refuse these).
 */
static int
test_virtio_ctrl(void)
{
	static const struct {
		uint8_t cls, cmd;
		uint8_t len;
		uint8_t data[6];
		int want;
	} cmds[] = {
		{ VIRTIO_NET_CTRL_RX, VIRTIO_NET_CTRL_RX_PROMISC, 1, { 1 }, 0 },
		{ VIRTIO_NET_CTRL_RX, VIRTIO_NET_CTRL_RX_ALLMULTI, 1, { 0 }, 0 },
		{ VIRTIO_NET_CTRL_MAC, VIRTIO_NET_CTRL_MAC_ADDR_SET, 6, { 2, 0, 0, 0xa, 0xb, 1 },
		  0 },
		{ VIRTIO_NET_CTRL_MQ, VIRTIO_NET_CTRL_MQ_VQ_PAIRS_SET, 2, { 3, 1 }, 0 },
		{ VIRTIO_NET_CTRL_RX, VIRTIO_NET_CTRL_RX_PROMISC, 2, { 1, 0 }, -EIO },
		{ VIRTIO_NET_CTRL_RX, VIRTIO_NET_CTRL_RX_ALLMULTI, 1, { 2 }, -EIO },
		{ VIRTIO_NET_CTRL_MAC, VIRTIO_NET_CTRL_MAC_ADDR_SET, 5, { 2, 0, 0, 0, 1 }, -EIO },
		{ VIRTIO_NET_CTRL_MQ, VIRTIO_NET_CTRL_MQ_VQ_PAIRS_SET, 1, { 3 }, -EIO },
		{ VIRTIO_NET_CTRL_MQ, VIRTIO_NET_CTRL_MQ_VQ_PAIRS_SET, 2, { 0, 0 }, -EIO },
		{ CTRL_STOP, 0, 0, { 0 }, -EIO },
	};
	static struct ctrl_dev cd;
	struct virtqueue *vq = fake_vq(&cd.fk, 16, 2, NULL, false);
	uint8_t mac[6] = { 2, 0, 0, 0, 0, 1 };
	int ret[FPK_DIM(cmds)];
	pthread_t th;

	TEST_ASSERT_NOT_NULL(vq, "no memory");
	cd.nb_seen = 0;
	memset(cd.seen, 0, sizeof(cd.seen));
	TEST_ASSERT_SUCCESS(pthread_create(&th, NULL, fake_ctrl_device, &cd), "thread");
	for (size_t i = 0; i < FPK_DIM(cmds); i++)
		ret[i] = vq_ctrl_cmd(vq, cmds[i].cls, cmds[i].cmd, cmds[i].data, cmds[i].len, 2000);
	pthread_join(th, NULL);
	TEST_ASSERT_EQUAL(cd.nb_seen, FPK_DIM(cmds), "the device saw %u commands, %zu sent",
			  cd.nb_seen, FPK_DIM(cmds));
	for (size_t i = 0; i < FPK_DIM(cmds); i++) {
		const struct ctrl_seen *sc = &cd.seen[i];

		TEST_ASSERT_EQUAL(ret[i], cmds[i].want, "command %zu (%u/%u, %u data bytes): %d, "
				  "expected %d; the device said: %s", i, cmds[i].cls, cmds[i].cmd,
				  cmds[i].len, ret[i], cmds[i].want, sc->why[0] ? sc->why : "OK");
		TEST_ASSERT(sc->cls == cmds[i].cls && sc->cmd == cmds[i].cmd,
			    "command %zu: the device saw %u/%u, %u/%u sent", i, sc->cls, sc->cmd,
			    cmds[i].cls, cmds[i].cmd);
		TEST_ASSERT(sc->data_len == cmds[i].len &&
			    memcmp(sc->data, cmds[i].data, cmds[i].len) == 0,
			    "command %zu: the device saw %u data bytes (first 0x%02x), %u sent", i,
			    sc->data_len, sc->data[0], cmds[i].len);
		TEST_ASSERT_EQUAL(sc->ack_len, 1, "command %zu: ack of %u bytes", i, sc->ack_len);
	}
	TEST_ASSERT_EQUAL(vq_ctrl_cmd(vq, 0, 0, mac, VQ_CTRL_DATA_MAX + 1, 1), -EINVAL, "long");
	/* Nobody answers now. */
	TEST_ASSERT_EQUAL(vq_ctrl_cmd(vq, 0, 0, NULL, 0, 5), -ETIMEDOUT, "timeout");
	fake_free(&cd.fk);
	return TEST_SUCCESS;
}
FPK_TEST_REGISTER(pmd_virtio_ctrl, test_virtio_ctrl)
