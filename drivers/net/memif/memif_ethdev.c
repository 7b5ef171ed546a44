/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * net_memif: a port whose other end is another process on the same host
 * (DPDK's net_memif, VPP, libmemif or FPK itself), speaking the memif
 * protocol 2.0 (memif.h). Packets are copied into and out of rings and
 * buffers in memfd regions the client creates and the server maps; the
 * control channel (memif_socket.c) runs on the EAL's interrupt thread.
 *
 * A zero-copy client (zero-copy=yes, as DPDK's) puts only the rings in its
 * memfd region and shares the EAL's hugepage segments as regions 1..n:
 * its descriptors point at mbuf data, rx hands the mbufs the server
 * filled straight up, and tx puts the application's mbufs on the ring and
 * frees them once the server has consumed them. The server copies as ever.
 *
 * Both ends poll: each marks the rings it receives on with MASK_INT, as
 * DPDK does, so neither kicks the other's eventfd. A peer that does not
 * mask (an interrupt-mode VPP) gets one eventfd write per tx burst, as
 * DPDK gives it.
 *
 * Arguments (DPDK 22.11's names, meanings and defaults): role=server|client
 * (client), id=<n> (0), socket=<path> (/run/memif.sock),
 * socket-abstract=yes|no (yes), bsize=<bytes> (2048), rsize=<log2 of the
 * ring size> (10), secret=<string> (none), mac=<addr> (random),
 * zero-copy=yes|no (no; client only, a server ignores it as DPDK's does).
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fpk_bus_vdev.h"
#include "fpk_eal.h"
#include "fpk_ether.h"
#include "fpk_intr.h"
#include "fpk_kvargs.h"
#include "fpk_malloc.h"
#include "fpk_mbuf.h"
#include "fpk_memory.h"
#include "memif_internal.h"

#define MEMIF_DRIVER_NAME "net_memif"
#define MEMIF_DEFAULT_SOCKET "/run/memif.sock"
#define MEMIF_DEFAULT_BSIZE 2048
#define MEMIF_DEFAULT_LOG2_RING 10
#define MEMIF_QUEUE_STATS_OFF offsetof(struct memif_queue, stats)
/* Zero-copy rx: mbufs taken from the pool at once when refilling the ring. */
#define MEMIF_ZC_REFILL_BATCH 32

FPK_PMD_LOG_REGISTER(memif);

static inline uint16_t
memif_load(const uint16_t *p)
{
	return __atomic_load_n(p, __ATOMIC_ACQUIRE);
}

static inline void
memif_store(uint16_t *p, uint16_t v)
{
	__atomic_store_n(p, v, __ATOMIC_RELEASE);
}

/*
 * The buffer of descriptor @d (read once into it by the caller: the peer
 * may change the ring under us) in slot @slot if @len bytes of it lie in
 * memory the peer shared, else NULL. A client uses its own buffers and
 * never trusts the offset in the ring.
 */
static inline uint8_t *
memif_slot_buf(const struct memif_queue *q, const struct memif_desc *d, uint16_t slot,
	       uint32_t len)
{
	const struct memif_region *r;

	if (q->bufs != NULL)
		return len <= q->bsize ? q->bufs + (size_t)(slot & q->mask) * q->bsize : NULL;
	if (fpk_unlikely(d->region >= q->nregions))
		return NULL;
	r = &q->regions[d->region];
	if (fpk_unlikely((uint64_t)d->offset + len > r->size))
		return NULL;
	return r->addr + d->offset;
}

/* Copy @len bytes of a slot to the end of the chain at *@tail, growing it. */
static inline int
memif_rx_copy(struct memif_queue *q, struct fpk_mbuf *head, struct fpk_mbuf **tail,
	      const uint8_t *src, uint32_t len)
{
	struct fpk_mbuf *m = *tail;

	while (len > 0) {
		uint32_t room = fpk_pktmbuf_tailroom(m);
		uint32_t cp;

		if (room == 0) {
			struct fpk_mbuf *n = fpk_pktmbuf_alloc(q->mp);

			if (fpk_unlikely(n == NULL))
				return -ENOMEM;
			m->next = n;
			head->nb_segs++;
			m = n;
			*tail = m;
			room = fpk_pktmbuf_tailroom(m);
		}
		cp = FPK_MIN(room, len);
		memcpy(fpk_pktmbuf_mtod_offset(m, uint8_t *, m->data_len), src, cp);
		m->data_len = (uint16_t)(m->data_len + cp);
		head->pkt_len += cp;
		src += cp;
		len -= cp;
	}
	return 0;
}

/*
 * One packet from the slots at @slot (@avail published), into @m.
 * @return the slots it took, 0 if it is not all published yet, or the
 * negative number of slots to skip for a packet dropped (bad descriptor,
 * no mbuf).
 */
static inline int
memif_rx_one(struct memif_queue *q, const struct memif_ring *ring, uint16_t slot,
	     uint16_t avail, struct fpk_mbuf *m)
{
	struct fpk_mbuf *tail = m;
	int used = 0;
	bool bad = false;
	struct memif_desc d;

	do {
		const uint8_t *buf;

		if (used == avail)
			return 0;
		d = ring->desc[(uint16_t)(slot + used) & q->mask];
		used++;
		if (bad)
			continue;
		buf = memif_slot_buf(q, &d, (uint16_t)(slot + used - 1), d.length);
		if (fpk_unlikely(buf == NULL)) {
			q->stats.errors++;
			bad = true;
		} else if (fpk_unlikely(memif_rx_copy(q, m, &tail, buf, d.length))) {
			(*q->nombuf)++;
			bad = true;
		}
	} while (d.flags & MEMIF_DESC_FLAG_NEXT);
	return bad ? -used : used;
}

/* Client: hand slots up to @upto back to the server, each with a whole buffer. */
static inline void
memif_rx_refill(struct memif_queue *q, struct memif_ring *ring, uint16_t upto)
{
	uint16_t head = ring->head;

	for (; head != (uint16_t)(upto + q->mask + 1); head++) {
		struct memif_desc *d = &ring->desc[head & q->mask];

		d->flags = 0;
		d->region = 0;
		d->offset = q->buf_off + (uint32_t)(head & q->mask) * q->bsize;
		d->length = q->bsize;
	}
	memif_store(&ring->head, head);
}

static uint16_t
memif_rx_burst(void *queue, struct fpk_mbuf **pkts, uint16_t n)
{
	struct memif_queue *q = queue;
	struct memif_ring *ring = __atomic_load_n(&q->ring, __ATOMIC_ACQUIRE);
	struct fpk_mbuf *m = NULL;
	uint16_t slot, avail, nb = 0;
	uint64_t bytes = 0;

	if (fpk_unlikely(ring == NULL))
		return 0;
	slot = q->next;
	/* Published slots: the client's head on C2S, the server's tail on S2C. */
	avail = (uint16_t)(memif_load(q->bufs != NULL ? &ring->tail : &ring->head) - slot);
	/* A peer claiming more than a ring holds is lying: take nothing. */
	if (fpk_unlikely(avail > q->mask + 1))
		avail = 0;
	while (nb < n && avail > 0) {
		int used;

		if (m == NULL) {
			m = fpk_pktmbuf_alloc(q->mp);
			if (fpk_unlikely(m == NULL)) {
				(*q->nombuf)++;
				break;
			}
		}
		used = memif_rx_one(q, ring, slot, avail, m);
		if (used == 0)
			break;
		if (used < 0) {
			fpk_pktmbuf_free(m);
			m = NULL;
			used = -used;
		} else {
			m->port = q->port_id;
			bytes += m->pkt_len;
			pkts[nb++] = m;
			m = NULL;
		}
		slot = (uint16_t)(slot + used);
		avail = (uint16_t)(avail - used);
	}
	if (m != NULL)
		fpk_pktmbuf_free(m);
	q->next = slot;
	if (q->bufs != NULL)
		memif_rx_refill(q, ring, slot);
	else
		memif_store(&ring->tail, slot);
	q->stats.packets += nb;
	q->stats.bytes += bytes;
	return nb;
}

/* Copy @m into the slots from @slot on (@room free). @return slots used, 0 if it does not fit. */
static inline uint16_t
memif_tx_one(struct memif_queue *q, struct memif_ring *ring, uint16_t slot, uint16_t room,
	     const struct fpk_mbuf *m)
{
	struct memif_desc *d = NULL;
	uint8_t *dst = NULL;
	uint32_t cap = 0, off = 0;
	uint16_t used = 0;

	for (; m != NULL; m = m->next) {
		const uint8_t *src = fpk_pktmbuf_mtod(m, const uint8_t *);
		uint32_t len = m->data_len;

		while (len > 0) {
			uint32_t cp;

			if (off == cap) {
				uint16_t s = (uint16_t)(slot + used);

				if (used == room)
					return 0;
				if (d != NULL)
					d->flags = MEMIF_DESC_FLAG_NEXT;
				d = &ring->desc[s & q->mask];
				if (q->bufs != NULL) {
					d->region = 0;
					d->offset = q->buf_off + (uint32_t)(s & q->mask) * q->bsize;
				}
				/* A server fills what the client handed out, no more. */
				cap = q->bufs != NULL ? q->bsize : d->length;
				dst = memif_slot_buf(q, d, s, cap);
				if (fpk_unlikely(dst == NULL || cap == 0))
					return 0;
				off = 0;
				used++;
			}
			cp = FPK_MIN(cap - off, len);
			memcpy(dst + off, src, cp);
			off += cp;
			src += cp;
			len -= cp;
			d->length = off;
		}
	}
	if (d == NULL) /* an empty packet still takes a slot */
		return 0;
	d->flags = 0;
	return used;
}

/* After a tx burst published slots: wake a peer that polls no ring. */
static inline void
memif_tx_kick(const struct memif_queue *q, const struct memif_ring *ring)
{
	if (!(__atomic_load_n(&ring->flags, __ATOMIC_RELAXED) & MEMIF_RING_FLAG_MASK_INT) &&
	    q->kick_fd >= 0) {
		uint64_t one = 1;
		/* A lost kick costs a peer in interrupt mode one wake-up, nothing else. */
		ssize_t r = write(q->kick_fd, &one, sizeof(one));

		(void)r;
	}
}

static uint16_t
memif_tx_burst(void *queue, struct fpk_mbuf **pkts, uint16_t n)
{
	struct memif_queue *q = queue;
	struct memif_ring *ring = __atomic_load_n(&q->ring, __ATOMIC_ACQUIRE);
	uint16_t slot, room, size, nb = 0, dropped = 0;
	uint64_t bytes = 0;

	if (fpk_unlikely(ring == NULL))
		return 0;
	slot = q->next;
	size = (uint16_t)(q->mask + 1);
	/* Free slots: up to the server's tail on C2S, up to the client's head on S2C. */
	if (q->bufs != NULL)
		room = (uint16_t)(size - (uint16_t)(slot - memif_load(&ring->tail)));
	else
		room = (uint16_t)(memif_load(&ring->head) - slot);
	if (fpk_unlikely(room > size))
		room = 0; /* as on rx: the peer broke the ring */
	while (nb < n && room > 0) {
		uint16_t used = memif_tx_one(q, ring, slot, room, pkts[nb]);

		if (used == 0) {
			/* It does not fit even a whole empty ring: drop it rather than stall. */
			if (room != size)
				break;
			dropped++;
			nb++;
			continue;
		}
		bytes += pkts[nb]->pkt_len;
		slot = (uint16_t)(slot + used);
		room = (uint16_t)(room - used);
		nb++;
	}
	if (slot != q->next) {
		q->next = slot;
		memif_store(q->bufs != NULL ? &ring->head : &ring->tail, slot);
		memif_tx_kick(q, ring);
	}
	q->stats.packets += (uint16_t)(nb - dropped);
	q->stats.bytes += bytes;
	q->stats.errors += dropped;
	fpk_pktmbuf_free_bulk(pkts, nb);
	return nb;
}

/* ---- zero-copy client ------------------------------------------------------ */

/*
 * The region whose EAL memory holds the @len bytes at @p, or -1. Mbufs of
 * one pool mostly sit in one segment: the last hit is tried first.
 */
static inline int
memif_zc_region(struct memif_queue *q, const void *p, uint32_t len)
{
	uintptr_t a = (uintptr_t)p;
	uint16_t i = q->zc_hint;

	for (unsigned int n = 1; n < q->nregions; n++) {
		const struct memif_region *r = &q->regions[i];
		/* Zeroed when the EAL frees the segment (memif_zc_mem_event()). */
		uint64_t size = __atomic_load_n(&r->size, __ATOMIC_RELAXED);

		if (a >= (uintptr_t)r->addr && (uint64_t)(a - (uintptr_t)r->addr) + len <= size) {
			q->zc_hint = i;
			return i;
		}
		i = (uint16_t)(i + 1 == q->nregions ? 1 : i + 1);
	}
	return -1;
}

/*
 * Hand the server fresh mbufs for every free slot of rx ring @ring.
 * @return 0, -ENOMEM when the pool ran dry (counted in rx_nombuf; the next
 * burst tries again), or -EFAULT when a pool mbuf lies outside the memory
 * shared at connect (counted in errors).
 */
static int
memif_zc_rx_refill(struct memif_queue *q, struct memif_ring *ring)
{
	uint16_t size = (uint16_t)(q->mask + 1);
	uint16_t end = q->zc_end, want = (uint16_t)(q->next + size - end);
	int ret = 0;

	while (want > 0 && ret == 0) {
		uint16_t s = end & q->mask;
		uint16_t k = FPK_MIN(FPK_MIN(want, (uint16_t)MEMIF_ZC_REFILL_BATCH),
				     (uint16_t)(size - s)), i;

		if (fpk_unlikely(fpk_pktmbuf_alloc_bulk(q->mp, &q->zc_mbufs[s], k) != 0)) {
			(*q->nombuf)++;
			ret = -ENOMEM;
			break;
		}
		for (i = 0; i < k; i++) {
			struct fpk_mbuf *m = q->zc_mbufs[s + i];
			uint8_t *data = fpk_pktmbuf_mtod(m, uint8_t *);
			uint32_t room = (uint32_t)(m->buf_len - m->data_off);
			int r = memif_zc_region(q, data, room);
			struct memif_desc *d = &ring->desc[s + i];

			if (fpk_unlikely(r < 0)) {
				q->stats.errors++;
				ret = -EFAULT;
				break;
			}
			d->flags = 0;
			d->region = (uint16_t)r;
			d->offset = (uint32_t)(data - q->regions[r].addr);
			d->length = room;
		}
		for (uint16_t j = i; j < k; j++)
			fpk_pktmbuf_free_seg(q->zc_mbufs[s + j]);
		end = (uint16_t)(end + i);
		want = (uint16_t)(want - i);
	}
	q->zc_end = end;
	memif_store(&ring->head, end);
	return ret;
}

static uint16_t
memif_rx_burst_zc(void *queue, struct fpk_mbuf **pkts, uint16_t n)
{
	struct memif_queue *q = queue;
	struct memif_ring *ring = __atomic_load_n(&q->ring, __ATOMIC_ACQUIRE);
	uint16_t slot, avail, nb = 0;
	uint64_t bytes = 0;

	if (fpk_unlikely(ring == NULL))
		return 0;
	slot = q->next;
	avail = (uint16_t)(memif_load(&ring->tail) - slot);
	/* Filled slots beyond those given mbufs: the server broke the ring, take nothing. */
	if (fpk_unlikely(avail > (uint16_t)(q->zc_end - slot)))
		avail = 0;
	while (nb < n && avail > 0) {
		struct fpk_mbuf *head = q->zc_mbufs[slot & q->mask], *prev = NULL;
		uint16_t used = 0;
		uint32_t len = 0;
		bool bad = false;
		struct memif_desc d;

		/* The whole packet first: its last slot may not be published yet. */
		do {
			struct fpk_mbuf *m;

			if (used == avail)
				goto out;
			d = ring->desc[(uint16_t)(slot + used) & q->mask];
			m = q->zc_mbufs[(uint16_t)(slot + used) & q->mask];
			used++;
			/* The length is the server's word: no more than the buffer handed out. */
			if (fpk_unlikely(d.length > (uint32_t)(m->buf_len - m->data_off)))
				bad = true;
			else
				m->data_len = (uint16_t)d.length;
			len += d.length;
		} while (d.flags & MEMIF_DESC_FLAG_NEXT);
		for (uint16_t k = 0; k < used; k++) {
			struct fpk_mbuf *m = q->zc_mbufs[(uint16_t)(slot + k) & q->mask];

			if (bad)
				fpk_pktmbuf_free_seg(m);
			else if (prev != NULL)
				prev->next = m;
			prev = m;
		}
		if (fpk_unlikely(bad)) {
			q->stats.errors++;
		} else {
			head->nb_segs = used;
			head->pkt_len = len;
			head->port = q->port_id;
			bytes += len;
			pkts[nb++] = head;
		}
		slot = (uint16_t)(slot + used);
		avail = (uint16_t)(avail - used);
	}
out:
	q->next = slot;
	memif_zc_rx_refill(q, ring);
	q->stats.packets += nb;
	q->stats.bytes += bytes;
	return nb;
}

/* Free the mbufs of the slots the server has consumed since the last call. */
static inline void
memif_zc_tx_reclaim(struct memif_queue *q, const struct memif_ring *ring)
{
	uint16_t tail = memif_load(&ring->tail);

	/* Past what was sent: the server broke the ring; the slots stay held. */
	if (fpk_unlikely((uint16_t)(tail - q->zc_first) > (uint16_t)(q->next - q->zc_first)))
		return;
	for (; q->zc_first != tail; q->zc_first++)
		fpk_pktmbuf_free_seg(q->zc_mbufs[q->zc_first & q->mask]);
}

/* Put packet @m on the ring from @slot on, a slot per segment. @return false if a segment is not in shared memory. */
static inline bool
memif_tx_one_zc(struct memif_queue *q, struct memif_ring *ring, uint16_t slot, struct fpk_mbuf *m)
{
	for (; m != NULL; m = m->next, slot++) {
		uint8_t *data = fpk_pktmbuf_mtod(m, uint8_t *);
		int r = memif_zc_region(q, data, m->data_len);
		struct memif_desc *d = &ring->desc[slot & q->mask];

		if (fpk_unlikely(r < 0))
			return false;
		d->flags = m->next != NULL ? MEMIF_DESC_FLAG_NEXT : 0;
		d->region = (uint16_t)r;
		d->offset = (uint32_t)(data - q->regions[r].addr);
		d->length = m->data_len;
		q->zc_mbufs[slot & q->mask] = m;
	}
	return true;
}

static uint16_t
memif_tx_burst_zc(void *queue, struct fpk_mbuf **pkts, uint16_t n)
{
	struct memif_queue *q = queue;
	struct memif_ring *ring = __atomic_load_n(&q->ring, __ATOMIC_ACQUIRE);
	uint16_t slot, room, size, nb = 0, dropped = 0;
	uint64_t bytes = 0;

	if (fpk_unlikely(ring == NULL))
		return 0;
	memif_zc_tx_reclaim(q, ring);
	slot = q->next;
	size = (uint16_t)(q->mask + 1);
	room = (uint16_t)(size - (uint16_t)(slot - q->zc_first));
	while (nb < n) {
		struct fpk_mbuf *m = pkts[nb];

		/* More segments than the ring has slots, or memory the server cannot see: drop. */
		if (fpk_unlikely(m->nb_segs > size) ||
		    (m->nb_segs <= room && fpk_unlikely(!memif_tx_one_zc(q, ring, slot, m)))) {
			fpk_pktmbuf_free(m);
			dropped++;
			nb++;
			continue;
		}
		if (m->nb_segs > room)
			break;
		bytes += m->pkt_len;
		slot = (uint16_t)(slot + m->nb_segs);
		room = (uint16_t)(room - m->nb_segs);
		nb++;
	}
	if (slot != q->next) {
		q->next = slot;
		memif_store(&ring->head, slot);
		memif_tx_kick(q, ring);
	}
	q->stats.packets += (uint16_t)(nb - dropped);
	q->stats.bytes += bytes;
	q->stats.errors += dropped;
	return nb;
}

/*
 * Free the mbufs a zero-copy queue still holds: tx, those the server has
 * not consumed; rx, those handed out and not filled. Only where no burst
 * runs on @q: stop, close, or a new connection (the queue was detached for
 * a whole handshake before).
 */
static void
memif_zc_drain(struct memif_queue *q)
{
	uint16_t from = q->mp != NULL ? q->next : q->zc_first;
	uint16_t to = q->mp != NULL ? q->zc_end : q->next;

	if (q->zc_cap == 0)
		return;
	for (; from != to; from++)
		fpk_pktmbuf_free_seg(q->zc_mbufs[from & q->mask]);
	q->next = 0;
	q->zc_first = 0;
	q->zc_end = 0;
}

/* Record the link state, with an event when the application asked for them. */
static void
memif_link_set(struct fpk_eth_dev *dev, uint16_t status)
{
	struct fpk_eth_link link = {
		.link_speed = FPK_ETH_SPEED_NUM_10G,
		.link_duplex = FPK_ETH_LINK_FULL_DUPLEX,
		.link_status = status,
	};

	if (fpk_eth_dev_link_set(dev, &link) && dev->data->dev_conf.intr_conf.lsc)
		fpk_eth_dev_callback_process(dev, FPK_ETH_EVENT_INTR_LSC, NULL);
}

static size_t
memif_ring_bytes(uint8_t log2)
{
	return sizeof(struct memif_ring) + (sizeof(struct memif_desc) << log2);
}

/*
 * Zero-copy client, connected: a segment the server maps as a region is
 * being freed. A later segment may come at its address, and an mbuf there
 * would be described to the server as being in the old file: the region
 * stops matching instead (such mbufs are dropped on tx and counted).
 */
static int
memif_zc_mem_event(enum fpk_mem_event ev, const struct fpk_memseg *ms, void *arg)
{
	struct memif_port *mp = arg;

	if (ev != FPK_MEM_EVENT_FREE)
		return 0;
	for (unsigned int i = 1; i < mp->nregions; i++)
		if (mp->zc_map[i].addr == ms->addr)
			__atomic_store_n(&mp->zc_map[i].size, 0, __ATOMIC_RELAXED);
	return 0;
}

/* Zero-copy client: one more region for EAL segment @ms, its file passed as is. */
static int
memif_zc_region_add(const struct fpk_memseg *ms, void *arg)
{
	struct memif_port *mp = arg;
	const char *name = mp->dev->data->name;
	unsigned int i = mp->nregions;
	int fd;

	if (i >= MEMIF_MAX_REGIONS || i > mp->peer_max_region) {
		MEMIF_LOG(ERR, "%s: zero-copy needs a region per EAL memory segment and server %s "
			  "takes %u regions, this port %u: reserve the memory at start (-m or "
			  "--socket-mem, one segment per node) or give zero-copy=no\n", name,
			  mp->peer_name, (unsigned int)mp->peer_max_region + 1, MEMIF_MAX_REGIONS);
		return -E2BIG;
	}
	fd = fpk_memseg_fd_get(ms->addr, NULL);
	/* Our own descriptor: the EAL's stays the EAL's, this one closes with the connection. */
	if (fd >= 0) {
		fd = fcntl(fd, F_DUPFD_CLOEXEC, 0);
		if (fd < 0)
			fd = -errno;
	}
	if (fd < 0) {
		MEMIF_LOG(ERR, "%s: cannot share EAL memory segment %u with the server: %s: "
			  "zero-copy needs hugepage memory (no --no-huge), or give zero-copy=no\n",
			  name, ms->id, strerror(-fd));
		return fd;
	}
	mp->regions[i].addr = NULL;
	mp->regions[i].size = ms->len;
	mp->regions[i].fd = fd;
	mp->zc_map[i].addr = ms->addr;
	mp->zc_map[i].size = FPK_MIN((uint64_t)ms->len, (uint64_t)UINT32_MAX);
	mp->zc_map[i].fd = -1;
	mp->nregions++;
	return 0;
}

/*
 * Client: one memfd region holding every ring, then every ring's
 * buffers (the layout DPDK's client uses), and an eventfd per ring. In
 * zero-copy, region 0 holds the rings only and each EAL memory segment
 * follows as a region of its own (DPDK's layout too).
 */
int
memif_client_regions_create(struct memif_port *mp)
{
	const char *name = mp->dev->data->name;
	unsigned int nrings = mp->n_c2s + mp->n_s2c, k = 0;
	size_t ring_sz = memif_ring_bytes(mp->log2_run);
	uint64_t bufs_off = (uint64_t)nrings * ring_sz;
	uint64_t size = bufs_off +
		(mp->zero_copy ? 0 : ((uint64_t)nrings << mp->log2_run) * mp->bsize);
	struct memif_region *r = &mp->regions[0];
	int fd, ret;

	if (size > UINT32_MAX) {
		MEMIF_LOG(ERR, "%s: %u rings of 2^%u buffers of %u bytes need %" PRIu64 " bytes, "
			  "more than memif's 32-bit offsets reach: lower bsize= or rsize=\n",
			  name, nrings, mp->log2_run, mp->bsize, size);
		return -E2BIG;
	}
	fd = memfd_create("memif_region_0", MFD_ALLOW_SEALING | MFD_CLOEXEC);
	if (fd < 0 || fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK) < 0 || ftruncate(fd, (off_t)size) < 0) {
		int err = errno;

		MEMIF_LOG(ERR, "%s: cannot create a %" PRIu64 "-byte memfd region: %s: check "
			  "RLIMIT_MEMLOCK and free memory\n", name, size, strerror(err));
		if (fd >= 0)
			close(fd);
		return -err;
	}
	r->addr = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (r->addr == MAP_FAILED) {
		int err = errno;

		r->addr = NULL;
		close(fd);
		MEMIF_LOG(ERR, "%s: cannot map the memfd region: %s\n", name, strerror(err));
		return -err;
	}
	r->fd = fd;
	r->size = size;
	mp->nregions = 1;
	for (unsigned int dir = 0; dir < 2; dir++) {
		unsigned int n = dir == 0 ? mp->n_c2s : mp->n_s2c;

		for (unsigned int i = 0; i < n; i++, k++) {
			struct memif_ring *ring = (struct memif_ring *)(void *)(r->addr + k * ring_sz);

			ring->cookie = MEMIF_COOKIE;
			mp->rings[dir][i].region = 0;
			mp->rings[dir][i].offset = (uint32_t)(k * ring_sz);
			mp->rings[dir][i].log2 = mp->log2_run;
			mp->rings[dir][i].fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
			mp->rings[dir][i].added = true;
			if (mp->rings[dir][i].fd < 0) {
				MEMIF_LOG(ERR, "%s: cannot create an eventfd for ring %u: %s\n",
					  name, i, strerror(errno));
				return -errno;
			}
		}
	}
	mp->zc_map[0] = (struct memif_region){ .addr = NULL, .size = 0, .fd = -1 };
	if (!mp->zero_copy)
		return 0;
	/* Watching first: a segment freed after the walk is seen either way. */
	ret = fpk_mem_event_callback_register(MEMIF_DRIVER_NAME, memif_zc_mem_event, mp);
	if (ret) {
		MEMIF_LOG(ERR, "%s: cannot watch EAL memory for zero-copy: %s: fewer zero-copy "
			  "ports at a time, or give zero-copy=no\n", name, strerror(-ret));
		return ret;
	}
	mp->zc_watch = true;
	return fpk_memseg_walk(memif_zc_region_add, mp);
}

/*
 * Check that ring @i of direction @dir lies inside its region and was laid
 * out by a memif peer. @return the ring or NULL, having logged why.
 */
static struct memif_ring *
memif_ring_check(struct memif_port *mp, unsigned int dir, unsigned int i)
{
	const char *name = mp->dev->data->name;
	const char *what = dir == 0 ? "client-to-server" : "server-to-client";
	struct memif_ring *ring;
	const struct memif_region *r;

	if (!mp->rings[dir][i].added) {
		MEMIF_LOG(ERR, "%s: the peer connected without %s ring %u\n", name, what, i);
		return NULL;
	}
	if (mp->rings[dir][i].region >= mp->nregions) {
		MEMIF_LOG(ERR, "%s: %s ring %u is in region %u, the peer added %u\n", name, what, i,
			  mp->rings[dir][i].region, mp->nregions);
		return NULL;
	}
	r = &mp->regions[mp->rings[dir][i].region];
	/* Head, tail and cookie are accessed atomically: they must be aligned. */
	if (mp->rings[dir][i].offset % sizeof(uint32_t) != 0 ||
	    (uint64_t)mp->rings[dir][i].offset + memif_ring_bytes(mp->rings[dir][i].log2) > r->size) {
		MEMIF_LOG(ERR, "%s: %s ring %u at offset %u is misaligned or ends past its region "
			  "(%" PRIu64 " bytes)\n", name, what, i, mp->rings[dir][i].offset, r->size);
		return NULL;
	}
	ring = (struct memif_ring *)(void *)(r->addr + mp->rings[dir][i].offset);
	if (ring->cookie != MEMIF_COOKIE) {
		MEMIF_LOG(ERR, "%s: %s ring %u has cookie 0x%x, not 0x%x: the peer is no memif\n",
			  name, what, i, ring->cookie, MEMIF_COOKIE);
		return NULL;
	}
	return ring;
}

/* Server: map the regions the client passed. */
static int
memif_regions_map(struct memif_port *mp)
{
	for (unsigned int i = 0; i < mp->nregions; i++) {
		struct memif_region *r = &mp->regions[i];
		void *p;

		if (r->addr != NULL)
			continue;
		p = mmap(NULL, r->size, PROT_READ | PROT_WRITE, MAP_SHARED, r->fd, 0);
		if (p == MAP_FAILED) {
			MEMIF_LOG(ERR, "%s: cannot map region %u (%" PRIu64 " bytes) of the peer: %s\n",
				  mp->dev->data->name, i, r->size, strerror(errno));
			return -errno;
		}
		r->addr = p;
	}
	return 0;
}

/* Point queue @q at ring @i of direction @dir; @rx: this end receives on it. */
static void
memif_queue_attach(struct memif_port *mp, struct memif_queue *q, unsigned int dir,
		   unsigned int i, struct memif_ring *ring, bool rx)
{
	uint8_t log2 = mp->rings[dir][i].log2;

	memif_zc_drain(q);
	q->mask = (uint16_t)((1u << log2) - 1);
	q->next = 0;
	q->regions = mp->zero_copy ? mp->zc_map : mp->regions;
	q->nregions = mp->nregions;
	q->zc_hint = 1;
	q->kick_fd = mp->rings[dir][i].fd;
	if (mp->server || mp->zero_copy) {
		q->bufs = NULL;
		q->bsize = 0;
	} else {
		unsigned int k = dir == 0 ? i : mp->n_c2s + i;
		uint64_t off = (uint64_t)(mp->n_c2s + mp->n_s2c) * memif_ring_bytes(log2) +
			       ((uint64_t)k << log2) * mp->bsize;

		q->bsize = mp->bsize;
		q->buf_off = (uint32_t)off;
		q->bufs = mp->regions[0].addr + off;
	}
	memif_store(&ring->head, 0);
	memif_store(&ring->tail, 0);
	ring->flags = rx ? MEMIF_RING_FLAG_MASK_INT : 0;
	/* A client hands out its rx buffers now, so that the server may send before its first poll. */
	if (rx && mp->zero_copy && memif_zc_rx_refill(q, ring) == -EFAULT)
		MEMIF_LOG(ERR, "%s: rx queue %u: mbufs of pool %s lie outside the EAL memory shared "
			  "at connect, they cannot be handed out: create the pool before starting "
			  "the port\n", mp->dev->data->name, i, q->mp->name);
	else if (rx && !mp->server && !mp->zero_copy)
		memif_rx_refill(q, ring, 0);
	__atomic_store_n(&q->ring, ring, __ATOMIC_RELEASE);
}

static void
memif_retired_unmap(struct memif_port *mp)
{
	for (unsigned int i = 0; i < mp->nretired; i++)
		munmap(mp->retired[i].addr, mp->retired[i].size);
	mp->nretired = 0;
}

/* Both roles, at CONNECT/CONNECTED: check the rings and start the queues on them. */
int
memif_rings_attach(struct memif_port *mp)
{
	struct fpk_eth_dev_data *data = mp->dev->data;
	struct memif_ring *rings[2][MEMIF_MAX_RINGS];
	int ret;

	memif_retired_unmap(mp);
	/* A client's regions are its own memory, mapped already (or the EAL's, in zero-copy). */
	ret = mp->server ? memif_regions_map(mp) : 0;
	if (ret)
		return ret;
	for (unsigned int dir = 0; dir < 2; dir++) {
		unsigned int n = dir == 0 ? mp->n_c2s : mp->n_s2c;

		for (unsigned int i = 0; i < n; i++) {
			rings[dir][i] = memif_ring_check(mp, dir, i);
			if (rings[dir][i] == NULL)
				return -EPROTO;
		}
	}
	/* C2S rings feed the server's rx queues and drain the client's tx queues. */
	for (unsigned int i = 0; i < mp->n_c2s; i++)
		memif_queue_attach(mp, mp->server ? data->rx_queues[i] : data->tx_queues[i], 0, i,
				   rings[0][i], mp->server);
	for (unsigned int i = 0; i < mp->n_s2c; i++)
		memif_queue_attach(mp, mp->server ? data->tx_queues[i] : data->rx_queues[i], 1, i,
				   rings[1][i], !mp->server);
	mp->connects++;
	memif_link_set(mp->dev, FPK_ETH_LINK_UP);
	return 0;
}

/*
 * Stop the queues, then let go of the connection's memory and eventfds.
 * Mappings the queues used are overlaid, not unmapped: see retired.
 */
void
memif_rings_detach(struct memif_port *mp)
{
	struct fpk_eth_dev_data *data = mp->dev->data;
	bool live = false;

	for (unsigned int i = 0; i < data->nb_rx_queues; i++) {
		struct memif_queue *q = data->rx_queues[i];

		if (q != NULL && q->ring != NULL) {
			__atomic_store_n(&q->ring, NULL, __ATOMIC_RELEASE);
			live = true;
		}
	}
	for (unsigned int i = 0; i < data->nb_tx_queues; i++) {
		struct memif_queue *q = data->tx_queues[i];

		if (q != NULL && q->ring != NULL) {
			__atomic_store_n(&q->ring, NULL, __ATOMIC_RELEASE);
			q->kick_fd = -1;
			live = true;
		}
	}
	memif_retired_unmap(mp);
	if (mp->zc_watch)
		fpk_mem_event_callback_unregister(MEMIF_DRIVER_NAME, mp);
	mp->zc_watch = false;
	for (unsigned int i = 0; i < mp->nregions; i++) {
		struct memif_region *r = &mp->regions[i];

		if (r->addr != NULL && live &&
		    mmap(r->addr, r->size, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_NORESERVE, -1, 0) != MAP_FAILED)
			mp->retired[mp->nretired++] = *r;
		else if (r->addr != NULL)
			munmap(r->addr, r->size);
		if (r->fd >= 0)
			close(r->fd);
		r->addr = NULL;
		r->fd = -1;
	}
	mp->nregions = 0;
	for (unsigned int dir = 0; dir < 2; dir++)
		for (unsigned int i = 0; i < MEMIF_MAX_RINGS; i++) {
			if (mp->rings[dir][i].added && mp->rings[dir][i].fd >= 0)
				close(mp->rings[dir][i].fd);
			mp->rings[dir][i].fd = -1;
			mp->rings[dir][i].added = false;
		}
	mp->n_c2s = 0;
	mp->n_s2c = 0;
	if (live)
		mp->disconnects++;
	memif_link_set(mp->dev, FPK_ETH_LINK_DOWN);
}

static int
memif_dev_infos_get(struct fpk_eth_dev *dev, struct fpk_eth_dev_info *info)
{
	(void)dev;
	info->driver_name = MEMIF_DRIVER_NAME;
	info->max_rx_queues = MEMIF_MAX_RINGS;
	info->max_tx_queues = MEMIF_MAX_RINGS;
	info->min_rx_bufsize = 0;
	info->tx_offload_capa = FPK_ETH_TX_OFFLOAD_MULTI_SEGS;
	return 0;
}

static int
memif_dev_start(struct fpk_eth_dev *dev)
{
	struct memif_port *mp = dev->data->dev_private;
	int ret = 0;

	fpk_intr_lock();
	mp->started = true;
	if (!mp->server)
		ret = memif_client_connect(mp);
	if (ret)
		mp->started = false;
	fpk_intr_unlock();
	return ret;
}

/* Stopped or closed: no burst runs, the mbufs zero-copy queues hold go back to their pools. */
static void
memif_queues_drain(struct fpk_eth_dev *dev)
{
	for (unsigned int i = 0; i < dev->data->nb_rx_queues; i++)
		if (dev->data->rx_queues[i] != NULL)
			memif_zc_drain(dev->data->rx_queues[i]);
	for (unsigned int i = 0; i < dev->data->nb_tx_queues; i++)
		if (dev->data->tx_queues[i] != NULL)
			memif_zc_drain(dev->data->tx_queues[i]);
}

static int
memif_dev_stop(struct fpk_eth_dev *dev)
{
	struct memif_port *mp = dev->data->dev_private;

	fpk_intr_lock();
	mp->started = false;
	memif_disconnect(mp, "peer port stopped");
	fpk_intr_unlock();
	memif_queues_drain(dev);
	return 0;
}

static int
memif_dev_close(struct fpk_eth_dev *dev)
{
	struct memif_port *mp = dev->data->dev_private;

	fpk_intr_lock();
	memif_disconnect(mp, "peer port closed");
	memif_unlisten(mp);
	memif_retired_unmap(mp);
	fpk_intr_unlock();
	memif_queues_drain(dev);
	return 0;
}

static struct memif_queue *
memif_queue_alloc(struct fpk_eth_dev *dev, unsigned int socket_id)
{
	const struct memif_port *mp = dev->data->dev_private;
	/* Zero-copy: a slot per entry of the largest ring this client proposes. */
	uint32_t cap = mp->zero_copy ? UINT32_C(1) << mp->log2_rsize : 0;
	struct memif_queue *q = fpk_zmalloc_socket("net_memif queue",
						   sizeof(*q) + cap * sizeof(q->zc_mbufs[0]), 0,
						   fpk_eth_queue_socket(socket_id));

	if (q != NULL) {
		q->kick_fd = -1;
		q->port_id = dev->data->port_id;
		q->zc_cap = cap;
	}
	return q;
}

static int
memif_rx_queue_setup(struct fpk_eth_dev *dev, uint16_t qid, uint16_t nb_desc,
		     unsigned int socket_id, const struct fpk_eth_rxconf *conf,
		     struct fpk_mempool *mbp)
{
	struct memif_queue *q = memif_queue_alloc(dev, socket_id);

	/* The ring size is rsize=, negotiated at connect, not nb_desc. */
	(void)nb_desc;
	(void)conf;
	if (q == NULL)
		return -ENOMEM;
	q->mp = mbp;
	q->nombuf = &dev->data->rx_mbuf_alloc_failed[qid];
	dev->data->rx_queues[qid] = q;
	return 0;
}

static int
memif_tx_queue_setup(struct fpk_eth_dev *dev, uint16_t qid, uint16_t nb_desc,
		     unsigned int socket_id, const struct fpk_eth_txconf *conf)
{
	struct memif_queue *q = memif_queue_alloc(dev, socket_id);

	(void)nb_desc;
	(void)conf;
	if (q == NULL)
		return -ENOMEM;
	dev->data->tx_queues[qid] = q;
	return 0;
}

static int
memif_stats_get(struct fpk_eth_dev *dev, struct fpk_eth_stats *st)
{
	fpk_eth_queue_stats_get(dev, MEMIF_QUEUE_STATS_OFF, MEMIF_QUEUE_STATS_OFF, st);
	return 0;
}

static int
memif_stats_reset(struct fpk_eth_dev *dev)
{
	fpk_eth_queue_stats_reset(dev, MEMIF_QUEUE_STATS_OFF, MEMIF_QUEUE_STATS_OFF);
	return 0;
}

static const char *const memif_xstat_names[] = { "memif_connects", "memif_disconnects" };

static int
memif_xstats_get_names(struct fpk_eth_dev *dev, struct fpk_eth_xstat_name *names,
		       unsigned int size)
{
	(void)dev;
	if (names != NULL && size >= FPK_DIM(memif_xstat_names))
		for (unsigned int i = 0; i < FPK_DIM(memif_xstat_names); i++)
			snprintf(names[i].name, sizeof(names[i].name), "%s", memif_xstat_names[i]);
	return FPK_DIM(memif_xstat_names);
}

static int
memif_xstats_get(struct fpk_eth_dev *dev, struct fpk_eth_xstat *xs, unsigned int n)
{
	const struct memif_port *mp = dev->data->dev_private;

	if (xs != NULL && n >= FPK_DIM(memif_xstat_names)) {
		xs[0].value = mp->connects;
		xs[1].value = mp->disconnects;
	}
	return FPK_DIM(memif_xstat_names);
}

static const struct fpk_eth_dev_ops memif_ops = {
	.dev_infos_get = memif_dev_infos_get,
	.dev_start = memif_dev_start,
	.dev_stop = memif_dev_stop,
	.dev_close = memif_dev_close,
	.rx_queue_setup = memif_rx_queue_setup,
	.rx_queue_release = fpk_eth_rx_queue_release_free,
	.tx_queue_setup = memif_tx_queue_setup,
	.tx_queue_release = fpk_eth_tx_queue_release_free,
	.stats_get = memif_stats_get,
	.stats_reset = memif_stats_reset,
	.xstats_get_names = memif_xstats_get_names,
	.xstats_get = memif_xstats_get,
	/* A software wire: every frame reaches the peer, as DPDK's memif. */
	.promiscuous_enable = fpk_eth_noop_rx_mode,
	.promiscuous_disable = fpk_eth_noop_rx_mode,
	.allmulticast_enable = fpk_eth_noop_rx_mode,
	.allmulticast_disable = fpk_eth_noop_rx_mode,
	.mac_addr_set = fpk_eth_noop_mac_addr_set,
	.mtu_set = fpk_eth_noop_mtu_set,
};

/* ---- arguments ---------------------------------------------------------- */

struct memif_args {
	bool server;
	bool abstract;
	bool zero_copy;
	uint64_t id;
	uint64_t bsize;
	uint64_t rsize;
	const char *socket;
	const char *secret;
	const char *mac;
};

static int
memif_arg_role(const char *key, const char *value, void *opaque)
{
	(void)key;
	if (strcmp(value, "server") == 0 || strcmp(value, "master") == 0)
		*(bool *)opaque = true;
	else if (strcmp(value, "client") == 0 || strcmp(value, "slave") == 0)
		*(bool *)opaque = false;
	else {
		MEMIF_LOG(ERR, "role=%s is no memif role: give role=server or role=client\n", value);
		return -EINVAL;
	}
	return 0;
}

static int
memif_arg_yes_no(const char *key, const char *value, void *opaque)
{
	if (strcmp(value, "yes") == 0)
		*(bool *)opaque = true;
	else if (strcmp(value, "no") == 0)
		*(bool *)opaque = false;
	else {
		MEMIF_LOG(ERR, "%s=%s: give %s=yes or %s=no\n", key, value, key, key);
		return -EINVAL;
	}
	return 0;
}

static int
memif_arg_string(const char *key, const char *value, void *opaque)
{
	(void)key;
	*(const char **)opaque = value;
	return 0;
}

static int
memif_args_parse(const char *name, const struct fpk_kvargs *kv, struct memif_args *a)
{
	static const struct {
		const char *key;
		fpk_kvargs_handler_t fn;
		size_t off;
	} tab[] = {
		{ "role", memif_arg_role, offsetof(struct memif_args, server) },
		{ "socket-abstract", memif_arg_yes_no, offsetof(struct memif_args, abstract) },
		{ "zero-copy", memif_arg_yes_no, offsetof(struct memif_args, zero_copy) },
		{ "id", fpk_kvargs_parse_u64, offsetof(struct memif_args, id) },
		{ "bsize", fpk_kvargs_parse_u64, offsetof(struct memif_args, bsize) },
		{ "rsize", fpk_kvargs_parse_u64, offsetof(struct memif_args, rsize) },
		{ "socket", memif_arg_string, offsetof(struct memif_args, socket) },
		{ "secret", memif_arg_string, offsetof(struct memif_args, secret) },
		{ "mac", memif_arg_string, offsetof(struct memif_args, mac) },
	};

	for (unsigned int i = 0; i < FPK_DIM(tab); i++) {
		int ret = fpk_kvargs_process(kv, tab[i].key, tab[i].fn, (char *)a + tab[i].off);

		if (ret)
			return ret;
	}
	if (a->zero_copy && a->server) {
		/* As DPDK: the client owns the memory, a server copies whatever the client chose. */
		MEMIF_LOG(NOTICE, "%s: zero-copy=yes is for clients only (as in DPDK): this server "
			  "copies, as every memif server does; drop zero-copy= here\n", name);
		a->zero_copy = false;
	}
	if (a->zero_copy && !fpk_eal_has_hugepages()) {
		MEMIF_LOG(ERR, "%s: zero-copy=yes shares the EAL's hugepage memory with the server "
			  "by file descriptor, and --no-huge memory is anonymous, with no file to "
			  "pass: drop --no-huge (reserve hugepages) or give zero-copy=no\n", name);
		return -ENOTSUP;
	}
	if (a->id > UINT32_MAX || a->bsize == 0 || a->bsize > UINT16_MAX ||
	    a->rsize == 0 || a->rsize > MEMIF_MAX_LOG2_RING) {
		MEMIF_LOG(ERR, "%s: id=%" PRIu64 " bsize=%" PRIu64 " rsize=%" PRIu64 " out of range: "
			  "id is 0..%u, bsize 1..%u bytes, rsize (log2 of the ring size) 1..%u\n",
			  name, a->id, a->bsize, a->rsize, UINT32_MAX, UINT16_MAX, MEMIF_MAX_LOG2_RING);
		return -EINVAL;
	}
	if (strlen(a->socket) + (a->abstract ? 1 : 0) >= MEMIF_SOCK_PATH_MAX || a->socket[0] == '\0') {
		MEMIF_LOG(ERR, "%s: socket=%s: give a name of 1..%zu characters\n", name, a->socket,
			  MEMIF_SOCK_PATH_MAX - 2);
		return -EINVAL;
	}
	if (a->secret != NULL && strlen(a->secret) >= MEMIF_SECRET_SZ) {
		MEMIF_LOG(ERR, "%s: secret= is %zu characters: memif carries at most %u\n", name,
			  strlen(a->secret), MEMIF_SECRET_SZ - 1);
		return -EINVAL;
	}
	return 0;
}

static int
memif_port_init(struct fpk_eth_dev *dev, const struct memif_args *a)
{
	struct memif_port *mp = dev->data->dev_private;

	mp->dev = dev;
	mp->server = a->server;
	mp->abstract = a->abstract;
	mp->id = (uint32_t)a->id;
	mp->bsize = (uint16_t)a->bsize;
	mp->log2_rsize = (uint8_t)a->rsize;
	mp->zero_copy = a->zero_copy;
	snprintf(mp->socket, sizeof(mp->socket), "%s", a->socket);
	if (a->secret != NULL)
		snprintf(mp->secret, sizeof(mp->secret), "%s", a->secret);
	mp->listen_fd = -1;
	mp->cc_fd = -1;
	for (unsigned int i = 0; i < MEMIF_MAX_REGIONS; i++)
		mp->regions[i].fd = -1;
	for (unsigned int dir = 0; dir < 2; dir++)
		for (unsigned int i = 0; i < MEMIF_MAX_RINGS; i++)
			mp->rings[dir][i].fd = -1;
	if (a->mac != NULL && fpk_ether_unformat_addr(a->mac, &dev->data->mac_addr) != 0) {
		MEMIF_LOG(ERR, "%s: mac=%s is no MAC address: give xx:xx:xx:xx:xx:xx\n",
			  dev->data->name, a->mac);
		return -EINVAL;
	}
	if (a->mac == NULL)
		fpk_eth_random_addr(dev->data->mac_addr.addr_bytes);
	dev->dev_ops = &memif_ops;
	dev->rx_pkt_burst = mp->zero_copy ? memif_rx_burst_zc : memif_rx_burst;
	dev->tx_pkt_burst = mp->zero_copy ? memif_tx_burst_zc : memif_tx_burst;
	memif_link_set(dev, FPK_ETH_LINK_DOWN);
	return mp->server ? memif_listen(mp) : 0;
}

static int
memif_probe(const char *name, const char *args)
{
	static const char *const keys[] = { "role", "id", "socket", "socket-abstract", "bsize",
					    "rsize", "secret", "mac", "zero-copy", NULL };
	struct memif_args a = {
		.abstract = true,
		.bsize = MEMIF_DEFAULT_BSIZE,
		.rsize = MEMIF_DEFAULT_LOG2_RING,
		.socket = MEMIF_DEFAULT_SOCKET,
	};
	struct fpk_kvargs *kv;
	struct fpk_eth_dev *dev;
	int ret;

	kv = fpk_kvargs_parse(args, keys);
	if (kv == NULL)
		return -fpk_errno;
	ret = memif_args_parse(name, kv, &a);
	if (ret == 0) {
		dev = fpk_eth_dev_allocate(name, sizeof(struct memif_port), FPK_SOCKET_ID_ANY);
		if (dev == NULL)
			ret = -fpk_errno;
		else {
			ret = memif_port_init(dev, &a);
			if (ret)
				fpk_eth_dev_release_port(dev);
			else
				fpk_eth_dev_probing_finish(dev);
		}
	}
	/* Before the free: a.socket points into kv. */
	if (ret == 0)
		MEMIF_LOG(INFO, "%s: %s, id %" PRIu64 ", socket %s%s, ring 2^%" PRIu64 ", buffers "
			  "of %" PRIu64 " bytes%s\n", name, a.server ? "server" : "client", a.id,
			  a.abstract ? "@" : "", a.socket, a.rsize, a.bsize,
			  a.zero_copy ? " unused: zero-copy, the mbufs are the buffers" : "");
	fpk_kvargs_free(kv);
	return ret;
}

static struct fpk_vdev_driver memif_driver = {
	.name = MEMIF_DRIVER_NAME,
	.usage = "role=<server|client> id=<n> socket=<path> socket-abstract=<yes|no> "
		 "bsize=<bytes> rsize=<log2 ring size> secret=<string> mac=<addr> zero-copy=<yes|no>",
	.probe = memif_probe,
	.remove = fpk_eth_dev_close_by_name,
};

FPK_PMD_REGISTER_VDEV(net_memif, memif_driver)
