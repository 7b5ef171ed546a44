/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The driver side of ethdev: what a PMD fills in and calls. Applications
 * never include this; drivers never touch fpk_eth_fp_ops directly.
 *
 * Life of a port: the driver's probe calls fpk_eth_dev_allocate(), fills
 * dev->dev_ops, dev->rx_pkt_burst/tx_pkt_burst and dev->data (MAC address,
 * link), then fpk_eth_dev_probing_finish(). The library calls the ops for
 * configure/queue setup/start/stop/close; on close it releases the queues
 * through the ops and then the port.
 */
#ifndef FPK_ETHDEV_DRIVER_H
#define FPK_ETHDEV_DRIVER_H

#include "fpk_ethdev.h"
#include "fpk_log.h"

#ifdef __cplusplus
extern "C" {
#endif

struct fpk_eth_dev;

/** Shared state of a port; the driver reads the configuration from here. */
struct fpk_eth_dev_data {
	char name[FPK_ETH_NAME_MAX_LEN];
	uint16_t port_id;
	uint16_t nb_rx_queues;
	uint16_t nb_tx_queues;
	uint16_t mtu;
	void *rx_queues[FPK_MAX_QUEUES_PER_PORT]; /**< driver's queue objects */
	void *tx_queues[FPK_MAX_QUEUES_PER_PORT];
	struct fpk_eth_conf dev_conf;
	struct fpk_eth_link dev_link;
	struct fpk_ether_addr mac_addr;
	uint8_t promiscuous;
	uint8_t all_multicast;
	uint8_t dev_started;
	uint8_t dev_configured;
	int numa_node;                   /**< FPK_SOCKET_ID_ANY if unknown */
	/**
	 * mbufs rx queue q could not get from its pool, in element q: the PMD
	 * adds to it where rx allocates or refills. One element per queue, so
	 * each has one writer (the lcore polling the queue) and needs no
	 * atomics. ethdev reports the sum as rx_nombuf.
	 */
	uint64_t rx_mbuf_alloc_failed[FPK_MAX_QUEUES_PER_PORT];
	void *dev_private;               /**< driver state, priv_size bytes, zeroed */
};

struct fpk_eth_dev_ops {
	int (*dev_configure)(struct fpk_eth_dev *dev);
	int (*dev_infos_get)(struct fpk_eth_dev *dev, struct fpk_eth_dev_info *info);
	int (*dev_start)(struct fpk_eth_dev *dev);
	/** Must leave the device with no DMA in flight into queue memory. */
	int (*dev_stop)(struct fpk_eth_dev *dev);
	/** Release driver resources other than queues (queues are released first). */
	int (*dev_close)(struct fpk_eth_dev *dev);
	int (*dev_reset)(struct fpk_eth_dev *dev);

	int (*rx_queue_setup)(struct fpk_eth_dev *dev, uint16_t qid, uint16_t nb_desc,
			      unsigned int socket_id, const struct fpk_eth_rxconf *conf,
			      struct fpk_mempool *mp);
	void (*rx_queue_release)(struct fpk_eth_dev *dev, uint16_t qid);
	int (*tx_queue_setup)(struct fpk_eth_dev *dev, uint16_t qid, uint16_t nb_desc,
			      unsigned int socket_id, const struct fpk_eth_txconf *conf);
	void (*tx_queue_release)(struct fpk_eth_dev *dev, uint16_t qid);

	/** Refresh dev->data->dev_link, without waiting; @return 0 if unchanged, 1 if changed. */
	int (*link_update)(struct fpk_eth_dev *dev);
	/**
	 * Fill what the driver counts (fpk_eth_queue_stats_get() sums software
	 * queue counters); the library adds rx_mbuf_alloc_failed.
	 */
	int (*stats_get)(struct fpk_eth_dev *dev, struct fpk_eth_stats *stats);
	int (*stats_reset)(struct fpk_eth_dev *dev);
	/** Driver-specific xstats, appended after the generic ones. */
	int (*xstats_get_names)(struct fpk_eth_dev *dev, struct fpk_eth_xstat_name *names,
				unsigned int size);
	int (*xstats_get)(struct fpk_eth_dev *dev, struct fpk_eth_xstat *xstats,
			  unsigned int n);
	int (*xstats_reset)(struct fpk_eth_dev *dev);

	int (*promiscuous_enable)(struct fpk_eth_dev *dev);
	int (*promiscuous_disable)(struct fpk_eth_dev *dev);
	int (*allmulticast_enable)(struct fpk_eth_dev *dev);
	int (*allmulticast_disable)(struct fpk_eth_dev *dev);
	int (*mac_addr_set)(struct fpk_eth_dev *dev, struct fpk_ether_addr *addr);
	int (*mtu_set)(struct fpk_eth_dev *dev, uint16_t mtu);
};

struct fpk_eth_dev {
	fpk_eth_rx_burst_t rx_pkt_burst;
	fpk_eth_tx_burst_t tx_pkt_burst;
	const struct fpk_eth_dev_ops *dev_ops;
	struct fpk_eth_dev_data *data;
	bool in_use;
};

/**
 * Create a port named @name with @priv_size bytes of zeroed driver state
 * (data->dev_private).
 * @return the port, or NULL with fpk_errno EEXIST (name taken), ENOSPC (all
 *   FPK_MAX_ETHPORTS ports in use), ENOMEM, EINVAL (bad name).
 */
struct fpk_eth_dev *fpk_eth_dev_allocate(const char *name, size_t priv_size);
/** Publish a fully set-up port: applications can use it from now on. */
void fpk_eth_dev_probing_finish(struct fpk_eth_dev *dev);
/** Free a port's id and state (after close, or when probing fails). */
int fpk_eth_dev_release_port(struct fpk_eth_dev *dev);
/**
 * Stop (if started) and close the port named @name: what a vdev driver's
 * remove does.
 * @return 0; -ENODEV if no port has that name (the application closed it
 *   already); the driver's close error.
 */
int fpk_eth_dev_close_by_name(const char *name);
/** The port with id @port_id, or NULL. */
struct fpk_eth_dev *fpk_eth_dev_get(uint16_t port_id);
/** The port named @name, or NULL. */
struct fpk_eth_dev *fpk_eth_dev_get_by_name(const char *name);
/** Run the callbacks registered for @event on @dev. */
void fpk_eth_dev_callback_process(struct fpk_eth_dev *dev, enum fpk_eth_event_type event,
				  void *ret_param);
/**
 * Store a new link state; @return 1 if it differs from the previous one.
 * Drivers call this from link_update and from interrupt handlers, then
 * fpk_eth_dev_callback_process(dev, FPK_ETH_EVENT_INTR_LSC, NULL) on change.
 */
int fpk_eth_dev_link_set(struct fpk_eth_dev *dev, const struct fpk_eth_link *link);

/** The ethdev library's own messages ("ETHDEV: ..."). */
#define FPK_ETHDEV_LOG(level, ...) FPK_LOG(level, ETHDEV, __VA_ARGS__)

/* ---- what every PMD needs ------------------------------------------------ */

/**
 * Give PMD @drv its log type, registered as "pmd.net.@drv" before main() so
 * --log-level patterns apply to it: FPK_PMD_LOG_REGISTER(null); defines int
 * null_logtype. With it, a PMD defines its log macro in one line:
 *   #define NULL_LOG(level, ...) FPK_PMD_LOG(null, level, __VA_ARGS__)
 * (a macro cannot define another, so that line stays the PMD's).
 */
#define FPK_PMD_LOG_REGISTER(drv)                                               \
	extern int drv ## _logtype;                                             \
	__attribute__((constructor)) static void drv ## _logtype_register(void) \
	{                                                                       \
		drv ## _logtype = fpk_log_register("pmd.net." #drv);            \
	}                                                                       \
	int drv ## _logtype

/** Log at FPK_LOG_@level with the type FPK_PMD_LOG_REGISTER(@drv) made. */
#define FPK_PMD_LOG(drv, level, ...) fpk_log(FPK_LOG_ ## level, drv ## _logtype, __VA_ARGS__)

/**
 * Software counters of one rx or tx queue, kept in the PMD's queue object.
 * Only the lcore polling the queue writes them, so burst functions add to
 * them plainly; fpk_eth_queue_stats_get() reads them unsynchronised
 * (aligned 64-bit loads do not tear on FPK's targets).
 */
struct fpk_eth_queue_stats {
	uint64_t packets;
	uint64_t bytes;
	uint64_t errors; /**< rx: frames the driver dropped; tx: packets dropped unsent */
};

/**
 * For a PMD's stats_get: add the counters of every queue set up to @stats,
 * per queue (q_ipackets, q_ibytes, q_errors; q_opackets, q_obytes) and to the
 * port totals (ipackets, ibytes, ierrors; opackets, obytes, oerrors). Queue
 * q's counters are the struct fpk_eth_queue_stats at byte @rx_off of the
 * object dev->data->rx_queues[q] points to (@tx_off for tx queues).
 */
void fpk_eth_queue_stats_get(const struct fpk_eth_dev *dev, size_t rx_off, size_t tx_off,
			     struct fpk_eth_stats *stats);
/** For a PMD's stats_reset: zero what fpk_eth_queue_stats_get() reads. */
void fpk_eth_queue_stats_reset(struct fpk_eth_dev *dev, size_t rx_off, size_t tx_off);

/**
 * The promiscuous_enable/_disable and allmulticast_enable/_disable op of a
 * port with no receive filter (a virtual port without a wire): it accepts
 * the mode and changes nothing, ethdev records it, so applications written
 * for NICs run unchanged. @return 0.
 */
int fpk_eth_noop_rx_mode(struct fpk_eth_dev *dev);
/** The mac_addr_set op of a port no address filter stands behind, as above. @return 0. */
int fpk_eth_noop_mac_addr_set(struct fpk_eth_dev *dev, struct fpk_ether_addr *addr);
/** The mtu_set op of a port that takes any MTU in dev_info's min_mtu..max_mtu. @return 0. */
int fpk_eth_noop_mtu_set(struct fpk_eth_dev *dev, uint16_t mtu);

#ifdef __cplusplus
}
#endif

#endif /* FPK_ETHDEV_DRIVER_H */
