/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * The driver side of ethdev: what a poll-mode driver (PMD) fills in and
 * calls.
 *
 * Part of the driver SDK: `#include <driver/fpk_ethdev_driver.h>`.
 * Applications never include it; drivers never touch ethdev's fast-path
 * table directly, ethdev fills it from struct fpk_eth_dev on start.
 *
 * Life of a port: the driver's probe calls fpk_eth_dev_allocate(), fills
 * dev->dev_ops, dev->rx_pkt_burst and dev->tx_pkt_burst and dev->data (MAC
 * address, link, NUMA node), then calls fpk_eth_dev_probing_finish(). The
 * library calls the ops for configure, queue setup, start, stop and close;
 * on close it releases the queues through the ops, calls dev_close and then
 * releases the port. A vdev driver's remove is fpk_eth_dev_close_by_name()
 * itself when it has nothing else to undo.
 *
 * What every PMD needs besides: a log type of its own
 * (FPK_PMD_LOG_REGISTER(), FPK_PMD_LOG()), software queue counters that
 * ethdev sums into the statistics (struct fpk_eth_queue_stats), and ready
 * no-op ops for ports with no receive filter or MTU to program.
 */
#ifndef FPK_ETHDEV_DRIVER_H
#define FPK_ETHDEV_DRIVER_H

#include "fpk_ethdev.h"
#include "fpk_lcore.h"
#include "fpk_log.h"
#include "fpk_memzone.h"

#ifdef __cplusplus
extern "C" {
#endif

struct fpk_eth_dev;

/**
 * Shared state of a port; the driver reads the configuration from here.
 * ethdev writes the fields the application sets; the driver writes the
 * queue pointers, the link state (through fpk_eth_dev_link_set()), and at
 * probe the MAC address and the NUMA node.
 */
struct fpk_eth_dev_data {
	char name[FPK_ETH_NAME_MAX_LEN]; /**< the name given to fpk_eth_dev_allocate() */
	uint16_t port_id;                /**< the port's id */
	uint16_t nb_rx_queues;           /**< rx queues configured */
	uint16_t nb_tx_queues;           /**< tx queues configured */
	uint16_t mtu;                    /**< current MTU (FPK_ETHER_MTU at allocation) */
	void *rx_queues[FPK_MAX_QUEUES_PER_PORT]; /**< PMD's queue objects, NULL if not set up */
	void *tx_queues[FPK_MAX_QUEUES_PER_PORT]; /**< the same, for the tx queues */
	/**
	 * As given to fpk_eth_dev_configure(), but for rx_adv_conf.rss_conf: the
	 * RSS configuration in force, all zeros unless rxmode.mq_mode is
	 * FPK_ETH_MQ_RX_RSS, which fpk_eth_dev_rss_hash_update() changes. Its
	 * rss_key is NULL (the driver's default key) or points at rss_key below.
	 */
	struct fpk_eth_conf dev_conf;
	struct fpk_eth_link dev_link;    /**< current link state */
	struct fpk_ether_addr mac_addr;  /**< MAC address: the driver sets it at probe */
	uint8_t promiscuous;             /**< 1 if promiscuous mode is on */
	uint8_t all_multicast;           /**< 1 if all-multicast mode is on */
	uint8_t dev_started;             /**< 1 if the port is started */
	uint8_t dev_configured;          /**< 1 once fpk_eth_dev_configure() has succeeded */
	int numa_node;                   /**< FPK_SOCKET_ID_ANY if unknown */
	/**
	 * mbufs rx queue q could not get from its pool, in element q: the PMD
	 * adds to it where rx allocates or refills. One element per queue, so
	 * each has one writer (the lcore polling the queue) and needs no
	 * atomics. ethdev reports the sum as rx_nombuf.
	 */
	uint64_t rx_mbuf_alloc_failed[FPK_MAX_QUEUES_PER_PORT];
	/**
	 * FPK_ETH_QUEUE_STATE_* of each rx queue. ethdev writes it, drivers
	 * read it: before dev_start runs, STARTED for the queues to start and
	 * STOPPED for those set up with rx_deferred_start; after a queue
	 * start or stop op succeeded; STOPPED for all after dev_stop.
	 */
	uint8_t rx_queue_state[FPK_MAX_QUEUES_PER_PORT];
	/** The same, for the tx queues. */
	uint8_t tx_queue_state[FPK_MAX_QUEUES_PER_PORT];
	/** 1: rx queue q was set up with rx_deferred_start. */
	uint8_t rx_deferred_start[FPK_MAX_QUEUES_PER_PORT];
	/** 1: tx queue q was set up with tx_deferred_start. */
	uint8_t tx_deferred_start[FPK_MAX_QUEUES_PER_PORT];
	/** What rx queue q was set up with, for fpk_eth_rx_queue_info_get(). */
	struct fpk_eth_rxconf rx_queue_conf[FPK_MAX_QUEUES_PER_PORT];
	/** What tx queue q was set up with, for fpk_eth_tx_queue_info_get(). */
	struct fpk_eth_txconf tx_queue_conf[FPK_MAX_QUEUES_PER_PORT];
	/** The mbuf pool of rx queue q. */
	struct fpk_mempool *rx_queue_mp[FPK_MAX_QUEUES_PER_PORT];
	/** Descriptors of rx queue q, the default applied. */
	uint16_t rx_queue_nb_desc[FPK_MAX_QUEUES_PER_PORT];
	/** Descriptors of tx queue q, the default applied. */
	uint16_t tx_queue_nb_desc[FPK_MAX_QUEUES_PER_PORT];
	/**
	 * ethdev's copy of the RSS key last given (configure or hash update),
	 * dev_conf.rx_adv_conf.rss_conf.rss_key_len bytes: the application's
	 * buffer may be gone when the driver reads the key.
	 */
	uint8_t rss_key[UINT8_MAX];
	void *dev_private;               /**< driver state, priv_size bytes, zeroed */
};

/**
 * What a driver does for ethdev. ethdev makes the checks fpk_ethdev.h
 * documents (port, state, limits from dev_infos_get) before calling an op.
 * dev_infos_get, dev_start, rx_queue_setup and tx_queue_setup are
 * required; an op left NULL is skipped, or makes the application's call
 * fail with -ENOTSUP where that is said below. Unless said otherwise, ops
 * returning int return 0 or a negative errno, which the application's call
 * returns.
 */
struct fpk_eth_dev_ops {
	/**
	 * Optional: act on the new dev->data->dev_conf and queue counts, the
	 * last step of fpk_eth_dev_configure().
	 */
	int (*dev_configure)(struct fpk_eth_dev *dev);
	/**
	 * Required: fill in what the device can do. ethdev's defaults are in
	 * place; ethdev then caps the queue counts at FPK_MAX_QUEUES_PER_PORT.
	 */
	int (*dev_infos_get)(struct fpk_eth_dev *dev, struct fpk_eth_dev_info *info);
	/**
	 * Required: start the device, whose configured queues are all set up;
	 * on success ethdev installs the burst functions. A driver with
	 * rx_queue_start/tx_queue_start leaves the queues whose
	 * data->rx_queue_state/tx_queue_state is STOPPED (deferred start)
	 * stopped; ethdev set the states before this call and sets them all
	 * STOPPED again if it fails.
	 */
	int (*dev_start)(struct fpk_eth_dev *dev);
	/**
	 * Optional: stop the device. Must leave the device with no DMA in
	 * flight into queue memory. ethdev has switched the port's bursts off
	 * before, and counts the port stopped whatever this returns.
	 */
	int (*dev_stop)(struct fpk_eth_dev *dev);
	/**
	 * Optional: release driver resources other than queues (queues are
	 * released first); ethdev releases the port after it, whatever it
	 * returns.
	 */
	int (*dev_close)(struct fpk_eth_dev *dev);
	/**
	 * Optional (NULL: -ENOTSUP): reset the device to its state after
	 * probe; the port is stopped and has no queues.
	 */
	int (*dev_reset)(struct fpk_eth_dev *dev);

	/**
	 * Required: set up rx queue qid of the port, which is stopped (any
	 * queue that was set up with this id is released first) and store the
	 * queue object in dev->data->rx_queues[qid]. nb_desc is within
	 * dev_info.rx_desc_lim (the default is applied), conf is never NULL,
	 * and the mbufs of mp are large enough (dev_info.min_rx_bufsize).
	 */
	int (*rx_queue_setup)(struct fpk_eth_dev *dev, uint16_t qid, uint16_t nb_desc,
			      unsigned int socket_id, const struct fpk_eth_rxconf *conf,
			      struct fpk_mempool *mp);
	/** Optional: free rx queue qid, which is set up; ethdev then clears rx_queues[qid]. */
	void (*rx_queue_release)(struct fpk_eth_dev *dev, uint16_t qid);
	/** Required: as rx_queue_setup, for tx queue qid and dev->data->tx_queues[qid]. */
	int (*tx_queue_setup)(struct fpk_eth_dev *dev, uint16_t qid, uint16_t nb_desc,
			      unsigned int socket_id, const struct fpk_eth_txconf *conf);
	/** Optional: free tx queue qid, which is set up; ethdev then clears tx_queues[qid]. */
	void (*tx_queue_release)(struct fpk_eth_dev *dev, uint16_t qid);
	/**
	 * Optional (NULL: -ENOTSUP, and rx_deferred_start is refused at queue
	 * setup): start rx queue qid of the started port, which is set up and
	 * stopped. ethdev marks it STARTED on success; the driver need not.
	 */
	int (*rx_queue_start)(struct fpk_eth_dev *dev, uint16_t qid);
	/**
	 * Optional (NULL: -ENOTSUP): stop rx queue qid, which is set up and
	 * started, so the device no longer writes into its memory; ethdev marks
	 * it STOPPED on success.
	 */
	int (*rx_queue_stop)(struct fpk_eth_dev *dev, uint16_t qid);
	/** Optional (NULL: -ENOTSUP, tx_deferred_start refused): as rx_queue_start. */
	int (*tx_queue_start)(struct fpk_eth_dev *dev, uint16_t qid);
	/** Optional (NULL: -ENOTSUP): as rx_queue_stop, for tx queue qid. */
	int (*tx_queue_stop)(struct fpk_eth_dev *dev, uint16_t qid);

	/**
	 * Optional (NULL: -ENOTSUP): bring the link up by hand, recording it
	 * with fpk_eth_dev_link_set().
	 */
	int (*dev_set_link_up)(struct fpk_eth_dev *dev);
	/** Optional (NULL: -ENOTSUP): take the link down by hand, as dev_set_link_up. */
	int (*dev_set_link_down)(struct fpk_eth_dev *dev);
	/**
	 * Refresh dev->data->dev_link with fpk_eth_dev_link_set(), without
	 * waiting, and return what it returned: 1 if the link changed, else 0
	 * (ethdev ignores it). Optional: without it the link state is what
	 * the driver last stored.
	 */
	int (*link_update)(struct fpk_eth_dev *dev);
	/**
	 * Optional: fill what the driver counts (fpk_eth_queue_stats_get() sums
	 * software queue counters) into stats, which ethdev zeroed; the library
	 * adds rx_mbuf_alloc_failed.
	 */
	int (*stats_get)(struct fpk_eth_dev *dev, struct fpk_eth_stats *stats);
	/** Optional: zero what stats_get reads; ethdev zeroes rx_mbuf_alloc_failed[] itself. */
	int (*stats_reset)(struct fpk_eth_dev *dev);
	/**
	 * Driver-specific xstats, appended after the generic ones. Optional.
	 * Called with names NULL and size 0 to count them; return their
	 * number (or a negative errno), and write them only if size is at
	 * least that.
	 */
	int (*xstats_get_names)(struct fpk_eth_dev *dev, struct fpk_eth_xstat_name *names,
				unsigned int size);
	/**
	 * Required with xstats_get_names: their values, in the same order
	 * (ethdev sets the ids); return their number or a negative errno.
	 */
	int (*xstats_get)(struct fpk_eth_dev *dev, struct fpk_eth_xstat *xstats,
			  unsigned int n);
	/** Optional: zero the driver's xstats, called after stats_reset succeeded. */
	int (*xstats_reset)(struct fpk_eth_dev *dev);

	/** Optional (NULL: -ENOTSUP): turn promiscuous mode on; not called when it is on. */
	int (*promiscuous_enable)(struct fpk_eth_dev *dev);
	/** Optional (NULL: -ENOTSUP): turn promiscuous mode off; not called when it is off. */
	int (*promiscuous_disable)(struct fpk_eth_dev *dev);
	/** Optional (NULL: -ENOTSUP): turn all-multicast mode on; not called when it is on. */
	int (*allmulticast_enable)(struct fpk_eth_dev *dev);
	/** Optional (NULL: -ENOTSUP): turn all-multicast mode off; not called when it is off. */
	int (*allmulticast_disable)(struct fpk_eth_dev *dev);
	/**
	 * Optional (NULL: -ENOTSUP): program a new MAC address, unicast and not
	 * zero; ethdev stores it on success.
	 */
	int (*mac_addr_set)(struct fpk_eth_dev *dev, struct fpk_ether_addr *addr);
	/**
	 * Optional (NULL: -ENOTSUP): apply an MTU within dev_info's range, the
	 * port started or not; ethdev stores it on success.
	 */
	int (*mtu_set)(struct fpk_eth_dev *dev, uint16_t mtu);
	/**
	 * Optional (NULL: -ENOTSUP): filter on these @p nb multicast addresses
	 * in place of the previous list, the port started or not, and keep
	 * them across stop and start. ethdev has checked that each is
	 * multicast and that @p list is not NULL unless @p nb is 0 (which
	 * empties the list); the driver checks @p nb against its table and
	 * returns -EINVAL (logged) if it does not fit, the old list in force.
	 */
	int (*set_mc_addr_list)(struct fpk_eth_dev *dev, const struct fpk_ether_addr *list,
				uint32_t nb);

	/**
	 * Optional (NULL: -ENOTSUP): write the entries of the redirection table
	 * whose mask bit is set. reta_size is dev_info.reta_size, at least one
	 * bit is set, every entry written names a configured rx queue and the
	 * port is in RSS mode.
	 */
	int (*reta_update)(struct fpk_eth_dev *dev, struct fpk_eth_rss_reta_entry64 *reta_conf,
			   uint16_t reta_size);
	/**
	 * Optional (NULL: -ENOTSUP): fill in the entries whose mask bit is set,
	 * leaving the others alone; reta_size and the mask as for reta_update.
	 */
	int (*reta_query)(struct fpk_eth_dev *dev, struct fpk_eth_rss_reta_entry64 *reta_conf,
			  uint16_t reta_size);
	/**
	 * Optional (NULL: -ENOTSUP): hash on rss_conf->rss_hf, within
	 * dev_info.flow_type_rss_offloads, with the key at rss_conf->rss_key
	 * (dev_info.hash_key_size bytes), or the current key if it is NULL. The
	 * port is in RSS mode; ethdev records the new configuration on success.
	 */
	int (*rss_hash_update)(struct fpk_eth_dev *dev, struct fpk_eth_rss_conf *rss_conf);
	/**
	 * Optional (NULL: ethdev reports what it recorded): set rss_conf->rss_hf
	 * and, if rss_conf->rss_key is not NULL, write the key there
	 * (dev_info.hash_key_size bytes, which fit); ethdev sets rss_key_len.
	 */
	int (*rss_hash_conf_get)(struct fpk_eth_dev *dev, struct fpk_eth_rss_conf *rss_conf);
};

/**
 * A port, as ethdev keeps it. The driver sets dev_ops and the burst
 * functions between fpk_eth_dev_allocate() and
 * fpk_eth_dev_probing_finish().
 */
struct fpk_eth_dev {
	fpk_eth_rx_burst_t rx_pkt_burst;       /**< receive burst; NULL: rx bursts return 0 */
	fpk_eth_tx_burst_t tx_pkt_burst;       /**< transmit burst; NULL: tx bursts take nothing */
	const struct fpk_eth_dev_ops *dev_ops; /**< the driver's ops */
	struct fpk_eth_dev_data *data;         /**< the port's state */
	bool in_use;                           /**< set by fpk_eth_dev_probing_finish() */
};

/**
 * Create a port, from a driver's probe. The port stays invisible to
 * applications until fpk_eth_dev_probing_finish(), and until then its id
 * is not reserved either: finish (or release) one port before allocating
 * the next.
 *
 * @param[in] name  The port's name, unique among the ports in use: 1 to 63
 *   characters, such as the PCI address or the `--vdev` name.
 * @param priv_size  Bytes of driver state at data->dev_private, zeroed and
 *   cache-line aligned; 0 for none (dev_private is then NULL).
 * @param numa_node  The device's NUMA node (a PCI device's numa_node), or
 *   FPK_SOCKET_ID_ANY (virtual devices): the port data and dev_private are
 *   allocated there, in EAL memory (fpk_zmalloc_socket()).
 * @return The port, its data filled with the name, the port id, the MTU
 *   (FPK_ETHER_MTU) and @p numa_node; or NULL with fpk_errno set: EINVAL
 *   if @p name is NULL, empty or too long, or the EAL is not initialised;
 *   EEXIST if a port in use has that name (logged); ENOSPC if all
 *   FPK_MAX_ETHPORTS ports are in use (logged); ENOMEM (no EAL memory on
 *   that node, logged).
 */
struct fpk_eth_dev *fpk_eth_dev_allocate(const char *name, size_t priv_size, int numa_node);

/**
 * The NUMA node a queue-setup op is given, as a signed node number: the op
 * receives it as the application passed it, an unsigned int in which
 * FPK_SOCKET_ID_ANY is UINT_MAX.
 *
 * @param socket_id  The socket_id argument of rx_queue_setup/tx_queue_setup.
 * @return A node number, or FPK_SOCKET_ID_ANY.
 */
static inline int
fpk_eth_queue_socket(unsigned int socket_id)
{
	return socket_id == (unsigned int)FPK_SOCKET_ID_ANY ? FPK_SOCKET_ID_ANY : (int)socket_id;
}

/**
 * Reserve the zeroed, IOVA-contiguous memory a device reaches by DMA for
 * one of a port's rings (or other device-shared areas), named after the
 * port so that ports never collide: what DPDK's rte_eth_dma_zone_reserve()
 * is to its PMDs. A failure is logged with the size, the ring and the fix.
 *
 * @param dev  The port.
 * @param ring_name  What the memory is for, e.g. "rx", "tx", "shared".
 * @param queue_id  The queue (0 for a per-port area).
 * @param size  Bytes.
 * @param align  Alignment of the start, a power of two.
 * @param socket_id  NUMA node, or FPK_SOCKET_ID_ANY.
 * @return The memzone, or NULL with fpk_errno set (ENOMEM: no EAL memory
 *   that large and contiguous; EEXIST: that port's ring is reserved
 *   already; EINVAL).
 */
const struct fpk_memzone *fpk_eth_dma_zone_reserve(const struct fpk_eth_dev *dev,
						   const char *ring_name, uint16_t queue_id,
						   size_t size, unsigned int align, int socket_id);
/**
 * Publish a fully set-up port: applications can use it from now on, and
 * the FPK_ETH_EVENT_NEW callbacks run. Its bursts return 0 until it is
 * started.
 *
 * @param dev  The port from fpk_eth_dev_allocate(), its dev_ops and burst
 *   functions set.
 */
void fpk_eth_dev_probing_finish(struct fpk_eth_dev *dev);
/**
 * Free a port's id and state (data and dev_private). A published port
 * raises FPK_ETH_EVENT_DESTROY first, and the callbacks registered for it
 * are dropped. No op is called and no queue released: fpk_eth_dev_close()
 * does that and then calls this; a driver calls it itself only when
 * probing fails after fpk_eth_dev_allocate().
 *
 * @param dev  The port.
 * @return 0, or -EINVAL if @p dev is NULL or released already.
 */
int fpk_eth_dev_release_port(struct fpk_eth_dev *dev);
/**
 * Stop (if started) and close the port named @p name: what a driver's
 * remove does, and the remove op itself of a vdev driver with nothing else
 * to undo. A failed stop is logged and the port closed all the same.
 *
 * @param[in] name  The port's name.
 * @return 0; -ENODEV if no port has that name (the application closed it
 *   already); the driver's close error.
 */
int fpk_eth_dev_close_by_name(const char *name);
/**
 * Find a port by id.
 *
 * @param port_id  The port id.
 * @return The port, or NULL if no published port has that id.
 */
struct fpk_eth_dev *fpk_eth_dev_get(uint16_t port_id);
/**
 * Find a port by name.
 *
 * @param[in] name  The port's name.
 * @return The published port of that name, or NULL (also if @p name is
 *   NULL).
 */
struct fpk_eth_dev *fpk_eth_dev_get_by_name(const char *name);
/**
 * Run the callbacks registered for an event on a port, and for the event on
 * every port (FPK_MAX_ETHPORTS). They run on the calling thread, newest
 * registration first, outside ethdev's callback lock (so they may register
 * and unregister callbacks); at most 32 run per call; their return values
 * are ignored.
 *
 * @param dev  The port.
 * @param event  The event.
 * @param ret_param  Handed to each callback as its last argument.
 */
void fpk_eth_dev_callback_process(struct fpk_eth_dev *dev, enum fpk_eth_event_type event,
				  void *ret_param);
/**
 * Store a new link state in dev->data->dev_link.
 * Drivers call this from link_update and from interrupt handlers, then
 * fpk_eth_dev_callback_process(dev, FPK_ETH_EVENT_INTR_LSC, NULL) on change
 * when the application asked for it (dev_conf.intr_conf.lsc).
 *
 * @param dev  The port.
 * @param[in] link  The new state.
 * @return 1 if its status, speed or duplex differs from the previous state,
 *   else 0 (a change of link_autoneg alone gives 0).
 */
int fpk_eth_dev_link_set(struct fpk_eth_dev *dev, const struct fpk_eth_link *link);

/** @cond INTERNAL */
/** The ethdev library's own messages ("ETHDEV: ..."). */
#define FPK_ETHDEV_LOG(level, ...) FPK_LOG(level, ETHDEV, __VA_ARGS__)
/** @endcond */

/* ---- what every PMD needs ------------------------------------------------ */

/**
 * Give a PMD its log type, "pmd.net." followed by @p drv, registered by a
 * constructor before main() so that `--log-level` patterns apply to it.
 * Use it once, at file scope, followed by a semicolon. It defines a global
 * int named after @p drv, null_logtype for FPK_PMD_LOG_REGISTER(null) (so
 * @p drv must be unique in the program); if registration fails, that holds
 * fpk_log_register()'s negative errno and the global level applies. With
 * it, a PMD defines its log macro in one line:
 * @code
 * FPK_PMD_LOG_REGISTER(null);
 * #define NULL_LOG(level, ...) FPK_PMD_LOG(null, level, __VA_ARGS__)
 * @endcode
 * (a macro cannot define another, so that line stays the PMD's).
 *
 * @param drv  The driver's short name, an identifier: null, ring, e1000e.
 */
#define FPK_PMD_LOG_REGISTER(drv)                                               \
	extern int drv ## _logtype;                                             \
	__attribute__((constructor)) static void drv ## _logtype_register(void) \
	{                                                                       \
		drv ## _logtype = fpk_log_register("pmd.net." #drv);            \
	}                                                                       \
	int drv ## _logtype

/**
 * Log a PMD's message under the type FPK_PMD_LOG_REGISTER() made for it.
 * Unlike FPK_LOG(), it adds no prefix to the message.
 *
 * @param drv  The name given to FPK_PMD_LOG_REGISTER().
 * @param level  Level without its FPK_LOG_ prefix: ERR, WARNING, INFO,
 *   DEBUG, ...
 * @param ...  A printf() format, then its arguments.
 */
#define FPK_PMD_LOG(drv, level, ...) fpk_log(FPK_LOG_ ## level, drv ## _logtype, __VA_ARGS__)

/**
 * Software counters of one rx or tx queue, kept in the PMD's queue object.
 * Only the lcore polling the queue writes them, so burst functions add to
 * them plainly; fpk_eth_queue_stats_get() reads them unsynchronised
 * (aligned 64-bit loads do not tear on FPK's targets).
 */
struct fpk_eth_queue_stats {
	uint64_t packets; /**< packets received (rx) or sent (tx) */
	uint64_t bytes;   /**< their bytes */
	uint64_t errors; /**< rx: frames the driver dropped; tx: packets dropped unsent */
};

/**
 * For a PMD's stats_get: add the counters of every queue set up to
 * @p stats, per queue (q_ipackets, q_ibytes, q_errors; q_opackets,
 * q_obytes) and to the port totals (ipackets, ibytes, ierrors; opackets,
 * obytes, oerrors). Queue q's counters are the struct fpk_eth_queue_stats
 * at byte @p rx_off of the object dev->data->rx_queues[q] points to
 * (@p tx_off for tx queues). The queues looked at are those below the
 * configured counts; tx errors count in oerrors only.
 *
 * @param[in] dev  The port.
 * @param rx_off  offsetof() the counters in the PMD's rx queue object.
 * @param tx_off  offsetof() the counters in the PMD's tx queue object.
 * @param[in,out] stats  What stats_get was given (ethdev zeroed it); the
 *   counters are added to it.
 */
void fpk_eth_queue_stats_get(const struct fpk_eth_dev *dev, size_t rx_off, size_t tx_off,
			     struct fpk_eth_stats *stats);
/**
 * For a PMD's stats_reset: zero what fpk_eth_queue_stats_get() reads, in
 * every queue set up.
 *
 * @param dev  The port.
 * @param rx_off  offsetof() the counters in the PMD's rx queue object.
 * @param tx_off  offsetof() the counters in the PMD's tx queue object.
 */
void fpk_eth_queue_stats_reset(struct fpk_eth_dev *dev, size_t rx_off, size_t tx_off);

/**
 * For a PMD's reta_update that keeps its redirection table as one rx queue
 * number per entry: copy in the entries whose mask bit is set. ethdev has
 * checked the size and the queues.
 *
 * @param[in,out] table  The PMD's table, @p size entries.
 * @param[in] reta_conf  (@p size + 63) / 64 groups, as given to reta_update.
 * @param size  Entries, the port's reta_size.
 */
void fpk_eth_reta_table_update(uint16_t *table,
			       const struct fpk_eth_rss_reta_entry64 *reta_conf, uint16_t size);
/**
 * The reta_query of such a PMD: copy out the entries whose mask bit is set.
 *
 * @param[in] table  The PMD's table, @p size entries.
 * @param[in,out] reta_conf  (@p size + 63) / 64 groups, as given to reta_query.
 * @param size  Entries, the port's reta_size.
 */
void fpk_eth_reta_table_query(const uint16_t *table,
			      struct fpk_eth_rss_reta_entry64 *reta_conf, uint16_t size);

/**
 * The promiscuous_enable/_disable and allmulticast_enable/_disable op of a
 * port with no receive filter (a virtual port without a wire): it accepts
 * the mode and changes nothing, ethdev records it, so applications written
 * for NICs run unchanged.
 *
 * @param dev  The port (unused).
 * @return 0.
 */
int fpk_eth_noop_rx_mode(struct fpk_eth_dev *dev);
/**
 * The mac_addr_set op of a port no address filter stands behind: it
 * accepts the address and changes nothing; ethdev records it, and
 * fpk_eth_macaddr_get() returns it.
 *
 * @param dev  The port (unused).
 * @param addr  The new address (unused).
 * @return 0.
 */
int fpk_eth_noop_mac_addr_set(struct fpk_eth_dev *dev, struct fpk_ether_addr *addr);
/**
 * The mtu_set op of a port that takes any MTU in dev_info's min_mtu to
 * max_mtu (ethdev checks that range before calling it): it changes nothing;
 * ethdev records the MTU.
 *
 * @param dev  The port (unused).
 * @param mtu  The new MTU (unused).
 * @return 0.
 */
int fpk_eth_noop_mtu_set(struct fpk_eth_dev *dev, uint16_t mtu);
/**
 * The set_mc_addr_list op of a port no multicast filter stands behind (a
 * virtual port that receives whatever it receives): it accepts the list
 * and changes nothing, so applications that program one run unchanged.
 *
 * @param dev  The port (unused).
 * @param list  The addresses (unused).
 * @param nb  Their number (unused).
 * @return 0.
 */
int fpk_eth_noop_set_mc_addr_list(struct fpk_eth_dev *dev, const struct fpk_ether_addr *list,
				  uint32_t nb);
/**
 * The rx_queue_release op of a driver whose rx queue is one block from
 * fpk_malloc(): it frees the block.
 *
 * @param dev  The port.
 * @param qid  The queue.
 */
void fpk_eth_rx_queue_release_free(struct fpk_eth_dev *dev, uint16_t qid);
/**
 * The tx_queue_release op of a driver whose tx queue is one block from
 * fpk_malloc(): it frees the block.
 *
 * @param dev  The port.
 * @param qid  The queue.
 */
void fpk_eth_tx_queue_release_free(struct fpk_eth_dev *dev, uint16_t qid);

#ifdef __cplusplus
}
#endif

#endif /* FPK_ETHDEV_DRIVER_H */
