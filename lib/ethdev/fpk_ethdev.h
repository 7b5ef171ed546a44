/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The port API applications use: configure a port's queues, start it, move
 * packets with fpk_eth_rx_burst()/fpk_eth_tx_burst(), read statistics and
 * link state. Shaped like DPDK's rte_ethdev so its users feel at home.
 *
 * The burst functions are inline and reach the driver through one pointer
 * per call, from the per-port fast-path table fpk_eth_fp_ops[]; nothing in
 * them locks, allocates or makes a system call.
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

#define FPK_MAX_ETHPORTS 32
#define FPK_MAX_QUEUES_PER_PORT 16
#define FPK_ETH_NAME_MAX_LEN 64
#define FPK_ETH_XSTATS_NAME_SIZE 64

/* Link speeds in Mb/s. */
#define FPK_ETH_SPEED_NUM_NONE 0
#define FPK_ETH_SPEED_NUM_10M 10
#define FPK_ETH_SPEED_NUM_100M 100
#define FPK_ETH_SPEED_NUM_1G 1000
#define FPK_ETH_SPEED_NUM_10G 10000
#define FPK_ETH_SPEED_NUM_25G 25000
#define FPK_ETH_SPEED_NUM_100G 100000
#define FPK_ETH_SPEED_NUM_UNKNOWN UINT32_MAX

#define FPK_ETH_LINK_HALF_DUPLEX 0
#define FPK_ETH_LINK_FULL_DUPLEX 1
#define FPK_ETH_LINK_DOWN 0
#define FPK_ETH_LINK_UP 1

struct fpk_eth_link {
	uint32_t link_speed;       /**< FPK_ETH_SPEED_NUM_* */
	uint16_t link_duplex : 1;  /**< FPK_ETH_LINK_*_DUPLEX */
	uint16_t link_autoneg : 1;
	uint16_t link_status : 1;  /**< FPK_ETH_LINK_UP/DOWN */
} __fpk_aligned(8);

/* Receive offloads (fpk_eth_conf.rxmode.offloads, dev_info.rx_offload_capa). */
#define FPK_ETH_RX_OFFLOAD_IPV4_CKSUM (UINT64_C(1) << 1)
#define FPK_ETH_RX_OFFLOAD_UDP_CKSUM  (UINT64_C(1) << 2)
#define FPK_ETH_RX_OFFLOAD_TCP_CKSUM  (UINT64_C(1) << 3)
#define FPK_ETH_RX_OFFLOAD_SCATTER    (UINT64_C(1) << 13)
#define FPK_ETH_RX_OFFLOAD_RSS_HASH   (UINT64_C(1) << 19)
/* Transmit offloads. */
#define FPK_ETH_TX_OFFLOAD_IPV4_CKSUM (UINT64_C(1) << 1)
#define FPK_ETH_TX_OFFLOAD_UDP_CKSUM  (UINT64_C(1) << 2)
#define FPK_ETH_TX_OFFLOAD_TCP_CKSUM  (UINT64_C(1) << 3)
#define FPK_ETH_TX_OFFLOAD_MULTI_SEGS (UINT64_C(1) << 15)
#define FPK_ETH_TX_OFFLOAD_MBUF_FAST_FREE (UINT64_C(1) << 16)

/* RSS hash fields (fpk_eth_rss_conf.rss_hf). */
#define FPK_ETH_RSS_IPV4             (UINT64_C(1) << 2)
#define FPK_ETH_RSS_NONFRAG_IPV4_TCP (UINT64_C(1) << 4)
#define FPK_ETH_RSS_NONFRAG_IPV4_UDP (UINT64_C(1) << 5)
#define FPK_ETH_RSS_IPV6             (UINT64_C(1) << 8)
#define FPK_ETH_RSS_NONFRAG_IPV6_TCP (UINT64_C(1) << 10)
#define FPK_ETH_RSS_NONFRAG_IPV6_UDP (UINT64_C(1) << 11)
#define FPK_ETH_RSS_IP (FPK_ETH_RSS_IPV4 | FPK_ETH_RSS_IPV6)
#define FPK_ETH_RSS_UDP (FPK_ETH_RSS_NONFRAG_IPV4_UDP | FPK_ETH_RSS_NONFRAG_IPV6_UDP)
#define FPK_ETH_RSS_TCP (FPK_ETH_RSS_NONFRAG_IPV4_TCP | FPK_ETH_RSS_NONFRAG_IPV6_TCP)

enum fpk_eth_rx_mq_mode {
	FPK_ETH_MQ_RX_NONE = 0,
	FPK_ETH_MQ_RX_RSS,
};

struct fpk_eth_rss_conf {
	uint8_t *rss_key;      /**< NULL: the driver's default key */
	uint8_t rss_key_len;
	uint64_t rss_hf;       /**< FPK_ETH_RSS_* fields to hash */
};

struct fpk_eth_conf {
	struct {
		enum fpk_eth_rx_mq_mode mq_mode;
		uint32_t mtu;      /**< 0: keep the current MTU (default 1500) */
		uint64_t offloads; /**< FPK_ETH_RX_OFFLOAD_* */
	} rxmode;
	struct {
		uint64_t offloads; /**< FPK_ETH_TX_OFFLOAD_* */
	} txmode;
	struct {
		struct fpk_eth_rss_conf rss_conf;
	} rx_adv_conf;
	struct {
		uint32_t lsc : 1;  /**< deliver link-state changes as events */
		uint32_t rxq : 1;  /**< rx interrupts (not yet supported) */
	} intr_conf;
	uint32_t link_speeds;  /**< 0: autonegotiate */
};

struct fpk_eth_rxconf {
	uint16_t rx_free_thresh;  /**< refill descriptors in batches of this many */
	uint8_t rx_drop_en;
	uint64_t offloads;
};

struct fpk_eth_txconf {
	uint16_t tx_free_thresh;  /**< reclaim sent buffers when fewer are free */
	uint16_t tx_rs_thresh;
	uint64_t offloads;
};

struct fpk_eth_desc_lim {
	uint16_t nb_max;
	uint16_t nb_min;
	uint16_t nb_align;
};

struct fpk_eth_dev_info {
	const char *driver_name;
	const char *device_name;       /**< e.g. "0000:00:02.0" or "net_null0" */
	uint16_t min_mtu;
	uint16_t max_mtu;
	uint32_t min_rx_bufsize;
	uint32_t max_rx_pktlen;
	uint16_t max_rx_queues;
	uint16_t max_tx_queues;
	uint32_t max_mac_addrs;
	uint64_t rx_offload_capa;
	uint64_t tx_offload_capa;
	uint64_t flow_type_rss_offloads;
	uint16_t reta_size;
	uint8_t hash_key_size;
	struct fpk_eth_rxconf default_rxconf;
	struct fpk_eth_txconf default_txconf;
	struct fpk_eth_desc_lim rx_desc_lim;
	struct fpk_eth_desc_lim tx_desc_lim;
	uint32_t speed_capa;
	uint16_t nb_rx_queues;         /**< configured */
	uint16_t nb_tx_queues;
	int numa_node;
	uint64_t dev_capa;
};

struct fpk_eth_stats {
	uint64_t ipackets;
	uint64_t opackets;
	uint64_t ibytes;
	uint64_t obytes;
	uint64_t imissed;    /**< dropped by the device: no descriptor was free */
	uint64_t ierrors;    /**< received with errors */
	uint64_t oerrors;    /**< failed transmissions */
	uint64_t rx_nombuf;  /**< rx buffer allocation failures */
	uint64_t q_ipackets[FPK_MAX_QUEUES_PER_PORT];
	uint64_t q_opackets[FPK_MAX_QUEUES_PER_PORT];
	uint64_t q_ibytes[FPK_MAX_QUEUES_PER_PORT];
	uint64_t q_obytes[FPK_MAX_QUEUES_PER_PORT];
	uint64_t q_errors[FPK_MAX_QUEUES_PER_PORT];
};

struct fpk_eth_xstat {
	uint64_t id;
	uint64_t value;
};

struct fpk_eth_xstat_name {
	char name[FPK_ETH_XSTATS_NAME_SIZE];
};

enum fpk_eth_event_type {
	FPK_ETH_EVENT_UNKNOWN,
	FPK_ETH_EVENT_INTR_LSC,   /**< link state changed */
	FPK_ETH_EVENT_INTR_RESET, /**< the device asks to be reset */
	FPK_ETH_EVENT_NEW,        /**< port created */
	FPK_ETH_EVENT_DESTROY,    /**< port about to be released */
	FPK_ETH_EVENT_MAX,
};

typedef int (*fpk_eth_dev_cb_fn)(uint16_t port_id, enum fpk_eth_event_type event,
				 void *cb_arg, void *ret_param);

/* ---- fast path ------------------------------------------------------- */

typedef uint16_t (*fpk_eth_rx_burst_t)(void *rxq, struct fpk_mbuf **pkts, uint16_t n);
typedef uint16_t (*fpk_eth_tx_burst_t)(void *txq, struct fpk_mbuf **pkts, uint16_t n);

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

extern struct fpk_eth_fp_ops fpk_eth_fp_ops[FPK_MAX_ETHPORTS];

/**
 * Receive up to @nb_pkts packets from queue @queue_id of @port_id into
 * @rx_pkts. The caller owns the returned mbufs.
 * @return the number received (0 .. nb_pkts). No error codes: invalid
 *   ports/queues are only checked in debug builds (then 0 is returned).
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
 * Queue up to @nb_pkts packets for transmission on @queue_id of @port_id.
 * The driver owns (and frees) the mbufs it accepted; the caller keeps the
 * rest, tx_pkts[ret .. nb_pkts-1], to retry or free.
 * @return the number accepted.
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

typedef void (*fpk_eth_tx_buffer_error_fn)(struct fpk_mbuf **unsent, uint16_t count,
					   void *userdata);

/** Packets gathered for one tx queue until a burst is full or flushed. */
struct fpk_eth_dev_tx_buffer {
	fpk_eth_tx_buffer_error_fn error_callback;
	void *error_userdata;
	uint16_t size;   /**< capacity in packets */
	uint16_t length; /**< packets held */
	struct fpk_mbuf *pkts[];
};

#define FPK_ETH_TX_BUFFER_SIZE(sz) \
	(sizeof(struct fpk_eth_dev_tx_buffer) + (sz) * sizeof(struct fpk_mbuf *))

/**
 * Initialise a buffer allocated with FPK_ETH_TX_BUFFER_SIZE(@size) bytes.
 * Unsent packets are freed by default (fpk_eth_tx_buffer_drop_callback).
 * @return 0, or -EINVAL.
 */
int fpk_eth_tx_buffer_init(struct fpk_eth_dev_tx_buffer *buffer, uint16_t size);
/** Set what happens to packets the device would not take. @return 0 or -EINVAL. */
int fpk_eth_tx_buffer_set_err_callback(struct fpk_eth_dev_tx_buffer *buffer,
				       fpk_eth_tx_buffer_error_fn callback, void *userdata);
/** Free the unsent packets (the default). */
void fpk_eth_tx_buffer_drop_callback(struct fpk_mbuf **pkts, uint16_t unsent, void *userdata);
/** Free the unsent packets and add their number to *(uint64_t *)userdata. */
void fpk_eth_tx_buffer_count_callback(struct fpk_mbuf **pkts, uint16_t unsent,
				      void *userdata);

/** Send what is buffered. @return packets sent. */
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

/** Add @pkt; send the whole buffer when it is full. @return packets sent now. */
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

/** Ports in use (created and not released). */
uint16_t fpk_eth_dev_count_avail(void);
/** Next valid port at or after @port_id; FPK_MAX_ETHPORTS when none. */
uint16_t fpk_eth_find_next(uint16_t port_id);
#define FPK_ETH_FOREACH_DEV(p) \
	for ((p) = fpk_eth_find_next(0); (p) < FPK_MAX_ETHPORTS; (p) = fpk_eth_find_next((p) + 1))

/** @return 1 if @port_id names a port in use, else 0. */
int fpk_eth_dev_is_valid_port(uint16_t port_id);
/** @return 0, -EINVAL (NULL), -ENODEV (no such name). */
int fpk_eth_dev_get_port_by_name(const char *name, uint16_t *port_id);
/** Copy the port's name into @name (FPK_ETH_NAME_MAX_LEN bytes). @return 0, -ENODEV, -EINVAL. */
int fpk_eth_dev_get_name_by_port(uint16_t port_id, char *name);
/** NUMA node of the device, or FPK_SOCKET_ID_ANY (-1) if unknown; -EINVAL if no port. */
int fpk_eth_dev_socket_id(uint16_t port_id);

/** @return 0, -ENODEV, -EINVAL (NULL @info). */
int fpk_eth_dev_info_get(uint16_t port_id, struct fpk_eth_dev_info *info);

/**
 * Set the number of queues and the port configuration. The port must be
 * stopped. Queues set up before are released when their count changes.
 * @return 0; -ENODEV; -EBUSY (started); -EINVAL (queue counts above
 *   dev_info limits or 0 for both, MTU out of range, an offload or RSS field
 *   the device cannot do: the log says which); or the driver's error.
 */
int fpk_eth_dev_configure(uint16_t port_id, uint16_t nb_rx_queue, uint16_t nb_tx_queue,
			  const struct fpk_eth_conf *conf);

/**
 * Set up receive queue @rx_queue_id with @nb_rx_desc descriptors on NUMA node
 * @socket_id, filling it with mbufs from @mb_pool. @rx_conf NULL: defaults.
 * @return 0; -ENODEV; -EBUSY (port started); -EINVAL (queue id not
 *   configured, descriptor count outside dev_info.rx_desc_lim, NULL pool,
 *   buffers smaller than dev_info.min_rx_bufsize); -ENOMEM.
 */
int fpk_eth_rx_queue_setup(uint16_t port_id, uint16_t rx_queue_id, uint16_t nb_rx_desc,
			   unsigned int socket_id, const struct fpk_eth_rxconf *rx_conf,
			   struct fpk_mempool *mb_pool);
/** As fpk_eth_rx_queue_setup() for a transmit queue. */
int fpk_eth_tx_queue_setup(uint16_t port_id, uint16_t tx_queue_id, uint16_t nb_tx_desc,
			   unsigned int socket_id, const struct fpk_eth_txconf *tx_conf);

/**
 * Start the port: every configured queue must be set up.
 * @return 0 (also when already started); -ENODEV; -EINVAL (not configured,
 *   or a queue not set up: the log names it); the driver's error.
 */
int fpk_eth_dev_start(uint16_t port_id);
/**
 * Stop the port: rx/tx stop, the device no longer touches queue memory,
 * buffers held by queues stay in them until release. @return 0, -ENODEV.
 */
int fpk_eth_dev_stop(uint16_t port_id);
/**
 * Release the port's queues and the port itself (the id becomes free).
 * Stop it first. @return 0, -ENODEV, -EBUSY (still started).
 */
int fpk_eth_dev_close(uint16_t port_id);
/**
 * Reset the device to its state after probing; it must be configured again.
 * @return 0, -ENODEV, -ENOTSUP (driver cannot reset), the driver's error.
 */
int fpk_eth_dev_reset(uint16_t port_id);
/** @return 1 if started, 0 if not, -ENODEV. */
int fpk_eth_dev_is_started(uint16_t port_id);

/* ---- statistics ------------------------------------------------------- */

/** @return 0, -ENODEV, -EINVAL (NULL). */
int fpk_eth_stats_get(uint16_t port_id, struct fpk_eth_stats *stats);
/** @return 0, -ENODEV. */
int fpk_eth_stats_reset(uint16_t port_id);
/**
 * Names of the extended statistics. With @names NULL or @size too small,
 * returns the number needed without writing.
 * @return number of xstats, or -ENODEV.
 */
int fpk_eth_xstats_get_names(uint16_t port_id, struct fpk_eth_xstat_name *names,
			     unsigned int size);
/** Values, in the same order as the names. @return as fpk_eth_xstats_get_names(). */
int fpk_eth_xstats_get(uint16_t port_id, struct fpk_eth_xstat *xstats, unsigned int n);
/** Value of the xstat named @name. @return 0, -ENODEV, -ENOENT. */
int fpk_eth_xstats_get_by_name(uint16_t port_id, const char *name, uint64_t *value);
/** @return 0, -ENODEV. */
int fpk_eth_xstats_reset(uint16_t port_id);

/* ---- link, addresses, modes ------------------------------------------ */

/** Current link state, without waiting. @return 0, -ENODEV, -EINVAL. */
int fpk_eth_link_get_nowait(uint16_t port_id, struct fpk_eth_link *link);
/** Link state, waiting up to 9 s for the link to come up. @return as above. */
int fpk_eth_link_get(uint16_t port_id, struct fpk_eth_link *link);
/** "Link up at 1 Gbps FDX Autoneg" / "Link down". @return chars written or -EINVAL. */
int fpk_eth_link_to_str(char *str, size_t len, const struct fpk_eth_link *link);

/**
 * Call @cb_fn(port, event, @cb_arg, param) when @event happens on @port_id
 * (FPK_MAX_ETHPORTS: on every port). Callbacks run in the interrupt thread
 * or in the control path that noticed the event, never on the fast path.
 * @return 0, -EINVAL, -ENOMEM.
 */
int fpk_eth_dev_callback_register(uint16_t port_id, enum fpk_eth_event_type event,
				  fpk_eth_dev_cb_fn cb_fn, void *cb_arg);
/** @return 0, -EINVAL, -ENOENT. */
int fpk_eth_dev_callback_unregister(uint16_t port_id, enum fpk_eth_event_type event,
				    fpk_eth_dev_cb_fn cb_fn, void *cb_arg);

/** @return 0, -ENODEV, -EINVAL. */
int fpk_eth_macaddr_get(uint16_t port_id, struct fpk_ether_addr *mac_addr);
/** @return 0, -ENODEV, -EINVAL (not a unicast address), -ENOTSUP, driver error. */
int fpk_eth_dev_default_mac_addr_set(uint16_t port_id, struct fpk_ether_addr *mac_addr);

/** @return 0, -ENODEV, -ENOTSUP, driver error. */
int fpk_eth_promiscuous_enable(uint16_t port_id);
int fpk_eth_promiscuous_disable(uint16_t port_id);
/** @return 1 on, 0 off, -ENODEV. */
int fpk_eth_promiscuous_get(uint16_t port_id);
int fpk_eth_allmulticast_enable(uint16_t port_id);
int fpk_eth_allmulticast_disable(uint16_t port_id);
int fpk_eth_allmulticast_get(uint16_t port_id);

/** @return 0, -ENODEV, -EINVAL (outside dev_info min/max_mtu), -ENOTSUP, driver error. */
int fpk_eth_dev_set_mtu(uint16_t port_id, uint16_t mtu);
/** @return 0, -ENODEV, -EINVAL. */
int fpk_eth_dev_get_mtu(uint16_t port_id, uint16_t *mtu);

#ifdef __cplusplus
}
#endif

#endif /* FPK_ETHDEV_H */
