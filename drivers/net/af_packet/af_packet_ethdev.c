/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * net_af_packet: a port on a Linux network interface through AF_PACKET
 * sockets with PACKET_MMAP rings (TPACKET_V2), for running FPK on any
 * interface the kernel drives (veth, tap, a NIC kept by its kernel driver).
 *
 * Each queue pair is one socket with an rx and a tx ring mapped into this
 * process. Rx walks the rx ring, copies frames into mbufs and hands the
 * slots back; tx copies mbufs into tx ring slots, marks them, and kicks the
 * kernel with one non-blocking sendto() per burst, the only system call on
 * the fast path. With qpairs > 1 the sockets form a PACKET_FANOUT_HASH
 * group, so the kernel spreads flows over the rx queues.
 *
 * Arguments (DPDK's names): iface=<name> (required), qpairs=<n>,
 * blocksz=<bytes>, framesz=<bytes>, framecnt=<frames>, qdisc_bypass=<0|1>.
 */
#include <errno.h>
#include <inttypes.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>

#include "fpk_bus_vdev.h"
#include "fpk_ethdev_driver.h"
#include "fpk_kvargs.h"
#include "fpk_log.h"
#include "fpk_malloc.h"
#include "fpk_mbuf.h"
#include "netif.h"

#define AF_PACKET_DRIVER_NAME "net_af_packet"
#define AF_PACKET_DEFAULT_BLOCKSZ 4096
#define AF_PACKET_DEFAULT_FRAMESZ 2048
#define AF_PACKET_DEFAULT_FRAMECNT 512
/* Smallest frame slot: the header and a minimum-size Ethernet frame. */
#define AF_PACKET_MIN_FRAMESZ 128
/* Where tx frame data starts in a slot (TPACKET_V2 without PACKET_TX_HAS_OFF). */
#define AF_PACKET_TX_DATA_OFF (TPACKET2_HDRLEN - sizeof(struct sockaddr_ll))
/*
 * Where the kernel puts rx frame data in a slot: after the header, with the
 * network header aligned to 16 (see tpacket_rcv()).
 */
#define AF_PACKET_RX_DATA_OFF (TPACKET_ALIGN(TPACKET2_HDRLEN + 16) - ETH_HLEN)
/* Ethernet header and one VLAN tag on top of the MTU. */
#define AF_PACKET_L2_OVERHEAD (FPK_ETHER_HDR_LEN + 4)
#define AF_PACKET_VLAN_HLEN 4
/* Not in older <linux/if_packet.h>; older kernels ignore the bit (see qpair setup). */
#ifndef PACKET_FANOUT_FLAG_IGNORE_OUTGOING
#define PACKET_FANOUT_FLAG_IGNORE_OUTGOING 0x4000
#endif

FPK_PMD_LOG_REGISTER(af_packet);
#define AF_PACKET_LOG(level, ...) FPK_PMD_LOG(af_packet, level, __VA_ARGS__)

/* Fast-path queue state, each on its own cache line, written only by the lcore polling it. */
struct af_packet_rxq {
	struct tpacket2_hdr **frames; /* slots of the mmap'ed rx ring */
	uint32_t frame_nr;
	uint32_t idx;             /* next slot the kernel fills */
	struct fpk_mempool *mp;
	uint16_t port_id;
	struct fpk_eth_queue_stats stats; /* errors: frames truncated or too big for an mbuf */
	uint64_t *nombuf;         /* the port's rx_mbuf_alloc_failed[] element of this queue */
} __fpk_cache_aligned;

struct af_packet_txq {
	struct tpacket2_hdr **frames; /* slots of the mmap'ed tx ring */
	uint32_t frame_nr;
	uint32_t idx;             /* next slot to fill */
	int fd;
	uint32_t max_len;         /* longer packets are dropped and counted as errors */
	struct fpk_eth_queue_stats stats;
} __fpk_cache_aligned;

/* Control-path state of one queue pair: its socket and mapping. */
struct af_packet_qpair {
	int fd;
	void *map;                /* the rx ring, then the tx ring */
	size_t map_len;
	/*
	 * Where rx and tx are in the rings while no queue is set up on them:
	 * the kernel keeps its own place, which a new queue must take up.
	 */
	uint32_t rx_idx;
	uint32_t tx_idx;
	uint64_t kernel_drops;    /* PACKET_STATISTICS drops, accumulated (reading clears them) */
};

struct af_packet_port {
	struct af_packet_qpair qp[FPK_MAX_QUEUES_PER_PORT];
	struct netif nif;         /* the interface; its ioctls go through qp[0].fd */
	unsigned int qpairs;
	unsigned int blocksz;
	unsigned int framesz;
	unsigned int framecnt;
	bool qdisc_bypass;
};

/* Rx: copy the frame in slot @h into @m, putting back a VLAN tag the kernel took out. */
static __fpk_always_inline bool
af_packet_frame_to_mbuf(const struct tpacket2_hdr *h, struct fpk_mbuf *m)
{
	const uint8_t *src = (const uint8_t *)h + h->tp_mac;
	uint8_t *dst = fpk_pktmbuf_mtod(m, uint8_t *);
	uint32_t len = h->tp_snaplen;

	if (fpk_unlikely(len < h->tp_len))
		return false; /* cut by the slot size: never deliver a partial frame */
	if (fpk_likely(!(h->tp_status & TP_STATUS_VLAN_VALID))) {
		if (fpk_unlikely(len > fpk_pktmbuf_tailroom(m)))
			return false;
		memcpy(dst, src, len);
	} else {
		uint16_t tpid = (h->tp_status & TP_STATUS_VLAN_TPID_VALID) ?
				h->tp_vlan_tpid : ETH_P_8021Q;
		uint16_t tag[2] = { htons(tpid), htons(h->tp_vlan_tci) };

		if (fpk_unlikely(len < 2 * FPK_ETHER_ADDR_LEN ||
				 len + AF_PACKET_VLAN_HLEN > fpk_pktmbuf_tailroom(m)))
			return false;
		memcpy(dst, src, 2 * FPK_ETHER_ADDR_LEN);
		memcpy(dst + 2 * FPK_ETHER_ADDR_LEN, tag, sizeof(tag));
		memcpy(dst + 2 * FPK_ETHER_ADDR_LEN + AF_PACKET_VLAN_HLEN,
		       src + 2 * FPK_ETHER_ADDR_LEN, len - 2 * FPK_ETHER_ADDR_LEN);
		len += AF_PACKET_VLAN_HLEN;
		m->vlan_tci = h->tp_vlan_tci;
		m->ol_flags |= FPK_MBUF_F_RX_VLAN;
	}
	m->data_len = (uint16_t)len;
	m->pkt_len = len;
	return true;
}

static uint16_t
af_packet_rx_burst(void *queue, struct fpk_mbuf **pkts, uint16_t n)
{
	struct af_packet_rxq *q = queue;
	uint32_t idx = q->idx;
	uint64_t bytes = 0;
	uint16_t nb = 0;

	while (nb < n) {
		struct tpacket2_hdr *h = q->frames[idx];
		struct fpk_mbuf *m;
		bool ok;

		/* Acquire: the frame's bytes are read only after the kernel published them. */
		if (!(__atomic_load_n(&h->tp_status, __ATOMIC_ACQUIRE) & TP_STATUS_USER))
			break;
		m = fpk_pktmbuf_alloc(q->mp);
		if (fpk_unlikely(m == NULL)) {
			(*q->nombuf)++;
			break; /* the frame waits in its slot for the next burst */
		}
		ok = af_packet_frame_to_mbuf(h, m);
		/* Release: the copy is done before the kernel may overwrite the slot. */
		__atomic_store_n(&h->tp_status, TP_STATUS_KERNEL, __ATOMIC_RELEASE);
		idx = idx + 1 == q->frame_nr ? 0 : idx + 1;
		if (fpk_unlikely(!ok)) {
			fpk_pktmbuf_free(m);
			q->stats.errors++;
			continue;
		}
		m->port = q->port_id;
		bytes += m->pkt_len;
		pkts[nb++] = m;
	}
	q->idx = idx;
	q->stats.packets += nb;
	q->stats.bytes += bytes;
	return nb;
}

static uint16_t
af_packet_tx_burst(void *queue, struct fpk_mbuf **pkts, uint16_t n)
{
	struct af_packet_txq *q = queue;
	uint32_t idx = q->idx;
	uint64_t bytes = 0, errors = 0;
	uint16_t nb, queued = 0;
	bool kick = false;

	for (nb = 0; nb < n; nb++) {
		struct tpacket2_hdr *h = q->frames[idx];
		const struct fpk_mbuf *m = pkts[nb];
		uint32_t status = __atomic_load_n(&h->tp_status, __ATOMIC_ACQUIRE);
		uint8_t *dst;

		/*
		 * A slot still in use means the ring is full. If the kernel has not
		 * even taken it (an earlier kick failed), kick again, or nothing would.
		 */
		if (status & (TP_STATUS_SEND_REQUEST | TP_STATUS_SENDING)) {
			kick = status & TP_STATUS_SEND_REQUEST;
			break;
		}
		if (fpk_unlikely(m->pkt_len > q->max_len)) {
			errors++; /* dropped: freed below with the sent ones */
			continue;
		}
		dst = (uint8_t *)h + AF_PACKET_TX_DATA_OFF;
		for (const struct fpk_mbuf *seg = m; seg != NULL; seg = seg->next) {
			memcpy(dst, fpk_pktmbuf_mtod(seg, const void *), seg->data_len);
			dst += seg->data_len;
		}
		h->tp_len = m->pkt_len;
		/* Release: the kernel sees the data before the request. */
		__atomic_store_n(&h->tp_status, TP_STATUS_SEND_REQUEST, __ATOMIC_RELEASE);
		idx = idx + 1 == q->frame_nr ? 0 : idx + 1;
		bytes += m->pkt_len;
		queued++;
	}
	if (fpk_likely(queued > 0 || kick)) {
		/*
		 * One kick sends every requested slot. If it fails (device queue
		 * full, link down) the slots stay requested for a later kick, and
		 * meanwhile the full ring pushes back on the caller. A failure can
		 * also just report an error left on the socket by an earlier link
		 * down, which clears it: then one more try sends.
		 */
		if (fpk_unlikely(sendto(q->fd, NULL, 0, MSG_DONTWAIT, NULL, 0) < 0) &&
		    errno != EAGAIN && errno != ENOBUFS)
			(void)sendto(q->fd, NULL, 0, MSG_DONTWAIT, NULL, 0);
		q->idx = idx;
	}
	fpk_pktmbuf_free_bulk(pkts, nb);
	q->stats.packets += queued;
	q->stats.bytes += bytes;
	q->stats.errors += errors;
	return nb;
}

/* Bytes of frame a slot holds on rx and on tx. */
static unsigned int
af_packet_rx_room(const struct af_packet_port *ap)
{
	return ap->framesz - AF_PACKET_RX_DATA_OFF;
}

static unsigned int
af_packet_tx_room(const struct af_packet_port *ap)
{
	return ap->framesz - AF_PACKET_TX_DATA_OFF;
}

static int
af_packet_link_update(struct fpk_eth_dev *dev)
{
	const struct af_packet_port *ap = dev->data->dev_private;
	struct fpk_eth_link link;

	netif_link_read(&ap->nif, &link);
	return fpk_eth_dev_link_set(dev, &link);
}

static int
af_packet_dev_infos_get(struct fpk_eth_dev *dev, struct fpk_eth_dev_info *info)
{
	const struct af_packet_port *ap = dev->data->dev_private;
	unsigned int room = FPK_MIN(af_packet_rx_room(ap), af_packet_tx_room(ap));

	info->driver_name = AF_PACKET_DRIVER_NAME;
	info->max_rx_queues = (uint16_t)ap->qpairs;
	info->max_tx_queues = (uint16_t)ap->qpairs;
	info->max_rx_pktlen = room;
	info->max_mtu = (uint16_t)FPK_MIN(room - AF_PACKET_L2_OVERHEAD, UINT16_MAX);
	/* Rx does not chain mbufs: each must hold a whole frame of the MTU. */
	info->min_rx_bufsize = dev->data->mtu + AF_PACKET_L2_OVERHEAD;
	info->tx_offload_capa = FPK_ETH_TX_OFFLOAD_MULTI_SEGS;
	return 0;
}

static uint32_t
af_packet_tx_max_len(const struct af_packet_port *ap, uint16_t mtu)
{
	return FPK_MIN(af_packet_tx_room(ap), (unsigned int)mtu + AF_PACKET_L2_OVERHEAD);
}

static void
af_packet_tx_max_len_set(struct fpk_eth_dev *dev, uint16_t mtu)
{
	const struct af_packet_port *ap = dev->data->dev_private;

	for (unsigned int q = 0; q < ap->qpairs; q++) {
		struct af_packet_txq *txq = dev->data->tx_queues[q];

		if (txq != NULL)
			txq->max_len = af_packet_tx_max_len(ap, mtu);
	}
}

static int
af_packet_mtu_set(struct fpk_eth_dev *dev, uint16_t mtu)
{
	const struct af_packet_port *ap = dev->data->dev_private;
	int ret = netif_mtu_set(&ap->nif, mtu);

	if (ret) {
		AF_PACKET_LOG(ERR, "%s: iface=%s refused MTU %u (%s): pick one the interface "
			      "supports (ip -d link show %s lists min/max)\n", dev->data->name,
			      ap->nif.name, mtu, strerror(-ret), ap->nif.name);
		return ret;
	}
	af_packet_tx_max_len_set(dev, mtu);
	return 0;
}

/* A configure asking for an MTU applies it to the interface. */
static int
af_packet_dev_configure(struct fpk_eth_dev *dev)
{
	if (dev->data->dev_conf.rxmode.mtu == 0)
		return 0;
	return af_packet_mtu_set(dev, dev->data->mtu);
}

/* Slot @i of queue pair @qp's rx ring, or of its tx ring if @tx. */
static struct tpacket2_hdr *
af_packet_slot(const struct af_packet_port *ap, const struct af_packet_qpair *qp, bool tx,
	       uint32_t i)
{
	unsigned int fpb = ap->blocksz / ap->framesz;
	/* Frames never straddle blocks: a block's tail shorter than a frame is unused. */
	size_t off = (tx ? qp->map_len / 2 : 0) + (size_t)(i / fpb) * ap->blocksz +
		     (size_t)(i % fpb) * ap->framesz;

	/* Slots are TPACKET_ALIGNMENT-aligned: blocks are pages, frames multiples of 16. */
	return (void *)((uint8_t *)qp->map + off);
}

/* Hand every filled rx slot of queue pair @q back, and clear the kernel's drop count. */
static void
af_packet_rx_flush(struct fpk_eth_dev *dev, unsigned int q)
{
	struct af_packet_port *ap = dev->data->dev_private;
	struct af_packet_qpair *qp = &ap->qp[q];
	struct af_packet_rxq *rxq = dev->data->rx_queues[q];
	/* A pair without an rx queue receives all the same. */
	uint32_t *idx = rxq != NULL ? &rxq->idx : &qp->rx_idx;
	struct tpacket_stats st;
	socklen_t len = sizeof(st);

	for (;;) {
		struct tpacket2_hdr *h = af_packet_slot(ap, qp, false, *idx);

		if (!(__atomic_load_n(&h->tp_status, __ATOMIC_ACQUIRE) & TP_STATUS_USER))
			break;
		__atomic_store_n(&h->tp_status, TP_STATUS_KERNEL, __ATOMIC_RELEASE);
		*idx = *idx + 1 == ap->framecnt ? 0 : *idx + 1;
	}
	(void)getsockopt(qp->fd, SOL_PACKET, PACKET_STATISTICS, &st, &len);
}

static int
af_packet_dev_start(struct fpk_eth_dev *dev)
{
	struct af_packet_port *ap = dev->data->dev_private;
	struct fpk_eth_link link;

	/* A stopped port receives nothing: drop what queued up meanwhile. */
	for (unsigned int q = 0; q < ap->qpairs; q++)
		af_packet_rx_flush(dev, q);
	af_packet_tx_max_len_set(dev, dev->data->mtu);
	netif_link_read(&ap->nif, &link);
	if (!link.link_status)
		AF_PACKET_LOG(WARNING, "%s: iface=%s is down: nothing moves until it is up "
			      "(ip link set dev %s up)\n", dev->data->name, ap->nif.name,
			      ap->nif.name);
	return 0;
}

/*
 * The slot pointers of queue pair @qid's rx or tx ring, on @socket with the
 * queue that walks them. @return them, or NULL: the EAL logged why.
 */
static struct tpacket2_hdr **
af_packet_frames_alloc(const struct af_packet_port *ap, uint16_t qid, bool tx, int socket)
{
	struct tpacket2_hdr **frames;

	frames = fpk_zmalloc_socket(tx ? "net_af_packet tx frames" : "net_af_packet rx frames",
				    ap->framecnt * sizeof(*frames), 0, socket);
	if (frames == NULL)
		return NULL;
	for (uint32_t i = 0; i < ap->framecnt; i++)
		frames[i] = af_packet_slot(ap, &ap->qp[qid], tx, i);
	return frames;
}

static int
af_packet_rx_queue_setup(struct fpk_eth_dev *dev, uint16_t qid, uint16_t nb_desc,
			 unsigned int socket_id, const struct fpk_eth_rxconf *conf,
			 struct fpk_mempool *mp)
{
	const struct af_packet_port *ap = dev->data->dev_private;
	int socket = fpk_eth_queue_socket(socket_id);
	struct af_packet_rxq *q;

	/* The ring's size was fixed at probe (framecnt=); nb_desc cannot change it. */
	(void)nb_desc;
	(void)conf;
	q = fpk_zmalloc_socket("net_af_packet rx queue", sizeof(*q), 0, socket);
	if (q == NULL)
		return -ENOMEM;
	q->frames = af_packet_frames_alloc(ap, qid, false, socket);
	if (q->frames == NULL) {
		fpk_free(q);
		return -ENOMEM;
	}
	q->frame_nr = ap->framecnt;
	q->idx = ap->qp[qid].rx_idx;
	q->mp = mp;
	q->port_id = dev->data->port_id;
	q->nombuf = &dev->data->rx_mbuf_alloc_failed[qid];
	dev->data->rx_queues[qid] = q;
	return 0;
}

static int
af_packet_tx_queue_setup(struct fpk_eth_dev *dev, uint16_t qid, uint16_t nb_desc,
			 unsigned int socket_id, const struct fpk_eth_txconf *conf)
{
	const struct af_packet_port *ap = dev->data->dev_private;
	int socket = fpk_eth_queue_socket(socket_id);
	struct af_packet_txq *q;

	(void)nb_desc;
	(void)conf;
	q = fpk_zmalloc_socket("net_af_packet tx queue", sizeof(*q), 0, socket);
	if (q == NULL)
		return -ENOMEM;
	q->frames = af_packet_frames_alloc(ap, qid, true, socket);
	if (q->frames == NULL) {
		fpk_free(q);
		return -ENOMEM;
	}
	q->frame_nr = ap->framecnt;
	q->idx = ap->qp[qid].tx_idx;
	q->fd = ap->qp[qid].fd;
	q->max_len = af_packet_tx_max_len(ap, dev->data->mtu);
	dev->data->tx_queues[qid] = q;
	return 0;
}

static void
af_packet_rx_queue_release(struct fpk_eth_dev *dev, uint16_t qid)
{
	struct af_packet_port *ap = dev->data->dev_private;
	struct af_packet_rxq *q = dev->data->rx_queues[qid];

	ap->qp[qid].rx_idx = q->idx;
	fpk_free(q->frames);
	fpk_free(q);
}

static void
af_packet_tx_queue_release(struct fpk_eth_dev *dev, uint16_t qid)
{
	struct af_packet_port *ap = dev->data->dev_private;
	struct af_packet_txq *q = dev->data->tx_queues[qid];

	ap->qp[qid].tx_idx = q->idx;
	fpk_free(q->frames);
	fpk_free(q);
}

/* Accumulate the kernel's per-socket drop counts (reading them clears them). */
static void
af_packet_kernel_drops_read(struct af_packet_port *ap)
{
	for (unsigned int q = 0; q < ap->qpairs; q++) {
		struct tpacket_stats st;
		socklen_t len = sizeof(st);

		if (getsockopt(ap->qp[q].fd, SOL_PACKET, PACKET_STATISTICS, &st, &len) == 0)
			ap->qp[q].kernel_drops += st.tp_drops;
	}
}

static int
af_packet_stats_get(struct fpk_eth_dev *dev, struct fpk_eth_stats *st)
{
	struct af_packet_port *ap = dev->data->dev_private;

	af_packet_kernel_drops_read(ap);
	for (unsigned int q = 0; q < ap->qpairs; q++)
		st->imissed += ap->qp[q].kernel_drops;
	fpk_eth_queue_stats_get(dev, offsetof(struct af_packet_rxq, stats),
				offsetof(struct af_packet_txq, stats), st);
	return 0;
}

static int
af_packet_stats_reset(struct fpk_eth_dev *dev)
{
	struct af_packet_port *ap = dev->data->dev_private;

	af_packet_kernel_drops_read(ap);
	for (unsigned int q = 0; q < ap->qpairs; q++)
		ap->qp[q].kernel_drops = 0;
	fpk_eth_queue_stats_reset(dev, offsetof(struct af_packet_rxq, stats),
				  offsetof(struct af_packet_txq, stats));
	return 0;
}

/* Promiscuous/all-multicast as socket memberships: the kernel undoes them on close. */
static int
af_packet_membership(struct fpk_eth_dev *dev, int type, bool on)
{
	struct af_packet_port *ap = dev->data->dev_private;
	struct packet_mreq mr = { .mr_ifindex = ap->nif.ifindex, .mr_type = (unsigned short)type };

	if (setsockopt(ap->qp[0].fd, SOL_PACKET, on ? PACKET_ADD_MEMBERSHIP :
		       PACKET_DROP_MEMBERSHIP, &mr, sizeof(mr)) < 0) {
		int ret = -errno;

		AF_PACKET_LOG(ERR, "%s: cannot turn %s %s on iface=%s: %s\n", dev->data->name,
			      type == PACKET_MR_PROMISC ? "promiscuous mode" : "all-multicast",
			      on ? "on" : "off", ap->nif.name, strerror(-ret));
		return ret;
	}
	return 0;
}

static int
af_packet_promiscuous_enable(struct fpk_eth_dev *dev)
{
	return af_packet_membership(dev, PACKET_MR_PROMISC, true);
}

static int
af_packet_promiscuous_disable(struct fpk_eth_dev *dev)
{
	return af_packet_membership(dev, PACKET_MR_PROMISC, false);
}

static int
af_packet_allmulticast_enable(struct fpk_eth_dev *dev)
{
	return af_packet_membership(dev, PACKET_MR_ALLMULTI, true);
}

static int
af_packet_allmulticast_disable(struct fpk_eth_dev *dev)
{
	return af_packet_membership(dev, PACKET_MR_ALLMULTI, false);
}

static int
af_packet_mac_addr_set(struct fpk_eth_dev *dev, struct fpk_ether_addr *addr)
{
	const struct af_packet_port *ap = dev->data->dev_private;

	return netif_mac_set(&ap->nif, addr);
}

static void
af_packet_qpair_close(struct af_packet_qpair *qp)
{
	if (qp->map != NULL && qp->map != MAP_FAILED)
		munmap(qp->map, qp->map_len);
	if (qp->fd >= 0)
		close(qp->fd);
	memset(qp, 0, sizeof(*qp));
	qp->fd = -1;
}

static int
af_packet_dev_close(struct fpk_eth_dev *dev)
{
	struct af_packet_port *ap = dev->data->dev_private;

	for (unsigned int q = 0; q < ap->qpairs; q++)
		af_packet_qpair_close(&ap->qp[q]);
	return 0;
}

static const struct fpk_eth_dev_ops af_packet_ops = {
	.dev_configure = af_packet_dev_configure,
	.dev_infos_get = af_packet_dev_infos_get,
	.dev_start = af_packet_dev_start,
	.dev_close = af_packet_dev_close,
	.rx_queue_setup = af_packet_rx_queue_setup,
	.rx_queue_release = af_packet_rx_queue_release,
	.tx_queue_setup = af_packet_tx_queue_setup,
	.tx_queue_release = af_packet_tx_queue_release,
	.link_update = af_packet_link_update,
	.stats_get = af_packet_stats_get,
	.stats_reset = af_packet_stats_reset,
	.promiscuous_enable = af_packet_promiscuous_enable,
	.promiscuous_disable = af_packet_promiscuous_disable,
	.allmulticast_enable = af_packet_allmulticast_enable,
	.allmulticast_disable = af_packet_allmulticast_disable,
	.mac_addr_set = af_packet_mac_addr_set,
	.mtu_set = af_packet_mtu_set,
};

static int
af_packet_sockopt(const char *name, int fd, int opt, const void *val, socklen_t len,
		  const char *what)
{
	if (setsockopt(fd, SOL_PACKET, opt, val, len) == 0)
		return 0;
	AF_PACKET_LOG(ERR, "%s: %s failed: %s\n", name, what, strerror(errno));
	return -errno;
}

/*
 * Set up queue pair @q on socket @qp->fd: TPACKET_V2 rings, the mapping,
 * binding to the interface and, for several pairs, the fanout group
 * (*fanout_id: 0 before the first socket makes it).
 */
static int
af_packet_qpair_setup(const char *name, struct af_packet_port *ap, unsigned int q,
		      uint16_t *fanout_id)
{
	struct af_packet_qpair *qp = &ap->qp[q];
	struct tpacket_req req = {
		.tp_block_size = ap->blocksz,
		.tp_block_nr = ap->framecnt / (ap->blocksz / ap->framesz),
		.tp_frame_size = ap->framesz,
		.tp_frame_nr = ap->framecnt,
	};
	struct sockaddr_ll sll = {
		.sll_family = AF_PACKET,
		.sll_protocol = htons(ETH_P_ALL),
		.sll_ifindex = ap->nif.ifindex,
	};
	size_t ring_len = (size_t)req.tp_block_size * req.tp_block_nr;
	int version = TPACKET_V2, one = 1, ret;

	ret = af_packet_sockopt(name, qp->fd, PACKET_VERSION, &version, sizeof(version),
				"PACKET_VERSION TPACKET_V2 (needs Linux 2.6.27+)");
	/* A malformed tx frame is skipped instead of stopping the tx ring. */
	if (ret == 0)
		ret = af_packet_sockopt(name, qp->fd, PACKET_LOSS, &one, sizeof(one),
					"PACKET_LOSS");
	if (ret == 0 && ap->qdisc_bypass)
		ret = af_packet_sockopt(name, qp->fd, PACKET_QDISC_BYPASS, &one, sizeof(one),
					"qdisc_bypass=1 (PACKET_QDISC_BYPASS, Linux 3.14+)");
	if (ret)
		return ret;
	/* Like a NIC, rx sees only frames arriving on the wire, not those sent. */
	if (setsockopt(qp->fd, SOL_PACKET, PACKET_IGNORE_OUTGOING, &one, sizeof(one)) < 0)
		AF_PACKET_LOG(WARNING, "%s: PACKET_IGNORE_OUTGOING unsupported (Linux < 4.20): "
			      "rx also shows frames other programs send on iface=%s\n", name,
			      ap->nif.name);
	ret = af_packet_sockopt(name, qp->fd, PACKET_RX_RING, &req, sizeof(req), "PACKET_RX_RING");
	if (ret == 0)
		ret = af_packet_sockopt(name, qp->fd, PACKET_TX_RING, &req, sizeof(req),
					"PACKET_TX_RING");
	if (ret) {
		AF_PACKET_LOG(ERR, "%s: the kernel refused rings of %u blocks of %u bytes with %u "
			      "frames of %u: lower framecnt= or check blocksz=/framesz=\n", name,
			      req.tp_block_nr, req.tp_block_size, req.tp_frame_nr,
			      req.tp_frame_size);
		return ret;
	}
	qp->map_len = 2 * ring_len;
	qp->map = mmap(NULL, qp->map_len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE,
		       qp->fd, 0);
	if (qp->map == MAP_FAILED) {
		ret = -errno;
		qp->map = NULL;
		AF_PACKET_LOG(ERR, "%s: cannot map the %zu bytes of PACKET_MMAP rings: %s: lower "
			      "framecnt=\n", name, qp->map_len, strerror(-ret));
		return ret;
	}
	if (bind(qp->fd, (struct sockaddr *)&sll, sizeof(sll)) < 0) {
		ret = -errno;
		AF_PACKET_LOG(ERR, "%s: cannot bind to iface=%s: %s\n", name, ap->nif.name,
			      strerror(-ret));
		return ret;
	}
	if (ap->qpairs > 1) {
		/*
		 * The first socket gets a group id no one else uses; the others
		 * join it. A group receives through a hook of its own, which
		 * ignores the sockets' PACKET_IGNORE_OUTGOING: without the
		 * group's flag, rx would show every frame others send out of the
		 * interface (the kernel's IPv6 router solicitations and MLD
		 * reports among them). Kernels that predate the flag ignore it.
		 */
		uint32_t arg = *fanout_id |
			       (uint32_t)(PACKET_FANOUT_HASH | PACKET_FANOUT_FLAG_DEFRAG |
					  PACKET_FANOUT_FLAG_IGNORE_OUTGOING |
					  (*fanout_id ? 0 : PACKET_FANOUT_FLAG_UNIQUEID)) << 16;
		socklen_t len = sizeof(arg);

		ret = af_packet_sockopt(name, qp->fd, PACKET_FANOUT, &arg, sizeof(arg),
					"PACKET_FANOUT for qpairs>1 (needs Linux 4.3+)");
		if (ret)
			return ret;
		if (*fanout_id == 0) {
			if (getsockopt(qp->fd, SOL_PACKET, PACKET_FANOUT, &arg, &len) < 0)
				return -errno;
			*fanout_id = (uint16_t)(arg & 0xffff);
		}
	}
	return 0;
}

/* Open an AF_PACKET socket, explaining the usual failures. */
static int
af_packet_socket(const char *name)
{
	/* Protocol 0: nothing is received before bind() picks the interface. */
	int fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0);

	if (fd >= 0)
		return fd;
	if (errno == EPERM || errno == EACCES)
		AF_PACKET_LOG(ERR, "%s: cannot open an AF_PACKET socket: CAP_NET_RAW is needed: "
			      "run as root or grant it (setcap cap_net_raw,cap_net_admin+ep "
			      "<program>)\n", name);
	else if (errno == EAFNOSUPPORT)
		AF_PACKET_LOG(ERR, "%s: this kernel has no AF_PACKET sockets: enable "
			      "CONFIG_PACKET\n", name);
	else
		AF_PACKET_LOG(ERR, "%s: cannot open an AF_PACKET socket: %s\n", name,
			      strerror(errno));
	return -errno;
}

/* Find the interface: index, flags, MAC address and MTU. */
static int
af_packet_iface_probe(const char *name, struct af_packet_port *ap, struct fpk_eth_dev_data *data)
{
	struct ifreq ifr = { 0 };
	int ret, mtu;

	ret = netif_index_get(&ap->nif);
	if (ret)
		return ret;
	ret = netif_ioctl(&ap->nif, SIOCGIFFLAGS, &ifr);
	if (ret)
		return ret;
	if (!(ifr.ifr_flags & IFF_UP)) {
		AF_PACKET_LOG(ERR, "%s: iface=%s is down: bring it up first (ip link set dev %s "
			      "up)\n", name, ap->nif.name, ap->nif.name);
		return -ENETDOWN;
	}
	/* lo too: its frames carry Ethernet headers of zeros. */
	ret = netif_mac_get(&ap->nif, &data->mac_addr, true);
	if (ret == 0)
		ret = netif_mtu_get(&ap->nif, &mtu);
	if (ret)
		return ret;
	data->mtu = (uint16_t)FPK_MIN((unsigned int)mtu,
				      FPK_MIN(af_packet_rx_room(ap), af_packet_tx_room(ap)) -
				      AF_PACKET_L2_OVERHEAD);
	if ((unsigned int)mtu != data->mtu)
		AF_PACKET_LOG(WARNING, "%s: iface=%s has MTU %d but framesz=%u holds frames of "
			      "MTU %u at most: larger frames are dropped; raise framesz= to "
			      "receive them\n", name, ap->nif.name, mtu, ap->framesz, data->mtu);
	return 0;
}

static int
af_packet_args_check(const char *name, struct af_packet_port *ap, uint64_t qpairs, uint64_t blocksz,
		     uint64_t framesz, uint64_t framecnt)
{
	long page = sysconf(_SC_PAGESIZE);

	if (ap->nif.name[0] == '\0') {
		AF_PACKET_LOG(ERR, "%s: iface= is required: name the interface to attach to, e.g. "
			      "iface=eth0\n", name);
		return -EINVAL;
	}
	if (qpairs == 0 || qpairs > FPK_MAX_QUEUES_PER_PORT) {
		AF_PACKET_LOG(ERR, "%s: qpairs=%" PRIu64 ": give 1..%u\n", name, qpairs,
			      FPK_MAX_QUEUES_PER_PORT);
		return -EINVAL;
	}
	if (blocksz == 0 || blocksz > UINT32_MAX || blocksz % (uint64_t)page) {
		AF_PACKET_LOG(ERR, "%s: blocksz=%" PRIu64 ": must be a multiple of the page size "
			      "(%ld), e.g. blocksz=%ld\n", name, blocksz, page, page);
		return -EINVAL;
	}
	if (framesz < AF_PACKET_MIN_FRAMESZ || framesz % TPACKET_ALIGNMENT || framesz > blocksz) {
		AF_PACKET_LOG(ERR, "%s: framesz=%" PRIu64 ": must be a multiple of %d from %d to "
			      "blocksz (%" PRIu64 ")\n", name, framesz, TPACKET_ALIGNMENT,
			      AF_PACKET_MIN_FRAMESZ, blocksz);
		return -EINVAL;
	}
	if (framecnt == 0 || framecnt > UINT32_MAX || framecnt % (blocksz / framesz)) {
		AF_PACKET_LOG(ERR, "%s: framecnt=%" PRIu64 ": must fill whole blocks, a multiple "
			      "of blocksz/framesz = %" PRIu64 "\n", name, framecnt,
			      blocksz / framesz);
		return -EINVAL;
	}
	ap->qpairs = (unsigned int)qpairs;
	ap->blocksz = (unsigned int)blocksz;
	ap->framesz = (unsigned int)framesz;
	ap->framecnt = (unsigned int)framecnt;
	return 0;
}

static int
af_packet_probe(const char *name, const char *args)
{
	static const char *const keys[] = {
		"iface", "qpairs", "blocksz", "framesz", "framecnt", "qdisc_bypass", NULL
	};
	uint64_t qpairs = 1, blocksz = AF_PACKET_DEFAULT_BLOCKSZ;
	uint64_t framesz = AF_PACKET_DEFAULT_FRAMESZ, framecnt = AF_PACKET_DEFAULT_FRAMECNT;
	struct fpk_eth_link link;
	struct fpk_eth_dev *dev;
	struct fpk_kvargs *kv;
	struct af_packet_port *ap;
	uint16_t fanout_id = 0;
	const char *iface;
	int ret;

	kv = fpk_kvargs_parse(args, keys);
	if (kv == NULL)
		return -fpk_errno;
	dev = fpk_eth_dev_allocate(name, sizeof(*ap), FPK_SOCKET_ID_ANY);
	if (dev == NULL) {
		fpk_kvargs_free(kv);
		return -fpk_errno;
	}
	ap = dev->data->dev_private;
	for (unsigned int q = 0; q < FPK_MAX_QUEUES_PER_PORT; q++)
		ap->qp[q].fd = -1;
	ap->nif.fd = -1;
	ap->nif.port = dev->data->name;
	ap->nif.logtype = af_packet_logtype;
	iface = fpk_kvargs_get(kv, "iface");
	ret = 0;
	if (iface != NULL && strlen(iface) >= sizeof(ap->nif.name)) {
		AF_PACKET_LOG(ERR, "%s: iface=%s: interface names are at most %zu characters\n",
			      name, iface, sizeof(ap->nif.name) - 1);
		ret = -EINVAL;
	}
	snprintf(ap->nif.name, sizeof(ap->nif.name), "%s", ret == 0 && iface ? iface : "");
	if (ret == 0)
		ret = fpk_kvargs_process(kv, "qpairs", fpk_kvargs_parse_u64, &qpairs);
	if (ret == 0)
		ret = fpk_kvargs_process(kv, "blocksz", fpk_kvargs_parse_u64, &blocksz);
	if (ret == 0)
		ret = fpk_kvargs_process(kv, "framesz", fpk_kvargs_parse_u64, &framesz);
	if (ret == 0)
		ret = fpk_kvargs_process(kv, "framecnt", fpk_kvargs_parse_u64, &framecnt);
	if (ret == 0)
		ret = fpk_kvargs_process(kv, "qdisc_bypass", fpk_kvargs_parse_bool,
					 &ap->qdisc_bypass);
	fpk_kvargs_free(kv);
	if (ret == 0)
		ret = af_packet_args_check(name, ap, qpairs, blocksz, framesz, framecnt);
	if (ret)
		goto fail;

	for (unsigned int q = 0; q < ap->qpairs; q++) {
		ap->qp[q].fd = af_packet_socket(name);
		if (ap->qp[q].fd < 0) {
			ret = ap->qp[q].fd;
			goto fail;
		}
		if (q == 0) {
			ap->nif.fd = ap->qp[0].fd;
			ret = af_packet_iface_probe(name, ap, dev->data);
			if (ret)
				goto fail;
		}
		ret = af_packet_qpair_setup(name, ap, q, &fanout_id);
		if (ret)
			goto fail;
	}
	dev->dev_ops = &af_packet_ops;
	dev->rx_pkt_burst = af_packet_rx_burst;
	dev->tx_pkt_burst = af_packet_tx_burst;
	netif_link_read(&ap->nif, &link);
	fpk_eth_dev_link_set(dev, &link);
	af_packet_tx_max_len_set(dev, dev->data->mtu);
	fpk_eth_dev_probing_finish(dev);
	AF_PACKET_LOG(DEBUG, "%s: port %u on iface=%s (ifindex %d), %u queue pair(s), %u frames "
		      "of %u bytes in blocks of %u\n", name, dev->data->port_id, ap->nif.name,
		      ap->nif.ifindex, ap->qpairs, ap->framecnt, ap->framesz, ap->blocksz);
	return 0;
fail:
	for (unsigned int q = 0; q < FPK_MAX_QUEUES_PER_PORT; q++)
		af_packet_qpair_close(&ap->qp[q]);
	fpk_eth_dev_release_port(dev);
	return ret;
}

static struct fpk_vdev_driver af_packet_driver = {
	.name = AF_PACKET_DRIVER_NAME,
	.usage = "iface=<interface> [qpairs=<1.." FPK_STR(FPK_MAX_QUEUES_PER_PORT) ", default 1>] "
		 "[blocksz=<bytes, default 4096>] [framesz=<bytes, default 2048>] "
		 "[framecnt=<frames per ring, default 512>] [qdisc_bypass=<0|1>]",
	.probe = af_packet_probe,
	.remove = fpk_eth_dev_close_by_name,
};

FPK_PMD_REGISTER_VDEV(net_af_packet, af_packet_driver)
