/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * net_af_xdp: a port on queues of a Linux network interface through AF_XDP
 * sockets (libxdp and libbpf), for NICs that keep their kernel driver: the
 * kernel's XDP program redirects the frames of the bound queues to the
 * sockets before the network stack sees them.
 *
 * Each queue pair is one socket bound to queue start_queue + q of the
 * interface. Its UMEM is the memory of the rx queue's mbuf pool (rx queue 0's
 * for a pair without rx), registered with unaligned chunks, one UMEM per
 * pool shared by the port's sockets (xsk_socket__create_shared()): the fill
 * ring carries the buffers of fresh mbufs, so a received frame already is
 * an mbuf, and tx hands the kernel mbufs of that pool as they are (others
 * are copied into a fresh mbuf of it). Completions free the mbufs. Every
 * mbuf lent to the kernel is marked in a bitmap of its queue, so a stop
 * gives back those still in the fill ring, the kernel or tx, once the
 * kernel has let go of the queue: in zero-copy mode the NIC may write into
 * them until then (see af_xdp_qpair_settle()).
 *
 * A pool that cannot be a UMEM (objects in several memzones, buffers the
 * kernel takes no chunks of) leaves its pairs on a UMEM of their own in EAL
 * memory: rx copies each frame into an mbuf and gives the frame straight
 * back to the fill ring, tx copies mbufs into free frames.
 *
 * Tx kicks the kernel with one non-blocking sendto() per burst when it asks
 * for it (need_wakeup). Sockets are made when the port starts and closed
 * when it stops, so a stopped port receives nothing.
 *
 * Arguments (DPDK's names and defaults): iface=<name> (required),
 * start_queue=<n>, queue_count=<n>, busy_budget=<n>, force_copy=<0|1>,
 * xdp_prog=<file>, shared_umem=0; shared_umem=1 is refused.
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <net/if.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <linux/ethtool.h>
#include <linux/if_link.h>
#include <linux/if_xdp.h>
#include <linux/sockios.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <xdp/libxdp.h>
#include <xdp/xsk.h>

#include "fpk_bus_vdev.h"
#include "fpk_ethdev_driver.h"
#include "fpk_kvargs.h"
#include "fpk_log.h"
#include "fpk_malloc.h"
#include "fpk_mbuf.h"
#include "fpk_memzone.h"
#include "netif.h"

#define AF_XDP_DRIVER_NAME "net_af_xdp"
/* A frame of a pair's own UMEM: two per 4 KiB page, as DPDK's copy mode. */
#define AF_XDP_FRAME_SIZE 2048u
/* Bytes of frame the kernel keeps in front of received data (XDP_PACKET_HEADROOM). */
#define AF_XDP_KERNEL_HEADROOM 256u
#define AF_XDP_MAX_FRAME (AF_XDP_FRAME_SIZE - AF_XDP_KERNEL_HEADROOM)
/*
 * What xdp_umem_reg() asks of a chunk beyond its headroom: room for an
 * skb_shared_info (320 bytes on 64-bit) and 128 bytes more.
 */
#define AF_XDP_KERNEL_MIN_ROOM 448u
/* The smallest UMEM chunk the kernel takes (XDP_UMEM_MIN_CHUNK_SIZE). */
#define AF_XDP_MIN_CHUNK 2048u
/* Ethernet header and one VLAN tag on top of the MTU. */
#define AF_XDP_L2_OVERHEAD (FPK_ETHER_HDR_LEN + 4)
#define AF_XDP_DEFAULT_BUSY_BUDGET 64
/* Microseconds the kernel busy-polls the NAPI context per call (DPDK's value). */
#define AF_XDP_BUSY_POLL_USECS 20
#define AF_XDP_MIN_DESC 64
#define AF_XDP_MAX_DESC 4096
/* mbufs lent to a fill ring per allocation at start. */
#define AF_XDP_FILL_BATCH 64u
/* Binds tried 10 ms apart while the queue is still busy (see af_xdp_bind_again()). */
#define AF_XDP_BIND_TRIES 100
#define AF_XDP_BIND_WAIT_US 10000
/* Ring entries of the socket that checks whether a queue is free (the kernel's least is 1). */
#define AF_XDP_PROBE_RING 4
/* Not in older headers: busy polling came with Linux 5.11. */
#ifndef SO_PREFER_BUSY_POLL
#define SO_PREFER_BUSY_POLL 69
#endif
#ifndef SO_BUSY_POLL_BUDGET
#define SO_BUSY_POLL_BUDGET 70
#endif

FPK_PMD_LOG_REGISTER(af_xdp);
#define AF_XDP_LOG(level, ...) FPK_PMD_LOG(af_xdp, level, __VA_ARGS__)

/*
 * The mbufs of a pool UMEM a queue has lent to the kernel: one bit per
 * object slot, a slot being the buffer's UMEM offset >> shift. Objects lie
 * at least 1 << shift bytes apart, so no two share a slot.
 */
struct af_xdp_lent {
	uint64_t *bits;               /* NULL: the pair has a UMEM of its own (copy path) */
	uint32_t shift;
	uint32_t buf_hdr;             /* bytes from an mbuf to its buffer (header, private area) */
};

/* Fast-path queue state, each on its own cache line, written only by the lcore polling it. */
struct af_xdp_rxq {
	struct xsk_ring_cons rx;
	struct xsk_ring_prod fq;      /* buffers handed to the kernel to fill */
	uint8_t *area;                /* the UMEM */
	int fd;
	bool busy_poll;               /* empty polls drive the NAPI context (recvfrom) */
	struct fpk_mempool *mp;
	struct af_xdp_lent lent;
	uint16_t port_id;
	struct fpk_eth_queue_stats stats; /* errors: frames longer than an mbuf holds (copy path) */
	uint64_t *nombuf;             /* the port's rx_mbuf_alloc_failed[] element of this queue */
	uint32_t nb_desc;             /* ring size (and frames of an own UMEM), a power of two */
} __fpk_cache_aligned;

struct af_xdp_txq {
	struct xsk_ring_prod tx;
	struct xsk_ring_cons cq;      /* buffers the kernel is done with */
	uint8_t *area;
	int fd;
	uint32_t max_len;             /* longer packets are dropped and counted as errors */
	struct fpk_mempool *mp;       /* the UMEM's pool, NULL for an own UMEM */
	struct af_xdp_lent lent;
	uint32_t inflight;            /* queued and not completed yet */
	uint64_t *free;               /* own UMEM: offsets of the frames not in flight */
	uint32_t nb_free;
	uint32_t nb_desc;             /* ring size (and frames of an own UMEM), a power of two */
	struct fpk_eth_queue_stats stats;
} __fpk_cache_aligned;

/* A pool's memory registered as the UMEM of the pairs of the port whose queues use it. */
struct af_xdp_pool_umem {
	struct fpk_mempool *mp;       /* NULL: entry unused */
	struct xsk_umem *umem;        /* NULL: not registered (yet), or the pool is unfit */
	bool unfit;                   /* cannot be a UMEM: its pairs copy (logged once) */
	uint8_t *area;                /* the pool's memzone from the start of its first page */
	uint64_t len;
	unsigned int users;           /* sockets bound with it */
	struct af_xdp_lent lent;      /* shift and buf_hdr for the queues */
	uint32_t nb_slots;
	/* The rings libxdp maps with the UMEM, which its first socket takes over. */
	struct xsk_ring_prod fq;
	struct xsk_ring_cons cq;
};

/* Control-path state of one queue pair while the port runs. */
struct af_xdp_qpair {
	struct xsk_socket *xsk;
	struct xsk_umem *umem;        /* a UMEM of its own (copy path) */
	const struct fpk_memzone *mz; /* its frames */
	struct af_xdp_pool_umem *pu;  /* or the pool UMEM it binds with */
	/* Its fill and completion rings as libxdp keeps them; the queues work on copies. */
	struct xsk_ring_prod fq;
	struct xsk_ring_cons cq;
	uint64_t missed;              /* kernel drops of the sockets closed so far */
	bool zero_copy;               /* the mode the kernel gave the socket (XDP_OPTIONS) */
	bool unsettled;               /* socket closed, queue maybe still held: af_xdp_qpair_settle() */
};

struct af_xdp_port {
	struct af_xdp_qpair qp[FPK_MAX_QUEUES_PER_PORT];
	struct af_xdp_pool_umem pumem[FPK_MAX_QUEUES_PER_PORT]; /* at most one pool per pair */
	struct netif nif;             /* the interface, with a socket of its own for the ioctls */
	unsigned int start_queue;
	unsigned int queue_count;
	unsigned int busy_budget;
	bool force_copy;
	short flags_set;              /* IFF_PROMISC/IFF_ALLMULTI this port turned on */
	char xdp_prog[PATH_MAX];      /* xdp_prog=, or empty for libxdp's program */
	struct bpf_object *obj;       /* xdp_prog= loaded, while the port runs */
	struct bpf_map *xsks_map;     /* its map of queue ids to sockets */
	bool prog_attached;
	uint64_t missed_zero;         /* imissed at the last stats reset */
	unsigned int umem_seq;        /* names own UMEMs apart from those a busy queue kept */
};

/* UMEM offset of the buffer of @m, an mbuf of the UMEM's pool. */
static __fpk_always_inline uint64_t
af_xdp_buf_off(const uint8_t *area, const struct af_xdp_lent *l, const struct fpk_mbuf *m)
{
	return (uint64_t)((const uint8_t *)m + l->buf_hdr - area);
}

/* The mbuf whose buffer is at UMEM address @addr (its offset part ignored). */
static __fpk_always_inline struct fpk_mbuf *
af_xdp_buf_mbuf(uint8_t *area, const struct af_xdp_lent *l, uint64_t addr)
{
	return (struct fpk_mbuf *)(void *)(area + xsk_umem__extract_addr(addr) - l->buf_hdr);
}

static __fpk_always_inline void
af_xdp_lend(struct af_xdp_lent *l, uint64_t off)
{
	uint64_t slot = off >> l->shift;

	l->bits[slot / 64] |= UINT64_C(1) << (slot % 64);
}

static __fpk_always_inline void
af_xdp_unlend(struct af_xdp_lent *l, uint64_t addr)
{
	uint64_t slot = xsk_umem__extract_addr(addr) >> l->shift;

	l->bits[slot / 64] &= ~(UINT64_C(1) << (slot % 64));
}

static void
af_xdp_rx_wakeup(struct af_xdp_rxq *q)
{
	if (q->busy_poll) {
		(void)recvfrom(q->fd, NULL, 0, MSG_DONTWAIT, NULL, NULL);
	} else if (xsk_ring_prod__needs_wakeup(&q->fq)) {
		struct pollfd pfd = { .fd = q->fd, .events = POLLIN };

		(void)poll(&pfd, 1, 0);
	}
}

/*
 * Fresh mbufs for the burst first, all or nothing: on a pool UMEM each
 * received mbuf's place in the fill ring goes to one of them; on an own
 * UMEM the frame is copied into one.
 */
static uint16_t
af_xdp_rx_burst(void *queue, struct fpk_mbuf **pkts, uint16_t n)
{
	struct af_xdp_rxq *q = queue;
	uint32_t idx_rx = 0, idx_fq = 0;
	uint64_t bytes = 0;
	uint16_t got, nb = 0;

	got = (uint16_t)xsk_ring_cons__peek(&q->rx, n, &idx_rx);
	if (got == 0) {
		af_xdp_rx_wakeup(q);
		return 0;
	}
	if (fpk_unlikely(fpk_pktmbuf_alloc_bulk(q->mp, pkts, got) != 0)) {
		/* Un-peek: the frames wait in the ring for the next burst. */
		q->rx.cached_cons -= got;
		*q->nombuf += got;
		return 0;
	}
	/* Every lent buffer is in the fill ring or here: there is room for those handed back. */
	(void)xsk_ring_prod__reserve(&q->fq, got, &idx_fq);
	for (uint16_t i = 0; i < got; i++) {
		const struct xdp_desc *d = xsk_ring_cons__rx_desc(&q->rx, idx_rx++);
		__u64 *fill = xsk_ring_prod__fill_addr(&q->fq, idx_fq++);
		struct fpk_mbuf *m = pkts[i];

		if (q->lent.bits != NULL) {
			*fill = af_xdp_buf_off(q->area, &q->lent, m);
			af_xdp_lend(&q->lent, *fill);
			af_xdp_unlend(&q->lent, d->addr);
			/* Lent fresh, so only where the kernel put the data is new. */
			m = af_xdp_buf_mbuf(q->area, &q->lent, d->addr);
			m->data_off = (uint16_t)xsk_umem__extract_offset(d->addr);
		} else {
			*fill = d->addr & ~(uint64_t)(AF_XDP_FRAME_SIZE - 1);
			if (fpk_unlikely(d->len > fpk_pktmbuf_tailroom(m))) {
				fpk_pktmbuf_free(m);
				q->stats.errors++;
				continue;
			}
			memcpy(fpk_pktmbuf_mtod(m, void *), xsk_umem__get_data(q->area, d->addr),
			       d->len);
		}
		m->data_len = (uint16_t)d->len;
		m->pkt_len = d->len;
		m->port = q->port_id;
		bytes += d->len;
		pkts[nb++] = m;
	}
	xsk_ring_cons__release(&q->rx, got);
	xsk_ring_prod__submit(&q->fq, got);
	q->stats.packets += nb;
	q->stats.bytes += bytes;
	return nb;
}

/* Take back what the kernel has sent: mbufs back to their pool, or frames of an own UMEM. */
static void
af_xdp_tx_complete(struct af_xdp_txq *q)
{
	uint32_t idx = 0, n = xsk_ring_cons__peek(&q->cq, q->nb_desc, &idx);

	for (uint32_t i = 0; i < n; i++) {
		uint64_t addr = *xsk_ring_cons__comp_addr(&q->cq, idx++);

		if (q->lent.bits != NULL) {
			af_xdp_unlend(&q->lent, addr);
			/* Sent as they were only when direct, alone and unshared (see af_xdp_tx_burst()). */
			fpk_mbuf_raw_free(af_xdp_buf_mbuf(q->area, &q->lent, addr));
		} else {
			q->free[q->nb_free++] = addr;
		}
	}
	xsk_ring_cons__release(&q->cq, n);
	q->inflight -= n;
}

/*
 * A UMEM buffer for a copy of a packet, into @d: a fresh mbuf of the UMEM's
 * pool, or a free frame of an own UMEM (the burst takes no more packets
 * than there are). @return where the packet goes, NULL if the pool is empty.
 */
static __fpk_always_inline uint8_t *
af_xdp_tx_buf(struct af_xdp_txq *q, struct xdp_desc *d)
{
	struct fpk_mbuf *c;
	uint64_t off;

	if (q->lent.bits == NULL) {
		d->addr = q->free[--q->nb_free];
		return xsk_umem__get_data(q->area, d->addr);
	}
	c = fpk_mbuf_raw_alloc(q->mp);
	if (fpk_unlikely(c == NULL))
		return NULL;
	off = af_xdp_buf_off(q->area, &q->lent, c);
	af_xdp_lend(&q->lent, off);
	d->addr = off | (uint64_t)FPK_PKTMBUF_HEADROOM << XSK_UNALIGNED_BUF_OFFSET_SHIFT;
	return q->area + off + FPK_PKTMBUF_HEADROOM;
}

static uint16_t
af_xdp_tx_burst(void *queue, struct fpk_mbuf **pkts, uint16_t n)
{
	struct af_xdp_txq *q = queue;
	uint32_t idx = 0, queued = 0;
	uint64_t bytes = 0, errors = 0;
	uint16_t nb, i;

	af_xdp_tx_complete(q);
	nb = q->lent.bits != NULL ? n : (uint16_t)FPK_MIN((uint32_t)n, q->nb_free);
	nb = (uint16_t)FPK_MIN((uint32_t)nb, xsk_prod_nb_free(&q->tx, nb));
	if (nb > 0 && xsk_ring_prod__reserve(&q->tx, nb, &idx) != nb)
		nb = 0;
	for (i = 0; i < nb; i++) {
		struct fpk_mbuf *m = pkts[i];
		struct xdp_desc *d;
		uint8_t *dst;

		if (fpk_unlikely(m->pkt_len > q->max_len)) {
			fpk_pktmbuf_free(m);
			errors++;
			continue;
		}
		d = xsk_ring_prod__tx_desc(&q->tx, idx + queued);
		d->len = m->pkt_len;
		/*
		 * The pool's own mbufs go as they are, unless chained, indirect
		 * or shared: the completion frees exactly one whole mbuf.
		 */
		if (q->lent.bits != NULL && m->pool == q->mp && m->next == NULL &&
		    FPK_MBUF_DIRECT(m) && fpk_mbuf_refcnt_read(m) == 1) {
			uint64_t off = af_xdp_buf_off(q->area, &q->lent, m);

			af_xdp_lend(&q->lent, off);
			d->addr = off | (uint64_t)m->data_off << XSK_UNALIGNED_BUF_OFFSET_SHIFT;
		} else {
			dst = af_xdp_tx_buf(q, d);
			if (fpk_unlikely(dst == NULL))
				break; /* the caller keeps this one and the rest */
			for (const struct fpk_mbuf *seg = m; seg != NULL; seg = seg->next) {
				memcpy(dst, fpk_pktmbuf_mtod(seg, const void *), seg->data_len);
				dst += seg->data_len;
			}
			fpk_pktmbuf_free(m);
		}
		bytes += d->len;
		queued++;
	}
	/* Give back the slots of dropped and untaken packets, or the next reserve would skip them. */
	q->tx.cached_prod -= nb - queued;
	xsk_ring_prod__submit(&q->tx, queued);
	q->inflight += queued;
	/*
	 * Kick while anything is in flight, not only after queueing: the
	 * kernel sends a bounded batch per call, and a failed kick (interface
	 * down, device queue full) leaves its frames for the next burst.
	 */
	if (q->inflight > 0 && xsk_ring_prod__needs_wakeup(&q->tx))
		(void)sendto(q->fd, NULL, 0, MSG_DONTWAIT, NULL, 0);
	q->stats.packets += queued;
	q->stats.bytes += bytes;
	q->stats.errors += errors;
	return i;
}

/* The link follows the interface's; a change raises FPK_ETH_EVENT_INTR_LSC when asked for. */
static int
af_xdp_link_update(struct fpk_eth_dev *dev)
{
	const struct af_xdp_port *xp = dev->data->dev_private;
	struct fpk_eth_link link;
	int changed;

	netif_link_read(&xp->nif, &link);
	changed = fpk_eth_dev_link_set(dev, &link);
	if (changed && dev->data->dev_conf.intr_conf.lsc)
		fpk_eth_dev_callback_process(dev, FPK_ETH_EVENT_INTR_LSC, NULL);
	return changed;
}

static int
af_xdp_dev_infos_get(struct fpk_eth_dev *dev, struct fpk_eth_dev_info *info)
{
	const struct af_xdp_port *xp = dev->data->dev_private;

	info->driver_name = AF_XDP_DRIVER_NAME;
	info->max_rx_queues = (uint16_t)xp->queue_count;
	info->max_tx_queues = (uint16_t)xp->queue_count;
	info->max_rx_pktlen = AF_XDP_MAX_FRAME;
	info->max_mtu = AF_XDP_MAX_FRAME - AF_XDP_L2_OVERHEAD;
	/* Rx does not chain mbufs: each must hold a whole frame of the MTU. */
	info->min_rx_bufsize = dev->data->mtu + AF_XDP_L2_OVERHEAD;
	info->tx_offload_capa = FPK_ETH_TX_OFFLOAD_MULTI_SEGS;
	/* Ring sizes are powers of two: others are rounded up. */
	info->rx_desc_lim.nb_min = AF_XDP_MIN_DESC;
	info->rx_desc_lim.nb_max = AF_XDP_MAX_DESC;
	info->tx_desc_lim = info->rx_desc_lim;
	return 0;
}

static uint32_t
af_xdp_tx_max_len(uint16_t mtu)
{
	return FPK_MIN(AF_XDP_MAX_FRAME, (unsigned int)mtu + AF_XDP_L2_OVERHEAD);
}

static void
af_xdp_tx_max_len_set(struct fpk_eth_dev *dev, uint16_t mtu)
{
	for (unsigned int q = 0; q < dev->data->nb_tx_queues; q++) {
		struct af_xdp_txq *txq = dev->data->tx_queues[q];

		if (txq != NULL)
			txq->max_len = af_xdp_tx_max_len(mtu);
	}
}

static int
af_xdp_mtu_set(struct fpk_eth_dev *dev, uint16_t mtu)
{
	struct af_xdp_port *xp = dev->data->dev_private;
	int ret = netif_mtu_set(&xp->nif, mtu);

	if (ret) {
		AF_XDP_LOG(ERR, "%s: iface=%s refused MTU %u (%s): pick one the interface "
			   "supports with an XDP program attached (ip -d link show %s lists "
			   "min/max)\n", dev->data->name, xp->nif.name, mtu, strerror(-ret),
			   xp->nif.name);
		return ret;
	}
	af_xdp_tx_max_len_set(dev, mtu);
	return 0;
}

/* A configure asking for an MTU applies it to the interface. */
static int
af_xdp_dev_configure(struct fpk_eth_dev *dev)
{
	if (dev->data->dev_conf.rxmode.mtu == 0)
		return 0;
	return af_xdp_mtu_set(dev, dev->data->mtu);
}

/* Frames the kernel dropped on pair @q's open socket: its rx ring or fill ring was empty. */
static uint64_t
af_xdp_socket_missed(const struct af_xdp_qpair *qp)
{
	struct xdp_statistics st;
	socklen_t len = sizeof(st);

	if (qp->xsk == NULL ||
	    getsockopt(xsk_socket__fd(qp->xsk), SOL_XDP, XDP_STATISTICS, &st, &len) != 0)
		return 0;
	return st.rx_dropped + st.rx_ring_full;
}

/* A pool UMEM goes once no socket binds with it: only then does the kernel let go of its first socket. */
static void
af_xdp_pool_umem_put(struct af_xdp_pool_umem *pu)
{
	if (pu->users == 0 && pu->umem != NULL) {
		(void)xsk_umem__delete(pu->umem);
		pu->umem = NULL;
	}
}

/*
 * Close pair @qp's socket and UMEM. The frames of an own UMEM a bound
 * socket had go with af_xdp_qpair_settle(); those of a socket that never
 * bound go now.
 */
static void
af_xdp_qpair_close(struct af_xdp_qpair *qp)
{
	qp->missed += af_xdp_socket_missed(qp);
	if (qp->xsk != NULL) {
		xsk_socket__delete(qp->xsk);
		qp->unsettled = true;
		if (qp->pu != NULL)
			qp->pu->users--;
	}
	if (qp->pu != NULL)
		af_xdp_pool_umem_put(qp->pu);
	if (qp->umem != NULL)
		(void)xsk_umem__delete(qp->umem);
	if (qp->mz != NULL && !qp->unsettled) {
		fpk_memzone_free(qp->mz);
		qp->mz = NULL;
	}
	qp->xsk = NULL;
	qp->umem = NULL;
	qp->pu = NULL;
}

/*
 * Whether to bind again after the queue was found busy: the kernel lets go
 * of a queue a closed socket held from a work item. Sleeps 10 ms and counts
 * in *@tries; false once AF_XDP_BIND_TRIES binds (a second) were tried.
 */
static bool
af_xdp_bind_again(unsigned int *tries)
{
	if (++*tries >= AF_XDP_BIND_TRIES)
		return false;
	usleep(AF_XDP_BIND_WAIT_US);
	return true;
}

/*
 * Whether no AF_XDP socket holds queue @qid of interface @ifindex: one
 * with a page of UMEM of its own binds there and closes. It binds in copy
 * mode, which the driver has no part in, and its fill ring stays empty: no
 * NIC gets a buffer of it. @return 0 (free), -EBUSY (held) or -errno.
 */
static int
af_xdp_queue_probe(int ifindex, uint32_t qid)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	struct xdp_umem_reg reg = { .len = page, .chunk_size = AF_XDP_MIN_CHUNK };
	struct sockaddr_xdp sa = {
		.sxdp_family = AF_XDP,
		.sxdp_flags = XDP_COPY,
		.sxdp_ifindex = (uint32_t)ifindex,
		.sxdp_queue_id = qid,
	};
	int ring = AF_XDP_PROBE_RING, fd, ret = 0;
	void *area;

	area = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (area == MAP_FAILED)
		return -errno;
	reg.addr = (uintptr_t)area;
	fd = socket(AF_XDP, SOCK_RAW | SOCK_CLOEXEC, 0);
	if (fd < 0 ||
	    setsockopt(fd, SOL_XDP, XDP_UMEM_REG, &reg, sizeof(reg)) != 0 ||
	    setsockopt(fd, SOL_XDP, XDP_UMEM_FILL_RING, &ring, sizeof(ring)) != 0 ||
	    setsockopt(fd, SOL_XDP, XDP_UMEM_COMPLETION_RING, &ring, sizeof(ring)) != 0 ||
	    setsockopt(fd, SOL_XDP, XDP_RX_RING, &ring, sizeof(ring)) != 0 ||
	    bind(fd, (const struct sockaddr *)(const void *)&sa, sizeof(sa)) != 0)
		ret = -errno;
	if (fd >= 0)
		close(fd);
	(void)munmap(area, page);
	return ret;
}

struct af_xdp_reclaim {
	uint8_t *area;
	const struct af_xdp_lent *lent;
	bool give_back;
	unsigned int nb;
};

static void
af_xdp_reclaim_obj(struct fpk_mempool *mp, void *arg, void *obj, unsigned int idx)
{
	struct af_xdp_reclaim *r = arg;
	uint64_t slot = af_xdp_buf_off(r->area, r->lent, obj) >> r->lent->shift;

	(void)mp;
	(void)idx;
	if (r->lent->bits[slot / 64] & (UINT64_C(1) << (slot % 64))) {
		if (r->give_back)
			fpk_mbuf_raw_free(obj);
		r->nb++;
	}
}

/*
 * Give back to @mp the mbufs @lent marks as lent to the kernel, whose
 * UMEM must be gone and its queue free already, or only count them if not
 * @give_back; drop the marks either way. @return how many.
 */
static unsigned int
af_xdp_reclaim(struct fpk_mempool *mp, uint8_t *area, struct af_xdp_lent *lent, bool give_back)
{
	struct af_xdp_reclaim r = { .area = area, .lent = lent, .give_back = give_back };

	if (lent->bits == NULL)
		return 0;
	(void)fpk_mempool_obj_iter(mp, af_xdp_reclaim_obj, &r);
	fpk_free(lent->bits);
	lent->bits = NULL;
	return r.nb;
}

/* What a failed xsk_socket__create() means, and what to do about it. */
static const char *
af_xdp_socket_hint(int err)
{
	switch (err) {
	case EPERM:
	case EACCES:
		return "AF_XDP needs CAP_NET_ADMIN, CAP_NET_RAW and CAP_BPF (or CAP_SYS_ADMIN): run as root";
	case EBUSY:
		return "another program or AF_XDP socket holds this queue or the interface's XDP hook: "
		       "stop it, or see ip link show (prog/xdp)";
	case EINVAL:
		return "the queue may not exist (ethtool -l lists the channels), or the driver "
		       "refuses XDP at this MTU: lower the MTU or start_queue=/queue_count=";
	case ENOENT:
		return "libxdp found no XDP object files: set LIBXDP_OBJECT_PATH to their directory "
		       "(/usr/lib/x86_64-linux-gnu/bpf on Debian)";
	case EOPNOTSUPP:
		return "the driver has no zero-copy AF_XDP: use force_copy=1";
	case ENODEV:
		return "the interface is gone: create it again or name another with iface=";
	default:
		return "run with --log-level pmd.net.af_xdp:debug for libxdp's reasons";
	}
}

/* Busy polling as DPDK sets it up; a kernel without it (< 5.11) runs without. */
static void
af_xdp_busy_poll_setup(const char *name, const struct af_xdp_port *xp, struct af_xdp_rxq *rxq)
{
	int one = 1, usecs = AF_XDP_BUSY_POLL_USECS, budget = (int)xp->busy_budget, zero = 0;

	rxq->busy_poll = false;
	if (xp->busy_budget == 0)
		return;
	if (setsockopt(rxq->fd, SOL_SOCKET, SO_PREFER_BUSY_POLL, &one, sizeof(one)) == 0 &&
	    setsockopt(rxq->fd, SOL_SOCKET, SO_BUSY_POLL, &usecs, sizeof(usecs)) == 0 &&
	    setsockopt(rxq->fd, SOL_SOCKET, SO_BUSY_POLL_BUDGET, &budget, sizeof(budget)) == 0) {
		rxq->busy_poll = true;
		return;
	}
	(void)setsockopt(rxq->fd, SOL_SOCKET, SO_BUSY_POLL, &zero, sizeof(zero));
	(void)setsockopt(rxq->fd, SOL_SOCKET, SO_PREFER_BUSY_POLL, &zero, sizeof(zero));
	AF_XDP_LOG(INFO, "%s: no busy polling on iface=%s (needs Linux 5.11+ and "
		   "CAP_NET_ADMIN): running without; busy_budget=0 silences this\n", name,
		   xp->nif.name);
}

/* A UMEM of pair @q's own: its frames in EAL memory, its fill and completion rings. */
static int
af_xdp_umem_open(struct fpk_eth_dev *dev, unsigned int q, uint32_t nb_rx, uint32_t nb_tx)
{
	struct af_xdp_port *xp = dev->data->dev_private;
	struct af_xdp_qpair *qp = &xp->qp[q];
	struct xsk_umem_config cfg = {
		.fill_size = nb_rx ? nb_rx : AF_XDP_MIN_DESC,
		.comp_size = nb_tx ? nb_tx : AF_XDP_MIN_DESC,
		.frame_size = AF_XDP_FRAME_SIZE,
	};
	size_t len = (size_t)(nb_rx + nb_tx) * AF_XDP_FRAME_SIZE;
	char zname[64];
	int ret;

	snprintf(zname, sizeof(zname), "af_xdp_umem_p%u_q%u_%x", dev->data->port_id, q,
		 xp->umem_seq++);
	qp->mz = fpk_memzone_reserve_aligned(zname, len, FPK_SOCKET_ID_ANY, 0,
					     (size_t)sysconf(_SC_PAGESIZE));
	if (qp->mz == NULL) {
		AF_XDP_LOG(ERR, "%s: no EAL memory for a UMEM of %zu bytes: give the EAL more "
			   "(-m) or use fewer descriptors\n", dev->data->name, len);
		return -ENOMEM;
	}
	ret = xsk_umem__create(&qp->umem, qp->mz->addr, len, &qp->fq, &qp->cq, &cfg);
	if (ret) {
		qp->umem = NULL;
		AF_XDP_LOG(ERR, "%s: cannot register a UMEM of %zu bytes: %s: %s\n",
			   dev->data->name, len, strerror(-ret),
			   -ret == ENOMEM || -ret == EPERM ? "raise the locked-memory limit "
			   "(ulimit -l) or run as root" : af_xdp_socket_hint(-ret));
	}
	return ret;
}

/*
 * Why pool @mp cannot be a UMEM for frames of @mtu, written into @why; NULL
 * if it can. Each mbuf's buffer is one unaligned chunk: the kernel puts a
 * frame FPK_PKTMBUF_HEADROOM + XDP_PACKET_HEADROOM bytes into it.
 */
static const char *
af_xdp_pool_unfit(struct fpk_mempool *mp, uint16_t mtu, char *why, size_t size)
{
	unsigned int buf_len = fpk_pktmbuf_data_room_size(mp);
	unsigned int need = FPK_PKTMBUF_HEADROOM + AF_XDP_KERNEL_HEADROOM +
			    FPK_MAX((unsigned int)mtu + AF_XDP_L2_OVERHEAD, AF_XDP_KERNEL_MIN_ROOM);
	long page = sysconf(_SC_PAGESIZE);

	if (mp->nb_chunks != 1)
		snprintf(why, size, "its objects lie in %u memzones, not in one virtually "
			 "contiguous range (with IOVA as VA, or FPK_MEMPOOL_F_NO_IOVA_CONTIG, a "
			 "pool takes one)", mp->nb_chunks);
	else if (buf_len < AF_XDP_MIN_CHUNK || buf_len > (unsigned long)page)
		snprintf(why, size, "its mbuf buffers of %u bytes are no UMEM chunks (%u..%ld "
			 "bytes)", buf_len, AF_XDP_MIN_CHUNK, page);
	else if (buf_len < need)
		snprintf(why, size, "its mbuf buffers of %u bytes are too small for frames of MTU "
			 "%u behind %u bytes of headroom", buf_len, mtu,
			 FPK_PKTMBUF_HEADROOM + AF_XDP_KERNEL_HEADROOM);
	else
		return NULL;
	return why;
}

/*
 * The UMEM over pool @mp for a pair of @dev, registered on first use, in
 * *@pup; NULL there (and 0) if the pool cannot be one, logged once.
 */
static int
af_xdp_pool_umem_get(struct fpk_eth_dev *dev, struct fpk_mempool *mp,
		     struct af_xdp_pool_umem **pup)
{
	struct af_xdp_port *xp = dev->data->dev_private;
	struct af_xdp_pool_umem *pu = NULL;
	struct xsk_umem_config cfg = {
		/* Every socket of the UMEM gets rings of this size: room for any queue's. */
		.fill_size = AF_XDP_MAX_DESC,
		.comp_size = AF_XDP_MAX_DESC,
		.frame_size = fpk_pktmbuf_data_room_size(mp),
		.frame_headroom = FPK_PKTMBUF_HEADROOM,
		.flags = XDP_UMEM_UNALIGNED_CHUNK_FLAG,
	};
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	const struct fpk_memzone *mz;
	uint32_t stride;
	char why[160];
	int ret;

	*pup = NULL;
	for (unsigned int i = 0; i < FPK_DIM(xp->pumem); i++) {
		if (xp->pumem[i].mp == mp) {
			pu = &xp->pumem[i];
			break;
		}
		if (pu == NULL && xp->pumem[i].mp == NULL)
			pu = &xp->pumem[i];
	}
	if (pu->mp == NULL) {
		pu->mp = mp;
		pu->unfit = af_xdp_pool_unfit(mp, dev->data->mtu, why, sizeof(why)) != NULL;
		if (pu->unfit)
			AF_XDP_LOG(INFO, "%s: pool %s cannot be the UMEM: %s; its queues copy every "
				   "packet through a UMEM of their own\n", dev->data->name, mp->name,
				   why);
	}
	if (pu->unfit)
		return 0;
	if (pu->umem == NULL) {
		/* The kernel wants a page-aligned start: from the page the memzone begins in. */
		mz = mp->chunk[0].mz;
		pu->area = (uint8_t *)FPK_ALIGN_FLOOR((uintptr_t)mz->addr, page);
		pu->len = (uint64_t)((uint8_t *)mz->addr + mz->len - pu->area);
		stride = mp->header_size + mp->elt_size + mp->trailer_size;
		pu->lent.shift = 31u - (uint32_t)__builtin_clz(stride);
		pu->lent.buf_hdr = (uint32_t)sizeof(struct fpk_mbuf) + fpk_pktmbuf_priv_size(mp);
		pu->nb_slots = (uint32_t)(pu->len >> pu->lent.shift) + 1;
		ret = xsk_umem__create(&pu->umem, pu->area, pu->len, &pu->fq, &pu->cq, &cfg);
		if (ret) {
			pu->umem = NULL;
			AF_XDP_LOG(ERR, "%s: cannot register pool %s (%" PRIu64 " bytes) as a UMEM: "
				   "%s: %s\n", dev->data->name, mp->name, pu->len, strerror(-ret),
				   -ret == ENOMEM || -ret == EPERM ? "raise the locked-memory limit "
				   "(ulimit -l) or run as root" : af_xdp_socket_hint(-ret));
			return ret;
		}
	}
	*pup = pu;
	return 0;
}

/* A queue's bitmap of the mbufs it lends out of pool UMEM @pu. */
static int
af_xdp_lent_alloc(const char *name, struct af_xdp_lent *lent, const struct af_xdp_pool_umem *pu)
{
	size_t len = ((size_t)pu->nb_slots + 63) / 64 * sizeof(uint64_t);

	*lent = pu->lent;
	lent->bits = fpk_zmalloc("net_af_xdp lent mbufs", len, 0);
	if (lent->bits == NULL) {
		AF_XDP_LOG(ERR, "%s: no EAL memory for a bitmap of %zu bytes: give the EAL more "
			   "(-m)\n", name, len);
		return -ENOMEM;
	}
	return 0;
}

/* Lend nb_desc fresh mbufs of its pool to the fill ring of @q (queue @qid). */
static int
af_xdp_fill(const char *name, struct af_xdp_rxq *q, unsigned int qid)
{
	struct fpk_mbuf *m[AF_XDP_FILL_BATCH];
	uint32_t idx = 0;

	for (uint32_t done = 0, k; done < q->nb_desc; done += k) {
		k = FPK_MIN(AF_XDP_FILL_BATCH, q->nb_desc - done);
		if (fpk_pktmbuf_alloc_bulk(q->mp, m, k) != 0) {
			AF_XDP_LOG(ERR, "%s: pool %s has %u free mbufs, rx queue %u lends %u to the "
				   "kernel: give the pool more mbufs or the queue fewer descriptors\n",
				   name, q->mp->name, fpk_mempool_avail_count(q->mp) + done, qid,
				   q->nb_desc);
			return -ENOMEM;
		}
		/* The fill ring holds AF_XDP_MAX_DESC: room for a whole queue's. */
		(void)xsk_ring_prod__reserve(&q->fq, k, &idx);
		for (uint32_t i = 0; i < k; i++) {
			uint64_t off = af_xdp_buf_off(q->area, &q->lent, m[i]);

			*xsk_ring_prod__fill_addr(&q->fq, idx++) = off;
			af_xdp_lend(&q->lent, off);
		}
		xsk_ring_prod__submit(&q->fq, k);
	}
	return 0;
}

/* Open pair @q's socket on queue start_queue + @q and hand its buffers out. */
static int
af_xdp_qpair_open(struct fpk_eth_dev *dev, unsigned int q)
{
	struct af_xdp_port *xp = dev->data->dev_private;
	struct af_xdp_qpair *qp = &xp->qp[q];
	struct af_xdp_rxq *rxq = q < dev->data->nb_rx_queues ? dev->data->rx_queues[q] : NULL;
	struct af_xdp_txq *txq = q < dev->data->nb_tx_queues ? dev->data->tx_queues[q] : NULL;
	uint32_t nb_rx = rxq ? rxq->nb_desc : 0, nb_tx = txq ? txq->nb_desc : 0, idx = 0;
	struct xsk_socket_config cfg = {
		.rx_size = nb_rx,
		.tx_size = nb_tx,
		.bind_flags = XDP_USE_NEED_WAKEUP | (xp->force_copy ? XDP_COPY : 0),
	};
	/* A pair without rx sends from rx queue 0's pool, if any. */
	struct fpk_mempool *mp = rxq ? rxq->mp : dev->data->nb_rx_queues ?
				 ((struct af_xdp_rxq *)dev->data->rx_queues[0])->mp : NULL;
	const char *name = dev->data->name;
	struct xdp_options opts = { 0 };
	socklen_t olen = sizeof(opts);
	uint32_t qid = xp->start_queue + q;
	int ret, fd;

	if (xp->obj != NULL)
		cfg.libxdp_flags = XSK_LIBXDP_FLAGS__INHIBIT_PROG_LOAD;

	/*
	 * The kernel lets go of a queue a closed socket held from a work item:
	 * right after a stop, or a queue set up again, the bind may find it
	 * busy for a moment. A failed first socket leaves its UMEM unusable
	 * (libxdp unmaps the UMEM's rings): each try starts from a new one.
	 */
	for (unsigned int tries = 0;;) {
		ret = mp ? af_xdp_pool_umem_get(dev, mp, &qp->pu) : 0;
		if (ret == 0 && qp->pu == NULL)
			ret = af_xdp_umem_open(dev, q, nb_rx, nb_tx);
		if (ret)
			return ret;
		ret = xsk_socket__create_shared(&qp->xsk, xp->nif.name, qid,
						qp->pu ? qp->pu->umem : qp->umem,
						rxq ? &rxq->rx : NULL, txq ? &txq->tx : NULL,
						&qp->fq, &qp->cq, &cfg);
		if (ret != -EBUSY)
			break;
		qp->xsk = NULL;
		af_xdp_qpair_close(qp);
		if (!af_xdp_bind_again(&tries))
			break;
	}
	if (ret) {
		qp->xsk = NULL;
		AF_XDP_LOG(ERR, "%s: cannot bind an AF_XDP socket to queue %u of iface=%s: %s: "
			   "%s\n", name, qid, xp->nif.name, strerror(-ret),
			   af_xdp_socket_hint(-ret));
		return ret;
	}
	if (qp->pu != NULL)
		qp->pu->users++;
	fd = xsk_socket__fd(qp->xsk);
	if (xp->obj != NULL &&
	    bpf_map_update_elem(bpf_map__fd(xp->xsks_map), &qid, &fd, 0) != 0) {
		ret = -errno;
		AF_XDP_LOG(ERR, "%s: cannot put the socket of queue %u into xsks_map of %s: %s: "
			   "the map must be a BPF_MAP_TYPE_XSKMAP with room for queue ids\n",
			   name, qid, xp->xdp_prog, strerror(-ret));
		return ret;
	}
	if (rxq != NULL) {
		rxq->fq = qp->fq;
		rxq->fd = fd;
		af_xdp_busy_poll_setup(name, xp, rxq);
		if (qp->pu != NULL) {
			rxq->area = qp->pu->area;
			ret = af_xdp_lent_alloc(name, &rxq->lent, qp->pu);
			if (ret == 0)
				ret = af_xdp_fill(name, rxq, q);
			if (ret)
				return ret;
		} else {
			rxq->area = qp->mz->addr;
			(void)xsk_ring_prod__reserve(&rxq->fq, nb_rx, &idx);
			for (uint32_t i = 0; i < nb_rx; i++)
				*xsk_ring_prod__fill_addr(&rxq->fq, idx++) =
					(uint64_t)i * AF_XDP_FRAME_SIZE;
			xsk_ring_prod__submit(&rxq->fq, nb_rx);
		}
	}
	if (txq != NULL) {
		txq->cq = qp->cq;
		txq->fd = fd;
		txq->inflight = 0;
		if (qp->pu != NULL) {
			txq->mp = mp;
			txq->area = qp->pu->area;
			ret = af_xdp_lent_alloc(name, &txq->lent, qp->pu);
			if (ret)
				return ret;
		} else {
			for (uint32_t i = 0; i < nb_tx; i++)
				txq->free[i] = (uint64_t)(nb_rx + i) * AF_XDP_FRAME_SIZE;
			txq->nb_free = nb_tx;
			txq->area = qp->mz->addr;
		}
	}
	/* Unknown counts as zero-copy, the mode the wait at stop is for (af_xdp_qpair_settle()). */
	qp->zero_copy = getsockopt(fd, SOL_XDP, XDP_OPTIONS, &opts, &olen) != 0 ||
			(opts.flags & XDP_OPTIONS_ZEROCOPY);
	AF_XDP_LOG(INFO, "%s: queue %u of iface=%s in %s mode, UMEM %s%s\n", name, qid,
		   xp->nif.name, qp->zero_copy ? "zero-copy" : "copy",
		   qp->pu ? "over pool " : "of its own (FPK copies each packet)",
		   qp->pu ? mp->name : "");
	return 0;
}

static unsigned int
af_xdp_nb_qpairs(const struct fpk_eth_dev *dev)
{
	return FPK_MAX(dev->data->nb_rx_queues, dev->data->nb_tx_queues);
}

/* Detach and unload xdp_prog=, once its sockets are closed. */
static void
af_xdp_prog_unload(struct af_xdp_port *xp)
{
	if (xp->prog_attached)
		(void)bpf_xdp_detach(xp->nif.ifindex, XDP_FLAGS_UPDATE_IF_NOEXIST, NULL);
	if (xp->obj != NULL)
		bpf_object__close(xp->obj);
	xp->prog_attached = false;
	xp->obj = NULL;
	xp->xsks_map = NULL;
}

/* Load xdp_prog= and attach it to the interface; the sockets then go into its xsks_map. */
static int
af_xdp_prog_load(const char *name, struct af_xdp_port *xp)
{
	struct bpf_program *prog;
	int ret;

	xp->obj = bpf_object__open_file(xp->xdp_prog, NULL);
	if (xp->obj == NULL) {
		ret = -errno;
		AF_XDP_LOG(ERR, "%s: xdp_prog=%s: not a BPF object libbpf can open: %s\n", name,
			   xp->xdp_prog, strerror(-ret));
		return ret;
	}
	ret = bpf_object__load(xp->obj);
	prog = bpf_object__next_program(xp->obj, NULL);
	xp->xsks_map = bpf_object__find_map_by_name(xp->obj, "xsks_map");
	if (ret == 0 && (prog == NULL || xp->xsks_map == NULL))
		ret = -EINVAL;
	if (ret) {
		AF_XDP_LOG(ERR, "%s: xdp_prog=%s: cannot load it (%s): it needs an XDP program and "
			   "a BPF_MAP_TYPE_XSKMAP named xsks_map (--log-level pmd.net.af_xdp:debug "
			   "shows the verifier's log)\n", name, xp->xdp_prog, strerror(-ret));
		af_xdp_prog_unload(xp);
		return ret;
	}
	ret = bpf_xdp_attach(xp->nif.ifindex, bpf_program__fd(prog), XDP_FLAGS_UPDATE_IF_NOEXIST,
			     NULL);
	if (ret) {
		AF_XDP_LOG(ERR, "%s: cannot attach xdp_prog=%s to iface=%s: %s%s\n", name,
			   xp->xdp_prog, xp->nif.name, strerror(-ret), ret == -EBUSY ?
			   ": another XDP program is attached (ip link set dev IFACE xdp off)" : "");
		af_xdp_prog_unload(xp);
		return ret;
	}
	xp->prog_attached = true;
	return 0;
}

static uint64_t
af_xdp_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/*
 * Pair @q's socket is closed: wait until the kernel has let go of its
 * queue before anything it lent goes back. In zero-copy mode the kernel
 * tells the driver to stop using the UMEM (ndo_bpf XDP_SETUP_XSK_POOL with
 * no pool) from a work item after the close, and clears the queue's pool
 * only then: until that the NIC may DMA into the fill ring's buffers. So
 * a socket that binds the queue again proves it safe. Copy mode takes the
 * same path, although the kernel stopped writing at unbind: a bind costs
 * little, and veth tests it. A queue that stays held keeps the pair's
 * buffers out of use until the process exits: its marks are dropped
 * without giving the mbufs back, an own UMEM's memzone stays reserved.
 */
static void
af_xdp_qpair_settle(struct fpk_eth_dev *dev, uint16_t q)
{
	struct af_xdp_port *xp = dev->data->dev_private;
	struct af_xdp_qpair *qp = &xp->qp[q];
	struct af_xdp_rxq *rxq = dev->data->rx_queues[q];
	struct af_xdp_txq *txq = dev->data->tx_queues[q];
	uint32_t qid = xp->start_queue + q;
	uint64_t t0 = af_xdp_now_ms();
	unsigned int tries = 0, nb = 0;
	const char *pool = NULL;
	char what[96];
	int ret;

	if (!qp->unsettled)
		return;
	qp->unsettled = false;
	do
		ret = af_xdp_queue_probe(xp->nif.ifindex, qid);
	while (ret == -EBUSY && af_xdp_bind_again(&tries));
	/* A deleted interface was unbound from its sockets by the kernel at once. */
	if (ret == 0 || ret == -ENODEV) {
		AF_XDP_LOG(DEBUG, "%s: queue %u of iface=%s free again %" PRIu64 " ms after the "
			   "close (%s mode): its buffers go back\n", dev->data->name, qid,
			   xp->nif.name, af_xdp_now_ms() - t0,
			   qp->zero_copy ? "zero-copy" : "copy");
		if (qp->mz != NULL)
			fpk_memzone_free(qp->mz);
		qp->mz = NULL;
		return;
	}
	if (rxq != NULL && rxq->lent.bits != NULL) {
		nb += af_xdp_reclaim(rxq->mp, rxq->area, &rxq->lent, false);
		pool = rxq->mp->name;
	}
	if (txq != NULL && txq->mp != NULL) {
		nb += af_xdp_reclaim(txq->mp, txq->area, &txq->lent, false);
		pool = txq->mp->name;
		txq->mp = NULL;
	}
	if (qp->mz != NULL)
		snprintf(what, sizeof(what), "its UMEM (memzone %s, %zu bytes)", qp->mz->name,
			 qp->mz->len);
	else
		snprintf(what, sizeof(what), "%u mbufs of pool %s", nb, pool ? pool : "-");
	qp->mz = NULL;
	AF_XDP_LOG(ERR, "%s: queue %u of iface=%s (%s mode) %s %" PRIu64 " ms after its socket "
		   "closed: the device may still write into %s, kept out of use until the process "
		   "exits (restart it to get them back, or give the pool that many more mbufs to "
		   "go on without); look for another AF_XDP socket on the queue (ss --xdp) or a "
		   "stuck kernel worker (dmesg)\n", dev->data->name, qid, xp->nif.name,
		   qp->zero_copy ? "zero-copy" : "copy",
		   ret == -EBUSY ? "is still held by the kernel" : strerror(-ret),
		   af_xdp_now_ms() - t0, what);
}

/* Give back what rx queue @qid lent to the kernel; its pair must be settled. */
static void
af_xdp_rxq_reclaim(struct fpk_eth_dev *dev, uint16_t qid)
{
	struct af_xdp_rxq *q = dev->data->rx_queues[qid];
	unsigned int nb;

	if (q == NULL)
		return;
	nb = af_xdp_reclaim(q->mp, q->area, &q->lent, true);
	if (nb > 0)
		AF_XDP_LOG(DEBUG, "%s: rx queue %u: %u mbufs back from the fill ring and the "
			   "kernel\n", dev->data->name, qid, nb);
}

static void
af_xdp_txq_reclaim(struct fpk_eth_dev *dev, uint16_t qid)
{
	struct af_xdp_txq *q = dev->data->tx_queues[qid];
	unsigned int nb;

	if (q == NULL || q->mp == NULL)
		return;
	nb = af_xdp_reclaim(q->mp, q->area, &q->lent, true);
	q->mp = NULL;
	if (nb > 0)
		AF_XDP_LOG(DEBUG, "%s: tx queue %u: %u mbufs back that were not sent yet\n",
			   dev->data->name, qid, nb);
}

/*
 * Close every socket, and the UMEMs with the last of theirs; once the
 * kernel has let go of each queue no mbuf lent to it is touched any more,
 * so they go back then.
 */
static int
af_xdp_dev_stop(struct fpk_eth_dev *dev)
{
	struct af_xdp_port *xp = dev->data->dev_private;

	for (uint16_t q = 0; q < FPK_MAX_QUEUES_PER_PORT; q++)
		af_xdp_qpair_close(&xp->qp[q]);
	for (uint16_t q = 0; q < FPK_MAX_QUEUES_PER_PORT; q++) {
		af_xdp_qpair_settle(dev, q);
		af_xdp_rxq_reclaim(dev, q);
		af_xdp_txq_reclaim(dev, q);
	}
	/* A restart weighs the pools again: the MTU or the queues' pools may have changed. */
	memset(xp->pumem, 0, sizeof(xp->pumem));
	af_xdp_prog_unload(xp);
	return 0;
}

static int
af_xdp_dev_start(struct fpk_eth_dev *dev)
{
	struct af_xdp_port *xp = dev->data->dev_private;
	struct fpk_eth_link link;
	int ret;

	af_xdp_tx_max_len_set(dev, dev->data->mtu);
	if (xp->xdp_prog[0] != '\0') {
		ret = af_xdp_prog_load(dev->data->name, xp);
		if (ret)
			return ret;
	}
	for (unsigned int q = 0; q < af_xdp_nb_qpairs(dev); q++) {
		ret = af_xdp_qpair_open(dev, q);
		if (ret) {
			af_xdp_dev_stop(dev);
			return ret;
		}
	}
	netif_link_read(&xp->nif, &link);
	fpk_eth_dev_link_set(dev, &link);
	if (!link.link_status)
		AF_XDP_LOG(WARNING, "%s: iface=%s is down: nothing moves until it is up "
			   "(ip link set dev %s up)\n", dev->data->name, xp->nif.name,
			   xp->nif.name);
	return 0;
}

static uint32_t
af_xdp_ring_size(uint16_t nb_desc)
{
	return fpk_align32pow2(nb_desc);
}

static int
af_xdp_rx_queue_setup(struct fpk_eth_dev *dev, uint16_t qid, uint16_t nb_desc,
		      unsigned int socket_id, const struct fpk_eth_rxconf *conf,
		      struct fpk_mempool *mp)
{
	struct af_xdp_rxq *q;

	(void)conf;
	q = fpk_zmalloc_socket("net_af_xdp rx queue", sizeof(*q), 0,
			       fpk_eth_queue_socket(socket_id));
	if (q == NULL)
		return -ENOMEM;
	q->nb_desc = af_xdp_ring_size(nb_desc);
	q->fd = -1;
	q->mp = mp;
	q->port_id = dev->data->port_id;
	q->nombuf = &dev->data->rx_mbuf_alloc_failed[qid];
	dev->data->rx_queues[qid] = q;
	return 0;
}

static int
af_xdp_tx_queue_setup(struct fpk_eth_dev *dev, uint16_t qid, uint16_t nb_desc,
		      unsigned int socket_id, const struct fpk_eth_txconf *conf)
{
	int socket = fpk_eth_queue_socket(socket_id);
	struct af_xdp_txq *q;

	(void)conf;
	q = fpk_zmalloc_socket("net_af_xdp tx queue", sizeof(*q), 0, socket);
	if (q == NULL)
		return -ENOMEM;
	q->nb_desc = af_xdp_ring_size(nb_desc);
	q->free = fpk_zmalloc_socket("net_af_xdp tx frames", q->nb_desc * sizeof(*q->free), 0,
				     socket);
	if (q->free == NULL) {
		fpk_free(q);
		return -ENOMEM;
	}
	q->fd = -1;
	q->max_len = af_xdp_tx_max_len(dev->data->mtu);
	dev->data->tx_queues[qid] = q;
	return 0;
}

/*
 * A queue goes only with its pair's socket, which maps its rings, and
 * gives back what it lent (ethdev releases queues of stopped ports, whose
 * UMEMs are gone).
 */
static void
af_xdp_rx_queue_release(struct fpk_eth_dev *dev, uint16_t qid)
{
	struct af_xdp_port *xp = dev->data->dev_private;

	af_xdp_qpair_close(&xp->qp[qid]);
	af_xdp_qpair_settle(dev, qid);
	af_xdp_rxq_reclaim(dev, qid);
	fpk_free(dev->data->rx_queues[qid]);
}

static void
af_xdp_tx_queue_release(struct fpk_eth_dev *dev, uint16_t qid)
{
	struct af_xdp_port *xp = dev->data->dev_private;
	struct af_xdp_txq *q = dev->data->tx_queues[qid];

	af_xdp_qpair_close(&xp->qp[qid]);
	af_xdp_qpair_settle(dev, qid);
	af_xdp_txq_reclaim(dev, qid);
	fpk_free(q->free);
	fpk_free(q);
}

static uint64_t
af_xdp_missed(const struct af_xdp_port *xp)
{
	uint64_t missed = 0;

	for (unsigned int q = 0; q < xp->queue_count; q++)
		missed += xp->qp[q].missed + af_xdp_socket_missed(&xp->qp[q]);
	return missed;
}

static int
af_xdp_stats_get(struct fpk_eth_dev *dev, struct fpk_eth_stats *st)
{
	const struct af_xdp_port *xp = dev->data->dev_private;

	st->imissed = af_xdp_missed(xp) - xp->missed_zero;
	fpk_eth_queue_stats_get(dev, offsetof(struct af_xdp_rxq, stats),
				offsetof(struct af_xdp_txq, stats), st);
	return 0;
}

static int
af_xdp_stats_reset(struct fpk_eth_dev *dev)
{
	struct af_xdp_port *xp = dev->data->dev_private;

	/* The kernel's counters cannot be cleared: remember where zero is. */
	xp->missed_zero = af_xdp_missed(xp);
	fpk_eth_queue_stats_reset(dev, offsetof(struct af_xdp_rxq, stats),
				  offsetof(struct af_xdp_txq, stats));
	return 0;
}

/* Turn interface flag @flag (IFF_PROMISC, IFF_ALLMULTI) on or off. */
static int
af_xdp_iface_flag(struct fpk_eth_dev *dev, short flag, bool on)
{
	struct af_xdp_port *xp = dev->data->dev_private;
	struct ifreq ifr = { 0 };
	int ret = netif_ioctl(&xp->nif, SIOCGIFFLAGS, &ifr);

	if (ret == 0) {
		ifr.ifr_flags = (short)(on ? ifr.ifr_flags | flag : ifr.ifr_flags & ~flag);
		ret = netif_ioctl(&xp->nif, SIOCSIFFLAGS, &ifr);
	}
	if (ret) {
		AF_XDP_LOG(ERR, "%s: cannot turn %s %s on iface=%s: %s%s\n", dev->data->name,
			   flag == IFF_PROMISC ? "promiscuous mode" : "all-multicast",
			   on ? "on" : "off", xp->nif.name, strerror(-ret),
			   ret == -EPERM ? ": needs CAP_NET_ADMIN" : "");
		return ret;
	}
	xp->flags_set = (short)(on ? xp->flags_set | flag : xp->flags_set & ~flag);
	return 0;
}

static int
af_xdp_promiscuous_enable(struct fpk_eth_dev *dev)
{
	return af_xdp_iface_flag(dev, IFF_PROMISC, true);
}

static int
af_xdp_promiscuous_disable(struct fpk_eth_dev *dev)
{
	return af_xdp_iface_flag(dev, IFF_PROMISC, false);
}

static int
af_xdp_allmulticast_enable(struct fpk_eth_dev *dev)
{
	return af_xdp_iface_flag(dev, IFF_ALLMULTI, true);
}

static int
af_xdp_allmulticast_disable(struct fpk_eth_dev *dev)
{
	return af_xdp_iface_flag(dev, IFF_ALLMULTI, false);
}

static int
af_xdp_mac_addr_set(struct fpk_eth_dev *dev, struct fpk_ether_addr *addr)
{
	const struct af_xdp_port *xp = dev->data->dev_private;

	return netif_mac_set(&xp->nif, addr);
}

static int
af_xdp_dev_close(struct fpk_eth_dev *dev)
{
	struct af_xdp_port *xp = dev->data->dev_private;

	af_xdp_dev_stop(dev);
	/* The interface flags outlive the port: take back those it set. */
	if (xp->flags_set & IFF_PROMISC)
		(void)af_xdp_iface_flag(dev, IFF_PROMISC, false);
	if (xp->flags_set & IFF_ALLMULTI)
		(void)af_xdp_iface_flag(dev, IFF_ALLMULTI, false);
	close(xp->nif.fd);
	xp->nif.fd = -1;
	return 0;
}

static const struct fpk_eth_dev_ops af_xdp_ops = {
	.dev_configure = af_xdp_dev_configure,
	.dev_infos_get = af_xdp_dev_infos_get,
	.dev_start = af_xdp_dev_start,
	.dev_stop = af_xdp_dev_stop,
	.dev_close = af_xdp_dev_close,
	.rx_queue_setup = af_xdp_rx_queue_setup,
	.rx_queue_release = af_xdp_rx_queue_release,
	.tx_queue_setup = af_xdp_tx_queue_setup,
	.tx_queue_release = af_xdp_tx_queue_release,
	.link_update = af_xdp_link_update,
	.stats_get = af_xdp_stats_get,
	.stats_reset = af_xdp_stats_reset,
	.promiscuous_enable = af_xdp_promiscuous_enable,
	.promiscuous_disable = af_xdp_promiscuous_disable,
	.allmulticast_enable = af_xdp_allmulticast_enable,
	.allmulticast_disable = af_xdp_allmulticast_disable,
	.mac_addr_set = af_xdp_mac_addr_set,
	.mtu_set = af_xdp_mtu_set,
};

/* libxdp's and libbpf's messages, under this PMD's log type at debug level. */
__fpk_format_printf(1, 0) static int
af_xdp_lib_vlog(const char *fmt, va_list ap)
{
	fpk_vlog(FPK_LOG_DEBUG, af_xdp_logtype, fmt, ap);
	return 0;
}

__fpk_format_printf(2, 0) static int
af_xdp_libxdp_print(enum libxdp_print_level level, const char *fmt, va_list ap)
{
	(void)level;
	return af_xdp_lib_vlog(fmt, ap);
}

__fpk_format_printf(2, 0) static int
af_xdp_libbpf_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	(void)level;
	return af_xdp_lib_vlog(fmt, ap);
}

/* Whether this kernel and process can open AF_XDP sockets at all. */
static int
af_xdp_socket_check(const char *name)
{
	int fd = socket(AF_XDP, SOCK_RAW | SOCK_CLOEXEC, 0);

	if (fd >= 0) {
		close(fd);
		return 0;
	}
	if (errno == EPERM || errno == EACCES)
		AF_XDP_LOG(ERR, "%s: cannot open an AF_XDP socket: CAP_NET_RAW is needed (and "
			   "CAP_NET_ADMIN, CAP_BPF to load XDP): run as root\n", name);
	else if (errno == EAFNOSUPPORT)
		AF_XDP_LOG(ERR, "%s: this kernel has no AF_XDP sockets: enable "
			   "CONFIG_XDP_SOCKETS (Linux 4.18+)\n", name);
	else
		AF_XDP_LOG(ERR, "%s: cannot open an AF_XDP socket: %s\n", name, strerror(errno));
	return -errno;
}

/* Find the interface: index, queues, MAC address and MTU. */
static int
af_xdp_iface_probe(const char *name, struct af_xdp_port *xp, struct fpk_eth_dev_data *data)
{
	struct ethtool_channels ch = { .cmd = ETHTOOL_GCHANNELS };
	struct ifreq ifr = { 0 };
	int ret, mtu;

	ret = netif_index_get(&xp->nif);
	if (ret)
		return ret;
	/* Drivers without channel counts (ENOTSUP) are left to the bind at start. */
	ifr.ifr_data = (void *)&ch;
	if (netif_ioctl(&xp->nif, SIOCETHTOOL, &ifr) == 0 &&
	    xp->start_queue + xp->queue_count > ch.rx_count + ch.combined_count) {
		AF_XDP_LOG(ERR, "%s: iface=%s has %u rx queues, start_queue=%u queue_count=%u "
			   "asks for %u..%u: lower them or add channels (ethtool -L %s combined "
			   "N)\n", name, xp->nif.name, ch.rx_count + ch.combined_count,
			   xp->start_queue, xp->queue_count, xp->start_queue,
			   xp->start_queue + xp->queue_count - 1, xp->nif.name);
		return -EINVAL;
	}
	ret = netif_mac_get(&xp->nif, &data->mac_addr, false);
	if (ret == 0)
		ret = netif_mtu_get(&xp->nif, &mtu);
	if (ret)
		return ret;
	data->mtu = (uint16_t)FPK_MIN((unsigned int)mtu, AF_XDP_MAX_FRAME - AF_XDP_L2_OVERHEAD);
	if ((unsigned int)mtu != data->mtu)
		AF_XDP_LOG(WARNING, "%s: iface=%s has MTU %d but AF_XDP frames hold MTU %u at "
			   "most: larger frames are dropped; lower it (ip link set dev %s mtu "
			   "%u)\n", name, xp->nif.name, mtu, data->mtu, xp->nif.name, data->mtu);
	return 0;
}

/* Parse and check the arguments into @xp. @return 0 or -errno, logged. */
static int
af_xdp_args_parse(const char *name, const char *args, struct af_xdp_port *xp)
{
	static const char *const keys[] = {
		"iface", "start_queue", "queue_count", "shared_umem", "xdp_prog",
		"busy_budget", "force_copy", NULL
	};
	uint64_t start_queue = 0, queue_count = 1, busy_budget = AF_XDP_DEFAULT_BUSY_BUDGET;
	bool shared_umem = false;
	const char *iface, *prog = NULL;
	struct fpk_kvargs *kv;
	int ret = 0;

	kv = fpk_kvargs_parse(args, keys);
	if (kv == NULL)
		return -fpk_errno;
	iface = fpk_kvargs_get(kv, "iface");
	if (iface == NULL || iface[0] == '\0' || strlen(iface) >= sizeof(xp->nif.name)) {
		AF_XDP_LOG(ERR, "%s: iface=<name> is required, at most %zu characters, e.g. "
			   "iface=eth0\n", name, sizeof(xp->nif.name) - 1);
		ret = -EINVAL;
	} else if ((prog = fpk_kvargs_get(kv, "xdp_prog")) != NULL &&
		   (strlen(prog) >= sizeof(xp->xdp_prog) || access(prog, R_OK) != 0)) {
		AF_XDP_LOG(ERR, "%s: xdp_prog=%s: cannot read it (%s): name a BPF object file "
			   "with an XDP program and an xsks_map\n", name, prog, strerror(errno));
		ret = -ENOENT;
	}
	if (ret == 0) {
		snprintf(xp->nif.name, sizeof(xp->nif.name), "%s", iface);
		snprintf(xp->xdp_prog, sizeof(xp->xdp_prog), "%s", prog ? prog : "");
		ret = fpk_kvargs_process(kv, "start_queue", fpk_kvargs_parse_u64, &start_queue);
	}
	if (ret == 0)
		ret = fpk_kvargs_process(kv, "queue_count", fpk_kvargs_parse_u64, &queue_count);
	if (ret == 0)
		ret = fpk_kvargs_process(kv, "busy_budget", fpk_kvargs_parse_u64, &busy_budget);
	if (ret == 0)
		ret = fpk_kvargs_process(kv, "force_copy", fpk_kvargs_parse_bool, &xp->force_copy);
	if (ret == 0)
		ret = fpk_kvargs_process(kv, "shared_umem", fpk_kvargs_parse_bool, &shared_umem);
	fpk_kvargs_free(kv);
	if (ret)
		return ret;
	if (shared_umem) {
		AF_XDP_LOG(ERR, "%s: shared_umem=1 is not supported: the queues of a port "
			   "share their pool's UMEM, ports do not; drop the argument\n", name);
		return -ENOTSUP;
	}
	if (queue_count == 0 || queue_count > FPK_MAX_QUEUES_PER_PORT ||
	    start_queue > UINT16_MAX || busy_budget > INT32_MAX) {
		AF_XDP_LOG(ERR, "%s: start_queue=%" PRIu64 " queue_count=%" PRIu64 " busy_budget=%"
			   PRIu64 ": give queue_count 1..%u, start_queue up to %u and a busy_budget "
			   "that fits an int\n", name, start_queue, queue_count, busy_budget,
			   FPK_MAX_QUEUES_PER_PORT, UINT16_MAX);
		return -EINVAL;
	}
	xp->start_queue = (unsigned int)start_queue;
	xp->queue_count = (unsigned int)queue_count;
	xp->busy_budget = (unsigned int)busy_budget;
	return 0;
}

static int
af_xdp_probe(const char *name, const char *args)
{
	struct fpk_eth_link link;
	struct fpk_eth_dev *dev;
	struct af_xdp_port *xp;
	int ret;

	libxdp_set_print(af_xdp_libxdp_print);
	libbpf_set_print(af_xdp_libbpf_print);
	dev = fpk_eth_dev_allocate(name, sizeof(*xp), FPK_SOCKET_ID_ANY);
	if (dev == NULL)
		return -fpk_errno;
	xp = dev->data->dev_private;
	xp->nif.fd = -1;
	xp->nif.port = dev->data->name;
	xp->nif.logtype = af_xdp_logtype;
	ret = af_xdp_args_parse(name, args, xp);
	if (ret == 0)
		ret = af_xdp_socket_check(name);
	if (ret)
		goto fail;
	xp->nif.fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (xp->nif.fd < 0) {
		ret = -errno;
		AF_XDP_LOG(ERR, "%s: cannot open a socket for the interface ioctls: %s\n", name,
			   strerror(-ret));
		goto fail;
	}
	ret = af_xdp_iface_probe(name, xp, dev->data);
	if (ret)
		goto fail;
	dev->dev_ops = &af_xdp_ops;
	dev->rx_pkt_burst = af_xdp_rx_burst;
	dev->tx_pkt_burst = af_xdp_tx_burst;
	netif_link_read(&xp->nif, &link);
	fpk_eth_dev_link_set(dev, &link);
	fpk_eth_dev_probing_finish(dev);
	AF_XDP_LOG(DEBUG, "%s: port %u on queues %u..%u of iface=%s (ifindex %d)\n", name,
		   dev->data->port_id, xp->start_queue, xp->start_queue + xp->queue_count - 1,
		   xp->nif.name, xp->nif.ifindex);
	return 0;
fail:
	if (xp->nif.fd >= 0)
		close(xp->nif.fd);
	fpk_eth_dev_release_port(dev);
	return ret;
}

static struct fpk_vdev_driver af_xdp_driver = {
	.name = AF_XDP_DRIVER_NAME,
	.usage = "iface=<interface> [start_queue=<n, default 0>] [queue_count=<1.."
		 FPK_STR(FPK_MAX_QUEUES_PER_PORT) ", default 1>] [busy_budget=<n, default 64, "
		 "0: off>] [force_copy=<0|1>] [xdp_prog=<BPF object file>] [shared_umem=0]",
	.probe = af_xdp_probe,
	.remove = fpk_eth_dev_close_by_name,
};

FPK_PMD_REGISTER_VDEV(net_af_xdp, af_xdp_driver)
