/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Port table, configuration checks, statistics and events, and what PMDs
 * share (queue counters, no-op ops). Control path only: none of this runs
 * per packet. Like DPDK, control calls for one port are not thread-safe;
 * event callbacks have their own lock because drivers raise them from an
 * interrupt thread.
 */
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "fpk_cycles.h"
#include "fpk_ethdev_driver.h"
#include "fpk_lcore.h"
#include "fpk_log.h"
#include "fpk_malloc.h"
#include "fpk_mbuf.h"

struct fpk_eth_fp_ops fpk_eth_fp_ops[FPK_MAX_ETHPORTS];

static struct fpk_eth_dev eth_devs[FPK_MAX_ETHPORTS];
static void *dummy_queues[FPK_MAX_QUEUES_PER_PORT];

struct eth_callback {
	uint16_t port_id; /* FPK_MAX_ETHPORTS: any port */
	enum fpk_eth_event_type event;
	fpk_eth_dev_cb_fn fn;
	void *arg;
	struct eth_callback *next;
};

static struct eth_callback *callbacks;
static pthread_mutex_t cb_lock = PTHREAD_MUTEX_INITIALIZER;

#define DEFAULT_NB_DESC 512

static uint16_t
dummy_burst(void *q, struct fpk_mbuf **pkts, uint16_t n)
{
	(void)q;
	(void)pkts;
	(void)n;
	return 0;
}

static void
fp_ops_reset(uint16_t port_id)
{
	struct fpk_eth_fp_ops *fp = &fpk_eth_fp_ops[port_id];

	fp->rx_pkt_burst = dummy_burst;
	fp->tx_pkt_burst = dummy_burst;
	fp->rxq = dummy_queues;
	fp->txq = dummy_queues;
}

static void
fp_ops_set(struct fpk_eth_dev *dev)
{
	struct fpk_eth_fp_ops *fp = &fpk_eth_fp_ops[dev->data->port_id];

	fp->rxq = dev->data->rx_queues;
	fp->txq = dev->data->tx_queues;
	fp->rx_pkt_burst = dev->rx_pkt_burst ? dev->rx_pkt_burst : dummy_burst;
	fp->tx_pkt_burst = dev->tx_pkt_burst ? dev->tx_pkt_burst : dummy_burst;
}

__attribute__((constructor)) static void
fp_ops_init(void)
{
	for (uint16_t p = 0; p < FPK_MAX_ETHPORTS; p++)
		fp_ops_reset(p);
}

struct fpk_eth_dev *
fpk_eth_dev_get(uint16_t port_id)
{
	if (port_id >= FPK_MAX_ETHPORTS || !eth_devs[port_id].in_use)
		return NULL;
	return &eth_devs[port_id];
}

struct fpk_eth_dev *
fpk_eth_dev_get_by_name(const char *name)
{
	if (name == NULL)
		return NULL;
	for (uint16_t p = 0; p < FPK_MAX_ETHPORTS; p++)
		if (eth_devs[p].in_use && strcmp(eth_devs[p].data->name, name) == 0)
			return &eth_devs[p];
	return NULL;
}

struct fpk_eth_dev *
fpk_eth_dev_allocate(const char *name, size_t priv_size, int numa_node)
{
	struct fpk_eth_dev *dev = NULL;
	struct fpk_eth_dev_data *data;

	if (name == NULL || name[0] == '\0' || strlen(name) >= FPK_ETH_NAME_MAX_LEN) {
		fpk_errno = EINVAL;
		return NULL;
	}
	if (fpk_eth_dev_get_by_name(name)) {
		FPK_ETHDEV_LOG(ERR, "a port named '%s' exists already\n", name);
		fpk_errno = EEXIST;
		return NULL;
	}
	for (uint16_t p = 0; p < FPK_MAX_ETHPORTS; p++) {
		if (!eth_devs[p].in_use) {
			dev = &eth_devs[p];
			break;
		}
	}
	if (dev == NULL) {
		FPK_ETHDEV_LOG(ERR, "all %d ports are in use: cannot create '%s'\n",
			       FPK_MAX_ETHPORTS, name);
		fpk_errno = ENOSPC;
		return NULL;
	}
	/*
	 * Bursts read the queue pointers in data, and PMDs count
	 * rx_mbuf_alloc_failed[] there and keep their state in dev_private: EAL
	 * memory on the device's node, like the queues.
	 */
	data = fpk_zmalloc_socket("ethdev port data", sizeof(*data), 0, numa_node);
	if (data != NULL && priv_size) {
		data->dev_private = fpk_zmalloc_socket("ethdev dev_private", priv_size, 0,
						       numa_node);
		if (data->dev_private == NULL) {
			fpk_free(data);
			data = NULL;
		}
	}
	if (data == NULL) {
		fpk_errno = ENOMEM;
		return NULL;
	}
	memset(dev, 0, sizeof(*dev));
	snprintf(data->name, sizeof(data->name), "%s", name);
	data->port_id = (uint16_t)(dev - eth_devs);
	data->mtu = FPK_ETHER_MTU;
	data->numa_node = numa_node;
	dev->data = data;
	/* Not in use until probing_finish: applications can't see it yet. */
	return dev;
}

void
fpk_eth_dev_probing_finish(struct fpk_eth_dev *dev)
{
	fp_ops_reset(dev->data->port_id);
	dev->in_use = true;
	fpk_eth_dev_callback_process(dev, FPK_ETH_EVENT_NEW, NULL);
}

int
fpk_eth_dev_release_port(struct fpk_eth_dev *dev)
{
	struct eth_callback **pp;
	uint16_t port_id;

	if (dev == NULL || dev->data == NULL)
		return -EINVAL;
	port_id = dev->data->port_id;
	fp_ops_reset(port_id);
	if (dev->in_use)
		fpk_eth_dev_callback_process(dev, FPK_ETH_EVENT_DESTROY, NULL);
	pthread_mutex_lock(&cb_lock);
	for (pp = &callbacks; *pp;) {
		if ((*pp)->port_id == port_id) {
			struct eth_callback *c = *pp;

			*pp = c->next;
			free(c);
		} else {
			pp = &(*pp)->next;
		}
	}
	pthread_mutex_unlock(&cb_lock);
	fpk_free(dev->data->dev_private);
	fpk_free(dev->data);
	memset(dev, 0, sizeof(*dev));
	return 0;
}

uint16_t
fpk_eth_find_next(uint16_t port_id)
{
	while (port_id < FPK_MAX_ETHPORTS && !eth_devs[port_id].in_use)
		port_id++;
	return port_id;
}

uint16_t
fpk_eth_dev_count_avail(void)
{
	uint16_t n = 0;

	for (uint16_t p = 0; p < FPK_MAX_ETHPORTS; p++)
		n += eth_devs[p].in_use;
	return n;
}

int
fpk_eth_dev_is_valid_port(uint16_t port_id)
{
	return fpk_eth_dev_get(port_id) != NULL;
}

#define GET_DEV_OR_RET(port_id, dev) do {                                 \
	(dev) = fpk_eth_dev_get(port_id);                                 \
	if ((dev) == NULL) {                                              \
		FPK_ETHDEV_LOG(ERR, "port %u does not exist\n", (unsigned int)(port_id)); \
		return -ENODEV;                                           \
	}                                                                 \
} while (0)

int
fpk_eth_dev_get_port_by_name(const char *name, uint16_t *port_id)
{
	struct fpk_eth_dev *dev;

	if (name == NULL || port_id == NULL)
		return -EINVAL;
	dev = fpk_eth_dev_get_by_name(name);
	if (dev == NULL)
		return -ENODEV;
	*port_id = dev->data->port_id;
	return 0;
}

int
fpk_eth_dev_get_name_by_port(uint16_t port_id, char *name)
{
	struct fpk_eth_dev *dev;

	if (name == NULL)
		return -EINVAL;
	GET_DEV_OR_RET(port_id, dev);
	snprintf(name, FPK_ETH_NAME_MAX_LEN, "%s", dev->data->name);
	return 0;
}

int
fpk_eth_dev_socket_id(uint16_t port_id)
{
	struct fpk_eth_dev *dev = fpk_eth_dev_get(port_id);

	return dev ? dev->data->numa_node : -EINVAL;
}

int
fpk_eth_dev_info_get(uint16_t port_id, struct fpk_eth_dev_info *info)
{
	struct fpk_eth_dev *dev;
	int ret;

	if (info == NULL)
		return -EINVAL;
	GET_DEV_OR_RET(port_id, dev);
	memset(info, 0, sizeof(*info));
	info->min_mtu = 68;
	info->max_mtu = UINT16_MAX;
	info->max_rx_pktlen = UINT16_MAX;
	info->max_mac_addrs = 1;
	info->rx_desc_lim.nb_max = UINT16_MAX;
	info->rx_desc_lim.nb_align = 1;
	info->tx_desc_lim.nb_max = UINT16_MAX;
	info->tx_desc_lim.nb_align = 1;
	info->device_name = dev->data->name;
	ret = dev->dev_ops->dev_infos_get(dev, info);
	if (ret)
		return ret;
	info->max_rx_queues = FPK_MIN(info->max_rx_queues, FPK_MAX_QUEUES_PER_PORT);
	info->max_tx_queues = FPK_MIN(info->max_tx_queues, FPK_MAX_QUEUES_PER_PORT);
	info->nb_rx_queues = dev->data->nb_rx_queues;
	info->nb_tx_queues = dev->data->nb_tx_queues;
	info->numa_node = dev->data->numa_node;
	return 0;
}

static void
release_rxq(struct fpk_eth_dev *dev, uint16_t q)
{
	if (dev->data->rx_queues[q] == NULL)
		return;
	if (dev->dev_ops->rx_queue_release)
		dev->dev_ops->rx_queue_release(dev, q);
	dev->data->rx_queues[q] = NULL;
}

static void
release_txq(struct fpk_eth_dev *dev, uint16_t q)
{
	if (dev->data->tx_queues[q] == NULL)
		return;
	if (dev->dev_ops->tx_queue_release)
		dev->dev_ops->tx_queue_release(dev, q);
	dev->data->tx_queues[q] = NULL;
}

static int
check_bits(uint16_t port_id, const char *what, uint64_t want, uint64_t capa)
{
	if ((want & capa) == want)
		return 0;
	FPK_ETHDEV_LOG(ERR, "port %u: %s 0x%" PRIx64 " asked for, the device can do only "
		       "0x%" PRIx64 ": drop 0x%" PRIx64 "\n", port_id, what, want, capa,
		       want & ~capa);
	return -EINVAL;
}

/* A key of another length would be read past its end, or cut short, by the driver. */
static int
rss_key_check(uint16_t port_id, const struct fpk_eth_rss_conf *rss, uint8_t key_size)
{
	if (rss->rss_key == NULL || rss->rss_key_len == key_size)
		return 0;
	FPK_ETHDEV_LOG(ERR, "port %u: RSS key of %u bytes given, the device takes %u "
		       "(dev_info.hash_key_size): give a key of that length, or none\n", port_id,
		       rss->rss_key_len, key_size);
	return -EINVAL;
}

/*
 * Record @rss as the port's RSS configuration; a NULL key keeps the one on
 * record. The key is copied: the caller's buffer may be gone by the time
 * the driver or fpk_eth_dev_rss_hash_conf_get() reads it.
 */
static void
rss_conf_record(struct fpk_eth_dev *dev, const struct fpk_eth_rss_conf *rss)
{
	struct fpk_eth_rss_conf *cur = &dev->data->dev_conf.rx_adv_conf.rss_conf;

	cur->rss_hf = rss->rss_hf;
	if (rss->rss_key == NULL)
		return;
	memcpy(dev->data->rss_key, rss->rss_key, rss->rss_key_len);
	cur->rss_key = dev->data->rss_key;
	cur->rss_key_len = rss->rss_key_len;
}

int
fpk_eth_dev_configure(uint16_t port_id, uint16_t nb_rxq, uint16_t nb_txq,
		      const struct fpk_eth_conf *conf)
{
	static const struct fpk_eth_conf default_conf;
	struct fpk_eth_dev_info info;
	struct fpk_eth_dev *dev;
	uint32_t mtu;
	int ret;

	GET_DEV_OR_RET(port_id, dev);
	if (conf == NULL)
		conf = &default_conf;
	if (dev->data->dev_started) {
		FPK_ETHDEV_LOG(ERR, "port %u: stop it before configuring\n", port_id);
		return -EBUSY;
	}
	ret = fpk_eth_dev_info_get(port_id, &info);
	if (ret)
		return ret;
	if (nb_rxq == 0 && nb_txq == 0) {
		FPK_ETHDEV_LOG(ERR, "port %u: at least one rx or tx queue is needed\n", port_id);
		return -EINVAL;
	}
	if (nb_rxq > info.max_rx_queues || nb_txq > info.max_tx_queues) {
		FPK_ETHDEV_LOG(ERR, "port %u: %u rx / %u tx queues asked for, at most %u / %u\n",
			       port_id, nb_rxq, nb_txq, info.max_rx_queues, info.max_tx_queues);
		return -EINVAL;
	}
	mtu = conf->rxmode.mtu ? conf->rxmode.mtu : dev->data->mtu;
	if (mtu < info.min_mtu || mtu > info.max_mtu) {
		FPK_ETHDEV_LOG(ERR, "port %u: MTU %u outside %u..%u\n", port_id, mtu,
			       info.min_mtu, info.max_mtu);
		return -EINVAL;
	}
	if (check_bits(port_id, "rx offloads", conf->rxmode.offloads, info.rx_offload_capa) ||
	    check_bits(port_id, "tx offloads", conf->txmode.offloads, info.tx_offload_capa))
		return -EINVAL;
	if (conf->rxmode.mq_mode == FPK_ETH_MQ_RX_RSS &&
	    (check_bits(port_id, "RSS hash fields", conf->rx_adv_conf.rss_conf.rss_hf,
			info.flow_type_rss_offloads) ||
	     rss_key_check(port_id, &conf->rx_adv_conf.rss_conf, info.hash_key_size)))
		return -EINVAL;
	if (conf->intr_conf.rxq) {
		FPK_ETHDEV_LOG(ERR, "port %u: rx interrupts are not supported yet\n", port_id);
		return -ENOTSUP;
	}
	for (uint16_t q = nb_rxq; q < FPK_MAX_QUEUES_PER_PORT; q++)
		release_rxq(dev, q);
	for (uint16_t q = nb_txq; q < FPK_MAX_QUEUES_PER_PORT; q++)
		release_txq(dev, q);
	dev->data->dev_conf = *conf;
	memset(&dev->data->dev_conf.rx_adv_conf.rss_conf, 0,
	       sizeof(dev->data->dev_conf.rx_adv_conf.rss_conf));
	if (conf->rxmode.mq_mode == FPK_ETH_MQ_RX_RSS)
		rss_conf_record(dev, &conf->rx_adv_conf.rss_conf);
	dev->data->nb_rx_queues = nb_rxq;
	dev->data->nb_tx_queues = nb_txq;
	dev->data->mtu = (uint16_t)mtu;
	if (dev->dev_ops->dev_configure) {
		ret = dev->dev_ops->dev_configure(dev);
		if (ret) {
			dev->data->dev_configured = 0;
			return ret;
		}
	}
	dev->data->dev_configured = 1;
	return 0;
}

/*
 * What rx and tx queue setup check alike: the port exists and is stopped,
 * queue @qid is configured, *@nb_desc (0: the default) is within the
 * device's limits. Fills *@devp, @info and *@nb_desc.
 * @return 0, or the negative errno (logged).
 */
static int
queue_setup_check(uint16_t port_id, bool rx, uint16_t qid, uint16_t *nb_desc,
		  struct fpk_eth_dev **devp, struct fpk_eth_dev_info *info)
{
	const char *dir = rx ? "rx" : "tx";
	const struct fpk_eth_desc_lim *lim = rx ? &info->rx_desc_lim : &info->tx_desc_lim;
	struct fpk_eth_dev *dev;
	uint16_t nb_q;
	int ret;

	GET_DEV_OR_RET(port_id, dev);
	if (dev->data->dev_started) {
		FPK_ETHDEV_LOG(ERR, "port %u: stop it before setting up queues\n", port_id);
		return -EBUSY;
	}
	nb_q = rx ? dev->data->nb_rx_queues : dev->data->nb_tx_queues;
	if (qid >= nb_q) {
		FPK_ETHDEV_LOG(ERR, "port %u: %s queue %u not configured (%u %s queues)\n",
			       port_id, dir, qid, nb_q, dir);
		return -EINVAL;
	}
	ret = fpk_eth_dev_info_get(port_id, info);
	if (ret)
		return ret;
	if (*nb_desc == 0)
		*nb_desc = (uint16_t)FPK_MIN(FPK_MAX((uint16_t)DEFAULT_NB_DESC, lim->nb_min),
					     lim->nb_max);
	if (*nb_desc > lim->nb_max || *nb_desc < lim->nb_min ||
	    (lim->nb_align && *nb_desc % lim->nb_align)) {
		FPK_ETHDEV_LOG(ERR, "port %u: %u %s descriptors: must be %u..%u and a multiple "
			       "of %u\n", port_id, *nb_desc, dir, lim->nb_min, lim->nb_max,
			       lim->nb_align);
		return -EINVAL;
	}
	*devp = dev;
	return 0;
}

/*
 * A queue set up for deferred start is only ever started by the driver's
 * queue start op: refuse it when there is none, or the queue would never
 * run while its state said stopped.
 */
static int
deferred_start_check(const struct fpk_eth_dev *dev, bool rx, uint16_t qid, uint8_t deferred)
{
	const char *dir = rx ? "rx" : "tx";

	if (!deferred || (rx ? dev->dev_ops->rx_queue_start : dev->dev_ops->tx_queue_start))
		return 0;
	FPK_ETHDEV_LOG(ERR, "port %u %s queue %u: deferred start asked for, but the driver cannot "
		       "start a queue on its own: clear %s_deferred_start\n", dev->data->port_id,
		       dir, qid, dir);
	return -ENOTSUP;
}

int
fpk_eth_rx_queue_setup(uint16_t port_id, uint16_t qid, uint16_t nb_desc,
		       unsigned int socket_id, const struct fpk_eth_rxconf *rx_conf,
		       struct fpk_mempool *mp)
{
	struct fpk_eth_dev_info info;
	struct fpk_eth_rxconf conf;
	struct fpk_eth_dev *dev;
	int ret;

	ret = queue_setup_check(port_id, true, qid, &nb_desc, &dev, &info);
	if (ret)
		return ret;
	if (mp == NULL) {
		FPK_ETHDEV_LOG(ERR, "port %u rx queue %u: no mbuf pool given\n", port_id, qid);
		return -EINVAL;
	}
	if (fpk_pktmbuf_data_room_size(mp) < FPK_PKTMBUF_HEADROOM + info.min_rx_bufsize) {
		FPK_ETHDEV_LOG(ERR, "port %u rx queue %u: mbufs hold %u bytes, the device needs "
			       "%u after %u of headroom: use a larger data room\n", port_id, qid,
			       fpk_pktmbuf_data_room_size(mp), info.min_rx_bufsize,
			       FPK_PKTMBUF_HEADROOM);
		return -EINVAL;
	}
	conf = rx_conf ? *rx_conf : info.default_rxconf;
	ret = deferred_start_check(dev, true, qid, conf.rx_deferred_start);
	if (ret)
		return ret;
	release_rxq(dev, qid);
	dev->data->rx_deferred_start[qid] = conf.rx_deferred_start != 0;
	ret = dev->dev_ops->rx_queue_setup(dev, qid, nb_desc, socket_id, &conf, mp);
	if (ret == 0) {
		dev->data->rx_queue_conf[qid] = conf;
		dev->data->rx_queue_mp[qid] = mp;
		dev->data->rx_queue_nb_desc[qid] = nb_desc;
	}
	return ret;
}

int
fpk_eth_tx_queue_setup(uint16_t port_id, uint16_t qid, uint16_t nb_desc,
		       unsigned int socket_id, const struct fpk_eth_txconf *tx_conf)
{
	struct fpk_eth_dev_info info;
	struct fpk_eth_txconf conf;
	struct fpk_eth_dev *dev;
	int ret;

	ret = queue_setup_check(port_id, false, qid, &nb_desc, &dev, &info);
	if (ret)
		return ret;
	conf = tx_conf ? *tx_conf : info.default_txconf;
	ret = deferred_start_check(dev, false, qid, conf.tx_deferred_start);
	if (ret)
		return ret;
	release_txq(dev, qid);
	dev->data->tx_deferred_start[qid] = conf.tx_deferred_start != 0;
	ret = dev->dev_ops->tx_queue_setup(dev, qid, nb_desc, socket_id, &conf);
	if (ret == 0) {
		dev->data->tx_queue_conf[qid] = conf;
		dev->data->tx_queue_nb_desc[qid] = nb_desc;
	}
	return ret;
}

static void
queue_states_stopped(struct fpk_eth_dev *dev)
{
	memset(dev->data->rx_queue_state, FPK_ETH_QUEUE_STATE_STOPPED,
	       sizeof(dev->data->rx_queue_state));
	memset(dev->data->tx_queue_state, FPK_ETH_QUEUE_STATE_STOPPED,
	       sizeof(dev->data->tx_queue_state));
}

int
fpk_eth_dev_start(uint16_t port_id)
{
	struct fpk_eth_dev *dev;
	int ret;

	GET_DEV_OR_RET(port_id, dev);
	if (!dev->data->dev_configured) {
		FPK_ETHDEV_LOG(ERR, "port %u: configure it before starting\n", port_id);
		return -EINVAL;
	}
	if (dev->data->dev_started)
		return 0;
	for (uint16_t q = 0; q < dev->data->nb_rx_queues; q++) {
		if (dev->data->rx_queues[q] == NULL) {
			FPK_ETHDEV_LOG(ERR, "port %u: rx queue %u is not set up\n", port_id, q);
			return -EINVAL;
		}
	}
	for (uint16_t q = 0; q < dev->data->nb_tx_queues; q++) {
		if (dev->data->tx_queues[q] == NULL) {
			FPK_ETHDEV_LOG(ERR, "port %u: tx queue %u is not set up\n", port_id, q);
			return -EINVAL;
		}
	}
	/* Before dev_start: it leaves the deferred queues, marked stopped here, alone. */
	for (uint16_t q = 0; q < dev->data->nb_rx_queues; q++)
		dev->data->rx_queue_state[q] = dev->data->rx_deferred_start[q] ?
					       FPK_ETH_QUEUE_STATE_STOPPED :
					       FPK_ETH_QUEUE_STATE_STARTED;
	for (uint16_t q = 0; q < dev->data->nb_tx_queues; q++)
		dev->data->tx_queue_state[q] = dev->data->tx_deferred_start[q] ?
					       FPK_ETH_QUEUE_STATE_STOPPED :
					       FPK_ETH_QUEUE_STATE_STARTED;
	ret = dev->dev_ops->dev_start(dev);
	if (ret) {
		queue_states_stopped(dev);
		return ret;
	}
	dev->data->dev_started = 1;
	fp_ops_set(dev);
	if (dev->dev_ops->link_update)
		dev->dev_ops->link_update(dev);
	return 0;
}

int
fpk_eth_dev_stop(uint16_t port_id)
{
	struct fpk_eth_dev *dev;
	int ret = 0;

	GET_DEV_OR_RET(port_id, dev);
	if (!dev->data->dev_started)
		return 0;
	fp_ops_reset(port_id);
	if (dev->dev_ops->dev_stop)
		ret = dev->dev_ops->dev_stop(dev);
	dev->data->dev_started = 0;
	queue_states_stopped(dev);
	return ret;
}

int
fpk_eth_dev_is_started(uint16_t port_id)
{
	struct fpk_eth_dev *dev;

	GET_DEV_OR_RET(port_id, dev);
	return dev->data->dev_started;
}

/* Queue @qid of @dev is configured and set up. @return 0, or -EINVAL (logged). */
static int
queue_set_up_check(const struct fpk_eth_dev *dev, bool rx, uint16_t qid)
{
	const char *dir = rx ? "rx" : "tx";
	uint16_t nb_q = rx ? dev->data->nb_rx_queues : dev->data->nb_tx_queues;
	void *const *queues = rx ? dev->data->rx_queues : dev->data->tx_queues;

	if (qid >= nb_q) {
		FPK_ETHDEV_LOG(ERR, "port %u: %s queue %u not configured (%u %s queues): give a "
			       "configured queue, or configure more\n", dev->data->port_id, dir, qid,
			       nb_q, dir);
		return -EINVAL;
	}
	if (queues[qid] == NULL) {
		FPK_ETHDEV_LOG(ERR, "port %u: %s queue %u is not set up: call "
			       "fpk_eth_%s_queue_setup() first\n", dev->data->port_id, dir, qid, dir);
		return -EINVAL;
	}
	return 0;
}

/*
 * The four queue start/stop calls: checked as DPDK checks them (a queue
 * starts only on a started port; no op means -ENOTSUP even when there is
 * nothing to do), and the op is not called for a queue already in the
 * state asked for.
 */
static int
queue_start_stop(uint16_t port_id, bool rx, uint16_t qid, bool start)
{
	const char *dir = rx ? "rx" : "tx", *verb = start ? "start" : "stop";
	uint8_t want = start ? FPK_ETH_QUEUE_STATE_STARTED : FPK_ETH_QUEUE_STATE_STOPPED;
	int (*op)(struct fpk_eth_dev *dev, uint16_t qid);
	struct fpk_eth_dev *dev;
	uint8_t *state;
	int ret;

	GET_DEV_OR_RET(port_id, dev);
	if (start && !dev->data->dev_started) {
		FPK_ETHDEV_LOG(ERR, "port %u: start the port (fpk_eth_dev_start()) before starting "
			       "%s queue %u\n", port_id, dir, qid);
		return -EINVAL;
	}
	ret = queue_set_up_check(dev, rx, qid);
	if (ret)
		return ret;
	if (rx)
		op = start ? dev->dev_ops->rx_queue_start : dev->dev_ops->rx_queue_stop;
	else
		op = start ? dev->dev_ops->tx_queue_start : dev->dev_ops->tx_queue_stop;
	if (op == NULL) {
		FPK_ETHDEV_LOG(ERR, "port %u: its driver cannot %s a %s queue on its own: %s the "
			       "whole port\n", port_id, verb, dir, verb);
		return -ENOTSUP;
	}
	state = rx ? &dev->data->rx_queue_state[qid] : &dev->data->tx_queue_state[qid];
	if (*state == want)
		return 0;
	ret = op(dev, qid);
	if (ret == 0)
		*state = want;
	return ret;
}

int
fpk_eth_dev_rx_queue_start(uint16_t port_id, uint16_t rx_queue_id)
{
	return queue_start_stop(port_id, true, rx_queue_id, true);
}

int
fpk_eth_dev_rx_queue_stop(uint16_t port_id, uint16_t rx_queue_id)
{
	return queue_start_stop(port_id, true, rx_queue_id, false);
}

int
fpk_eth_dev_tx_queue_start(uint16_t port_id, uint16_t tx_queue_id)
{
	return queue_start_stop(port_id, false, tx_queue_id, true);
}

int
fpk_eth_dev_tx_queue_stop(uint16_t port_id, uint16_t tx_queue_id)
{
	return queue_start_stop(port_id, false, tx_queue_id, false);
}

static int
queue_state_get(uint16_t port_id, bool rx, uint16_t qid)
{
	struct fpk_eth_dev *dev;
	int ret;

	GET_DEV_OR_RET(port_id, dev);
	ret = queue_set_up_check(dev, rx, qid);
	if (ret)
		return ret;
	return rx ? dev->data->rx_queue_state[qid] : dev->data->tx_queue_state[qid];
}

int
fpk_eth_rx_queue_state(uint16_t port_id, uint16_t rx_queue_id)
{
	return queue_state_get(port_id, true, rx_queue_id);
}

int
fpk_eth_tx_queue_state(uint16_t port_id, uint16_t tx_queue_id)
{
	return queue_state_get(port_id, false, tx_queue_id);
}

int
fpk_eth_rx_queue_info_get(uint16_t port_id, uint16_t rx_queue_id, struct fpk_eth_rxq_info *qinfo)
{
	const struct fpk_eth_dev_data *d;
	struct fpk_eth_dev *dev;
	int ret;

	if (qinfo == NULL)
		return -EINVAL;
	GET_DEV_OR_RET(port_id, dev);
	ret = queue_set_up_check(dev, true, rx_queue_id);
	if (ret)
		return ret;
	d = dev->data;
	memset(qinfo, 0, sizeof(*qinfo));
	qinfo->mp = d->rx_queue_mp[rx_queue_id];
	qinfo->conf = d->rx_queue_conf[rx_queue_id];
	qinfo->queue_state = d->rx_queue_state[rx_queue_id];
	qinfo->nb_desc = d->rx_queue_nb_desc[rx_queue_id];
	qinfo->rx_buf_size = (uint16_t)(fpk_pktmbuf_data_room_size(qinfo->mp) -
					FPK_PKTMBUF_HEADROOM);
	qinfo->scattered_rx = ((d->dev_conf.rxmode.offloads | qinfo->conf.offloads) &
			       FPK_ETH_RX_OFFLOAD_SCATTER) != 0;
	return 0;
}

int
fpk_eth_tx_queue_info_get(uint16_t port_id, uint16_t tx_queue_id, struct fpk_eth_txq_info *qinfo)
{
	struct fpk_eth_dev *dev;
	int ret;

	if (qinfo == NULL)
		return -EINVAL;
	GET_DEV_OR_RET(port_id, dev);
	ret = queue_set_up_check(dev, false, tx_queue_id);
	if (ret)
		return ret;
	memset(qinfo, 0, sizeof(*qinfo));
	qinfo->conf = dev->data->tx_queue_conf[tx_queue_id];
	qinfo->nb_desc = dev->data->tx_queue_nb_desc[tx_queue_id];
	qinfo->queue_state = dev->data->tx_queue_state[tx_queue_id];
	return 0;
}

int
fpk_eth_dev_close(uint16_t port_id)
{
	struct fpk_eth_dev *dev;
	int ret = 0;

	GET_DEV_OR_RET(port_id, dev);
	if (dev->data->dev_started) {
		FPK_ETHDEV_LOG(ERR, "port %u: stop it before closing\n", port_id);
		return -EBUSY;
	}
	for (uint16_t q = 0; q < FPK_MAX_QUEUES_PER_PORT; q++) {
		release_rxq(dev, q);
		release_txq(dev, q);
	}
	if (dev->dev_ops->dev_close)
		ret = dev->dev_ops->dev_close(dev);
	fpk_eth_dev_release_port(dev);
	return ret;
}

int
fpk_eth_dev_close_by_name(const char *name)
{
	struct fpk_eth_dev *dev = fpk_eth_dev_get_by_name(name);
	int ret;

	if (dev == NULL)
		return -ENODEV;
	ret = fpk_eth_dev_stop(dev->data->port_id);
	if (ret)
		FPK_ETHDEV_LOG(WARNING, "port %s: stop failed (%s), closing anyway\n", name,
			       strerror(-ret));
	/* Stop cleared dev_started whatever the driver said, so close cannot be -EBUSY. */
	return fpk_eth_dev_close(dev->data->port_id);
}

int
fpk_eth_dev_reset(uint16_t port_id)
{
	struct fpk_eth_dev *dev;
	int ret;

	GET_DEV_OR_RET(port_id, dev);
	if (dev->dev_ops->dev_reset == NULL)
		return -ENOTSUP;
	ret = fpk_eth_dev_stop(port_id);
	if (ret)
		return ret;
	for (uint16_t q = 0; q < FPK_MAX_QUEUES_PER_PORT; q++) {
		release_rxq(dev, q);
		release_txq(dev, q);
	}
	dev->data->nb_rx_queues = 0;
	dev->data->nb_tx_queues = 0;
	dev->data->dev_configured = 0;
	return dev->dev_ops->dev_reset(dev);
}

int
fpk_eth_stats_get(uint16_t port_id, struct fpk_eth_stats *stats)
{
	struct fpk_eth_dev *dev;
	int ret;

	if (stats == NULL)
		return -EINVAL;
	GET_DEV_OR_RET(port_id, dev);
	memset(stats, 0, sizeof(*stats));
	if (dev->dev_ops->stats_get) {
		ret = dev->dev_ops->stats_get(dev, stats);
		if (ret)
			return ret;
	}
	for (uint16_t q = 0; q < FPK_MAX_QUEUES_PER_PORT; q++)
		stats->rx_nombuf += dev->data->rx_mbuf_alloc_failed[q];
	return 0;
}

int
fpk_eth_stats_reset(uint16_t port_id)
{
	struct fpk_eth_dev *dev;
	int ret = 0;

	GET_DEV_OR_RET(port_id, dev);
	if (dev->dev_ops->stats_reset)
		ret = dev->dev_ops->stats_reset(dev);
	memset(dev->data->rx_mbuf_alloc_failed, 0, sizeof(dev->data->rx_mbuf_alloc_failed));
	return ret;
}

/* Queue q's counters, at byte @off of the PMD's queue object; NULL if not set up. */
static struct fpk_eth_queue_stats *
queue_stats(void *const queues[], uint16_t q, size_t off)
{
	return queues[q] ? FPK_PTR_ADD(queues[q], off) : NULL;
}

void
fpk_eth_queue_stats_get(const struct fpk_eth_dev *dev, size_t rx_off, size_t tx_off,
			struct fpk_eth_stats *stats)
{
	const struct fpk_eth_dev_data *d = dev->data;

	for (uint16_t q = 0; q < d->nb_rx_queues; q++) {
		const struct fpk_eth_queue_stats *qs = queue_stats(d->rx_queues, q, rx_off);

		if (qs == NULL)
			continue;
		stats->q_ipackets[q] += qs->packets;
		stats->q_ibytes[q] += qs->bytes;
		stats->q_errors[q] += qs->errors;
		stats->ipackets += qs->packets;
		stats->ibytes += qs->bytes;
		stats->ierrors += qs->errors;
	}
	for (uint16_t q = 0; q < d->nb_tx_queues; q++) {
		const struct fpk_eth_queue_stats *qs = queue_stats(d->tx_queues, q, tx_off);

		if (qs == NULL)
			continue;
		stats->q_opackets[q] += qs->packets;
		stats->q_obytes[q] += qs->bytes;
		stats->opackets += qs->packets;
		stats->obytes += qs->bytes;
		stats->oerrors += qs->errors;
	}
}

void
fpk_eth_queue_stats_reset(struct fpk_eth_dev *dev, size_t rx_off, size_t tx_off)
{
	for (uint16_t q = 0; q < FPK_MAX_QUEUES_PER_PORT; q++) {
		struct fpk_eth_queue_stats *rx = queue_stats(dev->data->rx_queues, q, rx_off);
		struct fpk_eth_queue_stats *tx = queue_stats(dev->data->tx_queues, q, tx_off);

		if (rx != NULL)
			memset(rx, 0, sizeof(*rx));
		if (tx != NULL)
			memset(tx, 0, sizeof(*tx));
	}
}

void
fpk_eth_reta_table_update(uint16_t *table, const struct fpk_eth_rss_reta_entry64 *reta_conf,
			  uint16_t size)
{
	for (uint16_t i = 0; i < size; i++) {
		const struct fpk_eth_rss_reta_entry64 *g = &reta_conf[i / FPK_ETH_RETA_GROUP_SIZE];
		unsigned int bit = i % FPK_ETH_RETA_GROUP_SIZE;

		if ((g->mask >> bit) & 1)
			table[i] = g->reta[bit];
	}
}

void
fpk_eth_reta_table_query(const uint16_t *table, struct fpk_eth_rss_reta_entry64 *reta_conf,
			 uint16_t size)
{
	for (uint16_t i = 0; i < size; i++) {
		struct fpk_eth_rss_reta_entry64 *g = &reta_conf[i / FPK_ETH_RETA_GROUP_SIZE];
		unsigned int bit = i % FPK_ETH_RETA_GROUP_SIZE;

		if ((g->mask >> bit) & 1)
			g->reta[bit] = table[i];
	}
}

/* Generic xstats, taken from fpk_eth_stats, as DPDK names them. */
static const struct {
	const char *name;
	size_t off;
} basic_xstats[] = {
	{ "rx_good_packets", offsetof(struct fpk_eth_stats, ipackets) },
	{ "tx_good_packets", offsetof(struct fpk_eth_stats, opackets) },
	{ "rx_good_bytes", offsetof(struct fpk_eth_stats, ibytes) },
	{ "tx_good_bytes", offsetof(struct fpk_eth_stats, obytes) },
	{ "rx_missed_errors", offsetof(struct fpk_eth_stats, imissed) },
	{ "rx_errors", offsetof(struct fpk_eth_stats, ierrors) },
	{ "tx_errors", offsetof(struct fpk_eth_stats, oerrors) },
	{ "rx_mbuf_allocation_errors", offsetof(struct fpk_eth_stats, rx_nombuf) },
};
#define NB_BASIC_XSTATS FPK_DIM(basic_xstats)
#define NB_RXQ_XSTATS 3
#define NB_TXQ_XSTATS 2

static unsigned int
generic_xstats_count(const struct fpk_eth_dev *dev)
{
	return (unsigned int)NB_BASIC_XSTATS +
	       NB_RXQ_XSTATS * FPK_MIN(dev->data->nb_rx_queues, FPK_MAX_QUEUES_PER_PORT) +
	       NB_TXQ_XSTATS * FPK_MIN(dev->data->nb_tx_queues, FPK_MAX_QUEUES_PER_PORT);
}

static int
driver_xstats_count(struct fpk_eth_dev *dev)
{
	if (dev->dev_ops->xstats_get_names == NULL)
		return 0;
	return dev->dev_ops->xstats_get_names(dev, NULL, 0);
}

int
fpk_eth_xstats_get_names(uint16_t port_id, struct fpk_eth_xstat_name *names,
			 unsigned int size)
{
	struct fpk_eth_dev *dev;
	unsigned int n = 0, total;
	int drv;

	GET_DEV_OR_RET(port_id, dev);
	drv = driver_xstats_count(dev);
	if (drv < 0)
		return drv;
	total = generic_xstats_count(dev) + (unsigned int)drv;
	if (names == NULL || size < total)
		return (int)total;
	for (size_t i = 0; i < NB_BASIC_XSTATS; i++)
		snprintf(names[n++].name, FPK_ETH_XSTATS_NAME_SIZE, "%s", basic_xstats[i].name);
	for (uint16_t q = 0; q < dev->data->nb_rx_queues; q++) {
		snprintf(names[n++].name, FPK_ETH_XSTATS_NAME_SIZE, "rx_q%u_packets", q);
		snprintf(names[n++].name, FPK_ETH_XSTATS_NAME_SIZE, "rx_q%u_bytes", q);
		snprintf(names[n++].name, FPK_ETH_XSTATS_NAME_SIZE, "rx_q%u_errors", q);
	}
	for (uint16_t q = 0; q < dev->data->nb_tx_queues; q++) {
		snprintf(names[n++].name, FPK_ETH_XSTATS_NAME_SIZE, "tx_q%u_packets", q);
		snprintf(names[n++].name, FPK_ETH_XSTATS_NAME_SIZE, "tx_q%u_bytes", q);
	}
	if (drv > 0)
		dev->dev_ops->xstats_get_names(dev, names + n, (unsigned int)drv);
	return (int)total;
}

int
fpk_eth_xstats_get(uint16_t port_id, struct fpk_eth_xstat *xstats, unsigned int size)
{
	struct fpk_eth_stats st;
	struct fpk_eth_dev *dev;
	unsigned int n = 0, total;
	int drv, ret;

	GET_DEV_OR_RET(port_id, dev);
	drv = driver_xstats_count(dev);
	if (drv < 0)
		return drv;
	total = generic_xstats_count(dev) + (unsigned int)drv;
	if (xstats == NULL || size < total)
		return (int)total;
	ret = fpk_eth_stats_get(port_id, &st);
	if (ret)
		return ret;
	for (size_t i = 0; i < NB_BASIC_XSTATS; i++)
		memcpy(&xstats[n++].value, (const char *)&st + basic_xstats[i].off,
		       sizeof(uint64_t));
	for (uint16_t q = 0; q < dev->data->nb_rx_queues; q++) {
		xstats[n++].value = st.q_ipackets[q];
		xstats[n++].value = st.q_ibytes[q];
		xstats[n++].value = st.q_errors[q];
	}
	for (uint16_t q = 0; q < dev->data->nb_tx_queues; q++) {
		xstats[n++].value = st.q_opackets[q];
		xstats[n++].value = st.q_obytes[q];
	}
	if (drv > 0) {
		ret = dev->dev_ops->xstats_get(dev, xstats + n, (unsigned int)drv);
		if (ret < 0)
			return ret;
	}
	for (unsigned int i = 0; i < total; i++)
		xstats[i].id = i;
	return (int)total;
}

int
fpk_eth_xstats_get_by_name(uint16_t port_id, const char *name, uint64_t *value)
{
	struct fpk_eth_xstat_name *names = NULL;
	struct fpk_eth_xstat *vals = NULL;
	int n, ret = -ENOENT;

	if (name == NULL || value == NULL)
		return -EINVAL;
	n = fpk_eth_xstats_get_names(port_id, NULL, 0);
	if (n <= 0)
		return n < 0 ? n : -ENOENT;
	names = calloc((size_t)n, sizeof(*names));
	vals = calloc((size_t)n, sizeof(*vals));
	if (names == NULL || vals == NULL) {
		ret = -ENOMEM;
		goto out;
	}
	if (fpk_eth_xstats_get_names(port_id, names, (unsigned int)n) != n ||
	    fpk_eth_xstats_get(port_id, vals, (unsigned int)n) != n) {
		ret = -EAGAIN;
		goto out;
	}
	for (int i = 0; i < n; i++) {
		if (strcmp(names[i].name, name) == 0) {
			*value = vals[i].value;
			ret = 0;
			break;
		}
	}
out:
	free(names);
	free(vals);
	return ret;
}

int
fpk_eth_xstats_reset(uint16_t port_id)
{
	struct fpk_eth_dev *dev;
	int ret;

	GET_DEV_OR_RET(port_id, dev);
	ret = fpk_eth_stats_reset(port_id);
	if (ret == 0 && dev->dev_ops->xstats_reset)
		ret = dev->dev_ops->xstats_reset(dev);
	return ret;
}

int
fpk_eth_dev_link_set(struct fpk_eth_dev *dev, const struct fpk_eth_link *link)
{
	struct fpk_eth_link old = dev->data->dev_link;

	dev->data->dev_link = *link;
	return old.link_status != link->link_status || old.link_speed != link->link_speed ||
	       old.link_duplex != link->link_duplex;
}

int
fpk_eth_link_get_nowait(uint16_t port_id, struct fpk_eth_link *link)
{
	struct fpk_eth_dev *dev;

	if (link == NULL)
		return -EINVAL;
	GET_DEV_OR_RET(port_id, dev);
	if (dev->dev_ops->link_update)
		dev->dev_ops->link_update(dev);
	*link = dev->data->dev_link;
	return 0;
}

int
fpk_eth_link_get(uint16_t port_id, struct fpk_eth_link *link)
{
	int ret;

	/* Autonegotiation can take seconds; poll like DPDK's 9 s limit. */
	for (int i = 0; i < 90; i++) {
		ret = fpk_eth_link_get_nowait(port_id, link);
		if (ret || link->link_status == FPK_ETH_LINK_UP)
			return ret;
		fpk_delay_ms_sleep(100);
	}
	return 0;
}

int
fpk_eth_link_to_str(char *str, size_t len, const struct fpk_eth_link *link)
{
	if (str == NULL || link == NULL || len == 0)
		return -EINVAL;
	if (link->link_status == FPK_ETH_LINK_DOWN)
		return snprintf(str, len, "Link down");
	if (link->link_speed == FPK_ETH_SPEED_NUM_UNKNOWN ||
	    link->link_speed == FPK_ETH_SPEED_NUM_NONE)
		return snprintf(str, len, "Link up at Unknown speed %s",
				link->link_duplex ? "FDX" : "HDX");
	if (link->link_speed >= 1000)
		return snprintf(str, len, "Link up at %u Gbps %s %s", link->link_speed / 1000,
				link->link_duplex ? "FDX" : "HDX",
				link->link_autoneg ? "Autoneg" : "Fixed");
	return snprintf(str, len, "Link up at %u Mbps %s %s", link->link_speed,
			link->link_duplex ? "FDX" : "HDX", link->link_autoneg ? "Autoneg" : "Fixed");
}

int
fpk_eth_dev_callback_register(uint16_t port_id, enum fpk_eth_event_type event,
			      fpk_eth_dev_cb_fn cb_fn, void *cb_arg)
{
	struct eth_callback *c;

	if (cb_fn == NULL || event <= FPK_ETH_EVENT_UNKNOWN || event >= FPK_ETH_EVENT_MAX ||
	    (port_id != FPK_MAX_ETHPORTS && !fpk_eth_dev_is_valid_port(port_id)))
		return -EINVAL;
	c = calloc(1, sizeof(*c));
	if (c == NULL)
		return -ENOMEM;
	c->port_id = port_id;
	c->event = event;
	c->fn = cb_fn;
	c->arg = cb_arg;
	pthread_mutex_lock(&cb_lock);
	c->next = callbacks;
	callbacks = c;
	pthread_mutex_unlock(&cb_lock);
	return 0;
}

int
fpk_eth_dev_callback_unregister(uint16_t port_id, enum fpk_eth_event_type event,
				fpk_eth_dev_cb_fn cb_fn, void *cb_arg)
{
	int ret = -ENOENT;

	if (cb_fn == NULL)
		return -EINVAL;
	pthread_mutex_lock(&cb_lock);
	for (struct eth_callback **pp = &callbacks; *pp; pp = &(*pp)->next) {
		struct eth_callback *c = *pp;

		if (c->port_id == port_id && c->event == event && c->fn == cb_fn &&
		    c->arg == cb_arg) {
			*pp = c->next;
			free(c);
			ret = 0;
			break;
		}
	}
	pthread_mutex_unlock(&cb_lock);
	return ret;
}

void
fpk_eth_dev_callback_process(struct fpk_eth_dev *dev, enum fpk_eth_event_type event,
			     void *ret_param)
{
	struct eth_callback todo[32];
	uint16_t port_id = dev->data->port_id;
	unsigned int n = 0;

	/* Call outside the lock, so a callback may (un)register callbacks. */
	pthread_mutex_lock(&cb_lock);
	for (struct eth_callback *c = callbacks; c && n < FPK_DIM(todo); c = c->next)
		if (c->event == event && (c->port_id == port_id || c->port_id == FPK_MAX_ETHPORTS))
			todo[n++] = *c;
	pthread_mutex_unlock(&cb_lock);
	for (unsigned int i = 0; i < n; i++)
		todo[i].fn(port_id, event, todo[i].arg, ret_param);
}

int
fpk_eth_macaddr_get(uint16_t port_id, struct fpk_ether_addr *mac_addr)
{
	struct fpk_eth_dev *dev;

	if (mac_addr == NULL)
		return -EINVAL;
	GET_DEV_OR_RET(port_id, dev);
	*mac_addr = dev->data->mac_addr;
	return 0;
}

const struct fpk_memzone *
fpk_eth_dma_zone_reserve(const struct fpk_eth_dev *dev, const char *ring_name, uint16_t queue_id,
			 size_t size, unsigned int align, int socket_id)
{
	char name[FPK_MEMZONE_NAMESIZE];
	const struct fpk_memzone *mz;

	snprintf(name, sizeof(name), "eth_p%u_%s%u", dev->data->port_id, ring_name, queue_id);
	mz = fpk_memzone_reserve_aligned(name, size, socket_id, FPK_MEMZONE_IOVA_CONTIG, align);
	if (mz == NULL) {
		FPK_ETHDEV_LOG(ERR, "%s: cannot reserve %zu bytes of DMA-contiguous memory for "
			       "%s %u: %s: give the EAL more hugepage memory (-m)\n",
			       dev->data->name, size, ring_name, queue_id, strerror(fpk_errno));
		return NULL;
	}
	return mz;
}

int
fpk_eth_dev_default_mac_addr_set(uint16_t port_id, struct fpk_ether_addr *mac_addr)
{
	struct fpk_eth_dev *dev;
	int ret;

	GET_DEV_OR_RET(port_id, dev);
	if (mac_addr == NULL || !fpk_is_valid_assigned_ether_addr(mac_addr))
		return -EINVAL;
	if (dev->dev_ops->mac_addr_set == NULL)
		return -ENOTSUP;
	ret = dev->dev_ops->mac_addr_set(dev, mac_addr);
	if (ret == 0)
		dev->data->mac_addr = *mac_addr;
	return ret;
}

int
fpk_eth_dev_set_mc_addr_list(uint16_t port_id, const struct fpk_ether_addr *mc_addr_set,
			     uint32_t nb_mc_addr)
{
	struct fpk_eth_dev *dev;

	GET_DEV_OR_RET(port_id, dev);
	if (nb_mc_addr > 0 && mc_addr_set == NULL) {
		FPK_ETHDEV_LOG(ERR, "port %u: %u multicast addresses announced but no list "
			       "given: pass the list, or 0 to empty it\n", port_id, nb_mc_addr);
		return -EINVAL;
	}
	for (uint32_t i = 0; i < nb_mc_addr; i++) {
		if (!fpk_is_multicast_ether_addr(&mc_addr_set[i])) {
			char buf[FPK_ETHER_ADDR_FMT_SIZE];

			fpk_ether_format_addr(buf, sizeof(buf), &mc_addr_set[i]);
			FPK_ETHDEV_LOG(ERR, "port %u: address %u of the multicast list, %s, is not "
				       "multicast: give addresses whose first byte is odd\n",
				       port_id, i, buf);
			return -EINVAL;
		}
	}
	if (dev->dev_ops->set_mc_addr_list == NULL)
		return -ENOTSUP;
	return dev->dev_ops->set_mc_addr_list(dev, mc_addr_set, nb_mc_addr);
}

/* Promiscuous and all-multicast share one shape: the op, then the flag. */
#define MODE_FN(fname, op, field, on)                                     \
int fname(uint16_t port_id)                                               \
{                                                                         \
	struct fpk_eth_dev *dev;                                          \
	int ret;                                                          \
	GET_DEV_OR_RET(port_id, dev);                                     \
	if (dev->data->field == (on))                                     \
		return 0;                                                 \
	if (dev->dev_ops->op == NULL)                                     \
		return -ENOTSUP;                                          \
	ret = dev->dev_ops->op(dev);                                      \
	if (ret == 0)                                                     \
		dev->data->field = (on);                                  \
	return ret;                                                       \
}

MODE_FN(fpk_eth_promiscuous_enable, promiscuous_enable, promiscuous, 1)
MODE_FN(fpk_eth_promiscuous_disable, promiscuous_disable, promiscuous, 0)
MODE_FN(fpk_eth_allmulticast_enable, allmulticast_enable, all_multicast, 1)
MODE_FN(fpk_eth_allmulticast_disable, allmulticast_disable, all_multicast, 0)

int
fpk_eth_promiscuous_get(uint16_t port_id)
{
	struct fpk_eth_dev *dev;

	GET_DEV_OR_RET(port_id, dev);
	return dev->data->promiscuous;
}

int
fpk_eth_allmulticast_get(uint16_t port_id)
{
	struct fpk_eth_dev *dev;

	GET_DEV_OR_RET(port_id, dev);
	return dev->data->all_multicast;
}

int
fpk_eth_noop_rx_mode(struct fpk_eth_dev *dev)
{
	(void)dev;
	return 0;
}

int
fpk_eth_noop_mac_addr_set(struct fpk_eth_dev *dev, struct fpk_ether_addr *addr)
{
	(void)dev;
	(void)addr;
	return 0;
}

int
fpk_eth_noop_mtu_set(struct fpk_eth_dev *dev, uint16_t mtu)
{
	(void)dev;
	(void)mtu;
	return 0;
}

int
fpk_eth_noop_set_mc_addr_list(struct fpk_eth_dev *dev, const struct fpk_ether_addr *list,
			      uint32_t nb)
{
	(void)dev;
	(void)list;
	(void)nb;
	return 0;
}

void
fpk_eth_rx_queue_release_free(struct fpk_eth_dev *dev, uint16_t qid)
{
	fpk_free(dev->data->rx_queues[qid]);
}

void
fpk_eth_tx_queue_release_free(struct fpk_eth_dev *dev, uint16_t qid)
{
	fpk_free(dev->data->tx_queues[qid]);
}

static int
link_up_down(uint16_t port_id, bool up)
{
	struct fpk_eth_dev *dev;
	int (*op)(struct fpk_eth_dev *dev);

	GET_DEV_OR_RET(port_id, dev);
	op = up ? dev->dev_ops->dev_set_link_up : dev->dev_ops->dev_set_link_down;
	return op ? op(dev) : -ENOTSUP;
}

int
fpk_eth_dev_set_link_up(uint16_t port_id)
{
	return link_up_down(port_id, true);
}

int
fpk_eth_dev_set_link_down(uint16_t port_id)
{
	return link_up_down(port_id, false);
}

int
fpk_eth_dev_set_mtu(uint16_t port_id, uint16_t mtu)
{
	struct fpk_eth_dev_info info;
	struct fpk_eth_dev *dev;
	int ret;

	GET_DEV_OR_RET(port_id, dev);
	ret = fpk_eth_dev_info_get(port_id, &info);
	if (ret)
		return ret;
	if (mtu < info.min_mtu || mtu > info.max_mtu) {
		FPK_ETHDEV_LOG(ERR, "port %u: MTU %u outside %u..%u\n", port_id, mtu,
			       info.min_mtu, info.max_mtu);
		return -EINVAL;
	}
	if (dev->dev_ops->mtu_set == NULL)
		return -ENOTSUP;
	ret = dev->dev_ops->mtu_set(dev, mtu);
	if (ret == 0)
		dev->data->mtu = mtu;
	return ret;
}

int
fpk_eth_dev_get_mtu(uint16_t port_id, uint16_t *mtu)
{
	struct fpk_eth_dev *dev;

	if (mtu == NULL)
		return -EINVAL;
	GET_DEV_OR_RET(port_id, dev);
	*mtu = dev->data->mtu;
	return 0;
}

/*
 * What RETA update and query check alike, after the port: a table given,
 * the port has one and @reta_size is its size, and the groups select at
 * least one entry. @return 0, or the negative errno (logged).
 */
static int
reta_check(uint16_t port_id, const struct fpk_eth_rss_reta_entry64 *reta_conf,
	   uint16_t reta_size)
{
	struct fpk_eth_dev_info info;
	uint16_t nb_groups;
	int ret;

	if (reta_conf == NULL) {
		FPK_ETHDEV_LOG(ERR, "port %u: RSS redirection table: reta_conf is NULL, give "
			       "(dev_info.reta_size + 63) / 64 groups\n", port_id);
		return -EINVAL;
	}
	ret = fpk_eth_dev_info_get(port_id, &info);
	if (ret)
		return ret;
	if (info.reta_size == 0) {
		FPK_ETHDEV_LOG(ERR, "port %u has no RSS redirection table (dev_info.reta_size is "
			       "0): spread packets over queues on a port that has one\n", port_id);
		return -ENOTSUP;
	}
	if (reta_size != info.reta_size) {
		FPK_ETHDEV_LOG(ERR, "port %u: reta_size %u given, its RSS redirection table has %u "
			       "entries: give dev_info.reta_size\n", port_id, reta_size,
			       info.reta_size);
		return -EINVAL;
	}
	nb_groups = (uint16_t)((reta_size + FPK_ETH_RETA_GROUP_SIZE - 1) / FPK_ETH_RETA_GROUP_SIZE);
	for (uint16_t g = 0; g < nb_groups; g++)
		if (reta_conf[g].mask != 0)
			return 0;
	FPK_ETHDEV_LOG(ERR, "port %u: no RSS redirection table entry selected: set the mask bits "
		       "of the entries wanted in the %u groups\n", port_id, nb_groups);
	return -EINVAL;
}

/* RSS settings change only in RSS mode, as in DPDK. @return 0, or -ENOTSUP (logged). */
static int
rss_mode_check(const struct fpk_eth_dev *dev)
{
	if (dev->data->dev_conf.rxmode.mq_mode == FPK_ETH_MQ_RX_RSS)
		return 0;
	FPK_ETHDEV_LOG(ERR, "port %u is not in RSS mode: configure it with rxmode.mq_mode "
		       "FPK_ETH_MQ_RX_RSS first\n", dev->data->port_id);
	return -ENOTSUP;
}

int
fpk_eth_dev_rss_reta_update(uint16_t port_id, struct fpk_eth_rss_reta_entry64 *reta_conf,
			    uint16_t reta_size)
{
	struct fpk_eth_dev *dev;
	uint16_t nb_rxq;
	int ret;

	GET_DEV_OR_RET(port_id, dev);
	ret = reta_check(port_id, reta_conf, reta_size);
	if (ret)
		return ret;
	nb_rxq = dev->data->nb_rx_queues;
	for (uint16_t i = 0; i < reta_size; i++) {
		const struct fpk_eth_rss_reta_entry64 *grp = &reta_conf[i / FPK_ETH_RETA_GROUP_SIZE];
		unsigned int bit = i % FPK_ETH_RETA_GROUP_SIZE;

		if (((grp->mask >> bit) & 1) && grp->reta[bit] >= nb_rxq) {
			FPK_ETHDEV_LOG(ERR, "port %u: RSS redirection table entry %u (group %u, bit "
				       "%u) names rx queue %u, the port has %u rx queues: name a "
				       "configured queue, or configure more\n", port_id, i,
				       i / FPK_ETH_RETA_GROUP_SIZE, bit, grp->reta[bit], nb_rxq);
			return -EINVAL;
		}
	}
	ret = rss_mode_check(dev);
	if (ret)
		return ret;
	if (dev->dev_ops->reta_update == NULL) {
		FPK_ETHDEV_LOG(ERR, "port %u: its driver cannot change the RSS redirection table: "
			       "the device's own table stays\n", port_id);
		return -ENOTSUP;
	}
	return dev->dev_ops->reta_update(dev, reta_conf, reta_size);
}

int
fpk_eth_dev_rss_reta_query(uint16_t port_id, struct fpk_eth_rss_reta_entry64 *reta_conf,
			   uint16_t reta_size)
{
	struct fpk_eth_dev *dev;
	int ret;

	GET_DEV_OR_RET(port_id, dev);
	ret = reta_check(port_id, reta_conf, reta_size);
	if (ret)
		return ret;
	if (dev->dev_ops->reta_query == NULL) {
		FPK_ETHDEV_LOG(ERR, "port %u: its driver cannot read the RSS redirection table: "
			       "keep a copy of what was written\n", port_id);
		return -ENOTSUP;
	}
	return dev->dev_ops->reta_query(dev, reta_conf, reta_size);
}

/*
 * @rss_conf is given and the port has an RSS hash; fills @info.
 * @return 0, or the negative errno (logged).
 */
static int
rss_args_check(uint16_t port_id, const struct fpk_eth_rss_conf *rss_conf,
	       struct fpk_eth_dev_info *info)
{
	int ret;

	if (rss_conf == NULL) {
		FPK_ETHDEV_LOG(ERR, "port %u: rss_conf is NULL: give an RSS configuration\n",
			       port_id);
		return -EINVAL;
	}
	ret = fpk_eth_dev_info_get(port_id, info);
	if (ret)
		return ret;
	if (info->hash_key_size == 0) {
		FPK_ETHDEV_LOG(ERR, "port %u has no RSS hash (dev_info.hash_key_size is 0): spread "
			       "packets over queues on a port that has one\n", port_id);
		return -ENOTSUP;
	}
	return 0;
}

int
fpk_eth_dev_rss_hash_update(uint16_t port_id, struct fpk_eth_rss_conf *rss_conf)
{
	struct fpk_eth_dev_info info;
	struct fpk_eth_dev *dev;
	int ret;

	GET_DEV_OR_RET(port_id, dev);
	ret = rss_args_check(port_id, rss_conf, &info);
	if (ret)
		return ret;
	if (check_bits(port_id, "RSS hash fields", rss_conf->rss_hf, info.flow_type_rss_offloads))
		return -EINVAL;
	ret = rss_key_check(port_id, rss_conf, info.hash_key_size);
	if (ret)
		return ret;
	ret = rss_mode_check(dev);
	if (ret)
		return ret;
	if (dev->dev_ops->rss_hash_update == NULL) {
		FPK_ETHDEV_LOG(ERR, "port %u: its driver cannot change the RSS hash: set it when "
			       "configuring (rx_adv_conf.rss_conf)\n", port_id);
		return -ENOTSUP;
	}
	ret = dev->dev_ops->rss_hash_update(dev, rss_conf);
	if (ret == 0)
		rss_conf_record(dev, rss_conf);
	return ret;
}

int
fpk_eth_dev_rss_hash_conf_get(uint16_t port_id, struct fpk_eth_rss_conf *rss_conf)
{
	const struct fpk_eth_rss_conf *cur;
	struct fpk_eth_dev_info info;
	struct fpk_eth_dev *dev;
	int ret;

	GET_DEV_OR_RET(port_id, dev);
	ret = rss_args_check(port_id, rss_conf, &info);
	if (ret)
		return ret;
	if (rss_conf->rss_key != NULL && rss_conf->rss_key_len < info.hash_key_size) {
		FPK_ETHDEV_LOG(ERR, "port %u: room for %u bytes of RSS key, the key has %u "
			       "(dev_info.hash_key_size): make rss_key_len at least that, or "
			       "rss_key NULL\n", port_id, rss_conf->rss_key_len, info.hash_key_size);
		return -EINVAL;
	}
	if (dev->dev_ops->rss_hash_conf_get != NULL) {
		ret = dev->dev_ops->rss_hash_conf_get(dev, rss_conf);
		if (ret == 0 && rss_conf->rss_key != NULL)
			rss_conf->rss_key_len = info.hash_key_size;
		return ret;
	}
	/*
	 * Without the driver's getter, what ethdev recorded; a driver's default
	 * key it never saw is on record as 0 bytes.
	 */
	cur = &dev->data->dev_conf.rx_adv_conf.rss_conf;
	rss_conf->rss_hf = cur->rss_hf;
	if (rss_conf->rss_key != NULL) {
		rss_conf->rss_key_len = cur->rss_key_len;
		if (cur->rss_key != NULL)
			memcpy(rss_conf->rss_key, cur->rss_key, cur->rss_key_len);
	}
	return 0;
}

int
fpk_eth_tx_buffer_init(struct fpk_eth_dev_tx_buffer *buffer, uint16_t size)
{
	if (buffer == NULL || size == 0)
		return -EINVAL;
	buffer->size = size;
	buffer->length = 0;
	buffer->error_callback = fpk_eth_tx_buffer_drop_callback;
	buffer->error_userdata = NULL;
	return 0;
}

int
fpk_eth_tx_buffer_set_err_callback(struct fpk_eth_dev_tx_buffer *buffer,
				   fpk_eth_tx_buffer_error_fn callback, void *userdata)
{
	if (buffer == NULL || callback == NULL)
		return -EINVAL;
	buffer->error_callback = callback;
	buffer->error_userdata = userdata;
	return 0;
}

void
fpk_eth_tx_buffer_drop_callback(struct fpk_mbuf **pkts, uint16_t unsent, void *userdata)
{
	(void)userdata;
	for (uint16_t i = 0; i < unsent; i++)
		fpk_pktmbuf_free(pkts[i]);
}

void
fpk_eth_tx_buffer_count_callback(struct fpk_mbuf **pkts, uint16_t unsent, void *userdata)
{
	fpk_eth_tx_buffer_drop_callback(pkts, unsent, NULL);
	*(uint64_t *)userdata += unsent;
}
