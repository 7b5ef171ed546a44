/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * net_ring: ethdev ports whose queues are rings.
 *
 * Each queue of such a port is an FPK ring of mbuf pointers, for
 * connecting parts of one application through the ethdev API (and for
 * testing without a NIC). Like DPDK's rte_eth_from_rings(). Ports can also
 * be made with `--vdev` net_ringN.
 */
#ifndef FPK_ETH_RING_H
#define FPK_ETH_RING_H

#include "fpk_ring.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Create a port whose rx queue i dequeues from rx_rings[i] and whose tx
 * queue i enqueues to tx_rings[i]. The rings stay the caller's: closing
 * the port does not free them. Each ring's producer/consumer mode (SP/SC
 * or MP/MC, chosen at ring creation) must match how many lcores use the
 * queue.
 *
 * The port can then be configured with up to @p nb_rx_queues rx and
 * @p nb_tx_queues tx queues; rx queue setup still needs a mempool (ethdev
 * requires one) but the port never allocates from it.
 *
 * @param[in] name  The port's name, unique among ports.
 * @param[in] rx_rings  @p nb_rx_queues rings (may be NULL if that is 0).
 * @param nb_rx_queues  Number of rx rings, at most FPK_MAX_QUEUES_PER_PORT.
 * @param[in] tx_rings  @p nb_tx_queues rings (may be NULL if that is 0).
 * @param nb_tx_queues  Number of tx rings, at most FPK_MAX_QUEUES_PER_PORT.
 * @param numa_node  NUMA node reported for the port, or FPK_SOCKET_ID_ANY.
 * @return The port id (>= 0), or a negative errno:
 *   - -EINVAL: NULL, empty or too long @p name; a NULL array or ring;
 *     more than FPK_MAX_QUEUES_PER_PORT rings on a side; no ring at all;
 *   - -EEXIST: a port has that name;
 *   - -ENOSPC: all ports are in use;
 *   - -ENOMEM.
 */
int fpk_eth_from_rings(const char *name, struct fpk_ring *const rx_rings[],
		       unsigned int nb_rx_queues, struct fpk_ring *const tx_rings[],
		       unsigned int nb_tx_queues, int numa_node);

#ifdef __cplusplus
}
#endif

#endif /* FPK_ETH_RING_H */
