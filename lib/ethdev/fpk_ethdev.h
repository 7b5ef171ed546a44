/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Ethernet ports, as an application uses them.
 *
 * A port is a device a poll-mode driver drives: a PCI NIC, or a virtual
 * device given with `--vdev` or made by the application (fpk_eth_ring.h).
 * Ports are numbered from 0 to FPK_MAX_ETHPORTS - 1 and also have a name.
 * Shaped like DPDK's rte_ethdev so its users feel at home. A port's life:
 *   1. fpk_eth_dev_info_get() tells what the device can do;
 *   2. fpk_eth_dev_configure() sets the number of receive and transmit
 *      queues, the offloads and the MTU;
 *   3. fpk_eth_rx_queue_setup() and fpk_eth_tx_queue_setup() set up each
 *      queue;
 *   4. fpk_eth_dev_start() starts it; fpk_eth_rx_burst() and
 *      fpk_eth_tx_burst() move packets; single queues can be stopped and
 *      started while it runs (fpk_eth_dev_rx_queue_stop()), and RSS
 *      changed (fpk_eth_dev_rss_reta_update(),
 *      fpk_eth_dev_rss_hash_update());
 *   5. fpk_eth_dev_stop() stops it (it can be reconfigured and started
 *      again), fpk_eth_dev_close() releases it.
 *
 * Most slow-path functions return 0 or a negative errno: -ENODEV when the
 * port id names no port, and the driver's own error when the driver fails.
 * Control calls on one port are not thread-safe: make them from one thread.
 *
 * The burst functions are inline and reach the driver through one pointer
 * per call, from a per-port fast-path table; nothing in them locks,
 * allocates or makes a system call. Poll each queue from one lcore at a
 * time: the drivers keep their queue state and counters without locks.
 */
#ifndef FPK_ETHDEV_H
#define FPK_ETHDEV_H

#include <stdio.h>

#include "fpk_common.h"
#include "fpk_ether.h"

#ifdef __cplusplus
extern "C" {
#endif

struct fpk_mbuf;
struct fpk_mempool;

/** Number of port ids: ports are numbered 0 to FPK_MAX_ETHPORTS - 1. */
#define FPK_MAX_ETHPORTS 32
/** Most receive queues, and most transmit queues, a port can have. */
#define FPK_MAX_QUEUES_PER_PORT 16
/** Size of a port name buffer, NUL included: names have at most 63 characters. */
#define FPK_ETH_NAME_MAX_LEN 64
/** Size of an extended statistic's name buffer, NUL included. */
#define FPK_ETH_XSTATS_NAME_SIZE 64

/* Link speeds in Mb/s. */
#define FPK_ETH_SPEED_NUM_NONE 0          /**< no speed given (printed as unknown) */
#define FPK_ETH_SPEED_NUM_10M 10          /**< 10 Mb/s */
#define FPK_ETH_SPEED_NUM_100M 100        /**< 100 Mb/s */
#define FPK_ETH_SPEED_NUM_1G 1000         /**< 1 Gb/s */
#define FPK_ETH_SPEED_NUM_10G 10000       /**< 10 Gb/s */
#define FPK_ETH_SPEED_NUM_25G 25000       /**< 25 Gb/s */
#define FPK_ETH_SPEED_NUM_100G 100000     /**< 100 Gb/s */
#define FPK_ETH_SPEED_NUM_UNKNOWN UINT32_MAX /**< speed not known */

#define FPK_ETH_LINK_HALF_DUPLEX 0 /**< link_duplex: half duplex */
#define FPK_ETH_LINK_FULL_DUPLEX 1 /**< link_duplex: full duplex */
#define FPK_ETH_LINK_DOWN 0        /**< link_status: no link */
#define FPK_ETH_LINK_UP 1          /**< link_status: link up */

/** A port's link state (fpk_eth_link_get(), fpk_eth_link_get_nowait()). */
struct fpk_eth_link {
	uint32_t link_speed;       /**< FPK_ETH_SPEED_NUM_* */
	uint16_t link_duplex : 1;  /**< FPK_ETH_LINK_*_DUPLEX */
	uint16_t link_autoneg : 1; /**< 1: autonegotiated, 0: fixed */
	uint16_t link_status : 1;  /**< FPK_ETH_LINK_UP/DOWN */
} __fpk_aligned(8);

/* Receive offloads (fpk_eth_conf.rxmode.offloads, dev_info.rx_offload_capa). */
/** Receive offload: check IPv4 header checksums, flag the result (FPK_MBUF_F_RX_IP_CKSUM_*). */
#define FPK_ETH_RX_OFFLOAD_IPV4_CKSUM (UINT64_C(1) << 1)
/** Receive offload: check UDP checksums, flag the result (FPK_MBUF_F_RX_L4_CKSUM_*). */
#define FPK_ETH_RX_OFFLOAD_UDP_CKSUM  (UINT64_C(1) << 2)
/** Receive offload: check TCP checksums, flag the result (FPK_MBUF_F_RX_L4_CKSUM_*). */
#define FPK_ETH_RX_OFFLOAD_TCP_CKSUM  (UINT64_C(1) << 3)
/** Receive offload: take frames longer than one mbuf's data room as chains of segments. */
#define FPK_ETH_RX_OFFLOAD_SCATTER    (UINT64_C(1) << 13)
/** Receive offload: store the RSS hash in the mbuf's hash.rss and set FPK_MBUF_F_RX_RSS_HASH. */
#define FPK_ETH_RX_OFFLOAD_RSS_HASH   (UINT64_C(1) << 19)
/* Transmit offloads. */
/** Transmit offload: fill in the IPv4 header checksum of mbufs with FPK_MBUF_F_TX_IP_CKSUM. */
#define FPK_ETH_TX_OFFLOAD_IPV4_CKSUM (UINT64_C(1) << 1)
/** Transmit offload: fill in the UDP checksum of mbufs with FPK_MBUF_F_TX_UDP_CKSUM. */
#define FPK_ETH_TX_OFFLOAD_UDP_CKSUM  (UINT64_C(1) << 2)
/** Transmit offload: fill in the TCP checksum of mbufs with FPK_MBUF_F_TX_TCP_CKSUM. */
#define FPK_ETH_TX_OFFLOAD_TCP_CKSUM  (UINT64_C(1) << 3)
/** Transmit offload: send packets made of several chained segments. */
#define FPK_ETH_TX_OFFLOAD_MULTI_SEGS (UINT64_C(1) << 15)
/**
 * Transmit offload, a promise of the application: every mbuf sent on a
 * queue comes from one pool and has a reference count of 1, so the driver
 * may free sent mbufs in bulk without looking at them.
 */
#define FPK_ETH_TX_OFFLOAD_MBUF_FAST_FREE (UINT64_C(1) << 16)

/* RSS hash fields (fpk_eth_rss_conf.rss_hf); the port fields are of unfragmented packets. */
#define FPK_ETH_RSS_IPV4             (UINT64_C(1) << 2)  /**< IPv4 addresses */
#define FPK_ETH_RSS_NONFRAG_IPV4_TCP (UINT64_C(1) << 4)  /**< IPv4 addresses and TCP ports */
#define FPK_ETH_RSS_NONFRAG_IPV4_UDP (UINT64_C(1) << 5)  /**< IPv4 addresses and UDP ports */
#define FPK_ETH_RSS_IPV6             (UINT64_C(1) << 8)  /**< IPv6 addresses */
#define FPK_ETH_RSS_NONFRAG_IPV6_TCP (UINT64_C(1) << 10) /**< IPv6 addresses and TCP ports */
#define FPK_ETH_RSS_NONFRAG_IPV6_UDP (UINT64_C(1) << 11) /**< IPv6 addresses and UDP ports */
/** RSS on IP addresses, IPv4 and IPv6. */
#define FPK_ETH_RSS_IP (FPK_ETH_RSS_IPV4 | FPK_ETH_RSS_IPV6)
/** RSS on UDP ports, over IPv4 and IPv6. */
#define FPK_ETH_RSS_UDP (FPK_ETH_RSS_NONFRAG_IPV4_UDP | FPK_ETH_RSS_NONFRAG_IPV6_UDP)
/** RSS on TCP ports, over IPv4 and IPv6. */
#define FPK_ETH_RSS_TCP (FPK_ETH_RSS_NONFRAG_IPV4_TCP | FPK_ETH_RSS_NONFRAG_IPV6_TCP)

/** How received packets are spread over the receive queues. */
enum fpk_eth_rx_mq_mode {
	FPK_ETH_MQ_RX_NONE = 0, /**< not spread by the device */
	FPK_ETH_MQ_RX_RSS,      /**< by RSS hash, on the fields of rx_adv_conf.rss_conf.rss_hf */
};

/**
 * RSS configuration: the hash key and the fields hashed. Given to
 * fpk_eth_dev_configure() (in rx_adv_conf) and
 * fpk_eth_dev_rss_hash_update(), filled in by
 * fpk_eth_dev_rss_hash_conf_get(). ethdev copies a key it is given into
 * the port: the caller's buffer is not read after the call returns.
 */
struct fpk_eth_rss_conf {
	/**
	 * The key. fpk_eth_dev_configure(): NULL for the driver's default key;
	 * fpk_eth_dev_rss_hash_update(): NULL keeps the current key;
	 * fpk_eth_dev_rss_hash_conf_get(): room for rss_key_len bytes, or NULL
	 * when only rss_hf is wanted.
	 */
	uint8_t *rss_key;
	/**
	 * Bytes at rss_key: exactly dev_info.hash_key_size when a key is given,
	 * at least that for fpk_eth_dev_rss_hash_conf_get(), which sets it to
	 * the length of the key it wrote.
	 */
	uint8_t rss_key_len;
	uint64_t rss_hf;       /**< FPK_ETH_RSS_* fields to hash */
};

/** Entries of the RSS redirection table in one struct fpk_eth_rss_reta_entry64. */
#define FPK_ETH_RETA_GROUP_SIZE 64

/**
 * FPK_ETH_RETA_GROUP_SIZE consecutive entries of an RSS redirection table
 * (RETA), which sends a packet to the rx queue of the entry its hash
 * selects. Group g holds entries 64 * g to 64 * g + 63: a table of
 * dev_info.reta_size entries takes (reta_size + 63) / 64 groups, for
 * fpk_eth_dev_rss_reta_update() and fpk_eth_dev_rss_reta_query().
 */
struct fpk_eth_rss_reta_entry64 {
	/**
	 * Bit i set: entry i of the group is written (update) or read (query);
	 * entries whose bit is clear are left alone, in the device and in reta.
	 */
	uint64_t mask;
	uint16_t reta[FPK_ETH_RETA_GROUP_SIZE]; /**< rx queue of each entry */
};

/**
 * A port's configuration, given to fpk_eth_dev_configure(). A zeroed
 * structure (or NULL) asks for the defaults: no offloads, no RSS, no
 * link-state events, the current MTU.
 */
struct fpk_eth_conf {
	/** Receive side. */
	struct {
		enum fpk_eth_rx_mq_mode mq_mode; /**< how packets are spread over the rx queues */
		uint32_t mtu;      /**< 0: keep the current MTU (default 1500) */
		uint64_t offloads; /**< FPK_ETH_RX_OFFLOAD_*, within dev_info.rx_offload_capa */
	} rxmode;
	/** Transmit side. */
	struct {
		uint64_t offloads; /**< FPK_ETH_TX_OFFLOAD_*, within dev_info.tx_offload_capa */
	} txmode;
	/** Receive configuration that depends on mq_mode. */
	struct {
		struct fpk_eth_rss_conf rss_conf; /**< with FPK_ETH_MQ_RX_RSS: key and fields */
	} rx_adv_conf;
	/** Events the port raises. */
	struct {
		uint32_t lsc : 1;  /**< 1: raise FPK_ETH_EVENT_INTR_LSC on link changes */
		uint32_t rxq : 1;  /**< rx interrupts: not supported (-ENOTSUP) */
	} intr_conf;
	uint32_t link_speeds;  /**< 0: autonegotiate (ethdev stores it and checks nothing) */
};

/**
 * Configuration of one receive queue (fpk_eth_rx_queue_setup()). ethdev
 * acts on rx_deferred_start and passes the rest to the driver unchecked:
 * the thresholds' meaning and limits are the driver's, and 0 asks for the
 * driver's choice.
 */
struct fpk_eth_rxconf {
	uint16_t rx_free_thresh;  /**< refill descriptors in batches of this many */
	uint8_t rx_drop_en;       /**< 1: drop packets when no descriptor is free */
	/**
	 * 1: fpk_eth_dev_start() leaves the queue stopped, until
	 * fpk_eth_dev_rx_queue_start(); only for drivers that start queues one
	 * by one.
	 */
	uint8_t rx_deferred_start;
	uint64_t offloads;        /**< per-queue FPK_ETH_RX_OFFLOAD_* */
};

/**
 * Configuration of one transmit queue (fpk_eth_tx_queue_setup()). ethdev
 * acts on tx_deferred_start and passes the rest to the driver unchecked:
 * the thresholds' meaning and limits are the driver's, and 0 asks for the
 * driver's choice.
 */
struct fpk_eth_txconf {
	uint16_t tx_free_thresh;  /**< reclaim sent buffers when fewer are free */
	uint16_t tx_rs_thresh;    /**< ask for completion status every this many descriptors */
	/**
	 * 1: fpk_eth_dev_start() leaves the queue stopped, until
	 * fpk_eth_dev_tx_queue_start(); only for drivers that start queues one
	 * by one.
	 */
	uint8_t tx_deferred_start;
	uint64_t offloads;        /**< per-queue FPK_ETH_TX_OFFLOAD_* */
};

/** Queue state (fpk_eth_rx_queue_state()): not moving packets. */
#define FPK_ETH_QUEUE_STATE_STOPPED 0
/** Queue state (fpk_eth_rx_queue_state()): started with its port or on its own. */
#define FPK_ETH_QUEUE_STATE_STARTED 1

/**
 * What descriptor counts a queue accepts: nb_min to nb_max, a multiple of
 * nb_align (fpk_eth_rx_queue_setup() and fpk_eth_tx_queue_setup() check).
 */
struct fpk_eth_desc_lim {
	uint16_t nb_max;   /**< most descriptors (default 65535) */
	uint16_t nb_min;   /**< fewest descriptors (default 0) */
	uint16_t nb_align; /**< the count is a multiple of this (default 1; 0: any count) */
};

/**
 * What a port is and can do (fpk_eth_dev_info_get()). Fields the driver
 * leaves alone keep ethdev's defaults, given in parentheses; the others
 * are 0 unless the driver sets them.
 */
struct fpk_eth_dev_info {
	const char *driver_name;       /**< such as "net_e1000e"; NULL if the driver gives none */
	const char *device_name;       /**< e.g. "0000:00:02.0" or "net_null0" */
	uint16_t min_mtu;              /**< smallest MTU the port takes (68) */
	uint16_t max_mtu;              /**< largest MTU the port takes (65535) */
	uint32_t min_rx_bufsize;       /**< bytes an rx mbuf needs after FPK_PKTMBUF_HEADROOM */
	uint32_t max_rx_pktlen;        /**< longest frame the port receives (65535) */
	uint16_t max_rx_queues;        /**< most rx queues, at most FPK_MAX_QUEUES_PER_PORT */
	uint16_t max_tx_queues;        /**< most tx queues, at most FPK_MAX_QUEUES_PER_PORT */
	uint32_t max_mac_addrs;        /**< unicast addresses the port filters on (1) */
	uint64_t rx_offload_capa;      /**< FPK_ETH_RX_OFFLOAD_* the port can do */
	uint64_t tx_offload_capa;      /**< FPK_ETH_TX_OFFLOAD_* the port can do */
	uint64_t flow_type_rss_offloads; /**< FPK_ETH_RSS_* fields the port can hash on */
	uint16_t reta_size;            /**< entries of the RSS redirection table, 0 if none */
	uint8_t hash_key_size;         /**< bytes of the RSS key, 0 if the port has no RSS hash */
	struct fpk_eth_rxconf default_rxconf; /**< what a NULL rx_conf stands for in queue setup */
	struct fpk_eth_txconf default_txconf; /**< what a NULL tx_conf stands for in queue setup */
	struct fpk_eth_desc_lim rx_desc_lim;  /**< descriptor counts an rx queue accepts */
	struct fpk_eth_desc_lim tx_desc_lim;  /**< descriptor counts a tx queue accepts */
	uint32_t speed_capa;           /**< link speeds supported; no bits are defined yet */
	uint16_t nb_rx_queues;         /**< configured */
	uint16_t nb_tx_queues;         /**< configured */
	int numa_node;                 /**< the device's NUMA node, FPK_SOCKET_ID_ANY if unknown */
	uint64_t dev_capa;             /**< device capabilities; no flags are defined yet */
};

/**
 * A port's basic statistics (fpk_eth_stats_get()), as its driver counts
 * them; counters the driver does not keep read 0. The per-queue arrays are
 * indexed by queue id.
 */
struct fpk_eth_stats {
	uint64_t ipackets;   /**< packets received */
	uint64_t opackets;   /**< packets sent */
	uint64_t ibytes;     /**< bytes received */
	uint64_t obytes;     /**< bytes sent */
	uint64_t imissed;    /**< dropped by the device: no descriptor was free */
	uint64_t ierrors;    /**< received with errors */
	uint64_t oerrors;    /**< failed transmissions */
	uint64_t rx_nombuf;  /**< rx buffer allocation failures */
	uint64_t q_ipackets[FPK_MAX_QUEUES_PER_PORT]; /**< packets received, per rx queue */
	uint64_t q_opackets[FPK_MAX_QUEUES_PER_PORT]; /**< packets sent, per tx queue */
	uint64_t q_ibytes[FPK_MAX_QUEUES_PER_PORT];   /**< bytes received, per rx queue */
	uint64_t q_obytes[FPK_MAX_QUEUES_PER_PORT];   /**< bytes sent, per tx queue */
	uint64_t q_errors[FPK_MAX_QUEUES_PER_PORT];   /**< driver-dropped frames, per rx queue */
};

/** One extended statistic's value (fpk_eth_xstats_get()). */
struct fpk_eth_xstat {
	uint64_t id;    /**< its position in the list, the same as in fpk_eth_xstats_get_names() */
	uint64_t value; /**< its value */
};

/** One extended statistic's name (fpk_eth_xstats_get_names()). */
struct fpk_eth_xstat_name {
	char name[FPK_ETH_XSTATS_NAME_SIZE]; /**< NUL-terminated, such as "rx_q0_packets" */
};

/** Port events, for fpk_eth_dev_callback_register(). */
enum fpk_eth_event_type {
	FPK_ETH_EVENT_UNKNOWN,    /**< not an event: refused by fpk_eth_dev_callback_register() */
	FPK_ETH_EVENT_INTR_LSC,   /**< link state changed */
	FPK_ETH_EVENT_INTR_RESET, /**< the device asks to be reset */
	FPK_ETH_EVENT_NEW,        /**< port created */
	FPK_ETH_EVENT_DESTROY,    /**< port about to be released */
	FPK_ETH_EVENT_MAX,        /**< number of event types, not an event */
};

/**
 * An event callback (fpk_eth_dev_callback_register()). It runs on the
 * thread that raised the event: the EAL's interrupt thread or a control
 * thread, never a burst call.
 *
 * @param port_id  The port the event happened on.
 * @param event  The event.
 * @param cb_arg  The argument given at registration.
 * @param ret_param  Data that comes with the event, as the code raising
 *   it passed it: NULL for the events ethdev raises (FPK_ETH_EVENT_NEW,
 *   FPK_ETH_EVENT_DESTROY) and for the link changes FPK's drivers raise.
 * @return Ignored by ethdev.
 */
typedef int (*fpk_eth_dev_cb_fn)(uint16_t port_id, enum fpk_eth_event_type event,
				 void *cb_arg, void *ret_param);

/* ---- fast path ------------------------------------------------------- */

/**
 * A driver's receive burst function (struct fpk_eth_dev's rx_pkt_burst).
 *
 * @param rxq  The driver's queue object, as its rx_queue_setup stored it in
 *   dev->data->rx_queues[].
 * @param pkts  Room for @p n mbuf pointers.
 * @param n  Most packets to receive.
 * @return The number of mbufs stored in @p pkts, 0 to @p n.
 */
typedef uint16_t (*fpk_eth_rx_burst_t)(void *rxq, struct fpk_mbuf **pkts, uint16_t n);
/**
 * A driver's transmit burst function (struct fpk_eth_dev's tx_pkt_burst).
 *
 * @param txq  The driver's queue object, as its tx_queue_setup stored it in
 *   dev->data->tx_queues[].
 * @param pkts  The packets to send.
 * @param n  Their number.
 * @return How many of them, from the first, the driver took (0 to @p n).
 */
typedef uint16_t (*fpk_eth_tx_burst_t)(void *txq, struct fpk_mbuf **pkts, uint16_t n);

/** @cond INTERNAL */
/**
 * What rx/tx burst need for one port, on one cache line: the driver's burst
 * functions and its queue pointers. A stopped port points at functions that
 * return 0, so a burst on it is harmless.
 */
struct fpk_eth_fp_ops {
	fpk_eth_rx_burst_t rx_pkt_burst;
	fpk_eth_tx_burst_t tx_pkt_burst;
	void **rxq;
	void **txq;
} __fpk_cache_aligned;

/* The per-port table the burst functions read; ethdev writes it on start and stop. */
extern struct fpk_eth_fp_ops fpk_eth_fp_ops[FPK_MAX_ETHPORTS];
/** @endcond */

/**
 * Receive packets from a receive queue.
 *
 * A port that is not started (or no longer exists) receives nothing: the
 * call returns 0. Nothing else is checked unless libfpk was built with
 * FPK_DEBUG: @p port_id must be below FPK_MAX_ETHPORTS and @p queue_id
 * below the port's configured number of rx queues. In a debug build an
 * out-of-range id, or a queue that is not set up, gives 0.
 *
 * @param port_id  The port.
 * @param queue_id  The receive queue, polled by one lcore at a time.
 * @param[out] rx_pkts  Room for @p nb_pkts mbuf pointers. The caller owns
 *   the mbufs it receives: it frees or sends them.
 * @param nb_pkts  Most packets to receive.
 * @return The number of packets received, 0 to @p nb_pkts; there are no
 *   error codes.
 */
static inline uint16_t
fpk_eth_rx_burst(uint16_t port_id, uint16_t queue_id, struct fpk_mbuf **rx_pkts,
		 uint16_t nb_pkts)
{
	const struct fpk_eth_fp_ops *p = &fpk_eth_fp_ops[port_id];

#if FPK_DEBUG
	if (port_id >= FPK_MAX_ETHPORTS || queue_id >= FPK_MAX_QUEUES_PER_PORT ||
	    p->rxq == NULL || p->rxq[queue_id] == NULL)
		return 0;
#endif
	return p->rx_pkt_burst(p->rxq[queue_id], rx_pkts, nb_pkts);
}

/**
 * Queue packets for transmission on a transmit queue.
 *
 * The driver takes the first packets, as many as it returns, and frees
 * them once they are sent; the caller keeps the rest, tx_pkts[ret] to
 * tx_pkts[nb_pkts - 1], to retry or free. A port that is not started takes
 * none. Ids are checked as in fpk_eth_rx_burst(): only with FPK_DEBUG.
 *
 * @param port_id  The port.
 * @param queue_id  The transmit queue, used by one lcore at a time.
 * @param[in] tx_pkts  The packets.
 * @param nb_pkts  Their number.
 * @return The number of packets taken, 0 to @p nb_pkts; there are no error
 *   codes.
 */
static inline uint16_t
fpk_eth_tx_burst(uint16_t port_id, uint16_t queue_id, struct fpk_mbuf **tx_pkts,
		 uint16_t nb_pkts)
{
	const struct fpk_eth_fp_ops *p = &fpk_eth_fp_ops[port_id];

#if FPK_DEBUG
	if (port_id >= FPK_MAX_ETHPORTS || queue_id >= FPK_MAX_QUEUES_PER_PORT ||
	    p->txq == NULL || p->txq[queue_id] == NULL)
		return 0;
#endif
	return p->tx_pkt_burst(p->txq[queue_id], tx_pkts, nb_pkts);
}

/* ---- tx buffering ----------------------------------------------------- */

/**
 * What a transmit buffer does with the packets a flush could not send
 * (fpk_eth_tx_buffer_set_err_callback()). It owns them: it frees them or
 * keeps them to send later.
 *
 * @param unsent  The packets the device did not take.
 * @param count  Their number, at least 1.
 * @param userdata  The argument given with the callback.
 */
typedef void (*fpk_eth_tx_buffer_error_fn)(struct fpk_mbuf **unsent, uint16_t count,
					   void *userdata);

/**
 * Packets gathered for one tx queue until a burst is full or flushed.
 * Allocate FPK_ETH_TX_BUFFER_SIZE() bytes and call fpk_eth_tx_buffer_init().
 */
struct fpk_eth_dev_tx_buffer {
	fpk_eth_tx_buffer_error_fn error_callback; /**< called with what a flush did not send */
	void *error_userdata;                      /**< its argument */
	uint16_t size;   /**< capacity in packets */
	uint16_t length; /**< packets held */
	struct fpk_mbuf *pkts[];                   /**< the packets held, size slots */
};

/**
 * Bytes to allocate for a transmit buffer.
 *
 * @param sz  Its capacity in packets.
 */
#define FPK_ETH_TX_BUFFER_SIZE(sz) \
	(sizeof(struct fpk_eth_dev_tx_buffer) + (sz) * sizeof(struct fpk_mbuf *))

/**
 * Initialise a transmit buffer: empty, and freeing what a flush does not
 * send (fpk_eth_tx_buffer_drop_callback()).
 *
 * @param[out] buffer  At least FPK_ETH_TX_BUFFER_SIZE(@p size) bytes.
 * @param size  Its capacity in packets, not 0.
 * @return 0, or -EINVAL if @p buffer is NULL or @p size is 0.
 */
int fpk_eth_tx_buffer_init(struct fpk_eth_dev_tx_buffer *buffer, uint16_t size);
/**
 * Set what happens to the packets a flush does not send.
 *
 * @param buffer  The buffer.
 * @param callback  The callback, such as fpk_eth_tx_buffer_drop_callback()
 *   or fpk_eth_tx_buffer_count_callback().
 * @param userdata  Its argument.
 * @return 0, or -EINVAL if @p buffer or @p callback is NULL.
 */
int fpk_eth_tx_buffer_set_err_callback(struct fpk_eth_dev_tx_buffer *buffer,
				       fpk_eth_tx_buffer_error_fn callback, void *userdata);
/**
 * Error callback that frees the unsent packets (the default).
 *
 * @param pkts  The unsent packets.
 * @param unsent  Their number.
 * @param userdata  Ignored.
 */
void fpk_eth_tx_buffer_drop_callback(struct fpk_mbuf **pkts, uint16_t unsent, void *userdata);
/**
 * Error callback that frees the unsent packets and counts them.
 *
 * @param pkts  The unsent packets.
 * @param unsent  Their number.
 * @param userdata  A uint64_t counter (not NULL), increased by @p unsent.
 */
void fpk_eth_tx_buffer_count_callback(struct fpk_mbuf **pkts, uint16_t unsent,
				      void *userdata);

/**
 * Send what a transmit buffer holds with fpk_eth_tx_burst(). The buffer is
 * empty afterwards: what the device did not take went to its error
 * callback.
 *
 * @param port_id  The port.
 * @param queue_id  The transmit queue.
 * @param buffer  The buffer.
 * @return The number of packets sent (0 if the buffer was empty).
 */
static inline uint16_t
fpk_eth_tx_buffer_flush(uint16_t port_id, uint16_t queue_id,
			struct fpk_eth_dev_tx_buffer *buffer)
{
	uint16_t to_send = buffer->length, sent;

	if (to_send == 0)
		return 0;
	sent = fpk_eth_tx_burst(port_id, queue_id, buffer->pkts, to_send);
	buffer->length = 0;
	if (fpk_unlikely(sent != to_send))
		buffer->error_callback(&buffer->pkts[sent], (uint16_t)(to_send - sent),
				       buffer->error_userdata);
	return sent;
}

/**
 * Add a packet to a transmit buffer, and flush the buffer
 * (fpk_eth_tx_buffer_flush()) when that fills it.
 *
 * @param port_id  The port.
 * @param queue_id  The transmit queue.
 * @param buffer  The buffer, initialised with fpk_eth_tx_buffer_init().
 * @param pkt  The packet; the buffer owns it from now on.
 * @return The number of packets sent by this call: 0 unless the buffer
 *   filled up.
 */
static inline uint16_t
fpk_eth_tx_buffer(uint16_t port_id, uint16_t queue_id,
		  struct fpk_eth_dev_tx_buffer *buffer, struct fpk_mbuf *pkt)
{
	buffer->pkts[buffer->length++] = pkt;
	if (buffer->length < buffer->size)
		return 0;
	return fpk_eth_tx_buffer_flush(port_id, queue_id, buffer);
}

/* ---- slow path: ports ------------------------------------------------- */

/**
 * Count the ports in use.
 *
 * @return The number of ports applications can use: probed and not
 *   closed.
 */
uint16_t fpk_eth_dev_count_avail(void);
/**
 * Find the first port in use from a port id on.
 *
 * @param port_id  Where to start.
 * @return The lowest id of a port in use that is at least @p port_id; if
 *   there is none, FPK_MAX_ETHPORTS (or @p port_id itself when it is above
 *   FPK_MAX_ETHPORTS).
 */
uint16_t fpk_eth_find_next(uint16_t port_id);
/**
 * Loop over the ports in use, in increasing id order.
 *
 * @param p  A uint16_t variable, set to each port id in turn.
 */
#define FPK_ETH_FOREACH_DEV(p) \
	for ((p) = fpk_eth_find_next(0); (p) < FPK_MAX_ETHPORTS; (p) = fpk_eth_find_next((p) + 1))

/**
 * Whether a port id names a port in use.
 *
 * @param port_id  The port id.
 * @return 1 if it does, else 0.
 */
int fpk_eth_dev_is_valid_port(uint16_t port_id);
/**
 * Find a port by name.
 *
 * @param[in] name  The port's name, such as "0000:00:02.0" or "net_null0".
 * @param[out] port_id  Its id.
 * @return 0; -EINVAL if @p name or @p port_id is NULL; -ENODEV if no port
 *   has that name.
 */
int fpk_eth_dev_get_port_by_name(const char *name, uint16_t *port_id);
/**
 * Get a port's name.
 *
 * @param port_id  The port.
 * @param[out] name  Room for FPK_ETH_NAME_MAX_LEN bytes.
 * @return 0; -EINVAL if @p name is NULL; -ENODEV.
 */
int fpk_eth_dev_get_name_by_port(uint16_t port_id, char *name);
/**
 * NUMA node of a port's device.
 *
 * @param port_id  The port.
 * @return The node; FPK_SOCKET_ID_ANY (-1) if it is unknown; -EINVAL (not
 *   -ENODEV) if @p port_id names no port.
 */
int fpk_eth_dev_socket_id(uint16_t port_id);

/**
 * Get what a port is and can do, and its current queue counts.
 *
 * @param port_id  The port.
 * @param[out] info  Filled in: ethdev's defaults, then what the driver
 *   sets (see struct fpk_eth_dev_info).
 * @return 0; -EINVAL if @p info is NULL; -ENODEV; or the driver's error
 *   (then @p info is partly filled).
 */
int fpk_eth_dev_info_get(uint16_t port_id, struct fpk_eth_dev_info *info);

/**
 * Set a port's number of queues and its configuration. The port must be
 * stopped.
 *
 * Queues whose id is at or above the new count are released; those below
 * it stay set up. The port's MTU becomes conf->rxmode.mtu (0 keeps it).
 * With FPK_ETH_MQ_RX_RSS, rx_adv_conf.rss_conf becomes the port's RSS
 * configuration, its key copied (fpk_eth_dev_rss_hash_conf_get() reports
 * it); in other modes it is ignored. When a check fails the port keeps its
 * previous configuration; when the driver fails the port is left
 * unconfigured, and fpk_eth_dev_start() refuses it until a configure
 * succeeds.
 *
 * @param port_id  The port.
 * @param nb_rx_queue  Number of receive queues, at most
 *   dev_info.max_rx_queues.
 * @param nb_tx_queue  Number of transmit queues, at most
 *   dev_info.max_tx_queues; not both 0.
 * @param[in] conf  The configuration (copied), or NULL for the defaults
 *   (see struct fpk_eth_conf).
 * @return 0; -ENODEV; -EBUSY if the port is started; -EINVAL if both
 *   counts are 0 or one is above the device's limit, the MTU is outside
 *   dev_info's min_mtu to max_mtu, an offload or (with FPK_ETH_MQ_RX_RSS)
 *   an RSS field is one the device cannot do, or (with FPK_ETH_MQ_RX_RSS)
 *   an RSS key is given whose rss_key_len is not dev_info.hash_key_size;
 *   -ENOTSUP if conf->intr_conf.rxq is set; or the driver's error. The log
 *   says which check failed.
 */
int fpk_eth_dev_configure(uint16_t port_id, uint16_t nb_rx_queue, uint16_t nb_tx_queue,
			  const struct fpk_eth_conf *conf);

/**
 * Set up a receive queue of a stopped, configured port. A queue already
 * set up with that id is released first (and stays released if the driver
 * then fails).
 *
 * @param port_id  The port.
 * @param rx_queue_id  The queue, below the number of rx queues configured.
 * @param nb_rx_desc  Number of descriptors, within dev_info.rx_desc_lim; 0
 *   for the default, 512 brought within nb_min to nb_max.
 * @param socket_id  NUMA node for the queue's memory, or
 *   (unsigned int)FPK_SOCKET_ID_ANY; passed to the driver.
 * @param[in] rx_conf  Queue configuration (copied), or NULL for
 *   dev_info.default_rxconf.
 * @param mb_pool  Pool the queue takes its mbufs from (made by
 *   fpk_pktmbuf_pool_create()); its data room must hold
 *   FPK_PKTMBUF_HEADROOM plus dev_info.min_rx_bufsize bytes.
 * @return 0; -ENODEV; -EBUSY if the port is started; -EINVAL if the queue
 *   id is not below the configured count, the descriptor count is out of
 *   the limits or not a multiple of nb_align, @p mb_pool is NULL or its
 *   mbufs are too small (logged); -ENOTSUP if rx_deferred_start is set and
 *   the driver cannot start a queue on its own (logged); or the driver's
 *   error, such as -ENOMEM.
 */
int fpk_eth_rx_queue_setup(uint16_t port_id, uint16_t rx_queue_id, uint16_t nb_rx_desc,
			   unsigned int socket_id, const struct fpk_eth_rxconf *rx_conf,
			   struct fpk_mempool *mb_pool);
/**
 * Set up a transmit queue of a stopped, configured port; as
 * fpk_eth_rx_queue_setup(), without a pool.
 *
 * @param port_id  The port.
 * @param tx_queue_id  The queue, below the number of tx queues configured.
 * @param nb_tx_desc  Number of descriptors, within dev_info.tx_desc_lim; 0
 *   for the default, 512 brought within nb_min to nb_max.
 * @param socket_id  NUMA node for the queue's memory, or
 *   (unsigned int)FPK_SOCKET_ID_ANY; passed to the driver.
 * @param[in] tx_conf  Queue configuration (copied), or NULL for
 *   dev_info.default_txconf.
 * @return 0; -ENODEV; -EBUSY if the port is started; -EINVAL if the queue
 *   id is not below the configured count or the descriptor count is out of
 *   the limits or not a multiple of nb_align (logged); -ENOTSUP if
 *   tx_deferred_start is set and the driver cannot start a queue on its own
 *   (logged); or the driver's error, such as -ENOMEM.
 */
int fpk_eth_tx_queue_setup(uint16_t port_id, uint16_t tx_queue_id, uint16_t nb_tx_desc,
			   unsigned int socket_id, const struct fpk_eth_txconf *tx_conf);

/**
 * Start a port: every configured queue must be set up. From then on the
 * burst functions reach the driver; the link state is refreshed. Every
 * queue is started (FPK_ETH_QUEUE_STATE_STARTED) but those set up with
 * rx_deferred_start or tx_deferred_start, which stay stopped until
 * fpk_eth_dev_rx_queue_start() or fpk_eth_dev_tx_queue_start(); so at
 * every start.
 *
 * @param port_id  The port.
 * @return 0 (also when it is started already); -ENODEV; -EINVAL if it is
 *   not configured or a queue is not set up (the log names it); or the
 *   driver's error.
 */
int fpk_eth_dev_start(uint16_t port_id);
/**
 * Stop a port. From this call on, bursts on it return 0 (a burst already
 * under way ends in the driver); then the driver stops the device, which
 * no longer touches queue memory. Buffers held by the queues stay in them
 * until the queues are released. The port and every queue count as
 * stopped even if the driver fails.
 *
 * @param port_id  The port.
 * @return 0 (also when it is not started); -ENODEV; or the driver's error.
 */
int fpk_eth_dev_stop(uint16_t port_id);
/**
 * Close a stopped port: release its queues, let the driver free the
 * device's resources, then release the port itself (FPK_ETH_EVENT_DESTROY
 * is raised and the callbacks registered for it are dropped). Its id is
 * free for a new port afterwards.
 *
 * @param port_id  The port.
 * @return 0; -ENODEV; -EBUSY if it is started; or the driver's close error
 *   (the port is released all the same).
 */
int fpk_eth_dev_close(uint16_t port_id);
/**
 * Reset a port's device to its state after probing: the port is stopped,
 * its queues released and its configuration dropped, then the driver
 * resets the device. Configure it and set up its queues again before
 * starting it.
 *
 * @param port_id  The port.
 * @return 0; -ENODEV; -ENOTSUP if the driver cannot reset (nothing is
 *   done); or the driver's error, from stopping (then nothing more is
 *   done) or from the reset.
 */
int fpk_eth_dev_reset(uint16_t port_id);
/**
 * Whether a port is started.
 *
 * @param port_id  The port.
 * @return 1 if it is started, 0 if not, -ENODEV.
 */
int fpk_eth_dev_is_started(uint16_t port_id);

/**
 * Start one receive queue of a started port: one set up with
 * rx_deferred_start, or one stopped by fpk_eth_dev_rx_queue_stop(). Nothing
 * is done when it is started already.
 *
 * @param port_id  The port.
 * @param rx_queue_id  The queue, configured and set up.
 * @return 0; -ENODEV; -EINVAL if the port is not started, or the queue is
 *   not configured or not set up (logged); -ENOTSUP if the driver cannot
 *   start a queue on its own; or the driver's error (the queue stays
 *   stopped).
 */
int fpk_eth_dev_rx_queue_start(uint16_t port_id, uint16_t rx_queue_id);
/**
 * Stop one receive queue; the other queues go on. The driver stops the
 * queue in the device; ethdev does not switch its bursts off, so poll the
 * queue no more (from any lcore) until it is started again, as in DPDK.
 * Nothing is done when it is stopped already, as every queue of a stopped
 * port is.
 *
 * @param port_id  The port.
 * @param rx_queue_id  The queue, configured and set up.
 * @return 0; -ENODEV; -EINVAL if the queue is not configured or not set up
 *   (logged); -ENOTSUP if the driver cannot stop a queue on its own; or
 *   the driver's error (the queue stays started).
 */
int fpk_eth_dev_rx_queue_stop(uint16_t port_id, uint16_t rx_queue_id);
/**
 * Start one transmit queue of a started port; as
 * fpk_eth_dev_rx_queue_start().
 *
 * @param port_id  The port.
 * @param tx_queue_id  The queue, configured and set up.
 * @return 0; -ENODEV; -EINVAL if the port is not started, or the queue is
 *   not configured or not set up (logged); -ENOTSUP if the driver cannot
 *   start a queue on its own; or the driver's error (the queue stays
 *   stopped).
 */
int fpk_eth_dev_tx_queue_start(uint16_t port_id, uint16_t tx_queue_id);
/**
 * Stop one transmit queue; as fpk_eth_dev_rx_queue_stop(): send nothing
 * more on it until it is started again.
 *
 * @param port_id  The port.
 * @param tx_queue_id  The queue, configured and set up.
 * @return 0; -ENODEV; -EINVAL if the queue is not configured or not set up
 *   (logged); -ENOTSUP if the driver cannot stop a queue on its own; or
 *   the driver's error (the queue stays started).
 */
int fpk_eth_dev_tx_queue_stop(uint16_t port_id, uint16_t tx_queue_id);
/**
 * Whether a receive queue is started: what DPDK reports as the queue_state
 * of rte_eth_rx_queue_info_get().
 *
 * @param port_id  The port.
 * @param rx_queue_id  The queue, configured and set up.
 * @return FPK_ETH_QUEUE_STATE_STARTED or FPK_ETH_QUEUE_STATE_STOPPED;
 *   -ENODEV; -EINVAL if the queue is not configured or not set up (logged).
 */
int fpk_eth_rx_queue_state(uint16_t port_id, uint16_t rx_queue_id);
/**
 * Whether a transmit queue is started; as fpk_eth_rx_queue_state().
 *
 * @param port_id  The port.
 * @param tx_queue_id  The queue, configured and set up.
 * @return FPK_ETH_QUEUE_STATE_STARTED or FPK_ETH_QUEUE_STATE_STOPPED;
 *   -ENODEV; -EINVAL if the queue is not configured or not set up (logged).
 */
int fpk_eth_tx_queue_state(uint16_t port_id, uint16_t tx_queue_id);

/** How an rx queue was set up, and its state (fpk_eth_rx_queue_info_get()). */
struct fpk_eth_rxq_info {
	struct fpk_mempool *mp;       /**< the pool its mbufs come from */
	struct fpk_eth_rxconf conf;   /**< as given to queue setup, or the port's default */
	uint8_t scattered_rx;         /**< 1 if a frame may span several mbufs */
	uint8_t queue_state;          /**< FPK_ETH_QUEUE_STATE_* */
	uint16_t nb_desc;             /**< descriptors, the default applied */
	uint16_t rx_buf_size;         /**< bytes of frame each mbuf takes (after its headroom) */
};

/** How a tx queue was set up, and its state (fpk_eth_tx_queue_info_get()). */
struct fpk_eth_txq_info {
	struct fpk_eth_txconf conf;   /**< as given to queue setup, or the port's default */
	uint16_t nb_desc;             /**< descriptors, the default applied */
	uint8_t queue_state;          /**< FPK_ETH_QUEUE_STATE_* */
};

/**
 * How a receive queue was set up, and whether it is started (DPDK's
 * rte_eth_rx_queue_info_get()). ethdev records it at queue setup, so every
 * driver answers.
 *
 * @param port_id  The port.
 * @param rx_queue_id  The queue, configured and set up.
 * @param[out] qinfo  Zeroed, then filled in.
 * @return 0; -EINVAL if @p qinfo is NULL, or the queue is not configured or
 *   not set up (logged); -ENODEV.
 */
int fpk_eth_rx_queue_info_get(uint16_t port_id, uint16_t rx_queue_id,
			      struct fpk_eth_rxq_info *qinfo);
/**
 * How a transmit queue was set up, and whether it is started; as
 * fpk_eth_rx_queue_info_get().
 *
 * @param port_id  The port.
 * @param tx_queue_id  The queue, configured and set up.
 * @param[out] qinfo  Zeroed, then filled in.
 * @return 0; -EINVAL if @p qinfo is NULL, or the queue is not configured or
 *   not set up (logged); -ENODEV.
 */
int fpk_eth_tx_queue_info_get(uint16_t port_id, uint16_t tx_queue_id,
			      struct fpk_eth_txq_info *qinfo);

/* ---- statistics ------------------------------------------------------- */

/**
 * Read a port's basic statistics: the driver's counters, and in rx_nombuf
 * the mbuf allocation failures of all its rx queues.
 *
 * @param port_id  The port.
 * @param[out] stats  Zeroed, then filled in.
 * @return 0; -EINVAL if @p stats is NULL; -ENODEV; or the driver's error.
 */
int fpk_eth_stats_get(uint16_t port_id, struct fpk_eth_stats *stats);
/**
 * Zero a port's basic statistics: the driver's counters and the rx mbuf
 * allocation failures.
 *
 * @param port_id  The port.
 * @return 0; -ENODEV; or the driver's error (the allocation failures are
 *   zeroed all the same).
 */
int fpk_eth_stats_reset(uint16_t port_id);
/**
 * Names of a port's extended statistics: first "rx_good_packets",
 * "tx_good_packets", "rx_good_bytes", "tx_good_bytes", "rx_missed_errors",
 * "rx_errors", "tx_errors" and "rx_mbuf_allocation_errors" (the basic
 * statistics), then "rx_qN_packets", "rx_qN_bytes" and "rx_qN_errors" for
 * each configured rx queue N, "tx_qN_packets" and "tx_qN_bytes" for each
 * tx queue, then the driver's own.
 *
 * @param port_id  The port.
 * @param[out] names  Room for @p size names, or NULL.
 * @param size  Room in @p names, in names.
 * @return The number of extended statistics (nothing is written when
 *   @p names is NULL or @p size is below it); -ENODEV; or the driver's
 *   error.
 */
int fpk_eth_xstats_get_names(uint16_t port_id, struct fpk_eth_xstat_name *names,
			     unsigned int size);
/**
 * Values of a port's extended statistics, in the order of their names.
 *
 * @param port_id  The port.
 * @param[out] xstats  Room for @p n values, or NULL; each gets its id (its
 *   position) and value.
 * @param n  Room in @p xstats, in values.
 * @return The number of extended statistics (nothing is written when
 *   @p xstats is NULL or @p n is below it); -ENODEV; or the driver's error
 *   (from its statistics or its extended statistics).
 */
int fpk_eth_xstats_get(uint16_t port_id, struct fpk_eth_xstat *xstats, unsigned int n);
/**
 * Read one extended statistic by name.
 *
 * @param port_id  The port.
 * @param[in] name  Its name, as fpk_eth_xstats_get_names() gives it.
 * @param[out] value  Its value.
 * @return 0; -EINVAL if @p name or @p value is NULL; -ENODEV; -ENOENT if
 *   the port has no statistic of that name; -ENOMEM; -EAGAIN if the
 *   values could not be read or their number changed meanwhile (queues
 *   reconfigured); or the driver's error from counting its own.
 */
int fpk_eth_xstats_get_by_name(uint16_t port_id, const char *name, uint64_t *value);
/**
 * Zero a port's extended statistics: the basic ones as fpk_eth_stats_reset()
 * does, then the driver's own.
 *
 * @param port_id  The port.
 * @return 0; -ENODEV; or the driver's error (the driver's own are not reset
 *   when resetting the basic ones failed).
 */
int fpk_eth_xstats_reset(uint16_t port_id);

/* ---- link, addresses, modes ------------------------------------------ */

/**
 * Get a port's link state without waiting: the driver refreshes it first.
 *
 * @param port_id  The port.
 * @param[out] link  The link state.
 * @return 0; -EINVAL if @p link is NULL; -ENODEV.
 */
int fpk_eth_link_get_nowait(uint16_t port_id, struct fpk_eth_link *link);
/**
 * Get a port's link state, waiting for the link to come up: it is polled
 * every 100 ms, 90 times at most (about 9 s), sleeping in between.
 *
 * @param port_id  The port.
 * @param[out] link  The link state, which may still be down.
 * @return 0 (whether the link came up or not); -EINVAL if @p link is NULL;
 *   -ENODEV.
 */
int fpk_eth_link_get(uint16_t port_id, struct fpk_eth_link *link);
/**
 * Describe a link state in text: "Link down", "Link up at 1 Gbps FDX
 * Autoneg", "Link up at 100 Mbps HDX Fixed", or "Link up at Unknown speed
 * FDX" when the speed is FPK_ETH_SPEED_NUM_NONE or
 * FPK_ETH_SPEED_NUM_UNKNOWN. Speeds from 1000 Mb/s on are given in whole
 * Gb/s, rounded down.
 *
 * @param[out] str  Room for @p len bytes; the text is NUL-terminated, and
 *   cut short if it does not fit.
 * @param len  Size of @p str, not 0.
 * @param[in] link  The link state.
 * @return The length of the whole text, as snprintf() counts it (@p len
 *   or more when it was cut short); -EINVAL if @p str or @p link is NULL
 *   or @p len is 0.
 */
int fpk_eth_link_to_str(char *str, size_t len, const struct fpk_eth_link *link);

/**
 * Have a function called when an event happens on a port. Callbacks run on
 * the EAL's interrupt thread or in the control path that noticed the
 * event, never in a burst call; those registered last are called first.
 * Registering the same callback twice makes it called twice. A port's
 * callbacks are dropped when the port is released.
 *
 * @param port_id  The port, or FPK_MAX_ETHPORTS for every port, present and
 *   future.
 * @param event  The event, FPK_ETH_EVENT_INTR_LSC to FPK_ETH_EVENT_DESTROY.
 * @param cb_fn  The callback, called as cb_fn(port, event, @p cb_arg,
 *   data of the event).
 * @param cb_arg  Its argument.
 * @return 0; -EINVAL if @p cb_fn is NULL, @p event is not an event or
 *   @p port_id names no port; -ENOMEM.
 */
int fpk_eth_dev_callback_register(uint16_t port_id, enum fpk_eth_event_type event,
				  fpk_eth_dev_cb_fn cb_fn, void *cb_arg);
/**
 * Remove a callback registered with the same four arguments (one of them,
 * if it was registered more than once). It may still run once if its
 * event is being dispatched on another thread.
 *
 * @param port_id  The port id given at registration (FPK_MAX_ETHPORTS
 *   included).
 * @param event  The event given at registration.
 * @param cb_fn  The callback.
 * @param cb_arg  Its argument.
 * @return 0; -EINVAL if @p cb_fn is NULL; -ENOENT if no such callback is
 *   registered.
 */
int fpk_eth_dev_callback_unregister(uint16_t port_id, enum fpk_eth_event_type event,
				    fpk_eth_dev_cb_fn cb_fn, void *cb_arg);

/**
 * Get a port's MAC address.
 *
 * @param port_id  The port.
 * @param[out] mac_addr  The address.
 * @return 0; -EINVAL if @p mac_addr is NULL; -ENODEV.
 */
int fpk_eth_macaddr_get(uint16_t port_id, struct fpk_ether_addr *mac_addr);
/**
 * Change a port's MAC address; fpk_eth_macaddr_get() returns it once the
 * driver has taken it.
 *
 * @param port_id  The port.
 * @param[in] mac_addr  The address: unicast and not all zeros.
 * @return 0; -ENODEV; -EINVAL if @p mac_addr is NULL or not such an
 *   address; -ENOTSUP if the driver cannot change it; or the driver's
 *   error.
 */
int fpk_eth_dev_default_mac_addr_set(uint16_t port_id, struct fpk_ether_addr *mac_addr);
/**
 * Replace the list of multicast addresses a port receives besides
 * broadcast (DPDK's rte_eth_dev_set_mc_addr_list()): the whole list is
 * given each time, and the port filters on it until the next call. Frames
 * to other multicast addresses are dropped unless all-multicast or
 * promiscuous mode is on. The port may be started or not; the driver keeps
 * the list across stop and start.
 *
 * @param port_id  The port.
 * @param[in] mc_addr_set  @p nb_mc_addr multicast addresses (the low bit
 *   of the first byte set); NULL when @p nb_mc_addr is 0.
 * @param nb_mc_addr  Their number; 0 empties the list.
 * @return 0; -ENODEV; -EINVAL if @p mc_addr_set is NULL while
 *   @p nb_mc_addr is not 0, an address is not multicast (logged), or the
 *   list is longer than the driver's filter table holds (logged by the
 *   driver); -ENOTSUP if the driver has no multicast filter; or the
 *   driver's error. On failure the previous list stays in force.
 */
int fpk_eth_dev_set_mc_addr_list(uint16_t port_id, const struct fpk_ether_addr *mc_addr_set,
				 uint32_t nb_mc_addr);

/**
 * Turn promiscuous mode on: receive frames whatever their destination
 * address. Nothing is done when it is on already.
 *
 * @param port_id  The port.
 * @return 0; -ENODEV; -ENOTSUP if the driver does not support it; or the
 *   driver's error.
 */
int fpk_eth_promiscuous_enable(uint16_t port_id);
/**
 * Turn promiscuous mode off. Nothing is done when it is off already.
 *
 * @param port_id  The port.
 * @return 0; -ENODEV; -ENOTSUP if the driver does not support it; or the
 *   driver's error.
 */
int fpk_eth_promiscuous_disable(uint16_t port_id);
/**
 * Whether promiscuous mode is on.
 *
 * @param port_id  The port.
 * @return 1 if it is on, 0 if off, -ENODEV.
 */
int fpk_eth_promiscuous_get(uint16_t port_id);
/**
 * Turn all-multicast mode on: receive every multicast frame. Nothing is
 * done when it is on already.
 *
 * @param port_id  The port.
 * @return 0; -ENODEV; -ENOTSUP if the driver does not support it; or the
 *   driver's error.
 */
int fpk_eth_allmulticast_enable(uint16_t port_id);
/**
 * Turn all-multicast mode off. Nothing is done when it is off already.
 *
 * @param port_id  The port.
 * @return 0; -ENODEV; -ENOTSUP if the driver does not support it; or the
 *   driver's error.
 */
int fpk_eth_allmulticast_disable(uint16_t port_id);
/**
 * Whether all-multicast mode is on.
 *
 * @param port_id  The port.
 * @return 1 if it is on, 0 if off, -ENODEV.
 */
int fpk_eth_allmulticast_get(uint16_t port_id);

/**
 * Bring a port's link up by hand, after fpk_eth_dev_set_link_down(): the
 * started port passes traffic again where the device cannot do without a
 * link. Link status events follow as the driver raises them.
 *
 * @param port_id  The port.
 * @return 0; -ENODEV; -ENOTSUP if the driver cannot set its link (the
 *   hardware drivers); or the driver's error.
 */
int fpk_eth_dev_set_link_up(uint16_t port_id);
/**
 * Take a port's link down by hand, the port staying started and configured
 * (a test of how the application copes with a lost link).
 *
 * @param port_id  The port.
 * @return 0; -ENODEV; -ENOTSUP if the driver cannot set its link; or the
 *   driver's error.
 */
int fpk_eth_dev_set_link_down(uint16_t port_id);

/**
 * Change a port's MTU; fpk_eth_dev_get_mtu() returns it once the driver
 * has taken it.
 *
 * @param port_id  The port.
 * @param mtu  The MTU, within dev_info's min_mtu to max_mtu.
 * @return 0; -ENODEV; -EINVAL if @p mtu is out of that range (logged);
 *   -ENOTSUP if the driver cannot change it; or the driver's error.
 */
int fpk_eth_dev_set_mtu(uint16_t port_id, uint16_t mtu);
/**
 * Get a port's MTU.
 *
 * @param port_id  The port.
 * @param[out] mtu  The MTU.
 * @return 0; -EINVAL if @p mtu is NULL; -ENODEV.
 */
int fpk_eth_dev_get_mtu(uint16_t port_id, uint16_t *mtu);

/* ---- receive side scaling (RSS) -------------------------------------- */

/**
 * Change entries of a port's RSS redirection table, started or not. The
 * port must be configured with FPK_ETH_MQ_RX_RSS.
 *
 * @param port_id  The port.
 * @param[in] reta_conf  (@p reta_size + 63) / 64 groups; the entries whose
 *   mask bit is set are written, each naming a configured rx queue.
 * @param reta_size  The size of the port's table, dev_info.reta_size.
 * @return 0; -ENODEV; -EINVAL if @p reta_conf is NULL, @p reta_size is not
 *   the port's, no mask bit is set, or an entry written names a queue at
 *   or above the configured number of rx queues; -ENOTSUP if the port has
 *   no redirection table (dev_info.reta_size is 0), is not in RSS mode, or
 *   its driver cannot change the table; or the driver's error. Each
 *   refusal is logged.
 */
int fpk_eth_dev_rss_reta_update(uint16_t port_id, struct fpk_eth_rss_reta_entry64 *reta_conf,
				uint16_t reta_size);
/**
 * Read entries of a port's RSS redirection table.
 *
 * @param port_id  The port.
 * @param[in,out] reta_conf  (@p reta_size + 63) / 64 groups; the entries
 *   whose mask bit is set are filled in, the others left alone.
 * @param reta_size  The size of the port's table, dev_info.reta_size.
 * @return 0; -ENODEV; -EINVAL if @p reta_conf is NULL, @p reta_size is not
 *   the port's or no mask bit is set; -ENOTSUP if the port has no
 *   redirection table or its driver cannot read it; or the driver's
 *   error. Each refusal is logged.
 */
int fpk_eth_dev_rss_reta_query(uint16_t port_id, struct fpk_eth_rss_reta_entry64 *reta_conf,
			       uint16_t reta_size);
/**
 * Change a port's RSS hash, started or not: the fields hashed and,
 * optionally, the key. The port must be configured with FPK_ETH_MQ_RX_RSS.
 * ethdev keeps what the driver took (the key copied), for
 * fpk_eth_dev_rss_hash_conf_get().
 *
 * @param port_id  The port.
 * @param[in] rss_conf  rss_hf: the fields, within
 *   dev_info.flow_type_rss_offloads (0 turns hashing off); rss_key: NULL to
 *   keep the current key, or a key of dev_info.hash_key_size bytes.
 * @return 0; -ENODEV; -EINVAL if @p rss_conf is NULL, rss_hf has a field
 *   the port cannot hash or the key's length is not the port's; -ENOTSUP if
 *   the port has no RSS hash (dev_info.hash_key_size is 0), is not in RSS
 *   mode, or its driver cannot change the hash; or the driver's error (the
 *   previous configuration stays on record). Each refusal is logged.
 */
int fpk_eth_dev_rss_hash_update(uint16_t port_id, struct fpk_eth_rss_conf *rss_conf);
/**
 * Read a port's RSS hash configuration: from the driver when it can read
 * it, else what ethdev keeps: the configuration of the last successful
 * fpk_eth_dev_configure() or fpk_eth_dev_rss_hash_update() (zeros for a
 * port not in RSS mode). A driver's default key is then unknown: if no key
 * was ever given, rss_key_len is set to 0 and no key byte is written.
 *
 * @param port_id  The port.
 * @param[in,out] rss_conf  rss_hf is set; so is the key, when rss_key is
 *   not NULL: rss_key_len must then be at least dev_info.hash_key_size, and
 *   is set to the number of bytes written.
 * @return 0; -ENODEV; -EINVAL if @p rss_conf is NULL or rss_key_len is too
 *   small for the key; -ENOTSUP if the port has no RSS hash
 *   (dev_info.hash_key_size is 0); or the driver's error. Each refusal is
 *   logged.
 */
int fpk_eth_dev_rss_hash_conf_get(uint16_t port_id, struct fpk_eth_rss_conf *rss_conf);

#ifdef __cplusplus
}
#endif

#endif /* FPK_ETHDEV_H */
