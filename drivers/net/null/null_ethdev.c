/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * net_null: a port with no device behind it. Rx hands out freshly allocated
 * packets of a fixed size, tx frees what it is given. It measures what the
 * framework itself costs per packet (mbuf alloc/free, burst dispatch), so it
 * does exactly the per-packet work of DPDK's net_null: a bulk allocation,
 * the lengths and the port per mbuf on rx, a free on tx.
 *
 * Arguments (DPDK's): size=<bytes> (default 64), copy=<0|1> (copy a dummy
 * packet into every rx mbuf and every tx mbuf's data out of it), no-rx=<0|1>
 * (rx returns nothing, tx still frees).
 *
 * Like DPDK's net_null it keeps an RSS configuration (fields, key, a
 * 128-entry redirection table) that it reports and lets be changed, so
 * that RSS set-ups and commands run unchanged; it hashes nothing. Unlike
 * DPDK's, its link can be set down and up by hand (as net_ring's can), so
 * that link handling can be tried without hardware.
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "fpk_bus_vdev.h"
#include "fpk_ethdev_driver.h"
#include "fpk_kvargs.h"
#include "fpk_log.h"
#include "fpk_malloc.h"
#include "fpk_mbuf.h"
#include "fpk_thash.h"

#define NULL_DRIVER_NAME "net_null"
#define NULL_DEFAULT_SIZE 64
#define NULL_RETA_SIZE 128

FPK_PMD_LOG_REGISTER(null);
#define NULL_LOG(level, ...) FPK_PMD_LOG(null, level, __VA_ARGS__)

/* One rx or tx queue, on a cache line of its own: only the lcore polling it writes it. */
struct null_queue {
	struct fpk_mempool *mp; /* rx: where packets come from */
	uint8_t *dummy;         /* copy=1: the packet copied in (rx) or out to (tx) */
	uint32_t size;          /* bytes per rx packet, and per tx copy */
	uint16_t port_id;
	struct fpk_eth_queue_stats stats;
	uint64_t *nombuf;       /* rx: the port's rx_mbuf_alloc_failed[] element of this queue */
} __fpk_cache_aligned;

#define NULL_QUEUE_STATS_OFF offsetof(struct null_queue, stats)

struct null_port {
	uint32_t size;
	bool copy;
	bool no_rx;
	/* RSS as configured and changed; see the file comment. */
	uint64_t rss_hf;
	uint8_t rss_key[FPK_THASH_KEY_LEN];
	uint16_t reta[NULL_RETA_SIZE];
};

static uint16_t
null_rx_burst(void *queue, struct fpk_mbuf **pkts, uint16_t n)
{
	struct null_queue *q = queue;
	/* In locals: stores to the mbufs could alias the queue's fields. */
	const uint32_t size = q->size;
	const uint16_t port_id = q->port_id;

	/* All or nothing, as DPDK's net_null: a short pool yields no packet. */
	if (fpk_unlikely(fpk_pktmbuf_alloc_bulk(q->mp, pkts, n) != 0)) {
		*q->nombuf += n;
		return 0;
	}
	for (uint16_t i = 0; i < n; i++) {
		pkts[i]->data_len = (uint16_t)size;
		pkts[i]->pkt_len = size;
		pkts[i]->port = port_id;
	}
	q->stats.packets += n;
	q->stats.bytes += (uint64_t)n * size;
	return n;
}

static uint16_t
null_rx_burst_copy(void *queue, struct fpk_mbuf **pkts, uint16_t n)
{
	struct null_queue *q = queue;
	uint16_t nb = null_rx_burst(queue, pkts, n);

	for (uint16_t i = 0; i < nb; i++)
		memcpy(fpk_pktmbuf_mtod(pkts[i], void *), q->dummy, q->size);
	return nb;
}

static uint16_t
null_rx_burst_none(void *queue, struct fpk_mbuf **pkts, uint16_t n)
{
	(void)queue;
	(void)pkts;
	(void)n;
	return 0;
}

static uint16_t
null_tx_burst(void *queue, struct fpk_mbuf **pkts, uint16_t n)
{
	struct null_queue *q = queue;
	uint64_t bytes = 0;

	for (uint16_t i = 0; i < n; i++)
		bytes += pkts[i]->pkt_len;
	fpk_pktmbuf_free_bulk(pkts, n);
	q->stats.packets += n;
	q->stats.bytes += bytes;
	return n;
}

static uint16_t
null_tx_burst_copy(void *queue, struct fpk_mbuf **pkts, uint16_t n)
{
	struct null_queue *q = queue;

	/* The first segment only, and never past its data. */
	for (uint16_t i = 0; i < n; i++)
		memcpy(q->dummy, fpk_pktmbuf_mtod(pkts[i], void *),
		       FPK_MIN(q->size, (uint32_t)pkts[i]->data_len));
	return null_tx_burst(queue, pkts, n);
}

static int
null_dev_infos_get(struct fpk_eth_dev *dev, struct fpk_eth_dev_info *info)
{
	const struct null_port *np = dev->data->dev_private;

	info->driver_name = NULL_DRIVER_NAME;
	info->max_rx_queues = FPK_MAX_QUEUES_PER_PORT;
	info->max_tx_queues = FPK_MAX_QUEUES_PER_PORT;
	/* The library then refuses pools whose mbufs cannot hold a packet. */
	info->min_rx_bufsize = np->no_rx ? 0 : np->size;
	info->tx_offload_capa = FPK_ETH_TX_OFFLOAD_MULTI_SEGS | FPK_ETH_TX_OFFLOAD_MBUF_FAST_FREE;
	/* Kept and reported, never applied: see the file comment. */
	info->flow_type_rss_offloads = FPK_ETH_RSS_IP | FPK_ETH_RSS_TCP | FPK_ETH_RSS_UDP;
	info->reta_size = NULL_RETA_SIZE;
	info->hash_key_size = FPK_THASH_KEY_LEN;
	return 0;
}

/* The RSS settings of a new configuration: its fields and key, the queues in turn. */
static int
null_dev_configure(struct fpk_eth_dev *dev)
{
	struct null_port *np = dev->data->dev_private;
	const struct fpk_eth_rss_conf *rc = &dev->data->dev_conf.rx_adv_conf.rss_conf;
	uint16_t nb = dev->data->nb_rx_queues ? dev->data->nb_rx_queues : 1;

	np->rss_hf = rc->rss_hf;
	memcpy(np->rss_key, rc->rss_key != NULL ? rc->rss_key : fpk_thash_default_key,
	       FPK_THASH_KEY_LEN);
	for (uint16_t i = 0; i < NULL_RETA_SIZE; i++)
		np->reta[i] = (uint16_t)(i % nb);
	return 0;
}

/* ethdev checked the sizes and that every queue named is configured. */
static int
null_reta_update(struct fpk_eth_dev *dev, struct fpk_eth_rss_reta_entry64 *reta_conf,
		 uint16_t reta_size)
{
	struct null_port *np = dev->data->dev_private;

	fpk_eth_reta_table_update(np->reta, reta_conf, reta_size);
	return 0;
}

static int
null_reta_query(struct fpk_eth_dev *dev, struct fpk_eth_rss_reta_entry64 *reta_conf,
		uint16_t reta_size)
{
	const struct null_port *np = dev->data->dev_private;

	fpk_eth_reta_table_query(np->reta, reta_conf, reta_size);
	return 0;
}

static int
null_rss_hash_update(struct fpk_eth_dev *dev, struct fpk_eth_rss_conf *rss_conf)
{
	struct null_port *np = dev->data->dev_private;

	np->rss_hf = rss_conf->rss_hf;
	if (rss_conf->rss_key != NULL)
		memcpy(np->rss_key, rss_conf->rss_key, FPK_THASH_KEY_LEN);
	return 0;
}

static int
null_rss_hash_conf_get(struct fpk_eth_dev *dev, struct fpk_eth_rss_conf *rss_conf)
{
	const struct null_port *np = dev->data->dev_private;

	rss_conf->rss_hf = np->rss_hf;
	if (rss_conf->rss_key != NULL)
		memcpy(rss_conf->rss_key, np->rss_key, FPK_THASH_KEY_LEN);
	return 0;
}

static int
null_dev_start(struct fpk_eth_dev *dev)
{
	(void)dev;
	return 0;
}

/*
 * The link is up from probe on; by hand it goes down and up again (the
 * status only: the port goes on making and taking packets), with an event
 * when the application asked for link events.
 */
static int
null_link_status_set(struct fpk_eth_dev *dev, uint16_t status)
{
	struct fpk_eth_link link = dev->data->dev_link;

	link.link_status = status;
	if (fpk_eth_dev_link_set(dev, &link) && dev->data->dev_conf.intr_conf.lsc)
		fpk_eth_dev_callback_process(dev, FPK_ETH_EVENT_INTR_LSC, NULL);
	return 0;
}

static int
null_dev_set_link_up(struct fpk_eth_dev *dev)
{
	return null_link_status_set(dev, FPK_ETH_LINK_UP);
}

static int
null_dev_set_link_down(struct fpk_eth_dev *dev)
{
	return null_link_status_set(dev, FPK_ETH_LINK_DOWN);
}

/*
 * A queue, and its dummy packet with copy=1, on the node queue setup names,
 * where the lcore polling it runs. @return it, or NULL: the EAL logged why.
 */
static struct null_queue *
null_queue_alloc(struct fpk_eth_dev *dev, unsigned int socket_id, struct fpk_mempool *mp)
{
	const struct null_port *np = dev->data->dev_private;
	int socket = fpk_eth_queue_socket(socket_id);
	struct null_queue *q;

	q = fpk_zmalloc_socket("net_null queue", sizeof(*q), 0, socket);
	if (q == NULL)
		return NULL;
	if (np->copy) {
		q->dummy = fpk_zmalloc_socket("net_null dummy packet", np->size, 0, socket);
		if (q->dummy == NULL) {
			fpk_free(q);
			return NULL;
		}
	}
	q->mp = mp;
	q->size = np->size;
	q->port_id = dev->data->port_id;
	return q;
}

static void
null_queue_free(struct null_queue *q)
{
	fpk_free(q->dummy);
	fpk_free(q);
}

static int
null_rx_queue_setup(struct fpk_eth_dev *dev, uint16_t qid, uint16_t nb_desc,
		    unsigned int socket_id, const struct fpk_eth_rxconf *conf,
		    struct fpk_mempool *mp)
{
	struct null_queue *q = null_queue_alloc(dev, socket_id, mp);

	(void)nb_desc;
	(void)conf;
	if (q == NULL)
		return -ENOMEM;
	q->nombuf = &dev->data->rx_mbuf_alloc_failed[qid];
	dev->data->rx_queues[qid] = q;
	return 0;
}

static int
null_tx_queue_setup(struct fpk_eth_dev *dev, uint16_t qid, uint16_t nb_desc,
		    unsigned int socket_id, const struct fpk_eth_txconf *conf)
{
	struct null_queue *q = null_queue_alloc(dev, socket_id, NULL);

	(void)nb_desc;
	(void)conf;
	if (q == NULL)
		return -ENOMEM;
	dev->data->tx_queues[qid] = q;
	return 0;
}

static void
null_rx_queue_release(struct fpk_eth_dev *dev, uint16_t qid)
{
	null_queue_free(dev->data->rx_queues[qid]);
}

static void
null_tx_queue_release(struct fpk_eth_dev *dev, uint16_t qid)
{
	null_queue_free(dev->data->tx_queues[qid]);
}

static int
null_stats_get(struct fpk_eth_dev *dev, struct fpk_eth_stats *st)
{
	fpk_eth_queue_stats_get(dev, NULL_QUEUE_STATS_OFF, NULL_QUEUE_STATS_OFF, st);
	return 0;
}

static int
null_stats_reset(struct fpk_eth_dev *dev)
{
	fpk_eth_queue_stats_reset(dev, NULL_QUEUE_STATS_OFF, NULL_QUEUE_STATS_OFF);
	return 0;
}

static const struct fpk_eth_dev_ops null_ops = {
	.dev_configure = null_dev_configure,
	.dev_infos_get = null_dev_infos_get,
	.reta_update = null_reta_update,
	.reta_query = null_reta_query,
	.rss_hash_update = null_rss_hash_update,
	.rss_hash_conf_get = null_rss_hash_conf_get,
	.dev_start = null_dev_start,
	.dev_set_link_up = null_dev_set_link_up,
	.dev_set_link_down = null_dev_set_link_down,
	.rx_queue_setup = null_rx_queue_setup,
	.rx_queue_release = null_rx_queue_release,
	.tx_queue_setup = null_tx_queue_setup,
	.tx_queue_release = null_tx_queue_release,
	.stats_get = null_stats_get,
	.stats_reset = null_stats_reset,
	/* Nothing to filter or size without a wire. */
	.promiscuous_enable = fpk_eth_noop_rx_mode,
	.promiscuous_disable = fpk_eth_noop_rx_mode,
	.allmulticast_enable = fpk_eth_noop_rx_mode,
	.allmulticast_disable = fpk_eth_noop_rx_mode,
	.mac_addr_set = fpk_eth_noop_mac_addr_set,
	.mtu_set = fpk_eth_noop_mtu_set,
	.set_mc_addr_list = fpk_eth_noop_set_mc_addr_list,
};

static int
null_probe(const char *name, const char *args)
{
	static const char *const keys[] = { "size", "copy", "no-rx", NULL };
	static const struct fpk_eth_link link = {
		.link_speed = FPK_ETH_SPEED_NUM_10G,
		.link_duplex = FPK_ETH_LINK_FULL_DUPLEX,
		.link_autoneg = 0,
		.link_status = FPK_ETH_LINK_UP,
	};
	struct fpk_kvargs *kv;
	struct fpk_eth_dev *dev;
	struct null_port *np;
	uint64_t size = NULL_DEFAULT_SIZE;
	bool copy = false, no_rx = false;
	int ret;

	kv = fpk_kvargs_parse(args, keys);
	if (kv == NULL)
		return -fpk_errno;
	ret = fpk_kvargs_process(kv, "size", fpk_kvargs_parse_u64, &size);
	if (ret == 0)
		ret = fpk_kvargs_process(kv, "copy", fpk_kvargs_parse_bool, &copy);
	if (ret == 0)
		ret = fpk_kvargs_process(kv, "no-rx", fpk_kvargs_parse_bool, &no_rx);
	fpk_kvargs_free(kv);
	if (ret)
		return ret;
	if (size == 0 || size > UINT16_MAX) {
		NULL_LOG(ERR, "%s: size=%" PRIu64 " is not a packet size: give 1..%u bytes\n",
			 name, size, UINT16_MAX);
		return -EINVAL;
	}
	if (copy && no_rx) {
		NULL_LOG(ERR, "%s: copy=1 and no-rx=1 exclude each other (no-rx makes no "
			 "packets to copy): drop one of them\n", name);
		return -EINVAL;
	}

	dev = fpk_eth_dev_allocate(name, sizeof(*np), FPK_SOCKET_ID_ANY);
	if (dev == NULL)
		return -fpk_errno;
	np = dev->data->dev_private;
	np->size = (uint32_t)size;
	np->copy = copy;
	np->no_rx = no_rx;
	dev->dev_ops = &null_ops;
	if (no_rx)
		dev->rx_pkt_burst = null_rx_burst_none;
	else
		dev->rx_pkt_burst = copy ? null_rx_burst_copy : null_rx_burst;
	dev->tx_pkt_burst = copy ? null_tx_burst_copy : null_tx_burst;
	dev->data->dev_link = link;
	fpk_eth_random_addr(dev->data->mac_addr.addr_bytes);
	fpk_eth_dev_probing_finish(dev);
	NULL_LOG(DEBUG, "%s: port %u, size=%u copy=%d no-rx=%d\n", name, dev->data->port_id,
		 np->size, copy, no_rx);
	return 0;
}

static struct fpk_vdev_driver null_driver = {
	.name = NULL_DRIVER_NAME,
	.usage = "size=<bytes, default 64> copy=<0|1> no-rx=<0|1>",
	.probe = null_probe,
	.remove = fpk_eth_dev_close_by_name,
};

FPK_PMD_REGISTER_VDEV(net_null, null_driver)
