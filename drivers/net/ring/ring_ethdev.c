/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * net_ring: ethdev ports backed by FPK rings of mbuf pointers. Tx enqueues
 * the mbufs themselves (no copy), rx dequeues them.
 *
 * Two ways to get one:
 *  - fpk_eth_from_rings(): the caller's rings, any wiring (fpk_eth_ring.h).
 *  - --vdev net_ringN[,queues=Q][,ring_size=S]: one port whose tx queue i
 *    feeds its own rx queue i (a loop), or with pair=NAME two ports, this
 *    one and NAME, wired back to back: tx on either is rx on the other.
 *    The rings are made here, single-producer/single-consumer, and freed
 *    when the last port using them closes.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fpk_bus_vdev.h"
#include "fpk_eth_ring.h"
#include "fpk_ethdev_driver.h"
#include "fpk_kvargs.h"
#include "fpk_log.h"
#include "fpk_malloc.h"
#include "fpk_mbuf.h"

#define RING_DRIVER_NAME "net_ring"
#define RING_DEFAULT_SIZE 1024

FPK_PMD_LOG_REGISTER(ring);
#define RING_LOG(level, ...) FPK_PMD_LOG(ring, level, __VA_ARGS__)

/* One queue on a cache line of its own, written only by the lcore polling it. */
struct ring_queue {
	struct fpk_ring *ring;
	uint16_t port_id;
	struct fpk_eth_queue_stats stats;
	uint64_t full;  /* tx: packets the ring had no room for (left to the caller) */
} __fpk_cache_aligned;

#define RING_QUEUE_STATS_OFF offsetof(struct ring_queue, stats)

/* Rings a vdev made, shared by the one or two ports that use them. */
struct ring_set {
	unsigned int refcnt;  /* ports still open; control path only */
	unsigned int nb_rings;
	struct fpk_ring *rings[2 * FPK_MAX_QUEUES_PER_PORT];
};

struct ring_port {
	struct fpk_ring *rx_rings[FPK_MAX_QUEUES_PER_PORT]; /* what queue setup wraps */
	struct fpk_ring *tx_rings[FPK_MAX_QUEUES_PER_PORT];
	uint16_t nb_rx_rings;
	uint16_t nb_tx_rings;
	struct ring_set *set;             /* NULL: the rings are the application's */
	char peer[FPK_ETH_NAME_MAX_LEN];  /* pair=: the port closed with this vdev */
};

/* The default: packet counts only, the mbufs untouched. */
static uint16_t
ring_rx_burst(void *queue, struct fpk_mbuf **pkts, uint16_t n)
{
	struct ring_queue *q = queue;
	unsigned int nb = fpk_ring_dequeue_burst(q->ring, (void **)pkts, n, NULL);

	q->stats.packets += nb;
	return (uint16_t)nb;
}

static uint16_t
ring_tx_burst(void *queue, struct fpk_mbuf **pkts, uint16_t n)
{
	struct ring_queue *q = queue;
	unsigned int nb = fpk_ring_enqueue_burst(q->ring, (void * const *)pkts, n, NULL);

	q->full += n - nb;
	q->stats.packets += nb;
	return (uint16_t)nb;
}

/* bytes=1: bytes counted and mbuf->port set, as a NIC's PMD does. */
static uint16_t
ring_rx_burst_bytes(void *queue, struct fpk_mbuf **pkts, uint16_t n)
{
	struct ring_queue *q = queue;
	unsigned int nb = fpk_ring_dequeue_burst(q->ring, (void **)pkts, n, NULL);
	const uint16_t port_id = q->port_id; /* a local: mbuf stores could alias it */
	uint64_t bytes = 0;

	for (unsigned int i = 0; i < nb; i++) {
		bytes += pkts[i]->pkt_len;
		pkts[i]->port = port_id;
	}
	q->stats.packets += nb;
	q->stats.bytes += bytes;
	return (uint16_t)nb;
}

static uint16_t
ring_tx_burst_bytes(void *queue, struct fpk_mbuf **pkts, uint16_t n)
{
	struct ring_queue *q = queue;
	uint64_t bytes = 0;
	unsigned int nb;

	/* Sum before enqueueing: once in the ring the consumer may free them. */
	for (uint16_t i = 0; i < n; i++)
		bytes += pkts[i]->pkt_len;
	nb = fpk_ring_enqueue_burst(q->ring, (void * const *)pkts, n, NULL);
	if (fpk_unlikely(nb < n)) {
		for (uint16_t i = (uint16_t)nb; i < n; i++)
			bytes -= pkts[i]->pkt_len;
		q->full += n - nb;
	}
	q->stats.packets += nb;
	q->stats.bytes += bytes;
	return (uint16_t)nb;
}

static int
ring_dev_infos_get(struct fpk_eth_dev *dev, struct fpk_eth_dev_info *info)
{
	const struct ring_port *rp = dev->data->dev_private;

	info->driver_name = RING_DRIVER_NAME;
	info->max_rx_queues = rp->nb_rx_rings;
	info->max_tx_queues = rp->nb_tx_rings;
	info->tx_offload_capa = FPK_ETH_TX_OFFLOAD_MULTI_SEGS | FPK_ETH_TX_OFFLOAD_MBUF_FAST_FREE;
	return 0;
}

/* Record a new link status; raise LSC if it changed and the application asked for it. */
static void
ring_link_status_set(struct fpk_eth_dev *dev, uint16_t status)
{
	struct fpk_eth_link link = dev->data->dev_link;

	link.link_status = status & 1;
	if (fpk_eth_dev_link_set(dev, &link) && dev->data->dev_conf.intr_conf.lsc)
		fpk_eth_dev_callback_process(dev, FPK_ETH_EVENT_INTR_LSC, NULL);
}

/* The link is up while the port is started, as with DPDK's net_ring. */
static int
ring_dev_start(struct fpk_eth_dev *dev)
{
	ring_link_status_set(dev, FPK_ETH_LINK_UP);
	return 0;
}

static int
ring_dev_stop(struct fpk_eth_dev *dev)
{
	ring_link_status_set(dev, FPK_ETH_LINK_DOWN);
	return 0;
}

/* By hand, as DPDK's net_ring: the status changes, the rings go on passing packets. */
static int
ring_dev_set_link_up(struct fpk_eth_dev *dev)
{
	ring_link_status_set(dev, FPK_ETH_LINK_UP);
	return 0;
}

static int
ring_dev_set_link_down(struct fpk_eth_dev *dev)
{
	ring_link_status_set(dev, FPK_ETH_LINK_DOWN);
	return 0;
}

/* Free the rings of @set and the packets still in them: no port can take them any more. */
static void
ring_set_free(struct ring_set *set)
{
	struct fpk_mbuf *pkts[64];
	unsigned int n;

	for (unsigned int i = 0; i < set->nb_rings; i++) {
		while ((n = fpk_ring_dequeue_burst(set->rings[i], (void **)pkts, FPK_DIM(pkts),
						   NULL)) > 0)
			fpk_pktmbuf_free_bulk(pkts, n);
		fpk_ring_free(set->rings[i]);
	}
	free(set);
}

static int
ring_dev_close(struct fpk_eth_dev *dev)
{
	struct ring_port *rp = dev->data->dev_private;
	struct ring_set *set = rp->set;

	if (set != NULL && --set->refcnt == 0)
		ring_set_free(set);
	rp->set = NULL;
	return 0;
}

/*
 * A queue on @ring, on the node queue setup names, where the lcore polling
 * it runs. @return it, or NULL: the EAL logged why.
 */
static struct ring_queue *
ring_queue_alloc(struct fpk_eth_dev *dev, struct fpk_ring *ring, unsigned int socket_id)
{
	int socket = fpk_eth_queue_socket(socket_id);
	struct ring_queue *q = fpk_zmalloc_socket("net_ring queue", sizeof(*q), 0, socket);

	if (q == NULL)
		return NULL;
	q->ring = ring;
	q->port_id = dev->data->port_id;
	return q;
}

static int
ring_rx_queue_setup(struct fpk_eth_dev *dev, uint16_t qid, uint16_t nb_desc,
		    unsigned int socket_id, const struct fpk_eth_rxconf *conf,
		    struct fpk_mempool *mp)
{
	const struct ring_port *rp = dev->data->dev_private;
	struct ring_queue *q = ring_queue_alloc(dev, rp->rx_rings[qid], socket_id);

	/* The ring is the queue: its size and memory were fixed at creation. */
	(void)nb_desc;
	(void)conf;
	(void)mp;
	if (q == NULL)
		return -ENOMEM;
	dev->data->rx_queues[qid] = q;
	return 0;
}

static int
ring_tx_queue_setup(struct fpk_eth_dev *dev, uint16_t qid, uint16_t nb_desc,
		    unsigned int socket_id, const struct fpk_eth_txconf *conf)
{
	const struct ring_port *rp = dev->data->dev_private;
	struct ring_queue *q = ring_queue_alloc(dev, rp->tx_rings[qid], socket_id);

	(void)nb_desc;
	(void)conf;
	if (q == NULL)
		return -ENOMEM;
	dev->data->tx_queues[qid] = q;
	return 0;
}

static int
ring_stats_get(struct fpk_eth_dev *dev, struct fpk_eth_stats *st)
{
	fpk_eth_queue_stats_get(dev, RING_QUEUE_STATS_OFF, RING_QUEUE_STATS_OFF, st);
	return 0;
}

static int
ring_stats_reset(struct fpk_eth_dev *dev)
{
	fpk_eth_queue_stats_reset(dev, RING_QUEUE_STATS_OFF, RING_QUEUE_STATS_OFF);
	for (uint16_t q = 0; q < FPK_MAX_QUEUES_PER_PORT; q++) {
		struct ring_queue *txq = dev->data->tx_queues[q];

		if (txq != NULL)
			txq->full = 0;
	}
	return 0;
}

/* Driver xstats: per tx queue, the packets refused because the ring was full. */
static int
ring_xstats_get_names(struct fpk_eth_dev *dev, struct fpk_eth_xstat_name *names,
		      unsigned int size)
{
	unsigned int n = dev->data->nb_tx_queues;

	if (names == NULL || size < n)
		return (int)n;
	for (unsigned int q = 0; q < n; q++)
		snprintf(names[q].name, sizeof(names[q].name), "tx_q%u_ring_full", q);
	return (int)n;
}

static int
ring_xstats_get(struct fpk_eth_dev *dev, struct fpk_eth_xstat *xstats, unsigned int size)
{
	unsigned int n = dev->data->nb_tx_queues;

	if (xstats == NULL || size < n)
		return (int)n;
	for (unsigned int q = 0; q < n; q++) {
		const struct ring_queue *txq = dev->data->tx_queues[q];

		xstats[q].value = txq != NULL ? txq->full : 0;
	}
	return (int)n;
}

static const struct fpk_eth_dev_ops ring_ops = {
	.dev_infos_get = ring_dev_infos_get,
	.dev_start = ring_dev_start,
	.dev_stop = ring_dev_stop,
	.dev_close = ring_dev_close,
	.dev_set_link_up = ring_dev_set_link_up,
	.dev_set_link_down = ring_dev_set_link_down,
	.rx_queue_setup = ring_rx_queue_setup,
	.rx_queue_release = fpk_eth_rx_queue_release_free,
	.tx_queue_setup = ring_tx_queue_setup,
	.tx_queue_release = fpk_eth_tx_queue_release_free,
	.stats_get = ring_stats_get,
	.stats_reset = ring_stats_reset,
	.xstats_get_names = ring_xstats_get_names,
	/* No xstats_reset: stats_reset, which the library calls first, clears them. */
	.xstats_get = ring_xstats_get,
	/* A ring filters nothing and takes mbufs of any size. */
	.promiscuous_enable = fpk_eth_noop_rx_mode,
	.promiscuous_disable = fpk_eth_noop_rx_mode,
	.allmulticast_enable = fpk_eth_noop_rx_mode,
	.allmulticast_disable = fpk_eth_noop_rx_mode,
	.mac_addr_set = fpk_eth_noop_mac_addr_set,
	.mtu_set = fpk_eth_noop_mtu_set,
};

/*
 * Make a port on @rx/@tx, counting bytes if @count_bytes. @set, if not
 * NULL, holds the rings and gains a reference. @return the port, or NULL
 * with fpk_errno set.
 */
static struct fpk_eth_dev *
ring_port_create(const char *name, struct fpk_ring *const rx[], unsigned int nb_rx,
		 struct fpk_ring *const tx[], unsigned int nb_tx, int numa_node,
		 struct ring_set *set, bool count_bytes)
{
	static const struct fpk_eth_link link = {
		.link_speed = FPK_ETH_SPEED_NUM_10G,
		.link_duplex = FPK_ETH_LINK_FULL_DUPLEX,
		.link_autoneg = 0,
		.link_status = FPK_ETH_LINK_DOWN,
	};
	struct fpk_eth_dev *dev;
	struct ring_port *rp;

	dev = fpk_eth_dev_allocate(name, sizeof(*rp), numa_node);
	if (dev == NULL)
		return NULL;
	rp = dev->data->dev_private;
	for (unsigned int q = 0; q < nb_rx; q++)
		rp->rx_rings[q] = rx[q];
	for (unsigned int q = 0; q < nb_tx; q++)
		rp->tx_rings[q] = tx[q];
	rp->nb_rx_rings = (uint16_t)nb_rx;
	rp->nb_tx_rings = (uint16_t)nb_tx;
	rp->set = set;
	if (set != NULL)
		set->refcnt++;
	dev->dev_ops = &ring_ops;
	dev->rx_pkt_burst = count_bytes ? ring_rx_burst_bytes : ring_rx_burst;
	dev->tx_pkt_burst = count_bytes ? ring_tx_burst_bytes : ring_tx_burst;
	dev->data->dev_link = link;
	fpk_eth_random_addr(dev->data->mac_addr.addr_bytes);
	fpk_eth_dev_probing_finish(dev);
	return dev;
}

static bool
rings_valid(struct fpk_ring *const rings[], unsigned int nb)
{
	if (nb > FPK_MAX_QUEUES_PER_PORT || (nb > 0 && rings == NULL))
		return false;
	for (unsigned int i = 0; i < nb; i++)
		if (rings[i] == NULL)
			return false;
	return true;
}

int
fpk_eth_from_rings(const char *name, struct fpk_ring *const rx_rings[],
		   unsigned int nb_rx_queues, struct fpk_ring *const tx_rings[],
		   unsigned int nb_tx_queues, int numa_node)
{
	struct fpk_eth_dev *dev;

	if (name == NULL || name[0] == '\0' || (nb_rx_queues == 0 && nb_tx_queues == 0) ||
	    !rings_valid(rx_rings, nb_rx_queues) || !rings_valid(tx_rings, nb_tx_queues)) {
		RING_LOG(ERR, "fpk_eth_from_rings(%s): needs a name and 1..%u non-NULL rings "
			 "on at least one side (%u rx, %u tx given)\n", name ? name : "NULL",
			 FPK_MAX_QUEUES_PER_PORT, nb_rx_queues, nb_tx_queues);
		return -EINVAL;
	}
	dev = ring_port_create(name, rx_rings, nb_rx_queues, tx_rings, nb_tx_queues, numa_node,
			       NULL, false);
	return dev ? dev->data->port_id : -fpk_errno;
}

/* Make @set's rings: SP/SC, since each queue is polled by one lcore. */
static int
ring_set_fill(const char *name, struct ring_set *set, unsigned int nb, uint64_t size)
{
	static unsigned int seq; /* ring names only need to be unique */
	char rname[FPK_RING_NAMESIZE];

	for (unsigned int i = 0; i < nb; i++) {
		snprintf(rname, sizeof(rname), "net_ring_%u", seq++);
		set->rings[i] = fpk_ring_create(rname, (unsigned int)size, FPK_SOCKET_ID_ANY,
						FPK_RING_F_SP_ENQ | FPK_RING_F_SC_DEQ |
						FPK_RING_F_EXACT_SZ);
		if (set->rings[i] == NULL) {
			RING_LOG(ERR, "%s: cannot create a ring of %" PRIu64 " slots (%s): "
				 "lower ring_size= or give the EAL more memory\n", name, size,
				 strerror(fpk_errno));
			return -fpk_errno;
		}
		set->nb_rings++;
	}
	return 0;
}

static int
ring_probe(const char *name, const char *args)
{
	static const char *const keys[] = { "pair", "queues", "ring_size", "bytes", NULL };
	struct ring_port *rp_a, *rp_b;
	struct fpk_eth_dev *a, *b;
	struct ring_set *set;
	struct fpk_kvargs *kv;
	uint64_t queues = 1, size = RING_DEFAULT_SIZE;
	char pair[FPK_ETH_NAME_MAX_LEN] = "";
	bool bytes = false;
	const char *p;
	unsigned int nq;
	int ret;

	kv = fpk_kvargs_parse(args, keys);
	if (kv == NULL)
		return -fpk_errno;
	ret = fpk_kvargs_process(kv, "queues", fpk_kvargs_parse_u64, &queues);
	if (ret == 0)
		ret = fpk_kvargs_process(kv, "ring_size", fpk_kvargs_parse_u64, &size);
	if (ret == 0)
		ret = fpk_kvargs_process(kv, "bytes", fpk_kvargs_parse_bool, &bytes);
	p = fpk_kvargs_get(kv, "pair");
	if (ret == 0 && p != NULL) {
		if (p[0] == '\0' || strlen(p) >= sizeof(pair) || strcmp(p, name) == 0) {
			RING_LOG(ERR, "%s: pair=%s: name the second port, 1..%zu characters and "
				 "not %s itself\n", name, p, sizeof(pair) - 1, name);
			ret = -EINVAL;
		} else {
			snprintf(pair, sizeof(pair), "%s", p);
		}
	}
	fpk_kvargs_free(kv);
	if (ret)
		return ret;
	if (queues == 0 || queues > FPK_MAX_QUEUES_PER_PORT) {
		RING_LOG(ERR, "%s: queues=%" PRIu64 ": give 1..%u\n", name, queues,
			 FPK_MAX_QUEUES_PER_PORT);
		return -EINVAL;
	}
	if (size == 0 || size > FPK_RING_SZ_MAX) {
		RING_LOG(ERR, "%s: ring_size=%" PRIu64 ": give 1..%u slots\n", name, size,
			 (unsigned int)FPK_RING_SZ_MAX);
		return -EINVAL;
	}
	if (pair[0] != '\0' && fpk_eth_dev_get_by_name(pair) != NULL) {
		RING_LOG(ERR, "%s: pair=%s: a port of that name exists already: choose "
			 "another name\n", name, pair);
		return -EEXIST;
	}

	nq = (unsigned int)queues;
	set = calloc(1, sizeof(*set));
	if (set == NULL)
		return -ENOMEM;
	ret = ring_set_fill(name, set, pair[0] ? 2 * nq : nq, size);
	if (ret)
		goto fail;
	/* Loop: tx ring i is rx ring i. Pair: a sends on rings[0..nq), b on rings[nq..2nq). */
	a = ring_port_create(name, pair[0] ? &set->rings[nq] : set->rings, nq, set->rings, nq,
			     FPK_SOCKET_ID_ANY, set, bytes);
	if (a == NULL) {
		ret = -fpk_errno;
		goto fail;
	}
	RING_LOG(DEBUG, "%s: port %u, %u queue(s) of %" PRIu64 " slots%s%s\n", name,
		 a->data->port_id, nq, size, pair[0] ? ", paired with " : " (loop)", pair);
	if (pair[0] == '\0')
		return 0;
	b = ring_port_create(pair, set->rings, nq, &set->rings[nq], nq, FPK_SOCKET_ID_ANY, set,
			     bytes);
	if (b == NULL) {
		ret = -fpk_errno;
		/* Closing a drops the set's only reference: the rings go with it. */
		fpk_eth_dev_close(a->data->port_id);
		return ret;
	}
	rp_a = a->data->dev_private;
	rp_b = b->data->dev_private;
	snprintf(rp_a->peer, sizeof(rp_a->peer), "%s", pair);
	snprintf(rp_b->peer, sizeof(rp_b->peer), "%s", name);
	RING_LOG(DEBUG, "%s: port %u, paired with %s\n", pair, b->data->port_id, name);
	return 0;
fail:
	ring_set_free(set);
	return ret;
}

static int
ring_remove(const char *name)
{
	struct fpk_eth_dev *dev = fpk_eth_dev_get_by_name(name), *pdev;
	char peer[FPK_ETH_NAME_MAX_LEN];

	if (dev == NULL)
		return -ENODEV;
	snprintf(peer, sizeof(peer), "%s", ((struct ring_port *)dev->data->dev_private)->peer);
	/* Only if it is still our peer: the application may have closed it and reused the name. */
	pdev = peer[0] ? fpk_eth_dev_get_by_name(peer) : NULL;
	if (pdev != NULL && pdev->dev_ops == &ring_ops &&
	    strcmp(((struct ring_port *)pdev->data->dev_private)->peer, name) == 0)
		fpk_eth_dev_close_by_name(peer);
	return fpk_eth_dev_close_by_name(name);
}

static struct fpk_vdev_driver ring_driver = {
	.name = RING_DRIVER_NAME,
	.usage = "[pair=<name of a second port wired back to back>] "
		 "[queues=<1.." FPK_STR(FPK_MAX_QUEUES_PER_PORT) ", default 1>] "
		 "[ring_size=<slots, default 1024>] "
		 "[bytes=<0|1: count bytes and set mbuf port, default 0>]",
	.probe = ring_probe,
	.remove = ring_remove,
};

FPK_PMD_REGISTER_VDEV(net_ring, ring_driver)
